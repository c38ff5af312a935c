#define G_LOG_DOMAIN "intake-status"

#include "config.h"

#include "intake-status.h"

static GEnumClass *
status_class (void)
{
  static GEnumClass *klass;

  /* A static type's class lives as long as the program. */
  if (g_once_init_enter (&klass))
    g_once_init_leave (&klass, g_type_class_ref (INTAKE_TYPE_STATUS));

  return klass;
}

const char *
intake_status_to_string (IntakeStatus status)
{
  GEnumValue *value = g_enum_get_value (status_class (), status);

  return value ? value->value_nick : NULL;
}

gboolean
intake_status_from_string (const char   *text,
                           IntakeStatus *status)
{
  GEnumValue *value;

  g_return_val_if_fail (status != NULL, FALSE);

  if (text == NULL || (value = g_enum_get_value_by_nick (status_class (), text)) == NULL)
    return FALSE;

  *status = value->value;
  return TRUE;
}
