#define G_LOG_DOMAIN "test-adjudication"

#include "config.h"

#include <string.h>

#include "intake-project.h"
#include "intake-store.h"
#include "project-test-support.h"

/* Two reviewers' codings of one submission, and the coordinator (the
 * project's reviewer, Amina) who settles where they differ. */

#define SURVEILLANCE "Equity lens/Surveillance"
#define TRUST        "Experiences/Trust in police"
#define SAFER        "Experiences/Feels safer"

typedef struct
{
  char          *dir;
  IntakeProject *project;
  IntakeStore   *store;
  gint64         id;
} Fixture;

static const char *
guid_of (Fixture    *fixture,
         const char *path)
{
  IntakeCode *code = intake_codebook_find (intake_project_get_codebook (fixture->project), path);

  g_assert_nonnull (code);
  return intake_code_get_guid (code);
}

static void
code (Fixture    *fixture,
      const char *reviewer,
      const char *path,
      int         start,
      int         end)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeCoding) coding = NULL;

  coding = intake_store_add_coding (fixture->store, fixture->id, guid_of (fixture, path), reviewer,
                                    start, end, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->project = open_project_with_one_submission ("intake-adjudication-XXXXXX", &fixture->dir, &fixture->id);
  fixture->store = intake_project_get_store (fixture->project);

  /* Both applied Trust to the whole submission: no disagreement. Their
   * Surveillance excerpts differ; only Ben applied Feels safer. */
  code (fixture, "Ana", TRUST, -1, -1);
  code (fixture, "Ben", TRUST, -1, -1);
  code (fixture, "Ana", SURVEILLANCE, 0, 5);
  code (fixture, "Ben", SURVEILLANCE, 4, 11);
  code (fixture, "Ben", SURVEILLANCE, 30, 40);
  code (fixture, "Ben", SAFER, -1, -1);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  close_project_with_one_submission (fixture->project, fixture->dir);
}

static GPtrArray *
list (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *disagreements = intake_store_list_disagreements (fixture->store, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (disagreements);
  return disagreements;
}

static const IntakeDisagreement *
find (GPtrArray  *disagreements,
      const char *path)
{
  for (guint i = 0; i < disagreements->len; i++)
    {
      const IntakeDisagreement *disagreement = g_ptr_array_index (disagreements, i);

      if (g_strcmp0 (disagreement->code_path, path) == 0)
        return disagreement;
    }

  return NULL;
}

static void
assert_spans (GArray          *spans,
              const IntakeSpan *expected,
              guint            n_expected)
{
  g_assert_cmpuint (spans->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      g_assert_cmpint (g_array_index (spans, IntakeSpan, i).start, ==, expected[i].start);
      g_assert_cmpint (g_array_index (spans, IntakeSpan, i).end, ==, expected[i].end);
    }
}

static void
test_list (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) disagreements = list (fixture);
  const IntakeDisagreement *surveillance, *safer;
  const IntakeDisagreementSide *ana, *ben;

  g_assert_cmpuint (disagreements->len, ==, 2);
  g_assert_null (find (disagreements, TRUST));

  surveillance = find (disagreements, SURVEILLANCE);
  g_assert_nonnull (surveillance);
  g_assert_cmpint (surveillance->submission_id, ==, fixture->id);
  g_assert_cmpstr (surveillance->subject, ==, "SRO feedback");
  g_assert_cmpuint (surveillance->sides->len, ==, 2);
  ana = g_ptr_array_index (surveillance->sides, 0);
  ben = g_ptr_array_index (surveillance->sides, 1);
  g_assert_cmpstr (ana->reviewer, ==, "Ana");
  g_assert_cmpstr (ben->reviewer, ==, "Ben");
  assert_spans (ana->spans, (IntakeSpan[]) { { 0, 5 } }, 1);
  assert_spans (ben->spans, (IntakeSpan[]) { { 4, 11 }, { 30, 40 } }, 2);

  safer = find (disagreements, SAFER);
  g_assert_nonnull (safer);
  g_assert_cmpuint (((IntakeDisagreementSide *) g_ptr_array_index (safer->sides, 0))->spans->len, ==, 0);
  assert_spans (((IntakeDisagreementSide *) g_ptr_array_index (safer->sides, 1))->spans,
                (IntakeSpan[]) { { -1, -1 } }, 1);
}

/* The same excerpt coded in two overlapping pieces by one and whole by the
 * other covers the same characters: no disagreement. */
static void
test_same_coverage_agrees (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) disagreements = NULL;
  const char *flagged = "Alternatives and recommendations/Restorative justice";

  code (fixture, "Ana", flagged, 2, 9);
  code (fixture, "Ana", flagged, 5, 14);
  code (fixture, "Ben", flagged, 2, 14);

  disagreements = list (fixture);
  g_assert_null (find (disagreements, flagged));
  g_assert_cmpuint (disagreements->len, ==, 2);
}

/* A third reviewer who coded as Ben did: the pair of them agrees, and
 * every reviewer together still differs where Ana does. */
static void
test_pair (Fixture       *fixture,
           gconstpointer  data)
{
  const char *pair[] = { "Ben", "Cai", NULL };
  g_autoptr(GPtrArray) together = NULL;
  g_autoptr(GPtrArray) two = NULL;
  g_autoptr(GError) error = NULL;

  code (fixture, "Cai", TRUST, -1, -1);
  code (fixture, "Cai", SURVEILLANCE, 4, 11);
  code (fixture, "Cai", SURVEILLANCE, 30, 40);
  code (fixture, "Cai", SAFER, -1, -1);

  together = list (fixture);
  g_assert_cmpuint (together->len, ==, 2);
  g_assert_cmpuint (((IntakeDisagreement *) g_ptr_array_index (together, 0))->sides->len, ==, 3);

  two = intake_store_list_disagreements (fixture->store, pair, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (two->len, ==, 0);
}

static IntakeAdjudication *
adjudicate (Fixture                    *fixture,
            const char                 *path,
            IntakeAdjudicationDecision  decision,
            const char                 *chosen,
            const char                 *reason)
{
  g_autoptr(GError) error = NULL;
  IntakeAdjudication *adjudication = NULL;

  g_assert_true (intake_project_adjudicate (fixture->project, fixture->id, guid_of (fixture, path), decision,
                                            chosen, NULL, reason, &adjudication, &error));
  g_assert_no_error (error);
  g_assert_nonnull (adjudication);
  return adjudication;
}

static IntakeAdjudication *
stored (Fixture    *fixture,
        const char *path)
{
  g_autoptr(GError) error = NULL;
  IntakeAdjudication *adjudication = intake_store_get_adjudication (fixture->store, fixture->id,
                                                                    guid_of (fixture, path), &error);

  g_assert_no_error (error);
  return adjudication;
}

static void
test_accept_one (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(IntakeAdjudication) made = adjudicate (fixture, SURVEILLANCE, INTAKE_ADJUDICATION_REVIEWER,
                                                   "Ben", "  Ben has the whole sentence ");
  g_autoptr(IntakeAdjudication) read = stored (fixture, SURVEILLANCE);
  g_autoptr(GPtrArray) disagreements = list (fixture);
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(IntakeAgreementReport) report = NULL;
  g_autoptr(GError) error = NULL;
  const IntakeAuditEntry *entry;

  g_assert_nonnull (read);
  g_assert_cmpint (read->decision, ==, INTAKE_ADJUDICATION_REVIEWER);
  g_assert_cmpstr (read->chosen_reviewer, ==, "Ben");
  g_assert_cmpstr (read->reason, ==, "Ben has the whole sentence");
  g_assert_cmpstr (read->coordinator, ==, "Amina");
  g_assert_cmpstr (read->code_path, ==, SURVEILLANCE);
  assert_spans (read->spans, (IntakeSpan[]) { { 4, 11 }, { 30, 40 } }, 2);
  assert_spans (made->spans, (IntakeSpan[]) { { 4, 11 }, { 30, 40 } }, 2);

  /* Settled: it leaves the list. */
  g_assert_cmpuint (disagreements->len, ==, 1);
  g_assert_null (find (disagreements, SURVEILLANCE));

  audit = intake_store_list_audit (fixture->store, "Amina", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, >=, 1);
  entry = g_ptr_array_index (audit, 0);
  g_assert_cmpstr (entry->action, ==, "adjudicate");
  g_assert_cmpint (entry->submission_id, ==, fixture->id);
  g_assert_cmpstr (entry->detail, ==, SURVEILLANCE ": accepted Ben's coding (Ben has the whole sentence)");

  /* Agreement is still about the reviewers: the coordinator is no coder. */
  report = intake_store_compute_agreement (fixture->store, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->reviewers->len, ==, 2);
}

static void
test_accept_all (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(IntakeAdjudication) made = adjudicate (fixture, SURVEILLANCE, INTAKE_ADJUDICATION_ALL, NULL, NULL);
  g_autoptr(IntakeAdjudication) read = stored (fixture, SURVEILLANCE);

  g_assert_cmpint (read->decision, ==, INTAKE_ADJUDICATION_ALL);
  g_assert_null (read->chosen_reviewer);
  g_assert_cmpstr (read->reason, ==, "");
  /* Ana's 0–5 and Ben's 4–11 are one span. */
  assert_spans (read->spans, (IntakeSpan[]) { { 0, 11 }, { 30, 40 } }, 2);
}

static void
test_accept_none (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(IntakeAdjudication) made = adjudicate (fixture, SAFER, INTAKE_ADJUDICATION_NONE, NULL,
                                                   "Not about feeling safer");
  g_autoptr(IntakeAdjudication) read = stored (fixture, SAFER);
  g_autoptr(GPtrArray) disagreements = list (fixture);

  g_assert_cmpint (read->decision, ==, INTAKE_ADJUDICATION_NONE);
  g_assert_cmpuint (read->spans->len, ==, 0);
  g_assert_null (find (disagreements, SAFER));
  g_assert_nonnull (find (disagreements, SURVEILLANCE));
}

static void
test_undo (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(IntakeAdjudication) first = adjudicate (fixture, SURVEILLANCE, INTAKE_ADJUDICATION_REVIEWER, "Ana", NULL);
  g_autoptr(IntakeAdjudication) second = NULL;
  g_autoptr(IntakeAdjudication) read = NULL;
  g_autoptr(GPtrArray) disagreements = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (intake_project_get_undo_label (fixture->project), ==, "Adjudicating “Surveillance”");

  /* A second decision replaces the first; undo puts the first back. */
  second = adjudicate (fixture, SURVEILLANCE, INTAKE_ADJUDICATION_ALL, NULL, NULL);
  g_assert_true (intake_project_undo (fixture->project, &error));
  g_assert_no_error (error);
  read = stored (fixture, SURVEILLANCE);
  g_assert_cmpint (read->decision, ==, INTAKE_ADJUDICATION_REVIEWER);
  g_assert_cmpstr (read->chosen_reviewer, ==, "Ana");
  assert_spans (read->spans, (IntakeSpan[]) { { 0, 5 } }, 1);
  g_clear_pointer (&read, intake_adjudication_free);

  /* Undoing the first leaves it unsettled, back in the list. */
  g_assert_true (intake_project_undo (fixture->project, &error));
  g_assert_no_error (error);
  g_assert_null (stored (fixture, SURVEILLANCE));
  disagreements = list (fixture);
  g_assert_nonnull (find (disagreements, SURVEILLANCE));
  g_clear_pointer (&disagreements, g_ptr_array_unref);

  g_assert_true (intake_project_redo (fixture->project, &error));
  g_assert_no_error (error);
  read = stored (fixture, SURVEILLANCE);
  g_assert_nonnull (read);
  g_assert_cmpstr (read->chosen_reviewer, ==, "Ana");
  disagreements = list (fixture);
  g_assert_null (find (disagreements, SURVEILLANCE));
}

static void
test_unknown_reviewer_refused (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (intake_project_adjudicate (fixture->project, fixture->id, guid_of (fixture, SURVEILLANCE),
                                             INTAKE_ADJUDICATION_REVIEWER, "Zoé", NULL, NULL, NULL, &error));
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_NOT_FOUND);
  g_assert_null (stored (fixture, SURVEILLANCE));
  g_assert_false (intake_project_get_can_undo (fixture->project));
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_project_async (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *reviewers[] = { "Ben", "Ana", NULL };
  g_autoptr(GPtrArray) disagreements = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  gpointer task;
  const IntakeDisagreementSide *first;

  intake_project_list_disagreements_async (fixture->project, reviewers, NULL, list_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  disagreements = intake_project_list_disagreements_finish (fixture->project, result, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (disagreements->len, ==, 2);
  /* The sides follow the reviewers as asked for. */
  first = g_ptr_array_index (((IntakeDisagreement *) g_ptr_array_index (disagreements, 0))->sides, 0);
  g_assert_cmpstr (first->reviewer, ==, "Ben");

  /* The worker lets go of the task, and of the project, in its own time. */
  task = result;
  g_object_add_weak_pointer (G_OBJECT (result), &task);
  g_object_unref (result);
  while (task != NULL)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/adjudication/disagreements/list", test_list);
  ADD ("/adjudication/disagreements/same-coverage", test_same_coverage_agrees);
  ADD ("/adjudication/disagreements/pair", test_pair);
  ADD ("/adjudication/decide/accept-one", test_accept_one);
  ADD ("/adjudication/decide/accept-all", test_accept_all);
  ADD ("/adjudication/decide/accept-none", test_accept_none);
  ADD ("/adjudication/decide/undo", test_undo);
  ADD ("/adjudication/decide/unknown-reviewer", test_unknown_reviewer_refused);
  ADD ("/adjudication/project/async", test_project_async);
#undef ADD

  return g_test_run ();
}
