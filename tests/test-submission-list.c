#define G_LOG_DOMAIN "test-submission-list"

#include "config.h"

#include "intake-store.h"
#include "intake-submission-list.h"

/* More than two of the list's pages of 64. */
#define N_SUBMISSIONS 150

typedef struct
{
  IntakeStore *store;
  GArray      *ids;      /* every id, in date order */
  GArray      *changes;  /* Change, one per items-changed */
  guint        n_notify; /* notify::n-items */
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
  g_autoptr(GError) error = NULL;

  fixture->store = intake_store_new_in_memory (&error);
  g_assert_no_error (error);

  g_assert_true (intake_store_begin (fixture->store, &error));
  for (guint i = 0; i < N_SUBMISSIONS; i++)
    {
      g_autoptr(IntakeParsedMessage) message = g_new0 (IntakeParsedMessage, 1);
      IntakeStoreInsertResult result;

      message->message_id = g_strdup_printf ("m%u@example.org", i);
      message->subject = g_strdup_printf ("Submission %u", i);
      message->from_name = g_strdup ("Amara Okafor");
      message->from_addr = g_strdup ("amara@example.org");
      message->date = 1618840800 + i * 60;
      message->has_date = TRUE;
      message->body = g_strdup_printf ("Feedback number %u.", i);
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
  g_assert_cmpuint (fixture->ids->len, ==, N_SUBMISSIONS);

  fixture->changes = g_array_new (FALSE, FALSE, sizeof (Change));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->changes, g_array_unref);
  g_clear_pointer (&fixture->ids, g_array_unref);
  g_assert_finalize_object (fixture->store);
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

  g_array_append_val (fixture->changes, change);
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/submission-list/ids/in-order", test_ids_in_order);
  ADD ("/submission-list/ids/pages-loaded-lazily", test_pages_loaded_lazily);
  ADD ("/submission-list/set-ids/same-emits-nothing", test_same_ids_emit_nothing);
  ADD ("/submission-list/set-ids/different-emits-the-change", test_different_ids_emit_the_change);
  ADD ("/submission-list/refresh-id", test_refresh_id);
  ADD ("/submission-list/find", test_find);

#undef ADD

  return g_test_run ();
}
