#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define INTAKE_MAPI_ERROR (intake_mapi_error_quark ())

typedef enum {
  INTAKE_MAPI_ERROR_CORRUPT,
} IntakeMapiError;

GQuark  intake_mapi_error_quark    (void);
GBytes *intake_mapi_decompress_rtf (const guint8 *data,
                                    gsize         len,
                                    GError      **error);

G_END_DECLS
