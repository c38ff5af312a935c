/* Copying the window's project for one reviewer: the Copy for Reviewer
 * dialog, and a toast once the copy is saved. */
#define G_LOG_DOMAIN "intake-window"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-copy-dialog.h"
#include "intake-window-private.h"

static void
copied_cb (IntakeCopyDialog *dialog,
           GFile            *file,
           IntakeWindow     *self)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *display = g_filename_display_name (name);
  g_autofree char *text = NULL;

  /* Translators: %s is the copy's file name */
  text = g_strdup_printf (_("Copy for reviewer saved as “%s”"), display);
  _intake_window_show_toast (self, text);
}

/**
 * _intake_window_copy_for_reviewer:
 *
 * Opens the Copy for Reviewer dialog over the window.
 */
void
_intake_window_copy_for_reviewer (IntakeWindow *self)
{
  GtkWidget *dialog;

  if (intake_project_get_path (self->project) == NULL)
    {
      _intake_window_show_toast (self, _("Save the project to a file to copy it for a reviewer"));
      return;
    }

  /* One at a time: the one open may be writing. */
  if (self->copy_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->copy_dialog));
      return;
    }

  dialog = intake_copy_dialog_new (GTK_WINDOW (self), self->project);
  g_signal_connect_object (dialog, "copied", G_CALLBACK (copied_cb), self, 0);
  self->copy_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->copy_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Closes the dialog, which stops its copy: the file that was there stays. */
void
_intake_window_copy_close (IntakeWindow *self)
{
  GtkWidget *dialog = self->copy_dialog;

  if (dialog == NULL)
    return;

  g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->copy_dialog);
  self->copy_dialog = NULL;
  gtk_window_destroy (GTK_WINDOW (dialog));
}
