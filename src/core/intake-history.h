#pragma once

#include <gio/gio.h>

#include "intake-store.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_HISTORY (intake_history_get_type ())
G_DECLARE_FINAL_TYPE (IntakeHistory, intake_history, INTAKE, HISTORY, GObject)

/* Undo and redo of the session's coding and codebook actions: every call
 * below does the change on the store and records how to take it back; a
 * call that fails records nothing and emits nothing. Properties "can-undo",
 * "can-redo" and "undo-label" notify when they change; "changed" (gint64
 * submission_id, 0 for the codebook) is emitted after each do, undo or redo.
 * An undo or redo that fails drops its step. */
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
IntakeCoding  *intake_history_recode_coding   (IntakeHistory *self,
                                               const char    *coding_guid,
                                               const char    *code_guid,
                                               GError       **error);
gboolean       intake_history_set_attribute   (IntakeHistory *self,
                                               gint64         submission_id,
                                               const char    *name,
                                               const char    *value,
                                               GError       **error);
gboolean       intake_history_set_status      (IntakeHistory *self,
                                               gint64         submission_id,
                                               IntakeStatus   status,
                                               GError       **error);
gboolean       intake_history_delete_code     (IntakeHistory *self,
                                               const char    *code_guid,
                                               GError       **error);
char          *intake_history_add_code        (IntakeHistory *self,
                                               const char    *parent_guid,
                                               const char    *name,
                                               const char    *color,
                                               gboolean       is_codable,
                                               GError       **error);
/* NULL leaves a field as it is. */
gboolean       intake_history_update_code     (IntakeHistory *self,
                                               const char    *code_guid,
                                               const char    *name,
                                               const char    *description,
                                               const char    *color,
                                               GError       **error);
/* @parent_guid NULL for the top level; @position among the parent's other
 * children, -1 for last. */
gboolean       intake_history_move_code       (IntakeHistory *self,
                                               const char    *code_guid,
                                               const char    *parent_guid,
                                               int            position,
                                               GError       **error);
IntakeAdjudication *
               intake_history_adjudicate      (IntakeHistory               *self,
                                               gint64                       submission_id,
                                               const char                  *code_guid,
                                               IntakeAdjudicationDecision   decision,
                                               const char                  *chosen_reviewer,
                                               const char * const          *reviewers,
                                               const char                  *reason,
                                               GError                     **error);
void           intake_history_clear           (IntakeHistory *self);

gboolean       intake_history_undo            (IntakeHistory *self,
                                               GError       **error);
gboolean       intake_history_redo            (IntakeHistory *self,
                                               GError       **error);

G_END_DECLS
