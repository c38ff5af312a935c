#define G_LOG_DOMAIN "intake-message"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gmime/gmime.h>
#include <string.h>

#include "intake-checksum.h"
#include "intake-charset.h"
#include "intake-extract.h"
#include "intake-message.h"
#include "intake-text.h"

/* Beyond these, a "message" is an attack or a mangled file, not a submission. */
#define MAX_HEADER_BYTES  (1024 * 1024)
#define MAX_MESSAGE_BYTES (256 * 1024 * 1024)

/* MIME levels read, multiparts and forwarded messages alike; GMime itself
 * stops at 1024. */
#define MAX_DEPTH 100

/* Bytes of text kept: of the message's own text, of each attachment's, and
 * of all its attachments' together. Every copy of a text costs its size
 * again (the submission's text, the attachment's, the search index); the
 * files themselves are kept whole. */
#define MAX_BODY_TEXT        (2 * 1000 * 1000)
#define MAX_ATTACHMENT_TEXT  (2 * 1000 * 1000)
#define MAX_ATTACHMENTS_TEXT (8 * 1000 * 1000)

G_DEFINE_QUARK (intake-message-error-quark, intake_message_error)

typedef struct
{
  GString   *body;
  GPtrArray *attachments;
  gsize      attachments_text;   /* bytes of attachments' text kept so far */
  gboolean   too_deep;           /* parts below MAX_DEPTH were left unread */
} Walk;

static void walk_object (Walk *walk, GMimeObject *object, int depth);

void
intake_message_init (void)
{
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      g_mime_init ();
      g_once_init_leave (&initialized, 1);
    }
}

static GMimeParserOptions *
get_parser_options (void)
{
  static GMimeParserOptions *options;

  if (g_once_init_enter (&options))
    {
      GMimeParserOptions *o = g_mime_parser_options_new ();
      const char *fallback[] = { "UTF-8", "windows-1252", NULL };

      /* Raw 8-bit headers: UTF-8 when valid, else what Windows mail programs send. */
      g_mime_parser_options_set_fallback_charsets (o, fallback);
      g_mime_parser_options_set_rfc2047_compliance_mode (o, GMIME_RFC_COMPLIANCE_LOOSE);
      g_mime_parser_options_set_address_compliance_mode (o, GMIME_RFC_COMPLIANCE_LOOSE);
      g_mime_parser_options_set_parameter_compliance_mode (o, GMIME_RFC_COMPLIANCE_LOOSE);
      g_once_init_leave (&options, o);
    }

  return options;
}

static GPrivate thread_parser = G_PRIVATE_INIT (g_object_unref);
static GPrivate thread_empty_stream = G_PRIVATE_INIT (g_object_unref);

/* One parser per thread, reset for each message: making and destroying a
 * parser and its buffers for every message was a large part of importing. */
static GMimeParser *
get_thread_parser (void)
{
  GMimeParser *parser = g_private_get (&thread_parser);

  if (parser == NULL)
    {
      parser = g_mime_parser_new ();
      g_private_set (&thread_parser, parser);
    }

  return parser;
}

static GMimeStream *
empty_stream (void)
{
  GMimeStream *stream = g_private_get (&thread_empty_stream);

  if (stream == NULL)
    {
      stream = g_mime_stream_mem_new ();
      g_private_set (&thread_empty_stream, stream);
    }

  return stream;
}

void
intake_parsed_message_free (IntakeParsedMessage *message)
{
  if (message == NULL)
    return;

  g_free (message->message_id);
  g_free (message->subject);
  g_free (message->from_name);
  g_free (message->from_addr);
  g_free (message->in_reply_to);
  g_free (message->references);
  g_free (message->body);
  g_free (message->text);
  g_free (message->content_hash);
  g_free (message->note);
  g_clear_pointer (&message->attachments, g_ptr_array_unref);
  g_strfreev (message->attributes);
  g_free (message->guid);
  g_free (message);
}

static void
parsed_attachment_free (IntakeParsedAttachment *attachment)
{
  g_free (attachment->filename);
  g_free (attachment->mime_type);
  g_clear_pointer (&attachment->data, g_bytes_unref);
  g_free (attachment->sha256);
  g_free (attachment->text);
  g_free (attachment->note);
  g_free (attachment);
}

static gboolean
is_header_field_line (const char *line,
                      const char *end)
{
  const char *p = line;

  /* field-name = 1*ftext, ftext = %d33-57 / %d59-126 (RFC 5322 §3.6.8) */
  while (p < end && *p > 32 && *p < 127 && *p != ':')
    p++;

  if (p == line)
    return FALSE;

  /* Obsolete syntax allows white space before the colon. */
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;

  return p < end && *p == ':';
}

/* Where the header section ends (the blank line), or @len if it never does. */
static gsize
find_header_end (const char *data,
                 gsize       len)
{
  const char *p = data;
  const char *end = data + len;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);

      if (nl == NULL)
        return len;
      if (nl + 1 < end && nl[1] == '\n')
        return nl + 1 - data;
      if (nl + 2 < end && nl[1] == '\r' && nl[2] == '\n')
        return nl + 1 - data;
      p = nl + 1;
    }

  return len;
}

static char *
clean_header_text (const char *value)
{
  g_autofree char *valid = NULL;
  GString *out;
  gboolean space = FALSE;

  if (value == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (value, -1);
  out = g_string_sized_new (strlen (valid));

  /* Unfold and collapse: header values are one line for a person. */
  for (const char *p = valid; *p; p++)
    {
      if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        {
          space = out->len > 0;
          continue;
        }
      if ((guchar) *p < 32 || *p == 127)
        continue;
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/* GMime 3.2.13 decodes adjacent encoded words of one charset as one, and
 * loses the rest of the run after a base64 word that ends in padding:
 * "=?utf-8?B?w6k=?= =?utf-8?B?YWJj?=" comes out "é", not "éabc" (fixed in
 * 3.2.14). Such a word, when another follows it, is written again in the
 * Q encoding, which says the same bytes and has no padding. Returns NULL
 * when @raw has no such word. */
static char *
requote_padded_words (const char *raw)
{
  GString *out = NULL;
  const char *p = raw;
  const char *copied = raw;

  while ((p = strstr (p, "=?")) != NULL)
    {
      const char *charset = p + 2;
      const char *q1 = strchr (charset, '?');
      const char *data, *end, *next;

      if (q1 == NULL || (q1[1] != 'B' && q1[1] != 'b') || q1[2] != '?')
        {
          p += 2;
          continue;
        }
      data = q1 + 3;
      end = strstr (data, "?=");
      if (end == NULL)
        break;

      next = end + 2;
      while (*next == ' ' || *next == '\t' || *next == '\r' || *next == '\n')
        next++;

      if (end > data && end[-1] == '=' && strncmp (next, "=?", 2) == 0)
        {
          g_autofree char *base64 = g_strndup (data, end - data);
          g_autofree guchar *bytes = NULL;
          gsize n = 0;

          bytes = g_base64_decode (base64, &n);
          if (out == NULL)
            out = g_string_new (NULL);
          g_string_append_len (out, copied, p - copied);
          g_string_append (out, "=?");
          g_string_append_len (out, charset, q1 - charset);
          g_string_append (out, "?Q?");
          for (gsize i = 0; i < n; i++)
            {
              if (g_ascii_isalnum (bytes[i]))
                g_string_append_c (out, bytes[i]);
              else
                g_string_append_printf (out, "=%02X", bytes[i]);
            }
          g_string_append (out, "?=");
          copied = end + 2;
        }
      p = end + 2;
    }

  if (out == NULL)
    return NULL;
  g_string_append (out, copied);
  return g_string_free (out, FALSE);
}

/* GMime reads the zone names of RFC 5322 ("CST", "EDT") only in capitals,
 * and takes "cst" for UTC. Returns @raw with its zone name in capitals, or
 * NULL when it has none in lower case. */
static char *
capitalize_zone (const char *raw)
{
  static const char * const zones[] = {
    "UT", "GMT", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", NULL
  };
  g_autofree char *copy = g_strdup (raw);
  char *end = copy + strlen (copy);
  char *start;

  while (end > copy && g_ascii_isspace (end[-1]))
    end--;
  start = end;
  while (start > copy && g_ascii_isalpha (start[-1]))
    start--;
  if (start == end || (start > copy && !g_ascii_isspace (start[-1])))
    return NULL;

  for (guint i = 0; zones[i]; i++)
    if ((gsize) (end - start) == strlen (zones[i]) && g_ascii_strncasecmp (start, zones[i], end - start) == 0 &&
        strncmp (start, zones[i], end - start) != 0)
      {
        memcpy (start, zones[i], end - start);
        return g_steal_pointer (&copy);
      }

  return NULL;
}

/* A year of two or three digits, as RFC 5322 §4.3 reads it: 00 to 49 is
 * 2000 to 2049, 50 to 99 and any three digits are from 1900 ("2 Apr 101"
 * is 2001). GMime refuses three digits. */
static char *
expand_year (const char *raw)
{
  static const char * const months[] = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", NULL
  };

  for (const char *p = raw; *p; p++)
    {
      const char *q = p + 3;
      const char *digits;
      gsize n = 0;
      gboolean month = FALSE;
      int year;

      if (p > raw && g_ascii_isalpha (p[-1]))
        continue;
      for (guint i = 0; months[i] && !month; i++)
        month = g_ascii_strncasecmp (p, months[i], 3) == 0;
      if (!month || g_ascii_isalpha (*q))
        continue;
      while (*q == ' ' || *q == '\t')
        q++;
      digits = q;
      while (g_ascii_isdigit (digits[n]))
        n++;
      if ((n != 2 && n != 3) || (digits[n] != ' ' && digits[n] != '\t'))
        return NULL;

      year = (int) g_ascii_strtoull (digits, NULL, 10);
      year += (n == 2 && year < 50) ? 2000 : 1900;
      return g_strdup_printf ("%.*s%d%s", (int) (digits - raw), raw, year, digits + n);
    }

  return NULL;
}

static char *
repair_date (const char *raw)
{
  g_autofree char *expanded = expand_year (raw);
  char *zoned = capitalize_zone (expanded ? expanded : raw);

  return zoned ? zoned : g_steal_pointer (&expanded);
}

/* What GMime 3.2.13 misreads in the headers whose values are read, set
 * right in their raw text before they are: see requote_padded_words() and
 * repair_date(). */
static void
repair_headers (GMimeObject *object)
{
  static const struct
  {
    const char *name;
    char     *(*repair) (const char *raw);
  } repairs[] = {
    { "Subject", requote_padded_words },
    { "From", requote_padded_words },
    { "Sender", requote_padded_words },
    { "Reply-To", requote_padded_words },
    { "Date", repair_date },
  };
  GMimeHeaderList *headers = g_mime_object_get_header_list (object);

  for (guint i = 0; i < G_N_ELEMENTS (repairs); i++)
    {
      GMimeHeader *header = g_mime_header_list_get_header (headers, repairs[i].name);
      const char *raw = header ? g_mime_header_get_raw_value (header) : NULL;
      g_autofree char *repaired = raw ? repairs[i].repair (raw) : NULL;

      if (repaired != NULL)
        g_mime_header_set_raw_value (header, repaired);
    }
}

/* The charset the message declares for its first text part, or NULL. */
static const char *
declared_text_charset (GMimeObject *object,
                       int          depth)
{
  GMimeContentType *type = g_mime_object_get_content_type (object);

  if (depth > MAX_DEPTH)
    return NULL;

  if (GMIME_IS_MULTIPART (object))
    {
      GMimeMultipart *multipart = GMIME_MULTIPART (object);
      int n = g_mime_multipart_get_count (multipart);

      for (int i = 0; i < n; i++)
        {
          const char *charset = declared_text_charset (g_mime_multipart_get_part (multipart, i), depth + 1);

          if (charset != NULL)
            return charset;
        }
      return NULL;
    }

  if (GMIME_IS_PART (object) && type != NULL && g_mime_content_type_is_type (type, "text", "*"))
    return g_mime_content_type_get_parameter (type, "charset");

  return NULL;
}

/* A subject of raw 8-bit bytes that are not UTF-8 (RFC 5322 allows only
 * ASCII, RFC 6532 UTF-8) is read in the charset the message declares for
 * its text, as the program that wrote both used one: GB2312 bytes read as
 * Windows-1252 are nothing. NULL where GMime's reading stands. */
static char *
subject_in_declared_charset (GMimeMessage *message)
{
  GMimeHeaderList *headers = g_mime_object_get_header_list (GMIME_OBJECT (message));
  GMimeHeader *header = g_mime_header_list_get_header (headers, "Subject");
  const char *raw = header ? g_mime_header_get_raw_value (header) : NULL;
  GMimeObject *body = g_mime_message_get_mime_part (message);
  const char *charset = NULL;
  g_autofree char *utf8 = NULL;
  g_autofree char *decoded = NULL;
  gboolean eight_bit = FALSE;

  if (raw == NULL)
    return NULL;
  for (const char *p = raw; *p && !eight_bit; p++)
    eight_bit = (guchar) *p >= 0x80;
  if (!eight_bit || g_utf8_validate (raw, -1, NULL))
    return NULL;

  charset = body ? declared_text_charset (body, 0) : NULL;
  if (charset == NULL ||
      g_ascii_strcasecmp (charset, "us-ascii") == 0 ||
      g_ascii_strcasecmp (charset, "utf-8") == 0)
    return NULL;

  utf8 = intake_charset_to_utf8 (raw, strlen (raw), charset);
  decoded = g_mime_utils_header_decode_text (get_parser_options (), utf8);

  return clean_header_text (decoded);
}

static char *
normalize_message_id (const char *id)
{
  g_autofree char *clean = NULL;
  char *p;

  if (id == NULL)
    return NULL;

  clean = clean_header_text (id);
  p = clean;
  if (*p == '<')
    p++;
  if (*p && p[strlen (p) - 1] == '>')
    p[strlen (p) - 1] = '\0';
  g_strstrip (p);

  return *p ? g_strdup (p) : NULL;
}

static char *
first_reference (GMimeObject *object,
                 const char  *header)
{
  const char *value = g_mime_object_get_header (object, header);
  GMimeReferences *refs;
  char *id = NULL;

  if (value == NULL)
    return NULL;

  refs = g_mime_references_parse (NULL, value);
  if (refs != NULL && g_mime_references_length (refs) > 0)
    id = normalize_message_id (g_mime_references_get_message_id (refs, 0));
  g_clear_pointer (&refs, g_mime_references_free);

  return id;
}

static char *
all_references (GMimeMessage *message)
{
  const char *value = g_mime_object_get_header (GMIME_OBJECT (message), "References");
  GMimeReferences *refs = value ? g_mime_references_parse (NULL, value) : NULL;
  GString *out;

  if (refs == NULL || g_mime_references_length (refs) == 0)
    {
      g_clear_pointer (&refs, g_mime_references_free);
      return NULL;
    }

  out = g_string_new (NULL);
  for (int i = 0; i < g_mime_references_length (refs); i++)
    {
      g_autofree char *id = normalize_message_id (g_mime_references_get_message_id (refs, i));

      if (id == NULL)
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, id);
    }
  g_mime_references_free (refs);

  return g_string_free (out, out->len == 0);
}

/* The name of a sender known by name only ("Terry Mahaffey <>", as an
 * Exchange sender saved without an Internet address comes), or NULL. */
static char *
name_without_address (GMimeMessage *message)
{
  const char *raw = g_mime_object_get_header (GMIME_OBJECT (message), "From");
  g_autofree char *decoded = raw ? g_mime_utils_header_decode_text (NULL, raw) : NULL;
  g_autofree char *clean = decoded ? clean_header_text (decoded) : NULL;

  if (clean == NULL || !g_str_has_suffix (clean, "<>"))
    return NULL;

  clean[strlen (clean) - 2] = '\0';
  g_strstrip (clean);
  if (clean[0] == '"' && strlen (clean) >= 2 && clean[strlen (clean) - 1] == '"')
    {
      clean[strlen (clean) - 1] = '\0';
      memmove (clean, clean + 1, strlen (clean));
    }
  if (*clean && strchr (clean, '@') == NULL)
    return g_steal_pointer (&clean);

  return NULL;
}

/* local@domain in the dot-atom form of RFC 5322 §3.4.1, and nothing else. */
static gboolean
is_plain_addr_spec (const char *addr,
                    gsize       len)
{
  const char *at = memchr (addr, '@', len);

  if (at == NULL || at == addr || at == addr + len - 1 || memchr (at + 1, '@', addr + len - at - 1) != NULL)
    return FALSE;
  for (const char *p = addr; p < at; p++)
    if (!g_ascii_isalnum (*p) && strchr ("!#$%&'*+-/=?^_`{|}~.", *p) == NULL)
      return FALSE;
  for (const char *p = at + 1; p < addr + len; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.')
      return FALSE;

  return TRUE;
}

/* A From GMime finds no mailbox in, though it ends in a plain angle-addr:
 * a name RFC 5322 does not allow, as in "Roy, Dana [Board] <d@example.org>"
 * or ". <d@example.org>", is no reason to lose the address. */
static gboolean
recover_angle_addr (GMimeMessage  *message,
                    char         **name,
                    char         **addr)
{
  const char *raw = g_mime_object_get_header (GMIME_OBJECT (message), "From");
  g_autofree char *decoded = raw ? g_mime_utils_header_decode_text (get_parser_options (), raw) : NULL;
  g_autofree char *clean = decoded ? clean_header_text (decoded) : NULL;
  g_autofree char *display = NULL;
  const char *open;
  gsize len;
  gboolean has_word = FALSE;

  if (clean == NULL || !g_str_has_suffix (clean, ">") || (open = strrchr (clean, '<')) == NULL)
    return FALSE;
  len = strlen (open);
  if (!is_plain_addr_spec (open + 1, len - 2))
    return FALSE;

  display = g_strstrip (g_strndup (clean, open - clean));
  if (display[0] == '"' && strlen (display) >= 2 && display[strlen (display) - 1] == '"')
    {
      display[strlen (display) - 1] = '\0';
      memmove (display, display + 1, strlen (display));
    }
  for (const char *p = display; *p && !has_word; p = g_utf8_next_char (p))
    has_word = g_unichar_isalnum (g_utf8_get_char (p));

  *name = has_word ? g_steal_pointer (&display) : g_strdup ("");
  *addr = g_strndup (open + 1, len - 2);
  return TRUE;
}

static void
read_sender (GMimeMessage  *message,
             char         **name,
             char         **addr)
{
  InternetAddressList *list = g_mime_message_get_from (message);
  gboolean from_empty = list == NULL || internet_address_list_length (list) == 0;

  *name = NULL;
  *addr = NULL;

  if (from_empty && recover_angle_addr (message, name, addr))
    return;

  /* Fall back on Sender and Reply-To: some list software rewrites From. */
  if (from_empty)
    list = g_mime_message_get_sender (message);
  if (list == NULL || internet_address_list_length (list) == 0)
    list = g_mime_message_get_reply_to (message);

  while (list != NULL && internet_address_list_length (list) > 0)
    {
      InternetAddress *address = internet_address_list_get_address (list, 0);

      if (INTERNET_ADDRESS_IS_GROUP (address))
        {
          list = internet_address_group_get_members (INTERNET_ADDRESS_GROUP (address));
          continue;
        }

      *name = clean_header_text (internet_address_get_name (address));
      *addr = clean_header_text (internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (address)));
      break;
    }

  /* An encoded word is never an address (RFC 2047 §5): a From that is one
   * alone, "=?koi8-r?B?…?=", names the sender and gives no address. */
  if (*addr != NULL && strchr (*addr, '@') == NULL && strstr (*addr, "=?") != NULL)
    {
      if (*name == NULL || **name == '\0')
        {
          g_autofree char *phrase = g_mime_utils_header_decode_phrase (get_parser_options (), *addr);

          g_free (*name);
          *name = clean_header_text (phrase);
        }
      g_free (*addr);
      *addr = g_strdup ("");
    }

  /* From names the author (RFC 5322 §3.6.2): a name it gives without an
   * address is still the author's, whoever's address is read instead. */
  if (from_empty)
    {
      char *from_name = name_without_address (message);

      if (from_name != NULL)
        {
          g_free (*name);
          *name = from_name;
        }
    }

  if (*name == NULL)
    *name = g_strdup ("");
  if (*addr == NULL)
    *addr = g_strdup ("");
}

static gboolean
is_base64_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '/';
}

/* Whether text said to be base64 is words instead: base64 never has white
 * space between its characters on a line (RFC 2045 §6.8), and prose has it
 * on nearly every line. One such line is damage inside real base64. */
static gboolean
is_plain_words (const guint8 *data,
                gsize         len)
{
  guint lines = 0;
  guint spaced = 0;
  gsize i = 0;

  while (i < len)
    {
      gboolean seen_char = FALSE;
      gboolean seen_gap = FALSE;
      gboolean inner = FALSE;

      for (; i < len && data[i] != '\n'; i++)
        {
          if (data[i] == ' ' || data[i] == '\t')
            seen_gap = seen_char;
          else if (data[i] != '\r')
            {
              inner |= seen_gap && is_base64_char (data[i]);
              seen_char = TRUE;
            }
        }
      i++;
      if (seen_char)
        lines++;
      if (inner)
        spaced++;
    }

  return lines > 0 && spaced * 2 >= lines;
}

static GByteArray *
stream_bytes (GMimeStream *source)
{
  GByteArray *array = g_byte_array_new ();
  GMimeStream *stream = g_mime_stream_mem_new_with_byte_array (array);

  g_mime_stream_mem_set_owner (GMIME_STREAM_MEM (stream), FALSE);
  g_mime_stream_reset (source);
  g_mime_stream_write_to_stream (source, stream);
  g_mime_stream_reset (source);
  g_object_unref (stream);

  return array;
}

static GBytes *
decoded_content (GMimePart *part)
{
  GMimeDataWrapper *content = g_mime_part_get_content (part);
  GMimeContentType *type = g_mime_object_get_content_type (GMIME_OBJECT (part));
  GMimeStream *stream;
  GByteArray *array;

  if (content == NULL)
    return g_bytes_new (NULL, 0);

  /* Text labelled base64 by mistake: decoding its words would turn them
   * into bytes of nothing, so they are read as they are. */
  if (g_mime_data_wrapper_get_encoding (content) == GMIME_CONTENT_ENCODING_BASE64 &&
      g_mime_content_type_is_type (type, "text", "*") &&
      g_mime_data_wrapper_get_stream (content) != NULL)
    {
      array = stream_bytes (g_mime_data_wrapper_get_stream (content));
      if (is_plain_words (array->data, array->len))
        return g_byte_array_free_to_bytes (array);
      g_byte_array_unref (array);
    }

  array = g_byte_array_new ();
  stream = g_mime_stream_mem_new_with_byte_array (array);
  g_mime_stream_mem_set_owner (GMIME_STREAM_MEM (stream), FALSE);
  /* Writing through the wrapper undoes base64 and quoted-printable; GMime's
   * decoders skip what is not valid rather than giving up. */
  g_mime_data_wrapper_write_to_stream (content, stream);
  g_object_unref (stream);

  return g_byte_array_free_to_bytes (array);
}

static char *
to_unix_newlines (char *text)
{
  char *w = text;

  for (const char *r = text; *r; r++)
    {
      if (*r == '\r')
        {
          *w++ = '\n';
          if (r[1] == '\n')
            r++;
          continue;
        }
      *w++ = *r;
    }
  *w = '\0';

  return text;
}

/* RFC 3676 section 4.5: a line ending in a space continues on the next
 * one, but only at the same quote depth ("quote-depth-wins"); quote marks
 * are counted before space-stuffing is removed, and the joined paragraph
 * keeps the quote prefix of its first line only. */
static char *
unflow (const char *text,
        gboolean    delsp)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_sized_new (strlen (text));
  gboolean continuing = FALSE;

  for (guint i = 0; lines[i]; i++)
    {
      const char *line = lines[i];
      guint depth = strspn (line, ">");
      const char *content = line + depth;
      gsize len;
      gboolean soft;

      /* Space-stuffing follows the quote marks, if any. */
      if (*content == ' ')
        content++;
      len = strlen (content);

      /* The signature separator ends in a space but never flows. */
      soft = len > 0 && content[len - 1] == ' ' && strcmp (content, "-- ") != 0;

      if (soft)
        {
          const char *next = lines[i + 1];

          /* A flowed line before a change of depth is taken as fixed. */
          if (next == NULL || strspn (next, ">") != depth)
            soft = FALSE;
        }

      /* A paragraph keeps the quote marks of its first line and the space
       * after them; an unquoted line loses its stuffing. */
      if (!continuing && depth > 0)
        g_string_append_len (out, line, content - line);

      if (soft && delsp)
        len--;

      g_string_append_len (out, content, len);
      if (!soft && lines[i + 1] != NULL)
        g_string_append_c (out, '\n');

      continuing = soft;
    }

  return g_string_free (out, FALSE);
}

static char *
text_of_part (GMimePart *part)
{
  GMimeContentType *type = g_mime_object_get_content_type (GMIME_OBJECT (part));
  const char *charset = g_mime_content_type_get_parameter (type, "charset");
  g_autoptr(GBytes) bytes = decoded_content (part);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  g_autofree char *text = NULL;

  if (g_mime_content_type_is_type (type, "text", "html"))
    text = intake_html_to_text (data ? data : "", len, charset);
  else
    {
      const char *format = g_mime_content_type_get_parameter (type, "format");

      text = to_unix_newlines (intake_charset_to_utf8 (data, len, charset));
      if (format != NULL && g_ascii_strcasecmp (format, "flowed") == 0)
        {
          const char *delsp = g_mime_content_type_get_parameter (type, "delsp");
          char *unflowed = unflow (text, delsp != NULL && g_ascii_strcasecmp (delsp, "yes") == 0);

          g_free (text);
          text = unflowed;
        }
    }

  return text ? g_steal_pointer (&text) : g_strdup ("");
}

static void
append_paragraph (GString    *body,
                  const char *text)
{
  const char *end = text + strlen (text);

  /* Leading and trailing blank lines carry nothing. */
  while (*text == '\n' || *text == ' ' || *text == '\t')
    text++;
  while (end > text && (end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
    end--;

  if (end == text)
    return;

  if (body->len > 0)
    g_string_append (body, "\n\n");
  g_string_append_len (body, text, end - text);
}

/* UTF-8 read as Latin-1 ("rÃ©sumÃ©.pdf"), which a file name whose charset
 * was declared wrongly comes out as: the name again from its Latin-1 bytes
 * when those are UTF-8 with at least one character beyond ASCII, or NULL.
 * Text that is all Latin-1 letters rarely reads as UTF-8 that way. */
static char *
undo_latin1_mojibake (const char *name)
{
  gboolean suspicious = FALSE;
  g_autofree char *bytes = NULL;
  gsize n = 0;

  for (const char *p = name; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gunichar next = p[0] ? g_utf8_get_char (g_utf8_next_char (p)) : 0;

      if (c > 0xFF)
        return NULL;
      if (c >= 0xC2 && c <= 0xF4 && next >= 0x80 && next <= 0xBF)
        suspicious = TRUE;
    }
  if (!suspicious)
    return NULL;

  bytes = g_convert (name, -1, "ISO-8859-1", "UTF-8", NULL, &n, NULL);
  if (bytes == NULL || !g_utf8_validate (bytes, n, NULL))
    return NULL;

  return g_steal_pointer (&bytes);
}

/* A file name from a message names the attachment for people; it is never a path. */
static char *
safe_filename (const char *name,
               guint       index)
{
  g_autofree char *clean = NULL;
  const char *base;
  GString *out;

  if (name == NULL || *name == '\0')
    return g_strdup_printf ("attachment-%u", index + 1);

  clean = clean_header_text (name);
  {
    char *repaired = undo_latin1_mojibake (clean);

    if (repaired != NULL)
      {
        g_free (clean);
        clean = repaired;
      }
  }
  base = clean;
  for (const char *p = clean; *p; p++)
    if (*p == '/' || *p == '\\')
      base = p + 1;

  out = g_string_new (NULL);
  for (const char *p = base; *p; p++)
    if (*p != ':' || out->len > 1)
      g_string_append_c (out, *p);

  while (out->len > 0 && out->str[0] == '.')
    g_string_erase (out, 0, 1);

  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return g_strdup_printf ("attachment-%u", index + 1);
    }

  return g_string_free (out, FALSE);
}

static char *
no_room_note (void)
{
  g_autofree char *limit = g_format_size (MAX_ATTACHMENTS_TEXT);

  /* Translators: %s is a size, such as “8.0 MB” */
  return g_strdup_printf (_("No text was kept: the message’s other attachments already hold the %s of text kept for one message"),
                          limit);
}

/* Cuts @attachment's text to at most @max_len bytes, saying so in its note;
 * @for_room says the limit is what the message's other attachments left. */
static void
cut_attachment_text (IntakeParsedAttachment *attachment,
                     gsize                   max_len,
                     gboolean                for_room)
{
  gsize len = strlen (attachment->text);
  gsize keep = intake_text_cut (attachment->text, len, max_len);
  g_autofree char *kept_size = NULL;
  g_autofree char *full_size = NULL;
  g_autofree char *limit = NULL;

  if (keep == len)
    return;

  g_clear_pointer (&attachment->note, g_free);
  kept_size = g_format_size (keep);
  full_size = g_format_size (len);
  limit = g_format_size (MAX_ATTACHMENTS_TEXT);

  if (keep == 0)
    {
      g_clear_pointer (&attachment->text, g_free);
      if (for_room)
        attachment->note = no_room_note ();
      else
        /* Translators: %s is a size, such as “3.0 MB” */
        attachment->note = g_strdup_printf (_("No text was kept; the file holds %s of text"), full_size);
      return;
    }

  attachment->text[keep] = '\0';
  attachment->text = g_realloc (attachment->text, keep + 1);

  if (for_room)
    /* Translators: the %s are sizes, such as “2.0 MB” */
    attachment->note = g_strdup_printf (_("Only the first %s of text were kept; the file holds %s of text, and a message’s attachments keep %s of text in all"),
                                        kept_size, full_size, limit);
  else
    /* Translators: the %s are sizes, such as “2.0 MB” */
    attachment->note = g_strdup_printf (_("Only the first %s of text were kept; the file holds %s of text"),
                                        kept_size, full_size);
}

/* Whether the part's Content-Type is no type/subtype at all
 * ("application-x-gzip; name=…", "BINARY"), which GMime reads as
 * application/octet-stream without its parameters. */
static gboolean
has_invalid_type (GMimePart *part)
{
  const char *raw = g_mime_object_get_header (GMIME_OBJECT (part), "Content-Type");
  const char *end, *slash;

  if (raw == NULL)
    return FALSE;
  while (g_ascii_isspace (*raw))
    raw++;
  end = strchr (raw, ';');
  if (end == NULL)
    end = raw + strlen (raw);
  slash = memchr (raw, '/', end - raw);

  return slash == NULL || slash == raw || slash + 1 == end || g_ascii_isspace (slash[1]);
}

/* The part's file name, from an invalid Content-Type's parameters too:
 * RFC 2045 reads an invalid type as text/plain, and its "name" still
 * names the file. */
static char *
part_filename (GMimePart *part)
{
  const char *name = g_mime_part_get_filename (part);
  const char *raw, *params;
  GMimeParamList *list;
  GMimeParam *param;
  char *found = NULL;

  if (name != NULL)
    return g_strdup (name);
  if (!has_invalid_type (part))
    return NULL;

  raw = g_mime_object_get_header (GMIME_OBJECT (part), "Content-Type");
  params = raw ? strchr (raw, ';') : NULL;
  if (params == NULL)
    return NULL;

  list = g_mime_param_list_parse (NULL, params + 1);
  if (list == NULL)
    return NULL;
  param = g_mime_param_list_get_parameter (list, "name");
  if (param != NULL && g_mime_param_get_value (param) != NULL)
    found = g_strdup (g_mime_param_get_value (param));
  g_object_unref (list);

  return found;
}

/* The part's type: for an invalid one, what its file name says, or else
 * text/plain as RFC 2045 has it. */
static char *
part_mime_type (GMimePart  *part,
                const char *filename)
{
  GMimeContentType *type = g_mime_object_get_content_type (GMIME_OBJECT (part));
  g_autofree char *mime = NULL;

  if (has_invalid_type (part))
    {
      g_autofree char *guessed = NULL;
      gboolean uncertain = TRUE;

      if (filename != NULL)
        guessed = g_content_type_guess (filename, NULL, 0, &uncertain);
      if (guessed != NULL && !uncertain)
        mime = g_content_type_get_mime_type (guessed);
      if (mime == NULL)
        mime = g_strdup (filename != NULL ? "application/octet-stream" : "text/plain");
    }
  else if (type != NULL)
    mime = g_mime_content_type_get_mime_type (type);

  return g_ascii_strdown (mime ? mime : "application/octet-stream", -1);
}

static void
add_attachment (Walk      *walk,
                GMimePart *part)
{
  IntakeParsedAttachment *attachment = g_new0 (IntakeParsedAttachment, 1);
  g_autoptr(GError) error = NULL;
  gsize size;
  const guchar *data;

  g_autofree char *name = part_filename (part);

  attachment->filename = safe_filename (name, walk->attachments->len);
  attachment->mime_type = part_mime_type (part, name);
  attachment->data = decoded_content (part);
  data = g_bytes_get_data (attachment->data, &size);
  attachment->sha256 = intake_sha256_for_data (data, size);

  if (intake_extract_is_supported (attachment->mime_type, attachment->filename))
    {
      gsize room = MAX_ATTACHMENTS_TEXT - MIN (walk->attachments_text, MAX_ATTACHMENTS_TEXT);

      /* No room left: not worth reading a text that cannot be kept. */
      if (room == 0)
        attachment->note = no_room_note ();
      else
        {
          attachment->text = intake_extract_text (attachment->mime_type, attachment->filename,
                                                  attachment->data, &error);
          if (attachment->text == NULL)
            attachment->note = g_strdup (error ? error->message : _("No text could be extracted"));
          else
            cut_attachment_text (attachment, MIN (room, MAX_ATTACHMENT_TEXT), room < MAX_ATTACHMENT_TEXT);

          if (attachment->text != NULL)
            walk->attachments_text += strlen (attachment->text);
        }
    }

  g_ptr_array_add (walk->attachments, attachment);
}

static gboolean
is_attachment (GMimeObject *object)
{
  GMimeContentDisposition *disposition = g_mime_object_get_content_disposition (object);

  if (disposition != NULL && g_mime_content_disposition_is_attachment (disposition))
    return TRUE;

  if (!GMIME_IS_PART (object))
    return FALSE;

  {
    g_autofree char *name = part_filename (GMIME_PART (object));

    return name != NULL;
  }
}

static void
walk_part (Walk      *walk,
           GMimePart *part)
{
  GMimeContentType *type = g_mime_object_get_content_type (GMIME_OBJECT (part));
  gboolean text = type == NULL || has_invalid_type (part) ||
                  g_mime_content_type_is_type (type, "text", "plain") ||
                  g_mime_content_type_is_type (type, "text", "html");

  if (text && !is_attachment (GMIME_OBJECT (part)))
    {
      g_autofree char *content = text_of_part (part);

      append_paragraph (walk->body, content);
    }
  else if (type == NULL ||
           (!g_mime_content_type_is_type (type, "application", "pgp-signature") &&
            !g_mime_content_type_is_type (type, "application", "pkcs7-signature")))
    add_attachment (walk, part);
}

static GMimeObject *
preferred_alternative (GMimeMultipart *multipart)
{
  GMimeObject *html = NULL;
  GMimeObject *other = NULL;
  int n = g_mime_multipart_get_count (multipart);

  for (int i = 0; i < n; i++)
    {
      GMimeObject *child = g_mime_multipart_get_part (multipart, i);
      GMimeContentType *type = g_mime_object_get_content_type (child);

      if (type != NULL && g_mime_content_type_is_type (type, "text", "plain"))
        return child;
      if (type != NULL && g_mime_content_type_is_type (type, "text", "html") && html == NULL)
        html = child;
      if (GMIME_IS_MULTIPART (child) && other == NULL)
        other = child;
    }

  /* multipart/alternative with a multipart/related inside it is how many
   * clients send HTML with inline images; the text/plain sibling wins if any. */
  if (html != NULL)
    return html;
  if (other != NULL)
    return other;

  return n > 0 ? g_mime_multipart_get_part (multipart, 0) : NULL;
}

static void
walk_forwarded (Walk              *walk,
                GMimeMessagePart  *message_part,
                int                depth)
{
  GMimeMessage *inner = g_mime_message_part_get_message (message_part);
  g_autofree char *name = NULL;
  g_autofree char *addr = NULL;
  g_autofree char *subject = NULL;
  GDateTime *date;
  GString *heading;

  if (inner == NULL)
    return;

  repair_headers (GMIME_OBJECT (inner));
  read_sender (inner, &name, &addr);
  subject = clean_header_text (g_mime_message_get_subject (inner));
  date = g_mime_message_get_date (inner);

  /* Stored text, not interface: the same whatever the importer's language,
   * so that excerpt offsets agree between reviewers' copies. */
  heading = g_string_new ("---------- Forwarded message ----------");
  if (*addr || *name)
    g_string_append_printf (heading, "\n%s %s%s%s%s", "From:", name,
                            *name && *addr ? " <" : "", addr, *name && *addr ? ">" : "");
  if (date != NULL)
    {
      g_autofree char *formatted = g_date_time_format (date, "%Y-%m-%d %H:%M %:z");

      g_string_append_printf (heading, "\n%s %s", "Date:", formatted);
    }
  if (*subject)
    g_string_append_printf (heading, "\n%s %s", "Subject:", subject);
  append_paragraph (walk->body, heading->str);
  g_string_free (heading, TRUE);

  walk_object (walk, g_mime_message_get_mime_part (inner), depth + 1);
}

static void
walk_object (Walk        *walk,
             GMimeObject *object,
             int          depth)
{
  if (object == NULL)
    return;

  if (depth >= MAX_DEPTH)
    {
      walk->too_deep = TRUE;
      return;
    }

  if (GMIME_IS_MESSAGE_PART (object))
    walk_forwarded (walk, GMIME_MESSAGE_PART (object), depth);
  else if (GMIME_IS_MULTIPART (object))
    {
      GMimeMultipart *multipart = GMIME_MULTIPART (object);
      GMimeContentType *type = g_mime_object_get_content_type (object);

      if (g_mime_content_type_is_type (type, "multipart", "alternative"))
        {
          walk_object (walk, preferred_alternative (multipart), depth + 1);
          return;
        }

      if (GMIME_IS_MULTIPART_SIGNED (object))
        {
          /* The signed content is the first part; the signature is not the submission. */
          walk_object (walk, g_mime_multipart_get_part (multipart, GMIME_MULTIPART_SIGNED_CONTENT), depth + 1);
          return;
        }

      for (int i = 0; i < g_mime_multipart_get_count (multipart); i++)
        walk_object (walk, g_mime_multipart_get_part (multipart, i), depth + 1);
    }
  else if (GMIME_IS_PART (object))
    walk_part (walk, GMIME_PART (object));
}

/* The body, then each attachment's text under a heading. */
static char *
compose_text (const char *body,
              GPtrArray  *attachments)
{
  GString *text = g_string_new (body);

  for (guint i = 0; i < attachments->len; i++)
    {
      const IntakeParsedAttachment *attachment = g_ptr_array_index (attachments, i);

      if (attachment->text == NULL || *attachment->text == '\0')
        continue;

      if (text->len > 0)
        g_string_append (text, "\n\n");
      g_string_append_printf (text, "--- %s ---\n\n", attachment->filename);
      g_string_append (text, attachment->text);
      while (text->len > 0 && (text->str[text->len - 1] == '\n' || text->str[text->len - 1] == ' '))
        g_string_truncate (text, text->len - 1);
    }

  g_string_append_c (text, '\n');

  return g_string_free (text, FALSE);
}

static char *
compute_content_hash (const IntakeParsedMessage *message)
{
  g_autoptr(IntakeSha256) checksum = intake_sha256_new ();
  const char *parts[] = { message->from_addr, message->subject, message->text };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autofree char *normal = intake_text_normalize (parts[i]);

      intake_sha256_update (checksum, normal, -1);
      intake_sha256_update (checksum, "\n", 1);
    }

  return g_strdup (intake_sha256_get_string (checksum));
}

/* The function words guess_language() counts, each packed with its
 * bytes into an integer (none is longer than seven), in an open-addressed
 * table: a GHashTable lookup for every word of every message cost more
 * than the reading of the words. */
#define LANGUAGE_SLOTS 128

typedef struct
{
  guint64 key;
  guint   which;   /* 1 English, 2 French, 3 both */
} LanguageWord;

static guint
language_slot (guint64 key)
{
  return (guint) ((key * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 57) % LANGUAGE_SLOTS;
}

static guint
language_of_key (const LanguageWord *table,
                 guint64             key)
{
  for (guint slot = language_slot (key); table[slot].key != 0; slot = (slot + 1) % LANGUAGE_SLOTS)
    if (table[slot].key == key)
      return table[slot].which;

  return 0;
}

/* Adds the @n bytes of a character to the word being read: its length in
 * bytes, and its first bytes packed into its key. */
static inline void
add_to_word (guint64    *key,
             gsize      *len,
             const char *bytes,
             gsize       n)
{
  for (gsize i = 0; i < n; i++, (*len)++)
    if (*len < 8)
      *key |= (guint64) (guchar) bytes[i] << (8 * *len);
}

static void
add_language_word (LanguageWord *table,
                   const char   *word,
                   guint         which)
{
  guint64 key = 0;
  gsize len = 0;
  guint slot;

  add_to_word (&key, &len, word, strlen (word));
  slot = language_slot (key);

  while (table[slot].key != 0 && table[slot].key != key)
    slot = (slot + 1) % LANGUAGE_SLOTS;
  table[slot].key = key;
  table[slot].which |= which;
}

/* Counts a word that ended, and starts the next. */
static inline void
end_word (const LanguageWord *table,
          guint64            *key,
          gsize              *len,
          guint              *en,
          guint              *fr)
{
  if (*len > 0 && *len < 8)
    {
      guint which = language_of_key (table, *key);

      *en += (which & 1) != 0;
      *fr += (which & 2) != 0;
    }
  *key = 0;
  *len = 0;
}

/* English or French, only when the text says so clearly: common function
 * words of each language are counted, and one must outnumber the other three
 * to one. Anything less certain is left for a reviewer to set.
 *
 * Words are letters, lower-cased as g_utf8_strdown() does. It reads every
 * byte of every message, so ASCII is lower-cased in place and only runs of
 * other characters go through GLib, a run at a time (its special cases, a
 * final sigma or a dotted capital I, look at the characters around). */
static const char *
guess_language (const char *text)
{
  static const char * const english[] = {
    "the", "and", "is", "are", "to", "of", "in", "that", "for", "not", "with", "i", "we",
    "you", "this", "be", "have", "it", "my", "our", "they", "was", "would", "should", NULL
  };
  static const char * const french[] = {
    "le", "la", "les", "des", "et", "est", "je", "nous", "vous", "que", "qui", "pour",
    "dans", "pas", "une", "du", "au", "aux", "à", "ne", "sont", "ce", "mon", "nos", "leur", NULL
  };
  static LanguageWord *words;
  guint64 key = 0;            /* of the word so far */
  gsize len = 0;              /* of the word so far, in bytes */
  guint en = 0, fr = 0;

  if (g_once_init_enter (&words))
    {
      LanguageWord *table = g_new0 (LanguageWord, LANGUAGE_SLOTS);

      for (guint i = 0; english[i]; i++)
        add_language_word (table, english[i], 1);
      for (guint i = 0; french[i]; i++)
        add_language_word (table, french[i], 2);
      g_once_init_leave (&words, table);
    }

  for (const char *p = text; *p;)
    {
      if ((guchar) *p < 0x80)
        {
          if (g_ascii_isalpha (*p))
            {
              char lower = *p | 0x20;

              add_to_word (&key, &len, &lower, 1);
            }
          else
            end_word (words, &key, &len, &en, &fr);
          p++;
        }
      else
        {
          const char *run = p;
          g_autofree char *lower = NULL;

          while ((guchar) *p >= 0x80)
            p++;
          lower = g_utf8_strdown (run, p - run);
          for (const char *q = lower; *q; q = g_utf8_next_char (q))
            {
              if (g_unichar_isalpha (g_utf8_get_char (q)))
                add_to_word (&key, &len, q, g_utf8_next_char (q) - q);
              else
                end_word (words, &key, &len, &en, &fr);
            }
        }
    }
  end_word (words, &key, &len, &en, &fr);

  if (en + fr < 4)
    return NULL;
  if (fr >= 3 * en)
    return "French";
  if (en >= 3 * fr)
    return "English";

  return NULL;
}

/* The boundary a Content-Type header line names, or NULL. Looked for
 * in place: this runs on every header line of every message. */
static char *
boundary_of (const char *line,
             const char *end)
{
  static const char key[] = "boundary=";
  const gsize key_len = sizeof key - 1;
  const char *nul = memchr (line, '\0', end - line);
  const char *limit = nul ? nul : end;
  const char *p = NULL;
  gsize n = 0;

  for (const char *q = line; q + key_len <= limit; q++)
    if ((*q == 'b' || *q == 'B') && g_ascii_strncasecmp (q, key, key_len) == 0)
      {
        p = q + key_len;
        break;
      }
  if (p == NULL)
    return NULL;

  if (*p == '"')
    {
      p++;
      while (p + n < end && p[n] != '"')
        n++;
    }
  else
    while (p + n < end && p[n] != ';' && !g_ascii_isspace (p[n]))
      n++;

  return n > 0 ? g_strndup (p, n) : NULL;
}

/* Whether a header field line follows, from @line to the blank line that
 * ends the header section (or to @end). */
static gboolean
header_field_follows (const char *line,
                      const char *end)
{
  while (line < end)
    {
      const char *nl = memchr (line, '\n', end - line);
      const char *text_end = (nl && nl > line && nl[-1] == '\r') ? nl - 1 : (nl ? nl : end);

      if (text_end == line)
        return FALSE;
      if (is_header_field_line (line, text_end))
        return TRUE;
      line = nl ? nl + 1 : end;
    }

  return FALSE;
}

/* A part whose header lines run straight into its content, with no blank
 * line between ("Content-Transfer-Encoding: base64" then the base64):
 * GMime reads the content as broken headers and the part comes out empty.
 * Returns a copy of @data with the missing blank line put back before the
 * first line of a part's headers that is no header, and counts those in
 * @n_repaired; or NULL when every part is whole.
 *
 * The message's own headers run into its text only when no header field
 * comes after that line: a line that lost the white space folding it,
 * with the sender below it, is damage inside the headers, which GMime
 * reads past. @own_repaired says whether they did. */
static char *
separate_run_in_parts (const char *data,
                       gsize       len,
                       gsize      *new_len,
                       guint      *n_repaired,
                       gboolean   *own_repaired)
{
  g_autoptr(GPtrArray) boundaries = g_ptr_array_new_with_free_func (g_free);
  GString *out = NULL;
  const char *end = data + len;
  gboolean in_headers = TRUE;   /* the message's own, first */
  gboolean own_headers = TRUE;

  *n_repaired = 0;
  *own_repaired = FALSE;
  for (const char *line = data; line < end;)
    {
      const char *nl = memchr (line, '\n', end - line);
      const char *next = nl ? nl + 1 : end;
      const char *text_end = (nl && nl > line && nl[-1] == '\r') ? nl - 1 : (nl ? nl : end);

      if (in_headers)
        {
          if (text_end == line)
            in_headers = FALSE;
          else if (line[0] == ' ' || line[0] == '\t' || is_header_field_line (line, text_end))
            {
              char *boundary = boundary_of (line, text_end);

              if (boundary != NULL)
                g_ptr_array_add (boundaries, boundary);
            }
          else if (!own_headers || !header_field_follows (next, end))
            {
              /* The content starts here: put the blank line back. */
              if (out == NULL)
                {
                  out = g_string_sized_new (len + 16);
                  g_string_append_len (out, data, line - data);
                }
              g_string_append_c (out, '\n');
              if (own_headers)
                *own_repaired = TRUE;
              else
                (*n_repaired)++;
              in_headers = FALSE;
            }
          else
            in_headers = FALSE;
        }
      else if (text_end - line > 2 && line[0] == '-' && line[1] == '-')
        {
          for (guint i = 0; i < boundaries->len; i++)
            {
              const char *b = g_ptr_array_index (boundaries, i);
              gsize n = strlen (b);

              const char *rest = line + 2 + n;

              /* "--boundary", white space after it at most (RFC 2046);
               * "--boundary--" closes the multipart. */
              if ((gsize) (text_end - line - 2) < n || strncmp (line + 2, b, n) != 0)
                continue;
              while (rest < text_end && (*rest == ' ' || *rest == '\t'))
                rest++;
              if (rest == text_end)
                {
                  in_headers = TRUE;
                  own_headers = FALSE;
                  break;
                }
            }
        }

      if (out != NULL)
        g_string_append_len (out, line, next - line);
      line = next;
    }

  if (out == NULL)
    return NULL;
  *new_len = out->len;
  return g_string_free (out, FALSE);
}

/**
 * intake_message_parse:
 * @data: one message as it was on disk (RFC 5322, any line endings)
 *
 * Decodes a message into what the project keeps. A message that is damaged
 * but still readable is decoded as far as it goes; only a message that is
 * not a message at all is refused, with a reason a person can read.
 */
IntakeParsedMessage *
intake_message_parse (const char  *data,
                      gsize        len,
                      GError     **error)
{
  g_autoptr(IntakeParsedMessage) parsed = NULL;
  GMimeStream *stream;
  GMimeParser *parser;
  GMimeMessage *message;
  const char *start = data;
  g_autofree char *cr_copy = NULL;
  const char *eol;
  gsize header_len;
  GDateTime *date;
  Walk walk;
  g_autoptr(GPtrArray) notes = NULL;
  g_autofree char *run_in = NULL;
  gsize run_in_len = 0;
  guint n_run_in = 0;
  gboolean own_run_in = FALSE;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  intake_message_init ();

  /* Mail clients and archivers save messages that open with a byte-order
   * mark, or with lines of white space: neither is a header. */
  if (len >= 3 && memcmp (start, "\xef\xbb\xbf", 3) == 0)
    start += 3;
  for (;;)
    {
      const char *p = start;

      while (p < data + len && (*p == ' ' || *p == '\t' || *p == '\r'))
        p++;
      if (p < data + len && *p == '\n')
        start = p + 1;
      else
        break;
    }

  /* An envelope line left on a single saved message is not a header. */
  if (len - (start - data) >= 5 && strncmp (start, "From ", 5) == 0)
    {
      eol = memchr (start, '\n', len - (start - data));
      start = eol ? eol + 1 : data + len;
    }

  /* An indented first header line continues no field (RFC 5322 §2.2.3):
   * the white space is the damage, not the field. */
  {
    const char *p = start;

    while (p < data + len && (*p == ' ' || *p == '\t'))
      p++;
    eol = memchr (p, '\n', data + len - p);
    if (p > start && is_header_field_line (p, eol ? eol : data + len))
      start = p;
  }
  len -= start - data;

  {
    gsize i = 0;

    while (i < len && g_ascii_isspace (start[i]))
      i++;
    if (i == len)
      {
        g_set_error_literal (error, INTAKE_MESSAGE_ERROR, INTAKE_MESSAGE_ERROR_EMPTY,
                             _("The message is empty"));
        return NULL;
      }
  }

  if (len > MAX_MESSAGE_BYTES)
    {
      g_set_error (error, INTAKE_MESSAGE_ERROR, INTAKE_MESSAGE_ERROR_TOO_LARGE,
                   _("The message is larger than %d MB"), MAX_MESSAGE_BYTES / (1024 * 1024));
      return NULL;
    }

  /* Old Macintosh line endings: a lone CR ends a line too. */
  if (memchr (start, '\n', MIN (len, (gsize) 65536)) == NULL && memchr (start, '\r', len) != NULL)
    {
      cr_copy = g_memdup2 (start, len);
      for (gsize i = 0; i < len; i++)
        if (cr_copy[i] == '\r')
          cr_copy[i] = '\n';
      start = cr_copy;
    }

  eol = memchr (start, '\n', len);
  if (!is_header_field_line (start, eol ? eol : start + len))
    {
      g_set_error_literal (error, INTAKE_MESSAGE_ERROR, INTAKE_MESSAGE_ERROR_NO_HEADERS,
                           _("The message has no header fields (no sender, date or subject)"));
      return NULL;
    }

  header_len = find_header_end (start, MIN (len, (gsize) MAX_HEADER_BYTES + 1));
  if (header_len > MAX_HEADER_BYTES)
    {
      g_set_error (error, INTAKE_MESSAGE_ERROR, INTAKE_MESSAGE_ERROR_TOO_LARGE,
                   _("The message’s header section is larger than %d MB"), MAX_HEADER_BYTES / (1024 * 1024));
      return NULL;
    }

  run_in = separate_run_in_parts (start, len, &run_in_len, &n_run_in, &own_run_in);
  if (run_in != NULL)
    {
      start = run_in;
      len = run_in_len;
    }

  stream = g_mime_stream_mem_new_with_buffer (start, len);
  parser = get_thread_parser ();
  g_mime_parser_init_with_stream (parser, stream);
  g_mime_parser_set_format (parser, GMIME_FORMAT_MESSAGE);
  message = g_mime_parser_construct_message (parser, get_parser_options ());
  /* Let go of the message's bytes now rather than at the next message. */
  g_mime_parser_init_with_stream (parser, empty_stream ());
  g_object_unref (stream);
  if (message == NULL)
    {
      g_set_error_literal (error, INTAKE_MESSAGE_ERROR, INTAKE_MESSAGE_ERROR_UNPARSABLE,
                           _("The message could not be parsed as MIME"));
      return NULL;
    }

  repair_headers (GMIME_OBJECT (message));

  parsed = g_new0 (IntakeParsedMessage, 1);
  parsed->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) parsed_attachment_free);
  parsed->message_id = normalize_message_id (g_mime_message_get_message_id (message));
  parsed->subject = subject_in_declared_charset (message);
  if (parsed->subject == NULL)
    parsed->subject = clean_header_text (g_mime_message_get_subject (message));
  read_sender (message, &parsed->from_name, &parsed->from_addr);

  date = g_mime_message_get_date (message);
  if (date != NULL)
    {
      parsed->date = g_date_time_to_unix (date);
      parsed->has_date = TRUE;
    }

  parsed->in_reply_to = first_reference (GMIME_OBJECT (message), "In-Reply-To");
  parsed->references = all_references (message);

  walk.body = g_string_new (NULL);
  walk.attachments = parsed->attachments;
  walk.attachments_text = 0;
  walk.too_deep = FALSE;
  walk_object (&walk, g_mime_message_get_mime_part (message), 0);

  notes = g_ptr_array_new_with_free_func (g_free);

  if (walk.too_deep)
    {
      g_ptr_array_add (notes, g_strdup_printf (_("The message is nested deeper than %d parts; parts below that were not read"),
                                               MAX_DEPTH));
    }

  if (walk.body->len > MAX_BODY_TEXT)
    {
      g_autofree char *kept_size = NULL;
      g_autofree char *full_size = g_format_size (walk.body->len);

      g_string_truncate (walk.body, intake_text_cut (walk.body->str, walk.body->len, MAX_BODY_TEXT));
      kept_size = g_format_size (walk.body->len);
      /* Translators: the %s are sizes, such as “2.0 MB” */
      g_ptr_array_add (notes, g_strdup_printf (_("Only the first %s of the message’s own text were kept; it holds %s"),
                                               kept_size, full_size));

      /* Not the whole buffer it grew to. */
      parsed->body = g_strndup (walk.body->str, walk.body->len);
      g_string_free (walk.body, TRUE);
    }
  else
    parsed->body = g_string_free (walk.body, FALSE);

  /* Before the text is made of them, so that its offsets are final. */
  intake_text_blank_controls (parsed->body);
  for (guint i = 0; i < parsed->attachments->len; i++)
    intake_text_blank_controls (((IntakeParsedAttachment *) g_ptr_array_index (parsed->attachments, i))->text);
  parsed->text = compose_text (parsed->body, parsed->attachments);
  parsed->language = guess_language (parsed->text);

  /* Kept beside the text, not in it: the text is what the sender wrote. */
  if (own_run_in)
    g_ptr_array_add (notes, g_strdup (_("The message’s headers ran into its text with no blank line; its text was read from the first line that is no header")));
  if (n_run_in > 0)
    g_ptr_array_add (notes, g_strdup_printf (ngettext ("The headers of %u part ran into its content with no blank line; its content was read from the first line that is no header",
                                                       "The headers of %u parts ran into their content with no blank line; their content was read from the first line that is no header",
                                                       n_run_in),
                                             n_run_in));

  if (notes->len > 0)
    {
      g_ptr_array_add (notes, NULL);
      parsed->note = g_strjoinv ("\n", (char **) notes->pdata);
    }

  /* Only messages without a Message-ID are told apart by content. */
  if (parsed->message_id == NULL)
    parsed->content_hash = compute_content_hash (parsed);
  g_object_unref (message);

  return g_steal_pointer (&parsed);
}
