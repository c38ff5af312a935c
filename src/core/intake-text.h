#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Text as a person compares it: "Élèves", "ELEVES" and "élèves" (composed
 * or not) are one word. Compatibility forms are decomposed (NFKD), case is
 * folded and combining marks are dropped. */
char     *intake_text_fold    (const char *text);
/* Whether @needle, folded, is in @haystack_folded (a result of
 * intake_text_fold()). An empty needle is in every text. */
gboolean  intake_text_matches (const char *haystack_folded,
                               const char *needle);
/* Whether @a and @b fold to the same text. */
gboolean  intake_text_equal   (const char *a,
                               const char *b);

/* Offsets into a text count code points, as the store's excerpts do. */
int       intake_text_length  (const char *text);
char     *intake_text_slice   (const char *text,
                               int         start,
                               int         end);

/* Where to cut @text (@len bytes) to keep at most @max_len bytes: at a
 * paragraph or line end near the limit, never inside a character. */
gsize     intake_text_cut     (const char *text,
                               gsize       len,
                               gsize       max_len);

G_END_DECLS
