#define G_LOG_DOMAIN "test-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "intake-file.h"
#include "intake-store.h"

/* A reading call that blocks fails the test after this long instead of hanging it. */
#define TIMEOUT_SECONDS 5

static const char new_contents[] = "<?xml version=\"1.0\"?>\n<CodeBook/>\n";

typedef struct
{
  char        *dir;
  char        *project;
  char        *wal;
  IntakeStore *store;
  GBytes      *project_bytes;
  GBytes      *wal_bytes;
  GBytes      *contents;
} Fixture;

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize length;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, length);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

/* An open project, as the app and the command line hold it while exporting. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("intake-file-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->project = g_build_filename (fixture->dir, "consultation.intake", NULL);
  fixture->wal = g_strconcat (fixture->project, "-wal", NULL);
  fixture->store = intake_store_open (fixture->project, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (fixture->wal, G_FILE_TEST_IS_REGULAR));
  fixture->project_bytes = read_bytes (fixture->project);
  fixture->wal_bytes = read_bytes (fixture->wal);
  fixture->contents = g_bytes_new_static (new_contents, strlen (new_contents));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  remove_tree (fixture->dir);
  g_clear_pointer (&fixture->project_bytes, g_bytes_unref);
  g_clear_pointer (&fixture->wal_bytes, g_bytes_unref);
  g_clear_pointer (&fixture->contents, g_bytes_unref);
  g_free (fixture->dir);
  g_free (fixture->project);
  g_free (fixture->wal);
}

static void
assert_project_intact (Fixture *fixture)
{
  g_autoptr(GBytes) project = read_bytes (fixture->project);
  g_autoptr(GBytes) wal = read_bytes (fixture->wal);
  g_autoptr(GError) error = NULL;
  IntakeStats stats;

  g_assert_false (g_file_test (fixture->project, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_bytes_equal (project, fixture->project_bytes));
  g_assert_true (g_bytes_equal (wal, fixture->wal_bytes));
  g_assert_true (intake_store_get_stats (fixture->store, &stats, &error));
  g_assert_no_error (error);
}

static void
assert_refused_as_project (Fixture    *fixture,
                           const char *path)
{
  const char * const protected[] = { fixture->project, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_strdup_printf ("Will not write over the project “%s” itself", fixture->project);

  g_assert_false (intake_file_write (path, fixture->contents, protected, &error));
  g_assert_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_PROJECT);
  g_assert_cmpstr (error->message, ==, expected);
  assert_project_intact (fixture);
}

static void
test_write_project_same_path (Fixture       *fixture,
                              gconstpointer  data)
{
  assert_refused_as_project (fixture, fixture->project);
}

static void
test_write_project_symlink (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *link = g_build_filename (fixture->dir, "codebook.qdc", NULL);
  g_autofree char *target = NULL;

  g_assert_cmpint (symlink ("consultation.intake", link), ==, 0);
  assert_refused_as_project (fixture, link);
  target = g_file_read_link (link, NULL);
  g_assert_cmpstr (target, ==, "consultation.intake");
}

static void
test_write_project_other_spelling (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autofree char *sub = g_build_filename (fixture->dir, "sub", NULL);
  g_autofree char *spelt = g_build_filename (sub, "..", ".", "consultation.intake", NULL);

  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  assert_refused_as_project (fixture, spelt);
}

static void
test_write_project_hard_link (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *other = g_build_filename (fixture->dir, "same-inode.qdc", NULL);

  g_assert_cmpint (link (fixture->project, other), ==, 0);
  assert_refused_as_project (fixture, other);
}

static void
test_write_project_wal (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *link = g_build_filename (fixture->dir, "wal.qdc", NULL);

  assert_refused_as_project (fixture, fixture->wal);
  g_assert_cmpint (symlink (fixture->wal, link), ==, 0);
  assert_refused_as_project (fixture, link);
}

/* A file SQLite would take for the project's own must not be made. */
static void
test_write_project_journal_absent (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autofree char *journal = g_strconcat (fixture->project, "-journal", NULL);

  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
  assert_refused_as_project (fixture, journal);
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
assert_only_files (const char          *dir,
                   const char * const  *names)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *found_text = NULL;
  g_autofree char *expected_text = NULL;
  const char *name;

  while ((name = g_dir_read_name (listing)) != NULL)
    g_ptr_array_add (found, g_strdup (name));
  g_ptr_array_sort (found, compare_strings);
  g_ptr_array_add (found, NULL);
  found_text = g_strjoinv (" ", (char **) found->pdata);
  expected_text = g_strjoinv (" ", (char **) names);
  g_assert_cmpstr (found_text, ==, expected_text);
}

static void
assert_file_holds (const char *path,
                   const char *expected)
{
  g_autoptr(GBytes) bytes = read_bytes (path);

  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), expected, strlen (expected));
}

/* Replaced by a rename: whoever had the old file open still reads it whole. */
static void
test_write_regular_replaced (Fixture       *fixture,
                             gconstpointer  data)
{
  const char * const protected[] = { fixture->project, NULL };
  const char * const listing[] = { "codebook.qdc", "consultation.intake", "consultation.intake-shm",
                                   "consultation.intake-wal", NULL };
  g_autofree char *path = g_build_filename (fixture->dir, "codebook.qdc", NULL);
  g_autoptr(GError) error = NULL;
  struct stat before, after;
  char old[64] = { 0, };
  int fd;

  g_assert_true (g_file_set_contents (path, "the old codebook", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);
  fd = g_open (path, O_RDONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (fstat (fd, &before), ==, 0);

  g_assert_true (intake_file_write (path, fixture->contents, protected, &error));
  g_assert_no_error (error);

  assert_file_holds (path, new_contents);
  g_assert_cmpint (g_stat (path, &after), ==, 0);
  g_assert_cmpuint (after.st_ino, !=, before.st_ino);
  g_assert_cmpint (after.st_mode & 0777, ==, 0640);
  g_assert_cmpint (read (fd, old, sizeof old - 1), ==, strlen ("the old codebook"));
  g_assert_cmpstr (old, ==, "the old codebook");
  close (fd);
  /* No temporary is left behind. */
  assert_only_files (fixture->dir, listing);
  assert_project_intact (fixture);
}

static void
test_write_absent_created (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "new.qdc", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (intake_file_write (path, fixture->contents, NULL, &error));
  g_assert_no_error (error);
  assert_file_holds (path, new_contents);
}

/* The link stays; the file it names gets the new contents. */
static void
test_write_regular_through_symlink (Fixture       *fixture,
                                    gconstpointer  data)
{
  const char * const protected[] = { fixture->project, NULL };
  g_autofree char *real = g_build_filename (fixture->dir, "real.qdc", NULL);
  g_autofree char *link = g_build_filename (fixture->dir, "link.qdc", NULL);
  g_autofree char *target = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (real, "old", -1, NULL));
  g_assert_cmpint (symlink ("real.qdc", link), ==, 0);

  g_assert_true (intake_file_write (link, fixture->contents, protected, &error));
  g_assert_no_error (error);

  target = g_file_read_link (link, NULL);
  g_assert_cmpstr (target, ==, "real.qdc");
  assert_file_holds (real, new_contents);
}

static void
test_write_dev_null (Fixture       *fixture,
                     gconstpointer  data)
{
  const char * const protected[] = { fixture->project, NULL };
  g_autoptr(GError) error = NULL;
  struct stat st;

  g_assert_true (intake_file_write ("/dev/null", fixture->contents, protected, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat ("/dev/null", &st), ==, 0);
  g_assert_true (S_ISCHR (st.st_mode));
}

typedef struct
{
  char    *path;
  GString *received;
} Reader;

static gpointer
read_fifo (gpointer data)
{
  Reader *reader = data;
  char buffer[256];
  gssize got;
  int fd = g_open (reader->path, O_RDONLY, 0);

  g_assert_cmpint (fd, >=, 0);
  while ((got = read (fd, buffer, sizeof buffer)) > 0)
    g_string_append_len (reader->received, buffer, got);
  close (fd);

  return NULL;
}

static void
test_write_fifo_in_place (Fixture       *fixture,
                          gconstpointer  data)
{
  const char * const protected[] = { fixture->project, NULL };
  g_autofree char *path = g_build_filename (fixture->dir, "pipe", NULL);
  g_autoptr(GError) error = NULL;
  Reader reader = { path, g_string_new (NULL) };
  GThread *thread;
  struct stat st;

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  thread = g_thread_new ("fifo-reader", read_fifo, &reader);

  g_assert_true (intake_file_write (path, fixture->contents, protected, &error));
  g_assert_no_error (error);
  g_thread_join (thread);

  g_assert_cmpstr (reader.received->str, ==, new_contents);
  g_assert_cmpint (g_lstat (path, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  g_string_free (reader.received, TRUE);
}

/* /dev/fd/N writes to the descriptor as it was opened, appending included. */
static void
test_write_named_descriptor (Fixture       *fixture,
                             gconstpointer  data)
{
  const char * const protected[] = { fixture->project, NULL };
  g_autofree char *log = g_build_filename (fixture->dir, "log.txt", NULL);
  g_autofree char *name = NULL;
  g_autofree char *expected = g_strconcat ("earlier lines\n", new_contents, NULL);
  g_autoptr(GError) error = NULL;
  int fd;

  g_assert_true (g_file_set_contents (log, "earlier lines\n", -1, NULL));
  fd = g_open (log, O_WRONLY | O_APPEND, 0);
  g_assert_cmpint (fd, >=, 0);
  name = g_strdup_printf ("/dev/fd/%d", fd);

  g_assert_true (intake_file_write (name, fixture->contents, protected, &error));
  g_assert_no_error (error);
  close (fd);
  assert_file_holds (log, expected);
}

static void
test_write_project_descriptor (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *name = NULL;
  int fd = g_open (fixture->project, O_RDONLY, 0);

  g_assert_cmpint (fd, >=, 0);
  name = g_strdup_printf ("/proc/self/fd/%d", fd);
  assert_refused_as_project (fixture, name);
  close (fd);
}

static void
test_write_directory_refused (Fixture       *fixture,
                              gconstpointer  data)
{
  const char * const protected[] = { fixture->project, NULL };
  g_autofree char *path = g_build_filename (fixture->dir, "exports", NULL);
  const char * const nothing[] = { NULL };
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  g_assert_false (intake_file_write (path, fixture->contents, protected, &error));
  g_assert_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_IS_DIRECTORY);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_DIR));
  assert_only_files (path, nothing);
}

typedef struct
{
  char    *path;
  gsize    max_size;
  GMutex   mutex;
  GCond    cond;
  gboolean done;
  GBytes  *bytes;
  GError  *error;
} ReadCall;

static gpointer
read_call_thread (gpointer data)
{
  ReadCall *call = data;
  g_autoptr(GError) error = NULL;
  GBytes *bytes = intake_file_read (call->path, call->max_size, &error);

  g_mutex_lock (&call->mutex);
  call->bytes = bytes;
  call->error = g_steal_pointer (&error);
  call->done = TRUE;
  g_cond_signal (&call->cond);
  g_mutex_unlock (&call->mutex);

  return NULL;
}

/* intake_file_read() in a thread, so a read that blocks fails the test. */
static GBytes *
read_within_timeout (const char  *path,
                     gsize        max_size,
                     GError     **error)
{
  ReadCall *call = g_new0 (ReadCall, 1);
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_SECONDS * G_TIME_SPAN_SECOND;
  GBytes *bytes;

  call->path = g_strdup (path);
  call->max_size = max_size;
  g_mutex_init (&call->mutex);
  g_cond_init (&call->cond);
  g_thread_unref (g_thread_new ("read", read_call_thread, call));

  g_mutex_lock (&call->mutex);
  while (!call->done)
    if (!g_cond_wait_until (&call->cond, &call->mutex, deadline))
      break;
  if (!call->done)
    {
      /* The thread is stuck: leave it and its call behind. */
      g_mutex_unlock (&call->mutex);
      g_test_fail_printf ("reading “%s” did not return within %d s", path, TIMEOUT_SECONDS);
      return NULL;
    }
  g_mutex_unlock (&call->mutex);

  bytes = call->bytes;
  if (call->error != NULL)
    g_propagate_error (error, call->error);
  g_mutex_clear (&call->mutex);
  g_cond_clear (&call->cond);
  g_free (call->path);
  g_free (call);

  return bytes;
}

static void
test_read_dev_zero (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = read_within_timeout ("/dev/zero", 16 * 1000 * 1000, &error);

  if (g_test_failed ())
    return;
  g_assert_null (bytes);
  g_assert_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_NOT_REGULAR);
  g_assert_cmpstr (error->message, ==, "Cannot read “/dev/zero”: it is a device, not a file");
}

static void
test_read_fifo (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "codebook.qdc", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  bytes = read_within_timeout (path, 16 * 1000 * 1000, &error);
  if (g_test_failed ())
    return;
  g_assert_null (bytes);
  g_assert_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_NOT_REGULAR);
}

static void
test_read_directory (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = read_within_timeout (fixture->dir, 1000, &error);

  g_assert_null (bytes);
  g_assert_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_IS_DIRECTORY);
}

/* Refused by its size before a byte is read: a sparse file costs nothing.
 * g_format_size() puts a no-break space before the unit. */
static void
test_read_too_large (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "huge.qdc", NULL);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  int fd = g_open (path, O_WRONLY | O_CREAT, 0600);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) 7 * 1000 * 1000 * 1000), ==, 0);
  close (fd);

  bytes = read_within_timeout (path, 16 * 1000 * 1000, &error);
  g_assert_null (bytes);
  g_assert_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_TOO_LARGE);
  expected = g_strdup_printf ("“%s” is 7.0\u00a0GB, more than the 16.0\u00a0MB allowed", path);
  g_assert_cmpstr (error->message, ==, expected);
}

static void
test_read_limit (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "codebook.qdc", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) at_limit = NULL;
  g_autoptr(GBytes) over = NULL;

  g_assert_true (g_file_set_contents (path, "0123456789", -1, NULL));

  at_limit = read_within_timeout (path, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (at_limit, NULL), g_bytes_get_size (at_limit), "0123456789", 10);

  over = read_within_timeout (path, 9, &error);
  g_assert_null (over);
  g_assert_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_TOO_LARGE);
}

/* Files in /proc say they are empty; the limit holds on what is read. */
static void
test_read_limit_not_trusting_size (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) whole = NULL;
  g_autoptr(GBytes) over = NULL;
  struct stat st;

  g_assert_cmpint (g_stat ("/proc/self/status", &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 0);

  whole = read_within_timeout ("/proc/self/status", 1000 * 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (whole), >, 10);

  over = read_within_timeout ("/proc/self/status", 10, &error);
  g_assert_null (over);
  g_assert_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "“/proc/self/status” is more than the 10 bytes allowed");
}

static void
test_read_missing (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "none.qdc", NULL);
  g_autofree char *expected = g_strdup_printf ("Could not read “%s”: No such file or directory", path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = read_within_timeout (path, 1000, &error);

  g_assert_null (bytes);
  g_assert_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, expected);
}


/* ---- Streaming ------------------------------------------------------------- */

static void
write_in_pieces (IntakeFileOutput *output,
                 guint             n_pieces)
{
  GOutputStream *stream = intake_file_output_get_stream (output);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n_pieces; i++)
    {
      g_assert_true (g_output_stream_write_all (stream, "0123456789", 10, NULL, NULL, &error));
      g_assert_no_error (error);
    }
}

/* Nothing shows at the path until the commit; then all of it at once. */
static void
test_output_commit (Fixture       *fixture,
                    gconstpointer  data)
{
  const char * const protected[] = { fixture->project, NULL };
  const char * const listing[] = { "consultation.intake", "consultation.intake-shm", "consultation.intake-wal",
                                   "report.xml", NULL };
  g_autofree char *path = g_build_filename (fixture->dir, "report.xml", NULL);
  g_autoptr(IntakeFileOutput) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) written = NULL;
  struct stat st;

  g_assert_true (g_file_set_contents (path, "the old report", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);
  output = intake_file_output_new (path, protected, &error);
  g_assert_no_error (error);
  /* 100,000 bytes: more than the buffer holds. */
  write_in_pieces (output, 10000);
  assert_file_holds (path, "the old report");

  g_assert_true (intake_file_output_commit (output, &error));
  g_assert_no_error (error);
  written = read_bytes (path);
  g_assert_cmpuint (g_bytes_get_size (written), ==, 100000);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0640);
  g_clear_pointer (&output, intake_file_output_free);
  assert_only_files (fixture->dir, listing);
  assert_project_intact (fixture);
}

/* Given up (an error, a cancel): the old file stays, the temporary goes. */
static void
test_output_free_without_commit (Fixture       *fixture,
                                 gconstpointer  data)
{
  const char * const listing[] = { "consultation.intake", "consultation.intake-shm", "consultation.intake-wal",
                                   "report.xml", NULL };
  const char * const none[] = { "consultation.intake", "consultation.intake-shm", "consultation.intake-wal",
                                NULL };
  g_autofree char *path = g_build_filename (fixture->dir, "report.xml", NULL);
  g_autofree char *absent = g_build_filename (fixture->dir, "new.xml", NULL);
  IntakeFileOutput *output;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "the old report", -1, NULL));
  output = intake_file_output_new (path, NULL, &error);
  g_assert_no_error (error);
  write_in_pieces (output, 10000);
  intake_file_output_free (output);
  assert_file_holds (path, "the old report");
  assert_only_files (fixture->dir, listing);

  g_remove (path);
  output = intake_file_output_new (absent, NULL, &error);
  g_assert_no_error (error);
  write_in_pieces (output, 3);
  intake_file_output_free (output);
  assert_only_files (fixture->dir, none);
}

static void
test_output_refuses_project (Fixture       *fixture,
                             gconstpointer  data)
{
  const char * const protected[] = { fixture->project, NULL };
  g_autoptr(IntakeFileOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  output = intake_file_output_new (fixture->project, protected, &error);
  g_assert_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_PROJECT);
  g_assert_null (output);
  g_clear_error (&error);

  output = intake_file_output_new (fixture->wal, protected, &error);
  g_assert_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_PROJECT);
  g_clear_error (&error);

  output = intake_file_output_new (fixture->dir, protected, &error);
  g_assert_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_IS_DIRECTORY);
  assert_project_intact (fixture);
}

static void
test_output_dev_null (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(IntakeFileOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  output = intake_file_output_new ("/dev/null", NULL, &error);
  g_assert_no_error (error);
  write_in_pieces (output, 100);
  g_assert_true (intake_file_output_commit (output, &error));
  g_assert_no_error (error);
}

#define add_fixture_test(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  /* Messages are compared as written, untranslated. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  add_fixture_test ("/file/write/project/same-path", test_write_project_same_path);
  add_fixture_test ("/file/write/project/symlink", test_write_project_symlink);
  add_fixture_test ("/file/write/project/other-spelling", test_write_project_other_spelling);
  add_fixture_test ("/file/write/project/hard-link", test_write_project_hard_link);
  add_fixture_test ("/file/write/project/wal", test_write_project_wal);
  add_fixture_test ("/file/write/project/journal-absent", test_write_project_journal_absent);
  add_fixture_test ("/file/write/project/descriptor", test_write_project_descriptor);
  add_fixture_test ("/file/write/regular/replaced", test_write_regular_replaced);
  add_fixture_test ("/file/write/regular/absent", test_write_absent_created);
  add_fixture_test ("/file/write/regular/through-symlink", test_write_regular_through_symlink);
  add_fixture_test ("/file/write/in-place/dev-null", test_write_dev_null);
  add_fixture_test ("/file/write/in-place/fifo", test_write_fifo_in_place);
  add_fixture_test ("/file/write/in-place/named-descriptor", test_write_named_descriptor);
  add_fixture_test ("/file/write/directory", test_write_directory_refused);
  add_fixture_test ("/file/output/commit", test_output_commit);
  add_fixture_test ("/file/output/free-without-commit", test_output_free_without_commit);
  add_fixture_test ("/file/output/refuses-project", test_output_refuses_project);
  add_fixture_test ("/file/output/dev-null", test_output_dev_null);
  g_test_add_func ("/file/read/dev-zero", test_read_dev_zero);
  add_fixture_test ("/file/read/fifo", test_read_fifo);
  add_fixture_test ("/file/read/directory", test_read_directory);
  add_fixture_test ("/file/read/too-large", test_read_too_large);
  add_fixture_test ("/file/read/limit", test_read_limit);
  g_test_add_func ("/file/read/limit-not-trusting-size", test_read_limit_not_trusting_size);
  add_fixture_test ("/file/read/missing", test_read_missing);

  return g_test_run ();
}
