#define G_LOG_DOMAIN "intake-report"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <string.h>
#include <stdint.h>

#include "intake-report.h"
#include "intake-report-pdf-layout.h"

#define A4_WIDTH        595.276
#define A4_HEIGHT       841.89
#define LETTER_WIDTH    612.0
#define LETTER_HEIGHT   792.0

#define EXCERPT_CHARS   300
#define MEMO_CHARS      10000
#define SUBJECT_CHARS   300
#define ATTRIBUTE_CHARS 200
#define PROGRESS_EVERY  100

#define FIRST_SECTION_PAGE 3   /* after the title page and the contents */

/* The sections in the order they are drawn. */
static const IntakeReportSections section_order[] = {
  INTAKE_REPORT_SECTION_SUMMARY,
  INTAKE_REPORT_SECTION_CODES,
  INTAKE_REPORT_SECTION_CROSSTABS,
  INTAKE_REPORT_SECTION_COOCCURRENCE,
  INTAKE_REPORT_SECTION_QUOTES,
  INTAKE_REPORT_SECTION_SUBMISSIONS,
};
#define N_SECTIONS G_N_ELEMENTS (section_order)

typedef struct
{
  GOutputStream *out;
  GCancellable  *cancellable;
  GError        *error;
  gboolean       discard;      /* after an error or a cancellation: write nothing more */
} Sink;

typedef struct
{
  const IntakeReportFigures *figures;
  PdfDoc                     doc;
  cairo_surface_t           *surface;   /* NULL while measuring */
  gboolean                   drawing;
  int                        pages[N_SECTIONS];   /* where each section starts; 0 when absent */
  IntakeReportProgressFunc   progress;
  gpointer                   progress_data;
  GCancellable              *cancellable;
  guint                      sections_done;
  guint                      n_figure_sections;
} Writer;

/* ---- Paper ---- */

static gboolean
territory_uses_letter (const char *locale)
{
  static const char * const letter[] = {
    "US", "CA", "MX", "PH", "CL", "CO", "VE", "PR", "CR", "GT", "NI", "PA", "SV", "DO", "BZ",
  };
  const char *underscore;
  char territory[3] = { 0 };

  if (!locale || !(underscore = strchr (locale, '_')))
    return FALSE;
  if (!g_ascii_isalpha (underscore[1]) || !g_ascii_isalpha (underscore[2]) ||
      g_ascii_isalpha (underscore[3]))
    return FALSE;
  territory[0] = g_ascii_toupper (underscore[1]);
  territory[1] = g_ascii_toupper (underscore[2]);

  for (gsize i = 0; i < G_N_ELEMENTS (letter); i++)
    if (strcmp (territory, letter[i]) == 0)
      return TRUE;
  return FALSE;
}

static IntakeReportPaper
paper_from_locale (void)
{
  const char *current = setlocale (LC_PAPER, NULL);
  const char *names[] = { "LC_ALL", "LC_PAPER", "LANG" };

#ifdef __GLIBC__
  /* Only a program that set its locale to a real one has LC_PAPER's own
   * figures; the C locale's say A4 whatever the person wants. */
  if (current && strcmp (current, "C") != 0 && strcmp (current, "POSIX") != 0 &&
      !g_str_has_prefix (current, "C."))
    {
      union { unsigned int word; char *string; } width, height;

      width.string = nl_langinfo (_NL_PAPER_WIDTH);
      height.string = nl_langinfo (_NL_PAPER_HEIGHT);
      if (width.word == 216 && height.word == 279)
        return INTAKE_REPORT_PAPER_LETTER;
      if (width.word == 210 && height.word == 297)
        return INTAKE_REPORT_PAPER_A4;
    }
#else
  if (current && territory_uses_letter (current))
    return INTAKE_REPORT_PAPER_LETTER;
#endif

  /* The environment, as setlocale() would read it. */
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *value = g_getenv (names[i]);

      if (value && *value)
        return territory_uses_letter (value) ? INTAKE_REPORT_PAPER_LETTER : INTAKE_REPORT_PAPER_A4;
    }

  return INTAKE_REPORT_PAPER_A4;
}

/* ---- Formatting ---- */

static char *
format_count (guint count,
              guint threshold)
{
  if (count == INTAKE_REPORT_SUPPRESSED)
    /* Translators: a suppressed count in a table, as "<5" */
    return g_strdup_printf (_("<%'u"), threshold);
  return g_strdup_printf ("%'u", count);
}

static char *
format_percent (double fraction)
{
  /* Translators: a percentage, as "12.5%" */
  return g_strdup_printf (_("%.1f%%"), fraction * 100.0);
}

static char *
format_date (const char *iso)
{
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  int y, m, d;

  if (!iso)
    return NULL;
  if (strlen (iso) == 10 && sscanf (iso, "%d-%d-%d", &y, &m, &d) == 3)
    date = g_date_time_new (utc, y, m, d, 0, 0, 0);
  else
    date = g_date_time_new_from_iso8601 (iso, utc);
  if (!date)
    return g_strdup (iso);

  /* Translators: a date in a report, in strftime() form, as "5 March 2026" */
  return g_date_time_format (date, _("%-d %B %Y"));
}

static const char *
value_or_not_recorded (const char *value)
{
  /* Translators: the heading of the cases without a value for an attribute */
  return value ? value : _("Not recorded");
}

static const char *
status_label (IntakeStatus status)
{
  switch (status)
    {
    case INTAKE_STATUS_NEW:
      return _("New");
    case INTAKE_STATUS_IN_PROGRESS:
      return _("In progress");
    case INTAKE_STATUS_CODED:
      return _("Coded");
    case INTAKE_STATUS_EXCLUDED:
      return _("Excluded");
    default:
      return "";
    }
}

static const char *
section_title (IntakeReportSections section)
{
  switch (section)
    {
    case INTAKE_REPORT_SECTION_SUMMARY:
      return _("The consultation at a glance");
    case INTAKE_REPORT_SECTION_CODES:
      return _("Code frequencies");
    case INTAKE_REPORT_SECTION_CROSSTABS:
      return _("Cross-tabulations");
    case INTAKE_REPORT_SECTION_COOCCURRENCE:
      return _("Co-occurrence of codes");
    case INTAKE_REPORT_SECTION_QUOTES:
      return _("Representative quotes");
    case INTAKE_REPORT_SECTION_SUBMISSIONS:
      /* Translators: the appendix of a report that lists every submission */
      return _("Appendix: the submissions");
    default:
      return "";
    }
}

static void
set_grey (PdfDoc *doc,
          double  grey)
{
  if (doc->cr)
    cairo_set_source_rgb (doc->cr, grey, grey, grey);
}

/* ---- Shared pieces of the sections ---- */

static void
heading (Writer     *w,
         PdfFont     font,
         const char *text)
{
  PdfDoc *doc = &w->doc;
  PangoLayout *layout = pdf_layout (doc, font, text, 300, pdf_text_width (doc));
  double height = pdf_layout_height (layout);

  if (doc->y > doc->top + 0.5)
    pdf_space (doc, font == PDF_FONT_H3 ? 6.0 : 10.0);
  /* Never the last thing on a page. */
  pdf_ensure (doc, height + 40.0);
  set_grey (doc, 0.1);
  pdf_flow (doc, layout, doc->left);
  pdf_space (doc, font == PDF_FONT_H1 ? 12.0 : 5.0);
  set_grey (doc, 0);
}

static void
paragraph (Writer     *w,
           PdfFont     font,
           const char *text,
           double      indent)
{
  PdfDoc *doc = &w->doc;
  PangoLayout *layout = pdf_layout (doc, font, text, MEMO_CHARS, pdf_text_width (doc) - indent);

  pdf_flow (doc, layout, doc->left + indent);
}

/* A paragraph whose first @label_length bytes are bold, as "Memo: …". */
static void
labelled_paragraph (Writer     *w,
                    PdfFont     font,
                    const char *text,
                    gsize       label_length,
                    double      indent)
{
  PdfDoc *doc = &w->doc;
  PangoLayout *layout = doc->layouts[font];
  PangoAttrList *attrs = pango_attr_list_new ();
  PangoAttribute *bold = pango_attr_weight_new (PANGO_WEIGHT_BOLD);

  /* @text is cleaned already: the label's offsets hold. */
  pango_layout_set_width (layout, (int) ((pdf_text_width (doc) - indent) * PANGO_SCALE));
  pango_layout_set_alignment (layout, PANGO_ALIGN_LEFT);
  pango_layout_set_text (layout, text, -1);
  bold->start_index = 0;
  bold->end_index = (guint) label_length;
  pango_attr_list_insert (attrs, bold);
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);

  pdf_flow (doc, layout, doc->left + indent);
  pango_layout_set_attributes (layout, NULL);
}

static void
begin_section (Writer               *w,
               guint                 index)
{
  PdfDoc *doc = &w->doc;
  const char *title = section_title (section_order[index]);

  pdf_new_page (doc);
  w->pages[index] = doc->page;

  if (w->surface)
    {
      g_autofree char *link = g_strdup_printf ("page=%d", doc->page);
      /* cairo 1.16 drops links to pages not drawn yet, as the contents'
       * are; a named destination it resolves at the end. */
      g_autofree char *dest = g_strdup_printf ("name='section-%u'", index);

      cairo_pdf_surface_add_outline (w->surface, CAIRO_PDF_OUTLINE_ROOT, title, link, 0);
      cairo_tag_begin (doc->cr, CAIRO_TAG_DEST, dest);
      cairo_tag_end (doc->cr, CAIRO_TAG_DEST);
    }
  heading (w, PDF_FONT_H1, title);
}

static void
report_progress (Writer *w,
                 double  fraction)
{
  if (w->progress && w->drawing)
    w->progress (CLAMP (fraction, 0.0, 1.0), w->progress_data);
}

/* The share of the work the figure sections stand for. */
static double
figure_share (Writer *w)
{
  if (!(w->figures->sections & INTAKE_REPORT_SECTION_SUBMISSIONS))
    return 1.0;
  if (w->n_figure_sections == 0)
    return 0.0;
  return 0.3;
}

static gboolean
end_figure_section (Writer  *w,
                    GError **error)
{
  w->sections_done++;
  if (w->n_figure_sections > 0)
    report_progress (w, figure_share (w) * w->sections_done / w->n_figure_sections);
  return !g_cancellable_set_error_if_cancelled (w->cancellable, error);
}

/* A table of a label and a number per row. */
static void
count_table (Writer            *w,
             const char        *label_heading,
             const char        *count_heading,
             GPtrArray         *counts)
{
  PdfDoc *doc = &w->doc;
  const char *headings[] = { label_heading, count_heading };
  double widths[] = { 260.0, 100.0 };
  PangoAlignment aligns[] = { PANGO_ALIGN_LEFT, PANGO_ALIGN_RIGHT };
  g_autoptr(PdfTable) table = pdf_table_new (doc, 2, widths, aligns, headings);

  pdf_table_begin (table);
  for (guint i = 0; counts && i < counts->len; i++)
    {
      const IntakeReportCount *count = g_ptr_array_index (counts, i);
      g_autofree char *n = format_count (count->count, w->figures->threshold);
      const char *cells[] = { value_or_not_recorded (count->value), n };

      pdf_table_row (table, cells, 0, PDF_ROW_NORMAL);
    }
  if (!counts || counts->len == 0)
    {
      const char *cells[] = { _("None"), "" };

      pdf_table_row (table, cells, 0, PDF_ROW_NORMAL);
    }
  pdf_table_end (table);
}

/* ---- The consultation at a glance ---- */

static void
draw_summary (Writer *w)
{
  const IntakeReportFigures *f = w->figures;
  PdfDoc *doc = &w->doc;
  const char *headings[] = { _("Figure"), _("Value") };
  double widths[] = { 240.0, 120.0 };
  PangoAlignment aligns[] = { PANGO_ALIGN_LEFT, PANGO_ALIGN_RIGHT };
  g_autoptr(PdfTable) table = pdf_table_new (doc, 2, widths, aligns, headings);
  g_autofree char *total = format_count (f->total_submissions, f->threshold);
  g_autofree char *selected = format_count (f->submissions, f->threshold);
  g_autofree char *coded = format_count (f->coded_submissions, f->threshold);
  g_autofree char *first = format_date (f->first_date);
  g_autofree char *last = format_date (f->last_date);
  g_autofree char *duplicates = format_count (f->duplicates, f->threshold);
  g_autofree char *rejected = format_count (f->rejected, f->threshold);
  g_autoptr(GPtrArray) statuses = g_ptr_array_new_with_free_func (g_free);
  const struct { const char *label; const char *value; } rows[] = {
    { _("Submissions in the project"), total },
    { _("Submissions in this report"), selected },
    { _("Submissions with at least one code"), coded },
    { _("First submission"), first ? first : "—" },
    { _("Last submission"), last ? last : "—" },
    /* Translators: messages that repeated one already imported */
    { _("Duplicate messages"), duplicates },
    { _("Messages the import could not read"), rejected },
  };

  pdf_table_begin (table);
  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const char *cells[] = { rows[i].label, rows[i].value };

      pdf_table_row (table, cells, 0, PDF_ROW_NORMAL);
    }
  pdf_table_end (table);

  heading (w, PDF_FONT_H2, _("By status"));
  for (guint s = 0; s < G_N_ELEMENTS (f->by_status); s++)
    {
      IntakeReportCount *count = g_new0 (IntakeReportCount, 1);

      count->value = (char *) status_label (s);
      count->count = f->by_status[s];
      g_ptr_array_add (statuses, count);
    }
  count_table (w, _("Status"), _("Submissions"), statuses);

  heading (w, PDF_FONT_H2, _("By respondent group"));
  count_table (w, _("Respondent group"), _("Submissions"), f->by_group);
  heading (w, PDF_FONT_H2, _("By school board"));
  count_table (w, _("School board"), _("Submissions"), f->by_board);
  heading (w, PDF_FONT_H2, _("By language"));
  count_table (w, _("Language"), _("Submissions"), f->by_language);

  heading (w, PDF_FONT_H2, _("Reviewers"));
  {
    const char *rh[] = { _("Reviewer"), _("Submissions coded"), _("Codings") };
    double rw[] = { 200.0, 110.0, 90.0 };
    PangoAlignment ra[] = { PANGO_ALIGN_LEFT, PANGO_ALIGN_RIGHT, PANGO_ALIGN_RIGHT };
    g_autoptr(PdfTable) reviewers = pdf_table_new (doc, 3, rw, ra, rh);

    pdf_table_begin (reviewers);
    for (guint i = 0; f->reviewers && i < f->reviewers->len; i++)
      {
        const IntakeReportReviewer *r = g_ptr_array_index (f->reviewers, i);
        g_autofree char *subs = g_strdup_printf ("%'u", r->submissions);
        g_autofree char *codings = g_strdup_printf ("%'u", r->codings);
        const char *cells[] = { r->name, subs, codings };

        pdf_table_row (reviewers, cells, 0, PDF_ROW_NORMAL);
      }
    if (!f->reviewers || f->reviewers->len == 0)
      {
        const char *cells[] = { _("None"), "", "" };

        pdf_table_row (reviewers, cells, 0, PDF_ROW_NORMAL);
      }
    pdf_table_end (reviewers);
  }
}

/* ---- Code frequencies ---- */

#define INDENT_STEP 12.0

static void
code_rgb (const IntakeReportFigures *f,
          int                        index,
          double                     rgb[3])
{
  /* A code without a colour takes its nearest ancestor's. */
  for (int i = index; i >= 0; i = f->codes[i].parent)
    {
      PangoColor color;

      if (f->codes[i].color && pango_color_parse (&color, f->codes[i].color))
        {
          rgb[0] = color.red / 65535.0;
          rgb[1] = color.green / 65535.0;
          rgb[2] = color.blue / 65535.0;
          return;
        }
      if (f->codes[i].parent >= (int) f->n_codes)
        break;
    }
  rgb[0] = 0.21;
  rgb[1] = 0.52;
  rgb[2] = 0.89;
}

static void
chart_continued (PdfDoc   *doc,
                 gpointer  user_data)
{
  PangoLayout *layout = pdf_layout (doc, PDF_FONT_SMALL,
                                    /* Translators: at the top of a page a chart goes on to */
                                    _("Share of coded submissions by code (continued)"),
                                    0, pdf_text_width (doc));

  set_grey (doc, 0.35);
  pdf_draw_layout (doc, layout, doc->left, doc->y);
  set_grey (doc, 0);
  doc->y += pdf_layout_height (layout) + 6.0;
}

static void
draw_chart (Writer *w)
{
  const IntakeReportFigures *f = w->figures;
  PdfDoc *doc = &w->doc;
  const double row_height = 14.0;
  const double bar_height = 9.0;
  const double label_width = 190.0;
  const double value_width = 80.0;
  double bar_x = doc->left + label_width + 6.0;
  double bar_max = pdf_text_width (doc) - label_width - value_width - 12.0;
  double max_share = 0;
  PangoLayout *label = doc->layouts[PDF_FONT_SMALL];
  PangoLayout *bold = doc->layouts[PDF_FONT_SMALL_BOLD];
  PangoLayout *value = doc->layouts[PDF_FONT_BODY];

  for (guint i = 0; i < f->n_codes; i++)
    max_share = MAX (max_share, f->codes[i].share);

  heading (w, PDF_FONT_H2, _("Share of coded submissions by code"));
  if (f->n_codes == 0)
    {
      paragraph (w, PDF_FONT_BODY, _("The codebook has no codes."), 0);
      return;
    }

  doc->on_new_page = chart_continued;
  doc->on_new_page_data = w;

  for (guint i = 0; i < f->n_codes; i++)
    {
      const IntakeReportCode *code = &f->codes[i];
      gboolean top = code->parent < 0;
      PangoLayout *layout = top ? bold : label;
      double indent = MIN (code->depth, 4) * INDENT_STEP;
      g_autofree char *n = g_strdup_printf ("%'u", code->submissions);
      g_autofree char *pct = format_percent (code->share);
      /* Translators: a bar's label in a chart: submissions and their share */
      g_autofree char *text = g_strdup_printf (_("%s (%s)"), n, pct);
      double length = max_share > 0 ? bar_max * code->share / max_share : 0;
      double rgb[3];

      /* A group of bars under each top-level code, the first with its group. */
      if (top && i > 0)
        {
          pdf_space (doc, 5.0);
          pdf_ensure (doc, 2 * row_height);
        }
      else
        pdf_ensure (doc, row_height);

      pango_layout_set_width (layout, (int) ((label_width - indent) * PANGO_SCALE));
      pango_layout_set_alignment (layout, PANGO_ALIGN_LEFT);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pdf_set_text (doc, layout, code->name, 200);
      pango_layout_set_width (value, -1);
      pango_layout_set_alignment (value, PANGO_ALIGN_LEFT);
      pdf_set_text (doc, value, text, 0);

      if (doc->cr)
        {
          code_rgb (f, i, rgb);
          cairo_set_source_rgb (doc->cr, 0.1, 0.1, 0.1);
          pdf_draw_layout (doc, layout, doc->left + indent,
                           doc->y + (row_height - pdf_layout_height (layout)) / 2);
          cairo_set_source_rgb (doc->cr, rgb[0], rgb[1], rgb[2]);
          cairo_rectangle (doc->cr, bar_x, doc->y + (row_height - bar_height) / 2,
                           MAX (length, 0.75), bar_height);
          cairo_fill (doc->cr);
          cairo_set_source_rgb (doc->cr, 0.2, 0.2, 0.2);
          pdf_draw_layout (doc, value, bar_x + length + 4.0,
                           doc->y + (row_height - pdf_layout_height (value)) / 2);
          cairo_move_to (doc->cr, bar_x, doc->y);
          cairo_set_source_rgb (doc->cr, 0.6, 0.6, 0.6);
          cairo_set_line_width (doc->cr, 0.5);
          cairo_line_to (doc->cr, bar_x, doc->y + row_height);
          cairo_stroke (doc->cr);
        }
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
      doc->y += row_height;
    }

  doc->on_new_page = NULL;
  doc->on_new_page_data = NULL;
}

static void
draw_codes (Writer *w)
{
  const IntakeReportFigures *f = w->figures;
  PdfDoc *doc = &w->doc;
  const char *headings[] = {
    _("Code"),
    _("Submissions"),
    /* Translators: the number of passages coded */
    _("Excerpts"),
    /* Translators: the share of coded submissions, as a column heading */
    _("Share"),
  };
  double widths[] = { pdf_text_width (doc) - 240.0, 85.0, 80.0, 75.0 };
  PangoAlignment aligns[] = { PANGO_ALIGN_LEFT, PANGO_ALIGN_RIGHT, PANGO_ALIGN_RIGHT, PANGO_ALIGN_RIGHT };
  g_autoptr(PdfTable) table = pdf_table_new (doc, 4, widths, aligns, headings);
  g_autofree char *coded = g_strdup_printf ("%'u", f->coded_submissions);
  /* Translators: %s is a number of submissions */
  g_autofree char *intro = g_strdup_printf (_("Each code counts a submission once, however many of "
                                              "its sub-codes apply. Shares are of the %s submissions "
                                              "with at least one code."), coded);

  paragraph (w, PDF_FONT_BODY, intro, 0);
  pdf_space (doc, 8.0);

  pdf_table_begin (table);
  for (guint i = 0; i < f->n_codes; i++)
    {
      const IntakeReportCode *code = &f->codes[i];
      g_autofree char *subs = g_strdup_printf ("%'u", code->submissions);
      g_autofree char *excerpts = g_strdup_printf ("%'u", code->excerpts);
      g_autofree char *share = format_percent (code->share);
      const char *cells[] = { code->name, subs, excerpts, share };

      pdf_table_row (table, cells, MIN (code->depth, 6) * INDENT_STEP,
                     code->parent < 0 ? PDF_ROW_BOLD : PDF_ROW_NORMAL);
    }
  pdf_table_end (table);

  draw_chart (w);
}

/* ---- Agreement between reviewers, beside the code frequencies ---- */

static char *
format_coefficient (double value)
{
  return isnan (value) ? g_strdup ("—") : g_strdup_printf ("%.3f", value);
}

static void
agreement_row (Writer                       *w,
               PdfTable                     *table,
               const char                   *name,
               IntakeAgreementLevel          level,
               const IntakeAgreementFigures *figures,
               PdfRowFlags                   flags)
{
  const char *reason = intake_agreement_reason_describe (figures->reason);
  gboolean low = intake_agreement_figures_is_low (figures, INTAKE_AGREEMENT_LOW_THRESHOLD);
  g_autofree char *percent = reason ? g_strdup (intake_agreement_reason_label (figures->reason))
                                    : format_percent (figures->percent / 100.0);
  g_autofree char *kappa = format_coefficient (figures->kappa);
  g_autofree char *alpha = format_coefficient (figures->alpha);
  g_autofree char *units = g_strdup_printf ("%'.0f", figures->units);
  /* Marked in text, not only by a colour: the note below says what. */
  g_autofree char *marked = low ? g_strdup_printf ("%s *", name) : g_strdup (name);
  const char *cells[] = { marked, intake_agreement_level_label (level), percent, kappa, alpha, units };

  pdf_table_row (table, cells, 0, flags);
}

static void
draw_agreement (Writer *w)
{
  const IntakeReportFigures *f = w->figures;
  const IntakeAgreementComparison *all = f->agreement->all;
  PdfDoc *doc = &w->doc;
  const char *headings[] = {
    _("Code"), _("Level"),
    /* Translators: percent agreement, as a column heading */
    _("Agreement"),
    _("Kappa"), _("Alpha"), _("Units"),
  };
  double widths[] = { pdf_text_width (doc) - 305.0, 78.0, 87.0, 45.0, 45.0, 50.0 };
  PangoAlignment aligns[] = { PANGO_ALIGN_LEFT, PANGO_ALIGN_LEFT, PANGO_ALIGN_RIGHT,
                              PANGO_ALIGN_RIGHT, PANGO_ALIGN_RIGHT, PANGO_ALIGN_RIGHT };
  g_autoptr(PdfTable) table = pdf_table_new (doc, 6, widths, aligns, headings);
  g_autofree char *names = intake_agreement_comparison_dup_names (f->agreement, all);
  g_autofree char *intro = NULL;
  g_autofree char *note = NULL;

  heading (w, PDF_FONT_H2, _("Agreement between reviewers"));
  /* Translators: %s are the reviewers' names, %u the submissions they all coded and the decisions made */
  intro = g_strdup_printf (_("How far %s agree, over the %u submissions all of them coded: percent "
                             "agreement, Cohen’s kappa (two reviewers) and Krippendorff’s alpha, whether "
                             "a code applies to a submission and to each character of its text. "
                             "Disagreements adjudicated since: %u; the figures are the reviewers’ own. "
                             "A code with one value everywhere was applied by nobody, or by everyone "
                             "everywhere."),
                           names, all->submissions, f->adjudicated);
  paragraph (w, PDF_FONT_BODY, intro, 0);
  pdf_space (doc, 8.0);

  pdf_table_begin (table);
  for (guint level = 0; level < INTAKE_AGREEMENT_N_LEVELS; level++)
    agreement_row (w, table, _("All codes"), level, &all->overall[level], PDF_ROW_BOLD);
  for (guint i = 0; i < all->codes->len; i++)
    {
      const IntakeAgreementCode *code = g_ptr_array_index (all->codes, i);

      for (guint level = 0; level < INTAKE_AGREEMENT_N_LEVELS; level++)
        agreement_row (w, table, code->code_path, level, &code->levels[level], PDF_ROW_NORMAL);
    }
  pdf_table_end (table);

  /* Translators: %.3f is Krippendorff's threshold, 0.667 */
  note = g_strdup_printf (_("* Below %.3f, the level under which Krippendorff counts agreement too low "
                            "for even tentative conclusions."),
                          INTAKE_AGREEMENT_LOW_THRESHOLD);
  set_grey (doc, 0.3);
  paragraph (w, PDF_FONT_SMALL, note, 0);
  set_grey (doc, 0);
}

/* ---- Cross-tabulations ---- */

static void
suppression_note (Writer *w)
{
  g_autofree char *note = NULL;

  /* Translators: %u is the threshold, as in "<5" */
  note = g_strdup_printf (_("* Counts of fewer than %u submissions, other than none, are "
                            "suppressed and shown as “<%u”, so that nobody can be identified."),
                          w->figures->threshold, w->figures->threshold);
  set_grey (&w->doc, 0.3);
  paragraph (w, PDF_FONT_SMALL, note, 0);
  set_grey (&w->doc, 0);
  pdf_space (&w->doc, 10.0);
}

static void
draw_crosstab (Writer                     *w,
               const IntakeReportCrosstab *crosstab)
{
  const IntakeReportFigures *f = w->figures;
  PdfDoc *doc = &w->doc;
  const double code_width = 150.0;
  const double min_width = 72.0;
  guint fit = MAX (1, (guint) ((pdf_text_width (doc) - code_width) / min_width));
  guint n_parts = (crosstab->n_columns + fit - 1) / fit;
  /* As many columns in each part, give or take one. */
  guint per_table = n_parts > 0 ? (crosstab->n_columns + n_parts - 1) / n_parts : 1;
  /* Translators: the heading of a cross-tabulation; %s is an attribute, as "Respondent group" */
  g_autofree char *title = g_strdup_printf (_("Codes by %s"), crosstab->attribute);

  heading (w, PDF_FONT_H2, title);
  if (crosstab->n_columns == 0)
    {
      paragraph (w, PDF_FONT_BODY, _("No submission has a value for this attribute."), 0);
      return;
    }

  for (guint part = 0; part < n_parts; part++)
    {
      guint first = part * per_table;
      guint n = MIN (per_table, crosstab->n_columns - first);
      double value_width = (pdf_text_width (doc) - code_width) / per_table;
      g_autofree double *widths = g_new (double, n + 1);
      g_autofree PangoAlignment *aligns = g_new (PangoAlignment, n + 1);
      g_autofree const char **headings = g_new (const char *, n + 1);
      g_autofree const char **cells = g_new (const char *, n + 1);
      g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(PdfTable) table = NULL;

      if (n_parts > 1)
        {
          g_autofree char *which = NULL;

          if (n == 1)
            /* Translators: a part of a cross-tabulation split into several tables;
             * %s is its attribute, the numbers count its columns */
            which = g_strdup_printf (_("%s: column %u of %u"), crosstab->attribute,
                                     first + 1, crosstab->n_columns);
          else
            /* Translators: a part of a cross-tabulation split into several tables;
             * %s is its attribute, the numbers count its columns */
            which = g_strdup_printf (_("%s: columns %u–%u of %u"), crosstab->attribute,
                                     first + 1, first + n, crosstab->n_columns);

          heading (w, PDF_FONT_H3, which);
        }

      widths[0] = code_width;
      aligns[0] = PANGO_ALIGN_LEFT;
      headings[0] = _("Code");
      for (guint c = 0; c < n; c++)
        {
          widths[c + 1] = value_width;
          aligns[c + 1] = PANGO_ALIGN_RIGHT;
          headings[c + 1] = value_or_not_recorded (crosstab->columns[first + c]);
        }
      table = pdf_table_new (doc, n + 1, widths, aligns, headings);

      pdf_table_begin (table);
      for (guint r = 0; r < f->n_codes; r++)
        {
          g_ptr_array_set_size (texts, 0);
          cells[0] = f->codes[r].name;
          for (guint c = 0; c < n; c++)
            {
              guint col = first + c;
              guint count = crosstab->cells[r * crosstab->n_columns + col];
              guint total = crosstab->column_totals[col];
              char *text;

              if (count == INTAKE_REPORT_SUPPRESSED || count == 0 ||
                  total == INTAKE_REPORT_SUPPRESSED || total == 0)
                text = format_count (count, f->threshold);
              else
                {
                  g_autofree char *n_text = format_count (count, f->threshold);
                  g_autofree char *pct = format_percent ((double) count / total);

                  /* Translators: a cell of a cross-tabulation: a count and its column percentage */
                  text = g_strdup_printf (_("%s (%s)"), n_text, pct);
                }
              g_ptr_array_add (texts, text);
              cells[c + 1] = text;
            }
          pdf_table_row (table, cells, MIN (f->codes[r].depth, 6) * INDENT_STEP,
                         f->codes[r].parent < 0 ? PDF_ROW_BOLD : PDF_ROW_NORMAL);
        }

      g_ptr_array_set_size (texts, 0);
      /* Translators: the last row of a cross-tabulation: the submissions of each column */
      cells[0] = _("All submissions");
      for (guint c = 0; c < n; c++)
        {
          char *text = format_count (crosstab->column_totals[first + c], f->threshold);

          g_ptr_array_add (texts, text);
          cells[c + 1] = text;
        }
      pdf_table_row (table, cells, 0, PDF_ROW_BOLD | PDF_ROW_TOTAL);
      pdf_table_end (table);
    }
}

static void
draw_crosstabs (Writer *w)
{
  const IntakeReportFigures *f = w->figures;

  paragraph (w, PDF_FONT_BODY,
             _("Submissions coded with each code, by the value of an attribute, with the share "
               "of the column’s submissions in brackets. A parent code counts a submission once."),
             0);
  pdf_space (&w->doc, 6.0);
  suppression_note (w);

  for (guint i = 0; f->crosstabs && i < f->crosstabs->len; i++)
    draw_crosstab (w, g_ptr_array_index (f->crosstabs, i));
  if (!f->crosstabs || f->crosstabs->len == 0)
    paragraph (w, PDF_FONT_BODY, _("There is no cross-tabulation in this report."), 0);
}

/* ---- Co-occurrence ---- */

typedef struct
{
  guint a;
  guint b;
  guint count;
} Pair;

static int
compare_pairs (gconstpointer pa,
               gconstpointer pb)
{
  const Pair *a = pa, *b = pb;
  /* Shown counts first, largest first; suppressed ones after them. */
  guint ka = a->count == INTAKE_REPORT_SUPPRESSED ? 0 : a->count;
  guint kb = b->count == INTAKE_REPORT_SUPPRESSED ? 0 : b->count;

  if (ka != kb)
    return ka > kb ? -1 : 1;
  if (a->a != b->a)
    return a->a < b->a ? -1 : 1;
  return a->b < b->b ? -1 : (a->b > b->b);
}

static gboolean
is_ancestor (const IntakeReportFigures *f,
             guint                      ancestor,
             guint                      code)
{
  for (int i = f->codes[code].parent; i >= 0 && i < (int) f->n_codes; i = f->codes[i].parent)
    if ((guint) i == ancestor)
      return TRUE;
  return FALSE;
}

static void
draw_cooccurrence (Writer *w)
{
  const IntakeReportFigures *f = w->figures;
  PdfDoc *doc = &w->doc;
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (Pair));
  const char *headings[] = {
    /* Translators: the first code of a pair that apply to the same submissions */
    _("Code A"),
    _("Code B"),
    _("Submissions"),
  };
  double widths[] = { (pdf_text_width (doc) - 90.0) / 2, (pdf_text_width (doc) - 90.0) / 2, 90.0 };
  PangoAlignment aligns[] = { PANGO_ALIGN_LEFT, PANGO_ALIGN_LEFT, PANGO_ALIGN_RIGHT };
  g_autoptr(PdfTable) table = NULL;

  paragraph (w, PDF_FONT_BODY,
             _("Pairs of codes that apply to the same submissions, most frequent first. A code "
               "and its own sub-codes are not paired."),
             0);
  pdf_space (doc, 6.0);
  suppression_note (w);

  for (guint a = 0; f->cooccurrence && a < f->n_codes; a++)
    for (guint b = a + 1; b < f->n_codes; b++)
      {
        Pair pair = { a, b, f->cooccurrence[a * f->n_codes + b] };

        if (pair.count == 0 || is_ancestor (f, a, b) || is_ancestor (f, b, a))
          continue;
        g_array_append_val (pairs, pair);
      }
  g_array_sort (pairs, compare_pairs);

  if (pairs->len == 0)
    {
      paragraph (w, PDF_FONT_BODY, _("No two codes apply to the same submission."), 0);
      return;
    }

  table = pdf_table_new (doc, 3, widths, aligns, headings);
  pdf_table_begin (table);
  for (guint i = 0; i < pairs->len; i++)
    {
      const Pair *pair = &g_array_index (pairs, Pair, i);
      g_autofree char *n = format_count (pair->count, f->threshold);
      const char *cells[] = { f->codes[pair->a].path, f->codes[pair->b].path, n };

      pdf_table_row (table, cells, 0, PDF_ROW_NORMAL);
    }
  pdf_table_end (table);
}

/* ---- Quotes ---- */

/* "Name: value · Name: value" */
static char *
attributes_line (GPtrArray *attributes)
{
  GString *line = g_string_new (NULL);

  for (guint i = 0; attributes && i < attributes->len; i++)
    {
      const IntakeReportAttribute *attribute = g_ptr_array_index (attributes, i);

      if (line->len > 0)
        g_string_append (line, "  ·  ");
      pdf_clean_append (line, attribute->name, ATTRIBUTE_CHARS);
      g_string_append (line, ": ");
      pdf_clean_append (line, attribute->value, ATTRIBUTE_CHARS);
    }
  return g_string_free (line, FALSE);
}

static void
draw_quote (Writer                  *w,
            const IntakeReportQuote *quote)
{
  PdfDoc *doc = &w->doc;
  const double indent = 18.0;
  PangoLayout *layout = doc->layouts[PDF_FONT_QUOTE];
  g_autoptr(GString) text = g_string_new ("“");
  g_autoptr(GString) about = g_string_new (NULL);
  g_autofree char *attributes = attributes_line (quote->attributes);
  double height;

  pdf_clean_append (text, quote->text, INTAKE_REPORT_QUOTE_MAX_CHARS + 50);
  g_string_append (text, quote->cut ? "…”" : "”");

  pdf_clean_append (about, quote->pseudonym, 50);
  if (*attributes)
    g_string_append_printf (about, "  ·  %s", attributes);
  if (quote->quotable)
    /* Translators: marks a quote a reviewer flagged as quotable */
    g_string_append_printf (about, "  ·  %s", _("Quotable"));
  if (quote->cut)
    /* Translators: marks a quote shortened for the report */
    g_string_append_printf (about, "  %s", _("(cut)"));

  pango_layout_set_width (layout, (int) ((pdf_text_width (doc) - indent) * PANGO_SCALE));
  pango_layout_set_alignment (layout, PANGO_ALIGN_LEFT);
  pango_layout_set_attributes (layout, NULL);
  pango_layout_set_text (layout, text->str, (int) text->len);
  height = pdf_layout_height (layout);

  /* The quote with the line that says whose it is, when it fits. */
  pdf_ensure (doc, height + 16.0);
  if (doc->cr && doc->y + height <= doc->bottom)
    {
      double rgb[3] = { 0.6, 0.6, 0.6 };

      cairo_set_source_rgb (doc->cr, rgb[0], rgb[1], rgb[2]);
      cairo_rectangle (doc->cr, doc->left + 4.0, doc->y, 2.0, height);
      cairo_fill (doc->cr);
      cairo_set_source_rgb (doc->cr, 0.05, 0.05, 0.05);
    }
  pdf_flow (doc, layout, doc->left + indent);

  layout = pdf_layout (doc, PDF_FONT_SMALL, about->str, 0, pdf_text_width (doc) - indent);
  set_grey (doc, 0.3);
  pdf_flow (doc, layout, doc->left + indent);
  set_grey (doc, 0);
  pdf_space (doc, 9.0);
}

static void
draw_quotes (Writer *w)
{
  const IntakeReportFigures *f = w->figures;
  gboolean any = FALSE;

  for (guint i = 0; f->quotes && i < f->n_codes; i++)
    {
      GPtrArray *quotes = f->quotes[i];

      if (!quotes || quotes->len == 0)
        continue;
      any = TRUE;
      heading (w, PDF_FONT_H3, f->codes[i].path);
      for (guint q = 0; q < quotes->len; q++)
        draw_quote (w, g_ptr_array_index (quotes, q));
    }
  if (!any)
    paragraph (w, PDF_FONT_BODY, _("No excerpt has been coded."), 0);
}

/* ---- The submissions ---- */

static void
draw_submission (Writer                       *w,
                 const IntakeReportSubmission *s)
{
  const IntakeReportFigures *f = w->figures;
  PdfDoc *doc = &w->doc;
  const double indent = 12.0;
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *date = format_date (s->date);
  g_autofree char *attributes = attributes_line (s->attributes);
  PangoLayout *layout;
  gsize label;

  pdf_clean_append (line, s->pseudonym, 50);
  if (date)
    g_string_append_printf (line, "  ·  %s", date);
  g_string_append_printf (line, "  ·  %s", status_label (s->status));

  /* The heading with the line under it. */
  layout = pdf_layout (doc, PDF_FONT_H3, line->str, 0, pdf_text_width (doc));
  pdf_ensure (doc, pdf_layout_height (layout) + 30.0);
  pdf_rule (doc, doc->left, doc->right, doc->y, 0.8);
  pdf_space (doc, 4.0);
  set_grey (doc, 0.05);
  pdf_flow (doc, layout, doc->left);

  if (s->subject && *s->subject)
    {
      g_string_truncate (line, 0);
      /* Translators: before a submission's subject line */
      g_string_append_printf (line, "%s ", _("Subject:"));
      label = line->len;
      pdf_clean_append (line, s->subject, SUBJECT_CHARS);
      labelled_paragraph (w, PDF_FONT_BODY, line->str, label, 0);
    }
  if (*attributes)
    {
      set_grey (doc, 0.3);
      paragraph (w, PDF_FONT_SMALL, attributes, 0);
      set_grey (doc, 0);
    }

  /* The whole-submission codes on one line, then each excerpt. */
  g_string_truncate (line, 0);
  for (guint i = 0; s->codings && i < s->codings->len; i++)
    {
      const IntakeReportCoding *coding = g_ptr_array_index (s->codings, i);

      if (coding->excerpt || coding->code < 0 || coding->code >= (int) f->n_codes)
        continue;
      if (line->len > 0)
        g_string_append (line, "; ");
      pdf_clean_append (line, f->codes[coding->code].path, 300);
    }
  if (line->len > 0)
    {
      /* Translators: before the codes of a whole submission */
      const char *codes_label = _("Codes:");
      g_autofree char *codes = g_strdup_printf ("%s %s", codes_label, line->str);

      labelled_paragraph (w, PDF_FONT_BODY, codes, strlen (codes_label), 0);
    }

  for (guint i = 0; s->codings && i < s->codings->len; i++)
    {
      const IntakeReportCoding *coding = g_ptr_array_index (s->codings, i);

      if (!coding->excerpt || coding->code < 0 || coding->code >= (int) f->n_codes)
        continue;
      g_string_truncate (line, 0);
      pdf_clean_append (line, f->codes[coding->code].path, 300);
      g_string_append (line, ":");
      label = line->len;
      g_string_append (line, " “");
      pdf_clean_append (line, coding->excerpt, EXCERPT_CHARS);
      g_string_append (line, "”");
      pdf_space (doc, 2.0);
      labelled_paragraph (w, PDF_FONT_BODY, line->str, label, indent);
    }

  if (s->memo && *s->memo)
    {
      g_string_truncate (line, 0);
      /* Translators: before a reviewer's memo on a submission */
      g_string_append_printf (line, "%s ", _("Memo:"));
      label = line->len;
      pdf_clean_append (line, s->memo, MEMO_CHARS);
      pdf_space (doc, 2.0);
      set_grey (doc, 0.2);
      labelled_paragraph (w, PDF_FONT_SMALL, line->str, label, indent);
      set_grey (doc, 0);
    }

  pdf_space (doc, 8.0);
}

static gboolean
draw_submissions (Writer                *w,
                  IntakeReportNextFunc   next,
                  gpointer               next_data,
                  GError               **error)
{
  const IntakeReportFigures *f = w->figures;
  double base = figure_share (w);
  guint n = 0;

  for (;;)
    {
      g_autoptr(IntakeReportSubmission) submission = NULL;

      if (!next (next_data, &submission, error))
        return FALSE;
      if (!submission)
        break;

      draw_submission (w, submission);
      n++;
      if (n % PROGRESS_EVERY == 0)
        {
          if (g_cancellable_set_error_if_cancelled (w->cancellable, error))
            return FALSE;
          if (f->submissions > 0)
            report_progress (w, base + (1.0 - base) * MIN (1.0, (double) n / f->submissions));
        }
    }

  if (n == 0)
    paragraph (w, PDF_FONT_BODY, _("No submission is selected."), 0);
  return TRUE;
}

/* ---- The figure sections, measured then drawn ---- */

static gboolean
draw_figure_sections (Writer  *w,
                      GError **error)
{
  for (guint i = 0; i < N_SECTIONS; i++)
    {
      IntakeReportSections section = section_order[i];

      if (section == INTAKE_REPORT_SECTION_SUBMISSIONS || !(w->figures->sections & section))
        continue;

      begin_section (w, i);
      switch (section)
        {
        case INTAKE_REPORT_SECTION_SUMMARY:
          draw_summary (w);
          break;
        case INTAKE_REPORT_SECTION_CODES:
          draw_codes (w);
          if (w->figures->agreement != NULL)
            draw_agreement (w);
          break;
        case INTAKE_REPORT_SECTION_CROSSTABS:
          draw_crosstabs (w);
          break;
        case INTAKE_REPORT_SECTION_COOCCURRENCE:
          draw_cooccurrence (w);
          break;
        case INTAKE_REPORT_SECTION_QUOTES:
          draw_quotes (w);
          break;
        default:
          break;
        }
      if (!end_figure_section (w, error))
        return FALSE;
    }
  return TRUE;
}

/* ---- The title page and the contents ---- */

static void
draw_title_page (Writer *w)
{
  const IntakeReportFigures *f = w->figures;
  PdfDoc *doc = &w->doc;
  double width = pdf_text_width (doc);
  g_autofree char *generated = format_date (f->generated);
  g_autofree char *selected = g_strdup_printf ("%'u", f->submissions);
  g_autofree char *total = g_strdup_printf ("%'u", f->total_submissions);
  g_autofree char *line = NULL;
  PangoLayout *layout;

  pdf_begin_page (doc, FALSE);
  doc->y = doc->top + 120.0;

  layout = pdf_layout (doc, PDF_FONT_TITLE, f->title ? f->title : "", 500, width);
  set_grey (doc, 0.05);
  pdf_flow (doc, layout, doc->left);
  pdf_space (doc, 10.0);
  set_grey (doc, 0.3);
  paragraph (w, PDF_FONT_SUBTITLE, _("Consultation report"), 0);
  pdf_space (doc, 30.0);
  set_grey (doc, 0);

  if (generated)
    {
      /* Translators: %s is a date */
      line = g_strdup_printf (_("Generated on %s"), generated);
      paragraph (w, PDF_FONT_BODY, line, 0);
      g_clear_pointer (&line, g_free);
    }
  line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       /* Translators: submissions in the report, of the project's */
                                       "%s of %s submission selected",
                                       "%s of %s submissions selected",
                                       f->total_submissions),
                          selected, total);
  paragraph (w, PDF_FONT_BODY, line, 0);
  g_clear_pointer (&line, g_free);
  if (f->generator)
    {
      /* Translators: %s is the program and its version */
      line = g_strdup_printf (_("Made with %s"), f->generator);
      paragraph (w, PDF_FONT_BODY, line, 0);
      g_clear_pointer (&line, g_free);
    }
  pdf_space (doc, 24.0);

  if (f->redacted)
    {
      heading (w, PDF_FONT_H3, _("Redaction"));
      paragraph (w, PDF_FONT_BODY,
                 _("Personal information is redacted: e-mail addresses, phone numbers, postal "
                   "codes, the senders’ names and the passages reviewers marked are replaced by "
                   "markers such as [redacted: email]. Submissions are named by pseudonymous ids."),
                 0);
    }
  else
    {
      const double pad = 12.0;
      PangoLayout *notice = pdf_layout (doc, PDF_FONT_H2,
                                        _("Not redacted: this report contains personal information"),
                                        0, width - 2 * pad);
      double notice_height = pdf_layout_height (notice);
      PangoLayout *detail;
      double detail_height;
      double y0 = doc->y;

      if (doc->cr)
        {
          cairo_set_source_rgb (doc->cr, 0.75, 0.11, 0.16);
          pdf_draw_layout (doc, notice, doc->left + pad, y0 + pad);
        }
      detail = pdf_layout (doc, PDF_FONT_BODY,
                           _("It was made with redaction turned off. It names people and holds their "
                             "addresses and phone numbers: share it only with those allowed to "
                             "see them."),
                           0, width - 2 * pad);
      detail_height = pdf_layout_height (detail);
      if (doc->cr)
        {
          cairo_set_source_rgb (doc->cr, 0.1, 0.1, 0.1);
          pdf_draw_layout (doc, detail, doc->left + pad, y0 + pad + notice_height + 6.0);
          cairo_set_source_rgb (doc->cr, 0.75, 0.11, 0.16);
          cairo_set_line_width (doc->cr, 2.0);
          cairo_rectangle (doc->cr, doc->left, y0, width, notice_height + detail_height + 6.0 + 2 * pad);
          cairo_stroke (doc->cr);
          cairo_set_source_rgb (doc->cr, 0, 0, 0);
        }
      doc->y = y0 + notice_height + detail_height + 6.0 + 2 * pad;
    }

  pdf_space (doc, 16.0);
  /* Translators: %u is the threshold under which counts are suppressed */
  line = g_strdup_printf (_("Counts of fewer than %u submissions are suppressed in the tables."),
                          f->threshold);
  set_grey (doc, 0.3);
  paragraph (w, PDF_FONT_SMALL, line, 0);
  set_grey (doc, 0);
}

static void
draw_contents (Writer *w)
{
  PdfDoc *doc = &w->doc;
  PangoLayout *name = doc->layouts[PDF_FONT_BODY];
  PangoLayout *number = doc->layouts[PDF_FONT_BOLD];
  double width = pdf_text_width (doc);

  pdf_new_page (doc);
  heading (w, PDF_FONT_H1, _("Contents"));

  for (guint i = 0; i < N_SECTIONS; i++)
    {
      g_autofree char *page = NULL;
      double height;

      if (!w->pages[i])
        continue;

      page = g_strdup_printf ("%d", w->pages[i]);
      pango_layout_set_width (name, (int) ((width - 60.0) * PANGO_SCALE));
      pdf_set_text (doc, name, section_title (section_order[i]), 0);
      pango_layout_set_width (number, (int) (60.0 * PANGO_SCALE));
      pango_layout_set_alignment (number, PANGO_ALIGN_RIGHT);
      pdf_set_text (doc, number, page, 0);
      height = MAX (pdf_layout_height (name), pdf_layout_height (number)) + 8.0;

      if (doc->cr)
        {
          g_autofree char *link = g_strdup_printf ("rect=[%g %g %g %g] dest='section-%u'",
                                                   doc->left, doc->y, width, height, i);

          cairo_tag_begin (doc->cr, CAIRO_TAG_LINK, link);
          cairo_set_source_rgb (doc->cr, 0, 0, 0);
          pdf_draw_layout (doc, name, doc->left, doc->y + 4.0);
          pdf_draw_layout (doc, number, doc->right - 60.0, doc->y + 4.0);
          cairo_tag_end (doc->cr, CAIRO_TAG_LINK);
        }
      pdf_rule (doc, doc->left, doc->right, doc->y + height, 0.85);
      doc->y += height;
      pango_layout_set_alignment (number, PANGO_ALIGN_LEFT);
    }
}

/* ---- Writing ---- */

static cairo_status_t
sink_write (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  Sink *sink = closure;

  if (sink->discard)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (sink->out, data, length, NULL, sink->cancellable, &sink->error))
    {
      sink->discard = TRUE;
      return CAIRO_STATUS_WRITE_ERROR;
    }
  return CAIRO_STATUS_SUCCESS;
}

static char *
pdf_date (const char *iso)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) date = iso ? g_date_time_new_from_iso8601 (iso, utc) : NULL;
  g_autoptr(GDateTime) in_utc = NULL;

  if (!date)
    return NULL;
  in_utc = g_date_time_to_utc (date);
  return g_date_time_format (in_utc, "%Y-%m-%dT%H:%M:%SZ");
}

gboolean
intake_report_write_pdf (const IntakeReportFigures *figures,
                         IntakeReportPaper          paper,
                         IntakeReportNextFunc       next,
                         gpointer                   next_data,
                         GOutputStream             *out,
                         IntakeReportProgressFunc   progress,
                         gpointer                   progress_data,
                         GCancellable              *cancellable,
                         GError                   **error)
{
  Sink sink = { out, cancellable, NULL, FALSE };
  Writer w = { 0 };
  int measured[N_SECTIONS];
  double width, height;
  cairo_t *cr;
  cairo_status_t status;
  g_autofree char *created = NULL;
  g_autoptr(GString) title = g_string_new (NULL);
  gboolean ok = TRUE;
  GError *local_error = NULL;

  g_return_val_if_fail (figures != NULL, FALSE);
  g_return_val_if_fail (next != NULL || !(figures->sections & INTAKE_REPORT_SECTION_SUBMISSIONS), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (paper == INTAKE_REPORT_PAPER_DEFAULT)
    paper = paper_from_locale ();
  width = paper == INTAKE_REPORT_PAPER_LETTER ? LETTER_WIDTH : A4_WIDTH;
  height = paper == INTAKE_REPORT_PAPER_LETTER ? LETTER_HEIGHT : A4_HEIGHT;

  w.figures = figures;
  w.progress = progress;
  w.progress_data = progress_data;
  w.cancellable = cancellable;
  for (guint i = 0; i < N_SECTIONS; i++)
    if ((figures->sections & section_order[i]) && section_order[i] != INTAKE_REPORT_SECTION_SUBMISSIONS)
      w.n_figure_sections++;

  /* Measure: the figure sections laid out without a surface tell the
   * contents where each starts. The submissions come last, so only their
   * first page is needed and they are read once. */
  pdf_doc_init (&w.doc, NULL, width, height, figures->title);
  w.doc.page = FIRST_SECTION_PAGE - 1;
  if (!draw_figure_sections (&w, error))
    {
      pdf_doc_clear (&w.doc);
      return FALSE;
    }
  for (guint i = 0; i < N_SECTIONS; i++)
    if (section_order[i] == INTAKE_REPORT_SECTION_SUBMISSIONS &&
        (figures->sections & INTAKE_REPORT_SECTION_SUBMISSIONS))
      w.pages[i] = w.doc.page + 1;
  memcpy (measured, w.pages, sizeof measured);
  pdf_doc_clear (&w.doc);
  w.sections_done = 0;

  /* Draw. */
  w.surface = cairo_pdf_surface_create_for_stream (sink_write, &sink, width, height);
  pdf_clean_append (title, figures->title, 500);
  cairo_pdf_surface_set_metadata (w.surface, CAIRO_PDF_METADATA_TITLE, title->str);
  cairo_pdf_surface_set_metadata (w.surface, CAIRO_PDF_METADATA_SUBJECT, _("Consultation report"));
  if (figures->generator)
    cairo_pdf_surface_set_metadata (w.surface, CAIRO_PDF_METADATA_CREATOR, figures->generator);
  if ((created = pdf_date (figures->generated)))
    cairo_pdf_surface_set_metadata (w.surface, CAIRO_PDF_METADATA_CREATE_DATE, created);

  cr = cairo_create (w.surface);
  pdf_doc_init (&w.doc, cr, width, height, figures->title);

  w.drawing = TRUE;
  draw_title_page (&w);
  draw_contents (&w);
  memset (w.pages, 0, sizeof w.pages);
  ok = draw_figure_sections (&w, &local_error);

  if (ok && (figures->sections & INTAKE_REPORT_SECTION_SUBMISSIONS))
    {
      guint index = N_SECTIONS - 1;

      begin_section (&w, index);
      ok = draw_submissions (&w, next, next_data, &local_error);
    }

  /* The contents can only be right if both passes broke pages alike. */
  for (guint i = 0; ok && i < N_SECTIONS; i++)
    if (w.pages[i] != measured[i])
      g_critical ("Section %u starts on page %d, not on page %d as measured",
                  i, w.pages[i], measured[i]);

  /* Even after an error: cairo 1.16 aborts when it finishes a document
   * whose contents or outline point at a page never shown, so the pages
   * up to the last one they point at are shown empty. The caller throws
   * this output away. */
  pdf_end_page (&w.doc);
  if (!ok)
    for (guint i = 0; i < N_SECTIONS; i++)
      while (w.doc.page < measured[i])
        {
          cairo_show_page (cr);
          w.doc.page++;
        }

  pdf_doc_clear (&w.doc);
  cairo_destroy (cr);
  cairo_surface_finish (w.surface);
  status = cairo_surface_status (w.surface);
  cairo_surface_destroy (w.surface);
  w.surface = NULL;

  if (!ok)
    {
      g_clear_error (&sink.error);
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (sink.error)
    {
      g_propagate_error (error, sink.error);
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, INTAKE_REPORT_ERROR, INTAKE_REPORT_ERROR_FAILED,
                   /* Translators: %s says what went wrong, in cairo's words */
                   _("Could not draw the PDF: %s"), cairo_status_to_string (status));
      return FALSE;
    }

  report_progress (&w, 1.0);
  return TRUE;
}
