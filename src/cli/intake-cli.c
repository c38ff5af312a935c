#define G_LOG_DOMAIN "intake-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>

#include "intake-cli.h"
#include "intake-codebook.h"
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

static int run_import    (int argc, char **argv);
static int run_list      (int argc, char **argv);
static int run_show      (int argc, char **argv);
static int run_code      (int argc, char **argv);
static int run_attribute (int argc, char **argv);
static int run_status    (int argc, char **argv);
static int run_codebook  (int argc, char **argv);
static int run_stats     (int argc, char **argv);

static const Command commands[] = {
  { "import",    run_import,    N_("-p PROJECT FILE|FOLDER…"),          N_("Import mailboxes (mbox, Maildir, .eml) into a project") },
  { "list",      run_list,      N_("-p PROJECT"),                       N_("List the submissions of a project, or those matching filters") },
  { "show",      run_show,      N_("-p PROJECT ID"),                    N_("Show one submission whole, with its codings, attributes and memo") },
  { "code",      run_code,      N_("-p PROJECT --reviewer NAME ID CODE"), N_("Apply a code to a submission or an excerpt of it, or remove it with --remove") },
  { "attribute", run_attribute, N_("-p PROJECT ID NAME VALUE"),         N_("Set a case attribute of a submission; an empty value removes it") },
  { "status",    run_status,    N_("-p PROJECT ID STATUS"),             N_("Mark a submission new, in-progress, coded or excluded") },
  { "codebook",  run_codebook,  N_("-p PROJECT --import FILE.qdc | --export FILE.qdc"), N_("Import or export the project’s codebook as REFI-QDA (.qdc)") },
  { "stats",     run_stats,     N_("-p PROJECT"),                       N_("Count what a project holds") },
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
      /* One figure a line: no sentence to agree in number with its counts. */
      printf (_("Files read:      %u\n"), summary->files);
      printf (_("Messages seen:   %u\n"), summary->seen);
      printf (_("Imported:        %u\n"), summary->imported);
      printf (_("Duplicates:      %u\n"), summary->duplicates);
      printf (_("Rejected:        %u\n"), summary->rejected);
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
  add_string_or_null (builder, "status", intake_status_to_string (intake_submission_get_status (submission)));
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

static const char * const statuses[] = { "new", "in-progress", "coded", "excluded", NULL };

static gboolean
check_status (const char *text,
              int        *status)
{
  g_autofree char *valid = NULL;

  if (g_strv_contains (statuses, text))
    return TRUE;

  valid = g_strjoinv (", ", (char **) statuses);
  *status = fail (_("“%s” is not a status (statuses: %s)"), text, valid);
  return FALSE;
}

/* A reviewer's name is how the audit trail tells people apart: it must say something. */
static gboolean
check_reviewer (const char *reviewer,
                int        *status)
{
  g_autofree char *stripped = NULL;

  if (reviewer == NULL)
    {
      *status = fail ("%s", _("No reviewer given: use --reviewer NAME"));
      return FALSE;
    }

  stripped = g_strstrip (g_strdup (reviewer));
  if (!g_utf8_validate (reviewer, -1, NULL) || *stripped == '\0')
    {
      *status = fail ("%s", _("The reviewer’s name must be non-empty UTF-8 text"));
      return FALSE;
    }

  return TRUE;
}

static IntakeSubmission *
get_submission (IntakeStore *store,
                const char  *id_text,
                int         *status)
{
  g_autoptr(GError) error = NULL;
  IntakeSubmission *submission;
  gint64 id;

  if (!parse_id (id_text, &id))
    {
      *status = fail (_("“%s” is not a submission id"), id_text);
      return NULL;
    }

  submission = intake_store_get_submission (store, id, &error);
  if (submission == NULL)
    *status = fail ("%s", error->message);

  return submission;
}

/* Names compare as intake_codebook_find() compares them: normalised, any case. */
static char *
fold_name (const char *text)
{
  return intake_text_fold (text);
}

/* intake_codebook_find() only says "not exactly one"; when it finds
 * nothing, the person needs to know whether the name is unknown or which
 * codes share it. */
static IntakeCode *
resolve_code (IntakeCodebook *codebook,
              const char     *name,
              int            *status)
{
  g_autoptr(GPtrArray) paths = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *folded_name = NULL;
  g_autofree char *folded_path = NULL;
  g_autofree char *listed = NULL;
  IntakeCode *code;

  if (!g_utf8_validate (name, -1, NULL))
    {
      *status = fail ("%s", _("The code’s name is not valid UTF-8 text"));
      return NULL;
    }

  code = intake_codebook_find (codebook, name);
  if (code != NULL)
    return code;

  parts = g_strsplit (name, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    g_strstrip (parts[i]);
  joined = g_strjoinv ("/", parts);
  folded_name = fold_name (name);
  folded_path = fold_name (joined);

  paths = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < intake_codebook_get_n_codes (codebook); i++)
    {
      IntakeCode *candidate = intake_codebook_get_code (codebook, i);
      g_autofree char *path = intake_code_dup_path (candidate, codebook);
      g_autofree char *candidate_name = fold_name (intake_code_get_name (candidate));
      g_autofree char *candidate_path = fold_name (path);

      if (g_str_equal (candidate_name, folded_name) || g_str_equal (candidate_path, folded_path))
        g_ptr_array_add (paths, g_steal_pointer (&path));
    }

  if (paths->len < 2)
    {
      *status = fail (_("There is no code named “%s”"), name);
      return NULL;
    }

  g_ptr_array_add (paths, NULL);
  /* Translators: what separates the quoted code paths of a list */
  listed = g_strjoinv (_("”, “"), (char **) paths->pdata);
  /* Translators: the second %s is a list of code paths, already quoted */
  *status = fail (_("“%s” could be any of “%s”: give the code’s path"), name, listed);
  return NULL;
}

static IntakeCodebook *
load_codebook (IntakeStore *store,
               int         *status)
{
  g_autoptr(GError) error = NULL;
  IntakeCodebook *codebook = intake_store_load_codebook (store, &error);

  if (codebook == NULL)
    *status = fail ("%s", error->message);

  return codebook;
}

static gboolean
split_attribute (const char  *text,
                 char       **name,
                 char       **value,
                 int         *status)
{
  const char *equals = strchr (text, '=');

  if (equals == NULL || equals == text)
    {
      *status = fail (_("“%s” is not an attribute filter: write NAME=VALUE"), text);
      return FALSE;
    }

  *name = g_strndup (text, equals - text);
  *value = g_strdup (equals + 1);
  return TRUE;
}

static int
run_list (int    argc,
          char **argv)
{
  g_auto(CommonOptions) common = { 0, };
  g_autofree char *search = NULL;
  g_autofree char *code_name = NULL;
  g_autofree char *status_name = NULL;
  g_autofree char *reviewer = NULL;
  g_autofree char *attribute = NULL;
  g_autofree char *attribute_name = NULL;
  g_autofree char *attribute_value = NULL;
  gboolean has_attachments = FALSE;
  GOptionEntry entries[] = {
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_("Only submissions holding these words"), N_("WORDS") },
    { "code", 0, 0, G_OPTION_ARG_STRING, &code_name, N_("Only submissions coded with this code or one of its subcodes"), N_("CODE") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_name, N_("Only submissions with this status (new, in-progress, coded, excluded)"), N_("STATUS") },
    { "reviewer", 0, 0, G_OPTION_ARG_STRING, &reviewer, N_("Only submissions this reviewer coded"), N_("NAME") },
    { "attribute", 0, 0, G_OPTION_ARG_STRING, &attribute, N_("Only submissions with this attribute value"), N_("NAME=VALUE") },
    { "has-attachments", 0, 0, G_OPTION_ARG_NONE, &has_attachments, N_("Only submissions with attachments"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = make_context (find_command ("list"), &common, entries);
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(IntakeCodebook) codebook = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  IntakeFilter filter = { 0, };
  int status = EXIT_SUCCESS;

  if (!parse_options (context, &argc, &argv, &common, &status))
    return status;
  if (argc > 2)
    return fail (_("Unexpected argument “%s”"), argv[2]);
  if (status_name != NULL && !check_status (status_name, &status))
    return status;
  if (attribute != NULL && !split_attribute (attribute, &attribute_name, &attribute_value, &status))
    return status;

  store = open_existing_store (common.project, &status);
  if (store == NULL)
    return status;

  if (code_name != NULL)
    {
      IntakeCode *code;

      codebook = load_codebook (store, &status);
      if (codebook == NULL)
        return status;
      /* Groups are welcome here: they stand for all their subcodes. */
      code = resolve_code (codebook, code_name, &status);
      if (code == NULL)
        return status;
      filter.code_guid = intake_code_get_guid (code);
    }

  filter.search = search;
  filter.has_status = intake_status_from_string (status_name, &filter.status);
  filter.reviewer = reviewer;
  filter.attribute_name = attribute_name;
  filter.attribute_value = attribute_value;
  filter.has_attachments = has_attachments;

  if (search == NULL && code_name == NULL && status_name == NULL && reviewer == NULL &&
      attribute == NULL && !has_attachments)
    ids = intake_store_list_ids (store, &error);
  else
    ids = intake_store_filter_ids (store, &filter, &error);
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

static void
add_int_or_null (JsonBuilder *builder,
                 const char  *member,
                 int          value)
{
  json_builder_set_member_name (builder, member);
  if (value >= 0)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* The contract's shape of a coding; whole-submission ones have null offsets. */
static void
add_coding (JsonBuilder        *builder,
            const IntakeCoding *coding)
{
  gboolean whole = coding->start < 0;

  json_builder_begin_object (builder);
  add_string_or_null (builder, "code", coding->code_path);
  add_string_or_null (builder, "reviewer", coding->reviewer);
  add_int_or_null (builder, "start", whole ? -1 : coding->start);
  add_int_or_null (builder, "end", whole ? -1 : coding->end);
  add_string_or_null (builder, "excerpt", whole ? NULL : coding->excerpt);
  json_builder_end_object (builder);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

/* Attribute names in a stable order, so output can be compared. */
static GPtrArray *
sorted_names (GHashTable *attributes)
{
  GPtrArray *names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, attributes);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (names, key);
  g_ptr_array_sort (names, compare_names);

  return names;
}

static void
print_coding_line (const IntakeCoding *coding)
{
  if (coding->start < 0)
    {
      /* Translators: code path, reviewer */
      printf (_("Coded: %s (%s), whole submission\n"), coding->code_path, coding->reviewer);
    }
  else
    {
      g_autofree char *excerpt = g_strdup (coding->excerpt ? coding->excerpt : "");
      glong length = g_utf8_strlen (excerpt, -1);

      g_strdelimit (excerpt, "\r\n\t", ' ');
      if (length > 60)
        {
          char *cut = g_utf8_offset_to_pointer (excerpt, 59);

          *cut = '\0';
        }
      /* Translators: code path, reviewer, start and end offsets, excerpt */
      printf (_("Coded: %s (%s), %d–%d: “%s%s”\n"), coding->code_path, coding->reviewer,
              coding->start, coding->end, excerpt, length > 60 ? "…" : "");
    }
}

static int
run_show (int    argc,
          char **argv)
{
  g_auto(CommonOptions) common = { 0, };
  g_autoptr(GOptionContext) context = make_context (find_command ("show"), &common, NULL);
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(IntakeSubmission) submission = NULL;
  g_autoptr(GPtrArray) codings = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *memo = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *attachments;
  int status = EXIT_SUCCESS;
  gint64 id;

  if (!parse_options (context, &argc, &argv, &common, &status))
    return status;
  if (argc != 3)
    return fail ("%s", _("Name one submission by its id, as “list” prints it"));

  store = open_existing_store (common.project, &status);
  if (store == NULL)
    return status;

  submission = get_submission (store, argv[2], &status);
  if (submission == NULL)
    return status;
  id = intake_submission_get_id (submission);

  codings = intake_store_list_codings (store, id, &error);
  if (codings != NULL)
    attributes = intake_store_get_attributes (store, id, &error);
  if (attributes != NULL)
    memo = intake_store_get_memo (store, id, &error);
  if (error != NULL)
    return fail ("%s", error->message);
  if (codings == NULL || attributes == NULL)
    return fail ("%s", _("The submission’s codings could not be read"));

  names = sorted_names (attributes);
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
          add_string_or_null (builder, "note", intake_attachment_get_note (attachment));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "codings");
      json_builder_begin_array (builder);
      for (guint i = 0; i < codings->len; i++)
        add_coding (builder, g_ptr_array_index (codings, i));
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "attributes");
      json_builder_begin_object (builder);
      for (guint i = 0; i < names->len; i++)
        {
          const char *name = g_ptr_array_index (names, i);

          add_string_or_null (builder, name, g_hash_table_lookup (attributes, name));
        }
      json_builder_end_object (builder);
      add_string_or_null (builder, "memo", memo);
      json_builder_end_object (builder);
      print_json (builder);
    }
  else
    {
      g_autofree char *date = intake_submission_dup_date_iso8601 (submission);

      printf ("%s %s\n", _("Subject:"), intake_submission_get_subject (submission));
      if (*intake_submission_get_from_name (submission) != '\0')
        printf ("%s %s <%s>\n", _("From:"), intake_submission_get_from_name (submission),
                intake_submission_get_from_addr (submission));
      else
        printf ("%s %s\n", _("From:"), intake_submission_get_from_addr (submission));
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
          if (intake_attachment_get_note (attachment) != NULL)
            printf ("  %s\n", intake_attachment_get_note (attachment));
        }
      printf ("%s %s\n", _("Status:"), intake_status_to_string (intake_submission_get_status (submission)));
      for (guint i = 0; i < names->len; i++)
        {
          const char *name = g_ptr_array_index (names, i);

          /* Translators: attribute name and value */
          printf (_("Attribute: %s = %s\n"), name, (const char *) g_hash_table_lookup (attributes, name));
        }
      for (guint i = 0; i < codings->len; i++)
        print_coding_line (g_ptr_array_index (codings, i));
      if (memo != NULL && *memo != '\0')
        {
          g_auto(GStrv) lines = g_strsplit (memo, "\n", -1);

          /* The memo's own lines are indented so they cannot pass for headers. */
          printf ("%s %s\n", _("Memo:"), lines[0]);
          for (guint i = 1; lines[i] != NULL; i++)
            printf ("      %s\n", lines[i]);
        }
      printf ("\n%s", intake_submission_get_text (submission));
    }

  return status;
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
         g_strcmp0 (coding->reviewer, reviewer) == 0 &&
         (start < 0 ? whole : (!whole && coding->start == start && coding->end == end));
}

#define NO_OFFSET G_MININT

static int
run_code (int    argc,
          char **argv)
{
  g_auto(CommonOptions) common = { 0, };
  g_autofree char *reviewer = NULL;
  int start = NO_OFFSET;
  int end = NO_OFFSET;
  gboolean remove = FALSE;
  GOptionEntry entries[] = {
    { "reviewer", 0, 0, G_OPTION_ARG_STRING, &reviewer, N_("Who is coding (added to the project if new)"), N_("NAME") },
    { "start", 0, 0, G_OPTION_ARG_INT, &start, N_("Where the excerpt starts, in characters from the start of the text"), N_("N") },
    { "end", 0, 0, G_OPTION_ARG_INT, &end, N_("Where the excerpt ends (exclusive), in characters"), N_("N") },
    { "remove", 0, 0, G_OPTION_ARG_NONE, &remove, N_("Remove the coding instead of adding it"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = make_context (find_command ("code"), &common, entries);
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(IntakeSubmission) submission = NULL;
  g_autoptr(IntakeCodebook) codebook = NULL;
  g_autoptr(GPtrArray) codings = NULL;
  g_autoptr(IntakeCoding) added = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const IntakeCoding *existing = NULL;
  IntakeCode *code;
  int status = EXIT_SUCCESS;
  gint64 id;

  if (!parse_options (context, &argc, &argv, &common, &status))
    return status;
  if (argc != 4)
    return fail ("%s", _("Name one submission by its id and one code by its name or path"));
  if (!check_reviewer (reviewer, &status))
    return status;
  if ((start == NO_OFFSET) != (end == NO_OFFSET))
    return fail ("%s", _("An excerpt needs both --start and --end"));
  if (start != NO_OFFSET && start >= end)
    return fail (_("The excerpt must start before it ends (--start %d, --end %d)"), start, end);

  store = open_existing_store (common.project, &status);
  if (store == NULL)
    return status;

  submission = get_submission (store, argv[2], &status);
  if (submission == NULL)
    return status;
  id = intake_submission_get_id (submission);

  codebook = load_codebook (store, &status);
  if (codebook == NULL)
    return status;
  code = resolve_code (codebook, argv[3], &status);
  if (code == NULL)
    return status;
  path = intake_code_dup_path (code, codebook);
  if (!intake_code_get_is_codable (code))
    return fail (_("“%s” is a group of codes and cannot be applied; apply one of its codes"), path);

  if (start != NO_OFFSET)
    {
      int length = intake_text_length (intake_submission_get_text (submission));

      if (start < 0 || end > length)
        return fail (g_dngettext (GETTEXT_PACKAGE,
                                  "The excerpt %d–%d is outside the text, which is %d character long",
                                  "The excerpt %d–%d is outside the text, which is %d characters long",
                                  length),
                     start, end, length);
    }
  else
    start = end = -1;

  codings = intake_store_list_codings (store, id, &error);
  if (codings == NULL)
    return fail ("%s", error->message);
  for (guint i = 0; i < codings->len && existing == NULL; i++)
    if (same_place (g_ptr_array_index (codings, i), intake_code_get_guid (code), reviewer, start, end))
      existing = g_ptr_array_index (codings, i);

  if (remove)
    {
      if (existing == NULL)
        {
          if (start < 0)
            return fail (_("%s has not coded submission %s as a whole with “%s”"), reviewer, argv[2], path);
          return fail (_("%s has not coded the excerpt %d–%d of submission %s with “%s”"),
                       reviewer, start, end, argv[2], path);
        }

      /* A store that once let the same coding in twice is cleaned up whole. */
      for (guint i = 0; i < codings->len; i++)
        {
          const IntakeCoding *coding = g_ptr_array_index (codings, i);

          if (same_place (coding, intake_code_get_guid (code), reviewer, start, end) &&
              !intake_store_remove_coding (store, coding->guid, reviewer, &error))
            return fail ("%s", error->message);
        }
    }
  else if (existing == NULL)
    {
      /* Everything is checked: only now may the reviewer be written down. */
      if (!intake_store_ensure_reviewer (store, reviewer, &error))
        return fail ("%s", error->message);
      added = intake_store_add_coding (store, id, intake_code_get_guid (code), reviewer,
                                       start, end, NULL, NULL, &error);
      if (added == NULL)
        return fail ("%s", error->message);
      existing = added;
    }

  /* Coding what is already coded changes nothing and is not an error. */
  if (common.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      add_coding (builder, existing);
      print_json (builder);
    }

  return status;
}

static int
run_attribute (int    argc,
               char **argv)
{
  g_auto(CommonOptions) common = { 0, };
  g_autofree char *reviewer = NULL;
  GOptionEntry entries[] = {
    { "reviewer", 0, 0, G_OPTION_ARG_STRING, &reviewer, N_("Who is making the change, for the record"), N_("NAME") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = make_context (find_command ("attribute"), &common, entries);
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(IntakeSubmission) submission = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;
  int status = EXIT_SUCCESS;
  gint64 id;

  if (!parse_options (context, &argc, &argv, &common, &status))
    return status;
  if (argc != 5)
    return fail ("%s", _("Name one submission by its id, an attribute and its value (an empty value removes it)"));
  if (reviewer != NULL && !check_reviewer (reviewer, &status))
    return status;
  if (!g_utf8_validate (argv[3], -1, NULL) || !g_utf8_validate (argv[4], -1, NULL))
    return fail ("%s", _("The attribute’s name and value must be UTF-8 text"));

  name = g_strstrip (g_strdup (argv[3]));
  value = g_strstrip (g_strdup (argv[4]));
  if (*name == '\0')
    return fail ("%s", _("The attribute’s name is empty"));

  store = open_existing_store (common.project, &status);
  if (store == NULL)
    return status;

  submission = get_submission (store, argv[2], &status);
  if (submission == NULL)
    return status;
  id = intake_submission_get_id (submission);

  if (reviewer != NULL && !intake_store_ensure_reviewer (store, reviewer, &error))
    return fail ("%s", error->message);
  if (!intake_store_set_attribute (store, id, name, *value ? value : NULL, reviewer, &error))
    return fail ("%s", error->message);

  if (common.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(GPtrArray) names = NULL;

      attributes = intake_store_get_attributes (store, id, &error);
      if (attributes == NULL)
        return fail ("%s", error->message);
      names = sorted_names (attributes);

      json_builder_begin_object (builder);
      for (guint i = 0; i < names->len; i++)
        {
          const char *key = g_ptr_array_index (names, i);

          add_string_or_null (builder, key, g_hash_table_lookup (attributes, key));
        }
      json_builder_end_object (builder);
      print_json (builder);
    }

  return status;
}

static int
run_status (int    argc,
            char **argv)
{
  g_auto(CommonOptions) common = { 0, };
  g_autofree char *reviewer = NULL;
  GOptionEntry entries[] = {
    { "reviewer", 0, 0, G_OPTION_ARG_STRING, &reviewer, N_("Who is making the change, for the record"), N_("NAME") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = make_context (find_command ("status"), &common, entries);
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(IntakeSubmission) submission = NULL;
  g_autoptr(GError) error = NULL;
  IntakeStatus new_status = INTAKE_STATUS_NEW;
  int status = EXIT_SUCCESS;

  if (!parse_options (context, &argc, &argv, &common, &status))
    return status;
  if (argc != 4)
    return fail ("%s", _("Name one submission by its id and its new status"));
  if (!check_status (argv[3], &status))
    return status;
  if (reviewer != NULL && !check_reviewer (reviewer, &status))
    return status;

  store = open_existing_store (common.project, &status);
  if (store == NULL)
    return status;

  submission = get_submission (store, argv[2], &status);
  if (submission == NULL)
    return status;

  if (reviewer != NULL && !intake_store_ensure_reviewer (store, reviewer, &error))
    return fail ("%s", error->message);
  intake_status_from_string (argv[3], &new_status);
  if (!intake_store_set_status (store, intake_submission_get_id (submission), new_status, reviewer, &error))
    return fail ("%s", error->message);

  return status;
}

static int
run_codebook (int    argc,
              char **argv)
{
  g_auto(CommonOptions) common = { 0, };
  g_autofree char *import_path = NULL;
  g_autofree char *export_path = NULL;
  g_autofree char *reviewer = NULL;
  GOptionEntry entries[] = {
    { "import", 0, 0, G_OPTION_ARG_FILENAME, &import_path, N_("Add the codes of a REFI-QDA codebook and update those the project has"), N_("FILE.qdc") },
    { "export", 0, 0, G_OPTION_ARG_FILENAME, &export_path, N_("Write the project’s codebook as REFI-QDA"), N_("FILE.qdc") },
    { "reviewer", 0, 0, G_OPTION_ARG_STRING, &reviewer, N_("Who is making the change, for the record"), N_("NAME") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = make_context (find_command ("codebook"), &common, entries);
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(IntakeCodebook) codebook = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_SUCCESS;

  if (!parse_options (context, &argc, &argv, &common, &status))
    return status;
  if (argc > 2)
    return fail (_("Unexpected argument “%s”"), argv[2]);
  if ((import_path == NULL) == (export_path == NULL))
    return fail ("%s", _("Give exactly one of --import FILE.qdc and --export FILE.qdc"));
  if (reviewer != NULL && !check_reviewer (reviewer, &status))
    return status;

  store = open_existing_store (common.project, &status);
  if (store == NULL)
    return status;

  if (import_path != NULL)
    {
      g_autofree char *contents = NULL;
      g_autoptr(GBytes) bytes = NULL;
      gsize length;

      if (!g_file_get_contents (import_path, &contents, &length, &error))
        return fail ("%s", error->message);
      bytes = g_bytes_new_take (g_steal_pointer (&contents), length);

      /* Parsed and checked whole before the project is touched. */
      codebook = intake_codebook_load_qdc (bytes, &error);
      if (codebook == NULL)
        return fail ("%s", error->message);
      if (reviewer != NULL && !intake_store_ensure_reviewer (store, reviewer, &error))
        return fail ("%s", error->message);
      if (!intake_store_import_codebook (store, codebook, reviewer, &error))
        return fail ("%s", error->message);
    }
  else
    {
      g_autoptr(GBytes) bytes = NULL;
      gsize length;
      const char *data;

      codebook = load_codebook (store, &status);
      if (codebook == NULL)
        return status;
      bytes = intake_codebook_to_qdc (codebook, &error);
      if (bytes == NULL)
        return fail ("%s", error->message);

      /* Written whole or not at all: a half-written codebook would not load. */
      data = g_bytes_get_data (bytes, &length);
      if (!g_file_set_contents (export_path, data, length, &error))
        return fail ("%s", error->message);
    }

  if (common.json)
    {
      g_autoptr(IntakeCodebook) now = load_codebook (store, &status);
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      if (now == NULL)
        return status;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "codes");
      json_builder_add_int_value (builder, intake_codebook_get_n_codes (now));
      json_builder_end_object (builder);
      print_json (builder);
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
