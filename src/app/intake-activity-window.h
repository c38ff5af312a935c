#pragma once

#include <adwaita.h>

#include "intake-project.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_ACTIVITY_WINDOW (intake_activity_window_get_type ())
G_DECLARE_FINAL_TYPE (IntakeActivityWindow, intake_activity_window, INTAKE, ACTIVITY_WINDOW, AdwWindow)

/* The project's audit trail, newest first, following its changes. Its
 * "open-submission" signal (a gint64 submission id) says a row was
 * activated: whoever shows submissions opens that one. */
GtkWidget     *intake_activity_window_new         (GtkWindow            *parent,
                                                   IntakeProject        *project);
IntakeProject *intake_activity_window_get_project (IntakeActivityWindow *self);

/* The reviewer whose changes are listed, NULL for everyone. */
const char    *intake_activity_window_get_reviewer (IntakeActivityWindow *self);
void           intake_activity_window_set_reviewer (IntakeActivityWindow *self,
                                                    const char           *reviewer);

/* The listed changes (all of them, for the reviewer picked) as CSV, written
 * in a worker thread; what happened is also told in a toast. */
void           intake_activity_window_export_file        (IntakeActivityWindow  *self,
                                                          GFile                 *file,
                                                          GCancellable          *cancellable,
                                                          GAsyncReadyCallback    callback,
                                                          gpointer               user_data);
gboolean       intake_activity_window_export_file_finish (IntakeActivityWindow  *self,
                                                          GAsyncResult          *result,
                                                          GError               **error);

G_END_DECLS
