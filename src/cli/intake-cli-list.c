#define G_LOG_DOMAIN "intake-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "intake-cli-private.h"

static struct
{
  char     *search;
  char     *code;
  char     *status;
  char     *reviewer;
  char     *attribute;
  gboolean  has_attachments;

  IntakeStatus status_value;  /* --status, parsed */

  /* --attribute split at its first "=" */
  char     *attribute_name;
  char     *attribute_value;
} opt;

GOptionEntry intake_cli_list_entries[] = {
  { "search", 0, 0, G_OPTION_ARG_STRING, &opt.search, N_("Only submissions holding these words"), N_("WORDS") },
  { "code", 0, 0, G_OPTION_ARG_STRING, &opt.code, N_("Only submissions coded with this code or one of its subcodes"), N_("CODE") },
  { "status", 0, 0, G_OPTION_ARG_STRING, &opt.status, N_("Only submissions with this status (new, in-progress, coded, excluded)"), N_("STATUS") },
  { "reviewer", 0, 0, G_OPTION_ARG_STRING, &opt.reviewer, N_("Only submissions this reviewer coded"), N_("NAME") },
  { "attribute", 0, 0, G_OPTION_ARG_STRING, &opt.attribute, N_("Only submissions with this attribute value"), N_("NAME=VALUE") },
  { "has-attachments", 0, 0, G_OPTION_ARG_NONE, &opt.has_attachments, N_("Only submissions with attachments"), NULL },
  { NULL }
};

gboolean
intake_cli_list_check (IntakeCliContext  *cli,
                       GError           **error)
{
  const char *equals;

  if (opt.status != NULL && !intake_cli_parse_status (opt.status, &opt.status_value, error))
    return FALSE;

  if (opt.attribute == NULL)
    return TRUE;

  equals = strchr (opt.attribute, '=');
  if (equals == NULL || equals == opt.attribute)
    {
      g_set_error (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                   _("“%s” is not an attribute filter: write NAME=VALUE"), opt.attribute);
      return FALSE;
    }

  opt.attribute_name = g_strndup (opt.attribute, equals - opt.attribute);
  opt.attribute_value = g_strdup (equals + 1);
  return TRUE;
}

/* Rows are read and printed a page at a time, so that listing 100,000
 * submissions takes the memory of one page, not of them all. The output
 * is the document the whole array would print as; a read that fails half
 * way leaves what was printed and the error, as any stream would. */
#define PRINT_PAGE 512

static void
print_json_page (JsonArray *page,
                 gboolean   first)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_pretty (generator, TRUE);
  for (guint i = 0; i < json_array_get_length (page); i++)
    {
      g_autofree char *text = NULL;
      g_auto(GStrv) lines = NULL;

      json_generator_set_root (generator, json_array_get_element (page, i));
      text = json_generator_to_data (generator, NULL);
      lines = g_strsplit (text, "\n", -1);
      fputs (first && i == 0 ? "\n" : ",\n", stdout);
      /* One level in, as inside the array */
      for (guint j = 0; lines[j] != NULL; j++)
        printf ("%s  %s", j > 0 ? "\n" : "", lines[j]);
    }
}

static gboolean
print_rows (IntakeCliContext  *cli,
            const gint64      *ids,
            guint              n_ids,
            GError           **error)
{
  if (cli->json)
    fputs ("[", stdout);

  for (guint done = 0; done < n_ids; done += PRINT_PAGE)
    {
      guint n = MIN (PRINT_PAGE, n_ids - done);
      g_autoptr(GPtrArray) rows = intake_store_get_summaries (cli->store, ids + done, n, error);
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) page = NULL;

      if (rows == NULL)
        return FALSE;

      json_builder_begin_array (builder);
      for (guint i = 0; i < rows->len; i++)
        {
          json_builder_begin_object (builder);
          intake_cli_add_summary (builder, g_ptr_array_index (rows, i));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      page = json_builder_get_root (builder);

      if (cli->json)
        print_json_page (json_node_get_array (page), done == 0);
      else
        {
          g_autoptr(GString) text = g_string_new (NULL);

          intake_cli_list_text (page, text);
          fwrite (text->str, 1, text->len, stdout);
        }
    }

  if (cli->json)
    fputs (n_ids > 0 ? "\n]\n" : "]\n", stdout);

  return TRUE;
}

gboolean
intake_cli_list_run (IntakeCliContext  *cli,
                     JsonNode         **result,
                     GError           **error)
{
  g_autoptr(IntakeCodebook) codebook = NULL;
  g_autoptr(GArray) ids = NULL;
  IntakeFilter filter = { 0, };

  if (opt.code != NULL)
    {
      IntakeCode *code;

      codebook = intake_store_load_codebook (cli->store, error);
      if (codebook == NULL)
        return FALSE;
      /* Groups are welcome here: they stand for all their subcodes. */
      code = intake_cli_resolve_code (codebook, opt.code, error);
      if (code == NULL)
        return FALSE;
      filter.code_guid = intake_code_get_guid (code);
    }

  filter.search = opt.search;
  filter.has_status = opt.status != NULL;
  filter.status = opt.status_value;
  filter.reviewer = opt.reviewer;
  filter.attribute_name = opt.attribute_name;
  filter.attribute_value = opt.attribute_value;
  filter.has_attachments = opt.has_attachments;

  if (opt.search == NULL && opt.code == NULL && opt.status == NULL && opt.reviewer == NULL &&
      opt.attribute == NULL && !opt.has_attachments)
    ids = intake_store_list_ids (cli->store, error);
  else
    ids = intake_store_filter_ids (cli->store, &filter, error);
  if (ids == NULL)
    return FALSE;

  /* Nothing for the dispatcher to print: the rows are. */
  *result = NULL;
  return print_rows (cli, (const gint64 *) ids->data, ids->len, error);
}

void
intake_cli_list_text (JsonNode *result,
                      GString  *text)
{
  JsonArray *rows = json_node_get_array (result);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      const char *date = intake_cli_get_string (row, "date");
      const char *name = intake_cli_get_string (row, "from_name");

      g_string_append_printf (text, "%6" G_GINT64_FORMAT "  %-20s  %-28.28s  %s%s\n",
                              json_object_get_int_member (row, "id"),
                              date ? date : _("unknown date"),
                              name != NULL && *name ? name : intake_cli_get_string (row, "from_addr"),
                              intake_cli_get_string (row, "subject"),
                              json_object_get_int_member (row, "attachments") > 0 ? " 📎" : "");
    }
}
