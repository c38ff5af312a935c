/* The reader's popovers hold nothing when the window closes with one of
 * them open: the window and its project go. */
#define G_LOG_DOMAIN "test-reader-picker"

#include "config.h"

#include <adwaita.h>

#include "intake-application.h"
#include "intake-code-picker.h"
#include "intake-code-picker-row.h"
#include "intake-codings-popover.h"
#include "intake-project.h"
#include "intake-reader.h"
#include "intake-store.h"
#include "intake-window.h"
#include "ui-test-support.h"

static const char mailbox[] =
  "From amara@example.org Mon Apr 19 10:00:00 2021\n"
  "From: Amara Okafor <amara@example.org>\n"
  "Subject: SRO feedback\n"
  "Date: Mon, 19 Apr 2021 10:00:00 -0600\n"
  "Message-ID: <amara-1@example.org>\n"
  "\n"
  "The officer at our school knows every student by name.\n";

typedef struct
{
  char          *dir;
  IntakeProject *project;
  IntakeStore   *store;
  IntakeWindow  *window;
} Fixture;

static GtkWidget *
find_in_reader (Fixture *fixture,
                GType    type)
{
  GtkWidget *widget = find_widget (GTK_WIDGET (get_reader (fixture->window)), type, NULL, NULL);

  g_assert_nonnull (widget);
  return widget;
}

/* Closes the window, as the reviewer would, and checks that nothing is
 * left holding the window or the project. */
static void
close_and_check (Fixture *fixture)
{
  gtk_window_close (GTK_WINDOW (fixture->window));
  iterate_for (100);

  g_assert_finalize_object (g_steal_pointer (&fixture->window));
  g_assert_finalize_object (g_steal_pointer (&fixture->project));
  g_assert_finalize_object (g_steal_pointer (&fixture->store));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->project = open_temporary_project ("test-reader-picker-XXXXXX", &fixture->dir, &fixture->store);
  fixture->window = open_window (app, fixture->project);
  import_and_wait (fixture->window, fixture->dir, "inbox.mbox", mailbox);
  g_assert_cmpuint (g_list_model_get_n_items (list_model (fixture->window)), ==, 1);
  g_assert_true (gtk_selection_model_select_item (GTK_SELECTION_MODEL (list_model (fixture->window)), 0, TRUE));
  WAIT_UNTIL (intake_reader_get_submission (get_reader (fixture->window)) != NULL);
  iterate_for (100);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->window);
  g_clear_object (&fixture->project);
  g_clear_object (&fixture->store);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static void
close_with_picker_open (Fixture         *fixture,
                        guint            keyval,
                        GdkModifierType  mods)
{
  GtkTextView *text_view = intake_reader_get_text_view (get_reader (fixture->window));
  GtkWidget *picker = find_in_reader (fixture, INTAKE_TYPE_CODE_PICKER);

  g_assert_false (gtk_widget_get_mapped (picker));
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (text_view)));
  g_assert_true (press_shortcut (GTK_WIDGET (text_view), keyval, mods));
  WAIT_UNTIL (gtk_widget_get_mapped (picker));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fixture->window)), picker));

  close_and_check (fixture);
}

static gboolean
row_has_guid (GtkWidget     *widget,
              gconstpointer  guid)
{
  return g_strcmp0 (intake_code_picker_row_get_code_guid (INTAKE_CODE_PICKER_ROW (widget)), guid) == 0;
}

/* The picker's rows are made as it shows, so a code added while it is
 * hidden is there when it opens, and one added while it is open shows. */
static void
test_rows_follow_codebook (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkTextView *text_view = intake_reader_get_text_view (get_reader (fixture->window));
  GtkWidget *picker = find_in_reader (fixture, INTAKE_TYPE_CODE_PICKER);
  g_autofree char *hidden_guid = NULL;
  g_autofree char *shown_guid = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (intake_project_add_code (fixture->project, NULL, "Added while hidden", NULL, TRUE,
                                          &hidden_guid, &error));
  g_assert_no_error (error);

  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (text_view)));
  g_assert_true (press_shortcut (GTK_WIDGET (text_view), GDK_KEY_c, 0));
  WAIT_UNTIL (gtk_widget_get_mapped (picker));
  g_assert_nonnull (find_widget (picker, INTAKE_TYPE_CODE_PICKER_ROW, row_has_guid, hidden_guid));

  g_assert_true (intake_project_add_code (fixture->project, NULL, "Added while shown", NULL, TRUE,
                                          &shown_guid, &error));
  g_assert_no_error (error);
  g_assert_nonnull (find_widget (picker, INTAKE_TYPE_CODE_PICKER_ROW, row_has_guid, shown_guid));
  g_assert_nonnull (find_widget (picker, INTAKE_TYPE_CODE_PICKER_ROW, row_has_guid, hidden_guid));

  gtk_popover_popdown (GTK_POPOVER (picker));
}

static void
test_close_with_picker_from_c (Fixture       *fixture,
                               gconstpointer  data)
{
  close_with_picker_open (fixture, GDK_KEY_c, 0);
}

static void
test_close_with_picker_from_ctrl_k (Fixture       *fixture,
                                    gconstpointer  data)
{
  close_with_picker_open (fixture, GDK_KEY_k, GDK_CONTROL_MASK);
}

/* The list of an excerpt's codes, as a click on the excerpt shows it:
 * popped up here, since the click comes as a raw event GTK 4.8 cannot
 * make up. */
static void
test_close_with_codings_open (Fixture       *fixture,
                              gconstpointer  data)
{
  IntakeReader *reader = get_reader (fixture->window);
  IntakeSubmission *submission = intake_reader_get_submission (reader);
  IntakeCode *trust = intake_codebook_find (intake_project_get_codebook (fixture->project),
                                            "Experiences/Trust in police");
  GtkWidget *popover = find_in_reader (fixture, INTAKE_TYPE_CODINGS_POPOVER);
  g_autoptr(GPtrArray) codings = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (trust);
  g_assert_true (intake_project_add_coding (fixture->project, intake_submission_get_id (submission),
                                            intake_code_get_guid (trust), 4, 11, NULL, &error));
  g_assert_no_error (error);
  codings = intake_store_list_codings (fixture->store, intake_submission_get_id (submission), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (intake_codings_popover_set_codings (INTAKE_CODINGS_POPOVER (popover), codings, 5), ==, 1);

  gtk_popover_popup (GTK_POPOVER (popover));
  WAIT_UNTIL (gtk_widget_get_mapped (popover));

  close_and_check (fixture);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv, UI_TEST_APP);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/reader-picker/close-with-picker-from-c", test_close_with_picker_from_c);
  ADD ("/reader-picker/close-with-picker-from-ctrl-k", test_close_with_picker_from_ctrl_k);
  ADD ("/reader-picker/close-with-codings-open", test_close_with_codings_open);
  ADD ("/reader-picker/rows-follow-codebook", test_rows_follow_codebook);

#undef ADD

  return ui_test_run ();
}
