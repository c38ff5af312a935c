#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define INTAKE_EXTRACT_ERROR (intake_extract_error_quark ())

typedef enum
{
  INTAKE_EXTRACT_ERROR_UNSUPPORTED,
  INTAKE_EXTRACT_ERROR_DAMAGED,
} IntakeExtractError;

GQuark   intake_extract_error_quark (void);

void     intake_extract_init         (void);

gboolean intake_extract_is_supported (const char *mime_type,
                                      const char *filename);
char    *intake_extract_text         (const char *mime_type,
                                      const char *filename,
                                      GBytes     *data,
                                      GError    **error);
char    *intake_html_to_text         (const char *html,
                                      gsize       len,
                                      const char *charset);

G_END_DECLS
