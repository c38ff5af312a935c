#define G_LOG_DOMAIN "test-activity-ui"

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>
#include <string.h>

#include "intake-activity-window.h"
#include "intake-file.h"
#include "intake-importer.h"
#include "intake-project.h"
#include "intake-store.h"
#include "ui-test-support.h"

/* Priya's letter is long enough that its excerpt is shortened in a row;
 * the third message starts its subject and text like spreadsheet formulas. */
#define PRIYA_TEXT \
  "My son was stopped twice in the school parking lot by the officer, who asked " \
  "him where he was going and who his friends were, in front of everyone."

static const char mailbox[] =
  "From priya@example.org Wed Apr 21 14:00:00 2021\n"
  "From: Priya Sharma <priya@example.org>\n"
  "To: engage@example.org\n"
  "Subject: Concerns about racial profiling\n"
  "Date: Wed, 21 Apr 2021 14:00:00 -0600\n"
  "Message-ID: <priya-1@example.org>\n"
  "\n"
  PRIYA_TEXT "\n"
  "\n"
  "From jerome@example.org Tue Apr 20 09:30:00 2021\n"
  "From: =?utf-8?q?J=C3=A9r=C3=B4me_Tremblay?= <jerome@example.org>\n"
  "To: engage@example.org\n"
  "Subject: =?utf-8?q?R=C3=A9vision_du_programme?=\n"
  "Date: Tue, 20 Apr 2021 09:30:00 -0600\n"
  "Message-ID: <jerome-1@example.org>\n"
  "Content-Type: text/plain; charset=utf-8\n"
  "Content-Transfer-Encoding: quoted-printable\n"
  "\n"
  "Je demande une r=C3=A9vision compl=C3=A8te du programme.\n"
  "\n"
  "From x@example.org Mon Apr 19 09:30:00 2021\n"
  "From: x@example.org\n"
  "To: engage@example.org\n"
  "Subject: =1+2\n"
  "Date: Mon, 19 Apr 2021 09:30:00 -0600\n"
  "Message-ID: <x-1@example.org>\n"
  "\n"
  "-1 \"quoted\" words here.\n";

typedef struct
{
  char          *dir;
  IntakeProject *project;   /* Alice's */
  IntakeStore   *store;     /* the project's */
  gint64         priya;
  gint64         jerome;
  gint64         formula;
} Fixture;

static gint64
find_submission (Fixture    *fixture,
                 const char *subject)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = intake_store_list_ids (fixture->store, &error);
  g_autoptr(GPtrArray) rows = NULL;

  g_assert_no_error (error);
  rows = intake_store_get_summaries (fixture->store, (const gint64 *) (void *) ids->data, ids->len, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (intake_submission_get_subject (g_ptr_array_index (rows, i)), subject) == 0)
      return intake_submission_get_id (g_ptr_array_index (rows, i));

  g_assert_not_reached ();
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeImporter) importer = NULL;
  g_autoptr(IntakeImportSummary) summary = NULL;
  g_autoptr(GFile) file = NULL;

  fixture->project = open_temporary_project ("test-activity-ui-XXXXXX", &fixture->dir, &fixture->store);
  file = write_file (fixture->dir, "inbox.mbox", mailbox);

  importer = intake_importer_new (fixture->store);
  summary = intake_importer_import_sync (importer, &file, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->imported, ==, 3);

  fixture->priya = find_submission (fixture, "Concerns about racial profiling");
  fixture->jerome = find_submission (fixture, "Révision du programme");
  fixture->formula = find_submission (fixture, "=1+2");

  g_assert_true (intake_project_set_reviewer (fixture->project, "Alice", &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  destroy_toplevels ();
  iterate_for (50);

  g_assert_finalize_object (fixture->project);
  g_assert_finalize_object (fixture->store);

  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static char *
guid_of (Fixture    *fixture,
         const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeCodebook) codebook = intake_store_load_codebook (fixture->store, &error);
  IntakeCode *code;

  g_assert_no_error (error);
  code = intake_codebook_find (codebook, path);
  g_assert_nonnull (code);
  return g_strdup (intake_code_get_guid (code));
}

static guint
count_rows (GtkWidget *root)
{
  GtkWidget *list_box = find_widget (root, GTK_TYPE_LIST_BOX, NULL, NULL);
  guint n = 0;

  g_assert_nonnull (list_box);
  for (GtkWidget *child = gtk_widget_get_first_child (list_box);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child))
      n++;

  return n;
}

/* The @n-th row, newest first. */
static AdwActionRow *
nth_row (GtkWidget *root,
         guint      n)
{
  GtkWidget *list_box = find_widget (root, GTK_TYPE_LIST_BOX, NULL, NULL);
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list_box), (int) n);

  g_assert_true (ADW_IS_ACTION_ROW (row));
  return ADW_ACTION_ROW (row);
}

static IntakeActivityWindow *
open_activity (Fixture *fixture,
               guint    n_rows)
{
  IntakeActivityWindow *window;

  window = g_object_ref (INTAKE_ACTIVITY_WINDOW (intake_activity_window_new (NULL, fixture->project)));
  /* Read in a worker thread: nothing is listed until the main loop runs. */
  g_assert_cmpuint (count_rows (GTK_WIDGET (window)), ==, 0);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  WAIT_UNTIL (count_rows (GTK_WIDGET (window)) == n_rows);

  return window;
}

static void
assert_accessible_label (gpointer    widget,
                         const char *expected)
{
  g_autofree char *failure = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                                GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                                expected);

  if (failure != NULL)
    g_error ("Accessible label: %s", failure);
}

static void
test_rows_name_submissions_and_excerpts (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeCoding) removed = NULL;
  g_autofree char *surveillance = guid_of (fixture, "Equity lens/Surveillance");
  g_autofree char *trust = guid_of (fixture, "Experiences/Trust in police");
  g_autofree char *phase = NULL;
  IntakeActivityWindow *window;
  AdwActionRow *row;
  int length = (int) g_utf8_strlen (PRIYA_TEXT, -1);

  g_assert_true (intake_project_add_coding (fixture->project, fixture->priya, surveillance, 0, length, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (intake_project_add_coding (fixture->project, fixture->jerome, trust, 0, 23, &removed, &error));
  g_assert_no_error (error);
  g_assert_true (intake_project_remove_coding (fixture->project, removed->guid, &error));
  g_assert_no_error (error);
  g_assert_true (intake_project_add_code (fixture->project, NULL, "Phase 2", NULL, TRUE, &phase, &error));
  g_assert_no_error (error);
  g_assert_true (intake_project_add_coding (fixture->project, fixture->jerome, phase, -1, -1, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (intake_project_delete_code (fixture->project, phase, &error));
  g_assert_no_error (error);

  /* code, code, uncode, add code, code, delete code: newest first. */
  window = open_activity (fixture, 6);

  /* A code since deleted: its name as it was, with the submission's sender and subject. */
  row = nth_row (GTK_WIDGET (window), 1);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Coded");
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "Jérôme Tremblay — Révision du programme\nPhase 2");
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));

  /* A coding since removed: its excerpt's text all the same. */
  row = nth_row (GTK_WIDGET (window), 3);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Removed coding");
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==,
                   "Jérôme Tremblay — Révision du programme\nExperiences/Trust in police · “Je demande une révision”");

  /* A long excerpt is cut at a word, with its whole text in the tooltip
   * and in what a screen reader says. */
  row = nth_row (GTK_WIDGET (window), 5);
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==,
                   "Priya Sharma — Concerns about racial profiling\n"
                   "Equity lens/Surveillance · “My son was stopped twice in the school parking lot by the officer, who asked him…”");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (row)), ==,
                   "Equity lens/Surveillance · “" PRIYA_TEXT "”");
  assert_accessible_label (row, "Coded, Priya Sharma — Concerns about racial profiling, "
                                "Equity lens/Surveillance · “" PRIYA_TEXT "”, by Alice, Just now");

  /* A codebook edit is about no submission: there is nothing to open. */
  row = nth_row (GTK_WIDGET (window), 0);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Edited codebook");
  g_assert_false (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));

  /* The controls are named for a screen reader. */
  assert_accessible_label (find_widget (GTK_WIDGET (window), GTK_TYPE_DROP_DOWN, NULL, NULL), "Reviewer");
  assert_accessible_label (find_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, NULL, NULL), "Export as CSV");

  close_and_finalize (window);
}

static void
test_rows_follow_changes (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *trust = guid_of (fixture, "Experiences/Trust in police");
  IntakeActivityWindow *window;

  g_assert_true (intake_project_set_status (fixture->project, fixture->jerome, INTAKE_STATUS_CODED, &error));
  g_assert_no_error (error);
  window = open_activity (fixture, 1);

  /* A burst of changes, read in the background while the window listens. */
  for (guint i = 0; i < 5; i++)
    {
      g_assert_true (intake_project_set_status (fixture->project, fixture->jerome,
                                                i % 2 ? INTAKE_STATUS_CODED : INTAKE_STATUS_IN_PROGRESS, &error));
      g_assert_no_error (error);
    }
  g_assert_true (intake_project_add_coding (fixture->project, fixture->jerome, trust, -1, -1, NULL, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (count_rows (GTK_WIDGET (window)) == 7);
  g_assert_cmpstr (adw_action_row_get_subtitle (nth_row (GTK_WIDGET (window), 0)), ==,
                   "Jérôme Tremblay — Révision du programme\nExperiences/Trust in police");

  close_and_finalize (window);
}

static void
open_submission_cb (IntakeActivityWindow *window,
                    gint64                submission_id,
                    gpointer              user_data)
{
  GArray *opened = user_data;

  g_array_append_val (opened, submission_id);
}

static void
test_return_opens_submission (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) opened = g_array_new (FALSE, FALSE, sizeof (gint64));
  IntakeActivityWindow *window;
  AdwActionRow *row;

  g_assert_true (intake_project_set_status (fixture->project, fixture->jerome, INTAKE_STATUS_CODED, &error));
  g_assert_no_error (error);
  g_assert_true (intake_project_set_status (fixture->project, fixture->priya, INTAKE_STATUS_EXCLUDED, &error));
  g_assert_no_error (error);

  window = open_activity (fixture, 2);
  g_signal_connect (window, "open-submission", G_CALLBACK (open_submission_cb), opened);

  /* The older change, Jérôme's, is the second row. */
  row = nth_row (GTK_WIDGET (window), 1);
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (row)));
  g_assert_true (press_shortcut (gtk_root_get_focus (GTK_ROOT (window)), GDK_KEY_Return, 0));
  g_assert_cmpuint (opened->len, ==, 1);
  g_assert_cmpint (g_array_index (opened, gint64, 0), ==, fixture->jerome);

  row = nth_row (GTK_WIDGET (window), 0);
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (row)));
  g_assert_true (press_shortcut (gtk_root_get_focus (GTK_ROOT (window)), GDK_KEY_Return, 0));
  g_assert_cmpuint (opened->len, ==, 2);
  g_assert_cmpint (g_array_index (opened, gint64, 1), ==, fixture->priya);

  close_and_finalize (window);
}

static void
got_result_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_export_csv (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *surveillance = guid_of (fixture, "Equity lens/Surveillance");
  g_autofree char *path = g_build_filename (fixture->dir, "activity.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_auto(GStrv) lines = NULL;
  IntakeActivityWindow *window;

  g_assert_true (intake_project_add_coding (fixture->project, fixture->formula, surveillance, 0, 11, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (intake_project_set_status (fixture->project, fixture->jerome, INTAKE_STATUS_CODED, &error));
  g_assert_no_error (error);
  /* What was there is replaced. */
  g_assert_true (g_file_set_contents (path, "old contents that are longer than nothing", -1, NULL));

  window = open_activity (fixture, 2);
  g_assert_true (gtk_widget_is_sensitive (find_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, NULL, NULL)));
  intake_activity_window_export_file (window, file, NULL, got_result_cb, &result);
  /* Written in a worker thread: the window waits for nothing, but exports one at a time. */
  g_assert_null (result);
  g_assert_false (gtk_widget_is_sensitive (find_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, NULL, NULL)));
  WAIT_UNTIL (result != NULL);
  g_assert_true (intake_activity_window_export_file_finish (window, result, &error));
  g_assert_no_error (error);
  g_assert_nonnull (find_toast (GTK_WIDGET (window), "Exported the activity to “activity.csv”"));
  g_assert_true (gtk_widget_is_sensitive (find_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, NULL, NULL)));

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBF"));
  g_assert_true (g_str_has_suffix (contents, "\r\n"));
  lines = g_strsplit (contents + 3, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[0], ==,
                   "\"Time\",\"Reviewer\",\"Action\",\"Submission\",\"Sender\",\"Subject\","
                   "\"Code\",\"Start\",\"End\",\"Excerpt\",\"Detail\"");

  /* Newest first, as listed: the status, then the coding. Its subject and
   * excerpt would be formulas; its quotes are doubled. */
  g_assert_true (g_str_has_prefix (lines[1], "\""));
  g_assert_nonnull (strstr (lines[1], "\",\"Alice\",\"status\","));
  g_assert_nonnull (strstr (lines[1], ",\"Jérôme Tremblay\",\"Révision du programme\",,,,,\""));
  {
    g_autofree char *middle = g_strdup_printf (",\"Alice\",\"code\",%" G_GINT64_FORMAT ",\"x@example.org\",\"'=1+2\","
                                               "\"Equity lens/Surveillance\",0,11,\"'-1 \"\"quoted\"\"\","
                                               "\"Equity lens/Surveillance [0–11]\"",
                                               fixture->formula);
    if (!g_str_has_suffix (lines[2], middle))
      g_error ("%s does not end with %s", lines[2], middle);
  }
  g_assert_cmpstr (lines[3], ==, "");

  /* The time is ISO 8601, with the offset from UTC. */
  {
    g_autoptr(GPtrArray) entries = intake_store_list_audit (fixture->store, NULL, 0, &error);
    IntakeAuditEntry *coding;
    g_autoptr(GDateTime) when = NULL;
    g_autofree char *iso = NULL;
    g_autofree char *expected_time = NULL;

    g_assert_no_error (error);
    coding = g_ptr_array_index (entries, 1);
    when = g_date_time_new_from_unix_local (coding->at);
    iso = g_date_time_format_iso8601 (when);
    expected_time = g_strdup_printf ("\"%s\",", iso);
    g_assert_true (g_str_has_prefix (lines[2], expected_time));
  }

  /* The result holds the window. */
  g_clear_object (&result);
  close_and_finalize (window);
}

static void
test_export_error_is_shown (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GFile) folder = g_file_new_for_path (fixture->dir);
  g_autoptr(GFile) project = g_file_new_for_path (intake_project_get_path (fixture->project));
  IntakeActivityWindow *window;

  g_assert_true (intake_project_set_status (fixture->project, fixture->jerome, INTAKE_STATUS_CODED, &error));
  g_assert_no_error (error);
  window = open_activity (fixture, 1);

  intake_activity_window_export_file (window, folder, NULL, got_result_cb, &result);
  WAIT_UNTIL (result != NULL);
  g_assert_false (intake_activity_window_export_file_finish (window, result, &error));
  g_assert_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_IS_DIRECTORY);
  g_assert_nonnull (find_toast (GTK_WIDGET (window), "Could not export the activity"));
  g_clear_error (&error);
  g_clear_object (&result);

  /* Never over the project itself. */
  intake_activity_window_export_file (window, project, NULL, got_result_cb, &result);
  WAIT_UNTIL (result != NULL);
  g_assert_false (intake_activity_window_export_file_finish (window, result, &error));
  g_assert_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_PROJECT);

  g_clear_object (&result);
  close_and_finalize (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv, UI_TEST_NONE);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/activity/rows-name-submissions-and-excerpts", test_rows_name_submissions_and_excerpts);
  ADD ("/activity/rows-follow-changes", test_rows_follow_changes);
  ADD ("/activity/return-opens-submission", test_return_opens_submission);
  ADD ("/activity/export-csv", test_export_csv);
  ADD ("/activity/export-error-is-shown", test_export_error_is_shown);

#undef ADD

  return ui_test_run ();
}
