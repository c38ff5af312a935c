/* The list's filters: status, code, reviewer, attribute and attachments.
 * The popover only holds the choice; whoever shows the list runs the
 * query when it says "changed". */
#define G_LOG_DOMAIN "intake-filter-popover"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-accessible.h"
#include "intake-code-chooser.h"
#include "intake-error.h"
#include "intake-filter-popover.h"

struct _IntakeFilterPopover
{
  GtkPopover      parent_instance;

  /* Template widgets */
  GtkDropDown       *status_filter;
  IntakeCodeChooser *code_filter;
  GtkDropDown       *reviewer_filter;
  GtkDropDown       *attribute_filter;
  GtkCheckButton    *attachments_filter;

  /* Owned references */
  IntakeProject     *project;
  GPtrArray         *attribute_pairs;  /* name, value, name, value… */

  gboolean           updating;         /* choices are being replaced or reset */
};

G_DEFINE_FINAL_TYPE (IntakeFilterPopover, intake_filter_popover, GTK_TYPE_POPOVER)

enum { PROP_0, PROP_PROJECT, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* In the order of the status drop-down's items, "Any" first. */
static const char * const statuses[] = { NULL, "new", "in-progress", "coded", "excluded" };

static const char *
dropdown_string (GtkDropDown *dropdown)
{
  GObject *item = gtk_drop_down_get_selected_item (dropdown);

  return GTK_IS_STRING_OBJECT (item) ? gtk_string_object_get_string (GTK_STRING_OBJECT (item)) : NULL;
}

static void
set_string_model (GtkDropDown        *dropdown,
                  const char         *any,
                  const char * const *strings,
                  const char         *keep)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  guint selected = 0;

  gtk_string_list_append (list, any);
  for (guint i = 0; strings != NULL && strings[i] != NULL; i++)
    {
      gtk_string_list_append (list, strings[i]);
      if (g_strcmp0 (strings[i], keep) == 0)
        selected = i + 1;
    }

  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (dropdown, selected);
}

static void
filter_changed_cb (IntakeFilterPopover *self)
{
  if (!self->updating)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void update_choices (IntakeFilterPopover *self);

static void
intake_filter_popover_show (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (intake_filter_popover_parent_class)->show (widget);

  /* The project's reviewers and attribute values may have grown. */
  update_choices (INTAKE_FILTER_POPOVER (widget));
}

/* A popover still up when the window closes keeps its grab, and with it a
 * reference to itself and so to the project: it goes down with its parent. */
static void
intake_filter_popover_root (GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);

  GTK_WIDGET_CLASS (intake_filter_popover_parent_class)->root (widget);

  if (parent != NULL)
    g_signal_connect_object (parent, "unmap", G_CALLBACK (gtk_popover_popdown),
                             widget, G_CONNECT_SWAPPED);
}

static void
intake_filter_popover_unroot (GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);

  if (parent != NULL)
    g_signal_handlers_disconnect_by_func (parent, gtk_popover_popdown, widget);

  GTK_WIDGET_CLASS (intake_filter_popover_parent_class)->unroot (widget);
}

static void
intake_filter_popover_dispose (GObject *object)
{
  IntakeFilterPopover *self = INTAKE_FILTER_POPOVER (object);

  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), INTAKE_TYPE_FILTER_POPOVER);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (intake_filter_popover_parent_class)->dispose (object);
}

static void
intake_filter_popover_finalize (GObject *object)
{
  IntakeFilterPopover *self = INTAKE_FILTER_POPOVER (object);

  g_clear_pointer (&self->attribute_pairs, g_ptr_array_unref);

  G_OBJECT_CLASS (intake_filter_popover_parent_class)->finalize (object);
}

static void
intake_filter_popover_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  IntakeFilterPopover *self = INTAKE_FILTER_POPOVER (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_filter_popover_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  IntakeFilterPopover *self = INTAKE_FILTER_POPOVER (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      intake_filter_popover_set_project (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_filter_popover_class_init (IntakeFilterPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = intake_filter_popover_dispose;
  object_class->finalize = intake_filter_popover_finalize;
  object_class->get_property = intake_filter_popover_get_property;
  object_class->set_property = intake_filter_popover_set_property;

  widget_class->show = intake_filter_popover_show;
  widget_class->root = intake_filter_popover_root;
  widget_class->unroot = intake_filter_popover_unroot;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL,
                         INTAKE_TYPE_PROJECT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * IntakeFilterPopover::changed:
   *
   * The reader chose another filter, or the chosen code is no longer in
   * the codebook (the code chooser lets it go); intake_filter_popover_get_filter()
   * tells which.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  g_type_ensure (INTAKE_TYPE_CODE_CHOOSER);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/argylepr/FeedbackIntake/ui/intake-filter-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, IntakeFilterPopover, status_filter);
  gtk_widget_class_bind_template_child (widget_class, IntakeFilterPopover, code_filter);
  gtk_widget_class_bind_template_child (widget_class, IntakeFilterPopover, reviewer_filter);
  gtk_widget_class_bind_template_child (widget_class, IntakeFilterPopover, attribute_filter);
  gtk_widget_class_bind_template_child (widget_class, IntakeFilterPopover, attachments_filter);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
}

static void
intake_filter_popover_init (IntakeFilterPopover *self)
{
  self->attribute_pairs = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));
  intake_accessible_name_by_mnemonics (GTK_WIDGET (self));

  self->updating = TRUE;
  set_string_model (self->reviewer_filter, _("Any reviewer"), NULL, NULL);
  set_string_model (self->attribute_filter, _("Any attribute"), NULL, NULL);
  self->updating = FALSE;
}

GtkWidget *
intake_filter_popover_new (void)
{
  return g_object_new (INTAKE_TYPE_FILTER_POPOVER, NULL);
}

IntakeProject *
intake_filter_popover_get_project (IntakeFilterPopover *self)
{
  g_return_val_if_fail (INTAKE_IS_FILTER_POPOVER (self), NULL);

  return self->project;
}

void
intake_filter_popover_set_project (IntakeFilterPopover *self,
                                   IntakeProject       *project)
{
  g_return_if_fail (INTAKE_IS_FILTER_POPOVER (self));
  g_return_if_fail (!project || INTAKE_IS_PROJECT (project));

  if (self->project == project)
    return;

  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_set_object (&self->project, project);

  /* The chooser follows the codebook; a deleted code it lets go says
   * "changed" through it. */
  intake_code_chooser_set_project (self->code_filter, project);
  update_choices (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

/* Reads the reviewers and attribute values to offer again, keeping each
 * filter's choice when it is still offered. Done whenever the popover is
 * shown, and only then; "changed" is not emitted. */
static void
update_choices (IntakeFilterPopover *self)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) reviewers = NULL;
  g_autofree char *keep_reviewer = NULL;
  g_autofree char *keep_name = NULL;
  g_autofree char *keep_value = NULL;
  IntakeStore *store = NULL;
  const char * const *names;
  guint selected;

  /* Read as the popover shows, not as the window is made: the attribute
   * values take a scan of the project. */
  if (self->project != NULL && gtk_widget_get_visible (GTK_WIDGET (self)))
    store = intake_project_get_store (self->project);

  self->updating = TRUE;

  if (gtk_drop_down_get_selected (self->reviewer_filter) > 0)
    keep_reviewer = g_strdup (dropdown_string (self->reviewer_filter));
  if (store != NULL)
    {
      reviewers = intake_store_list_reviewers (store, &error);
      if (reviewers == NULL)
        {
          intake_show_error (GTK_WIDGET (self), _("Could not read the reviewers"), error);
          g_clear_error (&error);
        }
    }
  set_string_model (self->reviewer_filter, _("Any reviewer"), (const char * const *) reviewers, keep_reviewer);

  selected = gtk_drop_down_get_selected (self->attribute_filter);
  if (selected > 0 && 2 * selected - 1 < self->attribute_pairs->len)
    {
      keep_name = g_strdup (g_ptr_array_index (self->attribute_pairs, 2 * (selected - 1)));
      keep_value = g_strdup (g_ptr_array_index (self->attribute_pairs, 2 * (selected - 1) + 1));
    }
  g_ptr_array_set_size (self->attribute_pairs, 0);
  g_ptr_array_set_size (labels, 0);
  selected = 0;
  names = intake_attribute_names ();
  for (guint i = 0; store != NULL && names != NULL && names[i] != NULL; i++)
    {
      g_auto(GStrv) values = intake_store_list_attribute_values (store, names[i], NULL);

      for (guint v = 0; values != NULL && values[v] != NULL; v++)
        {
          /* Translators: an attribute filter, e.g. "School board: FrancoSud" */
          g_ptr_array_add (labels, g_strdup_printf (_("%s: %s"), names[i], values[v]));
          g_ptr_array_add (self->attribute_pairs, g_strdup (names[i]));
          g_ptr_array_add (self->attribute_pairs, g_strdup (values[v]));
          if (g_strcmp0 (keep_name, names[i]) == 0 && g_strcmp0 (keep_value, values[v]) == 0)
            selected = labels->len;
        }
    }
  g_ptr_array_add (labels, NULL);
  set_string_model (self->attribute_filter, _("Any attribute"), (const char * const *) labels->pdata, NULL);
  gtk_drop_down_set_selected (self->attribute_filter, selected);

  self->updating = FALSE;
}

/**
 * intake_filter_popover_get_active:
 *
 * Returns: whether any filter is chosen
 */
gboolean
intake_filter_popover_get_active (IntakeFilterPopover *self)
{
  g_return_val_if_fail (INTAKE_IS_FILTER_POPOVER (self), FALSE);

  return gtk_drop_down_get_selected (self->status_filter) > 0 ||
         intake_code_chooser_get_code_guid (self->code_filter) != NULL ||
         gtk_drop_down_get_selected (self->reviewer_filter) > 0 ||
         gtk_drop_down_get_selected (self->attribute_filter) > 0 ||
         gtk_check_button_get_active (self->attachments_filter);
}

/**
 * intake_filter_popover_get_filter:
 * @filter: (out caller-allocates): the filter to fill
 *
 * Sets every field of @filter but the search to the chosen filters. The
 * strings belong to @self and last until its choices are updated.
 */
void
intake_filter_popover_get_filter (IntakeFilterPopover *self,
                                  IntakeFilter        *filter)
{
  guint selected;

  g_return_if_fail (INTAKE_IS_FILTER_POPOVER (self));
  g_return_if_fail (filter != NULL);

  filter->has_status = FALSE;
  filter->code_guid = NULL;
  filter->reviewer = NULL;
  filter->attribute_name = NULL;
  filter->attribute_value = NULL;

  selected = gtk_drop_down_get_selected (self->status_filter);
  if (selected < G_N_ELEMENTS (statuses))
    filter->has_status = intake_status_from_string (statuses[selected], &filter->status);

  filter->code_guid = intake_code_chooser_get_code_guid (self->code_filter);

  selected = gtk_drop_down_get_selected (self->reviewer_filter);
  if (selected > 0 && selected != GTK_INVALID_LIST_POSITION)
    filter->reviewer = dropdown_string (self->reviewer_filter);

  selected = gtk_drop_down_get_selected (self->attribute_filter);
  if (selected > 0 && 2 * selected - 1 < self->attribute_pairs->len)
    {
      filter->attribute_name = g_ptr_array_index (self->attribute_pairs, 2 * (selected - 1));
      filter->attribute_value = g_ptr_array_index (self->attribute_pairs, 2 * (selected - 1) + 1);
    }

  filter->has_attachments = gtk_check_button_get_active (self->attachments_filter);
}

/**
 * intake_filter_popover_clear:
 *
 * Chooses no filter; emits "changed" once if any was chosen.
 */
void
intake_filter_popover_clear (IntakeFilterPopover *self)
{
  gboolean was_active;

  g_return_if_fail (INTAKE_IS_FILTER_POPOVER (self));

  was_active = intake_filter_popover_get_active (self);

  self->updating = TRUE;
  gtk_drop_down_set_selected (self->status_filter, 0);
  intake_code_chooser_set_code_guid (self->code_filter, NULL);
  gtk_drop_down_set_selected (self->reviewer_filter, 0);
  gtk_drop_down_set_selected (self->attribute_filter, 0);
  gtk_check_button_set_active (self->attachments_filter, FALSE);
  self->updating = FALSE;

  if (was_active)
    g_signal_emit (self, signals[CHANGED], 0);
}
