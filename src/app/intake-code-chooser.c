/* The code filter's chooser. The list stays in the popover at a fixed
 * size, so that the search entry is one Tab away and nothing typed or
 * chosen moves the controls around it. The highlight (the list's
 * selection) is where Enter goes; the choice is marked with a check. */
#define G_LOG_DOMAIN "intake-code-chooser"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-accessible.h"

#include "intake-code-chooser.h"
#include "intake-text.h"

struct _IntakeCodeChooser
{
  AdwBin              parent_instance;

  /* Template widgets */
  GtkSearchEntry     *search_entry;
  GtkListView        *list_view;

  /* Owned references */
  IntakeProject      *project;
  GListStore         *items;      /* "Any code" (a GtkStringObject), then IntakeCode */
  GtkCustomFilter    *filter;
  GtkSingleSelection *selection;
  GHashTable         *folded;     /* IntakeCode → its path, folded */
  char               *any_folded;
  char               *code_guid;  /* the choice, or NULL for "Any code" */
};

G_DEFINE_FINAL_TYPE (IntakeCodeChooser, intake_code_chooser, ADW_TYPE_BIN)

enum { PROP_0, PROP_PROJECT, PROP_CODE_GUID, N_PROPS };
static GParamSpec *properties[N_PROPS];

static IntakeCodebook *
get_codebook (IntakeCodeChooser *self)
{
  return self->project ? intake_project_get_codebook (self->project) : NULL;
}

static const char *
item_guid (gpointer item)
{
  return INTAKE_IS_CODE (item) ? intake_code_get_guid (item) : NULL;
}

/* What a row says: the code's path, or "Any code". */
static char *
item_label (IntakeCodeChooser *self,
            gpointer           item)
{
  if (INTAKE_IS_CODE (item) && get_codebook (self) != NULL)
    return intake_code_dup_path (item, get_codebook (self));
  if (GTK_IS_STRING_OBJECT (item))
    return g_strdup (gtk_string_object_get_string (item));
  return g_strdup ("");
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  IntakeCodeChooser *self = INTAKE_CODE_CHOOSER (user_data);
  const char *needle = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  const char *folded;

  if (needle[0] == '\0')
    return TRUE;

  folded = INTAKE_IS_CODE (item) ? g_hash_table_lookup (self->folded, item) : self->any_folded;
  return folded != NULL && intake_text_matches (folded, needle);
}

static void
scroll_to (IntakeCodeChooser *self,
           guint              position)
{
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

static void
highlight (IntakeCodeChooser *self,
           guint              position)
{
  gtk_single_selection_set_selected (self->selection, position);
  scroll_to (self, position);
}

/* Where the choice is in the list as filtered, or GTK_INVALID_LIST_POSITION. */
static guint
chosen_position (IntakeCodeChooser *self)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (item_guid (item), self->code_guid) == 0)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

static void
set_choice (IntakeCodeChooser *self,
            const char        *code_guid)
{
  if (g_strcmp0 (self->code_guid, code_guid) == 0)
    return;

  g_free (self->code_guid);
  self->code_guid = g_strdup (code_guid);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODE_GUID]);
}

/* Back to the whole list, the choice highlighted. */
static void
reset_search (IntakeCodeChooser *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  highlight (self, chosen_position (self));
}

static void
choose_position (IntakeCodeChooser *self,
                 guint              position)
{
  g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (item == NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  set_choice (self, item_guid (item));
  reset_search (self);
}

static void
search_changed_cb (IntakeCodeChooser *self,
                   GtkEditable       *editable)
{
  const char *text = gtk_editable_get_text (editable);

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);

  /* Enter goes to the first code found, or back to the choice. */
  if (text[0] != '\0')
    highlight (self, g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0 ? 0 : GTK_INVALID_LIST_POSITION);
  else
    highlight (self, chosen_position (self));
}

static void
search_activate_cb (IntakeCodeChooser *self,
                    GtkSearchEntry    *entry)
{
  choose_position (self, gtk_single_selection_get_selected (self->selection));
}

/* Escape leaves the search; once there is none, it closes the popover
 * around, as Escape anywhere else in it would. */
static void
stop_search_cb (IntakeCodeChooser *self,
                GtkSearchEntry    *entry)
{
  GtkWidget *popover;

  if (gtk_editable_get_text (GTK_EDITABLE (entry))[0] != '\0')
    {
      reset_search (self);
      return;
    }

  popover = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_POPOVER);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
list_activate_cb (IntakeCodeChooser *self,
                  guint              position,
                  GtkListView       *list_view)
{
  choose_position (self, position);
}

/* Up and Down in the entry move the highlight, so that typing, arrows and
 * Enter choose a code without leaving the entry. */
static gboolean
entry_key_pressed_cb (IntakeCodeChooser     *self,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      GtkEventControllerKey *controller)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  guint selected = gtk_single_selection_get_selected (self->selection);
  int step;

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      step = 1;
      break;

    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      step = -1;
      break;

    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      step = 8;
      break;

    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      step = -8;
      break;

    default:
      return FALSE;
    }

  if (n == 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return TRUE;
    }

  if (selected == GTK_INVALID_LIST_POSITION)
    selected = step > 0 ? 0 : n - 1;
  else
    selected = (guint) CLAMP ((int) selected + step, 0, (int) n - 1);
  highlight (self, selected);

  return TRUE;
}

static void
update_check (GtkListItem *list_item)
{
  IntakeCodeChooser *self = g_object_get_data (G_OBJECT (list_item), "intake-code-chooser");
  GtkWidget *box = gtk_list_item_get_child (list_item);
  gpointer item = gtk_list_item_get_item (list_item);
  GtkWidget *check;

  if (box == NULL || self == NULL)
    return;

  check = gtk_widget_get_last_child (box);
  gtk_widget_set_opacity (check, item != NULL && g_strcmp0 (item_guid (item), self->code_guid) == 0 ? 1. : 0.);
}

static void
choice_changed_cb (GtkListItem       *list_item,
                   GParamSpec        *pspec,
                   IntakeCodeChooser *self)
{
  update_check (list_item);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          IntakeCodeChooser        *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  /* Long paths are cut, not the popover widened; the tooltip has them. */
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  /* Kept in place when hidden, so rows line up. */
  gtk_widget_set_opacity (check, 0.);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Chosen"),
                                  -1);
  gtk_box_append (GTK_BOX (box), check);
  gtk_list_item_set_child (list_item, box);

  g_object_set_data (G_OBJECT (list_item), "intake-code-chooser", self);
  g_signal_connect_object (self, "notify::code-guid", G_CALLBACK (choice_changed_cb), list_item, G_CONNECT_SWAPPED);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         IntakeCodeChooser        *self)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *label = gtk_widget_get_first_child (box);
  GtkWidget *row = gtk_widget_get_parent (box);
  g_autofree char *text = item_label (self, gtk_list_item_get_item (list_item));

  gtk_label_set_label (GTK_LABEL (label), text);
  intake_widget_set_tooltip_text (box, text);
  /* GTK 4.8 gives list items no name of their own: the row a screen
   * reader lands on is the item widget around the child. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  if (row != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  update_check (list_item);
}

/* Reads the codebook's codes again, keeping the choice while its code is
 * still there. */
static void
rebuild (IntakeCodeChooser *self)
{
  g_autoptr(GtkStringObject) any = gtk_string_object_new (_("Any code"));
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();
  IntakeCodebook *codebook = get_codebook (self);
  gboolean found = self->code_guid == NULL;

  g_hash_table_remove_all (self->folded);
  g_ptr_array_add (codes, any);
  for (guint i = 0; codebook != NULL && i < intake_codebook_get_n_codes (codebook); i++)
    {
      IntakeCode *code = intake_codebook_get_code (codebook, i);
      g_autofree char *path = intake_code_dup_path (code, codebook);

      /* Groups filter by all their codes: the core counts descendants. */
      g_ptr_array_add (codes, code);
      g_hash_table_insert (self->folded, g_object_ref (code), intake_text_fold (path));
      if (g_strcmp0 (self->code_guid, intake_code_get_guid (code)) == 0)
        found = TRUE;
    }

  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       codes->pdata, codes->len);

  /* A deleted code can no longer be the choice. */
  if (!found)
    set_choice (self, NULL);
  highlight (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry))[0] != '\0' ? 0 : chosen_position (self));
}

static void
codebook_changed_cb (IntakeCodeChooser *self,
                     IntakeProject     *project)
{
  rebuild (self);
}

static void
intake_code_chooser_map (GtkWidget *widget)
{
  IntakeCodeChooser *self = INTAKE_CODE_CHOOSER (widget);

  GTK_WIDGET_CLASS (intake_code_chooser_parent_class)->map (widget);

  /* Each time the filters show, the search starts afresh. */
  reset_search (self);
}

static void
intake_code_chooser_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  IntakeCodeChooser *self = INTAKE_CODE_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;

    case PROP_CODE_GUID:
      g_value_set_string (value, self->code_guid);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_code_chooser_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  IntakeCodeChooser *self = INTAKE_CODE_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      intake_code_chooser_set_project (self, g_value_get_object (value));
      break;

    case PROP_CODE_GUID:
      intake_code_chooser_set_code_guid (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_code_chooser_dispose (GObject *object)
{
  IntakeCodeChooser *self = INTAKE_CODE_CHOOSER (object);

  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), INTAKE_TYPE_CODE_CHOOSER);
  g_clear_object (&self->project);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter);
  g_clear_object (&self->items);
  g_clear_pointer (&self->folded, g_hash_table_unref);

  G_OBJECT_CLASS (intake_code_chooser_parent_class)->dispose (object);
}

static void
intake_code_chooser_finalize (GObject *object)
{
  IntakeCodeChooser *self = INTAKE_CODE_CHOOSER (object);

  g_free (self->any_folded);
  g_free (self->code_guid);

  G_OBJECT_CLASS (intake_code_chooser_parent_class)->finalize (object);
}

static void
intake_code_chooser_class_init (IntakeCodeChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = intake_code_chooser_dispose;
  object_class->finalize = intake_code_chooser_finalize;
  object_class->get_property = intake_code_chooser_get_property;
  object_class->set_property = intake_code_chooser_set_property;

  widget_class->map = intake_code_chooser_map;

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL,
                         INTAKE_TYPE_PROJECT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CODE_GUID] =
    g_param_spec_string ("code-guid", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/argylepr/FeedbackIntake/ui/intake-code-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, IntakeCodeChooser, search_entry);
  gtk_widget_class_bind_template_child (widget_class, IntakeCodeChooser, list_view);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);
}

static void
intake_code_chooser_init (IntakeCodeChooser *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkFilterListModel *filtered;
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->folded = g_hash_table_new_full (NULL, NULL, g_object_unref, g_free);
  self->any_folded = intake_text_fold (_("Any code"));
  self->items = g_list_store_new (G_TYPE_OBJECT);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->items)),
                                        g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (filtered));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (entry_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);

  rebuild (self);
}

GtkWidget *
intake_code_chooser_new (void)
{
  return g_object_new (INTAKE_TYPE_CODE_CHOOSER, NULL);
}

IntakeProject *
intake_code_chooser_get_project (IntakeCodeChooser *self)
{
  g_return_val_if_fail (INTAKE_IS_CODE_CHOOSER (self), NULL);

  return self->project;
}

void
intake_code_chooser_set_project (IntakeCodeChooser *self,
                                 IntakeProject     *project)
{
  g_return_if_fail (INTAKE_IS_CODE_CHOOSER (self));
  g_return_if_fail (!project || INTAKE_IS_PROJECT (project));

  if (self->project == project)
    return;

  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_set_object (&self->project, project);
  if (project != NULL)
    g_signal_connect_object (project, "codebook-changed",
                             G_CALLBACK (codebook_changed_cb), self, G_CONNECT_SWAPPED);

  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

const char *
intake_code_chooser_get_code_guid (IntakeCodeChooser *self)
{
  g_return_val_if_fail (INTAKE_IS_CODE_CHOOSER (self), NULL);

  return self->code_guid;
}

void
intake_code_chooser_set_code_guid (IntakeCodeChooser *self,
                                   const char        *code_guid)
{
  IntakeCodebook *codebook;

  g_return_if_fail (INTAKE_IS_CODE_CHOOSER (self));

  codebook = get_codebook (self);
  if (code_guid != NULL && (codebook == NULL || intake_codebook_find_by_guid (codebook, code_guid) == NULL))
    code_guid = NULL;

  set_choice (self, code_guid);
  highlight (self, chosen_position (self));
}
