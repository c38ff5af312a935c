/* The code panel and the code picker as a reviewer who codes all day uses
 * them: codes on the number keys from the first minute, a pin set or
 * cleared with one key, and marks that say what this submission has. */
#define G_LOG_DOMAIN "test-code-panel-ui"

#include "config.h"

#include <adwaita.h>

#include "intake-application.h"
#include "intake-code-panel.h"
#include "intake-code-picker.h"
#include "intake-code-picker-row.h"
#include "intake-pinned-codes.h"
#include "intake-project.h"
#include "intake-reader.h"
#include "intake-store.h"
#include "intake-submission.h"
#include "intake-window.h"
#include "ui-test-support.h"

#define FIRST_SUBJECT "Not trusted"

static const char mailbox[] =
  "From claire@example.org Mon Apr 19 10:00:00 2021\n"
  "From: Claire Belanger <claire@example.org>\n"
  "Subject: " FIRST_SUBJECT "\n"
  "Date: Mon, 19 Apr 2021 10:00:00 -0600\n"
  "Message-ID: <claire-1@example.org>\n"
  "MIME-Version: 1.0\n"
  "Content-Type: text/plain; charset=utf-8\n"
  "\n"
  "The students do not trust the officer. They have no trust in the police.\n"
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

typedef struct
{
  char          *dir;
  IntakeProject *project;
  IntakeStore   *store;
  IntakeWindow  *window;
  char          *trust_guid;
} Fixture;

/* Looking at the window */

static IntakeCodePanel *
get_panel (Fixture *fixture)
{
  GtkWidget *panel = find_widget (GTK_WIDGET (fixture->window), INTAKE_TYPE_CODE_PANEL, NULL, NULL);

  g_assert_nonnull (panel);
  return INTAKE_CODE_PANEL (panel);
}

static IntakeCodebook *
get_codebook (Fixture *fixture)
{
  return intake_project_get_codebook (fixture->project);
}

static const char *
guid_of (Fixture    *fixture,
         const char *path)
{
  IntakeCode *code = intake_codebook_find (get_codebook (fixture), path);

  g_assert_nonnull (code);
  return intake_code_get_guid (code);
}

/* The codable codes of the codebook, in its order. */
static GPtrArray *
codable_guids (Fixture *fixture)
{
  IntakeCodebook *codebook = get_codebook (fixture);
  GPtrArray *guids = g_ptr_array_new ();

  for (guint i = 0; i < intake_codebook_get_n_codes (codebook); i++)
    {
      IntakeCode *code = intake_codebook_get_code (codebook, i);

      if (intake_code_get_is_codable (code))
        g_ptr_array_add (guids, (gpointer) intake_code_get_guid (code));
    }

  return guids;
}

static GStrv
stored_pins (void)
{
  return g_settings_get_strv (settings, "pinned-codes");
}

static guint
pin_key_of (Fixture    *fixture,
            const char *guid)
{
  return intake_pinned_codes_key_of (settings, get_codebook (fixture), guid);
}

/* The label the panel's pin of @guid shows: its key, or none. */
static const char *
pin_button_label (Fixture    *fixture,
                  const char *guid)
{
  GtkToggleButton *pin = intake_code_panel_get_pin_button (get_panel (fixture), guid);

  g_assert_nonnull (pin);
  return gtk_button_get_label (GTK_BUTTON (pin));
}

/* Selects the @nth occurrence (from 0) of @word in the reader. */
static void
select_nth_word (Fixture    *fixture,
                 const char *word,
                 guint       nth)
{
  GtkTextBuffer *buffer = reader_buffer (fixture->window);
  GtkTextIter start, end, match_start, match_end;

  gtk_text_buffer_get_start_iter (buffer, &start);
  for (guint i = 0; i <= nth; i++)
    {
      g_assert_true (gtk_text_iter_forward_search (&start, word, 0, &match_start, &match_end, NULL));
      start = match_end;
    }
  end = match_end;
  gtk_text_buffer_select_range (buffer, &match_start, &end);
}

/* P on the panel's row of @guid. */
static gboolean
press_p_on_panel_row (Fixture    *fixture,
                      const char *guid)
{
  GtkWidget *row = intake_code_panel_get_row (get_panel (fixture), guid);

  g_assert_nonnull (row);
  gtk_widget_grab_focus (row);
  g_assert_true (gtk_widget_has_focus (row));
  return press_shortcut (row, GDK_KEY_p, 0);
}

static IntakeCodePicker *
open_picker (Fixture *fixture)
{
  GtkWidget *picker;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.pick-code", NULL));
  picker = find_widget (GTK_WIDGET (fixture->window), INTAKE_TYPE_CODE_PICKER, NULL, NULL);
  g_assert_nonnull (picker);
  WAIT_UNTIL (gtk_widget_get_mapped (picker));
  return INTAKE_CODE_PICKER (picker);
}

static gboolean
row_has_guid (GtkWidget     *widget,
              gconstpointer  guid)
{
  return g_strcmp0 (intake_code_picker_row_get_code_guid (INTAKE_CODE_PICKER_ROW (widget)), guid) == 0;
}

static IntakeCodePickerRow *
picker_row (IntakeCodePicker *picker,
            const char       *guid)
{
  GtkWidget *row = find_widget (GTK_WIDGET (picker), INTAKE_TYPE_CODE_PICKER_ROW, row_has_guid, guid);

  g_assert_nonnull (row);
  return INTAKE_CODE_PICKER_ROW (row);
}

/* Fixture */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  /* A fresh install: the reviewer never touched a pin. */
  g_settings_reset (settings, "pinned-codes");

  fixture->project = open_temporary_project ("test-code-panel-ui-XXXXXX", &fixture->dir, &fixture->store);
  fixture->trust_guid = g_strdup (guid_of (fixture, "Experiences/Trust in police"));
  fixture->window = open_window (app, fixture->project);
  import_and_wait (fixture->window, fixture->dir, "inbox.mbox", mailbox);
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
  g_free (fixture->trust_guid);
}

/* Tests */

static void
test_fresh_install_pins_stance_then_codebook (Fixture       *fixture,
                                              gconstpointer  data)
{
  g_autoptr(GPtrArray) codable = codable_guids (fixture);
  const char *stance[] = {
    "Stance on the programme/Keep as is",
    "Stance on the programme/Keep with changes",
    "Stance on the programme/Remove or replace",
    "Stance on the programme/Unclear or mixed",
  };
  g_auto(GStrv) pinned = intake_pinned_codes_get (settings, get_codebook (fixture));
  GtkToggleButton *pin;

  g_assert_cmpuint (codable->len, >, INTAKE_MAX_PINNED_CODES);

  /* The stance's values on 1 to 4, then the next codes down the panel. */
  for (guint i = 0; i < G_N_ELEMENTS (stance); i++)
    g_assert_cmpstr (pinned[i], ==, guid_of (fixture, stance[i]));
  g_assert_cmpstr (pinned[4], ==, guid_of (fixture, "Programme activities/Mentorship and relationships"));
  for (guint i = 0; i < INTAKE_MAX_PINNED_CODES; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", i + 1);

      g_assert_cmpstr (pinned[i], ==, g_ptr_array_index (codable, i));
      g_assert_cmpuint (pin_key_of (fixture, pinned[i]), ==, i + 1);
      g_assert_cmpstr (pin_button_label (fixture, pinned[i]), ==, number);
      g_assert_true (gtk_toggle_button_get_active (intake_code_panel_get_pin_button (get_panel (fixture), pinned[i])));
    }

  /* The tenth is not, and says so. */
  pin = intake_code_panel_get_pin_button (get_panel (fixture), g_ptr_array_index (codable, 9));
  g_assert_false (gtk_toggle_button_get_active (pin));
  g_assert_null (gtk_button_get_label (GTK_BUTTON (pin)));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (intake_code_panel_get_pin_button (get_panel (fixture), pinned[0])),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Keep as is, pinned to 1");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (intake_code_panel_get_check (get_panel (fixture), pinned[0])),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Keep as is, pinned to 1");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (intake_code_panel_get_pin_button (get_panel (fixture), fixture->trust_guid)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Trust in police, not pinned");
}

/* The number keys of a fresh install code at once. */
static void
test_fresh_install_number_keys_code (Fixture       *fixture,
                                     gconstpointer  data)
{
  const char *keep_as_is = guid_of (fixture, "Stance on the programme/Keep as is");
  const char *keep_changes = guid_of (fixture, "Stance on the programme/Keep with changes");
  g_autoptr(GPtrArray) codings = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = select_subject (fixture->window, FIRST_SUBJECT);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.apply-pinned", "i", 1));
  iterate_for (50);
  codings = intake_store_list_codings (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (codings->len, ==, 1);
  g_assert_cmpstr (((IntakeCoding *) g_ptr_array_index (codings, 0))->code_guid, ==, keep_as_is);
  g_clear_pointer (&codings, g_ptr_array_unref);

  /* A key left free codes nothing, and says so. */
  g_assert_true (press_p_on_panel_row (fixture, keep_changes));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.apply-pinned", "i", 2));
  WAIT_UNTIL (find_toast (GTK_WIDGET (fixture->window), "No code is pinned to 2") != NULL);
  codings = intake_store_list_codings (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (codings->len, ==, 1);
}

static void
test_panel_key_pins_and_unpins (Fixture       *fixture,
                                gconstpointer  data)
{
  const char *keep_changes = guid_of (fixture, "Stance on the programme/Keep with changes");
  const char *remove = guid_of (fixture, "Stance on the programme/Remove or replace");
  const char *surveillance = guid_of (fixture, "Equity lens/Surveillance");
  g_auto(GStrv) after_unpin = NULL;
  g_auto(GStrv) after_pin = NULL;
  g_auto(GStrv) after_refused = NULL;

  /* P unpins key 2; key 3 keeps its code. */
  g_assert_true (press_p_on_panel_row (fixture, keep_changes));
  after_unpin = stored_pins ();
  g_assert_cmpuint (g_strv_length (after_unpin), ==, INTAKE_MAX_PINNED_CODES);
  g_assert_cmpstr (after_unpin[1], ==, "");
  g_assert_cmpstr (after_unpin[2], ==, remove);
  g_assert_cmpuint (pin_key_of (fixture, keep_changes), ==, 0);
  g_assert_cmpuint (pin_key_of (fixture, remove), ==, 3);
  g_assert_null (pin_button_label (fixture, keep_changes));

  /* P on another code gives it the free key, and the row shows it. */
  g_assert_true (press_p_on_panel_row (fixture, fixture->trust_guid));
  after_pin = stored_pins ();
  g_assert_cmpstr (after_pin[1], ==, fixture->trust_guid);
  g_assert_cmpuint (pin_key_of (fixture, fixture->trust_guid), ==, 2);
  g_assert_cmpstr (pin_button_label (fixture, fixture->trust_guid), ==, "2");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (intake_code_panel_get_pin_button (get_panel (fixture), fixture->trust_guid)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Trust in police, pinned to 2");

  /* Nine keys taken: a tenth pin changes nothing. */
  press_p_on_panel_row (fixture, surveillance);
  after_refused = stored_pins ();
  g_assert_true (g_strv_equal ((const char * const *) after_refused, (const char * const *) after_pin));
  g_assert_cmpuint (pin_key_of (fixture, surveillance), ==, 0);
  g_assert_false (gtk_toggle_button_get_active (intake_code_panel_get_pin_button (get_panel (fixture), surveillance)));

  /* The pin button does the same with a click. */
  g_signal_emit_by_name (intake_code_panel_get_pin_button (get_panel (fixture), fixture->trust_guid), "clicked");
  g_assert_cmpuint (pin_key_of (fixture, fixture->trust_guid), ==, 0);
}

static void
test_unpinning_everything_keeps_nothing (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_auto(GStrv) defaults = intake_pinned_codes_get (settings, get_codebook (fixture));
  g_auto(GStrv) stored = NULL;
  g_auto(GStrv) pinned = NULL;

  for (guint i = 0; i < INTAKE_MAX_PINNED_CODES; i++)
    g_assert_true (press_p_on_panel_row (fixture, defaults[i]));

  stored = stored_pins ();
  g_assert_cmpuint (g_strv_length (stored), ==, 0);

  /* Not the default again, even with the codebook read anew. */
  intake_code_panel_set_project (get_panel (fixture), NULL);
  intake_code_panel_set_project (get_panel (fixture), fixture->project);
  pinned = intake_pinned_codes_get (settings, get_codebook (fixture));
  for (guint i = 0; i < INTAKE_MAX_PINNED_CODES; i++)
    g_assert_cmpstr (pinned[i], ==, "");
  g_assert_null (pin_button_label (fixture, defaults[0]));
}

static void
test_picker_key_pins_and_unpins (Fixture       *fixture,
                                 gconstpointer  data)
{
  const char *keep = guid_of (fixture, "Stance on the programme/Keep as is");
  IntakeCodePicker *picker;
  IntakeCodePickerRow *row;
  GtkWidget *entry;

  select_subject (fixture->window, "Not trusted");
  picker = open_picker (fixture);

  /* The rows show their keys. */
  g_assert_cmpuint (intake_code_picker_row_get_pin_key (picker_row (picker, keep)), ==, 1);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (intake_code_picker_row_get_pin_button (picker_row (picker, keep)))), ==, "1");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (picker_row (picker, keep)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Stance on the programme/Keep as is, pinned to 1");

  /* In the filter, P is typing. */
  entry = find_widget (GTK_WIDGET (picker), GTK_TYPE_SEARCH_ENTRY, NULL, NULL);
  g_assert_nonnull (entry);
  g_assert_false (press_shortcut (gtk_root_get_focus (gtk_widget_get_root (entry)), GDK_KEY_p, 0));

  /* On a code, P unpins it, and pins it again to the key it freed. */
  row = picker_row (picker, keep);
  gtk_widget_grab_focus (GTK_WIDGET (row));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (row)));
  g_assert_true (press_shortcut (GTK_WIDGET (row), GDK_KEY_p, 0));
  g_assert_cmpuint (pin_key_of (fixture, keep), ==, 0);
  g_assert_cmpuint (intake_code_picker_row_get_pin_key (row), ==, 0);
  /* The panel follows the setting. */
  g_assert_null (pin_button_label (fixture, keep));

  row = picker_row (picker, fixture->trust_guid);
  gtk_widget_grab_focus (GTK_WIDGET (row));
  g_assert_true (press_shortcut (GTK_WIDGET (row), GDK_KEY_p, 0));
  g_assert_cmpuint (pin_key_of (fixture, fixture->trust_guid), ==, 1);
  g_assert_cmpuint (intake_code_picker_row_get_pin_key (row), ==, 1);
  g_assert_cmpstr (pin_button_label (fixture, fixture->trust_guid), ==, "1");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (intake_code_picker_row_get_pin_button (row)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Experiences/Trust in police, pinned to 1");

  g_assert_true (press_shortcut (GTK_WIDGET (row), GDK_KEY_p, 0));
  g_assert_cmpuint (pin_key_of (fixture, fixture->trust_guid), ==, 0);

  gtk_popover_popdown (GTK_POPOVER (picker));
}

static gboolean
is_count_label (GtkWidget     *widget,
                gconstpointer  data)
{
  return gtk_widget_has_css_class (widget, "excerpt-count");
}

static gboolean
label_says (GtkWidget     *widget,
            gconstpointer  text)
{
  return g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

/* How wide the name of @code_guid is drawn, and whether its count shows. */
static int
name_width (IntakeCodePanel *panel,
            const char      *code_guid,
            const char      *name,
            gboolean        *count_shown)
{
  GtkWidget *row = intake_code_panel_get_row (panel, code_guid);
  GtkWidget *label = find_widget (row, GTK_TYPE_LABEL, label_says, name);
  GtkWidget *count = find_widget (row, GTK_TYPE_LABEL, is_count_label, NULL);

  g_assert_nonnull (label);
  g_assert_nonnull (count);
  *count_shown = gtk_widget_get_mapped (count) && gtk_label_get_text (GTK_LABEL (count))[0] != '\0';
  return gtk_widget_get_width (label);
}

static void
test_excerpts_marked_per_submission (Fixture       *fixture,
                                     gconstpointer  data)
{
  IntakeCodePanel *panel = get_panel (fixture);
  const char *keep = guid_of (fixture, "Stance on the programme/Keep as is");
  g_autoptr(GError) error = NULL;
  GtkWidget *row;
  const char *tooltip;
  gboolean count_shown;
  int width, height;

  select_subject (fixture->window, "Not trusted");
  g_assert_cmpuint (intake_code_panel_get_n_excerpts (panel, fixture->trust_guid), ==, 0);

  select_nth_word (fixture, "trust", 0);
  g_assert_true (intake_reader_code_selection (get_reader (fixture->window), fixture->trust_guid, &error));
  g_assert_no_error (error);
  iterate_for (50);
  g_assert_cmpuint (intake_code_panel_get_n_excerpts (panel, fixture->trust_guid), ==, 1);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (intake_code_panel_get_check (panel, fixture->trust_guid)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Trust in police, 1 excerpt");

  select_nth_word (fixture, "trust", 1);
  g_assert_true (intake_reader_code_selection (get_reader (fixture->window), fixture->trust_guid, &error));
  g_assert_no_error (error);
  iterate_for (50);
  g_assert_cmpuint (intake_code_panel_get_n_excerpts (panel, fixture->trust_guid), ==, 2);
  /* An excerpt is not the whole submission. */
  g_assert_false (gtk_check_button_get_active (intake_code_panel_get_check (panel, fixture->trust_guid)));

  /* The project's count is there too, said as such. */
  row = intake_code_panel_get_row (panel, fixture->trust_guid);
  tooltip = tooltip_of (row);
  g_assert_nonnull (tooltip);
  g_assert_nonnull (strstr (tooltip, "In the whole project: coded in 1 submission"));

  /* Pinned, the check box says all of it. */
  g_assert_true (press_p_on_panel_row (fixture, keep));
  g_assert_true (press_p_on_panel_row (fixture, fixture->trust_guid));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (intake_code_panel_get_check (panel, fixture->trust_guid)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Trust in police, 2 excerpts, pinned to 1");

  /* Another submission has none of them; the whole-submission code of
   * this one is its own. */
  iterate_for (50);
  width = name_width (panel, fixture->trust_guid, "Trust in police", &count_shown);
  height = gtk_widget_get_height (intake_code_panel_get_row (panel, fixture->trust_guid));
  g_assert_true (count_shown);
  g_assert_cmpint (width, >, 0);
  select_subject (fixture->window, "Keep the programme");
  g_assert_cmpuint (intake_code_panel_get_n_excerpts (panel, fixture->trust_guid), ==, 0);
  /* The count comes and goes under the name: the name keeps its width,
   * and is not wrapped anew, nor every row measured again, from one
   * submission to the next; nor does the row change height. */
  iterate_for (50);
  g_assert_cmpint (name_width (panel, fixture->trust_guid, "Trust in police", &count_shown), ==, width);
  g_assert_false (count_shown);
  g_assert_cmpint (gtk_widget_get_height (intake_code_panel_get_row (panel, fixture->trust_guid)), ==, height);
  g_assert_cmpuint (intake_code_panel_get_count (panel, fixture->trust_guid), ==, 0);
  g_assert_true (intake_code_panel_toggle_whole (panel, keep, &error));
  g_assert_no_error (error);
  iterate_for (50);
  g_assert_true (gtk_check_button_get_active (intake_code_panel_get_check (panel, keep)));
  g_assert_cmpuint (intake_code_panel_get_count (panel, keep), ==, 1);

  /* And back, the marks are the first one's again. */
  select_subject (fixture->window, "Not trusted");
  g_assert_cmpuint (intake_code_panel_get_n_excerpts (panel, fixture->trust_guid), ==, 2);
  g_assert_false (gtk_check_button_get_active (intake_code_panel_get_check (panel, keep)));
  g_assert_cmpuint (intake_code_panel_get_count (panel, keep), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv, UI_TEST_APP | UI_TEST_WIDE | UI_TEST_CODE_PANEL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/code-panel-ui/pins/fresh-install", test_fresh_install_pins_stance_then_codebook);
  ADD ("/code-panel-ui/pins/fresh-install-keys", test_fresh_install_number_keys_code);
  ADD ("/code-panel-ui/pins/panel-key", test_panel_key_pins_and_unpins);
  ADD ("/code-panel-ui/pins/unpin-everything", test_unpinning_everything_keeps_nothing);
  ADD ("/code-panel-ui/pins/picker-key", test_picker_key_pins_and_unpins);
  ADD ("/code-panel-ui/marks/per-submission", test_excerpts_marked_per_submission);

#undef ADD

  return ui_test_run ();
}
