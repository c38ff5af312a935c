#define G_LOG_DOMAIN "intake-submission-list"

#include "config.h"

#include <string.h>

#include "intake-main-context.h"
#include "intake-submission-list.h"

/* Rows are fetched this many at a time, around the one asked for, and only
 * a few pages are kept: a 20,000-message project costs 20,000 ids. */
#define PAGE_SIZE 64
#define MAX_PAGES 16

/* What the list shares with the queries it runs on worker threads, which
 * may outlive it by the time a cancelled query takes to stop. */
typedef struct
{
  gatomicrefcount       ref_count;
  IntakeSubmissionList *list;    /* main thread only; NULL once the list is disposed */
  GMutex                mutex;   /* a connection runs one query at a time */
  IntakeStore          *reader;  /* under @mutex */
  int                   abandoned;  /* atomic: the list is gone */
} Worker;

struct _IntakeSubmissionList
{
  GObject       parent_instance;

  IntakeStore  *store;
  GArray       *ids;
  GHashTable   *pages;        /* page number → GPtrArray of IntakeSubmission */
  GQueue        page_order;   /* least recently loaded first */

  Worker       *worker;       /* NULL until the first filter, and for a project in memory */
  gboolean      synchronous;  /* no second connection: filters run here */
  GCancellable *cancellable;  /* the query under way */
  guint         generation;   /* of the newest query; older results are dropped */
  gboolean      searching;

  /* A worker's result, shown a step at a time (see show_next_step()) */
  GArray       *staged;
  gboolean      staged_all;   /* the whole result, not its first page */
  GSource      *step_source;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (IntakeSubmissionList, intake_submission_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum { PROP_0, PROP_STORE, PROP_N_ITEMS, PROP_SEARCHING, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { FILTERED, N_SIGNALS };
static guint signals[N_SIGNALS];

static Worker *
worker_ref (Worker *worker)
{
  g_atomic_ref_count_inc (&worker->ref_count);
  return worker;
}

static void
worker_unref (Worker *worker)
{
  if (!g_atomic_ref_count_dec (&worker->ref_count))
    return;

  g_mutex_clear (&worker->mutex);
  g_clear_object (&worker->reader);
  g_free (worker);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Worker, worker_unref)

static GType
get_item_type (GListModel *model)
{
  return INTAKE_TYPE_SUBMISSION;
}

static guint
get_n_items (GListModel *model)
{
  IntakeSubmissionList *self = INTAKE_SUBMISSION_LIST (model);

  return self->ids->len;
}

static GPtrArray *
load_page (IntakeSubmissionList *self,
           guint                 page)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows;
  guint first = page * PAGE_SIZE;
  guint n = MIN (PAGE_SIZE, self->ids->len - first);

  rows = intake_store_get_summaries (self->store, &g_array_index (self->ids, gint64, first), n, &error);
  if (rows == NULL)
    {
      g_warning ("Could not load submissions: %s", error->message);
      return NULL;
    }

  if (g_queue_get_length (&self->page_order) >= MAX_PAGES)
    g_hash_table_remove (self->pages, g_queue_pop_head (&self->page_order));

  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), rows);
  g_queue_push_tail (&self->page_order, GUINT_TO_POINTER (page));

  return rows;
}

static void
drop_page (IntakeSubmissionList *self,
           guint                 page)
{
  if (g_hash_table_remove (self->pages, GUINT_TO_POINTER (page)))
    g_queue_remove (&self->page_order, GUINT_TO_POINTER (page));
}

static void
drop_pages (IntakeSubmissionList *self)
{
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->page_order);
}

/* The index of @id in @rows, looked for first where it would be if no row
 * of the page was deleted since the ids were read; -1 if it is not there. */
static int
find_in_page (GPtrArray *rows,
              guint      position,
              gint64     id)
{
  for (guint i = 0; i < rows->len; i++)
    {
      guint index = (position % PAGE_SIZE + i) % rows->len;

      if (intake_submission_get_id (g_ptr_array_index (rows, index)) == id)
        return index;
    }

  return -1;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  IntakeSubmissionList *self = INTAKE_SUBMISSION_LIST (model);
  guint page = position / PAGE_SIZE;
  GPtrArray *rows;
  int index;

  /* A view may still ask while the list is disposed. */
  if (position >= self->ids->len || self->store == NULL)
    return NULL;

  rows = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (rows == NULL)
    rows = load_page (self, page);
  index = rows ? find_in_page (rows, position, g_array_index (self->ids, gint64, position)) : -1;
  if (index >= 0)
    return g_object_ref (g_ptr_array_index (rows, index));

  /* A list model has an item at every position below its length: a row
   * deleted since, or one that could not be read (a damaged project is
   * refused by its check soon after), shows as an empty one. */
  return _intake_submission_new (g_array_index (self->ids, gint64, position),
                                 NULL, "", "", "", NULL, 0, INTAKE_STATUS_NEW, NULL);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
clear_steps (IntakeSubmissionList *self)
{
  if (self->step_source != NULL)
    g_source_destroy (self->step_source);
  g_clear_pointer (&self->step_source, g_source_unref);
  g_clear_pointer (&self->staged, g_array_unref);
}

static void
cancel_query (IntakeSubmissionList *self)
{
  clear_steps (self);
  self->generation++;
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
}

static void
set_searching (IntakeSubmissionList *self,
               gboolean              searching)
{
  if (self->searching == searching)
    return;

  self->searching = searching;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCHING]);
}

static void
intake_submission_list_dispose (GObject *object)
{
  IntakeSubmissionList *self = INTAKE_SUBMISSION_LIST (object);

  cancel_query (self);
  if (self->worker != NULL)
    {
      /* A cancelled query stops at its next step, but FTS5 ranks in one
       * step: rather than wait for it here, the worker closes the
       * connection when it is done, or the last of the worker's users. */
      g_atomic_int_set (&self->worker->abandoned, TRUE);
      if (g_mutex_trylock (&self->worker->mutex))
        {
          g_clear_object (&self->worker->reader);
          g_mutex_unlock (&self->worker->mutex);
        }
      self->worker->list = NULL;
      g_clear_pointer (&self->worker, worker_unref);
    }

  g_clear_object (&self->store);
  drop_pages (self);

  G_OBJECT_CLASS (intake_submission_list_parent_class)->dispose (object);
}

static void
intake_submission_list_finalize (GObject *object)
{
  IntakeSubmissionList *self = INTAKE_SUBMISSION_LIST (object);

  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);

  G_OBJECT_CLASS (intake_submission_list_parent_class)->finalize (object);
}

static void
intake_submission_list_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  IntakeSubmissionList *self = INTAKE_SUBMISSION_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, get_n_items (G_LIST_MODEL (self)));
      break;
    case PROP_SEARCHING:
      g_value_set_boolean (value, self->searching);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_submission_list_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  IntakeSubmissionList *self = INTAKE_SUBMISSION_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_submission_list_class_init (IntakeSubmissionListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = intake_submission_list_dispose;
  object_class->finalize = intake_submission_list_finalize;
  object_class->get_property = intake_submission_list_get_property;
  object_class->set_property = intake_submission_list_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, INTAKE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Whether a filter is running on a worker: the list may show only its
   * first page, or the previous filter's ids. */
  properties[PROP_SEARCHING] =
    g_param_spec_boolean ("searching", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * IntakeSubmissionList::filtered:
   * @error: (nullable): why the filter gave nothing, or %NULL
   *
   * The ids of the filter last set are shown, all of them; a filter
   * replaced by a newer one or by intake_submission_list_set_ids() before
   * it finished is not announced.
   */
  signals[FILTERED] =
    g_signal_new ("filtered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
intake_submission_list_init (IntakeSubmissionList *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_queue_init (&self->page_order);
}

IntakeSubmissionList *
intake_submission_list_new (IntakeStore *store)
{
  g_return_val_if_fail (INTAKE_IS_STORE (store), NULL);

  return g_object_new (INTAKE_TYPE_SUBMISSION_LIST, "store", store, NULL);
}

IntakeStore *
intake_submission_list_get_store (IntakeSubmissionList *self)
{
  g_return_val_if_fail (INTAKE_IS_SUBMISSION_LIST (self), NULL);
  return self->store;
}

static void
apply_ids (IntakeSubmissionList *self,
           const gint64         *ids,
           guint                 n_ids)
{
  guint old_len;
  guint prefix = 0;
  guint suffix = 0;

  old_len = self->ids->len;
  while (prefix < old_len && prefix < n_ids &&
         g_array_index (self->ids, gint64, prefix) == ids[prefix])
    prefix++;
  while (suffix < old_len - prefix && suffix < n_ids - prefix &&
         g_array_index (self->ids, gint64, old_len - 1 - suffix) == ids[n_ids - 1 - suffix])
    suffix++;

  drop_pages (self);
  g_array_set_size (self->ids, 0);
  if (n_ids > 0)
    g_array_append_vals (self->ids, ids, n_ids);

  if (prefix + suffix < MAX (old_len, n_ids))
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, old_len - prefix - suffix, n_ids - prefix - suffix);
  if (old_len != n_ids)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/**
 * intake_submission_list_set_ids:
 * @ids: (array length=n_ids): the ids to show, in order
 *
 * Shows @ids. Views are told only of the span from the first id that
 * differs to the last: given the same ids as before, they hear nothing and
 * keep their selection and scroll. Cached rows are dropped either way, so
 * rows read from now on are current; a row whose data changed while views
 * hold it is refreshed with intake_submission_list_refresh_id().
 */
void
intake_submission_list_set_ids (IntakeSubmissionList *self,
                                const gint64         *ids,
                                guint                 n_ids)
{
  g_return_if_fail (INTAKE_IS_SUBMISSION_LIST (self));
  g_return_if_fail (ids != NULL || n_ids == 0);

  /* What the owner lists now replaces what a filter would have listed. */
  cancel_query (self);
  set_searching (self, FALSE);
  apply_ids (self, ids, n_ids);
}

/**
 * intake_submission_list_get_id:
 *
 * Returns: the id at @position, without reading its row
 */
gint64
intake_submission_list_get_id (IntakeSubmissionList *self,
                               guint                 position)
{
  g_return_val_if_fail (INTAKE_IS_SUBMISSION_LIST (self), 0);
  g_return_val_if_fail (position < self->ids->len, 0);

  return g_array_index (self->ids, gint64, position);
}

/**
 * intake_submission_list_find:
 * @position: (out) (optional): where @id is
 *
 * Returns: whether @id is in the list
 */
gboolean
intake_submission_list_find (IntakeSubmissionList *self,
                             gint64                id,
                             guint                *position)
{
  g_return_val_if_fail (INTAKE_IS_SUBMISSION_LIST (self), FALSE);

  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == id)
      {
        if (position != NULL)
          *position = i;
        return TRUE;
      }

  return FALSE;
}

/**
 * intake_submission_list_refresh_id:
 *
 * Reads @id's row again and tells views it changed, as when its status
 * changes: set_ids() with the same ids leaves the rows views hold alone.
 */
void
intake_submission_list_refresh_id (IntakeSubmissionList *self,
                                   gint64                id)
{
  g_autoptr(GPtrArray) fresh = NULL;
  g_autoptr(GError) error = NULL;
  IntakeSubmission *submission = NULL;
  guint position;

  g_return_if_fail (INTAKE_IS_SUBMISSION_LIST (self));

  if (!intake_submission_list_find (self, id, &position))
    return;

  fresh = intake_store_get_summaries (self->store, &id, 1, &error);
  if (fresh == NULL)
    g_warning ("Could not load a submission: %s", error->message);
  else if (fresh->len == 1)
    submission = g_ptr_array_index (fresh, 0);

  /* An owner may list an id more than once; each of its rows changed. */
  for (; position < self->ids->len; position++)
    {
      guint page = position / PAGE_SIZE;
      GPtrArray *rows;
      int index = -1;

      if (g_array_index (self->ids, gint64, position) != id)
        continue;

      /* Only this row changed: the rest of its page stays cached. */
      rows = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
      if (rows != NULL)
        index = find_in_page (rows, position, id);
      if (index >= 0 && submission != NULL)
        g_set_object ((IntakeSubmission **) &rows->pdata[index], submission);
      else
        drop_page (self, page);

      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
    }
}

/* Filtering on a worker thread */

typedef struct
{
  Worker       *worker;
  guint         generation;
  IntakeFilter  filter;  /* its strings are those below, the query's own; empty for every submission */
  char         *code_guid;
  char         *reviewer;
  char         *attribute_name;
  char         *attribute_value;
  char         *search;
} Query;

static void
query_free (Query *query)
{
  g_clear_pointer (&query->worker, worker_unref);
  g_free (query->code_guid);
  g_free (query->reviewer);
  g_free (query->attribute_name);
  g_free (query->attribute_value);
  g_free (query->search);
  g_free (query);
}

static Query *
query_new (const IntakeFilter *filter)
{
  Query *query = g_new0 (Query, 1);

  if (filter == NULL)
    return query;

  query->filter = *filter;
  query->filter.code_guid = query->code_guid = g_strdup (filter->code_guid);
  query->filter.reviewer = query->reviewer = g_strdup (filter->reviewer);
  query->filter.attribute_name = query->attribute_name = g_strdup (filter->attribute_name);
  query->filter.attribute_value = query->attribute_value = g_strdup (filter->attribute_value);
  query->filter.search = query->search = g_strdup (filter->search);

  return query;
}

static void
filtered (IntakeSubmissionList *self,
          GArray               *ids,
          const GError         *error)
{
  set_searching (self, FALSE);
  if (ids != NULL)
    apply_ids (self, (const gint64 *) ids->data, ids->len);
  else
    apply_ids (self, NULL, 0);

  g_signal_emit (self, signals[FILTERED], 0, error);
}

/* A list view keeps a widget for each row it may soon show, up to a few
 * hundred (GTK 4.8 keeps 200), and makes or destroys one for each row
 * that comes or goes among them: a result that replaced them all at once
 * took longer than a frame. So a worker's result replaces the rows a
 * block a frame, from the top, the old rows below staying until their
 * turn; past the rows views keep widgets for, the rest comes at once.
 * Until the last step the list holds new rows and then old ones. */
#define STEP_ROWS 16
#define STEP_INTERVAL_MS 16
#define ROWS_WITH_WIDGETS 256

static gboolean show_next_step (gpointer data);

/* Replaces @removed ids at @position with @n_added of @added. */
static void
splice_ids (IntakeSubmissionList *self,
            guint                 position,
            guint                 removed,
            const gint64         *added,
            guint                 n_added)
{
  if (removed == 0 && n_added == 0)
    return;

  drop_pages (self);
  g_array_remove_range (self->ids, position, removed);
  g_array_insert_vals (self->ids, position, added, n_added);
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, n_added);
  if (removed != n_added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* Just below the priority GTK draws frames at (G_PRIORITY_HIGH_IDLE +
 * 20), so that a frame due then comes first: one step a frame. */
static void
schedule_step (IntakeSubmissionList *self,
               guint                 interval_ms)
{
  self->step_source = g_timeout_source_new (interval_ms);
  g_source_set_priority (self->step_source, G_PRIORITY_HIGH_IDLE + 30);
  g_source_set_callback (self->step_source, show_next_step, self, NULL);
  g_source_set_static_name (self->step_source, "[intake] next rows of a result");
  g_source_attach (self->step_source, g_main_context_get_thread_default ());
}

static void
stage_step (IntakeSubmissionList *self)
{
  GArray *target = self->staged;
  const gint64 *ids = (const gint64 *) target->data;
  guint same = 0;
  guint old, removed, added;

  while (same < self->ids->len && same < target->len &&
         g_array_index (self->ids, gint64, same) == ids[same])
    same++;

  /* Old rows beyond those views keep widgets for go at once. */
  if (same < ROWS_WITH_WIDGETS && self->ids->len > ROWS_WITH_WIDGETS)
    splice_ids (self, ROWS_WITH_WIDGETS, self->ids->len - ROWS_WITH_WIDGETS, NULL, 0);

  old = self->ids->len - same;
  removed = MIN (old, STEP_ROWS);
  added = MIN (target->len - same, STEP_ROWS);

  /* What is left is a step's work at most: in one change. */
  if (self->staged_all && old + MIN (target->len - same, ROWS_WITH_WIDGETS) <= 2 * STEP_ROWS)
    same = ROWS_WITH_WIDGETS;

  /* Done: the first page has nothing left to add, and is followed by the
   * rest; the whole result is shown once no old row is left, and the rows
   * past those views keep widgets for come at once. */
  if ((!self->staged_all && added == 0) ||
      (self->staged_all && ((old == 0 && added == 0) || same >= ROWS_WITH_WIDGETS)))
    {
      g_autoptr(GArray) whole = g_steal_pointer (&self->staged);

      if (self->staged_all)
        filtered (self, whole, NULL);
      return;
    }

  splice_ids (self, same, removed, ids + same, added);
  schedule_step (self, STEP_INTERVAL_MS);
}

static gboolean
show_next_step (gpointer data)
{
  IntakeSubmissionList *self = data;

  g_clear_pointer (&self->step_source, g_source_unref);
  stage_step (self);

  return G_SOURCE_REMOVE;
}

/* @all: whether @ids are the whole result, to be followed by ::filtered,
 * rather than its first page */
static void
show_in_steps (IntakeSubmissionList *self,
               GArray               *ids,
               gboolean              all)
{
  clear_steps (self);
  self->staged = g_array_ref (ids);
  self->staged_all = all;
  /* Not at once: a first page read in a few milliseconds comes before
   * the frame that draws what chose the filter (the popover closing, say),
   * and its first step, which lets go of every old row past those views
   * keep widgets for, made that frame twice as long. */
  schedule_step (self, 0);
}

typedef struct
{
  Worker *worker;
  guint   generation;
  GArray *ids;
} FirstPage;

static void
first_page_free (FirstPage *page)
{
  worker_unref (page->worker);
  g_array_unref (page->ids);
  g_free (page);
}

static gboolean
first_page_cb (gpointer data)
{
  FirstPage *page = data;
  IntakeSubmissionList *self = page->worker->list;

  if (self != NULL && self->generation == page->generation)
    show_in_steps (self, page->ids, FALSE);

  return G_SOURCE_REMOVE;
}

/* On the worker: the first page of a filter is read. */
static void
first_page_ready (const gint64 *ids,
                  guint         n_ids,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Query *query = g_task_get_task_data (task);
  FirstPage *page;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return;

  page = g_new0 (FirstPage, 1);
  page->worker = worker_ref (query->worker);
  page->generation = query->generation;
  page->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
  g_array_append_vals (page->ids, ids, n_ids);

  /* Queued before the task's result, at the same priority, it is
   * applied first. */
  intake_main_context_queue (g_task_get_context (task), "[intake] first page of a filter",
                             first_page_cb, page, (GDestroyNotify) first_page_free);
}

static GArray *
query_run (Query         *query,
           IntakeStore   *store,
           GTask         *task,
           GError       **error)
{
  if (task == NULL)
    return intake_store_filter_ids (store, &query->filter, error);

  return intake_store_filter_ids_paged (store, &query->filter, PAGE_SIZE, first_page_ready, task, error);
}

static void
query_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Query *query = task_data;
  Worker *worker = query->worker;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&worker->mutex);
  g_autoptr(GError) error = NULL;
  GArray *ids;

  /* Waiting for an older query to stop, this one may have been replaced too. */
  if (g_task_return_error_if_cancelled (task))
    return;
  if (g_atomic_int_get (&worker->abandoned) || worker->reader == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The list is gone");
      return;
    }

  intake_store_set_cancellable (worker->reader, cancellable);
  ids = query_run (query, worker->reader, task, &error);
  intake_store_set_cancellable (worker->reader, NULL);
  if (g_atomic_int_get (&worker->abandoned))
    g_clear_object (&worker->reader);

  if (ids != NULL)
    g_task_return_pointer (task, ids, (GDestroyNotify) g_array_unref);
  else if (!g_task_return_error_if_cancelled (task))
    g_task_return_error (task, g_steal_pointer (&error));
}


static void
query_done_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Query *query = g_task_get_task_data (G_TASK (result));
  IntakeSubmissionList *self = query->worker->list;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  ids = g_task_propagate_pointer (G_TASK (result), &error);
  if (self == NULL || self->generation != query->generation ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  if (ids != NULL)
    show_in_steps (self, ids, TRUE);
  else
    filtered (self, NULL, error);
}

/* The first filter opens the second connection, here and not on the
 * worker: it is quick, and a project in memory, which has none, learns it
 * at once and filters here as it always did. */
static gboolean
ensure_worker (IntakeSubmissionList *self)
{
  g_autoptr(GError) error = NULL;
  IntakeStore *reader;

  if (self->worker != NULL || self->synchronous)
    return self->worker != NULL;

  reader = intake_store_open_reader (self->store, &error);
  if (reader == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
        g_warning ("Could not open a second connection to filter on: %s", error->message);
      self->synchronous = TRUE;
      return FALSE;
    }

  self->worker = g_new0 (Worker, 1);
  g_atomic_ref_count_init (&self->worker->ref_count);
  g_mutex_init (&self->worker->mutex);
  self->worker->list = self;
  self->worker->reader = reader;

  return TRUE;
}

/**
 * intake_submission_list_set_filter:
 * @filter: (nullable): what to show; %NULL for every submission, in date order
 *
 * Shows the submissions @filter leaves, as intake_store_filter_ids() lists
 * them. The query runs on a worker thread with a connection of its own, so
 * the main loop goes on meanwhile; its first page is shown as soon as it
 * is read, then the rest. A newer filter, or
 * intake_submission_list_set_ids(), stops it. When every id is shown,
 * #IntakeSubmissionList::filtered is emitted. The changes views hear are
 * those of intake_submission_list_set_ids().
 *
 * A project in memory has no second connection: there the filter runs at
 * once, and ::filtered is emitted before this returns.
 */
void
intake_submission_list_set_filter (IntakeSubmissionList *self,
                                   const IntakeFilter   *filter)
{
  g_autoptr(GTask) task = NULL;
  Query *query;

  g_return_if_fail (INTAKE_IS_SUBMISSION_LIST (self));

  cancel_query (self);
  query = query_new (filter);
  query->generation = self->generation;

  if (!ensure_worker (self))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) ids = query_run (query, self->store, NULL, &error);

      query_free (query);
      filtered (self, ids, error);
      return;
    }

  query->worker = worker_ref (self->worker);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->cancellable, query_done_cb, NULL);
  g_task_set_source_tag (task, intake_submission_list_set_filter);
  g_task_set_task_data (task, query, (GDestroyNotify) query_free);
  g_task_run_in_thread (task, query_thread);

  set_searching (self, TRUE);
}

/**
 * intake_submission_list_get_searching:
 *
 * Returns: whether a filter is running: what the list shows is not all of
 *   what it will
 */
gboolean
intake_submission_list_get_searching (IntakeSubmissionList *self)
{
  g_return_val_if_fail (INTAKE_IS_SUBMISSION_LIST (self), FALSE);
  return self->searching;
}
