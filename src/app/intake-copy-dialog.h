#pragma once

#include <adwaita.h>

#include "intake-project.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_COPY_DIALOG (intake_copy_dialog_get_type ())
G_DECLARE_FINAL_TYPE (IntakeCopyDialog, intake_copy_dialog, INTAKE, COPY_DIALOG, AdwWindow)

typedef enum
{
  INTAKE_COPY_DIALOG_FORM,      /* choosing; after a cancel or an error too */
  INTAKE_COPY_DIALOG_WRITING,
} IntakeCopyDialogState;

/* "Copy for Reviewer": every submission or a random sample, blind or not,
 * then the file, and the copy written on a worker thread with its
 * progress and a way to cancel it. Emits "copied" (GFile) once it is
 * saved, and closes. */
GtkWidget             *intake_copy_dialog_new         (GtkWindow         *parent,
                                                       IntakeProject     *project);
/* The options the form gives now. */
void                   intake_copy_dialog_get_options (IntakeCopyDialog  *self,
                                                       IntakeCopyOptions *options);
IntakeCopyDialogState  intake_copy_dialog_get_state   (IntakeCopyDialog  *self);
/* Whether the count of submissions a sample is drawn from is known yet. */
gboolean               intake_copy_dialog_get_ready   (IntakeCopyDialog  *self);
/* Writes the copy to @file with the form's options, as Save Copy does once
 * a file is chosen. */
void                   intake_copy_dialog_copy_to     (IntakeCopyDialog  *self,
                                                       GFile             *file);

G_END_DECLS
