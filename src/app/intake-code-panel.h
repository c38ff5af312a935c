#pragma once

#include <adwaita.h>

#include "intake-project.h"

G_BEGIN_DECLS

#define INTAKE_MAX_PINNED_CODES 9

#define INTAKE_TYPE_CODE_PANEL (intake_code_panel_get_type ())
G_DECLARE_FINAL_TYPE (IntakeCodePanel, intake_code_panel, INTAKE, CODE_PANEL, AdwBin)

/* The project's codes with their counts, a check box for coding the whole
 * submission and a pin; kept up to date with the project's changes. */
GtkWidget      *intake_code_panel_new            (void);
void            intake_code_panel_set_project    (IntakeCodePanel *self,
                                                  IntakeProject   *project);
IntakeProject  *intake_code_panel_get_project    (IntakeCodePanel *self);
/* 0 for none */
void            intake_code_panel_set_submission (IntakeCodePanel *self,
                                                  gint64           submission_id);
void            intake_code_panel_focus_search   (IntakeCodePanel *self);
/* Adds the reviewer's whole-submission coding with @code_guid, or removes
 * it when there is one; through the project, so it can be undone. */
gboolean        intake_code_panel_toggle_whole   (IntakeCodePanel *self,
                                                  const char      *code_guid,
                                                  GError         **error);
/* For tests and the window: the check box of a code, or NULL. */
GtkCheckButton *intake_code_panel_get_check      (IntakeCodePanel *self,
                                                  const char      *code_guid);
/* The number of submissions coded with @code_guid as the panel shows it. */
guint           intake_code_panel_get_count      (IntakeCodePanel *self,
                                                  const char      *code_guid);

G_END_DECLS
