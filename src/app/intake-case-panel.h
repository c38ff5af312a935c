#pragma once

#include <adwaita.h>

#include "intake-project.h"
#include "intake-submission.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_CASE_PANEL (intake_case_panel_get_type ())
G_DECLARE_FINAL_TYPE (IntakeCasePanel, intake_case_panel, INTAKE, CASE_PANEL, GtkBox)

/* The reviewer's memo on a submission and its case attributes, below its
 * text. The memo is saved as it is typed, the attributes when entered,
 * both through the project; the panel follows the project's changes to its
 * submission, keeping what is being typed. */
GtkWidget        *intake_case_panel_new            (void);
IntakeProject    *intake_case_panel_get_project    (IntakeCasePanel  *self);
void              intake_case_panel_set_project    (IntakeCasePanel  *self,
                                                    IntakeProject    *project);
IntakeSubmission *intake_case_panel_get_submission (IntakeCasePanel  *self);
void              intake_case_panel_set_submission (IntakeCasePanel  *self,
                                                    IntakeSubmission *submission);
/* Saves a memo still waiting for the typing pause. */
void              intake_case_panel_save_memo      (IntakeCasePanel  *self);

G_END_DECLS
