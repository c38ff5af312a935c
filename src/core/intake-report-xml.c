/* The report as XML: streamed with xmlTextWriter, one submission at a
 * time, under the namespace that data/report/feedback-intake-report.rng
 * describes. */
#define G_LOG_DOMAIN "intake-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlwriter.h>

#include "intake-report.h"

#define REPORT_NS "https://argylepr.com/ns/feedback-intake/report/1"

/* How often the submissions section reports progress and looks at the
 * cancellable. */
#define SUBMISSION_BATCH 200

typedef struct
{
  GOutputStream *out;
  GCancellable  *cancellable;
  GError        *error;      /* the stream's own error, kept for the caller */
} Sink;

typedef struct
{
  xmlTextWriterPtr           w;
  const IntakeReportFigures *figures;
  gboolean                   failed;
} Writer;

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

/* Whether the text was written; the stream's own error first. */
static gboolean
sink_finish (Sink      *sink,
             gboolean   failed,
             GError   **error)
{
  gboolean ok = TRUE;

  if (sink->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&sink->error));
      ok = FALSE;
    }
  else if (failed)
    {
      g_set_error_literal (error, INTAKE_REPORT_ERROR, INTAKE_REPORT_ERROR_FAILED,
                           _("The report could not be written"));
      ok = FALSE;
    }

  g_clear_error (&sink->error);
  return ok;
}

/* Every text goes through intake_report_clean_text(); this also drops what
 * XML 1.0 does not allow, so that the output stays valid whatever reaches
 * it, even text that is not UTF-8. */
static char *
xml_text (const char *text)
{
  char *clean;
  guchar *p, *q;

  if (text == NULL)
    return g_strdup ("");

  clean = intake_report_clean_text (text);
  if (clean == NULL)
    return g_strdup ("");

  if (!g_utf8_validate (clean, -1, NULL))
    {
      char *valid = g_utf8_make_valid (clean, -1);

      g_free (clean);
      clean = valid;
    }

  /* In valid UTF-8 the C0 controls are single bytes, and U+FFFE and
   * U+FFFF are EF BF BE and EF BF BF. */
  for (p = q = (guchar *) clean; *p != '\0';)
    {
      if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
        {
          p++;
          continue;
        }
      if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))
        {
          p += 3;
          continue;
        }
      *q++ = *p++;
    }
  *q = '\0';

  return clean;
}

static void
check (Writer *wr,
       int     rc)
{
  if (rc < 0)
    wr->failed = TRUE;
}

static void
start (Writer     *wr,
       const char *name)
{
  check (wr, xmlTextWriterStartElement (wr->w, BAD_CAST name));
}

static void
end (Writer *wr)
{
  check (wr, xmlTextWriterEndElement (wr->w));
}

static void
attr (Writer     *wr,
      const char *name,
      const char *value)
{
  g_autofree char *text = xml_text (value);

  check (wr, xmlTextWriterWriteAttribute (wr->w, BAD_CAST name, BAD_CAST text));
}

static void
attr_uint (Writer     *wr,
           const char *name,
           guint       value)
{
  char buffer[16];

  g_snprintf (buffer, sizeof buffer, "%u", value);
  check (wr, xmlTextWriterWriteAttribute (wr->w, BAD_CAST name, BAD_CAST buffer));
}

static void
attr_bool (Writer     *wr,
           const char *name,
           gboolean    value)
{
  check (wr, xmlTextWriterWriteAttribute (wr->w, BAD_CAST name, BAD_CAST (value ? "true" : "false")));
}

static void
attr_decimal (Writer     *wr,
              const char *name,
              const char *format,
              double      value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buffer, sizeof buffer, format, value);
  check (wr, xmlTextWriterWriteAttribute (wr->w, BAD_CAST name, BAD_CAST buffer));
}

/* A count that may be suppressed: then it says so and carries no number. */
static void
attr_count (Writer     *wr,
            const char *name,
            guint       count)
{
  if (count == INTAKE_REPORT_SUPPRESSED)
    attr_bool (wr, "suppressed", TRUE);
  else
    attr_uint (wr, name, count);
}

/* An element holding only text. */
static void
text_element (Writer     *wr,
              const char *name,
              const char *text)
{
  g_autofree char *clean = xml_text (text);

  start (wr, name);
  check (wr, xmlTextWriterWriteString (wr->w, BAD_CAST clean));
  end (wr);
}

/* "YYYY-MM-DD" as xsd:date reads it; anything else is left out rather than
 * making the report invalid. */
static gboolean
is_date (const char *text)
{
  guint year, month, day;
  char end_char;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  if (sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &end_char) != 3)
    return FALSE;

  return year >= 1 && g_date_valid_dmy (day, month, year);
}

static void
attr_date (Writer     *wr,
           const char *name,
           const char *date)
{
  if (is_date (date))
    attr (wr, name, date);
}

static gboolean
is_color (const char *text)
{
  if (text == NULL || strlen (text) != 7 || text[0] != '#')
    return FALSE;
  for (guint i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;
  return TRUE;
}

/* ISO 8601 as xsd:dateTime reads it, in UTC; NULL for what is not a time. */
static char *
xsd_date_time (const char *text)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) utc = NULL;

  if (text == NULL || (time = g_date_time_new_from_iso8601 (text, NULL)) == NULL)
    return NULL;
  utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static const IntakeReportCode *
code_at (const IntakeReportFigures *figures,
         int                        index)
{
  if (index < 0 || (guint) index >= figures->n_codes || figures->codes == NULL)
    return NULL;
  return &figures->codes[index];
}

/* How a section names a code it speaks of. */
static void
code_ref (Writer                 *wr,
          const IntakeReportCode *code)
{
  attr (wr, "code", code->guid);
  attr (wr, "name", code->name);
  attr (wr, "path", code->path);
  attr_uint (wr, "depth", code->depth);
}

static void
write_attributes (Writer    *wr,
                  GPtrArray *attributes)
{
  if (attributes == NULL)
    return;

  for (guint i = 0; i < attributes->len; i++)
    {
      const IntakeReportAttribute *attribute = g_ptr_array_index (attributes, i);
      g_autofree char *value = NULL;

      if (attribute == NULL || attribute->name == NULL)
        continue;

      start (wr, "attribute");
      attr (wr, "name", attribute->name);
      if (attribute->value == NULL)
        attr_bool (wr, "recorded", FALSE);
      else
        {
          value = xml_text (attribute->value);
          check (wr, xmlTextWriterWriteString (wr->w, BAD_CAST value));
        }
      end (wr);
    }
}

/* ---- Summary ---- */

static void
write_breakdown (Writer     *wr,
                 const char *by,
                 GPtrArray  *counts)
{
  start (wr, "breakdown");
  attr (wr, "by", by);
  for (guint i = 0; counts != NULL && i < counts->len; i++)
    {
      const IntakeReportCount *count = g_ptr_array_index (counts, i);

      start (wr, "count");
      if (count->value != NULL)
        attr (wr, "value", count->value);
      else
        attr_bool (wr, "recorded", FALSE);
      attr_count (wr, "submissions", count->count);
      end (wr);
    }
  end (wr);
}

static void
write_summary (Writer *wr)
{
  const IntakeReportFigures *f = wr->figures;
  static const char * const status_names[] = { "new", "in-progress", "coded", "excluded" };

  start (wr, "summary");

  start (wr, "totals");
  attr_uint (wr, "project", f->total_submissions);
  attr_uint (wr, "selected", f->submissions);
  attr_uint (wr, "coded", f->coded_submissions);
  end (wr);

  start (wr, "statuses");
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    {
      start (wr, "status");
      attr (wr, "name", status_names[i]);
      attr_count (wr, "submissions", f->by_status[i]);
      end (wr);
    }
  end (wr);

  write_breakdown (wr, "group", f->by_group);
  write_breakdown (wr, "board", f->by_board);
  write_breakdown (wr, "language", f->by_language);

  start (wr, "dates");
  attr_date (wr, "first", f->first_date);
  attr_date (wr, "last", f->last_date);
  end (wr);

  start (wr, "imports");
  attr_uint (wr, "duplicates", f->duplicates);
  attr_uint (wr, "rejected", f->rejected);
  end (wr);

  start (wr, "reviewers");
  for (guint i = 0; f->reviewers != NULL && i < f->reviewers->len; i++)
    {
      const IntakeReportReviewer *reviewer = g_ptr_array_index (f->reviewers, i);

      start (wr, "reviewer");
      attr (wr, "name", reviewer->name);
      attr_uint (wr, "submissions", reviewer->submissions);
      attr_uint (wr, "codings", reviewer->codings);
      end (wr);
    }
  end (wr);

  start (wr, "attributes");
  for (guint i = 0; f->attribute_names != NULL && f->attribute_names[i] != NULL; i++)
    {
      start (wr, "attribute");
      attr (wr, "name", f->attribute_names[i]);
      end (wr);
    }
  end (wr);

  end (wr);
}

/* ---- Codes ---- */

static void
write_code (Writer     *wr,
            guint       index,
            GPtrArray **children,
            gboolean   *written)
{
  const IntakeReportCode *code = &wr->figures->codes[index];

  written[index] = TRUE;

  start (wr, "code");
  attr (wr, "guid", code->guid);
  attr (wr, "name", code->name);
  attr (wr, "path", code->path);
  if (is_color (code->color))
    attr (wr, "color", code->color);
  attr_bool (wr, "codable", code->codable);
  /* Code frequencies are not suppressed today; should one be, it carries
   * no number, as a cell would not. */
  if (code->submissions != INTAKE_REPORT_SUPPRESSED)
    attr_uint (wr, "submissions", code->submissions);
  if (code->excerpts != INTAKE_REPORT_SUPPRESSED)
    attr_uint (wr, "excerpts", code->excerpts);
  if (code->submissions == INTAKE_REPORT_SUPPRESSED || code->excerpts == INTAKE_REPORT_SUPPRESSED)
    attr_bool (wr, "suppressed", TRUE);
  attr_decimal (wr, "share", "%.4f", CLAMP (code->share, 0.0, 1.0));

  if (code->description != NULL && code->description[0] != '\0')
    text_element (wr, "description", code->description);

  for (guint i = 0; children[index] != NULL && i < children[index]->len; i++)
    {
      guint child = GPOINTER_TO_UINT (g_ptr_array_index (children[index], i));

      if (!written[child])
        write_code (wr, child, children, written);
    }

  end (wr);
}

static void
write_codes (Writer *wr)
{
  const IntakeReportFigures *f = wr->figures;
  g_autofree GPtrArray **children = g_new0 (GPtrArray *, f->n_codes + 1);
  g_autofree gboolean *written = g_new0 (gboolean, f->n_codes + 1);

  start (wr, "codes");
  attr_uint (wr, "submissions", f->submissions);
  attr_uint (wr, "coded-submissions", f->coded_submissions);

  for (guint i = 0; i < f->n_codes; i++)
    {
      int parent = f->codes[i].parent;

      if (parent >= 0 && (guint) parent < f->n_codes && (guint) parent != i)
        {
          if (children[parent] == NULL)
            children[parent] = g_ptr_array_new ();
          g_ptr_array_add (children[parent], GUINT_TO_POINTER (i));
        }
    }

  /* The top codes with their descendants; a code whose parents loop (a
   * damaged codebook) still appears, at the top. */
  for (guint i = 0; i < f->n_codes; i++)
    {
      int parent = f->codes[i].parent;

      if (parent < 0 || (guint) parent >= f->n_codes || (guint) parent == i)
        write_code (wr, i, children, written);
    }
  for (guint i = 0; i < f->n_codes; i++)
    if (!written[i])
      write_code (wr, i, children, written);

  for (guint i = 0; i < f->n_codes; i++)
    if (children[i] != NULL)
      g_ptr_array_unref (children[i]);

  end (wr);
}

/* ---- Cross-tabulations ---- */

static void
write_crosstab (Writer                     *wr,
                const IntakeReportCrosstab *crosstab)
{
  const IntakeReportFigures *f = wr->figures;

  start (wr, "crosstab");
  attr (wr, "attribute", crosstab->attribute);

  start (wr, "columns");
  for (guint c = 0; c < crosstab->n_columns; c++)
    {
      start (wr, "column");
      attr_uint (wr, "n", c + 1);
      if (crosstab->columns[c] != NULL)
        attr (wr, "value", crosstab->columns[c]);
      else
        attr_bool (wr, "recorded", FALSE);
      attr_count (wr, "submissions", crosstab->column_totals[c]);
      end (wr);
    }
  end (wr);

  for (guint r = 0; r < f->n_codes && crosstab->cells != NULL; r++)
    {
      start (wr, "row");
      code_ref (wr, &f->codes[r]);
      for (guint c = 0; c < crosstab->n_columns; c++)
        {
          guint cell = crosstab->cells[r * crosstab->n_columns + c];
          guint total = crosstab->column_totals[c];

          start (wr, "cell");
          attr_uint (wr, "column", c + 1);
          attr_count (wr, "submissions", cell);
          /* A percentage of a suppressed figure would give it away. */
          if (cell != INTAKE_REPORT_SUPPRESSED && total != INTAKE_REPORT_SUPPRESSED && total > 0)
            attr_decimal (wr, "percent", "%.1f", 100.0 * cell / total);
          end (wr);
        }
      end (wr);
    }

  end (wr);
}

static void
write_crosstabs (Writer *wr)
{
  const IntakeReportFigures *f = wr->figures;

  start (wr, "crosstabs");
  for (guint i = 0; f->crosstabs != NULL && i < f->crosstabs->len; i++)
    write_crosstab (wr, g_ptr_array_index (f->crosstabs, i));
  end (wr);
}

/* ---- Co-occurrence ---- */

/* Each pair of codes once; a pair that no submission has is left out. */
static void
write_cooccurrence (Writer *wr)
{
  const IntakeReportFigures *f = wr->figures;

  start (wr, "cooccurrence");
  for (guint a = 0; f->cooccurrence != NULL && a < f->n_codes; a++)
    for (guint b = a + 1; b < f->n_codes; b++)
      {
        guint count = f->cooccurrence[a * f->n_codes + b];

        if (count == 0)
          continue;

        start (wr, "pair");
        attr (wr, "a", f->codes[a].guid);
        attr (wr, "a-path", f->codes[a].path);
        attr (wr, "b", f->codes[b].guid);
        attr (wr, "b-path", f->codes[b].path);
        attr_count (wr, "submissions", count);
        end (wr);
      }
  end (wr);
}

/* ---- Quotes ---- */

static void
write_quotes (Writer *wr)
{
  const IntakeReportFigures *f = wr->figures;

  start (wr, "quotes");
  for (guint i = 0; f->quotes != NULL && i < f->n_codes; i++)
    {
      GPtrArray *quotes = f->quotes[i];

      if (quotes == NULL || quotes->len == 0)
        continue;

      start (wr, "code-quotes");
      code_ref (wr, &f->codes[i]);
      for (guint q = 0; q < quotes->len; q++)
        {
          const IntakeReportQuote *quote = g_ptr_array_index (quotes, q);

          start (wr, "quote");
          attr (wr, "submission", quote->pseudonym);
          attr_bool (wr, "quotable", quote->quotable);
          attr_bool (wr, "cut", quote->cut);
          text_element (wr, "text", quote->text);
          write_attributes (wr, quote->attributes);
          end (wr);
        }
      end (wr);
    }
  end (wr);
}

/* ---- Submissions, streamed ---- */

static void
write_submission (Writer                       *wr,
                  const IntakeReportSubmission *submission)
{
  const char *status = intake_status_to_string (submission->status);

  start (wr, "submission");
  attr (wr, "id", submission->pseudonym);
  attr_date (wr, "date", submission->date);
  if (status != NULL)
    attr (wr, "status", status);

  text_element (wr, "subject", submission->subject);
  write_attributes (wr, submission->attributes);

  for (guint i = 0; submission->codings != NULL && i < submission->codings->len; i++)
    {
      const IntakeReportCoding *coding = g_ptr_array_index (submission->codings, i);
      const IntakeReportCode *code = code_at (wr->figures, coding->code);

      if (code == NULL)
        continue;

      start (wr, "coding");
      attr (wr, "code", code->guid);
      attr (wr, "path", code->path);
      if (coding->reviewer != NULL)
        attr (wr, "reviewer", coding->reviewer);
      if (coding->start >= 0 && coding->end >= coding->start)
        {
          attr_uint (wr, "start", coding->start);
          attr_uint (wr, "end", coding->end);
          text_element (wr, "excerpt", coding->excerpt);
        }
      end (wr);
    }

  if (submission->memo != NULL)
    text_element (wr, "memo", submission->memo);

  end (wr);
}

static gboolean
write_submissions (Writer                   *wr,
                   IntakeReportNextFunc      next,
                   gpointer                  next_data,
                   IntakeReportProgressFunc  progress,
                   gpointer                  progress_data,
                   GCancellable             *cancellable,
                   GError                  **error)
{
  guint total = wr->figures->submissions;
  guint done = 0;

  start (wr, "submissions");

  for (;;)
    {
      g_autoptr(IntakeReportSubmission) submission = NULL;

      if (done % SUBMISSION_BATCH == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (progress != NULL && done > 0)
            progress (total > 0 ? MIN (1.0, (double) done / total) : 1.0, progress_data);
        }

      if (next == NULL)
        break;
      if (!next (next_data, &submission, error))
        return FALSE;
      if (submission == NULL)
        break;

      write_submission (wr, submission);
      if (wr->failed)
        return TRUE;   /* the caller reports the write error */
      done++;
    }

  end (wr);
  return TRUE;
}

/* ---- Agreement ---- */

/* A figure that is not a number (kappa past two reviewers, or every
 * figure with a reason) is left out. */
static void
write_figures (Writer                       *wr,
               IntakeAgreementLevel          level,
               const IntakeAgreementFigures *figures)
{
  const char *reason = intake_agreement_reason_to_string (figures->reason);

  start (wr, "figures");
  attr (wr, "level", intake_agreement_level_to_string (level));
  attr_decimal (wr, "units", "%.0f", figures->units);
  if (reason != NULL)
    attr (wr, "reason", reason);
  if (!isnan (figures->percent))
    attr_decimal (wr, "percent", "%.1f", figures->percent);
  if (!isnan (figures->kappa))
    attr_decimal (wr, "kappa", "%.3f", figures->kappa);
  if (!isnan (figures->alpha))
    attr_decimal (wr, "alpha", "%.3f", figures->alpha);
  end (wr);
}

static void
write_agreement (Writer *wr)
{
  const IntakeAgreementReport *report = wr->figures->agreement;
  const IntakeAgreementComparison *all = report->all;

  start (wr, "agreement");
  attr_uint (wr, "submissions", all->submissions);
  attr_uint (wr, "adjudicated", wr->figures->adjudicated);

  for (guint i = 0; i < report->reviewers->len; i++)
    {
      const IntakeAgreementReviewer *reviewer = g_ptr_array_index (report->reviewers, i);

      start (wr, "reviewer");
      attr (wr, "name", reviewer->name);
      end (wr);
    }

  start (wr, "overall");
  for (guint level = 0; level < INTAKE_AGREEMENT_N_LEVELS; level++)
    write_figures (wr, level, &all->overall[level]);
  end (wr);

  for (guint i = 0; i < all->codes->len; i++)
    {
      const IntakeAgreementCode *code = g_ptr_array_index (all->codes, i);

      start (wr, "code");
      attr (wr, "code", code->code_guid);
      attr (wr, "path", code->code_path);
      for (guint level = 0; level < INTAKE_AGREEMENT_N_LEVELS; level++)
        write_figures (wr, level, &code->levels[level]);
      end (wr);
    }

  end (wr);
}

gboolean
intake_report_write_xml (const IntakeReportFigures *figures,
                         IntakeReportNextFunc       next,
                         gpointer                   next_data,
                         GOutputStream             *out,
                         IntakeReportProgressFunc   progress,
                         gpointer                   progress_data,
                         GCancellable              *cancellable,
                         GError                   **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *generated = xsd_date_time (figures != NULL ? figures->generated : NULL);
  xmlOutputBufferPtr buffer;
  Sink sink = { out, cancellable, NULL };
  Writer wr = { NULL, figures, FALSE };
  gboolean ok = TRUE;
  IntakeReportSections sections;

  g_return_val_if_fail (figures != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  buffer = xmlOutputBufferCreateIO (sink_write, sink_close, &sink, NULL);
  wr.w = buffer != NULL ? xmlNewTextWriter (buffer) : NULL;
  if (wr.w == NULL)
    {
      if (buffer != NULL)
        xmlOutputBufferClose (buffer);
      return sink_finish (&sink, TRUE, error);
    }

  check (&wr, xmlTextWriterSetIndent (wr.w, 1));
  check (&wr, xmlTextWriterSetIndentString (wr.w, BAD_CAST "  "));
  check (&wr, xmlTextWriterStartDocument (wr.w, "1.0", "UTF-8", NULL));

  check (&wr, xmlTextWriterStartElementNS (wr.w, NULL, BAD_CAST "report", BAD_CAST REPORT_NS));
  attr (&wr, "version", "1");
  attr (&wr, "title", figures->title);
  if (generated != NULL)
    attr (&wr, "generated", generated);
  attr (&wr, "generator", figures->generator);
  attr_bool (&wr, "redacted", figures->redacted);
  attr_uint (&wr, "threshold", figures->threshold);

  sections = figures->sections;
  if (sections & INTAKE_REPORT_SECTION_SUMMARY)
    write_summary (&wr);
  if (sections & INTAKE_REPORT_SECTION_CODES)
    write_codes (&wr);
  if ((sections & INTAKE_REPORT_SECTION_CODES) && figures->agreement != NULL)
    write_agreement (&wr);
  if (sections & INTAKE_REPORT_SECTION_CROSSTABS)
    write_crosstabs (&wr);
  if (sections & INTAKE_REPORT_SECTION_COOCCURRENCE)
    write_cooccurrence (&wr);
  if (sections & INTAKE_REPORT_SECTION_QUOTES)
    write_quotes (&wr);
  if (!wr.failed && (sections & INTAKE_REPORT_SECTION_SUBMISSIONS))
    ok = write_submissions (&wr, next, next_data, progress, progress_data, cancellable, &local_error);

  if (ok && !wr.failed)
    {
      check (&wr, xmlTextWriterEndDocument (wr.w));
      check (&wr, xmlTextWriterFlush (wr.w));
    }

  /* Closes the buffer too, which flushes what is left. */
  xmlFreeTextWriter (wr.w);

  if (!ok)
    {
      g_autoptr(GError) ignored = NULL;

      sink_finish (&sink, FALSE, &ignored);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!sink_finish (&sink, wr.failed, error))
    return FALSE;

  if (progress != NULL)
    progress (1.0, progress_data);

  return TRUE;
}
