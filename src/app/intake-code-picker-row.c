#define G_LOG_DOMAIN "intake-code-picker-row"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-accessible.h"

#include "intake-code-picker-row.h"
#include "intake-text.h"

struct _IntakeCodePickerRow
{
  GtkListBoxRow  parent_instance;

  /* Template widgets */
  GtkWidget       *box;
  GtkLabel        *label;
  GtkToggleButton *pin_button;

  char            *code_guid;
  char            *path;
  char            *folded_path;
  guint            pin_key;     /* 1 to 9, or 0 */
  gboolean         updating;    /* set while the pin follows the setting */
};

G_DEFINE_FINAL_TYPE (IntakeCodePickerRow, intake_code_picker_row, GTK_TYPE_LIST_BOX_ROW)

enum { PROP_0, PROP_CODE_GUID, PROP_PATH, PROP_PIN_KEY, N_PROPS };
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

    case PROP_PIN_KEY:
      g_value_set_uint (value, self->pin_key);
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
      intake_widget_set_tooltip_text (GTK_WIDGET (self->label), self->path);
      break;

    case PROP_PIN_KEY:
      intake_code_picker_row_set_pin_key (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The row's name and its pin's say the code and its key, the way the
 * pin's number shows them. */
static void
update_pin (IntakeCodePickerRow *self)
{
  g_autofree char *row_label = NULL;
  g_autofree char *pin_label = NULL;
  g_autofree char *tooltip = NULL;

  self->updating = TRUE;
  gtk_toggle_button_set_active (self->pin_button, self->pin_key > 0);
  self->updating = FALSE;

  if (self->pin_key > 0)
    {
      g_autofree char *number = g_strdup_printf ("%u", self->pin_key);

      gtk_button_set_label (GTK_BUTTON (self->pin_button), number);
      gtk_widget_set_opacity (GTK_WIDGET (self->pin_button), 1.0);
      /* Translators: the accessible name of a code in the code picker; %s is
       * its path, %u the number key it is pinned to */
      row_label = g_strdup_printf (_("%s, pinned to %u"), self->path, self->pin_key);
      pin_label = g_strdup (row_label);
      /* Translators: %u is a number key, 1 to 9 */
      tooltip = g_strdup_printf (_("Pinned to key %u; click or press P to unpin"), self->pin_key);
    }
  else
    {
      gtk_button_set_icon_name (GTK_BUTTON (self->pin_button), "view-pin-symbolic");
      gtk_widget_set_opacity (GTK_WIDGET (self->pin_button), 0.35);
      row_label = g_strdup (self->path);
      /* Translators: the accessible name of a code's pin; %s is the code */
      pin_label = g_strdup_printf (_("%s, not pinned"), self->path);
      tooltip = g_strdup (_("Pin to a number key; or press P"));
    }

  intake_widget_set_tooltip_text (GTK_WIDGET (self->pin_button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, row_label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pin_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, pin_label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip,
                                  -1);
}

/* The picker owns the pins: the button asks it, and shows what the setting
 * says once it changed. */
static void
pin_toggled_cb (IntakeCodePickerRow *self,
                GtkToggleButton     *button)
{
  if (self->updating)
    return;

  if (!gtk_widget_activate_action (GTK_WIDGET (self), "picker.toggle-pin", "s", self->code_guid))
    update_pin (self);
}

static void
intake_code_picker_row_constructed (GObject *object)
{
  G_OBJECT_CLASS (intake_code_picker_row_parent_class)->constructed (object);

  update_pin (INTAKE_CODE_PICKER_ROW (object));
}

static void
intake_code_picker_row_dispose (GObject *object)
{
  /* The box is both a template child and the row's child: unparent it
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

  object_class->constructed = intake_code_picker_row_constructed;
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
  properties[PROP_PIN_KEY] =
    g_param_spec_uint ("pin-key", NULL, NULL,
                       0, 9, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/argylepr/FeedbackIntake/ui/intake-code-picker-row.ui");
  gtk_widget_class_bind_template_child (widget_class, IntakeCodePickerRow, box);
  gtk_widget_class_bind_template_child (widget_class, IntakeCodePickerRow, label);
  gtk_widget_class_bind_template_child (widget_class, IntakeCodePickerRow, pin_button);
  gtk_widget_class_bind_template_callback (widget_class, pin_toggled_cb);
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

guint
intake_code_picker_row_get_pin_key (IntakeCodePickerRow *self)
{
  g_return_val_if_fail (INTAKE_IS_CODE_PICKER_ROW (self), 0);

  return self->pin_key;
}

void
intake_code_picker_row_set_pin_key (IntakeCodePickerRow *self,
                                    guint                pin_key)
{
  g_return_if_fail (INTAKE_IS_CODE_PICKER_ROW (self));
  g_return_if_fail (pin_key <= 9);

  if (self->pin_key == pin_key)
    return;

  self->pin_key = pin_key;
  update_pin (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PIN_KEY]);
}

GtkToggleButton *
intake_code_picker_row_get_pin_button (IntakeCodePickerRow *self)
{
  g_return_val_if_fail (INTAKE_IS_CODE_PICKER_ROW (self), NULL);

  return self->pin_button;
}
