/* The ranking of full-text search results.
 *
 * It is FTS5's own bm25(), with one difference: the length of each
 * submission, in tokens, comes from a copy of the index's sizes in memory
 * instead of a lookup in the submissions_fts_docsize table for each match.
 * For a word in most of 100,000 submissions those lookups were two thirds
 * of the time to the first page of results. */
#define G_LOG_DOMAIN "intake-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "intake-store-private.h"

/* bm25's constants, as FTS5 has them. */
#define BM25_K1 1.2
#define BM25_B  0.75

typedef struct
{
  sqlite3      *db;
  /* What the copy was made from: the connection's view of the file (which
   * changes with every commit of another connection) and its own changes. */
  sqlite3_int64 data_version;
  sqlite3_int64 total_changes;
  gboolean      loaded;
  /* Sorted by id; the sizes of the rows in id order. */
  GArray       *ids;     /* sqlite3_int64 */
  GArray       *sizes;   /* guint32, all columns together */
  guint         cursor;  /* where the last row was found: rows come in order */
} RankCache;

typedef struct
{
  RankCache *cache;
  int        n_phrases;
  double     avgdl;
  double     idf[];
} RankQuery;

static void
rank_cache_free (gpointer data)
{
  RankCache *cache = data;

  g_clear_pointer (&cache->ids, g_array_unref);
  g_clear_pointer (&cache->sizes, g_array_unref);
  g_free (cache);
}

static int
query_int64 (sqlite3       *db,
             const char    *sql,
             sqlite3_int64 *value)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *value = sqlite3_column_int64 (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  return rc;
}

/* A varint of SQLite's record format, as FTS5 writes the sizes of a row:
 * big-endian groups of 7 bits, the last of up to 9 bytes taking 8. */
static gsize
read_varint (const guint8 *p,
             gsize         len,
             guint64      *value)
{
  guint64 v = 0;

  for (gsize i = 0; i < len && i < 9; i++)
    {
      if (i == 8)
        {
          *value = (v << 8) | p[i];
          return 9;
        }
      v = (v << 7) | (p[i] & 0x7f);
      if ((p[i] & 0x80) == 0)
        {
          *value = v;
          return i + 1;
        }
    }
  return 0;
}

static int
rank_cache_load (RankCache *cache)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_array_set_size (cache->ids, 0);
  g_array_set_size (cache->sizes, 0);
  cache->cursor = 0;
  cache->loaded = FALSE;

  rc = sqlite3_prepare_v2 (cache->db, "SELECT id, sz FROM submissions_fts_docsize ORDER BY id", -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      sqlite3_int64 id = sqlite3_column_int64 (stmt, 0);
      const guint8 *blob = sqlite3_column_blob (stmt, 1);
      gsize len = sqlite3_column_bytes (stmt, 1);
      guint64 total = 0;
      guint32 size;

      for (gsize at = 0; at < len;)
        {
          guint64 column;
          gsize used = read_varint (blob + at, len - at, &column);

          if (used == 0)
            break;
          total += column;
          at += used;
        }
      size = (guint32) MIN (total, G_MAXUINT32);
      g_array_append_val (cache->ids, id);
      g_array_append_val (cache->sizes, size);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return rc;

  cache->loaded = TRUE;
  return SQLITE_OK;
}

/* Makes the copy again when the project changed since it was made. */
static int
rank_cache_refresh (RankCache *cache)
{
  sqlite3_int64 data_version = 0;
  sqlite3_int64 total_changes = sqlite3_total_changes64 (cache->db);
  int rc = query_int64 (cache->db, "PRAGMA data_version", &data_version);

  if (rc != SQLITE_OK)
    return rc;
  if (cache->loaded && data_version == cache->data_version && total_changes == cache->total_changes)
    return SQLITE_OK;

  rc = rank_cache_load (cache);
  cache->data_version = data_version;
  cache->total_changes = total_changes;
  return rc;
}

static gboolean
rank_cache_lookup (RankCache     *cache,
                   sqlite3_int64  id,
                   guint32       *size)
{
  const sqlite3_int64 *ids = (const sqlite3_int64 *) (void *) cache->ids->data;
  guint lo = 0, hi = cache->ids->len;

  if (!cache->loaded)
    return FALSE;

  /* Matches come in id order, or in rank order after a sort: the next one
   * is most often the one after the last. */
  if (cache->cursor < hi && ids[cache->cursor] == id)
    {
      *size = g_array_index (cache->sizes, guint32, cache->cursor);
      cache->cursor++;
      return TRUE;
    }

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (ids[mid] < id)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo >= cache->ids->len || ids[lo] != id)
    return FALSE;

  *size = g_array_index (cache->sizes, guint32, lo);
  cache->cursor = lo + 1;
  return TRUE;
}

static int
count_cb (const Fts5ExtensionApi *api,
          Fts5Context            *fts,
          void                   *user_data)
{
  sqlite3_int64 *n = user_data;

  (*n)++;
  return SQLITE_OK;
}

/* What bm25 works out once a query: each phrase's inverse document
 * frequency and the average length of a row. */
static RankQuery *
rank_query_new (const Fts5ExtensionApi *api,
                Fts5Context            *fts,
                RankCache              *cache,
                int                    *rc)
{
  int n_phrases = api->xPhraseCount (fts);
  g_autofree RankQuery *query = g_malloc0 (sizeof (RankQuery) + sizeof (double) * MAX (n_phrases, 1));
  sqlite3_int64 n_rows = 0, n_tokens = 0;

  query->cache = cache;
  query->n_phrases = n_phrases;

  *rc = api->xRowCount (fts, &n_rows);
  if (*rc == SQLITE_OK)
    *rc = api->xColumnTotalSize (fts, -1, &n_tokens);
  if (*rc != SQLITE_OK)
    return NULL;
  query->avgdl = n_rows > 0 ? (double) n_tokens / (double) n_rows : 0.0;

  for (int i = 0; i < n_phrases; i++)
    {
      sqlite3_int64 n_hits = 0;
      double idf;

      *rc = api->xQueryPhrase (fts, i, &n_hits, count_cb);
      if (*rc != SQLITE_OK)
        return NULL;
      idf = log ((n_rows - n_hits + 0.5) / (n_hits + 0.5));
      /* As FTS5: a phrase in more than half the rows still counts a little. */
      query->idf[i] = idf > 0.0 ? idf : 1e-6;
    }

  /* A copy that cannot be made leaves the lookups to FTS5. */
  rank_cache_refresh (cache);

  return g_steal_pointer (&query);
}

static void
intake_rank (const Fts5ExtensionApi  *api,
             Fts5Context             *fts,
             sqlite3_context         *context,
             int                      n_values,
             sqlite3_value          **values)
{
  RankQuery *query = api->xGetAuxdata (fts, 0);
  double freq_stack[8];
  g_autofree double *freq_heap = NULL;
  double *freq;
  double score = 0.0;
  double length;
  guint32 size;
  int n_inst = 0;
  int rc = SQLITE_OK;

  if (query == NULL)
    {
      query = rank_query_new (api, fts, api->xUserData (fts), &rc);
      if (query != NULL)
        rc = api->xSetAuxdata (fts, query, g_free);
      if (rc != SQLITE_OK)
        {
          sqlite3_result_error_code (context, rc);
          return;
        }
    }

  if (query->n_phrases <= (int) G_N_ELEMENTS (freq_stack))
    freq = freq_stack;
  else
    freq = freq_heap = g_new (double, query->n_phrases);
  for (int i = 0; i < query->n_phrases; i++)
    freq[i] = 0.0;

  rc = api->xInstCount (fts, &n_inst);
  for (int i = 0; rc == SQLITE_OK && i < n_inst; i++)
    {
      int phrase, column, offset;

      rc = api->xInst (fts, i, &phrase, &column, &offset);
      if (rc == SQLITE_OK && phrase >= 0 && phrase < query->n_phrases)
        freq[phrase] += 1.0;
    }

  if (rc == SQLITE_OK)
    {
      if (rank_cache_lookup (query->cache, api->xRowid (fts), &size))
        length = size;
      else
        {
          int n_tokens = 0;

          rc = api->xColumnSize (fts, -1, &n_tokens);
          length = n_tokens;
        }
    }
  if (rc != SQLITE_OK)
    {
      sqlite3_result_error_code (context, rc);
      return;
    }

  for (int i = 0; i < query->n_phrases; i++)
    score += query->idf[i] * (freq[i] * (BM25_K1 + 1.0)) /
             (freq[i] + BM25_K1 * (1.0 - BM25_B + BM25_B * length / query->avgdl));

  /* Lower is better, as FTS5's rank. */
  sqlite3_result_double (context, -score);
}

/* Registers intake_rank() on the store's connection. */
gboolean
_intake_store_register_rank (IntakeStore  *self,
                             GError      **error)
{
  sqlite3 *db = _intake_store_get_db (self);
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;
  RankCache *cache;
  int rc;

  rc = sqlite3_prepare_v2 (db, "SELECT fts5(?1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_pointer (stmt, 1, &api, "fts5_api_ptr", NULL);
      sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  if (api == NULL || api->iVersion < 2)
    {
      g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_OPEN,
                   _("SQLite has no full-text search (FTS5): %s"), sqlite3_errmsg (db));
      return FALSE;
    }

  cache = g_new0 (RankCache, 1);
  cache->db = db;
  cache->ids = g_array_new (FALSE, FALSE, sizeof (sqlite3_int64));
  cache->sizes = g_array_new (FALSE, FALSE, sizeof (guint32));
  rc = api->xCreateFunction (api, "intake_rank", cache, intake_rank, rank_cache_free);
  if (rc != SQLITE_OK)
    {
      rank_cache_free (cache);
      g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_OPEN,
                   _("Could not set up the ranking of search results: %s"), sqlite3_errstr (rc));
      return FALSE;
    }

  return TRUE;
}
