#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *intake_charset_to_utf8 (const char *data,
                              gsize       len,
                              const char *declared_charset);
char *intake_text_normalize  (const char *utf8);

G_END_DECLS
