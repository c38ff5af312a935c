#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define INTAKE_TYPE_CODING_ROW (intake_coding_row_get_type ())
G_DECLARE_FINAL_TYPE (IntakeCodingRow, intake_coding_row, INTAKE, CODING_ROW, GtkBox)

/* One coding of an excerpt: its code's path, who coded it when it was
 * another reviewer (@reviewer NULL otherwise), and a button that activates
 * "codings.remove" with the coding's GUID. */
GtkWidget  *intake_coding_row_new             (const char      *coding_guid,
                                               const char      *code_path,
                                               const char      *reviewer);
const char *intake_coding_row_get_coding_guid (IntakeCodingRow *self);
const char *intake_coding_row_get_code_path   (IntakeCodingRow *self);
const char *intake_coding_row_get_reviewer    (IntakeCodingRow *self);

G_END_DECLS
