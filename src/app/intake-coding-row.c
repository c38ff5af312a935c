#define G_LOG_DOMAIN "intake-coding-row"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-coding-row.h"

struct _IntakeCodingRow
{
  GtkBox     parent_instance;

  /* Template widgets */
  GtkLabel  *code_label;
  GtkLabel  *reviewer_label;
  GtkButton *remove_button;

  char      *coding_guid;
  char      *code_path;
  char      *reviewer;
};

G_DEFINE_FINAL_TYPE (IntakeCodingRow, intake_coding_row, GTK_TYPE_BOX)

enum { PROP_0, PROP_CODING_GUID, PROP_CODE_PATH, PROP_REVIEWER, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
intake_coding_row_constructed (GObject *object)
{
  IntakeCodingRow *self = INTAKE_CODING_ROW (object);
  g_autofree char *button_label = NULL;

  G_OBJECT_CLASS (intake_coding_row_parent_class)->constructed (object);

  gtk_label_set_label (self->code_label, self->code_path);

  gtk_label_set_label (self->reviewer_label, self->reviewer);
  gtk_widget_set_visible (GTK_WIDGET (self->reviewer_label), self->reviewer != NULL);

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->remove_button), "s",
                                    self->coding_guid ? self->coding_guid : "");
  /* Translators: removes a coded excerpt; %s is the code's path */
  button_label = g_strdup_printf (_("Remove “%s”"), self->code_path);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->remove_button), button_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, button_label, -1);
}

static void
intake_coding_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  IntakeCodingRow *self = INTAKE_CODING_ROW (object);

  switch (prop_id)
    {
    case PROP_CODING_GUID:
      g_value_set_string (value, self->coding_guid);
      break;

    case PROP_CODE_PATH:
      g_value_set_string (value, self->code_path);
      break;

    case PROP_REVIEWER:
      g_value_set_string (value, self->reviewer);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_coding_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  IntakeCodingRow *self = INTAKE_CODING_ROW (object);

  switch (prop_id)
    {
    case PROP_CODING_GUID:
      self->coding_guid = g_value_dup_string (value);
      break;

    case PROP_CODE_PATH:
      self->code_path = g_value_dup_string (value);
      break;

    case PROP_REVIEWER:
      self->reviewer = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_coding_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), INTAKE_TYPE_CODING_ROW);

  G_OBJECT_CLASS (intake_coding_row_parent_class)->dispose (object);
}

static void
intake_coding_row_finalize (GObject *object)
{
  IntakeCodingRow *self = INTAKE_CODING_ROW (object);

  g_clear_pointer (&self->coding_guid, g_free);
  g_clear_pointer (&self->code_path, g_free);
  g_clear_pointer (&self->reviewer, g_free);

  G_OBJECT_CLASS (intake_coding_row_parent_class)->finalize (object);
}

static void
intake_coding_row_class_init (IntakeCodingRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = intake_coding_row_constructed;
  object_class->dispose = intake_coding_row_dispose;
  object_class->finalize = intake_coding_row_finalize;
  object_class->get_property = intake_coding_row_get_property;
  object_class->set_property = intake_coding_row_set_property;

  properties[PROP_CODING_GUID] =
    g_param_spec_string ("coding-guid", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CODE_PATH] =
    g_param_spec_string ("code-path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  /**
   * IntakeCodingRow:reviewer:
   *
   * Who made the coding, shown when it is not the reviewer reading.
   */
  properties[PROP_REVIEWER] =
    g_param_spec_string ("reviewer", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/argylepr/FeedbackIntake/ui/intake-coding-row.ui");
  gtk_widget_class_bind_template_child (widget_class, IntakeCodingRow, code_label);
  gtk_widget_class_bind_template_child (widget_class, IntakeCodingRow, reviewer_label);
  gtk_widget_class_bind_template_child (widget_class, IntakeCodingRow, remove_button);
}

static void
intake_coding_row_init (IntakeCodingRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
intake_coding_row_new (const char *coding_guid,
                       const char *code_path,
                       const char *reviewer)
{
  return g_object_new (INTAKE_TYPE_CODING_ROW,
                       "coding-guid", coding_guid,
                       "code-path", code_path,
                       "reviewer", reviewer,
                       NULL);
}

const char *
intake_coding_row_get_coding_guid (IntakeCodingRow *self)
{
  g_return_val_if_fail (INTAKE_IS_CODING_ROW (self), NULL);

  return self->coding_guid;
}

const char *
intake_coding_row_get_code_path (IntakeCodingRow *self)
{
  g_return_val_if_fail (INTAKE_IS_CODING_ROW (self), NULL);

  return self->code_path;
}

const char *
intake_coding_row_get_reviewer (IntakeCodingRow *self)
{
  g_return_val_if_fail (INTAKE_IS_CODING_ROW (self), NULL);

  return self->reviewer;
}
