/* The coding loop as a reviewer runs it, keys only: inside a search,
 * select by sentence or by arrows, code with a number key, set the stance,
 * fix a coding in the margin, Ctrl+Return to the next; then what is
 * stored, what the list says of each submission and the progress count. */
#define G_LOG_DOMAIN "test-coding-loop-ui"

#include "config.h"

#include <adwaita.h>

#include "intake-application.h"
#include "intake-coding-margin.h"
#include "intake-pinned-codes.h"
#include "intake-project.h"
#include "intake-reader.h"
#include "intake-store.h"
#include "intake-submission.h"
#include "intake-text.h"
#include "intake-window.h"
#include "ui-test-support.h"

/* Six mention the officer; the buses do not, and stay out of the search. */
static const char mailbox[] =
  "From writer0@example.org Mon Apr 10 10:00:00 2021\n"
  "From: Writer 0 <writer0@example.org>\n"
  "Subject: Officers at lunch\n"
  "Date: Mon, 10 Apr 2021 10:00:00 -0600\n"
  "Message-ID: <loop-0@example.org>\n"
  "MIME-Version: 1.0\n"
  "Content-Type: text/plain; charset=utf-8\n"
  "\n"
  "The officer talks with us at lunch. He knows our names.\n"
  "\n"
  "From writer1@example.org Mon Apr 11 10:00:00 2021\n"
  "From: Writer 1 <writer1@example.org>\n"
  "Subject: Hallway checks\n"
  "Date: Mon, 11 Apr 2021 10:00:00 -0600\n"
  "Message-ID: <loop-1@example.org>\n"
  "MIME-Version: 1.0\n"
  "Content-Type: text/plain; charset=utf-8\n"
  "\n"
  "An officer checks bags in the hallway. We feel watched every day.\n"
  "\n"
  "From writer2@example.org Mon Apr 12 10:00:00 2021\n"
  "From: Writer 2 <writer2@example.org>\n"
  "Subject: Counsellors please\n"
  "Date: Mon, 12 Apr 2021 10:00:00 -0600\n"
  "Message-ID: <loop-2@example.org>\n"
  "MIME-Version: 1.0\n"
  "Content-Type: text/plain; charset=utf-8\n"
  "\n"
  "Hire counsellors instead of an officer. Students need care, not police.\n"
  "\n"
  "From writer3@example.org Mon Apr 13 10:00:00 2021\n"
  "From: Writer 3 <writer3@example.org>\n"
  "Subject: Drills\n"
  "Date: Mon, 13 Apr 2021 10:00:00 -0600\n"
  "Message-ID: <loop-3@example.org>\n"
  "MIME-Version: 1.0\n"
  "Content-Type: text/plain; charset=utf-8\n"
  "\n"
  "The officer runs the lockdown drills. They are calm and clear.\n"
  "\n"
  "From writer4@example.org Mon Apr 14 10:00:00 2021\n"
  "From: Writer 4 <writer4@example.org>\n"
  "Subject: My son\n"
  "Date: Mon, 14 Apr 2021 10:00:00 -0600\n"
  "Message-ID: <loop-4@example.org>\n"
  "MIME-Version: 1.0\n"
  "Content-Type: text/plain; charset=utf-8\n"
  "\n"
  "My son was stopped by the officer twice. Nobody told us why.\n"
  "\n"
  "From writer5@example.org Mon Apr 15 10:00:00 2021\n"
  "From: Writer 5 <writer5@example.org>\n"
  "Subject: Keep him\n"
  "Date: Mon, 15 Apr 2021 10:00:00 -0600\n"
  "Message-ID: <loop-5@example.org>\n"
  "MIME-Version: 1.0\n"
  "Content-Type: text/plain; charset=utf-8\n"
  "\n"
  "Our school officer should stay. He helps the younger ones.\n"
  "\n"
  "From writer6@example.org Mon Apr 16 10:00:00 2021\n"
  "From: Writer 6 <writer6@example.org>\n"
  "Subject: Buses\n"
  "Date: Mon, 16 Apr 2021 10:00:00 -0600\n"
  "Message-ID: <loop-6@example.org>\n"
  "MIME-Version: 1.0\n"
  "Content-Type: text/plain; charset=utf-8\n"
  "\n"
  "The buses are late every morning. Please fix the schedule.\n";

typedef struct
{
  char          *dir;
  IntakeProject *project;
  IntakeStore   *store;     /* the project's */
  IntakeWindow  *window;
} Fixture;

static const char *
guid_of (Fixture    *fixture,
         const char *path)
{
  IntakeCode *code = intake_codebook_find (intake_project_get_codebook (fixture->project), path);

  g_assert_nonnull (code);
  return intake_code_get_guid (code);
}

static GtkWidget *
text_view (Fixture *fixture)
{
  return GTK_WIDGET (intake_reader_get_text_view (get_reader (fixture->window)));
}

/* The focus in the text, the cursor at its start. */
static GtkWidget *
focus_text (Fixture *fixture)
{
  GtkWidget *view = text_view (fixture);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start;

  g_assert_true (gtk_widget_grab_focus (view));
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  settle (view);
  return view;
}

static void
press (GtkWidget       *focus,
       guint            keyval,
       GdkModifierType  mods,
       guint           *presses)
{
  if (!press_shortcut (focus, keyval, mods))
    g_error ("Nothing took the key %s with modifiers %x", gdk_keyval_name (keyval), mods);
  (*presses)++;
}

static GPtrArray *
codings_of (Fixture *fixture,
            gint64   id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *codings = intake_store_list_codings (fixture->store, id, &error);

  g_assert_no_error (error);
  return codings;
}

static IntakeStatus
status_of (Fixture *fixture,
           gint64   id)
{
  g_autoptr(GPtrArray) rows = intake_store_get_summaries (fixture->store, &id, 1, NULL);

  g_assert_nonnull (rows);
  g_assert_cmpuint (rows->len, ==, 1);
  return intake_submission_get_status (g_ptr_array_index (rows, 0));
}

/* The stored text of @coding's span. */
static char *
excerpt_of (Fixture            *fixture,
            gint64              id,
            const IntakeCoding *coding)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeSubmission) submission = intake_store_get_submission (fixture->store, id, &error);

  g_assert_no_error (error);
  return intake_text_slice (intake_submission_get_text (submission), coding->start, coding->end);
}

static const char *
progress_text (Fixture *fixture)
{
  GtkWidget *box = find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_BOX, has_css_class, "list-progress");
  GtkWidget *label;

  g_assert_nonnull (box);
  label = find_widget (box, GTK_TYPE_LABEL, NULL, NULL);
  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  /* A new install's pins: the stance on 1 to 4, then the first codes. */
  g_settings_reset (settings, "pinned-codes");

  fixture->project = open_temporary_project ("test-coding-loop-ui-XXXXXX", &fixture->dir, &fixture->store);
  fixture->window = open_window (app, fixture->project);
  import_and_wait (fixture->window, fixture->dir, "inbox.mbox", mailbox);
  g_assert_cmpuint (g_list_model_get_n_items (list_model (fixture->window)), ==, 7);
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

typedef enum
{
  BY_SENTENCE,     /* Alt+S */
  BY_TWO,          /* Alt+S, then a sentence more: Alt+Shift+Down */
  BY_ARROWS,       /* Shift+Right, a character at a time */
} Selecting;

static void
test_five_by_keyboard (Fixture       *fixture,
                       gconstpointer  data)
{
  static const Selecting how[] = { BY_SENTENCE, BY_TWO, BY_ARROWS, BY_SENTENCE, BY_SENTENCE };
  g_auto(GStrv) pinned = intake_pinned_codes_get (settings, intake_project_get_codebook (fixture->project));
  const char *excerpt_code = pinned[4];
  const char *stance = guid_of (fixture, "Stance on the programme/Keep with changes");
  GtkWidget *entry;
  gint64 coded[G_N_ELEMENTS (how)];
  guint presses = 0;

  g_assert_cmpstr (pinned[1], ==, stance);

  /* The search narrows the list to the six about the officer. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.find", NULL));
  entry = find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_SEARCH_ENTRY,
                       search_entry_has_placeholder, "Search the Submissions");
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "officer");
  WAIT_UNTIL (list_is_settled (fixture->window) && g_list_model_get_n_items (list_model (fixture->window)) == 6);
  g_assert_true (gtk_selection_model_select_item (GTK_SELECTION_MODEL (list_model (fixture->window)), 0, TRUE));
  WAIT_UNTIL (reader_id (fixture->window) > 0);

  for (guint i = 0; i < G_N_ELEMENTS (how); i++)
    {
      GtkWidget *view = focus_text (fixture);
      g_autoptr(IntakeSubmission) submission = g_object_ref (intake_reader_get_submission (get_reader (fixture->window)));
      const char *text = intake_submission_get_text (submission);
      const char *first_stop = strchr (text, '.');
      const char *second_stop = strchr (first_stop + 1, '.');
      g_autofree char *expected = NULL;
      g_autoptr(GPtrArray) codings = NULL;
      guint before = presses;

      coded[i] = intake_submission_get_id (submission);
      switch (how[i])
        {
        case BY_SENTENCE:
          press (view, GDK_KEY_s, GDK_ALT_MASK, &presses);
          expected = g_strndup (text, first_stop + 1 - text);
          break;
        case BY_TWO:
          press (view, GDK_KEY_s, GDK_ALT_MASK, &presses);
          press (view, GDK_KEY_Down, GDK_ALT_MASK | GDK_SHIFT_MASK, &presses);
          expected = g_strndup (text, second_stop + 1 - text);
          break;
        case BY_ARROWS:
          for (guint k = 0; k < 10; k++)
            press (view, GDK_KEY_Right, GDK_SHIFT_MASK, &presses);
          expected = g_utf8_substring (text, 0, 10);
          break;
        }

      /* The pinned code to the excerpt, the stance to the whole. */
      press (view, GDK_KEY_5, 0, &presses);
      press (view, GDK_KEY_2, 0, &presses);

      codings = codings_of (fixture, coded[i]);
      g_assert_cmpuint (codings->len, ==, 2);
      for (guint k = 0; k < codings->len; k++)
        {
          IntakeCoding *coding = g_ptr_array_index (codings, k);

          if (g_strcmp0 (coding->code_guid, stance) == 0)
            g_assert_cmpint (coding->start, <, 0);
          else
            {
              g_autofree char *stored = excerpt_of (fixture, coded[i], coding);

              g_assert_cmpstr (coding->code_guid, ==, excerpt_code);
              g_assert_cmpstr (g_strstrip (stored), ==, expected);
            }
        }

      /* Once, a coding is taken back in the margin: to its bar, Return
       * opens the excerpt's codes, Delete removes the one with the focus. */
      if (i == 3)
        {
          IntakeCodingMargin *margin = INTAKE_CODING_MARGIN (find_widget (GTK_WIDGET (get_reader (fixture->window)),
                                                                          INTAKE_TYPE_CODING_MARGIN, NULL, NULL));
          GtkRoot *root = GTK_ROOT (fixture->window);

          g_assert_nonnull (margin);
          WAIT_UNTIL (intake_coding_margin_get_n_bars (margin) == 1);
          g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (margin)));
          press (gtk_root_get_focus (root), GDK_KEY_Return, 0, &presses);
          /* The excerpt's codes, with the focus on its one code. */
          WAIT_UNTIL (gtk_root_get_focus (root) != NULL &&
                      gtk_widget_get_ancestor (gtk_root_get_focus (root), GTK_TYPE_POPOVER) != NULL &&
                      gtk_widget_get_mapped (gtk_root_get_focus (root)));
          press (gtk_root_get_focus (root), GDK_KEY_Delete, 0, &presses);
          g_clear_pointer (&codings, g_ptr_array_unref);
          codings = codings_of (fixture, coded[i]);
          g_assert_cmpuint (codings->len, ==, 1);
          g_assert_cmpstr (((IntakeCoding *) g_ptr_array_index (codings, 0))->code_guid, ==, stance);
          WAIT_UNTIL (intake_coding_margin_get_n_bars (margin) == 0);
          view = focus_text (fixture);
        }

      press (view, GDK_KEY_Return, GDK_CONTROL_MASK, &presses);
      WAIT_UNTIL (reader_id (fixture->window) != coded[i]);
      iterate_for (50);

      g_test_message ("submission %u: %u key presses", i + 1, presses - before);
      if (how[i] != BY_ARROWS)
        g_assert_cmpuint (presses - before, <, 10);
    }

  /* Coded, all five; the sixth of the search is next; the buses untouched. */
  for (guint i = 0; i < G_N_ELEMENTS (how); i++)
    g_assert_cmpint (status_of (fixture, coded[i]), ==, INTAKE_STATUS_CODED);
  g_assert_cmpuint (g_list_model_get_n_items (list_model (fixture->window)), ==, 6);
  g_assert_cmpint (status_of (fixture, reader_id (fixture->window)), ==, INTAKE_STATUS_NEW);
  WAIT_UNTIL (g_strcmp0 (progress_text (fixture), "5 of 7 coded · 5 by you") == 0);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv, UI_TEST_APP | UI_TEST_WIDE);

  g_test_add ("/coding-loop-ui/five-by-keyboard", Fixture, NULL,
              fixture_set_up, test_five_by_keyboard, fixture_tear_down);

  return ui_test_run ();
}
