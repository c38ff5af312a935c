#define G_LOG_DOMAIN "intake-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-cli-private.h"

static struct
{
  char     *output;
  char     *sample;
  char     *seed;
  gboolean  blind;

  /* Parsed by the check */
  IntakeCopyOptions options;
} opt;

GOptionEntry intake_cli_copy_entries[] = {
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt.output, N_("The copy to write (.intake); it is replaced whole"), N_("COPY") },
  { "sample", 0, 0, G_OPTION_ARG_STRING, &opt.sample, N_("Only this many submissions, picked at random among those not excluded"), N_("N") },
  { "seed", 0, 0, G_OPTION_ARG_STRING, &opt.seed, N_("The seed of the sample: the same seed picks the same submissions (default: a random one, printed)"), N_("S") },
  { "blind", 0, 0, G_OPTION_ARG_NONE, &opt.blind, N_("Leave out the reviewers’ codings and memos, so the copy’s reviewer codes without seeing them"), NULL },
  { NULL }
};

gboolean
intake_cli_copy_check (IntakeCliContext  *cli,
                       GError           **error)
{
  guint64 value;

  if (opt.output == NULL)
    {
      g_set_error_literal (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                           _("No copy given: use -o COPY.intake"));
      return FALSE;
    }

  if (opt.seed != NULL && opt.sample == NULL)
    {
      g_set_error_literal (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                           _("--seed chooses a sample: give --sample N too"));
      return FALSE;
    }

  if (opt.sample != NULL)
    {
      if (!g_ascii_string_to_unsigned (opt.sample, 10, 1, G_MAXUINT, &value, NULL))
        {
          g_set_error (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                       _("--sample takes a number of submissions of at least 1, not “%s”"), opt.sample);
          return FALSE;
        }
      opt.options.sample = (guint) value;

      if (opt.seed == NULL)
        opt.options.seed = g_random_int ();
      else if (g_ascii_string_to_unsigned (opt.seed, 10, 0, G_MAXUINT32, &value, NULL))
        opt.options.seed = (guint32) value;
      else
        {
          g_set_error (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                       _("--seed takes a whole number from 0 to 4294967295, not “%s”"), opt.seed);
          return FALSE;
        }
    }

  opt.options.blind = opt.blind;
  return TRUE;
}

gboolean
intake_cli_copy_run (IntakeCliContext  *cli,
                     JsonNode         **result,
                     GError           **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *display_path = g_filename_display_name (opt.output);
  IntakeCopySummary summary = { 0, };

  /* The project stays as it is: the copy is read from a snapshot of it. */
  if (!intake_store_write_copy (cli->store, opt.output, &opt.options, NULL, NULL, &summary, NULL, error))
    return FALSE;

  json_builder_begin_object (builder);
  intake_cli_add_string (builder, "path", display_path);
  intake_cli_add_int (builder, "submissions", summary.submissions);
  intake_cli_add_int (builder, "codings", summary.codings);
  intake_cli_add_int (builder, "memos", summary.memos);
  json_builder_set_member_name (builder, "blind");
  json_builder_add_boolean_value (builder, opt.options.blind);
  json_builder_set_member_name (builder, "sample");
  if (opt.options.sample > 0)
    json_builder_add_int_value (builder, opt.options.sample);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "seed");
  if (opt.options.sample > 0)
    json_builder_add_int_value (builder, summary.seed);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  *result = json_builder_get_root (builder);
  return TRUE;
}

void
intake_cli_copy_text (JsonNode *result,
                      GString  *text)
{
  JsonObject *object = json_node_get_object (result);
  gint64 submissions = json_object_get_int_member (object, "submissions");
  gint64 codings = json_object_get_int_member (object, "codings");
  g_autofree char *n_submissions = g_strdup_printf ("%'" G_GINT64_FORMAT, submissions);
  g_autofree char *n_codings = g_strdup_printf ("%'" G_GINT64_FORMAT, codings);
  g_autofree char *submissions_part = NULL;
  g_autofree char *codings_part = NULL;

  submissions_part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s submission", "%s submissions", submissions),
                                      n_submissions);
  codings_part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s coding", "%s codings", codings),
                                  n_codings);
  /* Translators: "Wrote copy.intake: 120 submissions, 34 codings" */
  g_string_append_printf (text, _("Wrote %s: %s, %s"),
                          intake_cli_get_string (object, "path"), submissions_part, codings_part);

  if (json_object_get_boolean_member (object, "blind"))
    /* Translators: follows "Wrote copy.intake: 120 submissions, 34 codings" */
    g_string_append (text, _(", blind"));
  if (!json_object_get_null_member (object, "seed"))
    {
      g_autofree char *seed = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (object, "seed"));

      /* Translators: follows "Wrote copy.intake: 120 submissions, 34 codings";
       * %s is the seed that picks the same sample again */
      g_string_append_printf (text, _(", sampled with seed %s"), seed);
    }
  g_string_append_c (text, '\n');
}
