#define G_LOG_DOMAIN "intake-window"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "intake-importer.h"
#include "intake-reader.h"
#include "intake-rejections-window.h"
#include "intake-submission-list.h"
#include "intake-submission-row.h"
#include "intake-window.h"

#define SAMPLE_RESOURCE "/com/argylepr/FeedbackIntake/sample/sample.mbox"
#define PROJECT_SUFFIX ".intake"

struct _IntakeWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwWindowTitle       *empty_title;
  AdwWindowTitle       *list_title;
  AdwLeaflet           *leaflet;
  GtkListView          *list_view;
  IntakeReader         *reader;
  GtkRevealer          *progress_revealer;
  GtkLabel             *progress_label;
  GtkLabel             *bytes_label;
  GtkProgressBar       *progress_bar;
  GtkRevealer          *drop_revealer;

  /* Owned references */
  IntakeStore          *store;
  GSettings            *settings;
  IntakeSubmissionList *submissions;
  GtkSingleSelection   *selection;
  IntakeImporter       *importer;     /* only while importing */
  GCancellable         *cancellable;  /* only while importing */

  /* Weak */
  GtkWidget            *rejections_window;

  guint                 selected_position;
  gint64                selected_id;
  gint64                last_list_refresh;
  AdwSplitButton       *empty_import_button;
  AdwSplitButton       *list_import_button;
  gboolean              busy;
};

G_DEFINE_FINAL_TYPE (IntakeWindow, intake_window, ADW_TYPE_APPLICATION_WINDOW)

enum { PROP_0, PROP_STORE, PROP_BUSY, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
show_error (IntakeWindow *self,
            const char   *heading,
            const char   *body)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_toast (IntakeWindow *self,
            const char   *text)
{
  /* Toast titles are markup in libadwaita 1.2. */
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

/* Content state */

static void
update_state (IntakeWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->submissions));
  g_autofree char *count = NULL;

  count = g_strdup_printf (ngettext ("%'u submission", "%'u submissions", n), n);
  adw_window_title_set_subtitle (self->list_title, count);

  gtk_stack_set_visible_child_name (self->main_stack, n > 0 ? "submissions" : "empty");
}

static void
show_submission (IntakeWindow     *self,
                 IntakeSubmission *summary)
{
  g_autoptr(IntakeSubmission) whole = NULL;
  g_autoptr(GError) error = NULL;

  if (summary == NULL)
    {
      self->selected_id = -1;
      intake_reader_set_submission (self->reader, NULL);
      return;
    }

  /* The list holds summaries; the reader needs the text and attachments. */
  self->selected_id = intake_submission_get_id (summary);
  whole = intake_store_get_submission (self->store, self->selected_id, &error);
  if (whole == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not load the submission: %s"), error->message);

      g_warning ("%s", message);
      show_toast (self, message);
    }

  intake_reader_set_submission (self->reader, whole);
}

static void
selected_item_changed_cb (IntakeWindow       *self,
                          GParamSpec         *pspec,
                          GtkSingleSelection *selection)
{
  IntakeSubmission *summary = gtk_single_selection_get_selected_item (selection);
  guint position = gtk_single_selection_get_selected (selection);

  if (summary != NULL)
    {
      if (intake_submission_get_id (summary) == self->selected_id &&
          intake_reader_get_submission (self->reader) != NULL)
        {
          self->selected_position = position;
          return;
        }
      self->selected_position = position;
    }

  show_submission (self, summary);
}

static void
selection_items_changed_cb (IntakeWindow *self,
                            guint         position,
                            guint         removed,
                            guint         added,
                            GListModel   *model)
{
  update_state (self);

  /* A reload replaces every item, which drops the selection; bring back the
   * submission that was being read if it is still where it was. */
  if (gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION &&
      self->selected_id >= 0 &&
      self->selected_position < g_list_model_get_n_items (model))
    {
      g_autoptr(IntakeSubmission) item = g_list_model_get_item (model, self->selected_position);

      if (item != NULL && intake_submission_get_id (item) == self->selected_id)
        gtk_single_selection_set_selected (self->selection, self->selected_position);
    }
}

static void
list_activate_cb (IntakeWindow *self,
                  guint         position,
                  GtkListView  *list_view)
{
  gtk_single_selection_set_selected (self->selection, position);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
factory_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, intake_submission_row_new ());
}

static void
factory_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  intake_submission_row_set_submission (INTAKE_SUBMISSION_ROW (gtk_list_item_get_child (list_item)),
                                        gtk_list_item_get_item (list_item));
}

static void
factory_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  intake_submission_row_set_submission (INTAKE_SUBMISSION_ROW (gtk_list_item_get_child (list_item)),
                                        NULL);
}

/* Importing */

static void
set_busy (IntakeWindow *self,
          gboolean      busy)
{
  static const char * const import_actions[] = {
    "win.import", "win.import-folder", "win.try-sample",
  };

  busy = !!busy;
  if (self->busy == busy)
    return;

  self->busy = busy;

  for (guint i = 0; i < G_N_ELEMENTS (import_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), import_actions[i], !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-import", busy);

  gtk_revealer_set_reveal_child (self->progress_revealer, busy);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

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
   * can be read while it runs. Batches are committed, so the list sees them. */
  if (messages > 0 && g_get_monotonic_time () - self->last_list_refresh > 3 * G_USEC_PER_SEC)
    {
      self->last_list_refresh = g_get_monotonic_time ();
      intake_store_emit_changed (self->store);
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

  return g_string_free (text, FALSE);
}

static void
import_finished_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  IntakeImporter *importer = INTAKE_IMPORTER (object);
  g_autoptr(IntakeWindow) self = user_data;
  g_autoptr(IntakeImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  GApplication *app;

  summary = intake_importer_import_finish (importer, result, &error);

  /* Whatever happened, some messages may have been committed. */
  intake_store_emit_changed (intake_importer_get_store (importer));

  if (self->importer == importer)
    {
      g_signal_handlers_disconnect_by_data (importer, self);
      g_clear_object (&self->importer);
      g_clear_object (&self->cancellable);
    }

  if ((app = g_object_get_data (G_OBJECT (importer), "intake-held-application")))
    {
      g_object_set_data (G_OBJECT (importer), "intake-held-application", NULL);
      g_application_release (app);
    }

  /* The window may have been closed while the import ran. */
  if (self->toast_overlay == NULL)
    return;

  set_busy (self, FALSE);

  if (summary == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, _("Import cancelled"));
      else
        show_error (self, _("Could Not Import"), error->message);
      return;
    }

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

  if (gtk_stack_get_visible_child_name (self->main_stack) != NULL &&
      g_str_equal (gtk_stack_get_visible_child_name (self->main_stack), "submissions") &&
      !gtk_widget_has_focus (GTK_WIDGET (self->list_view)))
    gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
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
  GtkApplication *app;

  g_return_val_if_fail (INTAKE_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (files != NULL || n_files == 0, FALSE);

  if (self->busy || n_files == 0)
    return FALSE;

  self->importer = intake_importer_new (self->store);
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
      g_object_set_data (G_OBJECT (self->importer), "intake-held-application", app);
    }

  set_busy (self, TRUE);

  intake_importer_import_async (self->importer, files, n_files, self->cancellable,
                                import_finished_cb, g_object_ref (self));

  return TRUE;
}

void
intake_window_cancel_import (IntakeWindow *self)
{
  g_return_if_fail (INTAKE_IS_WINDOW (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
import_model_files (IntakeWindow *self,
                    GListModel   *model)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (files, g_list_model_get_item (model, i));

  intake_window_import_files (self, (GFile * const *) files->pdata, files->len);
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

static void
choose_import (IntakeWindow         *self,
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
      g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

      gtk_file_filter_set_name (mail, _("Mailboxes and Messages"));
      gtk_file_filter_add_mime_type (mail, "application/mbox");
      gtk_file_filter_add_mime_type (mail, "message/rfc822");
      gtk_file_filter_add_mime_type (mail, "application/vnd.ms-outlook");
      gtk_file_filter_add_suffix (mail, "mbox");
      gtk_file_filter_add_suffix (mail, "mbx");
      gtk_file_filter_add_suffix (mail, "eml");
      gtk_file_filter_add_suffix (mail, "msg");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), mail);

      /* Thunderbird and others export mailboxes without an extension. */
      gtk_file_filter_set_name (all, _("All Files"));
      gtk_file_filter_add_pattern (all, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);
    }

  g_signal_connect_object (native, "response", G_CALLBACK (import_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  choose_import (INTAKE_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_OPEN);
}

static void
import_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  choose_import (INTAKE_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
}

static void
try_sample_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *dir = NULL;
  gconstpointer data;
  gsize size;

  bytes = g_resources_lookup_data (SAMPLE_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    {
      show_error (self, _("Could Not Import the Sample"), error->message);
      return;
    }

  /* The importer reads files, so the sample is copied out of the resources. */
  dir = g_build_filename (g_get_user_cache_dir (), "feedback-intake", NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_autofree char *message = g_strdup_printf (_("Could not create the folder “%s”: %s"),
                                                  dir, g_strerror (errno));
      show_error (self, _("Could Not Import the Sample"), message);
      return;
    }

  file = g_file_new_build_filename (dir, "sample.mbox", NULL);
  data = g_bytes_get_data (bytes, &size);
  if (!g_file_replace_contents (file, data, size, NULL, FALSE,
                                G_FILE_CREATE_PRIVATE, NULL, NULL, &error))
    {
      show_error (self, _("Could Not Import the Sample"), error->message);
      return;
    }

  intake_window_import_files (self, &file, 1);
}

static void
cancel_import_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  intake_window_cancel_import (INTAKE_WINDOW (widget));
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
      show_toast (self, _("Wait for the current import to finish"));
      return FALSE;
    }

  list = g_value_get_boxed (value);
  items = gdk_file_list_get_files (list);
  for (GSList *l = items; l; l = l->next)
    g_ptr_array_add (files, l->data);
  g_slist_free (items);

  return intake_window_import_files (self, (GFile * const *) files->pdata, files->len);
}

/* Projects */

static void
show_rejections_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);

  if (self->rejections_window == NULL)
    {
      self->rejections_window = intake_rejections_window_new (GTK_WINDOW (self), self->store);
      g_object_add_weak_pointer (G_OBJECT (self->rejections_window),
                                 (gpointer *) &self->rejections_window);
    }

  gtk_window_present (GTK_WINDOW (self->rejections_window));
}

static void
switch_to_project (IntakeWindow *self,
                   GFile        *file,
                   gboolean      created)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(GError) error = NULL;
  GtkWindow *window;

  if (!INTAKE_IS_APPLICATION (app))
    return;

  window = intake_application_open_project (INTAKE_APPLICATION (app), file, &error);
  if (window == NULL)
    {
      show_error (self, created ? _("Could Not Create Project") : _("Could Not Open Project"),
                  error->message);
      return;
    }

  /* The new project replaces this one, unless an import still runs here. */
  if (window != GTK_WINDOW (self) && !self->busy)
    gtk_window_close (GTK_WINDOW (self));
}

static void
add_project_filter (GtkFileChooser *chooser)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Feedback Intake Projects"));
  gtk_file_filter_add_mime_type (filter, "application/x-feedback-intake-project");
  gtk_file_filter_add_suffix (filter, "intake");
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
open_project_response_cb (GtkNativeDialog *native,
                          int              response,
                          IntakeWindow    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      switch_to_project (self, file, FALSE);
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
open_project_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Open Project"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  add_project_filter (GTK_FILE_CHOOSER (native));
  g_signal_connect_object (native, "response", G_CALLBACK (open_project_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
new_project_response_cb (GtkNativeDialog *native,
                         int              response,
                         IntakeWindow    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autoptr(GFile) file = NULL;
      g_autofree char *basename = g_file_get_basename (chosen);

      if (g_str_has_suffix (basename, PROJECT_SUFFIX))
        file = g_object_ref (chosen);
      else
        {
          g_autoptr(GFile) parent = g_file_get_parent (chosen);
          g_autofree char *name = g_strconcat (basename, PROJECT_SUFFIX, NULL);

          file = g_file_get_child (parent, name);
        }

      /* A project is never overwritten: choosing an existing one opens it. */
      switch_to_project (self, file, !g_file_query_exists (file, NULL));
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
new_project_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("New Project"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("C_reate"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  add_project_filter (GTK_FILE_CHOOSER (native));
  /* Translators: the suggested file name of a new project; keep the .intake extension */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), _("Consultation.intake"));
  g_signal_connect_object (native, "response", G_CALLBACK (new_project_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
go_back_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);

  if (adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK))
    gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

/* GtkWindow */

static gboolean
intake_window_close_request (GtkWindow *window)
{
  IntakeWindow *self = INTAKE_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  /* Closing stops the import; what was committed stays in the project. */
  intake_window_cancel_import (self);

  return GTK_WINDOW_CLASS (intake_window_parent_class)->close_request (window);
}

/* GObject */

static void
intake_window_constructed (GObject *object)
{
  IntakeWindow *self = INTAKE_WINDOW (object);
  g_autofree char *title = NULL;
  GtkListItemFactory *factory;
  GtkDropTarget *drop_target;
  const char *path;

  G_OBJECT_CLASS (intake_window_parent_class)->constructed (object);

  g_assert (INTAKE_IS_STORE (self->store));

  path = intake_store_get_path (self->store);
  title = path ? g_filename_display_basename (path) : g_strdup (_("Feedback Intake"));
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->empty_title, title);
  adw_window_title_set_title (self->list_title, title);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  self->submissions = intake_submission_list_new (self->store);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->submissions)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selected_item_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (selection_items_changed_cb), self,
                           G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (factory_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (factory_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (factory_unbind_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->list_view, "activate",
                           G_CALLBACK (list_activate_cb), self,
                           G_CONNECT_SWAPPED);

  drop_target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop_target, "enter", G_CALLBACK (drop_enter_cb), self, 0);
  g_signal_connect_object (drop_target, "leave", G_CALLBACK (drop_leave_cb), self, 0);
  g_signal_connect_object (drop_target, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->toast_overlay), GTK_EVENT_CONTROLLER (drop_target));

  update_state (self);
}

static void
intake_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  IntakeWindow *self = INTAKE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  IntakeWindow *self = INTAKE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_window_dispose (GObject *object)
{
  IntakeWindow *self = INTAKE_WINDOW (object);

  intake_window_cancel_import (self);

  if (self->rejections_window != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->rejections_window),
                                    (gpointer *) &self->rejections_window);
      gtk_window_destroy (GTK_WINDOW (self->rejections_window));
      self->rejections_window = NULL;
    }

  if (self->importer != NULL)
    g_signal_handlers_disconnect_by_data (self->importer, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), INTAKE_TYPE_WINDOW);

  g_clear_object (&self->selection);
  g_clear_object (&self->submissions);
  g_clear_object (&self->importer);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (intake_window_parent_class)->dispose (object);
}

static void
intake_window_finalize (GObject *object)
{
  IntakeWindow *self = INTAKE_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (intake_window_parent_class)->finalize (object);
}

static void
intake_window_class_init (IntakeWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = intake_window_constructed;
  object_class->dispose = intake_window_dispose;
  object_class->finalize = intake_window_finalize;
  object_class->get_property = intake_window_get_property;
  object_class->set_property = intake_window_set_property;

  window_class->close_request = intake_window_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         INTAKE_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (INTAKE_TYPE_READER);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/argylepr/FeedbackIntake/ui/intake-window.ui");
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, empty_import_button);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, list_import_button);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, empty_title);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, list_title);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, reader);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, bytes_label);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, drop_revealer);

  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.import-folder", NULL, import_folder_action);
  gtk_widget_class_install_action (widget_class, "win.try-sample", NULL, try_sample_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-import", NULL, cancel_import_action);
  gtk_widget_class_install_action (widget_class, "win.show-rejections", NULL, show_rejections_action);
  gtk_widget_class_install_action (widget_class, "win.open-project", NULL, open_project_action);
  gtk_widget_class_install_action (widget_class, "win.new-project", NULL, new_project_action);
  gtk_widget_class_install_action (widget_class, "win.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, go_back_action);
}

/* AdwSplitButton (libadwaita 1.2) gives its inner button and arrow no
 * accessible names, so screen readers announce "GtkImage"; name them. */
static void
label_split_button (AdwSplitButton *split_button,
                    const char     *button_label,
                    const char     *dropdown_label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (split_button));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_MENU_BUTTON (child))
        {
          GtkWidget *toggle = gtk_widget_get_first_child (child);

          gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, dropdown_label, -1);
          if (toggle != NULL)
            gtk_accessible_update_property (GTK_ACCESSIBLE (toggle),
                                            GTK_ACCESSIBLE_PROPERTY_LABEL, dropdown_label, -1);
        }
      else if (GTK_IS_BUTTON (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, button_label, -1);
    }
}

static void
intake_window_init (IntakeWindow *self)
{
  self->selected_id = -1;
  self->selected_position = GTK_INVALID_LIST_POSITION;
  self->settings = g_settings_new (APP_ID);

  gtk_widget_init_template (GTK_WIDGET (self));

  label_split_button (self->empty_import_button, _("Import Mailbox…"), _("More Ways to Import"));
  label_split_button (self->list_import_button, _("Import Mailbox…"), _("More Ways to Import"));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-import", FALSE);
}

IntakeWindow *
intake_window_new (IntakeApplication *application,
                   IntakeStore       *store)
{
  g_return_val_if_fail (!application || INTAKE_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (INTAKE_IS_STORE (store), NULL);

  return g_object_new (INTAKE_TYPE_WINDOW,
                       "application", application,
                       "store", store,
                       NULL);
}

IntakeStore *
intake_window_get_store (IntakeWindow *self)
{
  g_return_val_if_fail (INTAKE_IS_WINDOW (self), NULL);

  return self->store;
}

gboolean
intake_window_get_busy (IntakeWindow *self)
{
  g_return_val_if_fail (INTAKE_IS_WINDOW (self), FALSE);

  return self->busy;
}
