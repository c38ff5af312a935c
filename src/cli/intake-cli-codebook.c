#define G_LOG_DOMAIN "intake-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-cli-private.h"
#include "intake-file.h"

static struct
{
  char *import_path;
  char *export_path;
} opt;

GOptionEntry intake_cli_codebook_entries[] = {
  { "import", 0, 0, G_OPTION_ARG_FILENAME, &opt.import_path, N_("Add the codes of a REFI-QDA codebook and update those the project has"), N_("FILE.qdc") },
  { "export", 0, 0, G_OPTION_ARG_FILENAME, &opt.export_path, N_("Write the project’s codebook as REFI-QDA"), N_("FILE.qdc") },
  { NULL }
};

gboolean
intake_cli_codebook_check (IntakeCliContext  *cli,
                           GError           **error)
{
  if ((opt.import_path == NULL) == (opt.export_path == NULL))
    {
      g_set_error_literal (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                           _("Give exactly one of --import FILE.qdc and --export FILE.qdc"));
      return FALSE;
    }

  /* Exporting only reads the project. */
  if (opt.export_path != NULL)
    cli->flags &= ~INTAKE_CLI_WRITES;

  return TRUE;
}

static gboolean
import_codebook (IntakeCliContext  *cli,
                 GError           **error)
{
  g_autoptr(IntakeCodebook) codebook = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = intake_file_read (opt.import_path, INTAKE_CODEBOOK_MAX_SIZE, error);
  if (bytes == NULL)
    return FALSE;

  /* Parsed and checked whole before the project is touched. */
  codebook = intake_codebook_load_qdc (bytes, error);
  if (codebook == NULL)
    return FALSE;
  if (cli->reviewer != NULL && !intake_project_set_reviewer (cli->project, cli->reviewer, error))
    return FALSE;

  return intake_project_import_codebook (cli->project, codebook, error);
}

static gboolean
export_codebook (IntakeCliContext  *cli,
                 GError           **error)
{
  g_autoptr(IntakeCodebook) codebook = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *project[] = { cli->project_path, NULL };

  codebook = intake_store_load_codebook (cli->store, error);
  if (codebook == NULL)
    return FALSE;
  bytes = intake_codebook_to_qdc (codebook, error);
  if (bytes == NULL)
    return FALSE;

  /* Written whole or not at all: a half-written codebook would not load. */
  return intake_file_write (opt.export_path, bytes, project, error);
}

gboolean
intake_cli_codebook_run (IntakeCliContext  *cli,
                         JsonNode         **result,
                         GError           **error)
{
  g_autoptr(IntakeCodebook) now = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (opt.import_path != NULL ? !import_codebook (cli, error) : !export_codebook (cli, error))
    return FALSE;

  now = intake_store_load_codebook (cli->store, error);
  if (now == NULL)
    return FALSE;

  json_builder_begin_object (builder);
  intake_cli_add_int (builder, "codes", intake_codebook_get_n_codes (now));
  json_builder_end_object (builder);

  *result = json_builder_get_root (builder);
  return TRUE;
}
