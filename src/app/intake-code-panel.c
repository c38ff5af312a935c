#define G_LOG_DOMAIN "intake-code-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-accessible.h"

#include "intake-code-panel.h"
#include "intake-color-swatch.h"
#include "intake-error.h"
#include "intake-text.h"

typedef struct
{
  IntakeCodePanel *panel;       /* not owned */
  char            *guid;
  char            *name;
  char            *description;
  char            *folded_name;
  char            *parent_guid;
  gboolean         codable;
  gboolean         visible;

  /* Widgets, owned by the list box */
  GtkWidget       *row;
  GtkWidget       *check;
  GtkWidget       *count_label;
  GtkWidget       *pin_button;

  /* What the row shows, for the accessible names */
  guint            pin_key;       /* 1 to 9, or 0 */
  guint            n_excerpts;    /* the reviewer's, in this submission */
  /* What the accessible names say already: each change of one is a
   * message on the accessibility bus, for every row at every submission. */
  gboolean         described;
  guint            described_pin_key;
  guint            described_excerpts;
} CodeRow;

struct _IntakeCodePanel
{
  AdwBin          parent_instance;

  /* Template widgets */
  GtkSearchEntry *search_entry;
  GtkListBox     *list_box;

  /* Owned references */
  IntakeProject  *project;
  GSettings      *settings;
  GHashTable     *rows;            /* code GUID → CodeRow */
  GHashTable     *whole_codings;   /* code GUID → coding GUID, this reviewer's */
  GHashTable     *excerpts;        /* code GUID → number of this reviewer's excerpts */
  GPtrArray      *ordered_rows;    /* CodeRow in the list box's order: a row's index is its place */

  gint64          submission_id;
  gboolean        updating;        /* set while check boxes follow the store */
};

G_DEFINE_FINAL_TYPE (IntakeCodePanel, intake_code_panel, ADW_TYPE_BIN)

enum { CODE_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
code_row_free (CodeRow *code_row)
{
  g_free (code_row->guid);
  g_free (code_row->name);
  g_free (code_row->description);
  g_free (code_row->folded_name);
  g_free (code_row->parent_guid);
  g_free (code_row);
}

static IntakeCodebook *
get_codebook (IntakeCodePanel *self)
{
  return self->project ? intake_project_get_codebook (self->project) : NULL;
}

/* The check box and the pin say the code and what it has, so a screen
 * reader user hears "Trust in police, 2 excerpts, pinned to 3". */
static void
update_accessible (IntakeCodePanel *self,
                   CodeRow         *code_row)
{
  g_autoptr(GString) check_label = NULL;
  g_autofree char *pin_label = NULL;
  g_autofree char *pin_tooltip = NULL;
  gboolean pin_changed = !code_row->described || code_row->described_pin_key != code_row->pin_key;

  if (!pin_changed && code_row->described_excerpts == code_row->n_excerpts)
    return;
  code_row->described = TRUE;
  code_row->described_pin_key = code_row->pin_key;
  code_row->described_excerpts = code_row->n_excerpts;

  check_label = g_string_new (code_row->name);
  if (code_row->n_excerpts > 0)
    {
      g_string_append (check_label, C_("accessible list separator", ", "));
      g_string_append_printf (check_label,
                              /* Translators: in the accessible name of a code's check box */
                              ngettext ("%u excerpt", "%u excerpts", code_row->n_excerpts),
                              code_row->n_excerpts);
    }

  if (code_row->pin_key > 0)
    {
      g_string_append (check_label, C_("accessible list separator", ", "));
      /* Translators: in the accessible name of a code's check box; %u is a number key */
      g_string_append_printf (check_label, _("pinned to %u"), code_row->pin_key);
      /* Translators: the accessible name of a code's pin; %s is the code, %u a number key */
      pin_label = g_strdup_printf (_("%s, pinned to %u"), code_row->name, code_row->pin_key);
      /* Translators: %u is a number key, 1 to 9 */
      pin_tooltip = g_strdup_printf (_("Pinned to key %u; click or press P to unpin"), code_row->pin_key);
    }
  else
    {
      /* Translators: the accessible name of a code's pin; %s is the code */
      pin_label = g_strdup_printf (_("%s, not pinned"), code_row->name);
      pin_tooltip = g_strdup (_("Pin to a number key; or press P"));
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (code_row->check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, check_label->str,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Codes the whole submission"),
                                  -1);
  if (!pin_changed)
    return;
  intake_widget_set_tooltip_text (code_row->pin_button, pin_tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (code_row->pin_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, pin_label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, pin_tooltip,
                                  -1);
}

static void
update_pin (IntakeCodePanel *self,
            CodeRow         *code_row,
            GStrv            pinned)
{
  GtkToggleButton *button = GTK_TOGGLE_BUTTON (code_row->pin_button);

  code_row->pin_key = 0;
  for (guint i = 0; pinned != NULL && pinned[i] != NULL; i++)
    if (g_str_equal (pinned[i], code_row->guid))
      code_row->pin_key = i + 1;

  self->updating = TRUE;
  gtk_toggle_button_set_active (button, code_row->pin_key > 0);
  self->updating = FALSE;

  /* An unpinned pin stays quiet; a pinned one shows its key. */
  gtk_widget_set_opacity (code_row->pin_button, code_row->pin_key > 0 ? 1.0 : 0.35);

  if (code_row->pin_key > 0)
    {
      g_autofree char *number = g_strdup_printf ("%u", code_row->pin_key);

      gtk_button_set_label (GTK_BUTTON (button), number);
    }
  else
    gtk_button_set_icon_name (GTK_BUTTON (button), "view-pin-symbolic");

  update_accessible (self, code_row);
}

static void
update_pins (IntakeCodePanel *self)
{
  g_auto(GStrv) pinned = NULL;
  GHashTableIter iter;
  CodeRow *code_row;

  pinned = intake_pinned_codes_get (self->settings, get_codebook (self));
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &code_row))
    if (code_row->codable)
      update_pin (self, code_row, pinned);
}

static void
pinned_changed_cb (IntakeCodePanel *self,
                   const char      *key,
                   GSettings       *settings)
{
  update_pins (self);
}

static void
toggle_pin (IntakeCodePanel *self,
            CodeRow         *code_row)
{
  if (!intake_pinned_codes_toggle (self->settings, get_codebook (self), code_row->guid))
    {
      /* Nine keys, nine pins: the reviewer unpins one first. */
      gtk_widget_error_bell (code_row->pin_button);
      update_pins (self);
    }
}

static void
pin_toggled_cb (GtkToggleButton *button,
                CodeRow         *code_row)
{
  if (!code_row->panel->updating)
    toggle_pin (code_row->panel, code_row);
}

static void refresh (IntakeCodePanel *self);

static void
check_toggled_cb (GtkCheckButton *check,
                  CodeRow        *code_row)
{
  IntakeCodePanel *self = code_row->panel;
  g_autoptr(GError) error = NULL;
  gboolean active = gtk_check_button_get_active (check);
  gboolean has = g_hash_table_contains (self->whole_codings, code_row->guid);

  if (self->updating || active == has)
    return;

  if (!intake_code_panel_toggle_whole (self, code_row->guid, &error))
    {
      intake_show_error (GTK_WIDGET (self), _("Could not code the submission"), error);
      /* Back to what the project has. */
      refresh (self);
    }
}

static char *
format_count (guint n_excerpts)
{
  /* Translators: beside a code in the panel: its excerpts in the open submission */
  return g_strdup_printf (ngettext ("%'u excerpt", "%'u excerpts", n_excerpts), n_excerpts);
}

static GtkWidget *
create_row (IntakeCodePanel *self,
            IntakeCode      *code,
            CodeRow         *code_row,
            GtkWidget       *stance_group,
            GStrv            pinned)
{
  const char *name = intake_code_get_name (code);
  const char *description = intake_code_get_description (code);
  guint depth = intake_code_get_depth (code);
  GtkWidget *row, *box, *label;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_set_margin_start (box, 6 + 12 * (int) MIN (depth, 6));

  label = g_object_new (GTK_TYPE_LABEL,
                        "label", name,
                        "xalign", 0.0f,
                        "hexpand", TRUE,
                        "wrap", TRUE,
                        "wrap-mode", PANGO_WRAP_WORD_CHAR,
                        /* Long names wrap rather than widen the panel over the reader. */
                        "max-width-chars", 22,
                        NULL);

  if (!code_row->codable)
    {
      gtk_widget_add_css_class (label, "heading");
      gtk_widget_set_margin_top (box, 6);
      gtk_box_append (GTK_BOX (box), label);
      row = g_object_new (GTK_TYPE_LIST_BOX_ROW,
                          "child", box,
                          "activatable", FALSE,
                          "selectable", FALSE,
                          NULL);
      gtk_widget_add_css_class (row, "code-group");
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      return row;
    }

  {
    GtkWidget *swatch = g_object_new (INTAKE_TYPE_COLOR_SWATCH,
                                      "color", intake_code_get_color (code),
                                      "width-request", 12,
                                      "height-request", 12,
                                      "valign", GTK_ALIGN_CENTER,
                                      NULL);

    /* Translators: the accessible name of a code's colour swatch; %s is the code */
    g_autofree char *swatch_label = g_strdup_printf (_("Colour of “%s”"), name);

    gtk_accessible_update_property (GTK_ACCESSIBLE (swatch),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, swatch_label, -1);
    gtk_box_append (GTK_BOX (box), swatch);
  }

  code_row->check = gtk_check_button_new ();
  gtk_widget_set_valign (code_row->check, GTK_ALIGN_CENTER);
  if (stance_group != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (code_row->check), GTK_CHECK_BUTTON (stance_group));
  {
    /* Translators: the check box of a code; %s is the code's name */
    g_autofree char *check_tooltip = g_strdup_printf (_("Code the whole submission as “%s”"), name);

    intake_widget_set_tooltip_text (code_row->check, check_tooltip);
  }
  g_signal_connect (code_row->check, "toggled", G_CALLBACK (check_toggled_cb), code_row);
  gtk_box_append (GTK_BOX (box), code_row->check);

  /* The count on a line of its own under the name, there even when
   * empty: a count that comes or goes with another submission leaves the
   * name as wide and as wrapped, and the row as tall, as they were.
   * Beside the name, opening a submission coded with many codes wrapped
   * every name anew and measured every row of the panel again. */
  {
    GtkWidget *names = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

    gtk_widget_set_hexpand (names, TRUE);
    gtk_widget_set_valign (names, GTK_ALIGN_CENTER);
    gtk_box_append (GTK_BOX (names), label);
    code_row->count_label = g_object_new (GTK_TYPE_LABEL,
                                          "label", "",
                                          "xalign", 0.0f,
                                          NULL);
    gtk_box_append (GTK_BOX (names), code_row->count_label);
    gtk_box_append (GTK_BOX (box), names);
  }
  gtk_widget_add_css_class (code_row->count_label, "dim-label");
  gtk_widget_add_css_class (code_row->count_label, "numeric");
  gtk_widget_add_css_class (code_row->count_label, "caption");
  gtk_widget_add_css_class (code_row->count_label, "excerpt-count");
  /* Its text is in the check box's name already. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (code_row->count_label),
                               GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);

  code_row->pin_button = gtk_toggle_button_new ();
  gtk_widget_set_valign (code_row->pin_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (code_row->pin_button, "flat");
  gtk_widget_add_css_class (code_row->pin_button, "pin-button");
  g_signal_connect (code_row->pin_button, "toggled", G_CALLBACK (pin_toggled_cb), code_row);
  gtk_box_append (GTK_BOX (box), code_row->pin_button);
  update_pin (self, code_row, pinned);

  row = g_object_new (GTK_TYPE_LIST_BOX_ROW,
                      "child", box,
                      "activatable", TRUE,
                      "selectable", FALSE,
                      NULL);
  if (description != NULL && description[0] != '\0')
    intake_widget_set_tooltip_text (row, description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  return row;
}

static void
clear_rows (IntakeCodePanel *self)
{
  for (guint i = 0; i < self->ordered_rows->len; i++)
    {
      CodeRow *code_row = g_ptr_array_index (self->ordered_rows, i);

      gtk_list_box_remove (self->list_box, code_row->row);
    }
  g_ptr_array_set_size (self->ordered_rows, 0);
  g_hash_table_remove_all (self->rows);
}

/* The list box holds only the panel's rows, appended in order. */
static CodeRow *
code_row_for (IntakeCodePanel *self,
              GtkListBoxRow   *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (index < 0 || (guint) index >= self->ordered_rows->len)
    return NULL;

  return g_ptr_array_index (self->ordered_rows, index);
}

static gboolean
filter_func (GtkListBoxRow *row,
             gpointer       user_data)
{
  CodeRow *code_row = code_row_for (INTAKE_CODE_PANEL (user_data), row);

  return code_row == NULL || code_row->visible;
}

static void
apply_filter (IntakeCodePanel *self)
{
  const char *needle = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  gboolean all = needle == NULL || needle[0] == '\0';
  GHashTableIter iter;
  CodeRow *code_row;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &code_row))
    code_row->visible = all;

  if (!all)
    {
      /* A match shows its ancestors too, so it keeps its heading. */
      g_hash_table_iter_init (&iter, self->rows);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &code_row))
        {
          CodeRow *ancestor;

          if (!intake_text_matches (code_row->folded_name, needle))
            continue;

          code_row->visible = TRUE;
          for (ancestor = g_hash_table_lookup (self->rows, code_row->parent_guid ? code_row->parent_guid : "");
               ancestor != NULL;
               ancestor = ancestor->parent_guid ? g_hash_table_lookup (self->rows, ancestor->parent_guid) : NULL)
            ancestor->visible = TRUE;
        }
    }

  gtk_list_box_invalidate_filter (self->list_box);
}

static void
search_changed_cb (IntakeCodePanel *self,
                   GtkSearchEntry  *entry)
{
  apply_filter (self);
}

static void
search_activate_cb (IntakeCodePanel *self,
                    GtkSearchEntry  *entry)
{
  /* Enter picks the first code left by the filter. */
  for (guint i = 0; i < self->ordered_rows->len; i++)
    {
      CodeRow *code_row = g_ptr_array_index (self->ordered_rows, i);

      if (code_row->codable && code_row->visible)
        {
          g_signal_emit (self, signals[CODE_ACTIVATED], 0, code_row->guid);
          return;
        }
    }

  gtk_widget_error_bell (GTK_WIDGET (entry));
}

static void
stop_search_cb (IntakeCodePanel *self,
                GtkSearchEntry  *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
row_activated_cb (IntakeCodePanel *self,
                  GtkListBoxRow   *row,
                  GtkListBox      *list_box)
{
  CodeRow *code_row = code_row_for (self, row);

  if (code_row != NULL && code_row->codable)
    g_signal_emit (self, signals[CODE_ACTIVATED], 0, code_row->guid);
}

/* Builds the rows from the project's codebook as it is now. */
static void
reload (IntakeCodePanel *self)
{
  IntakeCodebook *codebook;
  GtkWidget *stance_group = NULL;
  g_auto(GStrv) pinned = NULL;
  guint n;

  clear_rows (self);

  if (self->project == NULL)
    return;

  codebook = intake_project_get_codebook (self->project);
  pinned = intake_pinned_codes_get (self->settings, codebook);
  n = intake_codebook_get_n_codes (codebook);
  for (guint i = 0; i < n; i++)
    {
      IntakeCode *code = intake_codebook_get_code (codebook, i);
      CodeRow *code_row = g_new0 (CodeRow, 1);
      gboolean in_stance = g_strcmp0 (intake_code_get_parent_guid (code), INTAKE_STANCE_GROUP_GUID) == 0;
      GtkWidget *row;

      code_row->panel = self;
      code_row->guid = g_strdup (intake_code_get_guid (code));
      code_row->name = g_strdup (intake_code_get_name (code));
      code_row->description = g_strdup (intake_code_get_description (code));
      code_row->folded_name = intake_text_fold (intake_code_get_name (code));
      code_row->parent_guid = g_strdup (intake_code_get_parent_guid (code));
      code_row->codable = intake_code_get_is_codable (code);
      code_row->visible = TRUE;

      row = create_row (self, code, code_row, in_stance && code_row->codable ? stance_group : NULL, pinned);
      if (in_stance && code_row->codable && stance_group == NULL)
        stance_group = code_row->check;

      code_row->row = row;
      g_hash_table_insert (self->rows, code_row->guid, code_row);
      g_ptr_array_add (self->ordered_rows, code_row);
      gtk_list_box_append (self->list_box, row);
    }

  apply_filter (self);
  refresh (self);
}

static void
show_row_state (IntakeCodePanel *self,
                CodeRow         *code_row,
                guint            project_count)
{
  g_autoptr(GString) tooltip = g_string_new (code_row->description);

  if (code_row->n_excerpts > 0)
    {
      g_autofree char *text = format_count (code_row->n_excerpts);

      gtk_label_set_text (GTK_LABEL (code_row->count_label), text);
    }
  else
    gtk_label_set_text (GTK_LABEL (code_row->count_label), "");

  /* Everything beside the code is this submission's; what the whole
   * project has is said as such, in the row's tooltip. */
  if (tooltip->len > 0)
    g_string_append (tooltip, "\n\n");
  g_string_append_printf (tooltip,
                          /* Translators: in the tooltip of a code in the panel */
                          ngettext ("In the whole project: coded in %'u submission",
                                    "In the whole project: coded in %'u submissions", project_count),
                          project_count);
  intake_widget_set_tooltip_text (code_row->row, tooltip->str);

  update_accessible (self, code_row);
}

/* Reads the reviewer's codings of the submission again, and the counts. */
static void
refresh (IntakeCodePanel *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) counts = NULL;
  IntakeStore *store;
  const char *reviewer;
  GHashTableIter iter;
  CodeRow *code_row;

  g_hash_table_remove_all (self->whole_codings);
  g_hash_table_remove_all (self->excerpts);
  if (self->project == NULL)
    return;

  store = intake_project_get_store (self->project);
  reviewer = intake_project_get_reviewer_guid (self->project);

  counts = intake_store_count_codings (store, &error);
  if (counts == NULL)
    {
      intake_show_error (GTK_WIDGET (self), _("Could not count the codings"), error);
      g_clear_error (&error);
    }

  if (self->submission_id > 0)
    {
      g_autoptr(GPtrArray) codings = intake_store_get_codings (store, self->submission_id, &error);

      if (codings == NULL)
        intake_show_error (GTK_WIDGET (self), _("Could not read the codings"), error);
      else
        for (guint i = 0; i < codings->len; i++)
          {
            IntakeCoding *coding = g_ptr_array_index (codings, i);

            /* The reviewer's own, as the check boxes are. */
            if (!intake_coding_is_by (coding, reviewer))
              continue;

            if (coding->start < 0)
              g_hash_table_insert (self->whole_codings,
                                   g_strdup (coding->code_guid), g_strdup (coding->guid));
            else
              {
                guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->excerpts, coding->code_guid));

                g_hash_table_insert (self->excerpts, g_strdup (coding->code_guid), GUINT_TO_POINTER (n + 1));
              }
          }
    }

  self->updating = TRUE;
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &code_row))
    {
      if (!code_row->codable)
        continue;

      code_row->n_excerpts = GPOINTER_TO_UINT (g_hash_table_lookup (self->excerpts, code_row->guid));
      show_row_state (self, code_row,
                      counts ? GPOINTER_TO_UINT (g_hash_table_lookup (counts, code_row->guid)) : 0);

      gtk_check_button_set_active (GTK_CHECK_BUTTON (code_row->check),
                                   g_hash_table_contains (self->whole_codings, code_row->guid));
      gtk_widget_set_sensitive (code_row->check, self->submission_id > 0 && reviewer != NULL);
    }
  self->updating = FALSE;
}

gboolean
intake_code_panel_toggle_whole (IntakeCodePanel  *self,
                                const char       *code_guid,
                                GError          **error)
{
  const char *coding_guid;

  g_return_val_if_fail (INTAKE_IS_CODE_PANEL (self), FALSE);
  g_return_val_if_fail (code_guid != NULL, FALSE);

  if (self->project == NULL || self->submission_id <= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("No submission is open"));
      return FALSE;
    }

  /* The panel follows the change through the project's signal. */
  coding_guid = g_hash_table_lookup (self->whole_codings, code_guid);
  if (coding_guid != NULL)
    {
      g_autofree char *guid = g_strdup (coding_guid);

      return intake_project_remove_coding (self->project, guid, error);
    }

  return intake_project_add_coding (self->project, self->submission_id, code_guid, -1, -1, NULL, error);
}

GtkCheckButton *
intake_code_panel_get_check (IntakeCodePanel *self,
                             const char      *code_guid)
{
  CodeRow *code_row;

  g_return_val_if_fail (INTAKE_IS_CODE_PANEL (self), NULL);

  code_row = g_hash_table_lookup (self->rows, code_guid);
  return code_row && code_row->check ? GTK_CHECK_BUTTON (code_row->check) : NULL;
}

guint
intake_code_panel_get_n_excerpts (IntakeCodePanel *self,
                                  const char      *code_guid)
{
  CodeRow *code_row;

  g_return_val_if_fail (INTAKE_IS_CODE_PANEL (self), 0);

  /* What is on screen, not what the store says: the tests check the label. */
  code_row = g_hash_table_lookup (self->rows, code_guid);
  if (code_row == NULL || code_row->count_label == NULL)
    return 0;

  return (guint) g_ascii_strtoull (gtk_label_get_text (GTK_LABEL (code_row->count_label)), NULL, 10);
}

guint
intake_code_panel_get_count (IntakeCodePanel *self,
                             const char      *code_guid)
{
  GtkCheckButton *check;

  g_return_val_if_fail (INTAKE_IS_CODE_PANEL (self), 0);

  check = intake_code_panel_get_check (self, code_guid);
  return (check && gtk_check_button_get_active (check) ? 1 : 0) +
         intake_code_panel_get_n_excerpts (self, code_guid);
}

GtkWidget *
intake_code_panel_get_row (IntakeCodePanel *self,
                           const char      *code_guid)
{
  CodeRow *code_row;

  g_return_val_if_fail (INTAKE_IS_CODE_PANEL (self), NULL);

  code_row = g_hash_table_lookup (self->rows, code_guid);
  return code_row ? code_row->row : NULL;
}

GtkToggleButton *
intake_code_panel_get_pin_button (IntakeCodePanel *self,
                                  const char      *code_guid)
{
  CodeRow *code_row;

  g_return_val_if_fail (INTAKE_IS_CODE_PANEL (self), NULL);

  code_row = g_hash_table_lookup (self->rows, code_guid);
  return code_row && code_row->pin_button ? GTK_TOGGLE_BUTTON (code_row->pin_button) : NULL;
}

/* P on a row, or on its check box or pin: one key, no pointer. */
static gboolean
pin_focused_cb (GtkWidget *widget,
                GVariant  *args,
                gpointer   user_data)
{
  IntakeCodePanel *self = INTAKE_CODE_PANEL (user_data);
  GtkWidget *focus = gtk_widget_get_focus_child (GTK_WIDGET (self->list_box));
  CodeRow *code_row = GTK_IS_LIST_BOX_ROW (focus) ? code_row_for (self, GTK_LIST_BOX_ROW (focus)) : NULL;

  if (code_row == NULL || !code_row->codable)
    return FALSE;

  toggle_pin (self, code_row);
  return TRUE;
}

void
intake_code_panel_focus_search (IntakeCodePanel *self)
{
  g_return_if_fail (INTAKE_IS_CODE_PANEL (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
intake_code_panel_dispose (GObject *object)
{
  IntakeCodePanel *self = INTAKE_CODE_PANEL (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), INTAKE_TYPE_CODE_PANEL);

  g_clear_object (&self->project);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (intake_code_panel_parent_class)->dispose (object);
}

static void
intake_code_panel_finalize (GObject *object)
{
  IntakeCodePanel *self = INTAKE_CODE_PANEL (object);

  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->whole_codings, g_hash_table_unref);
  g_clear_pointer (&self->excerpts, g_hash_table_unref);
  g_clear_pointer (&self->ordered_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (intake_code_panel_parent_class)->finalize (object);
}

static void
intake_code_panel_class_init (IntakeCodePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = intake_code_panel_dispose;
  object_class->finalize = intake_code_panel_finalize;

  /**
   * IntakeCodePanel::code-activated:
   * @code_guid: the code the reviewer chose
   *
   * A codable code's row was clicked or chosen from the filter; the window
   * codes the selected text with it, or the whole submission.
   */
  signals[CODE_ACTIVATED] =
    g_signal_new ("code-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/argylepr/FeedbackIntake/ui/intake-code-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, IntakeCodePanel, search_entry);
  gtk_widget_class_bind_template_child (widget_class, IntakeCodePanel, list_box);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
intake_code_panel_init (IntakeCodePanel *self)
{
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) code_row_free);
  self->whole_codings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->excerpts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->ordered_rows = g_ptr_array_new ();
  self->settings = g_settings_new (APP_ID);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_filter_func (self->list_box, filter_func, self, NULL);

  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_p, 0),
                                                            gtk_callback_action_new (pin_focused_cb, self, NULL)));
    gtk_widget_add_controller (GTK_WIDGET (self->list_box), shortcuts);
  }

  g_signal_connect_object (self->settings, "changed::pinned-codes",
                           G_CALLBACK (pinned_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
intake_code_panel_new (void)
{
  return g_object_new (INTAKE_TYPE_CODE_PANEL, NULL);
}

static void
codebook_changed_cb (IntakeCodePanel *self,
                     IntakeProject   *project)
{
  reload (self);
}

static void
submission_changed_cb (IntakeCodePanel *self,
                       gint64           submission_id,
                       IntakeProject   *project)
{
  refresh (self);
}

static void
reviewer_changed_cb (IntakeCodePanel *self,
                     GParamSpec      *pspec,
                     IntakeProject   *project)
{
  refresh (self);
}

void
intake_code_panel_set_project (IntakeCodePanel *self,
                               IntakeProject   *project)
{
  g_return_if_fail (INTAKE_IS_CODE_PANEL (self));
  g_return_if_fail (!project || INTAKE_IS_PROJECT (project));

  if (self->project == project)
    return;

  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_set_object (&self->project, project);
  if (project != NULL)
    {
      g_signal_connect_object (project, "codebook-changed",
                               G_CALLBACK (codebook_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (project, "submission-changed",
                               G_CALLBACK (submission_changed_cb), self, G_CONNECT_SWAPPED);
      /* The check boxes show the reviewer's own codings. */
      g_signal_connect_object (project, "notify::reviewer",
                               G_CALLBACK (reviewer_changed_cb), self, G_CONNECT_SWAPPED);
    }

  reload (self);
}

IntakeProject *
intake_code_panel_get_project (IntakeCodePanel *self)
{
  g_return_val_if_fail (INTAKE_IS_CODE_PANEL (self), NULL);

  return self->project;
}

void
intake_code_panel_set_submission (IntakeCodePanel *self,
                                  gint64           submission_id)
{
  g_return_if_fail (INTAKE_IS_CODE_PANEL (self));

  self->submission_id = MAX (submission_id, 0);
  refresh (self);
}
