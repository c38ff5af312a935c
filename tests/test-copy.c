/* A copy of the project for one reviewer: everything a later merge
 * matches by, a reproducible random sample, a blind copy without anyone's
 * codings and memos, and the file written whole or not at all. */
#define G_LOG_DOMAIN "test-copy"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "intake-file.h"
#include "intake-project.h"

#define N_MESSAGES 24
/* Two codes of the default codebook, by GUID. */
#define WHOLE_CODE_GUID   "baa7c915-7b46-404d-8053-a55278fb5cac"
#define EXCERPT_CODE_GUID "c24fce3a-eb58-4605-a51d-55f8c80819f7"
#define MEMO_TEXT "Amina's private memo: zebra-quokka"

typedef struct
{
  char          *dir;
  char          *path;
  IntakeProject *project;
  GArray        *ids;       /* in list order */
} Fixture;

/* N_MESSAGES messages, the first first or last first. */
static char *
make_mailbox (gboolean reversed)
{
  GString *mbox = g_string_new (NULL);

  for (int k = 0; k < N_MESSAGES; k++)
    {
      int i = reversed ? N_MESSAGES - 1 - k : k;

      g_string_append_printf (mbox,
                              "From p%d@example.org Mon Apr 19 14:00:00 2021\n"
                              "From: Person %d <p%d@example.org>\n"
                              "Subject: Submission %d\n"
                              "Message-ID: <copy-%02d@example.org>\n"
                              "Date: Mon, %d Apr 2021 14:00:00 +0000\n\n"
                              "The officer at school number %d knows every student.\n",
                              i, i, i, i, i, 1 + i, i);
      /* Long enough that a sample leaves pages free, if nothing compacts it. */
      for (int line = 0; line < 60; line++)
        g_string_append (mbox, "Counsellors and social workers would help our students more than police.\n");
      g_string_append_c (mbox, '\n');
    }

  return g_string_free (mbox, FALSE);
}

static IntakeProject *
open_project (const char *dir,
              const char *name,
              gboolean    reversed,
              char      **out_path)
{
  g_autofree char *mbox_path = g_build_filename (dir, reversed ? "reversed.mbox" : "inbox.mbox", NULL);
  g_autofree char *mbox = make_mailbox (reversed);
  g_autoptr(GFile) file = g_file_new_for_path (mbox_path);
  g_autoptr(IntakeImporter) importer = NULL;
  g_autoptr(IntakeImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  IntakeProject *project;

  *out_path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (mbox_path, mbox, -1, NULL));
  project = intake_project_open (*out_path, &error);
  g_assert_no_error (error);

  importer = intake_importer_new (intake_project_get_store (project));
  summary = intake_importer_import_sync (importer, &file, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->imported, ==, N_MESSAGES);

  return project;
}

static void
code (IntakeProject *project,
      const char    *reviewer,
      gint64         id,
      const char    *code_guid,
      int            start,
      int            end)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (intake_project_set_reviewer (project, reviewer, &error));
  g_assert_true (intake_project_add_coding (project, id, code_guid, start, end, NULL, &error));
  g_assert_no_error (error);
}

/* Amina codes submissions 0–3 and writes a memo on 0; Ben codes 2–5 and
 * flags 4 for safeguarding; 6 is excluded and 7 marked coded. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  IntakeStore *store;

  fixture->dir = g_dir_make_tmp ("intake-copy-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->project = open_project (fixture->dir, "p.intake", FALSE, &fixture->path);
  store = intake_project_get_store (fixture->project);
  fixture->ids = intake_store_list_ids (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->ids->len, ==, N_MESSAGES);

#define ID(i) g_array_index (fixture->ids, gint64, (i))
  for (int i = 0; i < 4; i++)
    code (fixture->project, "Amina", ID (i), WHOLE_CODE_GUID, -1, -1);
  code (fixture->project, "Amina", ID (1), EXCERPT_CODE_GUID, 4, 11);
  g_assert_true (intake_project_set_memo (fixture->project, ID (0), MEMO_TEXT, &error));
  for (int i = 2; i < 6; i++)
    code (fixture->project, "Ben", ID (i), EXCERPT_CODE_GUID, 0, 3);
  g_assert_true (intake_project_set_flag (fixture->project, ID (4), INTAKE_SAFEGUARDING_FLAG_GUID, TRUE, &error));
  g_assert_true (intake_project_set_attribute (fixture->project, ID (5), INTAKE_ATTRIBUTE_SCHOOL_BOARD,
                                               "FrancoSud", &error));
  g_assert_true (intake_project_set_status (fixture->project, ID (6), INTAKE_STATUS_EXCLUDED, &error));
  g_assert_true (intake_project_set_status (fixture->project, ID (7), INTAKE_STATUS_CODED, &error));
  g_assert_no_error (error);
#undef ID
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->project);
  remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
  g_array_unref (fixture->ids);
}

/* Reading the copy */

static gint64
count (const char *path,
       const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* One text of a query's rows, sorted, joined by spaces. */
static char *
rows (const char *path,
      const char *sql)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (values, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  g_ptr_array_sort (values, compare_strings);
  g_ptr_array_add (values, NULL);
  return g_strjoinv (" ", (char **) values->pdata);
}

static char *
copy_path (Fixture    *fixture,
           const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

static void
write_copy (IntakeProject           *project,
            const char              *path,
            const IntakeCopyOptions *options,
            IntakeCopySummary       *summary)
{
  g_autoptr(IntakeStore) reader = NULL;
  g_autoptr(GError) error = NULL;

  reader = intake_store_open_another (intake_project_get_store (project), &error);
  g_assert_no_error (error);
  g_assert_true (intake_store_write_copy (reader, path, options, NULL, NULL, summary, NULL, &error));
  g_assert_no_error (error);
}

static char *
digest (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

/* No temporary ("copy.intake.XXXXXX") nor its journal is left in the folder. */
static void
assert_no_temporaries (Fixture *fixture)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (strstr (name, ".intake.") != NULL || g_str_has_suffix (name, "-journal"))
      g_error ("Left behind: %s", name);
}

/* Tests */

static void
test_copy_all (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *path = copy_path (fixture, "copy.intake");
  IntakeCopyOptions options = { 0, };
  IntakeCopySummary summary = { 0, };
  g_autofree char *project_keys = NULL, *copy_keys = NULL;
  g_autofree char *project_reviewers = NULL, *copy_reviewers = NULL;
  g_autofree char *project_codes = NULL, *copy_codes = NULL;
  g_autofree char *project_codings = NULL, *copy_codings = NULL;
  const char *keys = "SELECT coalesce(message_id, content_hash) || ' ' || status FROM submissions";
  const char *reviewers = "SELECT guid || ' ' || name FROM reviewers";
  const char *codes = "SELECT guid FROM codes";
  const char *codings = "SELECT g.guid || ' ' || r.guid || ' ' || c.guid FROM codings g"
                        " JOIN reviewers r ON r.id = g.reviewer_id JOIN codes c ON c.id = g.code_id";

  write_copy (fixture->project, path, &options, &summary);

  g_assert_cmpuint (summary.submissions, ==, N_MESSAGES);
  /* Amina's 4 stances and an excerpt, Ben's 4 excerpts and a flag. */
  g_assert_cmpuint (summary.codings, ==, 10);
  g_assert_cmpuint (summary.memos, ==, 1);

  /* What a merge matches by is the same on both sides. */
  project_keys = rows (fixture->path, keys);
  copy_keys = rows (path, keys);
  g_assert_cmpstr (copy_keys, ==, project_keys);
  project_reviewers = rows (fixture->path, reviewers);
  copy_reviewers = rows (path, reviewers);
  g_assert_cmpstr (copy_reviewers, ==, project_reviewers);
  project_codes = rows (fixture->path, codes);
  copy_codes = rows (path, codes);
  g_assert_cmpstr (copy_codes, ==, project_codes);
  project_codings = rows (fixture->path, codings);
  copy_codings = rows (path, codings);
  g_assert_cmpstr (copy_codings, ==, project_codings);

  /* The copy is a project the app opens and codes in. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(IntakeProject) copy = intake_project_open (path, &error);

    g_assert_no_error (error);
    g_assert_true (intake_project_set_reviewer (copy, "Cleo", &error));
    g_assert_true (intake_project_add_coding (copy, g_array_index (fixture->ids, gint64, 10),
                                              WHOLE_CODE_GUID, -1, -1, NULL, &error));
    g_assert_no_error (error);
  }
  assert_no_temporaries (fixture);
}

static char *
sample_of (IntakeProject *project,
           const char    *path,
           guint          n,
           guint32        seed)
{
  IntakeCopyOptions options = { .sample = n, .seed = seed };
  IntakeCopySummary summary = { 0, };

  write_copy (project, path, &options, &summary);
  g_assert_cmpuint (summary.submissions, ==, n);
  g_assert_cmpuint (summary.seed, ==, seed);
  g_assert_cmpint (count (path, "SELECT count(*) FROM submissions"), ==, n);

  return rows (path, "SELECT message_id FROM submissions");
}

static void
test_sample_reproducible (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *path = copy_path (fixture, "sample.intake");
  g_autofree char *first = sample_of (fixture->project, path, 6, 42);
  g_autofree char *again = sample_of (fixture->project, path, 6, 42);
  g_autofree char *other_seed = sample_of (fixture->project, path, 6, 43);
  g_autofree char *reversed_path = NULL;
  g_autofree char *reversed_copy = copy_path (fixture, "reversed-sample.intake");
  g_autofree char *reversed = NULL;
  IntakeProject *reversed_project;

  g_assert_cmpstr (again, ==, first);
  g_assert_cmpstr (other_seed, !=, first);

  /* The same messages imported the other way round have other row ids:
   * the sample is the same messages all the same. */
  reversed_project = open_project (fixture->dir, "p.intake-reversed", TRUE, &reversed_path);
  {
    g_autoptr(GArray) ids = intake_store_list_ids (intake_project_get_store (reversed_project), NULL);
    g_autoptr(GError) error = NULL;

    /* In list order (by date), the same excluded submission. */
    g_assert_true (intake_project_set_status (reversed_project, g_array_index (ids, gint64, 6),
                                              INTAKE_STATUS_EXCLUDED, &error));
    g_assert_no_error (error);
  }
  reversed = sample_of (reversed_project, reversed_copy, 6, 42);
  g_assert_cmpstr (reversed, ==, first);
  g_assert_finalize_object (reversed_project);
}

static void
test_sample_size (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = copy_path (fixture, "sample.intake");
  IntakeCopyOptions options = { .sample = 1000, .seed = 1 };
  IntakeCopySummary summary = { 0, };
  g_autofree char *one = sample_of (fixture->project, path, 1, 7);

  g_assert_nonnull (strstr (one, "@example.org"));

  /* More than there are: every one but the excluded. */
  write_copy (fixture->project, path, &options, &summary);
  g_assert_cmpuint (summary.submissions, ==, N_MESSAGES - 1);
  g_assert_cmpint (count (path, "SELECT count(*) FROM submissions WHERE status = 'excluded'"), ==, 0);
  g_assert_cmpint (count (path, "SELECT count(*) FROM submissions WHERE message_id = 'copy-06@example.org'"), ==, 0);

  /* A sample never holds an excluded submission, whatever the seed. */
  for (guint32 seed = 0; seed < 20; seed++)
    {
      g_autofree char *ids = sample_of (fixture->project, path, N_MESSAGES - 2, seed);

      g_assert_null (strstr (ids, "copy-06@"));
    }

  /* Nothing of the others is left in unused pages. */
  g_assert_cmpint (count (path, "PRAGMA freelist_count"), ==, 0);

  /* What is not in the sample is not in its audit trail either. */
  g_assert_cmpint (count (path, "SELECT count(*) FROM audit WHERE submission_id IS NOT NULL"
                                " AND submission_id NOT IN (SELECT id FROM submissions)"), ==, 0);
  assert_no_temporaries (fixture);
}

static void
test_blind (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *path = copy_path (fixture, "blind.intake");
  IntakeCopyOptions options = { .blind = TRUE };
  IntakeCopySummary summary = { 0, };
  g_autofree char *codings = NULL;
  g_autofree char *statuses = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_autoptr(GError) error = NULL;

  g_assert_cmpint (count (fixture->path, "SELECT count(*) FROM audit WHERE action IN ('code', 'memo')"), >, 0);
  /* A coordinator's decision on Amina's and Ben's excerpts is a judgement too. */
  g_assert_true (intake_project_set_reviewer (fixture->project, "Coordinator", &error));
  g_assert_true (intake_project_adjudicate (fixture->project, g_array_index (fixture->ids, gint64, 2),
                                            EXCERPT_CODE_GUID, INTAKE_ADJUDICATION_ALL,
                                            NULL, NULL, "zebra-quokka", NULL, &error));
  g_assert_no_error (error);

  write_copy (fixture->project, path, &options, &summary);

  g_assert_cmpuint (summary.submissions, ==, N_MESSAGES);
  /* Only the safeguarding flag: nobody handling submission 4 may miss it. */
  g_assert_cmpuint (summary.codings, ==, 1);
  codings = rows (path, "SELECT c.guid FROM codings g JOIN codes c ON c.id = g.code_id");
  g_assert_cmpstr (codings, ==, INTAKE_SAFEGUARDING_FLAG_GUID);
  g_assert_cmpuint (summary.memos, ==, 0);
  g_assert_cmpint (count (path, "SELECT count(*) FROM memos"), ==, 0);
  g_assert_cmpint (count (path, "SELECT count(*) FROM audit WHERE action IN ('code', 'uncode', 'memo')"), ==, 0);
  g_assert_cmpint (count (path, "SELECT count(*) FROM adjudications"), ==, 0);
  g_assert_cmpint (count (path, "SELECT count(*) FROM adjudicated_codings"), ==, 0);
  g_assert_cmpint (count (path, "SELECT count(*) FROM audit WHERE action = 'adjudicate'"), ==, 0);
  g_assert_cmpint (count (path, "SELECT count(*) FROM audit WHERE action = 'status'"
                                " AND detail != 'status excluded'"), ==, 0);
  g_assert_cmpint (count (path, "SELECT count(*) FROM audit WHERE action = 'status'"), ==, 1);

  /* What coding set goes back to new; the exclusion stays. */
  statuses = rows (path, "SELECT DISTINCT status FROM submissions");
  g_assert_cmpstr (statuses, ==, "excluded new");
  g_assert_cmpint (count (path, "SELECT count(*) FROM submissions WHERE status = 'excluded'"
                                " AND message_id = 'copy-06@example.org'"), ==, 1);
  /* Attributes are the submission's, not a judgement. */
  g_assert_cmpint (count (path, "SELECT count(*) FROM attributes WHERE value = 'FrancoSud'"), ==, 1);
  g_assert_cmpint (count (path, "SELECT count(*) FROM reviewers"), ==,
                   count (fixture->path, "SELECT count(*) FROM reviewers"));

  /* Not in the file at all, not even in its free pages. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_null (g_strstr_len (contents, length, "zebra-quokka"));

  /* The project keeps everything. */
  g_assert_cmpint (count (fixture->path, "SELECT count(*) FROM codings"), ==, 10);
  g_assert_cmpint (count (fixture->path, "SELECT count(*) FROM memos"), ==, 1);
  assert_no_temporaries (fixture);
}

static void
cancel_halfway_cb (double   fraction,
                   gpointer user_data)
{
  if (fraction >= 0.5)
    g_cancellable_cancel (user_data);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *path = copy_path (fixture, "old.intake");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(IntakeStore) reader = NULL;
  g_autoptr(GError) error = NULL;
  IntakeCopyOptions options = { .sample = 5, .seed = 3, .blind = TRUE };

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();

      g_assert_true (g_file_set_contents (path, "an older copy", -1, NULL));
      g_free (before);
      before = digest (path);
      g_clear_object (&reader);
      reader = intake_store_open_another (intake_project_get_store (fixture->project), NULL);

      /* Once before it starts, once with the snapshot taken. */
      if (i == 0)
        g_cancellable_cancel (cancellable);
      g_assert_false (intake_store_write_copy (reader, path, &options, cancel_halfway_cb, cancellable,
                                               NULL, cancellable, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&error);

      g_free (after);
      after = digest (path);
      g_assert_cmpstr (after, ==, before);
      assert_no_temporaries (fixture);
    }

  g_remove (path);
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    g_assert_false (intake_store_write_copy (reader, path, &options, cancel_halfway_cb, cancellable,
                                             NULL, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    assert_no_temporaries (fixture);
  }
}

static void
test_refuses_source (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *dotted = g_build_filename (fixture->dir, ".", "p.intake", NULL);
  g_autofree char *hard = g_build_filename (fixture->dir, "p.intake-hardlink", NULL);
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *before = digest (fixture->path);
  g_autofree char *after = NULL;
  g_autoptr(IntakeStore) reader = NULL;
  g_autoptr(GError) error = NULL;
  IntakeCopyOptions options = { .blind = TRUE };
  const char *targets[] = { fixture->path, dotted, hard, wal };

  g_assert_cmpint (link (fixture->path, hard), ==, 0);
  reader = intake_store_open_another (intake_project_get_store (fixture->project), &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_assert_false (intake_store_write_copy (reader, targets[i], &options, NULL, NULL, NULL, NULL, &error));
      g_assert_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_PROJECT);
      g_clear_error (&error);
    }

  after = digest (fixture->path);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (count (fixture->path, "SELECT count(*) FROM codings"), ==, 10);
}

static void
test_refuses_open_target (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *path = copy_path (fixture, "old.intake");
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(IntakeStore) reader = NULL;
  g_autoptr(GError) error = NULL;
  IntakeCopyOptions options = { 0, };

  g_assert_true (g_file_set_contents (path, "an older copy", -1, NULL));
  g_assert_true (g_file_set_contents (wal, "frames not yet in the file", -1, NULL));
  reader = intake_store_open_another (intake_project_get_store (fixture->project), &error);
  g_assert_no_error (error);

  g_assert_false (intake_store_write_copy (reader, path, &options, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED);
  g_clear_error (&error);
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "an older copy");
  }

  /* An empty log, as a reader leaves it, is no obstacle. */
  g_assert_true (g_file_set_contents (wal, "", 0, NULL));
  g_assert_true (intake_store_write_copy (reader, path, &options, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_no_temporaries (fixture);
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  GArray *fractions = user_data;

  g_array_append_val (fractions, fraction);
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *path = copy_path (fixture, "async.intake");
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  IntakeCopyOptions options = { .sample = 4, .seed = 9, .blind = TRUE };
  IntakeCopySummary summary = { 0, };

  intake_project_write_copy_async (fixture->project, path, &options, progress_cb,
                                   g_array_ref (fractions), (GDestroyNotify) g_array_unref,
                                   NULL, done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (intake_project_write_copy_finish (fixture->project, result, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.submissions, ==, 4);
  g_assert_cmpuint (summary.seed, ==, 9);
  g_assert_cmpint (count (path, "SELECT count(*) FROM submissions"), ==, 4);

  /* Every step, in order, on this thread, ending at the end. */
  g_assert_cmpuint (fractions->len, >=, 3);
  for (guint i = 1; i < fractions->len; i++)
    g_assert_cmpfloat (g_array_index (fractions, double, i), >=, g_array_index (fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1.0);

  /* The worker lets go of the task, and of the project, a moment later. */
  {
    gpointer task = result;

    g_object_add_weak_pointer (task, &task);
    g_clear_object (&result);
    while (task != NULL)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/copy/all", test_copy_all);
  ADD ("/copy/sample/reproducible", test_sample_reproducible);
  ADD ("/copy/sample/size", test_sample_size);
  ADD ("/copy/blind", test_blind);
  ADD ("/copy/cancel", test_cancel);
  ADD ("/copy/refuses-source", test_refuses_source);
  ADD ("/copy/refuses-open-target", test_refuses_open_target);
  ADD ("/copy/async", test_async);
#undef ADD

  return g_test_run ();
}
