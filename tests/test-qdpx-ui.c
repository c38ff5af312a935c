/* REFI-QDA projects from the window: both menu items, the export on its
 * thread and the dialog saying what the file cannot carry, and the import
 * making a new project that opens in a window of its own. */
#define G_LOG_DOMAIN "test-qdpx-ui"

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "intake-application.h"
#include "intake-project.h"
#include "intake-qdpx.h"
#include "intake-store.h"
#include "intake-window.h"
#include "ui-test-support.h"

#define N_MESSAGES 6
#define WHOLE_CODE_GUID "baa7c915-7b46-404d-8053-a55278fb5cac"

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
                            "Subject: Soumission %d\n"
                            "Message-ID: <qdpx-ui-%02d@example.org>\n"
                            "Date: Mon, %d Apr 2021 14:00:00 +0000\n\n"
                            "L’agent de l’école numéro %d connaît chaque élève.\n\n",
                            i, i, i, i, i, 1 + i, i);

  return g_string_free (mbox, FALSE);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *mbox = make_mailbox ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  fixture->project = open_temporary_project ("test-qdpx-ui-XXXXXX", &fixture->dir, &fixture->store);
  fixture->window = open_window (app, fixture->project);
  import_and_wait (fixture->window, fixture->dir, "inbox.mbox", mbox);

  ids = intake_store_list_ids (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_true (intake_project_set_reviewer (fixture->project, "Amina", &error));
  g_assert_true (intake_project_add_coding (fixture->project, g_array_index (ids, gint64, 0),
                                            WHOLE_CODE_GUID, -1, -1, NULL, &error));
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

static void
test_in_menu (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *export_label = primary_menu_label (fixture->window, "win.export-qdpx");
  g_autofree char *import_label = primary_menu_label (fixture->window, "win.import-qdpx");

  g_assert_cmpstr (export_label, ==, "Export REFI-QDA Pro_ject…");
  g_assert_cmpstr (import_label, ==, "Import REFI-QDA _Project…");
}

static gboolean
dialog_has_heading (const char *heading)
{
  AdwMessageDialog *dialog = find_message_dialog (NULL, TRUE);

  return dialog != NULL && g_strcmp0 (adw_message_dialog_get_heading (dialog), heading) == 0;
}

static void
test_export_tells_what_is_not_carried (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "Consultation.qdpx", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  AdwMessageDialog *dialog;
  const char *body;

  intake_window_export_qdpx (fixture->window, file);
  /* Progress and Cancel while the worker writes, then the summary. */
  WAIT_UNTIL (dialog_has_heading ("REFI-QDA Project Exported"));
  dialog = find_message_dialog (GTK_WINDOW (fixture->window), TRUE);
  g_assert_nonnull (dialog);
  body = adw_message_dialog_get_body (dialog);
  g_assert_nonnull (strstr (body, "Consultation.qdpx"));
  g_assert_nonnull (strstr (body, "6 submissions"));
  g_assert_nonnull (strstr (body, "cannot carry"));
  g_assert_nonnull (strstr (body, intake_qdpx_not_carried ()[0]));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

static gboolean
window_for_path (const char *path)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);
      IntakeProject *project;

      if (!INTAKE_IS_WINDOW (toplevel))
        continue;
      project = intake_window_get_project (INTAKE_WINDOW (toplevel));
      if (project != NULL && g_strcmp0 (intake_project_get_path (project), path) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_import_opens_new_project (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *qdpx_path = g_build_filename (fixture->dir, "in.qdpx", NULL);
  g_autofree char *new_path = g_build_filename (fixture->dir, "From REFI-QDA.intake", NULL);
  g_autoptr(GFile) qdpx = g_file_new_for_path (qdpx_path);
  g_autoptr(GFile) new_project = g_file_new_for_path (new_path);
  g_autoptr(IntakeQdpxSummary) summary = NULL;
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(GError) error = NULL;
  IntakeStats stats;

  summary = intake_qdpx_export (fixture->store, "Consultation", qdpx_path, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  intake_window_import_qdpx (fixture->window, qdpx, new_project);
  g_assert_nonnull (find_message_dialog (GTK_WINDOW (fixture->window), FALSE));
  WAIT_UNTIL (window_for_path (new_path));
  iterate_for (100);

  store = intake_store_open_readonly (new_path, &error);
  g_assert_no_error (error);
  g_assert_true (intake_store_get_stats (store, &stats, &error));
  g_assert_cmpuint (stats.submissions, ==, N_MESSAGES);
}

static void
test_import_refuses_open_project (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *qdpx_path = g_build_filename (fixture->dir, "in.qdpx", NULL);
  g_autoptr(GFile) qdpx = g_file_new_for_path (qdpx_path);
  g_autoptr(GFile) open = g_file_new_for_path (intake_project_get_path (fixture->project));
  g_autoptr(IntakeQdpxSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = intake_qdpx_export (fixture->store, "Consultation", qdpx_path, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  intake_window_import_qdpx (fixture->window, qdpx, open);
  g_assert_null (find_message_dialog (NULL, FALSE));
  WAIT_UNTIL (find_toast (GTK_WIDGET (fixture->window), "The open project cannot be replaced") != NULL);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv, UI_TEST_APP | UI_TEST_WIDE);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/qdpx-ui/in-menu", test_in_menu);
  ADD ("/qdpx-ui/export/tells-what-is-not-carried", test_export_tells_what_is_not_carried);
  ADD ("/qdpx-ui/import/opens-new-project", test_import_opens_new_project);
  ADD ("/qdpx-ui/import/refuses-open-project", test_import_refuses_open_project);

#undef ADD

  return ui_test_run ();
}
