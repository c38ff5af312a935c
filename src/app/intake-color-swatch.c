#define G_LOG_DOMAIN "intake-color-swatch"

#include "config.h"

#include "intake-color-swatch.h"

/* A code's colour as a small square with rounded corners, the same in the
 * code panel and the codebook editor. Its size is the widget's size request. */
struct _IntakeColorSwatch
{
  GtkWidget  parent_instance;

  char      *color;
  GdkRGBA    rgba;
  gboolean   outlined;
};

G_DEFINE_FINAL_TYPE (IntakeColorSwatch, intake_color_swatch, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_COLOR, PROP_OUTLINED, N_PROPS };
static GParamSpec *properties[N_PROPS];

#define CORNER_RADIUS 3.f
#define FALLBACK_COLOR "#888888"

static void
intake_color_swatch_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  IntakeColorSwatch *self = INTAKE_COLOR_SWATCH (widget);
  float width = gtk_widget_get_width (widget);
  float height = gtk_widget_get_height (widget);
  float size = MIN (width, height);
  GskRoundedRect square;

  if (size <= 0)
    return;

  gsk_rounded_rect_init_from_rect (&square,
                                   &GRAPHENE_RECT_INIT ((width - size) / 2, (height - size) / 2, size, size),
                                   CORNER_RADIUS);
  gtk_snapshot_push_rounded_clip (snapshot, &square);
  gtk_snapshot_append_color (snapshot, &self->rgba, &square.bounds);
  gtk_snapshot_pop (snapshot);

  if (self->outlined)
    {
      /* A faint edge keeps pale colours visible on a light background; a
       * 1 px line centred on the square's edge. */
      const GdkRGBA edge = { 0, 0, 0, 0.15f };
      const GdkRGBA colors[4] = { edge, edge, edge, edge };
      const float widths[4] = { 1, 1, 1, 1 };
      GskRoundedRect outline = square;

      gsk_rounded_rect_shrink (&outline, -.5f, -.5f, -.5f, -.5f);
      gtk_snapshot_append_border (snapshot, &outline, widths, colors);
    }
}

static void
intake_color_swatch_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  IntakeColorSwatch *self = INTAKE_COLOR_SWATCH (object);

  switch (prop_id)
    {
    case PROP_COLOR:
      g_value_set_string (value, self->color);
      break;

    case PROP_OUTLINED:
      g_value_set_boolean (value, self->outlined);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_color_swatch_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  IntakeColorSwatch *self = INTAKE_COLOR_SWATCH (object);

  switch (prop_id)
    {
    case PROP_COLOR:
      intake_color_swatch_set_color (self, g_value_get_string (value));
      break;

    case PROP_OUTLINED:
      intake_color_swatch_set_outlined (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_color_swatch_finalize (GObject *object)
{
  IntakeColorSwatch *self = INTAKE_COLOR_SWATCH (object);

  g_clear_pointer (&self->color, g_free);

  G_OBJECT_CLASS (intake_color_swatch_parent_class)->finalize (object);
}

static void
intake_color_swatch_class_init (IntakeColorSwatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = intake_color_swatch_finalize;
  object_class->get_property = intake_color_swatch_get_property;
  object_class->set_property = intake_color_swatch_set_property;

  widget_class->snapshot = intake_color_swatch_snapshot;

  properties[PROP_COLOR] =
    g_param_spec_string ("color", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_OUTLINED] =
    g_param_spec_boolean ("outlined", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "swatch");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
intake_color_swatch_init (IntakeColorSwatch *self)
{
  gdk_rgba_parse (&self->rgba, FALLBACK_COLOR);
}

GtkWidget *
intake_color_swatch_new (void)
{
  return g_object_new (INTAKE_TYPE_COLOR_SWATCH, NULL);
}

const char *
intake_color_swatch_get_color (IntakeColorSwatch *self)
{
  g_return_val_if_fail (INTAKE_IS_COLOR_SWATCH (self), NULL);

  return self->color;
}

void
intake_color_swatch_set_color (IntakeColorSwatch *self,
                               const char        *color)
{
  g_return_if_fail (INTAKE_IS_COLOR_SWATCH (self));

  if (g_strcmp0 (self->color, color) == 0)
    return;

  g_free (self->color);
  self->color = g_strdup (color);
  if (color == NULL || !gdk_rgba_parse (&self->rgba, color))
    gdk_rgba_parse (&self->rgba, FALLBACK_COLOR);

  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR]);
}

gboolean
intake_color_swatch_get_outlined (IntakeColorSwatch *self)
{
  g_return_val_if_fail (INTAKE_IS_COLOR_SWATCH (self), FALSE);

  return self->outlined;
}

void
intake_color_swatch_set_outlined (IntakeColorSwatch *self,
                                  gboolean           outlined)
{
  g_return_if_fail (INTAKE_IS_COLOR_SWATCH (self));

  outlined = !!outlined;
  if (self->outlined == outlined)
    return;

  self->outlined = outlined;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTLINED]);
}
