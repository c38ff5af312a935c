#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean intake_cli_is_command (const char *name);
int      intake_cli_run        (int    argc,
                                char **argv);

G_END_DECLS
