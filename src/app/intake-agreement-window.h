#pragma once

#include <adwaita.h>

#include "intake-project.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_AGREEMENT_WINDOW (intake_agreement_window_get_type ())
G_DECLARE_FINAL_TYPE (IntakeAgreementWindow, intake_agreement_window, INTAKE, AGREEMENT_WINDOW, AdwWindow)

/* How far the project's reviewers agree, code by code, and the
 * disagreements left to adjudicate; measured on a worker thread and again
 * whenever the project changes. */
GtkWidget     *intake_agreement_window_new         (GtkWindow             *parent,
                                                    IntakeProject         *project);
IntakeProject *intake_agreement_window_get_project (IntakeAgreementWindow *self);
/* Whether a measurement or a listing is under way. */
gboolean       intake_agreement_window_get_busy    (IntakeAgreementWindow *self);

G_END_DECLS
