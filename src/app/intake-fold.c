#define G_LOG_DOMAIN "intake-fold"

#include "config.h"

#include "intake-fold.h"

static gunichar
fold_char (gunichar c)
{
  gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  gsize n = g_unichar_fully_decompose (c, FALSE, decomposed, G_N_ELEMENTS (decomposed));

  return g_unichar_tolower (n > 0 ? decomposed[0] : c);
}

gunichar *
intake_fold_string (const char *text,
                    glong      *n_chars)
{
  glong n = g_utf8_strlen (text, -1);
  gunichar *folded = g_new (gunichar, n + 1);
  const char *p = text;

  for (glong i = 0; i < n; i++, p = g_utf8_next_char (p))
    folded[i] = fold_char (g_utf8_get_char (p));
  folded[n] = 0;

  *n_chars = n;
  return folded;
}

char *
intake_fold_utf8 (const char *text)
{
  g_autofree gunichar *folded = NULL;
  glong n;

  folded = intake_fold_string (text, &n);
  return g_ucs4_to_utf8 (folded, n, NULL, NULL, NULL);
}
