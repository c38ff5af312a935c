#pragma once

#include <adwaita.h>

#include "intake-pinned-codes.h"
#include "intake-project.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_CODE_PANEL (intake_code_panel_get_type ())
G_DECLARE_FINAL_TYPE (IntakeCodePanel, intake_code_panel, INTAKE, CODE_PANEL, AdwBin)

/* The project's codes, each with a check box for coding the whole
 * submission, the number of its excerpts in the submission and a pin;
 * kept up to date with the project's changes. P on a row pins or unpins. */
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
/* The reviewer's codings of the open submission with @code_guid, whole
 * and excerpts, as the panel shows them. */
guint           intake_code_panel_get_count      (IntakeCodePanel *self,
                                                  const char      *code_guid);
/* The excerpts of the open submission coded with @code_guid, as shown. */
guint           intake_code_panel_get_n_excerpts (IntakeCodePanel *self,
                                                  const char      *code_guid);
/* For tests: the row and the pin button of a code, or NULL. */
GtkWidget      *intake_code_panel_get_row        (IntakeCodePanel *self,
                                                  const char      *code_guid);
GtkToggleButton *intake_code_panel_get_pin_button (IntakeCodePanel *self,
                                                   const char      *code_guid);

G_END_DECLS
