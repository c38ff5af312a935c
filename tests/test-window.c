#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <adwaita.h>

#include "intake-application.h"
#include "intake-importer.h"
#include "intake-reader.h"
#include "intake-rejections-window.h"
#include "intake-project.h"
#include "intake-store.h"
#include "intake-submission.h"
#include "intake-window.h"
#include "ui-test-support.h"

/* Four submissions; the order the list shows them in is the store's business,
 * so the test finds each by its subject. */
typedef struct
{
  const char *subject;
  const char *sender;
  const char *phrase;   /* decoded text the reader must show */
} Expected;

static const Expected expected[] = {
  { "Keep the officers in our schools", "Alice Martin",
    "runs a mentorship club that my son loves" },
  { "Révision du programme", "Jérôme Tremblay",
    "Je demande une révision complète du programme" },
  { "Concerns about racial profiling", "Priya Sharma",
    "stopped twice in the school parking lot" },
  { "Replace officers with counsellors", "sam@example.org",
    "hire counsellors and social workers instead" },
};

static const char mailbox[] =
  "From alice@example.org Mon Apr 19 10:00:00 2021\n"
  "From: Alice Martin <alice@example.org>\n"
  "To: engage@example.org\n"
  "Subject: Keep the officers in our schools\n"
  "Date: Mon, 19 Apr 2021 10:00:00 -0600\n"
  "Message-ID: <alice-1@example.org>\n"
  "MIME-Version: 1.0\n"
  "Content-Type: text/plain; charset=us-ascii\n"
  "\n"
  "The officer at our school runs a mentorship club that my son loves.\n"
  "\n"
  "From jerome@example.org Tue Apr 20 09:30:00 2021\n"
  "From: =?utf-8?q?J=C3=A9r=C3=B4me_Tremblay?= <jerome@example.org>\n"
  "To: engage@example.org\n"
  "Subject: =?utf-8?q?R=C3=A9vision_du_programme?=\n"
  "Date: Tue, 20 Apr 2021 09:30:00 -0600\n"
  "Message-ID: <jerome-1@example.org>\n"
  "MIME-Version: 1.0\n"
  "Content-Type: text/plain; charset=utf-8\n"
  "Content-Transfer-Encoding: quoted-printable\n"
  "\n"
  "Je demande une r=C3=A9vision compl=C3=A8te du programme.\n"
  "\n"
  "From priya@example.org Wed Apr 21 14:00:00 2021\n"
  "From: Priya Sharma <priya@example.org>\n"
  "To: engage@example.org\n"
  "Subject: Concerns about racial profiling\n"
  "Date: Wed, 21 Apr 2021 14:00:00 -0600\n"
  "Message-ID: <priya-1@example.org>\n"
  "MIME-Version: 1.0\n"
  "Content-Type: multipart/mixed; boundary=\"b1\"\n"
  "\n"
  "--b1\n"
  "Content-Type: text/plain; charset=utf-8\n"
  "\n"
  "My son was stopped twice in the school parking lot.\n"
  "--b1\n"
  "Content-Type: text/plain; charset=utf-8; name=\"notes.txt\"\n"
  "Content-Disposition: attachment; filename=\"notes.txt\"\n"
  "\n"
  "Dates and times of both stops.\n"
  "--b1--\n"
  "\n"
  "From sam@example.org Thu Apr 22 08:00:00 2021\n"
  "From: sam@example.org\n"
  "To: engage@example.org\n"
  "Subject: Replace officers with counsellors\n"
  "Message-ID: <sam-1@example.org>\n"
  "\n"
  "Please hire counsellors and social workers instead.\n";

/* A message with no header fields at all: the importer must reject it. */
static const char damaged_mailbox[] =
  "From nobody@example.org Fri Apr 23 08:00:00 2021\n"
  "This line should have been a header; there are none.\n"
  "\n"
  "From kim@example.org Fri Apr 23 09:00:00 2021\n"
  "From: Kim Lee <kim@example.org>\n"
  "Subject: A readable one\n"
  "Date: Fri, 23 Apr 2021 09:00:00 -0600\n"
  "Message-ID: <kim-1@example.org>\n"
  "\n"
  "This one is fine.\n";

typedef struct
{
  char         *dir;
  IntakeProject *project;
  IntakeStore   *store;     /* the project's */
  IntakeWindow  *window;
} Fixture;

/* Looking at the window */

static gboolean
is_mapped (GtkWidget     *widget,
           gconstpointer  data)
{
  return gtk_widget_get_mapped (widget);
}

static gboolean
status_page_mapped (IntakeWindow *window,
                    const char   *title)
{
  GtkWidget *page = find_widget (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE,
                                 status_page_has_title, title);

  g_assert_nonnull (page);
  return gtk_widget_get_mapped (page);
}

static const Expected *
expected_for_subject (const char *subject)
{
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (g_strcmp0 (expected[i].subject, subject) == 0)
      return &expected[i];

  return NULL;
}

/* Fixture */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->project = open_temporary_project ("test-window-XXXXXX", &fixture->dir, &fixture->store);
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

/* Tests */

static void
open_project_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GtkWindow *
open_project (GFile   *file,
              GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  intake_application_open_project_async (app, file, open_project_cb, &result);
  WAIT_UNTIL (result != NULL);

  return intake_application_open_project_finish (app, result, error);
}

static void
test_application_opens_projects (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GFile) other = g_file_new_build_filename (fixture->dir, "Other.intake", NULL);
  g_autoptr(GFile) own = g_file_new_for_path (intake_project_get_path (fixture->project));
  g_autoptr(GFile) not_project = write_file (fixture->dir, "notes.intake", "Not a project.\n");
  g_autoptr(GtkWindow) window = NULL;
  g_autoptr(GtkWindow) again = NULL;
  g_autoptr(GtkWindow) refused = NULL;
  g_autoptr(GtkWindow) existing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  /* A new project opens in a window of its own. */
  window = open_project (other, &error);
  g_assert_no_error (error);
  g_assert_true (INTAKE_IS_WINDOW (window));
  g_assert_true (GTK_WINDOW (window) != GTK_WINDOW (fixture->window));
  g_assert_cmpstr (gtk_window_get_title (window), ==, "Other.intake");
  g_assert_true (g_file_query_exists (other, NULL));

  /* A project already open is presented, not opened twice. */
  again = open_project (other, &error);
  g_assert_no_error (error);
  g_assert_true (again == window);
  existing = open_project (own, &error);
  g_assert_no_error (error);
  g_assert_true (existing == GTK_WINDOW (fixture->window));

  /* A file that is not a project is refused and left as it was. */
  refused = open_project (not_project, &error);
  g_assert_null (refused);
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_OPEN);
  g_assert_true (g_file_load_contents (not_project, NULL, &contents, NULL, NULL, NULL));
  g_assert_cmpstr (contents, ==, "Not a project.\n");
}

/* A project of 300 submissions whose table of submissions has its first
 * page overwritten, as a failing disk would. */
static GFile *
write_damaged_project (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "Damaged.intake", NULL);
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guchar *garbage = NULL;
  sqlite3_stmt *stmt;
  sqlite3 *db;
  int rootpage, page_size;
  FILE *file;

  store = intake_store_open (path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)"
                                 " INSERT INTO submissions (message_id, subject, text, imported_at)"
                                 " SELECT i || '@example.org', 'Submission ' || i, printf ('%.2000c', 'x'), 0 FROM n",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT rootpage, (SELECT page_size FROM pragma_page_size)"
                                           " FROM sqlite_master WHERE name = 'submissions'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  rootpage = sqlite3_column_int (stmt, 0);
  page_size = sqlite3_column_int (stmt, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  garbage = g_malloc (page_size);
  memset (garbage, 0xa5, page_size);
  file = fopen (path, "r+b");
  g_assert_nonnull (file);
  g_assert_cmpint (fseek (file, (long) (rootpage - 1) * page_size, SEEK_SET), ==, 0);
  g_assert_cmpuint (fwrite (garbage, 1, page_size, file), ==, (size_t) page_size);
  fclose (file);

  return g_file_new_for_path (path);
}

/* The window is made while the project is checked for damage; a damaged
 * one is refused all the same, its window goes, and nothing is written. */
static void
test_damaged_project_refused (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GFile) damaged = write_damaged_project (fixture->dir);
  g_autoptr(GtkWindow) window = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  guint n_windows = g_list_length (gtk_application_get_windows (GTK_APPLICATION (app)));

  before = g_file_load_bytes (damaged, NULL, NULL, &error);
  g_assert_no_error (error);

  /* The views of the window made meanwhile may already meet the damage. */
  ui_test_expected_warning = "is damaged";
  window = open_project (damaged, &error);
  g_assert_null (window);
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "Restore it from a backup"));

  WAIT_UNTIL (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))) == n_windows);
  ui_test_expected_warning = NULL;
  after = g_file_load_bytes (damaged, NULL, NULL, NULL);
  g_assert_true (g_bytes_equal (before, after));
}

/* The shortcuts window is made when first asked for, for the window asking. */
static void
test_shortcuts_window (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (fixture->window);
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.shortcuts");
  GtkShortcutsWindow *overlay;

  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>question"));
  g_assert_null (gtk_application_window_get_help_overlay (window));

  /* GTK 4.8's shortcuts window measures one of its own labels below zero
   * as it is first shown; it is drawn right all the same. */
  ui_test_expected_warning = "but sizes must be >= 0";
  gtk_window_present (GTK_WINDOW (window));
  g_action_group_activate_action (G_ACTION_GROUP (app), "shortcuts", NULL);
  overlay = gtk_application_window_get_help_overlay (window);
  g_assert_nonnull (overlay);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (overlay)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (overlay)) == GTK_WINDOW (window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (overlay)), ==, "Keyboard Shortcuts");

  /* Asked again, the same one comes back. */
  gtk_widget_set_visible (GTK_WIDGET (overlay), FALSE);
  g_action_group_activate_action (G_ACTION_GROUP (app), "shortcuts", NULL);
  g_assert_true (gtk_application_window_get_help_overlay (window) == overlay);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (overlay)));
  gtk_widget_set_visible (GTK_WIDGET (overlay), FALSE);
  ui_test_expected_warning = NULL;
}

static void
test_window_title_is_project_file (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->window)), ==, "Consultation.intake");
}

static void
test_empty_state_until_import (Fixture       *fixture,
                               gconstpointer  data)
{
  g_assert_true (status_page_mapped (fixture->window, "No Submissions Yet"));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (get_list_view (fixture->window))));

  import_and_wait (fixture->window, fixture->dir, "inbox.mbox", mailbox);

  g_assert_false (status_page_mapped (fixture->window, "No Submissions Yet"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (get_list_view (fixture->window))));
}

/* A project that has submissions opens with the focus in the list, not on
 * the header's first button. */
static void
test_opens_with_focus_in_list (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(IntakeImporter) importer = intake_importer_new (fixture->store);
  g_autoptr(IntakeImportSummary) summary = NULL;
  g_autoptr(GFile) file = write_file (fixture->dir, "inbox.mbox", mailbox);
  g_autoptr(GError) error = NULL;
  IntakeWindow *window;
  GtkWidget *focus;

  summary = intake_importer_import_sync (importer, &file, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->imported, >, 0);

  window = open_window (app, fixture->project);
  WAIT_UNTIL (list_is_settled (window) && g_list_model_get_n_items (list_model (window)) > 0);
  iterate_for (100);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (focus == GTK_WIDGET (get_list_view (window)) ||
                 gtk_widget_is_ancestor (focus, GTK_WIDGET (get_list_view (window))));
  close_and_finalize (window);
}

static void
test_import_fills_list (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkGridView *list_view = get_list_view (fixture->window);
  GListModel *model;
  gboolean found[G_N_ELEMENTS (expected)] = { FALSE, };

  import_and_wait (fixture->window, fixture->dir, "inbox.mbox", mailbox);

  model = G_LIST_MODEL (gtk_grid_view_get_model (list_view));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(IntakeSubmission) item = g_list_model_get_item (model, i);
      const Expected *e = expected_for_subject (intake_submission_get_subject (item));

      g_assert_nonnull (e);
      found[e - expected] = TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_true (found[i]);

  /* The rows on screen show the decoded subject and sender. */
  g_assert_nonnull (find_widget (GTK_WIDGET (list_view), GTK_TYPE_INSCRIPTION,
                                 inscription_is_mapped_with_text, "Révision du programme"));
  g_assert_nonnull (find_widget (GTK_WIDGET (list_view), GTK_TYPE_INSCRIPTION,
                                 inscription_is_mapped_with_text, "Jérôme Tremblay"));
  /* A message without a Date header says so rather than showing a wrong date. */
  g_assert_nonnull (find_widget (GTK_WIDGET (list_view), GTK_TYPE_INSCRIPTION,
                                 inscription_is_mapped_with_text, "Unknown date"));
  g_assert_nonnull (find_widget (GTK_WIDGET (fixture->window), ADW_TYPE_WINDOW_TITLE,
                                 window_title_has_subtitle, "4 submissions"));
}

static void
test_selecting_shows_submission (Fixture       *fixture,
                                 gconstpointer  data)
{
  GtkSelectionModel *model;
  g_autoptr(IntakeSubmission) item = NULL;
  g_autofree char *text = NULL;
  const Expected *e;
  GtkWidget *reader;

  import_and_wait (fixture->window, fixture->dir, "inbox.mbox", mailbox);

  /* Nothing is selected until the reviewer chooses. */
  g_assert_true (status_page_mapped (fixture->window, "No Submission Selected"));
  text = reader_text (fixture->window);
  g_assert_null (text);

  model = gtk_grid_view_get_model (get_list_view (fixture->window));
  item = g_list_model_get_item (G_LIST_MODEL (model), 1);
  e = expected_for_subject (intake_submission_get_subject (item));
  g_assert_nonnull (e);

  g_assert_true (gtk_selection_model_select_item (model, 1, TRUE));
  iterate_for (50);

  g_assert_false (status_page_mapped (fixture->window, "No Submission Selected"));
  text = reader_text (fixture->window);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, e->phrase));

  reader = GTK_WIDGET (get_reader (fixture->window));
  g_assert_nonnull (find_widget (reader, GTK_TYPE_LABEL, label_is_mapped_with_text, e->subject));
  g_assert_cmpint (intake_submission_get_id (intake_reader_get_submission (INTAKE_READER (reader))),
                   ==, intake_submission_get_id (item));
}

static void
test_reader_lists_attachments (Fixture       *fixture,
                               gconstpointer  data)
{
  GtkSelectionModel *model;
  GtkWidget *reader;
  guint n, position = G_MAXUINT;

  import_and_wait (fixture->window, fixture->dir, "inbox.mbox", mailbox);

  model = gtk_grid_view_get_model (get_list_view (fixture->window));
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IntakeSubmission) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (g_strcmp0 (intake_submission_get_subject (item), "Concerns about racial profiling") == 0)
        position = i;
    }
  g_assert_cmpuint (position, <, n);

  g_assert_true (gtk_selection_model_select_item (model, position, TRUE));
  iterate_for (50);

  reader = GTK_WIDGET (get_reader (fixture->window));
  g_assert_nonnull (find_widget (reader, ADW_TYPE_EXPANDER_ROW, preferences_row_has_title, "notes.txt"));

  /* Another submission without attachments leaves no stale rows behind. */
  g_assert_true (gtk_selection_model_select_item (model, position == 0 ? 1 : 0, TRUE));
  iterate_for (50);
  g_assert_null (find_widget (reader, ADW_TYPE_EXPANDER_ROW, preferences_row_has_title, "notes.txt"));
}

static void
test_import_refused_while_busy (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GFile) file = write_file (fixture->dir, "inbox.mbox", mailbox);
  GtkWidget *import_button;

  import_button = find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_BUTTON,
                               button_is_mapped_with_label, "_Import Mailbox…");
  g_assert_nonnull (import_button);
  g_assert_true (gtk_widget_is_sensitive (import_button));

  g_assert_true (intake_window_import_files (fixture->window, &file, 1));
  g_assert_true (intake_window_get_busy (fixture->window));
  g_assert_false (intake_window_import_files (fixture->window, &file, 1));
  g_assert_false (gtk_widget_is_sensitive (import_button));

  WAIT_UNTIL (!intake_window_get_busy (fixture->window));
  g_assert_true (gtk_widget_is_sensitive (import_button));
}

static GtkDropTarget *
find_drop_target (IntakeWindow *window)
{
  GtkWidget *overlay = find_widget (GTK_WIDGET (window), ADW_TYPE_TOAST_OVERLAY, NULL, NULL);
  g_autoptr(GListModel) controllers = NULL;

  g_assert_nonnull (overlay);
  controllers = gtk_widget_observe_controllers (overlay);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }

  return NULL;
}

static void
test_drop_files_imports (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GFile) file = write_file (fixture->dir, "dropped.mbox", mailbox);
  g_auto(GValue) value = G_VALUE_INIT;
  GtkDropTarget *target = find_drop_target (fixture->window);
  GdkDragAction action = 0;
  gboolean accepted = FALSE;
  GtkGridView *list_view;

  g_assert_nonnull (target);
  g_assert_true (gdk_content_formats_contain_gtype (gtk_drop_target_get_formats (target),
                                                    GDK_TYPE_FILE_LIST));

  /* Dragging over the window shows the drop highlight; leaving hides it. */
  g_assert_null (find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_LABEL,
                              label_is_mapped_with_text, "Drop to Import"));
  g_signal_emit_by_name (target, "enter", 10.0, 10.0, &action);
  g_assert_cmpint (action, ==, GDK_ACTION_COPY);
  iterate_for (50);
  g_assert_nonnull (find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_LABEL,
                                 label_is_mapped_with_text, "Drop to Import"));
  g_signal_emit_by_name (target, "leave");
  iterate_for (50);
  g_assert_null (find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_LABEL,
                              label_is_mapped_with_text, "Drop to Import"));

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_array (&file, 1));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_assert_true (accepted);
  g_assert_true (intake_window_get_busy (fixture->window));
  WAIT_UNTIL (!intake_window_get_busy (fixture->window));

  /* The list filters again on its worker once the import is in. */
  list_view = get_list_view (fixture->window);
  WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (gtk_grid_view_get_model (list_view))) ==
              G_N_ELEMENTS (expected));
  WAIT_UNTIL (list_is_settled (fixture->window));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_grid_view_get_model (list_view))),
                    ==, G_N_ELEMENTS (expected));
}

static IntakeRejectionsWindow *
find_rejections_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (INTAKE_IS_REJECTIONS_WINDOW (toplevel))
        return INTAKE_REJECTIONS_WINDOW (toplevel);
    }

  return NULL;
}

static void
test_rejections_window_lists_rejected (Fixture       *fixture,
                                       gconstpointer  data)
{
  IntakeRejectionsWindow *rejections;
  g_autoptr(GPtrArray) logged = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *list_box;
  GtkWidget *row;
  guint n_rows = 0;

  /* Imported twice: the bad message is still one message to fix. */
  import_and_wait (fixture->window, fixture->dir, "damaged.mbox", damaged_mailbox);
  import_and_wait (fixture->window, fixture->dir, "damaged.mbox", damaged_mailbox);

  logged = intake_store_list_rejections (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (logged->len, >=, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-rejections", NULL));
  rejections = find_rejections_window ();
  g_assert_nonnull (rejections);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (rejections)) == GTK_WINDOW (fixture->window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (rejections)));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (rejections)));

  list_box = find_widget (GTK_WIDGET (rejections), GTK_TYPE_LIST_BOX, is_mapped, NULL);
  g_assert_nonnull (list_box);
  g_assert_true (gtk_widget_get_mapped (list_box));
  for (GtkWidget *child = gtk_widget_get_first_child (list_box); child; child = gtk_widget_get_next_sibling (child))
    if (ADW_IS_ACTION_ROW (child))
      n_rows++;
  g_assert_cmpuint (n_rows, ==, 1);

  row = find_widget (list_box, ADW_TYPE_ACTION_ROW, NULL, NULL);
  /* The damaged message is the first in its file: it starts at byte 0. */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "damaged.mbox, message at byte 0");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   ((IntakeRejection *) g_ptr_array_index (logged, 0))->reason);
}

static void
test_rejections_window_empty (Fixture       *fixture,
                              gconstpointer  data)
{
  IntakeRejectionsWindow *rejections;
  GtkWidget *page;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-rejections", NULL));
  rejections = find_rejections_window ();
  g_assert_nonnull (rejections);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (rejections)));

  page = find_widget (GTK_WIDGET (rejections), ADW_TYPE_STATUS_PAGE,
                      status_page_has_title, "No Rejected Messages");
  g_assert_nonnull (page);
  g_assert_true (gtk_widget_get_mapped (page));
}

static void
test_import_error_is_shown (Fixture       *fixture,
                            gconstpointer  data)
{
  GtkWidget *toast;

  g_assert_null (find_toast (GTK_WIDGET (fixture->window), "Could not import"));

  import_and_wait (fixture->window, fixture->dir, "notes.txt", "Just some notes, not a mailbox.\n");

  /* A toast says what failed and why, naming the file. */
  WAIT_UNTIL ((toast = find_toast (GTK_WIDGET (fixture->window), "Could not import")) != NULL);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (toast)), "notes.txt"));
  g_assert_null (find_message_dialog (GTK_WINDOW (fixture->window), FALSE));

  /* Nothing was imported, so the empty state stays. */
  g_assert_true (status_page_mapped (fixture->window, "No Submissions Yet"));
}

static void
test_import_skipped_are_counted (Fixture       *fixture,
                                 gconstpointer  data)
{
  const char *shared = g_getenv ("INTAKE_SHARED_DIR");
  g_autofree char *contact = shared ? g_build_filename (shared, "corpus", "outlook", "contact-plain.msg", NULL) : NULL;
  g_autofree char *note = shared ? g_build_filename (shared, "corpus", "outlook", "note.msg", NULL) : NULL;
  GFile *files[2];

  if (contact == NULL || !g_file_test (contact, G_FILE_TEST_EXISTS) || !g_file_test (note, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("The Outlook samples are not in INTAKE_SHARED_DIR/corpus/outlook");
      return;
    }

  /* An Outlook contact and note: not messages, and the toast says so. */
  files[0] = g_file_new_for_path (contact);
  files[1] = g_file_new_for_path (note);
  g_assert_true (intake_window_import_files (fixture->window, files, 2));
  WAIT_UNTIL (!intake_window_get_busy (fixture->window));
  WAIT_UNTIL (find_toast (GTK_WIDGET (fixture->window), "No messages were found in the chosen files, 2 items skipped") != NULL);
  g_assert_true (status_page_mapped (fixture->window, "No Submissions Yet"));

  g_object_unref (files[0]);
  g_object_unref (files[1]);
}

static IntakeWindow *
find_sample_window (void)
{
  g_autoptr(GFile) sample = intake_application_dup_sample_project ();
  g_autofree char *path = g_file_get_path (sample);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (INTAKE_IS_WINDOW (l->data) &&
        g_strcmp0 (intake_project_get_path (intake_window_get_project (l->data)), path) == 0)
      return l->data;

  return NULL;
}

static guint
count_submissions (IntakeStore *store)
{
  g_autoptr(GError) error = NULL;
  IntakeStats stats;

  g_assert_true (intake_store_get_stats (store, &stats, &error));
  g_assert_no_error (error);
  return stats.submissions;
}

/* The sample opens in a project of its own, never in the consultation. */
static void
test_try_sample (Fixture       *fixture,
                 gconstpointer  data)
{
  IntakeWindow *sample;
  IntakeStore *sample_store;
  guint n;

  g_assert_null (find_sample_window ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.try-sample", NULL));
  WAIT_UNTIL ((sample = find_sample_window ()) != NULL);
  /* The window shows while its project is checked; the import follows. */
  sample_store = intake_project_get_store (intake_window_get_project (sample));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (sample)) && !intake_window_get_busy (sample) &&
              count_submissions (sample_store) > 0);
  iterate_for (100);

  n = count_submissions (sample_store);
  g_assert_cmpuint (n, >, 0);
  /* The list reads them on its worker, however long a loaded machine
   * makes that take. */
  WAIT_UNTIL (list_is_settled (sample) && g_list_model_get_n_items (list_model (sample)) == n);
  g_assert_cmpuint (count_submissions (fixture->store), ==, 0);
  g_assert_true (status_page_mapped (fixture->window, "No Submissions Yet"));

  /* Again: the same window comes forward, with the sample once. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.try-sample", NULL));
  iterate_for (300);
  g_assert_true (find_sample_window () == sample);
  g_assert_false (intake_window_get_busy (sample));
  g_assert_cmpuint (count_submissions (sample_store), ==, n);

  gtk_window_destroy (GTK_WINDOW (sample));
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv, UI_TEST_APP);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/window/title/project-file", test_window_title_is_project_file);
  ADD ("/window/application/opens-projects", test_application_opens_projects);
  ADD ("/window/application/refuses-damaged", test_damaged_project_refused);
  ADD ("/window/shortcuts-window", test_shortcuts_window);
  ADD ("/window/empty-state/until-import", test_empty_state_until_import);
  ADD ("/window/import/fills-list", test_import_fills_list);
  ADD ("/window/focus/opens-in-list", test_opens_with_focus_in_list);
  ADD ("/window/import/refused-while-busy", test_import_refused_while_busy);
  ADD ("/window/import/error-is-shown", test_import_error_is_shown);
  ADD ("/window/import/skipped-are-counted", test_import_skipped_are_counted);
  ADD ("/window/import/try-sample", test_try_sample);
  ADD ("/window/import/drop-files", test_drop_files_imports);
  ADD ("/window/reader/shows-selected", test_selecting_shows_submission);
  ADD ("/window/reader/lists-attachments", test_reader_lists_attachments);
  ADD ("/window/rejections/lists-rejected", test_rejections_window_lists_rejected);
  ADD ("/window/rejections/empty", test_rejections_window_empty);

#undef ADD

  return ui_test_run ();
}
