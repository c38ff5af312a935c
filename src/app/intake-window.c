/* The window: construction, the project, the submission list and its
 * selection, searching and filtering, and the reviewer. Actions are in
 * intake-window-actions.c, importing in intake-window-import.c. */
#define G_LOG_DOMAIN "intake-window"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-accessible.h"
#include "intake-error.h"
#include "intake-store.h"
#include "intake-reviewer-dialog.h"
#include "intake-submission-row.h"
#include "intake-window-private.h"

#define PROJECT_SUFFIX ".intake"

G_DEFINE_FINAL_TYPE (IntakeWindow, intake_window, ADW_TYPE_APPLICATION_WINDOW)

enum { PROP_0, PROP_PROJECT, PROP_BUSY, N_PROPS };
static GParamSpec *properties[N_PROPS];

void
_intake_window_show_toast (IntakeWindow *self,
                           const char   *text)
{
  /* Toast titles are markup in libadwaita 1.2. */
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

/* The list and its selection */

static gboolean filter_is_active (IntakeWindow *self);
static void     update_total     (IntakeWindow *self);

static void
update_state (IntakeWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->submissions));
  g_autofree char *count = NULL;
  g_autofree char *coded = NULL;
  gboolean has_any;

  /* While a filter runs the list may hold only its first page: the count
   * stays that of the last one until all of it is in. */
  if (!self->filter_pending)
    {
      if (n != self->total)
        /* Translators: the list's subtitle while a filter or search is on */
        count = g_strdup_printf (ngettext ("%'u of %'u submission", "%'u of %'u submissions", self->total),
                                 n, self->total);
      else
        count = g_strdup_printf (ngettext ("%'u submission", "%'u submissions", n), n);
      adw_window_title_set_subtitle (self->list_title, count);
    }

  /* The progress comes from the worker thread once counted. */
  if (self->progress_known && self->progress.total > 0)
    {
      if (intake_project_get_reviewer (self->project) != NULL)
        /* Translators: the list's progress, e.g. "112 of 294 coded · 37 by you" */
        coded = g_strdup_printf (ngettext ("%'u of %'u coded · %'u by you", "%'u of %'u coded · %'u by you",
                                           self->progress.total),
                                 self->progress.coded, self->progress.total,
                                 self->progress.coded_by_reviewer);
      else
        /* Translators: the list's progress, e.g. "112 of 294 coded" */
        coded = g_strdup_printf (ngettext ("%'u of %'u coded", "%'u of %'u coded", self->progress.total),
                                 self->progress.coded, self->progress.total);
      gtk_label_set_text (self->progress_count, coded);
      gtk_progress_bar_set_fraction (self->coded_bar,
                                     (double) (self->progress.coded + self->progress.excluded) /
                                     self->progress.total);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->progress_box), coded != NULL);

  /* A first page of rows, or the count, is enough to know there is
   * something to show: a large project's window does not say "No
   * Submissions Yet" until every row is read. */
  has_any = self->total > 0 || n > 0 || (self->progress_known && self->progress.total > 0);
  gtk_stack_set_visible_child_name (self->main_stack, has_any ? "submissions" : "empty");
  gtk_stack_set_visible_child_name (self->list_stack, n == 0 && has_any ? "no-results" : "list");
}

static void update_notice (IntakeWindow *self);

static void
progress_counted_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(IntakeWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  IntakeProgress progress;

  if (!intake_project_get_progress_finish (INTAKE_PROJECT (source), result, &progress, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not count the progress: %s", error->message);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->toast_overlay == NULL)
        return;
    }
  else
    {
      self->progress = progress;
      self->progress_known = TRUE;
    }

  g_clear_object (&self->progress_cancellable);
  if (self->progress_stale)
    _intake_window_count_progress (self);
  else
    {
      update_total (self);
      update_state (self);
    }
}

/* Counts again; a count already running is let finish, then run again. */
void
_intake_window_count_progress (IntakeWindow *self)
{
  if (self->project == NULL)
    return;

  if (self->progress_cancellable != NULL)
    {
      self->progress_stale = TRUE;
      return;
    }

  self->progress_stale = FALSE;
  self->progress_cancellable = g_cancellable_new ();
  intake_project_get_progress_async (self->project, self->progress_cancellable,
                                     progress_counted_cb, g_object_ref (self));
}

/* Rows already bound show the change without being bound again. */
static void
update_flagged_rows (IntakeWindow *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (INTAKE_IS_SUBMISSION_ROW (row))
        {
          IntakeSubmission *submission = intake_submission_row_get_submission (INTAKE_SUBMISSION_ROW (row));
          gint64 id = submission ? intake_submission_get_id (submission) : 0;

          intake_submission_row_set_flagged (INTAKE_SUBMISSION_ROW (row),
                                             g_hash_table_contains (self->flagged_ids, &id));
        }
    }
}

static void
set_flagged_ids (IntakeWindow *self,
                 GArray       *ids)
{
  g_hash_table_remove_all (self->flagged_ids);
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    g_hash_table_add (self->flagged_ids, g_memdup2 (&g_array_index (ids, gint64, i), sizeof (gint64)));

  update_flagged_rows (self);
}

static void
find_flagged_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  IntakeStore *reader = task_data;
  IntakeFilter filter = { .code_guid = INTAKE_SAFEGUARDING_FLAG_GUID };
  GError *error = NULL;
  GArray *ids;

  intake_store_set_cancellable (reader, cancellable);
  ids = intake_store_filter_ids (reader, &filter, &error);
  intake_store_set_cancellable (reader, NULL);

  if (ids != NULL)
    g_task_return_pointer (task, ids, (GDestroyNotify) g_array_unref);
  else
    g_task_return_error (task, error);
}

static void update_flagged (IntakeWindow *self);

static void
flagged_found_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(IntakeWindow) self = user_data;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  ids = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->toast_overlay == NULL)
    return;

  g_clear_object (&self->flagged_cancellable);
  if (ids == NULL)
    g_debug ("Could not find the flagged submissions: %s", error->message);
  else if (!self->flagged_stale)
    set_flagged_ids (self, ids);

  if (self->flagged_stale)
    update_flagged (self);
}

/* The safeguarding flag is on few submissions: one indexed query finds
 * them all, on a worker with a connection of its own, and the rows look
 * them up as they are bound. A search already running is let finish, then
 * run again. */
static void
update_flagged (IntakeWindow *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  if (self->flagged_cancellable != NULL)
    {
      self->flagged_stale = TRUE;
      return;
    }
  self->flagged_stale = FALSE;

  if (intake_codebook_find_by_guid (intake_project_get_codebook (self->project),
                                    INTAKE_SAFEGUARDING_FLAG_GUID) == NULL)
    {
      set_flagged_ids (self, NULL);
      return;
    }

  if (self->flagged_reader == NULL && !self->flagged_synchronous)
    {
      self->flagged_reader = intake_store_open_reader (self->store, &error);
      if (self->flagged_reader == NULL)
        {
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
            g_debug ("Could not open a connection to find the flagged submissions on: %s", error->message);
          g_clear_error (&error);
          self->flagged_synchronous = TRUE;
        }
    }

  /* A project in memory has no second connection: a quick query here. */
  if (self->flagged_reader == NULL)
    {
      IntakeFilter filter = { .code_guid = INTAKE_SAFEGUARDING_FLAG_GUID };
      g_autoptr(GArray) ids = intake_store_filter_ids (self->store, &filter, &error);

      if (ids == NULL)
        g_debug ("Could not find the flagged submissions: %s", error->message);
      set_flagged_ids (self, ids);
      return;
    }

  /* The connection is used by one search at a time: the next waits for this one. */
  self->flagged_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->flagged_cancellable, flagged_found_cb, g_object_ref (self));
  g_task_set_source_tag (task, update_flagged);
  g_task_set_task_data (task, g_object_ref (self->flagged_reader), g_object_unref);
  g_task_run_in_thread (task, find_flagged_thread);
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
      intake_code_panel_set_submission (self->code_panel, 0);
      update_notice (self);
      return;
    }

  /* The list holds summaries; the reader needs the text and attachments. */
  self->selected_id = intake_submission_get_id (summary);
  whole = intake_store_get_submission (self->store, self->selected_id, &error);
  if (whole == NULL)
    intake_show_error (GTK_WIDGET (self->toast_overlay), _("Could not read the submission"), error);

  intake_reader_set_submission (self->reader, whole);
  intake_code_panel_set_submission (self->code_panel, whole ? self->selected_id : 0);
  update_notice (self);
}

static void
selected_item_changed_cb (IntakeWindow       *self,
                          GParamSpec         *pspec,
                          GtkSingleSelection *selection)
{
  IntakeSubmission *summary = gtk_single_selection_get_selected_item (selection);
  guint position = gtk_single_selection_get_selected (selection);

  /* A refilter restores the selection itself, and so does a change of the
   * list's own rows: the reader keeps its submission. */
  if (self->refiltering || self->list_changing > 0)
    return;

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

/* Before the selection hears of a change of the list's rows (a filter's
 * first page, the rest of it, a row read again): what it makes of them
 * never reaches the reader. */
static void
list_items_changing_cb (IntakeWindow *self,
                        guint         position,
                        guint         removed,
                        guint         added,
                        GListModel   *model)
{
  self->list_changing++;
}

/* After the selection: the open submission's row is selected again as
 * soon as the list holds it. */
static void
list_items_changed_cb (IntakeWindow *self,
                       guint         position,
                       guint         removed,
                       guint         added,
                       GListModel   *model)
{
  guint found;

  if (gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION &&
      self->selected_id > 0 && intake_reader_get_submission (self->reader) != NULL &&
      intake_submission_list_find (self->submissions, self->selected_id, &found))
    gtk_single_selection_set_selected (self->selection, found);

  found = gtk_single_selection_get_selected (self->selection);
  if (found != GTK_INVALID_LIST_POSITION)
    self->selected_position = found;
  self->list_changing--;
}

static void
searching_changed_cb (IntakeWindow         *self,
                      GParamSpec           *pspec,
                      IntakeSubmissionList *list)
{
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->list_view),
                               GTK_ACCESSIBLE_STATE_BUSY, intake_submission_list_get_searching (list),
                               -1);
}

static void
selection_items_changed_cb (IntakeWindow *self,
                            guint         position,
                            guint         removed,
                            guint         added,
                            GListModel   *model)
{
  update_state (self);
}

/* Beside the reader the list keeps to its width; folded, alone in the
 * window, it takes all of it. */
static void
folded_changed_cb (IntakeWindow *self,
                   GParamSpec   *pspec,
                   AdwLeaflet   *leaflet)
{
  int width;

  /* No window is G_MAXSHORT wide; G_MAXINT would overflow the clamp's sums. */
  gtk_widget_get_size_request (adw_clamp_get_child (self->list_clamp), &width, NULL);
  if (adw_leaflet_get_folded (leaflet))
    width = G_MAXSHORT;
  adw_clamp_set_maximum_size (self->list_clamp, width);
  adw_clamp_set_tightening_threshold (self->list_clamp, width);
}

static void
list_activate_cb (IntakeWindow *self,
                  guint         position,
                  GtkGridView  *list_view)
{
  gtk_single_selection_set_selected (self->selection, position);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  _intake_window_focus_reader (self);
}

void
_intake_window_focus_reader (IntakeWindow *self)
{
  /* The text, not the first button of the reader's header: reading and
   * the coding keys start there. */
  gtk_widget_grab_focus (GTK_WIDGET (intake_reader_get_text_view (self->reader)));
}

/* The list is one stop of the Tab chain, as in GNOME's sidebars: arrows
 * move among the rows, Tab leaves at once rather than row by row. */
static gboolean
list_key_pressed_cb (IntakeWindow          *self,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     GtkEventControllerKey *controller)
{
  GtkDirectionType direction;

  if (keyval != GDK_KEY_Tab && keyval != GDK_KEY_KP_Tab && keyval != GDK_KEY_ISO_Left_Tab)
    return FALSE;
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;

  direction = (keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK) != 0)
              ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD;

  /* While it cannot take the focus, the focus chain steps over it. */
  gtk_widget_set_can_focus (GTK_WIDGET (self->list_view), FALSE);
  gtk_widget_child_focus (GTK_WIDGET (self), direction);
  gtk_widget_set_can_focus (GTK_WIDGET (self->list_view), TRUE);

  return TRUE;
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
                 IntakeWindow             *self)
{
  IntakeSubmissionRow *row = INTAKE_SUBMISSION_ROW (gtk_list_item_get_child (list_item));
  IntakeSubmission *submission = gtk_list_item_get_item (list_item);
  gint64 id = intake_submission_get_id (submission);

  intake_submission_row_bind (row, submission, g_hash_table_contains (self->flagged_ids, &id));
}

static void
factory_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  intake_submission_row_unbind (INTAKE_SUBMISSION_ROW (gtk_list_item_get_child (list_item)));
}

void
_intake_window_select_submission_id (IntakeWindow *self,
                                     gint64        id)
{
  guint position;

  if (intake_submission_list_find (self->submissions, id, &position))
    {
      gtk_single_selection_set_selected (self->selection, position);
      gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
    }
  else
    {
      /* Filtered out of the list: open it all the same. */
      g_autoptr(IntakeSubmission) summary = NULL;
      g_autoptr(GPtrArray) rows = intake_store_get_summaries (self->store, &id, 1, NULL);

      self->refiltering = TRUE;
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      self->refiltering = FALSE;
      if (rows != NULL && rows->len == 1)
        show_submission (self, g_ptr_array_index (rows, 0));
    }
}

void
_intake_window_move_selection (IntakeWindow *self,
                               int           delta)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->submissions));
  guint position = gtk_single_selection_get_selected (self->selection);
  guint next;

  if (n == 0)
    return;

  if (position == GTK_INVALID_LIST_POSITION)
    next = delta > 0 ? 0 : n - 1;
  else if (delta < 0 && position == 0)
    next = 0;
  else
    next = MIN (position + delta, n - 1);

  gtk_single_selection_set_selected (self->selection, next);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", next);
}

gint64
_intake_window_next_uncoded (IntakeWindow  *self,
                             gint64         after_id,
                             GError       **error)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->submissions));
  guint start;

  if (n == 0)
    return 0;

  /* From the one after it in the list, around to the one before: the
   * list's own ids, as its search and filters left them, whose statuses
   * are read a few rows at a time, more each time, since the next to code
   * is most often a row or two away. */
  if (!intake_submission_list_find (self->submissions, after_id, &start))
    start = self->selected_position != GTK_INVALID_LIST_POSITION ? self->selected_position : n - 1;
  for (guint done = 0, chunk = 16; done < n; done += chunk, chunk = MIN (chunk * 4, 4096))
    {
      guint count = MIN (chunk, n - done);
      g_autoptr(GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), count);
      g_autoptr(GHashTable) open = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      g_autoptr(GPtrArray) rows = NULL;

      for (guint i = 0; i < count; i++)
        {
          gint64 id = intake_submission_list_get_id (self->submissions, (start + 1 + done + i) % n);

          g_array_append_val (ids, id);
        }

      rows = intake_store_get_summaries (self->store, (const gint64 *) ids->data, ids->len, error);
      if (rows == NULL)
        return -1;
      for (guint i = 0; i < rows->len; i++)
        {
          IntakeSubmission *row = g_ptr_array_index (rows, i);
          IntakeStatus status = intake_submission_get_status (row);
          gint64 id = intake_submission_get_id (row);

          if (status == INTAKE_STATUS_NEW || status == INTAKE_STATUS_IN_PROGRESS)
            g_hash_table_add (open, g_memdup2 (&id, sizeof id));
        }

      for (guint i = 0; i < ids->len; i++)
        {
          gint64 id = g_array_index (ids, gint64, i);

          if (id != after_id && g_hash_table_contains (open, &id))
            return id;
        }
    }

  return 0;
}

/* The submission open in the reader, or 0. */
gint64
_intake_window_get_current_id (IntakeWindow *self)
{
  IntakeSubmission *submission = intake_reader_get_submission (self->reader);

  return submission ? intake_submission_get_id (submission) : 0;
}

/* Searching and filtering */

static gboolean
filter_is_active (IntakeWindow *self)
{
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  return (search != NULL && search[0] != '\0') ||
         intake_filter_popover_get_active (self->filter_popover);
}

/* The count of every submission, for "3 of 40": with no filter, the
 * list's; under a filter, the progress's, which counts them on its worker
 * and counts again after an import. */
static void
update_total (IntakeWindow *self)
{
  if (self->filter_pending)
    return;

  if (!self->filter_active)
    {
      self->total = g_list_model_get_n_items (G_LIST_MODEL (self->submissions));
      self->total_stale = FALSE;
    }
  else if (self->total_stale && self->progress_known && self->progress_cancellable == NULL)
    {
      self->total = self->progress.total;
      self->total_stale = FALSE;
    }
}

/* @followed: the reader changed the search or filters. A submission that
 * drops out of the list then gives way to the nearest one left, as a mail
 * reader's selection does; one that drops out because it was just coded
 * (a status filter of New, say) stays open with a notice, so coding it
 * is not cut short. The query runs on the list's worker: filtered_cb()
 * takes it from there. */
static void
refilter (IntakeWindow *self,
          gboolean      followed)
{
  IntakeFilter filter = { 0, };

  /* Before construction ends, or while several filters are reset at once. */
  if (self->store == NULL || self->submissions == NULL || self->refiltering_blocked)
    return;

  /* A filter replacing one still running is still the reviewer's doing. */
  self->filter_followed = followed || (self->filter_pending && self->filter_followed);
  self->filter_pending = TRUE;
  self->filter_active = filter_is_active (self);
  self->filter_started = g_get_monotonic_time ();
  g_free (self->filter_search);
  self->filter_search = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  intake_filter_popover_get_filter (self->filter_popover, &filter);
  filter.search = self->filter_search[0] != '\0' ? self->filter_search : NULL;

  /* A selected row among those replaced would be looked for among every
   * new one, each read from the store: it is let go now, the reader
   * keeping its submission, and selected again as soon as the list holds
   * it. */
  if (gtk_single_selection_get_selected (self->selection) != GTK_INVALID_LIST_POSITION)
    {
      self->selected_position = gtk_single_selection_get_selected (self->selection);
      self->refiltering = TRUE;
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      self->refiltering = FALSE;
    }

  /* With no filter every id is listed, and that is the quicker query. A
   * project in memory filters at once: filtered_cb() runs before this
   * returns. */
  intake_submission_list_set_filter (self->submissions, self->filter_active ? &filter : NULL);
}

/* Every id of the newest filter is in the list: the selection and the
 * reader settle. */
/* A window opens with the focus on its first button, the header bar's;
 * the reviewer came for the list. Once it has rows, the focus goes there,
 * unless the person already moved it. */
static void
focus_list_at_first (IntakeWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (self->list_focused || g_list_model_get_n_items (G_LIST_MODEL (self->submissions)) == 0 ||
      !gtk_widget_get_mapped (GTK_WIDGET (self->list_view)))
    return;

  self->list_focused = TRUE;
  if (focus == NULL || gtk_widget_get_ancestor (focus, ADW_TYPE_HEADER_BAR) != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
filtered_cb (IntakeWindow         *self,
             const GError         *error,
             IntakeSubmissionList *list)
{
  guint position = GTK_INVALID_LIST_POSITION;
  gboolean followed = self->filter_followed;

  if (error != NULL)
    /* Half-typed search syntax is not worth a dialog; say it quietly. */
    g_debug ("Could not filter: %s", error->message);

  self->filter_pending = FALSE;
  self->filter_followed = FALSE;
  update_total (self);

  if (self->selected_id > 0 &&
      !intake_submission_list_find (self->submissions, self->selected_id, &position) &&
      followed && intake_reader_get_submission (self->reader) != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->submissions));

      if (n > 0)
        position = self->selected_position != GTK_INVALID_LIST_POSITION
                   ? MIN (self->selected_position, n - 1) : 0;
      gtk_single_selection_set_selected (self->selection, position);
      if (position == GTK_INVALID_LIST_POSITION)
        /* Nothing is left: the list says why, the reader is empty. */
        show_submission (self, NULL);
      else
        {
          IntakeSubmission *item = gtk_single_selection_get_selected_item (self->selection);

          /* The selection may not have moved, and so said nothing. */
          if (item != NULL && intake_submission_get_id (item) != _intake_window_get_current_id (self))
            show_submission (self, item);
          gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
        }
    }
  else
    {
      self->refiltering = TRUE;
      gtk_single_selection_set_selected (self->selection, position);
      self->refiltering = FALSE;
    }
  self->selected_position = position;

  intake_reader_set_search (self->reader, self->filter_search);
  update_state (self);
  update_notice (self);
  focus_list_at_first (self);

  g_debug ("Filtered to %u of %u submissions in %.1f ms",
           g_list_model_get_n_items (G_LIST_MODEL (self->submissions)), self->total,
           (g_get_monotonic_time () - self->filter_started) / 1000.0);
}

void
_intake_window_refilter (IntakeWindow *self)
{
  refilter (self, TRUE);
}

/* Says when the reader shows a submission the list does not hold. */
static void
update_notice (IntakeWindow *self)
{
  gint64 id = _intake_window_get_current_id (self);
  gboolean outside = id > 0 && !intake_submission_list_find (self->submissions, id, NULL);

  gtk_revealer_set_reveal_child (self->notice_revealer, outside);
  gtk_widget_set_visible (GTK_WIDGET (self->notice_revealer), outside);
}

static void
search_changed_cb (IntakeWindow   *self,
                   GtkSearchEntry *entry)
{
  _intake_window_refilter (self);
}

static void
search_activate_cb (IntakeWindow   *self,
                    GtkSearchEntry *entry)
{
  /* Enter opens the best match. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->submissions)) > 0)
    {
      gtk_single_selection_set_selected (self->selection, 0);
      gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
    }
}

static void
filter_changed_cb (IntakeWindow *self)
{
  _intake_window_refilter (self);
}

/* The project's changes */

static void
code_activated_cb (IntakeWindow *self,
                   const char   *code_guid)
{
  _intake_window_apply_code (self, code_guid);
}

static void
undo_state_changed_cb (IntakeWindow  *self,
                       GParamSpec    *pspec,
                       IntakeProject *project)
{
  _intake_window_actions_update (self);
}

static void
submission_changed_cb (IntakeWindow  *self,
                       gint64         submission_id,
                       IntakeProject *project)
{
  guint selected = gtk_single_selection_get_selected (self->selection);

  /* The row shows the status, and a refilter with the same ids leaves the
   * rows as they were: read its row again. The row's item is a new
   * object: keep it selected and the reader as it is. */
  self->refiltering = TRUE;
  intake_submission_list_refresh_id (self->submissions, submission_id);
  gtk_single_selection_set_selected (self->selection, selected);
  self->refiltering = FALSE;

  /* What a filter on status, code or attribute leaves may have changed. */
  if (filter_is_active (self))
    refilter (self, FALSE);

  update_flagged (self);
  _intake_window_count_progress (self);
}

static void
codebook_changed_cb (IntakeWindow  *self,
                     IntakeProject *project)
{
  /* A code filter counts the codes under it, and codes may have moved. */
  if (filter_is_active (self))
    refilter (self, FALSE);

  /* Deleting a code takes its codings, and undoing brings them back. */
  update_flagged (self);
  _intake_window_count_progress (self);
}

static void
submissions_added_cb (IntakeWindow  *self,
                      IntakeProject *project)
{
  /* Counted first: the total under a filter waits for the new count. */
  self->total_stale = TRUE;
  _intake_window_count_progress (self);
  refilter (self, FALSE);
  update_flagged (self);
}

/* The reviewer */

gboolean
_intake_window_ensure_reviewer (IntakeWindow *self)
{
  if (intake_project_get_reviewer (self->project) != NULL)
    return TRUE;

  _intake_window_ask_reviewer_name (self);
  return FALSE;
}

static void
set_reviewer (IntakeWindow *self,
              const char   *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;

  /* A memo typed as the last reviewer is theirs. */
  intake_reader_save_memo (self->reader);

  /* A new reviewer starts a new undo history: undoing is for one's own work. */
  if (!intake_project_set_reviewer (self->project, name, &error))
    {
      intake_show_error (GTK_WIDGET (self->toast_overlay), _("Could not set the reviewer"), error);
      return;
    }

  _intake_window_actions_update (self);
  /* "By you" is someone else's count now. */
  _intake_window_count_progress (self);

  /* Translators: the reader's subtitle; %s is the reviewer's name */
  subtitle = g_strdup_printf (_("Coding as %s"), name);
  adw_window_title_set_subtitle (self->reader_title, subtitle);
}

static void
reviewer_response_cb (IntakeReviewerDialog *dialog,
                      const char           *response,
                      IntakeWindow         *self)
{
  const char *name = intake_reviewer_dialog_get_name (dialog);

  self->asking_name = FALSE;

  if (!g_str_equal (response, INTAKE_REVIEWER_DIALOG_RESPONSE_OK) || name[0] == '\0')
    return;

  g_settings_set_string (self->settings, "reviewer-name", name);
  set_reviewer (self, name);
}

void
_intake_window_ask_reviewer_name (IntakeWindow *self)
{
  g_autofree char *current = g_settings_get_string (self->settings, "reviewer-name");
  GtkWidget *dialog;

  if (self->asking_name)
    return;
  self->asking_name = TRUE;

  dialog = intake_reviewer_dialog_new (GTK_WINDOW (self), current);
  g_signal_connect_object (dialog, "response", G_CALLBACK (reviewer_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The project */

void
_intake_window_set_busy (IntakeWindow *self,
                         gboolean      busy)
{
  busy = !!busy;
  if (self->busy == busy)
    return;

  self->busy = busy;
  _intake_window_actions_update (self);

  gtk_revealer_set_reveal_child (self->progress_revealer, busy);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

typedef struct
{
  IntakeWindow *self;
  gboolean      created;
  char         *toast;   /* said in the window of the project opened, or NULL */
} SwitchData;

static void
switch_data_free (SwitchData *data)
{
  g_object_unref (data->self);
  g_free (data->toast);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwitchData, switch_data_free)

static void
project_switched_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(SwitchData) data = user_data;
  IntakeWindow *self = data->self;
  g_autoptr(GtkWindow) window = NULL;
  g_autoptr(GError) error = NULL;

  window = intake_application_open_project_finish (INTAKE_APPLICATION (source), result, &error);
  if (window == NULL)
    {
      /* This window may have been closed while the project opened. */
      if (self->toast_overlay != NULL)
        intake_show_error (GTK_WIDGET (self->toast_overlay),
                           data->created ? _("Could not create the project") : _("Could not open the project"),
                           error);
      return;
    }

  if (data->toast != NULL && INTAKE_IS_WINDOW (window))
    _intake_window_show_toast (INTAKE_WINDOW (window), data->toast);

  /* The new project replaces this one, unless an import still runs here. */
  if (window != GTK_WINDOW (self) && !self->busy)
    gtk_window_close (GTK_WINDOW (self));
}

static void
switch_to_project (IntakeWindow *self,
                   GFile        *file,
                   gboolean      created,
                   const char   *toast)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  SwitchData *data;

  if (!INTAKE_IS_APPLICATION (app))
    return;

  data = g_new0 (SwitchData, 1);
  data->self = g_object_ref (self);
  data->created = created;
  data->toast = g_strdup (toast);
  intake_application_open_project_async (INTAKE_APPLICATION (app), file, project_switched_cb, data);
}

/**
 * _intake_window_switch_to_project:
 * @toast: (nullable): what to say in the window of @file once it is open
 *
 * Opens the project @file in place of this window's.
 */
void
_intake_window_switch_to_project (IntakeWindow *self,
                                  GFile        *file,
                                  const char   *toast)
{
  switch_to_project (self, file, FALSE, toast);
}

/* The file filter of every chooser of project files. */
void
intake_window_add_project_filter (GtkFileChooser *chooser)
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
      g_autofree char *basename = g_file_get_basename (file);
      g_autofree char *lower = g_ascii_strdown (basename, -1);

      /* A REFI-QDA project is not opened but made into a new one. */
      if (g_str_has_suffix (lower, ".qdpx"))
        _intake_window_import_qdpx (self, file);
      else
        switch_to_project (self, file, FALSE, NULL);
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
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
      switch_to_project (self, file, !g_file_query_exists (file, NULL), NULL);
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

/**
 * _intake_window_choose_project:
 * @create: whether to name a new project rather than open one
 *
 * Asks for a project file and opens it in place of this window's.
 */
void
_intake_window_choose_project (IntakeWindow *self,
                               gboolean      create)
{
  GtkFileChooserNative *native;

  if (create)
    {
      native = gtk_file_chooser_native_new (_("New Project"), GTK_WINDOW (self),
                                            GTK_FILE_CHOOSER_ACTION_SAVE,
                                            _("C_reate"), _("_Cancel"));
      /* Translators: the suggested file name of a new project; keep the .intake extension */
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), _("Consultation.intake"));
      g_signal_connect_object (native, "response", G_CALLBACK (new_project_response_cb), self, 0);
    }
  else
    {
      native = gtk_file_chooser_native_new (_("Open Project"), GTK_WINDOW (self),
                                            GTK_FILE_CHOOSER_ACTION_OPEN,
                                            _("_Open"), _("_Cancel"));
      g_signal_connect_object (native, "response", G_CALLBACK (open_project_response_cb), self, 0);
    }

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  intake_window_add_project_filter (GTK_FILE_CHOOSER (native));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
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

  /* Closing stops the import, what was committed stays in the project;
   * and it stops an export or a copy, the file that was there stays. */
  intake_window_cancel_import (self);
  _intake_window_export_close (self);
  _intake_window_copy_close (self);
  _intake_window_merge_close (self);

  return GTK_WINDOW_CLASS (intake_window_parent_class)->close_request (window);
}

/* GObject */

static gboolean
ask_reviewer_idle_cb (gpointer user_data)
{
  IntakeWindow *self = user_data;

  if (self->toast_overlay != NULL && intake_project_get_reviewer (self->project) == NULL &&
      gtk_widget_get_mapped (GTK_WIDGET (self)))
    _intake_window_ask_reviewer_name (self);

  return G_SOURCE_REMOVE;
}

static void
intake_window_constructed (GObject *object)
{
  IntakeWindow *self = INTAKE_WINDOW (object);
  g_autofree char *title = NULL;
  GtkListItemFactory *factory;
  GtkEventController *controller;
  const char *path;

  G_OBJECT_CLASS (intake_window_parent_class)->constructed (object);

  g_assert (INTAKE_IS_PROJECT (self->project));
  self->store = g_object_ref (intake_project_get_store (self->project));

  path = intake_project_get_path (self->project);
  title = path ? g_filename_display_basename (path) : g_strdup (_("Feedback Intake"));
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->empty_title, title);
  adw_window_title_set_title (self->list_title, title);

  /* Every view follows the project's changes itself. */
  intake_reader_set_project (self->reader, self->project);
  intake_code_panel_set_project (self->code_panel, self->project);
  intake_filter_popover_set_project (self->filter_popover, self->project);
  g_signal_connect_object (self->project, "submission-changed",
                           G_CALLBACK (submission_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "codebook-changed",
                           G_CALLBACK (codebook_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "submissions-added",
                           G_CALLBACK (submissions_added_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "notify::can-undo",
                           G_CALLBACK (undo_state_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "notify::can-redo",
                           G_CALLBACK (undo_state_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  self->submissions = intake_submission_list_new (self->store);
  /* Around the selection's own handler, which is connected next. */
  g_signal_connect_object (self->submissions, "items-changed",
                           G_CALLBACK (list_items_changing_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->submissions, "items-changed",
                           G_CALLBACK (list_items_changed_cb), self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self->submissions, "filtered",
                           G_CALLBACK (filtered_cb), self, G_CONNECT_SWAPPED);
  g_object_bind_property (self->submissions, "searching", self->search_spinner, "spinning",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->submissions, "notify::searching",
                           G_CALLBACK (searching_changed_cb), self, G_CONNECT_SWAPPED);
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
  g_signal_connect (factory, "bind", G_CALLBACK (factory_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (factory_unbind_cb), NULL);
  gtk_grid_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_grid_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->list_view, "activate",
                           G_CALLBACK (list_activate_cb), self,
                           G_CONNECT_SWAPPED);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (list_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), controller);

  _intake_window_import_init (self);

  update_flagged (self);
  _intake_window_refilter (self);
  _intake_window_count_progress (self);

  {
    g_autofree char *name = g_settings_get_string (self->settings, "reviewer-name");

    if (name[0] != '\0')
      set_reviewer (self, name);
    else
      /* Asked once the window is on screen, so the dialog has a parent to sit on. */
      g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, ask_reviewer_idle_cb, g_object_ref (self), g_object_unref);
  }
  _intake_window_actions_update (self);
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
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
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
    case PROP_PROJECT:
      self->project = g_value_dup_object (value);
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
  g_cancellable_cancel (self->progress_cancellable);
  g_clear_object (&self->progress_cancellable);
  g_cancellable_cancel (self->flagged_cancellable);
  g_clear_object (&self->flagged_cancellable);
  g_clear_object (&self->flagged_reader);
  g_clear_weak_pointer (&self->history_toast);

  if (self->rejections_window != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->rejections_window),
                                    (gpointer *) &self->rejections_window);
      gtk_window_destroy (GTK_WINDOW (self->rejections_window));
      self->rejections_window = NULL;
    }

  if (self->importer != NULL)
    g_signal_handlers_disconnect_by_data (self->importer, self);

  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), INTAKE_TYPE_WINDOW);

  g_clear_object (&self->selection);
  g_clear_object (&self->submissions);
  g_clear_object (&self->importer);
  g_clear_object (&self->cancellable);
  _intake_window_export_dispose (self);
  _intake_window_import_dispose (self);
  _intake_window_copy_close (self);
  _intake_window_merge_close (self);

  G_OBJECT_CLASS (intake_window_parent_class)->dispose (object);
}

static void
intake_window_finalize (GObject *object)
{
  IntakeWindow *self = INTAKE_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->project);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->flagged_ids, g_hash_table_unref);
  g_free (self->filter_search);

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

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL,
                         INTAKE_TYPE_PROJECT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (INTAKE_TYPE_READER);
  g_type_ensure (INTAKE_TYPE_CODE_PANEL);
  g_type_ensure (INTAKE_TYPE_FILTER_POPOVER);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/argylepr/FeedbackIntake/ui/intake-window.ui");
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, empty_import_button);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, list_import_button);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, empty_title);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, list_title);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, list_clamp);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, reader);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, bytes_label);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, drop_revealer);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, search_spinner);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, filter_popover);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, codes_button);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, code_panel);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, reader_title);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, progress_box);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, progress_count);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, coded_bar);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, notice_revealer);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, notice_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);

  _intake_window_class_actions_init (widget_class);
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
  self->total_stale = TRUE;
  self->settings = g_settings_new (APP_ID);
  self->flagged_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (folded_changed_cb), self, G_CONNECT_SWAPPED);
  folded_changed_cb (self, NULL, self->leaflet);
  /* The entry sits in a box beside its spinner, which the bar cannot see through. */
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  intake_accessible_name_by_mnemonics (GTK_WIDGET (self));

  g_settings_bind (self->settings, "show-code-panel", self->codes_button, "active", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->code_panel, "code-activated", G_CALLBACK (code_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->reader, "code-chosen", G_CALLBACK (code_activated_cb), self, G_CONNECT_SWAPPED);

  label_split_button (self->empty_import_button, _("Import Mailbox…"), _("More Ways to Import"));
  label_split_button (self->list_import_button, _("Import Mailbox…"), _("More Ways to Import"));

  _intake_window_actions_init (self);
}

IntakeWindow *
intake_window_new (IntakeApplication *application,
                   IntakeProject     *project)
{
  g_return_val_if_fail (!application || INTAKE_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (INTAKE_IS_PROJECT (project), NULL);

  return g_object_new (INTAKE_TYPE_WINDOW,
                       "application", application,
                       "project", project,
                       NULL);
}

IntakeProject *
intake_window_get_project (IntakeWindow *self)
{
  g_return_val_if_fail (INTAKE_IS_WINDOW (self), NULL);

  return self->project;
}

gboolean
intake_window_get_busy (IntakeWindow *self)
{
  g_return_val_if_fail (INTAKE_IS_WINDOW (self), FALSE);

  return self->busy;
}
