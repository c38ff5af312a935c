#pragma once

#include <adwaita.h>

#include "intake-project.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_ADJUDICATION_DIALOG (intake_adjudication_dialog_get_type ())
G_DECLARE_FINAL_TYPE (IntakeAdjudicationDialog, intake_adjudication_dialog, INTAKE, ADJUDICATION_DIALOG, AdwWindow)

/* One disagreement: the submission's text once per reviewer, their
 * codings of the code marked, and the coordinator's choice of one
 * reviewer's coding, all of theirs united or none, with a reason. The decision
 * goes through the project; "adjudicated" (the code's path) is emitted
 * after it is recorded, and the dialog closes. */
GtkWidget *intake_adjudication_dialog_new (GtkWindow                *parent,
                                           IntakeProject            *project,
                                           const IntakeDisagreement *disagreement);

G_END_DECLS
