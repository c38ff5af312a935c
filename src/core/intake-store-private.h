#pragma once

#include <sqlite3.h>

#include "intake-store.h"

G_BEGIN_DECLS

/* For the other core modules that keep their tables in the project. */
sqlite3  *_intake_store_get_db     (IntakeStore  *self);
gboolean  _intake_store_exec       (IntakeStore  *self,
                                    const char   *sql,
                                    GError      **error);
gboolean  _intake_store_fail       (IntakeStore  *self,
                                    GError      **error);

/* Version 2 fills the codebook of a project that has none (intake-coding.c). */
gboolean  _intake_store_seed_codebook (IntakeStore  *self,
                                       GError      **error);

/* Each word of what a person typed as a quoted FTS5 term. */
char     *_intake_store_fts_query  (const char   *text);

G_END_DECLS
