/* REFI-QDA projects: the summary, what the format cannot carry, and the
 * export and import on worker threads (the writer is intake-qdpx-export.c,
 * the reader intake-qdpx-import.c). */
#define G_LOG_DOMAIN "intake-qdpx"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "intake-main-context.h"
#include "intake-qdpx-private.h"

G_DEFINE_QUARK (intake-qdpx-error-quark, intake_qdpx_error)

/* At most this many progress updates a second reach the caller's context. */
#define PROGRESS_PER_SECOND 30

IntakeQdpxSummary *
intake_qdpx_summary_new (void)
{
  IntakeQdpxSummary *summary = g_new0 (IntakeQdpxSummary, 1);

  summary->skipped = g_ptr_array_new_with_free_func (g_free);
  return summary;
}

void
intake_qdpx_summary_free (IntakeQdpxSummary *summary)
{
  if (summary == NULL)
    return;
  g_ptr_array_unref (summary->skipped);
  g_free (summary);
}

const char * const *
intake_qdpx_not_carried (void)
{
  static const char *sentences[] = {
    N_("Submission statuses (new, in progress, coded, excluded): QDA-XML has no place for them; excluded submissions are exported too."),
    N_("Senders’ names and e-mail addresses, Message-IDs, threads and the files the mail came from."),
    N_("Attachments as files: only their extracted text, part of each submission’s text."),
    N_("The audit trail of who changed what and when, and the import’s rejections and duplicates."),
    N_("Redaction: the texts are exported whole, with the personal information they hold."),
    N_("Which codes take one value per submission (Stance on the programme)."),
    N_("The coordinator’s adjudications of the reviewers’ disagreements: each reviewer’s codings are exported as they made them."),
    NULL,
  };
  static const char *translated[G_N_ELEMENTS (sentences)];
  static gsize done;

  if (g_once_init_enter (&done))
    {
      for (guint i = 0; sentences[i] != NULL; i++)
        translated[i] = _(sentences[i]);
      g_once_init_leave (&done, 1);
    }

  return translated;
}

/* ---- On a worker thread ------------------------------------------------- */

typedef struct
{
  char                *project_path;
  char                *path;
  char                *fallback_reviewer;
  IntakeProgressRelay *progress;
} Job;

static void
job_free (Job *job)
{
  g_free (job->project_path);
  g_free (job->path);
  g_free (job->fallback_reviewer);
  intake_progress_relay_unref (job->progress);
  g_free (job);
}

static void
start_job (const char              *project_path,
           const char              *path,
           const char              *fallback_reviewer,
           IntakeQdpxProgressFunc   progress,
           gpointer                 progress_data,
           GDestroyNotify           progress_destroy,
           GCancellable            *cancellable,
           gpointer                 source_tag,
           GTaskThreadFunc          thread_func,
           GAsyncReadyCallback      callback,
           gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  IntakeProgressRelay *shared;
  Job *job;

  shared = intake_progress_relay_new ("[intake] qdpx progress", PROGRESS_PER_SECOND,
                                      progress, progress_data, progress_destroy);
  job = g_new0 (Job, 1);
  job->project_path = g_strdup (project_path);
  job->path = g_strdup (path);
  job->fallback_reviewer = g_strdup (fallback_reviewer);
  job->progress = intake_progress_relay_ref (shared);

  task = intake_progress_relay_task_new (shared, NULL, cancellable, NULL, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, "[intake] REFI-QDA project");
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  /* The result says what happened to the file, even if cancelled late. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, thread_func);
}

static char *
project_name_of (const char *project_path)
{
  g_autofree char *base = g_path_get_basename (project_path);
  g_autofree char *display = g_filename_display_name (base);
  char *dot = strrchr (display, '.');

  if (dot != NULL && dot != display)
    *dot = '\0';
  return g_steal_pointer (&display);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = project_name_of (job->project_path);
  /* The project being read is never written over. */
  const char * const protected[] = { job->project_path, NULL };
  IntakeQdpxSummary *summary = NULL;

  store = intake_store_open_readonly (job->project_path, &error);
  if (store != NULL)
    summary = intake_qdpx_export (store, name, job->path, protected, intake_progress_relay_send,
                                  job->progress, cancellable, &error);
  if (summary == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, summary, (GDestroyNotify) intake_qdpx_summary_free);
}

void
intake_qdpx_export_async (const char              *project_path,
                          const char              *path,
                          IntakeQdpxProgressFunc   progress,
                          gpointer                 progress_data,
                          GDestroyNotify           progress_destroy,
                          GCancellable            *cancellable,
                          GAsyncReadyCallback      callback,
                          gpointer                 user_data)
{
  g_return_if_fail (project_path != NULL);
  g_return_if_fail (path != NULL);

  start_job (project_path, path, NULL, progress, progress_data, progress_destroy, cancellable,
             intake_qdpx_export_async, export_thread, callback, user_data);
}

IntakeQdpxSummary *
intake_qdpx_export_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == intake_qdpx_export_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
remove_project_files (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (job->project_path);
  g_autofree char *temporary = g_build_filename (dir, ".feedback-intake-import-XXXXXX", NULL);
  IntakeQdpxSummary *summary = NULL;
  int fd;

  /* A new, empty file beside the project, which SQLite takes as a new
   * database; renamed over the project only once it is whole. */
  fd = g_mkstemp (temporary);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (dir);

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("Cannot make the new project in “%s”: %s"), display, g_strerror (saved_errno));
      return;
    }
  close (fd);

  {
    g_autoptr(IntakeStore) store = intake_store_open (temporary, &error);

    if (store != NULL)
      summary = intake_qdpx_import (store, job->path, job->fallback_reviewer, intake_progress_relay_send,
                                    job->progress, cancellable, &error);
  }

  if (summary != NULL && g_cancellable_set_error_if_cancelled (cancellable, &error))
    g_clear_pointer (&summary, intake_qdpx_summary_free);
  if (summary != NULL)
    {
      g_autofree char *wal = g_strconcat (job->project_path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (job->project_path, "-shm", NULL);

      /* The old project's own journal must not be read as the new one's. */
      g_unlink (wal);
      g_unlink (shm);
      if (g_rename (temporary, job->project_path) != 0)
        {
          int saved_errno = errno;
          g_autofree char *display = g_filename_display_name (job->project_path);

          g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Cannot write the new project “%s”: %s"), display, g_strerror (saved_errno));
          g_clear_pointer (&summary, intake_qdpx_summary_free);
        }
    }
  remove_project_files (temporary);

  if (summary == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, summary, (GDestroyNotify) intake_qdpx_summary_free);
}

void
intake_qdpx_import_async (const char              *qdpx_path,
                          const char              *project_path,
                          const char              *fallback_reviewer,
                          IntakeQdpxProgressFunc   progress,
                          gpointer                 progress_data,
                          GDestroyNotify           progress_destroy,
                          GCancellable            *cancellable,
                          GAsyncReadyCallback      callback,
                          gpointer                 user_data)
{
  g_return_if_fail (qdpx_path != NULL);
  g_return_if_fail (project_path != NULL);
  g_return_if_fail (fallback_reviewer != NULL);

  start_job (project_path, qdpx_path, fallback_reviewer, progress, progress_data, progress_destroy,
             cancellable, intake_qdpx_import_async, import_thread, callback, user_data);
}

IntakeQdpxSummary *
intake_qdpx_import_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == intake_qdpx_import_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
