#define G_LOG_DOMAIN "test-report-csv"

#include "config.h"

#include <string.h>

#include "intake-report.h"

/* The CSV writers on hand-built figures and submissions, read back with a
 * strict RFC 4180 reader and compared field by field. */

/* ---- A small RFC 4180 reader ---- */

typedef struct
{
  char     *text;
  gboolean  quoted;
} Field;

static void
field_free (gpointer data)
{
  Field *field = data;

  g_free (field->text);
  g_free (field);
}

/* Rows of Fields.  Strict: the file starts with a UTF-8 BOM, every record
 * ends with CRLF, a bare CR or LF or a quote only appear inside quotes, and
 * a closing quote is followed by a comma or the end of the record. */
static GPtrArray *
parse_csv (const char *data,
           gsize       length)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  const char *p = data;
  const char *end = data + length;

  g_assert_cmpuint (length, >=, 3);
  g_assert_cmpmem (p, 3, "\xEF\xBB\xBF", 3);
  p += 3;
  g_assert_true (g_utf8_validate (p, end - p, NULL));

  while (p < end)
    {
      GPtrArray *row = g_ptr_array_new_with_free_func (field_free);
      gboolean end_of_record = FALSE;

      g_ptr_array_add (rows, row);
      while (!end_of_record)
        {
          Field *field = g_new0 (Field, 1);
          GString *text = g_string_new (NULL);

          if (p < end && *p == '"')
            {
              field->quoted = TRUE;
              for (p++;; p++)
                {
                  g_assert_true (p < end);   /* a quote that never closes */
                  if (*p == '"')
                    {
                      if (p + 1 < end && p[1] == '"')
                        {
                          g_string_append_c (text, '"');
                          p++;
                        }
                      else
                        break;
                    }
                  else
                    g_string_append_c (text, *p);
                }
              p++;
            }
          else
            {
              while (p < end && *p != ',' && *p != '\r')
                {
                  g_assert_cmpint (*p, !=, '\n');
                  g_assert_cmpint (*p, !=, '"');
                  g_string_append_c (text, *p++);
                }
            }

          field->text = g_string_free (text, FALSE);
          g_ptr_array_add (row, field);

          g_assert_true (p < end);   /* the last record ends with CRLF too */
          if (*p == ',')
            p++;
          else
            {
              g_assert_cmpint (*p, ==, '\r');
              g_assert_true (p + 1 < end && p[1] == '\n');
              p += 2;
              end_of_record = TRUE;
            }
        }
    }

  return rows;
}

static const Field *
field_at (GPtrArray *rows,
          guint      row,
          guint      column)
{
  GPtrArray *fields;

  g_assert_cmpuint (row, <, rows->len);
  fields = g_ptr_array_index (rows, row);
  g_assert_cmpuint (column, <, fields->len);
  return g_ptr_array_index (fields, column);
}

/* A quoted text field holding @expected, or with NULL an empty unquoted one. */
#define assert_text(rows, row, column, expected) \
  G_STMT_START { \
    const Field *f_ = field_at ((rows), (row), (column)); \
    const char *e_ = (expected); \
    if (e_ == NULL) \
      { \
        g_assert_false (f_->quoted); \
        g_assert_cmpstr (f_->text, ==, ""); \
      } \
    else \
      { \
        g_assert_true (f_->quoted); \
        g_assert_cmpstr (f_->text, ==, e_); \
      } \
  } G_STMT_END

/* A bare number */
#define assert_number(rows, row, column, expected) \
  G_STMT_START { \
    const Field *f_ = field_at ((rows), (row), (column)); \
    g_autofree char *e_ = g_strdup_printf ("%d", (expected)); \
    g_assert_false (f_->quoted); \
    g_assert_cmpstr (f_->text, ==, e_); \
  } G_STMT_END

static guint
row_length (GPtrArray *rows,
            guint      row)
{
  return ((GPtrArray *) g_ptr_array_index (rows, row))->len;
}

/* ---- The fixture ---- */

/* Codebook order, a parent before its children. */
static IntakeReportCode codes[] = {
  { "guid-stance", "Stance on the programme", "Stance on the programme", NULL, NULL, -1, 0, FALSE },
  { "guid-keep", "Keep as is", "Stance on the programme/Keep as is", NULL, NULL, 0, 1, TRUE },
  { "guid-equity", "Equity lens", "Equity lens", NULL, NULL, -1, 0, FALSE },
  { "guid-profiling", "Racial profiling", "Equity lens/Racial profiling", NULL, NULL, 2, 1, TRUE },
  { "guid-surveillance", "Surveillance", "Equity lens/Surveillance", NULL, NULL, 2, 1, TRUE },
  { "guid-hostile", "+Hostile, \"name\"", "+Hostile, \"name\"", NULL, NULL, -1, 0, TRUE },
  { "guid-child", "=cmd", "+Hostile, \"name\"/=cmd", NULL, NULL, 5, 1, TRUE },
};

static char *attribute_names[] = {
  "Respondent group", "School board", "Language", "Self-identified identity", NULL,
};

static IntakeReportFigures *
make_figures (guint submissions)
{
  IntakeReportFigures *figures = g_new0 (IntakeReportFigures, 1);

  figures->title = "Test";
  figures->redacted = TRUE;
  figures->threshold = INTAKE_REPORT_DEFAULT_THRESHOLD;
  figures->submissions = submissions;
  figures->total_submissions = submissions;
  figures->attribute_names = attribute_names;
  figures->n_codes = G_N_ELEMENTS (codes);
  figures->codes = codes;

  return figures;
}

static void
attribute_free (gpointer data)
{
  IntakeReportAttribute *attribute = data;

  g_free (attribute->name);
  g_free (attribute->value);
  g_free (attribute);
}

static void
coding_free (gpointer data)
{
  IntakeReportCoding *coding = data;

  g_free (coding->reviewer);
  g_free (coding->excerpt);
  g_free (coding);
}

static IntakeReportSubmission *
new_submission (const char   *pseudonym,
                const char   *date,
                IntakeStatus  status)
{
  IntakeReportSubmission *submission = g_new0 (IntakeReportSubmission, 1);
  static gint64 next_id = 1;

  submission->id = next_id++;
  submission->pseudonym = g_strdup (pseudonym);
  submission->date = g_strdup (date);
  submission->status = status;
  submission->subject = g_strdup ("=Subject");
  submission->attributes = g_ptr_array_new_with_free_func (attribute_free);
  submission->codings = g_ptr_array_new_with_free_func (coding_free);

  return submission;
}

static void
add_attribute (IntakeReportSubmission *submission,
               const char             *name,
               const char             *value)
{
  IntakeReportAttribute *attribute = g_new0 (IntakeReportAttribute, 1);

  attribute->name = g_strdup (name);
  attribute->value = g_strdup (value);
  g_ptr_array_add (submission->attributes, attribute);
}

static void
add_coding (IntakeReportSubmission *submission,
            int                     code,
            const char             *reviewer,
            int                     start,
            int                     end,
            const char             *excerpt)
{
  IntakeReportCoding *coding = g_new0 (IntakeReportCoding, 1);

  coding->code = code;
  coding->reviewer = g_strdup (reviewer);
  coding->start = start;
  coding->end = end;
  coding->excerpt = g_strdup (excerpt);
  g_ptr_array_add (submission->codings, coding);
}

#define RTL_NAME "\xE2\x80\x8F" "אישה" "\xE2\x80\x8F"   /* U+200F RIGHT-TO-LEFT MARK around Hebrew */

static const char excerpt_lines[] = "line one\r\nline two, \"quoted\"\nline three\rend";
static const char excerpt_french[] = "Élève à l’école — ça « va »";

/* Three submissions, in list order: hostile text in every field. */
static GPtrArray *
make_submissions (void)
{
  GPtrArray *submissions = g_ptr_array_new_with_free_func ((GDestroyNotify) intake_report_submission_free);
  IntakeReportSubmission *s;

  s = new_submission ("S-0001", "2026-03-01", INTAKE_STATUS_CODED);
  add_attribute (s, "Language", "fr");
  add_attribute (s, "Respondent group", "Parent, guardian");
  add_attribute (s, "School board", "Calgary \"Catholic\" School District");
  add_coding (s, 1, "Alice", -1, -1, NULL);
  add_coding (s, 3, "=Bob", 10, 52, excerpt_lines);
  add_coding (s, 3, "Alice", 60, 87, excerpt_french);
  g_ptr_array_add (submissions, s);

  s = new_submission ("S-0002", NULL, INTAKE_STATUS_IN_PROGRESS);
  add_attribute (s, "Respondent group", "");
  add_attribute (s, "Self-identified identity", RTL_NAME);
  add_coding (s, 6, "@reviewer", -1, -1, NULL);
  add_coding (s, 4, "Chloé", 0, 22, "=HYPERLINK(\"http://x\")");
  add_coding (s, 4, "Chloé", 30, 34, "-2+3");
  add_coding (s, 4, "Chloé", 40, 48, "@SUM(A1)");
  add_coding (s, 4, "Chloé", 50, 54, "\tTab");
  add_coding (s, 4, "Chloé", 60, 63, "\rCR");
  add_coding (s, 4, "Chloé", 70, 73, "+41");
  g_ptr_array_add (submissions, s);

  /* Not coded: no rows in the codings CSV, a row of 0 in the matrix. */
  s = new_submission ("S-0003", "2026-03-04", INTAKE_STATUS_NEW);
  add_attribute (s, "Language", "en");
  g_ptr_array_add (submissions, s);

  return submissions;
}

typedef struct
{
  GPtrArray *submissions;
  guint      next;
  guint      fail_at;   /* 0: never */
} Cursor;

static gboolean
cursor_next (gpointer                 data,
             IntakeReportSubmission **out,
             GError                 **error)
{
  Cursor *cursor = data;

  if (cursor->fail_at > 0 && cursor->next + 1 == cursor->fail_at)
    {
      g_set_error_literal (error, INTAKE_REPORT_ERROR, INTAKE_REPORT_ERROR_FAILED, "the store went away");
      return FALSE;
    }

  if (cursor->next >= cursor->submissions->len)
    {
      *out = NULL;
      return TRUE;
    }

  /* Handed over, as the report's cursor hands them over. */
  *out = g_steal_pointer (&cursor->submissions->pdata[cursor->next++]);
  return TRUE;
}

static GBytes *
write_csv (const IntakeReportFigures *figures,
           gboolean                   matrix,
           GPtrArray                 *submissions,
           IntakeReportProgressFunc   progress,
           gpointer                   progress_data,
           GCancellable              *cancellable,
           GError                   **error)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  Cursor cursor = { submissions, 0, 0 };

  if (!intake_report_write_csv (figures, matrix, cursor_next, &cursor, out,
                                progress, progress_data, cancellable, error))
    return NULL;

  g_assert_true (g_output_stream_close (out, NULL, NULL));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static GPtrArray *
parse_bytes (GBytes *bytes)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  return parse_csv (data, length);
}

/* ---- The codings CSV ---- */

static void
test_codings_header (void)
{
  g_autofree IntakeReportFigures *figures = make_figures (3);
  g_autoptr(GPtrArray) submissions = make_submissions ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  bytes = write_csv (figures, FALSE, submissions, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  rows = parse_bytes (bytes);

  g_assert_cmpuint (row_length (rows, 0), ==, 7 + 4);
  assert_text (rows, 0, 0, "Submission");
  assert_text (rows, 0, 1, "Code");
  assert_text (rows, 0, 2, "Code GUID");
  assert_text (rows, 0, 3, "Reviewer");
  assert_text (rows, 0, 4, "Start");
  assert_text (rows, 0, 5, "End");
  assert_text (rows, 0, 6, "Excerpt");
  assert_text (rows, 0, 7, "Respondent group");
  assert_text (rows, 0, 8, "School board");
  assert_text (rows, 0, 9, "Language");
  assert_text (rows, 0, 10, "Self-identified identity");
}

static void
test_codings_rows (void)
{
  g_autofree IntakeReportFigures *figures = make_figures (3);
  g_autoptr(GPtrArray) submissions = make_submissions ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  bytes = write_csv (figures, FALSE, submissions, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  rows = parse_bytes (bytes);

  /* A header and one row per coding; S-0003 has none. */
  g_assert_cmpuint (rows->len, ==, 1 + 3 + 7);
  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpuint (row_length (rows, i), ==, 11);

  /* A whole-submission coding: no offsets, no excerpt. */
  assert_text (rows, 1, 0, "S-0001");
  assert_text (rows, 1, 1, "Stance on the programme/Keep as is");
  assert_text (rows, 1, 2, "guid-keep");
  assert_text (rows, 1, 3, "Alice");
  assert_text (rows, 1, 4, NULL);
  assert_text (rows, 1, 5, NULL);
  assert_text (rows, 1, 6, NULL);
  assert_text (rows, 1, 7, "Parent, guardian");
  assert_text (rows, 1, 8, "Calgary \"Catholic\" School District");
  assert_text (rows, 1, 9, "fr");
  assert_text (rows, 1, 10, NULL);

  /* Line breaks of every kind, commas and quotes survive the round trip;
   * a reviewer named like a formula is defused. */
  assert_text (rows, 2, 1, "Equity lens/Racial profiling");
  assert_text (rows, 2, 3, "'=Bob");
  assert_number (rows, 2, 4, 10);
  assert_number (rows, 2, 5, 52);
  assert_text (rows, 2, 6, excerpt_lines);

  assert_text (rows, 3, 6, excerpt_french);
  assert_number (rows, 3, 4, 60);
  assert_number (rows, 3, 5, 87);

  /* The hostile code's path is text, defused; empty and right-to-left attributes. */
  assert_text (rows, 4, 0, "S-0002");
  assert_text (rows, 4, 1, "'+Hostile, \"name\"/=cmd");
  assert_text (rows, 4, 2, "guid-child");
  assert_text (rows, 4, 3, "'@reviewer");
  assert_text (rows, 4, 7, NULL);
  assert_text (rows, 4, 8, NULL);
  assert_text (rows, 4, 9, NULL);
  assert_text (rows, 4, 10, RTL_NAME);

  assert_text (rows, 5, 3, "Chloé");
  assert_text (rows, 5, 6, "'=HYPERLINK(\"http://x\")");
  assert_text (rows, 6, 6, "'-2+3");
  assert_text (rows, 7, 6, "'@SUM(A1)");
  assert_text (rows, 8, 6, "'\tTab");
  assert_text (rows, 9, 6, "'\rCR");
  assert_text (rows, 10, 6, "'+41");
  assert_number (rows, 10, 4, 70);
  assert_number (rows, 10, 5, 73);
}

/* The bytes themselves, for what a reader could hide: CRLF everywhere. */
static void
test_codings_bytes (void)
{
  g_autofree IntakeReportFigures *figures = make_figures (0);
  g_autoptr(GPtrArray) submissions = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length;
  const char *data;
  const char expected[] =
    "\xEF\xBB\xBF\"Submission\",\"Code\",\"Code GUID\",\"Reviewer\",\"Start\",\"End\",\"Excerpt\","
    "\"Respondent group\",\"School board\",\"Language\",\"Self-identified identity\"\r\n";

  bytes = write_csv (figures, FALSE, submissions, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (bytes, &length);
  g_assert_cmpmem (data, length, expected, sizeof expected - 1);
}

/* ---- The matrix ---- */

static void
test_matrix (void)
{
  g_autofree IntakeReportFigures *figures = make_figures (3);
  g_autoptr(GPtrArray) submissions = make_submissions ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  /* Rows S-0001, S-0002, S-0003; columns in codebook order. A parent is 1
   * when any code under it is applied, though it is never applied itself. */
  static const int expected[3][G_N_ELEMENTS (codes)] = {
    { 1, 1, 1, 1, 0, 0, 0 },
    { 0, 0, 1, 0, 1, 1, 1 },
    { 0, 0, 0, 0, 0, 0, 0 },
  };

  bytes = write_csv (figures, TRUE, submissions, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  rows = parse_bytes (bytes);

  g_assert_cmpuint (rows->len, ==, 4);
  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpuint (row_length (rows, i), ==, 3 + 4 + G_N_ELEMENTS (codes));

  assert_text (rows, 0, 0, "Submission");
  assert_text (rows, 0, 1, "Date");
  assert_text (rows, 0, 2, "Status");
  assert_text (rows, 0, 3, "Respondent group");
  assert_text (rows, 0, 6, "Self-identified identity");
  assert_text (rows, 0, 7, "Stance on the programme");
  assert_text (rows, 0, 8, "Stance on the programme/Keep as is");
  assert_text (rows, 0, 12, "'+Hostile, \"name\"");
  assert_text (rows, 0, 13, "'+Hostile, \"name\"/=cmd");

  assert_text (rows, 1, 0, "S-0001");
  assert_text (rows, 1, 1, "2026-03-01");
  assert_text (rows, 1, 2, "coded");
  assert_text (rows, 1, 3, "Parent, guardian");
  assert_text (rows, 1, 4, "Calgary \"Catholic\" School District");
  assert_text (rows, 1, 5, "fr");
  assert_text (rows, 1, 6, NULL);

  assert_text (rows, 2, 0, "S-0002");
  assert_text (rows, 2, 1, NULL);
  assert_text (rows, 2, 2, "in-progress");
  assert_text (rows, 2, 3, NULL);
  assert_text (rows, 2, 6, RTL_NAME);

  assert_text (rows, 3, 0, "S-0003");
  assert_text (rows, 3, 2, "new");
  assert_text (rows, 3, 5, "en");

  for (guint r = 0; r < 3; r++)
    for (guint c = 0; c < G_N_ELEMENTS (codes); c++)
      assert_number (rows, r + 1, 7 + c, expected[r][c]);
}

/* ---- Streaming: progress, cancellation, errors ---- */

static GPtrArray *
make_many (guint n)
{
  GPtrArray *submissions = g_ptr_array_new_with_free_func ((GDestroyNotify) intake_report_submission_free);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *pseudonym = g_strdup_printf ("S-%04u", i + 1);
      IntakeReportSubmission *s = new_submission (pseudonym, "2026-03-01", INTAKE_STATUS_CODED);

      add_coding (s, 3, "Alice", 0, 5, "Hello");
      g_ptr_array_add (submissions, s);
    }

  return submissions;
}

static void
record_progress (double   fraction,
                 gpointer data)
{
  GArray *fractions = data;

  g_array_append_val (fractions, fraction);
}

static void
test_progress (void)
{
  g_autofree IntakeReportFigures *figures = make_figures (450);
  g_autoptr(GPtrArray) submissions = make_many (450);
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  bytes = write_csv (figures, FALSE, submissions, record_progress, fractions, NULL, &error);
  g_assert_no_error (error);
  rows = parse_bytes (bytes);
  g_assert_cmpuint (rows->len, ==, 451);
  assert_text (rows, 450, 0, "S-0450");

  g_assert_cmpuint (fractions->len, ==, 3);
  g_assert_cmpfloat_with_epsilon (g_array_index (fractions, double, 0), 200.0 / 450, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (fractions, double, 1), 400.0 / 450, 1e-9);
  g_assert_cmpfloat (g_array_index (fractions, double, 2), ==, 1.0);
}

static void
test_cancelled (void)
{
  g_autofree IntakeReportFigures *figures = make_figures (450);
  g_autoptr(GPtrArray) submissions = make_many (450);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_cancellable_cancel (cancellable);
  bytes = write_csv (figures, TRUE, submissions, NULL, NULL, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (bytes);
}

static void
test_next_fails (void)
{
  g_autofree IntakeReportFigures *figures = make_figures (3);
  g_autoptr(GPtrArray) submissions = make_submissions ();
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  Cursor cursor = { submissions, 0, 2 };

  g_assert_false (intake_report_write_csv (figures, FALSE, cursor_next, &cursor, out,
                                           NULL, NULL, NULL, &error));
  g_assert_error (error, INTAKE_REPORT_ERROR, INTAKE_REPORT_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "the store went away");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report/csv/codings/header", test_codings_header);
  g_test_add_func ("/report/csv/codings/rows", test_codings_rows);
  g_test_add_func ("/report/csv/codings/bytes", test_codings_bytes);
  g_test_add_func ("/report/csv/matrix/rows", test_matrix);
  g_test_add_func ("/report/csv/progress", test_progress);
  g_test_add_func ("/report/csv/cancelled", test_cancelled);
  g_test_add_func ("/report/csv/next-fails", test_next_fails);

  return g_test_run ();
}
