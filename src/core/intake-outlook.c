#define G_LOG_DOMAIN "intake-outlook"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <gmime/gmime.h>
#include <gsf/gsf.h>
#include <string.h>

#include "intake-charset.h"
#include "intake-mapi.h"
#include "intake-message.h"
#include "intake-outlook.h"

/* Outlook items become RFC 5322 messages here, so that they take the same
 * path as any other message: decoding, HTML to text, attachments. */

/* Raw bytes one item may bring (bodies and attachments); base64 makes a
 * third more of them, and the message path refuses more than 256 MB. */
#define MAX_ITEM_BYTES   (180u * 1024u * 1024u)
/* Messages attached to messages attached to…: beyond this, damage. */
#define MAX_EMBED_DEPTH  16
/* One stream of a .msg file, at most. */
#define MAX_STREAM_BYTES (256u * 1024u * 1024u)

G_DEFINE_QUARK (intake-outlook-error-quark, intake_outlook_error)

/* GMime 3.2 and libgsf 1.14 declare no cleanup functions of their own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInput, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInfile, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeMessage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeObject, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeMultipart, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeStream, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeParser, g_object_unref)

void
intake_outlook_init (void)
{
  static gsize initialized;

  /* Before threads read .msg files together: see intake_extract_init(). */
  if (g_once_init_enter (&initialized))
    {
      intake_message_init ();
      g_type_ensure (gsf_input_get_type ());
      g_type_ensure (gsf_infile_get_type ());
      g_type_ensure (gsf_input_memory_get_type ());
      g_type_ensure (gsf_infile_msole_get_type ());
      g_once_init_leave (&initialized, 1);
    }
}

void
intake_mapi_bag_free (IntakeMapiBag *bag)
{
  if (bag != NULL)
    bag->funcs->free (bag);
}

static GBytes *
bag_get (IntakeMapiBag *bag,
         guint16        id,
         guint16       *type)
{
  g_autoptr(GError) error = NULL;
  guint16 dummy;
  GBytes *value = bag->funcs->get (bag, id, type ? type : &dummy, &error);

  /* A property that cannot be read is one the item does not have: the rest
   * of the item still counts. */
  if (error != NULL)
    g_debug ("Property 0x%04x could not be read: %s", id, error->message);

  return value;
}

/* For what the submission is made of (its text, its files): a value that is
 * there but cannot be read makes the item damaged, not shorter. NULL without
 * an error is a value the item does not have. */
static GBytes *
bag_get_checked (IntakeMapiBag  *bag,
                 guint16         id,
                 guint16        *type,
                 GError        **error)
{
  GError *local_error = NULL;
  GBytes *value = bag->funcs->get (bag, id, type, &local_error);

  if (local_error != NULL)
    {
      g_clear_pointer (&value, g_bytes_unref);
      g_propagate_error (error, local_error);
    }

  return value;
}

const char *
intake_mapi_codepage_charset (guint codepage)
{
  static const struct { guint codepage; const char *charset; } table[] = {
    { 437, "IBM437" }, { 850, "IBM850" }, { 852, "IBM852" }, { 866, "IBM866" },
    { 874, "windows-874" }, { 932, "Shift_JIS" }, { 936, "GBK" }, { 949, "CP949" },
    { 950, "Big5" }, { 1200, "UTF-16LE" }, { 1201, "UTF-16BE" },
    { 1250, "windows-1250" }, { 1251, "windows-1251" }, { 1252, "windows-1252" },
    { 1253, "windows-1253" }, { 1254, "windows-1254" }, { 1255, "windows-1255" },
    { 1256, "windows-1256" }, { 1257, "windows-1257" }, { 1258, "windows-1258" },
    { 10000, "macintosh" }, { 20127, "US-ASCII" }, { 20866, "KOI8-R" }, { 21866, "KOI8-U" },
    { 28591, "ISO-8859-1" }, { 28592, "ISO-8859-2" }, { 28593, "ISO-8859-3" },
    { 28594, "ISO-8859-4" }, { 28595, "ISO-8859-5" }, { 28596, "ISO-8859-6" },
    { 28597, "ISO-8859-7" }, { 28598, "ISO-8859-8" }, { 28599, "ISO-8859-9" },
    { 28603, "ISO-8859-13" }, { 28605, "ISO-8859-15" }, { 50220, "ISO-2022-JP" },
    { 50221, "ISO-2022-JP" }, { 50222, "ISO-2022-JP" }, { 51932, "EUC-JP" },
    { 51936, "GB2312" }, { 51949, "EUC-KR" }, { 52936, "HZ-GB-2312" }, { 54936, "GB18030" },
    { 65000, "UTF-7" }, { 65001, "UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (table[i].codepage == codepage)
      return table[i].charset;

  return NULL;
}

static char *
decode_string (GBytes  *value,
               guint16  type,
               guint    codepage)
{
  gsize len;
  const char *data = g_bytes_get_data (value, &len);

  /* Code pages are GMime's to convert. */
  intake_outlook_init ();

  if (type == INTAKE_MAPI_TYPE_UNICODE)
    {
      g_autofree gunichar2 *units = g_new0 (gunichar2, len / 2 + 1);
      gsize n = len / 2;
      GString *out;

      for (gsize i = 0; i < n; i++)
        units[i] = (guint8) data[2 * i] | (guint8) data[2 * i + 1] << 8;
      while (n > 0 && units[n - 1] == 0)
        n--;

      /* Unpaired surrogates are damage: U+FFFD rather than nothing. */
      out = g_string_sized_new (n);
      for (gsize i = 0; i < n; i++)
        {
          gunichar c = units[i];

          if (c >= 0xd800 && c < 0xdc00 && i + 1 < n && units[i + 1] >= 0xdc00 && units[i + 1] < 0xe000)
            {
              c = 0x10000 + ((c - 0xd800) << 10) + (units[i + 1] - 0xdc00);
              i++;
            }
          else if (c >= 0xd800 && c < 0xe000)
            c = 0xfffd;
          else if (c == 0)
            continue;
          g_string_append_unichar (out, c);
        }

      return g_string_free (out, FALSE);
    }

  if (type == INTAKE_MAPI_TYPE_STRING8 || type == INTAKE_MAPI_TYPE_BINARY)
    {
      while (len > 0 && data[len - 1] == '\0')
        len--;
      return intake_charset_to_utf8 (data, len, intake_mapi_codepage_charset (codepage));
    }

  return NULL;
}

char *
intake_mapi_bag_get_string (IntakeMapiBag *bag,
                            guint16        id)
{
  guint16 type = 0;
  g_autoptr(GBytes) value = bag_get (bag, id, &type);

  g_autofree char *text = NULL;

  if (value == NULL)
    return NULL;

  text = decode_string (value, type, bag->codepage ? bag->codepage : 1252);

  /* A .pst keeps the subject behind U+0001 and the length of its prefix
   * ("RE: "): marks for Outlook, not text. */
  if (id == INTAKE_MAPI_SUBJECT && text != NULL && text[0] == '\001' && text[1] != '\0')
    return g_strdup (text + 2);

  return g_steal_pointer (&text);
}

static guint64
read_le (const guint8 *p,
         guint         n)
{
  guint64 v = 0;

  for (guint i = 0; i < n; i++)
    v |= (guint64) p[i] << (8 * i);

  return v;
}

gboolean
intake_mapi_bag_get_int32 (IntakeMapiBag *bag,
                           guint16        id,
                           gint32        *value)
{
  guint16 type = 0;
  g_autoptr(GBytes) bytes = bag_get (bag, id, &type);
  gsize len;
  const guint8 *data;

  if (bytes == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &len);
  if (type == INTAKE_MAPI_TYPE_INT32 && len >= 4)
    *value = (gint32) read_le (data, 4);
  else if (type == INTAKE_MAPI_TYPE_INT16 && len >= 2)
    *value = (gint16) read_le (data, 2);
  else
    return FALSE;

  return TRUE;
}

gboolean
intake_mapi_bag_get_time (IntakeMapiBag *bag,
                          guint16        id,
                          gint64        *unix_time)
{
  guint16 type = 0;
  g_autoptr(GBytes) bytes = bag_get (bag, id, &type);
  gsize len;
  const guint8 *data;
  guint64 filetime;

  if (bytes == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &len);
  if (type != INTAKE_MAPI_TYPE_TIME || len < 8)
    return FALSE;

  /* FILETIME: hundreds of nanoseconds since 1601; zero is no time at all. */
  filetime = read_le (data, 8);
  if (filetime == 0 || filetime == G_MAXUINT64)
    return FALSE;
  *unix_time = (gint64) (filetime / 10000000) - G_GINT64_CONSTANT (11644473600);

  /* Nothing was sent before 1970 or after 9999: damage. */
  return *unix_time > 0 && *unix_time < G_GINT64_CONSTANT (253402300800);
}

char *
intake_outlook_skip_reason (const char *message_class)
{
  static const struct { const char *prefix; const char *reason; } kinds[] = {
    { "IPM.Contact", N_("An Outlook contact is not a submission") },
    { "IPM.DistList", N_("An Outlook contact group is not a submission") },
    { "IPM.StickyNote", N_("An Outlook note is not a submission") },
    { "IPM.Appointment", N_("An Outlook appointment is not a submission") },
    { "IPM.Schedule.Meeting", N_("An Outlook meeting request is not a submission") },
    { "IPM.Task", N_("An Outlook task is not a submission") },
    { "IPM.Activity", N_("An Outlook journal entry is not a submission") },
    { "REPORT.", N_("A delivery report is not a submission") },
    { "IPM.Post.RSS", N_("An RSS feed item is not a submission") },
    { "IPM.Post", N_("A post to an Outlook folder is not a submission") },
  };

  /* Items with no class, and IPM.Note with its kinds (signed, encrypted…),
   * are messages. Posts to a folder are a team's notes, not mail sent in. */
  if (message_class == NULL || *message_class == '\0' ||
      g_ascii_strcasecmp (message_class, "IPM") == 0 ||
      g_ascii_strncasecmp (message_class, "IPM.Note", 8) == 0)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_ascii_strncasecmp (message_class, kinds[i].prefix, strlen (kinds[i].prefix)) == 0)
      return g_strdup (_(kinds[i].reason));

  /* Translators: %s is an Outlook item class, such as “IPM.Document” */
  return g_strdup_printf (_("An Outlook item of class “%s” is not a submission"), message_class);
}

/* RTF bodies (RTF 1.9.1): rich text of its own, or HTML (\fromhtml1) or
 * text (\fromtext) kept inside RTF (MS-OXRTFEX), read by one tokenizer. */

typedef enum
{
  RTF_NATIVE,
  RTF_FROM_TEXT,
  RTF_FROM_HTML,
} RtfKind;

typedef struct
{
  gboolean skip;       /* a destination whose text is not the body */
  gboolean fonttbl;    /* inside \fonttbl: fonts are declared, not used */
  gboolean htmlrtf;    /* \htmlrtf: RTF-only text, not in the original */
  gboolean htmltag;    /* inside {\*\htmltagN …}: original HTML */
  int      uc;         /* characters to skip after \uN */
  int      font;       /* the \fN in effect; -1 for the default font */
} RtfState;

typedef struct
{
  GString    *out;
  GByteArray *pending;   /* bytes in @charset, not yet converted */
  const char *charset;
  guint       codepage;  /* the document's: \ansicpg, \mac, \pc, \pca */
  int         deff;      /* \deffN */
  int         declaring; /* the font \fonttbl is declaring */
  GHashTable *fonts;     /* font number → its code page; 0 for the document's */
  gunichar    high;      /* a \uN high surrogate waiting for its low half */
} Rtf;

/* \fcharsetN (a Windows character set) as a code page; 0 for ANSI and
 * DEFAULT, which are the document's own \ansicpg. */
static guint
rtf_fcharset_codepage (gint64 fcharset)
{
  static const struct { int fcharset; guint codepage; } table[] = {
    { 2, 1252 }, { 77, 10000 }, { 128, 932 }, { 129, 949 }, { 134, 936 }, { 136, 950 },
    { 161, 1253 }, { 162, 1254 }, { 163, 1258 }, { 177, 1255 }, { 178, 1256 },
    { 186, 1257 }, { 204, 1251 }, { 222, 874 }, { 238, 1250 }, { 254, 437 }, { 255, 850 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (table[i].fcharset == fcharset)
      return table[i].codepage;

  return 0;
}

static void
rtf_flush (Rtf *r)
{
  g_autofree char *text = NULL;

  if (r->pending->len == 0)
    return;

  text = intake_charset_to_utf8 ((const char *) r->pending->data, r->pending->len, r->charset);
  g_string_append (r->out, text);
  g_byte_array_set_size (r->pending, 0);
}

/* A high surrogate that no low one follows is damage: U+FFFD, not nothing. */
static void
rtf_drop_high (Rtf *r)
{
  if (r->high != 0)
    {
      g_string_append_unichar (r->out, 0xfffd);
      r->high = 0;
    }
}

static void
rtf_byte (Rtf            *r,
          const RtfState *state,
          guint8          c)
{
  int font = state->font >= 0 ? state->font : r->deff;
  gpointer codepage = NULL;
  const char *charset = NULL;

  /* NUL is no text, whatever the code page. */
  if (c == 0)
    return;

  if (g_hash_table_lookup_extended (r->fonts, GINT_TO_POINTER (font), NULL, &codepage))
    charset = intake_mapi_codepage_charset (GPOINTER_TO_UINT (codepage));
  if (charset == NULL)
    charset = intake_mapi_codepage_charset (r->codepage);
  if (charset == NULL)
    charset = "windows-1252";

  if (charset != r->charset)
    {
      rtf_flush (r);
      r->charset = charset;
    }
  if (r->pending->len == 0)
    rtf_drop_high (r);
  g_byte_array_append (r->pending, &c, 1);
}

static void
rtf_unichar (Rtf      *r,
             gunichar  c)
{
  rtf_flush (r);

  /* \uN is a UTF-16 unit: characters beyond the BMP come in two. */
  if (c >= 0xd800 && c < 0xdc00)
    {
      rtf_drop_high (r);
      r->high = c;
      return;
    }
  if (c >= 0xdc00 && c < 0xe000)
    {
      if (r->high == 0)
        c = 0xfffd;
      else
        c = 0x10000 + ((r->high - 0xd800) << 10) + (c - 0xdc00);
      r->high = 0;
    }
  rtf_drop_high (r);

  if (c != 0)
    g_string_append_unichar (r->out, g_unichar_validate (c) ? c : 0xfffd);
}

static void
rtf_text (Rtf        *r,
          const char *ascii)
{
  rtf_flush (r);
  rtf_drop_high (r);
  g_string_append (r->out, ascii);
}

/* \row ends a row: the tab its last \cell wrote is a line break. */
static void
rtf_row (Rtf *r)
{
  rtf_flush (r);
  rtf_drop_high (r);
  if (r->out->len > 0 && r->out->str[r->out->len - 1] == '\t')
    g_string_truncate (r->out, r->out->len - 1);
  g_string_append (r->out, "\r\n");
}

static gboolean
rtf_is_destination (const char *word)
{
  /* Groups whose text is not the body: tables, document information,
   * pictures and objects' data, headers and footers, notes, field
   * instructions (their result, \fldrslt, is the text), bookmarks. */
  static const char * const destinations[] = {
    "fonttbl", "colortbl", "stylesheet", "info", "pict", "objdata", "objclass", "objname",
    "objalias", "objsect", "objitem", "objtopic", "header", "footer", "headerl", "headerr",
    "headerf", "footerl", "footerr", "footerf", "footnote", "annotation", "ftnsep", "ftnsepc",
    "ftncn", "aftnsep", "aftnsepc", "aftncn", "listtable", "listoverridetable", "revtbl",
    "rsidtbl", "generator", "xmlnstbl", "themedata", "colorschememapping", "latentstyles",
    "datastore", "fldinst", "filetbl", "pgdsctbl", "pn", "bkmkstart", "bkmkend", "xe", "tc",
    "txe", "template", "userprops", "docvar", "private", "mhtmltag", "datafield", "upr",
    NULL
  };

  for (guint i = 0; destinations[i]; i++)
    if (strcmp (word, destinations[i]) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
rtf_header_says (const char *rtf,
                 gsize       len,
                 const char *word)
{
  gsize wlen = strlen (word);

  /* The header ends where the document's first group or text begins; the
   * marker is within the first control words. */
  for (gsize i = 1; i + wlen < len && i < 1024; i++)
    {
      if (rtf[i] == '{' && !(i + 2 < len && rtf[i + 1] == '\\' && rtf[i + 2] == '*'))
        break;
      if (rtf[i] == '\\' && memcmp (rtf + i + 1, word, wlen) == 0 &&
          !g_ascii_isalpha (rtf[i + 1 + wlen]))
        return TRUE;
    }

  return FALSE;
}

/* A control word the text of the body is made of. */
static void
rtf_emit_word (Rtf        *r,
               const char *word)
{
  static const struct { const char *word; gunichar c; } symbols[] = {
    { "lquote", 0x2018 }, { "rquote", 0x2019 }, { "ldblquote", 0x201c }, { "rdblquote", 0x201d },
    { "bullet", 0x2022 }, { "endash", 0x2013 }, { "emdash", 0x2014 }, { "emspace", 0x2003 },
    { "enspace", 0x2002 }, { "qmspace", 0x2005 }, { "zwj", 0x200d }, { "zwnj", 0x200c },
    { "ltrmark", 0x200e }, { "rtlmark", 0x200f },
  };

  if (strcmp (word, "par") == 0 || strcmp (word, "line") == 0 ||
      strcmp (word, "sect") == 0 || strcmp (word, "page") == 0)
    rtf_text (r, "\r\n");
  else if (strcmp (word, "tab") == 0 || strcmp (word, "cell") == 0 || strcmp (word, "nestcell") == 0)
    rtf_text (r, "\t");
  else if (strcmp (word, "row") == 0 || strcmp (word, "nestrow") == 0)
    rtf_row (r);
  else
    for (guint i = 0; i < G_N_ELEMENTS (symbols); i++)
      if (strcmp (word, symbols[i].word) == 0)
        {
          rtf_unichar (r, symbols[i].c);
          break;
        }
}

char *
intake_rtf_body (const char *rtf,
                 gsize       len,
                 gboolean   *is_html)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (RtfState));
  g_autoptr(GHashTable) fonts = g_hash_table_new (NULL, NULL);
  g_autoptr(GByteArray) pending = g_byte_array_new ();
  RtfState state = { FALSE, FALSE, FALSE, FALSE, 1, -1 };
  RtfKind kind = RTF_NATIVE;
  Rtf r = { NULL, pending, NULL, 1252, 0, 0, fonts, 0 };
  int skip_chars = 0;
  gsize i = 0;

  if (rtf == NULL || len < 6 || memcmp (rtf, "{\\rtf", 5) != 0)
    return NULL;

  intake_outlook_init ();

  if (rtf_header_says (rtf, len, "fromhtml1"))
    kind = RTF_FROM_HTML;
  else if (rtf_header_says (rtf, len, "fromtext"))
    kind = RTF_FROM_TEXT;

  r.out = g_string_sized_new (len / 2);

  while (i < len)
    {
      char c = rtf[i];
      gboolean emit = !state.skip && (state.htmltag || !state.htmlrtf);

      if (c == '{')
        {
          if (stack->len > 1000)
            break;
          g_array_append_val (stack, state);
          /* A group's \htmltag holds for the group only. */
          state.htmltag = FALSE;
          skip_chars = 0;
          i++;
          continue;
        }

      if (c == '}')
        {
          /* The document's own group has ended: what follows is not RTF. */
          if (stack->len == 0)
            break;
          /* Carried out of a tag group: an \htmlrtf inside it is the outer
           * text's (MS-OXRTFEX 2.1.3.1.4). */
          state = g_array_index (stack, RtfState, stack->len - 1);
          g_array_set_size (stack, stack->len - 1);
          skip_chars = 0;
          i++;
          continue;
        }

      if (c == '\r' || c == '\n')
        {
          i++;
          continue;
        }

      if (c != '\\')
        {
          if (skip_chars > 0)
            skip_chars--;
          else if (emit)
            rtf_byte (&r, &state, (guint8) c);
          i++;
          continue;
        }

      /* A control symbol or word */
      i++;
      if (i >= len)
        break;
      c = rtf[i];

      if (c == '\'')
        {
          /* Two hex digits; fewer are damage, and no character. */
          guint8 value = 0;
          guint digits = 0;

          for (i++; digits < 2 && i < len && g_ascii_isxdigit (rtf[i]); digits++, i++)
            value = value << 4 | g_ascii_xdigit_value (rtf[i]);
          if (skip_chars > 0)
            skip_chars--;
          else if (emit && digits == 2)
            rtf_byte (&r, &state, value);
          continue;
        }

      if (!g_ascii_isalpha (c))
        {
          i++;
          if (c == '*')
            {
              /* {\*\htmltag…} is the original; other \* destinations are not text. */
              if (kind == RTF_FROM_HTML && i + 8 <= len && memcmp (rtf + i, "\\htmltag", 8) == 0)
                state.htmltag = TRUE;
              else
                state.skip = TRUE;
              continue;
            }
          if (skip_chars > 0)
            {
              skip_chars--;
              continue;
            }
          if (!emit)
            continue;
          if (c == '\\' || c == '{' || c == '}')
            rtf_byte (&r, &state, (guint8) c);
          else if (c == '~')
            rtf_unichar (&r, 0x00a0);
          else if (c == '_')
            rtf_unichar (&r, 0x2011);
          else if (c == '\r' || c == '\n')
            /* A backslash ending a line is \par. */
            rtf_text (&r, "\r\n");
          /* \- (an optional hyphen) and the rest are no text. */
          continue;
        }

      {
        char word[32];
        gsize w = 0;
        gboolean has_param = FALSE;
        gboolean negative = FALSE;
        gint64 param = 0;

        while (i < len && g_ascii_isalpha (rtf[i]))
          {
            if (w < sizeof word - 1)
              word[w++] = rtf[i];
            i++;
          }
        word[w] = '\0';

        if (i < len && (rtf[i] == '-' || g_ascii_isdigit (rtf[i])))
          {
            negative = rtf[i] == '-';
            if (negative)
              i++;
            while (i < len && g_ascii_isdigit (rtf[i]))
              {
                if (param < 100000000)
                  param = param * 10 + (rtf[i] - '0');
                has_param = TRUE;
                i++;
              }
            if (negative)
              param = -param;
          }
        /* One space ends a control word and is part of it. */
        if (i < len && rtf[i] == ' ')
          i++;

        if (strcmp (word, "bin") == 0)
          {
            /* Raw bytes, which may hold braces and backslashes: never text. */
            if (has_param && param > 0)
              i += MIN ((gsize) param, len - i);
            continue;
          }

        if (state.fonttbl)
          {
            /* {\fonttbl {\f1\fcharset204 Arial;}…}: each font's code page */
            if (strcmp (word, "f") == 0 && has_param)
              r.declaring = (int) param;
            else if (strcmp (word, "fcharset") == 0 && has_param)
              g_hash_table_insert (fonts, GINT_TO_POINTER (r.declaring),
                                   GUINT_TO_POINTER (rtf_fcharset_codepage (param)));
            else if (strcmp (word, "cpg") == 0 && has_param && param > 0)
              g_hash_table_insert (fonts, GINT_TO_POINTER (r.declaring), GUINT_TO_POINTER ((guint) param));
            continue;
          }

        if (strcmp (word, "htmlrtf") == 0)
          state.htmlrtf = !(has_param && param == 0);
        else if (strcmp (word, "htmltag") == 0 && kind == RTF_FROM_HTML)
          state.htmltag = TRUE;
        else if (strcmp (word, "uc") == 0)
          state.uc = has_param ? (int) CLAMP (param, 0, 10) : 1;
        else if (strcmp (word, "u") == 0 && has_param)
          {
            /* A signed 16-bit value: \u-3913 is U+F0B7. */
            gint64 unit = param < 0 ? param + 65536 : param;

            if (emit)
              rtf_unichar (&r, unit >= 0 && unit <= 0xffff ? (gunichar) unit : 0xfffd);
            skip_chars = state.uc;
            continue;
          }
        else if (strcmp (word, "fonttbl") == 0)
          state.skip = state.fonttbl = TRUE;
        else if (strcmp (word, "ansicpg") == 0 && has_param && param > 0)
          r.codepage = (guint) param;
        else if (strcmp (word, "mac") == 0)
          r.codepage = 10000;
        else if (strcmp (word, "pc") == 0)
          r.codepage = 437;
        else if (strcmp (word, "pca") == 0)
          r.codepage = 850;
        else if (strcmp (word, "deff") == 0 && has_param)
          r.deff = (int) param;
        else if (strcmp (word, "f") == 0 && has_param)
          state.font = (int) param;
        else if (strcmp (word, "plain") == 0)
          state.font = -1;
        else if (rtf_is_destination (word))
          state.skip = TRUE;
        else if (skip_chars > 0)
          skip_chars--;
        else if (emit)
          rtf_emit_word (&r, word);
      }
    }

  rtf_flush (&r);
  rtf_drop_high (&r);

  if (is_html != NULL)
    *is_html = kind == RTF_FROM_HTML;

  return g_string_free (r.out, FALSE);
}

/* MAPI to MIME */

typedef struct
{
  gsize budget;   /* raw bytes the item may still bring */
} Build;

static gboolean
spend (Build    *build,
       gsize     len,
       GError  **error)
{
  if (len > build->budget)
    {
      g_set_error (error, INTAKE_OUTLOOK_ERROR, INTAKE_OUTLOOK_ERROR_TOO_LARGE,
                   _("The Outlook item is larger than %u MB"), MAX_ITEM_BYTES / (1024 * 1024));
      return FALSE;
    }
  build->budget -= len;

  return TRUE;
}

static GMimePart *
new_part (const char *type,
          const char *subtype,
          const char *charset,
          GBytes     *content)
{
  GMimePart *part = g_mime_part_new_with_type (type, subtype);
  gsize len;
  const guint8 *data = g_bytes_get_data (content, &len);
  GByteArray *array = g_byte_array_new ();
  GMimeStream *stream;
  GMimeDataWrapper *wrapper;

  g_byte_array_append (array, data ? data : (const guint8 *) "", len);
  stream = g_mime_stream_mem_new_with_byte_array (array);
  wrapper = g_mime_data_wrapper_new_with_stream (stream, GMIME_CONTENT_ENCODING_DEFAULT);
  g_mime_part_set_content (part, wrapper);
  g_object_unref (wrapper);
  g_object_unref (stream);

  if (charset != NULL)
    g_mime_object_set_content_type_parameter (GMIME_OBJECT (part), "charset", charset);
  g_mime_part_set_content_encoding (part, GMIME_CONTENT_ENCODING_BASE64);

  return part;
}

static GMimePart *
text_part (const char *subtype,
           const char *utf8)
{
  g_autoptr(GBytes) bytes = g_bytes_new (utf8, strlen (utf8));

  return new_part ("text", subtype, "utf-8", bytes);
}

static gboolean
has_text (const char *s)
{
  if (s == NULL)
    return FALSE;

  for (; *s; s++)
    if (!g_ascii_isspace (*s))
      return TRUE;

  return FALSE;
}

/* The HTML body as bytes and the charset to read them in, from PR_HTML or,
 * failing that, from HTML kept inside the compressed RTF; RTF that keeps no
 * HTML gives its text in *@rtf_text instead, for want of a plain body. */
static GMimePart *
html_body (IntakeMapiBag  *bag,
           guint           cpid,
           char          **rtf_text,
           Build          *build,
           GError        **error)
{
  guint16 type = 0;
  g_autoptr(GBytes) html = NULL;
  g_autoptr(GBytes) rtf = NULL;
  g_autoptr(GBytes) raw_rtf = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) rtf_error = NULL;
  g_autofree char *text = NULL;
  gboolean is_html = FALSE;
  gsize len;
  const char *data;

  *rtf_text = NULL;

  html = bag_get_checked (bag, INTAKE_MAPI_HTML, &type, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (html != NULL && g_bytes_get_size (html) > 0)
    {
      if (!spend (build, g_bytes_get_size (html), error))
        return NULL;

      if (type == INTAKE_MAPI_TYPE_UNICODE)
        {
          g_autofree char *utf8 = decode_string (html, type, cpid);

          return text_part ("html", utf8);
        }

      /* Binary or 8-bit: in the message's Internet code page, or what the
       * HTML itself declares. */
      return new_part ("text", "html", intake_mapi_codepage_charset (cpid), html);
    }

  raw_rtf = bag_get_checked (bag, INTAKE_MAPI_RTF_COMPRESSED, &type, error);
  if (raw_rtf == NULL || type != INTAKE_MAPI_TYPE_BINARY)
    return NULL;

  data = g_bytes_get_data (raw_rtf, &len);
  rtf = intake_mapi_decompress_rtf ((const guint8 *) data, len, &rtf_error);
  if (rtf == NULL)
    {
      /* The plain body may still be there. */
      g_debug ("The RTF body could not be read: %s", rtf_error->message);
      return NULL;
    }

  data = g_bytes_get_data (rtf, &len);
  if (!spend (build, len, error))
    return NULL;

  text = intake_rtf_body (data, len, &is_html);
  if (text == NULL)
    return NULL;

  if (!is_html)
    {
      *rtf_text = g_steal_pointer (&text);
      return NULL;
    }

  return text_part ("html", text);
}

static GMimeObject *
body_of (IntakeMapiBag  *bag,
         guint           cpid,
         Build          *build,
         GError        **error)
{
  g_autoptr(GBytes) plain_bytes = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *rtf_text = NULL;
  g_autoptr(GError) local_error = NULL;
  GMimePart *html;
  GMimeMultipart *alternative;
  guint16 type = 0;

  plain_bytes = bag_get_checked (bag, INTAKE_MAPI_BODY, &type, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (plain_bytes != NULL)
    plain = decode_string (plain_bytes, type, bag->codepage);

  if (plain != NULL && !spend (build, strlen (plain), error))
    return NULL;

  html = html_body (bag, cpid, &rtf_text, build, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (!has_text (plain))
    {
      g_free (plain);
      plain = g_steal_pointer (&rtf_text);
    }

  if (html == NULL)
    return GMIME_OBJECT (text_part ("plain", plain ? plain : ""));

  if (!has_text (plain))
    return GMIME_OBJECT (html);

  alternative = g_mime_multipart_new_with_subtype ("alternative");
  {
    GMimePart *text = text_part ("plain", plain);

    g_mime_multipart_add (alternative, GMIME_OBJECT (text));
    g_object_unref (text);
  }
  g_mime_multipart_add (alternative, GMIME_OBJECT (html));
  g_object_unref (html);

  return GMIME_OBJECT (alternative);
}

static GMimeMessage *build_message (IntakeMapiBag *bag, guint default_codepage, int depth,
                                    Build *build, GError **error);

static GMimeObject *
attachment_part (IntakeMapiBag  *message,
                 guint           index,
                 guint           codepage,
                 int             depth,
                 Build          *build,
                 GError        **error)
{
  g_autoptr(IntakeMapiBag) attachment = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autofree char *filename = NULL;
  g_autofree char *mime_tag = NULL;
  g_autofree char *mime_type = NULL;
  g_auto(GStrv) type_parts = NULL;
  gint32 method = 1;
  guint16 type = 0;
  GMimePart *part;

  attachment = message->funcs->attachment (message, index, error);
  if (attachment == NULL)
    return NULL;
  attachment->codepage = codepage;

  intake_mapi_bag_get_int32 (attachment, INTAKE_MAPI_ATTACH_METHOD, &method);
  if (method == INTAKE_MAPI_ATTACH_EMBEDDED_MSG)
    {
      g_autoptr(IntakeMapiBag) embedded = attachment->funcs->embedded (attachment, error);
      g_autoptr(GMimeMessage) inner = NULL;
      GMimeMessagePart *message_part;

      if (embedded == NULL)
        return NULL;
      if (depth + 1 >= MAX_EMBED_DEPTH)
        {
          g_set_error (error, INTAKE_OUTLOOK_ERROR, INTAKE_OUTLOOK_ERROR_DAMAGED,
                       _("The Outlook item holds messages attached more than %d levels deep"),
                       MAX_EMBED_DEPTH);
          return NULL;
        }

      inner = build_message (embedded, codepage, depth + 1, build, error);
      if (inner == NULL)
        return NULL;

      message_part = g_mime_message_part_new_with_message ("rfc822", inner);
      g_mime_object_set_disposition (GMIME_OBJECT (message_part), GMIME_DISPOSITION_ATTACHMENT);

      return GMIME_OBJECT (message_part);
    }

  data = bag_get_checked (attachment, INTAKE_MAPI_ATTACH_DATA, &type, error);
  /* By reference or an OLE object: no file to keep. */
  if (data == NULL || type != INTAKE_MAPI_TYPE_BINARY)
    return NULL;
  if (!spend (build, g_bytes_get_size (data), error))
    return NULL;

  filename = intake_mapi_bag_get_string (attachment, INTAKE_MAPI_ATTACH_LONG_FILENAME);
  if (!has_text (filename))
    {
      g_free (filename);
      filename = intake_mapi_bag_get_string (attachment, INTAKE_MAPI_ATTACH_FILENAME);
    }
  if (!has_text (filename))
    {
      g_free (filename);
      filename = intake_mapi_bag_get_string (attachment, INTAKE_MAPI_DISPLAY_NAME);
    }

  mime_tag = intake_mapi_bag_get_string (attachment, INTAKE_MAPI_ATTACH_MIME_TAG);
  if (mime_tag != NULL && strchr (g_strstrip (mime_tag), '/') != NULL)
    mime_type = g_ascii_strdown (mime_tag, -1);
  else
    {
      gsize len;
      const guchar *bytes = g_bytes_get_data (data, &len);
      g_autofree char *content_type = g_content_type_guess (has_text (filename) ? filename : NULL,
                                                            bytes, MIN (len, (gsize) 4096), NULL);

      mime_type = g_content_type_get_mime_type (content_type);
      if (mime_type == NULL)
        mime_type = g_strdup ("application/octet-stream");
    }

  type_parts = g_strsplit (mime_type, "/", 2);
  part = new_part (type_parts[0], type_parts[1] ? type_parts[1] : "octet-stream", NULL, data);
  g_mime_object_set_disposition (GMIME_OBJECT (part), GMIME_DISPOSITION_ATTACHMENT);
  g_mime_part_set_filename (part, has_text (filename) ? filename : NULL);

  return GMIME_OBJECT (part);
}

static GMimeMessage *
parse_transport_headers (const char *headers)
{
  g_autoptr(GString) block = g_string_new (headers);
  g_autoptr(GMimeStream) stream = NULL;
  g_autoptr(GMimeParser) parser = NULL;
  const char *start = block->str;

  /* Only a header block, ended so that no header takes the body's place. */
  while (*start == '\r' || *start == '\n' || *start == ' ' || *start == '\t')
    start++;
  if (*start == '\0')
    return NULL;
  g_string_erase (block, 0, start - block->str);
  g_string_append (block, "\r\n\r\n");

  stream = g_mime_stream_mem_new_with_buffer (block->str, block->len);
  parser = g_mime_parser_new_with_stream (stream);
  g_mime_parser_set_format (parser, GMIME_FORMAT_MESSAGE);

  return g_mime_parser_construct_message (parser, NULL);
}

static gboolean
is_smtp (IntakeMapiBag *bag,
         guint16        addrtype_id)
{
  g_autofree char *addrtype = intake_mapi_bag_get_string (bag, addrtype_id);

  return addrtype != NULL && g_ascii_strcasecmp (g_strstrip (addrtype), "SMTP") == 0;
}

/* Where an address is kept: its SMTP form, and the address of some type. */
typedef struct
{
  guint16 smtp;
  guint16 addrtype;
  guint16 email;
} AddressProps;

/* The first SMTP address among the PR_*_SMTP_ADDRESS properties, then
 * among the addresses whose type is SMTP: an Exchange (X.500) address
 * is no e-mail address. */
static char *
smtp_address (IntakeMapiBag      *bag,
              const AddressProps *props,
              guint               n_props)
{
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n_props; i++)
      {
        g_autofree char *addr = NULL;

        if (pass == 0)
          addr = intake_mapi_bag_get_string (bag, props[i].smtp);
        else if (is_smtp (bag, props[i].addrtype))
          addr = intake_mapi_bag_get_string (bag, props[i].email);
        if (has_text (addr))
          return g_strdup (g_strstrip (addr));
      }

  return NULL;
}

static char *
sender_address (IntakeMapiBag *bag)
{
  static const AddressProps props[] = {
    { INTAKE_MAPI_SENDER_SMTP_ADDRESS, INTAKE_MAPI_SENDER_ADDRTYPE, INTAKE_MAPI_SENDER_EMAIL_ADDRESS },
    { INTAKE_MAPI_SENT_REPRESENTING_SMTP, INTAKE_MAPI_SENT_REPRESENTING_ADDRTYPE,
      INTAKE_MAPI_SENT_REPRESENTING_EMAIL },
  };

  return smtp_address (bag, props, G_N_ELEMENTS (props));
}

/* A mailbox with a name and no address is still someone. */
static void
add_mailbox (InternetAddressList *list,
             char                *name,
             const char          *addr)
{
  InternetAddress *mailbox;

  if (!has_text (addr) && !has_text (name))
    return;

  mailbox = internet_address_mailbox_new (has_text (name) ? g_strstrip (name) : NULL, addr ? addr : "");
  internet_address_list_add (list, mailbox);
  g_object_unref (mailbox);
}

static gboolean
has_addresses (GMimeMessage     *message,
               GMimeAddressType  type)
{
  InternetAddressList *list = message ? g_mime_message_get_addresses (message, type) : NULL;

  return list != NULL && internet_address_list_length (list) > 0;
}

/* The recipient table as To, Cc and Bcc (by PR_RECIPIENT_TYPE, MS-OXOMSG).
 * The transport headers, when they name recipients, are the message as it
 * was sent and are kept instead; they never name the Bcc ones. */
static void
set_recipients (GMimeMessage  *message,
                GMimeMessage  *transport,
                IntakeMapiBag *bag)
{
  static const AddressProps props[] = {
    { INTAKE_MAPI_SMTP_ADDRESS, INTAKE_MAPI_ADDRTYPE, INTAKE_MAPI_EMAIL_ADDRESS },
  };
  static const GMimeAddressType types[] = {
    [INTAKE_MAPI_TO] = GMIME_ADDRESS_TYPE_TO,
    [INTAKE_MAPI_CC] = GMIME_ADDRESS_TYPE_CC,
    [INTAKE_MAPI_BCC] = GMIME_ADDRESS_TYPE_BCC,
  };
  gboolean sent = has_addresses (transport, GMIME_ADDRESS_TYPE_TO) ||
                  has_addresses (transport, GMIME_ADDRESS_TYPE_CC);
  guint n = bag->funcs->n_recipients (bag);

  /* An empty list still makes an empty header. */
  if (has_addresses (transport, GMIME_ADDRESS_TYPE_TO))
    internet_address_list_append (g_mime_message_get_to (message), g_mime_message_get_to (transport));
  if (has_addresses (transport, GMIME_ADDRESS_TYPE_CC))
    internet_address_list_append (g_mime_message_get_cc (message), g_mime_message_get_cc (transport));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(IntakeMapiBag) recipient = bag->funcs->recipient (bag, i, &local_error);
      g_autofree char *name = NULL;
      g_autofree char *addr = NULL;
      gint32 kind = INTAKE_MAPI_TO;

      /* Who else it went to is no part of what was written: a row that
       * cannot be read leaves the message whole. */
      if (recipient == NULL)
        {
          g_debug ("Recipient %u could not be read: %s", i, local_error ? local_error->message : "");
          continue;
        }
      recipient->codepage = bag->codepage;

      intake_mapi_bag_get_int32 (recipient, INTAKE_MAPI_RECIPIENT_TYPE, &kind);
      if ((kind & INTAKE_MAPI_RECIPIENT_P1) != 0)
        continue;
      kind &= 0xff;
      if (kind < INTAKE_MAPI_TO || kind > INTAKE_MAPI_BCC || (sent && kind != INTAKE_MAPI_BCC))
        continue;

      name = intake_mapi_bag_get_string (recipient, INTAKE_MAPI_DISPLAY_NAME);
      if (!has_text (name))
        {
          g_free (name);
          name = intake_mapi_bag_get_string (recipient, INTAKE_MAPI_RECIPIENT_DISPLAY_NAME);
        }
      addr = smtp_address (recipient, props, G_N_ELEMENTS (props));

      /* A name without an address (an Exchange one, a one-off) is an
       * empty group, "Board Office: ;": a mailbox needs an address for
       * the header to be read back. */
      if (addr == NULL && has_text (name))
        {
          InternetAddress *group = internet_address_group_new (g_strstrip (name));

          internet_address_list_add (g_mime_message_get_addresses (message, types[kind]), group);
          g_object_unref (group);
        }
      else
        add_mailbox (g_mime_message_get_addresses (message, types[kind]), name, addr);
    }
}

static void
copy_header (GMimeMessage *to,
             GMimeMessage *from,
             const char   *header,
             const char   *fallback)
{
  const char *value = from ? g_mime_object_get_header (GMIME_OBJECT (from), header) : NULL;

  if (value == NULL || *value == '\0')
    value = fallback;
  if (value != NULL && has_text (value))
    g_mime_object_set_header (GMIME_OBJECT (to), header, value, NULL);
}

static GMimeMessage *
build_message (IntakeMapiBag  *bag,
               guint           default_codepage,
               int             depth,
               Build          *build,
               GError        **error)
{
  g_autoptr(GMimeMessage) message = g_mime_message_new (TRUE);
  g_autoptr(GMimeMessage) transport = NULL;
  g_autoptr(GMimeObject) body = NULL;
  g_autoptr(GPtrArray) attachments = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *headers = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *name = NULL;
  g_autofree char *addr = NULL;
  g_autofree char *message_id = NULL;
  g_autofree char *in_reply_to = NULL;
  g_autofree char *references = NULL;
  gint32 codepage = 0;
  gint32 cpid = 0;
  gint64 when = 0;
  guint n_attachments;

  /* An item whose property table cannot be read has nothing to give. */
  {
    guint16 type = 0;
    g_autoptr(GError) local_error = NULL;
    g_autoptr(GBytes) probe = bag_get_checked (bag, INTAKE_MAPI_MESSAGE_CLASS, &type, &local_error);

    if (local_error != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&local_error));
        return NULL;
      }
  }

  /* 8-bit strings are in the message's code page (MS-OXCMSG 2.2.1.39). */
  bag->codepage = default_codepage;
  if (intake_mapi_bag_get_int32 (bag, INTAKE_MAPI_MESSAGE_CODEPAGE, &codepage) &&
      intake_mapi_codepage_charset (codepage) != NULL)
    bag->codepage = codepage;
  else if (intake_mapi_bag_get_int32 (bag, INTAKE_MAPI_INTERNET_CPID, &cpid) &&
           intake_mapi_codepage_charset (cpid) != NULL)
    bag->codepage = cpid;
  if (!intake_mapi_bag_get_int32 (bag, INTAKE_MAPI_INTERNET_CPID, &cpid) ||
      intake_mapi_codepage_charset (cpid) == NULL)
    cpid = 0;

  headers = intake_mapi_bag_get_string (bag, INTAKE_MAPI_TRANSPORT_MESSAGE_HEADERS);
  if (has_text (headers))
    transport = parse_transport_headers (headers);

  subject = intake_mapi_bag_get_string (bag, INTAKE_MAPI_SUBJECT);
  if (subject != NULL)
    g_mime_message_set_subject (message, g_strstrip (subject), "utf-8");

  name = intake_mapi_bag_get_string (bag, INTAKE_MAPI_SENDER_NAME);
  if (!has_text (name))
    {
      g_free (name);
      name = intake_mapi_bag_get_string (bag, INTAKE_MAPI_SENT_REPRESENTING_NAME);
    }
  addr = sender_address (bag);

  /* An Exchange sender has no SMTP address among the properties; the
   * headers the message came with have it. */
  if (addr == NULL && transport != NULL)
    {
      InternetAddressList *from = g_mime_message_get_from (transport);

      if (from != NULL && internet_address_list_length (from) > 0 &&
          INTERNET_ADDRESS_IS_MAILBOX (internet_address_list_get_address (from, 0)))
        {
          InternetAddress *first = internet_address_list_get_address (from, 0);

          addr = g_strdup (internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (first)));
          if (!has_text (name))
            {
              g_free (name);
              name = g_strdup (internet_address_get_name (first));
            }
        }
    }

  add_mailbox (g_mime_message_get_from (message), name, addr);
  set_recipients (message, transport, bag);

  if (transport != NULL && g_mime_message_get_date (transport) != NULL)
    g_mime_message_set_date (message, g_mime_message_get_date (transport));
  else if (intake_mapi_bag_get_time (bag, INTAKE_MAPI_CLIENT_SUBMIT_TIME, &when) ||
           intake_mapi_bag_get_time (bag, INTAKE_MAPI_MESSAGE_DELIVERY_TIME, &when))
    {
      g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (when);

      g_mime_message_set_date (message, date);
    }
  else
    g_mime_object_remove_header (GMIME_OBJECT (message), "Date");

  message_id = intake_mapi_bag_get_string (bag, INTAKE_MAPI_INTERNET_MESSAGE_ID);
  in_reply_to = intake_mapi_bag_get_string (bag, INTAKE_MAPI_IN_REPLY_TO_ID);
  references = intake_mapi_bag_get_string (bag, INTAKE_MAPI_INTERNET_REFERENCES);
  copy_header (message, transport, "Message-ID", message_id ? g_strstrip (message_id) : NULL);
  copy_header (message, transport, "In-Reply-To", in_reply_to);
  copy_header (message, transport, "References", references);

  body = body_of (bag, cpid ? (guint) cpid : bag->codepage, build, error);
  if (body == NULL)
    return NULL;

  n_attachments = bag->funcs->n_attachments (bag);
  for (guint i = 0; i < n_attachments; i++)
    {
      g_autoptr(GError) local_error = NULL;
      GMimeObject *part = attachment_part (bag, i, bag->codepage, depth, build, &local_error);

      if (part != NULL)
        g_ptr_array_add (attachments, part);
      else if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  if (attachments->len == 0)
    g_mime_message_set_mime_part (message, body);
  else
    {
      g_autoptr(GMimeMultipart) mixed = g_mime_multipart_new_with_subtype ("mixed");

      g_mime_multipart_add (mixed, body);
      for (guint i = 0; i < attachments->len; i++)
        g_mime_multipart_add (mixed, g_ptr_array_index (attachments, i));
      g_mime_message_set_mime_part (message, GMIME_OBJECT (mixed));
    }

  return g_steal_pointer (&message);
}

GBytes *
intake_outlook_to_mime (IntakeMapiBag  *bag,
                        GError        **error)
{
  g_autoptr(GMimeMessage) message = NULL;
  g_autoptr(GMimeStream) stream = NULL;
  GByteArray *array;
  Build build = { MAX_ITEM_BYTES };

  g_return_val_if_fail (bag != NULL, NULL);

  intake_outlook_init ();

  message = build_message (bag, bag->codepage ? bag->codepage : 1252, 0, &build, error);
  if (message == NULL)
    return NULL;

  array = g_byte_array_new ();
  stream = g_mime_stream_mem_new_with_byte_array (array);
  g_mime_stream_mem_set_owner (GMIME_STREAM_MEM (stream), FALSE);
  g_mime_object_write_to_stream (GMIME_OBJECT (message), NULL, stream);

  return g_byte_array_free_to_bytes (array);
}

/* .msg files (MS-OXMSG): an OLE2 compound file whose storages are the
 * message, its recipients and attachments; fixed-size properties sit in
 * one stream, the others each in a stream of their own. */

typedef struct
{
  IntakeMapiBag  base;

  GBytes        *file;        /* what the memory input reads, kept alive */
  GsfInfile     *storage;
  GBytes        *properties;  /* __properties_version1.0 */
  gsize          header;      /* bytes before its first entry */
  GHashTable    *children;    /* lowercase name → index */
  GPtrArray     *attachments; /* their storages' names, sorted, once asked for */
  GPtrArray     *recipients;
} MsgBag;

static const IntakeMapiBagFuncs msg_funcs;

static void
msg_bag_free (IntakeMapiBag *bag)
{
  MsgBag *self = (MsgBag *) bag;

  g_clear_pointer (&self->file, g_bytes_unref);
  g_clear_object (&self->storage);
  g_clear_pointer (&self->properties, g_bytes_unref);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);
  g_clear_pointer (&self->recipients, g_ptr_array_unref);
  g_clear_pointer (&self->children, g_hash_table_unref);
  g_free (self);
}

static void
set_damaged (GError    **error,
             const char *detail)
{
  if (detail != NULL)
    /* Translators: %s says what is wrong, in the words of the library that read the file */
    g_set_error (error, INTAKE_OUTLOOK_ERROR, INTAKE_OUTLOOK_ERROR_DAMAGED,
                 _("The Outlook message is damaged: %s"), detail);
  else
    g_set_error_literal (error, INTAKE_OUTLOOK_ERROR, INTAKE_OUTLOOK_ERROR_DAMAGED,
                         _("The Outlook message is damaged"));
}

/* gsf_infile_child_by_name() reports damage with g_warning(); the person
 * hears of it through the error instead. */
static GsfInput *
msg_child (MsgBag      *self,
           const char  *name,
           GError     **error)
{
  g_autofree char *key = g_ascii_strdown (name, -1);
  gpointer index;
  GsfInfileClass *klass;
  GError *local_error = NULL;
  GsfInput *child;

  if (!g_hash_table_lookup_extended (self->children, key, NULL, &index))
    return NULL;

  klass = G_TYPE_INSTANCE_GET_CLASS (self->storage, GSF_INFILE_TYPE, GsfInfileClass);
  child = klass->child_by_index (self->storage, GPOINTER_TO_INT (index), &local_error);
  if (child == NULL)
    {
      set_damaged (error, local_error ? local_error->message : NULL);
      g_clear_error (&local_error);
    }

  return child;
}

static GBytes *
read_stream (GsfInput  *input,
             GError   **error)
{
  gsf_off_t size = gsf_input_size (input);
  guint8 *buffer;

  if (size < 0 || size > MAX_STREAM_BYTES)
    {
      set_damaged (error, NULL);
      return NULL;
    }
  if (size == 0)
    return g_bytes_new (NULL, 0);

  buffer = g_malloc (size);
  if (gsf_input_read (input, size, buffer) == NULL)
    {
      g_free (buffer);
      set_damaged (error, NULL);
      return NULL;
    }

  return g_bytes_new_take (buffer, size);
}

/* libgsf makes every member of an OLE2 file a GsfInfile; a stream is one
 * without children. */
static gboolean
is_storage (GsfInput *input)
{
  return GSF_IS_INFILE (input) && gsf_infile_num_children (GSF_INFILE (input)) >= 0;
}

static GBytes *
msg_read_child (MsgBag      *self,
                const char  *name,
                GError     **error)
{
  g_autoptr(GsfInput) child = msg_child (self, name, error);

  if (child == NULL || is_storage (child))
    return NULL;

  return read_stream (child, error);
}

static MsgBag *
msg_bag_new (GBytes     *file,
             GsfInfile  *storage,
             gsize       header,
             GError    **error)
{
  MsgBag *self = g_new0 (MsgBag, 1);
  int n = gsf_infile_num_children (storage);

  self->base.funcs = &msg_funcs;
  self->file = file ? g_bytes_ref (file) : NULL;
  self->storage = g_object_ref (storage);
  self->header = header;
  self->children = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (int i = 0; i < n; i++)
    {
      const char *name = gsf_infile_name_by_index (storage, i);

      if (name != NULL)
        g_hash_table_insert (self->children, g_ascii_strdown (name, -1), GINT_TO_POINTER (i));
    }

  self->properties = msg_read_child (self, "__properties_version1.0", error);
  if (self->properties == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, INTAKE_OUTLOOK_ERROR, INTAKE_OUTLOOK_ERROR_NOT_OUTLOOK,
                             _("The file is not an Outlook message: it has no message properties"));
      msg_bag_free (&self->base);
      return NULL;
    }

  return self;
}

static gboolean
is_variable_type (guint16 type)
{
  return type == INTAKE_MAPI_TYPE_STRING8 || type == INTAKE_MAPI_TYPE_UNICODE ||
         type == INTAKE_MAPI_TYPE_BINARY || type == INTAKE_MAPI_TYPE_OBJECT ||
         (type & 0x1000) != 0;
}

static GBytes *
msg_get (IntakeMapiBag  *bag,
         guint16         id,
         guint16        *type,
         GError        **error)
{
  MsgBag *self = (MsgBag *) bag;
  static const guint16 stream_types[] = {
    INTAKE_MAPI_TYPE_UNICODE, INTAKE_MAPI_TYPE_STRING8, INTAKE_MAPI_TYPE_BINARY
  };
  gsize len;
  const guint8 *data = g_bytes_get_data (self->properties, &len);

  for (gsize offset = self->header; offset + 16 <= len; offset += 16)
    {
      guint32 tag = read_le (data + offset, 4);
      guint16 entry_type = tag & 0xffff;

      if (tag >> 16 != id)
        continue;

      *type = entry_type;
      if (!is_variable_type (entry_type))
        return g_bytes_new (data + offset + 8, 8);

      if (entry_type == INTAKE_MAPI_TYPE_OBJECT || (entry_type & 0x1000) != 0)
        return NULL;

      {
        g_autofree char *name = g_strdup_printf ("__substg1.0_%04X%04X", id, entry_type);

        return msg_read_child (self, name, error);
      }
    }

  /* Some writers leave variable-size properties out of the table. */
  for (guint i = 0; i < G_N_ELEMENTS (stream_types); i++)
    {
      g_autofree char *name = g_strdup_printf ("__substg1.0_%04X%04X", id, stream_types[i]);
      GBytes *value = msg_read_child (self, name, error);

      if (value != NULL)
        {
          *type = stream_types[i];
          return value;
        }
      if (error != NULL && *error != NULL)
        return NULL;
    }

  return NULL;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Attachments and recipients are storages named by their row number:
 * "__attach_version1.0_#00000000", "__recip_version1.0_#00000001"… */
#define MSG_ATTACHMENT_PREFIX "__attach_version1.0_#"
#define MSG_RECIPIENT_PREFIX  "__recip_version1.0_#"

static GPtrArray *
msg_storage_names (MsgBag      *self,
                   GPtrArray  **names,
                   const char  *prefix)
{
  GHashTableIter iter;
  gpointer key;

  if (*names != NULL)
    return *names;

  /* The names are the children table's keys, which live as long. */
  *names = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->children);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_str_has_prefix (key, prefix))
      g_ptr_array_add (*names, key);
  g_ptr_array_sort (*names, compare_strings);

  return *names;
}

static guint
msg_n_attachments (IntakeMapiBag *bag)
{
  MsgBag *self = (MsgBag *) bag;

  return msg_storage_names (self, &self->attachments, MSG_ATTACHMENT_PREFIX)->len;
}

static IntakeMapiBag *
msg_storage_bag (MsgBag      *self,
                 const char  *name,
                 gsize        header,
                 GError     **error)
{
  g_autoptr(GsfInput) child = msg_child (self, name, error);
  MsgBag *bag;

  if (child == NULL)
    {
      if (error != NULL && *error == NULL)
        set_damaged (error, NULL);
      return NULL;
    }
  if (!is_storage (child))
    {
      set_damaged (error, NULL);
      return NULL;
    }

  bag = msg_bag_new (self->file, GSF_INFILE (child), header, error);
  if (bag == NULL)
    return NULL;
  bag->base.codepage = self->base.codepage;

  return &bag->base;
}

static IntakeMapiBag *
msg_attachment (IntakeMapiBag  *bag,
                guint           index,
                GError        **error)
{
  MsgBag *self = (MsgBag *) bag;
  GPtrArray *names = msg_storage_names (self, &self->attachments, MSG_ATTACHMENT_PREFIX);

  g_return_val_if_fail (index < names->len, NULL);

  return msg_storage_bag (self, g_ptr_array_index (names, index), 8, error);
}

static guint
msg_n_recipients (IntakeMapiBag *bag)
{
  MsgBag *self = (MsgBag *) bag;

  return msg_storage_names (self, &self->recipients, MSG_RECIPIENT_PREFIX)->len;
}

static IntakeMapiBag *
msg_recipient (IntakeMapiBag  *bag,
               guint           index,
               GError        **error)
{
  MsgBag *self = (MsgBag *) bag;
  GPtrArray *names = msg_storage_names (self, &self->recipients, MSG_RECIPIENT_PREFIX);

  g_return_val_if_fail (index < names->len, NULL);

  /* A recipient's property stream has an 8-byte header, as an attachment's. */
  return msg_storage_bag (self, g_ptr_array_index (names, index), 8, error);
}

static IntakeMapiBag *
msg_embedded (IntakeMapiBag  *bag,
              GError        **error)
{
  /* An attached message's property stream has a 24-byte header. */
  return msg_storage_bag ((MsgBag *) bag, "__substg1.0_3701000D", 24, error);
}

static const IntakeMapiBagFuncs msg_funcs = {
  msg_get,
  msg_n_attachments,
  msg_attachment,
  msg_embedded,
  msg_n_recipients,
  msg_recipient,
  msg_bag_free,
};

gboolean
intake_outlook_is_ole2 (const guint8 *data,
                        gsize         len)
{
  static const guint8 magic[] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1 };

  return len >= sizeof magic && memcmp (data, magic, sizeof magic) == 0;
}

#define OLE_FREE_SECT   0xffffffffu
#define OLE_MAX_REG_SECT 0xfffffffau

/* libgsf trusts an OLE2 file's allocation table and asserts on a sector
 * past the end of the file: a truncated file must be caught before. This
 * checks that every sector the table uses, and every one it points to, is
 * in the file (MS-CFB 2.2, 2.3). */
static gboolean
ole2_is_complete (const guint8 *data,
                  gsize         len)
{
  guint shift;
  gsize sector_size;
  guint64 n_sectors;
  guint32 n_fat;
  guint32 next_difat;
  guint32 n_difat;
  g_autoptr(GArray) fat_sectors = g_array_new (FALSE, FALSE, sizeof (guint32));

  if (len < 512 || !intake_outlook_is_ole2 (data, len))
    return FALSE;

  shift = read_le (data + 0x1e, 2);
  if (shift != 9 && shift != 12)
    return FALSE;
  sector_size = (gsize) 1 << shift;
  if (len < 2 * sector_size)
    return FALSE;
  /* Sector 0 follows the header, which takes one sector. */
  n_sectors = (len - sector_size) / sector_size;

  n_fat = read_le (data + 0x2c, 4);
  if (n_fat == 0 || n_fat > n_sectors)
    return FALSE;

  for (guint i = 0; i < 109 && fat_sectors->len < n_fat; i++)
    {
      guint32 sector = read_le (data + 0x4c + 4 * i, 4);

      g_array_append_val (fat_sectors, sector);
    }

  next_difat = read_le (data + 0x44, 4);
  n_difat = read_le (data + 0x48, 4);
  for (guint32 d = 0; d < n_difat && fat_sectors->len < n_fat; d++)
    {
      const guint8 *difat;

      if (next_difat >= n_sectors)
        return FALSE;
      difat = data + (next_difat + 1) * sector_size;
      for (gsize i = 0; i + 1 < sector_size / 4 && fat_sectors->len < n_fat; i++)
        {
          guint32 sector = read_le (difat + 4 * i, 4);

          g_array_append_val (fat_sectors, sector);
        }
      next_difat = read_le (difat + sector_size - 4, 4);
    }

  if (fat_sectors->len < n_fat)
    return FALSE;

  for (guint f = 0; f < fat_sectors->len; f++)
    {
      guint32 fat_sector = g_array_index (fat_sectors, guint32, f);
      const guint8 *fat;

      if (fat_sector >= n_sectors)
        return FALSE;
      fat = data + (fat_sector + 1) * sector_size;

      for (gsize i = 0; i < sector_size / 4; i++)
        {
          guint64 sector = (guint64) f * (sector_size / 4) + i;
          guint32 next = read_le (fat + 4 * i, 4);

          if (next == OLE_FREE_SECT)
            continue;
          if (sector >= n_sectors)
            return FALSE;
          if (next < OLE_MAX_REG_SECT && next >= n_sectors)
            return FALSE;
        }
    }

  return read_le (data + 0x30, 4) < n_sectors;
}

static IntakeMapiBag *
msg_open_input (GsfInput  *input,
                GBytes    *data,
                GError   **error)
{
  g_autoptr(GsfInfile) ole = NULL;
  g_autoptr(GError) local_error = NULL;
  MsgBag *bag;

  ole = gsf_infile_msole_new (input, &local_error);
  if (ole == NULL)
    {
      set_damaged (error, local_error ? local_error->message : NULL);
      return NULL;
    }

  /* The top level's property stream has a 32-byte header. */
  bag = msg_bag_new (data, ole, 32, error);
  if (bag == NULL)
    return NULL;
  bag->base.codepage = 1252;

  return &bag->base;
}

/**
 * intake_outlook_msg_open_file:
 *
 * Like intake_outlook_msg_open(), on a file mapped rather than read: only
 * what is asked for is read, enough to tell a message from a contact.
 */
IntakeMapiBag *
intake_outlook_msg_open_file (const char  *path,
                              GError     **error)
{
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, error);
  g_autoptr(GBytes) data = NULL;

  if (mapped == NULL)
    return NULL;

  data = g_mapped_file_get_bytes (mapped);

  return intake_outlook_msg_open (data, error);
}

/**
 * intake_outlook_msg_open:
 * @data: the whole .msg file
 *
 * Returns: the message's properties, or NULL with an error in
 * %INTAKE_OUTLOOK_ERROR when the file is damaged or no Outlook message.
 */
IntakeMapiBag *
intake_outlook_msg_open (GBytes  *data,
                         GError **error)
{
  g_autoptr(GsfInput) input = NULL;
  gsize len;
  const guint8 *bytes = g_bytes_get_data (data, &len);

  intake_outlook_init ();

  if (!intake_outlook_is_ole2 (bytes, len))
    {
      g_set_error_literal (error, INTAKE_OUTLOOK_ERROR, INTAKE_OUTLOOK_ERROR_NOT_OUTLOOK,
                           _("The file is not an Outlook message"));
      return NULL;
    }

  if (!ole2_is_complete (bytes, len))
    {
      set_damaged (error, _("the file is cut short, or its allocation table is broken"));
      return NULL;
    }

  input = gsf_input_memory_new (bytes, len, FALSE);

  return msg_open_input (input, data, error);
}
