#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Inter-coder agreement: the statistics alone (no SQL, no GTK), and the
 * report the store fills (intake-store-agreement.c) for the command line
 * and the window to show. */

/* ---- Nominal statistics ------------------------------------------------- */

/* Krippendorff's coincidence matrix of nominal data: @values holds
 * @n_units rows of @n_coders values each, a category 0 … @n_categories - 1
 * or -1 for a missing value. Units with fewer than two values are not
 * pairable and count for nothing. Fills @coincidences, @n_categories²
 * cells, row by row. */
void     intake_agreement_coincidences  (const int    *values,
                                         guint         n_units,
                                         guint         n_coders,
                                         guint         n_categories,
                                         double       *coincidences);
/* Krippendorff's alpha of a nominal coincidence matrix; NAN when it is
 * undefined (fewer than two pairable values, or a single category). */
double   intake_agreement_alpha_nominal (const double *coincidences,
                                         guint         n_categories);
/* The share of pairable values matched within their unit, 0–100; for two
 * coders and no missing values, the share of units they agree on. NAN
 * when nothing is pairable. */
double   intake_agreement_percent       (const double *coincidences,
                                         guint         n_categories);
/* Cohen's kappa of two coders' contingency table: @table[i * n + j]
 * counts the units the first put in category i and the second in j. NAN
 * when chance agreement is certain (both used one and the same category). */
double   intake_agreement_kappa         (const double *table,
                                         guint         n_categories);

/* ---- Whether a code applies: a tally of binary units -------------------- */

typedef enum
{
  INTAKE_AGREEMENT_LEVEL_SUBMISSION,  /* a unit is a submission */
  INTAKE_AGREEMENT_LEVEL_CHARACTER,   /* a unit is a character of a submission's text */
  INTAKE_AGREEMENT_N_LEVELS
} IntakeAgreementLevel;

typedef enum
{
  INTAKE_AGREEMENT_REASON_NONE,             /* the figures are there */
  INTAKE_AGREEMENT_REASON_TOO_FEW_UNITS,    /* fewer than INTAKE_AGREEMENT_MIN_UNITS */
  INTAKE_AGREEMENT_REASON_SINGLE_CATEGORY,  /* every unit got the same value from everyone */
} IntakeAgreementReason;

/* Below this many units, a figure says more about chance than about the
 * reviewers. */
#define INTAKE_AGREEMENT_MIN_UNITS 10

/* Units every one of @n_coders coded; a unit holds 1 (the code applies)
 * or 0. Counts are doubles: characters run to billions. */
typedef struct
{
  guint   n_coders;
  double  units;
  double *by_count;   /* [k]: units exactly k coders applied the code to, k ≥ 1 */
  double *applied;    /* [r]: units coder r applied the code to */
} IntakeAgreementTally;

IntakeAgreementTally *intake_agreement_tally_new   (guint                       n_coders);
void                  intake_agreement_tally_free  (IntakeAgreementTally       *tally);
void                  intake_agreement_tally_merge (IntakeAgreementTally       *tally,
                                                    const IntakeAgreementTally *other);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IntakeAgreementTally, intake_agreement_tally_free)

/* What a tally says; NAN for a figure not given (kappa with more than two
 * coders, every figure when @reason is not NONE). */
typedef struct
{
  double                 percent;   /* 0–100 */
  double                 kappa;
  double                 alpha;
  double                 units;
  IntakeAgreementReason  reason;
} IntakeAgreementFigures;

void         intake_agreement_tally_figures (const IntakeAgreementTally *tally,
                                             IntakeAgreementFigures     *figures);

/* Krippendorff's own bar: below an alpha of 0.667 the data do not allow
 * even tentative conclusions. The window lets a coordinator set another. */
#define INTAKE_AGREEMENT_LOW_THRESHOLD 0.667

/* Whether measured figures fall below @threshold: alpha, or kappa where
 * there is one. Figures with a reason are not low, only unmeasured. */
gboolean     intake_agreement_figures_is_low (const IntakeAgreementFigures *figures,
                                              double                        threshold);
/* A stable name for scripts ("too-few-units"), NULL for NONE. */
const char  *intake_agreement_reason_to_string (IntakeAgreementReason reason);
/* For a person, translated; NULL for NONE. */
const char  *intake_agreement_reason_describe  (IntakeAgreementReason reason);
/* The same in a few words, for a table's cell: "too few units". */
const char  *intake_agreement_reason_label     (IntakeAgreementReason reason);
/* For a person: "Submission" or "Character", translated. */
const char  *intake_agreement_level_label      (IntakeAgreementLevel  level);
/* "submission" or "character". */
const char  *intake_agreement_level_to_string  (IntakeAgreementLevel  level);

/* ---- The report --------------------------------------------------------- */

typedef struct
{
  char *guid;
  char *name;
} IntakeAgreementReviewer;

typedef struct
{
  char                   *code_guid;
  char                   *code_path;   /* "Equity lens/Surveillance" */
  IntakeAgreementFigures  levels[INTAKE_AGREEMENT_N_LEVELS];
} IntakeAgreementCode;

/* The figures of one set of reviewers, over the submissions every one of
 * them coded. */
typedef struct
{
  GArray                 *reviewers;   /* guint: positions in the report's reviewers */
  guint                   submissions; /* the submissions every one of them coded */
  GPtrArray              *codes;       /* IntakeAgreementCode, in codebook order */
  /* Every code's units pooled, as one table of (unit, code) pairs, of the
   * codes that have figures of their own; units as the codes' units. */
  IntakeAgreementFigures  overall[INTAKE_AGREEMENT_N_LEVELS];
  guint                   overall_codes[INTAKE_AGREEMENT_N_LEVELS];  /* the codes pooled */
} IntakeAgreementComparison;

typedef struct
{
  GPtrArray                 *reviewers;  /* IntakeAgreementReviewer */
  IntakeAgreementComparison *all;        /* across every reviewer */
  GPtrArray                 *pairs;      /* IntakeAgreementComparison of each pair; empty for two reviewers,
                                          * where @all is the pair */
} IntakeAgreementReport;

#define INTAKE_TYPE_AGREEMENT_REPORT (intake_agreement_report_get_type ())

GType                  intake_agreement_report_get_type (void) G_GNUC_CONST;
IntakeAgreementReport *intake_agreement_report_ref      (IntakeAgreementReport *report);
void                   intake_agreement_report_unref    (IntakeAgreementReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IntakeAgreementReport, intake_agreement_report_unref)

/* The names of @comparison's reviewers for a sentence: "Ana, Ben and Chloé". */
char                  *intake_agreement_comparison_dup_names (const IntakeAgreementReport     *report,
                                                              const IntakeAgreementComparison *comparison);

/* For the store: an empty report of @reviewers (IntakeAgreementReviewer,
 * taken), with a comparison for all of them and, past two, one per pair. */
IntakeAgreementReport *intake_agreement_report_new      (GPtrArray             *reviewers);

G_END_DECLS
