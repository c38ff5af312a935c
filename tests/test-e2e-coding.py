#!/usr/bin/env python3
"""End-to-end coding through the command line on a generated corpus: `code` (whole
submissions and excerpts, offsets in Unicode code points), `attribute`, `status`, the
filters of `list`, the codings, attributes and memo of `show --json`, and `codebook`
import and export (REFI-QDA, schema-valid, external entities refused)."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import uuid
import xml.etree.ElementTree as ET

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.environ.get("INTAKE_TESTS_DIR") or os.path.dirname(os.path.abspath(__file__)))
import e2e_common as e2e  # noqa: E402

COUNT = 120
SEED = 3

CODING_KEYS = {"code", "reviewer", "start", "end", "excerpt"}
QDC_NS = "{urn:QDA-XML:codebook:1.0}"

SURVEILLANCE = "Equity lens/Surveillance"
PROFILING = "Equity lens/Racial profiling or differential treatment"
TRUST = "Experiences/Trust in police"
DISTRUST = "Experiences/Distrust of police"
KEEP = "Stance on the programme/Keep as is"
REMOVE = "Stance on the programme/Remove or replace"
STATUSES = ["new", "in-progress", "coded", "excluded"]


def ids_of(items):
    return [item["id"] for item in items]


def codebook_codes(path):
    """(guid, name, isCodable, color, parent guid) of every code of a .qdc file, in order."""
    codes = []

    def walk(element, parent):
        for code in element.findall(QDC_NS + "Code"):
            codes.append((code.get("guid"), code.get("name"), code.get("isCodable"), code.get("color"), parent))
            walk(code, code.get("guid"))

    root = ET.parse(path).getroot()
    walk(root.find(QDC_NS + "Codes"), None)
    return codes


class Coding(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="intake-e2e-coding-")
        mbox = os.path.join(cls.tmp.name, "inbox.mbox")
        e2e.make_mailbox("mbox", COUNT, SEED, mbox, os.path.join(cls.tmp.name, "truth.json"))
        cls.pristine = os.path.join(cls.tmp.name, "pristine.intake")
        summary = e2e.import_json(cls.pristine, mbox)
        if summary["imported"] < 100:
            raise AssertionError("expected about %d submissions imported, got %r" % (COUNT, summary))
        cls.items = e2e.list_json(cls.pristine)
        cls.ids = ids_of(cls.items)
        cls.texts = {sid: e2e.show_json(cls.pristine, sid)["text"] for sid in cls.ids}
        cls.french = cls.pick_accented()
        # Submissions for the tests to code, apart from the accented one.
        cls.english = [sid for sid in cls.ids if sid != cls.french[0] and len(cls.texts[sid]) > 80]
        if len(cls.english) < 40:
            raise AssertionError("the corpus was expected to hold at least 40 submissions of some length")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    @classmethod
    def pick_accented(cls):
        """A submission with accented letters both before and inside a 20-character excerpt,
        so that byte offsets and code point offsets differ; returns (id, start, end)."""
        for sid in cls.ids:
            text = cls.texts[sid]
            accents = [i for i, c in enumerate(text) if c in "éèàçêâôûùëïÉÈÀÇ"]
            for first in accents:
                later = [i for i in accents if i >= first + 15]
                if later:
                    start = later[0] - 5
                    return sid, start, min(len(text), start + 20)
        raise AssertionError("the corpus was expected to hold a French submission with accents")

    def setUp(self):
        # Each test works on its own copy of the imported project.
        self.project = os.path.join(self.tmp.name, "%s.intake" % self._testMethodName)
        shutil.copyfile(self.pristine, self.project)

    # Helpers

    def ok(self, *args):
        r = e2e.run(*args)
        if r.returncode != 0:
            self.fail("expected exit status 0\n" + r.describe())
        return r

    def code(self, sid, code, reviewer="Alice", *extra):
        r = self.ok("code", "-p", self.project, "--reviewer", reviewer, sid, code, *extra)
        self.assertEqual(r.stdout, b"", "code prints nothing on success without --json\n" + r.describe())
        return r

    def show(self, sid):
        return e2e.show_json(self.project, sid)

    def codings(self, sid):
        return self.show(sid)["codings"]

    def listed(self, *filters):
        items = e2e.run_json("list", "-p", self.project, "--json", *filters)
        self.assertIsInstance(items, list)
        return ids_of(items)

    def assert_fails(self, args, mentions=(), unchanged=()):
        """ARGS must fail by the contract (non-zero, one line on stderr, which names every
        string in MENTIONS) and leave the submissions in UNCHANGED exactly as they were."""
        before = {sid: self.show(sid) for sid in unchanged}
        r = e2e.run(*args)
        problems = e2e.one_line_error(r)
        err = r.stderr.decode("utf-8", "replace")
        for m in mentions:
            if m not in err:
                problems.append("expected the error line to name %r" % m)
        if "--json" in args and r.stdout:
            problems.append("expected nothing on stdout for a failed --json command")
        for sid in unchanged:
            after = self.show(sid)
            if after != before[sid]:
                problems.append("submission %s changed although the command failed:\nbefore: %s\nafter:  %s"
                                % (sid, json.dumps(before[sid], ensure_ascii=False)[-600:],
                                   json.dumps(after, ensure_ascii=False)[-600:]))
        if problems:
            self.fail("\n".join(problems) + "\n" + r.describe())
        return err

    def export_codebook(self, name):
        path = os.path.join(self.tmp.name, "%s-%s.qdc" % (self._testMethodName, name))
        r = self.ok("codebook", "-p", self.project, "--export", path)
        self.assertEqual(r.stdout, b"")
        self.assertTrue(os.path.isfile(path), "codebook --export wrote no file")
        return path

    def import_codebook(self, text, name):
        path = os.path.join(self.tmp.name, "%s-%s.qdc" % (self._testMethodName, name))
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    # Tests

    def test_show_json_shapes_and_code_point_offsets(self):
        sid = self.english[0]
        fr, start, end = self.french
        text = self.texts[fr]
        # The chosen excerpt would come out wrong if offsets counted bytes.
        self.assertNotEqual(len(text[:start].encode("utf-8")), start)

        pristine = self.show(sid)
        self.assertEqual(pristine["codings"], [])
        self.assertIsInstance(pristine["attributes"], dict)
        for name, value in pristine["attributes"].items():
            self.assertIsInstance(name, str)
            self.assertIsInstance(value, str)
        self.assertIn("memo", pristine)
        self.assertIsNone(pristine["memo"], "a submission nobody wrote a memo for has a null memo")

        self.code(sid, "surveillance")  # any case
        self.code(fr, "Racial profiling or differential treatment", "Élise", "--start", start, "--end", end)

        shown = self.show(sid)
        self.assertEqual(shown["codings"], [{"code": SURVEILLANCE, "reviewer": "Alice",
                                             "start": None, "end": None, "excerpt": None}])
        self.assertEqual(shown["text"], pristine["text"])

        shown = self.show(fr)
        self.assertEqual(shown["codings"], [{"code": PROFILING, "reviewer": "Élise",
                                             "start": start, "end": end, "excerpt": text[start:end]}])

        # The last character of the text can be coded; one past it cannot.
        self.code(fr, PROFILING, "Élise", "--start", len(text) - 3, "--end", len(text))
        last = [c for c in self.codings(fr) if c["end"] == len(text)]
        self.assertEqual(last, [{"code": PROFILING, "reviewer": "Élise", "start": len(text) - 3,
                                 "end": len(text), "excerpt": text[-3:]}])

        # code --json prints the coding in the same shape.
        r = self.ok("code", "-p", self.project, "--reviewer", "Alice", "--json", sid, TRUST,
                    "--start", 0, "--end", 10)
        printed = json.loads(r.stdout.decode("utf-8"))
        self.assertEqual(printed, {"code": TRUST, "reviewer": "Alice", "start": 0, "end": 10,
                                   "excerpt": self.texts[sid][:10]})
        for coding in self.codings(sid) + self.codings(fr):
            self.assertEqual(set(coding), CODING_KEYS)

    def test_attribute_set_and_remove(self):
        sid = self.english[1]
        before = self.show(sid)["attributes"]
        self.ok("attribute", "-p", self.project, sid, "School board", "FrancoSud")
        self.ok("attribute", "-p", self.project, "--reviewer", "Bob", sid, "Self-identified identity", "Métis")
        expected = dict(before, **{"School board": "FrancoSud", "Self-identified identity": "Métis"})
        self.assertEqual(self.show(sid)["attributes"], expected)

        # A new value replaces the old one; an empty value removes the attribute.
        self.ok("attribute", "-p", self.project, sid, "School board", "Palliser School District")
        self.ok("attribute", "-p", self.project, sid, "Self-identified identity", "")
        expected = dict(before, **{"School board": "Palliser School District"})
        self.assertEqual(self.show(sid)["attributes"], expected)

        self.assert_fails(("attribute", "-p", self.project, "999999", "School board", "FrancoSud"),
                          mentions=["999999"], unchanged=[sid])

    def test_list_by_code(self):
        trusting = self.english[0:3]
        distrusting = self.english[3:5]
        for sid in trusting:
            self.code(sid, "Trust in police")
        for sid in distrusting:
            self.code(sid, DISTRUST, "Bob", "--start", 2, "--end", 12)

        self.assertEqual(sorted(self.listed("--code", "Trust in police")), sorted(trusting))
        self.assertEqual(sorted(self.listed("--code", "TRUST IN POLICE")), sorted(trusting))
        self.assertEqual(sorted(self.listed("--code", TRUST)), sorted(trusting))
        self.assertEqual(sorted(self.listed("--code", DISTRUST)), sorted(distrusting))
        # A group stands for its subcodes.
        self.assertEqual(sorted(self.listed("--code", "Experiences")), sorted(trusting + distrusting))
        self.assertEqual(self.listed("--code", "Equity lens"), [])
        self.assertEqual(self.listed("--code", "Surveillance"), [])

        self.assertEqual(sorted(self.listed("--reviewer", "Bob")), sorted(distrusting))
        self.assertEqual(sorted(self.listed("--reviewer", "Alice", "--code", "Experiences")), sorted(trusting))

        self.assert_fails(("list", "-p", self.project, "--code", "No such code", "--json"),
                          mentions=["No such code"])

    def test_list_by_code_and_search(self):
        # Three submissions and a word the first has and the other two lack.
        for i in range(len(self.english) - 2):
            coded = self.english[i:i + 3]
            others = " ".join(self.texts[sid].lower() for sid in coded[1:])
            words = [w for w in re.findall(r"[A-Za-z]{6,}", self.texts[coded[0]]) if w.lower() not in others]
            if words:
                break
        self.assertTrue(words, "no word tells a submission from the next two")
        word = words[0]
        for sid in coded:
            self.code(sid, "Presence and visibility")

        found = self.listed("--search", word)
        self.assertIn(coded[0], found)
        both = self.listed("--search", word, "--code", "Presence and visibility")
        self.assertEqual(sorted(both), sorted(set(found) & set(coded)))
        self.assertIn(coded[0], both)
        self.assertLess(len(both), len(coded))

    def test_list_by_phrase_and_prefix(self):
        def words(text):
            return [w.lower() for w in re.findall(r"[A-Za-z0-9]+", text)]

        def holds(text, phrase):
            w, n = words(text), len(phrase)
            return any(w[i:i + n] == phrase for i in range(len(w) - n + 1))

        # Three words in a row of one submission, which its text holds in no other order.
        first = self.english[0]
        tokens = words(self.texts[first])
        phrase = next(tokens[i:i + 3] for i in range(len(tokens) - 2)
                      if len(set(tokens[i:i + 3])) == 3 and not holds(self.texts[first], tokens[i:i + 3][::-1]))
        quoted = '"%s"' % " ".join(phrase)
        found = self.listed("--search", quoted)
        expected = [sid for sid, text in self.texts.items() if holds(text, phrase)]
        self.assertIn(first, found)
        self.assertTrue(set(expected) <= set(found), (quoted, expected, found))
        # The same words in another order are another phrase; as words they are found anyway.
        self.assertNotIn(first, self.listed("--search", '"%s"' % " ".join(phrase[::-1])))
        self.assertIn(first, self.listed("--search", " ".join(phrase[::-1])))

        # A star makes a prefix.
        long_word = next(w for w in tokens if len(w) >= 7)
        as_prefix = self.listed("--search", long_word[:-2] + "*")
        self.assertTrue(set(self.listed("--search", long_word)) <= set(as_prefix))
        self.assertIn(first, as_prefix)

    def test_list_by_status(self):
        self.ok("status", "-p", self.project, self.ids[0], "coded")
        self.ok("status", "-p", self.project, "--reviewer", "Bob", self.ids[1], "coded")
        self.ok("status", "-p", self.project, self.ids[2], "excluded")
        self.ok("status", "-p", self.project, self.ids[3], "in-progress")

        self.assertEqual(sorted(self.listed("--status", "coded")), sorted(self.ids[0:2]))
        self.assertEqual(self.listed("--status", "excluded"), [self.ids[2]])
        by_status = {s: self.listed("--status", s) for s in STATUSES}
        self.assertIn(self.ids[3], by_status["in-progress"])
        # The four statuses split the submissions between them.
        self.assertEqual(sorted(sum(by_status.values(), [])), sorted(self.ids))
        for item in e2e.list_json(self.project):
            self.assertIn(item["id"], by_status[item["status"]])

        err = self.assert_fails(("list", "-p", self.project, "--status", "done", "--json"), mentions=["done"])
        for s in STATUSES:
            self.assertIn(s, err, "the error names the valid statuses")
        self.assert_fails(("status", "-p", self.project, self.ids[4], "finished"), unchanged=[self.ids[4]])
        self.assert_fails(("status", "-p", self.project, "999999", "coded"), mentions=["999999"])

    def test_list_by_attribute_and_attachments(self):
        group = self.english[5:7]
        for sid in group:
            self.ok("attribute", "-p", self.project, sid, "Respondent group", "Test cohort")
        self.ok("attribute", "-p", self.project, self.english[7], "Respondent group", "Test cohort B")
        self.assertEqual(sorted(self.listed("--attribute", "Respondent group=Test cohort")), sorted(group))
        self.assertEqual(self.listed("--attribute", "Respondent group=Nobody"), [])
        self.assert_fails(("list", "-p", self.project, "--attribute", "Respondent group"),
                          mentions=["Respondent group"])

        with_attachments = [item["id"] for item in self.items if item["attachments"] > 0]
        self.assertTrue(with_attachments, "the corpus was expected to have attachments")
        self.assertEqual(sorted(self.listed("--has-attachments")), sorted(with_attachments))

    def test_remove_and_no_duplicates(self):
        sid = self.english[8]
        self.code(sid, "Quotable", "Alice", "--start", 10, "--end", 30)
        self.code(sid, "Flags/Quotable", "Alice", "--start", 10, "--end", 30)
        self.code(sid, "Feels safer")
        self.code(sid, "Feels safer")
        self.code(sid, "Feels safer", "Bob")
        shown = self.codings(sid)
        self.assertEqual(len(shown), 3, "coding the same thing twice must not duplicate it: %s" % shown)
        self.assertEqual(len([c for c in shown if c["code"] == "Flags/Quotable"]), 1)

        # Only the matching coding goes: same code, reviewer and offsets (or whole).
        self.ok("code", "-p", self.project, "--reviewer", "Alice", sid, "Quotable",
                "--start", 10, "--end", 30, "--remove")
        self.ok("code", "-p", self.project, "--reviewer", "Alice", sid, "Feels safer", "--remove")
        self.assertEqual(self.codings(sid), [{"code": "Experiences/Feels safer", "reviewer": "Bob",
                                              "start": None, "end": None, "excerpt": None}])

        self.assert_fails(("code", "-p", self.project, "--reviewer", "Alice", sid, "Feels safer", "--remove"),
                          unchanged=[sid])
        self.assert_fails(("code", "-p", self.project, "--reviewer", "Bob", sid, "Feels safer", "--remove",
                           "--start", 0, "--end", 5), unchanged=[sid])

    def test_stance_takes_one_value(self):
        sid = self.english[9]
        self.code(sid, "Keep as is")
        self.code(sid, "Remove or replace")
        self.assertEqual([c["code"] for c in self.codings(sid)], [REMOVE])
        # Another reviewer's stance is theirs.
        self.code(sid, "Keep as is", "Bob")
        stances = sorted((c["reviewer"], c["code"]) for c in self.codings(sid))
        self.assertEqual(stances, [("Alice", REMOVE), ("Bob", KEEP)])

    def test_errors_write_nothing(self):
        sid = self.english[10]
        fr = self.french[0]
        length = len(self.texts[fr])
        self.code(sid, "Trust in police")
        base = ("code", "-p", self.project)

        self.assert_fails(base + ("--reviewer", "Alice", sid, "No such code"),
                          mentions=["No such code"], unchanged=[sid])
        self.assert_fails(base + ("--reviewer", "Alice", sid, "Equity lens/Trust in police"),
                          mentions=["Equity lens/Trust in police"], unchanged=[sid])
        self.assert_fails(base + ("--reviewer", "Alice", sid, "Equity lens"),
                          mentions=["Equity lens"], unchanged=[sid])
        self.assert_fails(base + ("--reviewer", "Alice", fr, "Surveillance", "--start", 0, "--end", length + 1),
                          mentions=[str(length)], unchanged=[fr])
        self.assert_fails(base + ("--reviewer", "Alice", fr, "Surveillance", "--start", -1, "--end", 4),
                          unchanged=[fr])
        self.assert_fails(base + ("--reviewer", "Alice", fr, "Surveillance", "--start", 5, "--end", 5),
                          unchanged=[fr])
        self.assert_fails(base + ("--reviewer", "Alice", fr, "Surveillance", "--start", 9, "--end", 4),
                          unchanged=[fr])
        self.assert_fails(base + ("--reviewer", "Alice", fr, "Surveillance", "--start", 5),
                          unchanged=[fr])
        self.assert_fails(base + ("--reviewer", "Alice", "999999", "Surveillance"), mentions=["999999"])
        self.assert_fails(base + ("--reviewer", "Alice", "not-an-id", "Surveillance"), mentions=["not-an-id"])
        self.assert_fails(base + (sid, "Surveillance"), mentions=["--reviewer"], unchanged=[sid])
        self.assert_fails(base + ("--reviewer", "  ", sid, "Surveillance"), unchanged=[sid])
        self.assert_fails(base + ("--reviewer", "Alice", "--json", sid, "Surveillance", "extra"), unchanged=[sid])
        # Nothing was coded with Surveillance anywhere.
        self.assertEqual(self.listed("--code", SURVEILLANCE), [])

    def test_ambiguous_name(self):
        exported = self.export_codebook("before")
        with open(exported, encoding="utf-8") as f:
            text = f.read()
        group, code = str(uuid.uuid4()), str(uuid.uuid4())
        added = ('<Code guid="%s" name="Monitoring" isCodable="false" color="#555555">'
                 '<Code guid="%s" name="Surveillance" isCodable="true" color="#666666"/></Code></Codes>'
                 % (group, code))
        self.assertEqual(text.count("</Codes>"), 1)
        path = self.import_codebook(text.replace("</Codes>", added), "ambiguous")
        self.ok("codebook", "-p", self.project, "--import", path)

        sid = self.english[11]
        self.assert_fails(("code", "-p", self.project, "--reviewer", "Alice", sid, "Surveillance"),
                          mentions=[SURVEILLANCE, "Monitoring/Surveillance"], unchanged=[sid])
        self.assert_fails(("list", "-p", self.project, "--code", "surveillance"),
                          mentions=[SURVEILLANCE, "Monitoring/Surveillance"])
        # The path tells them apart.
        self.code(sid, "Monitoring/Surveillance")
        self.assertEqual([c["code"] for c in self.codings(sid)], ["Monitoring/Surveillance"])
        self.assertEqual(self.listed("--code", "Monitoring/Surveillance"), [sid])
        self.assertEqual(self.listed("--code", SURVEILLANCE), [])

    def test_codebook_export_rename_import(self):
        exported = self.export_codebook("before")
        before = codebook_codes(exported)
        names = [c[1] for c in before]
        for name in ("Stance on the programme", "Keep as is", "Surveillance", "Quotable",
                     "Racial profiling or differential treatment"):
            self.assertIn(name, names)
        self.validate(exported)

        with open(exported, encoding="utf-8") as f:
            text = f.read()
        self.assertEqual(text.count('name="Surveillance"'), 1)
        path = self.import_codebook(text.replace('name="Surveillance"', 'name="Surveillance and monitoring"'),
                                    "renamed")
        self.ok("codebook", "-p", self.project, "--import", path)

        sid = self.english[0]
        self.code(sid, "Surveillance and monitoring")
        self.assertEqual([c["code"] for c in self.codings(sid)], ["Equity lens/Surveillance and monitoring"])
        self.assert_fails(("code", "-p", self.project, "--reviewer", "Alice", sid, "Surveillance"),
                          mentions=["Surveillance"], unchanged=[sid])

        after = codebook_codes(self.export_codebook("after"))
        renamed = [c if c[1] != "Surveillance" else (c[0], "Surveillance and monitoring") + c[2:] for c in before]
        self.assertEqual(after, renamed, "only the renamed code changed, GUIDs kept")

    def test_codebook_refuses_external_entities(self):
        exported = self.export_codebook("before")
        before = codebook_codes(exported)
        with open(exported, encoding="utf-8") as f:
            text = f.read()
        secret = os.path.join(self.tmp.name, "secret.txt")
        with open(secret, "w", encoding="utf-8") as f:
            f.write("TOPSECRET-1234")
        header, rest = text.split("<CodeBook", 1)
        hostile = (header + '<!DOCTYPE CodeBook [<!ENTITY leak SYSTEM "file://%s">]>\n<CodeBook' % secret
                   + rest.replace('name="Surveillance"', 'name="&leak;"'))
        path = self.import_codebook(hostile, "hostile")
        sid = self.english[0]

        err = self.assert_fails(("codebook", "-p", self.project, "--import", path), unchanged=[sid])
        self.assertNotIn("TOPSECRET", err)
        self.assertEqual(codebook_codes(self.export_codebook("after")), before)
        self.code(sid, "Surveillance")

        # Exactly one of --import and --export; a file that is not there.
        self.assert_fails(("codebook", "-p", self.project))
        self.assert_fails(("codebook", "-p", self.project, "--import", path, "--export", exported))
        self.assert_fails(("codebook", "-p", self.project, "--import", os.path.join(self.tmp.name, "none.qdc")),
                          mentions=["none.qdc"])
        self.assertEqual(codebook_codes(self.export_codebook("last")), before)

    def validate(self, path):
        xmllint = shutil.which("xmllint")
        if xmllint is None:
            return  # the schema check needs xmllint; everything else still ran
        schema = os.path.join(os.environ["INTAKE_SHARED_DIR"], "refi-qda", "Codebook.xsd")
        p = subprocess.run([xmllint, "--noout", "--nonet", "--schema", schema, path],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        self.assertEqual(p.returncode, 0, "the exported codebook is not valid against Codebook.xsd:\n%s"
                         % p.stderr.decode("utf-8", "replace")[:2000])


if __name__ == "__main__":
    e2e.main()
