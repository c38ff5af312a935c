#pragma once

#include <adwaita.h>

#include "intake-project.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_CODEBOOK_EDITOR (intake_codebook_editor_get_type ())
G_DECLARE_FINAL_TYPE (IntakeCodebookEditor, intake_codebook_editor, INTAKE, CODEBOOK_EDITOR, AdwWindow)

/* Edits the project's codebook: every edit goes through the project, so it
 * can be undone there, and the editor follows the project's codebook. */
GtkWidget     *intake_codebook_editor_new              (GtkWindow            *parent,
                                                        IntakeProject        *project);
IntakeProject *intake_codebook_editor_get_project      (IntakeCodebookEditor *self);

/* For tests and for opening the editor on a code: selects the code's row
 * (and shows it in the editing pane); FALSE when no code has @guid. */
gboolean       intake_codebook_editor_select_code      (IntakeCodebookEditor *self,
                                                        const char           *guid);
const char    *intake_codebook_editor_get_selected_guid (IntakeCodebookEditor *self);

G_END_DECLS
