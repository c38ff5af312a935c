#define G_LOG_DOMAIN "intake-submission"

#include "config.h"

#include "intake-submission.h"

struct _IntakeAttachment
{
  GObject  parent_instance;

  char    *filename;
  char    *mime_type;
  gint64   size;
  char    *sha256;
  char    *text;
  char    *note;
};

G_DEFINE_FINAL_TYPE (IntakeAttachment, intake_attachment, G_TYPE_OBJECT)

enum {
  ATTACHMENT_PROP_0,
  ATTACHMENT_PROP_FILENAME,
  ATTACHMENT_PROP_MIME_TYPE,
  ATTACHMENT_PROP_SIZE,
  ATTACHMENT_PROP_TEXT,
  ATTACHMENT_PROP_NOTE,
  ATTACHMENT_N_PROPS
};
static GParamSpec *attachment_properties[ATTACHMENT_N_PROPS];

static void
intake_attachment_finalize (GObject *object)
{
  IntakeAttachment *self = INTAKE_ATTACHMENT (object);

  g_free (self->filename);
  g_free (self->mime_type);
  g_free (self->sha256);
  g_free (self->text);
  g_free (self->note);

  G_OBJECT_CLASS (intake_attachment_parent_class)->finalize (object);
}

static void
intake_attachment_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  IntakeAttachment *self = INTAKE_ATTACHMENT (object);

  switch (prop_id)
    {
    case ATTACHMENT_PROP_FILENAME:
      g_value_set_string (value, self->filename);
      break;
    case ATTACHMENT_PROP_MIME_TYPE:
      g_value_set_string (value, self->mime_type);
      break;
    case ATTACHMENT_PROP_SIZE:
      g_value_set_int64 (value, self->size);
      break;
    case ATTACHMENT_PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case ATTACHMENT_PROP_NOTE:
      g_value_set_string (value, self->note);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_attachment_class_init (IntakeAttachmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = intake_attachment_finalize;
  object_class->get_property = intake_attachment_get_property;

  attachment_properties[ATTACHMENT_PROP_FILENAME] =
    g_param_spec_string ("filename", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  attachment_properties[ATTACHMENT_PROP_MIME_TYPE] =
    g_param_spec_string ("mime-type", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  attachment_properties[ATTACHMENT_PROP_SIZE] =
    g_param_spec_int64 ("size", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  attachment_properties[ATTACHMENT_PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  attachment_properties[ATTACHMENT_PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, ATTACHMENT_N_PROPS, attachment_properties);
}

static void
intake_attachment_init (IntakeAttachment *self)
{
}

const char *
intake_attachment_get_filename (IntakeAttachment *self)
{
  g_return_val_if_fail (INTAKE_IS_ATTACHMENT (self), NULL);
  return self->filename;
}

const char *
intake_attachment_get_mime_type (IntakeAttachment *self)
{
  g_return_val_if_fail (INTAKE_IS_ATTACHMENT (self), NULL);
  return self->mime_type;
}

gint64
intake_attachment_get_size (IntakeAttachment *self)
{
  g_return_val_if_fail (INTAKE_IS_ATTACHMENT (self), 0);
  return self->size;
}

const char *
intake_attachment_get_sha256 (IntakeAttachment *self)
{
  g_return_val_if_fail (INTAKE_IS_ATTACHMENT (self), NULL);
  return self->sha256;
}

const char *
intake_attachment_get_text (IntakeAttachment *self)
{
  g_return_val_if_fail (INTAKE_IS_ATTACHMENT (self), NULL);
  return self->text;
}

const char *
intake_attachment_get_note (IntakeAttachment *self)
{
  g_return_val_if_fail (INTAKE_IS_ATTACHMENT (self), NULL);
  return self->note;
}

struct _IntakeSubmission
{
  GObject     parent_instance;

  gint64      id;
  char       *message_id;
  char       *subject;
  char       *from_name;
  char       *from_addr;
  GDateTime  *date;
  guint       n_attachments;
  IntakeStatus status;
  IntakeSourceKind source_kind;
  char       *in_reply_to;
  char       *text;
  char       *note;
  GListStore *attachments;
};

G_DEFINE_FINAL_TYPE (IntakeSubmission, intake_submission, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_MESSAGE_ID,
  PROP_SUBJECT,
  PROP_FROM_NAME,
  PROP_FROM_ADDR,
  PROP_DATE,
  PROP_N_ATTACHMENTS,
  PROP_STATUS,
  PROP_IN_REPLY_TO,
  PROP_TEXT,
  PROP_NOTE,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static void
intake_submission_dispose (GObject *object)
{
  IntakeSubmission *self = INTAKE_SUBMISSION (object);

  g_clear_object (&self->attachments);

  G_OBJECT_CLASS (intake_submission_parent_class)->dispose (object);
}

static void
intake_submission_finalize (GObject *object)
{
  IntakeSubmission *self = INTAKE_SUBMISSION (object);

  g_free (self->message_id);
  g_free (self->subject);
  g_free (self->from_name);
  g_free (self->from_addr);
  g_clear_pointer (&self->date, g_date_time_unref);
  g_free (self->in_reply_to);
  g_free (self->text);
  g_free (self->note);

  G_OBJECT_CLASS (intake_submission_parent_class)->finalize (object);
}

static void
intake_submission_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  IntakeSubmission *self = INTAKE_SUBMISSION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_MESSAGE_ID:
      g_value_set_string (value, self->message_id);
      break;
    case PROP_SUBJECT:
      g_value_set_string (value, self->subject);
      break;
    case PROP_FROM_NAME:
      g_value_set_string (value, self->from_name);
      break;
    case PROP_FROM_ADDR:
      g_value_set_string (value, self->from_addr);
      break;
    case PROP_DATE:
      g_value_set_boxed (value, self->date);
      break;
    case PROP_N_ATTACHMENTS:
      g_value_set_uint (value, self->n_attachments);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_IN_REPLY_TO:
      g_value_set_string (value, self->in_reply_to);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    case PROP_NOTE:
      g_value_set_string (value, self->note);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_submission_class_init (IntakeSubmissionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->dispose = intake_submission_dispose;
  object_class->finalize = intake_submission_finalize;
  object_class->get_property = intake_submission_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_MESSAGE_ID] = g_param_spec_string ("message-id", NULL, NULL, NULL, flags);
  properties[PROP_SUBJECT] = g_param_spec_string ("subject", NULL, NULL, NULL, flags);
  properties[PROP_FROM_NAME] = g_param_spec_string ("from-name", NULL, NULL, NULL, flags);
  properties[PROP_FROM_ADDR] = g_param_spec_string ("from-addr", NULL, NULL, NULL, flags);
  properties[PROP_DATE] = g_param_spec_boxed ("date", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_N_ATTACHMENTS] = g_param_spec_uint ("n-attachments", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL, INTAKE_TYPE_STATUS, INTAKE_STATUS_NEW, flags);
  properties[PROP_IN_REPLY_TO] = g_param_spec_string ("in-reply-to", NULL, NULL, NULL, flags);
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, flags);
  properties[PROP_NOTE] = g_param_spec_string ("note", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
intake_submission_init (IntakeSubmission *self)
{
  self->attachments = g_list_store_new (INTAKE_TYPE_ATTACHMENT);
}

IntakeSubmission *
_intake_submission_new (gint64      id,
                        const char *message_id,
                        const char *subject,
                        const char *from_name,
                        const char *from_addr,
                        GDateTime  *date,
                        guint       n_attachments,
                        IntakeStatus status,
                        const char *in_reply_to)
{
  IntakeSubmission *self = g_object_new (INTAKE_TYPE_SUBMISSION, NULL);

  self->id = id;
  self->message_id = g_strdup (message_id);
  self->subject = g_strdup (subject ? subject : "");
  self->from_name = g_strdup (from_name ? from_name : "");
  self->from_addr = g_strdup (from_addr ? from_addr : "");
  self->date = date ? g_date_time_ref (date) : NULL;
  self->n_attachments = n_attachments;
  self->status = status;
  self->in_reply_to = g_strdup (in_reply_to);

  return self;
}

void
_intake_submission_set_source_kind (IntakeSubmission *self,
                                    IntakeSourceKind  kind)
{
  self->source_kind = kind;
}

void
_intake_submission_set_text (IntakeSubmission *self,
                             const char       *text,
                             const char       *note)
{
  g_free (self->text);
  self->text = g_strdup (text);
  g_free (self->note);
  self->note = g_strdup (note);
}

void
_intake_submission_add_attachment (IntakeSubmission *self,
                                   const char       *filename,
                                   const char       *mime_type,
                                   gint64            size,
                                   const char       *sha256,
                                   const char       *text,
                                   const char       *note)
{
  g_autoptr(IntakeAttachment) attachment = g_object_new (INTAKE_TYPE_ATTACHMENT, NULL);

  attachment->filename = g_strdup (filename);
  attachment->mime_type = g_strdup (mime_type);
  attachment->size = size;
  attachment->sha256 = g_strdup (sha256);
  attachment->text = g_strdup (text);
  attachment->note = g_strdup (note);
  g_list_store_append (self->attachments, attachment);
}

#define GETTER(type, name, fallback) \
  type \
  intake_submission_get_##name (IntakeSubmission *self) \
  { \
    g_return_val_if_fail (INTAKE_IS_SUBMISSION (self), fallback); \
    return self->name; \
  }

GETTER (gint64, id, 0)
GETTER (const char *, message_id, NULL)
GETTER (const char *, subject, NULL)
GETTER (const char *, from_name, NULL)
GETTER (const char *, from_addr, NULL)
GETTER (GDateTime *, date, NULL)
GETTER (guint, n_attachments, 0)
GETTER (IntakeStatus, status, INTAKE_STATUS_NEW)
GETTER (const char *, in_reply_to, NULL)
GETTER (const char *, text, NULL)
GETTER (const char *, note, NULL)
GETTER (IntakeSourceKind, source_kind, INTAKE_SOURCE_KIND_UNKNOWN)

#undef GETTER

GListModel *
intake_submission_get_attachments (IntakeSubmission *self)
{
  g_return_val_if_fail (INTAKE_IS_SUBMISSION (self), NULL);
  return G_LIST_MODEL (self->attachments);
}

char *
intake_submission_dup_date_iso8601 (IntakeSubmission *self)
{
  g_return_val_if_fail (INTAKE_IS_SUBMISSION (self), NULL);

  if (self->date == NULL)
    return NULL;

  return g_date_time_format (self->date, "%Y-%m-%dT%H:%M:%SZ");
}

static const char *source_kinds[] = {
  [INTAKE_SOURCE_KIND_MAIL]    = "mail",
  [INTAKE_SOURCE_KIND_OUTLOOK] = "outlook",
  [INTAKE_SOURCE_KIND_SURVEY]  = "survey",
};

const char *
intake_source_kind_to_string (IntakeSourceKind kind)
{
  return (guint) kind < G_N_ELEMENTS (source_kinds) ? source_kinds[kind] : NULL;
}

IntakeSourceKind
intake_source_kind_from_string (const char *string)
{
  for (guint i = 0; string != NULL && i < G_N_ELEMENTS (source_kinds); i++)
    if (g_strcmp0 (source_kinds[i], string) == 0)
      return i;

  return INTAKE_SOURCE_KIND_UNKNOWN;
}
