#pragma once

#include <sqlite3.h>

#include "intake-store.h"

G_BEGIN_DECLS

/* The store's own helpers, shared by its files (intake-store*.c). */

/* "FbIn": tells our project files from other SQLite databases. */
#define INTAKE_STORE_APPLICATION_ID 0x4662496e

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

sqlite3      *_intake_store_get_db           (IntakeStore   *self);
/* Sets up intake_rank(), the ranking of search results (intake-store-rank.c);
 * a search orders by it with INTAKE_STORE_RANK on its MATCH. */
gboolean      _intake_store_register_rank    (IntakeStore   *self,
                                              GError       **error);
#define INTAKE_STORE_RANK " AND rank MATCH 'intake_rank()'"
#define INTAKE_STORE_RANK_OF(alias) " AND " alias ".rank MATCH 'intake_rank()'"
/* The one way to prepare a statement; free it with g_autoptr(sqlite3_stmt). */
sqlite3_stmt *_intake_store_prepare          (IntakeStore   *self,
                                              const char    *sql,
                                              GError       **error);
/* Steps a statement that returns no row (or whose rows are not wanted). */
gboolean      _intake_store_step             (IntakeStore   *self,
                                              sqlite3_stmt  *stmt,
                                              GError       **error);
/* Sets @error from the connection's last error; @what says what was being
 * done ("read the project"), or NULL. Always returns FALSE. */
gboolean      _intake_store_fail             (IntakeStore   *self,
                                              const char    *what,
                                              GError       **error);

/* Every change goes between these two: begin takes the write lock at once
 * (BEGIN IMMEDIATE, or a savepoint inside a transaction already open), and
 * end commits when @ok, or rolls the change back, and returns whether the
 * change is saved. */
gboolean      _intake_store_write_begin      (IntakeStore   *self,
                                              GError       **error);
gboolean      _intake_store_write_end        (IntakeStore   *self,
                                              gboolean       ok,
                                              GError       **error);

void          _intake_store_bind_text        (sqlite3_stmt  *stmt,
                                              int            column,
                                              const char    *text);
char         *_intake_store_dup_column_text  (sqlite3_stmt  *stmt,
                                              int            column);
gint64        _intake_store_now              (void);

/* Each word of what a person typed as a quoted FTS5 term. */
char         *_intake_store_fts_query        (const char    *text);

/* intake-store-codebook.c */
/* -1 with @error set on failure; 0 (no error) when @name is NULL or empty,
 * or unknown and not @create. */
gint64        _intake_store_reviewer_id      (IntakeStore   *self,
                                              const char    *name,
                                              gboolean       create,
                                              GError       **error);
/* -1 with @error set when there is no such code; 0 for a NULL @guid. */
gint64        _intake_store_code_id          (IntakeStore   *self,
                                              const char    *guid,
                                              GError       **error);
char         *_intake_store_code_path        (IntakeStore   *self,
                                              gint64         id);
gboolean      _intake_store_make_code_name_unique (IntakeStore *self,
                                                   gint64       code_id,
                                                   GError     **error);
/* Version 2 fills the codebook of a project that has none. */
gboolean      _intake_store_seed_codebook    (IntakeStore   *self,
                                              GError       **error);

/* intake-store-audit.c */
gboolean      _intake_store_audit            (IntakeStore   *self,
                                              const char    *reviewer,
                                              gint64         submission_id,
                                              const char    *action,
                                              const char    *detail,
                                              GError       **error);

G_END_DECLS
