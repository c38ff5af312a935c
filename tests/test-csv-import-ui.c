/* Importing a survey export from the window: the dialog that shows its
 * first rows and asks each column's role, the import with the roles
 * chosen, and the choice remembered for the next export of the survey. */
#define G_LOG_DOMAIN "test-csv-import-ui"

#include "config.h"

#include <adwaita.h>

#include "intake-csv-import-dialog.h"
#include "intake-project.h"
#include "intake-store.h"
#include "intake-submission-row.h"
#include "intake-window.h"
#include "ui-test-support.h"

#define HEADER "Response ID,Respondent group,Q1 What works,Q2 What should change,Notes\r\n"

static const char first_export[] =
  HEADER
  "r1,Parent or guardian,The officer knows every student by name and that builds trust.,"
  "\"Fewer arrests, more counsellors\r\nin every school.\",called back\r\n"
  "r2,Student,Nothing works for me when police walk the hallway at lunch.,"
  "Remove the officers and fund mental health workers.,no\r\n";

/* The same survey, exported again a week later. */
static const char second_export[] =
  HEADER
  "r3,Teacher or school staff,The drills run well when the officer leads them calmly.,"
  "Train every officer in trauma-informed practice first.,\r\n";

/* Other columns: nothing remembered for them. */
static const char other_export[] =
  "Q1 What works,Response ID,Respondent group,Q2 What should change,Notes\r\n"
  "The officer knows every student by name and that builds trust.,r9,Student,"
  "Fewer arrests and more counsellors in every school please.,x\r\n";

typedef struct
{
  char          *dir;
  IntakeProject *project;
  IntakeStore   *store;     /* the project's */
  IntakeWindow  *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->project = open_temporary_project ("test-csv-import-ui-XXXXXX", &fixture->dir, &fixture->store);
  fixture->window = open_window (app, fixture->project);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  destroy_toplevels ();
  iterate_for (50);

  g_assert_finalize_object (fixture->window);
  g_assert_finalize_object (fixture->project);
  g_assert_finalize_object (fixture->store);

  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* The dialog the window shows */

static IntakeCsvImportDialog *
find_dialog (void)
{
  return (IntakeCsvImportDialog *) find_toplevel (INTAKE_TYPE_CSV_IMPORT_DIALOG);
}

/* Opens @contents, written to @name, as the file chooser or a drop would,
 * and waits for the dialog to show its rows. */
static IntakeCsvImportDialog *
open_dialog (Fixture    *fixture,
             const char *name,
             const char *contents)
{
  g_autoptr(GFile) file = write_file (fixture->dir, name, contents);
  IntakeCsvImportDialog *dialog;

  g_assert_null (find_dialog ());
  g_assert_true (intake_window_open_files (fixture->window, &file, 1));
  /* Nothing is imported before the person says how. */
  g_assert_false (intake_window_get_busy (fixture->window));

  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (fixture->window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (g_file_equal (intake_csv_import_dialog_get_file (dialog), file));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  WAIT_UNTIL (intake_csv_import_dialog_get_ready (dialog));
  iterate_for (50);

  return dialog;
}

static AdwComboRow *
role_row (IntakeCsvImportDialog *dialog,
          const char            *column)
{
  GtkWidget *row = find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, preferences_row_has_title, column);
  g_autofree char *name = g_strdup_printf ("Role of column “%s”", column);
  g_autofree char *wrong = NULL;

  if (row == NULL)
    g_error ("No role row for “%s”", column);

  /* A screen reader says which column the drop-down is for. */
  wrong = gtk_test_accessible_check_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name);
  g_assert_null (wrong);

  return ADW_COMBO_ROW (row);
}

/* The role shown, by its drop-down's item: what the person sees. */
static const char *
shown_role (IntakeCsvImportDialog *dialog,
            const char            *column)
{
  AdwComboRow *row = role_row (dialog, column);
  GListModel *model = adw_combo_row_get_model (row);

  return gtk_string_list_get_string (GTK_STRING_LIST (model), adw_combo_row_get_selected (row));
}

/* Chooses @role for @column, as the person would pick it in the drop-down. */
static void
choose_role (IntakeCsvImportDialog *dialog,
             const char            *column,
             const char            *role)
{
  AdwComboRow *row = role_row (dialog, column);
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), role) == 0)
      {
        adw_combo_row_set_selected (row, i);
        iterate_for (20);
        return;
      }

  g_error ("No role “%s”", role);
}

static gboolean
can_import (IntakeCsvImportDialog *dialog)
{
  GtkWidget *button = find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, button_has_label, "_Import");

  g_assert_nonnull (button);
  return gtk_widget_is_sensitive (button);
}

static GtkWidget *
problem_label (IntakeCsvImportDialog *dialog,
               const char            *text)
{
  return find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, label_is_mapped_with_text, text);
}

static gboolean
inscription_has_text (GtkWidget     *widget,
                      gconstpointer  text)
{
  return gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (widget)), text) == 0;
}

static guint
n_submissions (Fixture *fixture)
{
  IntakeStats stats;

  g_assert_true (intake_store_get_stats (fixture->store, &stats, NULL));
  return stats.submissions;
}

/* The submission of the survey row with @response_id. */
static IntakeSubmission *
submission_of (Fixture    *fixture,
               const char *response_id)
{
  g_autofree char *message_id = g_strdup_printf ("csv:%s", response_id);
  g_autoptr(GArray) ids = intake_store_list_ids (fixture->store, NULL);

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      g_autoptr(IntakeSubmission) submission =
        intake_store_get_submission (fixture->store, g_array_index (ids, gint64, i), NULL);

      if (g_strcmp0 (intake_submission_get_message_id (submission), message_id) == 0)
        return g_steal_pointer (&submission);
    }

  g_error ("No submission for the response “%s”", response_id);
  return NULL;
}

static void
import_with_dialog (Fixture               *fixture,
                    IntakeCsvImportDialog *dialog)
{
  g_autoptr(GtkWidget) kept = g_object_ref (GTK_WIDGET (dialog));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "csv-import.import", NULL));
  /* The dialog is gone and the import runs. */
  g_assert_null (find_dialog ());
  g_assert_true (intake_window_get_busy (fixture->window));
  WAIT_UNTIL (!intake_window_get_busy (fixture->window));
  WAIT_UNTIL (list_is_settled (fixture->window));
  iterate_for (50);
  g_clear_object (&kept);
}

static gboolean
row_shows (GtkWidget     *widget,
           gconstpointer  subject)
{
  IntakeSubmission *submission = intake_submission_row_get_submission (INTAKE_SUBMISSION_ROW (widget));

  return gtk_widget_get_mapped (widget) && submission != NULL &&
         g_strcmp0 (intake_submission_get_subject (submission), subject) == 0;
}

static gboolean
label_ends_with (GtkWidget     *widget,
                 gconstpointer  end)
{
  const char *text = gtk_inscription_get_text (GTK_INSCRIPTION (widget));

  return text != NULL && g_str_has_suffix (text, end);
}

/* The date of the list's row for @subject, found by how it ends. */
static const char *
row_date (Fixture    *fixture,
          const char *subject,
          const char *end,
          GtkWidget **row_out)
{
  GtkWidget *row = NULL;
  GtkWidget *label;

  WAIT_UNTIL ((row = find_widget (GTK_WIDGET (get_list_view (fixture->window)), INTAKE_TYPE_SUBMISSION_ROW,
                                  row_shows, subject)) != NULL);
  label = find_widget (row, GTK_TYPE_INSCRIPTION, label_ends_with, end);
  g_assert_nonnull (label);
  *row_out = row;
  return gtk_inscription_get_text (GTK_INSCRIPTION (label));
}

/* The tests */

static void
test_guess_preview_choose_import (Fixture       *fixture,
                                  gconstpointer  data)
{
  IntakeCsvImportDialog *dialog = open_dialog (fixture, "survey.csv", first_export);
  g_autoptr(IntakeSubmission) first = NULL;
  g_autoptr(IntakeSubmission) second = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  GtkWidget *view;

  /* Nothing remembered: the roles guessed from the rows. */
  g_assert_cmpstr (shown_role (dialog, "Response ID"), ==, "Response id");
  g_assert_cmpstr (shown_role (dialog, "Respondent group"), ==, "Case attribute");
  g_assert_cmpstr (shown_role (dialog, "Q1 What works"), ==, "Text to code");
  g_assert_cmpstr (shown_role (dialog, "Q2 What should change"), ==, "Text to code");
  g_assert_cmpstr (shown_role (dialog, "Notes"), ==, "Ignore");
  g_assert_true (can_import (dialog));

  /* The preview: a column per column, a row per row, each answer on one line. */
  view = find_widget (GTK_WIDGET (dialog), GTK_TYPE_COLUMN_VIEW, NULL, NULL);
  g_assert_nonnull (view);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (GTK_COLUMN_VIEW (view))), ==, 5);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)))), ==, 2);
  WAIT_UNTIL (find_widget (view, GTK_TYPE_INSCRIPTION, inscription_has_text,
                           "Fewer arrests, more counsellors in every school.") != NULL);

  /* No text to code: nothing to import, and the dialog says why. */
  choose_role (dialog, "Q1 What works", "Ignore");
  choose_role (dialog, "Q2 What should change", "Ignore");
  g_assert_false (can_import (dialog));
  g_assert_nonnull (problem_label (dialog, "Choose at least one column of text to code to import"));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (dialog), "csv-import.import", NULL) &&
                  find_dialog () == NULL);
  g_assert_nonnull (find_dialog ());

  /* Two ids: the same. */
  choose_role (dialog, "Q1 What works", "Text to code");
  choose_role (dialog, "Notes", "Response id");
  g_assert_false (can_import (dialog));
  g_assert_nonnull (problem_label (dialog, "Only one column can be the response id"));

  /* The person's choice: Q1 is the text, Q2 not wanted, the notes a case attribute. */
  choose_role (dialog, "Notes", "Case attribute");
  g_assert_true (can_import (dialog));
  g_assert_null (problem_label (dialog, "Only one column can be the response id"));

  import_with_dialog (fixture, dialog);
  g_assert_cmpuint (n_submissions (fixture), ==, 2);

  /* One text column: its answer alone, without Q2's. */
  first = submission_of (fixture, "r1");
  g_assert_cmpstr (intake_submission_get_text (first), ==,
                   "The officer knows every student by name and that builds trust.");
  g_assert_cmpint (intake_submission_get_source_kind (first), ==, INTAKE_SOURCE_KIND_SURVEY);
  attributes = intake_store_get_attributes (fixture->store, intake_submission_get_id (first), NULL);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "Respondent group"), ==, "Parent or guardian");
  g_assert_cmpstr (g_hash_table_lookup (attributes, "Notes"), ==, "called back");
  g_clear_pointer (&attributes, g_hash_table_unref);

  /* The list tells a survey response from a letter, on screen and to a screen reader. */
  {
    static const char letter[] =
      "From ana@example.org Mon Apr 19 10:00:00 2021\n"
      "From: Ana Ruiz <ana@example.org>\nSubject: My letter\nMessage-ID: <ana@example.org>\n"
      "Date: Mon, 19 Apr 2021 10:00:00 -0600\n\nPlease keep the officer.\n";
    g_autofree char *wrong = NULL;
    GtkWidget *row;

    /* The export has no dates: the kind stands in the date's place. */
    g_assert_null (intake_submission_get_date (first));
    g_assert_cmpstr (row_date (fixture, intake_submission_get_subject (first), "Survey", &row), ==, "Survey");
    wrong = gtk_test_accessible_check_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                "From Survey respondent, Unknown date, from a survey export");
    g_assert_null (wrong);

    import_and_wait (fixture->window, fixture->dir, "letter.mbox", letter);
    g_assert_cmpstr (row_date (fixture, "My letter", "2021", &row), ==, "Apr 19, 2021");
    wrong = gtk_test_accessible_check_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                "From Ana Ruiz, Apr 19, 2021, by e-mail");
    g_assert_null (wrong);
  }

  second = submission_of (fixture, "r2");
  g_assert_cmpstr (intake_submission_get_text (second), ==,
                   "Nothing works for me when police walk the hallway at lunch.");
  attributes = intake_store_get_attributes (fixture->store, intake_submission_get_id (second), NULL);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "Respondent group"), ==, "Student");
}

static void
test_choice_remembered (Fixture       *fixture,
                        gconstpointer  data)
{
  const IntakeCsvRole chosen[] = { INTAKE_CSV_ROLE_ID, INTAKE_CSV_ROLE_ATTRIBUTE, INTAKE_CSV_ROLE_TEXT,
                                   INTAKE_CSV_ROLE_IGNORE, INTAKE_CSV_ROLE_ATTRIBUTE };
  IntakeCsvImportDialog *dialog = open_dialog (fixture, "survey-week-1.csv", first_export);
  g_autoptr(IntakeSubmission) third = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  GtkWidget *focus;
  GArray *roles;

  choose_role (dialog, "Q2 What should change", "Ignore");
  choose_role (dialog, "Notes", "Case attribute");
  import_with_dialog (fixture, dialog);
  g_assert_cmpuint (n_submissions (fixture), ==, 2);

  /* Another export of the survey starts from that choice, not the guess. */
  dialog = open_dialog (fixture, "survey-week-2.csv", second_export);
  g_assert_cmpstr (shown_role (dialog, "Response ID"), ==, "Response id");
  g_assert_cmpstr (shown_role (dialog, "Respondent group"), ==, "Case attribute");
  g_assert_cmpstr (shown_role (dialog, "Q1 What works"), ==, "Text to code");
  g_assert_cmpstr (shown_role (dialog, "Q2 What should change"), ==, "Ignore");
  g_assert_cmpstr (shown_role (dialog, "Notes"), ==, "Case attribute");
  roles = intake_csv_import_dialog_get_roles (dialog);
  g_assert_cmpmem (roles->data, roles->len * sizeof (IntakeCsvRole), chosen, sizeof chosen);

  /* Escape cancels: nothing more is imported. The focus is kept to
   * settle on: Escape destroys the dialog and all in it. */
  focus = g_object_ref (gtk_window_get_focus (GTK_WINDOW (dialog)));
  g_assert_nonnull (focus);
  g_assert_true (press_shortcut (focus, GDK_KEY_Escape, 0));
  iterate_for (50);
  g_clear_object (&focus);
  g_assert_null (find_dialog ());
  g_assert_false (intake_window_get_busy (fixture->window));
  g_assert_cmpuint (n_submissions (fixture), ==, 2);

  /* Imported, it reads as chosen. */
  dialog = open_dialog (fixture, "survey-week-2.csv", second_export);
  import_with_dialog (fixture, dialog);
  g_assert_cmpuint (n_submissions (fixture), ==, 3);
  third = submission_of (fixture, "r3");
  g_assert_cmpstr (intake_submission_get_text (third), ==,
                   "The drills run well when the officer leads them calmly.");
  attributes = intake_store_get_attributes (fixture->store, intake_submission_get_id (third), NULL);
  g_assert_false (g_hash_table_contains (attributes, "Notes"));  /* empty in that row */
  g_assert_cmpstr (g_hash_table_lookup (attributes, "Respondent group"), ==, "Teacher or school staff");

  /* The same names in another order are another export: guessed again. */
  dialog = open_dialog (fixture, "other.csv", other_export);
  g_assert_cmpstr (shown_role (dialog, "Q2 What should change"), ==, "Text to code");
  g_assert_cmpstr (shown_role (dialog, "Notes"), ==, "Ignore");
}

/* The focus starts on the first column's role, Cancel imports nothing. */
static void
test_keyboard_and_cancel (Fixture       *fixture,
                          gconstpointer  data)
{
  IntakeCsvImportDialog *dialog = open_dialog (fixture, "survey.csv", first_export);
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (dialog));

  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (role_row (dialog, "Response ID"))) ||
                 focus == GTK_WIDGET (role_row (dialog, "Response ID")));
  /* Return imports, as the default button. */
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (dialog)) ==
                 find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, button_has_label, "_Import"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "csv-import.cancel", NULL));
  iterate_for (50);
  g_assert_null (find_dialog ());
  g_assert_false (intake_window_get_busy (fixture->window));
  g_assert_cmpuint (n_submissions (fixture), ==, 0);
}

/* Closed before its rows are read: the reading stops, nothing is imported. */
static void
test_closed_while_reading (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GFile) file = write_file (fixture->dir, "survey.csv", first_export);
  IntakeCsvImportDialog *dialog;
  gpointer weak;

  g_assert_true (intake_window_open_files (fixture->window, &file, 1));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_false (intake_csv_import_dialog_get_ready (dialog));
  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);

  gtk_window_destroy (GTK_WINDOW (dialog));
  /* The reading's thread lets go of the dialog when it ends. */
  WAIT_UNTIL (weak == NULL);
  iterate_for (50);
  g_assert_false (intake_window_get_busy (fixture->window));
  g_assert_cmpuint (n_submissions (fixture), ==, 0);
}

/* A file that is not a survey export says so, and cannot be imported. */
static void
test_unreadable (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GFile) file = write_file (fixture->dir, "empty.csv", "");
  IntakeCsvImportDialog *dialog;

  g_assert_true (intake_window_open_files (fixture->window, &file, 1));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  WAIT_UNTIL (find_widget (GTK_WIDGET (dialog), ADW_TYPE_STATUS_PAGE, status_page_is_mapped_with_title,
                           "Could Not Read the File") != NULL);
  g_assert_false (intake_csv_import_dialog_get_ready (dialog));
  g_assert_false (can_import (dialog));
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv, UI_TEST_APP | UI_TEST_WIDE);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/csv-import-ui/guess-preview-choose-import", test_guess_preview_choose_import);
  ADD ("/csv-import-ui/choice-remembered", test_choice_remembered);
  ADD ("/csv-import-ui/keyboard-and-cancel", test_keyboard_and_cancel);
  ADD ("/csv-import-ui/closed-while-reading", test_closed_while_reading);
  ADD ("/csv-import-ui/unreadable", test_unreadable);

#undef ADD

  return ui_test_run ();
}
