#define G_LOG_DOMAIN "intake-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "intake-report-private.h"

/* The figures of a report, gathered in one pass over the codings ordered
 * by submission, without a query per submission: 100,000 submissions take
 * a few hundred milliseconds. Every small count of a cross-tabulation or
 * of the co-occurrence matrix is suppressed here, before it is stored, so
 * the real count never leaves the report object. */

/* The attributes the report cross-tabulates, in the order of
 * IntakeReportFigures.crosstabs. */
static const char * const crosstab_attributes[] = {
  INTAKE_ATTRIBUTE_RESPONDENT_GROUP,
  INTAKE_ATTRIBUTE_SCHOOL_BOARD,
  INTAKE_ATTRIBUTE_IDENTITY,
};
enum { CROSSTAB_GROUP, CROSSTAB_BOARD, CROSSTAB_IDENTITY, N_CROSSTABS, ATTRIBUTE_LANGUAGE = N_CROSSTABS,
       N_COUNTED };

/* Candidates kept per code for the quotes, as a multiple of the quotes
 * wanted: some are dropped once redacted (empty, only markers, the same
 * text as another). */
#define CANDIDATES_PER_QUOTE 4

void
_intake_report_attribute_free (IntakeReportAttribute *attribute)
{
  if (attribute == NULL)
    return;

  g_free (attribute->name);
  g_free (attribute->value);
  g_free (attribute);
}

void
_intake_report_project_code_free (_IntakeReportProjectCode *code)
{
  if (code == NULL)
    return;

  g_free (code->guid);
  g_clear_pointer (&code->ancestors, g_array_unref);
  g_free (code);
}

static void
count_free (IntakeReportCount *count)
{
  g_free (count->value);
  g_free (count);
}

static void
crosstab_free (IntakeReportCrosstab *crosstab)
{
  g_free (crosstab->attribute);
  for (guint i = 0; i < crosstab->n_columns; i++)
    g_free (crosstab->columns[i]);
  g_free (crosstab->columns);
  g_free (crosstab->column_totals);
  g_free (crosstab->cells);
  g_free (crosstab);
}

static void
reviewer_free (IntakeReportReviewer *reviewer)
{
  g_free (reviewer->name);
  g_free (reviewer);
}

void
_intake_report_figures_clear (IntakeReportFigures *figures)
{
  g_clear_pointer (&figures->title, g_free);
  g_clear_pointer (&figures->generated, g_free);
  g_clear_pointer (&figures->generator, g_free);
  g_clear_pointer (&figures->by_group, g_ptr_array_unref);
  g_clear_pointer (&figures->by_board, g_ptr_array_unref);
  g_clear_pointer (&figures->by_language, g_ptr_array_unref);
  g_clear_pointer (&figures->first_date, g_free);
  g_clear_pointer (&figures->last_date, g_free);
  g_clear_pointer (&figures->reviewers, g_ptr_array_unref);
  g_clear_pointer (&figures->attribute_names, g_strfreev);
  for (guint i = 0; i < figures->n_codes; i++)
    {
      IntakeReportCode *code = &figures->codes[i];

      g_free (code->guid);
      g_free (code->name);
      g_free (code->path);
      g_free (code->description);
      g_free (code->color);
      if (figures->quotes != NULL)
        g_clear_pointer (&figures->quotes[i], g_ptr_array_unref);
    }
  g_clear_pointer (&figures->codes, g_free);
  g_clear_pointer (&figures->quotes, g_free);
  g_clear_pointer (&figures->crosstabs, g_ptr_array_unref);
  g_clear_pointer (&figures->cooccurrence, g_free);
  g_clear_pointer (&figures->agreement, intake_agreement_report_unref);
  figures->n_codes = 0;
}

static gboolean
step_failed (IntakeReport  *self,
             int            rc,
             GError       **error)
{
  if (rc == SQLITE_DONE)
    return TRUE;

  return _intake_store_fail (self->store, _("read the project"), error);
}

/* ---- Codes --------------------------------------------------------------- */

static gboolean
load_codes (IntakeReport  *self,
            GError       **error)
{
  IntakeReportFigures *figures = &self->figures;
  const char * const *chosen = (const char * const *) self->options->code_guids;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) paths = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  g_autoptr(GHashTable) included = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) codes = g_array_new (FALSE, TRUE, sizeof (IntakeReportCode));
  int rc;

  /* Pre-order, as the codebook shows it: a parent before its children. */
  stmt = _intake_store_prepare (self->store,
                                "WITH RECURSIVE tree (id, sort_key) AS ("
                                "  SELECT id, printf('%08d.%012d', position, id) FROM codes WHERE parent_id IS NULL"
                                "  UNION ALL"
                                "  SELECT c.id, t.sort_key || '/' || printf('%08d.%012d', c.position, c.id)"
                                "  FROM codes c JOIN tree t ON c.parent_id = t.id"
                                ")"
                                " SELECT c.id, c.guid, coalesce(c.parent_id, 0), c.name, c.description, c.color,"
                                " c.is_codable FROM tree t JOIN codes c ON c.id = t.id ORDER BY t.sort_key",
                                error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      _IntakeReportProjectCode *pc = g_new0 (_IntakeReportProjectCode, 1);
      _IntakeReportProjectCode *parent;
      const char *name = (const char *) sqlite3_column_text (stmt, 3);
      const char *parent_path;
      char *path;

      pc->id = sqlite3_column_int64 (stmt, 0);
      pc->guid = _intake_store_dup_column_text (stmt, 1);
      pc->parent_id = sqlite3_column_int64 (stmt, 2);
      pc->index = -1;
      pc->ancestors = g_array_new (FALSE, FALSE, sizeof (gint64));
      parent = pc->parent_id > 0 ? g_hash_table_lookup (self->code_by_id, &pc->parent_id) : NULL;
      if (parent != NULL)
        {
          g_array_append_val (pc->ancestors, parent->id);
          g_array_append_vals (pc->ancestors, parent->ancestors->data, parent->ancestors->len);
        }
      g_ptr_array_add (self->project_codes, pc);
      g_hash_table_insert (self->code_by_id, &pc->id, pc);
      g_hash_table_insert (self->code_by_guid, pc->guid, pc);

      parent_path = parent != NULL ? g_hash_table_lookup (paths, &parent->id) : NULL;
      path = parent_path != NULL ? g_strconcat (parent_path, "/", name, NULL) : g_strdup (name);
      g_hash_table_insert (paths, &pc->id, path);

      /* Chosen codes bring their descendants, which follow them. */
      if (chosen == NULL || g_strv_contains (chosen, pc->guid) ||
          (parent != NULL && g_hash_table_contains (included, &parent->id)))
        {
          IntakeReportCode code = { 0, };
          _IntakeReportProjectCode *shown_parent = parent != NULL && g_hash_table_contains (included, &parent->id)
                                                   ? parent : NULL;

          g_hash_table_add (included, &pc->id);
          pc->index = codes->len;
          code.guid = g_strdup (pc->guid);
          code.name = intake_report_clean_text (name);
          code.path = intake_report_clean_text (path);
          code.description = intake_report_clean_text ((const char *) sqlite3_column_text (stmt, 4));
          code.color = sqlite3_column_type (stmt, 5) == SQLITE_NULL
                       ? NULL : intake_report_clean_text ((const char *) sqlite3_column_text (stmt, 5));
          code.codable = sqlite3_column_int (stmt, 6) != 0;
          code.parent = shown_parent != NULL ? shown_parent->index : -1;
          code.depth = code.parent >= 0 ? g_array_index (codes, IntakeReportCode, code.parent).depth + 1 : 0;
          g_array_append_val (codes, code);
        }
    }
  if (!step_failed (self, rc, error))
    {
      for (guint i = 0; i < codes->len; i++)
        {
          IntakeReportCode *code = &g_array_index (codes, IntakeReportCode, i);

          g_free (code->guid);
          g_free (code->name);
          g_free (code->path);
          g_free (code->description);
          g_free (code->color);
        }
      return FALSE;
    }

  figures->n_codes = codes->len;
  figures->codes = (IntakeReportCode *) (void *) g_array_free (g_steal_pointer (&codes), FALSE);

  for (guint i = 0; chosen != NULL && chosen[i] != NULL; i++)
    {
      gboolean found = FALSE;

      for (guint k = 0; !found && k < figures->n_codes; k++)
        found = g_str_equal (figures->codes[k].guid, chosen[i]);
      if (!found)
        {
          g_set_error (error, INTAKE_REPORT_ERROR, INTAKE_REPORT_ERROR_INVALID,
                       _("The project has no code with the GUID “%s”"), chosen[i]);
          return FALSE;
        }
    }

  return TRUE;
}

static _IntakeReportProjectCode *
find_code_by_guid (IntakeReport *self,
                   const char   *guid)
{
  return g_hash_table_lookup (self->code_by_guid, guid);
}

/* ---- Values of an attribute ---------------------------------------------- */

/* The values of one attribute seen in the selection, then sorted. */
typedef struct
{
  GHashTable *index;    /* value → position in @values + 1 */
  GPtrArray  *values;
  GArray     *counts;   /* guint, selected submissions with the value */
  int        *order;    /* position in @values → column once sorted */
} ValueTable;

static void
value_table_init (ValueTable *table)
{
  table->index = g_hash_table_new (g_str_hash, g_str_equal);
  table->values = g_ptr_array_new_with_free_func (g_free);
  table->counts = g_array_new (FALSE, TRUE, sizeof (guint));
  table->order = NULL;
}

static void
value_table_clear (ValueTable *table)
{
  g_clear_pointer (&table->index, g_hash_table_unref);
  g_clear_pointer (&table->values, g_ptr_array_unref);
  g_clear_pointer (&table->counts, g_array_unref);
  g_clear_pointer (&table->order, g_free);
}

static int
value_table_add (ValueTable *table,
                 const char *value)
{
  gpointer found = g_hash_table_lookup (table->index, value);
  guint zero = 0;
  char *copy;

  if (found != NULL)
    return GPOINTER_TO_INT (found) - 1;

  copy = g_strdup (value);
  g_ptr_array_add (table->values, copy);
  g_array_append_val (table->counts, zero);
  g_hash_table_insert (table->index, copy, GINT_TO_POINTER (table->values->len));

  return table->values->len - 1;
}

typedef struct
{
  const char *value;
  char       *folded;
  int         position;
} SortedValue;

static int
compare_sorted_values (gconstpointer a,
                       gconstpointer b)
{
  const SortedValue *x = a;
  const SortedValue *y = b;
  int cmp = strcmp (x->folded, y->folded);

  return cmp != 0 ? cmp : strcmp (x->value, y->value);
}

/* Columns by intake_text_fold() order; "not recorded" is after them all. */
static void
value_table_sort (ValueTable *table)
{
  guint n = table->values->len;
  g_autofree SortedValue *sorted = g_new0 (SortedValue, n + 1);

  for (guint i = 0; i < n; i++)
    sorted[i] = (SortedValue) { g_ptr_array_index (table->values, i),
                                intake_text_fold (g_ptr_array_index (table->values, i)), i };
  qsort (sorted, n, sizeof (SortedValue), compare_sorted_values);

  table->order = g_new0 (int, n + 1);
  for (guint i = 0; i < n; i++)
    {
      table->order[sorted[i].position] = i;
      g_free (sorted[i].folded);
    }
}

/* The value at column @column once sorted; NULL past the values. */
static const char *
value_table_column (ValueTable *table,
                    guint       column)
{
  for (guint i = 0; i < table->values->len; i++)
    if ((guint) table->order[i] == column)
      return g_ptr_array_index (table->values, i);

  return NULL;
}

static GPtrArray *
value_table_counts (ValueTable *table,
                    guint       n_selected)
{
  GPtrArray *counts = g_ptr_array_new_with_free_func ((GDestroyNotify) count_free);
  guint with_value = 0;

  for (guint column = 0; column < table->values->len; column++)
    {
      IntakeReportCount *count = g_new0 (IntakeReportCount, 1);

      for (guint i = 0; i < table->values->len; i++)
        if ((guint) table->order[i] == column)
          {
            count->value = intake_report_clean_text (g_ptr_array_index (table->values, i));
            count->count = g_array_index (table->counts, guint, i);
          }
      with_value += count->count;
      g_ptr_array_add (counts, count);
    }

  if (n_selected > with_value)
    {
      IntakeReportCount *count = g_new0 (IntakeReportCount, 1);

      count->count = n_selected - with_value;
      g_ptr_array_add (counts, count);
    }

  return counts;
}

/* ---- The pass ------------------------------------------------------------ */

typedef struct
{
  gint64 code_id;
  gint64 reviewer_id;
  int    start;
  int    end;
} RawCoding;

typedef struct
{
  gint64  id;
  char   *name;
  guint   submissions;
  guint   codings;
  guint   stamp;
} ReviewerCount;

typedef struct
{
  IntakeReport  *self;
  guint          n_codes;
  guint          n_selected;
  GHashTable    *position;        /* selected id → position + 1 */
  int           *values;          /* n_selected × N_COUNTED column indices; -1 for none */
  ValueTable     tables[N_COUNTED];

  guint         *submissions;     /* per code */
  guint         *excerpts;
  guint         *cells[N_CROSSTABS];
  guint         *cooccurrence;
  guint          coded;

  guint         *stamps;          /* per code: the last submission counted */
  guint          stamp;
  GArray        *present;         /* int, the codes of the current submission */

  GHashTable    *reviewers;       /* id → ReviewerCount */
  GArray        *current;         /* RawCoding of the current submission */

  gint64         needs_redaction_id;
  gint64         quotable_id;
  guint          candidate_limit;
  GArray       **candidates;      /* per code: _IntakeReportCandidate */
} Pass;

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const _IntakeReportCandidate *x = a;
  const _IntakeReportCandidate *y = b;

  /* Flagged Quotable first, then the longest, then the oldest id. */
  if (x->quotable != y->quotable)
    return x->quotable ? -1 : 1;
  if (x->end - x->start != y->end - y->start)
    return (x->end - x->start) > (y->end - y->start) ? -1 : 1;
  if (x->submission_id != y->submission_id)
    return x->submission_id < y->submission_id ? -1 : 1;
  return x->start - y->start;
}

static void
prune_candidates (GArray *candidates,
                  guint   limit)
{
  g_array_sort (candidates, compare_candidates);
  if (candidates->len > limit)
    g_array_set_size (candidates, limit);
}

static void
reviewer_count_free (ReviewerCount *reviewer)
{
  g_free (reviewer->name);
  g_free (reviewer);
}

static void
add_candidates (Pass   *pass,
                gint64  submission_id)
{
  gboolean whole_quotable = FALSE;

  if (pass->candidate_limit == 0)
    return;

  for (guint i = 0; i < pass->current->len; i++)
    {
      const RawCoding *coding = &g_array_index (pass->current, RawCoding, i);

      if (coding->code_id == pass->quotable_id && coding->start < 0)
        whole_quotable = TRUE;
    }

  for (guint i = 0; i < pass->current->len; i++)
    {
      const RawCoding *coding = &g_array_index (pass->current, RawCoding, i);
      _IntakeReportProjectCode *pc = g_hash_table_lookup (pass->self->code_by_id, &coding->code_id);
      _IntakeReportCandidate candidate = { submission_id, coding->start, coding->end, whole_quotable };
      GArray *candidates;
      gboolean seen = FALSE;

      if (pc == NULL || pc->index < 0 || coding->start < 0 || coding->code_id == pass->needs_redaction_id)
        continue;

      /* Two reviewers on the same excerpt give one quote. */
      for (guint k = 0; k < i && !seen; k++)
        {
          const RawCoding *other = &g_array_index (pass->current, RawCoding, k);

          seen = other->code_id == coding->code_id && other->start == coding->start && other->end == coding->end;
        }
      if (seen)
        continue;

      for (guint k = 0; !candidate.quotable && k < pass->current->len; k++)
        {
          const RawCoding *other = &g_array_index (pass->current, RawCoding, k);

          candidate.quotable = other->code_id == pass->quotable_id && other->start >= 0 &&
                               other->start < coding->end && coding->start < other->end;
        }

      candidates = pass->candidates[pc->index];
      g_array_append_val (candidates, candidate);
      if (candidates->len >= 2 * pass->candidate_limit)
        prune_candidates (candidates, pass->candidate_limit);
    }
}

/* Counts the codings of one selected submission, read whole. */
static void
flush_submission (Pass   *pass,
                  gint64  submission_id)
{
  guint position;
  const int *values;

  if (pass->current->len == 0)
    return;

  position = GPOINTER_TO_UINT (g_hash_table_lookup (pass->position, &submission_id)) - 1;
  values = &pass->values[position * N_COUNTED];
  pass->coded++;
  pass->stamp++;
  g_array_set_size (pass->present, 0);

  for (guint i = 0; i < pass->current->len; i++)
    {
      const RawCoding *coding = &g_array_index (pass->current, RawCoding, i);
      _IntakeReportProjectCode *pc = g_hash_table_lookup (pass->self->code_by_id, &coding->code_id);
      ReviewerCount *reviewer = g_hash_table_lookup (pass->reviewers, &coding->reviewer_id);

      if (reviewer != NULL)
        {
          reviewer->codings++;
          if (reviewer->stamp != pass->stamp)
            {
              reviewer->stamp = pass->stamp;
              reviewer->submissions++;
            }
        }

      if (pc == NULL)
        continue;

      /* The code and each of its ancestors: a parent counts a submission once. */
      for (int k = -1; k < (int) pc->ancestors->len; k++)
        {
          _IntakeReportProjectCode *c = k < 0 ? pc
                                      : g_hash_table_lookup (pass->self->code_by_id,
                                                             &g_array_index (pc->ancestors, gint64, k));

          if (c == NULL || c->index < 0)
            continue;
          if (coding->start >= 0)
            pass->excerpts[c->index]++;
          if (pass->stamps[c->index] != pass->stamp)
            {
              pass->stamps[c->index] = pass->stamp;
              g_array_append_val (pass->present, c->index);
            }
        }
    }

  for (guint i = 0; i < pass->present->len; i++)
    {
      int a = g_array_index (pass->present, int, i);

      pass->submissions[a]++;
      for (guint x = 0; x < N_CROSSTABS; x++)
        {
          guint n_columns = pass->tables[x].values->len + 1;
          guint column = values[x] >= 0 ? (guint) values[x] : n_columns - 1;

          pass->cells[x][a * n_columns + column]++;
        }
      for (guint k = 0; k < pass->present->len; k++)
        pass->cooccurrence[a * pass->n_codes + g_array_index (pass->present, int, k)]++;
    }

  add_candidates (pass, submission_id);
  g_array_set_size (pass->current, 0);
}

static gboolean
read_submissions (IntakeReport  *self,
                  Pass          *pass,
                  GError       **error)
{
  IntakeReportFigures *figures = &self->figures;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 first = G_MAXINT64, last = G_MININT64;
  int rc;

  stmt = _intake_store_prepare (self->store, "SELECT id, status, date FROM submissions", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      IntakeStatus status = INTAKE_STATUS_NEW;

      figures->total_submissions++;
      if (!g_hash_table_contains (pass->position, &id))
        continue;

      intake_status_from_string ((const char *) sqlite3_column_text (stmt, 1), &status);
      figures->by_status[status]++;
      if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        {
          gint64 date = sqlite3_column_int64 (stmt, 2);

          first = MIN (first, date);
          last = MAX (last, date);
        }
    }
  if (!step_failed (self, rc, error))
    return FALSE;

  if (first <= last)
    {
      figures->first_date = _intake_report_format_date (first);
      figures->last_date = _intake_report_format_date (last);
    }

  return TRUE;
}

static gboolean
read_attributes (IntakeReport  *self,
                 Pass          *pass,
                 GHashTable    *names,
                 GError       **error)
{
  const char *counted[N_COUNTED] = { crosstab_attributes[0], crosstab_attributes[1], crosstab_attributes[2],
                                     INTAKE_ATTRIBUTE_LANGUAGE };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _intake_store_prepare (self->store, "SELECT submission_id, name, value FROM attributes", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *name = (const char *) sqlite3_column_text (stmt, 1);
      const char *value = (const char *) sqlite3_column_text (stmt, 2);
      guint position = GPOINTER_TO_UINT (g_hash_table_lookup (pass->position, &id));

      if (position == 0 || name == NULL || value == NULL)
        continue;
      position--;

      if (!g_hash_table_contains (names, name))
        g_hash_table_add (names, g_strdup (name));

      for (guint x = 0; x < N_COUNTED; x++)
        if (g_str_equal (name, counted[x]))
          {
            int v = value_table_add (&pass->tables[x], value);

            pass->values[position * N_COUNTED + x] = v;
            g_array_index (pass->tables[x].counts, guint, v)++;
          }
    }

  return step_failed (self, rc, error);
}

static gboolean
read_reviewers (IntakeReport  *self,
                Pass          *pass,
                GPtrArray     *order,
                GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _intake_store_prepare (self->store, "SELECT id, name FROM reviewers ORDER BY name, id", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ReviewerCount *reviewer = g_new0 (ReviewerCount, 1);

      reviewer->id = sqlite3_column_int64 (stmt, 0);
      reviewer->name = _intake_store_dup_column_text (stmt, 1);
      g_hash_table_insert (pass->reviewers, &reviewer->id, reviewer);
      g_ptr_array_add (order, reviewer);
    }

  return step_failed (self, rc, error);
}

static gboolean
read_codings (IntakeReport  *self,
              Pass          *pass,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 current_id = 0;
  guint rows = 0;
  int rc;

  stmt = _intake_store_prepare (self->store,
                                "SELECT submission_id, code_id, reviewer_id, start, end FROM codings"
                                " ORDER BY submission_id, start, end, id",
                                error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      RawCoding coding;

      if (++rows % 4096 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (id != current_id)
        {
          flush_submission (pass, current_id);
          current_id = id;
        }
      if (!g_hash_table_contains (pass->position, &id))
        continue;

      coding.code_id = sqlite3_column_int64 (stmt, 1);
      coding.reviewer_id = sqlite3_column_int64 (stmt, 2);
      coding.start = sqlite3_column_int (stmt, 3);
      coding.end = sqlite3_column_int (stmt, 4);
      g_array_append_val (pass->current, coding);
    }
  if (!step_failed (self, rc, error))
    return FALSE;
  flush_submission (pass, current_id);

  return TRUE;
}

/* The selection, as the list shows it: its filters, and without a status
 * every submission but the excluded ones. */
static gboolean
select_submissions (IntakeReport  *self,
                    GError       **error)
{
  const IntakeReportOptions *options = self->options;
  IntakeFilter filter = { 0, };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GHashTable) excluded = NULL;

  if (options->code_guid != NULL && find_code_by_guid (self, options->code_guid) == NULL)
    {
      g_set_error (error, INTAKE_REPORT_ERROR, INTAKE_REPORT_ERROR_INVALID,
                   _("The project has no code with the GUID “%s”"), options->code_guid);
      return FALSE;
    }

  filter.has_status = options->has_status;
  filter.status = options->status;
  filter.code_guid = options->code_guid;
  filter.attribute_name = options->attribute_name;
  filter.attribute_value = options->attribute_value;
  filter.search = options->search;

  ids = intake_store_filter_ids (self->store, &filter, error);
  if (ids == NULL)
    return FALSE;

  if (!options->has_status)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      guint kept = 0;
      int rc;

      excluded = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      stmt = _intake_store_prepare (self->store, "SELECT id FROM submissions WHERE status = ?", error);
      if (stmt == NULL)
        return FALSE;
      _intake_store_bind_text (stmt, 1, intake_status_to_string (INTAKE_STATUS_EXCLUDED));
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 *id = g_new (gint64, 1);

          *id = sqlite3_column_int64 (stmt, 0);
          g_hash_table_add (excluded, id);
        }
      if (!step_failed (self, rc, error))
        return FALSE;

      for (guint i = 0; i < ids->len; i++)
        if (!g_hash_table_contains (excluded, &g_array_index (ids, gint64, i)))
          g_array_index (ids, gint64, kept++) = g_array_index (ids, gint64, i);
      g_array_set_size (ids, kept);
    }

  self->ids = g_steal_pointer (&ids);
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

static GStrv
collect_attribute_names (GHashTable *seen)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) others = g_ptr_array_new ();
  const char * const *defaults = intake_attribute_names ();
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; defaults[i] != NULL; i++)
    g_strv_builder_add (builder, defaults[i]);

  g_hash_table_iter_init (&iter, seen);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_strv_contains (defaults, key))
      g_ptr_array_add (others, key);
  g_ptr_array_sort (others, compare_names);
  for (guint i = 0; i < others->len; i++)
    {
      g_autofree char *name = intake_report_clean_text (g_ptr_array_index (others, i));

      g_strv_builder_add (builder, name);
    }

  return g_strv_builder_end (builder);
}

static IntakeReportCrosstab *
make_crosstab (Pass  *pass,
               guint  x)
{
  IntakeReportCrosstab *crosstab = g_new0 (IntakeReportCrosstab, 1);
  ValueTable *table = &pass->tables[x];
  guint threshold = pass->self->options->threshold;
  guint n_values = table->values->len;

  crosstab->attribute = intake_report_clean_text (crosstab_attributes[x]);
  crosstab->n_columns = n_values + 1;
  crosstab->columns = g_new0 (char *, crosstab->n_columns + 1);
  crosstab->column_totals = g_new0 (guint, crosstab->n_columns);
  crosstab->cells = g_steal_pointer (&pass->cells[x]);

  for (guint column = 0; column < n_values; column++)
    crosstab->columns[column] = intake_report_clean_text (value_table_column (table, column));
  for (guint i = 0; i < n_values; i++)
    crosstab->column_totals[table->order[i]] = g_array_index (table->counts, guint, i);
  {
    guint with_value = 0;

    for (guint i = 0; i < n_values; i++)
      with_value += g_array_index (table->counts, guint, i);
    crosstab->column_totals[n_values] = pass->n_selected - with_value;
  }

  for (guint column = 0; column < crosstab->n_columns; column++)
    crosstab->column_totals[column] = intake_report_suppress (crosstab->column_totals[column], threshold);
  for (guint i = 0; i < pass->n_codes * crosstab->n_columns; i++)
    crosstab->cells[i] = intake_report_suppress (crosstab->cells[i], threshold);

  return crosstab;
}

static void
keep_shown_codes (IntakeReport              *self,
                  IntakeAgreementComparison *comparison)
{
  for (guint i = comparison->codes->len; i > 0; i--)
    {
      IntakeAgreementCode *code = g_ptr_array_index (comparison->codes, i - 1);
      _IntakeReportProjectCode *shown = g_hash_table_lookup (self->code_by_guid, code->code_guid);

      if (shown == NULL || shown->index < 0)
        g_ptr_array_remove_index (comparison->codes, i - 1);
    }
}

/* Agreement is about the reviewers, so it needs two of them; a report of
 * one reviewer's work has no table rather than an error. The overall
 * figures stay those of every code: a filter on the codes shown must not
 * change how far the reviewers agree. */
static gboolean
gather_agreement (IntakeReport  *self,
                  GCancellable  *cancellable,
                  GError       **error)
{
  IntakeReportFigures *figures = &self->figures;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) adjudications = NULL;
  int coders;

  stmt = _intake_store_prepare (self->store, "SELECT count(DISTINCT reviewer_id) FROM codings", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _intake_store_fail (self->store, _("read the project"), error);
  coders = sqlite3_column_int (stmt, 0);
  if (coders < 2)
    return TRUE;

  figures->agreement = intake_store_compute_agreement (self->store, NULL, cancellable, error);
  if (figures->agreement == NULL)
    return FALSE;
  keep_shown_codes (self, figures->agreement->all);
  for (guint p = 0; p < figures->agreement->pairs->len; p++)
    keep_shown_codes (self, g_ptr_array_index (figures->agreement->pairs, p));

  adjudications = intake_store_list_adjudications (self->store, error);
  if (adjudications == NULL)
    return FALSE;
  figures->adjudicated = adjudications->len;

  return TRUE;
}

gboolean
_intake_report_gather_figures (IntakeReport  *self,
                               GCancellable  *cancellable,
                               GError       **error)
{
  IntakeReportFigures *figures = &self->figures;
  const IntakeReportOptions *options = self->options;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) reviewer_order = g_ptr_array_new_with_free_func ((GDestroyNotify) reviewer_count_free);
  _IntakeReportProjectCode *flag;
  IntakeStats stats;
  Pass pass = { 0, };
  gboolean ok = FALSE;

  if (!load_codes (self, error) || !select_submissions (self, error))
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  pass.self = self;
  pass.n_codes = figures->n_codes;
  pass.n_selected = self->ids->len;
  pass.position = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < self->ids->len; i++)
    g_hash_table_insert (pass.position, &g_array_index (self->ids, gint64, i), GUINT_TO_POINTER (i + 1));
  pass.values = g_new (int, (gsize) MAX (pass.n_selected, 1) * N_COUNTED);
  for (gsize i = 0; i < (gsize) pass.n_selected * N_COUNTED; i++)
    pass.values[i] = -1;
  for (guint x = 0; x < N_COUNTED; x++)
    value_table_init (&pass.tables[x]);
  pass.submissions = g_new0 (guint, pass.n_codes + 1);
  pass.excerpts = g_new0 (guint, pass.n_codes + 1);
  pass.cooccurrence = g_new0 (guint, (gsize) pass.n_codes * pass.n_codes + 1);
  pass.stamps = g_new0 (guint, pass.n_codes + 1);
  pass.present = g_array_new (FALSE, FALSE, sizeof (int));
  pass.current = g_array_new (FALSE, FALSE, sizeof (RawCoding));
  pass.reviewers = g_hash_table_new (g_int64_hash, g_int64_equal);
  flag = find_code_by_guid (self, INTAKE_FLAG_NEEDS_REDACTION_GUID);
  pass.needs_redaction_id = flag != NULL ? flag->id : -1;
  flag = find_code_by_guid (self, INTAKE_FLAG_QUOTABLE_GUID);
  pass.quotable_id = flag != NULL ? flag->id : -1;
  pass.candidate_limit = (options->sections & INTAKE_REPORT_SECTION_QUOTES) != 0
                         ? options->quotes_per_code * CANDIDATES_PER_QUOTE : 0;
  pass.candidates = g_new0 (GArray *, pass.n_codes + 1);
  for (guint i = 0; i < pass.n_codes; i++)
    pass.candidates[i] = g_array_new (FALSE, FALSE, sizeof (_IntakeReportCandidate));

  figures->submissions = pass.n_selected;
  if (!read_submissions (self, &pass, error) ||
      !read_attributes (self, &pass, names, error) ||
      !read_reviewers (self, &pass, reviewer_order, error))
    goto out;

  for (guint x = 0; x < N_COUNTED; x++)
    {
      ValueTable *table = &pass.tables[x];

      value_table_sort (table);
      /* From the order seen to the sorted column. */
      for (guint i = 0; i < pass.n_selected; i++)
        {
          int *v = &pass.values[i * N_COUNTED + x];

          if (*v >= 0)
            *v = table->order[*v];
        }
      if (x < N_CROSSTABS)
        pass.cells[x] = g_new0 (guint, (gsize) pass.n_codes * (table->values->len + 1) + 1);
    }

  if (!read_codings (self, &pass, cancellable, error))
    goto out;

  figures->coded_submissions = pass.coded;
  for (guint i = 0; i < pass.n_codes; i++)
    {
      IntakeReportCode *code = &figures->codes[i];

      code->submissions = pass.submissions[i];
      code->excerpts = pass.excerpts[i];
      code->share = pass.coded > 0 ? (double) code->submissions / pass.coded : 0.0;
    }

  figures->crosstabs = g_ptr_array_new_with_free_func ((GDestroyNotify) crosstab_free);
  for (guint x = 0; x < N_CROSSTABS; x++)
    g_ptr_array_add (figures->crosstabs, make_crosstab (&pass, x));

  for (gsize i = 0; i < (gsize) pass.n_codes * pass.n_codes; i++)
    pass.cooccurrence[i] = intake_report_suppress (pass.cooccurrence[i], options->threshold);
  figures->cooccurrence = g_steal_pointer (&pass.cooccurrence);

  figures->by_group = value_table_counts (&pass.tables[CROSSTAB_GROUP], pass.n_selected);
  figures->by_board = value_table_counts (&pass.tables[CROSSTAB_BOARD], pass.n_selected);
  figures->by_language = value_table_counts (&pass.tables[ATTRIBUTE_LANGUAGE], pass.n_selected);
  figures->attribute_names = collect_attribute_names (names);

  /* Reviewers of the selection; one who coded none of it is not listed. */
  figures->reviewers = g_ptr_array_new_with_free_func ((GDestroyNotify) reviewer_free);
  for (guint i = 0; i < reviewer_order->len; i++)
    {
      ReviewerCount *count = g_ptr_array_index (reviewer_order, i);
      IntakeReportReviewer *reviewer;

      if (count->codings == 0)
        continue;
      reviewer = g_new0 (IntakeReportReviewer, 1);
      reviewer->name = intake_report_clean_text (count->name);
      reviewer->submissions = count->submissions;
      reviewer->codings = count->codings;
      g_ptr_array_add (figures->reviewers, reviewer);
    }

  if (!intake_store_get_stats (self->store, &stats, error))
    goto out;
  figures->duplicates = stats.duplicates;
  figures->rejected = stats.rejected;

  if ((options->sections & INTAKE_REPORT_SECTION_CODES) && !gather_agreement (self, cancellable, error))
    goto out;

  for (guint i = 0; i < pass.n_codes; i++)
    prune_candidates (pass.candidates[i], options->quotes_per_code * CANDIDATES_PER_QUOTE);
  if (!_intake_report_make_quotes (self, pass.candidates, cancellable, error))
    goto out;

  ok = TRUE;

out:
  g_hash_table_unref (pass.position);
  g_free (pass.values);
  for (guint x = 0; x < N_COUNTED; x++)
    value_table_clear (&pass.tables[x]);
  for (guint x = 0; x < N_CROSSTABS; x++)
    g_free (pass.cells[x]);
  g_free (pass.submissions);
  g_free (pass.excerpts);
  g_free (pass.cooccurrence);
  g_free (pass.stamps);
  g_array_unref (pass.present);
  g_array_unref (pass.current);
  g_hash_table_unref (pass.reviewers);
  for (guint i = 0; i < pass.n_codes; i++)
    g_array_unref (pass.candidates[i]);
  g_free (pass.candidates);

  return ok;
}
