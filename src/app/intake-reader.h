#pragma once

#include <adwaita.h>

#include "intake-submission.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_READER (intake_reader_get_type ())
G_DECLARE_FINAL_TYPE (IntakeReader, intake_reader, INTAKE, READER, AdwBin)

GtkWidget        *intake_reader_new            (void);
IntakeSubmission *intake_reader_get_submission (IntakeReader     *self);
void              intake_reader_set_submission (IntakeReader     *self,
                                                IntakeSubmission *submission);

G_END_DECLS
