#define G_LOG_DOMAIN "test-redact"

#include "config.h"

#include "intake-redact.h"
#include "intake-text.h"

static const char *kind_names[] = { "email", "phone", "postal", "name", "marked" };

/* The spans found, as "kind[text] kind[text]", each text sliced by its
 * code point offsets. */
static char *
describe (const char         *text,
          const char * const *names)
{
  g_autoptr(GArray) spans = intake_redact_find (text, names);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < spans->len; i++)
    {
      const IntakeRedactSpan *span = &g_array_index (spans, IntakeRedactSpan, i);
      g_autofree char *slice = intake_text_slice (text, span->start, span->end);

      g_string_append_printf (out, "%s%s[%s]", i > 0 ? " " : "", kind_names[span->kind], slice);
    }

  return g_string_free (out, FALSE);
}

#define assert_finds(text, names, expected) \
  G_STMT_START { \
    g_autofree char *found_ = describe ((text), (names)); \
    g_assert_cmpstr (found_, ==, (expected)); \
  } G_STMT_END

static void
test_email (void)
{
  assert_finds ("Write to elise.tremblay+intake@mail.example.ca.", NULL,
                "email[elise.tremblay+intake@mail.example.ca]");
  assert_finds ("<j_doe@example.com>, ines@x.org", NULL, "email[j_doe@example.com] email[ines@x.org]");
  assert_finds ("user a@b wrote", NULL, "");
  assert_finds ("twitter @handle and a@b.c", NULL, "");
}

static void
test_phone (void)
{
  const char *forms[] = {
    "403-555-0142", "(403) 555-0142", "403.555.0142", "403 555 0142",
    "+1 403 555 0142", "1-800-555-0199", "403-555-0142 ext. 12", "(403)555-0142 x12",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autofree char *text = g_strdup_printf ("Call me at %s, thanks", forms[i]);
      g_autofree char *expected = g_strdup_printf ("phone[%s]", forms[i]);

      assert_finds (text, NULL, expected);
    }

  assert_finds ("From 2019-2020 and 1998-2004", NULL, "");
  assert_finds ("Order 94035550142 and 14-403-555-0142 and 403-555-01427", NULL, "");
  assert_finds ("id 4035550142", NULL, "");
}

static void
test_postal_code (void)
{
  assert_finds ("Calgary AB T2P 1J9 Canada", NULL, "postal[T2P 1J9]");
  assert_finds ("code t2p1j9.", NULL, "postal[t2p1j9]");
  assert_finds ("H3Z 2Y7 and k1a0b1", NULL, "postal[H3Z 2Y7] postal[k1a0b1]");
  /* No D, F, I, O, Q or U; no W or Z first; not inside a word. */
  assert_finds ("D2P 1J9 T2D 1J9 T2P 1O9 W2P 1J9 Z2P 1J9", NULL, "");
  assert_finds ("ABT2P1J9 T2P1J9X éT2P1J9", NULL, "");
}

static void
test_name_parts (void)
{
  const char *names[] = { "Élise Tremblay-Nadeau", NULL };

  assert_finds ("Élise wrote; Tremblay agreed with Nadeau.", names,
                "name[Élise] name[Tremblay] name[Nadeau]");
  assert_finds ("Signed, Élise Tremblay-Nadeau", names, "name[Élise] name[Tremblay-Nadeau]");
  /* Whole words only. */
  assert_finds ("Elisene and Tremblayville and Nadeaus", names, "");
}

static void
test_name_accents_and_case (void)
{
  const char *names[] = { "Inès Bérubé", NULL };

  assert_finds ("from ines berube", names, "name[ines] name[berube]");
  assert_finds ("INÈS said", names, "name[INÈS]");
  /* The same name with its accents as combining marks. */
  assert_finds ("Ine\xcc\x80s!", names, "name[Ine\xcc\x80s]");
  assert_finds ("merci d'Inès", names, "name[Inès]");
}

static void
test_name_short_and_common (void)
{
  const char *names[] = { "Grace Li Whitford", NULL };
  const char *other[] = { "Mark Young", NULL };

  assert_finds ("Li met Grace Whitford", names, "name[Grace] name[Whitford]");
  assert_finds ("by the grace of God", names, "");
  assert_finds ("Grace is lovely", names, "");
  assert_finds ("Whitford, grace whitford", names, "name[Whitford] name[whitford]");
  assert_finds ("Mark Young wrote to mark the young", other, "name[Mark] name[Young]");
}

static void
test_offsets_in_code_points (void)
{
  const char *names[] = { "Inès Bérubé", NULL };
  const char *text = "Él\xf0\x9f\x98\x80 é Bérubé, t2p 1j9 ; x@ex.ca";
  g_autoptr(GArray) spans = intake_redact_find (text, names);
  const IntakeRedactSpan expected[] = {
    { 6, 12, INTAKE_REDACT_NAME },
    { 14, 21, INTAKE_REDACT_POSTAL_CODE },
    { 24, 31, INTAKE_REDACT_EMAIL },
  };

  g_assert_cmpuint (spans->len, ==, G_N_ELEMENTS (expected));
  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const IntakeRedactSpan *span = &g_array_index (spans, IntakeRedactSpan, i);

      g_assert_cmpint (span->start, ==, expected[i].start);
      g_assert_cmpint (span->end, ==, expected[i].end);
      g_assert_cmpint (span->kind, ==, expected[i].kind);
    }
}

static void
test_overlaps_merged (void)
{
  const char *names[] = { "Élise Tremblay", NULL };
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (IntakeRedactSpan));
  g_autofree char *redacted = NULL;

  /* The address holds the name: one span, an e-mail one. */
  assert_finds ("mail tremblay@example.com now", names, "email[tremblay@example.com]");
  assert_finds ("Élise Tremblay <elise.tremblay@example.com>", names,
                "name[Élise] name[Tremblay] email[elise.tremblay@example.com]");

  /* Overlapping spans handed to apply are merged the same way. */
  g_array_append_val (spans, ((IntakeRedactSpan) { 4, 9, INTAKE_REDACT_MARKED }));
  g_array_append_val (spans, ((IntakeRedactSpan) { 0, 6, INTAKE_REDACT_NAME }));
  g_array_append_val (spans, ((IntakeRedactSpan) { 2, 3, INTAKE_REDACT_PHONE }));
  redacted = intake_redact_apply ("abcdefghijkl", spans, NULL);
  g_assert_cmpstr (redacted, ==, "[redacted: name]jkl");
}

static void
test_apply_markers (void)
{
  const char *names[] = { "Inès Bérubé", NULL };
  const char *text = "Inès: ines@ex.ca, 403-555-0142, T2P 1J9.";
  g_autoptr(GArray) spans = intake_redact_find (text, names);
  g_autofree char *redacted = intake_redact_apply (text, spans, NULL);

  g_assert_cmpstr (redacted, ==,
                   "[redacted: name]: [redacted: email], [redacted: phone], [redacted: postal code].");
}

static void
test_apply_offset_map (void)
{
  const char *names[] = { "Bérubé", NULL };
  /* "Bérubé" is [6, 12); its marker "[redacted: name]" is 16 long. */
  const char *text = "Merci Bérubé, à bientôt";
  g_autoptr(GArray) spans = intake_redact_find (text, names);
  g_autoptr(GArray) map = NULL;
  g_autofree char *redacted = intake_redact_apply (text, spans, &map);
  int start, end;

  g_assert_cmpstr (redacted, ==, "Merci [redacted: name], à bientôt");

  /* Before, at and after the span. */
  g_assert_cmpint (intake_redact_map_offset (map, 0), ==, 0);
  g_assert_cmpint (intake_redact_map_offset (map, 6), ==, 6);
  g_assert_cmpint (intake_redact_map_offset (map, 12), ==, 22);
  g_assert_cmpint (intake_redact_map_offset (map, 23), ==, 33);
  /* Inside: where the marker starts. */
  g_assert_cmpint (intake_redact_map_offset (map, 9), ==, 6);

  /* An excerpt before the span, one starting inside it, one ending inside. */
  intake_redact_map_range (map, 0, 5, &start, &end);
  g_assert_cmpint (start, ==, 0);
  g_assert_cmpint (end, ==, 5);
  intake_redact_map_range (map, 8, 23, &start, &end);
  g_assert_cmpint (start, ==, 6);
  g_assert_cmpint (end, ==, 33);
  intake_redact_map_range (map, 0, 9, &start, &end);
  g_assert_cmpint (start, ==, 0);
  g_assert_cmpint (end, ==, 22);
  intake_redact_map_range (map, 14, 23, &start, &end);
  {
    g_autofree char *excerpt = intake_text_slice (redacted, start, end);

    g_assert_cmpstr (excerpt, ==, "à bientôt");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/redact/email", test_email);
  g_test_add_func ("/redact/phone", test_phone);
  g_test_add_func ("/redact/postal-code", test_postal_code);
  g_test_add_func ("/redact/name/parts", test_name_parts);
  g_test_add_func ("/redact/name/accents-and-case", test_name_accents_and_case);
  g_test_add_func ("/redact/name/short-and-common", test_name_short_and_common);
  g_test_add_func ("/redact/offsets-in-code-points", test_offsets_in_code_points);
  g_test_add_func ("/redact/overlaps-merged", test_overlaps_merged);
  g_test_add_func ("/redact/apply/markers", test_apply_markers);
  g_test_add_func ("/redact/apply/offset-map", test_apply_offset_map);

  return g_test_run ();
}
