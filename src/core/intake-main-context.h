#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs @func on @context at G_PRIORITY_DEFAULT, from whatever thread calls
 * it, always later and always on the thread iterating @context. Not
 * g_main_context_invoke(): that runs @func at once on the calling thread
 * when no thread owns @context at that moment, as between an _async()
 * call and the main loop's first iteration, so a worker could run what
 * must run on the main thread. */
void intake_main_context_queue (GMainContext   *context,
                                const char     *name,
                                GSourceFunc     func,
                                gpointer        data,
                                GDestroyNotify  notify);

G_END_DECLS
