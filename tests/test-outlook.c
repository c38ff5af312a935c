#define G_LOG_DOMAIN "test-outlook"

#include "config.h"

#include <glib/gstdio.h>
#include <gmime/gmime.h>
#include <gsf/gsf.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "intake-importer.h"
#include "intake-mapi.h"
#include "intake-message.h"
#include "intake-outlook.h"
#include "intake-submission.h"

/* libgsf 1.14 declares no cleanup functions of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfOutput, g_object_unref)

/* The worked example of MS-OXRTFCP 4.1. */
static const guint8 spec_compressed[] = {
  0x2d, 0x00, 0x00, 0x00, 0x2b, 0x00, 0x00, 0x00, 0x4c, 0x5a, 0x46, 0x75, 0xf1, 0xc5, 0xc7, 0xa7,
  0x03, 0x00, 0x0a, 0x00, 0x72, 0x63, 0x70, 0x67, 0x31, 0x32, 0x35, 0x42, 0x32, 0x0a, 0xf3, 0x20,
  0x68, 0x65, 0x6c, 0x09, 0x00, 0x20, 0x62, 0x77, 0x05, 0xb0, 0x6c, 0x64, 0x7d, 0x0a, 0x80, 0x0f,
  0xa0,
};
static const char spec_expected[] = "{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n";

static void
test_rtf_spec_example (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) rtf = NULL;
  gsize len;
  const char *data;

  rtf = intake_mapi_decompress_rtf (spec_compressed, sizeof spec_compressed, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rtf);
  data = g_bytes_get_data (rtf, &len);
  g_assert_cmpmem (data, len, spec_expected, strlen (spec_expected));
}

static void
test_rtf_damaged (void)
{
  guint8 damaged[sizeof spec_compressed];
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) rtf = NULL;

  /* A flipped byte fails the checksum. */
  memcpy (damaged, spec_compressed, sizeof damaged);
  damaged[20] ^= 0x40;
  rtf = intake_mapi_decompress_rtf (damaged, sizeof damaged, &error);
  g_assert_error (error, INTAKE_MAPI_ERROR, INTAKE_MAPI_ERROR_CORRUPT);
  g_assert_null (rtf);
  g_clear_error (&error);

  /* Cut inside the header. */
  rtf = intake_mapi_decompress_rtf (spec_compressed, 10, &error);
  g_assert_error (error, INTAKE_MAPI_ERROR, INTAKE_MAPI_ERROR_CORRUPT);
  g_assert_null (rtf);
  g_clear_error (&error);

  /* An unknown compression type. */
  memcpy (damaged, spec_compressed, sizeof damaged);
  damaged[8] = 'X';
  rtf = intake_mapi_decompress_rtf (damaged, sizeof damaged, &error);
  g_assert_error (error, INTAKE_MAPI_ERROR, INTAKE_MAPI_ERROR_CORRUPT);
  g_assert_null (rtf);
}

static void
test_rtf_uncompressed (void)
{
  static const guint8 stored[] = {
    0x13, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x4d, 0x45, 0x4c, 0x41, 0x00, 0x00, 0x00, 0x00,
    '{', 'x', '}',
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) rtf = NULL;
  gsize len;
  const char *data;

  rtf = intake_mapi_decompress_rtf (stored, sizeof stored, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (rtf, &len);
  g_assert_cmpmem (data, len, "{x}", 3);
}

/* ---- RTF that carries HTML or text (MS-OXRTFEX) ----------------------- */

static void
test_rtf_deencapsulate_html (void)
{
  static const char rtf[] =
    "{\\rtf1\\ansi\\ansicpg1252\\fromhtml1 \\deff0{\\fonttbl{\\f0\\fswiss Arial;}}\r\n"
    "{\\*\\htmltag19 <html>}{\\*\\htmltag34 <head>}{\\*\\htmltag41 </head>}{\\*\\htmltag50 <body>}"
    "\\htmlrtf \\lang1033 \\htmlrtf0 \r\n"
    "{\\*\\htmltag64 <p>}\\htmlrtf {\\htmlrtf0 Caf\\'e9 \\u8364?ok\\htmlrtf\\par}\\htmlrtf0 "
    "{\\*\\htmltag72 </p>}{\\*\\mhtmltag84 <img src=\"cid:x\">}{\\*\\htmltag58 </body>}{\\*\\htmltag27 </html>}}";
  gboolean is_html = FALSE;
  g_autofree char *html = intake_rtf_body (rtf, strlen (rtf), &is_html);

  g_assert_true (is_html);
  g_assert_cmpstr (html, ==, "<html><head></head><body><p>Café €ok</p></body></html>");
}

static void
test_rtf_deencapsulate_text (void)
{
  static const char rtf[] = "{\\rtf1\\ansi\\fromtext {\\fonttbl{\\f0 Arial;}}Line one\\par Line \\'93two\\'94}";
  gboolean is_html = TRUE;
  g_autofree char *text = intake_rtf_body (rtf, strlen (rtf), &is_html);

  g_assert_false (is_html);
  g_assert_cmpstr (text, ==, "Line one\r\nLine “two”");
}

static void
test_rtf_not_encapsulated (void)
{
  static const char native[] = "{\\rtf1\\ansi\\ansicpg1252\\pard hello world}";
  static const char later[] = "{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\pard \\fromhtml1 hello}";
  gboolean is_html = TRUE;
  g_autofree char *text = intake_rtf_body (native, strlen (native), &is_html);
  g_autofree char *late = NULL;

  /* Rich text of its own is text. The marker counts only in the header. */
  g_assert_false (is_html);
  g_assert_cmpstr (text, ==, "hello world");
  is_html = TRUE;
  late = intake_rtf_body (later, strlen (later), &is_html);
  g_assert_false (is_html);
  g_assert_cmpstr (late, ==, "hello");
  g_assert_null (intake_rtf_body ("not rtf", 7, NULL));
  g_assert_null (intake_rtf_body ("{\\rtf", 5, NULL));
}

/* ---- Rich text of its own (RTF 1.9.1) ----------------------------------- */

static char *
rtf_text (const char *rtf)
{
  gboolean is_html = TRUE;
  char *text = intake_rtf_body (rtf, strlen (rtf), &is_html);

  g_assert_false (is_html);
  g_assert_nonnull (text);
  g_assert_true (g_utf8_validate (text, -1, NULL));

  return text;
}

static void
test_rtf_breaks (void)
{
  /* As Outlook writes rich-text mail: tables, a generator, then the text. */
  g_autofree char *text = rtf_text (
    "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss\\fcharset0 Arial;}}\r\n"
    "{\\colortbl ;\\red0\\green0\\blue255;}{\\*\\generator Riched20 10.0.19041}\\viewkind4\\uc1\r\n"
    "\\pard\\f0\\fs20 Dear panel,\\par\r\nOne\\line two\\tab three\\sect four\\page five\\\r\nsix\\par\r\n}");

  g_assert_cmpstr (text, ==, "Dear panel,\r\nOne\r\ntwo\tthree\r\nfour\r\nfive\r\nsix\r\n");
}

static void
test_rtf_code_pages (void)
{
  g_autofree char *doc = NULL;
  g_autofree char *fonts = NULL;
  g_autofree char *cpg = NULL;

  /* \'hh in the document's \ansicpg */
  doc = rtf_text ("{\\rtf1\\ansi\\ansicpg1251\\deff0{\\fonttbl{\\f0\\fnil\\fcharset0 Calibri;}}"
                  "\\pard \\'cf\\'f0\\'e8\\'e2\\'e5\\'f2!\\par}");
  g_assert_cmpstr (doc, ==, "Привет!\r\n");

  /* …and in the code page of the current font's \fcharset, in its group only;
   * Shift_JIS takes two bytes a character, one of them a brace's. */
  fonts = rtf_text ("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\froman\\fcharset0 Times;}"
                    "{\\f1\\fswiss\\fcharset204 Arial;}{\\f2\\fnil\\fcharset128 MS Gothic;}}"
                    "\\pard Caf\\'e9 {\\f1 \\'cf\\'f0\\'e8}\\'e9 {\\f2 \\'93\\'fa\\'96\\'7b} \\f1\\'e4\\plain\\'e4}");
  g_assert_cmpstr (fonts, ==, "Café Приé 日本 дä");

  /* \cpgN names a font's code page outright. */
  cpg = rtf_text ("{\\rtf1\\ansi{\\fonttbl{\\f3\\fcharset0\\cpg1253 Greek;}}\\f3 \\'e1\\'e2}");
  g_assert_cmpstr (cpg, ==, "αβ");
}

static void
test_rtf_fcharsets (void)
{
  static const struct { int fcharset; const char *bytes; const char *expected; } cases[] = {
    { 128, "\\'93\\'fa", "日" },   /* 932 */
    { 134, "\\'d6\\'d0", "中" },   /* 936 */
    { 161, "\\'e1", "α" },         /* 1253 */
    { 162, "\\'fd", "ı" },         /* 1254 */
    { 177, "\\'e0", "א" },         /* 1255 */
    { 178, "\\'c7", "ا" },         /* 1256 */
    { 186, "\\'e0", "ą" },         /* 1257 */
    { 204, "\\'e4", "д" },         /* 1251 */
    { 238, "\\'9a", "š" },         /* 1250 */
    { 222, "\\'a1", "ก" },         /* 874 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *rtf = g_strdup_printf ("{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0 Arial;}"
                                              "{\\f7\\fcharset%d X;}}\\f7 %s}",
                                              cases[i].fcharset, cases[i].bytes);
      g_autofree char *text = rtf_text (rtf);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_rtf_unicode (void)
{
  g_autofree char *text = NULL;

  /* \uN, its fallback of \ucN characters skipped: one by default, none
   * after \uc0, two (a DBCS pair) after \uc2; \ucN holds in its group. */
  text = rtf_text ("{\\rtf1\\ansi A\\u8364?B\\u8364\\'80C{\\uc0 \\u8364 D}\\u8364?"
                   "{\\uc2\\u20320\\'c4\\'e3E}\\u-3913?F\\u-10179?\\u-8704?G\\u-10179?H}");
  g_assert_cmpstr (text, ==, "A€B€C€D€你E\xef\x82\xb7" "F😀G\xef\xbf\xbdH");
}

static void
test_rtf_symbols (void)
{
  g_autofree char *text = rtf_text ("{\\rtf1 a\\~b\\_c\\-d\\\\e\\{f\\}g\\lquote h\\rquote\\emdash i\\bullet}");

  g_assert_cmpstr (text, ==, "a\xc2\xa0" "b\xe2\x80\x91" "cd\\e{f}g‘h’—i•");
}

static void
test_rtf_destinations (void)
{
  g_autofree char *text = rtf_text (
    "{\\rtf1\\ansi{\\info{\\title Title}{\\author Author}}{\\stylesheet{\\s0 Normal;}}"
    "{\\*\\unknown words}{\\header Header}{\\footer Footer}{\\footnote Note}"
    "{\\*\\bkmkstart mark}{\\pict\\pngblip\\picw10 89504e470d0a}"
    "{\\object\\objemb{\\*\\objclass Word.Document}{\\*\\objdata 0102abcdef}{\\result Shown}}"
    "{\\pict\\bin4 {}\\\\x}After\\par}");

  /* An object's \result stands for it; \bin data is bytes, braces and all. */
  g_assert_cmpstr (text, ==, "ShownAfter\r\n");
}

static void
test_rtf_fields (void)
{
  g_autofree char *text = rtf_text (
    "{\\rtf1 See {\\field{\\*\\fldinst{HYPERLINK \"https://example.org/a\"}}{\\fldrslt{\\ul\\cf1 our site}}}"
    " on page {\\field{\\fldinst PAGE}{\\fldrslt 3}}.}");

  g_assert_cmpstr (text, ==, "See our site on page 3.");
}

static void
test_rtf_table (void)
{
  g_autofree char *text = rtf_text (
    "{\\rtf1\\pard Before\\par"
    "\\trowd\\trgaph108\\cellx1000\\cellx2000\\pard\\intbl Name\\cell Board\\cell\\row"
    "\\trowd\\cellx1000\\cellx2000\\pard\\intbl Ana\\cell CBE\\cell\\row"
    "\\pard After}");

  g_assert_cmpstr (text, ==, "Before\r\nName\tBoard\r\nAna\tCBE\r\nAfter");
}

/* @len bytes of @rtf, ending where the page that holds them does: a read
 * past their end is a crash, not a silent mistake. */
static char *
rtf_at_page_end (const char *rtf,
                 gsize       len,
                 guint8    **map,
                 gsize      *map_len)
{
  gsize page = sysconf (_SC_PAGESIZE);
  gsize pages = (len + page - 1) / page + 1;
  guint8 *area = mmap (NULL, pages * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char *start;

  g_assert_true (area != MAP_FAILED);
  g_assert_cmpint (mprotect (area + (pages - 1) * page, page, PROT_NONE), ==, 0);
  start = (char *) area + (pages - 1) * page - len;
  memcpy (start, rtf, len);
  *map = area;
  *map_len = pages * page;

  return start;
}

static void
test_rtf_truncated (void)
{
  static const char rtf[] =
    "{\\rtf1\\ansi\\ansicpg1251\\deff0{\\fonttbl{\\f0\\fcharset204 Arial;}{\\f1\\fcharset128 Gothic;}}"
    "{\\*\\generator x;}\\uc1\\pard \\'cf\\'f0\\u8364?{\\f1 \\'93\\'fa}{\\field{\\*\\fldinst HYPERLINK \"x\"}"
    "{\\fldrslt link}}\\trowd\\cellx10 a\\cell\\row\\u-10179?\\u-8704?\\bin4 \\\\{}x\\par}";
  gsize full = strlen (rtf);

  /* Every cut: no crash, no read past the end, valid UTF-8 */
  for (gsize len = 0; len <= full; len++)
    {
      guint8 *map;
      gsize map_len;
      const char *cut = rtf_at_page_end (rtf, len, &map, &map_len);
      g_autofree char *text = intake_rtf_body (cut, len, NULL);

      if (len < 6)
        g_assert_null (text);
      else
        {
          g_assert_nonnull (text);
          g_assert_true (g_utf8_validate (text, -1, NULL));
        }
      munmap (map, map_len);
    }

  /* Unbalanced braces and half control words */
  {
    g_autofree char *open = rtf_text ("{\\rtf1 a{b{c");
    g_autofree char *closed = rtf_text ("{\\rtf1 a}}}b");
    g_autofree char *hex = rtf_text ("{\\rtf1 a\\'4");
    g_autofree char *bad_hex = rtf_text ("{\\rtf1 a\\'zzb}");
    g_autofree char *u = rtf_text ("{\\rtf1 a\\u");
    g_autofree char *bin = rtf_text ("{\\rtf1 x\\bin99999 abc");
    g_autofree char *nul = NULL;
    g_autoptr(GString) deep = g_string_new ("{\\rtf1 a");

    g_assert_cmpstr (open, ==, "abc");
    g_assert_cmpstr (closed, ==, "a");
    g_assert_cmpstr (hex, ==, "a");
    g_assert_cmpstr (bad_hex, ==, "azzb");
    g_assert_cmpstr (u, ==, "a");
    g_assert_cmpstr (bin, ==, "x");

    nul = intake_rtf_body ("{\\rtf1 a\0b\\'00c}", 16, NULL);
    g_assert_cmpstr (nul, ==, "abc");

    for (guint i = 0; i < 5000; i++)
      g_string_append_c (deep, '{');
    g_string_append (deep, "b");
    {
      g_autofree char *text = rtf_text (deep->str);

      g_assert_true (g_str_has_prefix (text, "a"));
    }
  }
}

static void
test_skip_reasons (void)
{
  const char *messages[] = { NULL, "", "IPM", "IPM.Note", "IPM.Note.SMIME.MultipartSigned", "ipm.note" };
  const char *others[] = { "IPM.Contact", "IPM.StickyNote", "IPM.Appointment", "IPM.Schedule.Meeting.Request",
                           "IPM.Task", "IPM.DistList", "IPM.Activity", "REPORT.IPM.Note.NDR", "IPM.Post",
                           "IPM.Document.Word.Document.8" };

  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    g_assert_null (intake_outlook_skip_reason (messages[i]));

  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autofree char *reason = intake_outlook_skip_reason (others[i]);

      g_assert_nonnull (reason);
      g_assert_cmpstr (reason, !=, "");
    }

  {
    g_autofree char *contact = intake_outlook_skip_reason ("IPM.Contact");
    g_autofree char *note = intake_outlook_skip_reason ("IPM.StickyNote");
    g_autofree char *other = intake_outlook_skip_reason ("IPM.Document.Word.Document.8");

    g_assert_nonnull (strstr (contact, "contact"));
    g_assert_nonnull (strstr (note, "note"));
    g_assert_nonnull (strstr (other, "IPM.Document.Word.Document.8"));
  }
}

/* ---- Helpers ---------------------------------------------------------- */

typedef struct
{
  char *dir;
} TmpDir;

static void
tmp_set_up (TmpDir        *tmp,
            gconstpointer  data)
{
  tmp->dir = g_dir_make_tmp ("intake-outlook-XXXXXX", NULL);
  g_assert_nonnull (tmp->dir);
}

static void
tmp_tear_down (TmpDir        *tmp,
               gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (tmp->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (tmp->dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (tmp->dir);
  g_free (tmp->dir);
}

/* A file of the Outlook samples, or NULL with the test skipped; its path
 * as the importer records it, without "..". */
static char *
corpus_file (const char *name)
{
  const char *shared = g_getenv ("INTAKE_SHARED_DIR");
  g_autofree char *path = NULL;

  if (shared == NULL)
    {
      g_test_skip ("INTAKE_SHARED_DIR is not set");
      return NULL;
    }

  {
    g_autofree char *built = g_build_filename (shared, "corpus", "outlook", name, NULL);

    path = g_canonicalize_filename (built, NULL);
  }
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("The Outlook samples are not in INTAKE_SHARED_DIR/corpus/outlook");
      return NULL;
    }

  return g_steal_pointer (&path);
}

/* A .msg file as the message path reads it. */
static IntakeParsedMessage *
parse_msg_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, &error);
  g_autoptr(GBytes) data = NULL;
  g_autoptr(IntakeMapiBag) bag = NULL;
  g_autoptr(GBytes) mime = NULL;
  IntakeParsedMessage *parsed;
  gsize len;
  const char *raw;

  g_assert_no_error (error);
  data = g_mapped_file_get_bytes (mapped);
  bag = intake_outlook_msg_open (data, &error);
  g_assert_no_error (error);
  mime = intake_outlook_to_mime (bag, &error);
  g_assert_no_error (error);

  raw = g_bytes_get_data (mime, &len);
  parsed = intake_message_parse (raw, len, &error);
  g_assert_no_error (error);

  return parsed;
}

static IntakeImportSummary *
import_paths (IntakeStore        *store,
              const char * const *paths)
{
  g_autoptr(IntakeImporter) importer = intake_importer_new (store);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  IntakeImportSummary *summary;

  for (guint i = 0; paths[i]; i++)
    g_ptr_array_add (files, g_file_new_for_path (paths[i]));

  summary = intake_importer_import_sync (importer, (GFile * const *) files->pdata, files->len, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
  /* Every message seen is accounted for; skipped items are not messages. */
  g_assert_cmpuint (summary->seen, ==, summary->imported + summary->duplicates + summary->rejected);
  g_assert_cmpuint (summary->errors->len, ==, summary->rejected);

  return summary;
}

static IntakeImportSummary *
import_one (IntakeStore *store,
            const char  *path)
{
  const char *paths[] = { path, NULL };

  return import_paths (store, paths);
}

static IntakeSubmission *
nth_submission (IntakeStore *store,
                guint        n)
{
  g_autoptr(GArray) ids = intake_store_list_ids (store, NULL);

  g_assert_cmpuint (ids->len, >, n);
  return intake_store_get_submission (store, g_array_index (ids, gint64, n), NULL);
}

static guint
n_submissions (IntakeStore *store)
{
  g_autoptr(GArray) ids = intake_store_list_ids (store, NULL);

  return ids->len;
}

static char *
write_truncated (const char *dir,
                 const char *source,
                 const char *name,
                 gsize       len)
{
  g_autofree char *contents = NULL;
  gsize full;
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_get_contents (source, &contents, &full, NULL));
  g_assert_cmpuint (len, <, full);
  g_assert_true (g_file_set_contents (path, contents, len, NULL));

  return path;
}

/* ---- .msg files ------------------------------------------------------- */

static void
test_msg_qwerty (void)
{
  const char *names[] = { "qwerty_1-orig.msg", "qwerty_2-with_custom_properties.msg", "qwerty_3.msg" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = corpus_file (names[i]);
      g_autoptr(IntakeParsedMessage) m = NULL;

      if (path == NULL)
        return;

      m = parse_msg_file (path);
      g_assert_cmpstr (m->subject, ==, "qwerty");
      g_assert_cmpstr (m->message_id, ==, "CEB3518C2FA4D743BF752C106451B19E14944E@sydexmail1.freehills.com.au");
      /* The plain body (PR_BODY), not the HTML one. */
      g_assert_true (g_str_has_prefix (m->body, "Charles Lowe\nData Analyst\nFreehills\n"));
      g_assert_nonnull (strstr (m->body, "Facsimile 61 2 9322 4000"));
      g_assert_true (m->has_date);
      /* These were saved without a sender. */
      g_assert_cmpstr (m->from_addr, ==, "");
      g_assert_cmpuint (m->attachments->len, ==, 0);
    }

  {
    g_autofree char *path = corpus_file (names[0]);
    g_autoptr(IntakeParsedMessage) m = parse_msg_file (path);

    /* PR_MESSAGE_DELIVERY_TIME, for want of a submit time: 2006-11-03 00:43:19 UTC */
    g_assert_cmpint (m->date, ==, 1162514599);
  }
}

static void
test_msg_smtp_sender (void)
{
  g_autofree char *path = corpus_file ("test_Blammo.msg");
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(IntakeMapiBag) bag = NULL;
  g_autofree char *message_class = NULL;
  g_autofree char *reason = NULL;
  g_autoptr(IntakeParsedMessage) m = NULL;

  if (path == NULL)
    return;

  /* A post, so never imported, but mapped like any message: its sender's
   * address type is SMTP. */
  mapped = g_mapped_file_new (path, FALSE, &error);
  data = g_mapped_file_get_bytes (mapped);
  bag = intake_outlook_msg_open (data, &error);
  g_assert_no_error (error);
  message_class = intake_mapi_bag_get_string (bag, INTAKE_MAPI_MESSAGE_CLASS);
  g_assert_cmpstr (message_class, ==, "IPM.Post");
  reason = intake_outlook_skip_reason (message_class);
  g_assert_nonnull (reason);

  m = parse_msg_file (path);
  g_assert_cmpstr (m->subject, ==, "BlammoBlammo");
  g_assert_cmpstr (m->from_name, ==, "TripleNickel");
  g_assert_cmpstr (m->from_addr, ==, "TripleNickel@mapi32.net");
  g_assert_cmpstr (m->body, ==, "Blam");
  /* PR_CLIENT_SUBMIT_TIME: 2007-09-29 11:02:44 UTC */
  g_assert_cmpint (m->date, ==, 1191063764);
}

static void
test_msg_contacts_and_notes_skipped (void)
{
  g_autofree char *contact = corpus_file ("contact-plain.msg");
  g_autofree char *unicode = corpus_file ("contact-unicode.msg");
  g_autofree char *note = corpus_file ("note.msg");
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(IntakeImportSummary) summary = NULL;

  if (contact == NULL || unicode == NULL || note == NULL)
    return;

  store = intake_store_new_in_memory (NULL);
  {
    const char *paths[] = { contact, unicode, note, NULL };

    summary = import_paths (store, paths);
  }

  g_assert_cmpuint (summary->seen, ==, 0);
  g_assert_cmpuint (summary->imported, ==, 0);
  g_assert_cmpuint (summary->rejected, ==, 0);
  g_assert_cmpuint (n_submissions (store), ==, 0);
  g_assert_cmpuint (summary->skipped->len, ==, 3);

  for (guint i = 0; i < 3; i++)
    {
      IntakeImportIssue *issue = g_ptr_array_index (summary->skipped, i);
      const char *expected[] = { contact, unicode, note };

      g_assert_cmpstr (issue->file, ==, expected[i]);
      g_assert_nonnull (strstr (issue->reason, i < 2 ? "contact" : "note"));
    }
}

static void
test_msg_import_duplicates (void)
{
  g_autofree char *one = corpus_file ("qwerty_1-orig.msg");
  g_autofree char *two = corpus_file ("qwerty_2-with_custom_properties.msg");
  g_autofree char *three = corpus_file ("qwerty_3.msg");
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(IntakeImportSummary) summary = NULL;
  g_autoptr(IntakeSubmission) s = NULL;

  if (one == NULL || two == NULL || three == NULL)
    return;

  store = intake_store_new_in_memory (NULL);
  {
    const char *paths[] = { one, two, three, NULL };

    summary = import_paths (store, paths);
  }

  /* Three saves of one message: one Message-ID, one submission. */
  g_assert_cmpuint (summary->files, ==, 3);
  g_assert_cmpuint (summary->seen, ==, 3);
  g_assert_cmpuint (summary->imported, ==, 1);
  g_assert_cmpuint (summary->duplicates, ==, 2);

  s = nth_submission (store, 0);
  g_assert_cmpstr (intake_submission_get_subject (s), ==, "qwerty");
  g_assert_nonnull (strstr (intake_submission_get_text (s), "Data Analyst"));
}

static void
test_msg_truncated (TmpDir        *tmp,
                    gconstpointer  data)
{
  g_autofree char *source = corpus_file ("qwerty_1-orig.msg");
  const gsize lengths[] = { 600, 2000, 6000, 11000 };

  if (source == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      g_autofree char *name = g_strdup_printf ("cut-%" G_GSIZE_FORMAT ".msg", lengths[i]);
      g_autofree char *path = write_truncated (tmp->dir, source, name, lengths[i]);
      g_autoptr(IntakeStore) store = intake_store_new_in_memory (NULL);
      g_autoptr(IntakeImportSummary) summary = import_one (store, path);
      IntakeImportIssue *issue;

      /* One message, rejected with a reason; nothing half-read is kept. */
      g_assert_cmpuint (summary->seen, ==, 1);
      g_assert_cmpuint (summary->imported, ==, 0);
      g_assert_cmpuint (summary->rejected, ==, 1);
      g_assert_cmpuint (n_submissions (store), ==, 0);
      issue = g_ptr_array_index (summary->errors, 0);
      g_assert_cmpstr (issue->file, ==, path);
      g_assert_cmpstr (issue->position, ==, name);
      g_assert_nonnull (strstr (issue->reason, "damaged"));
    }

  /* And the reader itself says so, in its own error domain. */
  {
    g_autofree char *contents = NULL;
    gsize len;
    g_autoptr(GBytes) cut = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(IntakeMapiBag) bag = NULL;

    g_assert_true (g_file_get_contents (source, &contents, &len, NULL));
    cut = g_bytes_new (contents, 6000);
    bag = intake_outlook_msg_open (cut, &error);
    g_assert_null (bag);
    g_assert_error (error, INTAKE_OUTLOOK_ERROR, INTAKE_OUTLOOK_ERROR_DAMAGED);
  }
}

/* A .msg written here, for what the samples lack: attachments, an
 * attached message and 8-bit strings in a code page of their own. */

static void
put_prop (GByteArray *props,
          guint16     id,
          guint16     type,
          guint64     value)
{
  guint8 entry[16] = { 0 };
  guint32 tag = (guint32) id << 16 | type;

  for (int i = 0; i < 4; i++)
    entry[i] = tag >> (8 * i);
  entry[4] = 0x06;   /* readable, writable */
  for (int i = 0; i < 8; i++)
    entry[8 + i] = value >> (8 * i);
  g_byte_array_append (props, entry, sizeof entry);
}

static void
put_stream (GsfOutfile   *storage,
            const char   *name,
            const void   *data,
            gsize         len)
{
  GsfOutput *stream = gsf_outfile_new_child (storage, name, FALSE);

  g_assert_true (gsf_output_write (stream, len, data));
  g_assert_true (gsf_output_close (stream));
  g_object_unref (stream);
}

static void
put_string (GsfOutfile *storage,
            GByteArray *props,
            guint16     id,
            guint16     type,
            const char *utf8,
            const char *charset)
{
  g_autofree char *name = g_strdup_printf ("__substg1.0_%04X%04X", id, type);
  g_autofree char *bytes = NULL;
  gsize len;

  if (type == INTAKE_MAPI_TYPE_UNICODE)
    bytes = g_convert (utf8, -1, "UTF-16LE", "UTF-8", NULL, &len, NULL);
  else if (type == INTAKE_MAPI_TYPE_STRING8)
    bytes = g_convert (utf8, -1, charset, "UTF-8", NULL, &len, NULL);
  else
    {
      bytes = g_strdup (utf8);
      len = strlen (utf8);
    }
  g_assert_nonnull (bytes);

  put_stream (storage, name, bytes, len);
  put_prop (props, id, type, len);
}

static void
finish_props (GsfOutfile *storage,
              GByteArray *props,
              gsize       header)
{
  g_autofree guint8 *zeros = g_malloc0 (header);

  g_byte_array_prepend (props, zeros, header);
  put_stream (storage, "__properties_version1.0", props->data, props->len);
}

static void
write_test_msg (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GsfOutput) output = gsf_output_stdio_new (path, &error);
  GsfOutfile *msg;
  GsfOutfile *attach;
  GsfOutfile *embedded;
  g_autoptr(GByteArray) props = g_byte_array_new ();
  g_autoptr(GByteArray) attach_props = g_byte_array_new ();
  g_autoptr(GByteArray) embedded_props = g_byte_array_new ();
  static const char headers[] =
    "Received: from mail.example.org by mx.example.org; Tue, 5 Mar 2024 09:30:00 +0100\r\n"
    "Content-Type: application/ms-tnef; name=\"winmail.dat\"\r\n"
    "Content-Transfer-Encoding: binary\r\n"
    "From: Olga Petrova <olga@example.org>\r\n"
    "Subject: Отзыв\r\n"
    "Date: Tue, 5 Mar 2024 09:29:00 +0100\r\n"
    "Message-ID: <reply-7@example.org>\r\n"
    "In-Reply-To: <consultation-1@example.org>\r\n"
    "References: <consultation-0@example.org> <consultation-1@example.org>\r\n";

  g_assert_no_error (error);
  msg = gsf_outfile_msole_new (output);

  put_string (msg, props, INTAKE_MAPI_MESSAGE_CLASS, INTAKE_MAPI_TYPE_STRING8, "IPM.Note", "windows-1251");
  put_prop (props, INTAKE_MAPI_MESSAGE_CODEPAGE, INTAKE_MAPI_TYPE_INT32, 1251);
  put_string (msg, props, INTAKE_MAPI_SUBJECT, INTAKE_MAPI_TYPE_STRING8, "Отзыв о программе", "windows-1251");
  put_string (msg, props, INTAKE_MAPI_BODY, INTAKE_MAPI_TYPE_STRING8,
              "Программа помогла моей семье.\r\n", "windows-1251");
  put_string (msg, props, INTAKE_MAPI_SENDER_NAME, INTAKE_MAPI_TYPE_UNICODE, "Ольга Петрова", NULL);
  put_string (msg, props, INTAKE_MAPI_SENDER_ADDRTYPE, INTAKE_MAPI_TYPE_UNICODE, "EX", NULL);
  put_string (msg, props, INTAKE_MAPI_SENDER_EMAIL_ADDRESS, INTAKE_MAPI_TYPE_UNICODE,
              "/O=EXAMPLE/OU=FIRST ADMINISTRATIVE GROUP/CN=RECIPIENTS/CN=OLGA", NULL);
  put_string (msg, props, INTAKE_MAPI_TRANSPORT_MESSAGE_HEADERS, INTAKE_MAPI_TYPE_UNICODE, headers, NULL);
  /* 2024-03-05 08:29:00 UTC as a FILETIME */
  put_prop (props, INTAKE_MAPI_CLIENT_SUBMIT_TIME, INTAKE_MAPI_TYPE_TIME,
            (G_GUINT64_CONSTANT (1709627340) + G_GUINT64_CONSTANT (11644473600)) * 10000000);

  /* A file */
  attach = GSF_OUTFILE (gsf_outfile_new_child (msg, "__attach_version1.0_#00000000", TRUE));
  put_prop (attach_props, INTAKE_MAPI_ATTACH_METHOD, INTAKE_MAPI_TYPE_INT32, 1);
  put_string (attach, attach_props, INTAKE_MAPI_ATTACH_LONG_FILENAME, INTAKE_MAPI_TYPE_UNICODE, "заметки.txt", NULL);
  put_string (attach, attach_props, INTAKE_MAPI_ATTACH_MIME_TAG, INTAKE_MAPI_TYPE_UNICODE, "text/plain", NULL);
  put_string (attach, attach_props, INTAKE_MAPI_ATTACH_DATA, INTAKE_MAPI_TYPE_BINARY,
              "The bus stop moved too far away.\n", NULL);
  finish_props (attach, attach_props, 8);
  g_assert_true (gsf_output_close (GSF_OUTPUT (attach)));
  g_object_unref (attach);

  /* An attached message */
  g_byte_array_set_size (attach_props, 0);
  attach = GSF_OUTFILE (gsf_outfile_new_child (msg, "__attach_version1.0_#00000001", TRUE));
  put_prop (attach_props, INTAKE_MAPI_ATTACH_METHOD, INTAKE_MAPI_TYPE_INT32, INTAKE_MAPI_ATTACH_EMBEDDED_MSG);
  put_prop (attach_props, INTAKE_MAPI_ATTACH_DATA, INTAKE_MAPI_TYPE_OBJECT, 0);
  embedded = GSF_OUTFILE (gsf_outfile_new_child (attach, "__substg1.0_3701000D", TRUE));
  put_string (embedded, embedded_props, INTAKE_MAPI_MESSAGE_CLASS, INTAKE_MAPI_TYPE_UNICODE, "IPM.Note", NULL);
  put_string (embedded, embedded_props, INTAKE_MAPI_SUBJECT, INTAKE_MAPI_TYPE_UNICODE, "Consultation dates", NULL);
  put_string (embedded, embedded_props, INTAKE_MAPI_SENDER_NAME, INTAKE_MAPI_TYPE_UNICODE, "City Hall", NULL);
  put_string (embedded, embedded_props, INTAKE_MAPI_SENDER_ADDRTYPE, INTAKE_MAPI_TYPE_UNICODE, "SMTP", NULL);
  put_string (embedded, embedded_props, INTAKE_MAPI_SENDER_EMAIL_ADDRESS, INTAKE_MAPI_TYPE_UNICODE,
              "consult@city.example.org", NULL);
  put_string (embedded, embedded_props, INTAKE_MAPI_HTML, INTAKE_MAPI_TYPE_BINARY,
              "<html><body><p>Meetings are on <b>Tuesdays</b>.</p></body></html>", NULL);
  finish_props (embedded, embedded_props, 24);
  g_assert_true (gsf_output_close (GSF_OUTPUT (embedded)));
  g_object_unref (embedded);
  finish_props (attach, attach_props, 8);
  g_assert_true (gsf_output_close (GSF_OUTPUT (attach)));
  g_object_unref (attach);

  finish_props (msg, props, 32);
  g_assert_true (gsf_output_close (GSF_OUTPUT (msg)));
  g_object_unref (msg);
}

static void
test_msg_attachments (TmpDir        *tmp,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (tmp->dir, "feedback.msg", NULL);
  g_autoptr(IntakeParsedMessage) m = NULL;
  IntakeParsedAttachment *attachment;
  gsize len;
  const char *content;

  write_test_msg (path);
  m = parse_msg_file (path);

  /* 8-bit strings read in PR_MESSAGE_CODEPAGE, Unicode ones as they are. */
  g_assert_cmpstr (m->subject, ==, "Отзыв о программе");
  g_assert_cmpstr (m->from_name, ==, "Ольга Петрова");
  /* An Exchange sender: the address comes from the transport headers. */
  g_assert_cmpstr (m->from_addr, ==, "olga@example.org");
  g_assert_cmpstr (m->message_id, ==, "reply-7@example.org");
  g_assert_cmpstr (m->in_reply_to, ==, "consultation-1@example.org");
  g_assert_cmpstr (m->references, ==, "consultation-0@example.org consultation-1@example.org");
  g_assert_cmpint (m->date, ==, 1709627340);

  g_assert_true (g_str_has_prefix (m->body, "Программа помогла моей семье."));
  /* The attached message, as a forwarded one, with its HTML made text. */
  g_assert_nonnull (strstr (m->body, "From: City Hall <consult@city.example.org>"));
  g_assert_nonnull (strstr (m->body, "Subject: Consultation dates"));
  g_assert_nonnull (strstr (m->body, "Meetings are on Tuesdays."));
  g_assert_null (strstr (m->body, "<b>"));

  g_assert_cmpuint (m->attachments->len, ==, 1);
  attachment = g_ptr_array_index (m->attachments, 0);
  g_assert_cmpstr (attachment->filename, ==, "заметки.txt");
  g_assert_cmpstr (attachment->mime_type, ==, "text/plain");
  content = g_bytes_get_data (attachment->data, &len);
  g_assert_cmpmem (content, len, "The bus stop moved too far away.\n", 33);
  g_assert_nonnull (strstr (m->text, "--- заметки.txt ---"));
}

static void
test_msg_exchange_sender (TmpDir        *tmp,
                          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (tmp->dir, "internal.msg", NULL);
  g_autofree char *representing = g_build_filename (tmp->dir, "representing.msg", NULL);
  g_autoptr(IntakeParsedMessage) m = NULL;
  g_autoptr(IntakeParsedMessage) r = NULL;

  /* Saved inside an Exchange organisation: an X.500 address, no headers. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GsfOutput) output = gsf_output_stdio_new (path, &error);
    g_autoptr(GByteArray) props = g_byte_array_new ();
    GsfOutfile *msg = gsf_outfile_msole_new (output);

    put_string (msg, props, INTAKE_MAPI_MESSAGE_CLASS, INTAKE_MAPI_TYPE_UNICODE, "IPM.Note", NULL);
    put_string (msg, props, INTAKE_MAPI_SUBJECT, INTAKE_MAPI_TYPE_UNICODE, "Staffing", NULL);
    put_string (msg, props, INTAKE_MAPI_BODY, INTAKE_MAPI_TYPE_UNICODE, "More counsellors, please.", NULL);
    put_string (msg, props, INTAKE_MAPI_SENDER_NAME, INTAKE_MAPI_TYPE_UNICODE, "Amélie Roy", NULL);
    put_string (msg, props, INTAKE_MAPI_SENDER_ADDRTYPE, INTAKE_MAPI_TYPE_UNICODE, "EX", NULL);
    put_string (msg, props, INTAKE_MAPI_SENDER_EMAIL_ADDRESS, INTAKE_MAPI_TYPE_UNICODE,
                "/O=EXAMPLE/OU=EXCHANGE ADMINISTRATIVE GROUP/CN=RECIPIENTS/CN=AROY", NULL);
    finish_props (msg, props, 32);
    g_assert_true (gsf_output_close (GSF_OUTPUT (msg)));
    g_object_unref (msg);
  }

  /* The same, with the SMTP address Exchange adds for the sender it represents. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GsfOutput) output = gsf_output_stdio_new (representing, &error);
    g_autoptr(GByteArray) props = g_byte_array_new ();
    GsfOutfile *msg = gsf_outfile_msole_new (output);

    put_string (msg, props, INTAKE_MAPI_MESSAGE_CLASS, INTAKE_MAPI_TYPE_UNICODE, "IPM.Note", NULL);
    put_string (msg, props, INTAKE_MAPI_SUBJECT, INTAKE_MAPI_TYPE_UNICODE, "Staffing", NULL);
    put_string (msg, props, INTAKE_MAPI_SENT_REPRESENTING_NAME, INTAKE_MAPI_TYPE_UNICODE, "Amélie Roy", NULL);
    put_string (msg, props, INTAKE_MAPI_SENT_REPRESENTING_SMTP, INTAKE_MAPI_TYPE_UNICODE, "amelie.roy@example.org", NULL);
    put_string (msg, props, INTAKE_MAPI_SENDER_ADDRTYPE, INTAKE_MAPI_TYPE_UNICODE, "EX", NULL);
    put_string (msg, props, INTAKE_MAPI_SENDER_EMAIL_ADDRESS, INTAKE_MAPI_TYPE_UNICODE, "/O=EXAMPLE/CN=AROY", NULL);
    finish_props (msg, props, 32);
    g_assert_true (gsf_output_close (GSF_OUTPUT (msg)));
    g_object_unref (msg);
  }

  m = parse_msg_file (path);
  /* An X.500 address is not an e-mail address; the name still counts. */
  g_assert_cmpstr (m->from_name, ==, "Amélie Roy");
  g_assert_cmpstr (m->from_addr, ==, "");
  g_assert_cmpstr (m->body, ==, "More counsellors, please.");
  g_assert_false (m->has_date);

  r = parse_msg_file (representing);
  g_assert_cmpstr (r->from_name, ==, "Amélie Roy");
  g_assert_cmpstr (r->from_addr, ==, "amelie.roy@example.org");
}

static void
test_msg_other_ole2_file (TmpDir        *tmp,
                          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (tmp->dir, "report.doc", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeStore) store = intake_store_new_in_memory (NULL);
  g_autoptr(IntakeImporter) importer = intake_importer_new (store);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) dir = g_file_new_for_path (tmp->dir);
  g_autoptr(IntakeImportSummary) summary = NULL;

  /* An OLE2 file that is no message: a Word document, say. */
  {
    g_autoptr(GsfOutput) output = gsf_output_stdio_new (path, &error);
    GsfOutfile *ole;

    g_assert_no_error (error);
    ole = gsf_outfile_msole_new (output);
    put_stream (ole, "WordDocument", "not really", 10);
    g_assert_true (gsf_output_close (GSF_OUTPUT (ole)));
    g_object_unref (ole);
  }

  summary = intake_importer_import_sync (importer, &file, 1, NULL, &error);
  g_assert_error (error, INTAKE_IMPORT_ERROR, INTAKE_IMPORT_ERROR_NOT_A_MAILBOX);
  g_assert_null (summary);
  g_clear_error (&error);

  /* In a folder, it is passed over. */
  summary = intake_importer_import_sync (importer, &dir, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->seen, ==, 0);
  g_assert_cmpuint (summary->skipped->len, ==, 1);
}

/* ---- .pst files ------------------------------------------------------- */

/* ---- Recipients ---------------------------------------------------------- */

/* GMime 3.2 declares no cleanup functions of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeMessage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeStream, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeParser, g_object_unref)

/* An Outlook item as the RFC 5322 message the importer reads. */
static GMimeMessage *
mime_of (IntakeMapiBag *bag)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) mime = intake_outlook_to_mime (bag, &error);
  g_autoptr(GMimeStream) stream = NULL;
  g_autoptr(GMimeParser) parser = NULL;
  GMimeMessage *message;

  g_assert_no_error (error);
  stream = g_mime_stream_mem_new_with_buffer (g_bytes_get_data (mime, NULL), g_bytes_get_size (mime));
  parser = g_mime_parser_new_with_stream (stream);
  message = g_mime_parser_construct_message (parser, NULL);
  g_assert_nonnull (message);

  return message;
}

static GMimeMessage *
mime_of_msg_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeMapiBag) bag = intake_outlook_msg_open_file (path, &error);

  g_assert_no_error (error);
  return mime_of (bag);
}

static char *
addresses (GMimeMessage     *message,
           GMimeAddressType  type)
{
  return internet_address_list_to_string (g_mime_message_get_addresses (message, type), NULL, FALSE);
}

/* An Outlook note of the samples keeps its text as rich text of its own,
 * compressed: Riched20's RTF in \ansicpg1251 with Western and Cyrillic
 * fonts. A note is no submission, but its body is read the same way. */
static void
test_msg_sample_native_rtf (void)
{
  g_autofree char *path = corpus_file ("note.msg");
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeMapiBag) bag = NULL;
  g_autoptr(GBytes) compressed = NULL;
  g_autoptr(GBytes) rtf = NULL;
  g_autofree char *text = NULL;
  gboolean is_html = TRUE;
  guint16 type = 0;
  gsize len;
  const char *data;

  if (path == NULL)
    return;

  bag = intake_outlook_msg_open_file (path, &error);
  g_assert_no_error (error);
  compressed = bag->funcs->get (bag, INTAKE_MAPI_RTF_COMPRESSED, &type, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (type, ==, INTAKE_MAPI_TYPE_BINARY);
  data = g_bytes_get_data (compressed, &len);
  rtf = intake_mapi_decompress_rtf ((const guint8 *) data, len, &error);
  g_assert_no_error (error);

  data = g_bytes_get_data (rtf, &len);
  g_assert_true (g_str_has_prefix (data, "{\\rtf1\\ansi\\ansicpg1251"));
  text = intake_rtf_body (data, len, &is_html);
  g_assert_false (is_html);
  g_assert_cmpstr (text, ==, "note sample\r\n\r\nJust any information to store in Outlook\r\n");
}

static void
test_msg_sample_recipients (void)
{
  const char *names[] = { "qwerty_2-with_custom_properties.msg", "qwerty_3.msg" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = corpus_file (names[i]);
      g_autoptr(GMimeMessage) message = NULL;
      g_autofree char *to = NULL;
      g_autofree char *cc = NULL;
      g_autofree char *bcc = NULL;

      if (path == NULL)
        return;

      /* A one-off name, an SMTP address, and an Exchange one whose SMTP
       * form PR_SMTP_ADDRESS gives. */
      message = mime_of_msg_file (path);
      to = addresses (message, GMIME_ADDRESS_TYPE_TO);
      cc = addresses (message, GMIME_ADDRESS_TYPE_CC);
      bcc = addresses (message, GMIME_ADDRESS_TYPE_BCC);
      g_assert_cmpstr (to, ==, "asdf: ;");
      g_assert_cmpstr (cc, ==, "Johnathan <johnno@nowhere.com>");
      g_assert_cmpstr (bcc, ==, "\"Lowe, Charles\" <Charles.Lowe@freehills.com>");
    }

  {
    g_autofree char *path = corpus_file ("qwerty_1-orig.msg");
    g_autofree char *blammo = corpus_file ("test_Blammo.msg");
    g_autoptr(GMimeMessage) message = mime_of_msg_file (path);
    g_autoptr(GMimeMessage) none = mime_of_msg_file (blammo);
    g_autofree char *to = addresses (message, GMIME_ADDRESS_TYPE_TO);

    g_assert_cmpstr (to, ==, "asdf: ;");
    g_assert_null (g_mime_object_get_header (GMIME_OBJECT (message), "Cc"));
    /* A post has no recipient table: no header at all. */
    g_assert_null (g_mime_object_get_header (GMIME_OBJECT (none), "To"));
    g_assert_null (g_mime_object_get_header (GMIME_OBJECT (none), "Cc"));
  }
}

static void
test_pst_sample_recipients (void)
{
  g_autofree char *path = corpus_file ("sample1.pst");
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakePstReader) reader = NULL;
  g_autoptr(IntakeMapiBag) bag = NULL;
  g_autoptr(IntakeMapiBag) recipient = NULL;
  g_autoptr(GMimeMessage) message = NULL;
  g_autofree char *position = NULL;
  g_autofree char *name = NULL;
  g_autofree char *smtp = NULL;
  g_autofree char *addrtype = NULL;
  g_autofree char *to = NULL;
  gint32 kind = 0;

  if (path == NULL)
    return;

  reader = intake_pst_reader_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (intake_pst_reader_next (reader, &bag, &position, &error));
  g_assert_no_error (error);

  /* libpff's recipient table: one row, an Exchange address with its SMTP form */
  g_assert_cmpuint (bag->funcs->n_recipients (bag), ==, 1);
  recipient = bag->funcs->recipient (bag, 0, &error);
  g_assert_no_error (error);
  g_assert_true (intake_mapi_bag_get_int32 (recipient, INTAKE_MAPI_RECIPIENT_TYPE, &kind));
  g_assert_cmpint (kind, ==, INTAKE_MAPI_TO);
  name = intake_mapi_bag_get_string (recipient, INTAKE_MAPI_DISPLAY_NAME);
  smtp = intake_mapi_bag_get_string (recipient, INTAKE_MAPI_SMTP_ADDRESS);
  addrtype = intake_mapi_bag_get_string (recipient, INTAKE_MAPI_ADDRTYPE);
  g_assert_cmpstr (name, ==, "Terry Mahaffey");
  g_assert_cmpstr (smtp, ==, "terrymah@microsoft.com");
  g_assert_cmpstr (addrtype, ==, "EX");
  /* A row is no message: it has no recipients of its own. */
  g_assert_cmpuint (recipient->funcs->n_recipients (recipient), ==, 0);
  g_clear_pointer (&recipient, intake_mapi_bag_free);

  /* The transport headers name the same To, and no Cc. */
  message = mime_of (bag);
  to = addresses (message, GMIME_ADDRESS_TYPE_TO);
  g_assert_cmpstr (to, ==, "Terry Mahaffey <terrymah@microsoft.com>");
  g_assert_null (g_mime_object_get_header (GMIME_OBJECT (message), "Cc"));
}

/* PR_RTF_COMPRESSED stored uncompressed ("MELA", MS-OXRTFCP 2.1.3.1.1),
 * which readers must take like a compressed one. */
static GBytes *
mela_rtf (const char *rtf)
{
  gsize len = strlen (rtf);
  guint32 header[4] = { GUINT32_TO_LE (len + 12), GUINT32_TO_LE (len), GUINT32_TO_LE (0x414c454d), 0 };
  GByteArray *bytes = g_byte_array_new ();

  g_byte_array_append (bytes, (const guint8 *) header, sizeof header);
  g_byte_array_append (bytes, (const guint8 *) rtf, len);

  return g_byte_array_free_to_bytes (bytes);
}

static void
put_recipient (GsfOutfile *msg,
               guint       index,
               gint32      kind,
               const char *name,
               const char *addrtype,
               const char *email,
               const char *smtp)
{
  g_autofree char *storage_name = g_strdup_printf ("__recip_version1.0_#%08X", index);
  g_autoptr(GByteArray) props = g_byte_array_new ();
  GsfOutfile *recipient = GSF_OUTFILE (gsf_outfile_new_child (msg, storage_name, TRUE));

  put_prop (props, INTAKE_MAPI_RECIPIENT_TYPE, INTAKE_MAPI_TYPE_INT32, (guint32) kind);
  put_string (recipient, props, INTAKE_MAPI_DISPLAY_NAME, INTAKE_MAPI_TYPE_UNICODE, name, NULL);
  put_string (recipient, props, INTAKE_MAPI_ADDRTYPE, INTAKE_MAPI_TYPE_UNICODE, addrtype, NULL);
  put_string (recipient, props, INTAKE_MAPI_EMAIL_ADDRESS, INTAKE_MAPI_TYPE_UNICODE, email, NULL);
  if (smtp != NULL)
    put_string (recipient, props, INTAKE_MAPI_SMTP_ADDRESS, INTAKE_MAPI_TYPE_UNICODE, smtp, NULL);
  finish_props (recipient, props, 8);
  g_assert_true (gsf_output_close (GSF_OUTPUT (recipient)));
  g_object_unref (recipient);
}

/* Rich-text mail as Outlook saves it: RTF and no other body, in Cyrillic
 * through the font's \fcharset, with a link and a table. */
static const char rich_rtf[] =
  "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss\\fcharset0 Arial;}{\\f1\\fswiss\\fcharset204 Arial CYR;}}\r\n"
  "{\\colortbl ;\\red0\\green0\\blue255;}{\\*\\generator Msftedit 5.41.21.2510;}\\viewkind4\\uc1"
  "\\pard\\f1\\fs20 \\'cf\\'f0\\'ee\\'e3\\'f0\\'e0\\'ec\\'ec\\'e0 \\'ef\\'ee\\'ec\\'ee\\'e3\\'eb\\'e0.\\f0\\par\r\n"
  "The bus {\\field{\\*\\fldinst{HYPERLINK \"https://example.org/route\"}}{\\fldrslt{\\cf1\\ul route}}}"
  "\\cf0\\ulnone  changed \\u8212?\\'a0too often.\\par\r\n"
  "\\trowd\\cellx2000\\cellx4000\\pard\\intbl Board\\cell CBE\\cell\\row\\pard\r\n}";

static void
write_rich_msg (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GsfOutput) output = gsf_output_stdio_new (path, &error);
  g_autoptr(GByteArray) props = g_byte_array_new ();
  g_autoptr(GBytes) rtf = mela_rtf (rich_rtf);
  GsfOutfile *msg;

  g_assert_no_error (error);
  msg = gsf_outfile_msole_new (output);

  put_string (msg, props, INTAKE_MAPI_MESSAGE_CLASS, INTAKE_MAPI_TYPE_UNICODE, "IPM.Note", NULL);
  put_string (msg, props, INTAKE_MAPI_SUBJECT, INTAKE_MAPI_TYPE_UNICODE, "Bus routes", NULL);
  put_string (msg, props, INTAKE_MAPI_SENDER_NAME, INTAKE_MAPI_TYPE_UNICODE, "Olga Petrova", NULL);
  put_string (msg, props, INTAKE_MAPI_SENDER_ADDRTYPE, INTAKE_MAPI_TYPE_UNICODE, "SMTP", NULL);
  put_string (msg, props, INTAKE_MAPI_SENDER_EMAIL_ADDRESS, INTAKE_MAPI_TYPE_UNICODE, "olga@example.org", NULL);
  put_stream (msg, "__substg1.0_10090102", g_bytes_get_data (rtf, NULL), g_bytes_get_size (rtf));
  put_prop (props, INTAKE_MAPI_RTF_COMPRESSED, INTAKE_MAPI_TYPE_BINARY, g_bytes_get_size (rtf));

  put_recipient (msg, 0, INTAKE_MAPI_TO, "Engagement Team", "SMTP", "cpsengage@example.org", NULL);
  put_recipient (msg, 1, INTAKE_MAPI_CC, "Amélie Roy", "EX",
                 "/O=EXAMPLE/OU=EXCHANGE ADMINISTRATIVE GROUP/CN=RECIPIENTS/CN=AROY", "amelie.roy@example.org");
  put_recipient (msg, 2, INTAKE_MAPI_BCC, "Records", "SMTP", "records@example.org", NULL);
  /* Kept for a resend only (MAPI_P1): the message did not go there. */
  put_recipient (msg, 3, INTAKE_MAPI_RECIPIENT_P1 | INTAKE_MAPI_TO, "Resend", "SMTP", "resend@example.org", NULL);
  /* An Exchange address and no SMTP one: the name is all there is. */
  put_recipient (msg, 4, INTAKE_MAPI_CC, "Board Office", "EX", "/O=EXAMPLE/CN=BOARD", NULL);

  finish_props (msg, props, 32);
  g_assert_true (gsf_output_close (GSF_OUTPUT (msg)));
  g_object_unref (msg);
}

static void
test_msg_rtf_only (TmpDir        *tmp,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (tmp->dir, "rich.msg", NULL);
  g_autoptr(GMimeMessage) message = NULL;
  g_autoptr(IntakeStore) store = intake_store_new_in_memory (NULL);
  g_autoptr(IntakeImportSummary) summary = NULL;
  g_autoptr(IntakeSubmission) s = NULL;
  g_autofree char *to = NULL;
  g_autofree char *cc = NULL;
  g_autofree char *bcc = NULL;

  write_rich_msg (path);

  message = mime_of_msg_file (path);
  to = addresses (message, GMIME_ADDRESS_TYPE_TO);
  cc = addresses (message, GMIME_ADDRESS_TYPE_CC);
  bcc = addresses (message, GMIME_ADDRESS_TYPE_BCC);
  g_assert_cmpstr (to, ==, "Engagement Team <cpsengage@example.org>");
  g_assert_cmpstr (cc, ==, "Amélie Roy <amelie.roy@example.org>, Board Office: ;");
  g_assert_cmpstr (bcc, ==, "Records <records@example.org>");

  /* And through the importer, into the project */
  summary = import_one (store, path);
  g_assert_cmpuint (summary->imported, ==, 1);
  g_assert_cmpuint (summary->rejected, ==, 0);
  s = nth_submission (store, 0);
  g_assert_cmpstr (intake_submission_get_subject (s), ==, "Bus routes");
  g_assert_cmpstr (intake_submission_get_from_addr (s), ==, "olga@example.org");
  g_assert_cmpstr (intake_submission_get_text (s), ==,
                   "Программа помогла.\nThe bus route changed —\xc2\xa0too often.\nBoard\tCBE\n");
  /* Who else it went to is not what was written. */
  g_assert_null (strstr (intake_submission_get_text (s), "Engagement"));
  g_assert_null (strstr (intake_submission_get_text (s), "HYPERLINK"));
}

static void
check_sample_pst (const char *name,
                  const char *folder)
{
  g_autofree char *path = corpus_file (name);
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(IntakeImportSummary) summary = NULL;
  g_autoptr(IntakeSubmission) s = NULL;
  g_autoptr(IntakeAttachment) attachment = NULL;
  g_autoptr(GDateTime) expected_date = g_date_time_new_utc (2010, 3, 15, 17, 12, 5);

  if (path == NULL)
    return;

  store = intake_store_new_in_memory (NULL);
  summary = import_one (store, path);
  g_assert_cmpuint (summary->files, ==, 1);
  g_assert_cmpuint (summary->seen, ==, 1);
  g_assert_cmpuint (summary->imported, ==, 1);
  g_assert_cmpuint (summary->rejected, ==, 0);
  g_assert_cmpuint (summary->skipped->len, ==, 0);

  s = nth_submission (store, 0);
  g_assert_cmpstr (intake_submission_get_subject (s), ==, "Here is a sample message");
  g_assert_cmpstr (intake_submission_get_from_name (s), ==, "Terry Mahaffey");
  g_assert_cmpstr (intake_submission_get_from_addr (s), ==, "terrymah@microsoft.com");
  g_assert_cmpstr (intake_submission_get_message_id (s), ==,
                   "B2FDDB8BE384C94794441DB4A7F3D8B804AE624B@TK5EX14MBXC114.redmond.corp.microsoft.com");
  g_assert_true (g_date_time_equal (intake_submission_get_date (s), expected_date));
  g_assert_nonnull (strstr (intake_submission_get_text (s), "With a sample attachment."));
  g_assert_nonnull (strstr (intake_submission_get_text (s), "my daughter and our puppy"));

  g_assert_cmpuint (intake_submission_get_n_attachments (s), ==, 1);
  attachment = g_list_model_get_item (intake_submission_get_attachments (s), 0);
  g_assert_cmpstr (intake_attachment_get_filename (attachment), ==, "leah_thumper.jpg");
  g_assert_cmpstr (intake_attachment_get_mime_type (attachment), ==, "image/jpeg");
  g_assert_cmpint (intake_attachment_get_size (attachment), ==, 93142);
}

static void
test_pst_sample1 (void)
{
  /* 64-bit (Unicode) */
  check_sample_pst ("sample1.pst", "Sample1");
}

static void
test_pst_sample2 (void)
{
  /* 32-bit (ANSI): the same message */
  check_sample_pst ("sample2.pst", "Sample2");
}

static void
test_pst_attached_message (void)
{
  g_autofree char *path = corpus_file ("submessage.pst");
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(IntakeImportSummary) summary = NULL;
  g_autoptr(IntakeSubmission) s = NULL;
  const char *text;
  const char *outer;
  const char *heading;
  const char *inner;

  if (path == NULL)
    return;

  store = intake_store_new_in_memory (NULL);
  summary = import_one (store, path);
  g_assert_cmpuint (summary->imported, ==, 1);
  g_assert_cmpuint (n_submissions (store), ==, 1);

  s = nth_submission (store, 0);
  g_assert_cmpstr (intake_submission_get_subject (s), ==, "This is a message which has an embedded message attached");
  text = intake_submission_get_text (s);
  outer = strstr (text, "This is the body of the regular message");
  heading = strstr (text, "Subject: This is an embedded message");
  inner = strstr (text, "This is the body of an embedded message");
  /* The attached message follows the message's own text, under its heading. */
  g_assert_nonnull (outer);
  g_assert_nonnull (heading);
  g_assert_nonnull (inner);
  g_assert_true (outer < heading && heading < inner);
}

static void
test_pst_no_messages (void)
{
  const char *names[] = { "test_ansi.pst", "test_unicode.pst" };
  const guint posts[] = { 1, 2 };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = corpus_file (names[i]);
      g_autoptr(IntakeStore) store = NULL;
      g_autoptr(IntakeImportSummary) summary = NULL;

      if (path == NULL)
        return;

      store = intake_store_new_in_memory (NULL);
      summary = import_one (store, path);
      g_assert_cmpuint (summary->files, ==, 1);
      g_assert_cmpuint (summary->seen, ==, 0);
      g_assert_cmpuint (summary->imported, ==, 0);
      g_assert_cmpuint (summary->rejected, ==, 0);
      g_assert_cmpuint (n_submissions (store), ==, 0);

      /* Their folders hold posts, which are not submissions. */
      g_assert_cmpuint (summary->skipped->len, ==, posts[i]);
      for (guint j = 0; j < summary->skipped->len; j++)
        {
          IntakeImportIssue *issue = g_ptr_array_index (summary->skipped, j);

          g_assert_cmpstr (issue->file, ==, path);
          g_assert_true (g_str_has_prefix (issue->position, "Top of Personal Folders"));
          g_assert_nonnull (strstr (issue->reason, "post"));
        }
    }

  {
    g_autofree char *path = corpus_file ("test_unicode.pst");
    g_autoptr(IntakeStore) store = intake_store_new_in_memory (NULL);
    g_autoptr(IntakeImportSummary) summary = import_one (store, path);

    /* Folder, then the item's number in the file. */
    g_assert_cmpstr (((IntakeImportIssue *) summary->skipped->pdata[0])->position, ==, "Top of Personal Folders #1");
    g_assert_cmpstr (((IntakeImportIssue *) summary->skipped->pdata[1])->position, ==,
                     "Top of Personal Folders/Folder #2");
  }
}

static void
test_pst_reader_positions (void)
{
  g_autofree char *path = corpus_file ("submessage.pst");
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakePstReader) reader = NULL;
  g_autoptr(IntakeMapiBag) bag = NULL;
  g_autofree char *position = NULL;
  g_autofree char *subject = NULL;

  if (path == NULL)
    return;

  reader = intake_pst_reader_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (intake_pst_reader_count (reader), ==, 1);

  g_assert_true (intake_pst_reader_next (reader, &bag, &position, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (position, ==, "Top of Outlook data file/submessage #1");
  subject = intake_mapi_bag_get_string (bag, INTAKE_MAPI_SUBJECT);
  g_assert_cmpstr (subject, ==, "This is a message which has an embedded message attached");
  g_assert_cmpuint (bag->funcs->n_attachments (bag), ==, 1);
  g_clear_pointer (&bag, intake_mapi_bag_free);
  g_clear_pointer (&position, g_free);

  g_assert_false (intake_pst_reader_next (reader, &bag, &position, &error));
  g_assert_no_error (error);
  g_assert_null (bag);
}

static void
test_pst_truncated (TmpDir        *tmp,
                    gconstpointer  data)
{
  g_autofree char *source = corpus_file ("sample1.pst");
  const gsize lengths[] = { 10, 512, 100000, 150000, 200000, 250000 };
  guint rejected_files = 0;

  if (source == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      g_autofree char *name = g_strdup_printf ("cut-%" G_GSIZE_FORMAT ".pst", lengths[i]);
      g_autofree char *path = write_truncated (tmp->dir, source, name, lengths[i]);
      g_autoptr(IntakeStore) store = intake_store_new_in_memory (NULL);
      g_autoptr(IntakeImportSummary) summary = NULL;

      summary = import_one (store, path);
      g_assert_cmpuint (summary->files, ==, 1);

      /* What was imported is whole; what was not is said so. */
      g_assert_cmpuint (n_submissions (store), ==, summary->imported);
      if (summary->imported == 1)
        {
          g_autoptr(IntakeSubmission) s = nth_submission (store, 0);

          g_assert_cmpstr (intake_submission_get_subject (s), ==, "Here is a sample message");
          g_assert_nonnull (strstr (intake_submission_get_text (s), "my daughter and our puppy"));
        }
      else
        {
          IntakeImportIssue *issue;

          g_assert_cmpuint (summary->rejected, >=, 1);
          issue = g_ptr_array_index (summary->errors, 0);
          g_assert_cmpstr (issue->file, ==, path);
          g_assert_nonnull (issue->position);
          g_assert_nonnull (strstr (issue->reason, "damaged"));
          rejected_files++;
        }
    }

  /* The signature alone, a header with nothing behind it, half a file. */
  g_assert_cmpuint (rejected_files, >=, 3);

  {
    g_autofree char *path = g_build_filename (tmp->dir, "cut-100000.pst", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(IntakePstReader) reader = intake_pst_reader_open (path, &error);

    g_assert_null (reader);
    g_assert_error (error, INTAKE_OUTLOOK_ERROR, INTAKE_OUTLOOK_ERROR_DAMAGED);
    g_assert_nonnull (strstr (error->message, "cut-100000.pst"));
  }
}

typedef struct
{
  GMainLoop           *loop;
  IntakeImportSummary *summary;
  GError              *error;
} AsyncResult;

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  AsyncResult *r = user_data;

  r->summary = intake_importer_import_finish (INTAKE_IMPORTER (object), result, &r->error);
  g_main_loop_quit (r->loop);
}

static void
test_pst_async (TmpDir        *tmp,
                gconstpointer  data)
{
  g_autofree char *sample1 = corpus_file ("sample1.pst");
  g_autofree char *submessage = corpus_file ("submessage.pst");
  g_autofree char *project = g_build_filename (tmp->dir, "p.intake", NULL);
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(IntakeImporter) importer = NULL;
  GFile *files[2] = { NULL, NULL };
  AsyncResult r = { NULL, NULL, NULL };

  if (sample1 == NULL || submessage == NULL)
    return;

  store = intake_store_open (project, NULL);
  importer = intake_importer_new (store);
  files[0] = g_file_new_for_path (sample1);
  files[1] = g_file_new_for_path (submessage);
  r.loop = g_main_loop_new (NULL, FALSE);

  /* Off the main thread, with progress, like an mbox. */
  intake_importer_import_async (importer, (GFile * const *) files, 2, NULL, import_done_cb, &r);
  g_assert_true (intake_importer_get_busy (importer));
  g_main_loop_run (r.loop);

  g_assert_no_error (r.error);
  g_assert_cmpuint (r.summary->imported, ==, 2);
  g_assert_cmpuint (intake_importer_get_messages (importer), ==, 2);
  g_assert_cmpfloat (intake_importer_get_fraction (importer), ==, 1.0);
  g_assert_cmpuint (n_submissions (store), ==, 2);

  intake_import_summary_free (r.summary);
  g_main_loop_unref (r.loop);
  g_object_unref (files[0]);
  g_object_unref (files[1]);
}

static void
test_pst_cancelled (TmpDir        *tmp,
                    gconstpointer  data)
{
  g_autofree char *path = corpus_file ("sample1.pst");
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(IntakeImporter) importer = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(IntakeImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return;

  store = intake_store_new_in_memory (NULL);
  importer = intake_importer_new (store);
  file = g_file_new_for_path (path);
  g_cancellable_cancel (cancellable);

  summary = intake_importer_import_sync (importer, &file, 1, cancellable, &error);
  g_assert_no_error (error);
  g_assert_true (summary->cancelled);
  g_assert_cmpuint (summary->imported, ==, 0);
  g_assert_cmpuint (n_submissions (store), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/outlook/rtf/spec-example", test_rtf_spec_example);
  g_test_add_func ("/outlook/rtf/damaged", test_rtf_damaged);
  g_test_add_func ("/outlook/rtf/uncompressed", test_rtf_uncompressed);
  g_test_add_func ("/outlook/rtf/deencapsulate-html", test_rtf_deencapsulate_html);
  g_test_add_func ("/outlook/rtf/deencapsulate-text", test_rtf_deencapsulate_text);
  g_test_add_func ("/outlook/rtf/not-encapsulated", test_rtf_not_encapsulated);
  g_test_add_func ("/outlook/rtf/text/breaks", test_rtf_breaks);
  g_test_add_func ("/outlook/rtf/text/code-pages", test_rtf_code_pages);
  g_test_add_func ("/outlook/rtf/text/fcharsets", test_rtf_fcharsets);
  g_test_add_func ("/outlook/rtf/text/unicode", test_rtf_unicode);
  g_test_add_func ("/outlook/rtf/text/symbols", test_rtf_symbols);
  g_test_add_func ("/outlook/rtf/text/destinations", test_rtf_destinations);
  g_test_add_func ("/outlook/rtf/text/fields", test_rtf_fields);
  g_test_add_func ("/outlook/rtf/text/table", test_rtf_table);
  g_test_add_func ("/outlook/rtf/text/truncated", test_rtf_truncated);
  g_test_add_func ("/outlook/skip-reasons", test_skip_reasons);
  g_test_add_func ("/outlook/msg/qwerty", test_msg_qwerty);
  g_test_add_func ("/outlook/msg/smtp-sender", test_msg_smtp_sender);
  g_test_add_func ("/outlook/msg/contacts-and-notes-skipped", test_msg_contacts_and_notes_skipped);
  g_test_add_func ("/outlook/msg/duplicates", test_msg_import_duplicates);
  g_test_add ("/outlook/msg/truncated", TmpDir, NULL, tmp_set_up, test_msg_truncated, tmp_tear_down);
  g_test_add ("/outlook/msg/attachments", TmpDir, NULL, tmp_set_up, test_msg_attachments, tmp_tear_down);
  g_test_add ("/outlook/msg/exchange-sender", TmpDir, NULL, tmp_set_up, test_msg_exchange_sender, tmp_tear_down);
  g_test_add ("/outlook/msg/other-ole2-file", TmpDir, NULL, tmp_set_up, test_msg_other_ole2_file, tmp_tear_down);
  g_test_add_func ("/outlook/msg/sample-native-rtf", test_msg_sample_native_rtf);
  g_test_add_func ("/outlook/msg/sample-recipients", test_msg_sample_recipients);
  g_test_add ("/outlook/msg/rtf-only", TmpDir, NULL, tmp_set_up, test_msg_rtf_only, tmp_tear_down);
  g_test_add_func ("/outlook/pst/sample1", test_pst_sample1);
  g_test_add_func ("/outlook/pst/sample-recipients", test_pst_sample_recipients);
  g_test_add_func ("/outlook/pst/sample2", test_pst_sample2);
  g_test_add_func ("/outlook/pst/attached-message", test_pst_attached_message);
  g_test_add_func ("/outlook/pst/no-messages", test_pst_no_messages);
  g_test_add_func ("/outlook/pst/reader-positions", test_pst_reader_positions);
  g_test_add ("/outlook/pst/truncated", TmpDir, NULL, tmp_set_up, test_pst_truncated, tmp_tear_down);
  g_test_add ("/outlook/pst/async", TmpDir, NULL, tmp_set_up, test_pst_async, tmp_tear_down);
  g_test_add ("/outlook/pst/cancelled", TmpDir, NULL, tmp_set_up, test_pst_cancelled, tmp_tear_down);
  return g_test_run ();
}
