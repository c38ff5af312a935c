#include "config.h"

#include "intake-main-context.h"

void
intake_main_context_queue (GMainContext   *context,
                           const char     *name,
                           GSourceFunc     func,
                           gpointer        data,
                           GDestroyNotify  notify)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, name);
  g_source_attach (source, context);
}
