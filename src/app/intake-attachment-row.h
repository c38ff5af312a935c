#pragma once

#include <adwaita.h>

#include "intake-submission.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_ATTACHMENT_ROW (intake_attachment_row_get_type ())
G_DECLARE_FINAL_TYPE (IntakeAttachmentRow, intake_attachment_row, INTAKE, ATTACHMENT_ROW, AdwExpanderRow)

/* An attachment's name, type and size; expanded, its extracted text, or why
 * there is none. */
GtkWidget        *intake_attachment_row_new            (IntakeAttachment    *attachment);
IntakeAttachment *intake_attachment_row_get_attachment (IntakeAttachmentRow *self);

G_END_DECLS
