/* The reader's keys: selecting text as soon as it has focus, by sentence,
 * paragraph and word; hard-wrapped mail reflowed without moving an offset,
 * so that what is coded, copied or dragged is the stored text; search highlights
 * of whole words; room for 72 columns. */
#define G_LOG_DOMAIN "test-reader-keys"

#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <X11/Xlib.h>

#include "intake-application.h"
#include "intake-project.h"
#include "intake-reader.h"
#include "intake-store.h"
#include "intake-submission.h"
#include "intake-window.h"
#include "ui-test-support.h"

/* Wrapped at 72 columns, as mail clients send plain text. */
#define PARAGRAPH_1 \
  "Je vous écris au sujet du programme des agents dans les écoles. Mon fils\n" \
  "a été interpellé deux fois cette année, et il n’a plus confiance en la\n"   \
  "police. Le conseil doit revoir sa décision avant la prochaine rentrée\n"    \
  "scolaire."

static const char mailbox[] =
  "From claire@example.org Mon Apr 19 10:00:00 2021\n"
  "From: =?utf-8?q?Claire_B=C3=A9langer?= <claire@example.org>\n"
  "Subject: Les agents\n"
  "Date: Mon, 19 Apr 2021 10:00:00 -0600\n"
  "Message-ID: <claire-1@example.org>\n"
  "MIME-Version: 1.0\n"
  "Content-Type: text/plain; charset=utf-8\n"
  "Content-Transfer-Encoding: 8bit\n"
  "\n"
  "Bonjour,\n"
  "\n"
  PARAGRAPH_1 "\n"
  "\n"
  "Merci,\n"
  "Claire\n";

typedef struct
{
  char          *dir;
  IntakeProject *project;
  IntakeStore   *store;
  IntakeWindow  *window;
  char          *trust_guid;  /* pinned to 1 */
  gint64         id;
  const char    *text;        /* the submission's, as stored */
} Fixture;

static void
press_key (GtkWidget       *focus,
           guint            keyval,
           GdkModifierType  mods)
{
  if (!press_shortcut (focus, keyval, mods))
    g_error ("Nothing took the key %s with modifiers %x", gdk_keyval_name (keyval), mods);
}

/* Looking at the reader */

static GtkTextView *
get_text_view (Fixture *fixture)
{
  return intake_reader_get_text_view (get_reader (fixture->window));
}

static GtkTextBuffer *
get_buffer (Fixture *fixture)
{
  return gtk_text_view_get_buffer (get_text_view (fixture));
}

static int
offset_of (Fixture    *fixture,
           const char *needle)
{
  const char *found = strstr (fixture->text, needle);

  g_assert_nonnull (found);
  return (int) g_utf8_pointer_to_offset (fixture->text, found);
}

/* The focused text, its cursor at @offset. */
static GtkWidget *
focus_text_at (Fixture *fixture,
               int      offset)
{
  GtkTextView *text_view = get_text_view (fixture);
  GtkTextIter iter;

  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (text_view)));
  g_assert_true (gtk_widget_is_focus (GTK_WIDGET (text_view)));
  gtk_text_buffer_get_iter_at_offset (get_buffer (fixture), &iter, offset);
  gtk_text_buffer_place_cursor (get_buffer (fixture), &iter);
  settle (GTK_WIDGET (text_view));
  return GTK_WIDGET (text_view);
}

/* The selected text, from the stored text at the reader's offsets. */
static char *
selected_text (Fixture *fixture)
{
  int start, end;

  if (!intake_reader_get_selected_range (get_reader (fixture->window), &start, &end))
    return g_strdup ("");
  return g_utf8_substring (fixture->text, start, end);
}

#define assert_selected(fixture, expected)                  \
  G_STMT_START {                                            \
    g_autofree char *selected_ = selected_text (fixture);  \
    g_assert_cmpstr (selected_, ==, expected);              \
  } G_STMT_END

/* Tests */

static void
test_shift_arrows_select_at_once (Fixture       *fixture,
                                  gconstpointer  data)
{
  GtkWidget *text = focus_text_at (fixture, offset_of (fixture, "écris"));

  g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (text)));
  g_assert_true (gtk_text_view_get_cursor_visible (GTK_TEXT_VIEW (text)));

  /* No caret browsing (F7) first. */
  press_key (text, GDK_KEY_Right, GDK_SHIFT_MASK);
  press_key (text, GDK_KEY_Right, GDK_SHIFT_MASK);
  assert_selected (fixture, "éc");
  press_key (text, GDK_KEY_Right, GDK_SHIFT_MASK | GDK_CONTROL_MASK);
  assert_selected (fixture, "écris");
}

static void
test_select_sentence_and_extend (Fixture       *fixture,
                                 gconstpointer  data)
{
  GtkWidget *text = focus_text_at (fixture, offset_of (fixture, "interpellé"));

  /* A sentence over two wrapped lines, as it is stored. */
  press_key (text, GDK_KEY_s, GDK_ALT_MASK);
  assert_selected (fixture,
                   "Mon fils\n"
                   "a été interpellé deux fois cette année, et il n’a plus confiance en la\n"
                   "police.");

  press_key (text, GDK_KEY_Down, GDK_ALT_MASK | GDK_SHIFT_MASK);
  assert_selected (fixture,
                   "Mon fils\n"
                   "a été interpellé deux fois cette année, et il n’a plus confiance en la\n"
                   "police. Le conseil doit revoir sa décision avant la prochaine rentrée\n"
                   "scolaire.");

  press_key (text, GDK_KEY_Up, GDK_ALT_MASK | GDK_SHIFT_MASK);
  {
    g_autofree char *selected = selected_text (fixture);

    g_assert_true (g_str_has_prefix (selected, "Je vous écris au sujet"));
    g_assert_true (g_str_has_suffix (selected, "rentrée\nscolaire."));
  }

  /* A word at a time, either side. */
  focus_text_at (fixture, offset_of (fixture, "interpellé"));
  press_key (text, GDK_KEY_s, GDK_ALT_MASK);
  press_key (text, GDK_KEY_Left, GDK_ALT_MASK | GDK_SHIFT_MASK);
  press_key (text, GDK_KEY_Right, GDK_ALT_MASK | GDK_SHIFT_MASK);
  press_key (text, GDK_KEY_Right, GDK_ALT_MASK | GDK_SHIFT_MASK);
  assert_selected (fixture,
                   "écoles. Mon fils\n"
                   "a été interpellé deux fois cette année, et il n’a plus confiance en la\n"
                   "police. Le conseil");

  /* The keypad's arrows too. */
  press_key (text, GDK_KEY_KP_Right, GDK_ALT_MASK | GDK_SHIFT_MASK);
  {
    g_autofree char *selected = selected_text (fixture);

    g_assert_true (g_str_has_suffix (selected, "Le conseil doit"));
  }
}

static void
test_select_paragraph (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWidget *text = focus_text_at (fixture, offset_of (fixture, "rentrée"));

  press_key (text, GDK_KEY_p, GDK_ALT_MASK);
  assert_selected (fixture, PARAGRAPH_1);

  /* A short line is a paragraph of its own. */
  focus_text_at (fixture, offset_of (fixture, "Merci"));
  press_key (text, GDK_KEY_p, GDK_ALT_MASK);
  assert_selected (fixture, "Merci,");
}

static void
copied_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
}

static void
test_reflow_keeps_offsets (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkTextBuffer *buffer = get_buffer (fixture);
  GtkWidget *text;
  GtkTextIter start, end;
  g_autofree char *shown = NULL;
  g_autofree char *copied = NULL;
  g_autoptr(GPtrArray) codings = NULL;
  g_autoptr(GError) error = NULL;
  IntakeCoding *coding;
  int wrap = offset_of (fixture, "\na été");

  /* The wrapped paragraph reads as one: its line breaks show as spaces,
   * the paragraphs' stay, and every offset is the stored text's. */
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  shown = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), ==, g_utf8_strlen (fixture->text, -1));
  g_assert_cmpint (g_utf8_get_char (g_utf8_offset_to_pointer (shown, wrap)), ==, ' ');
  g_assert_nonnull (strstr (shown, "Bonjour,\n\nJe vous"));
  g_assert_nonnull (strstr (shown, "Merci,\nClaire"));
  g_assert_null (strstr (shown, "rentrée\nscolaire"));

  /* Coding the selection with the key 1 stores the stored text's words. */
  text = focus_text_at (fixture, offset_of (fixture, "interpellé"));
  press_key (text, GDK_KEY_s, GDK_ALT_MASK);
  press_key (text, GDK_KEY_1, 0);
  codings = intake_store_list_codings (fixture->store, fixture->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (codings->len, ==, 1);
  coding = g_ptr_array_index (codings, 0);
  g_assert_cmpstr (coding->code_guid, ==, fixture->trust_guid);
  g_assert_cmpint (coding->start, ==, offset_of (fixture, "Mon fils"));
  g_assert_cmpstr (coding->excerpt, ==,
                   "Mon fils\n"
                   "a été interpellé deux fois cette année, et il n’a plus confiance en la\n"
                   "police.");

  /* Copying gives the stored text too, line breaks and all. */
  press_key (text, GDK_KEY_c, GDK_CONTROL_MASK);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (text), NULL, copied_cb, &copied);
  WAIT_UNTIL (copied != NULL);
  g_assert_cmpstr (copied, ==, coding->excerpt);
}

/* Where @point of @widget is on the X screen. */
static void
screen_point (GtkWidget *widget,
              double     x,
              double     y,
              int       *screen_x,
              int       *screen_y)
{
  GtkNative *native = gtk_widget_get_native (widget);
  Display *display = gdk_x11_display_get_xdisplay (gtk_widget_get_display (widget));
  Window xid = gdk_x11_surface_get_xid (gtk_native_get_surface (native));
  graphene_point_t point;
  double nx, ny;
  int rx, ry;
  Window child;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &GRAPHENE_POINT_INIT (x, y), &point));
  gtk_native_get_surface_transform (native, &nx, &ny);
  XTranslateCoordinates (display, xid, DefaultRootWindow (display), 0, 0, &rx, &ry, &child);
  *screen_x = rx + (int) (nx + point.x);
  *screen_y = ry + (int) (ny + point.y);
}

static void
exited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *exited = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_subprocess_wait_check_finish (G_SUBPROCESS (source), result, &error));
  g_assert_no_error (error);
  *exited = TRUE;
}

/* Presses at (@fx, @fy) on the screen, moves past the drag threshold and
 * on to (@tx, @ty), and lets go there, as a hand on the mouse would. */
static void
drag_with_pointer (const char *xdotool,
                   int         fx,
                   int         fy,
                   int         tx,
                   int         ty)
{
  g_autofree char *command = NULL;
  g_auto(GStrv) args = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  gboolean exited = FALSE;

  command = g_strdup_printf ("mousemove %d %d sleep 0.2 mousedown 1 sleep 0.2 "
                             "mousemove %d %d sleep 0.2 mousemove %d %d sleep 0.2 "
                             "mousemove %d %d sleep 0.3 mousemove %d %d sleep 0.5 mouseup 1",
                             fx, fy, fx + 10, fy + 10, fx + 40, fy + 40,
                             tx + 5, ty + 5, tx, ty);
  args = g_strsplit (command, " ", -1);
  g_strv_builder_add (builder, xdotool);
  g_strv_builder_addv (builder, (const char **) args);
  argv = g_strv_builder_end (builder);
  process = g_subprocess_newv ((const char * const *) argv, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);

  /* The main loop runs all along: the drag is a conversation with X. */
  g_subprocess_wait_check_async (process, NULL, exited_cb, &exited);
  WAIT_UNTIL (exited);
  iterate_for (300);
}

/* Where the character at @offset of the reader's text is on the screen. */
static void
screen_point_of_offset (Fixture *fixture,
                        int      offset,
                        int     *screen_x,
                        int     *screen_y)
{
  GtkTextView *text_view = get_text_view (fixture);
  GtkTextIter iter;
  GdkRectangle rect;
  int wx, wy;

  gtk_text_buffer_get_iter_at_offset (get_buffer (fixture), &iter, offset);
  gtk_text_view_get_iter_location (text_view, &iter, &rect);
  gtk_text_view_buffer_to_window_coords (text_view, GTK_TEXT_WINDOW_WIDGET,
                                         rect.x + 1, rect.y + rect.height / 2, &wx, &wy);
  g_assert_true (gtk_widget_contains (GTK_WIDGET (text_view), wx, wy));
  screen_point (GTK_WIDGET (text_view), wx, wy, screen_x, screen_y);
}

static char *
buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
test_drag_drops_stored_text (Fixture       *fixture,
                             gconstpointer  data)
{
  GtkTextView *text_view = get_text_view (fixture);
  GtkTextBuffer *buffer = get_buffer (fixture);
  GtkWidget *drop_window, *drop_view;
  GtkTextBuffer *dropped;
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  g_autofree char *text = NULL;
  g_autofree char *after = NULL;
  GtkTextIter start, end;
  int fx, fy, tx, ty;

  if (!GDK_IS_X11_DISPLAY (gtk_widget_get_display (GTK_WIDGET (text_view))) || xdotool == NULL)
    {
      g_test_skip ("A real drag needs X11 and xdotool");
      return;
    }

  /* Another window to drop on, as a reviewer drops into a document. */
  drop_window = gtk_window_new ();
  drop_view = gtk_text_view_new ();
  gtk_widget_set_size_request (drop_view, 240, 120);
  gtk_window_set_child (GTK_WINDOW (drop_window), drop_view);
  gtk_window_present (GTK_WINDOW (drop_window));
  WAIT_UNTIL (gtk_widget_get_mapped (drop_view));
  iterate_for (200);
  dropped = gtk_text_view_get_buffer (GTK_TEXT_VIEW (drop_view));

  gtk_text_buffer_get_iter_at_offset (buffer, &start, offset_of (fixture, "Mon fils"));
  gtk_text_buffer_get_iter_at_offset (buffer, &end, offset_of (fixture, "police.") + 7);
  gtk_text_buffer_select_range (buffer, &start, &end);
  settle (GTK_WIDGET (text_view));

  /* From a word of the selection, on a line the reflow joined: the stored
   * text arrives, its line breaks and all, not the spaces shown. */
  screen_point_of_offset (fixture, offset_of (fixture, "interpellé") + 2, &fx, &fy);
  screen_point (drop_view, 120, 60, &tx, &ty);
  g_assert_true (ABS (fx - tx) > 240 || ABS (fy - ty) > 120);
  drag_with_pointer (xdotool, fx, fy, tx, ty);
  WAIT_UNTIL (gtk_text_buffer_get_char_count (dropped) > 0);
  text = buffer_text (dropped);
  g_assert_cmpstr (text, ==,
                   "Mon fils\n"
                   "a été interpellé deux fois cette année, et il n’a plus confiance en la\n"
                   "police.");

  /* From outside the selection, the pointer selects text from where it
   * pressed, and drops none. */
  gtk_text_buffer_get_iter_at_offset (buffer, &start, offset_of (fixture, "Merci"));
  gtk_text_buffer_get_iter_at_offset (buffer, &end, offset_of (fixture, "Merci") + 5);
  gtk_text_buffer_select_range (buffer, &start, &end);
  settle (GTK_WIDGET (text_view));
  screen_point_of_offset (fixture, offset_of (fixture, "Claire"), &fx, &fy);
  g_assert_true (ABS (fx - tx) > 240 || ABS (fy - ty) > 120);
  drag_with_pointer (xdotool, fx, fy, tx, ty);
  iterate_for (500);
  after = buffer_text (dropped);
  g_assert_cmpstr (after, ==, text);
  g_assert_true (gtk_text_buffer_get_selection_bounds (buffer, &start, &end));
  g_assert_cmpint (gtk_text_iter_get_offset (&end), ==, offset_of (fixture, "Claire"));
  g_assert_cmpint (gtk_text_iter_get_offset (&start), <, offset_of (fixture, "Merci"));
}

static gboolean
has_search_tag (Fixture    *fixture,
                int         offset)
{
  GtkTextBuffer *buffer = get_buffer (fixture);
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "search-match");
  GtkTextIter iter;

  g_assert_nonnull (tag);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
  return gtk_text_iter_has_tag (&iter, tag);
}

static void
test_search_highlights_whole_words (Fixture       *fixture,
                                    gconstpointer  data)
{
  IntakeReader *reader = get_reader (fixture->window);
  int il = offset_of (fixture, " il ") + 1;
  int conseil = offset_of (fixture, "conseil");

  intake_reader_set_search (reader, "il");
  g_assert_true (has_search_tag (fixture, il));
  g_assert_true (has_search_tag (fixture, il + 1));
  g_assert_false (has_search_tag (fixture, il + 2));
  /* Not the "il" of "conseil". */
  g_assert_false (has_search_tag (fixture, conseil + 5));

  /* Whole words, as the store finds them: "polic" is no prefix of "police". */
  intake_reader_set_search (reader, "polic");
  g_assert_false (has_search_tag (fixture, offset_of (fixture, "police")));
  intake_reader_set_search (reader, "POLICE ecoles");
  g_assert_true (has_search_tag (fixture, offset_of (fixture, "police")));
  g_assert_true (has_search_tag (fixture, offset_of (fixture, "écoles")));
  g_assert_false (has_search_tag (fixture, offset_of (fixture, "agents")));
}

static void
test_fits_72_columns (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkTextView *text_view = get_text_view (fixture);
  g_autoptr(PangoLayout) layout = NULL;
  int room, width;

  /* A line of mail, at the window's default size with the codes shown. */
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (text_view),
                                           "Je vous écris au sujet du programme des agents dans les écoles. Mon fils");
  pango_layout_get_pixel_size (layout, &width, NULL);
  room = gtk_widget_get_width (GTK_WIDGET (text_view)) -
         gtk_text_view_get_left_margin (text_view) - gtk_text_view_get_right_margin (text_view);
  g_test_message ("72 columns take %d pixels; the reader has %d", width, room);

  /* The list beside the reader keeps to the width it asks for, whatever
   * its header bar's title would like. */
  {
    GtkWidget *list = gtk_widget_get_ancestor (GTK_WIDGET (get_list_view (fixture->window)), GTK_TYPE_BOX);
    int list_request;

    while (gtk_widget_get_parent (list) != NULL && !ADW_IS_LEAFLET (gtk_widget_get_parent (list)))
      list = gtk_widget_get_parent (list);
    gtk_widget_get_size_request (adw_clamp_get_child (ADW_CLAMP (list)), &list_request, NULL);
    g_test_message ("The list takes %d pixels, for a width request of %d", gtk_widget_get_width (list), list_request);
    g_assert_cmpint (gtk_widget_get_width (list), ==, list_request);
  }
  g_assert_cmpint (room, >=, width);
}

/* Fixture */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeCodebook) codebook = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *mbox = NULL;
  IntakeSubmission *submission;

  fixture->project = open_temporary_project ("test-reader-keys-XXXXXX", &fixture->dir, &fixture->store);

  codebook = intake_store_load_codebook (fixture->store, &error);
  g_assert_no_error (error);
  fixture->trust_guid = g_strdup (intake_code_get_guid (intake_codebook_find (codebook, "Experiences/Trust in police")));
  {
    const char *pinned[] = { fixture->trust_guid, NULL };

    g_settings_set_strv (settings, "pinned-codes", pinned);
  }

  fixture->window = open_window (app, fixture->project);
  import_and_wait (fixture->window, fixture->dir, "inbox.mbox", mailbox);
  g_assert_cmpuint (g_list_model_get_n_items (list_model (fixture->window)), ==, 1);
  g_assert_true (gtk_selection_model_select_item (GTK_SELECTION_MODEL (list_model (fixture->window)), 0, TRUE));
  WAIT_UNTIL (intake_reader_get_submission (get_reader (fixture->window)) != NULL);
  iterate_for (100);
  submission = intake_reader_get_submission (get_reader (fixture->window));
  fixture->id = intake_submission_get_id (submission);
  fixture->text = intake_submission_get_text (submission);
  g_assert_nonnull (strstr (fixture->text, PARAGRAPH_1));
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
  g_free (fixture->trust_guid);
}

int
main (int   argc,
      char *argv[])
{
  /* The window at its default size, the codes beside the text. */
  ui_test_init (&argc, &argv, UI_TEST_APP | UI_TEST_CODE_PANEL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/reader-keys/shift-arrows", test_shift_arrows_select_at_once);
  ADD ("/reader-keys/sentence", test_select_sentence_and_extend);
  ADD ("/reader-keys/paragraph", test_select_paragraph);
  ADD ("/reader-keys/reflow-keeps-offsets", test_reflow_keeps_offsets);
  ADD ("/reader-keys/drag-drops-stored-text", test_drag_drops_stored_text);
  ADD ("/reader-keys/search-whole-words", test_search_highlights_whole_words);
  ADD ("/reader-keys/fits-72-columns", test_fits_72_columns);

#undef ADD

  return ui_test_run ();
}
