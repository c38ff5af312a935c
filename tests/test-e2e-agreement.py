#!/usr/bin/env python3
"""End-to-end inter-coder agreement through the command line: a generated corpus is
imported, two reviewers (then a third) code it with `code`, and `agreement --json` must
give the percent agreement, Cohen's kappa and Krippendorff's alpha that this test works
out itself, the slow way (a value per submission and per character), at the submission
and the character level, with units counted over the submissions both coded."""
import json
import os
import random
import shutil
import sys
import tempfile
import unittest
from collections import Counter

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.environ.get("INTAKE_TESTS_DIR") or os.path.dirname(os.path.abspath(__file__)))
import e2e_common as e2e  # noqa: E402

COUNT = 60
SEED = 11
BOTH = 30          # submissions both reviewers code
ANA_ONLY = 3       # then a few only Ana codes, and a few only Ben
BEN_ONLY = 2

KEEP = "Stance on the programme/Keep as is"
REMOVE = "Stance on the programme/Remove or replace"
SURVEILLANCE = "Equity lens/Surveillance"
TRUST = "Experiences/Trust in police"
QUOTABLE = "Flags/Quotable"
MEASURED = [KEEP, REMOVE, SURVEILLANCE, TRUST]
FIGURE_KEYS = {"percent", "kappa", "alpha", "units", "reason"}
CODE_KEYS = FIGURE_KEYS | {"code", "guid", "level"}


def alpha(units):
    """Krippendorff's nominal alpha of UNITS, each a list of values (None for missing)."""
    o = Counter()
    for unit in units:
        values = [v for v in unit if v is not None]
        m = len(values)
        if m < 2:
            continue
        for i in range(m):
            for j in range(m):
                if i != j:
                    o[values[i], values[j]] += 1.0 / (m - 1)
    n = sum(o.values())
    marginals = Counter()
    for (c, _), w in o.items():
        marginals[c] += w
    disagreeing = sum(w for (c, k), w in o.items() if c != k)
    expected = sum(marginals[c] * marginals[k] for c in marginals for k in marginals if c != k)
    return 1 - (n - 1) * disagreeing / expected


def kappa(pairs):
    """Cohen's kappa of (value of the first, value of the second) pairs."""
    n = len(pairs)
    observed = sum(1 for a, b in pairs if a == b) / n
    first = Counter(a for a, _ in pairs)
    second = Counter(b for _, b in pairs)
    chance = sum(first[c] * second[c] for c in set(first) | set(second)) / (n * n)
    return (observed - chance) / (1 - chance)


def percent(units):
    """Share of pairable values matched in their unit, as Krippendorff's coincidences count it."""
    matched = total = 0.0
    for unit in units:
        values = [v for v in unit if v is not None]
        m = len(values)
        if m < 2:
            continue
        for i in range(m):
            for j in range(m):
                if i != j:
                    total += 1.0 / (m - 1)
                    matched += (values[i] == values[j]) / (m - 1)
    return 100.0 * matched / total


class Agreement(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="intake-e2e-agreement-")
        mbox = os.path.join(cls.tmp.name, "inbox.mbox")
        e2e.make_mailbox("mbox", COUNT, SEED, mbox, os.path.join(cls.tmp.name, "truth.json"))
        cls.project = os.path.join(cls.tmp.name, "p.intake")
        e2e.import_json(cls.project, mbox)
        ids = [item["id"] for item in e2e.list_json(cls.project)]
        if len(ids) < BOTH + ANA_ONLY + BEN_ONLY + 5:
            raise AssertionError("expected about %d submissions, got %d" % (COUNT, len(ids)))
        cls.ids = ids[:BOTH + ANA_ONLY + BEN_ONLY]
        cls.texts = {sid: e2e.show_json(cls.project, sid)["text"] for sid in cls.ids}
        # What each reviewer applied: (reviewer, id) → code → list of (start, end), None for whole.
        cls.made = {}
        rng = random.Random(SEED)
        for n, sid in enumerate(cls.ids):
            coders = ["Ana", "Ben"] if n < BOTH else ["Ana"] if n < BOTH + ANA_ONLY else ["Ben"]
            length = len(cls.texts[sid])
            stance = rng.choice([KEEP, REMOVE])
            surveilled = rng.random() < 0.4
            start = rng.randrange(0, max(1, length - 60))
            for who in coders:
                # Mostly the same stance; Ben sometimes reads it the other way.
                mine = stance if who == "Ana" or rng.random() < 0.75 else ({KEEP, REMOVE} - {stance}).pop()
                cls.code(who, sid, mine)
                if surveilled != (who == "Ben" and rng.random() < 0.2):
                    cls.code(who, sid, SURVEILLANCE)
                # Trust on an excerpt, shifted a little between reviewers, sometimes twice.
                if length > 80 and rng.random() < 0.7:
                    shift = rng.randrange(0, 15)
                    cls.code(who, sid, TRUST, start + shift, min(length, start + shift + 40))
                    if rng.random() < 0.3:
                        cls.code(who, sid, TRUST, start + shift + 20, min(length, start + shift + 55))
        cls.common = cls.ids[:BOTH]

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    @classmethod
    def code(cls, reviewer, sid, code, start=None, end=None):
        args = ["code", "-p", cls.project, "--reviewer", reviewer, sid, code]
        if start is not None:
            if end <= start:
                return
            args += ["--start", start, "--end", end]
        r = e2e.run(*args)
        if r.returncode != 0:
            raise AssertionError("expected exit status 0\n" + r.describe())
        spans = cls.made.setdefault((reviewer, sid), {}).setdefault(code, [])
        if start is None and code in (KEEP, REMOVE):
            # One stance per submission and reviewer: the new one replaces the other.
            cls.made[reviewer, sid].pop(({KEEP, REMOVE} - {code}).pop(), None)
        spans.append(None if start is None else (start, end))

    # The slow way

    def marks(self, reviewer, sid, code, characters):
        spans = self.made.get((reviewer, sid), {}).get(code, [])
        if not characters:
            return [1 if spans else 0]
        length = len(self.texts[sid])
        marks = [0] * length
        for span in spans:
            start, end = (0, length) if span is None else span
            for c in range(start, end):
                marks[c] = 1
        return marks

    def units(self, reviewers, code, characters, among=None):
        units = []
        for sid in among or self.common:
            columns = [self.marks(r, sid, code, characters) for r in reviewers]
            units.extend(zip(*columns))
        return units

    def expected(self, reviewers, code, characters):
        units = self.units(reviewers, code, characters)
        figures = {"alpha": alpha(units), "percent": percent(units), "units": len(units)}
        figures["kappa"] = kappa(units) if len(reviewers) == 2 else None
        return figures

    def assert_figures(self, got, expected, what):
        for key in ("alpha", "kappa", "percent"):
            if expected[key] is None:
                self.assertIsNone(got[key], "%s: %s" % (what, key))
            else:
                self.assertIsNotNone(got[key], "%s: %s is null (%s)" % (what, key, got.get("reason")))
                self.assertAlmostEqual(got[key], expected[key], places=9, msg="%s: %s" % (what, key))
        self.assertEqual(got["units"], expected["units"], "%s: units" % what)
        self.assertIsNone(got["reason"], what)

    def entries(self, report, code):
        return {e["level"]: e for e in report["codes"] if e["code"] == code}

    # Tests

    def test_two_reviewers_figures(self):
        report = e2e.run_json("agreement", "-p", self.project, "--json")
        self.assertEqual(report["reviewers"], ["Ana", "Ben"])
        self.assertEqual(len(report["reviewer_guids"]), 2)
        # Only the submissions both coded are units.
        self.assertEqual(report["submissions"], BOTH)
        for entry in report["codes"]:
            self.assertEqual(set(entry), CODE_KEYS, entry)
            self.assertIn(entry["level"], ("submission", "character"))
            if entry["percent"] is not None:
                self.assertTrue(0 <= entry["percent"] <= 100, entry)
        for code in MEASURED:
            entries = self.entries(report, code)
            self.assertEqual(set(entries), {"submission", "character"}, code)
            self.assert_figures(entries["submission"], self.expected(["Ana", "Ben"], code, False),
                                code + " (submission)")
            self.assert_figures(entries["character"], self.expected(["Ana", "Ben"], code, True),
                                code + " (character)")

    def test_overall_pools_codes(self):
        report = e2e.run_json("agreement", "-p", self.project, "--json")
        for level, characters in (("submission", False), ("character", True)):
            units = []
            for code in MEASURED:
                units.extend(self.units(["Ana", "Ben"], code, characters))
            overall = report["overall"][level]
            self.assertEqual(overall["codes"], len(MEASURED), level)
            self.assertAlmostEqual(overall["alpha"], alpha(units), places=9, msg=level)
            self.assertAlmostEqual(overall["kappa"], kappa(units), places=9, msg=level)
            self.assertAlmostEqual(overall["percent"], percent(units), places=9, msg=level)
            self.assertEqual(overall["units"], len(units) // len(MEASURED), level)

    def test_code_never_used_says_why(self):
        report = e2e.run_json("agreement", "-p", self.project, "--json")
        for level, entry in self.entries(report, QUOTABLE).items():
            self.assertEqual(entry["reason"], "single-category", entry)
            self.assertIsNone(entry["alpha"])
            self.assertIsNone(entry["kappa"])
            self.assertIsNone(entry["percent"])

    def test_named_reviewers_and_pairs(self):
        named = e2e.run_json("agreement", "-p", self.project, "--reviewers", "ben, ANA", "--json")
        self.assertEqual(named["reviewers"], ["Ben", "Ana"])
        self.assertEqual(named["submissions"], BOTH)
        self.assertEqual(len(named["pairs"]), 1)
        self.assertEqual(named["pairs"][0]["codes"], named["codes"])
        # The same figures whichever reviewer is first.
        default = e2e.run_json("agreement", "-p", self.project, "--json")
        for a, b in zip(named["codes"], default["codes"]):
            for key in ("alpha", "kappa", "percent"):
                if a[key] is None:
                    self.assertIsNone(b[key])
                else:
                    self.assertAlmostEqual(a[key], b[key], places=9)

    def test_three_reviewers(self):
        project = os.path.join(self.tmp.name, "three.intake")
        shutil.copyfile(self.project, project)
        # Chloé codes the first twelve common submissions as Ana did, but no Trust.
        chloe = self.ids[:12]
        for sid in chloe:
            for code, spans in self.made[("Ana", sid)].items():
                if code == TRUST:
                    continue
                r = e2e.run("code", "-p", project, "--reviewer", "Chloé", sid, code)
                self.assertEqual(r.returncode, 0, r.describe())
        self.made.update({("Chloé", sid): {c: s for c, s in self.made[("Ana", sid)].items() if c != TRUST}
                          for sid in chloe})
        try:
            report = e2e.run_json("agreement", "-p", project, "--json")
            self.assertEqual(report["reviewers"], ["Ana", "Ben", "Chloé"])
            self.assertEqual(report["submissions"], 12)
            self.assertEqual([p["reviewers"] for p in report["pairs"]],
                             [["Ana", "Ben"], ["Ana", "Chloé"], ["Ben", "Chloé"]])
            entries = self.entries(report, SURVEILLANCE)
            units = self.units(["Ana", "Ben", "Chloé"], SURVEILLANCE, False, chloe)
            self.assertIsNone(entries["submission"]["kappa"], "Cohen's kappa is for two reviewers")
            self.assertAlmostEqual(entries["submission"]["alpha"], alpha(units), places=9)
            self.assertAlmostEqual(entries["submission"]["percent"], percent(units), places=9)
            # The pair Ana and Ben over all they both coded, as without Chloé.
            two = e2e.run_json("agreement", "-p", self.project, "--json")
            self.assertEqual(report["pairs"][0]["codes"], two["codes"])
            self.assertEqual(report["pairs"][1]["submissions"], 12)
        finally:
            for sid in chloe:
                self.made.pop(("Chloé", sid), None)

    def test_plain_table(self):
        r = e2e.run("agreement", "-p", self.project)
        self.assertEqual(r.returncode, 0, r.describe())
        out = r.stdout.decode("utf-8")
        self.assertIn("Ana, Ben: %d submissions" % BOTH, out)
        self.assertIn(SURVEILLANCE, out)
        report = e2e.run_json("agreement", "-p", self.project, "--json")
        alpha_text = "%.3f" % self.entries(report, SURVEILLANCE)["submission"]["alpha"]
        row = [line for line in out.splitlines() if line.startswith(SURVEILLANCE)]
        self.assertEqual(len(row), 1, out)
        self.assertIn(alpha_text, row[0])
        self.assertTrue(any(line.startswith("Overall") for line in out.splitlines()), out)

    def test_errors_are_one_line(self):
        for args, mention in ((["--reviewers", "Ana,Nobody"], "Nobody"),
                              (["--reviewers", "Ana"], "--reviewers"),
                              (["--reviewers", "Ana,ana"], "ana")):
            r = e2e.run("agreement", "-p", self.project, "--json", *args)
            problems = e2e.one_line_error(r)
            self.assertEqual(problems, [], r.describe())
            self.assertIn(mention, r.stderr.decode("utf-8"))
            self.assertEqual(r.stdout, b"")

    def test_one_reviewer_is_no_comparison(self):
        r = e2e.run("agreement", "-p", os.path.join(self.tmp.name, "missing.intake"))
        self.assertEqual(e2e.one_line_error(r), [], r.describe())
        # A project where only one reviewer coded.
        mbox = os.path.join(self.tmp.name, "one.mbox")
        e2e.make_mailbox("mbox", 5, SEED, mbox, os.path.join(self.tmp.name, "one.json"))
        single = os.path.join(self.tmp.name, "single.intake")
        e2e.import_json(single, mbox)
        sid = e2e.list_json(single)[0]["id"]
        self.assertEqual(e2e.run("code", "-p", single, "--reviewer", "Ana", sid, KEEP).returncode, 0)
        r = e2e.run("agreement", "-p", single, "--json")
        self.assertEqual(e2e.one_line_error(r), [], r.describe())


if __name__ == "__main__":
    e2e.main()
