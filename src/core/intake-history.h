#pragma once

#include <gio/gio.h>

#include "intake-store.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_HISTORY (intake_history_get_type ())
G_DECLARE_FINAL_TYPE (IntakeHistory, intake_history, INTAKE, HISTORY, GObject)

/* Undo and redo of the session's coding actions: every call below does the
 * change on the store and records how to take it back. Properties
 * "can-undo" and "can-redo" notify; "changed" (gint64 submission_id, 0 for
 * the codebook) is emitted after each do, undo or redo. */
IntakeHistory *intake_history_new             (IntakeStore   *store,
                                               const char    *reviewer);
IntakeStore   *intake_history_get_store       (IntakeHistory *self);
const char    *intake_history_get_reviewer    (IntakeHistory *self);
void           intake_history_set_reviewer    (IntakeHistory *self,
                                               const char    *reviewer);
gboolean       intake_history_get_can_undo    (IntakeHistory *self);
gboolean       intake_history_get_can_redo    (IntakeHistory *self);
/* A short description of what undo would take back, e.g. "Coding “Trust”". */
const char    *intake_history_get_undo_label  (IntakeHistory *self);

IntakeCoding  *intake_history_add_coding      (IntakeHistory *self,
                                               gint64         submission_id,
                                               const char    *code_guid,
                                               int            start,
                                               int            end,
                                               GError       **error);
gboolean       intake_history_remove_coding   (IntakeHistory *self,
                                               const char    *coding_guid,
                                               GError       **error);
gboolean       intake_history_set_attribute   (IntakeHistory *self,
                                               gint64         submission_id,
                                               const char    *name,
                                               const char    *value,
                                               GError       **error);
gboolean       intake_history_set_status      (IntakeHistory *self,
                                               gint64         submission_id,
                                               const char    *status,
                                               GError       **error);
gboolean       intake_history_delete_code     (IntakeHistory *self,
                                               const char    *code_guid,
                                               GError       **error);

gboolean       intake_history_undo            (IntakeHistory *self,
                                               GError       **error);
gboolean       intake_history_redo            (IntakeHistory *self,
                                               GError       **error);

G_END_DECLS
