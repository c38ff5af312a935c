#define G_LOG_DOMAIN "intake-cli"

#include "config.h"

#include <stdio.h>

#include "intake-cli-private.h"

/* A command builds its result once, as the JSON document --json prints;
 * the plain form is written from that same document, so the two cannot
 * disagree. */

void
intake_cli_add_string (JsonBuilder *builder,
                       const char  *member,
                       const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
intake_cli_add_int (JsonBuilder *builder,
                    const char  *member,
                    gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

void
intake_cli_add_int_or_null (JsonBuilder *builder,
                            const char  *member,
                            int          value)
{
  json_builder_set_member_name (builder, member);
  if (value >= 0)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
intake_cli_add_summary (JsonBuilder      *builder,
                        IntakeSubmission *submission)
{
  g_autofree char *date = intake_submission_dup_date_iso8601 (submission);

  intake_cli_add_int (builder, "id", intake_submission_get_id (submission));
  intake_cli_add_string (builder, "message_id", intake_submission_get_message_id (submission));
  intake_cli_add_string (builder, "subject", intake_submission_get_subject (submission));
  intake_cli_add_string (builder, "from_name", intake_submission_get_from_name (submission));
  intake_cli_add_string (builder, "from_addr", intake_submission_get_from_addr (submission));
  intake_cli_add_string (builder, "date", date);
  intake_cli_add_int (builder, "attachments", intake_submission_get_n_attachments (submission));
  intake_cli_add_string (builder, "status", intake_status_to_string (intake_submission_get_status (submission)));
}

/* The contract's shape of a coding; whole-submission ones have null offsets. */
void
intake_cli_add_coding (JsonBuilder        *builder,
                       const IntakeCoding *coding)
{
  gboolean whole = coding->start < 0;

  json_builder_begin_object (builder);
  intake_cli_add_string (builder, "code", coding->code_path);
  intake_cli_add_string (builder, "reviewer", coding->reviewer);
  intake_cli_add_int_or_null (builder, "start", whole ? -1 : coding->start);
  intake_cli_add_int_or_null (builder, "end", whole ? -1 : coding->end);
  intake_cli_add_string (builder, "excerpt", whole ? NULL : coding->excerpt);
  json_builder_end_object (builder);
}

/* NULL for a null or missing member, as it was NULL when the result was built. */
const char *
intake_cli_get_string (JsonObject *object,
                       const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  return json_node_get_string (node);
}

/* Prints what a command had to say, after it succeeded: a failed command
 * prints nothing on stdout. */
void
intake_cli_print_result (JsonNode          *result,
                         IntakeCliTextFunc  print_text,
                         gboolean           json)
{
  if (result == NULL)
    return;

  if (json)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autofree char *text = NULL;

      json_generator_set_root (generator, result);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, NULL);
      puts (text);
    }
  else if (print_text != NULL)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      print_text (result, text);
      fwrite (text->str, 1, text->len, stdout);
    }
}
