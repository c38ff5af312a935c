#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intake-store.h"
#include "intake-store-private.h"
#include "project-test-support.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("intake-store-XXXXXX", NULL);
  fixture->path = g_build_filename (fixture->dir, "project.intake", NULL);
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
  g_free (fixture->path);
}

static IntakeParsedMessage *
make_message (const char *message_id,
              const char *subject,
              const char *text,
              gint64      date)
{
  IntakeParsedMessage *message = g_new0 (IntakeParsedMessage, 1);

  message->message_id = g_strdup (message_id);
  message->subject = g_strdup (subject);
  message->from_name = g_strdup ("Amara Okafor");
  message->from_addr = g_strdup ("amara@example.org");
  message->date = date;
  message->has_date = date >= 0;
  message->body = g_strdup (text);
  message->text = g_strdup (text);
  message->content_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  message->attachments = g_ptr_array_new ();

  return message;
}

static IntakeStoreInsertResult
insert (IntakeStore         *store,
        IntakeParsedMessage *message)
{
  g_autoptr(GError) error = NULL;
  IntakeStoreInsertResult result = -1;

  g_assert_true (intake_store_begin (store, &error));
  g_assert_true (intake_store_insert_message (store, message, -1, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_true (intake_store_commit (store, &error));

  return result;
}

static guint
count_submissions (IntakeStore *store)
{
  IntakeStats stats;

  g_assert_true (intake_store_get_stats (store, &stats, NULL));
  return stats.submissions;
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
test_migrate_new_file (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeStore) store = intake_store_open (fixture->path, &error);
  g_autofree char *mode = NULL;
  g_autofree char *fk = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (intake_store_get_schema_version (store), ==, INTAKE_STORE_SCHEMA_VERSION);
  g_clear_object (&store);

  mode = query_text (fixture->path, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  fk = query_text (fixture->path, "SELECT count(*) FROM sqlite_master WHERE name = 'submissions_fts'");
  g_assert_cmpstr (fk, ==, "1");
}

static void
test_migrate_reopen_keeps_data (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeStore) store = intake_store_open (fixture->path, &error);
  g_autoptr(IntakeParsedMessage) message = make_message ("a@example.org", "Hello", "Body text", 1618840800);

  g_assert_no_error (error);
  g_assert_cmpint (insert (store, message), ==, INTAKE_STORE_INSERTED);
  g_clear_object (&store);

  store = intake_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_submissions (store), ==, 1);
}

/* Makes @path a version 2 project, as an older build left it: what the
 * later migrations added is taken away again. */
/* What the REFI-QDA source GUIDs' migration added, taken away again;
 * every older version lacks it. */
#define UNDO_SUBMISSION_GUID \
  " DROP INDEX submissions_guid;" \
  " ALTER TABLE submissions DROP COLUMN guid;"
/* What version 6 added (and every later one), taken away again. */
#define UNDO_VERSION_6 \
  UNDO_MERGE_MIGRATION \
  UNDO_SUBMISSION_GUID \
  " ALTER TABLE source_files DROP COLUMN kind;" \
  " DROP TABLE csv_roles;"
/* What the adjudications' migration added, taken away again. */
#define UNDO_ADJUDICATIONS \
  " DROP TABLE adjudicated_codings;" \
  " DROP TABLE adjudications;"

static void
make_version_2 (const char *path)
{
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "PRAGMA journal_mode = DELETE;"
                                 " ALTER TABLE attachments DROP COLUMN note;" /* 3 */
                                 " ALTER TABLE submissions DROP COLUMN note;" /* 4 */
                                 UNDO_ADJUDICATIONS
                                 UNDO_VERSION_6
                                 " PRAGMA user_version = 2",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_migrate_newer_version_refused (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeStore) store = intake_store_open (fixture->path, &error);
  sqlite3 *db;

  g_assert_no_error (error);
  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = intake_store_open (fixture->path, &error);
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_SCHEMA);
  g_assert_null (store);
}

static void
test_migrate_from_previous_version (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeStore) store = intake_store_open (fixture->path, &error);
  g_autoptr(IntakeParsedMessage) message = make_message ("old@example.org", "Before", "Kept across the upgrade", 1);
  g_autofree char *column = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (insert (store, message), ==, INTAKE_STORE_INSERTED);
  g_clear_object (&store);

  make_version_2 (fixture->path);

  store = intake_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (intake_store_get_schema_version (store), ==, INTAKE_STORE_SCHEMA_VERSION);
  g_assert_cmpuint (count_submissions (store), ==, 1);
  g_clear_object (&store);

  column = query_text (fixture->path, "SELECT count(*) FROM pragma_table_info('attachments') WHERE name = 'note'");
  g_assert_cmpstr (column, ==, "1");
  g_free (column);
  column = query_text (fixture->path, "SELECT count(*) FROM pragma_table_info('submissions') WHERE name = 'note'");
  g_assert_cmpstr (column, ==, "1");
  g_free (column);
  /* Older submissions have no GUID stored: theirs is derived. */
  column = query_text (fixture->path, "SELECT count(*) FROM submissions WHERE guid IS NULL");
  g_assert_cmpstr (column, ==, "1");
}

/* A project made before the default codebook's colours were spread gets
 * them, except where a coordinator chose another colour. */
static void
test_migrate_spreads_default_colours (Fixture       *fixture,
                                      gconstpointer  data)
{
  /* "Keep as is" and "Keep with changes", with their colours of then */
  const char *keep = "baa7c915-7b46-404d-8053-a55278fb5cac";
  const char *keep_with_changes = "e22e4e5c-11eb-47be-a558-c9171054bba7";
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeStore) store = intake_store_open (fixture->path, &error);
  g_autofree char *sql = NULL;
  g_autofree char *color = NULL;
  sqlite3 *db;

  g_assert_no_error (error);
  g_clear_object (&store);

  sql = g_strdup_printf ("UPDATE codes SET color = '#205488' WHERE guid = '%s';"
                         " UPDATE codes SET color = '#aa0000' WHERE guid = '%s';"
                         UNDO_ADJUDICATIONS
                         UNDO_VERSION_6
                         " PRAGMA user_version = 4",
                         keep, keep_with_changes);
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = intake_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (intake_store_get_schema_version (store), ==, INTAKE_STORE_SCHEMA_VERSION);
  g_clear_object (&store);

  g_free (sql);
  sql = g_strdup_printf ("SELECT color FROM codes WHERE guid = '%s'", keep);
  color = query_text (fixture->path, sql);
  g_assert_cmpstr (color, ==, "#11859C");
  g_free (color);
  g_free (sql);
  sql = g_strdup_printf ("SELECT color FROM codes WHERE guid = '%s'", keep_with_changes);
  color = query_text (fixture->path, sql);
  g_assert_cmpstr (color, ==, "#aa0000");
}

static gint64
insert_from (IntakeStore      *store,
             const char       *path,
             IntakeSourceKind  kind,
             const char       *message_id)
{
  g_autoptr(IntakeParsedMessage) message = make_message (message_id, message_id, message_id, 1);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  IntakeStoreInsertResult result;
  gint64 source_id;

  g_assert_true (intake_store_begin (store, &error));
  source_id = intake_store_add_source_file (store, path, kind, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (source_id, >, 0);
  g_assert_true (intake_store_insert_message (store, message, source_id, "line 2", &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, INTAKE_STORE_INSERTED);
  g_assert_true (intake_store_commit (store, &error));

  ids = intake_store_list_ids (store, &error);
  g_assert_no_error (error);
  return g_array_index (ids, gint64, ids->len - 1);
}

static IntakeSourceKind
source_kind_of (IntakeStore *store,
                gint64       id)
{
  g_autoptr(GPtrArray) rows = intake_store_get_summaries (store, &id, 1, NULL);
  g_autoptr(IntakeSubmission) whole = intake_store_get_submission (store, id, NULL);

  g_assert_nonnull (rows);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_nonnull (whole);
  /* The summary and the whole submission say the same. */
  g_assert_cmpint (intake_submission_get_source_kind (rows->pdata[0]), ==,
                   intake_submission_get_source_kind (whole));
  return intake_submission_get_source_kind (rows->pdata[0]);
}

/* Each submission says what kind of file it came from, as the importer told. */
static void
test_source_kind_recorded (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeStore) store = intake_store_new_in_memory (&error);
  g_autoptr(IntakeParsedMessage) loose = make_message ("loose@example.org", "Loose", "No file", 1);
  g_autoptr(GArray) ids = NULL;

  g_assert_no_error (error);
  /* The kind told, not guessed from the name: an Outlook message saved without an extension. */
  g_assert_cmpint (source_kind_of (store, insert_from (store, "/in/message", INTAKE_SOURCE_KIND_OUTLOOK, "a@x")),
                   ==, INTAKE_SOURCE_KIND_OUTLOOK);
  g_assert_cmpint (source_kind_of (store, insert_from (store, "/in/survey.csv", INTAKE_SOURCE_KIND_SURVEY, "b@x")),
                   ==, INTAKE_SOURCE_KIND_SURVEY);
  g_assert_cmpint (source_kind_of (store, insert_from (store, "/in/inbox", INTAKE_SOURCE_KIND_MAIL, "c@x")),
                   ==, INTAKE_SOURCE_KIND_MAIL);

  g_assert_cmpint (insert (store, loose), ==, INTAKE_STORE_INSERTED);
  ids = intake_store_list_ids (store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (source_kind_of (store, g_array_index (ids, gint64, ids->len - 1)), ==, INTAKE_SOURCE_KIND_UNKNOWN);
}

/* A project of version 5 learns its files' kinds from their names, and
 * can remember a survey export's columns. */
static void
test_migrate_source_kinds_and_csv_roles (Fixture       *fixture,
                                         gconstpointer  data)
{
  const char *header[] = { "id", "Q1", "School board", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeStore) store = intake_store_open (fixture->path, &error);
  g_autoptr(GArray) roles = g_array_new (FALSE, FALSE, sizeof (IntakeCsvRole));
  g_autoptr(GArray) recalled = NULL;
  g_autofree char *tables = NULL;
  gint64 survey, outlook, mail;
  sqlite3 *db;

  g_assert_no_error (error);
  /* Kinds the old build did not record: the migration must find them. */
  survey = insert_from (store, "/in/Survey.CSV", INTAKE_SOURCE_KIND_UNKNOWN, "a@x");
  outlook = insert_from (store, "/in/export.pst", INTAKE_SOURCE_KIND_UNKNOWN, "b@x");
  mail = insert_from (store, "/in/Maildir/cur/1700000000.M1P2.host:2,S", INTAKE_SOURCE_KIND_UNKNOWN, "c@x");
  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE;" UNDO_ADJUDICATIONS UNDO_VERSION_6
                                 " PRAGMA user_version = 5",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  tables = query_text (fixture->path, "SELECT count(*) FROM sqlite_master WHERE name = 'csv_roles'");
  g_assert_cmpstr (tables, ==, "0");

  store = intake_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (intake_store_get_schema_version (store), ==, INTAKE_STORE_SCHEMA_VERSION);
  g_assert_cmpint (source_kind_of (store, survey), ==, INTAKE_SOURCE_KIND_SURVEY);
  g_assert_cmpint (source_kind_of (store, outlook), ==, INTAKE_SOURCE_KIND_OUTLOOK);
  g_assert_cmpint (source_kind_of (store, mail), ==, INTAKE_SOURCE_KIND_MAIL);

  g_array_append_vals (roles, (IntakeCsvRole[]) { INTAKE_CSV_ROLE_ID, INTAKE_CSV_ROLE_TEXT,
                                                  INTAKE_CSV_ROLE_ATTRIBUTE }, 3);
  g_assert_true (intake_store_set_csv_roles (store, header, roles, &error));
  g_assert_no_error (error);
  recalled = intake_store_get_csv_roles (store, header, &error);
  g_assert_no_error (error);
  g_assert_nonnull (recalled);
  g_assert_cmpmem (recalled->data, recalled->len * sizeof (IntakeCsvRole),
                   roles->data, roles->len * sizeof (IntakeCsvRole));
}

static void
test_open_not_sqlite (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *contents = "This is a note, not a project.\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeStore) store = NULL;
  g_autofree char *after = NULL;

  g_assert_true (g_file_set_contents (fixture->path, contents, -1, NULL));
  store = intake_store_open (fixture->path, &error);
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_OPEN);
  g_assert_null (store);

  /* Refusing it must not have touched it. */
  g_assert_true (g_file_get_contents (fixture->path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, contents);
}

static void
test_open_foreign_database (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeStore) store = NULL;
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE recipes (name TEXT)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = intake_store_open (fixture->path, &error);
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_OPEN);
  g_assert_null (store);
}

static void
test_open_directory (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeStore) store = intake_store_open (fixture->dir, &error);

  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_OPEN);
  g_assert_null (store);
}

static void
test_duplicate_message_id (void)
{
  g_autoptr(IntakeStore) store = intake_store_new_in_memory (NULL);
  g_autoptr(IntakeParsedMessage) first = make_message ("x@example.org", "One", "First text", 1);
  g_autoptr(IntakeParsedMessage) again = make_message ("x@example.org", "One", "Other text, same id", 2);

  g_assert_cmpint (insert (store, first), ==, INTAKE_STORE_INSERTED);
  g_assert_cmpint (insert (store, again), ==, INTAKE_STORE_DUPLICATE);
  g_assert_cmpuint (count_submissions (store), ==, 1);
}

static void
test_source_attributes (void)
{
  g_autoptr(IntakeStore) store = intake_store_new_in_memory (NULL);
  g_autoptr(IntakeParsedMessage) message = make_message ("csv:1", "survey.csv, row 2", "Keep it", 1);
  g_autoptr(IntakeParsedMessage) again = make_message ("csv:1", "survey.csv, row 2", "Keep it", 1);
  const char *attributes[] = { INTAKE_ATTRIBUTE_RESPONDENT_GROUP, "Student", "Postal area", "", NULL };
  g_autoptr(GHashTable) stored = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  message->attributes = g_strdupv ((char **) attributes);
  again->attributes = g_strdupv ((char **) attributes);
  g_free (again->attributes[1]);
  again->attributes[1] = g_strdup ("Teacher or school staff");

  g_assert_cmpint (insert (store, message), ==, INTAKE_STORE_INSERTED);
  /* A re-import leaves what is there, attributes too. */
  g_assert_cmpint (insert (store, again), ==, INTAKE_STORE_DUPLICATE);

  ids = intake_store_list_ids (store, &error);
  g_assert_no_error (error);
  stored = intake_store_get_attributes (store, g_array_index (ids, gint64, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (stored, INTAKE_ATTRIBUTE_RESPONDENT_GROUP), ==, "Student");
  /* An empty answer is no attribute. */
  g_assert_false (g_hash_table_contains (stored, "Postal area"));
}

static void
test_duplicate_content_hash (void)
{
  g_autoptr(IntakeStore) store = intake_store_new_in_memory (NULL);
  g_autoptr(IntakeParsedMessage) first = make_message (NULL, "One", "Same words", 1);
  g_autoptr(IntakeParsedMessage) again = make_message (NULL, "One", "Same words", 1);
  g_autoptr(IntakeParsedMessage) other = make_message (NULL, "One", "Other words", 1);

  g_assert_cmpint (insert (store, first), ==, INTAKE_STORE_INSERTED);
  g_assert_cmpint (insert (store, again), ==, INTAKE_STORE_DUPLICATE);
  g_assert_cmpint (insert (store, other), ==, INTAKE_STORE_INSERTED);
  g_assert_cmpuint (count_submissions (store), ==, 2);
}

static void
test_transaction_rollback (void)
{
  g_autoptr(IntakeStore) store = intake_store_new_in_memory (NULL);
  g_autoptr(IntakeParsedMessage) message = make_message ("r@example.org", "Rolled back", "Text", 1);
  g_autoptr(GError) error = NULL;
  IntakeStoreInsertResult result;

  g_assert_true (intake_store_begin (store, &error));
  g_assert_true (intake_store_insert_message (store, message, -1, NULL, &result, &error));
  g_assert_true (intake_store_log_rejection (store, -1, "inbox.mbox", "12", "Broken", &error));
  intake_store_rollback (store);

  g_assert_cmpuint (count_submissions (store), ==, 0);
  {
    g_autoptr(GPtrArray) rejections = intake_store_list_rejections (store, &error);
    g_assert_cmpuint (rejections->len, ==, 0);
  }

  /* The rolled-back message can come in again afterwards. */
  g_assert_cmpint (insert (store, message), ==, INTAKE_STORE_INSERTED);
}

static void
test_attachments_stored (void)
{
  g_autoptr(IntakeStore) store = intake_store_new_in_memory (NULL);
  g_autoptr(IntakeParsedMessage) message = make_message ("att@example.org", "With file", "See attached", 1);
  IntakeParsedAttachment attachment = { 0, };
  g_autoptr(IntakeSubmission) submission = NULL;
  g_autoptr(IntakeAttachment) stored = NULL;
  g_autoptr(GArray) ids = NULL;

  attachment.filename = (char *) "Mémoire.docx";
  attachment.mime_type = (char *) "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  attachment.data = g_bytes_new_static ("12345", 5);
  attachment.sha256 = (char *) "abc";
  attachment.text = (char *) "Inside the file";
  g_ptr_array_add (message->attachments, &attachment);

  g_assert_cmpint (insert (store, message), ==, INTAKE_STORE_INSERTED);
  g_ptr_array_set_size (message->attachments, 0);
  g_bytes_unref (attachment.data);

  ids = intake_store_list_ids (store, NULL);
  submission = intake_store_get_submission (store, g_array_index (ids, gint64, 0), NULL);
  g_assert_cmpuint (intake_submission_get_n_attachments (submission), ==, 1);
  stored = g_list_model_get_item (intake_submission_get_attachments (submission), 0);
  g_assert_cmpstr (intake_attachment_get_filename (stored), ==, "Mémoire.docx");
  g_assert_cmpint (intake_attachment_get_size (stored), ==, 5);
  g_assert_cmpstr (intake_attachment_get_text (stored), ==, "Inside the file");
}

static void
test_list_order (void)
{
  g_autoptr(IntakeStore) store = intake_store_new_in_memory (NULL);
  g_autoptr(IntakeParsedMessage) late = make_message ("late@x", "Late", "late", 2000);
  g_autoptr(IntakeParsedMessage) unknown = make_message ("unknown@x", "Unknown", "unknown", -1);
  g_autoptr(IntakeParsedMessage) early = make_message ("early@x", "Early", "early", 1000);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  insert (store, late);
  insert (store, unknown);
  insert (store, early);

  ids = intake_store_list_ids (store, NULL);
  rows = intake_store_get_summaries (store, (gint64 *) ids->data, ids->len, NULL);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpstr (intake_submission_get_subject (rows->pdata[0]), ==, "Early");
  g_assert_cmpstr (intake_submission_get_subject (rows->pdata[1]), ==, "Late");
  g_assert_cmpstr (intake_submission_get_subject (rows->pdata[2]), ==, "Unknown");
  g_assert_null (intake_submission_get_date (rows->pdata[2]));
}

static void
test_search_fts (void)
{
  g_autoptr(IntakeStore) store = intake_store_new_in_memory (NULL);
  g_autoptr(IntakeParsedMessage) fr = make_message ("fr@x", "Révision du programme", "Les élèves se sentent surveillés.", 1);
  g_autoptr(IntakeParsedMessage) en = make_message ("en@x", "Feedback", "Fund counsellors instead.", 2);
  g_autoptr(GArray) hits = NULL;

  insert (store, fr);
  insert (store, en);

  hits = intake_store_search (store, "counsellors", NULL);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_array_unref);

  /* Accents are not needed to find a word. */
  hits = intake_store_search (store, "revision eleves", NULL);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_array_unref);

  /* Words in quotes are a phrase; a star makes a prefix. */
  hits = intake_store_search (store, "\"fund counsellors\"", NULL);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_array_unref);
  hits = intake_store_search (store, "\"counsellors fund\"", NULL);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_array_unref);
  hits = intake_store_search (store, "counsel*", NULL);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_array_unref);
  hits = intake_store_search (store, "counsel", NULL);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_array_unref);

  /* Query syntax characters are searched for, not obeyed. */
  hits = intake_store_search (store, "\"counsellors AND (", NULL);
  g_assert_nonnull (hits);
  g_assert_cmpuint (hits->len, ==, 0);
}

/* Submissions of many lengths, some saying "school" many times. */
static void
insert_ranked (IntakeStore *store,
               guint        first,
               guint        n)
{
  for (guint i = first; i < first + n; i++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree char *id = g_strdup_printf ("rank-%u@x", i);
      g_autoptr(IntakeParsedMessage) message = NULL;

      for (guint w = 0; w < 3 + (i * 7) % 40; w++)
        g_string_append (text, w % (1 + i % 5) == 0 ? "school " : "hallway ");
      if (i % 3 == 0)
        g_string_append (text, "resource officer");
      message = make_message (id, i % 4 == 0 ? "School officer" : "Feedback", text->str, i);
      insert (store, message);
    }
}

/* intake_rank() gives what FTS5's bm25() gives, row for row, and search
 * results come in that order; after changes on this connection and on
 * another one too, since it keeps the lengths of the rows in memory. */
static void
check_rank_is_bm25 (IntakeStore *store)
{
  static const char * const queries[] = { "school", "officer", "school officer", "hallway resource", NULL };

  for (guint q = 0; queries[q] != NULL; q++)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) hits = NULL;
      g_autofree char *match = _intake_store_fts_query (queries[q]);
      guint n_rows = 0;

      stmt = _intake_store_prepare (store,
                                    "SELECT rowid, bm25(submissions_fts), intake_rank(submissions_fts)"
                                    " FROM submissions_fts WHERE submissions_fts MATCH ?"
                                    " ORDER BY bm25(submissions_fts), rowid",
                                    NULL);
      g_assert_nonnull (stmt);
      sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_assert_cmpfloat_with_epsilon (sqlite3_column_double (stmt, 2), sqlite3_column_double (stmt, 1), 1e-9);
          g_array_append_val (expected, id);
          n_rows++;
        }
      g_assert_cmpuint (n_rows, >, 2);

      hits = intake_store_search (store, queries[q], NULL);
      g_assert_nonnull (hits);
      g_assert_cmpuint (hits->len, ==, expected->len);
      g_assert_cmpmem (hits->data, hits->len * sizeof (gint64), expected->data, expected->len * sizeof (gint64));
    }
}

/* Makes a submission much longer, as no path of the app does: the copy of
 * the lengths must follow a change to a row it has. */
static void
lengthen (IntakeStore *store,
          gint64       id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _intake_store_prepare (store, "UPDATE submissions SET text = text || ? WHERE id = ?", NULL);
  g_assert_nonnull (stmt);
  sqlite3_bind_text (stmt, 1, " hallway hallway hallway hallway hallway hallway hallway hallway", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, id);
  g_assert_true (_intake_store_step (store, stmt, NULL));
}

static void
test_search_rank (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeStore) store = intake_store_new_in_memory (&error);
  g_autoptr(IntakeStore) other = NULL;

  g_assert_no_error (error);
  insert_ranked (store, 1, 40);
  check_rank_is_bm25 (store);

  /* New rows, longer than any before, on the same connection. */
  insert_ranked (store, 100, 25);
  check_rank_is_bm25 (store);

  /* And on another connection, which the first one sees. */
  other = intake_store_open_another (store, &error);
  g_assert_no_error (error);
  check_rank_is_bm25 (other);
  insert_ranked (other, 300, 25);
  check_rank_is_bm25 (store);
  check_rank_is_bm25 (other);

  /* A row both have seen changes length, on one and then the other. */
  lengthen (store, 2);
  check_rank_is_bm25 (store);
  check_rank_is_bm25 (other);
  lengthen (other, 5);
  check_rank_is_bm25 (store);
  check_rank_is_bm25 (other);
}

static void
test_duplicates_counter (void)
{
  g_autoptr(IntakeStore) store = intake_store_new_in_memory (NULL);
  IntakeStats stats;

  g_assert_true (intake_store_begin (store, NULL));
  g_assert_true (intake_store_add_duplicates (store, 3, NULL));
  g_assert_true (intake_store_commit (store, NULL));
  g_assert_true (intake_store_get_stats (store, &stats, NULL));
  g_assert_cmpuint (stats.duplicates, ==, 3);
}

/* ---- Reading only ------------------------------------------------------ */

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

static void
assert_file_is (const char *path,
                GBytes     *before)
{
  g_autoptr(GBytes) after = read_file (path);

  g_assert_true (g_bytes_equal (before, after));
}

/* A project of @n submissions, closed (its WAL folded back into the file). */
static void
make_project (const char *path,
              guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeStore) store = intake_store_open (path, &error);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < 40; i++)
    g_string_append (text, "The officer at our school knows every student by name. ");

  g_assert_true (intake_store_begin (store, &error));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u@example.org", i);
      g_autofree char *subject = g_strdup_printf ("Submission %u", i);
      g_autoptr(IntakeParsedMessage) message = make_message (id, subject, text->str, 1618840800 + i);
      IntakeStoreInsertResult result;

      g_assert_true (intake_store_insert_message (store, message, -1, NULL, &result, &error));
    }
  g_assert_true (intake_store_commit (store, &error));
  g_assert_no_error (error);
}

static void
test_readonly_reads_without_writing (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(IntakeSubmission) submission = NULL;
  IntakeStats stats;

  make_project (fixture->path, 5);
  before = read_file (fixture->path);

  store = intake_store_open_readonly (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (intake_store_get_stats (store, &stats, &error));
  g_assert_cmpuint (stats.submissions, ==, 5);
  ids = intake_store_search (store, "officer", &error);
  g_assert_cmpuint (ids->len, ==, 5);
  submission = intake_store_get_submission (store, g_array_index (ids, gint64, 0), &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (intake_submission_get_text (submission), "every student"));

  /* It refuses to write, and says why. */
  g_assert_false (intake_store_begin (store, &error));
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "reading only"));
  g_clear_error (&error);
  g_assert_false (intake_store_set_memo (store, g_array_index (ids, gint64, 0), "Not saved", "Reviewer A", &error));
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED);
  g_clear_object (&store);

  assert_file_is (fixture->path, before);
}

static void
test_readonly_empty_file (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);

  g_assert_true (g_file_set_contents (fixture->path, "", 0, NULL));
  store = intake_store_open_readonly (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "empty"));

  /* Not a schema, not a byte. */
  assert_file_is (fixture->path, empty);
}

static void
test_readonly_missing_file (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeStore) store = intake_store_open_readonly (fixture->path, &error);

  g_assert_null (store);
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_OPEN);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
}

static void
test_readonly_not_a_project (Fixture       *fixture,
                             gconstpointer  data)
{
  const char *note = "This is a note, not a project.\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(GBytes) before = NULL;
  sqlite3 *db;

  g_assert_true (g_file_set_contents (fixture->path, note, -1, NULL));
  store = intake_store_open_readonly (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_OPEN);
  g_clear_error (&error);

  g_remove (fixture->path);
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE recipes (name TEXT)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  before = read_file (fixture->path);

  store = intake_store_open_readonly (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_OPEN);
  assert_file_is (fixture->path, before);
}

static void
test_readonly_older_schema_refused (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(GBytes) before = NULL;

  make_project (fixture->path, 2);
  make_version_2 (fixture->path);
  before = read_file (fixture->path);

  store = intake_store_open_readonly (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_SCHEMA);
  g_assert_nonnull (strstr (error->message, "writing command"));
  assert_file_is (fixture->path, before);

  /* A writing open brings it up to date; then it reads. */
  g_clear_error (&error);
  store = intake_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  store = intake_store_open_readonly (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_submissions (store), ==, 2);
}

/* ---- Damaged files ----------------------------------------------------- */

/* Overwrites the first page of the submissions table with garbage, as a
 * failing disk or a copy cut short would. */
static void
damage_project (const char *path)
{
  g_autofree char *rootpage = query_text (path, "SELECT rootpage FROM sqlite_master WHERE name = 'submissions'");
  g_autofree char *page_size = query_text (path, "PRAGMA page_size");
  gsize size = atoi (page_size);
  g_autofree guchar *garbage = g_malloc (size);
  FILE *file;

  g_assert_cmpint (atoi (rootpage), >, 1);
  memset (garbage, 0xa5, size);

  file = fopen (path, "r+b");
  g_assert_nonnull (file);
  g_assert_cmpint (fseek (file, (long) (atoi (rootpage) - 1) * size, SEEK_SET), ==, 0);
  g_assert_cmpuint (fwrite (garbage, 1, size, file), ==, size);
  fclose (file);
}

static void
test_damaged_refused_for_writing (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(GBytes) before = NULL;

  make_project (fixture->path, 300);
  damage_project (fixture->path);
  before = read_file (fixture->path);

  store = intake_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "is damaged"));
  g_assert_nonnull (strstr (error->message, "Restore it from a backup"));
  assert_file_is (fixture->path, before);
}

static void
test_damaged_refused_for_reading (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(GBytes) before = NULL;

  make_project (fixture->path, 300);
  damage_project (fixture->path);
  before = read_file (fixture->path);

  store = intake_store_open_readonly (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "is damaged"));
  assert_file_is (fixture->path, before);
}

static void
test_damaged_schema_page (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(GBytes) before = NULL;
  guchar garbage[512];
  FILE *file;

  /* The list of tables itself (page 1, after the file header): SQLite
   * reports it as it reads the schema, and that reads as damage too. */
  make_project (fixture->path, 10);
  memset (garbage, 0x5a, sizeof garbage);
  file = fopen (fixture->path, "r+b");
  g_assert_nonnull (file);
  g_assert_cmpint (fseek (file, 100, SEEK_SET), ==, 0);
  g_assert_cmpuint (fwrite (garbage, 1, sizeof garbage, file), ==, sizeof garbage);
  fclose (file);
  before = read_file (fixture->path);

  store = intake_store_open_readonly (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_DAMAGED);
  g_clear_error (&error);

  store = intake_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "Restore it from a backup"));
  assert_file_is (fixture->path, before);
}

static void
checked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GError **error = user_data;

  if (intake_store_wait_checked_finish (INTAKE_STORE (source), result, error))
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NONE, "checked, no damage");
}

/* What intake_store_wait_checked_async() says of @store; G_IO_ERROR_NONE
 * for no damage. */
static GError *
wait_checked (IntakeStore *store)
{
  GError *outcome = NULL;

  intake_store_wait_checked_async (store, checked_cb, &outcome);
  while (outcome == NULL)
    g_main_context_iteration (NULL, TRUE);

  return outcome;
}

/* Opened for the window, a damaged project reads at once, but nothing is
 * written to it, on any of its connections, and waiting tells why. */
static void
test_damaged_found_later (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) outcome = NULL;
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(IntakeStore) other = NULL;
  g_autoptr(GBytes) before = NULL;

  make_project (fixture->path, 300);
  damage_project (fixture->path);
  before = read_file (fixture->path);

  store = intake_store_open_checking_later (fixture->path, &error);
  g_assert_no_error (error);
  other = intake_store_open_another (store, &error);
  g_assert_no_error (error);

  g_assert_false (intake_store_begin (other, &error));
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_DAMAGED);
  g_clear_error (&error);
  g_assert_false (intake_store_begin (store, &error));
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "Restore it from a backup"));

  outcome = wait_checked (store);
  g_assert_error (outcome, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_DAMAGED);

  g_clear_object (&other);
  g_clear_object (&store);
  assert_file_is (fixture->path, before);
}

static void
test_sound_checked_later (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) outcome = NULL;
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(IntakeSubmission) submission = NULL;

  make_project (fixture->path, 300);

  store = intake_store_open_checking_later (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_submissions (store), ==, 300);
  g_assert_true (intake_store_set_status (store, 1, INTAKE_STATUS_CODED, NULL, &error));
  g_assert_no_error (error);

  outcome = wait_checked (store);
  g_assert_error (outcome, G_IO_ERROR, G_IO_ERROR_NONE);
  submission = intake_store_get_submission (store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (intake_submission_get_status (submission), ==, INTAKE_STATUS_CODED);
}

/* Switching a file to WAL writes to it, so one that is not in WAL yet
 * (a copy made elsewhere) is checked before it is opened, as before. */
static void
test_damaged_not_wal_refused_at_once (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autofree char *mode = NULL;
  sqlite3 *db;

  make_project (fixture->path, 300);
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  mode = query_text (fixture->path, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "delete");
  damage_project (fixture->path);
  before = read_file (fixture->path);

  store = intake_store_open_checking_later (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_DAMAGED);
  assert_file_is (fixture->path, before);
}

/* ---- Status ------------------------------------------------------------- */

static void
test_status_names (void)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (INTAKE_TYPE_STATUS);
  g_autoptr(IntakeStore) store = intake_store_new_in_memory (NULL);
  g_autoptr(IntakeParsedMessage) message = make_message ("s@example.org", "Status", "Text", 1);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  IntakeStatus status = INTAKE_STATUS_EXCLUDED;
  GParamSpec *pspec;

  /* The nicks are what the project file and the command line hold. */
  g_assert_cmpstr (intake_status_to_string (INTAKE_STATUS_NEW), ==, "new");
  g_assert_cmpstr (intake_status_to_string (INTAKE_STATUS_IN_PROGRESS), ==, "in-progress");
  g_assert_cmpstr (intake_status_to_string (INTAKE_STATUS_CODED), ==, "coded");
  g_assert_cmpstr (intake_status_to_string (INTAKE_STATUS_EXCLUDED), ==, "excluded");
  g_assert_null (intake_status_to_string (42));
  g_assert_cmpint (g_enum_get_value_by_nick (klass, "in-progress")->value, ==, INTAKE_STATUS_IN_PROGRESS);

  g_assert_true (intake_status_from_string ("coded", &status));
  g_assert_cmpint (status, ==, INTAKE_STATUS_CODED);
  g_assert_false (intake_status_from_string ("finished", &status));
  g_assert_false (intake_status_from_string ("Coded", &status));
  g_assert_false (intake_status_from_string (NULL, &status));
  g_assert_cmpint (status, ==, INTAKE_STATUS_CODED);

  /* A submission reads its status back from the file as the enum. */
  insert (store, message);
  ids = intake_store_list_ids (store, NULL);
  g_assert_true (intake_store_set_status (store, g_array_index (ids, gint64, 0), INTAKE_STATUS_EXCLUDED, "A", NULL));
  rows = intake_store_get_summaries (store, (gint64 *) ids->data, 1, NULL);
  g_assert_cmpint (intake_submission_get_status (rows->pdata[0]), ==, INTAKE_STATUS_EXCLUDED);
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (rows->pdata[0]), "status");
  g_assert_true (G_IS_PARAM_SPEC_ENUM (pspec));
  g_assert_true (pspec->value_type == INTAKE_TYPE_STATUS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store/migrate/new-file", Fixture, NULL, fixture_set_up, test_migrate_new_file, fixture_tear_down);
  g_test_add ("/store/migrate/reopen-keeps-data", Fixture, NULL, fixture_set_up, test_migrate_reopen_keeps_data, fixture_tear_down);
  g_test_add ("/store/migrate/from-previous-version", Fixture, NULL, fixture_set_up, test_migrate_from_previous_version, fixture_tear_down);
  g_test_add ("/store/migrate/spreads-default-colours", Fixture, NULL, fixture_set_up, test_migrate_spreads_default_colours, fixture_tear_down);
  g_test_add ("/store/migrate/source-kinds-and-csv-roles", Fixture, NULL, fixture_set_up, test_migrate_source_kinds_and_csv_roles, fixture_tear_down);
  g_test_add_func ("/store/insert/source-kind", test_source_kind_recorded);
  g_test_add ("/store/migrate/newer-version-refused", Fixture, NULL, fixture_set_up, test_migrate_newer_version_refused, fixture_tear_down);
  g_test_add ("/store/open/not-sqlite", Fixture, NULL, fixture_set_up, test_open_not_sqlite, fixture_tear_down);
  g_test_add ("/store/open/foreign-database", Fixture, NULL, fixture_set_up, test_open_foreign_database, fixture_tear_down);
  g_test_add ("/store/open/directory", Fixture, NULL, fixture_set_up, test_open_directory, fixture_tear_down);
  g_test_add_func ("/store/insert/duplicate-message-id", test_duplicate_message_id);
  g_test_add_func ("/store/insert/duplicate-content-hash", test_duplicate_content_hash);
  g_test_add_func ("/store/insert/source-attributes", test_source_attributes);
  g_test_add_func ("/store/insert/attachments", test_attachments_stored);
  g_test_add_func ("/store/transaction/rollback", test_transaction_rollback);
  g_test_add_func ("/store/list/order", test_list_order);
  g_test_add_func ("/store/search/fts", test_search_fts);
  g_test_add_func ("/store/search/rank", test_search_rank);
  g_test_add_func ("/store/counters/duplicates", test_duplicates_counter);
  g_test_add_func ("/store/status/names", test_status_names);
  g_test_add ("/store/readonly/reads-without-writing", Fixture, NULL, fixture_set_up, test_readonly_reads_without_writing, fixture_tear_down);
  g_test_add ("/store/readonly/empty-file", Fixture, NULL, fixture_set_up, test_readonly_empty_file, fixture_tear_down);
  g_test_add ("/store/readonly/missing-file", Fixture, NULL, fixture_set_up, test_readonly_missing_file, fixture_tear_down);
  g_test_add ("/store/readonly/not-a-project", Fixture, NULL, fixture_set_up, test_readonly_not_a_project, fixture_tear_down);
  g_test_add ("/store/readonly/older-schema-refused", Fixture, NULL, fixture_set_up, test_readonly_older_schema_refused, fixture_tear_down);
  g_test_add ("/store/damaged/refused-for-writing", Fixture, NULL, fixture_set_up, test_damaged_refused_for_writing, fixture_tear_down);
  g_test_add ("/store/damaged/refused-for-reading", Fixture, NULL, fixture_set_up, test_damaged_refused_for_reading, fixture_tear_down);
  g_test_add ("/store/damaged/found-later", Fixture, NULL, fixture_set_up, test_damaged_found_later, fixture_tear_down);
  g_test_add ("/store/damaged/not-wal-refused-at-once", Fixture, NULL, fixture_set_up, test_damaged_not_wal_refused_at_once, fixture_tear_down);
  g_test_add ("/store/checked-later", Fixture, NULL, fixture_set_up, test_sound_checked_later, fixture_tear_down);
  g_test_add ("/store/damaged/schema-page", Fixture, NULL, fixture_set_up, test_damaged_schema_page, fixture_tear_down);

  return g_test_run ();
}
