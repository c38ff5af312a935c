/* Reading a REFI-QDA project into an empty one: the archive checked name
 * by name before anything is read, project.qde parsed with neither network
 * nor DTD nor entities, and what the store cannot hold listed as skipped. */
#define G_LOG_DOMAIN "intake-qdpx"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <string.h>

#include "intake-file.h"
#include "intake-qdpx-private.h"
#include "intake-text.h"
#include "intake-xml-private.h"

static gboolean
is_element (const xmlNode *node,
            const char    *name)
{
  return node->type == XML_ELEMENT_NODE &&
         node->ns != NULL && node->ns->href != NULL &&
         strcmp ((const char *) node->ns->href, INTAKE_QDPX_NS) == 0 &&
         strcmp ((const char *) node->name, name) == 0;
}

static const xmlNode *
first_child (const xmlNode *node,
             const char    *name)
{
  for (const xmlNode *child = node->children; child != NULL; child = child->next)
    if (is_element (child, name))
      return child;
  return NULL;
}

static char *
get_attribute (const xmlNode *node,
               const char    *name)
{
  xmlChar *value = xmlGetNoNsProp (node, BAD_CAST name);
  char *copy = value != NULL ? g_strdup ((const char *) value) : NULL;

  xmlFree (value);
  return copy;
}

static char *
get_text (const xmlNode *node)
{
  xmlChar *value = xmlNodeGetContent (node);
  char *copy = g_strdup (value != NULL ? (const char *) value : "");

  xmlFree (value);
  return copy;
}

/* GUIDs as the store keeps them: lowercase, without braces; NULL when
 * @text is not a GUID. */
static char *
normalize_guid (const char *text)
{
  g_autofree char *trimmed = NULL;
  gsize len;

  if (text == NULL)
    return NULL;
  trimmed = g_strstrip (g_strdup (text));
  len = strlen (trimmed);
  if (len == 38 && trimmed[0] == '{' && trimmed[37] == '}')
    {
      memmove (trimmed, trimmed + 1, 36);
      trimmed[36] = '\0';
    }
  if (!g_uuid_string_is_valid (trimmed))
    return NULL;
  return g_ascii_strdown (trimmed, -1);
}

static char *
get_guid (const xmlNode *node,
          const char    *name)
{
  g_autofree char *value = get_attribute (node, name);

  return normalize_guid (value);
}

/* No network, no DTD loaded, no entity substituted (never XML_PARSE_NOENT
 * or XML_PARSE_DTDLOAD); and a document with a DOCTYPE at all is refused,
 * since QDA-XML has none and a declared entity is how files get read. */
static xmlDocPtr
parse_project (GBytes  *data,
               GError **error)
{
  gsize len;
  const char *buf = g_bytes_get_data (data, &len);
  IntakeXmlFirstError first_error = { 0 };
  xmlParserCtxtPtr ctxt;
  xmlDocPtr doc;
  gboolean well_formed;

  if (len == 0 || len > G_MAXINT)
    {
      g_set_error_literal (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_INVALID,
                           _("The project’s project.qde is empty"));
      return NULL;
    }

  ctxt = xmlCreateMemoryParserCtxt (buf, (int) len);
  if (ctxt == NULL)
    {
      g_set_error_literal (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_FAILED,
                           _("The project could not be read: out of memory"));
      return NULL;
    }
  xmlCtxtUseOptions (ctxt, XML_PARSE_NONET);
  ctxt->_private = &first_error;
  ctxt->sax->serror = _intake_xml_keep_first_error;
  ctxt->sax->warning = NULL;
  xmlParseDocument (ctxt);

  doc = ctxt->myDoc;
  ctxt->myDoc = NULL;
  well_formed = ctxt->wellFormed;
  xmlFreeParserCtxt (ctxt);

  if (doc != NULL && (doc->intSubset != NULL || doc->extSubset != NULL))
    {
      g_set_error_literal (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_UNSAFE,
                           _("The project’s project.qde declares a document type; QDA-XML has none, and such files are refused because their entities can read other files"));
      g_clear_pointer (&doc, xmlFreeDoc);
    }
  else if (!well_formed || doc == NULL)
    {
      if (first_error.message != NULL)
        g_set_error (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_INVALID,
                     _("Line %d of project.qde: not well-formed XML (%s)"),
                     first_error.line, first_error.message);
      else
        g_set_error_literal (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_INVALID,
                             _("The project’s project.qde is not well-formed XML"));
      g_clear_pointer (&doc, xmlFreeDoc);
    }

  g_free (first_error.message);
  return doc;
}

/* Every name in the archive, checked before anything is read: nothing in
 * it may name a place outside it, nor be too large to read. */
static gboolean
check_archive (GsfInfile  *folder,
               guint      *n_entries,
               GError    **error)
{
  int n = gsf_infile_num_children (folder);

  for (int i = 0; i < n; i++)
    {
      const char *name = gsf_infile_name_by_index (folder, i);
      g_autoptr(GsfInput) child = NULL;

      if (++*n_entries > INTAKE_QDPX_MAX_ENTRIES)
        {
          g_set_error (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_UNSAFE,
                       _("The archive holds more than %d entries"), INTAKE_QDPX_MAX_ENTRIES);
          return FALSE;
        }
      if (name == NULL || *name == '\0' || strcmp (name, ".") == 0 || strcmp (name, "..") == 0 ||
          strchr (name, '\\') != NULL || strchr (name, ':') != NULL)
        {
          /* An absolute path ("/etc/…") reads as an empty first name. */
          g_set_error (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_UNSAFE,
                       _("The archive holds an entry whose path (“%s”) leads outside it; the file is refused"),
                       name != NULL && *name != '\0' ? name : "/");
          return FALSE;
        }

      child = gsf_infile_child_by_index (folder, i);
      if (child == NULL)
        continue;
      if (GSF_IS_INFILE (child) && gsf_infile_num_children (GSF_INFILE (child)) >= 0)
        {
          if (!check_archive (GSF_INFILE (child), n_entries, error))
            return FALSE;
        }
      else if (gsf_input_size (child) > INTAKE_QDPX_MAX_SOURCE_SIZE &&
               strcmp (name, PROJECT_ENTRY) != 0)
        {
          g_set_error (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_UNSAFE,
                       _("The archive’s entry “%s” is larger than %d MB"),
                       name, INTAKE_QDPX_MAX_SOURCE_SIZE / (1024 * 1024));
          return FALSE;
        }
    }

  return TRUE;
}

static GBytes *
read_entry (GsfInput  *input,
            gsize      max_size,
            GError   **error)
{
  gsf_off_t size = gsf_input_size (input);
  guint8 *data;

  if (size < 0 || (guint64) size > max_size)
    {
      g_set_error (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_UNSAFE,
                   _("The archive’s entry “%s” is larger than %d MB"),
                   gsf_input_name (input), (int) (max_size / (1024 * 1024)));
      return NULL;
    }

  data = g_malloc (size + 1);
  if (size > 0 && gsf_input_read (input, size, data) == NULL)
    {
      g_free (data);
      g_set_error (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_INVALID,
                   _("The archive’s entry “%s” could not be read: the archive is damaged"),
                   gsf_input_name (input));
      return NULL;
    }
  data[size] = '\0';
  return g_bytes_new_take (data, size);
}

typedef struct
{
  IntakeStore       *store;
  GsfInfile         *sources;        /* the archive's sources/, or NULL */
  const char        *fallback_reviewer;
  IntakeQdpxSummary *summary;
  GHashTable        *users;          /* user GUID → reviewer name */
  GHashTable        *variables;      /* variable GUID → attribute name */
  GHashTable        *case_values;    /* source GUID → GPtrArray of name, value, … */
  GHashTable        *notes;          /* note GUID → text */
  GHashTable        *note_users;     /* note GUID → its creating user's GUID, when known */
  GHashTable        *codes;          /* code GUIDs of the file */
  char              *project_user;   /* the project's creating user, or NULL */
} ImportState;

static void
skip (ImportState *state,
      const char  *format,
      ...) G_GNUC_PRINTF (2, 3);

static void
skip (ImportState *state,
      const char  *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (state->summary->skipped, g_strdup_vprintf (format, args));
  va_end (args);
}

static gboolean
import_users (ImportState    *state,
              const xmlNode  *root,
              GError        **error)
{
  const xmlNode *users = first_child (root, "Users");

  if (users == NULL)
    return TRUE;

  for (const xmlNode *user = users->children; user != NULL; user = user->next)
    {
      g_autofree char *guid = NULL;
      g_autofree char *name = NULL;

      if (!is_element (user, "User"))
        continue;
      guid = get_guid (user, "guid");
      name = get_attribute (user, "name");
      if (guid == NULL)
        {
          skip (state, _("Line %d: a user without a valid GUID"), (int) xmlGetLineNo (user));
          continue;
        }
      if (name == NULL || *g_strstrip (name) == '\0')
        {
          g_free (name);
          /* Translators: a coder an imported project names only by GUID */
          name = g_strdup_printf (_("User %.8s"), guid);
        }
      if (!intake_store_add_reviewer_with_guid (state->store, name, guid, error))
        return FALSE;
      g_hash_table_insert (state->users, g_steal_pointer (&guid), g_steal_pointer (&name));
      state->summary->users++;
    }

  return TRUE;
}

static void
string_free (gpointer string)
{
  g_string_free (string, TRUE);
}

/* A user is named by GUID to the store: two may share a name. */
static const char *
known_user (ImportState *state,
            const char  *guid)
{
  gpointer key = NULL;

  return guid != NULL && g_hash_table_lookup_extended (state->users, guid, &key, NULL) ? key : NULL;
}

static const char *
creating_user (ImportState   *state,
               const xmlNode *node)
{
  g_autofree char *guid = node != NULL ? get_guid (node, "creatingUser") : NULL;

  return known_user (state, guid);
}

/* Who made @node: its own creating user, else @outer's (the selection a
 * coding is in), else the project's, else the fallback reviewer. */
static const char *
reviewer_for (ImportState   *state,
              const xmlNode *node,
              const xmlNode *outer)
{
  const char *name = creating_user (state, node);

  if (name == NULL)
    name = creating_user (state, outer);
  if (name == NULL)
    name = known_user (state, state->project_user);
  return name != NULL ? name : state->fallback_reviewer;
}

static gboolean
load_codes (ImportState    *state,
            IntakeCodebook *codebook,
            const xmlNode  *parent,
            const char     *parent_guid,
            GError        **error)
{
  for (const xmlNode *node = parent->children; node != NULL; node = node->next)
    {
      g_autofree char *guid = NULL;
      g_autofree char *name = NULL;
      g_autofree char *codable = NULL;
      g_autofree char *color = NULL;
      g_autofree char *description = NULL;
      const xmlNode *description_node;

      if (!is_element (node, "Code"))
        continue;
      guid = get_guid (node, "guid");
      name = get_attribute (node, "name");
      if (guid == NULL || name == NULL || g_hash_table_contains (state->codes, guid))
        {
          g_set_error (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_INVALID,
                       _("Line %d of project.qde: a code needs a name and a GUID of its own"),
                       (int) xmlGetLineNo (node));
          return FALSE;
        }
      codable = get_attribute (node, "isCodable");
      color = get_attribute (node, "color");
      description_node = first_child (node, "Description");
      if (description_node != NULL)
        description = get_text (description_node);

      intake_codebook_append_code (codebook, guid, g_strstrip (name), description,
                                   color, g_strcmp0 (codable, "false") != 0 && g_strcmp0 (codable, "0") != 0,
                                   parent_guid);
      g_hash_table_add (state->codes, g_strdup (guid));
      if (!load_codes (state, codebook, node, guid, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
has_file_code (ImportState    *state,
               IntakeCodebook *codebook,
               IntakeCode     *code)
{
  const char * const *children = intake_code_get_child_guids (code);

  if (g_hash_table_contains (state->codes, intake_code_get_guid (code)))
    return TRUE;
  for (guint i = 0; children[i] != NULL; i++)
    {
      IntakeCode *child = intake_codebook_find_by_guid (codebook, children[i]);

      if (child != NULL && has_file_code (state, codebook, child))
        return TRUE;
    }
  return FALSE;
}

/* The file's codebook in place of the one a new project starts with. */
static gboolean
import_codebook (ImportState    *state,
                 const xmlNode  *root,
                 GError        **error)
{
  const xmlNode *book = first_child (root, "CodeBook");
  const xmlNode *codes = book != NULL ? first_child (book, "Codes") : NULL;
  g_autoptr(IntakeCodebook) codebook = intake_codebook_new ();
  g_autoptr(IntakeCodebook) current = NULL;
  g_autoptr(GPtrArray) unused = g_ptr_array_new_with_free_func (g_free);

  if (codes == NULL)
    return TRUE;
  if (!load_codes (state, codebook, codes, NULL, error) ||
      !intake_store_import_codebook (state->store, codebook, NULL, error))
    return FALSE;

  current = intake_store_load_codebook (state->store, error);
  if (current == NULL)
    return FALSE;
  for (guint i = 0; i < intake_codebook_get_n_codes (current); i++)
    {
      IntakeCode *code = intake_codebook_get_code (current, i);
      const char *parent = intake_code_get_parent_guid (code);
      IntakeCode *parent_code = parent != NULL ? intake_codebook_find_by_guid (current, parent) : NULL;

      /* The topmost code of each subtree the file does not have. */
      if (!has_file_code (state, current, code) &&
          (parent_code == NULL || has_file_code (state, current, parent_code)))
        g_ptr_array_add (unused, g_strdup (intake_code_get_guid (code)));
    }
  for (guint i = 0; i < unused->len; i++)
    {
      g_autoptr(GVariant) snapshot = intake_store_delete_code (state->store, g_ptr_array_index (unused, i),
                                                               NULL, error);
      if (snapshot == NULL)
        return FALSE;
    }

  return TRUE;
}

static void
read_variable_values (ImportState   *state,
                      const xmlNode *parent,
                      GPtrArray     *pairs)
{
  for (const xmlNode *node = parent->children; node != NULL; node = node->next)
    {
      const xmlNode *ref;
      g_autofree char *guid = NULL;
      const char *name;

      if (!is_element (node, "VariableValue"))
        continue;
      ref = first_child (node, "VariableRef");
      guid = ref != NULL ? get_guid (ref, "targetGUID") : NULL;
      name = guid != NULL ? g_hash_table_lookup (state->variables, guid) : NULL;
      if (name == NULL)
        continue;

      /* Whatever its type, a value is text to a case attribute. */
      for (const xmlNode *value = node->children; value != NULL; value = value->next)
        if (value->type == XML_ELEMENT_NODE && value != ref)
          {
            g_ptr_array_add (pairs, g_strdup (name));
            g_ptr_array_add (pairs, get_text (value));
            break;
          }
    }
}

static void
import_variables_and_cases (ImportState   *state,
                            const xmlNode *root)
{
  const xmlNode *variables = first_child (root, "Variables");
  const xmlNode *cases = first_child (root, "Cases");

  for (const xmlNode *node = variables ? variables->children : NULL; node != NULL; node = node->next)
    {
      g_autofree char *guid = NULL;
      g_autofree char *name = NULL;
      g_autofree char *matched = NULL;

      if (!is_element (node, "Variable"))
        continue;
      guid = get_guid (node, "guid");
      name = get_attribute (node, "name");
      if (guid == NULL || name == NULL || *g_strstrip (name) == '\0')
        continue;
      /* "respondent group" is the project's Respondent group. */
      matched = intake_attribute_match_name (name);
      g_hash_table_insert (state->variables, g_steal_pointer (&guid),
                           matched != NULL ? g_steal_pointer (&matched) : g_steal_pointer (&name));
      state->summary->variables++;
    }

  for (const xmlNode *node = cases ? cases->children : NULL; node != NULL; node = node->next)
    {
      g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);

      if (!is_element (node, "Case"))
        continue;
      read_variable_values (state, node, pairs);
      for (const xmlNode *ref = node->children; ref != NULL; ref = ref->next)
        {
          char *source;
          GPtrArray *values;

          if (!is_element (ref, "SourceRef") || (source = get_guid (ref, "targetGUID")) == NULL)
            continue;
          values = g_hash_table_lookup (state->case_values, source);
          if (values == NULL)
            {
              values = g_ptr_array_new_with_free_func (g_free);
              g_hash_table_insert (state->case_values, source, values);
            }
          else
            g_free (source);
          for (guint i = 0; i < pairs->len; i++)
            g_ptr_array_add (values, g_strdup (g_ptr_array_index (pairs, i)));
        }
    }
}

/* A text kept inside the archive: "internal://NAME" is sources/NAME. */
static char *
read_internal_text (ImportState  *state,
                    const char   *path,
                    const char   *source_name,
                    GError      **error)
{
  const char *name = path + strlen (INTERNAL_PATH);
  g_autoptr(GsfInput) input = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (*name == '\0' || strchr (name, '/') != NULL || strchr (name, '\\') != NULL ||
      strcmp (name, "..") == 0 || strcmp (name, ".") == 0)
    {
      g_set_error (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_UNSAFE,
                   _("The source “%s” names its text “%s”, which points outside the archive’s sources folder; the file is refused"),
                   source_name, path);
      return NULL;
    }
  if (state->sources != NULL)
    input = gsf_infile_child_by_name (state->sources, name);
  if (input == NULL || (GSF_IS_INFILE (input) && gsf_infile_num_children (GSF_INFILE (input)) >= 0))
    return NULL;

  bytes = read_entry (input, INTAKE_QDPX_MAX_SOURCE_SIZE, error);
  if (bytes == NULL)
    return NULL;
  return g_strdup (g_bytes_get_data (bytes, NULL));
}

static char *
source_text (ImportState    *state,
             const xmlNode  *node,
             const char     *name,
             GError        **error)
{
  const xmlNode *content = first_child (node, "PlainTextContent");
  g_autofree char *path = get_attribute (node, "plainTextPath");
  g_autoptr(GError) local = NULL;
  char *text;

  if (content != NULL)
    text = get_text (content);
  else if (path != NULL && g_str_has_prefix (path, INTERNAL_PATH))
    {
      text = read_internal_text (state, path, name, &local);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      if (text == NULL)
        {
          skip (state, _("%s: its text, %s, is not in the archive"), name, path);
          return NULL;
        }
    }
  else
    {
      /* Never followed: a path or URL out of the archive. */
      skip (state, _("%s: its text is a file outside the archive (%s), which is not read"),
            name, path != NULL ? path : _("none given"));
      return NULL;
    }

  if (!g_utf8_validate (text, -1, NULL))
    {
      skip (state, _("%s: its text is not UTF-8"), name);
      g_free (text);
      return NULL;
    }
  /* A byte-order mark is not part of the text positions count. */
  if (g_str_has_prefix (text, "\xef\xbb\xbf"))
    memmove (text, text + 3, strlen (text + 3) + 1);

  /* Controls become spaces: one code point for one, positions stay. */
  return intake_text_blank_controls (text);
}

static gboolean
add_coding (ImportState    *state,
            gint64          submission_id,
            const char     *source_name,
            const xmlNode  *coding,
            const xmlNode  *selection,
            int             start,
            int             end,
            GError        **error)
{
  const xmlNode *ref = first_child (coding, "CodeRef");
  g_autofree char *code_guid = ref != NULL ? get_guid (ref, "targetGUID") : NULL;
  g_autofree char *guid = get_guid (coding, "guid");
  g_autoptr(IntakeCoding) existing = NULL;
  g_autoptr(IntakeCoding) added = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *created = NULL;
  g_autoptr(GDateTime) date = NULL;
  const char *reviewer;

  if (code_guid == NULL || !g_hash_table_contains (state->codes, code_guid))
    {
      skip (state, _("%s: a coding with a code the codebook does not have (line %d)"),
            source_name, (int) xmlGetLineNo (coding));
      return TRUE;
    }

  reviewer = reviewer_for (state, coding, selection);

  /* A GUID the project uses already makes a new one. */
  if (guid != NULL)
    {
      existing = intake_store_get_coding (state->store, guid, &local);
      g_clear_error (&local);
      if (existing != NULL)
        g_clear_pointer (&guid, g_free);
    }

  added = intake_store_add_coding (state->store, submission_id, code_guid, reviewer, start, end,
                                   guid, NULL, &local);
  if (added == NULL)
    {
      if (local->domain != INTAKE_STORE_ERROR || local->code == INTAKE_STORE_ERROR_OPEN)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      skip (state, _("%s: a coding was not kept (line %d): %s"), source_name, (int) xmlGetLineNo (coding),
            local->message);
      return TRUE;
    }

  /* The time it was made, as the other program recorded it. */
  created = get_attribute (coding, "creationDateTime");
  if (created == NULL && selection != NULL)
    created = get_attribute (selection, "creationDateTime");
  if (created != NULL)
    date = g_date_time_new_from_iso8601 (created, NULL);
  if (date != NULL &&
      !intake_store_set_coding_created_at (state->store, added->guid, g_date_time_to_unix (date), error))
    return FALSE;

  state->summary->codings++;
  return TRUE;
}

static gboolean
import_text_source (ImportState    *state,
                    const xmlNode  *node,
                    GError        **error)
{
  g_autofree char *guid = get_guid (node, "guid");
  g_autofree char *name = get_attribute (node, "name");
  g_autofree char *text = NULL;
  g_autofree char *created = get_attribute (node, "creationDateTime");
  g_autoptr(IntakeParsedMessage) message = g_new0 (IntakeParsedMessage, 1);
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
  /* reviewer ("" for the source's) → the text of their notes on it */
  g_autoptr(GHashTable) memos = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                       string_free);
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GError) local = NULL;
  IntakeStoreInsertResult result;
  GPtrArray *case_pairs;
  gint64 id;
  int length;

  if (name == NULL || *name == '\0')
    {
      g_free (name);
      name = g_strdup_printf (_("Source at line %d"), (int) xmlGetLineNo (node));
    }
  if (guid == NULL)
    {
      skip (state, _("%s: no valid GUID"), name);
      return TRUE;
    }
  id = intake_store_find_submission_by_guid (state->store, guid, error);
  if (id < 0)
    return FALSE;
  if (id > 0)
    {
      skip (state, _("%s: a second source with the GUID %s"), name, guid);
      return TRUE;
    }

  text = source_text (state, node, name, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (text == NULL)
    return TRUE;
  length = intake_text_length (text);

  key = g_strconcat ("refi-qda:", guid, NULL);
  message->guid = g_strdup (guid);
  message->content_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  message->subject = g_strdup (name);
  message->text = g_strdup (text);
  message->body = g_strdup (text);
  if (created != NULL)
    date = g_date_time_new_from_iso8601 (created, NULL);
  if (date != NULL)
    {
      message->date = g_date_time_to_unix (date);
      message->has_date = TRUE;
    }
  if (!intake_store_insert_message (state->store, message, 0, NULL, &result, error))
    return FALSE;
  id = intake_store_find_submission_by_guid (state->store, guid, error);
  if (id <= 0)
    {
      if (id == 0)
        g_set_error (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_FAILED,
                     _("%s: the source was not stored"), name);
      return FALSE;
    }
  state->summary->sources++;

  /* Attributes: the case's, then the source's own. */
  case_pairs = g_hash_table_lookup (state->case_values, guid);
  read_variable_values (state, node, pairs);
  for (guint i = 0; case_pairs != NULL && i + 1 < case_pairs->len; i += 2)
    if (!intake_store_set_attribute (state->store, id, g_ptr_array_index (case_pairs, i),
                                     g_ptr_array_index (case_pairs, i + 1), NULL, error))
      return FALSE;
  for (guint i = 0; i + 1 < pairs->len; i += 2)
    if (!intake_store_set_attribute (state->store, id, g_ptr_array_index (pairs, i),
                                     g_ptr_array_index (pairs, i + 1), NULL, error))
      return FALSE;

  for (const xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (is_element (child, "PlainTextSelection"))
        {
          g_autofree char *start_text = get_attribute (child, "startPosition");
          g_autofree char *end_text = get_attribute (child, "endPosition");
          gint64 start, end;

          if (start_text == NULL || end_text == NULL ||
              !g_ascii_string_to_signed (start_text, 10, 0, G_MAXINT, &start, NULL) ||
              !g_ascii_string_to_signed (end_text, 10, 0, G_MAXINT, &end, NULL) ||
              start >= end || end > length)
            {
              skip (state, _("%s: a selection from %s to %s, outside its %d characters (line %d)"),
                    name, start_text ? start_text : "?", end_text ? end_text : "?", length,
                    (int) xmlGetLineNo (child));
              continue;
            }
          for (const xmlNode *coding = child->children; coding != NULL; coding = coding->next)
            if (is_element (coding, "Coding") &&
                !add_coding (state, id, name, coding, child, start, end, error))
              return FALSE;
        }
      else if (is_element (child, "Coding"))
        {
          if (!add_coding (state, id, name, child, NULL, -1, -1, error))
            return FALSE;
        }
      else if (is_element (child, "NoteRef"))
        {
          g_autofree char *note = get_guid (child, "targetGUID");
          const char *note_text = note != NULL ? g_hash_table_lookup (state->notes, note) : NULL;
          const char *user = note != NULL ? g_hash_table_lookup (state->note_users, note) : NULL;
          GString *memo;

          if (note_text == NULL || *note_text == '\0')
            continue;
          /* Each user's notes are their memo; notes of nobody in particular
           * are the source's creator's. */
          if (user == NULL)
            user = "";
          memo = g_hash_table_lookup (memos, user);
          if (memo == NULL)
            g_hash_table_insert (memos, (char *) user, memo = g_string_new (NULL));
          g_string_append_printf (memo, "%s%s", memo->len > 0 ? "\n\n" : "", note_text);
        }
    }

  {
    GHashTableIter iter;
    const char *user;
    GString *memo;

    g_hash_table_iter_init (&iter, memos);
    while (g_hash_table_iter_next (&iter, (gpointer *) &user, (gpointer *) &memo))
      {
        if (!intake_store_set_memo (state->store, id, memo->str,
                                    *user != '\0' ? user : reviewer_for (state, node, NULL), error))
          return FALSE;
        state->summary->notes++;
      }
  }

  return TRUE;
}

static void
import_notes (ImportState   *state,
              const xmlNode *root)
{
  const xmlNode *notes = first_child (root, "Notes");

  for (const xmlNode *node = notes ? notes->children : NULL; node != NULL; node = node->next)
    {
      const xmlNode *content;
      g_autofree char *guid = NULL;
      g_autofree char *path = NULL;
      char *text = NULL;

      if (!is_element (node, "Note") || (guid = get_guid (node, "guid")) == NULL)
        continue;
      content = first_child (node, "PlainTextContent");
      path = get_attribute (node, "plainTextPath");
      if (content != NULL)
        text = get_text (content);
      else if (path != NULL && g_str_has_prefix (path, INTERNAL_PATH))
        {
          g_autoptr(GError) local = NULL;

          text = read_internal_text (state, path, guid, &local);
        }
      if (text != NULL && g_utf8_validate (text, -1, NULL))
        {
          const char *user = creating_user (state, node);

          if (user != NULL)
            g_hash_table_insert (state->note_users, g_strdup (guid), (char *) user);
          g_hash_table_insert (state->notes, g_steal_pointer (&guid), text);
        }
      else
        g_free (text);
    }
}

static gboolean
import_sources (ImportState             *state,
                const xmlNode           *root,
                IntakeQdpxProgressFunc   progress,
                gpointer                 progress_data,
                GCancellable            *cancellable,
                GError                 **error)
{
  const xmlNode *sources = first_child (root, "Sources");
  guint n = 0, done = 0;

  if (sources == NULL)
    return TRUE;
  for (const xmlNode *node = sources->children; node != NULL; node = node->next)
    n += node->type == XML_ELEMENT_NODE;

  for (const xmlNode *node = sources->children; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (is_element (node, "TextSource"))
        {
          if (!import_text_source (state, node, error))
            return FALSE;
        }
      else
        {
          g_autofree char *name = get_attribute (node, "name");

          /* Translators: a source's name, then its kind (PDFSource, AudioSource…) */
          skip (state, _("%s: a %s, not a text source"), name != NULL ? name : _("(no name)"),
                (const char *) node->name);
        }
      _intake_qdpx_report_progress (progress, progress_data, 0.1 + 0.9 * ++done / n);
    }

  return TRUE;
}

static GsfInfile *
open_archive (const char  *path,
              GBytes     **bytes_out,
              GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GsfInput) input = NULL;
  g_autoptr(GError) zip_error = NULL;
  g_autofree char *display = g_filename_display_name (path);
  gsize size;
  const guint8 *data;
  GsfInfile *zip;

  bytes = intake_file_read (path, INTAKE_QDPX_MAX_SIZE, error);
  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &size);
  input = gsf_input_memory_new (data, size, FALSE);
  zip = input != NULL ? gsf_infile_zip_new (input, &zip_error) : NULL;
  if (zip == NULL)
    {
      g_set_error (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_INVALID,
                   _("“%s” is not a REFI-QDA project: it is not a ZIP archive"), display);
      return NULL;
    }

  *bytes_out = g_steal_pointer (&bytes);
  return zip;
}

IntakeQdpxSummary *
intake_qdpx_import (IntakeStore             *store,
                    const char              *qdpx_path,
                    const char              *fallback_reviewer,
                    IntakeQdpxProgressFunc   progress,
                    gpointer                 progress_data,
                    GCancellable            *cancellable,
                    GError                 **error)
{
  g_autoptr(IntakeQdpxSummary) summary = intake_qdpx_summary_new ();
  g_autoptr(GBytes) archive_bytes = NULL;
  g_autoptr(GsfInfile) zip = NULL;
  g_autoptr(GsfInput) project_entry = NULL;
  g_autoptr(GsfInput) sources = NULL;
  g_autoptr(GBytes) xml_bytes = NULL;
  g_autoptr(GHashTable) users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) variables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) case_values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                             (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) notes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) note_users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *project_user = NULL;
  IntakeStats stats;
  ImportState state;
  xmlDocPtr doc;
  xmlNode *root;
  guint n_entries = 0;
  gboolean ok;

  g_return_val_if_fail (INTAKE_IS_STORE (store), NULL);
  g_return_val_if_fail (qdpx_path != NULL, NULL);
  g_return_val_if_fail (fallback_reviewer != NULL, NULL);

  if (!intake_store_get_stats (store, &stats, error))
    return NULL;
  if (stats.submissions > 0)
    {
      g_set_error_literal (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_NOT_EMPTY,
                           _("A REFI-QDA project is imported into a new project only; this one has submissions already"));
      return NULL;
    }

  _intake_qdpx_report_progress (progress, progress_data, 0.0);
  zip = open_archive (qdpx_path, &archive_bytes, error);
  if (zip == NULL || !check_archive (zip, &n_entries, error))
    return NULL;

  project_entry = gsf_infile_child_by_name (zip, PROJECT_ENTRY);
  if (project_entry == NULL)
    {
      g_set_error_literal (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_INVALID,
                           _("This is not a REFI-QDA project: the archive has no project.qde"));
      return NULL;
    }
  xml_bytes = read_entry (project_entry, INTAKE_QDPX_MAX_XML_SIZE, error);
  if (xml_bytes == NULL)
    return NULL;
  /* Other programs spell the folder "Sources" too. */
  sources = gsf_infile_child_by_name (zip, SOURCES_FOLDER);
  if (sources == NULL)
    sources = gsf_infile_child_by_name (zip, "Sources");

  doc = parse_project (xml_bytes, error);
  if (doc == NULL)
    return NULL;
  root = xmlDocGetRootElement (doc);
  if (root == NULL || !is_element (root, "Project"))
    {
      g_set_error (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_INVALID,
                   _("This is not a REFI-QDA project: project.qde starts with “%s”, not “Project” in the namespace “%s”"),
                   root != NULL ? (const char *) root->name : "", INTAKE_QDPX_NS);
      xmlFreeDoc (doc);
      return NULL;
    }
  project_user = get_guid (root, "creatingUserGUID");

  state = (ImportState) {
    .store = store,
    .sources = sources != NULL && GSF_IS_INFILE (sources) ? GSF_INFILE (sources) : NULL,
    .fallback_reviewer = fallback_reviewer,
    .summary = summary,
    .users = users,
    .variables = variables,
    .case_values = case_values,
    .notes = notes,
    .note_users = note_users,
    .codes = codes,
    .project_user = project_user,
  };

  /* All or nothing: a failure leaves the project as empty as it was. */
  ok = intake_store_begin (store, error);
  if (ok)
    {
      ok = import_users (&state, root, error) &&
           import_codebook (&state, root, error);
      if (ok)
        {
          import_variables_and_cases (&state, root);
          import_notes (&state, root);
          _intake_qdpx_report_progress (progress, progress_data, 0.1);
          ok = import_sources (&state, root, progress, progress_data, cancellable, error);
        }
      if (ok)
        ok = intake_store_commit (store, error);
      else
        intake_store_rollback (store);
    }
  xmlFreeDoc (doc);

  if (!ok)
    return NULL;
  _intake_qdpx_report_progress (progress, progress_data, 1.0);
  return g_steal_pointer (&summary);
}
