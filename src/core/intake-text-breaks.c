#define G_LOG_DOMAIN "intake-text-breaks"

#include "config.h"

#include <pango/pango.h>
#include <string.h>

#include "intake-store-private.h"
#include "intake-text.h"
#include "intake-text-breaks.h"

struct _IntakeTextBreaks
{
  gunichar     *chars;
  PangoLogAttr *attrs;   /* length + 1 of them */
  GArray       *sentences;  /* pairs of offsets, start then end */
  int           length;
};

static gboolean
is_line_break (gunichar c)
{
  return c == '\n' || c == '\r' || c == 0x2029;
}

/* Whitespace that is not a line break; a zero-width space stands in for
 * the "\r" of a reflowed "\r\n". */
static gboolean
is_blank (gunichar c)
{
  return (g_unichar_isspace (c) || c == 0x200B) && !is_line_break (c);
}

IntakeTextBreaks *
intake_text_breaks_new (const char *text)
{
  IntakeTextBreaks *breaks = g_new0 (IntakeTextBreaks, 1);
  glong length;
  int start = -1;

  g_return_val_if_fail (text != NULL, NULL);

  breaks->chars = g_utf8_to_ucs4_fast (text, -1, &length);
  breaks->length = (int) length;
  breaks->attrs = g_new0 (PangoLogAttr, length + 1);
  pango_get_log_attrs (text, (int) strlen (text), -1, pango_language_from_string ("und"),
                       breaks->attrs, (int) length + 1);

  /* Each sentence once, without the spaces Pango may leave at its ends. */
  breaks->sentences = g_array_new (FALSE, FALSE, sizeof (int));
  for (int i = 0; i <= breaks->length; i++)
    {
      if (breaks->attrs[i].is_sentence_end && start >= 0)
        {
          int s = start, e = i;

          while (s < e && g_unichar_isspace (breaks->chars[s]))
            s++;
          while (e > s && g_unichar_isspace (breaks->chars[e - 1]))
            e--;
          if (e > s)
            {
              g_array_append_val (breaks->sentences, s);
              g_array_append_val (breaks->sentences, e);
            }
          start = -1;
        }
      if (breaks->attrs[i].is_sentence_start && i < breaks->length)
        start = i;
    }

  return breaks;
}

void
intake_text_breaks_free (IntakeTextBreaks *breaks)
{
  if (breaks == NULL)
    return;

  g_free (breaks->chars);
  g_free (breaks->attrs);
  g_array_unref (breaks->sentences);
  g_free (breaks);
}

int
intake_text_breaks_get_length (IntakeTextBreaks *breaks)
{
  g_return_val_if_fail (breaks != NULL, 0);

  return breaks->length;
}

#define SENTENCE_START(b, i) g_array_index ((b)->sentences, int, 2 * (i))
#define SENTENCE_END(b, i)   g_array_index ((b)->sentences, int, 2 * (i) + 1)

gboolean
intake_text_breaks_sentence_at (IntakeTextBreaks *breaks,
                                int               offset,
                                int              *start,
                                int              *end)
{
  guint n;
  guint found;

  g_return_val_if_fail (breaks != NULL, FALSE);

  n = breaks->sentences->len / 2;
  if (n == 0)
    return FALSE;

  /* The first sentence that ends at or after @offset, or the last. */
  for (found = 0; found < n - 1; found++)
    if (SENTENCE_END (breaks, found) >= offset)
      break;

  *start = SENTENCE_START (breaks, found);
  *end = SENTENCE_END (breaks, found);
  return TRUE;
}

gboolean
intake_text_breaks_paragraph_at (IntakeTextBreaks *breaks,
                                 int               offset,
                                 int              *start,
                                 int              *end)
{
  int s, e;

  g_return_val_if_fail (breaks != NULL, FALSE);

  offset = CLAMP (offset, 0, breaks->length);
  s = offset;
  while (s > 0 && !is_line_break (breaks->chars[s - 1]))
    s--;
  e = offset;
  while (e < breaks->length && !is_line_break (breaks->chars[e]))
    e++;

  while (s < e && is_blank (breaks->chars[s]))
    s++;
  while (e > s && is_blank (breaks->chars[e - 1]))
    e--;
  if (e <= s)
    return FALSE;

  *start = s;
  *end = e;
  return TRUE;
}

int
intake_text_breaks_forward_sentence_end (IntakeTextBreaks *breaks,
                                         int               offset)
{
  g_return_val_if_fail (breaks != NULL, offset);

  for (guint i = 0; i < breaks->sentences->len / 2; i++)
    if (SENTENCE_END (breaks, i) > offset)
      return SENTENCE_END (breaks, i);

  return offset;
}

int
intake_text_breaks_backward_sentence_start (IntakeTextBreaks *breaks,
                                            int               offset)
{
  g_return_val_if_fail (breaks != NULL, offset);

  for (guint i = breaks->sentences->len / 2; i > 0; i--)
    if (SENTENCE_START (breaks, i - 1) < offset)
      return SENTENCE_START (breaks, i - 1);

  return offset;
}

int
intake_text_breaks_forward_word_end (IntakeTextBreaks *breaks,
                                     int               offset)
{
  g_return_val_if_fail (breaks != NULL, offset);

  for (int i = MAX (offset + 1, 0); i <= breaks->length; i++)
    if (breaks->attrs[i].is_word_end)
      return i;

  return offset;
}

int
intake_text_breaks_backward_word_start (IntakeTextBreaks *breaks,
                                        int               offset)
{
  g_return_val_if_fail (breaks != NULL, offset);

  for (int i = MIN (offset, breaks->length) - 1; i >= 0; i--)
    if (breaks->attrs[i].is_word_start)
      return i;

  return offset;
}

/* Reflowing hard-wrapped mail */

typedef struct
{
  int start;   /* offset of the first character */
  int length;  /* without the line break */
  int brk;     /* length of the line break: 0 at the end, 1 or 2 */
} Line;

static gboolean
line_is_blank (const gunichar *chars,
               const Line     *line)
{
  for (int i = 0; i < line->length; i++)
    if (!g_unichar_isspace (chars[line->start + i]))
      return FALSE;
  return TRUE;
}

static gboolean
line_has_prefix (const gunichar *chars,
                 const Line     *line,
                 const char     *prefix)
{
  int i = 0;

  for (; prefix[i] != '\0'; i++)
    if (i >= line->length || chars[line->start + i] != (gunichar) prefix[i])
      return FALSE;
  return TRUE;
}

/* "-- ", the signature's separator; some mailers drop its space. */
static gboolean
line_is_signature_separator (const gunichar *chars,
                             const Line     *line)
{
  return (line->length == 3 && line_has_prefix (chars, line, "-- ")) ||
         (line->length == 2 && line_has_prefix (chars, line, "--"));
}

/* The quote marks a line starts with and the space after each, as in
 * "> ", ">> " or "> > ": how many characters they take, and in @depth how
 * many marks. */
static int
quote_prefix_length (const gunichar *c,
                     int             n,
                     int            *depth)
{
  int i = 0;

  *depth = 0;
  while (i < n && c[i] == '>')
    {
      (*depth)++;
      i++;
      if (i < n && c[i] == ' ')
        i++;
    }
  return i;
}

/* A line's quote depth, and in @content what follows its quote marks. */
static int
line_content (const gunichar *chars,
              const Line     *line,
              Line           *content)
{
  int depth;
  int prefix = quote_prefix_length (chars + line->start, line->length, &depth);

  content->start = line->start + prefix;
  content->length = line->length - prefix;
  content->brk = line->brk;
  return depth;
}

/* A line of its own whatever the one before: an indented line, a list
 * item ("- ", "* ", "• ", "1. ", "2) ", "a) "). */
static gboolean
line_starts_block (const gunichar *chars,
                   const Line     *line)
{
  const gunichar *c = chars + line->start;
  int n = line->length;
  int i = 0;

  if (n == 0 || g_unichar_isspace (c[0]))
    return TRUE;
  if (n >= 2 && (c[0] == '-' || c[0] == '*' || c[0] == '+' || c[0] == 0x2022 || c[0] == 0x2013) &&
      g_unichar_isspace (c[1]))
    return TRUE;

  while (i < n && i < 3 && g_unichar_isdigit (c[i]))
    i++;
  if (i == 0 && n >= 1 && g_unichar_isalpha (c[0]) && n >= 2 && c[1] == ')')
    i = 1;
  if (i > 0 && i + 1 < n && (c[i] == '.' || c[i] == ')') && g_unichar_isspace (c[i + 1]))
    return TRUE;

  return FALSE;
}

static int
first_word_length (const gunichar *chars,
                   const Line     *line)
{
  int i = 0;

  while (i < line->length && !g_unichar_isspace (chars[line->start + i]))
    i++;
  return i;
}

static gboolean
line_has_space (const gunichar *chars,
                const Line     *line)
{
  for (int i = 0; i < line->length; i++)
    if (chars[line->start + i] == ' ')
      return TRUE;
  return FALSE;
}

/* Hard-wrapped text has no line longer than this, and some near it. */
#define MIN_WRAP_WIDTH 50
#define MAX_WRAP_WIDTH 90

/* Deeper quotes keep their lines. */
#define MAX_QUOTE_DEPTH 8

GArray *
intake_text_find_soft_breaks (const char *text)
{
  GArray *soft = g_array_new (FALSE, FALSE, sizeof (int));
  g_autofree gunichar *chars = NULL;
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (Line));
  glong length;
  int width[MAX_QUOTE_DEPTH + 1] = { 0 };
  int signature_depth = G_MAXINT;
  guint body_lines;

  g_return_val_if_fail (text != NULL, soft);

  chars = g_utf8_to_ucs4_fast (text, -1, &length);
  for (int i = 0; i <= length;)
    {
      Line line = { i, 0, 0 };

      while (i + line.length < length && !is_line_break (chars[i + line.length]))
        line.length++;
      i += line.length;
      if (i < length)
        line.brk = (chars[i] == '\r' && i + 1 < length && chars[i + 1] == '\n') ? 2 : 1;
      g_array_append_val (lines, line);
      if (line.brk == 0)
        break;
      i += line.brk;
    }

  /* The body is what comes before the signature, which keeps its lines. */
  for (body_lines = 0; body_lines < lines->len; body_lines++)
    if (line_is_signature_separator (chars, &g_array_index (lines, Line, body_lines)))
      break;

  /* The width each quote depth was wrapped at, from its lines of words
   * without their quote marks: a reply quotes text wrapped by another
   * mailer, or wrapped again with its marks. A line of words longer than
   * any wrap means the text was not wrapped at all. */
  for (guint i = 0; i < body_lines; i++)
    {
      Line content;
      int depth = line_content (chars, &g_array_index (lines, Line, i), &content);

      if (depth <= MAX_QUOTE_DEPTH && line_has_space (chars, &content))
        width[depth] = MAX (width[depth], content.length);
    }

  /* A line was wrapped when the next one's first word would not have fit;
   * a quoted line only continues on one of the same depth. */
  for (guint i = 0; i + 1 < body_lines; i++)
    {
      Line content, next;
      int depth = line_content (chars, &g_array_index (lines, Line, i), &content);
      int next_depth = line_content (chars, &g_array_index (lines, Line, i + 1), &next);

      /* A quoted signature keeps its lines until its quote ends. */
      if (depth < signature_depth)
        signature_depth = G_MAXINT;
      if (depth > 0 && line_is_signature_separator (chars, &content))
        signature_depth = MIN (signature_depth, depth);

      /* A paragraph separator (U+2029) says the paragraph ends. */
      if (chars[content.start + content.length] == 0x2029)
        continue;
      if (depth != next_depth || depth > MAX_QUOTE_DEPTH || depth >= signature_depth)
        continue;
      if (width[depth] < MIN_WRAP_WIDTH || width[depth] > MAX_WRAP_WIDTH)
        continue;
      if (line_is_blank (chars, &content) || line_is_blank (chars, &next) ||
          line_starts_block (chars, &next) || line_is_signature_separator (chars, &next))
        continue;
      if (content.length + 1 + first_word_length (chars, &next) <= width[depth])
        continue;

      {
        int offset = content.start + content.length;

        g_array_append_val (soft, offset);
      }
    }

  return soft;
}

char *
intake_text_reflow (const char *text)
{
  g_autoptr(GArray) soft = NULL;
  g_autofree gunichar *shown = NULL;
  glong length;

  g_return_val_if_fail (text != NULL, NULL);

  soft = intake_text_find_soft_breaks (text);
  if (soft->len == 0)
    return g_strdup (text);

  shown = g_utf8_to_ucs4_fast (text, -1, &length);
  for (guint i = 0; i < soft->len; i++)
    {
      int at = g_array_index (soft, int, i);
      int brk = (shown[at] == '\r' && at + 1 < length && shown[at + 1] == '\n') ? 2 : 1;
      int depth;
      int prefix = quote_prefix_length (shown + at + brk, length - at - brk, &depth);

      /* A space, and one of no width for each other character of the
       * break and of the next line's quote marks ("\r\n", "\n> "), so
       * that the text keeps its length. */
      shown[at] = ' ';
      for (int k = at + 1; k < at + brk + prefix; k++)
        shown[k] = 0x200B;
    }

  return g_ucs4_to_utf8 (shown, length, NULL, NULL, NULL);
}

/* Search matches */

/* A code point of a word, as FTS5's unicode61 tokenizer has it: letters,
 * numbers, private use, and the marks it keeps with them. */
static gboolean
is_token_char (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_UPPERCASE_LETTER:
    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_LETTER_NUMBER:
    case G_UNICODE_OTHER_NUMBER:
    case G_UNICODE_PRIVATE_USE:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
    case G_UNICODE_NON_SPACING_MARK:
      return TRUE;
    default:
      return FALSE;
    }
}

typedef struct
{
  int       start;
  int       end;
  gunichar *folded;  /* 0-terminated, marks dropped */
  int       n_folded;
} Token;

static void
token_clear (Token *token)
{
  g_free (token->folded);
}

static GArray *
tokenize (const char *text)
{
  GArray *tokens = g_array_new (FALSE, FALSE, sizeof (Token));
  g_autofree gunichar *chars = NULL;
  g_autofree gunichar *folded = NULL;
  glong n, n_folded;

  g_array_set_clear_func (tokens, (GDestroyNotify) token_clear);
  chars = g_utf8_to_ucs4_fast (text, -1, &n);
  folded = intake_text_fold_chars (text, &n_folded);
  g_return_val_if_fail (n == n_folded, tokens);

  for (int i = 0; i < n;)
    {
      Token token = { i, i, NULL, 0 };

      if (!is_token_char (chars[i]))
        {
          i++;
          continue;
        }
      while (token.end < n && is_token_char (chars[token.end]))
        token.end++;

      token.folded = g_new0 (gunichar, token.end - token.start + 1);
      for (int k = token.start; k < token.end; k++)
        if (folded[k] != 0)
          token.folded[token.n_folded++] = folded[k];

      i = token.end;
      if (token.n_folded == 0)
        token_clear (&token);
      else
        g_array_append_val (tokens, token);
    }

  return tokens;
}

static gboolean
token_matches (const Token *token,
               const Token *term,
               gboolean     prefix)
{
  if (prefix ? token->n_folded < term->n_folded : token->n_folded != term->n_folded)
    return FALSE;
  return memcmp (token->folded, term->folded, term->n_folded * sizeof (gunichar)) == 0;
}

typedef struct
{
  GArray   *terms;   /* Token */
  gboolean  prefix;  /* the last term is a prefix */
} Phrase;

static void
phrase_clear (Phrase *phrase)
{
  g_clear_pointer (&phrase->terms, g_array_unref);
}

/* The phrases of a query in FTS5's syntax, as the store builds it: quoted
 * strings ("" for a quote) or bare words, a "*" after one for a prefix. */
static GArray *
parse_fts_query (const char *query)
{
  GArray *phrases = g_array_new (FALSE, FALSE, sizeof (Phrase));
  const char *p = query;

  g_array_set_clear_func (phrases, (GDestroyNotify) phrase_clear);
  while (*p != '\0')
    {
      g_autoptr(GString) string = g_string_new (NULL);
      Phrase phrase = { NULL, FALSE };

      if (g_ascii_isspace (*p))
        {
          p++;
          continue;
        }

      if (*p == '"')
        {
          for (p++; *p != '\0'; p++)
            {
              if (*p == '"' && p[1] == '"')
                p++;
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              g_string_append_c (string, *p);
            }
        }
      else
        {
          while (*p != '\0' && !g_ascii_isspace (*p) && *p != '"' && *p != '*')
            g_string_append_c (string, *p++);
          /* Operators and grouping are not words to find. */
          if (g_str_equal (string->str, "AND") || g_str_equal (string->str, "OR") ||
              g_str_equal (string->str, "NOT"))
            g_string_truncate (string, 0);
        }

      if (*p == '*')
        {
          phrase.prefix = TRUE;
          p++;
        }

      phrase.terms = tokenize (string->str);
      if (phrase.terms->len == 0)
        phrase_clear (&phrase);
      else
        g_array_append_val (phrases, phrase);

      /* Anything else (parentheses, a lone star) is skipped. */
      if (string->len == 0 && !phrase.prefix && *p != '\0' && *p != '"')
        p++;
    }

  return phrases;
}

static int
compare_ranges (gconstpointer a,
                gconstpointer b)
{
  const int *ra = a, *rb = b;

  return ra[0] != rb[0] ? (ra[0] > rb[0]) - (ra[0] < rb[0]) : (ra[1] > rb[1]) - (ra[1] < rb[1]);
}

GArray *
intake_text_find_search_matches (const char *text,
                                 const char *query)
{
  GArray *matches = g_array_new (FALSE, FALSE, sizeof (int));
  g_autofree char *fts_query = NULL;
  g_autoptr(GArray) phrases = NULL;
  g_autoptr(GArray) tokens = NULL;
  g_autoptr(GArray) ranges = NULL;
  int last_end = -1;

  g_return_val_if_fail (text != NULL && query != NULL, matches);

  fts_query = _intake_store_fts_query (query);
  phrases = parse_fts_query (fts_query);
  if (phrases->len == 0)
    return matches;

  tokens = tokenize (text);
  ranges = g_array_new (FALSE, FALSE, 2 * sizeof (int));
  for (guint p = 0; p < phrases->len; p++)
    {
      Phrase *phrase = &g_array_index (phrases, Phrase, p);

      for (guint t = 0; t + phrase->terms->len <= tokens->len; t++)
        {
          gboolean ok = TRUE;

          for (guint k = 0; k < phrase->terms->len && ok; k++)
            ok = token_matches (&g_array_index (tokens, Token, t + k),
                                &g_array_index (phrase->terms, Token, k),
                                phrase->prefix && k + 1 == phrase->terms->len);
          if (ok)
            {
              int range[2] = {
                g_array_index (tokens, Token, t).start,
                g_array_index (tokens, Token, t + phrase->terms->len - 1).end,
              };

              g_array_append_val (ranges, range);
            }
        }
    }

  /* In order, overlapping matches as one. */
  g_array_sort (ranges, compare_ranges);
  for (guint i = 0; i < ranges->len; i++)
    {
      int *range = &g_array_index (ranges, int, 2 * i);

      if (matches->len > 0 && range[0] <= last_end)
        {
          if (range[1] > last_end)
            g_array_index (matches, int, matches->len - 1) = last_end = range[1];
          continue;
        }
      g_array_append_val (matches, range[0]);
      g_array_append_val (matches, range[1]);
      last_end = range[1];
    }

  return matches;
}
