#define G_LOG_DOMAIN "intake-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "intake-cli-private.h"

static struct
{
  char  *reviewers;
  GStrv  names;   /* --reviewers, split at its commas */
} opt;

GOptionEntry intake_cli_agreement_entries[] = {
  { "reviewers", 0, 0, G_OPTION_ARG_STRING, &opt.reviewers,
    N_("The reviewers to compare, by name or GUID, separated by commas (default: every reviewer who has coded)"),
    N_("NAME,NAME…") },
  { NULL }
};

gboolean
intake_cli_agreement_check (IntakeCliContext  *cli,
                            GError           **error)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GStrvBuilder) names = NULL;
  guint n = 0;

  if (opt.reviewers == NULL)
    return TRUE;

  parts = g_strsplit (opt.reviewers, ",", -1);
  names = g_strv_builder_new ();
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] == '\0')
        continue;
      g_strv_builder_add (names, parts[i]);
      n++;
    }

  if (n < 2)
    {
      g_set_error_literal (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_USAGE,
                           _("Agreement compares two reviewers or more: name them as --reviewers NAME,NAME"));
      return FALSE;
    }

  opt.names = g_strv_builder_end (names);
  return TRUE;
}

static void
add_figure (JsonBuilder *builder,
            const char  *member,
            double       value)
{
  json_builder_set_member_name (builder, member);
  if (isnan (value))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, value);
}

static void
add_figures (JsonBuilder                  *builder,
             const IntakeAgreementFigures *figures)
{
  add_figure (builder, "percent", figures->percent);
  add_figure (builder, "kappa", figures->kappa);
  add_figure (builder, "alpha", figures->alpha);
  intake_cli_add_int (builder, "units", (gint64) figures->units);
  intake_cli_add_string (builder, "reason", intake_agreement_reason_to_string (figures->reason));
}

static void
add_reviewer_names (JsonBuilder                     *builder,
                    const char                      *member,
                    const IntakeAgreementReport     *report,
                    const IntakeAgreementComparison *comparison,
                    gboolean                         guids)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < comparison->reviewers->len; i++)
    {
      const IntakeAgreementReviewer *reviewer =
        g_ptr_array_index (report->reviewers, g_array_index (comparison->reviewers, guint, i));

      json_builder_add_string_value (builder, guids ? reviewer->guid : reviewer->name);
    }
  json_builder_end_array (builder);
}

/* The members of one comparison: its reviewers, the codes at each level
 * and the overall figures. */
static void
add_comparison (JsonBuilder                     *builder,
                const IntakeAgreementReport     *report,
                const IntakeAgreementComparison *comparison)
{
  add_reviewer_names (builder, "reviewers", report, comparison, FALSE);
  add_reviewer_names (builder, "reviewer_guids", report, comparison, TRUE);
  intake_cli_add_int (builder, "submissions", comparison->submissions);

  json_builder_set_member_name (builder, "codes");
  json_builder_begin_array (builder);
  for (guint c = 0; c < comparison->codes->len; c++)
    {
      const IntakeAgreementCode *code = g_ptr_array_index (comparison->codes, c);

      for (guint level = 0; level < INTAKE_AGREEMENT_N_LEVELS; level++)
        {
          json_builder_begin_object (builder);
          intake_cli_add_string (builder, "code", code->code_path);
          intake_cli_add_string (builder, "guid", code->code_guid);
          intake_cli_add_string (builder, "level", intake_agreement_level_to_string (level));
          add_figures (builder, &code->levels[level]);
          json_builder_end_object (builder);
        }
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "overall");
  json_builder_begin_object (builder);
  for (guint level = 0; level < INTAKE_AGREEMENT_N_LEVELS; level++)
    {
      json_builder_set_member_name (builder, intake_agreement_level_to_string (level));
      json_builder_begin_object (builder);
      add_figures (builder, &comparison->overall[level]);
      intake_cli_add_int (builder, "codes", comparison->overall_codes[level]);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

gboolean
intake_cli_agreement_run (IntakeCliContext  *cli,
                          JsonNode         **result,
                          GError           **error)
{
  g_autoptr(IntakeAgreementReport) report = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  report = intake_store_compute_agreement (cli->store, (const char * const *) opt.names, NULL, error);
  if (report == NULL)
    return FALSE;

  /* Across every reviewer first; then each pair, the one pair itself when
   * there are two, so that a script finds pairs the same way always. */
  json_builder_begin_object (builder);
  add_comparison (builder, report, report->all);
  json_builder_set_member_name (builder, "pairs");
  json_builder_begin_array (builder);
  if (report->pairs->len == 0)
    {
      json_builder_begin_object (builder);
      add_comparison (builder, report, report->all);
      json_builder_end_object (builder);
    }
  for (guint p = 0; p < report->pairs->len; p++)
    {
      json_builder_begin_object (builder);
      add_comparison (builder, report, g_ptr_array_index (report->pairs, p));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  *result = json_builder_get_root (builder);
  return TRUE;
}

/* ---- The plain form: a table ------------------------------------------ */

static double
get_figure (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NAN;
  return json_node_get_double (node);
}

/* Long paths are cut to keep the table readable in a terminal; --json
 * has them whole. */
#define MAX_NAME_WIDTH 48

static void
pad (GString    *text,
     const char *cell,
     guint       width)
{
  glong length = g_utf8_strlen (cell, -1);

  if (length > (glong) width)
    {
      g_string_append_len (text, cell, g_utf8_offset_to_pointer (cell, width - 1) - cell);
      g_string_append (text, "…");
      return;
    }

  g_string_append (text, cell);
  for (glong i = length; i < (glong) width; i++)
    g_string_append_c (text, ' ');
}

/* Right-aligned by characters, not bytes: translations have accents. */
static void
pad_left (GString    *text,
          const char *cell,
          guint       width)
{
  for (glong i = g_utf8_strlen (cell, -1); i < (glong) width; i++)
    g_string_append_c (text, ' ');
  g_string_append (text, cell);
}

static void
print_row (GString    *text,
           const char *name,
           guint       name_width,
           JsonObject *figures,
           const char *level)
{
  const char *reason = intake_cli_get_string (figures, "reason");
  g_autofree char *units = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (figures, "units"));

  pad (text, name, name_width);
  g_string_append (text, "  ");
  pad (text, level, 12);
  g_string_append_printf (text, "%12s  ", units);

  if (reason != NULL)
    {
      IntakeAgreementReason value = g_str_equal (reason, "single-category") ?
        INTAKE_AGREEMENT_REASON_SINGLE_CATEGORY : INTAKE_AGREEMENT_REASON_TOO_FEW_UNITS;

      g_string_append_printf (text, "%s\n", intake_agreement_reason_describe (value));
      return;
    }

  {
    double kappa = get_figure (figures, "kappa");
    g_autofree char *kappa_text = isnan (kappa) ? g_strdup ("–") : g_strdup_printf ("%.3f", kappa);

    g_string_append_printf (text, "%8.1f %%  %7s  %7.3f\n",
                            get_figure (figures, "percent"), kappa_text, get_figure (figures, "alpha"));
  }
}

static const char *
level_label (const char *level)
{
  /* Translators: the agreement table's level column: units are whole submissions */
  return g_str_equal (level, "character") ? C_("agreement level", "character") : C_("agreement level", "submission");
}

static void
print_comparison (JsonObject *comparison,
                  GString    *text)
{
  JsonArray *reviewers = json_object_get_array_member (comparison, "reviewers");
  JsonArray *codes = json_object_get_array_member (comparison, "codes");
  JsonObject *overall = json_object_get_object_member (comparison, "overall");
  g_autoptr(GString) names = g_string_new (NULL);
  const char *overall_label = _("Overall");
  guint width = g_utf8_strlen (_("Code"), -1);

  for (guint i = 0; i < json_array_get_length (reviewers); i++)
    g_string_append_printf (names, "%s%s", i ? ", " : "", json_array_get_string_element (reviewers, i));

  g_string_append_printf (text,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "%s: %u submission coded by every one of them\n",
                                       "%s: %u submissions coded by every one of them\n",
                                       json_object_get_int_member (comparison, "submissions")),
                          names->str, (guint) json_object_get_int_member (comparison, "submissions"));

  width = MAX (width, (guint) g_utf8_strlen (overall_label, -1));
  for (guint i = 0; i < json_array_get_length (codes); i++)
    {
      JsonObject *code = json_array_get_object_element (codes, i);

      width = MAX (width, (guint) g_utf8_strlen (json_object_get_string_member (code, "code"), -1));
    }

  width = MIN (width, MAX_NAME_WIDTH);
  pad (text, _("Code"), width);
  g_string_append (text, "  ");
  pad (text, _("Level"), 12);
  pad_left (text, _("Units"), 12);
  pad_left (text, _("Agreement"), 12);
  pad_left (text, _("Kappa"), 9);
  pad_left (text, _("Alpha"), 9);
  g_string_append_c (text, '\n');

  /* The submission level then the character level of each code; when
   * both say the same reason, one row says it. */
  for (guint i = 0; i + 1 < json_array_get_length (codes); i += 2)
    {
      JsonObject *by_submission = json_array_get_object_element (codes, i);
      JsonObject *by_character = json_array_get_object_element (codes, i + 1);
      const char *path = json_object_get_string_member (by_submission, "code");
      const char *reason = intake_cli_get_string (by_submission, "reason");

      if (reason != NULL && g_strcmp0 (reason, intake_cli_get_string (by_character, "reason")) == 0)
        {
          print_row (text, path, width, by_submission, "");
          continue;
        }
      print_row (text, path, width, by_submission, level_label ("submission"));
      print_row (text, "", width, by_character, level_label ("character"));
    }

  print_row (text, overall_label, width, json_object_get_object_member (overall, "submission"),
             level_label ("submission"));
  print_row (text, "", width, json_object_get_object_member (overall, "character"), level_label ("character"));
}

void
intake_cli_agreement_text (JsonNode *result,
                           GString  *text)
{
  JsonObject *report = json_node_get_object (result);
  JsonArray *pairs = json_object_get_array_member (report, "pairs");

  print_comparison (report, text);

  /* With two reviewers the one pair is the table above. */
  if (json_array_get_length (json_object_get_array_member (report, "reviewers")) <= 2)
    return;

  for (guint p = 0; p < json_array_get_length (pairs); p++)
    {
      g_string_append_c (text, '\n');
      print_comparison (json_array_get_object_element (pairs, p), text);
    }
}
