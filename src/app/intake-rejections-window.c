#define G_LOG_DOMAIN "intake-rejections-window"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-rejections-window.h"
#include "intake-submission-row.h"

struct _IntakeRejectionsWindow
{
  AdwWindow       parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkStack       *stack;
  AdwStatusPage  *empty_page;
  GtkListBox     *list_box;

  /* Owned references */
  IntakeProject  *project;
};

G_DEFINE_FINAL_TYPE (IntakeRejectionsWindow, intake_rejections_window, ADW_TYPE_WINDOW)

enum { PROP_0, PROP_PROJECT, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* The importer gives a message's place in an mbox as the byte offset of its
 * From_ line, and in a folder as the file's name. */
static char *
format_title (const char *basename,
              const char *position)
{
  guint64 offset;

  if (position == NULL || position[0] == '\0' || g_strcmp0 (position, basename) == 0)
    return g_strdup (basename);

  if (g_ascii_string_to_unsigned (position, 10, 0, G_MAXUINT64, &offset, NULL))
    {
      g_autofree char *number = g_strdup_printf ("%'" G_GUINT64_FORMAT, offset);

      /* Translators: a rejected message's mailbox file and the byte where the message starts */
      return g_strdup_printf (_("%s, message at byte %s"), basename, number);
    }

  /* Translators: a rejected message's file and where it is in that file */
  return g_strdup_printf (_("%s, %s"), basename, position);
}

static GtkWidget *
create_row (const IntakeRejection *rejection)
{
  g_autofree char *basename = NULL;
  g_autofree char *title = NULL;
  g_autofree char *logged = NULL;
  g_autoptr(GDateTime) when = NULL;
  GtkWidget *row;
  GtkWidget *suffix;

  basename = rejection->file ? g_path_get_basename (rejection->file) : g_strdup (_("Unknown file"));
  title = format_title (basename, rejection->position);

  row = g_object_new (ADW_TYPE_ACTION_ROW,
                      "title", title,
                      "subtitle", rejection->reason ? rejection->reason : _("No reason was recorded"),
                      "use-markup", FALSE,
                      "title-lines", 2,
                      "tooltip-text", rejection->file,
                      NULL);

  if (rejection->logged_at > 0 && (when = g_date_time_new_from_unix_utc (rejection->logged_at)))
    {
      logged = intake_format_date_short (when);
      suffix = gtk_label_new (logged);
      gtk_widget_add_css_class (suffix, "dim-label");
      gtk_widget_add_css_class (suffix, "caption");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);
    }

  return row;
}

static void
reload (IntakeRejectionsWindow *self)
{
  g_autoptr(GPtrArray) rejections = NULL;
  g_autoptr(GError) error = NULL;
  guint n;
  g_autofree char *subtitle = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))))
    gtk_list_box_remove (self->list_box, child);

  if (self->project == NULL)
    return;

  rejections = intake_store_list_rejections (intake_project_get_store (self->project), &error);
  if (rejections == NULL)
    {
      /* The page says why, where the list would be. */
      adw_status_page_set_icon_name (self->empty_page, "dialog-error-symbolic");
      adw_status_page_set_title (self->empty_page, _("Could Not Load Rejected Messages"));
      adw_status_page_set_description (self->empty_page, error->message);
      adw_window_title_set_subtitle (self->window_title, "");
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  /* The store logs each damaged message once, however often it is imported. */
  for (guint i = 0; i < rejections->len; i++)
    gtk_list_box_append (self->list_box, create_row (g_ptr_array_index (rejections, i)));
  n = rejections->len;

  subtitle = g_strdup_printf (ngettext ("%u message", "%u messages", n), n);
  adw_window_title_set_subtitle (self->window_title, n > 0 ? subtitle : "");
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

static void
submissions_added_cb (IntakeRejectionsWindow *self,
                      IntakeProject          *project)
{
  reload (self);
}

static void
intake_rejections_window_show (GtkWidget *widget)
{
  /* An import that kept no message adds no submissions, but may have
   * rejected some: read them again whenever the window opens. */
  reload (INTAKE_REJECTIONS_WINDOW (widget));

  GTK_WIDGET_CLASS (intake_rejections_window_parent_class)->show (widget);
}

static void
intake_rejections_window_constructed (GObject *object)
{
  IntakeRejectionsWindow *self = INTAKE_REJECTIONS_WINDOW (object);

  G_OBJECT_CLASS (intake_rejections_window_parent_class)->constructed (object);

  g_assert (INTAKE_IS_PROJECT (self->project));

  g_signal_connect_object (self->project, "submissions-added",
                           G_CALLBACK (submissions_added_cb), self,
                           G_CONNECT_SWAPPED);
  reload (self);
}

static void
intake_rejections_window_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  IntakeRejectionsWindow *self = INTAKE_REJECTIONS_WINDOW (object);

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
intake_rejections_window_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  IntakeRejectionsWindow *self = INTAKE_REJECTIONS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      self->project = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_rejections_window_dispose (GObject *object)
{
  IntakeRejectionsWindow *self = INTAKE_REJECTIONS_WINDOW (object);

  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), INTAKE_TYPE_REJECTIONS_WINDOW);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (intake_rejections_window_parent_class)->dispose (object);
}

static void
intake_rejections_window_class_init (IntakeRejectionsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = intake_rejections_window_constructed;
  object_class->dispose = intake_rejections_window_dispose;
  object_class->get_property = intake_rejections_window_get_property;
  object_class->set_property = intake_rejections_window_set_property;

  widget_class->show = intake_rejections_window_show;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL,
                         INTAKE_TYPE_PROJECT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/argylepr/FeedbackIntake/ui/intake-rejections-window.ui");
  gtk_widget_class_bind_template_child (widget_class, IntakeRejectionsWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, IntakeRejectionsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, IntakeRejectionsWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, IntakeRejectionsWindow, list_box);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
intake_rejections_window_init (IntakeRejectionsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
intake_rejections_window_new (GtkWindow     *parent,
                              IntakeProject *project)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (INTAKE_IS_PROJECT (project), NULL);

  return g_object_new (INTAKE_TYPE_REJECTIONS_WINDOW,
                       "transient-for", parent,
                       "project", project,
                       NULL);
}

IntakeProject *
intake_rejections_window_get_project (IntakeRejectionsWindow *self)
{
  g_return_val_if_fail (INTAKE_IS_REJECTIONS_WINDOW (self), NULL);

  return self->project;
}
