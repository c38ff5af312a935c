#define G_LOG_DOMAIN "intake-coding"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "intake-coding.h"
#include "intake-store-private.h"

/* The default codebook's "Stance on the programme": one value per submission. */
#define STANCE_GROUP_GUID "b28afa3a-e5a2-4ca5-a23d-d782376b84f7"

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
  g_free (coding->excerpt);
  g_free (coding);
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
  copy->excerpt = g_strdup (coding->excerpt);

  return copy;
}

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

int
intake_text_length (const char *text)
{
  return text ? (int) g_utf8_strlen (text, -1) : 0;
}

char *
intake_text_slice (const char *text,
                   int         start,
                   int         end)
{
  const char *from;
  const char *to;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (start >= 0 && end >= start, NULL);

  from = g_utf8_offset_to_pointer (text, start);
  to = g_utf8_offset_to_pointer (from, end - start);

  return g_strndup (from, to - from);
}

/* ---- Small SQL helpers ------------------------------------------------- */

static sqlite3_stmt *
prepare (IntakeStore  *self,
         const char   *sql,
         GError      **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (_intake_store_get_db (self), sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _intake_store_fail (self, error);
      return NULL;
    }

  return stmt;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           column,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

/* Runs a statement that returns no rows, then finalizes it. */
static gboolean
run (IntakeStore   *self,
     sqlite3_stmt  *stmt,
     GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      _intake_store_fail (self, error);
      sqlite3_finalize (stmt);
      return FALSE;
    }

  sqlite3_finalize (stmt);
  return TRUE;
}

/* Every change is one savepoint: whole or not at all, and it nests inside
 * an import's transaction or stands alone. */
static gboolean
begin (IntakeStore  *self,
       GError      **error)
{
  return _intake_store_exec (self, "SAVEPOINT intake_change", error);
}

static gboolean
commit (IntakeStore  *self,
        GError      **error)
{
  return _intake_store_exec (self, "RELEASE intake_change", error);
}

static void
rollback (IntakeStore *self)
{
  _intake_store_exec (self, "ROLLBACK TO intake_change; RELEASE intake_change", NULL);
}

static gint64
now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* -1 with @error set on failure; 0 (no error) when @name is NULL or unknown and not @create. */
static gint64
reviewer_id (IntakeStore  *self,
             const char   *name,
             gboolean      create,
             GError      **error)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;
  g_autofree char *clean = NULL;

  if (name == NULL)
    return 0;

  clean = g_strstrip (g_strdup (name));
  if (*clean == '\0')
    return 0;

  stmt = prepare (self, "SELECT id FROM reviewers WHERE name = ?", error);
  if (stmt == NULL)
    return -1;
  bind_text (stmt, 1, clean);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  if (id != 0 || !create)
    return id;

  stmt = prepare (self, "INSERT INTO reviewers (guid, name, added_at) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return -1;
  {
    g_autofree char *guid = g_uuid_string_random ();

    bind_text (stmt, 1, guid);
    bind_text (stmt, 2, clean);
    sqlite3_bind_int64 (stmt, 3, now ());
  }
  if (!run (self, stmt, error))
    return -1;

  return sqlite3_last_insert_rowid (_intake_store_get_db (self));
}

static gboolean
audit (IntakeStore  *self,
       const char   *reviewer,
       gint64        submission_id,
       const char   *action,
       const char   *detail,
       GError      **error)
{
  gint64 rid = reviewer_id (self, reviewer, TRUE, error);
  sqlite3_stmt *stmt;

  if (rid < 0)
    return FALSE;

  stmt = prepare (self, "INSERT INTO audit (at, reviewer_id, submission_id, action, detail) VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, now ());
  if (rid > 0)
    sqlite3_bind_int64 (stmt, 2, rid);
  if (submission_id > 0)
    sqlite3_bind_int64 (stmt, 3, submission_id);
  bind_text (stmt, 4, action);
  bind_text (stmt, 5, detail ? detail : "");

  return run (self, stmt, error);
}

static gboolean
check_submission (IntakeStore  *self,
                  gint64        submission_id,
                  char        **text,
                  GError      **error)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT text FROM submissions WHERE id = ?", error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, submission_id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found && text != NULL)
    *text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  if (!found)
    {
      g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, submission_id);

      g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_NOT_FOUND,
                   _("There is no submission with the id %s"), id_text);
    }

  return found;
}

/* ---- Reviewers --------------------------------------------------------- */

gboolean
intake_store_ensure_reviewer (IntakeStore  *self,
                              const char   *name,
                              GError      **error)
{
  g_autofree char *clean = name ? g_strstrip (g_strdup (name)) : NULL;

  g_return_val_if_fail (INTAKE_IS_STORE (self), FALSE);

  if (clean == NULL || *clean == '\0')
    {
      g_set_error_literal (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED,
                           _("A reviewer needs a name"));
      return FALSE;
    }

  return reviewer_id (self, name, TRUE, error) > 0;
}

GStrv
intake_store_list_reviewers (IntakeStore  *self,
                             GError      **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);

  stmt = prepare (self, "SELECT name FROM reviewers ORDER BY name", error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return g_strv_builder_end (builder);
}

/* ---- Codebook ----------------------------------------------------------- */

static gint64
code_id (IntakeStore  *self,
         const char   *guid,
         GError      **error)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  if (guid == NULL)
    return 0;

  stmt = prepare (self, "SELECT id FROM codes WHERE guid = ?", error);
  if (stmt == NULL)
    return -1;
  bind_text (stmt, 1, guid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  if (id == 0)
    {
      g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_NOT_FOUND,
                   _("The project has no code with the GUID %s"), guid);
      return -1;
    }

  return id;
}

static gboolean
insert_code (IntakeStore  *self,
             const char   *guid,
             gint64        parent_id,
             int           position,
             const char   *name,
             const char   *description,
             const char   *color,
             gboolean      is_codable,
             gboolean      single_choice,
             GError      **error)
{
  sqlite3_stmt *stmt = prepare (self,
                                "INSERT INTO codes (guid, parent_id, position, name, description, color,"
                                " is_codable, single_choice) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                error);

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, guid);
  if (parent_id > 0)
    sqlite3_bind_int64 (stmt, 2, parent_id);
  sqlite3_bind_int (stmt, 3, position);
  bind_text (stmt, 4, name);
  bind_text (stmt, 5, description ? description : "");
  bind_text (stmt, 6, color);
  sqlite3_bind_int (stmt, 7, is_codable);
  sqlite3_bind_int (stmt, 8, single_choice);

  return run (self, stmt, error);
}

static int
next_position (IntakeStore *self,
               gint64       parent_id)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT coalesce(max(position) + 1, 0) FROM codes WHERE parent_id IS ?", NULL);
  int position = 0;

  if (stmt == NULL)
    return 0;
  if (parent_id > 0)
    sqlite3_bind_int64 (stmt, 1, parent_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    position = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return position;
}

/* Adds or updates, by GUID, every code of @codebook (parents come first). */
static gboolean
merge_codebook (IntakeStore     *self,
                IntakeCodebook  *codebook,
                GError         **error)
{
  for (guint i = 0; i < intake_codebook_get_n_codes (codebook); i++)
    {
      IntakeCode *code = intake_codebook_get_code (codebook, i);
      const char *parent_guid = intake_code_get_parent_guid (code);
      gint64 parent_id = 0;
      sqlite3_stmt *stmt;
      gboolean exists;

      if (parent_guid != NULL && (parent_id = code_id (self, parent_guid, error)) < 0)
        return FALSE;

      stmt = prepare (self, "SELECT 1 FROM codes WHERE guid = ?", error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, intake_code_get_guid (code));
      exists = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_finalize (stmt);

      if (!exists)
        {
          if (!insert_code (self, intake_code_get_guid (code), parent_id, next_position (self, parent_id),
                            intake_code_get_name (code), intake_code_get_description (code),
                            intake_code_get_color (code), intake_code_get_is_codable (code),
                            g_strcmp0 (intake_code_get_guid (code), STANCE_GROUP_GUID) == 0, error))
            return FALSE;
          continue;
        }

      stmt = prepare (self,
                      "UPDATE codes SET name = ?, description = ?, color = ?, is_codable = ?,"
                      " parent_id = ? WHERE guid = ?",
                      error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, intake_code_get_name (code));
      bind_text (stmt, 2, intake_code_get_description (code));
      bind_text (stmt, 3, intake_code_get_color (code));
      sqlite3_bind_int (stmt, 4, intake_code_get_is_codable (code));
      if (parent_id > 0)
        sqlite3_bind_int64 (stmt, 5, parent_id);
      bind_text (stmt, 6, intake_code_get_guid (code));
      if (!run (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
_intake_store_seed_codebook (IntakeStore  *self,
                             GError      **error)
{
  g_autoptr(IntakeCodebook) codebook = intake_codebook_load_default (error);

  if (codebook == NULL)
    return FALSE;

  return merge_codebook (self, codebook, error);
}

IntakeCodebook *
intake_store_load_codebook (IntakeStore  *self,
                            GError      **error)
{
  g_autoptr(IntakeCodebook) codebook = intake_codebook_new ();
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);

  /* Pre-order: walk the tree by a recursive query with a path of positions. */
  stmt = prepare (self,
                  "WITH RECURSIVE tree (id, sort_key) AS ("
                  "  SELECT id, printf('%08d', position) FROM codes WHERE parent_id IS NULL"
                  "  UNION ALL"
                  "  SELECT c.id, t.sort_key || '/' || printf('%08d', c.position)"
                  "  FROM codes c JOIN tree t ON c.parent_id = t.id"
                  ")"
                  " SELECT c.guid, c.name, c.description, c.color, c.is_codable, p.guid"
                  " FROM tree t JOIN codes c ON c.id = t.id LEFT JOIN codes p ON p.id = c.parent_id"
                  " ORDER BY t.sort_key",
                  error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    intake_codebook_append_code (codebook,
                                 (const char *) sqlite3_column_text (stmt, 0),
                                 (const char *) sqlite3_column_text (stmt, 1),
                                 (const char *) sqlite3_column_text (stmt, 2),
                                 (const char *) sqlite3_column_text (stmt, 3),
                                 sqlite3_column_int (stmt, 4),
                                 (const char *) sqlite3_column_text (stmt, 5));
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      _intake_store_fail (self, error);
      return NULL;
    }

  return g_steal_pointer (&codebook);
}

gboolean
intake_store_import_codebook (IntakeStore     *self,
                              IntakeCodebook  *codebook,
                              const char      *reviewer,
                              GError         **error)
{
  g_autofree char *detail = NULL;

  g_return_val_if_fail (INTAKE_IS_STORE (self), FALSE);
  g_return_val_if_fail (INTAKE_IS_CODEBOOK (codebook), FALSE);

  detail = g_strdup_printf ("imported %u codes", intake_codebook_get_n_codes (codebook));

  if (!begin (self, error))
    return FALSE;
  if (!merge_codebook (self, codebook, error) ||
      !audit (self, reviewer, 0, "codebook", detail, error) ||
      !commit (self, error))
    {
      rollback (self);
      return FALSE;
    }

  return TRUE;
}

static char *
code_path (IntakeStore *self,
           gint64       id)
{
  sqlite3_stmt *stmt = prepare (self,
                                "WITH RECURSIVE up (id, parent_id, name, depth) AS ("
                                "  SELECT id, parent_id, name, 0 FROM codes WHERE id = ?"
                                "  UNION ALL"
                                "  SELECT c.id, c.parent_id, c.name, up.depth + 1 FROM codes c JOIN up ON c.id = up.parent_id"
                                ") SELECT name FROM up ORDER BY depth DESC",
                                NULL);
  GString *path = g_string_new (NULL);

  if (stmt == NULL)
    return g_string_free (path, FALSE);

  sqlite3_bind_int64 (stmt, 1, id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (path->len > 0)
        g_string_append_c (path, '/');
      g_string_append (path, (const char *) sqlite3_column_text (stmt, 0));
    }
  sqlite3_finalize (stmt);

  return g_string_free (path, FALSE);
}

char *
intake_store_add_code (IntakeStore  *self,
                       const char   *parent_guid,
                       const char   *name,
                       const char   *color,
                       gboolean      is_codable,
                       const char   *reviewer,
                       GError      **error)
{
  g_autofree char *guid = g_uuid_string_random ();
  g_autofree char *detail = NULL;
  gint64 parent_id = 0;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);

  if (name == NULL || *name == '\0')
    {
      g_set_error_literal (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED, _("A code needs a name"));
      return NULL;
    }

  if (!begin (self, error))
    return NULL;

  if ((parent_guid != NULL && (parent_id = code_id (self, parent_guid, error)) < 0) ||
      !insert_code (self, guid, parent_id, next_position (self, parent_id), name, NULL, color,
                    is_codable, FALSE, error))
    {
      rollback (self);
      return NULL;
    }

  detail = g_strdup_printf ("added “%s”", name);
  if (!audit (self, reviewer, 0, "codebook", detail, error) || !commit (self, error))
    {
      rollback (self);
      return NULL;
    }

  return g_steal_pointer (&guid);
}

gboolean
intake_store_update_code (IntakeStore  *self,
                          const char   *guid,
                          const char   *name,
                          const char   *description,
                          const char   *color,
                          const char   *reviewer,
                          GError      **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *detail = NULL;
  gint64 id;

  g_return_val_if_fail (INTAKE_IS_STORE (self), FALSE);

  if (name != NULL && *name == '\0')
    {
      g_set_error_literal (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED, _("A code needs a name"));
      return FALSE;
    }

  if (!begin (self, error))
    return FALSE;

  if ((id = code_id (self, guid, error)) < 0)
    {
      rollback (self);
      return FALSE;
    }

  stmt = prepare (self,
                  "UPDATE codes SET name = coalesce(?, name), description = coalesce(?, description),"
                  " color = coalesce(?, color) WHERE id = ?",
                  error);
  if (stmt == NULL)
    {
      rollback (self);
      return FALSE;
    }
  bind_text (stmt, 1, name);
  bind_text (stmt, 2, description);
  bind_text (stmt, 3, color);
  sqlite3_bind_int64 (stmt, 4, id);

  {
    g_autofree char *path = NULL;

    if (!run (self, stmt, error))
      {
        rollback (self);
        return FALSE;
      }
    path = code_path (self, id);
    detail = g_strdup_printf ("edited “%s”", path);
  }

  if (!audit (self, reviewer, 0, "codebook", detail, error) || !commit (self, error))
    {
      rollback (self);
      return FALSE;
    }

  return TRUE;
}

static gboolean
is_descendant (IntakeStore *self,
               gint64       id,
               gint64       ancestor)
{
  sqlite3_stmt *stmt = prepare (self,
                                "WITH RECURSIVE up (id, parent_id) AS ("
                                "  SELECT id, parent_id FROM codes WHERE id = ?"
                                "  UNION ALL SELECT c.id, c.parent_id FROM codes c JOIN up ON c.id = up.parent_id"
                                ") SELECT 1 FROM up WHERE id = ?",
                                NULL);
  gboolean found;

  if (stmt == NULL)
    return TRUE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, ancestor);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);

  return found;
}

gboolean
intake_store_move_code (IntakeStore  *self,
                        const char   *guid,
                        const char   *parent_guid,
                        int           position,
                        const char   *reviewer,
                        GError      **error)
{
  g_autoptr(GArray) siblings = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  gint64 id, parent_id = 0;

  g_return_val_if_fail (INTAKE_IS_STORE (self), FALSE);

  if (!begin (self, error))
    return FALSE;

  if ((id = code_id (self, guid, error)) < 0 ||
      (parent_guid != NULL && (parent_id = code_id (self, parent_guid, error)) < 0))
    {
      rollback (self);
      return FALSE;
    }

  if (parent_id > 0 && is_descendant (self, parent_id, id))
    {
      g_set_error_literal (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED,
                           _("A code cannot be moved inside itself"));
      rollback (self);
      return FALSE;
    }

  /* Renumber the new siblings with the code at its place. */
  stmt = prepare (self, "SELECT id FROM codes WHERE parent_id IS ? AND id != ? ORDER BY position, id", error);
  if (stmt == NULL)
    {
      rollback (self);
      return FALSE;
    }
  if (parent_id > 0)
    sqlite3_bind_int64 (stmt, 1, parent_id);
  sqlite3_bind_int64 (stmt, 2, id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 sibling = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (siblings, sibling);
    }
  sqlite3_finalize (stmt);

  if (position < 0 || (guint) position > siblings->len)
    position = siblings->len;
  g_array_insert_val (siblings, position, id);

  for (guint i = 0; i < siblings->len; i++)
    {
      stmt = prepare (self, "UPDATE codes SET parent_id = ?, position = ? WHERE id = ?", error);
      if (stmt == NULL)
        {
          rollback (self);
          return FALSE;
        }
      if (parent_id > 0)
        sqlite3_bind_int64 (stmt, 1, parent_id);
      sqlite3_bind_int (stmt, 2, i);
      sqlite3_bind_int64 (stmt, 3, g_array_index (siblings, gint64, i));
      if (!run (self, stmt, error))
        {
          rollback (self);
          return FALSE;
        }
    }

  {
    g_autofree char *path = code_path (self, id);
    detail = g_strdup_printf ("moved “%s”", path);
  }
  if (!audit (self, reviewer, 0, "codebook", detail, error) || !commit (self, error))
    {
      rollback (self);
      return FALSE;
    }

  return TRUE;
}

#define SUBTREE_SQL \
  "WITH RECURSIVE subtree (id) AS (" \
  "  SELECT id FROM codes WHERE guid = ?1" \
  "  UNION ALL SELECT c.id FROM codes c JOIN subtree s ON c.parent_id = s.id" \
  ") "

guint
intake_store_count_code_codings (IntakeStore  *self,
                                 const char   *guid,
                                 GError      **error)
{
  sqlite3_stmt *stmt;
  guint count = 0;

  g_return_val_if_fail (INTAKE_IS_STORE (self), 0);

  stmt = prepare (self, SUBTREE_SQL "SELECT count(*) FROM codings WHERE code_id IN (SELECT id FROM subtree)", error);
  if (stmt == NULL)
    return 0;
  bind_text (stmt, 1, guid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return count;
}

/* Snapshot: (a(sssssbbi) codes: guid, parent guid or "", name, description, color or "",
 *            is_codable, single_choice, position;
 *            a(sxssiix) codings: guid, submission, code guid, reviewer, start, end, created) */
#define SNAPSHOT_TYPE "(a(sssssbbi)a(sxssiix))"

GVariant *
intake_store_delete_code (IntakeStore  *self,
                          const char   *guid,
                          const char   *reviewer,
                          GError      **error)
{
  g_autoptr(GVariantBuilder) codes = g_variant_builder_new (G_VARIANT_TYPE ("a(sssssbbi)"));
  g_autoptr(GVariantBuilder) codings = g_variant_builder_new (G_VARIANT_TYPE ("a(sxssiix)"));
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);

  if (!begin (self, error))
    return NULL;

  if ((id = code_id (self, guid, error)) < 0)
    {
      rollback (self);
      return NULL;
    }

  {
    g_autofree char *path = code_path (self, id);
    detail = g_strdup_printf ("deleted “%s”", path);
  }

  /* Parents before children, so that restoring can insert in this order. */
  stmt = prepare (self,
                  "WITH RECURSIVE subtree (id, depth) AS ("
                  "  SELECT id, 0 FROM codes WHERE guid = ?1"
                  "  UNION ALL SELECT c.id, s.depth + 1 FROM codes c JOIN subtree s ON c.parent_id = s.id"
                  ") SELECT c.guid, coalesce(p.guid, ''), c.name, c.description, coalesce(c.color, ''),"
                  " c.is_codable, c.single_choice, c.position"
                  " FROM subtree s JOIN codes c ON c.id = s.id LEFT JOIN codes p ON p.id = c.parent_id"
                  " ORDER BY s.depth, c.position",
                  error);
  if (stmt == NULL)
    {
      rollback (self);
      return NULL;
    }
  bind_text (stmt, 1, guid);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_variant_builder_add (codes, "(sssssbbi)",
                           sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1),
                           sqlite3_column_text (stmt, 2), sqlite3_column_text (stmt, 3),
                           sqlite3_column_text (stmt, 4), sqlite3_column_int (stmt, 5) != 0,
                           sqlite3_column_int (stmt, 6) != 0, sqlite3_column_int (stmt, 7));
  sqlite3_finalize (stmt);

  stmt = prepare (self,
                  SUBTREE_SQL "SELECT g.guid, g.submission_id, c.guid, r.name, g.start, g.end, g.created_at"
                  " FROM codings g JOIN codes c ON c.id = g.code_id JOIN reviewers r ON r.id = g.reviewer_id"
                  " WHERE g.code_id IN (SELECT id FROM subtree)",
                  error);
  if (stmt == NULL)
    {
      rollback (self);
      return NULL;
    }
  bind_text (stmt, 1, guid);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_variant_builder_add (codings, "(sxssiix)",
                           sqlite3_column_text (stmt, 0), sqlite3_column_int64 (stmt, 1),
                           sqlite3_column_text (stmt, 2), sqlite3_column_text (stmt, 3),
                           sqlite3_column_int (stmt, 4), sqlite3_column_int (stmt, 5),
                           sqlite3_column_int64 (stmt, 6));
  sqlite3_finalize (stmt);

  /* Descendants and codings go with it (ON DELETE CASCADE). */
  stmt = prepare (self, "DELETE FROM codes WHERE id = ?", error);
  if (stmt == NULL)
    {
      rollback (self);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, id);
  if (!run (self, stmt, error) ||
      !audit (self, reviewer, 0, "codebook", detail, error) ||
      !commit (self, error))
    {
      rollback (self);
      return NULL;
    }

  return g_variant_ref_sink (g_variant_new ("(" "a(sssssbbi)" "a(sxssiix)" ")", codes, codings));
}

gboolean
intake_store_restore_codes (IntakeStore  *self,
                            GVariant     *snapshot,
                            const char   *reviewer,
                            GError      **error)
{
  g_autoptr(GVariantIter) codes = NULL;
  g_autoptr(GVariantIter) codings = NULL;
  const char *guid, *parent_guid, *name, *description, *color, *code_guid, *who;
  gboolean is_codable, single_choice;
  gint32 position, start, end;
  gint64 submission_id, created_at;

  g_return_val_if_fail (INTAKE_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_variant_is_of_type (snapshot, G_VARIANT_TYPE (SNAPSHOT_TYPE)), FALSE);

  g_variant_get (snapshot, "(a(sssssbbi)a(sxssiix))", &codes, &codings);

  if (!begin (self, error))
    return FALSE;

  while (g_variant_iter_next (codes, "(&s&s&s&s&sbbi)", &guid, &parent_guid, &name, &description,
                              &color, &is_codable, &single_choice, &position))
    {
      gint64 parent_id = 0;

      if ((*parent_guid && (parent_id = code_id (self, parent_guid, error)) < 0) ||
          !insert_code (self, guid, parent_id, position, name, description, *color ? color : NULL,
                        is_codable, single_choice, error))
        {
          rollback (self);
          return FALSE;
        }
    }

  while (g_variant_iter_next (codings, "(&sx&s&siix)", &guid, &submission_id, &code_guid, &who,
                              &start, &end, &created_at))
    {
      gint64 cid = code_id (self, code_guid, error);
      gint64 rid = reviewer_id (self, who, TRUE, error);
      sqlite3_stmt *stmt;

      if (cid < 0 || rid < 0)
        {
          rollback (self);
          return FALSE;
        }

      stmt = prepare (self,
                      "INSERT OR IGNORE INTO codings (guid, submission_id, code_id, reviewer_id, start, end, created_at)"
                      " VALUES (?, ?, ?, ?, ?, ?, ?)",
                      error);
      if (stmt == NULL)
        {
          rollback (self);
          return FALSE;
        }
      bind_text (stmt, 1, guid);
      sqlite3_bind_int64 (stmt, 2, submission_id);
      sqlite3_bind_int64 (stmt, 3, cid);
      sqlite3_bind_int64 (stmt, 4, rid);
      sqlite3_bind_int (stmt, 5, start);
      sqlite3_bind_int (stmt, 6, end);
      sqlite3_bind_int64 (stmt, 7, created_at);
      if (!run (self, stmt, error))
        {
          rollback (self);
          return FALSE;
        }
    }

  if (!audit (self, reviewer, 0, "codebook", "restored deleted codes", error) || !commit (self, error))
    {
      rollback (self);
      return FALSE;
    }

  return TRUE;
}

/* ---- Codings ------------------------------------------------------------ */

#define CODING_SELECT \
  "SELECT g.guid, g.submission_id, c.guid, c.id, c.color, r.name, g.start, g.end, g.created_at, s.text" \
  " FROM codings g JOIN codes c ON c.id = g.code_id JOIN reviewers r ON r.id = g.reviewer_id" \
  " JOIN submissions s ON s.id = g.submission_id "

static IntakeCoding *
coding_from_row (IntakeStore  *self,
                 sqlite3_stmt *stmt)
{
  IntakeCoding *coding = g_new0 (IntakeCoding, 1);

  coding->guid = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  coding->submission_id = sqlite3_column_int64 (stmt, 1);
  coding->code_guid = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  coding->code_path = code_path (self, sqlite3_column_int64 (stmt, 3));
  coding->color = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  coding->reviewer = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  coding->start = sqlite3_column_int (stmt, 6);
  coding->end = sqlite3_column_int (stmt, 7);
  coding->created_at = sqlite3_column_int64 (stmt, 8);
  if (coding->start >= 0)
    coding->excerpt = intake_text_slice ((const char *) sqlite3_column_text (stmt, 9), coding->start, coding->end);

  return coding;
}

static IntakeCoding *
get_coding (IntakeStore  *self,
            const char   *guid,
            GError      **error)
{
  sqlite3_stmt *stmt = prepare (self, CODING_SELECT "WHERE g.guid = ?", error);
  IntakeCoding *coding = NULL;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, guid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    coding = coding_from_row (self, stmt);
  sqlite3_finalize (stmt);

  if (coding == NULL)
    g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_NOT_FOUND, _("The coding no longer exists"));

  return coding;
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
  sqlite3_stmt *stmt = prepare (self, "DELETE FROM codings WHERE guid = ?", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, guid);

  return run (self, stmt, error);
}

static gboolean
mark_in_progress (IntakeStore  *self,
                  gint64        submission_id,
                  GError      **error)
{
  sqlite3_stmt *stmt = prepare (self, "UPDATE submissions SET status = 'in-progress' WHERE id = ? AND status = 'new'", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, submission_id);

  return run (self, stmt, error);
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
  g_autofree char *text = NULL;
  g_autofree char *new_guid = NULL;
  g_autoptr(IntakeCoding) coding = NULL;
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  gint64 cid, rid;
  gboolean codable = FALSE, single_parent = FALSE;
  gint64 parent_id = 0;

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

  if (!begin (self, error))
    return NULL;

  if ((cid = code_id (self, code_guid, error)) < 0)
    {
      rollback (self);
      return NULL;
    }

  stmt = prepare (self,
                  "SELECT c.is_codable, coalesce(p.single_choice, 0), coalesce(c.parent_id, 0)"
                  " FROM codes c LEFT JOIN codes p ON p.id = c.parent_id WHERE c.id = ?",
                  error);
  if (stmt == NULL)
    {
      rollback (self);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, cid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      codable = sqlite3_column_int (stmt, 0);
      single_parent = sqlite3_column_int (stmt, 1);
      parent_id = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_finalize (stmt);

  if (!codable)
    {
      g_autofree char *path = code_path (self, cid);

      g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED,
                   _("“%s” is a group of codes; apply one of the codes in it"), path);
      rollback (self);
      return NULL;
    }

  if ((rid = reviewer_id (self, reviewer, TRUE, error)) < 0)
    {
      rollback (self);
      return NULL;
    }

  /* One stance per submission and reviewer: the new one replaces the old. */
  if (single_parent && start == -1)
    {
      g_autoptr(GPtrArray) others = g_ptr_array_new_with_free_func ((GDestroyNotify) intake_coding_free);

      stmt = prepare (self,
                      CODING_SELECT "WHERE g.submission_id = ? AND g.reviewer_id = ? AND g.start = -1"
                      " AND c.parent_id = ? AND g.code_id != ?",
                      error);
      if (stmt == NULL)
        {
          rollback (self);
          return NULL;
        }
      sqlite3_bind_int64 (stmt, 1, submission_id);
      sqlite3_bind_int64 (stmt, 2, rid);
      sqlite3_bind_int64 (stmt, 3, parent_id);
      sqlite3_bind_int64 (stmt, 4, cid);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (others, coding_from_row (self, stmt));
      sqlite3_finalize (stmt);

      for (guint i = 0; i < others->len; i++)
        {
          IntakeCoding *other = g_ptr_array_index (others, i);
          g_autofree char *other_detail = describe_coding (other);

          if (!delete_coding_row (self, other->guid, error) ||
              !audit (self, reviewer, submission_id, "uncode", other_detail, error))
            {
              rollback (self);
              return NULL;
            }
          if (replaced != NULL)
            g_ptr_array_add (replaced, intake_coding_copy (other));
        }
    }

  new_guid = guid ? g_strdup (guid) : g_uuid_string_random ();

  /* The same code on the same span by the same reviewer is one coding. */
  stmt = prepare (self,
                  "INSERT INTO codings (guid, submission_id, code_id, reviewer_id, start, end, created_at)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?)"
                  " ON CONFLICT (submission_id, code_id, reviewer_id, start, end) DO NOTHING",
                  error);
  if (stmt == NULL)
    {
      rollback (self);
      return NULL;
    }
  bind_text (stmt, 1, new_guid);
  sqlite3_bind_int64 (stmt, 2, submission_id);
  sqlite3_bind_int64 (stmt, 3, cid);
  sqlite3_bind_int64 (stmt, 4, rid);
  sqlite3_bind_int (stmt, 5, start);
  sqlite3_bind_int (stmt, 6, end);
  sqlite3_bind_int64 (stmt, 7, now ());
  if (!run (self, stmt, error))
    {
      rollback (self);
      return NULL;
    }

  if (sqlite3_changes (_intake_store_get_db (self)) == 0)
    {
      /* Already there: hand back the existing one, change nothing. */
      stmt = prepare (self,
                      "SELECT guid FROM codings WHERE submission_id = ? AND code_id = ? AND reviewer_id = ?"
                      " AND start = ? AND end = ?",
                      error);
      if (stmt == NULL)
        {
          rollback (self);
          return NULL;
        }
      sqlite3_bind_int64 (stmt, 1, submission_id);
      sqlite3_bind_int64 (stmt, 2, cid);
      sqlite3_bind_int64 (stmt, 3, rid);
      sqlite3_bind_int (stmt, 4, start);
      sqlite3_bind_int (stmt, 5, end);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_free (new_guid);
          new_guid = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
        }
      sqlite3_finalize (stmt);
      coding = get_coding (self, new_guid, error);
      if (coding == NULL || !commit (self, error))
        {
          rollback (self);
          return NULL;
        }
      return g_steal_pointer (&coding);
    }

  coding = get_coding (self, new_guid, error);
  if (coding == NULL)
    {
      rollback (self);
      return NULL;
    }

  detail = describe_coding (coding);
  if (!mark_in_progress (self, submission_id, error) ||
      !audit (self, reviewer, submission_id, "code", detail, error) ||
      !commit (self, error))
    {
      rollback (self);
      return NULL;
    }

  return g_steal_pointer (&coding);
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

gboolean
intake_store_remove_coding (IntakeStore  *self,
                            const char   *coding_guid,
                            const char   *reviewer,
                            GError      **error)
{
  g_autoptr(IntakeCoding) coding = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (INTAKE_IS_STORE (self), FALSE);

  if (!begin (self, error))
    return FALSE;

  coding = get_coding (self, coding_guid, error);
  if (coding == NULL)
    {
      rollback (self);
      return FALSE;
    }

  detail = describe_coding (coding);
  if (!delete_coding_row (self, coding_guid, error) ||
      !audit (self, reviewer, coding->submission_id, "uncode", detail, error) ||
      !commit (self, error))
    {
      rollback (self);
      return FALSE;
    }

  return TRUE;
}

GPtrArray *
intake_store_list_codings (IntakeStore  *self,
                           gint64        submission_id,
                           GError      **error)
{
  g_autoptr(GPtrArray) codings = g_ptr_array_new_with_free_func ((GDestroyNotify) intake_coding_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);

  stmt = prepare (self, CODING_SELECT "WHERE g.submission_id = ? ORDER BY g.start, g.end, g.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, submission_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (codings, coding_from_row (self, stmt));
  sqlite3_finalize (stmt);

  return g_steal_pointer (&codings);
}

GHashTable *
intake_store_count_codings (IntakeStore  *self,
                            GError      **error)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);

  stmt = prepare (self,
                  "SELECT c.guid, count(DISTINCT g.submission_id) FROM codings g JOIN codes c ON c.id = g.code_id"
                  " GROUP BY c.guid",
                  error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (counts, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         GUINT_TO_POINTER (sqlite3_column_int (stmt, 1)));
  sqlite3_finalize (stmt);

  return g_steal_pointer (&counts);
}

/* ---- Attributes, memo, status ------------------------------------------ */

static gboolean
write_attribute (IntakeStore  *self,
                 gint64        submission_id,
                 const char   *name,
                 const char   *value,
                 gint64        rid,
                 GError      **error)
{
  sqlite3_stmt *stmt;

  if (value == NULL || *value == '\0')
    {
      stmt = prepare (self, "DELETE FROM attributes WHERE submission_id = ? AND name = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, submission_id);
      bind_text (stmt, 2, name);
      return run (self, stmt, error);
    }

  stmt = prepare (self,
                  "INSERT INTO attributes (submission_id, name, value, reviewer_id, updated_at) VALUES (?, ?, ?, ?, ?)"
                  " ON CONFLICT (submission_id, name) DO UPDATE SET value = excluded.value,"
                  " reviewer_id = excluded.reviewer_id, updated_at = excluded.updated_at",
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, submission_id);
  bind_text (stmt, 2, name);
  bind_text (stmt, 3, value);
  if (rid > 0)
    sqlite3_bind_int64 (stmt, 4, rid);
  sqlite3_bind_int64 (stmt, 5, now ());

  return run (self, stmt, error);
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
  g_autofree char *detail = NULL;
  gint64 rid;

  g_return_val_if_fail (INTAKE_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  clean_name = g_strstrip (g_strdup (name));
  clean_value = value ? g_strstrip (g_strdup (value)) : NULL;
  if (*clean_name == '\0')
    {
      g_set_error_literal (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED, _("An attribute needs a name"));
      return FALSE;
    }

  if (!check_submission (self, submission_id, NULL, error) || !begin (self, error))
    return FALSE;

  detail = clean_value && *clean_value ? g_strdup_printf ("%s = %s", clean_name, clean_value)
                                       : g_strdup_printf ("%s removed", clean_name);
  if ((rid = reviewer_id (self, reviewer, TRUE, error)) < 0 ||
      !write_attribute (self, submission_id, clean_name, clean_value, rid, error) ||
      !audit (self, reviewer, submission_id, "attribute", detail, error) ||
      !commit (self, error))
    {
      rollback (self);
      return FALSE;
    }

  return TRUE;
}

GHashTable *
intake_store_get_attributes (IntakeStore  *self,
                             gint64        submission_id,
                             GError      **error)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);

  stmt = prepare (self, "SELECT name, value FROM attributes WHERE submission_id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, submission_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (attributes, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_finalize (stmt);

  return g_steal_pointer (&attributes);
}

GStrv
intake_store_list_attribute_values (IntakeStore  *self,
                                    const char   *name,
                                    GError      **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const char * const *defaults = intake_attribute_default_values (name);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);

  for (guint i = 0; defaults[i]; i++)
    {
      g_strv_builder_add (builder, defaults[i]);
      g_hash_table_add (seen, (gpointer) defaults[i]);
    }

  stmt = prepare (self, "SELECT DISTINCT value FROM attributes WHERE name = ? ORDER BY value", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, name);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *value = (const char *) sqlite3_column_text (stmt, 0);

      if (!g_hash_table_contains (seen, value))
        g_strv_builder_add (builder, value);
    }
  sqlite3_finalize (stmt);

  return g_strv_builder_end (builder);
}

gboolean
intake_store_set_memo (IntakeStore  *self,
                       gint64        submission_id,
                       const char   *text,
                       const char   *reviewer,
                       GError      **error)
{
  sqlite3_stmt *stmt;
  gint64 rid;

  g_return_val_if_fail (INTAKE_IS_STORE (self), FALSE);

  if (!check_submission (self, submission_id, NULL, error) || !begin (self, error))
    return FALSE;

  if ((rid = reviewer_id (self, reviewer, TRUE, error)) < 0)
    {
      rollback (self);
      return FALSE;
    }

  stmt = prepare (self,
                  "INSERT INTO memos (submission_id, text, reviewer_id, updated_at) VALUES (?, ?, ?, ?)"
                  " ON CONFLICT (submission_id) DO UPDATE SET text = excluded.text,"
                  " reviewer_id = excluded.reviewer_id, updated_at = excluded.updated_at",
                  error);
  if (stmt == NULL)
    {
      rollback (self);
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, submission_id);
  bind_text (stmt, 2, text ? text : "");
  if (rid > 0)
    sqlite3_bind_int64 (stmt, 3, rid);
  sqlite3_bind_int64 (stmt, 4, now ());

  /* Saved as the reviewer types: one audit line per minute is plenty. */
  {
    gboolean recent = FALSE;
    sqlite3_stmt *last;

    if (!run (self, stmt, error))
      {
        rollback (self);
        return FALSE;
      }

    last = prepare (self,
                    "SELECT 1 FROM audit WHERE submission_id = ? AND action = 'memo' AND reviewer_id IS ?"
                    " AND at > ? ORDER BY id DESC LIMIT 1",
                    error);
    if (last != NULL)
      {
        sqlite3_bind_int64 (last, 1, submission_id);
        if (rid > 0)
          sqlite3_bind_int64 (last, 2, rid);
        sqlite3_bind_int64 (last, 3, now () - 60);
        recent = sqlite3_step (last) == SQLITE_ROW;
        sqlite3_finalize (last);
      }

    if ((!recent && !audit (self, reviewer, submission_id, "memo", "edited the memo", error)) ||
        !commit (self, error))
      {
        rollback (self);
        return FALSE;
      }
  }

  return TRUE;
}

char *
intake_store_get_memo (IntakeStore  *self,
                       gint64        submission_id,
                       GError      **error)
{
  sqlite3_stmt *stmt;
  char *text = NULL;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);

  stmt = prepare (self, "SELECT text FROM memos WHERE submission_id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, submission_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return text;
}

static gboolean
is_status (const char *status)
{
  return g_strcmp0 (status, "new") == 0 || g_strcmp0 (status, "in-progress") == 0 ||
         g_strcmp0 (status, "coded") == 0 || g_strcmp0 (status, "excluded") == 0;
}

gboolean
intake_store_set_status (IntakeStore  *self,
                         gint64        submission_id,
                         const char   *status,
                         const char   *reviewer,
                         GError      **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (INTAKE_IS_STORE (self), FALSE);

  if (!is_status (status))
    {
      g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED,
                   _("“%s” is not a status; use new, in-progress, coded or excluded"), status ? status : "");
      return FALSE;
    }

  if (!check_submission (self, submission_id, NULL, error) || !begin (self, error))
    return FALSE;

  stmt = prepare (self, "UPDATE submissions SET status = ? WHERE id = ?", error);
  if (stmt == NULL)
    {
      rollback (self);
      return FALSE;
    }
  bind_text (stmt, 1, status);
  sqlite3_bind_int64 (stmt, 2, submission_id);

  detail = g_strdup_printf ("status %s", status);
  if (!run (self, stmt, error) ||
      !audit (self, reviewer, submission_id, "status", detail, error) ||
      !commit (self, error))
    {
      rollback (self);
      return FALSE;
    }

  return TRUE;
}

gint64
intake_store_next_uncoded (IntakeStore  *self,
                           gint64        after_id,
                           GError      **error)
{
  g_autoptr(GArray) ids = NULL;
  IntakeFilter filter = { 0, };
  gint64 first = 0;
  gboolean passed = after_id <= 0;

  g_return_val_if_fail (INTAKE_IS_STORE (self), 0);

  ids = intake_store_filter_ids (self, &filter, error);
  if (ids == NULL)
    return 0;

  {
    sqlite3_stmt *stmt = prepare (self, "SELECT status FROM submissions WHERE id = ?", error);

    if (stmt == NULL)
      return 0;

    for (guint i = 0; i < ids->len; i++)
      {
        gint64 id = g_array_index (ids, gint64, i);
        gboolean open;

        if (id == after_id)
          {
            passed = TRUE;
            continue;
          }

        sqlite3_bind_int64 (stmt, 1, id);
        open = sqlite3_step (stmt) == SQLITE_ROW &&
               (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "new") == 0 ||
                g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "in-progress") == 0);
        sqlite3_reset (stmt);

        if (!open)
          continue;
        if (passed)
          {
            sqlite3_finalize (stmt);
            return id;
          }
        if (first == 0)
          first = id;
      }
    sqlite3_finalize (stmt);
  }

  return first;
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
  g_autofree char *match = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  if (filter->search != NULL && *(match = _intake_store_fts_query (filter->search)) != '\0')
    {
      g_string_append (sql, " JOIN submissions_fts f ON f.rowid = s.id AND submissions_fts MATCH ?");
      g_ptr_array_add (params, g_strdup (match));
    }
  g_string_append (sql, " WHERE 1");

  if (filter->status != NULL)
    {
      g_string_append (sql, " AND s.status = ?");
      g_ptr_array_add (params, g_strdup (filter->status));
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

  stmt = prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < params->len; i++)
    bind_text (stmt, i + 1, g_ptr_array_index (params, i));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      _intake_store_fail (self, error);
      return NULL;
    }

  return g_steal_pointer (&ids);
}

/* ---- Audit --------------------------------------------------------------- */

GPtrArray *
intake_store_list_audit (IntakeStore  *self,
                         const char   *reviewer,
                         guint         limit,
                         GError      **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) intake_audit_entry_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);

  stmt = prepare (self,
                  "SELECT a.id, a.at, r.name, coalesce(a.submission_id, 0), a.action, a.detail"
                  " FROM audit a LEFT JOIN reviewers r ON r.id = a.reviewer_id"
                  " WHERE ?1 IS NULL OR r.name = ?1 ORDER BY a.id DESC LIMIT ?2",
                  error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, reviewer);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      IntakeAuditEntry *entry = g_new0 (IntakeAuditEntry, 1);

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->at = sqlite3_column_int64 (stmt, 1);
      entry->reviewer = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      entry->submission_id = sqlite3_column_int64 (stmt, 3);
      entry->action = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      entry->detail = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      g_ptr_array_add (entries, entry);
    }
  sqlite3_finalize (stmt);

  return g_steal_pointer (&entries);
}
