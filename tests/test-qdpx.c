#include <glib/gstdio.h>
#include <gsf/gsf.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <string.h>

#include "intake-file.h"
#include "intake-qdpx.h"
#include "intake-store.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInput, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInfile, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfOutput, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfOutfile, g_object_unref)

/* French accents, a combining accent and an emoji before the excerpt, so
 * that code points, UTF-16 units and bytes all give different offsets. */
static const char accented_text[] =
  "Élève de 12e : l’agent 🙂 me salue. Cafe\xcc\x81 ensuite. Je me sens en sécurité à l’école.";
static const char excerpt[] = "Je me sens en sécurité";

#define SURVEILLANCE_GUID "fdcaf68b-a8c7-4741-9ead-a5ffddd7468f"
#define KEEP_AS_IS_GUID   "baa7c915-7b46-404d-8053-a55278fb5cac"

typedef struct
{
  char        *dir;
  char        *project;
  IntakeStore *store;
  gint64       id;
  int          start;   /* of the excerpt, in code points */
} Fixture;

static int
code_point_offset (const char *text,
                   const char *part)
{
  const char *found = strstr (text, part);

  g_assert_nonnull (found);
  return (int) g_utf8_pointer_to_offset (text, found);
}

static gint64
insert_text (IntakeStore *store,
             const char  *message_id,
             const char  *subject,
             const char  *text)
{
  g_autoptr(IntakeParsedMessage) message = g_new0 (IntakeParsedMessage, 1);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  IntakeStoreInsertResult result;

  message->message_id = g_strdup (message_id);
  message->subject = g_strdup (subject);
  message->from_name = g_strdup ("Amara Okafor");
  message->text = g_strdup (text);
  message->date = 1618840800;
  message->has_date = TRUE;
  g_assert_true (intake_store_insert_message (store, message, 0, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, INTAKE_STORE_INSERTED);

  ids = intake_store_list_ids (store, &error);
  g_assert_no_error (error);
  return g_array_index (ids, gint64, ids->len - 1);
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeCoding) excerpt_coding = NULL;
  g_autoptr(IntakeCoding) whole = NULL;

  fx->dir = g_dir_make_tmp ("test-qdpx-XXXXXX", &error);
  g_assert_no_error (error);
  fx->project = g_build_filename (fx->dir, "consultation.intake", NULL);
  fx->store = intake_store_open (fx->project, &error);
  g_assert_no_error (error);

  fx->id = insert_text (fx->store, "one@example.org", "Mon école", accented_text);
  insert_text (fx->store, "two@example.org", "Mon école", "A second letter with the same subject.");
  fx->start = code_point_offset (accented_text, excerpt);

  excerpt_coding = intake_store_add_coding (fx->store, fx->id, SURVEILLANCE_GUID, "Amina",
                                            fx->start, fx->start + g_utf8_strlen (excerpt, -1),
                                            NULL, NULL, &error);
  g_assert_no_error (error);
  whole = intake_store_add_coding (fx->store, fx->id, KEEP_AS_IS_GUID, "Benoît", -1, -1, NULL, NULL, &error);
  g_assert_no_error (error);
  /* Made long ago: an import must keep the time, not take its own. */
  g_assert_true (intake_store_set_coding_created_at (fx->store, excerpt_coding->guid, 1618900000, &error));
  g_assert_no_error (error);
  g_assert_true (intake_store_set_attribute (fx->store, fx->id, "School board", "FrancoSud", "Amina", &error));
  g_assert_no_error (error);
  g_assert_true (intake_store_set_memo (fx->store, fx->id, "Relire avec l’équipe.", "Amina", &error));
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_remove (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      remove_tree (child);
    }
  g_dir_close (dir);
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_clear_object (&fx->store);
  remove_tree (fx->dir);
  g_free (fx->dir);
  g_free (fx->project);
}

static char *
export_to (Fixture    *fx,
           const char *name)
{
  g_autofree char *path = g_build_filename (fx->dir, name, NULL);
  g_autoptr(IntakeQdpxSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  const char *protected[] = { fx->project, NULL };

  summary = intake_qdpx_export (fx->store, "consultation", path, protected, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
  return g_steal_pointer (&path);
}

/* An entry of the archive at @path, by its path in it; NULL when absent. */
static GBytes *
read_zip_entry (const char *path,
                const char *entry)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GsfInput) input = gsf_input_stdio_new (path, &error);
  g_autoptr(GsfInfile) zip = NULL;
  g_autoptr(GsfInput) child = NULL;
  g_auto(GStrv) parts = g_strsplit (entry, "/", -1);
  gsf_off_t size;
  guint8 *data;

  g_assert_no_error (error);
  zip = gsf_infile_zip_new (input, &error);
  g_assert_no_error (error);

  child = g_object_ref (GSF_INPUT (zip));
  for (guint i = 0; parts[i] != NULL && child != NULL; i++)
    {
      GsfInput *next = gsf_infile_child_by_name (GSF_INFILE (child), parts[i]);

      g_object_unref (child);
      child = next;
    }
  if (child == NULL)
    return NULL;

  size = gsf_input_size (child);
  data = g_malloc (size + 1);
  g_assert_nonnull (gsf_input_read (child, size, data));
  data[size] = '\0';
  return g_bytes_new_take (data, size);
}

static xmlDocPtr
parse_entry (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  xmlDocPtr doc = xmlReadMemory (data, (int) len, "project.qde", NULL, XML_PARSE_NONET);

  g_assert_nonnull (doc);
  return doc;
}

static void
assert_valid_project (xmlDocPtr doc)
{
  const char *shared = g_getenv ("INTAKE_SHARED_DIR");
  g_autofree char *xsd = NULL;
  xmlSchemaParserCtxtPtr parser;
  xmlSchemaPtr schema;
  xmlSchemaValidCtxtPtr valid;
  int result;

  g_assert_nonnull (shared);
  xsd = g_build_filename (shared, "refi-qda", "Project.xsd", NULL);
  g_assert_true (g_file_test (xsd, G_FILE_TEST_EXISTS));

  parser = xmlSchemaNewParserCtxt (xsd);
  schema = xmlSchemaParse (parser);
  xmlSchemaFreeParserCtxt (parser);
  g_assert_nonnull (schema);
  valid = xmlSchemaNewValidCtxt (schema);
  result = xmlSchemaValidateDoc (valid, doc);
  xmlSchemaFreeValidCtxt (valid);
  xmlSchemaFree (schema);
  g_assert_cmpint (result, ==, 0);
}

/* The first element called @name (in any namespace) under @node, depth first. */
static xmlNodePtr
find_element (xmlNodePtr  node,
              const char *name)
{
  for (xmlNodePtr child = node; child != NULL; child = child->next)
    {
      xmlNodePtr found;

      if (child->type == XML_ELEMENT_NODE && strcmp ((const char *) child->name, name) == 0)
        return child;
      if ((found = find_element (child->children, name)) != NULL)
        return found;
    }
  return NULL;
}

static char *
attribute (xmlNodePtr  node,
           const char *name)
{
  xmlChar *value = xmlGetProp (node, BAD_CAST name);
  char *copy = g_strdup ((const char *) value);

  xmlFree (value);
  return copy;
}

static void
test_export_validates (Fixture       *fx,
                       gconstpointer  data)
{
  g_autofree char *path = export_to (fx, "out.qdpx");
  g_autoptr(GBytes) qde = read_zip_entry (path, "project.qde");
  xmlDocPtr doc;

  g_assert_nonnull (qde);
  doc = parse_entry (qde);
  assert_valid_project (doc);
  g_assert_cmpstr ((const char *) xmlDocGetRootElement (doc)->ns->href, ==, INTAKE_QDPX_NS);
  g_assert_nonnull (find_element (doc->children, "Users"));
  g_assert_nonnull (find_element (doc->children, "Variables"));
  g_assert_nonnull (find_element (doc->children, "Cases"));
  g_assert_nonnull (find_element (doc->children, "Notes"));
  xmlFreeDoc (doc);
}

static void
test_export_offsets_are_code_points (Fixture       *fx,
                                     gconstpointer  data)
{
  g_autofree char *path = export_to (fx, "out.qdpx");
  g_autoptr(GBytes) qde = read_zip_entry (path, "project.qde");
  g_autoptr(GBytes) text = NULL;
  g_autofree char *guid = NULL;
  g_autofree char *entry = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *text_path = NULL;
  g_autofree char *slice = NULL;
  g_autofree char *source_guid = NULL;
  g_autofree char *expected_path = NULL;
  xmlDocPtr doc = parse_entry (qde);
  xmlNodePtr source = find_element (doc->children, "TextSource");
  xmlNodePtr selection = find_element (doc->children, "PlainTextSelection");
  const char *contents;

  guid = intake_store_get_submission_guid (fx->store, fx->id, NULL);
  source_guid = attribute (source, "guid");
  g_assert_cmpstr (source_guid, ==, guid);
  text_path = attribute (source, "plainTextPath");
  expected_path = g_strdup_printf ("internal://%s.txt", guid);
  g_assert_cmpstr (text_path, ==, expected_path);

  /* Lowercase sources/, named by GUID, the text byte for byte, no BOM. */
  entry = g_strdup_printf ("sources/%s.txt", guid);
  text = read_zip_entry (path, entry);
  g_assert_nonnull (text);
  contents = g_bytes_get_data (text, NULL);
  g_assert_false (g_str_has_prefix (contents, "\xef\xbb\xbf"));
  g_assert_cmpstr (contents, ==, accented_text);

  start = attribute (selection, "startPosition");
  end = attribute (selection, "endPosition");
  g_assert_cmpint (atoi (start), ==, fx->start);
  /* Not bytes: the excerpt's byte offset is larger. */
  g_assert_cmpint (atoi (start), <, (int) (strstr (accented_text, excerpt) - accented_text));
  slice = g_utf8_substring (contents, atoi (start), atoi (end));
  g_assert_cmpstr (slice, ==, excerpt);
  xmlFreeDoc (doc);
}

static void
test_export_twice_same_guids (Fixture       *fx,
                              gconstpointer  data)
{
  g_autofree char *first = export_to (fx, "one.qdpx");
  g_autofree char *second = export_to (fx, "two.qdpx");
  g_autoptr(GBytes) a = read_zip_entry (first, "project.qde");
  g_autoptr(GBytes) b = read_zip_entry (second, "project.qde");

  g_assert_true (g_bytes_equal (a, b));
}

/* Derived from the Message-ID: a GUID of its own for each submission,
 * the same however often it is asked for. */
static void
test_submission_guids (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(GArray) ids = intake_store_list_ids (fx->store, NULL);
  g_autofree char *first = intake_store_get_submission_guid (fx->store, g_array_index (ids, gint64, 0), NULL);
  g_autofree char *again = intake_store_get_submission_guid (fx->store, g_array_index (ids, gint64, 0), NULL);
  g_autofree char *second = intake_store_get_submission_guid (fx->store, g_array_index (ids, gint64, 1), NULL);

  g_assert_true (g_uuid_string_is_valid (first));
  g_assert_cmpstr (first, ==, again);
  g_assert_cmpstr (first, !=, second);
}

static void
test_export_refuses_project (Fixture       *fx,
                             gconstpointer  data)
{
  g_autoptr(IntakeQdpxSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  const char *protected[] = { fx->project, NULL };

  summary = intake_qdpx_export (fx->store, "x", fx->project, protected, NULL, NULL, NULL, &error);
  g_assert_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_PROJECT);
  g_assert_null (summary);
}

static void
test_export_cancelled_leaves_file (Fixture       *fx,
                                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fx->dir, "old.qdpx", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(IntakeQdpxSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_cancellable_cancel (cancellable);
  summary = intake_qdpx_export (fx->store, "x", path, NULL, NULL, NULL, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");
}

static gint
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Every coding as "source code user start end guid time", sorted. */
static GPtrArray *
list_codings (const char *qdpx)
{
  g_autoptr(GBytes) qde = read_zip_entry (qdpx, "project.qde");
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  xmlDocPtr doc = parse_entry (qde);
  xmlNodePtr sources = find_element (doc->children, "Sources");

  for (xmlNodePtr source = sources->children; source != NULL; source = source->next)
    {
      g_autofree char *source_guid = NULL;

      if (source->type != XML_ELEMENT_NODE)
        continue;
      source_guid = attribute (source, "guid");
      for (xmlNodePtr child = source->children; child != NULL; child = child->next)
        {
          xmlNodePtr coding = NULL;
          g_autofree char *start = NULL;
          g_autofree char *end = NULL;
          g_autofree char *code = NULL;
          g_autofree char *user = NULL;
          g_autofree char *guid = NULL;
          g_autofree char *created = NULL;

          if (child->type != XML_ELEMENT_NODE)
            continue;
          if (strcmp ((const char *) child->name, "PlainTextSelection") == 0)
            {
              coding = find_element (child->children, "Coding");
              start = attribute (child, "startPosition");
              end = attribute (child, "endPosition");
            }
          else if (strcmp ((const char *) child->name, "Coding") == 0)
            coding = child;
          if (coding == NULL)
            continue;
          code = attribute (find_element (coding->children, "CodeRef"), "targetGUID");
          user = attribute (coding, "creatingUser");
          guid = attribute (coding, "guid");
          created = attribute (coding, "creationDateTime");
          g_ptr_array_add (lines, g_strdup_printf ("%s %s %s %s %s %s %s", source_guid, code, user,
                                                   start ? start : "-", end ? end : "-", guid, created));
        }
    }
  xmlFreeDoc (doc);
  g_ptr_array_sort (lines, compare_lines);
  return lines;
}

static IntakeStore *
import_into_new (Fixture            *fx,
                 const char         *name,
                 const char         *qdpx,
                 IntakeQdpxSummary **summary_out)
{
  g_autofree char *path = g_build_filename (fx->dir, name, NULL);
  g_autoptr(IntakeStore) store = NULL;
  g_autoptr(GError) error = NULL;
  IntakeQdpxSummary *summary;

  store = intake_store_open (path, &error);
  g_assert_no_error (error);
  summary = intake_qdpx_import (store, qdpx, "Importer", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
  if (summary_out != NULL)
    *summary_out = summary;
  else
    intake_qdpx_summary_free (summary);
  return g_steal_pointer (&store);
}

static void
test_round_trip (Fixture       *fx,
                 gconstpointer  data)
{
  g_autofree char *first = export_to (fx, "first.qdpx");
  g_autofree char *second = g_build_filename (fx->dir, "second.qdpx", NULL);
  g_autoptr(IntakeStore) copy = NULL;
  g_autoptr(IntakeQdpxSummary) summary = NULL;
  g_autoptr(IntakeQdpxSummary) again = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *memo = NULL;
  g_autofree char *guid = NULL;
  gint64 id;

  copy = import_into_new (fx, "copy.intake", first, &summary);
  g_assert_cmpuint (summary->sources, ==, 2);
  g_assert_cmpuint (summary->codings, ==, 2);
  g_assert_cmpuint (summary->skipped->len, ==, 0);

  guid = intake_store_get_submission_guid (fx->store, fx->id, NULL);
  id = intake_store_find_submission_by_guid (copy, guid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  attributes = intake_store_get_attributes (copy, id, &error);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "School board"), ==, "FrancoSud");
  memo = intake_store_get_memo (copy, id, NULL, &error);
  g_assert_cmpstr (memo, ==, "Relire avec l’équipe.");

  again = intake_qdpx_export (copy, "copy", second, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  before = list_codings (first);
  after = list_codings (second);
  g_assert_cmpuint (before->len, ==, 2);
  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < before->len; i++)
    g_assert_cmpstr (g_ptr_array_index (after, i), ==, g_ptr_array_index (before, i));
}

static void
test_import_refuses_nonempty (Fixture       *fx,
                              gconstpointer  data)
{
  g_autofree char *path = export_to (fx, "out.qdpx");
  g_autoptr(IntakeQdpxSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = intake_qdpx_import (fx->store, path, "Importer", NULL, NULL, NULL, &error);
  g_assert_error (error, INTAKE_QDPX_ERROR, INTAKE_QDPX_ERROR_NOT_EMPTY);
  g_assert_null (summary);
}

/* A ZIP of @n entries, by path in it ("a/b.txt"), written with libgsf. */
static char *
write_zip (Fixture            *fx,
           const char         *name,
           const char * const *entries,
           GBytes * const     *contents,
           guint               n)
{
  g_autofree char *path = g_build_filename (fx->dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GsfOutput) output = gsf_output_stdio_new (path, &error);
  g_autoptr(GsfOutfile) zip = NULL;
  g_autoptr(GHashTable) folders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  g_assert_no_error (error);
  zip = gsf_outfile_zip_new (output, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *folder_path = g_path_get_dirname (entries[i]);
      g_autofree char *base = g_path_get_basename (entries[i]);
      GsfOutfile *folder = zip;
      g_autoptr(GsfOutput) child = NULL;
      gsize size;
      gconstpointer data = g_bytes_get_data (contents[i], &size);

      if (strcmp (folder_path, ".") != 0)
        {
          folder = g_hash_table_lookup (folders, folder_path);
          if (folder == NULL)
            {
              folder = GSF_OUTFILE (gsf_outfile_new_child (zip, folder_path, TRUE));
              g_hash_table_insert (folders, g_strdup (folder_path), folder);
            }
        }
      child = gsf_outfile_new_child (folder, base, FALSE);
      g_assert_true (gsf_output_write (child, size, data));
      g_assert_true (gsf_output_close (child));
    }

  GHashTableIter iter;
  gpointer folder;
  g_hash_table_iter_init (&iter, folders);
  while (g_hash_table_iter_next (&iter, NULL, &folder))
    gsf_output_close (folder);
  g_assert_true (gsf_output_close (GSF_OUTPUT (zip)));
  return g_steal_pointer (&path);
}

static GBytes *
read_fixture (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("INTAKE_TESTS_DIR"), "qdpx-qualcoder", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

#define QUALCODER_SOURCE "sources/6F9619FF-8B86-D011-B42D-00C04FC964FF.txt"

static char *
write_qualcoder_zip (Fixture *fx)
{
  const char *entries[] = { "project.qde", QUALCODER_SOURCE };
  g_autoptr(GBytes) qde = read_fixture ("project.qde");
  g_autoptr(GBytes) text = read_fixture (QUALCODER_SOURCE);
  GBytes *contents[] = { qde, text };

  return write_zip (fx, "qualcoder.qdpx", entries, contents, 2);
}

static IntakeCoding *
find_coding (GPtrArray  *codings,
             const char *code_guid)
{
  for (guint i = 0; i < codings->len; i++)
    {
      IntakeCoding *coding = g_ptr_array_index (codings, i);

      if (g_strcmp0 (coding->code_guid, code_guid) == 0)
        return coding;
    }
  return NULL;
}

static void
test_import_qualcoder (Fixture       *fx,
                       gconstpointer  data)
{
  g_autofree char *path = write_qualcoder_zip (fx);
  g_autoptr(IntakeQdpxSummary) summary = NULL;
  g_autoptr(IntakeStore) store = import_into_new (fx, "from-qualcoder.intake", path, &summary);
  g_autoptr(IntakeCodebook) codebook = NULL;
  g_autoptr(GPtrArray) codings = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IntakeSubmission) submission = NULL;
  g_autofree char *memo = NULL;
  IntakeCoding *coding;
  gint64 id;

  g_assert_cmpuint (summary->sources, ==, 2);
  g_assert_cmpuint (summary->users, ==, 2);
  g_assert_cmpuint (summary->codings, ==, 3);
  g_assert_cmpuint (summary->skipped->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (summary->skipped, 0), "letter-scan.pdf"));

  /* The file's codebook, not the default one. */
  codebook = intake_store_load_codebook (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (intake_codebook_get_n_codes (codebook), ==, 3);
  g_assert_nonnull (intake_codebook_find (codebook, "Safety/Feels safer"));
  g_assert_null (intake_codebook_find (codebook, "Equity lens"));

  id = intake_store_find_submission_by_guid (store, "6f9619ff-8b86-d011-b42d-00c04fc964ff", &error);
  g_assert_cmpint (id, >, 0);
  submission = intake_store_get_submission (store, id, &error);
  g_assert_cmpstr (intake_submission_get_subject (submission), ==, "interview-parent-a.txt");

  codings = intake_store_list_codings (store, id, &error);
  g_assert_no_error (error);
  coding = find_coding (codings, "b8d5f701-2c3e-4f40-9bac-1d2e3f405b6c");
  g_assert_nonnull (coding);
  g_assert_cmpstr (coding->excerpt, ==, "kids feel safer");
  g_assert_cmpstr (coding->reviewer, ==, "colin");
  g_assert_cmpstr (coding->guid, ==, "1b3c5d7e-9f10-4b2c-8d3e-4f5a6b7c8d9e");
  /* 2023-05-02T10:10:00Z */
  g_assert_cmpint (coding->created_at, ==, 1683022200);
  coding = find_coding (codings, "c9e60812-3d4f-4051-acbd-2e3f40516c7d");
  g_assert_nonnull (coding);
  g_assert_cmpstr (coding->excerpt, ==, "They trust him.");
  g_assert_cmpstr (coding->reviewer, ==, "dana");
  coding = find_coding (codings, "a7c4e6f0-1b2d-4e3f-8a9b-0c1d2e3f4a5b");
  g_assert_nonnull (coding);
  g_assert_cmpint (coding->start, ==, -1);

  attributes = intake_store_get_attributes (store, id, &error);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "Respondent group"), ==, "Parent or guardian");
  g_assert_cmpstr (g_hash_table_lookup (attributes, "Age"), ==, "42");
  memo = intake_store_get_memo (store, id, NULL, &error);
  g_assert_cmpstr (memo, ==, "Follow up with this parent.");
}

static void
assert_import_fails (Fixture    *fx,
                     const char *qdpx,
                     int         code)
{
  g_autofree char *path = g_build_filename (fx->dir, "refused.intake", NULL);
  g_autoptr(IntakeStore) store = intake_store_open (path, NULL);
  g_autoptr(IntakeQdpxSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  IntakeStats stats;

  summary = intake_qdpx_import (store, qdpx, "Importer", NULL, NULL, NULL, &error);
  g_assert_error (error, INTAKE_QDPX_ERROR, code);
  g_assert_null (summary);
  /* Nothing of it was kept. */
  g_assert_true (intake_store_get_stats (store, &stats, NULL));
  g_assert_cmpuint (stats.submissions, ==, 0);
}

static void
test_import_hostile_paths (Fixture       *fx,
                           gconstpointer  data)
{
  g_autoptr(GBytes) qde = read_fixture ("project.qde");
  g_autoptr(GBytes) text = g_bytes_new_static ("x", 1);
  const char *dotdot[] = { "project.qde", "../evil.txt" };
  const char *nested[] = { "project.qde", "sources/../../evil.txt" };
  GBytes *contents[] = { qde, text };
  g_autofree char *a = write_zip (fx, "dotdot.qdpx", dotdot, contents, 2);
  g_autofree char *b = write_zip (fx, "nested.qdpx", nested, contents, 2);
  g_autofree char *outside = g_build_filename (fx->dir, "..", "evil.txt", NULL);

  assert_import_fails (fx, a, INTAKE_QDPX_ERROR_UNSAFE);
  assert_import_fails (fx, b, INTAKE_QDPX_ERROR_UNSAFE);
  g_assert_false (g_file_test (outside, G_FILE_TEST_EXISTS));
}

static void
test_import_hostile_text_path (Fixture       *fx,
                               gconstpointer  data)
{
  g_autoptr(GBytes) qde = read_fixture ("project.qde");
  g_autoptr(GString) edited = g_string_new_len (g_bytes_get_data (qde, NULL), g_bytes_get_size (qde));
  g_autoptr(GBytes) text = read_fixture (QUALCODER_SOURCE);
  g_autoptr(GBytes) hostile = NULL;
  const char *entries[] = { "project.qde", QUALCODER_SOURCE };
  GBytes *contents[2];
  g_autofree char *path = NULL;

  g_string_replace (edited, "internal://6F9619FF-8B86-D011-B42D-00C04FC964FF.txt",
                    "internal://../../../etc/passwd", 1);
  hostile = g_string_free_to_bytes (g_steal_pointer (&edited));
  contents[0] = hostile;
  contents[1] = text;
  path = write_zip (fx, "text-path.qdpx", entries, contents, 2);

  assert_import_fails (fx, path, INTAKE_QDPX_ERROR_UNSAFE);
}

static void
test_import_entities_refused (Fixture       *fx,
                              gconstpointer  data)
{
  static const char qde[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE Project [ <!ENTITY secret SYSTEM \"file:///etc/passwd\"> ]>\n"
    "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"x\"><Description>&secret;</Description></Project>\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (qde, strlen (qde));
  const char *entries[] = { "project.qde" };
  GBytes *contents[] = { bytes };
  g_autofree char *path = write_zip (fx, "entities.qdpx", entries, contents, 1);

  assert_import_fails (fx, path, INTAKE_QDPX_ERROR_UNSAFE);
}

static void
test_import_huge_entry_refused (Fixture       *fx,
                                gconstpointer  data)
{
  gsize size = INTAKE_QDPX_MAX_SOURCE_SIZE + 1;
  g_autoptr(GBytes) qde = read_fixture ("project.qde");
  g_autoptr(GBytes) huge = g_bytes_new_take (g_malloc0 (size), size);
  const char *entries[] = { "project.qde", QUALCODER_SOURCE };
  GBytes *contents[] = { qde, huge };
  g_autofree char *path = write_zip (fx, "huge.qdpx", entries, contents, 2);

  assert_import_fails (fx, path, INTAKE_QDPX_ERROR_UNSAFE);
}

static void
test_import_not_zip (Fixture       *fx,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fx->dir, "plain.qdpx", NULL);

  g_assert_true (g_file_set_contents (path, "<Project/>", -1, NULL));
  assert_import_fails (fx, path, INTAKE_QDPX_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/qdpx/export/validates", test_export_validates);
  ADD ("/qdpx/export/offsets-are-code-points", test_export_offsets_are_code_points);
  ADD ("/qdpx/export/twice-same-guids", test_export_twice_same_guids);
  ADD ("/qdpx/export/submission-guids", test_submission_guids);
  ADD ("/qdpx/export/refuses-project", test_export_refuses_project);
  ADD ("/qdpx/export/cancelled-leaves-file", test_export_cancelled_leaves_file);
  ADD ("/qdpx/round-trip", test_round_trip);
  ADD ("/qdpx/import/refuses-nonempty", test_import_refuses_nonempty);
  ADD ("/qdpx/import/qualcoder", test_import_qualcoder);
  ADD ("/qdpx/import/hostile-paths", test_import_hostile_paths);
  ADD ("/qdpx/import/hostile-text-path", test_import_hostile_text_path);
  ADD ("/qdpx/import/entities-refused", test_import_entities_refused);
  ADD ("/qdpx/import/huge-entry-refused", test_import_huge_entry_refused);
  ADD ("/qdpx/import/not-zip", test_import_not_zip);
#undef ADD

  return g_test_run ();
}
