#define G_LOG_DOMAIN "intake-extract"

#include "config.h"

#include <glib/gi18n.h>
#include <gsf/gsf.h>
#include <gsf/gsf-infile-impl.h>
#include <gsf/gsf-shared-memory.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <poppler.h>
#include <string.h>

#include "intake-charset.h"
#include "intake-extract.h"
#include "intake-text.h"

/* A zip member bigger than this once inflated is a zip bomb, not a letter. */
#define MAX_MEMBER_SIZE (64 * 1024 * 1024)

/* text:s may ask for any number of spaces; no real document wants more at once. */
#define MAX_ODF_SPACES 1024

#define W_NS        "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_STRICT_NS "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define MC_NS       "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define TEXT_NS     "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define OFFICE_NS   "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define SVG_NS      "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"

#define MIME_DOCX "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#define MIME_ODT  "application/vnd.oasis.opendocument.text"

typedef enum
{
  FORMAT_NONE,
  FORMAT_TEXT,
  FORMAT_HTML,
  FORMAT_PDF,
  FORMAT_DOCX,
  FORMAT_ODT,
} Format;

G_DEFINE_QUARK (intake-extract-error-quark, intake_extract_error)

/* Formats */

static const struct
{
  const char *mime_type;
  Format      format;
} mime_types[] = {
  { "text/plain", FORMAT_TEXT },
  { "text/html", FORMAT_HTML },
  { "application/xhtml+xml", FORMAT_HTML },
  { "application/pdf", FORMAT_PDF },
  { "application/x-pdf", FORMAT_PDF },
  { MIME_DOCX, FORMAT_DOCX },
  { MIME_ODT, FORMAT_ODT },
};

static const struct
{
  const char *extension;
  Format      format;
} extensions[] = {
  { ".txt", FORMAT_TEXT },
  { ".text", FORMAT_TEXT },
  { ".htm", FORMAT_HTML },
  { ".html", FORMAT_HTML },
  { ".pdf", FORMAT_PDF },
  { ".docx", FORMAT_DOCX },
  { ".odt", FORMAT_ODT },
};

/* What mail clients say when they do not know what they are sending. */
static const char * const generic_mime_types[] = {
  "application/octet-stream",
  "application/binary",
  "application/x-download",
  "application/force-download",
  "application/download",
  "application/unknown",
  "binary/octet-stream",
  "application/zip",
  "application/x-zip-compressed",
};

/* "Text/HTML; charset=utf-8" → "text/html" */
static char *
bare_mime_type (const char *mime_type)
{
  g_autofree char *lower = NULL;

  if (mime_type == NULL)
    return NULL;

  lower = g_ascii_strdown (mime_type, strcspn (mime_type, ";"));
  return g_strdup (g_strstrip (lower));
}

static gboolean
is_generic_mime_type (const char *bare)
{
  if (bare == NULL || *bare == '\0')
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (generic_mime_types); i++)
    if (strcmp (bare, generic_mime_types[i]) == 0)
      return TRUE;

  return FALSE;
}

static Format
format_from_mime_type (const char *bare)
{
  if (bare == NULL)
    return FORMAT_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (mime_types); i++)
    if (strcmp (bare, mime_types[i].mime_type) == 0)
      return mime_types[i].format;

  return FORMAT_NONE;
}

static Format
format_from_filename (const char *filename)
{
  const char *dot;

  if (filename == NULL || (dot = strrchr (filename, '.')) == NULL)
    return FORMAT_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    if (g_ascii_strcasecmp (dot, extensions[i].extension) == 0)
      return extensions[i].format;

  return FORMAT_NONE;
}

static Format
format_from_name (const char *mime_type,
                  const char *filename)
{
  g_autofree char *bare = bare_mime_type (mime_type);

  if (!is_generic_mime_type (bare))
    return format_from_mime_type (bare);

  return format_from_filename (filename);
}

/* Zip structures, as far as dates need them (APPNOTE.TXT §4.3). */
#define ZIP_TRAILER_SIGNATURE    0x06054b50
#define ZIP_TRAILER_SIZE         22
#define ZIP_TRAILER_MAX_COMMENT  65535
#define ZIP64_LOCATOR_SIGNATURE  0x07064b50
#define ZIP64_LOCATOR_SIZE       20
#define ZIP64_TRAILER_SIGNATURE  0x06064b50
#define ZIP64_TRAILER_SIZE       56
#define ZIP_DIRENT_SIGNATURE     0x02014b50
#define ZIP_DIRENT_SIZE          46
#define ZIP_DIRENT_DOSTIME       12

static guint64
read_le (const guint8 *p,
         guint         n_bytes)
{
  guint64 value = 0;

  for (guint i = n_bytes; i > 0; i--)
    value = (value << 8) | p[i - 1];

  return value;
}

/* MS-DOS time in the high half, date in the low one, as zip keeps them. */
static gboolean
dos_time_is_valid (guint32 dostime)
{
  guint year = (dostime >> 25) + 1980;
  guint month = (dostime >> 21) & 0x0f;
  guint day = (dostime >> 16) & 0x1f;
  guint hour = (dostime >> 11) & 0x1f;
  guint minute = (dostime >> 5) & 0x3f;
  guint second = (dostime & 0x1f) * 2;

  return month >= 1 && month <= 12 && day >= 1 &&
         g_date_valid_dmy (day, month, year) &&
         hour < 24 && minute < 60 && second < 60;
}

/* Where the central directory starts and how many entries it claims,
 * found the way libgsf finds them: from the last end-of-directory record. */
static gboolean
find_zip_directory (const guint8 *buf,
                    gsize         len,
                    guint64      *dir_pos,
                    guint64      *entries)
{
  gsize trailer;
  gsize lowest;

  if (len < ZIP_TRAILER_SIZE)
    return FALSE;

  lowest = len - ZIP_TRAILER_SIZE > ZIP_TRAILER_MAX_COMMENT
           ? len - ZIP_TRAILER_SIZE - ZIP_TRAILER_MAX_COMMENT : 0;
  for (trailer = len - ZIP_TRAILER_SIZE; read_le (buf + trailer, 4) != ZIP_TRAILER_SIGNATURE; trailer--)
    if (trailer == lowest)
      return FALSE;

  *entries = read_le (buf + trailer + 10, 2);
  *dir_pos = read_le (buf + trailer + 16, 4);

  if (trailer >= ZIP64_LOCATOR_SIZE &&
      read_le (buf + trailer - ZIP64_LOCATOR_SIZE, 4) == ZIP64_LOCATOR_SIGNATURE)
    {
      guint64 record = read_le (buf + trailer - ZIP64_LOCATOR_SIZE + 8, 8);

      if (len < ZIP64_TRAILER_SIZE || record > len - ZIP64_TRAILER_SIZE ||
          read_le (buf + record, 4) != ZIP64_TRAILER_SIGNATURE)
        return FALSE;

      *entries = read_le (buf + record + 32, 8);
      *dir_pos = read_le (buf + record + 48, 8);
    }

  return TRUE;
}

/* libgsf makes a GDateTime of each member's date from the central directory
 * when the member is opened (gsf_infile_zip_new_child) and unrefs it
 * unchecked, so a date that is no date (month 0 or 13, day 0, minute 61)
 * costs a GLib-CRITICAL, an abort under G_DEBUG=fatal-criticals. It skips a
 * date of zero, and nothing here needs the dates: returns a copy of the
 * archive with every impossible date zeroed, or NULL if none is. The local
 * headers' dates need no care; libgsf never reads them. */
static guint8 *
copy_without_bad_dates (const guint8 *buf,
                        gsize         len)
{
  guint8 *copy = NULL;
  guint64 offset;
  guint64 entries;

  if (!find_zip_directory (buf, len, &offset, &entries))
    return NULL;

  for (guint64 i = 0; i < entries; i++)
    {
      guint32 dostime;

      if (offset > len || len - offset < ZIP_DIRENT_SIZE ||
          read_le (buf + offset, 4) != ZIP_DIRENT_SIGNATURE)
        break;

      dostime = read_le (buf + offset + ZIP_DIRENT_DOSTIME, 4);
      if (dostime != 0 && !dos_time_is_valid (dostime))
        {
          if (copy == NULL)
            copy = g_memdup2 (buf, len);
          memset (copy + offset + ZIP_DIRENT_DOSTIME, 0, 4);
        }

      offset += ZIP_DIRENT_SIZE +
                read_le (buf + offset + 28, 2) +   /* file name */
                read_le (buf + offset + 30, 2) +   /* extra field */
                read_le (buf + offset + 32, 2);    /* comment */
    }

  return copy;
}

/* A zip reader over @data, which must outlive it. */
static GsfInfile *
open_zip (GBytes  *data,
          GError **error)
{
  gsize len;
  const guint8 *buf = g_bytes_get_data (data, &len);
  guint8 *copy = copy_without_bad_dates (buf, len);
  GsfInput *input = copy != NULL ? gsf_input_memory_new (copy, len, TRUE)
                                 : gsf_input_memory_new (buf, len, FALSE);
  GsfInfile *zip = gsf_infile_zip_new (input, error);

  g_object_unref (input);

  return zip;
}

/* Opens the member at @path (NULL-terminated folder and file names), or
 * returns NULL: with @error set if the member is there but damaged.
 * gsf_infile_child_by_aname() would report the damage with g_warning(),
 * which is the user's problem to read about, not the console's. */
static GsfInput *
open_zip_member (GsfInfile          *zip,
                 const char * const *path,
                 GError            **error)
{
  GsfInput *current = g_object_ref (GSF_INPUT (zip));

  for (guint i = 0; path[i] != NULL; i++)
    {
      GsfInfile *folder = GSF_IS_INFILE (current) ? GSF_INFILE (current) : NULL;
      GsfInput *child = NULL;
      int n_children = folder != NULL ? gsf_infile_num_children (folder) : 0;

      for (int j = 0; j < n_children; j++)
        {
          if (g_strcmp0 (gsf_infile_name_by_index (folder, j), path[i]) == 0)
            {
              GsfInfileClass *klass = G_TYPE_INSTANCE_GET_CLASS (folder, GSF_INFILE_TYPE, GsfInfileClass);

              child = klass->child_by_index (folder, j, error);
              break;
            }
        }

      g_object_unref (current);
      if (child == NULL)
        return NULL;
      current = child;
    }

  return current;
}

/* Tells a DOCX from an ODT by what the archive holds. */
static Format
sniff_zip (GBytes *data)
{
  GsfInfile *zip = open_zip (data, NULL);
  Format format = FORMAT_NONE;

  if (zip != NULL)
    {
      const char * const document[] = { "word", "document.xml", NULL };
      const char * const mimetype[] = { "mimetype", NULL };
      GsfInput *member = open_zip_member (zip, document, NULL);

      if (member != NULL)
        {
          format = FORMAT_DOCX;
        }
      else if ((member = open_zip_member (zip, mimetype, NULL)) != NULL)
        {
          guint8 head[sizeof MIME_ODT - 1];

          if (gsf_input_size (member) >= (gsf_off_t) sizeof head &&
              gsf_input_read (member, sizeof head, head) != NULL &&
              memcmp (head, MIME_ODT, sizeof head) == 0)
            format = FORMAT_ODT;
        }

      g_clear_object (&member);
      g_object_unref (zip);
    }

  return format;
}

static Format
sniff_format (GBytes *data)
{
  gsize len;
  const char *buf = g_bytes_get_data (data, &len);

  /* Readers accept the header anywhere in the first kilobyte. */
  if (buf != NULL && g_strstr_len (buf, MIN (len, 1024), "%PDF-") != NULL)
    return FORMAT_PDF;

  if (len >= 4 && memcmp (buf, "PK\003\004", 4) == 0)
    return sniff_zip (data);

  return FORMAT_NONE;
}

gboolean
intake_extract_is_supported (const char *mime_type,
                             const char *filename)
{
  return format_from_name (mime_type, filename) != FORMAT_NONE;
}

/* Text clean-up */

/* CRLF and lone CR become LF; NULs go. */
static GString *
normalize_newlines (const char *text,
                    gsize       len)
{
  GString *out = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '\r')
        {
          g_string_append_c (out, '\n');
          if (i + 1 < len && text[i + 1] == '\n')
            i++;
        }
      else if (text[i] != '\0')
        {
          g_string_append_c (out, text[i]);
        }
    }

  return out;
}

static gboolean
ends_with_blank (const char *start,
                 const char *end,
                 gsize      *blank_len)
{
  if (end > start && strchr (" \t\f\v", end[-1]) != NULL)
    {
      *blank_len = 1;
      return TRUE;
    }

  /* U+00A0 NO-BREAK SPACE */
  if (end - start >= 2 && (guchar) end[-2] == 0xc2 && (guchar) end[-1] == 0xa0)
    {
      *blank_len = 2;
      return TRUE;
    }

  return FALSE;
}

/* Normalises line endings, drops trailing blanks from every line, keeps at
 * most one empty line in a row and none at either end, and makes sure the
 * result is UTF-8 whatever the source did. */
static char *
tidy_text (const char *text,
           gsize       len)
{
  g_autoptr(GString) lines = normalize_newlines (text, len);
  GString *out = g_string_sized_new (lines->len);
  const char *p = lines->str;
  const char *end = lines->str + lines->len;
  gboolean blank_pending = FALSE;

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      const char *line_end;
      gsize blank_len;

      if (eol == NULL)
        eol = end;

      line_end = eol;
      while (ends_with_blank (p, line_end, &blank_len))
        line_end -= blank_len;

      if (line_end == p)
        {
          blank_pending = TRUE;
        }
      else
        {
          if (out->len > 0)
            g_string_append (out, blank_pending ? "\n\n" : "\n");
          g_string_append_len (out, p, line_end - p);
          blank_pending = FALSE;
        }

      p = eol + 1;
    }

  if (!g_utf8_validate_len (out->str, out->len, NULL))
    {
      char *valid = g_utf8_make_valid (out->str, out->len);

      g_string_free (out, TRUE);
      return valid;
    }

  return g_string_free (out, FALSE);
}

/* libxml2 */

static void
init_libxml (void)
{
  static gsize initialized = 0;

  /* xmlInitParser is not safe to race from several import threads. */
  if (g_once_init_enter (&initialized))
    {
      xmlInitParser ();
      g_once_init_leave (&initialized, 1);
    }
}

static void
silent_error_cb (void       *ctx,
                 const char *msg,
                 ...)
{
}

/* libxml2 prints some complaints (a byte the declared encoding lacks) to
 * stderr whatever the parser options say; callers get the problem as a
 * GError or as replacement characters instead. The handler is per thread. */
typedef struct
{
  xmlGenericErrorFunc  func;
  void                *ctx;
} SavedErrorHandler;

static SavedErrorHandler
silence_libxml (void)
{
  SavedErrorHandler saved = { xmlGenericError, xmlGenericErrorContext };

  init_libxml ();
  xmlSetGenericErrorFunc (NULL, silent_error_cb);

  return saved;
}

static void
restore_libxml (SavedErrorHandler saved)
{
  xmlSetGenericErrorFunc (saved.ctx, saved.func);
}

static gboolean
node_is (const xmlNode *node,
         const char    *ns,
         const char    *name)
{
  return node->type == XML_ELEMENT_NODE &&
         node->ns != NULL && node->ns->href != NULL &&
         strcmp ((const char *) node->ns->href, ns) == 0 &&
         strcmp ((const char *) node->name, name) == 0;
}

/* HTML */

/* Nested lists indent by two spaces a level, up to this many levels. */
#define MAX_LIST_INDENT 8

typedef struct
{
  GString    *out;
  guint       pending_newlines;   /* before the next text: 0, 1 or 2 */
  char        pending_separator;  /* ' ' or '\t' before the next text, or 0 */
  gboolean    pending_bullet;
  guint       pre_depth;
  guint       list_depth;
} HtmlWriter;

/* Never rendered as text. */
static const char * const html_skipped[] = {
  "script", "style", "head", "title", "noscript", "template", "object",
  "iframe", "frame", "frameset", "embed", "applet", "svg", "math", "canvas",
  "select", "datalist", "audio", "video", "map",
};

/* Separated from their neighbours by a blank line, as browsers give them a margin. */
static const char * const html_paragraphs[] = {
  "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table",
  "ul", "ol", "dl", "menu", "figure", "hr", "listing", "xmp", "plaintext",
};

/* On lines of their own. */
static const char * const html_lines[] = {
  "div", "li", "tr", "dt", "dd", "section", "article", "header", "footer",
  "nav", "main", "aside", "address", "figcaption", "caption", "form",
  "fieldset", "legend", "details", "summary", "center", "body", "html",
  "tbody", "thead", "tfoot", "option", "optgroup", "hgroup", "dialog",
};

static gboolean
name_in (const char         *name,
         const char * const *names,
         gsize               n_names)
{
  for (gsize i = 0; i < n_names; i++)
    if (g_ascii_strcasecmp (name, names[i]) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
html_is (const xmlNode *node,
         const char    *name)
{
  return g_ascii_strcasecmp ((const char *) node->name, name) == 0;
}

static gboolean
html_is_list (const xmlNode *node)
{
  return html_is (node, "ul") || html_is (node, "ol") || html_is (node, "menu");
}

/* How many line breaks an element puts around itself. */
static guint
html_block_newlines (HtmlWriter    *w,
                     const xmlNode *node)
{
  const char *name = (const char *) node->name;

  /* A list inside a list item has no margin of its own. */
  if (html_is_list (node) && w->list_depth > 0)
    return 1;
  if (name_in (name, html_paragraphs, G_N_ELEMENTS (html_paragraphs)))
    return 2;
  if (name_in (name, html_lines, G_N_ELEMENTS (html_lines)))
    return 1;

  return 0;
}

static void
html_break (HtmlWriter *w,
            guint       newlines)
{
  w->pending_newlines = MAX (w->pending_newlines, newlines);
  w->pending_separator = 0;
}

static gboolean
html_at_line_start (HtmlWriter *w)
{
  return w->out->len == 0 || w->out->str[w->out->len - 1] == '\n';
}

/* Writes what is pending before a visible character. */
static void
html_flush (HtmlWriter *w)
{
  if (w->pending_newlines > 0)
    {
      if (w->out->len > 0)
        {
          for (guint i = 0; i < w->pending_newlines; i++)
            g_string_append_c (w->out, '\n');
        }
    }
  else if (w->pending_separator != 0 && !html_at_line_start (w) &&
           w->out->str[w->out->len - 1] != ' ')
    {
      g_string_append_c (w->out, w->pending_separator);
    }

  w->pending_newlines = 0;
  w->pending_separator = 0;

  if (w->pending_bullet)
    {
      for (guint i = 1; i < MIN (w->list_depth, MAX_LIST_INDENT); i++)
        g_string_append (w->out, "  ");
      g_string_append (w->out, "• ");
      w->pending_bullet = FALSE;
    }
}

static void
html_text (HtmlWriter *w,
           const char *text)
{
  gboolean collapse = w->pre_depth == 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (collapse && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'))
        {
          if (w->pending_separator == 0)
            w->pending_separator = ' ';
          continue;
        }

      if (!collapse && (c == '\n' || c == '\r'))
        {
          if (c == '\r' && p[1] == '\n')
            p++;
          html_flush (w);
          g_string_append_c (w->out, '\n');
          continue;
        }

      /* Invisible in a browser. */
      if (c == 0x00ad)
        continue;

      html_flush (w);

      if (c == 0x00a0)
        g_string_append_c (w->out, ' ');
      else
        g_string_append_unichar (w->out, c);
    }
}

/* Returns whether to go into the node's children; if so, html_leave()
 * follows them. */
static gboolean
html_enter (HtmlWriter *w,
            xmlNode    *node)
{
  guint newlines;

  if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
    {
      if (node->content != NULL)
        html_text (w, (const char *) node->content);
      return FALSE;
    }

  /* Comments, processing instructions, the doctype. */
  if (node->type != XML_ELEMENT_NODE)
    return FALSE;

  if (name_in ((const char *) node->name, html_skipped, G_N_ELEMENTS (html_skipped)) ||
      xmlHasProp (node, (const xmlChar *) "hidden") != NULL)
    return FALSE;

  if (html_is (node, "br"))
    {
      w->pending_newlines = MIN (w->pending_newlines + 1, 2);
      w->pending_separator = 0;
      return FALSE;
    }

  /* Never fetched: the alternative text stands in for the picture. */
  if (html_is (node, "img"))
    {
      g_autofree char *alt = (char *) xmlGetProp (node, (const xmlChar *) "alt");

      if (alt != NULL)
        html_text (w, alt);
      return FALSE;
    }

  if (html_is (node, "td") || html_is (node, "th"))
    {
      if (w->pending_newlines == 0 && !html_at_line_start (w))
        w->pending_separator = '\t';
      return TRUE;
    }

  newlines = html_block_newlines (w, node);
  if (newlines > 0)
    html_break (w, newlines);

  if (html_is (node, "li"))
    w->pending_bullet = TRUE;
  if (html_is_list (node))
    w->list_depth++;
  if (html_is (node, "pre"))
    w->pre_depth++;

  return TRUE;
}

static void
html_leave (HtmlWriter *w,
            xmlNode    *node)
{
  guint newlines;

  if (html_is (node, "pre"))
    w->pre_depth--;
  if (html_is_list (node))
    w->list_depth--;

  /* An empty item leaves no bullet behind. */
  if (html_is (node, "li"))
    w->pending_bullet = FALSE;

  newlines = html_block_newlines (w, node);
  if (newlines > 0)
    html_break (w, newlines);
}

/* Without recursion: the HTML parser puts no limit on nesting, and a
 * message of a million nested tags must not exhaust the stack. */
static void
html_walk (HtmlWriter *w,
           xmlNode    *root)
{
  xmlNode *node = root;

  while (node != NULL)
    {
      if (html_enter (w, node))
        {
          if (node->children != NULL)
            {
              node = node->children;
              continue;
            }
          html_leave (w, node);
        }

      while (node != root && node->next == NULL)
        {
          node = node->parent;
          html_leave (w, node);
        }

      node = node == root ? NULL : node->next;
    }
}

static htmlDocPtr
html_parse (const char *html,
            gsize       len,
            const char *encoding)
{
  /* XML_PARSE_HUGE lifts the limit of 256 nested elements, past which the
   * parser drops the rest of the document: old mail software nests an
   * unclosed <font> per line. The HTML parser expands no custom entities,
   * so nothing can grow beyond the message itself. */
  int options = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                HTML_PARSE_RECOVER | XML_PARSE_HUGE;
  SavedErrorHandler saved;
  htmlDocPtr doc;

  if (len > G_MAXINT)
    len = G_MAXINT;

  /* Bytes already converted by us: a <meta charset> must not convert them again. */
  if (encoding != NULL)
    options |= HTML_PARSE_IGNORE_ENC;

  saved = silence_libxml ();
  doc = htmlReadMemory (html, (int) len, NULL, encoding, options);
  restore_libxml (saved);

  return doc;
}

char *
intake_html_to_text (const char *html,
                     gsize       len,
                     const char *charset)
{
  g_autofree char *declared = NULL;
  gboolean first_reading_stands = FALSE;
  htmlDocPtr doc = NULL;
  xmlNode *root;
  HtmlWriter w = { 0 };
  char *text;

  g_return_val_if_fail (html != NULL || len == 0, NULL);

  if (len == 0)
    return g_strdup ("");

  if (charset == NULL || *charset == '\0')
    {
      /* The first reading is for libxml2 to find a <meta charset>; if none is
       * needed, it is the only one. */
      doc = html_parse (html, len, NULL);
      if (doc != NULL && doc->encoding != NULL)
        declared = g_strdup ((const char *) doc->encoding);

      if (doc != NULL &&
          (declared == NULL || g_ascii_strcasecmp (declared, "utf-8") == 0) &&
          g_utf8_validate_len (html, len, NULL))
        first_reading_stands = TRUE;
      else
        charset = declared;
    }

  if (!first_reading_stands)
    {
      /* Converting the bytes ourselves means a wrong or unknown label, or a
       * byte the charset lacks, costs a U+FFFD rather than the rest of the text. */
      g_autofree char *utf8 = intake_charset_to_utf8 (html, len, charset);

      g_clear_pointer (&doc, xmlFreeDoc);
      doc = html_parse (utf8, strlen (utf8), "UTF-8");
    }

  if (doc == NULL || (root = xmlDocGetRootElement (doc)) == NULL)
    {
      g_clear_pointer (&doc, xmlFreeDoc);
      return g_strdup ("");
    }

  w.out = g_string_new (NULL);
  html_walk (&w, root);
  xmlFreeDoc (doc);

  text = tidy_text (w.out->str, w.out->len);
  g_string_free (w.out, TRUE);

  return text;
}

/* Plain text */

static char *
extract_plain_text (GBytes *data)
{
  gsize len;
  const char *buf = g_bytes_get_data (data, &len);
  g_autofree char *utf8 = intake_charset_to_utf8 (buf ? buf : "", len, NULL);
  GString *text = normalize_newlines (utf8, strlen (utf8));

  return g_string_free (text, FALSE);
}

/* PDF */

/* poppler-glib builds its global state (font configuration included) when
 * the first document opens and tears it down when the last one closes, which
 * made every attachment pay for it. One tiny document kept open for the life
 * of the process keeps that state alive. */
/* Kept for the life of the process; reachable, so not reported as a leak. */
static PopplerDocument *poppler_keep_alive;

static void
keep_poppler_initialized (void)
{
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      g_autoptr(GString) pdf = g_string_new ("%PDF-1.4\n");
      g_autoptr(GBytes) bytes = NULL;
      const char *objects[] = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>",
      };
      gsize offsets[G_N_ELEMENTS (objects)];
      gsize xref;

      for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
        {
          offsets[i] = pdf->len;
          g_string_append_printf (pdf, "%u 0 obj\n%s\nendobj\n", i + 1, objects[i]);
        }
      xref = pdf->len;
      g_string_append_printf (pdf, "xref\n0 %u\n0000000000 65535 f \n", (guint) G_N_ELEMENTS (objects) + 1);
      for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
        g_string_append_printf (pdf, "%010" G_GSIZE_FORMAT " 00000 n \n", offsets[i]);
      g_string_append_printf (pdf, "trailer\n<< /Size %u /Root 1 0 R >>\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n",
                              (guint) G_N_ELEMENTS (objects) + 1, xref);

      bytes = g_bytes_new (pdf->str, pdf->len);
      poppler_keep_alive = poppler_document_new_from_bytes (bytes, NULL, NULL);

      g_once_init_leave (&initialized, 1);
    }
}

/**
 * intake_extract_init:
 *
 * Readies the libraries extraction uses. Call it from the main thread before
 * extracting on several threads at once: libgsf registers its types without
 * locking, and two threads that create the first zip reader together make
 * GObject complain that a type already exists.
 */
void
intake_extract_init (void)
{
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      init_libxml ();
      g_type_ensure (gsf_input_get_type ());
      g_type_ensure (gsf_infile_get_type ());
      g_type_ensure (gsf_input_memory_get_type ());
      g_type_ensure (gsf_input_proxy_get_type ());
      g_type_ensure (gsf_infile_zip_get_type ());
      g_type_ensure (gsf_shared_memory_get_type ());
      keep_poppler_initialized ();
      g_once_init_leave (&initialized, 1);
    }
}

static gboolean
is_word_char (gunichar c)
{
  return c != 0 && !g_unichar_isspace (c);
}

/* Joins the lines a PDF writer wrapped to the page back into paragraphs:
 * a line ends a paragraph only if the next line's first word would have fit
 * after it, within the widest line of the page. Geometry comes from poppler's
 * per-character layout, so proportional fonts are measured as drawn. */
static char *
reflow_page_text (PopplerPage *page,
                  const char  *text)
{
  PopplerRectangle *rects = NULL;
  guint n_rects = 0;
  glong n_chars = g_utf8_strlen (text, -1);
  g_autofree gunichar *chars = g_utf8_to_ucs4_fast (text, -1, NULL);
  g_autoptr(GArray) line_starts = g_array_new (FALSE, FALSE, sizeof (glong));
  GString *out;
  double margin = 0.0;
  glong start = 0;

  if (!poppler_page_get_text_layout (page, &rects, &n_rects) || (glong) n_rects != n_chars)
    {
      g_free (rects);
      return g_strdup (text);
    }

  /* Lines, and the right margin: the furthest any line reaches. */
  for (glong i = 0; i <= n_chars; i++)
    {
      if (i == n_chars || chars[i] == '\n')
        {
          g_array_append_val (line_starts, start);
          for (glong j = start; j < i; j++)
            if (is_word_char (chars[j]))
              margin = MAX (margin, rects[j].x2);
          start = i + 1;
        }
    }

  /* Reflow only where the page shows wrapping: at least two lines reaching
   * close to the margin. A heading over a single line is two lines, not a
   * paragraph. */
  {
    guint full_lines = 0;
    double page_left = G_MAXDOUBLE;

    for (glong j = 0; j < n_chars; j++)
      if (is_word_char (chars[j]))
        page_left = MIN (page_left, rects[j].x1);

    for (guint l = 0; l < line_starts->len; l++)
      {
        glong first = g_array_index (line_starts, glong, l);
        double right = 0.0;

        for (glong j = first; j < n_chars && chars[j] != '\n'; j++)
          if (is_word_char (chars[j]))
            right = MAX (right, rects[j].x2);
        if (right > 0.0 && right >= margin - 0.15 * (margin - page_left))
          full_lines++;
      }

    if (full_lines < 2)
      {
        g_free (rects);
        return g_strdup (text);
      }
  }

  out = g_string_sized_new (strlen (text));

  for (guint l = 0; l < line_starts->len; l++)
    {
      glong first = g_array_index (line_starts, glong, l);
      glong end = first;
      glong last_visible = -1;
      gboolean soft = FALSE;

      while (end < n_chars && chars[end] != '\n')
        {
          if (is_word_char (chars[end]))
            last_visible = end;
          end++;
        }

      for (glong j = first; j < end; j++)
        g_string_append_unichar (out, chars[j]);

      if (l + 1 == line_starts->len)
        break;

      if (last_visible >= 0)
        {
          glong next = g_array_index (line_starts, glong, l + 1);
          glong word_end = next;
          double char_width;

          while (word_end < n_chars && is_word_char (chars[word_end]))
            word_end++;

          char_width = (rects[last_visible].x2 - rects[first].x1) / MAX (1, last_visible - first + 1);

          if (word_end > next)
            {
              double word_width = rects[word_end - 1].x2 - rects[next].x1;
              double would_reach = rects[last_visible].x2 + char_width + word_width;

              soft = would_reach > margin + char_width * 0.5;
            }
        }

      if (soft)
        {
          while (out->len > 0 && out->str[out->len - 1] == ' ')
            g_string_truncate (out, out->len - 1);
          g_string_append_c (out, ' ');
        }
      else
        g_string_append_c (out, '\n');
    }

  g_free (rects);

  return g_string_free (out, FALSE);
}

static char *
extract_pdf (GBytes  *data,
             GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  PopplerDocument *document;
  int n_pages;

  keep_poppler_initialized ();

  /* An in-memory document: poppler has no file name to resolve links or
   * embedded references against, and it never follows them for text. */
  document = poppler_document_new_from_bytes (data, NULL, &local_error);
  if (document == NULL)
    {
      if (g_error_matches (local_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        g_set_error_literal (error, INTAKE_EXTRACT_ERROR, INTAKE_EXTRACT_ERROR_DAMAGED,
                             _("The PDF is protected by a password, so its text could not be read"));
      else
        g_set_error (error, INTAKE_EXTRACT_ERROR, INTAKE_EXTRACT_ERROR_DAMAGED,
                     _("The PDF could not be read: %s"),
                     local_error != NULL ? local_error->message : _("unknown error"));
      return NULL;
    }

  n_pages = poppler_document_get_n_pages (document);

  for (int i = 0; i < n_pages; i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);
      g_autofree char *page_text = NULL;
      g_autofree char *tidy = NULL;

      if (page == NULL)
        continue;

      page_text = poppler_page_get_text (page);
      if (page_text != NULL)
        {
          char *reflowed = reflow_page_text (page, page_text);

          g_free (page_text);
          page_text = reflowed;
        }
      g_object_unref (page);

      if (page_text == NULL)
        continue;

      tidy = tidy_text (page_text, strlen (page_text));
      if (*tidy == '\0')
        continue;

      if (out->len > 0)
        g_string_append (out, "\n\n");
      g_string_append (out, tidy);
    }

  g_object_unref (document);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* DOCX and ODT: one XML member of a zip archive */

static void
set_damaged_error (GError     **error,
                   const char  *message,
                   const char  *detail)
{
  if (detail != NULL)
    g_set_error (error, INTAKE_EXTRACT_ERROR, INTAKE_EXTRACT_ERROR_DAMAGED,
                 "%s (%s)", message, detail);
  else
    g_set_error_literal (error, INTAKE_EXTRACT_ERROR, INTAKE_EXTRACT_ERROR_DAMAGED, message);
}

/* Reads the member at @path, refusing one that inflates past MAX_MEMBER_SIZE. */
static guint8 *
read_zip_member (GBytes             *data,
                 Format              format,
                 const char * const *path,
                 gsize              *len_out,
                 GError            **error)
{
  g_autoptr(GError) zip_error = NULL;
  GsfInfile *zip = NULL;
  GsfInput *member = NULL;
  guint8 *contents = NULL;
  gsf_off_t size;

  zip = open_zip (data, &zip_error);
  if (zip == NULL)
    {
      set_damaged_error (error,
                         format == FORMAT_DOCX
                         ? _("The Word document could not be opened: it is not a valid DOCX file")
                         : _("The OpenDocument text could not be opened: it is not a valid ODT file"),
                         zip_error != NULL ? zip_error->message : NULL);
      goto out;
    }

  member = open_zip_member (zip, path, &zip_error);
  if (member == NULL && zip_error != NULL)
    {
      set_damaged_error (error,
                         format == FORMAT_DOCX
                         ? _("The Word document could not be read: its compressed data is damaged")
                         : _("The OpenDocument text could not be read: its compressed data is damaged"),
                         zip_error->message);
      goto out;
    }
  if (member == NULL)
    {
      set_damaged_error (error,
                         format == FORMAT_DOCX
                         ? _("The Word document has no text: word/document.xml is missing")
                         : _("The OpenDocument text has no text: content.xml is missing"),
                         NULL);
      goto out;
    }

  size = gsf_input_size (member);
  if (size < 0 || size > MAX_MEMBER_SIZE)
    {
      g_autofree char *size_text = g_format_size (MAX (size, 0));
      g_autofree char *limit_text = g_format_size (MAX_MEMBER_SIZE);

      g_set_error (error, INTAKE_EXTRACT_ERROR, INTAKE_EXTRACT_ERROR_DAMAGED,
                   format == FORMAT_DOCX
                   ? _("The Word document is too large to read: its text takes %s uncompressed, more than the limit of %s")
                   : _("The OpenDocument text is too large to read: its text takes %s uncompressed, more than the limit of %s"),
                   size_text, limit_text);
      goto out;
    }

  contents = g_malloc (size + 1);
  if (size > 0 && gsf_input_read (member, size, contents) == NULL)
    {
      g_clear_pointer (&contents, g_free);
      set_damaged_error (error,
                         format == FORMAT_DOCX
                         ? _("The Word document could not be read: its compressed data is damaged")
                         : _("The OpenDocument text could not be read: its compressed data is damaged"),
                         NULL);
      goto out;
    }
  contents[size] = '\0';
  *len_out = size;

out:
  g_clear_object (&member);
  g_clear_object (&zip);

  return contents;
}

/* No DTD loading, no entity substitution, no network: a document cannot make
 * us read anything but itself. */
static xmlDocPtr
parse_zip_xml (const guint8  *xml,
               gsize          len,
               Format         format,
               GError       **error)
{
  const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
  xmlParserCtxtPtr ctxt;
  SavedErrorHandler saved;
  xmlDocPtr doc;

  if (len > G_MAXINT)
    len = G_MAXINT;

  saved = silence_libxml ();
  ctxt = xmlNewParserCtxt ();
  doc = ctxt != NULL ? xmlCtxtReadMemory (ctxt, (const char *) xml, (int) len, NULL, NULL, options) : NULL;
  restore_libxml (saved);

  if (doc == NULL)
    {
      const xmlError *xml_error = ctxt != NULL ? xmlCtxtGetLastError (ctxt) : NULL;
      g_autofree char *detail = NULL;

      if (xml_error != NULL && xml_error->message != NULL)
        {
          g_autofree char *message = g_strstrip (g_strdup (xml_error->message));

          detail = g_strdup_printf (_("line %d: %s"), xml_error->line, message);
        }

      set_damaged_error (error,
                         format == FORMAT_DOCX
                         ? _("The Word document could not be read: its text is not well-formed XML")
                         : _("The OpenDocument text could not be read: its text is not well-formed XML"),
                         detail);
    }

  if (ctxt != NULL)
    xmlFreeParserCtxt (ctxt);

  return doc;
}

static void
start_paragraph (GString *out)
{
  /* A paragraph inside another one (a text box, a note) starts its own line. */
  if (out->len > 0 && out->str[out->len - 1] != '\n')
    g_string_append_c (out, '\n');
}

static void
end_paragraph (GString *out)
{
  g_string_append_c (out, '\n');
}

static gboolean
is_w (const xmlNode *node,
      const char    *name)
{
  return node_is (node, W_NS, name) || node_is (node, W_STRICT_NS, name);
}

/* Formatting, tab stops and field codes hold no text a person wrote;
 * w:del and w:moveFrom hold what tracked changes took out. */
static const char * const docx_skipped[] = {
  "pPr", "rPr", "sectPr", "tblPr", "tblGrid", "trPr", "tcPr", "tblPrEx",
  "instrText", "delText", "delInstrText", "fldData", "rPrChange", "pPrChange",
  "del", "moveFrom",
};

static void
docx_walk (GString *out,
           xmlNode *parent)
{
  for (xmlNode *node = parent->children; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;

      /* The same text box comes once per alternative; read the first. */
      if (node_is (node, MC_NS, "AlternateContent"))
        {
          xmlNode *choice = NULL;

          for (xmlNode *alt = node->children; alt != NULL && choice == NULL; alt = alt->next)
            if (node_is (alt, MC_NS, "Choice"))
              choice = alt;
          for (xmlNode *alt = node->children; alt != NULL && choice == NULL; alt = alt->next)
            if (node_is (alt, MC_NS, "Fallback"))
              choice = alt;

          if (choice != NULL)
            docx_walk (out, choice);
          continue;
        }

      if (!is_w (node, (const char *) node->name))
        {
          docx_walk (out, node);
          continue;
        }

      if (is_w (node, "p"))
        {
          start_paragraph (out);
          docx_walk (out, node);
          end_paragraph (out);
        }
      else if (is_w (node, "t"))
        {
          /* Text nodes only: entity references stay unexpanded. */
          for (xmlNode *child = node->children; child != NULL; child = child->next)
            if ((child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) &&
                child->content != NULL)
              g_string_append (out, (const char *) child->content);
        }
      else if (is_w (node, "tab") || is_w (node, "ptab"))
        {
          g_string_append_c (out, '\t');
        }
      else if (is_w (node, "br") || is_w (node, "cr"))
        {
          g_string_append_c (out, '\n');
        }
      else if (is_w (node, "noBreakHyphen"))
        {
          g_string_append_c (out, '-');
        }
      else if (!name_in ((const char *) node->name, docx_skipped, G_N_ELEMENTS (docx_skipped)))
        {
          docx_walk (out, node);
        }
    }
}

typedef struct
{
  GString  *out;
  guint     paragraph_depth;
  gboolean  pending_space;
  gsize     space_budget;   /* text:s spaces still allowed */
} OdtWriter;

/* Before a visible character, the one space that stands for a run of
 * white space in the XML, unless at the start of the line. */
static void
odt_flush_space (OdtWriter *w)
{
  if (w->pending_space && w->out->len > 0 && w->out->str[w->out->len - 1] != '\n')
    g_string_append_c (w->out, ' ');
  w->pending_space = FALSE;
}

/* ODF collapses white space in paragraphs the way HTML does; text:s,
 * text:tab and text:line-break carry the real ones. */
static void
odt_text (OdtWriter  *w,
          const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        {
          w->pending_space = TRUE;
          continue;
        }

      odt_flush_space (w);
      g_string_append_c (w->out, *p);
    }
}

static void
odt_walk (OdtWriter *w,
          xmlNode   *parent)
{
  for (xmlNode *node = parent->children; node != NULL; node = node->next)
    {
      if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
        {
          if (w->paragraph_depth > 0 && node->content != NULL)
            odt_text (w, (const char *) node->content);
          continue;
        }

      if (node->type != XML_ELEMENT_NODE)
        continue;

      if (node_is (node, TEXT_NS, "p") || node_is (node, TEXT_NS, "h"))
        {
          start_paragraph (w->out);
          w->pending_space = FALSE;
          w->paragraph_depth++;
          odt_walk (w, node);
          w->paragraph_depth--;
          w->pending_space = FALSE;
          end_paragraph (w->out);
        }
      else if (node_is (node, TEXT_NS, "s"))
        {
          g_autofree char *count_text = (char *) xmlGetNsProp (node, (const xmlChar *) "c",
                                                               (const xmlChar *) TEXT_NS);
          guint64 count = 1;

          if (count_text != NULL)
            count = g_ascii_strtoull (count_text, NULL, 10);
          count = CLAMP (count, 1, MAX_ODF_SPACES);
          count = MIN (count, w->space_budget);
          w->space_budget -= count;

          odt_flush_space (w);
          for (guint64 i = 0; i < count; i++)
            g_string_append_c (w->out, ' ');
        }
      else if (node_is (node, TEXT_NS, "tab"))
        {
          odt_flush_space (w);
          g_string_append_c (w->out, '\t');
        }
      else if (node_is (node, TEXT_NS, "line-break"))
        {
          w->pending_space = FALSE;
          g_string_append_c (w->out, '\n');
        }
      else if (node_is (node, OFFICE_NS, "annotation") ||
               node_is (node, TEXT_NS, "tracked-changes") ||
               node_is (node, SVG_NS, "title") ||
               node_is (node, SVG_NS, "desc"))
        {
          /* Comments, deleted text, a picture's description. */
        }
      else
        {
          odt_walk (w, node);
        }
    }
}

static char *
extract_zip_xml (GBytes  *data,
                 Format   format,
                 GError **error)
{
  const char * const docx_path[] = { "word", "document.xml", NULL };
  const char * const odt_path[] = { "content.xml", NULL };
  g_autofree guint8 *xml = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  xmlDocPtr doc;
  gsize len = 0;

  xml = read_zip_member (data, format,
                         format == FORMAT_DOCX ? docx_path : odt_path,
                         &len, error);
  if (xml == NULL)
    return NULL;

  doc = parse_zip_xml (xml, len, format, error);
  if (doc == NULL)
    return NULL;

  /* From the document node, so that the root element is looked at too. */
  if (format == FORMAT_DOCX)
    {
      docx_walk (out, (xmlNode *) doc);
    }
  else
    {
      /* A content.xml of nothing but <text:s text:c="1024"/> must not
       * grow fifty-fold: no more spaces than the XML has bytes. */
      OdtWriter w = { .out = out, .space_budget = len };

      odt_walk (&w, (xmlNode *) doc);
    }

  xmlFreeDoc (doc);

  return tidy_text (out->str, out->len);
}

/* Entry point */

char *
intake_extract_text (const char  *mime_type,
                     const char  *filename,
                     GBytes      *data,
                     GError     **error)
{
  Format format;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  format = format_from_name (mime_type, filename);

  if (format == FORMAT_NONE)
    {
      g_autofree char *bare = bare_mime_type (mime_type);

      if (is_generic_mime_type (bare))
        format = sniff_format (data);
    }

  switch (format)
    {
    case FORMAT_TEXT:
      return extract_plain_text (data);

    case FORMAT_HTML:
      {
        gsize len;
        const char *html = g_bytes_get_data (data, &len);

        return intake_html_to_text (html ? html : "", len, NULL);
      }

    case FORMAT_PDF:
      return extract_pdf (data, error);

    case FORMAT_DOCX:
    case FORMAT_ODT:
      return extract_zip_xml (data, format, error);

    case FORMAT_NONE:
    default:
      break;
    }

  if (filename != NULL && *filename != '\0')
    g_set_error (error, INTAKE_EXTRACT_ERROR, INTAKE_EXTRACT_ERROR_UNSUPPORTED,
                 _("No text can be read from “%s”: only PDF, Word (DOCX), OpenDocument text, HTML and plain text files are supported"),
                 filename);
  else
    g_set_error (error, INTAKE_EXTRACT_ERROR, INTAKE_EXTRACT_ERROR_UNSUPPORTED,
                 _("No text can be read from an attachment of type “%s”: only PDF, Word (DOCX), OpenDocument text, HTML and plain text files are supported"),
                 mime_type != NULL && *mime_type != '\0' ? mime_type : "application/octet-stream");

  return NULL;
}
