#define G_LOG_DOMAIN "intake-importer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include "intake-checksum.h"
#include "intake-extract.h"
#include "intake-import-csv.h"
#include "intake-main-context.h"
#include "intake-importer.h"
#include "intake-message.h"
#include "intake-outlook.h"

#define READ_CHUNK          (1024 * 1024)
#define MAX_MESSAGE_BYTES   (256 * 1024 * 1024)
/* Messages stored per transaction. Each commit writes the batch's search
 * index and, to the WAL, every page the batch changed (the ends of the
 * indexes over again), so fewer, larger batches write less. */
#define BATCH_MESSAGES      2000
#define PROGRESS_INTERVAL   (100 * 1000)
#define SNIFF_BYTES         4096
/* Messages read ahead of the one being stored. While the store thread
 * commits a batch (indexing it, and checkpointing the WAL) the parsers go
 * on with these; with 1,024 they ran out and stood idle. */
#define WINDOW_MESSAGES     4096
#define WINDOW_BYTES        (64 * 1024 * 1024)
#define CSV_SAMPLE_ROWS     50

struct _IntakeImporter
{
  GObject      parent_instance;

  IntakeStore *store;

  /* The columns of survey exports, as named by the person; NULL to guess */
  char       **csv_text;
  char       **csv_attributes;
  char        *csv_id;

  double       fraction;
  guint        messages;
  guint64      bytes;
  guint64      total_bytes;
  gboolean     busy;
};

G_DEFINE_FINAL_TYPE (IntakeImporter, intake_importer, G_TYPE_OBJECT)
G_DEFINE_QUARK (intake-import-error-quark, intake_import_error)

enum {
  PROP_0,
  PROP_STORE,
  PROP_FRACTION,
  PROP_MESSAGES,
  PROP_BYTES,
  PROP_TOTAL_BYTES,
  PROP_BUSY,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

typedef enum
{
  SOURCE_MBOX,
  SOURCE_MESSAGE,
  SOURCE_CSV,           /* a survey or portal export */
  SOURCE_OUTLOOK_MSG,   /* an Outlook .msg file */
  SOURCE_PST,           /* an Outlook .pst or .ost file */
} SourceKind;

typedef struct
{
  GFile      *file;
  SourceKind  kind;
  guint64     size;
} Source;

typedef struct _Job Job;

typedef struct
{
  IntakeImporter      *importer;
  IntakeStore         *store;
  GCancellable        *cancellable;
  GMainContext        *context;       /* where progress goes; NULL to keep it to ourselves */
  IntakeImportSummary *summary;

  guint                in_batch;
  guint                batch_duplicates;
  gboolean             in_transaction;

  guint                messages_done;
  guint64              bytes_done;
  guint64              total_bytes;
  gint64               last_report;

  /* Messages are parsed on a pool of threads and stored here, in the order
   * they were read, so that the first of two copies is the one kept. */
  GThreadPool         *pool;
  GQueue               pending;
  gsize                pending_bytes;
  GMutex               lock;
  GCond                cond;
  Job                 *awaited;       /* the job the store thread waits for, under lock */
} ImportRun;

struct _Job
{
  /* What to parse: a message file the worker reads, or bytes from an mbox. */
  GFile                *file;
  char                 *data;
  gsize                 len;
  guint64               size;
  char                 *path;
  char                 *position;
  gint64                source_id;
  char                 *reject_reason;
  gboolean              outlook;   /* the file is an Outlook .msg, not MIME */
  gsize                 file_len;  /* of the file as read, when read here */

  /* What the worker made of it */
  IntakeParsedMessage  *parsed;
  char                 *sha256;
  GError               *error;
  gboolean              done;
};

typedef struct
{
  IntakeImporter *importer;
  guint           messages;
  guint64         bytes;
  guint64         total_bytes;
} Progress;

static IntakeImportIssue *
issue_new (const char *file,
           const char *position,
           const char *reason)
{
  IntakeImportIssue *issue = g_new0 (IntakeImportIssue, 1);

  issue->file = g_strdup (file);
  issue->position = g_strdup (position);
  issue->reason = g_strdup (reason);

  return issue;
}

static void
issue_free (IntakeImportIssue *issue)
{
  g_free (issue->file);
  g_free (issue->position);
  g_free (issue->reason);
  g_free (issue);
}

IntakeImportSummary *
intake_import_summary_new (void)
{
  IntakeImportSummary *summary = g_new0 (IntakeImportSummary, 1);

  summary->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) issue_free);
  summary->skipped = g_ptr_array_new_with_free_func ((GDestroyNotify) issue_free);

  return summary;
}

void
intake_import_summary_free (IntakeImportSummary *summary)
{
  if (summary == NULL)
    return;

  g_clear_pointer (&summary->errors, g_ptr_array_unref);
  g_clear_pointer (&summary->skipped, g_ptr_array_unref);
  g_free (summary);
}

static void
source_free (Source *source)
{
  g_clear_object (&source->file);
  g_free (source);
}

static void
set_progress (IntakeImporter *self,
              guint           messages,
              guint64         bytes,
              guint64         total_bytes)
{
  double fraction = total_bytes > 0 ? MIN (1.0, (double) bytes / (double) total_bytes) : 0.0;

  g_object_freeze_notify (G_OBJECT (self));

  if (self->messages != messages)
    {
      self->messages = messages;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGES]);
    }
  if (self->bytes != bytes)
    {
      self->bytes = bytes;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES]);
    }
  if (self->total_bytes != total_bytes)
    {
      self->total_bytes = total_bytes;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL_BYTES]);
    }
  if (self->fraction != fraction)
    {
      self->fraction = fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_busy (IntakeImporter *self,
          gboolean        busy)
{
  if (self->busy != busy)
    {
      self->busy = busy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
}

static gboolean
apply_progress_cb (gpointer data)
{
  Progress *progress = data;

  set_progress (progress->importer, progress->messages, progress->bytes, progress->total_bytes);

  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *progress = data;

  g_object_unref (progress->importer);
  g_free (progress);
}

/* Throttled: the main loop hears about progress ten times a second at most. */
static void
report_progress (ImportRun *run,
                 gboolean   force)
{
  gint64 now;
  Progress *progress;

  if (run->context == NULL)
    return;

  now = g_get_monotonic_time ();
  if (!force && now - run->last_report < PROGRESS_INTERVAL)
    return;
  run->last_report = now;

  progress = g_new0 (Progress, 1);
  progress->importer = g_object_ref (run->importer);
  progress->messages = run->messages_done;
  progress->bytes = run->bytes_done;
  progress->total_bytes = run->total_bytes;
  intake_main_context_queue (run->context, "[intake] import progress", apply_progress_cb, progress, progress_free);
}

static gboolean
ensure_transaction (ImportRun  *run,
                    GError    **error)
{
  if (run->in_transaction)
    return TRUE;

  if (!intake_store_begin (run->store, error))
    return FALSE;

  run->in_transaction = TRUE;
  run->in_batch = 0;
  run->batch_duplicates = 0;

  return TRUE;
}

static gboolean
commit_batch (ImportRun  *run,
              GError    **error)
{
  if (!run->in_transaction)
    return TRUE;

  if (!intake_store_add_duplicates (run->store, run->batch_duplicates, error) ||
      !intake_store_commit (run->store, error))
    {
      intake_store_rollback (run->store);
      run->in_transaction = FALSE;
      return FALSE;
    }

  run->in_transaction = FALSE;
  run->in_batch = 0;
  run->batch_duplicates = 0;

  return TRUE;
}

static gboolean
reject (ImportRun   *run,
        gint64       source_id,
        const char  *file,
        const char  *position,
        const char  *reason,
        GError     **error)
{
  run->summary->seen++;
  run->summary->rejected++;
  g_ptr_array_add (run->summary->errors, issue_new (file, position, reason));

  return intake_store_log_rejection (run->store, source_id, file, position, reason, error);
}

static void
job_free (Job *job)
{
  g_clear_object (&job->file);
  g_free (job->data);
  g_free (job->path);
  g_free (job->position);
  g_free (job->reject_reason);
  g_clear_pointer (&job->parsed, intake_parsed_message_free);
  g_free (job->sha256);
  g_clear_error (&job->error);
  g_free (job);
}

static void
parse_worker (gpointer data,
              gpointer user_data)
{
  Job *job = data;
  ImportRun *run = user_data;

  if (job->file != NULL && job->reject_reason == NULL)
    {
      /* Plain file reading: GIO's streams cost more than the parse for small messages. */
      if (!g_cancellable_set_error_if_cancelled (run->cancellable, &job->error) &&
          g_file_get_contents (job->path, &job->data, &job->len, &job->error))
        {
          job->sha256 = intake_sha256_for_data (job->data, job->len);
          job->file_len = job->len;
        }
    }

  /* An Outlook message takes the MIME path once it is MIME. */
  if (job->outlook && job->error == NULL && job->reject_reason == NULL)
    {
      g_autoptr(GBytes) file = g_bytes_new_take (g_steal_pointer (&job->data), job->len);
      g_autoptr(IntakeMapiBag) bag = intake_outlook_msg_open (file, &job->error);
      g_autoptr(GBytes) mime = bag ? intake_outlook_to_mime (bag, &job->error) : NULL;

      job->len = 0;
      if (mime != NULL)
        job->data = g_bytes_unref_to_data (g_steal_pointer (&mime), &job->len);
    }

  if (job->error == NULL && job->reject_reason == NULL)
    job->parsed = intake_message_parse (job->data ? job->data : "", job->len, &job->error);

  /* The raw bytes are not needed any more; don't hold them in the window. */
  g_clear_pointer (&job->data, g_free);

  /* GCond wakes with a system call even when nobody waits: only the job
   * the store thread is waiting for wakes it. */
  g_mutex_lock (&run->lock);
  job->done = TRUE;
  if (run->awaited == job)
    g_cond_signal (&run->cond);
  g_mutex_unlock (&run->lock);
}

static void
wait_for_job (ImportRun *run,
              Job       *job)
{
  g_mutex_lock (&run->lock);
  run->awaited = job;
  while (!job->done)
    g_cond_wait (&run->cond, &run->lock);
  run->awaited = NULL;
  g_mutex_unlock (&run->lock);
}

/* One message, parsed, now stored whole or rejected inside the current
 * batch's transaction. Only a failure of the project itself (a full disk,
 * say) is an error; a bad message is a rejection. */
static gboolean
store_job (ImportRun  *run,
           Job        *job,
           GError    **error)
{
  IntakeStoreInsertResult result;
  gint64 source_id = job->source_id;

  if (job->error != NULL && g_error_matches (job->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      run->summary->cancelled = TRUE;
      return TRUE;
    }

  if (!ensure_transaction (run, error))
    return FALSE;

  if (job->file != NULL)
    {
      source_id = intake_store_add_source_file (run->store, job->path,
                                                job->outlook ? INTAKE_SOURCE_KIND_OUTLOOK : INTAKE_SOURCE_KIND_MAIL,
                                                job->sha256 ? job->file_len : job->size,
                                                job->sha256, error);
      if (source_id < 0)
        return FALSE;
    }

  if (job->reject_reason != NULL || job->parsed == NULL)
    {
      if (!reject (run, source_id, job->path, job->position,
                   job->reject_reason ? job->reject_reason : job->error->message, error))
        return FALSE;
    }
  else
    {
      if (!intake_store_insert_message (run->store, job->parsed, source_id, job->position, &result, error))
        return FALSE;

      run->summary->seen++;
      if (result == INTAKE_STORE_INSERTED)
        run->summary->imported++;
      else
        {
          run->summary->duplicates++;
          run->batch_duplicates++;
        }
    }

  run->messages_done++;
  if (job->file != NULL)
    run->bytes_done += job->size;
  report_progress (run, FALSE);

  if (++run->in_batch >= BATCH_MESSAGES)
    return commit_batch (run, error);

  return TRUE;
}

static gboolean
store_oldest_job (ImportRun  *run,
                  GError    **error)
{
  Job *job = g_queue_pop_head (&run->pending);
  gboolean ok;

  wait_for_job (run, job);
  run->pending_bytes -= MIN (run->pending_bytes, job->size);
  ok = store_job (run, job, error);
  job_free (job);

  return ok;
}

static gboolean
store_all_jobs (ImportRun  *run,
                GError    **error)
{
  while (!g_queue_is_empty (&run->pending))
    if (!store_oldest_job (run, error))
      return FALSE;

  return TRUE;
}

/* After an error or a cancellation: what is still being parsed is dropped,
 * uncounted, as if it had not been read. */
static void
drop_all_jobs (ImportRun *run)
{
  Job *job;

  while ((job = g_queue_pop_head (&run->pending)) != NULL)
    {
      wait_for_job (run, job);
      job_free (job);
    }
  run->pending_bytes = 0;
}

static gboolean
queue_job (ImportRun  *run,
           Job        *job,
           GError    **error)
{
  g_queue_push_tail (&run->pending, job);
  run->pending_bytes += job->size;

  /* A rejection, or a row already made a submission, has nothing to parse. */
  if (job->reject_reason != NULL)
    job->done = TRUE;
  if (!job->done)
    g_thread_pool_push (run->pool, job, NULL);

  while (g_queue_get_length (&run->pending) > WINDOW_MESSAGES || run->pending_bytes > WINDOW_BYTES)
    if (!store_oldest_job (run, error))
      return FALSE;

  return TRUE;
}

/* A message read from inside a file (an mbox, a .pst): its bytes, which the
 * job takes, or why it is rejected. */
static gboolean
queue_message_bytes (ImportRun   *run,
                     gint64       source_id,
                     const char  *path,
                     const char  *position,
                     char        *data,
                     gsize        len,
                     const char  *reject_reason,
                     GError     **error)
{
  Job *job = g_new0 (Job, 1);

  job->source_id = source_id;
  job->path = g_strdup (path);
  job->position = g_strdup (position);
  job->reject_reason = g_strdup (reject_reason);
  if (reject_reason == NULL)
    {
      job->data = data;
      job->len = len;
      job->size = len;
    }
  else
    g_free (data);

  return queue_job (run, job, error);
}

static gboolean
queue_mbox_message (ImportRun   *run,
                    gint64       source_id,
                    const char  *path,
                    const char  *position,
                    GByteArray  *message,
                    const char  *reject_reason,
                    GError     **error)
{
  return queue_message_bytes (run, source_id, path, position,
                              message ? g_memdup2 (message->data, message->len) : NULL,
                              message ? message->len : 0, reject_reason, error);
}

/* "From sender date", the line mbox writers put before each message
 * (RFC 4155). The sender may be an address, "MAILER-DAEMON" or "-" (some
 * clients write "From - " and nothing else), and the date may be missing.
 * After a blank line, a line whose first word is a sender or that carries
 * a date is believed; a body line that a careless writer left unquoted
 * ("From the start, …") has neither. Without a blank line before it, only
 * a line that carries a time of day is (some writers omit the line). */
static gboolean
is_from_line (const char *line,
              gsize       len,
              gboolean    after_blank)
{
  gboolean has_digit = FALSE;
  gboolean has_time = FALSE;
  gboolean sender = FALSE;
  guint fields = 0;
  gboolean in_field = FALSE;
  gsize first = 0, first_len = 0;

  if (len < 5 || memcmp (line, "From ", 5) != 0)
    return FALSE;

  for (gsize i = 5; i < len; i++)
    {
      char c = line[i];

      if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
        in_field = FALSE;
      else
        {
          if (!in_field)
            {
              fields++;
              if (fields == 1)
                first = i;
            }
          if (fields == 1)
            first_len = i - first + 1;
          in_field = TRUE;
        }
      if (g_ascii_isdigit (c))
        has_digit = TRUE;
      if (c == ':' && i > 0 && i + 1 < len && g_ascii_isdigit (line[i - 1]) && g_ascii_isdigit (line[i + 1]))
        has_time = TRUE;
    }

  if (fields >= 1)
    sender = (first_len == 1 && line[first] == '-') ||
             memchr (line + first, '@', first_len) != NULL ||
             (first_len == 13 && g_ascii_strncasecmp (line + first, "MAILER-DAEMON", 13) == 0);

  if (after_blank)
    return sender || (fields >= 2 && has_digit);

  /* "From - " alone is the line of a client that writes no date. */
  if (fields == 1 && line[first] == '-' && first_len == 1)
    return TRUE;

  return fields >= 3 && has_time;
}

static gboolean
is_blank_line (const char *line,
               gsize       len)
{
  return (len == 1 && line[0] == '\n') || (len == 2 && line[0] == '\r' && line[1] == '\n');
}

static gboolean
is_white_line (const char *line,
               gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace (line[i]))
      return FALSE;
  return TRUE;
}

typedef struct
{
  ImportRun   *run;
  gint64       source_id;
  const char  *path;
  GByteArray  *message;
  gint64       message_offset;   /* of its From_ line; -1 before the first */
  gboolean     too_large;
} MboxState;

static gboolean
finish_mbox_message (MboxState  *state,
                     GError    **error)
{
  g_autofree char *position = NULL;
  GByteArray *message = state->message;
  gboolean ok;

  if (state->message_offset < 0)
    return TRUE;

  position = g_strdup_printf ("%" G_GINT64_FORMAT, state->message_offset);

  if (state->too_large)
    {
      g_autofree char *reason = g_strdup_printf (_("The message is larger than %d MB"),
                                                 MAX_MESSAGE_BYTES / (1024 * 1024));

      ok = queue_mbox_message (state->run, state->source_id, state->path, position, NULL, reason, error);
    }
  else
    {
      /* The blank line before the next From_ line belongs to the mbox, not the message. */
      if (message->len >= 2 && message->data[message->len - 1] == '\n' && message->data[message->len - 2] == '\n')
        g_byte_array_set_size (message, message->len - 1);

      ok = queue_mbox_message (state->run, state->source_id, state->path, position, message, NULL, error);
    }

  g_byte_array_set_size (message, 0);
  state->too_large = FALSE;
  state->message_offset = -1;

  return ok;
}

static void
append_to_message (MboxState  *state,
                   const char *data,
                   gsize       len)
{
  if (state->too_large)
    return;

  if (state->message->len + len > MAX_MESSAGE_BYTES)
    {
      /* Keep memory flat: drop what we already have and wait for the next message. */
      state->too_large = TRUE;
      g_byte_array_set_size (state->message, 0);
      return;
    }

  g_byte_array_append (state->message, (const guint8 *) data, len);
}

/* mboxrd quotes every line matching ^>*From with one more '>'; mboxo quotes
 * only ^From. Taking one '>' off ^>+From undoes the first exactly and the
 * second for every line it changed. */
static void
append_unquoted_line (MboxState  *state,
                      const char *line,
                      gsize       len)
{
  gsize quotes = 0;

  while (quotes < len && line[quotes] == '>')
    quotes++;

  if (quotes > 0 && len - quotes >= 5 && memcmp (line + quotes, "From ", 5) == 0)
    append_to_message (state, line + 1, len - 1);
  else
    append_to_message (state, line, len);
}

/* What the list says a submission came from. */
static IntakeSourceKind
source_kind (const Source *source)
{
  switch (source->kind)
    {
    case SOURCE_CSV:
      return INTAKE_SOURCE_KIND_SURVEY;
    case SOURCE_OUTLOOK_MSG:
    case SOURCE_PST:
      return INTAKE_SOURCE_KIND_OUTLOOK;
    case SOURCE_MBOX:
    case SOURCE_MESSAGE:
    default:
      return INTAKE_SOURCE_KIND_MAIL;
    }
}

/* Opens a file read as a stream of messages or rows, and records it as the
 * source of what comes of it; -1 on error. */
static gint64
open_source (ImportRun          *run,
             Source             *source,
             const char         *path,
             GFileInputStream  **input,
             GError            **error)
{
  *input = g_file_read (source->file, run->cancellable, error);
  if (*input == NULL || !ensure_transaction (run, error))
    return -1;

  return intake_store_add_source_file (run->store, path, source_kind (source), source->size, NULL, error);
}

static gboolean
import_mbox (ImportRun   *run,
             Source      *source,
             GError     **error)
{
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(IntakeSha256) checksum = intake_sha256_new ();
  g_autoptr(GByteArray) message = g_byte_array_new ();
  g_autofree char *buffer = NULL;
  g_autofree char *path = g_file_get_path (source->file);
  gsize buffer_size = READ_CHUNK;
  gsize filled = 0;
  gint64 buffer_offset = 0;      /* file offset of buffer[0] */
  gboolean after_blank = TRUE;
  gboolean at_line_start = TRUE;
  gboolean eof = FALSE;
  gint64 source_id;
  MboxState state = { run, 0, NULL, message, -1, FALSE };

  source_id = open_source (run, source, path, &input, error);
  if (source_id < 0)
    return FALSE;

  state.source_id = source_id;
  state.path = path;
  buffer = g_malloc (buffer_size);

  while (!eof)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (input), buffer + filled, buffer_size - filled,
                                      run->cancellable, error);
      gsize consumed = 0;

      if (n < 0)
        return FALSE;
      if (n == 0)
        eof = TRUE;

      intake_sha256_update (checksum, buffer + filled, n);
      filled += n;

      /* A byte-order mark before the first From_ line is not text. */
      if (buffer_offset == 0 && filled >= 3 && state.message_offset < 0 && at_line_start &&
          memcmp (buffer, "\xef\xbb\xbf", 3) == 0)
        {
          memmove (buffer, buffer + 3, filled - 3);
          filled -= 3;
          buffer_offset = 3;
        }

      while (consumed < filled)
        {
          const char *line = buffer + consumed;
          const char *nl = memchr (line, '\n', filled - consumed);
          gsize len;

          if (nl != NULL)
            len = nl - line + 1;
          else if (eof)
            len = filled - consumed;   /* the last line, without its newline */
          else if (consumed == 0 && filled == buffer_size)
            {
              /* A line longer than the buffer: it cannot be a From_ line, so
               * pass it on in pieces. */
              len = filled;
              if (state.message_offset >= 0)
                append_to_message (&state, line, len);
              consumed += len;
              at_line_start = FALSE;
              after_blank = FALSE;
              break;
            }
          else
            break;

          if (at_line_start && is_from_line (line, len, after_blank))
            {
              if (!finish_mbox_message (&state, error))
                return FALSE;

              if (g_cancellable_is_cancelled (run->cancellable))
                {
                  run->summary->cancelled = TRUE;
                  goto done;
                }

              state.message_offset = buffer_offset + consumed;
            }
          else if (state.message_offset < 0)
            {
              /* Text before the first From_ line: only a damaged file has it;
               * lines of white space are not text. */
              if (!is_white_line (line, len))
                {
                  state.message_offset = buffer_offset + consumed;
                  append_to_message (&state, line, len);
                }
            }
          else if (at_line_start)
            append_unquoted_line (&state, line, len);
          else
            append_to_message (&state, line, len);

          at_line_start = nl != NULL;
          after_blank = nl != NULL && is_blank_line (line, len);
          consumed += len;
        }

      /* Keep the partial line for the next read. */
      memmove (buffer, buffer + consumed, filled - consumed);
      filled -= consumed;
      buffer_offset += consumed;

      run->bytes_done += n;
      report_progress (run, FALSE);
    }

  if (!finish_mbox_message (&state, error))
    return FALSE;

done:
  return intake_store_update_source_file (run->store, source_id, buffer_offset + filled,
                                          intake_sha256_get_string (checksum), error);
}

/* A row that is already a submission, or a rejection: nothing to parse. */
static gboolean
queue_parsed (ImportRun            *run,
              gint64                source_id,
              const char           *path,
              const char           *position,
              IntakeParsedMessage  *parsed,
              const char           *reject_reason,
              GError              **error)
{
  Job *job = g_new0 (Job, 1);

  job->source_id = source_id;
  job->path = g_strdup (path);
  job->position = g_strdup (position);
  job->parsed = parsed;
  job->reject_reason = g_strdup (reject_reason);
  job->done = TRUE;

  return queue_job (run, job, error);
}

/* The first rows, read ahead to guess the columns from: each with the line
 * it starts on; a row that could not be read ends them, kept for the
 * import to report in its place. */
typedef struct
{
  GPtrArray *rows;
  GArray    *lines;
  GError    *error;
} CsvSample;

static void
csv_sample_clear (CsvSample *sample)
{
  g_clear_pointer (&sample->rows, g_ptr_array_unref);
  g_clear_pointer (&sample->lines, g_array_unref);
  g_clear_error (&sample->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CsvSample, csv_sample_clear)

/* The columns the person named, or else those guessed from the first rows. */
static gboolean
csv_columns (ImportRun        *run,
             IntakeCsvReader  *reader,
             char            **header,
             CsvSample        *sample,
             GArray          **text,
             GArray          **attributes,
             int              *id,
             GError          **error)
{
  IntakeImporter *importer = run->importer;
  char **fields;

  if (importer->csv_text != NULL && importer->csv_text[0] != NULL)
    return intake_csv_find_columns ((const char * const *) header,
                                    (const char * const *) importer->csv_text,
                                    (const char * const *) importer->csv_attributes,
                                    importer->csv_id, text, attributes, id, error);

  while (sample->rows->len < CSV_SAMPLE_ROWS &&
         intake_csv_reader_next (reader, &fields, &sample->error))
    {
      guint line = intake_csv_reader_get_line (reader);

      g_ptr_array_add (sample->rows, fields);
      g_array_append_val (sample->lines, line);
    }
  intake_csv_guess_columns ((const char * const *) header, sample->rows, text, attributes, id);
  return TRUE;
}

static gboolean
queue_csv_record (ImportRun   *run,
                  gint64       source_id,
                  const char  *path,
                  const char  *name,
                  char       **header,
                  char       **fields,
                  GArray      *text,
                  GArray      *attributes,
                  int          id,
                  guint        record,
                  guint        line,
                  GError     **error)
{
  g_autoptr(GError) record_error = NULL;
  g_autofree char *position = g_strdup_printf ("line %u", line);
  IntakeParsedMessage *parsed;

  parsed = intake_csv_record_to_message ((const char * const *) header, (const char * const *) fields,
                                         (const guint *) text->data, text->len,
                                         (const guint *) attributes->data, attributes->len,
                                         id, name, record, &record_error);
  return queue_parsed (run, source_id, path, position, parsed,
                       parsed == NULL ? record_error->message : NULL, error);
}

/* A survey or portal export: one submission a row. */
static gboolean
import_csv (ImportRun   *run,
            Source      *source,
            GError     **error)
{
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(IntakeCsvReader) reader = NULL;
  g_auto(CsvSample) sample = { g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev),
                                g_array_new (FALSE, FALSE, sizeof (guint)), NULL };
  g_autoptr(GArray) text = NULL;
  g_autoptr(GArray) attributes = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *path = g_file_get_path (source->file);
  g_autofree char *name = g_file_get_basename (source->file);
  g_auto(GStrv) header = NULL;
  char **fields = NULL;
  gint64 source_id;
  int id = -1;

  source_id = open_source (run, source, path, &input, error);
  if (source_id < 0)
    return FALSE;

  reader = intake_csv_reader_new (G_INPUT_STREAM (input), run->cancellable);
  if (!intake_csv_reader_next (reader, &header, &local) ||
      !csv_columns (run, reader, header, &sample, &text, &attributes, &id, &local))
    {
      if (local != NULL && g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      return reject (run, source_id, path, "line 1",
                     local ? local->message : _("The file is empty: it has no header row"), error);
    }

  /* The sample's rows were read already. */
  for (guint i = 0; i < sample.rows->len; i++)
    if (!queue_csv_record (run, source_id, path, name, header, g_ptr_array_index (sample.rows, i),
                           text, attributes, id, i + 2, g_array_index (sample.lines, guint, i), error))
      return FALSE;
  if (sample.error != NULL)
    local = g_steal_pointer (&sample.error);

  while (local == NULL && intake_csv_reader_next (reader, &fields, &local))
    {
      g_auto(GStrv) row = fields;

      if (!queue_csv_record (run, source_id, path, name, header, row, text, attributes, id,
                             intake_csv_reader_get_record (reader), intake_csv_reader_get_line (reader), error))
        return FALSE;
      if (g_cancellable_is_cancelled (run->cancellable))
        break;
    }

  if (local != NULL)
    {
      g_autofree char *position = g_strdup_printf ("line %u", intake_csv_reader_get_line (reader));

      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      /* An unclosed quote swallows the rest of the file: that is one rejection. */
      return reject (run, source_id, path, position, local->message, error);
    }

  run->bytes_done += source->size;
  report_progress (run, FALSE);
  return TRUE;
}

static gboolean
queue_outlook_item (ImportRun   *run,
                    gint64       source_id,
                    const char  *path,
                    const char  *position,
                    GBytes      *mime,
                    const char  *reject_reason,
                    GError     **error)
{
  gsize len = 0;
  char *data = mime ? g_bytes_unref_to_data (g_bytes_ref (mime), &len) : NULL;

  return queue_message_bytes (run, source_id, path, position, data, len, reject_reason, error);
}

static char *
file_checksum (GFile         *file,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GFileInputStream) input = g_file_read (file, cancellable, error);
  g_autoptr(IntakeSha256) checksum = intake_sha256_new ();
  g_autofree char *buffer = g_malloc (READ_CHUNK);
  gssize n;

  if (input == NULL)
    return NULL;

  while ((n = g_input_stream_read (G_INPUT_STREAM (input), buffer, READ_CHUNK, cancellable, error)) > 0)
    intake_sha256_update (checksum, buffer, n);

  return n < 0 ? NULL : g_strdup (intake_sha256_get_string (checksum));
}

/* A .pst is read here, one message at a time (libpff reads a file from one
 * thread); each message is made MIME and parsed on the pool like any other. */
static gboolean
import_pst (ImportRun   *run,
            Source      *source,
            GError     **error)
{
  g_autofree char *path = g_file_get_path (source->file);
  g_autoptr(IntakePstReader) reader = NULL;
  g_autoptr(GError) open_error = NULL;
  g_autofree char *sha256 = NULL;
  guint64 start = run->bytes_done;
  guint done = 0;
  guint total;
  gint64 source_id;

  if (!ensure_transaction (run, error))
    return FALSE;

  source_id = intake_store_add_source_file (run->store, path, source_kind (source), source->size, NULL, error);
  if (source_id < 0)
    return FALSE;

  reader = intake_pst_reader_open (path, &open_error);
  if (reader == NULL)
    {
      g_autofree char *basename = g_file_get_basename (source->file);

      /* Nothing of it can be read: the file is one rejection. */
      run->bytes_done = start + source->size;
      return reject (run, source_id, path, basename, open_error->message, error);
    }

  total = intake_pst_reader_count (reader);

  for (;;)
    {
      g_autoptr(IntakeMapiBag) bag = NULL;
      g_autoptr(GError) item_error = NULL;
      g_autoptr(GBytes) mime = NULL;
      g_autofree char *position = NULL;
      g_autofree char *message_class = NULL;
      g_autofree char *reason = NULL;
      gboolean ok;

      if (g_cancellable_is_cancelled (run->cancellable))
        {
          run->summary->cancelled = TRUE;
          return TRUE;
        }

      if (!intake_pst_reader_next (reader, &bag, &position, &item_error))
        break;

      if (bag != NULL)
        {
          message_class = intake_mapi_bag_get_string (bag, INTAKE_MAPI_MESSAGE_CLASS);
          reason = intake_outlook_skip_reason (message_class ? g_strstrip (message_class) : NULL);
        }

      if (reason != NULL)
        {
          g_ptr_array_add (run->summary->skipped, issue_new (path, position, reason));
          ok = TRUE;
        }
      else
        {
          if (bag != NULL)
            mime = intake_outlook_to_mime (bag, &item_error);
          ok = queue_outlook_item (run, source_id, path, position, mime,
                                   mime ? NULL : item_error->message, error);
        }
      if (!ok)
        return FALSE;

      /* Bytes stand for messages here: a .pst is not read front to back. */
      done++;
      if (total > 0)
        run->bytes_done = start + source->size * MIN (done, total) / total;
      report_progress (run, FALSE);
    }

  run->bytes_done = start + source->size;
  report_progress (run, FALSE);

  sha256 = file_checksum (source->file, run->cancellable, error);
  if (sha256 == NULL)
    return FALSE;

  return intake_store_update_source_file (run->store, source_id, source->size, sha256, error);
}

static gboolean
queue_message_file (ImportRun   *run,
                    Source      *source,
                    GError     **error)
{
  Job *job = g_new0 (Job, 1);

  job->file = g_object_ref (source->file);
  job->size = source->size;
  job->path = g_file_get_path (source->file);
  job->position = g_file_get_basename (source->file);
  job->outlook = source->kind == SOURCE_OUTLOOK_MSG;
  if (source->size > MAX_MESSAGE_BYTES)
    job->reject_reason = g_strdup_printf (_("The message is larger than %d MB"),
                                          MAX_MESSAGE_BYTES / (1024 * 1024));

  return queue_job (run, job, error);
}

typedef enum
{
  SNIFF_MBOX,
  SNIFF_MESSAGE,
  SNIFF_EMPTY,
  SNIFF_OLE2,    /* maybe an Outlook message; maybe a Word document */
  SNIFF_PST,
  SNIFF_OTHER,
} Sniffed;

static gboolean
looks_like_header_line (const char *line,
                        gsize       len)
{
  gsize i = 0;

  /* RFC 5322 allows any printable character in a field's name, but the
   * names mail carries are words and hyphens: "<html><body>Netscape:" is
   * the start of a web page. */
  if (len == 0 || !g_ascii_isalpha (line[0]))
    return FALSE;
  while (i < len && (g_ascii_isalnum (line[i]) || line[i] == '-' || line[i] == '_'))
    i++;
  while (i < len && (line[i] == ' ' || line[i] == '\t'))
    i++;

  return i < len && line[i] == ':';
}

/* By content, not by name: exports are named anything, or nothing. */
static Sniffed
sniff (GFile         *file,
       GCancellable  *cancellable,
       GError       **error)
{
  g_autoptr(GFileInputStream) input = g_file_read (file, cancellable, error);
  char buffer[SNIFF_BYTES];
  gsize n = 0;
  gsize start = 0;
  const char *nl;

  if (input == NULL)
    return SNIFF_OTHER;

  if (!g_input_stream_read_all (G_INPUT_STREAM (input), buffer, sizeof buffer, &n, cancellable, error))
    return SNIFF_OTHER;

  /* Tolerate a byte-order mark and lines of white space at the very start. */
  if (n >= 3 && memcmp (buffer, "\xef\xbb\xbf", 3) == 0)
    start = 3;
  for (;;)
    {
      gsize i = start;

      while (i < n && (buffer[i] == ' ' || buffer[i] == '\t' || buffer[i] == '\r'))
        i++;
      if (i < n && buffer[i] == '\n')
        start = i + 1;
      else if (i == n)
        {
          start = n;
          break;
        }
      else
        break;
    }

  if (intake_outlook_is_pst ((const guint8 *) buffer, n))
    return SNIFF_PST;
  if (intake_outlook_is_ole2 ((const guint8 *) buffer, n))
    return SNIFF_OLE2;

  if (start == n)
    return SNIFF_EMPTY;

  nl = memchr (buffer + start, '\n', n - start);
  if (is_from_line (buffer + start, (nl ? nl + 1 : buffer + n) - (buffer + start), TRUE))
    return SNIFF_MBOX;

  if (memchr (buffer + start, '\0', (nl ? nl : buffer + n) - (buffer + start)) == NULL &&
      looks_like_header_line (buffer + start, (nl ? nl : buffer + n) - (buffer + start)))
    return SNIFF_MESSAGE;

  /* A message whose first header line is indented by mistake: only when
   * the next line is a header too, as an indented line of a text file is
   * not. */
  if ((buffer[start] == ' ' || buffer[start] == '\t') && nl != NULL)
    {
      gsize i = start;
      const char *next = nl + 1;
      const char *next_nl = memchr (next, '\n', buffer + n - next);

      while (i < n && (buffer[i] == ' ' || buffer[i] == '\t'))
        i++;
      if (memchr (buffer + start, '\0', nl - (buffer + start)) == NULL &&
          looks_like_header_line (buffer + i, nl - (buffer + i)) &&
          next_nl != NULL &&
          looks_like_header_line (next, next_nl - next))
        return SNIFF_MESSAGE;
    }

  return SNIFF_OTHER;
}

/* A folder's entry: its type and size are read with its name. */
typedef struct
{
  char      *name;
  GFileType  type;
  guint64    size;
  gboolean   gone;   /* since it was listed */
} Entry;

static void
entry_clear (gpointer data)
{
  g_free (((Entry *) data)->name);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (((const Entry *) a)->name, ((const Entry *) b)->name);
}

static GArray *
new_entries (void)
{
  GArray *entries = g_array_new (FALSE, FALSE, sizeof (Entry));

  g_array_set_clear_func (entries, entry_clear);
  return entries;
}

/* Through GIO: for a folder that is not a local path, and for whatever
 * the plain reading below cannot say, so that errors read as GIO's. */
static GArray *
children_through_gio (GFile         *dir,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GArray) entries = new_entries ();
  GFileInfo *info;

  enumerator = g_file_enumerate_children (dir,
                                          G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                          G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable, error);
  if (enumerator == NULL)
    return NULL;

  while ((info = g_file_enumerator_next_file (enumerator, cancellable, error)) != NULL)
    {
      Entry entry = {
        g_strdup (g_file_info_get_name (info)),
        g_file_info_get_file_type (info),
        g_file_info_get_size (info),
        FALSE,
      };

      g_array_append_val (entries, entry);
      g_object_unref (info);
    }

  if (error != NULL && *error != NULL)
    return NULL;

  return g_steal_pointer (&entries);
}

typedef struct
{
  int     dir_fd;
  Entry  *entries;
  guint   n_entries;
  int     failure;   /* the errno of a stat that failed other than ENOENT, or 0 */
} StatRange;

/* The type and size of the entries readdir() could not say or did not
 * give the size of. An entry gone since it was listed is left out, as
 * GIO leaves it out. */
static gpointer
stat_entries (gpointer data)
{
  StatRange *range = data;

  for (guint i = 0; i < range->n_entries && range->failure == 0; i++)
    {
      Entry *entry = &range->entries[i];
      struct stat st;

      if (entry->type != G_FILE_TYPE_REGULAR && entry->type != G_FILE_TYPE_UNKNOWN)
        continue;

      if (fstatat (range->dir_fd, entry->name, &st, AT_SYMLINK_NOFOLLOW) == 0)
        {
          entry->type = S_ISREG (st.st_mode) ? G_FILE_TYPE_REGULAR :
                        S_ISDIR (st.st_mode) ? G_FILE_TYPE_DIRECTORY :
                        S_ISLNK (st.st_mode) ? G_FILE_TYPE_SYMBOLIC_LINK : G_FILE_TYPE_SPECIAL;
          entry->size = st.st_size;
        }
      else if (errno == ENOENT)
        entry->gone = TRUE;
      else
        range->failure = errno;
    }

  return NULL;
}

/* A folder's entries, by name, with their type and size read in the same
 * pass: a Maildir of 20,000 messages must not cost 40,000 more stat calls.
 * Read with readdir() and one fstatat() per file, on two threads for a
 * large folder: GIO's enumerator, with a GFileInfo per file, was most of
 * the time the import spent listing a Maildir, before any message could be
 * parsed. Symbolic links are not followed. */
static GArray *
sorted_children (GFile         *dir,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autofree char *path = g_file_get_path (dir);
  g_autoptr(GArray) entries = NULL;
  DIR *stream = path ? opendir (path) : NULL;
  struct dirent *dirent;
  int failure = 0;

  if (stream == NULL)
    return children_through_gio (dir, cancellable, error);

  entries = new_entries ();
  errno = 0;
  while ((dirent = readdir (stream)) != NULL)
    {
      Entry entry = { NULL, G_FILE_TYPE_UNKNOWN, 0, FALSE };

      if (strcmp (dirent->d_name, ".") == 0 || strcmp (dirent->d_name, "..") == 0)
        continue;

      if (dirent->d_type == DT_REG)
        entry.type = G_FILE_TYPE_REGULAR;
      else if (dirent->d_type == DT_DIR)
        entry.type = G_FILE_TYPE_DIRECTORY;
      else if (dirent->d_type == DT_LNK)
        entry.type = G_FILE_TYPE_SYMBOLIC_LINK;
      else if (dirent->d_type != DT_UNKNOWN)
        entry.type = G_FILE_TYPE_SPECIAL;
      entry.name = g_strdup (dirent->d_name);
      g_array_append_val (entries, entry);
      errno = 0;
    }
  failure = errno;

  if (failure == 0 && !g_cancellable_is_cancelled (cancellable))
    {
      guint half = entries->len >= 4096 ? entries->len / 2 : 0;
      StatRange first = { dirfd (stream), (Entry *) entries->data, half, 0 };
      StatRange second = { dirfd (stream), (Entry *) entries->data + half, entries->len - half, 0 };
      GThread *helper = half > 0 ? g_thread_new ("intake-list", stat_entries, &first) : NULL;

      stat_entries (&second);
      if (helper != NULL)
        g_thread_join (helper);
      failure = first.failure ? first.failure : second.failure;
    }
  closedir (stream);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  /* What the plain reading cannot say, GIO says in its own words. */
  if (failure != 0)
    return children_through_gio (dir, cancellable, error);

  for (guint i = entries->len; i > 0; i--)
    if (g_array_index (entries, Entry, i - 1).gone)
      g_array_remove_index (entries, i - 1);

  g_array_sort (entries, compare_entries);

  return g_steal_pointer (&entries);
}

static gboolean
is_dir (GFile *file)
{
  return g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY;
}

static guint64
file_size (GFile *file)
{
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);

  return info ? (guint64) g_file_info_get_size (info) : 0;
}

static void
add_source (GPtrArray  *sources,
            GFile      *file,
            SourceKind  kind,
            guint64     size)
{
  Source *source = g_new0 (Source, 1);

  source->file = g_object_ref (file);
  source->kind = kind;
  source->size = size;
  g_ptr_array_add (sources, source);
}

static gboolean
collect_directory (GFile                *dir,
                   GPtrArray            *sources,
                   IntakeImportSummary  *summary,
                   int                   depth,
                   GCancellable         *cancellable,
                   GError              **error);

static gboolean
collect_maildir (GFile         *dir,
                 GPtrArray     *sources,
                 GCancellable  *cancellable,
                 GError       **error)
{
  const char *subdirs[] = { "new", "cur" };

  /* tmp/ holds deliveries in progress: not messages yet. */
  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autoptr(GFile) sub = g_file_get_child (dir, subdirs[i]);
      g_autoptr(GArray) entries = NULL;

      if (!is_dir (sub))
        continue;

      entries = sorted_children (sub, cancellable, error);
      if (entries == NULL)
        return FALSE;

      for (guint j = 0; j < entries->len; j++)
        {
          const Entry *entry = &g_array_index (entries, Entry, j);
          g_autoptr(GFile) child = NULL;

          if (entry->name[0] == '.' || entry->type != G_FILE_TYPE_REGULAR)
            continue;

          child = g_file_get_child (sub, entry->name);
          add_source (sources, child, SOURCE_MESSAGE, entry->size);
        }
    }

  return TRUE;
}

static gboolean
is_maildir (GFile *dir)
{
  g_autoptr(GFile) cur = g_file_get_child (dir, "cur");
  g_autoptr(GFile) new = g_file_get_child (dir, "new");

  return is_dir (cur) && is_dir (new);
}

static gboolean
collect_file (GFile                *file,
              GPtrArray            *sources,
              IntakeImportSummary  *summary,
              gboolean              named_by_user,
              GCancellable         *cancellable,
              GError              **error)
{
  g_autoptr(GError) sniff_error = NULL;
  g_autofree char *path = g_file_get_path (file);

  /* A survey export says what it is by its name alone; its content could
   * be anything. */
  if (intake_importer_is_csv (file))
    {
      add_source (sources, file, SOURCE_CSV, file_size (file));
      return TRUE;
    }

  switch (sniff (file, cancellable, &sniff_error))
    {
    case SNIFF_MBOX:
    case SNIFF_EMPTY:
      add_source (sources, file, SOURCE_MBOX, file_size (file));
      return TRUE;

    case SNIFF_MESSAGE:
      add_source (sources, file, SOURCE_MESSAGE, file_size (file));
      return TRUE;

    case SNIFF_PST:
      add_source (sources, file, SOURCE_PST, file_size (file));
      return TRUE;

    case SNIFF_OLE2:
      {
        g_autoptr(GError) msg_error = NULL;
        g_autoptr(IntakeMapiBag) bag = intake_outlook_msg_open_file (path, &msg_error);
        g_autofree char *message_class = NULL;
        g_autofree char *reason = NULL;
        g_autofree char *lower = path ? g_ascii_strdown (path, -1) : NULL;

        if (bag != NULL)
          {
            /* A contact or a note is not worth reading whole. */
            message_class = intake_mapi_bag_get_string (bag, INTAKE_MAPI_MESSAGE_CLASS);
            reason = intake_outlook_skip_reason (message_class ? g_strstrip (message_class) : NULL);
            if (reason != NULL)
              g_ptr_array_add (summary->skipped, issue_new (path, NULL, reason));
            else
              add_source (sources, file, SOURCE_OUTLOOK_MSG, file_size (file));
            return TRUE;
          }

        /* A damaged .msg is a message to reject, and say why; any other
         * OLE2 file (a Word or Excel document) is not mail. */
        if (g_error_matches (msg_error, INTAKE_OUTLOOK_ERROR, INTAKE_OUTLOOK_ERROR_DAMAGED) &&
            lower != NULL && g_str_has_suffix (lower, ".msg"))
          {
            add_source (sources, file, SOURCE_OUTLOOK_MSG, file_size (file));
            return TRUE;
          }
      }
      G_GNUC_FALLTHROUGH;

    case SNIFF_OTHER:
    default:
      if (sniff_error != NULL)
        {
          if (named_by_user || g_error_matches (sniff_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&sniff_error));
              return FALSE;
            }
          g_ptr_array_add (summary->skipped, issue_new (path, NULL, sniff_error->message));
          return TRUE;
        }

      if (named_by_user)
        {
          g_set_error (error, INTAKE_IMPORT_ERROR, INTAKE_IMPORT_ERROR_NOT_A_MAILBOX,
                       _("“%s” is not a mailbox: it is neither an mbox file nor an email message"), path);
          return FALSE;
        }

      g_ptr_array_add (summary->skipped, issue_new (path, NULL, _("Not a mailbox or an email message")));
      return TRUE;
    }
}

static gboolean
collect_directory (GFile                *dir,
                   GPtrArray            *sources,
                   IntakeImportSummary  *summary,
                   int                   depth,
                   GCancellable         *cancellable,
                   GError              **error)
{
  g_autoptr(GArray) entries = NULL;
  gboolean maildir = is_maildir (dir);

  /* Symbolic links are not followed, but stay safe from deep trees anyway. */
  if (depth > 32)
    return TRUE;

  if (maildir && !collect_maildir (dir, sources, cancellable, error))
    return FALSE;

  entries = sorted_children (dir, cancellable, error);
  if (entries == NULL)
    return FALSE;

  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *entry = &g_array_index (entries, Entry, i);
      const char *name = entry->name;
      GFileType type = entry->type;
      g_autoptr(GFile) child = NULL;

      /* Hidden files are mail software's bookkeeping (dovecot-uidlist, .DS_Store). */
      if (name[0] == '.')
        continue;
      if (maildir && (strcmp (name, "cur") == 0 || strcmp (name, "new") == 0 || strcmp (name, "tmp") == 0))
        continue;

      child = g_file_get_child (dir, name);
      if (type == G_FILE_TYPE_DIRECTORY)
        {
          if (!collect_directory (child, sources, summary, depth + 1, cancellable, error))
            return FALSE;
        }
      else if (type == G_FILE_TYPE_REGULAR)
        {
          if (!collect_file (child, sources, summary, FALSE, cancellable, error))
            return FALSE;
        }
    }

  return TRUE;
}

static GPtrArray *
collect_sources (GFile * const         *files,
                 guint                  n_files,
                 IntakeImportSummary   *summary,
                 GCancellable          *cancellable,
                 GError               **error)
{
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func ((GDestroyNotify) source_free);

  /* Every input is checked before anything is imported, so a typo in the
   * last name does not leave a half-done import behind. */
  for (guint i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);
      GFileType type = g_file_query_file_type (files[i], G_FILE_QUERY_INFO_NONE, NULL);

      if (type == G_FILE_TYPE_UNKNOWN)
        {
          g_set_error (error, INTAKE_IMPORT_ERROR, INTAKE_IMPORT_ERROR_NOT_FOUND,
                       _("“%s” does not exist"), path ? path : g_file_peek_path (files[i]));
          return NULL;
        }

      if (type == G_FILE_TYPE_DIRECTORY)
        {
          if (!collect_directory (files[i], sources, summary, 0, cancellable, error))
            return NULL;
        }
      else if (!collect_file (files[i], sources, summary, TRUE, cancellable, error))
        return NULL;
    }

  return g_steal_pointer (&sources);
}

static IntakeImportSummary *
run_import_sources (ImportRun      *run,
                    GFile * const  *files,
                    guint           n_files,
                    GError        **error)
{
  g_autoptr(IntakeImportSummary) summary = intake_import_summary_new ();
  g_autoptr(GPtrArray) sources = NULL;

  run->summary = summary;

  sources = collect_sources (files, n_files, summary, run->cancellable, error);
  if (sources == NULL)
    {
      if (error && *error && g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_error (error);
          summary->cancelled = TRUE;
          return g_steal_pointer (&summary);
        }
      return NULL;
    }

  summary->files = sources->len;
  for (guint i = 0; i < sources->len; i++)
    run->total_bytes += ((Source *) g_ptr_array_index (sources, i))->size;
  report_progress (run, TRUE);

  for (guint i = 0; i < sources->len; i++)
    {
      Source *source = g_ptr_array_index (sources, i);
      gboolean ok;

      if (g_cancellable_is_cancelled (run->cancellable))
        {
          summary->cancelled = TRUE;
          break;
        }

      if (source->kind == SOURCE_MBOX)
        ok = import_mbox (run, source, error);
      else if (source->kind == SOURCE_CSV)
        ok = import_csv (run, source, error);
      else if (source->kind == SOURCE_PST)
        ok = import_pst (run, source, error);
      else
        ok = queue_message_file (run, source, error);

      if (!ok)
        {
          if (error && *error && g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              /* What was imported before the cancellation stays. */
              g_clear_error (error);
              summary->cancelled = TRUE;
              break;
            }
          drop_all_jobs (run);
          intake_store_rollback (run->store);
          run->in_transaction = FALSE;
          return NULL;
        }

      if (summary->cancelled)
        break;
    }

  if (summary->cancelled)
    drop_all_jobs (run);
  else if (!store_all_jobs (run, error))
    {
      drop_all_jobs (run);
      intake_store_rollback (run->store);
      run->in_transaction = FALSE;
      return NULL;
    }

  if (!commit_batch (run, error))
    return NULL;

  report_progress (run, TRUE);

  return g_steal_pointer (&summary);
}

static IntakeImportSummary *
run_import (ImportRun      *run,
            GFile * const  *files,
            guint           n_files,
            GError        **error)
{
  IntakeImportSummary *summary;

  /* Before the workers start: see intake_extract_init(). */
  intake_extract_init ();
  intake_message_init ();
  intake_outlook_init ();

  g_mutex_init (&run->lock);
  g_cond_init (&run->cond);
  g_queue_init (&run->pending);
  run->pool = g_thread_pool_new (parse_worker, run, MAX (1, (int) g_get_num_processors ()), FALSE, NULL);

  /* Only slower if it fails. */
  intake_store_set_importing (run->store, TRUE, NULL);
  summary = run_import_sources (run, files, n_files, error);
  intake_store_set_importing (run->store, FALSE, NULL);

  /* Every job has been stored or dropped by now; the workers are idle. */
  g_assert (g_queue_is_empty (&run->pending));
  g_thread_pool_free (run->pool, FALSE, TRUE);
  g_mutex_clear (&run->lock);
  g_cond_clear (&run->cond);

  return summary;
}

static void
intake_importer_dispose (GObject *object)
{
  IntakeImporter *self = INTAKE_IMPORTER (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->csv_text, g_strfreev);
  g_clear_pointer (&self->csv_attributes, g_strfreev);
  g_clear_pointer (&self->csv_id, g_free);

  G_OBJECT_CLASS (intake_importer_parent_class)->dispose (object);
}

static void
intake_importer_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  IntakeImporter *self = INTAKE_IMPORTER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    case PROP_MESSAGES:
      g_value_set_uint (value, self->messages);
      break;
    case PROP_BYTES:
      g_value_set_uint64 (value, self->bytes);
      break;
    case PROP_TOTAL_BYTES:
      g_value_set_uint64 (value, self->total_bytes);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_importer_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  IntakeImporter *self = INTAKE_IMPORTER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_importer_class_init (IntakeImporterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = intake_importer_dispose;
  object_class->get_property = intake_importer_get_property;
  object_class->set_property = intake_importer_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, INTAKE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0, flags);
  properties[PROP_MESSAGES] = g_param_spec_uint ("messages", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_BYTES] = g_param_spec_uint64 ("bytes", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_TOTAL_BYTES] = g_param_spec_uint64 ("total-bytes", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
intake_importer_init (IntakeImporter *self)
{
}

IntakeImporter *
intake_importer_new (IntakeStore *store)
{
  g_return_val_if_fail (INTAKE_IS_STORE (store), NULL);

  return g_object_new (INTAKE_TYPE_IMPORTER, "store", store, NULL);
}

IntakeStore *
intake_importer_get_store (IntakeImporter *self)
{
  g_return_val_if_fail (INTAKE_IS_IMPORTER (self), NULL);
  return self->store;
}

double
intake_importer_get_fraction (IntakeImporter *self)
{
  g_return_val_if_fail (INTAKE_IS_IMPORTER (self), 0.0);
  return self->fraction;
}

guint
intake_importer_get_messages (IntakeImporter *self)
{
  g_return_val_if_fail (INTAKE_IS_IMPORTER (self), 0);
  return self->messages;
}

guint64
intake_importer_get_bytes (IntakeImporter *self)
{
  g_return_val_if_fail (INTAKE_IS_IMPORTER (self), 0);
  return self->bytes;
}

guint64
intake_importer_get_total_bytes (IntakeImporter *self)
{
  g_return_val_if_fail (INTAKE_IS_IMPORTER (self), 0);
  return self->total_bytes;
}

gboolean
intake_importer_get_busy (IntakeImporter *self)
{
  g_return_val_if_fail (INTAKE_IS_IMPORTER (self), FALSE);
  return self->busy;
}

/**
 * intake_importer_import_sync:
 * @files: mbox files, message files, Maildirs or folders holding any of them
 *
 * Imports in the calling thread, on the importer's own store connection.
 * Damaged messages are rejected and counted, not errors; the error is for
 * inputs that are missing or not mail at all, and for a project that cannot
 * be written. Cancelling keeps what was imported and sets the summary's
 * cancelled flag.
 */
IntakeImportSummary *
intake_importer_import_sync (IntakeImporter  *self,
                             GFile * const   *files,
                             guint            n_files,
                             GCancellable    *cancellable,
                             GError         **error)
{
  ImportRun run = { 0, };

  g_return_val_if_fail (INTAKE_IS_IMPORTER (self), NULL);
  g_return_val_if_fail (files != NULL || n_files == 0, NULL);

  run.importer = self;
  run.store = self->store;
  run.cancellable = cancellable;

  return run_import (&run, files, n_files, error);
}

typedef struct
{
  GFile        **files;
  guint          n_files;
  GMainContext  *context;
} ImportTaskData;

static void
import_task_data_free (ImportTaskData *data)
{
  for (guint i = 0; i < data->n_files; i++)
    g_object_unref (data->files[i]);
  g_free (data->files);
  g_main_context_unref (data->context);
  g_free (data);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  IntakeImporter *self = source_object;
  ImportTaskData *data = task_data;
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(GError) error = NULL;
  IntakeImportSummary *summary;
  ImportRun run = { 0, };

  /* SQLite connections are not shared between threads: this one is ours. */
  store = intake_store_open_another (self->store, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  run.importer = self;
  run.store = store;
  run.cancellable = cancellable;
  run.context = data->context;

  summary = run_import (&run, data->files, data->n_files, &error);
  if (summary == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, summary, (GDestroyNotify) intake_import_summary_free);
}

void
intake_importer_import_async (IntakeImporter      *self,
                              GFile * const       *files,
                              guint                n_files,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportTaskData *data;

  g_return_if_fail (INTAKE_IS_IMPORTER (self));
  g_return_if_fail (files != NULL || n_files == 0);

  data = g_new0 (ImportTaskData, 1);
  data->files = g_new0 (GFile *, n_files + 1);
  data->n_files = n_files;
  for (guint i = 0; i < n_files; i++)
    data->files[i] = g_object_ref (files[i]);
  data->context = g_main_context_ref_thread_default ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, intake_importer_import_async);
  g_task_set_task_data (task, data, (GDestroyNotify) import_task_data_free);
  /* A cancelled import still returns its summary: what was imported stays. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_check_cancellable (task, FALSE);

  set_progress (self, 0, 0, 0);
  set_busy (self, TRUE);

  g_task_run_in_thread (task, import_thread);
}

IntakeImportSummary *
intake_importer_import_finish (IntakeImporter  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (INTAKE_IS_IMPORTER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  set_busy (self, FALSE);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * intake_importer_is_csv:
 *
 * Whether @file is read as a survey or portal export, by its name.
 */
gboolean
intake_importer_is_csv (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *lower = name ? g_ascii_strdown (name, -1) : NULL;

  return lower != NULL && (g_str_has_suffix (lower, ".csv") || g_str_has_suffix (lower, ".tsv"));
}

/**
 * intake_importer_set_csv_columns:
 * @text_columns: (nullable): the columns of the respondents' text, by name
 * @attribute_columns: (nullable): those that become case attributes
 * @id_column: (nullable): the column of each row's stable id
 *
 * How the survey exports of the next imports are read. With no text
 * columns they are guessed from each file's first rows.
 */
void
intake_importer_set_csv_columns (IntakeImporter     *self,
                                 const char * const *text_columns,
                                 const char * const *attribute_columns,
                                 const char         *id_column)
{
  g_return_if_fail (INTAKE_IS_IMPORTER (self));
  g_return_if_fail (!self->busy);

  g_strfreev (self->csv_text);
  self->csv_text = g_strdupv ((char **) text_columns);
  g_strfreev (self->csv_attributes);
  self->csv_attributes = g_strdupv ((char **) attribute_columns);
  g_free (self->csv_id);
  self->csv_id = g_strdup (id_column);
}
