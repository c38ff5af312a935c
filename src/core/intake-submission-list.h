#pragma once

#include <gio/gio.h>

#include "intake-store.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_SUBMISSION_LIST (intake_submission_list_get_type ())
G_DECLARE_FINAL_TYPE (IntakeSubmissionList, intake_submission_list, INTAKE, SUBMISSION_LIST, GObject)

/* A GListModel of IntakeSubmission summaries (no text) that loads rows a page at a time. */
IntakeSubmissionList *intake_submission_list_new     (IntakeStore          *store);
IntakeStore          *intake_submission_list_get_store (IntakeSubmissionList *self);
void                  intake_submission_list_reload  (IntakeSubmissionList *self);

G_END_DECLS
