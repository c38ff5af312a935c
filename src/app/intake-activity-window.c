#define G_LOG_DOMAIN "intake-activity-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "intake-activity-window.h"
#include "intake-csv.h"
#include "intake-error.h"
#include "intake-file.h"
#include "intake-store.h"

struct _IntakeActivityWindow
{
  AdwWindow             parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkDropDown          *reviewer_dropdown;
  GtkStringList        *reviewer_model;
  GtkStack             *stack;
  GtkSpinner           *spinner;
  AdwStatusPage        *empty_page;
  GtkScrolledWindow    *scroller;
  GtkListBox           *list_box;

  /* Owned references */
  IntakeProject        *project;
  IntakeStore          *reader;      /* a second connection, for one load at a time */
  char                 *reviewer;
  GPtrArray            *entries;     /* IntakeAuditEntry, newest first */
  GDateTime            *loaded_at;   /* "5 minutes ago" counts from here */
  GCancellable         *loading;     /* the load under way */
  GCancellable         *exporting;   /* the export under way */
  GtkFileChooserNative *chooser;     /* while it is open */
  AdwToast             *export_toast;
  char                 *exported_uri; /* for the toast's Open button */

  guint                 n_shown;
  guint                 updating_reviewers;
  gboolean              reload_pending;
};

G_DEFINE_FINAL_TYPE (IntakeActivityWindow, intake_activity_window, ADW_TYPE_WINDOW)

enum { PROP_0, PROP_PROJECT, PROP_REVIEWER, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { OPEN_SUBMISSION, N_SIGNALS };
static guint signals[N_SIGNALS];

/* Enough to see a long day's work of several reviewers; older changes stay
 * in the project, in the reports and in the CSV export. */
#define AUDIT_LIMIT 2000

/* Rows are made a page at a time as the list is scrolled down: thousands
 * of rows at once would keep the window from opening for seconds. */
#define ROWS_PER_PAGE 100

/* An excerpt is shortened to about this many characters in its row. */
#define EXCERPT_CHARS 80

static const char *
describe_action (const char *action)
{
  if (g_strcmp0 (action, "code") == 0)
    return _("Coded");
  if (g_strcmp0 (action, "uncode") == 0)
    return _("Removed coding");
  if (g_strcmp0 (action, "attribute") == 0)
    return _("Set attribute");
  if (g_strcmp0 (action, "status") == 0)
    return _("Changed status");
  if (g_strcmp0 (action, "memo") == 0)
    return _("Edited memo");
  if (g_strcmp0 (action, "codebook") == 0)
    return _("Edited codebook");
  if (g_strcmp0 (action, "adjudicate") == 0)
    return _("Adjudicated");

  /* An action from a newer version of the application: show it as it is. */
  return action ? action : "";
}

static char *
format_when (gint64     at,
             GDateTime *now)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (at);
  GTimeSpan ago;

  if (when == NULL)
    return g_strdup (_("Unknown time"));

  if (g_date_time_get_year (when) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    {
      ago = g_date_time_difference (now, when);

      if (ago < G_TIME_SPAN_MINUTE)
        return g_strdup (_("Just now"));

      if (ago < G_TIME_SPAN_HOUR)
        {
          int minutes = (int) (ago / G_TIME_SPAN_MINUTE);
          return g_strdup_printf (ngettext ("%d minute ago", "%d minutes ago", minutes), minutes);
        }

      {
        int hours = (int) (ago / G_TIME_SPAN_HOUR);
        return g_strdup_printf (ngettext ("%d hour ago", "%d hours ago", hours), hours);
      }
    }

  if (g_date_time_get_year (when) == g_date_time_get_year (now))
    /* Translators: when a change was made, this year; see g_date_time_format().
     * This gives "Nov 22, 14:03". */
    return g_date_time_format (when, _("%b %-d, %H:%M"));

  /* Translators: when a change was made, another year; see g_date_time_format().
   * This gives "Nov 22, 2023, 14:03". */
  return g_date_time_format (when, _("%b %-d, %Y, %H:%M"));
}

/* @text on one line, shortened at a word to about @max_chars with an
 * ellipsis: line breaks in an excerpt would break the row apart. */
static char *
shorten_text (const char *text,
              glong       max_chars)
{
  g_autoptr(GString) flat = g_string_new (NULL);
  gboolean space = FALSE;
  gsize cut;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = flat->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (flat, ' ');
      space = FALSE;
      g_string_append_unichar (flat, c);
    }

  if (g_utf8_strlen (flat->str, -1) <= max_chars)
    return g_string_free (g_steal_pointer (&flat), FALSE);

  /* At the last word end, unless that word is most of the excerpt. */
  cut = g_utf8_offset_to_pointer (flat->str, max_chars) - flat->str;
  for (gsize i = cut; i > cut / 2; i--)
    if (flat->str[i] == ' ')
      {
        cut = i;
        break;
      }
  g_string_truncate (flat, cut);
  g_string_append (flat, "…");

  return g_string_free (g_steal_pointer (&flat), FALSE);
}

/* "Claire Bélanger — Les élèves", or NULL for a change of no submission. */
static char *
describe_submission (const IntakeAuditEntry *entry)
{
  const char *sender, *subject;

  if (entry->submission_id <= 0)
    return NULL;

  if (entry->sender == NULL && entry->subject == NULL)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, entry->submission_id);

      /* Translators: a submission no longer in the project, by its id: "Submission 42" */
      return g_strdup_printf (_("Submission %s"), id);
    }

  sender = entry->sender ? entry->sender : _("Unknown sender");
  subject = (entry->subject && entry->subject[0]) ? entry->subject : _("No subject");

  /* Translators: a submission by its sender and subject: "Claire Bélanger — Les élèves" */
  return g_strdup_printf (_("%s — %s"), sender, subject);
}

/* What changed: a coding's code and excerpt, else the detail as recorded. */
static char *
describe_change (const IntakeAuditEntry *entry,
                 gboolean                shorten)
{
  if (entry->code_path != NULL && entry->excerpt != NULL && entry->excerpt[0] != '\0')
    {
      g_autofree char *excerpt = shorten ? shorten_text (entry->excerpt, EXCERPT_CHARS) : g_strdup (entry->excerpt);

      /* Translators: a code and the excerpt coded with it:
       * "Equity lens/Surveillance · “The officer at our school…”" */
      return g_strdup_printf (_("%s · “%s”"), entry->code_path, excerpt);
    }

  /* A whole-submission coding is its code's path; an excerpt whose text is
   * gone keeps its offsets, as the detail has them. */
  if (entry->code_path != NULL && entry->start < 0)
    return g_strdup (entry->code_path);

  return g_strdup (entry->detail ? entry->detail : "");
}

static char *
join_parts (const char *first,
            const char *second,
            const char *separator)
{
  if (first == NULL || first[0] == '\0')
    return g_strdup (second ? second : "");
  if (second == NULL || second[0] == '\0')
    return g_strdup (first);

  return g_strconcat (first, separator, second, NULL);
}

static GtkWidget *
create_row (const IntakeAuditEntry *entry,
            GDateTime              *now)
{
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *time = NULL;
  g_autofree char *full_time = NULL;
  g_autofree char *submission = describe_submission (entry);
  g_autofree char *change = describe_change (entry, TRUE);
  g_autofree char *full_change = describe_change (entry, FALSE);
  g_autofree char *subtitle = join_parts (submission, change, "\n");
  g_autofree char *full_text = join_parts (submission, full_change, ", ");
  g_autofree char *accessible = NULL;
  const char *action = describe_action (entry->action);
  const char *reviewer = (entry->reviewer && entry->reviewer[0]) ? entry->reviewer : _("Unknown reviewer");
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *label;

  time = format_when (entry->at, now);
  when = g_date_time_new_from_unix_local (entry->at);
  if (when != NULL)
    /* Translators: the full time of a change, in a tooltip; see g_date_time_format() */
    full_time = g_date_time_format (when, _("%A, %B %-d, %Y, %H:%M:%S"));

  row = g_object_new (ADW_TYPE_ACTION_ROW,
                      "title", action,
                      "subtitle", subtitle,
                      "use-markup", FALSE,
                      "subtitle-lines", 3,
                      /* Return opens the submission it was about. */
                      "activatable", entry->submission_id > 0,
                      NULL);
  /* The whole excerpt, where the row shows the start of a long one. */
  if (g_strcmp0 (change, full_change) != 0)
    gtk_widget_set_tooltip_text (row, full_change);

  box = g_object_new (GTK_TYPE_BOX,
                      "orientation", GTK_ORIENTATION_VERTICAL,
                      "spacing", 2,
                      "valign", GTK_ALIGN_CENTER,
                      NULL);

  label = g_object_new (GTK_TYPE_LABEL,
                        "label", reviewer,
                        "xalign", 1.f,
                        "ellipsize", PANGO_ELLIPSIZE_END,
                        "max-width-chars", 24,
                        NULL);
  gtk_box_append (GTK_BOX (box), label);

  label = g_object_new (GTK_TYPE_LABEL,
                        "label", time,
                        "xalign", 1.f,
                        "tooltip-text", full_time,
                        NULL);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), label);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);

  /* Read as one sentence, with the whole excerpt: "Coded, Claire Bélanger —
   * Les élèves, Equity lens/Surveillance · “…”, by Priya, 5 minutes ago". */
  if (full_text[0] != '\0')
    /* Translators: how a screen reader reads a change: what, details, who, when */
    accessible = g_strdup_printf (_("%s, %s, by %s, %s"), action, full_text, reviewer, time);
  else
    /* Translators: how a screen reader reads a change: what, who, when */
    accessible = g_strdup_printf (_("%s, by %s, %s"), action, reviewer, time);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  return row;
}

static void
reload_reviewers (IntakeActivityWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) reviewers = NULL;
  guint selected = 0;
  guint n;

  reviewers = intake_store_list_reviewers (intake_project_get_store (self->project), &error);
  if (reviewers == NULL && error != NULL)
    intake_show_error (GTK_WIDGET (self), _("Could not read the reviewers"), error);

  self->updating_reviewers++;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->reviewer_model));
  gtk_string_list_splice (self->reviewer_model, 0, n, NULL);
  gtk_string_list_append (self->reviewer_model, _("All Reviewers"));

  for (guint i = 0; reviewers != NULL && reviewers[i] != NULL; i++)
    {
      gtk_string_list_append (self->reviewer_model, reviewers[i]);
      if (g_strcmp0 (reviewers[i], self->reviewer) == 0)
        selected = i + 1;
    }

  /* A reviewer picked but not in the project shows everyone's changes. */
  if (selected == 0)
    g_clear_pointer (&self->reviewer, g_free);

  gtk_drop_down_set_selected (self->reviewer_dropdown, selected);

  self->updating_reviewers--;
}

static void
show_next_page (IntakeActivityWindow *self)
{
  guint end;

  if (self->entries == NULL)
    return;

  end = MIN (self->n_shown + ROWS_PER_PAGE, self->entries->len);
  for (; self->n_shown < end; self->n_shown++)
    gtk_list_box_append (self->list_box,
                         create_row (g_ptr_array_index (self->entries, self->n_shown), self->loaded_at));
}

static void
scroller_edge_reached_cb (IntakeActivityWindow *self,
                          GtkPositionType       position,
                          GtkScrolledWindow    *scroller)
{
  if (position == GTK_POS_BOTTOM)
    show_next_page (self);
}

static void
show_entries (IntakeActivityWindow *self,
              GPtrArray            *entries,
              const GError         *error)
{
  g_autofree char *subtitle = NULL;
  GtkWidget *child;
  guint n;

  gtk_spinner_stop (self->spinner);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))))
    gtk_list_box_remove (self->list_box, child);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  self->n_shown = 0;

  if (entries == NULL)
    {
      /* The page says why, where the list would be. */
      adw_status_page_set_icon_name (self->empty_page, "dialog-error-symbolic");
      adw_status_page_set_title (self->empty_page, _("Could Not Load the Activity"));
      adw_status_page_set_description (self->empty_page, error ? error->message : NULL);
      adw_window_title_set_subtitle (self->window_title, "");
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  g_clear_pointer (&self->loaded_at, g_date_time_unref);
  self->loaded_at = g_date_time_new_now_local ();
  n = entries->len;
  self->entries = g_ptr_array_ref (entries);
  show_next_page (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);

  if (n >= AUDIT_LIMIT)
    subtitle = g_strdup_printf (ngettext ("The latest %u change", "The latest %u changes", n), n);
  else
    subtitle = g_strdup_printf (ngettext ("%u change", "%u changes", n), n);
  adw_window_title_set_subtitle (self->window_title, n > 0 ? subtitle : "");

  if (n == 0)
    {
      adw_status_page_set_icon_name (self->empty_page, "document-open-recent-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Activity Yet"));
      if (self->reviewer != NULL)
        {
          /* Translators: %s is a reviewer's name */
          g_autofree char *description = g_strdup_printf (_("%s has not changed anything in this project yet"),
                                                          self->reviewer);
          adw_status_page_set_description (self->empty_page, description);
        }
      else
        adw_status_page_set_description (self->empty_page,
                                         _("Codings, attributes, memos, status changes and codebook edits are listed here with who made them and when"));
    }

  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

typedef struct
{
  IntakeStore *store;     /* the project's, to open @reader from */
  IntakeStore *reader;    /* NULL the first time */
  char        *reviewer;
  GPtrArray   *entries;   /* the result */
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_clear_object (&job->store);
  g_clear_object (&job->reader);
  g_free (job->reviewer);
  g_clear_pointer (&job->entries, g_ptr_array_unref);
  g_free (job);
}

/* The audit is read on its own connection, so that a project of many
 * reviewers and thousands of changes never holds the window up. Only one
 * load runs at a time, so the connection is never shared by two threads. */
static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadJob *job = task_data;
  GError *error = NULL;

  if (job->reader == NULL && (job->reader = intake_store_open_another (job->store, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  job->entries = intake_store_list_audit (job->reader, job->reviewer, AUDIT_LIMIT, &error);
  if (job->entries == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void start_load (IntakeActivityWindow *self);

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  IntakeActivityWindow *self = INTAKE_ACTIVITY_WINDOW (object);
  LoadJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->loading);

  /* Closed meanwhile. */
  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self->project == NULL)
    return;

  if (self->reader == NULL && job->reader != NULL)
    self->reader = g_object_ref (job->reader);

  /* Something changed while it was read: what was read is already old. */
  if (self->reload_pending)
    {
      start_load (self);
      return;
    }

  show_entries (self, job->entries, error);
}

static void
start_load (IntakeActivityWindow *self)
{
  g_autoptr(GTask) task = NULL;
  LoadJob *job;

  self->reload_pending = FALSE;
  self->loading = g_cancellable_new ();

  job = g_new0 (LoadJob, 1);
  job->store = g_object_ref (intake_project_get_store (self->project));
  job->reader = self->reader ? g_object_ref (self->reader) : NULL;
  job->reviewer = g_strdup (self->reviewer);

  /* The first time only: later, the old list stays until the new one is in. */
  if (self->entries == NULL && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "loading") == 0)
    gtk_spinner_start (self->spinner);

  task = g_task_new (self, self->loading, load_cb, NULL);
  g_task_set_source_tag (task, start_load);
  g_task_set_name (task, "[intake] load activity");
  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);
  g_task_run_in_thread (task, load_thread);
}

/* Changes come in bursts (a coding is a coding, a status and its audit):
 * one load at a time, and one more after it when anything changed meanwhile. */
static void
reload (IntakeActivityWindow *self)
{
  if (self->loading != NULL)
    {
      self->reload_pending = TRUE;
      return;
    }

  start_load (self);
}

/* Return on a row opens its submission; the main window listens. */
static void
list_box_row_activated_cb (IntakeActivityWindow *self,
                           GtkListBoxRow        *row,
                           GtkListBox           *list_box)
{
  int index = gtk_list_box_row_get_index (row);
  const IntakeAuditEntry *entry;

  if (self->entries == NULL || index < 0 || (guint) index >= self->entries->len)
    return;

  entry = g_ptr_array_index (self->entries, index);
  if (entry->submission_id > 0)
    g_signal_emit (self, signals[OPEN_SUBMISSION], 0, entry->submission_id);
}

static void
reviewer_dropdown_selected_cb (IntakeActivityWindow *self,
                               GParamSpec           *pspec,
                               GtkDropDown          *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  const char *reviewer = NULL;

  if (self->updating_reviewers > 0)
    return;

  if (selected > 0 && selected != GTK_INVALID_LIST_POSITION)
    reviewer = gtk_string_list_get_string (self->reviewer_model, selected);

  if (g_strcmp0 (reviewer, self->reviewer) == 0)
    return;

  g_free (self->reviewer);
  self->reviewer = g_strdup (reviewer);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVIEWER]);

  reload (self);
}

/* Every change of the project is in its audit trail. */
static void
project_changed_cb (IntakeActivityWindow *self)
{
  reload (self);
}

static void
submission_changed_cb (IntakeActivityWindow *self,
                       gint64                submission_id,
                       IntakeProject        *project)
{
  reload (self);
}

static void
reviewer_changed_cb (IntakeActivityWindow *self,
                     GParamSpec           *pspec,
                     IntakeProject        *project)
{
  /* A reviewer new to the project joins the filter. */
  reload_reviewers (self);
}

/* ---- Export as CSV ------------------------------------------------------ */

typedef struct
{
  IntakeStore *store;
  char        *reviewer;
  char        *path;
  char        *protected_paths[2];   /* the open project, NULL-terminated */
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->store);
  g_free (job->reviewer);
  g_free (job->path);
  g_free (job->protected_paths[0]);
  g_free (job);
}

static gboolean
write_entries (GPtrArray      *entries,
               GOutputStream  *out,
               GCancellable   *cancellable,
               GError        **error)
{
  g_autoptr(IntakeCsvWriter) csv = intake_csv_writer_new (out, cancellable);

  /* Column names are for the coordinator's spreadsheet, so they are translated. */
  intake_csv_writer_text (csv, _("Time"));
  intake_csv_writer_text (csv, _("Reviewer"));
  intake_csv_writer_text (csv, _("Action"));
  intake_csv_writer_text (csv, _("Submission"));
  intake_csv_writer_text (csv, _("Sender"));
  intake_csv_writer_text (csv, _("Subject"));
  intake_csv_writer_text (csv, _("Code"));
  intake_csv_writer_text (csv, _("Start"));
  intake_csv_writer_text (csv, _("End"));
  intake_csv_writer_text (csv, _("Excerpt"));
  intake_csv_writer_text (csv, _("Detail"));
  if (!intake_csv_writer_end_row (csv, error))
    return FALSE;

  for (guint i = 0; i < entries->len; i++)
    {
      const IntakeAuditEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (entry->at);
      g_autofree char *time = when ? g_date_time_format_iso8601 (when) : NULL;

      intake_csv_writer_text (csv, time);
      intake_csv_writer_text (csv, entry->reviewer);
      /* As the audit has it, the same in every language, for sorting and filtering. */
      intake_csv_writer_text (csv, entry->action);
      if (entry->submission_id > 0)
        intake_csv_writer_number (csv, entry->submission_id);
      else
        intake_csv_writer_empty (csv);
      intake_csv_writer_text (csv, entry->sender);
      intake_csv_writer_text (csv, entry->subject);
      intake_csv_writer_text (csv, entry->code_path);
      if (entry->start >= 0)
        {
          intake_csv_writer_number (csv, entry->start);
          intake_csv_writer_number (csv, entry->end);
        }
      else
        {
          intake_csv_writer_empty (csv);
          intake_csv_writer_empty (csv);
        }
      intake_csv_writer_text (csv, entry->excerpt);
      intake_csv_writer_text (csv, entry->detail);
      if (!intake_csv_writer_end_row (csv, error))
        return FALSE;

      if (i % 500 == 499 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    }

  return intake_csv_writer_flush (csv, error);
}

/* All of the reviewer's changes, not only the page the window lists. */
static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(IntakeStore) reader = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(IntakeFileOutput) output = NULL;
  GError *error = NULL;

  if ((reader = intake_store_open_another (job->store, &error)) == NULL ||
      (entries = intake_store_list_audit (reader, job->reviewer, 0, &error)) == NULL ||
      /* Replaced whole or not at all, never over the open project. */
      (output = intake_file_output_new (job->path, (const char * const *) job->protected_paths, &error)) == NULL ||
      !write_entries (entries, intake_file_output_get_stream (output), cancellable, &error) ||
      !intake_file_output_commit (output, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
update_export_action (IntakeActivityWindow *self)
{
  /* One at a time: a slow disk must not pile up choosers and writes. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "activity.export-csv",
                                 self->chooser == NULL && self->exporting == NULL);
}

static void
export_toast_dismissed_cb (IntakeActivityWindow *self,
                           AdwToast             *toast)
{
  if (self->export_toast == toast)
    g_clear_object (&self->export_toast);
}

static void
dismiss_export_toast (IntakeActivityWindow *self)
{
  g_autoptr(AdwToast) toast = g_steal_pointer (&self->export_toast);

  if (toast != NULL)
    adw_toast_dismiss (toast);
}

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IntakeActivityWindow *self = g_task_get_source_object (task);
  GFile *file = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->exporting);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (self->project != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          dismiss_export_toast (self);
          intake_show_error (GTK_WIDGET (self->toast_overlay), _("Could not export the activity"), error);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Written even when the window was closed meanwhile; only the toast goes. */
  if (self->project != NULL)
    {
      g_autofree char *basename = g_file_get_basename (file);
      g_autofree char *name = basename ? g_filename_display_name (basename) : g_file_get_parse_name (file);
      /* Translators: %s is a file name */
      g_autofree char *title = g_markup_printf_escaped (_("Exported the activity to “%s”"), name);
      AdwToast *toast = adw_toast_new (title);

      g_free (self->exported_uri);
      self->exported_uri = g_file_get_uri (file);
      adw_toast_set_button_label (toast, _("_Open"));
      adw_toast_set_action_name (toast, "activity.open-export");
      dismiss_export_toast (self);
      g_signal_connect_object (toast, "dismissed", G_CALLBACK (export_toast_dismissed_cb), self, G_CONNECT_SWAPPED);
      g_set_object (&self->export_toast, toast);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      update_export_action (self);
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * intake_activity_window_export_file:
 *
 * Writes the changes the window lists (all of them, not only the latest
 * page, for the reviewer picked) as CSV to @file in a worker thread,
 * replacing it whole. The window tells the outcome in a toast.
 */
void
intake_activity_window_export_file (IntakeActivityWindow *self,
                                    GFile                *file,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) write_task = NULL;
  g_autofree char *path = NULL;
  ExportJob *job;

  g_return_if_fail (INTAKE_IS_ACTIVITY_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, intake_activity_window_export_file);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);

  /* By path, as the command line writes, so that a pipe or a device is
   * treated the same way. */
  if ((path = g_file_get_path (file)) == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);
      g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                             _("“%s” is not a file on this computer"), name);

      intake_show_error (GTK_WIDGET (self->toast_overlay), _("Could not export the activity"), error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  job = g_new0 (ExportJob, 1);
  job->store = g_object_ref (intake_project_get_store (self->project));
  job->reviewer = g_strdup (self->reviewer);
  job->path = g_steal_pointer (&path);
  job->protected_paths[0] = g_strdup (intake_project_get_path (self->project));

  g_clear_object (&self->exporting);
  self->exporting = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  update_export_action (self);

  write_task = g_task_new (NULL, self->exporting, export_cb, g_steal_pointer (&task));
  g_task_set_source_tag (write_task, export_thread);
  g_task_set_name (write_task, "[intake] export activity");
  g_task_set_task_data (write_task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (write_task, export_thread);
}

gboolean
intake_activity_window_export_file_finish (IntakeActivityWindow  *self,
                                           GAsyncResult          *result,
                                           GError               **error)
{
  g_return_val_if_fail (INTAKE_IS_ACTIVITY_WINDOW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == intake_activity_window_export_file, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
close_chooser (IntakeActivityWindow *self)
{
  if (self->chooser == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->chooser, self);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
}

static void
chooser_response_cb (IntakeActivityWindow *self,
                     int                   response,
                     GtkFileChooserNative *native)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  close_chooser (self);
  update_export_action (self);

  if (file != NULL)
    intake_activity_window_export_file (self, file, NULL, NULL, NULL);
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  IntakeActivityWindow *self = INTAKE_ACTIVITY_WINDOW (widget);
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  const char *project_path = intake_project_get_path (self->project);
  g_autofree char *name = NULL;

  if (self->chooser != NULL || self->exporting != NULL)
    return;

  /* In save mode the chooser asks before it replaces a file. */
  self->chooser = gtk_file_chooser_native_new (_("Export Activity as CSV"),
                                               GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_pattern (csv, "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), csv);

  if (project_path != NULL)
    {
      g_autofree char *basename = g_path_get_basename (project_path);
      g_autofree char *display = g_filename_display_name (basename);
      char *dot = strrchr (display, '.');

      if (dot != NULL && dot != display)
        *dot = '\0';
      /* Translators: the file name offered for the export; %s is the project's name */
      name = g_strdup_printf (_("%s activity.csv"), display);
    }
  else
    /* Translators: the file name offered for the export */
    name = g_strdup (_("Activity.csv"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);

  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  update_export_action (self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
open_export_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  IntakeActivityWindow *self = INTAKE_ACTIVITY_WINDOW (widget);

  if (self->exported_uri != NULL)
    gtk_show_uri (GTK_WINDOW (self), self->exported_uri, GDK_CURRENT_TIME);
}

static void
intake_activity_window_constructed (GObject *object)
{
  IntakeActivityWindow *self = INTAKE_ACTIVITY_WINDOW (object);

  G_OBJECT_CLASS (intake_activity_window_parent_class)->constructed (object);

  g_assert (INTAKE_IS_PROJECT (self->project));

  g_signal_connect_object (self->project, "codebook-changed",
                           G_CALLBACK (project_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "submissions-added",
                           G_CALLBACK (project_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "submission-changed",
                           G_CALLBACK (submission_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "notify::reviewer",
                           G_CALLBACK (reviewer_changed_cb), self, G_CONNECT_SWAPPED);
  reload_reviewers (self);
  reload (self);
}

static void
intake_activity_window_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  IntakeActivityWindow *self = INTAKE_ACTIVITY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;

    case PROP_REVIEWER:
      g_value_set_string (value, self->reviewer);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_activity_window_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  IntakeActivityWindow *self = INTAKE_ACTIVITY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      self->project = g_value_dup_object (value);
      break;

    case PROP_REVIEWER:
      intake_activity_window_set_reviewer (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_activity_window_dispose (GObject *object)
{
  IntakeActivityWindow *self = INTAKE_ACTIVITY_WINDOW (object);

  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  /* A load stops; an export under way still writes its file. */
  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  close_chooser (self);
  dismiss_export_toast (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), INTAKE_TYPE_ACTIVITY_WINDOW);
  g_clear_object (&self->project);
  g_clear_object (&self->reader);
  g_clear_pointer (&self->exported_uri, g_free);
  g_clear_pointer (&self->reviewer, g_free);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->loaded_at, g_date_time_unref);

  G_OBJECT_CLASS (intake_activity_window_parent_class)->dispose (object);
}

static void
intake_activity_window_class_init (IntakeActivityWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = intake_activity_window_constructed;
  object_class->dispose = intake_activity_window_dispose;
  object_class->get_property = intake_activity_window_get_property;
  object_class->set_property = intake_activity_window_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL,
                         INTAKE_TYPE_PROJECT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_REVIEWER] =
    g_param_spec_string ("reviewer", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * IntakeActivityWindow::open-submission:
   * @submission_id: the submission a change was about
   *
   * A row was activated: the window that shows submissions opens this one.
   */
  signals[OPEN_SUBMISSION] =
    g_signal_new ("open-submission",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/argylepr/FeedbackIntake/ui/intake-activity-window.ui");
  gtk_widget_class_bind_template_child (widget_class, IntakeActivityWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, IntakeActivityWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, IntakeActivityWindow, reviewer_dropdown);
  gtk_widget_class_bind_template_child (widget_class, IntakeActivityWindow, reviewer_model);
  gtk_widget_class_bind_template_child (widget_class, IntakeActivityWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, IntakeActivityWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, IntakeActivityWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, IntakeActivityWindow, scroller);
  gtk_widget_class_bind_template_child (widget_class, IntakeActivityWindow, list_box);
  gtk_widget_class_bind_template_callback (widget_class, reviewer_dropdown_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, scroller_edge_reached_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_box_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "activity.export-csv", NULL, export_csv_action);
  gtk_widget_class_install_action (widget_class, "activity.open-export", NULL, open_export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "activity.export-csv", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
intake_activity_window_init (IntakeActivityWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
intake_activity_window_new (GtkWindow     *parent,
                            IntakeProject *project)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (INTAKE_IS_PROJECT (project), NULL);

  return g_object_new (INTAKE_TYPE_ACTIVITY_WINDOW,
                       "transient-for", parent,
                       "project", project,
                       NULL);
}

IntakeProject *
intake_activity_window_get_project (IntakeActivityWindow *self)
{
  g_return_val_if_fail (INTAKE_IS_ACTIVITY_WINDOW (self), NULL);

  return self->project;
}

const char *
intake_activity_window_get_reviewer (IntakeActivityWindow *self)
{
  g_return_val_if_fail (INTAKE_IS_ACTIVITY_WINDOW (self), NULL);

  return self->reviewer;
}

void
intake_activity_window_set_reviewer (IntakeActivityWindow *self,
                                     const char           *reviewer)
{
  guint n;

  g_return_if_fail (INTAKE_IS_ACTIVITY_WINDOW (self));

  if (reviewer == NULL)
    {
      gtk_drop_down_set_selected (self->reviewer_dropdown, 0);
      return;
    }

  /* Through the drop-down, so what it shows and what is listed agree. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->reviewer_model));
  for (guint i = 1; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->reviewer_model, i), reviewer) == 0)
      {
        gtk_drop_down_set_selected (self->reviewer_dropdown, i);
        return;
      }

  g_debug ("No reviewer named %s in this project", reviewer);
}
