/* Exporting a report from the window, and the reader's report view: the
 * dialog's choices and their defaults, the export on its thread with
 * Cancel, and a submission shown redacted, with more marked from there. */
#define G_LOG_DOMAIN "test-export-ui"

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "intake-application.h"
#include "intake-export-dialog.h"
#include "intake-reader.h"
#include "intake-project.h"
#include "intake-redact.h"
#include "intake-report.h"
#include "intake-store.h"
#include "intake-submission.h"
#include "intake-window.h"
#include "ui-test-support.h"

#define EMAIL "jordan.ellis@example.net"
#define PHONE "403-555-0199"
#define PERSONAL_SUBJECT "Call me"

static const char mailbox[] =
  "From jordan.ellis@example.net Mon Apr 19 10:00:00 2021\n"
  "From: Jordan Ellis <" EMAIL ">\n"
  "Subject: " PERSONAL_SUBJECT "\n"
  "Date: Mon, 19 Apr 2021 10:00:00 -0600\n"
  "Message-ID: <jordan-1@example.net>\n"
  "MIME-Version: 1.0\n"
  "Content-Type: text/plain; charset=utf-8\n"
  "Content-Transfer-Encoding: 8bit\n"
  "\n"
  "Les élèves deserve better. Please call me at " PHONE " or write to " EMAIL " about the officer.\n"
  "Counsellors would help more than police.\n"
  "\n"
  "From lee@example.org Wed Apr 21 14:00:00 2021\n"
  "From: Lee Chan <lee@example.org>\n"
  "Subject: Keep the programme\n"
  "Date: Wed, 21 Apr 2021 14:00:00 -0600\n"
  "Message-ID: <lee-1@example.org>\n"
  "MIME-Version: 1.0\n"
  "Content-Type: text/plain; charset=utf-8\n"
  "\n"
  "The officer mentors my daughter and she feels safer.\n";

typedef struct
{
  char          *dir;
  IntakeProject *project;
  IntakeStore   *store;     /* the project's */
  IntakeWindow  *window;
} Fixture;

/* Looking at the window */

static GtkWidget *
find_row (GtkWidget  *root,
          const char *title)
{
  GtkWidget *row = find_widget (root, ADW_TYPE_PREFERENCES_ROW, preferences_row_has_title, title);

  if (row == NULL)
    g_error ("No row “%s”", title);
  return row;
}

static GtkSwitch *
row_switch (GtkWidget  *root,
            const char *title)
{
  GtkWidget *widget = find_widget (find_row (root, title), GTK_TYPE_SWITCH, NULL, NULL);

  g_assert_nonnull (widget);
  return GTK_SWITCH (widget);
}

static gboolean
reader_text_contains (Fixture    *fixture,
                      const char *needle)
{
  g_autofree char *text = reader_text (fixture->window);

  g_assert_nonnull (text);
  return strstr (text, needle) != NULL;
}

/* Where @word is in the submission's original text, in code points. */
static void
original_range (Fixture    *fixture,
                gint64      id,
                const char *word,
                int        *start,
                int        *end)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeSubmission) submission = intake_store_get_submission (fixture->store, id, &error);
  const char *text, *found;

  g_assert_no_error (error);
  text = intake_submission_get_text (submission);
  found = strstr (text, word);
  g_assert_nonnull (found);
  *start = (int) g_utf8_pointer_to_offset (text, found);
  *end = *start + (int) g_utf8_strlen (word, -1);
}

static IntakeCoding *
find_redaction_coding (GPtrArray *codings)
{
  for (guint i = 0; i < codings->len; i++)
    {
      IntakeCoding *coding = g_ptr_array_index (codings, i);

      if (g_strcmp0 (coding->code_guid, INTAKE_FLAG_NEEDS_REDACTION_GUID) == 0)
        return coding;
    }
  return NULL;
}

static IntakeExportDialog *
open_dialog (Fixture *fixture)
{
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.export", NULL));
  dialog = find_toplevel (INTAKE_TYPE_EXPORT_DIALOG);
  if (dialog == NULL)
    g_error ("No export dialog opened");

  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (fixture->window));
  g_assert_true (gtk_window_get_modal (dialog));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  return INTAKE_EXPORT_DIALOG (dialog);
}

static void
select_format (IntakeExportDialog *dialog,
               const char         *item)
{
  AdwComboRow *row = ADW_COMBO_ROW (find_row (GTK_WIDGET (dialog), "Format"));
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), item) == 0)
      {
        adw_combo_row_set_selected (row, i);
        return;
      }

  g_error ("No format “%s”", item);
}

/* Fixture */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->project = open_temporary_project ("test-export-ui-XXXXXX", &fixture->dir, &fixture->store);
  fixture->window = open_window (app, fixture->project);
  import_and_wait (fixture->window, fixture->dir, "inbox.mbox", mailbox);
  g_assert_cmpuint (g_list_model_get_n_items (list_model (fixture->window)), ==, 2);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  destroy_toplevels ();
  iterate_for (50);

  g_assert_finalize_object (fixture->window);
  g_assert_finalize_object (fixture->project);
  g_assert_finalize_object (fixture->store);

  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* The dialog */

static void
test_dialog_defaults (Fixture       *fixture,
                      gconstpointer  data)
{
  IntakeExportDialog *dialog = open_dialog (fixture);
  g_autoptr(IntakeReportOptions) options = intake_export_dialog_get_options (dialog);
  GtkWidget *export_button;

  g_assert_cmpint (intake_export_dialog_get_state (dialog), ==, INTAKE_EXPORT_DIALOG_FORM);
  g_assert_cmpint (options->format, ==, INTAKE_REPORT_FORMAT_PDF);
  g_assert_true (options->redact);
  g_assert_cmpuint (options->threshold, ==, INTAKE_REPORT_DEFAULT_THRESHOLD);
  g_assert_cmpuint (options->threshold, ==, 5);
  g_assert_cmpuint (options->quotes_per_code, ==, INTAKE_REPORT_DEFAULT_QUOTES);
  g_assert_cmpint (options->sections, ==, INTAKE_REPORT_SECTION_ALL);
  g_assert_false (options->memos);
  g_assert_cmpint (options->paper, ==, INTAKE_REPORT_PAPER_DEFAULT);
  /* The project's name, without its extension. */
  g_assert_cmpstr (options->title, ==, "Consultation");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_row (GTK_WIDGET (dialog), "Title"))), ==, "Consultation");
  /* With no filter on, every submission. */
  g_assert_false (options->has_status);
  g_assert_null (options->search);
  g_assert_false (gtk_widget_get_sensitive (find_row (GTK_WIDGET (dialog), "Only the submissions the list shows")));

  g_assert_true (gtk_switch_get_active (row_switch (GTK_WIDGET (dialog), "Redact personal information")));
  g_assert_true (gtk_widget_get_sensitive (find_row (GTK_WIDGET (dialog), "Paper")));
  export_button = find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, button_has_label, "_Export…");
  g_assert_nonnull (export_button);
  g_assert_true (gtk_widget_has_css_class (export_button, "suggested-action"));
  g_assert_true (gtk_widget_get_sensitive (export_button));
}

static void
test_dialog_redaction_needs_confirmation (Fixture       *fixture,
                                          gconstpointer  data)
{
  IntakeExportDialog *dialog = open_dialog (fixture);
  GtkSwitch *redact = row_switch (GTK_WIDGET (dialog), "Redact personal information");
  AdwMessageDialog *confirm;
  g_autoptr(IntakeReportOptions) kept = NULL;
  g_autoptr(IntakeReportOptions) off = NULL;

  /* Turning it off asks, and it stays on until the answer. */
  gtk_switch_set_active (redact, FALSE);
  iterate_for (50);
  confirm = find_message_dialog (GTK_WINDOW (dialog), TRUE);
  g_assert_nonnull (confirm);
  g_assert_cmpstr (adw_message_dialog_get_heading (confirm), ==, "Export without redaction?");
  g_assert_true (adw_message_dialog_has_response (confirm, "cancel"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (confirm, "turn-off"), ==, ADW_RESPONSE_DESTRUCTIVE);
  g_assert_true (gtk_switch_get_active (redact));

  adw_message_dialog_response (confirm, "cancel");
  iterate_for (50);
  g_assert_true (gtk_switch_get_active (redact));
  kept = intake_export_dialog_get_options (dialog);
  g_assert_true (kept->redact);

  /* Confirmed, it goes off. */
  gtk_switch_set_active (redact, FALSE);
  iterate_for (50);
  confirm = find_message_dialog (GTK_WINDOW (dialog), TRUE);
  g_assert_nonnull (confirm);
  adw_message_dialog_response (confirm, "turn-off");
  iterate_for (50);
  g_assert_false (gtk_switch_get_active (redact));
  off = intake_export_dialog_get_options (dialog);
  g_assert_false (off->redact);
}

static void
test_dialog_rows_follow_format (Fixture       *fixture,
                                gconstpointer  data)
{
  IntakeExportDialog *dialog = open_dialog (fixture);
  GtkWidget *paper = find_row (GTK_WIDGET (dialog), "Paper");
  GtkWidget *quotes = find_row (GTK_WIDGET (dialog), "Representative quotes");
  g_autoptr(IntakeReportOptions) options = NULL;

  select_format (dialog, "Spreadsheet, one row per coding (CSV)");
  g_assert_false (gtk_widget_is_sensitive (paper));
  g_assert_false (gtk_widget_is_sensitive (quotes));
  options = intake_export_dialog_get_options (dialog);
  g_assert_cmpint (options->format, ==, INTAKE_REPORT_FORMAT_CSV);
  g_clear_pointer (&options, intake_report_options_free);

  select_format (dialog, "Spreadsheet, one row per submission (CSV)");
  g_assert_false (gtk_widget_is_sensitive (paper));
  options = intake_export_dialog_get_options (dialog);
  g_assert_cmpint (options->format, ==, INTAKE_REPORT_FORMAT_CSV_MATRIX);
  g_clear_pointer (&options, intake_report_options_free);

  select_format (dialog, "Web page (HTML)");
  g_assert_false (gtk_widget_is_sensitive (paper));
  g_assert_true (gtk_widget_is_sensitive (quotes));

  select_format (dialog, "PDF document");
  g_assert_true (gtk_widget_is_sensitive (paper));

  /* A section off leaves its setting nothing to set. */
  gtk_switch_set_active (row_switch (GTK_WIDGET (dialog), "Representative quotes"), FALSE);
  g_assert_false (gtk_widget_is_sensitive (find_row (GTK_WIDGET (dialog), "Quotes per code")));
  options = intake_export_dialog_get_options (dialog);
  g_assert_cmpint (options->sections, ==, INTAKE_REPORT_SECTION_ALL & ~INTAKE_REPORT_SECTION_QUOTES);
}

static void
test_dialog_takes_list_filter (Fixture       *fixture,
                               gconstpointer  data)
{
  GtkWidget *search_entry = find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_SEARCH_ENTRY,
                                         search_entry_has_placeholder, "Search the Submissions");
  IntakeExportDialog *dialog;
  g_autoptr(IntakeReportOptions) all = NULL;
  g_autoptr(IntakeReportOptions) shown = NULL;
  GtkWidget *row;

  gtk_editable_set_text (GTK_EDITABLE (search_entry), "daughter");
  WAIT_UNTIL (list_is_settled (fixture->window) && g_list_model_get_n_items (list_model (fixture->window)) == 1);

  dialog = open_dialog (fixture);
  row = find_row (GTK_WIDGET (dialog), "Only the submissions the list shows");
  g_assert_true (gtk_widget_get_sensitive (row));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "daughter"));

  all = intake_export_dialog_get_options (dialog);
  g_assert_null (all->search);

  gtk_switch_set_active (row_switch (GTK_WIDGET (dialog), "Only the submissions the list shows"), TRUE);
  shown = intake_export_dialog_get_options (dialog);
  g_assert_cmpstr (shown->search, ==, "daughter");
  g_assert_false (shown->has_status);
  g_assert_null (shown->code_guid);
}

typedef struct
{
  const char *format_item;
  const char *extension;
  const char *magic;   /* what the file starts with, NULL for CSV */
} FormatCase;

static const FormatCase format_cases[] = {
  { "PDF document", ".pdf", "%PDF-" },
  { "Web page (HTML)", ".html", NULL },
  { "XML", ".xml", "<?xml" },
  { "Spreadsheet, one row per coding (CSV)", ".csv", NULL },
  { "Spreadsheet, one row per submission (CSV)", ".csv", NULL },
};

static void
test_dialog_exports (Fixture       *fixture,
                     gconstpointer  data)
{
  const FormatCase *format = data;
  IntakeExportDialog *dialog = open_dialog (fixture);
  g_autofree char *out = g_strconcat (fixture->dir, "/report", format->extension, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (out);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  GtkWidget *export_button;
  gsize length;

  select_format (dialog, format->format_item);
  intake_export_dialog_export_to (dialog, file);
  g_assert_cmpint (intake_export_dialog_get_state (dialog), ==, INTAKE_EXPORT_DIALOG_EXPORTING);
  export_button = find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, button_has_label, "_Export…");
  g_assert_false (gtk_widget_get_sensitive (export_button));
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), GTK_TYPE_PROGRESS_BAR, NULL, NULL));

  WAIT_UNTIL (intake_export_dialog_get_state (dialog) != INTAKE_EXPORT_DIALOG_EXPORTING);
  g_assert_cmpint (intake_export_dialog_get_state (dialog), ==, INTAKE_EXPORT_DIALOG_DONE);
  g_assert_true (g_file_equal (intake_export_dialog_get_file (dialog), file));
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, button_has_label, "_Open"));

  g_file_get_contents (out, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 0);
  g_assert_true (g_utf8_validate (contents, length, NULL) || format->magic != NULL);

  if (format->magic != NULL)
    g_assert_true (g_str_has_prefix (contents, format->magic));
  else if (g_str_equal (format->extension, ".html"))
    {
      g_autofree char *head = g_ascii_strdown (contents, MIN (length, 200));

      g_assert_true (g_str_has_prefix (head, "<!doctype html") || g_str_has_prefix (head, "<html"));
    }
  else
    {
      /* A header row, comma-separated, perhaps after a byte order mark. */
      const char *line = g_str_has_prefix (contents, "\xef\xbb\xbf") ? contents + 3 : contents;
      const char *newline = strchr (line, '\n');

      g_assert_nonnull (newline);
      g_assert_nonnull (memchr (line, ',', newline - line));
    }

  /* The redacted export names nobody. */
  g_assert_null (g_strstr_len (contents, length, EMAIL));
  g_assert_null (g_strstr_len (contents, length, PHONE));
}

static void
write_old_report (const char *path)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, "the report of yesterday\n", -1, &error);
  g_assert_no_error (error);
}

static void
assert_old_report (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "the report of yesterday\n");
}

static void
test_dialog_cancel_keeps_file (Fixture       *fixture,
                               gconstpointer  data)
{
  IntakeExportDialog *dialog = open_dialog (fixture);
  g_autofree char *out = g_build_filename (fixture->dir, "report.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (out);

  write_old_report (out);

  intake_export_dialog_export_to (dialog, file);
  g_assert_cmpint (intake_export_dialog_get_state (dialog), ==, INTAKE_EXPORT_DIALOG_EXPORTING);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "export.cancel", NULL));

  WAIT_UNTIL (intake_export_dialog_get_state (dialog) != INTAKE_EXPORT_DIALOG_EXPORTING);
  g_assert_cmpint (intake_export_dialog_get_state (dialog), ==, INTAKE_EXPORT_DIALOG_FORM);
  g_assert_nonnull (find_toast (GTK_WIDGET (dialog), "Export cancelled"));
  assert_old_report (out);

  /* The form is back, and can export again. */
  g_assert_true (gtk_widget_get_sensitive (find_row (GTK_WIDGET (dialog), "Format")));
  g_assert_true (gtk_widget_is_sensitive (find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON,
                                                       button_has_label, "_Export…")));
}

static void
test_dialog_close_cancels (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(IntakeExportDialog) dialog = g_object_ref (open_dialog (fixture));
  g_autofree char *out = g_build_filename (fixture->dir, "report.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (out);

  write_old_report (out);

  intake_export_dialog_export_to (dialog, file);
  gtk_window_close (GTK_WINDOW (dialog));
  WAIT_UNTIL (intake_export_dialog_get_state (dialog) != INTAKE_EXPORT_DIALOG_EXPORTING);
  assert_old_report (out);
}

static void
set_flag_cb (gpointer  instance,
             gboolean *flag)
{
  *flag = TRUE;
}

/* The dialog goes with its window, and takes its export with it. */
static void
test_dialog_window_close_cancels (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(IntakeExportDialog) dialog = g_object_ref (open_dialog (fixture));
  g_autofree char *out = g_build_filename (fixture->dir, "report.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (out);
  gboolean exported = FALSE;

  write_old_report (out);
  g_signal_connect (dialog, "exported", G_CALLBACK (set_flag_cb), &exported);

  intake_export_dialog_export_to (dialog, file);
  gtk_window_close (GTK_WINDOW (fixture->window));
  g_assert_false (gtk_widget_get_realized (GTK_WIDGET (dialog)));

  WAIT_UNTIL (intake_export_dialog_get_state (dialog) != INTAKE_EXPORT_DIALOG_EXPORTING);
  g_assert_cmpint (intake_export_dialog_get_state (dialog), ==, INTAKE_EXPORT_DIALOG_FORM);
  g_assert_false (exported);
  assert_old_report (out);
}

/* GTK 4.8 would name them twice: "_Cancel Cancel", "At a glance At a glance". */
static void
test_dialog_names_controls_once (Fixture       *fixture,
                                 gconstpointer  data)
{
  IntakeExportDialog *dialog = open_dialog (fixture);
  const char *buttons[] = { "_Cancel", "_Export…", "_Open", "C_lose" };
  GtkSwitch *toggle;

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      GtkWidget *button = find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, button_has_label, buttons[i]);

      g_assert_nonnull (button);
      g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL));
      g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY));
    }

  /* The row labels its switch. */
  toggle = row_switch (GTK_WIDGET (dialog), "At a glance");
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL));
  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_RELATION_LABELLED_BY));
}

static void
test_dialog_remembers_choices (Fixture       *fixture,
                               gconstpointer  data)
{
  IntakeExportDialog *dialog = open_dialog (fixture);
  g_autofree char *out = g_build_filename (fixture->dir, "report.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (out);
  g_autoptr(IntakeReportOptions) options = NULL;
  AdwMessageDialog *confirm;

  select_format (dialog, "XML");
  gtk_switch_set_active (row_switch (GTK_WIDGET (dialog), "Representative quotes"), FALSE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_widget (find_row (GTK_WIDGET (dialog), "Suppress counts under"),
                                                           GTK_TYPE_SPIN_BUTTON, NULL, NULL)), 10);
  gtk_switch_set_active (row_switch (GTK_WIDGET (dialog), "Redact personal information"), FALSE);
  iterate_for (50);
  confirm = find_message_dialog (GTK_WINDOW (dialog), TRUE);
  g_assert_nonnull (confirm);
  adw_message_dialog_response (confirm, "turn-off");

  intake_export_dialog_export_to (dialog, file);
  WAIT_UNTIL (intake_export_dialog_get_state (dialog) != INTAKE_EXPORT_DIALOG_EXPORTING);
  g_assert_cmpint (intake_export_dialog_get_state (dialog), ==, INTAKE_EXPORT_DIALOG_DONE);
  gtk_window_close (GTK_WINDOW (dialog));
  iterate_for (50);

  /* The next export starts from these choices, but redacted again. */
  dialog = open_dialog (fixture);
  options = intake_export_dialog_get_options (dialog);
  g_assert_cmpint (options->format, ==, INTAKE_REPORT_FORMAT_XML);
  g_assert_cmpint (options->sections, ==, INTAKE_REPORT_SECTION_ALL & ~INTAKE_REPORT_SECTION_QUOTES);
  g_assert_cmpuint (options->threshold, ==, 10);
  g_assert_true (options->redact);
}

/* The reader's report view */

static void
test_report_view_redacts (Fixture       *fixture,
                          gconstpointer  data)
{
  IntakeReader *reader = get_reader (fixture->window);
  GtkTextBuffer *buffer = reader_buffer (fixture->window);
  GtkTextTag *redacted;
  g_autofree char *text = NULL;
  GtkTextIter iter;
  const char *marker;

  select_subject (fixture->window, PERSONAL_SUBJECT);
  g_assert_true (reader_text_contains (fixture, EMAIL));
  g_assert_false (intake_reader_get_report_view (reader));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.toggle-report-view", NULL));
  g_assert_true (intake_reader_get_report_view (reader));
  WAIT_UNTIL (intake_reader_get_report_ready (reader));

  text = reader_text (fixture->window);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "[redacted: email]"));
  g_assert_nonnull (strstr (text, "[redacted: phone]"));
  g_assert_null (strstr (text, EMAIL));
  g_assert_null (strstr (text, PHONE));
  g_assert_nonnull (strstr (text, "Les élèves deserve better."));

  /* Each marker is highlighted, and the text around it is not. */
  redacted = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "redacted");
  g_assert_nonnull (redacted);
  marker = strstr (text, "[redacted: email]");
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int) g_utf8_pointer_to_offset (text, marker) + 3);
  g_assert_true (gtk_text_iter_has_tag (&iter, redacted));
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, 2);
  g_assert_false (gtk_text_iter_has_tag (&iter, redacted));

  /* Another submission keeps the view; back again, the redaction is there. */
  select_subject (fixture->window, "Keep the programme");
  g_assert_true (intake_reader_get_report_view (reader));
  WAIT_UNTIL (intake_reader_get_report_ready (reader));
  g_assert_true (reader_text_contains (fixture, "mentors my daughter"));

  select_subject (fixture->window, PERSONAL_SUBJECT);
  WAIT_UNTIL (intake_reader_get_report_ready (reader));
  g_assert_true (reader_text_contains (fixture, "[redacted: email]"));

  /* Off, the text is the submission's own. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.toggle-report-view", NULL));
  g_assert_false (intake_reader_get_report_view (reader));
  g_assert_true (reader_text_contains (fixture, EMAIL));
}

static void
test_report_view_marks_more (Fixture       *fixture,
                             gconstpointer  data)
{
  IntakeReader *reader = get_reader (fixture->window);
  g_autoptr(GPtrArray) codings = NULL;
  g_autoptr(GError) error = NULL;
  IntakeCoding *coding;
  gint64 id;
  int start, end;

  id = select_subject (fixture->window, PERSONAL_SUBJECT);
  intake_reader_set_report_view (reader, TRUE);
  WAIT_UNTIL (intake_reader_get_report_ready (reader));

  /* After the markers, the offsets in the view and the original differ. */
  select_word (fixture->window, "Counsellors", NULL, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.mark-for-redaction", NULL));

  original_range (fixture, id, "Counsellors", &start, &end);
  codings = intake_store_list_codings (fixture->store, id, &error);
  g_assert_no_error (error);
  coding = find_redaction_coding (codings);
  g_assert_nonnull (coding);
  g_assert_cmpint (coding->start, ==, start);
  g_assert_cmpint (coding->end, ==, end);
  g_assert_cmpstr (coding->excerpt, ==, "Counsellors");

  /* The view follows: the word is now a marker too. */
  WAIT_UNTIL (reader_text_contains (fixture, "[redacted: marked] would help"));
  g_assert_false (reader_text_contains (fixture, "Counsellors"));
  g_assert_true (intake_reader_get_report_view (reader));
}

static void
test_report_view_withheld (Fixture       *fixture,
                           gconstpointer  data)
{
  IntakeReader *reader = get_reader (fixture->window);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 id;

  id = select_subject (fixture->window, PERSONAL_SUBJECT);
  intake_reader_set_report_view (reader, TRUE);
  WAIT_UNTIL (intake_reader_get_report_ready (reader));
  g_assert_true (reader_text_contains (fixture, "Les élèves"));

  /* The flag on the whole submission, as the Flags menu sets it. */
  g_assert_true (intake_project_add_coding (fixture->project, id, INTAKE_FLAG_NEEDS_REDACTION_GUID,
                                            -1, -1, NULL, &error));
  g_assert_no_error (error);

  WAIT_UNTIL (!reader_text_contains (fixture, "Les élèves"));
  text = reader_text (fixture->window);
  g_assert_cmpstr (text, ==, "[redacted: marked]");
  g_assert_nonnull (find_widget (GTK_WIDGET (reader), GTK_TYPE_LABEL, label_is_mapped_with_text,
                                 "Withheld from reports: the whole submission is flagged Needs redaction"));
  /* Nor does its subject show. */
  g_assert_null (find_widget (GTK_WIDGET (reader), GTK_TYPE_LABEL, label_has_text, PERSONAL_SUBJECT));
}

static void
test_mark_in_normal_view (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) codings = NULL;
  g_autoptr(GError) error = NULL;
  IntakeCoding *coding;
  gint64 id;
  int start, end;

  id = select_subject (fixture->window, "Keep the programme");
  select_word (fixture->window, "daughter", NULL, NULL);
  original_range (fixture, id, "daughter", &start, &end);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.mark-for-redaction", NULL));

  codings = intake_store_list_codings (fixture->store, id, &error);
  g_assert_no_error (error);
  coding = find_redaction_coding (codings);
  g_assert_nonnull (coding);
  g_assert_cmpint (coding->start, ==, start);
  g_assert_cmpint (coding->end, ==, end);

  /* Undo takes it back, as any coding. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo", NULL));
  g_clear_pointer (&codings, g_ptr_array_unref);
  codings = intake_store_list_codings (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_null (find_redaction_coding (codings));
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv, UI_TEST_APP | UI_TEST_WIDE);

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("/export-ui/dialog/defaults", test_dialog_defaults, NULL);
  ADD ("/export-ui/dialog/redaction-needs-confirmation", test_dialog_redaction_needs_confirmation, NULL);
  ADD ("/export-ui/dialog/rows-follow-format", test_dialog_rows_follow_format, NULL);
  ADD ("/export-ui/dialog/takes-list-filter", test_dialog_takes_list_filter, NULL);
  ADD ("/export-ui/dialog/export/pdf", test_dialog_exports, &format_cases[0]);
  ADD ("/export-ui/dialog/export/html", test_dialog_exports, &format_cases[1]);
  ADD ("/export-ui/dialog/export/xml", test_dialog_exports, &format_cases[2]);
  ADD ("/export-ui/dialog/export/csv", test_dialog_exports, &format_cases[3]);
  ADD ("/export-ui/dialog/export/csv-matrix", test_dialog_exports, &format_cases[4]);
  ADD ("/export-ui/dialog/remembers-choices", test_dialog_remembers_choices, NULL);
  ADD ("/export-ui/dialog/cancel-keeps-file", test_dialog_cancel_keeps_file, NULL);
  ADD ("/export-ui/dialog/close-cancels", test_dialog_close_cancels, NULL);
  ADD ("/export-ui/dialog/window-close-cancels", test_dialog_window_close_cancels, NULL);
  ADD ("/export-ui/dialog/names-controls-once", test_dialog_names_controls_once, NULL);
  ADD ("/export-ui/reader/report-view-redacts", test_report_view_redacts, NULL);
  ADD ("/export-ui/reader/report-view-marks-more", test_report_view_marks_more, NULL);
  ADD ("/export-ui/reader/report-view-withheld", test_report_view_withheld, NULL);
  ADD ("/export-ui/reader/mark-in-normal-view", test_mark_in_normal_view, NULL);

#undef ADD

  return ui_test_run ();
}
