#define G_LOG_DOMAIN "test-importer"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "intake-checksum.h"
#include "intake-importer.h"
#include "intake-message.h"

/* ---- Helpers ---------------------------------------------------------- */

static IntakeParsedMessage *
parse (const char *raw)
{
  g_autoptr(GError) error = NULL;
  IntakeParsedMessage *message = intake_message_parse (raw, strlen (raw), &error);

  g_assert_no_error (error);
  g_assert_nonnull (message);

  return message;
}

static void
assert_parse_fails (const char *raw,
                    gsize       len,
                    int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeParsedMessage) message = intake_message_parse (raw, len, &error);

  g_assert_null (message);
  g_assert_error (error, INTAKE_MESSAGE_ERROR, code);
  g_assert_cmpstr (error->message, !=, "");
}

typedef struct
{
  char *dir;
} TmpDir;

static void
tmp_set_up (TmpDir        *tmp,
            gconstpointer  data)
{
  tmp->dir = g_dir_make_tmp ("intake-import-XXXXXX", NULL);
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir && (name = g_dir_read_name (dir)))
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_remove (path);
}

static void
tmp_tear_down (TmpDir        *tmp,
               gconstpointer  data)
{
  remove_tree (tmp->dir);
  g_free (tmp->dir);
}

static char *
write_file (const char *dir,
            const char *name,
            const char *contents,
            gssize      len)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_mkdir_with_parents (parent, 0700);
  g_assert_true (g_file_set_contents (path, contents, len, NULL));

  return path;
}

static IntakeImportSummary *
import_paths (IntakeStore  *store,
              const char  **paths,
              GError      **error)
{
  g_autoptr(IntakeImporter) importer = intake_importer_new (store);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; paths[i]; i++)
    g_ptr_array_add (files, g_file_new_for_path (paths[i]));

  return intake_importer_import_sync (importer, (GFile * const *) files->pdata, files->len, NULL, error);
}

static IntakeImportSummary *
import_one (IntakeStore *store,
            const char  *path)
{
  g_autoptr(GError) error = NULL;
  const char *paths[] = { path, NULL };
  IntakeImportSummary *summary = import_paths (store, paths, &error);

  g_assert_no_error (error);
  g_assert_nonnull (summary);
  g_assert_cmpuint (summary->seen, ==, summary->imported + summary->duplicates + summary->rejected);

  return summary;
}

static IntakeSubmission *
nth_submission (IntakeStore *store,
                guint        n)
{
  g_autoptr(GArray) ids = intake_store_list_ids (store, NULL);

  g_assert_cmpuint (ids->len, >, n);
  return intake_store_get_submission (store, g_array_index (ids, gint64, n), NULL);
}

/* ---- Headers ---------------------------------------------------------- */

static void
test_header_rfc2047_subject (void)
{
  g_autoptr(IntakeParsedMessage) m =
    parse ("From: a@example.org\nSubject: =?utf-8?q?R=C3=A9vision_du_programme?= =?iso-8859-1?q?_=E9t=E9?=\n\nBody\n");

  g_assert_cmpstr (m->subject, ==, "Révision du programme été");
}

static void
test_header_raw_utf8 (void)
{
  g_autoptr(IntakeParsedMessage) m = parse ("From: Zoë Lévesque <zoe@example.org>\nSubject: Révision\n\nBody\n");

  g_assert_cmpstr (m->subject, ==, "Révision");
  g_assert_cmpstr (m->from_name, ==, "Zoë Lévesque");
  g_assert_cmpstr (m->from_addr, ==, "zoe@example.org");
}

static void
test_header_raw_windows_1252 (void)
{
  g_autoptr(IntakeParsedMessage) m = parse ("From: a@example.org\nSubject: R\xe9vision \x93quoted\x94\n\nBody\n");

  g_assert_cmpstr (m->subject, ==, "Révision “quoted”");
}

static void
test_header_encoded_sender (void)
{
  g_autoptr(IntakeParsedMessage) m =
    parse ("From: =?utf-8?b?SMOpbMOobmUgR2Fnbm9u?= <helene.gagnon@example.net>\nSubject: x\n\nBody\n");

  g_assert_cmpstr (m->from_name, ==, "Hélène Gagnon");
  g_assert_cmpstr (m->from_addr, ==, "helene.gagnon@example.net");
}

static void
test_header_folded_subject (void)
{
  g_autoptr(IntakeParsedMessage) m = parse ("From: a@example.org\nSubject: A long\n  folded\tsubject\n\nBody\n");

  g_assert_cmpstr (m->subject, ==, "A long folded subject");
}

static void
test_header_date_utc (void)
{
  g_autoptr(IntakeParsedMessage) m = parse ("From: a@example.org\nDate: Mon, 19 Apr 2021 08:00:00 -0600\n\nBody\n");

  g_assert_true (m->has_date);
  g_assert_cmpint (m->date, ==, 1618840800);
}

static void
test_header_date_missing (void)
{
  g_autoptr(IntakeParsedMessage) m = parse ("From: a@example.org\nSubject: No date\n\nBody\n");

  g_assert_false (m->has_date);
}

/* A subject of raw bytes that are not UTF-8 is read in the charset the
 * message declares for its text, else as Windows-1252; raw UTF-8 is UTF-8
 * whatever the text says, and encoded words beside the bytes decode too. */
static void
test_header_raw_in_declared_charset (void)
{
  g_autoptr(IntakeParsedMessage) gb =
    parse ("From: a@example.org\nSubject: \xb9\xd8\xd3\xda\xd1\xa7\xd0\xa3\xbe\xaf\xb2\xec\xb5\xc4\xd2\xe2\xbc\xfb" "\n"
           "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n"
           "--b\nContent-Type: text/plain; charset=\"gb2312\"\n\n\xd2\xe2\xbc\xfb" "\n--b--\n");
  g_autoptr(IntakeParsedMessage) koi8 =
    parse ("From: a@example.org\nSubject: \xef\xd4\xda\xd9\xd7 \xcf \xd0\xd2\xcf\xc7\xd2\xc1\xcd\xcd\xc5" "\n"
           "Content-Type: text/plain; charset=koi8-r\n\nx\n");
  g_autoptr(IntakeParsedMessage) mixed =
    parse ("From: a@example.org\nSubject: =?utf-8?B?UmU6?= \xd2\xe2\xbc\xfb" "\n"
           "Content-Type: text/plain; charset=gb2312\n\nx\n");
  g_autoptr(IntakeParsedMessage) cp1252 =
    parse ("From: a@example.org\nSubject: R\xe9vision \x93quoted\x94\nContent-Type: text/plain; charset=utf-8\n\nx\n");
  g_autoptr(IntakeParsedMessage) utf8 =
    parse ("From: a@example.org\nSubject: R\xc3\xa9vision\nContent-Type: text/plain; charset=iso-8859-1\n\nx\n");

  g_assert_cmpstr (gb->subject, ==, "关于学校警察的意见");
  g_assert_cmpstr (gb->body, ==, "意见");
  g_assert_cmpstr (koi8->subject, ==, "Отзыв о программе");
  g_assert_cmpstr (mixed->subject, ==, "Re: 意见");
  g_assert_cmpstr (cp1252->subject, ==, "Révision “quoted”");
  g_assert_cmpstr (utf8->subject, ==, "Révision");
}

/* A sender named in From without an address keeps the name, whoever's
 * address is read instead; a From with an address is the sender. */
static void
test_header_sender_name_without_address (void)
{
  static const struct
  {
    const char *headers;
    const char *name;
    const char *addr;
  } cases[] = {
    { "From: \"Help Desk\" <>\nSender: owner@example.org\n", "Help Desk", "owner@example.org" },
    { "From: \"Help Desk\" <>\nSender: List Owner <owner@example.org>\n", "Help Desk", "owner@example.org" },
    { "From: Help Desk <>\nReply-To: desk@example.org\n", "Help Desk", "desk@example.org" },
    { "From: \"Help Desk\" <>\n", "Help Desk", "" },
    { "From: <>\nSender: List Owner <owner@example.org>\n", "List Owner", "owner@example.org" },
    { "From: a@example.org\nSender: List Owner <owner@example.org>\n", "", "a@example.org" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *raw = g_strdup_printf ("%sSubject: s\n\nx\n", cases[i].headers);
      g_autoptr(IntakeParsedMessage) m = parse (raw);

      g_assert_cmpstr (m->from_name, ==, cases[i].name);
      g_assert_cmpstr (m->from_addr, ==, cases[i].addr);
    }
}

/* A From GMime finds no mailbox in keeps the angle-addr it ends in, and
 * the name before it when it has a letter; what is no address is not. */
static void
test_header_sender_unparsable_name (void)
{
  static const struct
  {
    const char *from;
    const char *name;
    const char *addr;
  } cases[] = {
    { "Roy, Dana [Board] <dana@example.org>", "Roy, Dana [Board]", "dana@example.org" },
    { "=?utf-8?q?Andr=C3=A9?= [Parent] <andre@example.org>", "André [Parent]", "andre@example.org" },
    { ". <user@example.org>", "", "user@example.org" },
    { "Dana [Board] <not an address>", "", "" },
    { "Dana [Board] <@example.org>", "", "" },
    { "Dana [Board] <dana\\@board@example.org>", "", "" },
    { "Dana [Board] <dana@board@example.org>", "", "" },
    { "\"Dana Roy\" <dana@example.org>", "Dana Roy", "dana@example.org" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *raw = g_strdup_printf ("From: %s\nSubject: s\n\nx\n", cases[i].from);
      g_autoptr(IntakeParsedMessage) m = parse (raw);

      g_assert_cmpstr (m->from_name, ==, cases[i].name);
      g_assert_cmpstr (m->from_addr, ==, cases[i].addr);
    }
}

/* An encoded word is a name, never an address (RFC 2047 section 5); a
 * bare local part stays the address it is. */
static void
test_header_sender_encoded_word_alone (void)
{
  g_autoptr(IntakeParsedMessage) alone =
    parse ("From: =?koi8-r?B?79Ta2dcgzyDQ0s/H0sHNzcU=?=\nSubject: s\n\nx\n");
  g_autoptr(IntakeParsedMessage) named =
    parse ("From: =?utf-8?q?Andr=C3=A9?= <andre@example.org>\nSubject: s\n\nx\n");
  g_autoptr(IntakeParsedMessage) local =
    parse ("From: andre\nSubject: s\n\nx\n");

  g_assert_cmpstr (alone->from_name, ==, "Отзыв о программе");
  g_assert_cmpstr (alone->from_addr, ==, "");
  g_assert_cmpstr (named->from_name, ==, "André");
  g_assert_cmpstr (named->from_addr, ==, "andre@example.org");
  g_assert_cmpstr (local->from_name, ==, "");
  g_assert_cmpstr (local->from_addr, ==, "andre");
}

/* Years of two and three digits as RFC 5322 section 4.3 reads them. */
static void
test_header_date_short_year (void)
{
  static const struct
  {
    const char *date;
    gint64      expected;
  } cases[] = {
    { "Mon,  2 Apr 101 04:20:10 CST", 986206810 },
    { "mon, 2 apr 101 04:20:10 cst", 986206810 },
    { "2 Apr 199 04:20:10 -0600", 4078808410 },
    { "Mon, 2 Apr 01 04:20:10 CST", 986206810 },
    { "Fri, 2 Apr 99 04:20:10 CST", 923048410 },
    { "Tue, 2 Apr 85 04:20:10 CST", 481285210 },
    { "Mon, 2 Apr 2001 04:20:10 CST", 986206810 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *raw = g_strdup_printf ("From: a@example.org\nDate: %s\n\nx\n", cases[i].date);
      g_autoptr(IntakeParsedMessage) m = parse (raw);

      g_assert_true (m->has_date);
      g_assert_cmpint (m->date, ==, cases[i].expected);
    }
}

static void
test_header_date_broken (void)
{
  g_autoptr(IntakeParsedMessage) m = parse ("From: a@example.org\nDate: sometime last week-ish\n\nBody\n");

  /* Unknown, not invented. */
  g_assert_false (m->has_date);
}

static void
test_header_threading (void)
{
  g_autoptr(IntakeParsedMessage) m =
    parse ("From: a@example.org\nMessage-ID: <abc.1@example.org>\n"
           "In-Reply-To: <parent.1@example.org> (message from someone)\n"
           "References: <root@example.org>\n <parent.1@example.org>\n\nBody\n");

  g_assert_cmpstr (m->message_id, ==, "abc.1@example.org");
  g_assert_cmpstr (m->in_reply_to, ==, "parent.1@example.org");
  g_assert_cmpstr (m->references, ==, "root@example.org parent.1@example.org");
}

/* ---- Bodies ----------------------------------------------------------- */

static void
test_body_latin1 (void)
{
  g_autoptr(IntakeParsedMessage) m =
    parse ("From: a@example.org\nContent-Type: text/plain; charset=iso-8859-1\n"
           "Content-Transfer-Encoding: 8bit\n\nL'\xe9l\xe8ve a parl\xe9.\n");

  g_assert_cmpstr (m->body, ==, "L'élève a parlé.");
}

static void
test_body_mislabelled_ascii (void)
{
  g_autoptr(IntakeParsedMessage) m =
    parse ("From: a@example.org\nContent-Type: text/plain; charset=us-ascii\n\nIt\x92s \x93" "fine\x94.\n");

  g_assert_cmpstr (m->body, ==, "It’s “fine”.");
}

static void
test_body_undeclared_utf8 (void)
{
  g_autoptr(IntakeParsedMessage) m = parse ("From: a@example.org\n\nÉcole française\n");

  g_assert_cmpstr (m->body, ==, "École française");
}

/* One bad byte in a UTF-8 part costs that byte only: in Latin text it is
 * read as the Windows-1252 it most likely was, elsewhere replaced; a part
 * of mostly bad bytes is Windows-1252 whole, as before. */
static void
test_body_utf8_with_a_bad_byte (void)
{
  static const struct
  {
    const char *charset;
    const char *body;
    const char *expected;
  } cases[] = {
    /* A Windows quote pasted into French UTF-8 */
    { "utf-8", "L\xe2\x80\x99\xc3\xa9" "cole, c\x92" "est s\xc3\xbbr.", "L’école, c’est sûr." },
    /* Cyrillic with a sequence cut short: only that byte is lost */
    { "utf-8", "\xd0\x9f\xd1\x80\xd0\xbe\xd1\x84\xd0 \xd0\xb8\xd0\xbb\xd1\x8c",
      "\xd0\x9f\xd1\x80\xd0\xbe\xd1\x84\xef\xbf\xbd \xd0\xb8\xd0\xbb\xd1\x8c" },
    /* A lone continuation byte among HTML-like Cyrillic text, undeclared */
    { NULL, "\xd0\x9f\xd1\x80\xd0\xbe\x80\xd1\x84", "\xd0\x9f\xd1\x80\xd0\xbe\xef\xbf\xbd\xd1\x84" },
    /* Windows-1252 labelled UTF-8, one pair of bytes that happens to be UTF-8 */
    { "utf-8", "Caf\xe9, \xe9l\xe8ve, \xc3\xa9t\xe9", "Café, élève, Ã©té" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *raw = NULL;
      g_autoptr(IntakeParsedMessage) m = NULL;

      if (cases[i].charset)
        raw = g_strdup_printf ("From: a@example.org\nContent-Type: text/plain; charset=%s\n"
                               "Content-Transfer-Encoding: 8bit\n\n%s\n", cases[i].charset, cases[i].body);
      else
        raw = g_strdup_printf ("From: a@example.org\n\n%s\n", cases[i].body);
      m = parse (raw);
      g_assert_cmpstr (m->body, ==, cases[i].expected);
    }

  /* The same in an HTML part, as it was first seen. */
  {
    g_autoptr(IntakeParsedMessage) m =
      parse ("From: a@example.org\nContent-Type: text/html; charset=utf-8\n"
             "Content-Transfer-Encoding: 8bit\n\n"
             "<html><body><p>\xd0\x9f\xd1\x80\xd0\xbe\xd1\x84\xd0\xb8\xd0\xbb\xd1\x8c "
             "\xd1\x88\xd0\xba\xd0\xbe\xd0\xbb\xd1\x8b\xff</p></body></html>\n");

    g_assert_nonnull (strstr (m->body, "Профиль школы"));
    g_assert_null (strstr (m->body, "Ð"));
  }
}

/* A run of encoded words whose first ends in base64 padding keeps its end,
 * in the subject and in the sender's name (GMime 3.2.13 lost it). */
static void
test_header_padded_encoded_words (void)
{
  g_autoptr(IntakeParsedMessage) m =
    parse ("From: =?utf-8?B?w6k=?= =?utf-8?B?Y29sZQ==?=\n =?utf-8?Q?_publique?= <a@example.org>\n"
           "Subject: =?utf-8?B?w6k=?= =?utf-8?B?YWJj?=\n\nx\n");
  g_autoptr(IntakeParsedMessage) plain =
    parse ("From: a@example.org\nSubject: =?utf-8?B?w6k=?= abc =?iso-8859-1?B?6Q==?=\n\nx\n");

  g_assert_cmpstr (m->subject, ==, "éabc");
  g_assert_cmpstr (m->from_name, ==, "école publique");
  g_assert_cmpstr (m->from_addr, ==, "a@example.org");
  /* A word followed by plain text, or last, is left as it was. */
  g_assert_cmpstr (plain->subject, ==, "é abc é");
}

/* The charsets that say everything in 7 bits are converted all the same. */
static void
test_body_seven_bit_charsets (void)
{
  static const struct
  {
    const char *charset;
    const char *body;
    const char *expected;
  } cases[] = {
    { "iso-2022-jp", "\x1b$BF|K\\8l$N%a!<%k\x1b(B", "日本語のメール" },
    { "utf-7", "Caf+AOk +JhU-", "Café ☕" },
    { "hz-gb-2312", "~{VPND~} and ~~", "中文 and ~" },
    { "us-ascii", "Plain $B text", "Plain $B text" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *raw = g_strdup_printf ("From: a@example.org\nContent-Type: text/plain; charset=%s\n"
                                              "Content-Transfer-Encoding: 7bit\n\n%s\n",
                                              cases[i].charset, cases[i].body);
      g_autoptr(IntakeParsedMessage) m = parse (raw);

      g_assert_cmpstr (m->body, ==, cases[i].expected);
    }
}

/* Control characters do not reach stored text, but tab and line feed: each
 * is a space, so that words it kept apart stay apart. */
/* The hashes stored are those GLib's GChecksum made before, for every
 * length around SHA-256's 64-byte blocks and fed whole or in pieces. */
static void
test_checksum_sha256_as_glib (void)
{
  g_autofree guchar *data = g_malloc (300);

  for (guint i = 0; i < 300; i++)
    data[i] = (guchar) (i * 37 + 11);

  for (gsize len = 0; len < 300; len++)
    {
      g_autofree char *expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
      g_autofree char *whole = intake_sha256_for_data (data, len);
      g_autoptr(IntakeSha256) pieces = intake_sha256_new ();

      for (gsize at = 0; at < len; at += 7)
        intake_sha256_update (pieces, data + at, MIN (7, len - at));
      g_assert_cmpstr (whole, ==, expected);
      g_assert_cmpstr (intake_sha256_get_string (pieces), ==, expected);
    }

  {
    g_autoptr(IntakeSha256) text = intake_sha256_new ();
    g_autofree char *expected = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "résumé", -1);

    intake_sha256_update (text, "résumé", -1);
    g_assert_cmpstr (intake_sha256_get_string (text), ==, expected);
  }
}

static const char *
language_of_body (const char *body)
{
  g_autofree char *raw = g_strdup_printf ("From: a@example.org\nSubject: s\n"
                                          "Content-Type: text/plain; charset=utf-8\n\n%s\n", body);
  g_autoptr(IntakeParsedMessage) message = parse (raw);

  return message->language;
}

static void
test_body_language (void)
{
  g_assert_cmpstr (language_of_body ("I think that the officers should stay in our schools, and we are not alone."),
                   ==, "English");
  g_assert_cmpstr (language_of_body ("Je pense que les agents sont utiles dans nos écoles, et nous voulons leur présence."),
                   ==, "French");
  /* Capitals are lower-cased, accented ones too: "À" is "à". */
  g_assert_cmpstr (language_of_body ("LES ÉLÈVES ET LES PARENTS SONT À L'ÉCOLE, PAS DANS LA RUE."), ==, "French");
  g_assert_cmpstr (language_of_body ("À À À À"), ==, "French");
  /* A listed word inside a longer one, or next to a letter of another
   * script, is not that word. */
  g_assert_cmpstr (language_of_body ("theatre andante isolate tofu offering"), ==, NULL);
  g_assert_cmpstr (language_of_body ("theσ andσ isσ toσ ofσ"), ==, NULL);
  /* Neither three to one: left for a reviewer. */
  g_assert_cmpstr (language_of_body ("the and is to les des et est"), ==, NULL);
  g_assert_cmpstr (language_of_body ("the and"), ==, NULL);
}

static void
test_body_control_characters (void)
{
  g_autoptr(IntakeParsedMessage) m =
    parse ("From: a@example.org\nSubject: Bell\x07 here\nContent-Type: text/plain; charset=utf-8\n\n"
           "Unit\x1fseparator\tand\x01 bell\x07, \xc3\xa9t\xc3\xa9\x7f\nnext line\n");

  g_assert_cmpstr (m->body, ==, "Unit separator\tand  bell , été \nnext line");
  g_assert_cmpstr (m->subject, ==, "Bell here");
  g_assert_null (strpbrk (m->text, "\x01\x07\x1f\x7f"));
}

/* Zone names in lower case are read as the zones they name. */
static void
test_header_lower_case_zone (void)
{
  static const struct
  {
    const char *date;
    gint64      expected;
  } cases[] = {
    { "Tue, 20 Apr 2021 12:24:23 cst", 1618943063 },
    { "Tue, 20 Apr 2021 12:24:23 CST", 1618943063 },
    { "Tue, 20 Apr 2021 12:24:23 edt", 1618935863 },
    { "Tue, 20 Apr 2021 12:24:23 gmt", 1618921463 },
    { "Tue, 20 Apr 2021 12:24:23 -0600", 1618943063 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *raw = g_strdup_printf ("From: a@example.org\nDate: %s\n\nx\n", cases[i].date);
      g_autoptr(IntakeParsedMessage) m = parse (raw);

      g_assert_true (m->has_date);
      g_assert_cmpint (m->date, ==, cases[i].expected);
    }
}

/* An invalid Content-Type is text/plain (RFC 2045), and its parameters
 * still name the file; a named part's type is its name's. */
static void
test_body_invalid_content_type (void)
{
  g_autoptr(IntakeParsedMessage) m =
    parse ("From: a@example.org\nSubject: Bad types\nMIME-Version: 1.0\n"
           "Content-Type: multipart/mixed; boundary=\"b\"\n\n"
           "--b\nContent-Type: text\n\nHello body\n"
           "--b\nContent-Type: application-x-gzip; name=\"document.xml.gz\"\n"
           "Content-Transfer-Encoding: base64\n\nH4sIAAAAAAAAA8tIzcnJBwCGphA2BQAAAA==\n"
           "--b\nContent-Type: BINARY;name=\"notes.txt\"\nContent-Disposition: attachment\n\n"
           "Some notes text\n--b--\n");
  IntakeParsedAttachment *gzip, *notes;

  g_assert_cmpstr (m->body, ==, "Hello body");
  g_assert_cmpuint (m->attachments->len, ==, 2);
  gzip = g_ptr_array_index (m->attachments, 0);
  notes = g_ptr_array_index (m->attachments, 1);
  g_assert_cmpstr (gzip->filename, ==, "document.xml.gz");
  g_assert_cmpstr (gzip->mime_type, ==, "application/gzip");
  g_assert_cmpstr (notes->filename, ==, "notes.txt");
  g_assert_cmpstr (notes->mime_type, ==, "text/plain");
  g_assert_cmpstr (notes->text, ==, "Some notes text");
}

/* A part whose headers run into its base64 keeps its content, with a note;
 * a message whose parts are whole has none. */
static void
test_body_run_in_part_headers (void)
{
  g_autoptr(IntakeParsedMessage) m =
    parse ("From: a@example.org\nSubject: Run-in\nMIME-Version: 1.0\n"
           "Content-Type: multipart/mixed;\n boundary=\"outer\"\n\n"
           "--outer\nContent-Type: text/plain\n\nBody here\n"
           "--outer\nContent-Type: text/plain; name=\"notes.txt\"\n"
           "Content-Disposition: attachment; filename=\"notes.txt\"\n"
           "Content-Transfer-Encoding: base64\n"
           "SGVsbG8gYXR0YWNobWVudCB0ZXh0Lgo=\n"
           "--outer--\n");
  g_autoptr(IntakeParsedMessage) whole =
    parse ("From: a@example.org\nSubject: Whole\nMIME-Version: 1.0\n"
           "Content-Type: multipart/mixed; boundary=b\n\n"
           "--b\nContent-Type: text/plain\n\n--b is not a boundary of this one\nNot: a header\n"
           "--b--\n");
  IntakeParsedAttachment *notes;

  g_assert_cmpuint (m->attachments->len, ==, 1);
  notes = g_ptr_array_index (m->attachments, 0);
  g_assert_cmpstr (notes->filename, ==, "notes.txt");
  g_assert_cmpstr (notes->text, ==, "Hello attachment text.\n");
  g_assert_nonnull (m->note);
  g_assert_nonnull (strstr (m->note, "ran into its content"));

  g_assert_null (whole->note);
  g_assert_cmpstr (whole->body, ==, "--b is not a boundary of this one\nNot: a header");
}

/* Header lines that run into the text with no blank line: the text is
 * read from the first line that is no header, unless a header field comes
 * after it (a line that lost its folding), and a folded field is no text. */
static void
test_body_run_in_own_headers (void)
{
  g_autoptr(IntakeParsedMessage) bare =
    parse ("From: a@example.org\nSubject: No gap\nThe officers should stay, I think.");
  g_autoptr(IntakeParsedMessage) longer =
    parse ("From: a@example.org\r\nSubject: No gap\r\nFirst line of the letter\r\n"
           "and its second, (with a colon: here)\r\n\r\nLast paragraph\r\n");
  g_autoptr(IntakeParsedMessage) unfolded =
    parse ("Subject: A subject that\nlost its folding\nFrom: b@example.org\n\nBody\n");
  g_autoptr(IntakeParsedMessage) folded =
    parse ("Subject: A subject that\n is folded\nFrom: c@example.org\n\nBody\n");

  g_assert_cmpstr (bare->subject, ==, "No gap");
  g_assert_cmpstr (bare->from_addr, ==, "a@example.org");
  g_assert_cmpstr (bare->body, ==, "The officers should stay, I think.");
  g_assert_nonnull (bare->note);
  g_assert_nonnull (strstr (bare->note, "headers ran into its text"));

  g_assert_cmpstr (longer->body, ==, "First line of the letter\nand its second, (with a colon: here)\n\nLast paragraph");
  g_assert_nonnull (longer->note);

  g_assert_cmpstr (unfolded->from_addr, ==, "b@example.org");
  g_assert_cmpstr (unfolded->body, ==, "Body");
  g_assert_null (unfolded->note);

  g_assert_cmpstr (folded->subject, ==, "A subject that is folded");
  g_assert_cmpstr (folded->from_addr, ==, "c@example.org");
  g_assert_cmpstr (folded->body, ==, "Body");
  g_assert_null (folded->note);
}

/* Words labelled base64 are read as words; base64 is decoded, even with
 * white space at its line ends, one damaged line or a last quantum cut. */
static void
test_body_base64_that_is_words (void)
{
  g_autoptr(IntakeParsedMessage) words =
    parse ("From: a@example.org\nContent-Type: text/plain; charset=utf-8\n"
           "Content-Transfer-Encoding: base64\n\n"
           "Keep the programme but train the\nofficers first and ask students\n");
  g_autoptr(IntakeParsedMessage) trailing =
    parse ("From: a@example.org\nContent-Transfer-Encoding: base64\n\n"
           "S2VlcCB0aGUg \ncHJvZ3JhbW1l\t\n");
  g_autoptr(IntakeParsedMessage) one_damaged =
    parse ("From: a@example.org\nContent-Transfer-Encoding: base64\n\n"
           "S2VlcCB0aGUg\ncHJvZ3Jh bW1l\nIGFuZCB0cmFp\n");
  g_autoptr(IntakeParsedMessage) cut =
    parse ("From: a@example.org\nContent-Transfer-Encoding: base64\n\nS2VlcCB0aGUgcHJvZ3JhbW1lI\n");
  g_autoptr(IntakeParsedMessage) attachment =
    parse ("From: a@example.org\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n"
           "--b\nContent-Type: text/plain\n\nSee the notes.\n"
           "--b\nContent-Type: text/plain; name=notes.txt\nContent-Disposition: attachment; filename=notes.txt\n"
           "Content-Transfer-Encoding: base64\n\nNotes from the parents council\n--b--\n");

  g_assert_cmpstr (words->body, ==, "Keep the programme but train the\nofficers first and ask students");
  g_assert_cmpstr (trailing->body, ==, "Keep the programme");
  g_assert_cmpstr (one_damaged->body, ==, "Keep the programme and trai");
  g_assert_true (g_str_has_prefix (cut->body, "Keep the programme"));
  g_assert_cmpuint (attachment->attachments->len, ==, 1);
  g_assert_cmpstr (((IntakeParsedAttachment *) g_ptr_array_index (attachment->attachments, 0))->text,
                   ==, "Notes from the parents council");
}

/* A first header line indented by mistake is a header; a letter whose
 * first line is indented has no header, and is no message. */
static void
test_message_indented_first_header (void)
{
  g_autoptr(IntakeParsedMessage) m =
    parse (" From: Dana Roy <dana@example.org>\nSubject: Indented\n\nBody\n");
  g_autoptr(IntakeParsedMessage) tab =
    parse ("\tSubject: Tabbed\nFrom: e@example.org\n\nBody\n");
  const char *letter = "   Dear trustees,\nThe officers should stay.\n";

  g_assert_cmpstr (m->from_name, ==, "Dana Roy");
  g_assert_cmpstr (m->from_addr, ==, "dana@example.org");
  g_assert_cmpstr (m->subject, ==, "Indented");
  g_assert_cmpstr (m->body, ==, "Body");
  g_assert_cmpstr (tab->subject, ==, "Tabbed");
  assert_parse_fails (letter, strlen (letter), INTAKE_MESSAGE_ERROR_NO_HEADERS);
}

/* An attachment's name in UTF-8 declared as Latin-1 reads as meant; a
 * Latin-1 name stays as it is. */
static void
test_attachment_name_wrong_charset (void)
{
  g_autoptr(IntakeParsedMessage) m =
    parse ("From: a@example.org\nSubject: Names\nMIME-Version: 1.0\n"
           "Content-Type: multipart/mixed; boundary=b\n\n"
           "--b\nContent-Type: text/plain\n\nBody\n"
           "--b\nContent-Type: text/plain\n"
           "Content-Disposition: attachment; filename*=iso-8859-1''r%C3%A9sum%C3%A9.txt\n\none\n"
           "--b\nContent-Type: text/plain\n"
           "Content-Disposition: attachment; filename*=iso-8859-1''%C9l%E8ve.txt\n\ntwo\n"
           "--b\nContent-Type: text/plain\n"
           "Content-Disposition: attachment; filename=\"=?iso-8859-1?Q?=C3=A9cole.txt?=\"\n\nthree\n"
           "--b--\n");

  g_assert_cmpuint (m->attachments->len, ==, 3);
  g_assert_cmpstr (((IntakeParsedAttachment *) g_ptr_array_index (m->attachments, 0))->filename, ==, "résumé.txt");
  g_assert_cmpstr (((IntakeParsedAttachment *) g_ptr_array_index (m->attachments, 1))->filename, ==, "Élève.txt");
  g_assert_cmpstr (((IntakeParsedAttachment *) g_ptr_array_index (m->attachments, 2))->filename, ==, "école.txt");
}

static void
test_body_unknown_charset (void)
{
  g_autoptr(IntakeParsedMessage) m =
    parse ("From: a@example.org\nContent-Type: text/plain; charset=x-no-such-charset\n\nCaf\xe9 ouvert\n");

  g_assert_cmpstr (m->body, ==, "Café ouvert");
}

static void
test_body_quoted_printable (void)
{
  g_autoptr(IntakeParsedMessage) m =
    parse ("From: a@example.org\nContent-Type: text/plain; charset=utf-8\n"
           "Content-Transfer-Encoding: quoted-printable\n\n"
           "Je me sens plus en s=C3=A9curit=C3=A9 quand un agent est pr=C3=A9sent =\n"
           "=C3=A0 l'=C3=A9cole.\n");

  g_assert_cmpstr (m->body, ==, "Je me sens plus en sécurité quand un agent est présent à l'école.");
}

static void
test_body_base64 (void)
{
  g_autoptr(IntakeParsedMessage) m =
    parse ("From: a@example.org\nContent-Type: text/plain; charset=utf-8\n"
           "Content-Transfer-Encoding: base64\n\nUGxlYXNlIGZ1bmQgY291bnNlbGxvcnMu\n");

  g_assert_cmpstr (m->body, ==, "Please fund counsellors.");
}

static void
test_body_bad_base64 (void)
{
  g_autoptr(IntakeParsedMessage) m =
    parse ("From: a@example.org\nContent-Transfer-Encoding: base64\n\nUGxlYXNl!!!IGZ1bmQ*\n@@@\n");

  /* Damaged, but what can be read is kept rather than the message lost. */
  g_assert_true (g_str_has_prefix (m->body, "Please"));
}

static void
test_body_html_only (void)
{
  g_autoptr(IntakeParsedMessage) m =
    parse ("From: a@example.org\nContent-Type: text/html; charset=utf-8\n\n"
           "<html><head><style>p{margin:0}</style><script>document.write('tracking')</script></head>"
           "<body><p>First &amp; foremost.</p><p>Second<br>line</p>"
           "<img src=\"https://tracker.example.com/p.gif\" alt=\"\"></body></html>\n");

  g_assert_nonnull (strstr (m->body, "First & foremost."));
  g_assert_nonnull (strstr (m->body, "Second\nline"));
  g_assert_null (strstr (m->body, "tracking"));
  g_assert_null (strstr (m->body, "margin"));
  g_assert_null (strstr (m->body, "<p>"));
  g_assert_null (strstr (m->body, "tracker.example.com"));
}

static void
test_body_alternative_prefers_plain (void)
{
  g_autoptr(IntakeParsedMessage) m =
    parse ("From: a@example.org\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=b\n\n"
           "--b\nContent-Type: text/plain\n\nPlain version\n"
           "--b\nContent-Type: text/html\n\n<p>HTML version</p>\n--b--\n");

  g_assert_cmpstr (m->body, ==, "Plain version");
}

static void
test_body_forwarded (void)
{
  g_autoptr(IntakeParsedMessage) m =
    parse ("From: a@example.org\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n"
           "--b\nContent-Type: text/plain\n\nForwarding my neighbour's letter.\n"
           "--b\nContent-Type: message/rfc822\n\n"
           "From: Grace Kim <grace@example.net>\nSubject: My letter\n\nThe officer coached our team.\n"
           "--b--\n");

  g_assert_nonnull (strstr (m->body, "Forwarding my neighbour's letter."));
  g_assert_nonnull (strstr (m->body, "Grace Kim <grace@example.net>"));
  g_assert_nonnull (strstr (m->body, "The officer coached our team."));
}

static void
test_body_missing_boundary (void)
{
  g_autoptr(IntakeParsedMessage) m =
    parse ("From: a@example.org\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=never\n\n"
           "Text with no parts at all.\n");

  /* Nothing is lost: the text stays readable somewhere. */
  g_assert_nonnull (m);
}

static void
test_body_nul_bytes (void)
{
  const char raw[] = "From: a@example.org\nSubject: nul\n\nBefore\0after\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeParsedMessage) m = intake_message_parse (raw, sizeof raw - 1, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (m->body, ==, "Beforeafter");
}

static void
test_body_format_flowed (void)
{
  g_autoptr(IntakeParsedMessage) m =
    parse ("From: a@example.org\nContent-Type: text/plain; format=flowed\n\n"
           "This paragraph was \nwrapped by the mail \nprogram.\n\nSecond.\n");

  g_assert_cmpstr (m->body, ==, "This paragraph was wrapped by the mail program.\n\nSecond.");
}

/* The body of a format=flowed message, with the given DelSp. */
static char *
flowed_body (const char *delsp,
             const char *body)
{
  g_autofree char *raw =
    g_strdup_printf ("From: a@example.org\nContent-Type: text/plain; format=flowed%s%s\n\n%s",
                     delsp ? "; delsp=" : "", delsp ? delsp : "", body);
  g_autoptr(IntakeParsedMessage) m = parse (raw);

  return g_strdup (m->body);
}

static void
test_body_flowed_quoted (void)
{
  g_autofree char *depth1 = flowed_body (NULL, "> This was \n> quoted.\n\nReply.\n");
  g_autofree char *depth2 = flowed_body (NULL, ">> Older \n>> words \n>> here.\n");
  g_autofree char *unstuffed = flowed_body (NULL, ">No \n>space.\n");

  /* One quote prefix for the whole paragraph, none left inside it. */
  g_assert_cmpstr (depth1, ==, "> This was quoted.\n\nReply.");
  g_assert_cmpstr (depth2, ==, ">> Older words here.");
  g_assert_cmpstr (unstuffed, ==, ">No space.");
}

static void
test_body_flowed_depth_change (void)
{
  g_autofree char *body =
    flowed_body (NULL, "> Outer \n>> inner \n>> more\n> back \nUnquoted\n");

  /* A flowed line before another depth ends its paragraph. */
  g_assert_cmpstr (body, ==, "> Outer \n>> inner more\n> back \nUnquoted");
}

static void
test_body_flowed_space_stuffed (void)
{
  g_autofree char *plain = flowed_body (NULL, " From here \n on.\n");
  g_autofree char *quoted = flowed_body (NULL, ">  Indented \n> rest\n> \n> Next\n");

  /* The stuffing goes, a second space after the quote marks is content. */
  g_assert_cmpstr (plain, ==, "From here on.");
  g_assert_cmpstr (quoted, ==, ">  Indented rest\n> \n> Next");
}

static void
test_body_flowed_delsp (void)
{
  g_autofree char *yes = flowed_body ("yes", "Super \ncalifragilistic\n> quo \n> ted\n");
  g_autofree char *no = flowed_body ("no", "Super \ncalifragilistic\n> quo \n> ted\n");
  g_autofree char *unset = flowed_body (NULL, "Super \ncalifragilistic\n");

  g_assert_cmpstr (yes, ==, "Supercalifragilistic\n> quoted");
  g_assert_cmpstr (no, ==, "Super califragilistic\n> quo ted");
  g_assert_cmpstr (unset, ==, "Super califragilistic");
}

static void
test_body_flowed_signature (void)
{
  g_autofree char *body = flowed_body ("yes", "Thanks.\n-- \nAlice \nExample Ltd\n");
  g_autofree char *quoted = flowed_body (NULL, "> Bye.\n> -- \n> Bob\n");

  /* The separator ends in a space but does not flow, even with DelSp. */
  g_assert_cmpstr (body, ==, "Thanks.\n-- \nAliceExample Ltd");
  g_assert_cmpstr (quoted, ==, "> Bye.\n> -- \n> Bob");
}

static void
test_body_cr_line_endings (void)
{
  g_autoptr(IntakeParsedMessage) m = parse ("From: c@example.org\rSubject: Old Mac\r\rBody with CR only\r");

  g_assert_cmpstr (m->subject, ==, "Old Mac");
  g_assert_cmpstr (m->from_addr, ==, "c@example.org");
  g_assert_cmpstr (m->body, ==, "Body with CR only");
}

/* ---- Attachments ------------------------------------------------------ */

static void
test_attachment_rfc2231_filename (void)
{
  g_autoptr(IntakeParsedMessage) m =
    parse ("From: a@example.org\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n"
           "--b\nContent-Type: text/plain\n\nSee attached.\n"
           "--b\nContent-Type: text/plain; charset=utf-8\n"
           "Content-Disposition: attachment; filename*=utf-8''M%C3%A9moire%20SRO.txt\n\n"
           "Inside the attachment.\n--b--\n");
  IntakeParsedAttachment *attachment;

  g_assert_cmpuint (m->attachments->len, ==, 1);
  attachment = g_ptr_array_index (m->attachments, 0);
  g_assert_cmpstr (attachment->filename, ==, "Mémoire SRO.txt");
  g_assert_cmpstr (attachment->mime_type, ==, "text/plain");
  g_assert_cmpstr (attachment->text, ==, "Inside the attachment.");
  g_assert_cmpuint (strlen (attachment->sha256), ==, 64);
  g_assert_cmpstr (m->text, ==, "See attached.\n\n--- Mémoire SRO.txt ---\n\nInside the attachment.\n");
}

static void
test_attachment_path_in_filename (void)
{
  g_autoptr(IntakeParsedMessage) m =
    parse ("From: a@example.org\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n"
           "--b\nContent-Type: text/plain\n\nHi\n"
           "--b\nContent-Type: application/octet-stream\n"
           "Content-Disposition: attachment; filename=\"../../.bashrc\"\n\nxx\n"
           "--b\nContent-Type: application/octet-stream\n"
           "Content-Disposition: attachment; filename=\"C:\\\\Users\\\\x\\\\notes.bin\"\n\nxx\n--b--\n");

  g_assert_cmpuint (m->attachments->len, ==, 2);
  g_assert_cmpstr (((IntakeParsedAttachment *) m->attachments->pdata[0])->filename, ==, "bashrc");
  g_assert_cmpstr (((IntakeParsedAttachment *) m->attachments->pdata[1])->filename, ==, "notes.bin");
}

static void
test_attachment_damaged_note_kept (TmpDir        *tmp,
                                   gconstpointer  data)
{
  g_autofree char *path = write_file (tmp->dir, "pdf.eml",
                                      "From: a@example.org\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n"
                                      "--b\nContent-Type: text/plain\n\nSee the PDF.\n"
                                      "--b\nContent-Type: application/pdf; name=r.pdf\nContent-Transfer-Encoding: base64\n\n"
                                      "JVBERi0xLjQKbm90IGEgcmVhbCBwZGY=\n--b--\n", -1);
  g_autoptr(IntakeStore) store = intake_store_new_in_memory (NULL);
  g_autoptr(IntakeImportSummary) summary = import_one (store, path);
  g_autoptr(IntakeSubmission) s = nth_submission (store, 0);
  g_autoptr(IntakeAttachment) attachment = g_list_model_get_item (intake_submission_get_attachments (s), 0);

  /* The reader can say why there is no text. */
  g_assert_null (intake_attachment_get_text (attachment));
  g_assert_nonnull (intake_attachment_get_note (attachment));
  g_assert_cmpstr (intake_attachment_get_note (attachment), !=, "");
}

/* ---- Limits ----------------------------------------------------------- */

/* The limits of intake-message.c, in bytes. */
#define MAX_DEPTH            100
#define MAX_ATTACHMENT_TEXT  (2 * 1000 * 1000)
#define MAX_ATTACHMENTS_TEXT (8 * 1000 * 1000)
#define MAX_BODY_TEXT        (2 * 1000 * 1000)

#define DEPTH_NOTE      "The message is nested deeper than 100 parts; parts below that were not read"

/* A message of @levels multiparts, one inside the other; each level's first
 * part says "Level N" if @text_each, and the innermost part says so. */
static GString *
nested_message (guint    levels,
                gboolean text_each)
{
  GString *raw = g_string_new ("From: a@example.org\nSubject: Deep\nMIME-Version: 1.0\n"
                               "Content-Type: multipart/mixed; boundary=\"b0\"\n\n");

  for (guint i = 0; i < levels; i++)
    {
      g_string_append_printf (raw, "--b%u\n", i);
      if (text_each)
        g_string_append_printf (raw, "Content-Type: text/plain\n\nLevel %u\n--b%u\n", i, i);
      if (i + 1 < levels)
        g_string_append_printf (raw, "Content-Type: multipart/mixed; boundary=\"b%u\"\n\n", i + 1);
      else
        g_string_append (raw, "Content-Type: text/plain\n\nThe innermost text\n");
    }
  for (guint i = levels; i > 0; i--)
    g_string_append_printf (raw, "--b%u--\n", i - 1);

  return raw;
}

static void
test_limit_deep_nesting (TmpDir        *tmp,
                         gconstpointer  data)
{
  g_autoptr(GString) raw = nested_message (10000, TRUE);
  g_autofree char *path = write_file (tmp->dir, "deep.eml", raw->str, raw->len);
  g_autoptr(IntakeStore) store = intake_store_new_in_memory (NULL);
  g_autoptr(IntakeImportSummary) summary = NULL;
  g_autoptr(IntakeSubmission) s = NULL;
  g_autoptr(IntakeParsedMessage) m = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);
  gint64 start = g_get_monotonic_time ();

  summary = import_one (store, path);
  /* GMime stops at 1024 levels and the walker at 100: a second or so, not minutes. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
  g_assert_cmpuint (summary->imported, ==, 1);
  g_assert_cmpuint (summary->rejected, ==, 0);

  /* Level N sits at depth N + 1: the levels above the limit, and the note
   * beside the text. */
  for (guint i = 0; i + 1 < MAX_DEPTH; i++)
    g_string_append_printf (expected, "Level %u\n\n", i);
  g_string_truncate (expected, expected->len - 1);

  s = nth_submission (store, 0);
  g_assert_cmpstr (intake_submission_get_text (s), ==, expected->str);
  g_assert_cmpstr (intake_submission_get_note (s), ==, DEPTH_NOTE);

  m = parse (raw->str);
  g_assert_cmpstr (m->note, ==, DEPTH_NOTE);
  g_assert_cmpstr (m->text, ==, expected->str);
}

static void
test_limit_nesting_neighbours (void)
{
  g_autoptr(GString) at_limit = nested_message (MAX_DEPTH - 1, FALSE);
  g_autoptr(GString) over_limit = nested_message (MAX_DEPTH, FALSE);
  g_autoptr(IntakeParsedMessage) read_all = parse (at_limit->str);
  g_autoptr(IntakeParsedMessage) cut = parse (over_limit->str);

  /* The innermost part of MAX_DEPTH - 1 multiparts is at depth MAX_DEPTH - 1. */
  g_assert_cmpstr (read_all->text, ==, "The innermost text\n");
  g_assert_null (read_all->note);

  /* Nothing was reachable: no text, and the note says why. */
  g_assert_cmpstr (cut->text, ==, "\n");
  g_assert_cmpstr (cut->note, ==, DEPTH_NOTE);
}

/* A message whose text body says @body, with one base64 text/plain attachment per
 * NULL-terminated (filename, contents, length) triple. */
static GString *
message_with_text_files (const char *body,
                         ...)
{
  GString *raw = g_string_new ("From: a@example.org\nSubject: Files\nMIME-Version: 1.0\n"
                               "Content-Type: multipart/mixed; boundary=\"files\"\n\n");
  const char *filename;
  va_list args;

  g_string_append_printf (raw, "--files\nContent-Type: text/plain; charset=utf-8\n\n%s\n", body);

  va_start (args, body);
  while ((filename = va_arg (args, const char *)) != NULL)
    {
      const char *contents = va_arg (args, const char *);
      gsize len = va_arg (args, gsize);
      int state = 0, save = 0;
      gsize start;

      g_string_append_printf (raw, "--files\nContent-Type: text/plain; charset=utf-8\n"
                                   "Content-Disposition: attachment; filename=\"%s\"\n"
                                   "Content-Transfer-Encoding: base64\n\n", filename);
      start = raw->len;
      g_string_set_size (raw, start + (len / 3 + 1) * 4 + len / 57 * 2 + 8);
      start += g_base64_encode_step ((const guchar *) contents, len, TRUE, raw->str + start, &state, &save);
      start += g_base64_encode_close (TRUE, raw->str + start, &state, &save);
      g_string_truncate (raw, start);
    }
  va_end (args);

  g_string_append (raw, "--files--\n");

  return raw;
}

static char *
repeat_char (char  c,
             gsize len)
{
  char *text = g_malloc (len + 1);

  memset (text, c, len);
  text[len] = '\0';

  return text;
}

static IntakeParsedMessage *
parse_len (const GString *raw)
{
  g_autoptr(GError) error = NULL;
  IntakeParsedMessage *message = intake_message_parse (raw->str, raw->len, &error);

  g_assert_no_error (error);
  g_assert_nonnull (message);

  return message;
}

static char *
cut_note (gsize kept,
          gsize full)
{
  g_autofree char *kept_size = g_format_size (kept);
  g_autofree char *full_size = g_format_size (full);

  return g_strdup_printf ("Only the first %s of text were kept; the file holds %s of text", kept_size, full_size);
}

static IntakeParsedAttachment *
attachment_at (IntakeParsedMessage *m,
               guint                i)
{
  g_assert_cmpuint (m->attachments->len, >, i);
  return g_ptr_array_index (m->attachments, i);
}

/* A 100 MB text file: its bytes are kept whole, its text only as far as the limit. */
static void
test_limit_huge_text_attachment (TmpDir        *tmp,
                                 gconstpointer  data)
{
  const char line[] = "The officer visited our class every week and we talked about online safety.\n";
  const gsize size = 100 * 1000 * 1000;
  g_autofree char *contents = g_malloc (size);
  g_autoptr(GString) raw = NULL;
  g_autofree char *path = NULL;
  g_autoptr(IntakeStore) store = intake_store_new_in_memory (NULL);
  g_autoptr(IntakeImportSummary) summary = NULL;
  g_autoptr(IntakeSubmission) s = NULL;
  g_autoptr(IntakeAttachment) attachment = NULL;
  g_autoptr(GArray) found_start = NULL;
  g_autoptr(GArray) found_end = NULL;
  g_autoptr(GBytes) stored = NULL;
  const char *text;
  gsize kept;
  g_autofree char *note = NULL;
  g_autofree char *expected_sha256 = NULL;

  for (gsize i = 0; i < size; i += sizeof line - 1)
    memcpy (contents + i, line, MIN (sizeof line - 1, size - i));
  memcpy (contents, "Frontmatter", 11);
  memcpy (contents + size - 12, " Endmatter.\n", 12);
  expected_sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, size);

  raw = message_with_text_files ("See the attached file.", "big.txt", contents, size, NULL);
  g_clear_pointer (&contents, g_free);
  path = write_file (tmp->dir, "big.eml", raw->str, raw->len);
  g_string_free (g_steal_pointer (&raw), TRUE);

  summary = import_one (store, path);
  g_assert_cmpuint (summary->imported, ==, 1);
  s = nth_submission (store, 0);
  attachment = g_list_model_get_item (intake_submission_get_attachments (s), 0);

  /* The evidence is kept whole. */
  g_assert_cmpint (intake_attachment_get_size (attachment), ==, size);
  g_assert_cmpstr (intake_attachment_get_sha256 (attachment), ==, expected_sha256);

  /* Its text is cut at the end of a line, near the limit. */
  text = intake_attachment_get_text (attachment);
  g_assert_nonnull (text);
  kept = strlen (text);
  g_assert_cmpuint (kept, <=, MAX_ATTACHMENT_TEXT);
  g_assert_cmpuint (kept, >, MAX_ATTACHMENT_TEXT - sizeof line);
  g_assert_true (g_str_has_prefix (text, "Frontmatter"));
  g_assert_true (g_str_has_suffix (text, "online safety."));
  note = cut_note (kept, size);
  g_assert_cmpstr (intake_attachment_get_note (attachment), ==, note);

  /* The submission's text, and so the search index, hold no more. */
  g_assert_cmpuint (strlen (intake_submission_get_text (s)), <, MAX_ATTACHMENT_TEXT + 1000);
  g_assert_nonnull (strstr (intake_submission_get_text (s), "See the attached file."));
  found_start = intake_store_search (store, "Frontmatter", NULL);
  found_end = intake_store_search (store, "Endmatter", NULL);
  g_assert_cmpuint (found_start->len, ==, 1);
  g_assert_cmpuint (found_end->len, ==, 0);
}

static void
test_limit_attachment_text_at_limit (void)
{
  g_autofree char *contents = repeat_char ('a', MAX_ATTACHMENT_TEXT);
  g_autoptr(GString) raw = message_with_text_files ("Body", "exact.txt", contents, (gsize) MAX_ATTACHMENT_TEXT, NULL);
  g_autoptr(IntakeParsedMessage) m = parse_len (raw);
  IntakeParsedAttachment *attachment = attachment_at (m, 0);

  g_assert_cmpuint (strlen (attachment->text), ==, MAX_ATTACHMENT_TEXT);
  g_assert_null (attachment->note);
  g_assert_null (m->note);
}

static void
test_limit_attachment_text_over_limit (void)
{
  g_autofree char *contents = repeat_char ('a', MAX_ATTACHMENT_TEXT + 1);
  g_autoptr(GString) raw = message_with_text_files ("Body", "over.txt", contents, (gsize) MAX_ATTACHMENT_TEXT + 1, NULL);
  g_autoptr(IntakeParsedMessage) m = parse_len (raw);
  IntakeParsedAttachment *attachment = attachment_at (m, 0);
  g_autofree char *note = cut_note (MAX_ATTACHMENT_TEXT, MAX_ATTACHMENT_TEXT + 1);

  /* No break to cut at: one character goes. */
  g_assert_cmpuint (strlen (attachment->text), ==, MAX_ATTACHMENT_TEXT);
  g_assert_cmpstr (attachment->note, ==, note);
  g_assert_true (g_str_has_suffix (m->text, "aaaa\n"));
  g_assert_cmpuint (strlen (m->text), ==, strlen ("Body\n\n--- over.txt ---\n\n") + MAX_ATTACHMENT_TEXT + 1);
}

static void
test_limit_attachment_text_multibyte_at_cut (void)
{
  /* Each straddles the limit: its first byte is the limit's last. */
  const char *characters[] = { "é", "€", "😀" };

  for (guint i = 0; i < G_N_ELEMENTS (characters); i++)
    {
      gsize char_len = strlen (characters[i]);
      g_autofree char *contents = repeat_char ('a', MAX_ATTACHMENT_TEXT + char_len);
      g_autoptr(GString) raw = NULL;
      g_autoptr(IntakeParsedMessage) m = NULL;
      IntakeParsedAttachment *attachment;
      g_autofree char *note = NULL;

      memcpy (contents + MAX_ATTACHMENT_TEXT - 1, characters[i], char_len);
      raw = message_with_text_files ("Body", "accent.txt", contents, (gsize) MAX_ATTACHMENT_TEXT + char_len, NULL);
      m = parse_len (raw);
      attachment = attachment_at (m, 0);

      g_assert_cmpuint (strlen (attachment->text), ==, MAX_ATTACHMENT_TEXT - 1);
      g_assert_true (g_utf8_validate (attachment->text, -1, NULL));
      g_assert_true (g_utf8_validate (m->text, -1, NULL));
      note = cut_note (MAX_ATTACHMENT_TEXT - 1, MAX_ATTACHMENT_TEXT + char_len);
      g_assert_cmpstr (attachment->note, ==, note);
    }
}

static void
test_limit_attachment_text_paragraph_at_cut (void)
{
  const gsize paragraph_end = MAX_ATTACHMENT_TEXT - 5000;
  g_autofree char *contents = repeat_char ('a', MAX_ATTACHMENT_TEXT + 1000);
  g_autoptr(GString) raw = NULL;
  g_autoptr(IntakeParsedMessage) m = NULL;
  IntakeParsedAttachment *attachment;

  /* A paragraph ends a few thousand bytes short of the limit, and a line after it. */
  memcpy (contents + paragraph_end, "\n\n", 2);
  contents[MAX_ATTACHMENT_TEXT - 100] = '\n';
  raw = message_with_text_files ("Body", "paragraphs.txt", contents, (gsize) MAX_ATTACHMENT_TEXT + 1000, NULL);
  m = parse_len (raw);
  attachment = attachment_at (m, 0);

  g_assert_cmpuint (strlen (attachment->text), ==, paragraph_end);
}

/* Past what a message's attachments may hold together, the rest have no text. */
static void
test_limit_attachments_text_in_all (void)
{
  const gsize each = 1900 * 1000;
  g_autofree char *contents = repeat_char ('a', each);
  g_autoptr(GString) raw = message_with_text_files ("Body",
                                                    "1.txt", contents, each, "2.txt", contents, each,
                                                    "3.txt", contents, each, "4.txt", contents, each,
                                                    "5.txt", contents, each, "6.txt", contents, each,
                                                    NULL);
  g_autoptr(IntakeParsedMessage) m = parse_len (raw);
  g_autofree char *limit = g_format_size (MAX_ATTACHMENTS_TEXT);
  g_autofree char *kept_size = g_format_size (MAX_ATTACHMENTS_TEXT - 4 * each);
  g_autofree char *full_size = g_format_size (each);
  g_autofree char *partial_note = NULL;
  g_autofree char *none_note = NULL;
  gsize total = 0;

  partial_note = g_strdup_printf ("Only the first %s of text were kept; the file holds %s of text, "
                                  "and a message’s attachments keep %s of text in all",
                                  kept_size, full_size, limit);
  none_note = g_strdup_printf ("No text was kept: the message’s other attachments already hold the %s "
                               "of text kept for one message", limit);

  g_assert_cmpuint (m->attachments->len, ==, 6);
  for (guint i = 0; i < 4; i++)
    {
      g_assert_cmpuint (strlen (attachment_at (m, i)->text), ==, each);
      g_assert_null (attachment_at (m, i)->note);
      total += each;
    }
  g_assert_cmpuint (strlen (attachment_at (m, 4)->text), ==, MAX_ATTACHMENTS_TEXT - total);
  g_assert_cmpstr (attachment_at (m, 4)->note, ==, partial_note);
  g_assert_null (attachment_at (m, 5)->text);
  g_assert_cmpstr (attachment_at (m, 5)->note, ==, none_note);

  /* Every file's bytes are still there. */
  for (guint i = 0; i < 6; i++)
    g_assert_cmpuint (g_bytes_get_size (attachment_at (m, i)->data), ==, each);

  g_assert_null (strstr (m->text, "--- 6.txt ---"));
  g_assert_cmpuint (strlen (m->text), <, MAX_ATTACHMENTS_TEXT + 1000);
}

static void
test_limit_body_text (void)
{
  const char paragraph[] = "A paragraph of the message itself, which goes on and on.\n\n";
  GString *raw = g_string_new ("From: a@example.org\nSubject: Long\nContent-Type: text/plain; charset=utf-8\n\n");
  g_autoptr(IntakeParsedMessage) m = NULL;
  g_autofree char *kept_size = NULL;
  g_autofree char *full_size = NULL;
  g_autofree char *note = NULL;
  g_autofree char *text = NULL;
  gsize full = 0;

  while (full < 3 * 1000 * 1000)
    {
      g_string_append (raw, paragraph);
      full += strlen (paragraph);
    }
  m = parse_len (raw);
  g_string_free (raw, TRUE);

  g_assert_cmpuint (strlen (m->body), <=, MAX_BODY_TEXT);
  g_assert_cmpuint (strlen (m->body), >, MAX_BODY_TEXT - sizeof paragraph);
  g_assert_true (g_str_has_suffix (m->body, "goes on and on."));

  /* The last blank line is not text. */
  kept_size = g_format_size (strlen (m->body));
  full_size = g_format_size (full - 2);
  note = g_strdup_printf ("Only the first %s of the message’s own text were kept; it holds %s", kept_size, full_size);
  g_assert_cmpstr (m->note, ==, note);

  text = g_strconcat (m->body, "\n", NULL);
  g_assert_cmpstr (m->text, ==, text);
}

/* ---- Rejections ------------------------------------------------------- */

static void
test_reject_no_headers (void)
{
  const char *raw = "I think the officers should stay.\nThanks\n";

  assert_parse_fails (raw, strlen (raw), INTAKE_MESSAGE_ERROR_NO_HEADERS);
}

static void
test_reject_empty (void)
{
  assert_parse_fails ("\n\n", 2, INTAKE_MESSAGE_ERROR_EMPTY);
}

static void
test_reject_huge_header (void)
{
  GString *raw = g_string_new ("From: a@example.org\nX-Junk: ");

  for (guint i = 0; i < 2 * 1024 * 1024; i++)
    g_string_append_c (raw, 'x');
  g_string_append (raw, "\n\nBody\n");

  assert_parse_fails (raw->str, raw->len, INTAKE_MESSAGE_ERROR_TOO_LARGE);
  g_string_free (raw, TRUE);
}

/* ---- Mailboxes -------------------------------------------------------- */

#define GOOD(n) "From sender@example.org Mon Apr 19 14:00:00 2021\n" \
                "From: sender@example.org\nSubject: Good " #n "\nMessage-ID: <good" #n "@example.org>\n\nGood body " #n "\n\n"

static void
test_mbox_mboxrd_unquote (TmpDir        *tmp,
                          gconstpointer  data)
{
  g_autofree char *path = write_file (tmp->dir, "inbox.mbox",
                                      "From a@example.org Mon Apr 19 14:00:00 2021\n"
                                      "From: a@example.org\nSubject: Quoting\n\n"
                                      ">From here on, we disagree.\n>>From the start.\nFrom me.\n\n", -1);
  g_autoptr(IntakeStore) store = intake_store_new_in_memory (NULL);
  g_autoptr(IntakeImportSummary) summary = import_one (store, path);
  g_autoptr(IntakeSubmission) s = NULL;

  g_assert_cmpuint (summary->imported, ==, 1);
  s = nth_submission (store, 0);
  g_assert_cmpstr (intake_submission_get_text (s), ==, "From here on, we disagree.\n>From the start.\nFrom me.\n");
}

/* Every From_ line RFC 4155 allows: a sender of "-", an address with no
 * date after it; a file that opens with a byte-order mark or lines of
 * white space. A body line that only starts "From " is not one. */
static void
test_mbox_from_lines (TmpDir        *tmp,
                      gconstpointer  data)
{
  static const struct
  {
    const char *name;
    const char *mbox;
    guint       n;
  } cases[] = {
    { "dash.mbox",
      "From - \nFrom: a@example.org\nSubject: One\n\nFirst\n\n"
      "From - \nFrom: b@example.org\nSubject: Two\n\nFrom the start, no.\n\n"
      "From - Tue Apr 20 09:00:00 2021\nFrom: c@example.org\nSubject: Three\n\nThird\n", 3 },
    { "address.mbox",
      "From 1234@host\nFrom: a@example.org\nSubject: One\n\nFirst\n\n"
      "From MAILER-DAEMON\nFrom: b@example.org\nSubject: Two\n\nSecond\n", 2 },
    { "bom.mbox",
      "\xef\xbb\xbf" "From a@example.org Mon Apr 19 14:00:00 2021\nFrom: a@example.org\nSubject: One\n\nFirst\n\n"
      "From b@example.org Mon Apr 19 15:00:00 2021\nFrom: b@example.org\nSubject: Two\n\nSecond\n", 2 },
    { "white.mbox",
      "  \n\t\n" "From a@example.org Mon Apr 19 14:00:00 2021\nFrom: a@example.org\nSubject: One\n\nFirst\n", 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_file (tmp->dir, cases[i].name, cases[i].mbox, -1);
      g_autoptr(IntakeStore) store = intake_store_new_in_memory (NULL);
      g_autoptr(IntakeImportSummary) summary = import_one (store, path);
      g_autoptr(IntakeSubmission) first = NULL;

      g_assert_cmpuint (summary->imported, ==, cases[i].n);
      g_assert_cmpuint (summary->rejected, ==, 0);
      first = nth_submission (store, 0);
      g_assert_cmpstr (intake_submission_get_subject (first), ==, "One");
      g_assert_cmpstr (intake_submission_get_from_addr (first), ==, "a@example.org");
      if (i == 0)
        {
          g_autoptr(IntakeSubmission) second = nth_submission (store, 1);

          g_assert_cmpstr (intake_submission_get_text (second), ==, "From the start, no.\n");
        }
    }
}

/* A single message that opens with a byte-order mark, or a line of white
 * space, is a message. */
static void
test_message_bom_and_white_line (TmpDir        *tmp,
                                 gconstpointer  data)
{
  static const char * const messages[] = {
    "\xef\xbb\xbf" "From: a@example.org\nSubject: One\n\nFirst\n",
    " \nFrom: a@example.org\nSubject: One\n\nFirst\n",
    "\r\n\t\r\nFrom: a@example.org\r\nSubject: One\r\n\r\nFirst\r\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    {
      g_autofree char *name = g_strdup_printf ("message-%u.eml", i);
      g_autofree char *path = write_file (tmp->dir, name, messages[i], -1);
      g_autoptr(IntakeStore) store = intake_store_new_in_memory (NULL);
      g_autoptr(IntakeImportSummary) summary = import_one (store, path);
      g_autoptr(IntakeSubmission) first = NULL;

      g_assert_cmpuint (summary->imported, ==, 1);
      first = nth_submission (store, 0);
      g_assert_cmpstr (intake_submission_get_subject (first), ==, "One");
      g_assert_cmpstr (intake_submission_get_from_addr (first), ==, "a@example.org");
      g_assert_cmpstr (intake_submission_get_text (first), ==, "First\n");
    }
}

/* A file whose first header line is indented is a message when the next
 * line is a header too; an indented text file, even with a colon in its
 * first line, is not. */
static void
test_indented_first_header_file (TmpDir        *tmp,
                                  gconstpointer  data)
{
  g_autofree char *mail = write_file (tmp->dir, "folder/indented.eml",
                                      "  From: a@example.org\nSubject: Indented\n\nFirst\n", -1);
  g_autofree char *notes = write_file (tmp->dir, "folder/notes.txt",
                                       "    Note: call the board\nabout the meeting\n", -1);
  g_autofree char *code = write_file (tmp->dir, "folder/code.txt",
                                      "\tcase 1:\n\t\tbreak;\n", -1);
  g_autofree char *folder = g_build_filename (tmp->dir, "folder", NULL);
  g_autoptr(IntakeStore) store = intake_store_new_in_memory (NULL);
  g_autoptr(IntakeImportSummary) summary = import_one (store, folder);
  g_autoptr(IntakeSubmission) first = NULL;

  g_assert_cmpuint (summary->imported, ==, 1);
  g_assert_cmpuint (summary->rejected, ==, 0);
  first = nth_submission (store, 0);
  g_assert_cmpstr (intake_submission_get_subject (first), ==, "Indented");
  g_assert_cmpstr (intake_submission_get_from_addr (first), ==, "a@example.org");

  g_assert_cmpuint (summary->skipped->len, ==, 2);
  for (guint i = 0; i < summary->skipped->len; i++)
    {
      IntakeImportIssue *issue = g_ptr_array_index (summary->skipped, i);

      g_assert_true (g_strcmp0 (issue->file, notes) == 0 || g_strcmp0 (issue->file, code) == 0);
      g_assert_cmpstr (issue->reason, !=, "");
    }
}

/* A web page is not a message, even one whose first line has a colon. */
static void
test_html_file_not_a_message (TmpDir        *tmp,
                              gconstpointer  data)
{
  g_autofree char *page = write_file (tmp->dir, "folder/page.html",
                                      "<html><body>Netscape: the history of the browser\n</body></html>\n", -1);
  g_autofree char *mail = write_file (tmp->dir, "folder/mail.eml",
                                      "X-Mailer: Test\nFrom: a@example.org\nSubject: One\n\nFirst\n", -1);
  g_autofree char *folder = g_build_filename (tmp->dir, "folder", NULL);
  g_autoptr(IntakeStore) store = intake_store_new_in_memory (NULL);
  g_autoptr(IntakeImportSummary) summary = import_one (store, folder);
  const char *paths[] = { page, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeImportSummary) named = NULL;

  g_assert_cmpuint (summary->imported, ==, 1);
  g_assert_cmpuint (summary->skipped->len, ==, 1);
  g_assert_cmpstr (((IntakeImportIssue *) g_ptr_array_index (summary->skipped, 0))->file, ==, page);

  named = import_paths (store, paths, &error);
  g_assert_error (error, INTAKE_IMPORT_ERROR, INTAKE_IMPORT_ERROR_NOT_A_MAILBOX);
  g_assert_null (named);
}

static void
test_mbox_crlf_and_no_final_newline (TmpDir        *tmp,
                                     gconstpointer  data)
{
  g_autofree char *path = write_file (tmp->dir, "crlf.mbox",
                                      "From a@example.org Mon Apr 19 14:00:00 2021\r\n"
                                      "From: a@example.org\r\nSubject: One\r\n\r\nFirst\r\n\r\n"
                                      "From b@example.org Mon Apr 19 15:00:00 2021\r\n"
                                      "From: b@example.org\r\nSubject: Two\r\n\r\nSecond, no newline", -1);
  g_autoptr(IntakeStore) store = intake_store_new_in_memory (NULL);
  g_autoptr(IntakeImportSummary) summary = import_one (store, path);
  g_autoptr(IntakeSubmission) first = NULL;
  g_autoptr(IntakeSubmission) second = NULL;

  g_assert_cmpuint (summary->imported, ==, 2);
  first = nth_submission (store, 0);
  second = nth_submission (store, 1);
  g_assert_cmpstr (intake_submission_get_subject (first), ==, "One");
  g_assert_cmpstr (intake_submission_get_text (first), ==, "First\n");
  g_assert_cmpstr (intake_submission_get_text (second), ==, "Second, no newline\n");
}

static void
test_mbox_damaged (TmpDir        *tmp,
                   gconstpointer  data)
{
  g_autoptr(GString) mbox = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autoptr(IntakeStore) store = intake_store_new_in_memory (NULL);
  g_autoptr(IntakeImportSummary) summary = NULL;
  g_autoptr(GPtrArray) rejections = NULL;
  gsize no_headers_at;
  gsize empty_at;

  g_string_append (mbox, GOOD (1));
  no_headers_at = mbox->len;
  g_string_append (mbox, "From x@example.org Mon Apr 19 14:00:00 2021\nJust some words, no headers.\n\n");
  g_string_append (mbox, GOOD (2));
  empty_at = mbox->len;
  g_string_append (mbox, "From y@example.org Mon Apr 19 14:00:00 2021\n\n");
  g_string_append (mbox, GOOD (3));
  g_string_append (mbox, "From z@example.org Mon Apr 19 14:00:00 2021\nFrom: z@example.org\nSubject: Truncated\n\nHalf a sen");

  path = write_file (tmp->dir, "damaged.mbox", mbox->str, mbox->len);
  summary = import_one (store, path);

  g_assert_cmpuint (summary->seen, ==, 6);
  g_assert_cmpuint (summary->imported, ==, 4);
  g_assert_cmpuint (summary->rejected, ==, 2);
  g_assert_cmpuint (summary->errors->len, ==, 2);

  {
    IntakeImportIssue *a = g_ptr_array_index (summary->errors, 0);
    IntakeImportIssue *b = g_ptr_array_index (summary->errors, 1);
    g_autofree char *pos_a = g_strdup_printf ("%" G_GSIZE_FORMAT, no_headers_at);
    g_autofree char *pos_b = g_strdup_printf ("%" G_GSIZE_FORMAT, empty_at);

    g_assert_cmpstr (a->file, ==, path);
    g_assert_cmpstr (a->position, ==, pos_a);
    g_assert_cmpstr (b->position, ==, pos_b);
  }

  /* The log is kept in the project for the window to show. */
  rejections = intake_store_list_rejections (store, NULL);
  g_assert_cmpuint (rejections->len, ==, 2);
  g_clear_pointer (&rejections, g_ptr_array_unref);

  /* Importing the file again rejects the same two again, but logs them once. */
  g_clear_pointer (&summary, intake_import_summary_free);
  summary = import_one (store, path);
  g_assert_cmpuint (summary->rejected, ==, 2);
  g_assert_cmpuint (summary->duplicates, ==, 4);
  rejections = intake_store_list_rejections (store, NULL);
  g_assert_cmpuint (rejections->len, ==, 2);
}

static void
test_maildir (TmpDir        *tmp,
              gconstpointer  data)
{
  g_autofree char *root = g_build_filename (tmp->dir, "Maildir", NULL);
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL;
  g_autoptr(IntakeStore) store = intake_store_new_in_memory (NULL);
  g_autoptr(IntakeImportSummary) summary = NULL;

  a = write_file (root, "cur/1618840800.M1P1.host:2,S", "From: a@example.org\nSubject: In cur\n\nA\n", -1);
  b = write_file (root, "new/1618840801.M2P1.host", "From: b@example.org\nSubject: In new\n\nB\n", -1);
  c = write_file (root, "tmp/1618840802.M3P1.host", "From: c@example.org\nSubject: Half delivered\n\nC\n", -1);
  d = write_file (root, "dovecot-uidlist", "3 V1 N4\n", -1);

  summary = import_one (store, root);
  g_assert_cmpuint (summary->imported, ==, 2);
  g_assert_cmpuint (summary->files, ==, 2);
}

/* A folder this large is listed on two threads; every message is still
 * found once, in the order of the names, and a link or a hidden file is
 * not a message. */
static void
test_maildir_large (TmpDir        *tmp,
                    gconstpointer  data)
{
  g_autofree char *root = g_build_filename (tmp->dir, "Maildir", NULL);
  g_autofree char *cur = g_build_filename (root, "cur", NULL);
  g_autofree char *link = g_build_filename (cur, "0000-link", NULL);
  g_autofree char *hidden = NULL;
  g_autofree char *new_msg = write_file (root, "new/9999", "From: n@example.org\nSubject: New\n\nN\n", -1);
  g_autofree char *made_cur = write_file (root, "cur/.made", "", 0);
  g_autoptr(IntakeStore) store = intake_store_new_in_memory (NULL);
  g_autoptr(IntakeImportSummary) summary = NULL;
  g_autoptr(IntakeSubmission) first = NULL;
  g_autoptr(IntakeSubmission) last = NULL;
  const guint n = 4200;

  /* Written backwards, so that the order on disk is not the names'. */
  for (guint i = n; i > 0; i--)
    {
      g_autofree char *name = g_strdup_printf ("cur/%05u.M%uP1.host:2,S", i, i);
      g_autofree char *text = g_strdup_printf ("From: a@example.org\nMessage-ID: <%u@example.org>\n"
                                               "Subject: Message %u\n\nText %u\n", i, i, i);
      g_autofree char *path = g_build_filename (root, name, NULL);

      /* Without g_file_set_contents()'s fsync for each. */
      g_assert_true (g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
    }
  hidden = write_file (root, "cur/.keep", "From: h@example.org\nSubject: Hidden\n\nH\n", -1);
  g_assert_no_errno (symlink (new_msg, link));

  summary = import_one (store, root);
  g_assert_cmpuint (summary->files, ==, n + 1);
  g_assert_cmpuint (summary->imported, ==, n + 1);

  /* new/ comes before cur/, then cur/ by name. */
  first = nth_submission (store, 0);
  g_assert_cmpstr (intake_submission_get_subject (first), ==, "New");
  g_clear_object (&first);
  first = nth_submission (store, 1);
  g_assert_cmpstr (intake_submission_get_subject (first), ==, "Message 1");
  last = nth_submission (store, n);
  g_assert_cmpstr (intake_submission_get_subject (last), ==, "Message 4200");
}

static void
test_directory_recursive (TmpDir        *tmp,
                          gconstpointer  data)
{
  g_autofree char *a = write_file (tmp->dir, "letters/2021/one.eml", "From: a@example.org\nSubject: One\n\nA\n", -1);
  g_autofree char *b = write_file (tmp->dir, "letters/two.eml", "From: b@example.org\nSubject: Two\n\nB\n", -1);
  g_autofree char *c = write_file (tmp->dir, "letters/old.mbox", GOOD (1) GOOD (2), -1);
  g_autofree char *d = write_file (tmp->dir, "letters/photo.png", "\x89PNG\r\n\x1a\n\0\0\0", 11);
  g_autofree char *root = g_build_filename (tmp->dir, "letters", NULL);
  g_autoptr(IntakeStore) store = intake_store_new_in_memory (NULL);
  g_autoptr(IntakeImportSummary) summary = import_one (store, root);

  g_assert_cmpuint (summary->imported, ==, 4);
  g_assert_cmpuint (summary->skipped->len, ==, 1);
  g_assert_true (g_str_has_suffix (((IntakeImportIssue *) summary->skipped->pdata[0])->file, "photo.png"));
}

static void
test_not_a_mailbox (TmpDir        *tmp,
                    gconstpointer  data)
{
  g_autofree char *path = write_file (tmp->dir, "photo.png", "\x89PNG\r\n\x1a\n\0\0\0", 11);
  g_autoptr(IntakeStore) store = intake_store_new_in_memory (NULL);
  g_autoptr(GError) error = NULL;
  const char *paths[] = { path, NULL };
  g_autoptr(IntakeImportSummary) summary = import_paths (store, paths, &error);

  g_assert_null (summary);
  g_assert_error (error, INTAKE_IMPORT_ERROR, INTAKE_IMPORT_ERROR_NOT_A_MAILBOX);
}

static void
test_missing_input (TmpDir        *tmp,
                    gconstpointer  data)
{
  g_autofree char *good = write_file (tmp->dir, "good.mbox", GOOD (1), -1);
  g_autofree char *missing = g_build_filename (tmp->dir, "nope.mbox", NULL);
  g_autoptr(IntakeStore) store = intake_store_new_in_memory (NULL);
  g_autoptr(GError) error = NULL;
  const char *paths[] = { good, missing, NULL };
  g_autoptr(IntakeImportSummary) summary = import_paths (store, paths, &error);
  IntakeStats stats;

  g_assert_error (error, INTAKE_IMPORT_ERROR, INTAKE_IMPORT_ERROR_NOT_FOUND);
  g_assert_null (summary);
  /* Checked before anything was imported. */
  g_assert_true (intake_store_get_stats (store, &stats, NULL));
  g_assert_cmpuint (stats.submissions, ==, 0);
}

static void
test_reimport_idempotent (TmpDir        *tmp,
                          gconstpointer  data)
{
  g_autofree char *path = write_file (tmp->dir, "inbox.mbox",
                                      GOOD (1) GOOD (2) GOOD (1)
                                      "From n@example.org Mon Apr 19 14:00:00 2021\n"
                                      "From: n@example.org\nSubject: No id\n\nNo Message-ID here\n\n", -1);
  g_autoptr(IntakeStore) store = intake_store_new_in_memory (NULL);
  g_autoptr(IntakeImportSummary) first = import_one (store, path);
  g_autoptr(IntakeImportSummary) second = import_one (store, path);
  IntakeStats stats;

  g_assert_cmpuint (first->imported, ==, 3);
  g_assert_cmpuint (first->duplicates, ==, 1);
  g_assert_cmpuint (second->imported, ==, 0);
  g_assert_cmpuint (second->duplicates, ==, 4);
  g_assert_true (intake_store_get_stats (store, &stats, NULL));
  g_assert_cmpuint (stats.submissions, ==, 3);
  g_assert_cmpuint (stats.duplicates, ==, 5);
}

/* ---- Async, progress and cancellation --------------------------------- */

typedef struct
{
  GMainLoop           *loop;
  IntakeImportSummary *summary;
  GError              *error;
  guint                fraction_notifies;
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
fraction_cb (GObject    *object,
             GParamSpec *pspec,
             gpointer    user_data)
{
  ((AsyncResult *) user_data)->fraction_notifies++;
}

static char *
write_big_mbox (const char *dir,
                guint       n)
{
  g_autoptr(GString) mbox = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (mbox,
                            "From s@example.org Mon Apr 19 14:00:00 2021\n"
                            "From: s%u@example.org\nSubject: Message %u\nMessage-ID: <m%u@example.org>\n\n"
                            "Body of message %u, with a few words to index.\n\n",
                            i, i, i, i);

  return write_file (dir, "big.mbox", mbox->str, mbox->len);
}

static void
test_async_progress (TmpDir        *tmp,
                     gconstpointer  data)
{
  g_autofree char *project = g_build_filename (tmp->dir, "p.intake", NULL);
  g_autofree char *path = write_big_mbox (tmp->dir, 2000);
  g_autoptr(IntakeStore) store = intake_store_open (project, NULL);
  g_autoptr(IntakeImporter) importer = intake_importer_new (store);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  AsyncResult r = { g_main_loop_new (NULL, FALSE), NULL, NULL, 0 };
  IntakeStats stats;

  g_signal_connect (importer, "notify::fraction", G_CALLBACK (fraction_cb), &r);
  intake_importer_import_async (importer, &file, 1, NULL, import_done_cb, &r);
  g_assert_true (intake_importer_get_busy (importer));
  g_main_loop_run (r.loop);

  g_assert_no_error (r.error);
  g_assert_cmpuint (r.summary->imported, ==, 2000);
  g_assert_false (intake_importer_get_busy (importer));
  g_assert_cmpuint (intake_importer_get_messages (importer), ==, 2000);
  g_assert_cmpfloat (intake_importer_get_fraction (importer), ==, 1.0);
  g_assert_cmpuint (r.fraction_notifies, >=, 1);

  /* The worker wrote through its own connection; ours sees it. */
  g_assert_true (intake_store_get_stats (store, &stats, NULL));
  g_assert_cmpuint (stats.submissions, ==, 2000);

  intake_import_summary_free (r.summary);
  g_main_loop_unref (r.loop);
}

static void
test_async_cancel (TmpDir        *tmp,
                   gconstpointer  data)
{
  g_autofree char *project = g_build_filename (tmp->dir, "p.intake", NULL);
  /* Far more than the import gets through while the test's thread, on a
   * loaded machine, may wait to cancel it. */
  g_autofree char *path = write_big_mbox (tmp->dir, 30000);
  g_autoptr(IntakeStore) store = intake_store_open (project, NULL);
  g_autoptr(IntakeImporter) importer = intake_importer_new (store);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncResult r = { g_main_loop_new (NULL, FALSE), NULL, NULL, 0 };
  IntakeStats stats;

  intake_importer_import_async (importer, &file, 1, cancellable, import_done_cb, &r);
  g_cancellable_cancel (cancellable);
  g_main_loop_run (r.loop);

  g_assert_no_error (r.error);
  g_assert_true (r.summary->cancelled);
  g_assert_cmpuint (r.summary->imported, <, 30000);
  g_assert_cmpuint (r.summary->seen, ==, r.summary->imported + r.summary->duplicates + r.summary->rejected);

  /* What the summary says was imported is what the project holds. */
  g_assert_true (intake_store_get_stats (store, &stats, NULL));
  g_assert_cmpuint (stats.submissions, ==, r.summary->imported);

  intake_import_summary_free (r.summary);
  g_main_loop_unref (r.loop);
}

/* ---- Crash safety ----------------------------------------------------- */

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static void
test_killed_import_consistent (TmpDir        *tmp,
                               gconstpointer  data)
{
  const char *binary = g_getenv ("FEEDBACK_INTAKE");
  g_autofree char *project = g_build_filename (tmp->dir, "killed.intake", NULL);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  const guint delays_ms[] = { 30, 120, 400 };

  if (binary == NULL)
    {
      g_test_skip ("FEEDBACK_INTAKE is not set");
      return;
    }

  /* Messages with attachments, so that a kill can fall between a submission and its files. */
  {
    g_autoptr(GString) mbox = g_string_new (NULL);

    for (guint i = 0; i < 6000; i++)
      g_string_append_printf (mbox,
                              "From s@example.org Mon Apr 19 14:00:00 2021\n"
                              "From: s%u@example.org\nSubject: Message %u\nMessage-ID: <k%u@example.org>\n"
                              "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n"
                              "--b\nContent-Type: text/plain\n\nBody %u\n"
                              "--b\nContent-Type: text/plain\nContent-Disposition: attachment; filename=a.txt\n\nAttached %u\n"
                              "--b\nContent-Type: text/plain\nContent-Disposition: attachment; filename=b.txt\n\nAttached too %u\n"
                              "--b--\n\n",
                              i, i, i, i, i, i);
    path = write_file (tmp->dir, "kill.mbox", mbox->str, mbox->len);
  }

  for (guint round = 0; round < G_N_ELEMENTS (delays_ms); round++)
    {
      g_autoptr(GSubprocess) child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                                       &error, binary, "import", "-p", project, path, NULL);
      sqlite3 *db;

      g_assert_no_error (error);
      g_usleep (delays_ms[round] * 1000);
      g_subprocess_send_signal (child, SIGKILL);
      g_subprocess_wait (child, NULL, NULL);

      if (!g_file_test (project, G_FILE_TEST_EXISTS))
        continue;

      g_assert_cmpint (sqlite3_open (project, &db), ==, SQLITE_OK);
      {
        sqlite3_stmt *stmt;

        g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
        g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
        sqlite3_finalize (stmt);
      }
      /* Killed before the schema was in: the file must then be empty of it. */
      if (query_int (db, "PRAGMA user_version") == 0)
        {
          g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_master"), ==, 0);
          sqlite3_close (db);
          continue;
        }

      /* Whole messages only: every submission has both its attachments. */
      g_assert_cmpint (query_int (db, "SELECT count(*) FROM submissions s WHERE"
                                      " (SELECT count(*) FROM attachments a WHERE a.submission_id = s.id) != 2"), ==, 0);
      /* The full-text index agrees with the rows it indexes. */
      g_assert_cmpint (sqlite3_exec (db, "INSERT INTO submissions_fts (submissions_fts, rank)"
                                         " VALUES ('integrity-check', 1)", NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (db);
    }

  /* And the import completes afterwards with nothing counted twice. */
  {
    g_autoptr(IntakeStore) store = intake_store_open (project, &error);
    g_autoptr(IntakeImportSummary) summary = NULL;
    IntakeStats stats;

    g_assert_no_error (error);
    summary = import_one (store, path);
    g_assert_true (intake_store_get_stats (store, &stats, NULL));
    g_assert_cmpuint (stats.submissions, ==, 6000);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/import/header/rfc2047-subject", test_header_rfc2047_subject);
  g_test_add_func ("/import/header/raw-utf8", test_header_raw_utf8);
  g_test_add_func ("/import/header/raw-windows-1252", test_header_raw_windows_1252);
  g_test_add_func ("/import/header/raw-in-declared-charset", test_header_raw_in_declared_charset);
  g_test_add_func ("/import/header/encoded-sender", test_header_encoded_sender);
  g_test_add_func ("/import/header/folded-subject", test_header_folded_subject);
  g_test_add_func ("/import/header/padded-encoded-words", test_header_padded_encoded_words);
  g_test_add_func ("/import/header/lower-case-zone", test_header_lower_case_zone);
  g_test_add_func ("/import/header/date-utc", test_header_date_utc);
  g_test_add_func ("/import/header/date-missing", test_header_date_missing);
  g_test_add_func ("/import/header/date-broken", test_header_date_broken);
  g_test_add_func ("/import/header/date-short-year", test_header_date_short_year);
  g_test_add_func ("/import/header/sender-encoded-word-alone", test_header_sender_encoded_word_alone);
  g_test_add_func ("/import/header/sender-unparsable-name", test_header_sender_unparsable_name);
  g_test_add_func ("/import/header/sender-name-without-address", test_header_sender_name_without_address);
  g_test_add_func ("/import/header/threading", test_header_threading);
  g_test_add_func ("/import/body/latin1", test_body_latin1);
  g_test_add_func ("/import/body/mislabelled-ascii", test_body_mislabelled_ascii);
  g_test_add_func ("/import/body/undeclared-utf8", test_body_undeclared_utf8);
  g_test_add_func ("/import/body/unknown-charset", test_body_unknown_charset);
  g_test_add_func ("/import/attachment/name-wrong-charset", test_attachment_name_wrong_charset);
  g_test_add_func ("/import/body/run-in-part-headers", test_body_run_in_part_headers);
  g_test_add_func ("/import/body/run-in-own-headers", test_body_run_in_own_headers);
  g_test_add_func ("/import/body/base64-that-is-words", test_body_base64_that_is_words);
  g_test_add_func ("/import/message/indented-first-header", test_message_indented_first_header);
  g_test_add_func ("/import/body/invalid-content-type", test_body_invalid_content_type);
  g_test_add_func ("/import/body/control-characters", test_body_control_characters);
  g_test_add_func ("/import/body/language", test_body_language);
  g_test_add_func ("/import/checksum/sha256-as-glib", test_checksum_sha256_as_glib);
  g_test_add_func ("/import/body/seven-bit-charsets", test_body_seven_bit_charsets);
  g_test_add_func ("/import/body/utf8-with-a-bad-byte", test_body_utf8_with_a_bad_byte);
  g_test_add_func ("/import/body/quoted-printable", test_body_quoted_printable);
  g_test_add_func ("/import/body/base64", test_body_base64);
  g_test_add_func ("/import/body/bad-base64", test_body_bad_base64);
  g_test_add_func ("/import/body/html-only", test_body_html_only);
  g_test_add_func ("/import/body/alternative-prefers-plain", test_body_alternative_prefers_plain);
  g_test_add_func ("/import/body/forwarded", test_body_forwarded);
  g_test_add_func ("/import/body/missing-boundary", test_body_missing_boundary);
  g_test_add_func ("/import/body/nul-bytes", test_body_nul_bytes);
  g_test_add_func ("/import/body/format-flowed", test_body_format_flowed);
  g_test_add_func ("/import/body/flowed/quoted", test_body_flowed_quoted);
  g_test_add_func ("/import/body/flowed/depth-change", test_body_flowed_depth_change);
  g_test_add_func ("/import/body/flowed/space-stuffed", test_body_flowed_space_stuffed);
  g_test_add_func ("/import/body/flowed/delsp", test_body_flowed_delsp);
  g_test_add_func ("/import/body/flowed/signature", test_body_flowed_signature);
  g_test_add_func ("/import/body/cr-line-endings", test_body_cr_line_endings);
  g_test_add_func ("/import/attachment/rfc2231-filename", test_attachment_rfc2231_filename);
  g_test_add_func ("/import/attachment/path-in-filename", test_attachment_path_in_filename);
  g_test_add ("/import/attachment/damaged-note-kept", TmpDir, NULL, tmp_set_up, test_attachment_damaged_note_kept, tmp_tear_down);
  g_test_add ("/import/limit/deep-nesting", TmpDir, NULL, tmp_set_up, test_limit_deep_nesting, tmp_tear_down);
  g_test_add_func ("/import/limit/nesting-neighbours", test_limit_nesting_neighbours);
  g_test_add ("/import/limit/huge-text-attachment", TmpDir, NULL, tmp_set_up, test_limit_huge_text_attachment, tmp_tear_down);
  g_test_add_func ("/import/limit/attachment-text-at-limit", test_limit_attachment_text_at_limit);
  g_test_add_func ("/import/limit/attachment-text-over-limit", test_limit_attachment_text_over_limit);
  g_test_add_func ("/import/limit/attachment-text-multibyte-at-cut", test_limit_attachment_text_multibyte_at_cut);
  g_test_add_func ("/import/limit/attachment-text-paragraph-at-cut", test_limit_attachment_text_paragraph_at_cut);
  g_test_add_func ("/import/limit/attachments-text-in-all", test_limit_attachments_text_in_all);
  g_test_add_func ("/import/limit/body-text", test_limit_body_text);
  g_test_add_func ("/import/reject/no-headers", test_reject_no_headers);
  g_test_add_func ("/import/reject/empty", test_reject_empty);
  g_test_add_func ("/import/reject/huge-header", test_reject_huge_header);
  g_test_add ("/import/mbox/mboxrd-unquote", TmpDir, NULL, tmp_set_up, test_mbox_mboxrd_unquote, tmp_tear_down);
  g_test_add ("/import/mbox/crlf-no-final-newline", TmpDir, NULL, tmp_set_up, test_mbox_crlf_and_no_final_newline, tmp_tear_down);
  g_test_add ("/import/mbox/damaged", TmpDir, NULL, tmp_set_up, test_mbox_damaged, tmp_tear_down);
  g_test_add ("/import/mbox/from-lines", TmpDir, NULL, tmp_set_up, test_mbox_from_lines, tmp_tear_down);
  g_test_add ("/import/html-file-not-a-message", TmpDir, NULL, tmp_set_up, test_html_file_not_a_message, tmp_tear_down);
  g_test_add ("/import/message/indented-first-header-file", TmpDir, NULL, tmp_set_up, test_indented_first_header_file, tmp_tear_down);
  g_test_add ("/import/message/bom-and-white-line", TmpDir, NULL, tmp_set_up, test_message_bom_and_white_line, tmp_tear_down);
  g_test_add ("/import/maildir/cur-and-new", TmpDir, NULL, tmp_set_up, test_maildir, tmp_tear_down);
  g_test_add ("/import/maildir/large", TmpDir, NULL, tmp_set_up, test_maildir_large, tmp_tear_down);
  g_test_add ("/import/directory/recursive", TmpDir, NULL, tmp_set_up, test_directory_recursive, tmp_tear_down);
  g_test_add ("/import/input/not-a-mailbox", TmpDir, NULL, tmp_set_up, test_not_a_mailbox, tmp_tear_down);
  g_test_add ("/import/input/missing", TmpDir, NULL, tmp_set_up, test_missing_input, tmp_tear_down);
  g_test_add ("/import/duplicates/reimport", TmpDir, NULL, tmp_set_up, test_reimport_idempotent, tmp_tear_down);
  g_test_add ("/import/async/progress", TmpDir, NULL, tmp_set_up, test_async_progress, tmp_tear_down);
  g_test_add ("/import/async/cancel", TmpDir, NULL, tmp_set_up, test_async_cancel, tmp_tear_down);
  g_test_add ("/import/crash/killed-import-consistent", TmpDir, NULL, tmp_set_up, test_killed_import_consistent, tmp_tear_down);

  return g_test_run ();
}
