#define G_LOG_DOMAIN "intake-case-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-case-bar.h"
#include "intake-store.h"
#include "intake-flag-button.h"

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
  IntakeHistory    *history;
  IntakeCodebook   *codebook;
  IntakeSubmission *submission;
  GPtrArray        *codings;
  IntakeStatus      status;

  gboolean          updating;   /* set while the controls follow the store */
};

G_DEFINE_FINAL_TYPE (IntakeCaseBar, intake_case_bar, GTK_TYPE_BOX)

enum { PROP_0, PROP_HISTORY, PROP_CODEBOOK, PROP_SUBMISSION, PROP_STATUS, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* The Flags group of the default codebook, by GUID (names get translated). */
#define FLAGS_GROUP_GUID "db0b36ea-e186-40fd-a936-4618c8ee12d3"

/* In the order of the drop-down's items. */

/* Flags: toggle buttons for the whole-submission codes of the Flags group. */

static IntakeCoding *
find_whole_coding (IntakeCaseBar *self,
                   const char    *code_guid)
{
  const char *reviewer = self->history ? intake_history_get_reviewer (self->history) : NULL;

  for (guint i = 0; self->codings != NULL && i < self->codings->len; i++)
    {
      IntakeCoding *coding = g_ptr_array_index (self->codings, i);

      if (coding->start < 0 &&
          g_strcmp0 (coding->code_guid, code_guid) == 0 &&
          g_strcmp0 (coding->reviewer, reviewer) == 0)
        return coding;
    }

  return NULL;
}

static void
flag_toggled_cb (IntakeCaseBar    *self,
                 IntakeFlagButton *button)
{
  const char *code_guid = intake_flag_button_get_code_guid (button);
  gboolean active = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button));
  IntakeCoding *existing;
  g_autoptr(GError) error = NULL;

  if (self->updating || self->submission == NULL || self->history == NULL)
    return;

  existing = find_whole_coding (self, code_guid);
  if (active == (existing != NULL))
    return;

  if (existing != NULL)
    {
      g_autofree char *guid = g_strdup (existing->guid);

      intake_history_remove_coding (self->history, guid, &error);
    }
  else
    {
      g_autoptr(IntakeCoding) coding = NULL;

      coding = intake_history_add_coding (self->history, intake_submission_get_id (self->submission),
                                          code_guid, -1, -1, &error);
    }

  if (error != NULL)
    g_warning ("Could not change the flag: %s", error->message);
}

static void
rebuild_flags (IntakeCaseBar *self)
{
  for (guint i = 0; i < self->flag_buttons->len; i++)
    gtk_box_remove (self->flags_box, g_ptr_array_index (self->flag_buttons, i));
  g_ptr_array_set_size (self->flag_buttons, 0);

  if (self->codebook == NULL)
    return;

  for (guint i = 0; i < intake_codebook_get_n_codes (self->codebook); i++)
    {
      IntakeCode *code = intake_codebook_get_code (self->codebook, i);
      GtkWidget *button;

      if (!intake_code_get_is_codable (code) ||
          g_strcmp0 (intake_code_get_parent_guid (code), FLAGS_GROUP_GUID) != 0)
        continue;

      button = intake_flag_button_new (intake_code_get_guid (code), intake_code_get_name (code));
      g_signal_connect_object (button, "toggled", G_CALLBACK (flag_toggled_cb), self, G_CONNECT_SWAPPED);
      gtk_box_append (self->flags_box, button);
      g_ptr_array_add (self->flag_buttons, button);
    }
}

static void
update_flags (IntakeCaseBar *self)
{
  guint n_active = 0;

  self->updating = TRUE;
  for (guint i = 0; i < self->flag_buttons->len; i++)
    {
      IntakeFlagButton *button = g_ptr_array_index (self->flag_buttons, i);
      gboolean active = find_whole_coding (self, intake_flag_button_get_code_guid (button)) != NULL;

      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), active);
      gtk_widget_set_sensitive (GTK_WIDGET (button), self->history != NULL);
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

/* Status */

static void
update_status (IntakeCaseBar *self)
{
  /* The drop-down lists the statuses in the enum's order. */
  self->updating = TRUE;
  gtk_drop_down_set_selected (self->status_dropdown, self->status);
  gtk_widget_set_sensitive (GTK_WIDGET (self->status_dropdown), self->history != NULL);
  self->updating = FALSE;
}

static void
status_selected_cb (IntakeCaseBar *self,
                    GParamSpec    *pspec,
                    GtkDropDown   *dropdown)
{
  guint position = gtk_drop_down_get_selected (dropdown);
  g_autoptr(GError) error = NULL;

  if (self->updating || self->submission == NULL || self->history == NULL ||
      intake_status_to_string (position) == NULL || position == self->status)
    return;

  if (!intake_history_set_status (self->history, intake_submission_get_id (self->submission),
                                  position, &error))
    g_warning ("Could not set the status: %s", error->message);
}

static void
intake_case_bar_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  IntakeCaseBar *self = INTAKE_CASE_BAR (object);

  switch (prop_id)
    {
    case PROP_HISTORY:
      g_value_set_object (value, self->history);
      break;

    case PROP_CODEBOOK:
      g_value_set_object (value, self->codebook);
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
    case PROP_HISTORY:
      intake_case_bar_set_history (self, g_value_get_object (value));
      break;

    case PROP_CODEBOOK:
      intake_case_bar_set_codebook (self, g_value_get_object (value));
      break;

    case PROP_SUBMISSION:
      intake_case_bar_set_submission (self, g_value_get_object (value));
      break;

    case PROP_STATUS:
      intake_case_bar_set_status (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_case_bar_dispose (GObject *object)
{
  IntakeCaseBar *self = INTAKE_CASE_BAR (object);

  /* The buttons go with the flags box. */
  g_ptr_array_set_size (self->flag_buttons, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), INTAKE_TYPE_CASE_BAR);
  g_clear_object (&self->history);
  g_clear_object (&self->codebook);
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

  properties[PROP_HISTORY] =
    g_param_spec_object ("history", NULL, NULL,
                         INTAKE_TYPE_HISTORY,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CODEBOOK] =
    g_param_spec_object ("codebook", NULL, NULL,
                         INTAKE_TYPE_CODEBOOK,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SUBMISSION] =
    g_param_spec_object ("submission", NULL, NULL,
                         INTAKE_TYPE_SUBMISSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       INTAKE_TYPE_STATUS, INTAKE_STATUS_NEW,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
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

IntakeHistory *
intake_case_bar_get_history (IntakeCaseBar *self)
{
  g_return_val_if_fail (INTAKE_IS_CASE_BAR (self), NULL);

  return self->history;
}

void
intake_case_bar_set_history (IntakeCaseBar *self,
                             IntakeHistory *history)
{
  g_return_if_fail (INTAKE_IS_CASE_BAR (self));
  g_return_if_fail (!history || INTAKE_IS_HISTORY (history));

  if (!g_set_object (&self->history, history))
    return;

  update_status (self);
  update_flags (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY]);
}

IntakeCodebook *
intake_case_bar_get_codebook (IntakeCaseBar *self)
{
  g_return_val_if_fail (INTAKE_IS_CASE_BAR (self), NULL);

  return self->codebook;
}

void
intake_case_bar_set_codebook (IntakeCaseBar  *self,
                              IntakeCodebook *codebook)
{
  g_return_if_fail (INTAKE_IS_CASE_BAR (self));
  g_return_if_fail (!codebook || INTAKE_IS_CODEBOOK (codebook));

  /* The same codebook object may have been edited: always rebuild. */
  if (g_set_object (&self->codebook, codebook))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODEBOOK]);
  rebuild_flags (self);
  update_flags (self);
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

  intake_case_bar_set_status (self, submission ? intake_submission_get_status (submission) : INTAKE_STATUS_NEW);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBMISSION]);
}

IntakeStatus
intake_case_bar_get_status (IntakeCaseBar *self)
{
  g_return_val_if_fail (INTAKE_IS_CASE_BAR (self), INTAKE_STATUS_NEW);

  return self->status;
}

void
intake_case_bar_set_status (IntakeCaseBar *self,
                            IntakeStatus   status)
{
  g_return_if_fail (INTAKE_IS_CASE_BAR (self));

  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }

  /* Also when unchanged: the drop-down may show a choice the store refused. */
  update_status (self);
}

void
intake_case_bar_set_codings (IntakeCaseBar *self,
                             GPtrArray     *codings)
{
  g_return_if_fail (INTAKE_IS_CASE_BAR (self));

  if (self->codings != codings)
    {
      g_clear_pointer (&self->codings, g_ptr_array_unref);
      self->codings = codings ? g_ptr_array_ref (codings) : NULL;
    }

  update_flags (self);
}
