/* STUB: replaced by the report core. */
#define G_LOG_DOMAIN "intake-report"

#include "config.h"

#include "intake-report.h"

G_DEFINE_QUARK (intake-report-error-quark, intake_report_error)

struct _IntakeReport
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (IntakeReport, intake_report, G_TYPE_OBJECT)

static void intake_report_class_init (IntakeReportClass *klass) { }
static void intake_report_init (IntakeReport *self) { }

static gboolean
not_yet (GError **error)
{
  g_set_error (error, INTAKE_REPORT_ERROR, INTAKE_REPORT_ERROR_FAILED, "not written yet");
  return FALSE;
}

gboolean intake_report_format_from_string (const char *name, IntakeReportFormat *format) { return FALSE; }
const char *intake_report_format_to_string (IntakeReportFormat format) { return "xml"; }
const char *intake_report_format_extension (IntakeReportFormat format) { return ".xml"; }
gboolean intake_report_sections_from_string (const char *list, IntakeReportSections *sections, GError **error) { return not_yet (error); }
IntakeReportOptions *intake_report_options_new (void) { return g_new0 (IntakeReportOptions, 1); }
IntakeReportOptions *intake_report_options_copy (const IntakeReportOptions *options) { return g_new0 (IntakeReportOptions, 1); }
void intake_report_options_free (IntakeReportOptions *options) { g_free (options); }
void intake_report_submission_free (IntakeReportSubmission *submission) { g_free (submission); }
IntakeReport *intake_report_new (const char *project_path, const IntakeReportOptions *options, GCancellable *cancellable, GError **error) { not_yet (error); return NULL; }
const IntakeReportOptions *intake_report_get_options (IntakeReport *self) { return NULL; }
const IntakeReportFigures *intake_report_get_figures (IntakeReport *self) { return NULL; }
void intake_report_rewind (IntakeReport *self) { }
gboolean intake_report_next_submission (gpointer self, IntakeReportSubmission **out, GError **error) { return not_yet (error); }
gboolean intake_report_export (IntakeReport *self, const char *path, const char * const *protected_paths, IntakeReportProgressFunc progress, gpointer progress_data, GCancellable *cancellable, GError **error) { return not_yet (error); }
void
intake_report_export_async (const char *project_path, const IntakeReportOptions *options, const char *path,
                            IntakeReportProgressFunc progress, gpointer progress_data, GDestroyNotify progress_destroy,
                            GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_return_new_error (task, INTAKE_REPORT_ERROR, INTAKE_REPORT_ERROR_FAILED, "not written yet");
  if (progress_destroy)
    progress_destroy (progress_data);
  g_object_unref (task);
}
gboolean intake_report_export_finish (GAsyncResult *result, GError **error) { return g_task_propagate_boolean (G_TASK (result), error); }
char *intake_report_clean_text (const char *text) { return g_strdup (text); }
IntakeRedactor *intake_report_load_redactor (IntakeStore *store, GCancellable *cancellable, GError **error) { not_yet (error); return NULL; }
char *intake_report_redact (IntakeRedactor *redactor, const char *text, GPtrArray *codings, gboolean *withheld, GArray **spans_out, GArray **offset_map_out) { return g_strdup (text); }

/* STUB redactor, replaced in intake-redact.c */
struct _IntakeRedactor { int ref_count; };
GStrv intake_redact_signature_names (const char *text) { return g_new0 (char *, 1); }
IntakeRedactor *intake_redactor_new (void) { IntakeRedactor *r = g_new0 (IntakeRedactor, 1); r->ref_count = 1; return r; }
IntakeRedactor *intake_redactor_ref (IntakeRedactor *self) { self->ref_count++; return self; }
void intake_redactor_unref (IntakeRedactor *self) { if (--self->ref_count == 0) g_free (self); }
void intake_redactor_add_name (IntakeRedactor *self, const char *name) { }
GArray *intake_redactor_find (IntakeRedactor *self, const char *text) { return intake_redact_find (text, NULL); }
int intake_redact_unmap_offset (GArray *offset_map, int redacted_offset) { return redacted_offset; }
void intake_redact_unmap_range (GArray *offset_map, int start, int end, int *start_out, int *end_out) { *start_out = start; *end_out = end; }
