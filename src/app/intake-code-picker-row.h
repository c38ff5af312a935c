#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define INTAKE_TYPE_CODE_PICKER_ROW (intake_code_picker_row_get_type ())
G_DECLARE_FINAL_TYPE (IntakeCodePickerRow, intake_code_picker_row, INTAKE, CODE_PICKER_ROW, GtkListBoxRow)

/* A code in the code picker, shown by its path ("Equity lens/Surveillance"),
 * with the number key it is pinned to. Its pin button activates
 * "picker.toggle-pin" with the code's GUID. */
GtkWidget  *intake_code_picker_row_new           (const char          *code_guid,
                                                  const char          *path);
const char *intake_code_picker_row_get_code_guid (IntakeCodePickerRow *self);
const char *intake_code_picker_row_get_path      (IntakeCodePickerRow *self);
/* Whether the path holds @text, as intake_text_matches() compares. */
gboolean    intake_code_picker_row_matches       (IntakeCodePickerRow *self,
                                                  const char          *text);
/* 1 to 9, or 0 for none */
guint       intake_code_picker_row_get_pin_key   (IntakeCodePickerRow *self);
void        intake_code_picker_row_set_pin_key   (IntakeCodePickerRow *self,
                                                  guint                pin_key);
GtkToggleButton *
            intake_code_picker_row_get_pin_button (IntakeCodePickerRow *self);

G_END_DECLS
