#pragma once

#include <gtk/gtk.h>

#include "intake-project.h"
#include "intake-submission.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_CODING_MARGIN (intake_coding_margin_get_type ())
G_DECLARE_FINAL_TYPE (IntakeCodingMargin, intake_coding_margin, INTAKE, CODING_MARGIN, GtkWidget)

/* The codes of a submission's excerpts as bars beside the lines of @text_view
 * that they span, overlapping excerpts side by side. Install it with
 * gtk_text_view_set_gutter(), so that it scrolls with the text; the buffer
 * must hold the submission's own text, as coding offsets count into it.
 * Removing and recoding go through the project. */
GtkWidget        *intake_coding_margin_new            (GtkTextView        *text_view);
GtkTextView      *intake_coding_margin_get_text_view  (IntakeCodingMargin *self);
IntakeProject    *intake_coding_margin_get_project    (IntakeCodingMargin *self);
void              intake_coding_margin_set_project    (IntakeCodingMargin *self,
                                                       IntakeProject      *project);
IntakeSubmission *intake_coding_margin_get_submission (IntakeCodingMargin *self);
void              intake_coding_margin_set_submission (IntakeCodingMargin *self,
                                                       IntakeSubmission   *submission);

/* How many bars, and in how many columns, as last laid out. */
guint             intake_coding_margin_get_n_bars     (IntakeCodingMargin *self);
guint             intake_coding_margin_get_n_columns  (IntakeCodingMargin *self);
/* Where the bar of the @index-th excerpt by start is drawn in the margin
 * (FALSE if it is not laid out), its coding's GUID and column; the one the
 * arrows are on. */
gboolean          intake_coding_margin_get_bar_bounds (IntakeCodingMargin *self,
                                                       guint               index,
                                                       graphene_rect_t    *bounds);
const char       *intake_coding_margin_get_bar_coding (IntakeCodingMargin *self,
                                                       guint               index);
guint             intake_coding_margin_get_bar_column (IntakeCodingMargin *self,
                                                       guint               index);
int               intake_coding_margin_get_current    (IntakeCodingMargin *self);

G_END_DECLS
