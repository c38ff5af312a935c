/* The window's actions and their key bindings. */
#define G_LOG_DOMAIN "intake-window"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-activity-window.h"
#include "intake-agreement-window.h"
#include "intake-codebook-editor.h"
#include "intake-error.h"
#include "intake-pinned-codes.h"
#include "intake-rejections-window.h"
#include "intake-window-private.h"

/* Bindings without a number key; the number keys apply pinned codes. */
static const struct
{
  guint            keyval;
  GdkModifierType  mods;
  const char      *action;
} key_bindings[] = {
  { GDK_KEY_k,        GDK_CONTROL_MASK,                  "win.pick-code" },
  { GDK_KEY_c,        0,                                 "win.pick-code" },
  { GDK_KEY_Return,   GDK_CONTROL_MASK,                  "win.mark-coded-next" },
  { GDK_KEY_KP_Enter, GDK_CONTROL_MASK,                  "win.mark-coded-next" },
  { GDK_KEY_F9,       0,                                 "win.toggle-codes" },
  { GDK_KEY_f,        GDK_CONTROL_MASK,                  "win.find" },
  { GDK_KEY_e,        GDK_CONTROL_MASK,                  "win.export" },
  /* Not Ctrl+Shift+A: the list and the text views take it to select nothing. */
  { GDK_KEY_g,        GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.show-agreement" },
  { GDK_KEY_G,        GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.show-agreement" },
  { GDK_KEY_r,        GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.toggle-report-view" },
  { GDK_KEY_R,        GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.toggle-report-view" },
  { GDK_KEY_m,        GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.mark-for-redaction" },
  { GDK_KEY_M,        GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.mark-for-redaction" },
  { GDK_KEY_j,        0,                                 "win.next-submission" },
  { GDK_KEY_k,        0,                                 "win.previous-submission" },
};

/* Coding */

static gboolean
is_stance (IntakeWindow *self,
           const char   *code_guid)
{
  IntakeCodebook *codebook = intake_project_get_codebook (self->project);
  IntakeCode *code = codebook ? intake_codebook_find_by_guid (codebook, code_guid) : NULL;

  return code != NULL && g_strcmp0 (intake_code_get_parent_guid (code), INTAKE_STANCE_GROUP_GUID) == 0;
}

void
_intake_window_apply_code (IntakeWindow *self,
                           const char   *code_guid)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (!_intake_window_ensure_reviewer (self))
    return;

  if (_intake_window_get_current_id (self) <= 0)
    {
      _intake_window_show_toast (self, _("Open a submission to code it"));
      return;
    }

  /* With text selected, the code goes to the excerpt; otherwise to the
   * whole. A stance is of the whole submission, selection or not, so that
   * the stance's number key works straight after coding an excerpt. */
  if (intake_reader_get_selected_range (self->reader, NULL, NULL) && !is_stance (self, code_guid))
    ok = intake_reader_code_selection (self->reader, code_guid, &error);
  else
    ok = intake_code_panel_toggle_whole (self->code_panel, code_guid, &error);

  if (!ok)
    intake_show_error (GTK_WIDGET (self->toast_overlay), _("Could not code the submission"), error);
}

static void
apply_pinned_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);
  g_auto(GStrv) pinned = NULL;
  int index = g_variant_get_int32 (param);

  /* The pins as the panel shows them: the default ones in a new install,
   * and none for a key left free or pinned in another codebook. */
  pinned = intake_pinned_codes_get (self->settings,
                                    self->project ? intake_project_get_codebook (self->project) : NULL);
  if (index < 1 || index > INTAKE_MAX_PINNED_CODES || pinned[index - 1][0] == '\0')
    {
      g_autofree char *message = NULL;

      /* Translators: %d is a number key */
      message = g_strdup_printf (_("No code is pinned to %d: pin codes in the Codes panel"), index);
      _intake_window_show_toast (self, message);
      return;
    }

  _intake_window_apply_code (self, pinned[index - 1]);
}

static void
pick_code_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);

  if (_intake_window_ensure_reviewer (self))
    intake_reader_pick_code (self->reader);
}

static void
mark_coded_next_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  gint64 id = _intake_window_get_current_id (self);
  gint64 next;

  if (!_intake_window_ensure_reviewer (self) || id <= 0)
    return;

  intake_reader_save_memo (self->reader);

  /* Found before the status changes: a status filter may drop this one. */
  next = _intake_window_next_uncoded (self, id, &error);
  if (next < 0)
    {
      intake_show_error (GTK_WIDGET (self->toast_overlay), _("Could not find the next submission"), error);
      return;
    }

  if (!intake_project_set_status (self->project, id, INTAKE_STATUS_CODED, &error))
    {
      intake_show_error (GTK_WIDGET (self->toast_overlay), _("Could not mark the submission coded"), error);
      return;
    }

  if (next == 0)
    {
      const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

      if ((search != NULL && search[0] != '\0') || intake_filter_popover_get_active (self->filter_popover))
        _intake_window_show_toast (self, _("Marked coded. No other submission to code matches the search and filters"));
      else
        _intake_window_show_toast (self, _("Marked coded. Every submission is coded or excluded"));
      return;
    }

  _intake_window_select_submission_id (self, next);
  _intake_window_focus_reader (self);
}

/* One toast for the last undo or redo, replaced by the next: a run of
 * undos does not queue a toast for each. */
static void
show_history_toast (IntakeWindow *self,
                    const char   *title,
                    const char   *button_label,
                    const char   *action_name)
{
  g_autofree char *escaped = g_markup_escape_text (title, -1);
  AdwToast *toast;

  if (self->history_toast != NULL)
    adw_toast_dismiss (self->history_toast);

  toast = adw_toast_new (escaped);
  adw_toast_set_button_label (toast, button_label);
  adw_toast_set_action_name (toast, action_name);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_set_weak_pointer (&self->history_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);
  g_autofree char *label = g_strdup (intake_project_get_undo_label (self->project));
  g_autofree char *title = NULL;
  g_autoptr(GError) error = NULL;

  if (!intake_project_undo (self->project, &error))
    {
      intake_show_error (GTK_WIDGET (self->toast_overlay), _("Could not undo"), error);
      return;
    }

  /* Translators: a toast after Undo; %s says what, e.g. Coding “Trust in police” */
  title = g_strdup_printf (_("Undone: %s"), label ? label : "");
  show_history_toast (self, title, _("_Redo"), "win.redo");
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);
  g_autofree char *title = NULL;
  g_autoptr(GError) error = NULL;
  const char *label;

  if (!intake_project_redo (self->project, &error))
    {
      intake_show_error (GTK_WIDGET (self->toast_overlay), _("Could not redo"), error);
      return;
    }

  /* What was redone is what Undo would take back now. */
  label = intake_project_get_undo_label (self->project);
  /* Translators: a toast after Redo; %s says what, e.g. Coding “Trust in police” */
  title = g_strdup_printf (_("Redone: %s"), label ? label : "");
  show_history_toast (self, title, _("_Undo"), "win.undo");
}

/* Whether the focus is where Ctrl+Z takes back typing: a text field, or
 * an editable text view such as the memo. */
static gboolean
focus_is_editable (IntakeWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (focus == NULL)
    return FALSE;
  if (GTK_IS_TEXT_VIEW (focus))
    return gtk_text_view_get_editable (GTK_TEXT_VIEW (focus));
  if (GTK_IS_EDITABLE (focus))
    return gtk_editable_get_editable (GTK_EDITABLE (focus));

  return FALSE;
}

/* A text field handles Ctrl+Z while it has typing to take back, and lets
 * the key through once it has none: there it must stop rather than undo
 * a coding the reviewer did not mean to touch. */
static gboolean
history_shortcut_cb (GtkWidget *widget,
                     GVariant  *args,
                     gpointer   user_data)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);

  if (focus_is_editable (self))
    return TRUE;

  gtk_widget_activate_action (widget, g_variant_get_string (args, NULL), NULL);
  return TRUE;
}

static void
mark_for_redaction_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!_intake_window_ensure_reviewer (self))
    return;

  if (!intake_reader_get_selected_range (self->reader, NULL, NULL))
    {
      _intake_window_show_toast (self, _("Select the text to redact in every report"));
      return;
    }

  if (!intake_reader_mark_for_redaction (self->reader, &error))
    intake_show_error (GTK_WIDGET (self->toast_overlay), _("Could not mark the text for redaction"), error);
}

static void
edit_codebook_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);
  GtkWidget *editor;

  if (!_intake_window_ensure_reviewer (self))
    return;

  editor = intake_codebook_editor_new (GTK_WINDOW (self), self->project);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
activity_open_submission_cb (IntakeWindow         *self,
                             gint64                submission_id,
                             IntakeActivityWindow *activity)
{
  _intake_window_select_submission_id (self, submission_id);
  gtk_window_present (GTK_WINDOW (self));
}

static void
show_activity_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);
  GtkWidget *activity = intake_activity_window_new (GTK_WINDOW (self), self->project);

  g_signal_connect_object (activity, "open-submission",
                           G_CALLBACK (activity_open_submission_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (activity));
}

static void
show_agreement_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);
  GtkWidget *agreement;

  /* Adjudicating is recorded under the coordinator's name. */
  if (!_intake_window_ensure_reviewer (self))
    return;

  agreement = intake_agreement_window_new (GTK_WINDOW (self), self->project);
  gtk_window_present (GTK_WINDOW (agreement));
}

static void
change_reviewer_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  _intake_window_ask_reviewer_name (INTAKE_WINDOW (widget));
}

/* Moving about */

static void
toggle_report_view_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);

  intake_reader_set_report_view (self->reader, !intake_reader_get_report_view (self->reader));
}

static void
toggle_codes_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);

  gtk_toggle_button_set_active (self->codes_button, !gtk_toggle_button_get_active (self->codes_button));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);

  self->refiltering_blocked = TRUE;
  intake_filter_popover_clear (self->filter_popover);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  self->refiltering_blocked = FALSE;
  _intake_window_refilter (self);
}

static void
next_submission_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  _intake_window_move_selection (INTAKE_WINDOW (widget), 1);
}

static void
previous_submission_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  _intake_window_move_selection (INTAKE_WINDOW (widget), -1);
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

/* Importing */

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  _intake_window_import_choose (INTAKE_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_OPEN);
}

static void
import_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  _intake_window_import_choose (INTAKE_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
}

static void
try_sample_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  _intake_window_import_sample (INTAKE_WINDOW (widget));
}

static void
cancel_import_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  intake_window_cancel_import (INTAKE_WINDOW (widget));
}

static void
show_rejections_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);

  if (self->rejections_window == NULL)
    {
      self->rejections_window = intake_rejections_window_new (GTK_WINDOW (self), self->project);
      g_object_add_weak_pointer (G_OBJECT (self->rejections_window),
                                 (gpointer *) &self->rejections_window);
    }

  gtk_window_present (GTK_WINDOW (self->rejections_window));
}

/* Reports */

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  _intake_window_export (INTAKE_WINDOW (widget));
}

static void
copy_for_reviewer_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  _intake_window_copy_for_reviewer (INTAKE_WINDOW (widget));
}

static void
export_qdpx_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  _intake_window_export_qdpx (INTAKE_WINDOW (widget));
}

static void
import_qdpx_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  _intake_window_import_qdpx (INTAKE_WINDOW (widget), NULL);
}

static void
merge_projects_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  _intake_window_merge_projects (INTAKE_WINDOW (widget));
}

/* Projects */

static void
open_project_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  _intake_window_choose_project (INTAKE_WINDOW (widget), FALSE);
}

static void
new_project_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  _intake_window_choose_project (INTAKE_WINDOW (widget), TRUE);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  gtk_window_close (GTK_WINDOW (widget));
}

/**
 * _intake_window_actions_update:
 *
 * Enables the actions that make sense now: undo and redo as the project
 * allows, importing or cancelling as the window is busy.
 */
void
_intake_window_actions_update (IntakeWindow *self)
{
  static const char * const import_actions[] = {
    "win.import", "win.import-folder", "win.try-sample",
  };
  gboolean can_undo = self->project && intake_project_get_can_undo (self->project);
  gboolean can_redo = self->project && intake_project_get_can_redo (self->project);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", can_undo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo", can_redo);

  for (guint i = 0; i < G_N_ELEMENTS (import_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), import_actions[i], !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-import", self->busy);
}

void
_intake_window_actions_init (IntakeWindow *self)
{
  _intake_window_actions_update (self);
}

void
_intake_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.import-folder", NULL, import_folder_action);
  gtk_widget_class_install_action (widget_class, "win.try-sample", NULL, try_sample_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-import", NULL, cancel_import_action);
  gtk_widget_class_install_action (widget_class, "win.show-rejections", NULL, show_rejections_action);
  gtk_widget_class_install_action (widget_class, "win.open-project", NULL, open_project_action);
  gtk_widget_class_install_action (widget_class, "win.new-project", NULL, new_project_action);
  gtk_widget_class_install_action (widget_class, "win.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, go_back_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "win.apply-pinned", "i", apply_pinned_action);
  gtk_widget_class_install_action (widget_class, "win.pick-code", NULL, pick_code_action);
  gtk_widget_class_install_action (widget_class, "win.mark-coded-next", NULL, mark_coded_next_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-codes", NULL, toggle_codes_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "win.next-submission", NULL, next_submission_action);
  gtk_widget_class_install_action (widget_class, "win.previous-submission", NULL, previous_submission_action);
  gtk_widget_class_install_action (widget_class, "win.edit-codebook", NULL, edit_codebook_action);
  gtk_widget_class_install_action (widget_class, "win.show-activity", NULL, show_activity_action);
  gtk_widget_class_install_action (widget_class, "win.show-agreement", NULL, show_agreement_action);
  gtk_widget_class_install_action (widget_class, "win.change-reviewer", NULL, change_reviewer_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.copy-for-reviewer", NULL, copy_for_reviewer_action);
  gtk_widget_class_install_action (widget_class, "win.export-qdpx", NULL, export_qdpx_action);
  gtk_widget_class_install_action (widget_class, "win.import-qdpx", NULL, import_qdpx_action);
  gtk_widget_class_install_action (widget_class, "win.merge-projects", NULL, merge_projects_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-report-view", NULL, toggle_report_view_action);
  gtk_widget_class_install_action (widget_class, "win.mark-for-redaction", NULL, mark_for_redaction_action);

  /* Bubble-phase bindings: a text entry with the focus gets its keys first,
   * so typing "j" or "1" in a memo or the search stays typing. */
  for (guint i = 1; i <= INTAKE_MAX_PINNED_CODES; i++)
    {
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0 + i, 0, "win.apply-pinned", "i", (int) i);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0 + i, 0, "win.apply-pinned", "i", (int) i);
    }
  for (guint i = 0; i < G_N_ELEMENTS (key_bindings); i++)
    gtk_widget_class_add_binding_action (widget_class, key_bindings[i].keyval, key_bindings[i].mods,
                                         key_bindings[i].action, NULL);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_z, GDK_CONTROL_MASK,
                                history_shortcut_cb, "s", "win.undo");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                history_shortcut_cb, "s", "win.redo");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                history_shortcut_cb, "s", "win.redo");
}
