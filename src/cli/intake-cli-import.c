#define G_LOG_DOMAIN "intake-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-cli-private.h"
#include "intake-importer.h"

/* Inputs are checked before the project is created, so a typo leaves nothing behind. */
gboolean
intake_cli_import_check (IntakeCliContext  *cli,
                         GError           **error)
{
  for (guint i = 0; i < cli->n_args; i++)
    if (!g_file_test (cli->args[i], G_FILE_TEST_EXISTS))
      {
        g_set_error (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                     _("“%s” does not exist"), cli->args[i]);
        return FALSE;
      }

  return TRUE;
}

static void
add_issues (JsonBuilder *builder,
            const char  *member,
            GPtrArray   *issues)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < issues->len; i++)
    {
      IntakeImportIssue *issue = g_ptr_array_index (issues, i);

      json_builder_begin_object (builder);
      intake_cli_add_string (builder, "file", issue->file);
      intake_cli_add_string (builder, "position", issue->position);
      intake_cli_add_string (builder, "reason", issue->reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

gboolean
intake_cli_import_run (IntakeCliContext  *cli,
                       JsonNode         **result,
                       GError           **error)
{
  g_autoptr(IntakeImporter) importer = intake_importer_new (cli->store);
  g_autoptr(IntakeImportSummary) summary = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  for (guint i = 0; i < cli->n_args; i++)
    g_ptr_array_add (files, g_file_new_for_commandline_arg (cli->args[i]));

  summary = intake_importer_import_sync (importer, (GFile * const *) files->pdata, files->len, NULL, error);
  if (summary == NULL)
    return FALSE;

  json_builder_begin_object (builder);
  intake_cli_add_int (builder, "files", summary->files);
  intake_cli_add_int (builder, "seen", summary->seen);
  intake_cli_add_int (builder, "imported", summary->imported);
  intake_cli_add_int (builder, "duplicates", summary->duplicates);
  intake_cli_add_int (builder, "rejected", summary->rejected);
  add_issues (builder, "errors", summary->errors);
  add_issues (builder, "skipped", summary->skipped);
  json_builder_end_object (builder);

  *result = json_builder_get_root (builder);
  return TRUE;
}

void
intake_cli_import_text (JsonNode *result,
                        GString  *text)
{
  JsonObject *summary = json_node_get_object (result);
  JsonArray *errors = json_object_get_array_member (summary, "errors");
  JsonArray *skipped = json_object_get_array_member (summary, "skipped");

  /* One figure a line: no sentence to agree in number with its counts. */
  g_string_append_printf (text, _("Files read:      %u\n"), (guint) json_object_get_int_member (summary, "files"));
  g_string_append_printf (text, _("Messages seen:   %u\n"), (guint) json_object_get_int_member (summary, "seen"));
  g_string_append_printf (text, _("Imported:        %u\n"), (guint) json_object_get_int_member (summary, "imported"));
  g_string_append_printf (text, _("Duplicates:      %u\n"), (guint) json_object_get_int_member (summary, "duplicates"));
  g_string_append_printf (text, _("Rejected:        %u\n"), (guint) json_object_get_int_member (summary, "rejected"));
  for (guint i = 0; i < json_array_get_length (errors); i++)
    {
      JsonObject *issue = json_array_get_object_element (errors, i);

      /* Translators: file, position in it, and why the message was rejected */
      g_string_append_printf (text, _("Rejected: %s, at %s: %s\n"),
                              intake_cli_get_string (issue, "file"),
                              intake_cli_get_string (issue, "position"),
                              intake_cli_get_string (issue, "reason"));
    }
  for (guint i = 0; i < json_array_get_length (skipped); i++)
    {
      JsonObject *issue = json_array_get_object_element (skipped, i);

      g_string_append_printf (text, _("Skipped: %s: %s\n"),
                              intake_cli_get_string (issue, "file"),
                              intake_cli_get_string (issue, "reason"));
    }
}
