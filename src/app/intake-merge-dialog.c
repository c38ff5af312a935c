/* The Merge Reviewer Projects dialog: the merge on a worker thread with
 * its progress and Cancel, then what it added and each conflict. */
#define G_LOG_DOMAIN "intake-merge-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-accessible.h"
#include "intake-error.h"
#include "intake-merge-dialog.h"

/* Enough to see what kind of conflicts there are; the command line lists all. */
#define MAX_CONFLICT_ROWS 200

struct _IntakeMergeDialog
{
  AdwWindow               parent_instance;

  /* Template widgets */
  GtkButton              *cancel_button;
  GtkButton              *close_button;
  GtkStack               *stack;
  AdwStatusPage          *progress_page;
  GtkProgressBar         *progress_bar;
  AdwPreferencesPage     *result_page;
  AdwPreferencesGroup    *added_group;
  AdwPreferencesGroup    *conflicts_group;

  /* Owned references */
  IntakeProject          *project;
  GCancellable           *cancellable;  /* only while merging */
  IntakeMergeSummary     *summary;      /* once done */

  IntakeMergeDialogState  state;
  gboolean                closed;       /* closed or destroyed with its parent: nobody sees it */
};

G_DEFINE_FINAL_TYPE (IntakeMergeDialog, intake_merge_dialog, ADW_TYPE_WINDOW)

static GtkWidget *
result_row (const char *title,
            const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static void
show_summary (IntakeMergeDialog *self)
{
  g_auto(GStrv) added = intake_merge_summary_list_added (self->summary);
  GPtrArray *conflicts = self->summary->conflicts;
  guint shown = MIN (conflicts->len, MAX_CONFLICT_ROWS);

  if (added[0] == NULL)
    adw_preferences_group_add (self->added_group,
                               result_row (_("Nothing new"),
                                           _("Everything in these projects was in this one already")));
  for (guint i = 0; added[i] != NULL; i++)
    adw_preferences_group_add (self->added_group, result_row (added[i], NULL));

  gtk_widget_set_visible (GTK_WIDGET (self->conflicts_group), conflicts->len > 0);
  for (guint i = 0; i < shown; i++)
    {
      IntakeMergeConflict *conflict = g_ptr_array_index (conflicts, i);
      g_autofree char *what = intake_merge_conflict_describe (conflict);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, conflict->submission_id);

      /* Translators: "Submission 12: attribute “School board”" */
      title = g_strdup_printf (_("Submission %s: %s"), id, what);
      /* Translators: this project's value, then the other project's file and its value */
      subtitle = g_strdup_printf (_("Here “%s”, in %s “%s”"), conflict->ours, conflict->file, conflict->theirs);
      adw_preferences_group_add (self->conflicts_group, result_row (title, subtitle));
    }
  if (conflicts->len > shown)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "And %u more conflict",
                                                            "And %u more conflicts",
                                                            conflicts->len - shown),
                                               conflicts->len - shown);

      adw_preferences_group_add (self->conflicts_group,
                                 result_row (more, _("“feedback-intake merge --json” lists them all")));
    }

  gtk_stack_set_visible_child_name (self->stack, "result");
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  IntakeMergeDialog *self = user_data;

  if (self->state == INTAKE_MERGE_DIALOG_MERGING && !self->closed)
    gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
}

static void
merged_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(IntakeMergeDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkWindow *parent;

  self->summary = intake_project_merge_finish (INTAKE_PROJECT (source), result, &error);
  g_clear_object (&self->cancellable);
  g_application_release (g_application_get_default ());
  self->state = self->summary != NULL ? INTAKE_MERGE_DIALOG_DONE : INTAKE_MERGE_DIALOG_STOPPED;

  /* Closed while it ran: the close cancelled it, and nobody is looking. */
  if (self->closed)
    return;

  if (self->summary != NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->close_button), TRUE);
      gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->close_button));
      gtk_widget_grab_focus (GTK_WIDGET (self->close_button));
      show_summary (self);
      return;
    }

  /* The project is as it was: the window says why, where it stays. */
  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && parent != NULL)
    intake_show_error (GTK_WIDGET (parent), _("Could not merge the projects"), error);
  gtk_window_close (GTK_WINDOW (self));
}

static void
start (IntakeMergeDialog *self,
       GListModel        *files)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) paths = NULL;
  g_autofree char *list = NULL;
  guint n = g_list_model_get_n_items (files);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);
      g_autofree char *path = g_file_get_path (file);

      /* A file without a local path is refused by the core, naming it. */
      g_strv_builder_add (builder, path ? path : g_file_peek_path (file) ? g_file_peek_path (file) : "");
      g_ptr_array_add (names, g_file_get_basename (file));
    }
  paths = g_strv_builder_end (builder);
  g_ptr_array_add (names, NULL);
  list = g_strjoinv (", ", (char **) names->pdata);
  adw_status_page_set_description (self->progress_page, list);

  self->cancellable = g_cancellable_new ();
  self->state = INTAKE_MERGE_DIALOG_MERGING;
  /* The application stays until the merge is done or cancelled. */
  g_application_hold (g_application_get_default ());
  intake_project_merge_async (self->project, (const char * const *) paths,
                              progress_cb, g_object_ref (self), g_object_unref,
                              self->cancellable, merged_cb, g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  IntakeMergeDialog *self = INTAKE_MERGE_DIALOG (widget);

  if (self->state == INTAKE_MERGE_DIALOG_MERGING)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

/* Closing stops the merge, and the project stays as it was. */
static void
stop (IntakeMergeDialog *self)
{
  self->closed = TRUE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
intake_merge_dialog_unrealize (GtkWidget *widget)
{
  stop (INTAKE_MERGE_DIALOG (widget));

  GTK_WIDGET_CLASS (intake_merge_dialog_parent_class)->unrealize (widget);
}

static void
intake_merge_dialog_dispose (GObject *object)
{
  IntakeMergeDialog *self = INTAKE_MERGE_DIALOG (object);

  stop (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), INTAKE_TYPE_MERGE_DIALOG);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (intake_merge_dialog_parent_class)->dispose (object);
}

static void
intake_merge_dialog_finalize (GObject *object)
{
  IntakeMergeDialog *self = INTAKE_MERGE_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->summary, intake_merge_summary_free);

  G_OBJECT_CLASS (intake_merge_dialog_parent_class)->finalize (object);
}

static void
intake_merge_dialog_class_init (IntakeMergeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = intake_merge_dialog_dispose;
  object_class->finalize = intake_merge_dialog_finalize;
  widget_class->unrealize = intake_merge_dialog_unrealize;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/argylepr/FeedbackIntake/ui/intake-merge-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, IntakeMergeDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, IntakeMergeDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, IntakeMergeDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, IntakeMergeDialog, progress_page);
  gtk_widget_class_bind_template_child (widget_class, IntakeMergeDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, IntakeMergeDialog, result_page);
  gtk_widget_class_bind_template_child (widget_class, IntakeMergeDialog, added_group);
  gtk_widget_class_bind_template_child (widget_class, IntakeMergeDialog, conflicts_group);

  gtk_widget_class_install_action (widget_class, "merge.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "merge.cancel", NULL);
}

static void
intake_merge_dialog_init (IntakeMergeDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  intake_accessible_name_by_mnemonics (GTK_WIDGET (self));
}

GtkWidget *
intake_merge_dialog_new (GtkWindow     *parent,
                         IntakeProject *project,
                         GListModel    *files)
{
  IntakeMergeDialog *self;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (INTAKE_IS_PROJECT (project), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (files), NULL);

  self = g_object_new (INTAKE_TYPE_MERGE_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->project = g_object_ref (project);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->cancel_button));
  start (self, files);

  return GTK_WIDGET (self);
}

IntakeMergeDialogState
intake_merge_dialog_get_state (IntakeMergeDialog *self)
{
  g_return_val_if_fail (INTAKE_IS_MERGE_DIALOG (self), INTAKE_MERGE_DIALOG_STOPPED);

  return self->state;
}

const IntakeMergeSummary *
intake_merge_dialog_get_summary (IntakeMergeDialog *self)
{
  g_return_val_if_fail (INTAKE_IS_MERGE_DIALOG (self), NULL);

  return self->summary;
}
