#define G_LOG_DOMAIN "test-report-xml"

#include "config.h"

#include <libxml/HTMLparser.h>
#include <libxml/relaxng.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "intake-report.h"

#define REPORT_NS "https://argylepr.com/ns/feedback-intake/report/1"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlXPathContext, xmlXPathFreeContext)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlXPathObject, xmlXPathFreeObject)

/* Text that tries everything: controls XML forbids, a CDATA end, markup,
 * an entity written out, and right-to-left overrides. */
#define HOSTILE "Trust\x01\x0b\x1f <script>alert(1)</script> ]]> &amp; \u202Eevil\u200F"
/* What of it may reach the XML: the controls dropped. */
#define HOSTILE_CLEAN "Trust <script>alert(1)</script> ]]> &amp; \u202Eevil\u200F"

/* ---- The fixture ---- */

enum { N_CODES = 5, N_COLUMNS = 3 };

static char *big_excerpt;   /* 1 MB */

static IntakeReportCode fixture_codes[N_CODES] = {
  { "a0000000-0000-4000-8000-000000000001", "Equity lens", "Equity lens", "The lens", "#3366CC",
    -1, 0, FALSE, 9, 4, 0.75 },
  { "a0000000-0000-4000-8000-000000000002", "Racial profiling", "Equity lens/Racial profiling", NULL, NULL,
    0, 1, TRUE, 7, 3, 0.5833 },
  { "a0000000-0000-4000-8000-000000000003", "At the door", "Equity lens/Racial profiling/At the door",
    NULL, "not a colour", 1, 2, TRUE, 2, 1, 0.1667 },
  { "a0000000-0000-4000-8000-000000000004", "Experiences", "Experiences", NULL, "#aa00ff",
    -1, 0, FALSE, 6, 0, 0.5 },
  { "a0000000-0000-4000-8000-000000000005", HOSTILE, "Experiences/" HOSTILE, HOSTILE, NULL,
    3, 1, TRUE, 6, 2, 0.5 },
};

static char *group_columns[N_COLUMNS] = { "Student", HOSTILE, NULL };
static guint group_totals[N_COLUMNS] = { 12, INTAKE_REPORT_SUPPRESSED, 0 };
static guint group_cells[N_CODES * N_COLUMNS] = {
  9, INTAKE_REPORT_SUPPRESSED, 0,
  3, INTAKE_REPORT_SUPPRESSED, 0,
  INTAKE_REPORT_SUPPRESSED, 0, 0,
  6, 0, 0,
  6, 0, 0,
};

static char *board_columns[2] = { "FrancoSud", NULL };
static guint board_totals[2] = { 10, 5 };
static guint board_cells[N_CODES * 2] = {
  5, 5,
  INTAKE_REPORT_SUPPRESSED, 5,
  0, 0,
  6, 0,
  6, 0,
};

static guint cooccurrence[N_CODES * N_CODES] = {
  9, 7, INTAKE_REPORT_SUPPRESSED, 5, 5,
  7, 7, INTAKE_REPORT_SUPPRESSED, 0, 0,
  INTAKE_REPORT_SUPPRESSED, INTAKE_REPORT_SUPPRESSED, 2, 0, 0,
  5, 0, 0, 6, 6,
  5, 0, 0, 6, 6,
};

typedef struct
{
  IntakeReportFigures  figures;
  IntakeReportCrosstab crosstabs[2];
  GPtrArray           *quotes[N_CODES];
  GPtrArray           *attributes;
} Fixture;

static IntakeReportCount *
count_new (const char *value,
           guint       count)
{
  IntakeReportCount *c = g_new0 (IntakeReportCount, 1);

  c->value = (char *) value;
  c->count = count;
  return c;
}

static IntakeReportAttribute *
attribute_new (const char *name,
               const char *value)
{
  IntakeReportAttribute *a = g_new0 (IntakeReportAttribute, 1);

  a->name = g_strdup (name);
  a->value = g_strdup (value);
  return a;
}

static void
attribute_free (IntakeReportAttribute *a)
{
  g_free (a->name);
  g_free (a->value);
  g_free (a);
}

static void
coding_free (IntakeReportCoding *c)
{
  g_free (c->reviewer);
  g_free (c->excerpt);
  g_free (c);
}

static IntakeReportQuote *
quote_new (const char *pseudonym,
           const char *text,
           gboolean    quotable,
           gboolean    cut,
           GPtrArray  *attributes)
{
  IntakeReportQuote *q = g_new0 (IntakeReportQuote, 1);

  q->pseudonym = (char *) pseudonym;
  q->text = (char *) text;
  q->quotable = quotable;
  q->cut = cut;
  q->attributes = attributes;
  return q;
}

static IntakeReportReviewer reviewer_ana = { "Ana \u05D0 Reviewer", 10, 14 };
static IntakeReportReviewer reviewer_hostile = { HOSTILE, 3, 4 };
static char *attribute_names[] = { "Respondent group", "School board", "Language", "Identity", NULL };

static void
fixture_set_up (Fixture    *fx,
                gconstpointer data)
{
  IntakeReportFigures *f = &fx->figures;

  f->title = "Review of the SRO programme — \"final\" & <draft>";
  f->generated = "2024-05-01T14:30:00Z";
  f->generator = "Feedback Intake 0.1.0";
  f->redacted = TRUE;
  f->threshold = 5;
  f->sections = INTAKE_REPORT_SECTION_ALL;
  f->total_submissions = 20;
  f->submissions = 12;
  f->coded_submissions = 12;
  f->by_status[0] = 3;
  f->by_status[1] = INTAKE_REPORT_SUPPRESSED;
  f->by_status[2] = 7;
  f->by_status[3] = 0;

  f->by_group = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (f->by_group, count_new ("Student", 9));
  g_ptr_array_add (f->by_group, count_new (HOSTILE, INTAKE_REPORT_SUPPRESSED));
  g_ptr_array_add (f->by_group, count_new (NULL, 0));
  f->by_board = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (f->by_board, count_new ("FrancoSud", 10));
  g_ptr_array_add (f->by_board, count_new (NULL, 5));
  f->by_language = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (f->by_language, count_new ("fr", 12));

  f->first_date = "2024-01-15";
  f->last_date = NULL;          /* a missing date */
  f->duplicates = 4;
  f->rejected = 1;
  f->reviewers = g_ptr_array_new ();
  g_ptr_array_add (f->reviewers, &reviewer_ana);
  g_ptr_array_add (f->reviewers, &reviewer_hostile);
  f->attribute_names = attribute_names;

  f->n_codes = N_CODES;
  f->codes = fixture_codes;

  fx->crosstabs[0] = (IntakeReportCrosstab) { "Respondent group", N_COLUMNS, group_columns, group_totals, group_cells };
  fx->crosstabs[1] = (IntakeReportCrosstab) { "School board", 2, board_columns, board_totals, board_cells };
  f->crosstabs = g_ptr_array_new ();
  g_ptr_array_add (f->crosstabs, &fx->crosstabs[0]);
  g_ptr_array_add (f->crosstabs, &fx->crosstabs[1]);
  f->cooccurrence = cooccurrence;

  fx->attributes = g_ptr_array_new_with_free_func ((GDestroyNotify) attribute_free);
  g_ptr_array_add (fx->attributes, attribute_new ("Respondent group", HOSTILE));
  g_ptr_array_add (fx->attributes, attribute_new ("School board", NULL));
  for (guint i = 0; i < N_CODES; i++)
    fx->quotes[i] = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (fx->quotes[1], quote_new ("S-0001", "They stopped me at the door, every time.", TRUE, FALSE,
                                             fx->attributes));
  g_ptr_array_add (fx->quotes[1], quote_new ("S-0002", "\u05E9\u05DC\u05D5\u05DD, a right-to-left quote", FALSE,
                                             TRUE, NULL));
  g_ptr_array_add (fx->quotes[4], quote_new ("S-0003", HOSTILE, FALSE, FALSE, fx->attributes));
  f->quotes = fx->quotes;
}

static void
fixture_tear_down (Fixture      *fx,
                   gconstpointer data)
{
  IntakeReportFigures *f = &fx->figures;

  g_ptr_array_unref (f->by_group);
  g_ptr_array_unref (f->by_board);
  g_ptr_array_unref (f->by_language);
  g_ptr_array_unref (f->reviewers);
  g_ptr_array_unref (f->crosstabs);
  for (guint i = 0; i < N_CODES; i++)
    g_ptr_array_unref (fx->quotes[i]);
  g_ptr_array_unref (fx->attributes);
}

/* The report with nothing in it at all. */
static void
empty_figures (IntakeReportFigures *f)
{
  memset (f, 0, sizeof *f);
  f->title = "";
  f->generated = "2024-05-01T14:30:00Z";
  f->generator = "Feedback Intake 0.1.0";
  f->redacted = TRUE;
  f->threshold = 5;
  f->sections = INTAKE_REPORT_SECTION_ALL;
}

/* ---- Submissions, from a static array, cycled ---- */

typedef struct
{
  const char   *date;
  IntakeStatus  status;
  const char   *subject;
  const char   *group;     /* NULL: not recorded */
  int           code;      /* a whole-submission coding, or -1 */
  int           excerpt_code;
  const char   *excerpt;   /* NULL: big_excerpt */
  const char   *memo;
} SubmissionSpec;

static const SubmissionSpec specs[] = {
  { "2024-01-15", INTAKE_STATUS_CODED, "About the officer at our school", "Student", 1, 2,
    "They stopped me at the door.", "Follow up" },
  { NULL, INTAKE_STATUS_NEW, HOSTILE, NULL, -1, 4, HOSTILE, HOSTILE },
  { "2024-02-29", INTAKE_STATUS_IN_PROGRESS, "\u202EReversed subject\u200F", HOSTILE, 4, 1, NULL, NULL },
  { "not a date", INTAKE_STATUS_EXCLUDED, "", "Parent", 99, 1, NULL, NULL },
};

typedef struct
{
  guint         n;              /* how many to give */
  guint         given;
  gboolean      big;            /* the third spec carries the 1 MB excerpt */
  GCancellable *cancel;         /* cancelled once cancel_after are given */
  guint         cancel_after;
} Source;

static gboolean
next_submission (gpointer                 user_data,
                 IntakeReportSubmission **out,
                 GError                 **error)
{
  Source *source = user_data;
  const SubmissionSpec *spec;
  IntakeReportSubmission *s;

  if (source->cancel != NULL && source->given == source->cancel_after)
    g_cancellable_cancel (source->cancel);

  if (source->given >= source->n)
    {
      *out = NULL;
      return TRUE;
    }

  spec = &specs[source->given % G_N_ELEMENTS (specs)];
  /* The writer frees the submission with intake_report_submission_free(),
   * which unrefs the arrays: they free their own elements, as the core's do. */
  s = g_new0 (IntakeReportSubmission, 1);
  s->id = source->given + 1;
  s->pseudonym = g_strdup_printf ("S-%04u", source->given + 1);
  s->date = g_strdup (spec->date);
  s->status = spec->status;
  s->subject = g_strdup (spec->subject);
  s->attributes = g_ptr_array_new_with_free_func ((GDestroyNotify) attribute_free);
  g_ptr_array_add (s->attributes, attribute_new ("Respondent group", spec->group));
  s->codings = g_ptr_array_new_with_free_func ((GDestroyNotify) coding_free);
  if (spec->code >= 0)
    {
      IntakeReportCoding *c = g_new0 (IntakeReportCoding, 1);

      c->code = spec->code;
      c->reviewer = g_strdup ("Ana");
      c->start = c->end = -1;
      g_ptr_array_add (s->codings, c);
    }
  if (spec->excerpt_code >= 0)
    {
      IntakeReportCoding *c = g_new0 (IntakeReportCoding, 1);
      const char *excerpt = spec->excerpt;

      if (excerpt == NULL)
        excerpt = source->big ? big_excerpt : "A short excerpt";
      c->code = spec->excerpt_code;
      c->reviewer = g_strdup (HOSTILE);
      c->start = 10;
      c->end = 10 + g_utf8_strlen (excerpt, -1);
      c->excerpt = g_strdup (excerpt);
      g_ptr_array_add (s->codings, c);
    }
  s->memo = g_strdup (spec->memo);

  source->given++;
  *out = s;
  return TRUE;
}

/* ---- Helpers ---- */

static char *
write_xml (const IntakeReportFigures *figures,
           Source                    *source)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = intake_report_write_xml (figures, next_submission, source, out, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_output_stream_write_all (out, "", 1, NULL, NULL, NULL);
  g_output_stream_close (out, NULL, NULL);

  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static char *
write_html (const IntakeReportFigures *figures,
            Source                    *source)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = intake_report_write_html (figures, next_submission, source, out, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_output_stream_write_all (out, "", 1, NULL, NULL, NULL);
  g_output_stream_close (out, NULL, NULL);

  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static xmlRelaxNGPtr schema;

static void
load_schema (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("INTAKE_TESTS_DIR"), "..", "data", "report",
                                            "feedback-intake-report.rng", NULL);
  xmlRelaxNGParserCtxtPtr parser = xmlRelaxNGNewParserCtxt (path);

  schema = xmlRelaxNGParse (parser);
  xmlRelaxNGFreeParserCtxt (parser);
  g_assert_nonnull (schema);
}

static xmlDoc *
parse_valid (const char *xml)
{
  xmlDoc *doc = xmlReadMemory (xml, strlen (xml), "report.xml", "UTF-8", XML_PARSE_NONET | XML_PARSE_HUGE);
  xmlRelaxNGValidCtxtPtr validator;
  int rc;

  g_assert_nonnull (doc);
  validator = xmlRelaxNGNewValidCtxt (schema);
  rc = xmlRelaxNGValidateDoc (validator, doc);
  xmlRelaxNGFreeValidCtxt (validator);
  if (rc != 0 && strlen (xml) < 100000)
    g_printerr ("%s\n", xml);
  g_assert_cmpint (rc, ==, 0);

  return doc;
}

static xmlXPathObject *
query (xmlDoc     *doc,
       const char *expression)
{
  g_autoptr(xmlXPathContext) context = xmlXPathNewContext (doc);
  xmlXPathObject *result;

  xmlXPathRegisterNs (context, BAD_CAST "r", BAD_CAST REPORT_NS);
  result = xmlXPathEvalExpression (BAD_CAST expression, context);
  g_assert_nonnull (result);
  return result;
}

static double
query_number (xmlDoc     *doc,
              const char *expression)
{
  g_autofree char *wrapped = g_strdup_printf ("number(%s)", expression);
  g_autoptr(xmlXPathObject) result = query (doc, wrapped);

  return result->floatval;
}

static char *
query_string (xmlDoc     *doc,
              const char *expression)
{
  g_autofree char *wrapped = g_strdup_printf ("string(%s)", expression);
  g_autoptr(xmlXPathObject) result = query (doc, wrapped);

  return g_strdup ((const char *) result->stringval);
}

#define assert_count(doc, expression, expected) \
  G_STMT_START { \
    g_autofree char *e_ = g_strdup_printf ("count(%s)", (expression)); \
    g_assert_cmpfloat (query_number ((doc), e_), ==, (expected)); \
  } G_STMT_END

/* ---- XML ---- */

static void
test_xml_every_section_combination (Fixture      *fx,
                                    gconstpointer data)
{
  static const char * const elements[] = { "summary", "codes", "crosstabs", "cooccurrence", "quotes",
                                           "submissions" };

  for (guint sections = 0; sections <= INTAKE_REPORT_SECTION_ALL; sections++)
    {
      Source source = { .n = 6 };
      g_autofree char *xml = NULL;
      g_autoptr(xmlDoc) doc = NULL;

      fx->figures.sections = sections;
      fx->figures.redacted = sections % 2;
      xml = write_xml (&fx->figures, &source);
      doc = parse_valid (xml);

      for (guint i = 0; i < G_N_ELEMENTS (elements); i++)
        {
          g_autofree char *path = g_strdup_printf ("/r:report/r:%s", elements[i]);

          assert_count (doc, path, (sections & (1 << i)) ? 1 : 0);
        }
      /* The submissions are read only when they are written. */
      g_assert_cmpuint (source.given, ==, (sections & INTAKE_REPORT_SECTION_SUBMISSIONS) ? 6 : 0);
    }
}

static void
test_xml_empty_report (void)
{
  IntakeReportFigures figures;
  Source source = { .n = 0 };
  g_autofree char *xml = NULL;
  g_autoptr(xmlDoc) doc = NULL;

  empty_figures (&figures);
  xml = write_xml (&figures, &source);
  doc = parse_valid (xml);

  assert_count (doc, "/r:report/r:codes/r:code", 0);
  assert_count (doc, "/r:report/r:submissions/r:submission", 0);
  assert_count (doc, "/r:report/r:summary/r:dates/@*", 0);
  g_assert_cmpfloat (query_number (doc, "/r:report/r:summary/r:totals/@selected"), ==, 0);

  /* No next function at all is an empty submissions section too. */
  {
    g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
    g_autoptr(GError) error = NULL;

    g_assert_true (intake_report_write_xml (&figures, NULL, NULL, out, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
  }
}

static void
test_xml_root (Fixture      *fx,
               gconstpointer data)
{
  Source source = { .n = 2 };
  g_autofree char *xml = write_xml (&fx->figures, &source);
  g_autoptr(xmlDoc) doc = parse_valid (xml);
  xmlNode *root = xmlDocGetRootElement (doc);
  g_autofree char *title = query_string (doc, "/r:report/@title");

  g_assert_true (g_str_has_prefix (xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
  g_assert_cmpstr ((const char *) root->ns->href, ==, REPORT_NS);
  g_assert_null (root->ns->prefix);
  g_assert_cmpstr (title, ==, fx->figures.title);
  g_assert_cmpfloat (query_number (doc, "/r:report/@threshold"), ==, 5);
  assert_count (doc, "/r:report[@version = '1' and @redacted = 'true' and @generated = '2024-05-01T14:30:00Z']", 1);
  /* Indented */
  g_assert_nonnull (strstr (xml, "\n  <summary>"));
}

static void
test_xml_codes_nested (Fixture      *fx,
                       gconstpointer data)
{
  Source source = { 0 };
  g_autofree char *xml = NULL;
  g_autoptr(xmlDoc) doc = NULL;

  fx->figures.sections = INTAKE_REPORT_SECTION_CODES;
  xml = write_xml (&fx->figures, &source);
  doc = parse_valid (xml);

  assert_count (doc, "/r:report/r:codes/r:code", 2);
  assert_count (doc, "//r:code", N_CODES);
  assert_count (doc, "/r:report/r:codes/r:code[@name = 'Equity lens']/r:code[@name = 'Racial profiling']"
                "/r:code[@guid = 'a0000000-0000-4000-8000-000000000003' and @path = 'Equity lens/Racial profiling/At the door']", 1);
  assert_count (doc, "//r:code[@name = 'At the door' and @codable = 'true' and @submissions = '2' and @excerpts = '1'"
                " and @share = '0.1667']", 1);
  /* A colour that is not one is left out rather than invalidating the report. */
  assert_count (doc, "//r:code[@name = 'At the door']/@color", 0);
  assert_count (doc, "//r:code[@name = 'Equity lens' and @color = '#3366CC' and @codable = 'false']", 1);
  {
    g_autofree char *description = query_string (doc, "//r:code[@name = 'Equity lens']/r:description");

    g_assert_cmpstr (description, ==, "The lens");
  }
}

static void
test_xml_crosstab_suppression (Fixture      *fx,
                               gconstpointer data)
{
  Source source = { 0 };
  g_autofree char *xml = NULL;
  g_autoptr(xmlDoc) doc = NULL;

  fx->figures.sections = INTAKE_REPORT_SECTION_CROSSTABS | INTAKE_REPORT_SECTION_COOCCURRENCE
                         | INTAKE_REPORT_SECTION_SUMMARY;
  xml = write_xml (&fx->figures, &source);
  doc = parse_valid (xml);

  /* Nothing suppressed carries a number, and every suppressed figure says so. */
  /* Summary 2, crosstabs 4 and 1, pairs 2 */
  assert_count (doc, "//*[@suppressed]", 9);
  assert_count (doc, "//*[@suppressed = 'true' and (@submissions or @percent or @excerpts)]", 0);
  assert_count (doc, "//r:crosstab[1]/r:row[1]/r:cell[2][@suppressed = 'true']", 1);

  /* The not-recorded column is marked and has no value. */
  assert_count (doc, "//r:crosstab[1]/r:columns/r:column[3][@recorded = 'false' and not(@value) and @submissions = '0']", 1);
  assert_count (doc, "//r:crosstab[1]/r:columns/r:column[2][@suppressed = 'true' and not(@submissions)]", 1);
  assert_count (doc, "//r:summary/r:breakdown[@by = 'group']/r:count[@recorded = 'false']", 1);

  /* Column percentages: 3 of 12; none over a suppressed or empty column. */
  g_assert_cmpfloat (query_number (doc, "//r:crosstab[1]/r:row[@name = 'Racial profiling']/r:cell[1]/@percent"), ==, 25.0);
  g_assert_cmpfloat (query_number (doc, "//r:crosstab[1]/r:row[1]/r:cell[1]/@percent"), ==, 75.0);
  assert_count (doc, "//r:crosstab[1]/r:row/r:cell[@column = '2' or @column = '3']/@percent", 0);
  assert_count (doc, "//r:crosstab[2]/r:row[2]/r:cell[2][@submissions = '5' and @percent = '100.0']", 1);

  /* Co-occurrence: each pair once, zero pairs left out. */
  assert_count (doc, "//r:cooccurrence/r:pair", 6);
  assert_count (doc, "//r:pair[@a = 'a0000000-0000-4000-8000-000000000001' and @b = 'a0000000-0000-4000-8000-000000000003'"
                " and @suppressed = 'true' and not(@submissions)]", 1);
  assert_count (doc, "//r:pair[@a = 'a0000000-0000-4000-8000-000000000004' and @submissions = '6']", 1);
}

static void
test_xml_hostile_text (Fixture      *fx,
                       gconstpointer data)
{
  Source source = { .n = 4, .big = TRUE };
  g_autofree char *xml = write_xml (&fx->figures, &source);
  g_autoptr(xmlDoc) doc = parse_valid (xml);
  g_autofree char *name = query_string (doc, "//r:code[@guid = 'a0000000-0000-4000-8000-000000000005']/@name");
  g_autofree char *description = query_string (doc, "//r:code[@guid = 'a0000000-0000-4000-8000-000000000005']/r:description");
  g_autofree char *excerpt = query_string (doc, "//r:submission[@id = 'S-0002']/r:coding/r:excerpt");
  g_autofree char *memo = query_string (doc, "//r:submission[@id = 'S-0002']/r:memo");
  g_autofree char *quote = query_string (doc, "//r:code-quotes[@code = 'a0000000-0000-4000-8000-000000000005']/r:quote/r:text");
  g_autofree char *big = query_string (doc, "//r:submission[@id = 'S-0003']/r:coding/r:excerpt");
  g_autofree char *column = query_string (doc, "//r:crosstab[1]/r:columns/r:column[2]/@value");

  /* The hostile strings come back as text, their controls dropped. */
  g_assert_cmpstr (name, ==, HOSTILE_CLEAN);
  g_assert_cmpstr (description, ==, HOSTILE_CLEAN);
  g_assert_cmpstr (excerpt, ==, HOSTILE_CLEAN);
  g_assert_cmpstr (memo, ==, HOSTILE_CLEAN);
  g_assert_cmpstr (quote, ==, HOSTILE_CLEAN);
  g_assert_cmpstr (column, ==, HOSTILE_CLEAN);
  g_assert_cmpstr (big, ==, big_excerpt);
  assert_count (doc, "//*[local-name() = 'script']", 0);
  g_assert_null (strstr (xml, "<script"));
  g_assert_null (strstr (xml, "\x01"));
  g_assert_null (strstr (xml, "\x0b"));

  /* A date that is not one is left out; the missing one is absent. */
  assert_count (doc, "//r:submission[@id = 'S-0004']/@date", 0);
  assert_count (doc, "//r:submission[@id = 'S-0002']/@date", 0);
  assert_count (doc, "//r:submission[@id = 'S-0003' and @date = '2024-02-29' and @status = 'in-progress']", 1);
  /* A coding of a code the figures do not have is dropped. */
  assert_count (doc, "//r:submission[@id = 'S-0004']/r:coding", 1);
  /* Whole-submission codings have no extent; excerpts do. */
  assert_count (doc, "//r:submission[@id = 'S-0001']/r:coding[not(@start) and not(r:excerpt) and @reviewer = 'Ana']", 1);
  assert_count (doc, "//r:submission[@id = 'S-0001']/r:coding[@start = '10' and @end = '38' and r:excerpt]", 1);
  assert_count (doc, "//r:submission[@id = 'S-0002']/r:attribute[@name = 'Respondent group' and @recorded = 'false']", 1);
}

/* Text that is not UTF-8 still gives a valid document. */
static void
test_xml_invalid_utf8 (void)
{
  IntakeReportFigures figures;
  Source source = { 0 };
  g_autofree char *xml = NULL;
  g_autoptr(xmlDoc) doc = NULL;

  empty_figures (&figures);
  figures.title = "Caf\xe9 \xff\xfe report \xef\xbf\xbe";
  xml = write_xml (&figures, &source);
  doc = parse_valid (xml);
  g_assert_true (g_utf8_validate (xml, -1, NULL));
}

typedef struct
{
  GArray *fractions;
} ProgressLog;

static void
log_progress (double   fraction,
              gpointer user_data)
{
  ProgressLog *log = user_data;

  g_array_append_val (log->fractions, fraction);
}

static void
test_xml_progress (Fixture      *fx,
                   gconstpointer data)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  ProgressLog log = { g_array_new (FALSE, FALSE, sizeof (double)) };
  Source source = { .n = 450 };

  fx->figures.submissions = 450;
  g_assert_true (intake_report_write_xml (&fx->figures, next_submission, &source, out,
                                          log_progress, &log, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (log.fractions->len, ==, 3);
  g_assert_cmpfloat_with_epsilon (g_array_index (log.fractions, double, 0), 200.0 / 450, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (log.fractions, double, 1), 400.0 / 450, 1e-9);
  g_assert_cmpfloat (g_array_index (log.fractions, double, 2), ==, 1.0);
  g_array_unref (log.fractions);
}

static void
test_xml_cancel (Fixture      *fx,
                 gconstpointer data)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Source source = { .n = 1000, .cancel = cancellable, .cancel_after = 250 };

  g_assert_false (intake_report_write_xml (&fx->figures, next_submission, &source, out,
                                           NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* It stops at the next check, not at the end. */
  g_assert_cmpuint (source.given, <=, 400);
}

static gboolean
failing_next (gpointer                 user_data,
              IntakeReportSubmission **out,
              GError                 **error)
{
  g_set_error_literal (error, INTAKE_REPORT_ERROR, INTAKE_REPORT_ERROR_FAILED, "The project went away");
  return FALSE;
}

static void
test_xml_next_error (Fixture      *fx,
                     gconstpointer data)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_false (intake_report_write_xml (&fx->figures, failing_next, NULL, out, NULL, NULL, NULL, &error));
  g_assert_error (error, INTAKE_REPORT_ERROR, INTAKE_REPORT_ERROR_FAILED);
}

/* ---- HTML ---- */

/* Walks the HTML for anything that could run or fetch. */
static void
assert_inert (xmlNode *node,
              guint   *elements)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;
      (*elements)++;

      g_assert_cmpstr ((const char *) node->name, !=, "script");
      g_assert_cmpstr ((const char *) node->name, !=, "link");
      g_assert_cmpstr ((const char *) node->name, !=, "img");
      g_assert_cmpstr ((const char *) node->name, !=, "iframe");
      g_assert_cmpstr ((const char *) node->name, !=, "object");
      g_assert_cmpstr ((const char *) node->name, !=, "embed");
      g_assert_cmpstr ((const char *) node->name, !=, "base");
      g_assert_cmpstr ((const char *) node->name, !=, "form");

      for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next)
        {
          g_autofree char *value = (char *) xmlNodeGetContent ((xmlNode *) attr);
          g_autofree char *lower = g_ascii_strdown (value, -1);
          const char *name = (const char *) attr->name;

          if (g_str_equal (name, "href") || g_str_equal (name, "src") || g_str_equal (name, "action")
              || g_str_equal (name, "srcset") || g_str_equal (name, "poster") || g_str_equal (name, "data"))
            {
              g_assert_true (g_str_equal (name, "href"));
              g_assert_true (value[0] == '#');
            }
          g_assert_false (g_str_has_prefix (name, "on"));
          if (g_str_equal (name, "style"))
            {
              g_assert_null (strstr (lower, "url("));
              g_assert_null (strstr (lower, "@import"));
            }
        }

      if (g_str_equal ((const char *) node->name, "style"))
        {
          g_autofree char *css = (char *) xmlNodeGetContent (node);
          g_autofree char *lower = g_ascii_strdown (css, -1);

          g_assert_null (strstr (lower, "url("));
          g_assert_null (strstr (lower, "@import"));
          g_assert_null (strstr (lower, "@font-face"));
        }

      assert_inert (node->children, elements);
    }
}

static htmlDocPtr
parse_html (const char *html)
{
  htmlDocPtr doc = htmlReadMemory (html, strlen (html), "report.html", "UTF-8",
                                   HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);

  g_assert_nonnull (doc);
  return doc;
}

/* Every element whose own text holds @text, and whether each has dir="auto"
 * on itself or an element around it below <body>. */
static guint
count_text_without_dir (xmlNode    *node,
                        const char *text,
                        guint      *found)
{
  guint missing = 0;

  for (; node != NULL; node = node->next)
    {
      if (node->type == XML_TEXT_NODE && strstr ((const char *) node->content, text) != NULL)
        {
          gboolean has_dir = FALSE;

          (*found)++;
          for (xmlNode *up = node->parent; up != NULL && up->type == XML_ELEMENT_NODE; up = up->parent)
            {
              g_autofree char *dir = (char *) xmlGetProp (up, BAD_CAST "dir");

              if (g_strcmp0 (dir, "auto") == 0)
                has_dir = TRUE;
            }
          /* <title> cannot carry a direction and needs none. */
          if (!has_dir && !xmlStrEqual (node->parent->name, BAD_CAST "title"))
            missing++;
        }
      missing += count_text_without_dir (node->children, text, found);
    }

  return missing;
}

static void
test_html_inert_and_complete (Fixture      *fx,
                              gconstpointer data)
{
  Source source = { .n = 8, .big = TRUE };
  g_autofree char *html = write_html (&fx->figures, &source);
  g_autoptr(xmlDoc) doc = parse_html (html);
  guint elements = 0, found = 0;
  static const char * const headings[] = {
    "Contents", "The consultation at a glance", "Code frequencies", "Cross-tabulations",
    "Co-occurrence of codes", "Representative quotes", "Submissions", "Codes by Respondent group",
  };
  g_autoptr(xmlXPathContext) context = xmlXPathNewContext (doc);

  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>\n"));
  assert_inert (xmlDocGetRootElement (doc), &elements);
  g_assert_cmpuint (elements, >, 100);

  /* Only our own <meta charset>, and the content security policy. */
  g_assert_nonnull (strstr (html, "<meta charset=\"utf-8\">"));
  g_assert_null (strstr (html, "Content-Type"));
  {
    g_autoptr(xmlXPathObject) csp = xmlXPathEvalExpression (
      BAD_CAST "string(/html/head/meta[@http-equiv = 'Content-Security-Policy']/@content)", context);

    g_assert_cmpstr ((const char *) csp->stringval, ==, "default-src 'none'; style-src 'unsafe-inline'");
  }

  for (guint i = 0; i < G_N_ELEMENTS (headings); i++)
    {
      g_autofree char *expression = g_strdup_printf ("count(//h2[. = '%s'] | //h3[. = '%s'] | //a[. = '%s'])",
                                                     headings[i], headings[i], headings[i]);
      g_autoptr(xmlXPathObject) count = xmlXPathEvalExpression (BAD_CAST expression, context);

      g_assert_cmpfloat (count->floatval, >=, 1);
    }

  /* Every anchor of the contents leads somewhere in the page. */
  {
    g_autoptr(xmlXPathObject) links = xmlXPathEvalExpression (BAD_CAST "//a/@href", context);

    g_assert_cmpint (links->nodesetval->nodeNr, >=, 8);
    for (int i = 0; i < links->nodesetval->nodeNr; i++)
      {
        g_autofree char *href = (char *) xmlNodeGetContent (links->nodesetval->nodeTab[i]);
        g_autofree char *expression = g_strdup_printf ("count(//*[@id = '%s'])", href + 1);
        g_autoptr(xmlXPathObject) count = xmlXPathEvalExpression (BAD_CAST expression, context);

        g_assert_cmpfloat (count->floatval, ==, 1);
      }
  }

  /* The hostile text is text, in elements that find their own direction. */
  g_assert_cmpuint (count_text_without_dir (xmlDocGetRootElement (doc), "<script>alert(1)</script>", &found), ==, 0);
  g_assert_cmpuint (found, >=, 8);
  found = 0;
  g_assert_cmpuint (count_text_without_dir (xmlDocGetRootElement (doc), "Reversed subject", &found), ==, 0);
  g_assert_cmpuint (found, ==, 2);
  g_assert_null (strstr (html, "<script"));

  /* Suppressed cells show the mark, and the footnote explains it. */
  g_assert_nonnull (strstr (html, "&lt;5"));
  g_assert_nonnull (strstr (html, "stands for 1 to 4 submissions"));
  g_assert_nonnull (strstr (html, "Not recorded"));

  /* Redacted: no warning. */
  g_assert_null (strstr (html, "This report is not redacted"));
  g_assert_nonnull (strstr (html, "<html lang=\"en\">"));
}

static void
test_html_not_redacted_notice (Fixture      *fx,
                               gconstpointer data)
{
  Source source = { .n = 1 };
  g_autofree char *html = NULL;
  const char *notice, *first_section;

  fx->figures.redacted = FALSE;
  html = write_html (&fx->figures, &source);
  notice = strstr (html, "This report is not redacted: it contains personal information.");
  first_section = strstr (html, "<section");
  g_assert_nonnull (notice);
  g_assert_nonnull (first_section);
  g_assert_true (notice < first_section);
}

static void
test_html_empty_report (void)
{
  IntakeReportFigures figures;
  Source source = { 0 };
  g_autofree char *html = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  guint elements = 0;

  empty_figures (&figures);
  html = write_html (&figures, &source);
  doc = parse_html (html);
  assert_inert (xmlDocGetRootElement (doc), &elements);
  g_assert_nonnull (strstr (html, "The codebook has no codes."));
  g_assert_nonnull (strstr (html, "No submission is in this report."));
  g_assert_null (strstr (html, "stands for 1 to"));
}

static void
test_html_progress_and_cancel (Fixture      *fx,
                               gconstpointer data)
{
  ProgressLog log = { g_array_new (FALSE, FALSE, sizeof (double)) };

  {
    g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
    g_autoptr(GError) error = NULL;
    Source source = { .n = 450 };

    fx->figures.submissions = 450;
    g_assert_true (intake_report_write_html (&fx->figures, next_submission, &source, out,
                                             log_progress, &log, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (log.fractions->len, >=, 4);
    for (guint i = 1; i < log.fractions->len; i++)
      g_assert_cmpfloat (g_array_index (log.fractions, double, i), >=, g_array_index (log.fractions, double, i - 1));
    g_assert_cmpfloat (g_array_index (log.fractions, double, log.fractions->len - 1), ==, 1.0);
  }

  {
    g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error = NULL;
    Source source = { .n = 1000, .cancel = cancellable, .cancel_after = 250 };

    g_assert_false (intake_report_write_html (&fx->figures, next_submission, &source, out,
                                              NULL, NULL, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)), ==, 0);
  }

  g_array_unref (log.fractions);
}

/* Writes the fixture's HTML and XML where INTAKE_REPORT_HTML_OUT and
 * INTAKE_REPORT_XML_OUT say, to look at. */
static void
test_html_save_for_viewing (Fixture      *fx,
                            gconstpointer data)
{
  const char *html_path = g_getenv ("INTAKE_REPORT_HTML_OUT");
  const char *xml_path = g_getenv ("INTAKE_REPORT_XML_OUT");
  g_autoptr(GError) error = NULL;

  if (html_path == NULL && xml_path == NULL)
    {
      g_test_skip ("INTAKE_REPORT_HTML_OUT and INTAKE_REPORT_XML_OUT are not set");
      return;
    }
  fx->figures.redacted = g_getenv ("INTAKE_REPORT_NOT_REDACTED") == NULL;
  if (html_path != NULL)
    {
      Source source = { .n = 40 };
      g_autofree char *html = write_html (&fx->figures, &source);

      g_file_set_contents (html_path, html, -1, &error);
      g_assert_no_error (error);
    }
  if (xml_path != NULL)
    {
      Source source = { .n = 40 };
      g_autofree char *xml = write_xml (&fx->figures, &source);

      g_file_set_contents (xml_path, xml, -1, &error);
      g_assert_no_error (error);
    }
}

int
main (int   argc,
      char *argv[])
{
  GString *big = g_string_sized_new (1 << 20);
  int status;

  g_test_init (&argc, &argv, NULL);

  /* 1 MB of excerpt, with hostile text and right-to-left marks through it. */
  while (big->len < (1 << 20))
    g_string_append (big, "Long testimony \u05E9\u05DC\u05D5\u05DD ]]> <b>not bold</b> &lt; \x01 ");
  big_excerpt = intake_report_clean_text (big->str);
  {
    /* What the writer keeps of it: without the control characters. */
    g_auto(GStrv) parts = g_strsplit (big_excerpt, "\x01", -1);

    g_free (big_excerpt);
    big_excerpt = g_strjoinv ("", parts);
  }
  g_string_free (big, TRUE);
  load_schema ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/report/xml/every-section-combination", test_xml_every_section_combination);
  g_test_add_func ("/report/xml/empty", test_xml_empty_report);
  ADD ("/report/xml/root", test_xml_root);
  ADD ("/report/xml/codes-nested", test_xml_codes_nested);
  ADD ("/report/xml/crosstab-suppression", test_xml_crosstab_suppression);
  ADD ("/report/xml/hostile-text", test_xml_hostile_text);
  g_test_add_func ("/report/xml/invalid-utf8", test_xml_invalid_utf8);
  ADD ("/report/xml/progress", test_xml_progress);
  ADD ("/report/xml/cancel", test_xml_cancel);
  ADD ("/report/xml/next-error", test_xml_next_error);
  ADD ("/report/html/inert-and-complete", test_html_inert_and_complete);
  ADD ("/report/html/not-redacted-notice", test_html_not_redacted_notice);
  g_test_add_func ("/report/html/empty", test_html_empty_report);
  ADD ("/report/html/progress-and-cancel", test_html_progress_and_cancel);
  ADD ("/report/html/save-for-viewing", test_html_save_for_viewing);
#undef ADD

  status = g_test_run ();
  xmlRelaxNGFree (schema);
  g_free (big_excerpt);
  return status;
}
