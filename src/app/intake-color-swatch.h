#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define INTAKE_TYPE_COLOR_SWATCH (intake_color_swatch_get_type ())
G_DECLARE_FINAL_TYPE (IntakeColorSwatch, intake_color_swatch, INTAKE, COLOR_SWATCH, GtkWidget)

GtkWidget  *intake_color_swatch_new          (void);
const char *intake_color_swatch_get_color    (IntakeColorSwatch *self);
/* Any colour gdk_rgba_parse() reads; NULL or an unreadable one shows grey. */
void        intake_color_swatch_set_color    (IntakeColorSwatch *self,
                                              const char        *color);
gboolean    intake_color_swatch_get_outlined (IntakeColorSwatch *self);
void        intake_color_swatch_set_outlined (IntakeColorSwatch *self,
                                              gboolean           outlined);

G_END_DECLS
