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


/* ---- The redactor ------------------------------------------------------- */

static void
test_redactor_same_as_find (void)
{
  g_autoptr(IntakeRedactor) redactor = intake_redactor_new ();
  g_autoptr(IntakeRedactor) ref = NULL;
  g_autoptr(GArray) spans = NULL;
  const char *text = "Grace Whitford met Élise Tremblay-Nadeau; by the grace of God. O'Brien agreed.";

  intake_redactor_add_name (redactor, "Grace Li Whitford");
  intake_redactor_add_name (redactor, "Élise Tremblay-Nadeau");
  intake_redactor_add_name (redactor, "Seán O'Brien");
  ref = intake_redactor_ref (redactor);
  intake_redactor_unref (ref);
  ref = NULL;

  spans = intake_redactor_find (redactor, text);
  {
    GString *out = g_string_new (NULL);
    g_autofree char *found = NULL;

    for (guint i = 0; i < spans->len; i++)
      {
        const IntakeRedactSpan *span = &g_array_index (spans, IntakeRedactSpan, i);
        g_autofree char *slice = intake_text_slice (text, span->start, span->end);

        g_string_append_printf (out, "%s[%s]", i > 0 ? " " : "", slice);
      }
    found = g_string_free (out, FALSE);
    g_assert_cmpstr (found, ==, "[Grace] [Whitford] [Élise] [Tremblay-Nadeau] [O'Brien]");
  }
}

/* Every sender of a large project against a long text: one lookup a word. */
static void
test_redactor_many_names_fast (void)
{
  g_autoptr(IntakeRedactor) redactor = intake_redactor_new ();
  g_autoptr(GArray) spans = NULL;
  g_autoptr(GTimer) timer = NULL;
  GString *text = g_string_new (NULL);
  const char *needle = "Zorbalina Quextrom";
  guint expected = 0;

  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *name = g_strdup_printf ("Name%c%c%c Family%c%c%c", 'a' + i % 26, 'a' + (i / 26) % 26,
                                               'a' + (i / 676) % 26, 'a' + i % 26, 'a' + (i / 26) % 26,
                                               'a' + (i / 676) % 26);

      intake_redactor_add_name (redactor, name);
    }
  intake_redactor_add_name (redactor, needle);

  while (text->len < 1024 * 1024)
    {
      g_string_append (text, "Les élèves de l'école disent que la présence policière les inquiète. ");
      if (text->len % 7 == 0 || expected < 3)
        {
          g_string_append (text, needle);
          g_string_append (text, " wrote. ");
          expected += 2;
        }
    }

  timer = g_timer_new ();
  spans = intake_redactor_find (redactor, text->str);
  g_test_message ("10,000 names in %zu bytes: %.3f s", text->len, g_timer_elapsed (timer, NULL));
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 1.0);
  g_assert_cmpuint (spans->len, ==, expected);
  g_string_free (text, TRUE);
}

/* ---- Signatures ------------------------------------------------------------ */

static char *
signature_of (const char *text)
{
  g_auto(GStrv) names = intake_redact_signature_names (text);

  return g_strjoinv ("|", names);
}

#define assert_signature(text, expected) \
  G_STMT_START { \
    g_autofree char *found_ = signature_of (text); \
    g_assert_cmpstr (found_, ==, (expected)); \
  } G_STMT_END

static void
test_signature_names (void)
{
  /* As the corpus signs: the name, a phone, a postal code. */
  assert_signature ("I support the programme.\n\n--\nMaya Lindqvist\n403-555-0142\nT2X 1Y2\n", "Maya Lindqvist");
  assert_signature ("Text.\n-- \nÉlise Tremblay-Nadeau\n", "Élise Tremblay-Nadeau");
  assert_signature ("Text.\r\n--\r\nInès Bérubé\r\n", "Inès Bérubé");
  assert_signature ("Please act.\n\nBest regards,\nJonas Whitfield\nTeacher, Calgary Board of Education\n",
                    "Jonas Whitfield");
  assert_signature ("Merci.\n\nCordialement,\n\nHélène Gagnon-Roy\n", "Hélène Gagnon-Roy");
  assert_signature ("Texte.\nBien à vous\nAmélie Roy\n", "Amélie Roy");
  assert_signature ("Texte.\nSALUTATIONS !\nMarc Roy\n", "Marc Roy");
  assert_signature ("Thanks,\nPriya\n", "Priya");
}

static void
test_signature_none (void)
{
  /* No signature; a closing followed by a sentence or a phone; too early. */
  assert_signature ("The officer helps. Regards to all of you who read this.\n", "");
  assert_signature ("Thank you,\nfor listening to students.\n", "");
  assert_signature ("Regards,\n403-555-0142\n", "");
  assert_signature ("Thanks,\njane@example.org\n", "");
  assert_signature ("Regards,\nThe Parent Council Of Our School Board\n", "");
  assert_signature ("--\nAmara Okafor\n1\n2\n3\n4\n5\n6\n7\n8\n", "");
  assert_signature ("", "");
  /* Two dashes inside a line are not a separator. */
  assert_signature ("It was -- as I said -- unfair.\nSam Li\n", "");
}

static void
test_unmap (void)
{
  const char *names[] = { "Bérubé", NULL };
  /* "Bérubé" [6, 12) became "[redacted: name]" [6, 22). */
  const char *text = "Merci Bérubé, à bientôt";
  g_autoptr(GArray) spans = intake_redact_find (text, names);
  g_autoptr(GArray) map = NULL;
  g_autofree char *redacted = intake_redact_apply (text, spans, &map);
  int start, end;

  g_assert_cmpint (intake_redact_unmap_offset (map, 0), ==, 0);
  g_assert_cmpint (intake_redact_unmap_offset (map, 6), ==, 6);
  g_assert_cmpint (intake_redact_unmap_offset (map, 10), ==, 6);
  g_assert_cmpint (intake_redact_unmap_offset (map, 22), ==, 12);
  g_assert_cmpint (intake_redact_unmap_offset (map, 33), ==, 23);

  /* Each offset goes back to where it came from. */
  for (int i = 0; i <= 23; i++)
    if (i <= 6 || i >= 12)
      g_assert_cmpint (intake_redact_unmap_offset (map, intake_redact_map_offset (map, i)), ==, i);

  /* A selection cutting into the marker takes in the whole name. */
  intake_redact_unmap_range (map, 0, 10, &start, &end);
  g_assert_cmpint (start, ==, 0);
  g_assert_cmpint (end, ==, 12);
  intake_redact_unmap_range (map, 8, 33, &start, &end);
  g_assert_cmpint (start, ==, 6);
  g_assert_cmpint (end, ==, 23);
  intake_redact_unmap_range (map, 24, 33, &start, &end);
  {
    g_autofree char *slice = intake_text_slice (text, start, end);

    g_assert_cmpstr (slice, ==, "à bientôt");
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
  g_test_add_func ("/redact/unmap", test_unmap);
  g_test_add_func ("/redact/redactor/same-as-find", test_redactor_same_as_find);
  g_test_add_func ("/redact/redactor/many-names-fast", test_redactor_many_names_fast);
  g_test_add_func ("/redact/signature/names", test_signature_names);
  g_test_add_func ("/redact/signature/none", test_signature_none);

  return g_test_run ();
}
