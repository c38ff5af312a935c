#pragma once

#include <adwaita.h>

#include "intake-project.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_CODE_CHOOSER (intake_code_chooser_get_type ())
G_DECLARE_FINAL_TYPE (IntakeCodeChooser, intake_code_chooser, INTAKE, CODE_CHOOSER, AdwBin)

/* A search entry over the list of the project's codes, "Any code" first,
 * for choosing one code to filter by. Any part of a code's path matches,
 * folded for case and accents. */
GtkWidget      *intake_code_chooser_new           (void);
IntakeProject  *intake_code_chooser_get_project   (IntakeCodeChooser *self);
void            intake_code_chooser_set_project   (IntakeCodeChooser *self,
                                                   IntakeProject     *project);
/* The chosen code's GUID, or NULL for "Any code". The string lasts until
 * the choice changes. */
const char     *intake_code_chooser_get_code_guid (IntakeCodeChooser *self);
/* Chooses the code with @code_guid, or "Any code" for NULL or a code not
 * in the codebook. */
void            intake_code_chooser_set_code_guid (IntakeCodeChooser *self,
                                                   const char        *code_guid);

G_END_DECLS
