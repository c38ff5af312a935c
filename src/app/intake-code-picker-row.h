#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define INTAKE_TYPE_CODE_PICKER_ROW (intake_code_picker_row_get_type ())
G_DECLARE_FINAL_TYPE (IntakeCodePickerRow, intake_code_picker_row, INTAKE, CODE_PICKER_ROW, GtkListBoxRow)

/* A code in the code picker, shown by its path ("Equity lens/Surveillance"). */
GtkWidget  *intake_code_picker_row_new           (const char          *code_guid,
                                                  const char          *path);
const char *intake_code_picker_row_get_code_guid (IntakeCodePickerRow *self);
const char *intake_code_picker_row_get_path      (IntakeCodePickerRow *self);
/* Whether the path holds @text, as intake_text_matches() compares. */
gboolean    intake_code_picker_row_matches       (IntakeCodePickerRow *self,
                                                  const char          *text);

G_END_DECLS
