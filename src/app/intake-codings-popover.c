#define G_LOG_DOMAIN "intake-codings-popover"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-codings-popover.h"
#include "intake-coding-row.h"
#include "intake-error.h"
#include "intake-store.h"

struct _IntakeCodingsPopover
{
  GtkPopover     parent_instance;

  /* Template widgets */
  GtkBox        *codings_box;

  /* Owned references */
  IntakeProject *project;
};

G_DEFINE_FINAL_TYPE (IntakeCodingsPopover, intake_codings_popover, GTK_TYPE_POPOVER)

enum { PROP_0, PROP_PROJECT, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  IntakeCodingsPopover *self = INTAKE_CODINGS_POPOVER (widget);
  g_autofree char *coding_guid = g_variant_dup_string (param, NULL);
  g_autoptr(GError) error = NULL;

  gtk_popover_popdown (GTK_POPOVER (self));

  if (self->project != NULL &&
      !intake_project_remove_coding (self->project, coding_guid, &error))
    intake_show_error (widget, _("Could not remove the coding"), error);
}

/* What the popover lists may be gone after a change. */
static void
project_changed_cb (IntakeCodingsPopover *self)
{
  gtk_popover_popdown (GTK_POPOVER (self));
}

static void
intake_codings_popover_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  IntakeCodingsPopover *self = INTAKE_CODINGS_POPOVER (object);

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
intake_codings_popover_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  IntakeCodingsPopover *self = INTAKE_CODINGS_POPOVER (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      intake_codings_popover_set_project (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_codings_popover_dispose (GObject *object)
{
  IntakeCodingsPopover *self = INTAKE_CODINGS_POPOVER (object);

  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  gtk_widget_dispose_template (GTK_WIDGET (object), INTAKE_TYPE_CODINGS_POPOVER);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (intake_codings_popover_parent_class)->dispose (object);
}

static void
intake_codings_popover_class_init (IntakeCodingsPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = intake_codings_popover_dispose;
  object_class->get_property = intake_codings_popover_get_property;
  object_class->set_property = intake_codings_popover_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL,
                         INTAKE_TYPE_PROJECT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/argylepr/FeedbackIntake/ui/intake-codings-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, IntakeCodingsPopover, codings_box);

  gtk_widget_class_install_action (widget_class, "codings.remove", "s", remove_action);
}

static void
intake_codings_popover_init (IntakeCodingsPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
intake_codings_popover_new (void)
{
  return g_object_new (INTAKE_TYPE_CODINGS_POPOVER, NULL);
}

IntakeProject *
intake_codings_popover_get_project (IntakeCodingsPopover *self)
{
  g_return_val_if_fail (INTAKE_IS_CODINGS_POPOVER (self), NULL);

  return self->project;
}

void
intake_codings_popover_set_project (IntakeCodingsPopover *self,
                                    IntakeProject        *project)
{
  g_return_if_fail (INTAKE_IS_CODINGS_POPOVER (self));
  g_return_if_fail (!project || INTAKE_IS_PROJECT (project));

  if (self->project == project)
    return;

  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_set_object (&self->project, project);
  if (project != NULL)
    {
      g_signal_connect_object (project, "codebook-changed",
                               G_CALLBACK (project_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (project, "submission-changed",
                               G_CALLBACK (project_changed_cb), self, G_CONNECT_SWAPPED);
    }

  gtk_popover_popdown (GTK_POPOVER (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

guint
intake_codings_popover_set_codings (IntakeCodingsPopover *self,
                                    GPtrArray            *codings,
                                    int                   offset)
{
  const char *reviewer;
  GtkWidget *child;
  guint n = 0;

  g_return_val_if_fail (INTAKE_IS_CODINGS_POPOVER (self), 0);

  reviewer = self->project ? intake_project_get_reviewer_guid (self->project) : NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->codings_box))))
    gtk_box_remove (self->codings_box, child);

  for (guint i = 0; codings != NULL && i < codings->len; i++)
    {
      IntakeCoding *coding = g_ptr_array_index (codings, i);
      gboolean own = intake_coding_is_by (coding, reviewer);

      if (coding->start < 0 || offset < coding->start || offset >= coding->end)
        continue;

      gtk_box_append (self->codings_box,
                      intake_coding_row_new (coding->guid, coding->code_path,
                                             own ? NULL : coding->reviewer));
      n++;
    }

  return n;
}
