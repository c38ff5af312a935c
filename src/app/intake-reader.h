#pragma once

#include <adwaita.h>

#include "intake-project.h"
#include "intake-submission.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_READER (intake_reader_get_type ())
G_DECLARE_FINAL_TYPE (IntakeReader, intake_reader, INTAKE, READER, AdwBin)

GtkWidget        *intake_reader_new               (void);
IntakeSubmission *intake_reader_get_submission    (IntakeReader     *self);
void              intake_reader_set_submission    (IntakeReader     *self,
                                                   IntakeSubmission *submission);
IntakeProject    *intake_reader_get_project       (IntakeReader     *self);
/* The reader, and the case bar, case panel and popovers in it, show the
 * project's codings and follow its changes. */
void              intake_reader_set_project       (IntakeReader     *self,
                                                   IntakeProject    *project);
GtkTextView      *intake_reader_get_text_view     (IntakeReader     *self);
/* The selected range of the submission's text in code points, end
 * exclusive; in the report view, the range of the original text it shows
 * (a cut marker counts whole). */
gboolean          intake_reader_get_selected_range (IntakeReader    *self,
                                                   int              *start,
                                                   int              *end);
/* Codes the selected text with @code_guid through the project. */
gboolean          intake_reader_code_selection    (IntakeReader     *self,
                                                   const char       *code_guid,
                                                   GError          **error);
/* Highlights the words of a full-text search; NULL or "" for none. */
void              intake_reader_set_search        (IntakeReader     *self,
                                                   const char       *query);
/* Opens the type-to-filter code picker at the selection. */
void              intake_reader_pick_code         (IntakeReader     *self);
/* Saves a memo still waiting for the typing pause. */
void              intake_reader_save_memo         (IntakeReader     *self);

/* The report view: the submission as reports show it, redacted (worked out
 * on a worker thread), the text read-only as always. */
gboolean          intake_reader_get_report_view   (IntakeReader     *self);
void              intake_reader_set_report_view   (IntakeReader     *self,
                                                   gboolean          report_view);
/* Whether the text shown is the redacted text of the report view, not the
 * original still waiting for it. */
gboolean          intake_reader_get_report_ready  (IntakeReader     *self);
/* Codes the selected text (of the original, in either view) with the
 * Needs redaction flag through the project. */
gboolean          intake_reader_mark_for_redaction (IntakeReader    *self,
                                                   GError          **error);

G_END_DECLS
