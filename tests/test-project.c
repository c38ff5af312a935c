#define G_LOG_DOMAIN "test-project"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "intake-codebook-model.h"
#include "intake-project.h"

#define EXPERIENCES "Experiences"
#define EQUITY_LENS "Equity lens"
#define TRUST       "Experiences/Trust in police"
#define QUOTABLE    "Flags/Quotable"

static const char *mailbox =
  "From a@example.org Mon Apr 19 14:00:00 2021\n"
  "From: Amara Okafor <amara@example.org>\nSubject: SRO feedback\nMessage-ID: <en@example.org>\n"
  "Date: Mon, 19 Apr 2021 14:00:00 +0000\n\n"
  "The officer at our school knows every student by name and that builds trust.\n\n"
  "From b@example.org Tue Apr 20 14:00:00 2021\n"
  "From: Dana Li <dana@example.org>\nSubject: Counsellors\nMessage-ID: <second@example.org>\n"
  "Date: Tue, 20 Apr 2021 14:00:00 +0000\n\n"
  "Please fund counsellors instead.\n\n";

typedef struct
{
  guint  codebook_changed;
  guint  submission_changed;
  gint64 last_submission;
  guint  submissions_added;
} Counts;

typedef struct
{
  char          *dir;
  char          *path;
  IntakeProject *project;
  gint64         first;
  gint64         second;
  Counts         counts;
} Fixture;

static void
codebook_changed_cb (IntakeProject *project,
                     Counts        *counts)
{
  counts->codebook_changed++;
}

static void
submission_changed_cb (IntakeProject *project,
                       gint64         id,
                       Counts        *counts)
{
  counts->submission_changed++;
  counts->last_submission = id;
}

static void
submissions_added_cb (IntakeProject *project,
                      Counts        *counts)
{
  counts->submissions_added++;
}

static void
watch (IntakeProject *project,
       Counts        *counts)
{
  memset (counts, 0, sizeof *counts);
  g_signal_connect (project, "codebook-changed", G_CALLBACK (codebook_changed_cb), counts);
  g_signal_connect (project, "submission-changed", G_CALLBACK (submission_changed_cb), counts);
  g_signal_connect (project, "submissions-added", G_CALLBACK (submissions_added_cb), counts);
}

static void
reset (Fixture *fixture)
{
  memset (&fixture->counts, 0, sizeof fixture->counts);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *mbox = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(IntakeImporter) importer = NULL;
  g_autoptr(IntakeImportSummary) summary = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("intake-project-XXXXXX", NULL);
  fixture->path = g_build_filename (fixture->dir, "p.intake", NULL);
  mbox = g_build_filename (fixture->dir, "inbox.mbox", NULL);
  g_assert_true (g_file_set_contents (mbox, mailbox, -1, NULL));

  fixture->project = intake_project_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (intake_project_set_reviewer (fixture->project, "Amina", &error));
  g_assert_no_error (error);

  file = g_file_new_for_path (mbox);
  importer = intake_importer_new (intake_project_get_store (fixture->project));
  summary = intake_importer_import_sync (importer, &file, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->imported, ==, 2);

  ids = intake_store_list_ids (intake_project_get_store (fixture->project), NULL);
  fixture->first = g_array_index (ids, gint64, 0);
  fixture->second = g_array_index (ids, gint64, 1);

  watch (fixture->project, &fixture->counts);
}

static void
remove_project_files (const char *dir)
{
  const char *names[] = { "p.intake", "p.intake-wal", "p.intake-shm", "p.intake-journal", "inbox.mbox" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_remove (path);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->project != NULL)
    g_assert_finalize_object (fixture->project);
  remove_project_files (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static IntakeCode *
code_of (Fixture    *fixture,
         const char *path)
{
  IntakeCode *code = intake_codebook_find (intake_project_get_codebook (fixture->project), path);

  g_assert_nonnull (code);
  return code;
}

static const char *
guid_of (Fixture    *fixture,
         const char *path)
{
  return intake_code_get_guid (code_of (fixture, path));
}

/* "A|B|C": the names in a model, to compare in one assertion. */
static char *
names (GListModel *model)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(IntakeCode) code = g_list_model_get_item (model, i);

      if (i > 0)
        g_string_append_c (text, '|');
      g_string_append (text, intake_code_get_name (code));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GListModel *
children_of (Fixture    *fixture,
             const char *path)
{
  GListModel *model = intake_project_get_children (fixture->project, code_of (fixture, path));

  g_assert_nonnull (model);
  return model;
}

static guint
count_codings (Fixture *fixture,
               gint64   id)
{
  g_autoptr(GPtrArray) codings = intake_store_list_codings (intake_project_get_store (fixture->project), id, NULL);

  return codings->len;
}

#define assert_names(model, expected) \
  G_STMT_START { g_autofree char *_names = names (model); g_assert_cmpstr (_names, ==, expected); } G_STMT_END

#define assert_counts(fixture, n_codebook, n_submission, n_added) \
  G_STMT_START { \
    g_assert_cmpuint ((fixture)->counts.codebook_changed, ==, n_codebook); \
    g_assert_cmpuint ((fixture)->counts.submission_changed, ==, n_submission); \
    g_assert_cmpuint ((fixture)->counts.submissions_added, ==, n_added); \
  } G_STMT_END

#define EXPERIENCES_NAMES "Feels safer|Feels unsafe or intimidated|Trust in police|Distrust of police|" \
                          "Positive interaction|Negative interaction"
#define TOP_NAMES "Stance on the programme|Programme activities|Experiences|Equity lens|" \
                  "Alternatives and recommendations|Flags"

/* Construction and properties */

static void
test_open_creates (void)
{
  g_autofree char *dir = g_dir_make_tmp ("intake-project-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "p.intake", NULL);
  g_autoptr(GError) error = NULL;
  IntakeProject *project;
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(IntakeHistory) history = NULL;
  g_autofree char *path_property = NULL;

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  project = intake_project_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  g_object_get (project, "store", &store, "history", &history, "path", &path_property, NULL);
  g_assert_true (store == intake_project_get_store (project));
  g_assert_true (history == intake_project_get_history (project));
  g_assert_cmpstr (path_property, ==, path);
  g_assert_cmpuint (intake_codebook_get_n_codes (intake_project_get_codebook (project)), ==, 42);
  assert_names (intake_project_get_codes (project), TOP_NAMES);
  g_assert_true (g_list_model_get_item_type (intake_project_get_codes (project)) == INTAKE_TYPE_CODE);
  g_assert_false (intake_project_get_can_undo (project));

  g_clear_object (&store);
  g_clear_object (&history);
  g_assert_finalize_object (project);
  remove_project_files (dir);
}

static void
test_open_not_a_project (void)
{
  g_autofree char *dir = g_dir_make_tmp ("intake-project-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "p.intake", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeProject) project = NULL;

  g_assert_true (g_file_set_contents (path, "This is not SQLite, only text long enough to be read as a header.", -1, NULL));
  project = intake_project_open (path, &error);
  g_assert_null (project);
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_OPEN);
  remove_project_files (dir);
}

static void
open_async_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_open_async (void)
{
  g_autofree char *dir = g_dir_make_tmp ("intake-project-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "p.intake", NULL);
  g_autofree char *folder = g_build_filename (dir, "folder", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  IntakeProject *project;

  intake_project_open_async (path, NULL, open_async_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  project = intake_project_open_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (project);
  g_assert_cmpstr (intake_project_get_path (project), ==, path);
  assert_names (intake_project_get_codes (project), TOP_NAMES);
  g_assert_finalize_object (project);

  /* A folder is not a project: the error comes back through finish. */
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_clear_object (&result);
  intake_project_open_async (folder, NULL, open_async_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (intake_project_open_finish (result, &error));
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_OPEN);
  g_rmdir (folder);
  remove_project_files (dir);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_reviewer_property (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) reviewers = NULL;
  g_autofree char *reviewer = NULL;
  guint notified = 0;

  g_signal_connect (fixture->project, "notify::reviewer", G_CALLBACK (count_notify_cb), &notified);

  g_object_set (fixture->project, "reviewer", "  Bilal ", NULL);
  g_assert_cmpuint (notified, ==, 1);
  g_object_get (fixture->project, "reviewer", &reviewer, NULL);
  g_assert_cmpstr (reviewer, ==, "Bilal");
  /* The store is told who, not a name two people may share. */
  g_assert_cmpstr (intake_history_get_reviewer (intake_project_get_history (fixture->project)), ==,
                   intake_project_get_reviewer_guid (fixture->project));
  g_assert_true (g_uuid_string_is_valid (intake_project_get_reviewer_guid (fixture->project)));

  /* Added to the project at once, not at the first coding. */
  reviewers = intake_store_list_reviewers (intake_project_get_store (fixture->project), &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char * const *) reviewers, "Bilal"));
  g_assert_true (g_strv_contains ((const char * const *) reviewers, "Amina"));

  /* The same name again changes nothing. */
  g_assert_true (intake_project_set_reviewer (fixture->project, "Bilal", &error));
  g_assert_cmpuint (notified, ==, 1);

  /* Codings are the new reviewer's. */
  {
    g_autoptr(IntakeCoding) coding = NULL;

    g_assert_true (intake_project_add_coding (fixture->project, fixture->first, guid_of (fixture, TRUST),
                                              -1, -1, &coding, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (coding->reviewer, ==, "Bilal");
  }

  /* Another reviewer does not undo Bilal's work. */
  g_assert_true (intake_project_get_can_undo (fixture->project));
  g_assert_true (intake_project_set_reviewer (fixture->project, NULL, &error));
  g_assert_cmpuint (notified, ==, 2);
  g_assert_null (intake_project_get_reviewer (fixture->project));
  g_assert_false (intake_project_get_can_undo (fixture->project));

  /* No reviewer: codings are refused, and say why. */
  g_assert_false (intake_project_add_coding (fixture->project, fixture->first, guid_of (fixture, TRUST),
                                             0, 5, NULL, &error));
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED);
}

/* Signals of submission changes */

static void
test_coding_signals (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeCoding) coding = NULL;
  g_autoptr(IntakeCoding) again = NULL;

  g_assert_true (intake_project_add_coding (fixture->project, fixture->second, guid_of (fixture, TRUST),
                                            0, 6, &coding, &error));
  g_assert_no_error (error);
  assert_counts (fixture, 0, 1, 0);
  g_assert_cmpint (fixture->counts.last_submission, ==, fixture->second);
  g_assert_cmpstr (coding->excerpt, ==, "Please");
  g_assert_cmpstr (intake_project_get_undo_label (fixture->project), ==, "Coding “Trust in police”");

  /* The same coding again is already there: nothing changes, nothing is said. */
  g_assert_true (intake_project_add_coding (fixture->project, fixture->second, guid_of (fixture, TRUST),
                                            0, 6, &again, &error));
  g_assert_cmpstr (again->guid, ==, coding->guid);
  assert_counts (fixture, 0, 1, 0);

  reset (fixture);
  g_assert_true (intake_project_remove_coding (fixture->project, coding->guid, &error));
  assert_counts (fixture, 0, 1, 0);
  g_assert_cmpint (fixture->counts.last_submission, ==, fixture->second);
  g_assert_cmpuint (count_codings (fixture, fixture->second), ==, 0);

  reset (fixture);
  g_assert_true (intake_project_undo (fixture->project, &error));   /* the removal */
  assert_counts (fixture, 0, 1, 0);
  g_assert_cmpint (fixture->counts.last_submission, ==, fixture->second);
  g_assert_cmpuint (count_codings (fixture, fixture->second), ==, 1);

  reset (fixture);
  g_assert_true (intake_project_undo (fixture->project, &error));   /* the coding */
  g_assert_cmpuint (count_codings (fixture, fixture->second), ==, 0);
  g_assert_true (intake_project_redo (fixture->project, &error));
  g_assert_no_error (error);
  assert_counts (fixture, 0, 2, 0);
  g_assert_cmpint (fixture->counts.last_submission, ==, fixture->second);
  g_assert_cmpuint (count_codings (fixture, fixture->second), ==, 1);
}

static void
test_attribute_status_memo_signals (Fixture       *fixture,
                                    gconstpointer  data)
{
  IntakeStore *store = intake_project_get_store (fixture->project);
  g_autoptr(GError) error = NULL;
  g_autofree char *memo = NULL;

  g_assert_true (intake_project_set_attribute (fixture->project, fixture->first, INTAKE_ATTRIBUTE_SCHOOL_BOARD,
                                               "FrancoSud", &error));
  g_assert_no_error (error);
  assert_counts (fixture, 0, 1, 0);
  g_assert_cmpint (fixture->counts.last_submission, ==, fixture->first);

  /* The same value is no change. */
  g_assert_true (intake_project_set_attribute (fixture->project, fixture->first, INTAKE_ATTRIBUTE_SCHOOL_BOARD,
                                               "FrancoSud", &error));
  assert_counts (fixture, 0, 1, 0);

  reset (fixture);
  g_assert_true (intake_project_set_status (fixture->project, fixture->second, INTAKE_STATUS_EXCLUDED, &error));
  g_assert_no_error (error);
  assert_counts (fixture, 0, 1, 0);
  g_assert_cmpint (fixture->counts.last_submission, ==, fixture->second);
  g_assert_true (intake_project_set_status (fixture->project, fixture->second, INTAKE_STATUS_EXCLUDED, &error));
  assert_counts (fixture, 0, 1, 0);

  reset (fixture);
  g_assert_true (intake_project_set_memo (fixture->project, fixture->first, "Quote the last line", &error));
  g_assert_no_error (error);
  assert_counts (fixture, 0, 1, 0);
  g_assert_cmpint (fixture->counts.last_submission, ==, fixture->first);
  memo = intake_store_get_memo (store, fixture->first, NULL, NULL);
  g_assert_cmpstr (memo, ==, "Quote the last line");
  g_assert_true (intake_project_set_memo (fixture->project, fixture->first, "Quote the last line", &error));
  assert_counts (fixture, 0, 1, 0);

  /* Memos are not undo steps: the status is what undo takes back next. */
  g_assert_cmpstr (intake_project_get_undo_label (fixture->project), ==, "Changing the status");

  reset (fixture);
  g_assert_true (intake_project_undo (fixture->project, &error));
  assert_counts (fixture, 0, 1, 0);
  g_assert_cmpint (fixture->counts.last_submission, ==, fixture->second);
  {
    g_autoptr(GPtrArray) rows = intake_store_get_summaries (store, &fixture->second, 1, NULL);
    g_assert_cmpint (intake_submission_get_status (g_ptr_array_index (rows, 0)), ==, INTAKE_STATUS_NEW);
  }

  reset (fixture);
  g_assert_true (intake_project_undo (fixture->project, &error));
  assert_counts (fixture, 0, 1, 0);
  g_assert_cmpint (fixture->counts.last_submission, ==, fixture->first);
  {
    g_autoptr(GHashTable) attributes = intake_store_get_attributes (store, fixture->first, NULL);
    g_assert_null (g_hash_table_lookup (attributes, INTAKE_ATTRIBUTE_SCHOOL_BOARD));
  }
}

static void
test_flag_signals (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *quotable = guid_of (fixture, QUOTABLE);
  g_autoptr(GListModel) flags = intake_project_get_flags (fixture->project);
  g_autoptr(GError) error = NULL;

  assert_names (flags, "Needs redaction|Safeguarding concern (disclosure of harm)|Quotable|Off-topic");

  g_assert_false (intake_project_get_flag (fixture->project, fixture->first, quotable));
  g_assert_true (intake_project_set_flag (fixture->project, fixture->first, quotable, TRUE, &error));
  g_assert_no_error (error);
  assert_counts (fixture, 0, 1, 0);
  g_assert_cmpint (fixture->counts.last_submission, ==, fixture->first);
  g_assert_true (intake_project_get_flag (fixture->project, fixture->first, quotable));

  /* Raising a raised flag changes nothing. */
  g_assert_true (intake_project_set_flag (fixture->project, fixture->first, quotable, TRUE, &error));
  assert_counts (fixture, 0, 1, 0);

  reset (fixture);
  g_assert_true (intake_project_toggle_flag (fixture->project, fixture->first, quotable, &error));
  assert_counts (fixture, 0, 1, 0);
  g_assert_false (intake_project_get_flag (fixture->project, fixture->first, quotable));

  reset (fixture);
  g_assert_true (intake_project_undo (fixture->project, &error));
  assert_counts (fixture, 0, 1, 0);
  g_assert_cmpint (fixture->counts.last_submission, ==, fixture->first);
  g_assert_true (intake_project_get_flag (fixture->project, fixture->first, quotable));

  /* Only codes of the Flags group are flags. */
  reset (fixture);
  g_assert_false (intake_project_set_flag (fixture->project, fixture->first, guid_of (fixture, TRUST), TRUE, &error));
  g_assert_error (error, INTAKE_PROJECT_ERROR, INTAKE_PROJECT_ERROR_NOT_A_FLAG);
  assert_counts (fixture, 0, 0, 0);
  g_assert_cmpuint (count_codings (fixture, fixture->first), ==, 1);
}

/* Codebook edits: each is done, undone and redone */

static void
test_codebook_add (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GListModel) children = children_of (fixture, EXPERIENCES);
  g_autoptr(GError) error = NULL;
  g_autofree char *guid = NULL;

  g_assert_true (intake_project_add_code (fixture->project, guid_of (fixture, EXPERIENCES), "Fear of reporting",
                                          "#AA3300", TRUE, &guid, &error));
  g_assert_no_error (error);
  g_assert_nonnull (guid);
  assert_counts (fixture, 1, 0, 0);
  assert_names (children, EXPERIENCES_NAMES "|Fear of reporting");
  g_assert_nonnull (intake_codebook_find_by_guid (intake_project_get_codebook (fixture->project), guid));
  g_assert_cmpstr (intake_project_get_undo_label (fixture->project), ==, "Adding “Fear of reporting”");

  g_assert_true (intake_project_undo (fixture->project, &error));
  g_assert_no_error (error);
  assert_counts (fixture, 2, 0, 0);
  assert_names (children, EXPERIENCES_NAMES);
  g_assert_null (intake_codebook_find_by_guid (intake_project_get_codebook (fixture->project), guid));

  g_assert_true (intake_project_redo (fixture->project, &error));
  g_assert_no_error (error);
  assert_counts (fixture, 3, 0, 0);
  assert_names (children, EXPERIENCES_NAMES "|Fear of reporting");
  /* The same code, so codings that name it still find it. */
  g_assert_nonnull (intake_codebook_find_by_guid (intake_project_get_codebook (fixture->project), guid));

  /* A group at the top level. */
  reset (fixture);
  g_clear_pointer (&guid, g_free);
  g_assert_true (intake_project_add_code (fixture->project, NULL, "Logistics", NULL, FALSE, &guid, &error));
  assert_counts (fixture, 1, 0, 0);
  assert_names (intake_project_get_codes (fixture->project), TOP_NAMES "|Logistics");
  g_assert_true (intake_project_undo (fixture->project, &error));
  assert_names (intake_project_get_codes (fixture->project), TOP_NAMES);
}

static void
test_codebook_rename (Fixture       *fixture,
                      gconstpointer  data)
{
  GListModel *codes = intake_project_get_codes (fixture->project);
  g_autofree char *guid = g_strdup (guid_of (fixture, EQUITY_LENS));
  g_autoptr(GError) error = NULL;

  g_assert_true (intake_project_rename_code (fixture->project, guid, "Anti-racism lens", &error));
  g_assert_no_error (error);
  assert_counts (fixture, 1, 0, 0);
  assert_names (codes, "Stance on the programme|Programme activities|Experiences|Anti-racism lens|"
                       "Alternatives and recommendations|Flags");
  g_assert_cmpstr (intake_project_get_undo_label (fixture->project), ==, "Renaming “Equity lens”");

  g_assert_true (intake_project_undo (fixture->project, &error));
  assert_counts (fixture, 2, 0, 0);
  assert_names (codes, TOP_NAMES);

  g_assert_true (intake_project_redo (fixture->project, &error));
  g_assert_no_error (error);
  assert_counts (fixture, 3, 0, 0);
  assert_names (codes, "Stance on the programme|Programme activities|Experiences|Anti-racism lens|"
                       "Alternatives and recommendations|Flags");

  /* The same name is no change. */
  g_assert_true (intake_project_rename_code (fixture->project, guid, "Anti-racism lens", &error));
  assert_counts (fixture, 3, 0, 0);
}

static void
test_codebook_describe_and_recolor (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GListModel) children = children_of (fixture, EXPERIENCES);
  g_autofree char *guid = g_strdup (guid_of (fixture, TRUST));
  g_autofree char *old_description = g_strdup (intake_code_get_description (code_of (fixture, TRUST)));
  g_autofree char *old_color = g_strdup (intake_code_get_color (code_of (fixture, TRUST)));
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeCode) item = NULL;

  g_assert_cmpstr (old_color, !=, "#123456");

  g_assert_true (intake_project_describe_code (fixture->project, guid, "Says they trust officers.", &error));
  g_assert_no_error (error);
  assert_counts (fixture, 1, 0, 0);
  item = g_list_model_get_item (children, 2);
  g_assert_cmpstr (intake_code_get_description (item), ==, "Says they trust officers.");
  g_clear_object (&item);

  g_assert_true (intake_project_recolor_code (fixture->project, guid, "#123456", &error));
  g_assert_no_error (error);
  assert_counts (fixture, 2, 0, 0);
  item = g_list_model_get_item (children, 2);
  g_assert_cmpstr (intake_code_get_color (item), ==, "#123456");
  g_clear_object (&item);
  g_assert_cmpstr (intake_project_get_undo_label (fixture->project), ==, "Changing the colour of “Trust in police”");

  g_assert_true (intake_project_undo (fixture->project, &error));   /* colour */
  assert_counts (fixture, 3, 0, 0);
  item = g_list_model_get_item (children, 2);
  g_assert_cmpstr (intake_code_get_color (item), ==, old_color);
  g_assert_cmpstr (intake_code_get_description (item), ==, "Says they trust officers.");
  g_clear_object (&item);

  g_assert_true (intake_project_undo (fixture->project, &error));   /* description */
  assert_counts (fixture, 4, 0, 0);
  item = g_list_model_get_item (children, 2);
  g_assert_cmpstr (intake_code_get_description (item), ==, old_description);
  g_clear_object (&item);

  g_assert_true (intake_project_redo (fixture->project, &error));
  g_assert_true (intake_project_redo (fixture->project, &error));
  g_assert_no_error (error);
  assert_counts (fixture, 6, 0, 0);
  item = g_list_model_get_item (children, 2);
  g_assert_cmpstr (intake_code_get_description (item), ==, "Says they trust officers.");
  g_assert_cmpstr (intake_code_get_color (item), ==, "#123456");
  g_assert_false (intake_project_get_can_redo (fixture->project));
}

static void
test_codebook_move (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GListModel) experiences = children_of (fixture, EXPERIENCES);
  g_autoptr(GListModel) equity = children_of (fixture, EQUITY_LENS);
  g_autofree char *guid = g_strdup (guid_of (fixture, TRUST));
  g_autofree char *equity_names = names (equity);
  g_autofree char *moved_names = g_strconcat ("Trust in police|", equity_names, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (intake_project_move_code (fixture->project, guid, guid_of (fixture, EQUITY_LENS), 0, &error));
  g_assert_no_error (error);
  assert_counts (fixture, 1, 0, 0);
  assert_names (experiences, "Feels safer|Feels unsafe or intimidated|Distrust of police|"
                             "Positive interaction|Negative interaction");
  assert_names (equity, moved_names);
  g_assert_nonnull (intake_codebook_find (intake_project_get_codebook (fixture->project), "Equity lens/Trust in police"));
  g_assert_cmpstr (intake_project_get_undo_label (fixture->project), ==, "Moving “Trust in police”");

  g_assert_true (intake_project_undo (fixture->project, &error));
  g_assert_no_error (error);
  assert_counts (fixture, 2, 0, 0);
  assert_names (experiences, EXPERIENCES_NAMES);
  assert_names (equity, equity_names);

  g_assert_true (intake_project_redo (fixture->project, &error));
  g_assert_no_error (error);
  assert_counts (fixture, 3, 0, 0);
  assert_names (equity, moved_names);

  /* To the top level, last. */
  g_assert_true (intake_project_move_code (fixture->project, guid, NULL, -1, &error));
  assert_names (intake_project_get_codes (fixture->project), TOP_NAMES "|Trust in police");
  assert_names (equity, equity_names);
  g_assert_true (intake_project_undo (fixture->project, &error));
  assert_names (intake_project_get_codes (fixture->project), TOP_NAMES);
  assert_names (equity, moved_names);
}

static void
test_codebook_reorder (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GListModel) experiences = children_of (fixture, EXPERIENCES);
  GListModel *codes = intake_project_get_codes (fixture->project);
  g_autoptr(GError) error = NULL;

  g_assert_true (intake_project_reorder_code (fixture->project, guid_of (fixture, "Experiences/Negative interaction"),
                                              0, &error));
  g_assert_no_error (error);
  assert_counts (fixture, 1, 0, 0);
  assert_names (experiences, "Negative interaction|Feels safer|Feels unsafe or intimidated|Trust in police|"
                             "Distrust of police|Positive interaction");
  g_assert_cmpstr (intake_project_get_undo_label (fixture->project), ==, "Reordering “Negative interaction”");

  g_assert_true (intake_project_undo (fixture->project, &error));
  assert_counts (fixture, 2, 0, 0);
  assert_names (experiences, EXPERIENCES_NAMES);

  g_assert_true (intake_project_redo (fixture->project, &error));
  assert_counts (fixture, 3, 0, 0);
  assert_names (experiences, "Negative interaction|Feels safer|Feels unsafe or intimidated|Trust in police|"
                             "Distrust of police|Positive interaction");

  /* Top-level groups too: Flags first. */
  g_assert_true (intake_project_reorder_code (fixture->project, guid_of (fixture, "Flags"), 0, &error));
  assert_names (codes, "Flags|Stance on the programme|Programme activities|Experiences|Equity lens|"
                       "Alternatives and recommendations");
  g_assert_true (intake_project_undo (fixture->project, &error));
  assert_names (codes, TOP_NAMES);
  g_assert_true (intake_project_redo (fixture->project, &error));
  assert_names (codes, "Flags|Stance on the programme|Programme activities|Experiences|Equity lens|"
                       "Alternatives and recommendations");

  /* Where it is already is no change. */
  reset (fixture);
  g_assert_true (intake_project_reorder_code (fixture->project, guid_of (fixture, "Flags"), 0, &error));
  assert_counts (fixture, 0, 0, 0);
}

static void
test_codebook_delete (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GListModel) experiences = children_of (fixture, EXPERIENCES);
  g_autofree char *guid = g_strdup (guid_of (fixture, TRUST));
  g_autoptr(GError) error = NULL;

  g_assert_true (intake_project_add_coding (fixture->project, fixture->first, guid, 0, 3, NULL, &error));
  g_assert_no_error (error);
  reset (fixture);

  g_assert_true (intake_project_delete_code (fixture->project, guid, &error));
  g_assert_no_error (error);
  assert_counts (fixture, 1, 0, 0);
  assert_names (experiences, "Feels safer|Feels unsafe or intimidated|Distrust of police|"
                             "Positive interaction|Negative interaction");
  g_assert_cmpuint (count_codings (fixture, fixture->first), ==, 0);
  g_assert_cmpstr (intake_project_get_undo_label (fixture->project), ==, "Deleting “Trust in police”");

  g_assert_true (intake_project_undo (fixture->project, &error));
  g_assert_no_error (error);
  assert_counts (fixture, 2, 0, 0);
  assert_names (experiences, EXPERIENCES_NAMES);
  g_assert_cmpuint (count_codings (fixture, fixture->first), ==, 1);

  g_assert_true (intake_project_redo (fixture->project, &error));
  g_assert_no_error (error);
  assert_counts (fixture, 3, 0, 0);
  assert_names (experiences, "Feels safer|Feels unsafe or intimidated|Distrust of police|"
                             "Positive interaction|Negative interaction");

  /* A whole group: its children model empties, the top level loses it. */
  g_assert_true (intake_project_delete_code (fixture->project, guid_of (fixture, EXPERIENCES), &error));
  g_assert_cmpuint (g_list_model_get_n_items (experiences), ==, 0);
  assert_names (intake_project_get_codes (fixture->project), "Stance on the programme|Programme activities|"
                "Equity lens|Alternatives and recommendations|Flags");
  g_assert_true (intake_project_undo (fixture->project, &error));
  assert_names (intake_project_get_codes (fixture->project), TOP_NAMES);
  assert_names (experiences, "Feels safer|Feels unsafe or intimidated|Distrust of police|"
                             "Positive interaction|Negative interaction");
}

typedef struct
{
  guint calls;
  guint position;
  guint removed;
  guint added;
} ItemsChanged;

static void
items_changed_cb (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *changed)
{
  changed->calls++;
  changed->position = position;
  changed->removed = removed;
  changed->added = added;
}

static void
test_children_follow_rename (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GListModel) children = children_of (fixture, EXPERIENCES);
  g_autoptr(GListModel) same = children_of (fixture, EXPERIENCES);
  g_autoptr(IntakeCode) group = g_list_model_get_item (intake_project_get_codes (fixture->project), 2);
  g_autoptr(IntakeCode) group_after = NULL;
  g_autoptr(IntakeCode) first = g_list_model_get_item (children, 0);
  g_autoptr(IntakeCode) first_after = NULL;
  ItemsChanged changed = { 0, }, top_changed = { 0, };
  g_autoptr(GError) error = NULL;

  /* One model per code, shared. */
  g_assert_true (children == same);
  g_signal_connect (children, "items-changed", G_CALLBACK (items_changed_cb), &changed);
  g_signal_connect (intake_project_get_codes (fixture->project), "items-changed",
                    G_CALLBACK (items_changed_cb), &top_changed);

  g_assert_true (intake_project_rename_code (fixture->project, guid_of (fixture, TRUST), "Trusts the police", &error));
  g_assert_no_error (error);

  /* Only the renamed row is replaced; the others and the parent stay. */
  g_assert_cmpuint (changed.calls, ==, 1);
  g_assert_cmpuint (changed.position, ==, 2);
  g_assert_cmpuint (changed.removed, ==, 1);
  g_assert_cmpuint (changed.added, ==, 1);
  assert_names (children, "Feels safer|Feels unsafe or intimidated|Trusts the police|Distrust of police|"
                          "Positive interaction|Negative interaction");
  first_after = g_list_model_get_item (children, 0);
  g_assert_true (first == first_after);
  g_assert_cmpuint (top_changed.calls, ==, 0);
  group_after = g_list_model_get_item (intake_project_get_codes (fixture->project), 2);
  g_assert_true (group == group_after);

  g_assert_true (intake_project_undo (fixture->project, &error));
  g_assert_cmpuint (changed.calls, ==, 2);
  assert_names (children, EXPERIENCES_NAMES);

  /* A code without children has no model; one that gains a child gets one. */
  g_assert_null (intake_project_get_children (fixture->project, code_of (fixture, TRUST)));
  g_assert_true (intake_project_add_code (fixture->project, guid_of (fixture, TRUST), "In officers", NULL, TRUE,
                                          NULL, &error));
  {
    g_autoptr(GListModel) grandchildren = children_of (fixture, TRUST);
    assert_names (grandchildren, "In officers");
  }
}

/* The model mirrored through its items-changed alone, as a view sees it. */
static void
mirror_items_changed_cb (GListModel *model,
                         guint       position,
                         guint       removed,
                         guint       added,
                         GPtrArray  *mirror)
{
  g_assert_cmpuint (position + removed, <=, mirror->len);
  g_ptr_array_remove_range (mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (mirror, position + i, g_list_model_get_item (model, position + i));
  g_assert_cmpuint (mirror->len, ==, g_list_model_get_n_items (model));
}

static void
count_items_changed (guint *count)
{
  (*count)++;
}

static void
test_model_random_updates (void)
{
  g_autoptr(GPtrArray) guids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) mirror = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(IntakeCodebookModel) model = NULL;
  g_autofree char *parent = g_uuid_string_random ();
  guint n_changes = 0;

  for (guint i = 0; i < 8; i++)
    g_ptr_array_add (guids, g_uuid_string_random ());

  model = intake_codebook_model_new (parent, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_signal_connect (model, "items-changed", G_CALLBACK (mirror_items_changed_cb), mirror);
  g_signal_connect_swapped (model, "items-changed", G_CALLBACK (count_items_changed), &n_changes);

  for (guint round = 0; round < 500; round++)
    {
      g_autoptr(IntakeCodebook) codebook = intake_codebook_new ();
      g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GPtrArray) expected = g_ptr_array_new ();
      gboolean order[8] = { FALSE, };
      gboolean unchanged;
      guint before_changes;

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
        g_ptr_array_add (before, g_list_model_get_item (G_LIST_MODEL (model), i));

      /* Some of the codes, in some order, some renamed ("a" or "b"). */
      intake_codebook_append_code (codebook, parent, "Parent", NULL, NULL, FALSE, NULL);
      for (guint i = 0; i < 8; i++)
        {
          guint pick = g_test_rand_int_range (0, 8);

          if (order[pick] || g_test_rand_bit ())
            continue;
          order[pick] = TRUE;
          g_ptr_array_add (expected,
                           intake_codebook_append_code (codebook, g_ptr_array_index (guids, pick),
                                                        g_test_rand_int_range (0, 4) == 0 ? "b" : "a",
                                                        NULL, NULL, TRUE, parent));
        }

      unchanged = before->len == expected->len;
      for (guint i = 0; unchanged && i < expected->len; i++)
        unchanged = strcmp (intake_code_get_guid (g_ptr_array_index (before, i)),
                            intake_code_get_guid (g_ptr_array_index (expected, i))) == 0 &&
                    strcmp (intake_code_get_name (g_ptr_array_index (before, i)),
                            intake_code_get_name (g_ptr_array_index (expected, i))) == 0;
      before_changes = n_changes;

      intake_codebook_model_update (model, codebook);

      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, expected->len);
      g_assert_cmpuint (mirror->len, ==, expected->len);
      for (guint i = 0; i < expected->len; i++)
        {
          g_autoptr(IntakeCode) item = g_list_model_get_item (G_LIST_MODEL (model), i);
          IntakeCode *want = g_ptr_array_index (expected, i);

          g_assert_true (g_ptr_array_index (mirror, i) == item);
          g_assert_cmpstr (intake_code_get_guid (item), ==, intake_code_get_guid (want));
          g_assert_cmpstr (intake_code_get_name (item), ==, intake_code_get_name (want));

          /* An unchanged list keeps all its items. */
          if (unchanged)
            g_assert_true (item == g_ptr_array_index (before, i));
        }
      if (unchanged)
        g_assert_cmpuint (n_changes, ==, before_changes);

      /* The same snapshot again, or another one alike: nothing to say. */
      before_changes = n_changes;
      intake_codebook_model_update (model, codebook);
      g_assert_cmpuint (n_changes, ==, before_changes);
    }
}

/* Failures */

static void
test_failure_unknown_submission (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint notified = 0;

  g_signal_connect (fixture->project, "notify::can-undo", G_CALLBACK (count_notify_cb), &notified);
  g_signal_connect (fixture->project, "notify::undo-label", G_CALLBACK (count_notify_cb), &notified);

  g_assert_false (intake_project_add_coding (fixture->project, 9999, guid_of (fixture, TRUST), -1, -1, NULL, &error));
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (intake_project_set_attribute (fixture->project, 9999, INTAKE_ATTRIBUTE_LANGUAGE, "French", &error));
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (intake_project_set_status (fixture->project, 9999, INTAKE_STATUS_CODED, &error));
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (intake_project_set_memo (fixture->project, 9999, "Nobody", &error));
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (intake_project_remove_coding (fixture->project, "not-a-coding", &error));
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  assert_counts (fixture, 0, 0, 0);
  g_assert_false (intake_project_get_can_undo (fixture->project));
  g_assert_null (intake_project_get_undo_label (fixture->project));
  g_assert_cmpuint (notified, ==, 0);
}

static void
test_failure_codebook (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (intake_project_rename_code (fixture->project, guid_of (fixture, TRUST), "", &error));
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (intake_project_add_code (fixture->project, NULL, "", NULL, TRUE, NULL, &error));
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (intake_project_move_code (fixture->project, guid_of (fixture, EXPERIENCES),
                                            guid_of (fixture, TRUST), 0, &error));
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (intake_project_delete_code (fixture->project, "00000000-0000-0000-0000-000000000000", &error));
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (intake_project_reorder_code (fixture->project, "00000000-0000-0000-0000-000000000000", 0, &error));
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_NOT_FOUND);

  assert_counts (fixture, 0, 0, 0);
  g_assert_false (intake_project_get_can_undo (fixture->project));
  assert_names (intake_project_get_codes (fixture->project), TOP_NAMES);
}

/* Makes the project's file refuse writes: by its mode, or, for a user whom
 * modes do not stop (root), by triggers that abort every write. */
static void
make_read_only (const char *path)
{
  sqlite3 *db = NULL;
  const char *tables[] = { "audit", "reviewers", "codes", "codings", "attributes", "memos", "submissions" };

  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  if (access (path, W_OK) != 0)
    return;

  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    for (guint j = 0; j < 3; j++)
      {
        const char *op = (const char *[]) { "INSERT", "UPDATE", "DELETE" }[j];
        g_autofree char *sql = g_strdup_printf ("CREATE TRIGGER refuse_%s_%s BEFORE %s ON %s"
                                                " BEGIN SELECT RAISE(ABORT, 'attempt to write a readonly database'); END",
                                                tables[i], op, op, tables[i]);

        g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
      }
  sqlite3_close (db);
}

static void
test_failure_read_only (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeCoding) coding = NULL;
  g_autofree char *trust = g_strdup (guid_of (fixture, TRUST));
  g_autofree char *experiences = g_strdup (guid_of (fixture, EXPERIENCES));
  g_autofree char *quotable = g_strdup (guid_of (fixture, QUOTABLE));
  g_autoptr(GListModel) children = NULL;
  gint64 first = fixture->first;

  /* A coding to remove, made while the file could still be written. */
  g_assert_true (intake_project_add_coding (fixture->project, first, trust, 0, 3, &coding, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&fixture->project));

  make_read_only (fixture->path);
  fixture->project = intake_project_open (fixture->path, &error);
  g_assert_no_error (error);
  watch (fixture->project, &fixture->counts);
  children = children_of (fixture, EXPERIENCES);

  /* A reviewer the project knows needs no write; a new one does. */
  g_assert_true (intake_project_set_reviewer (fixture->project, "Amina", &error));
  g_assert_no_error (error);
  g_assert_false (intake_project_set_reviewer (fixture->project, "Someone new", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpstr (intake_project_get_reviewer (fixture->project), ==, "Amina");

  g_assert_false (intake_project_add_coding (fixture->project, first, trust, -1, -1, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (intake_project_remove_coding (fixture->project, coding->guid, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (intake_project_set_attribute (fixture->project, first, INTAKE_ATTRIBUTE_LANGUAGE, "French", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (intake_project_set_status (fixture->project, first, INTAKE_STATUS_CODED, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (intake_project_set_memo (fixture->project, first, "Saved nowhere", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (intake_project_set_flag (fixture->project, first, quotable, TRUE, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (intake_project_add_code (fixture->project, experiences, "New", NULL, TRUE, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (intake_project_rename_code (fixture->project, trust, "Renamed", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (intake_project_describe_code (fixture->project, trust, "Described", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (intake_project_recolor_code (fixture->project, trust, "#000000", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (intake_project_reorder_code (fixture->project, trust, 0, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (intake_project_move_code (fixture->project, trust, NULL, 0, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (intake_project_delete_code (fixture->project, trust, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  assert_counts (fixture, 0, 0, 0);
  g_assert_false (intake_project_get_can_undo (fixture->project));
  g_assert_false (intake_project_get_can_redo (fixture->project));
  assert_names (children, EXPERIENCES_NAMES);
  g_assert_cmpuint (count_codings (fixture, first), ==, 1);
  g_chmod (fixture->path, 0644);
}

/* Undo properties */

static void
test_undo_properties_notify (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint can_undo = 0, can_redo = 0, label = 0;
  gboolean value;

  g_signal_connect (fixture->project, "notify::can-undo", G_CALLBACK (count_notify_cb), &can_undo);
  g_signal_connect (fixture->project, "notify::can-redo", G_CALLBACK (count_notify_cb), &can_redo);
  g_signal_connect (fixture->project, "notify::undo-label", G_CALLBACK (count_notify_cb), &label);

  g_assert_true (intake_project_set_status (fixture->project, fixture->first, INTAKE_STATUS_CODED, &error));
  g_assert_cmpuint (can_undo, ==, 1);
  g_assert_cmpuint (can_redo, ==, 0);
  g_assert_cmpuint (label, ==, 1);
  g_object_get (fixture->project, "can-undo", &value, NULL);
  g_assert_true (value);

  /* Still undoable with the same label: no notification. */
  g_assert_true (intake_project_set_status (fixture->project, fixture->second, INTAKE_STATUS_CODED, &error));
  g_assert_cmpuint (can_undo, ==, 1);
  g_assert_cmpuint (label, ==, 1);

  g_assert_true (intake_project_undo (fixture->project, &error));
  g_assert_cmpuint (can_redo, ==, 1);
  g_assert_true (intake_project_undo (fixture->project, &error));
  g_assert_cmpuint (can_undo, ==, 2);
  g_assert_cmpuint (label, ==, 2);
  g_object_get (fixture->project, "can-undo", &value, NULL);
  g_assert_false (value);
  g_object_get (fixture->project, "can-redo", &value, NULL);
  g_assert_true (value);
}

/* Import */

static void
import_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_import_emits_once (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *tests_dir = g_getenv ("INTAKE_TESTS_DIR");
  g_autofree char *sample = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(IntakeImportSummary) summary = NULL;
  g_autoptr(IntakeImporter) importer = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  if (tests_dir == NULL)
    {
      g_test_skip ("INTAKE_TESTS_DIR is not set");
      return;
    }
  sample = g_build_filename (tests_dir, "..", "data", "sample", "sample.mbox", NULL);
  file = g_file_new_for_path (sample);

  importer = intake_importer_new (intake_project_get_store (fixture->project));
  intake_project_import_async (fixture->project, &file, 1, importer, NULL, import_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  /* Emitted before the caller hears of the end. */
  assert_counts (fixture, 0, 0, 1);
  summary = intake_project_import_finish (fixture->project, result, &error);
  g_assert_no_error (error);
  /* The sample holds one resend. */
  g_assert_cmpuint (summary->seen, ==, 30);
  g_assert_cmpuint (summary->imported, ==, 29);
  g_assert_cmpuint (summary->duplicates, ==, 1);
  assert_counts (fixture, 0, 0, 1);

  ids = intake_store_list_ids (intake_project_get_store (fixture->project), NULL);
  g_assert_cmpuint (ids->len, ==, 2 + 29);

  /* Again: nothing new, nothing said. */
  g_clear_object (&result);
  g_clear_pointer (&summary, intake_import_summary_free);
  intake_project_import_async (fixture->project, &file, 1, NULL, NULL, import_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  summary = intake_project_import_finish (fixture->project, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->imported, ==, 0);
  assert_counts (fixture, 0, 0, 1);

  intake_project_notify_submissions_added (fixture->project);
  assert_counts (fixture, 0, 0, 2);
}

static void
assert_roles (GArray              *roles,
              const IntakeCsvRole *expected,
              guint                n_expected)
{
  g_assert_nonnull (roles);
  g_assert_cmpmem (roles->data, roles->len * sizeof (IntakeCsvRole),
                   expected, n_expected * sizeof (IntakeCsvRole));
}

/* The roles chosen for a survey export's columns come back for an export
 * with the same columns, and only for it; a new choice replaces the old,
 * and the project file keeps it. */
static void
test_csv_roles_remembered (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *header[] = { "Response ID", "Your comments", "Respondent group", "Notes", NULL };
  const char *reordered[] = { "Your comments", "Response ID", "Respondent group", "Notes", NULL };
  const char *fewer[] = { "Response ID", "Your comments", "Respondent group", NULL };
  const IntakeCsvRole first[] = { INTAKE_CSV_ROLE_ID, INTAKE_CSV_ROLE_TEXT,
                                  INTAKE_CSV_ROLE_ATTRIBUTE, INTAKE_CSV_ROLE_IGNORE };
  const IntakeCsvRole second[] = { INTAKE_CSV_ROLE_IGNORE, INTAKE_CSV_ROLE_TEXT,
                                   INTAKE_CSV_ROLE_ATTRIBUTE, INTAKE_CSV_ROLE_TEXT };
  g_autoptr(GArray) roles = g_array_new (FALSE, FALSE, sizeof (IntakeCsvRole));
  g_autoptr(GArray) recalled = NULL;
  g_autoptr(GError) error = NULL;

  recalled = intake_project_recall_csv_roles (fixture->project, header, &error);
  g_assert_no_error (error);
  g_assert_null (recalled);

  g_array_append_vals (roles, first, G_N_ELEMENTS (first));
  g_assert_true (intake_project_remember_csv_roles (fixture->project, header, roles, &error));
  g_assert_no_error (error);

  recalled = intake_project_recall_csv_roles (fixture->project, header, &error);
  g_assert_no_error (error);
  assert_roles (recalled, first, G_N_ELEMENTS (first));
  g_clear_pointer (&recalled, g_array_unref);

  /* Other columns, or the same in another order, are another export. */
  g_assert_null (intake_project_recall_csv_roles (fixture->project, reordered, &error));
  g_assert_no_error (error);
  g_assert_null (intake_project_recall_csv_roles (fixture->project, fewer, &error));
  g_assert_no_error (error);

  g_array_set_size (roles, 0);
  g_array_append_vals (roles, second, G_N_ELEMENTS (second));
  g_assert_true (intake_project_remember_csv_roles (fixture->project, header, roles, &error));
  g_assert_no_error (error);

  /* Remembering is no coding work: nothing to undo, nothing emitted. */
  g_assert_false (intake_project_get_can_undo (fixture->project));
  g_assert_cmpuint (fixture->counts.submission_changed, ==, 0);

  g_clear_object (&fixture->project);
  fixture->project = intake_project_open (fixture->path, &error);
  g_assert_no_error (error);
  recalled = intake_project_recall_csv_roles (fixture->project, header, &error);
  g_assert_no_error (error);
  assert_roles (recalled, second, G_N_ELEMENTS (second));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/project/open/creates", test_open_creates);
  g_test_add_func ("/project/open/not-a-project", test_open_not_a_project);
  g_test_add_func ("/project/open/async", test_open_async);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/project/reviewer/property", test_reviewer_property);
  ADD ("/project/signals/coding", test_coding_signals);
  ADD ("/project/signals/attribute-status-memo", test_attribute_status_memo_signals);
  ADD ("/project/signals/flag", test_flag_signals);
  ADD ("/project/codebook/add", test_codebook_add);
  ADD ("/project/codebook/rename", test_codebook_rename);
  ADD ("/project/codebook/describe-recolor", test_codebook_describe_and_recolor);
  ADD ("/project/codebook/move", test_codebook_move);
  ADD ("/project/codebook/reorder", test_codebook_reorder);
  ADD ("/project/codebook/delete", test_codebook_delete);
  ADD ("/project/codebook/children-follow-rename", test_children_follow_rename);
  g_test_add_func ("/project/codebook/model-random-updates", test_model_random_updates);
  ADD ("/project/failure/unknown-submission", test_failure_unknown_submission);
  ADD ("/project/failure/codebook", test_failure_codebook);
  ADD ("/project/failure/read-only", test_failure_read_only);
  ADD ("/project/undo/properties-notify", test_undo_properties_notify);
  ADD ("/project/import/emits-once", test_import_emits_once);
  ADD ("/project/csv-roles/remembered", test_csv_roles_remembered);
#undef ADD

  return g_test_run ();
}
