#pragma once

#include <adwaita.h>

#include "intake-history.h"
#include "intake-submission.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_CASE_PANEL (intake_case_panel_get_type ())
G_DECLARE_FINAL_TYPE (IntakeCasePanel, intake_case_panel, INTAKE, CASE_PANEL, GtkBox)

/* The reviewer's memo on a submission and its case attributes, below its
 * text. The memo is saved as it is typed; attributes go through the history. */
GtkWidget        *intake_case_panel_new            (void);
IntakeHistory    *intake_case_panel_get_history    (IntakeCasePanel  *self);
void              intake_case_panel_set_history    (IntakeCasePanel  *self,
                                                    IntakeHistory    *history);
IntakeSubmission *intake_case_panel_get_submission (IntakeCasePanel  *self);
void              intake_case_panel_set_submission (IntakeCasePanel  *self,
                                                    IntakeSubmission *submission);
/* Reads the attributes again (after undo, redo, …), keeping what is being
 * typed in the focused one. */
void              intake_case_panel_refresh        (IntakeCasePanel  *self);
/* Saves a memo still waiting for the typing pause. */
void              intake_case_panel_save_memo      (IntakeCasePanel  *self);

G_END_DECLS
