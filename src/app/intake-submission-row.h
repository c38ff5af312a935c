#pragma once

#include <adwaita.h>

#include "intake-submission.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_SUBMISSION_ROW (intake_submission_row_get_type ())
G_DECLARE_FINAL_TYPE (IntakeSubmissionRow, intake_submission_row, INTAKE, SUBMISSION_ROW, GtkWidget)

GtkWidget        *intake_submission_row_new            (void);
IntakeSubmission *intake_submission_row_get_submission (IntakeSubmissionRow *self);
void              intake_submission_row_set_submission (IntakeSubmissionRow *self,
                                                        IntakeSubmission    *submission);
gboolean          intake_submission_row_get_flagged    (IntakeSubmissionRow *self);
/* Whether the submission carries the safeguarding flag, which the row
 * shows so that nobody misses it. */
void              intake_submission_row_set_flagged    (IntakeSubmissionRow *self,
                                                        gboolean             flagged);
/* For a list view's factory: bind and unbind the row at once. */
void              intake_submission_row_bind           (IntakeSubmissionRow *self,
                                                        IntakeSubmission    *submission,
                                                        gboolean             flagged);
void              intake_submission_row_unbind         (IntakeSubmissionRow *self);
char             *intake_format_date_short             (GDateTime           *date);

G_END_DECLS
