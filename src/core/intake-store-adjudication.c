#define G_LOG_DOMAIN "intake-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "intake-store-private.h"

/* The coordinator's decisions on the reviewers' disagreements. A decision
 * is a row of adjudications per (submission, code), with the coding it
 * settled on in adjudicated_codings: the spans themselves, not a link to
 * the reviewers' codings, so that a reviewer's later change (or a merge)
 * cannot alter what was decided. None of it is a coding: agreement reads
 * the codings table only, and stays about the reviewers. */

static const char *decision_names[] = { "reviewer", "all", "none" };

const char *
intake_adjudication_decision_to_string (IntakeAdjudicationDecision decision)
{
  g_return_val_if_fail (decision <= INTAKE_ADJUDICATION_NONE, NULL);

  return decision_names[decision];
}

static gboolean
decision_from_string (const char                 *name,
                      IntakeAdjudicationDecision *decision)
{
  for (guint i = 0; i < G_N_ELEMENTS (decision_names); i++)
    if (g_strcmp0 (name, decision_names[i]) == 0)
      {
        *decision = i;
        return TRUE;
      }

  return FALSE;
}

void
intake_adjudication_free (IntakeAdjudication *adjudication)
{
  if (adjudication == NULL)
    return;

  g_free (adjudication->code_guid);
  g_free (adjudication->code_path);
  g_free (adjudication->chosen_reviewer);
  g_free (adjudication->reason);
  g_free (adjudication->coordinator);
  g_clear_pointer (&adjudication->spans, g_array_unref);
  g_free (adjudication);
}

IntakeAdjudication *
intake_adjudication_copy (const IntakeAdjudication *adjudication)
{
  IntakeAdjudication *copy;

  if (adjudication == NULL)
    return NULL;

  copy = g_memdup2 (adjudication, sizeof *adjudication);
  copy->code_guid = g_strdup (adjudication->code_guid);
  copy->code_path = g_strdup (adjudication->code_path);
  copy->chosen_reviewer = g_strdup (adjudication->chosen_reviewer);
  copy->reason = g_strdup (adjudication->reason);
  copy->coordinator = g_strdup (adjudication->coordinator);
  copy->spans = g_array_copy (adjudication->spans);

  return copy;
}

/* A reviewer by GUID (never shared across merged projects) or name: its
 * id and name, or -1 with @error set. */
static gint64
find_reviewer (IntakeStore  *self,
               const char   *wanted,
               char        **name,
               GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _intake_store_prepare (self,
                                "SELECT id, name FROM reviewers WHERE guid = lower(?1)"
                                " UNION ALL SELECT id, name FROM reviewers WHERE name = ?1"
                                " LIMIT 1",
                                error);
  if (stmt == NULL)
    return -1;
  _intake_store_bind_text (stmt, 1, wanted);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_NOT_FOUND,
                   _("There is no reviewer “%s” in the project"), wanted);
      return -1;
    }
  if (rc != SQLITE_ROW)
    {
      _intake_store_fail (self, NULL, error);
      return -1;
    }

  if (name != NULL)
    *name = _intake_store_dup_column_text (stmt, 1);
  return sqlite3_column_int64 (stmt, 0);
}

static int
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const IntakeSpan *x = a, *y = b;

  if (x->start != y->start)
    return (x->start > y->start) - (x->start < y->start);
  return (x->end > y->end) - (x->end < y->end);
}

/* The codings of @code_id on @submission_id by the reviewers @ids: one
 * reviewer's as they are; several united, a whole coding taking in
 * every excerpt. */
static GArray *
read_spans (IntakeStore  *self,
            gint64        submission_id,
            gint64        code_id,
            GArray       *ids,
            GError      **error)
{
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (IntakeSpan));
  g_autoptr(GArray) united = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean whole = FALSE;

  stmt = _intake_store_prepare (self,
                                "SELECT start, end FROM codings"
                                " WHERE submission_id = ? AND code_id = ? AND reviewer_id = ?",
                                error);
  if (stmt == NULL)
    return NULL;

  for (guint i = 0; i < ids->len; i++)
    {
      int rc;

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, submission_id);
      sqlite3_bind_int64 (stmt, 2, code_id);
      sqlite3_bind_int64 (stmt, 3, g_array_index (ids, gint64, i));
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          IntakeSpan span = { sqlite3_column_int (stmt, 0), sqlite3_column_int (stmt, 1) };

          whole |= span.start < 0;
          g_array_append_val (spans, span);
        }
      if (rc != SQLITE_DONE)
        {
          _intake_store_fail (self, _("read the project"), error);
          return NULL;
        }
    }

  g_array_sort (spans, compare_spans);
  if (ids->len < 2)
    return g_steal_pointer (&spans);

  united = g_array_new (FALSE, FALSE, sizeof (IntakeSpan));
  if (whole)
    {
      g_array_append_val (united, ((IntakeSpan) { -1, -1 }));
      return g_steal_pointer (&united);
    }
  for (guint i = 0; i < spans->len; i++)
    {
      const IntakeSpan *span = &g_array_index (spans, IntakeSpan, i);
      IntakeSpan *last = united->len > 0 ? &g_array_index (united, IntakeSpan, united->len - 1) : NULL;

      if (last != NULL && span->start <= last->end)
        last->end = MAX (last->end, span->end);
      else
        g_array_append_val (united, *span);
    }

  return g_steal_pointer (&united);
}

/* For the audit trail, which keeps English as its other entries do. */
static char *
describe (const IntakeAdjudication *adjudication)
{
  GString *detail = g_string_new (adjudication->code_path);

  switch (adjudication->decision)
    {
    case INTAKE_ADJUDICATION_REVIEWER:
      g_string_append_printf (detail, ": accepted %s's coding", adjudication->chosen_reviewer);
      break;
    case INTAKE_ADJUDICATION_ALL:
      g_string_append (detail, ": accepted every reviewer's coding");
      break;
    case INTAKE_ADJUDICATION_NONE:
    default:
      g_string_append (detail, ": accepted no coding");
      break;
    }
  if (adjudication->reason != NULL && *adjudication->reason != '\0')
    g_string_append_printf (detail, " (%s)", adjudication->reason);

  return g_string_free (detail, FALSE);
}

static gboolean
delete_adjudication (IntakeStore  *self,
                     gint64        submission_id,
                     gint64        code_id,
                     GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _intake_store_prepare (self, "DELETE FROM adjudications WHERE submission_id = ? AND code_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, submission_id);
  sqlite3_bind_int64 (stmt, 2, code_id);

  return _intake_store_step (self, stmt, error);
}

/* Inside a write: @adjudication replaces whatever was decided. */
static gboolean
insert_adjudication (IntakeStore               *self,
                     gint64                     code_id,
                     const IntakeAdjudication  *adjudication,
                     GError                   **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) span = NULL;
  gint64 chosen = 0, coordinator = 0, id;

  if (adjudication->decision == INTAKE_ADJUDICATION_REVIEWER &&
      (chosen = find_reviewer (self, adjudication->chosen_reviewer, NULL, error)) < 0)
    return FALSE;
  if ((coordinator = _intake_store_reviewer_id (self, adjudication->coordinator, TRUE, error)) < 0)
    return FALSE;
  if (!delete_adjudication (self, adjudication->submission_id, code_id, error))
    return FALSE;

  insert = _intake_store_prepare (self,
                                  "INSERT INTO adjudications (submission_id, code_id, decision, chosen_reviewer_id,"
                                  " reason, coordinator_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                  error);
  span = _intake_store_prepare (self,
                                "INSERT OR IGNORE INTO adjudicated_codings (adjudication_id, start, end) VALUES (?, ?, ?)",
                                error);
  if (insert == NULL || span == NULL)
    return FALSE;

  sqlite3_bind_int64 (insert, 1, adjudication->submission_id);
  sqlite3_bind_int64 (insert, 2, code_id);
  _intake_store_bind_text (insert, 3, intake_adjudication_decision_to_string (adjudication->decision));
  if (chosen > 0)
    sqlite3_bind_int64 (insert, 4, chosen);
  _intake_store_bind_text (insert, 5, adjudication->reason ? adjudication->reason : "");
  if (coordinator > 0)
    sqlite3_bind_int64 (insert, 6, coordinator);
  sqlite3_bind_int64 (insert, 7, adjudication->at);
  if (!_intake_store_step (self, insert, error))
    return FALSE;
  id = sqlite3_last_insert_rowid (_intake_store_get_db (self));

  for (guint i = 0; i < adjudication->spans->len; i++)
    {
      const IntakeSpan *s = &g_array_index (adjudication->spans, IntakeSpan, i);

      sqlite3_reset (span);
      sqlite3_bind_int64 (span, 1, id);
      sqlite3_bind_int (span, 2, s->start);
      sqlite3_bind_int (span, 3, s->end);
      if (!_intake_store_step (self, span, error))
        return FALSE;
    }

  return TRUE;
}

#define ADJUDICATION_SELECT \
  "SELECT a.id, a.submission_id, c.guid, c.id, a.decision, chosen.name, a.reason, coordinator.name, a.at" \
  " FROM adjudications a JOIN codes c ON c.id = a.code_id" \
  " LEFT JOIN reviewers chosen ON chosen.id = a.chosen_reviewer_id" \
  " LEFT JOIN reviewers coordinator ON coordinator.id = a.coordinator_id "

static GPtrArray *
collect_adjudications (IntakeStore   *self,
                       sqlite3_stmt  *stmt,
                       GError       **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) intake_adjudication_free);
  g_autoptr(sqlite3_stmt) spans = NULL;
  int rc;

  spans = _intake_store_prepare (self,
                                 "SELECT start, end FROM adjudicated_codings WHERE adjudication_id = ?"
                                 " ORDER BY start, end",
                                 error);
  if (spans == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(IntakeAdjudication) adjudication = g_new0 (IntakeAdjudication, 1);
      g_autofree char *decision = _intake_store_dup_column_text (stmt, 4);
      int span_rc;

      adjudication->submission_id = sqlite3_column_int64 (stmt, 1);
      adjudication->code_guid = _intake_store_dup_column_text (stmt, 2);
      adjudication->code_path = _intake_store_code_path (self, sqlite3_column_int64 (stmt, 3));
      if (!decision_from_string (decision, &adjudication->decision))
        adjudication->decision = INTAKE_ADJUDICATION_NONE;
      adjudication->chosen_reviewer = _intake_store_dup_column_text (stmt, 5);
      adjudication->reason = _intake_store_dup_column_text (stmt, 6);
      adjudication->coordinator = _intake_store_dup_column_text (stmt, 7);
      adjudication->at = sqlite3_column_int64 (stmt, 8);
      adjudication->spans = g_array_new (FALSE, FALSE, sizeof (IntakeSpan));

      sqlite3_reset (spans);
      sqlite3_bind_int64 (spans, 1, sqlite3_column_int64 (stmt, 0));
      while ((span_rc = sqlite3_step (spans)) == SQLITE_ROW)
        g_array_append_val (adjudication->spans,
                            ((IntakeSpan) { sqlite3_column_int (spans, 0), sqlite3_column_int (spans, 1) }));
      if (span_rc != SQLITE_DONE)
        {
          _intake_store_fail (self, _("read the project"), error);
          return NULL;
        }
      g_ptr_array_add (found, g_steal_pointer (&adjudication));
    }
  if (rc != SQLITE_DONE)
    {
      _intake_store_fail (self, _("read the project"), error);
      return NULL;
    }

  return g_steal_pointer (&found);
}

/**
 * intake_store_get_adjudication:
 *
 * Returns: (transfer full) (nullable): the decision, or NULL (with @error
 *   set only on failure)
 */
IntakeAdjudication *
intake_store_get_adjudication (IntakeStore  *self,
                               gint64        submission_id,
                               const char   *code_guid,
                               GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);
  g_return_val_if_fail (code_guid != NULL, NULL);

  stmt = _intake_store_prepare (self, ADJUDICATION_SELECT "WHERE a.submission_id = ? AND c.guid = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, submission_id);
  _intake_store_bind_text (stmt, 2, code_guid);

  found = collect_adjudications (self, stmt, error);
  if (found == NULL || found->len == 0)
    return NULL;

  return g_ptr_array_steal_index (found, 0);
}

/**
 * intake_store_list_adjudications:
 *
 * Returns: (transfer container) (element-type IntakeAdjudication): every
 *   decision, or NULL with @error set
 */
GPtrArray *
intake_store_list_adjudications (IntakeStore  *self,
                                 GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);

  stmt = _intake_store_prepare (self, ADJUDICATION_SELECT "ORDER BY a.submission_id, c.position, c.id", error);
  if (stmt == NULL)
    return NULL;

  return collect_adjudications (self, stmt, error);
}

/* The previous decision for undo; NULL, without an error, when none. */
static gboolean
read_previous (IntakeStore          *self,
               gint64                submission_id,
               const char           *code_guid,
               IntakeAdjudication  **previous,
               GError              **error)
{
  GError *local_error = NULL;
  IntakeAdjudication *found = intake_store_get_adjudication (self, submission_id, code_guid, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (previous != NULL)
    *previous = found;
  else
    intake_adjudication_free (found);

  return TRUE;
}

/**
 * intake_store_adjudicate:
 * @chosen_reviewer: (nullable): for REVIEWER, the reviewer accepted
 * @reviewers: (nullable): for ALL, the reviewers united; NULL for everyone
 * @reason: (nullable): why, for the audit trail and the report
 * @previous: (out) (optional) (nullable): the decision replaced
 *
 * Returns: (transfer full): the decision recorded, or NULL with @error set
 */
IntakeAdjudication *
intake_store_adjudicate (IntakeStore                 *self,
                         gint64                       submission_id,
                         const char                  *code_guid,
                         IntakeAdjudicationDecision   decision,
                         const char                  *chosen_reviewer,
                         const char * const          *reviewers,
                         const char                  *reason,
                         const char                  *coordinator,
                         IntakeAdjudication         **previous,
                         GError                     **error)
{
  g_autoptr(IntakeAdjudication) adjudication = NULL;
  g_autoptr(IntakeAdjudication) replaced = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *detail = NULL;
  gint64 code_id;
  gboolean ok = FALSE;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);
  g_return_val_if_fail (code_guid != NULL, NULL);
  g_return_val_if_fail (decision <= INTAKE_ADJUDICATION_NONE, NULL);
  g_return_val_if_fail (decision != INTAKE_ADJUDICATION_REVIEWER || chosen_reviewer != NULL, NULL);

  if (!_intake_store_write_begin (self, error))
    return NULL;

  code_id = _intake_store_code_id (self, code_guid, error);
  if (code_id <= 0 || !read_previous (self, submission_id, code_guid, &replaced, error))
    goto out;

  adjudication = g_new0 (IntakeAdjudication, 1);
  adjudication->submission_id = submission_id;
  adjudication->code_guid = g_strdup (code_guid);
  adjudication->code_path = _intake_store_code_path (self, code_id);
  adjudication->decision = decision;
  adjudication->reason = g_strstrip (g_strdup (reason ? reason : ""));
  adjudication->coordinator = g_strdup (coordinator);
  adjudication->at = _intake_store_now ();

  if (decision == INTAKE_ADJUDICATION_REVIEWER)
    {
      gint64 id = find_reviewer (self, chosen_reviewer, &adjudication->chosen_reviewer, error);

      if (id < 0)
        goto out;
      g_array_append_val (ids, id);
    }
  else if (decision == INTAKE_ADJUDICATION_ALL && reviewers != NULL)
    {
      for (guint i = 0; reviewers[i] != NULL; i++)
        {
          gint64 id = find_reviewer (self, reviewers[i], NULL, error);

          if (id < 0)
            goto out;
          g_array_append_val (ids, id);
        }
    }
  else if (decision == INTAKE_ADJUDICATION_ALL)
    {
      g_autoptr(sqlite3_stmt) everyone = _intake_store_prepare (self, "SELECT id FROM reviewers", error);

      if (everyone == NULL)
        goto out;
      while (sqlite3_step (everyone) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (everyone, 0);

          g_array_append_val (ids, id);
        }
    }

  if (decision == INTAKE_ADJUDICATION_NONE)
    adjudication->spans = g_array_new (FALSE, FALSE, sizeof (IntakeSpan));
  else if ((adjudication->spans = read_spans (self, submission_id, code_id, ids, error)) == NULL)
    goto out;

  detail = describe (adjudication);
  ok = insert_adjudication (self, code_id, adjudication, error) &&
       _intake_store_audit (self, coordinator, submission_id, "adjudicate", detail, error);

out:
  if (!_intake_store_write_end (self, ok, error))
    return NULL;

  if (previous != NULL)
    *previous = g_steal_pointer (&replaced);
  return g_steal_pointer (&adjudication);
}

gboolean
intake_store_restore_adjudication (IntakeStore               *self,
                                   gint64                     submission_id,
                                   const char                *code_guid,
                                   const IntakeAdjudication  *adjudication,
                                   const char                *coordinator,
                                   GError                   **error)
{
  g_autofree char *detail = NULL;
  gint64 code_id;
  gboolean ok = FALSE;

  g_return_val_if_fail (INTAKE_IS_STORE (self), FALSE);
  g_return_val_if_fail (code_guid != NULL, FALSE);

  if (!_intake_store_write_begin (self, error))
    return FALSE;

  code_id = _intake_store_code_id (self, code_guid, error);
  if (code_id <= 0)
    goto out;

  if (adjudication != NULL)
    {
      detail = describe (adjudication);
      ok = insert_adjudication (self, code_id, adjudication, error);
    }
  else
    {
      g_autofree char *path = _intake_store_code_path (self, code_id);

      detail = g_strdup_printf ("%s: withdrew the decision", path);
      ok = delete_adjudication (self, submission_id, code_id, error);
    }
  ok = ok && _intake_store_audit (self, coordinator, submission_id, "adjudicate", detail, error);

out:
  return _intake_store_write_end (self, ok, error);
}
