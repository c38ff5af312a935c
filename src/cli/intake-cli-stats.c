#define G_LOG_DOMAIN "intake-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-cli-private.h"

gboolean
intake_cli_stats_run (IntakeCliContext  *cli,
                      JsonNode         **result,
                      GError           **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  IntakeStats stats;

  if (!intake_store_get_stats (cli->store, &stats, error))
    return FALSE;

  json_builder_begin_object (builder);
  intake_cli_add_int (builder, "submissions", stats.submissions);
  intake_cli_add_int (builder, "attachments", stats.attachments);
  intake_cli_add_int (builder, "duplicates", stats.duplicates);
  intake_cli_add_int (builder, "rejected", stats.rejected);
  intake_cli_add_int (builder, "source_files", stats.source_files);
  json_builder_end_object (builder);

  *result = json_builder_get_root (builder);
  return TRUE;
}

void
intake_cli_stats_text (JsonNode *result,
                       GString  *text)
{
  JsonObject *stats = json_node_get_object (result);

  g_string_append_printf (text, _("Submissions:     %u\n"), (guint) json_object_get_int_member (stats, "submissions"));
  g_string_append_printf (text, _("Attachments:     %u\n"), (guint) json_object_get_int_member (stats, "attachments"));
  g_string_append_printf (text, _("Duplicates seen: %u\n"), (guint) json_object_get_int_member (stats, "duplicates"));
  g_string_append_printf (text, _("Rejected:        %u\n"), (guint) json_object_get_int_member (stats, "rejected"));
  g_string_append_printf (text, _("Files imported:  %u\n"), (guint) json_object_get_int_member (stats, "source_files"));
}
