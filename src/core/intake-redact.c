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

/* Sorts @spans and merges those that overlap, in place. */
static void
merge_spans (GArray *spans)
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

typedef struct {
  gunichar *folded;
  glong     len;
  gboolean  common;
  gboolean  capitalised;
} NamePart;

static void
name_part_clear (gpointer data)
{
  NamePart *part = data;

  g_free (part->folded);
}

static gboolean
is_common_word (const char *word)
{
  g_autofree char *folded = intake_text_fold (word);

  for (gsize i = 0; i < G_N_ELEMENTS (common_words); i++)
    if (strcmp (folded, common_words[i]) == 0)
      return TRUE;

  return FALSE;
}

static void
add_name_part (GArray     *parts,
               const char *word)
{
  NamePart part = { 0, };
  g_autofree gunichar *chars = NULL;
  glong n = 0;

  chars = intake_text_fold_chars (word, &n);
  part.folded = g_new0 (gunichar, n + 1);
  for (glong i = 0; i < n; i++)
    if (chars[i] != 0)
      part.folded[part.len++] = chars[i];

  /* Initials and particles ("J.", "de", "Li") would redact half the text. */
  if (part.len <= 2)
    {
      g_free (part.folded);
      return;
    }

  part.common = is_common_word (word);
  part.capitalised = g_unichar_isupper (g_utf8_get_char (word)) || g_unichar_istitle (g_utf8_get_char (word));

  for (guint i = 0; i < parts->len; i++)
    {
      NamePart *other = &g_array_index (parts, NamePart, i);

      if (other->len == part.len && other->capitalised == part.capitalised &&
          memcmp (other->folded, part.folded, part.len * sizeof (gunichar)) == 0)
        {
          g_free (part.folded);
          return;
        }
    }

  g_array_append_val (parts, part);
}

/* Each word of each From name, and each piece of a hyphenated one. */
static GArray *
split_names (const char * const *names)
{
  GArray *parts = g_array_new (FALSE, TRUE, sizeof (NamePart));

  g_array_set_clear_func (parts, name_part_clear);

  for (gsize i = 0; names != NULL && names[i] != NULL; i++)
    {
      const char *p = names[i];

      if (!g_utf8_validate (p, -1, NULL))
        continue;

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
          while (p > start && (p[-1] == '-' || p[-1] == '\''))
            p--;
          word = g_strndup (start, p - start);
          add_name_part (parts, word);

          pieces = g_strsplit (word, "-", -1);
          for (gsize j = 0; pieces[j] != NULL && pieces[1] != NULL; j++)
            add_name_part (parts, pieces[j]);
        }
    }

  return parts;
}

typedef struct {
  int      start;
  int      end;
  gboolean common;
} NameMatch;

/* Whether only blanks on one line or hyphens lie between @a and @b. */
static gboolean
next_to (const gunichar *chars,
         const NameMatch *a,
         const NameMatch *b)
{
  int from = a->end <= b->start ? a->end : b->end;
  int to = a->end <= b->start ? b->start : a->start;

  if (from > to)
    return TRUE;
  if (from == to)
    return FALSE;

  for (int i = from; i < to; i++)
    if (chars[i] != ' ' && chars[i] != '\t' && chars[i] != '-' && chars[i] != 0xa0)
      return FALSE;

  return TRUE;
}

static void
find_names (GArray             *spans,
            const char         *text,
            const char * const *names)
{
  g_autoptr(GArray) parts = split_names (names);
  g_autoptr(GArray) matches = NULL;
  g_autofree gunichar *chars = NULL;
  g_autofree gunichar *folded = NULL;
  glong n = 0;

  if (parts->len == 0)
    return;

  chars = g_utf8_to_ucs4_fast (text, -1, NULL);
  folded = intake_text_fold_chars (text, &n);
  matches = g_array_new (FALSE, FALSE, sizeof (NameMatch));

  for (glong i = 0; i < n; i++)
    {
      if (folded[i] == 0 || (i > 0 && is_word_char (chars[i - 1])))
        continue;

      for (guint k = 0; k < parts->len; k++)
        {
          const NamePart *part = &g_array_index (parts, NamePart, k);
          glong j = i;
          glong m = 0;

          /* Marks fold to nothing: step over them inside the word. */
          for (; m < part->len && j < n; j++)
            {
              if (folded[j] == 0)
                continue;
              if (folded[j] != part->folded[m])
                break;
              m++;
            }
          if (m < part->len)
            continue;
          while (j < n && folded[j] == 0)
            j++;
          if (j < n && is_word_char (chars[j]))
            continue;
          if (part->common && part->capitalised &&
              !g_unichar_isupper (chars[i]) && !g_unichar_istitle (chars[i]))
            continue;

          g_array_append_val (matches, ((NameMatch) { i, j, part->common }));
        }
    }

  for (guint i = 0; i < matches->len; i++)
    {
      const NameMatch *match = &g_array_index (matches, NameMatch, i);
      gboolean keep = !match->common;

      for (guint k = 0; !keep && k < matches->len; k++)
        keep = k != i && next_to (chars, match, &g_array_index (matches, NameMatch, k));

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
  GArray *spans;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (g_utf8_validate (text, -1, NULL), NULL);

  spans = g_array_new (FALSE, FALSE, sizeof (IntakeRedactSpan));
  for (int i = 0; i < N_REGEXES; i++)
    find_regex (spans, text, i);
  find_names (spans, text, names);
  merge_spans (spans);

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
  merge_spans (merged);

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
