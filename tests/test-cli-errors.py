#!/usr/bin/env python3
"""The command line's error contract: a failing subcommand exits non-zero with exactly one
line on stderr (and nothing on stdout under --json), and never damages a file it was
wrongly pointed at; plus `stats` agreeing with `list` after an import."""
import os
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.environ.get("INTAKE_TESTS_DIR") or os.path.dirname(os.path.abspath(__file__)))
import e2e_common as e2e  # noqa: E402


class ErrorContract(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="intake-e2e-errors-")
        cls.mbox = os.path.join(cls.tmp.name, "inbox.mbox")
        cls.truth = e2e.make_mailbox("mbox", 40, 9, cls.mbox, os.path.join(cls.tmp.name, "truth.json"))
        cls.project = os.path.join(cls.tmp.name, "consultation.intake")
        cls.summary = e2e.import_json(cls.project, cls.mbox)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def assert_error(self, *args, mentions=None):
        """Runs ARGS, which must fail by the contract; MENTIONS must appear in the error line."""
        r = e2e.run(*args)
        problems = e2e.one_line_error(r)
        if "--json" in args and r.stdout:
            problems.append("expected nothing on stdout for a failed --json command")
        if mentions and mentions not in r.stderr.decode("utf-8", "replace"):
            problems.append("expected the error line to name %r" % mentions)
        if problems:
            self.fail("\n".join(problems) + "\n" + r.describe())
        return r

    def scratch_dir(self):
        return tempfile.mkdtemp(dir=self.tmp.name)

    def test_show_unknown_id(self):
        ids = [str(it["id"]) for it in e2e.list_json(self.project)]
        unknown = "987654"
        self.assertNotIn(unknown, ids, "setup: the id meant to be unknown is in use")
        self.assert_error("show", "-p", self.project, unknown, "--json")
        self.assert_error("show", "-p", self.project, unknown)
        self.assert_error("show", "-p", self.project, "not-an-id", "--json")

    def test_project_is_a_directory(self):
        d = self.scratch_dir()
        for args in (("list", "-p", d, "--json"), ("stats", "-p", d, "--json"),
                     ("show", "-p", d, "1", "--json"), ("import", "-p", d, self.mbox, "--json")):
            with self.subTest(command=args[0]):
                self.assert_error(*args)
        self.assertEqual(os.listdir(d), [], "a failed command left files in the directory given as project")

    def test_project_is_not_sqlite(self):
        d = self.scratch_dir()
        path = os.path.join(d, "thesis-draft.txt")
        original = b"This is my thesis draft, not a database.\n" * 200
        with open(path, "wb") as f:
            f.write(original)
        for args in (("list", "-p", path, "--json"), ("stats", "-p", path, "--json"),
                     ("show", "-p", path, "1", "--json"), ("import", "-p", path, self.mbox, "--json"),
                     ("import", "-p", path, self.mbox)):
            with self.subTest(command=" ".join(args[:1] + args[3:])):
                self.assert_error(*args)
                with open(path, "rb") as f:
                    now = f.read()
                self.assertEqual(now, original, "%s changed the bytes of the non-SQLite file given as -p "
                                 "(%d bytes before, %d after)" % (args[0], len(original), len(now)))
                self.assertEqual(sorted(os.listdir(d)), ["thesis-draft.txt"],
                                 "%s left files beside the non-SQLite file given as -p" % args[0])

    def test_missing_project_is_not_created_by_readers(self):
        d = self.scratch_dir()
        path = os.path.join(d, "no-such-project.intake")
        for args in (("list", "-p", path, "--json"), ("stats", "-p", path, "--json"),
                     ("show", "-p", path, "1", "--json")):
            with self.subTest(command=args[0]):
                self.assert_error(*args)
                self.assertEqual(os.listdir(d), [], "%s created files for a project that does not exist "
                                 "(only import creates a project)" % args[0])

    def test_readers_leave_an_empty_file_empty(self):
        # A file emptied by a shell's "> p.intake" is not a project, and
        # reading it must not make it one.
        d = self.scratch_dir()
        empty = os.path.join(d, "empty.intake")
        open(empty, "wb").close()
        for args in (("stats", "-p", empty, "--json"), ("list", "-p", empty, "--json"),
                     ("show", "-p", empty, "1", "--json"),
                     ("codebook", "-p", empty, "--export", os.path.join(d, "out.qdc"))):
            with self.subTest(command=args[0]):
                self.assert_error(*args, mentions="empty.intake")
                self.assertEqual(os.path.getsize(empty), 0, "a reading command wrote into the empty file")
        self.assertEqual(sorted(os.listdir(d)), ["empty.intake"])

    def test_codebook_import_keeps_the_name_rules(self):
        d = self.scratch_dir()
        project = os.path.join(d, "rules.intake")
        e2e.import_json(project, self.mbox)
        before = os.path.join(d, "before.qdc")
        r = e2e.run("codebook", "-p", project, "--export", before)
        self.assertEqual(r.returncode, 0, r.describe())

        def codebook(*names):
            codes = "".join('<Code guid="%08d-0000-4000-8000-000000000000" name="%s" isCodable="true"/>'
                            % (i + 1, n) for i, n in enumerate(names))
            return ('<?xml version="1.0" encoding="UTF-8"?>'
                    '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>%s</Codes></CodeBook>' % codes)

        cases = {
            "slash": (codebook("Trust/Distrust"), "/"),
            "duplicate sibling": (codebook("Trust", "trust"), "trust"),
            "folded duplicate": (codebook("Élèves", "eleves"), "eleves"),
            "empty": (codebook("   "), None),
        }
        for name, (xml, mentions) in cases.items():
            with self.subTest(case=name):
                qdc = os.path.join(d, "bad.qdc")
                with open(qdc, "w", encoding="utf-8") as f:
                    f.write(xml)
                self.assert_error("codebook", "-p", project, "--import", qdc, mentions=mentions)
                after = os.path.join(d, "after.qdc")
                r = e2e.run("codebook", "-p", project, "--export", after)
                self.assertEqual(r.returncode, 0, r.describe())
                with open(before, "rb") as a, open(after, "rb") as b:
                    self.assertEqual(a.read(), b.read(), "a refused codebook import changed the codebook")

    def test_missing_input_file(self):
        d = self.scratch_dir()
        project = os.path.join(d, "fresh.intake")
        missing = os.path.join(d, "does-not-exist.mbox")
        self.assert_error("import", "-p", project, missing, "--json", mentions="does-not-exist.mbox")
        self.assert_error("import", "-p", self.project, missing, mentions="does-not-exist.mbox")
        # The existing project is untouched by the failed import.
        self.assertEqual(len(e2e.list_json(self.project)), self.summary["imported"],
                         "list length changed after an import of a missing file")

    def test_unknown_subcommand(self):
        self.assert_error("frobnicate", "-p", self.project, "--json")
        self.assert_error("frobnicate", "--json")

    def test_unknown_option(self):
        self.assert_error("list", "-p", self.project, "--frobnicate", "--json")
        self.assert_error("stats", "-p", self.project, "--no-such-option")
        self.assert_error("import", "-p", self.project, "--no-such-option", self.mbox, "--json")
        self.assertEqual(len(e2e.list_json(self.project)), self.summary["imported"],
                         "an import with an unknown option changed the project")

    def test_missing_project_option(self):
        for args in (("list", "--json"), ("stats", "--json"), ("import", self.mbox, "--json"), ("show", "1")):
            with self.subTest(command=args[0]):
                self.assert_error(*args)

    def test_stats_matches_list(self):
        truth = self.truth
        s = self.summary
        distinct = truth["distinct_submissions"]
        self.assertEqual((s["seen"], s["imported"], s["rejected"]), (truth["messages_written"], distinct, 0),
                         "import summary (seen, imported, rejected) against the ground truth")
        items = e2e.list_json(self.project)
        stats = e2e.stats_json(self.project)
        expected = {"submissions": len(items),
                    "attachments": sum(it.get("attachments", 0) for it in items),
                    "duplicates": s["duplicates"],
                    "rejected": s["rejected"]}
        got = {k: stats.get(k) for k in expected}
        self.assertEqual(got, expected, "stats --json against list --json and the import summary")
        self.assertEqual(len(items), distinct, "list --json length against the ground truth")


if __name__ == "__main__":
    e2e.main()
