#define G_LOG_DOMAIN "intake-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>

#include "intake-cli.h"
#include "intake-importer.h"
#include "intake-store.h"

typedef int (*CommandFunc) (int argc, char **argv);

typedef struct
{
  const char  *name;
  CommandFunc  run;
  const char  *parameters;
  const char  *summary;
} Command;

static int run_import (int argc, char **argv);
static int run_list   (int argc, char **argv);
static int run_show   (int argc, char **argv);
static int run_stats  (int argc, char **argv);

static const Command commands[] = {
  { "import", run_import, N_("-p PROJECT FILE|FOLDER…"), N_("Import mailboxes (mbox, Maildir, .eml) into a project") },
  { "list",   run_list,   N_("-p PROJECT"),              N_("List the submissions of a project") },
  { "show",   run_show,   N_("-p PROJECT ID"),           N_("Show one submission whole") },
  { "stats",  run_stats,  N_("-p PROJECT"),              N_("Count what a project holds") },
};

static const Command *
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
  gboolean  json;
} CommonOptions;

static void
common_options_clear (CommonOptions *options)
{
  g_clear_pointer (&options->project, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CommonOptions, common_options_clear)

static GOptionContext *
make_context (const Command *command,
              CommonOptions *common,
              GOptionEntry  *extra)
{
  GOptionContext *context;
  g_autofree char *parameter = g_strdup_printf ("%s %s", command->name, _(command->parameters));
  GOptionEntry entries[] = {
    { "project", 'p', 0, G_OPTION_ARG_FILENAME, &common->project, N_("The project file (.intake)"), N_("PROJECT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &common->json, N_("Print one JSON document"), NULL },
    { NULL }
  };

  context = g_option_context_new (parameter);
  g_option_context_set_summary (context, _(command->summary));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (extra != NULL)
    g_option_context_add_main_entries (context, extra, GETTEXT_PACKAGE);

  return context;
}

static gboolean
parse_options (GOptionContext *context,
               int            *argc,
               char         ***argv,
               CommonOptions  *common,
               int            *status)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = fail ("%s", error->message);
      return FALSE;
    }

  if (common->project == NULL)
    {
      *status = fail ("%s", _("No project given: use -p PROJECT"));
      return FALSE;
    }

  return TRUE;
}

/* Reading commands must not create a project where there was none. */
static IntakeStore *
open_existing_store (const char *path,
                     int        *status)
{
  g_autoptr(GError) error = NULL;
  IntakeStore *store;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      *status = fail (_("The project “%s” does not exist"), path);
      return NULL;
    }

  store = intake_store_open (path, &error);
  if (store == NULL)
    *status = fail ("%s", error->message);

  return store;
}

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  puts (text);
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *member,
                    const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
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
      add_string_or_null (builder, "file", issue->file);
      add_string_or_null (builder, "position", issue->position);
      add_string_or_null (builder, "reason", issue->reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static int
run_import (int    argc,
            char **argv)
{
  g_auto(CommonOptions) common = { 0, };
  g_autoptr(GOptionContext) context = make_context (find_command ("import"), &common, NULL);
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(IntakeImporter) importer = NULL;
  g_autoptr(IntakeImportSummary) summary = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  int status = EXIT_SUCCESS;

  if (!parse_options (context, &argc, &argv, &common, &status))
    return status;

  if (argc < 3)
    return fail ("%s", _("Nothing to import: name one or more mailbox files or folders"));

  /* Inputs are checked before the project is created, so a typo leaves nothing behind. */
  for (int i = 2; i < argc; i++)
    {
      if (!g_file_test (argv[i], G_FILE_TEST_EXISTS))
        return fail (_("“%s” does not exist"), argv[i]);
      g_ptr_array_add (files, g_file_new_for_commandline_arg (argv[i]));
    }

  store = intake_store_open (common.project, &error);
  if (store == NULL)
    return fail ("%s", error->message);

  importer = intake_importer_new (store);
  summary = intake_importer_import_sync (importer, (GFile * const *) files->pdata, files->len, NULL, &error);
  if (summary == NULL)
    return fail ("%s", error->message);

  if (common.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "files");
      json_builder_add_int_value (builder, summary->files);
      json_builder_set_member_name (builder, "seen");
      json_builder_add_int_value (builder, summary->seen);
      json_builder_set_member_name (builder, "imported");
      json_builder_add_int_value (builder, summary->imported);
      json_builder_set_member_name (builder, "duplicates");
      json_builder_add_int_value (builder, summary->duplicates);
      json_builder_set_member_name (builder, "rejected");
      json_builder_add_int_value (builder, summary->rejected);
      add_issues (builder, "errors", summary->errors);
      add_issues (builder, "skipped", summary->skipped);
      json_builder_end_object (builder);
      print_json (builder);
    }
  else
    {
      printf (g_dngettext (GETTEXT_PACKAGE,
                           "%u message seen in %u file: %u imported, %u duplicates, %u rejected\n",
                           "%u messages seen in %u files: %u imported, %u duplicates, %u rejected\n",
                           summary->seen),
              summary->seen, summary->files, summary->imported, summary->duplicates, summary->rejected);
      for (guint i = 0; i < summary->errors->len; i++)
        {
          IntakeImportIssue *issue = g_ptr_array_index (summary->errors, i);

          /* Translators: file, position in it, and why the message was rejected */
          printf (_("Rejected: %s, at %s: %s\n"), issue->file, issue->position, issue->reason);
        }
      for (guint i = 0; i < summary->skipped->len; i++)
        {
          IntakeImportIssue *issue = g_ptr_array_index (summary->skipped, i);

          printf (_("Skipped: %s: %s\n"), issue->file, issue->reason);
        }
    }

  return status;
}

static void
add_summary_members (JsonBuilder      *builder,
                     IntakeSubmission *submission)
{
  g_autofree char *date = intake_submission_dup_date_iso8601 (submission);

  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, intake_submission_get_id (submission));
  add_string_or_null (builder, "message_id", intake_submission_get_message_id (submission));
  add_string_or_null (builder, "subject", intake_submission_get_subject (submission));
  add_string_or_null (builder, "from_name", intake_submission_get_from_name (submission));
  add_string_or_null (builder, "from_addr", intake_submission_get_from_addr (submission));
  add_string_or_null (builder, "date", date);
  json_builder_set_member_name (builder, "attachments");
  json_builder_add_int_value (builder, intake_submission_get_n_attachments (submission));
  add_string_or_null (builder, "status", intake_submission_get_status (submission));
}

static int
run_list (int    argc,
          char **argv)
{
  g_auto(CommonOptions) common = { 0, };
  g_autofree char *search = NULL;
  GOptionEntry entries[] = {
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_("Only submissions holding these words"), N_("WORDS") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = make_context (find_command ("list"), &common, entries);
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_SUCCESS;

  if (!parse_options (context, &argc, &argv, &common, &status))
    return status;
  if (argc > 2)
    return fail (_("Unexpected argument “%s”"), argv[2]);

  store = open_existing_store (common.project, &status);
  if (store == NULL)
    return status;

  ids = search ? intake_store_search (store, search, &error) : intake_store_list_ids (store, &error);
  if (ids != NULL)
    rows = intake_store_get_summaries (store, (const gint64 *) ids->data, ids->len, &error);
  if (rows == NULL)
    return fail ("%s", error->message);

  if (common.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < rows->len; i++)
        {
          json_builder_begin_object (builder);
          add_summary_members (builder, g_ptr_array_index (rows, i));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      print_json (builder);
      return status;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      IntakeSubmission *submission = g_ptr_array_index (rows, i);
      g_autofree char *date = intake_submission_dup_date_iso8601 (submission);
      const char *name = intake_submission_get_from_name (submission);

      printf ("%6" G_GINT64_FORMAT "  %-20s  %-28.28s  %s%s\n",
              intake_submission_get_id (submission),
              date ? date : _("unknown date"),
              *name ? name : intake_submission_get_from_addr (submission),
              intake_submission_get_subject (submission),
              intake_submission_get_n_attachments (submission) > 0 ? " 📎" : "");
    }

  return status;
}

static gboolean
parse_id (const char *text,
          gint64     *id)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;

  *id = (gint64) value;
  return TRUE;
}

static int
run_show (int    argc,
          char **argv)
{
  g_auto(CommonOptions) common = { 0, };
  g_autoptr(GOptionContext) context = make_context (find_command ("show"), &common, NULL);
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(IntakeSubmission) submission = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *attachments;
  int status = EXIT_SUCCESS;
  gint64 id;

  if (!parse_options (context, &argc, &argv, &common, &status))
    return status;
  if (argc != 3)
    return fail ("%s", _("Name one submission by its id, as “list” prints it"));
  if (!parse_id (argv[2], &id))
    return fail (_("“%s” is not a submission id"), argv[2]);

  store = open_existing_store (common.project, &status);
  if (store == NULL)
    return status;

  submission = intake_store_get_submission (store, id, &error);
  if (submission == NULL)
    return fail ("%s", error->message);

  attachments = intake_submission_get_attachments (submission);

  if (common.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      add_summary_members (builder, submission);
      add_string_or_null (builder, "in_reply_to", intake_submission_get_in_reply_to (submission));
      add_string_or_null (builder, "text", intake_submission_get_text (submission));
      json_builder_set_member_name (builder, "attachments");
      json_builder_begin_array (builder);
      for (guint i = 0; i < g_list_model_get_n_items (attachments); i++)
        {
          g_autoptr(IntakeAttachment) attachment = g_list_model_get_item (attachments, i);
          const char *text = intake_attachment_get_text (attachment);

          json_builder_begin_object (builder);
          add_string_or_null (builder, "filename", intake_attachment_get_filename (attachment));
          add_string_or_null (builder, "mime_type", intake_attachment_get_mime_type (attachment));
          json_builder_set_member_name (builder, "size");
          json_builder_add_int_value (builder, intake_attachment_get_size (attachment));
          json_builder_set_member_name (builder, "text_chars");
          json_builder_add_int_value (builder, text ? g_utf8_strlen (text, -1) : 0);
          add_string_or_null (builder, "sha256", intake_attachment_get_sha256 (attachment));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      print_json (builder);
    }
  else
    {
      g_autofree char *date = intake_submission_dup_date_iso8601 (submission);

      printf ("%s %s\n", _("Subject:"), intake_submission_get_subject (submission));
      printf ("%s %s <%s>\n", _("From:"), intake_submission_get_from_name (submission),
              intake_submission_get_from_addr (submission));
      printf ("%s %s\n", _("Date:"), date ? date : _("unknown"));
      if (intake_submission_get_message_id (submission))
        printf ("%s <%s>\n", _("Message-ID:"), intake_submission_get_message_id (submission));
      if (intake_submission_get_in_reply_to (submission))
        printf ("%s <%s>\n", _("In-Reply-To:"), intake_submission_get_in_reply_to (submission));
      for (guint i = 0; i < g_list_model_get_n_items (attachments); i++)
        {
          g_autoptr(IntakeAttachment) attachment = g_list_model_get_item (attachments, i);
          g_autofree char *size = g_format_size (intake_attachment_get_size (attachment));

          printf ("%s %s (%s, %s)\n", _("Attachment:"), intake_attachment_get_filename (attachment),
                  intake_attachment_get_mime_type (attachment), size);
        }
      printf ("\n%s", intake_submission_get_text (submission));
    }

  return status;
}

static int
run_stats (int    argc,
           char **argv)
{
  g_auto(CommonOptions) common = { 0, };
  g_autoptr(GOptionContext) context = make_context (find_command ("stats"), &common, NULL);
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(GError) error = NULL;
  IntakeStats stats;
  int status = EXIT_SUCCESS;

  if (!parse_options (context, &argc, &argv, &common, &status))
    return status;
  if (argc > 2)
    return fail (_("Unexpected argument “%s”"), argv[2]);

  store = open_existing_store (common.project, &status);
  if (store == NULL)
    return status;

  if (!intake_store_get_stats (store, &stats, &error))
    return fail ("%s", error->message);

  if (common.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "submissions");
      json_builder_add_int_value (builder, stats.submissions);
      json_builder_set_member_name (builder, "attachments");
      json_builder_add_int_value (builder, stats.attachments);
      json_builder_set_member_name (builder, "duplicates");
      json_builder_add_int_value (builder, stats.duplicates);
      json_builder_set_member_name (builder, "rejected");
      json_builder_add_int_value (builder, stats.rejected);
      json_builder_set_member_name (builder, "source_files");
      json_builder_add_int_value (builder, stats.source_files);
      json_builder_end_object (builder);
      print_json (builder);
    }
  else
    {
      printf (_("Submissions:     %u\n"), stats.submissions);
      printf (_("Attachments:     %u\n"), stats.attachments);
      printf (_("Duplicates seen: %u\n"), stats.duplicates);
      printf (_("Rejected:        %u\n"), stats.rejected);
      printf (_("Files imported:  %u\n"), stats.source_files);
    }

  return status;
}

int
intake_cli_run (int    argc,
                char **argv)
{
  const Command *command = find_command (argv[1]);
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

  return command->run (argc, shifted);
}
