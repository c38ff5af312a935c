/* The Export dialog: the report's format and contents, which submissions,
 * redaction; then the file, and the export on a worker thread with its
 * progress, a way to cancel it, and a way to open what it wrote. */
#define G_LOG_DOMAIN "intake-export-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "intake-error.h"
#include "intake-accessible.h"
#include "intake-export-dialog.h"

#define PROJECT_SUFFIX ".intake"

struct _IntakeExportDialog
{
  AdwWindow                parent_instance;

  /* Template widgets */
  AdwToastOverlay         *toast_overlay;
  GtkButton               *cancel_button;
  GtkButton               *export_button;
  GtkStack                *stack;
  AdwPreferencesPage      *page;
  AdwComboRow             *format_row;
  AdwEntryRow             *title_row;
  AdwComboRow             *paper_row;
  AdwPreferencesGroup     *contents_group;
  AdwActionRow            *summary_row;
  GtkSwitch               *summary_switch;
  AdwActionRow            *codes_row;
  GtkSwitch               *codes_switch;
  AdwActionRow            *crosstabs_row;
  GtkSwitch               *crosstabs_switch;
  AdwActionRow            *cooccurrence_row;
  GtkSwitch               *cooccurrence_switch;
  AdwActionRow            *quotes_row;
  GtkSwitch               *quotes_switch;
  AdwActionRow            *quotes_per_code_row;
  GtkSpinButton           *quotes_spin;
  AdwActionRow            *submissions_row;
  GtkSwitch               *submissions_switch;
  AdwActionRow            *memos_row;
  GtkSwitch               *memos_switch;
  AdwActionRow            *filtered_row;
  GtkSwitch               *filtered_switch;
  AdwActionRow            *redact_row;
  GtkSwitch               *redact_switch;
  AdwActionRow            *threshold_row;
  GtkSpinButton           *threshold_spin;
  GtkRevealer             *progress_revealer;
  GtkLabel                *progress_label;
  GtkProgressBar          *progress_bar;
  AdwStatusPage           *done_page;
  GtkButton               *open_button;

  /* Owned references */
  IntakeProject           *project;
  GCancellable            *cancellable;   /* only while exporting */
  GFile                   *file;          /* exporting to, or exported */
  GtkFileChooserNative    *chooser;       /* only while choosing the file */

  /* The list's filter, strings owned */
  gboolean                 has_filter;
  gboolean                 has_status;
  IntakeStatus             status;
  char                    *code_guid;
  char                    *attribute_name;
  char                    *attribute_value;
  char                    *search;
  gboolean                 has_other_filter;  /* reviewer or attachments: reports cannot */

  IntakeExportDialogState  state;
  gboolean                 redaction_confirmed;  /* turning it off was confirmed */
  guint                    redact_state_idle;    /* tells screen readers it is still on */
  gboolean                 closed;   /* closed or destroyed with its parent: nobody sees it */
};

G_DEFINE_FINAL_TYPE (IntakeExportDialog, intake_export_dialog, ADW_TYPE_WINDOW)

enum { EXPORTED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The format row's items, in order. */
static const IntakeReportFormat formats[] = {
  INTAKE_REPORT_FORMAT_PDF,
  INTAKE_REPORT_FORMAT_HTML,
  INTAKE_REPORT_FORMAT_XML,
  INTAKE_REPORT_FORMAT_CSV,
  INTAKE_REPORT_FORMAT_CSV_MATRIX,
};

/* The paper row's items, in order. */
static const IntakeReportPaper papers[] = {
  INTAKE_REPORT_PAPER_DEFAULT,
  INTAKE_REPORT_PAPER_A4,
  INTAKE_REPORT_PAPER_LETTER,
};

static IntakeReportFormat
get_format (IntakeExportDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->format_row);

  return selected < G_N_ELEMENTS (formats) ? formats[selected] : INTAKE_REPORT_FORMAT_PDF;
}

static gboolean
format_is_csv (IntakeReportFormat format)
{
  return format == INTAKE_REPORT_FORMAT_CSV || format == INTAKE_REPORT_FORMAT_CSV_MATRIX;
}

/* What applies to the format, and what can be done now. */
static void
update_state (IntakeExportDialog *self)
{
  IntakeReportFormat format = get_format (self);
  gboolean csv = format_is_csv (format);
  gboolean form = self->state == INTAKE_EXPORT_DIALOG_FORM;

  /* A spreadsheet has rows, not sections, pages or counted tables. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->paper_row), format == INTAKE_REPORT_FORMAT_PDF);
  gtk_widget_set_sensitive (GTK_WIDGET (self->title_row), !csv);
  gtk_widget_set_sensitive (GTK_WIDGET (self->contents_group), !csv);
  gtk_widget_set_sensitive (GTK_WIDGET (self->quotes_per_code_row),
                            gtk_switch_get_active (self->quotes_switch));
  gtk_widget_set_sensitive (GTK_WIDGET (self->memos_row),
                            gtk_switch_get_active (self->submissions_switch));
  gtk_widget_set_sensitive (GTK_WIDGET (self->threshold_row), !csv);
  gtk_widget_set_sensitive (GTK_WIDGET (self->filtered_row), self->has_filter);

  gtk_widget_set_sensitive (GTK_WIDGET (self->page), form);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.export", form);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.open", self->state == INTAKE_EXPORT_DIALOG_DONE);
  gtk_widget_set_visible (GTK_WIDGET (self->export_button), self->state != INTAKE_EXPORT_DIALOG_DONE);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), self->state != INTAKE_EXPORT_DIALOG_DONE);
  gtk_revealer_set_reveal_child (self->progress_revealer, self->state == INTAKE_EXPORT_DIALOG_EXPORTING);
  gtk_stack_set_visible_child_name (self->stack, self->state == INTAKE_EXPORT_DIALOG_DONE ? "done" : "form");
}

static void
form_changed_cb (IntakeExportDialog *self)
{
  update_state (self);
}

/* The project file's name without ".intake", as a person reads it. */
static char *
project_name (IntakeProject *project)
{
  const char *path = intake_project_get_path (project);
  g_autofree char *basename = path ? g_path_get_basename (path) : g_strdup (_("Consultation"));
  char *display = g_filename_display_name (basename);

  if (g_str_has_suffix (display, PROJECT_SUFFIX) && strlen (display) > strlen (PROJECT_SUFFIX))
    display[strlen (display) - strlen (PROJECT_SUFFIX)] = '\0';

  return display;
}

/* Redaction: on unless the person says otherwise, explicitly */

static void
update_redact_subtitle (IntakeExportDialog *self)
{
  if (gtk_switch_get_active (self->redact_switch))
    adw_action_row_set_subtitle (self->redact_row,
                                 _("E-mail addresses, phone numbers, postal codes, senders’ names and the spans marked Needs redaction"));
  else
    adw_action_row_set_subtitle (self->redact_row,
                                 _("The report will name people and say so on its first page"));
}

static void
set_redact (IntakeExportDialog *self,
            gboolean            redact)
{
  self->redaction_confirmed = !redact;
  gtk_switch_set_active (self->redact_switch, redact);
  update_redact_subtitle (self);
}

static void
confirm_response_cb (AdwMessageDialog   *dialog,
                     const char         *response,
                     IntakeExportDialog *self)
{
  if (g_str_equal (response, "turn-off") && !self->closed)
    set_redact (self, FALSE);
}

/* GtkSwitch gives screen readers its new state only once "notify::active"
 * has run, so the switch set back on there would read as off: they are told
 * again once it is done. */
static gboolean
redact_state_idle_cb (gpointer user_data)
{
  IntakeExportDialog *self = user_data;

  self->redact_state_idle = 0;
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->redact_switch),
                               GTK_ACCESSIBLE_STATE_CHECKED, gtk_switch_get_active (self->redact_switch),
                               -1);
  return G_SOURCE_REMOVE;
}

static void
redact_switch_changed_cb (IntakeExportDialog *self)
{
  GtkWidget *dialog;

  if (gtk_switch_get_active (self->redact_switch))
    {
      self->redaction_confirmed = FALSE;
      update_redact_subtitle (self);
      return;
    }

  if (self->redaction_confirmed)
    return;

  /* Stays on until the person confirms. */
  g_signal_handlers_block_by_func (self->redact_switch, redact_switch_changed_cb, self);
  gtk_switch_set_active (self->redact_switch, TRUE);
  g_signal_handlers_unblock_by_func (self->redact_switch, redact_switch_changed_cb, self);
  if (self->redact_state_idle == 0)
    self->redact_state_idle = g_idle_add (redact_state_idle_cb, self);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Export without redaction?"),
                                   _("The report will contain e-mail addresses, phone numbers, postal codes and names. Its first page will say so."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "turn-off", _("_Turn Off Redaction"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "turn-off",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  intake_accessible_name_by_mnemonics (dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Which submissions */

static const char *
status_display_name (IntakeStatus status)
{
  switch (status)
    {
    case INTAKE_STATUS_NEW:
      return C_("status", "New");
    case INTAKE_STATUS_IN_PROGRESS:
      return C_("status", "In Progress");
    case INTAKE_STATUS_CODED:
      return C_("status", "Coded");
    case INTAKE_STATUS_EXCLUDED:
      return C_("status", "Excluded");
    default:
      return "";
    }
}

/* The list's filter in words, for the row's subtitle. */
static char *
describe_filter (IntakeExportDialog *self)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;

  if (!self->has_filter && self->has_other_filter)
    return g_strdup (_("The reviewer and attachment filters do not apply to reports"));
  if (!self->has_filter)
    return g_strdup (_("The list shows every submission"));

  if (self->has_status)
    /* Translators: a part of the list's filter; %s is a status */
    g_ptr_array_add (parts, g_strdup_printf (_("status %s"), status_display_name (self->status)));
  if (self->code_guid != NULL)
    {
      IntakeCodebook *codebook = intake_project_get_codebook (self->project);
      IntakeCode *code = codebook ? intake_codebook_find_by_guid (codebook, self->code_guid) : NULL;

      /* Translators: a part of the list's filter; %s is a code's name */
      g_ptr_array_add (parts, g_strdup_printf (_("coded “%s”"), code ? intake_code_get_name (code) : "?"));
    }
  if (self->attribute_name != NULL && self->attribute_value != NULL)
    /* Translators: a part of the list's filter; an attribute's name and value */
    g_ptr_array_add (parts, g_strdup_printf (_("%s is “%s”"), self->attribute_name, self->attribute_value));
  if (self->search != NULL)
    /* Translators: a part of the list's filter; %s is what was searched for */
    g_ptr_array_add (parts, g_strdup_printf (_("matching “%s”"), self->search));
  g_ptr_array_add (parts, NULL);

  /* Translators: between the parts of the list's filter */
  joined = g_strjoinv (_(", "), (char **) parts->pdata);
  if (self->has_other_filter)
    /* Translators: %s lists the filters a report applies */
    return g_strdup_printf (_("%s; the reviewer and attachment filters do not apply to reports"), joined);
  return g_steal_pointer (&joined);
}

static void
set_list_filter (IntakeExportDialog *self,
                 const IntakeFilter *filter)
{
  if (filter != NULL)
    {
      self->has_status = filter->has_status;
      self->status = filter->status;
      self->code_guid = g_strdup (filter->code_guid);
      if (filter->attribute_name != NULL && filter->attribute_value != NULL)
        {
          self->attribute_name = g_strdup (filter->attribute_name);
          self->attribute_value = g_strdup (filter->attribute_value);
        }
      if (filter->search != NULL && filter->search[0] != '\0')
        self->search = g_strdup (filter->search);
      self->has_other_filter = filter->reviewer != NULL || filter->has_attachments;
    }

  self->has_filter = self->has_status || self->code_guid != NULL ||
                     self->attribute_name != NULL || self->search != NULL;

  {
    g_autofree char *description = describe_filter (self);

    adw_action_row_set_subtitle (self->filtered_row, description);
  }
}

/* The options */

static void
set_options (IntakeExportDialog        *self,
             const IntakeReportOptions *options)
{
  if (options->title != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->title_row), options->title);
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i] == options->format)
      adw_combo_row_set_selected (self->format_row, i);
  for (guint i = 0; i < G_N_ELEMENTS (papers); i++)
    if (papers[i] == options->paper)
      adw_combo_row_set_selected (self->paper_row, i);

  gtk_switch_set_active (self->summary_switch, options->sections & INTAKE_REPORT_SECTION_SUMMARY);
  gtk_switch_set_active (self->codes_switch, options->sections & INTAKE_REPORT_SECTION_CODES);
  gtk_switch_set_active (self->crosstabs_switch, options->sections & INTAKE_REPORT_SECTION_CROSSTABS);
  gtk_switch_set_active (self->cooccurrence_switch, options->sections & INTAKE_REPORT_SECTION_COOCCURRENCE);
  gtk_switch_set_active (self->quotes_switch, options->sections & INTAKE_REPORT_SECTION_QUOTES);
  gtk_switch_set_active (self->submissions_switch, options->sections & INTAKE_REPORT_SECTION_SUBMISSIONS);
  gtk_switch_set_active (self->memos_switch, options->memos);
  if (options->quotes_per_code > 0)
    gtk_spin_button_set_value (self->quotes_spin, options->quotes_per_code);
  if (options->threshold > 0)
    gtk_spin_button_set_value (self->threshold_spin, options->threshold);
  gtk_switch_set_active (self->filtered_switch,
                         self->has_filter && (options->has_status || options->code_guid != NULL ||
                                              options->attribute_name != NULL || options->search != NULL));
}

IntakeReportOptions *
intake_export_dialog_get_options (IntakeExportDialog *self)
{
  IntakeReportOptions *options;
  IntakeReportSections sections = 0;
  g_autofree char *title = NULL;
  guint paper;

  g_return_val_if_fail (INTAKE_IS_EXPORT_DIALOG (self), NULL);

  if (gtk_switch_get_active (self->summary_switch))
    sections |= INTAKE_REPORT_SECTION_SUMMARY;
  if (gtk_switch_get_active (self->codes_switch))
    sections |= INTAKE_REPORT_SECTION_CODES;
  if (gtk_switch_get_active (self->crosstabs_switch))
    sections |= INTAKE_REPORT_SECTION_CROSSTABS;
  if (gtk_switch_get_active (self->cooccurrence_switch))
    sections |= INTAKE_REPORT_SECTION_COOCCURRENCE;
  if (gtk_switch_get_active (self->quotes_switch))
    sections |= INTAKE_REPORT_SECTION_QUOTES;
  if (gtk_switch_get_active (self->submissions_switch))
    sections |= INTAKE_REPORT_SECTION_SUBMISSIONS;

  paper = adw_combo_row_get_selected (self->paper_row);
  title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));

  /* Every field is set here: nothing rides on what new() defaults to. */
  options = intake_report_options_new ();
  options->format = get_format (self);
  options->sections = sections;
  options->redact = gtk_switch_get_active (self->redact_switch);
  options->threshold = (guint) gtk_spin_button_get_value_as_int (self->threshold_spin);
  options->quotes_per_code = (guint) gtk_spin_button_get_value_as_int (self->quotes_spin);
  options->memos = gtk_switch_get_active (self->memos_switch) &&
                   (sections & INTAKE_REPORT_SECTION_SUBMISSIONS) != 0;
  options->paper = paper < G_N_ELEMENTS (papers) ? papers[paper] : INTAKE_REPORT_PAPER_DEFAULT;
  /* Empty, the report takes the project's name. */
  if (title[0] != '\0')
    options->title = g_steal_pointer (&title);

  if (self->has_filter && gtk_switch_get_active (self->filtered_switch))
    {
      options->has_status = self->has_status;
      options->status = self->status;
      options->code_guid = g_strdup (self->code_guid);
      options->attribute_name = g_strdup (self->attribute_name);
      options->attribute_value = g_strdup (self->attribute_value);
      options->search = g_strdup (self->search);
    }

  return options;
}

/* Exporting */

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  IntakeExportDialog *self = user_data;

  if (self->state == INTAKE_EXPORT_DIALOG_EXPORTING && !self->closed)
    gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
}

static void
export_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(IntakeExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = intake_report_export_finish (result, &error);
  g_clear_object (&self->cancellable);
  g_application_release (g_application_get_default ());

  /* Closed while it ran: the close cancelled it, and nobody is looking. If
   * it had already finished, the report is there, but the person asked for
   * it to stop: it is not announced. */
  if (self->closed)
    {
      self->state = INTAKE_EXPORT_DIALOG_FORM;
      return;
    }

  if (ok)
    {
      g_autofree char *name = g_file_get_basename (self->file);
      g_autofree char *display = g_filename_display_name (name);
      g_autoptr(GFile) parent = g_file_get_parent (self->file);
      g_autofree char *folder = parent ? g_file_get_parse_name (parent) : g_strdup ("");
      g_autofree char *description = NULL;

      /* Translators: %s is a file's name, then the folder it is in */
      description = g_strdup_printf (_("Saved as “%s” in %s"), display, folder);
      adw_status_page_set_description (self->done_page, description);

      self->state = INTAKE_EXPORT_DIALOG_DONE;
      update_state (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->open_button));
      g_signal_emit (self, signals[EXPORTED], 0);
      return;
    }

  g_clear_object (&self->file);
  self->state = INTAKE_EXPORT_DIALOG_FORM;
  update_state (self);

  /* The core keeps the file that was there. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Export cancelled")));
  else
    intake_show_error (GTK_WIDGET (self->toast_overlay), _("Could not export the report"), error);
}

void
intake_export_dialog_export_to (IntakeExportDialog *self,
                                GFile              *file)
{
  g_autoptr(IntakeReportOptions) options = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *display = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (INTAKE_IS_EXPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->state == INTAKE_EXPORT_DIALOG_EXPORTING)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (INTAKE_REPORT_ERROR, INTAKE_REPORT_ERROR_INVALID,
                                                     _("Reports are saved to local files only"));

      intake_show_error (GTK_WIDGET (self->toast_overlay), _("Could not export the report"), error);
      return;
    }

  options = intake_export_dialog_get_options (self);

  g_set_object (&self->file, file);
  self->cancellable = g_cancellable_new ();
  self->state = INTAKE_EXPORT_DIALOG_EXPORTING;

  name = g_file_get_basename (file);
  display = g_filename_display_name (name);
  /* Translators: %s is the name of the file being written */
  label = g_strdup_printf (_("Exporting “%s”…"), display);
  gtk_label_set_text (self->progress_label, label);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  update_state (self);
  /* The focus was in the form, now insensitive; Cancel is what is left. */
  gtk_widget_grab_focus (GTK_WIDGET (self->cancel_button));

  /* The application stays until the report is written or cancelled. */
  g_application_hold (g_application_get_default ());
  intake_report_export_async (intake_project_get_path (self->project), options, path,
                              progress_cb, g_object_ref (self), g_object_unref,
                              self->cancellable, export_cb, g_object_ref (self));
}

static char *
suggested_name (IntakeExportDialog *self)
{
  g_autofree char *name = project_name (self->project);

  /* Translators: the suggested file name of a report; %s is the project's
   * name, then the extension (".pdf") */
  return g_strdup_printf (_("%s-report%s"), name, intake_report_format_extension (get_format (self)));
}

static void
add_format_filter (GtkFileChooser     *chooser,
                   IntakeReportFormat  format)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  const char *extension = intake_report_format_extension (format);
  const char *name;

  switch (format)
    {
    case INTAKE_REPORT_FORMAT_PDF:
      name = _("PDF Documents");
      break;
    case INTAKE_REPORT_FORMAT_HTML:
      name = _("Web Pages");
      break;
    case INTAKE_REPORT_FORMAT_XML:
      name = _("XML Files");
      break;
    case INTAKE_REPORT_FORMAT_CSV:
    case INTAKE_REPORT_FORMAT_CSV_MATRIX:
    default:
      name = _("CSV Spreadsheets");
      break;
    }

  gtk_file_filter_set_name (filter, name);
  /* Any case: "REPORT.PDF" is a PDF too. */
  gtk_file_filter_add_suffix (filter, extension[0] == '.' ? extension + 1 : extension);
  gtk_file_chooser_add_filter (chooser, filter);

  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (chooser, all);
}

static void
close_chooser (IntakeExportDialog *self)
{
  if (self->chooser == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->chooser, self);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
}

static void
chooser_response_cb (GtkNativeDialog    *native,
                     int                 response,
                     IntakeExportDialog *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  close_chooser (self);

  if (file != NULL && !self->closed)
    intake_export_dialog_export_to (self, file);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  IntakeExportDialog *self = INTAKE_EXPORT_DIALOG (widget);
  GtkFileChooserNative *native;
  g_autofree char *name = NULL;
  const char *path = intake_project_get_path (self->project);

  if (self->state != INTAKE_EXPORT_DIALOG_FORM || self->chooser != NULL)
    return;

  native = gtk_file_chooser_native_new (_("Export Report"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);

  name = suggested_name (self);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  add_format_filter (GTK_FILE_CHOOSER (native), get_format (self));
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
  IntakeExportDialog *self = INTAKE_EXPORT_DIALOG (widget);

  if (self->state == INTAKE_EXPORT_DIALOG_EXPORTING)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
show_uri_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(IntakeExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error) && !self->closed &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    intake_show_error (GTK_WIDGET (self->toast_overlay), _("Could not open the report"), error);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  IntakeExportDialog *self = INTAKE_EXPORT_DIALOG (widget);
  g_autofree char *uri = NULL;

  if (self->state != INTAKE_EXPORT_DIALOG_DONE || self->file == NULL)
    return;

  uri = g_file_get_uri (self->file);
  gtk_show_uri_full (GTK_WINDOW (self), uri, GDK_CURRENT_TIME, NULL, show_uri_cb, g_object_ref (self));
}

/* GtkWindow */

/* Closing stops the export, and the file that was there stays. A dialog
 * destroyed with its window gets no close request, but it is unrealized
 * either way, before the export lets go of it. */
static void
stop (IntakeExportDialog *self)
{
  self->closed = TRUE;
  close_chooser (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
intake_export_dialog_unrealize (GtkWidget *widget)
{
  stop (INTAKE_EXPORT_DIALOG (widget));

  GTK_WIDGET_CLASS (intake_export_dialog_parent_class)->unrealize (widget);
}

/* GObject */

static void
intake_export_dialog_dispose (GObject *object)
{
  IntakeExportDialog *self = INTAKE_EXPORT_DIALOG (object);

  stop (self);
  g_clear_handle_id (&self->redact_state_idle, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), INTAKE_TYPE_EXPORT_DIALOG);
  g_clear_object (&self->project);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (intake_export_dialog_parent_class)->dispose (object);
}

static void
intake_export_dialog_finalize (GObject *object)
{
  IntakeExportDialog *self = INTAKE_EXPORT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_free (self->code_guid);
  g_free (self->attribute_name);
  g_free (self->attribute_value);
  g_free (self->search);

  G_OBJECT_CLASS (intake_export_dialog_parent_class)->finalize (object);
}

static void
intake_export_dialog_class_init (IntakeExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = intake_export_dialog_dispose;
  object_class->finalize = intake_export_dialog_finalize;
  widget_class->unrealize = intake_export_dialog_unrealize;

  /**
   * IntakeExportDialog::exported:
   *
   * The report was written; the window keeps the options for next time.
   */
  signals[EXPORTED] =
    g_signal_new ("exported",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/argylepr/FeedbackIntake/ui/intake-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, page);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, paper_row);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, contents_group);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, summary_row);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, summary_switch);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, codes_row);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, codes_switch);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, crosstabs_row);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, crosstabs_switch);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, cooccurrence_row);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, cooccurrence_switch);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, quotes_row);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, quotes_switch);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, quotes_per_code_row);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, quotes_spin);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, submissions_row);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, submissions_switch);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, memos_row);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, memos_switch);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, filtered_row);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, filtered_switch);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, redact_row);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, redact_switch);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, threshold_row);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, threshold_spin);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, done_page);
  gtk_widget_class_bind_template_child (widget_class, IntakeExportDialog, open_button);

  gtk_widget_class_install_action (widget_class, "export.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "export.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "export.open", NULL, open_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "export.cancel", NULL);
}

static void
intake_export_dialog_init (IntakeExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  intake_accessible_name_by_mnemonics (GTK_WIDGET (self));


  /* What the quotes and memos rows apply to, and what the format allows. */
  g_signal_connect_object (self->quotes_switch, "notify::active",
                           G_CALLBACK (form_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->submissions_switch, "notify::active",
                           G_CALLBACK (form_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->format_row, "notify::selected",
                           G_CALLBACK (form_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->redact_switch, "notify::active",
                           G_CALLBACK (redact_switch_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
intake_export_dialog_new (GtkWindow                 *parent,
                          IntakeProject             *project,
                          const IntakeReportOptions *initial,
                          const IntakeFilter        *list_filter)
{
  IntakeExportDialog *self;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (INTAKE_IS_PROJECT (project), NULL);

  self = g_object_new (INTAKE_TYPE_EXPORT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->project = g_object_ref (project);

  {
    g_autofree char *name = project_name (project);

    gtk_editable_set_text (GTK_EDITABLE (self->title_row), name);
  }
  /* Enter in the title exports; the focus starts on the first choice, not on Cancel. */
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->export_button));
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->format_row));

  set_list_filter (self, list_filter);
  if (initial != NULL)
    set_options (self, initial);
  /* Whatever the last export chose, a new one starts redacted. */
  set_redact (self, TRUE);
  update_state (self);

  return GTK_WIDGET (self);
}

IntakeExportDialogState
intake_export_dialog_get_state (IntakeExportDialog *self)
{
  g_return_val_if_fail (INTAKE_IS_EXPORT_DIALOG (self), INTAKE_EXPORT_DIALOG_FORM);

  return self->state;
}

GFile *
intake_export_dialog_get_file (IntakeExportDialog *self)
{
  g_return_val_if_fail (INTAKE_IS_EXPORT_DIALOG (self), NULL);

  return self->file;
}
