/* Helpers shared by the core tests of the undo history: a project of its
 * own with one imported submission, reviewed by Amina. */
#pragma once

#include <glib/gstdio.h>

#include "intake-project.h"

/* What the migration for merging (the last one) changed, taken back, for
 * the tests of the migrations: reviewers' names unique again, one memo per
 * submission, no index of the audit by time. Run with foreign keys off, as
 * sqlite3_open() leaves them. */
#define UNDO_MERGE_MIGRATION \
  " DROP INDEX audit_at;" \
  " CREATE TABLE reviewers_old (id INTEGER PRIMARY KEY, guid TEXT NOT NULL UNIQUE," \
  "   name TEXT NOT NULL UNIQUE COLLATE NOCASE, added_at INTEGER NOT NULL);" \
  " INSERT INTO reviewers_old SELECT id, guid, name, added_at FROM reviewers;" \
  " DROP TABLE reviewers;" \
  " ALTER TABLE reviewers_old RENAME TO reviewers;" \
  " CREATE TABLE memos_old (submission_id INTEGER PRIMARY KEY REFERENCES submissions (id) ON DELETE CASCADE," \
  "   text TEXT NOT NULL, reviewer_id INTEGER REFERENCES reviewers (id), updated_at INTEGER NOT NULL);" \
  " INSERT INTO memos_old SELECT submission_id, text, reviewer_id, updated_at FROM memos;" \
  " DROP TABLE memos;" \
  " ALTER TABLE memos_old RENAME TO memos;"

/* One submission; "officer" is at code points 4 to 11 of its text. */
G_GNUC_UNUSED static const char one_submission_mailbox[] =
  "From a@example.org Mon Apr 19 14:00:00 2021\n"
  "From: Amara Okafor <amara@example.org>\nSubject: SRO feedback\nMessage-ID: <one@example.org>\n"
  "Date: Mon, 19 Apr 2021 14:00:00 +0000\n\n"
  "The officer at our school knows every student by name.\n\n";

/* Opens "p.intake" in a new directory made from @tmpl, returned in @dir,
 * imports one_submission_mailbox into it and returns the project; @id gets
 * the submission's id. */
G_GNUC_UNUSED static IntakeProject *
open_project_with_one_submission (const char  *tmpl,
                                  char       **dir,
                                  gint64      *id)
{
  g_autofree char *mbox = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(IntakeImporter) importer = NULL;
  g_autoptr(IntakeImportSummary) summary = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  IntakeProject *project;

  *dir = g_dir_make_tmp (tmpl, &error);
  g_assert_no_error (error);
  path = g_build_filename (*dir, "p.intake", NULL);
  mbox = g_build_filename (*dir, "inbox.mbox", NULL);
  g_assert_true (g_file_set_contents (mbox, one_submission_mailbox, -1, NULL));

  project = intake_project_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (intake_project_set_reviewer (project, "Amina", &error));

  file = g_file_new_for_path (mbox);
  importer = intake_importer_new (intake_project_get_store (project));
  summary = intake_importer_import_sync (importer, &file, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->imported, ==, 1);

  ids = intake_store_list_ids (intake_project_get_store (project), NULL);
  *id = g_array_index (ids, gint64, 0);
  return project;
}

/* Checks @project is freed, then removes what open_project_with_one_submission() made. */
G_GNUC_UNUSED static void
close_project_with_one_submission (IntakeProject *project,
                                   char          *dir)
{
  const char *names[] = { "p.intake", "p.intake-wal", "p.intake-shm", "p.intake-journal", "inbox.mbox" };

  g_assert_finalize_object (project);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_remove (path);
    }
  g_rmdir (dir);
  g_free (dir);
}
