#define G_LOG_DOMAIN "intake-codebook-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "intake-accessible.h"
#include "intake-codebook-editor.h"
#include "intake-codebook-row.h"
#include "intake-error.h"
#include "intake-file.h"
#include "intake-text.h"

struct _IntakeCodebookEditor
{
  AdwWindow            parent_instance;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  GtkScrolledWindow   *code_scroller;
  GtkListBox          *code_list;
  GtkStack            *pane_stack;
  AdwPreferencesGroup *code_group;
  AdwEntryRow         *name_row;
  AdwActionRow        *color_row;
  GtkColorButton      *color_button;
  AdwActionRow        *codable_row;
  GtkSwitch           *codable_switch;
  GtkTextView         *description_view;
  GtkLabel            *usage_label;

  /* Owned references */
  IntakeProject       *project;
  IntakeCodebook      *codebook;        /* the project's, as the rows show it */
  char                *selected_guid;
  char                *deleting_guid;   /* the code the delete dialog asks about */
  AdwToast            *undo_toast;
  AdwToast            *file_toast;      /* the last import's or export's */
  GtkFileChooserNative *chooser;        /* the import or export chooser, while it is open */

  /* What the pane's fields were last filled with, for the code pane_guid:
   * a field that differs holds typing not saved yet (or refused), which
   * a reload leaves alone. */
  char                *pane_guid;
  char                *shown_name;
  char                *shown_description;
  char                *refused_name;    /* asked once, not again at every save */

  guint                description_timeout;
  guint                scroll_tick;
  guint                scroll_ticks_left;
  guint                filling;         /* the pane is being filled from the store */
  guint                rebuilding;      /* the rows are being rebuilt */
  guint                n_file_jobs;     /* imports and exports reading or writing */
};

G_DEFINE_FINAL_TYPE (IntakeCodebookEditor, intake_codebook_editor, ADW_TYPE_WINDOW)

enum { PROP_0, PROP_PROJECT, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* Colours for new top-level codes; a new subcode takes its parent's colour. */
static const char * const palette[] = {
  "#1C71D8", "#2EC27E", "#E5A50A", "#E66100", "#C01C28", "#813D9C", "#865E3C", "#5E5C64",
};

#define DESCRIPTION_SAVE_DELAY_MS 600

#define PROJECT_SUFFIX ".intake"

static void reload (IntakeCodebookEditor *self);

/* Helpers */

static IntakeStore *
get_store (IntakeCodebookEditor *self)
{
  return intake_project_get_store (self->project);
}

static IntakeCode *
get_code (IntakeCodebookEditor *self,
          const char           *guid)
{
  if (self->codebook == NULL || guid == NULL)
    return NULL;

  return intake_codebook_find_by_guid (self->codebook, guid);
}

static IntakeCode *
get_selected_code (IntakeCodebookEditor *self)
{
  return get_code (self, self->selected_guid);
}

static void
set_selected_guid (IntakeCodebookEditor *self,
                   const char           *guid)
{
  if (g_strcmp0 (self->selected_guid, guid) == 0)
    return;

  g_free (self->selected_guid);
  self->selected_guid = g_strdup (guid);
}

static void
show_error (IntakeCodebookEditor *self,
            const char           *what,
            const GError         *error)
{
  intake_show_error (GTK_WIDGET (self->toast_overlay), what, error);
}

/* The GUIDs of a code's siblings (itself included) in order: its parent's
 * children, or the top-level codes. */
static GPtrArray *
list_siblings (IntakeCodebookEditor *self,
               const char           *parent_guid)
{
  GPtrArray *siblings = g_ptr_array_new ();
  IntakeCode *parent = get_code (self, parent_guid);

  if (parent != NULL)
    {
      const char * const *children = intake_code_get_child_guids (parent);

      for (guint i = 0; children[i] != NULL; i++)
        g_ptr_array_add (siblings, (gpointer) children[i]);
    }
  else if (self->codebook != NULL)
    {
      guint n = intake_codebook_get_n_codes (self->codebook);

      for (guint i = 0; i < n; i++)
        {
          IntakeCode *code = intake_codebook_get_code (self->codebook, i);

          if (intake_code_get_parent_guid (code) == NULL)
            g_ptr_array_add (siblings, (gpointer) intake_code_get_guid (code));
        }
    }

  return siblings;
}

static int
sibling_index (GPtrArray  *siblings,
               const char *guid)
{
  for (guint i = 0; i < siblings->len; i++)
    if (g_strcmp0 (g_ptr_array_index (siblings, i), guid) == 0)
      return (int) i;

  return -1;
}

static guint
count_descendants (IntakeCodebookEditor *self,
                   IntakeCode           *code)
{
  const char * const *children = intake_code_get_child_guids (code);
  guint n = 0;

  for (guint i = 0; children[i] != NULL; i++)
    {
      IntakeCode *child = get_code (self, children[i]);

      n++;
      if (child != NULL)
        n += count_descendants (self, child);
    }

  return n;
}

/* Whether a sibling has @name as the store compares names. Only for naming
 * new codes: the store itself refuses a name that breaks its rules. */
static gboolean
sibling_has_name (IntakeCodebookEditor *self,
                  const char           *parent_guid,
                  const char           *name)
{
  g_autoptr(GPtrArray) siblings = list_siblings (self, parent_guid);

  for (guint i = 0; i < siblings->len; i++)
    {
      IntakeCode *code = get_code (self, g_ptr_array_index (siblings, i));

      if (code != NULL && intake_text_equal (intake_code_get_name (code), name))
        return TRUE;
    }

  return FALSE;
}

static char *
make_unique_name (IntakeCodebookEditor *self,
                  const char           *parent_guid,
                  const char           *base)
{
  char *name = g_strdup (base);

  for (guint i = 2; sibling_has_name (self, parent_guid, name); i++)
    {
      g_free (name);
      /* Translators: a new code's name when the plain one is taken, e.g. "New Code 2" */
      name = g_strdup_printf (_("%s %u"), base, i);
    }

  return name;
}

static char *
rgba_to_hex (const GdkRGBA *rgba)
{
  /* Rounded, so that a colour read from "#123456" is written back the same. */
  return g_strdup_printf ("#%02X%02X%02X",
                          (guint) (CLAMP (rgba->red, 0., 1.) * 255. + .5),
                          (guint) (CLAMP (rgba->green, 0., 1.) * 255. + .5),
                          (guint) (CLAMP (rgba->blue, 0., 1.) * 255. + .5));
}

static void
parse_color (const char *color,
             GdkRGBA    *rgba)
{
  if (color == NULL || !gdk_rgba_parse (rgba, color))
    gdk_rgba_parse (rgba, "#9A9996");
}

/* Rows */

static void
append_rows (IntakeCodebookEditor *self,
             IntakeCode           *code,
             guint                 level)
{
  const char * const *children = intake_code_get_child_guids (code);

  /* A codebook is shallow; the bound only guards against a parent cycle. */
  if (level > 64)
    return;

  gtk_list_box_append (self->code_list, intake_codebook_row_new (code));

  for (guint i = 0; children[i] != NULL; i++)
    {
      IntakeCode *child = get_code (self, children[i]);

      if (child != NULL)
        append_rows (self, child, level + 1);
    }
}

/* The GUIDs of the codes in the order of the tree's rows. */
static void
collect_order (IntakeCodebookEditor *self,
               IntakeCode           *code,
               guint                 level,
               GPtrArray            *order)
{
  const char * const *children = intake_code_get_child_guids (code);

  if (level > 64)
    return;

  g_ptr_array_add (order, (gpointer) intake_code_get_guid (code));
  for (guint i = 0; children[i] != NULL; i++)
    {
      IntakeCode *child = get_code (self, children[i]);

      if (child != NULL)
        collect_order (self, child, level + 1, order);
    }
}

/* Whether the rows stand for the codebook's codes in its order, so that a
 * change of names, descriptions or colours can update them in place. */
static gboolean
rows_in_order (IntakeCodebookEditor *self)
{
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->code_list));
  guint n = intake_codebook_get_n_codes (self->codebook);

  for (guint i = 0; i < n; i++)
    {
      IntakeCode *code = intake_codebook_get_code (self->codebook, i);

      if (intake_code_get_parent_guid (code) == NULL)
        collect_order (self, code, 0, order);
    }

  for (guint i = 0; i < order->len; i++, child = gtk_widget_get_next_sibling (child))
    if (!INTAKE_IS_CODEBOOK_ROW (child) ||
        g_strcmp0 (intake_codebook_row_get_guid (INTAKE_CODEBOOK_ROW (child)),
                   g_ptr_array_index (order, i)) != 0)
      return FALSE;

  return child == NULL;
}

static GtkListBoxRow *
find_row (IntakeCodebookEditor *self,
          const char           *guid)
{
  if (guid == NULL)
    return NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->code_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (INTAKE_IS_CODEBOOK_ROW (child) &&
          g_strcmp0 (intake_codebook_row_get_guid (INTAKE_CODEBOOK_ROW (child)), guid) == 0)
        return GTK_LIST_BOX_ROW (child);
    }

  return NULL;
}

/* GtkListBox in GTK 4.8 cannot scroll to a row, and rows made by a reload
 * have no place until the next layout: wait for it, then scroll. */
static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  IntakeCodebookEditor *self = INTAKE_CODEBOOK_EDITOR (user_data);
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->code_list);
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;
  double value, page;

  if (row == NULL || self->scroll_ticks_left-- == 0)
    goto done;

  if (gtk_widget_get_height (GTK_WIDGET (row)) == 0 ||
      !gtk_widget_compute_bounds (GTK_WIDGET (row), GTK_WIDGET (self->code_list), &bounds))
    return G_SOURCE_CONTINUE;

  adjustment = gtk_scrolled_window_get_vadjustment (self->code_scroller);
  value = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);

  if (bounds.origin.y < value)
    gtk_adjustment_set_value (adjustment, bounds.origin.y);
  else if (bounds.origin.y + bounds.size.height > value + page)
    gtk_adjustment_set_value (adjustment, bounds.origin.y + bounds.size.height - page);

done:
  self->scroll_tick = 0;
  return G_SOURCE_REMOVE;
}

static void
scroll_to_selected (IntakeCodebookEditor *self)
{
  self->scroll_ticks_left = 10;
  if (self->scroll_tick == 0)
    self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->code_list), scroll_tick_cb, self, NULL);
}

/* The editing pane */

static void
update_actions (IntakeCodebookEditor *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  IntakeCode *code = get_selected_code (self);
  gboolean can_up = FALSE, can_down = FALSE, can_indent = FALSE, can_outdent = FALSE;

  if (code != NULL)
    {
      const char *parent_guid = intake_code_get_parent_guid (code);
      g_autoptr(GPtrArray) siblings = list_siblings (self, parent_guid);
      int index = sibling_index (siblings, intake_code_get_guid (code));

      can_up = index > 0;
      can_down = index >= 0 && index + 1 < (int) siblings->len;
      can_indent = index > 0;
      can_outdent = parent_guid != NULL;
    }

  gtk_widget_action_set_enabled (widget, "editor.move-up", can_up);
  gtk_widget_action_set_enabled (widget, "editor.move-down", can_down);
  gtk_widget_action_set_enabled (widget, "editor.indent", can_indent);
  gtk_widget_action_set_enabled (widget, "editor.outdent", can_outdent);
  gtk_widget_action_set_enabled (widget, "editor.delete", code != NULL);
  gtk_widget_action_set_enabled (widget, "editor.focus-name", code != NULL);
  /* The project's undo, as far as it goes back over codebook edits. */
  gtk_widget_action_set_enabled (widget, "editor.undo",
                                 intake_project_get_can_undo_codebook (self->project));
  gtk_widget_action_set_enabled (widget, "editor.redo",
                                 intake_project_get_can_redo_codebook (self->project));
  /* One file at a time: a slow disk must not pile up choosers and writes. */
  gtk_widget_action_set_enabled (widget, "editor.import", self->chooser == NULL && self->n_file_jobs == 0);
  gtk_widget_action_set_enabled (widget, "editor.export", self->chooser == NULL && self->n_file_jobs == 0);
}

static char *dup_description_text (IntakeCodebookEditor *self);

static void
fill_pane (IntakeCodebookEditor *self)
{
  IntakeCode *code = get_selected_code (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *usage = NULL;
  GtkTextBuffer *buffer;
  g_autofree char *old_description = NULL;
  const char *description;
  const char *text;
  gboolean same;
  GdkRGBA rgba;
  gboolean codable;
  guint n_codings;
  guint n_descendants;

  if (code == NULL)
    {
      g_clear_pointer (&self->pane_guid, g_free);
      gtk_stack_set_visible_child_name (self->pane_stack, "none");
      return;
    }

  self->filling++;

  /* Another code: whatever the fields hold goes. The same code, reloaded:
   * a field holding typing not saved yet keeps it. */
  same = g_strcmp0 (self->pane_guid, intake_code_get_guid (code)) == 0;
  if (!same)
    {
      g_free (self->pane_guid);
      self->pane_guid = g_strdup (intake_code_get_guid (code));
      g_clear_pointer (&self->refused_name, g_free);
    }

  codable = intake_code_get_is_codable (code);
  adw_preferences_group_set_title (self->code_group, codable ? _("Code") : C_("codebook", "Group"));

  /* Only replace what differs, so a reload does not move the cursor. */
  text = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  if (!same || g_strcmp0 (text, self->shown_name) == 0)
    {
      if (g_strcmp0 (text, intake_code_get_name (code)) != 0)
        gtk_editable_set_text (GTK_EDITABLE (self->name_row), intake_code_get_name (code));
      g_free (self->shown_name);
      self->shown_name = g_strdup (intake_code_get_name (code));
    }

  description = intake_code_get_description (code) ? intake_code_get_description (code) : "";
  buffer = gtk_text_view_get_buffer (self->description_view);
  old_description = dup_description_text (self);
  if (!same || g_strcmp0 (old_description, self->shown_description) == 0)
    {
      if (g_strcmp0 (old_description, description) != 0)
        gtk_text_buffer_set_text (buffer, description, -1);
      g_free (self->shown_description);
      self->shown_description = g_strdup (description);
    }

  parse_color (intake_code_get_color (code), &rgba);
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->color_button), &rgba);

  gtk_switch_set_active (self->codable_switch, codable);
  adw_action_row_set_subtitle (self->codable_row,
                               codable
                               ? _("Reviewers apply it to submissions and excerpts")
                               : _("A group only organizes the codes under it"));

  n_codings = intake_store_count_code_codings (get_store (self), intake_code_get_guid (code), &error);
  n_descendants = count_descendants (self, code);
  if (error != NULL)
    usage = g_strdup (error->message);
  else if (n_codings == 0)
    usage = g_strdup (n_descendants > 0
                      ? _("Neither it nor the codes under it have been applied yet.")
                      : _("Not applied yet."));
  else if (n_descendants > 0)
    usage = g_strdup_printf (ngettext ("Used in %u coding, counting the codes under it.",
                                       "Used in %u codings, counting the codes under it.",
                                       n_codings),
                             n_codings);
  else
    usage = g_strdup_printf (ngettext ("Used in %u coding.", "Used in %u codings.", n_codings),
                             n_codings);
  gtk_label_set_text (self->usage_label, usage);

  gtk_stack_set_visible_child_name (self->pane_stack, "code");

  self->filling--;
}


static char *
dup_description_text (IntakeCodebookEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Saves a field through the project. The field counts as shown before the
 * call: the reload the change brings then takes the stored value. */
static gboolean
save_field (IntakeCodebookEditor  *self,
            char                 **shown,
            const char            *typed,
            gboolean               is_name,
            const char            *guid,
            const char            *value,
            GError               **error)
{
  g_autofree char *was_shown = g_steal_pointer (shown);
  gboolean ok;

  *shown = g_strdup (typed);
  ok = is_name ? intake_project_rename_code (self->project, guid, value, error)
               : intake_project_describe_code (self->project, guid, value, error);
  if (!ok)
    {
      /* Unsaved: the field keeps what was typed. */
      g_free (*shown);
      *shown = g_steal_pointer (&was_shown);
    }

  return ok;
}

/* Writes the name and description of the selected code when they differ
 * from the project's; every way out of editing ends here so nothing typed
 * is lost. Each is its own undo step. Returns whether the project changed. */
static gboolean
commit_edits (IntakeCodebookEditor *self)
{
  IntakeCode *code = get_selected_code (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *typed_name = NULL;
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;
  g_autofree char *old_description = NULL;
  g_autofree char *guid = NULL;
  gboolean changed = FALSE;

  g_clear_handle_id (&self->description_timeout, g_source_remove);

  if (code == NULL || self->filling > 0 || gtk_widget_in_destruction (GTK_WIDGET (self)))
    return FALSE;

  guid = g_strdup (intake_code_get_guid (code));
  typed_name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  name = g_strstrip (g_strdup (typed_name));
  description = dup_description_text (self);
  old_description = g_strdup (intake_code_get_description (code) ? intake_code_get_description (code) : "");

  /* The store says what is wrong with a name (empty, a "/", a sibling's);
   * a name it refused is not asked again until it is changed. */
  if (g_strcmp0 (name, intake_code_get_name (code)) != 0 && g_strcmp0 (name, self->refused_name) != 0)
    {
      if (save_field (self, &self->shown_name, typed_name, TRUE, guid, name, &error))
        {
          g_clear_pointer (&self->refused_name, g_free);
          changed = TRUE;
        }
      else
        {
          show_error (self, _("Could not rename the code"), error);
          g_clear_error (&error);
          g_free (self->refused_name);
          self->refused_name = g_strdup (name);
        }
    }

  /* The rename may have replaced the code. */
  if (g_strcmp0 (description, old_description) != 0 && get_code (self, guid) != NULL)
    {
      if (save_field (self, &self->shown_description, description, FALSE, guid, description, &error))
        changed = TRUE;
      else
        show_error (self, _("Could not save the description"), error);
    }

  return changed;
}

/* Rebuilds the tree from the project's codebook, keeping the selected code
 * selected. */
static void
reload (IntakeCodebookEditor *self)
{
  gboolean had_focus = FALSE;
  GtkListBoxRow *row;
  GtkWidget *child;
  guint n;

  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  g_set_object (&self->codebook, intake_project_get_codebook (self->project));

  /* Renamed, described or recoloured: the rows, their selection and the
   * focus stay. */
  if (rows_in_order (self))
    {
      for (child = gtk_widget_get_first_child (GTK_WIDGET (self->code_list));
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          IntakeCodebookRow *code_row = INTAKE_CODEBOOK_ROW (child);

          intake_codebook_row_update (code_row, get_code (self, intake_codebook_row_get_guid (code_row)));
        }

      fill_pane (self);
      update_actions (self);
      return;
    }

  if ((row = gtk_list_box_get_selected_row (self->code_list)))
    had_focus = gtk_widget_has_focus (GTK_WIDGET (row));

  self->rebuilding++;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->code_list))))
    gtk_list_box_remove (self->code_list, child);

  n = intake_codebook_get_n_codes (self->codebook);
  for (guint i = 0; i < n; i++)
    {
      IntakeCode *code = intake_codebook_get_code (self->codebook, i);

      if (intake_code_get_parent_guid (code) == NULL)
        append_rows (self, code, 0);
    }

  row = find_row (self, self->selected_guid);
  if (row == NULL)
    set_selected_guid (self, NULL);
  gtk_list_box_select_row (self->code_list, row);
  if (row != NULL && had_focus)
    gtk_widget_grab_focus (GTK_WIDGET (row));
  if (row != NULL)
    scroll_to_selected (self);

  self->rebuilding--;

  {
    g_autofree char *subtitle = g_strdup_printf (ngettext ("%u code", "%u codes", n), n);
    adw_window_title_set_subtitle (self->window_title, subtitle);
  }

  fill_pane (self);
  update_actions (self);
}

/* Selects the code's row (none for %NULL or a code not there) and shows
 * it in the pane; the keyboard focus follows unless the user is typing in
 * the pane. */
static void
select_guid (IntakeCodebookEditor *self,
             const char           *guid)
{
  GtkListBoxRow *row = find_row (self, guid);
  GtkWidget *focus;

  set_selected_guid (self, row != NULL ? guid : NULL);

  self->rebuilding++;
  gtk_list_box_select_row (self->code_list, row);
  self->rebuilding--;

  if (row != NULL)
    {
      scroll_to_selected (self);

      focus = gtk_window_get_focus (GTK_WINDOW (self));
      if (focus == NULL || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->code_list)))
        gtk_widget_grab_focus (GTK_WIDGET (row));
    }

  fill_pane (self);
  update_actions (self);
}

/* Signal handlers */

static void
code_list_row_selected_cb (IntakeCodebookEditor *self,
                           GtkListBoxRow        *row,
                           GtkListBox           *list_box)
{
  g_autofree char *guid = row ? g_strdup (intake_codebook_row_get_guid (INTAKE_CODEBOOK_ROW (row))) : NULL;

  if (self->rebuilding > 0 || g_strcmp0 (guid, self->selected_guid) == 0)
    return;

  /* Save what was typed for the code being left before showing the next;
   * the rows may be new after it. */
  commit_edits (self);

  select_guid (self, guid);
}

static void
name_row_apply_cb (IntakeCodebookEditor *self,
                   AdwEntryRow          *row)
{
  commit_edits (self);
}

static void
name_focus_leave_cb (IntakeCodebookEditor    *self,
                     GtkEventControllerFocus *controller)
{
  if (commit_edits (self))
    {
      /* The row's apply button only hides by itself when it is used. */
      adw_entry_row_set_show_apply_button (self->name_row, FALSE);
      adw_entry_row_set_show_apply_button (self->name_row, TRUE);
    }
}

static gboolean
description_timeout_cb (gpointer user_data)
{
  IntakeCodebookEditor *self = user_data;

  self->description_timeout = 0;
  commit_edits (self);

  return G_SOURCE_REMOVE;
}

static void
description_changed_cb (IntakeCodebookEditor *self,
                        GtkTextBuffer        *buffer)
{
  if (self->filling > 0)
    return;

  /* Saved shortly after typing stops, and at once when focus leaves. */
  g_clear_handle_id (&self->description_timeout, g_source_remove);
  self->description_timeout = g_timeout_add (DESCRIPTION_SAVE_DELAY_MS, description_timeout_cb, self);
}

static void
description_focus_leave_cb (IntakeCodebookEditor    *self,
                            GtkEventControllerFocus *controller)
{
  commit_edits (self);
}

static void
color_button_color_set_cb (IntakeCodebookEditor *self,
                           GtkColorButton       *button)
{
  IntakeCode *code = get_selected_code (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *color = NULL;
  g_autofree char *guid = NULL;
  GdkRGBA rgba;

  if (code == NULL || self->filling > 0)
    return;

  commit_edits (self);

  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (button), &rgba);
  color = rgba_to_hex (&rgba);
  guid = g_strdup (intake_code_get_guid (code));

  /* On failure the button goes back to the code's colour. */
  if (!intake_project_recolor_code (self->project, guid, color, &error))
    {
      show_error (self, _("Could not change the colour"), error);
      fill_pane (self);
    }
}

/* The project's changes: the editor's own, and undo and redo anywhere. */

static void
codebook_changed_cb (IntakeCodebookEditor *self,
                     IntakeProject        *project)
{
  reload (self);
}

static void
undo_state_changed_cb (IntakeCodebookEditor *self)
{
  update_actions (self);
}

static void
undo_toast_dismissed_cb (IntakeCodebookEditor *self,
                         AdwToast             *toast)
{
  if (self->undo_toast == toast)
    g_clear_object (&self->undo_toast);
}

static gboolean
dismiss_undo_toast_idle (gpointer user_data)
{
  IntakeCodebookEditor *self = user_data;

  if (self->undo_toast != NULL)
    adw_toast_dismiss (self->undo_toast);

  return G_SOURCE_REMOVE;
}

/* Actions */

static void
add (IntakeCodebookEditor *self,
     gboolean              is_group)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *guid = NULL;
  g_autofree char *name = NULL;
  const char *parent_guid = NULL;
  IntakeCode *parent = NULL;
  const char *color;

  commit_edits (self);

  /* Codes go under the selected code; groups start a new part of the codebook. */
  if (!is_group && (parent = get_selected_code (self)))
    parent_guid = intake_code_get_guid (parent);

  name = make_unique_name (self, parent_guid, is_group ? _("New Group") : _("New Code"));
  if (parent != NULL && intake_code_get_color (parent) != NULL)
    color = intake_code_get_color (parent);
  else
    {
      g_autoptr(GPtrArray) roots = list_siblings (self, NULL);
      color = palette[roots->len % G_N_ELEMENTS (palette)];
    }

  if (!intake_project_add_code (self->project, parent_guid, name, color, !is_group, &guid, &error))
    {
      show_error (self, is_group ? _("Could not add the group") : _("Could not add the code"), error);
      return;
    }

  /* The tree has it already, through the project's signal. */
  select_guid (self, guid);

  /* The new code is named next: put the cursor there with the name selected. */
  if (find_row (self, guid) != NULL)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      gtk_editable_select_region (GTK_EDITABLE (self->name_row), 0, -1);
    }
}

static void
add_code_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  add (INTAKE_CODEBOOK_EDITOR (widget), FALSE);
}

static void
add_group_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  add (INTAKE_CODEBOOK_EDITOR (widget), TRUE);
}

/* The tree follows through the project's signal, the selection with the code. */
static void
move_selected (IntakeCodebookEditor *self,
               const char           *parent_guid,
               int                   position)
{
  g_autoptr(GError) error = NULL;

  if (!intake_project_move_code (self->project, self->selected_guid, parent_guid, position, &error))
    show_error (self, _("Could not move the code"), error);
}

static void
reorder_selected (IntakeCodebookEditor *self,
                  int                   position)
{
  g_autoptr(GError) error = NULL;

  if (!intake_project_reorder_code (self->project, self->selected_guid, position, &error))
    show_error (self, _("Could not move the code"), error);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  IntakeCodebookEditor *self = INTAKE_CODEBOOK_EDITOR (widget);
  g_autoptr(GPtrArray) siblings = NULL;
  g_autofree char *parent_guid = NULL;
  IntakeCode *code;
  int index;

  commit_edits (self);

  if (!(code = get_selected_code (self)))
    return;

  parent_guid = g_strdup (intake_code_get_parent_guid (code));
  siblings = list_siblings (self, parent_guid);
  index = sibling_index (siblings, intake_code_get_guid (code));
  if (index < 0)
    return;

  if (g_str_equal (action_name, "editor.move-up") && index > 0)
    reorder_selected (self, index - 1);
  else if (g_str_equal (action_name, "editor.move-down") && index + 1 < (int) siblings->len)
    reorder_selected (self, index + 1);
  else if (g_str_equal (action_name, "editor.indent") && index > 0)
    {
      /* Into the sibling above, as its last child. */
      g_autofree char *new_parent = g_strdup (g_ptr_array_index (siblings, index - 1));
      move_selected (self, new_parent, -1);
    }
  else if (g_str_equal (action_name, "editor.outdent") && parent_guid != NULL)
    {
      /* Out of its parent, just after it. */
      IntakeCode *parent = get_code (self, parent_guid);
      g_autofree char *grandparent = g_strdup (parent ? intake_code_get_parent_guid (parent) : NULL);
      g_autoptr(GPtrArray) parent_siblings = list_siblings (self, grandparent);
      int parent_index = sibling_index (parent_siblings, parent_guid);

      move_selected (self, grandparent, parent_index >= 0 ? parent_index + 1 : -1);
    }
}

static char *
format_delete_body (const char *name,
                    guint       n_descendants,
                    guint       n_codings)
{
  g_autofree char *subject = NULL;

  if (n_descendants == 0)
    {
      if (n_codings == 0)
        return g_strdup_printf (_("“%s” is not used in any coding."), name);

      return g_strdup_printf (ngettext ("“%s” is used in %u coding. It will be removed too.",
                                        "“%s” is used in %u codings. They will be removed too.",
                                        n_codings),
                              name, n_codings);
    }

  /* Translators: the start of a sentence that goes on "… are used in 14 codings." */
  subject = g_strdup_printf (ngettext ("“%s” and its %u subcode",
                                       "“%s” and its %u subcodes",
                                       n_descendants),
                             name, n_descendants);

  if (n_codings == 0)
    /* Translators: %s is "“Trust” and its 2 subcodes" */
    return g_strdup_printf (_("%s are not used in any coding. They will all be deleted."), subject);

  /* Translators: %s is "“Trust” and its 2 subcodes" */
  return g_strdup_printf (ngettext ("%s are used in %u coding. It will be removed too.",
                                    "%s are used in %u codings. They will be removed too.",
                                    n_codings),
                          subject, n_codings);
}

static void
delete_dialog_response_cb (IntakeCodebookEditor *self,
                           const char           *response,
                           AdwMessageDialog     *dialog)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) siblings = NULL;
  g_autofree char *next_guid = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  /* The dialog is modal: no other one replaced the code it asks about. */
  g_autofree char *guid = g_steal_pointer (&self->deleting_guid);
  IntakeCode *code;
  AdwToast *toast;
  int index;

  if (g_strcmp0 (response, "delete") != 0)
    return;

  if (!(code = get_code (self, guid)))
    return;

  /* Afterwards select what took its place: the next sibling, the one
   * before, or its parent. */
  /* The code is gone once deleted; the toast still names it. */
  name = g_strdup (intake_code_get_name (code));
  siblings = list_siblings (self, intake_code_get_parent_guid (code));
  index = sibling_index (siblings, guid);
  if (index >= 0 && index + 1 < (int) siblings->len)
    next_guid = g_strdup (g_ptr_array_index (siblings, index + 1));
  else if (index > 0)
    next_guid = g_strdup (g_ptr_array_index (siblings, index - 1));
  else
    next_guid = g_strdup (intake_code_get_parent_guid (code));

  if (!intake_project_delete_code (self->project, guid, &error))
    {
      show_error (self, _("Could not delete the code"), error);
      return;
    }

  select_guid (self, next_guid);

  if (self->undo_toast != NULL)
    adw_toast_dismiss (self->undo_toast);

  /* Translators: a toast after deleting a code; %s is its name */
  title = g_strdup_printf (_("Deleted “%s”"), name);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "editor.undo");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (undo_toast_dismissed_cb), self, G_CONNECT_SWAPPED);
  g_set_object (&self->undo_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  IntakeCodebookEditor *self = INTAKE_CODEBOOK_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  IntakeCode *code;
  guint n_codings;

  commit_edits (self);

  if (!(code = get_selected_code (self)))
    return;

  n_codings = intake_store_count_code_codings (get_store (self), intake_code_get_guid (code), &error);
  if (error != NULL)
    {
      show_error (self, _("Could not count the code’s codings"), error);
      return;
    }

  heading = g_strdup_printf (_("Delete “%s”?"), intake_code_get_name (code));
  body = format_delete_body (intake_code_get_name (code), count_descendants (self, code), n_codings);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  intake_accessible_name_by_mnemonics (dialog);
  g_free (self->deleting_guid);
  self->deleting_guid = g_strdup (intake_code_get_guid (code));
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_dialog_response_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_window_present (GTK_WINDOW (dialog));
}

/* The first code of @codebook that @before did not have, whose parent it
 * had: the code an undo or redo brought back. */
static const char *
find_new_code (IntakeCodebook *codebook,
               IntakeCodebook *before)
{
  guint n = intake_codebook_get_n_codes (codebook);

  for (guint i = 0; i < n; i++)
    {
      IntakeCode *code = intake_codebook_get_code (codebook, i);
      const char *parent = intake_code_get_parent_guid (code);

      if (intake_codebook_find_by_guid (before, intake_code_get_guid (code)) == NULL &&
          (parent == NULL || intake_codebook_find_by_guid (before, parent) != NULL))
        return intake_code_get_guid (code);
    }

  return NULL;
}

static void
step (IntakeCodebookEditor *self,
      gboolean              undo)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeCodebook) before = NULL;
  gboolean ok;

  /* Only codebook edits: coding is undone in the main window, where its
   * effect can be seen. */
  if (undo ? !intake_project_get_can_undo_codebook (self->project)
           : !intake_project_get_can_redo_codebook (self->project))
    return;

  commit_edits (self);

  /* Later, because when the toast's own button got here the toast
   * dismisses itself once this returns. */
  g_idle_add_full (G_PRIORITY_DEFAULT, dismiss_undo_toast_idle, g_object_ref (self), g_object_unref);

  before = g_object_ref (intake_project_get_codebook (self->project));
  ok = undo ? intake_project_undo (self->project, &error) : intake_project_redo (self->project, &error);
  if (!ok)
    {
      show_error (self, undo ? _("Could not undo") : _("Could not redo"), error);
      return;
    }

  /* A code brought back (an undone deletion, a redone addition) is selected. */
  {
    const char *back = find_new_code (intake_project_get_codebook (self->project), before);

    if (back != NULL)
      select_guid (self, back);
  }
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  step (INTAKE_CODEBOOK_EDITOR (widget), TRUE);
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  step (INTAKE_CODEBOOK_EDITOR (widget), FALSE);
}

static void
focus_name_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  IntakeCodebookEditor *self = INTAKE_CODEBOOK_EDITOR (widget);

  if (get_selected_code (self) == NULL)
    return;

  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  gtk_editable_select_region (GTK_EDITABLE (self->name_row), 0, -1);
}

/* Importing and exporting REFI-QDA codebooks */

static void
file_job_begin (IntakeCodebookEditor *self)
{
  self->n_file_jobs++;
  update_actions (self);
}

static void
file_job_end (IntakeCodebookEditor *self)
{
  g_assert (self->n_file_jobs > 0);
  self->n_file_jobs--;

  /* Closed meanwhile: there are no actions left to update. */
  if (self->project != NULL)
    update_actions (self);
}

/* The file's name as the person chose it, for the toasts. */
static char *
dup_display_basename (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  return basename != NULL ? g_filename_display_name (basename) : g_file_get_parse_name (file);
}

/* The worker threads read and write by path, as the command line does, so
 * that a pipe or a device is refused the same way. */
static char *
dup_local_path (GFile   *file,
                GError **error)
{
  char *path = g_file_get_path (file);

  if (path == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” is not a file on this computer"), name);
    }

  return path;
}

static void
file_toast_dismissed_cb (IntakeCodebookEditor *self,
                         AdwToast             *toast)
{
  if (self->file_toast == toast)
    g_clear_object (&self->file_toast);
}

/* A newer import or export says how it went at once, rather than after
 * the last one's toast times out. */
static void
dismiss_file_toast (IntakeCodebookEditor *self)
{
  g_autoptr(AdwToast) toast = g_steal_pointer (&self->file_toast);

  if (toast != NULL)
    adw_toast_dismiss (toast);
}

static void
show_file_toast (IntakeCodebookEditor *self,
                 char                 *escaped_title)
{
  AdwToast *toast = adw_toast_new (escaped_title);

  g_free (escaped_title);
  dismiss_file_toast (self);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (file_toast_dismissed_cb), self, G_CONNECT_SWAPPED);
  g_set_object (&self->file_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_file_error (IntakeCodebookEditor *self,
                 const char           *what,
                 const GError         *error)
{
  dismiss_file_toast (self);
  show_error (self, what, error);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(GBytes) bytes = NULL;
  IntakeCodebook *codebook;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  /* Parsed here too: a large codebook takes a moment, and it is checked
   * whole before the project is touched. */
  if ((bytes = intake_file_read (path, INTAKE_CODEBOOK_MAX_SIZE, &error)) == NULL ||
      (codebook = intake_codebook_load_qdc (bytes, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, codebook, g_object_unref);
}

/* Back on the main thread: the project takes the codebook, and every view
 * follows its codebook-changed. */
static void
import_read_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IntakeCodebookEditor *self = g_task_get_source_object (task);
  g_autoptr(IntakeCodebook) codebook = NULL;
  g_autoptr(GError) error = NULL;
  GFile *file = g_task_get_task_data (task);

  file_job_end (self);

  codebook = g_task_propagate_pointer (G_TASK (result), &error);

  /* Closing the editor gives up an import that had not reached the project. */
  if (codebook != NULL && self->project == NULL)
    {
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The codebook editor was closed"));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (codebook != NULL && !intake_project_import_codebook (self->project, codebook, &error))
    g_clear_object (&codebook);

  if (codebook == NULL)
    {
      if (self->project != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_file_error (self, _("Could not import the codebook"), error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  {
    g_autofree char *name = dup_display_basename (file);
    guint n = intake_codebook_get_n_codes (codebook);

    /* Toast titles are markup. */
    show_file_toast (self, g_markup_printf_escaped (ngettext ("Imported %u code from “%s”",
                                                              "Imported %u codes from “%s”", n),
                                                    n, name));
  }

  g_task_return_boolean (task, TRUE);
}

/**
 * intake_codebook_editor_import_file:
 *
 * Reads a REFI-QDA codebook in a worker thread and imports it into the
 * project: new codes are added, those the project has (by GUID) updated.
 * The editor tells the outcome in a toast, a refusal with its reason.
 */
void
intake_codebook_editor_import_file (IntakeCodebookEditor *self,
                                    GFile                *file,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) read_task = NULL;
  g_autoptr(GError) error = NULL;
  char *path;

  g_return_if_fail (INTAKE_IS_CODEBOOK_EDITOR (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, intake_codebook_editor_import_file);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);

  if ((path = dup_local_path (file, &error)) == NULL)
    {
      show_file_error (self, _("Could not import the codebook"), error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* What was typed is saved first, so the import merges into it. */
  commit_edits (self);

  file_job_begin (self);
  /* The worker's task holds no widget: its last reference may go in the
   * worker thread. */
  read_task = g_task_new (NULL, cancellable, import_read_cb, g_steal_pointer (&task));
  g_task_set_source_tag (read_task, import_thread);
  g_task_set_task_data (read_task, path, g_free);
  g_task_run_in_thread (read_task, import_thread);
}

gboolean
intake_codebook_editor_import_file_finish (IntakeCodebookEditor  *self,
                                           GAsyncResult          *result,
                                           GError               **error)
{
  g_return_val_if_fail (INTAKE_IS_CODEBOOK_EDITOR (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == intake_codebook_editor_import_file, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  char   *path;
  GBytes *bytes;
  char   *protected_paths[2];   /* the open project, NULL-terminated */
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_free (job->path);
  g_bytes_unref (job->bytes);
  g_free (job->protected_paths[0]);
  g_free (job);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  /* Written whole or not at all, and never over the open project or its
   * SQLite files, however the path is spelled. */
  if (!intake_file_write (job->path, job->bytes, (const char * const *) job->protected_paths, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
export_write_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IntakeCodebookEditor *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  GFile *file = g_task_get_task_data (task);

  file_job_end (self);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (self->project != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_file_error (self, _("Could not export the codebook"), error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Written even when the editor was closed meanwhile; only the toast goes. */
  if (self->project != NULL)
    {
      g_autofree char *name = dup_display_basename (file);

      show_file_toast (self, g_markup_printf_escaped (_("Exported the codebook to “%s”"), name));
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * intake_codebook_editor_export_file:
 *
 * Writes the project's codebook as REFI-QDA in a worker thread, replacing
 * @file whole. The editor tells the outcome in a toast.
 */
void
intake_codebook_editor_export_file (IntakeCodebookEditor *self,
                                    GFile                *file,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) write_task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  ExportJob *job;

  g_return_if_fail (INTAKE_IS_CODEBOOK_EDITOR (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, intake_codebook_editor_export_file);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);

  /* What was typed goes into the file too. */
  commit_edits (self);

  /* The bytes are made here, from the codebook as it is now; only the
   * writing waits on the disk. */
  if ((path = dup_local_path (file, &error)) == NULL ||
      (bytes = intake_codebook_to_qdc (intake_project_get_codebook (self->project), &error)) == NULL)
    {
      show_file_error (self, _("Could not export the codebook"), error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  job = g_new0 (ExportJob, 1);
  job->path = g_steal_pointer (&path);
  job->bytes = g_steal_pointer (&bytes);
  job->protected_paths[0] = g_strdup (intake_project_get_path (self->project));

  file_job_begin (self);
  write_task = g_task_new (NULL, cancellable, export_write_cb, g_steal_pointer (&task));
  g_task_set_source_tag (write_task, export_thread);
  g_task_set_task_data (write_task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (write_task, export_thread);
}

gboolean
intake_codebook_editor_export_file_finish (IntakeCodebookEditor  *self,
                                           GAsyncResult          *result,
                                           GError               **error)
{
  g_return_val_if_fail (INTAKE_IS_CODEBOOK_EDITOR (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == intake_codebook_editor_export_file, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* "Consultation codebook.qdc" for the project Consultation.intake. */
static char *
suggest_export_name (IntakeCodebookEditor *self)
{
  const char *path = intake_project_get_path (self->project);
  g_autofree char *name = NULL;

  if (path == NULL)
    return g_strdup (_("Codebook.qdc"));

  name = g_filename_display_basename (path);
  if (g_str_has_suffix (name, PROJECT_SUFFIX) && strlen (name) > strlen (PROJECT_SUFFIX))
    name[strlen (name) - strlen (PROJECT_SUFFIX)] = '\0';

  /* Translators: the file name suggested for an exported codebook; %s is the project's name */
  return g_strdup_printf (_("%s codebook.qdc"), name);
}

static void
close_chooser (IntakeCodebookEditor *self)
{
  if (self->chooser == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->chooser, self);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
}

static void
chooser_response_cb (IntakeCodebookEditor *self,
                     int                   response,
                     GtkNativeDialog      *native)
{
  g_autoptr(GFile) file = NULL;
  gboolean import = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (native)) == GTK_FILE_CHOOSER_ACTION_OPEN;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

  close_chooser (self);
  update_actions (self);

  if (file == NULL)
    return;

  if (import)
    intake_codebook_editor_import_file (self, file, NULL, NULL, NULL);
  else
    intake_codebook_editor_export_file (self, file, NULL, NULL, NULL);
}

static void
choose_file (IntakeCodebookEditor *self,
             GtkFileChooserAction  chooser_action)
{
  gboolean import = chooser_action == GTK_FILE_CHOOSER_ACTION_OPEN;
  g_autoptr(GtkFileFilter) qdc = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  commit_edits (self);

  if (self->chooser != NULL || self->n_file_jobs > 0)
    return;

  /* In SAVE mode GTK itself asks before replacing a file. */
  self->chooser = gtk_file_chooser_native_new (import ? _("Import Codebook") : _("Export Codebook"),
                                               GTK_WINDOW (self),
                                               chooser_action,
                                               import ? _("_Import") : _("_Export"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  gtk_file_filter_set_name (qdc, _("REFI-QDA codebook (*.qdc)"));
  gtk_file_filter_add_suffix (qdc, "qdc");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), qdc);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (self->chooser), qdc);

  if (!import)
    {
      g_autofree char *name = suggest_export_name (self);

      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
    }

  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
  update_actions (self);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  choose_file (INTAKE_CODEBOOK_EDITOR (widget), GTK_FILE_CHOOSER_ACTION_OPEN);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  choose_file (INTAKE_CODEBOOK_EDITOR (widget), GTK_FILE_CHOOSER_ACTION_SAVE);
}

/* GObject */

static gboolean
intake_codebook_editor_close_request (GtkWindow *window)
{
  commit_edits (INTAKE_CODEBOOK_EDITOR (window));

  return GTK_WINDOW_CLASS (intake_codebook_editor_parent_class)->close_request (window);
}

static void
intake_codebook_editor_constructed (GObject *object)
{
  IntakeCodebookEditor *self = INTAKE_CODEBOOK_EDITOR (object);
  GtkListBoxRow *first_row;

  G_OBJECT_CLASS (intake_codebook_editor_parent_class)->constructed (object);

  g_assert (INTAKE_IS_PROJECT (self->project));

  g_signal_connect_object (self->project, "codebook-changed",
                           G_CALLBACK (codebook_changed_cb), self, G_CONNECT_SWAPPED);
  /* A coding on top of the history hides the codebook edits under it. */
  g_signal_connect_object (self->project, "submission-changed",
                           G_CALLBACK (undo_state_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "notify::can-undo",
                           G_CALLBACK (undo_state_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "notify::can-redo",
                           G_CALLBACK (undo_state_changed_cb), self, G_CONNECT_SWAPPED);
  reload (self);

  /* Keyboard first: arrows move through the codes as soon as it opens. */
  first_row = gtk_list_box_get_row_at_index (self->code_list, 0);
  if (first_row != NULL)
    gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (first_row));
}

static void
intake_codebook_editor_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  IntakeCodebookEditor *self = INTAKE_CODEBOOK_EDITOR (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_codebook_editor_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  IntakeCodebookEditor *self = INTAKE_CODEBOOK_EDITOR (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      self->project = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_codebook_editor_dispose (GObject *object)
{
  IntakeCodebookEditor *self = INTAKE_CODEBOOK_EDITOR (object);

  g_clear_handle_id (&self->description_timeout, g_source_remove);
  if (self->scroll_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self->code_list), self->scroll_tick);
      self->scroll_tick = 0;
    }

  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);

  close_chooser (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), INTAKE_TYPE_CODEBOOK_EDITOR);

  g_clear_object (&self->undo_toast);
  g_clear_object (&self->file_toast);
  g_clear_object (&self->codebook);
  g_clear_object (&self->project);
  g_clear_pointer (&self->selected_guid, g_free);
  g_clear_pointer (&self->deleting_guid, g_free);
  g_clear_pointer (&self->pane_guid, g_free);
  g_clear_pointer (&self->shown_name, g_free);
  g_clear_pointer (&self->shown_description, g_free);
  g_clear_pointer (&self->refused_name, g_free);

  G_OBJECT_CLASS (intake_codebook_editor_parent_class)->dispose (object);
}

static void
intake_codebook_editor_class_init (IntakeCodebookEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = intake_codebook_editor_constructed;
  object_class->dispose = intake_codebook_editor_dispose;
  object_class->get_property = intake_codebook_editor_get_property;
  object_class->set_property = intake_codebook_editor_set_property;

  window_class->close_request = intake_codebook_editor_close_request;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL,
                         INTAKE_TYPE_PROJECT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/argylepr/FeedbackIntake/ui/intake-codebook-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, IntakeCodebookEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, IntakeCodebookEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, IntakeCodebookEditor, code_scroller);
  gtk_widget_class_bind_template_child (widget_class, IntakeCodebookEditor, code_list);
  gtk_widget_class_bind_template_child (widget_class, IntakeCodebookEditor, pane_stack);
  gtk_widget_class_bind_template_child (widget_class, IntakeCodebookEditor, code_group);
  gtk_widget_class_bind_template_child (widget_class, IntakeCodebookEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, IntakeCodebookEditor, color_row);
  gtk_widget_class_bind_template_child (widget_class, IntakeCodebookEditor, color_button);
  gtk_widget_class_bind_template_child (widget_class, IntakeCodebookEditor, codable_row);
  gtk_widget_class_bind_template_child (widget_class, IntakeCodebookEditor, codable_switch);
  gtk_widget_class_bind_template_child (widget_class, IntakeCodebookEditor, description_view);
  gtk_widget_class_bind_template_child (widget_class, IntakeCodebookEditor, usage_label);
  gtk_widget_class_bind_template_callback (widget_class, code_list_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, color_button_color_set_cb);

  gtk_widget_class_install_action (widget_class, "editor.add-code", NULL, add_code_action);
  gtk_widget_class_install_action (widget_class, "editor.add-group", NULL, add_group_action);
  gtk_widget_class_install_action (widget_class, "editor.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "editor.move-up", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "editor.move-down", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "editor.indent", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "editor.outdent", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "editor.focus-name", NULL, focus_name_action);
  gtk_widget_class_install_action (widget_class, "editor.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "editor.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "editor.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "editor.export", NULL, export_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "editor.add-code", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "editor.add-group", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "editor.focus-name", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "editor.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "editor.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "editor.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

/* Keys that act on the selected code only while the tree has focus, so
 * that Delete and Alt+arrows keep their meaning in the text fields. */
static void
add_tree_shortcut (GtkShortcutController *controller,
                   guint                  keyval,
                   GdkModifierType        modifiers,
                   const char            *action_name)
{
  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (keyval, modifiers),
                                                          gtk_named_action_new (action_name)));
}

static void
intake_codebook_editor_init (IntakeCodebookEditor *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));
  intake_accessible_name_by_mnemonics (GTK_WIDGET (self));

  controller = gtk_shortcut_controller_new ();
  add_tree_shortcut (GTK_SHORTCUT_CONTROLLER (controller), GDK_KEY_Delete, 0, "editor.delete");
  add_tree_shortcut (GTK_SHORTCUT_CONTROLLER (controller), GDK_KEY_KP_Delete, 0, "editor.delete");
  add_tree_shortcut (GTK_SHORTCUT_CONTROLLER (controller), GDK_KEY_Up, GDK_ALT_MASK, "editor.move-up");
  add_tree_shortcut (GTK_SHORTCUT_CONTROLLER (controller), GDK_KEY_Down, GDK_ALT_MASK, "editor.move-down");
  add_tree_shortcut (GTK_SHORTCUT_CONTROLLER (controller), GDK_KEY_Left, GDK_ALT_MASK, "editor.outdent");
  add_tree_shortcut (GTK_SHORTCUT_CONTROLLER (controller), GDK_KEY_Right, GDK_ALT_MASK, "editor.indent");
  gtk_widget_add_controller (GTK_WIDGET (self->code_list), controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect_object (controller, "leave", G_CALLBACK (name_focus_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->name_row), controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect_object (controller, "leave", G_CALLBACK (description_focus_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->description_view), controller);

  g_signal_connect_object (gtk_text_view_get_buffer (self->description_view), "changed",
                           G_CALLBACK (description_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
intake_codebook_editor_new (GtkWindow     *parent,
                            IntakeProject *project)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (INTAKE_IS_PROJECT (project), NULL);

  return g_object_new (INTAKE_TYPE_CODEBOOK_EDITOR,
                       "transient-for", parent,
                       "project", project,
                       NULL);
}

IntakeProject *
intake_codebook_editor_get_project (IntakeCodebookEditor *self)
{
  g_return_val_if_fail (INTAKE_IS_CODEBOOK_EDITOR (self), NULL);

  return self->project;
}

gboolean
intake_codebook_editor_select_code (IntakeCodebookEditor *self,
                                    const char           *guid)
{
  g_return_val_if_fail (INTAKE_IS_CODEBOOK_EDITOR (self), FALSE);

  if (find_row (self, guid) == NULL)
    return FALSE;

  /* Save what was typed for the code being left. */
  if (g_strcmp0 (guid, self->selected_guid) != 0)
    commit_edits (self);

  select_guid (self, guid);
  return TRUE;
}

const char *
intake_codebook_editor_get_selected_guid (IntakeCodebookEditor *self)
{
  g_return_val_if_fail (INTAKE_IS_CODEBOOK_EDITOR (self), NULL);

  return self->selected_guid;
}
