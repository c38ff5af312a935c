#define G_LOG_DOMAIN "test-outlook"

#include "config.h"

#include <string.h>

#include "intake-mapi.h"

/* The worked example of MS-OXRTFCP 4.1. */
static const guint8 spec_compressed[] = {
  0x2d, 0x00, 0x00, 0x00, 0x2b, 0x00, 0x00, 0x00, 0x4c, 0x5a, 0x46, 0x75, 0xf1, 0xc5, 0xc7, 0xa7,
  0x03, 0x00, 0x0a, 0x00, 0x72, 0x63, 0x70, 0x67, 0x31, 0x32, 0x35, 0x42, 0x32, 0x0a, 0xf3, 0x20,
  0x68, 0x65, 0x6c, 0x09, 0x00, 0x20, 0x62, 0x77, 0x05, 0xb0, 0x6c, 0x64, 0x7d, 0x0a, 0x80, 0x0f,
  0xa0,
};
static const char spec_expected[] = "{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n";

static void
test_rtf_spec_example (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) rtf = NULL;
  gsize len;
  const char *data;

  rtf = intake_mapi_decompress_rtf (spec_compressed, sizeof spec_compressed, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rtf);
  data = g_bytes_get_data (rtf, &len);
  g_assert_cmpmem (data, len, spec_expected, strlen (spec_expected));
}

static void
test_rtf_damaged (void)
{
  guint8 damaged[sizeof spec_compressed];
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) rtf = NULL;

  /* A flipped byte fails the checksum. */
  memcpy (damaged, spec_compressed, sizeof damaged);
  damaged[20] ^= 0x40;
  rtf = intake_mapi_decompress_rtf (damaged, sizeof damaged, &error);
  g_assert_error (error, INTAKE_MAPI_ERROR, INTAKE_MAPI_ERROR_CORRUPT);
  g_assert_null (rtf);
  g_clear_error (&error);

  /* Cut inside the header. */
  rtf = intake_mapi_decompress_rtf (spec_compressed, 10, &error);
  g_assert_error (error, INTAKE_MAPI_ERROR, INTAKE_MAPI_ERROR_CORRUPT);
  g_assert_null (rtf);
  g_clear_error (&error);

  /* An unknown compression type. */
  memcpy (damaged, spec_compressed, sizeof damaged);
  damaged[8] = 'X';
  rtf = intake_mapi_decompress_rtf (damaged, sizeof damaged, &error);
  g_assert_error (error, INTAKE_MAPI_ERROR, INTAKE_MAPI_ERROR_CORRUPT);
  g_assert_null (rtf);
}

static void
test_rtf_uncompressed (void)
{
  static const guint8 stored[] = {
    0x13, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x4d, 0x45, 0x4c, 0x41, 0x00, 0x00, 0x00, 0x00,
    '{', 'x', '}',
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) rtf = NULL;
  gsize len;
  const char *data;

  rtf = intake_mapi_decompress_rtf (stored, sizeof stored, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (rtf, &len);
  g_assert_cmpmem (data, len, "{x}", 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/outlook/rtf/spec-example", test_rtf_spec_example);
  g_test_add_func ("/outlook/rtf/damaged", test_rtf_damaged);
  g_test_add_func ("/outlook/rtf/uncompressed", test_rtf_uncompressed);
  return g_test_run ();
}
