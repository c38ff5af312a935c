#define G_LOG_DOMAIN "intake-mapi"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "intake-mapi.h"

/* Compressed RTF (PR_RTF_COMPRESSED) as MS-OXRTFCP describes it. */

#define RTF_HEADER_SIZE 16
#define RTF_TYPE_COMPRESSED 0x75465a4c   /* "LZFu" */
#define RTF_TYPE_UNCOMPRESSED 0x414c454d /* "MELA" */
#define RTF_DICTIONARY_SIZE 4096
/* Raw sizes beyond this are taken for damage, not for a body. */
#define RTF_MAX_RAW_SIZE (256u * 1024u * 1024u)

static const char rtf_preload[] =
  "{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss "
  "\\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier"
  "{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx";

G_DEFINE_QUARK (intake-mapi-error-quark, intake_mapi_error)

static guint32
read_le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

/* The CRC-32 of MS-OXRTFCP 3.1.3.2: the usual polynomial, started at zero and
 * not inverted at the end. */
static guint32
rtf_crc (const guint8 *data,
         gsize         len)
{
  static guint32 table[256];
  static gsize table_ready = 0;
  guint32 crc = 0;

  if (g_once_init_enter (&table_ready))
    {
      for (guint32 i = 0; i < 256; i++)
        {
          guint32 c = i;
          for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
          table[i] = c;
        }
      g_once_init_leave (&table_ready, 1);
    }

  for (gsize i = 0; i < len; i++)
    crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return crc;
}

static gboolean
corrupt (GError    **error,
         const char *why)
{
  g_set_error (error, INTAKE_MAPI_ERROR, INTAKE_MAPI_ERROR_CORRUPT,
               _("The message’s compressed RTF body is damaged: %s"), why);
  return FALSE;
}

GBytes *
intake_mapi_decompress_rtf (const guint8 *data,
                            gsize         len,
                            GError      **error)
{
  guint8 dictionary[RTF_DICTIONARY_SIZE];
  g_autoptr(GByteArray) out = NULL;
  guint32 comp_size, raw_size, comp_type, crc;
  gsize end, pos;
  guint write_pos;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len < RTF_HEADER_SIZE)
    {
      corrupt (error, _("it is shorter than its header"));
      return NULL;
    }

  comp_size = read_le32 (data);
  raw_size = read_le32 (data + 4);
  comp_type = read_le32 (data + 8);
  crc = read_le32 (data + 12);

  if (raw_size > RTF_MAX_RAW_SIZE)
    {
      corrupt (error, _("its stated size is implausible"));
      return NULL;
    }
  /* COMPSIZE counts the bytes after itself; a short stream is read as far as
   * it goes. */
  end = MIN ((gsize) comp_size + 4, len);

  if (comp_type == RTF_TYPE_UNCOMPRESSED)
    {
      gsize n = MIN ((gsize) raw_size, len - RTF_HEADER_SIZE);
      return g_bytes_new (data + RTF_HEADER_SIZE, n);
    }
  if (comp_type != RTF_TYPE_COMPRESSED)
    {
      corrupt (error, _("its compression type is unknown"));
      return NULL;
    }
  if (end < RTF_HEADER_SIZE || rtf_crc (data + RTF_HEADER_SIZE, end - RTF_HEADER_SIZE) != crc)
    {
      corrupt (error, _("its checksum does not match"));
      return NULL;
    }

  memset (dictionary, 0, sizeof dictionary);
  memcpy (dictionary, rtf_preload, sizeof rtf_preload - 1);
  write_pos = sizeof rtf_preload - 1;
  out = g_byte_array_sized_new (raw_size);
  pos = RTF_HEADER_SIZE;

  while (pos < end)
    {
      guint8 control = data[pos++];

      for (int bit = 0; bit < 8 && pos < end; bit++)
        {
          if ((control & (1u << bit)) == 0)
            {
              guint8 c = data[pos++];
              g_byte_array_append (out, &c, 1);
              dictionary[write_pos] = c;
              write_pos = (write_pos + 1) % RTF_DICTIONARY_SIZE;
            }
          else
            {
              guint reference, offset, length;

              if (pos + 2 > end)
                {
                  corrupt (error, _("a reference is cut off"));
                  return NULL;
                }
              reference = (guint) data[pos] << 8 | data[pos + 1];
              pos += 2;
              offset = reference >> 4;
              length = (reference & 0xf) + 2;

              /* A reference to the write position ends the stream. */
              if (offset == write_pos)
                return g_byte_array_free_to_bytes (g_steal_pointer (&out));

              for (guint i = 0; i < length; i++)
                {
                  guint8 c = dictionary[(offset + i) % RTF_DICTIONARY_SIZE];
                  g_byte_array_append (out, &c, 1);
                  dictionary[write_pos] = c;
                  write_pos = (write_pos + 1) % RTF_DICTIONARY_SIZE;
                }
            }
          if (out->len > raw_size + RTF_DICTIONARY_SIZE)
            {
              corrupt (error, _("it is longer than its stated size"));
              return NULL;
            }
        }
    }

  /* No end marker: keep what was decompressed. */
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}
