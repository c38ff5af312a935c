#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define INTAKE_TYPE_APPLICATION (intake_application_get_type ())
G_DECLARE_FINAL_TYPE (IntakeApplication, intake_application, INTAKE, APPLICATION, AdwApplication)

IntakeApplication *intake_application_new          (void);
GtkWindow         *intake_application_open_project (IntakeApplication  *self,
                                                    GFile              *file,
                                                    GError            **error);
GFile             *intake_application_dup_default_project (void);

G_END_DECLS
