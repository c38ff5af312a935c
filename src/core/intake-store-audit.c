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

/**
 * intake_store_list_audit:
 * @reviewer: (nullable): only this reviewer's changes
 * @limit: at most this many entries; 0 for all
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
  int rc;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);

  stmt = _intake_store_prepare (self,
                                "SELECT a.id, a.at, r.name, coalesce(a.submission_id, 0), a.action, a.detail"
                                " FROM audit a LEFT JOIN reviewers r ON r.id = a.reviewer_id"
                                " WHERE ?1 IS NULL OR r.name = ?1 ORDER BY a.id DESC LIMIT ?2",
                                error);
  if (stmt == NULL)
    return NULL;
  _intake_store_bind_text (stmt, 1, reviewer);
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

GArray *
intake_store_filter_ids (IntakeStore         *self,
                         const IntakeFilter  *filter,
                         GError             **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT s.id FROM submissions s");
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *match = NULL;
  int rc;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  if (filter->search != NULL && *(match = _intake_store_fts_query (filter->search)) != '\0')
    {
      g_string_append (sql, " JOIN submissions_fts f ON f.rowid = s.id AND submissions_fts MATCH ?");
      g_ptr_array_add (params, g_strdup (match));
    }
  g_string_append (sql, " WHERE 1");

  if (filter->has_status)
    {
      g_string_append (sql, " AND s.status = ?");
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
          g_string_append (sql, " AND g.reviewer_id = (SELECT id FROM reviewers WHERE name = ?)");
          g_ptr_array_add (params, g_strdup (filter->reviewer));
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

  if (match != NULL && *match != '\0')
    g_string_append (sql, " ORDER BY f.rank");
  else
    g_string_append (sql, " ORDER BY s.date IS NULL, s.date, s.id");

  stmt = _intake_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < params->len; i++)
    _intake_store_bind_text (stmt, i + 1, g_ptr_array_index (params, i));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      _intake_store_fail (self, NULL, error);
      return NULL;
    }

  return g_steal_pointer (&ids);
}
