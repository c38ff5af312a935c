#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Case- and accent-insensitive matching, so that "eleves" finds "élèves".
 * One folded character per code point, which keeps match positions equal
 * to text buffer offsets. */
gunichar *intake_fold_string (const char *text,
                              glong      *n_chars);
char     *intake_fold_utf8   (const char *text);

G_END_DECLS
