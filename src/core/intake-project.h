#pragma once

#include <gio/gio.h>

#include "intake-codebook.h"
#include "intake-store.h"
#include "intake-history.h"
#include "intake-importer.h"
#include "intake-store.h"

G_BEGIN_DECLS

#define INTAKE_PROJECT_ERROR (intake_project_error_quark ())

typedef enum
{
  INTAKE_PROJECT_ERROR_NOT_A_FLAG,
} IntakeProjectError;

/* The Flags group of the default codebook, by GUID (its name is data a
 * coordinator may change). */
#define INTAKE_FLAGS_GROUP_GUID "db0b36ea-e186-40fd-a936-4618c8ee12d3"
/* Its "Safeguarding concern (disclosure of harm)", which nobody may miss. */
#define INTAKE_SAFEGUARDING_FLAG_GUID "a275c6af-6d1a-4d5e-bb0e-4f6c6d59411a"

#define INTAKE_TYPE_PROJECT (intake_project_get_type ())
G_DECLARE_FINAL_TYPE (IntakeProject, intake_project, INTAKE, PROJECT, GObject)

/* One open project: the store, the reviewer, the undo history and the
 * codebook. Every change goes through it; a change that fails returns FALSE
 * with @error set, records nothing and emits nothing, and a change that
 * changes nothing records and emits nothing too.
 *
 * Signals, emitted on the main context after the store has the change:
 *   codebook-changed ()               a code was added, renamed, described,
 *                                     recoloured, moved, reordered or deleted
 *                                     (or undone or redone); codings of a
 *                                     deleted code go and come back with it.
 *                                     The code models are up to date by then.
 *   submission-changed (gint64 id)    a submission's codings, attributes,
 *                                     status, memo or flags changed (or were
 *                                     undone or redone).
 *   submissions-added ()              an import or merge added submissions.
 *
 * Memos are saved as the reviewer types and are not undo steps: the text
 * view's own undo takes back typing, as in a text editor. */

GQuark          intake_project_error_quark          (void);

IntakeProject  *intake_project_open                 (const char           *path,
                                                     GError              **error);
/* Opens (and brings up to date) the project in a worker thread. */
void            intake_project_open_async           (const char           *path,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
IntakeProject  *intake_project_open_finish          (GAsyncResult         *result,
                                                     GError              **error);
void            intake_project_wait_checked_async   (IntakeProject        *self,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean        intake_project_wait_checked_finish  (IntakeProject        *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
IntakeProject  *intake_project_new_for_store        (IntakeStore          *store);

IntakeStore    *intake_project_get_store            (IntakeProject        *self);
IntakeHistory  *intake_project_get_history          (IntakeProject        *self);
const char     *intake_project_get_path             (IntakeProject        *self);

/* The name as it was given; the GUID is who it is (two may share a name). */
const char     *intake_project_get_reviewer         (IntakeProject        *self);
const char     *intake_project_get_reviewer_guid    (IntakeProject        *self);
/* Adds a name new to the project; NULL or "" for no reviewer. A new
 * reviewer starts with an empty undo history. */
gboolean        intake_project_set_reviewer         (IntakeProject        *self,
                                                     const char           *name,
                                                     GError              **error);

/* The codebook */
IntakeCodebook *intake_project_get_codebook         (IntakeProject        *self);
GListModel     *intake_project_get_codes            (IntakeProject        *self);
GListModel     *intake_project_get_children         (IntakeProject        *self,
                                                     IntakeCode           *code);
GListModel     *intake_project_get_flags            (IntakeProject        *self);
void            intake_project_reload_codebook      (IntakeProject        *self);

gboolean        intake_project_add_code             (IntakeProject        *self,
                                                     const char           *parent_guid,
                                                     const char           *name,
                                                     const char           *color,
                                                     gboolean              is_codable,
                                                     char                **out_guid,
                                                     GError              **error);
gboolean        intake_project_rename_code          (IntakeProject        *self,
                                                     const char           *code_guid,
                                                     const char           *name,
                                                     GError              **error);
gboolean        intake_project_describe_code        (IntakeProject        *self,
                                                     const char           *code_guid,
                                                     const char           *description,
                                                     GError              **error);
gboolean        intake_project_recolor_code         (IntakeProject        *self,
                                                     const char           *code_guid,
                                                     const char           *color,
                                                     GError              **error);
/* Several fields in one undo step; NULL leaves a field as it is. */
gboolean        intake_project_update_code          (IntakeProject        *self,
                                                     const char           *code_guid,
                                                     const char           *name,
                                                     const char           *description,
                                                     const char           *color,
                                                     GError              **error);
gboolean        intake_project_move_code            (IntakeProject        *self,
                                                     const char           *code_guid,
                                                     const char           *parent_guid,
                                                     int                   position,
                                                     GError              **error);
gboolean        intake_project_reorder_code         (IntakeProject        *self,
                                                     const char           *code_guid,
                                                     int                   position,
                                                     GError              **error);
gboolean        intake_project_delete_code          (IntakeProject        *self,
                                                     const char           *code_guid,
                                                     GError              **error);
/* Not an undo step: like an import of mail, it brings in outside work. */
gboolean        intake_project_import_codebook      (IntakeProject        *self,
                                                     IntakeCodebook       *codebook,
                                                     GError              **error);

/* Coding a submission */
gboolean        intake_project_add_coding           (IntakeProject        *self,
                                                     gint64                submission_id,
                                                     const char           *code_guid,
                                                     int                   start,
                                                     int                   end,
                                                     IntakeCoding        **out_coding,
                                                     GError              **error);
gboolean        intake_project_remove_coding        (IntakeProject        *self,
                                                     const char           *coding_guid,
                                                     GError              **error);
/* Another code for a coding, on the same span, in one undo step. */
gboolean        intake_project_recode_coding        (IntakeProject        *self,
                                                     const char           *coding_guid,
                                                     const char           *code_guid,
                                                     IntakeCoding        **out_coding,
                                                     GError              **error);
gboolean        intake_project_set_attribute        (IntakeProject        *self,
                                                     gint64                submission_id,
                                                     const char           *name,
                                                     const char           *value,
                                                     GError              **error);
gboolean        intake_project_set_status           (IntakeProject        *self,
                                                     gint64                submission_id,
                                                     IntakeStatus          status,
                                                     GError              **error);
gboolean        intake_project_set_memo             (IntakeProject        *self,
                                                     gint64                submission_id,
                                                     const char           *text,
                                                     GError              **error);
/* Flags are the codes of the Flags group, applied to the whole submission
 * by the reviewer. */
gboolean        intake_project_get_flag             (IntakeProject        *self,
                                                     gint64                submission_id,
                                                     const char           *flag_guid);
gboolean        intake_project_set_flag             (IntakeProject        *self,
                                                     gint64                submission_id,
                                                     const char           *flag_guid,
                                                     gboolean              raised,
                                                     GError              **error);
gboolean        intake_project_toggle_flag          (IntakeProject        *self,
                                                     gint64                submission_id,
                                                     const char           *flag_guid,
                                                     GError              **error);

/* Undo */
gboolean        intake_project_get_can_undo         (IntakeProject        *self);
gboolean        intake_project_get_can_redo         (IntakeProject        *self);
const char     *intake_project_get_undo_label       (IntakeProject        *self);
gboolean        intake_project_undo                 (IntakeProject        *self,
                                                     GError              **error);
gboolean        intake_project_redo                 (IntakeProject        *self,
                                                     GError              **error);
/* Whether the step undo (redo) would take is a codebook edit. */
gboolean        intake_project_get_can_undo_codebook (IntakeProject       *self);
gboolean        intake_project_get_can_redo_codebook (IntakeProject       *self);

/* How far the coding has come, the reviewer's share included, counted on
 * a worker thread with its own connection. */
void            intake_project_get_progress_async   (IntakeProject        *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean        intake_project_get_progress_finish  (IntakeProject        *self,
                                                     GAsyncResult         *result,
                                                     IntakeProgress       *progress,
                                                     GError              **error);

/* Inter-coder agreement (intake_store_compute_agreement()) on a worker
 * thread with its own connection; @reviewers by name or GUID, NULL for
 * every reviewer who has coded. */
void            intake_project_compute_agreement_async  (IntakeProject        *self,
                                                         const char * const   *reviewers,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
IntakeAgreementReport *
                intake_project_compute_agreement_finish (IntakeProject        *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

/* The disagreements not yet settled (intake_store_list_disagreements()),
 * listed on a worker thread with its own connection; a GPtrArray of
 * IntakeDisagreement. */
void            intake_project_list_disagreements_async  (IntakeProject        *self,
                                                          const char * const   *reviewers,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
GPtrArray      *intake_project_list_disagreements_finish (IntakeProject        *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
/* Settles a disagreement as the reviewer, now the coordinator, decides:
 * @chosen_reviewer's coding for REVIEWER, the union of @reviewers' (NULL:
 * everyone's) for ALL, none for NONE; an undo step. */
gboolean        intake_project_adjudicate           (IntakeProject               *self,
                                                     gint64                       submission_id,
                                                     const char                  *code_guid,
                                                     IntakeAdjudicationDecision   decision,
                                                     const char                  *chosen_reviewer,
                                                     const char * const          *reviewers,
                                                     const char                  *reason,
                                                     IntakeAdjudication         **out_adjudication,
                                                     GError                     **error);

/* Importing: @importer (nullable) lets the caller follow its progress
 * properties; one is made when it is NULL. "submissions-added" is emitted
 * once at the end, before @callback runs. */
void            intake_project_import_async         (IntakeProject        *self,
                                                     GFile * const        *files,
                                                     guint                 n_files,
                                                     IntakeImporter       *importer,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
IntakeImportSummary *
                intake_project_import_finish        (IntakeProject        *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
/* The roles chosen for the columns of a survey export, remembered by its
 * header (its column names, in order). */
gboolean        intake_project_remember_csv_roles   (IntakeProject        *self,
                                                     const char * const   *header,
                                                     GArray               *roles,
                                                     GError              **error);
GArray         *intake_project_recall_csv_roles     (IntakeProject        *self,
                                                     const char * const   *header,
                                                     GError              **error);
/* A copy of the project for one reviewer, written on a worker thread with
 * its own connection (intake_store_write_copy()). @progress is called on
 * the caller's thread-default main context, and @progress_destroy once for
 * @progress_data there, before @callback. */
void            intake_project_write_copy_async     (IntakeProject           *self,
                                                     const char              *path,
                                                     const IntakeCopyOptions *options,
                                                     IntakeStoreProgressFunc  progress,
                                                     gpointer                 progress_data,
                                                     GDestroyNotify           progress_destroy,
                                                     GCancellable            *cancellable,
                                                     GAsyncReadyCallback      callback,
                                                     gpointer                 user_data);
gboolean        intake_project_write_copy_finish    (IntakeProject           *self,
                                                     GAsyncResult            *result,
                                                     IntakeCopySummary       *summary,
                                                     GError                 **error);

/* Merges reviewers' projects into this one (intake_store_merge()) on a
 * worker thread with its own connection, as the project's reviewer.
 * @progress is called on the caller's thread-default main context, and
 * @progress_destroy once for @progress_data there, before @callback.
 * Not an undo step: like an import, it brings in outside work. Before
 * @callback, the project reloads its codebook ("codebook-changed"), emits
 * "submissions-added" when it added submissions and "submission-changed"
 * for each of ours that gained work, or, when more than a few hundred did,
 * "submissions-added" instead, for the views to read everything again. */
void            intake_project_merge_async          (IntakeProject           *self,
                                                     const char * const      *paths,
                                                     IntakeStoreProgressFunc  progress,
                                                     gpointer                 progress_data,
                                                     GDestroyNotify           progress_destroy,
                                                     GCancellable            *cancellable,
                                                     GAsyncReadyCallback      callback,
                                                     gpointer                 user_data);
IntakeMergeSummary *
                intake_project_merge_finish         (IntakeProject           *self,
                                                     GAsyncResult            *result,
                                                     GError                 **error);

/* For work that added submissions another way, such as a merge. */
void            intake_project_notify_submissions_added (IntakeProject    *self);

G_END_DECLS
