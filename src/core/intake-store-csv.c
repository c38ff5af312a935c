#define G_LOG_DOMAIN "intake-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "intake-store-private.h"

/* The roles a person gave the columns of a survey export, kept by the
 * export's header so that the next export of the same survey starts from
 * them. */

/* The header as one key: its names joined by U+001F, the unit separator,
 * which no column name holds. */
static char *
header_key (const char * const *header)
{
  return g_strjoinv ("\x1f", (char **) header);
}

/**
 * intake_store_set_csv_roles:
 * @header: a survey export's column names
 * @roles: one IntakeCsvRole for each of @header's columns
 *
 * Remembers @roles for the exports with this @header, replacing what was
 * remembered for it.
 */
gboolean
intake_store_set_csv_roles (IntakeStore         *self,
                            const char * const  *header,
                            GArray              *roles,
                            GError             **error)
{
  g_autoptr(sqlite3_stmt) delete = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree char *key = NULL;
  gint64 now = _intake_store_now ();
  gboolean ok = TRUE;

  g_return_val_if_fail (INTAKE_IS_STORE (self), FALSE);
  g_return_val_if_fail (header != NULL && roles != NULL, FALSE);
  g_return_val_if_fail (roles->len == g_strv_length ((char **) header), FALSE);

  key = header_key (header);

  if (!_intake_store_write_begin (self, error))
    return FALSE;

  delete = _intake_store_prepare (self, "DELETE FROM csv_roles WHERE header = ?", error);
  insert = _intake_store_prepare (self,
                                  "INSERT INTO csv_roles (header, position, role, updated_at) VALUES (?, ?, ?, ?)",
                                  error);
  ok = delete != NULL && insert != NULL;

  if (ok)
    {
      _intake_store_bind_text (delete, 1, key);
      ok = _intake_store_step (self, delete, error);
    }

  for (guint i = 0; ok && i < roles->len; i++)
    {
      sqlite3_reset (insert);
      _intake_store_bind_text (insert, 1, key);
      sqlite3_bind_int (insert, 2, i);
      _intake_store_bind_text (insert, 3, intake_csv_role_to_string (g_array_index (roles, IntakeCsvRole, i)));
      sqlite3_bind_int64 (insert, 4, now);
      ok = _intake_store_step (self, insert, error);
    }

  return _intake_store_write_end (self, ok, error);
}

/**
 * intake_store_get_csv_roles:
 * @header: a survey export's column names
 *
 * Returns: (transfer full) (nullable): the roles remembered for @header,
 *   one IntakeCsvRole for each column, or %NULL (with @error unset) when
 *   none are
 */
GArray *
intake_store_get_csv_roles (IntakeStore         *self,
                            const char * const  *header,
                            GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) roles = NULL;
  g_autofree char *key = NULL;
  guint n, found = 0;
  int rc;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);
  g_return_val_if_fail (header != NULL, NULL);

  n = g_strv_length ((char **) header);
  key = header_key (header);
  stmt = _intake_store_prepare (self,
                                "SELECT position, role FROM csv_roles WHERE header = ? ORDER BY position",
                                error);
  if (stmt == NULL)
    return NULL;

  _intake_store_bind_text (stmt, 1, key);
  roles = g_array_new (FALSE, TRUE, sizeof (IntakeCsvRole));
  g_array_set_size (roles, n);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int position = sqlite3_column_int (stmt, 0);
      IntakeCsvRole role;

      /* A row the schema's check let through but this build does not
       * know stays ignored rather than failing the import. */
      if (position >= 0 && (guint) position < n &&
          intake_csv_role_from_string ((const char *) sqlite3_column_text (stmt, 1), &role))
        {
          g_array_index (roles, IntakeCsvRole, position) = role;
          found++;
        }
    }

  if (rc != SQLITE_DONE)
    {
      _intake_store_fail (self, _("read the project"), error);
      return NULL;
    }

  return found > 0 ? g_steal_pointer (&roles) : NULL;
}
