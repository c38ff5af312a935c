#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void intake_accessible_name_by_mnemonics      (GtkWidget          *root);
void intake_accessible_name_shortcuts_window (GtkShortcutsWindow *window);
void intake_widget_set_tooltip_text           (GtkWidget          *widget,
                                               const char         *text);
const char *intake_widget_get_tooltip_text     (GtkWidget          *widget);

G_END_DECLS
