#define G_LOG_DOMAIN "intake-codebook"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/SAX2.h>
#include <libxml/xmlversion.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlwriter.h>
#include <string.h>

#include "intake-codebook.h"
#include "intake-xml-private.h"
#include "intake-core-resources.h"
#include "intake-text.h"

#define DEFAULT_CODEBOOK RESOURCE_PREFIX "/core/codebooks/equity-lens.qdc"

G_DEFINE_QUARK (intake-codebook-error-quark, intake_codebook_error)

/* IntakeCode */

struct _IntakeCode
{
  GObject    parent_instance;

  char      *guid;
  char      *name;
  char      *folded_name;
  char      *description;
  char      *color;
  char      *parent_guid;
  GPtrArray *child_guids;   /* NULL-terminated */
  guint      depth;
  gboolean   is_codable;
};

G_DEFINE_FINAL_TYPE (IntakeCode, intake_code, G_TYPE_OBJECT)

enum
{
  CODE_PROP_0,
  CODE_PROP_GUID,
  CODE_PROP_NAME,
  CODE_PROP_DESCRIPTION,
  CODE_PROP_COLOR,
  CODE_PROP_IS_CODABLE,
  CODE_PROP_PARENT_GUID,
  CODE_PROP_DEPTH,
  CODE_N_PROPS
};
static GParamSpec *code_properties[CODE_N_PROPS];

static void
intake_code_finalize (GObject *object)
{
  IntakeCode *self = INTAKE_CODE (object);

  g_free (self->guid);
  g_free (self->name);
  g_free (self->folded_name);
  g_free (self->description);
  g_free (self->color);
  g_free (self->parent_guid);
  g_ptr_array_unref (self->child_guids);

  G_OBJECT_CLASS (intake_code_parent_class)->finalize (object);
}

static void
intake_code_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  IntakeCode *self = INTAKE_CODE (object);

  switch (prop_id)
    {
    case CODE_PROP_GUID:
      g_value_set_string (value, self->guid);
      break;
    case CODE_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case CODE_PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case CODE_PROP_COLOR:
      g_value_set_string (value, self->color);
      break;
    case CODE_PROP_IS_CODABLE:
      g_value_set_boolean (value, self->is_codable);
      break;
    case CODE_PROP_PARENT_GUID:
      g_value_set_string (value, self->parent_guid);
      break;
    case CODE_PROP_DEPTH:
      g_value_set_uint (value, self->depth);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_code_class_init (IntakeCodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = intake_code_finalize;
  object_class->get_property = intake_code_get_property;

  code_properties[CODE_PROP_GUID] = g_param_spec_string ("guid", NULL, NULL, NULL, flags);
  code_properties[CODE_PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  code_properties[CODE_PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, flags);
  code_properties[CODE_PROP_COLOR] = g_param_spec_string ("color", NULL, NULL, NULL, flags);
  code_properties[CODE_PROP_IS_CODABLE] = g_param_spec_boolean ("is-codable", NULL, NULL, FALSE, flags);
  code_properties[CODE_PROP_PARENT_GUID] = g_param_spec_string ("parent-guid", NULL, NULL, NULL, flags);
  code_properties[CODE_PROP_DEPTH] = g_param_spec_uint ("depth", NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, CODE_N_PROPS, code_properties);
}

static void
intake_code_init (IntakeCode *self)
{
  self->child_guids = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->child_guids, NULL);
}

static void
code_add_child_guid (IntakeCode *self,
                     const char *guid)
{
  /* Keep the array NULL-terminated: the last slot is the terminator. */
  g_ptr_array_insert (self->child_guids, self->child_guids->len - 1, g_strdup (guid));
}

const char *
intake_code_get_guid (IntakeCode *self)
{
  g_return_val_if_fail (INTAKE_IS_CODE (self), NULL);
  return self->guid;
}

const char *
intake_code_get_name (IntakeCode *self)
{
  g_return_val_if_fail (INTAKE_IS_CODE (self), NULL);
  return self->name;
}

const char *
intake_code_get_description (IntakeCode *self)
{
  g_return_val_if_fail (INTAKE_IS_CODE (self), NULL);
  return self->description;
}

const char *
intake_code_get_color (IntakeCode *self)
{
  g_return_val_if_fail (INTAKE_IS_CODE (self), NULL);
  return self->color;
}

gboolean
intake_code_get_is_codable (IntakeCode *self)
{
  g_return_val_if_fail (INTAKE_IS_CODE (self), FALSE);
  return self->is_codable;
}

const char *
intake_code_get_parent_guid (IntakeCode *self)
{
  g_return_val_if_fail (INTAKE_IS_CODE (self), NULL);
  return self->parent_guid;
}

guint
intake_code_get_depth (IntakeCode *self)
{
  g_return_val_if_fail (INTAKE_IS_CODE (self), 0);
  return self->depth;
}

/* The GUIDs of the code's direct subcodes, in the codebook's order. */
const char * const *
intake_code_get_child_guids (IntakeCode *self)
{
  g_return_val_if_fail (INTAKE_IS_CODE (self), NULL);
  return (const char * const *) self->child_guids->pdata;
}

/* IntakeCodebook */

struct _IntakeCodebook
{
  GObject     parent_instance;

  char       *origin;
  GPtrArray  *codes;     /* IntakeCode, owned, in tree pre-order */
  GHashTable *by_guid;   /* guid → IntakeCode, borrowed from codes */
};

G_DEFINE_FINAL_TYPE (IntakeCodebook, intake_codebook, G_TYPE_OBJECT)

static void
intake_codebook_finalize (GObject *object)
{
  IntakeCodebook *self = INTAKE_CODEBOOK (object);

  g_free (self->origin);
  g_hash_table_unref (self->by_guid);
  g_ptr_array_unref (self->codes);

  G_OBJECT_CLASS (intake_codebook_parent_class)->finalize (object);
}

static void
intake_codebook_class_init (IntakeCodebookClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = intake_codebook_finalize;
}

static void
intake_codebook_init (IntakeCodebook *self)
{
  self->codes = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_guid = g_hash_table_new (g_str_hash, g_str_equal);
}

/* Building */

IntakeCodebook *
intake_codebook_new (void)
{
  return g_object_new (INTAKE_TYPE_CODEBOOK, NULL);
}

/**
 * intake_codebook_append_code:
 * @parent_guid: (nullable): a code already appended, or %NULL for the top level
 *
 * Returns: (transfer none): the new code
 */
IntakeCode *
intake_codebook_append_code (IntakeCodebook *self,
                             const char     *guid,
                             const char     *name,
                             const char     *description,
                             const char     *color,
                             gboolean        is_codable,
                             const char     *parent_guid)
{
  IntakeCode *code;
  IntakeCode *parent = NULL;

  g_return_val_if_fail (INTAKE_IS_CODEBOOK (self), NULL);
  g_return_val_if_fail (guid != NULL && name != NULL, NULL);

  if (parent_guid != NULL)
    {
      parent = g_hash_table_lookup (self->by_guid, parent_guid);
      g_return_val_if_fail (parent != NULL, NULL);
    }

  code = g_object_new (INTAKE_TYPE_CODE, NULL);
  code->guid = g_strdup (guid);
  code->name = g_strdup (name);
  code->folded_name = intake_text_fold (code->name);
  code->description = g_strdup (description ? description : "");
  code->color = g_strdup (color);
  code->is_codable = is_codable;
  if (parent != NULL)
    {
      code->parent_guid = g_strdup (parent->guid);
      code->depth = parent->depth + 1;
      code_add_child_guid (parent, code->guid);
    }

  g_ptr_array_add (self->codes, code);
  g_hash_table_insert (self->by_guid, code->guid, code);

  return code;
}

/* Reading */

typedef struct
{
  IntakeXmlFirstError first_error;  /* first: see _intake_xml_keep_first_error() */
  char  *entity;           /* the first entity the document declares */
  int    entity_line;
} ParseState;

static void
init_libxml (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      xmlInitParser ();
      g_once_init_leave (&initialized, 1);
    }
}

/* libxml2 2.12 made the error const. */
/* A codebook has no use for entities, and entities are how XML documents
 * read local files (external entities) or blow up in memory (nested internal
 * ones), so the first declaration ends the parse before anything expands. */
static void
entity_decl_cb (void          *user_data,
                const xmlChar *name,
                int            type,
                const xmlChar *public_id,
                const xmlChar *system_id,
                xmlChar       *content)
{
  xmlParserCtxtPtr ctxt = user_data;
  ParseState *state = ctxt->_private;

  if (state->entity == NULL)
    {
      state->entity = g_strdup (name != NULL ? (const char *) name : "");
      state->entity_line = xmlSAX2GetLineNumber (ctxt);
    }
  xmlStopParser (ctxt);
}

static void
unparsed_entity_decl_cb (void          *user_data,
                         const xmlChar *name,
                         const xmlChar *public_id,
                         const xmlChar *system_id,
                         const xmlChar *notation_name)
{
  entity_decl_cb (user_data, name, XML_EXTERNAL_GENERAL_UNPARSED_ENTITY, public_id, system_id, NULL);
}

static xmlDocPtr
parse_document (GBytes  *data,
                GError **error)
{
  gsize len;
  const char *buf = g_bytes_get_data (data, &len);
  ParseState state = { 0 };
  xmlParserCtxtPtr ctxt;
  xmlDocPtr doc;
  gboolean well_formed;

  if (len == 0)
    {
      g_set_error_literal (error, INTAKE_CODEBOOK_ERROR, INTAKE_CODEBOOK_ERROR_PARSE,
                           _("The codebook file is empty"));
      return NULL;
    }
  if (len > G_MAXINT)
    {
      g_set_error_literal (error, INTAKE_CODEBOOK_ERROR, INTAKE_CODEBOOK_ERROR_PARSE,
                           _("The codebook file is too large to be a codebook"));
      return NULL;
    }

  init_libxml ();
  ctxt = xmlCreateMemoryParserCtxt (buf, (int) len);
  if (ctxt == NULL)
    {
      g_set_error_literal (error, INTAKE_CODEBOOK_ERROR, INTAKE_CODEBOOK_ERROR_FAILED,
                           _("The codebook could not be read: out of memory"));
      return NULL;
    }

  /* No network, no DTD loading and no entity substitution (never
   * XML_PARSE_NOENT or XML_PARSE_DTDLOAD). */
  xmlCtxtUseOptions (ctxt, XML_PARSE_NONET);
  ctxt->_private = &state;
  ctxt->sax->serror = _intake_xml_keep_first_error;
  ctxt->sax->entityDecl = entity_decl_cb;
  ctxt->sax->unparsedEntityDecl = unparsed_entity_decl_cb;

  xmlParseDocument (ctxt);

  doc = ctxt->myDoc;
  ctxt->myDoc = NULL;
  well_formed = ctxt->wellFormed;
  xmlFreeParserCtxt (ctxt);

  if (state.entity != NULL)
    {
      g_set_error (error, INTAKE_CODEBOOK_ERROR, INTAKE_CODEBOOK_ERROR_UNSAFE,
                   _("Line %d: the codebook declares the entity “%s”; codebooks with entity declarations are refused because they can read other files"),
                   state.entity_line, state.entity);
      g_clear_pointer (&doc, xmlFreeDoc);
    }
  else if (!well_formed || doc == NULL)
    {
      if (state.first_error.message != NULL)
        g_set_error (error, INTAKE_CODEBOOK_ERROR, INTAKE_CODEBOOK_ERROR_PARSE,
                     _("Line %d: the codebook is not well-formed XML (%s)"),
                     state.first_error.line, state.first_error.message);
      else
        g_set_error_literal (error, INTAKE_CODEBOOK_ERROR, INTAKE_CODEBOOK_ERROR_PARSE,
                             _("The codebook is not well-formed XML"));
      g_clear_pointer (&doc, xmlFreeDoc);
    }
  else if (doc->intSubset != NULL &&
           (doc->intSubset->entities != NULL || doc->intSubset->pentities != NULL))
    {
      /* Unreachable while entity_decl_cb stops the parser; kept so that a
       * change of parser set-up cannot quietly let entities through. */
      g_set_error_literal (error, INTAKE_CODEBOOK_ERROR, INTAKE_CODEBOOK_ERROR_UNSAFE,
                           _("The codebook declares entities; codebooks with entity declarations are refused because they can read other files"));
      g_clear_pointer (&doc, xmlFreeDoc);
    }

  g_free (state.first_error.message);
  g_free (state.entity);

  return doc;
}

typedef struct
{
  IntakeCodebook *codebook;
  GHashTable     *lines;   /* guid → line of the code that has it */
} LoadState;

static gboolean
is_qdc_element (const xmlNode *node,
                const char    *name)
{
  return node->type == XML_ELEMENT_NODE &&
         node->ns != NULL && node->ns->href != NULL &&
         strcmp ((const char *) node->ns->href, INTAKE_CODEBOOK_NS) == 0 &&
         strcmp ((const char *) node->name, name) == 0;
}

static int
line_of (const xmlNode *node)
{
  return (int) xmlGetLineNo ((xmlNode *) node);
}

static gboolean
is_blank_text (const xmlNode *node)
{
  return (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) &&
         xmlIsBlankNode ((xmlNode *) node);
}

/* Comments, processing instructions and the whitespace between elements are
 * fine anywhere; text or other elements where the schema wants elements are not. */
static gboolean
check_ignorable (const xmlNode  *node,
                 const xmlNode  *parent,
                 GError        **error)
{
  if (node->type == XML_COMMENT_NODE || node->type == XML_PI_NODE || is_blank_text (node))
    return TRUE;

  if (node->type == XML_ELEMENT_NODE)
    g_set_error (error, INTAKE_CODEBOOK_ERROR, INTAKE_CODEBOOK_ERROR_INVALID,
                 _("Line %d: the element “%s” is not allowed inside “%s”"),
                 line_of (node), (const char *) node->name, (const char *) parent->name);
  else
    g_set_error (error, INTAKE_CODEBOOK_ERROR, INTAKE_CODEBOOK_ERROR_INVALID,
                 _("Line %d: text is not allowed directly inside “%s”"),
                 line_of (node), (const char *) parent->name);

  return FALSE;
}

/* xsd:token: surrounding whitespace does not count. */
static char *
get_token_attribute (const xmlNode *node,
                     const char    *name)
{
  xmlChar *value = xmlGetNoNsProp ((xmlNode *) node, (const xmlChar *) name);
  char *token;

  if (value == NULL)
    return NULL;

  token = g_strstrip (g_strdup ((const char *) value));
  xmlFree (value);

  return token;
}

static char *
get_string_attribute (const xmlNode *node,
                      const char    *name)
{
  xmlChar *value = xmlGetNoNsProp ((xmlNode *) node, (const xmlChar *) name);
  char *copy;

  if (value == NULL)
    return NULL;

  copy = g_strdup ((const char *) value);
  xmlFree (value);

  return copy;
}

static gboolean
check_attributes (const xmlNode      *node,
                  const char * const *allowed,
                  GError            **error)
{
  for (const xmlAttr *attr = node->properties; attr != NULL; attr = attr->next)
    {
      /* Attributes in other namespaces (xml:lang, xsi:…) are not ours to judge. */
      if (attr->ns != NULL)
        continue;

      if (!g_strv_contains (allowed, (const char *) attr->name))
        {
          g_set_error (error, INTAKE_CODEBOOK_ERROR, INTAKE_CODEBOOK_ERROR_INVALID,
                       _("Line %d: “%s” does not take the attribute “%s”"),
                       line_of (node), (const char *) node->name, (const char *) attr->name);
          return FALSE;
        }
    }

  return TRUE;
}

/* Accepts the two spellings REFI-QDA allows, with or without braces, and
 * returns the lowercase form without braces, or NULL. */
static char *
normalize_guid (const char *guid)
{
  static const int group_lengths[] = { 8, 4, 4, 4, 12 };
  gsize len = strlen (guid);
  const char *p = guid;

  if (len == 38 && guid[0] == '{' && guid[37] == '}')
    {
      p = guid + 1;
      len = 36;
    }
  if (len != 36)
    return NULL;

  for (guint group = 0, i = 0; group < G_N_ELEMENTS (group_lengths); group++)
    {
      for (int j = 0; j < group_lengths[group]; j++, i++)
        if (!g_ascii_isxdigit (p[i]))
          return NULL;
      if (group + 1 < G_N_ELEMENTS (group_lengths) && p[i++] != '-')
        return NULL;
    }

  return g_ascii_strdown (p, 36);
}

static gboolean
is_blank (const char *text)
{
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;

  return TRUE;
}

static gboolean
is_valid_color (const char *color)
{
  gsize len = strlen (color);

  if (color[0] != '#' || (len != 7 && len != 4))
    return FALSE;

  for (gsize i = 1; i < len; i++)
    if (!g_ascii_isxdigit (color[i]))
      return FALSE;

  return TRUE;
}

/* xsd:boolean */
static gboolean
parse_boolean (const char *value,
               gboolean   *result)
{
  if (strcmp (value, "true") == 0 || strcmp (value, "1") == 0)
    *result = TRUE;
  else if (strcmp (value, "false") == 0 || strcmp (value, "0") == 0)
    *result = FALSE;
  else
    return FALSE;

  return TRUE;
}

/* For the elements other than Code, which name no code to report. */
static gboolean
check_guid_attribute (const xmlNode  *node,
                      GError        **error)
{
  g_autofree char *guid = get_token_attribute (node, "guid");
  g_autofree char *normalized = NULL;

  if (guid == NULL)
    {
      g_set_error (error, INTAKE_CODEBOOK_ERROR, INTAKE_CODEBOOK_ERROR_INVALID,
                   _("Line %d: “%s” has no GUID"), line_of (node), (const char *) node->name);
      return FALSE;
    }

  normalized = normalize_guid (guid);
  if (normalized == NULL)
    {
      g_set_error (error, INTAKE_CODEBOOK_ERROR, INTAKE_CODEBOOK_ERROR_INVALID,
                   _("Line %d: “%s” has the GUID “%s”, which is not of the form 1b4e28ba-2fa1-41d2-883f-0016d3cca427"),
                   line_of (node), (const char *) node->name, guid);
      return FALSE;
    }

  return TRUE;
}

static gboolean
load_code (LoadState      *state,
           const xmlNode  *node,
           IntakeCode     *parent,
           GError        **error)
{
  static const char * const allowed[] = { "guid", "name", "isCodable", "color", NULL };
  g_autoptr(IntakeCode) code = NULL;
  g_autofree char *raw_guid = NULL;
  g_autofree char *is_codable = NULL;
  g_autofree char *color = NULL;
  const xmlNode *child;
  int line = line_of (node);
  gpointer other_line;

  code = g_object_new (INTAKE_TYPE_CODE, NULL);
  code->name = get_string_attribute (node, "name");
  if (code->name == NULL)
    {
      g_set_error (error, INTAKE_CODEBOOK_ERROR, INTAKE_CODEBOOK_ERROR_INVALID,
                   _("Line %d: a code has no name"), line);
      return FALSE;
    }
  if (is_blank (code->name))
    {
      g_set_error (error, INTAKE_CODEBOOK_ERROR, INTAKE_CODEBOOK_ERROR_INVALID,
                   _("Line %d: a code has an empty name"), line);
      return FALSE;
    }

  raw_guid = get_token_attribute (node, "guid");
  if (raw_guid == NULL)
    {
      g_set_error (error, INTAKE_CODEBOOK_ERROR, INTAKE_CODEBOOK_ERROR_INVALID,
                   _("Line %d: the code “%s” has no GUID"), line, code->name);
      return FALSE;
    }
  code->guid = normalize_guid (raw_guid);
  if (code->guid == NULL)
    {
      g_set_error (error, INTAKE_CODEBOOK_ERROR, INTAKE_CODEBOOK_ERROR_INVALID,
                   _("Line %d: the code “%s” has the GUID “%s”, which is not of the form 1b4e28ba-2fa1-41d2-883f-0016d3cca427"),
                   line, code->name, raw_guid);
      return FALSE;
    }
  if (g_hash_table_lookup_extended (state->lines, code->guid, NULL, &other_line))
    {
      IntakeCode *other = g_hash_table_lookup (state->codebook->by_guid, code->guid);

      g_set_error (error, INTAKE_CODEBOOK_ERROR, INTAKE_CODEBOOK_ERROR_INVALID,
                   _("Line %d: the code “%s” has the same GUID as the code “%s” on line %d"),
                   line, code->name, other->name, GPOINTER_TO_INT (other_line));
      return FALSE;
    }

  is_codable = get_token_attribute (node, "isCodable");
  if (is_codable == NULL)
    {
      g_set_error (error, INTAKE_CODEBOOK_ERROR, INTAKE_CODEBOOK_ERROR_INVALID,
                   _("Line %d: the code “%s” does not say whether it can be applied (the isCodable attribute is missing)"),
                   line, code->name);
      return FALSE;
    }
  if (!parse_boolean (is_codable, &code->is_codable))
    {
      g_set_error (error, INTAKE_CODEBOOK_ERROR, INTAKE_CODEBOOK_ERROR_INVALID,
                   _("Line %d: the code “%s” has isCodable=“%s”; it must be true or false"),
                   line, code->name, is_codable);
      return FALSE;
    }

  color = get_token_attribute (node, "color");
  if (color != NULL && !is_valid_color (color))
    {
      g_set_error (error, INTAKE_CODEBOOK_ERROR, INTAKE_CODEBOOK_ERROR_INVALID,
                   _("Line %d: the code “%s” has the colour “%s”; colours are written #RRGGBB"),
                   line, code->name, color);
      return FALSE;
    }
  code->color = g_steal_pointer (&color);

  if (!check_attributes (node, allowed, error))
    return FALSE;

  code->folded_name = intake_text_fold (code->name);
  if (parent != NULL)
    {
      code->parent_guid = g_strdup (parent->guid);
      code->depth = parent->depth + 1;
      code_add_child_guid (parent, code->guid);
    }

  /* Pre-order: the code comes before its subcodes. */
  g_ptr_array_add (state->codebook->codes, g_object_ref (code));
  g_hash_table_insert (state->codebook->by_guid, code->guid, code);
  g_hash_table_insert (state->lines, code->guid, GINT_TO_POINTER (line));

  child = node->children;
  for (; child != NULL && !is_qdc_element (child, "Description") && !is_qdc_element (child, "Code"); child = child->next)
    if (!check_ignorable (child, node, error))
      return FALSE;

  if (child != NULL && is_qdc_element (child, "Description"))
    {
      for (const xmlNode *text = child->children; text != NULL; text = text->next)
        {
          if (text->type == XML_ELEMENT_NODE)
            {
              g_set_error (error, INTAKE_CODEBOOK_ERROR, INTAKE_CODEBOOK_ERROR_INVALID,
                           _("Line %d: the description of “%s” may hold only text, not the element “%s”"),
                           line_of (text), code->name, (const char *) text->name);
              return FALSE;
            }
        }

      {
        xmlChar *content = xmlNodeGetContent ((xmlNode *) child);
        g_autofree char *description = g_strstrip (g_strdup (content != NULL ? (const char *) content : ""));

        xmlFree (content);
        if (*description != '\0')
          code->description = g_steal_pointer (&description);
      }
      child = child->next;
    }

  for (; child != NULL; child = child->next)
    {
      if (is_qdc_element (child, "Code"))
        {
          if (!load_code (state, child, code, error))
            return FALSE;
        }
      else if (is_qdc_element (child, "Description"))
        {
          g_set_error (error, INTAKE_CODEBOOK_ERROR, INTAKE_CODEBOOK_ERROR_INVALID,
                       _("Line %d: the code “%s” has a second description, or its description comes after its subcodes"),
                       line_of (child), code->name);
          return FALSE;
        }
      else if (!check_ignorable (child, node, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
load_codes (LoadState      *state,
            const xmlNode  *codes,
            GError        **error)
{
  gboolean any = FALSE;

  for (const xmlNode *child = codes->children; child != NULL; child = child->next)
    {
      if (is_qdc_element (child, "Code"))
        {
          if (!load_code (state, child, NULL, error))
            return FALSE;
          any = TRUE;
        }
      else if (!check_ignorable (child, codes, error))
        return FALSE;
    }

  if (!any)
    {
      g_set_error (error, INTAKE_CODEBOOK_ERROR, INTAKE_CODEBOOK_ERROR_INVALID,
                   _("Line %d: the codebook has no codes"), line_of (codes));
      return FALSE;
    }

  return TRUE;
}

/* Sets (named groups of codes across the tree) are checked so that a file we
 * accept is one the schema accepts, but are not kept: nothing here uses them. */
static gboolean
check_sets (const xmlNode  *sets,
            GError        **error)
{
  static const char * const set_allowed[] = { "guid", "name", NULL };
  static const char * const member_allowed[] = { "guid", NULL };
  gboolean any = FALSE;

  for (const xmlNode *set = sets->children; set != NULL; set = set->next)
    {
      g_autofree char *name = NULL;
      const xmlNode *child;

      if (!is_qdc_element (set, "Set"))
        {
          if (!check_ignorable (set, sets, error))
            return FALSE;
          continue;
        }
      any = TRUE;

      if (!check_attributes (set, set_allowed, error) ||
          !check_guid_attribute (set, error))
        return FALSE;

      name = get_string_attribute (set, "name");
      if (name == NULL)
        {
          g_set_error (error, INTAKE_CODEBOOK_ERROR, INTAKE_CODEBOOK_ERROR_INVALID,
                       _("Line %d: a set has no name"), line_of (set));
          return FALSE;
        }

      child = set->children;
      for (; child != NULL && !is_qdc_element (child, "Description") && !is_qdc_element (child, "MemberCode"); child = child->next)
        if (!check_ignorable (child, set, error))
          return FALSE;
      if (child != NULL && is_qdc_element (child, "Description"))
        child = child->next;

      for (; child != NULL; child = child->next)
        {
          if (!is_qdc_element (child, "MemberCode"))
            {
              if (!check_ignorable (child, set, error))
                return FALSE;
              continue;
            }
          if (!check_attributes (child, member_allowed, error) ||
              !check_guid_attribute (child, error))
            return FALSE;
        }
    }

  if (!any)
    {
      g_set_error (error, INTAKE_CODEBOOK_ERROR, INTAKE_CODEBOOK_ERROR_INVALID,
                   _("Line %d: “Sets” holds no set"), line_of (sets));
      return FALSE;
    }

  return TRUE;
}

/* libxml2 cannot validate without the schema file, which core cannot count
 * on at run time; this checks what the schema says, element by element, so
 * that errors can name the line and the code. */
static IntakeCodebook *
load_from_doc (xmlDocPtr   doc,
               GError    **error)
{
  static const char * const root_allowed[] = { "origin", NULL };
  g_autoptr(IntakeCodebook) codebook = NULL;
  g_autoptr(GHashTable) lines = NULL;
  xmlNode *root = xmlDocGetRootElement (doc);
  const xmlNode *child;
  LoadState state;

  if (root == NULL || !is_qdc_element (root, "CodeBook"))
    {
      const char *ns = root != NULL && root->ns != NULL && root->ns->href != NULL
                       ? (const char *) root->ns->href : "";

      g_set_error (error, INTAKE_CODEBOOK_ERROR, INTAKE_CODEBOOK_ERROR_INVALID,
                   _("Line %d: this is not a REFI-QDA codebook: it starts with “%s” in the namespace “%s”, not “CodeBook” in “%s”"),
                   root != NULL ? line_of (root) : 1,
                   root != NULL ? (const char *) root->name : "",
                   ns, INTAKE_CODEBOOK_NS);
      return NULL;
    }
  if (!check_attributes (root, root_allowed, error))
    return NULL;

  codebook = g_object_new (INTAKE_TYPE_CODEBOOK, NULL);
  codebook->origin = get_string_attribute (root, "origin");
  lines = g_hash_table_new (g_str_hash, g_str_equal);
  state.codebook = codebook;
  state.lines = lines;

  child = root->children;
  for (; child != NULL && !is_qdc_element (child, "Codes"); child = child->next)
    if (!check_ignorable (child, root, error))
      return NULL;

  if (child == NULL)
    {
      g_set_error (error, INTAKE_CODEBOOK_ERROR, INTAKE_CODEBOOK_ERROR_INVALID,
                   _("Line %d: the codebook has no “Codes” element"), line_of (root));
      return NULL;
    }
  if (!check_attributes (child, (const char * const[]) { NULL }, error) ||
      !load_codes (&state, child, error))
    return NULL;

  for (child = child->next; child != NULL; child = child->next)
    {
      if (is_qdc_element (child, "Sets"))
        {
          if (!check_sets (child, error))
            return NULL;
          for (child = child->next; child != NULL; child = child->next)
            if (!check_ignorable (child, root, error))
              return NULL;
          break;
        }
      if (!check_ignorable (child, root, error))
        return NULL;
    }

  return g_steal_pointer (&codebook);
}

IntakeCodebook *
intake_codebook_load_qdc (GBytes  *data,
                          GError **error)
{
  IntakeCodebook *codebook;
  xmlDocPtr doc;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = parse_document (data, error);
  if (doc == NULL)
    return NULL;

  codebook = load_from_doc (doc, error);
  xmlFreeDoc (doc);

  return codebook;
}

static void
translate (char **text)
{
  const char *translated;

  if (*text == NULL)
    return;

  translated = g_dgettext (GETTEXT_PACKAGE, *text);
  if (translated != *text)
    {
      g_free (*text);
      *text = g_strdup (translated);
    }
}

/**
 * intake_codebook_load_default:
 *
 * The codebook a new project starts with, in the language of the
 * interface: the names and descriptions are translated (po/its says what
 * of a .qdc is text), the GUIDs are the same in every language, so that
 * reviewers' copies in French and English still merge code by code.
 */
IntakeCodebook *
intake_codebook_load_default (GError **error)
{
  g_autoptr(GBytes) data = NULL;
  g_autoptr(IntakeCodebook) codebook = NULL;

  /* Looked up in our own resource rather than the global table: that also
   * keeps the linker from dropping the resource out of the static library. */
  data = g_resource_lookup_data (intake_core_get_resource (), DEFAULT_CODEBOOK,
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (data == NULL)
    return NULL;

  codebook = intake_codebook_load_qdc (data, error);
  if (codebook == NULL)
    return NULL;

  for (guint i = 0; i < codebook->codes->len; i++)
    {
      IntakeCode *code = g_ptr_array_index (codebook->codes, i);

      translate (&code->name);
      translate (&code->description);
      g_free (code->folded_name);
      code->folded_name = intake_text_fold (code->name);
    }

  return g_steal_pointer (&codebook);
}

/* Writing */

static gboolean
write_code (IntakeCodebook   *self,
            xmlTextWriterPtr  writer,
            IntakeCode       *code)
{
  const char * const *children = intake_code_get_child_guids (code);

  if (xmlTextWriterStartElement (writer, BAD_CAST "Code") < 0 ||
      xmlTextWriterWriteAttribute (writer, BAD_CAST "guid", BAD_CAST code->guid) < 0 ||
      xmlTextWriterWriteAttribute (writer, BAD_CAST "name", BAD_CAST code->name) < 0 ||
      xmlTextWriterWriteAttribute (writer, BAD_CAST "isCodable",
                                   BAD_CAST (code->is_codable ? "true" : "false")) < 0)
    return FALSE;

  if (code->color != NULL &&
      xmlTextWriterWriteAttribute (writer, BAD_CAST "color", BAD_CAST code->color) < 0)
    return FALSE;

  /* The schema's order: the description, then the subcodes. */
  if (code->description != NULL &&
      xmlTextWriterWriteElement (writer, BAD_CAST "Description", BAD_CAST code->description) < 0)
    return FALSE;

  for (guint i = 0; children[i] != NULL; i++)
    {
      IntakeCode *child = g_hash_table_lookup (self->by_guid, children[i]);

      if (child == NULL || !write_code (self, writer, child))
        return FALSE;
    }

  return xmlTextWriterEndElement (writer) >= 0;
}

GBytes *
intake_codebook_to_qdc (IntakeCodebook  *self,
                        GError         **error)
{
  xmlBufferPtr buffer;
  xmlTextWriterPtr writer;
  gboolean ok;
  GBytes *bytes = NULL;

  g_return_val_if_fail (INTAKE_IS_CODEBOOK (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  init_libxml ();
  buffer = xmlBufferCreate ();
  writer = buffer != NULL ? xmlNewTextWriterMemory (buffer, 0) : NULL;
  ok = writer != NULL &&
       xmlTextWriterSetIndent (writer, 1) >= 0 &&
       xmlTextWriterSetIndentString (writer, BAD_CAST "  ") >= 0 &&
       xmlTextWriterStartDocument (writer, "1.0", "UTF-8", NULL) >= 0 &&
       xmlTextWriterStartElement (writer, BAD_CAST "CodeBook") >= 0 &&
       xmlTextWriterWriteAttribute (writer, BAD_CAST "xmlns", BAD_CAST INTAKE_CODEBOOK_NS) >= 0 &&
       (self->origin == NULL ||
        xmlTextWriterWriteAttribute (writer, BAD_CAST "origin", BAD_CAST self->origin) >= 0) &&
       xmlTextWriterStartElement (writer, BAD_CAST "Codes") >= 0;

  for (guint i = 0; ok && i < self->codes->len; i++)
    {
      IntakeCode *code = g_ptr_array_index (self->codes, i);

      if (code->parent_guid == NULL)
        ok = write_code (self, writer, code);
    }

  /* Closes Codes and CodeBook. */
  ok = ok && xmlTextWriterEndDocument (writer) >= 0;

  if (writer != NULL)
    xmlFreeTextWriter (writer);

  if (ok)
    bytes = g_bytes_new (xmlBufferContent (buffer), xmlBufferLength (buffer));
  else
    g_set_error_literal (error, INTAKE_CODEBOOK_ERROR, INTAKE_CODEBOOK_ERROR_FAILED,
                         _("The codebook could not be written out"));

  if (buffer != NULL)
    xmlBufferFree (buffer);

  return bytes;
}

/* Lookups */

const char *
intake_codebook_get_origin (IntakeCodebook *self)
{
  g_return_val_if_fail (INTAKE_IS_CODEBOOK (self), NULL);
  return self->origin;
}

guint
intake_codebook_get_n_codes (IntakeCodebook *self)
{
  g_return_val_if_fail (INTAKE_IS_CODEBOOK (self), 0);
  return self->codes->len;
}

/* Codes in tree pre-order: each code, then its subcodes. */
IntakeCode *
intake_codebook_get_code (IntakeCodebook *self,
                          guint           position)
{
  g_return_val_if_fail (INTAKE_IS_CODEBOOK (self), NULL);
  g_return_val_if_fail (position < self->codes->len, NULL);

  return g_ptr_array_index (self->codes, position);
}

IntakeCode *
intake_codebook_find_by_guid (IntakeCodebook *self,
                              const char     *guid)
{
  g_autofree char *stripped = NULL;
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (INTAKE_IS_CODEBOOK (self), NULL);
  g_return_val_if_fail (guid != NULL, NULL);

  stripped = g_strstrip (g_strdup (guid));
  normalized = normalize_guid (stripped);
  if (normalized == NULL)
    return NULL;

  return g_hash_table_lookup (self->by_guid, normalized);
}

/* Whether @code sits at the end of @segments (folded names, root first). */
static gboolean
code_matches_path (IntakeCodebook *self,
                   IntakeCode     *code,
                   GPtrArray      *segments)
{
  guint i = segments->len;

  while (code != NULL && i > 0)
    {
      if (strcmp (code->folded_name, g_ptr_array_index (segments, i - 1)) != 0)
        return FALSE;
      i--;
      code = code->parent_guid != NULL ? g_hash_table_lookup (self->by_guid, code->parent_guid) : NULL;
    }

  /* The whole path is used up exactly at a top-level code. */
  return i == 0 && code == NULL;
}

/* A code's name (any case, if no other code has it) or its path from the
 * top, "Equity lens/Surveillance". NULL if there is no such code or more
 * than one. A name that holds "/" is still found by name. */
IntakeCode *
intake_codebook_find (IntakeCodebook *self,
                      const char     *name_or_path)
{
  g_autofree char *folded = NULL;
  IntakeCode *found = NULL;
  guint n_found = 0;

  g_return_val_if_fail (INTAKE_IS_CODEBOOK (self), NULL);
  g_return_val_if_fail (name_or_path != NULL, NULL);

  if (strchr (name_or_path, '/') != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (name_or_path, "/", -1);
      g_autoptr(GPtrArray) segments = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; parts[i] != NULL; i++)
        g_ptr_array_add (segments, intake_text_fold (g_strstrip (parts[i])));

      for (guint i = 0; i < self->codes->len; i++)
        {
          IntakeCode *code = g_ptr_array_index (self->codes, i);

          if (code_matches_path (self, code, segments))
            {
              found = code;
              n_found++;
            }
        }

      if (n_found == 1)
        return found;
      if (n_found > 1)
        return NULL;
    }

  folded = intake_text_fold (name_or_path);
  for (guint i = 0; i < self->codes->len; i++)
    {
      IntakeCode *code = g_ptr_array_index (self->codes, i);

      if (strcmp (code->folded_name, folded) == 0)
        {
          found = code;
          n_found++;
        }
    }

  return n_found == 1 ? found : NULL;
}

/* "Equity lens/Surveillance": the names from the top-level code down. */
char *
intake_code_dup_path (IntakeCode     *self,
                      IntakeCodebook *codebook)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GString) path = g_string_new (NULL);

  g_return_val_if_fail (INTAKE_IS_CODE (self), NULL);
  g_return_val_if_fail (INTAKE_IS_CODEBOOK (codebook), NULL);

  for (IntakeCode *code = self; code != NULL;
       code = code->parent_guid != NULL ? g_hash_table_lookup (codebook->by_guid, code->parent_guid) : NULL)
    g_ptr_array_add (names, code->name);

  for (guint i = names->len; i > 0; i--)
    {
      if (path->len > 0)
        g_string_append_c (path, '/');
      g_string_append (path, g_ptr_array_index (names, i - 1));
    }

  return g_string_free (g_steal_pointer (&path), FALSE);
}
