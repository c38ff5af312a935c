#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define INTAKE_TYPE_ATTRIBUTE_ROW (intake_attribute_row_get_type ())
G_DECLARE_FINAL_TYPE (IntakeAttributeRow, intake_attribute_row, INTAKE, ATTRIBUTE_ROW, AdwEntryRow)

/* An entry for one case attribute, with a menu of the values offered by
 * default. Choosing one sets the text and emits "apply", as the apply
 * button does. */
GtkWidget  *intake_attribute_row_new           (const char         *attribute);
/* The attribute's name as the core knows it, e.g. "Respondent group". */
const char *intake_attribute_row_get_attribute (IntakeAttributeRow *self);

G_END_DECLS
