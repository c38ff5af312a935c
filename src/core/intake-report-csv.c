#define G_LOG_DOMAIN "intake-report"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "intake-report.h"

/* CSV for spreadsheets, by RFC 4180: CRLF between records, every text field
 * quoted (quotes doubled inside), numbers bare, an empty field for a value
 * that is not there.  The file starts with a UTF-8 byte order mark, which is
 * how LibreOffice Calc and other spreadsheets tell UTF-8 from a legacy code
 * page when they open a CSV file.
 *
 * A cell that starts with = + - @, a tab or a carriage return is a formula
 * to a spreadsheet, and the text comes from the public: such a cell gets a
 * leading apostrophe, as OWASP advises against CSV injection, so that it is
 * shown as text and never evaluated. */

/* Written out when the buffer is this full, so memory stays flat. */
#define FLUSH_SIZE (64 * 1024)
/* How often, in submissions, progress is said and cancellation looked at. */
#define PROGRESS_EVERY 200

typedef struct
{
  GOutputStream *out;
  GCancellable  *cancellable;
  GString       *buffer;
  gboolean       first_field;
} CsvWriter;

static gboolean
csv_flush (CsvWriter  *self,
           GError    **error)
{
  if (self->buffer->len == 0)
    return TRUE;

  if (!g_output_stream_write_all (self->out, self->buffer->str, self->buffer->len,
                                  NULL, self->cancellable, error))
    return FALSE;

  g_string_truncate (self->buffer, 0);
  return TRUE;
}

static void
csv_separator (CsvWriter *self)
{
  if (!self->first_field)
    g_string_append_c (self->buffer, ',');
  self->first_field = FALSE;
}

/* A missing value: an empty field, unquoted, unlike an empty text ("") */
static void
csv_empty (CsvWriter *self)
{
  csv_separator (self);
}

static void
csv_number (CsvWriter *self,
            gint64     value)
{
  csv_separator (self);
  g_string_append_printf (self->buffer, "%" G_GINT64_FORMAT, value);
}

static gboolean
starts_formula (const char *text)
{
  return text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL;
}

static void
csv_text (CsvWriter  *self,
          const char *text)
{
  g_autofree char *clean = NULL;

  if (text == NULL)
    {
      csv_empty (self);
      return;
    }

  csv_separator (self);
  clean = intake_report_clean_text (text);

  g_string_append_c (self->buffer, '"');
  if (starts_formula (clean))
    g_string_append_c (self->buffer, '\'');
  for (const char *p = clean; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (self->buffer, '"');
      g_string_append_c (self->buffer, *p);
    }
  g_string_append_c (self->buffer, '"');
}

static gboolean
csv_end_row (CsvWriter  *self,
             GError    **error)
{
  g_string_append (self->buffer, "\r\n");
  self->first_field = TRUE;

  if (self->buffer->len >= FLUSH_SIZE)
    return csv_flush (self, error);

  return TRUE;
}

/* The value of the attribute @name of @submission, or NULL; the attributes
 * are sorted by name, but there are few, so a plain walk does. */
static const char *
find_attribute (const IntakeReportSubmission *submission,
                const char                   *name)
{
  if (submission->attributes == NULL)
    return NULL;

  for (guint i = 0; i < submission->attributes->len; i++)
    {
      const IntakeReportAttribute *attribute = g_ptr_array_index (submission->attributes, i);

      if (g_strcmp0 (attribute->name, name) == 0)
        return attribute->value;
    }

  return NULL;
}

static void
write_attributes (CsvWriter                    *self,
                  const IntakeReportFigures    *figures,
                  const IntakeReportSubmission *submission)
{
  for (guint i = 0; figures->attribute_names != NULL && figures->attribute_names[i] != NULL; i++)
    {
      const char *value = find_attribute (submission, figures->attribute_names[i]);

      /* An attribute set to nothing is as good as not recorded. */
      if (value != NULL && *value == '\0')
        value = NULL;
      csv_text (self, value);
    }
}

static gboolean
write_codings_header (CsvWriter                 *self,
                      const IntakeReportFigures *figures,
                      GError                   **error)
{
  /* Column names are for the coordinator's spreadsheet, so they are translated. */
  csv_text (self, _("Submission"));
  csv_text (self, _("Code"));
  csv_text (self, _("Code GUID"));
  csv_text (self, _("Reviewer"));
  csv_text (self, _("Start"));
  csv_text (self, _("End"));
  csv_text (self, _("Excerpt"));
  for (guint i = 0; figures->attribute_names != NULL && figures->attribute_names[i] != NULL; i++)
    csv_text (self, figures->attribute_names[i]);

  return csv_end_row (self, error);
}

static gboolean
write_codings (CsvWriter                    *self,
               const IntakeReportFigures    *figures,
               const IntakeReportSubmission *submission,
               GError                      **error)
{
  if (submission->codings == NULL)
    return TRUE;

  for (guint i = 0; i < submission->codings->len; i++)
    {
      const IntakeReportCoding *coding = g_ptr_array_index (submission->codings, i);
      const IntakeReportCode *code;

      /* Codings of codes outside the report's selection are not its business. */
      if (coding->code < 0 || (guint) coding->code >= figures->n_codes)
        continue;
      code = &figures->codes[coding->code];

      csv_text (self, submission->pseudonym);
      csv_text (self, code->path);
      csv_text (self, code->guid);
      csv_text (self, coding->reviewer);
      if (coding->start >= 0)
        {
          csv_number (self, coding->start);
          csv_number (self, coding->end);
          csv_text (self, coding->excerpt != NULL ? coding->excerpt : "");
        }
      else
        {
          csv_empty (self);
          csv_empty (self);
          csv_empty (self);
        }
      write_attributes (self, figures, submission);

      if (!csv_end_row (self, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
write_matrix_header (CsvWriter                 *self,
                     const IntakeReportFigures *figures,
                     GError                   **error)
{
  csv_text (self, _("Submission"));
  csv_text (self, _("Date"));
  csv_text (self, _("Status"));
  for (guint i = 0; figures->attribute_names != NULL && figures->attribute_names[i] != NULL; i++)
    csv_text (self, figures->attribute_names[i]);
  for (guint i = 0; i < figures->n_codes; i++)
    csv_text (self, figures->codes[i].path);

  return csv_end_row (self, error);
}

/* @coded has a byte per code; it is cleared here and left as the row. */
static gboolean
write_matrix_row (CsvWriter                    *self,
                  const IntakeReportFigures    *figures,
                  const IntakeReportSubmission *submission,
                  guint8                       *coded,
                  GError                      **error)
{
  memset (coded, 0, figures->n_codes);

  /* A parent counts when it or any code under it is applied, as the
   * figures count it; codes come parent first, so a walk up suffices. */
  for (guint i = 0; submission->codings != NULL && i < submission->codings->len; i++)
    {
      const IntakeReportCoding *coding = g_ptr_array_index (submission->codings, i);
      int code = coding->code;

      if (code < 0 || (guint) code >= figures->n_codes)
        continue;
      while (code >= 0 && !coded[code])
        {
          coded[code] = 1;
          code = figures->codes[code].parent;
        }
    }

  csv_text (self, submission->pseudonym);
  csv_text (self, submission->date);
  csv_text (self, intake_status_to_string (submission->status));
  write_attributes (self, figures, submission);
  for (guint i = 0; i < figures->n_codes; i++)
    csv_number (self, coded[i]);

  return csv_end_row (self, error);
}

gboolean
intake_report_write_csv (const IntakeReportFigures *figures,
                         gboolean                   matrix,
                         IntakeReportNextFunc       next,
                         gpointer                   next_data,
                         GOutputStream             *out,
                         IntakeReportProgressFunc   progress,
                         gpointer                   progress_data,
                         GCancellable              *cancellable,
                         GError                   **error)
{
  g_autoptr(GString) buffer = g_string_sized_new (FLUSH_SIZE + 4096);
  g_autofree guint8 *coded = NULL;
  CsvWriter writer = { out, cancellable, buffer, TRUE };
  guint done = 0;

  g_return_val_if_fail (figures != NULL, FALSE);
  g_return_val_if_fail (next != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  g_string_append (buffer, "\xEF\xBB\xBF");

  if (matrix)
    {
      coded = g_malloc0 (MAX (figures->n_codes, 1));
      if (!write_matrix_header (&writer, figures, error))
        return FALSE;
    }
  else if (!write_codings_header (&writer, figures, error))
    return FALSE;

  for (;;)
    {
      g_autoptr(IntakeReportSubmission) submission = NULL;
      gboolean written;

      if (!next (next_data, &submission, error))
        return FALSE;
      if (submission == NULL)
        break;

      if (matrix)
        written = write_matrix_row (&writer, figures, submission, coded, error);
      else
        written = write_codings (&writer, figures, submission, error);
      if (!written)
        return FALSE;

      if (++done % PROGRESS_EVERY == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (progress != NULL && figures->submissions > 0)
            progress (MIN ((double) done / figures->submissions, 1.0), progress_data);
        }
    }

  if (!csv_flush (&writer, error))
    return FALSE;
  if (progress != NULL)
    progress (1.0, progress_data);

  return TRUE;
}
