#define G_LOG_DOMAIN "test-store-concurrency"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "intake-store.h"

/* Two programs on one project: the command line importing while the app
 * codes, or two imports started at once into a project that does not exist
 * yet. The imports are real processes ($FEEDBACK_INTAKE). */

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("intake-concurrency-XXXXXX", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static gboolean
have_tools (void)
{
  if (g_getenv ("FEEDBACK_INTAKE") == NULL || g_getenv ("INTAKE_SHARED_DIR") == NULL)
    {
      g_test_skip ("FEEDBACK_INTAKE and INTAKE_SHARED_DIR are not set");
      return FALSE;
    }
  return TRUE;
}

/* Writes @count generated messages to DIR/NAME, @copies times over with the
 * Message-IDs of each copy made new, so that every copy is imported. */
static char *
make_mailbox (Fixture    *fixture,
              const char *name,
              guint       count,
              guint       seed,
              guint       copies)
{
  g_autofree char *generator = g_build_filename (g_getenv ("INTAKE_SHARED_DIR"), "corpus", "make-mailbox.py", NULL);
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autofree char *count_text = g_strdup_printf ("%u", count);
  g_autofree char *seed_text = g_strdup_printf ("%u", seed);
  const char *argv[] = { "python3", generator, "--count", count_text, "--seed", seed_text,
                         "--out", path, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GString) all = NULL;
  int wait_status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));

  if (copies <= 1)
    return g_steal_pointer (&path);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  all = g_string_new (NULL);
  for (guint i = 0; i < copies; i++)
    {
      g_autoptr(GString) copy = g_string_new (contents);
      g_autofree char *prefix = g_strdup_printf ("\nMessage-ID: <copy%u.", i);

      g_string_replace (copy, "\nMessage-ID: <", prefix, 0);
      g_string_append (all, copy->str);
    }
  g_assert_true (g_file_set_contents (path, all->str, all->len, NULL));

  return g_steal_pointer (&path);
}

static GSubprocess *
spawn_import (const char *project,
              const char *mailbox)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              g_getenv ("FEEDBACK_INTAKE"), "import", "-p", project, mailbox, "--json", NULL);
  g_assert_no_error (error);

  return process;
}

/* Waits for the import and checks that it succeeded; its summary. */
static char *
finish_import (GSubprocess *process)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("The import failed: %s", err);

  return out;
}

static guint
count_submissions (const char *project)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeStore) store = intake_store_open (project, &error);
  IntakeStats stats;

  g_assert_no_error (error);
  g_assert_true (intake_store_get_stats (store, &stats, &error));
  g_assert_no_error (error);

  return stats.submissions;
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

static void
test_coding_during_import (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *project = g_build_filename (fixture->dir, "p.intake", NULL);
  g_autofree char *small = NULL;
  g_autofree char *big = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(GSubprocess) import = NULL;
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(IntakeCodebook) codebook = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) failures = g_string_new (NULL);
  const char *trust;
  guint before, n_writes = 0, n_failed = 0;
  gboolean done = FALSE;

  if (!have_tools ())
    return;

  small = make_mailbox (fixture, "small.mbox", 20, 1, 1);
  big = make_mailbox (fixture, "big.mbox", 500, 2, 5);

  g_free (finish_import (spawn_import (project, small)));
  before = count_submissions (project);

  store = intake_store_open (project, &error);
  g_assert_no_error (error);
  codebook = intake_store_load_codebook (store, &error);
  g_assert_no_error (error);
  trust = intake_code_get_guid (intake_codebook_find (codebook, "Trust in police"));
  ids = intake_store_list_ids (store, &error);
  g_assert_no_error (error);

  /* Once the import has committed its first batch (so it is writing, and
   * will take the lock again for the next one), code, uncode and write
   * memos for as long as it runs. */
  import = spawn_import (project, big);
  g_subprocess_wait_async (import, NULL, import_done_cb, &done);
  while (!done)
    {
      IntakeStats stats;

      g_assert_true (intake_store_get_stats (store, &stats, NULL));
      if (stats.submissions > before)
        break;
      g_usleep (2 * G_TIME_SPAN_MILLISECOND);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_assert_false (done);

  while (!done)
    {
      gint64 id = g_array_index (ids, gint64, n_writes % ids->len);
      g_autoptr(IntakeCoding) coding = NULL;
      g_autoptr(GError) write_error = NULL;
      gboolean ok;

      if (n_writes % 3 == 2)
        ok = intake_store_set_memo (store, id, "Written during an import", "Reviewer A", &write_error);
      else if ((coding = intake_store_add_coding (store, id, trust, "Reviewer A", -1, -1, NULL, NULL, &write_error)) != NULL)
        ok = n_writes % 3 == 0 || intake_store_remove_coding (store, coding->guid, "Reviewer A", &write_error);
      else
        ok = FALSE;

      n_writes++;
      if (!ok)
        {
          if (n_failed++ < 3)
            g_string_append_printf (failures, "\n  %s", write_error->message);
        }

      /* A quick reviewer, not a loop that would starve the import. */
      g_usleep (2 * G_TIME_SPAN_MILLISECOND);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }

  summary = finish_import (import);
  g_test_message ("%u writes during the import, %u failed", n_writes, n_failed);

  g_assert_cmpstr (failures->str, ==, "");
  g_assert_cmpuint (n_failed, ==, 0);
  /* Each write waited for the import's lock, rather than failing. */
  g_assert_cmpuint (n_writes, >=, 1);
  /* And the import lost nothing to the reviewer either. */
  g_assert_nonnull (strstr (summary, "\"rejected\" : 0"));
  g_assert_cmpuint (count_submissions (project), >, before + 2000);
}

static char *
query_text (const char *path,
            const char *sql)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

static void
test_two_imports_into_new_project (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *reference = g_build_filename (fixture->dir, "reference.intake", NULL);
  guint expected;

  if (!have_tools ())
    return;

  a = make_mailbox (fixture, "a.mbox", 300, 11, 1);
  b = make_mailbox (fixture, "b.mbox", 300, 12, 1);

  /* What the two mailboxes give imported one after the other. */
  g_free (finish_import (spawn_import (reference, a)));
  g_free (finish_import (spawn_import (reference, b)));
  expected = count_submissions (reference);
  g_assert_cmpuint (expected, >, 500);

  /* A race: repeat it a few times to give it its chance. */
  for (guint round = 0; round < 4; round++)
    {
      g_autofree char *name = g_strdup_printf ("new-%u.intake", round);
      g_autofree char *project = g_build_filename (fixture->dir, name, NULL);
      g_autoptr(GSubprocess) first = spawn_import (project, a);
      g_autoptr(GSubprocess) second = spawn_import (project, b);
      g_autofree char *first_summary = finish_import (first);
      g_autofree char *second_summary = finish_import (second);
      g_autofree char *version = NULL;
      g_autofree char *n_codes = NULL;
      g_autofree char *check = NULL;
      g_autoptr(IntakeStore) store = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_cmpuint (count_submissions (project), ==, expected);

      version = query_text (project, "PRAGMA user_version");
      g_assert_cmpint (atoi (version), ==, INTAKE_STORE_SCHEMA_VERSION);
      /* The default codebook went in once. */
      n_codes = query_text (project, "SELECT count(*) FROM codes");
      g_assert_cmpstr (n_codes, ==, "42");
      check = query_text (project, "PRAGMA integrity_check");
      g_assert_cmpstr (check, ==, "ok");

      store = intake_store_open (project, &error);
      g_assert_no_error (error);
      g_assert_cmpint (intake_store_get_schema_version (store), ==, INTAKE_STORE_SCHEMA_VERSION);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/store/concurrency/coding-during-import", test_coding_during_import);
  ADD ("/store/concurrency/two-imports-new-project", test_two_imports_into_new_project);
#undef ADD

  return g_test_run ();
}
