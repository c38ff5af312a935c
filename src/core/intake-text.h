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
/* intake_text_fold() one code point at a time, so that a position in the
 * result is the same position in @text (as text buffer offsets count):
 * each code point becomes the first code point of its fold, or 0 when it
 * folds to nothing (a combining mark). For highlighting matches. */
gunichar *intake_text_fold_chars (const char *text,
                                  glong      *n_chars);

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

/* Turns into spaces, in place, the control characters stored text has no
 * use for and that some readers choke on (a JSON parser, a terminal): C0
 * controls but tab and line feed, and DEL. A space rather than nothing, so
 * that the words a unit separator kept apart stay apart. Returns @text. */
char     *intake_text_blank_controls (char *text);

/* A name-based (version 5) UUID, lowercase: the same @name always gives
 * the same GUID, so exports made twice name things alike. */
char     *intake_text_name_uuid (const char *name);

G_END_DECLS
