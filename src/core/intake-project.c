#define G_LOG_DOMAIN "intake-project"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "intake-codebook-model.h"
#include "intake-main-context.h"
#include "intake-project.h"

struct _IntakeProject
{
  GObject              parent_instance;

  IntakeStore         *store;
  IntakeHistory       *history;
  char                *reviewer;
  char                *reviewer_guid;  /* what the store is told: two may share a name */

  /* The codebook as the store has it now, and the models over it. */
  IntakeCodebook      *codebook;
  IntakeCodebookModel *codes;
  GHashTable          *children;   /* parent GUID → IntakeCodebookModel, weak */

  /* What each step of the history changed, as its "changed" signal said
   * (a submission's id, 0 for the codebook), in the order of its stacks;
   * while an undo or redo runs, which one. */
  GArray              *undo_targets;
  GArray              *redo_targets;
  GArray              *stepping;
};

G_DEFINE_FINAL_TYPE (IntakeProject, intake_project, G_TYPE_OBJECT)

G_DEFINE_QUARK (intake-project-error-quark, intake_project_error)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_REVIEWER,
  PROP_HISTORY,
  PROP_PATH,
  PROP_CODEBOOK,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_UNDO_LABEL,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum
{
  CODEBOOK_CHANGED,
  SUBMISSION_CHANGED,
  SUBMISSIONS_ADDED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void
children_model_gone (gpointer  user_data,
                     GObject  *where_the_object_was)
{
  IntakeProject *self = user_data;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->children);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (value == (gpointer) where_the_object_was)
      {
        g_hash_table_iter_remove (&iter);
        break;
      }
}

static void
update_models (IntakeProject *self)
{
  g_autoptr(GPtrArray) models = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;

  /* A view may ask for more models while these update; those are built
   * from the new codebook already, and the table must not change under
   * the walk. */
  g_hash_table_iter_init (&iter, self->children);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (models, g_object_ref (value));

  intake_codebook_model_update (self->codes, self->codebook);
  for (guint i = 0; i < models->len; i++)
    intake_codebook_model_update (g_ptr_array_index (models, i), self->codebook);
}

static gboolean
load_codebook (IntakeProject  *self,
               GError        **error)
{
  g_autoptr(IntakeCodebook) codebook = intake_store_load_codebook (self->store, error);

  if (codebook == NULL)
    return FALSE;

  g_set_object (&self->codebook, codebook);
  return TRUE;
}

/**
 * intake_project_reload_codebook:
 *
 * Reads the codebook again, updates the code models and emits
 * "codebook-changed". Changes made through the project do this already;
 * this is for work that changed the store another way.
 */
void
intake_project_reload_codebook (IntakeProject *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (INTAKE_IS_PROJECT (self));

  if (!load_codebook (self, &error))
    {
      g_warning ("Could not read the codebook: %s", error->message);
      return;
    }

  update_models (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODEBOOK]);
  g_signal_emit (self, signals[CODEBOOK_CHANGED], 0);
}

/* Every change, undo and redo goes through the history: its one signal
 * says which part of the project changed. */
static void
history_changed_cb (IntakeProject *self,
                    gint64         submission_id,
                    IntakeHistory *history)
{
  /* A new step, or one moved from one stack to the other. */
  if (self->stepping == NULL)
    {
      g_array_append_val (self->undo_targets, submission_id);
      g_array_set_size (self->redo_targets, 0);
    }
  else
    {
      GArray *to = self->stepping == self->undo_targets ? self->redo_targets : self->undo_targets;

      if (self->stepping->len > 0)
        g_array_set_size (self->stepping, self->stepping->len - 1);
      g_array_append_val (to, submission_id);
    }

  if (submission_id == 0)
    intake_project_reload_codebook (self);
  else
    g_signal_emit (self, signals[SUBMISSION_CHANGED], 0, submission_id);
}

static void
history_notify_cb (IntakeProject *self,
                   GParamSpec    *pspec,
                   IntakeHistory *history)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_strcmp0 (name, "can-undo") == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  else if (g_strcmp0 (name, "can-redo") == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
  else if (g_strcmp0 (name, "undo-label") == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNDO_LABEL]);
}

static void
intake_project_constructed (GObject *object)
{
  IntakeProject *self = INTAKE_PROJECT (object);
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (intake_project_parent_class)->constructed (object);

  g_assert (INTAKE_IS_STORE (self->store));

  self->history = intake_history_new (self->store, self->reviewer_guid);
  g_signal_connect_object (self->history, "changed", G_CALLBACK (history_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->history, "notify", G_CALLBACK (history_notify_cb), self, G_CONNECT_SWAPPED);

  if (!load_codebook (self, &error))
    {
      g_warning ("Could not read the codebook: %s", error->message);
      self->codebook = intake_codebook_new ();
    }
  self->codes = intake_codebook_model_new (NULL, self->codebook);
}

static void
intake_project_dispose (GObject *object)
{
  IntakeProject *self = INTAKE_PROJECT (object);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->children);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      g_object_weak_unref (value, children_model_gone, self);
      g_hash_table_iter_remove (&iter);
    }

  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  g_clear_object (&self->history);
  g_clear_object (&self->codes);
  g_clear_object (&self->codebook);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (intake_project_parent_class)->dispose (object);
}

static void
intake_project_finalize (GObject *object)
{
  IntakeProject *self = INTAKE_PROJECT (object);

  g_free (self->reviewer);
  g_free (self->reviewer_guid);
  g_hash_table_unref (self->children);
  g_array_unref (self->undo_targets);
  g_array_unref (self->redo_targets);

  G_OBJECT_CLASS (intake_project_parent_class)->finalize (object);
}

static void
intake_project_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  IntakeProject *self = INTAKE_PROJECT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_REVIEWER:
      g_value_set_string (value, self->reviewer);
      break;
    case PROP_HISTORY:
      g_value_set_object (value, self->history);
      break;
    case PROP_PATH:
      g_value_set_string (value, intake_project_get_path (self));
      break;
    case PROP_CODEBOOK:
      g_value_set_object (value, self->codebook);
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, intake_project_get_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, intake_project_get_can_redo (self));
      break;
    case PROP_UNDO_LABEL:
      g_value_set_string (value, intake_project_get_undo_label (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_project_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  IntakeProject *self = INTAKE_PROJECT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_REVIEWER:
      {
        g_autoptr(GError) error = NULL;

        /* A property cannot fail; intake_project_set_reviewer() reports why. */
        if (!intake_project_set_reviewer (self, g_value_get_string (value), &error))
          g_warning ("Could not add the reviewer: %s", error->message);
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_project_class_init (IntakeProjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = intake_project_constructed;
  object_class->dispose = intake_project_dispose;
  object_class->finalize = intake_project_finalize;
  object_class->get_property = intake_project_get_property;
  object_class->set_property = intake_project_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, INTAKE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REVIEWER] =
    g_param_spec_string ("reviewer", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HISTORY] =
    g_param_spec_object ("history", NULL, NULL, INTAKE_TYPE_HISTORY,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CODEBOOK] =
    g_param_spec_object ("codebook", NULL, NULL, INTAKE_TYPE_CODEBOOK,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNDO_LABEL] =
    g_param_spec_string ("undo-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * IntakeProject::codebook-changed:
   *
   * Emitted once after the codebook changed, with the code models updated.
   */
  signals[CODEBOOK_CHANGED] = g_signal_new ("codebook-changed", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 0);

  /**
   * IntakeProject::submission-changed:
   * @submission_id: the submission
   *
   * Emitted after a change to a submission's codings, attributes, status,
   * memo or flags, or after its undo or redo.
   */
  signals[SUBMISSION_CHANGED] = g_signal_new ("submission-changed", G_TYPE_FROM_CLASS (klass),
                                              G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                              G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * IntakeProject::submissions-added:
   *
   * Emitted after an import or a merge added submissions.
   */
  signals[SUBMISSIONS_ADDED] = g_signal_new ("submissions-added", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                             G_TYPE_NONE, 0);
}

static void
intake_project_init (IntakeProject *self)
{
  self->children = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->undo_targets = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->redo_targets = g_array_new (FALSE, FALSE, sizeof (gint64));
}

/* Construction */

IntakeProject *
intake_project_new_for_store (IntakeStore *store)
{
  g_return_val_if_fail (INTAKE_IS_STORE (store), NULL);

  return g_object_new (INTAKE_TYPE_PROJECT, "store", store, NULL);
}

/**
 * intake_project_open:
 * @path: the project file; created if it does not exist
 *
 * Opens a project, bringing its schema up to date.
 */
IntakeProject *
intake_project_open (const char  *path,
                     GError     **error)
{
  g_autoptr(IntakeStore) store = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  store = intake_store_open (path, error);
  if (store == NULL)
    return NULL;

  return intake_project_new_for_store (store);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  IntakeStore *store;

  if (g_task_return_error_if_cancelled (task))
    return;

  /* The window is made while the file is checked for damage. */
  store = intake_store_open_checking_later (task_data, &error);
  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

void
intake_project_open_async (const char          *path,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, intake_project_open_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, open_thread);
}

IntakeProject *
intake_project_open_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_autoptr(IntakeStore) store = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == intake_project_open_async, NULL);

  /* The store was opened in the worker; the project, whose signals views
   * connect to, is made here on the caller's thread. */
  store = g_task_propagate_pointer (G_TASK (result), error);
  if (store == NULL)
    return NULL;

  return intake_project_new_for_store (store);
}

static void
store_checked_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (intake_store_wait_checked_finish (INTAKE_STORE (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * intake_project_wait_checked_async:
 *
 * A project opened with intake_project_open_async() is checked for damage
 * while it is already read; this waits for the check. Changes made
 * meanwhile wait for it too, and fail if the project is damaged.
 */
void
intake_project_wait_checked_async (IntakeProject       *self,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (INTAKE_IS_PROJECT (self));

  intake_store_wait_checked_async (self->store, store_checked_cb,
                                   g_task_new (self, NULL, callback, user_data));
}

/* Returns: FALSE, with %INTAKE_STORE_ERROR_DAMAGED, if the project is damaged */
gboolean
intake_project_wait_checked_finish (IntakeProject  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Properties */

IntakeStore *
intake_project_get_store (IntakeProject *self)
{
  g_return_val_if_fail (INTAKE_IS_PROJECT (self), NULL);
  return self->store;
}

IntakeHistory *
intake_project_get_history (IntakeProject *self)
{
  g_return_val_if_fail (INTAKE_IS_PROJECT (self), NULL);
  return self->history;
}

const char *
intake_project_get_path (IntakeProject *self)
{
  g_return_val_if_fail (INTAKE_IS_PROJECT (self), NULL);
  return intake_store_get_path (self->store);
}

const char *
intake_project_get_reviewer (IntakeProject *self)
{
  g_return_val_if_fail (INTAKE_IS_PROJECT (self), NULL);
  return self->reviewer;
}

const char *
intake_project_get_reviewer_guid (IntakeProject *self)
{
  g_return_val_if_fail (INTAKE_IS_PROJECT (self), NULL);
  return self->reviewer_guid;
}

gboolean
intake_project_set_reviewer (IntakeProject  *self,
                             const char     *name,
                             GError        **error)
{
  g_autofree char *clean = NULL;
  g_autofree char *guid = NULL;

  g_return_val_if_fail (INTAKE_IS_PROJECT (self), FALSE);

  clean = name ? g_strstrip (g_strdup (name)) : NULL;
  if (clean != NULL && *clean == '\0')
    g_clear_pointer (&clean, g_free);

  if (g_strcmp0 (clean, self->reviewer) == 0)
    return TRUE;

  if (clean != NULL &&
      (!intake_store_ensure_reviewer (self->store, clean, error) ||
       (guid = intake_store_find_reviewer_guid (self->store, clean, error)) == NULL))
    return FALSE;

  g_free (self->reviewer);
  self->reviewer = g_steal_pointer (&clean);
  g_free (self->reviewer_guid);
  self->reviewer_guid = g_steal_pointer (&guid);

  /* Steps recorded for someone else are theirs to take back, not the new
   * reviewer's. */
  intake_history_set_reviewer (self->history, self->reviewer_guid);
  intake_history_clear (self->history);
  g_array_set_size (self->undo_targets, 0);
  g_array_set_size (self->redo_targets, 0);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVIEWER]);

  return TRUE;
}

gboolean
intake_project_get_can_undo (IntakeProject *self)
{
  g_return_val_if_fail (INTAKE_IS_PROJECT (self), FALSE);
  return intake_history_get_can_undo (self->history);
}

gboolean
intake_project_get_can_redo (IntakeProject *self)
{
  g_return_val_if_fail (INTAKE_IS_PROJECT (self), FALSE);
  return intake_history_get_can_redo (self->history);
}

const char *
intake_project_get_undo_label (IntakeProject *self)
{
  g_return_val_if_fail (INTAKE_IS_PROJECT (self), NULL);
  return intake_history_get_undo_label (self->history);
}

/* Takes the last step of @from back or again; @from is undo_targets or
 * redo_targets. */
static gboolean
step (IntakeProject  *self,
      GArray         *from,
      GError        **error)
{
  GArray *to = from == self->undo_targets ? self->redo_targets : self->undo_targets;
  guint from_len = from->len;
  guint to_len = to->len;
  gboolean ok;

  self->stepping = from;
  ok = from == self->undo_targets ? intake_history_undo (self->history, error)
                                  : intake_history_redo (self->history, error);
  self->stepping = NULL;

  /* A step that fails is dropped by the history, whether or not it had
   * changed something first. */
  if (!ok && from_len > 0)
    {
      g_array_set_size (from, from_len - 1);
      g_array_set_size (to, to_len);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
    }

  return ok;
}

gboolean
intake_project_undo (IntakeProject  *self,
                     GError        **error)
{
  g_return_val_if_fail (INTAKE_IS_PROJECT (self), FALSE);
  return step (self, self->undo_targets, error);
}

gboolean
intake_project_redo (IntakeProject  *self,
                     GError        **error)
{
  g_return_val_if_fail (INTAKE_IS_PROJECT (self), FALSE);
  return step (self, self->redo_targets, error);
}

static gboolean
last_is_codebook (GArray *targets)
{
  return targets->len > 0 && g_array_index (targets, gint64, targets->len - 1) == 0;
}

/**
 * intake_project_get_can_undo_codebook:
 *
 * Whether undo would take back a change to the codebook (rather than to a
 * submission): the codebook editor undoes only those.
 */
gboolean
intake_project_get_can_undo_codebook (IntakeProject *self)
{
  g_return_val_if_fail (INTAKE_IS_PROJECT (self), FALSE);
  return intake_history_get_can_undo (self->history) && last_is_codebook (self->undo_targets);
}

/**
 * intake_project_get_can_redo_codebook:
 *
 * Whether redo would make a change to the codebook again.
 */
gboolean
intake_project_get_can_redo_codebook (IntakeProject *self)
{
  g_return_val_if_fail (INTAKE_IS_PROJECT (self), FALSE);
  return intake_history_get_can_redo (self->history) && last_is_codebook (self->redo_targets);
}

/* The codebook */

/**
 * intake_project_get_codebook:
 *
 * Returns: (transfer none): the codebook as it is now, for finding codes by
 *   GUID or path. A change replaces it: keep a reference to hold on to one.
 */
IntakeCodebook *
intake_project_get_codebook (IntakeProject *self)
{
  g_return_val_if_fail (INTAKE_IS_PROJECT (self), NULL);
  return self->codebook;
}

/**
 * intake_project_get_codes:
 *
 * Returns: (transfer none): a GListModel of the top-level IntakeCode
 */
GListModel *
intake_project_get_codes (IntakeProject *self)
{
  g_return_val_if_fail (INTAKE_IS_PROJECT (self), NULL);
  return G_LIST_MODEL (self->codes);
}

static GListModel *
children_model (IntakeProject *self,
                const char    *parent_guid)
{
  IntakeCodebookModel *model = g_hash_table_lookup (self->children, parent_guid);

  if (model != NULL)
    return g_object_ref (G_LIST_MODEL (model));

  model = intake_codebook_model_new (parent_guid, self->codebook);
  g_hash_table_insert (self->children, g_strdup (parent_guid), model);
  g_object_weak_ref (G_OBJECT (model), children_model_gone, self);

  return G_LIST_MODEL (model);
}

/**
 * intake_project_get_children:
 * @code: a code of the project
 *
 * The codes directly under @code, kept up to date, as a
 * GtkTreeListModelCreateModelFunc wants them.
 *
 * Returns: (transfer full) (nullable): a GListModel of IntakeCode, or %NULL
 *   when @code has no children
 */
GListModel *
intake_project_get_children (IntakeProject *self,
                             IntakeCode    *code)
{
  IntakeCode *current;

  g_return_val_if_fail (INTAKE_IS_PROJECT (self), NULL);
  g_return_val_if_fail (INTAKE_IS_CODE (code), NULL);

  current = intake_codebook_find_by_guid (self->codebook, intake_code_get_guid (code));
  if (current == NULL || intake_code_get_child_guids (current)[0] == NULL)
    return NULL;

  return children_model (self, intake_code_get_guid (code));
}

/**
 * intake_project_get_flags:
 *
 * Returns: (transfer full): a GListModel of the IntakeCode of the Flags
 *   group, empty if the project has none
 */
GListModel *
intake_project_get_flags (IntakeProject *self)
{
  g_return_val_if_fail (INTAKE_IS_PROJECT (self), NULL);
  return children_model (self, INTAKE_FLAGS_GROUP_GUID);
}

/**
 * intake_project_add_code:
 * @parent_guid: (nullable): the parent, or %NULL for the top level
 * @color: (nullable): "#RRGGBB"
 * @out_guid: (out) (optional): the new code's GUID
 */
gboolean
intake_project_add_code (IntakeProject  *self,
                         const char     *parent_guid,
                         const char     *name,
                         const char     *color,
                         gboolean        is_codable,
                         char          **out_guid,
                         GError        **error)
{
  g_autofree char *guid = NULL;

  g_return_val_if_fail (INTAKE_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  guid = intake_history_add_code (self->history, parent_guid, name, color, is_codable, error);
  if (guid == NULL)
    return FALSE;

  if (out_guid != NULL)
    *out_guid = g_steal_pointer (&guid);

  return TRUE;
}

gboolean
intake_project_update_code (IntakeProject  *self,
                            const char     *code_guid,
                            const char     *name,
                            const char     *description,
                            const char     *color,
                            GError        **error)
{
  g_return_val_if_fail (INTAKE_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (code_guid != NULL, FALSE);

  return intake_history_update_code (self->history, code_guid, name, description, color, error);
}

gboolean
intake_project_rename_code (IntakeProject  *self,
                            const char     *code_guid,
                            const char     *name,
                            GError        **error)
{
  g_return_val_if_fail (name != NULL, FALSE);
  return intake_project_update_code (self, code_guid, name, NULL, NULL, error);
}

gboolean
intake_project_describe_code (IntakeProject  *self,
                              const char     *code_guid,
                              const char     *description,
                              GError        **error)
{
  return intake_project_update_code (self, code_guid, NULL, description ? description : "", NULL, error);
}

gboolean
intake_project_recolor_code (IntakeProject  *self,
                             const char     *code_guid,
                             const char     *color,
                             GError        **error)
{
  g_return_val_if_fail (color != NULL, FALSE);
  return intake_project_update_code (self, code_guid, NULL, NULL, color, error);
}

/**
 * intake_project_move_code:
 * @parent_guid: (nullable): the new parent, or %NULL for the top level
 * @position: the place among the new parent's other children; -1 for last
 */
gboolean
intake_project_move_code (IntakeProject  *self,
                          const char     *code_guid,
                          const char     *parent_guid,
                          int             position,
                          GError        **error)
{
  g_return_val_if_fail (INTAKE_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (code_guid != NULL, FALSE);

  return intake_history_move_code (self->history, code_guid, parent_guid, position, error);
}

/**
 * intake_project_reorder_code:
 * @position: the place among the code's siblings; -1 for last
 */
gboolean
intake_project_reorder_code (IntakeProject  *self,
                             const char     *code_guid,
                             int             position,
                             GError        **error)
{
  IntakeCode *code;

  g_return_val_if_fail (INTAKE_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (code_guid != NULL, FALSE);

  code = intake_codebook_find_by_guid (self->codebook, code_guid);
  if (code == NULL)
    {
      g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_NOT_FOUND,
                   _("The project has no code with the GUID %s"), code_guid);
      return FALSE;
    }

  return intake_history_move_code (self->history, code_guid, intake_code_get_parent_guid (code),
                                   position, error);
}

gboolean
intake_project_delete_code (IntakeProject  *self,
                            const char     *code_guid,
                            GError        **error)
{
  g_return_val_if_fail (INTAKE_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (code_guid != NULL, FALSE);

  return intake_history_delete_code (self->history, code_guid, error);
}

gboolean
intake_project_import_codebook (IntakeProject   *self,
                                IntakeCodebook  *codebook,
                                GError         **error)
{
  g_return_val_if_fail (INTAKE_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (INTAKE_IS_CODEBOOK (codebook), FALSE);

  if (!intake_store_import_codebook (self->store, codebook, self->reviewer_guid, error))
    return FALSE;

  intake_project_reload_codebook (self);

  return TRUE;
}

/* Coding */

/**
 * intake_project_add_coding:
 * @start: the excerpt's first code point, or -1 for the whole submission
 * @end: the code point after the excerpt, or -1 for the whole submission
 * @out_coding: (out) (optional): the coding
 *
 * Codes a submission as the reviewer. A coding that is already there is
 * handed back and nothing changes.
 */
gboolean
intake_project_add_coding (IntakeProject  *self,
                           gint64          submission_id,
                           const char     *code_guid,
                           int             start,
                           int             end,
                           IntakeCoding  **out_coding,
                           GError        **error)
{
  g_autoptr(IntakeCoding) coding = NULL;

  g_return_val_if_fail (INTAKE_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (code_guid != NULL, FALSE);

  coding = intake_history_add_coding (self->history, submission_id, code_guid, start, end, error);
  if (coding == NULL)
    return FALSE;

  if (out_coding != NULL)
    *out_coding = g_steal_pointer (&coding);

  return TRUE;
}

gboolean
intake_project_remove_coding (IntakeProject  *self,
                              const char     *coding_guid,
                              GError        **error)
{
  g_return_val_if_fail (INTAKE_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (coding_guid != NULL, FALSE);

  return intake_history_remove_coding (self->history, coding_guid, error);
}

/**
 * intake_project_recode_coding:
 * @coding_guid: the coding to change
 * @code_guid: the code the excerpt takes instead
 * @out_coding: (out) (optional): the coding with @code_guid
 *
 * Changes the code of a coded excerpt (or of the whole submission) as one
 * undo step: the coding gives way to the reviewer's coding of the same span
 * with @code_guid, which may have been there already. If either half is
 * refused, nothing changes.
 */
gboolean
intake_project_recode_coding (IntakeProject  *self,
                              const char     *coding_guid,
                              const char     *code_guid,
                              IntakeCoding  **out_coding,
                              GError        **error)
{
  g_autoptr(IntakeCoding) coding = NULL;

  g_return_val_if_fail (INTAKE_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (coding_guid != NULL, FALSE);
  g_return_val_if_fail (code_guid != NULL, FALSE);

  coding = intake_history_recode_coding (self->history, coding_guid, code_guid, error);
  if (coding == NULL)
    return FALSE;

  if (out_coding != NULL)
    *out_coding = g_steal_pointer (&coding);

  return TRUE;
}

/**
 * intake_project_set_attribute:
 * @value: (nullable): the value, or %NULL or "" to remove the attribute
 */
gboolean
intake_project_set_attribute (IntakeProject  *self,
                              gint64          submission_id,
                              const char     *name,
                              const char     *value,
                              GError        **error)
{
  g_return_val_if_fail (INTAKE_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return intake_history_set_attribute (self->history, submission_id, name, value, error);
}

gboolean
intake_project_set_status (IntakeProject  *self,
                           gint64          submission_id,
                           IntakeStatus      status,
                           GError        **error)
{
  g_return_val_if_fail (INTAKE_IS_PROJECT (self), FALSE);

  return intake_history_set_status (self->history, submission_id, status, error);
}

/**
 * intake_project_set_memo:
 *
 * Saves the submission's memo. Not an undo step (see the header).
 */
gboolean
intake_project_set_memo (IntakeProject  *self,
                         gint64          submission_id,
                         const char     *text,
                         GError        **error)
{
  g_autofree char *old = NULL;

  g_return_val_if_fail (INTAKE_IS_PROJECT (self), FALSE);

  old = intake_store_get_memo (self->store, submission_id, self->reviewer_guid, NULL);
  if (g_strcmp0 (old ? old : "", text ? text : "") == 0)
    return TRUE;

  if (!intake_store_set_memo (self->store, submission_id, text, self->reviewer_guid, error))
    return FALSE;

  g_signal_emit (self, signals[SUBMISSION_CHANGED], 0, submission_id);

  return TRUE;
}

/* The reviewer's coding of the whole submission with @code_guid: borrowed
 * from @codings, or NULL. */
static IntakeCoding *
find_whole_coding (IntakeProject *self,
                   GPtrArray     *codings,
                   const char    *code_guid)
{
  for (guint i = 0; codings != NULL && i < codings->len; i++)
    {
      IntakeCoding *coding = g_ptr_array_index (codings, i);

      if (coding->start == -1 && g_strcmp0 (coding->code_guid, code_guid) == 0 &&
          intake_coding_is_by (coding, self->reviewer_guid))
        return coding;
    }

  return NULL;
}

static gboolean
check_flag (IntakeProject  *self,
            const char     *flag_guid,
            GError        **error)
{
  IntakeCode *code = intake_codebook_find_by_guid (self->codebook, flag_guid);

  if (code == NULL)
    {
      g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_NOT_FOUND,
                   _("The project has no code with the GUID %s"), flag_guid);
      return FALSE;
    }

  if (g_strcmp0 (intake_code_get_parent_guid (code), INTAKE_FLAGS_GROUP_GUID) != 0)
    {
      g_set_error (error, INTAKE_PROJECT_ERROR, INTAKE_PROJECT_ERROR_NOT_A_FLAG,
                   _("“%s” is not a flag; flags are the codes of the Flags group"),
                   intake_code_get_name (code));
      return FALSE;
    }

  return TRUE;
}

/* Whether the reviewer raised the flag on the submission. */
gboolean
intake_project_get_flag (IntakeProject *self,
                         gint64         submission_id,
                         const char    *flag_guid)
{
  g_autoptr(GPtrArray) codings = NULL;

  g_return_val_if_fail (INTAKE_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (flag_guid != NULL, FALSE);

  codings = intake_store_list_codings (self->store, submission_id, NULL);

  return find_whole_coding (self, codings, flag_guid) != NULL;
}

gboolean
intake_project_set_flag (IntakeProject  *self,
                         gint64          submission_id,
                         const char     *flag_guid,
                         gboolean        raised,
                         GError        **error)
{
  g_autoptr(GPtrArray) codings = NULL;
  IntakeCoding *existing;

  g_return_val_if_fail (INTAKE_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (flag_guid != NULL, FALSE);

  if (!check_flag (self, flag_guid, error))
    return FALSE;

  codings = intake_store_list_codings (self->store, submission_id, error);
  if (codings == NULL)
    return FALSE;

  existing = find_whole_coding (self, codings, flag_guid);
  if (raised && existing == NULL)
    return intake_project_add_coding (self, submission_id, flag_guid, -1, -1, NULL, error);
  if (!raised && existing != NULL)
    return intake_project_remove_coding (self, existing->guid, error);

  return TRUE;
}

gboolean
intake_project_toggle_flag (IntakeProject  *self,
                            gint64          submission_id,
                            const char     *flag_guid,
                            GError        **error)
{
  g_autoptr(GPtrArray) codings = NULL;

  g_return_val_if_fail (INTAKE_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (flag_guid != NULL, FALSE);

  codings = intake_store_list_codings (self->store, submission_id, error);
  if (codings == NULL)
    return FALSE;

  return intake_project_set_flag (self, submission_id, flag_guid,
                                  find_whole_coding (self, codings, flag_guid) == NULL, error);
}

/* Progress */

typedef struct
{
  IntakeStore *store;
  char        *reviewer;
} ProgressData;

static void
progress_data_free (ProgressData *data)
{
  g_clear_object (&data->store);
  g_free (data->reviewer);
  g_free (data);
}

static void
progress_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  ProgressData *data = task_data;
  g_autoptr(IntakeStore) store = NULL;
  g_autofree IntakeProgress *progress = g_new0 (IntakeProgress, 1);
  GError *error = NULL;

  store = intake_store_open_another (data->store, &error);
  if (store == NULL || !intake_store_get_progress (store, data->reviewer, progress, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&progress), g_free);
}

void
intake_project_get_progress_async (IntakeProject       *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ProgressData *data;

  g_return_if_fail (INTAKE_IS_PROJECT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (ProgressData, 1);
  data->store = g_object_ref (self->store);
  data->reviewer = g_strdup (intake_project_get_reviewer (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, intake_project_get_progress_async);
  g_task_set_task_data (task, data, (GDestroyNotify) progress_data_free);
  g_task_run_in_thread (task, progress_thread);
}

gboolean
intake_project_get_progress_finish (IntakeProject   *self,
                                    GAsyncResult    *result,
                                    IntakeProgress  *progress,
                                    GError         **error)
{
  g_autofree IntakeProgress *counted = NULL;

  g_return_val_if_fail (INTAKE_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == intake_project_get_progress_async, FALSE);
  g_return_val_if_fail (progress != NULL, FALSE);

  counted = g_task_propagate_pointer (G_TASK (result), error);
  if (counted == NULL)
    return FALSE;

  *progress = *counted;
  return TRUE;
}

/* Agreement */

/* What a query about the reviewers runs on its worker: @store is a
 * reader of its own, whose queries the cancellable interrupts too. */
typedef gpointer (*ReviewersQuery) (IntakeStore         *store,
                                    const char * const  *reviewers,
                                    GCancellable        *cancellable,
                                    GDestroyNotify      *free_result,
                                    GError             **error);

typedef struct
{
  IntakeStore    *store;
  GStrv           reviewers;
  ReviewersQuery  query;
} AgreementData;

static void
agreement_data_free (AgreementData *data)
{
  g_clear_object (&data->store);
  g_strfreev (data->reviewers);
  g_free (data);
}

static void
reviewers_query_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  AgreementData *data = task_data;
  g_autoptr(IntakeStore) store = NULL;
  GDestroyNotify free_result = NULL;
  GError *error = NULL;
  gpointer result;

  store = intake_store_open_reader (data->store, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  intake_store_set_cancellable (store, cancellable);
  result = data->query (store, (const char * const *) data->reviewers, cancellable, &free_result, &error);
  intake_store_set_cancellable (store, NULL);
  if (result == NULL)
    {
      /* An interrupted query fails with the store's own error. */
      if (g_cancellable_is_cancelled (cancellable))
        {
          g_clear_error (&error);
          g_cancellable_set_error_if_cancelled (cancellable, &error);
        }
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, result, free_result);
}

static void
run_reviewers_query (IntakeProject       *self,
                     const char * const  *reviewers,
                     ReviewersQuery       query,
                     gpointer             source_tag,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AgreementData *data;

  data = g_new0 (AgreementData, 1);
  data->store = g_object_ref (self->store);
  data->reviewers = g_strdupv ((char **) reviewers);
  data->query = query;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) agreement_data_free);
  g_task_run_in_thread (task, reviewers_query_thread);
}

static gpointer
agreement_query (IntakeStore         *store,
                 const char * const  *reviewers,
                 GCancellable        *cancellable,
                 GDestroyNotify      *free_result,
                 GError             **error)
{
  *free_result = (GDestroyNotify) intake_agreement_report_unref;
  return intake_store_compute_agreement (store, reviewers, cancellable, error);
}

void
intake_project_compute_agreement_async (IntakeProject       *self,
                                        const char * const  *reviewers,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (INTAKE_IS_PROJECT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  run_reviewers_query (self, reviewers, agreement_query, intake_project_compute_agreement_async,
                       cancellable, callback, user_data);
}

/**
 * intake_project_compute_agreement_finish:
 *
 * Returns: (transfer full): the report, or NULL with @error set
 */
IntakeAgreementReport *
intake_project_compute_agreement_finish (IntakeProject  *self,
                                         GAsyncResult   *result,
                                         GError        **error)
{
  g_return_val_if_fail (INTAKE_IS_PROJECT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == intake_project_compute_agreement_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Disagreements and adjudication */

static gpointer
disagreements_query (IntakeStore         *store,
                     const char * const  *reviewers,
                     GCancellable        *cancellable,
                     GDestroyNotify      *free_result,
                     GError             **error)
{
  *free_result = (GDestroyNotify) g_ptr_array_unref;
  return intake_store_list_disagreements (store, reviewers, cancellable, error);
}

void
intake_project_list_disagreements_async (IntakeProject       *self,
                                         const char * const  *reviewers,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (INTAKE_IS_PROJECT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  run_reviewers_query (self, reviewers, disagreements_query, intake_project_list_disagreements_async,
                       cancellable, callback, user_data);
}

/**
 * intake_project_list_disagreements_finish:
 *
 * Returns: (transfer container) (element-type IntakeDisagreement): the
 *   disagreements, or NULL with @error set
 */
GPtrArray *
intake_project_list_disagreements_finish (IntakeProject  *self,
                                          GAsyncResult   *result,
                                          GError        **error)
{
  g_return_val_if_fail (INTAKE_IS_PROJECT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == intake_project_list_disagreements_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * intake_project_adjudicate:
 * @chosen_reviewer: (nullable): by name or GUID, for REVIEWER
 * @reviewers: (nullable): the reviewers compared, for ALL
 * @reason: (nullable): why, as the coordinator gave it
 * @out_adjudication: (out) (optional): the decision recorded
 */
gboolean
intake_project_adjudicate (IntakeProject               *self,
                           gint64                       submission_id,
                           const char                  *code_guid,
                           IntakeAdjudicationDecision   decision,
                           const char                  *chosen_reviewer,
                           const char * const          *reviewers,
                           const char                  *reason,
                           IntakeAdjudication         **out_adjudication,
                           GError                     **error)
{
  g_autoptr(IntakeAdjudication) adjudication = NULL;

  g_return_val_if_fail (INTAKE_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (code_guid != NULL, FALSE);

  adjudication = intake_history_adjudicate (self->history, submission_id, code_guid, decision,
                                            chosen_reviewer, reviewers, reason, error);
  if (adjudication == NULL)
    return FALSE;

  if (out_adjudication != NULL)
    *out_adjudication = g_steal_pointer (&adjudication);
  return TRUE;
}

/* Importing */

static void
import_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IntakeProject *self = g_task_get_source_object (task);
  IntakeImportSummary *summary;
  GError *error = NULL;

  summary = intake_importer_import_finish (INTAKE_IMPORTER (object), result, &error);

  /* Batches are committed as they go: a failed or cancelled import may
   * still have added some. */
  if (summary == NULL || summary->imported > 0)
    intake_project_notify_submissions_added (self);

  if (summary == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, summary, (GDestroyNotify) intake_import_summary_free);
}

void
intake_project_import_async (IntakeProject       *self,
                             GFile * const       *files,
                             guint                n_files,
                             IntakeImporter      *importer,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(IntakeImporter) own_importer = NULL;
  GTask *task;

  g_return_if_fail (INTAKE_IS_PROJECT (self));
  g_return_if_fail (files != NULL || n_files == 0);
  g_return_if_fail (!importer || INTAKE_IS_IMPORTER (importer));
  g_return_if_fail (!importer || intake_importer_get_store (importer) == self->store);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (importer == NULL)
    importer = own_importer = intake_importer_new (self->store);

  /* Not cancellable itself: a cancelled import still has a summary to give. */
  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, intake_project_import_async);
  intake_importer_import_async (importer, files, n_files, cancellable, import_cb, task);
}

/**
 * intake_project_import_finish:
 *
 * Returns: (transfer full): what the import did, or %NULL with @error set
 */
IntakeImportSummary *
intake_project_import_finish (IntakeProject  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (INTAKE_IS_PROJECT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == intake_project_import_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
intake_project_notify_submissions_added (IntakeProject *self)
{
  g_return_if_fail (INTAKE_IS_PROJECT (self));

  g_signal_emit (self, signals[SUBMISSIONS_ADDED], 0);
}

/**
 * intake_project_remember_csv_roles:
 * @header: a survey export's column names
 * @roles: one IntakeCsvRole for each column of @header
 *
 * Keeps the roles the person gave the columns, for the next import of an
 * export with the same columns. Not an undo step: it changes no data.
 */
gboolean
intake_project_remember_csv_roles (IntakeProject       *self,
                                   const char * const  *header,
                                   GArray              *roles,
                                   GError             **error)
{
  g_return_val_if_fail (INTAKE_IS_PROJECT (self), FALSE);

  return intake_store_set_csv_roles (self->store, header, roles, error);
}

/**
 * intake_project_recall_csv_roles:
 * @header: a survey export's column names
 *
 * Returns: (transfer full) (nullable): the roles remembered for an export
 *   with these columns, or %NULL (with @error unset) for columns never
 *   imported with roles chosen
 */
GArray *
intake_project_recall_csv_roles (IntakeProject       *self,
                                 const char * const  *header,
                                 GError             **error)
{
  g_return_val_if_fail (INTAKE_IS_PROJECT (self), NULL);

  return intake_store_get_csv_roles (self->store, header, error);
}

/* A copy for one reviewer */

typedef struct
{
  IntakeStore       *store;     /* the project's; only its path is read off the main thread */
  char              *path;
  IntakeCopyOptions    options;
  IntakeProgressRelay *progress;
} CopyJob;

static void
copy_job_free (CopyJob *job)
{
  g_clear_object (&job->store);
  g_free (job->path);
  intake_progress_relay_unref (job->progress);
  g_free (job);
}


static void
copy_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CopyJob *job = task_data;
  g_autoptr(IntakeStore) reader = NULL;
  g_autofree IntakeCopySummary *summary = g_new0 (IntakeCopySummary, 1);
  GError *error = NULL;

  reader = intake_store_open_another (job->store, &error);
  if (reader == NULL ||
      !intake_store_write_copy (reader, job->path, &job->options,
                                intake_progress_relay_send, job->progress,
                                summary, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&summary), g_free);
}

/**
 * intake_project_write_copy_async:
 * @path: the copy to write; the project itself is refused
 * @options: all submissions or a sample, blind or not; copied
 * @progress: (nullable): the share done, on the caller's context
 * @progress_destroy: (nullable): called once for @progress_data, on the
 *   caller's context, before @callback
 *
 * Writes a copy of the project for one reviewer on a worker thread.
 * Cancelled or failed, it leaves the file that was at @path as it was.
 */
void
intake_project_write_copy_async (IntakeProject           *self,
                                 const char              *path,
                                 const IntakeCopyOptions *options,
                                 IntakeStoreProgressFunc  progress,
                                 gpointer                 progress_data,
                                 GDestroyNotify           progress_destroy,
                                 GCancellable            *cancellable,
                                 GAsyncReadyCallback      callback,
                                 gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  IntakeProgressRelay *shared;
  CopyJob *job;

  g_return_if_fail (INTAKE_IS_PROJECT (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (options != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  /* A copy reports a handful of steps: each one is sent. */
  shared = intake_progress_relay_new ("[intake] copy progress", 0, progress, progress_data, progress_destroy);

  job = g_new0 (CopyJob, 1);
  job->store = g_object_ref (self->store);
  job->path = g_strdup (path);
  job->options = *options;
  job->progress = intake_progress_relay_ref (shared);

  task = intake_progress_relay_task_new (shared, self, cancellable, NULL, callback, user_data);
  g_task_set_source_tag (task, intake_project_write_copy_async);
  g_task_set_name (task, "[intake] copy for reviewer");
  g_task_set_task_data (task, job, (GDestroyNotify) copy_job_free);
  /* The result says what happened to the file, even if cancelled late. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, copy_thread);
}

gboolean
intake_project_write_copy_finish (IntakeProject      *self,
                                  GAsyncResult       *result,
                                  IntakeCopySummary  *summary,
                                  GError            **error)
{
  g_autofree IntakeCopySummary *written = NULL;

  g_return_val_if_fail (INTAKE_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == intake_project_write_copy_async, FALSE);

  written = g_task_propagate_pointer (G_TASK (result), error);
  if (written == NULL)
    return FALSE;

  if (summary != NULL)
    *summary = *written;
  return TRUE;
}

/* Merging reviewers' projects */

#define MERGE_MAX_CHANGED_SIGNALS 500

typedef struct
{
  IntakeStore         *store;     /* the project's; only its path is read off the main thread */
  GStrv                paths;
  char                *reviewer;
  IntakeProgressRelay *progress;

  /* What the views must hear of, told by the worker once it is done. */
  gboolean             merged;
  gboolean             submissions_added;
  GArray              *changed;
} MergeJob;

static void
merge_job_free (MergeJob *job)
{
  g_clear_object (&job->store);
  g_strfreev (job->paths);
  g_free (job->reviewer);
  g_clear_pointer (&job->changed, g_array_unref);
  intake_progress_relay_unref (job->progress);
  g_free (job);
}

static void
merge_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  MergeJob *job = task_data;
  g_autoptr(IntakeStore) writer = NULL;
  IntakeMergeSummary *summary = NULL;
  GError *error = NULL;

  writer = intake_store_open_another (job->store, &error);
  if (writer != NULL)
    summary = intake_store_merge (writer, (const char * const *) job->paths, job->reviewer,
                                  intake_progress_relay_send, job->progress, cancellable, &error);
  if (summary == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  job->merged = TRUE;
  job->submissions_added = summary->submissions > 0;
  job->changed = g_array_ref (summary->changed);
  g_task_return_pointer (task, summary, (GDestroyNotify) intake_merge_summary_free);
}

/* On the caller's context, before its progress ends and it hears of the
 * end: the views hear of the merge. */
static void
merge_ready (GObject      *source_object,
             GAsyncResult *result,
             gpointer      data)
{
  IntakeProject *self = INTAKE_PROJECT (source_object);
  MergeJob *job = g_task_get_task_data (G_TASK (result));

  if (job->merged)
    {
      intake_project_reload_codebook (self);
      /* Each view reads a changed submission again; past a few hundred,
       * one reload of everything is quicker than a signal for each. */
      if (job->submissions_added || job->changed->len > MERGE_MAX_CHANGED_SIGNALS)
        intake_project_notify_submissions_added (self);
      for (guint i = 0; job->changed->len <= MERGE_MAX_CHANGED_SIGNALS && i < job->changed->len; i++)
        g_signal_emit (self, signals[SUBMISSION_CHANGED], 0, g_array_index (job->changed, gint64, i));
    }
}

/**
 * intake_project_merge_async:
 * @paths: the reviewers' projects
 * @progress: (nullable): the share done, on the caller's context
 * @progress_destroy: (nullable): called once for @progress_data, on the
 *   caller's context, before @callback
 *
 * Merges reviewers' projects into this one on a worker thread, in one
 * transaction: failed or cancelled, the project is as it was.
 */
void
intake_project_merge_async (IntakeProject           *self,
                            const char * const      *paths,
                            IntakeStoreProgressFunc  progress,
                            gpointer                 progress_data,
                            GDestroyNotify           progress_destroy,
                            GCancellable            *cancellable,
                            GAsyncReadyCallback      callback,
                            gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  IntakeProgressRelay *shared;
  MergeJob *job;

  g_return_if_fail (INTAKE_IS_PROJECT (self));
  g_return_if_fail (paths != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  /* A merge reports a handful of steps a file: each one is sent. */
  shared = intake_progress_relay_new ("[intake] merge progress", 0, progress, progress_data, progress_destroy);

  job = g_new0 (MergeJob, 1);
  job->store = g_object_ref (self->store);
  job->paths = g_strdupv ((char **) paths);
  job->reviewer = g_strdup (self->reviewer_guid);
  job->progress = intake_progress_relay_ref (shared);

  task = intake_progress_relay_task_new (shared, self, cancellable, merge_ready, callback, user_data);
  g_task_set_source_tag (task, intake_project_merge_async);
  g_task_set_name (task, "[intake] merge reviewers' projects");
  g_task_set_task_data (task, job, (GDestroyNotify) merge_job_free);
  /* The result says whether the project changed, even if cancelled late. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, merge_thread);
}

IntakeMergeSummary *
intake_project_merge_finish (IntakeProject  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (INTAKE_IS_PROJECT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == intake_project_merge_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
