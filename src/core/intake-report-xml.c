/* STUB: replaced by the xml writer. */
#define G_LOG_DOMAIN "intake-report"

#include "config.h"

#include "intake-report.h"

gboolean
intake_report_write_xml (const IntakeReportFigures *figures, IntakeReportNextFunc next, gpointer next_data, GOutputStream *out, IntakeReportProgressFunc progress, gpointer progress_data, GCancellable *cancellable, GError **error)
{
  g_set_error (error, INTAKE_REPORT_ERROR, INTAKE_REPORT_ERROR_FAILED, "not written yet");
  return FALSE;
}
