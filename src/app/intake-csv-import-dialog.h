#pragma once

#include <adwaita.h>

#include "intake-import-csv.h"
#include "intake-project.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_CSV_IMPORT_DIALOG (intake_csv_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (IntakeCsvImportDialog, intake_csv_import_dialog, INTAKE, CSV_IMPORT_DIALOG, AdwWindow)

/* Asks which columns of a survey export are the text to code, the case
 * attributes and the id, showing its first rows, starting from the roles
 * @project remembers for its header or else from a guess. Emits "import"
 * when the person chooses to import, then closes; Cancel closes it with
 * nothing emitted. */
GtkWidget          *intake_csv_import_dialog_new       (GtkWindow             *parent,
                                                        IntakeProject         *project,
                                                        GFile                 *file);
GFile              *intake_csv_import_dialog_get_file  (IntakeCsvImportDialog *self);
/* Whether the first rows are read and shown. */
gboolean            intake_csv_import_dialog_get_ready (IntakeCsvImportDialog *self);
/* The file's column names, or NULL before it is ready. */
const char * const *intake_csv_import_dialog_get_header (IntakeCsvImportDialog *self);
/* One IntakeCsvRole for each column, as chosen now; NULL before it is ready. */
GArray             *intake_csv_import_dialog_get_roles (IntakeCsvImportDialog *self);

G_END_DECLS
