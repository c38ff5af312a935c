#pragma once

#include <gio/gio.h>

#include "intake-message.h"

G_BEGIN_DECLS

#define INTAKE_CSV_ERROR (intake_csv_error_quark ())

typedef enum {
  INTAKE_CSV_ERROR_UNTERMINATED_QUOTE,
  INTAKE_CSV_ERROR_FIELD_COUNT,
  INTAKE_CSV_ERROR_NO_SUCH_COLUMN,
} IntakeCsvError;

GQuark intake_csv_error_quark (void);

/* A streaming reader of survey and portal exports, by RFC 4180: fields
 * separated by commas (or semicolons or tabs, as the header line shows),
 * records by CRLF or LF, quoted fields holding commas,
 * line breaks and doubled quotes. A leading UTF-8 byte order mark is skipped;
 * a record that is not valid UTF-8 is read as Windows-1252. Only one record
 * is held in memory at a time. */
typedef struct _IntakeCsvReader IntakeCsvReader;

IntakeCsvReader *intake_csv_reader_new    (GInputStream     *in,
                                           GCancellable     *cancellable);
void             intake_csv_reader_free   (IntakeCsvReader  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IntakeCsvReader, intake_csv_reader_free)

/* Reads the next record into @fields (a NULL-terminated vector of UTF-8
 * strings, owned by the caller). Returns FALSE with @fields NULL and no
 * error at the end of the input; FALSE with @error set when the input cannot
 * be read or a quote is left open at the end. */
gboolean         intake_csv_reader_next   (IntakeCsvReader  *self,
                                           char           ***fields,
                                           GError          **error);
/* The 1-based number of the record last read (the header is record 1). */
guint            intake_csv_reader_get_record (IntakeCsvReader *self);
/* The 1-based line on which the record last read starts. */
guint            intake_csv_reader_get_line   (IntakeCsvReader *self);
/* ',', ';' or '\t', as the header line has most of; ',' before a record is read. */
char             intake_csv_reader_get_separator (IntakeCsvReader *self);

G_END_DECLS

G_BEGIN_DECLS

/* Turns one data record into a submission: the text columns @text_columns
 * (indices into @header) joined under headings naming each column, so that
 * an excerpt tells which question it answers. The @attribute_columns
 * become case attributes, matched to the default names and values. With
 * @id_column >= 0 that
 * column is the submission's stable id; otherwise the submission is told
 * apart by its content. Returns NULL with @error set when @fields does not
 * have as many fields as @header. */
IntakeParsedMessage *intake_csv_record_to_message (const char * const *header,
                                                   const char * const *fields,
                                                   const guint        *text_columns,
                                                   guint               n_text_columns,
                                                   const guint        *attribute_columns,
                                                   guint               n_attribute_columns,
                                                   int                 id_column,
                                                   const char         *file_name,
                                                   guint               record,
                                                   GError            **error);

/* Which columns of a survey export are what, as named by the person: the
 * text columns (at least one), the case attribute columns and the id
 * column (-1 for none), as indices into @header. Names are matched as
 * written, then folded. Returns FALSE with @error set when a name is not
 * one of @header's. */
gboolean intake_csv_find_columns  (const char * const *header,
                                   const char * const *text_names,
                                   const char * const *attribute_names,
                                   const char         *id_name,
                                   GArray            **text_columns,
                                   GArray            **attribute_columns,
                                   int                *id_column,
                                   GError            **error);

/* The same guessed from @header and the first data rows, for a file no one
 * said the columns of: the id column by its name, the case attributes by
 * the default attributes' names, and as text the columns of long answers. */
void     intake_csv_guess_columns (const char * const *header,
                                   GPtrArray          *rows,
                                   GArray            **text_columns,
                                   GArray            **attribute_columns,
                                   int                *id_column);

/* What a column of a survey export becomes, as the person chose in the
 * import dialog and the project remembers for the next file with the same
 * header. */
typedef enum {
  INTAKE_CSV_ROLE_IGNORE,
  INTAKE_CSV_ROLE_TEXT,        /* an answer to code */
  INTAKE_CSV_ROLE_ATTRIBUTE,   /* a case attribute */
  INTAKE_CSV_ROLE_ID,          /* the row's stable id */
} IntakeCsvRole;

/* The names the project file keeps them by ("text", "attribute", "id",
 * "ignore"), and back: FALSE for a name that is none of these. */
const char *intake_csv_role_to_string   (IntakeCsvRole  role);
gboolean    intake_csv_role_from_string (const char    *string,
                                         IntakeCsvRole *role);

/* intake_csv_guess_columns() as one IntakeCsvRole (int) for each column of
 * @header. */
GArray  *intake_csv_guess_roles   (const char * const *header,
                                   GPtrArray          *rows);

/* The columns of @roles (one for each column of @header) by name, as
 * intake_importer_set_csv_columns() takes them: @id_column NULL for none. */
void     intake_csv_roles_to_names (const char * const  *header,
                                    GArray              *roles,
                                    GStrv               *text_columns,
                                    GStrv               *attribute_columns,
                                    char               **id_column);

G_END_DECLS
