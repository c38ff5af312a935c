#define G_LOG_DOMAIN "test-codebook-editor"

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "intake-activity-window.h"
#include "intake-codebook-editor.h"
#include "intake-importer.h"
#include "intake-project.h"
#include "intake-store.h"
#include "ui-test-support.h"

static const char mailbox[] =
  "From priya@example.org Wed Apr 21 14:00:00 2021\n"
  "From: Priya Sharma <priya@example.org>\n"
  "To: engage@example.org\n"
  "Subject: Concerns about racial profiling\n"
  "Date: Wed, 21 Apr 2021 14:00:00 -0600\n"
  "Message-ID: <priya-1@example.org>\n"
  "\n"
  "My son was stopped twice in the school parking lot.\n"
  "\n"
  "From jerome@example.org Tue Apr 20 09:30:00 2021\n"
  "From: =?utf-8?q?J=C3=A9r=C3=B4me_Tremblay?= <jerome@example.org>\n"
  "To: engage@example.org\n"
  "Subject: =?utf-8?q?R=C3=A9vision_du_programme?=\n"
  "Date: Tue, 20 Apr 2021 09:30:00 -0600\n"
  "Message-ID: <jerome-1@example.org>\n"
  "Content-Type: text/plain; charset=utf-8\n"
  "Content-Transfer-Encoding: quoted-printable\n"
  "\n"
  "Je demande une r=C3=A9vision compl=C3=A8te du programme.\n";

typedef struct
{
  char          *dir;
  IntakeProject *project;   /* Alice's */
  IntakeStore   *store;     /* the project's */
  GArray        *ids;
} Fixture;

/* Main loop helpers */


static gboolean
label_is_mapped_with_text (GtkWidget     *widget,
                           gconstpointer  text)
{
  return gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static gboolean
button_is_mapped_with_label (GtkWidget     *widget,
                             gconstpointer  label)
{
  return gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
status_page_is_mapped_with_title (GtkWidget     *widget,
                                  gconstpointer  title)
{
  return gtk_widget_get_mapped (widget) &&
         g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (widget)), title) == 0;
}

static guint
count_list_rows (GtkWidget *root)
{
  GtkWidget *list_box = find_widget (root, GTK_TYPE_LIST_BOX, NULL, NULL);
  guint n = 0;

  g_assert_nonnull (list_box);
  for (GtkWidget *child = gtk_widget_get_first_child (list_box);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child))
      n++;

  return n;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

/* Fixture */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeImporter) importer = NULL;
  g_autoptr(IntakeImportSummary) summary = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *mbox = NULL;

  fixture->dir = g_dir_make_tmp ("test-codebook-editor-XXXXXX", &error);
  g_assert_no_error (error);

  path = g_build_filename (fixture->dir, "Consultation.intake", NULL);
  fixture->project = intake_project_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->project);
  fixture->store = g_object_ref (intake_project_get_store (fixture->project));

  mbox = g_build_filename (fixture->dir, "inbox.mbox", NULL);
  g_file_set_contents (mbox, mailbox, -1, &error);
  g_assert_no_error (error);
  file = g_file_new_for_path (mbox);

  importer = intake_importer_new (fixture->store);
  summary = intake_importer_import_sync (importer, &file, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->imported, ==, 2);

  fixture->ids = intake_store_list_ids (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->ids->len, ==, 2);

  g_assert_true (intake_project_set_reviewer (fixture->project, "Alice", &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  destroy_toplevels ();
  iterate_for (50);

  g_array_unref (fixture->ids);
  g_assert_finalize_object (fixture->project);
  g_assert_finalize_object (fixture->store);

  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static IntakeCodebookEditor *
open_editor (Fixture *fixture)
{
  IntakeCodebookEditor *editor;

  /* The test keeps its own reference so it can check that closing frees it. */
  editor = g_object_ref (INTAKE_CODEBOOK_EDITOR (intake_codebook_editor_new (NULL, fixture->project)));
  gtk_window_present (GTK_WINDOW (editor));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (editor)));

  return editor;
}

static void
close_and_finalize (gpointer window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  iterate_for (50);
  g_assert_finalize_object (window);
}

static IntakeCodebook *
load_codebook (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  IntakeCodebook *codebook = intake_store_load_codebook (fixture->store, &error);

  g_assert_no_error (error);
  g_assert_nonnull (codebook);
  return codebook;
}

static char *
guid_of (Fixture    *fixture,
         const char *path)
{
  g_autoptr(IntakeCodebook) codebook = load_codebook (fixture);
  IntakeCode *code = intake_codebook_find (codebook, path);

  g_assert_nonnull (code);
  return g_strdup (intake_code_get_guid (code));
}

/* Position of a code among its parent's children. */
static int
child_index (Fixture    *fixture,
             const char *parent_guid,
             const char *guid)
{
  g_autoptr(IntakeCodebook) codebook = load_codebook (fixture);
  IntakeCode *parent = intake_codebook_find_by_guid (codebook, parent_guid);
  const char * const *children;

  g_assert_nonnull (parent);
  children = intake_code_get_child_guids (parent);
  for (int i = 0; children[i] != NULL; i++)
    if (g_strcmp0 (children[i], guid) == 0)
      return i;

  return -1;
}

static void
rename_selected (IntakeCodebookEditor *editor,
                 const char           *name)
{
  GtkWidget *name_row = find_widget (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW, NULL, NULL);

  g_assert_nonnull (name_row);
  g_assert_true (gtk_widget_get_mapped (name_row));
  gtk_editable_set_text (GTK_EDITABLE (name_row), name);
  g_signal_emit_by_name (name_row, "apply");
}

/* Adds a code under @parent_path through the editor and names it. */
static char *
add_code (Fixture              *fixture,
          IntakeCodebookEditor *editor,
          const char           *parent_path,
          const char           *name)
{
  g_autofree char *parent_guid = guid_of (fixture, parent_path);

  g_assert_true (intake_codebook_editor_select_code (editor, parent_guid));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.add-code", NULL));
  g_assert_cmpstr (intake_codebook_editor_get_selected_guid (editor), !=, parent_guid);
  rename_selected (editor, name);

  return g_strdup (intake_codebook_editor_get_selected_guid (editor));
}

static gboolean
has_coding_with_code (Fixture    *fixture,
                      gint64      submission_id,
                      const char *code_guid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) codings = intake_store_list_codings (fixture->store, submission_id, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < codings->len; i++)
    {
      IntakeCoding *coding = g_ptr_array_index (codings, i);

      if (g_strcmp0 (coding->code_guid, code_guid) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
description_is (Fixture    *fixture,
                const char *guid,
                const char *description)
{
  g_autoptr(IntakeCodebook) codebook = load_codebook (fixture);
  IntakeCode *code = intake_codebook_find_by_guid (codebook, guid);

  g_assert_nonnull (code);
  return g_strcmp0 (intake_code_get_description (code), description) == 0;
}

/* Tests */

static void
test_editor_shows_codebook (Fixture       *fixture,
                            gconstpointer  data)
{
  IntakeCodebookEditor *editor = open_editor (fixture);
  g_autoptr(IntakeCodebook) codebook = load_codebook (fixture);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (editor)), ==, "Codebook");
  /* One row per code, groups and their codes alike. */
  g_assert_cmpuint (count_list_rows (GTK_WIDGET (editor)), ==, intake_codebook_get_n_codes (codebook));
  g_assert_nonnull (find_widget (GTK_WIDGET (editor), GTK_TYPE_LABEL,
                                 label_is_mapped_with_text, "Equity lens"));
  g_assert_nonnull (find_widget (GTK_WIDGET (editor), GTK_TYPE_LABEL,
                                 label_is_mapped_with_text, "Surveillance"));

  /* Nothing selected: the pane says so, and there is nothing to delete. */
  g_assert_nonnull (find_widget (GTK_WIDGET (editor), ADW_TYPE_STATUS_PAGE,
                                 status_page_is_mapped_with_title, "No Code Selected"));
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.delete", NULL);
  iterate_for (20);
  g_assert_null (find_message_dialog ());

  close_and_finalize (editor);
}

static void
test_editor_add_rename_recolour (Fixture       *fixture,
                                 gconstpointer  data)
{
  IntakeCodebookEditor *editor = open_editor (fixture);
  g_autofree char *equity_guid = guid_of (fixture, "Equity lens");
  g_autofree char *guid = NULL;
  GtkWidget *color_button;
  GtkWidget *description_view;
  GdkRGBA rgba;

  g_assert_true (intake_codebook_editor_select_code (editor, equity_guid));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.add-code", NULL));
  guid = g_strdup (intake_codebook_editor_get_selected_guid (editor));
  g_assert_nonnull (guid);
  g_assert_cmpstr (guid, !=, equity_guid);

  /* Added under the selected group, codable, with the default name. */
  {
    g_autoptr(IntakeCodebook) codebook = load_codebook (fixture);
    IntakeCode *code = intake_codebook_find_by_guid (codebook, guid);

    g_assert_nonnull (code);
    g_assert_cmpstr (intake_code_get_name (code), ==, "New Code");
    g_assert_cmpstr (intake_code_get_parent_guid (code), ==, equity_guid);
    g_assert_true (intake_code_get_is_codable (code));
  }

  /* Renamed through the name row's apply. */
  rename_selected (editor, "Police in hallways");
  {
    g_autoptr(IntakeCodebook) codebook = load_codebook (fixture);
    IntakeCode *code = intake_codebook_find_by_guid (codebook, guid);

    g_assert_cmpstr (intake_code_get_name (code), ==, "Police in hallways");
  }
  /* The tree shows the new name too. */
  g_assert_nonnull (find_widget (GTK_WIDGET (editor), GTK_TYPE_LABEL,
                                 label_is_mapped_with_text, "Police in hallways"));

  /* A name with a slash would break code paths: refused, nothing written. */
  rename_selected (editor, "Police/hallways");
  {
    g_autoptr(IntakeCodebook) codebook = load_codebook (fixture);
    IntakeCode *code = intake_codebook_find_by_guid (codebook, guid);

    g_assert_cmpstr (intake_code_get_name (code), ==, "Police in hallways");
  }

  /* Recoloured through the colour button. */
  color_button = find_widget (GTK_WIDGET (editor), GTK_TYPE_COLOR_BUTTON, NULL, NULL);
  g_assert_nonnull (color_button);
  gdk_rgba_parse (&rgba, "#123456");
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (color_button), &rgba);
  g_signal_emit_by_name (color_button, "color-set");
  {
    g_autoptr(IntakeCodebook) codebook = load_codebook (fixture);
    IntakeCode *code = intake_codebook_find_by_guid (codebook, guid);

    g_assert_cmpint (g_ascii_strcasecmp (intake_code_get_color (code), "#123456"), ==, 0);
  }

  /* The description is saved shortly after typing stops, without leaving the field. */
  description_view = find_widget (GTK_WIDGET (editor), GTK_TYPE_TEXT_VIEW, NULL, NULL);
  g_assert_nonnull (description_view);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (description_view)),
                            "Officers standing in school corridors.", -1);
  WAIT_UNTIL (description_is (fixture, guid, "Officers standing in school corridors."));

  close_and_finalize (editor);
}

static void
test_editor_add_group (Fixture       *fixture,
                       gconstpointer  data)
{
  IntakeCodebookEditor *editor = open_editor (fixture);
  g_autofree char *equity_guid = guid_of (fixture, "Equity lens");
  g_autoptr(IntakeCodebook) codebook = NULL;
  IntakeCode *group;

  /* Even with a code selected, a group starts at the top level. */
  g_assert_true (intake_codebook_editor_select_code (editor, equity_guid));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.add-group", NULL));

  codebook = load_codebook (fixture);
  group = intake_codebook_find_by_guid (codebook, intake_codebook_editor_get_selected_guid (editor));
  g_assert_nonnull (group);
  g_assert_cmpstr (intake_code_get_name (group), ==, "New Group");
  g_assert_null (intake_code_get_parent_guid (group));
  g_assert_false (intake_code_get_is_codable (group));

  close_and_finalize (editor);
}

static void
test_editor_move (Fixture       *fixture,
                  gconstpointer  data)
{
  IntakeCodebookEditor *editor = open_editor (fixture);
  g_autofree char *equity_guid = guid_of (fixture, "Equity lens");
  g_autofree char *first_guid = guid_of (fixture, "Equity lens/Racial profiling or differential treatment");
  g_autofree char *guid = guid_of (fixture, "Equity lens/Impact on Black students");

  g_assert_cmpint (child_index (fixture, equity_guid, first_guid), ==, 0);
  g_assert_cmpint (child_index (fixture, equity_guid, guid), ==, 1);

  g_assert_true (intake_codebook_editor_select_code (editor, guid));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.move-up", NULL));
  g_assert_cmpint (child_index (fixture, equity_guid, guid), ==, 0);
  g_assert_cmpint (child_index (fixture, equity_guid, first_guid), ==, 1);
  /* The selection follows the code. */
  g_assert_cmpstr (intake_codebook_editor_get_selected_guid (editor), ==, guid);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.move-down", NULL));
  g_assert_cmpint (child_index (fixture, equity_guid, guid), ==, 1);
  g_assert_cmpint (child_index (fixture, equity_guid, first_guid), ==, 0);

  /* Into the code above it, then back out to just after it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.indent", NULL));
  g_assert_cmpint (child_index (fixture, first_guid, guid), ==, 0);
  g_assert_cmpint (child_index (fixture, equity_guid, guid), ==, -1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.outdent", NULL));
  g_assert_cmpint (child_index (fixture, equity_guid, guid), ==, 1);
  g_assert_cmpint (child_index (fixture, first_guid, guid), ==, -1);

  close_and_finalize (editor);
}

static void
test_editor_delete_and_undo (Fixture       *fixture,
                             gconstpointer  data)
{
  IntakeCodebookEditor *editor = open_editor (fixture);
  gint64 submission_id = g_array_index (fixture->ids, gint64, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeCoding) coding = NULL;
  g_autofree char *equity_guid = guid_of (fixture, "Equity lens");
  g_autofree char *guid = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *undo_button;

  guid = add_code (fixture, editor, "Equity lens", "Hallway presence");
  g_assert_true (intake_project_add_coding (fixture->project, submission_id, guid, -1, -1, &coding, &error));
  g_assert_no_error (error);
  g_assert_nonnull (coding);
  g_assert_true (has_coding_with_code (fixture, submission_id, guid));

  /* Cancelling the confirmation keeps everything. */
  g_assert_true (intake_codebook_editor_select_code (editor, guid));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.delete", NULL));
  WAIT_UNTIL ((dialog = find_message_dialog ()) != NULL);
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate_for (20);
  {
    g_autoptr(IntakeCodebook) codebook = load_codebook (fixture);
    g_assert_nonnull (intake_codebook_find_by_guid (codebook, guid));
  }
  g_assert_true (has_coding_with_code (fixture, submission_id, guid));

  /* Confirming deletes the code and its coding, and said how many first. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.delete", NULL));
  WAIT_UNTIL ((dialog = find_message_dialog ()) != NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete “Hallway presence”?");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "“Hallway presence” is used in 1 coding. It will be removed too.");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "delete"), ==, ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_response (dialog, "delete");
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate_for (20);

  {
    g_autoptr(IntakeCodebook) codebook = load_codebook (fixture);
    g_assert_null (intake_codebook_find_by_guid (codebook, guid));
  }
  g_assert_false (has_coding_with_code (fixture, submission_id, guid));
  g_assert_cmpstr (intake_codebook_editor_get_selected_guid (editor), !=, guid);
  g_assert_null (find_widget (GTK_WIDGET (editor), GTK_TYPE_LABEL,
                              label_is_mapped_with_text, "Hallway presence"));

  /* The toast's Undo brings back the code and its coding. */
  WAIT_UNTIL ((undo_button = find_widget (GTK_WIDGET (editor), GTK_TYPE_BUTTON,
                                          button_is_mapped_with_label, "_Undo")) != NULL);
  g_assert_nonnull (find_widget (GTK_WIDGET (editor), GTK_TYPE_LABEL,
                                 label_is_mapped_with_text, "Code deleted"));
  g_signal_emit_by_name (undo_button, "clicked");
  iterate_for (20);

  {
    g_autoptr(IntakeCodebook) codebook = load_codebook (fixture);
    IntakeCode *code = intake_codebook_find_by_guid (codebook, guid);

    g_assert_nonnull (code);
    g_assert_cmpstr (intake_code_get_name (code), ==, "Hallway presence");
    g_assert_cmpstr (intake_code_get_parent_guid (code), ==, equity_guid);
  }
  g_assert_true (has_coding_with_code (fixture, submission_id, guid));
  g_assert_cmpstr (intake_codebook_editor_get_selected_guid (editor), ==, guid);
  g_assert_nonnull (find_widget (GTK_WIDGET (editor), GTK_TYPE_LABEL,
                                 label_is_mapped_with_text, "Hallway presence"));
  /* Nothing more of this window's to undo: the coding made before stays. */
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.undo", NULL);
  iterate_for (20);
  g_assert_true (has_coding_with_code (fixture, submission_id, guid));

  close_and_finalize (editor);
}

static void
test_editor_delete_group_counts_subcodes (Fixture       *fixture,
                                          gconstpointer  data)
{
  IntakeCodebookEditor *editor = open_editor (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeCoding) first = NULL;
  g_autoptr(IntakeCoding) second = NULL;
  g_autoptr(IntakeCodebook) codebook = load_codebook (fixture);
  g_autofree char *equity_guid = guid_of (fixture, "Equity lens");
  g_autofree char *surveillance_guid = guid_of (fixture, "Equity lens/Surveillance");
  g_autofree char *body = NULL;
  IntakeCode *equity = intake_codebook_find_by_guid (codebook, equity_guid);
  guint n_children = g_strv_length ((char **) intake_code_get_child_guids (equity));
  AdwMessageDialog *dialog;

  g_assert_true (intake_project_add_coding (fixture->project, g_array_index (fixture->ids, gint64, 0),
                                            surveillance_guid, -1, -1, &first, &error));
  g_assert_no_error (error);
  g_assert_true (intake_project_add_coding (fixture->project, g_array_index (fixture->ids, gint64, 1),
                                            surveillance_guid, 0, 5, &second, &error));
  g_assert_no_error (error);

  g_assert_true (intake_codebook_editor_select_code (editor, equity_guid));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.delete", NULL));
  WAIT_UNTIL ((dialog = find_message_dialog ()) != NULL);

  body = g_strdup_printf ("“Equity lens” and its %u subcodes are used in 2 codings. "
                          "They will be removed too.", n_children);
  g_assert_cmpuint (n_children, ==, 10);
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, body);

  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate_for (20);

  close_and_finalize (editor);
}

static void
test_activity_lists_and_filters (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(IntakeProject) bob = intake_project_new_for_store (fixture->store);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) bobs = NULL;
  g_autofree char *trust_guid = guid_of (fixture, "Experiences/Trust in police");
  g_autofree char *surveillance_guid = guid_of (fixture, "Equity lens/Surveillance");
  gint64 id = g_array_index (fixture->ids, gint64, 0);
  IntakeActivityWindow *window;
  GtkDropDown *dropdown;
  GListModel *reviewers;

  g_assert_true (intake_project_set_reviewer (bob, "Bob", &error));
  g_assert_no_error (error);
  g_assert_true (intake_project_add_coding (fixture->project, id, trust_guid, -1, -1, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (intake_project_set_status (fixture->project, id, INTAKE_STATUS_CODED, &error));
  g_assert_no_error (error);
  g_assert_true (intake_project_add_coding (bob, id, surveillance_guid, 0, 6, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (intake_store_ensure_reviewer (fixture->store, "Carol", &error));
  g_assert_no_error (error);

  all = intake_store_list_audit (fixture->store, NULL, 2000, &error);
  g_assert_no_error (error);
  bobs = intake_store_list_audit (fixture->store, "Bob", 2000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, >=, 3);
  g_assert_cmpuint (bobs->len, ==, 1);

  window = g_object_ref (INTAKE_ACTIVITY_WINDOW (intake_activity_window_new (NULL, fixture->project)));
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Activity");
  g_assert_cmpuint (count_list_rows (GTK_WIDGET (window)), ==, all->len);
  g_assert_nonnull (find_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, NULL, NULL));
  g_assert_nonnull (find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, label_is_mapped_with_text, "Coded"));
  g_assert_nonnull (find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, label_is_mapped_with_text, "Changed status"));
  g_assert_nonnull (find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, label_is_mapped_with_text, "Alice"));
  g_assert_nonnull (find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, label_is_mapped_with_text, "Bob"));
  /* Today's changes are told relative to now. */
  g_assert_nonnull (find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, label_is_mapped_with_text, "Just now"));

  /* The filter offers everyone, then each reviewer of the project. */
  dropdown = GTK_DROP_DOWN (find_widget (GTK_WIDGET (window), GTK_TYPE_DROP_DOWN, NULL, NULL));
  g_assert_nonnull (dropdown);
  reviewers = gtk_drop_down_get_model (dropdown);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (reviewers), 0), ==, "All Reviewers");
  g_assert_cmpuint (g_list_model_get_n_items (reviewers), ==, 4);

  for (guint i = 1; i < g_list_model_get_n_items (reviewers); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (reviewers), i), "Bob") == 0)
      gtk_drop_down_set_selected (dropdown, i);
  g_assert_cmpstr (intake_activity_window_get_reviewer (window), ==, "Bob");
  iterate_for (20);
  g_assert_cmpuint (count_list_rows (GTK_WIDGET (window)), ==, 1);
  g_assert_nonnull (find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, label_is_mapped_with_text, "Bob"));
  g_assert_null (find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, label_is_mapped_with_text, "Alice"));

  /* A reviewer who has changed nothing gets the empty state. */
  intake_activity_window_set_reviewer (window, "Carol");
  iterate_for (20);
  g_assert_nonnull (find_widget (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE,
                                 status_page_is_mapped_with_title, "No Activity Yet"));

  gtk_drop_down_set_selected (dropdown, 0);
  iterate_for (20);
  g_assert_null (intake_activity_window_get_reviewer (window));
  g_assert_cmpuint (count_list_rows (GTK_WIDGET (window)), ==, all->len);

  close_and_finalize (window);
}

static void
test_activity_pages_long_lists (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  gint64 id = g_array_index (fixture->ids, gint64, 0);
  IntakeActivityWindow *window;
  GtkWidget *scroller;

  for (guint i = 0; i < 130; i++)
    {
      g_assert_true (intake_store_set_status (fixture->store, id, i % 2 ? INTAKE_STATUS_IN_PROGRESS : INTAKE_STATUS_CODED,
                                              "Alice", &error));
      g_assert_no_error (error);
    }
  all = intake_store_list_audit (fixture->store, NULL, 2000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, >=, 130);
  g_assert_cmpuint (all->len, <, 200);

  window = g_object_ref (INTAKE_ACTIVITY_WINDOW (intake_activity_window_new (NULL, fixture->project)));
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));

  /* The first page opens at once; the rest comes as the list is scrolled to its end. */
  g_assert_cmpuint (count_list_rows (GTK_WIDGET (window)), ==, 100);
  scroller = gtk_widget_get_ancestor (find_widget (GTK_WIDGET (window), GTK_TYPE_LIST_BOX, NULL, NULL),
                                      GTK_TYPE_SCROLLED_WINDOW);
  g_assert_nonnull (scroller);
  g_signal_emit_by_name (scroller, "edge-reached", GTK_POS_BOTTOM);
  g_assert_cmpuint (count_list_rows (GTK_WIDGET (window)), ==, all->len);

  close_and_finalize (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/codebook-editor/shows-codebook", test_editor_shows_codebook);
  ADD ("/codebook-editor/add-rename-recolour", test_editor_add_rename_recolour);
  ADD ("/codebook-editor/add-group", test_editor_add_group);
  ADD ("/codebook-editor/move", test_editor_move);
  ADD ("/codebook-editor/delete-and-undo", test_editor_delete_and_undo);
  ADD ("/codebook-editor/delete-group-counts-subcodes", test_editor_delete_group_counts_subcodes);
  ADD ("/activity/lists-and-filters", test_activity_lists_and_filters);
  ADD ("/activity/pages-long-lists", test_activity_pages_long_lists);

#undef ADD

  return g_test_run ();
}
