#pragma once

#include <adwaita.h>

#include "intake-codebook.h"
#include "intake-store.h"
#include "intake-store.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_FILTER_POPOVER (intake_filter_popover_get_type ())
G_DECLARE_FINAL_TYPE (IntakeFilterPopover, intake_filter_popover, INTAKE, FILTER_POPOVER, GtkPopover)

GtkWidget      *intake_filter_popover_new            (void);
IntakeStore    *intake_filter_popover_get_store      (IntakeFilterPopover *self);
void            intake_filter_popover_set_store      (IntakeFilterPopover *self,
                                                      IntakeStore         *store);
IntakeCodebook *intake_filter_popover_get_codebook   (IntakeFilterPopover *self);
void            intake_filter_popover_set_codebook   (IntakeFilterPopover *self,
                                                      IntakeCodebook      *codebook);
void            intake_filter_popover_update_choices (IntakeFilterPopover *self);
gboolean        intake_filter_popover_get_active     (IntakeFilterPopover *self);
void            intake_filter_popover_get_filter     (IntakeFilterPopover *self,
                                                      IntakeFilter        *filter);
void            intake_filter_popover_clear          (IntakeFilterPopover *self);

G_END_DECLS
