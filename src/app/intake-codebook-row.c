#define G_LOG_DOMAIN "intake-codebook-row"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-codebook-row.h"
#include "intake-color-swatch.h"

struct _IntakeCodebookRow
{
  GtkListBoxRow      parent_instance;

  /* Template widgets */
  GtkBox            *box;
  IntakeColorSwatch *swatch;
  GtkLabel          *name_label;
  GtkLabel          *kind_label;

  char              *guid;
};

G_DEFINE_FINAL_TYPE (IntakeCodebookRow, intake_codebook_row, GTK_TYPE_LIST_BOX_ROW)

enum { PROP_0, PROP_GUID, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* The editor's colour button shows this grey for a code without a colour. */
#define NO_COLOR "#9A9996"

static void
intake_codebook_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  IntakeCodebookRow *self = INTAKE_CODEBOOK_ROW (object);

  switch (prop_id)
    {
    case PROP_GUID:
      g_value_set_string (value, self->guid);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_codebook_row_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  IntakeCodebookRow *self = INTAKE_CODEBOOK_ROW (object);

  switch (prop_id)
    {
    case PROP_GUID:
      self->guid = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_codebook_row_dispose (GObject *object)
{
  /* The box is both a template child and the row's child: unparent it
   * through the row, or the row's own dispose would do it a second time. */
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), INTAKE_TYPE_CODEBOOK_ROW);

  G_OBJECT_CLASS (intake_codebook_row_parent_class)->dispose (object);
}

static void
intake_codebook_row_finalize (GObject *object)
{
  IntakeCodebookRow *self = INTAKE_CODEBOOK_ROW (object);

  g_clear_pointer (&self->guid, g_free);

  G_OBJECT_CLASS (intake_codebook_row_parent_class)->finalize (object);
}

static void
intake_codebook_row_class_init (IntakeCodebookRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = intake_codebook_row_dispose;
  object_class->finalize = intake_codebook_row_finalize;
  object_class->get_property = intake_codebook_row_get_property;
  object_class->set_property = intake_codebook_row_set_property;

  properties[PROP_GUID] =
    g_param_spec_string ("guid", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (INTAKE_TYPE_COLOR_SWATCH);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/argylepr/FeedbackIntake/ui/intake-codebook-row.ui");
  gtk_widget_class_bind_template_child (widget_class, IntakeCodebookRow, box);
  gtk_widget_class_bind_template_child (widget_class, IntakeCodebookRow, swatch);
  gtk_widget_class_bind_template_child (widget_class, IntakeCodebookRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, IntakeCodebookRow, kind_label);
}

static void
intake_codebook_row_init (IntakeCodebookRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
intake_codebook_row_new (IntakeCode *code)
{
  IntakeCodebookRow *self;

  g_return_val_if_fail (INTAKE_IS_CODE (code), NULL);

  self = g_object_new (INTAKE_TYPE_CODEBOOK_ROW,
                       "guid", intake_code_get_guid (code),
                       NULL);

  /* Where a code sits in the tree and what it is change only with a reload,
   * which makes new rows. */
  gtk_widget_set_margin_start (GTK_WIDGET (self->box), 18 * (int) intake_code_get_depth (code));
  if (!intake_code_get_is_codable (code))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->name_label), "heading");
      gtk_widget_set_visible (GTK_WIDGET (self->kind_label), TRUE);
    }

  intake_codebook_row_update (self, code);

  return GTK_WIDGET (self);
}

const char *
intake_codebook_row_get_guid (IntakeCodebookRow *self)
{
  g_return_val_if_fail (INTAKE_IS_CODEBOOK_ROW (self), NULL);

  return self->guid;
}

void
intake_codebook_row_update (IntakeCodebookRow *self,
                            IntakeCode        *code)
{
  const char *color = intake_code_get_color (code);
  const char *description = intake_code_get_description (code);
  g_autofree char *accessible = NULL;
  GdkRGBA rgba;

  g_return_if_fail (INTAKE_IS_CODEBOOK_ROW (self));
  g_return_if_fail (INTAKE_IS_CODE (code));

  gtk_label_set_text (self->name_label, intake_code_get_name (code));
  intake_color_swatch_set_color (self->swatch,
                                 color != NULL && gdk_rgba_parse (&rgba, color) ? color : NO_COLOR);

  /* The name may be cut short in the tree; the tooltip has all of it. */
  if (description != NULL && description[0] != '\0')
    {
      g_autofree char *tooltip = g_markup_printf_escaped ("<b>%s</b>\n%s", intake_code_get_name (code), description);
      gtk_widget_set_tooltip_markup (GTK_WIDGET (self), tooltip);
    }
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self), intake_code_get_name (code));

  if (intake_code_get_is_codable (code))
    accessible = g_strdup (intake_code_get_name (code));
  else
    /* Translators: how a screen reader names a group in the codebook */
    accessible = g_strdup_printf (_("%s, group"), intake_code_get_name (code));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  GTK_ACCESSIBLE_PROPERTY_LEVEL, (int) intake_code_get_depth (code) + 1,
                                  -1);
}
