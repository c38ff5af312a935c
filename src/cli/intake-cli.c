#define G_LOG_DOMAIN "intake-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>

#include "intake-cli.h"
#include "intake-cli-private.h"

G_DEFINE_QUARK (intake-cli-error-quark, intake_cli_error)

/* Each command's options, checks and work are in intake-cli-NAME.c; what
 * the dispatcher does for it before it runs is said by its flags. */
static const IntakeCliCommand commands[] = {
  { "import", N_("-p PROJECT FILE|FOLDER…"),
    N_("Import mailboxes (mbox, Maildir, .eml) and survey exports (.csv) into a project, or a REFI-QDA project (.qdpx) into a new one"),
    INTAKE_CLI_NEEDS_PROJECT | INTAKE_CLI_CREATES_PROJECT | INTAKE_CLI_WRITES | INTAKE_CLI_TAKES_REVIEWER,
    1, INTAKE_CLI_ANY_ARGS, N_("Nothing to import: name one or more mailbox files or folders"),
    intake_cli_import_entries, intake_cli_import_check, intake_cli_import_run, intake_cli_import_text },
  { "list", N_("-p PROJECT"),
    N_("List the submissions of a project, or those matching filters"),
    INTAKE_CLI_NEEDS_PROJECT,
    0, 0, NULL,
    intake_cli_list_entries, intake_cli_list_check, intake_cli_list_run, intake_cli_list_text },
  { "show", N_("-p PROJECT ID"),
    N_("Show one submission whole, with its codings, attributes and memo"),
    INTAKE_CLI_NEEDS_PROJECT,
    1, 1, N_("Name one submission by its id, as “list” prints it"),
    NULL, NULL, intake_cli_show_run, intake_cli_show_text },
  { "code", N_("-p PROJECT --reviewer NAME ID CODE"),
    N_("Apply a code to a submission or an excerpt of it, or remove it with --remove"),
    INTAKE_CLI_NEEDS_PROJECT | INTAKE_CLI_WRITES | INTAKE_CLI_NEEDS_REVIEWER,
    2, 2, N_("Name one submission by its id and one code by its name or path"),
    intake_cli_code_entries, intake_cli_code_check, intake_cli_code_run, NULL },
  { "attribute", N_("-p PROJECT ID NAME VALUE"),
    N_("Set a case attribute of a submission; an empty value removes it"),
    INTAKE_CLI_NEEDS_PROJECT | INTAKE_CLI_WRITES | INTAKE_CLI_TAKES_REVIEWER,
    3, 3, N_("Name one submission by its id, an attribute and its value (an empty value removes it)"),
    NULL, intake_cli_attribute_check, intake_cli_attribute_run, NULL },
  { "status", N_("-p PROJECT ID STATUS"),
    N_("Mark a submission new, in-progress, coded or excluded"),
    INTAKE_CLI_NEEDS_PROJECT | INTAKE_CLI_WRITES | INTAKE_CLI_TAKES_REVIEWER,
    2, 2, N_("Name one submission by its id and its new status"),
    NULL, intake_cli_status_check, intake_cli_status_run, NULL },
  { "codebook", N_("-p PROJECT --import FILE.qdc | --export FILE.qdc"),
    N_("Import or export the project’s codebook as REFI-QDA (.qdc)"),
    INTAKE_CLI_NEEDS_PROJECT | INTAKE_CLI_WRITES | INTAKE_CLI_TAKES_REVIEWER,
    0, 0, NULL,
    intake_cli_codebook_entries, intake_cli_codebook_check, intake_cli_codebook_run, NULL },
  { "agreement", N_("-p PROJECT"),
    N_("Measure how far reviewers agree on each code: percent agreement, Cohen’s kappa and Krippendorff’s alpha"),
    INTAKE_CLI_NEEDS_PROJECT,
    0, 0, NULL,
    intake_cli_agreement_entries, intake_cli_agreement_check, intake_cli_agreement_run, intake_cli_agreement_text },
  { "copy", N_("-p PROJECT -o COPY [--sample N --seed S] [--blind]"),
    N_("Write a copy of the project for one reviewer: every submission or a random sample, blind or not"),
    INTAKE_CLI_NEEDS_PROJECT,
    0, 0, NULL,
    intake_cli_copy_entries, intake_cli_copy_check, intake_cli_copy_run, intake_cli_copy_text },
  { "merge", N_("-p PROJECT OTHER_PROJECT..."),
    N_("Merge reviewers’ projects into this one: their codings, memos, attributes, statuses and audit, and the submissions it lacks"),
    INTAKE_CLI_NEEDS_PROJECT | INTAKE_CLI_WRITES | INTAKE_CLI_TAKES_REVIEWER,
    1, INTAKE_CLI_ANY_ARGS, N_("Nothing to merge: name one or more reviewers’ projects"),
    NULL, NULL, intake_cli_merge_run, intake_cli_merge_text },
  { "export", N_("-p PROJECT --format FORMAT -o FILE"),
    N_("Write a report of the coded submissions: XML, HTML, PDF or CSV, redacted unless --no-redact; or the whole project for other QDA programs (.qdpx)"),
    INTAKE_CLI_NEEDS_PROJECT,
    0, 0, NULL,
    intake_cli_export_entries, intake_cli_export_check, intake_cli_export_run, intake_cli_export_text },
  { "stats", N_("-p PROJECT"),
    N_("Count what a project holds"),
    INTAKE_CLI_NEEDS_PROJECT,
    0, 0, NULL,
    NULL, NULL, intake_cli_stats_run, intake_cli_stats_text },
};

static const IntakeCliCommand *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (commands[i].name, name) == 0)
      return &commands[i];

  return NULL;
}

/* The one line a failed command prints; scripts read it, people too. */
static int
fail (const char *format,
      ...) G_GNUC_PRINTF (1, 2);

static int
fail (const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* Keep it to one line whatever the message holds. */
  g_strdelimit (message, "\r\n", ' ');
  fprintf (stderr, "feedback-intake: %s\n", message);

  return EXIT_FAILURE;
}

gboolean
intake_cli_is_command (const char *name)
{
  if (name == NULL || *name == '-')
    return FALSE;

  if (find_command (name) != NULL)
    return TRUE;

  /* A bare word that is not a file is a mistyped command, not a project to open. */
  return strchr (name, '/') == NULL && strchr (name, '.') == NULL &&
         !g_file_test (name, G_FILE_TEST_EXISTS);
}

typedef struct
{
  char     *project;
  char     *reviewer;
  gboolean  json;
} CommonOptions;

static void
common_options_clear (CommonOptions *options)
{
  g_clear_pointer (&options->project, g_free);
  g_clear_pointer (&options->reviewer, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CommonOptions, common_options_clear)

/* The options every command shares come first; a required --reviewer is
 * among them, an optional one follows the command's own options.  That
 * order is the order of --help, which people and scripts know. */
static GOptionContext *
make_context (const IntakeCliCommand *command,
              CommonOptions          *common)
{
  GOptionContext *context;
  g_autofree char *parameter = g_strdup_printf ("%s %s", command->name, _(command->parameters));
  GOptionEntry entries[] = {
    { "project", 'p', 0, G_OPTION_ARG_FILENAME, &common->project, N_("The project file (.intake)"), N_("PROJECT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &common->json, N_("Print one JSON document"), NULL },
    { NULL }
  };
  GOptionEntry required_reviewer[] = {
    { "reviewer", 0, 0, G_OPTION_ARG_STRING, &common->reviewer, N_("Who is coding (added to the project if new)"), N_("NAME") },
    { NULL }
  };
  GOptionEntry optional_reviewer[] = {
    { "reviewer", 0, 0, G_OPTION_ARG_STRING, &common->reviewer, N_("Who is making the change, for the record"), N_("NAME") },
    { NULL }
  };

  context = g_option_context_new (parameter);
  g_option_context_set_summary (context, _(command->summary));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (command->flags & INTAKE_CLI_NEEDS_REVIEWER)
    g_option_context_add_main_entries (context, required_reviewer, GETTEXT_PACKAGE);
  if (command->entries != NULL)
    g_option_context_add_main_entries (context, command->entries, GETTEXT_PACKAGE);
  if (command->flags & INTAKE_CLI_TAKES_REVIEWER)
    g_option_context_add_main_entries (context, optional_reviewer, GETTEXT_PACKAGE);

  return context;
}

static gboolean
check_arguments (const IntakeCliCommand  *command,
                 const IntakeCliContext  *cli,
                 GError                 **error)
{
  if (cli->n_args >= command->min_args && cli->n_args <= command->max_args)
    return TRUE;

  if (command->wrong_args != NULL)
    g_set_error_literal (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE, _(command->wrong_args));
  else
    g_set_error (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                 _("Unexpected argument “%s”"), cli->args[command->max_args]);
  return FALSE;
}

/* A reviewer's name is how the audit trail tells people apart: it must say something. */
static gboolean
check_reviewer (const char  *reviewer,
                GError     **error)
{
  g_autofree char *stripped = NULL;

  if (reviewer == NULL)
    {
      g_set_error_literal (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                           _("No reviewer given: use --reviewer NAME"));
      return FALSE;
    }

  stripped = g_strstrip (g_strdup (reviewer));
  if (!g_utf8_validate (reviewer, -1, NULL) || *stripped == '\0')
    {
      g_set_error_literal (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                           _("The reviewer’s name must be non-empty UTF-8 text"));
      return FALSE;
    }

  return TRUE;
}

/* The one place that decides how a command opens its project. */
static IntakeStore *
cli_open_project (const char      *path,
                  IntakeCliFlags   flags,
                  GError         **error)
{
  /* Only import makes a project; the others must not leave one behind a typo. */
  if (!(flags & INTAKE_CLI_CREATES_PROJECT) && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_FAILED,
                   _("The project “%s” does not exist"), path);
      return NULL;
    }

  /* A reading command never writes, not even a schema into an empty file. */
  if (!(flags & INTAKE_CLI_WRITES))
    return intake_store_open_readonly (path, error);

  return intake_store_open (path, error);
}

static int
run_command (const IntakeCliCommand  *command,
             int                      argc,
             char                   **argv)
{
  g_auto(CommonOptions) common = { 0, };
  g_autoptr(GOptionContext) context = make_context (command, &common);
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(IntakeProject) project = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(GError) error = NULL;
  IntakeCliContext cli = { command, command->flags, };

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail ("%s", error->message);

  if ((command->flags & INTAKE_CLI_NEEDS_PROJECT) && common.project == NULL)
    return fail ("%s", _("No project given: use -p PROJECT"));

  cli.project_path = common.project;
  cli.reviewer = common.reviewer;
  cli.json = common.json;
  /* argv[0] is the program, argv[1] the command. */
  cli.args = (const char * const *) argv + 2;
  cli.n_args = argc - 2;

  if (!check_arguments (command, &cli, &error))
    return fail ("%s", error->message);

  /* A required reviewer is part of the usage; an optional one comes after
   * what the command checks of its own. */
  if ((command->flags & INTAKE_CLI_NEEDS_REVIEWER) && !check_reviewer (cli.reviewer, &error))
    return fail ("%s", error->message);
  if (command->check != NULL && !command->check (&cli, &error))
    return fail ("%s", error->message);
  if ((command->flags & INTAKE_CLI_TAKES_REVIEWER) && cli.reviewer != NULL &&
      !check_reviewer (cli.reviewer, &error))
    return fail ("%s", error->message);

  if (cli.flags & INTAKE_CLI_NEEDS_PROJECT)
    {
      store = cli_open_project (cli.project_path, cli.flags, &error);
      if (store == NULL)
        return fail ("%s", error->message);
      cli.store = store;
      if (cli.flags & INTAKE_CLI_WRITES)
        cli.project = project = intake_project_new_for_store (store);
    }

  if (!command->run (&cli, &result, &error))
    return fail ("%s", error->message);

  intake_cli_print_result (result, command->print_text, cli.json);

  return EXIT_SUCCESS;
}

int
intake_cli_run (int    argc,
                char **argv)
{
  const IntakeCliCommand *command = find_command (argv[1]);
  g_autofree char **shifted = NULL;

  if (command == NULL)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
        g_string_append_printf (names, "%s%s", i ? ", " : "", commands[i].name);
      return fail (_("Unknown command “%s” (commands: %s)"), argv[1], names->str);
    }

  /* GOption sees "feedback-intake import …" as program "import" with its options. */
  shifted = g_new0 (char *, argc + 1);
  shifted[0] = argv[0];
  for (int i = 1; i < argc; i++)
    shifted[i] = argv[i];

  return run_command (command, argc, shifted);
}
