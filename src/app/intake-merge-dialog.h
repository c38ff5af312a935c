#pragma once

#include <adwaita.h>

#include "intake-project.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_MERGE_DIALOG (intake_merge_dialog_get_type ())
G_DECLARE_FINAL_TYPE (IntakeMergeDialog, intake_merge_dialog, INTAKE, MERGE_DIALOG, AdwWindow)

typedef enum
{
  INTAKE_MERGE_DIALOG_MERGING,
  INTAKE_MERGE_DIALOG_DONE,      /* what was added and what conflicted is shown */
  INTAKE_MERGE_DIALOG_STOPPED,   /* cancelled or failed: the project is as it was */
} IntakeMergeDialogState;

/* "Merge Reviewer Projects": merges @files (GFile) into @project on a
 * worker thread at once, with its progress and Cancel, then lists what was
 * added and each conflict (the submission, the attribute or status, this
 * project's value and theirs). Cancelled or failed, it says so and closes;
 * closing it while it merges cancels the merge. */
GtkWidget              *intake_merge_dialog_new         (GtkWindow         *parent,
                                                         IntakeProject     *project,
                                                         GListModel        *files);
IntakeMergeDialogState  intake_merge_dialog_get_state   (IntakeMergeDialog *self);
/* What the merge did, once it is done; NULL before. */
const IntakeMergeSummary *
                        intake_merge_dialog_get_summary (IntakeMergeDialog *self);

G_END_DECLS
