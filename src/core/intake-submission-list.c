#define G_LOG_DOMAIN "intake-submission-list"

#include "config.h"

#include "intake-submission-list.h"

/* Rows are fetched this many at a time, around the one asked for, and only
 * a few pages are kept: a 20,000-message project costs 20,000 ids. */
#define PAGE_SIZE 64
#define MAX_PAGES 16

struct _IntakeSubmissionList
{
  GObject      parent_instance;

  IntakeStore *store;
  GArray      *ids;
  GHashTable  *pages;       /* page number → GPtrArray of IntakeSubmission */
  GQueue       page_order;  /* least recently loaded first */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (IntakeSubmissionList, intake_submission_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum { PROP_0, PROP_STORE, PROP_N_ITEMS, N_PROPS };
static GParamSpec *properties[N_PROPS];

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
  if (rows == NULL)
    return NULL;

  index = find_in_page (rows, position, g_array_index (self->ids, gint64, position));

  return index >= 0 ? g_object_ref (g_ptr_array_index (rows, index)) : NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
intake_submission_list_dispose (GObject *object)
{
  IntakeSubmissionList *self = INTAKE_SUBMISSION_LIST (object);

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
  g_object_class_install_properties (object_class, N_PROPS, properties);
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
  guint old_len;
  guint prefix = 0;
  guint suffix = 0;

  g_return_if_fail (INTAKE_IS_SUBMISSION_LIST (self));
  g_return_if_fail (ids != NULL || n_ids == 0);

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
