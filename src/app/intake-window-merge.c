/* Merging reviewers' projects into the window's: the files chosen, what
 * the merge will do confirmed (it is no undo step), then the Merge
 * Reviewer Projects dialog with its progress and its result. */
#define G_LOG_DOMAIN "intake-window"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-accessible.h"
#include "intake-merge-dialog.h"
#include "intake-window-private.h"

static void
start_merge (IntakeWindow *self,
             GListModel   *files)
{
  GtkWidget *dialog;

  if (self->merge_dialog != NULL)
    return;

  dialog = intake_merge_dialog_new (GTK_WINDOW (self), self->project, files);
  self->merge_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->merge_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     IntakeWindow     *self)
{
  GListModel *files = g_object_get_data (G_OBJECT (dialog), "files");

  if (g_strcmp0 (response, "merge") == 0)
    start_merge (self, files);
}

void
intake_window_merge_files (IntakeWindow *self,
                           GListModel   *files)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *project_name = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *list = NULL;
  GtkWidget *dialog;
  guint n;

  g_return_if_fail (INTAKE_IS_WINDOW (self));
  g_return_if_fail (G_IS_LIST_MODEL (files));

  n = g_list_model_get_n_items (files);
  if (n == 0)
    return;
  if (self->merge_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->merge_dialog));
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);
      g_autofree char *name = g_file_get_basename (file);

      g_ptr_array_add (names, g_strdup_printf ("“%s”", name));
    }
  g_ptr_array_add (names, NULL);
  list = g_strjoinv (", ", (char **) names->pdata);
  project_name = g_filename_display_basename (intake_project_get_path (self->project));

  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Merge %u Reviewer Project?",
                                          "Merge %u Reviewer Projects?", n),
                             n);
  /* Translators: the first %s lists the reviewers' projects, the second is this project */
  body = g_strdup_printf (_("The codings, memos, attributes, statuses and activity of %s, and the submissions"
                            " this project lacks, are added to “%s”. Where both hold a different value, this"
                            " project’s is kept and listed. A merge is not undone with Undo."),
                          list, project_name);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "merge", _("_Merge"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "merge", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "merge");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  intake_accessible_name_by_mnemonics (dialog);
  g_object_set_data_full (G_OBJECT (dialog), "files", g_object_ref (files), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
close_chooser (IntakeWindow *self)
{
  if (self->merge_chooser == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->merge_chooser, self);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->merge_chooser));
  g_clear_object (&self->merge_chooser);
}

static void
chooser_response_cb (GtkNativeDialog *native,
                     int              response,
                     IntakeWindow    *self)
{
  g_autoptr(GListModel) files = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (native));
  close_chooser (self);

  if (files != NULL)
    intake_window_merge_files (self, files);
}

/**
 * _intake_window_merge_projects:
 *
 * Asks for the reviewers' projects to merge into the window's.
 */
void
_intake_window_merge_projects (IntakeWindow *self)
{
  GtkFileChooserNative *native;
  const char *path = intake_project_get_path (self->project);

  if (path == NULL)
    {
      _intake_window_show_toast (self, _("Save the project to a file to merge reviewers’ projects into it"));
      return;
    }

  if (self->merge_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->merge_dialog));
      return;
    }
  if (self->merge_chooser != NULL)
    return;

  native = gtk_file_chooser_native_new (_("Merge Reviewer Projects"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), TRUE);
  intake_window_add_project_filter (GTK_FILE_CHOOSER (native));
  {
    g_autoptr(GFile) project_file = g_file_new_for_path (path);
    g_autoptr(GFile) folder = g_file_get_parent (project_file);

    if (folder != NULL)
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);
  }

  self->merge_chooser = native;
  g_signal_connect (native, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* Closes the dialog, which cancels a merge under way: the project stays as it was. */
void
_intake_window_merge_close (IntakeWindow *self)
{
  GtkWidget *dialog = self->merge_dialog;

  close_chooser (self);
  if (dialog == NULL)
    return;

  g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->merge_dialog);
  self->merge_dialog = NULL;
  gtk_window_destroy (GTK_WINDOW (dialog));
}
