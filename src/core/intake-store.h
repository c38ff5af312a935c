#pragma once

#include <gio/gio.h>

#include "intake-message.h"
#include "intake-submission.h"

G_BEGIN_DECLS

#define INTAKE_STORE_ERROR (intake_store_error_quark ())

typedef enum
{
  INTAKE_STORE_ERROR_OPEN,
  INTAKE_STORE_ERROR_SCHEMA,
  INTAKE_STORE_ERROR_NOT_FOUND,
  INTAKE_STORE_ERROR_FAILED,
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

#define INTAKE_STORE_SCHEMA_VERSION 3

#define INTAKE_TYPE_STORE (intake_store_get_type ())
G_DECLARE_FINAL_TYPE (IntakeStore, intake_store, INTAKE, STORE, GObject)

GQuark            intake_store_error_quark        (void);

IntakeStore      *intake_store_open               (const char   *path,
                                                   GError      **error);
IntakeStore      *intake_store_new_in_memory      (GError      **error);
IntakeStore      *intake_store_open_another       (IntakeStore  *self,
                                                   GError      **error);
const char       *intake_store_get_path           (IntakeStore  *self);
int               intake_store_get_schema_version (IntakeStore  *self);
void              intake_store_emit_changed       (IntakeStore  *self);

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
gboolean          intake_store_get_stats          (IntakeStore  *self,
                                                   IntakeStats  *stats,
                                                   GError      **error);
GPtrArray        *intake_store_list_rejections    (IntakeStore  *self,
                                                   GError      **error);

/* Writing, used by the importer from its own connection */
gboolean          intake_store_begin              (IntakeStore  *self,
                                                   GError      **error);
gboolean          intake_store_commit             (IntakeStore  *self,
                                                   GError      **error);
void              intake_store_rollback           (IntakeStore  *self);
gint64            intake_store_add_source_file    (IntakeStore  *self,
                                                   const char   *path,
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

G_END_DECLS
