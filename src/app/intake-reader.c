#define G_LOG_DOMAIN "intake-reader"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-reader.h"

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
  AdwPreferencesGroup *attachments_group;

  /* Rows added to attachments_group, not owned */
  GPtrArray           *attachment_rows;

  /* Owned references */
  IntakeSubmission    *submission;
};

G_DEFINE_FINAL_TYPE (IntakeReader, intake_reader, ADW_TYPE_BIN)

enum { PROP_0, PROP_SUBMISSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

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
      body = g_object_new (GTK_TYPE_LABEL,
                           "label", _("No text could be extracted"),
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
      gtk_text_buffer_set_text (buffer, "", 0);
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

  text = nonempty (intake_submission_get_text (self->submission));
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

  /* A newly shown submission starts at its top, not where the last one was left. */
  vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_lower (vadjustment));

  gtk_stack_set_visible_child_name (self->stack, "submission");
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

  /* The stack is both a template child and the bin's child: unparent it
   * through AdwBin, or AdwBin's own dispose would unparent it a second time. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), INTAKE_TYPE_READER);
  g_clear_object (&self->submission);

  G_OBJECT_CLASS (intake_reader_parent_class)->dispose (object);
}

static void
intake_reader_finalize (GObject *object)
{
  IntakeReader *self = INTAKE_READER (object);

  g_clear_pointer (&self->attachment_rows, g_ptr_array_unref);

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
  gtk_widget_class_bind_template_child (widget_class, IntakeReader, attachments_group);
}

static void
intake_reader_init (IntakeReader *self)
{
  self->attachment_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
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

  if (g_set_object (&self->submission, submission))
    {
      update (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBMISSION]);
    }
}
