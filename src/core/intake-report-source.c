#define G_LOG_DOMAIN "intake-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "intake-report-private.h"

/* What a report says of each submission: read in batches of
 * INTAKE_REPORT_BATCH ids, redacted one at a time as the writer asks, so
 * that only one batch of texts is ever held. Also the quotes, redacted the
 * same way. */

#define MARKED_MARKER "[redacted: marked]"

struct _IntakeReportRow
{
  gint64        id;
  IntakeStatus  status;
  gboolean      has_date;
  gint64        date;
  char         *subject;
  char         *text;
  char         *memo;
  GPtrArray    *attributes;   /* IntakeReportAttribute, not cleaned */
  GPtrArray    *codings;      /* IntakeCoding, every code */
};

static void
row_free (_IntakeReportRow *row)
{
  g_free (row->subject);
  g_free (row->text);
  g_free (row->memo);
  g_clear_pointer (&row->attributes, g_ptr_array_unref);
  g_clear_pointer (&row->codings, g_ptr_array_unref);
  g_free (row);
}

/* ---- Small things ----------------------------------------------------------- */

/* Stable: submission ids never change, so S-0042 is the same in every export. */
char *
_intake_report_pseudonym (gint64 id)
{
  return g_strdup_printf ("S-%04" G_GINT64_FORMAT, id);
}

char *
_intake_report_format_date (gint64 unix_time)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (unix_time);

  return date != NULL ? g_date_time_format (date, "%Y-%m-%d") : NULL;
}

/* The XML 1.0 Char production, for valid UTF-8. */
static gboolean
is_xml_char (gunichar c)
{
  if (c < 0x20)
    return c == '\t' || c == '\n' || c == '\r';
  return c != 0xfffe && c != 0xffff;
}

static gboolean
needs_cleaning (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p; p++)
    {
      if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
        return TRUE;
      if (p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf))
        return TRUE;
    }

  return FALSE;
}

char *
_intake_report_clean_with_map (const char  *text,
                               GArray     **dropped)
{
  g_autofree char *valid = NULL;
  GString *out;
  int offset = 0;

  *dropped = NULL;
  if (text == NULL)
    return NULL;

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  if (!needs_cleaning (text))
    return g_strdup (text);

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p; p = g_utf8_next_char (p), offset++)
    {
      gunichar c = g_utf8_get_char (p);

      if (is_xml_char (c))
        g_string_append_unichar (out, c);
      else
        {
          if (*dropped == NULL)
            *dropped = g_array_new (FALSE, FALSE, sizeof (int));
          g_array_append_val (*dropped, offset);
        }
    }

  return g_string_free (out, FALSE);
}

/* Where @offset of a text is once the code points at @dropped are gone. */
int
_intake_report_clean_offset (GArray *dropped,
                             int     offset)
{
  guint low = 0, high;

  if (dropped == NULL)
    return offset;

  /* How many dropped code points are before @offset. */
  high = dropped->len;
  while (low < high)
    {
      guint mid = (low + high) / 2;

      if (g_array_index (dropped, int, mid) < offset)
        low = mid + 1;
      else
        high = mid;
    }

  return offset - (int) low;
}

char *
intake_report_clean_text (const char *text)
{
  g_autoptr(GArray) dropped = NULL;

  return _intake_report_clean_with_map (text, &dropped);
}

/* "(?,?,…)" for @n ids bound from 1. */
static char *
placeholders (guint n)
{
  GString *out = g_string_sized_new (2 * n + 2);

  g_string_append_c (out, '(');
  for (guint i = 0; i < n; i++)
    g_string_append (out, i > 0 ? ",?" : "?");
  g_string_append_c (out, ')');

  return g_string_free (out, FALSE);
}

static sqlite3_stmt *
prepare_for_ids (IntakeReport  *self,
                 const char    *before,
                 const char    *after,
                 const gint64  *ids,
                 guint          n_ids,
                 GError       **error)
{
  g_autofree char *list = placeholders (n_ids);
  g_autofree char *sql = g_strconcat (before, list, after, NULL);
  sqlite3_stmt *stmt = _intake_store_prepare (self->store, sql, error);

  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < n_ids; i++)
    sqlite3_bind_int64 (stmt, i + 1, ids[i]);

  return stmt;
}

static gboolean
step_done (IntakeReport  *self,
           int            rc,
           GError       **error)
{
  if (rc == SQLITE_DONE)
    return TRUE;

  return _intake_store_fail (self->store, _("read the project"), error);
}

/* ---- Redaction ------------------------------------------------------------- */

/**
 * intake_report_load_redactor:
 * @store: the project
 *
 * A redactor with the From name of every submission of the project and
 * the name its signature gives, so that a sender's name is redacted in
 * every submission, not only in their own. A From "name" that is an
 * address or holds digits is not a name and is left out.
 *
 * Returns: (transfer full): the redactor, or %NULL with @error set
 */
IntakeRedactor *
intake_report_load_redactor (IntakeStore   *store,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(IntakeRedactor) redactor = intake_redactor_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint rows = 0;
  int rc;

  g_return_val_if_fail (INTAKE_IS_STORE (store), NULL);

  /* A signature is in the last lines: the end of the text is enough. */
  stmt = _intake_store_prepare (store, "SELECT from_name, substr(text, -2000) FROM submissions", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *from_name = (const char *) sqlite3_column_text (stmt, 0);
      const char *tail = (const char *) sqlite3_column_text (stmt, 1);

      if (++rows % 1024 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      if (from_name != NULL && strchr (from_name, '@') == NULL && strpbrk (from_name, "0123456789") == NULL)
        intake_redactor_add_name (redactor, from_name);

      if (tail != NULL)
        {
          g_auto(GStrv) names = intake_redact_signature_names (tail);

          for (guint i = 0; names[i] != NULL; i++)
            intake_redactor_add_name (redactor, names[i]);
        }
    }
  if (rc != SQLITE_DONE)
    {
      _intake_store_fail (store, _("read the project"), error);
      return NULL;
    }

  return g_steal_pointer (&redactor);
}

/**
 * intake_report_redact:
 * @redactor: (nullable): the project's names; %NULL redacts only marked spans
 * @text: a submission's text
 * @codings: (nullable) (element-type IntakeCoding): the submission's codings
 * @withheld: (out) (optional): whether the whole text is withheld
 * @spans_out: (out) (optional) (transfer full): the spans redacted, sorted, merged
 * @offset_map_out: (out) (optional) (transfer full): for intake_redact_map_offset()
 *
 * Returns: (transfer full): @text as a report shows it
 */
char *
intake_report_redact (IntakeRedactor  *redactor,
                      const char      *text,
                      GPtrArray       *codings,
                      gboolean        *withheld,
                      GArray         **spans_out,
                      GArray         **offset_map_out)
{
  g_autoptr(GArray) spans = NULL;
  gboolean whole = FALSE;
  char *redacted;

  g_return_val_if_fail (text != NULL, NULL);

  spans = redactor != NULL ? intake_redactor_find (redactor, text)
                           : g_array_new (FALSE, FALSE, sizeof (IntakeRedactSpan));

  for (guint i = 0; codings != NULL && i < codings->len; i++)
    {
      const IntakeCoding *coding = g_ptr_array_index (codings, i);

      if (g_strcmp0 (coding->code_guid, INTAKE_FLAG_NEEDS_REDACTION_GUID) != 0)
        continue;
      if (coding->start < 0)
        whole = TRUE;
      else
        g_array_append_val (spans, ((IntakeRedactSpan) { coding->start, coding->end, INTAKE_REDACT_MARKED }));
    }

  /* The flag on the whole submission: nothing of it is shown. */
  if (whole)
    {
      g_array_set_size (spans, 0);
      g_array_append_val (spans, ((IntakeRedactSpan) { 0, intake_text_length (text), INTAKE_REDACT_MARKED }));
    }

  redacted = intake_redact_apply (text, spans, offset_map_out);

  if (withheld != NULL)
    *withheld = whole;
  if (spans_out != NULL)
    {
      int length = intake_text_length (text);

      for (guint i = 0; i < spans->len; i++)
        {
          IntakeRedactSpan *span = &g_array_index (spans, IntakeRedactSpan, i);

          span->start = CLAMP (span->start, 0, length);
          span->end = CLAMP (span->end, 0, length);
        }
      intake_redact_merge_spans (spans);
      *spans_out = g_steal_pointer (&spans);
    }

  return redacted;
}

char *
intake_report_redact_plain (IntakeRedactor *redactor,
                            const char     *text,
                            gboolean        withheld)
{
  g_autoptr(GArray) spans = NULL;
  g_autofree char *redacted = NULL;

  if (text == NULL)
    return NULL;
  if (withheld)
    return g_strdup (MARKED_MARKER);
  if (redactor == NULL)
    return intake_report_clean_text (text);

  spans = intake_redactor_find (redactor, text);
  redacted = intake_redact_apply (text, spans, NULL);

  return intake_report_clean_text (redacted);
}

/* A subject or memo: all of it withheld with the text. Cleaned either way. */
static char *
redact_plain (IntakeReport *self,
              const char   *text,
              gboolean      withheld)
{
  if (text == NULL)
    return NULL;
  if (!self->options->redact)
    return intake_report_clean_text (text);

  return intake_report_redact_plain (self->redactor, text, withheld);
}

static void
codings_free (gpointer data)
{
  g_ptr_array_unref (data);
}

GHashTable *
_intake_report_load_codings (IntakeReport  *self,
                             const gint64  *ids,
                             guint          n_ids,
                             GError       **error)
{
  g_autoptr(GHashTable) codings = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, codings_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  /* Whole-submission codings (-1) first, then by start. */
  stmt = prepare_for_ids (self,
                          "SELECT g.submission_id, c.guid, r.name, g.start, g.end FROM codings g"
                          " JOIN codes c ON c.id = g.code_id JOIN reviewers r ON r.id = g.reviewer_id"
                          " WHERE g.submission_id IN ",
                          " ORDER BY g.submission_id, g.start, g.end, c.id, r.name",
                          ids, n_ids, error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      GPtrArray *list = g_hash_table_lookup (codings, &id);
      IntakeCoding *coding = g_new0 (IntakeCoding, 1);

      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func ((GDestroyNotify) intake_coding_free);
          g_hash_table_insert (codings, g_memdup2 (&id, sizeof id), list);
        }
      coding->submission_id = id;
      coding->code_guid = _intake_store_dup_column_text (stmt, 1);
      coding->reviewer = _intake_store_dup_column_text (stmt, 2);
      coding->start = sqlite3_column_int (stmt, 3);
      coding->end = sqlite3_column_int (stmt, 4);
      g_ptr_array_add (list, coding);
    }
  if (!step_done (self, rc, error))
    return NULL;

  return g_steal_pointer (&codings);
}

static void
attributes_free (gpointer data)
{
  g_ptr_array_unref (data);
}

/* id → GPtrArray of IntakeReportAttribute, by name, not cleaned. */
static GHashTable *
load_attributes (IntakeReport  *self,
                 const gint64  *ids,
                 guint          n_ids,
                 GError       **error)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, attributes_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare_for_ids (self, "SELECT submission_id, name, value FROM attributes WHERE submission_id IN ",
                          " ORDER BY submission_id, name", ids, n_ids, error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      GPtrArray *list = g_hash_table_lookup (attributes, &id);
      IntakeReportAttribute *attribute = g_new0 (IntakeReportAttribute, 1);

      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func ((GDestroyNotify) _intake_report_attribute_free);
          g_hash_table_insert (attributes, g_memdup2 (&id, sizeof id), list);
        }
      attribute->name = _intake_store_dup_column_text (stmt, 1);
      attribute->value = _intake_store_dup_column_text (stmt, 2);
      g_ptr_array_add (list, attribute);
    }
  if (!step_done (self, rc, error))
    return NULL;

  return g_steal_pointer (&attributes);
}

static GPtrArray *
clean_attributes (GPtrArray *attributes)
{
  GPtrArray *cleaned = g_ptr_array_new_with_free_func ((GDestroyNotify) _intake_report_attribute_free);

  for (guint i = 0; attributes != NULL && i < attributes->len; i++)
    {
      const IntakeReportAttribute *attribute = g_ptr_array_index (attributes, i);
      IntakeReportAttribute *copy = g_new0 (IntakeReportAttribute, 1);

      copy->name = intake_report_clean_text (attribute->name);
      copy->value = intake_report_clean_text (attribute->value);
      g_ptr_array_add (cleaned, copy);
    }

  return cleaned;
}

void
_intake_report_batch_clear (IntakeReport *self)
{
  g_clear_pointer (&self->batch, g_ptr_array_unref);
  self->batch_pos = 0;
}

static gboolean
load_batch (IntakeReport  *self,
            GError       **error)
{
  const gint64 *ids = &g_array_index (self->ids, gint64, self->next_id);
  guint n = MIN (INTAKE_REPORT_BATCH, self->ids->len - self->next_id);
  g_autoptr(GHashTable) rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) row_free);
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GHashTable) codings = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare_for_ids (self, "SELECT id, status, date, subject, text FROM submissions WHERE id IN ", "",
                          ids, n, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      _IntakeReportRow *row = g_new0 (_IntakeReportRow, 1);

      row->id = sqlite3_column_int64 (stmt, 0);
      intake_status_from_string ((const char *) sqlite3_column_text (stmt, 1), &row->status);
      row->has_date = sqlite3_column_type (stmt, 2) != SQLITE_NULL;
      row->date = sqlite3_column_int64 (stmt, 2);
      row->subject = _intake_store_dup_column_text (stmt, 3);
      row->text = _intake_store_dup_column_text (stmt, 4);
      if (row->text == NULL)
        row->text = g_strdup ("");
      g_hash_table_insert (rows, &row->id, row);
    }
  if (!step_done (self, rc, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);

  if ((attributes = load_attributes (self, ids, n, error)) == NULL ||
      (codings = _intake_report_load_codings (self, ids, n, error)) == NULL)
    return FALSE;

  if (self->options->memos)
    {
      /* Every reviewer's memo, oldest first. */
      stmt = prepare_for_ids (self,
                              "SELECT submission_id, group_concat (text, char (10, 10)) FROM"
                              " (SELECT submission_id, text FROM memos WHERE text != '' AND submission_id IN ",
                              " ORDER BY submission_id, updated_at, rowid) GROUP BY submission_id",
                              ids, n, error);
      if (stmt == NULL)
        return FALSE;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          _IntakeReportRow *row = g_hash_table_lookup (rows, &id);

          if (row != NULL && sqlite3_column_bytes (stmt, 1) > 0)
            row->memo = _intake_store_dup_column_text (stmt, 1);
        }
      if (!step_done (self, rc, error))
        return FALSE;
    }

  _intake_report_batch_clear (self);
  self->batch = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  for (guint i = 0; i < n; i++)
    {
      gpointer key = NULL, value = NULL;
      _IntakeReportRow *row;

      /* The snapshot holds them all; a row missing would be a bug. The
       * key is the row's first field, so the table keeps keys as values:
       * asking for the key too would give a NULL value (GLib 2.74). */
      if (!g_hash_table_steal_extended (rows, &ids[i], NULL, &value))
        continue;
      row = value;
      value = NULL;
      g_hash_table_steal_extended (attributes, &row->id, &key, &value);
      if (value != NULL)
        {
          row->attributes = value;
          g_free (key);
        }
      value = NULL;
      g_hash_table_steal_extended (codings, &row->id, &key, &value);
      if (value != NULL)
        {
          row->codings = value;
          g_free (key);
        }
      g_ptr_array_add (self->batch, row);
    }
  self->next_id += n;

  return TRUE;
}

static void
report_coding_free (IntakeReportCoding *coding)
{
  g_free (coding->reviewer);
  g_free (coding->excerpt);
  g_free (coding);
}

void
intake_report_submission_free (IntakeReportSubmission *submission)
{
  if (submission == NULL)
    return;

  g_free (submission->pseudonym);
  g_free (submission->date);
  g_free (submission->subject);
  g_clear_pointer (&submission->attributes, g_ptr_array_unref);
  g_clear_pointer (&submission->codings, g_ptr_array_unref);
  g_free (submission->memo);
  g_free (submission);
}

static int
code_index (IntakeReport *self,
            const char   *guid)
{
  _IntakeReportProjectCode *pc = g_hash_table_lookup (self->code_by_guid, guid);

  return pc != NULL ? pc->index : -1;
}

gboolean
intake_report_is_withheld (GPtrArray *codings)
{
  for (guint i = 0; codings != NULL && i < codings->len; i++)
    {
      const IntakeCoding *coding = g_ptr_array_index (codings, i);

      if (coding->start < 0 && g_strcmp0 (coding->code_guid, INTAKE_FLAG_NEEDS_REDACTION_GUID) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Whether the report shows an excerpt of @row. */
static gboolean
has_excerpts (IntakeReport     *self,
              _IntakeReportRow *row)
{
  for (guint i = 0; row->codings != NULL && i < row->codings->len; i++)
    {
      const IntakeCoding *coding = g_ptr_array_index (row->codings, i);

      if (coding->start >= 0 && code_index (self, coding->code_guid) >= 0)
        return TRUE;
    }

  return FALSE;
}

static IntakeReportSubmission *
make_submission (IntakeReport     *self,
                 _IntakeReportRow *row)
{
  IntakeReportSubmission *submission = g_new0 (IntakeReportSubmission, 1);
  g_autofree char *redacted = NULL;
  g_autofree char *cleaned = NULL;
  g_autoptr(GArray) map = NULL;
  g_autoptr(GArray) dropped = NULL;
  gboolean withheld = FALSE;
  int length;

  submission->id = row->id;
  submission->pseudonym = _intake_report_pseudonym (row->id);
  submission->date = row->has_date ? _intake_report_format_date (row->date) : NULL;
  submission->status = row->status;
  submission->attributes = clean_attributes (row->attributes);
  submission->codings = g_ptr_array_new_with_free_func ((GDestroyNotify) report_coding_free);

  /* The text itself is not in the report, only its excerpts: without one
   * it need not be redacted, only looked at for the withholding flag. */
  if (self->options->redact && has_excerpts (self, row))
    redacted = intake_report_redact (self->redactor, row->text, row->codings, &withheld, NULL, &map);
  else if (self->options->redact)
    {
      withheld = intake_report_is_withheld (row->codings);
      redacted = g_strdup ("");
    }
  else
    redacted = g_strdup (row->text);
  /* Offsets are counted in the text as the report has it: redacted, then cleaned. */
  cleaned = _intake_report_clean_with_map (redacted, &dropped);
  length = intake_text_length (redacted);

  submission->subject = redact_plain (self, row->subject, withheld);
  submission->memo = redact_plain (self, row->memo, withheld);

  for (guint i = 0; row->codings != NULL && i < row->codings->len; i++)
    {
      const IntakeCoding *coding = g_ptr_array_index (row->codings, i);
      int index = code_index (self, coding->code_guid);
      IntakeReportCoding *out;

      if (index < 0)
        continue;

      out = g_new0 (IntakeReportCoding, 1);
      out->code = index;
      out->reviewer = intake_report_clean_text (coding->reviewer);
      out->start = out->end = -1;
      if (coding->start >= 0)
        {
          g_autofree char *slice = NULL;
          int start = coding->start, end = coding->end;

          if (map != NULL)
            intake_redact_map_range (map, coding->start, coding->end, &start, &end);
          start = CLAMP (start, 0, length);
          end = CLAMP (end, start, length);
          slice = intake_text_slice (redacted, start, end);
          out->excerpt = intake_report_clean_text (slice);
          out->start = _intake_report_clean_offset (dropped, start);
          out->end = _intake_report_clean_offset (dropped, end);
        }
      g_ptr_array_add (submission->codings, out);
    }

  return submission;
}

void
intake_report_rewind (IntakeReport *self)
{
  g_return_if_fail (INTAKE_IS_REPORT (self));

  _intake_report_batch_clear (self);
  self->next_id = 0;
}

/**
 * intake_report_next_submission:
 * @self: (type IntakeReport): the report
 * @out: (out) (transfer full): the next selected submission, or %NULL at the end
 *
 * An #IntakeReportNextFunc: the selected submissions in list order.
 */
gboolean
intake_report_next_submission (gpointer                  self,
                               IntakeReportSubmission  **out,
                               GError                  **error)
{
  IntakeReport *report = self;
  _IntakeReportRow *row;

  g_return_val_if_fail (INTAKE_IS_REPORT (report), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  *out = NULL;
  if (report->batch == NULL || report->batch_pos >= report->batch->len)
    {
      _intake_report_batch_clear (report);
      if (report->next_id >= report->ids->len)
        return TRUE;
      if (!load_batch (report, error))
        return FALSE;
      if (report->batch->len == 0)
        return TRUE;
    }

  row = g_ptr_array_index (report->batch, report->batch_pos++);
  *out = make_submission (report, row);
  /* Done with its text: a batch does not keep what was handed out. */
  g_clear_pointer (&row->text, g_free);

  return TRUE;
}

/* ---- Quotes ------------------------------------------------------------- */

static void
quote_free (IntakeReportQuote *quote)
{
  g_free (quote->pseudonym);
  g_free (quote->text);
  g_clear_pointer (&quote->attributes, g_ptr_array_unref);
  g_free (quote);
}

/* Whether anything but markers and blanks is left. */
static gboolean
has_substance (const char *text)
{
  const char *p = text;

  while (*p)
    {
      if (g_str_has_prefix (p, "[redacted: "))
        {
          const char *close = strchr (p, ']');

          if (close != NULL)
            {
              p = close + 1;
              continue;
            }
        }
      if (!g_unichar_isspace (g_utf8_get_char (p)))
        return TRUE;
      p = g_utf8_next_char (p);
    }

  return FALSE;
}

/* At most INTAKE_REPORT_QUOTE_MAX_CHARS, "…" included, cut after a word
 * and never inside a marker. */
static char *
cut_quote (const char *text,
           gboolean   *cut)
{
  const char *limit;
  const char *end;
  GString *out;

  *cut = FALSE;
  if (intake_text_length (text) <= INTAKE_REPORT_QUOTE_MAX_CHARS)
    return g_strdup (text);

  *cut = TRUE;
  limit = g_utf8_offset_to_pointer (text, INTAKE_REPORT_QUOTE_MAX_CHARS - 1);
  end = limit;

  /* The last blank before the limit, unless it is too far back. */
  for (const char *p = limit; p > text + (limit - text) / 2; p = g_utf8_prev_char (p))
    if (g_unichar_isspace (g_utf8_get_char (p)))
      {
        end = p;
        break;
      }

  /* A marker cut in two goes whole. */
  {
    const char *open = g_strrstr_len (text, end - text, "[redacted: ");

    if (open != NULL && memchr (open, ']', end - open) == NULL)
      end = open;
  }
  while (end > text && g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (end))))
    end = g_utf8_prev_char (end);

  out = g_string_new_len (text, end - text);
  g_string_append (out, "…");

  return g_string_free (out, FALSE);
}

typedef struct
{
  char      *text;       /* redacted; NULL when withheld */
  GArray    *map;
  int        length;
} RedactedText;

static void
redacted_text_free (RedactedText *redacted)
{
  g_free (redacted->text);
  g_clear_pointer (&redacted->map, g_array_unref);
  g_free (redacted);
}

/* The quotes of the candidates of the submissions @ids: fills
 * @texts[code][candidate] for those in @ids. */
static gboolean
quote_batch (IntakeReport   *self,
             GArray        **candidates,
             char         ***texts,
             gboolean      **cuts,
             GHashTable     *attributes_out,
             const gint64   *ids,
             guint           n_ids,
             GError        **error)
{
  g_autoptr(GHashTable) redacted = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                          (GDestroyNotify) redacted_text_free);
  g_autoptr(GHashTable) codings = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if ((codings = _intake_report_load_codings (self, ids, n_ids, error)) == NULL ||
      (attributes = load_attributes (self, ids, n_ids, error)) == NULL)
    return FALSE;

  stmt = prepare_for_ids (self, "SELECT id, text FROM submissions WHERE id IN ", "", ids, n_ids, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *text = (const char *) sqlite3_column_text (stmt, 1);
      RedactedText *r = g_new0 (RedactedText, 1);
      gboolean withheld = FALSE;

      if (text == NULL)
        text = "";
      if (self->options->redact)
        r->text = intake_report_redact (self->redactor, text, g_hash_table_lookup (codings, &id),
                                        &withheld, NULL, &r->map);
      else
        r->text = g_strdup (text);
      /* A withheld submission gives no quote. */
      if (withheld)
        g_clear_pointer (&r->text, g_free);
      r->length = r->text != NULL ? intake_text_length (r->text) : 0;
      g_hash_table_insert (redacted, g_memdup2 (&id, sizeof id), r);
    }
  if (!step_done (self, rc, error))
    return FALSE;

  for (guint code = 0; code < self->figures.n_codes; code++)
    for (guint i = 0; i < candidates[code]->len; i++)
      {
        const _IntakeReportCandidate *candidate = &g_array_index (candidates[code], _IntakeReportCandidate, i);
        RedactedText *r = g_hash_table_lookup (redacted, &candidate->submission_id);
        g_autofree char *slice = NULL;
        g_autofree char *cleaned = NULL;
        int start = candidate->start, end = candidate->end;

        if (r == NULL || r->text == NULL)
          continue;
        if (r->map != NULL)
          intake_redact_map_range (r->map, candidate->start, candidate->end, &start, &end);
        start = CLAMP (start, 0, r->length);
        end = CLAMP (end, start, r->length);
        slice = intake_text_slice (r->text, start, end);
        cleaned = intake_report_clean_text (slice);
        g_strstrip (cleaned);
        if (!has_substance (cleaned))
          continue;
        texts[code][i] = cut_quote (cleaned, &cuts[code][i]);
      }

  /* The attributes of the quoted, cleaned. */
  for (guint i = 0; i < n_ids; i++)
    {
      GPtrArray *list = g_hash_table_lookup (attributes, &ids[i]);

      g_hash_table_insert (attributes_out, g_memdup2 (&ids[i], sizeof ids[i]), clean_attributes (list));
    }

  return TRUE;
}

gboolean
_intake_report_make_quotes (IntakeReport   *self,
                            GArray        **candidates,
                            GCancellable   *cancellable,
                            GError        **error)
{
  IntakeReportFigures *figures = &self->figures;
  guint n_codes = figures->n_codes;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) attributes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                            (GDestroyNotify) g_ptr_array_unref);
  char ***texts = g_new0 (char **, n_codes + 1);
  gboolean **cuts = g_new0 (gboolean *, n_codes + 1);
  gboolean ok = TRUE;

  figures->quotes = g_new0 (GPtrArray *, n_codes + 1);
  for (guint code = 0; code < n_codes; code++)
    {
      figures->quotes[code] = g_ptr_array_new_with_free_func ((GDestroyNotify) quote_free);
      texts[code] = g_new0 (char *, candidates[code]->len + 1);
      cuts[code] = g_new0 (gboolean, candidates[code]->len + 1);
      for (guint i = 0; i < candidates[code]->len; i++)
        {
          gint64 *id = &g_array_index (candidates[code], _IntakeReportCandidate, i).submission_id;

          if (!g_hash_table_contains (seen, id))
            {
              g_hash_table_add (seen, id);
              g_array_append_val (ids, *id);
            }
        }
    }

  for (guint at = 0; ok && at < ids->len; at += INTAKE_REPORT_BATCH)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        ok = FALSE;
      else
        ok = quote_batch (self, candidates, texts, cuts, attributes, &g_array_index (ids, gint64, at),
                          MIN (INTAKE_REPORT_BATCH, ids->len - at), error);
    }

  for (guint code = 0; ok && code < n_codes; code++)
    {
      g_autoptr(GHashTable) quoted = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < candidates[code]->len && figures->quotes[code]->len < self->options->quotes_per_code; i++)
        {
          const _IntakeReportCandidate *candidate = &g_array_index (candidates[code], _IntakeReportCandidate, i);
          IntakeReportQuote *quote;

          /* Form letters give the same words many times: once is enough. */
          if (texts[code][i] == NULL || g_hash_table_contains (quoted, texts[code][i]))
            continue;
          g_hash_table_add (quoted, texts[code][i]);

          quote = g_new0 (IntakeReportQuote, 1);
          quote->submission_id = candidate->submission_id;
          quote->pseudonym = _intake_report_pseudonym (candidate->submission_id);
          quote->text = g_strdup (texts[code][i]);
          quote->cut = cuts[code][i];
          quote->quotable = candidate->quotable;
          quote->attributes = clean_attributes (g_hash_table_lookup (attributes, &candidate->submission_id));
          g_ptr_array_add (figures->quotes[code], quote);
        }
    }

  for (guint code = 0; code < n_codes; code++)
    {
      for (guint i = 0; i < candidates[code]->len; i++)
        g_free (texts[code][i]);
      g_free (texts[code]);
      g_free (cuts[code]);
    }
  g_free (texts);
  g_free (cuts);

  return ok;
}
