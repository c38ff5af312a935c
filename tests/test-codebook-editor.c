#define G_LOG_DOMAIN "test-codebook-editor"

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>
#include <string.h>
#include <sys/stat.h>

#include "intake-activity-window.h"
#include "intake-codebook-editor.h"
#include "intake-file.h"
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

/* Fixture */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeImporter) importer = NULL;
  g_autoptr(IntakeImportSummary) summary = NULL;
  g_autoptr(GFile) file = NULL;

  fixture->project = open_temporary_project ("test-codebook-editor-XXXXXX", &fixture->dir, &fixture->store);
  file = write_file (fixture->dir, "inbox.mbox", mailbox);

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


/* Importing and exporting: the file choosers cannot be driven, so the
 * tests hand the editor the file the chooser would have. */

static void
got_result_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

/* Waits on the main loop for the worker thread, for at most @seconds. */
static void
wait_for_result (GAsyncResult **result,
                 guint          seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  guint wake = g_timeout_add (20, wake_cb, NULL);

  while (*result == NULL)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("The editor did not finish with the file within %u s", seconds);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake);
}

static gboolean
import_path (IntakeCodebookEditor  *editor,
             const char            *path,
             GError               **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;

  intake_codebook_editor_import_file (editor, file, NULL, got_result_cb, &result);
  wait_for_result (&result, 30);

  return intake_codebook_editor_import_file_finish (editor, result, error);
}

static gboolean
export_path (IntakeCodebookEditor  *editor,
             const char            *path,
             GError               **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;

  intake_codebook_editor_export_file (editor, file, NULL, got_result_cb, &result);
  wait_for_result (&result, 30);

  return intake_codebook_editor_export_file_finish (editor, result, error);
}

/* The codebook as the store has it, in the form an export writes. */
static GBytes *
codebook_bytes (IntakeStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeCodebook) codebook = intake_store_load_codebook (store, &error);
  GBytes *bytes;

  g_assert_no_error (error);
  bytes = intake_codebook_to_qdc (codebook, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  return bytes;
}

static GBytes *
file_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* Whether the menu's item can be used: its button follows the action's
 * enabled state. The menu is built with the editor, shown or not; its
 * buttons are a type GTK keeps private, found by name. */
static gboolean
menu_item_is_sensitive (IntakeCodebookEditor *editor,
                        const char           *label)
{
  GtkWidget *menu_button = find_widget (GTK_WIDGET (editor), GTK_TYPE_MENU_BUTTON, NULL, NULL);
  GtkWidget *text;
  GtkWidget *item;

  g_assert_nonnull (menu_button);
  text = find_widget (menu_button, GTK_TYPE_LABEL, label_has_text, label);
  g_assert_nonnull (text);
  item = gtk_widget_get_ancestor (text, g_type_from_name ("GtkModelButton"));
  g_assert_nonnull (item);

  return gtk_widget_get_sensitive (item);
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
  g_assert_null (find_message_dialog (NULL, FALSE));

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
  WAIT_UNTIL ((dialog = find_message_dialog (NULL, TRUE)) != NULL);
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
  WAIT_UNTIL ((dialog = find_message_dialog (NULL, TRUE)) != NULL);
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
                                 label_is_mapped_with_text, "Deleted “Hallway presence”"));
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
  WAIT_UNTIL ((dialog = find_message_dialog (NULL, TRUE)) != NULL);

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
test_editor_menu_imports_and_exports (Fixture       *fixture,
                                      gconstpointer  data)
{
  IntakeCodebookEditor *editor = open_editor (fixture);
  GtkWidget *menu_button = find_widget (GTK_WIDGET (editor), GTK_TYPE_MENU_BUTTON, NULL, NULL);
  GMenuModel *menu;
  g_autoptr(GMenuModel) section = NULL;
  const char * const expected[][3] = {
    { "_Import Codebook…", "editor.import", "Import Codebook…" },
    { "_Export Codebook…", "editor.export", "Export Codebook…" },
  };

  /* The header bar's menu, as in the main window, opened by F10. */
  g_assert_nonnull (menu_button);
  g_assert_true (gtk_widget_get_mapped (menu_button));
  g_assert_true (gtk_menu_button_get_primary (GTK_MENU_BUTTON (menu_button)));
  g_assert_cmpstr (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (menu_button)), ==, "open-menu-symbolic");
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button));
  g_assert_nonnull (menu);
  section = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
  g_assert_nonnull (section);
  g_assert_cmpint (g_menu_model_get_n_items (section), ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *label = NULL;
      g_autofree char *action = NULL;

      g_assert_true (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_LABEL, "s", &label));
      g_assert_true (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &action));
      g_assert_cmpstr (label, ==, expected[i][0]);
      g_assert_cmpstr (action, ==, expected[i][1]);
      g_assert_true (menu_item_is_sensitive (editor, expected[i][2]));
    }

  close_and_finalize (editor);
}

static void
test_editor_export_import_round_trip (Fixture       *fixture,
                                      gconstpointer  data)
{
  IntakeCodebookEditor *editor = open_editor (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(IntakeCodebook) codebook = NULL;
  g_autofree char *guid = guid_of (fixture, "Equity lens/Surveillance");
  g_autofree char *qdc = g_build_filename (fixture->dir, "Consultation codebook.qdc", NULL);
  g_autofree char *second_path = g_build_filename (fixture->dir, "Second.intake", NULL);
  g_autofree char *imported = NULL;
  IntakeProject *second;
  IntakeStore *second_store;
  IntakeCodebookEditor *second_editor;

  /* A coordinator renames a code, then exports. */
  g_assert_true (intake_codebook_editor_select_code (editor, guid));
  rename_selected (editor, "Monitoring");
  before = codebook_bytes (fixture->store);

  g_assert_true (export_path (editor, qdc, &error));
  g_assert_no_error (error);
  g_assert_nonnull (find_toast (GTK_WIDGET (editor), "Exported the codebook to “Consultation codebook.qdc”"));
  written = file_bytes (qdc);
  g_assert_true (g_bytes_equal (written, before));

  /* Its own export brings nothing new back: the codebook is unchanged. */
  codebook = load_codebook (fixture);
  imported = g_strdup_printf ("Imported %u codes from “Consultation codebook.qdc”",
                              intake_codebook_get_n_codes (codebook));
  g_assert_cmpuint (intake_codebook_get_n_codes (codebook), >, 1);
  g_assert_true (import_path (editor, qdc, &error));
  g_assert_no_error (error);
  g_assert_nonnull (find_toast (GTK_WIDGET (editor), imported));
  after = codebook_bytes (fixture->store);
  g_assert_true (g_bytes_equal (after, before));
  g_clear_pointer (&after, g_bytes_unref);

  close_and_finalize (editor);

  /* Another project, started from the same default codebook, takes the rename. */
  second = intake_project_open (second_path, &error);
  g_assert_no_error (error);
  second_store = g_object_ref (intake_project_get_store (second));
  {
    g_autoptr(IntakeCodebook) second_codebook = intake_store_load_codebook (second_store, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (intake_code_get_name (intake_codebook_find_by_guid (second_codebook, guid)), ==, "Surveillance");
  }

  second_editor = g_object_ref (INTAKE_CODEBOOK_EDITOR (intake_codebook_editor_new (NULL, second)));
  gtk_window_present (GTK_WINDOW (second_editor));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (second_editor)));
  g_assert_null (find_widget (GTK_WIDGET (second_editor), GTK_TYPE_LABEL, label_is_mapped_with_text, "Monitoring"));

  g_assert_true (import_path (second_editor, qdc, &error));
  g_assert_no_error (error);
  {
    g_autoptr(IntakeCodebook) second_codebook = intake_store_load_codebook (second_store, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (intake_code_get_name (intake_codebook_find_by_guid (second_codebook, guid)), ==, "Monitoring");
  }
  after = codebook_bytes (second_store);
  g_assert_true (g_bytes_equal (after, before));
  /* The tree followed the project. */
  g_assert_nonnull (find_widget (GTK_WIDGET (second_editor), GTK_TYPE_LABEL, label_is_mapped_with_text, "Monitoring"));
  g_assert_nonnull (find_toast (GTK_WIDGET (second_editor), imported));

  close_and_finalize (second_editor);
  g_assert_finalize_object (second);
  g_assert_finalize_object (second_store);
}

static void
test_editor_import_refuses_bad_name (Fixture       *fixture,
                                     gconstpointer  data)
{
  IntakeCodebookEditor *editor = open_editor (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = codebook_bytes (fixture->store);
  g_autoptr(GBytes) after = NULL;
  g_autofree char *qdc = g_build_filename (fixture->dir, "bad.qdc", NULL);
  guint n_rows = count_list_rows (GTK_WIDGET (editor));
  GtkWidget *toast;

  g_file_set_contents (qdc,
                       "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes>"
                       "<Code guid=\"00000001-0000-4000-8000-000000000000\" name=\"Fine\" isCodable=\"true\"/>"
                       "<Code guid=\"00000002-0000-4000-8000-000000000000\" name=\"Trust/Distrust\" isCodable=\"true\"/>"
                       "</Codes></CodeBook>\n",
                       -1, &error);
  g_assert_no_error (error);

  g_assert_false (import_path (editor, qdc, &error));
  g_assert_error (error, INTAKE_STORE_ERROR, INTAKE_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "Trust/Distrust"));

  /* The toast says what failed and gives the store's reason. */
  toast = find_toast (GTK_WIDGET (editor), "Could not import the codebook");
  g_assert_nonnull (toast);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (toast)), error->message));
  g_assert_null (find_toast (GTK_WIDGET (editor), "Imported"));

  /* Nothing of the file got in, not even its good code. */
  after = codebook_bytes (fixture->store);
  g_assert_true (g_bytes_equal (after, before));
  g_assert_cmpuint (count_list_rows (GTK_WIDGET (editor)), ==, n_rows);
  g_assert_null (find_widget (GTK_WIDGET (editor), GTK_TYPE_LABEL, label_is_mapped_with_text, "Fine"));

  close_and_finalize (editor);
}

static void
test_editor_export_refuses_project (Fixture       *fixture,
                                    gconstpointer  data)
{
  IntakeCodebookEditor *editor = open_editor (fixture);
  g_autoptr(GError) error = NULL;
  const char *project_path = intake_project_get_path (fixture->project);
  g_autofree char *wal = g_strconcat (project_path, "-wal", NULL);
  g_autoptr(GBytes) before = file_bytes (project_path);
  g_autoptr(GBytes) after = NULL;
  GtkWidget *toast;

  g_assert_false (export_path (editor, project_path, &error));
  g_assert_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_PROJECT);

  toast = find_toast (GTK_WIDGET (editor), "Could not export the codebook");
  g_assert_nonnull (toast);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (toast)), error->message));
  g_assert_null (find_toast (GTK_WIDGET (editor), "Exported"));
  after = file_bytes (project_path);
  g_assert_true (g_bytes_equal (after, before));
  g_clear_error (&error);

  /* Nor its SQLite journal, spelled another way. */
  if (g_file_test (wal, G_FILE_TEST_EXISTS))
    {
      g_autofree char *dir = g_path_get_dirname (project_path);
      g_autofree char *base = g_path_get_basename (wal);
      g_autofree char *spelled = g_build_filename (dir, ".", base, NULL);
      g_autoptr(GBytes) wal_before = file_bytes (wal);
      g_autoptr(GBytes) wal_after = NULL;

      g_assert_false (export_path (editor, spelled, &error));
      g_assert_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_PROJECT);
      wal_after = file_bytes (wal);
      g_assert_true (g_bytes_equal (wal_after, wal_before));
    }

  /* The project still opens on what it had. */
  g_assert_cmpuint (intake_codebook_get_n_codes (intake_project_get_codebook (fixture->project)), >, 0);

  close_and_finalize (editor);
}

static void
test_editor_import_fifo_refused (Fixture       *fixture,
                                 gconstpointer  data)
{
  IntakeCodebookEditor *editor = open_editor (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = codebook_bytes (fixture->store);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *fifo = g_build_filename (fixture->dir, "codebook.qdc", NULL);
  gint64 started;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  file = g_file_new_for_path (fifo);

  g_assert_true (menu_item_is_sensitive (editor, "Import Codebook…"));
  started = g_get_monotonic_time ();
  intake_codebook_editor_import_file (editor, file, NULL, got_result_cb, &result);

  /* While the worker reads, one file at a time: both items wait. */
  g_assert_null (result);
  g_assert_false (menu_item_is_sensitive (editor, "Import Codebook…"));
  g_assert_false (menu_item_is_sensitive (editor, "Export Codebook…"));

  /* Nobody writes into the pipe: waiting on it would never end. */
  wait_for_result (&result, 10);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
  g_assert_false (intake_codebook_editor_import_file_finish (editor, result, &error));
  g_assert_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_NOT_REGULAR);
  g_assert_nonnull (find_toast (GTK_WIDGET (editor), "Could not import the codebook"));

  g_assert_true (menu_item_is_sensitive (editor, "Import Codebook…"));
  g_assert_true (menu_item_is_sensitive (editor, "Export Codebook…"));
  after = codebook_bytes (fixture->store);
  g_assert_true (g_bytes_equal (after, before));

  g_clear_object (&result);
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
  /* Read in a worker thread. */
  WAIT_UNTIL (count_list_rows (GTK_WIDGET (window)) == all->len);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Activity");
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
  WAIT_UNTIL (count_list_rows (GTK_WIDGET (window)) == 1);
  g_assert_nonnull (find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, label_is_mapped_with_text, "Bob"));
  g_assert_null (find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, label_is_mapped_with_text, "Alice"));

  /* A reviewer who has changed nothing gets the empty state. */
  intake_activity_window_set_reviewer (window, "Carol");
  WAIT_UNTIL (find_widget (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE,
                           status_page_is_mapped_with_title, "No Activity Yet") != NULL);
  g_assert_cmpuint (count_list_rows (GTK_WIDGET (window)), ==, 0);

  gtk_drop_down_set_selected (dropdown, 0);
  g_assert_null (intake_activity_window_get_reviewer (window));
  WAIT_UNTIL (count_list_rows (GTK_WIDGET (window)) == all->len);

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
  WAIT_UNTIL (count_list_rows (GTK_WIDGET (window)) > 0);
  iterate_for (50);
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
  ui_test_init (&argc, &argv, UI_TEST_NONE);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/codebook-editor/shows-codebook", test_editor_shows_codebook);
  ADD ("/codebook-editor/add-rename-recolour", test_editor_add_rename_recolour);
  ADD ("/codebook-editor/add-group", test_editor_add_group);
  ADD ("/codebook-editor/move", test_editor_move);
  ADD ("/codebook-editor/delete-and-undo", test_editor_delete_and_undo);
  ADD ("/codebook-editor/delete-group-counts-subcodes", test_editor_delete_group_counts_subcodes);
  ADD ("/codebook-editor/menu-imports-and-exports", test_editor_menu_imports_and_exports);
  ADD ("/codebook-editor/export-import-round-trip", test_editor_export_import_round_trip);
  ADD ("/codebook-editor/import-refuses-bad-name", test_editor_import_refuses_bad_name);
  ADD ("/codebook-editor/export-refuses-project", test_editor_export_refuses_project);
  ADD ("/codebook-editor/import-fifo-refused", test_editor_import_fifo_refused);
  ADD ("/activity/lists-and-filters", test_activity_lists_and_filters);
  ADD ("/activity/pages-long-lists", test_activity_pages_long_lists);

#undef ADD

  return ui_test_run ();
}
