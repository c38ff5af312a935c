#define G_LOG_DOMAIN "intake-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <unistd.h>

#include "intake-store-private.h"

/* The project file: open, schema and migrations, the reading of
 * submissions, and the writes of an import. Codes, codings and the audit
 * trail are in intake-store-codebook.c, intake-store-codings.c and
 * intake-store-audit.c. */


/* How long a change waits for another program's change to end. */
#define BUSY_TIMEOUT_MS 10000

/* The integrity check of a project opened for the window, run beside the
 * window's making rather than before it. Writes wait for its outcome. */
typedef struct
{
  gatomicrefcount ref_count;
  GMutex          mutex;
  GCond           cond;
  gboolean        done;
  GError         *error;  /* what was found, once @done */
} IntegrityCheck;

struct _IntakeStore
{
  GObject       parent_instance;

  sqlite3      *db;
  char         *path;
  char         *uri;           /* for in-memory stores shared between connections */
  IntakeStore  *memory_owner;  /* keeps a shared in-memory database alive */

  /* Prepared once: the import runs them for every message. */
  sqlite3_stmt *find_message_id;
  sqlite3_stmt *find_content_hash;
  sqlite3_stmt *insert_submission;
  sqlite3_stmt *insert_attachment;
  sqlite3_stmt *get_summary;
  sqlite3_stmt *insert_attribute;
  sqlite3_stmt *insert_source_file;

  gint64        fts_pending_from;  /* first submission of this transaction not yet indexed */

  guint         write_depth;       /* changes under way, nested */
  gboolean      write_owns_transaction;
  gboolean      read_only;
  gboolean      checked;           /* by quick_check, or nothing to check (in memory) */
  IntegrityCheck *later_check;     /* a check still running, shared by the connections */
};

G_DEFINE_FINAL_TYPE (IntakeStore, intake_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (intake-store-error-quark, intake_store_error)

static gboolean
exec (IntakeStore  *self,
      const char   *sql,
      GError      **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return _intake_store_fail (self, NULL, error);

  return TRUE;
}

/* Forward migrations, one per schema version; index 0 brings a new file to version 1.
 * Never edit a released entry: add a new one. */
static const char *migrations[] = {
  /* 1 */
  "CREATE TABLE source_files ("
  "  id INTEGER PRIMARY KEY,"
  "  path TEXT NOT NULL,"
  "  size INTEGER NOT NULL DEFAULT 0,"
  "  sha256 TEXT,"
  "  imported_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE submissions ("
  "  id INTEGER PRIMARY KEY,"
  "  message_id TEXT UNIQUE,"
  "  content_hash TEXT,"
  "  subject TEXT NOT NULL DEFAULT '',"
  "  from_name TEXT NOT NULL DEFAULT '',"
  "  from_addr TEXT NOT NULL DEFAULT '',"
  "  date INTEGER,"
  "  in_reply_to TEXT,"
  "  refs TEXT,"
  "  text TEXT NOT NULL DEFAULT '',"
  "  n_attachments INTEGER NOT NULL DEFAULT 0,"
  "  status TEXT NOT NULL DEFAULT 'new'"
  "    CHECK (status IN ('new', 'in-progress', 'coded', 'excluded')),"
  "  source_file_id INTEGER REFERENCES source_files (id) ON DELETE SET NULL,"
  "  source_position TEXT,"
  "  imported_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX submissions_content_hash ON submissions (content_hash) WHERE content_hash IS NOT NULL;"
  "CREATE INDEX submissions_date ON submissions (date, id);"
  "CREATE TABLE attachments ("
  "  id INTEGER PRIMARY KEY,"
  "  submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  filename TEXT NOT NULL,"
  "  mime_type TEXT NOT NULL,"
  "  size INTEGER NOT NULL,"
  "  sha256 TEXT NOT NULL,"
  "  data BLOB,"
  "  text TEXT"
  ");"
  "CREATE INDEX attachments_submission ON attachments (submission_id, position);"
  "CREATE TABLE import_log ("
  "  id INTEGER PRIMARY KEY,"
  "  source_file_id INTEGER REFERENCES source_files (id) ON DELETE SET NULL,"
  "  file TEXT NOT NULL,"
  "  position TEXT NOT NULL,"
  "  reason TEXT NOT NULL,"
  "  logged_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX import_log_message ON import_log (file, position);"
  "CREATE TABLE counters ("
  "  name TEXT PRIMARY KEY,"
  "  value INTEGER NOT NULL DEFAULT 0"
  ");"
  "INSERT INTO counters (name, value) VALUES ('duplicates_seen', 0);"
  "CREATE VIRTUAL TABLE submissions_fts USING fts5 ("
  "  subject, text, content = 'submissions', content_rowid = 'id',"
  "  tokenize = 'unicode61 remove_diacritics 2'"
  ");"
  "CREATE TRIGGER submissions_fts_delete AFTER DELETE ON submissions BEGIN"
  "  INSERT INTO submissions_fts (submissions_fts, rowid, subject, text)"
  "    VALUES ('delete', old.id, old.subject, old.text);"
  "END;"
  "CREATE TRIGGER submissions_fts_update AFTER UPDATE OF subject, text ON submissions BEGIN"
  "  INSERT INTO submissions_fts (submissions_fts, rowid, subject, text)"
  "    VALUES ('delete', old.id, old.subject, old.text);"
  "  INSERT INTO submissions_fts (rowid, subject, text) VALUES (new.id, new.subject, new.text);"
  "END;",

  /* 2: coding */
  "CREATE TABLE reviewers ("
  "  id INTEGER PRIMARY KEY,"
  "  guid TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
  "  added_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE codes ("
  "  id INTEGER PRIMARY KEY,"
  "  guid TEXT NOT NULL UNIQUE,"
  "  parent_id INTEGER REFERENCES codes (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  name TEXT NOT NULL,"
  "  description TEXT NOT NULL DEFAULT '',"
  "  color TEXT,"
  "  is_codable INTEGER NOT NULL DEFAULT 1,"
  "  single_choice INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX codes_parent ON codes (parent_id, position);"
  "CREATE TABLE codings ("
  "  id INTEGER PRIMARY KEY,"
  "  guid TEXT NOT NULL UNIQUE,"
  "  submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,"
  "  code_id INTEGER NOT NULL REFERENCES codes (id) ON DELETE CASCADE,"
  "  reviewer_id INTEGER NOT NULL REFERENCES reviewers (id),"
  "  start INTEGER NOT NULL DEFAULT -1,"
  "  end INTEGER NOT NULL DEFAULT -1,"
  "  created_at INTEGER NOT NULL,"
  "  CHECK ((start = -1 AND end = -1) OR (start >= 0 AND end > start))"
  ");"
  "CREATE UNIQUE INDEX codings_unique ON codings (submission_id, code_id, reviewer_id, start, end);"
  "CREATE INDEX codings_code ON codings (code_id, submission_id);"
  "CREATE TABLE attributes ("
  "  submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  value TEXT NOT NULL,"
  "  reviewer_id INTEGER REFERENCES reviewers (id),"
  "  updated_at INTEGER NOT NULL,"
  "  PRIMARY KEY (submission_id, name)"
  ");"
  "CREATE INDEX attributes_value ON attributes (name, value);"
  "CREATE TABLE memos ("
  "  submission_id INTEGER PRIMARY KEY REFERENCES submissions (id) ON DELETE CASCADE,"
  "  text TEXT NOT NULL,"
  "  reviewer_id INTEGER REFERENCES reviewers (id),"
  "  updated_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE audit ("
  "  id INTEGER PRIMARY KEY,"
  "  at INTEGER NOT NULL,"
  "  reviewer_id INTEGER REFERENCES reviewers (id),"
  "  submission_id INTEGER,"
  "  action TEXT NOT NULL,"
  "  detail TEXT NOT NULL DEFAULT ''"
  ");"
  "CREATE INDEX audit_reviewer ON audit (reviewer_id, id);"
  "CREATE INDEX submissions_status ON submissions (status);",

  /* 3: why an attachment gave no text */
  "ALTER TABLE attachments ADD COLUMN note TEXT;",

  /* 4: what the import could not keep of a message */
  "ALTER TABLE submissions ADD COLUMN note TEXT;",

  /* 5: the default codebook's codes spread around their group's hue;
   * a colour a coordinator chose is kept */
  "WITH spread (guid, old_color, color) AS (VALUES"
  "  ('baa7c915-7b46-404d-8053-a55278fb5cac', '#205488', '#11859C')"
  ", ('e22e4e5c-11eb-47be-a558-c9171054bba7', '#235295', '#4095BF')"
  ", ('af121a09-869a-4b08-a3fc-da76df91f7f7', '#264FA1', '#0B3865')"
  ", ('cc490b95-2d03-42b2-a075-31d8a5ef6dc6', '#294AAE', '#2B4882')"
  ", ('c24fce3a-eb58-4605-a51d-55f8c80819f7', '#1F8476', '#119C5E')"
  ", ('a74f8572-7c8d-45af-9a00-7d302fc6e77d', '#218C83', '#37A680')"
  ", ('255f85a9-246a-4f56-8863-e076aa65adf9', '#239591', '#0B654F')"
  ", ('126c2494-51c1-4773-9aa6-5163b09d219b', '#259A9D', '#2B8275')"
  ", ('1bd7264f-664f-4f77-a979-f4e916fabfe6', '#279BA5', '#12A59E')"
  ", ('65a37337-a267-43ce-b3ad-0278b31be5da', '#299CAE', '#1C5154')"
  ", ('f57da019-f4bc-4c8c-b069-0413bc247e68', '#4F1F84', '#29119C')"
  ", ('fe271327-78b2-467a-be8e-430dd23ebc6b', '#5A218C', '#6240BF')"
  ", ('fea371b5-a4a9-4e8b-8a4d-5dfe9cbaa717', '#652395', '#2C0B65')"
  ", ('5d2eedb6-7a37-4372-bea2-596462efea95', '#72259D', '#542B82')"
  ", ('50d16ace-6608-4724-9b8a-778a3c62e9ad', '#7F27A5', '#8D19E6')"
  ", ('fdcaf68b-a8c7-4741-9ead-a5ffddd7468f', '#8C29AE', '#411C54')"
  ", ('ad08bba5-3803-4ecc-8414-ad41ce1da30c', '#81391E', '#9C1113')"
  ", ('bee1aef6-a510-4a31-987d-75d5ca1989b1', '#863E1F', '#BF4540')"
  ", ('225e6607-c1cb-440f-8a11-0538b1cf0edf', '#8B4421', '#65140B')"
  ", ('22e5f955-015c-4c54-92f4-da2e34e30ad4', '#904A22', '#82382B')"
  ", ('4f32c235-cc0f-4992-92cb-69fa63f3aa91', '#955023', '#E64419')"
  ", ('df0d27d4-47d5-44aa-afe6-1787307de021', '#9A5724', '#542B1C')"
  ", ('b4a1bcd8-d9f5-4fa6-8ef4-1c1271c53088', '#9F5E25', '#9C3D11')"
  ", ('846dc47f-f075-4003-b06b-3db747325ca8', '#A46526', '#BF6F40')"
  ", ('a1e0a701-0298-4b86-99de-83e688dd0f81', '#A96C28', '#65320B')"
  ", ('5b716343-5fad-405f-9ded-1582961a22b6', '#AE7429', '#82552B')"
  ", ('e4ee822e-36d9-4820-92c5-7740c3d521d3', '#1F842D', '#289C11')"
  ", ('04be7eab-cab9-4ad7-a3de-0c1ad18aa5ae', '#218C36', '#3FA838')"
  ", ('ced2e672-d887-4531-8d94-e09cc5652b2e', '#23953F', '#0B650F')"
  ", ('56fbdba6-57ad-4a3e-886f-2eb546c8581a', '#259D4A', '#2B8237')"
  ", ('81799585-ecd6-4ef9-88f9-9525c9e881ce', '#26A152', '#13AC37')"
  ", ('dfacc705-9fc2-4634-b3d8-174f2e98c94b', '#3D7A1F', '#1C542F')"
  ", ('e4747947-f052-452d-a86c-805422a39371', '#882031', '#9C1157')"
  ", ('a275c6af-6d1a-4d5e-bb0e-4f6c6d59411a', '#95232C', '#BF406B')"
  ", ('3bb1d423-4f07-44f8-8407-01cdd7c05d6c', '#A12626', '#650B1A')"
  ", ('903c96f9-bee2-4a10-b258-64bc97914d1e', '#AE3429', '#822B2C')"
  ") UPDATE codes SET color = spread.color FROM spread"
  " WHERE codes.guid = spread.guid AND upper (codes.color) = spread.old_color;",

  /* 6: what kind of file each submission came from, told by the importer
   * from now on and by the file's name before; and the roles the person
   * gave the columns of a survey export, by the export's header (its
   * column names joined by U+001F), for the next file with those columns */
  "ALTER TABLE source_files ADD COLUMN kind TEXT"
  "  CHECK (kind IS NULL OR kind IN ('mail', 'outlook', 'survey'));"
  "UPDATE source_files SET kind = CASE"
  "  WHEN lower (path) LIKE '%.csv' OR lower (path) LIKE '%.tsv' THEN 'survey'"
  "  WHEN lower (path) LIKE '%.msg' OR lower (path) LIKE '%.pst' OR lower (path) LIKE '%.ost' THEN 'outlook'"
  "  ELSE 'mail' END;"
  "CREATE TABLE csv_roles ("
  "  header TEXT NOT NULL,"
  "  position INTEGER NOT NULL,"
  "  role TEXT NOT NULL CHECK (role IN ('text', 'attribute', 'id', 'ignore')),"
  "  updated_at INTEGER NOT NULL,"
  "  PRIMARY KEY (header, position)"
  ") WITHOUT ROWID;",

  /* 7: the GUID a submission came with from a REFI-QDA project (.qdpx), so
   * that exporting it again names it as the other program did; NULL for
   * everything else, whose GUID is derived from its Message-ID or content */
  "ALTER TABLE submissions ADD COLUMN guid TEXT;"
  "CREATE UNIQUE INDEX submissions_guid ON submissions (guid) WHERE guid IS NOT NULL;",

  /* 8: the coordinator's decisions where reviewers disagree, one per
   * submission and code, and the codings each decision settled on. They
   * are kept apart from the codings so that agreement stays about the
   * reviewers: a coordinator's coding there would make them one more
   * coder. An accepted reviewer (chosen_reviewer_id) is set only when one
   * reviewer's coding was accepted. */
  "CREATE TABLE adjudications ("
  "  id INTEGER PRIMARY KEY,"
  "  submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,"
  "  code_id INTEGER NOT NULL REFERENCES codes (id) ON DELETE CASCADE,"
  "  decision TEXT NOT NULL CHECK (decision IN ('reviewer', 'all', 'none')),"
  "  chosen_reviewer_id INTEGER REFERENCES reviewers (id),"
  "  reason TEXT NOT NULL DEFAULT '',"
  "  coordinator_id INTEGER REFERENCES reviewers (id),"
  "  at INTEGER NOT NULL,"
  "  CHECK ((decision = 'reviewer') = (chosen_reviewer_id IS NOT NULL)),"
  "  UNIQUE (submission_id, code_id)"
  ");"
  "CREATE TABLE adjudicated_codings ("
  "  adjudication_id INTEGER NOT NULL REFERENCES adjudications (id) ON DELETE CASCADE,"
  "  start INTEGER NOT NULL DEFAULT -1,"
  "  end INTEGER NOT NULL DEFAULT -1,"
  "  CHECK ((start = -1 AND end = -1) OR (start >= 0 AND end > start)),"
  "  PRIMARY KEY (adjudication_id, start, end)"
  ") WITHOUT ROWID;",

  /* 9: merging reviewers' projects. A reviewer is their GUID: two people
   * may share a name, so the name loses its UNIQUE (which SQLite cannot
   * drop but by rebuilding the table, keeping its ids for the codings,
   * attributes, memos and audit that refer to them). Each reviewer keeps a
   * memo of their own on a submission, so a merge adds memos rather than
   * overwriting one; without a reviewer a memo counts as reviewer 0. The
   * audit is found by time, to import each entry once. */
  "CREATE TABLE reviewers_rebuilt ("
  "  id INTEGER PRIMARY KEY,"
  "  guid TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL COLLATE NOCASE,"
  "  added_at INTEGER NOT NULL"
  ");"
  "INSERT INTO reviewers_rebuilt (id, guid, name, added_at) SELECT id, guid, name, added_at FROM reviewers;"
  "DROP TABLE reviewers;"
  "ALTER TABLE reviewers_rebuilt RENAME TO reviewers;"
  "CREATE INDEX reviewers_name ON reviewers (name);"
  "CREATE TABLE memos_rebuilt ("
  "  submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,"
  "  text TEXT NOT NULL,"
  "  reviewer_id INTEGER REFERENCES reviewers (id),"
  "  updated_at INTEGER NOT NULL"
  ");"
  "INSERT INTO memos_rebuilt (submission_id, text, reviewer_id, updated_at)"
  "  SELECT submission_id, text, reviewer_id, updated_at FROM memos;"
  "DROP TABLE memos;"
  "ALTER TABLE memos_rebuilt RENAME TO memos;"
  "CREATE UNIQUE INDEX memos_reviewer ON memos (submission_id, ifnull (reviewer_id, 0));"
  "CREATE INDEX audit_at ON audit (at);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == INTAKE_STORE_SCHEMA_VERSION);

static gint64
query_int (IntakeStore  *self,
           const char   *sql,
           GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = _intake_store_prepare (self, sql, error);

  if (stmt == NULL)
    return -1;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _intake_store_fail (self, _("read the project"), error);
      return -1;
    }

  return sqlite3_column_int64 (stmt, 0);
}

static IntegrityCheck *
integrity_check_ref (IntegrityCheck *check)
{
  g_atomic_ref_count_inc (&check->ref_count);
  return check;
}

static void
integrity_check_unref (IntegrityCheck *check)
{
  if (!g_atomic_ref_count_dec (&check->ref_count))
    return;

  g_mutex_clear (&check->mutex);
  g_cond_clear (&check->cond);
  g_clear_error (&check->error);
  g_free (check);
}

/* Returns: FALSE, with what the check found, if the project is damaged */
static gboolean
integrity_check_wait (IntegrityCheck  *check,
                      GError         **error)
{
  gboolean ok;

  g_mutex_lock (&check->mutex);
  while (!check->done)
    g_cond_wait (&check->cond, &check->mutex);
  ok = check->error == NULL;
  if (!ok)
    g_propagate_error (error, g_error_copy (check->error));
  g_mutex_unlock (&check->mutex);

  return ok;
}

static void
intake_store_finalize (GObject *object)
{
  IntakeStore *self = INTAKE_STORE (object);

  g_clear_pointer (&self->find_message_id, sqlite3_finalize);
  g_clear_pointer (&self->find_content_hash, sqlite3_finalize);
  g_clear_pointer (&self->insert_submission, sqlite3_finalize);
  g_clear_pointer (&self->insert_attachment, sqlite3_finalize);
  g_clear_pointer (&self->get_summary, sqlite3_finalize);
  g_clear_pointer (&self->insert_attribute, sqlite3_finalize);
  g_clear_pointer (&self->insert_source_file, sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->later_check, integrity_check_unref);
  g_clear_object (&self->memory_owner);
  g_free (self->path);
  g_free (self->uri);

  G_OBJECT_CLASS (intake_store_parent_class)->finalize (object);
}

static void
intake_store_class_init (IntakeStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = intake_store_finalize;
}

static void
intake_store_init (IntakeStore *self)
{
}

static gboolean
migrate_to (IntakeStore  *self,
            gint64        version,
            GError      **error)
{
  g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT ";"
                                           "PRAGMA application_id = %d;",
                                           version, INTAKE_STORE_APPLICATION_ID);

  return exec (self, migrations[version - 1], error) &&
         exec (self, bump, error) &&
         (version != 2 || _intake_store_seed_codebook (self, error));
}

/* Whether the file is a project this build can open (or an empty file to
 * make one of), and at which schema version. Only reads. */
static gboolean
check_project (IntakeStore  *self,
               gint64       *version,
               GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 application_id, n_tables;

  /* One statement, so one snapshot: another program creating the project
   * at this moment is seen before or after, never halfway. A file that is
   * not SQLite fails here, before anything is written to it. */
  stmt = _intake_store_prepare (self,
                                "SELECT (SELECT user_version FROM pragma_user_version),"
                                " (SELECT application_id FROM pragma_application_id),"
                                " (SELECT count(*) FROM sqlite_master)",
                                NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    {
      if ((sqlite3_errcode (self->db) & 0xff) == SQLITE_CORRUPT)
        return _intake_store_fail (self, NULL, error);

      g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_OPEN,
                   _("“%s” is not a Feedback Intake project"), self->path);
      return FALSE;
    }

  *version = sqlite3_column_int64 (stmt, 0);
  application_id = sqlite3_column_int64 (stmt, 1);
  n_tables = sqlite3_column_int64 (stmt, 2);

  if (*version == 0)
    {
      if (n_tables != 0)
        {
          g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_OPEN,
                       _("“%s” is a database of another program, not a Feedback Intake project"),
                       self->path);
          return FALSE;
        }
    }
  else if (application_id != INTAKE_STORE_APPLICATION_ID)
    {
      g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_OPEN,
                   _("“%s” is a database of another program, not a Feedback Intake project"),
                   self->path);
      return FALSE;
    }
  else if (*version > INTAKE_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_SCHEMA,
                   _("“%s” was saved by a newer version of Feedback Intake; update the app to open it"),
                   self->path);
      return FALSE;
    }

  return TRUE;
}

/* Brings the schema up to date, holding the write lock from the reading of
 * the version to the last migration: two programs opening a new project at
 * once must not both run the first migration. */
static gboolean
run_migrations (IntakeStore  *self,
                GError      **error)
{
  gint64 version;

  if (!check_project (self, &version, error))
    return FALSE;

  for (gint64 v = version + 1; v <= INTAKE_STORE_SCHEMA_VERSION; v++)
    if (!migrate_to (self, v, error))
      return FALSE;

  return TRUE;
}

/* Whether every row still points at a row that exists, after migrations
 * that ran with foreign keys off. */
static gboolean
check_foreign_keys (IntakeStore  *self,
                    GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = _intake_store_prepare (self, "PRAGMA foreign_key_check", error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_DAMAGED,
                   /* Translators: %s is the project file, then a table's name */
                   _("“%s” is damaged: the table “%s” refers to rows that do not exist. Restore it from a backup or a reviewer’s copy."),
                   self->path, (const char *) sqlite3_column_text (stmt, 0));
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return _intake_store_fail (self, NULL, error);

  return TRUE;
}

/* A damaged file is refused before anything is written to it, and before
 * anything is read from it that could be wrong. quick_check reads every
 * page but skips the costly index comparisons of integrity_check: 0.05 s on
 * a project of 21,000 submissions (26 MB) in the page cache, 0.25 s from
 * disk. A second connection of the same program does not check again. */
static gboolean
check_integrity (IntakeStore  *self,
                 GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *finding = NULL;
  const char *first;
  int rc;

  stmt = _intake_store_prepare (self, "PRAGMA quick_check(1)", error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return _intake_store_fail (self, NULL, error);

  first = (const char *) sqlite3_column_text (stmt, 0);
  if (g_strcmp0 (first, "ok") == 0)
    return TRUE;

  /* "*** in database main ***\nPage 3: btreeInitPage() returns error code 11" */
  if (first != NULL && g_str_has_prefix (first, "*** in database main ***"))
    first += strlen ("*** in database main ***");
  finding = g_strstrip (g_strdelimit (g_strdup (first ? first : ""), "\n", ' '));

  g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_DAMAGED,
               /* Translators: the second %s is what SQLite's check found, in English */
               _("“%s” is damaged: SQLite’s check found “%s”. Restore it from a backup or a reviewer’s copy."),
               self->path, finding);
  return FALSE;
}

/* Switching a file to WAL needs it alone for an instant, and SQLite does
 * not wait for that with the busy timeout: another program creating the
 * same project at the same moment makes it fail at once. So wait here. */
static gboolean
enable_wal (IntakeStore  *self,
            GError      **error)
{
  gint64 deadline = g_get_monotonic_time () + BUSY_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
  int rc;

  while ((rc = sqlite3_exec (self->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL)) != SQLITE_OK)
    {
      if ((rc & 0xff) != SQLITE_BUSY || g_get_monotonic_time () > deadline)
        return _intake_store_fail (self, NULL, error);
      g_usleep (5 * G_TIME_SPAN_MILLISECOND);
    }

  return TRUE;
}

/* Whether the file is in WAL mode already: switching it writes to it. */
static gboolean
is_wal (IntakeStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = _intake_store_prepare (self, "PRAGMA journal_mode", NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW &&
         g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "wal") == 0;
}

static gboolean
migrate (IntakeStore  *self,
         gboolean      check_later,
         GError      **error)
{
  gint64 version;

  /* Refuse what is not ours, or is damaged, before writing anything to it.
   * A migration writes, so only a project already up to date may be
   * checked later. */
  if (!check_project (self, &version, error))
    return FALSE;

  if (!self->checked && check_later && version == INTAKE_STORE_SCHEMA_VERSION &&
      self->uri == NULL && is_wal (self))
    {
      self->later_check = g_new0 (IntegrityCheck, 1);
      g_atomic_ref_count_init (&self->later_check->ref_count);
      g_mutex_init (&self->later_check->mutex);
      g_cond_init (&self->later_check->cond);
    }
  else if (!self->checked && !check_integrity (self, error))
    return FALSE;

  if (self->uri == NULL && !enable_wal (self, error))
    return FALSE;

  if (!exec (self, "PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY;", error))
    return FALSE;

  /* A migration may rebuild a table others refer to, the way SQLite's
   * documentation says: with foreign keys off, checked before the commit.
   * The pragma is set outside any transaction: it does nothing inside one. */
  if (version != INTAKE_STORE_SCHEMA_VERSION)
    {
      gboolean ok;

      if (!exec (self, "PRAGMA foreign_keys = OFF", error) ||
          !_intake_store_write_begin (self, error))
        return FALSE;

      ok = run_migrations (self, error) && check_foreign_keys (self, error);
      if (!_intake_store_write_end (self, ok, error))
        return FALSE;
    }

  return exec (self, "PRAGMA foreign_keys = ON", error);
}

/* Reading only: no migration, and no pragma that writes (journal_mode). A
 * project at an older schema is refused rather than read: its tables are
 * not the ones the queries expect. */
static gboolean
check_readable (IntakeStore  *self,
                GError      **error)
{
  gint64 version;

  if (!check_project (self, &version, error))
    return FALSE;

  if (version == 0)
    {
      g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_OPEN,
                   _("“%s” is empty: it is not a Feedback Intake project"), self->path);
      return FALSE;
    }

  if (version < INTAKE_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_SCHEMA,
                   _("“%s” was saved by an older version of Feedback Intake; open it once with a"
                     " writing command or the app to bring it up to date"),
                   self->path);
      return FALSE;
    }

  return (self->checked || check_integrity (self, error)) &&
         exec (self, "PRAGMA temp_store = MEMORY", error);
}

static gboolean
prepare_cached (IntakeStore   *self,
                sqlite3_stmt **stmt,
                const char    *sql,
                GError       **error)
{
  *stmt = _intake_store_prepare (self, sql, error);
  return *stmt != NULL;
}

typedef enum
{
  OPEN_URI       = 1 << 0,  /* a shared in-memory database */
  OPEN_READ_ONLY = 1 << 1,
  OPEN_CHECKED   = 1 << 2,  /* another connection of this program checked the file */
  OPEN_CHECK_LATER = 1 << 3,  /* on a thread of its own; writes wait for it */
} OpenFlags;

static void start_integrity_check (IntakeStore *self);

static IntakeStore *
open_connection (const char   *filename,
                 const char   *display_path,
                 OpenFlags     open_flags,
                 GError      **error)
{
  g_autoptr(IntakeStore) self = g_object_new (INTAKE_TYPE_STORE, NULL);
  gboolean is_uri = (open_flags & OPEN_URI) != 0;
  gboolean read_only = (open_flags & OPEN_READ_ONLY) != 0;
  int flags = SQLITE_OPEN_NOMUTEX;
  int rc;

  flags |= read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  self->read_only = read_only;
  self->checked = is_uri || (open_flags & OPEN_CHECKED) != 0;
  self->path = g_strdup (display_path);
  if (is_uri)
    {
      self->uri = g_strdup (filename);
      flags |= SQLITE_OPEN_URI;
    }

  rc = sqlite3_open_v2 (filename, &self->db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_OPEN,
                   _("Could not open the project “%s”: %s"), display_path,
                   self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  if (!_intake_store_register_rank (self, error))
    return NULL;

  if (read_only ? !check_readable (self, error)
                : !migrate (self, (open_flags & OPEN_CHECK_LATER) != 0, error))
    return NULL;

  if (!prepare_cached (self, &self->find_message_id, "SELECT id FROM submissions WHERE message_id = ?", error) ||
      !prepare_cached (self, &self->find_content_hash, "SELECT id FROM submissions WHERE content_hash = ? LIMIT 1", error) ||
      !prepare_cached (self, &self->insert_submission,
                       "INSERT INTO submissions (message_id, content_hash, subject, from_name,"
                       " from_addr, date, in_reply_to, refs, text, n_attachments,"
                       " source_file_id, source_position, imported_at, note, guid)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       error) ||
      !prepare_cached (self, &self->insert_attachment,
                       "INSERT INTO attachments (submission_id, position, filename, mime_type,"
                       " size, sha256, data, text, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       error) ||
      !prepare_cached (self, &self->get_summary,
                       "SELECT s.id, s.message_id, s.subject, s.from_name, s.from_addr, s.date,"
                       " s.n_attachments, s.status, s.in_reply_to, f.kind FROM submissions s"
                       " LEFT JOIN source_files f ON f.id = s.source_file_id WHERE s.id = ?",
                       error) ||
      !prepare_cached (self, &self->insert_attribute,
                       "INSERT OR REPLACE INTO attributes (submission_id, name, value, updated_at)"
                       " VALUES (?, ?, ?, ?)",
                       error) ||
      /* One row per message file of a Maildir. */
      !prepare_cached (self, &self->insert_source_file,
                       "INSERT INTO source_files (path, size, sha256, imported_at, kind) VALUES (?, ?, ?, ?, ?)",
                       error))
    return NULL;

  if (self->later_check != NULL)
    start_integrity_check (self);

  return g_steal_pointer (&self);
}

typedef struct
{
  IntegrityCheck *check;
  char           *path;
} CheckJob;

static gpointer
integrity_check_thread (gpointer data)
{
  CheckJob *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeStore) reader = NULL;

  /* A connection of its own, for reading only, checks the file as it opens. */
  reader = open_connection (job->path, job->path, OPEN_READ_ONLY, &error);

  g_mutex_lock (&job->check->mutex);
  job->check->error = g_steal_pointer (&error);
  job->check->done = TRUE;
  g_cond_broadcast (&job->check->cond);
  g_mutex_unlock (&job->check->mutex);

  integrity_check_unref (job->check);
  g_free (job->path);
  g_free (job);

  return NULL;
}

static void
start_integrity_check (IntakeStore *self)
{
  CheckJob *job = g_new0 (CheckJob, 1);

  job->check = integrity_check_ref (self->later_check);
  job->path = g_strdup (self->path);
  g_thread_unref (g_thread_new ("intake-check", integrity_check_thread, job));
}

/**
 * intake_store_open:
 * @path: the project file; created if it does not exist
 *
 * Opens a project, bringing its schema up to date.
 */
static IntakeStore *
open_for_writing (const char  *path,
                  OpenFlags    flags,
                  GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_OPEN,
                   _("Could not open the project “%s”: it is a folder"), path);
      return NULL;
    }

  return open_connection (path, path, flags, error);
}

IntakeStore *
intake_store_open (const char  *path,
                   GError     **error)
{
  return open_for_writing (path, 0, error);
}

/**
 * intake_store_open_checking_later:
 * @path: the project file; created if it does not exist
 *
 * Opens a project like intake_store_open(), but a project already at the
 * current schema is checked for damage on a thread of its own, so that a
 * window can be made meanwhile: reading starts at once, and every write,
 * on this connection or another opened from it, waits for the check and
 * fails with %INTAKE_STORE_ERROR_DAMAGED if it found damage. See
 * intake_store_wait_checked_async().
 */
IntakeStore *
intake_store_open_checking_later (const char  *path,
                                  GError     **error)
{
  return open_for_writing (path, OPEN_CHECK_LATER, error);
}

static void
wait_checked_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GError *error = NULL;

  if (integrity_check_wait (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * intake_store_wait_checked_async:
 *
 * Waits for the damage check that intake_store_open_checking_later()
 * started; finishes at once for a store checked as it opened.
 */
void
intake_store_wait_checked_async (IntakeStore         *self,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (INTAKE_IS_STORE (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, intake_store_wait_checked_async);
  if (self->later_check == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_task_set_task_data (task, integrity_check_ref (self->later_check),
                        (GDestroyNotify) integrity_check_unref);
  g_task_run_in_thread (task, wait_checked_thread);
}

/* Returns: FALSE, with %INTAKE_STORE_ERROR_DAMAGED, if the project is damaged */
gboolean
intake_store_wait_checked_finish (IntakeStore   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * intake_store_open_readonly:
 * @path: an existing project file
 *
 * Opens a project for reading only: the file is not written to, not even
 * to bring its schema up to date (like any reader of a WAL database,
 * SQLite may leave empty -wal and -shm files beside it). An empty or
 * missing file, a file that is not a project, one saved by an older or
 * newer version, or a damaged one is refused (%INTAKE_STORE_ERROR_OPEN,
 * %INTAKE_STORE_ERROR_SCHEMA or %INTAKE_STORE_ERROR_DAMAGED).
 */
IntakeStore *
intake_store_open_readonly (const char  *path,
                            GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_OPEN,
                   _("Could not open the project “%s”: it is a folder"), path);
      return NULL;
    }

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_OPEN,
                   _("The project “%s” does not exist"), path);
      return NULL;
    }

  return open_connection (path, path, OPEN_READ_ONLY, error);
}

IntakeStore *
intake_store_new_in_memory (GError **error)
{
  static guint counter;
  g_autofree char *uri = g_strdup_printf ("file:intake-memory-%d-%u?mode=memory&cache=shared",
                                          (int) getpid (), g_atomic_int_add (&counter, 1));

  return open_connection (uri, ":memory:", OPEN_URI, error);
}

/**
 * intake_store_open_another:
 *
 * Opens a second connection to the same project, for use in another thread.
 */
IntakeStore *
intake_store_open_another (IntakeStore  *self,
                           GError      **error)
{
  OpenFlags flags = OPEN_CHECKED | (self->read_only ? OPEN_READ_ONLY : 0);
  IntakeStore *other;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);

  if (self->uri == NULL)
    {
      other = open_connection (self->path, self->path, flags, error);
      /* Its writes too wait for the check. */
      if (other != NULL && self->later_check != NULL)
        other->later_check = integrity_check_ref (self->later_check);
      return other;
    }

  other = open_connection (self->uri, self->path, flags | OPEN_URI, error);
  if (other != NULL)
    other->memory_owner = g_object_ref (self->memory_owner ? self->memory_owner : self);

  return other;
}

const char *
intake_store_get_path (IntakeStore *self)
{
  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);
  return self->path;
}

int
intake_store_get_schema_version (IntakeStore *self)
{
  g_return_val_if_fail (INTAKE_IS_STORE (self), -1);
  return (int) query_int (self, "PRAGMA user_version", NULL);
}

/* ---- Reading ------------------------------------------------------------ */

/* Steps @stmt to its end, appending the id in its first column of each row. */
static gboolean
append_ids (IntakeStore   *self,
            sqlite3_stmt  *stmt,
            GArray        *ids,
            GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }

  if (rc != SQLITE_DONE)
    return _intake_store_fail (self, _("read the project"), error);

  return TRUE;
}

static GArray *
collect_ids (IntakeStore  *self,
             const char   *sql,
             const char   *text_param,
             GError      **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(sqlite3_stmt) stmt = _intake_store_prepare (self, sql, error);

  if (stmt == NULL)
    return NULL;

  if (text_param != NULL)
    sqlite3_bind_text (stmt, 1, text_param, -1, SQLITE_TRANSIENT);

  if (!append_ids (self, stmt, ids, error))
    return NULL;

  return g_steal_pointer (&ids);
}

/**
 * intake_store_list_ids:
 *
 * Returns: (transfer full): every submission's id, oldest first, unknown dates last
 */
GArray *
intake_store_list_ids (IntakeStore  *self,
                       GError      **error)
{
  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);

  return intake_store_filter_ids (self, &(IntakeFilter) { 0, }, error);
}

static IntakeSubmission *
summary_from_row (sqlite3_stmt *stmt)
{
  g_autoptr(GDateTime) date = NULL;
  IntakeSubmission *submission;
  IntakeStatus status = INTAKE_STATUS_NEW;

  intake_status_from_string ((const char *) sqlite3_column_text (stmt, 7), &status);

  if (sqlite3_column_type (stmt, 5) != SQLITE_NULL)
    date = g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, 5));

  submission = _intake_submission_new (sqlite3_column_int64 (stmt, 0),
                                       (const char *) sqlite3_column_text (stmt, 1),
                                       (const char *) sqlite3_column_text (stmt, 2),
                                       (const char *) sqlite3_column_text (stmt, 3),
                                       (const char *) sqlite3_column_text (stmt, 4),
                                       date,
                                       sqlite3_column_int (stmt, 6),
                                       status,
                                       (const char *) sqlite3_column_text (stmt, 8));
  _intake_submission_set_source_kind (submission,
                                      intake_source_kind_from_string ((const char *) sqlite3_column_text (stmt, 9)));

  return submission;
}

/* For the statements prepared once. */
static void
reset (sqlite3_stmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

/**
 * intake_store_get_summaries:
 *
 * Returns: (transfer full): an IntakeSubmission without text for each id that
 *   exists, in the order asked
 */
GPtrArray *
intake_store_get_summaries (IntakeStore  *self,
                            const gint64 *ids,
                            guint         n_ids,
                            GError      **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);

  for (guint i = 0; i < n_ids; i++)
    {
      sqlite3_stmt *stmt = self->get_summary;
      int rc;

      sqlite3_bind_int64 (stmt, 1, ids[i]);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        g_ptr_array_add (rows, summary_from_row (stmt));
      else if (rc != SQLITE_DONE)
        _intake_store_fail (self, _("read the project"), error);
      reset (stmt);

      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return NULL;
    }

  return g_steal_pointer (&rows);
}

IntakeSubmission *
intake_store_get_submission (IntakeStore  *self,
                             gint64        id,
                             GError      **error)
{
  g_autoptr(IntakeSubmission) submission = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) attachments = NULL;
  int rc;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);

  stmt = _intake_store_prepare (self,
                                "SELECT s.id, s.message_id, s.subject, s.from_name, s.from_addr, s.date,"
                                " s.n_attachments, s.status, s.in_reply_to, f.kind, s.text, s.note"
                                " FROM submissions s LEFT JOIN source_files f ON f.id = s.source_file_id"
                                " WHERE s.id = ?",
                                error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_NOT_FOUND,
                   _("There is no submission with the id %s"), id_text);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _intake_store_fail (self, _("read the project"), error);
      return NULL;
    }

  submission = summary_from_row (stmt);
  _intake_submission_set_text (submission, (const char *) sqlite3_column_text (stmt, 10),
                               (const char *) sqlite3_column_text (stmt, 11));

  attachments = _intake_store_prepare (self,
                                       "SELECT filename, mime_type, size, sha256, text, note FROM attachments"
                                       " WHERE submission_id = ? ORDER BY position",
                                       error);
  if (attachments == NULL)
    return NULL;

  sqlite3_bind_int64 (attachments, 1, id);
  while ((rc = sqlite3_step (attachments)) == SQLITE_ROW)
    _intake_submission_add_attachment (submission,
                                       (const char *) sqlite3_column_text (attachments, 0),
                                       (const char *) sqlite3_column_text (attachments, 1),
                                       sqlite3_column_int64 (attachments, 2),
                                       (const char *) sqlite3_column_text (attachments, 3),
                                       (const char *) sqlite3_column_text (attachments, 4),
                                       (const char *) sqlite3_column_text (attachments, 5));

  if (rc != SQLITE_DONE)
    {
      _intake_store_fail (self, _("read the project"), error);
      return NULL;
    }

  return g_steal_pointer (&submission);
}

static void
append_fts_string (GString    *query,
                   const char *text,
                   gsize       len,
                   gboolean    prefix)
{
  if (query->len > 0)
    g_string_append_c (query, ' ');
  g_string_append_c (query, '"');
  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '"')
        g_string_append_c (query, '"');
      g_string_append_c (query, text[i]);
    }
  g_string_append_c (query, '"');
  if (prefix)
    g_string_append_c (query, '*');
}

/* What a person types, as an FTS5 query: each word a quoted term, so that
 * punctuation and operators are searched for, not obeyed; words in double
 * quotes a phrase ("mental health staff" finds those words together, and a
 * quote not yet closed runs to the end, as while it is typed); a star at
 * the end of a word or phrase a prefix ("counsel*" finds "counsellor"). */
char *
_intake_store_fts_query (const char *text)
{
  GString *query = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      const char *start;
      gboolean prefix = FALSE;
      gsize len;

      if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        {
          p++;
          continue;
        }

      if (*p == '"')
        {
          const char *close;

          start = ++p;
          close = strchr (start, '"');
          len = close ? (gsize) (close - start) : strlen (start);
          p = start + len + (close ? 1 : 0);
          if (*p == '*')
            {
              prefix = TRUE;
              p++;
            }
        }
      else
        {
          start = p;
          while (*p != '\0' && *p != '"' && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
            p++;
          len = p - start;
          while (len > 0 && start[len - 1] == '*')
            {
              prefix = TRUE;
              len--;
            }
        }

      /* A phrase of white space alone, or a lone star, is no term. */
      for (gsize i = 0; i < len; i++)
        if (!g_ascii_isspace (start[i]))
          {
            append_fts_string (query, start, len, prefix);
            break;
          }
    }

  return g_string_free (query, FALSE);
}

/**
 * intake_store_search:
 *
 * Returns: (transfer full): ids of the submissions whose subject or text hold
 *   every word of @query, best matches first
 */
GArray *
intake_store_search (IntakeStore  *self,
                     const char   *query,
                     GError      **error)
{
  g_autofree char *fts_query = NULL;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  fts_query = _intake_store_fts_query (query);
  if (*fts_query == '\0')
    return intake_store_list_ids (self, error);

  return collect_ids (self,
                      "SELECT rowid FROM submissions_fts WHERE submissions_fts MATCH ?" INTAKE_STORE_RANK
                      " ORDER BY rank, rowid",
                      fts_query, error);
}

char *
intake_store_get_submission_guid (IntakeStore  *self,
                                  gint64        id,
                                  GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *name = NULL;
  int rc;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);

  stmt = _intake_store_prepare (self, "SELECT guid, message_id, content_hash FROM submissions WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        {
          g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

          g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_NOT_FOUND,
                       _("There is no submission with the id %s"), id_text);
        }
      else
        _intake_store_fail (self, _("read the project"), error);
      return NULL;
    }

  if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    return _intake_store_dup_column_text (stmt, 0);

  /* What a merge matches submissions by, so that a reviewer's copy and
   * the coordinator's project name a submission alike. */
  if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
    name = g_strconcat ("message-id:", sqlite3_column_text (stmt, 1), NULL);
  else if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
    name = g_strconcat ("content:", sqlite3_column_text (stmt, 2), NULL);
  else
    name = g_strdup_printf ("id:%" G_GINT64_FORMAT, id);

  return intake_text_name_uuid (name);
}

gint64
intake_store_find_submission_by_guid (IntakeStore  *self,
                                      const char   *guid,
                                      GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (INTAKE_IS_STORE (self), -1);
  g_return_val_if_fail (guid != NULL, -1);

  stmt = _intake_store_prepare (self, "SELECT id FROM submissions WHERE guid = ?", error);
  if (stmt == NULL)
    return -1;
  _intake_store_bind_text (stmt, 1, guid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    {
      _intake_store_fail (self, _("read the project"), error);
      return -1;
    }
  return 0;
}

gboolean
intake_store_get_stats (IntakeStore  *self,
                        IntakeStats  *stats,
                        GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (INTAKE_IS_STORE (self), FALSE);
  g_return_val_if_fail (stats != NULL, FALSE);

  memset (stats, 0, sizeof *stats);

  stmt = _intake_store_prepare (self,
                                "SELECT (SELECT count(*) FROM submissions),"
                                " (SELECT count(*) FROM attachments),"
                                " (SELECT value FROM counters WHERE name = 'duplicates_seen'),"
                                " (SELECT count(*) FROM import_log),"
                                " (SELECT count(*) FROM source_files)",
                                error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _intake_store_fail (self, _("read the project"), error);

  stats->submissions = sqlite3_column_int (stmt, 0);
  stats->attachments = sqlite3_column_int (stmt, 1);
  stats->duplicates = sqlite3_column_int (stmt, 2);
  stats->rejected = sqlite3_column_int (stmt, 3);
  stats->source_files = sqlite3_column_int (stmt, 4);

  return TRUE;
}

void
intake_rejection_free (IntakeRejection *rejection)
{
  if (rejection == NULL)
    return;

  g_free (rejection->file);
  g_free (rejection->position);
  g_free (rejection->reason);
  g_free (rejection);
}

/**
 * intake_store_list_rejections:
 *
 * Returns: (transfer full) (element-type IntakeRejection): every message an
 *   import turned away, oldest first
 */
GPtrArray *
intake_store_list_rejections (IntakeStore  *self,
                              GError      **error)
{
  g_autoptr(GPtrArray) rejections = g_ptr_array_new_with_free_func ((GDestroyNotify) intake_rejection_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);

  stmt = _intake_store_prepare (self, "SELECT file, position, reason, logged_at FROM import_log ORDER BY id", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IntakeRejection *rejection = g_new0 (IntakeRejection, 1);

      rejection->file = _intake_store_dup_column_text (stmt, 0);
      rejection->position = _intake_store_dup_column_text (stmt, 1);
      rejection->reason = _intake_store_dup_column_text (stmt, 2);
      rejection->logged_at = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (rejections, rejection);
    }

  if (rc != SQLITE_DONE)
    {
      _intake_store_fail (self, _("read the project"), error);
      return NULL;
    }

  return g_steal_pointer (&rejections);
}

/* ---- Reading on a worker thread ------------------------------------------ */

/**
 * intake_store_open_reader:
 *
 * Opens a read-only connection to the same project file, for queries run
 * on a worker thread: WAL lets it read while this connection writes. An
 * in-memory project has no file to open again, and shares its cache with
 * its other connections, where a reader would lock out the writer; it
 * fails with %G_IO_ERROR_NOT_SUPPORTED.
 */
IntakeStore *
intake_store_open_reader (IntakeStore  *self,
                          GError      **error)
{
  g_return_val_if_fail (INTAKE_IS_STORE (self), NULL);

  if (self->uri != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("An in-memory project cannot be read from another connection"));
      return NULL;
    }

  return open_connection (self->path, self->path, OPEN_READ_ONLY | OPEN_CHECKED, error);
}

/* Often enough that a query stops within a millisecond of being cancelled,
 * rarely enough to cost nothing: the check is one atomic read. */
#define CANCEL_CHECK_STEPS 1000

static int
cancel_check_cb (void *data)
{
  return g_cancellable_is_cancelled (data);
}

/**
 * intake_store_set_cancellable:
 * @cancellable: (nullable): interrupts the queries from now on when cancelled
 *
 * A query interrupted fails with an error of the store's domain; the caller
 * tells it from a real failure by asking @cancellable. The store does not
 * keep a reference: unset it before @cancellable goes.
 */
void
intake_store_set_cancellable (IntakeStore  *self,
                              GCancellable *cancellable)
{
  g_return_if_fail (INTAKE_IS_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (cancellable != NULL)
    sqlite3_progress_handler (self->db, CANCEL_CHECK_STEPS, cancel_check_cb, cancellable);
  else
    sqlite3_progress_handler (self->db, 0, NULL, NULL);
}

/* ---- Writing an import ---------------------------------------------------- */

static gboolean
check_writable (IntakeStore  *self,
                GError      **error)
{
  if (self->later_check != NULL)
    {
      if (!integrity_check_wait (self->later_check, error))
        return FALSE;
      g_clear_pointer (&self->later_check, integrity_check_unref);
    }

  if (!self->read_only)
    return TRUE;

  g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED,
               _("“%s” is open for reading only"), self->path);
  return FALSE;
}

/**
 * intake_store_set_importing:
 * @importing: whether an import starts or ends on this connection
 *
 * The CHECKs of the columns an import writes (a file's kind, a
 * submission's status) are IN lists, which SQLite evaluates by building a
 * temporary index for every row inserted: a tenth of the time an import
 * spent storing. The import writes constants there, and refers only to
 * the rows it has just inserted (a submission's file, an attachment's or
 * an attribute's submission), so while it runs its connection checks
 * neither the CHECKs nor the foreign keys. Call it outside a transaction:
 * SQLite ignores foreign_keys inside one.
 */
gboolean
intake_store_set_importing (IntakeStore  *self,
                            gboolean      importing,
                            GError      **error)
{
  g_return_val_if_fail (INTAKE_IS_STORE (self), FALSE);

  return exec (self, importing ? "PRAGMA ignore_check_constraints = ON; PRAGMA foreign_keys = OFF"
                               : "PRAGMA ignore_check_constraints = OFF; PRAGMA foreign_keys = ON", error);
}

gboolean
intake_store_begin (IntakeStore  *self,
                    GError      **error)
{
  g_return_val_if_fail (INTAKE_IS_STORE (self), FALSE);

  return check_writable (self, error) && exec (self, "BEGIN IMMEDIATE", error);
}

/* New submissions are indexed once per transaction, in one statement:
 * FTS5 flushes its pending terms at every statement savepoint, so indexing
 * row by row (from a trigger) would write index segments for each message. */
static gboolean
index_pending (IntakeStore  *self,
               GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (self->fts_pending_from == 0)
    return TRUE;

  stmt = _intake_store_prepare (self,
                                "INSERT INTO submissions_fts (rowid, subject, text)"
                                " SELECT id, subject, text FROM submissions WHERE id >= ?",
                                error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, self->fts_pending_from);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _intake_store_fail (self, _("index the new submissions"), error);

  self->fts_pending_from = 0;
  return TRUE;
}

gboolean
intake_store_commit (IntakeStore  *self,
                     GError      **error)
{
  g_return_val_if_fail (INTAKE_IS_STORE (self), FALSE);

  if (!index_pending (self, error))
    return FALSE;

  return exec (self, "COMMIT", error);
}

void
intake_store_rollback (IntakeStore *self)
{
  g_return_if_fail (INTAKE_IS_STORE (self));

  self->fts_pending_from = 0;

  if (!sqlite3_get_autocommit (self->db))
    exec (self, "ROLLBACK", NULL);
}

gint64
intake_store_add_source_file (IntakeStore      *self,
                              const char       *path,
                              IntakeSourceKind  kind,
                              gint64            size,
                              const char       *sha256,
                              GError          **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (INTAKE_IS_STORE (self), -1);

  stmt = self->insert_source_file;
  sqlite3_bind_text (stmt, 1, path, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, size);
  sqlite3_bind_text (stmt, 3, sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, _intake_store_now ());
  sqlite3_bind_text (stmt, 5, intake_source_kind_to_string (kind), -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    _intake_store_fail (self, _("record the imported file"), error);
  reset (stmt);

  if (rc != SQLITE_DONE)
    return -1;

  return sqlite3_last_insert_rowid (self->db);
}

gboolean
intake_store_update_source_file (IntakeStore  *self,
                                 gint64        source_id,
                                 gint64        size,
                                 const char   *sha256,
                                 GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (INTAKE_IS_STORE (self), FALSE);

  stmt = _intake_store_prepare (self, "UPDATE source_files SET size = ?, sha256 = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, size);
  sqlite3_bind_text (stmt, 2, sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, source_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _intake_store_fail (self, _("record the imported file"), error);

  return TRUE;
}

static gboolean
exists (IntakeStore  *self,
        sqlite3_stmt *stmt,
        const char   *key,
        gboolean     *found,
        GError      **error)
{
  int rc;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  *found = rc == SQLITE_ROW;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _intake_store_fail (self, _("look for duplicates"), error);
  reset (stmt);

  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

static void
bind_static_text_or_null (sqlite3_stmt *stmt,
                          int           column,
                          const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, column);
}

/* Runs one of the statements prepared once, and resets it. */
static gboolean
step_cached (IntakeStore   *self,
             sqlite3_stmt  *stmt,
             const char    *what,
             GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    _intake_store_fail (self, what, error);
  reset (stmt);

  return rc == SQLITE_DONE;
}

static gboolean
insert_attribute (IntakeStore  *self,
                  gint64        submission_id,
                  const char   *name,
                  const char   *value,
                  GError      **error)
{
  sqlite3_stmt *stmt = self->insert_attribute;

  sqlite3_bind_int64 (stmt, 1, submission_id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, value, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, _intake_store_now ());

  return step_cached (self, stmt, _("store a submission"), error);
}

/**
 * intake_store_insert_message:
 * @result: (out): whether the message was stored or was already in the project
 *
 * Stores a message with its attachments, unless its Message-ID (or, without
 * one, its content hash) is already in the project. Call between
 * intake_store_begin() and intake_store_commit() so that a message is stored
 * whole or not at all.
 */
gboolean
intake_store_insert_message (IntakeStore               *self,
                             const IntakeParsedMessage *message,
                             gint64                     source_id,
                             const char                *position,
                             IntakeStoreInsertResult   *result,
                             GError                   **error)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;
  gint64 submission_id;

  g_return_val_if_fail (INTAKE_IS_STORE (self), FALSE);
  g_return_val_if_fail (message != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  if (message->message_id != NULL)
    {
      if (!exists (self, self->find_message_id, message->message_id, &found, error))
        return FALSE;
    }
  else if (!exists (self, self->find_content_hash, message->content_hash, &found, error))
    return FALSE;

  if (found)
    {
      *result = INTAKE_STORE_DUPLICATE;
      return TRUE;
    }

  stmt = self->insert_submission;
  bind_static_text_or_null (stmt, 1, message->message_id);
  bind_static_text_or_null (stmt, 2, message->message_id ? NULL : message->content_hash);
  sqlite3_bind_text (stmt, 3, message->subject ? message->subject : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, message->from_name ? message->from_name : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, message->from_addr ? message->from_addr : "", -1, SQLITE_STATIC);
  if (message->has_date)
    sqlite3_bind_int64 (stmt, 6, message->date);
  else
    sqlite3_bind_null (stmt, 6);
  bind_static_text_or_null (stmt, 7, message->in_reply_to);
  bind_static_text_or_null (stmt, 8, message->references);
  sqlite3_bind_text (stmt, 9, message->text ? message->text : "", -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 10, message->attachments ? message->attachments->len : 0);
  if (source_id > 0)
    sqlite3_bind_int64 (stmt, 11, source_id);
  else
    sqlite3_bind_null (stmt, 11);
  bind_static_text_or_null (stmt, 12, position);
  sqlite3_bind_int64 (stmt, 13, _intake_store_now ());
  bind_static_text_or_null (stmt, 14, message->note);
  bind_static_text_or_null (stmt, 15, message->guid);
  if (!step_cached (self, stmt, _("store a submission"), error))
    return FALSE;

  submission_id = sqlite3_last_insert_rowid (self->db);
  if (self->fts_pending_from == 0)
    self->fts_pending_from = submission_id;

  /* The importer's guess at the language, kept as the case attribute
   * reviewers see, then what the source itself said (a survey's columns). */
  if (message->language != NULL &&
      !insert_attribute (self, submission_id, "Language", message->language, error))
    return FALSE;
  for (guint i = 0; message->attributes && message->attributes[i] && message->attributes[i + 1]; i += 2)
    if (message->attributes[i + 1][0] != '\0' &&
        !insert_attribute (self, submission_id, message->attributes[i], message->attributes[i + 1], error))
      return FALSE;

  for (guint i = 0; message->attachments && i < message->attachments->len; i++)
    {
      const IntakeParsedAttachment *attachment = g_ptr_array_index (message->attachments, i);
      gsize size = 0;
      gconstpointer data = attachment->data ? g_bytes_get_data (attachment->data, &size) : NULL;

      stmt = self->insert_attachment;
      sqlite3_bind_int64 (stmt, 1, submission_id);
      sqlite3_bind_int (stmt, 2, i);
      sqlite3_bind_text (stmt, 3, attachment->filename ? attachment->filename : "", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, attachment->mime_type ? attachment->mime_type : "application/octet-stream",
                         -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 5, size);
      sqlite3_bind_text (stmt, 6, attachment->sha256 ? attachment->sha256 : "", -1, SQLITE_STATIC);
      if (data != NULL)
        sqlite3_bind_blob64 (stmt, 7, data, size, SQLITE_STATIC);
      else
        sqlite3_bind_zeroblob (stmt, 7, 0);
      bind_static_text_or_null (stmt, 8, attachment->text);
      bind_static_text_or_null (stmt, 9, attachment->note);
      if (!step_cached (self, stmt, _("store an attachment"), error))
        return FALSE;
    }

  *result = INTAKE_STORE_INSERTED;
  return TRUE;
}

gboolean
intake_store_log_rejection (IntakeStore  *self,
                            gint64        source_id,
                            const char   *file,
                            const char   *position,
                            const char   *reason,
                            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (INTAKE_IS_STORE (self), FALSE);

  /* Importing the same file again rejects the same messages again; the log
   * names each damaged message once. */
  stmt = _intake_store_prepare (self,
                                "INSERT INTO import_log (source_file_id, file, position, reason, logged_at)"
                                " SELECT ?1, ?2, ?3, ?4, ?5 WHERE NOT EXISTS (SELECT 1 FROM import_log"
                                "  WHERE file = ?2 AND position = ?3 AND reason = ?4)",
                                error);
  if (stmt == NULL)
    return FALSE;

  if (source_id > 0)
    sqlite3_bind_int64 (stmt, 1, source_id);
  else
    sqlite3_bind_null (stmt, 1);
  sqlite3_bind_text (stmt, 2, file, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, position, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, reason, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, _intake_store_now ());
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _intake_store_fail (self, _("record a rejected message"), error);

  return TRUE;
}

gboolean
intake_store_add_duplicates (IntakeStore  *self,
                             guint         n_duplicates,
                             GError      **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (INTAKE_IS_STORE (self), FALSE);

  if (n_duplicates == 0)
    return TRUE;

  sql = g_strdup_printf ("UPDATE counters SET value = value + %u WHERE name = 'duplicates_seen'", n_duplicates);
  return exec (self, sql, error);
}


/* ---- Helpers shared by the store's files ------------------------------- */

gboolean
_intake_store_fail (IntakeStore  *self,
                    const char   *what,
                    GError      **error)
{
  const char *message = sqlite3_errmsg (self->db);

  switch (sqlite3_errcode (self->db) & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_DAMAGED,
                   _("“%s” is damaged: %s. Restore it from a backup or a reviewer’s copy."),
                   self->path, message);
      break;

    case SQLITE_READONLY:
      if (self->read_only)
        {
          g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED,
                       _("“%s” is open for reading only"), self->path);
          break;
        }
      G_GNUC_FALLTHROUGH;

    default:
      if (what != NULL)
        g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED,
                     /* Translators: the first %s says what was being done, the second is SQLite's message */
                     _("Could not %s: %s"), what, message);
      else
        g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED,
                     _("The project database reported an error: %s"), message);
    }

  return FALSE;
}

sqlite3_stmt *
_intake_store_prepare (IntakeStore  *self,
                       const char   *sql,
                       GError      **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _intake_store_fail (self, NULL, error);
      return NULL;
    }

  return stmt;
}

gboolean
_intake_store_step (IntakeStore   *self,
                    sqlite3_stmt  *stmt,
                    GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return _intake_store_fail (self, NULL, error);

  return TRUE;
}

sqlite3 *
_intake_store_get_db (IntakeStore *self)
{
  return self->db;
}

void
_intake_store_bind_text (sqlite3_stmt *stmt,
                         int           column,
                         const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

char *
_intake_store_dup_column_text (sqlite3_stmt *stmt,
                               int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

gint64
_intake_store_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* A deferred transaction (or a savepoint outside one, which is the same)
 * that reads and then writes cannot wait for another writer: SQLite fails it
 * at once with "database is locked", whatever the busy timeout. Taking the
 * write lock first lets the busy timeout do its work. */
gboolean
_intake_store_write_begin (IntakeStore  *self,
                           GError      **error)
{
  if (!check_writable (self, error))
    return FALSE;

  if (self->write_depth == 0 && sqlite3_get_autocommit (self->db))
    {
      if (!exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      self->write_owns_transaction = TRUE;
    }
  else if (!exec (self, "SAVEPOINT intake_write", error))
    return FALSE;

  self->write_depth++;
  return TRUE;
}

gboolean
_intake_store_write_end (IntakeStore  *self,
                         gboolean      ok,
                         GError      **error)
{
  gboolean outermost;

  g_return_val_if_fail (self->write_depth > 0, FALSE);

  self->write_depth--;
  outermost = self->write_depth == 0 && self->write_owns_transaction;
  if (outermost)
    self->write_owns_transaction = FALSE;

  if (ok)
    ok = exec (self, outermost ? "COMMIT" : "RELEASE intake_write", error);

  /* Some failures (a full disk) already rolled the transaction back. */
  if (!ok && !sqlite3_get_autocommit (self->db))
    exec (self, outermost ? "ROLLBACK" : "ROLLBACK TO intake_write; RELEASE intake_write", NULL);

  return ok;
}
