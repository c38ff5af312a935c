#define G_LOG_DOMAIN "intake-charset"

#include "config.h"

#include <gmime/gmime.h>
#include <string.h>

#include "intake-charset.h"

#define REPLACEMENT_CHARACTER "\xef\xbf\xbd"

/* Converts as much as iconv accepts, writing U+FFFD for each byte it refuses,
 * so that text is never lost to one bad byte. Returns NULL if the charset is
 * unknown to iconv. */
static char *
convert_with_replacement (const char *data,
                          gsize       len,
                          const char *charset)
{
  GIConv cd;
  GString *out;
  char *inbuf = (char *) data;
  gsize inleft = len;
  char buf[4096];

  cd = g_iconv_open ("UTF-8", charset);
  if (cd == (GIConv) -1)
    return NULL;

  out = g_string_sized_new (len + len / 8);

  while (inleft > 0)
    {
      char *outbuf = buf;
      gsize outleft = sizeof buf;
      gsize r = g_iconv (cd, &inbuf, &inleft, &outbuf, &outleft);

      g_string_append_len (out, buf, outbuf - buf);

      if (r == (gsize) -1)
        {
          if (errno == E2BIG)
            continue;

          /* EILSEQ or EINVAL (a truncated sequence at the end): skip one byte. */
          g_string_append (out, REPLACEMENT_CHARACTER);
          inbuf++;
          inleft--;
          g_iconv (cd, NULL, NULL, NULL, NULL);
        }
    }

  {
    char *outbuf = buf;
    gsize outleft = sizeof buf;

    g_iconv (cd, NULL, NULL, &outbuf, &outleft);
    g_string_append_len (out, buf, outbuf - buf);
  }

  g_iconv_close (cd);

  return g_string_free (out, FALSE);
}

static gboolean
is_ascii (const char *data,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if ((guchar) data[i] & 0x80)
      return FALSE;
  return TRUE;
}

static char *
dup_without_nuls (const char *data,
                  gsize       len)
{
  char *out = g_malloc (len + 1);
  gsize j = 0;

  for (gsize i = 0; i < len; i++)
    if (data[i] != '\0')
      out[j++] = data[i];
  out[j] = '\0';

  return out;
}

static gboolean
is_seven_bit_stateful (const char *charset)
{
  return g_ascii_strncasecmp (charset, "iso-2022-", 9) == 0 ||
         g_ascii_strncasecmp (charset, "iso2022", 7) == 0 ||
         g_ascii_strncasecmp (charset, "utf-7", 5) == 0 ||
         g_ascii_strncasecmp (charset, "utf7", 4) == 0 ||
         g_ascii_strncasecmp (charset, "hz", 2) == 0;
}

/* The Windows-1252 reading of a byte of 0x80 and up, as UTF-8; NULL for
 * the five it leaves undefined. */
static const char *
windows_1252_char (guchar byte, char buf[8])
{
  static const gunichar high[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
  };
  gunichar c = byte < 0xA0 ? high[byte - 0x80] : byte;

  if (c == 0)
    return NULL;
  buf[g_unichar_to_utf8 (c, buf)] = '\0';
  return buf;
}

/* Whether the text's own characters beyond ASCII are Latin letters and
 * punctuation, as a stray Windows-1252 byte would be among them. */
static gboolean
mostly_latin (const char *text,
              gsize       len)
{
  const char *end = text + len;
  guint latin = 0, other = 0;

  for (const char *p = text; p < end;)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          p++;
          continue;
        }
      if (c >= 0x80)
        {
          if ((c >= 0xA0 && c <= 0x24F) || (c >= 0x2000 && c <= 0x206F) || c == 0x20AC)
            latin++;
          else
            other++;
        }
      p = g_utf8_next_char (p);
    }

  return latin >= other;
}

/* UTF-8 with a few bytes that are not: each such byte alone is read as
 * Windows-1252 where its neighbours are Latin text (a "’" pasted from a
 * Windows program), or else replaced (a sequence cut short in Cyrillic
 * text). The valid text around it is kept as it is. Returns NULL when
 * the text is not mostly UTF-8: more bad bytes than good sequences. */
static char *
repair_utf8 (const char *text,
             gsize       len)
{
  const char *end = text + len;
  guint good = 0, bad = 0;
  gboolean latin;
  GString *out;

  for (const char *p = text; p < end;)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          bad++;
          p++;
        }
      else
        {
          if (c >= 0x80)
            good++;
          p = g_utf8_next_char (p);
        }
    }

  if (good == 0 || bad > good)
    return NULL;

  latin = mostly_latin (text, len);
  out = g_string_sized_new (len + 3 * bad);
  for (const char *p = text; p < end;)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          char buf[8];
          const char *reading = latin ? windows_1252_char ((guchar) *p, buf) : NULL;

          g_string_append (out, reading ? reading : REPLACEMENT_CHARACTER);
          p++;
        }
      else
        {
          const char *next = g_utf8_next_char (p);

          g_string_append_len (out, p, next - p);
          p = next;
        }
    }

  return g_string_free (out, FALSE);
}

/* HZ (RFC 1843), which iconv lacks: "~{" shifts to GB2312 given in 7-bit
 * pairs, "~}" back to ASCII, "~~" is a "~" and "~" at a line's end joins
 * it to the next. As EUC-CN bytes, which iconv reads as GB2312. */
static char *
hz_to_euc_cn (const char *text,
              gsize       len)
{
  GString *out = g_string_sized_new (len);
  gboolean gb = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == '~' && i + 1 < len)
        {
          char next = text[++i];

          if (next == '{')
            gb = TRUE;
          else if (next == '}')
            gb = FALSE;
          else if (next == '~')
            g_string_append_c (out, '~');
          else if (next != '\n')
            {
              g_string_append_c (out, '~');
              g_string_append_c (out, next);
            }
        }
      else if (gb && c != '\n' && c != '\r')
        g_string_append_c (out, (char) (c | 0x80));
      else
        {
          gb = gb && c != '\n';
          g_string_append_c (out, c);
        }
    }

  return g_string_free (out, FALSE);
}

/* Declared charsets are trusted only as far as the bytes bear them out:
 * "us-ascii" or "utf-8" mail full of Windows-1252 bytes is common, and so is
 * no declaration at all. A declared charset that converts cleanly wins; else
 * valid UTF-8; else UTF-8 with its few bad bytes repaired one by one; else
 * Windows-1252, with U+FFFD for its five undefined bytes. */
char *
intake_charset_to_utf8 (const char *data,
                        gsize       len,
                        const char *declared_charset)
{
  g_autofree char *clean = NULL;
  const char *charset = NULL;
  gsize clean_len;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  clean = dup_without_nuls (data ? data : "", len);
  clean_len = strlen (clean);

  /* A byte-order mark settles it. */
  if (clean_len >= 3 && memcmp (clean, "\xef\xbb\xbf", 3) == 0)
    {
      if (g_utf8_validate (clean + 3, clean_len - 3, NULL))
        return g_strdup (clean + 3);
    }
  else if (len >= 2 && data != NULL &&
           (memcmp (data, "\xff\xfe", 2) == 0 || memcmp (data, "\xfe\xff", 2) == 0))
    {
      /* UTF-16 holds NULs, so convert the original bytes. */
      char *utf8 = convert_with_replacement (data + 2, len - 2,
                                             data[0] == '\xff' ? "UTF-16LE" : "UTF-16BE");
      if (utf8 != NULL)
        return utf8;
    }

  if (declared_charset != NULL && *declared_charset != '\0')
    charset = g_mime_charset_iconv_name (declared_charset);

  /* ASCII bytes are ASCII text, except in the charsets that say everything
   * in 7 bits with escapes or shifts: ISO-2022-JP mail, UTF-7, HZ. */
  if (is_ascii (clean, clean_len) && !(charset != NULL && is_seven_bit_stateful (charset)))
    return g_steal_pointer (&clean);

  if (charset != NULL && g_ascii_strncasecmp (charset, "hz", 2) == 0)
    {
      g_autofree char *euc = hz_to_euc_cn (clean, clean_len);
      char *utf8 = convert_with_replacement (euc, strlen (euc), "GB2312");

      if (utf8 != NULL)
        return utf8;
    }

  if (charset != NULL &&
      g_ascii_strcasecmp (charset, "us-ascii") != 0 &&
      g_ascii_strcasecmp (charset, "ascii") != 0 &&
      g_ascii_strcasecmp (charset, "utf-8") != 0)
    {
      gsize bytes_read = 0;
      g_autoptr(GError) error = NULL;
      g_autofree char *converted = g_convert (clean, clean_len, "UTF-8", charset,
                                              &bytes_read, NULL, &error);

      /* ISO-8859-1 labels on Windows-1252 text are the rule, not the exception:
       * C1 control bytes mean the sender's software lied. */
      if (converted != NULL &&
          !(g_ascii_strcasecmp (charset, "iso-8859-1") == 0 &&
            strpbrk (clean, "\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x8d\x8e\x8f"
                            "\x90\x91\x92\x93\x94\x95\x96\x97\x98\x99\x9a\x9b\x9c\x9d\x9e\x9f") != NULL))
        return g_steal_pointer (&converted);
    }

  if (g_utf8_validate (clean, clean_len, NULL))
    return g_steal_pointer (&clean);

  /* One bad byte in a UTF-8 part costs that byte, not the whole part. */
  {
    char *repaired = repair_utf8 (clean, clean_len);

    if (repaired != NULL)
      return repaired;
  }

  {
    char *utf8 = convert_with_replacement (clean, clean_len, "WINDOWS-1252");

    return utf8 != NULL ? utf8 : g_utf8_make_valid (clean, clean_len);
  }
}

/* For content hashes: case-folded, whitespace collapsed, so that a resend
 * through another client with other line endings still matches. */
char *
intake_text_normalize (const char *utf8)
{
  g_autofree char *folded = NULL;
  GString *out;
  gboolean space = FALSE;

  if (utf8 == NULL)
    return g_strdup ("");

  folded = g_utf8_casefold (utf8, -1);
  out = g_string_sized_new (strlen (folded));

  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}
