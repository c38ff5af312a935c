#define G_LOG_DOMAIN "intake-flag-button"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-flag-button.h"

struct _IntakeFlagButton
{
  GtkToggleButton  parent_instance;

  /* Template widgets */
  GtkLabel        *label;

  char            *code_guid;
  char            *code_name;
};

G_DEFINE_FINAL_TYPE (IntakeFlagButton, intake_flag_button, GTK_TYPE_TOGGLE_BUTTON)

enum { PROP_0, PROP_CODE_GUID, PROP_CODE_NAME, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
intake_flag_button_constructed (GObject *object)
{
  IntakeFlagButton *self = INTAKE_FLAG_BUTTON (object);
  g_autofree char *tooltip = NULL;

  G_OBJECT_CLASS (intake_flag_button_parent_class)->constructed (object);

  gtk_label_set_label (self->label, self->code_name);
  /* Translators: a flag button's tooltip; %s is the flag, e.g. "Quotable" */
  tooltip = g_strdup_printf (_("Flag the whole submission as “%s”"), self->code_name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->code_name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip,
                                  -1);
}

static void
intake_flag_button_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  IntakeFlagButton *self = INTAKE_FLAG_BUTTON (object);

  switch (prop_id)
    {
    case PROP_CODE_GUID:
      g_value_set_string (value, self->code_guid);
      break;

    case PROP_CODE_NAME:
      g_value_set_string (value, self->code_name);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_flag_button_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  IntakeFlagButton *self = INTAKE_FLAG_BUTTON (object);

  switch (prop_id)
    {
    case PROP_CODE_GUID:
      self->code_guid = g_value_dup_string (value);
      break;

    case PROP_CODE_NAME:
      self->code_name = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_flag_button_dispose (GObject *object)
{
  /* The box is the button's child and holds template children: unparent
   * it through the button, or the button's own dispose would do it again. */
  gtk_button_set_child (GTK_BUTTON (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), INTAKE_TYPE_FLAG_BUTTON);

  G_OBJECT_CLASS (intake_flag_button_parent_class)->dispose (object);
}

static void
intake_flag_button_finalize (GObject *object)
{
  IntakeFlagButton *self = INTAKE_FLAG_BUTTON (object);

  g_clear_pointer (&self->code_guid, g_free);
  g_clear_pointer (&self->code_name, g_free);

  G_OBJECT_CLASS (intake_flag_button_parent_class)->finalize (object);
}

static void
intake_flag_button_class_init (IntakeFlagButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = intake_flag_button_constructed;
  object_class->dispose = intake_flag_button_dispose;
  object_class->finalize = intake_flag_button_finalize;
  object_class->get_property = intake_flag_button_get_property;
  object_class->set_property = intake_flag_button_set_property;

  properties[PROP_CODE_GUID] =
    g_param_spec_string ("code-guid", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CODE_NAME] =
    g_param_spec_string ("code-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/argylepr/FeedbackIntake/ui/intake-flag-button.ui");
  gtk_widget_class_bind_template_child (widget_class, IntakeFlagButton, label);
}

static void
intake_flag_button_init (IntakeFlagButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
intake_flag_button_new (const char *code_guid,
                        const char *code_name)
{
  return g_object_new (INTAKE_TYPE_FLAG_BUTTON,
                       "code-guid", code_guid,
                       "code-name", code_name,
                       NULL);
}

const char *
intake_flag_button_get_code_guid (IntakeFlagButton *self)
{
  g_return_val_if_fail (INTAKE_IS_FLAG_BUTTON (self), NULL);

  return self->code_guid;
}

const char *
intake_flag_button_get_code_name (IntakeFlagButton *self)
{
  g_return_val_if_fail (INTAKE_IS_FLAG_BUTTON (self), NULL);

  return self->code_name;
}
