#pragma once

#include <gtk/gtk.h>

#include "intake-project.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_CODE_PICKER (intake_code_picker_get_type ())
G_DECLARE_FINAL_TYPE (IntakeCodePicker, intake_code_picker, INTAKE, CODE_PICKER, GtkPopover)

/* The type-to-filter list of every codable code of the project, kept up to
 * date with its codebook; emits "code-chosen". */
GtkWidget      *intake_code_picker_new          (void);
IntakeProject  *intake_code_picker_get_project  (IntakeCodePicker   *self);
void            intake_code_picker_set_project  (IntakeCodePicker   *self,
                                                 IntakeProject      *project);
/* Pops up at @pointing_to with an empty filter and the keyboard focus in it. */
void            intake_code_picker_present      (IntakeCodePicker   *self,
                                                 const GdkRectangle *pointing_to);

G_END_DECLS
