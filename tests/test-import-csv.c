#define G_LOG_DOMAIN "test-import-csv"

#include "config.h"

#include <string.h>

#include "intake-import-csv.h"
#include "intake-store.h"

static IntakeCsvReader *
reader_for (const char *data,
            gssize      len)
{
  g_autoptr(GInputStream) in = NULL;

  if (len < 0)
    len = strlen (data);
  in = g_memory_input_stream_new_from_data (g_memdup2 (data, len), len, g_free);
  return intake_csv_reader_new (in, NULL);
}

static char **
next_ok (IntakeCsvReader *r)
{
  g_autoptr(GError) error = NULL;
  char **fields = NULL;

  g_assert_true (intake_csv_reader_next (r, &fields, &error));
  g_assert_no_error (error);
  g_assert_nonnull (fields);
  return fields;
}

static void
assert_end (IntakeCsvReader *r)
{
  g_autoptr(GError) error = NULL;
  char **fields = NULL;

  g_assert_false (intake_csv_reader_next (r, &fields, &error));
  g_assert_no_error (error);
  g_assert_null (fields);
}

static void
test_quoting (void)
{
  g_autoptr(IntakeCsvReader) r =
    reader_for ("id,answer,board\r\n"
                "1,\"Keep it, but \"\"train\"\" them\",CBE\r\n"
                "2,\"line one\nline two\",FrancoSud\n"
                "3,,\n", -1);
  g_auto(GStrv) header = next_ok (r);
  g_auto(GStrv) a = NULL;
  g_auto(GStrv) b = NULL;
  g_auto(GStrv) c = NULL;

  g_assert_cmpuint (g_strv_length (header), ==, 3);
  g_assert_cmpstr (header[1], ==, "answer");
  a = next_ok (r);
  g_assert_cmpstr (a[1], ==, "Keep it, but \"train\" them");
  g_assert_cmpstr (a[2], ==, "CBE");
  b = next_ok (r);
  g_assert_cmpuint (intake_csv_reader_get_record (r), ==, 3);
  g_assert_cmpuint (intake_csv_reader_get_line (r), ==, 3);
  g_assert_cmpstr (b[1], ==, "line one\nline two");
  c = next_ok (r);
  g_assert_cmpuint (intake_csv_reader_get_line (r), ==, 5);
  g_assert_cmpuint (g_strv_length (c), ==, 3);
  g_assert_cmpstr (c[1], ==, "");
  g_assert_cmpstr (c[2], ==, "");
  assert_end (r);
}

static void
test_bom_and_charsets (void)
{
  g_autoptr(IntakeCsvReader) u = reader_for ("\xef\xbb\xbf" "langue,r\xc3\xa9ponse\nfr,\xc3\xa9l\xc3\xa8ve", -1);
  g_autoptr(IntakeCsvReader) w = reader_for ("r\xe9ponse\n\x93" "caf\xe9\x94\n", -1);
  g_auto(GStrv) h = next_ok (u);
  g_auto(GStrv) row = next_ok (u);
  g_auto(GStrv) wh = next_ok (w);
  g_auto(GStrv) wrow = next_ok (w);

  g_assert_cmpstr (h[0], ==, "langue");
  g_assert_cmpstr (h[1], ==, "réponse");
  g_assert_cmpstr (row[1], ==, "élève");
  assert_end (u);
  g_assert_cmpstr (wh[0], ==, "réponse");
  g_assert_cmpstr (wrow[0], ==, "\u201c" "café" "\u201d");
  assert_end (w);
}

static void
test_unterminated (void)
{
  g_autoptr(IntakeCsvReader) r = reader_for ("a,b\n1,2\n3,\"never closed\n4,5\n", -1);
  g_auto(GStrv) h = next_ok (r);
  g_auto(GStrv) one = next_ok (r);
  g_autoptr(GError) error = NULL;
  char **fields = NULL;

  g_assert_cmpstr (one[1], ==, "2");
  g_assert_false (intake_csv_reader_next (r, &fields, &error));
  g_assert_error (error, INTAKE_CSV_ERROR, INTAKE_CSV_ERROR_UNTERMINATED_QUOTE);
  g_assert_cmpuint (intake_csv_reader_get_line (r), ==, 3);
  g_assert_null (fields);
}

/* Records larger than the reader's buffer, and many of them. */
static void
test_large (void)
{
  g_autoptr(GString) data = g_string_new ("id,text\n");
  g_autoptr(IntakeCsvReader) r = NULL;
  g_auto(GStrv) h = NULL;
  g_autofree char *long_text = g_strnfill (200000, 'x');
  guint n = 0;

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (data, "%u,\"row, %u\"\r\n", i, i);
  g_string_append_printf (data, "big,\"%s\"\n", long_text);
  r = reader_for (data->str, data->len);
  h = next_ok (r);
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) f = NULL;

      if (!intake_csv_reader_next (r, &f, &error))
        {
          g_assert_no_error (error);
          break;
        }
      if (n < 5000)
        {
          g_autofree char *want = g_strdup_printf ("row, %u", n);
          g_assert_cmpstr (f[1], ==, want);
        }
      else
        g_assert_cmpuint (strlen (f[1]), ==, 200000);
      n++;
    }
  g_assert_cmpuint (n, ==, 5001);
}

static void
test_record_to_message (void)
{
  const char *header[] = { "id", "Q1 Keep the programme?", "Q2 Why?", "board", NULL };
  const char *row[] = { "R-7", "Oui", "Les élèves\nse sentent surveillés", "FrancoSud", NULL };
  const char *short_row[] = { "R-8", "Yes", NULL };
  const char *same[] = { "", "Oui", "Les élèves\nse sentent surveillés", "CBE", NULL };
  const char *again[] = { "", "Oui", "Les élèves\nse sentent surveillés", "CBE", NULL };
  const guint text[] = { 1, 2 };
  g_autoptr(GError) error = NULL;
  IntakeParsedMessage *m = intake_csv_record_to_message (header, row, text, 2, NULL, 0, 0, "survey.csv", 2, &error);
  IntakeParsedMessage *a, *b;

  g_assert_no_error (error);
  g_assert_cmpstr (m->message_id, ==, "csv:R-7");
  g_assert_cmpstr (m->from_name, ==, "Survey respondent");
  g_assert_cmpstr (m->from_addr, ==, "");
  g_assert_cmpstr (m->text, ==, "Q1 Keep the programme?\n\nOui\n\nQ2 Why?\n\nLes élèves\nse sentent surveillés");
  g_assert_null (m->content_hash);
  intake_parsed_message_free (m);

  g_assert_null (intake_csv_record_to_message (header, short_row, text, 2, NULL, 0, 0, "survey.csv", 3, &error));
  g_assert_error (error, INTAKE_CSV_ERROR, INTAKE_CSV_ERROR_FIELD_COUNT);

  a = intake_csv_record_to_message (header, same, text, 1, NULL, 0, 0, "survey.csv", 4, NULL);
  b = intake_csv_record_to_message (header, again, text, 1, NULL, 0, 0, "survey.csv", 5, NULL);
  g_assert_null (a->message_id);
  g_assert_cmpstr (a->text, ==, "Oui");
  g_assert_nonnull (a->content_hash);
  g_assert_cmpstr (a->content_hash, ==, b->content_hash);
  intake_parsed_message_free (a);
  intake_parsed_message_free (b);

  /* A spreadsheet's line breaks inside an answer are the stored text's,
   * and control characters are spaces. */
  {
    const char *crlf[] = { "R-9", "Oui", "Ligne un\r\nligne deux\rtrois\x0bquatre", "CBE", NULL };
    g_autoptr(GError) local = NULL;

    m = intake_csv_record_to_message (header, crlf, text + 1, 1, NULL, 0, 0, "survey.csv", 6, &local);
    g_assert_no_error (local);
    g_assert_cmpstr (m->text, ==, "Ligne un\nligne deux\ntrois quatre");
    intake_parsed_message_free (m);
  }
}

/* Attribute columns land in the case attributes mail has, by name and by
 * value where they match the defaults, folded; others are kept as they are. */
static void
test_record_attributes (void)
{
  const char *header[] = { "id", "Answer", "respondent_group", "School Board", "Postal area", NULL };
  const char *row[] = { "9", "Keep it", "  parent ", "calgary board of education", "T2X", NULL };
  const char *other[] = { "10", "Remove it", "Grandparent", "", "T3A", NULL };
  const guint text[] = { 1 };
  const guint attributes[] = { 2, 3, 4 };
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeParsedMessage) m = intake_csv_record_to_message (header, row, text, 1, attributes, 3, 0,
                                                                   "survey.csv", 2, &error);
  g_autoptr(IntakeParsedMessage) n = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (m->attributes);
  g_assert_cmpuint (g_strv_length (m->attributes), ==, 6);
  g_assert_cmpstr (m->attributes[0], ==, INTAKE_ATTRIBUTE_RESPONDENT_GROUP);
  g_assert_cmpstr (m->attributes[1], ==, "Parent or guardian");
  g_assert_cmpstr (m->attributes[2], ==, INTAKE_ATTRIBUTE_SCHOOL_BOARD);
  g_assert_cmpstr (m->attributes[3], ==, "Calgary Board of Education");
  g_assert_cmpstr (m->attributes[4], ==, "Postal area");
  g_assert_cmpstr (m->attributes[5], ==, "T2X");
  g_assert_cmpstr (m->text, ==, "Keep it");

  /* Not a default's start word for word: kept as written. */
  n = intake_csv_record_to_message (header, other, text, 1, attributes, 3, 0, "survey.csv", 3, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (n->attributes[1], ==, "Grandparent");
  g_assert_cmpstr (n->attributes[3], ==, "");
}

/* The separator is the header line's: commas, semicolons (where the comma
 * is a decimal mark) or tabs; those inside quotes do not count. */
static void
test_separators (void)
{
  static const struct
  {
    const char *data;
    char        separator;
    const char *second;  /* the second field of the data row */
  } cases[] = {
    { "id,answer\n1,Oui; non\n", ',', "Oui; non" },
    { "id;answer;group\n1;3,5 years;Parent\n", ';', "3,5 years" },
    { "id\tanswer\n1\tA, b; c\n", '\t', "A, b; c" },
    { "\"a;b;c\",d\r\n\"x;y\",z\r\n", ',', "z" },
    { "\xEF\xBB\xBFid;texte\n7;\u00C9cole\n", ';', "\u00C9cole" },
    { "only\nvalue\n", ',', NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(IntakeCsvReader) r = reader_for (cases[i].data, -1);
      g_auto(GStrv) header = next_ok (r);
      g_auto(GStrv) row = next_ok (r);

      g_assert_cmpint (intake_csv_reader_get_separator (r), ==, cases[i].separator);
      if (cases[i].second != NULL)
        {
          g_assert_cmpuint (g_strv_length (row), ==, g_strv_length (header));
          g_assert_cmpstr (row[1], ==, cases[i].second);
        }
      else
        g_assert_cmpuint (g_strv_length (row), ==, 1);
      assert_end (r);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/import-csv/quoting", test_quoting);
  g_test_add_func ("/import-csv/bom-and-charsets", test_bom_and_charsets);
  g_test_add_func ("/import-csv/unterminated", test_unterminated);
  g_test_add_func ("/import-csv/separators", test_separators);
  g_test_add_func ("/import-csv/large", test_large);
  g_test_add_func ("/import-csv/record-to-message", test_record_to_message);
  g_test_add_func ("/import-csv/record-attributes", test_record_attributes);
  return g_test_run ();
}
