#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* SHA-256 as GChecksum spells it (lower-case hex), computed by Nettle,
 * which uses the processor's SHA instructions where it has them: the
 * import hashes every byte it reads, and GLib's own SHA-256 is several
 * times slower. */
typedef struct _IntakeSha256 IntakeSha256;

IntakeSha256 *intake_sha256_new        (void);
void          intake_sha256_update     (IntakeSha256  *self,
                                        gconstpointer  data,
                                        gssize         len);
const char   *intake_sha256_get_string (IntakeSha256  *self);
void          intake_sha256_free       (IntakeSha256  *self);
char         *intake_sha256_for_data   (gconstpointer  data,
                                        gsize          len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IntakeSha256, intake_sha256_free)

G_END_DECLS
