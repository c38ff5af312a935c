#define G_LOG_DOMAIN "intake-outlook"

#include "config.h"

#include <glib/gi18n-lib.h>
/* Debian's libpff-dev announces libbfio support without shipping libbfio's
 * header; nothing here opens files through libbfio. */
#include <libpff/features.h>
#undef LIBPFF_HAVE_BFIO
#include <libpff.h>
#include <string.h>

#include "intake-outlook.h"

/* .pst and .ost files through libpff, read one message at a time so that a
 * mailbox of any size costs the memory of its largest message. */

/* Folders inside folders: beyond this, a loop in a damaged file. */
#define MAX_FOLDER_DEPTH 64
#define MAX_VALUE_BYTES  (256u * 1024u * 1024u)

typedef enum
{
  PST_MESSAGE,
  PST_ATTACHMENT,
  PST_RECIPIENT,
} PstKind;

typedef struct
{
  IntakeMapiBag   base;
  libpff_item_t  *item;        /* owned, but for a recipient's */
  PstKind         kind;
  int             set;         /* the record set: a recipient's row */

  /* A message's recipient table, read at most once: libpff hands out one
   * item for it that must go before the message does. */
  gboolean        recipients_read;
  libpff_item_t  *recipients;
  int             n_recipients;
} PstBag;

typedef struct
{
  libpff_item_t *folder;
  char          *path;
  int            n_messages;
  int            next_message;
  int            n_folders;
  int            next_folder;
} Frame;

struct _IntakePstReader
{
  libpff_file_t *file;
  char          *filename;
  GArray        *stack;      /* Frame */
  guint          count;
  guint          index;      /* of the last message handed out, from 1 */
  int            codepage;
};

static const IntakeMapiBagFuncs pst_funcs;

/* libpff's own account of what went wrong: the first line of its backtrace
 * is the cause, the others where it was noticed. */
static char *
pff_message (libpff_error_t *pff_error)
{
  char buffer[2048] = "";
  char *line;
  char *colon;

  if (pff_error == NULL || libpff_error_backtrace_sprint (pff_error, buffer, sizeof buffer) < 0)
    return g_strdup ("");

  line = g_strstrip (buffer);
  if (strchr (line, '\n') != NULL)
    *strchr (line, '\n') = '\0';
  /* "libpff_function: what" */
  colon = strstr (line, ": ");
  if (colon != NULL && g_str_has_prefix (line, "lib"))
    line = colon + 2;
  g_strchomp (line);
  if (*line && line[strlen (line) - 1] == '.')
    line[strlen (line) - 1] = '\0';

  return g_strdup (line);
}

static void
set_pff_error (GError         **error,
               libpff_error_t **pff_error,
               const char      *format,
               ...) G_GNUC_PRINTF (3, 4);

static void
set_pff_error (GError         **error,
               libpff_error_t **pff_error,
               const char      *format,
               ...)
{
  g_autofree char *what = NULL;
  g_autofree char *detail = pff_message (pff_error ? *pff_error : NULL);
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  if (*detail)
    g_set_error (error, INTAKE_OUTLOOK_ERROR, INTAKE_OUTLOOK_ERROR_DAMAGED, "%s (%s)", what, detail);
  else
    g_set_error_literal (error, INTAKE_OUTLOOK_ERROR, INTAKE_OUTLOOK_ERROR_DAMAGED, what);

  if (pff_error != NULL && *pff_error != NULL)
    libpff_error_free (pff_error);
}

static IntakeMapiBag *
pst_bag_new (libpff_item_t *item,
             PstKind        kind,
             guint          codepage)
{
  PstBag *self = g_new0 (PstBag, 1);

  self->base.funcs = &pst_funcs;
  self->base.codepage = codepage;
  self->item = item;
  self->kind = kind;

  return &self->base;
}

static void
pst_bag_free (IntakeMapiBag *bag)
{
  PstBag *self = (PstBag *) bag;

  if (self->recipients != NULL)
    libpff_item_free (&self->recipients, NULL);
  if (self->item != NULL && self->kind != PST_RECIPIENT)
    libpff_item_free (&self->item, NULL);
  g_free (self);
}

static GBytes *
attachment_data (PstBag  *self,
                 GError **error)
{
  libpff_error_t *pff_error = NULL;
  size64_t size = 0;
  guint8 *buffer;
  gsize done = 0;

  if (libpff_attachment_get_data_size (self->item, &size, &pff_error) != 1)
    {
      if (pff_error != NULL)
        set_pff_error (error, &pff_error, _("An attachment could not be read"));
      return NULL;
    }
  if (size > MAX_VALUE_BYTES)
    {
      g_set_error (error, INTAKE_OUTLOOK_ERROR, INTAKE_OUTLOOK_ERROR_TOO_LARGE,
                   _("An attachment is larger than %u MB"), MAX_VALUE_BYTES / (1024 * 1024));
      return NULL;
    }

  if (libpff_attachment_data_seek_offset (self->item, 0, SEEK_SET, &pff_error) < 0)
    {
      set_pff_error (error, &pff_error, _("An attachment could not be read"));
      return NULL;
    }

  buffer = g_malloc (MAX (size, 1));
  while (done < size)
    {
      ssize_t n = libpff_attachment_data_read_buffer (self->item, buffer + done, size - done, &pff_error);

      if (n <= 0)
        {
          g_free (buffer);
          set_pff_error (error, &pff_error, _("An attachment could not be read"));
          return NULL;
        }
      done += n;
    }

  return g_bytes_new_take (buffer, size);
}

/* Values as stored, like a .msg file's: PR_RTF_COMPRESSED too, which
 * libpff_message_get_rtf_body() would hand out decompressed, so that both
 * kinds of file take one path to the body and its checksum is checked. */
static GBytes *
pst_get (IntakeMapiBag  *bag,
         guint16         id,
         guint16        *type,
         GError        **error)
{
  PstBag *self = (PstBag *) bag;
  libpff_error_t *pff_error = NULL;
  libpff_record_set_t *set = NULL;
  libpff_record_entry_t *entry = NULL;
  uint32_t value_type = 0;
  size_t size = 0;
  guint8 *data;
  int found;
  GBytes *value = NULL;

  if (libpff_item_get_record_set_by_index (self->item, self->set, &set, &pff_error) != 1)
    {
      set_pff_error (error, &pff_error, _("The item’s properties could not be read"));
      return NULL;
    }

  found = libpff_record_set_get_entry_by_type (set, id, 0, &entry,
                                               LIBPFF_ENTRY_VALUE_FLAG_MATCH_ANY_VALUE_TYPE, &pff_error);
  if (found != 1)
    {
      if (found < 0)
        set_pff_error (error, &pff_error, _("The item’s properties could not be read"));
      goto out;
    }

  if (libpff_record_entry_get_value_type (entry, &value_type, &pff_error) != 1)
    {
      set_pff_error (error, &pff_error, _("The item’s properties could not be read"));
      goto out;
    }
  *type = value_type;

  /* Large attachments are kept apart from the attachment's table. */
  if (self->kind == PST_ATTACHMENT && id == INTAKE_MAPI_ATTACH_DATA && value_type == INTAKE_MAPI_TYPE_BINARY)
    {
      value = attachment_data (self, error);
      goto out;
    }

  if (libpff_record_entry_get_data_size (entry, &size, &pff_error) != 1 || size > MAX_VALUE_BYTES)
    {
      set_pff_error (error, &pff_error, _("The item’s properties could not be read"));
      goto out;
    }

  data = g_malloc (MAX (size, 1));
  if (size > 0 && libpff_record_entry_get_data (entry, data, size, &pff_error) != 1)
    {
      g_free (data);
      set_pff_error (error, &pff_error, _("The item’s properties could not be read"));
      goto out;
    }
  value = g_bytes_new_take (data, size);

out:
  if (entry != NULL)
    libpff_record_entry_free (&entry, NULL);
  libpff_record_set_free (&set, NULL);
  if (pff_error != NULL)
    libpff_error_free (&pff_error);

  return value;
}

static guint
pst_n_attachments (IntakeMapiBag *bag)
{
  PstBag *self = (PstBag *) bag;
  libpff_error_t *pff_error = NULL;
  int n = 0;

  if (self->kind != PST_MESSAGE)
    return 0;

  if (libpff_message_get_number_of_attachments (self->item, &n, &pff_error) != 1)
    {
      /* A message whose attachment table is gone still has its text. */
      g_debug ("The attachments could not be counted");
      libpff_error_free (&pff_error);
      return 0;
    }

  return MAX (n, 0);
}

static IntakeMapiBag *
pst_attachment (IntakeMapiBag  *bag,
                guint           index,
                GError        **error)
{
  PstBag *self = (PstBag *) bag;
  libpff_error_t *pff_error = NULL;
  libpff_item_t *attachment = NULL;

  if (libpff_message_get_attachment (self->item, index, &attachment, &pff_error) != 1)
    {
      set_pff_error (error, &pff_error, _("Attachment %u could not be read"), index + 1);
      return NULL;
    }

  return pst_bag_new (attachment, PST_ATTACHMENT, bag->codepage);
}

static IntakeMapiBag *
pst_embedded (IntakeMapiBag  *bag,
              GError        **error)
{
  PstBag *self = (PstBag *) bag;
  libpff_error_t *pff_error = NULL;
  libpff_item_t *item = NULL;
  int type = 0;

  if (libpff_attachment_get_type (self->item, &type, &pff_error) != 1 ||
      type != LIBPFF_ATTACHMENT_TYPE_ITEM ||
      libpff_attachment_get_item (self->item, &item, &pff_error) != 1)
    {
      set_pff_error (error, &pff_error, _("An attached message could not be read"));
      return NULL;
    }

  return pst_bag_new (item, PST_MESSAGE, bag->codepage);
}

static guint
pst_n_recipients (IntakeMapiBag *bag)
{
  PstBag *self = (PstBag *) bag;
  libpff_error_t *pff_error = NULL;

  if (self->kind != PST_MESSAGE)
    return 0;

  if (!self->recipients_read)
    {
      self->recipients_read = TRUE;
      /* One record set a recipient. A table that is gone leaves the
       * message whole: who else it went to is not what was written. */
      if (libpff_message_get_recipients (self->item, &self->recipients, &pff_error) != 1 ||
          libpff_item_get_number_of_record_sets (self->recipients, &self->n_recipients, &pff_error) != 1)
        {
          g_debug ("The recipients could not be read");
          self->n_recipients = 0;
        }
      if (pff_error != NULL)
        libpff_error_free (&pff_error);
    }

  return MAX (self->n_recipients, 0);
}

static IntakeMapiBag *
pst_recipient (IntakeMapiBag  *bag,
               guint           index,
               GError        **error)
{
  PstBag *self = (PstBag *) bag;
  PstBag *recipient;

  g_return_val_if_fail (index < pst_n_recipients (bag), NULL);

  recipient = (PstBag *) pst_bag_new (self->recipients, PST_RECIPIENT, bag->codepage);
  recipient->set = (int) index;

  return &recipient->base;
}

static const IntakeMapiBagFuncs pst_funcs = {
  pst_get,
  pst_n_attachments,
  pst_attachment,
  pst_embedded,
  pst_n_recipients,
  pst_recipient,
  pst_bag_free,
};

gboolean
intake_outlook_is_pst (const guint8 *data,
                       gsize         len)
{
  /* "!BDN", then the client signature: SM for .pst, SO for .ost, AB for .pab */
  return len >= 10 && memcmp (data, "!BDN", 4) == 0 &&
         (memcmp (data + 8, "SM", 2) == 0 || memcmp (data + 8, "SO", 2) == 0 ||
          memcmp (data + 8, "AB", 2) == 0);
}

static void
frame_clear (Frame *frame)
{
  if (frame->folder != NULL)
    libpff_item_free (&frame->folder, NULL);
  g_free (frame->path);
}

static char *
folder_name (libpff_item_t *folder)
{
  libpff_error_t *pff_error = NULL;
  size_t size = 0;
  g_autofree guint8 *name = NULL;

  if (libpff_folder_get_utf8_name_size (folder, &size, &pff_error) != 1 || size == 0 || size > 4096)
    {
      if (pff_error != NULL)
        libpff_error_free (&pff_error);
      return g_strdup ("");
    }

  name = g_malloc0 (size + 1);
  if (libpff_folder_get_utf8_name (folder, name, size, &pff_error) != 1)
    {
      libpff_error_free (&pff_error);
      return g_strdup ("");
    }

  return g_utf8_make_valid ((const char *) name, -1);
}

static void
push_folder (IntakePstReader *reader,
             libpff_item_t   *folder,
             const char      *parent_path)
{
  libpff_error_t *pff_error = NULL;
  g_autofree char *name = folder_name (folder);
  Frame frame = { folder, NULL, 0, 0, 0, 0 };

  if (parent_path == NULL || *parent_path == '\0')
    frame.path = g_steal_pointer (&name);
  else
    frame.path = g_strconcat (parent_path, "/", name, NULL);

  /* A folder whose tables cannot be read holds nothing we can reach. */
  if (libpff_folder_get_number_of_sub_messages (folder, &frame.n_messages, &pff_error) != 1)
    {
      frame.n_messages = 0;
      libpff_error_free (&pff_error);
    }
  if (libpff_folder_get_number_of_sub_folders (folder, &frame.n_folders, &pff_error) != 1)
    {
      frame.n_folders = 0;
      libpff_error_free (&pff_error);
    }

  g_array_append_val (reader->stack, frame);
}

static guint
count_messages (libpff_item_t *folder,
                int            depth)
{
  libpff_error_t *pff_error = NULL;
  int n_messages = 0;
  int n_folders = 0;
  guint count;

  if (depth > MAX_FOLDER_DEPTH)
    return 0;

  if (libpff_folder_get_number_of_sub_messages (folder, &n_messages, &pff_error) != 1)
    {
      n_messages = 0;
      libpff_error_free (&pff_error);
    }
  count = MAX (n_messages, 0);

  if (libpff_folder_get_number_of_sub_folders (folder, &n_folders, &pff_error) != 1)
    {
      n_folders = 0;
      libpff_error_free (&pff_error);
    }

  for (int i = 0; i < n_folders; i++)
    {
      libpff_item_t *sub = NULL;

      if (libpff_folder_get_sub_folder (folder, i, &sub, &pff_error) != 1)
        {
          libpff_error_free (&pff_error);
          continue;
        }
      count += count_messages (sub, depth + 1);
      libpff_item_free (&sub, NULL);
    }

  return count;
}

/**
 * intake_pst_reader_open:
 *
 * Opens a .pst or .ost file and counts its messages, reading no message yet.
 * Returns: the reader, or NULL with an error in %INTAKE_OUTLOOK_ERROR.
 */
IntakePstReader *
intake_pst_reader_open (const char  *path,
                        GError     **error)
{
  g_autoptr(IntakePstReader) reader = g_new0 (IntakePstReader, 1);
  libpff_error_t *pff_error = NULL;
  libpff_item_t *root = NULL;

  reader->filename = g_filename_display_name (path);
  reader->stack = g_array_new (FALSE, FALSE, sizeof (Frame));
  g_array_set_clear_func (reader->stack, (GDestroyNotify) frame_clear);

  if (libpff_file_initialize (&reader->file, &pff_error) != 1)
    {
      set_pff_error (error, &pff_error, _("“%s” could not be opened"), reader->filename);
      return NULL;
    }

  if (libpff_file_open (reader->file, path, LIBPFF_OPEN_READ, &pff_error) != 1)
    {
      set_pff_error (error, &pff_error, _("“%s” is damaged or is not an Outlook data file"),
                     reader->filename);
      libpff_file_free (&reader->file, NULL);
      return NULL;
    }

  if (libpff_file_get_ascii_codepage (reader->file, &reader->codepage, &pff_error) != 1)
    {
      reader->codepage = 1252;
      libpff_error_free (&pff_error);
    }

  if (libpff_file_get_root_folder (reader->file, &root, &pff_error) != 1)
    {
      set_pff_error (error, &pff_error, _("“%s” is damaged: its folders cannot be read"), reader->filename);
      return NULL;
    }

  reader->count = count_messages (root, 0);
  push_folder (reader, root, NULL);

  return g_steal_pointer (&reader);
}

guint
intake_pst_reader_count (IntakePstReader *reader)
{
  return reader->count;
}

static char *
position_in (Frame *frame,
             guint  index)
{
  /* Where a person finds it in Outlook, and which message of the file it is. */
  return g_strdup_printf ("%s #%u", *frame->path ? frame->path : "/", index);
}

gboolean
intake_pst_reader_next (IntakePstReader  *reader,
                        IntakeMapiBag   **bag,
                        char            **position,
                        GError          **item_error)
{
  *bag = NULL;
  *position = NULL;

  while (reader->stack->len > 0)
    {
      Frame *frame = &g_array_index (reader->stack, Frame, reader->stack->len - 1);
      libpff_error_t *pff_error = NULL;
      libpff_item_t *item = NULL;

      if (frame->next_message < frame->n_messages)
        {
          int i = frame->next_message++;

          reader->index++;
          *position = position_in (frame, reader->index);
          if (libpff_folder_get_sub_message (frame->folder, i, &item, &pff_error) != 1)
            {
              set_pff_error (item_error, &pff_error,
                             _("Message %u in folder “%s” of “%s” could not be read"),
                             reader->index, frame->path, reader->filename);
              return TRUE;
            }

          *bag = pst_bag_new (item, PST_MESSAGE, reader->codepage);
          return TRUE;
        }

      if (frame->next_folder < frame->n_folders)
        {
          int i = frame->next_folder++;
          g_autofree char *parent = g_strdup (frame->path);

          if (reader->stack->len > MAX_FOLDER_DEPTH)
            continue;

          if (libpff_folder_get_sub_folder (frame->folder, i, &item, &pff_error) != 1)
            {
              *position = g_strdup (*parent ? parent : "/");
              set_pff_error (item_error, &pff_error,
                             _("Folder %d in folder “%s” of “%s” could not be read"),
                             i + 1, parent, reader->filename);
              return TRUE;
            }

          /* The frame moves when the array grows: nothing of it is used after. */
          push_folder (reader, item, parent);
          continue;
        }

      g_array_set_size (reader->stack, reader->stack->len - 1);
    }

  return FALSE;
}

void
intake_pst_reader_free (IntakePstReader *reader)
{
  if (reader == NULL)
    return;

  /* Items before the file they come from. */
  g_clear_pointer (&reader->stack, g_array_unref);
  if (reader->file != NULL)
    {
      libpff_file_close (reader->file, NULL);
      libpff_file_free (&reader->file, NULL);
    }
  g_free (reader->filename);
  g_free (reader);
}
