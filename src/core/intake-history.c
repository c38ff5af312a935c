#define G_LOG_DOMAIN "intake-history"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "intake-history.h"

typedef enum
{
  EDIT_ADD_CODING,
  EDIT_REMOVE_CODING,
  EDIT_RECODE_CODING,
  EDIT_SET_ATTRIBUTE,
  EDIT_SET_STATUS,
  EDIT_DELETE_CODE,
  EDIT_ADD_CODE,
  EDIT_UPDATE_CODE,
  EDIT_MOVE_CODE,
  EDIT_ADJUDICATE,
} EditKind;

typedef struct
{
  EditKind      kind;
  char         *label;
  gint64        submission_id;

  IntakeCoding *coding;      /* add and remove; recode: the old coding */
  IntakeCoding *new_coding;  /* recode: the coding with the new code */
  gboolean      kept;        /* recode: new_coding was there already */
  GPtrArray    *replaced;    /* add and recode: the stance codings it replaced */

  char         *name;        /* attribute */
  char         *old_value;   /* attribute; NULL: no attribute */
  char         *new_value;

  IntakeStatus  old_status;  /* status; add and recode: when it set one itself */
  IntakeStatus  new_status;
  gboolean      set_status;  /* add and recode: the store moved the status on */

  char         *code_guid;   /* codebook edits */
  GVariant     *snapshot;    /* delete, and add once undone: what to restore */

  char         *old_name;    /* update code; NULL: the field was not changed */
  char         *new_name;
  char         *old_description;
  char         *new_description;
  char         *old_color;
  char         *new_color;

  char         *old_parent;  /* move code; NULL: the top level */
  char         *new_parent;
  int           old_position;
  int           new_position;

  IntakeAdjudication *old_adjudication;  /* adjudicate; NULL: none was there */
  IntakeAdjudication *new_adjudication;
} Edit;

struct _IntakeHistory
{
  GObject      parent_instance;

  IntakeStore *store;
  char        *reviewer;
  GPtrArray   *undo_stack;   /* Edit, oldest first */
  GPtrArray   *redo_stack;   /* Edit, most recently undone last */

  /* What the properties said when last notified, to notify only changes. */
  gboolean     notified_can_undo;
  gboolean     notified_can_redo;
  char        *notified_undo_label;
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
  g_clear_pointer (&edit->new_coding, intake_coding_free);
  g_clear_pointer (&edit->replaced, g_ptr_array_unref);
  g_free (edit->name);
  g_free (edit->old_value);
  g_free (edit->new_value);
  g_free (edit->code_guid);
  g_clear_pointer (&edit->snapshot, g_variant_unref);
  g_free (edit->old_name);
  g_free (edit->new_name);
  g_free (edit->old_description);
  g_free (edit->new_description);
  g_free (edit->old_color);
  g_free (edit->new_color);
  g_free (edit->old_parent);
  g_free (edit->new_parent);
  g_clear_pointer (&edit->old_adjudication, intake_adjudication_free);
  g_clear_pointer (&edit->new_adjudication, intake_adjudication_free);
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
  g_free (self->notified_undo_label);
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
notify_properties (IntakeHistory *self)
{
  gboolean can_undo = intake_history_get_can_undo (self);
  gboolean can_redo = intake_history_get_can_redo (self);
  const char *label = intake_history_get_undo_label (self);

  if (can_undo != self->notified_can_undo)
    {
      self->notified_can_undo = can_undo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
    }
  if (can_redo != self->notified_can_redo)
    {
      self->notified_can_redo = can_redo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
    }
  if (g_strcmp0 (label, self->notified_undo_label) != 0)
    {
      g_free (self->notified_undo_label);
      self->notified_undo_label = g_strdup (label);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNDO_LABEL]);
    }
}

static void
notify_stacks (IntakeHistory *self,
               gint64         submission_id)
{
  notify_properties (self);
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

/**
 * intake_history_clear:
 *
 * Forgets every step, as when another reviewer takes over: their undo must
 * not take back someone else's work.
 */
void
intake_history_clear (IntakeHistory *self)
{
  g_return_if_fail (INTAKE_IS_HISTORY (self));

  g_ptr_array_set_size (self->undo_stack, 0);
  g_ptr_array_set_size (self->redo_stack, 0);
  notify_properties (self);
}

static char *
code_name (const char *path)
{
  const char *slash = path ? strrchr (path, '/') : NULL;

  return g_strdup (slash ? slash + 1 : path ? path : "");
}

/* The status of @submission_id, or -1 when it cannot be read. */
static int
read_status (IntakeHistory *self,
             gint64         submission_id)
{
  g_autoptr(GPtrArray) rows = intake_store_get_summaries (self->store, &submission_id, 1, NULL);

  if (rows == NULL || rows->len == 0)
    return -1;

  return intake_submission_get_status (g_ptr_array_index (rows, 0));
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
          coding->end == end && intake_coding_is_by (coding, self->reviewer))
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
  int old_status, new_status;
  Edit *edit;

  g_return_val_if_fail (INTAKE_IS_HISTORY (self), NULL);

  existed = already_coded (self, submission_id, code_guid, start, end);
  old_status = read_status (self, submission_id);
  coding = intake_store_add_coding (self->store, submission_id, code_guid, self->reviewer,
                                    start, end, NULL, replaced, error);
  if (coding == NULL || existed)
    return coding;
  new_status = read_status (self, submission_id);

  edit = g_new0 (Edit, 1);
  edit->kind = EDIT_ADD_CODING;
  edit->submission_id = submission_id;
  /* The first coding of a new submission puts it in progress; undoing the
   * coding takes that back too, or the list would call it started. */
  if (old_status >= 0 && new_status >= 0 && old_status != new_status)
    {
      edit->set_status = TRUE;
      edit->old_status = old_status;
      edit->new_status = new_status;
    }
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

/* Several writes as one change: the store keeps all of them or none. */
static gboolean
begin_writes (IntakeHistory  *self,
              GError        **error)
{
  return intake_store_begin (self->store, error);
}

static gboolean
end_writes (IntakeHistory  *self,
            gboolean        ok,
            GError        **error)
{
  if (ok && intake_store_commit (self->store, error))
    return TRUE;

  intake_store_rollback (self->store);
  return FALSE;
}

/* Whether the status that @edit's coding set is still the submission's:
 * one the reviewer (or anyone) chose since is theirs to keep. */
static gboolean
status_still_set (IntakeHistory *self,
                  Edit          *edit)
{
  return edit->set_status && read_status (self, edit->submission_id) == (int) edit->new_status;
}

/**
 * intake_history_recode_coding:
 * @coding_guid: the coding to change
 * @code_guid: the code it takes instead
 *
 * Gives a coded excerpt another code as one step: the coding goes and the
 * reviewer's coding of the same span with @code_guid takes its place, or
 * stays if it was there already. The store keeps both changes or neither.
 * Recoding to the same code changes nothing.
 *
 * Returns: (transfer full) (nullable): the coding with @code_guid
 */
IntakeCoding *
intake_history_recode_coding (IntakeHistory  *self,
                              const char     *coding_guid,
                              const char     *code_guid,
                              GError        **error)
{
  g_autoptr(GPtrArray) replaced = g_ptr_array_new_with_free_func ((GDestroyNotify) intake_coding_free);
  g_autoptr(IntakeCoding) old = NULL;
  g_autoptr(IntakeCoding) coding = NULL;
  gboolean existed, ok;
  int old_status, new_status;
  Edit *edit;

  g_return_val_if_fail (INTAKE_IS_HISTORY (self), NULL);
  g_return_val_if_fail (coding_guid != NULL, NULL);
  g_return_val_if_fail (code_guid != NULL, NULL);

  old = intake_store_get_coding (self->store, coding_guid, error);
  if (old == NULL)
    return NULL;
  if (g_strcmp0 (old->code_guid, code_guid) == 0)
    return g_steal_pointer (&old);

  existed = already_coded (self, old->submission_id, code_guid, old->start, old->end);
  old_status = read_status (self, old->submission_id);

  if (!begin_writes (self, error))
    return NULL;
  ok = intake_store_remove_coding (self->store, coding_guid, self->reviewer, error);
  if (ok)
    {
      coding = intake_store_add_coding (self->store, old->submission_id, code_guid, self->reviewer,
                                        old->start, old->end, NULL, replaced, error);
      ok = coding != NULL;
    }
  if (!end_writes (self, ok, error))
    return NULL;
  new_status = read_status (self, old->submission_id);

  edit = g_new0 (Edit, 1);
  edit->kind = EDIT_RECODE_CODING;
  edit->submission_id = old->submission_id;
  edit->kept = existed;
  /* As for a new coding: undo takes back the status it moved on. */
  if (old_status >= 0 && new_status >= 0 && old_status != new_status)
    {
      edit->set_status = TRUE;
      edit->old_status = old_status;
      edit->new_status = new_status;
    }
  edit->new_coding = intake_coding_copy (coding);
  edit->replaced = g_steal_pointer (&replaced);
  {
    g_autofree char *name = code_name (coding->code_path);
    edit->label = g_strdup_printf (_("Coding “%s”"), name);
  }
  edit->coding = g_steal_pointer (&old);
  push (self, edit);

  return g_steal_pointer (&coding);
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

gboolean
intake_history_set_status (IntakeHistory  *self,
                           gint64          submission_id,
                           IntakeStatus    status,
                           GError        **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  IntakeStatus old_status;
  Edit *edit;

  g_return_val_if_fail (INTAKE_IS_HISTORY (self), FALSE);

  rows = intake_store_get_summaries (self->store, &submission_id, 1, error);
  if (rows == NULL)
    return FALSE;
  /* The store says why a submission that is not there cannot change. */
  if (rows->len == 0)
    return intake_store_set_status (self->store, submission_id, status, self->reviewer, error);

  old_status = intake_submission_get_status (g_ptr_array_index (rows, 0));
  if (old_status == status)
    return TRUE;

  if (!intake_store_set_status (self->store, submission_id, status, self->reviewer, error))
    return FALSE;

  edit = g_new0 (Edit, 1);
  edit->kind = EDIT_SET_STATUS;
  edit->submission_id = submission_id;
  edit->old_status = old_status;
  edit->new_status = status;
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

/* The GUIDs of the codes under @parent_guid (NULL: the top level), in order. */
static GPtrArray *
list_siblings (IntakeCodebook *codebook,
               const char     *parent_guid)
{
  GPtrArray *siblings = g_ptr_array_new ();

  if (parent_guid != NULL)
    {
      IntakeCode *parent = intake_codebook_find_by_guid (codebook, parent_guid);
      const char * const *children = parent ? intake_code_get_child_guids (parent) : NULL;

      for (guint i = 0; children && children[i]; i++)
        g_ptr_array_add (siblings, (gpointer) children[i]);
    }
  else
    {
      for (guint i = 0; i < intake_codebook_get_n_codes (codebook); i++)
        {
          IntakeCode *code = intake_codebook_get_code (codebook, i);

          if (intake_code_get_parent_guid (code) == NULL)
            g_ptr_array_add (siblings, (gpointer) intake_code_get_guid (code));
        }
    }

  return siblings;
}

static IntakeCode *
find_code (IntakeCodebook  *codebook,
           const char      *guid,
           GError         **error)
{
  IntakeCode *code = guid ? intake_codebook_find_by_guid (codebook, guid) : NULL;

  if (code == NULL)
    g_set_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_NOT_FOUND,
                 _("The project has no code with the GUID %s"), guid ? guid : "");

  return code;
}

/**
 * intake_history_add_code:
 *
 * Returns: (transfer full) (nullable): the new code's GUID
 */
char *
intake_history_add_code (IntakeHistory  *self,
                         const char     *parent_guid,
                         const char     *name,
                         const char     *color,
                         gboolean        is_codable,
                         GError        **error)
{
  g_autofree char *guid = NULL;
  Edit *edit;

  g_return_val_if_fail (INTAKE_IS_HISTORY (self), NULL);

  guid = intake_store_add_code (self->store, parent_guid, name, color, is_codable, self->reviewer, error);
  if (guid == NULL)
    return NULL;

  edit = g_new0 (Edit, 1);
  edit->kind = EDIT_ADD_CODE;
  edit->code_guid = g_strdup (guid);
  /* Translators: what Undo takes back, e.g. Adding “Trust” */
  edit->label = g_strdup_printf (_("Adding “%s”"), name);
  push (self, edit);

  return g_steal_pointer (&guid);
}

static gboolean
same_text (const char *a,
           const char *b)
{
  /* No colour and no description read as empty. */
  return g_strcmp0 (a ? a : "", b ? b : "") == 0;
}

/**
 * intake_history_update_code:
 * @name: (nullable): the new name, or %NULL to keep it
 * @description: (nullable): the new description, or %NULL to keep it
 * @color: (nullable): the new colour ("#RRGGBB"), or %NULL to keep it
 *
 * Renames, describes or recolours a code. Changing nothing records nothing.
 */
gboolean
intake_history_update_code (IntakeHistory  *self,
                            const char     *code_guid,
                            const char     *name,
                            const char     *description,
                            const char     *color,
                            GError        **error)
{
  g_autoptr(IntakeCodebook) codebook = NULL;
  IntakeCode *code;
  Edit *edit;
  guint n_fields = 0;

  g_return_val_if_fail (INTAKE_IS_HISTORY (self), FALSE);

  codebook = intake_store_load_codebook (self->store, error);
  if (codebook == NULL || (code = find_code (codebook, code_guid, error)) == NULL)
    return FALSE;

  if (name != NULL && strcmp (name, intake_code_get_name (code)) == 0)
    name = NULL;
  if (description != NULL && same_text (description, intake_code_get_description (code)))
    description = NULL;
  if (color != NULL && same_text (color, intake_code_get_color (code)))
    color = NULL;
  if (name == NULL && description == NULL && color == NULL)
    return TRUE;

  if (!intake_store_update_code (self->store, code_guid, name, description, color, self->reviewer, error))
    return FALSE;

  edit = g_new0 (Edit, 1);
  edit->kind = EDIT_UPDATE_CODE;
  edit->code_guid = g_strdup (code_guid);
  if (name != NULL)
    {
      edit->old_name = g_strdup (intake_code_get_name (code));
      edit->new_name = g_strdup (name);
      n_fields++;
    }
  if (description != NULL)
    {
      edit->old_description = g_strdup (intake_code_get_description (code));
      edit->new_description = g_strdup (description);
      n_fields++;
    }
  if (color != NULL)
    {
      /* The store cannot take a colour away, only replace it: "" stands for none. */
      edit->old_color = g_strdup (intake_code_get_color (code) ? intake_code_get_color (code) : "");
      edit->new_color = g_strdup (color);
      n_fields++;
    }

  if (n_fields > 1)
    /* Translators: what Undo takes back, e.g. Editing “Trust” */
    edit->label = g_strdup_printf (_("Editing “%s”"), intake_code_get_name (code));
  else if (name != NULL)
    /* Translators: what Undo takes back; %s is the old name */
    edit->label = g_strdup_printf (_("Renaming “%s”"), intake_code_get_name (code));
  else if (description != NULL)
    edit->label = g_strdup_printf (_("Describing “%s”"), intake_code_get_name (code));
  else
    edit->label = g_strdup_printf (_("Changing the colour of “%s”"), intake_code_get_name (code));
  push (self, edit);

  return TRUE;
}

/**
 * intake_history_move_code:
 * @parent_guid: (nullable): the new parent, or %NULL for the top level
 * @position: the place among the new parent's other children; -1 for last
 *
 * Moves a code under another parent, or to another place among its
 * siblings. Moving a code to where it is records nothing.
 */
gboolean
intake_history_move_code (IntakeHistory  *self,
                          const char     *code_guid,
                          const char     *parent_guid,
                          int             position,
                          GError        **error)
{
  g_autoptr(IntakeCodebook) codebook = NULL;
  g_autoptr(GPtrArray) old_siblings = NULL;
  g_autoptr(GPtrArray) new_siblings = NULL;
  IntakeCode *code;
  const char *old_parent;
  guint old_position = 0;
  guint n_others = 0;
  Edit *edit;

  g_return_val_if_fail (INTAKE_IS_HISTORY (self), FALSE);

  codebook = intake_store_load_codebook (self->store, error);
  if (codebook == NULL || (code = find_code (codebook, code_guid, error)) == NULL)
    return FALSE;
  if (parent_guid != NULL && find_code (codebook, parent_guid, error) == NULL)
    return FALSE;

  old_parent = intake_code_get_parent_guid (code);
  old_siblings = list_siblings (codebook, old_parent);
  for (guint i = 0; i < old_siblings->len; i++)
    if (strcmp (g_ptr_array_index (old_siblings, i), intake_code_get_guid (code)) == 0)
      old_position = i;

  /* Where the store will put it: among the others, clamped to the end. */
  new_siblings = list_siblings (codebook, parent_guid);
  for (guint i = 0; i < new_siblings->len; i++)
    if (strcmp (g_ptr_array_index (new_siblings, i), intake_code_get_guid (code)) != 0)
      n_others++;
  if (position < 0 || (guint) position > n_others)
    position = n_others;

  if (g_strcmp0 (old_parent, parent_guid) == 0 && (guint) position == old_position)
    return TRUE;

  if (!intake_store_move_code (self->store, code_guid, parent_guid, position, self->reviewer, error))
    return FALSE;

  edit = g_new0 (Edit, 1);
  edit->kind = EDIT_MOVE_CODE;
  edit->code_guid = g_strdup (code_guid);
  edit->old_parent = g_strdup (old_parent);
  edit->old_position = old_position;
  edit->new_parent = g_strdup (parent_guid);
  edit->new_position = position;
  if (g_strcmp0 (old_parent, parent_guid) == 0)
    /* Translators: what Undo takes back: a code's place among its siblings */
    edit->label = g_strdup_printf (_("Reordering “%s”"), intake_code_get_name (code));
  else
    edit->label = g_strdup_printf (_("Moving “%s”"), intake_code_get_name (code));
  push (self, edit);

  return TRUE;
}

/**
 * intake_history_adjudicate:
 *
 * Records the reviewer as the coordinator who settled a disagreement
 * (intake_store_adjudicate()); undo puts back the decision it replaced,
 * or none.
 *
 * Returns: (transfer full) (nullable): the decision
 */
IntakeAdjudication *
intake_history_adjudicate (IntakeHistory               *self,
                           gint64                       submission_id,
                           const char                  *code_guid,
                           IntakeAdjudicationDecision   decision,
                           const char                  *chosen_reviewer,
                           const char * const          *reviewers,
                           const char                  *reason,
                           GError                     **error)
{
  IntakeAdjudication *previous = NULL;
  IntakeAdjudication *adjudication;
  Edit *edit;

  g_return_val_if_fail (INTAKE_IS_HISTORY (self), NULL);

  adjudication = intake_store_adjudicate (self->store, submission_id, code_guid, decision, chosen_reviewer,
                                          reviewers, reason, self->reviewer, &previous, error);
  if (adjudication == NULL)
    return NULL;

  edit = g_new0 (Edit, 1);
  edit->kind = EDIT_ADJUDICATE;
  edit->submission_id = submission_id;
  edit->code_guid = g_strdup (code_guid);
  edit->old_adjudication = previous;
  edit->new_adjudication = intake_adjudication_copy (adjudication);
  {
    g_autofree char *name = code_name (adjudication->code_path);
    /* Translators: what Undo takes back, e.g. Adjudicating “Trust” */
    edit->label = g_strdup_printf (_("Adjudicating “%s”"), name);
  }
  push (self, edit);

  return adjudication;
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

/* Undone or redone in one go, like the change itself. */
static gboolean
apply_recode (IntakeHistory  *self,
              Edit           *edit,
              gboolean        undo,
              GError        **error)
{
  gboolean ok;

  if (!begin_writes (self, error))
    return FALSE;

  if (undo)
    {
      ok = edit->kept || intake_store_remove_coding (self->store, edit->new_coding->guid, self->reviewer, error);
      ok = ok && restore_coding (self, edit->coding, error);
      for (guint i = 0; ok && i < edit->replaced->len; i++)
        ok = restore_coding (self, g_ptr_array_index (edit->replaced, i), error);
      if (ok && status_still_set (self, edit))
        ok = intake_store_set_status (self->store, edit->submission_id, edit->old_status,
                                      self->reviewer, error);
    }
  else
    {
      ok = intake_store_remove_coding (self->store, edit->coding->guid, self->reviewer, error);
      ok = ok && (edit->kept || restore_coding (self, edit->new_coding, error));
    }

  return end_writes (self, ok, error);
}

/* @touched is set when a step that fails half-way has changed the project. */
static gboolean
apply (IntakeHistory  *self,
       Edit           *edit,
       gboolean        undo,
       gboolean       *touched,
       GError        **error)
{
  switch (edit->kind)
    {
    case EDIT_ADD_CODING:
      if (undo)
        {
          if (!intake_store_remove_coding (self->store, edit->coding->guid, self->reviewer, error))
            return FALSE;
          *touched = TRUE;
          for (guint i = 0; i < edit->replaced->len; i++)
            if (!restore_coding (self, g_ptr_array_index (edit->replaced, i), error))
              return FALSE;
          /* Only the status the coding set: one the reviewer chose since stays. */
          if (status_still_set (self, edit))
            return intake_store_set_status (self->store, edit->submission_id, edit->old_status,
                                            self->reviewer, error);
          return TRUE;
        }
      /* Redoing it moves the status on again, as the store does for any coding. */
      return restore_coding (self, edit->coding, error);

    case EDIT_REMOVE_CODING:
      if (undo)
        return restore_coding (self, edit->coding, error);
      return intake_store_remove_coding (self->store, edit->coding->guid, self->reviewer, error);

    case EDIT_RECODE_CODING:
      return apply_recode (self, edit, undo, error);

    case EDIT_SET_ATTRIBUTE:
      return intake_store_set_attribute (self->store, edit->submission_id, edit->name,
                                         undo ? edit->old_value : edit->new_value, self->reviewer, error);

    case EDIT_SET_STATUS:
      return intake_store_set_status (self->store, edit->submission_id,
                                      undo ? edit->old_status : edit->new_status, self->reviewer, error);

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

    case EDIT_ADD_CODE:
      if (undo)
        {
          GVariant *snapshot = intake_store_delete_code (self->store, edit->code_guid, self->reviewer, error);

          if (snapshot == NULL)
            return FALSE;
          g_clear_pointer (&edit->snapshot, g_variant_unref);
          edit->snapshot = snapshot;
          return TRUE;
        }
      /* Brought back as it was, GUID and place included. */
      return intake_store_restore_codes (self->store, edit->snapshot, self->reviewer, error);

    case EDIT_UPDATE_CODE:
      return intake_store_update_code (self->store, edit->code_guid,
                                       undo ? edit->old_name : edit->new_name,
                                       undo ? edit->old_description : edit->new_description,
                                       undo ? edit->old_color : edit->new_color,
                                       self->reviewer, error);

    case EDIT_MOVE_CODE:
      return intake_store_move_code (self->store, edit->code_guid,
                                     undo ? edit->old_parent : edit->new_parent,
                                     undo ? edit->old_position : edit->new_position,
                                     self->reviewer, error);

    case EDIT_ADJUDICATE:
      return intake_store_restore_adjudication (self->store, edit->submission_id, edit->code_guid,
                                                undo ? edit->old_adjudication : edit->new_adjudication,
                                                self->reviewer, error);

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
  gboolean touched = FALSE;
  Edit *edit;

  if (from->len == 0)
    return TRUE;

  edit = g_ptr_array_steal_index (from, from->len - 1);
  if (!apply (self, edit, undo, &touched, error))
    {
      gint64 submission_id = edit->submission_id;

      /* The project changed under us (another window, a deleted code): the
       * step cannot be taken, so it is dropped rather than retried forever.
       * The store took back its own half, so nothing changed unless a step
       * of several failed after the first. */
      edit_free (edit);
      if (touched)
        notify_stacks (self, submission_id);
      else
        notify_properties (self);
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
