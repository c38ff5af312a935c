#define G_LOG_DOMAIN "intake-history"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "intake-history.h"

typedef enum
{
  EDIT_ADD_CODING,
  EDIT_REMOVE_CODING,
  EDIT_SET_ATTRIBUTE,
  EDIT_SET_STATUS,
  EDIT_DELETE_CODE,
} EditKind;

typedef struct
{
  EditKind      kind;
  char         *label;
  gint64        submission_id;

  IntakeCoding *coding;      /* add and remove */
  GPtrArray    *replaced;    /* add: the stance codings it replaced */

  char         *name;        /* attribute */
  char         *old_value;   /* attribute and status; NULL: no attribute */
  char         *new_value;

  char         *code_guid;   /* delete code */
  GVariant     *snapshot;
} Edit;

struct _IntakeHistory
{
  GObject      parent_instance;

  IntakeStore *store;
  char        *reviewer;
  GPtrArray   *undo_stack;   /* Edit, oldest first */
  GPtrArray   *redo_stack;   /* Edit, most recently undone last */
};

G_DEFINE_FINAL_TYPE (IntakeHistory, intake_history, G_TYPE_OBJECT)

enum { PROP_0, PROP_CAN_UNDO, PROP_CAN_REDO, PROP_UNDO_LABEL, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
edit_free (Edit *edit)
{
  g_free (edit->label);
  g_clear_pointer (&edit->coding, intake_coding_free);
  g_clear_pointer (&edit->replaced, g_ptr_array_unref);
  g_free (edit->name);
  g_free (edit->old_value);
  g_free (edit->new_value);
  g_free (edit->code_guid);
  g_clear_pointer (&edit->snapshot, g_variant_unref);
  g_free (edit);
}

static void
intake_history_dispose (GObject *object)
{
  IntakeHistory *self = INTAKE_HISTORY (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (intake_history_parent_class)->dispose (object);
}

static void
intake_history_finalize (GObject *object)
{
  IntakeHistory *self = INTAKE_HISTORY (object);

  g_free (self->reviewer);
  g_ptr_array_unref (self->undo_stack);
  g_ptr_array_unref (self->redo_stack);

  G_OBJECT_CLASS (intake_history_parent_class)->finalize (object);
}

static void
intake_history_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  IntakeHistory *self = INTAKE_HISTORY (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, intake_history_get_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, intake_history_get_can_redo (self));
      break;
    case PROP_UNDO_LABEL:
      g_value_set_string (value, intake_history_get_undo_label (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_history_class_init (IntakeHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = intake_history_dispose;
  object_class->finalize = intake_history_finalize;
  object_class->get_property = intake_history_get_property;

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
   * IntakeHistory::changed:
   * @submission_id: the submission changed, or 0 for the codebook
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
intake_history_init (IntakeHistory *self)
{
  self->undo_stack = g_ptr_array_new_with_free_func ((GDestroyNotify) edit_free);
  self->redo_stack = g_ptr_array_new_with_free_func ((GDestroyNotify) edit_free);
}

IntakeHistory *
intake_history_new (IntakeStore *store,
                    const char  *reviewer)
{
  IntakeHistory *self;

  g_return_val_if_fail (INTAKE_IS_STORE (store), NULL);

  self = g_object_new (INTAKE_TYPE_HISTORY, NULL);
  self->store = g_object_ref (store);
  self->reviewer = g_strdup (reviewer);

  return self;
}

IntakeStore *
intake_history_get_store (IntakeHistory *self)
{
  g_return_val_if_fail (INTAKE_IS_HISTORY (self), NULL);
  return self->store;
}

const char *
intake_history_get_reviewer (IntakeHistory *self)
{
  g_return_val_if_fail (INTAKE_IS_HISTORY (self), NULL);
  return self->reviewer;
}

void
intake_history_set_reviewer (IntakeHistory *self,
                             const char    *reviewer)
{
  g_return_if_fail (INTAKE_IS_HISTORY (self));

  g_free (self->reviewer);
  self->reviewer = g_strdup (reviewer);
}

gboolean
intake_history_get_can_undo (IntakeHistory *self)
{
  g_return_val_if_fail (INTAKE_IS_HISTORY (self), FALSE);
  return self->undo_stack->len > 0;
}

gboolean
intake_history_get_can_redo (IntakeHistory *self)
{
  g_return_val_if_fail (INTAKE_IS_HISTORY (self), FALSE);
  return self->redo_stack->len > 0;
}

const char *
intake_history_get_undo_label (IntakeHistory *self)
{
  g_return_val_if_fail (INTAKE_IS_HISTORY (self), NULL);

  if (self->undo_stack->len == 0)
    return NULL;

  return ((Edit *) g_ptr_array_index (self->undo_stack, self->undo_stack->len - 1))->label;
}

static void
notify_stacks (IntakeHistory *self,
               gint64         submission_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNDO_LABEL]);
  g_signal_emit (self, signals[CHANGED], 0, submission_id);
}

static void
push (IntakeHistory *self,
      Edit          *edit)
{
  g_ptr_array_add (self->undo_stack, edit);
  g_ptr_array_set_size (self->redo_stack, 0);
  notify_stacks (self, edit->submission_id);
}

static char *
code_name (const char *path)
{
  const char *slash = path ? strrchr (path, '/') : NULL;

  return g_strdup (slash ? slash + 1 : path ? path : "");
}

static gboolean
already_coded (IntakeHistory *self,
               gint64         submission_id,
               const char    *code_guid,
               int            start,
               int            end)
{
  g_autoptr(GPtrArray) codings = intake_store_list_codings (self->store, submission_id, NULL);

  for (guint i = 0; codings && i < codings->len; i++)
    {
      IntakeCoding *coding = g_ptr_array_index (codings, i);

      if (g_strcmp0 (coding->code_guid, code_guid) == 0 && coding->start == start &&
          coding->end == end && g_strcmp0 (coding->reviewer, self->reviewer) == 0)
        return TRUE;
    }

  return FALSE;
}

IntakeCoding *
intake_history_add_coding (IntakeHistory  *self,
                           gint64          submission_id,
                           const char     *code_guid,
                           int             start,
                           int             end,
                           GError        **error)
{
  g_autoptr(GPtrArray) replaced = g_ptr_array_new_with_free_func ((GDestroyNotify) intake_coding_free);
  IntakeCoding *coding;
  gboolean existed;
  Edit *edit;

  g_return_val_if_fail (INTAKE_IS_HISTORY (self), NULL);

  existed = already_coded (self, submission_id, code_guid, start, end);
  coding = intake_store_add_coding (self->store, submission_id, code_guid, self->reviewer,
                                    start, end, NULL, replaced, error);
  if (coding == NULL || existed)
    return coding;

  edit = g_new0 (Edit, 1);
  edit->kind = EDIT_ADD_CODING;
  edit->submission_id = submission_id;
  edit->coding = intake_coding_copy (coding);
  edit->replaced = g_steal_pointer (&replaced);
  {
    g_autofree char *name = code_name (coding->code_path);
    /* Translators: what Undo takes back, e.g. Coding “Trust” */
    edit->label = g_strdup_printf (_("Coding “%s”"), name);
  }
  push (self, edit);

  return coding;
}

gboolean
intake_history_remove_coding (IntakeHistory  *self,
                              const char     *coding_guid,
                              GError        **error)
{
  g_autoptr(IntakeCoding) coding = NULL;
  Edit *edit;

  g_return_val_if_fail (INTAKE_IS_HISTORY (self), FALSE);

  coding = intake_store_get_coding (self->store, coding_guid, error);
  if (coding == NULL || !intake_store_remove_coding (self->store, coding_guid, self->reviewer, error))
    return FALSE;

  edit = g_new0 (Edit, 1);
  edit->kind = EDIT_REMOVE_CODING;
  edit->submission_id = coding->submission_id;
  {
    g_autofree char *name = code_name (coding->code_path);
    edit->label = g_strdup_printf (_("Removing “%s”"), name);
  }
  edit->coding = g_steal_pointer (&coding);
  push (self, edit);

  return TRUE;
}

gboolean
intake_history_set_attribute (IntakeHistory  *self,
                              gint64          submission_id,
                              const char     *name,
                              const char     *value,
                              GError        **error)
{
  g_autoptr(GHashTable) attributes = NULL;
  const char *old_value;
  Edit *edit;

  g_return_val_if_fail (INTAKE_IS_HISTORY (self), FALSE);

  attributes = intake_store_get_attributes (self->store, submission_id, error);
  if (attributes == NULL)
    return FALSE;
  old_value = g_hash_table_lookup (attributes, name);

  if (g_strcmp0 (old_value, value) == 0 || ((old_value == NULL) && (value == NULL || *value == '\0')))
    return TRUE;

  if (!intake_store_set_attribute (self->store, submission_id, name, value, self->reviewer, error))
    return FALSE;

  edit = g_new0 (Edit, 1);
  edit->kind = EDIT_SET_ATTRIBUTE;
  edit->submission_id = submission_id;
  edit->name = g_strdup (name);
  edit->old_value = g_strdup (old_value);
  edit->new_value = g_strdup (value);
  edit->label = g_strdup_printf (_("Setting “%s”"), name);
  push (self, edit);

  return TRUE;
}

/* The history keeps statuses by name, as its callers give them. */
static gboolean
set_status (IntakeHistory  *self,
            gint64          submission_id,
            const char     *name,
            GError        **error)
{
  IntakeStatus status;

  if (!intake_status_from_string (name, &status))
    {
      g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED,
                   _("“%s” is not a status; use new, in-progress, coded or excluded"), name ? name : "");
      return FALSE;
    }

  return intake_store_set_status (self->store, submission_id, status, self->reviewer, error);
}

gboolean
intake_history_set_status (IntakeHistory  *self,
                           gint64          submission_id,
                           const char     *status,
                           GError        **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  const char *old_status;
  Edit *edit;

  g_return_val_if_fail (INTAKE_IS_HISTORY (self), FALSE);

  rows = intake_store_get_summaries (self->store, &submission_id, 1, error);
  if (rows == NULL)
    return FALSE;
  if (rows->len == 0)
    return set_status (self, submission_id, status, error);

  old_status = intake_status_to_string (intake_submission_get_status (g_ptr_array_index (rows, 0)));
  if (g_strcmp0 (old_status, status) == 0)
    return TRUE;

  if (!set_status (self, submission_id, status, error))
    return FALSE;

  edit = g_new0 (Edit, 1);
  edit->kind = EDIT_SET_STATUS;
  edit->submission_id = submission_id;
  edit->old_value = g_strdup (old_status);
  edit->new_value = g_strdup (status);
  edit->label = g_strdup (_("Changing the status"));
  push (self, edit);

  return TRUE;
}

gboolean
intake_history_delete_code (IntakeHistory  *self,
                            const char     *code_guid,
                            GError        **error)
{
  g_autoptr(IntakeCodebook) codebook = intake_store_load_codebook (self->store, NULL);
  IntakeCode *code = codebook ? intake_codebook_find_by_guid (codebook, code_guid) : NULL;
  GVariant *snapshot;
  Edit *edit;

  g_return_val_if_fail (INTAKE_IS_HISTORY (self), FALSE);

  snapshot = intake_store_delete_code (self->store, code_guid, self->reviewer, error);
  if (snapshot == NULL)
    return FALSE;

  edit = g_new0 (Edit, 1);
  edit->kind = EDIT_DELETE_CODE;
  edit->code_guid = g_strdup (code_guid);
  edit->snapshot = snapshot;
  edit->label = g_strdup_printf (_("Deleting “%s”"), code ? intake_code_get_name (code) : "");
  push (self, edit);

  return TRUE;
}

static gboolean
restore_coding (IntakeHistory       *self,
                const IntakeCoding  *coding,
                GError             **error)
{
  g_autoptr(IntakeCoding) restored = intake_store_add_coding (self->store, coding->submission_id,
                                                              coding->code_guid, coding->reviewer,
                                                              coding->start, coding->end,
                                                              coding->guid, NULL, error);

  return restored != NULL;
}

static gboolean
apply (IntakeHistory  *self,
       Edit           *edit,
       gboolean        undo,
       GError        **error)
{
  switch (edit->kind)
    {
    case EDIT_ADD_CODING:
      if (undo)
        {
          if (!intake_store_remove_coding (self->store, edit->coding->guid, self->reviewer, error))
            return FALSE;
          for (guint i = 0; i < edit->replaced->len; i++)
            if (!restore_coding (self, g_ptr_array_index (edit->replaced, i), error))
              return FALSE;
          return TRUE;
        }
      return restore_coding (self, edit->coding, error);

    case EDIT_REMOVE_CODING:
      if (undo)
        return restore_coding (self, edit->coding, error);
      return intake_store_remove_coding (self->store, edit->coding->guid, self->reviewer, error);

    case EDIT_SET_ATTRIBUTE:
      return intake_store_set_attribute (self->store, edit->submission_id, edit->name,
                                         undo ? edit->old_value : edit->new_value, self->reviewer, error);

    case EDIT_SET_STATUS:
      return set_status (self, edit->submission_id, undo ? edit->old_value : edit->new_value, error);

    case EDIT_DELETE_CODE:
      if (undo)
        return intake_store_restore_codes (self->store, edit->snapshot, self->reviewer, error);
      else
        {
          GVariant *snapshot = intake_store_delete_code (self->store, edit->code_guid, self->reviewer, error);

          if (snapshot == NULL)
            return FALSE;
          g_clear_pointer (&edit->snapshot, g_variant_unref);
          edit->snapshot = snapshot;
          return TRUE;
        }

    default:
      g_assert_not_reached ();
    }
}

static gboolean
move_edit (IntakeHistory  *self,
           GPtrArray      *from,
           GPtrArray      *to,
           gboolean        undo,
           GError        **error)
{
  Edit *edit;

  if (from->len == 0)
    return TRUE;

  edit = g_ptr_array_steal_index (from, from->len - 1);
  if (!apply (self, edit, undo, error))
    {
      /* The project changed under us (another window, a deleted code): the
       * step cannot be taken, so it is dropped rather than retried forever. */
      edit_free (edit);
      notify_stacks (self, 0);
      return FALSE;
    }

  g_ptr_array_add (to, edit);
  notify_stacks (self, edit->submission_id);

  return TRUE;
}

gboolean
intake_history_undo (IntakeHistory  *self,
                     GError        **error)
{
  g_return_val_if_fail (INTAKE_IS_HISTORY (self), FALSE);

  return move_edit (self, self->undo_stack, self->redo_stack, TRUE, error);
}

gboolean
intake_history_redo (IntakeHistory  *self,
                     GError        **error)
{
  g_return_val_if_fail (INTAKE_IS_HISTORY (self), FALSE);

  return move_edit (self, self->redo_stack, self->undo_stack, FALSE, error);
}
