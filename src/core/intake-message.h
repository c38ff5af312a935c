#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define INTAKE_MESSAGE_ERROR (intake_message_error_quark ())

typedef enum
{
  INTAKE_MESSAGE_ERROR_EMPTY,
  INTAKE_MESSAGE_ERROR_NO_HEADERS,
  INTAKE_MESSAGE_ERROR_TOO_LARGE,
  INTAKE_MESSAGE_ERROR_UNPARSABLE,
} IntakeMessageError;

typedef struct
{
  char   *filename;
  char   *mime_type;
  GBytes *data;
  char   *sha256;
  char   *text;        /* extracted text, or NULL */
  char   *note;        /* why no text was extracted, or what of it was not kept; or NULL */
} IntakeParsedAttachment;

/* A message decoded into what the store keeps; all strings are UTF-8. */
typedef struct
{
  char      *message_id;   /* without angle brackets, or NULL */
  char      *subject;
  char      *from_name;
  char      *from_addr;
  gint64     date;         /* Unix time, UTC; meaningful only if has_date */
  gboolean   has_date;
  char      *in_reply_to;
  char      *references;   /* space separated, without angle brackets */
  char      *body;         /* the message's own text */
  char      *text;         /* body, then each attachment's text under a heading */
  char      *note;         /* for the person: what the message holds that was not kept, or NULL */
  char      *content_hash; /* hex sha256 of normalised sender, subject and text; only without message_id */
  const char *language;    /* "English", "French", or NULL when it cannot be told */
  GPtrArray *attachments;  /* IntakeParsedAttachment */
  char     **attributes;   /* case attributes the source gave: name, value, …; or NULL */
  char      *guid;         /* the REFI-QDA source GUID it came with (a .qdpx), or NULL */
} IntakeParsedMessage;

GQuark               intake_message_error_quark (void);
void                 intake_message_init        (void);
IntakeParsedMessage *intake_message_parse       (const char          *data,
                                                 gsize                len,
                                                 GError             **error);
void                 intake_parsed_message_free (IntakeParsedMessage *message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IntakeParsedMessage, intake_parsed_message_free)

G_END_DECLS
