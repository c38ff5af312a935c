#pragma once

#include <adwaita.h>

#include "intake-project.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_ACTIVITY_WINDOW (intake_activity_window_get_type ())
G_DECLARE_FINAL_TYPE (IntakeActivityWindow, intake_activity_window, INTAKE, ACTIVITY_WINDOW, AdwWindow)

/* The project's audit trail, newest first, following its changes. */
GtkWidget     *intake_activity_window_new         (GtkWindow            *parent,
                                                   IntakeProject        *project);
IntakeProject *intake_activity_window_get_project (IntakeActivityWindow *self);

/* The reviewer whose changes are listed, NULL for everyone. */
const char    *intake_activity_window_get_reviewer (IntakeActivityWindow *self);
void           intake_activity_window_set_reviewer (IntakeActivityWindow *self,
                                                    const char           *reviewer);

G_END_DECLS
