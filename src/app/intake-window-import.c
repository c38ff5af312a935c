/* Importing into the window's project: the file chooser, dropped files and
 * the sample all start one import, shown by the progress bar and ended by
 * a toast. */
#define G_LOG_DOMAIN "intake-window"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "intake-application.h"
#include "intake-csv-import-dialog.h"
#include "intake-error.h"
#include "intake-window-private.h"

#define SAMPLE_RESOURCE "/com/argylepr/FeedbackIntake/sample/sample.mbox"

static void
importer_progress_cb (IntakeWindow   *self,
                      GParamSpec     *pspec,
                      IntakeImporter *importer)
{
  guint messages = intake_importer_get_messages (importer);
  guint64 bytes = intake_importer_get_bytes (importer);
  guint64 total = intake_importer_get_total_bytes (importer);
  g_autofree char *text = NULL;

  if (messages == 0)
    text = g_strdup (_("Reading mailbox…"));
  else
    text = g_strdup_printf (ngettext ("Importing %'u message…", "Importing %'u messages…", messages),
                            messages);
  gtk_label_set_text (self->progress_label, text);

  /* Show what has come in so far, every few seconds, so that a long import
   * can be read while it runs. Batches are committed, so the views see them. */
  if (messages > 0 && g_get_monotonic_time () - self->last_list_refresh > 3 * G_USEC_PER_SEC)
    {
      self->last_list_refresh = g_get_monotonic_time ();
      intake_project_notify_submissions_added (self->project);
    }

  if (total > 0)
    {
      g_autofree char *done = g_format_size (MIN (bytes, total));
      g_autofree char *all = g_format_size (total);
      g_autofree char *size = NULL;

      /* Translators: how much of the chosen files has been read, e.g. "3.2 MB of 12.0 MB" */
      size = g_strdup_printf (_("%s of %s"), done, all);
      gtk_label_set_text (self->bytes_label, size);
    }
  else
    gtk_label_set_text (self->bytes_label, "");
}

static char *
format_summary (const IntakeImportSummary *summary)
{
  GString *text = g_string_new (NULL);

  if (summary->cancelled)
    g_string_append_printf (text,
                            ngettext ("Import cancelled after %'u message",
                                      "Import cancelled after %'u messages",
                                      summary->imported),
                            summary->imported);
  else if (summary->seen == 0)
    g_string_append (text, _("No messages were found in the chosen files"));
  else if (summary->imported == 0)
    g_string_append (text, _("No new messages"));
  else
    g_string_append_printf (text,
                            ngettext ("Imported %'u message", "Imported %'u messages",
                                      summary->imported),
                            summary->imported);

  if (summary->duplicates > 0)
    {
      /* Translators: joins the parts of the import summary */
      g_string_append (text, _(", "));
      g_string_append_printf (text,
                              ngettext ("%'u duplicate", "%'u duplicates", summary->duplicates),
                              summary->duplicates);
    }

  if (summary->rejected > 0)
    {
      g_string_append (text, _(", "));
      g_string_append_printf (text,
                              ngettext ("%'u rejected", "%'u rejected", summary->rejected),
                              summary->rejected);
    }

  /* Files that hold no mail, and Outlook contacts, notes and the like. */
  if (summary->skipped != NULL && summary->skipped->len > 0)
    {
      g_string_append (text, _(", "));
      g_string_append_printf (text,
                              ngettext ("%'u item skipped", "%'u items skipped", summary->skipped->len),
                              summary->skipped->len);
    }

  return g_string_free (text, FALSE);
}

static void
show_summary (IntakeWindow              *self,
              const IntakeImportSummary *summary)
{
  g_autofree char *text = format_summary (summary);
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  AdwToast *toast = adw_toast_new (escaped);

  if (summary->rejected > 0 || (summary->errors != NULL && summary->errors->len > 0))
    {
      adw_toast_set_button_label (toast, _("_View"));
      adw_toast_set_action_name (toast, "win.show-rejections");
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_set_timeout (toast, 10);
    }

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
import_finished_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  IntakeProject *project = INTAKE_PROJECT (object);
  g_autoptr(IntakeWindow) self = user_data;
  g_autoptr(IntakeImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  GApplication *app;

  /* The project has said what the import added by now. */
  summary = intake_project_import_finish (project, result, &error);

  if (self->importer != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->importer, self);
      g_clear_object (&self->importer);
      g_clear_object (&self->cancellable);
    }

  /* Released even when the window was disposed meanwhile: the callback's
   * reference keeps the struct, and dispose leaves this field alone. */
  if ((app = g_steal_pointer (&self->held_application)))
    g_application_release (app);

  /* The window may have been closed while the import ran. */
  if (self->toast_overlay == NULL)
    return;

  _intake_window_set_busy (self, FALSE);

  if (summary == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _intake_window_show_toast (self, _("Import cancelled"));
      else
        intake_show_error (GTK_WIDGET (self->toast_overlay), _("Could not import"), error);
      return;
    }

  show_summary (self, summary);

  if (gtk_stack_get_visible_child_name (self->main_stack) != NULL &&
      g_str_equal (gtk_stack_get_visible_child_name (self->main_stack), "submissions") &&
      !gtk_widget_has_focus (GTK_WIDGET (self->list_view)))
    gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

/* Survey exports are read by the columns named, or guessed with @text_columns NULL. */
static gboolean
import_files_with_columns (IntakeWindow       *self,
                           GFile * const      *files,
                           guint               n_files,
                           const char * const *text_columns,
                           const char * const *attribute_columns,
                           const char         *id_column)
{
  GtkApplication *app;

  if (self->busy || n_files == 0)
    return FALSE;

  self->importer = intake_importer_new (self->store);
  if (text_columns != NULL)
    intake_importer_set_csv_columns (self->importer, text_columns, attribute_columns, id_column);
  self->cancellable = g_cancellable_new ();

  g_object_bind_property (self->importer, "fraction",
                          self->progress_bar, "fraction",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->importer, "notify::messages",
                           G_CALLBACK (importer_progress_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->importer, "notify::total-bytes",
                           G_CALLBACK (importer_progress_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->importer, "notify::bytes",
                           G_CALLBACK (importer_progress_cb), self,
                           G_CONNECT_SWAPPED);
  self->last_list_refresh = g_get_monotonic_time ();
  importer_progress_cb (self, NULL, self->importer);

  /* Keep the process alive until the worker is done, even if the window closes. */
  if ((app = gtk_window_get_application (GTK_WINDOW (self))))
    {
      g_application_hold (G_APPLICATION (app));
      self->held_application = G_APPLICATION (app);
    }

  _intake_window_set_busy (self, TRUE);

  intake_project_import_async (self->project, files, n_files, self->importer, self->cancellable,
                               import_finished_cb, g_object_ref (self));

  return TRUE;
}

/**
 * intake_window_import_files:
 * @self: a window
 * @files: (array length=n_files): mailbox files, Maildir folders or folders of messages
 * @n_files: the number of @files
 *
 * Starts importing @files into the window's project, showing progress and a
 * summary when done. The file chooser, the drop target and "Try a Sample"
 * all come through here.
 *
 * Returns: %FALSE if nothing was started (another import is running or
 *   @n_files is 0)
 */
gboolean
intake_window_import_files (IntakeWindow  *self,
                            GFile * const *files,
                            guint          n_files)
{
  g_return_val_if_fail (INTAKE_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (files != NULL || n_files == 0, FALSE);

  return import_files_with_columns (self, files, n_files, NULL, NULL, NULL);
}

void
intake_window_cancel_import (IntakeWindow *self)
{
  g_return_if_fail (INTAKE_IS_WINDOW (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/* The survey export's columns */

static void
csv_import_cb (IntakeCsvImportDialog *dialog,
               IntakeWindow          *self)
{
  const char * const *header = intake_csv_import_dialog_get_header (dialog);
  GArray *roles = intake_csv_import_dialog_get_roles (dialog);
  GPtrArray *files = g_object_get_data (G_OBJECT (dialog), "intake-files");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) text = NULL;
  g_auto(GStrv) attributes = NULL;
  g_autofree char *id = NULL;

  /* Not remembering the choice loses nothing of this import. */
  if (!intake_project_remember_csv_roles (self->project, header, roles, &error))
    intake_show_error (GTK_WIDGET (self->toast_overlay), _("Could not remember the survey’s columns"), error);

  intake_csv_roles_to_names (header, roles, &text, &attributes, &id);
  if (!import_files_with_columns (self, (GFile * const *) files->pdata, files->len,
                                  (const char * const *) text, (const char * const *) attributes, id))
    _intake_window_show_toast (self, _("Wait for the current import to finish"));
}

/**
 * intake_window_open_files:
 * @self: a window
 * @files: (array length=n_files): what the person chose or dropped
 * @n_files: the number of @files
 *
 * Imports @files as intake_window_import_files() does, but first asks
 * what the columns of a survey export among them are, in the CSV import
 * dialog; cancelling it imports nothing. The columns chosen apply to every
 * survey export of @files.
 *
 * Returns: %FALSE if nothing was started or asked
 */
gboolean
intake_window_open_files (IntakeWindow  *self,
                          GFile * const *files,
                          guint          n_files)
{
  g_autoptr(GPtrArray) kept = NULL;
  GFile *survey = NULL;
  GtkWidget *dialog;

  g_return_val_if_fail (INTAKE_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (files != NULL || n_files == 0, FALSE);

  if (self->busy || n_files == 0)
    return FALSE;

  /* A REFI-QDA project makes a project of its own, wherever it is saved. */
  if (n_files == 1)
    {
      g_autofree char *name = g_file_get_basename (files[0]);
      g_autofree char *lower = g_ascii_strdown (name, -1);

      if (g_str_has_suffix (lower, ".qdpx"))
        {
          _intake_window_import_qdpx (self, files[0]);
          return TRUE;
        }
    }

  for (guint i = 0; i < n_files && survey == NULL; i++)
    if (intake_importer_is_csv (files[i]))
      survey = files[i];

  if (survey == NULL)
    return intake_window_import_files (self, files, n_files);

  /* One question at a time. */
  if (self->csv_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->csv_dialog));
      return FALSE;
    }

  kept = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (kept, g_object_ref (files[i]));

  dialog = intake_csv_import_dialog_new (GTK_WINDOW (self), self->project, survey);
  g_object_set_data_full (G_OBJECT (dialog), "intake-files", g_steal_pointer (&kept),
                          (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (dialog, "import", G_CALLBACK (csv_import_cb), self, 0);
  self->csv_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->csv_dialog);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

void
_intake_window_import_dispose (IntakeWindow *self)
{
  GtkWidget *dialog = self->csv_dialog;

  if (dialog == NULL)
    return;

  g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->csv_dialog);
  self->csv_dialog = NULL;
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The file chooser */

static void
import_model_files (IntakeWindow *self,
                    GListModel   *model)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (files, g_list_model_get_item (model, i));

  intake_window_open_files (self, (GFile * const *) files->pdata, files->len);
}

static void
import_response_cb (GtkNativeDialog *native,
                    int              response,
                    IntakeWindow    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (native));

      import_model_files (self, files);
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

void
_intake_window_import_choose (IntakeWindow         *self,
                              GtkFileChooserAction  chooser_action)
{
  GtkFileChooserNative *native;
  gboolean folders = chooser_action == GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER;

  native = gtk_file_chooser_native_new (folders ? _("Import Folder") : _("Import Mailbox"),
                                        GTK_WINDOW (self),
                                        chooser_action,
                                        _("_Import"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), TRUE);

  if (!folders)
    {
      g_autoptr(GtkFileFilter) mail = gtk_file_filter_new ();
      g_autoptr(GtkFileFilter) surveys = gtk_file_filter_new ();
      g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

      gtk_file_filter_set_name (mail, _("Mailboxes and Messages"));
      gtk_file_filter_add_mime_type (mail, "application/mbox");
      gtk_file_filter_add_mime_type (mail, "message/rfc822");
      gtk_file_filter_add_mime_type (mail, "application/vnd.ms-outlook");
      gtk_file_filter_add_suffix (mail, "mbox");
      gtk_file_filter_add_suffix (mail, "mbx");
      gtk_file_filter_add_suffix (mail, "eml");
      gtk_file_filter_add_suffix (mail, "msg");
      gtk_file_filter_add_suffix (mail, "pst");
      gtk_file_filter_add_suffix (mail, "ost");
      gtk_file_filter_add_suffix (mail, "csv");
      gtk_file_filter_add_suffix (mail, "tsv");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), mail);

      gtk_file_filter_set_name (surveys, _("Survey Exports (CSV)"));
      gtk_file_filter_add_mime_type (surveys, "text/csv");
      gtk_file_filter_add_suffix (surveys, "csv");
      gtk_file_filter_add_suffix (surveys, "tsv");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), surveys);

      /* Thunderbird and others export mailboxes without an extension. */
      gtk_file_filter_set_name (all, _("All Files"));
      gtk_file_filter_add_pattern (all, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);
    }

  g_signal_connect_object (native, "response", G_CALLBACK (import_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* Try a Sample */

/* Imports the sample into @self's project, unless it holds it already. */
static void
import_sample_into (IntakeWindow *self)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *dir = NULL;
  IntakeStats stats;
  gconstpointer data;
  gsize size;

  if (!intake_store_get_stats (intake_project_get_store (self->project), &stats, &error))
    {
      intake_show_error (GTK_WIDGET (self->toast_overlay), _("Could not import the sample"), error);
      return;
    }
  if (stats.submissions > 0)
    return;

  bytes = g_resources_lookup_data (SAMPLE_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    {
      intake_show_error (GTK_WIDGET (self->toast_overlay), _("Could not import the sample"), error);
      return;
    }

  /* The importer reads files, so the sample is copied out of the resources. */
  dir = g_build_filename (g_get_user_cache_dir (), "feedback-intake", NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      intake_show_error (GTK_WIDGET (self->toast_overlay), _("Could not import the sample"), error);
      return;
    }

  file = g_file_new_build_filename (dir, "sample.mbox", NULL);
  data = g_bytes_get_data (bytes, &size);
  if (!g_file_replace_contents (file, data, size, NULL, FALSE,
                                G_FILE_CREATE_PRIVATE, NULL, NULL, &error))
    {
      intake_show_error (GTK_WIDGET (self->toast_overlay), _("Could not import the sample"), error);
      return;
    }

  intake_window_import_files (self, &file, 1);
}

static void
sample_project_opened_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(IntakeWindow) self = user_data;
  g_autoptr(GtkWindow) window = NULL;
  g_autoptr(GError) error = NULL;

  window = intake_application_open_project_finish (INTAKE_APPLICATION (source), result, &error);
  if (window == NULL)
    {
      if (gtk_widget_get_realized (GTK_WIDGET (self)))
        intake_show_error (GTK_WIDGET (self->toast_overlay), _("Could not open the sample"), error);
      return;
    }

  import_sample_into (INTAKE_WINDOW (window));
}

/* The sample opens in a project and a window of its own, never in the
 * consultation's: the first time it is imported there, then it is there. */
void
_intake_window_import_sample (IntakeWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(GFile) file = intake_application_dup_sample_project ();

  if (!INTAKE_IS_APPLICATION (application))
    return;

  intake_application_open_project_async (INTAKE_APPLICATION (application), file,
                                         sample_project_opened_cb, g_object_ref (self));
}

/* Dropping files */

static GdkDragAction
drop_enter_cb (GtkDropTarget *target,
               double         x,
               double         y,
               IntakeWindow  *self)
{
  if (self->busy)
    return 0;

  gtk_revealer_set_reveal_child (self->drop_revealer, TRUE);
  return GDK_ACTION_COPY;
}

static void
drop_leave_cb (GtkDropTarget *target,
               IntakeWindow  *self)
{
  gtk_revealer_set_reveal_child (self->drop_revealer, FALSE);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         IntakeWindow  *self)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  GdkFileList *list;
  GSList *items;

  gtk_revealer_set_reveal_child (self->drop_revealer, FALSE);

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  if (self->busy)
    {
      _intake_window_show_toast (self, _("Wait for the current import to finish"));
      return FALSE;
    }

  list = g_value_get_boxed (value);
  items = gdk_file_list_get_files (list);
  for (GSList *l = items; l; l = l->next)
    g_ptr_array_add (files, l->data);
  g_slist_free (items);

  return intake_window_open_files (self, (GFile * const *) files->pdata, files->len);
}

void
_intake_window_import_init (IntakeWindow *self)
{
  GtkDropTarget *drop_target;

  drop_target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop_target, "enter", G_CALLBACK (drop_enter_cb), self, 0);
  g_signal_connect_object (drop_target, "leave", G_CALLBACK (drop_leave_cb), self, 0);
  g_signal_connect_object (drop_target, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->toast_overlay), GTK_EVENT_CONTROLLER (drop_target));
}
