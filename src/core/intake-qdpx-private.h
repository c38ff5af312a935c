/* What the .qdpx writer (intake-qdpx-export.c), its reader
 * (intake-qdpx-import.c) and their worker threads (intake-qdpx.c) share. */
#pragma once

#include <gsf/gsf.h>

#include "intake-qdpx.h"

G_BEGIN_DECLS

/* libgsf 1.14 declares no cleanup functions of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInput, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInfile, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfOutput, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfOutfile, g_object_unref)

#define PROJECT_ENTRY  "project.qde"
#define SOURCES_FOLDER "sources"
#define INTERNAL_PATH  "internal://"

static inline void
_intake_qdpx_report_progress (IntakeQdpxProgressFunc progress,
                              gpointer               data,
                              double                 fraction)
{
  if (progress != NULL)
    progress (fraction, data);
}

G_END_DECLS
