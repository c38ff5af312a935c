#define G_LOG_DOMAIN "intake-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-cli-private.h"

#define NO_OFFSET G_MININT

static struct
{
  int      start;
  int      end;
  gboolean remove;
} opt = { NO_OFFSET, NO_OFFSET, FALSE };

GOptionEntry intake_cli_code_entries[] = {
  { "start", 0, 0, G_OPTION_ARG_INT, &opt.start, N_("Where the excerpt starts, in characters from the start of the text"), N_("N") },
  { "end", 0, 0, G_OPTION_ARG_INT, &opt.end, N_("Where the excerpt ends (exclusive), in characters"), N_("N") },
  { "remove", 0, 0, G_OPTION_ARG_NONE, &opt.remove, N_("Remove the coding instead of adding it"), NULL },
  { NULL }
};

gboolean
intake_cli_code_check (IntakeCliContext  *cli,
                       GError           **error)
{
  if ((opt.start == NO_OFFSET) != (opt.end == NO_OFFSET))
    {
      g_set_error_literal (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                           _("An excerpt needs both --start and --end"));
      return FALSE;
    }
  if (opt.start != NO_OFFSET && opt.start >= opt.end)
    {
      g_set_error (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                   _("The excerpt must start before it ends (--start %d, --end %d)"), opt.start, opt.end);
      return FALSE;
    }

  return TRUE;
}

static gboolean
same_place (const IntakeCoding *coding,
            const char         *code_guid,
            const char         *reviewer,
            int                 start,
            int                 end)
{
  gboolean whole = coding->start < 0;

  return g_strcmp0 (coding->code_guid, code_guid) == 0 &&
         intake_coding_is_by (coding, reviewer) &&
         (start < 0 ? whole : (!whole && coding->start == start && coding->end == end));
}

gboolean
intake_cli_code_run (IntakeCliContext  *cli,
                     JsonNode         **result,
                     GError           **error)
{
  const char *id_text = cli->args[0];
  const char *reviewer = cli->reviewer;
  g_autoptr(IntakeSubmission) submission = NULL;
  g_autoptr(IntakeCodebook) codebook = NULL;
  g_autoptr(GPtrArray) codings = NULL;
  g_autoptr(IntakeCoding) added = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *path = NULL;
  const IntakeCoding *existing = NULL;
  IntakeCode *code;
  int start = opt.start;
  int end = opt.end;
  gint64 id;

  submission = intake_cli_get_submission (cli->store, id_text, error);
  if (submission == NULL)
    return FALSE;
  id = intake_submission_get_id (submission);

  codebook = intake_store_load_codebook (cli->store, error);
  if (codebook == NULL)
    return FALSE;
  code = intake_cli_resolve_code (codebook, cli->args[1], error);
  if (code == NULL)
    return FALSE;
  path = intake_code_dup_path (code, codebook);
  if (!intake_code_get_is_codable (code))
    {
      g_set_error (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                   _("“%s” is a group of codes and cannot be applied; apply one of its codes"), path);
      return FALSE;
    }

  if (start != NO_OFFSET)
    {
      int length = intake_text_length (intake_submission_get_text (submission));

      if (start < 0 || end > length)
        {
          g_set_error (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "The excerpt %d–%d is outside the text, which is %d character long",
                                    "The excerpt %d–%d is outside the text, which is %d characters long",
                                    length),
                       start, end, length);
          return FALSE;
        }
    }
  else
    start = end = -1;

  codings = intake_store_list_codings (cli->store, id, error);
  if (codings == NULL)
    return FALSE;
  for (guint i = 0; i < codings->len && existing == NULL; i++)
    if (same_place (g_ptr_array_index (codings, i), intake_code_get_guid (code), reviewer, start, end))
      existing = g_ptr_array_index (codings, i);

  if (opt.remove)
    {
      if (existing == NULL)
        {
          if (start < 0)
            g_set_error (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                         _("%s has not coded submission %s as a whole with “%s”"), reviewer, id_text, path);
          else
            g_set_error (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                         _("%s has not coded the excerpt %d–%d of submission %s with “%s”"),
                         reviewer, start, end, id_text, path);
          return FALSE;
        }

      if (!intake_project_set_reviewer (cli->project, reviewer, error))
        return FALSE;
      /* A store that once let the same coding in twice is cleaned up whole. */
      for (guint i = 0; i < codings->len; i++)
        {
          const IntakeCoding *coding = g_ptr_array_index (codings, i);

          if (same_place (coding, intake_code_get_guid (code), reviewer, start, end) &&
              !intake_project_remove_coding (cli->project, coding->guid, error))
            return FALSE;
        }
    }
  else if (existing == NULL)
    {
      /* Everything is checked: only now may the reviewer be written down. */
      if (!intake_project_set_reviewer (cli->project, reviewer, error) ||
          !intake_project_add_coding (cli->project, id, intake_code_get_guid (code),
                                      start, end, &added, error))
        return FALSE;
      existing = added;
    }

  /* Coding what is already coded changes nothing and is not an error. */
  intake_cli_add_coding (builder, existing);
  *result = json_builder_get_root (builder);
  return TRUE;
}
