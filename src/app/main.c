#define G_LOG_DOMAIN "feedback-intake"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "intake-application.h"
#include "intake-cli.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(IntakeApplication) app = NULL;
  const char *localedir;

  setlocale (LC_ALL, "");
  /* Run from the build folder, `meson devenv` points this at the
   * translations built there; installed, it is unset. */
  localedir = g_getenv ("FEEDBACK_INTAKE_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && localedir[0] != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Subcommands run headless: no display is opened for them. */
  if (argc > 1 && intake_cli_is_command (argv[1]))
    return intake_cli_run (argc, argv);

  app = intake_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
