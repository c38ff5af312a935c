#define G_LOG_DOMAIN "intake-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-cli-private.h"

gboolean
intake_cli_attribute_check (IntakeCliContext  *cli,
                            GError           **error)
{
  g_autofree char *name = NULL;

  if (!g_utf8_validate (cli->args[1], -1, NULL) || !g_utf8_validate (cli->args[2], -1, NULL))
    {
      g_set_error_literal (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                           _("The attribute’s name and value must be UTF-8 text"));
      return FALSE;
    }

  name = g_strstrip (g_strdup (cli->args[1]));
  if (*name == '\0')
    {
      g_set_error_literal (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                           _("The attribute’s name is empty"));
      return FALSE;
    }

  return TRUE;
}

gboolean
intake_cli_attribute_run (IntakeCliContext  *cli,
                          JsonNode         **result,
                          GError           **error)
{
  g_autoptr(IntakeSubmission) submission = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *name = g_strstrip (g_strdup (cli->args[1]));
  g_autofree char *value = g_strstrip (g_strdup (cli->args[2]));
  gint64 id;

  submission = intake_cli_get_submission (cli->store, cli->args[0], error);
  if (submission == NULL)
    return FALSE;
  id = intake_submission_get_id (submission);

  if (cli->reviewer != NULL && !intake_project_set_reviewer (cli->project, cli->reviewer, error))
    return FALSE;
  if (!intake_project_set_attribute (cli->project, id, name, *value ? value : NULL, error))
    return FALSE;

  /* What the submission's attributes are now. */
  attributes = intake_store_get_attributes (cli->store, id, error);
  if (attributes == NULL)
    return FALSE;
  names = intake_cli_sorted_names (attributes);

  json_builder_begin_object (builder);
  for (guint i = 0; i < names->len; i++)
    {
      const char *key = g_ptr_array_index (names, i);

      intake_cli_add_string (builder, key, g_hash_table_lookup (attributes, key));
    }
  json_builder_end_object (builder);

  *result = json_builder_get_root (builder);
  return TRUE;
}
