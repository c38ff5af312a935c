#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define INTAKE_OUTLOOK_ERROR (intake_outlook_error_quark ())

typedef enum
{
  INTAKE_OUTLOOK_ERROR_DAMAGED,
  INTAKE_OUTLOOK_ERROR_NOT_OUTLOOK,
  INTAKE_OUTLOOK_ERROR_TOO_LARGE,
} IntakeOutlookError;

/* MAPI property identifiers (the upper 16 bits of a property tag) and types. */
enum
{
  INTAKE_MAPI_MESSAGE_CLASS                = 0x001A,
  INTAKE_MAPI_SUBJECT                      = 0x0037,
  INTAKE_MAPI_CLIENT_SUBMIT_TIME           = 0x0039,
  INTAKE_MAPI_SENT_REPRESENTING_NAME       = 0x0042,
  INTAKE_MAPI_SENT_REPRESENTING_ADDRTYPE   = 0x0064,
  INTAKE_MAPI_SENT_REPRESENTING_EMAIL      = 0x0065,
  INTAKE_MAPI_TRANSPORT_MESSAGE_HEADERS    = 0x007D,
  INTAKE_MAPI_RECIPIENT_TYPE              = 0x0C15,
  INTAKE_MAPI_SENDER_NAME                  = 0x0C1A,
  INTAKE_MAPI_SENDER_ADDRTYPE              = 0x0C1E,
  INTAKE_MAPI_SENDER_EMAIL_ADDRESS         = 0x0C1F,
  INTAKE_MAPI_MESSAGE_DELIVERY_TIME        = 0x0E06,
  INTAKE_MAPI_BODY                         = 0x1000,
  INTAKE_MAPI_RTF_COMPRESSED               = 0x1009,
  INTAKE_MAPI_HTML                         = 0x1013,
  INTAKE_MAPI_INTERNET_MESSAGE_ID          = 0x1035,
  INTAKE_MAPI_IN_REPLY_TO_ID               = 0x1042,
  INTAKE_MAPI_INTERNET_REFERENCES          = 0x1039,
  INTAKE_MAPI_DISPLAY_NAME                 = 0x3001,
  INTAKE_MAPI_ADDRTYPE                     = 0x3002,
  INTAKE_MAPI_EMAIL_ADDRESS                = 0x3003,
  INTAKE_MAPI_ATTACH_DATA                  = 0x3701,
  INTAKE_MAPI_ATTACH_FILENAME              = 0x3704,
  INTAKE_MAPI_ATTACH_METHOD                = 0x3705,
  INTAKE_MAPI_ATTACH_LONG_FILENAME         = 0x3707,
  INTAKE_MAPI_ATTACH_MIME_TAG              = 0x370E,
  INTAKE_MAPI_SMTP_ADDRESS                 = 0x39FE,
  INTAKE_MAPI_INTERNET_CPID                = 0x3FDE,
  INTAKE_MAPI_MESSAGE_CODEPAGE             = 0x3FFD,
  INTAKE_MAPI_SENDER_SMTP_ADDRESS          = 0x5D01,
  INTAKE_MAPI_SENT_REPRESENTING_SMTP       = 0x5D02,
  INTAKE_MAPI_RECIPIENT_DISPLAY_NAME       = 0x5FF6,
};

enum
{
  INTAKE_MAPI_TYPE_INT16   = 0x0002,
  INTAKE_MAPI_TYPE_INT32   = 0x0003,
  INTAKE_MAPI_TYPE_BOOLEAN = 0x000B,
  INTAKE_MAPI_TYPE_OBJECT  = 0x000D,
  INTAKE_MAPI_TYPE_INT64   = 0x0014,
  INTAKE_MAPI_TYPE_STRING8 = 0x001E,
  INTAKE_MAPI_TYPE_UNICODE = 0x001F,
  INTAKE_MAPI_TYPE_TIME    = 0x0040,
  INTAKE_MAPI_TYPE_BINARY  = 0x0102,
};

/* ATTACH_EMBEDDED_MSG: the attachment is a message of its own. */
#define INTAKE_MAPI_ATTACH_EMBEDDED_MSG 5

/* PR_RECIPIENT_TYPE: MAPI_TO, MAPI_CC, MAPI_BCC, with flags above; MAPI_P1
 * marks a recipient kept for a resend, not one the message went to. */
enum
{
  INTAKE_MAPI_TO  = 1,
  INTAKE_MAPI_CC  = 2,
  INTAKE_MAPI_BCC = 3,
};
#define INTAKE_MAPI_RECIPIENT_P1 0x10000000

typedef struct _IntakeMapiBag IntakeMapiBag;

/* What a message, or one of its attachments, holds: .msg files and .pst
 * items answer the same questions, so one mapping serves both. */
typedef struct
{
  /* The value of property @id as stored (strings in their own encoding,
   * numbers little-endian), with its type; NULL without error when absent. */
  GBytes        *(*get)           (IntakeMapiBag  *bag,
                                   guint16         id,
                                   guint16        *type,
                                   GError        **error);
  guint          (*n_attachments) (IntakeMapiBag  *bag);
  IntakeMapiBag *(*attachment)    (IntakeMapiBag  *bag,
                                   guint           index,
                                   GError        **error);
  /* The message an attachment of method ATTACH_EMBEDDED_MSG holds. */
  IntakeMapiBag *(*embedded)      (IntakeMapiBag  *attachment,
                                   GError        **error);
  /* The rows of a message's recipient table, each a bag of its own, valid
   * while the message's bag is. */
  guint          (*n_recipients)  (IntakeMapiBag  *bag);
  IntakeMapiBag *(*recipient)     (IntakeMapiBag  *bag,
                                   guint           index,
                                   GError        **error);
  void           (*free)          (IntakeMapiBag  *bag);
} IntakeMapiBagFuncs;

struct _IntakeMapiBag
{
  const IntakeMapiBagFuncs *funcs;
  guint                     codepage;   /* of 8-bit strings when the message names none */
};

GQuark         intake_outlook_error_quark    (void);
void           intake_outlook_init           (void);

void           intake_mapi_bag_free          (IntakeMapiBag  *bag);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IntakeMapiBag, intake_mapi_bag_free)

char          *intake_mapi_bag_get_string    (IntakeMapiBag  *bag,
                                              guint16         id);
gboolean       intake_mapi_bag_get_int32     (IntakeMapiBag  *bag,
                                              guint16         id,
                                              gint32         *value);
gboolean       intake_mapi_bag_get_time      (IntakeMapiBag  *bag,
                                              guint16         id,
                                              gint64         *unix_time);

const char    *intake_mapi_codepage_charset  (guint           codepage);

/* Why an item of this class is not a submission (a contact, a note…), for
 * the person; NULL when it is a message. */
char          *intake_outlook_skip_reason    (const char     *message_class);

/* The item as an RFC 5322 message, for the importer's message path. */
GBytes        *intake_outlook_to_mime        (IntakeMapiBag  *message,
                                              GError        **error);

/* The body an RTF document holds, as UTF-8: the HTML it encapsulates
 * (\fromhtml1, MS-OXRTFEX), with *@is_html set; else its text, encapsulated
 * (\fromtext) or its own rich text made plain. NULL if @rtf is not RTF. */
char          *intake_rtf_body               (const char     *rtf,
                                              gsize           len,
                                              gboolean       *is_html);

/* .msg files: OLE2 compound files (MS-OXMSG) */
gboolean       intake_outlook_is_ole2        (const guint8   *data,
                                              gsize           len);
IntakeMapiBag *intake_outlook_msg_open       (GBytes         *data,
                                              GError        **error);
IntakeMapiBag *intake_outlook_msg_open_file  (const char     *path,
                                              GError        **error);

/* .pst and .ost files, through libpff: one item at a time. */
typedef struct _IntakePstReader IntakePstReader;

gboolean         intake_outlook_is_pst       (const guint8    *data,
                                              gsize            len);
IntakePstReader *intake_pst_reader_open      (const char      *path,
                                              GError         **error);
guint            intake_pst_reader_count     (IntakePstReader *reader);
/* Moves to the next message: FALSE at the end. Either *@bag is set, or
 * *@item_error says why this one could not be read; *@position says where
 * it is, for the person. */
gboolean         intake_pst_reader_next      (IntakePstReader *reader,
                                              IntakeMapiBag  **bag,
                                              char           **position,
                                              GError         **item_error);
void             intake_pst_reader_free      (IntakePstReader *reader);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IntakePstReader, intake_pst_reader_free)

G_END_DECLS
