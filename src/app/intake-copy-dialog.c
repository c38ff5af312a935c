/* The Copy for Reviewer dialog: all submissions or a random reliability
 * sample, with or without the others' codings and memos; then the file,
 * and the copy written on a worker thread with its progress and Cancel. */
#define G_LOG_DOMAIN "intake-copy-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "intake-accessible.h"
#include "intake-copy-dialog.h"
#include "intake-error.h"
#include "intake-window.h"

#define PROJECT_SUFFIX ".intake"
/* A reliability sample starts at a tenth of the submissions. */
#define DEFAULT_SAMPLE_SHARE 0.1

struct _IntakeCopyDialog
{
  AdwWindow              parent_instance;

  /* Template widgets */
  AdwToastOverlay       *toast_overlay;
  GtkButton             *cancel_button;
  GtkButton             *save_button;
  AdwPreferencesPage    *page;
  GtkCheckButton        *all_check;
  GtkCheckButton        *sample_check;
  AdwActionRow          *size_row;
  GtkSpinButton         *size_spin;
  GtkAdjustment         *size_adjustment;
  AdwActionRow          *seed_row;
  GtkSpinButton         *seed_spin;
  GtkSwitch             *blind_switch;
  GtkRevealer           *progress_revealer;
  GtkLabel              *progress_label;
  GtkProgressBar        *progress_bar;

  /* Owned references */
  IntakeProject         *project;
  GCancellable          *cancellable;        /* only while writing */
  GCancellable          *count_cancellable;  /* while the submissions are counted */
  GFile                 *file;               /* written to */
  GtkFileChooserNative  *chooser;            /* only while choosing the file */

  IntakeCopyDialogState  state;
  gboolean               ready;    /* the submissions are counted */
  gboolean               closed;   /* closed or destroyed with its parent: nobody sees it */
};

G_DEFINE_FINAL_TYPE (IntakeCopyDialog, intake_copy_dialog, ADW_TYPE_WINDOW)

enum { COPIED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
update_state (IntakeCopyDialog *self)
{
  gboolean form = self->state == INTAKE_COPY_DIALOG_FORM;
  gboolean sample = gtk_check_button_get_active (self->sample_check);

  gtk_widget_set_sensitive (GTK_WIDGET (self->size_row), sample && self->ready);
  gtk_widget_set_sensitive (GTK_WIDGET (self->seed_row), sample);
  gtk_widget_set_sensitive (GTK_WIDGET (self->page), form);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "copy.save", form && self->ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "copy.new-seed", form && sample);
  gtk_revealer_set_reveal_child (self->progress_revealer, !form);
}

static void
form_changed_cb (IntakeCopyDialog *self)
{
  update_state (self);
}

/* The sample is drawn from the submissions that are not excluded. */
static void
counted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(IntakeCopyDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;
  IntakeProgress progress;
  guint available;

  if (!intake_project_get_progress_finish (INTAKE_PROJECT (source), result, &progress, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !self->closed)
        intake_show_error (GTK_WIDGET (self->toast_overlay), _("Could not count the submissions"), error);
      return;
    }
  g_clear_object (&self->count_cancellable);

  available = progress.total - MIN (progress.excluded, progress.total);
  gtk_adjustment_set_upper (self->size_adjustment, MAX (available, 1));
  gtk_adjustment_set_value (self->size_adjustment, MAX (1, (guint) round (available * DEFAULT_SAMPLE_SHARE)));

  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Out of %u submission not excluded",
                                           "Out of %u submissions not excluded",
                                           available),
                              available);
  adw_action_row_set_subtitle (self->size_row, subtitle);

  self->ready = TRUE;
  update_state (self);
}

void
intake_copy_dialog_get_options (IntakeCopyDialog  *self,
                                IntakeCopyOptions *options)
{
  g_return_if_fail (INTAKE_IS_COPY_DIALOG (self));
  g_return_if_fail (options != NULL);

  *options = (IntakeCopyOptions) { 0, };
  if (gtk_check_button_get_active (self->sample_check))
    {
      options->sample = (guint) gtk_spin_button_get_value_as_int (self->size_spin);
      options->seed = (guint32) gtk_spin_button_get_value (self->seed_spin);
    }
  options->blind = gtk_switch_get_active (self->blind_switch);
}

/* Writing */

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  IntakeCopyDialog *self = user_data;

  if (self->state == INTAKE_COPY_DIALOG_WRITING && !self->closed)
    gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
}

static void
copied_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(IntakeCopyDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = intake_project_write_copy_finish (INTAKE_PROJECT (source), result, NULL, &error);
  g_clear_object (&self->cancellable);
  g_application_release (g_application_get_default ());
  self->state = INTAKE_COPY_DIALOG_FORM;

  /* Closed while it ran: the close cancelled it, and nobody is looking. */
  if (self->closed)
    return;

  if (ok)
    {
      g_signal_emit (self, signals[COPIED], 0, self->file);
      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  g_clear_object (&self->file);
  update_state (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->save_button));

  /* The core keeps the file that was there. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Copy cancelled")));
  else
    intake_show_error (GTK_WIDGET (self->toast_overlay), _("Could not save the copy"), error);
}

void
intake_copy_dialog_copy_to (IntakeCopyDialog *self,
                            GFile            *file)
{
  IntakeCopyOptions options;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *display = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (INTAKE_IS_COPY_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->state == INTAKE_COPY_DIALOG_WRITING)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                                     _("Copies are saved to local files only"));

      intake_show_error (GTK_WIDGET (self->toast_overlay), _("Could not save the copy"), error);
      return;
    }

  intake_copy_dialog_get_options (self, &options);
  g_set_object (&self->file, file);
  self->cancellable = g_cancellable_new ();
  self->state = INTAKE_COPY_DIALOG_WRITING;

  name = g_file_get_basename (file);
  display = g_filename_display_name (name);
  /* Translators: %s is the name of the file being written */
  label = g_strdup_printf (_("Saving “%s”…"), display);
  gtk_label_set_text (self->progress_label, label);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  update_state (self);
  /* The focus was in the form, now insensitive; Cancel is what is left. */
  gtk_widget_grab_focus (GTK_WIDGET (self->cancel_button));

  /* The application stays until the copy is written or cancelled. */
  g_application_hold (g_application_get_default ());
  intake_project_write_copy_async (self->project, path, &options,
                                   progress_cb, g_object_ref (self), g_object_unref,
                                   self->cancellable, copied_cb, g_object_ref (self));
}

/* Choosing the file */

static char *
suggested_name (IntakeCopyDialog *self)
{
  const char *path = intake_project_get_path (self->project);
  g_autofree char *name = path ? g_filename_display_basename (path) : g_strdup (_("Consultation"));

  if (g_str_has_suffix (name, PROJECT_SUFFIX) && strlen (name) > strlen (PROJECT_SUFFIX))
    name[strlen (name) - strlen (PROJECT_SUFFIX)] = '\0';

  /* Translators: the file name suggested for a reviewer's copy; %s is the
   * project's name; keep the .intake extension */
  return g_strdup_printf (_("%s reviewer copy.intake"), name);
}

static void
close_chooser (IntakeCopyDialog *self)
{
  if (self->chooser == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->chooser, self);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
}

static void
chooser_response_cb (GtkNativeDialog  *native,
                     int               response,
                     IntakeCopyDialog *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  close_chooser (self);

  if (file != NULL && !self->closed)
    intake_copy_dialog_copy_to (self, file);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  IntakeCopyDialog *self = INTAKE_COPY_DIALOG (widget);
  GtkFileChooserNative *native;
  g_autofree char *name = NULL;
  const char *path = intake_project_get_path (self->project);

  if (self->state != INTAKE_COPY_DIALOG_FORM || self->chooser != NULL)
    return;

  native = gtk_file_chooser_native_new (_("Save Copy for Reviewer"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);

  name = suggested_name (self);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  intake_window_add_project_filter (GTK_FILE_CHOOSER (native));
  if (path != NULL)
    {
      g_autoptr(GFile) project_file = g_file_new_for_path (path);
      g_autoptr(GFile) folder = g_file_get_parent (project_file);

      if (folder != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);
    }

  self->chooser = native;
  g_signal_connect (native, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  IntakeCopyDialog *self = INTAKE_COPY_DIALOG (widget);

  if (self->state == INTAKE_COPY_DIALOG_WRITING)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
new_seed_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  IntakeCopyDialog *self = INTAKE_COPY_DIALOG (widget);

  gtk_spin_button_set_value (self->seed_spin, g_random_int ());
}

/* GtkWindow */

/* Closing stops the copy, and the file that was there stays. */
static void
stop (IntakeCopyDialog *self)
{
  self->closed = TRUE;
  close_chooser (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->count_cancellable != NULL)
    g_cancellable_cancel (self->count_cancellable);
}

static void
intake_copy_dialog_unrealize (GtkWidget *widget)
{
  stop (INTAKE_COPY_DIALOG (widget));

  GTK_WIDGET_CLASS (intake_copy_dialog_parent_class)->unrealize (widget);
}

/* GObject */

static void
intake_copy_dialog_dispose (GObject *object)
{
  IntakeCopyDialog *self = INTAKE_COPY_DIALOG (object);

  stop (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), INTAKE_TYPE_COPY_DIALOG);
  g_clear_object (&self->project);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (intake_copy_dialog_parent_class)->dispose (object);
}

static void
intake_copy_dialog_finalize (GObject *object)
{
  IntakeCopyDialog *self = INTAKE_COPY_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->count_cancellable);

  G_OBJECT_CLASS (intake_copy_dialog_parent_class)->finalize (object);
}

static void
intake_copy_dialog_class_init (IntakeCopyDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = intake_copy_dialog_dispose;
  object_class->finalize = intake_copy_dialog_finalize;
  widget_class->unrealize = intake_copy_dialog_unrealize;

  /**
   * IntakeCopyDialog::copied:
   * @file: the copy written
   *
   * The copy is saved; the dialog closes next.
   */
  signals[COPIED] =
    g_signal_new ("copied",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_FILE);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/argylepr/FeedbackIntake/ui/intake-copy-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, IntakeCopyDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, IntakeCopyDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, IntakeCopyDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, IntakeCopyDialog, page);
  gtk_widget_class_bind_template_child (widget_class, IntakeCopyDialog, all_check);
  gtk_widget_class_bind_template_child (widget_class, IntakeCopyDialog, sample_check);
  gtk_widget_class_bind_template_child (widget_class, IntakeCopyDialog, size_row);
  gtk_widget_class_bind_template_child (widget_class, IntakeCopyDialog, size_spin);
  gtk_widget_class_bind_template_child (widget_class, IntakeCopyDialog, size_adjustment);
  gtk_widget_class_bind_template_child (widget_class, IntakeCopyDialog, seed_row);
  gtk_widget_class_bind_template_child (widget_class, IntakeCopyDialog, seed_spin);
  gtk_widget_class_bind_template_child (widget_class, IntakeCopyDialog, blind_switch);
  gtk_widget_class_bind_template_child (widget_class, IntakeCopyDialog, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, IntakeCopyDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, IntakeCopyDialog, progress_bar);

  gtk_widget_class_install_action (widget_class, "copy.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "copy.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "copy.new-seed", NULL, new_seed_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "copy.cancel", NULL);
}

static void
intake_copy_dialog_init (IntakeCopyDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  intake_accessible_name_by_mnemonics (GTK_WIDGET (self));

  gtk_spin_button_set_value (self->seed_spin, g_random_int ());
  g_signal_connect_object (self->sample_check, "notify::active",
                           G_CALLBACK (form_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
intake_copy_dialog_new (GtkWindow     *parent,
                        IntakeProject *project)
{
  IntakeCopyDialog *self;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (INTAKE_IS_PROJECT (project), NULL);

  self = g_object_new (INTAKE_TYPE_COPY_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->project = g_object_ref (project);

  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->save_button));
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->all_check));

  self->count_cancellable = g_cancellable_new ();
  intake_project_get_progress_async (project, self->count_cancellable, counted_cb, g_object_ref (self));
  update_state (self);

  return GTK_WIDGET (self);
}

IntakeCopyDialogState
intake_copy_dialog_get_state (IntakeCopyDialog *self)
{
  g_return_val_if_fail (INTAKE_IS_COPY_DIALOG (self), INTAKE_COPY_DIALOG_FORM);

  return self->state;
}

gboolean
intake_copy_dialog_get_ready (IntakeCopyDialog *self)
{
  g_return_val_if_fail (INTAKE_IS_COPY_DIALOG (self), FALSE);

  return self->ready;
}
