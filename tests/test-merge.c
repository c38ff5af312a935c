/* Merging reviewers' projects: their work comes in once and only once,
 * matched by Message-ID, content hash and GUID; conflicts keep ours and
 * are listed; two people of one name stay two; a failed or cancelled
 * merge leaves the project as it was; an older copy can be merged; and a
 * project of the schema before merging migrates to what merging needs. */
#define G_LOG_DOMAIN "test-merge"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "intake-project.h"
#include "project-test-support.h"

/* Stance on the programme/Keep as is, and Equity lens/Surveillance. */
#define KEEP_GUID        "baa7c915-7b46-404d-8053-a55278fb5cac"
#define SURVEILLANCE_GUID "c24fce3a-eb58-4605-a51d-55f8c80819f7"

typedef struct
{
  char          *dir;
  char          *path;      /* the coordinator's */
  IntakeProject *project;
  GArray        *ids;
} Fixture;

static char *
message (const char *id,
         const char *body)
{
  return g_strdup_printf ("From x@example.org Mon Apr 19 14:00:00 2021\n"
                          "From: Person <%s@example.org>\nSubject: About %s\nMessage-ID: <%s@example.org>\n"
                          "Date: Mon, 19 Apr 2021 14:00:00 +0000\n\n%s\n\n",
                          id, id, id, body);
}

/* A message with a text attachment, as only a reviewer's copy has it. */
static const char attached_message[] =
  "From r@example.org Tue Apr 20 14:00:00 2021\n"
  "From: Late Writer <late@example.org>\nSubject: Late submission\nMessage-ID: <late@example.org>\n"
  "Date: Tue, 20 Apr 2021 14:00:00 +0000\nMIME-Version: 1.0\n"
  "Content-Type: multipart/mixed; boundary=\"b1\"\n\n"
  "--b1\nContent-Type: text/plain; charset=utf-8\n\nPlease read my notes.\n"
  "--b1\nContent-Type: text/plain; name=\"notes.txt\"\nContent-Disposition: attachment; filename=\"notes.txt\"\n\n"
  "Restorative justice works better than arrests.\n"
  "--b1--\n\n";

static void
import_text (IntakeStore *store,
             const char  *dir,
             const char  *text)
{
  g_autofree char *mbox = g_build_filename (dir, "in.mbox", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (mbox);
  g_autoptr(IntakeImporter) importer = intake_importer_new (store);
  g_autoptr(IntakeImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (mbox, text, -1, NULL));
  summary = intake_importer_import_sync (importer, &file, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->imported, >, 0);
  g_unlink (mbox);
}

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

/* Every table a merge writes to, in one string, to compare before and after. */
static char *
contents (const char *path)
{
  static const char * const queries[] = {
    "SELECT count(*) FROM submissions", "SELECT count(*) FROM codings", "SELECT count(*) FROM codes",
    "SELECT count(*) FROM reviewers", "SELECT count(*) FROM memos", "SELECT count(*) FROM attributes",
    "SELECT count(*) FROM audit", "SELECT count(*) FROM attachments", "SELECT count(*) FROM source_files",
    "SELECT total(length(status) * id) FROM submissions", "SELECT total(length(value) * submission_id) FROM attributes",
  };
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    g_string_append_printf (text, "%" G_GINT64_FORMAT " ", count (path, queries[i]));
  return g_string_free (text, FALSE);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = message ("alpha", "The officer knows every student by name.");
  g_autofree char *b = message ("bravo", "Police in schools make my son feel watched.");
  g_autofree char *c = message ("charlie", "We need counsellors, not officers.");
  g_autofree char *all = g_strconcat (a, b, c, NULL);

  fixture->dir = g_dir_make_tmp ("test-merge-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "coordinator.intake", NULL);
  fixture->project = intake_project_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (intake_project_set_reviewer (fixture->project, "Coordinator", &error));
  import_text (intake_project_get_store (fixture->project), fixture->dir, all);
  fixture->ids = intake_store_list_ids (intake_project_get_store (fixture->project), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->ids->len, ==, 3);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_assert_finalize_object (fixture->project);
  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (fixture->dir, name, NULL);

      g_unlink (file);
    }
  g_rmdir (fixture->dir);
  g_array_unref (fixture->ids);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static gint64
id_at (Fixture *fixture,
       guint    i)
{
  return g_array_index (fixture->ids, gint64, i);
}

/* A copy of the coordinator's project, opened as @reviewer. */
static IntakeProject *
make_copy (Fixture    *fixture,
           const char *name,
           const char *reviewer,
           char      **path)
{
  IntakeCopyOptions options = { 0, };
  g_autoptr(GError) error = NULL;
  IntakeProject *copy;

  *path = g_build_filename (fixture->dir, name, NULL);
  g_assert_true (intake_store_write_copy (intake_project_get_store (fixture->project), *path, &options,
                                          NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  copy = intake_project_open (*path, &error);
  g_assert_no_error (error);
  g_assert_true (intake_project_set_reviewer (copy, reviewer, &error));
  g_assert_no_error (error);
  return copy;
}

static IntakeMergeSummary *
merge (Fixture    *fixture,
       const char *first,
       const char *second)
{
  const char *paths[] = { first, second, NULL };
  g_autoptr(GError) error = NULL;
  IntakeMergeSummary *summary;

  summary = intake_store_merge (intake_project_get_store (fixture->project), paths, "Coordinator",
                                NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
  return summary;
}

static void
add_coding (IntakeProject *project,
            gint64         id,
            const char    *code_guid,
            int            start,
            int            end)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (intake_project_add_coding (project, id, code_guid, start, end, NULL, &error));
  g_assert_no_error (error);
}

/* A reviewer's codings, memo, attribute, status, a code of their own and a
 * submission only their copy has (with its attachment) all come in, each
 * once; the coordinator's own work stays. */
static void
test_merge_brings_everything_once (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autofree char *copy_path = NULL;
  g_autoptr(IntakeProject) copy = make_copy (fixture, "ana.intake", "Ana", &copy_path);
  g_autoptr(IntakeMergeSummary) summary = NULL;
  g_autoptr(GPtrArray) codings = NULL;
  g_autoptr(GPtrArray) memos = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *new_code = NULL;
  g_autofree char *memo = NULL;
  g_autofree char *late_text = NULL;
  g_autofree char *only_ours = message ("delta", "Only the coordinator has this one.");
  IntakeStore *store = intake_project_get_store (fixture->project);
  gint64 late = 0;

  /* After the copy, each side imports a message the other lacks: their
   * ids collide, and must not be mixed up. */
  import_text (store, fixture->dir, only_ours);
  import_text (intake_project_get_store (copy), fixture->dir, attached_message);
  ids = intake_store_list_ids (intake_project_get_store (copy), NULL);
  g_assert_cmpuint (ids->len, ==, 4);

  add_coding (fixture->project, id_at (fixture, 0), KEEP_GUID, -1, -1);
  add_coding (copy, id_at (fixture, 0), KEEP_GUID, -1, -1);
  add_coding (copy, id_at (fixture, 1), SURVEILLANCE_GUID, 0, 6);
  g_assert_true (intake_project_add_code (copy, NULL, "Reviewer's own theme", "#11859C", TRUE, &new_code, &error));
  g_assert_no_error (error);
  /* The coordinator happened to add one of the same name. */
  g_assert_true (intake_project_add_code (fixture->project, NULL, "reviewer's own theme", NULL, TRUE, NULL, &error));
  g_assert_no_error (error);
  add_coding (copy, id_at (fixture, 2), new_code, -1, -1);
  g_assert_true (intake_project_set_memo (copy, id_at (fixture, 1), "Ana: strong on surveillance", &error));
  g_assert_true (intake_project_set_memo (fixture->project, id_at (fixture, 1), "Coordinator: check", &error));
  g_assert_true (intake_project_set_attribute (copy, id_at (fixture, 2), "School board", "FrancoSud", &error));
  g_assert_true (intake_project_set_status (copy, id_at (fixture, 2), INTAKE_STATUS_CODED, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(IntakeSubmission) s = intake_store_get_submission (intake_project_get_store (copy),
                                                                    g_array_index (ids, gint64, i), NULL);

      if (g_strcmp0 (intake_submission_get_message_id (s), "late@example.org") == 0)
        add_coding (copy, intake_submission_get_id (s), KEEP_GUID, -1, -1);
    }
  g_clear_object (&copy);

  summary = merge (fixture, copy_path, NULL);
  g_assert_cmpuint (summary->submissions, ==, 1);
  g_assert_cmpuint (summary->codes, ==, 1);
  g_assert_cmpuint (summary->reviewers, ==, 1);
  /* Ana's Keep on the first, Surveillance, her own code, Keep on the late
   * one; the coordinator's Keep was there already. */
  g_assert_cmpuint (summary->codings, ==, 4);
  g_assert_cmpuint (summary->memos, ==, 1);
  g_assert_cmpuint (summary->attributes, ==, 1);
  g_assert_cmpuint (summary->statuses, >=, 1);
  g_assert_cmpuint (summary->conflicts->len, ==, 0);
  g_assert_cmpuint (summary->changed->len, ==, 3);

  g_assert_cmpint (count (fixture->path, "SELECT count(*) FROM submissions"), ==, 5);
  g_assert_cmpint (count (fixture->path, "SELECT count(*) FROM submissions WHERE message_id = 'delta@example.org'"), ==, 1);
  late = count (fixture->path, "SELECT id FROM submissions WHERE message_id = 'late@example.org'");
  g_assert_cmpint (late, >, id_at (fixture, 2));
  g_assert_cmpint (count (fixture->path, "SELECT count(*) FROM attachments a JOIN submissions s ON s.id = a.submission_id"
                                         " WHERE s.message_id = 'late@example.org' AND a.filename = 'notes.txt'"), ==, 1);
  late_text = g_strdup_printf ("SELECT count(*) FROM submissions_fts WHERE submissions_fts MATCH 'restorative'"
                               " AND rowid = %" G_GINT64_FORMAT, late);
  g_assert_cmpint (count (fixture->path, late_text), ==, 1);

  codings = intake_store_list_codings (store, id_at (fixture, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (codings->len, ==, 2);
  g_clear_pointer (&codings, g_ptr_array_unref);
  codings = intake_store_list_codings (store, id_at (fixture, 2), &error);
  g_assert_cmpuint (codings->len, ==, 1);
  g_assert_cmpstr (((IntakeCoding *) codings->pdata[0])->code_guid, ==, new_code);
  g_assert_cmpstr (((IntakeCoding *) codings->pdata[0])->code_path, ==, "Reviewer's own theme (2)");
  g_assert_cmpstr (((IntakeCoding *) codings->pdata[0])->reviewer, ==, "Ana");

  memo = intake_store_get_memo (store, id_at (fixture, 1), "Ana", &error);
  g_assert_cmpstr (memo, ==, "Ana: strong on surveillance");
  g_free (memo);
  memo = intake_store_get_memo (store, id_at (fixture, 1), "Coordinator", &error);
  g_assert_cmpstr (memo, ==, "Coordinator: check");
  memos = intake_store_list_memos (store, id_at (fixture, 1), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (memos->len, ==, 2);
  g_assert_true (g_strcmp0 (((IntakeMemo *) memos->pdata[0])->reviewer, "Ana") == 0 ||
                 g_strcmp0 (((IntakeMemo *) memos->pdata[1])->reviewer, "Ana") == 0);
  attributes = intake_store_get_attributes (store, id_at (fixture, 2), &error);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "School board"), ==, "FrancoSud");
  g_assert_cmpint (count (fixture->path, "SELECT count(*) FROM audit WHERE action = 'merge'"), ==, 1);
}

/* The same file again, or another order of the same files: nothing. */
static void
test_merge_twice_changes_nothing (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *a_path = NULL;
  g_autofree char *b_path = NULL;
  g_autoptr(IntakeProject) a = make_copy (fixture, "a.intake", "Ana", &a_path);
  g_autoptr(IntakeProject) b = make_copy (fixture, "b.intake", "Ben", &b_path);
  g_autoptr(IntakeMergeSummary) first = NULL;
  g_autoptr(IntakeMergeSummary) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  add_coding (a, id_at (fixture, 0), KEEP_GUID, -1, -1);
  add_coding (b, id_at (fixture, 0), SURVEILLANCE_GUID, 2, 9);
  g_assert_true (intake_project_set_memo (b, id_at (fixture, 0), "Ben's memo", &error));
  import_text (intake_project_get_store (b), fixture->dir, attached_message);
  g_clear_object (&a);
  g_clear_object (&b);

  first = merge (fixture, a_path, b_path);
  g_assert_cmpuint (first->codings, ==, 2);
  g_assert_cmpuint (first->submissions, ==, 1);
  before = contents (fixture->path);

  again = merge (fixture, b_path, a_path);
  g_assert_cmpuint (again->submissions + again->codes + again->reviewers + again->codings + again->memos +
                    again->attributes + again->statuses + again->audit, ==, 0);
  g_assert_cmpuint (again->changed->len, ==, 0);
  after = contents (fixture->path);
  g_assert_cmpstr (after, ==, before);
}

/* An attribute or status both sides set differently keeps ours and is
 * listed; a status new on one side is no conflict. */
static void
test_merge_lists_conflicts (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *copy_path = NULL;
  g_autoptr(IntakeProject) copy = make_copy (fixture, "ana.intake", "Ana", &copy_path);
  g_autoptr(IntakeMergeSummary) summary = NULL;
  g_autoptr(IntakeSubmission) first = NULL;
  g_autoptr(IntakeSubmission) second = NULL;
  g_autoptr(IntakeSubmission) third = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GError) error = NULL;
  IntakeStore *store = intake_project_get_store (fixture->project);
  IntakeMergeConflict *conflict;

  g_assert_true (intake_project_set_attribute (fixture->project, id_at (fixture, 0), "School board", "Palliser School District", &error));
  g_assert_true (intake_project_set_attribute (copy, id_at (fixture, 0), "School board", "Calgary Board of Education", &error));
  g_assert_true (intake_project_set_attribute (copy, id_at (fixture, 0), "Language", "English", &error));
  g_assert_true (intake_project_set_status (fixture->project, id_at (fixture, 0), INTAKE_STATUS_EXCLUDED, &error));
  g_assert_true (intake_project_set_status (copy, id_at (fixture, 0), INTAKE_STATUS_CODED, &error));
  g_assert_true (intake_project_set_status (copy, id_at (fixture, 1), INTAKE_STATUS_IN_PROGRESS, &error));
  g_assert_true (intake_project_set_status (fixture->project, id_at (fixture, 2), INTAKE_STATUS_CODED, &error));
  g_assert_no_error (error);
  g_clear_object (&copy);

  summary = merge (fixture, copy_path, NULL);
  g_assert_cmpuint (summary->conflicts->len, ==, 2);
  conflict = g_ptr_array_index (summary->conflicts, 0);
  g_assert_cmpstr (conflict->kind, ==, "attribute");
  g_assert_cmpint (conflict->submission_id, ==, id_at (fixture, 0));
  g_assert_cmpstr (conflict->name, ==, "School board");
  g_assert_cmpstr (conflict->ours, ==, "Palliser School District");
  g_assert_cmpstr (conflict->theirs, ==, "Calgary Board of Education");
  g_assert_true (g_str_has_suffix (conflict->file, "ana.intake"));
  conflict = g_ptr_array_index (summary->conflicts, 1);
  g_assert_cmpstr (conflict->kind, ==, "status");
  g_assert_null (conflict->name);
  g_assert_cmpstr (conflict->ours, ==, "excluded");
  g_assert_cmpstr (conflict->theirs, ==, "coded");
  g_assert_cmpuint (summary->statuses, ==, 1);
  g_assert_cmpuint (summary->attributes, ==, 1);

  attributes = intake_store_get_attributes (store, id_at (fixture, 0), &error);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "School board"), ==, "Palliser School District");
  g_assert_cmpstr (g_hash_table_lookup (attributes, "Language"), ==, "English");
  first = intake_store_get_submission (store, id_at (fixture, 0), NULL);
  second = intake_store_get_submission (store, id_at (fixture, 1), NULL);
  third = intake_store_get_submission (store, id_at (fixture, 2), NULL);
  g_assert_cmpint (intake_submission_get_status (first), ==, INTAKE_STATUS_EXCLUDED);
  g_assert_cmpint (intake_submission_get_status (second), ==, INTAKE_STATUS_IN_PROGRESS);
  g_assert_cmpint (intake_submission_get_status (third), ==, INTAKE_STATUS_CODED);
}

/* Two people called Sam, one in each copy, stay two reviewers; a name they
 * share is refused, a GUID is not. */
static void
test_merge_keeps_same_name_reviewers_apart (Fixture       *fixture,
                                            gconstpointer  data)
{
  g_autofree char *a_path = NULL;
  g_autofree char *b_path = NULL;
  g_autoptr(IntakeProject) a = make_copy (fixture, "a.intake", "Sam", &a_path);
  g_autoptr(IntakeProject) b = make_copy (fixture, "b.intake", "sam", &b_path);
  g_autoptr(IntakeMergeSummary) summary = NULL;
  g_autoptr(GPtrArray) codings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a_guid = g_strdup (intake_project_get_reviewer_guid (a));
  g_autofree char *b_guid = g_strdup (intake_project_get_reviewer_guid (b));
  IntakeStore *store = intake_project_get_store (fixture->project);

  g_assert_cmpstr (a_guid, !=, b_guid);
  add_coding (a, id_at (fixture, 0), KEEP_GUID, -1, -1);
  add_coding (b, id_at (fixture, 0), KEEP_GUID, -1, -1);
  g_clear_object (&a);
  g_clear_object (&b);

  summary = merge (fixture, a_path, b_path);
  g_assert_cmpuint (summary->reviewers, ==, 2);
  g_assert_cmpuint (summary->codings, ==, 2);
  g_assert_cmpint (count (fixture->path, "SELECT count(*) FROM reviewers WHERE name = 'Sam'"), ==, 2);

  codings = intake_store_list_codings (store, id_at (fixture, 0), &error);
  g_assert_cmpuint (codings->len, ==, 2);
  g_assert_true (intake_coding_is_by (codings->pdata[0], a_guid) != intake_coding_is_by (codings->pdata[1], a_guid));
  g_assert_true (intake_coding_is_by (codings->pdata[0], b_guid) != intake_coding_is_by (codings->pdata[1], b_guid));

  /* Listed apart, and each label names its own. */
  {
    g_auto(GStrv) reviewers = intake_store_list_reviewers (store, &error);
    g_autofree char *label = g_strdup_printf ("Sam (%s)", a_guid);
    g_autofree char *other_label = g_strdup_printf ("sam (%s)", b_guid);
    g_autoptr(GPtrArray) entries = NULL;
    g_autoptr(GPtrArray) other_entries = NULL;

    g_assert_no_error (error);
    g_assert_true (g_strv_contains ((const char * const *) reviewers, label));
    g_assert_true (g_strv_contains ((const char * const *) reviewers, other_label));
    g_assert_cmpuint (g_strv_length (reviewers), ==, 3);
    entries = intake_store_list_audit (store, label, 0, &error);
    other_entries = intake_store_list_audit (store, other_label, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (entries->len, >, 0);
    g_assert_cmpuint (other_entries->len, >, 0);
    g_assert_cmpint (entries->len + other_entries->len, ==,
                     count (fixture->path, "SELECT count(*) FROM audit a JOIN reviewers r ON r.id = a.reviewer_id"
                                           " WHERE r.name = 'Sam'"));
  }

  g_assert_false (intake_project_set_reviewer (fixture->project, "Sam", &error));
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_AMBIGUOUS);
  g_assert_nonnull (strstr (error->message, a_guid));
  g_clear_error (&error);
  g_assert_true (intake_project_set_reviewer (fixture->project, b_guid, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (intake_project_get_reviewer_guid (fixture->project), ==, b_guid);
  /* Their own coding is theirs, not the other Sam's. */
  g_assert_true (intake_project_remove_coding (fixture->project,
                                               intake_coding_is_by (codings->pdata[0], b_guid)
                                                 ? ((IntakeCoding *) codings->pdata[0])->guid
                                                 : ((IntakeCoding *) codings->pdata[1])->guid,
                                               &error));
  g_assert_no_error (error);
  g_clear_pointer (&codings, g_ptr_array_unref);
  codings = intake_store_list_codings (store, id_at (fixture, 0), &error);
  g_assert_cmpuint (codings->len, ==, 1);
  g_assert_true (intake_coding_is_by (codings->pdata[0], a_guid));
}

static void
cancel_midway (double   fraction,
               gpointer data)
{
  if (fraction > 0.3)
    g_cancellable_cancel (data);
}

/* A damaged second file, or a cancel halfway, leaves the project exactly
 * as it was, the first file's work included. */
static void
test_merge_failure_changes_nothing (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autofree char *a_path = NULL;
  g_autoptr(IntakeProject) a = make_copy (fixture, "a.intake", "Ana", &a_path);
  g_autofree char *junk = g_build_filename (fixture->dir, "junk.intake", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *bytes = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  IntakeMergeSummary *summary;
  const char *paths[] = { a_path, junk, NULL };
  gsize length;

  add_coding (a, id_at (fixture, 0), KEEP_GUID, -1, -1);
  import_text (intake_project_get_store (a), fixture->dir, attached_message);
  g_clear_object (&a);
  before = contents (fixture->path);

  /* A project whose pages are scribbled over after its header. */
  g_assert_true (g_file_get_contents (a_path, &bytes, &length, NULL));
  memset (bytes + 4096, 0x5a, MIN (length - 4096, 8192));
  g_assert_true (g_file_set_contents (junk, bytes, length, NULL));
  summary = intake_store_merge (intake_project_get_store (fixture->project), paths, "Coordinator",
                                NULL, NULL, NULL, &error);
  g_assert_null (summary);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "junk.intake"));
  g_clear_error (&error);
  after = contents (fixture->path);
  g_assert_cmpstr (after, ==, before);

  /* Not SQLite at all. */
  g_assert_true (g_file_set_contents (junk, "Just some notes\n", -1, NULL));
  summary = intake_store_merge (intake_project_get_store (fixture->project), paths, "Coordinator",
                                NULL, NULL, NULL, &error);
  g_assert_null (summary);
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_OPEN);
  g_clear_error (&error);

  paths[1] = NULL;
  summary = intake_store_merge (intake_project_get_store (fixture->project), paths, "Coordinator",
                                cancel_midway, cancellable, cancellable, &error);
  g_assert_null (summary);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_free (after);
  after = contents (fixture->path);
  g_assert_cmpstr (after, ==, before);
}

/* The schema version before the migration for merging: the last one. */
#define BEFORE_MERGE_VERSION (INTAKE_STORE_SCHEMA_VERSION - 1)

static void
undo_merge_migration (const char *path)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA journal_mode = DELETE;" UNDO_MERGE_MIGRATION
                                          " PRAGMA user_version = %d", BEFORE_MERGE_VERSION);
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* A copy an older version saved is merged from a migrated copy of it; the
 * file itself is not written to. */
static void
test_merge_older_copy (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *a_path = NULL;
  g_autoptr(IntakeProject) a = make_copy (fixture, "a.intake", "Ana", &a_path);
  g_autoptr(IntakeMergeSummary) summary = NULL;
  g_autofree char *bytes_before = NULL;
  g_autofree char *bytes_after = NULL;
  gsize before_length, after_length;
  g_autoptr(GError) error = NULL;

  add_coding (a, id_at (fixture, 1), KEEP_GUID, -1, -1);
  g_assert_true (intake_project_set_memo (a, id_at (fixture, 1), "Old memo", &error));
  g_clear_object (&a);
  undo_merge_migration (a_path);
  g_assert_true (g_file_get_contents (a_path, &bytes_before, &before_length, NULL));

  summary = merge (fixture, a_path, NULL);
  g_assert_cmpuint (summary->codings, ==, 1);
  g_assert_cmpuint (summary->memos, ==, 1);
  g_assert_true (g_file_get_contents (a_path, &bytes_after, &after_length, NULL));
  g_assert_cmpmem (bytes_after, after_length, bytes_before, before_length);
  g_assert_cmpint (count (a_path, "PRAGMA user_version"), ==, BEFORE_MERGE_VERSION);
}

/* A project of the version before keeps its reviewers' ids, so every coding,
 * attribute, memo and audit entry still names its reviewer; and then holds
 * a memo per reviewer. */
static void
test_migrate_from_previous_version (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *memo = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *joined = "SELECT count(*) FROM codings g JOIN reviewers r ON r.id = g.reviewer_id"
                       " WHERE r.name = 'Coordinator'";

  add_coding (fixture->project, id_at (fixture, 0), KEEP_GUID, -1, -1);
  g_assert_true (intake_project_set_memo (fixture->project, id_at (fixture, 0), "Coordinator's memo", &error));
  g_assert_true (intake_project_set_attribute (fixture->project, id_at (fixture, 0), "Language", "English", &error));
  g_assert_no_error (error);
  g_clear_object (&fixture->project);
  undo_merge_migration (fixture->path);
  before = contents (fixture->path);
  g_assert_cmpint (count (fixture->path, joined), ==, 1);

  store = intake_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (intake_store_get_schema_version (store), ==, INTAKE_STORE_SCHEMA_VERSION);
  g_clear_object (&store);
  after = contents (fixture->path);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (count (fixture->path, joined), ==, 1);
  g_assert_cmpint (count (fixture->path, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
  g_assert_cmpint (count (fixture->path, "SELECT count(*) FROM sqlite_master WHERE sql LIKE '%UNIQUE COLLATE%'"), ==, 0);

  fixture->project = intake_project_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (intake_project_set_reviewer (fixture->project, "Second reader", &error));
  g_assert_true (intake_project_set_memo (fixture->project, id_at (fixture, 0), "Second reader's memo", &error));
  g_assert_no_error (error);
  memo = intake_store_get_memo (intake_project_get_store (fixture->project), id_at (fixture, 0), "Coordinator", &error);
  g_assert_cmpstr (memo, ==, "Coordinator's memo");
  g_assert_cmpint (count (fixture->path, "SELECT count(*) FROM memos"), ==, 2);
}

typedef struct
{
  GMainLoop          *loop;
  IntakeMergeSummary *summary;
  GError             *error;
  double              last_fraction;
  guint               added;
  guint               changed;
  guint               codebook;
  gboolean            signals_before_callback;
  gpointer            task;     /* weak */
} AsyncState;

static void
merged_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  AsyncState *state = data;

  state->signals_before_callback = state->added == 1 && state->changed > 0 && state->codebook == 1;
  state->summary = intake_project_merge_finish (INTAKE_PROJECT (source), result, &state->error);
  state->task = result;
  g_object_add_weak_pointer (state->task, &state->task);
  g_main_loop_quit (state->loop);
}

static void
fraction_cb (double   fraction,
             gpointer data)
{
  ((AsyncState *) data)->last_fraction = fraction;
}

static void
count_cb (gpointer counter)
{
  (*(guint *) counter)++;
}

/* On a worker, with progress to the end, and the views told before the caller. */
static void
test_merge_async_tells_views (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *a_path = NULL;
  g_autoptr(IntakeProject) a = make_copy (fixture, "a.intake", "Ana", &a_path);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AsyncState state = { .loop = loop };
  const char *paths[] = { NULL, NULL };

  add_coding (a, id_at (fixture, 2), KEEP_GUID, -1, -1);
  import_text (intake_project_get_store (a), fixture->dir, attached_message);
  g_clear_object (&a);
  paths[0] = a_path;

  g_signal_connect_swapped (fixture->project, "submissions-added", G_CALLBACK (count_cb), &state.added);
  g_signal_connect_swapped (fixture->project, "submission-changed", G_CALLBACK (count_cb), &state.changed);
  g_signal_connect_swapped (fixture->project, "codebook-changed", G_CALLBACK (count_cb), &state.codebook);
  intake_project_merge_async (fixture->project, paths, fraction_cb, &state, NULL, NULL, merged_cb, &state);
  g_main_loop_run (loop);
  /* The worker lets go of the task, and of the project, a moment later. */
  while (state.task != NULL)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  g_assert_no_error (state.error);
  g_assert_nonnull (state.summary);
  g_assert_true (state.signals_before_callback);
  g_assert_cmpuint (state.changed, ==, 1);
  g_assert_cmpfloat (state.last_fraction, ==, 1.0);
  g_assert_cmpuint (state.summary->codings, ==, 1);
  g_assert_cmpuint (state.summary->submissions, ==, 1);
  g_signal_handlers_disconnect_by_data (fixture->project, &state.added);
  g_signal_handlers_disconnect_by_data (fixture->project, &state.changed);
  g_signal_handlers_disconnect_by_data (fixture->project, &state.codebook);
  intake_merge_summary_free (state.summary);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/merge/brings-everything-once", test_merge_brings_everything_once);
  ADD ("/merge/twice-changes-nothing", test_merge_twice_changes_nothing);
  ADD ("/merge/conflicts-keep-ours", test_merge_lists_conflicts);
  ADD ("/merge/same-name-reviewers-stay-two", test_merge_keeps_same_name_reviewers_apart);
  ADD ("/merge/failure-changes-nothing", test_merge_failure_changes_nothing);
  ADD ("/merge/older-copy", test_merge_older_copy);
  ADD ("/merge/migrate-from-previous-version", test_migrate_from_previous_version);
  ADD ("/merge/async-tells-views", test_merge_async_tells_views);
#undef ADD

  return g_test_run ();
}
