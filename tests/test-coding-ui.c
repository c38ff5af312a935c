/* Coding in the window, and the window's views following the project: an
 * edit made in one is seen in the others at once, and a change the project
 * refuses is told with its reason. */
#define G_LOG_DOMAIN "test-coding-ui"

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>
#include <sqlite3.h>

#include "intake-application.h"
#include "intake-case-bar.h"
#include "intake-code-chooser.h"
#include "intake-code-panel.h"
#include "intake-codebook-editor.h"
#include "intake-color-swatch.h"
#include "intake-filter-popover.h"
#include "intake-reader.h"
#include "intake-project.h"
#include "intake-store.h"
#include "intake-submission.h"
#include "intake-window.h"
#include "ui-test-support.h"

/* French text with accents before the excerpts: byte offsets and code point
 * offsets differ, so a coding at the wrong one shows. */
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
  "Ils n’ont pas confiance en la police.\n"
  "\n"
  "From omar@example.org Tue Apr 20 09:30:00 2021\n"
  "From: Omar Haddad <omar@example.org>\n"
  "Subject: Counsellors instead\n"
  "Date: Tue, 20 Apr 2021 09:30:00 -0600\n"
  "Message-ID: <omar-1@example.org>\n"
  "MIME-Version: 1.0\n"
  "Content-Type: text/plain; charset=utf-8\n"
  "\n"
  "Please hire counsellors and social workers instead of officers.\n"
  "\n"
  "From lee@example.org Wed Apr 21 14:00:00 2021\n"
  "From: Lee Chan <lee@example.org>\n"
  "Subject: Keep the programme\n"
  "Date: Wed, 21 Apr 2021 14:00:00 -0600\n"
  "Message-ID: <lee-1@example.org>\n"
  "MIME-Version: 1.0\n"
  "Content-Type: text/plain; charset=utf-8\n"
  "\n"
  "The officer mentors my daughter and she feels safer.\n";

#define FRENCH_SUBJECT "Les élèves"
#define REASON "refused for the test"

typedef struct
{
  char          *dir;
  IntakeProject *project;
  IntakeStore   *store;     /* the project's */
  IntakeWindow  *window;
  char          *trust_guid;         /* pinned to 1 */
  char          *surveillance_guid;  /* pinned to 2 */
  char          *keep_changes_guid;
  char          *remove_guid;
} Fixture;

/* Looking at the window */

static IntakeCodePanel *
get_panel (Fixture *fixture)
{
  GtkWidget *panel = find_widget (GTK_WIDGET (fixture->window), INTAKE_TYPE_CODE_PANEL, NULL, NULL);

  g_assert_nonnull (panel);
  return INTAKE_CODE_PANEL (panel);
}

static GPtrArray *
list_codings (Fixture *fixture,
              gint64   id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *codings = intake_store_list_codings (fixture->store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (codings);
  return codings;
}

static char *
get_status (Fixture *fixture,
            gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = intake_store_get_summaries (fixture->store, &id, 1, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  return g_strdup (intake_status_to_string (intake_submission_get_status (g_ptr_array_index (rows, 0))));
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
  GtkTextBuffer *buffer = reader_buffer (fixture->window);
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

/* Where the filter popover's code chooser offers @path, or -1: "Any code"
 * is first, at 0. The search is cleared first, so that every code shows. */
static int
filter_place (Fixture    *fixture,
              const char *path)
{
  GtkWidget *popover = find_widget (GTK_WIDGET (fixture->window), INTAKE_TYPE_FILTER_POPOVER, NULL, NULL);
  GtkWidget *chooser, *entry, *list_view;
  IntakeCodebook *codebook = intake_project_get_codebook (fixture->project);
  GListModel *model;

  g_assert_nonnull (popover);
  chooser = find_widget (popover, INTAKE_TYPE_CODE_CHOOSER, NULL, NULL);
  if (chooser == NULL)
    g_error ("The filter popover has no code chooser");
  entry = find_widget (chooser, GTK_TYPE_SEARCH_ENTRY, NULL, NULL);
  list_view = find_widget (chooser, GTK_TYPE_LIST_VIEW, NULL, NULL);
  g_assert_nonnull (entry);
  g_assert_nonnull (list_view);
  gtk_editable_set_text (GTK_EDITABLE (entry), "");

  model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list_view)));
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      g_autofree char *item_path = NULL;

      if (i == 0)
        {
          g_assert_true (GTK_IS_STRING_OBJECT (item));
          g_assert_cmpstr (gtk_string_object_get_string (GTK_STRING_OBJECT (item)), ==, "Any code");
          continue;
        }

      g_assert_true (INTAKE_IS_CODE (item));
      item_path = intake_code_dup_path (INTAKE_CODE (item), codebook);
      if (g_strcmp0 (item_path, path) == 0)
        return (int) i;
    }

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

  g_assert_cmpint (sqlite3_open (intake_project_get_path (fixture->project), &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("Could not add the triggers: %s", message);
  sqlite3_close (db);
}

/* Fixture */

static char *
code_guid (IntakeCodebook *codebook,
           const char     *path)
{
  IntakeCode *code = intake_codebook_find (codebook, path);

  g_assert_nonnull (code);
  return g_strdup (intake_code_get_guid (code));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeCodebook) codebook = NULL;

  fixture->project = open_temporary_project ("test-coding-ui-XXXXXX", &fixture->dir, &fixture->store);

  codebook = intake_store_load_codebook (fixture->store, &error);
  g_assert_no_error (error);
  fixture->trust_guid = code_guid (codebook, "Experiences/Trust in police");
  fixture->surveillance_guid = code_guid (codebook, "Equity lens/Surveillance");
  fixture->keep_changes_guid = code_guid (codebook, "Stance on the programme/Keep with changes");
  fixture->remove_guid = code_guid (codebook, "Stance on the programme/Remove or replace");

  /* The reviewer's pins, as the panel's pin buttons would store them. */
  {
    const char *pinned[] = { fixture->trust_guid, fixture->surveillance_guid, NULL };

    g_settings_set_strv (settings, "pinned-codes", pinned);
  }

  fixture->window = open_window (app, fixture->project);
  import_and_wait (fixture->window, fixture->dir, "inbox.mbox", mailbox);
  g_assert_cmpuint (g_list_model_get_n_items (list_model (fixture->window)), ==, 3);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  destroy_toplevels ();
  iterate_for (50);

  wait_finalize_object (fixture->window);
  wait_finalize_object (fixture->project);
  wait_finalize_object (fixture->store);

  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->trust_guid);
  g_free (fixture->surveillance_guid);
  g_free (fixture->keep_changes_guid);
  g_free (fixture->remove_guid);
}

/* Tests */

static void
test_number_key_codes_excerpt (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GPtrArray) codings = NULL;
  IntakeCoding *coding;
  GtkTextBuffer *buffer;
  GtkTextIter iter;
  g_autofree char *tag_name = NULL;
  gint64 id;
  int start, end;

  id = select_subject (fixture->window, FRENCH_SUBJECT);
  select_word (fixture->window, "surveillés", &start, &end);
  /* "élèves" and "à" come before: the byte offset would be larger. */
  g_assert_cmpint (start, ==, (int) g_utf8_strlen ("Les élèves noirs et autochtones se sentent ", -1));
  g_assert_cmpint (start, <, (int) strlen ("Les élèves noirs et autochtones se sentent "));

  /* The key 2 runs the action bound to it, with the second pinned code. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.apply-pinned", "i", 2));
  iterate_for (50);

  codings = list_codings (fixture, id);
  g_assert_cmpuint (codings->len, ==, 1);
  coding = g_ptr_array_index (codings, 0);
  g_assert_cmpstr (coding->code_guid, ==, fixture->surveillance_guid);
  g_assert_cmpstr (coding->code_path, ==, "Equity lens/Surveillance");
  g_assert_cmpstr (coding->reviewer, ==, "Test Reviewer");
  g_assert_cmpint (coding->start, ==, start);
  g_assert_cmpint (coding->end, ==, end);
  g_assert_cmpstr (coding->excerpt, ==, "surveillés");

  /* The excerpt is highlighted in the code's colour. */
  buffer = reader_buffer (fixture->window);
  tag_name = g_strconcat ("code-bg-", fixture->surveillance_guid, NULL);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, start + 1);
  g_assert_true (gtk_text_iter_has_tag (&iter, gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), tag_name)));
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, start - 2);
  g_assert_false (gtk_text_iter_has_tag (&iter, gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), tag_name)));

  /* And the panel counts the submission. */
  g_assert_cmpuint (intake_code_panel_get_count (get_panel (fixture), fixture->surveillance_guid), ==, 1);
}

static void
test_without_selection_codes_whole (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GPtrArray) codings = NULL;
  IntakeCoding *coding;
  gint64 id;

  id = select_subject (fixture->window, "Counsellors instead");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.apply-pinned", "i", 1));
  iterate_for (50);

  codings = list_codings (fixture, id);
  g_assert_cmpuint (codings->len, ==, 1);
  coding = g_ptr_array_index (codings, 0);
  g_assert_cmpstr (coding->code_guid, ==, fixture->trust_guid);
  g_assert_cmpint (coding->start, ==, -1);
  g_assert_null (coding->excerpt);
  g_assert_true (gtk_check_button_get_active (intake_code_panel_get_check (get_panel (fixture), fixture->trust_guid)));
}

static void
test_undo_removes_coding (Fixture       *fixture,
                          gconstpointer  data)
{
  IntakeCodePanel *panel = get_panel (fixture);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) undone = NULL;
  g_autoptr(GPtrArray) redone = NULL;
  gint64 id;
  int start, end;

  id = select_subject (fixture->window, FRENCH_SUBJECT);

  select_word (fixture->window, "confiance", &start, &end);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.apply-pinned", "i", 1));
  iterate_for (50);
  before = list_codings (fixture, id);
  g_assert_cmpuint (before->len, ==, 1);
  g_assert_cmpint (((IntakeCoding *) g_ptr_array_index (before, 0))->start, ==, start);
  g_assert_cmpuint (intake_code_panel_get_count (panel, fixture->trust_guid), ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo", NULL));
  iterate_for (50);
  undone = list_codings (fixture, id);
  g_assert_cmpuint (undone->len, ==, 0);
  /* The panel's count follows the store. */
  g_assert_cmpuint (intake_code_panel_get_count (panel, fixture->trust_guid), ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.redo", NULL));
  iterate_for (50);
  redone = list_codings (fixture, id);
  g_assert_cmpuint (redone->len, ==, 1);
  g_assert_cmpint (((IntakeCoding *) g_ptr_array_index (redone, 0))->start, ==, start);
  g_assert_cmpint (((IntakeCoding *) g_ptr_array_index (redone, 0))->end, ==, end);
  g_assert_cmpuint (intake_code_panel_get_count (panel, fixture->trust_guid), ==, 1);
}

static void
test_mark_coded_moves_to_next (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  gint64 id, expected;

  id = select_subject (fixture->window, FRENCH_SUBJECT);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.mark-coded-next", NULL));
  iterate_for (50);

  status = get_status (fixture, id);
  g_assert_cmpstr (status, ==, "coded");

  expected = intake_store_next_uncoded (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (expected, >, 0);
  g_assert_cmpint (expected, !=, id);
  g_assert_cmpint (reader_id (fixture->window), ==, expected);

  /* The list follows: the next one is the selected row. */
  {
    g_autoptr(IntakeSubmission) selected = NULL;
    GListModel *model = list_model (fixture->window);
    guint position = gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (model));

    g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
    selected = g_list_model_get_item (model, position);
    g_assert_cmpint (intake_submission_get_id (selected), ==, expected);
  }

  /* Undo brings the status back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo", NULL));
  iterate_for (50);
  g_free (status);
  status = get_status (fixture, id);
  g_assert_cmpstr (status, !=, "coded");
}

static void
test_check_box_codes_whole_submission (Fixture       *fixture,
                                       gconstpointer  data)
{
  IntakeCodePanel *panel = get_panel (fixture);
  GtkCheckButton *keep = intake_code_panel_get_check (panel, fixture->keep_changes_guid);
  GtkCheckButton *remove = intake_code_panel_get_check (panel, fixture->remove_guid);
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  IntakeCoding *coding;
  gint64 id;

  g_assert_nonnull (keep);
  g_assert_nonnull (remove);

  id = select_subject (fixture->window, "Keep the programme");
  g_assert_false (gtk_check_button_get_active (keep));

  gtk_check_button_set_active (keep, TRUE);
  iterate_for (50);
  first = list_codings (fixture, id);
  g_assert_cmpuint (first->len, ==, 1);
  coding = g_ptr_array_index (first, 0);
  g_assert_cmpstr (coding->code_guid, ==, fixture->keep_changes_guid);
  g_assert_cmpint (coding->start, ==, -1);
  g_assert_cmpint (coding->end, ==, -1);
  g_assert_cmpuint (intake_code_panel_get_count (panel, fixture->keep_changes_guid), ==, 1);

  /* One stance per submission: the other one replaces it. */
  gtk_check_button_set_active (remove, TRUE);
  iterate_for (50);
  second = list_codings (fixture, id);
  g_assert_cmpuint (second->len, ==, 1);
  coding = g_ptr_array_index (second, 0);
  g_assert_cmpstr (coding->code_guid, ==, fixture->remove_guid);
  g_assert_false (gtk_check_button_get_active (keep));
  g_assert_true (gtk_check_button_get_active (remove));
  g_assert_cmpuint (intake_code_panel_get_count (panel, fixture->keep_changes_guid), ==, 0);
  g_assert_cmpuint (intake_code_panel_get_count (panel, fixture->remove_guid), ==, 1);
}

static void
test_search_filters_and_highlights (Fixture       *fixture,
                                    gconstpointer  data)
{
  GtkWidget *entry;
  GtkTextBuffer *buffer;
  GtkTextTag *tag;
  GtkTextIter iter;
  g_autoptr(IntakeSubmission) item = NULL;
  int start, end;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.find", NULL));
  entry = find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_SEARCH_ENTRY,
                       search_entry_has_placeholder, "Search the Submissions");
  g_assert_nonnull (entry);
  WAIT_UNTIL (gtk_widget_get_mapped (entry));

  gtk_editable_set_text (GTK_EDITABLE (entry), "autochtones");
  WAIT_UNTIL (list_is_settled (fixture->window) && g_list_model_get_n_items (list_model (fixture->window)) == 1);
  item = g_list_model_get_item (list_model (fixture->window), 0);
  g_assert_cmpstr (intake_submission_get_subject (item), ==, FRENCH_SUBJECT);
  g_assert_nonnull (find_widget (GTK_WIDGET (fixture->window), ADW_TYPE_WINDOW_TITLE,
                                 window_title_has_subtitle, "1 of 3 submissions"));

  select_subject (fixture->window, FRENCH_SUBJECT);
  buffer = reader_buffer (fixture->window);
  tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "search-match");
  g_assert_nonnull (tag);
  select_word (fixture->window, "autochtones", &start, &end);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, start);
  g_assert_true (gtk_text_iter_starts_tag (&iter, tag));
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, end);
  g_assert_true (gtk_text_iter_ends_tag (&iter, tag));
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, 0);
  g_assert_false (gtk_text_iter_has_tag (&iter, tag));

  /* Clearing the search shows every submission again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.clear-filters", NULL));
  WAIT_UNTIL (list_is_settled (fixture->window) && g_list_model_get_n_items (list_model (fixture->window)) == 3);
  g_assert_nonnull (find_widget (GTK_WIDGET (fixture->window), ADW_TYPE_WINDOW_TITLE,
                                 window_title_has_subtitle, "3 submissions"));
}

static void
test_memo_saved_as_typed (Fixture       *fixture,
                          gconstpointer  data)
{
  IntakeReader *reader = get_reader (fixture->window);
  GtkWidget *memo;
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;
  gint64 id;

  id = select_subject (fixture->window, FRENCH_SUBJECT);
  memo = find_widget (GTK_WIDGET (reader), GTK_TYPE_TEXT_VIEW, has_css_class, "memo");
  g_assert_nonnull (memo);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (memo)), "Témoignage à citer", -1);

  /* Saved after the typing pause, with no Save button. */
  WAIT_UNTIL ((g_free (saved), saved = intake_store_get_memo (fixture->store, id, NULL, NULL)) != NULL &&
              g_str_equal (saved, "Témoignage à citer"));
  g_assert_cmpstr (saved, ==, "Témoignage à citer");
}

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
  int place, filter, excerpt, excerpt_end;
  GdkRGBA rgba;

  /* An excerpt coded with the code, shown in the reader. */
  select_subject (fixture->window, FRENCH_SUBJECT);
  select_word (fixture->window, "surveillés", &excerpt, &excerpt_end);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.apply-pinned", "i", 2));
  iterate_for (50);
  panel = INTAKE_CODE_PANEL (find_widget (GTK_WIDGET (fixture->window), INTAKE_TYPE_CODE_PANEL, NULL, NULL));
  g_assert_cmpuint (intake_code_panel_get_count (panel, guid), ==, 1);

  old_color = panel_color (fixture, "Surveillance");
  g_assert_cmpstr (old_color, ==, "#BF6F40");
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
  int word_start, word_end;

  id = select_subject (fixture->window, FRENCH_SUBJECT);
  refuse_writes (fixture);
  g_assert_null (find_toast (GTK_WIDGET (fixture->window), REASON));

  /* A code applied to an excerpt. */
  select_word (fixture->window, "surveillés", &word_start, &word_end);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.apply-pinned", "i", 1));
  WAIT_UNTIL ((toast = find_toast (GTK_WIDGET (fixture->window), REASON)) != NULL);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (toast)), "Could not code the submission"));
  codings = intake_store_list_codings (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (codings->len, ==, 0);

  /* A memo: the toast says why, and what was typed stays to be saved later. */
  memo = find_widget (GTK_WIDGET (get_reader (fixture->window)), GTK_TYPE_TEXT_VIEW, has_css_class, "memo");
  g_assert_nonnull (memo);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (memo));
  gtk_text_buffer_set_text (buffer, "Témoignage à citer", -1);
  WAIT_UNTIL (find_toast (GTK_WIDGET (fixture->window), "Could not save the memo") != NULL);
  g_assert_nonnull (find_toast (GTK_WIDGET (fixture->window), REASON));
  iterate_for (700);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  typed = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (typed, ==, "Témoignage à citer");
  g_assert_null (intake_store_get_memo (fixture->store, id, NULL, NULL));

  /* The status: the drop-down goes back to what the project has. */
  case_bar = find_widget (GTK_WIDGET (get_reader (fixture->window)), INTAKE_TYPE_CASE_BAR, NULL, NULL);
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
  ui_test_init (&argc, &argv, UI_TEST_APP | UI_TEST_WIDE | UI_TEST_CODE_PANEL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/coding-ui/excerpt/number-key", test_number_key_codes_excerpt);
  ADD ("/coding-ui/whole/number-key-without-selection", test_without_selection_codes_whole);
  ADD ("/coding-ui/whole/check-box", test_check_box_codes_whole_submission);
  ADD ("/coding-ui/undo/removes-coding", test_undo_removes_coding);
  ADD ("/coding-ui/status/mark-coded-moves-to-next", test_mark_coded_moves_to_next);
  ADD ("/coding-ui/search/filters-and-highlights", test_search_filters_and_highlights);
  ADD ("/coding-ui/memo/saved-as-typed", test_memo_saved_as_typed);
  ADD ("/project-ui/codebook-edits-seen-everywhere", test_codebook_edits_seen_everywhere);
  ADD ("/project-ui/refused-writes-are-told", test_refused_writes_are_told);

#undef ADD

  return ui_test_run ();
}
