#define G_LOG_DOMAIN "test-agreement"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "intake-agreement.h"
#include "intake-importer.h"
#include "intake-project.h"
#include "intake-store.h"

#define EPSILON 0.0005  /* three decimals, as the sources print them */

/* ---- The statistics against published worked examples ------------------ */

static double
alpha_of (const int *values,
          guint      n_units,
          guint      n_coders,
          guint      n_categories)
{
  g_autofree double *o = g_new (double, n_categories * n_categories);

  intake_agreement_coincidences (values, n_units, n_coders, n_categories, o);
  return intake_agreement_alpha_nominal (o, n_categories);
}

/* Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability.
 * Annenberg School for Communication, University of Pennsylvania. Section
 * A, "Binary or dichotomous data, two observers, no missing data":
 * coder A 0100000010, coder B 1110010000, alpha = 0.095. */
static const int binary_example[10][2] = {
  { 0, 1 }, { 1, 1 }, { 0, 1 }, { 0, 0 }, { 0, 0 },
  { 0, 1 }, { 0, 0 }, { 0, 0 }, { 1, 0 }, { 0, 0 },
};

static void
test_alpha_binary_two_coders (void)
{
  g_assert_cmpfloat_with_epsilon (alpha_of (&binary_example[0][0], 10, 2, 2), 0.095, EPSILON);
}

/* Krippendorff (2011), section C, "Nominal data, two observers, no missing
 * data": 12 units, Ben a a b b d c c c e d d a, Gerry b a b b b c c c e d d d
 * (a … e as 0 … 4), alpha = 0.692. */
static void
test_alpha_nominal_two_coders (void)
{
  static const int values[12][2] = {
    { 0, 1 }, { 0, 0 }, { 1, 1 }, { 1, 1 }, { 3, 1 }, { 2, 2 },
    { 2, 2 }, { 2, 2 }, { 4, 4 }, { 3, 3 }, { 3, 3 }, { 0, 3 },
  };

  g_assert_cmpfloat_with_epsilon (alpha_of (&values[0][0], 12, 2, 5), 0.692, EPSILON);
}

/* Krippendorff (2011), section E, "Nominal data, any number of observers,
 * missing data": four observers, 12 units, values 1 … 5 (here 0 … 4),
 * -1 where an observer gave none; nominal alpha = 0.743. */
static const int four_coders[12][4] = {
  {  0,  0, -1,  0 }, {  1,  1,  2,  1 }, {  2,  2,  2,  2 }, {  2,  2,  2,  2 },
  {  1,  1,  1,  1 }, {  0,  1,  2,  3 }, {  3,  3,  3,  3 }, {  0,  0,  1,  0 },
  {  1,  1,  1,  1 }, { -1,  4,  4,  4 }, { -1, -1,  0,  0 }, { -1,  2, -1, -1 },
};

static void
test_alpha_four_coders_missing (void)
{
  g_assert_cmpfloat_with_epsilon (alpha_of (&four_coders[0][0], 12, 4, 5), 0.743, EPSILON);
}

/* The usual textbook example of Cohen's kappa (as in Wikipedia's "Cohen's
 * kappa", after Cohen 1960): 50 items, both yes 20, A yes B no 5, A no B
 * yes 10, both no 15; po = 0.70, pe = 0.50, kappa = 0.40. */
static void
test_kappa_fifty_items (void)
{
  const double table[4] = { 20, 5, 10, 15 };

  g_assert_cmpfloat_with_epsilon (intake_agreement_kappa (table, 2), 0.40, EPSILON);
}

/* A tally of binary units gives the figures the general formulas give for
 * the same units: the binary example, and its kappa from its own table. */
static void
test_tally_matches_coincidences (void)
{
  g_autoptr(IntakeAgreementTally) tally = intake_agreement_tally_new (2);
  IntakeAgreementFigures figures;
  double table[4] = { 0, };
  double o[4];

  for (guint u = 0; u < 10; u++)
    {
      guint k = binary_example[u][0] + binary_example[u][1];

      tally->units += 1;
      if (k > 0)
        tally->by_count[k] += 1;
      tally->applied[0] += binary_example[u][0];
      tally->applied[1] += binary_example[u][1];
      table[binary_example[u][0] * 2 + binary_example[u][1]] += 1;
    }

  intake_agreement_tally_figures (tally, &figures);
  intake_agreement_coincidences (&binary_example[0][0], 10, 2, 2, o);

  g_assert_cmpint (figures.reason, ==, INTAKE_AGREEMENT_REASON_NONE);
  g_assert_cmpfloat_with_epsilon (figures.alpha, 0.095, EPSILON);
  g_assert_cmpfloat_with_epsilon (figures.percent, 60.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (figures.percent, intake_agreement_percent (o, 2), 1e-9);
  /* po = 0.6, pe = 0.2 · 0.4 + 0.8 · 0.6 = 0.56 */
  g_assert_cmpfloat_with_epsilon (figures.kappa, (0.6 - 0.56) / (1 - 0.56), 1e-9);
  g_assert_cmpfloat_with_epsilon (figures.kappa, intake_agreement_kappa (table, 2), 1e-9);
}

/* More than two coders: the tally's alpha is the coincidences' alpha, and
 * there is no kappa. Units: three coders, the code applied by 0 … 3. */
static void
test_tally_three_coders (void)
{
  static const int values[12][3] = {
    { 0, 0, 0 }, { 1, 1, 1 }, { 1, 1, 0 }, { 0, 0, 0 }, { 1, 0, 0 }, { 1, 1, 1 },
    { 0, 0, 0 }, { 0, 1, 1 }, { 0, 0, 0 }, { 1, 1, 1 }, { 0, 0, 0 }, { 0, 0, 1 },
  };
  g_autoptr(IntakeAgreementTally) tally = intake_agreement_tally_new (3);
  IntakeAgreementFigures figures;
  double o[4];

  for (guint u = 0; u < 12; u++)
    {
      guint k = values[u][0] + values[u][1] + values[u][2];

      tally->units += 1;
      if (k > 0)
        tally->by_count[k] += 1;
      for (guint r = 0; r < 3; r++)
        tally->applied[r] += values[u][r];
    }
  intake_agreement_tally_figures (tally, &figures);
  intake_agreement_coincidences (&values[0][0], 12, 3, 2, o);

  g_assert_cmpfloat_with_epsilon (figures.alpha, intake_agreement_alpha_nominal (o, 2), 1e-9);
  g_assert_cmpfloat_with_epsilon (figures.percent, intake_agreement_percent (o, 2), 1e-9);
  g_assert_true (isnan (figures.kappa));
}

/* ---- Edge cases --------------------------------------------------------- */

static void
test_perfect_agreement (void)
{
  g_autoptr(IntakeAgreementTally) tally = intake_agreement_tally_new (2);
  IntakeAgreementFigures figures;
  const double table[4] = { 30, 0, 0, 20 };

  tally->units = 50;
  tally->by_count[2] = 20;
  tally->applied[0] = tally->applied[1] = 20;
  intake_agreement_tally_figures (tally, &figures);

  g_assert_cmpint (figures.reason, ==, INTAKE_AGREEMENT_REASON_NONE);
  g_assert_cmpfloat_with_epsilon (figures.percent, 100.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (figures.kappa, 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (figures.alpha, 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (intake_agreement_kappa (table, 2), 1.0, 1e-9);
}

/* A code nobody applied: every unit is 0, and agreement on absence alone
 * is no figure. */
static void
test_code_never_used (void)
{
  g_autoptr(IntakeAgreementTally) tally = intake_agreement_tally_new (2);
  IntakeAgreementFigures figures;

  tally->units = 100;
  intake_agreement_tally_figures (tally, &figures);

  g_assert_cmpint (figures.reason, ==, INTAKE_AGREEMENT_REASON_SINGLE_CATEGORY);
  g_assert_cmpfloat (figures.units, ==, 100);
  g_assert_true (isnan (figures.percent));
  g_assert_true (isnan (figures.kappa));
  g_assert_true (isnan (figures.alpha));
  g_assert_cmpstr (intake_agreement_reason_to_string (figures.reason), ==, "single-category");
}

/* One category only, in the general formulas: alpha and kappa undefined. */
static void
test_single_category (void)
{
  static const int values[10][2] = {
    { 2, 2 }, { 2, 2 }, { 2, 2 }, { 2, 2 }, { 2, 2 }, { 2, 2 }, { 2, 2 }, { 2, 2 }, { 2, 2 }, { 2, 2 },
  };
  const double table[9] = { 0, 0, 0, 0, 0, 0, 0, 0, 10 };
  double o[9];

  intake_agreement_coincidences (&values[0][0], 10, 2, 3, o);
  g_assert_cmpfloat_with_epsilon (intake_agreement_percent (o, 3), 100.0, 1e-9);
  g_assert_true (isnan (intake_agreement_alpha_nominal (o, 3)));
  g_assert_true (isnan (intake_agreement_kappa (table, 3)));
}

/* A unit one coder left out is not pairable: it changes nothing. */
static void
test_one_coder_missing_units (void)
{
  int values[13][2];

  memcpy (values, binary_example, sizeof binary_example);
  values[10][0] = 1, values[10][1] = -1;
  values[11][0] = -1, values[11][1] = 0;
  values[12][0] = -1, values[12][1] = -1;

  g_assert_cmpfloat_with_epsilon (alpha_of (&values[0][0], 13, 2, 2),
                                  alpha_of (&binary_example[0][0], 10, 2, 2), 1e-12);
}

static void
test_too_few_units (void)
{
  g_autoptr(IntakeAgreementTally) tally = intake_agreement_tally_new (2);
  IntakeAgreementFigures figures;

  tally->units = INTAKE_AGREEMENT_MIN_UNITS - 1;
  tally->by_count[1] = 2;
  tally->by_count[2] = 3;
  tally->applied[0] = 4;
  tally->applied[1] = 4;
  intake_agreement_tally_figures (tally, &figures);

  g_assert_cmpint (figures.reason, ==, INTAKE_AGREEMENT_REASON_TOO_FEW_UNITS);
  g_assert_true (isnan (figures.alpha));
  g_assert_cmpstr (intake_agreement_reason_to_string (figures.reason), ==, "too-few-units");
}

/* ---- From a project's codings ------------------------------------------- */

#define N_SUBMISSIONS 14
#define SURVEILLANCE "Equity lens/Surveillance"
#define TRUST        "Experiences/Trust in police"
#define KEEP         "Stance on the programme/Keep as is"
#define REMOVE       "Stance on the programme/Remove or replace"
#define QUOTABLE     "Flags/Quotable"

typedef struct
{
  char           *dir;
  IntakeStore    *store;
  IntakeCodebook *codebook;
  gint64          ids[N_SUBMISSIONS];
  int             lengths[N_SUBMISSIONS];
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GString) mailbox = g_string_new (NULL);
  g_autofree char *project = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(IntakeImporter) importer = NULL;
  g_autoptr(IntakeImportSummary) summary = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  /* Texts of different lengths, some with accents: offsets are code points. */
  for (guint i = 0; i < N_SUBMISSIONS; i++)
    {
      g_string_append_printf (mailbox,
                              "From s%u@example.org Mon Apr 19 14:00:00 2021\n"
                              "From: Sender %u <s%u@example.org>\nSubject: Submission %u\n"
                              "Message-ID: <s%u@example.org>\nDate: Mon, 19 Apr 2021 14:%02u:00 +0000\n"
                              "Content-Type: text/plain; charset=utf-8\n\n",
                              i, i, i, i, i, i);
      g_string_append (mailbox, "L’élève a parlé de l’agent à l’école.");
      for (guint j = 0; j < i % 4; j++)
        g_string_append (mailbox, " The officer watches the hallway every day.");
      g_string_append (mailbox, "\n\n");
    }

  fixture->dir = g_dir_make_tmp ("intake-agreement-XXXXXX", NULL);
  project = g_build_filename (fixture->dir, "p.intake", NULL);
  path = g_build_filename (fixture->dir, "inbox.mbox", NULL);
  g_assert_true (g_file_set_contents (path, mailbox->str, mailbox->len, NULL));

  fixture->store = intake_store_open (project, &error);
  g_assert_no_error (error);
  file = g_file_new_for_path (path);
  importer = intake_importer_new (fixture->store);
  summary = intake_importer_import_sync (importer, &file, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->imported, ==, N_SUBMISSIONS);

  ids = intake_store_list_ids (fixture->store, NULL);
  g_assert_cmpuint (ids->len, ==, N_SUBMISSIONS);
  for (guint i = 0; i < N_SUBMISSIONS; i++)
    {
      g_autoptr(IntakeSubmission) submission = NULL;

      fixture->ids[i] = g_array_index (ids, gint64, i);
      submission = intake_store_get_submission (fixture->store, fixture->ids[i], &error);
      g_assert_no_error (error);
      fixture->lengths[i] = intake_text_length (intake_submission_get_text (submission));
    }

  fixture->codebook = intake_store_load_codebook (fixture->store, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *names[] = { "p.intake", "p.intake-wal", "p.intake-shm", "inbox.mbox" };

  g_clear_object (&fixture->codebook);
  g_clear_object (&fixture->store);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (fixture->dir, names[i], NULL);
      g_remove (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static void
code (Fixture    *fixture,
      const char *reviewer,
      guint       submission,
      const char *path,
      int         start,
      int         end)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeCoding) coding = NULL;
  IntakeCode *found = intake_codebook_find (fixture->codebook, path);

  g_assert_nonnull (found);
  coding = intake_store_add_coding (fixture->store, fixture->ids[submission], intake_code_get_guid (found),
                                    reviewer, start, end, NULL, NULL, &error);
  g_assert_no_error (error);
}

static const IntakeAgreementCode *
find_code (const IntakeAgreementComparison *comparison,
           const char                      *path)
{
  for (guint i = 0; i < comparison->codes->len; i++)
    {
      const IntakeAgreementCode *code = g_ptr_array_index (comparison->codes, i);

      if (g_strcmp0 (code->code_path, path) == 0)
        return code;
    }

  g_assert_not_reached ();
  return NULL;
}

/* Two reviewers' codings, kept here too, so that the figures can be
 * worked out the slow way: a value per submission and per character. */
typedef struct
{
  guint       reviewer;
  guint       submission;
  const char *code;
  int         start;
  int         end;
} Made;

static const Made made[] = {
  /* Both code submissions 0 … 11; Ana codes 12 too and Ben 13, which are
   * no units: one reviewer missing. */
  { 0, 0, KEEP, -1, -1 }, { 1, 0, KEEP, -1, -1 },
  { 0, 1, KEEP, -1, -1 }, { 1, 1, REMOVE, -1, -1 },
  { 0, 2, REMOVE, -1, -1 }, { 1, 2, REMOVE, -1, -1 },
  { 0, 3, REMOVE, -1, -1 }, { 1, 3, REMOVE, -1, -1 },
  { 0, 4, KEEP, -1, -1 }, { 1, 4, KEEP, -1, -1 },
  { 0, 5, KEEP, -1, -1 }, { 1, 5, REMOVE, -1, -1 },
  { 0, 6, REMOVE, -1, -1 }, { 1, 6, REMOVE, -1, -1 },
  { 0, 7, KEEP, -1, -1 }, { 1, 7, KEEP, -1, -1 },
  { 0, 8, KEEP, -1, -1 }, { 1, 8, KEEP, -1, -1 },
  { 0, 9, REMOVE, -1, -1 }, { 1, 9, KEEP, -1, -1 },
  { 0, 10, KEEP, -1, -1 }, { 1, 10, KEEP, -1, -1 },
  { 0, 11, REMOVE, -1, -1 }, { 1, 11, REMOVE, -1, -1 },
  { 0, 12, KEEP, -1, -1 }, { 1, 13, KEEP, -1, -1 },
  { 0, 12, SURVEILLANCE, -1, -1 }, { 1, 13, SURVEILLANCE, -1, -1 },
  /* Excerpts that overlap, within a reviewer too, and a whole coding
   * beside an excerpt of the same code. */
  { 0, 1, SURVEILLANCE, 0, 10 }, { 1, 1, SURVEILLANCE, 5, 20 },
  { 0, 2, SURVEILLANCE, 3, 30 }, { 0, 2, SURVEILLANCE, 20, 50 }, { 1, 2, SURVEILLANCE, 10, 45 },
  { 0, 3, SURVEILLANCE, 40, 80 },
  { 1, 5, SURVEILLANCE, -1, -1 }, { 1, 5, SURVEILLANCE, 2, 9 }, { 0, 5, SURVEILLANCE, 60, 70 },
  { 0, 7, SURVEILLANCE, -1, -1 }, { 1, 7, SURVEILLANCE, -1, -1 },
  { 0, 9, SURVEILLANCE, 0, 37 }, { 1, 9, SURVEILLANCE, 0, 37 },
  { 1, 10, SURVEILLANCE, 1, 2 },
  /* Applied by both everywhere they both coded: one value only. */
  { 0, 0, TRUST, -1, -1 }, { 1, 0, TRUST, -1, -1 }, { 0, 1, TRUST, -1, -1 }, { 1, 1, TRUST, -1, -1 },
  { 0, 2, TRUST, -1, -1 }, { 1, 2, TRUST, -1, -1 }, { 0, 3, TRUST, -1, -1 }, { 1, 3, TRUST, -1, -1 },
  { 0, 4, TRUST, -1, -1 }, { 1, 4, TRUST, -1, -1 }, { 0, 5, TRUST, -1, -1 }, { 1, 5, TRUST, -1, -1 },
  { 0, 6, TRUST, -1, -1 }, { 1, 6, TRUST, -1, -1 }, { 0, 7, TRUST, -1, -1 }, { 1, 7, TRUST, -1, -1 },
  { 0, 8, TRUST, -1, -1 }, { 1, 8, TRUST, -1, -1 }, { 0, 9, TRUST, -1, -1 }, { 1, 9, TRUST, -1, -1 },
  { 0, 10, TRUST, -1, -1 }, { 1, 10, TRUST, -1, -1 }, { 0, 11, TRUST, -1, -1 }, { 1, 11, TRUST, -1, -1 },
};

static const char * const names[] = { "Ana", "Ben", "Chloé" };

static void
code_made (Fixture *fixture)
{
  for (guint i = 0; i < G_N_ELEMENTS (made); i++)
    code (fixture, names[made[i].reviewer], made[i].submission, made[i].code, made[i].start, made[i].end);
}

/* The figures of @path the slow way, over submissions 0 … 11. */
static void
expected_figures (Fixture    *fixture,
                  const char *path,
                  gboolean    characters,
                  double     *alpha,
                  double     *kappa,
                  double     *percent)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (int));
  double table[4] = { 0, };
  double o[4];
  guint n_units;

  for (guint s = 0; s < 12; s++)
    {
      guint n = characters ? fixture->lengths[s] : 1;
      g_autofree int *marks = g_new0 (int, n * 2);

      for (guint i = 0; i < G_N_ELEMENTS (made); i++)
        {
          const Made *m = &made[i];
          int start = m->start < 0 || !characters ? 0 : m->start;
          int end = m->start < 0 || !characters ? (int) n : m->end;

          if (m->submission != s || g_strcmp0 (m->code, path) != 0)
            continue;
          for (int c = start; c < end; c++)
            marks[c * 2 + m->reviewer] = 1;
        }
      g_array_append_vals (values, marks, n * 2);
      for (guint c = 0; c < n; c++)
        table[marks[c * 2] * 2 + marks[c * 2 + 1]] += 1;
    }

  n_units = values->len / 2;
  intake_agreement_coincidences ((const int *) values->data, n_units, 2, 2, o);
  *alpha = intake_agreement_alpha_nominal (o, 2);
  *percent = intake_agreement_percent (o, 2);
  *kappa = intake_agreement_kappa (table, 2);
}

static void
assert_level (Fixture                      *fixture,
              const IntakeAgreementFigures *figures,
              const char                   *path,
              gboolean                      characters)
{
  double alpha, kappa, percent;

  expected_figures (fixture, path, characters, &alpha, &kappa, &percent);
  g_assert_cmpint (figures->reason, ==, INTAKE_AGREEMENT_REASON_NONE);
  g_assert_cmpfloat_with_epsilon (figures->alpha, alpha, 1e-9);
  g_assert_cmpfloat_with_epsilon (figures->kappa, kappa, 1e-9);
  g_assert_cmpfloat_with_epsilon (figures->percent, percent, 1e-9);
}

static void
test_store_two_reviewers (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(IntakeAgreementReport) report = NULL;
  g_autoptr(GError) error = NULL;
  const IntakeAgreementCode *surveillance, *keep, *trust, *quotable;
  double characters = 0;

  code_made (fixture);
  report = intake_store_compute_agreement (fixture->store, NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (report->reviewers->len, ==, 2);
  g_assert_cmpuint (report->pairs->len, ==, 0);
  g_assert_cmpstr (((IntakeAgreementReviewer *) g_ptr_array_index (report->reviewers, 0))->name, ==, "Ana");
  /* Submissions 12 and 13 were coded by one reviewer each. */
  g_assert_cmpuint (report->all->submissions, ==, 12);
  for (guint s = 0; s < 12; s++)
    characters += fixture->lengths[s];

  surveillance = find_code (report->all, SURVEILLANCE);
  g_assert_cmpfloat (surveillance->levels[INTAKE_AGREEMENT_LEVEL_SUBMISSION].units, ==, 12);
  g_assert_cmpfloat (surveillance->levels[INTAKE_AGREEMENT_LEVEL_CHARACTER].units, ==, characters);
  assert_level (fixture, &surveillance->levels[INTAKE_AGREEMENT_LEVEL_SUBMISSION], SURVEILLANCE, FALSE);
  assert_level (fixture, &surveillance->levels[INTAKE_AGREEMENT_LEVEL_CHARACTER], SURVEILLANCE, TRUE);

  keep = find_code (report->all, KEEP);
  assert_level (fixture, &keep->levels[INTAKE_AGREEMENT_LEVEL_SUBMISSION], KEEP, FALSE);
  assert_level (fixture, &keep->levels[INTAKE_AGREEMENT_LEVEL_CHARACTER], KEEP, TRUE);

  /* Everyone applied it everywhere; and one nobody applied. */
  trust = find_code (report->all, TRUST);
  g_assert_cmpint (trust->levels[INTAKE_AGREEMENT_LEVEL_SUBMISSION].reason, ==, INTAKE_AGREEMENT_REASON_SINGLE_CATEGORY);
  g_assert_true (isnan (trust->levels[INTAKE_AGREEMENT_LEVEL_SUBMISSION].alpha));
  quotable = find_code (report->all, QUOTABLE);
  g_assert_cmpint (quotable->levels[INTAKE_AGREEMENT_LEVEL_SUBMISSION].reason, ==, INTAKE_AGREEMENT_REASON_SINGLE_CATEGORY);
  g_assert_cmpint (quotable->levels[INTAKE_AGREEMENT_LEVEL_CHARACTER].reason, ==, INTAKE_AGREEMENT_REASON_SINGLE_CATEGORY);
  g_assert_cmpfloat (quotable->levels[INTAKE_AGREEMENT_LEVEL_SUBMISSION].units, ==, 12);

  /* Overall pools the codes with figures: Keep, Remove and Surveillance. */
  g_assert_cmpuint (report->all->overall_codes[INTAKE_AGREEMENT_LEVEL_SUBMISSION], ==, 3);
  g_assert_cmpint (report->all->overall[INTAKE_AGREEMENT_LEVEL_SUBMISSION].reason, ==, INTAKE_AGREEMENT_REASON_NONE);
  g_assert_cmpfloat (report->all->overall[INTAKE_AGREEMENT_LEVEL_SUBMISSION].units, ==, 12);
  g_assert_false (isnan (report->all->overall[INTAKE_AGREEMENT_LEVEL_CHARACTER].kappa));
}

/* The overall figures are those of every pooled code's units side by side. */
static void
test_store_overall_pools (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(IntakeAgreementReport) report = NULL;
  g_autoptr(GError) error = NULL;
  const char *pooled[] = { KEEP, REMOVE, SURVEILLANCE };
  double table[4] = { 0, };
  double both = 0;

  code_made (fixture);
  report = intake_store_compute_agreement (fixture->store, NULL, NULL, &error);
  g_assert_no_error (error);

  /* Submission level: 12 units for each of the three codes. */
  for (guint p = 0; p < G_N_ELEMENTS (pooled); p++)
    for (guint s = 0; s < 12; s++)
      {
        int v[2] = { 0, 0 };

        for (guint i = 0; i < G_N_ELEMENTS (made); i++)
          if (made[i].submission == s && g_strcmp0 (made[i].code, pooled[p]) == 0)
            v[made[i].reviewer] = 1;
        table[v[0] * 2 + v[1]] += 1;
        both += v[0] == v[1];
      }

  g_assert_cmpfloat_with_epsilon (report->all->overall[INTAKE_AGREEMENT_LEVEL_SUBMISSION].kappa,
                                  intake_agreement_kappa (table, 2), 1e-9);
  g_assert_cmpfloat_with_epsilon (report->all->overall[INTAKE_AGREEMENT_LEVEL_SUBMISSION].percent,
                                  100.0 * both / 36, 1e-9);
}

static void
test_store_reviewers_by_guid_and_pairs (Fixture       *fixture,
                                        gconstpointer  data)
{
  g_autoptr(IntakeAgreementReport) two = NULL;
  g_autoptr(IntakeAgreementReport) three = NULL;
  g_autoptr(GError) error = NULL;
  const char *by_guid[3] = { NULL, "ana", NULL };
  const IntakeAgreementComparison *pair;

  code_made (fixture);
  /* Chloé codes the first ten submissions like Ana. */
  for (guint i = 0; i < G_N_ELEMENTS (made); i++)
    if (made[i].reviewer == 0 && made[i].submission < 10)
      code (fixture, "Chloé", made[i].submission, made[i].code, made[i].start, made[i].end);

  three = intake_store_compute_agreement (fixture->store, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (three->reviewers->len, ==, 3);
  g_assert_cmpuint (three->all->submissions, ==, 10);
  g_assert_cmpuint (three->pairs->len, ==, 3);
  g_assert_true (isnan (find_code (three->all, KEEP)->levels[INTAKE_AGREEMENT_LEVEL_SUBMISSION].kappa));
  g_assert_false (isnan (find_code (three->all, KEEP)->levels[INTAKE_AGREEMENT_LEVEL_SUBMISSION].alpha));

  /* Ana and Chloé: ten submissions, coded alike. */
  pair = g_ptr_array_index (three->pairs, 1);
  g_assert_cmpuint (g_array_index (pair->reviewers, guint, 0), ==, 0);
  g_assert_cmpuint (g_array_index (pair->reviewers, guint, 1), ==, 2);
  g_assert_cmpuint (pair->submissions, ==, 10);
  g_assert_cmpfloat_with_epsilon (find_code (pair, KEEP)->levels[INTAKE_AGREEMENT_LEVEL_SUBMISSION].kappa, 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (pair->overall[INTAKE_AGREEMENT_LEVEL_CHARACTER].alpha, 1.0, 1e-9);

  /* Chloé by GUID, Ana by name in another case. */
  by_guid[0] = ((IntakeAgreementReviewer *) g_ptr_array_index (three->reviewers, 2))->guid;
  two = intake_store_compute_agreement (fixture->store, by_guid, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (two->reviewers->len, ==, 2);
  g_assert_cmpstr (((IntakeAgreementReviewer *) g_ptr_array_index (two->reviewers, 0))->name, ==, "Chloé");
  g_assert_cmpuint (two->all->submissions, ==, 10);
  g_assert_cmpfloat_with_epsilon (find_code (two->all, REMOVE)->levels[INTAKE_AGREEMENT_LEVEL_SUBMISSION].alpha,
                                  1.0, 1e-9);
}

static void
test_store_refuses (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(IntakeAgreementReport) report = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  const char *unknown[] = { "Ana", "Zoe", NULL };
  const char *twice[] = { "Ana", "ANA", NULL };

  /* One reviewer is no comparison. */
  code (fixture, "Ana", 0, KEEP, -1, -1);
  report = intake_store_compute_agreement (fixture->store, NULL, NULL, &error);
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED);
  g_assert_null (report);
  g_clear_error (&error);

  code (fixture, "Ben", 0, KEEP, -1, -1);
  report = intake_store_compute_agreement (fixture->store, unknown, NULL, &error);
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  report = intake_store_compute_agreement (fixture->store, twice, NULL, &error);
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED);
  g_clear_error (&error);

  g_cancellable_cancel (cancellable);
  report = intake_store_compute_agreement (fixture->store, NULL, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* One submission in common: too few to say anything. */
  report = intake_store_compute_agreement (fixture->store, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->all->submissions, ==, 1);
  g_assert_cmpint (find_code (report->all, KEEP)->levels[INTAKE_AGREEMENT_LEVEL_SUBMISSION].reason, ==,
                   INTAKE_AGREEMENT_REASON_TOO_FEW_UNITS);
  /* Dozens of characters, but from one submission. */
  g_assert_cmpint (find_code (report->all, KEEP)->levels[INTAKE_AGREEMENT_LEVEL_CHARACTER].reason, ==,
                   INTAKE_AGREEMENT_REASON_TOO_FEW_UNITS);
  g_assert_cmpint (report->all->overall[INTAKE_AGREEMENT_LEVEL_SUBMISSION].reason, ==,
                   INTAKE_AGREEMENT_REASON_TOO_FEW_UNITS);
}

static void
agreement_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* The window's way: on a worker thread, the same figures. */
static void
test_project_async (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(IntakeProject) project = intake_project_new_for_store (fixture->store);
  g_autoptr(IntakeAgreementReport) direct = NULL;
  g_autoptr(IntakeAgreementReport) report = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  code_made (fixture);
  direct = intake_store_compute_agreement (fixture->store, NULL, NULL, &error);
  g_assert_no_error (error);

  intake_project_compute_agreement_async (project, NULL, NULL, agreement_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  report = intake_project_compute_agreement_finish (project, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->all->submissions, ==, 12);
  g_assert_cmpfloat (find_code (report->all, SURVEILLANCE)->levels[INTAKE_AGREEMENT_LEVEL_CHARACTER].alpha, ==,
                     find_code (direct->all, SURVEILLANCE)->levels[INTAKE_AGREEMENT_LEVEL_CHARACTER].alpha);
  g_clear_object (&result);

  g_cancellable_cancel (cancellable);
  intake_project_compute_agreement_async (project, NULL, cancellable, agreement_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (intake_project_compute_agreement_finish (project, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/agreement/alpha/binary-two-coders", test_alpha_binary_two_coders);
  g_test_add_func ("/agreement/alpha/nominal-two-coders", test_alpha_nominal_two_coders);
  g_test_add_func ("/agreement/alpha/four-coders-missing", test_alpha_four_coders_missing);
  g_test_add_func ("/agreement/kappa/fifty-items", test_kappa_fifty_items);
  g_test_add_func ("/agreement/tally/matches-coincidences", test_tally_matches_coincidences);
  g_test_add_func ("/agreement/tally/three-coders", test_tally_three_coders);
  g_test_add_func ("/agreement/edge/perfect", test_perfect_agreement);
  g_test_add_func ("/agreement/edge/code-never-used", test_code_never_used);
  g_test_add_func ("/agreement/edge/single-category", test_single_category);
  g_test_add_func ("/agreement/edge/one-coder-missing-units", test_one_coder_missing_units);
  g_test_add_func ("/agreement/edge/too-few-units", test_too_few_units);
  g_test_add ("/agreement/store/two-reviewers", Fixture, NULL, fixture_set_up, test_store_two_reviewers,
              fixture_tear_down);
  g_test_add ("/agreement/store/overall-pools", Fixture, NULL, fixture_set_up, test_store_overall_pools,
              fixture_tear_down);
  g_test_add ("/agreement/store/reviewers-and-pairs", Fixture, NULL, fixture_set_up,
              test_store_reviewers_by_guid_and_pairs, fixture_tear_down);
  g_test_add ("/agreement/project/async", Fixture, NULL, fixture_set_up, test_project_async, fixture_tear_down);
  g_test_add ("/agreement/store/refuses", Fixture, NULL, fixture_set_up, test_store_refuses, fixture_tear_down);

  return g_test_run ();
}
