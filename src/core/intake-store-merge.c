#define G_LOG_DOMAIN "intake-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "intake-store-private.h"

/* Merging reviewers' projects into this one: each other project is
 * attached to this connection and read with set-based INSERT … SELECT,
 * matched by what a copy keeps of each thing's identity (a submission's
 * Message-ID or content hash, a code's or reviewer's GUID) through
 * temporary tables mapping their ids to ours. Everything happens in one
 * transaction; the other projects are only read. */

/* Often enough that a cancel stops a query within a millisecond. */
#define CANCEL_CHECK_STEPS 1000

/* SQLite attaches at most ten databases. */
#define MAX_OTHERS 10

static int
cancel_check_cb (void *data)
{
  return g_cancellable_is_cancelled (data);
}

void
intake_merge_conflict_free (IntakeMergeConflict *conflict)
{
  if (conflict == NULL)
    return;

  g_free (conflict->file);
  g_free (conflict->kind);
  g_free (conflict->name);
  g_free (conflict->ours);
  g_free (conflict->theirs);
  g_free (conflict);
}

char *
intake_merge_conflict_describe (const IntakeMergeConflict *conflict)
{
  g_return_val_if_fail (conflict != NULL, NULL);

  if (g_strcmp0 (conflict->kind, "attribute") == 0)
    /* Translators: what two merged projects disagree on; %s is an attribute's name */
    return g_strdup_printf (_("attribute “%s”"), conflict->name);
  if (g_strcmp0 (conflict->kind, "memo") == 0)
    /* Translators: what two merged projects disagree on; %s is a reviewer's name */
    return conflict->name ? g_strdup_printf (_("memo of %s"), conflict->name) : g_strdup (_("memo"));

  /* Translators: what two merged projects disagree on */
  return g_strdup (_("status"));
}

static void add_line (GStrvBuilder *builder,
                      const char   *format,
                      ...) G_GNUC_PRINTF (2, 3);

static void
add_line (GStrvBuilder *builder,
          const char   *format,
          ...)
{
  g_autofree char *line = NULL;
  va_list args;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  g_strv_builder_add (builder, line);
}

static const char *
format_count (char  *buffer,
              guint  n)
{
  g_snprintf (buffer, 32, "%'u", n);
  return buffer;
}

GStrv
intake_merge_summary_list_added (const IntakeMergeSummary *summary)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  char n[32];

  g_return_val_if_fail (summary != NULL, NULL);

  if (summary->submissions > 0)
    add_line (builder, g_dngettext (GETTEXT_PACKAGE, "%s submission", "%s submissions", summary->submissions),
              format_count (n, summary->submissions));
  if (summary->codes > 0)
    add_line (builder, g_dngettext (GETTEXT_PACKAGE, "%s code", "%s codes", summary->codes),
              format_count (n, summary->codes));
  if (summary->reviewers > 0)
    add_line (builder, g_dngettext (GETTEXT_PACKAGE, "%s reviewer", "%s reviewers", summary->reviewers),
              format_count (n, summary->reviewers));
  if (summary->codings > 0)
    add_line (builder, g_dngettext (GETTEXT_PACKAGE, "%s coding", "%s codings", summary->codings),
              format_count (n, summary->codings));
  if (summary->memos > 0)
    add_line (builder, g_dngettext (GETTEXT_PACKAGE, "%s memo", "%s memos", summary->memos),
              format_count (n, summary->memos));
  if (summary->attributes > 0)
    add_line (builder, g_dngettext (GETTEXT_PACKAGE, "%s attribute", "%s attributes", summary->attributes),
              format_count (n, summary->attributes));
  if (summary->statuses > 0)
    add_line (builder, g_dngettext (GETTEXT_PACKAGE, "%s status", "%s statuses", summary->statuses),
              format_count (n, summary->statuses));
  if (summary->audit > 0)
    add_line (builder, g_dngettext (GETTEXT_PACKAGE, "%s audit entry", "%s audit entries", summary->audit),
              format_count (n, summary->audit));

  return g_strv_builder_end (builder);
}

void
intake_merge_summary_free (IntakeMergeSummary *summary)
{
  if (summary == NULL)
    return;

  g_clear_pointer (&summary->conflicts, g_ptr_array_unref);
  g_clear_pointer (&summary->changed, g_array_unref);
  g_free (summary);
}

/* The other project, ready to attach: @attach is the file itself, or a
 * migrated copy of it in @temporary when an older version saved it. */
typedef struct
{
  char *path;
  char *display;
  char *attach;
  char *temporary;
} Other;

static void
other_clear (Other *other)
{
  if (other->temporary != NULL)
    {
      static const char * const suffixes[] = { "", "-journal", "-wal", "-shm" };

      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *name = g_strconcat (other->temporary, suffixes[i], NULL);

          g_unlink (name);
        }
    }

  g_free (other->path);
  g_free (other->display);
  g_free (other->attach);
  g_free (other->temporary);
}

static gboolean
same_file (const char *a,
           const char *b)
{
  GStatBuf sa, sb;

  return g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0 &&
         sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Whether @path is a Feedback Intake project (by its application id and
 * schema version, read without writing) and sound; an older one is copied
 * and the copy brought up to date, the file itself never written to. */
static gboolean
other_prepare (IntakeStore  *self,
               Other        *other,
               GError      **error)
{
  g_autoptr(IntakeStore) checked = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3 *db = NULL;
  gint64 version = -1;
  int fd;

  if (g_file_test (other->path, G_FILE_TEST_IS_DIR) || !g_file_test (other->path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_OPEN,
                   _("Cannot merge “%s”: it is not a project file"), other->display);
      return FALSE;
    }

  if (same_file (other->path, intake_store_get_path (self)))
    {
      g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_OPEN,
                   _("Cannot merge “%s” into itself"), other->display);
      return FALSE;
    }

  if (sqlite3_open_v2 (other->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT (SELECT application_id FROM pragma_application_id),"
                              " (SELECT user_version FROM pragma_user_version)",
                          -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW &&
      sqlite3_column_int64 (stmt, 0) == INTAKE_STORE_APPLICATION_ID)
    version = sqlite3_column_int64 (stmt, 1);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (version < 1)
    {
      sqlite3_close (db);
      g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_OPEN,
                   _("Cannot merge “%s”: it is not a Feedback Intake project"), other->display);
      return FALSE;
    }

  if (version < INTAKE_STORE_SCHEMA_VERSION)
    {
      fd = g_file_open_tmp ("feedback-intake-merge-XXXXXX.intake", &other->temporary, error);
      if (fd < 0)
        {
          sqlite3_close (db);
          return FALSE;
        }
      close (fd);

      if (sqlite3_prepare_v2 (db, "VACUUM INTO ?", -1, &stmt, NULL) != SQLITE_OK ||
          sqlite3_bind_text (stmt, 1, other->temporary, -1, SQLITE_STATIC) != SQLITE_OK ||
          sqlite3_step (stmt) != SQLITE_DONE)
        {
          g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_DAMAGED,
                       /* Translators: %s is a project file, then SQLite's reason, in English */
                       _("Cannot merge “%s”: %s"), other->display, sqlite3_errmsg (db));
          sqlite3_close (db);
          return FALSE;
        }
      g_clear_pointer (&stmt, sqlite3_finalize);
      sqlite3_close (db);

      checked = intake_store_open (other->temporary, &local_error);
      other->attach = g_strdup (other->temporary);
    }
  else
    {
      sqlite3_close (db);
      /* Refuses a newer project, and checks the file for damage. */
      checked = intake_store_open_readonly (other->path, &local_error);
      other->attach = g_strdup (other->path);
    }

  /* Its messages name the file already. */
  if (checked == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/* Read only, where SQLite reads file names as URIs (Debian's does). */
static char *
attach_name (const char *path)
{
  g_autofree char *escaped = NULL;

  if (!sqlite3_compileoption_used ("USE_URI"))
    return g_strdup (path);

  escaped = g_uri_escape_string (path, "/", FALSE);
  return g_strconcat ("file:", escaped, "?mode=ro", NULL);
}

/* ---- One other project, attached as "their" ----------------------------- */

typedef struct
{
  IntakeStore        *store;
  sqlite3            *db;
  const char         *schema;    /* where it is attached */
  const char         *display;
  IntakeMergeSummary *summary;
  GCancellable       *cancellable;
} Merge;

/* @sql with "their." naming the attached project. */
static char *
their_sql (Merge      *merge,
           const char *sql)
{
  g_autoptr(GString) text = g_string_new (sql);
  g_autofree char *schema = g_strconcat (merge->schema, ".", NULL);

  g_string_replace (text, "their.", schema, 0);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
merge_fail (Merge   *merge,
            GError **error)
{
  if (g_cancellable_set_error_if_cancelled (merge->cancellable, error))
    return FALSE;

  g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED,
               /* Translators: %s is the other project, then SQLite's reason, in English */
               _("Could not merge “%s”: %s"), merge->display, sqlite3_errmsg (merge->db));
  return FALSE;
}

/* Runs @sql and adds the rows it changed to @count (when not NULL). */
static gboolean
merge_run (Merge       *merge,
           const char  *sql,
           guint       *count,
           GError     **error)
{
  g_autofree char *text = their_sql (merge, sql);

  if (sqlite3_exec (merge->db, text, NULL, NULL, NULL) != SQLITE_OK)
    return merge_fail (merge, error);

  if (count != NULL)
    *count += (guint) sqlite3_changes (merge->db);
  return TRUE;
}

/* Each row of @sql (submission, name, ours, theirs) a conflict of @kind. */
static gboolean
collect_conflicts (Merge       *merge,
                   const char  *kind,
                   const char  *sql,
                   GError     **error)
{
  g_autofree char *text = their_sql (merge, sql);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (merge->db, text, -1, &stmt, NULL) != SQLITE_OK)
    return merge_fail (merge, error);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IntakeMergeConflict *conflict = g_new0 (IntakeMergeConflict, 1);

      conflict->file = g_strdup (merge->display);
      conflict->submission_id = sqlite3_column_int64 (stmt, 0);
      conflict->kind = g_strdup (kind);
      conflict->name = _intake_store_dup_column_text (stmt, 1);
      conflict->ours = _intake_store_dup_column_text (stmt, 2);
      conflict->theirs = _intake_store_dup_column_text (stmt, 3);
      g_ptr_array_add (merge->summary->conflicts, conflict);
    }
  if (rc != SQLITE_DONE)
    return merge_fail (merge, error);

  return TRUE;
}

/* Their reviewers and codes by GUID, added when new to us; the codes a
 * level at a time, so a new code's parent is always there first. */
static gboolean
merge_reviewers_and_codes (Merge   *merge,
                           GError **error)
{
  g_autoptr(sqlite3_stmt) added_codes = NULL;
  gint64 last_code = 0;
  guint added;
  int rc;

  if (sqlite3_prepare_v2 (merge->db, "SELECT coalesce (max (id), 0) FROM main.codes", -1, &added_codes, NULL) != SQLITE_OK ||
      sqlite3_step (added_codes) != SQLITE_ROW)
    return merge_fail (merge, error);
  last_code = sqlite3_column_int64 (added_codes, 0);
  g_clear_pointer (&added_codes, sqlite3_finalize);

  if (!merge_run (merge,
                  "INSERT INTO main.reviewers (guid, name, added_at)"
                  " SELECT t.guid, t.name, t.added_at FROM their.reviewers t"
                  " WHERE NOT EXISTS (SELECT 1 FROM main.reviewers m WHERE m.guid = t.guid) ORDER BY t.id",
                  &merge->summary->reviewers, error) ||
      !merge_run (merge,
                  "DROP TABLE IF EXISTS temp.merge_reviewers;"
                  "CREATE TEMP TABLE merge_reviewers (theirs INTEGER PRIMARY KEY, ours INTEGER NOT NULL);"
                  "INSERT INTO temp.merge_reviewers SELECT t.id, m.id FROM their.reviewers t"
                  " JOIN main.reviewers m ON m.guid = t.guid",
                  NULL, error))
    return FALSE;

  do
    {
      added = 0;
      if (!merge_run (merge,
                      "INSERT INTO main.codes (guid, parent_id, position, name, description, color,"
                      " is_codable, single_choice)"
                      " SELECT t.guid, mp.id, t.position, t.name, t.description, t.color, t.is_codable, t.single_choice"
                      " FROM their.codes t LEFT JOIN their.codes tp ON tp.id = t.parent_id"
                      " LEFT JOIN main.codes mp ON mp.guid = tp.guid"
                      " WHERE NOT EXISTS (SELECT 1 FROM main.codes m WHERE m.guid = t.guid)"
                      " AND (t.parent_id IS NULL OR mp.id IS NOT NULL) ORDER BY t.id",
                      &added, error))
        return FALSE;
      merge->summary->codes += added;
    }
  while (added > 0);

  /* A code of theirs may share its name with one of ours beside it, each
   * project having added its own: both stay, theirs renamed, so that a
   * path still names one code. */
  if (sqlite3_prepare_v2 (merge->db, "SELECT id FROM main.codes WHERE id > ? ORDER BY id", -1,
                          &added_codes, NULL) != SQLITE_OK)
    return merge_fail (merge, error);
  sqlite3_bind_int64 (added_codes, 1, last_code);
  while ((rc = sqlite3_step (added_codes)) == SQLITE_ROW)
    if (!_intake_store_make_code_name_unique (merge->store, sqlite3_column_int64 (added_codes, 0), error))
      return FALSE;
  if (rc != SQLITE_DONE)
    return merge_fail (merge, error);

  return merge_run (merge,
                    "DROP TABLE IF EXISTS temp.merge_codes;"
                    "CREATE TEMP TABLE merge_codes (theirs INTEGER PRIMARY KEY, ours INTEGER NOT NULL);"
                    "INSERT INTO temp.merge_codes SELECT t.id, m.id FROM their.codes t"
                    " JOIN main.codes m ON m.guid = t.guid",
                    NULL, error);
}

/* Their submissions matched to ours the way an import finds a duplicate
 * (by Message-ID, else by content hash); the others are added, with their
 * attachments and source files, at ids after ours. */
static gboolean
merge_submissions (Merge   *merge,
                   GError **error)
{
  return merge_run (merge,
                    "DROP TABLE IF EXISTS temp.merge_submissions;"
                    "CREATE TEMP TABLE merge_submissions (theirs INTEGER PRIMARY KEY, ours INTEGER,"
                    "  added INTEGER NOT NULL DEFAULT 0);"
                    "INSERT INTO temp.merge_submissions (theirs, ours)"
                    " SELECT t.id, CASE WHEN t.message_id IS NOT NULL"
                    "   THEN (SELECT m.id FROM main.submissions m WHERE m.message_id = t.message_id)"
                    "   ELSE (SELECT m.id FROM main.submissions m WHERE m.content_hash = t.content_hash"
                    "         ORDER BY m.id LIMIT 1) END"
                    " FROM their.submissions t;"
                    "UPDATE temp.merge_submissions SET ours = n.id, added = 1 FROM"
                    " (SELECT theirs, (SELECT coalesce (max (id), 0) FROM main.submissions)"
                    "    + row_number () OVER (ORDER BY theirs) AS id"
                    "  FROM temp.merge_submissions WHERE ours IS NULL) n"
                    " WHERE merge_submissions.theirs = n.theirs;"
                    "DROP TABLE IF EXISTS temp.merge_sources;"
                    "CREATE TEMP TABLE merge_sources (theirs INTEGER PRIMARY KEY, ours INTEGER NOT NULL);"
                    "INSERT INTO temp.merge_sources"
                    " SELECT f.id, (SELECT coalesce (max (id), 0) FROM main.source_files)"
                    "   + row_number () OVER (ORDER BY f.id)"
                    " FROM their.source_files f WHERE f.id IN (SELECT t.source_file_id FROM their.submissions t"
                    "  JOIN temp.merge_submissions s ON s.theirs = t.id WHERE s.added);"
                    "INSERT INTO main.source_files (id, path, size, sha256, imported_at, kind)"
                    " SELECT s.ours, f.path, f.size, f.sha256, f.imported_at, f.kind"
                    " FROM their.source_files f JOIN temp.merge_sources s ON s.theirs = f.id;",
                    NULL, error) &&
         merge_run (merge,
                    "INSERT INTO main.submissions (id, message_id, content_hash, subject, from_name, from_addr,"
                    " date, in_reply_to, refs, text, n_attachments, status, source_file_id, source_position,"
                    " imported_at, note)"
                    " SELECT s.ours, t.message_id, t.content_hash, t.subject, t.from_name, t.from_addr,"
                    " t.date, t.in_reply_to, t.refs, t.text, t.n_attachments, t.status, f.ours, t.source_position,"
                    " t.imported_at, t.note"
                    " FROM temp.merge_submissions s JOIN their.submissions t ON t.id = s.theirs"
                    " LEFT JOIN temp.merge_sources f ON f.theirs = t.source_file_id"
                    " WHERE s.added ORDER BY s.ours",
                    &merge->summary->submissions, error) &&
         merge_run (merge,
                    "INSERT INTO main.submissions_fts (rowid, subject, text)"
                    " SELECT s.ours, t.subject, t.text FROM temp.merge_submissions s"
                    " JOIN their.submissions t ON t.id = s.theirs WHERE s.added;"
                    "INSERT INTO main.attachments (submission_id, position, filename, mime_type, size, sha256,"
                    " data, text, note)"
                    " SELECT s.ours, a.position, a.filename, a.mime_type, a.size, a.sha256, a.data, a.text, a.note"
                    " FROM their.attachments a JOIN temp.merge_submissions s ON s.theirs = a.submission_id"
                    " WHERE s.added ORDER BY a.id",
                    NULL, error);
}

/* Codings and memos add up; an attribute or a status both sides gave a
 * different value keeps ours and is listed. A status that is new on their
 * side says nothing; one new on ours takes theirs, the work done there. */
static gboolean
merge_work (Merge   *merge,
            GError **error)
{
  IntakeMergeSummary *summary = merge->summary;

  return merge_run (merge,
                    "INSERT OR IGNORE INTO main.codings (guid, submission_id, code_id, reviewer_id, start, end, created_at)"
                    " SELECT g.guid, s.ours, c.ours, r.ours, g.start, g.end, g.created_at FROM their.codings g"
                    " JOIN temp.merge_submissions s ON s.theirs = g.submission_id"
                    " JOIN temp.merge_codes c ON c.theirs = g.code_id"
                    " JOIN temp.merge_reviewers r ON r.theirs = g.reviewer_id ORDER BY g.id",
                    &summary->codings, error) &&
         collect_conflicts (merge, "memo",
                            "SELECT s.ours, mr.name, m.text, t.text FROM their.memos t"
                            " JOIN temp.merge_submissions s ON s.theirs = t.submission_id"
                            " LEFT JOIN temp.merge_reviewers r ON r.theirs = t.reviewer_id"
                            " JOIN main.memos m ON m.submission_id = s.ours AND ifnull (m.reviewer_id, 0) = ifnull (r.ours, 0)"
                            " LEFT JOIN main.reviewers mr ON mr.id = m.reviewer_id"
                            " WHERE m.text != t.text ORDER BY s.ours, mr.name",
                            error) &&
         merge_run (merge,
                    "INSERT OR IGNORE INTO main.memos (submission_id, text, reviewer_id, updated_at)"
                    " SELECT s.ours, t.text, r.ours, t.updated_at FROM their.memos t"
                    " JOIN temp.merge_submissions s ON s.theirs = t.submission_id"
                    " LEFT JOIN temp.merge_reviewers r ON r.theirs = t.reviewer_id ORDER BY t.rowid",
                    &summary->memos, error) &&
         collect_conflicts (merge, "attribute",
                            "SELECT s.ours, t.name, m.value, t.value FROM their.attributes t"
                            " JOIN temp.merge_submissions s ON s.theirs = t.submission_id"
                            " JOIN main.attributes m ON m.submission_id = s.ours AND m.name = t.name"
                            " WHERE m.value != t.value ORDER BY s.ours, t.name",
                            error) &&
         merge_run (merge,
                    "INSERT OR IGNORE INTO main.attributes (submission_id, name, value, reviewer_id, updated_at)"
                    " SELECT s.ours, t.name, t.value, r.ours, t.updated_at FROM their.attributes t"
                    " JOIN temp.merge_submissions s ON s.theirs = t.submission_id"
                    " LEFT JOIN temp.merge_reviewers r ON r.theirs = t.reviewer_id",
                    &summary->attributes, error) &&
         collect_conflicts (merge, "status",
                            "SELECT s.ours, NULL, m.status, t.status FROM temp.merge_submissions s"
                            " JOIN their.submissions t ON t.id = s.theirs JOIN main.submissions m ON m.id = s.ours"
                            " WHERE NOT s.added AND t.status != m.status AND t.status != 'new' AND m.status != 'new'"
                            " ORDER BY s.ours",
                            error) &&
         merge_run (merge,
                    "INSERT OR IGNORE INTO temp.merge_status_changed SELECT s.ours"
                    " FROM temp.merge_submissions s JOIN their.submissions t ON t.id = s.theirs"
                    " JOIN main.submissions m ON m.id = s.ours"
                    " WHERE NOT s.added AND m.status = 'new' AND t.status != 'new'",
                    NULL, error) &&
         merge_run (merge,
                    "UPDATE main.submissions SET status = t.status"
                    " FROM temp.merge_submissions s JOIN their.submissions t ON t.id = s.theirs"
                    " WHERE submissions.id = s.ours AND NOT s.added"
                    " AND submissions.status = 'new' AND t.status != 'new'",
                    &summary->statuses, error);
}

/* Each audit entry once: one that is here already (same moment, reviewer,
 * submission, action and detail), as those the copy was made with, is not
 * added again. */
static gboolean
merge_audit (Merge   *merge,
             GError **error)
{
  return merge_run (merge,
                    "INSERT INTO main.audit (at, reviewer_id, submission_id, action, detail)"
                    " SELECT a.at, r.ours, s.ours, a.action, a.detail FROM their.audit a"
                    " LEFT JOIN temp.merge_reviewers r ON r.theirs = a.reviewer_id"
                    " LEFT JOIN temp.merge_submissions s ON s.theirs = a.submission_id"
                    " WHERE NOT EXISTS (SELECT 1 FROM main.audit m WHERE m.at = a.at AND m.action = a.action"
                    "   AND m.detail = a.detail AND m.reviewer_id IS r.ours AND m.submission_id IS s.ours)"
                    " ORDER BY a.id",
                    &merge->summary->audit, error) &&
         merge_run (merge,
                    "DROP TABLE temp.merge_reviewers; DROP TABLE temp.merge_codes;"
                    "DROP TABLE temp.merge_submissions; DROP TABLE temp.merge_sources;",
                    NULL, error);
}

static guint
summary_added (const IntakeMergeSummary *summary)
{
  return summary->submissions + summary->codes + summary->reviewers + summary->codings +
         summary->memos + summary->attributes + summary->statuses + summary->audit;
}

static void
report_progress (IntakeStoreProgressFunc  progress,
                 gpointer                 progress_data,
                 double                   fraction)
{
  if (progress != NULL)
    progress (fraction, progress_data);
}

static gint64
max_of (IntakeStore *self,
        const char  *sql)
{
  g_autoptr(sqlite3_stmt) stmt = _intake_store_prepare (self, sql, NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

/* The submissions we had whose work changed: new rows are numbered after
 * the last one there was. */
static gboolean
list_changed (IntakeStore         *self,
              const gint64        *before,
              IntakeMergeSummary  *summary,
              GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _intake_store_prepare (self,
                                "SELECT id FROM (SELECT submission_id AS id FROM main.codings WHERE id > ?1"
                                " UNION SELECT submission_id FROM main.memos WHERE rowid > ?2"
                                " UNION SELECT submission_id FROM main.attributes WHERE rowid > ?3"
                                " UNION SELECT id FROM temp.merge_status_changed) WHERE id <= ?4 ORDER BY id",
                                error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    sqlite3_bind_int64 (stmt, i + 1, before[i]);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (summary->changed, id);
    }
  if (rc != SQLITE_DONE)
    return _intake_store_fail (self, NULL, error);

  return TRUE;
}

static gboolean
merge_all (IntakeStore              *self,
           Other                    *others,
           guint                     n_others,
           const char               *reviewer,
           IntakeStoreProgressFunc   progress,
           gpointer                  progress_data,
           IntakeMergeSummary       *summary,
           GCancellable             *cancellable,
           GError                  **error)
{
  gint64 before[] = {
    max_of (self, "SELECT max (id) FROM main.codings"),
    max_of (self, "SELECT max (rowid) FROM main.memos"),
    max_of (self, "SELECT max (rowid) FROM main.attributes"),
    max_of (self, "SELECT max (id) FROM main.submissions"),
  };

  if (sqlite3_exec (_intake_store_get_db (self),
                    "CREATE TEMP TABLE merge_status_changed (id INTEGER PRIMARY KEY)",
                    NULL, NULL, NULL) != SQLITE_OK)
    return _intake_store_fail (self, NULL, error);

  for (guint i = 0; i < n_others; i++)
    {
      g_autofree char *schema = g_strdup_printf ("merge_other_%u", i);
      g_autofree char *detail = NULL;
      IntakeMergeSummary before = *summary;
      Merge merge = {
        .store = self,
        .db = _intake_store_get_db (self),
        .schema = schema,
        .display = others[i].display,
        .summary = summary,
        .cancellable = cancellable,
      };
      double base = 0.1 + 0.9 * i / n_others;
      double share = 0.9 / n_others;

      if (!merge_reviewers_and_codes (&merge, error))
        return FALSE;
      report_progress (progress, progress_data, base + share * 0.1);
      if (!merge_submissions (&merge, error))
        return FALSE;
      report_progress (progress, progress_data, base + share * 0.4);
      if (!merge_work (&merge, error))
        return FALSE;
      report_progress (progress, progress_data, base + share * 0.7);
      if (!merge_audit (&merge, error))
        return FALSE;

      /* A merge that brought nothing leaves no trace, so twice is once. */
      if (summary_added (summary) > summary_added (&before))
        {
          detail = g_strdup_printf ("merged %s: %u submissions, %u codings, %u memos, %u attributes,"
                                    " %u statuses, %u audit entries",
                                    others[i].display,
                                    summary->submissions - before.submissions,
                                    summary->codings - before.codings,
                                    summary->memos - before.memos,
                                    summary->attributes - before.attributes,
                                    summary->statuses - before.statuses,
                                    summary->audit - before.audit);
          if (!_intake_store_audit (self, reviewer, 0, "merge", detail, error))
            return FALSE;
        }
      report_progress (progress, progress_data, base + share);
    }

  return list_changed (self, before, summary, error) &&
         sqlite3_exec (_intake_store_get_db (self), "DROP TABLE temp.merge_status_changed",
                       NULL, NULL, NULL) == SQLITE_OK;
}

/**
 * intake_store_merge:
 * @paths: the reviewers' projects (at most ten)
 * @reviewer: (nullable): who merges, for the audit trail
 * @progress: (nullable): called on this thread with the share done
 *
 * Brings the reviewers' work into this project: their codings, memos,
 * attributes, statuses and audit entries, the codes and reviewers they
 * added (by GUID; two people of the same name stay two), and the
 * submissions this project does not have, with their attachments. Nothing
 * is added twice, so merging the same file again changes nothing. An
 * attribute, status or memo both sides hold with different values keeps
 * this project's and is listed in the summary's conflicts.
 *
 * All in one transaction: on failure or cancel the project is as it was.
 * The other projects are only read; an older one is read from a copy
 * brought up to date.
 *
 * Returns: (transfer full): what was added and what conflicted, or %NULL
 */
IntakeMergeSummary *
intake_store_merge (IntakeStore              *self,
                    const char * const       *paths,
                    const char               *reviewer,
                    IntakeStoreProgressFunc   progress,
                    gpointer                  progress_data,
                    GCancellable             *cancellable,
                    GError                  **error)
{
  g_autoptr(IntakeMergeSummary) summary = NULL;
  g_autofree Other *others = NULL;
  sqlite3 *db;
  guint n_others, n_attached = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);
  g_return_val_if_fail (paths != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n_others = g_strv_length ((char **) paths);
  if (n_others == 0 || n_others > MAX_OTHERS)
    {
      g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED,
                   _("Merge one to %d projects at a time"), MAX_OTHERS);
      return NULL;
    }

  summary = g_new0 (IntakeMergeSummary, 1);
  summary->conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) intake_merge_conflict_free);
  summary->changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  others = g_new0 (Other, n_others);
  db = _intake_store_get_db (self);
  report_progress (progress, progress_data, 0.0);

  for (guint i = 0; i < n_others; i++)
    {
      others[i].path = g_strdup (paths[i]);
      others[i].display = g_filename_display_name (paths[i]);
      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !other_prepare (self, &others[i], error))
        goto out;
    }

  /* Attached before the transaction: SQLite attaches outside one only. */
  for (; n_attached < n_others; n_attached++)
    {
      g_autofree char *sql = g_strdup_printf ("ATTACH DATABASE ? AS merge_other_%u", n_attached);
      g_autofree char *name = attach_name (others[n_attached].attach);
      g_autoptr(sqlite3_stmt) attach = _intake_store_prepare (self, sql, error);

      if (attach == NULL)
        goto out;
      _intake_store_bind_text (attach, 1, name);
      if (!_intake_store_step (self, attach, error))
        goto out;
    }
  report_progress (progress, progress_data, 0.1);

  if (cancellable != NULL)
    sqlite3_progress_handler (db, CANCEL_CHECK_STEPS, cancel_check_cb, cancellable);

  if (_intake_store_write_begin (self, error))
    {
      ok = merge_all (self, others, n_others, reviewer, progress, progress_data, summary, cancellable, error);
      /* Cancelled at the last moment, nothing is kept either. */
      if (ok && g_cancellable_set_error_if_cancelled (cancellable, error))
        ok = FALSE;
      ok = _intake_store_write_end (self, ok, error);
    }

  if (cancellable != NULL)
    sqlite3_progress_handler (db, 0, NULL, NULL);

out:
  for (guint i = 0; i < n_attached; i++)
    {
      g_autofree char *sql = g_strdup_printf ("DETACH DATABASE merge_other_%u", i);

      sqlite3_exec (db, sql, NULL, NULL, NULL);
    }
  for (guint i = 0; i < n_others; i++)
    other_clear (&others[i]);

  if (!ok)
    return NULL;

  report_progress (progress, progress_data, 1.0);
  return g_steal_pointer (&summary);
}
