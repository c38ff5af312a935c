/* Moving between submissions: Ctrl+Return within the list's search, the
 * list as one stop of the Tab chain, the focus after opening a row, the
 * keys of a list row never reaching Undo, and the list's progress. Keys
 * are real X key events (XTest), as a reviewer's keyboard sends them. */
#define G_LOG_DOMAIN "test-navigation-ui"

#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <gmodule.h>
#include <X11/Xlib.h>

#include "intake-application.h"
#include "intake-project.h"
#include "intake-reader.h"
#include "intake-store.h"
#include "intake-submission-row.h"
#include "intake-window.h"
#include "ui-test-support.h"

static const char mailbox[] =
  "From a@example.org Mon Apr 19 10:00:00 2021\n"
  "From: Amara Okafor <amara@example.org>\nSubject: Officer at school\nMessage-ID: <a@example.org>\n"
  "Date: Mon, 19 Apr 2021 10:00:00 -0600\n\n"
  "The officer at our school knows every student.\n\n"
  "From b@example.org Tue Apr 20 10:00:00 2021\n"
  "From: Dana Li <dana@example.org>\nSubject: Counsellors\nMessage-ID: <b@example.org>\n"
  "Date: Tue, 20 Apr 2021 10:00:00 -0600\n\n"
  "Please fund counsellors instead.\n\n"
  "From c@example.org Wed Apr 21 10:00:00 2021\n"
  "From: Lee Chan <lee@example.org>\nSubject: The officer mentors\nMessage-ID: <c@example.org>\n"
  "Date: Wed, 21 Apr 2021 10:00:00 -0600\n\n"
  "The officer mentors my daughter.\n\n"
  "From d@example.org Thu Apr 22 10:00:00 2021\n"
  "From: Noor Haddad <noor@example.org>\nSubject: Social workers\nMessage-ID: <d@example.org>\n"
  "Date: Thu, 22 Apr 2021 10:00:00 -0600\n\n"
  "Hire social workers.\n";

typedef struct
{
  char          *dir;
  IntakeProject *project;
  IntakeStore   *store;     /* the project's */
  IntakeWindow  *window;
} Fixture;

/* XTest, found at run time: the library is there without its headers. */
typedef int (*FakeKeyFunc) (Display *display, unsigned int keycode, Bool is_press, unsigned long delay);
static FakeKeyFunc fake_key;

static const char *
reader_subject (Fixture *fixture)
{
  IntakeSubmission *submission = intake_reader_get_submission (get_reader (fixture->window));

  return submission ? intake_submission_get_subject (submission) : NULL;
}

static guint
selected_position (Fixture *fixture)
{
  return gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (list_model (fixture->window)));
}

static void
select_position (Fixture *fixture,
                 guint    position)
{
  g_assert_true (gtk_selection_model_select_item (GTK_SELECTION_MODEL (list_model (fixture->window)), position, TRUE));
  iterate_for (50);
}

static gboolean
is_list_search (GtkWidget     *widget,
                gconstpointer  data)
{
  g_autofree char *placeholder = NULL;

  g_object_get (widget, "placeholder-text", &placeholder, NULL);
  return g_strcmp0 (placeholder, "Search the Submissions") == 0;
}

static GtkWidget *
get_search_entry (Fixture *fixture)
{
  GtkWidget *entry = find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_SEARCH_ENTRY, is_list_search, NULL);

  g_assert_nonnull (entry);
  return entry;
}

static void
search_for (Fixture    *fixture,
            const char *text)
{
  GtkWidget *entry = get_search_entry (fixture);

  g_assert_nonnull (entry);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.find", NULL));
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  /* The search runs after the entry's typing pause. */
  WAIT_UNTIL (list_is_settled (fixture->window) && g_list_model_get_n_items (list_model (fixture->window)) < 4);
  iterate_for (50);
}

static IntakeStatus
status_of (Fixture *fixture,
           gint64   id)
{
  g_autoptr(GPtrArray) rows = intake_store_get_summaries (intake_project_get_store (fixture->project),
                                                          &id, 1, NULL);

  g_assert_cmpuint (rows->len, ==, 1);
  return intake_submission_get_status (g_ptr_array_index (rows, 0));
}

/* The list row (the list item widget, which takes the focus) at @position. */
static GtkWidget *
list_row_at (Fixture *fixture,
             guint    position)
{
  GtkWidget *list_view = GTK_WIDGET (get_list_view (fixture->window));
  g_autoptr(IntakeSubmission) wanted = g_list_model_get_item (list_model (fixture->window), position);

  for (GtkWidget *child = gtk_widget_get_first_child (list_view);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (INTAKE_IS_SUBMISSION_ROW (row) &&
          intake_submission_row_get_submission (INTAKE_SUBMISSION_ROW (row)) != NULL &&
          intake_submission_get_id (intake_submission_row_get_submission (INTAKE_SUBMISSION_ROW (row))) ==
          intake_submission_get_id (wanted))
        return child;
    }

  g_error ("No row on screen at %u", position);
  return NULL;
}

static GtkWidget *
focus_widget (Fixture *fixture)
{
  return gtk_root_get_focus (GTK_ROOT (fixture->window));
}

static gboolean
is_mapped (GtkWidget     *widget,
           gconstpointer  data)
{
  return gtk_widget_get_mapped (widget);
}

/* Keys */

static Display *
xdisplay (void)
{
  return gdk_x11_display_get_xdisplay (gdk_display_get_default ());
}

static gboolean
can_send_keys (void)
{
  if (!GDK_IS_X11_DISPLAY (gdk_display_get_default ()) || fake_key == NULL)
    {
      g_test_skip ("Real key events need X11 and XTest");
      return FALSE;
    }
  return TRUE;
}

static void
give_keyboard_focus (Fixture *fixture)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (fixture->window));

  XSetInputFocus (xdisplay (), gdk_x11_surface_get_xid (surface), RevertToParent, CurrentTime);
  XSync (xdisplay (), False);
  iterate_for (50);
}

static void
send_key (KeySym keysym,
          KeySym modifier)
{
  Display *display = xdisplay ();
  KeyCode code = XKeysymToKeycode (display, keysym);
  KeyCode mod_code = modifier ? XKeysymToKeycode (display, modifier) : 0;

  if (code == 0)
    return;

  if (mod_code)
    fake_key (display, mod_code, True, 0);
  fake_key (display, code, True, 0);
  fake_key (display, code, False, 0);
  if (mod_code)
    fake_key (display, mod_code, False, 0);
  XSync (display, False);
  iterate_for (30);
}

/* Fixture */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->project = open_temporary_project ("test-navigation-ui-XXXXXX", &fixture->dir, &fixture->store);
  fixture->window = open_window (app, fixture->project);
  import_and_wait (fixture->window, fixture->dir, "inbox.mbox", mailbox);
  WAIT_UNTIL (g_list_model_get_n_items (list_model (fixture->window)) == 4);
  iterate_for (100);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  destroy_toplevels ();
  iterate_for (100);

  g_assert_finalize_object (fixture->window);
  g_assert_finalize_object (fixture->project);
  g_assert_finalize_object (fixture->store);

  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* Tests */

/* "officer" matches the first and the third; Ctrl+Return from the first
 * goes to the third, never to the second in between, then says none is left. */
static void
test_mark_coded_next_stays_in_search (Fixture       *fixture,
                                      gconstpointer  data)
{
  gint64 first, third;

  search_for (fixture, "officer");
  g_assert_cmpuint (g_list_model_get_n_items (list_model (fixture->window)), ==, 2);

  select_position (fixture, 0);
  first = reader_id (fixture->window);
  g_assert_nonnull (strstr (reader_subject (fixture), "fficer"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.mark-coded-next", NULL));
  iterate_for (100);
  g_assert_cmpint (status_of (fixture, first), ==, INTAKE_STATUS_CODED);
  third = reader_id (fixture->window);
  g_assert_cmpint (third, !=, first);
  /* The other match, not the submission between them. */
  g_assert_nonnull (strstr (reader_subject (fixture), "fficer"));
  /* The list's selection follows the reader. */
  g_assert_cmpuint (selected_position (fixture), ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.mark-coded-next", NULL));
  iterate_for (100);
  g_assert_cmpint (status_of (fixture, third), ==, INTAKE_STATUS_CODED);
  WAIT_UNTIL (find_toast (GTK_WIDGET (fixture->window), "No other submission to code matches") != NULL);
  /* The submissions outside the search were left alone. */
  g_assert_cmpint (reader_id (fixture->window), ==, third);
}

static void
test_progress_in_header (Fixture       *fixture,
                         gconstpointer  data)
{
  gint64 id;
  GtkWidget *box, *label;
  g_autoptr(GError) error = NULL;

  select_position (fixture, 0);
  id = reader_id (fixture->window);
  g_assert_true (intake_project_set_status (fixture->project, id, INTAKE_STATUS_CODED, &error));
  g_assert_no_error (error);

  box = find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_BOX, has_css_class, "list-progress");
  g_assert_nonnull (box);
  label = find_widget (box, GTK_TYPE_LABEL, NULL, NULL);
  g_assert_nonnull (label);
  WAIT_UNTIL (g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), "1 of 4 coded · 0 by you") == 0);
  g_assert_true (gtk_widget_get_visible (box));

  /* Coding it counts it as the reviewer's. */
  g_assert_true (intake_project_add_coding (fixture->project, id,
                                            intake_code_get_guid (intake_codebook_find (intake_project_get_codebook (fixture->project),
                                                                                        "Experiences/Trust in police")),
                                            -1, -1, NULL, &error));
  WAIT_UNTIL (g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), "1 of 4 coded · 1 by you") == 0);
}

static void
test_tab_leaves_list (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkWidget *row, *focus;

  if (!can_send_keys ())
    return;

  select_position (fixture, 0);
  row = list_row_at (fixture, 0);
  give_keyboard_focus (fixture);
  g_assert_true (gtk_widget_grab_focus (row));
  iterate_for (50);
  g_assert_true (gtk_widget_is_ancestor (focus_widget (fixture), GTK_WIDGET (get_list_view (fixture->window))) ||
                 focus_widget (fixture) == row);

  send_key (XK_Tab, 0);
  focus = focus_widget (fixture);
  g_assert_nonnull (focus);
  g_assert_false (gtk_widget_is_ancestor (focus, GTK_WIDGET (get_list_view (fixture->window))));

  /* And Shift+Tab from the row leaves it backwards. */
  g_assert_true (gtk_widget_grab_focus (list_row_at (fixture, 1)));
  send_key (XK_Tab, XK_Shift_L);
  focus = focus_widget (fixture);
  g_assert_nonnull (focus);
  g_assert_false (gtk_widget_is_ancestor (focus, GTK_WIDGET (get_list_view (fixture->window))));
}

static void
test_return_focuses_text (Fixture       *fixture,
                          gconstpointer  data)
{
  if (!can_send_keys ())
    return;

  select_position (fixture, 1);
  give_keyboard_focus (fixture);
  g_assert_true (gtk_widget_grab_focus (list_row_at (fixture, 1)));
  iterate_for (50);

  send_key (XK_Return, 0);
  iterate_for (50);
  g_assert_true (focus_widget (fixture) == GTK_WIDGET (intake_reader_get_text_view (get_reader (fixture->window))));
  g_assert_cmpstr (reader_subject (fixture), ==, "Counsellors");
}

/* Every printable key, alone and with Shift, Alt and Control (but the
 * Control keys that mean something else: quitting, closing, opening),
 * pressed on a list row: the project's undo history is as it was. */
static void
test_keys_on_row_never_undo (Fixture       *fixture,
                             gconstpointer  data)
{
  static const KeySym modifiers[] = { 0, XK_Shift_L, XK_Alt_L, XK_Control_L };
  static const char control_meaning[] = "qwonirefkz";
  g_autoptr(GError) error = NULL;
  GtkWidget *popover;
  IntakeCode *trust;
  gint64 id;

  if (!can_send_keys ())
    return;

  g_settings_set_strv (settings, "pinned-codes", NULL);
  select_position (fixture, 0);
  id = reader_id (fixture->window);
  trust = intake_codebook_find (intake_project_get_codebook (fixture->project), "Experiences/Trust in police");
  g_assert_nonnull (trust);
  g_assert_true (intake_project_add_coding (fixture->project, id, intake_code_get_guid (trust), -1, -1, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (intake_project_get_undo_label (fixture->project), ==, "Coding “Trust in police”");

  give_keyboard_focus (fixture);
  for (guint m = 0; m < G_N_ELEMENTS (modifiers); m++)
    for (KeySym key = XK_space; key <= XK_asciitilde; key++)
      {
        if (modifiers[m] == XK_Control_L && strchr (control_meaning, g_ascii_tolower ((char) key)) != NULL)
          continue;

        /* Back on the row each time: a key may open the code picker. */
        gtk_widget_grab_focus (list_row_at (fixture, 0));
        send_key (key, modifiers[m]);

        g_assert_true (intake_project_get_can_undo (fixture->project));
        g_assert_false (intake_project_get_can_redo (fixture->project));

        /* "c" opens the code picker, Alt+F the filters: closed again. */
        while ((popover = find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_POPOVER, is_mapped, NULL)))
          {
            gtk_popover_popdown (GTK_POPOVER (popover));
            iterate_for (20);
          }
        g_assert_cmpstr (intake_project_get_undo_label (fixture->project), ==, "Coding “Trust in police”");
      }
}

/* In the search entry, Ctrl+Z with no typing to take back stays there. */
static void
test_undo_in_entry_stays_in_entry (Fixture       *fixture,
                                   gconstpointer  data)
{
  GtkWidget *entry = get_search_entry (fixture);
  g_autoptr(GError) error = NULL;
  IntakeCode *trust;

  if (!can_send_keys ())
    return;

  select_position (fixture, 0);
  trust = intake_codebook_find (intake_project_get_codebook (fixture->project), "Experiences/Trust in police");
  g_assert_true (intake_project_add_coding (fixture->project, reader_id (fixture->window), intake_code_get_guid (trust),
                                            -1, -1, NULL, &error));

  give_keyboard_focus (fixture);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.find", NULL));
  iterate_for (50);
  g_assert_true (gtk_widget_is_ancestor (focus_widget (fixture), entry));

  send_key (XK_z, XK_Control_L);
  g_assert_true (intake_project_get_can_undo (fixture->project));

  /* On a list row the same key is the project's undo, and says what it did. */
  gtk_widget_grab_focus (list_row_at (fixture, 0));
  send_key (XK_z, XK_Control_L);
  g_assert_false (intake_project_get_can_undo (fixture->project));
  WAIT_UNTIL (find_toast (GTK_WIDGET (fixture->window), "Undone: Coding “Trust in police”") != NULL);
}

int
main (int   argc,
      char *argv[])
{
  GModule *xtst;  /* kept loaded for the whole run */

  ui_test_init (&argc, &argv, UI_TEST_APP | UI_TEST_WIDE);

  xtst = g_module_open ("libXtst.so.6", G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  if (xtst == NULL || !g_module_symbol (xtst, "XTestFakeKeyEvent", (gpointer *) &fake_key))
    fake_key = NULL;

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/navigation-ui/mark-coded-next/stays-in-search", test_mark_coded_next_stays_in_search);
  ADD ("/navigation-ui/list/progress-in-header", test_progress_in_header);
  ADD ("/navigation-ui/focus/tab-leaves-list", test_tab_leaves_list);
  ADD ("/navigation-ui/focus/return-focuses-text", test_return_focuses_text);
  ADD ("/navigation-ui/keys/row-never-undoes", test_keys_on_row_never_undo);
  ADD ("/navigation-ui/keys/undo-in-entry-stays", test_undo_in_entry_stays_in_entry);
#undef ADD

  return ui_test_run ();
}
