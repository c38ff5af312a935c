/* REFI-QDA projects from the window: Export REFI-QDA Project… writes the
 * open project as a .qdpx and then says what the format could not carry;
 * Import REFI-QDA Project… asks for a .qdpx and where to save the new
 * project, and opens it. Both run on a worker thread behind a dialog with
 * progress and Cancel. */
#define G_LOG_DOMAIN "intake-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "intake-accessible.h"
#include "intake-error.h"
#include "intake-qdpx.h"
#include "intake-window-private.h"

#define QDPX_SUFFIX ".qdpx"
#define PROJECT_SUFFIX ".intake"

typedef struct
{
  IntakeWindow     *self;
  GtkWidget        *dialog;       /* the progress dialog, until the end */
  GtkProgressBar   *bar;
  GCancellable     *cancellable;
  GFile            *file;         /* what is written: the .qdpx or the new project */
} Job;

/* The dialog goes with its window: closing the window stops the job,
 * and the file that was there stays. */
static void
progress_destroyed_cb (GtkWidget *dialog,
                       Job       *job)
{
  job->dialog = NULL;
  g_cancellable_cancel (job->cancellable);
}

static void
close_progress (Job *job)
{
  GtkWidget *dialog = g_steal_pointer (&job->dialog);

  if (dialog == NULL)
    return;
  g_signal_handlers_disconnect_by_data (dialog, job);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
job_free (Job *job)
{
  close_progress (job);
  g_object_unref (job->self);
  g_object_unref (job->cancellable);
  g_object_unref (job->file);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  Job *job = user_data;

  gtk_progress_bar_set_fraction (job->bar, fraction);
}

static void
progress_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      Job              *job)
{
  /* Cancelling leaves the file that was there; the dialog goes at the end. */
  g_cancellable_cancel (job->cancellable);
  adw_message_dialog_set_body (dialog, _("Stopping…"));
}

static gboolean
keep_open_cb (GtkWindow *window)
{
  return TRUE;
}

static Job *
start_job (IntakeWindow *self,
           GFile        *file,
           const char   *heading)
{
  Job *job = g_new0 (Job, 1);
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *display = g_filename_display_name (name);
  g_autofree char *body = NULL;
  GtkWidget *bar;

  job->self = g_object_ref (self);
  job->cancellable = g_cancellable_new ();
  job->file = g_object_ref (file);

  /* Translators: %s is the file being written */
  body = g_strdup_printf (_("Writing “%s”…"), display);
  job->dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (job->dialog), "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (job->dialog), "cancel");

  bar = gtk_progress_bar_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Progress"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (job->dialog), bar);
  job->bar = GTK_PROGRESS_BAR (bar);

  /* The response does not close the dialog: it stays until the worker is done. */
  g_signal_connect (job->dialog, "response", G_CALLBACK (progress_response_cb), job);
  g_signal_connect (job->dialog, "close-request", G_CALLBACK (keep_open_cb), NULL);
  g_signal_connect (job->dialog, "destroy", G_CALLBACK (progress_destroyed_cb), job);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (job->dialog), TRUE);
  intake_accessible_name_by_mnemonics (job->dialog);
  gtk_window_present (GTK_WINDOW (job->dialog));

  return job;
}

/* ---- Export ---- */

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  g_autoptr(IntakeQdpxSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *name = g_file_get_basename (job->file);
  g_autofree char *display = g_filename_display_name (name);
  const char * const *not_carried = intake_qdpx_not_carried ();
  IntakeWindow *self = job->self;
  GtkWidget *dialog;

  summary = intake_qdpx_export_finish (result, &error);
  close_progress (job);

  /* The window may have been closed meanwhile. */
  if (self->toast_overlay == NULL)
    return;
  if (summary == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _intake_window_show_toast (self, _("Export cancelled"));
      else
        intake_show_error (GTK_WIDGET (self->toast_overlay), _("Could not export the project"), error);
      return;
    }

  /* As the standard asks: say what the other program will not find. */
  g_string_append_printf (body,
                          /* Translators: "Saved as “Consultation.qdpx”: 120 submissions." */
                          ngettext ("Saved as “%s”: %'u submission.", "Saved as “%s”: %'u submissions.",
                                    summary->sources),
                          display, summary->sources);
  g_string_append_c (body, ' ');
  g_string_append_printf (body, ngettext ("%'u coding.", "%'u codings.", summary->codings), summary->codings);
  g_string_append (body, "\n\n");
  g_string_append (body, _("A REFI-QDA project cannot carry:"));
  for (guint i = 0; not_carried[i] != NULL; i++)
    g_string_append_printf (body, "\n• %s", not_carried[i]);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("REFI-QDA Project Exported"), body->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  intake_accessible_name_by_mnemonics (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * intake_window_export_qdpx:
 * @file: where to write the .qdpx
 *
 * Writes the window's project to @file on a worker thread behind a dialog
 * with progress and Cancel, then says what the file could not carry.
 */
void
intake_window_export_qdpx (IntakeWindow *self,
                           GFile        *file)
{
  g_autofree char *path = NULL;
  Job *job;

  g_return_if_fail (INTAKE_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL || intake_project_get_path (self->project) == NULL)
    {
      _intake_window_show_toast (self, _("The project can only be exported to a local file"));
      return;
    }

  job = start_job (self, file, _("Exporting REFI-QDA Project"));
  intake_qdpx_export_async (intake_project_get_path (self->project), path, progress_cb, job, NULL,
                            job->cancellable, exported_cb, job);
}

static void
export_chosen_cb (GtkNativeDialog *native,
                  int              response,
                  IntakeWindow    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      intake_window_export_qdpx (self, file);
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
add_qdpx_filter (GtkFileChooser *chooser)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("REFI-QDA Projects"));
  gtk_file_filter_add_suffix (filter, "qdpx");
  gtk_file_chooser_add_filter (chooser, filter);
}

/**
 * _intake_window_export_qdpx:
 *
 * Asks where to save the project as a .qdpx and writes it there.
 */
void
_intake_window_export_qdpx (IntakeWindow *self)
{
  const char *project_path = intake_project_get_path (self->project);
  g_autofree char *base = NULL;
  g_autofree char *display = NULL;
  g_autofree char *suggested = NULL;
  GtkFileChooserNative *native;

  if (project_path == NULL)
    {
      _intake_window_show_toast (self, _("Save the project to a file to export it"));
      return;
    }

  base = g_path_get_basename (project_path);
  display = g_filename_display_name (base);
  if (g_str_has_suffix (display, PROJECT_SUFFIX))
    display[strlen (display) - strlen (PROJECT_SUFFIX)] = '\0';
  suggested = g_strconcat (display, QDPX_SUFFIX, NULL);

  native = gtk_file_chooser_native_new (_("Export REFI-QDA Project"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), suggested);
  add_qdpx_filter (GTK_FILE_CHOOSER (native));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect_object (native, "response", G_CALLBACK (export_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* ---- Import ---- */

static void
imported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  g_autoptr(IntakeQdpxSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  IntakeWindow *self = job->self;

  summary = intake_qdpx_import_finish (result, &error);
  close_progress (job);

  if (self->toast_overlay == NULL)
    return;
  if (summary == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _intake_window_show_toast (self, _("Import cancelled"));
      else
        intake_show_error (GTK_WIDGET (self->toast_overlay), _("Could not import the REFI-QDA project"), error);
      return;
    }

  g_string_append_printf (text,
                          ngettext ("Imported %'u submission", "Imported %'u submissions", summary->sources),
                          summary->sources);
  if (summary->skipped->len > 0)
    {
      g_string_append (text, " · ");
      g_string_append_printf (text, ngettext ("%'u item skipped", "%'u items skipped", summary->skipped->len),
                              summary->skipped->len);
      for (guint i = 0; i < summary->skipped->len; i++)
        g_message ("%s", (const char *) g_ptr_array_index (summary->skipped, i));
    }
  _intake_window_switch_to_project (self, job->file, text->str);
}

/**
 * intake_window_import_qdpx:
 * @qdpx: a REFI-QDA project
 * @project: the new project to make from it; a file there is replaced
 *   once the import is whole
 *
 * Makes @project from @qdpx on a worker thread behind a dialog with
 * progress and Cancel, then opens it in place of the window's.
 */
void
intake_window_import_qdpx (IntakeWindow *self,
                           GFile        *qdpx,
                           GFile        *project)
{
  g_autofree char *path = NULL;
  g_autofree char *qdpx_path = NULL;
  const char *open_path;
  const char *reviewer;
  g_autoptr(GFile) open_file = NULL;
  Job *job;

  g_return_if_fail (INTAKE_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (qdpx));
  g_return_if_fail (G_IS_FILE (project));

  path = g_file_get_path (project);
  qdpx_path = g_file_get_path (qdpx);
  open_path = intake_project_get_path (self->project);
  reviewer = intake_project_get_reviewer (self->project);
  if (open_path != NULL)
    open_file = g_file_new_for_path (open_path);

  if (path == NULL || qdpx_path == NULL)
    {
      _intake_window_show_toast (self, _("A REFI-QDA project can only be imported from and to local files"));
      return;
    }
  if (open_file != NULL && g_file_equal (project, open_file))
    {
      _intake_window_show_toast (self, _("The open project cannot be replaced: choose another name"));
      return;
    }

  job = start_job (self, project, _("Importing REFI-QDA Project"));
  intake_qdpx_import_async (qdpx_path, path, reviewer != NULL ? reviewer : "REFI-QDA",
                            progress_cb, job, NULL, job->cancellable, imported_cb, job);
}

static void
new_project_chosen_cb (GtkNativeDialog *native,
                       int              response,
                       IntakeWindow    *self)
{
  GFile *qdpx = g_object_get_data (G_OBJECT (native), "qdpx");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *basename = g_file_get_basename (chosen);
      g_autoptr(GFile) file = NULL;

      if (g_str_has_suffix (basename, PROJECT_SUFFIX))
        file = g_object_ref (chosen);
      else
        {
          g_autoptr(GFile) parent = g_file_get_parent (chosen);
          g_autofree char *name = g_strconcat (basename, PROJECT_SUFFIX, NULL);

          file = g_file_get_child (parent, name);
        }
      intake_window_import_qdpx (self, qdpx, file);
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

/* Asks where to save the project made from @qdpx. */
static void
choose_new_project (IntakeWindow *self,
                    GFile        *qdpx)
{
  g_autofree char *base = g_file_get_basename (qdpx);
  g_autofree char *display = g_filename_display_name (base);
  g_autofree char *suggested = NULL;
  GtkFileChooserNative *native;

  if (g_str_has_suffix (display, QDPX_SUFFIX))
    display[strlen (display) - strlen (QDPX_SUFFIX)] = '\0';
  suggested = g_strconcat (display, PROJECT_SUFFIX, NULL);

  native = gtk_file_chooser_native_new (_("Save the New Project"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("C_reate"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), suggested);
  intake_window_add_project_filter (GTK_FILE_CHOOSER (native));
  g_object_set_data_full (G_OBJECT (native), "qdpx", g_object_ref (qdpx), g_object_unref);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect_object (native, "response", G_CALLBACK (new_project_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
qdpx_chosen_cb (GtkNativeDialog *native,
                int              response,
                IntakeWindow    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      choose_new_project (self, file);
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

/**
 * _intake_window_import_qdpx:
 * @file: (nullable): the .qdpx, or %NULL to ask for it
 *
 * Makes a new project from a REFI-QDA project and opens it, asking first
 * where to save it.
 */
void
_intake_window_import_qdpx (IntakeWindow *self,
                            GFile        *file)
{
  GtkFileChooserNative *native;

  if (file != NULL)
    {
      choose_new_project (self, file);
      return;
    }

  native = gtk_file_chooser_native_new (_("Import REFI-QDA Project"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  add_qdpx_filter (GTK_FILE_CHOOSER (native));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect_object (native, "response", G_CALLBACK (qdpx_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}
