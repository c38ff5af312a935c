/* Merge Reviewer Projects from the window: the menu item, the
 * confirmation that says a merge is no undo step, the merge with its
 * result (what was added, each conflict), and a failure that leaves the
 * project as it was. */
#define G_LOG_DOMAIN "test-merge-ui"

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>
#include <string.h>

#include "intake-application.h"
#include "intake-merge-dialog.h"
#include "intake-project.h"
#include "intake-store.h"
#include "intake-window.h"
#include "ui-test-support.h"

#define N_MESSAGES 8
#define WHOLE_CODE_GUID "baa7c915-7b46-404d-8053-a55278fb5cac"

typedef struct
{
  char          *dir;
  IntakeProject *project;
  IntakeStore   *store;     /* the project's */
  IntakeWindow  *window;
  char          *copy;      /* a reviewer's copy, coded by Ana */
  GArray        *ids;
} Fixture;

static char *
make_mailbox (void)
{
  GString *mbox = g_string_new (NULL);

  for (int i = 0; i < N_MESSAGES; i++)
    g_string_append_printf (mbox,
                            "From p%d@example.org Mon Apr 19 14:00:00 2021\n"
                            "From: Person %d <p%d@example.org>\n"
                            "Subject: Submission %d\n"
                            "Message-ID: <merge-ui-%02d@example.org>\n"
                            "Date: Mon, %d Apr 2021 14:00:00 +0000\n\n"
                            "The officer at school number %d knows every student.\n\n",
                            i, i, i, i, i, 1 + i, i);

  return g_string_free (mbox, FALSE);
}

static gint64
count_codings (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  gint64 n = 0;

  for (guint i = 0; i < fixture->ids->len; i++)
    {
      g_autoptr(GPtrArray) codings = intake_store_list_codings (fixture->store,
                                                                g_array_index (fixture->ids, gint64, i), &error);

      g_assert_no_error (error);
      n += codings->len;
    }
  return n;
}

static GListModel *
files_of (const char *path)
{
  GListStore *files = g_list_store_new (G_TYPE_FILE);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_list_store_append (files, file);
  return G_LIST_MODEL (files);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *mbox = make_mailbox ();
  g_autoptr(IntakeProject) copy = NULL;
  g_autoptr(GError) error = NULL;
  IntakeCopyOptions options = { 0, };

  fixture->project = open_temporary_project ("test-merge-ui-XXXXXX", &fixture->dir, &fixture->store);
  fixture->window = open_window (app, fixture->project);
  import_and_wait (fixture->window, fixture->dir, "inbox.mbox", mbox);
  fixture->ids = intake_store_list_ids (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->ids->len, ==, N_MESSAGES);
  g_assert_true (intake_project_set_attribute (fixture->project, g_array_index (fixture->ids, gint64, 0),
                                               "School board", "Palliser School District", &error));
  g_assert_no_error (error);

  fixture->copy = g_build_filename (fixture->dir, "Ana.intake", NULL);
  g_assert_true (intake_store_write_copy (fixture->store, fixture->copy, &options, NULL, NULL, NULL, NULL, &error));
  copy = intake_project_open (fixture->copy, &error);
  g_assert_no_error (error);
  g_assert_true (intake_project_set_reviewer (copy, "Ana", &error));
  for (guint i = 0; i < 2; i++)
    g_assert_true (intake_project_add_coding (copy, g_array_index (fixture->ids, gint64, i), WHOLE_CODE_GUID,
                                              -1, -1, NULL, &error));
  g_assert_true (intake_project_set_attribute (copy, g_array_index (fixture->ids, gint64, 0),
                                               "School board", "FrancoSud", &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  destroy_toplevels ();
  iterate_for (50);

  g_assert_finalize_object (fixture->window);
  wait_finalize_object (fixture->project);
  g_assert_finalize_object (fixture->store);

  remove_tree (fixture->dir);
  g_array_unref (fixture->ids);
  g_free (fixture->copy);
  g_free (fixture->dir);
}

/* The message dialog over the window asking or saying @heading. */
static AdwMessageDialog *
find_dialog_headed (Fixture    *fixture,
                    const char *heading)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) &&
          gtk_window_get_transient_for (GTK_WINDOW (toplevel)) == GTK_WINDOW (fixture->window) &&
          gtk_widget_get_visible (GTK_WIDGET (toplevel)) &&
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (toplevel)), heading) == 0)
        return ADW_MESSAGE_DIALOG (toplevel);
    }

  return NULL;
}

/* The main menu holds it, by its action, next to Copy for Reviewer. */
static void
test_in_menu (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *label = primary_menu_label (fixture->window, "win.merge-projects");

  g_assert_cmpstr (label, ==, "_Merge Reviewer Projects…");
}

static AdwMessageDialog *
ask (Fixture *fixture)
{
  g_autoptr(GListModel) files = files_of (fixture->copy);
  AdwMessageDialog *dialog;

  intake_window_merge_files (fixture->window, files);
  WAIT_UNTIL ((dialog = find_dialog_headed (fixture, "Merge 1 Reviewer Project?")) != NULL);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "“Ana.intake”"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "not undone with Undo"));
  return dialog;
}

/* Cancel in the confirmation merges nothing. */
static void
test_cancel_merges_nothing (Fixture       *fixture,
                            gconstpointer  data)
{
  AdwMessageDialog *dialog = ask (fixture);

  adw_message_dialog_response (dialog, "cancel");
  iterate_for (100);
  g_assert_null (find_toplevel (INTAKE_TYPE_MERGE_DIALOG));
  g_assert_cmpint (count_codings (fixture), ==, 0);
}

/* Merge: the work comes in, the result lists it and the conflict, and
 * the reader's project has it. */
static void
test_merge_shows_result (Fixture       *fixture,
                         gconstpointer  data)
{
  AdwMessageDialog *question = ask (fixture);
  const IntakeMergeSummary *summary;
  g_autofree char *conflict_title = NULL;
  IntakeMergeDialog *dialog;
  GtkWidget *close;

  adw_message_dialog_response (question, "merge");
  WAIT_UNTIL (find_toplevel (INTAKE_TYPE_MERGE_DIALOG) != NULL);
  dialog = INTAKE_MERGE_DIALOG (find_toplevel (INTAKE_TYPE_MERGE_DIALOG));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (fixture->window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  WAIT_UNTIL (intake_merge_dialog_get_state (dialog) == INTAKE_MERGE_DIALOG_DONE);

  summary = intake_merge_dialog_get_summary (dialog);
  g_assert_cmpuint (summary->codings, ==, 2);
  g_assert_cmpuint (summary->conflicts->len, ==, 1);
  g_assert_cmpint (count_codings (fixture), ==, 2);

  WAIT_UNTIL (find_widget (GTK_WIDGET (dialog), ADW_TYPE_PREFERENCES_ROW, preferences_row_has_title, "2 codings") != NULL);
  conflict_title = g_strdup_printf ("Submission %" G_GINT64_FORMAT ": attribute “School board”",
                                    g_array_index (fixture->ids, gint64, 0));
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), ADW_TYPE_PREFERENCES_ROW, preferences_row_has_title,
                                 conflict_title));
  close = find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, button_is_mapped_with_label, "_Close");
  g_assert_nonnull (close);

  gtk_widget_activate (close);
  WAIT_UNTIL (find_toplevel (INTAKE_TYPE_MERGE_DIALOG) == NULL);
}

/* A file that is no project: the reason over the window, nothing merged. */
static void
test_failure_changes_nothing (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *junk = g_build_filename (fixture->dir, "notes.intake", NULL);
  g_autoptr(GListModel) files = files_of (junk);
  AdwMessageDialog *question;
  AdwMessageDialog *error = NULL;

  g_assert_true (g_file_set_contents (junk, "Not a project\n", -1, NULL));
  intake_window_merge_files (fixture->window, files);
  WAIT_UNTIL ((question = find_dialog_headed (fixture, "Merge 1 Reviewer Project?")) != NULL);
  adw_message_dialog_response (question, "merge");

  WAIT_UNTIL ((error = find_dialog_headed (fixture, "Could not merge the projects")) != NULL);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (error), "not a Feedback Intake project"));
  WAIT_UNTIL (find_toplevel (INTAKE_TYPE_MERGE_DIALOG) == NULL);
  g_assert_cmpint (count_codings (fixture), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv, UI_TEST_APP | UI_TEST_WIDE);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/merge-ui/in-menu", test_in_menu);
  ADD ("/merge-ui/cancel-merges-nothing", test_cancel_merges_nothing);
  ADD ("/merge-ui/merge-shows-result", test_merge_shows_result);
  ADD ("/merge-ui/failure-changes-nothing", test_failure_changes_nothing);

#undef ADD

  return ui_test_run ();
}
