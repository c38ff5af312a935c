#!/usr/bin/env python3
"""A damaged project file (a malformed page, as a failing disk or a copy cut
short leaves it) is refused by the command line, with a one-line error that
says so and what to do, and it is left as it was: no command writes to it,
and no command prints figures read from it as if they were right."""
import hashlib
import os
import sqlite3
import tempfile
import unittest

import e2e_common as e2e

QDC = """<?xml version="1.0" encoding="UTF-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0">
<Codes>
<Code guid="0f8e2a4c-1b3d-4e5f-8a9b-0c1d2e3f4a5b" name="Language access" isCodable="true"/>
</Codes>
</CodeBook>
"""


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class DamagedProject(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="intake-e2e-project-damaged-")
        self.project = os.path.join(self.tmp.name, "consultation.intake")
        self.mailbox = os.path.join(self.tmp.name, "inbox.mbox")
        e2e.make_mailbox("mbox", 120, 7, self.mailbox, os.path.join(self.tmp.name, "truth.json"))
        e2e.import_json(self.project, self.mailbox)

        # The first page of the submissions table, overwritten.
        db = sqlite3.connect(self.project)
        root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'submissions'").fetchone()[0]
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        db.close()
        with open(self.project, "r+b") as f:
            f.seek((root - 1) * page_size)
            f.write(b"\xa5" * page_size)
        self.before = digest(self.project)

    def tearDown(self):
        self.tmp.cleanup()

    def assert_refused(self, *args):
        result = e2e.run(*args)
        problems = e2e.one_line_error(result)
        err = result.stderr.decode("utf-8", "replace")
        for word in ("damaged", "backup"):
            if word not in err:
                problems.append("stderr does not say %r: %s" % (word, e2e.short(err)))
        if digest(self.project) != self.before:
            problems.append("the damaged project was written to")
        if problems:
            self.fail("%s:\n%s\n%s" % (" ".join(args[:1]), "\n".join(problems), result.describe()))

    def test_import_refused(self):
        self.assert_refused("import", "-p", self.project, self.mailbox)

    def test_codebook_import_refused(self):
        qdc = os.path.join(self.tmp.name, "codebook.qdc")
        with open(qdc, "w", encoding="utf-8") as f:
            f.write(QDC)
        self.assert_refused("codebook", "-p", self.project, "--import", qdc)

    def test_stats_fails(self):
        self.assert_refused("stats", "-p", self.project, "--json")


if __name__ == "__main__":
    e2e.main()
