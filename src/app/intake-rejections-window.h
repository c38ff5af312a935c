#pragma once

#include <adwaita.h>

#include "intake-project.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_REJECTIONS_WINDOW (intake_rejections_window_get_type ())
G_DECLARE_FINAL_TYPE (IntakeRejectionsWindow, intake_rejections_window, INTAKE, REJECTIONS_WINDOW, AdwWindow)

/* The messages the project's imports could not keep, and why; read again
 * when shown and after each import. */
GtkWidget     *intake_rejections_window_new         (GtkWindow              *parent,
                                                     IntakeProject          *project);
IntakeProject *intake_rejections_window_get_project (IntakeRejectionsWindow *self);

G_END_DECLS
