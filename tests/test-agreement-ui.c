#define G_LOG_DOMAIN "test-agreement-ui"

#include "config.h"

#include <adwaita.h>

#include "intake-adjudication-dialog.h"
#include "intake-agreement-window.h"
#include "intake-application.h"
#include "intake-project.h"
#include "intake-store.h"
#include "intake-window.h"
#include "ui-test-support.h"

/* Twelve submissions Ana and Ben both coded: Trust in police everywhere,
 * Keep as is nearly alike (kappa 0.833), Surveillance half and half
 * (kappa 0: a low figure), so that six Surveillance codings differ. */

#define N_MESSAGES   12
#define TRUST        "Experiences/Trust in police"
#define KEEP         "Stance on the programme/Keep as is"
#define SURVEILLANCE "Equity lens/Surveillance"

typedef struct
{
  char          *dir;
  IntakeProject *project;
  IntakeStore   *store;     /* the project's */
  IntakeWindow  *window;
  gint64         ids[N_MESSAGES];
} Fixture;

static char *
make_mailbox (void)
{
  GString *mbox = g_string_new (NULL);

  for (int i = 0; i < N_MESSAGES; i++)
    g_string_append_printf (mbox,
                            "From p%d@example.org Mon Apr 19 14:00:00 2021\n"
                            "From: Person %d <p%d@example.org>\n"
                            "Subject: Submission %02d\n"
                            "Message-ID: <agreement-ui-%02d@example.org>\n"
                            "Date: Mon, %d Apr 2021 14:00:00 +0000\n\n"
                            "The officer at school number %d watches the hallway every day.\n\n",
                            i, i, i, i, i, 1 + i, i);

  return g_string_free (mbox, FALSE);
}

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
      guint       n,
      const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeCoding) coding = NULL;

  coding = intake_store_add_coding (fixture->store, fixture->ids[n], guid_of (fixture, path), reviewer,
                                    -1, -1, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *mbox = make_mailbox ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  fixture->project = open_temporary_project ("test-agreement-ui-XXXXXX", &fixture->dir, &fixture->store);
  fixture->window = open_window (app, fixture->project);
  import_and_wait (fixture->window, fixture->dir, "inbox.mbox", mbox);

  ids = intake_store_list_ids (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, N_MESSAGES);
  for (guint n = 0; n < N_MESSAGES; n++)
    {
      fixture->ids[n] = g_array_index (ids, gint64, n);
      code (fixture, "Ana", n, TRUST);
      code (fixture, "Ben", n, TRUST);
      if (n < 6)
        code (fixture, "Ana", n, KEEP);
      if (n < 7)
        code (fixture, "Ben", n, KEEP);
      if (n < 6)
        code (fixture, "Ana", n, SURVEILLANCE);
      if (n >= 3 && n < 9)
        code (fixture, "Ben", n, SURVEILLANCE);
    }

  /* The window's reviewer adjudicates. */
  g_assert_true (intake_project_set_reviewer (fixture->project, "Chloé", &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  destroy_toplevels ();
  iterate_for (50);

  g_assert_finalize_object (fixture->window);
  wait_finalize_object (fixture->project);
  g_assert_finalize_object (fixture->store);

  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static IntakeAgreementWindow *
open_agreement (Fixture *fixture)
{
  GtkWindow *window;

  /* From the submission list, where the window opens with the focus:
   * a key the list takes for itself never reaches the window. */
  gtk_widget_grab_focus (GTK_WIDGET (get_list_view (fixture->window)));
  g_assert_true (press_shortcut (gtk_root_get_focus (GTK_ROOT (fixture->window)), GDK_KEY_g,
                                 GDK_CONTROL_MASK | GDK_SHIFT_MASK));
  window = find_toplevel (INTAKE_TYPE_AGREEMENT_WINDOW);
  if (window == NULL)
    g_error ("Ctrl+Shift+G opened no Agreement window");

  g_assert_true (gtk_window_get_transient_for (window) == GTK_WINDOW (fixture->window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  WAIT_UNTIL (!intake_agreement_window_get_busy (INTAKE_AGREEMENT_WINDOW (window)));
  return INTAKE_AGREEMENT_WINDOW (window);
}

/* The table's row of @path at the submission level (the first of its two). */
static GtkWidget *
figures_row (IntakeAgreementWindow *window,
             const char            *path)
{
  GtkWidget *table = find_widget (GTK_WIDGET (window), GTK_TYPE_LIST_BOX, has_css_class, "agreement-table");
  GtkWidget *label;
  GtkWidget *row;

  g_assert_nonnull (table);
  label = find_widget (table, GTK_TYPE_LABEL, label_is_mapped_with_text, path);
  if (label == NULL)
    g_error ("No row of “%s” in the agreement table", path);
  row = gtk_widget_get_ancestor (label, GTK_TYPE_LIST_BOX_ROW);
  g_assert_nonnull (row);
  return row;
}

static gboolean
row_is_titled (GtkWidget     *widget,
               gconstpointer  title)
{
  return gtk_widget_get_mapped (widget) && preferences_row_has_title (widget, title);
}

static guint
count_rows_titled (GtkWidget  *list,
                   const char *title)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_PREFERENCES_ROW (row) && preferences_row_has_title (row, title))
      n++;
  return n;
}

/* The main menu holds it, by its action. */
static void
test_in_menu (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *label = primary_menu_label (fixture->window, "win.show-agreement");

  g_assert_cmpstr (label, ==, "A_greement");
}

static void
test_low_figure_marked (Fixture       *fixture,
                        gconstpointer  data)
{
  IntakeAgreementWindow *window = open_agreement (fixture);
  GtkWidget *low = figures_row (window, SURVEILLANCE);
  GtkWidget *high = figures_row (window, KEEP);
  GtkWidget *unmeasured = figures_row (window, TRUST);
  g_autofree char *failure = NULL;

  g_assert_true (gtk_widget_has_css_class (low, "low-agreement"));
  failure = gtk_test_accessible_check_property (GTK_ACCESSIBLE (low), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                "below 0.667");
  g_assert_null (failure);
  g_clear_pointer (&failure, g_free);
  failure = gtk_test_accessible_check_property (GTK_ACCESSIBLE (low), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                SURVEILLANCE ", Submission: 50.0% agreement, kappa 0.000, "
                                                "alpha 0.042, 12 units");
  g_assert_null (failure);
  g_clear_pointer (&failure, g_free);

  g_assert_false (gtk_widget_has_css_class (high, "low-agreement"));
  /* One value everywhere: said in words, not as a number, and not low. */
  g_assert_false (gtk_widget_has_css_class (unmeasured, "low-agreement"));
  g_assert_nonnull (find_widget (unmeasured, GTK_TYPE_LABEL, label_has_text, "one value only"));
  failure = gtk_test_accessible_check_property (GTK_ACCESSIBLE (unmeasured), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                TRUST ", Submission: one value everywhere: nothing to measure");
  g_assert_null (failure);
}

static void
test_accept_one_with_keyboard (Fixture       *fixture,
                               gconstpointer  data)
{
  IntakeAgreementWindow *window = open_agreement (fixture);
  AdwViewStack *views = ADW_VIEW_STACK (find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK, NULL, NULL));
  GtkWidget *list;
  GtkWidget *row;
  GtkWindow *dialog;
  GtkWidget *reason;
  g_autoptr(IntakeAdjudication) decided = NULL;
  g_autoptr(GError) error = NULL;
  const char *surveillance = guid_of (fixture, SURVEILLANCE);

  adw_view_stack_set_visible_child_name (views, "disagreements");
  row = find_widget (GTK_WIDGET (window), ADW_TYPE_PREFERENCES_ROW, row_is_titled, SURVEILLANCE);
  g_assert_nonnull (row);
  list = gtk_widget_get_parent (row);
  /* Submissions 0–2 Ana alone, 6–8 Ben alone; Keep as is differs on 6. */
  g_assert_cmpuint (count_rows_titled (list, SURVEILLANCE), ==, 6);
  g_assert_cmpuint (count_rows_titled (list, KEEP), ==, 1);

  /* The first is submission 0's: Ana applied it, Ben did not. */
  gtk_widget_grab_focus (row);
  g_assert_true (press_shortcut (row, GDK_KEY_Return, 0));
  dialog = find_toplevel (INTAKE_TYPE_ADJUDICATION_DIALOG);
  if (dialog == NULL)
    g_error ("Return on a disagreement opened no dialog");
  g_assert_true (gtk_window_get_modal (dialog));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  /* A column per reviewer, the text in each. */
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, label_has_text, "Ana"));
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, label_has_text, "Did not apply the code"));

  reason = find_widget (GTK_WIDGET (dialog), GTK_TYPE_TEXT, NULL, NULL);
  g_assert_nonnull (reason);
  gtk_widget_grab_focus (reason);
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_ancestor (reason, GTK_TYPE_ENTRY)), "Ben read it right");
  /* Alt+2: the second reviewer's coding, Ben's. The dialog closes on it:
   * the entry is held until the key is done with. */
  g_object_ref (reason);
  g_assert_true (press_shortcut (reason, GDK_KEY_2, GDK_ALT_MASK));
  g_object_unref (reason);
  WAIT_UNTIL (find_toplevel (INTAKE_TYPE_ADJUDICATION_DIALOG) == NULL);

  decided = intake_store_get_adjudication (fixture->store, fixture->ids[0], surveillance, &error);
  g_assert_no_error (error);
  g_assert_nonnull (decided);
  g_assert_cmpint (decided->decision, ==, INTAKE_ADJUDICATION_REVIEWER);
  g_assert_cmpstr (decided->chosen_reviewer, ==, "Ben");
  g_assert_cmpstr (decided->reason, ==, "Ben read it right");
  g_assert_cmpstr (decided->coordinator, ==, "Chloé");
  g_assert_cmpuint (decided->spans->len, ==, 0);

  g_assert_nonnull (find_toast (GTK_WIDGET (window), "Adjudicated “Surveillance”"));
  /* Settled, it leaves the list once the window has measured again. */
  WAIT_UNTIL (!intake_agreement_window_get_busy (window) &&
              count_rows_titled (gtk_widget_get_parent (find_widget (GTK_WIDGET (window), ADW_TYPE_PREFERENCES_ROW,
                                                                     row_is_titled, SURVEILLANCE)),
                                 SURVEILLANCE) == 5);

  /* The toast's Undo takes it back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "agreement.undo", NULL));
  g_clear_pointer (&decided, intake_adjudication_free);
  decided = intake_store_get_adjudication (fixture->store, fixture->ids[0], surveillance, &error);
  g_assert_no_error (error);
  g_assert_null (decided);
  WAIT_UNTIL (!intake_agreement_window_get_busy (window) &&
              count_rows_titled (gtk_widget_get_parent (find_widget (GTK_WIDGET (window), ADW_TYPE_PREFERENCES_ROW,
                                                                     row_is_titled, SURVEILLANCE)),
                                 SURVEILLANCE) == 6);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  GtkWindow *window;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-agreement", NULL));
  window = find_toplevel (INTAKE_TYPE_AGREEMENT_WINDOW);
  g_assert_nonnull (window);
  /* Cancelled at once, before the worker is done. */
  g_assert_true (intake_agreement_window_get_busy (INTAKE_AGREEMENT_WINDOW (window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "agreement.cancel", NULL));
  WAIT_UNTIL (!intake_agreement_window_get_busy (INTAKE_AGREEMENT_WINDOW (window)));
  g_assert_nonnull (find_widget (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, status_page_has_title,
                                 "Measurement Cancelled"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "agreement.reload", NULL));
  WAIT_UNTIL (!intake_agreement_window_get_busy (INTAKE_AGREEMENT_WINDOW (window)));
  g_assert_nonnull (find_widget (GTK_WIDGET (window), GTK_TYPE_LIST_BOX, has_css_class, "agreement-table"));
  g_assert_nonnull (figures_row (INTAKE_AGREEMENT_WINDOW (window), SURVEILLANCE));
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv, UI_TEST_APP | UI_TEST_WIDE);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/agreement-ui/in-menu", test_in_menu);
  ADD ("/agreement-ui/low-figure-marked", test_low_figure_marked);
  ADD ("/agreement-ui/accept-one-with-keyboard", test_accept_one_with_keyboard);
  ADD ("/agreement-ui/cancel", test_cancel);

#undef ADD

  return ui_test_run ();
}
