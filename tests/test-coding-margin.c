/* The coding margin: a bar beside the lines of each coded excerpt, reached
 * and changed from the keyboard, every change through the project. */
#define G_LOG_DOMAIN "test-coding-margin"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "intake-code-picker.h"
#include "intake-coding-margin.h"
#include "intake-project.h"
#include "intake-store.h"
#include "intake-submission.h"
#include "ui-test-support.h"

/* Accents first: code point offsets and byte offsets differ. */
static const char mailbox[] =
  "From amara@example.org Mon Apr 19 10:00:00 2021\n"
  "From: Amara Okafor <amara@example.org>\n"
  "Subject: SRO feedback\n"
  "Date: Mon, 19 Apr 2021 10:00:00 -0600\n"
  "Message-ID: <amara-1@example.org>\n"
  "MIME-Version: 1.0\n"
  "Content-Type: text/plain; charset=utf-8\n"
  "Content-Transfer-Encoding: 8bit\n"
  "\n"
  "Les élèves know the officer at our school by name.\n"
  "That builds trust in police for many families.\n"
  "\n"
  "Cameras in the hallways feel like surveillance.\n"
  "\n"
  "Hire counsellors now and fund restorative justice later.\n";

#define TRUST        "Experiences/Trust in police"
#define MENTORSHIP   "Programme activities/Mentorship and relationships"
#define SURVEILLANCE "Equity lens/Surveillance"
#define COUNSELLORS  "Alternatives and recommendations/Counsellors, social workers, mental health"
#define RESTORATIVE  "Alternatives and recommendations/Restorative justice"
#define KEEP         "Stance on the programme/Keep as is"

typedef struct
{
  char               *dir;
  IntakeProject      *project;
  IntakeSubmission   *submission;
  GtkWindow          *window;
  GtkTextView        *text_view;
  IntakeCodingMargin *margin;
  GtkWidget          *after;   /* right of the text and its margin */

  /* In the margin's order, by start: */
  char               *mentorship;   /* line 1 */
  char               *trust;        /* lines 1–2, over mentorship */
  char               *surveillance; /* line 4 */
  char               *counsellors;  /* line 6, first half */
  char               *restorative;  /* line 6, second half: same line, other words */
} Fixture;

static const char *
guid_of (Fixture    *fixture,
         const char *path)
{
  IntakeCode *code = intake_codebook_find (intake_project_get_codebook (fixture->project), path);

  g_assert_nonnull (code);
  return intake_code_get_guid (code);
}

/* Code point offsets of @phrase (to its end, or to @until's end) in the text. */
static void
find_range (Fixture    *fixture,
            const char *phrase,
            const char *until,
            int        *start,
            int        *end)
{
  const char *text = intake_submission_get_text (fixture->submission);
  const char *at = strstr (text, phrase);
  const char *last;

  g_assert_nonnull (at);
  last = until ? strstr (at, until) : at;
  g_assert_nonnull (last);

  *start = (int) g_utf8_pointer_to_offset (text, at);
  *end = (int) g_utf8_pointer_to_offset (text, last + strlen (until ? until : phrase));
}

static char *
code (Fixture    *fixture,
      const char *code_path,
      const char *phrase,
      const char *until)
{
  g_autoptr(IntakeCoding) coding = NULL;
  g_autoptr(GError) error = NULL;
  int start = -1, end = -1;

  if (phrase != NULL)
    find_range (fixture, phrase, until, &start, &end);

  g_assert_true (intake_project_add_coding (fixture->project, intake_submission_get_id (fixture->submission),
                                            guid_of (fixture, code_path), start, end, &coding, &error));
  g_assert_no_error (error);
  return g_strdup (coding->guid);
}

static IntakeCoding *
find_coding (Fixture    *fixture,
             const char *coding_guid,
             const char *code_path)
{
  g_autoptr(GPtrArray) codings = NULL;
  g_autoptr(GError) error = NULL;

  codings = intake_store_list_codings (intake_project_get_store (fixture->project),
                                       intake_submission_get_id (fixture->submission), &error);
  g_assert_no_error (error);

  for (guint i = 0; i < codings->len; i++)
    {
      IntakeCoding *coding = g_ptr_array_index (codings, i);

      if ((coding_guid == NULL || g_strcmp0 (coding->guid, coding_guid) == 0) &&
          (code_path == NULL || g_strcmp0 (coding->code_guid, guid_of (fixture, code_path)) == 0))
        return intake_coding_copy (coding);
    }

  return NULL;
}

static IntakeCoding *
find_coding_at (Fixture    *fixture,
                const char *code_path,
                int         start)
{
  g_autoptr(GPtrArray) codings = NULL;

  codings = intake_store_list_codings (intake_project_get_store (fixture->project),
                                       intake_submission_get_id (fixture->submission), NULL);
  for (guint i = 0; i < codings->len; i++)
    {
      IntakeCoding *coding = g_ptr_array_index (codings, i);

      if (coding->start == start && g_strcmp0 (coding->code_guid, guid_of (fixture, code_path)) == 0)
        return intake_coding_copy (coding);
    }

  return NULL;
}

static guint
count_codings (Fixture *fixture)
{
  g_autoptr(GPtrArray) codings = NULL;

  codings = intake_store_list_codings (intake_project_get_store (fixture->project),
                                       intake_submission_get_id (fixture->submission), NULL);
  return codings->len;
}

static GtkWidget *
focus_widget (Fixture *fixture)
{
  return gtk_root_get_focus (GTK_ROOT (fixture->window));
}

static GtkWidget *
find_popover (Fixture *fixture)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (fixture->margin));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child) && !INTAKE_IS_CODE_PICKER (child))
      return child;

  return NULL;
}

static GtkWidget *
find_picker (Fixture *fixture)
{
  return find_widget (GTK_WIDGET (fixture->margin), INTAKE_TYPE_CODE_PICKER, NULL, NULL);
}

static int
bar_index (Fixture    *fixture,
           const char *coding_guid)
{
  for (guint i = 0; i < intake_coding_margin_get_n_bars (fixture->margin); i++)
    if (g_strcmp0 (intake_coding_margin_get_bar_coding (fixture->margin, i), coding_guid) == 0)
      return (int) i;

  return -1;
}

static gboolean
bars_placed (Fixture *fixture,
             guint    n_bars)
{
  graphene_rect_t last;

  if (intake_coding_margin_get_n_bars (fixture->margin) != n_bars)
    return FALSE;
  if (n_bars == 0)
    return TRUE;
  return gtk_widget_get_mapped (GTK_WIDGET (fixture->margin)) &&
         intake_coding_margin_get_bar_bounds (fixture->margin, n_bars - 1, &last) &&
         last.size.height > 0;
}

/* The margin has the focus, on the bar of @coding_guid. */
static gboolean
focus_on_bar (Fixture    *fixture,
              const char *coding_guid)
{
  int current = intake_coding_margin_get_current (fixture->margin);

  return focus_widget (fixture) == GTK_WIDGET (fixture->margin) &&
         g_strcmp0 (intake_coding_margin_get_bar_coding (fixture->margin, current), coding_guid) == 0;
}

/* What a screen reader says of the margin with the focus on bar @index. */
static void
assert_describes_bar (Fixture    *fixture,
                      guint       index,
                      const char *label)
{
  g_autofree char *description =
    g_strdup_printf ("Coded excerpt %u of %u, by Amina. Up and Down move between the excerpts, "
                     "Left and Right between those side by side; Return opens one",
                     index + 1, intake_coding_margin_get_n_bars (fixture->margin));

  g_assert_cmpint (intake_coding_margin_get_current (fixture->margin), ==, (int) index);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (fixture->margin), GTK_ACCESSIBLE_PROPERTY_LABEL, label);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (fixture->margin), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       description);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(IntakeImporter) importer = NULL;
  g_autoptr(IntakeImportSummary) summary = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *path = NULL;
  g_autofree char *mbox = NULL;
  GtkWidget *scrolled;
  GtkWidget *margin;
  GtkWidget *box, *before;

  fixture->dir = g_dir_make_tmp ("test-coding-margin-XXXXXX", &error);
  g_assert_no_error (error);

  path = g_build_filename (fixture->dir, "Consultation.intake", NULL);
  fixture->project = intake_project_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (intake_project_set_reviewer (fixture->project, "Amina", &error));
  g_assert_no_error (error);

  mbox = g_build_filename (fixture->dir, "inbox.mbox", NULL);
  g_assert_true (g_file_set_contents (mbox, mailbox, -1, NULL));
  file = g_file_new_for_path (mbox);
  importer = intake_importer_new (intake_project_get_store (fixture->project));
  summary = intake_importer_import_sync (importer, &file, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->imported, ==, 1);
  ids = intake_store_list_ids (intake_project_get_store (fixture->project), NULL);
  fixture->submission = intake_store_get_submission (intake_project_get_store (fixture->project),
                                                     g_array_index (ids, gint64, 0), &error);
  g_assert_no_error (error);

  fixture->mentorship = code (fixture, MENTORSHIP, "know the officer", "by name.");
  fixture->trust = code (fixture, TRUST, "Les élèves", "for many families.");
  fixture->surveillance = code (fixture, SURVEILLANCE, "Cameras in the hallways", "surveillance.");
  fixture->counsellors = code (fixture, COUNSELLORS, "Hire counsellors", NULL);
  fixture->restorative = code (fixture, RESTORATIVE, "restorative justice", NULL);
  /* A whole-submission code has no lines: not in the margin. */
  g_free (code (fixture, KEEP, NULL, NULL));

  /* As the reader has it: a text view that wraps, in a scrolled window. */
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1000, 500);
  fixture->text_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_editable (fixture->text_view, FALSE);
  gtk_text_view_set_wrap_mode (fixture->text_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (fixture->text_view, 18);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (fixture->text_view),
                            intake_submission_get_text (fixture->submission), -1);
  margin = intake_coding_margin_new (fixture->text_view);
  fixture->margin = INTAKE_CODING_MARGIN (margin);
  gtk_text_view_set_gutter (fixture->text_view, GTK_TEXT_WINDOW_RIGHT, margin);
  intake_coding_margin_set_project (fixture->margin, fixture->project);
  intake_coding_margin_set_submission (fixture->margin, fixture->submission);

  scrolled = gtk_scrolled_window_new ();
  gtk_widget_set_hexpand (scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (fixture->text_view));
  /* Something to either side, as the list and the codes are in the window. */
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  before = gtk_button_new_with_label ("Before");
  fixture->after = gtk_button_new_with_label ("After");
  gtk_box_append (GTK_BOX (box), before);
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_box_append (GTK_BOX (box), fixture->after);
  gtk_window_set_child (fixture->window, box);
  g_object_ref (fixture->window);
  gtk_window_present (fixture->window);
  WAIT_UNTIL (bars_placed (fixture, 5));
  iterate_for (50);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  destroy_toplevels ();
  iterate_for (50);

  g_assert_finalize_object (fixture->window);
  g_clear_object (&fixture->submission);
  g_assert_finalize_object (fixture->project);

  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->mentorship);
  g_free (fixture->trust);
  g_free (fixture->surveillance);
  g_free (fixture->counsellors);
  g_free (fixture->restorative);
}

/* The bar's top and bottom in the text view. */
static void
bar_extent (Fixture *fixture,
            int      index,
            double  *top,
            double  *bottom)
{
  graphene_rect_t bounds;
  graphene_point_t origin;

  g_assert_true (intake_coding_margin_get_bar_bounds (fixture->margin, index, &bounds));
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (fixture->margin), GTK_WIDGET (fixture->text_view),
                                           &bounds.origin, &origin));
  *top = origin.y;
  *bottom = origin.y + bounds.size.height;
}

/* Where a line of the text is, in the text view. */
static int
line_top (Fixture    *fixture,
          const char *phrase)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (fixture->text_view);
  GtkTextIter iter;
  GdkRectangle rect;
  int start, end, x, y;

  find_range (fixture, phrase, NULL, &start, &end);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, start);
  gtk_text_view_get_iter_location (fixture->text_view, &iter, &rect);
  gtk_text_view_buffer_to_window_coords (fixture->text_view, GTK_TEXT_WINDOW_WIDGET, rect.x, rect.y, &x, &y);
  return y;
}

static void
test_margin_bars_and_columns (Fixture       *fixture,
                              gconstpointer  data)
{
  IntakeCodingMargin *margin = fixture->margin;
  int trust = bar_index (fixture, fixture->trust);
  int mentorship = bar_index (fixture, fixture->mentorship);
  int surveillance = bar_index (fixture, fixture->surveillance);
  int counsellors = bar_index (fixture, fixture->counsellors);
  int restorative = bar_index (fixture, fixture->restorative);
  double top, bottom, other_top, other_bottom;

  /* Five excerpts, the whole-submission code left out. */
  g_assert_cmpuint (intake_coding_margin_get_n_bars (margin), ==, 5);
  g_assert_cmpint (trust, ==, 0);
  g_assert_cmpint (mentorship, ==, 1);
  g_assert_cmpint (surveillance, ==, 2);
  g_assert_cmpint (counsellors, ==, 3);
  g_assert_cmpint (restorative, ==, 4);

  /* Overlapping words stand side by side, and so do two excerpts of one
   * line; the rest go back to the first column. */
  /* The text view lays out its lines in idles: the margin follows them. */
  WAIT_UNTIL (intake_coding_margin_get_n_columns (margin) == 2);
  g_assert_cmpuint (intake_coding_margin_get_bar_column (margin, trust), ==, 0);
  g_assert_cmpuint (intake_coding_margin_get_bar_column (margin, mentorship), ==, 1);
  g_assert_cmpuint (intake_coding_margin_get_bar_column (margin, surveillance), ==, 0);
  g_assert_cmpuint (intake_coding_margin_get_bar_column (margin, counsellors), ==, 0);
  g_assert_cmpuint (intake_coding_margin_get_bar_column (margin, restorative), ==, 1);

  /* Each bar beside its lines: Trust spans two, Mentorship one. */
  bar_extent (fixture, trust, &top, &bottom);
  g_assert_cmpfloat (ABS (top - line_top (fixture, "Les élèves")), <=, 2);
  g_assert_cmpfloat (ABS (bottom - line_top (fixture, "Cameras")), >, 2);
  bar_extent (fixture, mentorship, &other_top, &other_bottom);
  g_assert_cmpfloat (ABS (other_top - top), <=, 1);
  g_assert_cmpfloat (other_bottom, <, bottom);
  g_assert_cmpfloat (bottom, <=, line_top (fixture, "Cameras"));

  bar_extent (fixture, surveillance, &top, &bottom);
  g_assert_cmpfloat (ABS (top - line_top (fixture, "Cameras")), <=, 2);
  bar_extent (fixture, counsellors, &other_top, &other_bottom);
  g_assert_cmpfloat (other_top, >=, bottom);

  /* The bars are drawn, not widgets of their own: the margin is a button
   * that speaks for its current bar, every bar in turn as the arrows go. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (margin));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    g_assert_true (GTK_IS_POPOVER (child));
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (margin), GTK_ACCESSIBLE_ROLE_BUTTON);
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (margin)));
  assert_describes_bar (fixture, trust, "Trust in police: “Les élèves know the officer at…”");
  g_assert_true (press_shortcut (focus_widget (fixture), GDK_KEY_Down, 0));
  g_assert_true (press_shortcut (focus_widget (fixture), GDK_KEY_Down, 0));
  assert_describes_bar (fixture, surveillance, "Surveillance: “Cameras in the hallways feel like…”");
  g_assert_true (press_shortcut (focus_widget (fixture), GDK_KEY_End, 0));
  assert_describes_bar (fixture, restorative, "Restorative justice: “restorative justice”");

  /* With no excerpt, nothing to stop at: the margin goes by its own name. */
  intake_coding_margin_set_submission (margin, NULL);
  g_assert_false (gtk_widget_get_focusable (GTK_WIDGET (margin)));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (margin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Coded excerpts");
}

static void
test_margin_one_focus_stop (Fixture       *fixture,
                            gconstpointer  data)
{
  IntakeCodingMargin *margin = fixture->margin;

  /* The margin itself takes the focus, one stop for every bar. */
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (margin)));
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (margin)));
  g_assert_true (focus_widget (fixture) == GTK_WIDGET (margin));
  g_assert_cmpint (intake_coding_margin_get_current (margin), ==, 0);

  g_assert_true (press_shortcut (focus_widget (fixture), GDK_KEY_Down, 0));
  g_assert_true (press_shortcut (focus_widget (fixture), GDK_KEY_Down, 0));
  g_assert_cmpint (intake_coding_margin_get_current (margin), ==, 2);
  g_assert_true (press_shortcut (focus_widget (fixture), GDK_KEY_Up, 0));
  g_assert_cmpint (intake_coding_margin_get_current (margin), ==, 1);
  g_assert_true (press_shortcut (focus_widget (fixture), GDK_KEY_End, 0));
  g_assert_cmpint (intake_coding_margin_get_current (margin), ==, 4);
  /* Past the last: a bell, and the arrows stay. */
  g_assert_true (press_shortcut (focus_widget (fixture), GDK_KEY_Down, 0));
  g_assert_cmpint (intake_coding_margin_get_current (margin), ==, 4);
  g_assert_true (press_shortcut (focus_widget (fixture), GDK_KEY_Home, 0));
  g_assert_cmpint (intake_coding_margin_get_current (margin), ==, 0);
  g_assert_true (focus_widget (fixture) == GTK_WIDGET (margin));
}

/* Tab from the text reaches the margin, on the bar it was last on; Return
 * opens that bar's excerpt, its popover pointing at the bar. */
static void
test_margin_tab_and_return (Fixture       *fixture,
                            gconstpointer  data)
{
  IntakeCodingMargin *margin = fixture->margin;
  GtkWidget *popover = find_popover (fixture);
  int surveillance = bar_index (fixture, fixture->surveillance);
  graphene_rect_t bounds;
  GdkRectangle pointing;

  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (margin)));
  g_assert_true (press_shortcut (focus_widget (fixture), GDK_KEY_Down, 0));
  g_assert_true (press_shortcut (focus_widget (fixture), GDK_KEY_Down, 0));
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (fixture->text_view)));

  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD));
  g_assert_true (focus_on_bar (fixture, fixture->surveillance));

  g_assert_true (press_shortcut (focus_widget (fixture), GDK_KEY_Return, 0));
  WAIT_UNTIL (gtk_widget_get_mapped (popover));
  g_assert_true (gtk_popover_get_pointing_to (GTK_POPOVER (popover), &pointing));
  g_assert_true (intake_coding_margin_get_bar_bounds (margin, surveillance, &bounds));
  g_assert_cmpint (pointing.x, ==, (int) bounds.origin.x);
  g_assert_cmpint (pointing.y, ==, (int) bounds.origin.y);

  /* Escape goes back to the bar, for the next arrow. */
  g_assert_true (press_shortcut (focus_widget (fixture), GDK_KEY_Escape, 0));
  WAIT_UNTIL (!gtk_widget_get_mapped (popover));
  g_assert_true (focus_on_bar (fixture, fixture->surveillance));
}

/* Where the text's cursor is. */
static int
cursor_offset (Fixture *fixture)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (fixture->text_view);
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  return gtk_text_iter_get_offset (&iter);
}

/* With no bar that way, an arrow takes the focus out of the margin to the
 * widget that way, as arrows do between widgets: Left to the text, Right
 * to what is beside the margin. The text's cursor stays where it was. */
static void
assert_arrow_leaves_margin (Fixture *fixture,
                            guint    keyval)
{
  int from = intake_coding_margin_get_current (fixture->margin);
  int cursor = cursor_offset (fixture);

  g_assert_true (focus_widget (fixture) == GTK_WIDGET (fixture->margin));
  g_assert_true (press_shortcut (focus_widget (fixture), keyval, 0));
  g_assert_true (focus_widget (fixture) ==
                 (keyval == GDK_KEY_Left ? GTK_WIDGET (fixture->text_view) : fixture->after));
  g_assert_cmpint (cursor_offset (fixture), ==, cursor);

  /* Back to the margin: on the bar it left. */
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (fixture->margin)));
  g_assert_true (focus_widget (fixture) == GTK_WIDGET (fixture->margin));
  g_assert_cmpint (intake_coding_margin_get_current (fixture->margin), ==, from);
}

/* Up and Down go through the excerpts in the text's order; Left and Right
 * between the bars side by side on the same lines, and nowhere else. */
static void
test_margin_left_right (Fixture       *fixture,
                        gconstpointer  data)
{
  IntakeCodingMargin *margin = fixture->margin;
  const char *trust = fixture->trust;
  const char *mentorship = fixture->mentorship;
  const char *surveillance = fixture->surveillance;
  const char *counsellors = fixture->counsellors;
  const char *restorative = fixture->restorative;

  WAIT_UNTIL (intake_coding_margin_get_n_columns (margin) == 2);
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (margin)));
  g_assert_true (focus_on_bar (fixture, trust));

  /* Trust spans two lines, Mentorship beside it on the first. */
  g_assert_true (press_shortcut (focus_widget (fixture), GDK_KEY_Right, 0));
  g_assert_true (focus_on_bar (fixture, mentorship));
  g_assert_true (press_shortcut (focus_widget (fixture), GDK_KEY_KP_Left, 0));
  g_assert_true (focus_on_bar (fixture, trust));

  /* Nothing further that way. */
  assert_arrow_leaves_margin (fixture, GDK_KEY_Left);
  g_assert_true (press_shortcut (focus_widget (fixture), GDK_KEY_Right, 0));
  g_assert_true (focus_on_bar (fixture, mentorship));
  assert_arrow_leaves_margin (fixture, GDK_KEY_Right);

  /* Down goes on in the text's order, not across to a column. */
  g_assert_true (press_shortcut (focus_widget (fixture), GDK_KEY_Down, 0));
  g_assert_true (focus_on_bar (fixture, surveillance));
  /* Alone on its line. */
  assert_arrow_leaves_margin (fixture, GDK_KEY_Left);
  assert_arrow_leaves_margin (fixture, GDK_KEY_Right);

  /* Tab leaves the margin too, from whichever bar. */
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD));
  g_assert_true (focus_widget (fixture) == fixture->after);
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (margin)));
  g_assert_true (focus_on_bar (fixture, surveillance));

  /* Two excerpts of one line, side by side. */
  g_assert_true (press_shortcut (focus_widget (fixture), GDK_KEY_Down, 0));
  g_assert_true (focus_on_bar (fixture, counsellors));
  g_assert_true (press_shortcut (focus_widget (fixture), GDK_KEY_Right, 0));
  g_assert_true (focus_on_bar (fixture, restorative));
  g_assert_true (press_shortcut (focus_widget (fixture), GDK_KEY_Left, 0));
  g_assert_true (focus_on_bar (fixture, counsellors));
  g_assert_true (press_shortcut (focus_widget (fixture), GDK_KEY_Up, 0));
  g_assert_true (focus_on_bar (fixture, surveillance));
}

/* A change that leaves the codings be, as a status, keeps the bars and the
 * focus on one: the reviewer goes on with the arrows. */
static void
test_margin_keeps_focus (Fixture       *fixture,
                         gconstpointer  data)
{
  IntakeCodingMargin *margin = fixture->margin;
  g_autoptr(GError) error = NULL;

  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (margin)));
  g_assert_true (press_shortcut (focus_widget (fixture), GDK_KEY_Down, 0));
  g_assert_cmpint (intake_coding_margin_get_current (margin), ==, 1);
  g_assert_true (focus_on_bar (fixture, fixture->mentorship));

  g_assert_true (intake_project_set_status (fixture->project, intake_submission_get_id (fixture->submission),
                                            INTAKE_STATUS_IN_PROGRESS, &error));
  g_assert_no_error (error);
  iterate_for (50);
  g_assert_cmpint (intake_coding_margin_get_current (margin), ==, 1);
  g_assert_true (focus_on_bar (fixture, fixture->mentorship));

  /* A coding added elsewhere rebuilds them; the focus stays on its coding. */
  g_free (code (fixture, SURVEILLANCE, "Les élèves", NULL));
  WAIT_UNTIL (bars_placed (fixture, 6));
  g_assert_cmpstr (intake_coding_margin_get_bar_coding (margin, intake_coding_margin_get_current (margin)),
                   ==, fixture->mentorship);
  /* The focus stays in the margin, on the same excerpt. */
  g_assert_true (focus_on_bar (fixture, fixture->mentorship));
}

/* Down to Surveillance, Return, Delete: gone from the store; undo brings it back. */
static void
test_margin_delete_and_undo (Fixture       *fixture,
                             gconstpointer  data)
{
  IntakeCodingMargin *margin = fixture->margin;
  g_autoptr(IntakeCoding) gone = NULL;
  g_autoptr(IntakeCoding) back = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *popover = find_popover (fixture);
  guint n_codings = count_codings (fixture);

  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (margin)));
  g_assert_true (press_shortcut (focus_widget (fixture), GDK_KEY_Down, 0));
  g_assert_true (press_shortcut (focus_widget (fixture), GDK_KEY_Down, 0));
  g_assert_cmpstr (intake_coding_margin_get_bar_coding (margin, intake_coding_margin_get_current (margin)),
                   ==, fixture->surveillance);

  g_assert_true (press_shortcut (focus_widget (fixture), GDK_KEY_Return, 0));
  WAIT_UNTIL (gtk_widget_get_mapped (popover));
  /* The excerpt's one code, with the focus on it. */
  g_assert_true (gtk_widget_is_ancestor (focus_widget (fixture), popover));
  g_assert_nonnull (find_widget (popover, GTK_TYPE_LABEL, NULL, NULL));

  g_assert_true (press_shortcut (focus_widget (fixture), GDK_KEY_Delete, 0));
  gone = find_coding (fixture, fixture->surveillance, NULL);
  g_assert_null (gone);
  g_assert_cmpuint (count_codings (fixture), ==, n_codings - 1);
  WAIT_UNTIL (bars_placed (fixture, 4));
  g_assert_cmpint (bar_index (fixture, fixture->surveillance), ==, -1);
  /* The arrows go on from the next excerpt. */
  WAIT_UNTIL (!gtk_widget_get_mapped (popover));
  g_assert_cmpstr (intake_coding_margin_get_bar_coding (margin, intake_coding_margin_get_current (margin)),
                   ==, fixture->counsellors);

  g_assert_true (intake_project_undo (fixture->project, &error));
  g_assert_no_error (error);
  back = find_coding (fixture, fixture->surveillance, SURVEILLANCE);
  g_assert_nonnull (back);
  WAIT_UNTIL (bars_placed (fixture, 5));
  g_assert_cmpint (bar_index (fixture, fixture->surveillance), ==, 2);
}

/* Return on the code in the popover opens the picker; what it picks
 * replaces the code on the same words. */
static void
test_margin_change_code_and_undo (Fixture       *fixture,
                                  gconstpointer  data)
{
  IntakeCodingMargin *margin = fixture->margin;
  g_autoptr(IntakeCoding) old_coding = find_coding (fixture, fixture->counsellors, NULL);
  g_autoptr(IntakeCoding) recoded = NULL;
  g_autoptr(IntakeCoding) still = NULL;
  g_autoptr(IntakeCoding) back = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *popover = find_popover (fixture);
  GtkWidget *picker = find_picker (fixture);
  GtkWidget *row;
  GtkWidget *entry;
  guint n_codings = count_codings (fixture);
  int index;

  g_assert_nonnull (old_coding);
  g_assert_nonnull (picker);

  index = bar_index (fixture, fixture->counsellors);
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (margin)));
  while (intake_coding_margin_get_current (margin) < index)
    g_assert_true (press_shortcut (focus_widget (fixture), GDK_KEY_Down, 0));
  g_assert_true (press_shortcut (focus_widget (fixture), GDK_KEY_space, 0));
  WAIT_UNTIL (gtk_widget_get_mapped (popover));

  row = gtk_widget_get_ancestor (focus_widget (fixture), GTK_TYPE_LIST_BOX_ROW);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_activate (row));
  WAIT_UNTIL (gtk_widget_get_mapped (picker));

  entry = find_widget (picker, GTK_TYPE_SEARCH_ENTRY, NULL, NULL);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "Mentorship");
  iterate_for (50);
  g_signal_emit_by_name (entry, "activate");

  /* The same words, the new code; the old coding is gone. */
  recoded = find_coding_at (fixture, MENTORSHIP, old_coding->start);
  g_assert_nonnull (recoded);
  g_assert_cmpint (recoded->end, ==, old_coding->end);
  still = find_coding (fixture, fixture->counsellors, NULL);
  g_assert_null (still);
  g_assert_cmpuint (count_codings (fixture), ==, n_codings);
  WAIT_UNTIL (bars_placed (fixture, 5) && bar_index (fixture, recoded->guid) >= 0);

  /* One step, named after the new code. */
  g_assert_cmpstr (intake_project_get_undo_label (fixture->project), ==,
                   "Coding “Mentorship and relationships”");

  /* One undo brings the old code back and takes the new one away. */
  g_assert_true (intake_project_undo (fixture->project, &error));
  g_assert_no_error (error);
  back = find_coding (fixture, fixture->counsellors, COUNSELLORS);
  g_assert_nonnull (back);
  g_assert_cmpint (back->start, ==, old_coding->start);
  g_assert_cmpint (back->end, ==, old_coding->end);
  g_assert_cmpstr (back->reviewer, ==, old_coding->reviewer);
  g_clear_pointer (&still, intake_coding_free);
  still = find_coding (fixture, recoded->guid, NULL);
  g_assert_null (still);
  g_assert_cmpuint (count_codings (fixture), ==, n_codings);
  WAIT_UNTIL (bars_placed (fixture, 5) && bar_index (fixture, fixture->counsellors) >= 0 &&
              bar_index (fixture, recoded->guid) < 0);
  /* What undo would take next is the setup's last excerpt, not half of the change. */
  g_assert_cmpstr (intake_project_get_undo_label (fixture->project), ==, "Coding “Keep as is”");

  /* And one redo gives the excerpt its new code again. */
  g_assert_true (intake_project_redo (fixture->project, &error));
  g_assert_no_error (error);
  g_clear_pointer (&still, intake_coding_free);
  still = find_coding (fixture, fixture->counsellors, NULL);
  g_assert_null (still);
  g_clear_pointer (&back, intake_coding_free);
  back = find_coding (fixture, recoded->guid, MENTORSHIP);
  g_assert_nonnull (back);
  g_assert_cmpuint (count_codings (fixture), ==, n_codings);
  WAIT_UNTIL (bars_placed (fixture, 5) && bar_index (fixture, recoded->guid) >= 0 &&
              bar_index (fixture, fixture->counsellors) < 0);
}

/* A coding added through the project shows at once, in its colour. */
static void
test_margin_follows_project (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *added = code (fixture, TRUST, "Cameras", NULL);

  WAIT_UNTIL (bars_placed (fixture, 6));
  /* It overlaps Surveillance, which started first. */
  g_assert_cmpuint (intake_coding_margin_get_bar_column (fixture->margin, bar_index (fixture, added)), ==, 1);

  /* No excerpt left under the focus: it goes back to the text. */
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (fixture->margin)));
  intake_coding_margin_set_submission (fixture->margin, NULL);
  g_assert_cmpuint (intake_coding_margin_get_n_bars (fixture->margin), ==, 0);
  g_assert_true (focus_widget (fixture) == GTK_WIDGET (fixture->text_view));
  g_assert_false (gtk_widget_get_focusable (GTK_WIDGET (fixture->margin)));
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv, UI_TEST_NONE);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/coding-margin/bars-and-columns", test_margin_bars_and_columns);
  ADD ("/coding-margin/one-focus-stop", test_margin_one_focus_stop);
  ADD ("/coding-margin/tab-and-return", test_margin_tab_and_return);
  ADD ("/coding-margin/left-right", test_margin_left_right);
  ADD ("/coding-margin/keeps-focus", test_margin_keeps_focus);
  ADD ("/coding-margin/delete-and-undo", test_margin_delete_and_undo);
  ADD ("/coding-margin/change-code-and-undo", test_margin_change_code_and_undo);
  ADD ("/coding-margin/follows-project", test_margin_follows_project);

#undef ADD

  return ui_test_run ();
}
