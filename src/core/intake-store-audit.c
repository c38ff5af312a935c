#define G_LOG_DOMAIN "intake-store"

#include "config.h"

#include "intake-store-private.h"

/* The audit trail (who changed what, when) and the filters that find work. */

void
intake_audit_entry_free (IntakeAuditEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->reviewer);
  g_free (entry->action);
  g_free (entry->detail);
  g_free (entry->sender);
  g_free (entry->subject);
  g_free (entry->code_path);
  g_free (entry->excerpt);
  g_free (entry);
}

gboolean
_intake_store_audit (IntakeStore  *self,
                     const char   *reviewer,
                     gint64        submission_id,
                     const char   *action,
                     const char   *detail,
                     GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 rid = _intake_store_reviewer_id (self, reviewer, TRUE, error);

  if (rid < 0)
    return FALSE;

  stmt = _intake_store_prepare (self,
                                "INSERT INTO audit (at, reviewer_id, submission_id, action, detail) VALUES (?, ?, ?, ?, ?)",
                                error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, _intake_store_now ());
  if (rid > 0)
    sqlite3_bind_int64 (stmt, 2, rid);
  if (submission_id > 0)
    sqlite3_bind_int64 (stmt, 3, submission_id);
  _intake_store_bind_text (stmt, 4, action);
  _intake_store_bind_text (stmt, 5, detail ? detail : "");

  return _intake_store_step (self, stmt, error);
}

/* A coding's audit detail is its code's path, then " [start–end]" for an
 * excerpt (describe_coding() in intake-store-codings.c). The audit has no
 * link to the coding, which may be gone: the path and the offsets are read
 * back from the detail, in the query, so that the excerpt's text is cut
 * from the submission there, for the page of entries only. rtrim() strips
 * the offsets and the brackets' end, leaving "path [" for an excerpt. */
#define AUDIT_SELECT \
  "WITH page AS (" \
  "  SELECT a.id, a.at, r.name AS reviewer, a.submission_id, a.action, a.detail," \
  "         CASE WHEN a.action IN ('code', 'uncode') THEN rtrim(a.detail, '0123456789–]') END AS head" \
  "  FROM audit a LEFT JOIN reviewers r ON r.id = a.reviewer_id" \
  "  WHERE ?1 IS NULL OR a.reviewer_id = ?1 ORDER BY a.id DESC LIMIT ?2" \
  "), spans AS (" \
  "  SELECT *, CASE WHEN substr(head, -2) = ' [' AND instr(substr(detail, length(head) + 1), '–') > 0" \
  "                 THEN substr(detail, length(head) + 1) END AS span" \
  "  FROM page" \
  "), offsets AS (" \
  "  SELECT *, coalesce(CAST(span AS INTEGER), -1) AS span_start," \
  "         coalesce(CAST(substr(span, instr(span, '–') + 1) AS INTEGER), -1) AS span_end" \
  "  FROM spans" \
  ")" \
  " SELECT o.id, o.at, o.reviewer, coalesce(o.submission_id, 0), o.action, o.detail," \
  "        coalesce(nullif(s.from_name, ''), nullif(s.from_addr, '')), s.subject," \
  "        CASE WHEN o.span IS NOT NULL THEN substr(o.head, 1, length(o.head) - 2)" \
  "             WHEN o.head IS NOT NULL THEN o.detail END," \
  "        o.span_start, o.span_end," \
  "        CASE WHEN o.span IS NOT NULL AND o.span_start >= 0 AND o.span_end > o.span_start" \
  "             THEN substr(s.text, o.span_start + 1, o.span_end - o.span_start) END" \
  " FROM offsets o LEFT JOIN submissions s ON s.id = o.submission_id" \
  " ORDER BY o.id DESC"

/**
 * intake_store_list_audit:
 * @reviewer: (nullable): only this reviewer's changes
 * @limit: at most this many entries; 0 for all
 *
 * The changes with what they were about: the submission's sender and
 * subject, and for codings the code's path, offsets and excerpt, all in
 * one query.
 *
 * Returns: (transfer full) (element-type IntakeAuditEntry): the changes, newest first
 */
GPtrArray *
intake_store_list_audit (IntakeStore  *self,
                         const char   *reviewer,
                         guint         limit,
                         GError      **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) intake_audit_entry_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 rid = 0;
  int rc;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);

  /* By GUID, a name only one reviewer has, or a label of intake_store_list_reviewers(). */
  if (reviewer != NULL && (rid = _intake_store_reviewer_id (self, reviewer, FALSE, error)) < 0)
    return NULL;

  stmt = _intake_store_prepare (self, AUDIT_SELECT, error);
  if (stmt == NULL)
    return NULL;
  if (reviewer != NULL)
    sqlite3_bind_int64 (stmt, 1, rid);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IntakeAuditEntry *entry = g_new0 (IntakeAuditEntry, 1);

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->at = sqlite3_column_int64 (stmt, 1);
      entry->reviewer = _intake_store_dup_column_text (stmt, 2);
      entry->submission_id = sqlite3_column_int64 (stmt, 3);
      entry->action = _intake_store_dup_column_text (stmt, 4);
      entry->detail = _intake_store_dup_column_text (stmt, 5);
      entry->sender = _intake_store_dup_column_text (stmt, 6);
      entry->subject = _intake_store_dup_column_text (stmt, 7);
      entry->code_path = _intake_store_dup_column_text (stmt, 8);
      entry->start = sqlite3_column_int (stmt, 9);
      entry->end = sqlite3_column_int (stmt, 10);
      entry->excerpt = _intake_store_dup_column_text (stmt, 11);
      g_ptr_array_add (entries, entry);
    }
  if (rc != SQLITE_DONE)
    {
      _intake_store_fail (self, NULL, error);
      return NULL;
    }

  return g_steal_pointer (&entries);
}

/* ---- Finding work ------------------------------------------------------- */

/* The first page of a filter's ids, for a caller that shows them before
 * the rest are read. */
typedef struct
{
  guint               size;
  IntakeStoreIdsFunc  func;  /* NULL once called, or for no first page */
  gpointer            user_data;
} FirstPage;

static void
give_first_page (FirstPage *page,
                 GArray    *ids)
{
  if (page->func == NULL || ids->len < page->size)
    return;

  page->func ((const gint64 *) ids->data, page->size, page->user_data);
  page->func = NULL;
}

/* Appends the ids @sql gives, its parameters @params, handing the first
 * page to @page as soon as it is read. */
static gboolean
read_filter_ids (IntakeStore  *self,
                 const char   *sql,
                 GPtrArray    *params,
                 GArray       *ids,
                 FirstPage    *page,
                 GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = _intake_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < params->len; i++)
    _intake_store_bind_text (stmt, i + 1, g_ptr_array_index (params, i));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
      if (ids->len == page->size)
        give_first_page (page, ids);
    }
  if (rc != SQLITE_DONE)
    return _intake_store_fail (self, NULL, error);

  return TRUE;
}

/* The statement of a filter up to its order, with its parameters. Sets
 * @match to the full-text query, or NULL for a filter without one, and
 * @narrowed to whether anything but the search narrows it. */
static gboolean
build_filter_sql (IntakeStore         *self,
                  const IntakeFilter  *filter,
                  GString             *sql,
                  GPtrArray           *params,
                  char               **match,
                  gboolean            *narrowed,
                  GError             **error)
{
  g_autofree char *fts_query = filter->search != NULL ? _intake_store_fts_query (filter->search) : NULL;
  gsize bare;

  g_string_append (sql, "SELECT s.id FROM submissions s");
  if (fts_query != NULL && *fts_query != '\0')
    {
      g_string_append (sql, " JOIN submissions_fts f ON f.rowid = s.id AND submissions_fts MATCH ?"
                            INTAKE_STORE_RANK_OF ("f"));
      g_ptr_array_add (params, g_strdup (fts_query));
      *match = g_steal_pointer (&fts_query);
    }
  else
    *match = NULL;
  g_string_append (sql, " WHERE 1");
  bare = sql->len;

  /* Not by the status's index: the list streams through the date's, and
   * a status most submissions have, as New at first, is slower to read
   * by its own index and sort (twice as slow on 100,000). */
  if (filter->has_status)
    {
      g_string_append (sql, " AND +s.status = ?");
      g_ptr_array_add (params, g_strdup (intake_status_to_string (filter->status)));
    }
  if (filter->has_attachments)
    g_string_append (sql, " AND s.n_attachments > 0");
  if (filter->code_guid != NULL || filter->reviewer != NULL)
    {
      g_string_append (sql, " AND EXISTS (SELECT 1 FROM codings g WHERE g.submission_id = s.id");
      if (filter->code_guid != NULL)
        {
          g_string_append (sql,
                           " AND g.code_id IN (WITH RECURSIVE subtree (id) AS ("
                           "  SELECT id FROM codes WHERE guid = ?"
                           "  UNION ALL SELECT c.id FROM codes c JOIN subtree t ON c.parent_id = t.id"
                           ") SELECT id FROM subtree)");
          g_ptr_array_add (params, g_strdup (filter->code_guid));
        }
      if (filter->reviewer != NULL)
        {
          /* By GUID, a name only one reviewer has, or a label of intake_store_list_reviewers(). */
          gint64 rid = _intake_store_reviewer_id (self, filter->reviewer, FALSE, error);

          if (rid < 0)
            return FALSE;
          g_string_append (sql, " AND g.reviewer_id = ?");
          g_ptr_array_add (params, g_strdup_printf ("%" G_GINT64_FORMAT, rid));
        }
      g_string_append (sql, ")");
    }
  if (filter->attribute_name != NULL && filter->attribute_value != NULL)
    {
      g_string_append (sql, " AND EXISTS (SELECT 1 FROM attributes a WHERE a.submission_id = s.id"
                            " AND a.name = ? AND a.value = ?)");
      g_ptr_array_add (params, g_strdup (filter->attribute_name));
      g_ptr_array_add (params, g_strdup (filter->attribute_value));
    }

  *narrowed = sql->len > bare;
  return TRUE;
}

/* By rank, ties by id. FTS5 ranks every match before it gives the first,
 * so the first page is a query of its own, which keeps only the best
 * page while it ranks: of the index alone for a search alone, which is
 * quicker still. The whole follows in the same order, to the last tie. */
static gboolean
read_ranked_ids (IntakeStore  *self,
                 GString      *sql,
                 GPtrArray    *params,
                 const char   *match,
                 gboolean      narrowed,
                 GArray       *ids,
                 FirstPage    *page,
                 GError      **error)
{
  g_string_append (sql, " ORDER BY f.rank, s.id");

  if (page->func != NULL && page->size > 0)
    {
      g_autoptr(GString) first = g_string_new (NULL);
      g_autoptr(GPtrArray) match_param = NULL;
      GPtrArray *first_params = params;

      if (narrowed)
        g_string_append (first, sql->str);
      else
        {
          g_string_append (first, "SELECT rowid FROM submissions_fts WHERE submissions_fts MATCH ?"
                                  INTAKE_STORE_RANK " ORDER BY rank, rowid");
          match_param = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (match_param, g_strdup (match));
          first_params = match_param;
        }
      g_string_append_printf (first, " LIMIT %u", page->size);

      if (!read_filter_ids (self, first->str, first_params, ids, page, error))
        return FALSE;

      /* Fewer than a page is every match. */
      if (ids->len < page->size)
        return TRUE;
      g_array_set_size (ids, 0);
    }

  return read_filter_ids (self, sql->str, params, ids, page, error);
}

/* Oldest first, undated last, ties by id: read in two parts, the dated
 * then the undated, each in the order of the date's index, so that rows
 * come as they are read, not once all are sorted. A filter's first page
 * is there at once, and the whole list comes in a sixth of the time. */
static gboolean
read_dated_ids (IntakeStore  *self,
                GString      *sql,
                GPtrArray    *params,
                GArray       *ids,
                FirstPage    *page,
                GError      **error)
{
  gsize len = sql->len;

  g_string_append (sql, " AND s.date IS NOT NULL ORDER BY s.date, s.id");
  if (!read_filter_ids (self, sql->str, params, ids, page, error))
    return FALSE;

  g_string_truncate (sql, len);
  g_string_append (sql, " AND s.date IS NULL ORDER BY s.id");
  return read_filter_ids (self, sql->str, params, ids, page, error);
}

GArray *
intake_store_filter_ids (IntakeStore         *self,
                         const IntakeFilter  *filter,
                         GError             **error)
{
  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  return intake_store_filter_ids_paged (self, filter, 0, NULL, NULL, error);
}

/**
 * intake_store_filter_ids_paged:
 * @page_size: how many ids @page_func is given
 * @page_func: (nullable): given the first @page_size ids as soon as they
 *   are read, before the rest; not called for fewer than a page
 *
 * Returns: (transfer full): the ids intake_store_filter_ids() gives, the
 *   first page among them
 */
GArray *
intake_store_filter_ids_paged (IntakeStore         *self,
                               const IntakeFilter  *filter,
                               guint                page_size,
                               IntakeStoreIdsFunc   page_func,
                               gpointer             user_data,
                               GError             **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *match = NULL;
  FirstPage page = { page_size, page_size > 0 ? page_func : NULL, user_data };
  gboolean narrowed;
  gboolean done;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  if (!build_filter_sql (self, filter, sql, params, &match, &narrowed, error))
    return NULL;

  if (match != NULL)
    done = read_ranked_ids (self, sql, params, match, narrowed, ids, &page, error);
  else
    done = read_dated_ids (self, sql, params, ids, &page, error);

  return done ? g_steal_pointer (&ids) : NULL;
}
