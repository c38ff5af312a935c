#pragma once

#include <gio/gio.h>

#include "intake-store.h"

G_BEGIN_DECLS

#define INTAKE_IMPORT_ERROR (intake_import_error_quark ())

typedef enum
{
  INTAKE_IMPORT_ERROR_NOT_FOUND,
  INTAKE_IMPORT_ERROR_NOT_A_MAILBOX,
  INTAKE_IMPORT_ERROR_READ,
} IntakeImportError;

typedef struct
{
  char *file;
  char *position;
  char *reason;
} IntakeImportIssue;

typedef struct
{
  guint      files;
  guint      seen;
  guint      imported;
  guint      duplicates;
  guint      rejected;
  GPtrArray *errors;   /* IntakeImportIssue: the rejected messages */
  GPtrArray *skipped;  /* IntakeImportIssue: files in folders that hold no mail */
  gboolean   cancelled;
} IntakeImportSummary;

GQuark               intake_import_error_quark       (void);
IntakeImportSummary *intake_import_summary_new       (void);
void                 intake_import_summary_free      (IntakeImportSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IntakeImportSummary, intake_import_summary_free)

#define INTAKE_TYPE_IMPORTER (intake_importer_get_type ())
G_DECLARE_FINAL_TYPE (IntakeImporter, intake_importer, INTAKE, IMPORTER, GObject)

IntakeImporter      *intake_importer_new             (IntakeStore          *store);
IntakeStore         *intake_importer_get_store       (IntakeImporter       *self);
double               intake_importer_get_fraction    (IntakeImporter       *self);
guint                intake_importer_get_messages    (IntakeImporter       *self);
guint64              intake_importer_get_bytes       (IntakeImporter       *self);
guint64              intake_importer_get_total_bytes (IntakeImporter       *self);
gboolean             intake_importer_get_busy        (IntakeImporter       *self);

/* Runs in the calling thread, on the importer's store connection. */
IntakeImportSummary *intake_importer_import_sync     (IntakeImporter       *self,
                                                      GFile * const        *files,
                                                      guint                 n_files,
                                                      GCancellable         *cancellable,
                                                      GError              **error);
void                 intake_importer_import_async    (IntakeImporter       *self,
                                                      GFile * const        *files,
                                                      guint                 n_files,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
IntakeImportSummary *intake_importer_import_finish   (IntakeImporter       *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

gboolean             intake_importer_is_csv          (GFile                *file);
void                 intake_importer_set_csv_columns (IntakeImporter       *self,
                                                      const char * const   *text_columns,
                                                      const char * const   *attribute_columns,
                                                      const char           *id_column);

G_END_DECLS
