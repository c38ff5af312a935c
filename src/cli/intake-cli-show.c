#define G_LOG_DOMAIN "intake-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-cli-private.h"

static void
add_attachments (JsonBuilder *builder,
                 GListModel  *attachments)
{
  json_builder_set_member_name (builder, "attachments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (attachments); i++)
    {
      g_autoptr(IntakeAttachment) attachment = g_list_model_get_item (attachments, i);
      const char *text = intake_attachment_get_text (attachment);

      json_builder_begin_object (builder);
      intake_cli_add_string (builder, "filename", intake_attachment_get_filename (attachment));
      intake_cli_add_string (builder, "mime_type", intake_attachment_get_mime_type (attachment));
      intake_cli_add_int (builder, "size", intake_attachment_get_size (attachment));
      intake_cli_add_int (builder, "text_chars", text ? g_utf8_strlen (text, -1) : 0);
      intake_cli_add_string (builder, "sha256", intake_attachment_get_sha256 (attachment));
      intake_cli_add_string (builder, "note", intake_attachment_get_note (attachment));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

gboolean
intake_cli_show_run (IntakeCliContext  *cli,
                     JsonNode         **result,
                     GError           **error)
{
  g_autoptr(IntakeSubmission) submission = NULL;
  g_autoptr(GPtrArray) codings = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *memo = NULL;
  g_autoptr(GPtrArray) memos = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 id;

  submission = intake_cli_get_submission (cli->store, cli->args[0], error);
  if (submission == NULL)
    return FALSE;
  id = intake_submission_get_id (submission);

  codings = intake_store_list_codings (cli->store, id, &local_error);
  if (codings != NULL)
    attributes = intake_store_get_attributes (cli->store, id, &local_error);
  if (attributes != NULL)
    memo = intake_store_get_memo (cli->store, id, NULL, &local_error);
  if (local_error == NULL)
    memos = intake_store_list_memos (cli->store, id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (codings == NULL || attributes == NULL)
    {
      g_set_error_literal (error, INTAKE_CLI_ERROR, INTAKE_CLI_ERROR_FAILED,
                           _("The submission’s codings could not be read"));
      return FALSE;
    }

  names = intake_cli_sorted_names (attributes);

  json_builder_begin_object (builder);
  intake_cli_add_summary (builder, submission);
  intake_cli_add_string (builder, "in_reply_to", intake_submission_get_in_reply_to (submission));
  intake_cli_add_string (builder, "text", intake_submission_get_text (submission));
  intake_cli_add_string (builder, "note", intake_submission_get_note (submission));
  /* Replaces the summary's count in place with the attachments themselves. */
  add_attachments (builder, intake_submission_get_attachments (submission));
  json_builder_set_member_name (builder, "codings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < codings->len; i++)
    intake_cli_add_coding (builder, g_ptr_array_index (codings, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_object (builder);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      intake_cli_add_string (builder, name, g_hash_table_lookup (attributes, name));
    }
  json_builder_end_object (builder);
  /* The newest memo, and every reviewer's. */
  intake_cli_add_string (builder, "memo", memo);
  json_builder_set_member_name (builder, "memos");
  json_builder_begin_array (builder);
  for (guint i = 0; i < memos->len; i++)
    {
      IntakeMemo *each = g_ptr_array_index (memos, i);

      json_builder_begin_object (builder);
      intake_cli_add_string (builder, "reviewer", each->reviewer);
      intake_cli_add_string (builder, "reviewer_guid", each->reviewer_guid);
      intake_cli_add_string (builder, "text", each->text);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  *result = json_builder_get_root (builder);
  return TRUE;
}

static void
print_coding_line (JsonObject *coding,
                   GString    *text)
{
  const char *code = intake_cli_get_string (coding, "code");
  const char *reviewer = intake_cli_get_string (coding, "reviewer");
  JsonNode *start = json_object_get_member (coding, "start");

  if (JSON_NODE_HOLDS_NULL (start))
    {
      /* Translators: code path, reviewer */
      g_string_append_printf (text, _("Coded: %s (%s), whole submission\n"), code, reviewer);
    }
  else
    {
      const char *value = intake_cli_get_string (coding, "excerpt");
      g_autofree char *excerpt = g_strdup (value ? value : "");
      glong length = g_utf8_strlen (excerpt, -1);

      g_strdelimit (excerpt, "\r\n\t", ' ');
      if (length > 60)
        {
          char *cut = g_utf8_offset_to_pointer (excerpt, 59);

          *cut = '\0';
        }
      /* Translators: code path, reviewer, start and end offsets, excerpt */
      g_string_append_printf (text, _("Coded: %s (%s), %d–%d: “%s%s”\n"), code, reviewer,
                              (int) json_node_get_int (start),
                              (int) json_object_get_int_member (coding, "end"),
                              excerpt, length > 60 ? "…" : "");
    }
}

void
intake_cli_show_text (JsonNode *result,
                      GString  *text)
{
  JsonObject *submission = json_node_get_object (result);
  JsonArray *attachments = json_object_get_array_member (submission, "attachments");
  JsonArray *codings = json_object_get_array_member (submission, "codings");
  JsonObject *attributes = json_object_get_object_member (submission, "attributes");
  const char *from_name = intake_cli_get_string (submission, "from_name");
  const char *from_addr = intake_cli_get_string (submission, "from_addr");
  const char *date = intake_cli_get_string (submission, "date");
  const char *message_id = intake_cli_get_string (submission, "message_id");
  const char *in_reply_to = intake_cli_get_string (submission, "in_reply_to");
  const char *memo = intake_cli_get_string (submission, "memo");
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  g_string_append_printf (text, "%s %s\n", _("Subject:"), intake_cli_get_string (submission, "subject"));
  if (from_name != NULL && *from_name != '\0')
    g_string_append_printf (text, "%s %s <%s>\n", _("From:"), from_name, from_addr);
  else
    g_string_append_printf (text, "%s %s\n", _("From:"), from_addr);
  g_string_append_printf (text, "%s %s\n", _("Date:"), date ? date : _("unknown"));
  if (message_id != NULL)
    g_string_append_printf (text, "%s <%s>\n", _("Message-ID:"), message_id);
  if (in_reply_to != NULL)
    g_string_append_printf (text, "%s <%s>\n", _("In-Reply-To:"), in_reply_to);
  for (guint i = 0; i < json_array_get_length (attachments); i++)
    {
      JsonObject *attachment = json_array_get_object_element (attachments, i);
      g_autofree char *size = g_format_size (json_object_get_int_member (attachment, "size"));
      const char *note = intake_cli_get_string (attachment, "note");

      g_string_append_printf (text, "%s %s (%s, %s)\n", _("Attachment:"),
                              intake_cli_get_string (attachment, "filename"),
                              intake_cli_get_string (attachment, "mime_type"), size);
      if (note != NULL)
        g_string_append_printf (text, "  %s\n", note);
    }
  if (intake_cli_get_string (submission, "note") != NULL)
    g_string_append_printf (text, "%s %s\n", _("Note:"), intake_cli_get_string (submission, "note"));
  g_string_append_printf (text, "%s %s\n", _("Status:"), intake_cli_get_string (submission, "status"));
  /* In the order they were added: sorted by name. */
  json_object_iter_init_ordered (&iter, attributes);
  while (json_object_iter_next_ordered (&iter, &name, &value))
    {
      /* Translators: attribute name and value */
      g_string_append_printf (text, _("Attribute: %s = %s\n"), name, json_node_get_string (value));
    }
  for (guint i = 0; i < json_array_get_length (codings); i++)
    print_coding_line (json_array_get_object_element (codings, i), text);
  if (memo != NULL && *memo != '\0')
    {
      g_auto(GStrv) lines = g_strsplit (memo, "\n", -1);

      /* The memo's own lines are indented so they cannot pass for headers. */
      g_string_append_printf (text, "%s %s\n", _("Memo:"), lines[0]);
      for (guint i = 1; lines[i] != NULL; i++)
        g_string_append_printf (text, "      %s\n", lines[i]);
    }
  g_string_append_printf (text, "\n%s", intake_cli_get_string (submission, "text"));
}
