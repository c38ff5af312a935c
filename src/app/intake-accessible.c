#define G_LOG_DOMAIN "intake-accessible"

#include "config.h"

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
 * label's own name. Call it once the buttons under @root have their labels.
 */
void
intake_accessible_name_by_mnemonics (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (uses_mnemonic (root))
    gtk_accessible_reset_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    intake_accessible_name_by_mnemonics (child);
}
