/* Writing a REFI-QDA project: project.qde with libxml2's text writer, in
 * the order Project.xsd's sequences give, and the sources' texts, zipped
 * with libgsf. */
#define G_LOG_DOMAIN "intake-qdpx"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/xmlwriter.h>
#include <string.h>

#include "intake-file.h"
#include "intake-qdpx-private.h"
#include "intake-report.h"
#include "intake-text.h"

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
  char *creating_user;  /* the reviewer's GUID, or NULL */
} Memo;

static void
memo_free (Memo *memo)
{
  g_free (memo->creating_user);
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
              const IntakeCoding *coding)
{
  g_autofree char *created = format_time (coding->created_at);

  xml_start (xml, "Coding");
  xml_attribute (xml, "guid", coding->guid);
  xml_attribute (xml, "creatingUser", coding->reviewer_guid);
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
              GPtrArray         *memos,
              IntakeQdpxSummary *summary,
              GError           **error)
{
  g_autoptr(IntakeSubmission) submission = NULL;
  g_autoptr(GPtrArray) codings = NULL;
  g_autoptr(GPtrArray) source_memos = NULL;
  g_autofree char *path = NULL;
  g_autofree char *created = NULL;
  GDateTime *date;

  submission = intake_store_get_submission (store, source->id, error);
  if (submission == NULL)
    return FALSE;
  codings = intake_store_list_codings (store, source->id, error);
  if (codings == NULL)
    return FALSE;
  source_memos = intake_store_list_memos (store, source->id, error);
  if (source_memos == NULL)
    return FALSE;

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
      xml_attribute (xml, "creatingUser", coding->reviewer_guid);
      xml_attribute (xml, "creationDateTime", coding_created);
      write_coding (xml, coding);
      xml_end (xml);
      summary->codings++;
    }
  for (guint i = 0; i < codings->len; i++)
    {
      const IntakeCoding *coding = g_ptr_array_index (codings, i);

      if (coding->start >= 0)
        continue;
      write_coding (xml, coding);
      summary->codings++;
    }

  /* Each reviewer's memo is a note of its own, by that reviewer. */
  for (guint i = 0; i < source_memos->len; i++)
    {
      const IntakeMemo *memo = g_ptr_array_index (source_memos, i);
      g_autofree char *key = NULL;
      Memo *note;

      if (memo->text == NULL || *memo->text == '\0')
        continue;
      key = g_strconcat ("memo:", source->guid, memo->reviewer_guid ? ":" : NULL, memo->reviewer_guid, NULL);
      note = g_new0 (Memo, 1);
      note->guid = intake_text_name_uuid (key);
      /* Translators: the name of a submission's memo in a REFI-QDA project */
      note->name = g_strdup_printf (_("Memo on %s"), source->name);
      note->text = g_strdup (memo->text);
      note->creating_user = g_strdup (memo->reviewer_guid);
      g_ptr_array_add (memos, note);
      xml_ref (xml, "NoteRef", note->guid);
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
  g_autoptr(GHashTable) reviewers = NULL;
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

  _intake_qdpx_report_progress (progress, progress_data, 0.0);

  codebook = intake_store_load_codebook (store, error);
  if (codebook == NULL)
    return NULL;
  reviewers = intake_store_get_reviewers_by_guid (store, error);
  if (reviewers == NULL ||
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
  if (g_hash_table_size (reviewers) > 0)
    {
      g_autoptr(GPtrArray) guids = sorted_keys (reviewers);

      xml_start (&xml, "Users");
      for (guint i = 0; i < guids->len; i++)
        {
          const char *guid = g_ptr_array_index (guids, i);

          xml_start (&xml, "User");
          xml_attribute (&xml, "guid", guid);
          xml_attribute (&xml, "name", g_hash_table_lookup (reviewers, guid));
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
                             memos, summary, error))
            goto out;
          _intake_qdpx_report_progress (progress, progress_data, 0.95 * (i + 1) / source_list->len);
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
          xml_attribute (&xml, "creatingUser", memo->creating_user);
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
    _intake_qdpx_report_progress (progress, progress_data, 1.0);

out:
  g_clear_pointer (&xml.writer, xmlFreeTextWriter);
  xmlBufferFree (buffer);
  if (!ok)
    return NULL;
  return g_steal_pointer (&summary);
}
