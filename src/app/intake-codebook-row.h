#pragma once

#include <gtk/gtk.h>

#include "intake-codebook.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_CODEBOOK_ROW (intake_codebook_row_get_type ())
G_DECLARE_FINAL_TYPE (IntakeCodebookRow, intake_codebook_row, INTAKE, CODEBOOK_ROW, GtkListBoxRow)

/* A row of the codebook editor's tree: a code or a group, indented by its depth. */
GtkWidget  *intake_codebook_row_new      (IntakeCode        *code);
const char *intake_codebook_row_get_guid (IntakeCodebookRow *self);
/* Shows @code's name, colour and description again (after an edit). */
void        intake_codebook_row_update   (IntakeCodebookRow *self,
                                          IntakeCode        *code);

G_END_DECLS
