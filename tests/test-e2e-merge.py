#!/usr/bin/env python3
"""End-to-end merge of reviewers' projects through the command line: a generated corpus
is imported, two blind copies are made with `copy`, each coded differently with `code`
by a reviewer called Ana (two different people of the same name), and merged back with
`merge`. `agreement --json` must then give the figures worked out by hand below, the two
Anas must stay two reviewers, merging again must add nothing, and an attribute both
copies set differently must be listed as a conflict, the project's value kept."""
import os
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.environ.get("INTAKE_TESTS_DIR") or os.path.dirname(os.path.abspath(__file__)))
import e2e_common as e2e  # noqa: E402

COUNT = 30
SEED = 5

KEEP = "Stance on the programme/Keep as is"
REMOVE = "Stance on the programme/Remove or replace"
TRUST = "Experiences/Trust in police"
BOARD = "School board"

# Both code the first twenty submissions. The first copy's Ana: Keep for 0–9, Remove for
# 10–19, Trust for 0–14; the second's: Keep for 0–11, Remove for 12–19, Trust for 5–19.
# By hand, at the submission level (20 units):
#   Keep:   agree on 18, p = .5 and .6 coded: kappa = (.9 - .5) / .5 = .8;
#           coincidences o11 = 20, o00 = 16, o10 = o01 = 2 (n1 = 22, n0 = 18):
#           alpha = 1 - 39 * 4 / (2 * 22 * 18) = 1 - 156/792
#   Remove: the mirror image: the same figures
#   Trust:  agree on 10, p = .75 each: kappa = (.5 - .625) / .375 = -1/3;
#           o11 = 20, o10 = o01 = 10 (n1 = 30, n0 = 10): alpha = 1 - 39 * 20 / 600 = -0.3
EXPECTED = {
    KEEP: {"percent": 90.0, "kappa": 0.8, "alpha": 1 - 156 / 792, "units": 20},
    REMOVE: {"percent": 90.0, "kappa": 0.8, "alpha": 1 - 156 / 792, "units": 20},
    TRUST: {"percent": 50.0, "kappa": -1 / 3, "alpha": -0.3, "units": 20},
}
ADDED_KEYS = {"submissions", "codes", "reviewers", "codings", "memos", "attributes", "statuses", "audit"}


def must(*args):
    r = e2e.run(*args)
    if r.returncode != 0:
        raise AssertionError("setup failed\n" + r.describe())
    return r


class Merge(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="intake-e2e-merge-")
        mbox = os.path.join(cls.tmp.name, "inbox.mbox")
        e2e.make_mailbox("mbox", COUNT, SEED, mbox, os.path.join(cls.tmp.name, "truth.json"))
        cls.project = os.path.join(cls.tmp.name, "consultation.intake")
        e2e.import_json(cls.project, mbox)
        cls.ids = ids = [item["id"] for item in e2e.list_json(cls.project)]

        cls.first = os.path.join(cls.tmp.name, "first.intake")
        cls.second = os.path.join(cls.tmp.name, "second.intake")
        must("copy", "-p", cls.project, "-o", cls.first, "--blind")
        must("copy", "-p", cls.project, "-o", cls.second, "--blind")

        for sid in ids[0:10]:
            must("code", "-p", cls.first, "--reviewer", "Ana", sid, KEEP)
        for sid in ids[10:20]:
            must("code", "-p", cls.first, "--reviewer", "Ana", sid, REMOVE)
        for sid in ids[0:15]:
            must("code", "-p", cls.first, "--reviewer", "Ana", sid, TRUST)
        for sid in ids[0:12]:
            must("code", "-p", cls.second, "--reviewer", "Ana", sid, KEEP)
        for sid in ids[12:20]:
            must("code", "-p", cls.second, "--reviewer", "Ana", sid, REMOVE)
        for sid in ids[5:20]:
            must("code", "-p", cls.second, "--reviewer", "Ana", sid, TRUST)
        must("attribute", "-p", cls.first, ids[0], BOARD, "Calgary Board of Education")
        must("attribute", "-p", cls.second, ids[0], BOARD, "Palliser School District")
        must("attribute", "-p", cls.second, ids[1], BOARD, "FrancoSud")

        cls.merged = e2e.run_json("merge", "-p", cls.project, cls.first, cls.second, "--json")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_added(self):
        added = self.merged["added"]
        self.assertEqual(set(added), ADDED_KEYS)
        self.assertEqual(added["codings"], 10 + 10 + 15 + 12 + 8 + 15)
        self.assertEqual(added["reviewers"], 2)
        self.assertEqual(added["submissions"], 0, "every submission was in the project already")
        self.assertEqual(added["attributes"], 2, "the first copy's board and the second's FrancoSud")
        self.assertGreater(added["audit"], 0)
        self.assertEqual(self.merged["merged"], [self.first, self.second])
        self.assertEqual(len(e2e.list_json(self.project)), len(self.ids))

    def test_agreement_figures(self):
        report = e2e.run_json("agreement", "-p", self.project, "--json")
        self.assertEqual(report["reviewers"], ["Ana", "Ana"])
        self.assertEqual(len(set(report["reviewer_guids"])), 2, "two people of one name stay two")
        figures = {entry["code"]: entry for entry in report["codes"] if entry["level"] == "submission"}
        for code, expected in EXPECTED.items():
            for key, value in expected.items():
                self.assertAlmostEqual(figures[code][key], value, places=9, msg="%s: %s" % (code, key))

    def test_ambiguous_name_refused(self):
        r = e2e.run("code", "-p", self.project, "--reviewer", "Ana", self.ids[25], KEEP)
        self.assertNotEqual(r.returncode, 0, r.describe())
        message = r.stderr.decode("utf-8")
        self.assertIn("Two reviewers are named “Ana”", message)
        self.assertEqual(message.count("\n"), 1, "one line")
        guid = e2e.run_json("agreement", "-p", self.project, "--json")["reviewer_guids"][0]
        must("code", "-p", self.project, "--reviewer", guid, self.ids[25], KEEP)
        codings = e2e.show_json(self.project, self.ids[25])["codings"]
        self.assertEqual([(c["code"], c["reviewer"]) for c in codings], [(KEEP, "Ana")])
        must("code", "-p", self.project, "--reviewer", guid, self.ids[25], KEEP, "--remove")

    def test_conflicting_attribute_listed(self):
        conflicts = [c for c in self.merged["conflicts"] if c["kind"] == "attribute"]
        self.assertEqual(conflicts, [{"file": self.second, "submission": self.ids[0], "kind": "attribute",
                                      "name": BOARD, "ours": "Calgary Board of Education",
                                      "theirs": "Palliser School District"}])
        attributes = e2e.show_json(self.project, self.ids[0])["attributes"]
        self.assertEqual(attributes[BOARD], "Calgary Board of Education", "ours is kept")

    def test_merging_again_changes_nothing(self):
        before = (e2e.stats_json(self.project), e2e.run_json("agreement", "-p", self.project, "--json"),
                  [e2e.show_json(self.project, sid) for sid in self.ids[0:3]])
        again = e2e.run_json("merge", "-p", self.project, self.second, self.first, "--json")
        self.assertEqual(again["added"], {key: 0 for key in ADDED_KEYS})
        after = (e2e.stats_json(self.project), e2e.run_json("agreement", "-p", self.project, "--json"),
                 [e2e.show_json(self.project, sid) for sid in self.ids[0:3]])
        self.assertEqual(after, before)
        text = must("merge", "-p", self.project, self.first).stdout.decode("utf-8")
        self.assertEqual(text, "Merged into %s: nothing new\n" % self.project)

    def test_not_a_project_refused(self):
        junk = os.path.join(self.tmp.name, "notes.intake")
        with open(junk, "wb") as f:
            f.write(b"These are not the droids\n" * 200)
        before = e2e.stats_json(self.project)
        r = e2e.run("merge", "-p", self.project, self.first, junk)
        self.assertNotEqual(r.returncode, 0, r.describe())
        self.assertEqual(r.stderr.decode("utf-8"),
                         "feedback-intake: Cannot merge “%s”: it is not a Feedback Intake project\n" % junk)
        self.assertEqual(e2e.stats_json(self.project), before)


if __name__ == "__main__":
    e2e.main()
