#define G_LOG_DOMAIN "intake-codebook-model"

#include "config.h"

#include <string.h>

#include "intake-codebook-model.h"

struct _IntakeCodebookModel
{
  GObject    parent_instance;

  char      *parent_guid;
  GPtrArray *items;   /* IntakeCode */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (IntakeCodebookModel, intake_codebook_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return INTAKE_TYPE_CODE;
}

static guint
get_n_items (GListModel *model)
{
  return INTAKE_CODEBOOK_MODEL (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  IntakeCodebookModel *self = INTAKE_CODEBOOK_MODEL (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
intake_codebook_model_finalize (GObject *object)
{
  IntakeCodebookModel *self = INTAKE_CODEBOOK_MODEL (object);

  g_free (self->parent_guid);
  g_ptr_array_unref (self->items);

  G_OBJECT_CLASS (intake_codebook_model_parent_class)->finalize (object);
}

static void
intake_codebook_model_class_init (IntakeCodebookModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = intake_codebook_model_finalize;
}

static void
intake_codebook_model_init (IntakeCodebookModel *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

/* The codes under @parent_guid in @codebook, borrowed. */
static GPtrArray *
collect (IntakeCodebook *codebook,
         const char     *parent_guid)
{
  GPtrArray *codes = g_ptr_array_new ();

  if (codebook == NULL)
    return codes;

  if (parent_guid != NULL)
    {
      IntakeCode *parent = intake_codebook_find_by_guid (codebook, parent_guid);
      const char * const *children = parent ? intake_code_get_child_guids (parent) : NULL;

      for (guint i = 0; children && children[i]; i++)
        g_ptr_array_add (codes, intake_codebook_find_by_guid (codebook, children[i]));
    }
  else
    {
      for (guint i = 0; i < intake_codebook_get_n_codes (codebook); i++)
        {
          IntakeCode *code = intake_codebook_get_code (codebook, i);

          if (intake_code_get_parent_guid (code) == NULL)
            g_ptr_array_add (codes, code);
        }
    }

  return codes;
}

static gboolean
has_children (IntakeCode *code)
{
  return intake_code_get_child_guids (code)[0] != NULL;
}

/* Whether @old can stay in the model in place of @new. */
static gboolean
same_code (IntakeCode *old,
           IntakeCode *new)
{
  return old == new ||
         (strcmp (intake_code_get_guid (old), intake_code_get_guid (new)) == 0 &&
          strcmp (intake_code_get_name (old), intake_code_get_name (new)) == 0 &&
          g_strcmp0 (intake_code_get_description (old), intake_code_get_description (new)) == 0 &&
          g_strcmp0 (intake_code_get_color (old), intake_code_get_color (new)) == 0 &&
          intake_code_get_is_codable (old) == intake_code_get_is_codable (new) &&
          intake_code_get_depth (old) == intake_code_get_depth (new) &&
          has_children (old) == has_children (new));
}

IntakeCodebookModel *
intake_codebook_model_new (const char     *parent_guid,
                           IntakeCodebook *codebook)
{
  IntakeCodebookModel *self;
  g_autoptr(GPtrArray) codes = NULL;

  g_return_val_if_fail (!codebook || INTAKE_IS_CODEBOOK (codebook), NULL);

  self = g_object_new (INTAKE_TYPE_CODEBOOK_MODEL, NULL);
  self->parent_guid = g_strdup (parent_guid);

  codes = collect (codebook, parent_guid);
  for (guint i = 0; i < codes->len; i++)
    g_ptr_array_add (self->items, g_object_ref (g_ptr_array_index (codes, i)));

  return self;
}

const char *
intake_codebook_model_get_parent_guid (IntakeCodebookModel *self)
{
  g_return_val_if_fail (INTAKE_IS_CODEBOOK_MODEL (self), NULL);
  return self->parent_guid;
}

/* Replaces @n_removed items at @position by @added[from, from + n_added). */
static void
splice (IntakeCodebookModel *self,
        guint                position,
        guint                n_removed,
        GPtrArray           *added,
        guint                from,
        guint                n_added)
{
  if (n_removed == 0 && n_added == 0)
    return;

  g_ptr_array_remove_range (self->items, position, n_removed);
  for (guint i = 0; i < n_added; i++)
    g_ptr_array_insert (self->items, position + i, g_object_ref (g_ptr_array_index (added, from + i)));

  g_list_model_items_changed (G_LIST_MODEL (self), position, n_removed, n_added);
}

void
intake_codebook_model_update (IntakeCodebookModel *self,
                              IntakeCodebook      *codebook)
{
  g_autoptr(GPtrArray) old = NULL;
  g_autoptr(GPtrArray) new = NULL;
  g_autofree guint *lcs = NULL;
  guint n, m, i = 0, j = 0, position = 0;
  guint run_old = 0, run_new = 0, run_new_from = 0;

  g_return_if_fail (INTAKE_IS_CODEBOOK_MODEL (self));
  g_return_if_fail (!codebook || INTAKE_IS_CODEBOOK (codebook));

  /* The items as they were; the walk below changes self->items. */
  old = g_ptr_array_new_full (self->items->len, g_object_unref);
  for (guint k = 0; k < self->items->len; k++)
    g_ptr_array_add (old, g_object_ref (g_ptr_array_index (self->items, k)));
  new = collect (codebook, self->parent_guid);
  n = old->len;
  m = new->len;

  /* Longest common run of unchanged codes: siblings are few, so the
   * quadratic table is small. lcs[i * (m + 1) + j] covers old[i..], new[j..]. */
  lcs = g_new0 (guint, (n + 1) * (m + 1));
#define LCS(a, b) lcs[(a) * (m + 1) + (b)]
  for (guint a = n; a-- > 0;)
    for (guint b = m; b-- > 0;)
      {
        if (same_code (g_ptr_array_index (old, a), g_ptr_array_index (new, b)))
          LCS (a, b) = LCS (a + 1, b + 1) + 1;
        else
          LCS (a, b) = MAX (LCS (a + 1, b), LCS (a, b + 1));
      }

  /* Walk the alignment; each run of differences between kept items is one
   * items-changed, applied at once so that the model is always consistent. */
  while (i < n || j < m)
    {
      if (i < n && j < m &&
          same_code (g_ptr_array_index (old, i), g_ptr_array_index (new, j)) &&
          LCS (i, j) == LCS (i + 1, j + 1) + 1)
        {
          splice (self, position, run_old, new, run_new_from, run_new);
          position += run_new + 1;
          run_old = run_new = 0;
          i++;
          j++;
          run_new_from = j;
        }
      else if (j >= m || (i < n && LCS (i + 1, j) >= LCS (i, j + 1)))
        {
          run_old++;
          i++;
        }
      else
        {
          run_new++;
          j++;
        }
    }
  splice (self, position, run_old, new, run_new_from, run_new);
#undef LCS
}
