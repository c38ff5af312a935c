#pragma once

#include <gio/gio.h>

#include "intake-store.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_SUBMISSION_LIST (intake_submission_list_get_type ())
G_DECLARE_FINAL_TYPE (IntakeSubmissionList, intake_submission_list, INTAKE, SUBMISSION_LIST, GObject)

/* A GListModel of IntakeSubmission summaries (no text) for the ids it is
 * given, in their order, loading rows a page at a time. Its owner decides
 * what it shows: ids it read itself, or a filter the list runs on a worker
 * thread, showing its first page as soon as it is read. */
IntakeSubmissionList *intake_submission_list_new           (IntakeStore          *store);
IntakeStore          *intake_submission_list_get_store     (IntakeSubmissionList *self);
void                  intake_submission_list_set_ids       (IntakeSubmissionList *self,
                                                            const gint64         *ids,
                                                            guint                 n_ids);
void                  intake_submission_list_set_filter    (IntakeSubmissionList *self,
                                                            const IntakeFilter   *filter);
gboolean              intake_submission_list_get_searching (IntakeSubmissionList *self);
gint64                intake_submission_list_get_id        (IntakeSubmissionList *self,
                                                            guint                 position);
gboolean              intake_submission_list_find          (IntakeSubmissionList *self,
                                                            gint64                id,
                                                            guint                *position);
void                  intake_submission_list_refresh_id    (IntakeSubmissionList *self,
                                                            gint64                id);

G_END_DECLS
