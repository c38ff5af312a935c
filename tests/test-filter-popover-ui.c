/* The list's filter popover, and its code chooser above all: a search
 * over any part of a code's path, folded for case and accents, reached
 * by Tab and driven by the keys, in a popover that keeps its width. */
#define G_LOG_DOMAIN "test-filter-popover-ui"

#include "config.h"

#include <adwaita.h>

#include "intake-application.h"
#include "intake-code-chooser.h"
#include "intake-filter-popover.h"
#include "intake-project.h"
#include "intake-store.h"
#include "intake-window.h"
#include "ui-test-support.h"

static const char mailbox[] =
  "From claire@example.org Mon Apr 19 10:00:00 2021\n"
  "From: =?utf-8?q?Claire_B=C3=A9langer?= <claire@example.org>\n"
  "Subject: =?utf-8?q?Les_=C3=A9l=C3=A8ves?=\n"
  "Date: Mon, 19 Apr 2021 10:00:00 -0600\n"
  "Message-ID: <claire-1@example.org>\n"
  "MIME-Version: 1.0\n"
  "Content-Type: text/plain; charset=utf-8\n"
  "Content-Transfer-Encoding: 8bit\n"
  "\n"
  "Les élèves noirs sont arrêtés plus souvent par l’agent.\n"
  "\n"
  "From omar@example.org Tue Apr 20 09:30:00 2021\n"
  "From: Omar Haddad <omar@example.org>\n"
  "Subject: Stopped in the hallway\n"
  "Date: Tue, 20 Apr 2021 09:30:00 -0600\n"
  "Message-ID: <omar-1@example.org>\n"
  "MIME-Version: 1.0\n"
  "Content-Type: text/plain; charset=utf-8\n"
  "\n"
  "My son was stopped by the officer and his friends were not.\n"
  "\n"
  "From lee@example.org Wed Apr 21 14:00:00 2021\n"
  "From: Lee Chan <lee@example.org>\n"
  "Subject: Keep the programme\n"
  "Date: Wed, 21 Apr 2021 14:00:00 -0600\n"
  "Message-ID: <lee-1@example.org>\n"
  "MIME-Version: 1.0\n"
  "Content-Type: text/plain; charset=utf-8\n"
  "\n"
  "The officer mentors my daughter and she feels safer.\n";

#define PROFILING_PATH "Equity lens/Racial profiling or differential treatment"
#define ELEVES_NAME "Élèves ciblés"
/* Wider than the popover: it must be cut, not widen it. */
#define LONG_NAME "Concerns about how the programme is explained to families who do not speak English or French at home"

typedef struct
{
  char                *dir;
  IntakeProject       *project;
  IntakeStore         *store;     /* the project's */
  IntakeWindow        *window;
  IntakeFilterPopover *popover;
  GtkWidget           *chooser;
  GtkEditable         *entry;
  GtkListView         *codes;
  char                *profiling_guid;
  char                *long_guid;
} Fixture;

static gint64
find_subject (Fixture    *fixture,
              const char *subject)
{
  GListModel *model = list_model (fixture->window);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(IntakeSubmission) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (intake_submission_get_subject (item), subject) == 0)
        return intake_submission_get_id (item);
    }

  g_error ("No submission “%s” in the list", subject);
  return 0;
}

static guint
n_listed (Fixture *fixture)
{
  return g_list_model_get_n_items (list_model (fixture->window));
}

/* What the chooser offers, as shown: "Any code" or a code's path. */
static char *
offered (Fixture *fixture,
         guint    position)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (fixture->codes));
  g_autoptr(GObject) item = g_list_model_get_item (model, position);

  g_assert_nonnull (item);
  if (GTK_IS_STRING_OBJECT (item))
    return g_strdup (gtk_string_object_get_string (GTK_STRING_OBJECT (item)));
  g_assert_true (INTAKE_IS_CODE (item));
  return intake_code_dup_path (INTAKE_CODE (item), intake_project_get_codebook (fixture->project));
}

static guint
n_offered (Fixture *fixture)
{
  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (fixture->codes)));
}

static gboolean
offers (Fixture    *fixture,
        const char *path)
{
  for (guint i = 0; i < n_offered (fixture); i++)
    {
      g_autofree char *shown = offered (fixture, i);

      if (g_strcmp0 (shown, path) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The highlighted offer, where Enter goes. */
static char *
highlighted (Fixture *fixture)
{
  GtkSelectionModel *model = gtk_list_view_get_model (fixture->codes);
  guint selected = gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (model));

  g_assert_cmpuint (selected, !=, GTK_INVALID_LIST_POSITION);
  return offered (fixture, selected);
}

static GtkWidget *
entry_text (Fixture *fixture)
{
  GtkWidget *text = find_widget (GTK_WIDGET (fixture->entry), GTK_TYPE_TEXT, NULL, NULL);

  g_assert_nonnull (text);
  return text;
}

static void
open_popover (Fixture *fixture)
{
  GtkWidget *button = find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_MENU_BUTTON, NULL, NULL);

  while (button != NULL && gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)) != GTK_POPOVER (fixture->popover))
    button = gtk_widget_get_next_sibling (button);
  gtk_popover_popup (GTK_POPOVER (fixture->popover));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (fixture->popover)));
  iterate_for (100);
}

static void
type (Fixture    *fixture,
      const char *text)
{
  gtk_editable_set_text (fixture->entry, text);
  iterate_for (50);
}

/* Enter in the entry, as the key's binding runs it. */
static void
press_return (Fixture *fixture)
{
  GtkWidget *text = entry_text (fixture);

  gtk_widget_grab_focus (text);
  g_assert_true (press_shortcut (text, GDK_KEY_Return, 0));
  iterate_for (100);
}

static void
press_arrow (Fixture *fixture,
             guint    keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (fixture->entry));
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !handled; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
    }
  g_assert_true (handled);
  iterate_for (20);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  IntakeCodebook *codebook;
  IntakeCode *equity;

  fixture->project = open_temporary_project ("test-filter-popover-ui-XXXXXX", &fixture->dir, &fixture->store);
  codebook = intake_project_get_codebook (fixture->project);
  fixture->profiling_guid = g_strdup (intake_code_get_guid (intake_codebook_find (codebook, PROFILING_PATH)));
  equity = intake_codebook_find (codebook, "Equity lens");
  g_assert_nonnull (equity);
  g_assert_true (intake_project_add_code (fixture->project, intake_code_get_guid (equity), LONG_NAME,
                                          NULL, TRUE, &fixture->long_guid, &error));
  g_assert_no_error (error);
  g_assert_true (intake_project_add_code (fixture->project, NULL, ELEVES_NAME, NULL, TRUE, NULL, &error));
  g_assert_no_error (error);

  fixture->window = open_window (app, fixture->project);
  import_and_wait (fixture->window, fixture->dir, "inbox.mbox", mailbox);
  g_assert_cmpuint (n_listed (fixture), ==, 3);

  /* Two of the three are coded with racial profiling: one whole, one an excerpt. */
  g_assert_true (intake_project_add_coding (fixture->project, find_subject (fixture, "Les élèves"),
                                            fixture->profiling_guid, -1, -1, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (intake_project_add_coding (fixture->project, find_subject (fixture, "Stopped in the hallway"),
                                            fixture->profiling_guid, 0, 6, NULL, &error));
  g_assert_no_error (error);

  fixture->popover = INTAKE_FILTER_POPOVER (find_widget (GTK_WIDGET (fixture->window), INTAKE_TYPE_FILTER_POPOVER, NULL, NULL));
  g_assert_nonnull (fixture->popover);
  fixture->chooser = find_widget (GTK_WIDGET (fixture->popover), INTAKE_TYPE_CODE_CHOOSER, NULL, NULL);
  g_assert_nonnull (fixture->chooser);
  fixture->entry = GTK_EDITABLE (find_widget (fixture->chooser, GTK_TYPE_SEARCH_ENTRY, NULL, NULL));
  g_assert_nonnull (fixture->entry);
  fixture->codes = GTK_LIST_VIEW (find_widget (fixture->chooser, GTK_TYPE_LIST_VIEW, NULL, NULL));
  g_assert_nonnull (fixture->codes);

  open_popover (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* Closed first, as a reviewer would: GTK 4.8 keeps a popover that is
   * still up when its window goes, and with it the project. */
  if (fixture->popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (fixture->popover));
  iterate_for (50);
  destroy_toplevels ();
  iterate_for (50);

  if (fixture->window != NULL)
    g_assert_finalize_object (fixture->window);
  g_assert_finalize_object (fixture->project);
  g_assert_finalize_object (fixture->store);

  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->profiling_guid);
  g_free (fixture->long_guid);
}

static void
test_part_of_name_finds_and_filters (Fixture       *fixture,
                                     gconstpointer  data)
{
  IntakeFilter filter = { 0, };
  g_autofree char *first = NULL;

  /* "profil" is inside the name, not at its start, nor at the path's. */
  type (fixture, "profil");
  g_assert_cmpuint (n_offered (fixture), ==, 1);
  first = highlighted (fixture);
  g_assert_cmpstr (first, ==, PROFILING_PATH);
  g_assert_false (intake_filter_popover_get_active (fixture->popover));

  press_return (fixture);
  intake_filter_popover_get_filter (fixture->popover, &filter);
  g_assert_cmpstr (filter.code_guid, ==, fixture->profiling_guid);
  g_assert_true (intake_filter_popover_get_active (fixture->popover));

  /* The list has the two coded with it, and not the third. */
  WAIT_UNTIL (n_listed (fixture) == 2);
  g_assert_cmpint (find_subject (fixture, "Les élèves"), >, 0);
  g_assert_cmpint (find_subject (fixture, "Stopped in the hallway"), >, 0);

  /* The search is done: every code is offered again, the choice highlighted. */
  g_assert_cmpstr (gtk_editable_get_text (fixture->entry), ==, "");
  g_assert_true (offers (fixture, "Equity lens/Surveillance"));
  g_free (first);
  first = highlighted (fixture);
  g_assert_cmpstr (first, ==, PROFILING_PATH);
}

static void
test_folds_case_and_accents (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *first = NULL;

  type (fixture, "eleve");
  g_assert_true (offers (fixture, ELEVES_NAME));
  g_assert_cmpuint (n_offered (fixture), ==, 1);

  type (fixture, "ÉLÈVES CIB");
  g_assert_true (offers (fixture, ELEVES_NAME));

  /* The path counts too, across its slash. */
  type (fixture, "lens/sur");
  g_assert_cmpuint (n_offered (fixture), ==, 1);
  first = highlighted (fixture);
  g_assert_cmpstr (first, ==, "Equity lens/Surveillance");

  type (fixture, "no code has this");
  g_assert_cmpuint (n_offered (fixture), ==, 0);
}

static void
test_arrows_move_the_highlight (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  IntakeFilter filter = { 0, };

  /* Every "Impact on …" code of the equity lens. */
  type (fixture, "impact");
  g_assert_cmpuint (n_offered (fixture), >=, 2);
  first = highlighted (fixture);
  press_arrow (fixture, GDK_KEY_Down);
  second = highlighted (fixture);
  g_assert_cmpstr (first, !=, second);
  {
    g_autofree char *expected = offered (fixture, 1);

    g_assert_cmpstr (second, ==, expected);
  }

  press_return (fixture);
  intake_filter_popover_get_filter (fixture->popover, &filter);
  g_assert_nonnull (filter.code_guid);
  {
    IntakeCode *code = intake_codebook_find_by_guid (intake_project_get_codebook (fixture->project), filter.code_guid);
    g_autofree char *path = intake_code_dup_path (code, intake_project_get_codebook (fixture->project));

    g_assert_cmpstr (path, ==, second);
  }

  /* Up goes back; nothing moves past the first. */
  type (fixture, "impact");
  press_arrow (fixture, GDK_KEY_Down);
  press_arrow (fixture, GDK_KEY_Up);
  press_arrow (fixture, GDK_KEY_Up);
  g_free (second);
  second = highlighted (fixture);
  g_assert_cmpstr (second, ==, first);
}

static void
test_tab_reaches_search (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (fixture->popover));
  GtkWidget *focus;

  /* The popover's first control, the status filter. */
  gtk_root_set_focus (root, NULL);
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->popover), GTK_DIR_TAB_FORWARD));
  focus = gtk_root_get_focus (root);
  g_assert_nonnull (focus);
  g_assert_nonnull (gtk_widget_get_ancestor (focus, GTK_TYPE_DROP_DOWN));

  /* One Tab on, the code search. */
  g_assert_true (press_shortcut (focus, GDK_KEY_Tab, 0));
  focus = gtk_root_get_focus (root);
  g_assert_nonnull (focus);
  g_assert_true (focus == GTK_WIDGET (fixture->entry) || gtk_widget_is_ancestor (focus, GTK_WIDGET (fixture->entry)));
}

static void
test_width_stays (Fixture       *fixture,
                  gconstpointer  data)
{
  int width = gtk_widget_get_width (GTK_WIDGET (fixture->popover));
  g_autofree char *long_path = g_strconcat ("Equity lens/", LONG_NAME, NULL);
  GtkWidget *label;
  IntakeFilter filter = { 0, };
  int natural;

  g_assert_cmpint (width, >, 0);

  type (fixture, long_path);
  iterate_for (100);
  g_assert_cmpuint (n_offered (fixture), ==, 1);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->popover)), ==, width);

  /* Its row is cut short, and its tooltip has it whole. */
  label = find_widget (GTK_WIDGET (fixture->codes), GTK_TYPE_LABEL, label_has_text, long_path);
  g_assert_nonnull (label);
  gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  g_assert_cmpint (width, <, natural);
  g_assert_cmpint (gtk_widget_get_width (label), <, width);
  g_assert_cmpstr (tooltip_of (gtk_widget_get_parent (label)), ==, long_path);

  press_return (fixture);
  intake_filter_popover_get_filter (fixture->popover, &filter);
  g_assert_cmpstr (filter.code_guid, ==, fixture->long_guid);
  WAIT_UNTIL (n_listed (fixture) == 0);
  iterate_for (100);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->popover)), ==, width);
}

static void
test_any_code_clears (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *first = NULL;
  IntakeFilter filter = { 0, };

  /* First whatever the search. */
  first = offered (fixture, 0);
  g_assert_cmpstr (first, ==, "Any code");

  type (fixture, "profil");
  press_return (fixture);
  WAIT_UNTIL (n_listed (fixture) == 2);

  type (fixture, "any");
  g_free (first);
  first = highlighted (fixture);
  g_assert_cmpstr (first, ==, "Any code");
  press_return (fixture);

  intake_filter_popover_get_filter (fixture->popover, &filter);
  g_assert_null (filter.code_guid);
  g_assert_false (intake_filter_popover_get_active (fixture->popover));
  WAIT_UNTIL (n_listed (fixture) == 3);
}

static void
test_escape_leaves_search_then_closes (Fixture       *fixture,
                                       gconstpointer  data)
{
  IntakeFilter filter = { 0, };
  GtkWidget *text = entry_text (fixture);

  type (fixture, "profil");
  press_return (fixture);
  WAIT_UNTIL (n_listed (fixture) == 2);

  /* The first Escape ends the search, keeping the choice and the popover. */
  type (fixture, "surv");
  gtk_widget_grab_focus (text);
  g_assert_true (press_shortcut (text, GDK_KEY_Escape, 0));
  iterate_for (50);
  g_assert_cmpstr (gtk_editable_get_text (fixture->entry), ==, "");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->popover)));
  intake_filter_popover_get_filter (fixture->popover, &filter);
  g_assert_cmpstr (filter.code_guid, ==, fixture->profiling_guid);

  /* The second closes the popover; the filters stay as chosen. */
  g_assert_true (press_shortcut (text, GDK_KEY_Escape, 0));
  WAIT_UNTIL (!gtk_widget_get_visible (GTK_WIDGET (fixture->popover)));
  intake_filter_popover_get_filter (fixture->popover, &filter);
  g_assert_cmpstr (filter.code_guid, ==, fixture->profiling_guid);
  g_assert_cmpuint (n_listed (fixture), ==, 2);
}

static void
test_accessible_names (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWidget *label;
  GtkWidget *row;

  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (fixture->entry), GTK_ACCESSIBLE_PROPERTY_LABEL, "Search Codes");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (fixture->codes), GTK_ACCESSIBLE_PROPERTY_LABEL, "Codes");

  type (fixture, "profil");
  label = find_widget (GTK_WIDGET (fixture->codes), GTK_TYPE_LABEL, label_has_text, PROFILING_PATH);
  g_assert_nonnull (label);
  /* The row a screen reader lands on, around the label's box. */
  row = gtk_widget_get_parent (gtk_widget_get_parent (label));
  g_assert_true (gtk_widget_get_parent (row) == GTK_WIDGET (fixture->codes));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, PROFILING_PATH);
}

/* A window closed with the popover still up lets go of it and of the
 * project (the tear-down checks the project is freed). */
static void
test_open_popover_lets_window_go (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fixture->popover)));

  fixture->popover = NULL;
  close_and_finalize (g_steal_pointer (&fixture->window));
}

static void
test_deleted_code_lets_go (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  IntakeFilter filter = { 0, };
  g_autofree char *long_path = g_strconcat ("Equity lens/", LONG_NAME, NULL);

  type (fixture, "families who");
  press_return (fixture);
  intake_filter_popover_get_filter (fixture->popover, &filter);
  g_assert_cmpstr (filter.code_guid, ==, fixture->long_guid);
  WAIT_UNTIL (n_listed (fixture) == 0);

  g_assert_true (intake_project_delete_code (fixture->project, fixture->long_guid, &error));
  g_assert_no_error (error);
  intake_filter_popover_get_filter (fixture->popover, &filter);
  g_assert_null (filter.code_guid);
  g_assert_false (offers (fixture, long_path));
  WAIT_UNTIL (n_listed (fixture) == 3);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv, UI_TEST_APP | UI_TEST_WIDE);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/filter-popover/code/part-of-name-finds-and-filters", test_part_of_name_finds_and_filters);
  ADD ("/filter-popover/code/folds-case-and-accents", test_folds_case_and_accents);
  ADD ("/filter-popover/code/arrows-move-the-highlight", test_arrows_move_the_highlight);
  ADD ("/filter-popover/code/any-code-clears", test_any_code_clears);
  ADD ("/filter-popover/code/escape-leaves-search-then-closes", test_escape_leaves_search_then_closes);
  ADD ("/filter-popover/code/deleted-code-lets-go", test_deleted_code_lets_go);
  ADD ("/filter-popover/keys/tab-reaches-code-search", test_tab_reaches_search);
  ADD ("/filter-popover/layout/width-stays", test_width_stays);
  ADD ("/filter-popover/accessible-names", test_accessible_names);
  ADD ("/filter-popover/open-popover-lets-window-go", test_open_popover_lets_window_go);

#undef ADD

  return ui_test_run ();
}
