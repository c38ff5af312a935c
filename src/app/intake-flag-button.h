#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define INTAKE_TYPE_FLAG_BUTTON (intake_flag_button_get_type ())
G_DECLARE_FINAL_TYPE (IntakeFlagButton, intake_flag_button, INTAKE, FLAG_BUTTON, GtkToggleButton)

/* A toggle for one whole-submission code of the Flags group. */
GtkWidget  *intake_flag_button_new           (const char       *code_guid,
                                              const char       *code_name);
const char *intake_flag_button_get_code_guid (IntakeFlagButton *self);
const char *intake_flag_button_get_code_name (IntakeFlagButton *self);

G_END_DECLS
