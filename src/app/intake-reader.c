#define G_LOG_DOMAIN "intake-reader"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-reader.h"
#include "intake-attachment-row.h"
#include "intake-case-bar.h"
#include "intake-case-panel.h"
#include "intake-code-picker.h"
#include "intake-coding-margin.h"
#include "intake-store.h"
#include "intake-codings-popover.h"
#include "intake-error.h"
#include "intake-redact.h"
#include "intake-report.h"
#include "intake-text.h"
#include "intake-text-breaks.h"

struct _IntakeReader
{
  AdwBin                parent_instance;

  /* Template widgets */
  GtkStack             *stack;
  GtkScrolledWindow    *scrolled_window;
  GtkLabel             *subject_label;
  GtkLabel             *from_caption;
  GtkLabel             *from_label;
  GtkLabel             *date_label;
  GtkLabel             *message_id_caption;
  GtkLabel             *message_id_label;
  GtkLabel             *in_reply_to_caption;
  GtkLabel             *in_reply_to_label;
  GtkTextView          *text_view;
  IntakeCaseBar        *case_bar;
  IntakeCasePanel      *case_panel;
  AdwPreferencesGroup  *attachments_group;
  GtkButton            *mark_button;
  GtkToggleButton      *report_button;
  GtkWidget            *report_note;
  GtkLabel             *report_label;

  /* Rows added to attachments_group, not owned */
  GPtrArray            *attachment_rows;

  /* Popovers parented to the text view */
  IntakeCodePicker     *picker;
  IntakeCodingsPopover *codings_popover;

  /* Owned references */
  IntakeSubmission     *submission;
  IntakeProject        *project;
  GPtrArray            *codings;       /* IntakeCoding of the submission */
  char                 *search;
  char                 *shown_text;    /* the buffer's text before reflowing */
  GtkTextTag           *search_tag;
  GHashTable           *code_tags;     /* tag name → GtkTextTag, ours in the table */
  GtkTextTag           *redacted_tag;

  /* The report view */
  IntakeRedactor       *redactor;      /* the project's senders' names, cached */
  GCancellable         *report_cancellable;  /* of the redaction being worked out */
  GArray               *offset_map;    /* original → shown, while report_ready */
  guint                 report_serial; /* results of an older request are dropped */

  gboolean              has_text;
  gboolean              code_tags_applied; /* since the text was last set */
  gboolean              report_view;
  gboolean              report_ready;  /* the buffer holds the redacted text */
  gboolean              withheld;
  double                press_x;
  double                press_y;
  gboolean              press_in_selection;  /* a drag from it carries the selection */
};

G_DEFINE_FINAL_TYPE (IntakeReader, intake_reader, ADW_TYPE_BIN)

enum { PROP_0, PROP_SUBMISSION, PROP_PROJECT, PROP_REPORT_VIEW, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { CODE_CHOSEN, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char *
nonempty (const char *s)
{
  return (s != NULL && s[0] != '\0') ? s : NULL;
}

/* Offsets: codings and selections count in the submission's own text; in
 * the report view the buffer shows the redacted text, and they are mapped. */

static gboolean
is_mapped (IntakeReader *self)
{
  return self->report_ready && self->offset_map != NULL;
}

static void
to_view_range (IntakeReader *self,
               int           start,
               int           end,
               int          *view_start,
               int          *view_end)
{
  if (is_mapped (self))
    intake_redact_map_range (self->offset_map, start, end, view_start, view_end);
  else
    {
      *view_start = start;
      *view_end = end;
    }
}

static int
to_original_offset (IntakeReader *self,
                    int           view_offset)
{
  return is_mapped (self) ? intake_redact_unmap_offset (self->offset_map, view_offset) : view_offset;
}

static void
to_original_range (IntakeReader *self,
                   int           view_start,
                   int           view_end,
                   int          *start,
                   int          *end)
{
  if (is_mapped (self))
    intake_redact_unmap_range (self->offset_map, view_start, view_end, start, end);
  else
    {
      *start = view_start;
      *end = view_end;
    }
}

static char *
format_sender (IntakeSubmission *submission)
{
  const char *name = nonempty (intake_submission_get_from_name (submission));
  const char *addr = nonempty (intake_submission_get_from_addr (submission));

  if (name != NULL && addr != NULL)
    /* Translators: a sender's name and their email address */
    return g_strdup_printf (_("%s <%s>"), name, addr);
  else if (name != NULL)
    return g_strdup (name);
  else if (addr != NULL)
    return g_strdup (addr);
  else
    return g_strdup (_("Unknown sender"));
}

static char *
format_date_long (GDateTime *date)
{
  g_autoptr(GDateTime) local = NULL;

  if (date == NULL)
    return g_strdup (_("Unknown"));

  local = g_date_time_to_local (date);
  /* Translators: a submission's full date and time, in the reader; see the
   * formats of g_date_time_format(). This gives "Monday, April 19, 2021, 3:07 PM". */
  return g_date_time_format (local, _("%A, %B %-d, %Y, %-I:%M %p"));
}

static void
set_optional_header (GtkLabel   *caption,
                     GtkLabel   *label,
                     const char *message_id)
{
  gboolean visible = nonempty (message_id) != NULL;

  gtk_widget_set_visible (GTK_WIDGET (caption), visible);
  gtk_widget_set_visible (GTK_WIDGET (label), visible);

  if (visible)
    {
      g_autofree char *bracketed = g_strdup_printf ("<%s>", message_id);
      gtk_label_set_text (label, bracketed);
    }
  else
    gtk_label_set_text (label, "");
}

static void
clear_attachments (IntakeReader *self)
{
  for (guint i = 0; i < self->attachment_rows->len; i++)
    adw_preferences_group_remove (self->attachments_group,
                                  g_ptr_array_index (self->attachment_rows, i));
  g_ptr_array_set_size (self->attachment_rows, 0);
}

/* Search highlighting: the words the store's search found, whole, folded
 * by the rules of intake_text_fold(), so that "eleves" finds "élèves" and
 * "il" is not lit inside "conseil". */
static void
highlight_search (IntakeReader *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autoptr(GArray) matches = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->search_tag, &start, &end);

  if (!self->has_text || self->search == NULL || self->search[0] == '\0')
    return;

  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  matches = intake_text_find_search_matches (text, self->search);
  for (guint i = 0; i + 1 < matches->len; i += 2)
    {
      gtk_text_buffer_get_iter_at_offset (buffer, &start, g_array_index (matches, int, i));
      gtk_text_buffer_get_iter_at_offset (buffer, &end, g_array_index (matches, int, i + 1));
      gtk_text_buffer_apply_tag (buffer, self->search_tag, &start, &end);
    }
}

/* The text shown. Hard-wrapped mail reads as paragraphs: its soft line
 * breaks show as spaces, so every buffer offset is still an offset into
 * @text, and copying gives @text's own characters. */
static void
set_shown_text (IntakeReader *self,
                const char   *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  g_autofree char *reflowed = intake_text_reflow (text);

  g_free (self->shown_text);
  self->shown_text = g_strdup (text);
  gtk_text_buffer_set_text (buffer, reflowed, -1);
  self->code_tags_applied = FALSE;
}

static void
copy_clipboard_cb (IntakeReader *self,
                   GtkTextView  *text_view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (text_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  if (self->shown_text == NULL || !gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    return;

  text = intake_text_slice (self->shown_text, gtk_text_iter_get_offset (&start), gtk_text_iter_get_offset (&end));
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (text_view)), text);
  g_signal_stop_emission_by_name (text_view, "copy-clipboard");
}

/* Dragging the selection carries the stored text too. The text view's own
 * drag would carry what it shows, with spaces and zero-width spaces where
 * the stored text breaks its lines; this drag source runs in the capture
 * phase, so it starts before the text view's and resets its gestures. */
static gboolean
is_in_selection (IntakeReader    *self,
                 double           x,
                 double           y,
                 GdkModifierType  state)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkWidget *text_view = GTK_WIDGET (self->text_view);
  GtkTextIter start, end, iter;
  int bx, by;

  /* As the text view has it: a press in the selection drags it, and with
   * Shift extends it; the margin beside the text has its own clicks. */
  if (self->shown_text == NULL || (state & GDK_SHIFT_MASK) ||
      !gtk_text_buffer_get_selection_bounds (buffer, &start, &end) ||
      gtk_widget_pick (text_view, x, y, GTK_PICK_DEFAULT) != text_view)
    return FALSE;

  gtk_text_view_window_to_buffer_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET,
                                         (int) x, (int) y, &bx, &by);
  return gtk_text_view_get_iter_at_location (self->text_view, &iter, bx, by) &&
         gtk_text_iter_in_range (&iter, &start, &end);
}

/* Decided at the press: once the text view drags out a selection from
 * the press, the press is in it. */
static void
drag_source_begin_cb (GtkGesture       *gesture,
                      GdkEventSequence *sequence,
                      IntakeReader     *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  double x, y;

  self->press_in_selection = gtk_gesture_get_point (gesture, sequence, &x, &y) &&
                             is_in_selection (self, x, y, state);
}

static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source,
                 double         x,
                 double         y,
                 IntakeReader  *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  if (!self->press_in_selection || !gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    return NULL;

  /* Only a string: a text view taking the buffer itself would read the
   * shown text from its selection. */
  text = intake_text_slice (self->shown_text, gtk_text_iter_get_offset (&start), gtk_text_iter_get_offset (&end));
  return gdk_content_provider_new_typed (G_TYPE_STRING, text);
}

/* Selecting by meaning: a sentence, a paragraph, or a sentence or a word
 * more either side, with boundaries as Pango finds them in the text shown. */

static IntakeTextBreaks *
get_breaks (IntakeReader *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  return intake_text_breaks_new (text);
}

/* The insertion cursor goes to @insert, so that Shift and the arrows go on
 * from there. */
static void
select_offsets (IntakeReader *self,
                int           insert,
                int           bound)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter insert_iter, bound_iter;

  gtk_text_buffer_get_iter_at_offset (buffer, &insert_iter, insert);
  gtk_text_buffer_get_iter_at_offset (buffer, &bound_iter, bound);
  gtk_text_buffer_select_range (buffer, &insert_iter, &bound_iter);
  gtk_text_view_scroll_mark_onscreen (self->text_view, gtk_text_buffer_get_insert (buffer));
}

static void
select_unit_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  IntakeReader *self = INTAKE_READER (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  g_autoptr(IntakeTextBreaks) breaks = NULL;
  GtkTextIter cursor;
  int start, end;
  gboolean found;

  if (!self->has_text)
    {
      gtk_widget_error_bell (widget);
      return;
    }

  breaks = get_breaks (self);
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  if (g_str_equal (action_name, "reader.select-paragraph"))
    found = intake_text_breaks_paragraph_at (breaks, gtk_text_iter_get_offset (&cursor), &start, &end);
  else
    found = intake_text_breaks_sentence_at (breaks, gtk_text_iter_get_offset (&cursor), &start, &end);

  if (found)
    select_offsets (self, end, start);
  else
    gtk_widget_error_bell (widget);
}

static void
extend_selection_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  IntakeReader *self = INTAKE_READER (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  g_autoptr(IntakeTextBreaks) breaks = NULL;
  GtkTextIter start_iter, end_iter;
  const char *unit;
  gboolean forward, by_word;
  int start, end;

  g_variant_get (parameter, "(&sb)", &unit, &forward);
  by_word = g_str_equal (unit, "word");

  if (!self->has_text)
    {
      gtk_widget_error_bell (widget);
      return;
    }

  /* Without a selection, both bounds are the cursor. */
  breaks = get_breaks (self);
  gtk_text_buffer_get_selection_bounds (buffer, &start_iter, &end_iter);
  start = gtk_text_iter_get_offset (&start_iter);
  end = gtk_text_iter_get_offset (&end_iter);

  if (forward)
    {
      int to = by_word ? intake_text_breaks_forward_word_end (breaks, end)
                       : intake_text_breaks_forward_sentence_end (breaks, end);

      if (to == end)
        gtk_widget_error_bell (widget);
      else
        select_offsets (self, to, start);
    }
  else
    {
      int to = by_word ? intake_text_breaks_backward_word_start (breaks, start)
                       : intake_text_breaks_backward_sentence_start (breaks, start);

      if (to == start)
        gtk_widget_error_bell (widget);
      else
        select_offsets (self, to, end);
    }
}

static void
add_selection_shortcut (GtkShortcutController *controller,
                        guint                  keyval,
                        GdkModifierType        mods,
                        const char            *action,
                        GVariant              *arguments)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keyval, mods),
                                            gtk_named_action_new (action));

  if (arguments != NULL)
    gtk_shortcut_set_arguments (shortcut, arguments);
  gtk_shortcut_controller_add_shortcut (controller, shortcut);
}

/* On the text, after its own bindings: Alt with a letter or with Shift and
 * an arrow is neither the text view's nor the window's. */
static void
add_selection_shortcuts (IntakeReader *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcutController *shortcuts = GTK_SHORTCUT_CONTROLLER (controller);
  static const struct
  {
    guint       keyval;
    guint       keypad;
    const char *unit;
    gboolean    forward;
  } extend[] = {
    { GDK_KEY_Right, GDK_KEY_KP_Right, "word",     TRUE },
    { GDK_KEY_Left,  GDK_KEY_KP_Left,  "word",     FALSE },
    { GDK_KEY_Down,  GDK_KEY_KP_Down,  "sentence", TRUE },
    { GDK_KEY_Up,    GDK_KEY_KP_Up,    "sentence", FALSE },
  };

  add_selection_shortcut (shortcuts, GDK_KEY_s, GDK_ALT_MASK, "reader.select-sentence", NULL);
  add_selection_shortcut (shortcuts, GDK_KEY_p, GDK_ALT_MASK, "reader.select-paragraph", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (extend); i++)
    {
      add_selection_shortcut (shortcuts, extend[i].keyval, GDK_ALT_MASK | GDK_SHIFT_MASK,
                              "reader.extend-selection",
                              g_variant_new ("(sb)", extend[i].unit, extend[i].forward));
      add_selection_shortcut (shortcuts, extend[i].keypad, GDK_ALT_MASK | GDK_SHIFT_MASK,
                              "reader.extend-selection",
                              g_variant_new ("(sb)", extend[i].unit, extend[i].forward));
    }

  gtk_widget_add_controller (GTK_WIDGET (self->text_view), controller);
}

/* Coded excerpts */

/* The code's colour as the codebook has it now: a recoloured code shows
 * at once in every excerpt. */
static void
get_code_color (IntakeReader *self,
                const char   *code_guid,
                const char   *fallback,
                GdkRGBA      *rgba)
{
  IntakeCodebook *codebook = self->project ? intake_project_get_codebook (self->project) : NULL;
  IntakeCode *code = codebook ? intake_codebook_find_by_guid (codebook, code_guid) : NULL;
  const char *color = code ? intake_code_get_color (code) : fallback;

  if (color == NULL || !gdk_rgba_parse (rgba, color))
    gdk_rgba_parse (rgba, "#888888");
}

static GtkTextTag *
get_styled_code_tag (IntakeReader    *self,
                     GtkTextTagTable *table,
                     const char      *name,
                     const char      *code_guid,
                     const char      *color,
                     gboolean         underline)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextTag *tag;
  GdkRGBA rgba;

  get_code_color (self, code_guid, color, &rgba);
  if (!underline)
    rgba.alpha = 0.28;

  if ((tag = gtk_text_tag_table_lookup (table, name)))
    {
      const char *property = underline ? "underline-rgba" : "background-rgba";
      g_autoptr(GdkRGBA) old = NULL;

      /* A recoloured code; the same colour again would lay the text out again. */
      g_object_get (tag, property, &old, NULL);
      if (old == NULL || !gdk_rgba_equal (old, &rgba))
        g_object_set (tag, property, &rgba, NULL);
      return tag;
    }

  if (underline)
    {
      /* A second code over the same words shows as an underline in its colour. */
      tag = gtk_text_buffer_create_tag (buffer, name,
                                        "underline", PANGO_UNDERLINE_DOUBLE,
                                        "underline-rgba", &rgba,
                                        NULL);
    }
  else
    tag = gtk_text_buffer_create_tag (buffer, name, "background-rgba", &rgba, NULL);

  /* The search highlight stays on top of every code. */
  gtk_text_tag_set_priority (self->search_tag, gtk_text_tag_table_get_size (table) - 1);
  g_hash_table_insert (self->code_tags, g_strdup (name), tag);

  return tag;
}

/* @styled holds the tags styled in this pass already, by name: restyling a
 * tag has the whole text laid out again, so each is styled once a pass,
 * however many excerpts of its code there are. */
static GtkTextTag *
get_code_tag (IntakeReader *self,
              GHashTable   *styled,
              const char   *code_guid,
              const char   *color,
              gboolean      underline)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  g_autofree char *name = g_strdup_printf ("%s-%s", underline ? "code-ul" : "code-bg", code_guid);
  GtkTextTag *tag;

  if ((tag = g_hash_table_lookup (styled, name)))
    return tag;

  tag = get_styled_code_tag (self, table, name, code_guid, color, underline);
  g_hash_table_insert (styled, g_steal_pointer (&name), tag);
  return tag;
}

static void
remove_code_tags (IntakeReader *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;
  GHashTableIter iter;
  GtkTextTag *tag;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  g_hash_table_iter_init (&iter, self->code_tags);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &tag))
    gtk_text_buffer_remove_tag (buffer, tag, &start, &end);
}

static void
apply_code_tags (IntakeReader *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  int length = gtk_text_buffer_get_char_count (buffer);
  g_autoptr(GHashTable) styled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* New text has none to remove: each removal, of every code's tags over
   * the whole buffer, has the text laid out again. */
  if (self->code_tags_applied)
    remove_code_tags (self);
  self->code_tags_applied = FALSE;

  if (!self->has_text || self->codings == NULL)
    return;

  for (guint i = 0; i < self->codings->len; i++)
    {
      IntakeCoding *coding = g_ptr_array_index (self->codings, i);
      gboolean overlaps = FALSE;
      GtkTextIter start, end;
      int view_start, view_end;

      if (coding->start < 0 || coding->end <= coding->start)
        continue;
      to_view_range (self, coding->start, coding->end, &view_start, &view_end);
      if (view_end > length || view_end <= view_start)
        continue;

      for (guint j = 0; j < i && !overlaps; j++)
        {
          IntakeCoding *other = g_ptr_array_index (self->codings, j);

          overlaps = other->start >= 0 && other->start < coding->end && coding->start < other->end;
        }

      gtk_text_buffer_get_iter_at_offset (buffer, &start, view_start);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, view_end);
      gtk_text_buffer_apply_tag (buffer,
                                 get_code_tag (self, styled, coding->code_guid, coding->color, overlaps),
                                 &start, &end);
      self->code_tags_applied = TRUE;
    }
}

static void
load_codings (IntakeReader *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->codings, g_ptr_array_unref);

  if (self->submission == NULL || self->project == NULL)
    return;

  self->codings = intake_store_get_codings (intake_project_get_store (self->project),
                                             intake_submission_get_id (self->submission),
                                             &error);
  if (self->codings == NULL)
    intake_show_error (GTK_WIDGET (self), _("Could not read the codings"), error);
}

/* Popovers at a place in the text */

/* Where a popover about a range of the buffer points, in the text view. */
static void
get_range_rect (IntakeReader *self,
                int           start_offset,
                int           end_offset,
                GdkRectangle *rect)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;
  GdkRectangle start_rect, end_rect;

  gtk_text_buffer_get_iter_at_offset (buffer, &start, start_offset);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, end_offset);
  gtk_text_view_get_iter_location (self->text_view, &start, &start_rect);
  gtk_text_view_get_iter_location (self->text_view, &end, &end_rect);

  /* Under the last line of the range, starting where the range starts. */
  rect->x = start_rect.y == end_rect.y ? start_rect.x : 0;
  rect->width = start_rect.y == end_rect.y ? MAX (end_rect.x - start_rect.x, 1) : 1;
  rect->y = end_rect.y;
  rect->height = end_rect.height;
  gtk_text_view_buffer_to_window_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET,
                                         rect->x, rect->y, &rect->x, &rect->y);
}

/* The code picker */

static void
code_chosen_cb (IntakeReader     *self,
                const char       *code_guid,
                IntakeCodePicker *picker)
{
  g_signal_emit (self, signals[CODE_CHOSEN], 0, code_guid);
}

void
intake_reader_pick_code (IntakeReader *self)
{
  /* No selection: the code goes to the whole submission; point at the top. */
  GdkRectangle rect = { 24, 0, 1, 1 };
  int start, end;

  g_return_if_fail (INTAKE_IS_READER (self));

  if (self->submission == NULL || self->project == NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  if (intake_reader_get_selected_range (self, &start, &end))
    {
      int view_start, view_end;

      to_view_range (self, start, end, &view_start, &view_end);
      get_range_rect (self, view_start, view_end, &rect);
    }

  intake_code_picker_present (self->picker, &rect);
}

/* Clicking a coded excerpt lists its codes; the popover removes them. */

static void
show_codings_at (IntakeReader *self,
                 int           offset)
{
  GdkRectangle rect;

  if (self->codings == NULL ||
      intake_codings_popover_set_codings (self->codings_popover, self->codings,
                                          to_original_offset (self, offset)) == 0)
    return;

  get_range_rect (self, offset, offset + 1, &rect);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->codings_popover), &rect);
  gtk_popover_popup (GTK_POPOVER (self->codings_popover));
}

static gboolean
text_view_event_cb (GtkEventControllerLegacy *controller,
                    GdkEvent                 *event,
                    IntakeReader             *self)
{
  GdkEventType type = gdk_event_get_event_type (event);
  double x, y;

  if (type != GDK_BUTTON_PRESS && type != GDK_BUTTON_RELEASE)
    return FALSE;
  if (gdk_button_event_get_button (event) != GDK_BUTTON_PRIMARY)
    return FALSE;

  gdk_event_get_position (event, &x, &y);
  {
    /* Event positions are in the surface; the text view wants its own. */
    GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self->text_view));
    double nx, ny;

    gtk_native_get_surface_transform (native, &nx, &ny);
    gtk_widget_translate_coordinates (GTK_WIDGET (native), GTK_WIDGET (self->text_view),
                                      x - nx, y - ny, &x, &y);
  }

  if (type == GDK_BUTTON_PRESS)
    {
      self->press_x = x;
      self->press_y = y;
      return FALSE;
    }

  /* A click, not the end of a drag that selects text. */
  if (ABS (x - self->press_x) < 4 && ABS (y - self->press_y) < 4 && self->has_text)
    {
      GtkTextIter iter;
      int bx, by;

      gtk_text_view_window_to_buffer_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET,
                                             (int) x, (int) y, &bx, &by);
      if (gtk_text_view_get_iter_at_location (self->text_view, &iter, bx, by))
        show_codings_at (self, gtk_text_iter_get_offset (&iter));
    }

  return FALSE;
}

/* Memo */

void
intake_reader_save_memo (IntakeReader *self)
{
  g_return_if_fail (INTAKE_IS_READER (self));

  /* Gone once the reader is disposed; it saved the memo then. */
  if (self->case_panel != NULL)
    intake_case_panel_save_memo (self->case_panel);
}

/* Showing a submission */

static void
update_coding_state (IntakeReader *self)
{
  load_codings (self);
  apply_code_tags (self);
}

/* The report view: the text redacted as reports redact it, worked out on a
 * worker thread with its own connection to the project. */

typedef struct
{
  char           *project_path;
  gint64          submission_id;
  char           *text;      /* nullable */
  char           *subject;   /* nullable */
  IntakeRedactor *redactor;  /* nullable: loaded in the thread */
  guint           serial;
} ReportRequest;

typedef struct
{
  IntakeRedactor *redactor;
  char           *text;
  char           *subject;
  GArray         *offset_map;
  gboolean        withheld;
} ReportResult;

static void
report_request_free (ReportRequest *request)
{
  g_free (request->project_path);
  g_free (request->text);
  g_free (request->subject);
  g_clear_pointer (&request->redactor, intake_redactor_unref);
  g_free (request);
}

static void
report_result_free (ReportResult *result)
{
  g_clear_pointer (&result->redactor, intake_redactor_unref);
  g_clear_pointer (&result->offset_map, g_array_unref);
  g_free (result->text);
  g_free (result->subject);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReportResult, report_result_free)

static void
redact_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ReportRequest *request = task_data;
  g_autoptr(ReportResult) result = g_new0 (ReportResult, 1);
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(GPtrArray) codings = NULL;
  GError *error = NULL;

  /* The project's own connection belongs to the main thread. */
  store = intake_store_open_readonly (request->project_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (request->redactor != NULL)
    result->redactor = intake_redactor_ref (request->redactor);
  else if ((result->redactor = intake_report_load_redactor (store, cancellable, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  codings = intake_store_list_codings (store, request->submission_id, &error);
  if (codings == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* As the report source does: the flag on the whole submission withholds
   * its subject too. */
  result->withheld = intake_report_is_withheld (codings);
  if (request->text != NULL)
    result->text = intake_report_redact (result->redactor, request->text, codings,
                                         NULL, NULL, &result->offset_map);
  if (request->subject != NULL)
    result->subject = intake_report_redact_plain (result->redactor, request->subject, result->withheld);

  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) report_result_free);
}

static void
update_report_note (IntakeReader *self)
{
  const char *note;

  gtk_widget_set_visible (self->report_note, self->report_view && self->submission != NULL);

  if (!self->report_ready)
    note = _("Redacting…");
  else if (self->withheld)
    note = _("Withheld from reports: the whole submission is flagged Needs redaction");
  else
    /* Reports hold excerpts and quotes of the text, never all of it. */
    note = _("As its excerpts and quotes appear in reports: personal information is replaced by markers. To hide more, select it and press Ctrl+Shift+M (Mark for Redaction).");
  gtk_label_set_text (self->report_label, note);
}

/* Every marker stands out, so that what reports hide shows at a glance. */
static void
tag_markers (IntakeReader *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  GtkTextIter iter, marker_start, marker_end, close_start;

  gtk_text_buffer_get_start_iter (buffer, &iter);
  while (gtk_text_iter_forward_search (&iter, "[redacted: ", 0, &marker_start, &marker_end, NULL))
    {
      if (!gtk_text_iter_forward_search (&marker_end, "]", 0, &close_start, &iter, NULL))
        break;
      gtk_text_buffer_apply_tag (buffer, self->redacted_tag, &marker_start, &iter);
    }

  /* Over the codes' highlights; the search's stays on top. */
  gtk_text_tag_set_priority (self->redacted_tag, gtk_text_tag_table_get_size (table) - 1);
  gtk_text_tag_set_priority (self->search_tag, gtk_text_tag_table_get_size (table) - 1);
}

static void
show_report (IntakeReader *self,
             ReportResult *report)
{

  g_clear_pointer (&self->offset_map, g_array_unref);
  self->offset_map = g_steal_pointer (&report->offset_map);
  self->withheld = report->withheld;
  self->report_ready = TRUE;

  if (report->subject != NULL)
    gtk_label_set_text (self->subject_label, report->subject);
  if (report->text != NULL)
    set_shown_text (self, report->text);

  apply_code_tags (self);
  tag_markers (self);
  highlight_search (self);
  update_report_note (self);
}

static void
redacted_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  IntakeReader *self = INTAKE_READER (source);
  ReportRequest *request = g_task_get_task_data (G_TASK (result));
  g_autoptr(ReportResult) report = NULL;
  g_autoptr(GError) error = NULL;

  report = g_task_propagate_pointer (G_TASK (result), &error);

  /* A later request replaced this one, or the view has gone. */
  if (request->serial != self->report_serial || self->text_view == NULL || !self->report_view)
    return;

  g_clear_object (&self->report_cancellable);

  if (report == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      intake_show_error (GTK_WIDGET (self), _("Could not show the submission as in a report"), error);
      /* What was shown stays hidden: nothing unredacted is shown as redacted. */
      gtk_label_set_text (self->subject_label, "");
      set_shown_text (self, "");
      gtk_label_set_text (self->report_label,
                          _("This submission could not be redacted, so it is not shown."));
      return;
    }

  /* The names of every sender, kept until new submissions bring more. */
  if (self->redactor == NULL)
    self->redactor = intake_redactor_ref (report->redactor);

  show_report (self, report);
}

static void
cancel_report (IntakeReader *self)
{
  /* Whatever is still on its way is stale. */
  self->report_serial++;
  if (self->report_cancellable != NULL)
    {
      g_cancellable_cancel (self->report_cancellable);
      g_clear_object (&self->report_cancellable);
    }
}

/* Works out the report view of the submission again; the text shown stays
 * until the new one is ready. */
static void
request_report (IntakeReader *self)
{
  g_autoptr(GTask) task = NULL;
  ReportRequest *request;
  const char *path;

  cancel_report (self);

  if (!self->report_view || self->submission == NULL || self->project == NULL)
    return;

  path = intake_project_get_path (self->project);
  if (path == NULL)
    {
      gtk_label_set_text (self->report_label, _("Only a project saved to a file can be shown as in a report."));
      return;
    }

  request = g_new0 (ReportRequest, 1);
  request->project_path = g_strdup (path);
  request->submission_id = intake_submission_get_id (self->submission);
  request->text = self->has_text ? g_strdup (intake_submission_get_text (self->submission)) : NULL;
  request->subject = g_strdup (nonempty (intake_submission_get_subject (self->submission)));
  request->redactor = self->redactor ? intake_redactor_ref (self->redactor) : NULL;
  request->serial = self->report_serial;

  self->report_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->report_cancellable, redacted_cb, NULL);
  g_task_set_source_tag (task, request_report);
  g_task_set_task_data (task, request, (GDestroyNotify) report_request_free);
  g_task_run_in_thread (task, redact_thread);
}

static void
drop_redactor (IntakeReader *self)
{
  g_clear_pointer (&self->redactor, intake_redactor_unref);
}

/* The project's changes */

static void
codebook_changed_cb (IntakeReader  *self,
                     IntakeProject *project)
{
  /* Names, colours, and the codings of a deleted code. */
  update_coding_state (self);
}

static void
submission_changed_cb (IntakeReader  *self,
                       gint64         submission_id,
                       IntakeProject *project)
{
  /* The buffer stays, and with it the reviewer's selection and scroll. */
  if (self->submission != NULL && intake_submission_get_id (self->submission) == submission_id)
    {
      update_coding_state (self);
      /* A span marked Needs redaction, or the flag on the whole. */
      request_report (self);
    }
}

static void
submissions_added_cb (IntakeReader  *self,
                      IntakeProject *project)
{
  /* New senders, new names to redact. */
  drop_redactor (self);
  request_report (self);
}

/* The headers and the text, as they are or as in a report. */
static void
show_text (IntakeReader *self)
{
  g_autofree char *sender = NULL;
  g_autofree char *date = NULL;
  const char *subject;
  const char *text;

  g_clear_pointer (&self->offset_map, g_array_unref);
  self->report_ready = FALSE;
  self->withheld = FALSE;

  subject = nonempty (intake_submission_get_subject (self->submission));
  /* The report view shows nothing unredacted, even while it is worked out. */
  gtk_label_set_text (self->subject_label,
                      self->report_view ? "" : subject ? subject : _("(No subject)"));

  sender = format_sender (self->submission);
  gtk_label_set_text (self->from_label, sender);
  /* A report names nobody: no sender, no message ids. */
  gtk_widget_set_visible (GTK_WIDGET (self->from_caption), !self->report_view);
  gtk_widget_set_visible (GTK_WIDGET (self->from_label), !self->report_view);

  date = format_date_long (intake_submission_get_date (self->submission));
  gtk_label_set_text (self->date_label, date);

  set_optional_header (self->message_id_caption, self->message_id_label,
                       self->report_view ? NULL : intake_submission_get_message_id (self->submission));
  set_optional_header (self->in_reply_to_caption, self->in_reply_to_label,
                       self->report_view ? NULL : intake_submission_get_in_reply_to (self->submission));

  /* Offsets of codings count code points of the submission's own text, as
   * GtkTextIter offsets do; a placeholder is never coded. */
  text = nonempty (intake_submission_get_text (self->submission));
  self->has_text = text != NULL;
  if (self->report_view)
    set_shown_text (self, "");
  else
    set_shown_text (self, text ? text : _("This submission has no text."));

  /* Reports hold the text, not the attachments. */
  gtk_widget_set_visible (GTK_WIDGET (self->attachments_group),
                          self->attachment_rows->len > 0 && !self->report_view);

  update_coding_state (self);
  highlight_search (self);
  update_report_note (self);
  request_report (self);
}

static void
update (IntakeReader *self)
{
  GListModel *attachments;
  GtkAdjustment *vadjustment;

  clear_attachments (self);

  /* The memo and attributes of the submission, and its status from the list. */
  intake_case_bar_set_submission (self->case_bar, self->submission);
  intake_case_panel_set_submission (self->case_panel, self->submission);

  if (self->submission == NULL)
    {
      cancel_report (self);
      g_clear_pointer (&self->offset_map, g_array_unref);
      self->report_ready = FALSE;
      self->has_text = FALSE;
      g_clear_pointer (&self->codings, g_ptr_array_unref);
      set_shown_text (self, "");
      update_report_note (self);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  attachments = intake_submission_get_attachments (self->submission);
  if (attachments != NULL)
    {
      guint n = g_list_model_get_n_items (attachments);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(IntakeAttachment) attachment = g_list_model_get_item (attachments, i);
          GtkWidget *row = intake_attachment_row_new (attachment);

          adw_preferences_group_add (self->attachments_group, row);
          g_ptr_array_add (self->attachment_rows, row);
        }
    }

  show_text (self);

  /* A newly shown submission starts at its top, not where the last one was left. */
  vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_lower (vadjustment));

  gtk_stack_set_visible_child_name (self->stack, "submission");
}

/* Marking for redaction */

static void
selection_changed_cb (IntakeReader  *self,
                      GParamSpec    *pspec,
                      GtkTextBuffer *buffer)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->mark_button),
                            self->has_text && gtk_text_buffer_get_has_selection (buffer));
}

static void
mark_button_clicked_cb (IntakeReader *self,
                        GtkButton    *button)
{
  g_autoptr(GError) error = NULL;

  /* The window's action first asks who is reviewing; alone, mark it here. */
  if (gtk_widget_activate_action (GTK_WIDGET (self), "win.mark-for-redaction", NULL))
    return;
  if (!intake_reader_mark_for_redaction (self, &error))
    intake_show_error (GTK_WIDGET (self), _("Could not mark the text for redaction"), error);
}

static void
intake_reader_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  IntakeReader *self = INTAKE_READER (object);

  switch (prop_id)
    {
    case PROP_SUBMISSION:
      g_value_set_object (value, self->submission);
      break;

    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;

    case PROP_REPORT_VIEW:
      g_value_set_boolean (value, self->report_view);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_reader_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  IntakeReader *self = INTAKE_READER (object);

  switch (prop_id)
    {
    case PROP_SUBMISSION:
      intake_reader_set_submission (self, g_value_get_object (value));
      break;

    case PROP_PROJECT:
      intake_reader_set_project (self, g_value_get_object (value));
      break;

    case PROP_REPORT_VIEW:
      intake_reader_set_report_view (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* A popover still up when the window closes keeps its grab, and with it a
 * reference to itself and so to the project: it goes down with the reader. */
static void
intake_reader_unmap (GtkWidget *widget)
{
  IntakeReader *self = INTAKE_READER (widget);

  if (self->picker != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->picker));
  if (self->codings_popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->codings_popover));

  GTK_WIDGET_CLASS (intake_reader_parent_class)->unmap (widget);
}

static void
intake_reader_dispose (GObject *object)
{
  IntakeReader *self = INTAKE_READER (object);

  /* A memo typed just before closing is not lost. */
  intake_reader_save_memo (self);
  cancel_report (self);

  if (self->picker != NULL)
    gtk_widget_unparent (GTK_WIDGET (g_steal_pointer (&self->picker)));
  if (self->codings_popover != NULL)
    gtk_widget_unparent (GTK_WIDGET (g_steal_pointer (&self->codings_popover)));

  /* The stack is both a template child and the bin's child: unparent it
   * through AdwBin, or AdwBin's own dispose would unparent it a second time. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), INTAKE_TYPE_READER);
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_clear_object (&self->submission);
  g_clear_object (&self->project);
  g_clear_pointer (&self->codings, g_ptr_array_unref);
  g_clear_pointer (&self->offset_map, g_array_unref);
  drop_redactor (self);

  G_OBJECT_CLASS (intake_reader_parent_class)->dispose (object);
}

static void
intake_reader_finalize (GObject *object)
{
  IntakeReader *self = INTAKE_READER (object);

  g_clear_pointer (&self->attachment_rows, g_ptr_array_unref);
  g_clear_pointer (&self->code_tags, g_hash_table_unref);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->shown_text, g_free);

  G_OBJECT_CLASS (intake_reader_parent_class)->finalize (object);
}

static void
intake_reader_class_init (IntakeReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = intake_reader_dispose;
  object_class->finalize = intake_reader_finalize;
  object_class->get_property = intake_reader_get_property;
  object_class->set_property = intake_reader_set_property;

  widget_class->unmap = intake_reader_unmap;

  properties[PROP_SUBMISSION] =
    g_param_spec_object ("submission", NULL, NULL,
                         INTAKE_TYPE_SUBMISSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL,
                         INTAKE_TYPE_PROJECT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_REPORT_VIEW] =
    g_param_spec_boolean ("report-view", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * IntakeReader::code-chosen:
   * @code_guid: the code picked in the code picker
   *
   * The window applies it to the selection, or to the whole submission.
   */
  signals[CODE_CHOSEN] =
    g_signal_new ("code-chosen",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (INTAKE_TYPE_CASE_BAR);
  g_type_ensure (INTAKE_TYPE_CASE_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/argylepr/FeedbackIntake/ui/intake-reader.ui");
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, stack);
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, subject_label);
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, from_caption);
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, from_label);
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, date_label);
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, message_id_caption);
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, message_id_label);
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, in_reply_to_caption);
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, in_reply_to_label);
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, text_view);
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, case_bar);
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, case_panel);
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, attachments_group);
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, mark_button);
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, report_button);
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, report_note);
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, report_label);
  gtk_widget_class_bind_template_callback (widget_class, mark_button_clicked_cb);

  /* 1–9, c, j and k are the window's, and its bindings get them from the
   * text, which is not editable and so has no input method to take them
   * first. So are Ctrl+Shift+R for the report view and Ctrl+Shift+M for
   * Mark for Redaction. The text's own keys select by meaning. */
  gtk_widget_class_install_action (widget_class, "reader.select-sentence", NULL, select_unit_action);
  gtk_widget_class_install_action (widget_class, "reader.select-paragraph", NULL, select_unit_action);
  gtk_widget_class_install_action (widget_class, "reader.extend-selection", "(sb)", extend_selection_action);
}

static void
intake_reader_init (IntakeReader *self)
{
  GtkTextBuffer *buffer;
  GtkEventController *legacy;

  self->attachment_rows = g_ptr_array_new ();
  self->code_tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  buffer = gtk_text_view_get_buffer (self->text_view);
  self->search_tag = gtk_text_buffer_create_tag (buffer, "search-match",
                                                 "background", "#f8e45c",
                                                 "foreground", "#000000",
                                                 NULL);
  /* A redaction marker reads as a blacked-out span, in either style. */
  self->redacted_tag = gtk_text_buffer_create_tag (buffer, "redacted",
                                                   "background", "#3d3846",
                                                   "foreground", "#ffffff",
                                                   NULL);
  g_signal_connect_object (buffer, "notify::has-selection",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->text_view, "copy-clipboard",
                           G_CALLBACK (copy_clipboard_cb), self, G_CONNECT_SWAPPED);
  add_selection_shortcuts (self);

  /* The text's context menu offers it too. */
  {
    g_autoptr(GMenu) menu = g_menu_new ();

    g_menu_append (menu, _("_Mark for Redaction"), "win.mark-for-redaction");
    gtk_text_view_set_extra_menu (self->text_view, G_MENU_MODEL (menu));
  }

  g_object_bind_property (self, "report-view", self->report_button, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  /* Capture phase: the text view's own gestures claim the clicks. */
  legacy = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
  g_signal_connect (legacy, "event", G_CALLBACK (text_view_event_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), legacy);

  {
    GtkDragSource *drag_source = gtk_drag_source_new ();
    g_autoptr(GListModel) controllers = NULL;

    gtk_drag_source_set_actions (drag_source, GDK_ACTION_COPY);
    gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag_source), GTK_PHASE_CAPTURE);
    g_signal_connect (drag_source, "begin", G_CALLBACK (drag_source_begin_cb), self);
    g_signal_connect (drag_source, "prepare", G_CALLBACK (drag_prepare_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->text_view), GTK_EVENT_CONTROLLER (drag_source));

    /* The text view's drag gesture claims a press in the selection, which
     * would deny this one; in its group, this one is claimed with it. */
    controllers = gtk_widget_observe_controllers (GTK_WIDGET (self->text_view));
    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

        if (GTK_IS_GESTURE_DRAG (controller))
          {
            gtk_gesture_group (GTK_GESTURE (controller), GTK_GESTURE (drag_source));
            break;
          }
      }
  }

  self->picker = INTAKE_CODE_PICKER (intake_code_picker_new ());
  g_signal_connect_object (self->picker, "code-chosen",
                           G_CALLBACK (code_chosen_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_set_parent (GTK_WIDGET (self->picker), GTK_WIDGET (self->text_view));

  self->codings_popover = INTAKE_CODINGS_POPOVER (intake_codings_popover_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->codings_popover), GTK_WIDGET (self->text_view));

  /* The excerpts' codes beside the text, scrolling with it. The report
   * view's buffer holds the redacted text, where offsets are not the same. */
  {
    GtkWidget *margin = intake_coding_margin_new (self->text_view);

    gtk_text_view_set_gutter (self->text_view, GTK_TEXT_WINDOW_RIGHT, margin);
    g_object_bind_property (self, "project", margin, "project", G_BINDING_SYNC_CREATE);
    g_object_bind_property (self, "submission", margin, "submission", G_BINDING_SYNC_CREATE);
    g_object_bind_property (self, "report-view", margin, "visible",
                            G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
  }

  update (self);
}

GtkWidget *
intake_reader_new (void)
{
  return g_object_new (INTAKE_TYPE_READER, NULL);
}

IntakeSubmission *
intake_reader_get_submission (IntakeReader *self)
{
  g_return_val_if_fail (INTAKE_IS_READER (self), NULL);

  return self->submission;
}

void
intake_reader_set_submission (IntakeReader     *self,
                              IntakeSubmission *submission)
{
  g_return_if_fail (INTAKE_IS_READER (self));
  g_return_if_fail (!submission || INTAKE_IS_SUBMISSION (submission));

  if (self->submission == submission)
    return;

  intake_reader_save_memo (self);

  g_set_object (&self->submission, submission);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBMISSION]);
}

IntakeProject *
intake_reader_get_project (IntakeReader *self)
{
  g_return_val_if_fail (INTAKE_IS_READER (self), NULL);

  return self->project;
}

void
intake_reader_set_project (IntakeReader  *self,
                           IntakeProject *project)
{
  g_return_if_fail (INTAKE_IS_READER (self));
  g_return_if_fail (!project || INTAKE_IS_PROJECT (project));

  if (self->project == project)
    return;

  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_set_object (&self->project, project);
  if (project != NULL)
    {
      g_signal_connect_object (project, "codebook-changed",
                               G_CALLBACK (codebook_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (project, "submission-changed",
                               G_CALLBACK (submission_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (project, "submissions-added",
                               G_CALLBACK (submissions_added_cb), self, G_CONNECT_SWAPPED);
    }
  /* The senders' names are the project's. */
  drop_redactor (self);

  /* The panel saves a memo waiting for the old project before it changes. */
  intake_case_panel_set_project (self->case_panel, project);
  intake_case_bar_set_project (self->case_bar, project);
  intake_code_picker_set_project (self->picker, project);
  intake_codings_popover_set_project (self->codings_popover, project);
  update_coding_state (self);
  request_report (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

GtkTextView *
intake_reader_get_text_view (IntakeReader *self)
{
  g_return_val_if_fail (INTAKE_IS_READER (self), NULL);

  return self->text_view;
}

gboolean
intake_reader_get_selected_range (IntakeReader *self,
                                  int          *start,
                                  int          *end)
{
  GtkTextBuffer *buffer;
  GtkTextIter start_iter, end_iter;
  int original_start, original_end;

  g_return_val_if_fail (INTAKE_IS_READER (self), FALSE);

  if (self->submission == NULL || !self->has_text)
    return FALSE;

  buffer = gtk_text_view_get_buffer (self->text_view);
  if (!gtk_text_buffer_get_selection_bounds (buffer, &start_iter, &end_iter))
    return FALSE;

  to_original_range (self, gtk_text_iter_get_offset (&start_iter), gtk_text_iter_get_offset (&end_iter),
                     &original_start, &original_end);
  if (original_end <= original_start)
    return FALSE;

  if (start)
    *start = original_start;
  if (end)
    *end = original_end;
  return TRUE;
}

gboolean
intake_reader_code_selection (IntakeReader  *self,
                              const char    *code_guid,
                              GError       **error)
{
  int start, end;

  g_return_val_if_fail (INTAKE_IS_READER (self), FALSE);
  g_return_val_if_fail (code_guid != NULL, FALSE);

  if (self->project == NULL || !intake_reader_get_selected_range (self, &start, &end))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("No text is selected"));
      return FALSE;
    }

  return intake_project_add_coding (self->project, intake_submission_get_id (self->submission),
                                    code_guid, start, end, NULL, error);
}

void
intake_reader_set_search (IntakeReader *self,
                          const char   *query)
{
  g_return_if_fail (INTAKE_IS_READER (self));

  if (g_strcmp0 (self->search, query) == 0)
    return;

  g_free (self->search);
  self->search = g_strdup (query);
  highlight_search (self);
}

gboolean
intake_reader_get_report_view (IntakeReader *self)
{
  g_return_val_if_fail (INTAKE_IS_READER (self), FALSE);

  return self->report_view;
}

void
intake_reader_set_report_view (IntakeReader *self,
                               gboolean      report_view)
{
  g_return_if_fail (INTAKE_IS_READER (self));

  report_view = !!report_view;
  if (self->report_view == report_view)
    return;

  self->report_view = report_view;
  if (self->submission != NULL)
    show_text (self);
  else
    update_report_note (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT_VIEW]);
}

gboolean
intake_reader_get_report_ready (IntakeReader *self)
{
  g_return_val_if_fail (INTAKE_IS_READER (self), FALSE);

  return self->report_view && self->report_ready;
}

gboolean
intake_reader_mark_for_redaction (IntakeReader  *self,
                                  GError       **error)
{
  IntakeCodebook *codebook;
  int start, end;

  g_return_val_if_fail (INTAKE_IS_READER (self), FALSE);

  if (self->project == NULL || !intake_reader_get_selected_range (self, &start, &end))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Select the text to redact first"));
      return FALSE;
    }

  /* A project may have renamed the flag, not removed it; if it did, say so. */
  codebook = intake_project_get_codebook (self->project);
  if (codebook == NULL || intake_codebook_find_by_guid (codebook, INTAKE_FLAG_NEEDS_REDACTION_GUID) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("The codebook has no Needs redaction flag"));
      return FALSE;
    }

  return intake_project_add_coding (self->project, intake_submission_get_id (self->submission),
                                    INTAKE_FLAG_NEEDS_REDACTION_GUID, start, end, NULL, error);
}
