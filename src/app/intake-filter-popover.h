#pragma once

#include <adwaita.h>

#include "intake-project.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_FILTER_POPOVER (intake_filter_popover_get_type ())
G_DECLARE_FINAL_TYPE (IntakeFilterPopover, intake_filter_popover, INTAKE, FILTER_POPOVER, GtkPopover)

GtkWidget      *intake_filter_popover_new            (void);
IntakeProject  *intake_filter_popover_get_project    (IntakeFilterPopover *self);
/* The codes, reviewers and attribute values of @project are offered, and
 * the codes follow its codebook. */
void            intake_filter_popover_set_project    (IntakeFilterPopover *self,
                                                      IntakeProject       *project);
gboolean        intake_filter_popover_get_active     (IntakeFilterPopover *self);
void            intake_filter_popover_get_filter     (IntakeFilterPopover *self,
                                                      IntakeFilter        *filter);
void            intake_filter_popover_clear          (IntakeFilterPopover *self);

G_END_DECLS
