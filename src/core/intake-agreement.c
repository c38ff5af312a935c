#define G_LOG_DOMAIN "intake-agreement"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "intake-agreement.h"

/* The formulas are Krippendorff's, "Computing Krippendorff's
 * Alpha-Reliability" (2011), for nominal data: each pairable unit of m
 * values adds 1/(m - 1) to the coincidence cell of every ordered pair of
 * its values; alpha = 1 - (n - 1) · Σ o(c≠k) / Σ n(c) · n(k≠c). Cohen's
 * kappa is (po - pe) / (1 - pe) over the two coders' contingency table. */

void
intake_agreement_coincidences (const int *values,
                               guint      n_units,
                               guint      n_coders,
                               guint      n_categories,
                               double    *coincidences)
{
  g_autofree int *present = g_new (int, n_coders);

  memset (coincidences, 0, sizeof (double) * n_categories * n_categories);

  for (guint u = 0; u < n_units; u++)
    {
      const int *row = values + (gsize) u * n_coders;
      guint m = 0;

      for (guint c = 0; c < n_coders; c++)
        if (row[c] >= 0 && (guint) row[c] < n_categories)
          present[m++] = row[c];
      if (m < 2)
        continue;

      for (guint i = 0; i < m; i++)
        for (guint j = 0; j < m; j++)
          if (i != j)
            coincidences[present[i] * n_categories + present[j]] += 1.0 / (m - 1);
    }
}

double
intake_agreement_alpha_nominal (const double *coincidences,
                                guint         n_categories)
{
  g_autofree double *marginals = g_new0 (double, n_categories);
  double n = 0, disagreeing = 0, expected = 0;

  for (guint c = 0; c < n_categories; c++)
    for (guint k = 0; k < n_categories; k++)
      {
        double o = coincidences[c * n_categories + k];

        marginals[c] += o;
        n += o;
        if (c != k)
          disagreeing += o;
      }

  for (guint c = 0; c < n_categories; c++)
    expected += marginals[c] * (n - marginals[c]);

  if (n < 2 || expected <= 0)
    return NAN;

  return 1.0 - (n - 1) * disagreeing / expected;
}

double
intake_agreement_percent (const double *coincidences,
                          guint         n_categories)
{
  double n = 0, matched = 0;

  for (guint c = 0; c < n_categories; c++)
    for (guint k = 0; k < n_categories; k++)
      {
        n += coincidences[c * n_categories + k];
        if (c == k)
          matched += coincidences[c * n_categories + k];
      }

  if (n <= 0)
    return NAN;

  return 100.0 * matched / n;
}

double
intake_agreement_kappa (const double *table,
                        guint         n_categories)
{
  g_autofree double *rows = g_new0 (double, n_categories);
  g_autofree double *columns = g_new0 (double, n_categories);
  double n = 0, observed = 0, chance = 0;

  for (guint i = 0; i < n_categories; i++)
    for (guint j = 0; j < n_categories; j++)
      {
        double cell = table[i * n_categories + j];

        rows[i] += cell;
        columns[j] += cell;
        n += cell;
        if (i == j)
          observed += cell;
      }

  if (n <= 0)
    return NAN;

  for (guint i = 0; i < n_categories; i++)
    chance += (rows[i] / n) * (columns[i] / n);
  observed /= n;

  if (chance >= 1.0)
    return NAN;

  return (observed - chance) / (1.0 - chance);
}

/* ---- Tallies ------------------------------------------------------------ */

IntakeAgreementTally *
intake_agreement_tally_new (guint n_coders)
{
  IntakeAgreementTally *tally = g_new0 (IntakeAgreementTally, 1);

  g_return_val_if_fail (n_coders >= 2, NULL);

  tally->n_coders = n_coders;
  tally->by_count = g_new0 (double, n_coders + 1);
  tally->applied = g_new0 (double, n_coders);

  return tally;
}

void
intake_agreement_tally_free (IntakeAgreementTally *tally)
{
  if (tally == NULL)
    return;

  g_free (tally->by_count);
  g_free (tally->applied);
  g_free (tally);
}

void
intake_agreement_tally_merge (IntakeAgreementTally       *tally,
                              const IntakeAgreementTally *other)
{
  g_return_if_fail (tally->n_coders == other->n_coders);

  tally->units += other->units;
  for (guint k = 0; k <= tally->n_coders; k++)
    tally->by_count[k] += other->by_count[k];
  for (guint r = 0; r < tally->n_coders; r++)
    tally->applied[r] += other->applied[r];
}

void
intake_agreement_tally_figures (const IntakeAgreementTally *tally,
                                IntakeAgreementFigures     *figures)
{
  guint m = tally->n_coders;
  double coincidences[4] = { 0, };  /* 0/0, 0/1, 1/0, 1/1 */
  double none = tally->units;

  figures->percent = figures->kappa = figures->alpha = NAN;
  figures->units = tally->units;
  figures->reason = INTAKE_AGREEMENT_REASON_NONE;

  /* A unit k of the m coders applied the code to holds k ones and m - k
   * zeros: its coincidences follow from k alone, so a tally of units by k
   * is all alpha needs, however many units there are. */
  for (guint k = 1; k <= m; k++)
    none -= tally->by_count[k];
  for (guint k = 0; k <= m; k++)
    {
      double units = k == 0 ? none : tally->by_count[k];

      coincidences[0] += units * (m - k) * (m - k - 1.0) / (m - 1);
      coincidences[1] += units * k * (m - k) / (double) (m - 1);
      coincidences[3] += units * k * (k - 1.0) / (m - 1);
    }
  coincidences[2] = coincidences[1];

  if (tally->units < INTAKE_AGREEMENT_MIN_UNITS)
    {
      figures->reason = INTAKE_AGREEMENT_REASON_TOO_FEW_UNITS;
      return;
    }
  if (coincidences[0] + coincidences[1] <= 0 || coincidences[3] + coincidences[2] <= 0)
    {
      figures->reason = INTAKE_AGREEMENT_REASON_SINGLE_CATEGORY;
      return;
    }

  figures->percent = intake_agreement_percent (coincidences, 2);
  figures->alpha = intake_agreement_alpha_nominal (coincidences, 2);

  if (m == 2)
    {
      /* The contingency table from the margins: both, one, and neither. */
      double both = tally->by_count[2];
      double table[4] = {
        none, tally->applied[1] - both,
        tally->applied[0] - both, both,
      };

      figures->kappa = intake_agreement_kappa (table, 2);
    }
}

const char *
intake_agreement_reason_to_string (IntakeAgreementReason reason)
{
  switch (reason)
    {
    case INTAKE_AGREEMENT_REASON_TOO_FEW_UNITS:
      return "too-few-units";
    case INTAKE_AGREEMENT_REASON_SINGLE_CATEGORY:
      return "single-category";
    case INTAKE_AGREEMENT_REASON_NONE:
    default:
      return NULL;
    }
}

const char *
intake_agreement_reason_describe (IntakeAgreementReason reason)
{
  switch (reason)
    {
    case INTAKE_AGREEMENT_REASON_TOO_FEW_UNITS:
      return _("too few units to measure");
    case INTAKE_AGREEMENT_REASON_SINGLE_CATEGORY:
      return _("one value everywhere: nothing to measure");
    case INTAKE_AGREEMENT_REASON_NONE:
    default:
      return NULL;
    }
}

const char *
intake_agreement_reason_label (IntakeAgreementReason reason)
{
  switch (reason)
    {
    case INTAKE_AGREEMENT_REASON_TOO_FEW_UNITS:
      return C_("agreement", "too few units");
    case INTAKE_AGREEMENT_REASON_SINGLE_CATEGORY:
      return C_("agreement", "one value only");
    case INTAKE_AGREEMENT_REASON_NONE:
    default:
      return NULL;
    }
}

gboolean
intake_agreement_figures_is_low (const IntakeAgreementFigures *figures,
                                 double                        threshold)
{
  g_return_val_if_fail (figures != NULL, FALSE);

  if (figures->reason != INTAKE_AGREEMENT_REASON_NONE)
    return FALSE;

  return (!isnan (figures->alpha) && figures->alpha < threshold) ||
         (!isnan (figures->kappa) && figures->kappa < threshold);
}

const char *
intake_agreement_level_label (IntakeAgreementLevel level)
{
  return level == INTAKE_AGREEMENT_LEVEL_CHARACTER ? C_("agreement level", "Character")
                                                   : C_("agreement level", "Submission");
}

const char *
intake_agreement_level_to_string (IntakeAgreementLevel level)
{
  return level == INTAKE_AGREEMENT_LEVEL_CHARACTER ? "character" : "submission";
}

/* ---- The report --------------------------------------------------------- */

static void
reviewer_free (IntakeAgreementReviewer *reviewer)
{
  g_free (reviewer->guid);
  g_free (reviewer->name);
  g_free (reviewer);
}

static void
code_free (IntakeAgreementCode *code)
{
  g_free (code->code_guid);
  g_free (code->code_path);
  g_free (code);
}

static IntakeAgreementComparison *
comparison_new (void)
{
  IntakeAgreementComparison *comparison = g_new0 (IntakeAgreementComparison, 1);

  comparison->reviewers = g_array_new (FALSE, FALSE, sizeof (guint));
  comparison->codes = g_ptr_array_new_with_free_func ((GDestroyNotify) code_free);

  return comparison;
}

static void
comparison_free (IntakeAgreementComparison *comparison)
{
  g_array_unref (comparison->reviewers);
  g_ptr_array_unref (comparison->codes);
  g_free (comparison);
}

IntakeAgreementReport *
intake_agreement_report_new (GPtrArray *reviewers)
{
  IntakeAgreementReport *report = g_rc_box_new0 (IntakeAgreementReport);

  g_ptr_array_set_free_func (reviewers, (GDestroyNotify) reviewer_free);
  report->reviewers = reviewers;
  report->all = comparison_new ();
  report->pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) comparison_free);

  for (guint i = 0; i < reviewers->len; i++)
    g_array_append_val (report->all->reviewers, i);

  if (reviewers->len > 2)
    for (guint i = 0; i < reviewers->len; i++)
      for (guint j = i + 1; j < reviewers->len; j++)
        {
          IntakeAgreementComparison *pair = comparison_new ();

          g_array_append_val (pair->reviewers, i);
          g_array_append_val (pair->reviewers, j);
          g_ptr_array_add (report->pairs, pair);
        }

  return report;
}

/**
 * intake_agreement_comparison_dup_names:
 *
 * Returns: (transfer full): the names, joined as a sentence joins them
 */
char *
intake_agreement_comparison_dup_names (const IntakeAgreementReport     *report,
                                       const IntakeAgreementComparison *comparison)
{
  GString *names = g_string_new (NULL);

  g_return_val_if_fail (report != NULL && comparison != NULL, NULL);

  for (guint i = 0; i < comparison->reviewers->len; i++)
    {
      const IntakeAgreementReviewer *reviewer =
        g_ptr_array_index (report->reviewers, g_array_index (comparison->reviewers, guint, i));

      if (i > 0)
        /* Translators: between the last two names of a list, "Ana, Ben and Chloé" */
        g_string_append (names, i + 1 == comparison->reviewers->len ? _(" and ") : ", ");
      g_string_append (names, reviewer->name);
    }

  return g_string_free (names, FALSE);
}

static void
report_clear (IntakeAgreementReport *report)
{
  g_ptr_array_unref (report->reviewers);
  comparison_free (report->all);
  g_ptr_array_unref (report->pairs);
}

IntakeAgreementReport *
intake_agreement_report_ref (IntakeAgreementReport *report)
{
  return g_rc_box_acquire (report);
}

void
intake_agreement_report_unref (IntakeAgreementReport *report)
{
  g_rc_box_release_full (report, (GDestroyNotify) report_clear);
}

G_DEFINE_BOXED_TYPE (IntakeAgreementReport, intake_agreement_report,
                     intake_agreement_report_ref, intake_agreement_report_unref)
