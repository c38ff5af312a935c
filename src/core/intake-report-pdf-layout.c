#define G_LOG_DOMAIN "intake-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "intake-report-pdf-layout.h"

#define MARGIN_SIDE    54.0
#define MARGIN_TOP     60.0
#define MARGIN_BOTTOM  60.0
#define CELL_PAD_X     4.0
#define CELL_PAD_Y     3.0

static const char * const font_names[PDF_N_FONTS] = {
  [PDF_FONT_BODY]       = "Sans 9.5",
  [PDF_FONT_BOLD]       = "Sans Bold 9.5",
  [PDF_FONT_SMALL]      = "Sans 8",
  [PDF_FONT_SMALL_BOLD] = "Sans Bold 8",
  [PDF_FONT_QUOTE]      = "Serif Italic 10",
  [PDF_FONT_H1]         = "Sans Bold 18",
  [PDF_FONT_H2]         = "Sans Bold 13",
  [PDF_FONT_H3]         = "Sans Bold 10.5",
  [PDF_FONT_TITLE]      = "Sans Bold 28",
  [PDF_FONT_SUBTITLE]   = "Sans 16",
};

void
pdf_doc_init (PdfDoc     *doc,
              cairo_t    *cr,
              double      width,
              double      height,
              const char *running_title)
{
  PangoFontMap *font_map = pango_cairo_font_map_get_default ();
  cairo_font_options_t *options;

  memset (doc, 0, sizeof *doc);
  doc->cr = cr;
  doc->width = width;
  doc->height = height;
  doc->left = MARGIN_SIDE;
  doc->right = width - MARGIN_SIDE;
  doc->top = MARGIN_TOP;
  doc->bottom = height - MARGIN_BOTTOM;
  doc->scratch = g_string_new (NULL);

  /* One context for both passes, independent of the surface, so that the
   * measuring pass breaks lines exactly as the drawing pass does. */
  doc->context = pango_font_map_create_context (font_map);
  pango_cairo_context_set_resolution (doc->context, 72.0);
  pango_context_set_round_glyph_positions (doc->context, FALSE);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (doc->context, options);
  cairo_font_options_destroy (options);

  for (guint i = 0; i < PDF_N_FONTS; i++)
    {
      doc->fonts[i] = pango_font_description_from_string (font_names[i]);
      doc->layouts[i] = pango_layout_new (doc->context);
      pango_layout_set_font_description (doc->layouts[i], doc->fonts[i]);
      pango_layout_set_wrap (doc->layouts[i], PANGO_WRAP_WORD_CHAR);
    }

  doc->decoration = pango_layout_new (doc->context);
  pango_layout_set_font_description (doc->decoration, doc->fonts[PDF_FONT_SMALL]);

  /* The running header shows the title on one line. */
  g_string_truncate (doc->scratch, 0);
  pdf_clean_append (doc->scratch, running_title ? running_title : "", 200);
  for (char *p = doc->scratch->str; *p; p++)
    if (*p == '\n' || *p == '\t')
      *p = ' ';
  doc->running_title = g_strdup (doc->scratch->str);
}

void
pdf_doc_clear (PdfDoc *doc)
{
  for (guint i = 0; i < PDF_N_FONTS; i++)
    {
      g_clear_object (&doc->layouts[i]);
      g_clear_pointer (&doc->fonts[i], pango_font_description_free);
    }
  g_clear_object (&doc->decoration);
  g_clear_object (&doc->context);
  g_clear_pointer (&doc->running_title, g_free);
  if (doc->scratch)
    g_string_free (g_steal_pointer (&doc->scratch), TRUE);
}

double
pdf_text_width (PdfDoc *doc)
{
  return doc->right - doc->left;
}

static void
draw_decoration (PdfDoc *doc)
{
  PangoLayout *layout = doc->decoration;
  g_autofree char *page = NULL;

  if (!doc->cr)
    return;

  cairo_save (doc->cr);
  cairo_set_source_rgb (doc->cr, 0.35, 0.35, 0.35);

  pango_layout_set_text (layout, doc->running_title, -1);
  pango_layout_set_width (layout, (int) (pdf_text_width (doc) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, PANGO_ALIGN_LEFT);
  pdf_draw_layout (doc, layout, doc->left, doc->top - 30.0);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);

  pdf_rule (doc, doc->left, doc->right, doc->top - 16.0, 0.7);

  /* Translators: the footer of each page of a PDF report */
  page = g_strdup_printf (_("Page %d"), doc->page);
  pango_layout_set_text (layout, page, -1);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  cairo_set_source_rgb (doc->cr, 0.35, 0.35, 0.35);
  pdf_draw_layout (doc, layout, doc->left, doc->height - MARGIN_BOTTOM + 22.0);

  cairo_restore (doc->cr);
}

void
pdf_begin_page (PdfDoc   *doc,
                gboolean  decorate)
{
  doc->page++;
  doc->decorate = decorate;
  doc->y = doc->top;
  if (decorate)
    draw_decoration (doc);
  if (doc->on_new_page)
    doc->on_new_page (doc, doc->on_new_page_data);
}

void
pdf_end_page (PdfDoc *doc)
{
  if (doc->cr)
    cairo_show_page (doc->cr);
}

void
pdf_new_page (PdfDoc *doc)
{
  pdf_end_page (doc);
  pdf_begin_page (doc, TRUE);
}

void
pdf_ensure (PdfDoc *doc,
            double  height)
{
  if (doc->y + height > doc->bottom && doc->y > doc->top + 0.5)
    pdf_new_page (doc);
}

void
pdf_space (PdfDoc *doc,
           double  height)
{
  doc->y = MIN (doc->y + height, doc->bottom);
}

void
pdf_rule (PdfDoc *doc,
          double  x0,
          double  x1,
          double  y,
          double  grey)
{
  if (!doc->cr)
    return;

  cairo_save (doc->cr);
  cairo_set_source_rgb (doc->cr, grey, grey, grey);
  cairo_set_line_width (doc->cr, 0.5);
  cairo_move_to (doc->cr, x0, y);
  cairo_line_to (doc->cr, x1, y);
  cairo_stroke (doc->cr);
  cairo_restore (doc->cr);
}

void
pdf_clean_append (GString    *out,
                  const char *text,
                  gsize       max_chars)
{
  g_autofree char *valid = NULL;
  gsize n_chars = 0;
  gsize start_len = out->len;
  const char *p;

  if (!text)
    return;
  /* Pango refuses invalid UTF-8 outright. */
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  for (p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (max_chars > 0 && n_chars == max_chars)
        {
          /* Cut at the last space of the last fifth, if there is one. */
          const char *kept = out->str + start_len;
          const char *space = g_utf8_strrchr (kept, out->len - start_len, ' ');

          if (space && g_utf8_pointer_to_offset (kept, space) > (glong) (max_chars * 4 / 5))
            g_string_truncate (out, space - out->str);
          g_string_append (out, "…");
          return;
        }

      if (c == '\r')
        {
          if (p[1] != '\n')
            g_string_append_c (out, '\n');
          continue;
        }
      if ((c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c < 0xa0) ||
          c == 0xfffe || c == 0xffff)
        continue;
      /* Explicit embeddings, overrides and isolates could show a text
       * reversed or out of order; the marks (U+200E, U+200F) stay, and
       * pango finds the direction of right-to-left text by itself. */
      if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
        continue;

      g_string_append_len (out, p, g_utf8_next_char (p) - p);
      n_chars++;
    }
}

void
pdf_set_text (PdfDoc      *doc,
              PangoLayout *layout,
              const char  *text,
              gsize        max_chars)
{
  g_string_truncate (doc->scratch, 0);
  pdf_clean_append (doc->scratch, text, max_chars);
  pango_layout_set_attributes (layout, NULL);
  pango_layout_set_text (layout, doc->scratch->str, (int) doc->scratch->len);
}

PangoLayout *
pdf_layout (PdfDoc     *doc,
            PdfFont     font,
            const char *text,
            gsize       max_chars,
            double      width)
{
  PangoLayout *layout = doc->layouts[font];

  pango_layout_set_width (layout, width > 0 ? (int) (width * PANGO_SCALE) : -1);
  pango_layout_set_alignment (layout, PANGO_ALIGN_LEFT);
  pdf_set_text (doc, layout, text, max_chars);
  return layout;
}

double
pdf_layout_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.height / PANGO_SCALE;
}

double
pdf_layout_width (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.width / PANGO_SCALE;
}

void
pdf_draw_layout (PdfDoc      *doc,
                 PangoLayout *layout,
                 double       x,
                 double       y)
{
  if (!doc->cr)
    return;

  cairo_move_to (doc->cr, x, y);
  pango_cairo_show_layout (doc->cr, layout);
}

void
pdf_flow (PdfDoc      *doc,
          PangoLayout *layout,
          double       x)
{
  double height = pdf_layout_height (layout);

  if (height > doc->bottom - doc->top)
    {
      pdf_flow_split (doc, &layout, &x, 1);
      return;
    }

  pdf_ensure (doc, height);
  pdf_draw_layout (doc, layout, x, doc->y);
  doc->y += height;
}

typedef struct
{
  PangoLayoutLine *line;
  double           top;
  double           bottom;
  double           baseline;
  double           x;
} Line;

static GArray *
layout_lines (PangoLayout *layout)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (Line));
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  do
    {
      Line line;
      PangoRectangle logical;
      int y0, y1;

      pango_layout_iter_get_line_yrange (iter, &y0, &y1);
      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      line.line = pango_layout_iter_get_line_readonly (iter);
      line.top = (double) y0 / PANGO_SCALE;
      line.bottom = (double) y1 / PANGO_SCALE;
      line.baseline = (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE;
      line.x = (double) logical.x / PANGO_SCALE;
      g_array_append_val (lines, line);
    }
  while (pango_layout_iter_next_line (iter));

  pango_layout_iter_free (iter);
  return lines;
}

void
pdf_flow_split (PdfDoc       *doc,
                PangoLayout **layouts,
                const double *xs,
                guint         n)
{
  g_autofree GArray **lines = g_new0 (GArray *, n);
  g_autofree guint *next = g_new0 (guint, n);
  g_autofree PangoLayout **copies = g_new0 (PangoLayout *, n);

  /* Copies, since a new page's header and footer may reuse the layouts. */
  for (guint c = 0; c < n; c++)
    {
      copies[c] = pango_layout_copy (layouts[c]);
      lines[c] = layout_lines (copies[c]);
    }

  for (;;)
    {
      double avail = doc->bottom - doc->y;
      double used = 0;
      gboolean done = TRUE;

      for (guint c = 0; c < n; c++)
        {
          GArray *cell = lines[c];
          double origin;

          if (next[c] >= cell->len)
            continue;

          origin = g_array_index (cell, Line, next[c]).top;
          while (next[c] < cell->len)
            {
              Line *line = &g_array_index (cell, Line, next[c]);

              /* A line taller than a whole page goes on all the same. */
              if (line->bottom - origin > avail && !(line->top == origin && doc->y <= doc->top + 0.5))
                break;
              if (doc->cr)
                {
                  cairo_move_to (doc->cr, xs[c] + line->x, doc->y + line->baseline - origin);
                  pango_cairo_show_layout_line (doc->cr, line->line);
                }
              used = MAX (used, line->bottom - origin);
              next[c]++;
            }
          if (next[c] < cell->len)
            done = FALSE;
        }

      if (done)
        {
          doc->y += used;
          break;
        }
      pdf_new_page (doc);
    }

  for (guint c = 0; c < n; c++)
    {
      g_array_unref (lines[c]);
      g_object_unref (copies[c]);
    }
}

/* ---- Tables ---- */

struct _PdfTable
{
  PdfDoc          *doc;
  guint            n_columns;
  double          *x;
  double          *widths;
  PangoLayout    **cells;
  PangoLayout    **heads;
  double           head_height;
  guint            n_rows;
  PdfPageFunc      saved_hook;
  gpointer         saved_hook_data;
};

PdfTable *
pdf_table_new (PdfDoc               *doc,
               guint                 n_columns,
               const double         *widths,
               const PangoAlignment *aligns,
               const char * const   *headings)
{
  PdfTable *table = g_new0 (PdfTable, 1);
  double x = doc->left;

  table->doc = doc;
  table->n_columns = n_columns;
  table->x = g_new (double, n_columns);
  table->widths = g_new (double, n_columns);
  table->cells = g_new (PangoLayout *, n_columns);
  table->heads = g_new (PangoLayout *, n_columns);

  for (guint c = 0; c < n_columns; c++)
    {
      table->x[c] = x;
      table->widths[c] = widths[c];
      x += widths[c];

      table->cells[c] = pango_layout_new (doc->context);
      pango_layout_set_font_description (table->cells[c], doc->fonts[PDF_FONT_BODY]);
      pango_layout_set_wrap (table->cells[c], PANGO_WRAP_WORD_CHAR);
      pango_layout_set_width (table->cells[c], (int) ((widths[c] - 2 * CELL_PAD_X) * PANGO_SCALE));
      pango_layout_set_alignment (table->cells[c], aligns ? aligns[c] : PANGO_ALIGN_LEFT);

      table->heads[c] = pango_layout_copy (table->cells[c]);
      pango_layout_set_font_description (table->heads[c], doc->fonts[PDF_FONT_SMALL_BOLD]);
      pdf_set_text (doc, table->heads[c], headings[c], 200);
      table->head_height = MAX (table->head_height, pdf_layout_height (table->heads[c]));
    }
  table->head_height += 2 * CELL_PAD_Y;

  return table;
}

void
pdf_table_free (PdfTable *table)
{
  for (guint c = 0; c < table->n_columns; c++)
    {
      g_object_unref (table->cells[c]);
      g_object_unref (table->heads[c]);
    }
  g_free (table->cells);
  g_free (table->heads);
  g_free (table->x);
  g_free (table->widths);
  g_free (table);
}

static void
draw_head (PdfDoc   *doc,
           gpointer  user_data)
{
  PdfTable *table = user_data;
  double x0 = table->x[0];
  double x1 = table->x[table->n_columns - 1] + table->widths[table->n_columns - 1];

  if (table->saved_hook)
    table->saved_hook (doc, table->saved_hook_data);

  if (doc->cr)
    {
      cairo_save (doc->cr);
      cairo_set_source_rgb (doc->cr, 0.91, 0.92, 0.94);
      cairo_rectangle (doc->cr, x0, doc->y, x1 - x0, table->head_height);
      cairo_fill (doc->cr);
      cairo_set_source_rgb (doc->cr, 0.1, 0.1, 0.1);
      for (guint c = 0; c < table->n_columns; c++)
        pdf_draw_layout (doc, table->heads[c], table->x[c] + CELL_PAD_X, doc->y + CELL_PAD_Y);
      cairo_restore (doc->cr);
    }
  doc->y += table->head_height;
  pdf_rule (doc, x0, x1, doc->y, 0.45);
}

void
pdf_table_begin (PdfTable *table)
{
  PdfDoc *doc = table->doc;

  /* The header with at least one row under it. */
  pdf_ensure (doc, table->head_height + 2 * table->head_height);
  draw_head (doc, table);
  table->saved_hook = doc->on_new_page;
  table->saved_hook_data = doc->on_new_page_data;
  doc->on_new_page = draw_head;
  doc->on_new_page_data = table;
}

void
pdf_table_end (PdfTable *table)
{
  PdfDoc *doc = table->doc;

  doc->on_new_page = table->saved_hook;
  doc->on_new_page_data = table->saved_hook_data;
  table->saved_hook = NULL;
  table->saved_hook_data = NULL;
  pdf_space (doc, 10.0);
}

void
pdf_table_row (PdfTable           *table,
               const char * const *cells,
               double              indent,
               PdfRowFlags         flags)
{
  PdfDoc *doc = table->doc;
  PdfFont font = (flags & PDF_ROW_BOLD) ? PDF_FONT_BOLD : PDF_FONT_BODY;
  double x_end = table->x[table->n_columns - 1] + table->widths[table->n_columns - 1];
  double height = 0;
  g_autofree double *xs = g_new (double, table->n_columns);

  for (guint c = 0; c < table->n_columns; c++)
    {
      PangoLayout *layout = table->cells[c];
      double cell_indent = c == 0 ? MIN (indent, table->widths[c] / 2) : 0;

      pango_layout_set_font_description (layout, doc->fonts[font]);
      pango_layout_set_width (layout,
                              (int) ((table->widths[c] - 2 * CELL_PAD_X - cell_indent) * PANGO_SCALE));
      pdf_set_text (doc, layout, cells[c], 2000);
      xs[c] = table->x[c] + CELL_PAD_X + cell_indent;
      height = MAX (height, pdf_layout_height (layout));
    }
  height += 2 * CELL_PAD_Y;

  if (height > doc->bottom - doc->top - table->head_height)
    {
      /* Taller than a page: it starts here and wraps onto the next pages. */
      pdf_ensure (doc, 60.0);
      pdf_space (doc, CELL_PAD_Y);
      pdf_flow_split (doc, table->cells, xs, table->n_columns);
      pdf_space (doc, CELL_PAD_Y);
    }
  else
    {
      pdf_ensure (doc, height);
      if (doc->cr)
        {
          if (flags & PDF_ROW_TOTAL)
            pdf_rule (doc, table->x[0], x_end, doc->y, 0.3);
          else if (table->n_rows % 2 == 1)
            {
              cairo_save (doc->cr);
              cairo_set_source_rgb (doc->cr, 0.97, 0.97, 0.98);
              cairo_rectangle (doc->cr, table->x[0], doc->y, x_end - table->x[0], height);
              cairo_fill (doc->cr);
              cairo_restore (doc->cr);
            }
          cairo_set_source_rgb (doc->cr, 0, 0, 0);
          for (guint c = 0; c < table->n_columns; c++)
            pdf_draw_layout (doc, table->cells[c], xs[c], doc->y + CELL_PAD_Y);
        }
      doc->y += height;
    }

  table->n_rows++;
}
