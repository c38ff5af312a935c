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

/* Declared charsets are trusted only as far as the bytes bear them out:
 * "us-ascii" or "utf-8" mail full of Windows-1252 bytes is common, and so is
 * no declaration at all. A declared charset that converts cleanly wins; else
 * valid UTF-8; else Windows-1252, with U+FFFD for its five undefined bytes. */
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

  if (is_ascii (clean, clean_len))
    return g_steal_pointer (&clean);

  if (declared_charset != NULL && *declared_charset != '\0')
    charset = g_mime_charset_iconv_name (declared_charset);

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
