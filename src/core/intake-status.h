#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Where a submission is in the review. The nicks are the strings the
 * project file stores and the command line reads and prints. */
typedef enum
{
  INTAKE_STATUS_NEW,          /*< nick=new >*/
  INTAKE_STATUS_IN_PROGRESS,  /*< nick=in-progress >*/
  INTAKE_STATUS_CODED,        /*< nick=coded >*/
  INTAKE_STATUS_EXCLUDED,     /*< nick=excluded >*/
} IntakeStatus;

/* NULL for a value that is not a status. */
const char *intake_status_to_string   (IntakeStatus  status);
/* FALSE, leaving @status as it was, when @text is not a status's nick. */
gboolean    intake_status_from_string (const char   *text,
                                       IntakeStatus *status);

G_END_DECLS

#include "intake-enums.h"
