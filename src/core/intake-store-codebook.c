#define G_LOG_DOMAIN "intake-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "intake-store-private.h"

/* The project's codebook (the codes table) and its reviewers. */

/* ---- Reviewers --------------------------------------------------------- */

gint64
_intake_store_reviewer_id (IntakeStore  *self,
                           const char   *name,
                           gboolean      create,
                           GError      **error)
{
  g_autoptr(sqlite3_stmt) find = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *guid = NULL;
  int rc;

  if (name == NULL)
    return 0;

  clean = g_strstrip (g_strdup (name));
  if (*clean == '\0')
    return 0;

  /* "Sam (GUID)", as intake_store_list_reviewers() tells two Sams apart. */
  if (g_str_has_suffix (clean, ")") && strrchr (clean, '(') != NULL)
    {
      g_autofree char *inner = g_strndup (strrchr (clean, '(') + 1, strlen (strrchr (clean, '(') + 1) - 1);

      if (g_uuid_string_is_valid (inner))
        {
          g_free (clean);
          clean = g_steal_pointer (&inner);
        }
    }

  /* A GUID first: two people may share a name (a merge brings in people
   * from other projects), never a GUID. A name two people share says
   * nobody in particular: it is refused, with the GUIDs to choose from. */
  find = _intake_store_prepare (self,
                                "SELECT id, guid FROM reviewers WHERE guid = lower(?1)"
                                " UNION ALL SELECT id, guid FROM"
                                "  (SELECT id, guid FROM reviewers WHERE name = ?1 AND guid != lower(?1) ORDER BY id)",
                                error);
  if (find == NULL)
    return -1;
  _intake_store_bind_text (find, 1, clean);
  rc = sqlite3_step (find);
  if (rc == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (find, 0);
      g_autofree char *first_guid = _intake_store_dup_column_text (find, 1);

      if (g_ascii_strcasecmp (first_guid, clean) == 0)
        return id;

      rc = sqlite3_step (find);
      if (rc == SQLITE_DONE)
        return id;
      if (rc == SQLITE_ROW)
        {
          g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_AMBIGUOUS,
                       /* Translators: the GUIDs tell apart two people of the same name */
                       _("Two reviewers are named “%s”: name one by its GUID (%s or %s)"),
                       clean, first_guid, (const char *) sqlite3_column_text (find, 1));
          return -1;
        }
    }
  if (rc != SQLITE_DONE)
    {
      _intake_store_fail (self, NULL, error);
      return -1;
    }
  if (!create)
    return 0;

  insert = _intake_store_prepare (self, "INSERT INTO reviewers (guid, name, added_at) VALUES (?, ?, ?)", error);
  if (insert == NULL)
    return -1;
  guid = g_uuid_string_random ();
  _intake_store_bind_text (insert, 1, guid);
  _intake_store_bind_text (insert, 2, clean);
  sqlite3_bind_int64 (insert, 3, _intake_store_now ());
  if (!_intake_store_step (self, insert, error))
    return -1;

  return sqlite3_last_insert_rowid (_intake_store_get_db (self));
}

gboolean
intake_store_ensure_reviewer (IntakeStore  *self,
                              const char   *name,
                              GError      **error)
{
  g_autofree char *clean = name ? g_strstrip (g_strdup (name)) : NULL;
  gboolean ok;

  g_return_val_if_fail (INTAKE_IS_STORE (self), FALSE);

  if (clean == NULL || *clean == '\0')
    {
      g_set_error_literal (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED,
                           _("A reviewer needs a name"));
      return FALSE;
    }

  /* Someone known already costs no write: opening a project for them then
   * waits for nothing, not even for its check (intake_store_open_checking_later()). */
  switch (_intake_store_reviewer_id (self, clean, FALSE, error))
    {
    case -1:
      return FALSE;
    case 0:
      break;
    default:
      return TRUE;
    }

  if (!_intake_store_write_begin (self, error))
    return FALSE;
  ok = _intake_store_reviewer_id (self, clean, TRUE, error) > 0;

  return _intake_store_write_end (self, ok, error);
}

char *
intake_store_find_reviewer_guid (IntakeStore  *self,
                                 const char   *reviewer,
                                 GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 id;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);

  id = _intake_store_reviewer_id (self, reviewer, FALSE, error);
  if (id < 0)
    return NULL;
  if (id == 0)
    {
      g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_NOT_FOUND,
                   _("There is no reviewer “%s” in the project"), reviewer ? reviewer : "");
      return NULL;
    }

  stmt = _intake_store_prepare (self, "SELECT guid FROM reviewers WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _intake_store_fail (self, NULL, error);
      return NULL;
    }

  return _intake_store_dup_column_text (stmt, 0);
}

GStrv
intake_store_list_reviewers (IntakeStore  *self,
                             GError      **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);

  /* A name two people share comes with each one's GUID, which tells them
   * apart and which _intake_store_reviewer_id() reads back. */
  stmt = _intake_store_prepare (self,
                                "SELECT CASE WHEN (SELECT count(*) FROM reviewers o WHERE o.name = r.name) > 1"
                                "  THEN r.name || ' (' || r.guid || ')' ELSE r.name END"
                                " FROM reviewers r ORDER BY r.name, r.guid",
                                error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      _intake_store_fail (self, NULL, error);
      return NULL;
    }

  return g_strv_builder_end (builder);
}

GHashTable *
intake_store_get_reviewers_by_guid (IntakeStore  *self,
                                    GError      **error)
{
  g_autoptr(GHashTable) guids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);

  stmt = _intake_store_prepare (self, "SELECT name, guid FROM reviewers", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (guids, _intake_store_dup_column_text (stmt, 1), _intake_store_dup_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      _intake_store_fail (self, NULL, error);
      return NULL;
    }

  return g_steal_pointer (&guids);
}

gboolean
intake_store_add_reviewer_with_guid (IntakeStore  *self,
                                     const char   *name,
                                     const char   *guid,
                                     GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *clean = name ? g_strstrip (g_strdup (name)) : NULL;
  g_autofree char *lower = guid ? g_ascii_strdown (guid, -1) : NULL;
  gboolean ok;

  g_return_val_if_fail (INTAKE_IS_STORE (self), FALSE);
  g_return_val_if_fail (guid != NULL, FALSE);

  if (clean == NULL || *clean == '\0')
    {
      g_set_error_literal (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED,
                           _("A reviewer needs a name"));
      return FALSE;
    }

  if (!_intake_store_write_begin (self, error))
    return FALSE;
  /* A GUID the project knows already keeps the reviewer it names; a name
   * may be another person's too. */
  stmt = _intake_store_prepare (self,
                                "INSERT OR IGNORE INTO reviewers (guid, name, added_at) VALUES (?, ?, ?)",
                                error);
  ok = stmt != NULL;
  if (ok)
    {
      _intake_store_bind_text (stmt, 1, lower);
      _intake_store_bind_text (stmt, 2, clean);
      sqlite3_bind_int64 (stmt, 3, _intake_store_now ());
      ok = _intake_store_step (self, stmt, error);
    }

  return _intake_store_write_end (self, ok, error);
}

/* ---- Codes -------------------------------------------------------------- */

gint64
_intake_store_code_id (IntakeStore  *self,
                       const char   *guid,
                       GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (guid == NULL)
    return 0;

  stmt = _intake_store_prepare (self, "SELECT id FROM codes WHERE guid = ?", error);
  if (stmt == NULL)
    return -1;
  _intake_store_bind_text (stmt, 1, guid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    {
      _intake_store_fail (self, NULL, error);
      return -1;
    }

  g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_NOT_FOUND,
               _("The project has no code with the GUID %s"), guid);
  return -1;
}

char *
_intake_store_code_path (IntakeStore *self,
                         gint64       id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GString *path = g_string_new (NULL);

  stmt = _intake_store_prepare (self,
                                "WITH RECURSIVE up (id, parent_id, name, depth) AS ("
                                "  SELECT id, parent_id, name, 0 FROM codes WHERE id = ?"
                                "  UNION ALL"
                                "  SELECT c.id, c.parent_id, c.name, up.depth + 1 FROM codes c JOIN up ON c.id = up.parent_id"
                                ") SELECT name FROM up ORDER BY depth DESC",
                                NULL);
  if (stmt == NULL)
    return g_string_free (path, FALSE);

  sqlite3_bind_int64 (stmt, 1, id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (path->len > 0)
        g_string_append_c (path, '/');
      g_string_append (path, (const char *) sqlite3_column_text (stmt, 0));
    }

  return g_string_free (path, FALSE);
}

/* ---- The codebook's rules ---------------------------------------------- */

/* A code's path ("Experiences/Trust") names it for the command line, the
 * reports and the REFI-QDA files, so every way a code gets a name or a
 * place keeps it one: a name that is not empty, holds no "/", and differs,
 * folded, from its siblings' names. */

static gboolean
check_code_name (const char  *name,
                 GError     **error)
{
  if (name == NULL || *name == '\0')
    {
      g_set_error_literal (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED, _("A code needs a name"));
      return FALSE;
    }

  if (strchr (name, '/') != NULL)
    {
      g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED,
                   _("“%s” cannot be a code’s name: “/” separates the codes of a path, as in “Experiences/Trust”"),
                   name);
      return FALSE;
    }

  return TRUE;
}

/* Fails when a child of @parent_id (0 for the top level) other than
 * @code_id already has @name. */
static gboolean
check_unique_among_siblings (IntakeStore  *self,
                             gint64        parent_id,
                             gint64        code_id,
                             const char   *name,
                             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *folded = intake_text_fold (name);
  int rc;

  stmt = _intake_store_prepare (self, "SELECT name FROM codes WHERE parent_id IS ? AND id IS NOT ?", error);
  if (stmt == NULL)
    return FALSE;
  if (parent_id > 0)
    sqlite3_bind_int64 (stmt, 1, parent_id);
  if (code_id > 0)
    sqlite3_bind_int64 (stmt, 2, code_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *other = g_strstrip (_intake_store_dup_column_text (stmt, 0));
      g_autofree char *other_folded = intake_text_fold (other);
      g_autofree char *parent = NULL;

      if (strcmp (folded, other_folded) != 0)
        continue;

      if (parent_id == 0)
        {
          g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED,
                       _("A code named “%s” already exists at the top of the codebook"), other);
          return FALSE;
        }

      parent = _intake_store_code_path (self, parent_id);
      g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED,
                   _("A code named “%s” already exists under “%s”"), other, parent);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return _intake_store_fail (self, NULL, error);

  return TRUE;
}

/* Gives the code @code_id a name none of its siblings has: its own, else
 * "Name (2)", "Name (3)"… (a merge brings codes another project named). */
gboolean
_intake_store_make_code_name_unique (IntakeStore  *self,
                                     gint64        code_id,
                                     GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) rename = NULL;
  g_autofree char *name = NULL;
  g_autofree char *candidate = NULL;
  gint64 parent_id;

  stmt = _intake_store_prepare (self, "SELECT coalesce (parent_id, 0), name FROM codes WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, code_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _intake_store_fail (self, NULL, error);
  parent_id = sqlite3_column_int64 (stmt, 0);
  name = _intake_store_dup_column_text (stmt, 1);

  /* A name is free or taken; a query that keeps failing ends the search. */
  candidate = g_strdup (name);
  for (guint n = 2; !check_unique_among_siblings (self, parent_id, code_id, candidate, NULL); n++)
    {
      if (n > 1000)
        return check_unique_among_siblings (self, parent_id, code_id, candidate, error);
      g_free (candidate);
      candidate = g_strdup_printf ("%s (%u)", name, n);
    }
  if (strcmp (candidate, name) == 0)
    return TRUE;

  rename = _intake_store_prepare (self, "UPDATE codes SET name = ? WHERE id = ?", error);
  if (rename == NULL)
    return FALSE;
  _intake_store_bind_text (rename, 1, candidate);
  sqlite3_bind_int64 (rename, 2, code_id);
  return _intake_store_step (self, rename, error);
}

/* A code as it is now: its parent, and its name trimmed. */
static gboolean
get_code_place (IntakeStore  *self,
                gint64        id,
                gint64       *parent_id,
                char        **name,
                GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = _intake_store_prepare (self, "SELECT coalesce(parent_id, 0), name FROM codes WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _intake_store_fail (self, NULL, error);

  *parent_id = sqlite3_column_int64 (stmt, 0);
  if (name != NULL)
    *name = g_strstrip (_intake_store_dup_column_text (stmt, 1));
  return TRUE;
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
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _intake_store_prepare (self,
                                "INSERT INTO codes (guid, parent_id, position, name, description, color,"
                                " is_codable, single_choice) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                error);
  if (stmt == NULL)
    return FALSE;

  _intake_store_bind_text (stmt, 1, guid);
  if (parent_id > 0)
    sqlite3_bind_int64 (stmt, 2, parent_id);
  sqlite3_bind_int (stmt, 3, position);
  _intake_store_bind_text (stmt, 4, name);
  _intake_store_bind_text (stmt, 5, description ? description : "");
  _intake_store_bind_text (stmt, 6, color);
  sqlite3_bind_int (stmt, 7, is_codable);
  sqlite3_bind_int (stmt, 8, single_choice);

  return _intake_store_step (self, stmt, error);
}

static int
next_position (IntakeStore *self,
               gint64       parent_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _intake_store_prepare (self, "SELECT coalesce(max(position) + 1, 0) FROM codes WHERE parent_id IS ?", NULL);
  if (stmt == NULL)
    return 0;
  if (parent_id > 0)
    sqlite3_bind_int64 (stmt, 1, parent_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return sqlite3_column_int (stmt, 0);
}

static gboolean
code_exists (IntakeStore  *self,
             const char   *guid,
             gboolean     *found,
             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = _intake_store_prepare (self, "SELECT 1 FROM codes WHERE guid = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  _intake_store_bind_text (stmt, 1, guid);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _intake_store_fail (self, NULL, error);

  *found = rc == SQLITE_ROW;
  return TRUE;
}

static gboolean
update_imported_code (IntakeStore  *self,
                      IntakeCode   *code,
                      const char   *name,
                      gint64        parent_id,
                      GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *description = intake_code_get_description (code);

  stmt = _intake_store_prepare (self,
                                "UPDATE codes SET name = ?, description = ?, color = ?, is_codable = ?,"
                                " parent_id = ? WHERE guid = ?",
                                error);
  if (stmt == NULL)
    return FALSE;
  _intake_store_bind_text (stmt, 1, name);
  /* Description is optional in REFI-QDA: a code without one has none. */
  _intake_store_bind_text (stmt, 2, description ? description : "");
  _intake_store_bind_text (stmt, 3, intake_code_get_color (code));
  sqlite3_bind_int (stmt, 4, intake_code_get_is_codable (code));
  if (parent_id > 0)
    sqlite3_bind_int64 (stmt, 5, parent_id);
  _intake_store_bind_text (stmt, 6, intake_code_get_guid (code));

  return _intake_store_step (self, stmt, error);
}

/* Adds or updates, by GUID, every code of @codebook (parents come first).
 * The rules are checked once every code is in its place, so that a file
 * may swap two names; a file that breaks them changes nothing. */
static gboolean
merge_codebook (IntakeStore     *self,
                IntakeCodebook  *codebook,
                GError         **error)
{
  guint n_codes = intake_codebook_get_n_codes (codebook);

  for (guint i = 0; i < n_codes; i++)
    {
      g_autofree char *name = g_strstrip (g_strdup (intake_code_get_name (intake_codebook_get_code (codebook, i))));

      if (!check_code_name (name, error))
        return FALSE;
    }

  for (guint i = 0; i < n_codes; i++)
    {
      IntakeCode *code = intake_codebook_get_code (codebook, i);
      const char *guid = intake_code_get_guid (code);
      g_autofree char *name = g_strstrip (g_strdup (intake_code_get_name (code)));
      gint64 parent_id = _intake_store_code_id (self, intake_code_get_parent_guid (code), error);
      gboolean found = FALSE;

      if (parent_id < 0 || !code_exists (self, guid, &found, error))
        return FALSE;

      if (found ? !update_imported_code (self, code, name, parent_id, error)
                : !insert_code (self, guid, parent_id, next_position (self, parent_id),
                                name, intake_code_get_description (code),
                                intake_code_get_color (code), intake_code_get_is_codable (code),
                                g_strcmp0 (guid, INTAKE_STANCE_GROUP_GUID) == 0, error))
        return FALSE;
    }

  for (guint i = 0; i < n_codes; i++)
    {
      gint64 id = _intake_store_code_id (self, intake_code_get_guid (intake_codebook_get_code (codebook, i)), error);
      g_autofree char *name = NULL;
      gint64 parent_id;

      if (id < 0 || !get_code_place (self, id, &parent_id, &name, error) ||
          !check_unique_among_siblings (self, parent_id, id, name, error))
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
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);

  /* Pre-order: walk the tree by a recursive query with a path of positions. */
  stmt = _intake_store_prepare (self,
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

  if (rc != SQLITE_DONE)
    {
      _intake_store_fail (self, NULL, error);
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
  gboolean ok;

  g_return_val_if_fail (INTAKE_IS_STORE (self), FALSE);
  g_return_val_if_fail (INTAKE_IS_CODEBOOK (codebook), FALSE);

  detail = g_strdup_printf ("imported %u codes", intake_codebook_get_n_codes (codebook));

  if (!_intake_store_write_begin (self, error))
    return FALSE;
  ok = merge_codebook (self, codebook, error) &&
       _intake_store_audit (self, reviewer, 0, "codebook", detail, error);

  return _intake_store_write_end (self, ok, error);
}

static gboolean
add_code (IntakeStore  *self,
          const char   *guid,
          const char   *parent_guid,
          const char   *name,
          const char   *color,
          gboolean      is_codable,
          const char   *reviewer,
          GError      **error)
{
  g_autofree char *detail = g_strdup_printf ("added “%s”", name);
  gint64 parent_id;

  return (parent_id = _intake_store_code_id (self, parent_guid, error)) >= 0 &&
         check_unique_among_siblings (self, parent_id, 0, name, error) &&
         insert_code (self, guid, parent_id, next_position (self, parent_id), name, NULL, color,
                      is_codable, FALSE, error) &&
         _intake_store_audit (self, reviewer, 0, "codebook", detail, error);
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
  g_autofree char *clean = name ? g_strstrip (g_strdup (name)) : NULL;
  gboolean ok;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);

  if (!check_code_name (clean, error) || !_intake_store_write_begin (self, error))
    return NULL;
  ok = add_code (self, guid, parent_guid, clean, color, is_codable, reviewer, error);
  if (!_intake_store_write_end (self, ok, error))
    return NULL;

  return g_steal_pointer (&guid);
}

static gboolean
update_code (IntakeStore  *self,
             const char   *guid,
             const char   *name,
             const char   *description,
             const char   *color,
             const char   *reviewer,
             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *path = NULL;
  g_autofree char *detail = NULL;
  gint64 id;

  if ((id = _intake_store_code_id (self, guid, error)) < 0)
    return FALSE;

  if (name != NULL)
    {
      gint64 parent_id;

      if (!get_code_place (self, id, &parent_id, NULL, error) ||
          !check_unique_among_siblings (self, parent_id, id, name, error))
        return FALSE;
    }

  stmt = _intake_store_prepare (self,
                                "UPDATE codes SET name = coalesce(?, name), description = coalesce(?, description),"
                                " color = coalesce(?, color) WHERE id = ?",
                                error);
  if (stmt == NULL)
    return FALSE;
  _intake_store_bind_text (stmt, 1, name);
  _intake_store_bind_text (stmt, 2, description);
  _intake_store_bind_text (stmt, 3, color);
  sqlite3_bind_int64 (stmt, 4, id);
  if (!_intake_store_step (self, stmt, error))
    return FALSE;

  path = _intake_store_code_path (self, id);
  detail = g_strdup_printf ("edited “%s”", path);

  return _intake_store_audit (self, reviewer, 0, "codebook", detail, error);
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
  g_autofree char *clean = name ? g_strstrip (g_strdup (name)) : NULL;
  gboolean ok;

  g_return_val_if_fail (INTAKE_IS_STORE (self), FALSE);

  if ((clean != NULL && !check_code_name (clean, error)) || !_intake_store_write_begin (self, error))
    return FALSE;
  ok = update_code (self, guid, clean, description, color, reviewer, error);

  return _intake_store_write_end (self, ok, error);
}

static gboolean
is_descendant (IntakeStore *self,
               gint64       id,
               gint64       ancestor)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _intake_store_prepare (self,
                                "WITH RECURSIVE up (id, parent_id) AS ("
                                "  SELECT id, parent_id FROM codes WHERE id = ?"
                                "  UNION ALL SELECT c.id, c.parent_id FROM codes c JOIN up ON c.id = up.parent_id"
                                ") SELECT 1 FROM up WHERE id = ?",
                                NULL);
  if (stmt == NULL)
    return TRUE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, ancestor);

  return sqlite3_step (stmt) == SQLITE_ROW;
}

static gboolean
move_code (IntakeStore  *self,
           const char   *guid,
           const char   *parent_guid,
           int           position,
           const char   *reviewer,
           GError      **error)
{
  g_autoptr(GArray) siblings = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(sqlite3_stmt) list = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autofree char *path = NULL;
  g_autofree char *detail = NULL;
  gint64 id, parent_id;
  int rc;

  if ((id = _intake_store_code_id (self, guid, error)) < 0 ||
      (parent_id = _intake_store_code_id (self, parent_guid, error)) < 0)
    return FALSE;

  if (parent_id > 0 && is_descendant (self, parent_id, id))
    {
      g_set_error_literal (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED,
                           _("A code cannot be moved inside itself"));
      return FALSE;
    }

  {
    g_autofree char *name = NULL;
    gint64 old_parent_id;

    if (!get_code_place (self, id, &old_parent_id, &name, error) ||
        !check_unique_among_siblings (self, parent_id, id, name, error))
      return FALSE;
  }

  /* Renumber the new siblings with the code at its place. */
  list = _intake_store_prepare (self, "SELECT id FROM codes WHERE parent_id IS ? AND id != ? ORDER BY position, id", error);
  if (list == NULL)
    return FALSE;
  if (parent_id > 0)
    sqlite3_bind_int64 (list, 1, parent_id);
  sqlite3_bind_int64 (list, 2, id);
  while ((rc = sqlite3_step (list)) == SQLITE_ROW)
    {
      gint64 sibling = sqlite3_column_int64 (list, 0);
      g_array_append_val (siblings, sibling);
    }
  if (rc != SQLITE_DONE)
    return _intake_store_fail (self, NULL, error);

  if (position < 0 || (guint) position > siblings->len)
    position = siblings->len;
  g_array_insert_val (siblings, position, id);

  update = _intake_store_prepare (self, "UPDATE codes SET parent_id = ?, position = ? WHERE id = ?", error);
  if (update == NULL)
    return FALSE;
  for (guint i = 0; i < siblings->len; i++)
    {
      sqlite3_reset (update);
      if (parent_id > 0)
        sqlite3_bind_int64 (update, 1, parent_id);
      else
        sqlite3_bind_null (update, 1);
      sqlite3_bind_int (update, 2, i);
      sqlite3_bind_int64 (update, 3, g_array_index (siblings, gint64, i));
      if (!_intake_store_step (self, update, error))
        return FALSE;
    }

  path = _intake_store_code_path (self, id);
  detail = g_strdup_printf ("moved “%s”", path);

  return _intake_store_audit (self, reviewer, 0, "codebook", detail, error);
}

gboolean
intake_store_move_code (IntakeStore  *self,
                        const char   *guid,
                        const char   *parent_guid,
                        int           position,
                        const char   *reviewer,
                        GError      **error)
{
  gboolean ok;

  g_return_val_if_fail (INTAKE_IS_STORE (self), FALSE);

  if (!_intake_store_write_begin (self, error))
    return FALSE;
  ok = move_code (self, guid, parent_guid, position, reviewer, error);

  return _intake_store_write_end (self, ok, error);
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
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (INTAKE_IS_STORE (self), 0);

  stmt = _intake_store_prepare (self, SUBTREE_SQL "SELECT count(*) FROM codings WHERE code_id IN (SELECT id FROM subtree)", error);
  if (stmt == NULL)
    return 0;
  _intake_store_bind_text (stmt, 1, guid);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _intake_store_fail (self, NULL, error);
      return 0;
    }

  return sqlite3_column_int (stmt, 0);
}

/* Snapshot: (a(sssssbbi) codes: guid, parent guid or "", name, description, color or "",
 *            is_codable, single_choice, position;
 *            a(sxssiix) codings: guid, submission, code guid, reviewer, start, end, created) */
#define SNAPSHOT_CODES   "a(sssssbbi)"
#define SNAPSHOT_CODINGS "a(sxssiix)"
#define SNAPSHOT_TYPE    "(" SNAPSHOT_CODES SNAPSHOT_CODINGS ")"

static GVariant *
delete_code (IntakeStore  *self,
             const char   *guid,
             const char   *reviewer,
             GError      **error)
{
  g_autoptr(GVariantBuilder) codes = g_variant_builder_new (G_VARIANT_TYPE (SNAPSHOT_CODES));
  g_autoptr(GVariantBuilder) codings = g_variant_builder_new (G_VARIANT_TYPE (SNAPSHOT_CODINGS));
  g_autoptr(sqlite3_stmt) subtree = NULL;
  g_autoptr(sqlite3_stmt) coded = NULL;
  g_autoptr(sqlite3_stmt) delete = NULL;
  g_autofree char *path = NULL;
  g_autofree char *detail = NULL;
  gint64 id;
  int rc;

  if ((id = _intake_store_code_id (self, guid, error)) < 0)
    return NULL;

  path = _intake_store_code_path (self, id);
  detail = g_strdup_printf ("deleted “%s”", path);

  /* Parents before children, so that restoring can insert in this order. */
  subtree = _intake_store_prepare (self,
                                   "WITH RECURSIVE subtree (id, depth) AS ("
                                   "  SELECT id, 0 FROM codes WHERE guid = ?1"
                                   "  UNION ALL SELECT c.id, s.depth + 1 FROM codes c JOIN subtree s ON c.parent_id = s.id"
                                   ") SELECT c.guid, coalesce(p.guid, ''), c.name, c.description, coalesce(c.color, ''),"
                                   " c.is_codable, c.single_choice, c.position"
                                   " FROM subtree s JOIN codes c ON c.id = s.id LEFT JOIN codes p ON p.id = c.parent_id"
                                   " ORDER BY s.depth, c.position",
                                   error);
  if (subtree == NULL)
    return NULL;
  _intake_store_bind_text (subtree, 1, guid);
  while ((rc = sqlite3_step (subtree)) == SQLITE_ROW)
    g_variant_builder_add (codes, "(sssssbbi)",
                           sqlite3_column_text (subtree, 0), sqlite3_column_text (subtree, 1),
                           sqlite3_column_text (subtree, 2), sqlite3_column_text (subtree, 3),
                           sqlite3_column_text (subtree, 4), sqlite3_column_int (subtree, 5) != 0,
                           sqlite3_column_int (subtree, 6) != 0, sqlite3_column_int (subtree, 7));
  if (rc != SQLITE_DONE)
    {
      _intake_store_fail (self, NULL, error);
      return NULL;
    }

  coded = _intake_store_prepare (self,
                                 SUBTREE_SQL "SELECT g.guid, g.submission_id, c.guid, r.name, g.start, g.end, g.created_at"
                                 " FROM codings g JOIN codes c ON c.id = g.code_id JOIN reviewers r ON r.id = g.reviewer_id"
                                 " WHERE g.code_id IN (SELECT id FROM subtree)",
                                 error);
  if (coded == NULL)
    return NULL;
  _intake_store_bind_text (coded, 1, guid);
  while ((rc = sqlite3_step (coded)) == SQLITE_ROW)
    g_variant_builder_add (codings, "(sxssiix)",
                           sqlite3_column_text (coded, 0), sqlite3_column_int64 (coded, 1),
                           sqlite3_column_text (coded, 2), sqlite3_column_text (coded, 3),
                           sqlite3_column_int (coded, 4), sqlite3_column_int (coded, 5),
                           sqlite3_column_int64 (coded, 6));
  if (rc != SQLITE_DONE)
    {
      _intake_store_fail (self, NULL, error);
      return NULL;
    }

  /* Descendants and codings go with it (ON DELETE CASCADE). */
  delete = _intake_store_prepare (self, "DELETE FROM codes WHERE id = ?", error);
  if (delete == NULL)
    return NULL;
  sqlite3_bind_int64 (delete, 1, id);
  if (!_intake_store_step (self, delete, error) ||
      !_intake_store_audit (self, reviewer, 0, "codebook", detail, error))
    return NULL;

  return g_variant_ref_sink (g_variant_new (SNAPSHOT_TYPE, codes, codings));
}

GVariant *
intake_store_delete_code (IntakeStore  *self,
                          const char   *guid,
                          const char   *reviewer,
                          GError      **error)
{
  g_autoptr(GVariant) snapshot = NULL;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);

  if (!_intake_store_write_begin (self, error))
    return NULL;
  snapshot = delete_code (self, guid, reviewer, error);
  if (!_intake_store_write_end (self, snapshot != NULL, error))
    return NULL;

  return g_steal_pointer (&snapshot);
}

static gboolean
restore_codes (IntakeStore  *self,
               GVariant     *snapshot,
               const char   *reviewer,
               GError      **error)
{
  g_autoptr(GVariantIter) codes = NULL;
  g_autoptr(GVariantIter) codings = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  const char *guid, *parent_guid, *name, *description, *color, *code_guid, *who;
  gboolean is_codable, single_choice;
  gint32 position, start, end;
  gint64 submission_id, created_at;

  g_variant_get (snapshot, SNAPSHOT_TYPE, &codes, &codings);

  while (g_variant_iter_next (codes, "(&s&s&s&s&sbbi)", &guid, &parent_guid, &name, &description,
                              &color, &is_codable, &single_choice, &position))
    {
      gint64 parent_id = _intake_store_code_id (self, *parent_guid ? parent_guid : NULL, error);

      /* What was added in the deleted code's place since keeps its name. */
      if (parent_id < 0 ||
          !check_unique_among_siblings (self, parent_id, 0, name, error) ||
          !insert_code (self, guid, parent_id, position, name, description, *color ? color : NULL,
                        is_codable, single_choice, error))
        return FALSE;
    }

  insert = _intake_store_prepare (self,
                                  "INSERT OR IGNORE INTO codings (guid, submission_id, code_id, reviewer_id, start, end, created_at)"
                                  " VALUES (?, ?, ?, ?, ?, ?, ?)",
                                  error);
  if (insert == NULL)
    return FALSE;

  while (g_variant_iter_next (codings, "(&sx&s&siix)", &guid, &submission_id, &code_guid, &who,
                              &start, &end, &created_at))
    {
      gint64 cid = _intake_store_code_id (self, code_guid, error);
      gint64 rid = cid < 0 ? -1 : _intake_store_reviewer_id (self, who, TRUE, error);

      if (rid < 0)
        return FALSE;

      sqlite3_reset (insert);
      _intake_store_bind_text (insert, 1, guid);
      sqlite3_bind_int64 (insert, 2, submission_id);
      sqlite3_bind_int64 (insert, 3, cid);
      sqlite3_bind_int64 (insert, 4, rid);
      sqlite3_bind_int (insert, 5, start);
      sqlite3_bind_int (insert, 6, end);
      sqlite3_bind_int64 (insert, 7, created_at);
      if (!_intake_store_step (self, insert, error))
        return FALSE;
    }

  return _intake_store_audit (self, reviewer, 0, "codebook", "restored deleted codes", error);
}

gboolean
intake_store_restore_codes (IntakeStore  *self,
                            GVariant     *snapshot,
                            const char   *reviewer,
                            GError      **error)
{
  gboolean ok;

  g_return_val_if_fail (INTAKE_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_variant_is_of_type (snapshot, G_VARIANT_TYPE (SNAPSHOT_TYPE)), FALSE);

  if (!_intake_store_write_begin (self, error))
    return FALSE;
  ok = restore_codes (self, snapshot, reviewer, error);

  return _intake_store_write_end (self, ok, error);
}
