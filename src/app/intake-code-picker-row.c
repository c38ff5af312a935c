#define G_LOG_DOMAIN "intake-code-picker-row"

#include "config.h"

#include "intake-code-picker-row.h"
#include "intake-text.h"

struct _IntakeCodePickerRow
{
  GtkListBoxRow  parent_instance;

  /* Template widgets */
  GtkLabel      *label;

  char          *code_guid;
  char          *path;
  char          *folded_path;
};

G_DEFINE_FINAL_TYPE (IntakeCodePickerRow, intake_code_picker_row, GTK_TYPE_LIST_BOX_ROW)

enum { PROP_0, PROP_CODE_GUID, PROP_PATH, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
intake_code_picker_row_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  IntakeCodePickerRow *self = INTAKE_CODE_PICKER_ROW (object);

  switch (prop_id)
    {
    case PROP_CODE_GUID:
      g_value_set_string (value, self->code_guid);
      break;

    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_code_picker_row_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  IntakeCodePickerRow *self = INTAKE_CODE_PICKER_ROW (object);

  switch (prop_id)
    {
    case PROP_CODE_GUID:
      self->code_guid = g_value_dup_string (value);
      break;

    case PROP_PATH:
      self->path = g_value_dup_string (value);
      self->folded_path = intake_text_fold (self->path);
      gtk_label_set_label (self->label, self->path);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_code_picker_row_dispose (GObject *object)
{
  /* The label is both a template child and the row's child: unparent it
   * through the row, or the row's own dispose would do it a second time. */
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), INTAKE_TYPE_CODE_PICKER_ROW);

  G_OBJECT_CLASS (intake_code_picker_row_parent_class)->dispose (object);
}

static void
intake_code_picker_row_finalize (GObject *object)
{
  IntakeCodePickerRow *self = INTAKE_CODE_PICKER_ROW (object);

  g_clear_pointer (&self->code_guid, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->folded_path, g_free);

  G_OBJECT_CLASS (intake_code_picker_row_parent_class)->finalize (object);
}

static void
intake_code_picker_row_class_init (IntakeCodePickerRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = intake_code_picker_row_dispose;
  object_class->finalize = intake_code_picker_row_finalize;
  object_class->get_property = intake_code_picker_row_get_property;
  object_class->set_property = intake_code_picker_row_set_property;

  properties[PROP_CODE_GUID] =
    g_param_spec_string ("code-guid", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/argylepr/FeedbackIntake/ui/intake-code-picker-row.ui");
  gtk_widget_class_bind_template_child (widget_class, IntakeCodePickerRow, label);
}

static void
intake_code_picker_row_init (IntakeCodePickerRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
intake_code_picker_row_new (const char *code_guid,
                            const char *path)
{
  return g_object_new (INTAKE_TYPE_CODE_PICKER_ROW,
                       "code-guid", code_guid,
                       "path", path,
                       NULL);
}

const char *
intake_code_picker_row_get_code_guid (IntakeCodePickerRow *self)
{
  g_return_val_if_fail (INTAKE_IS_CODE_PICKER_ROW (self), NULL);

  return self->code_guid;
}

const char *
intake_code_picker_row_get_path (IntakeCodePickerRow *self)
{
  g_return_val_if_fail (INTAKE_IS_CODE_PICKER_ROW (self), NULL);

  return self->path;
}

/* Whether the code's path has @text in it, as intake_text_matches() compares. */
gboolean
intake_code_picker_row_matches (IntakeCodePickerRow *self,
                                const char          *text)
{
  g_return_val_if_fail (INTAKE_IS_CODE_PICKER_ROW (self), FALSE);

  return text == NULL || intake_text_matches (self->folded_path, text);
}
