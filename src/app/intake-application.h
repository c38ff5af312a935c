#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define INTAKE_TYPE_APPLICATION (intake_application_get_type ())
G_DECLARE_FINAL_TYPE (IntakeApplication, intake_application, INTAKE, APPLICATION, AdwApplication)

IntakeApplication *intake_application_new          (void);
void               intake_application_open_project_async  (IntakeApplication    *self,
                                                           GFile                *file,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
GtkWindow         *intake_application_open_project_finish (IntakeApplication    *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
GFile             *intake_application_dup_default_project (void);
GFile             *intake_application_dup_sample_project  (void);

G_END_DECLS
