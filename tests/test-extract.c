#define G_LOG_DOMAIN "test-extract"

#include "config.h"

#include <glib/gstdio.h>
#include <gmime/gmime.h>
#include <gsf/gsf.h>
#include <string.h>

#include "intake-extract.h"

#define W_NS    "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define TEXT_NS "urn:oasis:names:tc:opendocument:xmlns:text:1.0"

#define MIME_DOCX "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#define MIME_ODT  "application/vnd.oasis.opendocument.text"

#define DOCX_START \
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n" \
  "<w:document xmlns:w=\"" W_NS "\"><w:body>"
#define DOCX_END "</w:body></w:document>"

#define ODT_START \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
  "<office:document-content" \
  " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\"" \
  " xmlns:text=\"" TEXT_NS "\"" \
  " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"" \
  " office:version=\"1.3\"><office:body><office:text>"
#define ODT_END "</office:text></office:body></office:document-content>"

#define CANARY "CANARY-5b1e-this-file-must-never-be-read"

/* Fixtures */

static GBytes *
bytes_from (const char *data,
            gsize       len)
{
  return g_bytes_new (data, len);
}

static GBytes *
bytes_from_string (const char *data)
{
  return g_bytes_new (data, strlen (data));
}

/* A zip archive in memory from NULL-terminated (path, contents) pairs;
 * "word/document.xml" makes the "word" folder. */
static GBytes *
make_zip (const char *path,
          ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) folders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) open_folders = g_ptr_array_new ();
  GsfOutput *sink = gsf_output_memory_new ();
  GsfOutfile *zip;
  GBytes *bytes;
  va_list args;

  zip = gsf_outfile_zip_new (sink, &error);
  g_assert_no_error (error);

  va_start (args, path);
  for (; path != NULL; path = va_arg (args, const char *))
    {
      const char *contents = va_arg (args, const char *);
      g_auto(GStrv) parts = g_strsplit (path, "/", -1);
      guint n_parts = g_strv_length (parts);
      GsfOutfile *folder = zip;
      g_autoptr(GString) folder_path = g_string_new (NULL);
      GsfOutput *member;

      for (guint i = 0; i + 1 < n_parts; i++)
        {
          GsfOutfile *child;

          g_string_append_printf (folder_path, "%s/", parts[i]);
          child = g_hash_table_lookup (folders, folder_path->str);
          if (child == NULL)
            {
              child = GSF_OUTFILE (gsf_outfile_new_child (folder, parts[i], TRUE));
              g_hash_table_insert (folders, g_strdup (folder_path->str), child);
              g_ptr_array_add (open_folders, child);
            }
          folder = child;
        }

      member = gsf_outfile_new_child (folder, parts[n_parts - 1], FALSE);
      g_assert_true (gsf_output_write (member, strlen (contents), (const guint8 *) contents));
      g_assert_true (gsf_output_close (member));
      g_object_unref (member);
    }
  va_end (args);

  /* Inner folders first. */
  for (guint i = open_folders->len; i > 0; i--)
    {
      GsfOutput *folder = g_ptr_array_index (open_folders, i - 1);

      g_assert_true (gsf_output_close (folder));
      g_object_unref (folder);
    }

  g_assert_true (gsf_output_close (GSF_OUTPUT (zip)));
  g_object_unref (zip);

  bytes = g_bytes_new (gsf_output_memory_get_bytes (GSF_OUTPUT_MEMORY (sink)),
                       gsf_output_size (sink));
  g_object_unref (sink);

  return bytes;
}

static GBytes *
make_docx (const char *document_xml)
{
  return make_zip ("[Content_Types].xml", "<Types/>",
                   "word/document.xml", document_xml,
                   NULL);
}

static GBytes *
make_odt (const char *content_xml)
{
  return make_zip ("mimetype", MIME_ODT,
                   "content.xml", content_xml,
                   NULL);
}

static void
append_pdf_string (GString    *out,
                   const char *text)
{
  g_string_append_c (out, '(');
  for (const char *p = text; *p; p++)
    {
      if (*p == '(' || *p == ')' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, ')');
}

/* A PDF written out by hand, with a correct cross-reference table: one page
 * per element of @pages, one line of Helvetica per line of the page's text.
 * Text is WinAnsi (Latin-1 for letters like é). @trailer_extra goes into
 * the trailer dictionary. */
static GBytes *
make_pdf (const char * const *pages,
          const char         *trailer_extra)
{
  g_autoptr(GString) pdf = g_string_new ("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
  g_autoptr(GArray) offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  guint n_pages = g_strv_length ((char **) pages);
  g_autoptr(GString) kids = g_string_new (NULL);
  gsize xref;

#define BEGIN_OBJECT() \
  G_STMT_START { \
    gsize offset_ = pdf->len; \
    g_array_append_val (offsets, offset_); \
    g_string_append_printf (pdf, "%u 0 obj\n", offsets->len); \
  } G_STMT_END

  /* Objects 1–3: catalog, page tree, font; then a page and its contents per page. */
  for (guint i = 0; i < n_pages; i++)
    g_string_append_printf (kids, "%u 0 R ", 4 + 2 * i);

  BEGIN_OBJECT ();
  g_string_append (pdf, "<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
  BEGIN_OBJECT ();
  g_string_append_printf (pdf, "<< /Type /Pages /Kids [%s] /Count %u >>\nendobj\n",
                          kids->str, n_pages);
  BEGIN_OBJECT ();
  g_string_append (pdf, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica"
                        " /Encoding /WinAnsiEncoding >>\nendobj\n");

  for (guint i = 0; i < n_pages; i++)
    {
      g_auto(GStrv) lines = g_strsplit (pages[i], "\n", -1);
      g_autoptr(GString) stream = g_string_new ("BT\n/F1 12 Tf\n14 TL\n72 720 Td\n");

      for (guint j = 0; lines[j] != NULL; j++)
        {
          append_pdf_string (stream, lines[j]);
          g_string_append (stream, " Tj T*\n");
        }
      g_string_append (stream, "ET\n");

      BEGIN_OBJECT ();
      g_string_append_printf (pdf, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
                                   " /Resources << /Font << /F1 3 0 R >> >>"
                                   " /Contents %u 0 R >>\nendobj\n", 5 + 2 * i);
      BEGIN_OBJECT ();
      g_string_append_printf (pdf, "<< /Length %" G_GSIZE_FORMAT " >>\nstream\n", stream->len);
      g_string_append_len (pdf, stream->str, stream->len);
      g_string_append (pdf, "endstream\nendobj\n");
    }

#undef BEGIN_OBJECT

  xref = pdf->len;
  g_string_append_printf (pdf, "xref\n0 %u\n0000000000 65535 f \n", offsets->len + 1);
  for (guint i = 0; i < offsets->len; i++)
    g_string_append_printf (pdf, "%010" G_GSIZE_FORMAT " 00000 n \n",
                            g_array_index (offsets, gsize, i));
  g_string_append_printf (pdf, "trailer\n<< /Size %u /Root 1 0 R %s>>\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n",
                          offsets->len + 1, trailer_extra ? trailer_extra : "", xref);

  return g_bytes_new (pdf->str, pdf->len);
}

/* A file whose contents must never show up in extracted text; returns its URI. */
static char *
make_canary (char **path)
{
  g_autoptr(GError) error = NULL;
  int fd = g_file_open_tmp ("intake-canary-XXXXXX", path, &error);

  g_assert_no_error (error);
  g_assert_cmpint (fd, >=, 0);
  g_close (fd, NULL);
  g_file_set_contents (*path, CANARY "\n", -1, &error);
  g_assert_no_error (error);

  return g_filename_to_uri (*path, NULL, &error);
}

static char *
extract_ok (const char *mime_type,
            const char *filename,
            GBytes     *data)
{
  g_autoptr(GError) error = NULL;
  char *text = intake_extract_text (mime_type, filename, data, &error);

  g_assert_no_error (error);
  g_assert_nonnull (text);
  g_assert_true (g_utf8_validate (text, -1, NULL));

  return text;
}

static char *
html_text (const char *html)
{
  char *text = intake_html_to_text (html, strlen (html), NULL);

  g_assert_nonnull (text);
  g_assert_true (g_utf8_validate (text, -1, NULL));

  return text;
}

/* HTML */

static void
test_html_script_dropped (void)
{
  g_autofree char *text = html_text (
    "<html><head><title>Page title</title>"
    "<style>p { color: red; }</style>"
    "<script>var secret = 'script text';</script></head>"
    "<body><p>Hello <script>document.write('inline')</script>world</p>"
    "<noscript>Enable JavaScript</noscript>"
    "<template><p>Template text</p></template>"
    "<iframe src=\"about:blank\">Frame text</iframe>"
    "<object data=\"x.swf\">Object text</object>"
    "<p>Goodbye</p></body></html>");

  g_assert_cmpstr (text, ==, "Hello world\n\nGoodbye");
}

static void
test_html_entities (void)
{
  g_autofree char *text = html_text (
    "<p>Fish &amp; chips &lt;3 &eacute;t&eacute; &#8220;quoted&#x201D; a&nbsp;b &copy;</p>");

  g_assert_cmpstr (text, ==, "Fish & chips <3 été “quoted” a b ©");
}

static void
test_html_paragraphs (void)
{
  g_autofree char *text = html_text (
    "<h1>Title</h1><p>First paragraph.</p><p>Second paragraph.</p>"
    "<blockquote>Quoted</blockquote><div>Div one</div><div>Div two</div>");

  g_assert_cmpstr (text, ==, "Title\n\nFirst paragraph.\n\nSecond paragraph.\n\nQuoted\n\nDiv one\nDiv two");
}

static void
test_html_whitespace (void)
{
  g_autofree char *text = html_text (
    "<p>\n   Several   spaces\tand\n\ttabs  <b>bold</b> <i> italic </i>,\n   and an end.   </p>");

  g_assert_cmpstr (text, ==, "Several spaces and tabs bold italic , and an end.");
}

static void
test_html_line_breaks (void)
{
  g_autofree char *text = html_text (
    "<p>Line one<br>Line two<br/><br>After a blank line<br><br><br><br>Only one blank line</p>"
    "<div>Gmail</div><div><br></div><div>style</div>");

  g_assert_cmpstr (text, ==,
                   "Line one\nLine two\n\nAfter a blank line\n\nOnly one blank line\n\n"
                   "Gmail\n\nstyle");
}

static void
test_html_lists (void)
{
  g_autofree char *text = html_text (
    "<p>Before</p><ul><li>Apples</li><li>Pears<ul><li>Conference</li></ul></li><li></li></ul>"
    "<ol><li>First</li></ol><p>After</p>");

  g_assert_cmpstr (text, ==, "Before\n\n• Apples\n• Pears\n  • Conference\n\n• First\n\nAfter");
}

static void
test_html_pre (void)
{
  g_autofree char *text = html_text (
    "<p>Code:</p><pre>  keep   this\n    indented   \n\n\n\nend</pre><p>Done</p>");

  g_assert_cmpstr (text, ==, "Code:\n\n  keep   this\n    indented\n\nend\n\nDone");
}

static void
test_html_table (void)
{
  g_autofree char *text = html_text (
    "<table><tr><th>Board</th><th>Count</th></tr>"
    "<tr><td>Palliser</td><td>12</td></tr></table>");

  g_assert_cmpstr (text, ==, "Board\tCount\nPalliser\t12");
}

static void
test_html_no_remote_images (void)
{
  g_autofree char *text = html_text (
    "<p>Before <img src=\"http://tracker.example.invalid/pixel.gif\" width=\"1\">"
    " <img src=\"cid:logo@example\" alt=\"Company logo\"> after"
    "<img src=\"http://images.example.invalid/x.png\" alt=\"\"></p>");

  g_assert_cmpstr (text, ==, "Before Company logo after");
}

static void
test_html_meta_charset_latin1 (void)
{
  const char html[] =
    "<html><head><meta charset=\"iso-8859-1\"></head>"
    "<body><p>Caf\xe9 cr\xe8me, na\xefve</p></body></html>";
  g_autofree char *text = intake_html_to_text (html, sizeof html - 1, NULL);

  g_assert_cmpstr (text, ==, "Café crème, naïve");
}

static void
test_html_meta_http_equiv_charset (void)
{
  const char html[] =
    "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">"
    "</head><body><p>\x93Quoted\x94 \x80 5 \x81 kept</p></body></html>";
  g_autofree char *text = intake_html_to_text (html, sizeof html - 1, NULL);

  /* 0x81 is not in Windows-1252: a replacement character, and the rest survives. */
  g_assert_cmpstr (text, ==, "“Quoted” € 5 \xef\xbf\xbd kept");
}

static void
test_html_declared_charset_wins (void)
{
  const char html[] =
    "<html><head><meta charset=\"utf-8\"></head><body><p>Prix\xa0: 5 \xa4</p></body></html>";
  g_autofree char *text = intake_html_to_text (html, sizeof html - 1, "iso-8859-15");

  g_assert_cmpstr (text, ==, "Prix : 5 €");
}

static void
test_html_undeclared_windows_1252 (void)
{
  const char html[] = "<p>\x93Hi\x94 from Qu\xe9" "bec</p>";
  g_autofree char *text = intake_html_to_text (html, sizeof html - 1, NULL);

  g_assert_cmpstr (text, ==, "“Hi” from Québec");
}

static void
test_html_utf8 (void)
{
  g_autofree char *text = html_text ("<p>Révision — ☃</p>");

  g_assert_cmpstr (text, ==, "Révision — ☃");
}

static void
test_html_external_entity_not_loaded (void)
{
  g_autofree char *path = NULL;
  g_autofree char *uri = make_canary (&path);
  g_autofree char *html = NULL;
  g_autofree char *subset = NULL;
  g_autofree char *text = NULL;
  g_autofree char *subset_text = NULL;

  html = g_strdup_printf ("<!DOCTYPE html SYSTEM \"%s\">"
                          "<html><head><link rel=\"stylesheet\" href=\"%s\">"
                          "<script src=\"%s\"></script></head>"
                          "<body><p>Visible <iframe src=\"%s\"></iframe>"
                          "<object data=\"%s\"></object><img src=\"%s\">text</p></body></html>",
                          uri, uri, uri, uri, uri, uri);
  text = html_text (html);
  g_assert_cmpstr (text, ==, "Visible text");

  subset = g_strdup_printf ("<!DOCTYPE html [<!ENTITY e SYSTEM \"%s\">]>"
                            "<p>Entity: &e; end</p>", uri);
  subset_text = html_text (subset);
  g_assert_null (strstr (subset_text, CANARY));
  g_assert_nonnull (strstr (subset_text, "Entity: "));
  g_assert_true (g_str_has_suffix (subset_text, " end"));

  g_unlink (path);
}

static void
test_html_hidden (void)
{
  g_autofree char *text = html_text (
    "<p>Shown</p><p hidden>Hidden paragraph</p><div hidden=\"hidden\"><p>Hidden too</p></div>");

  g_assert_cmpstr (text, ==, "Shown");
}

static void
test_html_deep_nesting (void)
{
  const guint depth = 200000;
  g_autoptr(GString) html = g_string_new ("<p>Start ");
  g_autofree char *text = NULL;

  for (guint i = 0; i < depth; i++)
    g_string_append (html, "<span>");
  g_string_append (html, "deep");
  for (guint i = 0; i < depth; i++)
    g_string_append (html, "</span>");
  g_string_append (html, " end</p>");

  text = html_text (html->str);
  g_assert_cmpstr (text, ==, "Start deep end");
}

static void
test_html_deep_lists (void)
{
  g_autoptr(GString) html = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < 20; i++)
    g_string_append (html, "<ul><li>item");
  for (guint i = 0; i < 20; i++)
    g_string_append (html, "</li></ul>");

  text = html_text (html->str);
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 20);
  g_assert_cmpstr (lines[0], ==, "• item");
  g_assert_cmpstr (lines[1], ==, "  • item");
  /* Indentation stops growing: nesting cannot multiply the text's size. */
  g_assert_cmpstr (lines[7], ==, "              • item");
  g_assert_cmpstr (lines[19], ==, "              • item");
}

static void
test_html_attachment (void)
{
  g_autoptr(GBytes) data = bytes_from_string ("<p>An <b>HTML</b> attachment</p>");
  g_autofree char *text = extract_ok ("text/html", "letter.html", data);

  g_assert_cmpstr (text, ==, "An HTML attachment");
}

/* PDF */

static void
test_pdf_text (void)
{
  const char *pages[] = { "Submission on the SRO programme\nKeep it with changes.", NULL };
  g_autoptr(GBytes) pdf = make_pdf (pages, NULL);
  g_autofree char *text = extract_ok ("application/pdf", "submission.pdf", pdf);

  g_assert_cmpstr (text, ==, "Submission on the SRO programme\nKeep it with changes.");
}

static void
test_pdf_reflow (void)
{
  /* A paragraph wrapped to the page, as a word processor prints it, comes
   * back as one line; the short line that ends it stays a line end. */
  const char *pages[] = { "Hello,\n"
                          "The money would do more good if it paid for social workers and mental\n"
                          "health staff. The drills were run calmly by the staff we already had at\n"
                          "the school.\n"
                          "Thanks.", NULL };
  g_autoptr(GBytes) pdf = make_pdf (pages, NULL);
  g_autofree char *text = extract_ok ("application/pdf", "submission.pdf", pdf);

  g_assert_cmpstr (text, ==, "Hello,\n"
                             "The money would do more good if it paid for social workers and mental "
                             "health staff. The drills were run calmly by the staff we already had at "
                             "the school.\n"
                             "Thanks.");
}

static void
test_pdf_pages (void)
{
  const char *pages[] = { "Page one", "R\xe9vision page two", "Page three", NULL };
  g_autoptr(GBytes) pdf = make_pdf (pages, NULL);
  g_autofree char *text = extract_ok ("application/pdf", NULL, pdf);

  g_assert_cmpstr (text, ==, "Page one\n\nRévision page two\n\nPage three");
}

static void
test_pdf_damaged (void)
{
  g_autoptr(GBytes) data = bytes_from_string ("%PDF-1.4\nthis is not really a PDF at all\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = intake_extract_text ("application/pdf", "broken.pdf", data, &error);

  g_assert_null (text);
  g_assert_error (error, INTAKE_EXTRACT_ERROR, INTAKE_EXTRACT_ERROR_DAMAGED);
  g_assert_true (g_str_has_prefix (error->message, "The PDF could not be read: "));
}

static void
test_pdf_encrypted (void)
{
  const char *pages[] = { "Secret", NULL };
  /* Standard security handler, 40-bit RC4, with /U values no empty
   * user password can produce: it takes a password to open. */
  g_autoptr(GBytes) pdf = make_pdf (pages,
    "/Encrypt << /Filter /Standard /V 1 /R 2 /P -4"
    " /O <0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef>"
    " /U <fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210> >>"
    " /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] ");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = intake_extract_text ("application/pdf", "locked.pdf", pdf, &error);

  g_assert_null (text);
  g_assert_error (error, INTAKE_EXTRACT_ERROR, INTAKE_EXTRACT_ERROR_DAMAGED);
  g_assert_cmpstr (error->message, ==, "The PDF is protected by a password, so its text could not be read");
}

/* DOCX */

static void
test_docx_paragraphs (void)
{
  g_autoptr(GBytes) docx = make_docx (
    DOCX_START
    "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>"
    "<w:r><w:rPr><w:b/></w:rPr><w:t>Dear</w:t></w:r><w:r><w:t xml:space=\"preserve\"> reviewers,</w:t></w:r></w:p>"
    "<w:p><w:r><w:t>Name</w:t><w:tab/><w:t>Value</w:t></w:r></w:p>"
    "<w:p><w:r><w:t>Line one</w:t><w:br/><w:t>line two</w:t><w:cr/><w:t>line three</w:t></w:r></w:p>"
    "<w:p/><w:p/><w:p/>"
    "<w:p><w:del><w:r><w:delText>deleted words</w:delText></w:r></w:del>"
    "<w:moveFrom><w:r><w:t>moved away</w:t></w:r></w:moveFrom>"
    "<w:ins><w:r><w:t>Inserted</w:t></w:r></w:ins>"
    "<w:r><w:instrText> HYPERLINK \"http://example.invalid\" </w:instrText></w:r>"
    "<w:hyperlink><w:r><w:t xml:space=\"preserve\"> link text</w:t></w:r></w:hyperlink></w:p>"
    "<w:tbl><w:tblPr/><w:tr><w:tc><w:p><w:r><w:t>Cell A</w:t></w:r></w:p></w:tc>"
    "<w:tc><w:p><w:r><w:t>Cell B</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    "<w:p><w:r><w:t>Well</w:t><w:noBreakHyphen/><w:t>being</w:t></w:r></w:p>"
    "<w:sectPr><w:pgSz w:w=\"12240\"/></w:sectPr>"
    DOCX_END);
  g_autofree char *text = extract_ok (MIME_DOCX, "letter.docx", docx);

  g_assert_cmpstr (text, ==,
                   "Dear reviewers,\n"
                   "Name\tValue\n"
                   "Line one\nline two\nline three\n"
                   "\n"
                   "Inserted link text\n"
                   "Cell A\n"
                   "Cell B\n"
                   "Well-being");
}

static void
test_docx_namespaces (void)
{
  /* Prefixes are the author's choice; only the namespace URI counts. */
  g_autoptr(GBytes) docx = make_docx (
    "<?xml version=\"1.0\"?>"
    "<doc:document xmlns:doc=\"" W_NS "\" xmlns:w=\"urn:example:not-word\"><doc:body>"
    "<doc:p><doc:r><doc:t>Real text</doc:t></doc:r><w:t>Not Word</w:t></doc:p>"
    "<w:p><w:t>Another vocabulary</w:t></w:p>"
    "</doc:body></doc:document>");
  g_autofree char *text = extract_ok (MIME_DOCX, "letter.docx", docx);

  g_assert_cmpstr (text, ==, "Real text");
}

static void
test_docx_text_box_once (void)
{
  g_autoptr(GBytes) docx = make_docx (
    DOCX_START
    "<w:p xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\">"
    "<w:r><w:t>Body</w:t></w:r><w:r><mc:AlternateContent>"
    "<mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent><w:p><w:r><w:t>Box</w:t></w:r></w:p>"
    "</w:txbxContent></w:drawing></mc:Choice>"
    "<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Box</w:t></w:r></w:p>"
    "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    DOCX_END);
  g_autofree char *text = extract_ok (MIME_DOCX, "letter.docx", docx);

  g_assert_cmpstr (text, ==, "Body\nBox");
}

static void
test_docx_external_entity (void)
{
  g_autofree char *path = NULL;
  g_autofree char *uri = make_canary (&path);
  g_autofree char *xml = NULL;
  g_autoptr(GBytes) docx = NULL;
  g_autofree char *text = NULL;

  xml = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                         "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">"
                         "<!ENTITY c SYSTEM \"%s\">]>\n"
                         "<w:document xmlns:w=\"" W_NS "\"><w:body>"
                         "<w:p><w:r><w:t>before &e;&c; after</w:t></w:r></w:p>"
                         DOCX_END, uri);
  docx = make_docx (xml);
  text = extract_ok (MIME_DOCX, "letter.docx", docx);

  g_assert_null (strstr (text, "root:"));
  g_assert_null (strstr (text, CANARY));
  g_assert_cmpstr (text, ==, "before  after");

  g_unlink (path);
}

static void
test_docx_missing_document (void)
{
  g_autoptr(GBytes) zip = make_zip ("word/styles.xml", "<styles/>", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = intake_extract_text (MIME_DOCX, "letter.docx", zip, &error);

  g_assert_null (text);
  g_assert_error (error, INTAKE_EXTRACT_ERROR, INTAKE_EXTRACT_ERROR_DAMAGED);
  g_assert_cmpstr (error->message, ==, "The Word document has no text: word/document.xml is missing");
}

static void
test_docx_malformed_xml (void)
{
  g_autoptr(GBytes) docx = make_docx (DOCX_START "<w:p><w:r><w:t>Unclosed</w:r></w:p>" DOCX_END);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = intake_extract_text (MIME_DOCX, "letter.docx", docx, &error);

  g_assert_null (text);
  g_assert_error (error, INTAKE_EXTRACT_ERROR, INTAKE_EXTRACT_ERROR_DAMAGED);
  g_assert_true (g_str_has_prefix (error->message,
                                   "The Word document could not be read: its text is not well-formed XML (line 2: "));
}

static void
test_docx_too_large (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree guint8 *chunk = g_malloc0 (1024 * 1024);
  GsfOutput *sink = gsf_output_memory_new ();
  GsfOutfile *zip = gsf_outfile_zip_new (sink, &error);
  GsfOutfile *word;
  GsfOutput *member;
  g_autoptr(GBytes) bomb = NULL;

  g_assert_no_error (error);

  /* 64 MiB and one byte of spaces inflate from a few dozen kilobytes. */
  memset (chunk, ' ', 1024 * 1024);
  word = GSF_OUTFILE (gsf_outfile_new_child (zip, "word", TRUE));
  member = gsf_outfile_new_child (word, "document.xml", FALSE);
  for (guint i = 0; i < 64; i++)
    g_assert_true (gsf_output_write (member, 1024 * 1024, chunk));
  g_assert_true (gsf_output_write (member, 1, chunk));
  g_assert_true (gsf_output_close (member));
  g_assert_true (gsf_output_close (GSF_OUTPUT (word)));
  g_assert_true (gsf_output_close (GSF_OUTPUT (zip)));
  bomb = g_bytes_new (gsf_output_memory_get_bytes (GSF_OUTPUT_MEMORY (sink)), gsf_output_size (sink));
  g_object_unref (member);
  g_object_unref (word);
  g_object_unref (zip);
  g_object_unref (sink);

  g_assert_cmpuint (g_bytes_get_size (bomb), <, 1024 * 1024);

  text = intake_extract_text (MIME_DOCX, "bomb.docx", bomb, &error);
  g_assert_null (text);
  g_assert_error (error, INTAKE_EXTRACT_ERROR, INTAKE_EXTRACT_ERROR_DAMAGED);
  g_assert_true (g_str_has_prefix (error->message, "The Word document is too large to read"));
}

/* ODT */

static void
test_odt_paragraphs_and_spaces (void)
{
  g_autoptr(GBytes) odt = make_odt (
    ODT_START "\n"
    "  <text:h text:outline-level=\"1\">Submission</text:h>\n"
    "  <text:p>Three<text:s text:c=\"3\"/>spaces, one<text:s/>more,"
    " a<text:tab/>tab and a<text:line-break/>line break.</text:p>\n"
    "  <text:p>\n    Pretty   printed\n    text\n  </text:p>\n"
    "  <text:p>With <text:span text:style-name=\"T1\">a span</text:span> and"
    " <text:a xlink:href=\"http://example.invalid\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">a link</text:a>."
    "<office:annotation><dc:creator>Reviewer</dc:creator><text:p>A comment</text:p></office:annotation></text:p>\n"
    "  <text:p/>\n  <text:p/>\n"
    "  <text:list><text:list-item><text:p>Listed</text:p></text:list-item></text:list>\n"
    ODT_END);
  g_autofree char *text = extract_ok (MIME_ODT, "letter.odt", odt);

  g_assert_cmpstr (text, ==,
                   "Submission\n"
                   "Three   spaces, one more, a\ttab and a\nline break.\n"
                   "Pretty printed text\n"
                   "With a span and a link.\n"
                   "\n"
                   "Listed");
}

static void
test_odt_missing_content (void)
{
  g_autoptr(GBytes) zip = make_zip ("mimetype", MIME_ODT, "styles.xml", "<styles/>", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = intake_extract_text (MIME_ODT, "letter.odt", zip, &error);

  g_assert_null (text);
  g_assert_error (error, INTAKE_EXTRACT_ERROR, INTAKE_EXTRACT_ERROR_DAMAGED);
  g_assert_cmpstr (error->message, ==, "The OpenDocument text has no text: content.xml is missing");
}

static void
test_odt_space_bomb (void)
{
  g_autoptr(GString) xml = g_string_new (ODT_START "<text:p>");
  g_autoptr(GBytes) odt = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < 10000; i++)
    g_string_append (xml, "<text:s text:c=\"1024\"/>");
  g_string_append (xml, "x</text:p>" ODT_END);

  odt = make_odt (xml->str);
  text = extract_ok (MIME_ODT, "bomb.odt", odt);

  /* Ten million spaces asked for; no more than the XML's own size given. */
  g_assert_true (g_str_has_suffix (text, " x"));
  g_assert_cmpuint (strlen (text), <=, xml->len + 1);
  g_assert_cmpuint (strlen (text), >, 100000);
}

/* Plain text */

static void
test_txt_utf8 (void)
{
  g_autoptr(GBytes) data = bytes_from_string ("\xef\xbb\xbf" "Caf\xc3\xa9 \xe2\x80\x94 ok\r\nLine 2\rLine 3\n");
  g_autofree char *text = extract_ok ("text/plain", "notes.txt", data);

  g_assert_cmpstr (text, ==, "Café — ok\nLine 2\nLine 3\n");
}

static void
test_txt_windows_1252 (void)
{
  g_autoptr(GBytes) data = bytes_from_string ("\x93Smart\x94 caf\xe9 \x80 5 \x81 end");
  g_autofree char *text = extract_ok ("text/plain", "notes.txt", data);

  g_assert_cmpstr (text, ==, "“Smart” café € 5 \xef\xbf\xbd end");
}

static void
test_txt_utf16_bom (void)
{
  const char le[] = "\xff\xfe" "H\0i\0 \0\xe9\0\r\0\n\0\x03\x26";
  const char be[] = "\xfe\xff" "\0H\0i";
  g_autoptr(GBytes) le_data = bytes_from (le, sizeof le - 1);
  g_autoptr(GBytes) be_data = bytes_from (be, sizeof be - 1);
  g_autofree char *le_text = extract_ok ("text/plain", "notes.txt", le_data);
  g_autofree char *be_text = extract_ok ("text/plain", "notes.txt", be_data);

  g_assert_cmpstr (le_text, ==, "Hi é\n☃");
  g_assert_cmpstr (be_text, ==, "Hi");
}

static void
test_txt_nuls_removed (void)
{
  const char data[] = "Null\0 bytes\0\0 gone";
  g_autoptr(GBytes) bytes = bytes_from (data, sizeof data - 1);
  g_autofree char *text = extract_ok ("text/plain", "notes.txt", bytes);

  g_assert_cmpstr (text, ==, "Null bytes gone");
}

/* Types */

static void
test_is_supported (void)
{
  g_assert_true (intake_extract_is_supported ("text/plain", NULL));
  g_assert_true (intake_extract_is_supported ("text/html", NULL));
  g_assert_true (intake_extract_is_supported ("application/xhtml+xml", NULL));
  g_assert_true (intake_extract_is_supported ("application/pdf", NULL));
  g_assert_true (intake_extract_is_supported (MIME_DOCX, NULL));
  g_assert_true (intake_extract_is_supported (MIME_ODT, NULL));
  g_assert_true (intake_extract_is_supported ("Text/HTML; charset=utf-8", NULL));

  g_assert_false (intake_extract_is_supported ("image/png", NULL));
  g_assert_false (intake_extract_is_supported ("application/msword", "old.doc"));
  /* A specific type is believed over the name. */
  g_assert_false (intake_extract_is_supported ("image/png", "photo.pdf"));
  g_assert_false (intake_extract_is_supported (NULL, NULL));
}

static void
test_unsupported (void)
{
  g_autoptr(GBytes) data = bytes_from_string ("\x89PNG\r\n\x1a\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = intake_extract_text ("image/png", "photo.png", data, &error);

  g_assert_null (text);
  g_assert_error (error, INTAKE_EXTRACT_ERROR, INTAKE_EXTRACT_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "photo.png"));
}

static void
test_octet_stream_by_extension (void)
{
  const char *pages[] = { "From a PDF", NULL };
  g_autoptr(GBytes) pdf = make_pdf (pages, NULL);
  g_autoptr(GBytes) docx = make_docx (DOCX_START "<w:p><w:r><w:t>From a DOCX</w:t></w:r></w:p>" DOCX_END);
  g_autoptr(GBytes) txt = bytes_from_string ("From a text file");
  g_autofree char *pdf_text = NULL;
  g_autofree char *docx_text = NULL;
  g_autofree char *txt_text = NULL;

  g_assert_true (intake_extract_is_supported ("application/octet-stream", "Submission.PDF"));
  g_assert_true (intake_extract_is_supported ("application/octet-stream", "letter.Docx"));
  g_assert_true (intake_extract_is_supported ("application/octet-stream", "letter.odt"));
  g_assert_true (intake_extract_is_supported ("application/octet-stream", "page.htm"));
  g_assert_true (intake_extract_is_supported (NULL, "notes.TXT"));
  g_assert_false (intake_extract_is_supported ("application/octet-stream", "program.exe"));
  g_assert_false (intake_extract_is_supported ("application/octet-stream", "pdf"));
  g_assert_false (intake_extract_is_supported ("application/octet-stream", NULL));

  pdf_text = extract_ok ("application/octet-stream", "Submission.PDF", pdf);
  docx_text = extract_ok ("application/octet-stream", "letter.DOCX", docx);
  txt_text = extract_ok ("application/octet-stream", "notes.text", txt);

  g_assert_cmpstr (pdf_text, ==, "From a PDF");
  g_assert_cmpstr (docx_text, ==, "From a DOCX");
  g_assert_cmpstr (txt_text, ==, "From a text file");
}

static void
test_octet_stream_sniffed (void)
{
  const char *pages[] = { "Sniffed PDF", NULL };
  g_autoptr(GBytes) pdf = make_pdf (pages, NULL);
  g_autoptr(GBytes) docx = make_docx (DOCX_START "<w:p><w:r><w:t>Sniffed DOCX</w:t></w:r></w:p>" DOCX_END);
  g_autoptr(GBytes) odt = make_odt (ODT_START "<text:p>Sniffed ODT</text:p>" ODT_END);
  g_autoptr(GBytes) other = bytes_from_string ("Just some bytes");
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf_text = extract_ok ("application/octet-stream", "attachment", pdf);
  g_autofree char *docx_text = extract_ok ("application/octet-stream", NULL, docx);
  g_autofree char *odt_text = extract_ok (NULL, NULL, odt);
  g_autofree char *other_text = intake_extract_text ("application/octet-stream", "blob", other, &error);

  g_assert_cmpstr (pdf_text, ==, "Sniffed PDF");
  g_assert_cmpstr (docx_text, ==, "Sniffed DOCX");
  g_assert_cmpstr (odt_text, ==, "Sniffed ODT");
  g_assert_null (other_text);
  g_assert_error (error, INTAKE_EXTRACT_ERROR, INTAKE_EXTRACT_ERROR_UNSUPPORTED);
}

typedef enum
{
  ZIP_LOCAL_HEADERS = 1 << 0,
  ZIP_CENTRAL_DIRECTORY = 1 << 1,
} ZipHeaders;

static guint
get_le (const guint8 *p,
        guint         n_bytes)
{
  guint value = 0;

  for (guint i = n_bytes; i > 0; i--)
    value = (value << 8) | p[i - 1];

  return value;
}

static void
put_le16 (guint8  *p,
          guint16  value)
{
  p[0] = value & 0xff;
  p[1] = value >> 8;
}

/* A copy of the archive @zip with every member's MS-DOS time and date set to
 * @dos_time and @dos_date in @headers, found through the central directory. */
static GBytes *
zip_with_dates (GBytes     *zip,
                ZipHeaders  headers,
                guint16     dos_time,
                guint16     dos_date)
{
  gsize len;
  guint8 *data = g_bytes_unref_to_data (g_bytes_ref (zip), &len);
  gsize trailer = len - 22;
  guint n_entries;
  gsize offset;

  while (get_le (data + trailer, 4) != 0x06054b50)
    {
      g_assert_cmpuint (trailer, >, 0);
      trailer--;
    }
  n_entries = get_le (data + trailer + 10, 2);
  offset = get_le (data + trailer + 16, 4);
  g_assert_cmpuint (n_entries, >, 0);

  for (guint i = 0; i < n_entries; i++)
    {
      gsize local = get_le (data + offset + 42, 4);

      g_assert_cmphex (get_le (data + offset, 4), ==, 0x02014b50);
      g_assert_cmphex (get_le (data + local, 4), ==, 0x04034b50);

      if (headers & ZIP_CENTRAL_DIRECTORY)
        {
          put_le16 (data + offset + 12, dos_time);
          put_le16 (data + offset + 14, dos_date);
        }
      if (headers & ZIP_LOCAL_HEADERS)
        {
          put_le16 (data + local + 10, dos_time);
          put_le16 (data + local + 12, dos_date);
        }

      offset += 46 + get_le (data + offset + 28, 2) + get_le (data + offset + 30, 2) +
                get_le (data + offset + 32, 2);
    }

  return g_bytes_new_take (data, len);
}

#define DOS_DATE(y, m, d) ((guint16) ((((y) - 1980) << 9) | ((m) << 5) | (d)))
#define DOS_TIME(h, m, s) ((guint16) (((h) << 11) | ((m) << 5) | ((s) / 2)))

/* libgsf once turned these into a NULL GDateTime and unreffed it: a
 * GLib-CRITICAL, which g_test_init() makes fatal as G_DEBUG=fatal-criticals
 * does. The dates mean nothing to the text. */
static void
test_zip_invalid_dates (void)
{
  const struct
  {
    const char *label;
    guint16     time;
    guint16     date;
  } dates[] = {
    { "month 0", DOS_TIME (10, 30, 0), DOS_DATE (2021, 0, 15) },
    { "month 13", DOS_TIME (10, 30, 0), DOS_DATE (2021, 13, 15) },
    { "month 15", DOS_TIME (10, 30, 0), DOS_DATE (2021, 15, 15) },
    { "day 0", DOS_TIME (10, 30, 0), DOS_DATE (2021, 4, 0) },
    { "30 February", DOS_TIME (10, 30, 0), DOS_DATE (2021, 2, 30) },
    { "date all zero, time set", DOS_TIME (10, 30, 0), 0 },
    { "minute 61", DOS_TIME (10, 61, 0), DOS_DATE (2021, 4, 19) },
    { "second 62", DOS_TIME (10, 30, 62), DOS_DATE (2021, 4, 19) },
    { "hour 25", DOS_TIME (25, 30, 0), DOS_DATE (2021, 4, 19) },
    { "all bits set", 0xffff, 0xffff },
    { "all zero", 0, 0 },
    { "valid", DOS_TIME (14, 0, 0), DOS_DATE (2021, 4, 19) },
  };
  const ZipHeaders where[] = {
    ZIP_LOCAL_HEADERS, ZIP_CENTRAL_DIRECTORY, ZIP_LOCAL_HEADERS | ZIP_CENTRAL_DIRECTORY,
  };
  g_autoptr(GBytes) docx = make_docx (DOCX_START "<w:p><w:r><w:t>Dated in no calendar</w:t></w:r></w:p>" DOCX_END);
  g_autoptr(GBytes) odt = make_odt (ODT_START "<text:p>Dated in no calendar</text:p>" ODT_END);

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    for (guint j = 0; j < G_N_ELEMENTS (where); j++)
      {
        g_autoptr(GBytes) bad_docx = zip_with_dates (docx, where[j], dates[i].time, dates[i].date);
        g_autoptr(GBytes) bad_odt = zip_with_dates (odt, where[j], dates[i].time, dates[i].date);
        g_autofree char *docx_text = NULL;
        g_autofree char *odt_text = NULL;
        g_autofree char *sniffed_docx = NULL;
        g_autofree char *sniffed_odt = NULL;

        g_test_message ("%s, headers %u", dates[i].label, where[j]);
        g_assert_false (g_bytes_equal (bad_docx, docx));

        docx_text = extract_ok (MIME_DOCX, "letter.docx", bad_docx);
        odt_text = extract_ok (MIME_ODT, "letter.odt", bad_odt);
        /* Sniffing opens the archive too. */
        sniffed_docx = extract_ok ("application/octet-stream", NULL, bad_docx);
        sniffed_odt = extract_ok ("application/octet-stream", NULL, bad_odt);

        g_assert_cmpstr (docx_text, ==, "Dated in no calendar");
        g_assert_cmpstr (odt_text, ==, "Dated in no calendar");
        g_assert_cmpstr (sniffed_docx, ==, "Dated in no calendar");
        g_assert_cmpstr (sniffed_odt, ==, "Dated in no calendar");
      }
}

static void
test_zip_damaged (void)
{
  g_autoptr(GBytes) docx = make_docx (DOCX_START "<w:p><w:r><w:t>Whole</w:t></w:r></w:p>" DOCX_END);
  g_autoptr(GBytes) garbage = bytes_from_string ("PK\003\004 this is not a zip archive, only its first bytes");
  g_autoptr(GBytes) truncated = g_bytes_new_from_bytes (docx, 0, g_bytes_get_size (docx) / 2);
  GBytes *cases[] = { garbage, truncated };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = intake_extract_text (MIME_DOCX, "letter.docx", cases[i], &error);

      g_assert_null (text);
      g_assert_error (error, INTAKE_EXTRACT_ERROR, INTAKE_EXTRACT_ERROR_DAMAGED);
      g_assert_true (g_str_has_prefix (error->message,
                                       "The Word document could not be opened: it is not a valid DOCX file"));
    }

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *text = intake_extract_text (MIME_ODT, "letter.odt", garbage, &error);

    g_assert_null (text);
    g_assert_error (error, INTAKE_EXTRACT_ERROR, INTAKE_EXTRACT_ERROR_DAMAGED);
    g_assert_true (g_str_has_prefix (error->message,
                                     "The OpenDocument text could not be opened: it is not a valid ODT file"));
  }
}

/* Text cuts */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* Charset names are resolved through GMime's tables. */
  g_mime_init ();

  g_test_add_func ("/extract/html/script-dropped", test_html_script_dropped);
  g_test_add_func ("/extract/html/entities", test_html_entities);
  g_test_add_func ("/extract/html/paragraphs", test_html_paragraphs);
  g_test_add_func ("/extract/html/whitespace", test_html_whitespace);
  g_test_add_func ("/extract/html/line-breaks", test_html_line_breaks);
  g_test_add_func ("/extract/html/lists", test_html_lists);
  g_test_add_func ("/extract/html/pre", test_html_pre);
  g_test_add_func ("/extract/html/table", test_html_table);
  g_test_add_func ("/extract/html/no-remote-images", test_html_no_remote_images);
  g_test_add_func ("/extract/html/meta-charset-latin1", test_html_meta_charset_latin1);
  g_test_add_func ("/extract/html/meta-http-equiv-charset", test_html_meta_http_equiv_charset);
  g_test_add_func ("/extract/html/declared-charset-wins", test_html_declared_charset_wins);
  g_test_add_func ("/extract/html/undeclared-windows-1252", test_html_undeclared_windows_1252);
  g_test_add_func ("/extract/html/utf8", test_html_utf8);
  g_test_add_func ("/extract/html/external-entity-not-loaded", test_html_external_entity_not_loaded);
  g_test_add_func ("/extract/html/hidden", test_html_hidden);
  g_test_add_func ("/extract/html/deep-nesting", test_html_deep_nesting);
  g_test_add_func ("/extract/html/deep-lists", test_html_deep_lists);
  g_test_add_func ("/extract/html/attachment", test_html_attachment);
  g_test_add_func ("/extract/pdf/text", test_pdf_text);
  g_test_add_func ("/extract/pdf/reflow", test_pdf_reflow);
  g_test_add_func ("/extract/pdf/pages", test_pdf_pages);
  g_test_add_func ("/extract/pdf/damaged", test_pdf_damaged);
  g_test_add_func ("/extract/pdf/encrypted", test_pdf_encrypted);
  g_test_add_func ("/extract/docx/paragraphs", test_docx_paragraphs);
  g_test_add_func ("/extract/docx/namespaces", test_docx_namespaces);
  g_test_add_func ("/extract/docx/text-box-once", test_docx_text_box_once);
  g_test_add_func ("/extract/docx/external-entity", test_docx_external_entity);
  g_test_add_func ("/extract/docx/missing-document", test_docx_missing_document);
  g_test_add_func ("/extract/docx/malformed-xml", test_docx_malformed_xml);
  g_test_add_func ("/extract/docx/too-large", test_docx_too_large);
  g_test_add_func ("/extract/odt/paragraphs-and-spaces", test_odt_paragraphs_and_spaces);
  g_test_add_func ("/extract/odt/missing-content", test_odt_missing_content);
  g_test_add_func ("/extract/odt/space-bomb", test_odt_space_bomb);
  g_test_add_func ("/extract/txt/utf8", test_txt_utf8);
  g_test_add_func ("/extract/txt/windows-1252", test_txt_windows_1252);
  g_test_add_func ("/extract/txt/utf16-bom", test_txt_utf16_bom);
  g_test_add_func ("/extract/txt/nuls-removed", test_txt_nuls_removed);
  g_test_add_func ("/extract/is-supported", test_is_supported);
  g_test_add_func ("/extract/unsupported", test_unsupported);
  g_test_add_func ("/extract/octet-stream-by-extension", test_octet_stream_by_extension);
  g_test_add_func ("/extract/octet-stream-sniffed", test_octet_stream_sniffed);
  g_test_add_func ("/extract/zip-damaged", test_zip_damaged);
  g_test_add_func ("/extract/zip-invalid-dates", test_zip_invalid_dates);

  return g_test_run ();
}
