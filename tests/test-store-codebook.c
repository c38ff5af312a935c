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

/* ---- The rules of code names ------------------------------------------- */

static const char *
guid_of (IntakeStore *store,
         const char  *path)
{
  static char guid[64];
  g_autoptr(IntakeCodebook) codebook = intake_store_load_codebook (store, NULL);
  IntakeCode *code = intake_codebook_find (codebook, path);

  g_assert_nonnull (code);
  g_strlcpy (guid, intake_code_get_guid (code), sizeof guid);
  return guid;
}

/* The codebook as paths, one a line, and the number of audit lines: what a
 * refused change must leave as it was. */
static char *
snapshot (IntakeStore *store)
{
  g_autoptr(IntakeCodebook) codebook = intake_store_load_codebook (store, NULL);
  g_autoptr(GPtrArray) audit = intake_store_list_audit (store, NULL, 0, NULL);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < intake_codebook_get_n_codes (codebook); i++)
    {
      IntakeCode *code = intake_codebook_get_code (codebook, i);
      g_autofree char *path = intake_code_dup_path (code, codebook);

      g_string_append_printf (out, "%s %s\n", intake_code_get_guid (code), path);
    }
  g_string_append_printf (out, "audit %u\n", audit->len);

  return g_string_free (out, FALSE);
}

static void
test_rule_name_not_empty (void)
{
  g_autoptr(IntakeStore) store = new_store ();
  g_autofree char *before = snapshot (store);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *guid = NULL;

  guid = intake_store_add_code (store, NULL, "   ", NULL, TRUE, "A", &error);
  g_assert_null (guid);
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "A code needs a name");
  g_clear_error (&error);

  g_assert_false (intake_store_update_code (store, guid_of (store, "Experiences/Trust in police"),
                                            " \t", NULL, NULL, "A", &error));
  g_assert_cmpstr (error->message, ==, "A code needs a name");

  after = snapshot (store);
  g_assert_cmpstr (after, ==, before);
}

static void
test_rule_name_trimmed (void)
{
  g_autoptr(IntakeStore) store = new_store ();
  g_autoptr(GError) error = NULL;
  g_autofree char *guid = NULL;
  g_autoptr(IntakeCode) code = NULL;

  guid = intake_store_add_code (store, guid_of (store, "Experiences"), "  Hallway presence \n", NULL, TRUE, "A", &error);
  g_assert_no_error (error);
  code = find_in_store (store, guid);
  g_assert_cmpstr (intake_code_get_name (code), ==, "Hallway presence");
}

static void
test_rule_no_slash (void)
{
  g_autoptr(IntakeStore) store = new_store ();
  g_autofree char *before = snapshot (store);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *guid = NULL;

  guid = intake_store_add_code (store, guid_of (store, "Experiences"), "Safe/unsafe", NULL, TRUE, "A", &error);
  g_assert_null (guid);
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "“Safe/unsafe” cannot be a code’s name"));
  g_clear_error (&error);

  g_assert_false (intake_store_update_code (store, guid_of (store, "Experiences/Feels safer"),
                                            "Feels safer/safe", NULL, NULL, "A", &error));
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED);

  after = snapshot (store);
  g_assert_cmpstr (after, ==, before);
}

static void
test_rule_unique_on_add (void)
{
  g_autoptr(IntakeStore) store = new_store ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *guid = NULL;
  g_autofree char *elsewhere = NULL;
  g_autofree char *accented = NULL;
  g_autofree char *plain = NULL;
  const char *experiences = NULL;

  before = snapshot (store);
  experiences = guid_of (store, "Experiences");
  guid = intake_store_add_code (store, experiences, "TRUST IN POLICE", NULL, TRUE, "A", &error);
  g_assert_null (guid);
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "A code named “Trust in police” already exists under “Experiences”");
  g_clear_error (&error);

  guid = intake_store_add_code (store, NULL, "experiences", NULL, FALSE, "A", &error);
  g_assert_null (guid);
  g_assert_cmpstr (error->message, ==, "A code named “Experiences” already exists at the top of the codebook");
  g_clear_error (&error);

  after = snapshot (store);
  g_assert_cmpstr (after, ==, before);

  /* The same name under another parent is another code. */
  elsewhere = intake_store_add_code (store, guid_of (store, "Equity lens"), "Trust in police", NULL, TRUE, "A", &error);
  g_assert_no_error (error);
  g_assert_nonnull (elsewhere);

  /* Compared as a person reads them: accents and case aside. */
  accented = intake_store_add_code (store, guid_of (store, "Experiences"), "Élèves", NULL, TRUE, "A", &error);
  g_assert_no_error (error);
  plain = intake_store_add_code (store, guid_of (store, "Experiences"), "eleves", NULL, TRUE, "A", &error);
  g_assert_null (plain);
  g_assert_cmpstr (error->message, ==, "A code named “Élèves” already exists under “Experiences”");
}

static void
test_rule_unique_on_rename (void)
{
  g_autoptr(IntakeStore) store = new_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeCode) code = NULL;
  g_autofree char *before = snapshot (store);
  g_autofree char *after = NULL;
  g_autofree char *guid = g_strdup (guid_of (store, "Experiences/Distrust of police"));

  g_assert_false (intake_store_update_code (store, guid, "Trust in police", NULL, NULL, "A", &error));
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "A code named “Trust in police” already exists under “Experiences”");
  after = snapshot (store);
  g_assert_cmpstr (after, ==, before);

  /* A code may change its own name's case. */
  g_assert_true (intake_store_update_code (store, guid, "DISTRUST of police", NULL, NULL, "A", NULL));
  code = find_in_store (store, guid);
  g_assert_cmpstr (intake_code_get_name (code), ==, "DISTRUST of police");
}

static void
test_rule_unique_on_move (void)
{
  g_autoptr(IntakeStore) store = new_store ();
  g_autoptr(GError) error = NULL;
  g_autofree char *other = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *trust = g_strdup (guid_of (store, "Experiences/Trust in police"));
  g_autofree char *equity = g_strdup (guid_of (store, "Equity lens"));

  other = intake_store_add_code (store, equity, "Trust in police", NULL, TRUE, "A", &error);
  g_assert_no_error (error);
  before = snapshot (store);

  g_assert_false (intake_store_move_code (store, trust, equity, 0, "A", &error));
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "A code named “Trust in police” already exists under “Equity lens”");
  g_clear_error (&error);
  after = snapshot (store);
  g_assert_cmpstr (after, ==, before);

  /* Moving among its own siblings is not a clash with itself. */
  g_assert_true (intake_store_move_code (store, trust, guid_of (store, "Experiences"), 0, "A", &error));
  g_assert_no_error (error);
}

static void
test_rule_unique_on_restore (void)
{
  g_autoptr(IntakeStore) store = new_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) snapshot_of_deleted = NULL;
  g_autofree char *replacement = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *experiences = g_strdup (guid_of (store, "Experiences"));

  snapshot_of_deleted = intake_store_delete_code (store, guid_of (store, "Experiences/Trust in police"), "A", &error);
  g_assert_no_error (error);
  replacement = intake_store_add_code (store, experiences, "Trust in Police", NULL, TRUE, "A", &error);
  g_assert_no_error (error);
  before = snapshot (store);

  /* Undoing the delete would bring back a second "Trust in police". */
  g_assert_false (intake_store_restore_codes (store, snapshot_of_deleted, "A", &error));
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "A code named “Trust in Police” already exists under “Experiences”");
  after = snapshot (store);
  g_assert_cmpstr (after, ==, before);
}

static void
test_rule_qdc_slash_refused (void)
{
  g_autoptr(IntakeStore) store = new_store ();
  g_autoptr(IntakeCodebook) codebook = load_qdc (QDC_START
                                                 "<Code guid=\"" GUID_A "\" name=\"Language access\" isCodable=\"true\"/>\n"
                                                 "<Code guid=\"" GUID_B "\" name=\"Safe/unsafe\" isCodable=\"true\"/>\n"
                                                 QDC_END);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = snapshot (store);
  g_autofree char *after = NULL;

  g_assert_false (intake_store_import_codebook (store, codebook, "A", &error));
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "“Safe/unsafe” cannot be a code’s name"));

  /* Refused whole: not even the good code went in. */
  after = snapshot (store);
  g_assert_cmpstr (after, ==, before);
}

static void
test_rule_qdc_siblings_in_file_refused (void)
{
  g_autoptr(IntakeStore) store = new_store ();
  g_autoptr(IntakeCodebook) codebook = load_qdc (QDC_START
                                                 "<Code guid=\"" GUID_A "\" name=\"Expériences scolaires\" isCodable=\"false\">\n"
                                                 "  <Code guid=\"" GUID_B "\" name=\"Confiance\" isCodable=\"true\"/>\n"
                                                 "  <Code guid=\"" GUID_C "\" name=\"CONFIANCE\" isCodable=\"true\"/>\n"
                                                 "</Code>\n"
                                                 QDC_END);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = snapshot (store);
  g_autofree char *after = NULL;

  g_assert_false (intake_store_import_codebook (store, codebook, "A", &error));
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "already exists under “Expériences scolaires”"));
  after = snapshot (store);
  g_assert_cmpstr (after, ==, before);
}

static void
test_rule_qdc_clash_with_project_refused (void)
{
  g_autoptr(IntakeStore) store = new_store ();
  g_autoptr(IntakeCodebook) codebook = intake_codebook_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = snapshot (store);
  g_autofree char *after = NULL;

  /* A new code (new GUID) named like one the project has there already. */
  intake_codebook_append_code (codebook, guid_of (store, "Experiences"), "Experiences", NULL, NULL, FALSE, NULL);
  intake_codebook_append_code (codebook, GUID_A, "Trust in Police", NULL, NULL, TRUE, guid_of (store, "Experiences"));

  g_assert_false (intake_store_import_codebook (store, codebook, "A", &error));
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "already exists under “Experiences”"));
  after = snapshot (store);
  g_assert_cmpstr (after, ==, before);
}

static void
test_rule_qdc_may_swap_names (void)
{
  g_autoptr(IntakeStore) store = new_store ();
  g_autoptr(IntakeCodebook) codebook = intake_codebook_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeCode) safer = NULL;
  g_autofree char *experiences = g_strdup (guid_of (store, "Experiences"));
  g_autofree char *safer_guid = g_strdup (guid_of (store, "Experiences/Feels safer"));
  g_autofree char *unsafe_guid = g_strdup (guid_of (store, "Experiences/Feels unsafe or intimidated"));

  /* Each name is the other's until the whole file is in. */
  intake_codebook_append_code (codebook, experiences, "Experiences", NULL, NULL, FALSE, NULL);
  intake_codebook_append_code (codebook, safer_guid, "Feels unsafe or intimidated", NULL, NULL, TRUE, experiences);
  intake_codebook_append_code (codebook, unsafe_guid, "Feels safer", NULL, NULL, TRUE, experiences);

  g_assert_true (intake_store_import_codebook (store, codebook, "A", &error));
  g_assert_no_error (error);
  safer = find_in_store (store, safer_guid);
  g_assert_cmpstr (intake_code_get_name (safer), ==, "Feels unsafe or intimidated");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/codebook/import/without-descriptions", test_import_without_descriptions);
  g_test_add_func ("/store/codebook/import/clears-description", test_import_clears_description);
  g_test_add_func ("/store/codebook/rules/name-not-empty", test_rule_name_not_empty);
  g_test_add_func ("/store/codebook/rules/name-trimmed", test_rule_name_trimmed);
  g_test_add_func ("/store/codebook/rules/no-slash", test_rule_no_slash);
  g_test_add_func ("/store/codebook/rules/unique-on-add", test_rule_unique_on_add);
  g_test_add_func ("/store/codebook/rules/unique-on-rename", test_rule_unique_on_rename);
  g_test_add_func ("/store/codebook/rules/unique-on-move", test_rule_unique_on_move);
  g_test_add_func ("/store/codebook/rules/unique-on-restore", test_rule_unique_on_restore);
  g_test_add_func ("/store/codebook/rules/qdc-slash-refused", test_rule_qdc_slash_refused);
  g_test_add_func ("/store/codebook/rules/qdc-siblings-in-file-refused", test_rule_qdc_siblings_in_file_refused);
  g_test_add_func ("/store/codebook/rules/qdc-clash-with-project-refused", test_rule_qdc_clash_with_project_refused);
  g_test_add_func ("/store/codebook/rules/qdc-may-swap-names", test_rule_qdc_may_swap_names);

  return g_test_run ();
}
