/* The window's half of the search benchmark, run by build-aux/bench-search
 * under Xvfb:
 *
 *   bench-window PROJECT TEXT
 *
 * opens PROJECT in a window, as a reviewer would with a submission open,
 * then reads the window's frame clock while it
 *   1. types TEXT into the search entry, a letter every 100 ms, until the
 *      list holds the whole of the last search;
 *   2. goes down the results, a row every 150 ms, each opening in the
 *      reader with its matches lit;
 *   3. clears the search, until every submission is listed again;
 *   4. presses End and then Home in the list;
 *   4b. filters by an attribute (the submissions in French), and back;
 *   5. opens a submission coded with 200 excerpts.
 * BENCH_WINDOW_PHASES, a comma-separated list of phases by the names
 * they print ("end-home,filtering"), runs only those.
 * Prints one JSON object a line for each: the longest time between two
 * frames, the frames, and those later than 50 ms (16 ms for End and
 * Home), with how long the launch took to its first rows and the
 * process's peak memory. Not a test: it measures, it does not judge. */
#define _GNU_SOURCE  /* RUSAGE_THREAD */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "intake-application.h"
#include "intake-filter-popover.h"
#include "intake-submission-row.h"
#include "ui-test-support.h"

#define KEYSTROKE_MS 100
#define ROW_MS       150
#define N_ROWS       20
#define N_CODINGS    200

typedef struct
{
  IntakeWindow *window;
  gboolean      measuring;
  gint64        last_frame;
  gint64        longest;
  guint         n_frames;
  guint         n_long;
  gint64        long_after;           /* µs: a frame later than this is long */
  /* When each phase of the last frame began: what a long frame spent on */
  gint64        phase[5];
  gint64        last_after_paint;
  gint64        cpu_at_after_paint;   /* of the main thread, µs */
  gint64        last_cpu;
  gint64        tick_cpu;             /* the main thread's CPU time at the last tick */
  gint64        busiest;              /* the most CPU time it had between two ticks */
} Frames;

static const char *phase_names[] = { "before-paint", "update", "layout", "paint", "after-paint" };

typedef struct
{
  Frames *frames;
  guint   index;
} Phase;

static Phase phases[G_N_ELEMENTS (phase_names)];

/* The CPU time the main thread has had: a frame that came late while the
 * thread did not run was the machine's doing, not the app's. */
static gint64
thread_cpu_us (void)
{
  struct rusage usage;

  getrusage (RUSAGE_THREAD, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC +
         usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

static void
phase_cb (GdkFrameClock *clock,
          Phase         *phase)
{
  Frames *frames = phase->frames;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();

  if (phase->index == 0 && frames->phase[4] != 0)
    {
      frames->last_after_paint = frames->phase[4];
      frames->cpu_at_after_paint = frames->last_cpu;
    }
  if (phase->index == 4)
    frames->last_cpu = cpu;
  frames->phase[phase->index] = now;

  /* A long frame, told phase by phase: the main loop's own work before
   * it, then what GTK did to draw it. */
  if (phase->index == 4 && frames->measuring && g_getenv ("BENCH_WINDOW_VERBOSE") != NULL &&
      frames->last_after_paint != 0 && now - frames->last_after_paint > frames->long_after)
    g_printerr ("%.3f long frame %.1f ms (the main thread ran %.1f ms of it): between frames %.1f, update %.1f, layout %.1f, paint %.1f\n",
                now / 1e6, (now - frames->last_after_paint) / 1000.0, (cpu - frames->cpu_at_after_paint) / 1000.0,
                (frames->phase[0] - frames->last_after_paint) / 1000.0,
                (frames->phase[2] - frames->phase[1]) / 1000.0,
                (frames->phase[3] - frames->phase[2]) / 1000.0,
                (frames->phase[4] - frames->phase[3]) / 1000.0);
}

static void
watch_phases (Frames        *frames,
              GdkFrameClock *clock)
{
  for (guint i = 0; i < G_N_ELEMENTS (phase_names); i++)
    {
      phases[i].frames = frames;
      phases[i].index = i;
      g_signal_connect (clock, phase_names[i], G_CALLBACK (phase_cb), &phases[i]);
    }
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Frames *frames = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();

  if (frames->measuring)
    {
      gint64 gap = now - frames->last_frame;

      /* What the app did for a frame, whatever else the machine did */
      frames->busiest = MAX (frames->busiest, cpu - frames->tick_cpu);

      frames->n_frames++;
      frames->longest = MAX (frames->longest, gap);
      if (gap > frames->long_after)
        frames->n_long++;
    }
  frames->last_frame = now;
  frames->tick_cpu = cpu;

  return G_SOURCE_CONTINUE;
}

static void
frames_start_with (Frames *frames,
                   guint   long_ms)
{
  frames->long_after = long_ms * G_TIME_SPAN_MILLISECOND;
  frames->measuring = TRUE;
  frames->last_frame = g_get_monotonic_time ();
  frames->tick_cpu = thread_cpu_us ();
  frames->busiest = 0;
  frames->longest = 0;
  frames->n_frames = 0;
  frames->n_long = 0;
}

static void
frames_start (Frames *frames)
{
  frames_start_with (frames, 50);
}

static void
frames_print (Frames     *frames,
              const char *what,
              const char *detail)
{
  frames->measuring = FALSE;
  printf ("{\"what\": \"%s\", %s, \"longest_frame_ms\": %.1f, \"busiest_frame_ms\": %.1f, \"frames\": %u, \"frames_over_%d_ms\": %u}\n",
          what, detail, frames->longest / 1000.0, frames->busiest / 1000.0, frames->n_frames,
          (int) (frames->long_after / G_TIME_SPAN_MILLISECOND), frames->n_long);
  fflush (stdout);
}

static void
set_true (gpointer data)
{
  *(gboolean *) data = TRUE;
}

/* Runs the main loop for @ms, asleep while nothing is due: a busy loop
 * would take a core from the list's worker. */
static void
wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add_once (ms, (GSourceOnceFunc) set_true, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
type_search (Frames     *frames,
             const char *text)
{
  GtkWidget *entry = find_widget (GTK_WIDGET (frames->window), GTK_TYPE_SEARCH_ENTRY,
                                  search_entry_has_placeholder, "Search the Submissions");
  g_autofree char *detail = NULL;
  g_autofree char *escaped = g_strescape (text, NULL);
  gint64 last_key;

  g_assert_nonnull (entry);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (frames->window), "win.find", NULL));
  wait_ms (200);

  frames_start (frames);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      int position = -1;

      gtk_editable_insert_text (GTK_EDITABLE (entry), p, g_utf8_next_char (p) - p, &position);
      if (g_getenv ("BENCH_WINDOW_VERBOSE") != NULL)
        g_printerr ("%.3f typed “%.*s”\n", g_get_monotonic_time () / 1e6, (int) (g_utf8_next_char (p) - p), p);
      gtk_editable_set_position (GTK_EDITABLE (entry), -1);
      wait_ms (KEYSTROKE_MS);
    }
  last_key = g_get_monotonic_time ();
  /* The entry waits for a pause in the typing before the list searches. */
  WAIT_UNTIL (!list_is_settled (frames->window) || g_get_monotonic_time () - last_key > 1000000);
  WAIT_UNTIL (list_is_settled (frames->window));
  detail = g_strdup_printf ("\"text\": \"%s\", \"matches\": %u, \"last_key_to_all_ms\": %.1f", escaped,
                            g_list_model_get_n_items (list_model (frames->window)),
                            (g_get_monotonic_time () - last_key) / 1000.0);
  wait_ms (300);
  frames_print (frames, "typing", detail);
}

static void
go_down_results (Frames *frames)
{
  GListModel *model = list_model (frames->window);
  guint n = MIN (g_list_model_get_n_items (model), N_ROWS);
  g_autofree char *detail = NULL;

  frames_start (frames);
  for (guint i = 0; i < n; i++)
    {
      gtk_selection_model_select_item (GTK_SELECTION_MODEL (model), i, TRUE);
      wait_ms (ROW_MS);
    }
  wait_ms (300);
  detail = g_strdup_printf ("\"rows\": %u", n);
  frames_print (frames, "reading", detail);
}

/* Back to every submission, as when a search is done with. */
static void
clear_search (Frames *frames)
{
  GtkWidget *entry = find_widget (GTK_WIDGET (frames->window), GTK_TYPE_SEARCH_ENTRY,
                                  search_entry_has_placeholder, "Search the Submissions");
  g_autofree char *detail = NULL;
  gint64 cleared;

  frames_start (frames);
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  cleared = g_get_monotonic_time ();
  WAIT_UNTIL (!list_is_settled (frames->window) || g_get_monotonic_time () - cleared > 1000000);
  WAIT_UNTIL (list_is_settled (frames->window));
  detail = g_strdup_printf ("\"matches\": %u, \"cleared_to_all_ms\": %.1f",
                            g_list_model_get_n_items (list_model (frames->window)),
                            (g_get_monotonic_time () - cleared) / 1000.0);
  wait_ms (300);
  frames_print (frames, "clearing", detail);
}

/* End and Home in the list, as keys: the list's own bindings. */
static void
end_and_home (Frames *frames)
{
  GtkWidget *list = GTK_WIDGET (get_list_view (frames->window));
  GListModel *model = list_model (frames->window);
  guint n = g_list_model_get_n_items (model);
  g_autofree char *detail = NULL;

  /* Pressed on the list, whose bindings they are: the focused row's
   * widget goes with the scroll. */
  gtk_widget_grab_focus (list);
  wait_ms (300);
  frames_start_with (frames, 25);
  if (g_getenv ("BENCH_WINDOW_VERBOSE") != NULL)
    g_printerr ("%.3f pressing End\n", g_get_monotonic_time () / 1e6);
  g_assert_true (press_shortcut (list, GDK_KEY_End, 0));
  wait_ms (500);
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (model)), ==, n - 1);
  if (g_getenv ("BENCH_WINDOW_VERBOSE") != NULL)
    g_printerr ("%.3f pressing Home\n", g_get_monotonic_time () / 1e6);
  g_assert_true (press_shortcut (list, GDK_KEY_Home, 0));
  wait_ms (500);
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (model)), ==, 0);
  detail = g_strdup_printf ("\"rows\": %u", n);
  frames_print (frames, "end-home", detail);
}

static gboolean
dropdown_offers (GtkWidget     *widget,
                 gconstpointer  first)
{
  GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (widget));
  g_autoptr(GObject) item = model != NULL ? g_list_model_get_item (model, 0) : NULL;

  return GTK_IS_STRING_OBJECT (item) && g_strcmp0 (gtk_string_object_get_string (GTK_STRING_OBJECT (item)), first) == 0;
}

static gint64
first_listed (IntakeWindow *window)
{
  GListModel *model = list_model (window);
  g_autoptr(IntakeSubmission) item = g_list_model_get_n_items (model) > 0 ? g_list_model_get_item (model, 0) : NULL;

  return item != NULL ? intake_submission_get_id (item) : 0;
}

/* Chooses @label in the filter popover's attribute drop-down (0 for any),
 * as a person would, and waits for the list to hold the whole result. */
static void
filter_by_attribute (Frames     *frames,
                     const char *what,
                     const char *label)
{
  GtkWidget *popover = find_widget (GTK_WIDGET (frames->window), INTAKE_TYPE_FILTER_POPOVER, NULL, NULL);
  GtkWidget *dropdown;
  GListModel *choices;
  guint position = 0;
  g_autofree char *detail = NULL;
  gint64 chosen, first, first_id;
  guint frame;

  g_assert_nonnull (popover);
  gtk_popover_popup (GTK_POPOVER (popover));
  wait_ms (300);
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

  first_id = first_listed (frames->window);
  frames_start (frames);
  chosen = g_get_monotonic_time ();
  if (g_getenv ("BENCH_WINDOW_VERBOSE") != NULL)
    g_printerr ("%.3f choosing “%s”\n", chosen / 1e6, label != NULL ? label : "Any attribute");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), position);
  /* The first row changes with the first rows of the result; drawn with
   * the frame after. */
  WAIT_UNTIL (first_listed (frames->window) != first_id || g_get_monotonic_time () - chosen > 2000000);
  frame = frames->n_frames;
  WAIT_UNTIL (frames->n_frames > frame);
  first = g_get_monotonic_time ();
  if (g_getenv ("BENCH_WINDOW_VERBOSE") != NULL)
    g_printerr ("%.3f first rows drawn\n", first / 1e6);
  WAIT_UNTIL (!list_is_settled (frames->window) || g_get_monotonic_time () - chosen > 1000000);
  WAIT_UNTIL (list_is_settled (frames->window));
  detail = g_strdup_printf ("\"matches\": %u, \"first_rows_ms\": %.1f, \"chosen_to_all_ms\": %.1f",
                            g_list_model_get_n_items (list_model (frames->window)),
                            (first - chosen) / 1000.0, (g_get_monotonic_time () - chosen) / 1000.0);
  gtk_popover_popdown (GTK_POPOVER (popover));
  wait_ms (300);
  frames_print (frames, what, detail);
}

/* A submission with N_CODINGS excerpts coded, one every few characters,
 * from the start of the list: opened from the list, until the reader
 * has drawn it. */
static void
open_coded (Frames        *frames,
            IntakeProject *project,
            guint          position)
{
  GListModel *model = list_model (frames->window);
  g_autoptr(IntakeSubmission) item = g_list_model_get_item (model, position);
  gint64 id = intake_submission_get_id (item);
  IntakeCodebook *codebook = intake_project_get_codebook (project);
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;
  guint added = 0;
  gint64 asked;
  gint64 drawn;

  for (guint i = 0; added < N_CODINGS && i < 10 * N_CODINGS; i++)
    {
      IntakeCode *code = intake_codebook_get_code (codebook, i % intake_codebook_get_n_codes (codebook));
      int start = (i / 4) * 2;

      if (!intake_code_get_is_codable (code))
        continue;
      if (!intake_project_add_coding (project, id, intake_code_get_guid (code), start, start + 3, NULL, &error))
        {
          g_printerr ("bench-window: could not code: %s\n", error->message);
          exit (1);
        }
      added++;
    }

  /* The codings change the submission's status, and the list reads its
   * rows again: opening it is measured once that is over, at the
   * position it then has. */
  wait_ms (200);
  WAIT_UNTIL (list_is_settled (frames->window));
  for (position = 0; position < g_list_model_get_n_items (model); position++)
    {
      g_autoptr(IntakeSubmission) at = g_list_model_get_item (model, position);

      if (intake_submission_get_id (at) == id)
        break;
    }

  frames_start (frames);
  asked = g_get_monotonic_time ();
  if (g_getenv ("BENCH_WINDOW_VERBOSE") != NULL)
    g_printerr ("%.3f opening a submission with %u codings\n", asked / 1e6, added);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (model), position, TRUE);
  WAIT_UNTIL (reader_id (frames->window) == id);
  /* Drawn: the next frame after it is in the reader. */
  {
    guint frame = frames->n_frames;

    WAIT_UNTIL (frames->n_frames > frame);
  }
  drawn = g_get_monotonic_time ();
  if (g_getenv ("BENCH_WINDOW_VERBOSE") != NULL)
    g_printerr ("%.3f drawn\n", drawn / 1e6);
  wait_ms (300);
  detail = g_strdup_printf ("\"codings\": %u, \"shown_ms\": %.1f", added, (drawn - asked) / 1000.0);
  frames_print (frames, "coded", detail);
}

/* Whether BENCH_WINDOW_PHASES, if set, names @what. */
static gboolean
phase_wanted (const char *what)
{
  const char *wanted = g_getenv ("BENCH_WINDOW_PHASES");
  g_auto(GStrv) names = NULL;

  if (wanted == NULL || *wanted == '\0')
    return TRUE;
  names = g_strsplit (wanted, ",", -1);
  return g_strv_contains ((const char * const *) names, what);
}

/* The process's high-water mark of resident memory, in MB. */
static double
peak_rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmHWM:")) == NULL)
    return 0;
  return g_ascii_strtod (line + strlen ("VmHWM:"), NULL) / 1024.0;
}

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **opened = user_data;

  *opened = g_object_ref (result);
}

#define REVIEWER "Benchmark Reviewer"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeApplication) app = NULL;
  g_autoptr(IntakeProject) project = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GAsyncResult) opened = NULL;
  IntakeWindow *window;
  Frames frames = { 0, };
  gint64 started;
  double first_rows_ms;
  GtkWidget *grid;
  GtkWidget *row = NULL;

  if (argc != 3)
    {
      g_printerr ("usage: bench-window PROJECT TEXT\n");
      return 2;
    }

  /* The launch of a reviewer who has worked in the project before: one
   * new to it is added as the window is made, a write that waits for the
   * project's check (see docs/performance.md). */
  {
    g_autoptr(IntakeStore) store = intake_store_open (argv[1], &error);

    if (store == NULL || !intake_store_ensure_reviewer (store, REVIEWER, &error))
      {
        g_printerr ("bench-window: %s\n", error->message);
        return 1;
      }
  }

  started = g_get_monotonic_time ();
  gtk_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  settings = g_settings_new ("com.argylepr.FeedbackIntake");
  g_settings_set_string (settings, "reviewer-name", REVIEWER);

  app = intake_application_new ();
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      g_printerr ("bench-window: %s\n", error->message);
      return 1;
    }

  if (g_getenv ("BENCH_WINDOW_VERBOSE") != NULL)
    g_printerr ("%.1f ms: opening the project\n", (g_get_monotonic_time () - started) / 1000.0);
  /* As the application opens it: on a worker, checked while the window is made. */
  intake_project_open_async (argv[1], NULL, opened_cb, &opened);
  WAIT_UNTIL (opened != NULL);
  project = intake_project_open_finish (opened, &error);
  if (project == NULL)
    {
      g_printerr ("bench-window: %s\n", error->message);
      return 1;
    }

  if (g_getenv ("BENCH_WINDOW_VERBOSE") != NULL)
    g_printerr ("%.1f ms: making the window\n", (g_get_monotonic_time () - started) / 1000.0);
  window = intake_window_new (app, project);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  if (g_getenv ("BENCH_WINDOW_VERBOSE") != NULL)
    g_printerr ("%.1f ms: the window is mapped\n", (g_get_monotonic_time () - started) / 1000.0);
  /* Looked for in the list alone, and once it has rows: walking the
   * whole window at every turn of the main loop would slow the launch
   * it measures. */
  grid = GTK_WIDGET (get_list_view (window));
  WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (gtk_grid_view_get_model (GTK_GRID_VIEW (grid)))) > 0 &&
              (row = find_widget (grid, INTAKE_TYPE_SUBMISSION_ROW, NULL, NULL)) != NULL &&
              gtk_widget_get_mapped (row));
  first_rows_ms = (g_get_monotonic_time () - started) / 1000.0;
  WAIT_UNTIL (g_list_model_get_n_items (list_model (window)) > 0 && list_is_settled (window));
  printf ("{\"what\": \"launch\", \"rows\": %u, \"first_rows_ms\": %.1f}\n",
          g_list_model_get_n_items (list_model (window)), first_rows_ms);

  /* A reviewer at work: a submission open in the reader. */
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (list_model (window)), 0, TRUE);
  WAIT_UNTIL (reader_id (window) != 0);
  wait_ms (500);

  frames.window = window;
  gtk_widget_add_tick_callback (GTK_WIDGET (window), tick_cb, &frames, NULL);
  watch_phases (&frames, gtk_widget_get_frame_clock (GTK_WIDGET (window)));

  if (phase_wanted ("typing"))
    type_search (&frames, argv[2]);
  if (phase_wanted ("reading"))
    go_down_results (&frames);
  if (phase_wanted ("clearing"))
    clear_search (&frames);
  if (phase_wanted ("end-home"))
    end_and_home (&frames);
  if (phase_wanted ("filtering"))
    filter_by_attribute (&frames, "filtering", "Language: French");
  if (phase_wanted ("unfiltering"))
    filter_by_attribute (&frames, "unfiltering", NULL);
  if (phase_wanted ("coded"))
    open_coded (&frames, project, 3);
  printf ("{\"what\": \"memory\", \"peak_rss_mb\": %.1f}\n", peak_rss_mb ());

  gtk_window_destroy (GTK_WINDOW (window));
  wait_ms (100);

  return 0;
}
