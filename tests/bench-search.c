/* The search benchmark's measuring half, run by build-aux/bench-search:
 *
 *   bench-search PROJECT first [--sync] [--repeat N] QUERY…
 *     time to the first results and to all of them, for each QUERY
 *   bench-search PROJECT type [--sync] TEXT
 *     types TEXT a letter every 100 ms and measures the main loop's
 *     longest stall between 16 ms frames
 *
 * --sync filters as the window did before the list had a worker: the
 * query on the main thread. Prints one JSON object a line. Not a test: it
 * measures, it does not judge. */
#define G_LOG_DOMAIN "bench-search"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intake-store.h"
#include "intake-submission-list.h"

#define FRAME_MS     16
#define KEYSTROKE_MS 100
/* Rows a list view binds on screen when the list changes. */
#define VISIBLE_ROWS 20

typedef struct
{
  IntakeStore          *store;
  IntakeSubmissionList *list;
  gboolean              sync;
  gint64                started;
  gint64                first;     /* when the first rows were shown, or 0 */
  gboolean              filtered;
} Bench;

static void
show_rows (IntakeSubmissionList *list)
{
  guint n = MIN (g_list_model_get_n_items (G_LIST_MODEL (list)), VISIBLE_ROWS);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (list), i);
    }
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Bench      *bench)
{
  /* A view reads the rows it shows when they change. */
  show_rows (bench->list);
  if (bench->first == 0 && g_list_model_get_n_items (model) > 0)
    bench->first = g_get_monotonic_time ();
}

static void
filtered_cb (IntakeSubmissionList *list,
             const GError         *error,
             Bench                *bench)
{
  if (error != NULL)
    g_printerr ("bench-search: the filter failed: %s\n", error->message);
  bench->filtered = TRUE;
}

static void
set_search (Bench      *bench,
            const char *text)
{
  IntakeFilter filter = { .search = text };

  bench->started = g_get_monotonic_time ();
  bench->first = 0;
  bench->filtered = FALSE;

  if (bench->sync)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) ids = intake_store_filter_ids (bench->store, &filter, &error);

      if (ids == NULL)
        g_error ("The search failed: %s", error->message);
      intake_submission_list_set_ids (bench->list, (const gint64 *) ids->data, ids->len);
      bench->filtered = TRUE;
    }
  else
    intake_submission_list_set_filter (bench->list, &filter);
}

static double
ms (gint64 span)
{
  return span / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

static void
run_first (Bench  *bench,
           guint   repeat,
           char  **queries)
{
  for (guint q = 0; queries[q]; q++)
    {
      g_autoptr(GArray) firsts = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) alls = g_array_new (FALSE, FALSE, sizeof (double));
      g_autofree char *escaped = g_strescape (queries[q], NULL);

      for (guint r = 0; r < repeat; r++)
        {
          double first, all;

          /* From an empty list, so that the first rows are a change. */
          intake_submission_list_set_ids (bench->list, NULL, 0);
          set_search (bench, queries[q]);
          while (!bench->filtered)
            g_main_context_iteration (NULL, TRUE);
          all = ms (g_get_monotonic_time () - bench->started);
          first = bench->first ? ms (bench->first - bench->started) : all;
          g_array_append_val (firsts, first);
          g_array_append_val (alls, all);
        }

      printf ("{\"query\": \"%s\", \"matches\": %u, \"first_ms\": %.1f, \"all_ms\": %.1f,"
              " \"first_max_ms\": %.1f, \"runs\": %u}\n",
              escaped, g_list_model_get_n_items (G_LIST_MODEL (bench->list)), median (firsts), median (alls),
              (g_array_sort (firsts, compare_doubles), g_array_index (firsts, double, firsts->len - 1)),
              repeat);
      fflush (stdout);
    }
}

typedef struct
{
  Bench      *bench;
  GMainLoop  *loop;
  const char *text;
  guint       typed;       /* letters typed so far */
  gint64      last_frame;
  gint64      longest;
  guint       n_frames;
  guint       n_long;      /* frames later than 50 ms */
  gint64      last_key;
} Typing;

static gboolean
frame_cb (gpointer data)
{
  Typing *typing = data;
  gint64 now = g_get_monotonic_time ();
  gint64 gap = now - typing->last_frame;

  typing->n_frames++;
  typing->longest = MAX (typing->longest, gap);
  if (gap > 50 * G_TIME_SPAN_MILLISECOND)
    typing->n_long++;
  typing->last_frame = now;

  /* Every letter typed, and the last search shown whole. */
  if (typing->text[typing->typed] == '\0' && typing->bench->filtered)
    g_main_loop_quit (typing->loop);

  return G_SOURCE_CONTINUE;
}

static gboolean
key_cb (gpointer data)
{
  Typing *typing = data;
  g_autofree char *prefix = NULL;

  if (typing->text[typing->typed] == '\0')
    return G_SOURCE_REMOVE;

  typing->typed = g_utf8_next_char (typing->text + typing->typed) - typing->text;
  prefix = g_strndup (typing->text, typing->typed);
  typing->last_key = g_get_monotonic_time ();
  set_search (typing->bench, g_strstrip (prefix));

  return G_SOURCE_CONTINUE;
}

static void
run_type (Bench      *bench,
          const char *text)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *escaped = g_strescape (text, NULL);
  Typing typing = { bench, loop, text, };
  guint frame, key;
  gint64 started = g_get_monotonic_time ();

  typing.last_frame = started;
  frame = g_timeout_add (FRAME_MS, frame_cb, &typing);
  key = g_timeout_add (KEYSTROKE_MS, key_cb, &typing);
  g_main_loop_run (loop);
  g_source_remove (frame);
  if (typing.text[typing.typed] != '\0')
    g_source_remove (key);

  printf ("{\"text\": \"%s\", \"longest_frame_ms\": %.1f, \"frames\": %u, \"frames_over_50_ms\": %u,"
          " \"last_key_to_all_ms\": %.1f, \"matches\": %u}\n",
          escaped, ms (typing.longest), typing.n_frames, typing.n_long,
          ms (g_get_monotonic_time () - typing.last_key),
          g_list_model_get_n_items (G_LIST_MODEL (bench->list)));
  fflush (stdout);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("PROJECT first|type QUERY…");
  gboolean sync = FALSE;
  int repeat = 5;
  GOptionEntry entries[] = {
    { "sync", 0, 0, G_OPTION_ARG_NONE, &sync, "Filter on the main thread", NULL },
    { "repeat", 0, 0, G_OPTION_ARG_INT, &repeat, "Runs of each query (the median is printed)", "N" },
    { NULL }
  };
  Bench bench = { 0, };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc < 4 || repeat < 1 ||
      (strcmp (argv[2], "first") != 0 && strcmp (argv[2], "type") != 0))
    {
      g_printerr ("usage: bench-search PROJECT first|type [--sync] [--repeat N] QUERY…\n");
      return 2;
    }

  bench.store = intake_store_open (argv[1], &error);
  if (bench.store == NULL)
    {
      g_printerr ("bench-search: %s\n", error->message);
      return 1;
    }
  bench.sync = sync;
  bench.list = intake_submission_list_new (bench.store);
  g_signal_connect (bench.list, "items-changed", G_CALLBACK (items_changed_cb), &bench);
  g_signal_connect (bench.list, "filtered", G_CALLBACK (filtered_cb), &bench);

  if (strcmp (argv[2], "first") == 0)
    run_first (&bench, repeat, argv + 3);
  else
    run_type (&bench, argv[3]);

  g_clear_object (&bench.list);
  g_clear_object (&bench.store);
  return 0;
}
