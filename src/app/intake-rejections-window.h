#pragma once

#include <adwaita.h>

#include "intake-store.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_REJECTIONS_WINDOW (intake_rejections_window_get_type ())
G_DECLARE_FINAL_TYPE (IntakeRejectionsWindow, intake_rejections_window, INTAKE, REJECTIONS_WINDOW, AdwWindow)

GtkWidget   *intake_rejections_window_new       (GtkWindow              *parent,
                                                 IntakeStore            *store);
IntakeStore *intake_rejections_window_get_store (IntakeRejectionsWindow *self);

G_END_DECLS
