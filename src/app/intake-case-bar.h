#pragma once

#include <gtk/gtk.h>

#include "intake-project.h"
#include "intake-submission.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_CASE_BAR (intake_case_bar_get_type ())
G_DECLARE_FINAL_TYPE (IntakeCaseBar, intake_case_bar, INTAKE, CASE_BAR, GtkBox)

/* The submission's status and flags, above its text. Changes go through the
 * project, and the bar follows the project's changes to its submission. */
GtkWidget        *intake_case_bar_new            (void);
IntakeProject    *intake_case_bar_get_project    (IntakeCaseBar    *self);
/* The flags are the codable codes of the project's Flags group. */
void              intake_case_bar_set_project    (IntakeCaseBar    *self,
                                                  IntakeProject    *project);
IntakeSubmission *intake_case_bar_get_submission (IntakeCaseBar    *self);
/* Also shows @submission's status and the reviewer's flags on it. */
void              intake_case_bar_set_submission (IntakeCaseBar    *self,
                                                  IntakeSubmission *submission);
IntakeStatus      intake_case_bar_get_status     (IntakeCaseBar    *self);

G_END_DECLS
