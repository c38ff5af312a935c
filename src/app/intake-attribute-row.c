#define G_LOG_DOMAIN "intake-attribute-row"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-accessible.h"

#include "intake-attribute-row.h"
#include "intake-store.h"

struct _IntakeAttributeRow
{
  AdwEntryRow     parent_instance;

  /* Template widgets */
  GtkMenuButton  *values_button;
  GtkListBox     *values_list;

  char           *attribute;
  GtkStringList  *values;
};

G_DEFINE_FINAL_TYPE (IntakeAttributeRow, intake_attribute_row, ADW_TYPE_ENTRY_ROW)

enum { PROP_0, PROP_ATTRIBUTE, N_PROPS };
static GParamSpec *properties[N_PROPS];

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

static GtkWidget *
create_value_row (gpointer item,
                  gpointer user_data)
{
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row),
                              g_object_new (GTK_TYPE_LABEL,
                                            "label", gtk_string_object_get_string (item),
                                            "xalign", 0.0f,
                                            NULL));
  return row;
}

static void
value_activated_cb (IntakeAttributeRow *self,
                    GtkListBoxRow      *list_row,
                    GtkListBox         *list_box)
{
  const char *value = gtk_string_list_get_string (self->values, gtk_list_box_row_get_index (list_row));

  gtk_menu_button_popdown (self->values_button);
  gtk_editable_set_text (GTK_EDITABLE (self), value);
  /* Choosing a value is applying it. */
  g_signal_emit_by_name (self, "apply");
}

static void
intake_attribute_row_constructed (GObject *object)
{
  IntakeAttributeRow *self = INTAKE_ATTRIBUTE_ROW (object);
  const char * const *values = intake_attribute_default_values (self->attribute);
  g_autofree char *button_label = NULL;

  G_OBJECT_CLASS (intake_attribute_row_parent_class)->constructed (object);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), attribute_title (self->attribute));

  if (values == NULL || values[0] == NULL)
    return;

  self->values = gtk_string_list_new (values);
  gtk_list_box_bind_model (self->values_list, G_LIST_MODEL (self->values),
                           create_value_row, NULL, NULL);

  /* Translators: the button beside a case attribute; %s is its name */
  button_label = g_strdup_printf (_("Choose a value for “%s”"), attribute_title (self->attribute));
  intake_widget_set_tooltip_text (GTK_WIDGET (self->values_button), button_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->values_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, button_label, -1);
  gtk_widget_set_visible (GTK_WIDGET (self->values_button), TRUE);
}

static void
intake_attribute_row_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  IntakeAttributeRow *self = INTAKE_ATTRIBUTE_ROW (object);

  switch (prop_id)
    {
    case PROP_ATTRIBUTE:
      g_value_set_string (value, self->attribute);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_attribute_row_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  IntakeAttributeRow *self = INTAKE_ATTRIBUTE_ROW (object);

  switch (prop_id)
    {
    case PROP_ATTRIBUTE:
      self->attribute = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_attribute_row_dispose (GObject *object)
{
  IntakeAttributeRow *self = INTAKE_ATTRIBUTE_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), INTAKE_TYPE_ATTRIBUTE_ROW);
  g_clear_object (&self->values);

  G_OBJECT_CLASS (intake_attribute_row_parent_class)->dispose (object);
}

static void
intake_attribute_row_finalize (GObject *object)
{
  IntakeAttributeRow *self = INTAKE_ATTRIBUTE_ROW (object);

  g_clear_pointer (&self->attribute, g_free);

  G_OBJECT_CLASS (intake_attribute_row_parent_class)->finalize (object);
}

static void
intake_attribute_row_class_init (IntakeAttributeRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = intake_attribute_row_constructed;
  object_class->dispose = intake_attribute_row_dispose;
  object_class->finalize = intake_attribute_row_finalize;
  object_class->get_property = intake_attribute_row_get_property;
  object_class->set_property = intake_attribute_row_set_property;

  properties[PROP_ATTRIBUTE] =
    g_param_spec_string ("attribute", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/argylepr/FeedbackIntake/ui/intake-attribute-row.ui");
  gtk_widget_class_bind_template_child (widget_class, IntakeAttributeRow, values_button);
  gtk_widget_class_bind_template_child (widget_class, IntakeAttributeRow, values_list);
  gtk_widget_class_bind_template_callback (widget_class, value_activated_cb);
}

static void
intake_attribute_row_init (IntakeAttributeRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
intake_attribute_row_new (const char *attribute)
{
  g_return_val_if_fail (attribute != NULL, NULL);

  return g_object_new (INTAKE_TYPE_ATTRIBUTE_ROW,
                       "attribute", attribute,
                       NULL);
}

const char *
intake_attribute_row_get_attribute (IntakeAttributeRow *self)
{
  g_return_val_if_fail (INTAKE_IS_ATTRIBUTE_ROW (self), NULL);

  return self->attribute;
}
