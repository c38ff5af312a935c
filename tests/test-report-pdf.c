#define G_LOG_DOMAIN "test-report-pdf"

#include "config.h"

#include <poppler.h>
#include <string.h>

#include "intake-report.h"

/* poppler-glib 22.12 declares no autoptr cleanups. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerFontInfo, g_object_unref)

#define N_SUBMISSIONS 1400
#define THRESHOLD     5

static const char *groups[] = { "Student", "Parent or guardian", "Teacher", "Administrator", "Community member" };
static const char *boards[] = { "Calgary Board of Education", "Calgary Catholic School District",
                                "Palliser School District", "FrancoSud" };

/* ---- The figures, built by hand ---- */

static IntakeReportCount *
count_new (const char *value,
           guint       count)
{
  IntakeReportCount *c = g_new0 (IntakeReportCount, 1);

  c->value = g_strdup (value);
  c->count = count;
  return c;
}

static void
count_free (gpointer data)
{
  IntakeReportCount *c = data;

  g_free (c->value);
  g_free (c);
}

static void
attribute_free (gpointer data)
{
  IntakeReportAttribute *a = data;

  g_free (a->name);
  g_free (a->value);
  g_free (a);
}

static IntakeReportAttribute *
attribute_new (const char *name,
               const char *value)
{
  IntakeReportAttribute *a = g_new0 (IntakeReportAttribute, 1);

  a->name = g_strdup (name);
  a->value = g_strdup (value);
  return a;
}

static void
quote_free (gpointer data)
{
  IntakeReportQuote *q = data;

  g_free (q->pseudonym);
  g_free (q->text);
  g_ptr_array_unref (q->attributes);
  g_free (q);
}

static void
crosstab_free (gpointer data)
{
  IntakeReportCrosstab *x = data;

  g_free (x->attribute);
  for (guint i = 0; i < x->n_columns; i++)
    g_free (x->columns[i]);
  g_free (x->columns);
  g_free (x->column_totals);
  g_free (x->cells);
  g_free (x);
}

/* A code's name: six themes (A–F), five topics each, two details each. */
static char *
code_name (guint theme,
           int   topic,
           int   detail)
{
  if (topic < 0)
    return g_strdup_printf ("Theme %c", 'A' + theme);
  if (detail < 0)
    return g_strdup_printf ("Topic %c%d", 'A' + theme, topic + 1);
  return g_strdup_printf ("Detail %c%d%c", 'A' + theme, topic + 1, 'a' + detail);
}

static guint
code_count (guint index)
{
  return 600 - index * 5;
}

static void
add_code (GArray     *codes,
          char       *name,
          const char *parent_path,
          int         parent,
          guint       depth)
{
  IntakeReportCode code = { 0 };
  guint index = codes->len;

  code.guid = g_strdup_printf ("00000000-0000-4000-8000-%012u", index);
  code.name = name;
  code.path = parent_path ? g_strdup_printf ("%s/%s", parent_path, name) : g_strdup (name);
  code.parent = parent;
  code.depth = depth;
  code.codable = TRUE;
  code.submissions = code_count (index);
  code.excerpts = code_count (index) + 11;
  code.share = code.submissions / 1300.0;
  if (depth == 0 && index % 2 == 0)
    code.color = g_strdup_printf ("#%02x%02x%02x", 40 + index * 3, 120, 200 - index);
  g_array_append_val (codes, code);
}

static IntakeReportCrosstab *
crosstab_new (const char  *attribute,
              const char **values,
              guint        n_values,
              guint        n_codes)
{
  IntakeReportCrosstab *x = g_new0 (IntakeReportCrosstab, 1);

  x->attribute = g_strdup (attribute);
  x->n_columns = n_values + 1;
  x->columns = g_new0 (char *, x->n_columns);
  x->column_totals = g_new0 (guint, x->n_columns);
  x->cells = g_new0 (guint, n_codes * x->n_columns);
  for (guint c = 0; c < n_values; c++)
    x->columns[c] = g_strdup (values[c]);
  for (guint c = 0; c < x->n_columns; c++)
    {
      x->column_totals[c] = 200 + c * 10;
      for (guint r = 0; r < n_codes; r++)
        {
          guint count = (r * 7 + c * 3) % 40;

          x->cells[r * x->n_columns + c] = intake_report_suppress (count, THRESHOLD);
        }
    }
  /* One small column, its total suppressed too. */
  x->column_totals[x->n_columns - 1] = intake_report_suppress (3, THRESHOLD);
  return x;
}

static IntakeReportFigures *
figures_new (gboolean redacted,
             gboolean hostile)
{
  IntakeReportFigures *f = g_new0 (IntakeReportFigures, 1);
  g_autoptr(GArray) codes = g_array_new (FALSE, TRUE, sizeof (IntakeReportCode));
  const char *many[] = { "Grade 7", "Grade 8", "Grade 9", "Grade 10", "Grade 11", "Grade 12",
                         "Adult learner", "Other" };

  f->title = g_strdup (hostile ? "Review <b>of</b> the\x01 SRO programme\u200f" : "School Resource Officer review");
  f->generated = g_strdup ("2026-03-05T14:30:00Z");
  f->generator = g_strdup ("Feedback Intake 0.1");
  f->redacted = redacted;
  f->threshold = THRESHOLD;
  f->sections = INTAKE_REPORT_SECTION_ALL;
  f->total_submissions = N_SUBMISSIONS + 20;
  f->submissions = N_SUBMISSIONS;
  f->coded_submissions = 1300;
  f->by_status[INTAKE_STATUS_CODED] = 1300;
  f->by_status[INTAKE_STATUS_IN_PROGRESS] = 100;
  f->by_status[INTAKE_STATUS_EXCLUDED] = 20;
  f->by_group = g_ptr_array_new_with_free_func (count_free);
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    g_ptr_array_add (f->by_group, count_new (groups[i], 280));
  g_ptr_array_add (f->by_group, count_new (NULL, intake_report_suppress (2, THRESHOLD)));
  f->by_board = g_ptr_array_new_with_free_func (count_free);
  for (guint i = 0; i < G_N_ELEMENTS (boards); i++)
    g_ptr_array_add (f->by_board, count_new (boards[i], 350));
  f->by_language = g_ptr_array_new_with_free_func (count_free);
  g_ptr_array_add (f->by_language, count_new ("English", 1100));
  g_ptr_array_add (f->by_language, count_new ("French", 300));
  f->first_date = g_strdup ("2025-09-01");
  f->last_date = g_strdup ("2026-01-31");
  f->duplicates = 37;
  f->rejected = 4;
  f->reviewers = g_ptr_array_new_with_free_func (g_free);
  {
    IntakeReportReviewer *r = g_new0 (IntakeReportReviewer, 1);

    r->name = (char *) "Amira";
    r->submissions = 900;
    r->codings = 2100;
    g_ptr_array_add (f->reviewers, r);
  }

  for (guint t = 0; t < 6; t++)
    {
      int theme = codes->len;
      char *theme_name = code_name (t, -1, -1);

      add_code (codes, theme_name, NULL, -1, 0);
      for (int p = 0; p < 5; p++)
        {
          int topic = codes->len;
          const char *theme_path = g_array_index (codes, IntakeReportCode, theme).path;

          add_code (codes, code_name (t, p, -1), theme_path, theme, 1);
          for (int d = 0; d < 2; d++)
            add_code (codes, code_name (t, p, d), g_array_index (codes, IntakeReportCode, topic).path,
                      topic, 2);
        }
    }
  if (hostile)
    {
      IntakeReportCode *code = &g_array_index (codes, IntakeReportCode, 1);

      g_free (code->name);
      code->name = g_strdup ("<script>alert(1)</script>\x07 Hostile\u202e code");

      /* A name so long that its table rows are taller than a page. */
      code = &g_array_index (codes, IntakeReportCode, 2);
      g_free (code->name);
      code->name = g_strnfill (1 << 20, 'x');
      memcpy (code->name, "Longname ", 9);
    }
  f->n_codes = codes->len;
  f->codes = (IntakeReportCode *) g_array_free (g_steal_pointer (&codes), FALSE);

  f->crosstabs = g_ptr_array_new_with_free_func (crosstab_free);
  g_ptr_array_add (f->crosstabs, crosstab_new ("Respondent group", groups, G_N_ELEMENTS (groups), f->n_codes));
  g_ptr_array_add (f->crosstabs, crosstab_new ("Grade", many, G_N_ELEMENTS (many), f->n_codes));

  f->cooccurrence = g_new0 (guint, f->n_codes * f->n_codes);
  for (guint a = 0; a < f->n_codes; a++)
    for (guint b = 0; b < f->n_codes; b++)
      if (a != b && (a + b) % 9 == 0)
        f->cooccurrence[a * f->n_codes + b] = intake_report_suppress ((a * b) % 60, THRESHOLD);

  f->quotes = g_new0 (GPtrArray *, f->n_codes);
  for (guint i = 0; i < f->n_codes; i += 10)
    {
      f->quotes[i] = g_ptr_array_new_with_free_func (quote_free);
      for (guint q = 0; q < 2; q++)
        {
          IntakeReportQuote *quote = g_new0 (IntakeReportQuote, 1);

          quote->submission_id = i * 10 + q;
          quote->pseudonym = g_strdup_printf ("S-%04u", i * 10 + q + 1);
          quote->text = g_strdup_printf ("Quote %u.%u: the officer at our school knew every student by "
                                         "name, and that made a difference to how safe we felt.", i, q);
          quote->quotable = q == 0;
          quote->cut = q == 1;
          quote->attributes = g_ptr_array_new_with_free_func (attribute_free);
          g_ptr_array_add (quote->attributes, attribute_new ("Respondent group", groups[q]));
          g_ptr_array_add (f->quotes[i], quote);
        }
    }

  return f;
}

static void
figures_free (IntakeReportFigures *f)
{
  g_free (f->title);
  g_free (f->generated);
  g_free (f->generator);
  g_ptr_array_unref (f->by_group);
  g_ptr_array_unref (f->by_board);
  g_ptr_array_unref (f->by_language);
  g_free (f->first_date);
  g_free (f->last_date);
  g_ptr_array_unref (f->reviewers);
  for (guint i = 0; i < f->n_codes; i++)
    {
      g_free (f->codes[i].guid);
      g_free (f->codes[i].name);
      g_free (f->codes[i].path);
      g_free (f->codes[i].color);
      if (f->quotes[i])
        g_ptr_array_unref (f->quotes[i]);
    }
  g_free (f->codes);
  g_free (f->quotes);
  g_ptr_array_unref (f->crosstabs);
  g_free (f->cooccurrence);
  g_free (f);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IntakeReportFigures, figures_free)

/* ---- The submissions, generated one at a time ---- */

typedef struct
{
  guint         n;
  guint         next;
  gboolean      hostile;
  guint         cancel_after;   /* 0: never */
  GCancellable *cancellable;
} Source;

static void
coding_free (gpointer data)
{
  IntakeReportCoding *c = data;

  g_free (c->reviewer);
  g_free (c->excerpt);
  g_free (c);
}

static IntakeReportCoding *
coding_new (int         code,
            const char *excerpt)
{
  IntakeReportCoding *c = g_new0 (IntakeReportCoding, 1);

  c->code = code;
  c->reviewer = g_strdup ("Amira");
  c->start = excerpt ? 10 : -1;
  c->end = excerpt ? 10 + (int) g_utf8_strlen (excerpt, -1) : -1;
  c->excerpt = g_strdup (excerpt);
  return c;
}

static gboolean
source_next (gpointer                 user_data,
             IntakeReportSubmission **out,
             GError                 **error)
{
  Source *source = user_data;
  IntakeReportSubmission *s;
  guint i = source->next;

  if (source->cancel_after && i == source->cancel_after)
    g_cancellable_cancel (source->cancellable);
  if (i >= source->n)
    {
      *out = NULL;
      return TRUE;
    }
  source->next++;

  s = g_new0 (IntakeReportSubmission, 1);
  s->id = i + 1;
  s->pseudonym = g_strdup_printf ("S-%04u", i + 1);
  s->date = g_strdup_printf ("2025-%02u-%02u", 9 + i % 4, 1 + i % 28);
  s->status = INTAKE_STATUS_CODED;
  s->subject = g_strdup_printf ("About the programme, %u", i + 1);
  s->attributes = g_ptr_array_new_with_free_func (attribute_free);
  g_ptr_array_add (s->attributes, attribute_new ("Respondent group", groups[i % G_N_ELEMENTS (groups)]));
  g_ptr_array_add (s->attributes, attribute_new ("School board", boards[i % G_N_ELEMENTS (boards)]));
  g_ptr_array_add (s->attributes, attribute_new ("Language", i % 4 ? "English" : "French"));
  s->codings = g_ptr_array_new_with_free_func (coding_free);
  g_ptr_array_add (s->codings, coding_new ((int) (i % 96), NULL));
  for (guint e = 0; e < 2; e++)
    {
      g_autofree char *excerpt = g_strdup_printf ("Excerpt %u of S-%04u: I think the programme should "
                                                  "stay, with changes to how officers speak to students "
                                                  "in the hallways and at lunch.", e + 1, i + 1);

      g_ptr_array_add (s->codings, coding_new ((int) ((i + e * 13) % 96), excerpt));
    }
  if (i % 7 == 0)
    s->memo = g_strdup ("Follow up with the board about the lunch-hour patrols.");

  if (source->hostile && i == 0)
    {
      GString *huge = g_string_sized_new (1 << 20);

      g_free (s->subject);
      s->subject = g_strdup ("Subject\x01\x02 with <b>markup</b> & \xff\xfe bad bytes");
      g_string_append (huge, "Huge beginning ");
      while (huge->len < (1 << 20))
        g_string_append (huge, "words and more words ");
      g_ptr_array_add (s->codings, coding_new (3, huge->str));
      g_ptr_array_add (s->codings,
                       coding_new (4, "\u200fRTL \u202bembedded\u202c text\x1b[31m and <script>alert(1)</script> tail"));
      g_free (s->memo);
      s->memo = g_string_free (huge, FALSE);
    }

  *out = s;
  return TRUE;
}

/* ---- Writing and reading back ---- */

typedef struct
{
  PopplerDocument *document;
  GPtrArray       *pages;      /* the text of each page */
  double           last_progress;
  guint            n_progress;
  gboolean         progress_monotonic;
} Pdf;

static void
pdf_free (Pdf *pdf)
{
  g_clear_object (&pdf->document);
  g_clear_pointer (&pdf->pages, g_ptr_array_unref);
  g_free (pdf);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pdf, pdf_free)

static void
on_progress (double   fraction,
             gpointer user_data)
{
  Pdf *pdf = user_data;

  if (fraction < pdf->last_progress)
    pdf->progress_monotonic = FALSE;
  pdf->last_progress = fraction;
  pdf->n_progress++;
}

static Pdf *
write_pdf (const IntakeReportFigures *figures,
           IntakeReportPaper          paper,
           guint                      n_submissions,
           gboolean                   hostile)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  Source source = { n_submissions, 0, hostile, 0, NULL };
  Pdf *pdf = g_new0 (Pdf, 1);
  gboolean ok;

  pdf->progress_monotonic = TRUE;
  ok = intake_report_write_pdf (figures, paper, source_next, &source, out, on_progress, pdf, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  g_test_message ("%u submissions: %.2f s, %zu bytes", n_submissions, g_timer_elapsed (timer, NULL),
                  g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)));

  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), 5, "%PDF-", 5);
  pdf->document = poppler_document_new_from_bytes (bytes, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pdf->document);

  if (g_getenv ("INTAKE_TEST_PDF_OUT"))
    g_file_set_contents (g_getenv ("INTAKE_TEST_PDF_OUT"), g_bytes_get_data (bytes, NULL),
                         g_bytes_get_size (bytes), NULL);

  pdf->pages = g_ptr_array_new_with_free_func (g_free);
  for (int i = 0; i < poppler_document_get_n_pages (pdf->document); i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (pdf->document, i);

      g_ptr_array_add (pdf->pages, poppler_page_get_text (page));
    }
  return pdf;
}

static const char *
page_text (Pdf *pdf,
           int  number)   /* from 1 */
{
  g_assert_cmpint (number, >=, 1);
  g_assert_cmpint (number, <=, (int) pdf->pages->len);
  return g_ptr_array_index (pdf->pages, number - 1);
}

/* The first page, from 1, whose text holds @needle at or after page @from; 0 if none. */
static int
find_page (Pdf        *pdf,
           const char *needle,
           int         from)
{
  for (guint i = MAX (from, 1) - 1; i < pdf->pages->len; i++)
    if (strstr (g_ptr_array_index (pdf->pages, i), needle))
      return (int) i + 1;
  return 0;
}

/* The full report, written once and shared by the tests that read it. */
static Pdf *full_report;

static Pdf *
get_full_report (void)
{
  if (!full_report)
    {
      g_autoptr(IntakeReportFigures) figures = figures_new (TRUE, FALSE);

      full_report = write_pdf (figures, INTAKE_REPORT_PAPER_A4, N_SUBMISSIONS, FALSE);
    }
  return full_report;
}

/* The page number the contents give for @title. */
static int
contents_page (Pdf        *pdf,
               const char *title)
{
  g_autofree char *pattern = g_strdup_printf ("%s\\s*([0-9]+)", title);
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *number = NULL;

  if (!g_regex_match (regex, page_text (pdf, 2), 0, &match))
    return 0;
  number = g_match_info_fetch (match, 1);
  return atoi (number);
}

static const char *sections[] = {
  "The consultation at a glance", "Code frequencies", "Cross-tabulations", "Co-occurrence of codes",
  "Representative quotes", "Appendix: the submissions",
};

/* ---- Tests ---- */

static void
test_title_and_contents (void)
{
  Pdf *pdf = get_full_report ();
  int previous = 2;

  g_assert_cmpuint (pdf->pages->len, >, 100);
  g_assert_nonnull (strstr (page_text (pdf, 1), "School Resource Officer"));
  g_assert_nonnull (strstr (page_text (pdf, 1), "Consultation report"));
  g_assert_nonnull (strstr (page_text (pdf, 1), "1400 of 1420 submissions selected"));
  g_assert_nonnull (strstr (page_text (pdf, 1), "5 March 2026"));
  g_assert_nonnull (strstr (page_text (pdf, 1), "Personal information is redacted"));
  /* Numbered pages, the title page excepted. */
  g_assert_null (strstr (page_text (pdf, 1), "Page 1"));
  g_assert_nonnull (strstr (page_text (pdf, 2), "Page 2"));
  g_assert_nonnull (strstr (page_text (pdf, 7), "Page 7"));
  g_assert_nonnull (strstr (page_text (pdf, 7), "School Resource Officer review"));

  g_assert_nonnull (strstr (page_text (pdf, 2), "Contents"));
  for (gsize i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      int page = contents_page (pdf, sections[i]);

      g_test_message ("%s: page %d", sections[i], page);
      g_assert_cmpint (page, >, previous);
      /* The page the contents name is the first after them with the heading. */
      g_assert_cmpint (find_page (pdf, sections[i], 3), ==, page);
      previous = page;
    }
}

static void
test_links_and_outline (void)
{
  Pdf *pdf = get_full_report ();
  g_autoptr(PopplerPage) contents = poppler_document_get_page (pdf->document, 1);
  GList *links = poppler_page_get_link_mapping (contents);
  PopplerIndexIter *outline = poppler_index_iter_new (pdf->document);
  guint n_outline = 0;
  g_autoptr(GArray) targets = g_array_new (FALSE, FALSE, sizeof (int));

  /* A link from each line of the contents to its section's page. */
  for (GList *l = links; l; l = l->next)
    {
      PopplerLinkMapping *mapping = l->data;
      PopplerDest *dest = NULL;
      int target;

      g_assert_cmpint (mapping->action->type, ==, POPPLER_ACTION_GOTO_DEST);
      dest = mapping->action->goto_dest.dest;
      if (dest->type == POPPLER_DEST_NAMED)
        dest = poppler_document_find_dest (pdf->document, dest->named_dest);
      else
        dest = poppler_dest_copy (dest);
      target = dest->page_num;
      poppler_dest_free (dest);
      g_array_append_val (targets, target);
    }
  poppler_page_free_link_mapping (links);
  g_assert_cmpuint (targets->len, ==, G_N_ELEMENTS (sections));
  for (gsize i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      gboolean found = FALSE;

      for (guint t = 0; t < targets->len; t++)
        found |= g_array_index (targets, int, t) == contents_page (pdf, sections[i]);
      g_assert_true (found);
    }

  g_assert_nonnull (outline);
  do
    n_outline++;
  while (poppler_index_iter_next (outline));
  poppler_index_iter_free (outline);
  g_assert_cmpuint (n_outline, ==, G_N_ELEMENTS (sections));
}

static void
test_codes (void)
{
  Pdf *pdf = get_full_report ();
  int start = contents_page (pdf, "Code frequencies");
  int first = find_page (pdf, "Detail A1a", start);
  int last = find_page (pdf, "Detail F5b", start);
  g_autofree char *count = g_strdup_printf ("%u", code_count (95));
  g_autofree char *row = NULL;
  g_autoptr(GRegex) regex = NULL;

  /* The codes table spans pages, its header row on each. */
  g_assert_cmpint (first, ==, start);
  g_assert_cmpint (last, >, first);
  for (int page = start; page <= last; page++)
    g_assert_nonnull (strstr (page_text (pdf, page), "Excerpts"));

  /* The last code's row holds its figures: 125 submissions, 136 excerpts.
   * Poppler runs the cells of a row together. */
  row = g_strdup_printf ("Detail F5b\\s*%s\\s*%u\\s*9\\.6%%", count, code_count (95) + 11);
  regex = g_regex_new (row, 0, 0, NULL);
  g_assert_true (g_regex_match (regex, page_text (pdf, last), 0, NULL));
  g_assert_nonnull (strstr (page_text (pdf, start), "Theme A"));
  g_assert_nonnull (strstr (page_text (pdf, start), "600"));

  /* The chart follows and goes on onto another page. */
  first = find_page (pdf, "Share of coded submissions by code", start);
  g_assert_cmpint (first, >=, last);
  g_assert_cmpint (find_page (pdf, "Share of coded submissions by code (continued)", first), >, first);
  g_assert_nonnull (strstr (page_text (pdf, first), "600 (46.2%)"));
}

static void
test_crosstabs (void)
{
  Pdf *pdf = get_full_report ();
  int start = contents_page (pdf, "Cross-tabulations");
  int split;
  const char *text = page_text (pdf, start);
  int end = contents_page (pdf, "Co-occurrence of codes");

  g_assert_nonnull (strstr (text, "Codes by Respondent group"));
  g_assert_cmpint (find_page (pdf, "Not recorded", start), <, end);
  g_assert_nonnull (strstr (text, "<5"));
  g_assert_nonnull (strstr (text, "are suppressed and shown as “<5”"));
  /* 7 of 200 in the first column, Theme A's… row 1 × 7 + 0: "7 (3.5%)". */
  g_assert_nonnull (strstr (text, "7 (3.5%)"));

  /* Ten columns do not fit: the table is split, each part with the codes. */
  split = find_page (pdf, "Grade: columns 1–3 of 9", start);
  g_assert_cmpint (split, >, 0);
  split = find_page (pdf, "Grade: columns 7–9 of 9", split);
  g_assert_cmpint (split, >, 0);
  g_assert_nonnull (strstr (page_text (pdf, split), "Theme A"));
  g_assert_nonnull (strstr (page_text (pdf, split), "Not recorded"));
}

static void
test_cooccurrence_and_quotes (void)
{
  Pdf *pdf = get_full_report ();
  int co = contents_page (pdf, "Co-occurrence of codes");
  int quotes = contents_page (pdf, "Representative quotes");

  g_assert_nonnull (strstr (page_text (pdf, co), "Code A"));
  g_assert_nonnull (find_page (pdf, "<5", co) < quotes ? "" : NULL);
  g_assert_nonnull (strstr (page_text (pdf, quotes), "Quote 0.0"));
  g_assert_nonnull (strstr (page_text (pdf, quotes), "Quotable"));
  g_assert_nonnull (strstr (page_text (pdf, quotes), "(cut)"));
  g_assert_nonnull (strstr (page_text (pdf, quotes), "S-0001"));
}

static void
test_submissions (void)
{
  Pdf *pdf = get_full_report ();
  int start = contents_page (pdf, "Appendix: the submissions");

  g_assert_cmpint (find_page (pdf, "S-0001", start), ==, start);
  g_assert_nonnull (strstr (page_text (pdf, start), "Excerpt 1 of S-0001"));
  g_assert_nonnull (strstr (page_text (pdf, start), "Memo:"));
  g_assert_cmpint (find_page (pdf, "S-1400", start), ==, (int) pdf->pages->len);
  g_assert_true (pdf->progress_monotonic);
  g_assert_cmpfloat (pdf->last_progress, ==, 1.0);
  g_assert_cmpuint (pdf->n_progress, >=, 14);
}

static void
test_fonts_embedded (void)
{
  Pdf *pdf = get_full_report ();
  g_autoptr(PopplerFontInfo) info = poppler_font_info_new (pdf->document);
  PopplerFontsIter *iter = NULL;
  guint n_fonts = 0;

  while (poppler_font_info_scan (info, poppler_document_get_n_pages (pdf->document), &iter))
    {
      if (!iter)
        continue;
      do
        {
          g_test_message ("font %s", poppler_fonts_iter_get_name (iter));
          g_assert_true (poppler_fonts_iter_is_embedded (iter));
          n_fonts++;
        }
      while (poppler_fonts_iter_next (iter));
      g_clear_pointer (&iter, poppler_fonts_iter_free);
    }
  g_assert_cmpuint (n_fonts, >=, 2);
}

static void
assert_paper (IntakeReportPaper paper,
              double            width,
              double            height)
{
  g_autoptr(IntakeReportFigures) figures = figures_new (TRUE, FALSE);
  g_autoptr(Pdf) pdf = NULL;
  g_autoptr(PopplerPage) page = NULL;
  double w, h;

  figures->sections = INTAKE_REPORT_SECTION_SUMMARY;
  pdf = write_pdf (figures, paper, 0, FALSE);
  page = poppler_document_get_page (pdf->document, 2);
  poppler_page_get_size (page, &w, &h);
  g_assert_cmpfloat_with_epsilon (w, width, 0.01);
  g_assert_cmpfloat_with_epsilon (h, height, 0.01);
}

static void
test_paper (void)
{
  assert_paper (INTAKE_REPORT_PAPER_A4, 595.276, 841.89);
  assert_paper (INTAKE_REPORT_PAPER_LETTER, 612, 792);

  /* Without a locale set in the program, the environment decides. */
  g_setenv ("LC_ALL", "en_CA.UTF-8", TRUE);
  assert_paper (INTAKE_REPORT_PAPER_DEFAULT, 612, 792);
  g_setenv ("LC_ALL", "fr_FR.UTF-8", TRUE);
  assert_paper (INTAKE_REPORT_PAPER_DEFAULT, 595.276, 841.89);
  g_unsetenv ("LC_ALL");
}

static void
test_not_redacted_notice (void)
{
  const char *notice = "Not redacted: this report contains personal information";

  for (int redacted = 1; redacted >= 0; redacted--)
    {
      g_autoptr(IntakeReportFigures) figures = figures_new (redacted, FALSE);
      g_autoptr(Pdf) pdf = write_pdf (figures, INTAKE_REPORT_PAPER_A4, 20, FALSE);

      if (redacted)
        g_assert_cmpint (find_page (pdf, notice, 1), ==, 0);
      else
        {
          g_assert_cmpint (find_page (pdf, notice, 1), ==, 1);
          g_assert_cmpint (find_page (pdf, notice, 2), ==, 0);
        }
    }
}

static void
test_hostile_text (void)
{
  g_autoptr(IntakeReportFigures) figures = figures_new (TRUE, TRUE);
  g_autoptr(Pdf) pdf = write_pdf (figures, INTAKE_REPORT_PAPER_A4, 3, TRUE);
  int start = contents_page (pdf, "Appendix: the submissions");
  const char *text;

  g_assert_cmpint (start, >, 0);
  text = page_text (pdf, start);
  /* Markup shows as itself; controls are gone; the rest is there. */
  g_assert_nonnull (strstr (page_text (pdf, 1), "Review <b>of</b> the SRO"));
  g_assert_nonnull (strstr (text, "with <b>markup</b> &"));
  g_assert_nonnull (strstr (text, "and <script>alert(1)</script> tail"));
  g_assert_nonnull (strstr (text, "embedded"));
  g_assert_nonnull (strstr (text, "Huge beginning words and more"));
  g_assert_null (strstr (text, "\x1b"));
  g_assert_null (strstr (text, "\x01"));
  /* The override is gone: "code" reads as itself. */
  g_assert_cmpint (find_page (pdf, "<script>alert(1)</script> Hostile code", 3), >, 0);
  g_assert_cmpint (find_page (pdf, "Longname xxx", 3), >, 0);
  /* The megabyte excerpt is shortened; the megabyte memo is kept to a few pages. */
  g_assert_cmpint (find_page (pdf, "S-0002", start), <, start + 10);
}

static void
cancel_on_progress (double   fraction,
                    gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancelled (void)
{
  g_autoptr(IntakeReportFigures) figures = figures_new (TRUE, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  Source source = { N_SUBMISSIONS, 0, FALSE, 250, cancellable };

  /* Halfway through the submissions. */
  g_assert_false (intake_report_write_pdf (figures, INTAKE_REPORT_PAPER_A4, source_next, &source, out,
                                           NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (source.next, <=, 300);
  g_clear_error (&error);

  /* After the first section, before the contents' other pages are drawn. */
  g_cancellable_reset (cancellable);
  source.next = 0;
  source.cancel_after = 0;
  g_assert_false (intake_report_write_pdf (figures, INTAKE_REPORT_PAPER_A4, source_next, &source, out,
                                           cancel_on_progress, cancellable, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (source.next, ==, 0);
  g_clear_error (&error);

  /* Before it begins. */
  g_assert_false (intake_report_write_pdf (figures, INTAKE_REPORT_PAPER_A4, source_next, &source, out,
                                           NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_write_error (void)
{
  g_autoptr(IntakeReportFigures) figures = figures_new (TRUE, FALSE);
  static char buffer[4096];
  /* A stream that cannot grow past 4 KiB. */
  g_autoptr(GOutputStream) out = g_memory_output_stream_new (buffer, sizeof buffer, NULL, NULL);
  g_autoptr(GError) error = NULL;
  Source source = { 10, 0, FALSE, 0, NULL };

  g_assert_false (intake_report_write_pdf (figures, INTAKE_REPORT_PAPER_A4, source_next, &source, out,
                                           NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
}

static gboolean
failing_next (gpointer                 user_data,
              IntakeReportSubmission **out,
              GError                 **error)
{
  g_set_error_literal (error, INTAKE_REPORT_ERROR, INTAKE_REPORT_ERROR_FAILED, "The store went away");
  return FALSE;
}

static void
test_next_error (void)
{
  g_autoptr(IntakeReportFigures) figures = figures_new (TRUE, FALSE);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_false (intake_report_write_pdf (figures, INTAKE_REPORT_PAPER_A4, failing_next, NULL, out,
                                           NULL, NULL, NULL, &error));
  g_assert_error (error, INTAKE_REPORT_ERROR, INTAKE_REPORT_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "The store went away");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/report-pdf/title-and-contents", test_title_and_contents);
  g_test_add_func ("/report-pdf/links-and-outline", test_links_and_outline);
  g_test_add_func ("/report-pdf/codes", test_codes);
  g_test_add_func ("/report-pdf/crosstabs", test_crosstabs);
  g_test_add_func ("/report-pdf/cooccurrence-and-quotes", test_cooccurrence_and_quotes);
  g_test_add_func ("/report-pdf/submissions", test_submissions);
  g_test_add_func ("/report-pdf/fonts-embedded", test_fonts_embedded);
  g_test_add_func ("/report-pdf/paper", test_paper);
  g_test_add_func ("/report-pdf/not-redacted-notice", test_not_redacted_notice);
  g_test_add_func ("/report-pdf/hostile-text", test_hostile_text);
  g_test_add_func ("/report-pdf/cancelled", test_cancelled);
  g_test_add_func ("/report-pdf/write-error", test_write_error);
  g_test_add_func ("/report-pdf/next-error", test_next_error);
  status = g_test_run ();
  g_clear_pointer (&full_report, pdf_free);
  return status;
}
