/* Helpers shared by the window tests: the set-up of a test program,
 * waiting on the main loop, finding widgets on screen, and a project open
 * in a window as each test starts. */
#pragma once

#include <adwaita.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <stdlib.h>
#include <string.h>

#include "intake-accessible.h"
#include "intake-application.h"
#include "intake-project.h"
#include "intake-reader.h"
#include "intake-store.h"
#include "intake-submission.h"
#include "intake-window.h"

G_GNUC_UNUSED static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

G_GNUC_UNUSED static void
iterate_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

#define WAIT_UNTIL(cond)                                                      \
  G_STMT_START {                                                              \
    gint64 deadline_ = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;         \
    guint wake_ = g_timeout_add (20, wake_cb, NULL);                          \
    while (!(cond))                                                           \
      {                                                                       \
        if (g_get_monotonic_time () > deadline_)                              \
          g_error ("Timed out waiting for %s", #cond);                        \
        g_main_context_iteration (NULL, TRUE);                                \
      }                                                                       \
    g_source_remove (wake_);                                                  \
  } G_STMT_END

/* Widget lookup: tests look at what is on screen, found by walking the tree. */

typedef gboolean (*MatchFunc) (GtkWidget *widget, gconstpointer data);

G_GNUC_UNUSED /* The tooltip GTK would show for @widget: the app gives most of its own
 * on ::query-tooltip (intake_widget_set_tooltip_text()). */
G_GNUC_UNUSED static const char *
tooltip_of (GtkWidget *widget)
{
  const char *text = intake_widget_get_tooltip_text (widget);

  if (text == NULL)
    text = gtk_widget_get_tooltip_text (widget);
  if (text != NULL)
    g_assert_true (gtk_widget_get_has_tooltip (widget));
  return text;
}

static GtkWidget *
find_widget (GtkWidget     *root,
             GType          type,
             MatchFunc      match,
             gconstpointer  data)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && (match == NULL || match (root, data)))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Match functions for find_widget(), @data being what to look for.  The
 * "mapped" ones match only what is on screen, so a test can tell a widget
 * shown from one merely built; the others match hidden widgets too, which
 * an assertion that something is not there at all needs. */

G_GNUC_UNUSED static gboolean
has_css_class (GtkWidget     *widget,
               gconstpointer  css_class)
{
  return gtk_widget_has_css_class (widget, css_class);
}

G_GNUC_UNUSED static gboolean
label_has_text (GtkWidget     *widget,
                gconstpointer  text)
{
  return g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

G_GNUC_UNUSED static gboolean
label_is_mapped_with_text (GtkWidget     *widget,
                           gconstpointer  text)
{
  return gtk_widget_get_mapped (widget) && label_has_text (widget, text);
}

/* An inscription, as the list's rows show their texts. */
G_GNUC_UNUSED static gboolean
inscription_is_mapped_with_text (GtkWidget     *widget,
                                 gconstpointer  text)
{
  return gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (widget)), text) == 0;
}

/* The label as set, mnemonic and all: "_Export…". */
G_GNUC_UNUSED static gboolean
button_has_label (GtkWidget     *widget,
                  gconstpointer  label)
{
  return g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

G_GNUC_UNUSED static gboolean
button_is_mapped_with_label (GtkWidget     *widget,
                             gconstpointer  label)
{
  return gtk_widget_get_mapped (widget) && button_has_label (widget, label);
}

/* Search entries have no label; their placeholder tells them apart. */
G_GNUC_UNUSED static gboolean
search_entry_has_placeholder (GtkWidget     *widget,
                              gconstpointer  placeholder)
{
  g_autofree char *text = NULL;

  g_object_get (widget, "placeholder-text", &text, NULL);
  return g_strcmp0 (text, placeholder) == 0;
}

/* Only the title on screen: the subtitle the reviewer sees. */
G_GNUC_UNUSED static gboolean
window_title_has_subtitle (GtkWidget     *widget,
                           gconstpointer  subtitle)
{
  return gtk_widget_get_mapped (widget) &&
         g_strcmp0 (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (widget)), subtitle) == 0;
}

G_GNUC_UNUSED static gboolean
status_page_has_title (GtkWidget     *widget,
                       gconstpointer  title)
{
  return g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (widget)), title) == 0;
}

G_GNUC_UNUSED static gboolean
status_page_is_mapped_with_title (GtkWidget     *widget,
                                  gconstpointer  title)
{
  return gtk_widget_get_mapped (widget) && status_page_has_title (widget, title);
}

/* @text as shown, its mnemonic underscores taken out ("__" shows one). */
G_GNUC_UNUSED static char *
strip_mnemonic (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '_' && p[1] != '\0')
        p++;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* Rows are named by their title as shown: with use-underline set, "_Format"
 * is "Format"; without it, a file name such as "my_notes.txt" stays whole. */
G_GNUC_UNUSED static gboolean
preferences_row_has_title (GtkWidget     *widget,
                           gconstpointer  title)
{
  AdwPreferencesRow *row = ADW_PREFERENCES_ROW (widget);
  g_autofree char *shown = NULL;

  if (!adw_preferences_row_get_use_underline (row))
    return g_strcmp0 (adw_preferences_row_get_title (row), title) == 0;

  shown = strip_mnemonic (adw_preferences_row_get_title (row));
  return g_strcmp0 (shown, title) == 0;
}

/* Toasts: the title of each is a label in an AdwToastWidget, a type
 * libadwaita keeps private, so it is found by name. */
G_GNUC_UNUSED static gboolean
label_in_toast_holds (GtkWidget     *widget,
                      gconstpointer  text)
{
  GType toast_type = g_type_from_name ("AdwToastWidget");
  const char *label = gtk_label_get_text (GTK_LABEL (widget));

  return toast_type != 0 && gtk_widget_get_ancestor (widget, toast_type) != NULL &&
         label != NULL && strstr (label, text) != NULL;
}

/* The title label of a toast shown in @root whose title holds @text. */
G_GNUC_UNUSED static GtkWidget *
find_toast (GtkWidget  *root,
            const char *text)
{
  return find_widget (root, GTK_TYPE_LABEL, label_in_toast_holds, text);
}

/* The window's list and reader */

G_GNUC_UNUSED static gboolean
menu_button_has_icon (GtkWidget     *widget,
                      gconstpointer  icon_name)
{
  return g_strcmp0 (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)), icon_name) == 0;
}

/* The label of the main menu's item for @action_name, or NULL. */
G_GNUC_UNUSED static char *
primary_menu_label (IntakeWindow *window,
                    const char   *action_name)
{
  GtkWidget *button = find_widget (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON,
                                   menu_button_has_icon, "open-menu-symbolic");
  GMenuModel *primary;

  g_assert_nonnull (button);
  primary = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
  g_assert_nonnull (primary);
  for (int s = 0; s < g_menu_model_get_n_items (primary); s++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (primary, s, G_MENU_LINK_SECTION);

      for (int i = 0; section != NULL && i < g_menu_model_get_n_items (section); i++)
        {
          g_autofree char *action = NULL;
          char *label = NULL;

          g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &action);
          g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_LABEL, "s", &label);
          if (g_strcmp0 (action, action_name) == 0)
            return label;
          g_free (label);
        }
    }
  return NULL;
}

/* The submission list, told by its style class: the filter popover's
 * drop-downs hold list views of their own. */
G_GNUC_UNUSED static GtkGridView *
get_list_view (IntakeWindow *window)
{
  GtkWidget *list_view = find_widget (GTK_WIDGET (window), GTK_TYPE_GRID_VIEW,
                                      has_css_class, "submission-list");

  g_assert_nonnull (list_view);
  return GTK_GRID_VIEW (list_view);
}

/* The submissions the list shows, as a selection model of IntakeSubmission. */
G_GNUC_UNUSED static GListModel *
list_model (IntakeWindow *window)
{
  return G_LIST_MODEL (gtk_grid_view_get_model (get_list_view (window)));
}

G_GNUC_UNUSED static IntakeReader *
get_reader (IntakeWindow *window)
{
  GtkWidget *reader = find_widget (GTK_WIDGET (window), INTAKE_TYPE_READER, NULL, NULL);

  g_assert_nonnull (reader);
  return INTAKE_READER (reader);
}

/* The submission's own text; the attachments have text views of their own. */
G_GNUC_UNUSED static GtkTextBuffer *
reader_buffer (IntakeWindow *window)
{
  return gtk_text_view_get_buffer (intake_reader_get_text_view (get_reader (window)));
}

/* The text the reader shows, or NULL when it shows none: with no
 * submission selected, the text view is not on screen. */
G_GNUC_UNUSED static char *
reader_text (IntakeWindow *window)
{
  GtkTextView *text_view = intake_reader_get_text_view (get_reader (window));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (text_view);
  GtkTextIter start, end;

  if (!gtk_widget_get_mapped (GTK_WIDGET (text_view)))
    return NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* The id of the submission the reader shows, or 0 for none. */
G_GNUC_UNUSED static gint64
reader_id (IntakeWindow *window)
{
  IntakeSubmission *submission = intake_reader_get_submission (get_reader (window));

  return submission ? intake_submission_get_id (submission) : 0;
}

/* Selects the submission with @subject in the list, as a click would, and
 * checks that the reader follows; returns the submission's id. */
G_GNUC_UNUSED static gint64
select_subject (IntakeWindow *window,
                const char   *subject)
{
  GListModel *model = list_model (window);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(IntakeSubmission) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (intake_submission_get_subject (item), subject) == 0)
        {
          g_assert_true (gtk_selection_model_select_item (GTK_SELECTION_MODEL (model), i, TRUE));
          iterate_for (50);
          g_assert_cmpint (reader_id (window), ==, intake_submission_get_id (item));
          return intake_submission_get_id (item);
        }
    }

  g_error ("No submission “%s” in the list", subject);
  return 0;
}

/* Selects @word (its first occurrence) in the reader's text.  Its offsets
 * go to @start and @end (either may be NULL) in code points, end
 * exclusive, as codings count them: not in bytes, which differ after an
 * accent. */
G_GNUC_UNUSED static void
select_word (IntakeWindow *window,
             const char   *word,
             int          *start,
             int          *end)
{
  GtkTextBuffer *buffer = reader_buffer (window);
  GtkTextIter start_iter, end_iter;
  g_autofree char *text = NULL;
  const char *found;
  int word_start, word_end;

  gtk_text_buffer_get_bounds (buffer, &start_iter, &end_iter);
  text = gtk_text_buffer_get_text (buffer, &start_iter, &end_iter, FALSE);
  found = strstr (text, word);
  g_assert_nonnull (found);

  word_start = (int) g_utf8_pointer_to_offset (text, found);
  word_end = word_start + (int) g_utf8_strlen (word, -1);

  gtk_text_buffer_get_iter_at_offset (buffer, &start_iter, word_start);
  gtk_text_buffer_get_iter_at_offset (buffer, &end_iter, word_end);
  gtk_text_buffer_select_range (buffer, &start_iter, &end_iter);

  if (start != NULL)
    *start = word_start;
  if (end != NULL)
    *end = word_end;
}

/* Dialogs */

/* The first window of @type open, or NULL. */
G_GNUC_UNUSED static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type))
        return GTK_WINDOW (toplevel);
    }

  return NULL;
}

/* The message dialog over @parent, or over any window if @parent is NULL;
 * with @visible_only, only one on screen.  A test waiting for a dialog to
 * ask wants it shown; one checking that nothing asked wants none at all,
 * shown or not. */
G_GNUC_UNUSED static AdwMessageDialog *
find_message_dialog (GtkWindow *parent,
                     gboolean   visible_only)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (!ADW_IS_MESSAGE_DIALOG (toplevel))
        continue;
      if (parent != NULL && gtk_window_get_transient_for (GTK_WINDOW (toplevel)) != parent)
        continue;
      if (visible_only && !gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        continue;

      return ADW_MESSAGE_DIALOG (toplevel);
    }

  return NULL;
}

/* Keys, as GTK dispatches them: the capture-phase controllers from the
 * window down to @focus, then the others from @focus up; shortcuts and
 * key handlers alike. GTK 4.8 cannot synthesise key events, and X events
 * would reach whichever test's window has the focus of the shared display. */

G_GNUC_UNUSED static gboolean
trigger_is (GtkShortcutTrigger *trigger,
            guint               keyval,
            GdkModifierType     mods)
{
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    return trigger_is (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)), keyval, mods) ||
           trigger_is (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)), keyval, mods);
  if (!GTK_IS_KEYVAL_TRIGGER (trigger))
    return FALSE;
  return gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
         gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == mods;
}

G_GNUC_UNUSED static gboolean
run_shortcut_on (GtkWidget           *widget,
                 gboolean             capture,
                 guint                keyval,
                 GdkModifierType      mods)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      gboolean handled = FALSE;

      if ((gtk_event_controller_get_propagation_phase (GTK_EVENT_CONTROLLER (controller)) == GTK_PHASE_CAPTURE) != capture)
        continue;

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        {
          g_signal_emit_by_name (controller, "key-pressed", keyval, 0, mods, &handled);
          if (handled)
            return TRUE;
          continue;
        }
      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);

          if (trigger_is (gtk_shortcut_get_trigger (shortcut), keyval, mods) &&
              gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                            widget, gtk_shortcut_get_arguments (shortcut)))
            return TRUE;
        }
    }

  return FALSE;
}

/* X tells of the primary selection changing hands late: a selection
 * dropped and another made in the same instant would lose the second when
 * the news of the first arrives. A person's keys are never that quick. */
G_GNUC_UNUSED static void
settle (GtkWidget *widget)
{
  gdk_display_sync (gtk_widget_get_display (widget));
  iterate_for (20);
}

/* Presses @keyval with @mods on @focus; FALSE when nothing took it. */
G_GNUC_UNUSED static gboolean
press_shortcut (GtkWidget       *focus,
                guint            keyval,
                GdkModifierType  mods)
{
  g_autoptr(GPtrArray) path = g_ptr_array_new ();
  gboolean taken = FALSE;

  for (GtkWidget *widget = focus; widget != NULL; widget = gtk_widget_get_parent (widget))
    g_ptr_array_add (path, widget);

  for (guint i = path->len; i > 0 && !taken; i--)
    taken = run_shortcut_on (g_ptr_array_index (path, i - 1), TRUE, keyval, mods);
  for (guint i = 0; i < path->len && !taken; i++)
    taken = run_shortcut_on (g_ptr_array_index (path, i), FALSE, keyval, mods);

  if (taken)
    settle (focus);
  return taken;
}

/* Fixtures: each test starts on a new project of its own. */

/* Writes @contents to @name in @dir; returns the file. */
G_GNUC_UNUSED static GFile *
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

/* A new project, "Consultation.intake" with the default codebook, in a new
 * temporary directory made from @tmpl and returned in @dir.  @store gets a
 * reference of the test's own to the project's store, so the test can check
 * that the store is freed with the project. */
G_GNUC_UNUSED static IntakeProject *
open_temporary_project (const char   *tmpl,
                        char        **dir,
                        IntakeStore **store)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  IntakeProject *project;

  *dir = g_dir_make_tmp (tmpl, &error);
  g_assert_no_error (error);

  path = g_build_filename (*dir, "Consultation.intake", NULL);
  project = intake_project_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (project);
  *store = g_object_ref (intake_project_get_store (project));

  return project;
}

/* A window of @application on @project, presented and mapped.  The test
 * keeps its own reference so it can check that closing frees it. */
G_GNUC_UNUSED static IntakeWindow *
open_window (IntakeApplication *application,
             IntakeProject     *project)
{
  IntakeWindow *window = g_object_ref (intake_window_new (application, project));

  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));

  return window;
}

/* Whether the list holds all its search or filter left: the list filters
 * on a worker, its spinner turning meanwhile. */
G_GNUC_UNUSED static gboolean
list_is_settled (IntakeWindow *window)
{
  GtkWidget *spinner = find_widget (GTK_WIDGET (window), GTK_TYPE_SPINNER,
                                    has_css_class, "list-search-spinner");

  g_assert_nonnull (spinner);
  return !gtk_spinner_get_spinning (GTK_SPINNER (spinner));
}

/* Writes @contents to @name in @dir and imports it through @window, as
 * Import Mailbox would: the window is busy until the import's thread is
 * done, then the list shows what came in once it is filtered. */
G_GNUC_UNUSED static void
import_and_wait (IntakeWindow *window,
                 const char   *dir,
                 const char   *name,
                 const char   *contents)
{
  g_autoptr(GFile) file = write_file (dir, name, contents);

  g_assert_true (intake_window_import_files (window, &file, 1));
  g_assert_true (intake_window_get_busy (window));
  WAIT_UNTIL (!intake_window_get_busy (window));
  WAIT_UNTIL (list_is_settled (window));
  iterate_for (100);
}

G_GNUC_UNUSED static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)))
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_assert_cmpint (g_rmdir (path), ==, 0);
    }
  else
    g_assert_cmpint (g_unlink (path), ==, 0);
}

/* Drops the test's reference to @object and waits for it to be freed: a
 * worker thread still counting or searching for a closed window lets go
 * of it when it ends, which a slow machine takes longer to reach. */
G_GNUC_UNUSED static void
wait_finalize_object (gpointer object)
{
  gpointer weak = object;

  g_object_add_weak_pointer (G_OBJECT (object), &weak);
  g_object_unref (object);
  WAIT_UNTIL (weak == NULL);
}

/* Closes a window the test opened, and checks nothing else holds it. */
G_GNUC_UNUSED static void
close_and_finalize (gpointer window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  iterate_for (50);
  g_assert_finalize_object (window);
}

/* Dialogs a test opened go first, then the windows themselves. */
G_GNUC_UNUSED static void
destroy_toplevels (void)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, 0);
      gtk_window_destroy (toplevel);
    }
}

/* Setting up a test program */

typedef enum
{
  UI_TEST_NONE       = 0,
  /* A registered application, a reviewer named: see ui_test_init(). */
  UI_TEST_APP        = 1 << 0,
  /* A window 1300 pixels wide, where the list, the reader and the codes
   * all fit. */
  UI_TEST_WIDE       = 1 << 1,
  /* The codes beside the reader. */
  UI_TEST_CODE_PANEL = 1 << 2,
} UiTestFlags;

/* GTK 4.8 keeps a tooltip's timer running after the popover the pointer
 * last moved in is unrealized with its window, until the popover is
 * finalized; when it fires in between, it asks the popover's surface, gone,
 * where the pointer is, and logs these two criticals. Nothing shows and
 * nothing breaks, and the tests close windows with popovers open on
 * purpose; so these two are let through, and any other critical or warning
 * still ends the test, as G_DEBUG=fatal-warnings would. */
static const char * const ui_test_gone_popover_criticals[] = {
  "gdk_surface_get_device_position: assertion 'GDK_IS_SURFACE (surface)' failed",
  "_gtk_widget_find_at_coords: assertion 'GDK_IS_SURFACE (surface)' failed",
  NULL
};

/* While set, a warning holding this text is one the test expects. */
static const char *ui_test_expected_warning;

static GLogWriterOutput
ui_test_log_writer (GLogLevelFlags   log_level,
                    const GLogField *fields,
                    gsize            n_fields,
                    gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;
  GLogWriterOutput written;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0)
        domain = fields[i].value;
      else if (g_strcmp0 (fields[i].key, "MESSAGE") == 0)
        message = fields[i].value;
    }

  if ((log_level & G_LOG_LEVEL_CRITICAL) &&
      (g_strcmp0 (domain, "Gdk") == 0 || g_strcmp0 (domain, "Gtk") == 0) &&
      message != NULL && g_strv_contains (ui_test_gone_popover_criticals, message))
    return G_LOG_WRITER_HANDLED;

  if ((log_level & G_LOG_LEVEL_WARNING) && ui_test_expected_warning != NULL &&
      message != NULL && strstr (message, ui_test_expected_warning) != NULL)
    return G_LOG_WRITER_HANDLED;

  written = g_log_writer_default (log_level, fields, n_fields, user_data);
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      g_printerr ("Bail out! %s: %s\n", domain ? domain : "", message ? message : "");
      abort ();
    }
  return written;
}

/* With UI_TEST_APP, set up by ui_test_init() for the whole run and let go
 * of by ui_test_run(). */
G_GNUC_UNUSED static IntakeApplication *app;
G_GNUC_UNUSED static GSettings *settings;  /* in memory, as the tests run */
G_GNUC_UNUSED static char *ui_test_home;

/* The tests share one X display, and the pointer stays where the last
 * program that moved it left it (test-reader-keys drags with it): a
 * popover that opens under it, and is destroyed with its window, leaves
 * GDK a surface under the pointer that is gone, which a later tooltip
 * asks about. Each program starts with the pointer in the screen's far
 * corner, away from its windows. */
G_GNUC_UNUSED static void
ui_test_park_pointer (void)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  GdkDisplay *display = gdk_display_get_default ();
  GListModel *monitors;
  g_autoptr(GdkMonitor) monitor = NULL;
  GdkRectangle area;
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;
  const char *args[6] = { NULL, };

  if (xdotool == NULL || display == NULL || g_getenv ("DISPLAY") == NULL)
    return;
  monitors = gdk_display_get_monitors (display);
  if (g_list_model_get_n_items (monitors) == 0)
    return;
  monitor = g_list_model_get_item (monitors, 0);
  gdk_monitor_get_geometry (monitor, &area);
  x = g_strdup_printf ("%d", area.x + area.width - 1);
  y = g_strdup_printf ("%d", area.y + area.height - 1);

  args[0] = xdotool;
  args[1] = "mousemove";
  args[2] = "--sync";
  args[3] = x;
  args[4] = y;
  g_spawn_sync (NULL, (char **) args, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, NULL, NULL);
}

/* GTK and libadwaita for a test program, called first in its main(); what
 * GTK reads at start (GSK_RENDERER, say) is set before it.
 *
 * The user's cache and data folders are a temporary one, removed at the
 * end: "Try a Sample" copies the sample into the cache and opens it from
 * the data folder, and recent files go there too. Set before GLib reads
 * the variables. Animations are off: transitions only slow the tests
 * down, what is mapped is what counts.
 *
 * With UI_TEST_APP, the application is registered, as windows can only be
 * added to a registered application; registering runs its startup
 * (libadwaita, actions, accelerators) without opening a project. The
 * reviewer is named before any window opens, so that none asks. */
G_GNUC_UNUSED static void
ui_test_init (int           *argc,
              char        ***argv,
              UiTestFlags    flags)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_path_get_basename ((*argv)[0]);
  g_autofree char *tmpl = g_strconcat (name, "-home-XXXXXX", NULL);

  ui_test_home = g_dir_make_tmp (tmpl, &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CACHE_HOME", ui_test_home, TRUE);
  g_setenv ("XDG_DATA_HOME", ui_test_home, TRUE);

  gtk_test_init (argc, argv, NULL);
  /* Criticals and warnings end the test in ui_test_log_writer(), not in
   * GLib, which would not let the two above through. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK);
  g_log_set_writer_func (ui_test_log_writer, NULL, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  ui_test_park_pointer ();

  if (!(flags & UI_TEST_APP))
    return;

  settings = g_settings_new ("com.argylepr.FeedbackIntake");
  g_settings_set_string (settings, "reviewer-name", "Test Reviewer");
  if (flags & UI_TEST_WIDE)
    g_settings_set_int (settings, "window-width", 1300);
  if (flags & UI_TEST_CODE_PANEL)
    g_settings_set_boolean (settings, "show-code-panel", TRUE);

  app = intake_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
}

/* Runs the tests added, then lets go of what ui_test_init() set up. */
G_GNUC_UNUSED static int
ui_test_run (void)
{
  int ret = g_test_run ();

  g_clear_object (&app);
  g_clear_object (&settings);
  remove_tree (ui_test_home);
  g_clear_pointer (&ui_test_home, g_free);

  return ret;
}
