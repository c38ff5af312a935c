#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void intake_accessible_name_by_mnemonics (GtkWidget *root);

G_END_DECLS
