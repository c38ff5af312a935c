#define G_LOG_DOMAIN "test-text"

#include "config.h"

#include "intake-text.h"

static void
assert_folds_to (const char *text,
                 const char *expected)
{
  g_autofree char *folded = intake_text_fold (text);

  g_assert_cmpstr (folded, ==, expected);
}

static void
test_fold_accents_and_case (void)
{
  assert_folds_to ("Élèves", "eleves");
  assert_folds_to ("ÉLÈVES", "eleves");
  /* The same word with its accents as separate combining marks. */
  assert_folds_to ("E\xcc\x81le\xcc\x80ves", "eleves");
  assert_folds_to ("Straße", "strasse");
  assert_folds_to ("Trust in police", "trust in police");
}

static void
test_fold_compatibility_forms (void)
{
  /* A ligature, a full-width letter and a superscript are the letters a
   * person reads. */
  assert_folds_to ("\xef\xac\x81" "nancement", "financement");
  assert_folds_to ("\xef\xbc\xb4rust", "trust");
  assert_folds_to ("2SLGBTQ\xc2\xb2", "2slgbtq2");
}

static void
test_fold_keeps_other_scripts (void)
{
  assert_folds_to ("ᐃᓄᒃᑎᑐᑦ", "ᐃᓄᒃᑎᑐᑦ");
  assert_folds_to ("", "");
  assert_folds_to (NULL, "");
  /* Not UTF-8: nothing to match. */
  assert_folds_to ("\xff\xfe", "");
}

static void
test_matches (void)
{
  g_autofree char *haystack = intake_text_fold ("Impact on racialized and newcomer students");
  g_autofree char *french = intake_text_fold ("Les élèves noirs et autochtones");

  g_assert_true (intake_text_matches (haystack, "NEWCOMER"));
  g_assert_true (intake_text_matches (haystack, "racialized and"));
  g_assert_true (intake_text_matches (haystack, ""));
  g_assert_false (intake_text_matches (haystack, "refugee"));
  g_assert_true (intake_text_matches (french, "eleves noirs"));
  g_assert_true (intake_text_matches (french, "ÉLÈVES"));
}

static void
test_equal (void)
{
  g_assert_true (intake_text_equal ("Élèves", "eleves"));
  g_assert_true (intake_text_equal ("trust", "TRUST"));
  g_assert_false (intake_text_equal ("Trust", "Trust in police"));
}

static void
test_fold_chars (void)
{
  /* Composed, then with its accents as combining marks. */
  const char *composed = "Les Élèves ﬁn";
  const char *decomposed = "E\xcc\x81le\xcc\x80ves";
  const gunichar expected[] = { 'l', 'e', 's', ' ', 'e', 'l', 'e', 'v', 'e', 's', ' ', 'f', 'n', 0 };
  const gunichar expected_marks[] = { 'e', 0, 'l', 'e', 0, 'v', 'e', 's', 0 };
  g_autofree gunichar *folded = NULL;
  g_autofree gunichar *marks = NULL;
  g_autofree gunichar *none = NULL;
  glong n;

  /* One folded character per code point: positions stay buffer offsets. */
  folded = intake_text_fold_chars (composed, &n);
  g_assert_cmpint (n, ==, g_utf8_strlen (composed, -1));
  g_assert_cmpint (n, ==, G_N_ELEMENTS (expected) - 1);
  for (glong i = 0; i <= n; i++)
    g_assert_cmpuint (folded[i], ==, expected[i]);

  /* A mark folds to nothing, and keeps its place as a 0. */
  marks = intake_text_fold_chars (decomposed, &n);
  g_assert_cmpint (n, ==, G_N_ELEMENTS (expected_marks) - 1);
  for (glong i = 0; i <= n; i++)
    g_assert_cmpuint (marks[i], ==, expected_marks[i]);

  /* The same rules as intake_text_fold(), a character at a time. */
  for (const char *p = composed; *p; p = g_utf8_next_char (p))
    {
      char one[8] = { 0, };
      g_autofree char *fold = NULL;
      g_autofree gunichar *chars = NULL;
      glong one_n;

      g_unichar_to_utf8 (g_utf8_get_char (p), one);
      fold = intake_text_fold (one);
      chars = intake_text_fold_chars (one, &one_n);
      g_assert_cmpint (one_n, ==, 1);
      g_assert_cmpuint (chars[0], ==, g_utf8_get_char (fold));
    }

  none = intake_text_fold_chars ("\xff\xfe", &n);
  g_assert_cmpint (n, ==, 0);
  g_assert_cmpuint (none[0], ==, 0);
}

static void
test_length_and_slice (void)
{
  const char *text = "Les élèves 🙂 noirs";
  g_autofree char *word = NULL;
  g_autofree char *emoji = NULL;

  /* Code points, not bytes. */
  g_assert_cmpint (intake_text_length (text), ==, 18);
  g_assert_cmpint (intake_text_length (NULL), ==, 0);
  word = intake_text_slice (text, 4, 10);
  g_assert_cmpstr (word, ==, "élèves");
  emoji = intake_text_slice (text, 11, 12);
  g_assert_cmpstr (emoji, ==, "🙂");
}

static void
test_cut_fits (void)
{
  g_assert_cmpuint (intake_text_cut ("", 0, 0), ==, 0);
  g_assert_cmpuint (intake_text_cut ("abc", 3, 3), ==, 3);
  g_assert_cmpuint (intake_text_cut ("abc", 3, 10), ==, 3);
  /* Fitting text keeps its blanks: only a cut drops them. */
  g_assert_cmpuint (intake_text_cut ("abc  \n", 6, 6), ==, 6);
}

static void
test_cut_character_boundary (void)
{
  /* "é" is two bytes, "€" three, "😀" four; the limit falls inside each. */
  g_assert_cmpuint (intake_text_cut ("abcdé", 6, 4), ==, 4);
  g_assert_cmpuint (intake_text_cut ("abcdé", 6, 5), ==, 4);
  g_assert_cmpuint (intake_text_cut ("abcdé!", 7, 6), ==, 6);
  g_assert_cmpuint (intake_text_cut ("ab€", 5, 4), ==, 2);
  g_assert_cmpuint (intake_text_cut ("ab😀", 6, 3), ==, 2);
  g_assert_cmpuint (intake_text_cut ("ab😀", 6, 5), ==, 2);
  g_assert_cmpuint (intake_text_cut ("😀😀", 8, 7), ==, 4);
  g_assert_cmpuint (intake_text_cut ("😀", 4, 3), ==, 0);
}

static void
test_cut_paragraph (void)
{
  const char *text = "First paragraph.\n\nSecond one, cut short.";
  g_autofree char *long_text = NULL;
  gsize len;

  /* Near the limit: at the end of the paragraph, without the blank line. */
  g_assert_cmpuint (intake_text_cut (text, strlen (text), 30), ==, strlen ("First paragraph."));
  /* Else at the end of a line. */
  text = "One line\nand the next, cut short";
  g_assert_cmpuint (intake_text_cut (text, strlen (text), 20), ==, strlen ("One line"));
  /* Blanks before the cut go with it. */
  text = "Words   \t\n\nMore words";
  g_assert_cmpuint (intake_text_cut (text, strlen (text), 15), ==, strlen ("Words"));
  text = "Words and spaces     and more";
  g_assert_cmpuint (intake_text_cut (text, strlen (text), 20), ==, strlen ("Words and spaces"));
  /* A break at the very start would leave nothing: the limit wins. */
  text = "\n\nA long first paragraph";
  g_assert_cmpuint (intake_text_cut (text, strlen (text), 10), ==, 10);

  /* A paragraph far from the limit is not near: the cut is at the limit. */
  long_text = g_strnfill (100 * 1000, 'a');
  memcpy (long_text + 1000, "\n\n", 2);
  len = strlen (long_text);
  g_assert_cmpuint (intake_text_cut (long_text, len, 90 * 1000), ==, 90 * 1000);
  g_assert_cmpuint (intake_text_cut (long_text, len, 10 * 1000), ==, 1000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/cut/fits", test_cut_fits);
  g_test_add_func ("/text/cut/character-boundary", test_cut_character_boundary);
  g_test_add_func ("/text/cut/paragraph", test_cut_paragraph);
  g_test_add_func ("/text/fold/accents-and-case", test_fold_accents_and_case);
  g_test_add_func ("/text/fold/compatibility-forms", test_fold_compatibility_forms);
  g_test_add_func ("/text/fold/other-scripts", test_fold_keeps_other_scripts);
  g_test_add_func ("/text/fold/chars", test_fold_chars);
  g_test_add_func ("/text/matches", test_matches);
  g_test_add_func ("/text/equal", test_equal);
  g_test_add_func ("/text/offsets/length-and-slice", test_length_and_slice);

  return g_test_run ();
}
