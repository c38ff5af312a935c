#pragma once

#include <adwaita.h>

#include "intake-application.h"
#include "intake-store.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_WINDOW (intake_window_get_type ())
G_DECLARE_FINAL_TYPE (IntakeWindow, intake_window, INTAKE, WINDOW, AdwApplicationWindow)

IntakeWindow *intake_window_new           (IntakeApplication *application,
                                           IntakeStore       *store);
IntakeStore  *intake_window_get_store     (IntakeWindow      *self);
gboolean      intake_window_get_busy      (IntakeWindow      *self);
gboolean      intake_window_import_files  (IntakeWindow      *self,
                                           GFile * const     *files,
                                           guint              n_files);
void          intake_window_cancel_import (IntakeWindow      *self);

G_END_DECLS
