#define G_LOG_DOMAIN "intake-code-picker"

#include "config.h"

#include "intake-code-picker.h"
#include "intake-code-picker-row.h"
#include "intake-pinned-codes.h"

struct _IntakeCodePicker
{
  GtkPopover      parent_instance;

  /* Template widgets */
  GtkSearchEntry    *search_entry;
  GtkScrolledWindow *scrolled_window;
  GtkListBox        *list_box;

  IntakeProject     *project;
  GSettings         *settings;
  gboolean           stale;  /* the rows wait for the picker to show */
};

G_DEFINE_FINAL_TYPE (IntakeCodePicker, intake_code_picker, GTK_TYPE_POPOVER)

enum { PROP_0, PROP_PROJECT, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { CODE_CHOSEN, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char *
get_filter (IntakeCodePicker *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
}

static gboolean
filter_func (GtkListBoxRow *row,
             gpointer       user_data)
{
  return intake_code_picker_row_matches (INTAKE_CODE_PICKER_ROW (row), get_filter (user_data));
}

static void
choose (IntakeCodePicker    *self,
        IntakeCodePickerRow *row)
{
  g_autofree char *guid = g_strdup (intake_code_picker_row_get_code_guid (row));

  gtk_popover_popdown (GTK_POPOVER (self));
  if (guid != NULL)
    g_signal_emit (self, signals[CODE_CHOSEN], 0, guid);
}

static void
row_activated_cb (IntakeCodePicker *self,
                  GtkListBoxRow    *row,
                  GtkListBox       *list_box)
{
  choose (self, INTAKE_CODE_PICKER_ROW (row));
}

static void
search_changed_cb (IntakeCodePicker *self,
                   GtkSearchEntry   *entry)
{
  gtk_list_box_invalidate_filter (self->list_box);
}

/* Enter picks the first code the filter leaves, as the reviewer typed it:
 * the list itself follows the typing a moment later. */
static void
search_activate_cb (IntakeCodePicker *self,
                    GtkSearchEntry   *entry)
{
  const char *needle = get_filter (self);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (INTAKE_IS_CODE_PICKER_ROW (child) && gtk_widget_get_child_visible (child) &&
          intake_code_picker_row_matches (INTAKE_CODE_PICKER_ROW (child), needle))
        {
          choose (self, INTAKE_CODE_PICKER_ROW (child));
          return;
        }
    }

  gtk_widget_error_bell (GTK_WIDGET (entry));
}

static void
stop_search_cb (IntakeCodePicker *self,
                GtkSearchEntry   *entry)
{
  gtk_popover_popdown (GTK_POPOVER (self));
}

static void
update_pins (IntakeCodePicker *self)
{
  g_auto(GStrv) pinned = NULL;

  pinned = intake_pinned_codes_get (self->settings,
                                    self->project ? intake_project_get_codebook (self->project) : NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      IntakeCodePickerRow *row;
      guint key = 0;

      if (!INTAKE_IS_CODE_PICKER_ROW (child))
        continue;

      row = INTAKE_CODE_PICKER_ROW (child);
      for (guint i = 0; pinned[i] != NULL; i++)
        if (g_str_equal (pinned[i], intake_code_picker_row_get_code_guid (row)))
          key = i + 1;
      intake_code_picker_row_set_pin_key (row, key);
    }
}

static void
pinned_changed_cb (IntakeCodePicker *self,
                   const char       *key,
                   GSettings        *settings)
{
  update_pins (self);
}

static void
toggle_pin (IntakeCodePicker *self,
            const char       *code_guid)
{
  if (self->project == NULL ||
      !intake_pinned_codes_toggle (self->settings, intake_project_get_codebook (self->project), code_guid))
    {
      /* Every key is taken: the reviewer unpins one first. */
      gtk_widget_error_bell (GTK_WIDGET (self));
      update_pins (self);
    }
}

static void
toggle_pin_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  toggle_pin (INTAKE_CODE_PICKER (widget), g_variant_get_string (param, NULL));
}

/* P on the code with the focus pins or unpins it. It runs before the list
 * hands typing on to the filter, and only with the focus on a code: in
 * the entry, P is still typing. */
static gboolean
pin_focused_cb (GtkWidget *widget,
                GVariant  *args,
                gpointer   user_data)
{
  IntakeCodePicker *self = INTAKE_CODE_PICKER (user_data);
  GtkWidget *focus = gtk_widget_get_focus_child (GTK_WIDGET (self->list_box));

  if (!INTAKE_IS_CODE_PICKER_ROW (focus))
    return FALSE;

  toggle_pin (self, intake_code_picker_row_get_code_guid (INTAKE_CODE_PICKER_ROW (focus)));
  return TRUE;
}

static void
rebuild (IntakeCodePicker *self)
{
  IntakeCodebook *codebook;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))))
    gtk_list_box_remove (self->list_box, child);

  if (self->project == NULL)
    return;

  codebook = intake_project_get_codebook (self->project);
  for (guint i = 0; i < intake_codebook_get_n_codes (codebook); i++)
    {
      IntakeCode *code = intake_codebook_get_code (codebook, i);
      g_autofree char *path = NULL;

      if (!intake_code_get_is_codable (code))
        continue;

      path = intake_code_dup_path (code, codebook);
      gtk_list_box_append (self->list_box,
                           intake_code_picker_row_new (intake_code_get_guid (code), path));
    }

  update_pins (self);
}

/* A window has a picker in the reader and one in its margin, each with a
 * row per code: they are made as the picker shows, not with the window. */
static void
rebuild_when_shown (IntakeCodePicker *self)
{
  self->stale = !gtk_widget_get_visible (GTK_WIDGET (self));
  if (!self->stale)
    rebuild (self);
}

static void
intake_code_picker_show (GtkWidget *widget)
{
  IntakeCodePicker *self = INTAKE_CODE_PICKER (widget);

  if (self->stale)
    {
      self->stale = FALSE;
      rebuild (self);
    }

  GTK_WIDGET_CLASS (intake_code_picker_parent_class)->show (widget);
}

static void
intake_code_picker_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  IntakeCodePicker *self = INTAKE_CODE_PICKER (object);

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
intake_code_picker_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  IntakeCodePicker *self = INTAKE_CODE_PICKER (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      intake_code_picker_set_project (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_code_picker_dispose (GObject *object)
{
  IntakeCodePicker *self = INTAKE_CODE_PICKER (object);

  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), INTAKE_TYPE_CODE_PICKER);
  g_clear_object (&self->project);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (intake_code_picker_parent_class)->dispose (object);
}

static void
intake_code_picker_class_init (IntakeCodePickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = intake_code_picker_dispose;
  object_class->get_property = intake_code_picker_get_property;
  object_class->set_property = intake_code_picker_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL,
                         INTAKE_TYPE_PROJECT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * IntakeCodePicker::code-chosen:
   * @code_guid: the code the reviewer picked
   *
   * Emitted after the picker closed.
   */
  signals[CODE_CHOSEN] =
    g_signal_new ("code-chosen",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  widget_class->show = intake_code_picker_show;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/argylepr/FeedbackIntake/ui/intake-code-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, IntakeCodePicker, search_entry);
  gtk_widget_class_bind_template_child (widget_class, IntakeCodePicker, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, IntakeCodePicker, list_box);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);

  gtk_widget_class_install_action (widget_class, "picker.toggle-pin", "s", toggle_pin_action);
}

static void
intake_code_picker_init (IntakeCodePicker *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Typing while the list has the focus goes on filtering. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->list_box));
  gtk_list_box_set_filter_func (self->list_box, filter_func, self, NULL);

  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_p, 0),
                                                            gtk_callback_action_new (pin_focused_cb, self, NULL)));
    gtk_widget_add_controller (GTK_WIDGET (self->scrolled_window), shortcuts);
  }

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::pinned-codes",
                           G_CALLBACK (pinned_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
intake_code_picker_new (void)
{
  return g_object_new (INTAKE_TYPE_CODE_PICKER, NULL);
}

static void
codebook_changed_cb (IntakeCodePicker *self,
                     IntakeProject    *project)
{
  rebuild_when_shown (self);
}

IntakeProject *
intake_code_picker_get_project (IntakeCodePicker *self)
{
  g_return_val_if_fail (INTAKE_IS_CODE_PICKER (self), NULL);

  return self->project;
}

void
intake_code_picker_set_project (IntakeCodePicker *self,
                                IntakeProject    *project)
{
  g_return_if_fail (INTAKE_IS_CODE_PICKER (self));
  g_return_if_fail (!project || INTAKE_IS_PROJECT (project));

  if (self->project == project)
    return;

  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_set_object (&self->project, project);
  if (project != NULL)
    g_signal_connect_object (project, "codebook-changed",
                             G_CALLBACK (codebook_changed_cb), self, G_CONNECT_SWAPPED);

  rebuild_when_shown (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

void
intake_code_picker_present (IntakeCodePicker   *self,
                            const GdkRectangle *pointing_to)
{
  g_return_if_fail (INTAKE_IS_CODE_PICKER (self));

  gtk_popover_set_pointing_to (GTK_POPOVER (self), pointing_to);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_popover_popup (GTK_POPOVER (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}
