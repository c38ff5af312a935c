#pragma once

#include <gio/gio.h>

#include "intake-agreement.h"
#include "intake-codebook.h"
#include "intake-import-csv.h"
#include "intake-message.h"
#include "intake-submission.h"
#include "intake-text.h"

G_BEGIN_DECLS

#define INTAKE_STORE_ERROR (intake_store_error_quark ())

typedef enum
{
  INTAKE_STORE_ERROR_OPEN,
  INTAKE_STORE_ERROR_SCHEMA,
  INTAKE_STORE_ERROR_NOT_FOUND,
  INTAKE_STORE_ERROR_FAILED,
  INTAKE_STORE_ERROR_DAMAGED,   /* the file is corrupt */
  INTAKE_STORE_ERROR_AMBIGUOUS, /* a name two reviewers share */
} IntakeStoreError;

typedef enum
{
  INTAKE_STORE_INSERTED,
  INTAKE_STORE_DUPLICATE,
} IntakeStoreInsertResult;

typedef struct
{
  guint submissions;
  guint attachments;
  guint duplicates;   /* duplicates seen over every import */
  guint rejected;
  guint source_files;
} IntakeStats;

typedef struct
{
  char   *file;
  char   *position;
  char   *reason;
  gint64  logged_at;
} IntakeRejection;

void             intake_rejection_free (IntakeRejection *rejection);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IntakeRejection, intake_rejection_free)

#define INTAKE_STORE_SCHEMA_VERSION 9

#define INTAKE_TYPE_STORE (intake_store_get_type ())
G_DECLARE_FINAL_TYPE (IntakeStore, intake_store, INTAKE, STORE, GObject)

GQuark            intake_store_error_quark        (void);

IntakeStore      *intake_store_open               (const char   *path,
                                                   GError      **error);
IntakeStore      *intake_store_open_checking_later (const char  *path,
                                                    GError     **error);
void              intake_store_wait_checked_async (IntakeStore         *self,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean          intake_store_wait_checked_finish (IntakeStore  *self,
                                                    GAsyncResult *result,
                                                    GError      **error);
IntakeStore      *intake_store_open_readonly      (const char   *path,
                                                   GError      **error);
IntakeStore      *intake_store_new_in_memory      (GError      **error);
IntakeStore      *intake_store_open_another       (IntakeStore  *self,
                                                   GError      **error);
const char       *intake_store_get_path           (IntakeStore  *self);
int               intake_store_get_schema_version (IntakeStore  *self);

/* Reading */
GArray           *intake_store_list_ids           (IntakeStore  *self,
                                                   GError      **error);
GPtrArray        *intake_store_get_summaries      (IntakeStore  *self,
                                                   const gint64 *ids,
                                                   guint         n_ids,
                                                   GError      **error);
IntakeSubmission *intake_store_get_submission     (IntakeStore  *self,
                                                   gint64        id,
                                                   GError      **error);
GArray           *intake_store_search             (IntakeStore  *self,
                                                   const char   *query,
                                                   GError      **error);
/* A submission's REFI-QDA source GUID: the one it came with from a .qdpx,
 * else one derived from its Message-ID or content hash, so that every
 * export of the project names it alike. */
char             *intake_store_get_submission_guid (IntakeStore *self,
                                                   gint64        id,
                                                   GError      **error);
/* The submission that came with @guid from a .qdpx; 0 when none did. */
gint64            intake_store_find_submission_by_guid (IntakeStore *self,
                                                   const char   *guid,
                                                   GError      **error);
gboolean          intake_store_get_stats          (IntakeStore  *self,
                                                   IntakeStats  *stats,
                                                   GError      **error);
GPtrArray        *intake_store_list_rejections    (IntakeStore  *self,
                                                   GError      **error);

/* Writing in one transaction: the importer on its own connection, the
 * undo history on the project's (inner writes become savepoints) */
gboolean          intake_store_set_importing      (IntakeStore  *self,
                                                   gboolean      importing,
                                                   GError      **error);
gboolean          intake_store_begin              (IntakeStore  *self,
                                                   GError      **error);
gboolean          intake_store_commit             (IntakeStore  *self,
                                                   GError      **error);
void              intake_store_rollback           (IntakeStore  *self);
gint64            intake_store_add_source_file    (IntakeStore  *self,
                                                   const char   *path,
                                                   IntakeSourceKind kind,
                                                   gint64        size,
                                                   const char   *sha256,
                                                   GError      **error);
gboolean          intake_store_update_source_file (IntakeStore  *self,
                                                   gint64        source_id,
                                                   gint64        size,
                                                   const char   *sha256,
                                                   GError      **error);
gboolean          intake_store_insert_message     (IntakeStore               *self,
                                                   const IntakeParsedMessage *message,
                                                   gint64                     source_id,
                                                   const char                *position,
                                                   IntakeStoreInsertResult   *result,
                                                   GError                   **error);
gboolean          intake_store_log_rejection      (IntakeStore  *self,
                                                   gint64        source_id,
                                                   const char   *file,
                                                   const char   *position,
                                                   const char   *reason,
                                                   GError      **error);
gboolean          intake_store_add_duplicates     (IntakeStore  *self,
                                                   guint         n_duplicates,
                                                   GError      **error);

/* The roles of a survey export's columns, by its header (intake-store-csv.c) */
gboolean          intake_store_set_csv_roles      (IntakeStore         *self,
                                                   const char * const  *header,
                                                   GArray              *roles,
                                                   GError             **error);
GArray           *intake_store_get_csv_roles      (IntakeStore         *self,
                                                   const char * const  *header,
                                                   GError             **error);

/* ---- Coding: codes and reviewers (intake-store-codebook.c); codings,
 * attributes, memos and status (intake-store-codings.c); the audit trail
 * and filters (intake-store-audit.c). ---- */

/* Whole-submission codings have start and end of -1. Offsets count Unicode
 * code points into the submission's text, end exclusive. */
typedef struct
{
  char   *guid;
  gint64  submission_id;
  char   *code_guid;
  char   *code_path;    /* "Equity lens/Surveillance" */
  char   *color;
  char   *reviewer;
  char   *reviewer_guid;  /* who, whatever their name: two may share one */
  int     start;
  int     end;
  char   *excerpt;      /* NULL for whole-submission codings */
  gint64  created_at;
} IntakeCoding;

void          intake_coding_free              (IntakeCoding *coding);
/* Whether @reviewer (a GUID, or a name) made @coding. */
gboolean      intake_coding_is_by             (const IntakeCoding *coding,
                                               const char         *reviewer);
IntakeCoding *intake_coding_copy              (const IntakeCoding *coding);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IntakeCoding, intake_coding_free)

typedef struct
{
  gint64  id;
  gint64  at;
  char   *reviewer;
  gint64  submission_id;  /* 0 when the change is not about one submission */
  char   *action;         /* "code", "uncode", "attribute", "memo", "status", "codebook" */
  char   *detail;         /* for a person: "Equity lens/Surveillance [12–40]" */
  /* Read with the entry, so that a list of changes can name what they were
   * about without a query per row. NULL when the submission is gone. */
  char   *sender;         /* its sender's name, else address */
  char   *subject;
  /* For "code" and "uncode": the code's path as it was then (the code may
   * have been renamed or deleted since), else NULL; the excerpt's offsets
   * (-1 for a whole-submission coding) and its text, from the submission. */
  char   *code_path;
  int     start;
  int     end;
  char   *excerpt;
} IntakeAuditEntry;

void intake_audit_entry_free (IntakeAuditEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IntakeAuditEntry, intake_audit_entry_free)

typedef struct
{
  gboolean      has_status;       /* only submissions with @status */
  IntakeStatus  status;
  const char   *code_guid;        /* has a coding with this code or one of its descendants */
  const char   *reviewer;         /* has a coding by this reviewer */
  const char   *attribute_name;   /* with attribute_value: has this attribute value */
  const char   *attribute_value;
  gboolean      has_attachments;
  const char   *search;           /* full-text words */
} IntakeFilter;

/* Case attributes offered by default; free values are allowed too. */
#define INTAKE_ATTRIBUTE_RESPONDENT_GROUP "Respondent group"
#define INTAKE_ATTRIBUTE_SCHOOL_BOARD     "School board"
#define INTAKE_ATTRIBUTE_LANGUAGE         "Language"
#define INTAKE_ATTRIBUTE_IDENTITY         "Self-identified identity"

const char * const *intake_attribute_names           (void);
const char * const *intake_attribute_default_values  (const char *name);
char               *intake_attribute_match_name      (const char *name);
char               *intake_attribute_match_value     (const char *name,
                                                      const char *value);

/* Reviewers: a name new to the project is added with a GUID. */
gboolean      intake_store_ensure_reviewer      (IntakeStore   *self,
                                                 const char    *name,
                                                 GError       **error);
/* By name; a name two reviewers share as "Sam (GUID)" for each, which
 * every function taking a reviewer reads as that GUID. */
GStrv         intake_store_list_reviewers       (IntakeStore   *self,
                                                 GError       **error);
/* GUID → name of every reviewer: two may share a name */
GHashTable   *intake_store_get_reviewers_by_guid (IntakeStore  *self,
                                                  GError      **error);
/* A reviewer who comes with a GUID (a REFI-QDA user); nothing changes when
 * the GUID is taken already. */
gboolean      intake_store_add_reviewer_with_guid (IntakeStore *self,
                                                 const char    *name,
                                                 const char    *guid,
                                                 GError       **error);
/* The GUID of the reviewer @reviewer names (by GUID, or by a name only one
 * reviewer has); NULL with %INTAKE_STORE_ERROR_NOT_FOUND or
 * %INTAKE_STORE_ERROR_AMBIGUOUS. */
char         *intake_store_find_reviewer_guid   (IntakeStore   *self,
                                                 const char    *reviewer,
                                                 GError       **error);

/* The project's codebook, as it is now. */
IntakeCodebook *intake_store_load_codebook      (IntakeStore   *self,
                                                 GError       **error);

/* Every way of naming or placing a code keeps the codebook's rules: a name
 * is trimmed, is not empty, holds no "/", and differs from its siblings'
 * names as intake_text_fold() compares them. A change that would break
 * them fails and changes nothing. */

/* Adds the codes of @codebook that the project lacks and updates the names,
 * descriptions, colours and parents of those it has (matched by GUID); a
 * file that breaks a rule is refused whole. */
gboolean      intake_store_import_codebook      (IntakeStore    *self,
                                                 IntakeCodebook *codebook,
                                                 const char     *reviewer,
                                                 GError        **error);
char         *intake_store_add_code             (IntakeStore   *self,
                                                 const char    *parent_guid,
                                                 const char    *name,
                                                 const char    *color,
                                                 gboolean       is_codable,
                                                 const char    *reviewer,
                                                 GError       **error);
/* NULL leaves a field as it is. */
gboolean      intake_store_update_code          (IntakeStore   *self,
                                                 const char    *guid,
                                                 const char    *name,
                                                 const char    *description,
                                                 const char    *color,
                                                 const char    *reviewer,
                                                 GError       **error);
/* @position among the new parent's children; -1 for last. */
gboolean      intake_store_move_code            (IntakeStore   *self,
                                                 const char    *guid,
                                                 const char    *parent_guid,
                                                 int            position,
                                                 const char    *reviewer,
                                                 GError       **error);
/* Codings of the code and its descendants. */
guint         intake_store_count_code_codings   (IntakeStore   *self,
                                                 const char    *guid,
                                                 GError       **error);
/* Returns a snapshot of what was deleted (the code, its descendants and
 * their codings) for intake_store_restore_codes(), or NULL on error. */
GVariant     *intake_store_delete_code          (IntakeStore   *self,
                                                 const char    *guid,
                                                 const char    *reviewer,
                                                 GError       **error);
gboolean      intake_store_restore_codes        (IntakeStore   *self,
                                                 GVariant      *snapshot,
                                                 const char    *reviewer,
                                                 GError       **error);

/* Codings. @guid may be NULL (a new one is made) or a coding's GUID to bring
 * back (redo). A code of a single-choice group (Stance on the programme)
 * replaces the reviewer's other whole-submission coding in that group; the
 * codings it replaced are added to @replaced when it is not NULL. */
IntakeCoding *intake_store_add_coding           (IntakeStore   *self,
                                                 gint64         submission_id,
                                                 const char    *code_guid,
                                                 const char    *reviewer,
                                                 int            start,
                                                 int            end,
                                                 const char    *guid,
                                                 GPtrArray     *replaced,
                                                 GError       **error);
/* When a coding brought from elsewhere (a .qdpx) was made, in Unix time. */
gboolean      intake_store_set_coding_created_at (IntakeStore  *self,
                                                 const char    *coding_guid,
                                                 gint64         created_at,
                                                 GError       **error);
IntakeCoding *intake_store_get_coding           (IntakeStore   *self,
                                                 const char    *coding_guid,
                                                 GError       **error);
gboolean      intake_store_remove_coding        (IntakeStore   *self,
                                                 const char    *coding_guid,
                                                 const char    *reviewer,
                                                 GError       **error);
/* Ordered by start (whole-submission codings first). */
GPtrArray    *intake_store_list_codings         (IntakeStore   *self,
                                                 gint64         submission_id,
                                                 GError       **error);
/* The same, shared with the other views of the submission: read only. */
GPtrArray    *intake_store_get_codings          (IntakeStore   *self,
                                                 gint64         submission_id,
                                                 GError       **error);
/* code GUID → number of submissions coded with it (GUINT_TO_POINTER). */
GHashTable   *intake_store_count_codings        (IntakeStore   *self,
                                                 GError       **error);

/* Attributes, memo, status */
gboolean      intake_store_set_attribute        (IntakeStore   *self,
                                                 gint64         submission_id,
                                                 const char    *name,
                                                 const char    *value,
                                                 const char    *reviewer,
                                                 GError       **error);
GHashTable   *intake_store_get_attributes       (IntakeStore   *self,
                                                 gint64         submission_id,
                                                 GError       **error);
GStrv         intake_store_list_attribute_values (IntakeStore  *self,
                                                 const char    *name,
                                                 GError       **error);
gboolean      intake_store_set_memo             (IntakeStore   *self,
                                                 gint64         submission_id,
                                                 const char    *text,
                                                 const char    *reviewer,
                                                 GError       **error);
typedef struct
{
  char   *reviewer;       /* NULL for a memo written without a reviewer */
  char   *reviewer_guid;
  char   *text;
  gint64  updated_at;
} IntakeMemo;

void          intake_memo_free                  (IntakeMemo    *memo);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IntakeMemo, intake_memo_free)

/* Every reviewer's memo on the submission, oldest first. */
GPtrArray    *intake_store_list_memos           (IntakeStore   *self,
                                                 gint64         submission_id,
                                                 GError       **error);
/* @reviewer's own memo (by name or GUID), or the newest of anyone's for NULL. */
char         *intake_store_get_memo             (IntakeStore   *self,
                                                 gint64         submission_id,
                                                 const char    *reviewer,
                                                 GError       **error);
gboolean      intake_store_set_status           (IntakeStore   *self,
                                                 gint64         submission_id,
                                                 IntakeStatus   status,
                                                 const char    *reviewer,
                                                 GError       **error);
/* The first submission after @after_id (in list order) whose status is new
 * or in progress, wrapping around; 0 when every one is coded or excluded. */
gint64        intake_store_next_uncoded         (IntakeStore   *self,
                                                 gint64         after_id,
                                                 GError       **error);

typedef struct
{
  guint total;
  guint in_progress;
  guint coded;
  guint excluded;
  guint coded_by_reviewer;  /* coded, with codings of the reviewer's */
} IntakeProgress;

/* How far the coding has come, in one query; @reviewer may be NULL. */
gboolean      intake_store_get_progress         (IntakeStore    *self,
                                                 const char     *reviewer,
                                                 IntakeProgress *progress,
                                                 GError        **error);

/* Finding work; ids in list order (by date), or by rank with a search. */
GArray       *intake_store_filter_ids           (IntakeStore        *self,
                                                 const IntakeFilter *filter,
                                                 GError            **error);

/* Reading on a worker thread: a read-only connection of its own, whose
 * queries a GCancellable interrupts. */
IntakeStore  *intake_store_open_reader          (IntakeStore   *self,
                                                 GError       **error);
void          intake_store_set_cancellable      (IntakeStore   *self,
                                                 GCancellable  *cancellable);
/* The ids intake_store_filter_ids() gives; the first @page_size go to
 * @page_func as soon as they are read, before the rest. */
typedef void (*IntakeStoreIdsFunc) (const gint64 *ids,
                                    guint         n_ids,
                                    gpointer      user_data);
GArray       *intake_store_filter_ids_paged     (IntakeStore        *self,
                                                 const IntakeFilter *filter,
                                                 guint               page_size,
                                                 IntakeStoreIdsFunc  page_func,
                                                 gpointer            user_data,
                                                 GError            **error);

/* Inter-coder agreement (intake-store-agreement.c): @reviewers by name or
 * GUID, NULL for every reviewer who has coded; at least two. */
IntakeAgreementReport *
              intake_store_compute_agreement    (IntakeStore         *self,
                                                 const char * const  *reviewers,
                                                 GCancellable        *cancellable,
                                                 GError             **error);

/* ---- Disagreements and their adjudication (intake-store-agreement.c
 * lists them; intake-store-adjudication.c records the decisions) ---- */

/* A stretch of a submission's text, in code points, end exclusive; -1, -1
 * for the whole submission. */
typedef struct
{
  int start;
  int end;
} IntakeSpan;

typedef struct
{
  char   *reviewer_guid;
  char   *reviewer;      /* the name */
  GArray *spans;         /* IntakeSpan, their codings of the code, by start; empty when they did not apply it */
} IntakeDisagreementSide;

/* A submission and a code the compared reviewers coded differently: some
 * applied it and others did not, or their excerpts differ. */
typedef struct
{
  gint64     submission_id;
  char      *subject;
  char      *code_guid;
  char      *code_path;
  GPtrArray *sides;      /* IntakeDisagreementSide, one per compared reviewer */
} IntakeDisagreement;

void intake_disagreement_free (IntakeDisagreement *disagreement);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IntakeDisagreement, intake_disagreement_free)

/* Among the submissions every compared reviewer has a coding on, as
 * agreement counts units; @reviewers by name or GUID, NULL for every
 * reviewer who has coded, at least two. A (submission, code) already
 * adjudicated is settled and left out. In list order, then codebook
 * order. Reads only; safe on a reader of its own. */
GPtrArray    *intake_store_list_disagreements   (IntakeStore         *self,
                                                 const char * const  *reviewers,
                                                 GCancellable        *cancellable,
                                                 GError             **error);

typedef enum
{
  INTAKE_ADJUDICATION_REVIEWER,  /* one reviewer's coding is accepted */
  INTAKE_ADJUDICATION_ALL,       /* the union of the compared reviewers' codings */
  INTAKE_ADJUDICATION_NONE,      /* the code does not apply */
} IntakeAdjudicationDecision;

/* "reviewer", "all", "none" */
const char   *intake_adjudication_decision_to_string (IntakeAdjudicationDecision decision);

typedef struct
{
  gint64                      submission_id;
  char                       *code_guid;
  char                       *code_path;
  IntakeAdjudicationDecision  decision;
  char                       *chosen_reviewer;  /* the accepted reviewer's name; NULL unless REVIEWER */
  char                       *reason;           /* "" without one */
  char                       *coordinator;      /* who decided; NULL when nobody was named */
  gint64                      at;
  GArray                     *spans;            /* IntakeSpan: the adjudicated coding, empty for NONE */
} IntakeAdjudication;

void                intake_adjudication_free (IntakeAdjudication       *adjudication);
IntakeAdjudication *intake_adjudication_copy (const IntakeAdjudication *adjudication);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IntakeAdjudication, intake_adjudication_free)

/* Settles a disagreement as @coordinator decides, replacing an earlier
 * decision on it, with a line in the audit trail. @chosen_reviewer (name
 * or GUID) is the one accepted for REVIEWER; @reviewers are those whose
 * codings ALL unites, NULL for every reviewer. The decision it replaced,
 * if any, goes to *@previous (nullable) for undo. */
IntakeAdjudication *
              intake_store_adjudicate           (IntakeStore                 *self,
                                                 gint64                       submission_id,
                                                 const char                  *code_guid,
                                                 IntakeAdjudicationDecision   decision,
                                                 const char                  *chosen_reviewer,
                                                 const char * const          *reviewers,
                                                 const char                  *reason,
                                                 const char                  *coordinator,
                                                 IntakeAdjudication         **previous,
                                                 GError                     **error);
/* NULL, without @error set, when the (submission, code) is not adjudicated. */
IntakeAdjudication *
              intake_store_get_adjudication     (IntakeStore                 *self,
                                                 gint64                       submission_id,
                                                 const char                  *code_guid,
                                                 GError                     **error);
/* Puts back @adjudication as it was (undo and redo), or with NULL takes
 * the decision on (@submission_id, @code_guid) away; audited as
 * @coordinator's. */
gboolean      intake_store_restore_adjudication (IntakeStore                 *self,
                                                 gint64                       submission_id,
                                                 const char                  *code_guid,
                                                 const IntakeAdjudication    *adjudication,
                                                 const char                  *coordinator,
                                                 GError                     **error);
/* Every decision, by submission then code; for reports. */
GPtrArray    *intake_store_list_adjudications   (IntakeStore                 *self,
                                                 GError                     **error);

/* ---- A copy for one reviewer (intake-store-copy.c) ---- */

typedef struct
{
  guint    sample;  /* this many submissions, not excluded, at random; 0 for all */
  guint32  seed;    /* the same seed picks the same sample */
  gboolean blind;   /* without codings, memos and the audit of them */
} IntakeCopyOptions;

typedef struct
{
  guint    submissions;  /* what the copy holds */
  guint    codings;
  guint    memos;
  guint32  seed;
} IntakeCopySummary;

/* Called on the thread that writes, with the share done (0 … 1). */
typedef void (*IntakeStoreProgressFunc) (double   fraction,
                                         gpointer user_data);

gboolean      intake_store_write_copy           (IntakeStore              *self,
                                                 const char               *path,
                                                 const IntakeCopyOptions  *options,
                                                 IntakeStoreProgressFunc   progress,
                                                 gpointer                  progress_data,
                                                 IntakeCopySummary        *summary,
                                                 GCancellable             *cancellable,
                                                 GError                  **error);

/* ---- Merging reviewers' projects (intake-store-merge.c) ---- */

/* Something both projects hold with a different value: ours is kept. */
typedef struct
{
  char   *file;           /* the other project, as a person reads its name */
  gint64  submission_id;  /* ours */
  char   *kind;           /* "attribute", "status" or "memo" */
  char   *name;           /* the attribute, or the memo's reviewer; NULL for a status */
  char   *ours;
  char   *theirs;
} IntakeMergeConflict;

typedef struct
{
  guint      submissions;  /* added: this project did not have them */
  guint      codes;
  guint      reviewers;
  guint      codings;
  guint      memos;
  guint      attributes;
  guint      statuses;     /* ours was new, theirs was not */
  guint      audit;
  GPtrArray *conflicts;    /* of IntakeMergeConflict */
  GArray    *changed;      /* gint64: ours that gained codings, memos, attributes or a status */
} IntakeMergeSummary;

void          intake_merge_conflict_free        (IntakeMergeConflict *conflict);
/* For a person: "attribute “School board”", "status", "memo of Ana". */
char         *intake_merge_conflict_describe    (const IntakeMergeConflict *conflict);
void          intake_merge_summary_free         (IntakeMergeSummary  *summary);
/* For a person: "3 submissions", "12 codings"…, each kind the merge added. */
GStrv         intake_merge_summary_list_added   (const IntakeMergeSummary  *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IntakeMergeSummary, intake_merge_summary_free)

IntakeMergeSummary *
              intake_store_merge                (IntakeStore              *self,
                                                 const char * const       *paths,
                                                 const char               *reviewer,
                                                 IntakeStoreProgressFunc   progress,
                                                 gpointer                  progress_data,
                                                 GCancellable             *cancellable,
                                                 GError                  **error);

/* The audit trail, newest first; @reviewer NULL for everyone. */
GPtrArray    *intake_store_list_audit           (IntakeStore   *self,
                                                 const char    *reviewer,
                                                 guint          limit,
                                                 GError       **error);

G_END_DECLS
