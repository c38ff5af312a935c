#pragma once

#include <gtk/gtk.h>

#include "intake-history.h"
#include "intake-submission.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_CASE_BAR (intake_case_bar_get_type ())
G_DECLARE_FINAL_TYPE (IntakeCaseBar, intake_case_bar, INTAKE, CASE_BAR, GtkBox)

/* The submission's status and flags, above its text. Changes go through the
 * history; the bar shows them again when told (intake_case_bar_set_status,
 * intake_case_bar_set_codings), as the reader is after the history changed. */
GtkWidget        *intake_case_bar_new            (void);
IntakeHistory    *intake_case_bar_get_history    (IntakeCaseBar    *self);
void              intake_case_bar_set_history    (IntakeCaseBar    *self,
                                                  IntakeHistory    *history);
IntakeCodebook   *intake_case_bar_get_codebook   (IntakeCaseBar    *self);
/* The flags are the codable codes of @codebook's Flags group. */
void              intake_case_bar_set_codebook   (IntakeCaseBar    *self,
                                                  IntakeCodebook   *codebook);
IntakeSubmission *intake_case_bar_get_submission (IntakeCaseBar    *self);
/* Also shows @submission's status. */
void              intake_case_bar_set_submission (IntakeCaseBar    *self,
                                                  IntakeSubmission *submission);
IntakeStatus      intake_case_bar_get_status     (IntakeCaseBar    *self);
void              intake_case_bar_set_status     (IntakeCaseBar    *self,
                                                  IntakeStatus      status);
/* The submission's codings (IntakeCoding); the raised flags are the
 * reviewer's whole-submission ones. */
void              intake_case_bar_set_codings    (IntakeCaseBar    *self,
                                                  GPtrArray        *codings);

G_END_DECLS
