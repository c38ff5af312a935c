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
  gulong       changed_handler;
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

  return self->ids ? self->ids->len : 0;
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
    {
      guint oldest = GPOINTER_TO_UINT (g_queue_pop_head (&self->page_order));

      g_hash_table_remove (self->pages, GUINT_TO_POINTER (oldest));
    }

  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), rows);
  g_queue_push_tail (&self->page_order, GUINT_TO_POINTER (page));

  return rows;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  IntakeSubmissionList *self = INTAKE_SUBMISSION_LIST (model);
  guint page = position / PAGE_SIZE;
  gint64 id;
  GPtrArray *rows;

  if (self->ids == NULL || position >= self->ids->len)
    return NULL;

  rows = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (rows == NULL)
    rows = load_page (self, page);
  if (rows == NULL)
    return NULL;

  /* A row deleted since the ids were read leaves the page short; find by id. */
  id = g_array_index (self->ids, gint64, position);
  for (guint i = 0; i < rows->len; i++)
    {
      IntakeSubmission *submission = g_ptr_array_index (rows, (position % PAGE_SIZE + i) % rows->len);

      if (intake_submission_get_id (submission) == id)
        return g_object_ref (submission);
    }

  return NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
store_changed_cb (IntakeSubmissionList *self,
                  IntakeStore          *store)
{
  intake_submission_list_reload (self);
}

static void
intake_submission_list_constructed (GObject *object)
{
  IntakeSubmissionList *self = INTAKE_SUBMISSION_LIST (object);

  G_OBJECT_CLASS (intake_submission_list_parent_class)->constructed (object);

  self->changed_handler = g_signal_connect_object (self->store, "changed",
                                                   G_CALLBACK (store_changed_cb), self,
                                                   G_CONNECT_SWAPPED);
  intake_submission_list_reload (self);
}

static void
intake_submission_list_dispose (GObject *object)
{
  IntakeSubmissionList *self = INTAKE_SUBMISSION_LIST (object);

  g_clear_signal_handler (&self->changed_handler, self->store);
  g_clear_object (&self->store);
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->page_order);

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

  object_class->constructed = intake_submission_list_constructed;
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
 * intake_submission_list_reload:
 *
 * Reads the ids again and tells views that every row changed.
 */
void
intake_submission_list_reload (IntakeSubmissionList *self)
{
  g_autoptr(GError) error = NULL;
  GArray *ids;
  guint old_len;

  g_return_if_fail (INTAKE_IS_SUBMISSION_LIST (self));

  ids = intake_store_list_ids (self->store, &error);
  if (ids == NULL)
    {
      g_warning ("Could not list submissions: %s", error->message);
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    }

  old_len = get_n_items (G_LIST_MODEL (self));
  g_clear_pointer (&self->ids, g_array_unref);
  self->ids = ids;
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->page_order);

  if (old_len != 0 || ids->len != 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, ids->len);
  if (old_len != ids->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}
