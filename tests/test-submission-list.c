#define G_LOG_DOMAIN "test-submission-list"

#include "config.h"

#include <glib/gstdio.h>

#include "intake-store.h"
#include "intake-submission-list.h"

/* More than two of the list's pages of 64. */
#define N_SUBMISSIONS 150
/* Enough that ranking a word of every one takes the worker a while. */
#define N_LARGE 20000

/* Each submission holds "school" and one of these, by its index modulo 3. */
static const char *const words[] = { "lockdown", "drills", "counsellor" };

typedef struct
{
  gboolean on_disk;  /* a project file, which a worker can open again */
  guint    n;
} Setup;

static const Setup in_memory = { FALSE, N_SUBMISSIONS };
static const Setup on_disk = { TRUE, N_SUBMISSIONS };
static const Setup large = { TRUE, N_LARGE };

typedef struct
{
  IntakeStore *store;
  char        *dir;
  GArray      *ids;      /* every id, in date order */
  GArray      *changes;  /* Change, one per items-changed */
  guint        n_notify; /* notify::n-items */
  GArray      *mirror;   /* the ids as items-changed told them */
  GArray      *sizes;    /* the list's length after each items-changed */
  guint        n_filtered;
  GError      *filtered_error;
} Fixture;

typedef struct
{
  guint position;
  guint removed;
  guint added;
} Change;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const Setup *setup = data;
  g_autoptr(GError) error = NULL;

  if (setup->on_disk)
    {
      g_autofree char *path = NULL;

      fixture->dir = g_dir_make_tmp ("test-submission-list-XXXXXX", &error);
      g_assert_no_error (error);
      path = g_build_filename (fixture->dir, "project.intake", NULL);
      fixture->store = intake_store_open (path, &error);
    }
  else
    fixture->store = intake_store_new_in_memory (&error);
  g_assert_no_error (error);

  g_assert_true (intake_store_begin (fixture->store, &error));
  for (guint i = 0; i < setup->n; i++)
    {
      g_autoptr(IntakeParsedMessage) message = g_new0 (IntakeParsedMessage, 1);
      IntakeStoreInsertResult result;

      message->message_id = g_strdup_printf ("m%u@example.org", i);
      message->subject = g_strdup_printf ("Submission %u", i);
      message->from_name = g_strdup ("Amara Okafor");
      message->from_addr = g_strdup ("amara@example.org");
      /* Dated out of the order they came in, two to a minute, and in the
       * small projects every tenth undated: the list's order is not the
       * ids'. */
      message->date = 1618840800 + ((i * 37) % setup->n / 2) * 60;
      message->has_date = setup->n == N_LARGE || i % 10 != 5;
      message->body = g_strdup_printf ("Feedback number %u about the school: %s.", i, words[i % 3]);
      message->text = g_strdup (message->body);
      message->attachments = g_ptr_array_new ();

      g_assert_true (intake_store_insert_message (fixture->store, message, -1, NULL, &result, &error));
      g_assert_no_error (error);
      g_assert_cmpint (result, ==, INTAKE_STORE_INSERTED);
    }
  g_assert_true (intake_store_commit (fixture->store, &error));
  g_assert_no_error (error);

  fixture->ids = intake_store_list_ids (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->ids->len, ==, setup->n);

  fixture->changes = g_array_new (FALSE, FALSE, sizeof (Change));
  fixture->mirror = g_array_new (FALSE, FALSE, sizeof (gint64));
  fixture->sizes = g_array_new (FALSE, FALSE, sizeof (guint));
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_assert_cmpint (g_unlink (child), ==, 0);
    }
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->changes, g_array_unref);
  g_clear_pointer (&fixture->mirror, g_array_unref);
  g_clear_pointer (&fixture->sizes, g_array_unref);
  g_clear_pointer (&fixture->ids, g_array_unref);
  g_clear_error (&fixture->filtered_error);
  g_assert_finalize_object (fixture->store);
  if (fixture->dir != NULL)
    remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static gint64
id_at (Fixture *fixture,
       guint    index)
{
  return g_array_index (fixture->ids, gint64, index);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *fixture)
{
  Change change = { position, removed, added };
  guint n = g_list_model_get_n_items (model);

  g_array_append_val (fixture->changes, change);

  /* The GListModel contract: the change, applied to what the list was,
   * gives what it is now. */
  g_assert_cmpuint (position + removed, <=, fixture->mirror->len);
  g_array_remove_range (fixture->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    {
      gint64 id = intake_submission_list_get_id (INTAKE_SUBMISSION_LIST (model), position + i);
      g_array_insert_val (fixture->mirror, position + i, id);
    }
  g_assert_cmpuint (fixture->mirror->len, ==, n);
  g_array_append_val (fixture->sizes, n);
}

static void
n_items_cb (GObject    *object,
            GParamSpec *pspec,
            Fixture    *fixture)
{
  fixture->n_notify++;
}

static void
watch (Fixture              *fixture,
       IntakeSubmissionList *list)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  g_array_set_size (fixture->mirror, 0);
  for (guint i = 0; i < n; i++)
    {
      gint64 id = intake_submission_list_get_id (list, i);
      g_array_append_val (fixture->mirror, id);
    }

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), fixture);
  g_signal_connect (list, "notify::n-items", G_CALLBACK (n_items_cb), fixture);
}

static void
assert_one_change (Fixture *fixture,
                   guint    position,
                   guint    removed,
                   guint    added)
{
  Change *change;

  g_assert_cmpuint (fixture->changes->len, ==, 1);
  change = &g_array_index (fixture->changes, Change, 0);
  g_assert_cmpuint (change->position, ==, position);
  g_assert_cmpuint (change->removed, ==, removed);
  g_assert_cmpuint (change->added, ==, added);
  g_array_set_size (fixture->changes, 0);
}

static gint64
item_id (IntakeSubmissionList *list,
         guint                 position)
{
  g_autoptr(IntakeSubmission) submission = g_list_model_get_item (G_LIST_MODEL (list), position);

  g_assert_nonnull (submission);
  return intake_submission_get_id (submission);
}

static char *
item_status (IntakeSubmissionList *list,
             guint                 position)
{
  g_autoptr(IntakeSubmission) submission = g_list_model_get_item (G_LIST_MODEL (list), position);

  g_assert_nonnull (submission);
  return g_strdup (intake_status_to_string (intake_submission_get_status (submission)));
}

static void
set_status (Fixture      *fixture,
            gint64        id,
            IntakeStatus  status)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (intake_store_set_status (fixture->store, id, status, "A", &error));
  g_assert_no_error (error);
}

static void
test_ids_in_order (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(IntakeSubmissionList) list = intake_submission_list_new (fixture->store);
  /* A search's rank order, not the date order. */
  gint64 ids[] = { id_at (fixture, 120), id_at (fixture, 3), id_at (fixture, 70), id_at (fixture, 0) };
  guint n_items = 0;

  g_assert_true (intake_submission_list_get_store (list) == fixture->store);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == INTAKE_TYPE_SUBMISSION);
  /* It lists nothing until it is told what to list. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  intake_submission_list_set_ids (list, ids, G_N_ELEMENTS (ids));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, G_N_ELEMENTS (ids));
  g_object_get (list, "n-items", &n_items, NULL);
  g_assert_cmpuint (n_items, ==, G_N_ELEMENTS (ids));
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_assert_cmpint (intake_submission_list_get_id (list, i), ==, ids[i]);
      g_assert_cmpint (item_id (list, i), ==, ids[i]);
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), G_N_ELEMENTS (ids)));
  g_assert_finalize_object (g_steal_pointer (&list));
}

static void
test_pages_loaded_lazily (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(IntakeSubmissionList) list = intake_submission_list_new (fixture->store);
  g_autofree char *first_page = NULL;
  g_autofree char *third_page = NULL;

  intake_submission_list_set_ids (list, (const gint64 *) fixture->ids->data, fixture->ids->len);
  g_free (item_status (list, 0));

  /* Rows change behind the list's back: the first page is read already
   * (it keeps what it read), the third is read only now. */
  set_status (fixture, id_at (fixture, 1), INTAKE_STATUS_CODED);
  set_status (fixture, id_at (fixture, 140), INTAKE_STATUS_CODED);

  first_page = item_status (list, 1);
  third_page = item_status (list, 140);
  g_assert_cmpstr (first_page, ==, "new");
  g_assert_cmpstr (third_page, ==, "coded");
  g_assert_cmpint (item_id (list, 140), ==, id_at (fixture, 140));
  g_assert_finalize_object (g_steal_pointer (&list));
}

static void
test_same_ids_emit_nothing (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(IntakeSubmissionList) list = intake_submission_list_new (fixture->store);
  g_autofree char *status = NULL;

  intake_submission_list_set_ids (list, (const gint64 *) fixture->ids->data, fixture->ids->len);
  g_free (item_status (list, 5));
  set_status (fixture, id_at (fixture, 5), INTAKE_STATUS_EXCLUDED);

  watch (fixture, list);
  intake_submission_list_set_ids (list, (const gint64 *) fixture->ids->data, fixture->ids->len);

  g_assert_cmpuint (fixture->changes->len, ==, 0);
  g_assert_cmpuint (fixture->n_notify, ==, 0);
  /* The cached pages went all the same: a row read now is current. */
  status = item_status (list, 5);
  g_assert_cmpstr (status, ==, "excluded");
  g_assert_finalize_object (g_steal_pointer (&list));
}

static void
test_different_ids_emit_the_change (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(IntakeSubmissionList) list = intake_submission_list_new (fixture->store);
  gint64 before[] = { id_at (fixture, 0), id_at (fixture, 1), id_at (fixture, 2), id_at (fixture, 3) };
  gint64 replaced[] = { id_at (fixture, 0), id_at (fixture, 9), id_at (fixture, 2), id_at (fixture, 3) };
  gint64 longer[] = { id_at (fixture, 0), id_at (fixture, 9), id_at (fixture, 2), id_at (fixture, 3),
                      id_at (fixture, 4), id_at (fixture, 5) };
  gint64 reversed[] = { id_at (fixture, 5), id_at (fixture, 4), id_at (fixture, 3), id_at (fixture, 2),
                        id_at (fixture, 9), id_at (fixture, 0) };

  watch (fixture, list);

  intake_submission_list_set_ids (list, before, G_N_ELEMENTS (before));
  assert_one_change (fixture, 0, 0, 4);
  g_assert_cmpuint (fixture->n_notify, ==, 1);

  /* Only the span that differs is announced. */
  intake_submission_list_set_ids (list, replaced, G_N_ELEMENTS (replaced));
  assert_one_change (fixture, 1, 1, 1);
  g_assert_cmpuint (fixture->n_notify, ==, 1);
  g_assert_cmpint (item_id (list, 1), ==, id_at (fixture, 9));

  intake_submission_list_set_ids (list, longer, G_N_ELEMENTS (longer));
  assert_one_change (fixture, 4, 0, 2);
  g_assert_cmpuint (fixture->n_notify, ==, 2);

  intake_submission_list_set_ids (list, reversed, G_N_ELEMENTS (reversed));
  assert_one_change (fixture, 0, 6, 6);
  g_assert_cmpint (item_id (list, 0), ==, id_at (fixture, 5));
  g_assert_cmpint (item_id (list, 5), ==, id_at (fixture, 0));

  intake_submission_list_set_ids (list, NULL, 0);
  assert_one_change (fixture, 0, 6, 0);
  g_assert_cmpuint (fixture->n_notify, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_finalize_object (g_steal_pointer (&list));
}

static void
test_refresh_id (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(IntakeSubmissionList) list = intake_submission_list_new (fixture->store);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *neighbour = NULL;

  intake_submission_list_set_ids (list, (const gint64 *) fixture->ids->data, fixture->ids->len);
  before = item_status (list, 70);
  g_assert_cmpstr (before, ==, "new");
  set_status (fixture, id_at (fixture, 70), INTAKE_STATUS_CODED);
  set_status (fixture, id_at (fixture, 71), INTAKE_STATUS_CODED);

  watch (fixture, list);
  intake_submission_list_refresh_id (list, id_at (fixture, 70));

  assert_one_change (fixture, 70, 1, 1);
  g_assert_cmpuint (fixture->n_notify, ==, 0);
  after = item_status (list, 70);
  g_assert_cmpstr (after, ==, "coded");
  /* Only the row asked for is read again; the rest of its page is kept. */
  neighbour = item_status (list, 71);
  g_assert_cmpstr (neighbour, ==, "new");

  /* A row not listed has nothing to announce. */
  intake_submission_list_set_ids (list, (const gint64 *) fixture->ids->data, 10);
  g_array_set_size (fixture->changes, 0);
  intake_submission_list_refresh_id (list, id_at (fixture, 70));
  g_assert_cmpuint (fixture->changes->len, ==, 0);
  g_assert_finalize_object (g_steal_pointer (&list));
}

static void
test_find (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(IntakeSubmissionList) list = intake_submission_list_new (fixture->store);
  gint64 ids[] = { id_at (fixture, 8), id_at (fixture, 2), id_at (fixture, 100) };
  guint position = 42;

  g_assert_false (intake_submission_list_find (list, id_at (fixture, 2), &position));

  intake_submission_list_set_ids (list, ids, G_N_ELEMENTS (ids));

  g_assert_true (intake_submission_list_find (list, id_at (fixture, 100), &position));
  g_assert_cmpuint (position, ==, 2);
  g_assert_true (intake_submission_list_find (list, id_at (fixture, 2), &position));
  g_assert_cmpuint (position, ==, 1);
  g_assert_true (intake_submission_list_find (list, id_at (fixture, 8), NULL));

  /* In the project but not in the list, and not in the project at all. */
  position = 42;
  g_assert_false (intake_submission_list_find (list, id_at (fixture, 3), &position));
  g_assert_false (intake_submission_list_find (list, G_MAXINT64, &position));
  g_assert_cmpuint (position, ==, 42);
  g_assert_finalize_object (g_steal_pointer (&list));
}

/* Filtering on a worker */

static void
filtered_cb (IntakeSubmissionList *list,
             const GError         *error,
             Fixture              *fixture)
{
  fixture->n_filtered++;
  g_clear_error (&fixture->filtered_error);
  if (error != NULL)
    fixture->filtered_error = g_error_copy (error);
  g_assert_false (intake_submission_list_get_searching (list));
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
wait_filtered (Fixture *fixture,
               guint    n_filtered)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  guint wake = g_timeout_add (20, wake_cb, NULL);

  while (fixture->n_filtered < n_filtered)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for the filter");
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake);
}

static GArray *
filter_ids (Fixture    *fixture,
            const char *search)
{
  g_autoptr(GError) error = NULL;
  IntakeFilter filter = { .search = search };
  GArray *ids = intake_store_filter_ids (fixture->store, &filter, &error);

  g_assert_no_error (error);
  return ids;
}

static void
assert_lists (IntakeSubmissionList *list,
              GArray               *ids)
{
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, ids->len);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpint (intake_submission_list_get_id (list, i), ==, g_array_index (ids, gint64, i));
}

static IntakeSubmissionList *
new_filtering_list (Fixture *fixture)
{
  IntakeSubmissionList *list = intake_submission_list_new (fixture->store);

  watch (fixture, list);
  g_signal_connect (list, "filtered", G_CALLBACK (filtered_cb), fixture);
  return list;
}

/* Two of every three French, in date order, the rest English. */
#define FRENCH(i) ((i) % 3 != 0)

static void
set_languages (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (intake_store_begin (fixture->store, &error));
  for (guint i = 0; i < fixture->ids->len; i++)
    {
      g_assert_true (intake_store_set_attribute (fixture->store, id_at (fixture, i), "Language",
                                                 FRENCH (i) ? "French" : "English", "A", &error));
      g_assert_no_error (error);
    }
  g_assert_true (intake_store_commit (fixture->store, &error));
  g_assert_no_error (error);
}

static GArray *
filter_ids_by (Fixture            *fixture,
               const IntakeFilter *filter)
{
  g_autoptr(GError) error = NULL;
  GArray *ids = intake_store_filter_ids (fixture->store, filter, &error);

  g_assert_no_error (error);
  return ids;
}

static int
compare_by_date (gconstpointer a,
                 gconstpointer b)
{
  IntakeSubmission *x = *(IntakeSubmission **) a;
  IntakeSubmission *y = *(IntakeSubmission **) b;
  GDateTime *x_date = intake_submission_get_date (x);
  GDateTime *y_date = intake_submission_get_date (y);
  gint64 x_id = intake_submission_get_id (x);
  gint64 y_id = intake_submission_get_id (y);

  if ((x_date == NULL) != (y_date == NULL))
    return x_date == NULL ? 1 : -1;
  if (x_date != NULL && g_date_time_compare (x_date, y_date) != 0)
    return g_date_time_compare (x_date, y_date);
  return (x_id > y_id) - (x_id < y_id);
}

/* Oldest first, ties by id, undated last: worked out here from each
 * submission's date, not by the store. */
static void
test_store_date_order (Fixture       *fixture,
                       gconstpointer  data)
{
  const Setup *setup = data;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) french = NULL;
  g_autoptr(GError) error = NULL;
  IntakeFilter by_language = { .attribute_name = "Language", .attribute_value = "French" };
  guint n_french = 0;
  guint n_undated = 0;

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), setup->n);
  for (gint64 id = 1; id <= setup->n; id++)
    g_array_append_val (ids, id);
  rows = intake_store_get_summaries (fixture->store, (const gint64 *) ids->data, ids->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, setup->n);
  g_ptr_array_sort (rows, compare_by_date);

  for (guint i = 0; i < rows->len; i++)
    {
      IntakeSubmission *row = g_ptr_array_index (rows, i);

      g_assert_cmpint (id_at (fixture, i), ==, intake_submission_get_id (row));
      n_undated += intake_submission_get_date (row) == NULL;
    }
  g_assert_cmpuint (n_undated, ==, setup->n / 10);
  g_assert_true (intake_submission_get_date (g_ptr_array_index (rows, rows->len - 1)) == NULL);

  /* A filter keeps that order among those it keeps. */
  set_languages (fixture);
  french = filter_ids_by (fixture, &by_language);
  for (guint i = 0; i < fixture->ids->len; i++)
    if (FRENCH (i))
      {
        g_assert_cmpuint (n_french, <, french->len);
        g_assert_cmpint (g_array_index (french, gint64, n_french), ==, id_at (fixture, i));
        n_french++;
      }
  g_assert_cmpuint (french->len, ==, n_french);
}

typedef struct
{
  GArray       *page;
  guint         n_calls;
  GCancellable *cancel;   /* cancelled with the first page, or NULL */
} PageSeen;

static void
page_seen_cb (const gint64 *ids,
              guint         n_ids,
              gpointer      user_data)
{
  PageSeen *seen = user_data;

  seen->n_calls++;
  g_array_append_vals (seen->page, ids, n_ids);
  if (seen->cancel != NULL)
    g_cancellable_cancel (seen->cancel);
}

/* Each kind of filter gives its first page, once, before the rest: the
 * rest is the whole, which starts with that page. */
static void
test_store_first_page (Fixture       *fixture,
                       gconstpointer  data)
{
  const IntakeFilter filters[] = {
    { 0, },
    { .attribute_name = "Language", .attribute_value = "French" },
    { .has_status = TRUE, .status = INTAKE_STATUS_NEW },
    { .search = "school" },
    { .search = "school", .attribute_name = "Language", .attribute_value = "French" },
    { .search = "lockdown", .attribute_name = "Language", .attribute_value = "French" },
    { .has_status = TRUE, .status = INTAKE_STATUS_CODED },
  };

  set_languages (fixture);

  for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
    {
      g_autoptr(GArray) expected = filter_ids_by (fixture, &filters[f]);
      g_autoptr(GArray) page = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) ids = NULL;
      g_autoptr(GError) error = NULL;
      PageSeen seen = { page, 0, NULL };

      ids = intake_store_filter_ids_paged (fixture->store, &filters[f], 64, page_seen_cb, &seen, &error);
      g_assert_no_error (error);
      g_test_message ("filter %u: %u ids", f, ids->len);
      g_assert_cmpuint (ids->len, ==, expected->len);
      for (guint i = 0; i < ids->len; i++)
        g_assert_cmpint (g_array_index (ids, gint64, i), ==, g_array_index (expected, gint64, i));

      /* Fewer than a page come all at once. */
      g_assert_cmpuint (seen.n_calls, ==, expected->len >= 64 ? 1 : 0);
      if (seen.n_calls == 0)
        continue;
      g_assert_cmpuint (page->len, ==, 64);
      for (guint i = 0; i < page->len; i++)
        g_assert_cmpint (g_array_index (page, gint64, i), ==, g_array_index (expected, gint64, i));
    }
}

/* The first page comes before the rest is read: stopped then, the query
 * reads no more. (Every submission is dated, so that a page given only
 * once the dated ones are read would find nothing left to stop.) */
static void
test_store_first_page_before_the_rest (Fixture       *fixture,
                                       gconstpointer  data)
{
  const IntakeFilter filters[] = {
    { 0, },
    { .has_status = TRUE, .status = INTAKE_STATUS_NEW },
    { .search = "school" },
    { .search = "school", .has_status = TRUE, .status = INTAKE_STATUS_NEW },
  };
  g_autoptr(IntakeStore) reader = NULL;
  g_autoptr(GError) error = NULL;

  reader = intake_store_open_reader (fixture->store, &error);
  g_assert_no_error (error);

  for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
    {
      g_autoptr(GArray) expected = filter_ids_by (fixture, &filters[f]);
      g_autoptr(GArray) page = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GArray) ids = NULL;
      PageSeen seen = { page, 0, cancellable };

      g_assert_cmpuint (expected->len, ==, N_LARGE);
      intake_store_set_cancellable (reader, cancellable);
      ids = intake_store_filter_ids_paged (reader, &filters[f], 64, page_seen_cb, &seen, &error);
      intake_store_set_cancellable (reader, NULL);

      g_assert_null (ids);
      g_assert_nonnull (error);
      g_clear_error (&error);
      g_assert_cmpuint (seen.n_calls, ==, 1);
      g_assert_cmpuint (page->len, ==, 64);
      for (guint i = 0; i < page->len; i++)
        g_assert_cmpint (g_array_index (page, gint64, i), ==, g_array_index (expected, gint64, i));
    }
}

static void
test_filter_on_worker (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(IntakeSubmissionList) list = new_filtering_list (fixture);
  g_autoptr(GArray) expected = filter_ids (fixture, "lockdown");
  IntakeFilter filter = { .search = "lockdown" };
  IntakeFilter status = { .has_status = TRUE, .status = INTAKE_STATUS_CODED };

  g_assert_cmpuint (expected->len, ==, N_SUBMISSIONS / 3);

  /* The call returns before the query has run: the list is as it was. */
  intake_submission_list_set_filter (list, &filter);
  g_assert_true (intake_submission_list_get_searching (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_cmpuint (fixture->n_filtered, ==, 0);

  wait_filtered (fixture, 1);
  g_assert_no_error (fixture->filtered_error);
  g_assert_false (intake_submission_list_get_searching (list));
  assert_lists (list, expected);
  g_assert_cmpint (item_id (list, 0), ==, g_array_index (expected, gint64, 0));

  /* Every submission, in date order; then a filter without search. */
  intake_submission_list_set_filter (list, NULL);
  wait_filtered (fixture, 2);
  assert_lists (list, fixture->ids);

  set_status (fixture, id_at (fixture, 4), INTAKE_STATUS_CODED);
  set_status (fixture, id_at (fixture, 9), INTAKE_STATUS_CODED);
  g_array_set_size (fixture->changes, 0);
  intake_submission_list_set_filter (list, &status);
  wait_filtered (fixture, 3);
  /* The worker reads what the main connection wrote. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_cmpint (intake_submission_list_get_id (list, 0), ==, id_at (fixture, 4));
  g_assert_cmpint (intake_submission_list_get_id (list, 1), ==, id_at (fixture, 9));
  /* In steps from the top, each making or destroying at most a block of
   * 16 rows' widgets; the last brings the list to what the store gave. */
  g_assert_cmpuint (fixture->changes->len, >, 1);
  for (guint i = 0; i < fixture->changes->len; i++)
    {
      Change *change = &g_array_index (fixture->changes, Change, i);

      g_assert_cmpuint (change->removed + change->added, <=, 2 * 16);
    }

  /* The same filter again: the same ids, which views do not hear of. */
  g_array_set_size (fixture->changes, 0);
  fixture->n_notify = 0;
  intake_submission_list_set_filter (list, &status);
  wait_filtered (fixture, 4);
  g_assert_cmpuint (fixture->changes->len, ==, 0);
  g_assert_cmpuint (fixture->n_notify, ==, 0);

  g_assert_finalize_object (g_steal_pointer (&list));
}

static void
test_filter_first_page_first (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(IntakeSubmissionList) list = new_filtering_list (fixture);
  g_autoptr(GArray) expected = filter_ids (fixture, "school");
  IntakeFilter filter = { .search = "school" };
  gboolean saw_first_page = FALSE;

  g_assert_cmpuint (expected->len, ==, N_SUBMISSIONS);

  intake_submission_list_set_filter (list, &filter);
  wait_filtered (fixture, 1);

  /* A page was shown before the whole: more than one change, the first
   * leaving one page of rows. */
  g_assert_cmpuint (fixture->sizes->len, >=, 2);
  for (guint i = 0; i < fixture->sizes->len - 1; i++)
    if (g_array_index (fixture->sizes, guint, i) == 64)
      saw_first_page = TRUE;
  g_assert_true (saw_first_page);
  assert_lists (list, expected);

  /* The whole list starts with that page, so it only added to it: the
   * rows a person is reading do not move. It came a page a step, so that
   * a view makes a page of row widgets a frame, until the list is longer
   * than the rows views keep widgets for. */
  {
    guint first = 0;

    while (g_array_index (fixture->sizes, guint, first) != 64)
      first++;
    for (guint i = first + 1; i < fixture->changes->len; i++)
      {
        Change *change = &g_array_index (fixture->changes, Change, i);
        guint before = g_array_index (fixture->sizes, guint, i - 1);

        g_assert_cmpuint (change->position, >=, 64);
        g_assert_cmpuint (change->removed, ==, 0);
        if (before < 256)
          g_assert_cmpuint (change->added, <=, 64);
      }
    g_assert_cmpuint (fixture->changes->len - first, >, 2);
  }
  g_assert_finalize_object (g_steal_pointer (&list));
}

/* The first rows the list shows while a filter runs are the filter's own,
 * and once it is done it holds the whole, in order: from every
 * submission to an attribute, to the attribute and a search, and back. */
static void
test_filter_attribute_paged (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(IntakeSubmissionList) list = new_filtering_list (fixture);
  const IntakeFilter filters[] = {
    { .attribute_name = "Language", .attribute_value = "French" },
    { .attribute_name = "Language", .attribute_value = "French", .search = "school" },
    { .attribute_name = "Language", .attribute_value = "English" },
  };

  set_languages (fixture);
  intake_submission_list_set_filter (list, NULL);
  wait_filtered (fixture, 1);
  assert_lists (list, fixture->ids);

  for (guint f = 0; f <= G_N_ELEMENTS (filters); f++)
    {
      const IntakeFilter *filter = f < G_N_ELEMENTS (filters) ? &filters[f] : NULL;
      g_autoptr(GArray) expected = filter != NULL ? filter_ids_by (fixture, filter) : g_array_ref (fixture->ids);
      gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
      guint n_filtered = fixture->n_filtered;
      guint n_changes = 0;

      g_array_set_size (fixture->changes, 0);
      intake_submission_list_set_filter (list, filter);
      while (fixture->n_filtered == n_filtered)
        {
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          g_main_context_iteration (NULL, TRUE);

          /* Each change brings the rows of this filter, in its order,
           * from the top: the old ones below wait their turn. */
          for (; n_changes < fixture->changes->len; n_changes++)
            {
              Change *change = &g_array_index (fixture->changes, Change, n_changes);

              for (guint i = 0; i < change->position + change->added; i++)
                g_assert_cmpint (g_array_index (fixture->mirror, gint64, i), ==,
                                 g_array_index (expected, gint64, i));
            }
        }
      g_assert_no_error (fixture->filtered_error);
      g_assert_false (intake_submission_list_get_searching (list));
      assert_lists (list, expected);
      g_assert_cmpuint (fixture->changes->len, >, 1);
    }

  g_assert_finalize_object (g_steal_pointer (&list));
}

/* Every row a change brings is one of @wanted's. */
static void
only_wanted_cb (GListModel *model,
                guint       position,
                guint       removed,
                guint       added,
                GHashTable *wanted)
{
  for (guint i = position; i < position + added; i++)
    {
      gint64 id = intake_submission_list_get_id (INTAKE_SUBMISSION_LIST (model), i);

      g_assert_true (g_hash_table_contains (wanted, &id));
    }
}

/* An attribute filter replaced by another once its first page and its
 * whole are read, but before the main loop took them: none of the first
 * one's rows ever show. */
static void
test_filter_attribute_newest_wins (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(IntakeSubmissionList) list = new_filtering_list (fixture);
  IntakeFilter older = { .attribute_name = "Language", .attribute_value = "French" };
  IntakeFilter newer = { .attribute_name = "Language", .attribute_value = "English" };
  g_autoptr(GArray) expected = NULL;
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_int64_hash, g_int64_equal);

  set_languages (fixture);
  expected = filter_ids_by (fixture, &newer);
  for (guint i = 0; i < expected->len; i++)
    g_hash_table_add (wanted, &g_array_index (expected, gint64, i));

  g_signal_connect (list, "items-changed", G_CALLBACK (only_wanted_cb), wanted);
  intake_submission_list_set_filter (list, &older);
  g_usleep (200000);
  intake_submission_list_set_filter (list, &newer);
  wait_filtered (fixture, 1);
  for (guint i = 0; i < 20; i++)
    {
      g_usleep (5000);
      while (g_main_context_iteration (NULL, FALSE));
    }
  g_signal_handlers_disconnect_by_func (list, only_wanted_cb, wanted);

  g_assert_cmpuint (fixture->n_filtered, ==, 1);
  assert_lists (list, expected);
  g_assert_cmpuint (fixture->mirror->len, ==, expected->len);
  g_assert_finalize_object (g_steal_pointer (&list));
}

static void
test_filter_newest_wins (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(IntakeSubmissionList) list = new_filtering_list (fixture);
  g_autoptr(GArray) expected = filter_ids (fixture, "drills");
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_int64_hash, g_int64_equal);
  IntakeFilter older = { .search = "lockdown" };
  IntakeFilter newer = { .search = "drills" };
  IntakeFilter replaced = { .search = "counsellor" };
  gint64 mine[] = { id_at (fixture, 0), id_at (fixture, 1) };

  for (guint i = 0; i < expected->len; i++)
    g_hash_table_add (wanted, &g_array_index (expected, gint64, i));

  /* Typing: each query replaces the one before, whose ids never show. */
  intake_submission_list_set_filter (list, &older);
  intake_submission_list_set_filter (list, &newer);
  wait_filtered (fixture, 1);
  g_assert_no_error (fixture->filtered_error);
  assert_lists (list, expected);
  for (guint i = 0; i < fixture->mirror->len; i++)
    g_assert_true (g_hash_table_contains (wanted, &g_array_index (fixture->mirror, gint64, i)));
  g_assert_cmpuint (fixture->sizes->len, >=, 1);

  /* Only the newest is announced, even once the older ones have finished. */
  for (guint i = 0; i < 20; i++)
    {
      g_usleep (5000);
      while (g_main_context_iteration (NULL, FALSE));
    }
  g_assert_cmpuint (fixture->n_filtered, ==, 1);

  /* Ids the owner sets replace a filter under way, for good. */
  g_array_set_size (fixture->changes, 0);
  intake_submission_list_set_filter (list, &replaced);
  intake_submission_list_set_ids (list, mine, G_N_ELEMENTS (mine));
  g_assert_false (intake_submission_list_get_searching (list));
  for (guint i = 0; i < 20; i++)
    {
      g_usleep (5000);
      while (g_main_context_iteration (NULL, FALSE));
    }
  g_assert_cmpuint (fixture->n_filtered, ==, 1);
  assert_one_change (fixture, 0, expected->len, G_N_ELEMENTS (mine));
  g_assert_cmpint (intake_submission_list_get_id (list, 1), ==, id_at (fixture, 1));
  g_assert_finalize_object (g_steal_pointer (&list));
}

static gboolean
tick_cb (gpointer data)
{
  IntakeSubmissionList *list = ((gpointer *) data)[0];
  guint *ticks = ((gpointer *) data)[1];

  if (intake_submission_list_get_searching (list))
    (*ticks)++;
  return G_SOURCE_CONTINUE;
}

static void
test_filter_main_loop_runs (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(IntakeSubmissionList) list = new_filtering_list (fixture);
  IntakeFilter filter = { .search = "school" };
  guint ticks = 0;
  gpointer tick_data[] = { list, &ticks };
  guint tick;
  gint64 started, took;

  tick = g_timeout_add (1, tick_cb, tick_data);
  started = g_get_monotonic_time ();
  intake_submission_list_set_filter (list, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  wait_filtered (fixture, 1);
  took = g_get_monotonic_time () - started;
  g_source_remove (tick);

  /* Ranking 20,000 matches takes tens of milliseconds, during which the
   * main loop went on. */
  g_test_message ("%u ticks in %.1f ms of searching", ticks, took / 1000.0);
  g_assert_cmpuint (ticks, >=, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_LARGE);
  g_assert_finalize_object (g_steal_pointer (&list));
}

static void
test_filter_finalize_while_running (Fixture       *fixture,
                                    gconstpointer  data)
{
  IntakeSubmissionList *list = new_filtering_list (fixture);
  IntakeFilter filter = { .search = "school" };
  g_autoptr(IntakeStore) reader = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;

  intake_submission_list_set_filter (list, &filter);
  g_assert_true (intake_submission_list_get_searching (list));
  /* No query holds the list: it goes at once, taking its connection. */
  g_assert_finalize_object (list);

  /* The worker's result, or its first page, finds no list to apply to. */
  for (guint i = 0; i < 40; i++)
    {
      g_usleep (5000);
      while (g_main_context_iteration (NULL, FALSE));
    }
  g_assert_cmpuint (fixture->n_filtered, ==, 0);

  /* What stops the worker's query: a cancellable cancelled interrupts it. */
  reader = intake_store_open_reader (fixture->store, &error);
  g_assert_no_error (error);
  intake_store_set_cancellable (reader, cancellable);
  ids = intake_store_search (reader, "school", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, N_LARGE);
  g_clear_pointer (&ids, g_array_unref);
  g_cancellable_cancel (cancellable);
  ids = intake_store_search (reader, "school", &error);
  g_assert_null (ids);
  g_assert_nonnull (error);
  intake_store_set_cancellable (reader, NULL);
}

static void
test_filter_in_memory (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(IntakeSubmissionList) list = new_filtering_list (fixture);
  g_autoptr(GArray) expected = filter_ids (fixture, "counsellor");
  g_autoptr(GError) error = NULL;
  IntakeFilter filter = { .search = "counsellor" };

  /* No second connection to a project in memory: the filter runs at once. */
  g_assert_null (intake_store_open_reader (fixture->store, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);

  intake_submission_list_set_filter (list, &filter);
  g_assert_cmpuint (fixture->n_filtered, ==, 1);
  g_assert_false (intake_submission_list_get_searching (list));
  assert_lists (list, expected);
  assert_one_change (fixture, 0, 0, expected->len);
  g_assert_finalize_object (g_steal_pointer (&list));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD_WITH(path, setup, func) \
  g_test_add (path, Fixture, &setup, fixture_set_up, func, fixture_tear_down)
#define ADD(path, func) ADD_WITH (path, in_memory, func)

  ADD ("/submission-list/ids/in-order", test_ids_in_order);
  ADD ("/submission-list/ids/pages-loaded-lazily", test_pages_loaded_lazily);
  ADD ("/submission-list/set-ids/same-emits-nothing", test_same_ids_emit_nothing);
  ADD ("/submission-list/set-ids/different-emits-the-change", test_different_ids_emit_the_change);
  ADD ("/submission-list/refresh-id", test_refresh_id);
  ADD ("/submission-list/find", test_find);
  ADD_WITH ("/submission-list/store/date-order", on_disk, test_store_date_order);
  ADD_WITH ("/submission-list/store/first-page", on_disk, test_store_first_page);
  ADD_WITH ("/submission-list/store/first-page-before-the-rest", large, test_store_first_page_before_the_rest);
  ADD_WITH ("/submission-list/filter/on-worker", on_disk, test_filter_on_worker);
  ADD_WITH ("/submission-list/filter/first-page-first", on_disk, test_filter_first_page_first);
  ADD_WITH ("/submission-list/filter/attribute-paged", on_disk, test_filter_attribute_paged);
  ADD_WITH ("/submission-list/filter/newest-wins", on_disk, test_filter_newest_wins);
  ADD_WITH ("/submission-list/filter/attribute-newest-wins", on_disk, test_filter_attribute_newest_wins);
  ADD_WITH ("/submission-list/filter/main-loop-runs", large, test_filter_main_loop_runs);
  ADD_WITH ("/submission-list/filter/finalize-while-running", large, test_filter_finalize_while_running);
  ADD_WITH ("/submission-list/filter/in-memory", in_memory, test_filter_in_memory);

#undef ADD
#undef ADD_WITH

  return g_test_run ();
}
