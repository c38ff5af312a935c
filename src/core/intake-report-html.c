/* The report as HTML: the XML of intake-report-xml.c run through
 * data/report/report-html.xsl with libxslt, which may read, write and fetch
 * nothing. The headings come in as translated parameters. */
#define G_LOG_DOMAIN "intake-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/variables.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>
#include <locale.h>

#include "intake-core-resources.h"
#include "intake-report.h"

#define STYLESHEET "/com/argylepr/FeedbackIntake/core/report/report-html.xsl"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xsltStylesheet, xsltFreeStylesheet)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xsltSecurityPrefs, xsltFreeSecurityPrefs)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xsltTransformContext, xsltFreeTransformContext)

/* The XML is most of the work; the transformation the rest. */
#define XML_SHARE 0.8

typedef struct
{
  IntakeReportProgressFunc progress;
  gpointer                 progress_data;
} Progress;

typedef struct
{
  GOutputStream *out;
  GCancellable  *cancellable;
  GError        *error;
} Sink;

static void
scaled_progress (double   fraction,
                 gpointer user_data)
{
  Progress *progress = user_data;

  progress->progress (fraction * XML_SHARE, progress->progress_data);
}

static int
sink_write (void       *context,
            const char *buffer,
            int         len)
{
  Sink *sink = context;

  if (sink->error != NULL)
    return -1;
  if (!g_output_stream_write_all (sink->out, buffer, len, NULL, sink->cancellable, &sink->error))
    return -1;

  return len;
}

/* The caller owns the stream and closes it. */
static int
sink_close (void *context)
{
  return 0;
}

/* The first thing libxslt complains of, for the error message. */
static void
collect_error (void       *context,
               const char *format,
               ...)
{
  GString *messages = context;
  va_list args;

  if (messages->len > 0)
    return;
  va_start (args, format);
  g_string_append_vprintf (messages, format, args);
  va_end (args);
}

/* "fr_CA.UTF-8@euro" → "fr-CA"; the C locale is English. */
static char *
document_language (void)
{
  const char *name = g_get_language_names ()[0];
  GString *lang = g_string_new (NULL);

  for (const char *p = name; p != NULL && *p != '\0' && *p != '.' && *p != '@'; p++)
    g_string_append_c (lang, g_ascii_isalnum (*p) ? *p : '-');
  if (lang->len == 0 || g_str_equal (lang->str, "C") || g_str_equal (lang->str, "POSIX"))
    g_string_assign (lang, "en");

  return g_string_free (lang, FALSE);
}

static void
add_param (GPtrArray  *params,
           const char *name,
           const char *value)
{
  g_ptr_array_add (params, g_strdup (name));
  g_ptr_array_add (params, g_strdup (value));
}

/* Name, value, …, NULL, as xsltQuoteUserParams() takes them: each value a
 * string however many quotes it holds. */
static GPtrArray *
build_params (const IntakeReportFigures *figures)
{
  GPtrArray *params = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *lang = document_language ();
  g_autofree char *suppressed = NULL;
  g_autofree char *note = NULL;
  const struct lconv *conv = localeconv ();

  add_param (params, "lang", lang);
  add_param (params, "decimal-point",
             conv != NULL && conv->decimal_point != NULL && conv->decimal_point[0] != '\0'
             ? conv->decimal_point : ".");
  /* Translators: follows a percentage in the report, as in "12.5%";
   * French writes a no-break space before it. */
  /* xgettext:no-c-format */
  add_param (params, "percent-sign", C_("report", "%"));

  /* Translators: a count the report withholds, shown in place of the
   * number, as in "<5"; %u is the threshold. */
  suppressed = g_strdup_printf (C_("report", "<%u"), figures->threshold);
  add_param (params, "suppressed", suppressed);
  if (figures->threshold <= 2)
    /* Translators: %s is the mark of a withheld count, as in "<2". */
    note = g_strdup_printf (_("A cell marked “%s” stands for 1 submission: counts this small are "
                              "withheld so that nobody can be identified."),
                            suppressed);
  else
    /* Translators: %1$s is the mark of a withheld count, as in "<5", and
     * %2$u the largest count it hides, as in 4. */
    note = g_strdup_printf (_("A cell marked “%1$s” stands for 1 to %2$u submissions: counts this "
                              "small are withheld so that nobody can be identified."),
                            suppressed, figures->threshold - 1);
  add_param (params, "t-suppressed-note", note);

  /* Translators: under the report's title; keep {date} and {generator},
   * which become "2024-05-01 14:30" and "Feedback Intake 0.1.0". */
  add_param (params, "t-byline", _("Generated on {date} (UTC) by {generator}"));
  add_param (params, "t-not-redacted", _("This report is not redacted: it contains personal information."));
  add_param (params, "t-not-redacted-detail",
             _("Names, e-mail addresses, phone numbers and postal codes appear as the submissions "
               "wrote them. Share it only with people allowed to read the submissions."));
  add_param (params, "t-redacted",
             _("Personal information is redacted; submissions are named by pseudonymous ids."));
  add_param (params, "t-contents", _("Contents"));
  add_param (params, "t-summary", _("The consultation at a glance"));
  add_param (params, "t-codes", _("Code frequencies"));
  add_param (params, "t-agreement", _("Agreement between reviewers"));
  /* Translators: keep {reviewers} and {submissions}: the reviewers' names and a number */
  add_param (params, "t-agreement-note",
             _("How far {reviewers} agree, over the {submissions} submissions all of them coded: percent "
               "agreement, Cohen’s kappa (two reviewers) and Krippendorff’s alpha."));
  add_param (params, "t-agreement-low",
             _("Below 0.667, the level under which Krippendorff counts agreement too low for even "
               "tentative conclusions."));
  add_param (params, "t-all-codes", _("All codes"));
  add_param (params, "t-level", _("Level"));
  add_param (params, "t-level-submission", intake_agreement_level_label (INTAKE_AGREEMENT_LEVEL_SUBMISSION));
  add_param (params, "t-level-character", intake_agreement_level_label (INTAKE_AGREEMENT_LEVEL_CHARACTER));
  /* Translators: percent agreement, as a column heading */
  add_param (params, "t-percent-agreement", _("Agreement"));
  add_param (params, "t-kappa", _("Kappa"));
  add_param (params, "t-alpha", _("Alpha"));
  add_param (params, "t-units", _("Units"));
  add_param (params, "t-too-few-units", intake_agreement_reason_label (INTAKE_AGREEMENT_REASON_TOO_FEW_UNITS));
  add_param (params, "t-single-category", intake_agreement_reason_label (INTAKE_AGREEMENT_REASON_SINGLE_CATEGORY));
  add_param (params, "t-crosstabs", _("Cross-tabulations"));
  add_param (params, "t-cooccurrence", _("Co-occurrence of codes"));
  add_param (params, "t-quotes", _("Representative quotes"));
  add_param (params, "t-submissions", C_("report section", "Submissions"));
  add_param (params, "t-totals", _("Totals"));
  add_param (params, "t-project-submissions", _("Submissions in the project"));
  add_param (params, "t-selected-submissions", _("Submissions in this report"));
  add_param (params, "t-coded-submissions", _("Coded submissions"));
  add_param (params, "t-first-date", _("First submission"));
  add_param (params, "t-last-date", _("Last submission"));
  add_param (params, "t-duplicates", _("Duplicates seen in imports"));
  add_param (params, "t-rejected", _("Messages that could not be read"));
  add_param (params, "t-by-status", _("By status"));
  add_param (params, "t-by-group", _("By respondent group"));
  add_param (params, "t-by-board", _("By school board"));
  add_param (params, "t-by-language", _("By language"));
  add_param (params, "t-status", _("Status"));
  add_param (params, "t-status-new", C_("status", "New"));
  add_param (params, "t-status-in-progress", C_("status", "In progress"));
  add_param (params, "t-status-coded", C_("status", "Coded"));
  add_param (params, "t-status-excluded", C_("status", "Excluded"));
  add_param (params, "t-value", _("Value"));
  add_param (params, "t-not-recorded", _("Not recorded"));
  add_param (params, "t-reviewers", _("Reviewers"));
  add_param (params, "t-reviewer", _("Reviewer"));
  add_param (params, "t-submissions-coded", _("Submissions coded"));
  add_param (params, "t-codings", _("Codings"));
  add_param (params, "t-code", _("Code"));
  add_param (params, "t-other-code", _("With code"));
  add_param (params, "t-count-submissions", C_("report column", "Submissions"));
  add_param (params, "t-excerpts", _("Excerpts"));
  add_param (params, "t-share", _("Share of coded submissions"));
  add_param (params, "t-both", _("Submissions with both"));
  /* Translators: the heading of a cross-tabulation; keep {attribute},
   * which becomes an attribute's name such as "School board". */
  add_param (params, "t-crosstab-caption", _("Codes by {attribute}"));
  add_param (params, "t-crosstab-note",
             _("Each cell counts the submissions coded with the code among those with the value; "
               "the percentage is of the column."));
  add_param (params, "t-column-total", _("Submissions with the value"));
  add_param (params, "t-quotable", _("Quotable"));
  add_param (params, "t-cut", _("(shortened)"));
  add_param (params, "t-date", _("Date"));
  add_param (params, "t-subject", _("Subject"));
  add_param (params, "t-whole", _("Whole submission"));
  add_param (params, "t-memo", _("Memo"));
  add_param (params, "t-no-codes", _("The codebook has no codes."));
  add_param (params, "t-no-crosstabs", _("No attribute to cross-tabulate."));
  add_param (params, "t-no-pairs", _("No two codes were applied to the same submission."));
  add_param (params, "t-no-quotes", _("No excerpt is coded yet."));
  add_param (params, "t-no-submissions", _("No submission is in this report."));
  add_param (params, "t-none", _("None"));

  g_ptr_array_add (params, NULL);
  return params;
}

static xsltStylesheetPtr
load_stylesheet (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  xmlDocPtr doc;
  xsltStylesheetPtr style;
  gsize size;
  const char *data;

  bytes = g_resource_lookup_data (intake_core_get_resource (), STYLESHEET,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &size);
  doc = xmlReadMemory (data, size, STYLESHEET, "UTF-8", XML_PARSE_NONET);
  style = doc != NULL ? xsltParseStylesheetDoc (doc) : NULL;
  if (style == NULL)
    {
      xmlFreeDoc (doc);
      g_set_error_literal (error, INTAKE_REPORT_ERROR, INTAKE_REPORT_ERROR_FAILED,
                           _("The report’s stylesheet could not be read"));
    }

  return style;
}

/* libxml2 adds a Content-Type <meta> to HTML it saves unless the head has
 * one; the stylesheet's <meta charset> says the same, so that one goes. */
static void
drop_content_type_meta (xmlDocPtr result)
{
  xmlNodePtr html = xmlDocGetRootElement (result);

  for (xmlNodePtr head = html != NULL ? html->children : NULL; head != NULL; head = head->next)
    {
      if (head->type != XML_ELEMENT_NODE || !xmlStrEqual (head->name, BAD_CAST "head"))
        continue;
      for (xmlNodePtr node = head->children, next; node != NULL; node = next)
        {
          g_autofree char *equiv = NULL;

          next = node->next;
          if (node->type != XML_ELEMENT_NODE || !xmlStrEqual (node->name, BAD_CAST "meta"))
            continue;
          equiv = (char *) xmlGetProp (node, BAD_CAST "http-equiv");
          if (equiv != NULL && g_ascii_strcasecmp (equiv, "Content-Type") == 0)
            {
              xmlUnlinkNode (node);
              xmlFreeNode (node);
            }
        }
    }
}

static gboolean
write_failed (Sink    *sink,
              GError **error)
{
  if (sink->error != NULL)
    g_propagate_error (error, g_steal_pointer (&sink->error));
  else
    g_set_error_literal (error, INTAKE_REPORT_ERROR, INTAKE_REPORT_ERROR_FAILED,
                         _("The report could not be written"));
  return FALSE;
}

gboolean
intake_report_write_html (const IntakeReportFigures *figures,
                          IntakeReportNextFunc       next,
                          gpointer                   next_data,
                          GOutputStream             *out,
                          IntakeReportProgressFunc   progress,
                          gpointer                   progress_data,
                          GCancellable              *cancellable,
                          GError                   **error)
{
  g_autoptr(GOutputStream) memory = NULL;
  g_autoptr(GBytes) xml = NULL;
  g_autoptr(GPtrArray) params = NULL;
  g_autoptr(GString) messages = g_string_new (NULL);
  g_autoptr(xsltStylesheet) style = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(xsltSecurityPrefs) prefs = NULL;
  g_autoptr(xsltTransformContext) context = NULL;
  g_autoptr(xmlDoc) result = NULL;
  Progress scaled = { progress, progress_data };
  Sink sink = { out, cancellable, NULL };
  xmlOutputBufferPtr buffer;
  const char *data;
  gsize size;
  int saved;

  g_return_val_if_fail (figures != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* XSLT wants the whole document, so the XML goes to memory first. */
  memory = g_memory_output_stream_new_resizable ();
  if (!intake_report_write_xml (figures, next, next_data, memory,
                                progress != NULL ? scaled_progress : NULL, &scaled,
                                cancellable, error))
    return FALSE;
  if (!g_output_stream_close (memory, cancellable, error))
    return FALSE;
  xml = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
  data = g_bytes_get_data (xml, &size);

  if (size > G_MAXINT)
    {
      g_set_error_literal (error, INTAKE_REPORT_ERROR, INTAKE_REPORT_ERROR_FAILED,
                           _("The report is too large for HTML; export it as XML or PDF"));
      return FALSE;
    }

  style = load_stylesheet (error);
  if (style == NULL)
    return FALSE;

  /* Our own output: no DTD to load, no entity to expand, nothing fetched.
   * XML_PARSE_HUGE because an excerpt may exceed libxml2's 10 MB text limit. */
  doc = xmlReadMemory (data, (int) size, "report.xml", "UTF-8", XML_PARSE_NONET | XML_PARSE_HUGE);
  g_clear_pointer (&xml, g_bytes_unref);
  if (doc == NULL)
    {
      g_set_error_literal (error, INTAKE_REPORT_ERROR, INTAKE_REPORT_ERROR_FAILED,
                           _("The report’s XML could not be read back"));
      return FALSE;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* The stylesheet needs nothing outside the document. */
  prefs = xsltNewSecurityPrefs ();
  context = xsltNewTransformContext (style, doc);
  if (prefs == NULL || context == NULL
      || xsltSetSecurityPrefs (prefs, XSLT_SECPREF_READ_FILE, xsltSecurityForbid) != 0
      || xsltSetSecurityPrefs (prefs, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid) != 0
      || xsltSetSecurityPrefs (prefs, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid) != 0
      || xsltSetSecurityPrefs (prefs, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid) != 0
      || xsltSetSecurityPrefs (prefs, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid) != 0
      || xsltSetCtxtSecurityPrefs (prefs, context) != 0)
    {
      g_set_error_literal (error, INTAKE_REPORT_ERROR, INTAKE_REPORT_ERROR_FAILED,
                           _("The report could not be made safe to transform"));
      return FALSE;
    }
  xsltSetTransformErrorFunc (context, messages, collect_error);

  params = build_params (figures);
  if (xsltQuoteUserParams (context, (const char **) params->pdata) != 0)
    {
      g_set_error_literal (error, INTAKE_REPORT_ERROR, INTAKE_REPORT_ERROR_FAILED,
                           _("The report’s headings could not be passed to its stylesheet"));
      return FALSE;
    }

  result = xsltApplyStylesheetUser (style, doc, NULL, NULL, NULL, context);
  if (result == NULL || context->state == XSLT_STATE_ERROR || context->state == XSLT_STATE_STOPPED)
    {
      g_strchomp (messages->str);
      g_set_error (error, INTAKE_REPORT_ERROR, INTAKE_REPORT_ERROR_FAILED,
                   _("The report could not be turned into HTML: %s"),
                   messages->len > 0 ? messages->str : _("the stylesheet failed"));
      return FALSE;
    }

  if (progress != NULL)
    progress (0.9, progress_data);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  drop_content_type_meta (result);
  buffer = xmlOutputBufferCreateIO (sink_write, sink_close, &sink, NULL);
  if (buffer == NULL)
    return write_failed (&sink, error);
  htmlDocContentDumpFormatOutput (buffer, result, "UTF-8", 1);
  saved = xmlOutputBufferClose (buffer);
  if (saved < 0 || sink.error != NULL)
    return write_failed (&sink, error);

  if (progress != NULL)
    progress (1.0, progress_data);

  return TRUE;
}
