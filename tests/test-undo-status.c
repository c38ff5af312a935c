#define G_LOG_DOMAIN "test-undo-status"

#include "config.h"

#include <glib/gstdio.h>

#include "intake-project.h"
#include "project-test-support.h"

#define TRUST "Experiences/Trust in police"
#define OTHER "Experiences/Distrust of police"

typedef struct
{
  char          *dir;
  IntakeProject *project;
  gint64         id;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->project = open_project_with_one_submission ("intake-undo-status-XXXXXX", &fixture->dir, &fixture->id);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  close_project_with_one_submission (fixture->project, fixture->dir);
}

static IntakeStatus
status_of (Fixture *fixture)
{
  g_autoptr(GPtrArray) rows = intake_store_get_summaries (intake_project_get_store (fixture->project),
                                                          &fixture->id, 1, NULL);

  g_assert_nonnull (rows);
  g_assert_cmpuint (rows->len, ==, 1);
  return intake_submission_get_status (g_ptr_array_index (rows, 0));
}

static const char *
guid_of (Fixture    *fixture,
         const char *path)
{
  IntakeCode *code = intake_codebook_find (intake_project_get_codebook (fixture->project), path);

  g_assert_nonnull (code);
  return intake_code_get_guid (code);
}

static void
add_coding (Fixture    *fixture,
            const char *path)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (intake_project_add_coding (fixture->project, fixture->id, guid_of (fixture, path),
                                            -1, -1, NULL, &error));
  g_assert_no_error (error);
}

static void
undo (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (intake_project_undo (fixture->project, &error));
  g_assert_no_error (error);
}

static void
redo (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (intake_project_redo (fixture->project, &error));
  g_assert_no_error (error);
}

/* Undoing the only coding of a new submission makes it new again. */
static void
test_undo_first_coding (Fixture       *fixture,
                        gconstpointer  data)
{
  g_assert_cmpint (status_of (fixture), ==, INTAKE_STATUS_NEW);

  add_coding (fixture, TRUST);
  g_assert_cmpint (status_of (fixture), ==, INTAKE_STATUS_IN_PROGRESS);

  undo (fixture);
  g_assert_cmpint (status_of (fixture), ==, INTAKE_STATUS_NEW);

  redo (fixture);
  g_assert_cmpint (status_of (fixture), ==, INTAKE_STATUS_IN_PROGRESS);

  undo (fixture);
  g_assert_cmpint (status_of (fixture), ==, INTAKE_STATUS_NEW);
}

/* A second coding set no status: undoing it leaves the submission started. */
static void
test_undo_later_coding (Fixture       *fixture,
                        gconstpointer  data)
{
  add_coding (fixture, TRUST);
  add_coding (fixture, OTHER);

  undo (fixture);
  g_assert_cmpint (status_of (fixture), ==, INTAKE_STATUS_IN_PROGRESS);

  undo (fixture);
  g_assert_cmpint (status_of (fixture), ==, INTAKE_STATUS_NEW);
}

/* A status the reviewer chose after the coding is theirs: undoing the
 * coding (once the status change is undone or not) never overrides it. */
static void
test_undo_keeps_chosen_status (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  add_coding (fixture, TRUST);
  g_assert_true (intake_project_set_status (fixture->project, fixture->id, INTAKE_STATUS_EXCLUDED, &error));
  g_assert_no_error (error);

  /* Back to in progress, then the coding and the status it set. */
  undo (fixture);
  g_assert_cmpint (status_of (fixture), ==, INTAKE_STATUS_IN_PROGRESS);
  undo (fixture);
  g_assert_cmpint (status_of (fixture), ==, INTAKE_STATUS_NEW);
  g_assert_false (intake_project_get_can_undo (fixture->project));
}

/* Another program (or window) set the status in between: undo leaves it. */
static void
test_undo_keeps_outside_status (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  add_coding (fixture, TRUST);
  g_assert_true (intake_store_set_status (intake_project_get_store (fixture->project), fixture->id,
                                          INTAKE_STATUS_CODED, "Someone else", &error));
  g_assert_no_error (error);

  undo (fixture);
  g_assert_cmpint (status_of (fixture), ==, INTAKE_STATUS_CODED);
}

static void
progress_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  IntakeProgress *progress = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (intake_project_get_progress_finish (INTAKE_PROJECT (source), result, progress, &error));
  g_assert_no_error (error);
}

/* The counts the list's header shows, worked out off the main thread. */
static void
test_progress_counts (Fixture       *fixture,
                      gconstpointer  data)
{
  IntakeProgress progress = { G_MAXUINT, };
  g_autoptr(GError) error = NULL;

  add_coding (fixture, TRUST);
  intake_project_get_progress_async (fixture->project, NULL, progress_cb, &progress);
  while (progress.total == G_MAXUINT)
    g_main_context_iteration (NULL, TRUE);
  /* The worker lets go of its task (and the project) a moment later. */
  while (G_OBJECT (fixture->project)->ref_count > 1)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (progress.total, ==, 1);
  g_assert_cmpuint (progress.in_progress, ==, 1);
  g_assert_cmpuint (progress.coded, ==, 0);
  g_assert_cmpuint (progress.coded_by_reviewer, ==, 0);

  g_assert_true (intake_project_set_status (fixture->project, fixture->id, INTAKE_STATUS_CODED, &error));
  g_assert_true (intake_store_get_progress (intake_project_get_store (fixture->project), "Amina", &progress, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (progress.coded, ==, 1);
  g_assert_cmpuint (progress.coded_by_reviewer, ==, 1);

  /* Someone else's share is theirs. */
  g_assert_true (intake_store_get_progress (intake_project_get_store (fixture->project), "Noor", &progress, &error));
  g_assert_cmpuint (progress.coded, ==, 1);
  g_assert_cmpuint (progress.coded_by_reviewer, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/undo-status/first-coding", test_undo_first_coding);
  ADD ("/undo-status/later-coding", test_undo_later_coding);
  ADD ("/undo-status/keeps-chosen-status", test_undo_keeps_chosen_status);
  ADD ("/undo-status/keeps-outside-status", test_undo_keeps_outside_status);
  ADD ("/undo-status/progress-counts", test_progress_counts);
#undef ADD

  return g_test_run ();
}
