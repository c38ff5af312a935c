#define G_LOG_DOMAIN "intake-qdpx"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gsf/gsf.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>
#include <string.h>

#include "intake-file.h"
#include "intake-main-context.h"
#include "intake-qdpx.h"
#include "intake-report.h"
#include "intake-text.h"

G_DEFINE_QUARK (intake-qdpx-error-quark, intake_qdpx_error)

/* libgsf 1.14 declares no cleanup functions of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInput, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInfile, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfOutput, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfOutfile, g_object_unref)

#define PROJECT_ENTRY  "project.qde"
#define SOURCES_FOLDER "sources"
#define INTERNAL_PATH  "internal://"

/* At most this many progress updates a second reach the caller's context. */
#define PROGRESS_PER_SECOND 30

IntakeQdpxSummary *
intake_qdpx_summary_new (void)
{
  IntakeQdpxSummary *summary = g_new0 (IntakeQdpxSummary, 1);

  summary->skipped = g_ptr_array_new_with_free_func (g_free);
  return summary;
}

void
intake_qdpx_summary_free (IntakeQdpxSummary *summary)
{
  if (summary == NULL)
    return;
  g_ptr_array_unref (summary->skipped);
  g_free (summary);
}

const char * const *
intake_qdpx_not_carried (void)
{
  static const char *sentences[] = {
    N_("Submission statuses (new, in progress, coded, excluded): QDA-XML has no place for them; excluded submissions are exported too."),
    N_("Senders’ names and e-mail addresses, Message-IDs, threads and the files the mail came from."),
    N_("Attachments as files: only their extracted text, part of each submission’s text."),
    N_("The audit trail of who changed what and when, and the import’s rejections and duplicates."),
    N_("Redaction: the texts are exported whole, with the personal information they hold."),
    N_("Which codes take one value per submission (Stance on the programme)."),
    NULL,
  };
  static const char *translated[G_N_ELEMENTS (sentences)];
  static gsize done;

  if (g_once_init_enter (&done))
    {
      for (guint i = 0; sentences[i] != NULL; i++)
        translated[i] = _(sentences[i]);
      g_once_init_leave (&done, 1);
    }

  return translated;
}

static void
report_progress (IntakeQdpxProgressFunc progress,
                 gpointer               data,
                 double                 fraction)
{
  if (progress != NULL)
    progress (fraction, data);
}

/* ---- Writing ------------------------------------------------------------ */

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_time);

  return time != NULL ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

typedef struct
{
  xmlTextWriterPtr  writer;
  gboolean          ok;
} Xml;

static void
xml_start (Xml        *xml,
           const char *name)
{
  xml->ok = xml->ok && xmlTextWriterStartElement (xml->writer, BAD_CAST name) >= 0;
}

static void
xml_end (Xml *xml)
{
  xml->ok = xml->ok && xmlTextWriterEndElement (xml->writer) >= 0;
}

/* Values go through intake_report_clean_text(): text XML 1.0 cannot hold
 * would make the whole file unreadable. */
static void
xml_attribute (Xml        *xml,
               const char *name,
               const char *value)
{
  g_autofree char *clean = NULL;

  if (value == NULL || !xml->ok)
    return;
  clean = intake_report_clean_text (value);
  xml->ok = xmlTextWriterWriteAttribute (xml->writer, BAD_CAST name, BAD_CAST clean) >= 0;
}

static void
xml_int_attribute (Xml        *xml,
                   const char *name,
                   gint64      value)
{
  char buffer[32];

  g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, value);
  xml_attribute (xml, name, buffer);
}

static void
xml_element (Xml        *xml,
             const char *name,
             const char *text)
{
  g_autofree char *clean = NULL;

  if (text == NULL || !xml->ok)
    return;
  clean = intake_report_clean_text (text);
  xml->ok = xmlTextWriterWriteElement (xml->writer, BAD_CAST name, BAD_CAST clean) >= 0;
}

static void
xml_ref (Xml        *xml,
         const char *name,
         const char *guid)
{
  xml_start (xml, name);
  xml_attribute (xml, "targetGUID", guid);
  xml_end (xml);
}

static void
write_code (Xml            *xml,
            IntakeCodebook *codebook,
            IntakeCode     *code)
{
  const char * const *children = intake_code_get_child_guids (code);
  const char *description = intake_code_get_description (code);

  xml_start (xml, "Code");
  xml_attribute (xml, "guid", intake_code_get_guid (code));
  xml_attribute (xml, "name", intake_code_get_name (code));
  xml_attribute (xml, "isCodable", intake_code_get_is_codable (code) ? "true" : "false");
  xml_attribute (xml, "color", intake_code_get_color (code));
  if (description != NULL && *description != '\0')
    xml_element (xml, "Description", description);
  for (guint i = 0; children[i] != NULL; i++)
    {
      IntakeCode *child = intake_codebook_find_by_guid (codebook, children[i]);

      if (child != NULL)
        write_code (xml, codebook, child);
    }
  xml_end (xml);
}

static void
write_codebook (Xml            *xml,
                IntakeCodebook *codebook)
{
  guint n_codes = intake_codebook_get_n_codes (codebook);

  if (n_codes == 0)
    return;

  xml_start (xml, "CodeBook");
  xml_start (xml, "Codes");
  for (guint i = 0; i < n_codes; i++)
    {
      IntakeCode *code = intake_codebook_get_code (codebook, i);

      if (intake_code_get_parent_guid (code) == NULL)
        write_code (xml, codebook, code);
    }
  xml_end (xml);
  xml_end (xml);
}

static char *
variable_guid (const char *name)
{
  g_autofree char *key = g_strconcat ("variable:", name, NULL);

  return intake_text_name_uuid (key);
}

/* What the export knows of one submission between its passes. */
typedef struct
{
  gint64      id;
  char       *guid;
  char       *name;
  GHashTable *attributes;   /* name → value */
} Source;

static void
source_free (Source *source)
{
  g_free (source->guid);
  g_free (source->name);
  g_clear_pointer (&source->attributes, g_hash_table_unref);
  g_free (source);
}

typedef struct
{
  char *guid;
  char *name;
  char *text;
} Memo;

static void
memo_free (Memo *memo)
{
  g_free (memo->guid);
  g_free (memo->name);
  g_free (memo->text);
  g_free (memo);
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The keys of @table, sorted, so that the file is the same every time. */
static GPtrArray *
sorted_keys (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_strings);
  return keys;
}

static void
write_coding (Xml                *xml,
              const IntakeCoding *coding,
              GHashTable         *reviewer_guids)
{
  g_autofree char *created = format_time (coding->created_at);

  xml_start (xml, "Coding");
  xml_attribute (xml, "guid", coding->guid);
  xml_attribute (xml, "creatingUser", g_hash_table_lookup (reviewer_guids, coding->reviewer));
  xml_attribute (xml, "creationDateTime", created);
  xml_ref (xml, "CodeRef", coding->code_guid);
  xml_end (xml);
}

static gboolean
write_text_entry (GsfOutfile  *sources,
                  const char  *guid,
                  const char  *text,
                  GError     **error)
{
  g_autofree char *name = g_strconcat (guid, ".txt", NULL);
  g_autoptr(GsfOutput) entry = gsf_outfile_new_child (sources, name, FALSE);

  /* The stored text byte for byte, without a byte-order mark, so that
   * positions count the code points of exactly this file. */
  if (entry == NULL ||
      !gsf_output_write (entry, strlen (text), (const guint8 *) text) ||
      !gsf_output_close (entry))
    {
      g_set_error (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_FAILED,
                   _("Could not write the text of source %s into the archive"), guid);
      return FALSE;
    }
  return TRUE;
}

/* One TextSource: its excerpts, whole-source codings and memo. */
static gboolean
write_source (Xml               *xml,
              IntakeStore       *store,
              const Source      *source,
              GsfOutfile        *sources,
              GHashTable        *reviewer_guids,
              GPtrArray         *memos,
              IntakeQdpxSummary *summary,
              GError           **error)
{
  g_autoptr(IntakeSubmission) submission = NULL;
  g_autoptr(GPtrArray) codings = NULL;
  g_autofree char *memo = NULL;
  g_autoptr(GError) memo_error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *created = NULL;
  g_autofree char *memo_guid = NULL;
  GDateTime *date;

  submission = intake_store_get_submission (store, source->id, error);
  if (submission == NULL)
    return FALSE;
  codings = intake_store_list_codings (store, source->id, error);
  if (codings == NULL)
    return FALSE;
  memo = intake_store_get_memo (store, source->id, &memo_error);
  if (memo_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&memo_error));
      return FALSE;
    }

  if (!write_text_entry (sources, source->guid, intake_submission_get_text (submission), error))
    return FALSE;

  path = g_strconcat (INTERNAL_PATH, source->guid, ".txt", NULL);
  date = intake_submission_get_date (submission);
  if (date != NULL)
    created = format_time (g_date_time_to_unix (date));

  xml_start (xml, "TextSource");
  xml_attribute (xml, "guid", source->guid);
  xml_attribute (xml, "name", source->name);
  xml_attribute (xml, "plainTextPath", path);
  xml_attribute (xml, "creationDateTime", created);

  /* The schema's order: selections, whole-source codings, notes. */
  for (guint i = 0; i < codings->len; i++)
    {
      const IntakeCoding *coding = g_ptr_array_index (codings, i);
      g_autofree char *key = NULL;
      g_autofree char *selection_guid = NULL;
      g_autofree char *coding_created = NULL;

      if (coding->start < 0)
        continue;
      key = g_strconcat ("selection:", coding->guid, NULL);
      selection_guid = intake_text_name_uuid (key);
      coding_created = format_time (coding->created_at);

      xml_start (xml, "PlainTextSelection");
      xml_attribute (xml, "guid", selection_guid);
      xml_int_attribute (xml, "startPosition", coding->start);
      xml_int_attribute (xml, "endPosition", coding->end);
      xml_attribute (xml, "creatingUser", g_hash_table_lookup (reviewer_guids, coding->reviewer));
      xml_attribute (xml, "creationDateTime", coding_created);
      write_coding (xml, coding, reviewer_guids);
      xml_end (xml);
      summary->codings++;
    }
  for (guint i = 0; i < codings->len; i++)
    {
      const IntakeCoding *coding = g_ptr_array_index (codings, i);

      if (coding->start >= 0)
        continue;
      write_coding (xml, coding, reviewer_guids);
      summary->codings++;
    }

  if (memo != NULL && *memo != '\0')
    {
      g_autofree char *key = g_strconcat ("memo:", source->guid, NULL);
      Memo *note = g_new0 (Memo, 1);

      memo_guid = intake_text_name_uuid (key);
      note->guid = g_strdup (memo_guid);
      /* Translators: the name of a submission's memo in a REFI-QDA project */
      note->name = g_strdup_printf (_("Memo on %s"), source->name);
      note->text = g_steal_pointer (&memo);
      g_ptr_array_add (memos, note);
      xml_ref (xml, "NoteRef", memo_guid);
    }
  xml_end (xml);

  summary->sources++;
  return TRUE;
}

static void
write_cases (Xml       *xml,
             GPtrArray *source_list)
{
  gboolean started = FALSE;

  for (guint i = 0; i < source_list->len; i++)
    {
      const Source *source = g_ptr_array_index (source_list, i);
      g_autofree char *key = NULL;
      g_autofree char *case_guid = NULL;
      g_autoptr(GPtrArray) names = NULL;

      if (g_hash_table_size (source->attributes) == 0)
        continue;
      if (!started)
        xml_start (xml, "Cases");
      started = TRUE;

      /* A case per submission: its attributes are the case's variables. */
      key = g_strconcat ("case:", source->guid, NULL);
      case_guid = intake_text_name_uuid (key);
      names = sorted_keys (source->attributes);

      xml_start (xml, "Case");
      xml_attribute (xml, "guid", case_guid);
      xml_attribute (xml, "name", source->name);
      for (guint j = 0; j < names->len; j++)
        {
          const char *name = g_ptr_array_index (names, j);
          g_autofree char *guid = variable_guid (name);

          xml_start (xml, "VariableValue");
          xml_ref (xml, "VariableRef", guid);
          xml_element (xml, "TextValue", g_hash_table_lookup (source->attributes, name));
          xml_end (xml);
        }
      xml_ref (xml, "SourceRef", source->guid);
      xml_end (xml);
    }
  if (started)
    xml_end (xml);
}

/* Names as other programs list sources: the subject, told apart from
 * another submission's of the same subject by its pseudonymous id. */
static char *
source_name (IntakeSubmission *summary,
             GHashTable       *names_used)
{
  const char *subject = intake_submission_get_subject (summary);
  g_autofree char *pseudonym = g_strdup_printf ("S-%04" G_GINT64_FORMAT, intake_submission_get_id (summary));
  char *name;

  if (subject == NULL || *subject == '\0')
    name = g_strdup (pseudonym);
  else if (g_hash_table_contains (names_used, subject))
    name = g_strdup_printf ("%s (%s)", subject, pseudonym);
  else
    name = g_strdup (subject);

  g_hash_table_add (names_used, g_strdup (name));
  return name;
}

static gboolean
collect_sources (IntakeStore   *store,
                 GPtrArray     *source_list,
                 GHashTable    *variables,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GArray) ids = intake_store_list_ids (store, error);
  g_autoptr(GHashTable) names_used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (ids == NULL)
    return FALSE;

  for (guint i = 0; i < ids->len; i += 500)
    {
      guint n = MIN (500, ids->len - i);
      g_autoptr(GPtrArray) summaries = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      summaries = intake_store_get_summaries (store, &g_array_index (ids, gint64, i), n, error);
      if (summaries == NULL)
        return FALSE;

      for (guint j = 0; j < summaries->len; j++)
        {
          IntakeSubmission *submission = g_ptr_array_index (summaries, j);
          Source *source = g_new0 (Source, 1);
          GHashTableIter iter;
          gpointer name;

          source->id = intake_submission_get_id (submission);
          g_ptr_array_add (source_list, source);
          source->guid = intake_store_get_submission_guid (store, source->id, error);
          source->attributes = intake_store_get_attributes (store, source->id, error);
          if (source->guid == NULL || source->attributes == NULL)
            return FALSE;
          source->name = source_name (submission, names_used);

          g_hash_table_iter_init (&iter, source->attributes);
          while (g_hash_table_iter_next (&iter, &name, NULL))
            g_hash_table_add (variables, g_strdup (name));
        }
    }

  return TRUE;
}

static GBytes *
close_memory_output (GsfOutput *memory)
{
  gsize size = gsf_output_size (memory);

  return g_bytes_new (gsf_output_memory_get_bytes (GSF_OUTPUT_MEMORY (memory)), size);
}

IntakeQdpxSummary *
intake_qdpx_export (IntakeStore             *store,
                    const char              *project_name,
                    const char              *path,
                    const char * const      *protected_paths,
                    IntakeQdpxProgressFunc   progress,
                    gpointer                 progress_data,
                    GCancellable            *cancellable,
                    GError                 **error)
{
  g_autoptr(IntakeQdpxSummary) summary = intake_qdpx_summary_new ();
  g_autoptr(IntakeCodebook) codebook = NULL;
  g_autoptr(GHashTable) reviewer_guids = NULL;
  g_autoptr(GPtrArray) source_list = g_ptr_array_new_with_free_func ((GDestroyNotify) source_free);
  g_autoptr(GPtrArray) memos = g_ptr_array_new_with_free_func ((GDestroyNotify) memo_free);
  g_autoptr(GHashTable) variable_set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GsfOutput) memory = NULL;
  g_autoptr(GsfOutfile) zip = NULL;
  g_autoptr(GsfOutput) sources_dir = NULL;
  g_autoptr(GsfOutput) project_entry = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) zip_error = NULL;
  xmlBufferPtr buffer = NULL;
  Xml xml = { NULL, TRUE };
  gboolean ok = FALSE;

  g_return_val_if_fail (INTAKE_IS_STORE (store), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  report_progress (progress, progress_data, 0.0);

  codebook = intake_store_load_codebook (store, error);
  if (codebook == NULL)
    return NULL;
  reviewer_guids = intake_store_get_reviewer_guids (store, error);
  if (reviewer_guids == NULL ||
      !collect_sources (store, source_list, variable_set, cancellable, error))
    return NULL;

  /* GsfOutfileZip seeks back to write each entry's sizes, so it writes
   * to memory; intake_file_write() then puts the archive in place whole. */
  memory = gsf_output_memory_new ();
  zip = gsf_outfile_zip_new (memory, &zip_error);
  if (zip == NULL)
    {
      g_set_error (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_FAILED,
                   _("Could not start the archive: %s"), zip_error->message);
      return NULL;
    }
  sources_dir = gsf_outfile_new_child (zip, SOURCES_FOLDER, TRUE);

  buffer = xmlBufferCreate ();
  xml.writer = xmlNewTextWriterMemory (buffer, 0);
  xml.ok = xml.writer != NULL &&
           xmlTextWriterSetIndent (xml.writer, 1) >= 0 &&
           xmlTextWriterSetIndentString (xml.writer, BAD_CAST "  ") >= 0 &&
           xmlTextWriterStartDocument (xml.writer, "1.0", "UTF-8", NULL) >= 0;

  xml_start (&xml, "Project");
  xml_attribute (&xml, "xmlns", INTAKE_QDPX_NS);
  xml_attribute (&xml, "name", project_name);
  xml_attribute (&xml, "origin", "Feedback Intake " PACKAGE_VERSION);

  /* The schema's order: Users, CodeBook, Variables, Cases, Sources, Notes. */
  if (g_hash_table_size (reviewer_guids) > 0)
    {
      g_autoptr(GPtrArray) reviewers = sorted_keys (reviewer_guids);

      xml_start (&xml, "Users");
      for (guint i = 0; i < reviewers->len; i++)
        {
          const char *name = g_ptr_array_index (reviewers, i);

          xml_start (&xml, "User");
          xml_attribute (&xml, "guid", g_hash_table_lookup (reviewer_guids, name));
          xml_attribute (&xml, "name", name);
          xml_end (&xml);
          summary->users++;
        }
      xml_end (&xml);
    }

  write_codebook (&xml, codebook);

  names = sorted_keys (variable_set);
  if (names->len > 0)
    {
      xml_start (&xml, "Variables");
      for (guint i = 0; i < names->len; i++)
        {
          const char *name = g_ptr_array_index (names, i);
          g_autofree char *guid = variable_guid (name);

          xml_start (&xml, "Variable");
          xml_attribute (&xml, "guid", guid);
          xml_attribute (&xml, "name", name);
          xml_attribute (&xml, "typeOfVariable", "Text");
          xml_end (&xml);
          summary->variables++;
        }
      xml_end (&xml);
    }

  write_cases (&xml, source_list);

  if (source_list->len > 0)
    {
      xml_start (&xml, "Sources");
      for (guint i = 0; xml.ok && i < source_list->len; i++)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
              !write_source (&xml, store, g_ptr_array_index (source_list, i), GSF_OUTFILE (sources_dir),
                             reviewer_guids, memos, summary, error))
            goto out;
          report_progress (progress, progress_data, 0.95 * (i + 1) / source_list->len);
        }
      xml_end (&xml);
    }

  if (memos->len > 0)
    {
      xml_start (&xml, "Notes");
      for (guint i = 0; i < memos->len; i++)
        {
          const Memo *memo = g_ptr_array_index (memos, i);

          xml_start (&xml, "Note");
          xml_attribute (&xml, "guid", memo->guid);
          xml_attribute (&xml, "name", memo->name);
          xml_element (&xml, "PlainTextContent", memo->text);
          xml_end (&xml);
          summary->notes++;
        }
      xml_end (&xml);
    }

  xml_end (&xml);
  xml.ok = xml.ok && xmlTextWriterEndDocument (xml.writer) >= 0;
  g_clear_pointer (&xml.writer, xmlFreeTextWriter);
  if (!xml.ok)
    {
      g_set_error_literal (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_FAILED,
                           _("Could not write the project’s XML: out of memory"));
      goto out;
    }

  project_entry = gsf_outfile_new_child (zip, PROJECT_ENTRY, FALSE);
  if (!gsf_output_close (sources_dir) ||
      !gsf_output_write (project_entry, xmlBufferLength (buffer), xmlBufferContent (buffer)) ||
      !gsf_output_close (project_entry) ||
      !gsf_output_close (GSF_OUTPUT (zip)))
    {
      const GError *gsf_error = gsf_output_error (GSF_OUTPUT (zip));

      g_set_error (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_FAILED,
                   _("Could not finish the archive: %s"),
                   gsf_error != NULL ? gsf_error->message : _("unknown error"));
      goto out;
    }

  /* Cancelled at the last moment: still nothing replaces the old file. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  bytes = close_memory_output (memory);
  ok = intake_file_write (path, bytes, protected_paths, error);
  if (ok)
    report_progress (progress, progress_data, 1.0);

out:
  g_clear_pointer (&xml.writer, xmlFreeTextWriter);
  xmlBufferFree (buffer);
  if (!ok)
    return NULL;
  return g_steal_pointer (&summary);
}

/* ---- Reading ------------------------------------------------------------ */

static gboolean
is_element (const xmlNode *node,
            const char    *name)
{
  return node->type == XML_ELEMENT_NODE &&
         node->ns != NULL && node->ns->href != NULL &&
         strcmp ((const char *) node->ns->href, INTAKE_QDPX_NS) == 0 &&
         strcmp ((const char *) node->name, name) == 0;
}

static const xmlNode *
first_child (const xmlNode *node,
             const char    *name)
{
  for (const xmlNode *child = node->children; child != NULL; child = child->next)
    if (is_element (child, name))
      return child;
  return NULL;
}

static char *
get_attribute (const xmlNode *node,
               const char    *name)
{
  xmlChar *value = xmlGetNoNsProp (node, BAD_CAST name);
  char *copy = value != NULL ? g_strdup ((const char *) value) : NULL;

  xmlFree (value);
  return copy;
}

static char *
get_text (const xmlNode *node)
{
  xmlChar *value = xmlNodeGetContent (node);
  char *copy = g_strdup (value != NULL ? (const char *) value : "");

  xmlFree (value);
  return copy;
}

/* GUIDs as the store keeps them: lowercase, without braces; NULL when
 * @text is not a GUID. */
static char *
normalize_guid (const char *text)
{
  g_autofree char *trimmed = NULL;
  gsize len;

  if (text == NULL)
    return NULL;
  trimmed = g_strstrip (g_strdup (text));
  len = strlen (trimmed);
  if (len == 38 && trimmed[0] == '{' && trimmed[37] == '}')
    {
      memmove (trimmed, trimmed + 1, 36);
      trimmed[36] = '\0';
    }
  if (!g_uuid_string_is_valid (trimmed))
    return NULL;
  return g_ascii_strdown (trimmed, -1);
}

static char *
get_guid (const xmlNode *node,
          const char    *name)
{
  g_autofree char *value = get_attribute (node, name);

  return normalize_guid (value);
}

typedef struct
{
  char *first_error;
  int   first_error_line;
} ParseState;

static void
structured_error_cb (void        *user_data,
                     xmlErrorPtr  error)
{
  xmlParserCtxtPtr ctxt = user_data;
  ParseState *state = ctxt->_private;

  if (state->first_error == NULL && error != NULL && error->level >= XML_ERR_ERROR)
    {
      state->first_error = g_strstrip (g_strdup (error->message != NULL ? error->message : ""));
      state->first_error_line = error->line;
    }
}

/* No network, no DTD loaded, no entity substituted (never XML_PARSE_NOENT
 * or XML_PARSE_DTDLOAD); and a document with a DOCTYPE at all is refused,
 * since QDA-XML has none and a declared entity is how files get read. */
static xmlDocPtr
parse_project (GBytes  *data,
               GError **error)
{
  gsize len;
  const char *buf = g_bytes_get_data (data, &len);
  ParseState state = { 0 };
  xmlParserCtxtPtr ctxt;
  xmlDocPtr doc;
  gboolean well_formed;

  if (len == 0 || len > G_MAXINT)
    {
      g_set_error_literal (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_INVALID,
                           _("The project’s project.qde is empty"));
      return NULL;
    }

  ctxt = xmlCreateMemoryParserCtxt (buf, (int) len);
  if (ctxt == NULL)
    {
      g_set_error_literal (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_FAILED,
                           _("The project could not be read: out of memory"));
      return NULL;
    }
  xmlCtxtUseOptions (ctxt, XML_PARSE_NONET);
  ctxt->_private = &state;
  ctxt->sax->serror = structured_error_cb;
  ctxt->sax->warning = NULL;
  xmlParseDocument (ctxt);

  doc = ctxt->myDoc;
  ctxt->myDoc = NULL;
  well_formed = ctxt->wellFormed;
  xmlFreeParserCtxt (ctxt);

  if (doc != NULL && (doc->intSubset != NULL || doc->extSubset != NULL))
    {
      g_set_error_literal (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_UNSAFE,
                           _("The project’s project.qde declares a document type; QDA-XML has none, and such files are refused because their entities can read other files"));
      g_clear_pointer (&doc, xmlFreeDoc);
    }
  else if (!well_formed || doc == NULL)
    {
      if (state.first_error != NULL)
        g_set_error (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_INVALID,
                     _("Line %d of project.qde: not well-formed XML (%s)"),
                     state.first_error_line, state.first_error);
      else
        g_set_error_literal (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_INVALID,
                             _("The project’s project.qde is not well-formed XML"));
      g_clear_pointer (&doc, xmlFreeDoc);
    }

  g_free (state.first_error);
  return doc;
}

/* Every name in the archive, checked before anything is read: nothing in
 * it may name a place outside it, nor be too large to read. */
static gboolean
check_archive (GsfInfile  *folder,
               guint      *n_entries,
               GError    **error)
{
  int n = gsf_infile_num_children (folder);

  for (int i = 0; i < n; i++)
    {
      const char *name = gsf_infile_name_by_index (folder, i);
      g_autoptr(GsfInput) child = NULL;

      if (++*n_entries > INTAKE_QDPX_MAX_ENTRIES)
        {
          g_set_error (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_UNSAFE,
                       _("The archive holds more than %d entries"), INTAKE_QDPX_MAX_ENTRIES);
          return FALSE;
        }
      if (name == NULL || *name == '\0' || strcmp (name, ".") == 0 || strcmp (name, "..") == 0 ||
          strchr (name, '\\') != NULL || strchr (name, ':') != NULL)
        {
          /* An absolute path ("/etc/…") reads as an empty first name. */
          g_set_error (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_UNSAFE,
                       _("The archive holds an entry whose path (“%s”) leads outside it; the file is refused"),
                       name != NULL && *name != '\0' ? name : "/");
          return FALSE;
        }

      child = gsf_infile_child_by_index (folder, i);
      if (child == NULL)
        continue;
      if (GSF_IS_INFILE (child) && gsf_infile_num_children (GSF_INFILE (child)) >= 0)
        {
          if (!check_archive (GSF_INFILE (child), n_entries, error))
            return FALSE;
        }
      else if (gsf_input_size (child) > INTAKE_QDPX_MAX_SOURCE_SIZE &&
               strcmp (name, PROJECT_ENTRY) != 0)
        {
          g_set_error (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_UNSAFE,
                       _("The archive’s entry “%s” is larger than %d MB"),
                       name, INTAKE_QDPX_MAX_SOURCE_SIZE / (1024 * 1024));
          return FALSE;
        }
    }

  return TRUE;
}

static GBytes *
read_entry (GsfInput  *input,
            gsize      max_size,
            GError   **error)
{
  gsf_off_t size = gsf_input_size (input);
  guint8 *data;

  if (size < 0 || (guint64) size > max_size)
    {
      g_set_error (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_UNSAFE,
                   _("The archive’s entry “%s” is larger than %" G_GSIZE_FORMAT " MB"),
                   gsf_input_name (input), max_size / (1024 * 1024));
      return NULL;
    }

  data = g_malloc (size + 1);
  if (size > 0 && gsf_input_read (input, size, data) == NULL)
    {
      g_free (data);
      g_set_error (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_INVALID,
                   _("The archive’s entry “%s” could not be read: the archive is damaged"),
                   gsf_input_name (input));
      return NULL;
    }
  data[size] = '\0';
  return g_bytes_new_take (data, size);
}

typedef struct
{
  IntakeStore       *store;
  GsfInfile         *sources;        /* the archive's sources/, or NULL */
  const char        *fallback_reviewer;
  IntakeQdpxSummary *summary;
  GHashTable        *users;          /* user GUID → reviewer name */
  GHashTable        *variables;      /* variable GUID → attribute name */
  GHashTable        *case_values;    /* source GUID → GPtrArray of name, value, … */
  GHashTable        *notes;          /* note GUID → text */
  GHashTable        *codes;          /* code GUIDs of the file */
  char              *project_user;   /* the project's creating user, or NULL */
} ImportState;

static void
skip (ImportState *state,
      const char  *format,
      ...) G_GNUC_PRINTF (2, 3);

static void
skip (ImportState *state,
      const char  *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (state->summary->skipped, g_strdup_vprintf (format, args));
  va_end (args);
}

static gboolean
import_users (ImportState    *state,
              const xmlNode  *root,
              GError        **error)
{
  const xmlNode *users = first_child (root, "Users");

  if (users == NULL)
    return TRUE;

  for (const xmlNode *user = users->children; user != NULL; user = user->next)
    {
      g_autofree char *guid = NULL;
      g_autofree char *name = NULL;

      if (!is_element (user, "User"))
        continue;
      guid = get_guid (user, "guid");
      name = get_attribute (user, "name");
      if (guid == NULL)
        {
          skip (state, _("Line %d: a user without a valid GUID"), (int) xmlGetLineNo (user));
          continue;
        }
      if (name == NULL || *g_strstrip (name) == '\0')
        {
          g_free (name);
          /* Translators: a coder an imported project names only by GUID */
          name = g_strdup_printf (_("User %.8s"), guid);
        }
      if (!intake_store_add_reviewer_with_guid (state->store, name, guid, error))
        return FALSE;
      g_hash_table_insert (state->users, g_steal_pointer (&guid), g_steal_pointer (&name));
      state->summary->users++;
    }

  return TRUE;
}

static const char *
creating_user (ImportState   *state,
               const xmlNode *node)
{
  g_autofree char *guid = node != NULL ? get_guid (node, "creatingUser") : NULL;

  return guid != NULL ? g_hash_table_lookup (state->users, guid) : NULL;
}

/* Who made @node: its own creating user, else @outer's (the selection a
 * coding is in), else the project's, else the fallback reviewer. */
static const char *
reviewer_for (ImportState   *state,
              const xmlNode *node,
              const xmlNode *outer)
{
  const char *name = creating_user (state, node);

  if (name == NULL)
    name = creating_user (state, outer);
  if (name == NULL && state->project_user != NULL)
    name = g_hash_table_lookup (state->users, state->project_user);
  return name != NULL ? name : state->fallback_reviewer;
}

static gboolean
load_codes (ImportState    *state,
            IntakeCodebook *codebook,
            const xmlNode  *parent,
            const char     *parent_guid,
            GError        **error)
{
  for (const xmlNode *node = parent->children; node != NULL; node = node->next)
    {
      g_autofree char *guid = NULL;
      g_autofree char *name = NULL;
      g_autofree char *codable = NULL;
      g_autofree char *color = NULL;
      g_autofree char *description = NULL;
      const xmlNode *description_node;

      if (!is_element (node, "Code"))
        continue;
      guid = get_guid (node, "guid");
      name = get_attribute (node, "name");
      if (guid == NULL || name == NULL || g_hash_table_contains (state->codes, guid))
        {
          g_set_error (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_INVALID,
                       _("Line %d of project.qde: a code needs a name and a GUID of its own"),
                       (int) xmlGetLineNo (node));
          return FALSE;
        }
      codable = get_attribute (node, "isCodable");
      color = get_attribute (node, "color");
      description_node = first_child (node, "Description");
      if (description_node != NULL)
        description = get_text (description_node);

      intake_codebook_append_code (codebook, guid, g_strstrip (name), description,
                                   color, g_strcmp0 (codable, "false") != 0 && g_strcmp0 (codable, "0") != 0,
                                   parent_guid);
      g_hash_table_add (state->codes, g_strdup (guid));
      if (!load_codes (state, codebook, node, guid, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
has_file_code (ImportState    *state,
               IntakeCodebook *codebook,
               IntakeCode     *code)
{
  const char * const *children = intake_code_get_child_guids (code);

  if (g_hash_table_contains (state->codes, intake_code_get_guid (code)))
    return TRUE;
  for (guint i = 0; children[i] != NULL; i++)
    {
      IntakeCode *child = intake_codebook_find_by_guid (codebook, children[i]);

      if (child != NULL && has_file_code (state, codebook, child))
        return TRUE;
    }
  return FALSE;
}

/* The file's codebook in place of the one a new project starts with. */
static gboolean
import_codebook (ImportState    *state,
                 const xmlNode  *root,
                 GError        **error)
{
  const xmlNode *book = first_child (root, "CodeBook");
  const xmlNode *codes = book != NULL ? first_child (book, "Codes") : NULL;
  g_autoptr(IntakeCodebook) codebook = intake_codebook_new ();
  g_autoptr(IntakeCodebook) current = NULL;
  g_autoptr(GPtrArray) unused = g_ptr_array_new_with_free_func (g_free);

  if (codes == NULL)
    return TRUE;
  if (!load_codes (state, codebook, codes, NULL, error) ||
      !intake_store_import_codebook (state->store, codebook, NULL, error))
    return FALSE;

  current = intake_store_load_codebook (state->store, error);
  if (current == NULL)
    return FALSE;
  for (guint i = 0; i < intake_codebook_get_n_codes (current); i++)
    {
      IntakeCode *code = intake_codebook_get_code (current, i);
      const char *parent = intake_code_get_parent_guid (code);
      IntakeCode *parent_code = parent != NULL ? intake_codebook_find_by_guid (current, parent) : NULL;

      /* The topmost code of each subtree the file does not have. */
      if (!has_file_code (state, current, code) &&
          (parent_code == NULL || has_file_code (state, current, parent_code)))
        g_ptr_array_add (unused, g_strdup (intake_code_get_guid (code)));
    }
  for (guint i = 0; i < unused->len; i++)
    {
      g_autoptr(GVariant) snapshot = intake_store_delete_code (state->store, g_ptr_array_index (unused, i),
                                                               NULL, error);
      if (snapshot == NULL)
        return FALSE;
    }

  return TRUE;
}

static void
read_variable_values (ImportState   *state,
                      const xmlNode *parent,
                      GPtrArray     *pairs)
{
  for (const xmlNode *node = parent->children; node != NULL; node = node->next)
    {
      const xmlNode *ref;
      g_autofree char *guid = NULL;
      const char *name;

      if (!is_element (node, "VariableValue"))
        continue;
      ref = first_child (node, "VariableRef");
      guid = ref != NULL ? get_guid (ref, "targetGUID") : NULL;
      name = guid != NULL ? g_hash_table_lookup (state->variables, guid) : NULL;
      if (name == NULL)
        continue;

      /* Whatever its type, a value is text to a case attribute. */
      for (const xmlNode *value = node->children; value != NULL; value = value->next)
        if (value->type == XML_ELEMENT_NODE && value != ref)
          {
            g_ptr_array_add (pairs, g_strdup (name));
            g_ptr_array_add (pairs, get_text (value));
            break;
          }
    }
}

static void
import_variables_and_cases (ImportState   *state,
                            const xmlNode *root)
{
  const xmlNode *variables = first_child (root, "Variables");
  const xmlNode *cases = first_child (root, "Cases");

  for (const xmlNode *node = variables ? variables->children : NULL; node != NULL; node = node->next)
    {
      g_autofree char *guid = NULL;
      g_autofree char *name = NULL;
      g_autofree char *matched = NULL;

      if (!is_element (node, "Variable"))
        continue;
      guid = get_guid (node, "guid");
      name = get_attribute (node, "name");
      if (guid == NULL || name == NULL || *g_strstrip (name) == '\0')
        continue;
      /* "respondent group" is the project's Respondent group. */
      matched = intake_attribute_match_name (name);
      g_hash_table_insert (state->variables, g_steal_pointer (&guid),
                           matched != NULL ? g_steal_pointer (&matched) : g_steal_pointer (&name));
      state->summary->variables++;
    }

  for (const xmlNode *node = cases ? cases->children : NULL; node != NULL; node = node->next)
    {
      g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);

      if (!is_element (node, "Case"))
        continue;
      read_variable_values (state, node, pairs);
      for (const xmlNode *ref = node->children; ref != NULL; ref = ref->next)
        {
          char *source;
          GPtrArray *values;

          if (!is_element (ref, "SourceRef") || (source = get_guid (ref, "targetGUID")) == NULL)
            continue;
          values = g_hash_table_lookup (state->case_values, source);
          if (values == NULL)
            {
              values = g_ptr_array_new_with_free_func (g_free);
              g_hash_table_insert (state->case_values, source, values);
            }
          else
            g_free (source);
          for (guint i = 0; i < pairs->len; i++)
            g_ptr_array_add (values, g_strdup (g_ptr_array_index (pairs, i)));
        }
    }
}

/* A text kept inside the archive: "internal://NAME" is sources/NAME. */
static char *
read_internal_text (ImportState  *state,
                    const char   *path,
                    const char   *source_name,
                    GError      **error)
{
  const char *name = path + strlen (INTERNAL_PATH);
  g_autoptr(GsfInput) input = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (*name == '\0' || strchr (name, '/') != NULL || strchr (name, '\\') != NULL ||
      strcmp (name, "..") == 0 || strcmp (name, ".") == 0)
    {
      g_set_error (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_UNSAFE,
                   _("The source “%s” names its text “%s”, which points outside the archive’s sources folder; the file is refused"),
                   source_name, path);
      return NULL;
    }
  if (state->sources != NULL)
    input = gsf_infile_child_by_name (state->sources, name);
  if (input == NULL || (GSF_IS_INFILE (input) && gsf_infile_num_children (GSF_INFILE (input)) >= 0))
    return NULL;

  bytes = read_entry (input, INTAKE_QDPX_MAX_SOURCE_SIZE, error);
  if (bytes == NULL)
    return NULL;
  return g_strdup (g_bytes_get_data (bytes, NULL));
}

static char *
source_text (ImportState    *state,
             const xmlNode  *node,
             const char     *name,
             GError        **error)
{
  const xmlNode *content = first_child (node, "PlainTextContent");
  g_autofree char *path = get_attribute (node, "plainTextPath");
  g_autoptr(GError) local = NULL;
  char *text;

  if (content != NULL)
    text = get_text (content);
  else if (path != NULL && g_str_has_prefix (path, INTERNAL_PATH))
    {
      text = read_internal_text (state, path, name, &local);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      if (text == NULL)
        {
          skip (state, _("%s: its text, %s, is not in the archive"), name, path);
          return NULL;
        }
    }
  else
    {
      /* Never followed: a path or URL out of the archive. */
      skip (state, _("%s: its text is a file outside the archive (%s), which is not read"),
            name, path != NULL ? path : _("none given"));
      return NULL;
    }

  if (!g_utf8_validate (text, -1, NULL))
    {
      skip (state, _("%s: its text is not UTF-8"), name);
      g_free (text);
      return NULL;
    }
  /* A byte-order mark is not part of the text positions count. */
  if (g_str_has_prefix (text, "\xef\xbb\xbf"))
    memmove (text, text + 3, strlen (text + 3) + 1);

  /* Controls become spaces: one code point for one, positions stay. */
  return intake_text_blank_controls (text);
}

static gboolean
add_coding (ImportState    *state,
            gint64          submission_id,
            const char     *source_name,
            const xmlNode  *coding,
            const xmlNode  *selection,
            int             start,
            int             end,
            GError        **error)
{
  const xmlNode *ref = first_child (coding, "CodeRef");
  g_autofree char *code_guid = ref != NULL ? get_guid (ref, "targetGUID") : NULL;
  g_autofree char *guid = get_guid (coding, "guid");
  g_autoptr(IntakeCoding) existing = NULL;
  g_autoptr(IntakeCoding) added = NULL;
  g_autoptr(GError) local = NULL;
  const char *reviewer;

  if (code_guid == NULL || !g_hash_table_contains (state->codes, code_guid))
    {
      skip (state, _("%s: a coding with a code the codebook does not have (line %d)"),
            source_name, (int) xmlGetLineNo (coding));
      return TRUE;
    }

  reviewer = reviewer_for (state, coding, selection);

  /* A GUID the project uses already makes a new one. */
  if (guid != NULL)
    {
      existing = intake_store_get_coding (state->store, guid, &local);
      g_clear_error (&local);
      if (existing != NULL)
        g_clear_pointer (&guid, g_free);
    }

  added = intake_store_add_coding (state->store, submission_id, code_guid, reviewer, start, end,
                                   guid, NULL, &local);
  if (added == NULL)
    {
      if (local->domain != INTAKE_STORE_ERROR || local->code == INTAKE_STORE_ERROR_OPEN)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      skip (state, _("%s: a coding was not kept (line %d): %s"), source_name, (int) xmlGetLineNo (coding),
            local->message);
      return TRUE;
    }

  state->summary->codings++;
  return TRUE;
}

static gboolean
import_text_source (ImportState    *state,
                    const xmlNode  *node,
                    GError        **error)
{
  g_autofree char *guid = get_guid (node, "guid");
  g_autofree char *name = get_attribute (node, "name");
  g_autofree char *text = NULL;
  g_autofree char *created = get_attribute (node, "creationDateTime");
  g_autoptr(IntakeParsedMessage) message = g_new0 (IntakeParsedMessage, 1);
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) memo = g_string_new (NULL);
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GError) local = NULL;
  IntakeStoreInsertResult result;
  GPtrArray *case_pairs;
  gint64 id;
  int length;

  if (name == NULL || *name == '\0')
    {
      g_free (name);
      name = g_strdup_printf (_("Source at line %d"), (int) xmlGetLineNo (node));
    }
  if (guid == NULL)
    {
      skip (state, _("%s: no valid GUID"), name);
      return TRUE;
    }
  id = intake_store_find_submission_by_guid (state->store, guid, error);
  if (id < 0)
    return FALSE;
  if (id > 0)
    {
      skip (state, _("%s: a second source with the GUID %s"), name, guid);
      return TRUE;
    }

  text = source_text (state, node, name, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (text == NULL)
    return TRUE;
  length = intake_text_length (text);

  key = g_strconcat ("refi-qda:", guid, NULL);
  message->guid = g_strdup (guid);
  message->content_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  message->subject = g_strdup (name);
  message->text = g_strdup (text);
  message->body = g_strdup (text);
  if (created != NULL)
    date = g_date_time_new_from_iso8601 (created, NULL);
  if (date != NULL)
    {
      message->date = g_date_time_to_unix (date);
      message->has_date = TRUE;
    }
  if (!intake_store_insert_message (state->store, message, 0, NULL, &result, error))
    return FALSE;
  id = intake_store_find_submission_by_guid (state->store, guid, error);
  if (id <= 0)
    {
      if (id == 0)
        g_set_error (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_FAILED,
                     _("%s: the source was not stored"), name);
      return FALSE;
    }
  state->summary->sources++;

  /* Attributes: the case's, then the source's own. */
  case_pairs = g_hash_table_lookup (state->case_values, guid);
  read_variable_values (state, node, pairs);
  for (guint i = 0; case_pairs != NULL && i + 1 < case_pairs->len; i += 2)
    if (!intake_store_set_attribute (state->store, id, g_ptr_array_index (case_pairs, i),
                                     g_ptr_array_index (case_pairs, i + 1), NULL, error))
      return FALSE;
  for (guint i = 0; i + 1 < pairs->len; i += 2)
    if (!intake_store_set_attribute (state->store, id, g_ptr_array_index (pairs, i),
                                     g_ptr_array_index (pairs, i + 1), NULL, error))
      return FALSE;

  for (const xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (is_element (child, "PlainTextSelection"))
        {
          g_autofree char *start_text = get_attribute (child, "startPosition");
          g_autofree char *end_text = get_attribute (child, "endPosition");
          gint64 start, end;

          if (start_text == NULL || end_text == NULL ||
              !g_ascii_string_to_signed (start_text, 10, 0, G_MAXINT, &start, NULL) ||
              !g_ascii_string_to_signed (end_text, 10, 0, G_MAXINT, &end, NULL) ||
              start >= end || end > length)
            {
              skip (state, _("%s: a selection from %s to %s, outside its %d characters (line %d)"),
                    name, start_text ? start_text : "?", end_text ? end_text : "?", length,
                    (int) xmlGetLineNo (child));
              continue;
            }
          for (const xmlNode *coding = child->children; coding != NULL; coding = coding->next)
            if (is_element (coding, "Coding") &&
                !add_coding (state, id, name, coding, child, start, end, error))
              return FALSE;
        }
      else if (is_element (child, "Coding"))
        {
          if (!add_coding (state, id, name, child, NULL, -1, -1, error))
            return FALSE;
        }
      else if (is_element (child, "NoteRef"))
        {
          g_autofree char *note = get_guid (child, "targetGUID");
          const char *note_text = note != NULL ? g_hash_table_lookup (state->notes, note) : NULL;

          if (note_text != NULL && *note_text != '\0')
            g_string_append_printf (memo, "%s%s", memo->len > 0 ? "\n\n" : "", note_text);
        }
    }

  if (memo->len > 0)
    {
      if (!intake_store_set_memo (state->store, id, memo->str, reviewer_for (state, node, NULL), error))
        return FALSE;
      state->summary->notes++;
    }

  return TRUE;
}

static void
import_notes (ImportState   *state,
              const xmlNode *root)
{
  const xmlNode *notes = first_child (root, "Notes");

  for (const xmlNode *node = notes ? notes->children : NULL; node != NULL; node = node->next)
    {
      const xmlNode *content;
      g_autofree char *guid = NULL;
      g_autofree char *path = NULL;
      char *text = NULL;

      if (!is_element (node, "Note") || (guid = get_guid (node, "guid")) == NULL)
        continue;
      content = first_child (node, "PlainTextContent");
      path = get_attribute (node, "plainTextPath");
      if (content != NULL)
        text = get_text (content);
      else if (path != NULL && g_str_has_prefix (path, INTERNAL_PATH))
        {
          g_autoptr(GError) local = NULL;

          text = read_internal_text (state, path, guid, &local);
        }
      if (text != NULL && g_utf8_validate (text, -1, NULL))
        g_hash_table_insert (state->notes, g_steal_pointer (&guid), text);
      else
        g_free (text);
    }
}

static gboolean
import_sources (ImportState             *state,
                const xmlNode           *root,
                IntakeQdpxProgressFunc   progress,
                gpointer                 progress_data,
                GCancellable            *cancellable,
                GError                 **error)
{
  const xmlNode *sources = first_child (root, "Sources");
  guint n = 0, done = 0;

  if (sources == NULL)
    return TRUE;
  for (const xmlNode *node = sources->children; node != NULL; node = node->next)
    n += node->type == XML_ELEMENT_NODE;

  for (const xmlNode *node = sources->children; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (is_element (node, "TextSource"))
        {
          if (!import_text_source (state, node, error))
            return FALSE;
        }
      else
        {
          g_autofree char *name = get_attribute (node, "name");

          /* Translators: a source's name, then its kind (PDFSource, AudioSource…) */
          skip (state, _("%s: a %s, not a text source"), name != NULL ? name : _("(no name)"),
                (const char *) node->name);
        }
      report_progress (progress, progress_data, 0.1 + 0.9 * ++done / n);
    }

  return TRUE;
}

static GsfInfile *
open_archive (const char  *path,
              GBytes     **bytes_out,
              GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GsfInput) input = NULL;
  g_autoptr(GError) zip_error = NULL;
  g_autofree char *display = g_filename_display_name (path);
  gsize size;
  const guint8 *data;
  GsfInfile *zip;

  bytes = intake_file_read (path, INTAKE_QDPX_MAX_SIZE, error);
  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &size);
  input = gsf_input_memory_new (data, size, FALSE);
  zip = input != NULL ? gsf_infile_zip_new (input, &zip_error) : NULL;
  if (zip == NULL)
    {
      g_set_error (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_INVALID,
                   _("“%s” is not a REFI-QDA project: it is not a ZIP archive"), display);
      return NULL;
    }

  *bytes_out = g_steal_pointer (&bytes);
  return zip;
}

IntakeQdpxSummary *
intake_qdpx_import (IntakeStore             *store,
                    const char              *qdpx_path,
                    const char              *fallback_reviewer,
                    IntakeQdpxProgressFunc   progress,
                    gpointer                 progress_data,
                    GCancellable            *cancellable,
                    GError                 **error)
{
  g_autoptr(IntakeQdpxSummary) summary = intake_qdpx_summary_new ();
  g_autoptr(GBytes) archive_bytes = NULL;
  g_autoptr(GsfInfile) zip = NULL;
  g_autoptr(GsfInput) project_entry = NULL;
  g_autoptr(GsfInput) sources = NULL;
  g_autoptr(GBytes) xml_bytes = NULL;
  g_autoptr(GHashTable) users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) variables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) case_values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                             (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) notes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *project_user = NULL;
  IntakeStats stats;
  ImportState state;
  xmlDocPtr doc;
  xmlNode *root;
  guint n_entries = 0;
  gboolean ok;

  g_return_val_if_fail (INTAKE_IS_STORE (store), NULL);
  g_return_val_if_fail (qdpx_path != NULL, NULL);
  g_return_val_if_fail (fallback_reviewer != NULL, NULL);

  if (!intake_store_get_stats (store, &stats, error))
    return NULL;
  if (stats.submissions > 0)
    {
      g_set_error_literal (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_NOT_EMPTY,
                           _("A REFI-QDA project is imported into a new project only; this one has submissions already"));
      return NULL;
    }

  report_progress (progress, progress_data, 0.0);
  zip = open_archive (qdpx_path, &archive_bytes, error);
  if (zip == NULL || !check_archive (zip, &n_entries, error))
    return NULL;

  project_entry = gsf_infile_child_by_name (zip, PROJECT_ENTRY);
  if (project_entry == NULL)
    {
      g_set_error_literal (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_INVALID,
                           _("This is not a REFI-QDA project: the archive has no project.qde"));
      return NULL;
    }
  xml_bytes = read_entry (project_entry, INTAKE_QDPX_MAX_XML_SIZE, error);
  if (xml_bytes == NULL)
    return NULL;
  /* Other programs spell the folder "Sources" too. */
  sources = gsf_infile_child_by_name (zip, SOURCES_FOLDER);
  if (sources == NULL)
    sources = gsf_infile_child_by_name (zip, "Sources");

  doc = parse_project (xml_bytes, error);
  if (doc == NULL)
    return NULL;
  root = xmlDocGetRootElement (doc);
  if (root == NULL || !is_element (root, "Project"))
    {
      g_set_error (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_INVALID,
                   _("This is not a REFI-QDA project: project.qde starts with “%s”, not “Project” in the namespace “%s”"),
                   root != NULL ? (const char *) root->name : "", INTAKE_QDPX_NS);
      xmlFreeDoc (doc);
      return NULL;
    }
  project_user = get_guid (root, "creatingUserGUID");

  state = (ImportState) {
    .store = store,
    .sources = sources != NULL && GSF_IS_INFILE (sources) ? GSF_INFILE (sources) : NULL,
    .fallback_reviewer = fallback_reviewer,
    .summary = summary,
    .users = users,
    .variables = variables,
    .case_values = case_values,
    .notes = notes,
    .codes = codes,
    .project_user = project_user,
  };

  /* All or nothing: a failure leaves the project as empty as it was. */
  ok = intake_store_begin (store, error);
  if (ok)
    {
      ok = import_users (&state, root, error) &&
           import_codebook (&state, root, error);
      if (ok)
        {
          import_variables_and_cases (&state, root);
          import_notes (&state, root);
          report_progress (progress, progress_data, 0.1);
          ok = import_sources (&state, root, progress, progress_data, cancellable, error);
        }
      if (ok)
        ok = intake_store_commit (store, error);
      else
        intake_store_rollback (store);
    }
  xmlFreeDoc (doc);

  if (!ok)
    return NULL;
  report_progress (progress, progress_data, 1.0);
  return g_steal_pointer (&summary);
}

/* ---- On a worker thread ------------------------------------------------- */

typedef struct
{
  char                *project_path;
  char                *path;
  char                *fallback_reviewer;
  IntakeProgressRelay *progress;
} Job;

static void
job_free (Job *job)
{
  g_free (job->project_path);
  g_free (job->path);
  g_free (job->fallback_reviewer);
  intake_progress_relay_unref (job->progress);
  g_free (job);
}

typedef struct
{
  GAsyncReadyCallback  callback;
  gpointer             user_data;
  IntakeProgressRelay *progress;
} Done;

/* On the caller's context: progress ends before the caller hears of the end. */
static void
job_ready (GObject      *source_object,
           GAsyncResult *result,
           gpointer      data)
{
  Done *done = data;

  intake_progress_relay_finish (done->progress);
  if (done->callback != NULL)
    done->callback (NULL, result, done->user_data);

  intake_progress_relay_unref (done->progress);
  g_free (done);
}

static void
start_job (const char              *project_path,
           const char              *path,
           const char              *fallback_reviewer,
           IntakeQdpxProgressFunc   progress,
           gpointer                 progress_data,
           GDestroyNotify           progress_destroy,
           GCancellable            *cancellable,
           gpointer                 source_tag,
           GTaskThreadFunc          thread_func,
           GAsyncReadyCallback      callback,
           gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  IntakeProgressRelay *shared;
  Job *job;
  Done *done;

  shared = intake_progress_relay_new ("[intake] qdpx progress", PROGRESS_PER_SECOND,
                                      progress, progress_data, progress_destroy);
  job = g_new0 (Job, 1);
  job->project_path = g_strdup (project_path);
  job->path = g_strdup (path);
  job->fallback_reviewer = g_strdup (fallback_reviewer);
  job->progress = intake_progress_relay_ref (shared);

  done = g_new0 (Done, 1);
  done->callback = callback;
  done->user_data = user_data;
  done->progress = shared;

  task = g_task_new (NULL, cancellable, job_ready, done);
  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, "[intake] REFI-QDA project");
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  /* The result says what happened to the file, even if cancelled late. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, thread_func);
}

static char *
project_name_of (const char *project_path)
{
  g_autofree char *base = g_path_get_basename (project_path);
  g_autofree char *display = g_filename_display_name (base);
  char *dot = strrchr (display, '.');

  if (dot != NULL && dot != display)
    *dot = '\0';
  return g_steal_pointer (&display);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = project_name_of (job->project_path);
  /* The project being read is never written over. */
  const char * const protected[] = { job->project_path, NULL };
  IntakeQdpxSummary *summary = NULL;

  store = intake_store_open_readonly (job->project_path, &error);
  if (store != NULL)
    summary = intake_qdpx_export (store, name, job->path, protected, intake_progress_relay_send,
                                  job->progress, cancellable, &error);
  if (summary == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, summary, (GDestroyNotify) intake_qdpx_summary_free);
}

void
intake_qdpx_export_async (const char              *project_path,
                          const char              *path,
                          IntakeQdpxProgressFunc   progress,
                          gpointer                 progress_data,
                          GDestroyNotify           progress_destroy,
                          GCancellable            *cancellable,
                          GAsyncReadyCallback      callback,
                          gpointer                 user_data)
{
  g_return_if_fail (project_path != NULL);
  g_return_if_fail (path != NULL);

  start_job (project_path, path, NULL, progress, progress_data, progress_destroy, cancellable,
             intake_qdpx_export_async, export_thread, callback, user_data);
}

IntakeQdpxSummary *
intake_qdpx_export_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == intake_qdpx_export_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
remove_project_files (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (job->project_path);
  g_autofree char *temporary = g_build_filename (dir, ".feedback-intake-import-XXXXXX", NULL);
  IntakeQdpxSummary *summary = NULL;
  int fd;

  /* A new, empty file beside the project, which SQLite takes as a new
   * database; renamed over the project only once it is whole. */
  fd = g_mkstemp (temporary);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (dir);

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("Cannot make the new project in “%s”: %s"), display, g_strerror (saved_errno));
      return;
    }
  close (fd);

  {
    g_autoptr(IntakeStore) store = intake_store_open (temporary, &error);

    if (store != NULL)
      summary = intake_qdpx_import (store, job->path, job->fallback_reviewer, intake_progress_relay_send,
                                    job->progress, cancellable, &error);
  }

  if (summary != NULL && g_cancellable_set_error_if_cancelled (cancellable, &error))
    g_clear_pointer (&summary, intake_qdpx_summary_free);
  if (summary != NULL)
    {
      g_autofree char *wal = g_strconcat (job->project_path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (job->project_path, "-shm", NULL);

      /* The old project's own journal must not be read as the new one's. */
      g_unlink (wal);
      g_unlink (shm);
      if (g_rename (temporary, job->project_path) != 0)
        {
          int saved_errno = errno;
          g_autofree char *display = g_filename_display_name (job->project_path);

          g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Cannot write the new project “%s”: %s"), display, g_strerror (saved_errno));
          g_clear_pointer (&summary, intake_qdpx_summary_free);
        }
    }
  remove_project_files (temporary);

  if (summary == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, summary, (GDestroyNotify) intake_qdpx_summary_free);
}

void
intake_qdpx_import_async (const char              *qdpx_path,
                          const char              *project_path,
                          const char              *fallback_reviewer,
                          IntakeQdpxProgressFunc   progress,
                          gpointer                 progress_data,
                          GDestroyNotify           progress_destroy,
                          GCancellable            *cancellable,
                          GAsyncReadyCallback      callback,
                          gpointer                 user_data)
{
  g_return_if_fail (qdpx_path != NULL);
  g_return_if_fail (project_path != NULL);
  g_return_if_fail (fallback_reviewer != NULL);

  start_job (project_path, qdpx_path, fallback_reviewer, progress, progress_data, progress_destroy,
             cancellable, intake_qdpx_import_async, import_thread, callback, user_data);
}

IntakeQdpxSummary *
intake_qdpx_import_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == intake_qdpx_import_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
