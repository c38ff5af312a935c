#define G_LOG_DOMAIN "intake-accessible"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "intake-accessible.h"

static gboolean
uses_mnemonic (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget))
    return gtk_button_get_use_underline (GTK_BUTTON (widget)) &&
           gtk_button_get_label (GTK_BUTTON (widget)) != NULL;
  if (GTK_IS_CHECK_BUTTON (widget))
    return gtk_check_button_get_use_underline (GTK_CHECK_BUTTON (widget)) &&
           gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)) != NULL;
  return FALSE;
}

/**
 * intake_accessible_name_by_mnemonics:
 * @root: a widget whose template is built
 *
 * GTK 4.8 names a button with a mnemonic twice: from its label property,
 * underscore included, and from the mnemonic label that labels it, so a
 * screen reader says "_Cancel Cancel". Dropping the property leaves the
 * label's own name. Call it once the buttons under @root have their labels:
 * for an #AdwMessageDialog, once its responses are added.
 */
void
intake_accessible_name_by_mnemonics (GtkWidget *root)
{
  GtkWidget *parent;

  g_return_if_fail (GTK_IS_WIDGET (root));

  /* A check button's label does not label it, so it gets the label's
   * text, the underscore gone, rather than no name at all. */
  if (uses_mnemonic (root) && GTK_IS_CHECK_BUTTON (root))
    {
      GtkWidget *label = gtk_widget_get_last_child (root);

      if (GTK_IS_LABEL (label))
        gtk_accessible_update_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        gtk_label_get_text (GTK_LABEL (label)), -1);
      else
        gtk_accessible_reset_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL);
    }
  else if (uses_mnemonic (root))
    gtk_accessible_reset_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL);

  /* A split button's arrow has its tooltip for a description, and the
   * toggle in it, labelled by the arrow, says it twice ("More Ways to
   * Import More Ways to Import"): the toggle is named after the tooltip. */
  parent = gtk_widget_get_parent (root);
  if (GTK_IS_TOGGLE_BUTTON (root) && parent != NULL && GTK_IS_MENU_BUTTON (parent) &&
      gtk_widget_get_parent (parent) != NULL && ADW_IS_SPLIT_BUTTON (gtk_widget_get_parent (parent)))
    {
      AdwSplitButton *split = ADW_SPLIT_BUTTON (gtk_widget_get_parent (parent));
      const char *tooltip = adw_split_button_get_dropdown_tooltip (split);

      if (tooltip != NULL)
        {
          gtk_accessible_reset_relation (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
          gtk_accessible_update_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
        }
    }

  /* A colour button's own button has no name; it is the colour's. */
  if (GTK_IS_BUTTON (root) && parent != NULL && GTK_IS_COLOR_BUTTON (parent))
    gtk_accessible_update_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    gtk_color_button_get_title (GTK_COLOR_BUTTON (parent)), -1);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    intake_accessible_name_by_mnemonics (child);
}

static void
name_shortcuts_parts (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_SEARCH_ENTRY (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _("Search Shortcuts"), -1);
      else if (GTK_IS_MENU_BUTTON (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _("Sections"), -1);
      else if (GTK_IS_TOGGLE_BUTTON (child) && GTK_IS_IMAGE (gtk_button_get_child (GTK_BUTTON (child))))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _("Search"), -1);
      name_shortcuts_parts (child);
    }
}

/**
 * intake_accessible_name_shortcuts_window:
 * @window: a shortcuts window
 *
 * GTK 4.8's shortcuts window leaves its search entry, its search button
 * and its section menu unnamed, so a screen reader says "GtkSearchEntry";
 * this names them.
 */
void
intake_accessible_name_shortcuts_window (GtkShortcutsWindow *window)
{
  g_return_if_fail (GTK_IS_SHORTCUTS_WINDOW (window));

  name_shortcuts_parts (GTK_WIDGET (window));
}

G_DEFINE_QUARK (intake-tooltip-text, intake_tooltip_text)

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  const char *text = g_object_get_qdata (G_OBJECT (widget), intake_tooltip_text_quark ());

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/**
 * intake_widget_set_tooltip_text:
 *
 * gtk_widget_set_tooltip_text(), for rows that are filled again and again.
 * The text is given when GTK asks for it (::query-tooltip), not set:
 * setting one makes GTK 4.8 ask the display where the pointer is, a round
 * trip to the X server each time, and inside a popover it can leave a
 * tooltip timer running for a popover that is gone when its window closes.
 * The text is also the widget's accessible description, as GTK's own is.
 */
void
intake_widget_set_tooltip_text (GtkWidget  *widget,
                                const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (text != NULL && text[0] == '\0')
    text = NULL;
  if (g_strcmp0 (intake_widget_get_tooltip_text (widget), text) == 0)
    return;

  if (text != NULL &&
      g_signal_handler_find (widget, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, query_tooltip_cb, NULL) == 0)
    g_signal_connect (widget, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
  g_object_set_qdata_full (G_OBJECT (widget), intake_tooltip_text_quark (), g_strdup (text), g_free);
  gtk_widget_set_has_tooltip (widget, text != NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

/**
 * intake_widget_get_tooltip_text:
 *
 * The text given to intake_widget_set_tooltip_text(), or %NULL.
 */
const char *
intake_widget_get_tooltip_text (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  return g_object_get_qdata (G_OBJECT (widget), intake_tooltip_text_quark ());
}
