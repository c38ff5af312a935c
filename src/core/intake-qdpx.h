#pragma once

#include <gio/gio.h>

#include "intake-store.h"

G_BEGIN_DECLS

/* A REFI-QDA project (.qdpx): a ZIP of project.qde, the project in
 * QDA-XML 1.0, and sources/, each submission's text as a UTF-8 file named
 * by its GUID. Excerpt positions count the code points of that text. */

#define INTAKE_QDPX_ERROR (intake_qdpx_error_quark ())

typedef enum
{
  INTAKE_QDPX_ERROR_INVALID,    /* not a .qdpx, or not one this program can read */
  INTAKE_QDPX_ERROR_UNSAFE,     /* a path out of the archive, a DTD, an entry too large */
  INTAKE_QDPX_ERROR_NOT_EMPTY,  /* importing into a project that has submissions */
  INTAKE_QDPX_ERROR_FAILED,
} IntakeQdpxError;

/* The REFI-QDA project namespace (QDA-XML 1.0). */
#define INTAKE_QDPX_NS "urn:QDA-XML:project:1.0"

/* The largest .qdpx read, its project.qde and each source's text. */
#define INTAKE_QDPX_MAX_SIZE        (1024 * 1024 * 1024)
#define INTAKE_QDPX_MAX_XML_SIZE    (256 * 1024 * 1024)
#define INTAKE_QDPX_MAX_SOURCE_SIZE (64 * 1024 * 1024)
#define INTAKE_QDPX_MAX_ENTRIES     200000

typedef struct
{
  guint      sources;    /* text sources written or imported */
  guint      codings;
  guint      notes;      /* memos */
  guint      users;
  guint      variables;
  GPtrArray *skipped;    /* char *, one a line for a person: what an import left out and why */
} IntakeQdpxSummary;

GQuark              intake_qdpx_error_quark   (void);
IntakeQdpxSummary  *intake_qdpx_summary_new   (void);
void                intake_qdpx_summary_free  (IntakeQdpxSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IntakeQdpxSummary, intake_qdpx_summary_free)

/* What a project holds that a .qdpx export cannot carry, one translated
 * sentence each, as the standard asks exporters to tell. */
const char * const *intake_qdpx_not_carried  (void);

/* Called from the thread that works, with the share done (0 … 1). */
typedef void (*IntakeQdpxProgressFunc) (double   fraction,
                                        gpointer user_data);

/* Writes every submission of @store to @path by the rules of
 * intake_file_write(): whole or not at all, never one of @protected_paths.
 * @project_name names the project in the file. */
IntakeQdpxSummary *intake_qdpx_export        (IntakeStore             *store,
                                              const char              *project_name,
                                              const char              *path,
                                              const char * const      *protected_paths,
                                              IntakeQdpxProgressFunc   progress,
                                              gpointer                 progress_data,
                                              GCancellable            *cancellable,
                                              GError                 **error);

/* The export on a worker thread, over a read-only connection of its own;
 * @progress is called on the caller's thread-default main context. */
void               intake_qdpx_export_async  (const char              *project_path,
                                              const char              *path,
                                              IntakeQdpxProgressFunc   progress,
                                              gpointer                 progress_data,
                                              GDestroyNotify           progress_destroy,
                                              GCancellable            *cancellable,
                                              GAsyncReadyCallback      callback,
                                              gpointer                 user_data);
IntakeQdpxSummary *intake_qdpx_export_finish (GAsyncResult            *result,
                                              GError                 **error);

/* Fills @store, which must hold no submission, from the .qdpx at
 * @qdpx_path in one transaction: users, codebook (in place of the default
 * one), text sources with their codings, case attributes and memos.
 * Codings whose coder is not named go to @fallback_reviewer. Nothing of
 * the archive is ever written to disk or fetched. */
IntakeQdpxSummary *intake_qdpx_import        (IntakeStore             *store,
                                              const char              *qdpx_path,
                                              const char              *fallback_reviewer,
                                              IntakeQdpxProgressFunc   progress,
                                              gpointer                 progress_data,
                                              GCancellable            *cancellable,
                                              GError                 **error);

/* A new project at @project_path made from @qdpx_path on a worker thread:
 * written beside it and renamed over it, so a failed or cancelled import
 * leaves what was there. */
void               intake_qdpx_import_async  (const char              *qdpx_path,
                                              const char              *project_path,
                                              const char              *fallback_reviewer,
                                              IntakeQdpxProgressFunc   progress,
                                              gpointer                 progress_data,
                                              GDestroyNotify           progress_destroy,
                                              GCancellable            *cancellable,
                                              GAsyncReadyCallback      callback,
                                              gpointer                 user_data);
IntakeQdpxSummary *intake_qdpx_import_finish (GAsyncResult            *result,
                                              GError                 **error);

G_END_DECLS
