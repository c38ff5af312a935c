#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define INTAKE_TYPE_REVIEWER_DIALOG (intake_reviewer_dialog_get_type ())
G_DECLARE_FINAL_TYPE (IntakeReviewerDialog, intake_reviewer_dialog, INTAKE, REVIEWER_DIALOG, AdwMessageDialog)

/* The "ok" response chooses the name; "later" (also closing) does not. */
#define INTAKE_REVIEWER_DIALOG_RESPONSE_OK    "ok"
#define INTAKE_REVIEWER_DIALOG_RESPONSE_LATER "later"

GtkWidget  *intake_reviewer_dialog_new      (GtkWindow            *parent,
                                             const char           *name);
const char *intake_reviewer_dialog_get_name (IntakeReviewerDialog *self);
void        intake_reviewer_dialog_set_name (IntakeReviewerDialog *self,
                                             const char           *name);

G_END_DECLS
