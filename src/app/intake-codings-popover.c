#define G_LOG_DOMAIN "intake-codings-popover"

#include "config.h"

#include "intake-codings-popover.h"
#include "intake-store.h"
#include "intake-coding-row.h"

struct _IntakeCodingsPopover
{
  GtkPopover  parent_instance;

  /* Template widgets */
  GtkBox     *codings_box;
};

G_DEFINE_FINAL_TYPE (IntakeCodingsPopover, intake_codings_popover, GTK_TYPE_POPOVER)

enum { REMOVE_CODING, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  IntakeCodingsPopover *self = INTAKE_CODINGS_POPOVER (widget);
  g_autofree char *coding_guid = g_variant_dup_string (param, NULL);

  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[REMOVE_CODING], 0, coding_guid);
}

static void
intake_codings_popover_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), INTAKE_TYPE_CODINGS_POPOVER);

  G_OBJECT_CLASS (intake_codings_popover_parent_class)->dispose (object);
}

static void
intake_codings_popover_class_init (IntakeCodingsPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = intake_codings_popover_dispose;

  /**
   * IntakeCodingsPopover::remove-coding:
   * @coding_guid: the coding whose remove button was clicked
   *
   * Emitted after the popover closed.
   */
  signals[REMOVE_CODING] =
    g_signal_new ("remove-coding",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

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

guint
intake_codings_popover_set_codings (IntakeCodingsPopover *self,
                                    GPtrArray            *codings,
                                    int                   offset,
                                    const char           *reviewer)
{
  GtkWidget *child;
  guint n = 0;

  g_return_val_if_fail (INTAKE_IS_CODINGS_POPOVER (self), 0);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->codings_box))))
    gtk_box_remove (self->codings_box, child);

  for (guint i = 0; codings != NULL && i < codings->len; i++)
    {
      IntakeCoding *coding = g_ptr_array_index (codings, i);
      gboolean own = g_strcmp0 (coding->reviewer, reviewer) == 0;

      if (coding->start < 0 || offset < coding->start || offset >= coding->end)
        continue;

      gtk_box_append (self->codings_box,
                      intake_coding_row_new (coding->guid, coding->code_path,
                                             own ? NULL : coding->reviewer));
      n++;
    }

  return n;
}
