#define G_LOG_DOMAIN "intake-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-cli-private.h"
#include "intake-text.h"

gboolean
intake_cli_parse_status (const char    *text,
                         IntakeStatus  *status,
                         GError       **error)
{
  g_autoptr(GEnumClass) statuses = NULL;
  g_autoptr(GString) valid = g_string_new (NULL);

  if (intake_status_from_string (text, status))
    return TRUE;

  statuses = g_type_class_ref (INTAKE_TYPE_STATUS);
  for (guint i = 0; i < statuses->n_values; i++)
    g_string_append_printf (valid, "%s%s", i > 0 ? ", " : "", statuses->values[i].value_nick);
  g_set_error (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
               _("“%s” is not a status (statuses: %s)"), text, valid->str);
  return FALSE;
}

static gboolean
parse_id (const char *text,
          gint64     *id)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;

  *id = (gint64) value;
  return TRUE;
}

IntakeSubmission *
intake_cli_get_submission (IntakeStore  *store,
                           const char   *id_text,
                           GError      **error)
{
  gint64 id;

  if (!parse_id (id_text, &id))
    {
      g_set_error (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                   _("“%s” is not a submission id"), id_text);
      return NULL;
    }

  return intake_store_get_submission (store, id, error);
}

/* intake_codebook_find() only says "not exactly one"; when it finds
 * nothing, the person needs to know whether the name is unknown or which
 * codes share it. */
IntakeCode *
intake_cli_resolve_code (IntakeCodebook  *codebook,
                         const char      *name,
                         GError         **error)
{
  g_autoptr(GPtrArray) paths = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *folded_name = NULL;
  g_autofree char *folded_path = NULL;
  g_autofree char *listed = NULL;
  IntakeCode *code;

  if (!g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                           _("The code’s name is not valid UTF-8 text"));
      return NULL;
    }

  code = intake_codebook_find (codebook, name);
  if (code != NULL)
    return code;

  parts = g_strsplit (name, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    g_strstrip (parts[i]);
  joined = g_strjoinv ("/", parts);
  folded_name = intake_text_fold (name);
  folded_path = intake_text_fold (joined);

  paths = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < intake_codebook_get_n_codes (codebook); i++)
    {
      IntakeCode *candidate = intake_codebook_get_code (codebook, i);
      g_autofree char *path = intake_code_dup_path (candidate, codebook);
      g_autofree char *candidate_name = intake_text_fold (intake_code_get_name (candidate));
      g_autofree char *candidate_path = intake_text_fold (path);

      if (g_str_equal (candidate_name, folded_name) || g_str_equal (candidate_path, folded_path))
        g_ptr_array_add (paths, g_steal_pointer (&path));
    }

  if (paths->len < 2)
    {
      g_set_error (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                   _("There is no code named “%s”"), name);
      return NULL;
    }

  g_ptr_array_add (paths, NULL);
  /* Translators: what separates the quoted code paths of a list */
  listed = g_strjoinv (_("”, “"), (char **) paths->pdata);
  g_set_error (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
               /* Translators: the second %s is a list of code paths, already quoted */
               _("“%s” could be any of “%s”: give the code’s path"), name, listed);
  return NULL;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

/* Attribute names in a stable order, so output can be compared. */
GPtrArray *
intake_cli_sorted_names (GHashTable *attributes)
{
  GPtrArray *names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, attributes);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (names, key);
  g_ptr_array_sort (names, compare_names);

  return names;
}
