#define G_LOG_DOMAIN "intake-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-cli-private.h"

/* What a merge added, by kind, in the order the plain form says them. */
static const char * const added_kinds[] = {
  "submissions", "codes", "reviewers", "codings", "memos", "attributes", "statuses", "audit",
};

/* "12 codings", for the kind of added_kinds[@kind]. */
static char *
count_added (guint  kind,
             gint64 n)
{
  g_autofree char *number = g_strdup_printf ("%'" G_GINT64_FORMAT, n);
  gulong count = (gulong) n;

  switch (kind)
    {
    case 0: return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s submission", "%s submissions", count), number);
    case 1: return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s code", "%s codes", count), number);
    case 2: return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s reviewer", "%s reviewers", count), number);
    case 3: return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s coding", "%s codings", count), number);
    case 4: return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s memo", "%s memos", count), number);
    case 5: return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s attribute", "%s attributes", count), number);
    case 6: return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s status", "%s statuses", count), number);
    default: return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s audit entry", "%s audit entries", count), number);
    }
}

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
  guint counts[G_N_ELEMENTS (added_kinds)];

  for (guint i = 0; i < cli->n_args; i++)
    g_strv_builder_add (paths, cli->args[i]);
  others = g_strv_builder_end (paths);

  summary = intake_store_merge (cli->store, (const char * const *) others, cli->reviewer,
                                NULL, NULL, NULL, error);
  if (summary == NULL)
    return FALSE;

  counts[0] = summary->submissions;
  counts[1] = summary->codes;
  counts[2] = summary->reviewers;
  counts[3] = summary->codings;
  counts[4] = summary->memos;
  counts[5] = summary->attributes;
  counts[6] = summary->statuses;
  counts[7] = summary->audit;

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
  for (guint i = 0; i < G_N_ELEMENTS (added_kinds); i++)
    intake_cli_add_int (builder, added_kinds[i], counts[i]);
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
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  guint n_conflicts = json_array_get_length (conflicts);

  for (guint i = 0; i < G_N_ELEMENTS (added_kinds); i++)
    {
      gint64 n = json_object_get_int_member (added, added_kinds[i]);

      if (n > 0)
        g_ptr_array_add (parts, count_added (i, n));
    }

  if (parts->len == 0)
    /* Translators: %s is the project */
    g_string_append_printf (text, _("Merged into %s: nothing new"), intake_cli_get_string (object, "project"));
  else
    {
      g_autofree char *list = NULL;

      g_ptr_array_add (parts, NULL);
      list = g_strjoinv (", ", (char **) parts->pdata);
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
      JsonObject *conflict = json_array_get_object_element (conflicts, i);
      const char *kind = intake_cli_get_string (conflict, "kind");
      const char *name = intake_cli_get_string (conflict, "name");
      g_autofree char *what = NULL;
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (conflict, "submission"));

      if (g_strcmp0 (kind, "attribute") == 0)
        /* Translators: %s is an attribute's name */
        what = g_strdup_printf (_("attribute “%s”"), name);
      else if (g_strcmp0 (kind, "memo") == 0)
        /* Translators: %s is a reviewer's name */
        what = g_strdup_printf (_("memo of %s"), name ? name : _("nobody"));
      else
        what = g_strdup (_("status"));

      /* Translators: "  submission 12, attribute “School board”: here “CBE”, in copy.intake “CCSD”" */
      g_string_append_printf (text, _("  submission %s, %s: here “%s”, in %s “%s”\n"), id, what,
                              intake_cli_get_string (conflict, "ours"),
                              intake_cli_get_string (conflict, "file"),
                              intake_cli_get_string (conflict, "theirs"));
    }
}
