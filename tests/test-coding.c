#define G_LOG_DOMAIN "test-coding"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "intake-store.h"
#include "intake-history.h"
#include "intake-importer.h"

#define STANCE_KEEP   "Stance on the programme/Keep as is"
#define STANCE_REMOVE "Stance on the programme/Remove or replace"

typedef struct
{
  char           *dir;
  IntakeStore    *store;
  IntakeCodebook *codebook;
  gint64          english;
  gint64          french;
} Fixture;

static const char *mailbox =
  "From a@example.org Mon Apr 19 14:00:00 2021\n"
  "From: Amara Okafor <amara@example.org>\nSubject: SRO feedback\nMessage-ID: <en@example.org>\n"
  "Date: Mon, 19 Apr 2021 14:00:00 +0000\n\n"
  "The officer at our school knows every student by name and that builds trust.\n"
  "Please fund counsellors and restorative justice programmes instead.\n\n"
  "From b@example.org Tue Apr 20 14:00:00 2021\n"
  "From: =?utf-8?q?H=C3=A9l=C3=A8ne?= <helene@example.org>\nSubject: Commentaires\nMessage-ID: <fr@example.org>\n"
  "Date: Tue, 20 Apr 2021 14:00:00 +0000\nContent-Type: text/plain; charset=utf-8\n\n"
  "Bonjour, je suis élève dans le conseil FrancoSud.\n"
  "Les élèves noirs et autochtones sont traités plus durement par la police.\n"
  "Je crois que les policiers devraient quitter nos écoles.\n\n";

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *project = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(IntakeImporter) importer = NULL;
  g_autoptr(IntakeImportSummary) summary = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("intake-coding-XXXXXX", NULL);
  project = g_build_filename (fixture->dir, "p.intake", NULL);
  path = g_build_filename (fixture->dir, "inbox.mbox", NULL);
  g_assert_true (g_file_set_contents (path, mailbox, -1, NULL));

  fixture->store = intake_store_open (project, &error);
  g_assert_no_error (error);
  file = g_file_new_for_path (path);
  importer = intake_importer_new (fixture->store);
  summary = intake_importer_import_sync (importer, &file, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->imported, ==, 2);

  ids = intake_store_list_ids (fixture->store, NULL);
  fixture->english = g_array_index (ids, gint64, 0);
  fixture->french = g_array_index (ids, gint64, 1);
  fixture->codebook = intake_store_load_codebook (fixture->store, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *names[] = { "p.intake", "p.intake-wal", "p.intake-shm", "inbox.mbox" };

  g_clear_object (&fixture->codebook);
  g_clear_object (&fixture->store);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (fixture->dir, names[i], NULL);
      g_remove (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static const char *
guid_of (Fixture    *fixture,
         const char *name_or_path)
{
  IntakeCode *code = intake_codebook_find (fixture->codebook, name_or_path);

  g_assert_nonnull (code);
  return intake_code_get_guid (code);
}

static guint
count_codings (Fixture *fixture,
               gint64   id)
{
  g_autoptr(GPtrArray) codings = intake_store_list_codings (fixture->store, id, NULL);

  return codings->len;
}

static void
test_default_codebook_seeded (Fixture       *fixture,
                              gconstpointer  data)
{
  g_assert_cmpuint (intake_codebook_get_n_codes (fixture->codebook), ==, 42);
  g_assert_nonnull (intake_codebook_find (fixture->codebook, "Equity lens/Surveillance"));
}

static void
test_language_from_import (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GHashTable) en = intake_store_get_attributes (fixture->store, fixture->english, NULL);
  g_autoptr(GHashTable) fr = intake_store_get_attributes (fixture->store, fixture->french, NULL);

  g_assert_cmpstr (g_hash_table_lookup (en, INTAKE_ATTRIBUTE_LANGUAGE), ==, "English");
  g_assert_cmpstr (g_hash_table_lookup (fr, INTAKE_ATTRIBUTE_LANGUAGE), ==, "French");
}

static void
test_excerpt_offsets_code_points (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(IntakeSubmission) s = intake_store_get_submission (fixture->store, fixture->french, NULL);
  const char *text = intake_submission_get_text (s);
  const char *phrase = "Les élèves noirs et autochtones";
  int start = g_utf8_pointer_to_offset (text, strstr (text, phrase));
  int end = start + g_utf8_strlen (phrase, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeCoding) coding = NULL;

  coding = intake_store_add_coding (fixture->store, fixture->french,
                                    guid_of (fixture, "Impact on Black students"),
                                    "Reviewer A", start, end, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (coding->start, ==, start);
  g_assert_cmpstr (coding->excerpt, ==, phrase);
  g_assert_cmpstr (coding->code_path, ==, "Equity lens/Impact on Black students");
  g_assert_cmpstr (coding->reviewer, ==, "Reviewer A");
}

static void
test_overlapping_excerpts (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(IntakeCoding) a = intake_store_add_coding (fixture->store, fixture->english, guid_of (fixture, "Trust in police"),
                                                       "A", 0, 40, NULL, NULL, NULL);
  g_autoptr(IntakeCoding) b = intake_store_add_coding (fixture->store, fixture->english, guid_of (fixture, "Positive interaction"),
                                                       "A", 20, 60, NULL, NULL, NULL);
  g_autoptr(IntakeCoding) again = intake_store_add_coding (fixture->store, fixture->english, guid_of (fixture, "Trust in police"),
                                                           "A", 0, 40, NULL, NULL, NULL);

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  /* The same code on the same span by the same reviewer is one coding. */
  g_assert_cmpstr (again->guid, ==, a->guid);
  g_assert_cmpuint (count_codings (fixture, fixture->english), ==, 2);
}

static void
test_offsets_outside_text_refused (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeCoding) coding = intake_store_add_coding (fixture->store, fixture->english, guid_of (fixture, "Trust in police"),
                                                            "A", 10, 100000, NULL, NULL, &error);

  g_assert_null (coding);
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED);
  g_assert_cmpuint (count_codings (fixture, fixture->english), ==, 0);
}

static void
test_group_not_codable (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeCoding) coding = intake_store_add_coding (fixture->store, fixture->english, guid_of (fixture, "Equity lens"),
                                                            "A", -1, -1, NULL, NULL, &error);

  g_assert_null (coding);
  g_assert_nonnull (error);
}

static void
test_stance_single_value (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) replaced = g_ptr_array_new_with_free_func ((GDestroyNotify) intake_coding_free);
  g_autoptr(IntakeCoding) keep = intake_store_add_coding (fixture->store, fixture->english, guid_of (fixture, STANCE_KEEP),
                                                          "A", -1, -1, NULL, NULL, NULL);
  g_autoptr(IntakeCoding) other_reviewer = intake_store_add_coding (fixture->store, fixture->english, guid_of (fixture, STANCE_KEEP),
                                                                    "B", -1, -1, NULL, NULL, NULL);
  g_autoptr(IntakeCoding) remove = intake_store_add_coding (fixture->store, fixture->english, guid_of (fixture, STANCE_REMOVE),
                                                            "A", -1, -1, NULL, replaced, NULL);
  g_autoptr(GPtrArray) codings = intake_store_list_codings (fixture->store, fixture->english, NULL);

  g_assert_cmpuint (replaced->len, ==, 1);
  g_assert_cmpstr (((IntakeCoding *) replaced->pdata[0])->guid, ==, keep->guid);
  /* Reviewer B's stance is B's own. */
  g_assert_cmpuint (codings->len, ==, 2);
}

static void
test_status_and_next_uncoded (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(IntakeCoding) coding = intake_store_add_coding (fixture->store, fixture->english, guid_of (fixture, "Trust in police"),
                                                            "A", -1, -1, NULL, NULL, NULL);
  IntakeStatus status = INTAKE_STATUS_NEW;

  rows = intake_store_get_summaries (fixture->store, &fixture->english, 1, NULL);
  g_assert_cmpint (intake_submission_get_status (rows->pdata[0]), ==, INTAKE_STATUS_IN_PROGRESS);

  g_assert_true (intake_store_set_status (fixture->store, fixture->english, INTAKE_STATUS_CODED, "A", NULL));
  g_assert_cmpint (intake_store_next_uncoded (fixture->store, fixture->english, NULL), ==, fixture->french);
  g_assert_true (intake_store_set_status (fixture->store, fixture->french, INTAKE_STATUS_EXCLUDED, "A", NULL));
  g_assert_cmpint (intake_store_next_uncoded (fixture->store, fixture->english, NULL), ==, 0);
  g_assert_false (intake_status_from_string ("finished", &status));
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  IntakeFilter by_group = { .code_guid = guid_of (fixture, "Equity lens") };
  IntakeFilter by_attribute = { .attribute_name = INTAKE_ATTRIBUTE_LANGUAGE, .attribute_value = "French" };
  IntakeFilter by_search_and_reviewer = { .search = "counsellors", .reviewer = "A" };
  g_autoptr(IntakeCoding) coding = intake_store_add_coding (fixture->store, fixture->french, guid_of (fixture, "Surveillance"),
                                                            "B", -1, -1, NULL, NULL, NULL);
  g_autoptr(IntakeCoding) other = intake_store_add_coding (fixture->store, fixture->english, guid_of (fixture, "Restorative justice"),
                                                           "A", -1, -1, NULL, NULL, NULL);
  g_autoptr(GArray) ids = NULL;

  ids = intake_store_filter_ids (fixture->store, &by_group, NULL);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, fixture->french);
  g_clear_pointer (&ids, g_array_unref);

  ids = intake_store_filter_ids (fixture->store, &by_attribute, NULL);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, fixture->french);
  g_clear_pointer (&ids, g_array_unref);

  ids = intake_store_filter_ids (fixture->store, &by_search_and_reviewer, NULL);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, fixture->english);
}

static void
test_filter_by_status (Fixture       *fixture,
                       gconstpointer  data)
{
  IntakeFilter coded = { .has_status = TRUE, .status = INTAKE_STATUS_CODED };
  IntakeFilter fresh = { .has_status = TRUE, .status = INTAKE_STATUS_NEW };
  IntakeFilter any = { 0, };
  g_autoptr(GArray) ids = NULL;

  g_assert_true (intake_store_set_status (fixture->store, fixture->english, INTAKE_STATUS_CODED, "A", NULL));

  ids = intake_store_filter_ids (fixture->store, &coded, NULL);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, fixture->english);
  g_clear_pointer (&ids, g_array_unref);

  ids = intake_store_filter_ids (fixture->store, &fresh, NULL);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, fixture->french);
  g_clear_pointer (&ids, g_array_unref);

  /* A filter without a status is not a filter on "new" (the enum's zero). */
  ids = intake_store_filter_ids (fixture->store, &any, NULL);
  g_assert_cmpuint (ids->len, ==, 2);
}

static void
test_audit_records_reviewer (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(IntakeCoding) coding = intake_store_add_coding (fixture->store, fixture->english, guid_of (fixture, "Trust in police"),
                                                            "Reviewer A", 4, 11, NULL, NULL, NULL);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) only_b = NULL;
  IntakeAuditEntry *newest;

  g_assert_true (intake_store_set_attribute (fixture->store, fixture->english, INTAKE_ATTRIBUTE_RESPONDENT_GROUP,
                                             "Parent or guardian", "Reviewer B", NULL));
  g_assert_true (intake_store_set_memo (fixture->store, fixture->english, "Strong on trust", "Reviewer A", NULL));

  all = intake_store_list_audit (fixture->store, NULL, 0, NULL);
  g_assert_cmpuint (all->len, ==, 3);
  newest = g_ptr_array_index (all, 0);
  g_assert_cmpstr (newest->action, ==, "memo");
  g_assert_cmpstr (newest->reviewer, ==, "Reviewer A");

  only_b = intake_store_list_audit (fixture->store, "Reviewer B", 0, NULL);
  g_assert_cmpuint (only_b->len, ==, 1);
  g_assert_cmpstr (((IntakeAuditEntry *) only_b->pdata[0])->detail, ==, "Respondent group = Parent or guardian");

  {
    g_autofree char *memo = intake_store_get_memo (fixture->store, fixture->english, NULL, NULL);
    g_auto(GStrv) reviewers = intake_store_list_reviewers (fixture->store, NULL);

    g_assert_cmpstr (memo, ==, "Strong on trust");
    g_assert_cmpuint (g_strv_length (reviewers), ==, 2);
  }
}

static IntakeAuditEntry *
audit_entry (GPtrArray *entries,
             guint      newest_first)
{
  g_assert_cmpuint (newest_first, <, entries->len);
  return g_ptr_array_index (entries, newest_first);
}

static void
test_audit_names_what_it_is_about (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeCoding) excerpt = NULL;
  g_autoptr(IntakeCoding) whole = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GVariant) deleted = NULL;
  g_autofree char *phase_guid = NULL;
  IntakeAuditEntry *entry;
  /* "Les élèves noirs" starts at code point 50 of the French letter:
   * byte and code point offsets differ before it (é, è). */
  const int start = 50, end = 66;

  excerpt = intake_store_add_coding (fixture->store, fixture->french, guid_of (fixture, "Surveillance"),
                                     "Reviewer A", start, end, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (excerpt->excerpt, ==, "Les élèves noirs");
  g_assert_true (intake_store_remove_coding (fixture->store, excerpt->guid, "Reviewer A", &error));
  g_assert_no_error (error);

  /* A code whose name ends like an excerpt's offsets, then deleted. */
  phase_guid = intake_store_add_code (fixture->store, NULL, "Phase 2 [draft]", NULL, TRUE, "Reviewer A", &error);
  g_assert_no_error (error);
  whole = intake_store_add_coding (fixture->store, fixture->english, phase_guid, "Reviewer B", -1, -1, NULL, NULL, &error);
  g_assert_no_error (error);
  deleted = intake_store_delete_code (fixture->store, phase_guid, "Reviewer A", &error);
  g_assert_no_error (error);
  g_assert_true (intake_store_set_attribute (fixture->store, fixture->french, INTAKE_ATTRIBUTE_SCHOOL_BOARD,
                                             "FrancoSud", "Reviewer A", &error));
  g_assert_no_error (error);

  all = intake_store_list_audit (fixture->store, NULL, 0, &error);
  g_assert_no_error (error);

  entry = audit_entry (all, 0);
  g_assert_cmpstr (entry->action, ==, "attribute");
  g_assert_cmpstr (entry->sender, ==, "Hélène");
  g_assert_cmpstr (entry->subject, ==, "Commentaires");
  g_assert_null (entry->code_path);
  g_assert_cmpint (entry->start, ==, -1);
  g_assert_null (entry->excerpt);

  entry = audit_entry (all, 1);
  g_assert_cmpstr (entry->action, ==, "codebook");
  g_assert_cmpint (entry->submission_id, ==, 0);
  g_assert_null (entry->sender);
  g_assert_null (entry->subject);
  g_assert_null (entry->code_path);

  /* The code is gone; its coding's entry still names it as it was. */
  entry = audit_entry (all, 2);
  g_assert_cmpstr (entry->action, ==, "code");
  g_assert_cmpint (entry->submission_id, ==, fixture->english);
  g_assert_cmpstr (entry->sender, ==, "Amara Okafor");
  g_assert_cmpstr (entry->subject, ==, "SRO feedback");
  g_assert_cmpstr (entry->code_path, ==, "Phase 2 [draft]");
  g_assert_cmpint (entry->start, ==, -1);
  g_assert_cmpint (entry->end, ==, -1);
  g_assert_null (entry->excerpt);

  /* The coding was removed; its excerpt is still cut from the text. */
  for (guint i = 4; i <= 5; i++)
    {
      entry = audit_entry (all, i);
      g_assert_cmpstr (entry->action, ==, i == 4 ? "uncode" : "code");
      g_assert_cmpint (entry->submission_id, ==, fixture->french);
      g_assert_cmpstr (entry->sender, ==, "Hélène");
      g_assert_cmpstr (entry->code_path, ==, "Equity lens/Surveillance");
      g_assert_cmpint (entry->start, ==, start);
      g_assert_cmpint (entry->end, ==, end);
      g_assert_cmpstr (entry->excerpt, ==, "Les élèves noirs");
    }
}

static void
test_history_undo_redo (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(IntakeHistory) history = intake_history_new (fixture->store, "A");
  g_autoptr(IntakeCoding) keep = NULL;
  g_autoptr(IntakeCoding) remove = NULL;
  g_autoptr(IntakeCoding) trust = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  keep = intake_history_add_coding (history, fixture->english, guid_of (fixture, STANCE_KEEP), -1, -1, &error);
  remove = intake_history_add_coding (history, fixture->english, guid_of (fixture, STANCE_REMOVE), -1, -1, &error);
  trust = intake_history_add_coding (history, fixture->english, guid_of (fixture, "Trust in police"), 0, 10, &error);
  g_assert_no_error (error);
  g_assert_true (intake_history_set_attribute (history, fixture->english, INTAKE_ATTRIBUTE_SCHOOL_BOARD, "FrancoSud", &error));
  g_assert_cmpuint (count_codings (fixture, fixture->english), ==, 2);

  /* Several steps back, not only the last. */
  g_assert_true (intake_history_undo (history, &error));   /* attribute */
  attributes = intake_store_get_attributes (fixture->store, fixture->english, NULL);
  g_assert_null (g_hash_table_lookup (attributes, INTAKE_ATTRIBUTE_SCHOOL_BOARD));
  g_assert_true (intake_history_undo (history, &error));   /* trust */
  g_assert_cmpuint (count_codings (fixture, fixture->english), ==, 1);
  g_assert_true (intake_history_undo (history, &error));   /* remove replaced keep: keep is back */
  {
    g_autoptr(GPtrArray) codings = intake_store_list_codings (fixture->store, fixture->english, NULL);
    g_assert_cmpuint (codings->len, ==, 1);
    g_assert_cmpstr (((IntakeCoding *) codings->pdata[0])->guid, ==, keep->guid);
  }

  g_assert_true (intake_history_get_can_redo (history));
  g_assert_true (intake_history_redo (history, &error));
  g_assert_true (intake_history_redo (history, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) codings = intake_store_list_codings (fixture->store, fixture->english, NULL);
    g_assert_cmpuint (codings->len, ==, 2);
  }
}

static void
test_codebook_edits_and_delete_undo (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(IntakeHistory) history = intake_history_new (fixture->store, "A");
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeCoding) coding = NULL;
  g_autoptr(IntakeCodebook) after = NULL;
  g_autofree char *guid = NULL;
  g_autofree char *child = NULL;

  guid = intake_store_add_code (fixture->store, guid_of (fixture, "Equity lens"), "Language barriers", "#AA0000", TRUE, "A", &error);
  g_assert_no_error (error);
  child = intake_store_add_code (fixture->store, guid, "Translation", NULL, TRUE, "A", &error);
  g_assert_true (intake_store_update_code (fixture->store, guid, "Language access", "When language keeps people out.", NULL, "A", &error));
  coding = intake_history_add_coding (history, fixture->french, child, -1, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (intake_store_count_code_codings (fixture->store, guid, NULL), ==, 1);

  g_assert_true (intake_history_delete_code (history, guid, &error));
  g_assert_cmpuint (count_codings (fixture, fixture->french), ==, 0);
  after = intake_store_load_codebook (fixture->store, NULL);
  g_assert_null (intake_codebook_find_by_guid (after, child));
  g_clear_object (&after);

  g_assert_true (intake_history_undo (history, &error));
  g_assert_no_error (error);
  after = intake_store_load_codebook (fixture->store, NULL);
  g_assert_cmpstr (intake_code_get_name (intake_codebook_find_by_guid (after, guid)), ==, "Language access");
  g_assert_nonnull (intake_codebook_find (after, "Equity lens/Language access/Translation"));
  g_assert_cmpuint (count_codings (fixture, fixture->french), ==, 1);

  /* Moving: to the top level, first. */
  g_assert_true (intake_store_move_code (fixture->store, guid, NULL, 0, "A", &error));
  g_clear_object (&after);
  after = intake_store_load_codebook (fixture->store, NULL);
  g_assert_cmpstr (intake_code_get_guid (intake_codebook_get_code (after, 0)), ==, guid);
  g_assert_false (intake_store_move_code (fixture->store, guid, child, 0, "A", NULL));
}

static void
test_qdc_round_trip_through_store (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GBytes) qdc = intake_codebook_to_qdc (fixture->codebook, NULL);
  g_autoptr(IntakeCodebook) loaded = intake_codebook_load_qdc (qdc, NULL);
  g_autoptr(IntakeCodebook) again = NULL;

  g_assert_nonnull (loaded);
  g_assert_true (intake_store_import_codebook (fixture->store, loaded, "A", NULL));
  again = intake_store_load_codebook (fixture->store, NULL);
  g_assert_cmpuint (intake_codebook_get_n_codes (again), ==, intake_codebook_get_n_codes (fixture->codebook));
  for (guint i = 0; i < intake_codebook_get_n_codes (again); i++)
    g_assert_cmpstr (intake_code_get_guid (intake_codebook_get_code (again, i)), ==,
                     intake_code_get_guid (intake_codebook_get_code (fixture->codebook, i)));
}

/* The codings shared by the views of a submission are read again once
 * anything changed, on this connection or another, and not before. */
static void
test_shared_codings_follow_changes (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "p.intake", NULL);
  g_autoptr(IntakeStore) other = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) french = NULL;
  g_autoptr(GPtrArray) after_own = NULL;
  g_autoptr(GPtrArray) after_other = NULL;
  g_autoptr(IntakeCoding) own = NULL;
  g_autoptr(IntakeCoding) theirs = NULL;
  g_autoptr(GError) error = NULL;

  first = intake_store_get_codings (fixture->store, fixture->english, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 0);
  again = intake_store_get_codings (fixture->store, fixture->english, &error);
  g_assert_true (again == first);

  french = intake_store_get_codings (fixture->store, fixture->french, &error);
  g_assert_true (french != first);

  own = intake_store_add_coding (fixture->store, fixture->english, guid_of (fixture, "Trust in police"),
                                 "A", 0, 40, NULL, NULL, &error);
  g_assert_no_error (error);
  after_own = intake_store_get_codings (fixture->store, fixture->english, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after_own->len, ==, 1);
  g_assert_cmpstr (((IntakeCoding *) g_ptr_array_index (after_own, 0))->code_path, ==,
                   "Experiences/Trust in police");
  g_assert_cmpuint (first->len, ==, 0);  /* what a view held is left as it was */

  other = intake_store_open (path, &error);
  g_assert_no_error (error);
  theirs = intake_store_add_coding (other, fixture->english, guid_of (fixture, "Positive interaction"),
                                    "B", 10, 30, NULL, NULL, &error);
  g_assert_no_error (error);
  after_other = intake_store_get_codings (fixture->store, fixture->english, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after_other->len, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/coding/codebook/default-seeded", test_default_codebook_seeded);
  ADD ("/coding/import/language", test_language_from_import);
  ADD ("/coding/excerpt/code-point-offsets", test_excerpt_offsets_code_points);
  ADD ("/coding/excerpt/overlaps", test_overlapping_excerpts);
  ADD ("/coding/excerpt/outside-text-refused", test_offsets_outside_text_refused);
  ADD ("/coding/whole/group-not-codable", test_group_not_codable);
  ADD ("/coding/whole/stance-single-value", test_stance_single_value);
  ADD ("/coding/status/next-uncoded", test_status_and_next_uncoded);
  ADD ("/coding/filter/code-attribute-search", test_filters);
  ADD ("/coding/filter/status", test_filter_by_status);
  ADD ("/coding/audit/reviewer", test_audit_records_reviewer);
  ADD ("/coding/audit/names-what-it-is-about", test_audit_names_what_it_is_about);
  ADD ("/coding/history/undo-redo", test_history_undo_redo);
  ADD ("/coding/codebook/edit-delete-undo", test_codebook_edits_and_delete_undo);
  ADD ("/coding/codebook/qdc-round-trip", test_qdc_round_trip_through_store);
  ADD ("/coding/shared/follow-changes", test_shared_codings_follow_changes);
#undef ADD

  return g_test_run ();
}
