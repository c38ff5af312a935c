#define G_LOG_DOMAIN "intake-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "intake-cli-private.h"
#include "intake-qdpx.h"
#include "intake-report.h"

/* Options given as numbers that may be left out */
#define NOT_GIVEN G_MININT

static struct
{
  char     *format;
  char     *output;
  gboolean  no_redact;
  int       threshold;
  char     *sections;
  char    **codes;
  int       quotes;
  gboolean  memos;
  char     *paper;
  char     *title;

  /* The list's filters */
  char     *search;
  char     *code;
  char     *status;
  char     *attribute;

  /* Parsed by the check */
  gboolean             qdpx;   /* a REFI-QDA project rather than a report */
  IntakeReportFormat   format_value;
  IntakeReportSections sections_value;
  IntakeReportPaper    paper_value;
  IntakeStatus         status_value;
  char                *attribute_name;
  char                *attribute_value;
} opt = { .threshold = NOT_GIVEN, .quotes = NOT_GIVEN };

GOptionEntry intake_cli_export_entries[] = {
  { "format", 0, 0, G_OPTION_ARG_STRING, &opt.format, N_("The report’s format: xml, html, pdf, csv (a row per coding) or csv-matrix (a row per submission); or qdpx, the whole project for other QDA programs"), N_("FORMAT") },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt.output, N_("The file to write; it is replaced whole"), N_("FILE") },
  { "no-redact", 0, 0, G_OPTION_ARG_NONE, &opt.no_redact, N_("Leave personal information in (names, e-mail addresses, phone numbers, postal codes)"), NULL },
  { "threshold", 0, 0, G_OPTION_ARG_INT, &opt.threshold, N_("Suppress the cross-tabulation cells of fewer submissions than this (default 5)"), N_("N") },
  { "sections", 0, 0, G_OPTION_ARG_STRING, &opt.sections, N_("The sections, separated by commas: summary, codes, crosstabs, cooccurrence, quotes, submissions"), N_("LIST") },
  { "codes", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt.codes, N_("Only these codes and their subcodes, separated by commas; may be repeated"), N_("CODE,…") },
  { "quotes", 0, 0, G_OPTION_ARG_INT, &opt.quotes, N_("Quotes per code (default 5)"), N_("N") },
  { "memos", 0, 0, G_OPTION_ARG_NONE, &opt.memos, N_("Put the submissions’ memos in the report"), NULL },
  { "paper", 0, 0, G_OPTION_ARG_STRING, &opt.paper, N_("The PDF’s paper, a4 or letter (default: from the locale)"), N_("PAPER") },
  { "title", 0, 0, G_OPTION_ARG_STRING, &opt.title, N_("The report’s title (default: the project file’s name)"), N_("TITLE") },
  { "search", 0, 0, G_OPTION_ARG_STRING, &opt.search, N_("Only submissions holding these words"), N_("WORDS") },
  { "code", 0, 0, G_OPTION_ARG_STRING, &opt.code, N_("Only submissions coded with this code or one of its subcodes"), N_("CODE") },
  { "status", 0, 0, G_OPTION_ARG_STRING, &opt.status, N_("Only submissions with this status (new, in-progress, coded, excluded)"), N_("STATUS") },
  { "attribute", 0, 0, G_OPTION_ARG_STRING, &opt.attribute, N_("Only submissions with this attribute value"), N_("NAME=VALUE") },
  { NULL }
};

static const IntakeReportFormat formats[] = {
  INTAKE_REPORT_FORMAT_XML,
  INTAKE_REPORT_FORMAT_HTML,
  INTAKE_REPORT_FORMAT_PDF,
  INTAKE_REPORT_FORMAT_CSV,
  INTAKE_REPORT_FORMAT_CSV_MATRIX,
};

static char *
list_formats (void)
{
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", intake_report_format_to_string (formats[i]));
  g_string_append (names, ", qdpx");

  return g_string_free (names, FALSE);
}

static gboolean
check_format (GError **error)
{
  g_autofree char *names = NULL;

  if (opt.format == NULL)
    {
      names = list_formats ();
      g_set_error (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                   _("No format given: use --format FORMAT (formats: %s)"), names);
      return FALSE;
    }

  opt.qdpx = g_ascii_strcasecmp (opt.format, "qdpx") == 0;
  if (opt.qdpx || intake_report_format_from_string (opt.format, &opt.format_value))
    return TRUE;

  names = list_formats ();
  g_set_error (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
               _("“%s” is not a report format (formats: %s)"), opt.format, names);
  return FALSE;
}

static gboolean
check_paper (GError **error)
{
  opt.paper_value = INTAKE_REPORT_PAPER_DEFAULT;
  if (opt.paper == NULL)
    return TRUE;

  if (g_ascii_strcasecmp (opt.paper, "a4") == 0)
    opt.paper_value = INTAKE_REPORT_PAPER_A4;
  else if (g_ascii_strcasecmp (opt.paper, "letter") == 0)
    opt.paper_value = INTAKE_REPORT_PAPER_LETTER;
  else
    {
      g_set_error (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                   _("“%s” is not a paper size (sizes: a4, letter)"), opt.paper);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_attribute (GError **error)
{
  const char *equals;

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

/* Everything that can be checked without the project, so that a mistake
 * is said before anything is opened or written. */
gboolean
intake_cli_export_check (IntakeCliContext  *cli,
                         GError           **error)
{
  if (!check_format (error))
    return FALSE;

  if (opt.output == NULL)
    {
      g_set_error_literal (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                           _("No output file given: use -o FILE"));
      return FALSE;
    }

  /* A REFI-QDA project holds every submission, whole: the report's
   * choices have no meaning there, and a filter silently ignored would
   * mislead. */
  if (opt.qdpx && (opt.no_redact || opt.threshold != NOT_GIVEN || opt.sections || opt.codes ||
                   opt.quotes != NOT_GIVEN || opt.memos || opt.paper || opt.title ||
                   opt.search || opt.code || opt.status || opt.attribute))
    {
      g_set_error_literal (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                           _("--format qdpx exports the whole project: it takes no report or list options"));
      return FALSE;
    }

  if (opt.threshold != NOT_GIVEN && opt.threshold < 1)
    {
      g_set_error (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                   _("The threshold must be 1 or more (--threshold %d)"), opt.threshold);
      return FALSE;
    }

  if (opt.quotes != NOT_GIVEN && opt.quotes < 0)
    {
      g_set_error (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                   _("The number of quotes cannot be negative (--quotes %d)"), opt.quotes);
      return FALSE;
    }

  opt.sections_value = INTAKE_REPORT_SECTION_ALL;
  if (opt.sections != NULL && !intake_report_sections_from_string (opt.sections, &opt.sections_value, error))
    return FALSE;

  if (!check_paper (error))
    return FALSE;

  if (opt.title != NULL && !g_utf8_validate (opt.title, -1, NULL))
    {
      g_set_error_literal (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                           _("The title is not valid UTF-8 text"));
      return FALSE;
    }

  if (opt.status != NULL && !intake_cli_parse_status (opt.status, &opt.status_value, error))
    return FALSE;

  return check_attribute (error);
}

/* The codes of one --codes value.  Code names may hold commas ("Enforcement,
 * discipline and arrests"), so at each place the longest run of
 * comma-separated pieces that names a code wins. */
static gboolean
resolve_code_list (IntakeCodebook  *codebook,
                   const char      *list,
                   GPtrArray       *guids,
                   GError         **error)
{
  g_auto(GStrv) pieces = g_strsplit (list, ",", -1);
  guint n_pieces = g_strv_length (pieces);
  guint first = 0;

  while (first < n_pieces)
    {
      g_autofree char *piece = g_strstrip (g_strdup (pieces[first]));
      IntakeCode *code = NULL;
      guint end;

      /* "a,,b" or a trailing comma: nothing named, nothing to fail on. */
      if (*piece == '\0')
        {
          first++;
          continue;
        }

      for (end = n_pieces; end > first; end--)
        {
          g_autoptr(GString) run = g_string_new (pieces[first]);

          for (guint i = first + 1; i < end; i++)
            g_string_append_printf (run, ",%s", pieces[i]);
          g_strstrip (run->str);
          code = intake_cli_resolve_code (codebook, run->str, NULL);
          if (code != NULL)
            break;
        }

      /* Said as list --code says it: unknown, or which codes share the name. */
      if (code == NULL)
        return intake_cli_resolve_code (codebook, piece, error) != NULL;

      g_ptr_array_add (guids, g_strdup (intake_code_get_guid (code)));
      first = end;
    }

  return TRUE;
}

static IntakeReportOptions *
build_options (IntakeCliContext  *cli,
               GError           **error)
{
  g_autoptr(IntakeReportOptions) options = intake_report_options_new ();
  g_autoptr(IntakeCodebook) codebook = NULL;

  options->format = opt.format_value;
  options->sections = opt.sections_value;
  options->redact = !opt.no_redact;
  if (opt.threshold != NOT_GIVEN)
    options->threshold = opt.threshold;
  if (opt.quotes != NOT_GIVEN)
    options->quotes_per_code = opt.quotes;
  options->memos = opt.memos;
  options->paper = opt.paper_value;
  if (opt.title != NULL)
    {
      g_free (options->title);
      options->title = g_strdup (opt.title);
    }

  if (opt.codes != NULL || opt.code != NULL)
    {
      codebook = intake_store_load_codebook (cli->store, error);
      if (codebook == NULL)
        return NULL;
    }

  if (opt.codes != NULL)
    {
      g_autoptr(GPtrArray) guids = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; opt.codes[i] != NULL; i++)
        if (!resolve_code_list (codebook, opt.codes[i], guids, error))
          return NULL;
      if (guids->len == 0)
        {
          g_set_error_literal (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                               _("--codes names no code"));
          return NULL;
        }
      g_ptr_array_add (guids, NULL);
      g_strfreev (options->code_guids);
      options->code_guids = (GStrv) g_ptr_array_steal (guids, NULL);
    }

  if (opt.code != NULL)
    {
      /* Groups are welcome here, as in list: they stand for all their subcodes. */
      IntakeCode *code = intake_cli_resolve_code (codebook, opt.code, error);

      if (code == NULL)
        return NULL;
      options->code_guid = g_strdup (intake_code_get_guid (code));
    }

  options->has_status = opt.status != NULL;
  options->status = opt.status_value;
  options->search = g_strdup (opt.search);
  options->attribute_name = g_strdup (opt.attribute_name);
  options->attribute_value = g_strdup (opt.attribute_value);

  return g_steal_pointer (&options);
}

static void
add_strings (JsonBuilder        *builder,
             const char         *member,
             const char * const *strings,
             guint               n_strings)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_strings; i++)
    json_builder_add_string_value (builder, strings[i]);
  json_builder_end_array (builder);
}

static gboolean
export_qdpx (IntakeCliContext  *cli,
             JsonNode         **result,
             GError           **error)
{
  g_autoptr(IntakeQdpxSummary) summary = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *protected_paths[] = { cli->project_path, NULL };
  g_autofree char *display_path = g_filename_display_name (opt.output);
  g_autofree char *base = g_path_get_basename (cli->project_path);
  g_autofree char *name = g_filename_display_name (base);
  const char * const *not_carried = intake_qdpx_not_carried ();
  char *dot = strrchr (name, '.');

  if (dot != NULL && dot != name)
    *dot = '\0';

  summary = intake_qdpx_export (cli->store, name, opt.output, protected_paths, NULL, NULL, NULL, error);
  if (summary == NULL)
    return FALSE;

  /* As the standard asks: what the other program will not find. */
  if (!cli->json)
    {
      fprintf (stderr, "feedback-intake: %s\n", _("a REFI-QDA project cannot carry:"));
      for (guint i = 0; not_carried[i] != NULL; i++)
        fprintf (stderr, "  - %s\n", not_carried[i]);
    }

  json_builder_begin_object (builder);
  intake_cli_add_string (builder, "path", display_path);
  intake_cli_add_string (builder, "format", "qdpx");
  intake_cli_add_int (builder, "submissions", summary->sources);
  intake_cli_add_int (builder, "codings", summary->codings);
  intake_cli_add_int (builder, "memos", summary->notes);
  intake_cli_add_int (builder, "users", summary->users);
  intake_cli_add_int (builder, "variables", summary->variables);
  json_builder_set_member_name (builder, "redacted");
  json_builder_add_boolean_value (builder, FALSE);
  add_strings (builder, "not_carried", not_carried, g_strv_length ((GStrv) not_carried));
  json_builder_end_object (builder);

  *result = json_builder_get_root (builder);
  return TRUE;
}

gboolean
intake_cli_export_run (IntakeCliContext  *cli,
                       JsonNode         **result,
                       GError           **error)
{
  g_autoptr(IntakeReportOptions) options = NULL;
  g_autoptr(IntakeReport) report = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *protected_paths[] = { cli->project_path, NULL };
  const IntakeReportFigures *figures;
  g_autofree char *display_path = g_filename_display_name (opt.output);

  if (opt.qdpx)
    return export_qdpx (cli, result, error);

  options = build_options (cli, error);
  if (options == NULL)
    return FALSE;

  /* The report reads the project through a read-only connection of its own. */
  report = intake_report_new (cli->project_path, options, NULL, error);
  if (report == NULL)
    return FALSE;
  /* Written to a temporary beside the file and renamed over it: a failed
   * export leaves the old file, or none, never half a report. */
  if (!intake_report_export (report, opt.output, protected_paths, NULL, NULL, NULL, error))
    return FALSE;

  figures = intake_report_get_figures (report);

  if (!figures->redacted)
    fprintf (stderr, "feedback-intake: %s\n",
             _("warning: redaction is off; the report shows names, e-mail addresses, phone numbers and postal codes"));

  json_builder_begin_object (builder);
  intake_cli_add_string (builder, "path", display_path);
  intake_cli_add_string (builder, "format", intake_report_format_to_string (options->format));
  intake_cli_add_int (builder, "submissions", figures->submissions);
  json_builder_set_member_name (builder, "redacted");
  json_builder_add_boolean_value (builder, figures->redacted);
  intake_cli_add_int (builder, "threshold", figures->threshold);
  json_builder_end_object (builder);

  *result = json_builder_get_root (builder);
  return TRUE;
}

void
intake_cli_export_text (JsonNode *result,
                        GString  *text)
{
  JsonObject *object = json_node_get_object (result);
  gint64 submissions = json_object_get_int_member (object, "submissions");
  g_autofree char *count = g_strdup_printf ("%'" G_GINT64_FORMAT, submissions);
  const char *name = intake_cli_get_string (object, "path");

  if (g_strcmp0 (intake_cli_get_string (object, "format"), "qdpx") == 0)
    {
      gint64 codings = json_object_get_int_member (object, "codings");
      g_autofree char *codings_text = g_strdup_printf ("%'" G_GINT64_FORMAT, codings);

      g_string_append_printf (text,
                              /* Translators: "Wrote project.qdpx: 1,234 submissions, 5,678 codings" */
                              g_dngettext (GETTEXT_PACKAGE,
                                           "Wrote %s: %s submission, ",
                                           "Wrote %s: %s submissions, ",
                                           submissions),
                              name, count);
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE, "%s coding\n", "%s codings\n", codings),
                              codings_text);
      return;
    }

  if (json_object_get_boolean_member (object, "redacted"))
    g_string_append_printf (text,
                            /* Translators: "Wrote report.pdf: 1,234 submissions, redacted" */
                            g_dngettext (GETTEXT_PACKAGE,
                                         "Wrote %s: %s submission, redacted\n",
                                         "Wrote %s: %s submissions, redacted\n",
                                         submissions),
                            name, count);
  else
    g_string_append_printf (text,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "Wrote %s: %s submission, not redacted\n",
                                         "Wrote %s: %s submissions, not redacted\n",
                                         submissions),
                            name, count);
}
