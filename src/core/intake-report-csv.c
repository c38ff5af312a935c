#define G_LOG_DOMAIN "intake-report"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "intake-csv.h"
#include "intake-report.h"

/* The codings and the matrix as CSV, through the writer every CSV of the
 * project shares (intake-csv.c): RFC 4180, UTF-8 with a byte order mark,
 * formulas defused. */

/* How often, in submissions, progress is said and cancellation looked at. */
#define PROGRESS_EVERY 200

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
write_attributes (IntakeCsvWriter              *self,
                  const IntakeReportFigures    *figures,
                  const IntakeReportSubmission *submission)
{
  for (guint i = 0; figures->attribute_names != NULL && figures->attribute_names[i] != NULL; i++)
    {
      const char *value = find_attribute (submission, figures->attribute_names[i]);

      /* An attribute set to nothing is as good as not recorded. */
      if (value != NULL && *value == '\0')
        value = NULL;
      intake_csv_writer_text (self, value);
    }
}

static gboolean
write_codings_header (IntakeCsvWriter           *self,
                      const IntakeReportFigures *figures,
                      GError                   **error)
{
  /* Column names are for the coordinator's spreadsheet, so they are translated. */
  intake_csv_writer_text (self, _("Submission"));
  intake_csv_writer_text (self, _("Code"));
  intake_csv_writer_text (self, _("Code GUID"));
  intake_csv_writer_text (self, _("Reviewer"));
  intake_csv_writer_text (self, _("Start"));
  intake_csv_writer_text (self, _("End"));
  intake_csv_writer_text (self, _("Excerpt"));
  for (guint i = 0; figures->attribute_names != NULL && figures->attribute_names[i] != NULL; i++)
    intake_csv_writer_text (self, figures->attribute_names[i]);

  return intake_csv_writer_end_row (self, error);
}

static gboolean
write_codings (IntakeCsvWriter              *self,
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

      intake_csv_writer_text (self, submission->pseudonym);
      intake_csv_writer_text (self, code->path);
      intake_csv_writer_text (self, code->guid);
      intake_csv_writer_text (self, coding->reviewer);
      if (coding->start >= 0)
        {
          intake_csv_writer_number (self, coding->start);
          intake_csv_writer_number (self, coding->end);
          intake_csv_writer_text (self, coding->excerpt != NULL ? coding->excerpt : "");
        }
      else
        {
          intake_csv_writer_empty (self);
          intake_csv_writer_empty (self);
          intake_csv_writer_empty (self);
        }
      write_attributes (self, figures, submission);

      if (!intake_csv_writer_end_row (self, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
write_matrix_header (IntakeCsvWriter           *self,
                     const IntakeReportFigures *figures,
                     GError                   **error)
{
  intake_csv_writer_text (self, _("Submission"));
  intake_csv_writer_text (self, _("Date"));
  intake_csv_writer_text (self, _("Status"));
  for (guint i = 0; figures->attribute_names != NULL && figures->attribute_names[i] != NULL; i++)
    intake_csv_writer_text (self, figures->attribute_names[i]);
  for (guint i = 0; i < figures->n_codes; i++)
    intake_csv_writer_text (self, figures->codes[i].path);

  return intake_csv_writer_end_row (self, error);
}

/* @coded has a byte per code; it is cleared here and left as the row. */
static gboolean
write_matrix_row (IntakeCsvWriter              *self,
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

  intake_csv_writer_text (self, submission->pseudonym);
  intake_csv_writer_text (self, submission->date);
  intake_csv_writer_text (self, intake_status_to_string (submission->status));
  write_attributes (self, figures, submission);
  for (guint i = 0; i < figures->n_codes; i++)
    intake_csv_writer_number (self, coded[i]);

  return intake_csv_writer_end_row (self, error);
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
  g_autoptr(IntakeCsvWriter) writer = NULL;
  g_autofree guint8 *coded = NULL;
  guint done = 0;

  g_return_val_if_fail (figures != NULL, FALSE);
  g_return_val_if_fail (next != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  writer = intake_csv_writer_new (out, cancellable);

  if (matrix)
    {
      coded = g_malloc0 (MAX (figures->n_codes, 1));
      if (!write_matrix_header (writer, figures, error))
        return FALSE;
    }
  else if (!write_codings_header (writer, figures, error))
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
        written = write_matrix_row (writer, figures, submission, coded, error);
      else
        written = write_codings (writer, figures, submission, error);
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

  if (!intake_csv_writer_flush (writer, error))
    return FALSE;
  if (progress != NULL)
    progress (1.0, progress_data);

  return TRUE;
}
