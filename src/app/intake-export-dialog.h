#pragma once

#include <adwaita.h>

#include "intake-project.h"
#include "intake-report.h"
#include "intake-store.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_EXPORT_DIALOG (intake_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (IntakeExportDialog, intake_export_dialog, INTAKE, EXPORT_DIALOG, AdwWindow)

typedef enum
{
  INTAKE_EXPORT_DIALOG_FORM,       /* choosing; after a cancel or an error too */
  INTAKE_EXPORT_DIALOG_EXPORTING,
  INTAKE_EXPORT_DIALOG_DONE,
} IntakeExportDialogState;

/* @initial: the choices to start from (the last export's), nullable;
 * redaction starts on, whatever they say, since turning it off needs a
 * confirmation each time. @list_filter: what the window's
 * list shows now, nullable, offered as "Only the submissions the list
 * shows"; its strings are copied. */
GtkWidget               *intake_export_dialog_new         (GtkWindow                 *parent,
                                                           IntakeProject             *project,
                                                           const IntakeReportOptions *initial,
                                                           const IntakeFilter        *list_filter);
/* The options the form gives now. */
IntakeReportOptions     *intake_export_dialog_get_options (IntakeExportDialog        *self);
IntakeExportDialogState  intake_export_dialog_get_state   (IntakeExportDialog        *self);
/* The file of the export running or done, else NULL. */
GFile                   *intake_export_dialog_get_file    (IntakeExportDialog        *self);
/* Exports to @file with the form's options, as Export does once a file is
 * chosen. */
void                     intake_export_dialog_export_to   (IntakeExportDialog        *self,
                                                           GFile                     *file);

G_END_DECLS
