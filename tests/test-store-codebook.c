#define G_LOG_DOMAIN "test-store-codebook"

#include "config.h"

#include <string.h>

#include "intake-store.h"

/* The project's codebook as the store keeps it: imports of .qdc files and
 * the rules every code name follows, whichever way it comes in. */

#define QDC_START \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
  "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\">\n" \
  "<Codes>\n"
#define QDC_END "</Codes>\n</CodeBook>\n"

#define GUID_A "0f8e2a4c-1b3d-4e5f-8a9b-0c1d2e3f4a5b"
#define GUID_B "1a2b3c4d-5e6f-4a7b-9c8d-7e6f5a4b3c2d"
#define GUID_C "2b3c4d5e-6f7a-4b8c-8d9e-0f1a2b3c4d5e"

static IntakeStore *
new_store (void)
{
  g_autoptr(GError) error = NULL;
  IntakeStore *store = intake_store_new_in_memory (&error);

  g_assert_no_error (error);
  return store;
}

static IntakeCodebook *
load_qdc (const char *qdc)
{
  g_autoptr(GBytes) bytes = g_bytes_new (qdc, strlen (qdc));
  g_autoptr(GError) error = NULL;
  IntakeCodebook *codebook = intake_codebook_load_qdc (bytes, &error);

  g_assert_no_error (error);
  return codebook;
}

static IntakeCode *
find_in_store (IntakeStore *store,
               const char  *guid)
{
  g_autoptr(IntakeCodebook) codebook = intake_store_load_codebook (store, NULL);
  IntakeCode *code = intake_codebook_find_by_guid (codebook, guid);

  return code ? g_object_ref (code) : NULL;
}

static void
test_import_without_descriptions (void)
{
  g_autoptr(IntakeStore) store = new_store ();
  g_autoptr(IntakeCodebook) codebook = load_qdc (QDC_START
                                                 "<Code guid=\"" GUID_A "\" name=\"Language access\" isCodable=\"false\">\n"
                                                 "  <Code guid=\"" GUID_B "\" name=\"Translation\" isCodable=\"true\"/>\n"
                                                 "</Code>\n"
                                                 QDC_END);
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeCode) code = NULL;

  /* Description is optional in REFI-QDA: the first import adds the codes,
   * the second updates them, and neither may need one. */
  g_assert_true (intake_store_import_codebook (store, codebook, "A", &error));
  g_assert_no_error (error);
  g_assert_true (intake_store_import_codebook (store, codebook, "A", &error));
  g_assert_no_error (error);

  code = find_in_store (store, GUID_B);
  g_assert_nonnull (code);
  g_assert_cmpstr (intake_code_get_name (code), ==, "Translation");
  g_assert_cmpstr (intake_code_get_description (code), ==, "");
}

static void
test_import_clears_description (void)
{
  g_autoptr(IntakeStore) store = new_store ();
  g_autoptr(IntakeCodebook) described = load_qdc (QDC_START
                                                  "<Code guid=\"" GUID_A "\" name=\"Language access\" isCodable=\"true\">\n"
                                                  "  <Description>When language keeps people out.</Description>\n"
                                                  "</Code>\n"
                                                  QDC_END);
  g_autoptr(IntakeCodebook) bare = load_qdc (QDC_START
                                             "<Code guid=\"" GUID_A "\" name=\"Language access\" isCodable=\"true\"/>\n"
                                             QDC_END);
  g_autoptr(IntakeCode) code = NULL;

  g_assert_true (intake_store_import_codebook (store, described, "A", NULL));
  code = find_in_store (store, GUID_A);
  g_assert_cmpstr (intake_code_get_description (code), ==, "When language keeps people out.");
  g_clear_object (&code);

  /* The file says the code has no description now. */
  g_assert_true (intake_store_import_codebook (store, bare, "A", NULL));
  code = find_in_store (store, GUID_A);
  g_assert_cmpstr (intake_code_get_description (code), ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/codebook/import/without-descriptions", test_import_without_descriptions);
  g_test_add_func ("/store/codebook/import/clears-description", test_import_clears_description);

  return g_test_run ();
}
