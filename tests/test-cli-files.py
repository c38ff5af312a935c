#!/usr/bin/env python3
"""The files the command line reads and writes for a person: `codebook --export` never
writes over the project it has open, however the path is spelled, and writes a pipe or
a device in place; `codebook --import` reads only a regular file of a codebook's size,
and refuses anything else at once instead of reading or waiting forever."""
import hashlib
import os
import subprocess
import sys
import tempfile
import time
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.environ.get("INTAKE_TESTS_DIR") or os.path.dirname(os.path.abspath(__file__)))
import e2e_common as e2e  # noqa: E402

# What "at once" means for a command that must not read or wait.
QUICK = 15


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def run_quick(*args):
    """Runs feedback-intake with ARGS, failing the test if it takes longer than QUICK seconds."""
    cmd = [e2e.binary()] + [str(a) for a in args]
    start = time.monotonic()
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env=e2e.child_env(), timeout=QUICK)
    except subprocess.TimeoutExpired:
        raise AssertionError("command did not finish within %d s (it read or waited on what it "
                             "should have refused): %s" % (QUICK, " ".join(cmd)))
    return e2e.Result(cmd, p.returncode, p.stdout, p.stderr), time.monotonic() - start


class CodebookFiles(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="intake-e2e-files-")
        mbox = os.path.join(cls.tmp.name, "inbox.mbox")
        e2e.make_mailbox("mbox", 20, 4, mbox, os.path.join(cls.tmp.name, "truth.json"))
        cls.project = os.path.join(cls.tmp.name, "consultation.intake")
        e2e.import_json(cls.project, mbox)
        cls.stats = e2e.stats_json(cls.project)
        cls.qdc = os.path.join(cls.tmp.name, "codebook.qdc")
        r = e2e.run("codebook", "-p", cls.project, "--export", cls.qdc)
        if r.returncode != 0:
            raise AssertionError("setup: exporting the codebook failed\n" + r.describe())
        with open(cls.qdc, "rb") as f:
            cls.qdc_bytes = f.read()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def assert_one_line_error(self, r, mentions=None):
        problems = e2e.one_line_error(r)
        if mentions and mentions not in r.stderr.decode("utf-8", "replace"):
            problems.append("expected the error line to name %r" % mentions)
        if problems:
            self.fail("\n".join(problems) + "\n" + r.describe())

    def assert_project_intact(self, before):
        self.assertEqual(digest(self.project), before, "the project's bytes changed")
        self.assertEqual(e2e.stats_json(self.project), self.stats, "stats differ after the refused command")

    def codes(self):
        return e2e.run_json("codebook", "-p", self.project, "--export", os.devnull, "--json")["codes"]

    def test_export_onto_project_refused(self):
        d = tempfile.mkdtemp(dir=self.tmp.name)
        link = os.path.join(d, "codebook.qdc")
        os.symlink(self.project, link)
        spelt = os.path.join(d, "..", os.path.basename(self.project))
        for target in (self.project, link, spelt, self.project + "-wal", self.project + "-journal"):
            with self.subTest(target=target):
                before = digest(self.project)
                r = e2e.run("codebook", "-p", self.project, "--export", target)
                self.assert_one_line_error(r, mentions="project")
                self.assert_project_intact(before)
        self.assertEqual(os.readlink(link), self.project, "the link to the project was replaced")
        self.assertFalse(os.path.exists(self.project + "-journal"),
                         "a file SQLite would take for the project's journal was written")

    def test_export_to_stdout(self):
        r = e2e.run("codebook", "-p", self.project, "--export", "/dev/stdout")
        if r.returncode != 0:
            self.fail("expected exit status 0\n" + r.describe())
        self.assertEqual(r.stdout, self.qdc_bytes, "--export /dev/stdout did not print the .qdc that "
                         "--export FILE writes")
        self.assertEqual(r.stderr, b"")

    def test_export_to_dev_null(self):
        r = e2e.run("codebook", "-p", self.project, "--export", os.devnull)
        if r.returncode != 0:
            self.fail("expected exit status 0\n" + r.describe())
        self.assertTrue(os.path.exists(os.devnull) and not os.path.isfile(os.devnull),
                        "/dev/null is no longer a device")

    def test_export_replaces_a_file(self):
        path = os.path.join(tempfile.mkdtemp(dir=self.tmp.name), "old.qdc")
        with open(path, "wb") as f:
            f.write(b"an older codebook that is much longer than the new one " * 2000)
        r = e2e.run("codebook", "-p", self.project, "--export", path)
        if r.returncode != 0:
            self.fail("expected exit status 0\n" + r.describe())
        with open(path, "rb") as f:
            self.assertEqual(f.read(), self.qdc_bytes)
        self.assertEqual(os.listdir(os.path.dirname(path)), ["old.qdc"], "a temporary file was left behind")

    def test_export_to_folder_refused(self):
        d = tempfile.mkdtemp(dir=self.tmp.name)
        self.assert_one_line_error(e2e.run("codebook", "-p", self.project, "--export", d), mentions=d)
        self.assertEqual(os.listdir(d), [])

    def test_import_dev_zero_refused(self):
        codes = self.codes()
        r, took = run_quick("codebook", "-p", self.project, "--import", "/dev/zero")
        self.assert_one_line_error(r, mentions="/dev/zero")
        self.assertLess(took, QUICK)
        self.assertEqual(self.codes(), codes)

    def test_import_fifo_refused(self):
        fifo = os.path.join(tempfile.mkdtemp(dir=self.tmp.name), "codebook.qdc")
        os.mkfifo(fifo)
        r, _ = run_quick("codebook", "-p", self.project, "--import", fifo)
        self.assert_one_line_error(r, mentions=fifo)

    def test_import_too_large_refused(self):
        path = os.path.join(tempfile.mkdtemp(dir=self.tmp.name), "huge.qdc")
        with open(path, "wb") as f:
            f.truncate(7 * 1000 * 1000 * 1000)  # sparse: costs no disk
        codes = self.codes()
        r, _ = run_quick("codebook", "-p", self.project, "--import", path)
        self.assert_one_line_error(r, mentions="7.0\u00a0GB")
        self.assertEqual(self.codes(), codes)

    def test_import_of_export_round_trips(self):
        codes = self.codes()
        r = e2e.run("codebook", "-p", self.project, "--import", self.qdc, "--json")
        if r.returncode != 0:
            self.fail("expected exit status 0\n" + r.describe())
        self.assertEqual(self.codes(), codes)


if __name__ == "__main__":
    e2e.main()
