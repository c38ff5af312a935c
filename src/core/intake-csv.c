#define G_LOG_DOMAIN "intake-csv"

#include "config.h"

#include <string.h>

#include "intake-csv.h"
#include "intake-report.h"

/* The byte order mark is how LibreOffice Calc and other spreadsheets tell
 * UTF-8 from a legacy code page when they open a CSV file.
 *
 * A cell that starts with = + - @, a tab or a carriage return is a formula
 * to a spreadsheet, and the text comes from the public: such a cell gets a
 * leading apostrophe, as OWASP advises against CSV injection, so that it is
 * shown as text and never evaluated. */

/* Written out when the buffer is this full, so memory stays flat. */
#define FLUSH_SIZE (64 * 1024)

struct _IntakeCsvWriter
{
  GOutputStream *out;
  GCancellable  *cancellable;
  GString       *buffer;
  gboolean       first_field;
};

IntakeCsvWriter *
intake_csv_writer_new (GOutputStream *out,
                       GCancellable  *cancellable)
{
  IntakeCsvWriter *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);

  self = g_new0 (IntakeCsvWriter, 1);
  self->out = g_object_ref (out);
  self->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  self->buffer = g_string_sized_new (FLUSH_SIZE + 4096);
  self->first_field = TRUE;
  g_string_append (self->buffer, "\xEF\xBB\xBF");

  return self;
}

void
intake_csv_writer_free (IntakeCsvWriter *self)
{
  if (self == NULL)
    return;

  g_object_unref (self->out);
  g_clear_object (&self->cancellable);
  g_string_free (self->buffer, TRUE);
  g_free (self);
}

gboolean
intake_csv_writer_flush (IntakeCsvWriter  *self,
                         GError          **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->buffer->len == 0)
    return TRUE;

  if (!g_output_stream_write_all (self->out, self->buffer->str, self->buffer->len,
                                  NULL, self->cancellable, error))
    return FALSE;

  g_string_truncate (self->buffer, 0);
  return TRUE;
}

static void
separator (IntakeCsvWriter *self)
{
  if (!self->first_field)
    g_string_append_c (self->buffer, ',');
  self->first_field = FALSE;
}

void
intake_csv_writer_empty (IntakeCsvWriter *self)
{
  separator (self);
}

void
intake_csv_writer_number (IntakeCsvWriter *self,
                          gint64           value)
{
  separator (self);
  g_string_append_printf (self->buffer, "%" G_GINT64_FORMAT, value);
}

static gboolean
starts_formula (const char *text)
{
  return text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL;
}

static void
append_quoted (GString    *buffer,
               const char *text)
{
  g_autofree char *clean = intake_report_clean_text (text);

  g_string_append_c (buffer, '"');
  if (starts_formula (clean))
    g_string_append_c (buffer, '\'');
  for (const char *p = clean; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (buffer, '"');
      g_string_append_c (buffer, *p);
    }
  g_string_append_c (buffer, '"');
}

void
intake_csv_writer_text (IntakeCsvWriter *self,
                        const char      *text)
{
  if (text == NULL)
    {
      intake_csv_writer_empty (self);
      return;
    }

  separator (self);
  append_quoted (self->buffer, text);
}

gboolean
intake_csv_writer_end_row (IntakeCsvWriter  *self,
                           GError          **error)
{
  g_string_append (self->buffer, "\r\n");
  self->first_field = TRUE;

  if (self->buffer->len >= FLUSH_SIZE)
    return intake_csv_writer_flush (self, error);

  return TRUE;
}
