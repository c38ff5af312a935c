#define G_LOG_DOMAIN "intake-text"

#include "config.h"

#include <string.h>

#include "intake-text.h"

char *
intake_text_fold (const char *text)
{
  g_autofree char *decomposed = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *normal = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  /* Invalid UTF-8 folds to nothing: it matches no name. */
  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);
  if (decomposed == NULL)
    return g_strdup ("");

  /* Folding may give composed characters back: decompose once more before
   * dropping the marks. */
  folded = g_utf8_casefold (decomposed, -1);
  normal = g_utf8_normalize (folded, -1, G_NORMALIZE_ALL);
  out = g_string_sized_new (strlen (normal));

  for (const char *p = normal; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (type != G_UNICODE_NON_SPACING_MARK && type != G_UNICODE_ENCLOSING_MARK)
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

gboolean
intake_text_matches (const char *haystack_folded,
                     const char *needle)
{
  g_autofree char *folded = intake_text_fold (needle);

  g_return_val_if_fail (haystack_folded != NULL, FALSE);

  return strstr (haystack_folded, folded) != NULL;
}

gboolean
intake_text_equal (const char *a,
                   const char *b)
{
  g_autofree char *folded_a = intake_text_fold (a);
  g_autofree char *folded_b = intake_text_fold (b);

  return strcmp (folded_a, folded_b) == 0;
}

/**
 * intake_text_fold_chars:
 * @text: UTF-8 text
 * @n_chars: (out): the number of code points of @text, and so of the result
 *
 * Returns: (transfer full): @n_chars folded code points and a 0 after them
 */
gunichar *
intake_text_fold_chars (const char *text,
                        glong      *n_chars)
{
  gunichar *folded;
  const char *p;
  glong n;

  g_return_val_if_fail (n_chars != NULL, NULL);

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    {
      *n_chars = 0;
      return g_new0 (gunichar, 1);
    }

  n = g_utf8_strlen (text, -1);
  folded = g_new (gunichar, n + 1);
  p = text;

  for (glong i = 0; i < n; i++, p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Most text is ASCII, whose fold is its lower case. */
      if (c < 0x80)
        folded[i] = g_ascii_tolower (c);
      else
        {
          char one[8] = { 0, };
          g_autofree char *fold = NULL;

          g_unichar_to_utf8 (c, one);
          fold = intake_text_fold (one);
          folded[i] = fold[0] != '\0' ? g_utf8_get_char (fold) : 0;
        }
    }
  folded[n] = 0;

  *n_chars = n;
  return folded;
}

int
intake_text_length (const char *text)
{
  return text ? (int) g_utf8_strlen (text, -1) : 0;
}

char *
intake_text_slice (const char *text,
                   int         start,
                   int         end)
{
  const char *from;
  const char *to;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (start >= 0 && end >= start, NULL);

  from = g_utf8_offset_to_pointer (text, start);
  to = g_utf8_offset_to_pointer (from, end - start);

  return g_strndup (from, to - from);
}

/* How far back from the limit a paragraph or line break is near enough to cut at. */
#define CUT_NEAR (16 * 1024)

static const char *
last_newline (const char *start,
              const char *end)
{
  for (const char *p = end; p > start; p--)
    if (p[-1] == '\n')
      return p - 1;

  return NULL;
}

/**
 * intake_text_cut:
 * @text: UTF-8 text
 * @len: its length in bytes
 * @max_len: the most bytes to keep
 *
 * Says where to cut @text so that at most @max_len bytes of it remain: at
 * the end of a paragraph if one ends near the limit, else at the end of a
 * line, else between two characters; blanks before the cut go too.
 *
 * Returns: how many bytes of @text to keep; @len if all of it fits
 */
gsize
intake_text_cut (const char *text,
                 gsize       len,
                 gsize       max_len)
{
  const char *window;
  const char *end;
  const char *brk;
  const char *cut;

  g_return_val_if_fail (text != NULL || len == 0, 0);

  if (len <= max_len)
    return len;

  /* Never inside a character: back off the continuation bytes. */
  end = text + max_len;
  while (end > text && ((guchar) *end & 0xc0) == 0x80)
    end--;

  window = end - text > CUT_NEAR ? end - CUT_NEAR : text;
  if ((brk = g_strrstr_len (window, end - window, "\n\n")) == NULL)
    brk = last_newline (window, end);

  cut = brk != NULL ? brk : end;
  while (cut > text && g_ascii_isspace (cut[-1]))
    cut--;

  /* A break at the very start would keep nothing. */
  if (cut == text && brk != NULL)
    {
      cut = end;
      while (cut > text && g_ascii_isspace (cut[-1]))
        cut--;
    }

  return cut - text;
}

char *
intake_text_blank_controls (char *text)
{
  char *w = text;

  if (text == NULL)
    return NULL;

  /* UTF-8 continuation and lead bytes are all 0x80 and up: byte by byte
   * is safe. */
  for (; *w; w++)
    if (((guchar) *w < 0x20 && *w != '\t' && *w != '\n') || *w == 0x7f)
      *w = ' ';

  return text;
}

char *
intake_text_name_uuid (const char *name)
{
  /* This program's namespace, made once at random. */
  static const guint8 namespace[16] = {
    0x6b, 0x1d, 0x3e, 0x52, 0x9a, 0x40, 0x4c, 0x7e, 0x8f, 0x21, 0x5d, 0x0c, 0x33, 0xa4, 0x77, 0x19,
  };
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize len = sizeof digest;

  g_return_val_if_fail (name != NULL, NULL);

  g_checksum_update (checksum, namespace, sizeof namespace);
  g_checksum_update (checksum, (const guchar *) name, strlen (name));
  g_checksum_get_digest (checksum, digest, &len);
  digest[6] = (digest[6] & 0x0f) | 0x50;
  digest[8] = (digest[8] & 0x3f) | 0x80;

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          digest[0], digest[1], digest[2], digest[3], digest[4], digest[5],
                          digest[6], digest[7], digest[8], digest[9], digest[10], digest[11],
                          digest[12], digest[13], digest[14], digest[15]);
}
