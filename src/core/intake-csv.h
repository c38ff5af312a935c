#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* CSV for spreadsheets, by RFC 4180: CRLF between records, every text field
 * quoted (quotes doubled inside), numbers bare, an empty field for a value
 * that is not there. The output starts with a UTF-8 byte order mark, and a
 * text that a spreadsheet would take for a formula is defused. */
typedef struct _IntakeCsvWriter IntakeCsvWriter;

/* Writes to @out as its buffer fills, checking @cancellable as it does. */
IntakeCsvWriter *intake_csv_writer_new    (GOutputStream    *out,
                                           GCancellable     *cancellable);
void             intake_csv_writer_free   (IntakeCsvWriter  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IntakeCsvWriter, intake_csv_writer_free)

/* A missing value: an empty field, unlike an empty text (""). */
void             intake_csv_writer_empty  (IntakeCsvWriter  *self);
void             intake_csv_writer_number (IntakeCsvWriter  *self,
                                           gint64            value);
/* @text NULL is a missing value. */
void             intake_csv_writer_text   (IntakeCsvWriter  *self,
                                           const char       *text);
gboolean         intake_csv_writer_end_row (IntakeCsvWriter *self,
                                            GError         **error);
/* Writes out what is buffered; call it once at the end. */
gboolean         intake_csv_writer_flush  (IntakeCsvWriter  *self,
                                           GError          **error);

G_END_DECLS
