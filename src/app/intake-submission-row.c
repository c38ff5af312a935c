#define G_LOG_DOMAIN "intake-submission-row"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-submission-row.h"

struct _IntakeSubmissionRow
{
  GtkWidget         parent_instance;

  /* Template widgets */
  GtkInscription   *sender_label;
  GtkInscription   *subject_label;
  GtkLabel         *date_label;
  GtkImage         *attachment_icon;
  GtkImage         *status_icon;
  GtkImage         *flag_icon;

  /* Owned references */
  IntakeSubmission *submission;

  gboolean          flagged;
};

G_DEFINE_FINAL_TYPE (IntakeSubmissionRow, intake_submission_row, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SUBMISSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

char *
intake_format_date_short (GDateTime *date)
{
  g_autoptr(GDateTime) local = NULL;

  if (date == NULL)
    return g_strdup (_("Unknown date"));

  local = g_date_time_to_local (date);
  /* Translators: the date of a submission in the list, see the strftime-like
   * formats of g_date_time_format(); "%-d" is the day without padding.
   * This gives "Apr 19, 2021". */
  return g_date_time_format (local, _("%b %-d, %Y"));
}

static const char *
nonempty (const char *s)
{
  return (s != NULL && s[0] != '\0') ? s : NULL;
}

static const struct
{
  const char *icon_name;
  const char *css_class;
  const char *label;
} status_looks[] = {
  [INTAKE_STATUS_NEW]         = { "mail-unread-symbolic",       "status-new",         N_("New") },
  [INTAKE_STATUS_IN_PROGRESS] = { "document-edit-symbolic",     "status-in-progress", N_("In progress") },
  [INTAKE_STATUS_CODED]       = { "emblem-ok-symbolic",         "status-coded",       N_("Coded") },
  [INTAKE_STATUS_EXCLUDED]    = { "action-unavailable-symbolic", "status-excluded",   N_("Excluded") },
};

/* Where a submission came from: mail, the most of them, goes unmarked in
 * the row; the others name their kind before the date. A screen reader
 * hears all three. */
static const struct
{
  const char *mark;     /* shown before the date, or NULL */
  const char *spoken;   /* ends the row's accessible description */
} source_looks[] = {
  [INTAKE_SOURCE_KIND_UNKNOWN] = { NULL,                              NULL },
  [INTAKE_SOURCE_KIND_MAIL]    = { NULL,                              N_("by e-mail") },
  [INTAKE_SOURCE_KIND_OUTLOOK] = { NC_("submission source", "Outlook"), N_("from an Outlook file") },
  [INTAKE_SOURCE_KIND_SURVEY]  = { NC_("submission source", "Survey"),  N_("from a survey export") },
};

static void
update_status (IntakeSubmissionRow *self,
               IntakeStatus         status)
{
  GtkWidget *icon = GTK_WIDGET (self->status_icon);

  for (guint i = 0; i < G_N_ELEMENTS (status_looks); i++)
    gtk_widget_remove_css_class (icon, status_looks[i].css_class);

  if (self->submission == NULL || (guint) status >= G_N_ELEMENTS (status_looks))
    {
      gtk_image_clear (self->status_icon);
      return;
    }

  gtk_image_set_from_icon_name (self->status_icon, status_looks[status].icon_name);
  gtk_widget_add_css_class (icon, status_looks[status].css_class);
}

/* The tooltips are asked for when shown, not set at every bind: setting a
 * widget's tooltip asks the display where the pointer is, a round trip to
 * the X server for each row a scroll or a search binds. */
static gboolean
status_query_tooltip_cb (IntakeSubmissionRow *self,
                         int                  x,
                         int                  y,
                         gboolean             keyboard_mode,
                         GtkTooltip          *tooltip,
                         GtkWidget           *icon)
{
  IntakeStatus status;

  if (self->submission == NULL)
    return FALSE;

  status = intake_submission_get_status (self->submission);
  if ((guint) status >= G_N_ELEMENTS (status_looks))
    return FALSE;

  gtk_tooltip_set_text (tooltip, _(status_looks[status].label));
  return TRUE;
}

/* Elided labels lose text; the tooltip keeps the whole subject in reach. */
static gboolean
subject_query_tooltip_cb (IntakeSubmissionRow *self,
                          int                  x,
                          int                  y,
                          gboolean             keyboard_mode,
                          GtkTooltip          *tooltip,
                          GtkWidget           *label)
{
  gtk_tooltip_set_text (tooltip, gtk_inscription_get_text (self->subject_label));
  return TRUE;
}

static void
update (IntakeSubmissionRow *self)
{
  g_autofree char *state = NULL;
  IntakeStatus status = INTAKE_STATUS_NEW;
  g_autofree char *date = NULL;
  g_autofree char *description = NULL;
  g_autofree char *date_text = NULL;
  IntakeSourceKind source = INTAKE_SOURCE_KIND_UNKNOWN;
  const char *sender = NULL;
  const char *subject = NULL;
  guint n_attachments = 0;
  GtkWidget *item;

  if (self->submission != NULL)
    {
      sender = nonempty (intake_submission_get_from_name (self->submission));
      if (sender == NULL)
        sender = nonempty (intake_submission_get_from_addr (self->submission));
      subject = nonempty (intake_submission_get_subject (self->submission));
      n_attachments = intake_submission_get_n_attachments (self->submission);
      date = intake_format_date_short (intake_submission_get_date (self->submission));
      status = intake_submission_get_status (self->submission);
      source = intake_submission_get_source_kind (self->submission);
      if ((guint) source >= G_N_ELEMENTS (source_looks))
        source = INTAKE_SOURCE_KIND_UNKNOWN;
    }

  if (sender == NULL)
    sender = _("Unknown sender");
  if (subject == NULL)
    subject = _("(No subject)");

  gtk_inscription_set_text (self->sender_label, sender);
  gtk_inscription_set_text (self->subject_label, subject);
  /* In the date's label, not a widget of its own: every row has it. */
  /* A survey export's rows seldom have a date: the kind alone says enough. */
  if (source_looks[source].mark != NULL && intake_submission_get_date (self->submission) == NULL)
    date_text = g_strdup (g_dpgettext2 (NULL, "submission source", source_looks[source].mark));
  else if (source_looks[source].mark != NULL)
    /* Translators: a list row's source and date, "Survey · Apr 19, 2021" */
    date_text = g_strdup_printf (C_("submission source and date", "%s · %s"),
                                 g_dpgettext2 (NULL, "submission source", source_looks[source].mark),
                                 date ? date : "");
  gtk_label_set_text (self->date_label, date_text ? date_text : date ? date : "");
  gtk_widget_set_visible (GTK_WIDGET (self->attachment_icon), n_attachments > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->flag_icon), self->submission != NULL && self->flagged);
  update_status (self, status);

  if (n_attachments > 0)
    description = g_strdup_printf (ngettext ("From %s, %s, with %u attachment",
                                             "From %s, %s, with %u attachments",
                                             n_attachments),
                                   sender, date ? date : "", n_attachments);
  else
    description = g_strdup_printf (_("From %s, %s"), sender, date ? date : "");

  if (source_looks[source].spoken != NULL)
    {
      g_autofree char *sourced = NULL;

      /* Translators: a row's accessible description, then how it came:
       * "From Ana, Apr 19, 2021, by e-mail" */
      sourced = g_strdup_printf (C_("submission source", "%s, %s"), description, _(source_looks[source].spoken));
      g_free (description);
      description = g_steal_pointer (&sourced);
    }

  /* The state comes first in the name: a screen reader says it with the
   * subject, as the icons show it beside the sender. */
  if (self->submission != NULL && (guint) status < G_N_ELEMENTS (status_looks))
    {
      if (self->flagged)
        /* Translators: a row's accessible name: the flag, the status, the subject */
        state = g_strdup_printf (_("Safeguarding concern, %s: %s"),
                                 _(status_looks[status].label), subject);
      else
        /* Translators: a row's accessible name: the status, the subject */
        state = g_strdup_printf (_("%s: %s"), _(status_looks[status].label), subject);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, state ? state : subject,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);

  /* The list view's own row is what takes the focus and what a screen
   * reader announces; GTK 4.8 gives it no name of its own. */
  if ((item = gtk_widget_get_parent (GTK_WIDGET (self))) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (item),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, state ? state : subject,
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                    -1);
}

static void
intake_submission_row_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  IntakeSubmissionRow *self = INTAKE_SUBMISSION_ROW (object);

  switch (prop_id)
    {
    case PROP_SUBMISSION:
      g_value_set_object (value, self->submission);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_submission_row_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  IntakeSubmissionRow *self = INTAKE_SUBMISSION_ROW (object);

  switch (prop_id)
    {
    case PROP_SUBMISSION:
      intake_submission_row_set_submission (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_submission_row_dispose (GObject *object)
{
  IntakeSubmissionRow *self = INTAKE_SUBMISSION_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), INTAKE_TYPE_SUBMISSION_ROW);
  g_clear_object (&self->submission);

  G_OBJECT_CLASS (intake_submission_row_parent_class)->dispose (object);
}

static void
intake_submission_row_class_init (IntakeSubmissionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = intake_submission_row_dispose;
  object_class->get_property = intake_submission_row_get_property;
  object_class->set_property = intake_submission_row_set_property;

  properties[PROP_SUBMISSION] =
    g_param_spec_object ("submission", NULL, NULL,
                         INTAKE_TYPE_SUBMISSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/argylepr/FeedbackIntake/ui/intake-submission-row.ui");
  gtk_widget_class_bind_template_child (widget_class, IntakeSubmissionRow, sender_label);
  gtk_widget_class_bind_template_child (widget_class, IntakeSubmissionRow, subject_label);
  gtk_widget_class_bind_template_child (widget_class, IntakeSubmissionRow, date_label);
  gtk_widget_class_bind_template_child (widget_class, IntakeSubmissionRow, attachment_icon);
  gtk_widget_class_bind_template_child (widget_class, IntakeSubmissionRow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, IntakeSubmissionRow, flag_icon);
  gtk_widget_class_bind_template_callback (widget_class, status_query_tooltip_cb);
  gtk_widget_class_bind_template_callback (widget_class, subject_query_tooltip_cb);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
intake_submission_row_init (IntakeSubmissionRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}

GtkWidget *
intake_submission_row_new (void)
{
  return g_object_new (INTAKE_TYPE_SUBMISSION_ROW, NULL);
}

IntakeSubmission *
intake_submission_row_get_submission (IntakeSubmissionRow *self)
{
  g_return_val_if_fail (INTAKE_IS_SUBMISSION_ROW (self), NULL);

  return self->submission;
}

void
intake_submission_row_set_submission (IntakeSubmissionRow *self,
                                      IntakeSubmission    *submission)
{
  g_return_if_fail (INTAKE_IS_SUBMISSION_ROW (self));
  g_return_if_fail (!submission || INTAKE_IS_SUBMISSION (submission));

  if (g_set_object (&self->submission, submission))
    {
      update (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBMISSION]);
    }
}

gboolean
intake_submission_row_get_flagged (IntakeSubmissionRow *self)
{
  g_return_val_if_fail (INTAKE_IS_SUBMISSION_ROW (self), FALSE);

  return self->flagged;
}

void
intake_submission_row_set_flagged (IntakeSubmissionRow *self,
                                   gboolean             flagged)
{
  g_return_if_fail (INTAKE_IS_SUBMISSION_ROW (self));

  flagged = !!flagged;
  if (self->flagged == flagged)
    return;

  self->flagged = flagged;
  update (self);
}
