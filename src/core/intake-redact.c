#define G_LOG_DOMAIN "intake-redact"

#include "config.h"

#include <string.h>

#include "intake-redact.h"
#include "intake-text.h"

/* One redacted span of the original text and where its marker is. */
typedef struct {
  int orig_start;
  int orig_end;
  int new_start;
  int new_end;
} OffsetMapping;

enum { REGEX_EMAIL, REGEX_PHONE, REGEX_POSTAL_CODE, N_REGEXES };

static const struct {
  IntakeRedactKind  kind;
  const char       *pattern;
} detectors[N_REGEXES] = {
  /* A local part of dot-separated atoms, then a domain with at least one
   * dot: "a@b" is not an address. */
  [REGEX_EMAIL] = { INTAKE_REDACT_EMAIL,
    "(?<![A-Za-z0-9._%+-])"
    "[A-Za-z0-9_%+-]+(?:\\.[A-Za-z0-9_%+-]+)*"
    "@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\\.)+[A-Za-z]{2,}"
    "(?![A-Za-z0-9-])" },
  /* Three, three and four digits with separators, an optional +1 and
   * extension; never a piece of a longer number. Bare runs of ten digits
   * are left alone: they are ids more often than phone numbers. */
  [REGEX_PHONE] = { INTAKE_REDACT_PHONE,
    "(?<![0-9])(?<![0-9][-.])"
    "(?:\\+?1[-. ]?)?"
    "(?:\\([0-9]{3}\\) ?|[0-9]{3}[-. ])"
    "[0-9]{3}[-. ][0-9]{4}"
    "(?:,? *(?:ext\\.?|x|poste) *[0-9]{1,6})?"
    "(?![-.]?[0-9])" },
  /* Canada Post: D F I O Q U never appear, W and Z never first. */
  [REGEX_POSTAL_CODE] = { INTAKE_REDACT_POSTAL_CODE,
    "(?<![\\p{L}\\p{N}])"
    "[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z] ?[0-9][ABCEGHJ-NPRSTV-Z][0-9]"
    "(?![\\p{L}\\p{N}])" },
};

/* Words that are names too. Such a part of a From name is redacted only
 * where it is capitalised as in the From name and stands next to another
 * part of a name ("Grace Whitford"), so that "by the grace of" stays. */
static const char * const common_words[] = {
  "will", "may", "mark", "grace", "rose", "young", "black", "white", "brown",
  "martin", "green", "gray", "grey", "king", "hope", "faith", "joy", "april",
  "june", "august", "summer", "dawn", "frank", "rich", "bill", "sue", "ray",
  "jack", "ivy", "iris", "lily", "daisy", "violet", "amber", "ruby", "pearl",
  "stone", "wood", "long", "love", "baker", "cook", "hunter", "page", "price",
  "claire", "pierre", "blanc", "blanche", "petit", "grand", "roche", "olive",
  "juste", "constance", "prudence", "aime", "leger", "fort", "roy", "lachance",
  "bonenfant", "rivard", "rivière", "riviere", "lac", "bois", "noel",
};

static GRegex *
get_regex (int which)
{
  static GRegex *regexes[N_REGEXES];
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (int i = 0; i < N_REGEXES; i++)
        {
          g_autoptr(GError) error = NULL;

          regexes[i] = g_regex_new (detectors[i].pattern, G_REGEX_OPTIMIZE | G_REGEX_CASELESS, 0, &error);
          g_assert_no_error (error);
        }
      g_once_init_leave (&initialized, 1);
    }

  return regexes[which];
}

static int
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const IntakeRedactSpan *x = a;
  const IntakeRedactSpan *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end > y->end ? -1 : 1;
  return (int) x->kind - (int) y->kind;
}

void
intake_redact_merge_spans (GArray *spans)
{
  guint kept = 0;
  int widest = 0;

  g_array_sort (spans, compare_spans);

  for (guint i = 0; i < spans->len; i++)
    {
      IntakeRedactSpan span = g_array_index (spans, IntakeRedactSpan, i);
      IntakeRedactSpan *last = kept > 0 ? &g_array_index (spans, IntakeRedactSpan, kept - 1) : NULL;

      if (span.end <= span.start)
        continue;

      if (last != NULL && span.start < last->end)
        {
          /* The widest span names the kind; between equals, the first kind. */
          if (span.end - span.start > widest ||
              (span.end - span.start == widest && span.kind < last->kind))
            {
              widest = span.end - span.start;
              last->kind = span.kind;
            }
          last->end = MAX (last->end, span.end);
          continue;
        }

      g_array_index (spans, IntakeRedactSpan, kept++) = span;
      widest = span.end - span.start;
    }

  g_array_set_size (spans, kept);
}

static void
find_regex (GArray     *spans,
            const char *text,
            int         which)
{
  g_autoptr(GMatchInfo) info = NULL;
  /* Matches come in order: count code points from the last one. */
  const char *counted = text;
  int offset = 0;

  g_regex_match (get_regex (which), text, 0, &info);
  for (; g_match_info_matches (info); g_match_info_next (info, NULL))
    {
      IntakeRedactSpan span = { 0, 0, detectors[which].kind };
      int start, end;

      if (!g_match_info_fetch_pos (info, 0, &start, &end))
        continue;

      offset += g_utf8_pointer_to_offset (counted, text + start);
      span.start = offset;
      span.end = offset + g_utf8_pointer_to_offset (text + start, text + end);
      counted = text + end;
      offset = span.end;
      g_array_append_val (spans, span);
    }
}

/* A letter or digit, or a mark on one: a name is a whole word. */
static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

/* ---- Names ---------------------------------------------------------------- */

/* What is known of one folded name part: whether it is a common word, and
 * whether some name had it in lower case (then its case in a text does not
 * matter). */
typedef struct {
  gboolean common;
  gboolean any_case;
} NameEntry;

struct _IntakeRedactor {
  gatomicrefcount  ref_count;
  GHashTable      *parts;   /* folded part (UTF-8, marks dropped) → NameEntry */
};

IntakeRedactor *
intake_redactor_new (void)
{
  IntakeRedactor *self = g_new0 (IntakeRedactor, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->parts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  return self;
}

IntakeRedactor *
intake_redactor_ref (IntakeRedactor *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
intake_redactor_unref (IntakeRedactor *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_hash_table_unref (self->parts);
  g_free (self);
}

/* The fold of one code point as intake_text_fold_chars() gives it, with a
 * cache: most of a French text is a few accented letters over and over. */
static gunichar
fold_char (gunichar    c,
           GHashTable **cache)
{
  gpointer found;
  char one[8] = { 0, };
  g_autofree char *fold = NULL;
  gunichar folded;

  if (c < 0x80)
    return g_ascii_tolower (c);

  if (*cache == NULL)
    *cache = g_hash_table_new (NULL, NULL);
  else if (g_hash_table_lookup_extended (*cache, GUINT_TO_POINTER (c), NULL, &found))
    return GPOINTER_TO_UINT (found);

  g_unichar_to_utf8 (c, one);
  fold = intake_text_fold (one);
  folded = fold[0] != '\0' ? g_utf8_get_char (fold) : 0;
  g_hash_table_insert (*cache, GUINT_TO_POINTER (c), GUINT_TO_POINTER (folded));

  return folded;
}

/* @word folded one code point at a time, marks dropped; *@len counts the
 * code points kept. */
static char *
fold_word (const char  *word,
           glong       *len)
{
  g_autofree gunichar *chars = NULL;
  GString *out = g_string_new (NULL);
  glong n = 0;

  *len = 0;
  chars = intake_text_fold_chars (word, &n);
  for (glong i = 0; i < n; i++)
    if (chars[i] != 0)
      {
        g_string_append_unichar (out, chars[i]);
        (*len)++;
      }

  return g_string_free (out, FALSE);
}

static gboolean
is_common_word (const char *folded)
{
  for (gsize i = 0; i < G_N_ELEMENTS (common_words); i++)
    if (strcmp (folded, common_words[i]) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
is_capital (gunichar c)
{
  return g_unichar_isupper (c) || g_unichar_istitle (c);
}

static void
add_name_part (IntakeRedactor *self,
               const char     *word)
{
  g_autofree char *folded = NULL;
  NameEntry *entry;
  glong len;

  folded = fold_word (word, &len);

  /* Initials and particles ("J.", "de", "Li") would redact half the text. */
  if (len <= 2)
    return;

  entry = g_hash_table_lookup (self->parts, folded);
  if (entry == NULL)
    {
      entry = g_new0 (NameEntry, 1);
      entry->common = is_common_word (folded);
      g_hash_table_insert (self->parts, g_steal_pointer (&folded), entry);
    }
  if (!is_capital (g_utf8_get_char (word)))
    entry->any_case = TRUE;
}

/**
 * intake_redactor_add_name:
 * @name: a From name or a signature's name line
 *
 * Adds each word of @name, and each piece of a hyphenated one.
 */
void
intake_redactor_add_name (IntakeRedactor *self,
                          const char     *name)
{
  const char *p = name;

  g_return_if_fail (self != NULL);

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return;

  while (*p)
    {
      const char *start;
      g_autofree char *word = NULL;
      g_auto(GStrv) pieces = NULL;

      while (*p && !is_word_char (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      start = p;
      while (*p && (is_word_char (g_utf8_get_char (p)) || *p == '-' || *p == '\''))
        p = g_utf8_next_char (p);
      if (p == start)
        break;

      /* "Tremblay-" or "Nadeau'" at the end of a name is one word. */
      {
        const char *end = p;

        while (end > start && (end[-1] == '-' || end[-1] == '\''))
          end--;
        word = g_strndup (start, end - start);
      }
      add_name_part (self, word);

      pieces = g_strsplit (word, "-", -1);
      for (gsize j = 0; pieces[j] != NULL && pieces[1] != NULL; j++)
        add_name_part (self, pieces[j]);
    }
}

/* A word of the text: a run of letters, digits and marks. */
typedef struct {
  int      start;      /* code points */
  int      end;
  gsize    key;        /* its fold, in the keys buffer */
  gsize    key_len;
  gboolean capital;    /* its first letter */
  gboolean gap_blank;  /* only blanks on one line or hyphens since the word before */
  gunichar joiner;     /* "-" or "'" when it is all there is since the word before */
} Word;

typedef struct {
  int      start;
  int      end;
  int      first_word;
  int      last_word;
  gboolean common;
} NameMatch;

/* Words a compound ("Tremblay-Nadeau", "O'Brien") may span. */
#define MAX_COMPOUND_WORDS 4

static void
split_words (const char *text,
             GArray     *words,
             GString    *keys)
{
  g_autoptr(GHashTable) cache = NULL;
  const char *p = text;
  int offset = 0;
  gboolean in_word = FALSE;
  gboolean gap_blank = FALSE;
  int gap_len = 0;
  gunichar gap_char = 0;
  Word word = { 0, };

  for (;; p = g_utf8_next_char (p), offset++)
    {
      gunichar c = g_utf8_get_char (p);
      gboolean word_char = c != 0 && is_word_char (c);

      if (word_char)
        {
          gunichar folded = fold_char (c, &cache);

          if (!in_word)
            {
              word = (Word) { offset, 0, keys->len, 0, is_capital (c), FALSE, 0 };
              word.gap_blank = words->len > 0 && gap_len > 0 && gap_blank;
              if (words->len > 0 && gap_len == 1 && (gap_char == '-' || gap_char == '\''))
                word.joiner = gap_char;
              in_word = TRUE;
            }
          if (folded != 0)
            g_string_append_unichar (keys, folded);
        }
      else
        {
          if (in_word)
            {
              word.end = offset;
              word.key_len = keys->len - word.key;
              g_array_append_val (words, word);
              in_word = FALSE;
              gap_len = 0;
              gap_blank = TRUE;
            }
          if (c == 0)
            break;
          gap_len++;
          gap_char = c;
          if (c != ' ' && c != '\t' && c != '-' && c != 0xa0)
            gap_blank = FALSE;
        }
    }
}

static void
find_names (IntakeRedactor *self,
            GArray         *spans,
            const char     *text)
{
  g_autoptr(GArray) words = NULL;
  g_autoptr(GArray) matches = NULL;
  g_autoptr(GString) keys = NULL;
  g_autoptr(GString) scratch = NULL;

  if (g_hash_table_size (self->parts) == 0)
    return;

  words = g_array_new (FALSE, FALSE, sizeof (Word));
  keys = g_string_new (NULL);
  scratch = g_string_new (NULL);
  matches = g_array_new (FALSE, FALSE, sizeof (NameMatch));
  split_words (text, words, keys);

  for (guint i = 0; i < words->len; i++)
    {
      const Word *first = &g_array_index (words, Word, i);

      for (guint last = i; last < words->len && last < i + MAX_COMPOUND_WORDS; last++)
        {
          const Word *end_word = &g_array_index (words, Word, last);
          const NameEntry *entry;

          if (last > i && end_word->joiner == 0)
            break;

          /* A compound's key keeps its joiners, as the name's does. */
          g_string_truncate (scratch, 0);
          for (guint k = i; k <= last; k++)
            {
              const Word *w = &g_array_index (words, Word, k);

              if (k > i)
                g_string_append_c (scratch, (char) w->joiner);
              g_string_append_len (scratch, keys->str + w->key, w->key_len);
            }

          entry = g_hash_table_lookup (self->parts, scratch->str);
          if (entry == NULL)
            continue;
          if (entry->common && !entry->any_case && !first->capital)
            continue;

          g_array_append_val (matches, ((NameMatch) { first->start, end_word->end, i, last, entry->common }));
        }
    }

  for (guint i = 0; i < matches->len; i++)
    {
      const NameMatch *match = &g_array_index (matches, NameMatch, i);
      gboolean keep = !match->common;

      /* A common word is a name only next to another part of a name: the
       * match just before or after it in the text, or one overlapping it. */
      for (guint k = i > 3 ? i - 3 : 0; !keep && k < MIN (matches->len, i + 4); k++)
        {
          const NameMatch *other = &g_array_index (matches, NameMatch, k);

          if (k == i)
            continue;
          if (other->first_word <= match->last_word && match->first_word <= other->last_word)
            keep = TRUE;
          else if (other->first_word == match->last_word + 1)
            keep = g_array_index (words, Word, other->first_word).gap_blank;
          else if (match->first_word == other->last_word + 1)
            keep = g_array_index (words, Word, match->first_word).gap_blank;
        }

      if (keep)
        g_array_append_val (spans, ((IntakeRedactSpan) { match->start, match->end, INTAKE_REDACT_NAME }));
    }
}

/**
 * intake_redact_find:
 * @text: valid UTF-8
 * @names: (nullable) (array zero-terminated=1): the sender's names
 *
 * Returns: (transfer full) (element-type IntakeRedactSpan): the spans to
 *   redact, sorted by start, none overlapping
 */
GArray *
intake_redact_find (const char         *text,
                    const char * const *names)
{
  g_autoptr(IntakeRedactor) redactor = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (g_utf8_validate (text, -1, NULL), NULL);

  redactor = intake_redactor_new ();
  for (gsize i = 0; names != NULL && names[i] != NULL; i++)
    intake_redactor_add_name (redactor, names[i]);

  return intake_redactor_find (redactor, text);
}

/**
 * intake_redactor_find:
 * @text: valid UTF-8
 *
 * As intake_redact_find() with the names added so far: the text is split
 * into words once and each word (and each compound of words joined by a
 * hyphen or an apostrophe) looked up, however many names there are.
 *
 * Returns: (transfer full) (element-type IntakeRedactSpan): the spans to
 *   redact, sorted by start, none overlapping
 */
GArray *
intake_redactor_find (IntakeRedactor *self,
                      const char     *text)
{
  GArray *spans;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (g_utf8_validate (text, -1, NULL), NULL);

  spans = g_array_new (FALSE, FALSE, sizeof (IntakeRedactSpan));
  for (int i = 0; i < N_REGEXES; i++)
    find_regex (spans, text, i);
  find_names (self, spans, text);
  intake_redact_merge_spans (spans);

  return spans;
}

static const char *
marker_for (IntakeRedactKind kind)
{
  switch (kind)
    {
    case INTAKE_REDACT_EMAIL: return "[redacted: email]";
    case INTAKE_REDACT_PHONE: return "[redacted: phone]";
    case INTAKE_REDACT_POSTAL_CODE: return "[redacted: postal code]";
    case INTAKE_REDACT_NAME: return "[redacted: name]";
    case INTAKE_REDACT_MARKED:
    default: return "[redacted: marked]";
    }
}

/**
 * intake_redact_apply:
 * @text: valid UTF-8
 * @spans: (element-type IntakeRedactSpan): spans of @text in code points
 * @offset_map_out: (out) (optional) (transfer full): the offset map
 *
 * Returns: (transfer full): the redacted text
 */
char *
intake_redact_apply (const char  *text,
                     GArray      *spans,
                     GArray     **offset_map_out)
{
  g_autoptr(GArray) merged = NULL;
  g_autoptr(GArray) map = NULL;
  GString *out;
  const char *p = text;
  int length;
  int at = 0;
  int written = 0;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (spans != NULL, NULL);

  length = intake_text_length (text);
  merged = g_array_sized_new (FALSE, FALSE, sizeof (IntakeRedactSpan), spans->len);
  for (guint i = 0; i < spans->len; i++)
    {
      IntakeRedactSpan span = g_array_index (spans, IntakeRedactSpan, i);

      span.start = CLAMP (span.start, 0, length);
      span.end = CLAMP (span.end, 0, length);
      g_array_append_val (merged, span);
    }
  intake_redact_merge_spans (merged);

  map = g_array_sized_new (FALSE, FALSE, sizeof (OffsetMapping), merged->len);
  out = g_string_sized_new (strlen (text));

  for (guint i = 0; i < merged->len; i++)
    {
      const IntakeRedactSpan *span = &g_array_index (merged, IntakeRedactSpan, i);
      const char *marker = marker_for (span->kind);
      const char *span_start = g_utf8_offset_to_pointer (p, span->start - at);
      const char *span_end = g_utf8_offset_to_pointer (span_start, span->end - span->start);
      OffsetMapping mapping;

      g_string_append_len (out, p, span_start - p);
      written += span->start - at;
      mapping = (OffsetMapping) { span->start, span->end, written, written + (int) strlen (marker) };
      g_array_append_val (map, mapping);

      g_string_append (out, marker);
      written = mapping.new_end;
      p = span_end;
      at = span->end;
    }
  g_string_append (out, p);

  if (offset_map_out != NULL)
    *offset_map_out = g_steal_pointer (&map);

  return g_string_free (out, FALSE);
}

int
intake_redact_map_offset (GArray *offset_map,
                          int     original_offset)
{
  int delta = 0;

  g_return_val_if_fail (offset_map != NULL, original_offset);

  for (guint i = 0; i < offset_map->len; i++)
    {
      const OffsetMapping *m = &g_array_index (offset_map, OffsetMapping, i);

      if (original_offset < m->orig_end)
        {
          if (original_offset > m->orig_start)
            return m->new_start;
          break;
        }
      delta = m->new_end - m->orig_end;
    }

  return original_offset + delta;
}

void
intake_redact_map_range (GArray *offset_map,
                         int     start,
                         int     end,
                         int    *start_out,
                         int    *end_out)
{
  int new_end;

  g_return_if_fail (offset_map != NULL);
  g_return_if_fail (start_out != NULL && end_out != NULL);

  new_end = intake_redact_map_offset (offset_map, end);
  for (guint i = 0; i < offset_map->len; i++)
    {
      const OffsetMapping *m = &g_array_index (offset_map, OffsetMapping, i);

      /* An end inside a span takes in its whole marker. */
      if (end > m->orig_start && end < m->orig_end)
        new_end = m->new_end;
    }

  *start_out = intake_redact_map_offset (offset_map, start);
  *end_out = MAX (new_end, *start_out);
}

int
intake_redact_unmap_offset (GArray *offset_map,
                            int     redacted_offset)
{
  int delta = 0;

  g_return_val_if_fail (offset_map != NULL, redacted_offset);

  for (guint i = 0; i < offset_map->len; i++)
    {
      const OffsetMapping *m = &g_array_index (offset_map, OffsetMapping, i);

      if (redacted_offset < m->new_end)
        {
          if (redacted_offset >= m->new_start)
            return m->orig_start;
          break;
        }
      delta = m->new_end - m->orig_end;
    }

  return redacted_offset - delta;
}

void
intake_redact_unmap_range (GArray *offset_map,
                           int     start,
                           int     end,
                           int    *start_out,
                           int    *end_out)
{
  int orig_end;

  g_return_if_fail (offset_map != NULL);
  g_return_if_fail (start_out != NULL && end_out != NULL);

  orig_end = intake_redact_unmap_offset (offset_map, end);
  for (guint i = 0; i < offset_map->len; i++)
    {
      const OffsetMapping *m = &g_array_index (offset_map, OffsetMapping, i);

      /* An end inside a marker takes in its whole span. */
      if (end > m->new_start && end < m->new_end)
        orig_end = m->orig_end;
    }

  *start_out = intake_redact_unmap_offset (offset_map, start);
  *end_out = MAX (orig_end, *start_out);
}

/* ---- Signatures ----------------------------------------------------------- */

/* How far from the end a signature may start. */
#define SIGNATURE_LINES 8

/* Closings after which a name is signed, folded, without their punctuation. */
static const char * const closings[] = {
  "regards", "best regards", "kind regards", "warm regards", "warmest regards", "best",
  "best wishes", "all the best", "sincerely", "yours sincerely", "sincerely yours",
  "yours truly", "respectfully", "respectfully yours", "thanks", "thank you", "many thanks",
  "thanks again", "cheers", "take care",
  "cordialement", "bien cordialement", "merci", "merci beaucoup", "salutations",
  "meilleures salutations", "sinceres salutations", "bien a vous", "amicalement",
  "respectueusement", "a bientot",
};

static gboolean
is_closing (const char *line)
{
  g_autofree char *folded = intake_text_fold (line);
  gsize len = strlen (folded);

  /* "Regards," "Merci !" "Thank you." */
  while (len > 0 && strchr (",.!:;- \t", folded[len - 1]) != NULL)
    len--;
  folded[len] = '\0';

  for (gsize i = 0; i < G_N_ELEMENTS (closings); i++)
    if (strcmp (folded, closings[i]) == 0)
      return TRUE;

  return FALSE;
}

/* One to four words, each starting with a capital, no digit and no "@":
 * "Élise Tremblay-Nadeau", not "403-555-0142" or "T2X 1Y2". */
static gboolean
is_name_line (const char *line)
{
  g_auto(GStrv) words = NULL;
  guint n = 0;

  if (strchr (line, '@') != NULL)
    return FALSE;
  for (const char *p = line; *p; p = g_utf8_next_char (p))
    if (g_unichar_isdigit (g_utf8_get_char (p)))
      return FALSE;

  words = g_strsplit_set (line, " \t", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] == '\0')
        continue;
      if (!is_capital (g_utf8_get_char (words[i])))
        return FALSE;
      n++;
    }

  return n >= 1 && n <= 4;
}

/**
 * intake_redact_signature_names:
 * @text: valid UTF-8
 *
 * The name signed at the end of @text: the first line after a "--" line or
 * a closing ("Regards,", "Cordialement,") within the last lines, when it
 * looks like a name. Only that line: the lines after it are a title, a
 * school or a telephone number more often than a name, and a word of them
 * would be redacted in every submission.
 *
 * Returns: (transfer full): the names, empty when there is no signature
 */
GStrv
intake_redact_signature_names (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) lines = NULL;
  int n, first, marker = -1;

  g_return_val_if_fail (text != NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    return g_strv_builder_end (builder);

  lines = g_strsplit (text, "\n", -1);
  n = g_strv_length (lines);
  for (int i = 0; i < n; i++)
    {
      gsize len = strlen (lines[i]);

      if (len > 0 && lines[i][len - 1] == '\r')
        lines[i][len - 1] = '\0';
    }

  /* The last lines, blank ones at the end aside. */
  while (n > 0)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (lines[n - 1]));

      if (*stripped != '\0')
        break;
      n--;
    }
  first = MAX (0, n - SIGNATURE_LINES);

  for (int i = n - 1; i >= first && marker < 0; i--)
    if (g_str_equal (lines[i], "--") || g_str_equal (lines[i], "-- ") || is_closing (lines[i]))
      marker = i;

  for (int i = marker + 1; marker >= 0 && i < n; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));

      if (*line == '\0')
        continue;
      if (is_name_line (line))
        g_strv_builder_add (builder, line);
      break;
    }

  return g_strv_builder_end (builder);
}
