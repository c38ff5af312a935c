#pragma once

#include <gio/gio.h>

#include "intake-codebook.h"

G_BEGIN_DECLS

#define INTAKE_MAX_PINNED_CODES 9

/* The codes on the number keys 1 to 9, kept in the "pinned-codes" setting
 * and read against the open project's codebook. Shared by the code panel,
 * the code picker and the window's number keys, so all three agree. */

/* INTAKE_MAX_PINNED_CODES GUIDs, the one of key 1 first; "" for a free key. */
GStrv     intake_pinned_codes_get    (GSettings      *settings,
                                      IntakeCodebook *codebook);
/* The key (1 to 9) @code_guid is pinned to, or 0. */
guint     intake_pinned_codes_key_of (GSettings      *settings,
                                      IntakeCodebook *codebook,
                                      const char     *code_guid);
/* Unpins @code_guid, or pins it to the first free key; FALSE when every
 * key is taken and nothing changed. */
gboolean  intake_pinned_codes_toggle (GSettings      *settings,
                                      IntakeCodebook *codebook,
                                      const char     *code_guid);

G_END_DECLS
