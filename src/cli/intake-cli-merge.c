#define G_LOG_DOMAIN "intake-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-cli-private.h"

gboolean
intake_cli_merge_run (IntakeCliContext  *cli,
                      JsonNode         **result,
                      GError           **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(IntakeMergeSummary) summary = NULL;
  g_autofree char *project = g_filename_display_name (cli->project_path);
  g_autoptr(GStrvBuilder) paths = g_strv_builder_new ();
  g_auto(GStrv) others = NULL;

  for (guint i = 0; i < cli->n_args; i++)
    g_strv_builder_add (paths, cli->args[i]);
  others = g_strv_builder_end (paths);

  summary = intake_store_merge (cli->store, (const char * const *) others, cli->reviewer,
                                NULL, NULL, NULL, error);
  if (summary == NULL)
    return FALSE;

  json_builder_begin_object (builder);
  intake_cli_add_string (builder, "project", project);
  json_builder_set_member_name (builder, "merged");
  json_builder_begin_array (builder);
  for (guint i = 0; others[i] != NULL; i++)
    {
      g_autofree char *display = g_filename_display_name (others[i]);

      json_builder_add_string_value (builder, display);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "added");
  json_builder_begin_object (builder);
  intake_cli_add_int (builder, "submissions", summary->submissions);
  intake_cli_add_int (builder, "codes", summary->codes);
  intake_cli_add_int (builder, "reviewers", summary->reviewers);
  intake_cli_add_int (builder, "codings", summary->codings);
  intake_cli_add_int (builder, "memos", summary->memos);
  intake_cli_add_int (builder, "attributes", summary->attributes);
  intake_cli_add_int (builder, "statuses", summary->statuses);
  intake_cli_add_int (builder, "audit", summary->audit);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "conflicts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < summary->conflicts->len; i++)
    {
      IntakeMergeConflict *conflict = g_ptr_array_index (summary->conflicts, i);

      json_builder_begin_object (builder);
      intake_cli_add_string (builder, "file", conflict->file);
      intake_cli_add_int (builder, "submission", conflict->submission_id);
      intake_cli_add_string (builder, "kind", conflict->kind);
      intake_cli_add_string (builder, "name", conflict->name);
      intake_cli_add_string (builder, "ours", conflict->ours);
      intake_cli_add_string (builder, "theirs", conflict->theirs);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  *result = json_builder_get_root (builder);
  return TRUE;
}

void
intake_cli_merge_text (JsonNode *result,
                       GString  *text)
{
  JsonObject *object = json_node_get_object (result);
  JsonObject *added = json_object_get_object_member (object, "added");
  JsonArray *conflicts = json_object_get_array_member (object, "conflicts");
  guint n_conflicts = json_array_get_length (conflicts);
  IntakeMergeSummary counts = {
    .submissions = json_object_get_int_member (added, "submissions"),
    .codes = json_object_get_int_member (added, "codes"),
    .reviewers = json_object_get_int_member (added, "reviewers"),
    .codings = json_object_get_int_member (added, "codings"),
    .memos = json_object_get_int_member (added, "memos"),
    .attributes = json_object_get_int_member (added, "attributes"),
    .statuses = json_object_get_int_member (added, "statuses"),
    .audit = json_object_get_int_member (added, "audit"),
  };
  g_auto(GStrv) parts = intake_merge_summary_list_added (&counts);

  if (parts[0] == NULL)
    /* Translators: %s is the project */
    g_string_append_printf (text, _("Merged into %s: nothing new"), intake_cli_get_string (object, "project"));
  else
    {
      g_autofree char *list = g_strjoinv (", ", parts);

      /* Translators: "Merged into p.intake: 3 submissions, 12 codings added" */
      g_string_append_printf (text, _("Merged into %s: %s added"), intake_cli_get_string (object, "project"), list);
    }
  g_string_append_c (text, '\n');

  if (n_conflicts > 0)
    g_string_append_printf (text,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "%u conflict, this project’s value kept:\n",
                                         "%u conflicts, this project’s values kept:\n", n_conflicts),
                            n_conflicts);

  for (guint i = 0; i < n_conflicts; i++)
    {
      JsonObject *row = json_array_get_object_element (conflicts, i);
      IntakeMergeConflict conflict = {
        .kind = (char *) intake_cli_get_string (row, "kind"),
        .name = (char *) intake_cli_get_string (row, "name"),
      };
      g_autofree char *what = intake_merge_conflict_describe (&conflict);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (row, "submission"));

      /* Translators: "  submission 12, attribute “School board”: here “CBE”, in copy.intake “CCSD”" */
      g_string_append_printf (text, _("  submission %s, %s: here “%s”, in %s “%s”\n"), id, what,
                              intake_cli_get_string (row, "ours"),
                              intake_cli_get_string (row, "file"),
                              intake_cli_get_string (row, "theirs"));
    }
}
