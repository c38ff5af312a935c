#define G_LOG_DOMAIN "intake-checksum"

#include "config.h"

#include <nettle/sha2.h>
#include <string.h>

#include "intake-checksum.h"

struct _IntakeSha256
{
  struct sha256_ctx ctx;
  char              hex[2 * SHA256_DIGEST_SIZE + 1];
  gboolean          done;
};

IntakeSha256 *
intake_sha256_new (void)
{
  IntakeSha256 *self = g_new0 (IntakeSha256, 1);

  sha256_init (&self->ctx);
  return self;
}

void
intake_sha256_update (IntakeSha256  *self,
                      gconstpointer  data,
                      gssize         len)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->done);
  g_return_if_fail (data != NULL || len == 0);

  if (len < 0)
    len = strlen (data);
  if (len > 0)
    sha256_update (&self->ctx, len, data);
}

/* Ends the digest, as g_checksum_get_string() does: no update after it. */
const char *
intake_sha256_get_string (IntakeSha256 *self)
{
  static const char digits[] = "0123456789abcdef";
  guint8 digest[SHA256_DIGEST_SIZE];

  g_return_val_if_fail (self != NULL, NULL);

  if (!self->done)
    {
      sha256_digest (&self->ctx, sizeof digest, digest);
      for (guint i = 0; i < sizeof digest; i++)
        {
          self->hex[2 * i] = digits[digest[i] >> 4];
          self->hex[2 * i + 1] = digits[digest[i] & 0xf];
        }
      self->hex[2 * SHA256_DIGEST_SIZE] = '\0';
      self->done = TRUE;
    }

  return self->hex;
}

void
intake_sha256_free (IntakeSha256 *self)
{
  g_free (self);
}

char *
intake_sha256_for_data (gconstpointer data,
                        gsize         len)
{
  g_autoptr(IntakeSha256) checksum = intake_sha256_new ();

  intake_sha256_update (checksum, data ? data : "", len);
  return g_strdup (intake_sha256_get_string (checksum));
}
