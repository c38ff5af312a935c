#define G_LOG_DOMAIN "intake-reader"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-reader.h"
#include "intake-store.h"

struct _IntakeReader
{
  AdwBin               parent_instance;

  /* Template widgets */
  GtkStack            *stack;
  GtkScrolledWindow   *scrolled_window;
  GtkLabel            *subject_label;
  GtkLabel            *from_label;
  GtkLabel            *date_label;
  GtkLabel            *message_id_caption;
  GtkLabel            *message_id_label;
  GtkLabel            *in_reply_to_caption;
  GtkLabel            *in_reply_to_label;
  GtkTextView         *text_view;
  GtkTextView         *memo_view;
  GtkDropDown         *status_dropdown;
  GtkBox              *flags_box;
  GtkMenuButton       *flags_button;
  AdwPreferencesGroup *attributes_group;
  AdwPreferencesGroup *attachments_group;

  /* Rows added to attachments_group, not owned */
  GPtrArray           *attachment_rows;
  /* AdwEntryRow per attribute name, in attributes_group */
  GPtrArray           *attribute_rows;
  /* GtkToggleButton per flag code, in flags_box */
  GPtrArray           *flag_buttons;

  /* Popovers parented to the text view */
  GtkWidget           *picker;
  GtkSearchEntry      *picker_entry;
  GtkListBox          *picker_list;
  GtkWidget           *codings_popover;
  GtkBox              *codings_box;

  /* Owned references */
  IntakeSubmission    *submission;
  IntakeHistory       *history;
  IntakeCodebook      *codebook;
  GPtrArray           *codings;       /* IntakeCoding of the submission */
  char                *search;
  GtkTextTag          *search_tag;
  GHashTable          *code_tags;     /* tag name → GtkTextTag, ours in the table */

  guint                memo_timeout;
  gboolean             memo_dirty;
  gboolean             has_text;
  gboolean             updating;
  char                *status;
  double               press_x;
  double               press_y;
};

G_DEFINE_FINAL_TYPE (IntakeReader, intake_reader, ADW_TYPE_BIN)

enum { PROP_0, PROP_SUBMISSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { CODE_CHOSEN, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The Flags group of the default codebook, by GUID (names get translated). */
#define FLAGS_GROUP_GUID "db0b36ea-e186-40fd-a936-4618c8ee12d3"

static const char * const status_ids[] = { "new", "in-progress", "coded", "excluded" };

static const char *
nonempty (const char *s)
{
  return (s != NULL && s[0] != '\0') ? s : NULL;
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

static GtkWidget *
create_attachment_row (IntakeAttachment *attachment)
{
  const char *filename = nonempty (intake_attachment_get_filename (attachment));
  const char *mime_type = nonempty (intake_attachment_get_mime_type (attachment));
  const char *text = nonempty (intake_attachment_get_text (attachment));
  g_autofree char *size = g_format_size ((guint64) MAX (intake_attachment_get_size (attachment), 0));
  g_autofree char *subtitle = NULL;
  g_autoptr(GIcon) icon = NULL;
  GtkWidget *row;
  GtkWidget *image;
  GtkWidget *body;
  GtkWidget *wrapper;

  if (mime_type == NULL)
    mime_type = "application/octet-stream";

  /* Translators: an attachment's MIME type and size, e.g. "application/pdf · 12.3 kB" */
  subtitle = g_strdup_printf (_("%s · %s"), mime_type, size);

  row = g_object_new (ADW_TYPE_EXPANDER_ROW,
                      "title", filename ? filename : _("Unnamed attachment"),
                      "subtitle", subtitle,
                      "use-markup", FALSE,
                      NULL);

  icon = g_content_type_get_symbolic_icon (mime_type);
  image = gtk_image_new_from_gicon (icon);
  gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, mime_type,
                                  -1);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), image);

  if (text != NULL)
    {
      GtkTextBuffer *buffer;

      body = g_object_new (GTK_TYPE_TEXT_VIEW,
                           "editable", FALSE,
                           "cursor-visible", FALSE,
                           "wrap-mode", GTK_WRAP_WORD_CHAR,
                           "left-margin", 12,
                           "right-margin", 12,
                           "top-margin", 12,
                           "bottom-margin", 12,
                           NULL);
      buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (body));
      gtk_text_buffer_set_text (buffer, text, -1);
      gtk_widget_add_css_class (body, "attachment-text");
      gtk_accessible_update_property (GTK_ACCESSIBLE (body),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Text of the attachment"),
                                      -1);
    }
  else
    {
      const char *note = intake_attachment_get_note (attachment);

      /* Say why when the importer knows: a damaged or protected file. */
      body = g_object_new (GTK_TYPE_LABEL,
                           "label", note != NULL ? note : _("No text could be extracted"),
                           "wrap", TRUE,
                           "xalign", 0.0f,
                           "margin-top", 12,
                           "margin-bottom", 12,
                           "margin-start", 12,
                           "margin-end", 12,
                           NULL);
      gtk_widget_add_css_class (body, "dim-label");
    }

  /* The text is for reading and selecting, not a row to activate. */
  wrapper = g_object_new (GTK_TYPE_LIST_BOX_ROW,
                          "activatable", FALSE,
                          "selectable", FALSE,
                          "child", body,
                          NULL);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), wrapper);

  return row;
}

static void
clear_attachments (IntakeReader *self)
{
  for (guint i = 0; i < self->attachment_rows->len; i++)
    adw_preferences_group_remove (self->attachments_group,
                                  g_ptr_array_index (self->attachment_rows, i));
  g_ptr_array_set_size (self->attachment_rows, 0);
}

/* Search highlighting: case- and accent-insensitive, so that "eleves"
 * finds "élèves". Compares one folded character per code point, which
 * keeps match positions equal to buffer offsets. */

static gunichar
fold_char (gunichar c)
{
  gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  gsize n = g_unichar_fully_decompose (c, FALSE, decomposed, G_N_ELEMENTS (decomposed));

  return g_unichar_tolower (n > 0 ? decomposed[0] : c);
}

static gunichar *
fold_string (const char *text,
             glong      *n_chars)
{
  glong n = g_utf8_strlen (text, -1);
  gunichar *folded = g_new (gunichar, n + 1);
  const char *p = text;

  for (glong i = 0; i < n; i++, p = g_utf8_next_char (p))
    folded[i] = fold_char (g_utf8_get_char (p));
  folded[n] = 0;

  *n_chars = n;
  return folded;
}

static void
highlight_search (IntakeReader *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autofree gunichar *haystack = NULL;
  g_auto(GStrv) words = NULL;
  glong n_text;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->search_tag, &start, &end);

  if (!self->has_text || self->search == NULL || self->search[0] == '\0')
    return;

  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  haystack = fold_string (text, &n_text);

  /* Full-text syntax (quotes, prefix stars) is not part of the words. */
  words = g_strsplit_set (self->search, " \t\n\"*()", -1);
  for (guint w = 0; words[w] != NULL; w++)
    {
      g_autofree gunichar *needle = NULL;
      glong n_needle;

      if (words[w][0] == '\0' || g_str_equal (words[w], "AND") ||
          g_str_equal (words[w], "OR") || g_str_equal (words[w], "NOT"))
        continue;

      needle = fold_string (words[w], &n_needle);
      for (glong i = 0; i + n_needle <= n_text; i++)
        {
          if (memcmp (haystack + i, needle, n_needle * sizeof (gunichar)) != 0)
            continue;

          gtk_text_buffer_get_iter_at_offset (buffer, &start, (int) i);
          gtk_text_buffer_get_iter_at_offset (buffer, &end, (int) (i + n_needle));
          gtk_text_buffer_apply_tag (buffer, self->search_tag, &start, &end);
          i += n_needle - 1;
        }
    }
}

/* Coded excerpts */

static GtkTextTag *
get_code_tag (IntakeReader *self,
              const char   *code_guid,
              const char   *color,
              gboolean      underline)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  g_autofree char *name = g_strdup_printf ("%s-%s", underline ? "code-ul" : "code-bg", code_guid);
  GtkTextTag *tag;
  GdkRGBA rgba;

  if ((tag = gtk_text_tag_table_lookup (table, name)))
    return tag;

  if (color == NULL || !gdk_rgba_parse (&rgba, color))
    gdk_rgba_parse (&rgba, "#888888");

  if (underline)
    {
      /* A second code over the same words shows as an underline in its colour. */
      tag = gtk_text_buffer_create_tag (buffer, name,
                                        "underline", PANGO_UNDERLINE_DOUBLE,
                                        "underline-rgba", &rgba,
                                        NULL);
    }
  else
    {
      rgba.alpha = 0.28;
      tag = gtk_text_buffer_create_tag (buffer, name, "background-rgba", &rgba, NULL);
    }

  /* The search highlight stays on top of every code. */
  gtk_text_tag_set_priority (self->search_tag, gtk_text_tag_table_get_size (table) - 1);
  g_hash_table_insert (self->code_tags, g_strdup (name), tag);

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

  remove_code_tags (self);

  if (!self->has_text || self->codings == NULL)
    return;

  for (guint i = 0; i < self->codings->len; i++)
    {
      IntakeCoding *coding = g_ptr_array_index (self->codings, i);
      gboolean overlaps = FALSE;
      GtkTextIter start, end;

      if (coding->start < 0 || coding->end <= coding->start || coding->end > length)
        continue;

      for (guint j = 0; j < i && !overlaps; j++)
        {
          IntakeCoding *other = g_ptr_array_index (self->codings, j);

          overlaps = other->start >= 0 && other->start < coding->end && coding->start < other->end;
        }

      gtk_text_buffer_get_iter_at_offset (buffer, &start, coding->start);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, coding->end);
      gtk_text_buffer_apply_tag (buffer,
                                 get_code_tag (self, coding->code_guid, coding->color, overlaps),
                                 &start, &end);
    }
}

static void
load_codings (IntakeReader *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->codings, g_ptr_array_unref);

  if (self->submission == NULL || self->history == NULL)
    return;

  self->codings = intake_store_list_codings (intake_history_get_store (self->history),
                                             intake_submission_get_id (self->submission),
                                             &error);
  if (self->codings == NULL)
    g_warning ("Could not list the codings: %s", error->message);
}

static IntakeCoding *
find_whole_coding (IntakeReader *self,
                   const char   *code_guid)
{
  const char *reviewer = self->history ? intake_history_get_reviewer (self->history) : NULL;

  for (guint i = 0; self->codings != NULL && i < self->codings->len; i++)
    {
      IntakeCoding *coding = g_ptr_array_index (self->codings, i);

      if (coding->start < 0 &&
          g_strcmp0 (coding->code_guid, code_guid) == 0 &&
          g_strcmp0 (coding->reviewer, reviewer) == 0)
        return coding;
    }

  return NULL;
}

/* Flags: toggle buttons for the whole-submission codes of the Flags group. */

static void
flag_toggled_cb (GtkToggleButton *button,
                 IntakeReader    *self)
{
  const char *code_guid = g_object_get_data (G_OBJECT (button), "intake-code-guid");
  IntakeCoding *existing;
  g_autoptr(GError) error = NULL;
  gboolean active = gtk_toggle_button_get_active (button);

  if (self->updating || self->submission == NULL || self->history == NULL)
    return;

  existing = find_whole_coding (self, code_guid);
  if (active == (existing != NULL))
    return;

  if (existing != NULL)
    {
      g_autofree char *guid = g_strdup (existing->guid);

      intake_history_remove_coding (self->history, guid, &error);
    }
  else
    {
      g_autoptr(IntakeCoding) coding = NULL;

      coding = intake_history_add_coding (self->history, intake_submission_get_id (self->submission),
                                          code_guid, -1, -1, &error);
    }

  if (error != NULL)
    g_warning ("Could not change the flag: %s", error->message);
}

static void
rebuild_flags (IntakeReader *self)
{
  for (guint i = 0; i < self->flag_buttons->len; i++)
    gtk_box_remove (self->flags_box, g_ptr_array_index (self->flag_buttons, i));
  g_ptr_array_set_size (self->flag_buttons, 0);

  if (self->codebook == NULL)
    return;

  for (guint i = 0; i < intake_codebook_get_n_codes (self->codebook); i++)
    {
      IntakeCode *code = intake_codebook_get_code (self->codebook, i);
      GtkWidget *button;
      g_autofree char *tooltip = NULL;

      if (!intake_code_get_is_codable (code) ||
          g_strcmp0 (intake_code_get_parent_guid (code), FLAGS_GROUP_GUID) != 0)
        continue;

      button = gtk_toggle_button_new ();
      gtk_button_set_child (GTK_BUTTON (button),
                            g_object_new (GTK_TYPE_LABEL,
                                          "label", intake_code_get_name (code),
                                          "xalign", 0.0f,
                                          NULL));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, intake_code_get_name (code), -1);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "flag-button");
      /* Translators: a flag button's tooltip; %s is the flag, e.g. "Quotable" */
      tooltip = g_strdup_printf (_("Flag the whole submission as “%s”"), intake_code_get_name (code));
      gtk_widget_set_tooltip_text (button, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip, -1);
      g_object_set_data_full (G_OBJECT (button), "intake-code-guid",
                              g_strdup (intake_code_get_guid (code)), g_free);
      g_signal_connect (button, "toggled", G_CALLBACK (flag_toggled_cb), self);
      gtk_box_append (self->flags_box, button);
      g_ptr_array_add (self->flag_buttons, button);
    }
}

static void
update_flags (IntakeReader *self)
{
  guint n_active = 0;

  self->updating = TRUE;
  for (guint i = 0; i < self->flag_buttons->len; i++)
    {
      GtkToggleButton *button = g_ptr_array_index (self->flag_buttons, i);
      const char *code_guid = g_object_get_data (G_OBJECT (button), "intake-code-guid");
      gboolean active = find_whole_coding (self, code_guid) != NULL;

      gtk_toggle_button_set_active (button, active);
      gtk_widget_set_sensitive (GTK_WIDGET (button), self->history != NULL);
      n_active += active;
    }
  self->updating = FALSE;

  /* Raised flags show on the button without opening it. */
  if (n_active == 0)
    gtk_menu_button_set_label (self->flags_button, _("Flags"));
  else
    {
      /* Translators: the flags button when some are raised, e.g. "Flags · 2" */
      g_autofree char *label = g_strdup_printf (_("Flags · %u"), n_active);
      gtk_menu_button_set_label (self->flags_button, label);
    }
}

/* Status */

static void
update_status (IntakeReader *self)
{
  const char *status = self->status;
  guint position = 0;

  for (guint i = 0; i < G_N_ELEMENTS (status_ids); i++)
    if (g_strcmp0 (status, status_ids[i]) == 0)
      position = i;

  self->updating = TRUE;
  gtk_drop_down_set_selected (self->status_dropdown, position);
  gtk_widget_set_sensitive (GTK_WIDGET (self->status_dropdown), self->history != NULL);
  self->updating = FALSE;
}

static void
status_selected_cb (IntakeReader *self,
                    GParamSpec   *pspec,
                    GtkDropDown  *dropdown)
{
  guint position = gtk_drop_down_get_selected (dropdown);
  g_autoptr(GError) error = NULL;
  IntakeStatus status;

  if (self->updating || self->submission == NULL || self->history == NULL ||
      position >= G_N_ELEMENTS (status_ids) || !intake_status_from_string (status_ids[position], &status))
    return;

  if (g_strcmp0 (self->status, status_ids[position]) == 0)
    return;

  if (!intake_history_set_status (self->history, intake_submission_get_id (self->submission),
                                  status, &error))
    g_warning ("Could not set the status: %s", error->message);
}

/* Case attributes */

static void
attribute_apply_cb (AdwEntryRow  *row,
                    IntakeReader *self)
{
  const char *name = g_object_get_data (G_OBJECT (row), "intake-attribute");
  g_autofree char *value = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autoptr(GError) error = NULL;

  if (self->updating || self->submission == NULL || self->history == NULL)
    return;

  if (!intake_history_set_attribute (self->history, intake_submission_get_id (self->submission),
                                     name, value, &error))
    g_warning ("Could not set the attribute: %s", error->message);
}

static void
attribute_value_activated_cb (GtkListBox    *list_box,
                              GtkListBoxRow *list_row,
                              AdwEntryRow   *row)
{
  const char *value = g_object_get_data (G_OBJECT (list_row), "intake-value");
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (list_box), GTK_TYPE_POPOVER);
  IntakeReader *self = INTAKE_READER (gtk_widget_get_ancestor (GTK_WIDGET (row), INTAKE_TYPE_READER));

  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));

  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (row), value);
  self->updating = FALSE;
  attribute_apply_cb (row, self);
}

/* The core keys attributes by their English names; these are for people. */
static const char *
attribute_title (const char *name)
{
  if (g_strcmp0 (name, INTAKE_ATTRIBUTE_RESPONDENT_GROUP) == 0)
    return _("Respondent group");
  if (g_strcmp0 (name, INTAKE_ATTRIBUTE_SCHOOL_BOARD) == 0)
    return _("School board");
  if (g_strcmp0 (name, INTAKE_ATTRIBUTE_LANGUAGE) == 0)
    return _("Language");
  if (g_strcmp0 (name, INTAKE_ATTRIBUTE_IDENTITY) == 0)
    return _("Self-identified identity");
  return name;
}

static void
build_attribute_rows (IntakeReader *self)
{
  const char * const *names = intake_attribute_names ();

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      const char * const *values = intake_attribute_default_values (names[i]);
      GtkWidget *row, *button, *popover, *list_box, *scrolled;
      g_autofree char *button_label = NULL;

      row = g_object_new (ADW_TYPE_ENTRY_ROW,
                          "title", attribute_title (names[i]),
                          "show-apply-button", TRUE,
                          NULL);
      g_object_set_data_full (G_OBJECT (row), "intake-attribute", g_strdup (names[i]), g_free);
      g_signal_connect (row, "apply", G_CALLBACK (attribute_apply_cb), self);
      g_signal_connect (row, "entry-activated", G_CALLBACK (attribute_apply_cb), self);

      if (values != NULL && values[0] != NULL)
        {
          list_box = gtk_list_box_new ();
          gtk_list_box_set_selection_mode (GTK_LIST_BOX (list_box), GTK_SELECTION_NONE);
          gtk_widget_add_css_class (list_box, "navigation-sidebar");
          for (guint v = 0; values[v] != NULL; v++)
            {
              GtkWidget *label = g_object_new (GTK_TYPE_LABEL, "label", values[v], "xalign", 0.0f, NULL);
              GtkWidget *list_row = gtk_list_box_row_new ();

              gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (list_row), label);
              g_object_set_data_full (G_OBJECT (list_row), "intake-value", g_strdup (values[v]), g_free);
              gtk_list_box_append (GTK_LIST_BOX (list_box), list_row);
            }
          g_signal_connect (list_box, "row-activated", G_CALLBACK (attribute_value_activated_cb), row);

          scrolled = g_object_new (GTK_TYPE_SCROLLED_WINDOW,
                                   "hscrollbar-policy", GTK_POLICY_NEVER,
                                   "propagate-natural-height", TRUE,
                                   "propagate-natural-width", TRUE,
                                   "max-content-height", 320,
                                   "child", list_box,
                                   NULL);
          popover = gtk_popover_new ();
          gtk_popover_set_child (GTK_POPOVER (popover), scrolled);

          /* Translators: the button beside a case attribute; %s is its name */
          button_label = g_strdup_printf (_("Choose a value for “%s”"), attribute_title (names[i]));
          button = g_object_new (GTK_TYPE_MENU_BUTTON,
                                 "icon-name", "pan-down-symbolic",
                                 "valign", GTK_ALIGN_CENTER,
                                 "popover", popover,
                                 "tooltip-text", button_label,
                                 NULL);
          gtk_widget_add_css_class (button, "flat");
          gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, button_label, -1);
          adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), button);
        }

      adw_preferences_group_add (self->attributes_group, row);
      g_ptr_array_add (self->attribute_rows, row);
    }
}

static void
update_attributes (IntakeReader *self)
{
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GError) error = NULL;
  GtkRoot *root;
  GtkWidget *focus;

  if (self->submission != NULL && self->history != NULL)
    {
      values = intake_store_get_attributes (intake_history_get_store (self->history),
                                            intake_submission_get_id (self->submission), &error);
      if (values == NULL)
        g_warning ("Could not read the attributes: %s", error->message);
    }

  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root ? gtk_root_get_focus (root) : NULL;

  self->updating = TRUE;
  for (guint i = 0; i < self->attribute_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->attribute_rows, i);
      const char *name = g_object_get_data (G_OBJECT (row), "intake-attribute");
      const char *value = values ? g_hash_table_lookup (values, name) : NULL;

      /* Keep what the reviewer is typing in the row that has the focus. */
      if (focus != NULL && gtk_widget_is_ancestor (focus, row))
        continue;
      gtk_editable_set_text (GTK_EDITABLE (row), value ? value : "");
      gtk_widget_set_sensitive (row, self->history != NULL);
    }
  self->updating = FALSE;
}

/* Memo */

void
intake_reader_save_memo (IntakeReader *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (INTAKE_IS_READER (self));

  g_clear_handle_id (&self->memo_timeout, g_source_remove);

  if (!self->memo_dirty || self->submission == NULL || self->history == NULL)
    return;

  self->memo_dirty = FALSE;
  buffer = gtk_text_view_get_buffer (self->memo_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  if (!intake_store_set_memo (intake_history_get_store (self->history),
                              intake_submission_get_id (self->submission),
                              text, intake_history_get_reviewer (self->history), &error))
    g_warning ("Could not save the memo: %s", error->message);
}

static gboolean
memo_timeout_cb (gpointer user_data)
{
  IntakeReader *self = user_data;

  self->memo_timeout = 0;
  intake_reader_save_memo (self);
  return G_SOURCE_REMOVE;
}

static void
memo_changed_cb (IntakeReader  *self,
                 GtkTextBuffer *buffer)
{
  if (self->updating)
    return;

  /* Saved after a pause in typing: every change reaches the project, but
   * not one write per key. */
  self->memo_dirty = TRUE;
  g_clear_handle_id (&self->memo_timeout, g_source_remove);
  self->memo_timeout = g_timeout_add (500, memo_timeout_cb, self);
}

static void
load_memo (IntakeReader *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->memo_view);
  g_autofree char *memo = NULL;
  g_autoptr(GError) error = NULL;

  if (self->submission != NULL && self->history != NULL)
    {
      memo = intake_store_get_memo (intake_history_get_store (self->history),
                                    intake_submission_get_id (self->submission), &error);
      if (error != NULL)
        g_warning ("Could not read the memo: %s", error->message);
    }

  self->updating = TRUE;
  gtk_text_buffer_set_text (buffer, memo ? memo : "", -1);
  self->updating = FALSE;
  self->memo_dirty = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->memo_view), self->history != NULL);
}

/* Popovers at a place in the text */

static void
point_at_range (IntakeReader *self,
                GtkPopover   *popover,
                int           start_offset,
                int           end_offset)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;
  GdkRectangle start_rect, end_rect, rect;

  gtk_text_buffer_get_iter_at_offset (buffer, &start, start_offset);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, end_offset);
  gtk_text_view_get_iter_location (self->text_view, &start, &start_rect);
  gtk_text_view_get_iter_location (self->text_view, &end, &end_rect);

  /* Under the last line of the range, starting where the range starts. */
  rect.x = start_rect.y == end_rect.y ? start_rect.x : 0;
  rect.width = start_rect.y == end_rect.y ? MAX (end_rect.x - start_rect.x, 1) : 1;
  rect.y = end_rect.y;
  rect.height = end_rect.height;
  gtk_text_view_buffer_to_window_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET,
                                         rect.x, rect.y, &rect.x, &rect.y);
  gtk_popover_set_pointing_to (popover, &rect);
}

/* The code picker */

static void
picker_row_activated_cb (IntakeReader  *self,
                         GtkListBoxRow *row,
                         GtkListBox    *list_box)
{
  const char *guid = g_object_get_data (G_OBJECT (row), "intake-code-guid");

  gtk_popover_popdown (GTK_POPOVER (self->picker));
  if (guid != NULL)
    g_signal_emit (self, signals[CODE_CHOSEN], 0, guid);
}

static gboolean
picker_filter_func (GtkListBoxRow *row,
                    gpointer       user_data)
{
  IntakeReader *self = user_data;
  const char *folded = g_object_get_data (G_OBJECT (row), "intake-folded");
  g_autofree gunichar *needle = NULL;
  g_autofree char *needle_utf8 = NULL;
  glong n;

  needle = fold_string (gtk_editable_get_text (GTK_EDITABLE (self->picker_entry)), &n);
  needle_utf8 = g_ucs4_to_utf8 (needle, n, NULL, NULL, NULL);

  return needle_utf8 == NULL || needle_utf8[0] == '\0' || strstr (folded, needle_utf8) != NULL;
}

static GtkListBoxRow *
picker_first_visible (IntakeReader *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->picker_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && gtk_widget_get_child_visible (child) &&
        picker_filter_func (GTK_LIST_BOX_ROW (child), self))
      return GTK_LIST_BOX_ROW (child);

  return NULL;
}

static void
picker_search_changed_cb (IntakeReader   *self,
                          GtkSearchEntry *entry)
{
  gtk_list_box_invalidate_filter (self->picker_list);
}

static void
picker_search_activate_cb (IntakeReader   *self,
                           GtkSearchEntry *entry)
{
  GtkListBoxRow *row = picker_first_visible (self);

  if (row != NULL)
    picker_row_activated_cb (self, row, self->picker_list);
  else
    gtk_widget_error_bell (GTK_WIDGET (entry));
}

static void
picker_stop_search_cb (IntakeReader   *self,
                       GtkSearchEntry *entry)
{
  gtk_popover_popdown (GTK_POPOVER (self->picker));
}

static char *
fold_utf8 (const char *text)
{
  g_autofree gunichar *folded = NULL;
  glong n;

  folded = fold_string (text, &n);
  return g_ucs4_to_utf8 (folded, n, NULL, NULL, NULL);
}

static void
rebuild_picker (IntakeReader *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->picker_list))))
    gtk_list_box_remove (self->picker_list, child);

  if (self->codebook == NULL)
    return;

  for (guint i = 0; i < intake_codebook_get_n_codes (self->codebook); i++)
    {
      IntakeCode *code = intake_codebook_get_code (self->codebook, i);
      g_autofree char *path = NULL;
      GtkWidget *row, *label;

      if (!intake_code_get_is_codable (code))
        continue;

      path = intake_code_dup_path (code, self->codebook);
      label = g_object_new (GTK_TYPE_LABEL,
                            "label", path,
                            "xalign", 0.0f,
                            "ellipsize", PANGO_ELLIPSIZE_MIDDLE,
                            "max-width-chars", 48,
                            NULL);
      row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      gtk_widget_set_tooltip_text (row, path);
      g_object_set_data_full (G_OBJECT (row), "intake-code-guid",
                              g_strdup (intake_code_get_guid (code)), g_free);
      g_object_set_data_full (G_OBJECT (row), "intake-folded", fold_utf8 (path), g_free);
      gtk_list_box_append (self->picker_list, row);
    }
}

static void
create_picker (IntakeReader *self)
{
  GtkWidget *box, *scrolled;

  self->picker = gtk_popover_new ();
  gtk_widget_add_css_class (self->picker, "code-picker");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  self->picker_entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->picker_entry, "placeholder-text", _("Type to Find a Code"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->picker_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Find a code"), -1);
  g_signal_connect_object (self->picker_entry, "search-changed",
                           G_CALLBACK (picker_search_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->picker_entry, "activate",
                           G_CALLBACK (picker_search_activate_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->picker_entry, "stop-search",
                           G_CALLBACK (picker_stop_search_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->picker_entry));

  self->picker_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->picker_list, GTK_SELECTION_NONE);
  gtk_list_box_set_filter_func (self->picker_list, picker_filter_func, self, NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->picker_list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->picker_list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Codes"), -1);
  g_signal_connect_object (self->picker_list, "row-activated",
                           G_CALLBACK (picker_row_activated_cb), self, G_CONNECT_SWAPPED);
  gtk_search_entry_set_key_capture_widget (self->picker_entry, GTK_WIDGET (self->picker_list));

  scrolled = g_object_new (GTK_TYPE_SCROLLED_WINDOW,
                           "hscrollbar-policy", GTK_POLICY_NEVER,
                           "propagate-natural-height", TRUE,
                           "propagate-natural-width", TRUE,
                           "max-content-height", 320,
                           "child", self->picker_list,
                           NULL);
  gtk_box_append (GTK_BOX (box), scrolled);

  gtk_popover_set_child (GTK_POPOVER (self->picker), box);
  gtk_popover_set_position (GTK_POPOVER (self->picker), GTK_POS_BOTTOM);
  gtk_widget_set_parent (self->picker, GTK_WIDGET (self->text_view));
}

void
intake_reader_pick_code (IntakeReader *self)
{
  int start, end;

  g_return_if_fail (INTAKE_IS_READER (self));

  if (self->submission == NULL || self->codebook == NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  if (intake_reader_get_selected_range (self, &start, &end))
    point_at_range (self, GTK_POPOVER (self->picker), start, end);
  else
    {
      /* No selection: the code goes to the whole submission; point at the top. */
      GdkRectangle rect = { 24, 0, 1, 1 };
      gtk_popover_set_pointing_to (GTK_POPOVER (self->picker), &rect);
    }

  gtk_editable_set_text (GTK_EDITABLE (self->picker_entry), "");
  gtk_popover_popup (GTK_POPOVER (self->picker));
  gtk_widget_grab_focus (GTK_WIDGET (self->picker_entry));
}

/* Clicking a coded excerpt lists its codes */

static void
remove_coding_clicked_cb (GtkButton    *button,
                          IntakeReader *self)
{
  const char *guid = g_object_get_data (G_OBJECT (button), "intake-coding-guid");
  g_autofree char *coding_guid = g_strdup (guid);
  g_autoptr(GError) error = NULL;

  gtk_popover_popdown (GTK_POPOVER (self->codings_popover));

  if (self->history == NULL)
    return;

  if (!intake_history_remove_coding (self->history, coding_guid, &error))
    g_warning ("Could not remove the coding: %s", error->message);
}

static gboolean
show_codings_at (IntakeReader *self,
                 int           offset)
{
  const char *reviewer = self->history ? intake_history_get_reviewer (self->history) : NULL;
  GtkWidget *child;
  int first_start = G_MAXINT, last_end = -1;
  guint n = 0;

  if (self->codings == NULL)
    return FALSE;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->codings_box))))
    gtk_box_remove (self->codings_box, child);

  for (guint i = 0; i < self->codings->len; i++)
    {
      IntakeCoding *coding = g_ptr_array_index (self->codings, i);
      GtkWidget *row, *label, *button;
      g_autofree char *button_label = NULL;

      if (coding->start < 0 || offset < coding->start || offset >= coding->end)
        continue;

      row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      label = g_object_new (GTK_TYPE_LABEL,
                            "label", coding->code_path,
                            "xalign", 0.0f,
                            "hexpand", TRUE,
                            "wrap", TRUE,
                            "max-width-chars", 40,
                            NULL);
      gtk_box_append (GTK_BOX (row), label);

      if (g_strcmp0 (coding->reviewer, reviewer) != 0)
        {
          GtkWidget *who = gtk_label_new (coding->reviewer);

          gtk_widget_add_css_class (who, "dim-label");
          gtk_widget_add_css_class (who, "caption");
          gtk_box_append (GTK_BOX (row), who);
        }

      button = gtk_button_new_from_icon_name ("user-trash-symbolic");
      gtk_widget_add_css_class (button, "flat");
      /* Translators: removes a coded excerpt; %s is the code's path */
      button_label = g_strdup_printf (_("Remove “%s”"), coding->code_path);
      gtk_widget_set_tooltip_text (button, button_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, button_label, -1);
      g_object_set_data_full (G_OBJECT (button), "intake-coding-guid", g_strdup (coding->guid), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (remove_coding_clicked_cb), self);
      gtk_box_append (GTK_BOX (row), button);

      gtk_box_append (self->codings_box, row);
      first_start = MIN (first_start, coding->start);
      last_end = MAX (last_end, coding->end);
      n++;
    }

  if (n == 0)
    return FALSE;

  point_at_range (self, GTK_POPOVER (self->codings_popover), offset, offset + 1);
  gtk_popover_popup (GTK_POPOVER (self->codings_popover));
  return TRUE;
}

static void
create_codings_popover (IntakeReader *self)
{
  GtkWidget *box, *heading;

  self->codings_popover = gtk_popover_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  heading = gtk_label_new (_("Codes Here"));
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (box), heading);
  self->codings_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 3));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->codings_box));
  gtk_popover_set_child (GTK_POPOVER (self->codings_popover), box);
  gtk_popover_set_position (GTK_POPOVER (self->codings_popover), GTK_POS_BOTTOM);
  gtk_widget_set_parent (self->codings_popover, GTK_WIDGET (self->text_view));
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

/* Showing a submission */

static void
update_coding_state (IntakeReader *self)
{
  load_codings (self);
  apply_code_tags (self);
  update_flags (self);
  update_status (self);
  update_attributes (self);
}

static void
update (IntakeReader *self)
{
  g_autofree char *sender = NULL;
  g_autofree char *date = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GListModel *attachments;
  const char *subject;
  const char *text;
  GtkAdjustment *vadjustment;

  clear_attachments (self);

  if (self->submission == NULL)
    {
      self->has_text = FALSE;
      g_clear_pointer (&self->codings, g_ptr_array_unref);
      gtk_text_buffer_set_text (buffer, "", 0);
      load_memo (self);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  subject = nonempty (intake_submission_get_subject (self->submission));
  gtk_label_set_text (self->subject_label, subject ? subject : _("(No subject)"));

  sender = format_sender (self->submission);
  gtk_label_set_text (self->from_label, sender);

  date = format_date_long (intake_submission_get_date (self->submission));
  gtk_label_set_text (self->date_label, date);

  set_optional_header (self->message_id_caption, self->message_id_label,
                       intake_submission_get_message_id (self->submission));
  set_optional_header (self->in_reply_to_caption, self->in_reply_to_label,
                       intake_submission_get_in_reply_to (self->submission));

  /* Offsets of codings count code points of the submission's own text, as
   * GtkTextIter offsets do; a placeholder is never coded. */
  text = nonempty (intake_submission_get_text (self->submission));
  self->has_text = text != NULL;
  gtk_text_buffer_set_text (buffer, text ? text : _("This submission has no text."), -1);

  attachments = intake_submission_get_attachments (self->submission);
  if (attachments != NULL)
    {
      guint n = g_list_model_get_n_items (attachments);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(IntakeAttachment) attachment = g_list_model_get_item (attachments, i);
          GtkWidget *row = create_attachment_row (attachment);

          adw_preferences_group_add (self->attachments_group, row);
          g_ptr_array_add (self->attachment_rows, row);
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->attachments_group), self->attachment_rows->len > 0);

  update_coding_state (self);
  highlight_search (self);
  load_memo (self);

  /* A newly shown submission starts at its top, not where the last one was left. */
  vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_lower (vadjustment));

  gtk_stack_set_visible_child_name (self->stack, "submission");
}

void
intake_reader_refresh (IntakeReader *self)
{
  gint64 id;
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (INTAKE_IS_READER (self));

  if (self->submission == NULL || self->history == NULL)
    return;

  /* The status may have changed (undo, Ctrl+Return); read it again, but
   * keep the text buffer, and so the reviewer's selection and scroll. */
  id = intake_submission_get_id (self->submission);
  summaries = intake_store_get_summaries (intake_history_get_store (self->history), &id, 1, &error);
  if (summaries != NULL && summaries->len == 1)
    {
      g_free (self->status);
      self->status = g_strdup (intake_status_to_string (intake_submission_get_status (g_ptr_array_index (summaries, 0))));
    }
  else if (summaries == NULL)
    g_warning ("Could not read the submission: %s", error->message);

  update_coding_state (self);
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

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_reader_dispose (GObject *object)
{
  IntakeReader *self = INTAKE_READER (object);

  /* A memo typed just before closing is not lost. */
  intake_reader_save_memo (self);

  g_clear_pointer (&self->picker, gtk_widget_unparent);
  g_clear_pointer (&self->codings_popover, gtk_widget_unparent);

  /* The stack is both a template child and the bin's child: unparent it
   * through AdwBin, or AdwBin's own dispose would unparent it a second time. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), INTAKE_TYPE_READER);
  g_clear_object (&self->submission);
  g_clear_object (&self->history);
  g_clear_object (&self->codebook);
  g_clear_pointer (&self->codings, g_ptr_array_unref);

  G_OBJECT_CLASS (intake_reader_parent_class)->dispose (object);
}

static void
intake_reader_finalize (GObject *object)
{
  IntakeReader *self = INTAKE_READER (object);

  g_clear_pointer (&self->attachment_rows, g_ptr_array_unref);
  g_clear_pointer (&self->attribute_rows, g_ptr_array_unref);
  g_clear_pointer (&self->flag_buttons, g_ptr_array_unref);
  g_clear_pointer (&self->code_tags, g_hash_table_unref);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->status, g_free);

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

  properties[PROP_SUBMISSION] =
    g_param_spec_object ("submission", NULL, NULL,
                         INTAKE_TYPE_SUBMISSION,
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

  gtk_widget_class_set_template_from_resource (widget_class, "/com/argylepr/FeedbackIntake/ui/intake-reader.ui");
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, stack);
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, subject_label);
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, from_label);
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, date_label);
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, message_id_caption);
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, message_id_label);
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, in_reply_to_caption);
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, in_reply_to_label);
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, text_view);
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, memo_view);
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, flags_box);
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, flags_button);
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, attributes_group);
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, attachments_group);
}

static void
intake_reader_init (IntakeReader *self)
{
  GtkTextBuffer *buffer;
  GtkEventController *legacy;

  self->attachment_rows = g_ptr_array_new ();
  self->attribute_rows = g_ptr_array_new ();
  self->flag_buttons = g_ptr_array_new ();
  self->code_tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  buffer = gtk_text_view_get_buffer (self->text_view);
  self->search_tag = gtk_text_buffer_create_tag (buffer, "search-match",
                                                 "background", "#f8e45c",
                                                 "foreground", "#000000",
                                                 NULL);

  /* Capture phase: the text view's own gestures claim the clicks. */
  legacy = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
  g_signal_connect (legacy, "event", G_CALLBACK (text_view_event_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), legacy);

  g_signal_connect_object (gtk_text_view_get_buffer (self->memo_view), "changed",
                           G_CALLBACK (memo_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->status_dropdown, "notify::selected",
                           G_CALLBACK (status_selected_cb), self, G_CONNECT_SWAPPED);

  create_picker (self);
  create_codings_popover (self);
  build_attribute_rows (self);

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
  g_free (self->status);
  self->status = submission ? g_strdup (intake_status_to_string (intake_submission_get_status (submission))) : NULL;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBMISSION]);
}

void
intake_reader_set_history (IntakeReader  *self,
                           IntakeHistory *history)
{
  g_return_if_fail (INTAKE_IS_READER (self));
  g_return_if_fail (!history || INTAKE_IS_HISTORY (history));

  intake_reader_save_memo (self);
  if (g_set_object (&self->history, history))
    {
      update_coding_state (self);
      load_memo (self);
    }
}

void
intake_reader_set_codebook (IntakeReader   *self,
                            IntakeCodebook *codebook)
{
  g_return_if_fail (INTAKE_IS_READER (self));

  g_set_object (&self->codebook, codebook);
  rebuild_picker (self);
  rebuild_flags (self);
  update_flags (self);
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

  g_return_val_if_fail (INTAKE_IS_READER (self), FALSE);

  if (self->submission == NULL || !self->has_text)
    return FALSE;

  buffer = gtk_text_view_get_buffer (self->text_view);
  if (!gtk_text_buffer_get_selection_bounds (buffer, &start_iter, &end_iter))
    return FALSE;

  if (start)
    *start = gtk_text_iter_get_offset (&start_iter);
  if (end)
    *end = gtk_text_iter_get_offset (&end_iter);
  return TRUE;
}

gboolean
intake_reader_code_selection (IntakeReader  *self,
                              const char    *code_guid,
                              GError       **error)
{
  g_autoptr(IntakeCoding) coding = NULL;
  int start, end;

  g_return_val_if_fail (INTAKE_IS_READER (self), FALSE);
  g_return_val_if_fail (code_guid != NULL, FALSE);

  if (self->history == NULL || !intake_reader_get_selected_range (self, &start, &end))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("No text is selected"));
      return FALSE;
    }

  coding = intake_history_add_coding (self->history, intake_submission_get_id (self->submission),
                                      code_guid, start, end, error);
  return coding != NULL;
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
