#pragma once

#include <adwaita.h>

#include "intake-application.h"
#include "intake-project.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_WINDOW (intake_window_get_type ())
G_DECLARE_FINAL_TYPE (IntakeWindow, intake_window, INTAKE, WINDOW, AdwApplicationWindow)

/* A window on @project: it names the project's reviewer and hands the
 * project to every view in it. */
IntakeWindow  *intake_window_new           (IntakeApplication *application,
                                            IntakeProject     *project);
IntakeProject *intake_window_get_project   (IntakeWindow      *self);
gboolean       intake_window_get_busy      (IntakeWindow      *self);
gboolean       intake_window_import_files  (IntakeWindow      *self,
                                            GFile * const     *files,
                                            guint              n_files);
gboolean       intake_window_open_files    (IntakeWindow      *self,
                                            GFile * const     *files,
                                            guint              n_files);
void           intake_window_cancel_import (IntakeWindow      *self);
/* What Export and Import REFI-QDA Project… do once the files are chosen. */
void           intake_window_export_qdpx   (IntakeWindow      *self,
                                            GFile             *file);
void           intake_window_import_qdpx   (IntakeWindow      *self,
                                            GFile             *qdpx,
                                            GFile             *project);
void           intake_window_add_project_filter (GtkFileChooser *chooser);
/* Asks to merge @files (GFile: reviewers' projects) into the window's
 * project, as Merge Reviewer Projects does once they are chosen. */
void           intake_window_merge_files   (IntakeWindow      *self,
                                            GListModel        *files);

G_END_DECLS
