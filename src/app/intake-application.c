#define G_LOG_DOMAIN "intake-application"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "intake-accessible.h"
#include "intake-application.h"
#include "intake-project.h"
#include "intake-resources.h"
#include "intake-window.h"

struct _IntakeApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (IntakeApplication, intake_application, ADW_TYPE_APPLICATION)

IntakeApplication *
intake_application_new (void)
{
  /* The resources live in a static library; referencing them here keeps the
   * linker from dropping them (and so their registration constructor). */
  g_assert (intake_get_resource () != NULL);

  return g_object_new (INTAKE_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

GFile *
intake_application_dup_default_project (void)
{
  return g_file_new_build_filename (g_get_user_data_dir (), "feedback-intake",
                                    "Consultation.intake", NULL);
}

/* "Try a Sample" opens this one, so the sample never mixes with a
 * consultation's submissions. */
GFile *
intake_application_dup_sample_project (void)
{
  return g_file_new_build_filename (g_get_user_data_dir (), "feedback-intake",
                                    "Sample.intake", NULL);
}

static IntakeWindow *
find_window_for_path (IntakeApplication *self,
                      const char        *path)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      IntakeProject *project;

      if (!INTAKE_IS_WINDOW (l->data))
        continue;

      project = intake_window_get_project (l->data);
      if (project != NULL && g_strcmp0 (intake_project_get_path (project), path) == 0)
        return l->data;
    }

  return NULL;
}

static void
project_checked_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IntakeApplication *self = g_task_get_source_object (task);
  IntakeProject *project = INTAKE_PROJECT (source);
  GtkWindow *window = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!intake_project_wait_checked_finish (project, result, &error))
    {
      /* A damaged project is not worked on: its window goes, and the
       * caller says why (and opens the default project instead). */
      gtk_window_destroy (window);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_settings_set_string (self->settings, "last-project", intake_project_get_path (project));
  g_task_return_pointer (task, g_object_ref (window), g_object_unref);
}

static void
project_opened_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IntakeApplication *self = g_task_get_source_object (task);
  g_autoptr(IntakeProject) project = NULL;
  g_autoptr(GError) error = NULL;
  IntakeWindow *window;

  g_application_release (G_APPLICATION (self));

  /* One project per window: it owns the store, the reviewer and the undo
   * history, and every view in the window follows it. */
  if (!(project = intake_project_open_finish (result, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Shown while the file is still being checked for damage: nothing is
   * written to it before the check is done. */
  window = intake_window_new (self, project);
  gtk_window_present (GTK_WINDOW (window));
  g_task_set_task_data (task, g_object_ref (window), g_object_unref);
  intake_project_wait_checked_async (project, project_checked_cb, g_steal_pointer (&task));
}

/**
 * intake_application_open_project_async:
 *
 * Opens the project in @file in a window of its own, or presents the
 * window that has it open already. Opening checks the file and may bring
 * its schema up to date, so it runs on a worker thread.
 */
void
intake_application_open_project_async (IntakeApplication   *self,
                                       GFile               *file,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autofree char *path = NULL;
  IntakeWindow *window;

  g_return_if_fail (INTAKE_IS_APPLICATION (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, intake_application_open_project_async);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("“%s” is not a local file; projects must be stored on this computer"),
                               uri);
      return;
    }

  if ((window = find_window_for_path (self, path)))
    {
      gtk_window_present (GTK_WINDOW (window));
      g_task_return_pointer (task, g_object_ref (window), g_object_unref);
      return;
    }

  /* A first run has no data directory yet. */
  parent = g_file_get_parent (file);
  if (parent != NULL)
    {
      g_autofree char *parent_path = g_file_get_path (parent);

      if (parent_path != NULL && g_mkdir_with_parents (parent_path, 0700) != 0)
        {
          int saved_errno = errno;

          g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                                   _("Could not create the folder “%s”: %s"),
                                   parent_path, g_strerror (saved_errno));
          return;
        }
    }

  /* With no window yet, nothing else keeps the application running. */
  g_application_hold (G_APPLICATION (self));
  intake_project_open_async (path, NULL, project_opened_cb, g_steal_pointer (&task));
}

/* Returns: (transfer full): the project's window */
GtkWindow *
intake_application_open_project_finish (IntakeApplication  *self,
                                        GAsyncResult       *result,
                                        GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
show_open_error (IntakeApplication *self,
                 GtkWindow         *parent,
                 const GError      *error)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("Could Not Open Project"), NULL));
  /* With no window to attach to, the dialog itself keeps the application alive. */
  if (parent == NULL)
    gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  /* The store's messages already name the file. */
  adw_message_dialog_set_body (dialog, error->message);
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  intake_accessible_name_by_mnemonics (GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
fallback_opened_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  IntakeApplication *self = INTAKE_APPLICATION (source);
  g_autoptr(GError) first_error = user_data;
  g_autoptr(GtkWindow) window = NULL;

  /* Whether or not the default opened, the first failure is the one to tell. */
  window = intake_application_open_project_finish (self, result, NULL);
  show_open_error (self, window, first_error);
  g_application_release (G_APPLICATION (self));
}

static void
first_opened_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  IntakeApplication *self = INTAKE_APPLICATION (source);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GFile) fallback = NULL;
  g_autoptr(GtkWindow) window = NULL;
  g_autoptr(GError) error = NULL;

  if ((window = intake_application_open_project_finish (self, result, &error)))
    {
      g_application_release (G_APPLICATION (self));
      return;
    }

  fallback = intake_application_dup_default_project ();
  if (g_file_equal (fallback, file))
    {
      show_open_error (self, NULL, error);
      g_application_release (G_APPLICATION (self));
      return;
    }

  /* The hold passes to the fallback, which says why @file did not open. */
  intake_application_open_project_async (self, fallback, fallback_opened_cb, g_steal_pointer (&error));
}

/* Opens @file, falling back to the default project (with the reason shown)
 * so that a missing or damaged file never leaves the user with no window. */
static void
open_or_fall_back (IntakeApplication *self,
                   GFile             *file)
{
  /* Held until the fallback too is decided, so that the application does
   * not quit between the two. */
  g_application_hold (G_APPLICATION (self));
  intake_application_open_project_async (self, file, first_opened_cb, g_object_ref (file));
}

static void
intake_application_activate (GApplication *app)
{
  IntakeApplication *self = INTAKE_APPLICATION (app);
  g_autofree char *last = NULL;
  g_autoptr(GFile) file = NULL;
  GtkWindow *window;

  if ((window = gtk_application_get_active_window (GTK_APPLICATION (app))))
    {
      gtk_window_present (window);
      return;
    }

  last = g_settings_get_string (self->settings, "last-project");
  if (last[0] != '\0' && g_file_test (last, G_FILE_TEST_IS_REGULAR))
    file = g_file_new_for_path (last);
  else
    file = intake_application_dup_default_project ();

  open_or_fall_back (self, file);
}

static void
intake_application_open (GApplication  *app,
                         GFile        **files,
                         int            n_files,
                         const char    *hint)
{
  IntakeApplication *self = INTAKE_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    open_or_fall_back (self, files[i]);
}

static void
quit_action_cb (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  IntakeApplication *self = user_data;
  g_autoptr(GList) windows = NULL;

  /* Closing each window (rather than g_application_quit) lets a running
   * import be cancelled and its worker finish before the process exits. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l; l = l->next)
    gtk_window_close (l->data);
}

static void
about_action_cb (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  IntakeApplication *self = user_data;
  static const char *developers[] = { "The Feedback Intake developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-icon", APP_ID,
                        "application-name", _("Feedback Intake"),
                        "developer-name", _("The Feedback Intake developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Import, read and code the written submissions of a public consultation."),
                        "developers", developers,
                        "translator-credits", _("translator-credits"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
shortcuts_action_cb (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  IntakeApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (!GTK_IS_APPLICATION_WINDOW (window))
    return;

  /* Made when first asked for, not with every window (GTK would, from
   * gtk/help-overlay.ui): it is a large part of a window's making. */
  if (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)) == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/com/argylepr/FeedbackIntake/ui/help-overlay.ui");
      GtkShortcutsWindow *overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));

      intake_accessible_name_shortcuts_window (overlay);
      gtk_application_window_set_help_overlay (GTK_APPLICATION_WINDOW (window), overlay);
    }

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action_cb },
  { "about", about_action_cb },
  { "shortcuts", shortcuts_action_cb },
};

static int
intake_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "feedback-intake", PACKAGE_VERSION);
      return 0;
    }

  /* Without its schema GSettings aborts the process; say what is wrong
   * instead. An uninstalled build finds it through `meson devenv`. */
  schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (), APP_ID, TRUE);
  if (schema == NULL)
    {
      g_printerr (_("feedback-intake: the settings schema “%s” is not installed; "
                    "install the app, or run it from its build folder with “build-aux/dev run”\n"),
                  APP_ID);
      return 1;
    }

  return -1;
}

static void
intake_application_startup (GApplication *app)
{
  IntakeApplication *self = INTAKE_APPLICATION (app);
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.shortcuts", { "<Control>question", NULL } },
    { "win.close", { "<Control>w", NULL } },
    { "win.open-project", { "<Control>o", NULL } },
    { "win.new-project", { "<Control>n", NULL } },
    { "win.import", { "<Control>i", NULL } },
    { "win.import-folder", { "<Control><Shift>i", NULL } },
    { "win.show-rejections", { "<Control>r", NULL } },
    { "win.go-back", { "<Alt>Left", NULL } },
  };

  G_APPLICATION_CLASS (intake_application_parent_class)->startup (app);

  /* Not at construction: --help and --version need no settings. */
  self->settings = g_settings_new (APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);
}

static void
intake_application_finalize (GObject *object)
{
  IntakeApplication *self = INTAKE_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (intake_application_parent_class)->finalize (object);
}

static void
intake_application_class_init (IntakeApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = intake_application_finalize;

  app_class->handle_local_options = intake_application_handle_local_options;
  app_class->startup = intake_application_startup;
  app_class->activate = intake_application_activate;
  app_class->open = intake_application_open;
}

static void
intake_application_init (IntakeApplication *self)
{
  g_application_add_main_option (G_APPLICATION (self), "version", 0, G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_NONE, _("Show the version and exit"), NULL);
  /* Translators: the argument of the command line, in --help */
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[PROJECT.intake]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Opens the project, or the one used last."));
}
