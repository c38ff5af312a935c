#pragma once

#include <gio/gio.h>

#include "intake-status.h"

G_BEGIN_DECLS

/* What kind of file a submission was imported from. */
typedef enum
{
  INTAKE_SOURCE_KIND_UNKNOWN,   /* its file's record is gone */
  INTAKE_SOURCE_KIND_MAIL,      /* mbox, Maildir, .eml */
  INTAKE_SOURCE_KIND_OUTLOOK,   /* .msg, .pst, .ost */
  INTAKE_SOURCE_KIND_SURVEY,    /* a survey or portal export (CSV) */
} IntakeSourceKind;

/* The names the project file keeps them by, and back (UNKNOWN for NULL or another). */
const char       *intake_source_kind_to_string   (IntakeSourceKind kind);
IntakeSourceKind  intake_source_kind_from_string (const char      *string);

#define INTAKE_TYPE_ATTACHMENT (intake_attachment_get_type ())
G_DECLARE_FINAL_TYPE (IntakeAttachment, intake_attachment, INTAKE, ATTACHMENT, GObject)

const char *intake_attachment_get_filename  (IntakeAttachment *self);
const char *intake_attachment_get_mime_type (IntakeAttachment *self);
gint64      intake_attachment_get_size      (IntakeAttachment *self);
const char *intake_attachment_get_sha256    (IntakeAttachment *self);
const char *intake_attachment_get_text      (IntakeAttachment *self);
/* Why no text could be extracted, or NULL. */
const char *intake_attachment_get_note      (IntakeAttachment *self);

#define INTAKE_TYPE_SUBMISSION (intake_submission_get_type ())
G_DECLARE_FINAL_TYPE (IntakeSubmission, intake_submission, INTAKE, SUBMISSION, GObject)

gint64      intake_submission_get_id            (IntakeSubmission *self);
const char *intake_submission_get_message_id    (IntakeSubmission *self);
const char *intake_submission_get_subject       (IntakeSubmission *self);
const char *intake_submission_get_from_name     (IntakeSubmission *self);
const char *intake_submission_get_from_addr     (IntakeSubmission *self);
GDateTime  *intake_submission_get_date          (IntakeSubmission *self);
char       *intake_submission_dup_date_iso8601  (IntakeSubmission *self);
guint       intake_submission_get_n_attachments (IntakeSubmission *self);
IntakeStatus intake_submission_get_status       (IntakeSubmission *self);
const char *intake_submission_get_in_reply_to   (IntakeSubmission *self);
/* Only set on submissions loaded whole (intake_store_get_submission). */
const char *intake_submission_get_text          (IntakeSubmission *self);
/* What the import could not keep of the message (nesting, size), or NULL. */
const char *intake_submission_get_note          (IntakeSubmission *self);
GListModel *intake_submission_get_attachments   (IntakeSubmission *self);
IntakeSourceKind intake_submission_get_source_kind (IntakeSubmission *self);

/* For the store. */
IntakeSubmission *_intake_submission_new        (gint64      id,
                                                 const char *message_id,
                                                 const char *subject,
                                                 const char *from_name,
                                                 const char *from_addr,
                                                 GDateTime  *date,
                                                 guint       n_attachments,
                                                 IntakeStatus status,
                                                 const char *in_reply_to);
void              _intake_submission_set_source_kind (IntakeSubmission *self,
                                                     IntakeSourceKind  kind);
void              _intake_submission_set_text   (IntakeSubmission *self,
                                                 const char       *text,
                                                 const char       *note);
void              _intake_submission_add_attachment (IntakeSubmission *self,
                                                     const char       *filename,
                                                     const char       *mime_type,
                                                     gint64            size,
                                                     const char       *sha256,
                                                     const char       *text,
                                                     const char       *note);

G_END_DECLS
