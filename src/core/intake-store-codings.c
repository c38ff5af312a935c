#define G_LOG_DOMAIN "intake-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "intake-store-private.h"
#include "intake-text.h"

/* What reviewers record about a submission: codings, case attributes, the
 * memo and the status. */

static const char * const attribute_names[] = {
  INTAKE_ATTRIBUTE_RESPONDENT_GROUP,
  INTAKE_ATTRIBUTE_SCHOOL_BOARD,
  INTAKE_ATTRIBUTE_LANGUAGE,
  INTAKE_ATTRIBUTE_IDENTITY,
  NULL
};

/* Values offered by default; stored as written (they are data, not UI). */
static const char * const respondent_groups[] = {
  "Student", "Parent or guardian", "Teacher or school staff", "Administrator",
  "Police officer", "Community member", NULL
};
static const char * const school_boards[] = {
  "Calgary Board of Education", "Calgary Catholic School District",
  "Palliser School District", "FrancoSud", NULL
};
static const char * const languages[] = { "English", "French", NULL };
static const char * const identities[] = {
  "Black", "Indigenous", "Racialized", "Newcomer", "White", "2SLGBTQ+", "Disabled", NULL
};

const char * const *
intake_attribute_names (void)
{
  return attribute_names;
}

const char * const *
intake_attribute_default_values (const char *name)
{
  static const char * const none[] = { NULL };

  if (g_strcmp0 (name, INTAKE_ATTRIBUTE_RESPONDENT_GROUP) == 0)
    return respondent_groups;
  if (g_strcmp0 (name, INTAKE_ATTRIBUTE_SCHOOL_BOARD) == 0)
    return school_boards;
  if (g_strcmp0 (name, INTAKE_ATTRIBUTE_LANGUAGE) == 0)
    return languages;
  if (g_strcmp0 (name, INTAKE_ATTRIBUTE_IDENTITY) == 0)
    return identities;

  return none;
}

/* Folded, with the separators of column names ("school_board",
 * "School-Board") as spaces. */
static char *
fold_label (const char *text)
{
  g_autofree char *spaced = g_strdelimit (g_strstrip (g_strdup (text)), "_-", ' ');

  return intake_text_fold (spaced);
}

/**
 * intake_attribute_match_name:
 *
 * Returns: (transfer full): the default attribute @name is, folded ("school
 *   board" is "School board"), or a copy of @name
 */
char *
intake_attribute_match_name (const char *name)
{
  g_autofree char *folded = fold_label (name);

  for (guint i = 0; attribute_names[i]; i++)
    {
      g_autofree char *candidate = fold_label (attribute_names[i]);

      if (strcmp (folded, candidate) == 0)
        return g_strdup (attribute_names[i]);
    }

  return g_strstrip (g_strdup (name));
}

/**
 * intake_attribute_match_value:
 *
 * The default value of @name that @value means, so that a survey's answers
 * and the values reviewers pick for mail count together: the same folded
 * ("parent or guardian"), or the start of one default alone, word for
 * word ("Parent", "teacher").
 *
 * Returns: (transfer full): that default value, or a copy of @value
 */
char *
intake_attribute_match_value (const char *name,
                              const char *value)
{
  const char * const *defaults = intake_attribute_default_values (name);
  g_autofree char *folded = fold_label (value);
  const char *prefix_of = NULL;
  guint n_prefix = 0;

  for (guint i = 0; folded[0] != '\0' && defaults[i]; i++)
    {
      g_autofree char *candidate = fold_label (defaults[i]);
      gsize len = strlen (folded);

      if (strcmp (folded, candidate) == 0)
        return g_strdup (defaults[i]);
      if (strncmp (candidate, folded, len) == 0 && candidate[len] == ' ')
        {
          prefix_of = defaults[i];
          n_prefix++;
        }
    }

  if (n_prefix == 1)
    return g_strdup (prefix_of);
  return g_strstrip (g_strdup (value));
}

void
intake_coding_free (IntakeCoding *coding)
{
  if (coding == NULL)
    return;

  g_free (coding->guid);
  g_free (coding->code_guid);
  g_free (coding->code_path);
  g_free (coding->color);
  g_free (coding->reviewer);
  g_free (coding->reviewer_guid);
  g_free (coding->excerpt);
  g_free (coding);
}

gboolean
intake_coding_is_by (const IntakeCoding *coding,
                     const char         *reviewer)
{
  g_return_val_if_fail (coding != NULL, FALSE);

  if (reviewer == NULL)
    return FALSE;

  return (coding->reviewer_guid != NULL && g_ascii_strcasecmp (coding->reviewer_guid, reviewer) == 0) ||
         g_strcmp0 (coding->reviewer, reviewer) == 0;
}

IntakeCoding *
intake_coding_copy (const IntakeCoding *coding)
{
  IntakeCoding *copy = g_memdup2 (coding, sizeof *coding);

  copy->guid = g_strdup (coding->guid);
  copy->code_guid = g_strdup (coding->code_guid);
  copy->code_path = g_strdup (coding->code_path);
  copy->color = g_strdup (coding->color);
  copy->reviewer = g_strdup (coding->reviewer);
  copy->reviewer_guid = g_strdup (coding->reviewer_guid);
  copy->excerpt = g_strdup (coding->excerpt);

  return copy;
}

/* Whether the submission exists, with its text in @text when not NULL. */
static gboolean
check_submission (IntakeStore  *self,
                  gint64        submission_id,
                  char        **text,
                  GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = _intake_store_prepare (self, "SELECT text FROM submissions WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, submission_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (text != NULL)
        *text = _intake_store_dup_column_text (stmt, 0);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    return _intake_store_fail (self, NULL, error);

  {
    g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, submission_id);

    g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_NOT_FOUND,
                 _("There is no submission with the id %s"), id_text);
  }
  return FALSE;
}

/* ---- Codings ------------------------------------------------------------ */

/* Every code's path is made in the same statement, once, rather than
 * asked for coding by coding: a submission coded 200 times took 400
 * statements to show. */
#define CODING_SELECT \
  "WITH RECURSIVE code_paths (id, path) AS (" \
  "  SELECT id, name FROM codes WHERE parent_id IS NULL" \
  "  UNION ALL" \
  "  SELECT c.id, p.path || '/' || c.name FROM codes c JOIN code_paths p ON c.parent_id = p.id" \
  ") SELECT g.guid, g.submission_id, c.guid, cp.path, c.color, r.name, g.start, g.end, g.created_at, s.text," \
  "  r.guid" \
  " FROM codings g JOIN codes c ON c.id = g.code_id JOIN code_paths cp ON cp.id = g.code_id" \
  " JOIN reviewers r ON r.id = g.reviewer_id JOIN submissions s ON s.id = g.submission_id "

static IntakeCoding *
coding_from_row (IntakeStore  *self,
                 sqlite3_stmt *stmt)
{
  IntakeCoding *coding = g_new0 (IntakeCoding, 1);

  coding->guid = _intake_store_dup_column_text (stmt, 0);
  coding->submission_id = sqlite3_column_int64 (stmt, 1);
  coding->code_guid = _intake_store_dup_column_text (stmt, 2);
  coding->code_path = _intake_store_dup_column_text (stmt, 3);
  coding->color = _intake_store_dup_column_text (stmt, 4);
  coding->reviewer = _intake_store_dup_column_text (stmt, 5);
  coding->start = sqlite3_column_int (stmt, 6);
  coding->end = sqlite3_column_int (stmt, 7);
  coding->created_at = sqlite3_column_int64 (stmt, 8);
  coding->reviewer_guid = _intake_store_dup_column_text (stmt, 10);
  if (coding->start >= 0)
    coding->excerpt = intake_text_slice ((const char *) sqlite3_column_text (stmt, 9), coding->start, coding->end);

  return coding;
}

/* Runs a CODING_SELECT statement whose parameters are bound. */
static GPtrArray *
collect_codings (IntakeStore   *self,
                 sqlite3_stmt  *stmt,
                 GError       **error)
{
  g_autoptr(GPtrArray) codings = g_ptr_array_new_with_free_func ((GDestroyNotify) intake_coding_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (codings, coding_from_row (self, stmt));
  if (rc != SQLITE_DONE)
    {
      _intake_store_fail (self, NULL, error);
      return NULL;
    }

  return g_steal_pointer (&codings);
}

static IntakeCoding *
get_coding (IntakeStore  *self,
            const char   *guid,
            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = _intake_store_prepare (self, CODING_SELECT "WHERE g.guid = ?", error);
  g_autoptr(GPtrArray) found = NULL;

  if (stmt == NULL)
    return NULL;
  _intake_store_bind_text (stmt, 1, guid);
  found = collect_codings (self, stmt, error);
  if (found == NULL)
    return NULL;

  if (found->len == 0)
    {
      g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_NOT_FOUND, _("The coding no longer exists"));
      return NULL;
    }

  return g_ptr_array_steal_index (found, 0);
}

static char *
describe_coding (const IntakeCoding *coding)
{
  if (coding->start < 0)
    return g_strdup (coding->code_path);

  return g_strdup_printf ("%s [%d–%d]", coding->code_path, coding->start, coding->end);
}

static gboolean
delete_coding_row (IntakeStore   *self,
                   const char    *guid,
                   GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = _intake_store_prepare (self, "DELETE FROM codings WHERE guid = ?", error);

  if (stmt == NULL)
    return FALSE;
  _intake_store_bind_text (stmt, 1, guid);

  return _intake_store_step (self, stmt, error);
}

static gboolean
mark_in_progress (IntakeStore  *self,
                  gint64        submission_id,
                  GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _intake_store_prepare (self, "UPDATE submissions SET status = ?2 WHERE id = ?1 AND status = ?3", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, submission_id);
  _intake_store_bind_text (stmt, 2, intake_status_to_string (INTAKE_STATUS_IN_PROGRESS));
  _intake_store_bind_text (stmt, 3, intake_status_to_string (INTAKE_STATUS_NEW));

  return _intake_store_step (self, stmt, error);
}

/* One stance per submission and reviewer: the new one replaces the old. */
static gboolean
replace_single_choice (IntakeStore   *self,
                       gint64         submission_id,
                       gint64         cid,
                       gint64         parent_id,
                       gint64         rid,
                       const char    *reviewer,
                       GPtrArray     *replaced,
                       GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) others = NULL;

  stmt = _intake_store_prepare (self,
                                CODING_SELECT "WHERE g.submission_id = ? AND g.reviewer_id = ? AND g.start = -1"
                                " AND c.parent_id = ? AND g.code_id != ?",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, submission_id);
  sqlite3_bind_int64 (stmt, 2, rid);
  sqlite3_bind_int64 (stmt, 3, parent_id);
  sqlite3_bind_int64 (stmt, 4, cid);
  others = collect_codings (self, stmt, error);
  if (others == NULL)
    return FALSE;

  for (guint i = 0; i < others->len; i++)
    {
      IntakeCoding *other = g_ptr_array_index (others, i);
      g_autofree char *detail = describe_coding (other);

      if (!delete_coding_row (self, other->guid, error) ||
          !_intake_store_audit (self, reviewer, submission_id, "uncode", detail, error))
        return FALSE;
      if (replaced != NULL)
        g_ptr_array_add (replaced, intake_coding_copy (other));
    }

  return TRUE;
}

static IntakeCoding *
add_coding (IntakeStore  *self,
            gint64        submission_id,
            const char   *code_guid,
            const char   *reviewer,
            int           start,
            int           end,
            const char   *guid,
            GPtrArray    *replaced,
            GError      **error)
{
  g_autoptr(sqlite3_stmt) code = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(IntakeCoding) coding = NULL;
  g_autofree char *new_guid = NULL;
  g_autofree char *detail = NULL;
  gboolean codable, single_parent;
  gint64 cid, rid, parent_id;

  if ((cid = _intake_store_code_id (self, code_guid, error)) < 0)
    return NULL;

  code = _intake_store_prepare (self,
                                "SELECT c.is_codable, coalesce(p.single_choice, 0), coalesce(c.parent_id, 0)"
                                " FROM codes c LEFT JOIN codes p ON p.id = c.parent_id WHERE c.id = ?",
                                error);
  if (code == NULL)
    return NULL;
  sqlite3_bind_int64 (code, 1, cid);
  if (sqlite3_step (code) != SQLITE_ROW)
    {
      _intake_store_fail (self, NULL, error);
      return NULL;
    }
  codable = sqlite3_column_int (code, 0);
  single_parent = sqlite3_column_int (code, 1);
  parent_id = sqlite3_column_int64 (code, 2);

  if (!codable)
    {
      g_autofree char *path = _intake_store_code_path (self, cid);

      g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED,
                   _("“%s” is a group of codes; apply one of the codes in it"), path);
      return NULL;
    }

  if ((rid = _intake_store_reviewer_id (self, reviewer, TRUE, error)) < 0)
    return NULL;

  if (single_parent && start == -1 &&
      !replace_single_choice (self, submission_id, cid, parent_id, rid, reviewer, replaced, error))
    return NULL;

  new_guid = guid ? g_strdup (guid) : g_uuid_string_random ();

  /* The same code on the same span by the same reviewer is one coding:
   * then the existing one comes back and nothing changes. */
  insert = _intake_store_prepare (self,
                                  "INSERT INTO codings (guid, submission_id, code_id, reviewer_id, start, end, created_at)"
                                  " VALUES (?, ?, ?, ?, ?, ?, ?)"
                                  " ON CONFLICT (submission_id, code_id, reviewer_id, start, end) DO NOTHING",
                                  error);
  if (insert == NULL)
    return NULL;
  _intake_store_bind_text (insert, 1, new_guid);
  sqlite3_bind_int64 (insert, 2, submission_id);
  sqlite3_bind_int64 (insert, 3, cid);
  sqlite3_bind_int64 (insert, 4, rid);
  sqlite3_bind_int (insert, 5, start);
  sqlite3_bind_int (insert, 6, end);
  sqlite3_bind_int64 (insert, 7, _intake_store_now ());
  if (!_intake_store_step (self, insert, error))
    return NULL;

  if (sqlite3_changes (_intake_store_get_db (self)) == 0)
    {
      g_autoptr(sqlite3_stmt) existing = NULL;

      existing = _intake_store_prepare (self,
                                        "SELECT guid FROM codings WHERE submission_id = ? AND code_id = ?"
                                        " AND reviewer_id = ? AND start = ? AND end = ?",
                                        error);
      if (existing == NULL)
        return NULL;
      sqlite3_bind_int64 (existing, 1, submission_id);
      sqlite3_bind_int64 (existing, 2, cid);
      sqlite3_bind_int64 (existing, 3, rid);
      sqlite3_bind_int (existing, 4, start);
      sqlite3_bind_int (existing, 5, end);
      if (sqlite3_step (existing) != SQLITE_ROW)
        {
          _intake_store_fail (self, NULL, error);
          return NULL;
        }

      return get_coding (self, (const char *) sqlite3_column_text (existing, 0), error);
    }

  coding = get_coding (self, new_guid, error);
  if (coding == NULL)
    return NULL;

  detail = describe_coding (coding);
  if (!mark_in_progress (self, submission_id, error) ||
      !_intake_store_audit (self, reviewer, submission_id, "code", detail, error))
    return NULL;

  return g_steal_pointer (&coding);
}

IntakeCoding *
intake_store_add_coding (IntakeStore  *self,
                         gint64        submission_id,
                         const char   *code_guid,
                         const char   *reviewer,
                         int           start,
                         int           end,
                         const char   *guid,
                         GPtrArray    *replaced,
                         GError      **error)
{
  g_autoptr(IntakeCoding) coding = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);
  g_return_val_if_fail (code_guid != NULL, NULL);

  if (reviewer == NULL || *reviewer == '\0')
    {
      g_set_error_literal (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED,
                           _("Codings are made by a reviewer; give a reviewer name"));
      return NULL;
    }

  if (!check_submission (self, submission_id, &text, error))
    return NULL;

  if (start != -1 || end != -1)
    {
      int length = intake_text_length (text);

      if (start < 0 || end <= start || end > length)
        {
          g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED,
                       _("The excerpt %d–%d is outside the text, which has %d characters"),
                       start, end, length);
          return NULL;
        }
    }

  if (!_intake_store_write_begin (self, error))
    return NULL;
  coding = add_coding (self, submission_id, code_guid, reviewer, start, end, guid, replaced, error);
  if (!_intake_store_write_end (self, coding != NULL, error))
    return NULL;

  return g_steal_pointer (&coding);
}

gboolean
intake_store_set_coding_created_at (IntakeStore  *self,
                                    const char   *coding_guid,
                                    gint64        created_at,
                                    GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (INTAKE_IS_STORE (self), FALSE);
  g_return_val_if_fail (coding_guid != NULL, FALSE);

  if (!_intake_store_write_begin (self, error))
    return FALSE;
  stmt = _intake_store_prepare (self, "UPDATE codings SET created_at = ? WHERE guid = ?", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, created_at);
      _intake_store_bind_text (stmt, 2, coding_guid);
      ok = _intake_store_step (self, stmt, error);
    }
  return _intake_store_write_end (self, ok, error);
}

IntakeCoding *
intake_store_get_coding (IntakeStore  *self,
                         const char   *coding_guid,
                         GError      **error)
{
  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);
  g_return_val_if_fail (coding_guid != NULL, NULL);

  return get_coding (self, coding_guid, error);
}

static gboolean
remove_coding (IntakeStore  *self,
               const char   *coding_guid,
               const char   *reviewer,
               GError      **error)
{
  g_autoptr(IntakeCoding) coding = get_coding (self, coding_guid, error);
  g_autofree char *detail = NULL;

  if (coding == NULL)
    return FALSE;

  detail = describe_coding (coding);
  return delete_coding_row (self, coding_guid, error) &&
         _intake_store_audit (self, reviewer, coding->submission_id, "uncode", detail, error);
}

gboolean
intake_store_remove_coding (IntakeStore  *self,
                            const char   *coding_guid,
                            const char   *reviewer,
                            GError      **error)
{
  gboolean ok;

  g_return_val_if_fail (INTAKE_IS_STORE (self), FALSE);

  if (!_intake_store_write_begin (self, error))
    return FALSE;
  ok = remove_coding (self, coding_guid, reviewer, error);

  return _intake_store_write_end (self, ok, error);
}

GPtrArray *
intake_store_list_codings (IntakeStore  *self,
                           gint64        submission_id,
                           GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);

  stmt = _intake_store_prepare (self, CODING_SELECT "WHERE g.submission_id = ? ORDER BY g.start, g.end, g.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, submission_id);

  return collect_codings (self, stmt, error);
}

/* The codings of the submission last asked for, kept while the project
 * does not change: opening a submission, the reader, its margin, the code
 * panel and the case bar each ask for them. A change on this connection
 * shows in its total of changed rows, another connection's commit in
 * data_version. */
typedef struct
{
  gint64         submission_id;
  GPtrArray     *codings;
  sqlite3_int64  data_version;
  sqlite3_int64  total_changes;
} CodingsCache;

static void
codings_cache_free (CodingsCache *cache)
{
  g_clear_pointer (&cache->codings, g_ptr_array_unref);
  g_free (cache);
}

static gboolean
read_data_version (IntakeStore   *self,
                   sqlite3_int64 *version)
{
  g_autoptr(sqlite3_stmt) stmt = _intake_store_prepare (self, "PRAGMA data_version", NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  *version = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/**
 * intake_store_get_codings:
 *
 * intake_store_list_codings(), kept for the next call while nothing in
 * the project changes. The array is shared: read it, never change it.
 *
 * Returns: (transfer full): the codings, or %NULL with @error set
 */
GPtrArray *
intake_store_get_codings (IntakeStore  *self,
                          gint64        submission_id,
                          GError      **error)
{
  static GQuark quark;
  CodingsCache *cache;
  sqlite3_int64 data_version = 0;
  sqlite3_int64 total_changes;
  gboolean known;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("intake-store-codings-cache");
  cache = g_object_get_qdata (G_OBJECT (self), quark);
  if (cache == NULL)
    {
      cache = g_new0 (CodingsCache, 1);
      g_object_set_qdata_full (G_OBJECT (self), quark, cache, (GDestroyNotify) codings_cache_free);
    }

  known = read_data_version (self, &data_version);
  total_changes = sqlite3_total_changes64 (_intake_store_get_db (self));
  if (known && cache->codings != NULL && cache->submission_id == submission_id &&
      cache->data_version == data_version && cache->total_changes == total_changes)
    return g_ptr_array_ref (cache->codings);

  g_clear_pointer (&cache->codings, g_ptr_array_unref);
  cache->codings = intake_store_list_codings (self, submission_id, error);
  if (cache->codings == NULL)
    return NULL;
  cache->submission_id = submission_id;
  cache->data_version = known ? data_version : -1;
  cache->total_changes = total_changes;

  return g_ptr_array_ref (cache->codings);
}

GHashTable *
intake_store_count_codings (IntakeStore  *self,
                            GError      **error)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);

  stmt = _intake_store_prepare (self,
                                "SELECT c.guid, count(DISTINCT g.submission_id) FROM codings g JOIN codes c ON c.id = g.code_id"
                                " GROUP BY c.guid",
                                error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (counts, _intake_store_dup_column_text (stmt, 0),
                         GUINT_TO_POINTER (sqlite3_column_int (stmt, 1)));
  if (rc != SQLITE_DONE)
    {
      _intake_store_fail (self, NULL, error);
      return NULL;
    }

  return g_steal_pointer (&counts);
}

/* ---- Attributes, memo, status ------------------------------------------ */

static gboolean
write_attribute (IntakeStore  *self,
                 gint64        submission_id,
                 const char   *name,
                 const char   *value,
                 const char   *reviewer,
                 GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *detail = NULL;
  gint64 rid;

  if ((rid = _intake_store_reviewer_id (self, reviewer, TRUE, error)) < 0)
    return FALSE;

  if (value == NULL || *value == '\0')
    {
      stmt = _intake_store_prepare (self, "DELETE FROM attributes WHERE submission_id = ? AND name = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, submission_id);
      _intake_store_bind_text (stmt, 2, name);
      detail = g_strdup_printf ("%s removed", name);
    }
  else
    {
      stmt = _intake_store_prepare (self,
                                    "INSERT INTO attributes (submission_id, name, value, reviewer_id, updated_at) VALUES (?, ?, ?, ?, ?)"
                                    " ON CONFLICT (submission_id, name) DO UPDATE SET value = excluded.value,"
                                    " reviewer_id = excluded.reviewer_id, updated_at = excluded.updated_at",
                                    error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, submission_id);
      _intake_store_bind_text (stmt, 2, name);
      _intake_store_bind_text (stmt, 3, value);
      if (rid > 0)
        sqlite3_bind_int64 (stmt, 4, rid);
      sqlite3_bind_int64 (stmt, 5, _intake_store_now ());
      detail = g_strdup_printf ("%s = %s", name, value);
    }

  return _intake_store_step (self, stmt, error) &&
         _intake_store_audit (self, reviewer, submission_id, "attribute", detail, error);
}

gboolean
intake_store_set_attribute (IntakeStore  *self,
                            gint64        submission_id,
                            const char   *name,
                            const char   *value,
                            const char   *reviewer,
                            GError      **error)
{
  g_autofree char *clean_name = NULL;
  g_autofree char *clean_value = NULL;
  gboolean ok;

  g_return_val_if_fail (INTAKE_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  clean_name = g_strstrip (g_strdup (name));
  clean_value = value ? g_strstrip (g_strdup (value)) : NULL;
  if (*clean_name == '\0')
    {
      g_set_error_literal (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED, _("An attribute needs a name"));
      return FALSE;
    }

  if (!check_submission (self, submission_id, NULL, error) ||
      !_intake_store_write_begin (self, error))
    return FALSE;
  ok = write_attribute (self, submission_id, clean_name, clean_value, reviewer, error);

  return _intake_store_write_end (self, ok, error);
}

GHashTable *
intake_store_get_attributes (IntakeStore  *self,
                             gint64        submission_id,
                             GError      **error)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);

  stmt = _intake_store_prepare (self, "SELECT name, value FROM attributes WHERE submission_id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, submission_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (attributes, _intake_store_dup_column_text (stmt, 0),
                         _intake_store_dup_column_text (stmt, 1));
  if (rc != SQLITE_DONE)
    {
      _intake_store_fail (self, NULL, error);
      return NULL;
    }

  return g_steal_pointer (&attributes);
}

GStrv
intake_store_list_attribute_values (IntakeStore  *self,
                                    const char   *name,
                                    GError      **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char * const *defaults = intake_attribute_default_values (name);
  int rc;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);

  for (guint i = 0; defaults[i]; i++)
    {
      g_strv_builder_add (builder, defaults[i]);
      g_hash_table_add (seen, (gpointer) defaults[i]);
    }

  stmt = _intake_store_prepare (self, "SELECT DISTINCT value FROM attributes WHERE name = ? ORDER BY value", error);
  if (stmt == NULL)
    return NULL;
  _intake_store_bind_text (stmt, 1, name);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *value = (const char *) sqlite3_column_text (stmt, 0);

      if (!g_hash_table_contains (seen, value))
        g_strv_builder_add (builder, value);
    }
  if (rc != SQLITE_DONE)
    {
      _intake_store_fail (self, NULL, error);
      return NULL;
    }

  return g_strv_builder_end (builder);
}

static gboolean
write_memo (IntakeStore  *self,
            gint64        submission_id,
            const char   *text,
            const char   *reviewer,
            GError      **error)
{
  g_autoptr(sqlite3_stmt) upsert = NULL;
  g_autoptr(sqlite3_stmt) last = NULL;
  gboolean recent;
  gint64 rid;
  int rc;

  if ((rid = _intake_store_reviewer_id (self, reviewer, TRUE, error)) < 0)
    return FALSE;

  upsert = _intake_store_prepare (self,
                                  "INSERT INTO memos (submission_id, text, reviewer_id, updated_at) VALUES (?, ?, ?, ?)"
                                  " ON CONFLICT (submission_id, ifnull (reviewer_id, 0)) DO UPDATE SET text = excluded.text,"
                                  " updated_at = excluded.updated_at",
                                  error);
  if (upsert == NULL)
    return FALSE;
  sqlite3_bind_int64 (upsert, 1, submission_id);
  _intake_store_bind_text (upsert, 2, text ? text : "");
  if (rid > 0)
    sqlite3_bind_int64 (upsert, 3, rid);
  sqlite3_bind_int64 (upsert, 4, _intake_store_now ());
  if (!_intake_store_step (self, upsert, error))
    return FALSE;

  /* Saved as the reviewer types: one audit line per minute is plenty. */
  last = _intake_store_prepare (self,
                                "SELECT 1 FROM audit WHERE submission_id = ? AND action = 'memo' AND reviewer_id IS ?"
                                " AND at > ? ORDER BY id DESC LIMIT 1",
                                error);
  if (last == NULL)
    return FALSE;
  sqlite3_bind_int64 (last, 1, submission_id);
  if (rid > 0)
    sqlite3_bind_int64 (last, 2, rid);
  sqlite3_bind_int64 (last, 3, _intake_store_now () - 60);
  rc = sqlite3_step (last);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _intake_store_fail (self, NULL, error);
  recent = rc == SQLITE_ROW;

  return recent || _intake_store_audit (self, reviewer, submission_id, "memo", "edited the memo", error);
}

gboolean
intake_store_set_memo (IntakeStore  *self,
                       gint64        submission_id,
                       const char   *text,
                       const char   *reviewer,
                       GError      **error)
{
  gboolean ok;

  g_return_val_if_fail (INTAKE_IS_STORE (self), FALSE);

  if (!check_submission (self, submission_id, NULL, error) ||
      !_intake_store_write_begin (self, error))
    return FALSE;
  ok = write_memo (self, submission_id, text, reviewer, error);

  return _intake_store_write_end (self, ok, error);
}

void
intake_memo_free (IntakeMemo *memo)
{
  if (memo == NULL)
    return;

  g_free (memo->reviewer);
  g_free (memo->reviewer_guid);
  g_free (memo->text);
  g_free (memo);
}

GPtrArray *
intake_store_list_memos (IntakeStore  *self,
                         gint64        submission_id,
                         GError      **error)
{
  g_autoptr(GPtrArray) memos = g_ptr_array_new_with_free_func ((GDestroyNotify) intake_memo_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);

  stmt = _intake_store_prepare (self,
                                "SELECT r.name, r.guid, m.text, m.updated_at FROM memos m"
                                " LEFT JOIN reviewers r ON r.id = m.reviewer_id"
                                " WHERE m.submission_id = ? AND m.text != '' ORDER BY m.updated_at, m.rowid",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, submission_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IntakeMemo *memo = g_new0 (IntakeMemo, 1);

      memo->reviewer = _intake_store_dup_column_text (stmt, 0);
      memo->reviewer_guid = _intake_store_dup_column_text (stmt, 1);
      memo->text = _intake_store_dup_column_text (stmt, 2);
      memo->updated_at = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (memos, memo);
    }
  if (rc != SQLITE_DONE)
    {
      _intake_store_fail (self, NULL, error);
      return NULL;
    }

  return g_steal_pointer (&memos);
}

/* Each reviewer has a memo of their own; without a reviewer, the newest. */
char *
intake_store_get_memo (IntakeStore  *self,
                       gint64        submission_id,
                       const char   *reviewer,
                       GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 rid = 0;
  int rc;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);

  if (reviewer != NULL && (rid = _intake_store_reviewer_id (self, reviewer, FALSE, error)) <= 0)
    return NULL;

  stmt = _intake_store_prepare (self,
                                "SELECT text FROM memos WHERE submission_id = ?1 AND (?2 = 0 OR reviewer_id = ?2)"
                                " ORDER BY updated_at DESC, rowid DESC LIMIT 1",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, submission_id);
  sqlite3_bind_int64 (stmt, 2, rid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return _intake_store_dup_column_text (stmt, 0);
  if (rc != SQLITE_DONE)
    _intake_store_fail (self, NULL, error);

  return NULL;
}

static gboolean
write_status (IntakeStore  *self,
              gint64        submission_id,
              const char   *status,
              const char   *reviewer,
              GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *detail = NULL;

  stmt = _intake_store_prepare (self, "UPDATE submissions SET status = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  _intake_store_bind_text (stmt, 1, status);
  sqlite3_bind_int64 (stmt, 2, submission_id);

  detail = g_strdup_printf ("status %s", status);
  return _intake_store_step (self, stmt, error) &&
         _intake_store_audit (self, reviewer, submission_id, "status", detail, error);
}

gboolean
intake_store_set_status (IntakeStore   *self,
                         gint64         submission_id,
                         IntakeStatus   status,
                         const char    *reviewer,
                         GError       **error)
{
  const char *name = intake_status_to_string (status);
  gboolean ok;

  g_return_val_if_fail (INTAKE_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!check_submission (self, submission_id, NULL, error) ||
      !_intake_store_write_begin (self, error))
    return FALSE;
  ok = write_status (self, submission_id, name, reviewer, error);

  return _intake_store_write_end (self, ok, error);
}

gint64
intake_store_next_uncoded (IntakeStore  *self,
                           gint64        after_id,
                           GError      **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  IntakeFilter filter = { 0, };
  gint64 first = 0;
  gboolean passed = after_id <= 0;

  g_return_val_if_fail (INTAKE_IS_STORE (self), 0);

  ids = intake_store_filter_ids (self, &filter, error);
  if (ids == NULL)
    return 0;

  stmt = _intake_store_prepare (self, "SELECT status FROM submissions WHERE id = ?", error);
  if (stmt == NULL)
    return 0;

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      IntakeStatus status;
      gboolean open;

      if (id == after_id)
        {
          passed = TRUE;
          continue;
        }

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, id);
      open = sqlite3_step (stmt) == SQLITE_ROW &&
             intake_status_from_string ((const char *) sqlite3_column_text (stmt, 0), &status) &&
             (status == INTAKE_STATUS_NEW || status == INTAKE_STATUS_IN_PROGRESS);

      if (!open)
        continue;
      if (passed)
        return id;
      if (first == 0)
        first = id;
    }

  return first;
}

gboolean
intake_store_get_progress (IntakeStore     *self,
                           const char      *reviewer,
                           IntakeProgress  *progress,
                           GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (INTAKE_IS_STORE (self), FALSE);
  g_return_val_if_fail (progress != NULL, FALSE);

  memset (progress, 0, sizeof *progress);

  /* One pass over the status index; the reviewer's share looks up each
   * coded submission's codings by their (submission, …) index. */
  stmt = _intake_store_prepare (self,
                                "SELECT count(*),"
                                " coalesce(sum(status = 'in-progress'), 0),"
                                " coalesce(sum(status = 'coded'), 0),"
                                " coalesce(sum(status = 'excluded'), 0),"
                                " (SELECT count(*) FROM submissions s WHERE s.status = 'coded' AND EXISTS"
                                "   (SELECT 1 FROM codings g WHERE g.submission_id = s.id"
                                "    AND g.reviewer_id = (SELECT id FROM reviewers WHERE name = ?1)))"
                                " FROM submissions",
                                error);
  if (stmt == NULL)
    return FALSE;
  if (reviewer != NULL)
    _intake_store_bind_text (stmt, 1, reviewer);

  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _intake_store_fail (self, _("read the project"), error);

  progress->total = sqlite3_column_int (stmt, 0);
  progress->in_progress = sqlite3_column_int (stmt, 1);
  progress->coded = sqlite3_column_int (stmt, 2);
  progress->excluded = sqlite3_column_int (stmt, 3);
  progress->coded_by_reviewer = sqlite3_column_int (stmt, 4);

  return TRUE;
}
