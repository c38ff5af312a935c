/* The window's views follow the project: an edit made in one is seen in the
 * others at once, and a change the project refuses is told with its reason. */
#define G_LOG_DOMAIN "test-project-ui"

#include "config.h"

#include <adwaita.h>
#include <sqlite3.h>

#include "intake-application.h"
#include "intake-case-bar.h"
#include "intake-code-panel.h"
#include "intake-codebook-editor.h"
#include "intake-color-swatch.h"
#include "intake-filter-popover.h"
#include "intake-project.h"
#include "intake-reader.h"
#include "intake-store.h"
#include "intake-window.h"
#include "ui-test-support.h"

static const char mailbox[] =
  "From claire@example.org Mon Apr 19 10:00:00 2021\n"
  "From: =?utf-8?q?Claire_B=C3=A9langer?= <claire@example.org>\n"
  "Subject: =?utf-8?q?Les_=C3=A9l=C3=A8ves?=\n"
  "Date: Mon, 19 Apr 2021 10:00:00 -0600\n"
  "Message-ID: <claire-1@example.org>\n"
  "MIME-Version: 1.0\n"
  "Content-Type: text/plain; charset=utf-8\n"
  "Content-Transfer-Encoding: 8bit\n"
  "\n"
  "Les élèves noirs et autochtones se sentent surveillés par l’agent à l’école.\n"
  "\n"
  "From omar@example.org Tue Apr 20 09:30:00 2021\n"
  "From: Omar Haddad <omar@example.org>\n"
  "Subject: Counsellors instead\n"
  "Date: Tue, 20 Apr 2021 09:30:00 -0600\n"
  "Message-ID: <omar-1@example.org>\n"
  "\n"
  "Please hire counsellors and social workers instead of officers.\n";

#define FRENCH_SUBJECT "Les élèves"
#define REASON "refused for the test"

typedef struct
{
  char          *dir;
  char          *path;
  IntakeProject *project;
  IntakeStore   *store;       /* the project's */
  IntakeWindow  *window;
  char          *trust_guid;  /* pinned to 1 */
  char          *surveillance_guid;
  char          *surveillance_path;
} Fixture;

static IntakeApplication *app;
static GSettings *settings;

/* Looking at the window */

static gboolean
has_css_class (GtkWidget     *widget,
               gconstpointer  css_class)
{
  return gtk_widget_has_css_class (widget, css_class);
}

static gboolean
label_has_text (GtkWidget     *widget,
                gconstpointer  text)
{
  return g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static GListModel *
list_model (Fixture *fixture)
{
  GtkWidget *list_view = find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_LIST_VIEW,
                                      has_css_class, "submission-list");

  g_assert_nonnull (list_view);
  return G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list_view)));
}

static IntakeReader *
get_reader (Fixture *fixture)
{
  GtkWidget *reader = find_widget (GTK_WIDGET (fixture->window), INTAKE_TYPE_READER, NULL, NULL);

  g_assert_nonnull (reader);
  return INTAKE_READER (reader);
}

static gint64
select_subject (Fixture    *fixture,
                const char *subject)
{
  GListModel *model = list_model (fixture);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(IntakeSubmission) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (intake_submission_get_subject (item), subject) == 0)
        {
          g_assert_true (gtk_selection_model_select_item (GTK_SELECTION_MODEL (model), i, TRUE));
          iterate_for (50);
          return intake_submission_get_id (item);
        }
    }

  g_error ("No submission “%s” in the list", subject);
  return 0;
}

/* Selects @word in the reader; returns where it starts, in code points. */
static int
select_word (Fixture    *fixture,
             const char *word)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (intake_reader_get_text_view (get_reader (fixture)));
  GtkTextIter start_iter, end_iter;
  g_autofree char *text = NULL;
  const char *found;
  int start;

  gtk_text_buffer_get_bounds (buffer, &start_iter, &end_iter);
  text = gtk_text_buffer_get_text (buffer, &start_iter, &end_iter, FALSE);
  found = strstr (text, word);
  g_assert_nonnull (found);

  start = (int) g_utf8_pointer_to_offset (text, found);
  gtk_text_buffer_get_iter_at_offset (buffer, &start_iter, start);
  gtk_text_buffer_get_iter_at_offset (buffer, &end_iter, start + (int) g_utf8_strlen (word, -1));
  gtk_text_buffer_select_range (buffer, &start_iter, &end_iter);

  return start;
}

/* The code panel's row showing @name, or NULL. */
static GtkListBoxRow *
panel_row (Fixture    *fixture,
           const char *name)
{
  GtkWidget *panel = find_widget (GTK_WIDGET (fixture->window), INTAKE_TYPE_CODE_PANEL, NULL, NULL);
  GtkWidget *list_box = find_widget (panel, GTK_TYPE_LIST_BOX, NULL, NULL);

  g_assert_nonnull (list_box);
  for (GtkWidget *child = gtk_widget_get_first_child (list_box);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && find_widget (child, GTK_TYPE_LABEL, label_has_text, name) != NULL)
      return GTK_LIST_BOX_ROW (child);

  return NULL;
}

static int
panel_place (Fixture    *fixture,
             const char *name)
{
  GtkListBoxRow *row = panel_row (fixture, name);

  return row ? gtk_list_box_row_get_index (row) : -1;
}

static char *
panel_color (Fixture    *fixture,
             const char *name)
{
  GtkListBoxRow *row = panel_row (fixture, name);
  GtkWidget *swatch;

  g_assert_nonnull (row);
  swatch = find_widget (GTK_WIDGET (row), INTAKE_TYPE_COLOR_SWATCH, NULL, NULL);
  g_assert_nonnull (swatch);
  return g_ascii_strup (intake_color_swatch_get_color (INTAKE_COLOR_SWATCH (swatch)), -1);
}

/* The reader's highlight of the excerpt at @offset in the code's colour,
 * as "#RRGGBB". */
static char *
highlight_color (Fixture    *fixture,
                 const char *code_guid,
                 int         offset)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (intake_reader_get_text_view (get_reader (fixture)));
  g_autofree char *name = g_strconcat ("code-bg-", code_guid, NULL);
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), name);
  g_autoptr(GdkRGBA) rgba = NULL;
  GtkTextIter iter;

  g_assert_nonnull (tag);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
  g_assert_true (gtk_text_iter_has_tag (&iter, tag));

  g_object_get (tag, "background-rgba", &rgba, NULL);
  return g_strdup_printf ("#%02X%02X%02X",
                          (guint) (rgba->red * 255. + .5),
                          (guint) (rgba->green * 255. + .5),
                          (guint) (rgba->blue * 255. + .5));
}

/* Where the filter popover's code list offers @path, or -1. */
static int
filter_place (Fixture    *fixture,
              const char *path)
{
  GtkWidget *popover = find_widget (GTK_WIDGET (fixture->window), INTAKE_TYPE_FILTER_POPOVER, NULL, NULL);

  g_assert_nonnull (popover);
  for (GtkWidget *dropdown = find_widget (popover, GTK_TYPE_DROP_DOWN, NULL, NULL);
       dropdown != NULL;
       dropdown = gtk_widget_get_next_sibling (dropdown))
    {
      GListModel *model;

      if (!GTK_IS_DROP_DOWN (dropdown))
        continue;
      model = gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));
      if (!GTK_IS_STRING_LIST (model) ||
          g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), 0), "Any code") != 0)
        continue;

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), path) == 0)
          return (int) i;
      return -1;
    }

  g_error ("The filter popover has no code list");
  return -1;
}

static IntakeCodebookEditor *
open_editor (Fixture *fixture)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.edit-codebook", NULL));
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (INTAKE_IS_CODEBOOK_EDITOR (toplevel))
        {
          WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (toplevel)));
          return INTAKE_CODEBOOK_EDITOR (toplevel);
        }
    }

  g_error ("No codebook editor opened");
  return NULL;
}

/* Makes every write of a coding, a memo or a status fail, as a store that
 * refuses writes would: from a second connection, as another program could. */
static void
refuse_writes (Fixture *fixture)
{
  static const char sql[] =
    "CREATE TRIGGER test_refuse_coding BEFORE INSERT ON codings"
    "  BEGIN SELECT RAISE (ABORT, '" REASON "'); END;"
    "CREATE TRIGGER test_refuse_memo_insert BEFORE INSERT ON memos"
    "  BEGIN SELECT RAISE (ABORT, '" REASON "'); END;"
    "CREATE TRIGGER test_refuse_memo_update BEFORE UPDATE ON memos"
    "  BEGIN SELECT RAISE (ABORT, '" REASON "'); END;"
    "CREATE TRIGGER test_refuse_status BEFORE UPDATE ON submissions"
    "  BEGIN SELECT RAISE (ABORT, '" REASON "'); END;";
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("Could not add the triggers: %s", message);
  sqlite3_close (db);
}

/* Fixture */

static char *
code_guid (IntakeProject *project,
           const char    *path)
{
  IntakeCode *code = intake_codebook_find (intake_project_get_codebook (project), path);

  g_assert_nonnull (code);
  return g_strdup (intake_code_get_guid (code));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *mbox = NULL;

  fixture->dir = g_dir_make_tmp ("test-project-ui-XXXXXX", &error);
  g_assert_no_error (error);

  fixture->path = g_build_filename (fixture->dir, "Consultation.intake", NULL);
  fixture->project = intake_project_open (fixture->path, &error);
  g_assert_no_error (error);
  fixture->store = g_object_ref (intake_project_get_store (fixture->project));

  fixture->trust_guid = code_guid (fixture->project, "Experiences/Trust in police");
  fixture->surveillance_path = g_strdup ("Equity lens/Surveillance");
  fixture->surveillance_guid = code_guid (fixture->project, fixture->surveillance_path);
  {
    const char *pinned[] = { fixture->trust_guid, fixture->surveillance_guid, NULL };

    g_settings_set_strv (settings, "pinned-codes", pinned);
  }

  fixture->window = g_object_ref (intake_window_new (app, fixture->project));
  gtk_window_present (GTK_WINDOW (fixture->window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (fixture->window)));

  mbox = g_build_filename (fixture->dir, "inbox.mbox", NULL);
  g_file_set_contents (mbox, mailbox, -1, &error);
  g_assert_no_error (error);
  file = g_file_new_for_path (mbox);

  g_assert_true (intake_window_import_files (fixture->window, &file, 1));
  WAIT_UNTIL (!intake_window_get_busy (fixture->window));
  WAIT_UNTIL (g_list_model_get_n_items (list_model (fixture)) == 2);
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
  g_free (fixture->path);
  g_free (fixture->trust_guid);
  g_free (fixture->surveillance_guid);
  g_free (fixture->surveillance_path);
}

/* Tests */

static void
test_codebook_edits_seen_everywhere (Fixture       *fixture,
                                     gconstpointer  data)
{
  const char *guid = fixture->surveillance_guid;
  g_autofree char *old_color = NULL;
  g_autofree char *color = NULL;
  IntakeCodePanel *panel;
  IntakeCodebookEditor *editor;
  GtkWidget *name_row;
  GtkWidget *color_button;
  int place, filter, excerpt;
  GdkRGBA rgba;

  /* An excerpt coded with the code, shown in the reader. */
  select_subject (fixture, FRENCH_SUBJECT);
  excerpt = select_word (fixture, "surveillés");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.apply-pinned", "i", 2));
  iterate_for (50);
  panel = INTAKE_CODE_PANEL (find_widget (GTK_WIDGET (fixture->window), INTAKE_TYPE_CODE_PANEL, NULL, NULL));
  g_assert_cmpuint (intake_code_panel_get_count (panel, guid), ==, 1);

  old_color = panel_color (fixture, "Surveillance");
  g_assert_cmpstr (old_color, ==, "#A46526");
  color = highlight_color (fixture, guid, excerpt);
  g_assert_cmpstr (color, ==, old_color);
  place = panel_place (fixture, "Surveillance");
  filter = filter_place (fixture, "Equity lens/Surveillance");
  g_assert_cmpint (place, >, 0);
  g_assert_cmpint (filter, >, 0);

  editor = open_editor (fixture);
  g_assert_true (intake_codebook_editor_select_code (editor, guid));

  /* Renamed: the panel and the filter have the new name, not the old. */
  name_row = find_widget (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW, NULL, NULL);
  g_assert_nonnull (name_row);
  gtk_editable_set_text (GTK_EDITABLE (name_row), "Watched at school");
  g_signal_emit_by_name (name_row, "apply");
  g_assert_cmpint (panel_place (fixture, "Watched at school"), ==, place);
  g_assert_null (panel_row (fixture, "Surveillance"));
  g_assert_cmpint (filter_place (fixture, "Equity lens/Watched at school"), ==, filter);
  g_assert_cmpint (filter_place (fixture, "Equity lens/Surveillance"), ==, -1);

  /* Recoloured: the panel's swatch and the reader's highlight. */
  color_button = find_widget (GTK_WIDGET (editor), GTK_TYPE_COLOR_BUTTON, NULL, NULL);
  g_assert_nonnull (color_button);
  gdk_rgba_parse (&rgba, "#123456");
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (color_button), &rgba);
  g_signal_emit_by_name (color_button, "color-set");
  g_free (color);
  color = panel_color (fixture, "Watched at school");
  g_assert_cmpstr (color, ==, "#123456");
  g_free (color);
  color = highlight_color (fixture, guid, excerpt);
  g_assert_cmpstr (color, ==, "#123456");

  /* Moved up among its siblings: one place up in the panel and the filter. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.move-up", NULL));
  g_assert_cmpint (panel_place (fixture, "Watched at school"), ==, place - 1);
  g_assert_cmpint (filter_place (fixture, "Equity lens/Watched at school"), ==, filter - 1);

  /* The window's undo takes the move back everywhere. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo", NULL));
  g_assert_cmpint (panel_place (fixture, "Watched at school"), ==, place);
  g_assert_cmpint (filter_place (fixture, "Equity lens/Watched at school"), ==, filter);

  /* The editor's undo takes the colour back, in the reader too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.undo", NULL));
  g_free (color);
  color = panel_color (fixture, "Watched at school");
  g_assert_cmpstr (color, ==, old_color);
  g_free (color);
  color = highlight_color (fixture, guid, excerpt);
  g_assert_cmpstr (color, ==, old_color);

  /* And the name, in the editor's own field too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.undo", NULL));
  g_assert_cmpint (panel_place (fixture, "Surveillance"), ==, place);
  g_assert_null (panel_row (fixture, "Watched at school"));
  g_assert_cmpint (filter_place (fixture, "Equity lens/Surveillance"), ==, filter);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "Surveillance");

  /* Under the renaming is the coding, which the editor leaves to the window. */
  g_assert_true (intake_project_get_can_undo (fixture->project));
  g_assert_false (intake_project_get_can_undo_codebook (fixture->project));
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.undo", NULL);
  g_assert_cmpuint (intake_code_panel_get_count (panel, guid), ==, 1);

  /* Redo, from the window, renames it again everywhere. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.redo", NULL));
  g_assert_cmpint (panel_place (fixture, "Watched at school"), ==, place);
  g_assert_cmpint (filter_place (fixture, "Equity lens/Watched at school"), ==, filter);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "Watched at school");
}

static void
test_refused_writes_are_told (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GPtrArray) codings = NULL;
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *typed = NULL;
  GtkWidget *toast;
  GtkWidget *memo;
  GtkWidget *case_bar;
  GtkDropDown *status;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  gint64 id;

  id = select_subject (fixture, FRENCH_SUBJECT);
  refuse_writes (fixture);
  g_assert_null (find_toast (GTK_WIDGET (fixture->window), REASON));

  /* A code applied to an excerpt. */
  select_word (fixture, "surveillés");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.apply-pinned", "i", 1));
  WAIT_UNTIL ((toast = find_toast (GTK_WIDGET (fixture->window), REASON)) != NULL);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (toast)), "Could not code the submission"));
  codings = intake_store_list_codings (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (codings->len, ==, 0);

  /* A memo: the toast says why, and what was typed stays to be saved later. */
  memo = find_widget (GTK_WIDGET (get_reader (fixture)), GTK_TYPE_TEXT_VIEW, has_css_class, "memo");
  g_assert_nonnull (memo);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (memo));
  gtk_text_buffer_set_text (buffer, "Témoignage à citer", -1);
  WAIT_UNTIL (find_toast (GTK_WIDGET (fixture->window), "Could not save the memo") != NULL);
  g_assert_nonnull (find_toast (GTK_WIDGET (fixture->window), REASON));
  iterate_for (700);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  typed = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (typed, ==, "Témoignage à citer");
  g_assert_null (intake_store_get_memo (fixture->store, id, NULL));

  /* The status: the drop-down goes back to what the project has. */
  case_bar = find_widget (GTK_WIDGET (get_reader (fixture)), INTAKE_TYPE_CASE_BAR, NULL, NULL);
  g_assert_nonnull (case_bar);
  status = GTK_DROP_DOWN (find_widget (case_bar, GTK_TYPE_DROP_DOWN, NULL, NULL));
  g_assert_nonnull (status);
  g_assert_cmpuint (gtk_drop_down_get_selected (status), ==, INTAKE_STATUS_NEW);
  gtk_drop_down_set_selected (status, INTAKE_STATUS_CODED);
  WAIT_UNTIL (find_toast (GTK_WIDGET (fixture->window), "Could not set the status") != NULL);
  g_assert_nonnull (find_toast (GTK_WIDGET (fixture->window), REASON));
  g_assert_cmpuint (gtk_drop_down_get_selected (status), ==, INTAKE_STATUS_NEW);
  summaries = intake_store_get_summaries (fixture->store, &id, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (intake_submission_get_status (g_ptr_array_index (summaries, 0)), ==, INTAKE_STATUS_NEW);

  /* Nothing failed that the project recorded as a step. */
  g_assert_false (intake_project_get_can_undo (fixture->project));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cache_dir = NULL;
  int ret;

  cache_dir = g_dir_make_tmp ("test-project-ui-cache-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  /* A reviewer is named before any window opens, so none asks. */
  settings = g_settings_new ("com.argylepr.FeedbackIntake");
  g_settings_set_string (settings, "reviewer-name", "Test Reviewer");
  g_settings_set_int (settings, "window-width", 1300);
  g_settings_set_boolean (settings, "show-code-panel", TRUE);

  app = intake_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/project-ui/codebook-edits-seen-everywhere", test_codebook_edits_seen_everywhere);
  ADD ("/project-ui/refused-writes-are-told", test_refused_writes_are_told);

#undef ADD

  ret = g_test_run ();

  g_object_unref (app);
  g_object_unref (settings);
  remove_tree (cache_dir);

  return ret;
}
