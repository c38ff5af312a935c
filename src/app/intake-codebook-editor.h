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

/* What "Import Codebook…" and "Export Codebook…" do with the chosen file:
 * the reading or writing happens in a worker thread, and the editor tells
 * the outcome in a toast (a refusal with its reason). An import adds the
 * file's codes and updates those the project has; an export replaces the
 * file whole, and never the open project. The finish functions say whether
 * it worked, and why not. */
void           intake_codebook_editor_import_file        (IntakeCodebookEditor  *self,
                                                          GFile                 *file,
                                                          GCancellable          *cancellable,
                                                          GAsyncReadyCallback    callback,
                                                          gpointer               user_data);
gboolean       intake_codebook_editor_import_file_finish (IntakeCodebookEditor  *self,
                                                          GAsyncResult          *result,
                                                          GError               **error);
void           intake_codebook_editor_export_file        (IntakeCodebookEditor  *self,
                                                          GFile                 *file,
                                                          GCancellable          *cancellable,
                                                          GAsyncReadyCallback    callback,
                                                          gpointer               user_data);
gboolean       intake_codebook_editor_export_file_finish (IntakeCodebookEditor  *self,
                                                          GAsyncResult          *result,
                                                          GError               **error);

G_END_DECLS
