#define G_LOG_DOMAIN "intake-activity-window"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-activity-window.h"
#include "intake-error.h"
#include "intake-store.h"

struct _IntakeActivityWindow
{
  AdwWindow          parent_instance;

  /* Template widgets */
  AdwWindowTitle    *window_title;
  GtkDropDown       *reviewer_dropdown;
  GtkStringList     *reviewer_model;
  GtkStack          *stack;
  AdwStatusPage     *empty_page;
  GtkScrolledWindow *scroller;
  GtkListBox        *list_box;

  /* Owned references */
  IntakeProject     *project;
  char              *reviewer;
  GPtrArray         *entries;     /* IntakeAuditEntry, newest first */
  GDateTime         *loaded_at;   /* "5 minutes ago" counts from here */

  guint              n_shown;
  guint              updating_reviewers;
};

G_DEFINE_FINAL_TYPE (IntakeActivityWindow, intake_activity_window, ADW_TYPE_WINDOW)

enum { PROP_0, PROP_PROJECT, PROP_REVIEWER, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* Enough to see a long day's work of several reviewers; older changes stay
 * in the project and go into the reports. */
#define AUDIT_LIMIT 2000

/* Rows are made a page at a time as the list is scrolled down: thousands
 * of rows at once would keep the window from opening for seconds. */
#define ROWS_PER_PAGE 100

static const char *
describe_action (const char *action)
{
  if (g_strcmp0 (action, "code") == 0)
    return _("Coded");
  if (g_strcmp0 (action, "uncode") == 0)
    return _("Removed coding");
  if (g_strcmp0 (action, "attribute") == 0)
    return _("Set attribute");
  if (g_strcmp0 (action, "status") == 0)
    return _("Changed status");
  if (g_strcmp0 (action, "memo") == 0)
    return _("Edited memo");
  if (g_strcmp0 (action, "codebook") == 0)
    return _("Edited codebook");

  /* An action from a newer version of the application: show it as it is. */
  return action ? action : "";
}

static char *
format_when (gint64     at,
             GDateTime *now)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (at);
  GTimeSpan ago;

  if (when == NULL)
    return g_strdup (_("Unknown time"));

  if (g_date_time_get_year (when) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    {
      ago = g_date_time_difference (now, when);

      if (ago < G_TIME_SPAN_MINUTE)
        return g_strdup (_("Just now"));

      if (ago < G_TIME_SPAN_HOUR)
        {
          int minutes = (int) (ago / G_TIME_SPAN_MINUTE);
          return g_strdup_printf (ngettext ("%d minute ago", "%d minutes ago", minutes), minutes);
        }

      {
        int hours = (int) (ago / G_TIME_SPAN_HOUR);
        return g_strdup_printf (ngettext ("%d hour ago", "%d hours ago", hours), hours);
      }
    }

  if (g_date_time_get_year (when) == g_date_time_get_year (now))
    /* Translators: when a change was made, this year; see g_date_time_format().
     * This gives "Nov 22, 14:03". */
    return g_date_time_format (when, _("%b %-d, %H:%M"));

  /* Translators: when a change was made, another year; see g_date_time_format().
   * This gives "Nov 22, 2023, 14:03". */
  return g_date_time_format (when, _("%b %-d, %Y, %H:%M"));
}

static GtkWidget *
create_row (const IntakeAuditEntry *entry,
            GDateTime              *now)
{
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *time = NULL;
  g_autofree char *full_time = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *accessible = NULL;
  const char *action = describe_action (entry->action);
  const char *detail = entry->detail ? entry->detail : "";
  const char *reviewer = (entry->reviewer && entry->reviewer[0]) ? entry->reviewer : _("Unknown reviewer");
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *label;

  if (entry->submission_id > 0)
    {
      g_autofree char *submission = NULL;
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, entry->submission_id);

      /* Translators: the submission a change was about, by its id: "Submission 42" */
      submission = g_strdup_printf (_("Submission %s"), id);
      if (detail[0] != '\0')
        /* Translators: "Submission 42 · Equity lens/Surveillance [12–40]" */
        subtitle = g_strdup_printf (_("%s · %s"), submission, detail);
      else
        subtitle = g_steal_pointer (&submission);
    }
  else
    subtitle = g_strdup (detail);

  time = format_when (entry->at, now);
  when = g_date_time_new_from_unix_local (entry->at);
  if (when != NULL)
    /* Translators: the full time of a change, in a tooltip; see g_date_time_format() */
    full_time = g_date_time_format (when, _("%A, %B %-d, %Y, %H:%M:%S"));

  row = g_object_new (ADW_TYPE_ACTION_ROW,
                      "title", action,
                      "subtitle", subtitle,
                      "use-markup", FALSE,
                      "subtitle-lines", 2,
                      NULL);

  box = g_object_new (GTK_TYPE_BOX,
                      "orientation", GTK_ORIENTATION_VERTICAL,
                      "spacing", 2,
                      "valign", GTK_ALIGN_CENTER,
                      NULL);

  label = g_object_new (GTK_TYPE_LABEL,
                        "label", reviewer,
                        "xalign", 1.f,
                        "ellipsize", PANGO_ELLIPSIZE_END,
                        "max-width-chars", 24,
                        NULL);
  gtk_box_append (GTK_BOX (box), label);

  label = g_object_new (GTK_TYPE_LABEL,
                        "label", time,
                        "xalign", 1.f,
                        "tooltip-text", full_time,
                        NULL);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), label);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);

  /* Read as one sentence: "Coded, Submission 42 · Trust, by Priya, 5 minutes ago". */
  /* Translators: how a screen reader reads a change: what, details, who, when */
  accessible = g_strdup_printf (_("%s, %s, by %s, %s"), action, subtitle, reviewer, time);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  return row;
}

static void
reload_reviewers (IntakeActivityWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) reviewers = NULL;
  guint selected = 0;
  guint n;

  reviewers = intake_store_list_reviewers (intake_project_get_store (self->project), &error);
  if (reviewers == NULL && error != NULL)
    intake_show_error (GTK_WIDGET (self), _("Could not read the reviewers"), error);

  self->updating_reviewers++;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->reviewer_model));
  gtk_string_list_splice (self->reviewer_model, 0, n, NULL);
  gtk_string_list_append (self->reviewer_model, _("All Reviewers"));

  for (guint i = 0; reviewers != NULL && reviewers[i] != NULL; i++)
    {
      gtk_string_list_append (self->reviewer_model, reviewers[i]);
      if (g_strcmp0 (reviewers[i], self->reviewer) == 0)
        selected = i + 1;
    }

  /* A reviewer picked but not in the project shows everyone's changes. */
  if (selected == 0)
    g_clear_pointer (&self->reviewer, g_free);

  gtk_drop_down_set_selected (self->reviewer_dropdown, selected);

  self->updating_reviewers--;
}

static void
show_next_page (IntakeActivityWindow *self)
{
  guint end;

  if (self->entries == NULL)
    return;

  end = MIN (self->n_shown + ROWS_PER_PAGE, self->entries->len);
  for (; self->n_shown < end; self->n_shown++)
    gtk_list_box_append (self->list_box,
                         create_row (g_ptr_array_index (self->entries, self->n_shown), self->loaded_at));
}

static void
scroller_edge_reached_cb (IntakeActivityWindow *self,
                          GtkPositionType       position,
                          GtkScrolledWindow    *scroller)
{
  if (position == GTK_POS_BOTTOM)
    show_next_page (self);
}

static void
reload (IntakeActivityWindow *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *child;
  guint n;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))))
    gtk_list_box_remove (self->list_box, child);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  self->n_shown = 0;

  entries = intake_store_list_audit (intake_project_get_store (self->project), self->reviewer,
                                     AUDIT_LIMIT, &error);
  if (entries == NULL)
    {
      /* The page says why, where the list would be. */
      adw_status_page_set_icon_name (self->empty_page, "dialog-error-symbolic");
      adw_status_page_set_title (self->empty_page, _("Could Not Load the Activity"));
      adw_status_page_set_description (self->empty_page, error ? error->message : NULL);
      adw_window_title_set_subtitle (self->window_title, "");
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  g_clear_pointer (&self->loaded_at, g_date_time_unref);
  self->loaded_at = g_date_time_new_now_local ();
  n = entries->len;
  self->entries = g_steal_pointer (&entries);
  show_next_page (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);

  if (n >= AUDIT_LIMIT)
    subtitle = g_strdup_printf (ngettext ("The latest %u change", "The latest %u changes", n), n);
  else
    subtitle = g_strdup_printf (ngettext ("%u change", "%u changes", n), n);
  adw_window_title_set_subtitle (self->window_title, n > 0 ? subtitle : "");

  if (n == 0)
    {
      adw_status_page_set_icon_name (self->empty_page, "document-open-recent-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Activity Yet"));
      if (self->reviewer != NULL)
        {
          /* Translators: %s is a reviewer's name */
          g_autofree char *description = g_strdup_printf (_("%s has not changed anything in this project yet"),
                                                          self->reviewer);
          adw_status_page_set_description (self->empty_page, description);
        }
      else
        adw_status_page_set_description (self->empty_page,
                                         _("Codings, attributes, memos, status changes and codebook edits are listed here with who made them and when"));
    }

  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

static void
reviewer_dropdown_selected_cb (IntakeActivityWindow *self,
                               GParamSpec           *pspec,
                               GtkDropDown          *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  const char *reviewer = NULL;

  if (self->updating_reviewers > 0)
    return;

  if (selected > 0 && selected != GTK_INVALID_LIST_POSITION)
    reviewer = gtk_string_list_get_string (self->reviewer_model, selected);

  if (g_strcmp0 (reviewer, self->reviewer) == 0)
    return;

  g_free (self->reviewer);
  self->reviewer = g_strdup (reviewer);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVIEWER]);

  reload (self);
}

/* Every change of the project is in its audit trail. */
static void
project_changed_cb (IntakeActivityWindow *self)
{
  reload (self);
}

static void
submission_changed_cb (IntakeActivityWindow *self,
                       gint64                submission_id,
                       IntakeProject        *project)
{
  reload (self);
}

static void
reviewer_changed_cb (IntakeActivityWindow *self,
                     GParamSpec           *pspec,
                     IntakeProject        *project)
{
  /* A reviewer new to the project joins the filter. */
  reload_reviewers (self);
}

static void
intake_activity_window_constructed (GObject *object)
{
  IntakeActivityWindow *self = INTAKE_ACTIVITY_WINDOW (object);

  G_OBJECT_CLASS (intake_activity_window_parent_class)->constructed (object);

  g_assert (INTAKE_IS_PROJECT (self->project));

  g_signal_connect_object (self->project, "codebook-changed",
                           G_CALLBACK (project_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "submissions-added",
                           G_CALLBACK (project_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "submission-changed",
                           G_CALLBACK (submission_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "notify::reviewer",
                           G_CALLBACK (reviewer_changed_cb), self, G_CONNECT_SWAPPED);
  reload_reviewers (self);
  reload (self);
}

static void
intake_activity_window_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  IntakeActivityWindow *self = INTAKE_ACTIVITY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;

    case PROP_REVIEWER:
      g_value_set_string (value, self->reviewer);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_activity_window_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  IntakeActivityWindow *self = INTAKE_ACTIVITY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      self->project = g_value_dup_object (value);
      break;

    case PROP_REVIEWER:
      intake_activity_window_set_reviewer (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_activity_window_dispose (GObject *object)
{
  IntakeActivityWindow *self = INTAKE_ACTIVITY_WINDOW (object);

  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), INTAKE_TYPE_ACTIVITY_WINDOW);
  g_clear_object (&self->project);
  g_clear_pointer (&self->reviewer, g_free);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->loaded_at, g_date_time_unref);

  G_OBJECT_CLASS (intake_activity_window_parent_class)->dispose (object);
}

static void
intake_activity_window_class_init (IntakeActivityWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = intake_activity_window_constructed;
  object_class->dispose = intake_activity_window_dispose;
  object_class->get_property = intake_activity_window_get_property;
  object_class->set_property = intake_activity_window_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL,
                         INTAKE_TYPE_PROJECT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_REVIEWER] =
    g_param_spec_string ("reviewer", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/argylepr/FeedbackIntake/ui/intake-activity-window.ui");
  gtk_widget_class_bind_template_child (widget_class, IntakeActivityWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, IntakeActivityWindow, reviewer_dropdown);
  gtk_widget_class_bind_template_child (widget_class, IntakeActivityWindow, reviewer_model);
  gtk_widget_class_bind_template_child (widget_class, IntakeActivityWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, IntakeActivityWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, IntakeActivityWindow, scroller);
  gtk_widget_class_bind_template_child (widget_class, IntakeActivityWindow, list_box);
  gtk_widget_class_bind_template_callback (widget_class, reviewer_dropdown_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, scroller_edge_reached_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
intake_activity_window_init (IntakeActivityWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
intake_activity_window_new (GtkWindow     *parent,
                            IntakeProject *project)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (INTAKE_IS_PROJECT (project), NULL);

  return g_object_new (INTAKE_TYPE_ACTIVITY_WINDOW,
                       "transient-for", parent,
                       "project", project,
                       NULL);
}

IntakeProject *
intake_activity_window_get_project (IntakeActivityWindow *self)
{
  g_return_val_if_fail (INTAKE_IS_ACTIVITY_WINDOW (self), NULL);

  return self->project;
}

const char *
intake_activity_window_get_reviewer (IntakeActivityWindow *self)
{
  g_return_val_if_fail (INTAKE_IS_ACTIVITY_WINDOW (self), NULL);

  return self->reviewer;
}

void
intake_activity_window_set_reviewer (IntakeActivityWindow *self,
                                     const char           *reviewer)
{
  guint n;

  g_return_if_fail (INTAKE_IS_ACTIVITY_WINDOW (self));

  if (reviewer == NULL)
    {
      gtk_drop_down_set_selected (self->reviewer_dropdown, 0);
      return;
    }

  /* Through the drop-down, so what it shows and what is listed agree. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->reviewer_model));
  for (guint i = 1; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->reviewer_model, i), reviewer) == 0)
      {
        gtk_drop_down_set_selected (self->reviewer_dropdown, i);
        return;
      }

  g_debug ("No reviewer named %s in this project", reviewer);
}
