#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define INTAKE_TYPE_CODINGS_POPOVER (intake_codings_popover_get_type ())
G_DECLARE_FINAL_TYPE (IntakeCodingsPopover, intake_codings_popover, INTAKE, CODINGS_POPOVER, GtkPopover)

/* Lists the codes of a place in the text, each with a button that emits
 * "remove-coding". */
GtkWidget *intake_codings_popover_new         (void);
/* Shows the excerpt codings of @codings (IntakeCoding) that cover @offset;
 * @reviewer's own are not marked with a name. Returns how many. */
guint      intake_codings_popover_set_codings (IntakeCodingsPopover *self,
                                               GPtrArray            *codings,
                                               int                   offset,
                                               const char           *reviewer);

G_END_DECLS
