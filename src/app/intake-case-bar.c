#define G_LOG_DOMAIN "intake-case-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-case-bar.h"
#include "intake-error.h"
#include "intake-flag-button.h"
#include "intake-store.h"

struct _IntakeCaseBar
{
  GtkBox            parent_instance;

  /* Template widgets */
  GtkDropDown      *status_dropdown;
  GtkMenuButton    *flags_button;
  GtkBox           *flags_box;

  /* IntakeFlagButton per flag code, in flags_box */
  GPtrArray        *flag_buttons;

  /* Owned references */
  IntakeProject    *project;
  IntakeSubmission *submission;
  GPtrArray        *codings;    /* IntakeCoding of the submission */
  IntakeStatus      status;

  gboolean          updating;   /* set while the controls follow the store */
};

G_DEFINE_FINAL_TYPE (IntakeCaseBar, intake_case_bar, GTK_TYPE_BOX)

enum { PROP_0, PROP_PROJECT, PROP_SUBMISSION, PROP_STATUS, N_PROPS };
static GParamSpec *properties[N_PROPS];

static gboolean
can_change (IntakeCaseBar *self)
{
  return self->project != NULL && intake_project_get_reviewer (self->project) != NULL;
}

/* Flags: toggle buttons for the whole-submission codes of the Flags group. */

static gboolean
flag_raised (IntakeCaseBar *self,
             const char    *code_guid)
{
  const char *reviewer = self->project ? intake_project_get_reviewer_guid (self->project) : NULL;

  for (guint i = 0; self->codings != NULL && i < self->codings->len; i++)
    {
      IntakeCoding *coding = g_ptr_array_index (self->codings, i);

      if (coding->start < 0 &&
          g_strcmp0 (coding->code_guid, code_guid) == 0 &&
          intake_coding_is_by (coding, reviewer))
        return TRUE;
    }

  return FALSE;
}

static void
update_flags (IntakeCaseBar *self)
{
  guint n_active = 0;

  self->updating = TRUE;
  for (guint i = 0; i < self->flag_buttons->len; i++)
    {
      IntakeFlagButton *button = g_ptr_array_index (self->flag_buttons, i);
      gboolean active = flag_raised (self, intake_flag_button_get_code_guid (button));

      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), active);
      gtk_widget_set_sensitive (GTK_WIDGET (button), can_change (self) && self->submission != NULL);
      n_active += active;
    }
  self->updating = FALSE;

  /* Raised flags show on the button without opening it. */
  if (n_active == 0)
    gtk_menu_button_set_label (self->flags_button, _("Flags"));
  else
    {
      /* Translators: the flags button when some are raised, e.g. "Flags · 2" */
      g_autofree char *label = g_strdup_printf (_("Flags · %u"), n_active);
      gtk_menu_button_set_label (self->flags_button, label);
    }
}

static void
flag_toggled_cb (IntakeCaseBar    *self,
                 IntakeFlagButton *button)
{
  g_autofree char *code_guid = g_strdup (intake_flag_button_get_code_guid (button));
  gboolean active = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button));
  g_autoptr(GError) error = NULL;

  if (self->updating || self->submission == NULL || !can_change (self) ||
      active == flag_raised (self, code_guid))
    return;

  if (!intake_project_set_flag (self->project, intake_submission_get_id (self->submission),
                                code_guid, active, &error))
    {
      intake_show_error (GTK_WIDGET (self), _("Could not change the flag"), error);
      /* Back to what the project has. */
      update_flags (self);
    }
}

static void
rebuild_flags (IntakeCaseBar *self)
{
  g_autoptr(GListModel) flags = NULL;
  guint n;

  for (guint i = 0; i < self->flag_buttons->len; i++)
    gtk_box_remove (self->flags_box, g_ptr_array_index (self->flag_buttons, i));
  g_ptr_array_set_size (self->flag_buttons, 0);

  if (self->project == NULL)
    return;

  flags = intake_project_get_flags (self->project);
  n = g_list_model_get_n_items (flags);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IntakeCode) code = g_list_model_get_item (flags, i);
      GtkWidget *button;

      if (!intake_code_get_is_codable (code))
        continue;

      button = intake_flag_button_new (intake_code_get_guid (code), intake_code_get_name (code));
      g_signal_connect_object (button, "toggled", G_CALLBACK (flag_toggled_cb), self, G_CONNECT_SWAPPED);
      gtk_box_append (self->flags_box, button);
      g_ptr_array_add (self->flag_buttons, button);
    }
}

/* Status */

static void
update_status (IntakeCaseBar *self)
{
  /* The drop-down lists the statuses in the enum's order. */
  self->updating = TRUE;
  gtk_drop_down_set_selected (self->status_dropdown, self->status);
  gtk_widget_set_sensitive (GTK_WIDGET (self->status_dropdown), can_change (self) && self->submission != NULL);
  self->updating = FALSE;
}

static void
set_status (IntakeCaseBar *self,
            IntakeStatus   status)
{
  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }

  /* Also when unchanged: the drop-down may show a choice the store refused. */
  update_status (self);
}

static void
status_selected_cb (IntakeCaseBar *self,
                    GParamSpec    *pspec,
                    GtkDropDown   *dropdown)
{
  guint position = gtk_drop_down_get_selected (dropdown);
  g_autoptr(GError) error = NULL;

  if (self->updating || self->submission == NULL || !can_change (self) ||
      intake_status_to_string (position) == NULL || position == self->status)
    return;

  if (!intake_project_set_status (self->project, intake_submission_get_id (self->submission),
                                  position, &error))
    {
      intake_show_error (GTK_WIDGET (self), _("Could not set the status"), error);
      update_status (self);
    }
}

/* Reading the submission's state */

/* @reread_status: whether the status may have changed since the
 * submission object was read. */
static void
load (IntakeCaseBar *self,
      gboolean       reread_status)
{
  g_autoptr(GError) error = NULL;
  IntakeStore *store;
  gint64 id;

  g_clear_pointer (&self->codings, g_ptr_array_unref);

  if (self->submission == NULL || self->project == NULL)
    {
      set_status (self, self->submission ? intake_submission_get_status (self->submission) : INTAKE_STATUS_NEW);
      update_flags (self);
      return;
    }

  store = intake_project_get_store (self->project);
  id = intake_submission_get_id (self->submission);

  /* After a change, the status as it is now: the submission object is older. */
  if (!reread_status)
    set_status (self, intake_submission_get_status (self->submission));
  else
    {
      g_autoptr(GPtrArray) summaries = intake_store_get_summaries (store, &id, 1, &error);

      if (summaries != NULL && summaries->len == 1)
        set_status (self, intake_submission_get_status (g_ptr_array_index (summaries, 0)));
      else if (summaries == NULL)
        intake_show_error (GTK_WIDGET (self), _("Could not read the submission"), error);
      g_clear_error (&error);
    }

  self->codings = intake_store_get_codings (store, id, &error);
  if (self->codings == NULL)
    intake_show_error (GTK_WIDGET (self), _("Could not read the codings"), error);

  update_flags (self);
}

static void
submission_changed_cb (IntakeCaseBar *self,
                       gint64         submission_id,
                       IntakeProject *project)
{
  if (self->submission != NULL && intake_submission_get_id (self->submission) == submission_id)
    load (self, TRUE);
}

static void
codebook_changed_cb (IntakeCaseBar *self,
                     IntakeProject *project)
{
  /* Flags may have been renamed, added or deleted, with their codings. */
  rebuild_flags (self);
  load (self, TRUE);
}

static void
reviewer_changed_cb (IntakeCaseBar *self,
                     GParamSpec    *pspec,
                     IntakeProject *project)
{
  /* The flags shown are the reviewer's own. */
  update_status (self);
  update_flags (self);
}

/* GObject */

static void
intake_case_bar_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  IntakeCaseBar *self = INTAKE_CASE_BAR (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;

    case PROP_SUBMISSION:
      g_value_set_object (value, self->submission);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_case_bar_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  IntakeCaseBar *self = INTAKE_CASE_BAR (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      intake_case_bar_set_project (self, g_value_get_object (value));
      break;

    case PROP_SUBMISSION:
      intake_case_bar_set_submission (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_case_bar_dispose (GObject *object)
{
  IntakeCaseBar *self = INTAKE_CASE_BAR (object);

  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);

  /* The buttons go with the flags box. */
  g_ptr_array_set_size (self->flag_buttons, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), INTAKE_TYPE_CASE_BAR);
  g_clear_object (&self->project);
  g_clear_object (&self->submission);
  g_clear_pointer (&self->codings, g_ptr_array_unref);

  G_OBJECT_CLASS (intake_case_bar_parent_class)->dispose (object);
}

static void
intake_case_bar_finalize (GObject *object)
{
  IntakeCaseBar *self = INTAKE_CASE_BAR (object);

  g_clear_pointer (&self->flag_buttons, g_ptr_array_unref);

  G_OBJECT_CLASS (intake_case_bar_parent_class)->finalize (object);
}

static void
intake_case_bar_class_init (IntakeCaseBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = intake_case_bar_dispose;
  object_class->finalize = intake_case_bar_finalize;
  object_class->get_property = intake_case_bar_get_property;
  object_class->set_property = intake_case_bar_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL,
                         INTAKE_TYPE_PROJECT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SUBMISSION] =
    g_param_spec_object ("submission", NULL, NULL,
                         INTAKE_TYPE_SUBMISSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       INTAKE_TYPE_STATUS, INTAKE_STATUS_NEW,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/argylepr/FeedbackIntake/ui/intake-case-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, IntakeCaseBar, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, IntakeCaseBar, flags_button);
  gtk_widget_class_bind_template_child (widget_class, IntakeCaseBar, flags_box);
  gtk_widget_class_bind_template_callback (widget_class, status_selected_cb);
}

static void
intake_case_bar_init (IntakeCaseBar *self)
{
  self->flag_buttons = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  update_status (self);
  update_flags (self);
}

GtkWidget *
intake_case_bar_new (void)
{
  return g_object_new (INTAKE_TYPE_CASE_BAR, NULL);
}

IntakeProject *
intake_case_bar_get_project (IntakeCaseBar *self)
{
  g_return_val_if_fail (INTAKE_IS_CASE_BAR (self), NULL);

  return self->project;
}

void
intake_case_bar_set_project (IntakeCaseBar *self,
                             IntakeProject *project)
{
  g_return_if_fail (INTAKE_IS_CASE_BAR (self));
  g_return_if_fail (!project || INTAKE_IS_PROJECT (project));

  if (self->project == project)
    return;

  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_set_object (&self->project, project);
  if (project != NULL)
    {
      g_signal_connect_object (project, "submission-changed",
                               G_CALLBACK (submission_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (project, "codebook-changed",
                               G_CALLBACK (codebook_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (project, "notify::reviewer",
                               G_CALLBACK (reviewer_changed_cb), self, G_CONNECT_SWAPPED);
    }

  rebuild_flags (self);
  load (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

IntakeSubmission *
intake_case_bar_get_submission (IntakeCaseBar *self)
{
  g_return_val_if_fail (INTAKE_IS_CASE_BAR (self), NULL);

  return self->submission;
}

void
intake_case_bar_set_submission (IntakeCaseBar    *self,
                                IntakeSubmission *submission)
{
  g_return_if_fail (INTAKE_IS_CASE_BAR (self));
  g_return_if_fail (!submission || INTAKE_IS_SUBMISSION (submission));

  if (!g_set_object (&self->submission, submission))
    return;

  load (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBMISSION]);
}

IntakeStatus
intake_case_bar_get_status (IntakeCaseBar *self)
{
  g_return_val_if_fail (INTAKE_IS_CASE_BAR (self), INTAKE_STATUS_NEW);

  return self->status;
}
