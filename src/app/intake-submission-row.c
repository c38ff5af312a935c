#define G_LOG_DOMAIN "intake-submission-row"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-accessible.h"
#include "intake-submission-row.h"

struct _IntakeSubmissionRow
{
  GtkWidget         parent_instance;

  /* Children, made in code: see intake_submission_row_init() */
  GtkInscription   *sender_label;
  GtkInscription   *subject_label;
  GtkInscription   *date_label;
  GtkImage         *attachment_icon;
  GtkImage         *status_icon;
  GtkImage         *flag_icon;

  /* Owned references */
  IntakeSubmission *submission;

  gboolean          flagged;
  /* What the status icon shows, so that a row bound again to a submission
   * of the same status leaves it alone: setting an image's icon, even to
   * the one it has, makes the list measure the row again. */
  int               shown_status;  /* -1 for none */
};

G_DEFINE_FINAL_TYPE (IntakeSubmissionRow, intake_submission_row, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SUBMISSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

static GTimeZone *local_zone;

char *
intake_format_date_short (GDateTime *date)
{
  g_autoptr(GDateTime) local = NULL;

  if (date == NULL)
    return g_strdup (_("Unknown date"));

  /* GLib 2.74 reads the system's time zone file again at every
   * g_date_time_to_local() when TZ is not set; the list dates hundreds
   * of rows a search. */
  if (g_once_init_enter (&local_zone))
    g_once_init_leave (&local_zone, g_time_zone_new_local ());
  local = g_date_time_to_timezone (date, local_zone);
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
  int shown = self->submission != NULL && (guint) status < G_N_ELEMENTS (status_looks) ? (int) status : -1;

  if (shown == self->shown_status)
    return;

  if (self->shown_status >= 0)
    gtk_widget_remove_css_class (icon, status_looks[self->shown_status].css_class);
  self->shown_status = shown;

  if (shown < 0)
    {
      gtk_image_clear (self->status_icon);
      return;
    }

  gtk_image_set_from_icon_name (self->status_icon, status_looks[shown].icon_name);
  gtk_widget_add_css_class (icon, status_looks[shown].css_class);
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
  if (date_text == NULL)
    date_text = g_strdup (date ? date : "");
  /* Wide enough for its text, which is never cut: a character more than
   * it has, as an inscription sizes by the average character. */
  gtk_inscription_set_min_chars (self->date_label, g_utf8_strlen (date_text, -1) + 1);
  gtk_inscription_set_nat_chars (self->date_label, g_utf8_strlen (date_text, -1) + 1);
  gtk_inscription_set_text (self->date_label, date_text);
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

  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->submission);

  G_OBJECT_CLASS (intake_submission_row_parent_class)->dispose (object);
}

/* The row lays out its children itself, in two lines: the status, the
 * sender (who takes the room left), the flag, the attachment mark and the
 * date; then the subject under them all. A general layout manager costs
 * more than the rest of a row's measuring, and a list view measures every
 * row it makes. */
#define LINE_SPACING   3
#define COLUMN_SPACING 6

static GtkSizeRequestMode
intake_submission_row_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static gboolean
in_first_line (IntakeSubmissionRow *self,
               GtkWidget           *child)
{
  return child != GTK_WIDGET (self->subject_label) && gtk_widget_should_layout (child);
}

static void
intake_submission_row_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  IntakeSubmissionRow *self = INTAKE_SUBMISSION_ROW (widget);
  int line_min = 0, line_nat = 0, n = 0;
  int subject_min = 0, subject_nat = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat;

      if (!in_first_line (self, child))
        continue;
      gtk_widget_measure (child, orientation, -1, &child_min, &child_nat, NULL, NULL);
      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          line_min += child_min;
          line_nat += child_nat;
          n++;
        }
      else
        {
          line_min = MAX (line_min, child_min);
          line_nat = MAX (line_nat, child_nat);
        }
    }
  if (n > 1)
    {
      line_min += COLUMN_SPACING * (n - 1);
      line_nat += COLUMN_SPACING * (n - 1);
    }

  if (gtk_widget_should_layout (GTK_WIDGET (self->subject_label)))
    gtk_widget_measure (GTK_WIDGET (self->subject_label), orientation, -1, &subject_min, &subject_nat, NULL, NULL);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MAX (line_min, subject_min);
      *natural = MAX (line_nat, subject_nat);
    }
  else
    {
      *minimum = line_min + LINE_SPACING + subject_min;
      *natural = line_nat + LINE_SPACING + subject_nat;
    }
}

static void
place (GtkWidget *widget,
       GtkWidget *child,
       int        x,
       int        y,
       int        width,
       int        height)
{
  if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL)
    x = gtk_widget_get_width (widget) - x - width;
  gtk_widget_size_allocate (child, &(GtkAllocation) { x, y, width, height }, -1);
}

static void
intake_submission_row_size_allocate (GtkWidget *widget,
                                     int        width,
                                     int        height,
                                     int        baseline)
{
  IntakeSubmissionRow *self = INTAKE_SUBMISSION_ROW (widget);
  GtkWidget *sender = GTK_WIDGET (self->sender_label);
  int line_height = 0, others = 0, n = 0, x = 0;
  int sender_min, sender_width;

  /* The first line is as tall as its tallest child; every child but the
   * sender has its natural width, the sender the rest. */
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      int nat_height, nat_width;

      if (!in_first_line (self, child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, -1, NULL, &nat_height, NULL, NULL);
      line_height = MAX (line_height, nat_height);
      if (child != sender)
        {
          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &nat_width, NULL, NULL);
          others += nat_width;
        }
      n++;
    }
  gtk_widget_measure (sender, GTK_ORIENTATION_HORIZONTAL, -1, &sender_min, NULL, NULL, NULL);
  sender_width = MAX (sender_min, width - others - COLUMN_SPACING * MAX (n - 1, 0));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      int child_width;

      if (!in_first_line (self, child))
        continue;
      if (child == sender)
        child_width = sender_width;
      else
        gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &child_width, NULL, NULL);
      place (widget, child, x, 0, child_width, line_height);
      x += child_width + COLUMN_SPACING;
    }

  if (gtk_widget_should_layout (GTK_WIDGET (self->subject_label)))
    place (widget, GTK_WIDGET (self->subject_label), 0, line_height + LINE_SPACING,
           width, MAX (height - line_height - LINE_SPACING, 0));
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

  widget_class->get_request_mode = intake_submission_row_get_request_mode;
  widget_class->measure = intake_submission_row_measure;
  widget_class->size_allocate = intake_submission_row_size_allocate;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static GtkWidget *
add_child (IntakeSubmissionRow *self,
           GtkWidget           *child,
           const char          *first_css_class,
           ...)
{
  va_list args;

  va_start (args, first_css_class);
  for (const char *css_class = first_css_class; css_class != NULL; css_class = va_arg (args, const char *))
    gtk_widget_add_css_class (child, css_class);
  va_end (args);

  gtk_widget_set_parent (child, GTK_WIDGET (self));
  return child;
}

static GtkInscription *
new_inscription (void)
{
  GtkInscription *inscription = GTK_INSCRIPTION (gtk_inscription_new (NULL));

  gtk_inscription_set_xalign (inscription, 0);
  gtk_inscription_set_text_overflow (inscription, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_nat_chars (inscription, 30);
  return inscription;
}

/* The children are made here, not from a template: GTK 4.8 parses a
 * template's XML for every widget made from it, and a list view makes a
 * row for each one a search brings into view, two hundred at a time. That
 * parsing was half the time of showing a search's first rows. One widget
 * laid out as a grid, not boxes in a bin, for the same reason; the texts
 * are inscriptions, not labels, since a list view measures every row it
 * keeps and an inscription's size does not wait on shaping its text. */
static void
intake_submission_row_init (IntakeSubmissionRow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  self->shown_status = -1;
  gtk_widget_set_margin_top (widget, 9);
  gtk_widget_set_margin_bottom (widget, 9);
  gtk_widget_set_margin_start (widget, 12);
  gtk_widget_set_margin_end (widget, 12);

  self->status_icon = GTK_IMAGE (gtk_image_new ());
  gtk_image_set_pixel_size (self->status_icon, 12);
  gtk_widget_set_valign (GTK_WIDGET (self->status_icon), GTK_ALIGN_CENTER);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->status_icon), TRUE);
  g_signal_connect_swapped (self->status_icon, "query-tooltip", G_CALLBACK (status_query_tooltip_cb), self);
  add_child (self, GTK_WIDGET (self->status_icon), "submission-status", NULL);

  self->sender_label = new_inscription ();
  gtk_widget_set_hexpand (GTK_WIDGET (self->sender_label), TRUE);
  add_child (self, GTK_WIDGET (self->sender_label), "heading", NULL);

  self->flag_icon = GTK_IMAGE (gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
  gtk_widget_set_visible (GTK_WIDGET (self->flag_icon), FALSE);
  intake_widget_set_tooltip_text (GTK_WIDGET (self->flag_icon), _("Safeguarding concern (disclosure of harm)"));
  add_child (self, GTK_WIDGET (self->flag_icon), "error", "safeguarding-flag", NULL);

  self->attachment_icon = GTK_IMAGE (gtk_image_new_from_icon_name ("mail-attachment-symbolic"));
  gtk_widget_set_visible (GTK_WIDGET (self->attachment_icon), FALSE);
  intake_widget_set_tooltip_text (GTK_WIDGET (self->attachment_icon), _("Has attachments"));
  add_child (self, GTK_WIDGET (self->attachment_icon), "dim-label", NULL);

  self->date_label = GTK_INSCRIPTION (gtk_inscription_new (NULL));
  gtk_inscription_set_xalign (self->date_label, 1);
  add_child (self, GTK_WIDGET (self->date_label), "caption", "dim-label", "numeric", NULL);

  self->subject_label = new_inscription ();
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->subject_label), TRUE);
  g_signal_connect_swapped (self->subject_label, "query-tooltip", G_CALLBACK (subject_query_tooltip_cb), self);
  add_child (self, GTK_WIDGET (self->subject_label), NULL);

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

/**
 * intake_submission_row_bind:
 *
 * Shows @submission, flagged or not: what a list view's factory does
 * for each row it binds, with the row's widgets set once.
 */
void
intake_submission_row_bind (IntakeSubmissionRow *self,
                            IntakeSubmission    *submission,
                            gboolean             flagged)
{
  g_return_if_fail (INTAKE_IS_SUBMISSION_ROW (self));
  g_return_if_fail (INTAKE_IS_SUBMISSION (submission));

  self->flagged = !!flagged;
  g_set_object (&self->submission, submission);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBMISSION]);
}

/**
 * intake_submission_row_unbind:
 *
 * Lets the submission go, leaving what the row shows as it is: an
 * unbound row is not shown, and is bound again before it is, often to a
 * submission that looks much the same. Clearing its widgets in between
 * cost a list view jumping to its end as much as binding them.
 */
void
intake_submission_row_unbind (IntakeSubmissionRow *self)
{
  g_return_if_fail (INTAKE_IS_SUBMISSION_ROW (self));

  if (self->submission == NULL)
    return;

  g_clear_object (&self->submission);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBMISSION]);
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
