#define G_LOG_DOMAIN "test-codebook"

#include "config.h"

#include <math.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <string.h>

#include "intake-codebook.h"

/* The GUID of "Equity lens/Surveillance" in the default codebook: projects
 * refer to codes by GUID, so it must never change. */
#define SURVEILLANCE_GUID "846dc47f-f075-4003-b06b-3db747325ca8"

#define QDC_START \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
  "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\">\n" \
  "<Codes>\n"
#define QDC_END "</Codes>\n</CodeBook>\n"

#define GUID_A "0f8e2a4c-1b3d-4e5f-8a9b-0c1d2e3f4a5b"
#define GUID_B "1a2b3c4d-5e6f-4a7b-9c8d-7e6f5a4b3c2d"
#define GUID_C "2b3c4d5e-6f7a-4b8c-8d9e-0f1a2b3c4d5e"

/* Fixtures */

static IntakeCodebook *
load_string (const char  *qdc,
             GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (qdc, strlen (qdc));

  return intake_codebook_load_qdc (bytes, error);
}

static IntakeCodebook *
load_default (void)
{
  g_autoptr(GError) error = NULL;
  IntakeCodebook *codebook = intake_codebook_load_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (codebook);

  return codebook;
}

/* NULL, after g_test_skip(), when the schema is not there to check against. */
static xmlSchemaPtr
load_schema (void)
{
  const char *shared = g_getenv ("INTAKE_SHARED_DIR");
  g_autofree char *path = NULL;
  xmlSchemaParserCtxtPtr parser;
  xmlSchemaPtr schema;

  if (shared == NULL)
    {
      g_test_skip ("INTAKE_SHARED_DIR is not set");
      return NULL;
    }

  path = g_build_filename (shared, "refi-qda", "Codebook.xsd", NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_test_skip ("Codebook.xsd is not in INTAKE_SHARED_DIR/refi-qda");
      return NULL;
    }

  parser = xmlSchemaNewParserCtxt (path);
  schema = xmlSchemaParse (parser);
  xmlSchemaFreeParserCtxt (parser);
  g_assert_nonnull (schema);

  return schema;
}

static int
validate_against_schema (xmlSchemaPtr  schema,
                         GBytes       *qdc)
{
  gsize len;
  const char *data = g_bytes_get_data (qdc, &len);
  xmlDocPtr doc = xmlReadMemory (data, (int) len, NULL, NULL, XML_PARSE_NONET);
  xmlSchemaValidCtxtPtr valid;
  int result;

  g_assert_nonnull (doc);
  valid = xmlSchemaNewValidCtxt (schema);
  result = xmlSchemaValidateDoc (valid, doc);
  xmlSchemaFreeValidCtxt (valid);
  xmlFreeDoc (doc);

  return result;
}

static gboolean
is_lowercase_v4_guid (const char *guid)
{
  g_autoptr(GRegex) regex = g_regex_new ("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
                                         0, 0, NULL);

  return g_regex_match (regex, guid, 0, NULL);
}

/* The default codebook */

static void
test_default_groups (void)
{
  static const struct
  {
    const char *name;
    guint       n_children;
  } groups[] = {
    { "Stance on the programme", 4 },
    { "Programme activities", 6 },
    { "Experiences", 6 },
    { "Equity lens", 10 },
    { "Alternatives and recommendations", 6 },
    { "Flags", 4 },
  };
  g_autoptr(IntakeCodebook) codebook = load_default ();
  guint position = 0;

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      IntakeCode *group = intake_codebook_get_code (codebook, position++);
      const char * const *children = intake_code_get_child_guids (group);

      g_assert_cmpstr (intake_code_get_name (group), ==, groups[g].name);
      g_assert_null (intake_code_get_parent_guid (group));
      g_assert_false (intake_code_get_is_codable (group));
      g_assert_cmpuint (intake_code_get_depth (group), ==, 0);
      g_assert_cmpuint (g_strv_length ((char **) children), ==, groups[g].n_children);

      /* Pre-order: a group's children follow it, in order. */
      for (guint c = 0; c < groups[g].n_children; c++)
        {
          IntakeCode *child = intake_codebook_get_code (codebook, position++);

          g_assert_cmpstr (intake_code_get_guid (child), ==, children[c]);
          g_assert_cmpstr (intake_code_get_parent_guid (child), ==, intake_code_get_guid (group));
          g_assert_true (intake_code_get_is_codable (child));
          g_assert_cmpuint (intake_code_get_depth (child), ==, 1);
          g_assert_null (intake_code_get_child_guids (child)[0]);
        }
    }

  g_assert_cmpuint (intake_codebook_get_n_codes (codebook), ==, position);
  g_assert_cmpuint (position, ==, 42);
  g_assert_cmpstr (intake_codebook_get_origin (codebook), ==, "Feedback Intake 0.1");
}

static void
test_default_names (void)
{
  g_autoptr(IntakeCodebook) codebook = load_default ();
  static const char * const paths[] = {
    "Programme activities/Presentations and education (drugs, online safety, crime prevention)",
    "Equity lens/Criminalization (school-to-prison pipeline)",
    "Equity lens/Impact on 2SLGBTQ+ students",
    "Flags/Safeguarding concern (disclosure of harm)",
    "Alternatives and recommendations/Officer training (anti-racism, trauma-informed)",
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      IntakeCode *code = intake_codebook_find (codebook, paths[i]);
      g_autofree char *path = NULL;

      g_assert_nonnull (code);
      path = intake_code_dup_path (code, codebook);
      g_assert_cmpstr (path, ==, paths[i]);
    }
}

static void
test_default_descriptions_and_colors (void)
{
  g_autoptr(IntakeCodebook) codebook = load_default ();
  g_autoptr(GRegex) color = g_regex_new ("^#[0-9A-Fa-f]{6}$", 0, 0, NULL);

  for (guint i = 0; i < intake_codebook_get_n_codes (codebook); i++)
    {
      IntakeCode *code = intake_codebook_get_code (codebook, i);
      const char *description = intake_code_get_description (code);

      g_assert_nonnull (description);
      g_assert_cmpuint (strlen (description), >, 40);
      g_assert_true (g_regex_match (color, intake_code_get_color (code), 0, NULL));
    }
}

/* Colours as numbers: "#RRGGBB" to 0–255 channels. */
static void
parse_color (const char *color,
             int        *rgb)
{
  g_assert_cmpuint (strlen (color), ==, 7);
  for (guint i = 0; i < 3; i++)
    rgb[i] = g_ascii_xdigit_value (color[1 + 2 * i]) * 16 + g_ascii_xdigit_value (color[2 + 2 * i]);
}

/* The "redmean" distance, squared: how far apart two colours look, closer to
 * the eye than plain RGB distance. */
static int
color_distance2 (const char *a,
                 const char *b)
{
  int x[3], y[3];
  int mean_red;

  parse_color (a, x);
  parse_color (b, y);
  mean_red = (x[0] + y[0]) / 2;
  return ((512 + mean_red) * (x[0] - y[0]) * (x[0] - y[0]) >> 8) +
         4 * (x[1] - y[1]) * (x[1] - y[1]) +
         ((767 - mean_red) * (x[2] - y[2]) * (x[2] - y[2]) >> 8);
}

/* Contrast against white, WCAG's way. */
static double
contrast_with_white (const char *color)
{
  static const double weights[3] = { 0.2126, 0.7152, 0.0722 };
  double luminance = 0;
  int rgb[3];

  parse_color (color, rgb);
  for (guint i = 0; i < 3; i++)
    {
      double c = rgb[i] / 255.0;

      luminance += weights[i] * (c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4));
    }

  return 1.05 / (luminance + 0.05);
}

/* Two codes of one group side by side in the margin must tell apart: the
 * file once gave them near-identical shades of the group's hue. */
static void
test_default_sibling_colors_spread (void)
{
  g_autoptr(IntakeCodebook) codebook = load_default ();
  IntakeCode *stance = intake_codebook_find (codebook, "Stance on the programme");
  int closest = G_MAXINT;

  /* The groups keep the hue the file gives them. */
  g_assert_nonnull (stance);
  g_assert_cmpstr (intake_code_get_color (stance), ==, "#135686");

  for (guint i = 0; i < intake_codebook_get_n_codes (codebook); i++)
    {
      IntakeCode *group = intake_codebook_get_code (codebook, i);
      const char * const *children = intake_code_get_child_guids (group);

      for (guint a = 0; children[a] != NULL; a++)
        {
          const char *color_a = intake_code_get_color (intake_codebook_find_by_guid (codebook, children[a]));

          g_assert_cmpfloat (contrast_with_white (color_a), >=, 3.0);
          for (guint b = a + 1; children[b] != NULL; b++)
            {
              const char *color_b = intake_code_get_color (intake_codebook_find_by_guid (codebook, children[b]));

              closest = MIN (closest, color_distance2 (color_a, color_b));
            }
        }
    }

  /* The file's closest two were once 13 apart (12.9² is 166). */
  g_test_message ("closest siblings: %d", closest);
  g_assert_cmpint (closest, >=, 35 * 35);
}

static void
test_default_guids (void)
{
  g_autoptr(IntakeCodebook) codebook = load_default ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  IntakeCode *surveillance = intake_codebook_find (codebook, "Equity lens/Surveillance");

  for (guint i = 0; i < intake_codebook_get_n_codes (codebook); i++)
    {
      const char *guid = intake_code_get_guid (intake_codebook_get_code (codebook, i));

      g_assert_true (is_lowercase_v4_guid (guid));
      g_assert_true (g_hash_table_add (seen, (gpointer) guid));
    }

  g_assert_nonnull (surveillance);
  g_assert_cmpstr (intake_code_get_guid (surveillance), ==, SURVEILLANCE_GUID);
  g_assert_true (intake_codebook_find_by_guid (codebook, SURVEILLANCE_GUID) == surveillance);
}

static void
test_default_validates (void)
{
  const char *tests_dir = g_getenv ("INTAKE_TESTS_DIR");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) shipped = NULL;
  xmlSchemaPtr schema = load_schema ();

  if (schema == NULL)
    return;
  if (tests_dir == NULL)
    {
      xmlSchemaFree (schema);
      g_test_skip ("INTAKE_TESTS_DIR is not set");
      return;
    }

  path = g_build_filename (tests_dir, "..", "data", "codebooks", "equity-lens.qdc", NULL);
  {
    g_autoptr(GFile) file = g_file_new_for_path (path);
    shipped = g_file_load_bytes (file, NULL, NULL, &error);
  }
  g_assert_no_error (error);
  g_assert_cmpint (validate_against_schema (schema, shipped), ==, 0);
  xmlSchemaFree (schema);
}

/* Lookups */

static void
test_find_by_name (void)
{
  g_autoptr(IntakeCodebook) codebook = load_default ();
  IntakeCode *code;

  code = intake_codebook_find (codebook, "surveillance");
  g_assert_nonnull (code);
  g_assert_cmpstr (intake_code_get_name (code), ==, "Surveillance");

  code = intake_codebook_find (codebook, "TRUST IN POLICE");
  g_assert_nonnull (code);
  g_assert_cmpstr (intake_code_get_name (code), ==, "Trust in police");

  code = intake_codebook_find (codebook, "Flags");
  g_assert_nonnull (code);
  g_assert_false (intake_code_get_is_codable (code));

  g_assert_null (intake_codebook_find (codebook, "Trust"));
  g_assert_null (intake_codebook_find (codebook, ""));
}

static void
test_find_by_path (void)
{
  g_autoptr(IntakeCodebook) codebook = load_default ();
  IntakeCode *code;
  g_autofree char *path = NULL;

  code = intake_codebook_find (codebook, "Equity lens/Surveillance");
  g_assert_nonnull (code);
  g_assert_cmpstr (intake_code_get_guid (code), ==, SURVEILLANCE_GUID);

  g_assert_true (intake_codebook_find (codebook, "equity lens / SURVEILLANCE") == code);
  g_assert_null (intake_codebook_find (codebook, "Flags/Surveillance"));
  g_assert_null (intake_codebook_find (codebook, "Surveillance/Equity lens"));
  g_assert_null (intake_codebook_find (codebook, "Other/Equity lens/Surveillance"));

  path = intake_code_dup_path (code, codebook);
  g_assert_cmpstr (path, ==, "Equity lens/Surveillance");
}

static void
test_find_ambiguous_name (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeCodebook) codebook = load_string (
    QDC_START
    "<Code guid=\"" GUID_A "\" name=\"Students\" isCodable=\"false\">\n"
    "  <Code guid=\"" GUID_B "\" name=\"Trust\" isCodable=\"true\"/>\n"
    "</Code>\n"
    "<Code guid=\"" GUID_C "\" name=\"trust\" isCodable=\"true\"/>\n"
    QDC_END, &error);

  g_assert_no_error (error);
  /* Two codes answer to "Trust": a name alone must not pick one. */
  g_assert_null (intake_codebook_find (codebook, "Trust"));
  g_assert_cmpstr (intake_code_get_guid (intake_codebook_find (codebook, "Students/Trust")), ==, GUID_B);
}

static void
test_find_without_accents (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeCodebook) codebook = load_string (
    QDC_START
    "<Code guid=\"" GUID_A "\" name=\"Expériences\" isCodable=\"false\">\n"
    "  <Code guid=\"" GUID_B "\" name=\"Élèves autochtones\" isCodable=\"true\"/>\n"
    "</Code>\n"
    QDC_END, &error);

  g_assert_no_error (error);
  /* Typed on a keyboard without accents, or in capitals. */
  g_assert_cmpstr (intake_code_get_guid (intake_codebook_find (codebook, "eleves autochtones")), ==, GUID_B);
  g_assert_cmpstr (intake_code_get_guid (intake_codebook_find (codebook, "ÉLÈVES AUTOCHTONES")), ==, GUID_B);
  g_assert_cmpstr (intake_code_get_guid (intake_codebook_find (codebook, "experiences/eleves autochtones")), ==, GUID_B);
  g_assert_null (intake_codebook_find (codebook, "eleves"));
}

static void
test_find_by_guid_spellings (void)
{
  g_autoptr(IntakeCodebook) codebook = load_default ();
  IntakeCode *code = intake_codebook_find_by_guid (codebook, SURVEILLANCE_GUID);

  g_assert_nonnull (code);
  g_assert_true (intake_codebook_find_by_guid (codebook, "{846DC47F-F075-4003-B06B-3DB747325CA8}") == code);
  g_assert_null (intake_codebook_find_by_guid (codebook, "846dc47f-f075-4003-b06b-3db747325ca9"));
  g_assert_null (intake_codebook_find_by_guid (codebook, "not a guid"));
}

/* Export */

static void
assert_same_codes (IntakeCodebook *a,
                   IntakeCodebook *b)
{
  g_assert_cmpuint (intake_codebook_get_n_codes (a), ==, intake_codebook_get_n_codes (b));
  g_assert_cmpstr (intake_codebook_get_origin (a), ==, intake_codebook_get_origin (b));

  for (guint i = 0; i < intake_codebook_get_n_codes (a); i++)
    {
      IntakeCode *x = intake_codebook_get_code (a, i);
      IntakeCode *y = intake_codebook_get_code (b, i);

      g_assert_cmpstr (intake_code_get_guid (x), ==, intake_code_get_guid (y));
      g_assert_cmpstr (intake_code_get_name (x), ==, intake_code_get_name (y));
      g_assert_cmpstr (intake_code_get_description (x), ==, intake_code_get_description (y));
      g_assert_cmpstr (intake_code_get_color (x), ==, intake_code_get_color (y));
      g_assert_cmpint (intake_code_get_is_codable (x), ==, intake_code_get_is_codable (y));
      g_assert_cmpstr (intake_code_get_parent_guid (x), ==, intake_code_get_parent_guid (y));
      g_assert_cmpuint (intake_code_get_depth (x), ==, intake_code_get_depth (y));
      g_assert_cmpstrv (intake_code_get_child_guids (x), intake_code_get_child_guids (y));
    }
}

static void
test_round_trip (void)
{
  g_autoptr(IntakeCodebook) codebook = load_default ();
  g_autoptr(IntakeCodebook) again = NULL;
  g_autoptr(GBytes) qdc = NULL;
  g_autoptr(GBytes) qdc_again = NULL;
  g_autoptr(GError) error = NULL;

  qdc = intake_codebook_to_qdc (codebook, &error);
  g_assert_no_error (error);
  again = intake_codebook_load_qdc (qdc, &error);
  g_assert_no_error (error);
  assert_same_codes (codebook, again);

  /* And the export of the export is the same bytes. */
  qdc_again = intake_codebook_to_qdc (again, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (qdc, qdc_again));
}

static void
test_round_trip_markup (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeCodebook) codebook = NULL;
  g_autoptr(IntakeCodebook) again = NULL;
  g_autoptr(GBytes) qdc = NULL;

  codebook = load_string (
    QDC_START
    "<Code guid=\"{" GUID_A "}\" name=\"Fish &amp; chips &lt;&quot;école&quot;&gt;\" isCodable=\"1\" color=\"#abc\">\n"
    "  <Description>  Use when &amp; only when.  </Description>\n"
    "</Code>\n"
    QDC_END, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (intake_code_get_name (intake_codebook_get_code (codebook, 0)), ==, "Fish & chips <\"école\">");
  g_assert_cmpstr (intake_code_get_description (intake_codebook_get_code (codebook, 0)), ==, "Use when & only when.");
  g_assert_cmpstr (intake_code_get_guid (intake_codebook_get_code (codebook, 0)), ==, GUID_A);
  g_assert_true (intake_code_get_is_codable (intake_codebook_get_code (codebook, 0)));

  qdc = intake_codebook_to_qdc (codebook, &error);
  g_assert_no_error (error);
  again = intake_codebook_load_qdc (qdc, &error);
  g_assert_no_error (error);
  assert_same_codes (codebook, again);
}

static void
test_export_validates (void)
{
  g_autoptr(IntakeCodebook) codebook = load_default ();
  g_autoptr(GBytes) qdc = NULL;
  g_autoptr(GError) error = NULL;
  xmlSchemaPtr schema = load_schema ();

  if (schema == NULL)
    return;

  qdc = intake_codebook_to_qdc (codebook, &error);
  g_assert_no_error (error);
  g_assert_cmpint (validate_against_schema (schema, qdc), ==, 0);
  xmlSchemaFree (schema);
}

/* Rejections */

static void
assert_refused (const char *qdc,
                int         code,
                const char *expected_message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeCodebook) codebook = load_string (qdc, &error);

  g_assert_null (codebook);
  g_assert_error (error, INTAKE_CODEBOOK_ERROR, code);
  if (expected_message != NULL)
    g_assert_cmpstr (error->message, ==, expected_message);
}

static void
test_reject_not_xml (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeCodebook) codebook = load_string ("Stance,Keep as is\nFlags,Quotable\n", &error);

  g_assert_null (codebook);
  g_assert_error (error, INTAKE_CODEBOOK_ERROR, INTAKE_CODEBOOK_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "Line 1: "));
}

static void
test_reject_truncated (void)
{
  assert_refused (QDC_START "<Code guid=\"" GUID_A "\" name=\"Trust\" isCodable=\"true\">",
                  INTAKE_CODEBOOK_ERROR_PARSE, NULL);
}

static void
test_reject_wrong_namespace (void)
{
  assert_refused ("<?xml version=\"1.0\"?>\n"
                  "<CodeBook xmlns=\"urn:QDA-XML:project:1.0\">\n"
                  "<Codes><Code guid=\"" GUID_A "\" name=\"Trust\" isCodable=\"true\"/></Codes>\n"
                  "</CodeBook>\n",
                  INTAKE_CODEBOOK_ERROR_INVALID,
                  "Line 2: this is not a REFI-QDA codebook: it starts with “CodeBook” in the namespace "
                  "“urn:QDA-XML:project:1.0”, not “CodeBook” in “urn:QDA-XML:codebook:1.0”");
}

static void
test_reject_missing_is_codable (void)
{
  assert_refused (QDC_START
                  "<Code guid=\"" GUID_A "\" name=\"Students\" isCodable=\"false\">\n"
                  "  <Code guid=\"" GUID_B "\" name=\"Trust\"/>\n"
                  "</Code>\n"
                  QDC_END,
                  INTAKE_CODEBOOK_ERROR_INVALID,
                  "Line 5: the code “Trust” does not say whether it can be applied "
                  "(the isCodable attribute is missing)");
}

static void
test_reject_missing_guid (void)
{
  assert_refused (QDC_START
                  "<Code guid=\"" GUID_A "\" name=\"Students\" isCodable=\"false\"/>\n"
                  "<Code name=\"Trust\" isCodable=\"true\"/>\n"
                  QDC_END,
                  INTAKE_CODEBOOK_ERROR_INVALID,
                  "Line 5: the code “Trust” has no GUID");
}

static void
test_reject_bad_guid (void)
{
  assert_refused (QDC_START
                  "<Code guid=\"0f8e2a4c-1b3d-4e5f-8a9b\" name=\"Trust\" isCodable=\"true\"/>\n"
                  QDC_END,
                  INTAKE_CODEBOOK_ERROR_INVALID,
                  "Line 4: the code “Trust” has the GUID “0f8e2a4c-1b3d-4e5f-8a9b”, "
                  "which is not of the form 1b4e28ba-2fa1-41d2-883f-0016d3cca427");
}

static void
test_reject_duplicate_guid (void)
{
  /* The same GUID in another spelling is still the same GUID. */
  assert_refused (QDC_START
                  "<Code guid=\"" GUID_A "\" name=\"Students\" isCodable=\"false\">\n"
                  "  <Code guid=\"" GUID_B "\" name=\"Trust\" isCodable=\"true\"/>\n"
                  "</Code>\n"
                  "<Code guid=\"{1A2B3C4D-5E6F-4A7B-9C8D-7E6F5A4B3C2D}\" name=\"Distrust\" isCodable=\"true\"/>\n"
                  QDC_END,
                  INTAKE_CODEBOOK_ERROR_INVALID,
                  "Line 7: the code “Distrust” has the same GUID as the code “Trust” on line 5");
}

static void
test_reject_bad_color (void)
{
  assert_refused (QDC_START
                  "<Code guid=\"" GUID_A "\" name=\"Trust\" isCodable=\"true\" color=\"red\"/>\n"
                  QDC_END,
                  INTAKE_CODEBOOK_ERROR_INVALID,
                  "Line 4: the code “Trust” has the colour “red”; colours are written #RRGGBB");
}

static void
test_reject_description_after_subcode (void)
{
  assert_refused (QDC_START
                  "<Code guid=\"" GUID_A "\" name=\"Students\" isCodable=\"false\">\n"
                  "  <Code guid=\"" GUID_B "\" name=\"Trust\" isCodable=\"true\"/>\n"
                  "  <Description>Late.</Description>\n"
                  "</Code>\n"
                  QDC_END,
                  INTAKE_CODEBOOK_ERROR_INVALID,
                  "Line 6: the code “Students” has a second description, or its description comes after its subcodes");
}

static void
test_reject_no_codes (void)
{
  assert_refused (QDC_START QDC_END, INTAKE_CODEBOOK_ERROR_INVALID,
                  "Line 3: the codebook has no codes");
}

static void
test_reject_external_entity (void)
{
  static const char * const documents[] = {
    /* Used in an attribute… */
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE CodeBook [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
    "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes>\n"
    "<Code guid=\"" GUID_A "\" name=\"&x;\" isCodable=\"true\"/>\n"
    "</Codes></CodeBook>\n",
    /* …and in text. */
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE CodeBook [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
    "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes>\n"
    "<Code guid=\"" GUID_A "\" name=\"Trust\" isCodable=\"true\"><Description>&x;</Description></Code>\n"
    "</Codes></CodeBook>\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IntakeCodebook) codebook = load_string (documents[i], &error);

      g_assert_null (codebook);
      g_assert_error (error, INTAKE_CODEBOOK_ERROR, INTAKE_CODEBOOK_ERROR_UNSAFE);
      g_assert_nonnull (strstr (error->message, "“x”"));
      g_assert_null (strstr (error->message, "root:"));
    }
}

static void
test_reject_billion_laughs (void)
{
  g_autoptr(GString) qdc = g_string_new ("<?xml version=\"1.0\"?>\n<!DOCTYPE CodeBook [\n"
                                         "<!ENTITY lol0 \"lol\">\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeCodebook) codebook = NULL;
  g_autoptr(GTimer) timer = NULL;

  /* Each entity is ten of the one before it: 10^20 "lol"s at the end. */
  for (guint i = 1; i <= 20; i++)
    {
      g_string_append_printf (qdc, "<!ENTITY lol%u \"", i);
      for (guint j = 0; j < 10; j++)
        g_string_append_printf (qdc, "&lol%u;", i - 1);
      g_string_append (qdc, "\">\n");
    }
  g_string_append (qdc, "]>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes>\n"
                        "<Code guid=\"" GUID_A "\" name=\"&lol20;\" isCodable=\"true\">"
                        "<Description>&lol20;</Description></Code>\n"
                        "</Codes></CodeBook>\n");

  timer = g_timer_new ();
  codebook = load_string (qdc->str, &error);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 1.0);

  g_assert_null (codebook);
  g_assert_error (error, INTAKE_CODEBOOK_ERROR, INTAKE_CODEBOOK_ERROR_UNSAFE);
  g_assert_cmpstr (error->message, ==,
                   "Line 3: the codebook declares the entity “lol0”; codebooks with entity "
                   "declarations are refused because they can read other files");
}

static void
test_reject_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(IntakeCodebook) codebook = intake_codebook_load_qdc (empty, &error);

  g_assert_null (codebook);
  g_assert_error (error, INTAKE_CODEBOOK_ERROR, INTAKE_CODEBOOK_ERROR_PARSE);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/codebook/default/groups", test_default_groups);
  g_test_add_func ("/codebook/default/names", test_default_names);
  g_test_add_func ("/codebook/default/descriptions-and-colors", test_default_descriptions_and_colors);
  g_test_add_func ("/codebook/default/sibling-colors-spread", test_default_sibling_colors_spread);
  g_test_add_func ("/codebook/default/guids", test_default_guids);
  g_test_add_func ("/codebook/default/validates", test_default_validates);
  g_test_add_func ("/codebook/find/name", test_find_by_name);
  g_test_add_func ("/codebook/find/path", test_find_by_path);
  g_test_add_func ("/codebook/find/ambiguous-name", test_find_ambiguous_name);
  g_test_add_func ("/codebook/find/without-accents", test_find_without_accents);
  g_test_add_func ("/codebook/find/guid-spellings", test_find_by_guid_spellings);
  g_test_add_func ("/codebook/export/round-trip", test_round_trip);
  g_test_add_func ("/codebook/export/round-trip-markup", test_round_trip_markup);
  g_test_add_func ("/codebook/export/validates", test_export_validates);
  g_test_add_func ("/codebook/reject/not-xml", test_reject_not_xml);
  g_test_add_func ("/codebook/reject/truncated", test_reject_truncated);
  g_test_add_func ("/codebook/reject/wrong-namespace", test_reject_wrong_namespace);
  g_test_add_func ("/codebook/reject/missing-is-codable", test_reject_missing_is_codable);
  g_test_add_func ("/codebook/reject/missing-guid", test_reject_missing_guid);
  g_test_add_func ("/codebook/reject/bad-guid", test_reject_bad_guid);
  g_test_add_func ("/codebook/reject/duplicate-guid", test_reject_duplicate_guid);
  g_test_add_func ("/codebook/reject/bad-color", test_reject_bad_color);
  g_test_add_func ("/codebook/reject/description-after-subcode", test_reject_description_after_subcode);
  g_test_add_func ("/codebook/reject/no-codes", test_reject_no_codes);
  g_test_add_func ("/codebook/reject/external-entity", test_reject_external_entity);
  g_test_add_func ("/codebook/reject/billion-laughs", test_reject_billion_laughs);
  g_test_add_func ("/codebook/reject/empty", test_reject_empty);

  return g_test_run ();
}
