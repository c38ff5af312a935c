/* Asks the reviewer's name, under which their codings, memos and statuses
 * are recorded. The dialog only asks; its caller stores the answer. */
#define G_LOG_DOMAIN "intake-reviewer-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-accessible.h"
#include "intake-reviewer-dialog.h"

struct _IntakeReviewerDialog
{
  AdwMessageDialog  parent_instance;

  /* Template widgets */
  GtkEntry         *entry;

  char             *name;   /* the entry's text, stripped */
};

G_DEFINE_FINAL_TYPE (IntakeReviewerDialog, intake_reviewer_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum { PROP_0, PROP_NAME, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
entry_changed_cb (IntakeReviewerDialog *self,
                  GtkEditable          *entry)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self),
                                           INTAKE_REVIEWER_DIALOG_RESPONSE_OK, name[0] != '\0');

  if (g_strcmp0 (name, self->name) != 0)
    {
      g_free (self->name);
      self->name = g_steal_pointer (&name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
    }
}

static void
intake_reviewer_dialog_show (GtkWidget *widget)
{
  IntakeReviewerDialog *self = INTAKE_REVIEWER_DIALOG (widget);

  GTK_WIDGET_CLASS (intake_reviewer_dialog_parent_class)->show (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
intake_reviewer_dialog_constructed (GObject *object)
{
  IntakeReviewerDialog *self = INTAKE_REVIEWER_DIALOG (object);

  G_OBJECT_CLASS (intake_reviewer_dialog_parent_class)->constructed (object);

  /* A name already given is being changed; none yet is asked for. */
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self),
                                  self->name[0] != '\0' ? _("Change Reviewer Name") : _("Who Is Reviewing?"));
}

static void
intake_reviewer_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), INTAKE_TYPE_REVIEWER_DIALOG);

  G_OBJECT_CLASS (intake_reviewer_dialog_parent_class)->dispose (object);
}

static void
intake_reviewer_dialog_finalize (GObject *object)
{
  IntakeReviewerDialog *self = INTAKE_REVIEWER_DIALOG (object);

  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (intake_reviewer_dialog_parent_class)->finalize (object);
}

static void
intake_reviewer_dialog_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  IntakeReviewerDialog *self = INTAKE_REVIEWER_DIALOG (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_reviewer_dialog_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  IntakeReviewerDialog *self = INTAKE_REVIEWER_DIALOG (object);

  switch (prop_id)
    {
    case PROP_NAME:
      intake_reviewer_dialog_set_name (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_reviewer_dialog_class_init (IntakeReviewerDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = intake_reviewer_dialog_constructed;
  object_class->dispose = intake_reviewer_dialog_dispose;
  object_class->finalize = intake_reviewer_dialog_finalize;
  object_class->get_property = intake_reviewer_dialog_get_property;
  object_class->set_property = intake_reviewer_dialog_set_property;

  widget_class->show = intake_reviewer_dialog_show;

  /**
   * IntakeReviewerDialog:name:
   *
   * The name typed, without surrounding spaces; "" when none is.
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         "",
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/argylepr/FeedbackIntake/ui/intake-reviewer-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, IntakeReviewerDialog, entry);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
}

static void
intake_reviewer_dialog_init (IntakeReviewerDialog *self)
{
  self->name = g_strdup ("");

  gtk_widget_init_template (GTK_WIDGET (self));
  /* The template's responses are mnemonic buttons. */
  intake_accessible_name_by_mnemonics (GTK_WIDGET (self));

  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), INTAKE_REVIEWER_DIALOG_RESPONSE_OK);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), INTAKE_REVIEWER_DIALOG_RESPONSE_LATER);
}

/**
 * intake_reviewer_dialog_new:
 * @parent: (nullable): the window the dialog is for
 * @name: (nullable): the name given so far, if any
 *
 * Returns: (transfer none): a new dialog, to present
 */
GtkWidget *
intake_reviewer_dialog_new (GtkWindow  *parent,
                            const char *name)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (INTAKE_TYPE_REVIEWER_DIALOG,
                       "transient-for", parent,
                       "name", name ? name : "",
                       NULL);
}

const char *
intake_reviewer_dialog_get_name (IntakeReviewerDialog *self)
{
  g_return_val_if_fail (INTAKE_IS_REVIEWER_DIALOG (self), NULL);

  return self->name;
}

/**
 * intake_reviewer_dialog_set_name:
 *
 * Puts @name in the entry; the "name" property is then @name stripped.
 */
void
intake_reviewer_dialog_set_name (IntakeReviewerDialog *self,
                                 const char           *name)
{
  g_return_if_fail (INTAKE_IS_REVIEWER_DIALOG (self));

  /* The entry's "changed" handler updates the property. */
  gtk_editable_set_text (GTK_EDITABLE (self->entry), name ? name : "");
}
