#define G_LOG_DOMAIN "intake-attachment-row"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-attachment-row.h"

struct _IntakeAttachmentRow
{
  AdwExpanderRow    parent_instance;

  /* Template widgets */
  GtkImage         *icon;
  GtkTextView      *text_view;
  GtkLabel         *note_label;

  IntakeAttachment *attachment;
};

G_DEFINE_FINAL_TYPE (IntakeAttachmentRow, intake_attachment_row, ADW_TYPE_EXPANDER_ROW)

enum { PROP_0, PROP_ATTACHMENT, N_PROPS };
static GParamSpec *properties[N_PROPS];

static const char *
nonempty (const char *s)
{
  return (s != NULL && s[0] != '\0') ? s : NULL;
}

static void
set_attachment (IntakeAttachmentRow *self,
                IntakeAttachment    *attachment)
{
  const char *filename = nonempty (intake_attachment_get_filename (attachment));
  const char *mime_type = nonempty (intake_attachment_get_mime_type (attachment));
  const char *text = nonempty (intake_attachment_get_text (attachment));
  g_autofree char *size = g_format_size ((guint64) MAX (intake_attachment_get_size (attachment), 0));
  g_autofree char *subtitle = NULL;
  g_autoptr(GIcon) icon = NULL;

  self->attachment = g_object_ref (attachment);

  if (mime_type == NULL)
    mime_type = "application/octet-stream";

  /* Translators: an attachment's MIME type and size, e.g. "application/pdf · 12.3 kB" */
  subtitle = g_strdup_printf (_("%s · %s"), mime_type, size);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), filename ? filename : _("Unnamed attachment"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);

  icon = g_content_type_get_symbolic_icon (mime_type);
  gtk_image_set_from_gicon (self->icon, icon);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, mime_type,
                                  -1);

  if (text != NULL)
    {
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text, -1);
      gtk_widget_set_visible (GTK_WIDGET (self->text_view), TRUE);
    }
  else
    {
      const char *note = intake_attachment_get_note (attachment);

      /* Say why when the importer knows: a damaged or protected file. */
      gtk_label_set_label (self->note_label, note != NULL ? note : _("No text could be extracted"));
      gtk_widget_set_visible (GTK_WIDGET (self->note_label), TRUE);
    }
}

static void
intake_attachment_row_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  IntakeAttachmentRow *self = INTAKE_ATTACHMENT_ROW (object);

  switch (prop_id)
    {
    case PROP_ATTACHMENT:
      g_value_set_object (value, self->attachment);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_attachment_row_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  IntakeAttachmentRow *self = INTAKE_ATTACHMENT_ROW (object);

  switch (prop_id)
    {
    case PROP_ATTACHMENT:
      set_attachment (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_attachment_row_dispose (GObject *object)
{
  IntakeAttachmentRow *self = INTAKE_ATTACHMENT_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), INTAKE_TYPE_ATTACHMENT_ROW);
  g_clear_object (&self->attachment);

  G_OBJECT_CLASS (intake_attachment_row_parent_class)->dispose (object);
}

static void
intake_attachment_row_class_init (IntakeAttachmentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = intake_attachment_row_dispose;
  object_class->get_property = intake_attachment_row_get_property;
  object_class->set_property = intake_attachment_row_set_property;

  properties[PROP_ATTACHMENT] =
    g_param_spec_object ("attachment", NULL, NULL,
                         INTAKE_TYPE_ATTACHMENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/argylepr/FeedbackIntake/ui/intake-attachment-row.ui");
  gtk_widget_class_bind_template_child (widget_class, IntakeAttachmentRow, icon);
  gtk_widget_class_bind_template_child (widget_class, IntakeAttachmentRow, text_view);
  gtk_widget_class_bind_template_child (widget_class, IntakeAttachmentRow, note_label);
}

static void
intake_attachment_row_init (IntakeAttachmentRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
intake_attachment_row_new (IntakeAttachment *attachment)
{
  g_return_val_if_fail (INTAKE_IS_ATTACHMENT (attachment), NULL);

  return g_object_new (INTAKE_TYPE_ATTACHMENT_ROW,
                       "attachment", attachment,
                       NULL);
}

IntakeAttachment *
intake_attachment_row_get_attachment (IntakeAttachmentRow *self)
{
  g_return_val_if_fail (INTAKE_IS_ATTACHMENT_ROW (self), NULL);

  return self->attachment;
}
