/* Exporting a report of the window's project: the Export dialog, started
 * from the list's filter and the last export's choices. */
#define G_LOG_DOMAIN "intake-window"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-export-dialog.h"
#include "intake-window-private.h"

static void
exported_cb (IntakeExportDialog *dialog,
             IntakeWindow       *self)
{
  /* The next export starts from these choices. */
  g_clear_pointer (&self->export_options, intake_report_options_free);
  self->export_options = intake_export_dialog_get_options (dialog);
}

/**
 * _intake_window_export:
 *
 * Opens the Export dialog over the window.
 */
void
_intake_window_export (IntakeWindow *self)
{
  IntakeFilter filter = { 0, };
  g_autofree char *search = NULL;
  GtkWidget *dialog;

  if (intake_project_get_path (self->project) == NULL)
    {
      _intake_window_show_toast (self, _("Save the project to a file to export a report"));
      return;
    }

  /* One at a time: the one open may be exporting. */
  if (self->export_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->export_dialog));
      return;
    }

  /* The filter as the list applies it; its strings live as long as the popover's choices. */
  intake_filter_popover_get_filter (self->filter_popover, &filter);
  search = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  filter.search = search[0] != '\0' ? search : NULL;

  dialog = intake_export_dialog_new (GTK_WINDOW (self), self->project, self->export_options, &filter);
  g_signal_connect_object (dialog, "exported", G_CALLBACK (exported_cb), self, 0);
  self->export_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->export_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Closes the Export dialog, which stops its export. */
void
_intake_window_export_close (IntakeWindow *self)
{
  GtkWidget *dialog = self->export_dialog;

  if (dialog == NULL)
    return;

  g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->export_dialog);
  self->export_dialog = NULL;
  gtk_window_destroy (GTK_WINDOW (dialog));
}

void
_intake_window_export_dispose (IntakeWindow *self)
{
  _intake_window_export_close (self);
  g_clear_pointer (&self->export_options, intake_report_options_free);
}
