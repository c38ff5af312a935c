#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Tells the person that what they did failed, and why: a toast in the
 * nearest toast overlay above @widget, else a dialog over its window.
 * @summary says what failed ("Could not save the memo"); the error says
 * why. Whatever they typed stays where it was: callers keep their input. */
void intake_show_error (GtkWidget    *widget,
                        const char   *summary,
                        const GError *error);

G_END_DECLS
