#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

G_BEGIN_DECLS

/* The page machinery of the PDF report: a flow of text and tables down
 * numbered pages. The same code runs twice, once without a surface to learn
 * which page each section starts on and once drawing, so every drawing
 * function advances the pen the same way whether it draws or not. */

typedef struct _PdfDoc PdfDoc;

typedef void (*PdfPageFunc) (PdfDoc   *doc,
                             gpointer  user_data);

typedef enum
{
  PDF_FONT_BODY,
  PDF_FONT_BOLD,
  PDF_FONT_SMALL,
  PDF_FONT_SMALL_BOLD,
  PDF_FONT_QUOTE,
  PDF_FONT_H1,
  PDF_FONT_H2,
  PDF_FONT_H3,
  PDF_FONT_TITLE,
  PDF_FONT_SUBTITLE,
  PDF_N_FONTS
} PdfFont;

struct _PdfDoc
{
  cairo_t       *cr;               /* NULL while measuring */
  PangoContext  *context;
  PangoFontDescription *fonts[PDF_N_FONTS];
  PangoLayout   *layouts[PDF_N_FONTS];   /* one per font, reused for every paragraph */
  PangoLayout   *decoration;       /* the running header and the footer's own */

  double         width;            /* the paper, in points */
  double         height;
  double         left;             /* the text block */
  double         right;
  double         top;
  double         bottom;

  double         y;                /* the pen */
  int            page;             /* 1 for the title page; 0 before it */
  gboolean       decorate;         /* running header and footer on this page */
  char          *running_title;

  /* Called at the top of each new page, e.g. to repeat a table's header. */
  PdfPageFunc    on_new_page;
  gpointer       on_new_page_data;

  GString       *scratch;
};

void         pdf_doc_init        (PdfDoc          *doc,
                                  cairo_t         *cr,
                                  double           width,
                                  double           height,
                                  const char      *running_title);
void         pdf_doc_clear       (PdfDoc          *doc);

void         pdf_begin_page      (PdfDoc          *doc,
                                  gboolean         decorate);
void         pdf_end_page        (PdfDoc          *doc);
/* Ends the page and begins a decorated one. */
void         pdf_new_page        (PdfDoc          *doc);
/* A new page unless @height fits below the pen or the pen is at the top. */
void         pdf_ensure          (PdfDoc          *doc,
                                  double           height);
double       pdf_text_width      (PdfDoc          *doc);

/* Appends @text to @out as pango may show it: valid UTF-8 without C0
 * controls but tab and newline (a carriage return ends a line), without DEL,
 * C1 controls, non-characters and bidi embeddings, overrides and isolates; at most @max_chars characters (0: no
 * limit), cut at a word and ended with "…" when longer. */
void         pdf_clean_append    (GString         *out,
                                  const char      *text,
                                  gsize            max_chars);

/* The layout of @font, holding @text (cleaned, no markup) at @width. */
PangoLayout *pdf_layout          (PdfDoc          *doc,
                                  PdfFont          font,
                                  const char      *text,
                                  gsize            max_chars,
                                  double           width);
void         pdf_set_text        (PdfDoc          *doc,
                                  PangoLayout     *layout,
                                  const char      *text,
                                  gsize            max_chars);
double       pdf_layout_height   (PangoLayout     *layout);
double       pdf_layout_width    (PangoLayout     *layout);
void         pdf_draw_layout     (PdfDoc          *doc,
                                  PangoLayout     *layout,
                                  double           x,
                                  double           y);
/* Draws @layout at the pen and moves it down, on a new page first when it
 * does not fit; a layout taller than a page goes on line by line. */
void         pdf_flow            (PdfDoc          *doc,
                                  PangoLayout     *layout,
                                  double           x);
/* Like pdf_flow() for cells side by side, that break line by line. */
void         pdf_flow_split      (PdfDoc          *doc,
                                  PangoLayout    **layouts,
                                  const double    *xs,
                                  guint            n);
void         pdf_space           (PdfDoc          *doc,
                                  double           height);
void         pdf_rule            (PdfDoc          *doc,
                                  double           x0,
                                  double           x1,
                                  double           y,
                                  double           grey);

/* A table whose header row is repeated on every page it reaches; a row
 * never splits unless it is taller than a page. */
typedef struct _PdfTable PdfTable;

typedef enum
{
  PDF_ROW_NORMAL = 0,
  PDF_ROW_BOLD   = 1 << 0,
  PDF_ROW_TOTAL  = 1 << 1,   /* a rule above it */
} PdfRowFlags;

PdfTable    *pdf_table_new       (PdfDoc             *doc,
                                  guint               n_columns,
                                  const double       *widths,
                                  const PangoAlignment *aligns,
                                  const char * const *headings);
void         pdf_table_free      (PdfTable           *table);
/* Draws the header row, on a new page unless it and a row fit. */
void         pdf_table_begin     (PdfTable           *table);
/* @indent moves the first cell's text right. */
void         pdf_table_row       (PdfTable           *table,
                                  const char * const *cells,
                                  double              indent,
                                  PdfRowFlags         flags);
void         pdf_table_end       (PdfTable           *table);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdfTable, pdf_table_free)

G_END_DECLS
