#define G_LOG_DOMAIN "test-recode"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "intake-project.h"
#include "project-test-support.h"

#define TRUST     "Experiences/Trust in police"
#define DISTRUST  "Experiences/Distrust of police"
#define KEEP      "Stance on the programme/Keep as is"
#define REMOVE    "Stance on the programme/Remove or replace"
#define QUOTABLE  "Flags/Quotable"
#define REASON    "the project refuses the change"

/* "officer" in the one submission's text, in code points. */
#define START 4
#define END   11

typedef struct
{
  char          *dir;
  IntakeProject *project;
  gint64         id;
  guint          n_changed;
} Fixture;

static void
submission_changed_cb (IntakeProject *project,
                       gint64         id,
                       Fixture       *fixture)
{
  g_assert_cmpint (id, ==, fixture->id);
  fixture->n_changed++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->project = open_project_with_one_submission ("intake-recode-XXXXXX", &fixture->dir, &fixture->id);

  g_signal_connect (fixture->project, "submission-changed", G_CALLBACK (submission_changed_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  close_project_with_one_submission (fixture->project, fixture->dir);
}

static const char *
guid_of (Fixture    *fixture,
         const char *path)
{
  IntakeCode *code = intake_codebook_find (intake_project_get_codebook (fixture->project), path);

  g_assert_nonnull (code);
  return intake_code_get_guid (code);
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

static IntakeCoding *
add_coding (Fixture    *fixture,
            const char *path,
            int         start,
            int         end)
{
  IntakeCoding *coding = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (intake_project_add_coding (fixture->project, fixture->id, guid_of (fixture, path),
                                            start, end, &coding, &error));
  g_assert_no_error (error);
  return coding;
}

static IntakeCoding *
recode (Fixture            *fixture,
        const IntakeCoding *coding,
        const char         *path)
{
  IntakeCoding *recoded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (intake_project_recode_coding (fixture->project, coding->guid, guid_of (fixture, path),
                                               &recoded, &error));
  g_assert_no_error (error);
  g_assert_nonnull (recoded);
  return recoded;
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

/* "Experiences/Trust in police@4-11 by Amina|…": the submission's codings
 * in the store's order, to compare in one assertion. */
static char *
describe_codings (Fixture *fixture)
{
  g_autoptr(GPtrArray) codings = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  codings = intake_store_list_codings (intake_project_get_store (fixture->project), fixture->id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < codings->len; i++)
    {
      IntakeCoding *coding = g_ptr_array_index (codings, i);

      g_string_append_printf (text, "%s%s@%d-%d by %s", i > 0 ? "|" : "", coding->code_path,
                              coding->start, coding->end, coding->reviewer);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

#define assert_codings(fixture, expected) \
  G_STMT_START { g_autofree char *_codings = describe_codings (fixture); g_assert_cmpstr (_codings, ==, expected); } G_STMT_END

static void
assert_coding_is (Fixture            *fixture,
                  const IntakeCoding *expected)
{
  g_autoptr(IntakeCoding) coding = NULL;
  g_autoptr(GError) error = NULL;

  coding = intake_store_get_coding (intake_project_get_store (fixture->project), expected->guid, &error);
  g_assert_no_error (error);
  g_assert_nonnull (coding);
  g_assert_cmpstr (coding->code_guid, ==, expected->code_guid);
  g_assert_cmpstr (coding->reviewer, ==, expected->reviewer);
  g_assert_cmpint (coding->start, ==, expected->start);
  g_assert_cmpint (coding->end, ==, expected->end);
}

static void
assert_gone (Fixture            *fixture,
             const IntakeCoding *coding)
{
  g_autoptr(IntakeCoding) found = NULL;
  g_autoptr(GError) error = NULL;

  found = intake_store_get_coding (intake_project_get_store (fixture->project), coding->guid, &error);
  g_assert_null (found);
  g_assert_nonnull (error);
}

/* Makes every new coding fail, as a store that refuses writes would: from a
 * second connection, as another program could. */
static void
refuse_codings (Fixture *fixture)
{
  static const char sql[] =
    "CREATE TRIGGER test_refuse_coding BEFORE INSERT ON codings"
    "  BEGIN SELECT RAISE (ABORT, '" REASON "'); END;";
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (intake_project_get_path (fixture->project), &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("Could not add the trigger: %s", message);
  sqlite3_close (db);
}

/* One step: one undo brings the old code back and takes the new one away,
 * one redo does the reverse, and the step before it is still there. */
static void
test_undo_redo (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(IntakeCoding) trust = add_coding (fixture, TRUST, START, END);
  g_autoptr(IntakeCoding) distrust = NULL;

  g_assert_cmpstr (intake_project_get_undo_label (fixture->project), ==, "Coding “Trust in police”");
  fixture->n_changed = 0;

  distrust = recode (fixture, trust, DISTRUST);
  g_assert_cmpuint (fixture->n_changed, ==, 1);
  g_assert_cmpstr (distrust->code_guid, ==, guid_of (fixture, DISTRUST));
  g_assert_cmpstr (distrust->guid, !=, trust->guid);
  assert_codings (fixture, DISTRUST "@4-11 by Amina");
  g_assert_cmpstr (intake_project_get_undo_label (fixture->project), ==, "Coding “Distrust of police”");

  undo (fixture);
  g_assert_cmpuint (fixture->n_changed, ==, 2);
  assert_codings (fixture, TRUST "@4-11 by Amina");
  assert_coding_is (fixture, trust);
  assert_gone (fixture, distrust);
  g_assert_true (intake_project_get_can_redo (fixture->project));
  /* The history grew by one step: the one before is the first coding. */
  g_assert_cmpstr (intake_project_get_undo_label (fixture->project), ==, "Coding “Trust in police”");

  redo (fixture);
  g_assert_cmpuint (fixture->n_changed, ==, 3);
  assert_codings (fixture, DISTRUST "@4-11 by Amina");
  assert_coding_is (fixture, distrust);
  assert_gone (fixture, trust);
  g_assert_false (intake_project_get_can_redo (fixture->project));

  undo (fixture);
  undo (fixture);
  assert_codings (fixture, "");
  g_assert_false (intake_project_get_can_undo (fixture->project));
}

/* The new code was on the span already: the old coding just goes, still
 * in one step, and undo leaves the one that was there. */
static void
test_already_coded (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(IntakeCoding) trust = add_coding (fixture, TRUST, START, END);
  g_autoptr(IntakeCoding) distrust = add_coding (fixture, DISTRUST, START, END);
  g_autoptr(IntakeCoding) recoded = NULL;

  fixture->n_changed = 0;
  recoded = recode (fixture, trust, DISTRUST);
  g_assert_cmpuint (fixture->n_changed, ==, 1);
  g_assert_cmpstr (recoded->guid, ==, distrust->guid);
  assert_codings (fixture, DISTRUST "@4-11 by Amina");

  undo (fixture);
  assert_coding_is (fixture, trust);
  assert_coding_is (fixture, distrust);
  g_assert_cmpstr (intake_project_get_undo_label (fixture->project), ==, "Coding “Distrust of police”");

  redo (fixture);
  assert_codings (fixture, DISTRUST "@4-11 by Amina");
  assert_coding_is (fixture, distrust);

  /* Back to where the two codings were made. */
  undo (fixture);
  undo (fixture);
  undo (fixture);
  assert_codings (fixture, "");
  g_assert_false (intake_project_get_can_undo (fixture->project));
}

/* Recoding to the code it has changes nothing and records nothing. */
static void
test_same_code (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(IntakeCoding) trust = add_coding (fixture, TRUST, START, END);
  g_autoptr(IntakeCoding) recoded = NULL;

  fixture->n_changed = 0;
  recoded = recode (fixture, trust, TRUST);
  g_assert_cmpstr (recoded->guid, ==, trust->guid);
  g_assert_cmpuint (fixture->n_changed, ==, 0);

  undo (fixture);
  assert_codings (fixture, "");
  g_assert_false (intake_project_get_can_undo (fixture->project));
}

/* Undo gives back exactly the coding there was, someone else's included. */
static void
test_other_reviewer (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(IntakeCoding) theirs = NULL;
  g_autoptr(IntakeCoding) ours = NULL;
  g_autoptr(GError) error = NULL;

  theirs = intake_store_add_coding (intake_project_get_store (fixture->project), fixture->id,
                                    guid_of (fixture, TRUST), "Noor", START, END, NULL, NULL, &error);
  g_assert_no_error (error);

  ours = recode (fixture, theirs, DISTRUST);
  assert_codings (fixture, DISTRUST "@4-11 by Amina");

  undo (fixture);
  assert_codings (fixture, TRUST "@4-11 by Noor");
  assert_coding_is (fixture, theirs);
  g_assert_false (intake_project_get_can_undo (fixture->project));
}

/* A refused change leaves the old coding, records nothing, emits nothing. */
static void
test_failure (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(IntakeCoding) trust = add_coding (fixture, TRUST, START, END);
  g_autoptr(IntakeCoding) recoded = NULL;
  g_autoptr(GError) error = NULL;

  refuse_codings (fixture);
  fixture->n_changed = 0;

  g_assert_false (intake_project_recode_coding (fixture->project, trust->guid, guid_of (fixture, DISTRUST),
                                                &recoded, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, REASON));
  g_assert_null (recoded);
  g_assert_cmpuint (fixture->n_changed, ==, 0);

  assert_codings (fixture, TRUST "@4-11 by Amina");
  assert_coding_is (fixture, trust);
  g_assert_cmpstr (intake_project_get_undo_label (fixture->project), ==, "Coding “Trust in police”");
  g_assert_false (intake_project_get_can_redo (fixture->project));

  /* The audit trail says nothing of a change that did not happen. */
  g_clear_error (&error);
  {
    g_autoptr(GPtrArray) entries = intake_store_list_audit (intake_project_get_store (fixture->project),
                                                            NULL, 0, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < entries->len; i++)
      g_assert_cmpstr (((IntakeAuditEntry *) g_ptr_array_index (entries, i))->action, !=, "uncode");
  }
}

/* An undo the project refuses takes back nothing, not half of the step. */
static void
test_undo_failure (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(IntakeCoding) trust = add_coding (fixture, TRUST, START, END);
  g_autoptr(IntakeCoding) distrust = recode (fixture, trust, DISTRUST);
  g_autoptr(GError) error = NULL;

  refuse_codings (fixture);
  fixture->n_changed = 0;

  g_assert_false (intake_project_undo (fixture->project, &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (fixture->n_changed, ==, 0);
  assert_codings (fixture, DISTRUST "@4-11 by Amina");
  assert_coding_is (fixture, distrust);
}

/* The first coding of a new submission puts it in progress; undoing a
 * recode that did so makes it new again, and redoing it does not. */
static void
test_status (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(IntakeCoding) trust = add_coding (fixture, TRUST, START, END);
  g_autoptr(IntakeCoding) distrust = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (status_of (fixture), ==, INTAKE_STATUS_IN_PROGRESS);

  /* Started already: the recode leaves the status, and so does its undo. */
  distrust = recode (fixture, trust, DISTRUST);
  g_assert_cmpint (status_of (fixture), ==, INTAKE_STATUS_IN_PROGRESS);
  undo (fixture);
  g_assert_cmpint (status_of (fixture), ==, INTAKE_STATUS_IN_PROGRESS);
  redo (fixture);
  g_clear_pointer (&distrust, intake_coding_free);

  /* Set back to new by hand: the recode starts it, its undo takes that back. */
  g_assert_true (intake_project_set_status (fixture->project, fixture->id, INTAKE_STATUS_NEW, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) codings = intake_store_list_codings (intake_project_get_store (fixture->project),
                                                              fixture->id, NULL);
    distrust = intake_coding_copy (g_ptr_array_index (codings, 0));
  }
  g_clear_pointer (&trust, intake_coding_free);
  trust = recode (fixture, distrust, TRUST);
  g_assert_cmpint (status_of (fixture), ==, INTAKE_STATUS_IN_PROGRESS);

  undo (fixture);
  g_assert_cmpint (status_of (fixture), ==, INTAKE_STATUS_NEW);
  assert_coding_is (fixture, distrust);

  redo (fixture);
  g_assert_cmpint (status_of (fixture), ==, INTAKE_STATUS_IN_PROGRESS);
  assert_coding_is (fixture, trust);

  /* A status set since, here by someone else, is theirs: undo leaves it. */
  g_assert_true (intake_store_set_status (intake_project_get_store (fixture->project), fixture->id,
                                          INTAKE_STATUS_CODED, "Noor", &error));
  g_assert_no_error (error);
  undo (fixture);
  g_assert_cmpint (status_of (fixture), ==, INTAKE_STATUS_CODED);
  assert_coding_is (fixture, distrust);
}

/* A whole-submission coding recoded into the stance group replaces the
 * reviewer's stance; undo brings both back. */
static void
test_replaces_stance (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(IntakeCoding) keep = add_coding (fixture, KEEP, -1, -1);
  g_autoptr(IntakeCoding) quotable = add_coding (fixture, QUOTABLE, -1, -1);
  g_autoptr(IntakeCoding) remove = NULL;

  remove = recode (fixture, quotable, REMOVE);
  assert_codings (fixture, REMOVE "@-1--1 by Amina");

  undo (fixture);
  assert_coding_is (fixture, keep);
  assert_coding_is (fixture, quotable);
  assert_gone (fixture, remove);

  redo (fixture);
  assert_codings (fixture, REMOVE "@-1--1 by Amina");
  assert_gone (fixture, keep);
  assert_gone (fixture, quotable);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/recode/undo-redo", test_undo_redo);
  ADD ("/recode/already-coded", test_already_coded);
  ADD ("/recode/same-code", test_same_code);
  ADD ("/recode/other-reviewer", test_other_reviewer);
  ADD ("/recode/failure", test_failure);
  ADD ("/recode/undo-failure", test_undo_failure);
  ADD ("/recode/status", test_status);
  ADD ("/recode/replaces-stance", test_replaces_stance);
#undef ADD

  return g_test_run ();
}
