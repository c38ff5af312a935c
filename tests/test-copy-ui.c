/* Copy for Reviewer from the window: the dialog's choices and their
 * defaults, the copy on its thread with Cancel, and the file it writes. */
#define G_LOG_DOMAIN "test-copy-ui"

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>
#include <sqlite3.h>

#include "intake-application.h"
#include "intake-copy-dialog.h"
#include "intake-project.h"
#include "intake-store.h"
#include "intake-window.h"
#include "ui-test-support.h"

#define N_MESSAGES 32
#define WHOLE_CODE_GUID "baa7c915-7b46-404d-8053-a55278fb5cac"
#define OLD_CONTENTS "an older copy"

typedef struct
{
  char          *dir;
  IntakeProject *project;
  IntakeStore   *store;     /* the project's */
  IntakeWindow  *window;
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
                            "Message-ID: <copy-ui-%02d@example.org>\n"
                            "Date: Mon, %d Apr 2021 14:00:00 +0000\n\n"
                            "The officer at school number %d knows every student.\n\n",
                            i, i, i, i, i, 1 + i % 28, i);

  return g_string_free (mbox, FALSE);
}

/* Looking at the dialog */

static GtkWidget *
find_row (GtkWidget  *root,
          const char *title)
{
  GtkWidget *row = find_widget (root, ADW_TYPE_PREFERENCES_ROW, preferences_row_has_title, title);

  if (row == NULL)
    g_error ("No row “%s”", title);
  return row;
}

static GtkWidget *
row_child (GtkWidget  *root,
           const char *title,
           GType       type)
{
  GtkWidget *widget = find_widget (find_row (root, title), type, NULL, NULL);

  g_assert_nonnull (widget);
  return widget;
}

static IntakeCopyDialog *
open_dialog (Fixture *fixture)
{
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.copy-for-reviewer", NULL));
  dialog = find_toplevel (INTAKE_TYPE_COPY_DIALOG);
  if (dialog == NULL)
    g_error ("No copy dialog opened");

  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (fixture->window));
  g_assert_true (gtk_window_get_modal (dialog));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  WAIT_UNTIL (intake_copy_dialog_get_ready (INTAKE_COPY_DIALOG (dialog)));
  return INTAKE_COPY_DIALOG (dialog);
}

static gboolean
dialog_is_open (void)
{
  return find_toplevel (INTAKE_TYPE_COPY_DIALOG) != NULL;
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

static char *
message_ids (const char *path)
{
  g_autoptr(GString) ids = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT message_id FROM submissions ORDER BY message_id",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (ids, "%s ", sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

static void
assert_contents (const char *path,
                 const char *expected)
{
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, expected);
}

/* Fixture */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *mbox = make_mailbox ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  fixture->project = open_temporary_project ("test-copy-ui-XXXXXX", &fixture->dir, &fixture->store);
  fixture->window = open_window (app, fixture->project);
  import_and_wait (fixture->window, fixture->dir, "inbox.mbox", mbox);
  g_assert_cmpuint (g_list_model_get_n_items (list_model (fixture->window)), ==, N_MESSAGES);

  /* Two reviewers coded the first few; one submission is excluded. */
  ids = intake_store_list_ids (fixture->store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 6; i++)
    {
      g_assert_true (intake_project_set_reviewer (fixture->project, i < 3 ? "Amina" : "Ben", &error));
      g_assert_true (intake_project_add_coding (fixture->project, g_array_index (ids, gint64, i),
                                                WHOLE_CODE_GUID, -1, -1, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_true (intake_project_set_status (fixture->project, g_array_index (ids, gint64, 10),
                                            INTAKE_STATUS_EXCLUDED, &error));
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
  g_free (fixture->dir);
}

/* Tests */

/* The main menu holds it, by its action. */
static void
test_in_menu (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *label = primary_menu_label (fixture->window, "win.copy-for-reviewer");

  g_assert_cmpstr (label, ==, "Cop_y for Reviewer…");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.copy-for-reviewer", NULL));
}

static void
test_defaults (Fixture       *fixture,
               gconstpointer  data)
{
  IntakeCopyDialog *dialog = open_dialog (fixture);
  GtkWidget *root = GTK_WIDGET (dialog);
  GtkCheckButton *all = GTK_CHECK_BUTTON (row_child (root, "All submissions", GTK_TYPE_CHECK_BUTTON));
  GtkSpinButton *size = GTK_SPIN_BUTTON (row_child (root, "Sample size", GTK_TYPE_SPIN_BUTTON));
  GtkSwitch *blind = GTK_SWITCH (row_child (root, "Leave out others’ codings and memos", GTK_TYPE_SWITCH));
  IntakeCopyOptions options;
  double lower, upper;

  g_assert_cmpint (intake_copy_dialog_get_state (dialog), ==, INTAKE_COPY_DIALOG_FORM);
  g_assert_true (gtk_check_button_get_active (all));
  g_assert_false (gtk_switch_get_active (blind));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (all)));

  /* A tenth of the 31 not excluded, rounded; never more than there are. */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (size), ==, 3);
  gtk_spin_button_get_range (size, &lower, &upper);
  g_assert_cmpfloat (lower, ==, 1);
  g_assert_cmpfloat (upper, ==, N_MESSAGES - 1);
  g_assert_nonnull (find_widget (root, GTK_TYPE_LABEL, label_has_text, "Out of 31 submissions not excluded"));

  /* The sample's rows wait for the sample to be chosen. */
  g_assert_false (gtk_widget_is_sensitive (find_row (root, "Sample size")));
  g_assert_false (gtk_widget_is_sensitive (find_row (root, "Seed")));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (row_child (root, "A random sample", GTK_TYPE_CHECK_BUTTON)), TRUE);
  g_assert_true (gtk_widget_is_sensitive (find_row (root, "Sample size")));
  g_assert_true (gtk_widget_is_sensitive (find_row (root, "Seed")));

  intake_copy_dialog_get_options (dialog, &options);
  g_assert_cmpuint (options.sample, ==, 3);
  g_assert_false (options.blind);

  /* A new seed, a new sample. */
  {
    guint32 seed = options.seed;

    g_assert_true (gtk_widget_activate_action (root, "copy.new-seed", NULL));
    intake_copy_dialog_get_options (dialog, &options);
    g_assert_cmpuint (options.seed, !=, seed);
  }

  /* Escape closes it. */
  g_assert_true (gtk_widget_activate_action (root, "copy.cancel", NULL));
  WAIT_UNTIL (!dialog_is_open ());
}

static void
test_writes_sample_blind (Fixture       *fixture,
                          gconstpointer  data)
{
  IntakeCopyDialog *dialog = open_dialog (fixture);
  GtkWidget *root = GTK_WIDGET (dialog);
  g_autofree char *out = g_build_filename (fixture->dir, "Amina's copy.intake", NULL);
  g_autofree char *expected_path = g_build_filename (fixture->dir, "expected.intake", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (out);
  g_autoptr(IntakeStore) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  g_autofree char *expected = NULL;
  IntakeCopyOptions options = { .sample = 20, .seed = 77, .blind = TRUE };
  GtkWidget *save;

  gtk_check_button_set_active (GTK_CHECK_BUTTON (row_child (root, "A random sample", GTK_TYPE_CHECK_BUTTON)), TRUE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (row_child (root, "Sample size", GTK_TYPE_SPIN_BUTTON)), 20);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (row_child (root, "Seed", GTK_TYPE_SPIN_BUTTON)), 77);
  gtk_switch_set_active (GTK_SWITCH (row_child (root, "Leave out others’ codings and memos", GTK_TYPE_SWITCH)), TRUE);

  intake_copy_dialog_copy_to (dialog, file);
  g_assert_cmpint (intake_copy_dialog_get_state (dialog), ==, INTAKE_COPY_DIALOG_WRITING);
  save = find_widget (root, GTK_TYPE_BUTTON, button_has_label, "_Save Copy…");
  g_assert_false (gtk_widget_get_sensitive (save));
  g_assert_false (gtk_widget_is_sensitive (find_row (root, "All submissions")));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (find_widget (root, GTK_TYPE_REVEALER, NULL, NULL))));

  /* Saved: the dialog goes, the window says where the copy is. */
  WAIT_UNTIL (!dialog_is_open ());
  WAIT_UNTIL (find_toast (GTK_WIDGET (fixture->window), "Copy for reviewer saved as “Amina's copy.intake”") != NULL);

  g_assert_cmpint (count (out, "SELECT count(*) FROM submissions"), ==, 20);
  g_assert_cmpint (count (out, "SELECT count(*) FROM codings"), ==, 0);
  g_assert_cmpint (count (out, "SELECT count(*) FROM submissions WHERE status != 'new'"), ==, 0);

  /* The very sample the core draws with these options. */
  reader = intake_store_open_another (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_true (intake_store_write_copy (reader, expected_path, &options, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  written = message_ids (out);
  expected = message_ids (expected_path);
  g_assert_cmpstr (written, ==, expected);

  /* The project is as it was. */
  g_assert_cmpint (count (intake_store_get_path (fixture->store), "SELECT count(*) FROM codings"), ==, 6);
}

static void
test_writes_all (Fixture       *fixture,
                 gconstpointer  data)
{
  IntakeCopyDialog *dialog = open_dialog (fixture);
  g_autofree char *out = g_build_filename (fixture->dir, "copy.intake", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (out);

  intake_copy_dialog_copy_to (dialog, file);
  WAIT_UNTIL (!dialog_is_open ());

  g_assert_cmpint (count (out, "SELECT count(*) FROM submissions"), ==, N_MESSAGES);
  g_assert_cmpint (count (out, "SELECT count(*) FROM codings"), ==, 6);
  g_assert_cmpint (count (out, "SELECT count(*) FROM submissions WHERE status = 'excluded'"), ==, 1);
}

static void
test_refuses_project (Fixture       *fixture,
                      gconstpointer  data)
{
  IntakeCopyDialog *dialog = open_dialog (fixture);
  g_autoptr(GFile) file = g_file_new_for_path (intake_store_get_path (fixture->store));

  intake_copy_dialog_copy_to (dialog, file);
  WAIT_UNTIL (intake_copy_dialog_get_state (dialog) != INTAKE_COPY_DIALOG_WRITING);

  /* The reason, in the dialog, which stays for another try. */
  g_assert_true (dialog_is_open ());
  g_assert_nonnull (find_toast (GTK_WIDGET (dialog), "Will not write over the project"));
  g_assert_true (gtk_widget_is_sensitive (find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON,
                                                       button_has_label, "_Save Copy…")));
  g_assert_cmpint (count (intake_store_get_path (fixture->store), "SELECT count(*) FROM codings"), ==, 6);
}

static void
test_cancel_keeps_file (Fixture       *fixture,
                        gconstpointer  data)
{
  IntakeCopyDialog *dialog = open_dialog (fixture);
  g_autofree char *out = g_build_filename (fixture->dir, "copy.intake", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (out);

  g_assert_true (g_file_set_contents (out, OLD_CONTENTS, -1, NULL));

  intake_copy_dialog_copy_to (dialog, file);
  g_assert_cmpint (intake_copy_dialog_get_state (dialog), ==, INTAKE_COPY_DIALOG_WRITING);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "copy.cancel", NULL));

  WAIT_UNTIL (intake_copy_dialog_get_state (dialog) != INTAKE_COPY_DIALOG_WRITING);
  g_assert_nonnull (find_toast (GTK_WIDGET (dialog), "Copy cancelled"));
  assert_contents (out, OLD_CONTENTS);
  g_assert_true (gtk_widget_is_sensitive (find_row (GTK_WIDGET (dialog), "All submissions")));
}

static void
test_close_cancels (Fixture       *fixture,
                    gconstpointer  data)
{
  IntakeCopyDialog *dialog = open_dialog (fixture);
  g_autofree char *out = g_build_filename (fixture->dir, "copy.intake", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (out);

  g_assert_true (g_file_set_contents (out, OLD_CONTENTS, -1, NULL));

  intake_copy_dialog_copy_to (dialog, file);
  gtk_window_close (GTK_WINDOW (dialog));
  WAIT_UNTIL (!dialog_is_open ());
  /* The worker ends, and nobody is told. */
  iterate_for (500);
  assert_contents (out, OLD_CONTENTS);
  g_assert_null (find_toast (GTK_WIDGET (fixture->window), "Copy for reviewer saved"));
}

static void
test_names_controls (Fixture       *fixture,
                     gconstpointer  data)
{
  IntakeCopyDialog *dialog = open_dialog (fixture);
  GtkWidget *root = GTK_WIDGET (dialog);
  const char *buttons[] = { "_Cancel", "_Save Copy…" };
  const struct { const char *row; GType type; } controls[] = {
    { "All submissions", GTK_TYPE_CHECK_BUTTON },
    { "A random sample", GTK_TYPE_CHECK_BUTTON },
    { "Sample size", GTK_TYPE_SPIN_BUTTON },
    { "Seed", GTK_TYPE_SPIN_BUTTON },
    { "Leave out others’ codings and memos", GTK_TYPE_SWITCH },
  };
  GtkWidget *new_seed;

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      GtkWidget *button = find_widget (root, GTK_TYPE_BUTTON, button_has_label, buttons[i]);

      g_assert_nonnull (button);
      g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL));
      g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY));
    }

  /* Each row labels its control. */
  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    {
      GtkWidget *control = row_child (root, controls[i].row, controls[i].type);

      g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_RELATION_LABELLED_BY));
    }

  /* The icon button says what it does. */
  new_seed = find_widget (find_row (root, "Seed"), GTK_TYPE_BUTTON, has_css_class, "flat");
  g_assert_nonnull (new_seed);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (new_seed), ==, "Draw a New Seed");
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (new_seed), GTK_ACCESSIBLE_PROPERTY_LABEL));
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv, UI_TEST_APP | UI_TEST_WIDE);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/copy-ui/in-menu", test_in_menu);
  ADD ("/copy-ui/dialog/defaults", test_defaults);
  ADD ("/copy-ui/dialog/writes-sample-blind", test_writes_sample_blind);
  ADD ("/copy-ui/dialog/writes-all", test_writes_all);
  ADD ("/copy-ui/dialog/refuses-project", test_refuses_project);
  ADD ("/copy-ui/dialog/cancel-keeps-file", test_cancel_keeps_file);
  ADD ("/copy-ui/dialog/close-cancels", test_close_cancels);
  ADD ("/copy-ui/dialog/names-controls", test_names_controls);

#undef ADD

  return ui_test_run ();
}
