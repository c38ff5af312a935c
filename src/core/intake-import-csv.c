#define G_LOG_DOMAIN "intake-import-csv"

#include "config.h"

#include "intake-import-csv.h"

#include "intake-charset.h"
#include "intake-message.h"
#include "intake-store.h"
#include "intake-text.h"

#include <glib/gi18n-lib.h>
#include <string.h>

G_DEFINE_QUARK (intake-csv-error-quark, intake_csv_error)

#define CHUNK 65536

struct _IntakeCsvReader {
  GInputStream *in;
  GCancellable *cancellable;
  char *buf;
  gsize len;
  gsize pos;
  gboolean eof;
  gboolean started;
  guint record;
  guint line;       /* the line the reader is on */
  guint record_line;
  char separator;
};

IntakeCsvReader *
intake_csv_reader_new (GInputStream *in,
                       GCancellable *cancellable)
{
  IntakeCsvReader *self = g_new0 (IntakeCsvReader, 1);

  /* The Windows-1252 fallback goes through GMime's charset tables. */
  intake_message_init ();
  self->in = g_object_ref (in);
  self->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  self->buf = g_malloc (CHUNK);
  self->line = 1;
  self->separator = ',';
  return self;
}

void
intake_csv_reader_free (IntakeCsvReader *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->in);
  g_clear_object (&self->cancellable);
  g_free (self->buf);
  g_free (self);
}

guint
intake_csv_reader_get_record (IntakeCsvReader *self)
{
  return self->record;
}

guint
intake_csv_reader_get_line (IntakeCsvReader *self)
{
  return self->record_line;
}

char
intake_csv_reader_get_separator (IntakeCsvReader *self)
{
  return self->separator;
}

/* Returns the next byte, or -1 at the end (or on error, with @error set). */
static int
next_byte (IntakeCsvReader *self,
           GError         **error)
{
  if (self->pos == self->len)
    {
      gssize n;

      if (self->eof)
        return -1;
      n = g_input_stream_read (self->in, self->buf, CHUNK, self->cancellable, error);
      if (n < 0)
        return -1;
      self->pos = 0;
      self->len = n;
      if (n == 0)
        {
          self->eof = TRUE;
          return -1;
        }
    }
  return (guchar) self->buf[self->pos++];
}

static int
peek_byte (IntakeCsvReader *self,
           GError         **error)
{
  int c = next_byte (self, error);

  if (c >= 0)
    self->pos--;
  return c;
}

static char *
field_to_utf8 (GString *field)
{
  if (g_utf8_validate_len (field->str, field->len, NULL))
    return g_strndup (field->str, field->len);
  return intake_charset_to_utf8 (field->str, field->len, "windows-1252");
}

static char **
finish_record (GPtrArray *raw)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new ();
  gboolean utf8 = TRUE;

  /* A record is decoded as a whole, so one stray byte does not mix two
   * readings of the same file within a row. */
  for (guint i = 0; i < raw->len && utf8; i++)
    {
      GString *f = g_ptr_array_index (raw, i);
      utf8 = g_utf8_validate_len (f->str, f->len, NULL);
    }
  for (guint i = 0; i < raw->len; i++)
    {
      GString *f = g_ptr_array_index (raw, i);
      g_ptr_array_add (out, utf8 ? g_strndup (f->str, f->len) : field_to_utf8 (f));
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

/* Spreadsheets export with commas, or semicolons where the comma is the
 * decimal mark (French), or tabs: the header line says which, by the one
 * of them it has most of outside quotes. The header is in the first chunk
 * read, unless it is longer than a chunk, and then a comma it is. */
static void
detect_separator (IntakeCsvReader *self)
{
  static const char candidates[] = { ',', ';', '\t' };
  guint counts[G_N_ELEMENTS (candidates)] = { 0, };
  gboolean in_quotes = FALSE;
  guint best = 0;

  if (peek_byte (self, NULL) < 0)
    return;

  for (gsize i = self->pos; i < self->len; i++)
    {
      char c = self->buf[i];

      if (c == '"')
        in_quotes = !in_quotes;
      else if (!in_quotes && (c == '\n' || c == '\r'))
        break;
      else if (!in_quotes)
        for (guint k = 0; k < G_N_ELEMENTS (candidates); k++)
          if (c == candidates[k])
            counts[k]++;
    }

  for (guint k = 1; k < G_N_ELEMENTS (candidates); k++)
    if (counts[k] > counts[best])
      best = k;
  self->separator = candidates[best];
}

static void
free_gstring (gpointer s)
{
  g_string_free (s, TRUE);
}

gboolean
intake_csv_reader_next (IntakeCsvReader   *self,
                        char            ***fields,
                        GError           **error)
{
  g_autoptr(GPtrArray) raw = g_ptr_array_new_with_free_func (free_gstring);
  GString *field;
  GError *local = NULL;
  gboolean quoted = FALSE;
  gboolean in_quotes = FALSE;
  int c;

  *fields = NULL;

  if (!self->started)
    {
      self->started = TRUE;
      if (peek_byte (self, &local) == 0xEF)
        {
          /* A byte order mark is three bytes; put back what is not one. */
          self->pos++;
          if (peek_byte (self, &local) == 0xBB)
            {
              self->pos++;
              if (peek_byte (self, &local) == 0xBF)
                self->pos++;
            }
        }
      if (local != NULL)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      if (self->pos != 0 && self->pos != 3)
        self->pos = 0;
      detect_separator (self);
    }

  c = next_byte (self, &local);
  if (c < 0)
    {
      if (local != NULL)
        g_propagate_error (error, local);
      return FALSE;
    }

  self->record++;
  self->record_line = self->line;
  field = g_string_new (NULL);
  g_ptr_array_add (raw, field);

  for (;; c = next_byte (self, &local))
    {
      if (c < 0)
        {
          if (local != NULL)
            {
              g_propagate_error (error, local);
              return FALSE;
            }
          if (in_quotes)
            {
              g_set_error (error, INTAKE_CSV_ERROR, INTAKE_CSV_ERROR_UNTERMINATED_QUOTE,
                           _("A quoted field opened on line %u is never closed"),
                           self->record_line);
              return FALSE;
            }
          break;
        }

      if (in_quotes)
        {
          if (c == '"')
            {
              if (peek_byte (self, &local) == '"')
                {
                  self->pos++;
                  g_string_append_c (field, '"');
                }
              else
                in_quotes = FALSE;
            }
          else
            {
              if (c == '\n')
                self->line++;
              g_string_append_c (field, c);
            }
          continue;
        }

      if (c == self->separator)
        {
          field = g_string_new (NULL);
          g_ptr_array_add (raw, field);
          quoted = FALSE;
        }
      else if (c == '\n')
        {
          self->line++;
          break;
        }
      else if (c == '\r')
        {
          if (peek_byte (self, &local) == '\n')
            self->pos++;
          self->line++;
          break;
        }
      else if (c == '"' && field->len == 0 && !quoted)
        {
          quoted = TRUE;
          in_quotes = TRUE;
        }
      else
        g_string_append_c (field, c);
    }

  *fields = finish_record (raw);
  return TRUE;
}

IntakeParsedMessage *
intake_csv_record_to_message (const char * const *header,
                              const char * const *fields,
                              const guint        *text_columns,
                              guint               n_text_columns,
                              const guint        *attribute_columns,
                              guint               n_attribute_columns,
                              int                 id_column,
                              const char         *file_name,
                              guint               record,
                              GError            **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GChecksum) checksum = NULL;
  IntakeParsedMessage *parsed;
  guint n_header = g_strv_length ((char **) header);
  guint n_fields = g_strv_length ((char **) fields);

  if (n_fields != n_header)
    {
      g_set_error (error, INTAKE_CSV_ERROR, INTAKE_CSV_ERROR_FIELD_COUNT,
                   _("Row %u has %u fields where the header has %u"), record, n_fields, n_header);
      return NULL;
    }

  for (guint i = 0; i < n_text_columns; i++)
    {
      const char *value = fields[text_columns[i]];

      if (n_text_columns > 1)
        {
          if (text->len > 0)
            g_string_append (text, "\n\n");
          g_string_append_printf (text, "%s\n\n", header[text_columns[i]]);
        }
      g_string_append (text, value);
    }

  parsed = g_new0 (IntakeParsedMessage, 1);
  parsed->attachments = g_ptr_array_new ();
  if (id_column >= 0 && fields[id_column][0] != '\0')
    parsed->message_id = g_strdup_printf ("csv:%s", fields[id_column]);
  /* Translators: the subject of a survey response; %s is the file, %u the row */
  parsed->subject = g_strdup_printf (_("%s, row %u"), file_name, record);
  /* A survey's respondents are anonymous: the list says where the row came
   * from instead of "Unknown sender". */
  parsed->from_name = g_strdup (_("Survey respondent"));
  parsed->from_addr = g_strdup ("");
  /* Line breaks inside an answer as the stored text has them, then no
   * control characters. */
  for (gsize i = 0; i < text->len; i++)
    if (text->str[i] == '\r')
      {
        if (i + 1 < text->len && text->str[i + 1] == '\n')
          g_string_erase (text, i, 1);
        else
          text->str[i] = '\n';
      }
  intake_text_blank_controls (text->str);
  parsed->body = g_strdup (text->str);
  parsed->text = g_string_free (g_steal_pointer (&text), FALSE);

  /* The respondent's own answers about themselves, as the case attributes
   * reviewers give mail: a column named after one, and its values, are
   * matched to the defaults. */
  if (n_attribute_columns > 0)
    {
      parsed->attributes = g_new0 (char *, 2 * n_attribute_columns + 1);
      for (guint i = 0; i < n_attribute_columns; i++)
        {
          guint column = attribute_columns[i];
          char *name = intake_attribute_match_name (header[column]);

          parsed->attributes[2 * i] = name;
          parsed->attributes[2 * i + 1] = intake_attribute_match_value (name, fields[column]);
        }
    }

  /* The text alone: the same answer in two rows of an export is a duplicate. */
  if (parsed->message_id == NULL)
    {
      g_autofree char *normal = intake_text_normalize (parsed->text);

      checksum = g_checksum_new (G_CHECKSUM_SHA256);
      g_checksum_update (checksum, (const guchar *) normal, -1);
      parsed->content_hash = g_strdup (g_checksum_get_string (checksum));
    }

  return parsed;
}

static int
find_column (const char * const *header,
             const char         *name)
{
  g_autofree char *folded = intake_text_fold (name);

  for (guint i = 0; header[i]; i++)
    if (strcmp (header[i], name) == 0)
      return i;
  for (guint i = 0; header[i]; i++)
    {
      g_autofree char *candidate = intake_text_fold (header[i]);

      if (strcmp (g_strstrip (candidate), g_strstrip (folded)) == 0)
        return i;
    }
  return -1;
}

static gboolean
no_such_column (const char * const *header,
                const char         *name,
                GError            **error)
{
  g_autofree char *columns = g_strjoinv (", ", (char **) header);

  g_set_error (error, INTAKE_CSV_ERROR, INTAKE_CSV_ERROR_NO_SUCH_COLUMN,
               /* Translators: the second %s lists the file's columns, "id, Q1, Q2" */
               _("There is no column “%s”; the columns are: %s"), name, columns);
  return FALSE;
}

gboolean
intake_csv_find_columns (const char * const *header,
                         const char * const *text_names,
                         const char * const *attribute_names,
                         const char         *id_name,
                         GArray            **text_columns,
                         GArray            **attribute_columns,
                         int                *id_column,
                         GError            **error)
{
  g_autoptr(GArray) text = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) attributes = g_array_new (FALSE, FALSE, sizeof (guint));
  int id = -1;

  for (guint i = 0; text_names && text_names[i]; i++)
    {
      int column = find_column (header, text_names[i]);

      if (column < 0)
        return no_such_column (header, text_names[i], error);
      g_array_append_val (text, column);
    }
  for (guint i = 0; attribute_names && attribute_names[i]; i++)
    {
      int column = find_column (header, attribute_names[i]);

      if (column < 0)
        return no_such_column (header, attribute_names[i], error);
      g_array_append_val (attributes, column);
    }
  if (id_name != NULL && (id = find_column (header, id_name)) < 0)
    return no_such_column (header, id_name, error);

  *text_columns = g_steal_pointer (&text);
  *attribute_columns = g_steal_pointer (&attributes);
  *id_column = id;
  return TRUE;
}

/* Answers this long on average are what respondents wrote, not picked. */
#define TEXT_MIN_AVERAGE 25

static gboolean
is_id_name (const char *name)
{
  static const char * const names[] = {
    "id", "response id", "respondent id", "submission id", "record id", "responseid", "respondentid", NULL
  };
  g_autofree char *folded = intake_text_fold (name);

  g_strdelimit (g_strstrip (folded), "_-", ' ');
  return g_strv_contains (names, folded);
}

void
intake_csv_guess_columns (const char * const *header,
                          GPtrArray          *rows,
                          GArray            **text_columns,
                          GArray            **attribute_columns,
                          int                *id_column)
{
  guint n = g_strv_length ((char **) header);
  g_autofree double *average = g_new0 (double, MAX (n, 1));
  GArray *text = g_array_new (FALSE, FALSE, sizeof (guint));
  GArray *attributes = g_array_new (FALSE, FALSE, sizeof (guint));
  const char * const *defaults = intake_attribute_names ();
  int longest = -1;

  *id_column = -1;

  for (guint r = 0; rows && r < rows->len; r++)
    {
      const char * const *row = g_ptr_array_index (rows, r);

      for (guint i = 0; i < n && row[i]; i++)
        average[i] += (double) g_utf8_strlen (row[i], -1) / rows->len;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *matched = intake_attribute_match_name (header[i]);

      if (*id_column < 0 && is_id_name (header[i]))
        *id_column = i;
      else if (g_strv_contains (defaults, matched))
        g_array_append_val (attributes, i);
      else if (average[i] >= TEXT_MIN_AVERAGE)
        g_array_append_val (text, i);
      if ((int) i != *id_column && (longest < 0 || average[i] > average[longest]))
        longest = i;
    }

  /* Short answers only: the longest of them is the text. */
  if (text->len == 0 && longest >= 0)
    {
      guint column = longest;

      g_array_append_val (text, column);
    }

  *text_columns = text;
  *attribute_columns = attributes;
}

static const char *role_names[] = {
  [INTAKE_CSV_ROLE_IGNORE]    = "ignore",
  [INTAKE_CSV_ROLE_TEXT]      = "text",
  [INTAKE_CSV_ROLE_ATTRIBUTE] = "attribute",
  [INTAKE_CSV_ROLE_ID]        = "id",
};

const char *
intake_csv_role_to_string (IntakeCsvRole role)
{
  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (role_names), NULL);

  return role_names[role];
}

gboolean
intake_csv_role_from_string (const char    *string,
                             IntakeCsvRole *role)
{
  for (guint i = 0; string != NULL && i < G_N_ELEMENTS (role_names); i++)
    if (strcmp (role_names[i], string) == 0)
      {
        *role = i;
        return TRUE;
      }

  return FALSE;
}

GArray *
intake_csv_guess_roles (const char * const *header,
                        GPtrArray          *rows)
{
  guint n = g_strv_length ((char **) header);
  GArray *roles = g_array_new (FALSE, TRUE, sizeof (IntakeCsvRole));
  g_autoptr(GArray) text = NULL;
  g_autoptr(GArray) attributes = NULL;
  int id = -1;

  /* Zeroed: every column starts ignored. */
  g_array_set_size (roles, n);
  intake_csv_guess_columns (header, rows, &text, &attributes, &id);

  for (guint i = 0; i < text->len; i++)
    g_array_index (roles, IntakeCsvRole, g_array_index (text, guint, i)) = INTAKE_CSV_ROLE_TEXT;
  for (guint i = 0; i < attributes->len; i++)
    g_array_index (roles, IntakeCsvRole, g_array_index (attributes, guint, i)) = INTAKE_CSV_ROLE_ATTRIBUTE;
  if (id >= 0)
    g_array_index (roles, IntakeCsvRole, id) = INTAKE_CSV_ROLE_ID;

  return roles;
}

void
intake_csv_roles_to_names (const char * const  *header,
                           GArray              *roles,
                           GStrv               *text_columns,
                           GStrv               *attribute_columns,
                           char               **id_column)
{
  g_autoptr(GStrvBuilder) text = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) attributes = g_strv_builder_new ();
  char *id = NULL;

  for (guint i = 0; header[i] != NULL && i < roles->len; i++)
    switch (g_array_index (roles, IntakeCsvRole, i))
      {
      case INTAKE_CSV_ROLE_TEXT:
        g_strv_builder_add (text, header[i]);
        break;
      case INTAKE_CSV_ROLE_ATTRIBUTE:
        g_strv_builder_add (attributes, header[i]);
        break;
      case INTAKE_CSV_ROLE_ID:
        if (id == NULL)
          id = g_strdup (header[i]);
        break;
      case INTAKE_CSV_ROLE_IGNORE:
      default:
        break;
      }

  *text_columns = g_strv_builder_end (text);
  *attribute_columns = g_strv_builder_end (attributes);
  *id_column = id;
}
