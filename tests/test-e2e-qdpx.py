#!/usr/bin/env python3
"""End-to-end REFI-QDA projects through the command line on a generated corpus:
`export --format qdpx` writes a ZIP whose project.qde is valid against the shared
Project.xsd (xmllint), with each submission's text in a lowercase sources/ folder, UTF-8
without a byte-order mark, and excerpt positions counting the code points of exactly that
text; it says on stderr what the format cannot carry. `import` of the .qdpx into a new
project, then exporting that, gives the same codings; a project with submissions is
refused."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET
import zipfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.environ.get("INTAKE_TESTS_DIR") or os.path.dirname(os.path.abspath(__file__)))
import e2e_common as e2e  # noqa: E402

COUNT = 40
SEED = 7
NS = "{urn:QDA-XML:project:1.0}"

TRUST = "Experiences/Trust in police"
SURVEILLANCE = "Equity lens/Surveillance"
KEEP = "Stance on the programme/Keep as is"


def codings_of(qdpx):
    """Every coding as (source GUID, code GUID, user GUID, start, end, coding GUID), sorted."""
    with zipfile.ZipFile(qdpx) as z:
        root = ET.fromstring(z.read("project.qde"))
    found = []
    for source in root.iter(NS + "TextSource"):
        for selection in source.findall(NS + "PlainTextSelection"):
            for coding in selection.findall(NS + "Coding"):
                found.append((source.get("guid"), coding.find(NS + "CodeRef").get("targetGUID"),
                              coding.get("creatingUser"), int(selection.get("startPosition")),
                              int(selection.get("endPosition")), coding.get("guid")))
        for coding in source.findall(NS + "Coding"):
            found.append((source.get("guid"), coding.find(NS + "CodeRef").get("targetGUID"),
                          coding.get("creatingUser"), -1, -1, coding.get("guid")))
    return sorted(found)


class Qdpx(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="intake-e2e-qdpx-")
        mbox = os.path.join(cls.tmp.name, "inbox.mbox")
        e2e.make_mailbox("mbox", COUNT, SEED, mbox, os.path.join(cls.tmp.name, "truth.json"))
        cls.project = os.path.join(cls.tmp.name, "consultation.intake")
        e2e.import_json(cls.project, mbox)
        cls.ids = [item["id"] for item in e2e.list_json(cls.project)]

        # Excerpts past the first line, where the corpus puts its accents.
        for sid in cls.ids[0:12]:
            text = e2e.show_json(cls.project, sid)["text"]
            start = max(0, len(text) // 2 - 10)
            cls.must("code", "-p", cls.project, "--reviewer", "Amina", sid, SURVEILLANCE,
                     "--start", str(start), "--end", str(min(len(text), start + 20)))
            cls.must("code", "-p", cls.project, "--reviewer", "Benoît", sid, KEEP)
        cls.must("code", "-p", cls.project, "--reviewer", "Amina", cls.ids[3], TRUST)
        cls.must("attribute", "-p", cls.project, cls.ids[0], "School board", "FrancoSud")

        cls.qdpx = os.path.join(cls.tmp.name, "consultation.qdpx")
        cls.result = e2e.run_json("export", "-p", cls.project, "--format", "qdpx", "-o", cls.qdpx, "--json")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    @staticmethod
    def must(*args):
        r = e2e.run(*args)
        if r.returncode != 0:
            raise AssertionError("setup failed\n" + r.describe())

    def test_summary(self):
        self.assertEqual(self.result["format"], "qdpx")
        self.assertEqual(self.result["submissions"], len(self.ids))
        self.assertEqual(self.result["codings"], 12 * 2 + 1)
        self.assertEqual(self.result["users"], 2)
        self.assertFalse(self.result["redacted"])
        self.assertTrue(any("status" in line for line in self.result["not_carried"]))

    def test_valid_against_schema(self):
        xmllint = shutil.which("xmllint")
        self.assertIsNotNone(xmllint, "xmllint (libxml2-utils) is needed to check the export")
        schema = os.path.join(os.environ["INTAKE_SHARED_DIR"], "refi-qda", "Project.xsd")
        with zipfile.ZipFile(self.qdpx) as z:
            qde = os.path.join(self.tmp.name, "project.qde")
            with open(qde, "wb") as f:
                f.write(z.read("project.qde"))
        p = subprocess.run([xmllint, "--noout", "--nonet", "--schema", schema, qde],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        self.assertEqual(p.returncode, 0, "project.qde is not valid against Project.xsd:\n%s"
                         % p.stderr.decode("utf-8", "replace")[:2000])

    def test_sources_and_positions(self):
        with zipfile.ZipFile(self.qdpx) as z:
            names = set(z.namelist())
            root = ET.fromstring(z.read("project.qde"))
            sources = list(root.iter(NS + "TextSource"))
            self.assertEqual(len(sources), len(self.ids))
            checked = 0
            for source in sources:
                path = source.get("plainTextPath")
                self.assertEqual(path, "internal://%s.txt" % source.get("guid"))
                entry = "sources/" + path[len("internal://"):]
                self.assertIn(entry, names)
                data = z.read(entry)
                self.assertFalse(data.startswith(b"\xef\xbb\xbf"), entry + " starts with a byte-order mark")
                text = data.decode("utf-8")
                for selection in source.findall(NS + "PlainTextSelection"):
                    start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
                    self.assertTrue(0 <= start < end <= len(text))
                    checked += 1
            self.assertEqual(checked, 12)

        # Python strings index code points: the project's excerpt is the file's slice.
        by_text = {}
        for sid in self.ids[0:12]:
            shown = e2e.show_json(self.project, sid)
            for coding in shown["codings"]:
                if coding.get("start") is not None:
                    by_text[shown["text"]] = (coding["start"], coding["end"])
        with zipfile.ZipFile(self.qdpx) as z:
            for source in root.iter(NS + "TextSource"):
                text = z.read("sources/%s.txt" % source.get("guid")).decode("utf-8")
                for selection in source.findall(NS + "PlainTextSelection"):
                    self.assertIn(text, by_text)
                    self.assertEqual((int(selection.get("startPosition")), int(selection.get("endPosition"))),
                                     by_text[text])

    def test_text_output_tells_what_is_not_carried(self):
        out = os.path.join(self.tmp.name, "plain.qdpx")
        r = e2e.run("export", "-p", self.project, "--format", "qdpx", "-o", out)
        self.assertEqual(r.returncode, 0, r.describe())
        self.assertEqual(r.stdout.decode(), "Wrote %s: %d submissions, %d codings\n" % (out, len(self.ids), self.result["codings"]))
        self.assertIn("cannot carry", r.stderr.decode())

    def test_round_trip(self):
        copy = os.path.join(self.tmp.name, "from-qdpx.intake")
        summary = e2e.run_json("import", "-p", copy, self.qdpx, "--json")
        self.assertEqual(summary["imported"], len(self.ids))
        self.assertEqual(summary["codings"], self.result["codings"])
        self.assertEqual(summary["skipped"], [])

        again = os.path.join(self.tmp.name, "again.qdpx")
        e2e.run_json("export", "-p", copy, "--format", "qdpx", "-o", again, "--json")
        self.assertEqual(codings_of(again), codings_of(self.qdpx))
        # The case attribute, found by the text it belongs to.
        text = e2e.show_json(self.project, self.ids[0])["text"]
        boards = [e2e.show_json(copy, item["id"])["attributes"].get("School board")
                  for item in e2e.list_json(copy) if e2e.show_json(copy, item["id"])["text"] == text]
        self.assertEqual(boards, ["FrancoSud"])

    def test_refusals(self):
        # Into a project that has submissions; with report options; with other files.
        cases = [
            ("import", "-p", self.project, self.qdpx),
            ("export", "-p", self.project, "--format", "qdpx", "-o", os.path.join(self.tmp.name, "x.qdpx"),
             "--no-redact"),
            ("import", "-p", os.path.join(self.tmp.name, "two.intake"), self.qdpx, self.qdpx),
        ]
        for args in cases:
            r = e2e.run(*args)
            self.assertEqual(r.returncode, 1, r.describe())
            self.assertEqual(e2e.one_line_error(r), [], r.describe())
        self.assertFalse(os.path.exists(os.path.join(self.tmp.name, "x.qdpx")))


if __name__ == "__main__":
    e2e.main()
