#define G_LOG_DOMAIN "intake-cli"

#include "config.h"

#include "intake-cli-private.h"

gboolean
intake_cli_status_check (IntakeCliContext  *cli,
                         GError           **error)
{
  IntakeStatus status;

  return intake_cli_parse_status (cli->args[1], &status, error);
}

/* Says nothing, with --json or without. */
gboolean
intake_cli_status_run (IntakeCliContext  *cli,
                       JsonNode         **result,
                       GError           **error)
{
  g_autoptr(IntakeSubmission) submission = NULL;
  IntakeStatus status;

  if (!intake_cli_parse_status (cli->args[1], &status, error))
    return FALSE;

  submission = intake_cli_get_submission (cli->store, cli->args[0], error);
  if (submission == NULL)
    return FALSE;

  if (cli->reviewer != NULL && !intake_project_set_reviewer (cli->project, cli->reviewer, error))
    return FALSE;

  return intake_project_set_status (cli->project, intake_submission_get_id (submission), status, error);
}
