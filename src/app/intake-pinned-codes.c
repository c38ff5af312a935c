#define G_LOG_DOMAIN "intake-pinned-codes"

#include "config.h"

#include "intake-pinned-codes.h"

/* The schema's default: the reviewer never chose, so the codebook does.
 * Unpinning everything stores free keys instead, which stay free. */
#define DEFAULT_SENTINEL "default"

static gboolean
is_codable (IntakeCodebook *codebook,
            const char     *guid)
{
  IntakeCode *code;

  if (guid == NULL || guid[0] == '\0')
    return FALSE;

  code = intake_codebook_find_by_guid (codebook, guid);
  return code != NULL && intake_code_get_is_codable (code);
}

/* Every submission gets exactly one stance, so the stance's values are the
 * codes a reviewer applies most: they take the first keys wherever the group
 * sits. The other keys follow the codebook's order, the order of the panel,
 * so the numbers run down the list the reviewer sees. */
static void
fill_defaults (IntakeCodebook *codebook,
               GStrv           slots)
{
  guint n = intake_codebook_get_n_codes (codebook);
  guint next = 0;

  for (int pass = 0; pass < 2 && next < INTAKE_MAX_PINNED_CODES; pass++)
    for (guint i = 0; i < n && next < INTAKE_MAX_PINNED_CODES; i++)
      {
        IntakeCode *code = intake_codebook_get_code (codebook, i);
        gboolean in_stance = g_strcmp0 (intake_code_get_parent_guid (code), INTAKE_STANCE_GROUP_GUID) == 0;

        if (!intake_code_get_is_codable (code) || in_stance != (pass == 0))
          continue;

        g_free (slots[next]);
        slots[next++] = g_strdup (intake_code_get_guid (code));
      }
}

GStrv
intake_pinned_codes_get (GSettings      *settings,
                         IntakeCodebook *codebook)
{
  g_auto(GStrv) stored = NULL;
  GStrv slots;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (!codebook || INTAKE_IS_CODEBOOK (codebook), NULL);

  slots = g_new0 (char *, INTAKE_MAX_PINNED_CODES + 1);
  for (guint i = 0; i < INTAKE_MAX_PINNED_CODES; i++)
    slots[i] = g_strdup ("");

  if (codebook == NULL)
    return slots;

  stored = g_settings_get_strv (settings, "pinned-codes");
  if (g_strv_length (stored) == 1 && g_str_equal (stored[0], DEFAULT_SENTINEL))
    {
      fill_defaults (codebook, slots);
      return slots;
    }

  /* A pin of a code this codebook lacks (another project's) leaves its key
   * free here, and comes back with that project. */
  for (guint i = 0; stored[i] != NULL && i < INTAKE_MAX_PINNED_CODES; i++)
    if (is_codable (codebook, stored[i]))
      {
        g_free (slots[i]);
        slots[i] = g_strdup (stored[i]);
      }

  return slots;
}

guint
intake_pinned_codes_key_of (GSettings      *settings,
                            IntakeCodebook *codebook,
                            const char     *code_guid)
{
  g_auto(GStrv) slots = NULL;

  g_return_val_if_fail (code_guid != NULL, 0);

  slots = intake_pinned_codes_get (settings, codebook);
  for (guint i = 0; i < INTAKE_MAX_PINNED_CODES; i++)
    if (g_str_equal (slots[i], code_guid))
      return i + 1;

  return 0;
}

gboolean
intake_pinned_codes_toggle (GSettings      *settings,
                            IntakeCodebook *codebook,
                            const char     *code_guid)
{
  g_auto(GStrv) stored = NULL;
  g_auto(GStrv) slots = NULL;
  g_autoptr(GPtrArray) updated = NULL;
  guint key;
  guint last = 0;
  guint n_stored;
  gboolean stored_default;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);
  g_return_val_if_fail (INTAKE_IS_CODEBOOK (codebook), FALSE);
  g_return_val_if_fail (code_guid != NULL, FALSE);

  slots = intake_pinned_codes_get (settings, codebook);
  stored = g_settings_get_strv (settings, "pinned-codes");
  key = intake_pinned_codes_key_of (settings, codebook, code_guid);
  n_stored = g_strv_length (stored);
  stored_default = n_stored == 1 && g_str_equal (stored[0], DEFAULT_SENTINEL);

  /* Keys keep their codes when another is unpinned: the reviewer's hands
   * know them. A key free here may hold another project's pin, which only
   * a new pin replaces. */
  updated = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < INTAKE_MAX_PINNED_CODES; i++)
    {
      const char *guid = slots[i];

      if (!stored_default && i < n_stored && stored[i][0] != '\0' && !is_codable (codebook, stored[i]))
        guid = stored[i];
      g_ptr_array_add (updated, g_strdup (guid));
    }

  if (key > 0)
    {
      g_free (g_ptr_array_index (updated, key - 1));
      g_ptr_array_index (updated, key - 1) = g_strdup ("");
    }
  else
    {
      guint free_key = 0;

      for (guint i = 0; i < INTAKE_MAX_PINNED_CODES && free_key == 0; i++)
        if (slots[i][0] == '\0')
          free_key = i + 1;

      if (free_key == 0)
        return FALSE;

      g_free (g_ptr_array_index (updated, free_key - 1));
      g_ptr_array_index (updated, free_key - 1) = g_strdup (code_guid);
    }

  /* Free keys at the end need not be stored; an empty list still means
   * "nothing pinned", unlike the default. */
  for (guint i = 0; i < updated->len; i++)
    if (((const char *) g_ptr_array_index (updated, i))[0] != '\0')
      last = i + 1;
  g_ptr_array_set_size (updated, last);
  g_ptr_array_add (updated, NULL);

  return g_settings_set_strv (settings, "pinned-codes", (const char * const *) updated->pdata);
}
