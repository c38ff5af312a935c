/* Sentences, words and paragraphs for selecting by meaning, reflowing
 * hard-wrapped mail without moving an offset, and search matches as the
 * store's full-text search finds them. */
#define G_LOG_DOMAIN "test-text-breaks"

#include "config.h"

#include <sqlite3.h>

#include "intake-text.h"
#include "intake-store-private.h"
#include "intake-text-breaks.h"

/* Offsets count code points; the accents and the ’ make them differ from bytes. */
static const char french[] =
  "Les élèves se sentent surveillés par l’agent. Ils n’ont pas confiance ! "
  "Pourquoi garder ce programme ?\n"
  "\n"
  "Deuxième paragraphe, à l’école.";

static int
offset_of (const char *text,
           const char *needle)
{
  const char *found = strstr (text, needle);

  g_assert_nonnull (found);
  return (int) g_utf8_pointer_to_offset (text, found);
}

#define assert_range(text, start, end, expected)                      \
  G_STMT_START {                                                      \
    g_autofree char *slice_ = intake_text_slice (text, start, end);  \
    g_assert_cmpstr (slice_, ==, expected);                           \
  } G_STMT_END

static void
test_sentence_english (void)
{
  const char *text = "Please hire counsellors.  Officers scare my son! Do you agree?";
  g_autoptr(IntakeTextBreaks) breaks = intake_text_breaks_new (text);
  int start, end;

  g_assert_cmpint (intake_text_breaks_get_length (breaks), ==, g_utf8_strlen (text, -1));

  g_assert_true (intake_text_breaks_sentence_at (breaks, offset_of (text, "counsellors"), &start, &end));
  assert_range (text, start, end, "Please hire counsellors.");

  /* Just after the full stop: still that sentence, not the next. */
  g_assert_true (intake_text_breaks_sentence_at (breaks, end, &start, &end));
  assert_range (text, start, end, "Please hire counsellors.");

  /* Between two sentences: the next one, without the spaces. */
  g_assert_true (intake_text_breaks_sentence_at (breaks, offset_of (text, "  Officers") + 1, &start, &end));
  assert_range (text, start, end, "Officers scare my son!");

  g_assert_true (intake_text_breaks_sentence_at (breaks, 0, &start, &end));
  assert_range (text, start, end, "Please hire counsellors.");

  g_assert_true (intake_text_breaks_sentence_at (breaks, (int) g_utf8_strlen (text, -1), &start, &end));
  assert_range (text, start, end, "Do you agree?");
}

static void
test_sentence_french (void)
{
  g_autoptr(IntakeTextBreaks) breaks = intake_text_breaks_new (french);
  int start, end;

  g_assert_true (intake_text_breaks_sentence_at (breaks, offset_of (french, "agent"), &start, &end));
  assert_range (french, start, end, "Les élèves se sentent surveillés par l’agent.");
  g_assert_cmpint (start, ==, 0);
  g_assert_cmpint (end, ==, g_utf8_strlen ("Les élèves se sentent surveillés par l’agent.", -1));

  /* French puts a space before ! and ?: it stays in the sentence. */
  g_assert_true (intake_text_breaks_sentence_at (breaks, offset_of (french, "confiance"), &start, &end));
  assert_range (french, start, end, "Ils n’ont pas confiance !");

  g_assert_true (intake_text_breaks_sentence_at (breaks, offset_of (french, "école"), &start, &end));
  assert_range (french, start, end, "Deuxième paragraphe, à l’école.");

  /* Extending a sentence at a time, both ways. */
  start = offset_of (french, "Ils");
  end = offset_of (french, "! ") + 1;
  end = intake_text_breaks_forward_sentence_end (breaks, end);
  assert_range (french, start, end, "Ils n’ont pas confiance ! Pourquoi garder ce programme ?");
  start = intake_text_breaks_backward_sentence_start (breaks, start);
  g_assert_cmpint (start, ==, 0);
  /* Nothing before the first: the selection stays. */
  g_assert_cmpint (intake_text_breaks_backward_sentence_start (breaks, 0), ==, 0);
  /* The last sentence's end is the last end there is. */
  end = (int) g_utf8_strlen (french, -1);
  g_assert_cmpint (intake_text_breaks_forward_sentence_end (breaks, end), ==, end);
}

static void
test_words (void)
{
  g_autoptr(IntakeTextBreaks) breaks = intake_text_breaks_new (french);
  int start = offset_of (french, "surveillés");
  int end = start + (int) g_utf8_strlen ("surveillés", -1);

  end = intake_text_breaks_forward_word_end (breaks, end);
  assert_range (french, start, end, "surveillés par");
  end = intake_text_breaks_forward_word_end (breaks, end);
  /* The apostrophe parts the article from its word. */
  assert_range (french, start, end, "surveillés par l");
  end = intake_text_breaks_forward_word_end (breaks, end);
  assert_range (french, start, end, "surveillés par l’agent");

  start = intake_text_breaks_backward_word_start (breaks, start);
  assert_range (french, start, end, "sentent surveillés par l’agent");
  start = intake_text_breaks_backward_word_start (breaks, start);
  start = intake_text_breaks_backward_word_start (breaks, start);
  assert_range (french, start, end, "élèves se sentent surveillés par l’agent");

  g_assert_cmpint (intake_text_breaks_backward_word_start (breaks, 0), ==, 0);
}

static void
test_paragraphs (void)
{
  g_autoptr(IntakeTextBreaks) breaks = intake_text_breaks_new (french);
  int start, end;

  g_assert_true (intake_text_breaks_paragraph_at (breaks, offset_of (french, "Ils"), &start, &end));
  assert_range (french, start, end,
                "Les élèves se sentent surveillés par l’agent. Ils n’ont pas confiance ! "
                "Pourquoi garder ce programme ?");
  g_assert_true (intake_text_breaks_paragraph_at (breaks, offset_of (french, "école"), &start, &end));
  assert_range (french, start, end, "Deuxième paragraphe, à l’école.");

  /* The blank line between them is no paragraph. */
  g_assert_false (intake_text_breaks_paragraph_at (breaks, offset_of (french, "\n\n") + 1, &start, &end));
}

static void
test_crlf (void)
{
  const char *text = "First line here.\r\n\r\nSecond paragraph. With two sentences.\r\n";
  g_autoptr(IntakeTextBreaks) breaks = intake_text_breaks_new (text);
  int start, end;

  g_assert_true (intake_text_breaks_paragraph_at (breaks, offset_of (text, "With"), &start, &end));
  assert_range (text, start, end, "Second paragraph. With two sentences.");
  g_assert_true (intake_text_breaks_sentence_at (breaks, offset_of (text, "here"), &start, &end));
  assert_range (text, start, end, "First line here.");
  g_assert_true (intake_text_breaks_sentence_at (breaks, offset_of (text, "two"), &start, &end));
  assert_range (text, start, end, "With two sentences.");
  g_assert_false (intake_text_breaks_paragraph_at (breaks, offset_of (text, "\r\n\r\n") + 2, &start, &end));
}

static void
test_empty (void)
{
  g_autoptr(IntakeTextBreaks) breaks = intake_text_breaks_new ("");
  g_autoptr(IntakeTextBreaks) blank = intake_text_breaks_new ("  \n ");
  int start, end;

  g_assert_false (intake_text_breaks_sentence_at (breaks, 0, &start, &end));
  g_assert_false (intake_text_breaks_paragraph_at (breaks, 0, &start, &end));
  g_assert_cmpint (intake_text_breaks_forward_word_end (breaks, 0), ==, 0);
  g_assert_false (intake_text_breaks_sentence_at (blank, 1, &start, &end));
}

/* Reflowing */

/* Wrapped at 72 columns, as mail clients send plain text. */
static const char wrapped[] =
  "Bonjour,\n"
  "\n"
  "Je vous écris au sujet du programme des agents dans les écoles. Mon fils\n"
  "a été interpellé deux fois cette année, et il n’a plus confiance en la\n"
  "police.\n"
  "\n"
  "Mes demandes :\n"
  "- retirer les agents des écoles secondaires de la commission scolaire\n"
  "- embaucher des conseillers\n"
  "1. un point numéroté qui est assez long pour remplir une ligne presque\n"
  "   entière\n"
  "\n"
  "> Le conseil a voté en faveur du programme l’an dernier, sans consulter\n"
  "> les familles concernées.\n"
  "\n"
  "Merci de votre attention et de prendre en compte notre point de vue sur\n"
  "ce sujet.\n"
  "-- \n"
  "Claire Bélanger, parente d’élève et membre du comité de parents du quartier\n"
  "514 555 0100\n";

static GArray *
soft_breaks (const char *text)
{
  GArray *soft = intake_text_find_soft_breaks (text);

  /* Each is a line break. */
  for (guint i = 0; i < soft->len; i++)
    {
      const char *at = g_utf8_offset_to_pointer (text, g_array_index (soft, int, i));

      g_assert_true (*at == '\n' || *at == '\r');
    }
  return soft;
}

static void
test_reflow_wrapped_mail (void)
{
  g_autoptr(GArray) soft = soft_breaks (wrapped);
  g_autofree char *shown = intake_text_reflow (wrapped);
  g_autofree char *expected = NULL;

  /* The two wrapped paragraphs read as paragraphs; everything else keeps its lines. */
  g_assert_cmpuint (soft->len, ==, 4);
  g_assert_cmpint (g_array_index (soft, int, 0), ==, offset_of (wrapped, "\na été"));
  g_assert_cmpint (g_array_index (soft, int, 1), ==, offset_of (wrapped, "\npolice."));
  g_assert_cmpint (g_array_index (soft, int, 2), ==, offset_of (wrapped, "\n> les familles"));
  g_assert_cmpint (g_array_index (soft, int, 3), ==, offset_of (wrapped, "\nce sujet"));

  expected = g_strdup (wrapped);
  for (char *p = strstr (expected, "Mon fils\n"); p != NULL; p = NULL)
    p[strlen ("Mon fils")] = ' ';
  for (char *p = strstr (expected, "en la\n"); p != NULL; p = NULL)
    p[strlen ("en la")] = ' ';
  for (char *p = strstr (expected, "point de vue sur\n"); p != NULL; p = NULL)
    p[strlen ("point de vue sur")] = ' ';
  {
    /* The quote's break and the next line's marks: a space, then none. */
    g_auto(GStrv) parts = g_strsplit (expected, "sans consulter\n> les", 2);

    g_free (expected);
    expected = g_strjoinv ("sans consulter \xe2\x80\x8b\xe2\x80\x8bles", parts);
  }
  g_assert_cmpstr (shown, ==, expected);

  /* Every offset stays: same length, same characters elsewhere. */
  g_assert_cmpint (g_utf8_strlen (shown, -1), ==, g_utf8_strlen (wrapped, -1));
}

static void
test_reflow_crlf (void)
{
  g_autofree char *text = NULL;
  g_autofree char *shown = NULL;
  g_autoptr(GArray) soft = NULL;
  g_auto(GStrv) lines = g_strsplit (wrapped, "\n", -1);

  text = g_strjoinv ("\r\n", lines);
  soft = soft_breaks (text);
  g_assert_cmpuint (soft->len, ==, 4);
  g_assert_cmpint (g_array_index (soft, int, 0), ==, offset_of (text, "\r\na été"));

  shown = intake_text_reflow (text);
  g_assert_cmpint (g_utf8_strlen (shown, -1), ==, g_utf8_strlen (text, -1));
  /* A space, then one of no width for the "\n". */
  g_assert_nonnull (strstr (shown, "Mon fils \xe2\x80\x8b" "a été"));
  g_assert_nonnull (strstr (shown, "Bonjour,\r\n\r\n"));

  /* Sentences run across the reflowed break, as a reader sees them. */
  {
    g_autoptr(IntakeTextBreaks) breaks = intake_text_breaks_new (shown);
    int start, end;

    g_assert_true (intake_text_breaks_sentence_at (breaks, offset_of (text, "interpellé"), &start, &end));
    g_assert_cmpint (start, ==, offset_of (text, "Mon fils"));
    g_assert_cmpint (end, ==, offset_of (text, "police.") + 7);
  }
}

static void
test_reflow_leaves_unwrapped_text (void)
{
  /* One line a paragraph, as most mail is now: nothing joins, even
   * the short lines a long one follows. */
  const char *unwrapped =
    "Please hire counsellors and social workers instead of officers, because the students need people they trust.\n"
    "Thanks for reading this one, I hope it will be considered by the board.\n"
    "Omar\n";
  /* Short lines: an address, a poem. */
  const char *short_lines = "Omar Haddad\n12 rue des Érables\nMontréal\n";
  g_autoptr(GArray) a = soft_breaks (unwrapped);
  g_autoptr(GArray) b = soft_breaks (short_lines);
  g_autofree char *shown = intake_text_reflow (short_lines);

  g_assert_cmpuint (a->len, ==, 0);
  g_assert_cmpuint (b->len, ==, 0);
  g_assert_cmpstr (shown, ==, short_lines);
}

#define ZW "\xe2\x80\x8b"

/* Same length in code points, and only line breaks and quote marks
 * shown as spaces or zero-width spaces. */
static void
assert_reflow_keeps_offsets (const char *text,
                             const char *shown)
{
  const char *t = text, *s = shown;

  g_assert_true (g_utf8_validate (shown, -1, NULL));
  g_assert_cmpint (g_utf8_strlen (shown, -1), ==, g_utf8_strlen (text, -1));
  for (; *t && *s; t = g_utf8_next_char (t), s = g_utf8_next_char (s))
    {
      gunichar tc = g_utf8_get_char (t), sc = g_utf8_get_char (s);

      if (tc != sc)
        {
          g_assert_true (tc == '\n' || tc == '\r' || tc == '>' || tc == ' ');
          g_assert_true (sc == ' ' || sc == 0x200B);
        }
    }
  g_assert_true (*t == '\0' && *s == '\0');
}

static void
assert_reflows_to (const char *text,
                   const char *expected)
{
  g_autoptr(GArray) soft = soft_breaks (text);
  g_autofree char *shown = intake_text_reflow (text);

  g_assert_cmpstr (shown, ==, expected);
  assert_reflow_keeps_offsets (text, shown);
}

static void
test_reflow_quoted (void)
{
  /* Each quoted paragraph reads as one; a blank quoted line, with or
   * without its space, keeps the paragraphs apart. */
  assert_reflows_to ("> The council voted for the programme last year without asking the\n"
                     "> families who are concerned, and it has not met them since then.\n"
                     ">\n"
                     "> A second quoted paragraph that is long enough to be wrapped by the\n"
                     "> mail program.\n"
                     "> \n"
                     "> A second quoted paragraph that is long enough to be wrapped by the\n"
                     "> mail program.\n",
                     "> The council voted for the programme last year without asking the "
                     ZW ZW "families who are concerned, and it has not met them since then.\n"
                     ">\n"
                     "> A second quoted paragraph that is long enough to be wrapped by the "
                     ZW ZW "mail program.\n"
                     "> \n"
                     "> A second quoted paragraph that is long enough to be wrapped by the "
                     ZW ZW "mail program.\n");

  /* Depth 2, in both spellings: ">> " hides three, "> > " four. */
  assert_reflows_to (">> Earlier still, somebody else wrote this text and wrapped it at the\n"
                     ">> usual width for mail.\n"
                     "> > Earlier still, somebody else wrote this text and wrapped it at the\n"
                     "> > usual width for mail.\n",
                     ">> Earlier still, somebody else wrote this text and wrapped it at the "
                     ZW ZW ZW "usual width for mail.\n"
                     "> > Earlier still, somebody else wrote this text and wrapped it at the "
                     ZW ZW ZW ZW "usual width for mail.\n");

  /* With "\r\n", the "\n" is one more of no width. */
  assert_reflows_to ("> The council voted for the programme last year without asking the\r\n"
                     "> families who are concerned, and it has not met them since then.\r\n",
                     "> The council voted for the programme last year without asking the "
                     ZW ZW ZW "families who are concerned, and it has not met them since then.\r\n");
}

static void
test_reflow_quote_depths (void)
{
  /* Lines of another depth never join, whatever their widths. */
  const char *depths =
    "> The council voted for the programme last year without asking the\n"
    ">> families who are concerned, and it has not met them since then.\n"
    "> The council voted for the programme last year without asking the\n"
    "families who are concerned, and it has not met them since then.\n"
    "\n"
    "The council voted for the programme last year without asking the\n"
    "> families who are concerned, and it has not met them since then.\n";
  /* A quoted signature keeps its lines. */
  const char *signature =
    "> The council voted for the programme last year without asking the\n"
    "> -- \n"
    "> Someone whose signature runs on for a long while, with an address\n"
    "> and a telephone number\n";
  g_autoptr(GArray) a = soft_breaks (depths);
  g_autoptr(GArray) b = soft_breaks (signature);

  g_assert_cmpuint (a->len, ==, 0);
  g_assert_cmpuint (b->len, ==, 0);
}

static void
test_reflow_mixed_quotes (void)
{
  /* A reply: the writer's wrapped paragraph, the quote, the answer. */
  assert_reflows_to ("Thank you for the answer you sent last week about the programme in\n"
                     "the schools.\n"
                     "\n"
                     "> The council voted for the programme last year without asking the\n"
                     "> families who are concerned, and it has not met them since then.\n"
                     ">> Earlier still, somebody else wrote this text and wrapped it at the\n"
                     ">> usual width for mail.\n"
                     "\n"
                     "That is exactly what the parents of the neighbourhood want changed\n"
                     "now.\n",
                     "Thank you for the answer you sent last week about the programme in "
                     "the schools.\n"
                     "\n"
                     "> The council voted for the programme last year without asking the "
                     ZW ZW "families who are concerned, and it has not met them since then.\n"
                     ">> Earlier still, somebody else wrote this text and wrapped it at the "
                     ZW ZW ZW "usual width for mail.\n"
                     "\n"
                     "That is exactly what the parents of the neighbourhood want changed "
                     "now.\n");
}

/* Texts made at random of words, breaks and quote marks. */
static void
test_reflow_length_always_kept (void)
{
  static const char *pieces[] = {
    "word", "wörd", "naïveté", "€", "a", " ", "  ", "\n", "\r\n", "\r", "\xe2\x80\xa9",
    "> ", ">", ">> ", "> > ", "-- ", "- ", "1. ", "\t", ZW,
    "The council voted for the programme last year without asking the",
    "families who are concerned, and it has not met them since",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (3676);
  g_autofree char *shown_wrapped = intake_text_reflow (wrapped);
  guint joined = 0;

  assert_reflow_keeps_offsets (wrapped, shown_wrapped);
  for (int n = 0; n < 3000; n++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      int count = g_rand_int_range (rand, 0, 60);
      g_autofree char *shown = NULL;
      g_autoptr(GArray) soft = NULL;

      for (int i = 0; i < count; i++)
        {
          /* Quote marks mostly at the start of a line, as in mail. */
          if (text->len == 0 || text->str[text->len - 1] == '\n')
            if (g_rand_boolean (rand))
              g_string_append (text, pieces[g_rand_int_range (rand, 11, 15)]);
          g_string_append (text, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
        }

      soft = soft_breaks (text->str);
      shown = intake_text_reflow (text->str);
      assert_reflow_keeps_offsets (text->str, shown);
      joined += soft->len;
    }

  /* Enough of them had lines to join for the check to mean something. */
  g_assert_cmpuint (joined, >, 100);
}

/* Search */

static char *
describe_matches (const char *text,
                  const char *query)
{
  g_autoptr(GArray) matches = intake_text_find_search_matches (text, query);
  GString *described = g_string_new (NULL);

  g_assert_cmpuint (matches->len % 2, ==, 0);
  for (guint i = 0; i < matches->len; i += 2)
    {
      g_autofree char *slice = intake_text_slice (text, g_array_index (matches, int, i),
                                                  g_array_index (matches, int, i + 1));

      if (described->len > 0)
        g_string_append_c (described, '|');
      g_string_append (described, slice);
    }
  return g_string_free (described, FALSE);
}

#define assert_matches(text, query, expected)                   \
  G_STMT_START {                                                \
    g_autofree char *found_ = describe_matches (text, query);  \
    g_assert_cmpstr (found_, ==, expected);                     \
  } G_STMT_END

static void
test_search_whole_words (void)
{
  const char *text = "Le conseil a dit qu’il voulait la police. Il a tort : ÉLÈVES, élèves, eleves.";

  /* Not inside "conseil", and not "qu’il" whole, only its word. */
  assert_matches (text, "il", "il|Il");
  /* Whole words, or a prefix where the word ends with a star. */
  assert_matches (text, "polic", "");
  assert_matches (text, "polic*", "police");
  assert_matches (text, "c*", "conseil");
  assert_matches (text, "police", "police");
  /* Case and accents folded both ways. */
  assert_matches (text, "eleves", "ÉLÈVES|élèves|eleves");
  assert_matches (text, "Élèves", "ÉLÈVES|élèves|eleves");
  /* Each word on its own; punctuation in a word makes a phrase. */
  assert_matches (text, "conseil tort", "conseil|tort");
  assert_matches (text, "qu'il", "qu’il");
  assert_matches (text, "la police", "la|police");
  /* Words in quotes are a phrase: together, in that order. */
  assert_matches (text, "\"la police\"", "la police");
  assert_matches (text, "\"police la\"", "");
  assert_matches (text, "\"la pol\"*", "la police");
  /* A quote not yet closed, as while it is typed, runs to the end. */
  assert_matches (text, "\"la police", "la police");
  assert_matches (text, "\"la pol", "");
  assert_matches (text, "*", "");
  assert_matches (text, "\"", "");
  assert_matches (text, "", "");
  assert_matches (text, "AND", "");
}

/* What the store's FTS5 table finds, for the same words. */
static gboolean
fts5_matches (sqlite3    *db,
              const char *text,
              const char *query)
{
  g_autofree char *fts_query = _intake_store_fts_query (query);
  sqlite3_stmt *stmt = NULL;
  gboolean found;

  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM t", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO t (x) VALUES (?)", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM t WHERE t MATCH ?", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, fts_query, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  found = sqlite3_column_int (stmt, 0) > 0;
  sqlite3_finalize (stmt);

  return found;
}

static void
test_search_agrees_with_fts5 (void)
{
  const char *texts[] = {
    "Le conseil a dit qu’il voulait la police.",
    "Les élèves d'ici, à l’école.",
    "state-of-the-art policing, 3,5 %",
    "E\xcc\x81le\xcc\x80ves du secondaire",
  };
  const char *queries[] = {
    "il", "conseil", "polic", "police", "policing", "ecole", "l’école", "l'ecole", "d'ici",
    "eleves", "ÉLÈVES", "of-the", "state-art", "3", "5", "3,5", "qu’il", "dit qu’il",
    "secondaire élèves", "élèves police",
  };
  const char *phrases[] = {
    "polic*", "\"la police\"", "\"police la\"", "\"dit qu'il\"", "\"voulait la pol\"*", "\"l'ecole",
    "state-of*", "\"of the art\"", "\"3,5\"", "\"élèves du\"", "ele*", "\"d'ici, à\"",
  };
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE VIRTUAL TABLE t USING fts5 (x, tokenize = 'unicode61 remove_diacritics 2')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
    for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
      {
        g_autoptr(GArray) matches = intake_text_find_search_matches (texts[t], queries[q]);
        g_auto(GStrv) words = g_strsplit (queries[q], " ", -1);
        gboolean every_word = TRUE;

        /* The store finds a text holding every word; each is highlighted. */
        for (guint w = 0; words[w] != NULL; w++)
          {
            g_autoptr(GArray) word_matches = intake_text_find_search_matches (texts[t], words[w]);

            every_word = every_word && word_matches->len > 0;
          }

        if (every_word != fts5_matches (db, texts[t], queries[q]))
          g_error ("“%s” in “%s”: highlighted %s, found by the store %s", queries[q], texts[t],
                   every_word ? "yes" : "no", every_word ? "no" : "yes");
        g_assert_true (every_word ? matches->len > 0 : TRUE);
      }

  /* Phrases and prefixes: highlighted where the store finds them. */
  for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
    for (guint q = 0; q < G_N_ELEMENTS (phrases); q++)
      {
        g_autoptr(GArray) matches = intake_text_find_search_matches (texts[t], phrases[q]);

        if ((matches->len > 0) != fts5_matches (db, texts[t], phrases[q]))
          g_error ("“%s” in “%s”: highlighted %s, found by the store %s", phrases[q], texts[t],
                   matches->len > 0 ? "yes" : "no", matches->len > 0 ? "no" : "yes");
      }

  sqlite3_close (db);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text-breaks/sentence/english", test_sentence_english);
  g_test_add_func ("/text-breaks/sentence/french", test_sentence_french);
  g_test_add_func ("/text-breaks/words", test_words);
  g_test_add_func ("/text-breaks/paragraphs", test_paragraphs);
  g_test_add_func ("/text-breaks/crlf", test_crlf);
  g_test_add_func ("/text-breaks/empty", test_empty);
  g_test_add_func ("/text-breaks/reflow/wrapped-mail", test_reflow_wrapped_mail);
  g_test_add_func ("/text-breaks/reflow/crlf", test_reflow_crlf);
  g_test_add_func ("/text-breaks/reflow/unwrapped", test_reflow_leaves_unwrapped_text);
  g_test_add_func ("/text-breaks/reflow/quoted", test_reflow_quoted);
  g_test_add_func ("/text-breaks/reflow/quote-depths", test_reflow_quote_depths);
  g_test_add_func ("/text-breaks/reflow/mixed-quotes", test_reflow_mixed_quotes);
  g_test_add_func ("/text-breaks/reflow/length-always-kept", test_reflow_length_always_kept);
  g_test_add_func ("/text-breaks/search/whole-words", test_search_whole_words);
  g_test_add_func ("/text-breaks/search/agrees-with-fts5", test_search_agrees_with_fts5);

  return g_test_run ();
}
