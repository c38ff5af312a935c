#pragma once

#include <gtk/gtk.h>

#include "intake-project.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_CODINGS_POPOVER (intake_codings_popover_get_type ())
G_DECLARE_FINAL_TYPE (IntakeCodingsPopover, intake_codings_popover, INTAKE, CODINGS_POPOVER, GtkPopover)

/* Lists the codes of a place in the text, each with a button that removes
 * the coding through the project. */
GtkWidget     *intake_codings_popover_new         (void);
IntakeProject *intake_codings_popover_get_project (IntakeCodingsPopover *self);
void           intake_codings_popover_set_project (IntakeCodingsPopover *self,
                                                   IntakeProject        *project);
/* Shows the excerpt codings of @codings (IntakeCoding) that cover @offset;
 * the project's reviewer's own are not marked with a name. Returns how
 * many. */
guint          intake_codings_popover_set_codings (IntakeCodingsPopover *self,
                                                   GPtrArray            *codings,
                                                   int                   offset);

G_END_DECLS
