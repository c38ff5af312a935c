#define G_LOG_DOMAIN "intake-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "intake-store-private.h"

/* Inter-coder agreement read from the codings: which reviewer applied
 * which code where. The statistics are intake-agreement.c's; this file
 * only turns rows into tallies.
 *
 * A submission is a unit for a set of reviewers when every one of them has
 * at least one coding on it. The status cannot say it: a submission has
 * one status for everyone, so in a project holding several reviewers' work
 * "coded" does not say by whom, while each coding row names its reviewer.
 * (Every coded submission carries at least its stance, so a reviewer who
 * read a submission has a coding on it.)
 *
 * It is one pass: the codings in the order of their unique index
 * (submission, code, reviewer, start, end), which SQLite reads without
 * sorting or touching the table, beside the coded submissions' text
 * lengths in id order; per submission and code, each reviewer's excerpts
 * are merged into sorted intervals and swept, so a character is never a
 * thing of its own. */

#define CANCEL_CHECK_SUBMISSIONS 256

typedef struct
{
  int code;      /* position in the report's codes, -1 for a code left out */
  int reviewer;  /* position among the compared reviewers */
  int start;     /* code points; -1 for a whole-submission coding */
  int end;
} Row;

/* The coding at @codings' row (submission, code id, reviewer id, start,
 * end) as a Row of @rows, when it is one of @reviewer_ids', who has then
 * @coded the submission. */
static void
append_row (sqlite3_stmt *codings,
            GArray       *reviewer_ids,
            GHashTable   *code_positions,
            gboolean     *coded,
            GArray       *rows)
{
  gint64 code_id = sqlite3_column_int64 (codings, 1);
  gint64 reviewer_id = sqlite3_column_int64 (codings, 2);
  int reviewer = -1;
  Row row;

  for (guint r = 0; r < reviewer_ids->len; r++)
    if (g_array_index (reviewer_ids, gint64, r) == reviewer_id)
      reviewer = r;
  if (reviewer < 0)
    return;

  coded[reviewer] = TRUE;
  row.code = (int) GPOINTER_TO_UINT (g_hash_table_lookup (code_positions, &code_id)) - 1;
  row.reviewer = reviewer;
  row.start = sqlite3_column_int (codings, 3);
  row.end = sqlite3_column_int (codings, 4);
  g_array_append_val (rows, row);
}

typedef struct
{
  int start;
  int end;
} Span;

typedef struct
{
  int pos;
  int delta;
} Event;

/* Each reviewer's merged intervals of the code at hand, grown as needed. */
typedef struct
{
  guint  n_reviewers;
  Span **spans;
} SpanBuffers;

static SpanBuffers *
span_buffers_new (guint n_reviewers)
{
  SpanBuffers *buffers = g_new0 (SpanBuffers, 1);

  buffers->n_reviewers = n_reviewers;
  buffers->spans = g_new0 (Span *, n_reviewers);

  return buffers;
}

static void
span_buffers_free (SpanBuffers *buffers)
{
  for (guint r = 0; r < buffers->n_reviewers; r++)
    g_free (buffers->spans[r]);
  g_free (buffers->spans);
  g_free (buffers);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpanBuffers, span_buffers_free)

typedef struct
{
  IntakeAgreementComparison *comparison;
  double                     submissions;
  double                     characters;
  /* [code * N_LEVELS + level] */
  IntakeAgreementTally     **tallies;
  guint                      n_tallies;
  gboolean                   in_units;  /* for the submission at hand */
} Tallies;

static void
tallies_free (Tallies *tallies)
{
  for (guint i = 0; i < tallies->n_tallies; i++)
    intake_agreement_tally_free (tallies->tallies[i]);
  g_free (tallies->tallies);
  g_free (tallies);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Tallies, tallies_free)

typedef struct
{
  gint64  id;
  char   *guid;
  char   *path;
} CodeInfo;

static void
code_info_clear (CodeInfo *info)
{
  g_free (info->guid);
  g_free (info->path);
}

/* Names or GUIDs to reviewers; NULL for every reviewer with a coding. */
static GPtrArray *
resolve_reviewers (IntakeStore         *self,
                   const char * const  *wanted,
                   GArray              *ids,
                   GError             **error)
{
  g_autoptr(GPtrArray) reviewers = g_ptr_array_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (wanted == NULL)
    {
      stmt = _intake_store_prepare (self,
                                    "SELECT r.id, r.guid, r.name FROM reviewers r"
                                    " WHERE EXISTS (SELECT 1 FROM codings g WHERE g.reviewer_id = r.id)"
                                    " ORDER BY r.name, r.guid",
                                    error);
      if (stmt == NULL)
        return NULL;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          IntakeAgreementReviewer *reviewer = g_new0 (IntakeAgreementReviewer, 1);
          gint64 id = sqlite3_column_int64 (stmt, 0);

          reviewer->guid = _intake_store_dup_column_text (stmt, 1);
          reviewer->name = _intake_store_dup_column_text (stmt, 2);
          g_ptr_array_add (reviewers, reviewer);
          g_array_append_val (ids, id);
        }
      if (rc != SQLITE_DONE)
        {
          _intake_store_fail (self, NULL, error);
          goto failed;
        }

      return g_steal_pointer (&reviewers);
    }

  /* By GUID or by a name only one reviewer has (_intake_store_reviewer_id()). */
  stmt = _intake_store_prepare (self, "SELECT guid, name FROM reviewers WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;

  for (guint i = 0; wanted[i] != NULL; i++)
    {
      g_autofree char *clean = g_strstrip (g_strdup (wanted[i]));
      IntakeAgreementReviewer *reviewer;
      gint64 id = _intake_store_reviewer_id (self, clean, FALSE, error);

      if (id < 0)
        goto failed;
      if (id == 0)
        {
          g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_NOT_FOUND,
                       _("There is no reviewer “%s” in the project"), clean);
          goto failed;
        }
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, id);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          _intake_store_fail (self, NULL, error);
          goto failed;
        }

      for (guint j = 0; j < ids->len; j++)
        if (g_array_index (ids, gint64, j) == id)
          {
            g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED,
                         _("The reviewer “%s” is named twice"), clean);
            goto failed;
          }

      reviewer = g_new0 (IntakeAgreementReviewer, 1);
      reviewer->guid = _intake_store_dup_column_text (stmt, 0);
      reviewer->name = _intake_store_dup_column_text (stmt, 1);
      g_ptr_array_add (reviewers, reviewer);
      g_array_append_val (ids, id);
    }

  return g_steal_pointer (&reviewers);

failed:
  for (guint i = 0; i < reviewers->len; i++)
    {
      IntakeAgreementReviewer *reviewer = g_ptr_array_index (reviewers, i);

      g_free (reviewer->guid);
      g_free (reviewer->name);
      g_free (reviewer);
    }
  return NULL;
}

/* The codable codes in codebook order, and code row id → position. */
static GArray *
load_codes (IntakeStore  *self,
            GHashTable   *positions,
            GError      **error)
{
  g_autoptr(IntakeCodebook) codebook = intake_store_load_codebook (self, error);
  g_autoptr(GArray) codes = NULL;
  g_autoptr(GHashTable) by_guid = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (codebook == NULL)
    return NULL;

  codes = g_array_new (FALSE, TRUE, sizeof (CodeInfo));
  g_array_set_clear_func (codes, (GDestroyNotify) code_info_clear);
  by_guid = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < intake_codebook_get_n_codes (codebook); i++)
    {
      IntakeCode *code = intake_codebook_get_code (codebook, i);
      CodeInfo info = { 0, };

      if (!intake_code_get_is_codable (code))
        continue;
      info.guid = g_strdup (intake_code_get_guid (code));
      info.path = intake_code_dup_path (code, codebook);
      g_array_append_val (codes, info);
      g_hash_table_insert (by_guid, info.guid, GUINT_TO_POINTER (codes->len));
    }

  stmt = _intake_store_prepare (self, "SELECT id, guid FROM codes", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint position = GPOINTER_TO_UINT (g_hash_table_lookup (by_guid, sqlite3_column_text (stmt, 1)));
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (position == 0)
        continue;
      g_array_index (codes, CodeInfo, position - 1).id = id;
      g_hash_table_insert (positions, g_memdup2 (&id, sizeof id), GUINT_TO_POINTER (position));
    }
  if (rc != SQLITE_DONE)
    {
      _intake_store_fail (self, NULL, error);
      return NULL;
    }

  return g_steal_pointer (&codes);
}

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  const Event *x = a, *y = b;

  return (x->pos > y->pos) - (x->pos < y->pos);
}

/* One code on one submission, for one set of reviewers: @spans[r] holds
 * reviewer r's merged intervals (n_spans[r] of them), @has[r] whether it
 * applied the code at all. */
static void
tally_code (Tallies        *tallies,
            guint           code,
            Span * const   *spans,
            const guint    *n_spans,
            const gboolean *has,
            GArray         *events)
{
  GArray *members = tallies->comparison->reviewers;
  IntakeAgreementTally *by_submission = tallies->tallies[code * INTAKE_AGREEMENT_N_LEVELS + INTAKE_AGREEMENT_LEVEL_SUBMISSION];
  IntakeAgreementTally *by_character = tallies->tallies[code * INTAKE_AGREEMENT_N_LEVELS + INTAKE_AGREEMENT_LEVEL_CHARACTER];
  guint k = 0;
  int covering = 0, last = 0;

  g_array_set_size (events, 0);
  for (guint m = 0; m < members->len; m++)
    {
      guint r = g_array_index (members, guint, m);

      if (!has[r])
        continue;
      k++;
      by_submission->applied[m] += 1;
      for (guint i = 0; i < n_spans[r]; i++)
        {
          Event open = { spans[r][i].start, +1 }, close = { spans[r][i].end, -1 };

          by_character->applied[m] += spans[r][i].end - spans[r][i].start;
          g_array_append_val (events, open);
          g_array_append_val (events, close);
        }
    }

  if (k == 0)
    return;
  by_submission->by_count[k] += 1;

  /* Between two events the number of reviewers covering a character is
   * the same for every character: one addition per stretch. */
  g_array_sort (events, compare_events);
  for (guint i = 0; i < events->len; i++)
    {
      const Event *event = &g_array_index (events, Event, i);

      if (covering > 0 && event->pos > last)
        by_character->by_count[covering] += event->pos - last;
      covering += event->delta;
      last = event->pos;
    }
}

/* The rows of one submission are sorted by code, then reviewer, then
 * start: each run of a code is tallied for every set of reviewers that
 * coded the submission. */
static void
tally_submission (GPtrArray *all_tallies,
                  GArray    *rows,
                  guint      n_reviewers,
                  int        length,
                  Span     **spans,
                  guint     *n_spans,
                  gboolean  *has,
                  GArray    *events)
{
  guint i = 0;

  while (i < rows->len)
    {
      int code = g_array_index (rows, Row, i).code;
      guint end = i;

      memset (n_spans, 0, sizeof (guint) * n_reviewers);
      memset (has, 0, sizeof (gboolean) * n_reviewers);

      for (; end < rows->len && g_array_index (rows, Row, end).code == code; end++)
        {
          const Row *row = &g_array_index (rows, Row, end);
          int start = row->start < 0 ? 0 : MIN (row->start, length);
          int stop = row->start < 0 ? length : MIN (row->end, length);
          guint r = row->reviewer;
          Span *last = n_spans[r] > 0 ? &spans[r][n_spans[r] - 1] : NULL;

          has[r] = TRUE;
          if (stop <= start)
            continue;
          /* Sorted by start (a whole coding is first): merge what overlaps. */
          if (last != NULL && start <= last->end)
            last->end = MAX (last->end, stop);
          else
            spans[r][n_spans[r]++] = (Span) { start, stop };
        }

      if (code >= 0)
        for (guint t = 0; t < all_tallies->len; t++)
          {
            Tallies *tallies = g_ptr_array_index (all_tallies, t);

            if (tallies->in_units)
              tally_code (tallies, code, (Span * const *) spans, n_spans, has, events);
          }

      i = end;
    }
}

/* The characters of a submission are not independent of each other:
 * thousands of them from a handful of submissions measure no better than
 * the handful. */
static void
few_submissions (Tallies                *tallies,
                 IntakeAgreementFigures *figures)
{
  if (tallies->submissions >= INTAKE_AGREEMENT_MIN_UNITS)
    return;

  figures->percent = figures->kappa = figures->alpha = NAN;
  figures->reason = INTAKE_AGREEMENT_REASON_TOO_FEW_UNITS;
}

static void
fill_comparison (Tallies   *tallies,
                 GArray    *codes)
{
  IntakeAgreementComparison *comparison = tallies->comparison;
  guint n_reviewers = comparison->reviewers->len;
  IntakeAgreementTally *pooled[INTAKE_AGREEMENT_N_LEVELS];

  comparison->submissions = tallies->submissions;

  for (guint level = 0; level < INTAKE_AGREEMENT_N_LEVELS; level++)
    pooled[level] = intake_agreement_tally_new (n_reviewers);

  for (guint c = 0; c < codes->len; c++)
    {
      const CodeInfo *info = &g_array_index (codes, CodeInfo, c);
      IntakeAgreementCode *code = g_new0 (IntakeAgreementCode, 1);

      code->code_guid = g_strdup (info->guid);
      code->code_path = g_strdup (info->path);

      for (guint level = 0; level < INTAKE_AGREEMENT_N_LEVELS; level++)
        {
          IntakeAgreementTally *tally = tallies->tallies[c * INTAKE_AGREEMENT_N_LEVELS + level];

          tally->units = level == INTAKE_AGREEMENT_LEVEL_SUBMISSION ? tallies->submissions : tallies->characters;
          intake_agreement_tally_figures (tally, &code->levels[level]);
          few_submissions (tallies, &code->levels[level]);

          /* The overall figures pool every code's units, as one table of
           * (unit, code) pairs, but leave out the codes nobody applied (or
           * everyone applied everywhere): their agreement says nothing and
           * would only swell the figures. */
          if (code->levels[level].reason == INTAKE_AGREEMENT_REASON_NONE)
            {
              intake_agreement_tally_merge (pooled[level], tally);
              comparison->overall_codes[level]++;
            }
        }

      g_ptr_array_add (comparison->codes, code);
    }

  for (guint level = 0; level < INTAKE_AGREEMENT_N_LEVELS; level++)
    {
      double units = level == INTAKE_AGREEMENT_LEVEL_SUBMISSION ? tallies->submissions : tallies->characters;
      gboolean none_pooled = comparison->overall_codes[level] == 0;

      intake_agreement_tally_figures (pooled[level], &comparison->overall[level]);
      intake_agreement_tally_free (pooled[level]);
      /* Said in the comparison's units; the pooled pairs are that many
       * times the codes pooled. */
      comparison->overall[level].units = units;
      if (none_pooled)
        comparison->overall[level].reason = units < INTAKE_AGREEMENT_MIN_UNITS ?
          INTAKE_AGREEMENT_REASON_TOO_FEW_UNITS : INTAKE_AGREEMENT_REASON_SINGLE_CATEGORY;
      few_submissions (tallies, &comparison->overall[level]);
    }
}

static Tallies *
tallies_new (IntakeAgreementComparison *comparison,
             guint                      n_codes)
{
  Tallies *tallies = g_new0 (Tallies, 1);

  tallies->comparison = comparison;
  tallies->n_tallies = n_codes * INTAKE_AGREEMENT_N_LEVELS;
  tallies->tallies = g_new0 (IntakeAgreementTally *, tallies->n_tallies);
  for (guint i = 0; i < tallies->n_tallies; i++)
    tallies->tallies[i] = intake_agreement_tally_new (comparison->reviewers->len);

  return tallies;
}

/* Moves the lengths' cursor to @submission_id; its length, or 0. */
static gboolean
seek_length (IntakeStore   *self,
             sqlite3_stmt  *lengths,
             gint64         submission_id,
             gint64        *at,
             int           *length,
             GError       **error)
{
  while (*at < submission_id)
    {
      int rc = sqlite3_step (lengths);

      if (rc == SQLITE_DONE)
        {
          *at = G_MAXINT64;
          break;
        }
      if (rc != SQLITE_ROW)
        return _intake_store_fail (self, _("read the project"), error);
      *at = sqlite3_column_int64 (lengths, 0);
      *length = sqlite3_column_int (lengths, 1);
    }

  if (*at != submission_id)
    *length = 0;
  return TRUE;
}

/**
 * intake_store_compute_agreement:
 * @reviewers: (nullable): the reviewers to compare, by name or GUID; NULL
 *   for every reviewer who has coded
 * @cancellable: (nullable): stops the work between submissions
 *
 * Agreement for every code and overall, at the submission and the
 * character level, across the reviewers and between each pair of them.
 * Reads only; safe on a worker thread with a store of its own
 * (intake_store_open_reader()).
 *
 * Returns: (transfer full): the report, or NULL with @error set
 */
IntakeAgreementReport *
intake_store_compute_agreement (IntakeStore         *self,
                                const char * const  *reviewers,
                                GCancellable        *cancellable,
                                GError             **error)
{
  g_autoptr(GArray) reviewer_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) code_positions = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(IntakeAgreementReport) report = NULL;
  g_autoptr(GPtrArray) all_tallies = g_ptr_array_new_with_free_func ((GDestroyNotify) tallies_free);
  g_autoptr(GArray) codes = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (Row));
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (Event));
  g_autoptr(sqlite3_stmt) codings = NULL;
  g_autoptr(sqlite3_stmt) lengths = NULL;
  g_autoptr(SpanBuffers) buffers = NULL;
  g_autofree guint *span_room = NULL;
  Span **spans;
  g_autofree guint *n_spans = NULL;
  g_autofree gboolean *coded = NULL;
  g_autofree gboolean *has = NULL;
  GPtrArray *resolved;
  gint64 current = -1, length_at = -1;
  guint n_reviewers, n_submissions = 0;
  int length = 0, rc;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  resolved = resolve_reviewers (self, reviewers, reviewer_ids, error);
  if (resolved == NULL)
    return NULL;
  report = intake_agreement_report_new (resolved);
  n_reviewers = resolved->len;
  if (n_reviewers < 2)
    {
      g_set_error_literal (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED,
                           n_reviewers == 0 ?
                           _("No reviewer has coded yet: agreement needs two reviewers’ codings") :
                           _("Only one reviewer has coded: agreement needs two reviewers’ codings"));
      return NULL;
    }

  codes = load_codes (self, code_positions, error);
  if (codes == NULL)
    return NULL;

  g_ptr_array_add (all_tallies, tallies_new (report->all, codes->len));
  for (guint p = 0; p < report->pairs->len; p++)
    g_ptr_array_add (all_tallies, tallies_new (g_ptr_array_index (report->pairs, p), codes->len));

  buffers = span_buffers_new (n_reviewers);
  spans = buffers->spans;
  span_room = g_new0 (guint, n_reviewers);
  n_spans = g_new0 (guint, n_reviewers);
  coded = g_new0 (gboolean, n_reviewers);
  has = g_new0 (gboolean, n_reviewers);

  codings = _intake_store_prepare (self,
                                   "SELECT submission_id, code_id, reviewer_id, start, end FROM codings"
                                   " ORDER BY submission_id, code_id, reviewer_id, start, end",
                                   error);
  lengths = _intake_store_prepare (self,
                                   "SELECT s.id, length(s.text) FROM submissions s"
                                   " WHERE EXISTS (SELECT 1 FROM codings g WHERE g.submission_id = s.id)"
                                   " ORDER BY s.id",
                                   error);
  if (codings == NULL || lengths == NULL)
    return NULL;

  for (;;)
    {
      gint64 submission_id = -1;
      gboolean done;

      rc = sqlite3_step (codings);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          _intake_store_fail (self, _("read the project"), error);
          return NULL;
        }
      done = rc == SQLITE_DONE;
      if (!done)
        submission_id = sqlite3_column_int64 (codings, 0);

      /* A submission's rows are all read: tally it. */
      if ((done || submission_id != current) && current >= 0 && rows->len > 0)
        {
          gboolean any = FALSE;

          for (guint t = 0; t < all_tallies->len; t++)
            {
              Tallies *tallies = g_ptr_array_index (all_tallies, t);
              GArray *members = tallies->comparison->reviewers;

              tallies->in_units = TRUE;
              for (guint m = 0; m < members->len; m++)
                tallies->in_units &= coded[g_array_index (members, guint, m)];
              any |= tallies->in_units;
            }

          if (any)
            {
              if (!seek_length (self, lengths, current, &length_at, &length, error))
                return NULL;

              for (guint t = 0; t < all_tallies->len; t++)
                {
                  Tallies *tallies = g_ptr_array_index (all_tallies, t);

                  if (tallies->in_units)
                    {
                      tallies->submissions += 1;
                      tallies->characters += length;
                    }
                }

              /* Room for every row's span of a reviewer, at worst. */
              for (guint r = 0; r < n_reviewers; r++)
                if (span_room[r] < rows->len)
                  {
                    span_room[r] = MAX (rows->len, 2 * span_room[r]);
                    spans[r] = g_renew (Span, spans[r], span_room[r]);
                  }

              tally_submission (all_tallies, rows, n_reviewers, length, spans, n_spans, has, events);
            }

          if (++n_submissions % CANCEL_CHECK_SUBMISSIONS == 0 &&
              g_cancellable_set_error_if_cancelled (cancellable, error))
            return NULL;
        }

      if (done)
        break;

      if (submission_id != current)
        {
          current = submission_id;
          g_array_set_size (rows, 0);
          memset (coded, 0, sizeof (gboolean) * n_reviewers);
        }

      append_row (codings, reviewer_ids, code_positions, coded, rows);
    }

  for (guint t = 0; t < all_tallies->len; t++)
    fill_comparison (g_ptr_array_index (all_tallies, t), codes);

  return g_steal_pointer (&report);
}

/* ---- Disagreements ------------------------------------------------------ */

void
intake_disagreement_free (IntakeDisagreement *disagreement)
{
  if (disagreement == NULL)
    return;

  g_free (disagreement->subject);
  g_free (disagreement->code_guid);
  g_free (disagreement->code_path);
  g_clear_pointer (&disagreement->sides, g_ptr_array_unref);
  g_free (disagreement);
}

static void
disagreement_side_free (IntakeDisagreementSide *side)
{
  g_free (side->reviewer_guid);
  g_free (side->reviewer);
  g_clear_pointer (&side->spans, g_array_unref);
  g_free (side);
}

/* What a reviewer's codings cover, as agreement sees it: a whole coding
 * is every character, overlapping excerpts are one. */
static GArray *
covered (GArray *spans,
         int     length)
{
  GArray *merged = g_array_new (FALSE, FALSE, sizeof (IntakeSpan));

  for (guint i = 0; i < spans->len; i++)
    {
      const IntakeSpan *span = &g_array_index (spans, IntakeSpan, i);
      int start = span->start < 0 ? 0 : MIN (span->start, length);
      int stop = span->start < 0 ? length : MIN (span->end, length);
      IntakeSpan *last = merged->len > 0 ? &g_array_index (merged, IntakeSpan, merged->len - 1) : NULL;

      if (stop <= start)
        continue;
      /* Sorted by start, a whole coding first. */
      if (last != NULL && start <= last->end)
        last->end = MAX (last->end, stop);
      else
        g_array_append_val (merged, ((IntakeSpan) { start, stop }));
    }

  return merged;
}

static gboolean
sides_differ (GPtrArray *sides,
              int        length)
{
  g_autoptr(GArray) first = NULL;
  gboolean applied = ((IntakeDisagreementSide *) g_ptr_array_index (sides, 0))->spans->len > 0;

  for (guint i = 1; i < sides->len; i++)
    if ((((IntakeDisagreementSide *) g_ptr_array_index (sides, i))->spans->len > 0) != applied)
      return TRUE;

  first = covered (((IntakeDisagreementSide *) g_ptr_array_index (sides, 0))->spans, length);
  for (guint i = 1; i < sides->len; i++)
    {
      g_autoptr(GArray) other = covered (((IntakeDisagreementSide *) g_ptr_array_index (sides, i))->spans, length);

      if (other->len != first->len ||
          memcmp (other->data, first->data, first->len * sizeof (IntakeSpan)) != 0)
        return TRUE;
    }

  return FALSE;
}

typedef struct
{
  IntakeStore    *store;
  GPtrArray      *reviewers;   /* IntakeAgreementReviewer */
  GArray         *codes;       /* CodeInfo */
  GHashTable     *settled;     /* "submission:code" ids */
  sqlite3_stmt   *details;
  GPtrArray      *out;
} DisagreementPass;

static int
compare_by_code (gconstpointer a,
                 gconstpointer b,
                 gpointer      positions)
{
  guint x = GPOINTER_TO_UINT (g_hash_table_lookup (positions, (*(IntakeDisagreement **) a)->code_guid));
  guint y = GPOINTER_TO_UINT (g_hash_table_lookup (positions, (*(IntakeDisagreement **) b)->code_guid));

  return (x > y) - (x < y);
}

/* One submission's rows (Row, by code then reviewer then start). */
static gboolean
find_disagreements (DisagreementPass  *pass,
                    gint64             submission_id,
                    GArray            *rows,
                    GHashTable        *positions,
                    GError           **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  g_autofree char *subject = NULL;
  guint n_reviewers = pass->reviewers->len;
  int length = 0, rc;
  guint i = 0;

  sqlite3_reset (pass->details);
  sqlite3_bind_int64 (pass->details, 1, submission_id);
  rc = sqlite3_step (pass->details);
  if (rc == SQLITE_ROW)
    {
      length = sqlite3_column_int (pass->details, 0);
      subject = _intake_store_dup_column_text (pass->details, 1);
    }
  else if (rc != SQLITE_DONE)
    return _intake_store_fail (pass->store, _("read the project"), error);

  while (i < rows->len)
    {
      int code = g_array_index (rows, Row, i).code;
      g_autoptr(GPtrArray) sides = NULL;
      g_autofree char *key = NULL;
      const CodeInfo *info;
      guint end = i;

      while (end < rows->len && g_array_index (rows, Row, end).code == code)
        end++;
      if (code < 0)
        {
          i = end;
          continue;
        }
      info = &g_array_index (pass->codes, CodeInfo, code);
      key = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, submission_id, info->id);

      sides = g_ptr_array_new_with_free_func ((GDestroyNotify) disagreement_side_free);
      for (guint r = 0; r < n_reviewers; r++)
        {
          const IntakeAgreementReviewer *reviewer = g_ptr_array_index (pass->reviewers, r);
          IntakeDisagreementSide *side = g_new0 (IntakeDisagreementSide, 1);

          side->reviewer_guid = g_strdup (reviewer->guid);
          side->reviewer = g_strdup (reviewer->name);
          side->spans = g_array_new (FALSE, FALSE, sizeof (IntakeSpan));
          g_ptr_array_add (sides, side);
        }
      for (guint j = i; j < end; j++)
        {
          const Row *row = &g_array_index (rows, Row, j);
          IntakeDisagreementSide *side = g_ptr_array_index (sides, row->reviewer);

          g_array_append_val (side->spans, ((IntakeSpan) { row->start, row->end }));
        }

      if (!g_hash_table_contains (pass->settled, key) && sides_differ (sides, length))
        {
          IntakeDisagreement *disagreement = g_new0 (IntakeDisagreement, 1);

          disagreement->submission_id = submission_id;
          disagreement->subject = g_strdup (subject ? subject : "");
          disagreement->code_guid = g_strdup (info->guid);
          disagreement->code_path = g_strdup (info->path);
          disagreement->sides = g_steal_pointer (&sides);
          g_ptr_array_add (found, disagreement);
        }

      i = end;
    }

  g_ptr_array_sort_with_data (found, compare_by_code, positions);
  for (i = 0; i < found->len; i++)
    g_ptr_array_add (pass->out, g_ptr_array_index (found, i));

  return TRUE;
}

/**
 * intake_store_list_disagreements:
 * @reviewers: (nullable): the reviewers to compare, by name or GUID; NULL
 *   for every reviewer who has coded
 * @cancellable: (nullable): stops the work between submissions
 *
 * Returns: (transfer container) (element-type IntakeDisagreement): the
 *   disagreements not yet settled, or NULL with @error set
 */
GPtrArray *
intake_store_list_disagreements (IntakeStore         *self,
                                 const char * const  *reviewers,
                                 GCancellable        *cancellable,
                                 GError             **error)
{
  g_autoptr(GArray) reviewer_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) code_positions = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) guid_positions = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) settled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) intake_disagreement_free);
  g_autoptr(IntakeAgreementReport) report = NULL;
  g_autoptr(GArray) codes = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (Row));
  g_autoptr(sqlite3_stmt) codings = NULL;
  g_autoptr(sqlite3_stmt) adjudicated = NULL;
  g_autoptr(sqlite3_stmt) details = NULL;
  g_autofree gboolean *coded = NULL;
  DisagreementPass pass = { 0, };
  GPtrArray *resolved;
  gint64 current = -1;
  guint n_reviewers, n_submissions = 0;
  int rc;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  resolved = resolve_reviewers (self, reviewers, reviewer_ids, error);
  if (resolved == NULL)
    return NULL;
  /* The report owns the reviewers from here on. */
  report = intake_agreement_report_new (resolved);
  n_reviewers = resolved->len;
  if (n_reviewers < 2)
    {
      g_set_error_literal (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED,
                           _("Disagreements need two reviewers’ codings"));
      return NULL;
    }

  codes = load_codes (self, code_positions, error);
  if (codes == NULL)
    return NULL;
  for (guint c = 0; c < codes->len; c++)
    g_hash_table_insert (guid_positions, g_array_index (codes, CodeInfo, c).guid, GUINT_TO_POINTER (c));

  adjudicated = _intake_store_prepare (self, "SELECT submission_id, code_id FROM adjudications", error);
  if (adjudicated == NULL)
    return NULL;
  while ((rc = sqlite3_step (adjudicated)) == SQLITE_ROW)
    g_hash_table_add (settled, g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                                                (gint64) sqlite3_column_int64 (adjudicated, 0),
                                                (gint64) sqlite3_column_int64 (adjudicated, 1)));
  if (rc != SQLITE_DONE)
    {
      _intake_store_fail (self, _("read the project"), error);
      return NULL;
    }

  codings = _intake_store_prepare (self,
                                   "SELECT submission_id, code_id, reviewer_id, start, end FROM codings"
                                   " ORDER BY submission_id, code_id, reviewer_id, start, end",
                                   error);
  details = _intake_store_prepare (self, "SELECT length(text), subject FROM submissions WHERE id = ?", error);
  if (codings == NULL || details == NULL)
    return NULL;

  pass.store = self;
  pass.reviewers = report->reviewers;
  pass.codes = codes;
  pass.settled = settled;
  pass.details = details;
  pass.out = out;
  coded = g_new0 (gboolean, n_reviewers);

  for (;;)
    {
      gint64 submission_id = -1;
      gboolean done;

      rc = sqlite3_step (codings);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          _intake_store_fail (self, _("read the project"), error);
          return NULL;
        }
      done = rc == SQLITE_DONE;
      if (!done)
        submission_id = sqlite3_column_int64 (codings, 0);

      if ((done || submission_id != current) && current >= 0 && rows->len > 0)
        {
          gboolean everyone = TRUE;

          /* A unit only when every compared reviewer read it. */
          for (guint r = 0; r < n_reviewers; r++)
            everyone &= coded[r];
          if (everyone && !find_disagreements (&pass, current, rows, guid_positions, error))
            return NULL;

          if (++n_submissions % CANCEL_CHECK_SUBMISSIONS == 0 &&
              g_cancellable_set_error_if_cancelled (cancellable, error))
            return NULL;
        }

      if (done)
        break;

      if (submission_id != current)
        {
          current = submission_id;
          g_array_set_size (rows, 0);
          memset (coded, 0, sizeof (gboolean) * n_reviewers);
        }

      append_row (codings, reviewer_ids, code_positions, coded, rows);
    }

  return g_steal_pointer (&out);
}
