#define G_LOG_DOMAIN "intake-error"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "intake-accessible.h"
#include "intake-error.h"

void
intake_show_error (GtkWidget    *widget,
                   const char   *summary,
                   const GError *error)
{
  g_autofree char *message = NULL;
  GtkWidget *overlay;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (summary != NULL);

  /* Translators: the first %s says what failed, the second why */
  message = error != NULL ? g_strdup_printf (_("%s: %s"), summary, error->message) : g_strdup (summary);

  /* Also in the log, for a report of the problem. */
  g_debug ("%s", message);

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    {
      /* Toast titles are markup in libadwaita 1.2; a reason may hold a "<". */
      g_autofree char *escaped = g_markup_escape_text (message, -1);
      AdwToast *toast = adw_toast_new (escaped);

      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      /* Long enough to read a reason, not only a title. */
      adw_toast_set_timeout (toast, 10);
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
    }
  else
    {
      GtkRoot *root = gtk_widget_get_root (widget);
      GtkWidget *dialog;

      dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                       summary, error != NULL ? error->message : NULL);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      intake_accessible_name_by_mnemonics (dialog);
      gtk_window_present (GTK_WINDOW (dialog));
    }
}
