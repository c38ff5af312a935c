#define G_LOG_DOMAIN "intake-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-cli-private.h"
#include "intake-import-csv.h"
#include "intake-importer.h"
#include "intake-qdpx.h"

static struct
{
  char **csv_text;
  char **csv_attribute;
  char  *csv_id;
  gboolean qdpx;   /* the one file named is a REFI-QDA project */
} opt;

GOptionEntry intake_cli_import_entries[] = {
  { "csv-text", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt.csv_text,
    N_("A survey export’s column of the respondents’ text; repeat it for several"), N_("COLUMN") },
  { "csv-attribute", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt.csv_attribute,
    N_("A survey export’s column to keep as a case attribute; repeat it for several"), N_("COLUMN") },
  { "csv-id", 0, 0, G_OPTION_ARG_STRING, &opt.csv_id,
    N_("A survey export’s column of each response’s id, so that importing again adds nothing twice"), N_("COLUMN") },
  { NULL }
};

/* The header row of a survey export named on the command line. */
static char **
read_csv_header (const char  *path,
                 GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GFileInputStream) input = g_file_read (file, NULL, error);
  g_autoptr(IntakeCsvReader) reader = NULL;
  g_autoptr(GError) local = NULL;
  char **header = NULL;

  if (input == NULL)
    return NULL;

  reader = intake_csv_reader_new (G_INPUT_STREAM (input), NULL);
  if (!intake_csv_reader_next (reader, &header, &local))
    {
      g_set_error (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE, "%s: %s", path,
                   local ? local->message : _("The file is empty: it has no header row"));
      return NULL;
    }
  return header;
}

/* Inputs are checked before the project is created, so a typo leaves nothing behind. */
gboolean
intake_cli_import_check (IntakeCliContext  *cli,
                         GError           **error)
{
  gboolean csv_named = FALSE;

  if ((opt.csv_attribute != NULL || opt.csv_id != NULL) && opt.csv_text == NULL)
    {
      g_set_error_literal (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                           _("--csv-attribute and --csv-id need --csv-text: name the columns of the respondents’ text too"));
      return FALSE;
    }

  for (guint i = 0; i < cli->n_args; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (cli->args[i]);
      g_autofree char *lower = g_ascii_strdown (cli->args[i], -1);

      if (g_str_has_suffix (lower, ".qdpx"))
        {
          /* A whole project: it makes a new one, alone. */
          if (cli->n_args > 1 || opt.csv_text != NULL)
            {
              g_set_error_literal (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                                   _("A REFI-QDA project (.qdpx) is imported alone, into a new project"));
              return FALSE;
            }
          opt.qdpx = TRUE;
        }

      if (!g_file_test (cli->args[i], G_FILE_TEST_EXISTS))
        {
          g_set_error (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                       _("“%s” does not exist"), cli->args[i]);
          return FALSE;
        }

      /* A misspelt column is said now, before the project is made. */
      if (opt.csv_text != NULL && intake_importer_is_csv (file))
        {
          g_auto(GStrv) header = read_csv_header (cli->args[i], error);
          g_autoptr(GArray) text = NULL;
          g_autoptr(GArray) attributes = NULL;
          g_autoptr(GError) local = NULL;
          int id;

          if (header == NULL)
            return FALSE;
          if (!intake_csv_find_columns ((const char * const *) header, (const char * const *) opt.csv_text,
                                        (const char * const *) opt.csv_attribute, opt.csv_id,
                                        &text, &attributes, &id, &local))
            {
              g_set_error (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE, "%s: %s", cli->args[i], local->message);
              return FALSE;
            }
          csv_named = TRUE;
        }
    }

  if (opt.csv_text != NULL && !csv_named)
    {
      g_set_error_literal (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                           _("--csv-text names columns of survey exports, but no .csv file is named"));
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

/* The same result as a mail import's, so scripts read one shape. */
static gboolean
import_qdpx (IntakeCliContext  *cli,
             JsonNode         **result,
             GError           **error)
{
  g_autoptr(IntakeQdpxSummary) summary = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *display = g_filename_display_name (cli->args[0]);

  summary = intake_qdpx_import (cli->store, cli->args[0],
                                cli->reviewer != NULL ? cli->reviewer : "REFI-QDA",
                                NULL, NULL, NULL, error);
  if (summary == NULL)
    return FALSE;

  json_builder_begin_object (builder);
  intake_cli_add_int (builder, "files", 1);
  intake_cli_add_int (builder, "seen", summary->sources + summary->skipped->len);
  intake_cli_add_int (builder, "imported", summary->sources);
  intake_cli_add_int (builder, "duplicates", 0);
  intake_cli_add_int (builder, "rejected", 0);
  intake_cli_add_int (builder, "codings", summary->codings);
  intake_cli_add_int (builder, "memos", summary->notes);
  intake_cli_add_int (builder, "users", summary->users);
  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "skipped");
  json_builder_begin_array (builder);
  for (guint i = 0; i < summary->skipped->len; i++)
    {
      json_builder_begin_object (builder);
      intake_cli_add_string (builder, "file", display);
      intake_cli_add_string (builder, "position", "");
      intake_cli_add_string (builder, "reason", g_ptr_array_index (summary->skipped, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  *result = json_builder_get_root (builder);
  return TRUE;
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

  if (opt.qdpx)
    return import_qdpx (cli, result, error);

  for (guint i = 0; i < cli->n_args; i++)
    g_ptr_array_add (files, g_file_new_for_commandline_arg (cli->args[i]));
  intake_importer_set_csv_columns (importer, (const char * const *) opt.csv_text,
                                   (const char * const *) opt.csv_attribute, opt.csv_id);

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
  if (json_object_has_member (summary, "codings"))
    g_string_append_printf (text, _("Codings:         %u\n"), (guint) json_object_get_int_member (summary, "codings"));
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
