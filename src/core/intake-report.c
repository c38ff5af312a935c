#define G_LOG_DOMAIN "intake-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "intake-file.h"
#include "intake-main-context.h"
#include "intake-report-private.h"

/* The report object: its options, the one read snapshot it holds from
 * intake_report_new() to its end (so the figures and the submissions agree
 * even while another program codes), and the export that hands both to a
 * writer. The figures are in intake-report-figures.c; the submissions and
 * redaction in intake-report-source.c. */

G_DEFINE_QUARK (intake-report-error-quark, intake_report_error)

G_DEFINE_FINAL_TYPE (IntakeReport, intake_report, G_TYPE_OBJECT)

/* ---- Formats, sections and options ---------------------------------------- */

static const struct {
  IntakeReportFormat  format;
  const char         *name;
  const char         *extension;
} formats[] = {
  { INTAKE_REPORT_FORMAT_XML, "xml", ".xml" },
  { INTAKE_REPORT_FORMAT_HTML, "html", ".html" },
  { INTAKE_REPORT_FORMAT_PDF, "pdf", ".pdf" },
  { INTAKE_REPORT_FORMAT_CSV, "csv", ".csv" },
  { INTAKE_REPORT_FORMAT_CSV_MATRIX, "csv-matrix", ".csv" },
};

gboolean
intake_report_format_from_string (const char         *name,
                                  IntakeReportFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  for (gsize i = 0; name != NULL && i < G_N_ELEMENTS (formats); i++)
    if (g_str_equal (name, formats[i].name))
      {
        *format = formats[i].format;
        return TRUE;
      }

  return FALSE;
}

const char *
intake_report_format_to_string (IntakeReportFormat format)
{
  for (gsize i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i].format == format)
      return formats[i].name;

  return NULL;
}

const char *
intake_report_format_extension (IntakeReportFormat format)
{
  for (gsize i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i].format == format)
      return formats[i].extension;

  return NULL;
}

static const struct {
  IntakeReportSections  section;
  const char           *name;
} sections[] = {
  { INTAKE_REPORT_SECTION_SUMMARY, "summary" },
  { INTAKE_REPORT_SECTION_CODES, "codes" },
  { INTAKE_REPORT_SECTION_CROSSTABS, "crosstabs" },
  { INTAKE_REPORT_SECTION_COOCCURRENCE, "cooccurrence" },
  { INTAKE_REPORT_SECTION_QUOTES, "quotes" },
  { INTAKE_REPORT_SECTION_SUBMISSIONS, "submissions" },
  { INTAKE_REPORT_SECTION_ALL, "all" },
};

/**
 * intake_report_sections_from_string:
 * @list: names separated by commas: "summary,codes,crosstabs,cooccurrence,quotes,submissions" or "all"
 * @sections: (out): the sections named
 *
 * Returns: %FALSE with %INTAKE_REPORT_ERROR_INVALID for a name that is not
 *   a section, or a list that names none
 */
gboolean
intake_report_sections_from_string (const char            *list,
                                    IntakeReportSections  *sections_out,
                                    GError               **error)
{
  g_auto(GStrv) names = NULL;
  IntakeReportSections found = 0;

  g_return_val_if_fail (sections_out != NULL, FALSE);

  names = g_strsplit (list != NULL ? list : "", ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = g_strstrip (names[i]);
      gboolean known = FALSE;

      if (*name == '\0')
        continue;
      for (gsize k = 0; !known && k < G_N_ELEMENTS (sections); k++)
        if (g_ascii_strcasecmp (name, sections[k].name) == 0)
          {
            found |= sections[k].section;
            known = TRUE;
          }
      if (!known)
        {
          g_set_error (error, INTAKE_REPORT_ERROR, INTAKE_REPORT_ERROR_INVALID,
                       /* Translators: the names after "from" are not translated: they are typed as they are */
                       _("“%s” is not a section of a report; choose from summary, codes, crosstabs,"
                         " cooccurrence, quotes and submissions"),
                       name);
          return FALSE;
        }
    }

  if (found == 0)
    {
      g_set_error_literal (error, INTAKE_REPORT_ERROR, INTAKE_REPORT_ERROR_INVALID,
                           _("A report needs at least one section"));
      return FALSE;
    }

  *sections_out = found;
  return TRUE;
}

/* The defaults: XML, every section, redacted, cells under 5 suppressed,
 * 5 quotes a code, no memos, the locale's paper, the project's name. */
IntakeReportOptions *
intake_report_options_new (void)
{
  IntakeReportOptions *options = g_new0 (IntakeReportOptions, 1);

  options->format = INTAKE_REPORT_FORMAT_XML;
  options->sections = INTAKE_REPORT_SECTION_ALL;
  options->redact = TRUE;
  options->threshold = INTAKE_REPORT_DEFAULT_THRESHOLD;
  options->quotes_per_code = INTAKE_REPORT_DEFAULT_QUOTES;
  options->memos = FALSE;
  options->paper = INTAKE_REPORT_PAPER_DEFAULT;

  return options;
}

IntakeReportOptions *
intake_report_options_copy (const IntakeReportOptions *options)
{
  IntakeReportOptions *copy;

  g_return_val_if_fail (options != NULL, NULL);

  copy = g_memdup2 (options, sizeof *options);
  copy->title = g_strdup (options->title);
  copy->code_guids = g_strdupv (options->code_guids);
  copy->code_guid = g_strdup (options->code_guid);
  copy->attribute_name = g_strdup (options->attribute_name);
  copy->attribute_value = g_strdup (options->attribute_value);
  copy->search = g_strdup (options->search);

  return copy;
}

void
intake_report_options_free (IntakeReportOptions *options)
{
  if (options == NULL)
    return;

  g_free (options->title);
  g_strfreev (options->code_guids);
  g_free (options->code_guid);
  g_free (options->attribute_name);
  g_free (options->attribute_value);
  g_free (options->search);
  g_free (options);
}

/* ---- The object -------------------------------------------------------------- */

static void
intake_report_finalize (GObject *object)
{
  IntakeReport *self = INTAKE_REPORT (object);

  _intake_report_batch_clear (self);
  if (self->in_snapshot)
    sqlite3_exec (_intake_store_get_db (self->store), "ROLLBACK", NULL, NULL, NULL);
  g_clear_object (&self->store);
  _intake_report_figures_clear (&self->figures);
  g_clear_pointer (&self->options, intake_report_options_free);
  g_clear_pointer (&self->redactor, intake_redactor_unref);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->code_by_id, g_hash_table_unref);
  g_clear_pointer (&self->code_by_guid, g_hash_table_unref);
  g_clear_pointer (&self->project_codes, g_ptr_array_unref);

  G_OBJECT_CLASS (intake_report_parent_class)->finalize (object);
}

static void
intake_report_class_init (IntakeReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = intake_report_finalize;
}

static void
intake_report_init (IntakeReport *self)
{
  self->project_codes = g_ptr_array_new_with_free_func ((GDestroyNotify) _intake_report_project_code_free);
  self->code_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->code_by_guid = g_hash_table_new (g_str_hash, g_str_equal);
}

/* One read transaction for the report's whole life: SQLite (WAL) keeps
 * the snapshot of its first read until it ends. */
static gboolean
begin_snapshot (IntakeReport  *self,
                GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_exec (_intake_store_get_db (self->store), "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    return _intake_store_fail (self->store, _("read the project"), error);
  self->in_snapshot = TRUE;

  stmt = _intake_store_prepare (self->store, "SELECT count(*) FROM submissions", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _intake_store_fail (self->store, _("read the project"), error);

  return TRUE;
}

static char *
default_title (const char *project_path)
{
  g_autofree char *base = g_path_get_basename (project_path);
  g_autofree char *display = NULL;

  if (g_str_has_suffix (base, ".intake") && strlen (base) > strlen (".intake"))
    base[strlen (base) - strlen (".intake")] = '\0';
  display = g_filename_display_name (base);

  return intake_report_clean_text (display);
}

/**
 * intake_report_new:
 * @project_path: the project file
 * @options: what the report holds
 *
 * Opens the project for reading, takes one snapshot of it and gathers the
 * figures. Use the report from one thread.
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
IntakeReport *
intake_report_new (const char                 *project_path,
                   const IntakeReportOptions  *options,
                   GCancellable               *cancellable,
                   GError                    **error)
{
  g_autoptr(IntakeReport) self = NULL;
  g_autoptr(GDateTime) now = NULL;
  IntakeReportFigures *figures;

  g_return_val_if_fail (project_path != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (intake_report_format_to_string (options->format) == NULL)
    {
      g_set_error_literal (error, INTAKE_REPORT_ERROR, INTAKE_REPORT_ERROR_INVALID,
                           _("The report’s format is not one of XML, HTML, PDF or CSV"));
      return NULL;
    }

  self = g_object_new (INTAKE_TYPE_REPORT, NULL);
  self->options = intake_report_options_copy (options);

  self->store = intake_store_open_readonly (project_path, error);
  if (self->store == NULL || !begin_snapshot (self, error))
    return NULL;

  if (options->redact)
    {
      self->redactor = intake_report_load_redactor (self->store, cancellable, error);
      if (self->redactor == NULL)
        return NULL;
    }

  if (!_intake_report_gather_figures (self, cancellable, error))
    return NULL;

  figures = &self->figures;
  now = g_date_time_new_now_utc ();
  figures->title = options->title != NULL ? intake_report_clean_text (options->title)
                                          : default_title (project_path);
  figures->generated = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  figures->generator = g_strdup ("Feedback Intake " PACKAGE_VERSION);
  figures->redacted = options->redact;
  figures->threshold = options->threshold;
  figures->sections = options->sections;

  return g_steal_pointer (&self);
}

const IntakeReportOptions *
intake_report_get_options (IntakeReport *self)
{
  g_return_val_if_fail (INTAKE_IS_REPORT (self), NULL);

  return self->options;
}

const IntakeReportFigures *
intake_report_get_figures (IntakeReport *self)
{
  g_return_val_if_fail (INTAKE_IS_REPORT (self), NULL);

  return &self->figures;
}

/* ---- Export -------------------------------------------------------------------- */

/**
 * intake_report_export:
 * @path: the file to write; see intake_file_output_new()
 * @protected_paths: (nullable) (array zero-terminated=1): projects not to write over
 * @progress: (nullable) (scope call): called from this thread as the writer goes
 *
 * Writes the report in its options' format. On failure or cancellation
 * the file that was at @path is as it was.
 */
gboolean
intake_report_export (IntakeReport              *self,
                      const char                *path,
                      const char * const        *protected_paths,
                      IntakeReportProgressFunc   progress,
                      gpointer                   progress_data,
                      GCancellable              *cancellable,
                      GError                   **error)
{
  g_autoptr(IntakeFileOutput) output = NULL;
  const IntakeReportFigures *figures;
  GOutputStream *out;
  gboolean ok = FALSE;

  g_return_val_if_fail (INTAKE_IS_REPORT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  output = intake_file_output_new (path, protected_paths, error);
  if (output == NULL)
    return FALSE;
  out = intake_file_output_get_stream (output);
  figures = &self->figures;

  intake_report_rewind (self);
  switch (self->options->format)
    {
    case INTAKE_REPORT_FORMAT_XML:
      ok = intake_report_write_xml (figures, intake_report_next_submission, self, out,
                                    progress, progress_data, cancellable, error);
      break;
    case INTAKE_REPORT_FORMAT_HTML:
      ok = intake_report_write_html (figures, intake_report_next_submission, self, out,
                                     progress, progress_data, cancellable, error);
      break;
    case INTAKE_REPORT_FORMAT_PDF:
      ok = intake_report_write_pdf (figures, self->options->paper, intake_report_next_submission, self, out,
                                    progress, progress_data, cancellable, error);
      break;
    case INTAKE_REPORT_FORMAT_CSV:
    case INTAKE_REPORT_FORMAT_CSV_MATRIX:
      ok = intake_report_write_csv (figures, self->options->format == INTAKE_REPORT_FORMAT_CSV_MATRIX,
                                    intake_report_next_submission, self, out,
                                    progress, progress_data, cancellable, error);
      break;
    default:
      g_set_error_literal (error, INTAKE_REPORT_ERROR, INTAKE_REPORT_ERROR_INVALID,
                           _("The report’s format is not one of XML, HTML, PDF or CSV"));
      break;
    }
  intake_report_rewind (self);

  /* Cancelled at the last moment: still nothing replaces the old file. */
  if (ok && g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = FALSE;

  return ok && intake_file_output_commit (output, error);
}

/* ---- On a worker thread --------------------------------------------------------- */

/* At most this many progress updates a second reach the caller's context. */
#define PROGRESS_PER_SECOND 30

typedef struct
{
  char                *project_path;
  IntakeReportOptions *options;
  char                *path;
  IntakeProgressRelay *progress;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_free (job->project_path);
  intake_report_options_free (job->options);
  g_free (job->path);
  intake_progress_relay_unref (job->progress);
  g_free (job);
}


static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(IntakeReport) report = NULL;
  g_autoptr(GError) error = NULL;
  /* The project being read is never written over. */
  const char * const protected[] = { job->project_path, NULL };

  report = intake_report_new (job->project_path, job->options, cancellable, &error);
  if (report == NULL ||
      !intake_report_export (report, job->path, protected, intake_progress_relay_send, job->progress,
                             cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/* On the caller's context: progress ends before the caller hears of the end. */
/**
 * intake_report_export_async:
 * @project_path: the project to report on
 * @options: what the report holds; copied
 * @path: the file to write; the project itself is refused
 * @progress: (nullable): called on the caller's thread-default main
 *   context, at most about 30 times a second
 * @progress_destroy: (nullable): called once for @progress_data, on the
 *   caller's context, before @callback
 *
 * intake_report_new() then intake_report_export() on a worker thread.
 * Cancelled, it leaves the file that was at @path as it was.
 */
void
intake_report_export_async (const char                *project_path,
                            const IntakeReportOptions *options,
                            const char                *path,
                            IntakeReportProgressFunc   progress,
                            gpointer                   progress_data,
                            GDestroyNotify             progress_destroy,
                            GCancellable              *cancellable,
                            GAsyncReadyCallback        callback,
                            gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportJob *job;
  IntakeProgressRelay *shared;

  g_return_if_fail (project_path != NULL);
  g_return_if_fail (options != NULL);
  g_return_if_fail (path != NULL);

  shared = intake_progress_relay_new ("[intake] export progress", PROGRESS_PER_SECOND,
                                      progress, progress_data, progress_destroy);

  job = g_new0 (ExportJob, 1);
  job->project_path = g_strdup (project_path);
  job->options = intake_report_options_copy (options);
  job->path = g_strdup (path);
  job->progress = intake_progress_relay_ref (shared);

  task = intake_progress_relay_task_new (shared, NULL, cancellable, NULL, callback, user_data);
  g_task_set_source_tag (task, intake_report_export_async);
  g_task_set_name (task, "[intake] export report");
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  /* The result says what happened to the file, even if cancelled late. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, export_thread);
}

gboolean
intake_report_export_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == intake_report_export_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
