/* Searching and filtering a large project from the window: the query
 * runs on the list's worker while the main loop goes on, the list ends
 * with the ids the store gives, and the submission open in the reader
 * stays open, its text untouched, while a search or a filter that keeps
 * it runs; the rows End and Home bind again show their own status. Also
 * the list's width, which the search bar must not change, and the
 * window's size, kept from one window to the next. */
#include "config.h"

#include <adwaita.h>

#include "intake-application.h"
#include "intake-filter-popover.h"
#include "intake-project.h"
#include "intake-reader.h"
#include "intake-store.h"
#include "intake-submission.h"
#include "intake-submission-list.h"
#include "intake-submission-row.h"
#include "intake-window.h"
#include "ui-test-support.h"

#define N_SUBMISSIONS 5000
#define WORD "consultation"
#define PAGE 64  /* the list's first page of a search */
/* Three words ranked together: a search that takes the worker a while. */
#define SEARCH WORD " parents teachers"

typedef struct
{
  char          *dir;
  IntakeStore   *store;
  IntakeProject *project;
  IntakeWindow  *window;
} Fixture;

/* Every message holds WORD, a different number of times, so that a search
 * for it keeps them all and ranks them. */
static char *
make_mailbox (guint n)
{
  GString *mbox = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_string_append_printf (mbox,
                              "From sender%u@example.org Mon Jan  1 00:00:00 2024\n"
                              "From: Sender %u <sender%u@example.org>\n"
                              "To: engagement@example.org\n"
                              "Subject: Submission %u\n"
                              "Date: Mon, %u Jan 2024 %02u:%02u:00 +0000\n"
                              "Message-ID: <submission-%u@example.org>\n"
                              "\n"
                              "Dear team, this is submission %u to the public consultation on the school day.\n",
                              i, i, i, i, 1 + i / 1440, (i / 60) % 24, i % 60, i, i);
      for (guint k = 0; k < i % 7; k++)
        g_string_append (mbox, "The " WORD " should hear from parents and teachers alike.\n");
      g_string_append (mbox, "\n");
    }

  return g_string_free (mbox, FALSE);
}

static IntakeSubmissionList *
get_submissions (Fixture *fixture)
{
  GListModel *selection = list_model (fixture->window);

  return INTAKE_SUBMISSION_LIST (gtk_single_selection_get_model (GTK_SINGLE_SELECTION (selection)));
}

static GtkWidget *
get_search_entry (Fixture *fixture)
{
  GtkWidget *entry = find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_SEARCH_ENTRY,
                                  search_entry_has_placeholder, "Search the Submissions");

  g_assert_nonnull (entry);
  return entry;
}

/* The list's page of the leaflet, beside the reader. */
static GtkWidget *
get_list_page (Fixture *fixture)
{
  GtkWidget *page = GTK_WIDGET (get_list_view (fixture->window));

  while (gtk_widget_get_parent (page) != NULL && !ADW_IS_LEAFLET (gtk_widget_get_parent (page)))
    page = gtk_widget_get_parent (page);
  g_assert_true (ADW_IS_LEAFLET (gtk_widget_get_parent (page)));

  return page;
}

typedef struct
{
  Fixture          *fixture;
  IntakeSubmission *open;          /* what the reader is to keep */
  guint             ticks;
  gint64            last_tick;
  gint64            longest_gap;   /* µs between two ticks while searching */
  guint             ticks_searching;
  guint             lost;          /* ticks that saw the reader show something else */
  guint             partial;       /* ticks that saw the list hold fewer than all */
} Watch;

static gboolean
tick_cb (gpointer user_data)
{
  Watch *watch = user_data;
  IntakeWindow *window = watch->fixture->window;

  gint64 now = g_get_monotonic_time ();

  watch->ticks++;
  if (!list_is_settled (window))
    {
      if (watch->ticks_searching > 0)
        watch->longest_gap = MAX (watch->longest_gap, now - watch->last_tick);
      watch->ticks_searching++;
      if (g_list_model_get_n_items (list_model (window)) == PAGE)
        watch->partial++;
    }
  if (intake_reader_get_submission (get_reader (window)) != watch->open)
    watch->lost++;
  watch->last_tick = now;

  return G_SOURCE_CONTINUE;
}

static void
count_cb (GtkTextBuffer *buffer,
          guint         *count)
{
  (*count)++;
}

static void
test_search_keeps_loop_and_reader (Fixture       *fixture,
                                   gconstpointer  data)
{
  IntakeFilter filter = { .search = SEARCH };
  IntakeSubmissionList *submissions = get_submissions (fixture);
  g_autoptr(GArray) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  int selection_start, selection_end;
  guint changes = 0;
  guint position;
  gint64 target;
  Watch watch = { fixture, };
  guint tick;

  /* What the store ranks last is outside the search's first page: its row
   * is away from the list until the rest of the ids come. */
  expected = intake_store_filter_ids (fixture->store, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (expected->len, >, PAGE);
  target = g_array_index (expected, gint64, expected->len - 1);

  g_assert_true (intake_submission_list_find (submissions, target, &position));
  g_assert_true (gtk_selection_model_select_item (GTK_SELECTION_MODEL (list_model (fixture->window)), position, TRUE));
  WAIT_UNTIL (reader_id (fixture->window) == target);
  iterate_for (100);

  /* The reviewer's place in the text. */
  watch.open = intake_reader_get_submission (get_reader (fixture->window));
  buffer = reader_buffer (fixture->window);
  select_word (fixture->window, "public", &selection_start, &selection_end);
  g_signal_connect (buffer, "changed", G_CALLBACK (count_cb), &changes);

  /* Ticking every millisecond the main loop is free to, before what else
   * is ready at the default priority: the list's worker results among it.
   * A search run on the main thread would begin and end between two
   * ticks. Not an idle, which would never let lower priorities run: GTK's
   * frames, and the list's steps just below them. */
  tick = g_timeout_add_full (G_PRIORITY_DEFAULT, 1, tick_cb, &watch, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.find", NULL));
  gtk_editable_set_text (GTK_EDITABLE (get_search_entry (fixture)), SEARCH);
  /* The entry waits for a pause in the typing, then the list searches. */
  WAIT_UNTIL (!list_is_settled (fixture->window));
  WAIT_UNTIL (list_is_settled (fixture->window));
  iterate_for (50);
  g_source_remove (tick);
  g_test_message ("%u ticks, %u of them while searching, %u seeing part of the list; %.1f ms at most between two",
                  watch.ticks, watch.ticks_searching, watch.partial, watch.longest_gap / 1000.0);

  /* The main loop went on while the list searched. */
  g_assert_cmpuint (watch.ticks_searching, >, 0);

  /* The list holds what the store finds, in its order. */
  g_assert_cmpuint (g_list_model_get_n_items (list_model (fixture->window)), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    g_assert_cmpint (intake_submission_list_get_id (submissions, i), ==, g_array_index (expected, gint64, i));
  subtitle = g_strdup_printf ("%'u of %'u submissions", expected->len, N_SUBMISSIONS);
  g_assert_nonnull (find_widget (GTK_WIDGET (fixture->window), ADW_TYPE_WINDOW_TITLE,
                                 window_title_has_subtitle, subtitle));

  /* The same submission stayed open all along, its text never reset, the
   * reviewer's selection in it kept; its row is selected again. */
  g_assert_cmpuint (watch.lost, ==, 0);
  g_assert_true (intake_reader_get_submission (get_reader (fixture->window)) == watch.open);
  g_assert_true (reader_buffer (fixture->window) == buffer);
  g_assert_cmpuint (changes, ==, 0);
  g_assert_true (gtk_text_buffer_get_selection_bounds (buffer, &start, &end));
  g_assert_cmpint (gtk_text_iter_get_offset (&start), ==, selection_start);
  g_assert_cmpint (gtk_text_iter_get_offset (&end), ==, selection_end);
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (list_model (fixture->window))), ==,
                    expected->len - 1);

  g_signal_handlers_disconnect_by_func (buffer, count_cb, &changes);
}

/* Narrowing to a few: the list shows them, and says how many of all. */
static void
test_search_counts (Fixture       *fixture,
                    gconstpointer  data)
{
  IntakeFilter filter = { .search = "\"submission 1234\"" };
  g_autoptr(GArray) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;

  expected = intake_store_filter_ids (fixture->store, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (expected->len, ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.find", NULL));
  gtk_editable_set_text (GTK_EDITABLE (get_search_entry (fixture)), filter.search);
  WAIT_UNTIL (list_is_settled (fixture->window) && g_list_model_get_n_items (list_model (fixture->window)) == 1);
  g_assert_cmpint (intake_submission_list_get_id (get_submissions (fixture), 0), ==,
                   g_array_index (expected, gint64, 0));

  subtitle = g_strdup_printf ("1 of %'u submissions", N_SUBMISSIONS);
  g_assert_nonnull (find_widget (GTK_WIDGET (fixture->window), ADW_TYPE_WINDOW_TITLE,
                                 window_title_has_subtitle, subtitle));
}

static gboolean
dropdown_offers (GtkWidget     *widget,
                 gconstpointer  first)
{
  GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (widget));
  g_autoptr(GObject) item = model != NULL ? g_list_model_get_item (model, 0) : NULL;

  return GTK_IS_STRING_OBJECT (item) && g_strcmp0 (gtk_string_object_get_string (GTK_STRING_OBJECT (item)), first) == 0;
}

/* Chooses @label in the filter popover's attribute drop-down, NULL for
 * any, as a person would. */
static void
choose_attribute (Fixture    *fixture,
                  const char *label)
{
  GtkWidget *popover = find_widget (GTK_WIDGET (fixture->window), INTAKE_TYPE_FILTER_POPOVER, NULL, NULL);
  GtkWidget *dropdown;
  GListModel *choices;
  guint position = 0;

  g_assert_nonnull (popover);
  gtk_popover_popup (GTK_POPOVER (popover));
  iterate_for (50);
  dropdown = find_widget (popover, GTK_TYPE_DROP_DOWN, dropdown_offers, "Any attribute");
  g_assert_nonnull (dropdown);
  choices = gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));
  for (guint i = 0; label != NULL && i < g_list_model_get_n_items (choices); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (choices, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), label) == 0)
        position = i;
    }
  g_assert_true (label == NULL || position > 0);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), position);
  gtk_popover_popdown (GTK_POPOVER (popover));
}

typedef struct
{
  Fixture        *fixture;
  AdwWindowTitle *title;
  const char     *before;   /* the subtitle until the whole is in */
  const char     *after;
  guint           wrong;    /* ticks that saw another subtitle */
  guint           lost;     /* ticks that saw the reader show another submission */
  gint64          open;
} CountWatch;

static gboolean
count_tick_cb (gpointer user_data)
{
  CountWatch *watch = user_data;
  const char *subtitle = adw_window_title_get_subtitle (watch->title);

  if (g_strcmp0 (subtitle, watch->before) != 0 && g_strcmp0 (subtitle, watch->after) != 0)
    watch->wrong++;
  if (reader_id (watch->fixture->window) != watch->open)
    watch->lost++;
  return G_SOURCE_CONTINUE;
}

/* Filtering by an attribute shows the filter's first rows, then the rest:
 * all along the count says what it said until the whole is in, the
 * submission open stays open, and its row is selected again, in the
 * filtered list and back in the whole. */
static void
test_attribute_filter_keeps_selection (Fixture       *fixture,
                                       gconstpointer  data)
{
  IntakeFilter filter = { .attribute_name = "Language", .attribute_value = "French" };
  IntakeSubmissionList *submissions = get_submissions (fixture);
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (list_model (fixture->window));
  g_autoptr(GArray) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *all = g_strdup_printf ("%'u submissions", N_SUBMISSIONS);
  g_autofree char *some = NULL;
  CountWatch watch = { fixture, };
  guint position;
  guint tick;

  /* Every other one French, the rest as the import left them. */
  g_assert_true (intake_store_begin (fixture->store, &error));
  for (guint i = 0; i < N_SUBMISSIONS; i += 2)
    g_assert_true (intake_store_set_attribute (fixture->store, intake_submission_list_get_id (submissions, i),
                                               "Language", "French", "A", &error));
  g_assert_true (intake_store_commit (fixture->store, &error));
  g_assert_no_error (error);
  expected = intake_store_filter_ids (fixture->store, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (expected->len, ==, N_SUBMISSIONS / 2);
  some = g_strdup_printf ("%'u of %'u submissions", expected->len, N_SUBMISSIONS);

  /* Open the last of them, far past the filter's first page. */
  watch.open = g_array_index (expected, gint64, expected->len - 1);
  g_assert_true (intake_submission_list_find (submissions, watch.open, &position));
  g_assert_true (gtk_selection_model_select_item (GTK_SELECTION_MODEL (selection), position, TRUE));
  WAIT_UNTIL (reader_id (fixture->window) == watch.open);
  watch.title = ADW_WINDOW_TITLE (find_widget (GTK_WIDGET (fixture->window), ADW_TYPE_WINDOW_TITLE,
                                               window_title_has_subtitle, all));
  g_assert_nonnull (watch.title);

  watch.before = all;
  watch.after = some;
  tick = g_timeout_add (1, count_tick_cb, &watch);
  choose_attribute (fixture, "Language: French");
  WAIT_UNTIL (!list_is_settled (fixture->window));
  WAIT_UNTIL (list_is_settled (fixture->window));
  iterate_for (50);
  g_source_remove (tick);

  g_assert_cmpuint (watch.wrong, ==, 0);
  g_assert_cmpuint (watch.lost, ==, 0);
  g_assert_cmpstr (adw_window_title_get_subtitle (watch.title), ==, some);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    g_assert_cmpint (intake_submission_list_get_id (submissions, i), ==, g_array_index (expected, gint64, i));
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, expected->len - 1);

  /* And back to every submission. */
  watch.before = some;
  watch.after = all;
  tick = g_timeout_add (1, count_tick_cb, &watch);
  choose_attribute (fixture, NULL);
  WAIT_UNTIL (!list_is_settled (fixture->window));
  WAIT_UNTIL (list_is_settled (fixture->window));
  iterate_for (50);
  g_source_remove (tick);

  g_assert_cmpuint (watch.wrong, ==, 0);
  g_assert_cmpuint (watch.lost, ==, 0);
  g_assert_cmpstr (adw_window_title_get_subtitle (watch.title), ==, all);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, N_SUBMISSIONS);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, position);
  g_assert_cmpint (reader_id (fixture->window), ==, watch.open);
}

static IntakeStatus
status_of (Fixture *fixture,
           gint64   id)
{
  g_autoptr(GPtrArray) rows = intake_store_get_summaries (fixture->store, &id, 1, NULL);

  g_assert_cmpuint (rows->len, ==, 1);
  return intake_submission_get_status (g_ptr_array_index (rows, 0));
}

/* Each row on screen shows its own submission's status, and only that. */
static void
assert_rows_show_status (Fixture *fixture)
{
  static const char *const classes[] = {
    [INTAKE_STATUS_NEW] = "status-new",
    [INTAKE_STATUS_IN_PROGRESS] = "status-in-progress",
    [INTAKE_STATUS_CODED] = "status-coded",
    [INTAKE_STATUS_EXCLUDED] = "status-excluded",
  };
  GtkWidget *list_view = GTK_WIDGET (get_list_view (fixture->window));
  guint n_rows = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list_view);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);
      IntakeSubmission *submission;
      GtkWidget *icon;
      IntakeStatus status;

      if (!INTAKE_IS_SUBMISSION_ROW (row) ||
          (submission = intake_submission_row_get_submission (INTAKE_SUBMISSION_ROW (row))) == NULL)
        continue;

      status = status_of (fixture, intake_submission_get_id (submission));
      icon = find_widget (row, GTK_TYPE_IMAGE, has_css_class, "submission-status");
      g_assert_nonnull (icon);
      for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
        g_assert_cmpint (gtk_widget_has_css_class (icon, classes[i]), ==, i == status);
      g_assert_cmpint (gtk_image_get_storage_type (GTK_IMAGE (icon)), ==, GTK_IMAGE_ICON_NAME);
      n_rows++;
    }

  g_assert_cmpuint (n_rows, >, 10);
}

/* End and Home bind the list's row widgets again, to submissions far
 * away: each shows its new submission's status, whatever the last one's
 * was. The first ones are coded, the last ones new. */
static void
test_end_and_home_show_status (Fixture       *fixture,
                               gconstpointer  data)
{
  IntakeSubmissionList *submissions = get_submissions (fixture);
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (list_model (fixture->window));
  GtkWidget *list = GTK_WIDGET (get_list_view (fixture->window));
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 60; i++)
    {
      g_assert_true (intake_project_set_status (fixture->project, intake_submission_list_get_id (submissions, i),
                                                i % 2 ? INTAKE_STATUS_CODED : INTAKE_STATUS_EXCLUDED, &error));
      g_assert_no_error (error);
    }
  iterate_for (100);
  assert_rows_show_status (fixture);

  gtk_widget_grab_focus (list);
  iterate_for (50);
  g_assert_true (press_shortcut (list, GDK_KEY_End, 0));
  WAIT_UNTIL (gtk_single_selection_get_selected (selection) == N_SUBMISSIONS - 1);
  iterate_for (100);
  assert_rows_show_status (fixture);

  g_assert_true (press_shortcut (list, GDK_KEY_Home, 0));
  WAIT_UNTIL (gtk_single_selection_get_selected (selection) == 0);
  iterate_for (100);
  assert_rows_show_status (fixture);
}

static void
test_search_bar_keeps_width (Fixture       *fixture,
                             gconstpointer  data)
{
  GtkWidget *page = get_list_page (fixture);
  GtkWidget *entry = get_search_entry (fixture);
  int before, after;

  g_assert_false (gtk_widget_get_mapped (entry));
  WAIT_UNTIL (gtk_widget_get_width (page) > 0);
  iterate_for (100);
  before = gtk_widget_get_width (page);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.find", NULL));
  WAIT_UNTIL (gtk_widget_get_mapped (entry));
  iterate_for (100);
  after = gtk_widget_get_width (page);

  g_test_message ("The list is %d pixels wide, %d with the search bar", before, after);
  g_assert_cmpint (before, >, 0);
  g_assert_cmpint (after, ==, before);
}

/* The size the window had when closed is the next window's. */
static void
test_window_size_kept (Fixture       *fixture,
                       gconstpointer  data)
{
  IntakeWindow *window;
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (fixture->window), &width, &height);
  g_assert_cmpint (width, ==, 1280);
  g_assert_cmpint (height, ==, 800);

  /* As a resize by the reviewer leaves it. */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1100, 700);
  gtk_window_close (GTK_WINDOW (fixture->window));
  iterate_for (50);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1100);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);

  window = open_window (app, fixture->project);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1100);
  g_assert_cmpint (height, ==, 700);
  /* Its counts and list, worked out on workers, are let finish first. */
  WAIT_UNTIL (list_is_settled (window));
  iterate_for (200);
  close_and_finalize (window);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

typedef struct
{
  IntakeWindow *window;
  gboolean      seen_rows;       /* the list held rows at some point */
  gboolean      seen_partial;    /* ... while it still read the rest */
  gboolean      empty_with_rows; /* "No Submissions Yet" showed with rows in the list */
} Opening;

static void
opening_items_changed_cb (GListModel *model,
                          guint       position,
                          guint       removed,
                          guint       added,
                          Opening    *opening)
{
  GtkWidget *empty = find_widget (GTK_WIDGET (opening->window), ADW_TYPE_STATUS_PAGE,
                                  status_page_has_title, "No Submissions Yet");

  if (g_list_model_get_n_items (model) == 0)
    return;

  opening->seen_rows = TRUE;
  if (!list_is_settled (opening->window))
    opening->seen_partial = TRUE;
  if (empty != NULL && gtk_widget_get_child_visible (empty) && gtk_widget_get_mapped (empty))
    opening->empty_with_rows = TRUE;
}

/* A window on a large project shows its first rows as soon as they are
 * read, not "No Submissions Yet" until the last one is. */
static void
test_first_rows_before_all (Fixture       *fixture,
                            gconstpointer  data)
{
  Opening opening = { 0, };
  GListModel *model;

  /* Watched from before the window's first query returns. */
  opening.window = g_object_ref (intake_window_new (app, fixture->project));
  model = list_model (opening.window);
  g_signal_connect_after (model, "items-changed", G_CALLBACK (opening_items_changed_cb), &opening);
  gtk_window_present (GTK_WINDOW (opening.window));

  WAIT_UNTIL (list_is_settled (opening.window) && g_list_model_get_n_items (model) == N_SUBMISSIONS);
  g_signal_handlers_disconnect_by_data (model, &opening);

  g_assert_true (opening.seen_rows);
  g_assert_true (opening.seen_partial);
  g_assert_false (opening.empty_with_rows);
  gtk_window_destroy (GTK_WINDOW (opening.window));
  g_object_unref (opening.window);
}

/* Fixture */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *mbox = NULL;

  fixture->project = open_temporary_project ("test-search-ui-XXXXXX", &fixture->dir, &fixture->store);
  fixture->window = open_window (app, fixture->project);

  mbox = make_mailbox (N_SUBMISSIONS);
  import_and_wait (fixture->window, fixture->dir, "inbox.mbox", mbox);
  g_assert_cmpuint (g_list_model_get_n_items (list_model (fixture->window)), ==, N_SUBMISSIONS);
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

int
main (int   argc,
      char *argv[])
{
  /* Xvfb renders GL in software, compiling shaders on the main thread for
   * whole seconds: the ticks would measure that, not the search. */
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  ui_test_init (&argc, &argv, UI_TEST_APP | UI_TEST_CODE_PANEL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/search-ui/keeps-loop-and-reader", test_search_keeps_loop_and_reader);
  ADD ("/search-ui/counts", test_search_counts);
  ADD ("/search-ui/attribute-filter-keeps-selection", test_attribute_filter_keeps_selection);
  ADD ("/search-ui/end-and-home-show-status", test_end_and_home_show_status);
  ADD ("/search-ui/search-bar-keeps-width", test_search_bar_keeps_width);
  ADD ("/search-ui/window-size-kept", test_window_size_kept);
  ADD ("/search-ui/first-rows-before-all", test_first_rows_before_all);

#undef ADD

  return ui_test_run ();
}
