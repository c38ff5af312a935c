#define G_LOG_DOMAIN "intake-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "intake-file.h"
#include "intake-project.h"
#include "intake-store-private.h"

/* A copy of the project for one reviewer: a snapshot taken with VACUUM
 * INTO, into the temporary that intake-file.c renames over the target,
 * then the options applied to that temporary in one transaction. The
 * source is only read; the target changes only at the rename. */

/* Often enough that a cancel stops a query within a millisecond. */
#define CANCEL_CHECK_STEPS 1000

static int
cancel_check_cb (void *data)
{
  return g_cancellable_is_cancelled (data);
}

/* A cancelled query fails like any other: tell the two apart here. */
static gboolean
copy_fail (sqlite3       *db,
           GCancellable  *cancellable,
           const char    *path,
           GError       **error)
{
  g_autofree char *display = g_filename_display_name (path);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED,
               /* Translators: %s is the copy's file, then SQLite's reason, in English */
               _("Could not write the copy “%s”: %s"), display, sqlite3_errmsg (db));
  return FALSE;
}

static gboolean
copy_exec (sqlite3       *db,
           const char    *sql,
           GCancellable  *cancellable,
           const char    *path,
           GError       **error)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return copy_fail (db, cancellable, path, error);

  return TRUE;
}

static gint64
copy_count (sqlite3    *db,
            const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK || sqlite3_step (stmt) != SQLITE_ROW)
    return -1;

  return sqlite3_column_int64 (stmt, 0);
}

/* @n of the submissions that are not excluded, uniformly at random and the
 * same for the same seed: they are ordered by what identifies them in any
 * copy of the project (Message-ID, else content hash), not by row order,
 * and a seeded Fisher–Yates shuffle picks the first @n. */
static gboolean
choose_sample (sqlite3       *db,
               guint          n,
               guint32        seed,
               GCancellable  *cancellable,
               const char    *path,
               GError       **error)
{
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  int rc;

  if (sqlite3_prepare_v2 (db,
                          "SELECT id FROM submissions WHERE status != 'excluded'"
                          " ORDER BY coalesce(message_id, content_hash, '') COLLATE BINARY, date, subject, id",
                          -1, &select, NULL) != SQLITE_OK)
    return copy_fail (db, cancellable, path, error);
  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (select, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    return copy_fail (db, cancellable, path, error);

  n = MIN (n, ids->len);
  for (guint i = 0; i < n; i++)
    {
      guint j = (guint) g_rand_int_range (rand, (gint32) i, (gint32) ids->len);
      gint64 swap = g_array_index (ids, gint64, i);

      g_array_index (ids, gint64, i) = g_array_index (ids, gint64, j);
      g_array_index (ids, gint64, j) = swap;
    }

  if (!copy_exec (db, "CREATE TEMP TABLE sample (id INTEGER PRIMARY KEY)", cancellable, path, error) ||
      sqlite3_prepare_v2 (db, "INSERT INTO temp.sample (id) VALUES (?)", -1, &insert, NULL) != SQLITE_OK)
    return copy_fail (db, cancellable, path, error);
  for (guint i = 0; i < n; i++)
    {
      sqlite3_reset (insert);
      sqlite3_bind_int64 (insert, 1, g_array_index (ids, gint64, i));
      if (sqlite3_step (insert) != SQLITE_DONE)
        return copy_fail (db, cancellable, path, error);
    }

  /* Codings, attributes, memos and attachments go with their submission
   * (ON DELETE CASCADE); the audit of the others would name them. */
  return copy_exec (db,
                    "DELETE FROM submissions WHERE id NOT IN (SELECT id FROM temp.sample);"
                    "DELETE FROM audit WHERE submission_id IS NOT NULL"
                    "  AND submission_id NOT IN (SELECT id FROM temp.sample);"
                    "DROP TABLE temp.sample;",
                    cancellable, path, error);
}

/* Blind: the reviewer codes without seeing anyone else's work, so the copy
 * leaves out every coding and memo, the coordinator's adjudications of
 * codings, and the audit entries that describe them ("code", "uncode",
 * "memo", "adjudicate") or the progress they made (a status
 * other than excluded); the statuses codings set (in progress, coded) go
 * back to new. It keeps what belongs to the coordinator or to the
 * submission rather than to a reviewer's judgement: the submissions and
 * their attachments, case attributes, the codebook, the exclusions, and
 * the safeguarding flags, which nobody handling the submission may miss.
 * The reviewers stay too, GUIDs and all: the attributes, the audit and
 * the flags name them, and a merge matches reviewers by GUID. */
static gboolean
make_blind (sqlite3       *db,
            GCancellable  *cancellable,
            const char    *path,
            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db,
                          "DELETE FROM codings WHERE code_id NOT IN (SELECT id FROM codes WHERE guid = ?)",
                          -1, &stmt, NULL) != SQLITE_OK)
    return copy_fail (db, cancellable, path, error);
  sqlite3_bind_text (stmt, 1, INTAKE_SAFEGUARDING_FLAG_GUID, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return copy_fail (db, cancellable, path, error);

  return copy_exec (db,
                    "DELETE FROM memos;"
                    "DELETE FROM adjudications;"
                    "DELETE FROM audit WHERE action IN ('code', 'uncode', 'memo', 'adjudicate')"
                    "  OR (action = 'status' AND detail != 'status excluded');"
                    "UPDATE submissions SET status = 'new' WHERE status IN ('in-progress', 'coded');",
                    cancellable, path, error);
}

static void
report_progress (IntakeStoreProgressFunc  progress,
                 gpointer                 progress_data,
                 double                   fraction)
{
  if (progress != NULL)
    progress (fraction, progress_data);
}

/* A project replaced under its own write-ahead log or rollback journal
 * would have them played into the copy the next time it is opened: one
 * that is open, or was not closed cleanly, is left alone. */
static gboolean
check_target_closed (const char  *path,
                     GError     **error)
{
  static const char * const suffixes[] = { "-wal", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);
      GStatBuf st;

      if (g_stat (name, &st) == 0 && st.st_size > 0)
        {
          g_autofree char *display = g_filename_display_name (path);

          g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED,
                       _("Will not replace “%s”: it is open in another program, or was not closed"
                         " cleanly; open it once and close it, or choose another name"), display);
          return FALSE;
        }
    }

  return TRUE;
}

static void
remove_sqlite_files (const char *path)
{
  static const char * const suffixes[] = { "-journal", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);

      g_unlink (name);
    }
}

/* The options on the snapshot at @temporary, then compacted: rows deleted
 * in SQLite stay in its free pages, and in the search index's segments,
 * until they are rewritten, and a blind copy must not carry them. */
static gboolean
apply_options (const char               *temporary,
               const char               *path,
               const IntakeCopyOptions  *options,
               IntakeStoreProgressFunc   progress,
               gpointer                  progress_data,
               IntakeCopySummary        *summary,
               GCancellable             *cancellable,
               GError                  **error)
{
  sqlite3 *db = NULL;
  gboolean changes = options->sample > 0 || options->blind;
  gboolean ok = FALSE;

  if (sqlite3_open_v2 (temporary, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      copy_fail (db, cancellable, path, error);
      sqlite3_close (db);
      return FALSE;
    }
  if (cancellable != NULL)
    sqlite3_progress_handler (db, CANCEL_CHECK_STEPS, cancel_check_cb, cancellable);

  /* The copy is a file of its own: no WAL beside it to be left behind. */
  if (!copy_exec (db, "PRAGMA journal_mode = DELETE; PRAGMA foreign_keys = ON;", cancellable, path, error))
    goto out;

  if (changes)
    {
      if (!copy_exec (db, "BEGIN IMMEDIATE", cancellable, path, error))
        goto out;
      if ((options->sample > 0 && !choose_sample (db, options->sample, options->seed, cancellable, path, error)) ||
          (options->blind && !make_blind (db, cancellable, path, error)) ||
          !copy_exec (db, "INSERT INTO submissions_fts (submissions_fts) VALUES ('optimize');"
                          "COMMIT", cancellable, path, error))
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          goto out;
        }
      report_progress (progress, progress_data, 0.7);

      if (!copy_exec (db, "VACUUM", cancellable, path, error))
        goto out;
    }
  report_progress (progress, progress_data, 0.9);

  summary->submissions = (guint) copy_count (db, "SELECT count(*) FROM submissions");
  summary->codings = (guint) copy_count (db, "SELECT count(*) FROM codings");
  summary->memos = (guint) copy_count (db, "SELECT count(*) FROM memos");
  summary->seed = options->seed;
  ok = TRUE;

out:
  if (sqlite3_close (db) != SQLITE_OK && ok)
    ok = copy_fail (db, cancellable, path, error);
  return ok;
}

/**
 * intake_store_write_copy:
 * @path: the copy to write; a regular file there is replaced
 * @options: all submissions or a sample, blind or not
 * @progress: (nullable): called on this thread with the share done
 * @summary: (out) (optional): what the copy holds
 *
 * Writes a copy of the project for one reviewer (see make_blind() for
 * what a blind copy keeps). The copy keeps every identity a later merge
 * matches by: submissions their Message-ID or content hash, codes and
 * reviewers their GUIDs. @path is written whole or not at all: on failure
 * or cancel the file that was there is untouched and no temporary is left;
 * the project itself is never written over, however @path is spelled.
 * @self is only read; use it from one thread.
 */
gboolean
intake_store_write_copy (IntakeStore              *self,
                         const char               *path,
                         const IntakeCopyOptions  *options,
                         IntakeStoreProgressFunc   progress,
                         gpointer                  progress_data,
                         IntakeCopySummary        *summary,
                         GCancellable             *cancellable,
                         GError                  **error)
{
  g_autoptr(IntakeFileOutput) output = NULL;
  g_autoptr(sqlite3_stmt) vacuum = NULL;
  IntakeCopySummary counted = { 0, };
  const char *protected[] = { intake_store_get_path (self), NULL };
  const char *temporary;
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (INTAKE_IS_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  output = intake_file_output_new (path, protected, error);
  if (output == NULL || !check_target_closed (path, error))
    return FALSE;
  temporary = intake_file_output_get_temporary_path (output);
  if (temporary == NULL)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_NOT_REGULAR,
                   _("Cannot write the copy to “%s”: a project copy must be a file"), display);
      return FALSE;
    }
  report_progress (progress, progress_data, 0.0);

  /* One read transaction: the copy is the project as it was at one moment,
   * whatever another program writes meanwhile. */
  db = _intake_store_get_db (self);
  vacuum = _intake_store_prepare (self, "VACUUM INTO ?", error);
  if (vacuum == NULL)
    return FALSE;
  _intake_store_bind_text (vacuum, 1, temporary);
  if (cancellable != NULL)
    sqlite3_progress_handler (db, CANCEL_CHECK_STEPS, cancel_check_cb, cancellable);
  ok = sqlite3_step (vacuum) == SQLITE_DONE;
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 0, NULL, NULL);
  if (!ok)
    {
      copy_fail (db, cancellable, path, error);
      remove_sqlite_files (temporary);
      return FALSE;
    }
  report_progress (progress, progress_data, 0.5);

  ok = apply_options (temporary, path, options, progress, progress_data, &counted, cancellable, error);
  remove_sqlite_files (temporary);
  if (!ok)
    return FALSE;

  /* Cancelled until the rename, the target stays as it was. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !intake_file_output_commit (output, error))
    return FALSE;

  report_progress (progress, progress_data, 1.0);
  if (summary != NULL)
    *summary = counted;
  return TRUE;
}
