#!/usr/bin/env python3
"""End-to-end copies for reviewers through the command line on a generated corpus:
`copy` of every submission keeps the codings and the codebook's GUIDs; `--blind` leaves
out the reviewers' codings (the safeguarding flag stays) and puts statuses set by coding
back to new, the exclusions staying; `--sample N --seed S` draws the same submissions for
the same seed, never an excluded one; the project itself is never written to."""
import hashlib
import json
import os
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.environ.get("INTAKE_TESTS_DIR") or os.path.dirname(os.path.abspath(__file__)))
import e2e_common as e2e  # noqa: E402

COUNT = 60
SEED = 11

TRUST = "Experiences/Trust in police"
SURVEILLANCE = "Equity lens/Surveillance"
KEEP = "Stance on the programme/Keep as is"
SAFEGUARDING = "Flags/Safeguarding concern (disclosure of harm)"
QDC_NS = "{urn:QDA-XML:codebook:1.0}"


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def code_guids(qdc):
    return sorted(c.get("guid") for c in ET.parse(qdc).getroot().iter(QDC_NS + "Code"))


class Copy(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="intake-e2e-copy-")
        mbox = os.path.join(cls.tmp.name, "inbox.mbox")
        e2e.make_mailbox("mbox", COUNT, SEED, mbox, os.path.join(cls.tmp.name, "truth.json"))
        cls.project = os.path.join(cls.tmp.name, "consultation.intake")
        e2e.import_json(cls.project, mbox)
        cls.items = e2e.list_json(cls.project)
        ids = [item["id"] for item in cls.items]
        cls.ids = ids

        # Two reviewers code the first ten, overlapping on 3–6.
        for sid in ids[0:7]:
            cls.must("code", "-p", cls.project, "--reviewer", "Amina", sid, TRUST)
        cls.must("code", "-p", cls.project, "--reviewer", "Amina", ids[1], SURVEILLANCE, "--start", "0", "--end", "5")
        for sid in ids[3:10]:
            cls.must("code", "-p", cls.project, "--reviewer", "Ben", sid, KEEP)
        cls.must("code", "-p", cls.project, "--reviewer", "Ben", ids[8], SAFEGUARDING)
        cls.must("status", "-p", cls.project, ids[2], "coded", "--reviewer", "Amina")
        cls.excluded = ids[12]
        cls.must("status", "-p", cls.project, cls.excluded, "excluded", "--reviewer", "Coordinator")
        cls.source_codings = {sid: e2e.show_json(cls.project, sid)["codings"] for sid in ids[0:10]}

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    @staticmethod
    def must(*args):
        r = e2e.run(*args)
        if r.returncode != 0:
            raise AssertionError("setup failed\n" + r.describe())

    def copy(self, name, *options):
        path = os.path.join(self.tmp.name, name)
        before = digest(self.project)
        result = e2e.run_json("copy", "-p", self.project, "-o", path, "--json", *options)
        self.assertEqual(digest(self.project), before, "copy wrote to the project it copied")
        self.assertEqual(result["path"], path)
        self.assertEqual(result["submissions"], len(e2e.list_json(path)))
        return path, result

    def test_all(self):
        path, result = self.copy("all.intake")
        self.assertEqual(result["submissions"], len(self.items))
        self.assertEqual(result["codings"], 7 + 1 + 7 + 1)
        self.assertFalse(result["blind"])
        self.assertIsNone(result["sample"])
        self.assertIsNone(result["seed"])

        copied = e2e.list_json(path)
        self.assertEqual([(i["id"], i["message_id"], i["status"]) for i in copied],
                         [(i["id"], i["message_id"], i["status"]) for i in e2e.list_json(self.project)])
        for sid, codings in self.source_codings.items():
            self.assertEqual(e2e.show_json(path, sid)["codings"], codings)

        # The codebook's GUIDs, which a merge matches codes by.
        qdc_project = os.path.join(self.tmp.name, "project.qdc")
        qdc_copy = os.path.join(self.tmp.name, "copy.qdc")
        e2e.run_json("codebook", "-p", self.project, "--export", qdc_project, "--json")
        e2e.run_json("codebook", "-p", path, "--export", qdc_copy, "--json")
        self.assertEqual(code_guids(qdc_copy), code_guids(qdc_project))

        # A reviewer codes in the copy; the project does not change.
        r = e2e.run("code", "-p", path, "--reviewer", "Cleo", self.ids[20], TRUST)
        self.assertEqual(r.returncode, 0, r.describe())
        self.assertEqual(e2e.show_json(self.project, self.ids[20])["codings"], [])

    def test_blind(self):
        path, result = self.copy("blind.intake", "--blind")
        self.assertTrue(result["blind"])
        self.assertEqual(result["submissions"], len(self.items))
        self.assertEqual(result["codings"], 1)
        self.assertEqual(result["memos"], 0)

        statuses = {i["id"]: i["status"] for i in e2e.list_json(path)}
        self.assertEqual(statuses[self.excluded], "excluded")
        self.assertEqual({s for sid, s in statuses.items() if sid != self.excluded}, {"new"})
        for sid in self.ids[0:10]:
            codings = e2e.show_json(path, sid)["codings"]
            if sid == self.ids[8]:
                self.assertEqual([c["code"] for c in codings], [SAFEGUARDING])
            else:
                self.assertEqual(codings, [], "submission %d keeps codings in a blind copy" % sid)

        # The project keeps all of it.
        for sid, codings in self.source_codings.items():
            self.assertEqual(e2e.show_json(self.project, sid)["codings"], codings)

    def test_sample(self):
        path, result = self.copy("sample-a.intake", "--sample", "8", "--seed", "2024")
        self.assertEqual((result["sample"], result["seed"], result["submissions"]), (8, 2024, 8))
        again, _ = self.copy("sample-b.intake", "--sample", "8", "--seed", "2024")
        other, _ = self.copy("sample-c.intake", "--sample", "8", "--seed", "2025")

        def message_ids(p):
            return sorted(i["message_id"] for i in e2e.list_json(p))

        self.assertEqual(message_ids(again), message_ids(path))
        self.assertNotEqual(message_ids(other), message_ids(path))
        source_ids = {i["message_id"] for i in self.items}
        self.assertTrue(set(message_ids(path)) <= source_ids)

        # Codings of the sampled submissions come along, unless blind.
        by_message = {i["message_id"]: i["id"] for i in self.items}
        for item in e2e.list_json(path):
            sid = by_message[item["message_id"]]
            expected = self.source_codings.get(sid, [])
            self.assertEqual(e2e.show_json(path, item["id"])["codings"], expected)

        blind, result = self.copy("sample-blind.intake", "--sample", "8", "--seed", "2024", "--blind")
        self.assertEqual(message_ids(blind), message_ids(path))
        self.assertEqual({i["status"] for i in e2e.list_json(blind)}, {"new"})

    def test_sample_never_excluded(self):
        path, result = self.copy("sample-all.intake", "--sample", str(COUNT * 2), "--seed", "1")
        self.assertEqual(result["submissions"], len(self.items) - 1)
        statuses = [i["status"] for i in e2e.list_json(path)]
        self.assertNotIn("excluded", statuses)

    def test_sample_without_seed_prints_one(self):
        path, result = self.copy("sample-seed.intake", "--sample", "5")
        self.assertIsInstance(result["seed"], int)
        again, _ = self.copy("sample-seed-again.intake", "--sample", "5", "--seed", str(result["seed"]))
        self.assertEqual(sorted(i["message_id"] for i in e2e.list_json(again)),
                         sorted(i["message_id"] for i in e2e.list_json(path)))

    def test_plain_output(self):
        path = os.path.join(self.tmp.name, "plain.intake")
        r = e2e.run("copy", "-p", self.project, "-o", path, "--sample", "3", "--seed", "5", "--blind")
        self.assertEqual(r.returncode, 0, r.describe())
        self.assertEqual(r.stdout.decode("utf-8"),
                         "Wrote %s: 3 submissions, 0 codings, blind, sampled with seed 5\n" % path)

    def test_errors(self):
        before = digest(self.project)
        out = os.path.join(self.tmp.name, "error.intake")
        dotted = os.path.join(self.tmp.name, ".", "consultation.intake")
        cases = [
            ("copy", "-p", self.project),
            ("copy", "-p", self.project, "-o", out, "--seed", "3"),
            ("copy", "-p", self.project, "-o", out, "--sample", "0"),
            ("copy", "-p", self.project, "-o", out, "--sample", "ten"),
            ("copy", "-p", self.project, "-o", out, "--sample", "3", "--seed", "-1"),
            ("copy", "-p", os.path.join(self.tmp.name, "missing.intake"), "-o", out),
            ("copy", "-p", self.project, "-o", self.project),
            ("copy", "-p", self.project, "-o", dotted),
            ("copy", "-p", self.project, "-o", self.tmp.name),
        ]
        for args in cases:
            r = e2e.run(*args)
            self.assertEqual(r.returncode, 1, r.describe())
            self.assertEqual(e2e.one_line_error(r), [], r.describe())
        self.assertFalse(os.path.exists(out))
        self.assertEqual(digest(self.project), before)
        self.assertEqual(sorted(n for n in os.listdir(self.tmp.name) if ".intake." in n), [])


if __name__ == "__main__":
    e2e.main()
