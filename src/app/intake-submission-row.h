#pragma once

#include <adwaita.h>

#include "intake-submission.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_SUBMISSION_ROW (intake_submission_row_get_type ())
G_DECLARE_FINAL_TYPE (IntakeSubmissionRow, intake_submission_row, INTAKE, SUBMISSION_ROW, AdwBin)

GtkWidget        *intake_submission_row_new            (void);
IntakeSubmission *intake_submission_row_get_submission (IntakeSubmissionRow *self);
void              intake_submission_row_set_submission (IntakeSubmissionRow *self,
                                                        IntakeSubmission    *submission);
char             *intake_format_date_short             (GDateTime           *date);

G_END_DECLS
