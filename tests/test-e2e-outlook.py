#!/usr/bin/env python3
"""End-to-end import of Outlook files (.pst and .msg) through the command line: the
public samples in INTAKE_SHARED_DIR/corpus/outlook, checked through `import`, `list`
and `show` with --json, and cut-short copies of them, which must be rejected with a
reason and leave nothing half-read in the project."""
import hashlib
import os
import sqlite3
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.environ.get("INTAKE_TESTS_DIR") or os.path.dirname(os.path.abspath(__file__)))
import e2e_common as e2e  # noqa: E402

SAMPLE_SUBJECT = "Here is a sample message"
SAMPLE_MESSAGE_ID = "B2FDDB8BE384C94794441DB4A7F3D8B804AE624B@TK5EX14MBXC114.redmond.corp.microsoft.com"


def corpus(name=""):
    # As the importer records it: without "..", symbolic links kept.
    path = os.path.normpath(os.path.join(os.environ.get("INTAKE_SHARED_DIR", ""), "corpus", "outlook", name))
    if not os.path.exists(path):
        raise unittest.SkipTest("the Outlook samples are not in INTAKE_SHARED_DIR/corpus/outlook")
    return path


class OutlookImport(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="intake-e2e-outlook-")
        self.project = os.path.join(self.tmp.name, "x.intake")

    def tearDown(self):
        self.tmp.cleanup()

    def check_clean(self, summary, where):
        problems = e2e.check_accounting(summary, where)
        if problems:
            self.fail("\n".join(problems))

    def test_sample1_pst(self):
        summary = e2e.import_json(self.project, corpus("sample1.pst"))
        self.check_clean(summary, "sample1.pst")
        self.assertEqual((summary["files"], summary["seen"], summary["imported"], summary["rejected"]),
                         (1, 1, 1, 0), summary)
        self.assertEqual(summary["errors"], [])
        self.assertEqual(summary["skipped"], [])

        items = e2e.list_json(self.project)
        self.assertEqual(len(items), 1, items)
        item = items[0]
        self.assertEqual(item["subject"], SAMPLE_SUBJECT)
        self.assertEqual(item["from_name"], "Terry Mahaffey")
        self.assertEqual(item["from_addr"], "terrymah@microsoft.com")
        self.assertEqual(item["message_id"], SAMPLE_MESSAGE_ID)
        self.assertEqual(item["date"], "2010-03-15T17:12:05Z")
        self.assertEqual(item["attachments"], 1)

        shown = e2e.show_json(self.project, item["id"])
        self.assertIn("With a sample attachment.", shown["text"])
        self.assertIn("my daughter and our puppy", shown["text"])
        # The HTML body was not taken for the text: no markup, no style sheet.
        self.assertNotIn("<p", shown["text"])
        self.assertNotIn("font-family", shown["text"])
        self.assertEqual([(a["filename"], a["mime_type"], a["size"]) for a in shown["attachments"]],
                         [("leah_thumper.jpg", "image/jpeg", 93142)])

        # The same file again: nothing new.
        again = e2e.import_json(self.project, corpus("sample1.pst"))
        self.assertEqual((again["imported"], again["duplicates"]), (0, 1), again)

    def test_text_summary(self):
        r = e2e.run("import", "-p", self.project, corpus("sample1.pst"))
        self.assertEqual(r.returncode, 0, r.describe())
        out = r.stdout.decode("utf-8")
        self.assertIn("Imported:        1\n", out)
        self.assertIn("Rejected:        0\n", out)

    def test_attached_message(self):
        summary = e2e.import_json(self.project, corpus("submessage.pst"))
        self.assertEqual(summary["imported"], 1, summary)
        item = e2e.list_json(self.project)[0]
        self.assertEqual(item["subject"], "This is a message which has an embedded message attached")
        text = e2e.show_json(self.project, item["id"])["text"]
        outer = text.find("This is the body of the regular message")
        heading = text.find("Subject: This is an embedded message")
        inner = text.find("This is the body of an embedded message")
        self.assertTrue(0 <= outer < heading < inner, text)

    def test_whole_folder(self):
        summary = e2e.import_json(self.project, corpus())
        self.check_clean(summary, "the samples' folder")
        # Eight Outlook files: three saves of one .msg, three PSTs with one message each
        # (sample1 and sample2 hold the same one), two PSTs that hold only posts.
        self.assertEqual((summary["files"], summary["seen"], summary["imported"], summary["duplicates"],
                          summary["rejected"]), (8, 6, 3, 3, 0), summary)

        skipped = {(os.path.basename(s["file"]), s["position"]): s["reason"] for s in summary["skipped"]}
        self.assertIn("contact", skipped[("contact-plain.msg", None)])
        self.assertIn("contact", skipped[("contact-unicode.msg", None)])
        self.assertIn("note", skipped[("note.msg", None)])
        self.assertIn("post", skipped[("test_Blammo.msg", None)])
        self.assertIn("post", skipped[("test_unicode.pst", "Top of Personal Folders/Folder #2")])
        self.assertIn(("README.md", None), skipped)

        subjects = sorted(i["subject"] for i in e2e.list_json(self.project))
        self.assertEqual(subjects, [SAMPLE_SUBJECT, "This is a message which has an embedded message attached",
                                    "qwerty"])

    def test_recipients_kept_as_mail_keeps_them(self):
        # qwerty_2 has a recipient table (To, Cc and an Exchange Bcc); an .eml with
        # the same people in its headers is read the same way: what the project
        # keeps of a submission, and how it shows it, is alike for both.
        eml = os.path.join(self.tmp.name, "mail.eml")
        with open(eml, "w", encoding="utf-8", newline="\r\n") as f:
            f.write("From: Someone <someone@example.org>\n"
                    "To: asdf:;\n"
                    "Cc: Johnathan <johnno@nowhere.com>\n"
                    "Bcc: \"Lowe, Charles\" <Charles.Lowe@freehills.com>\n"
                    "Subject: Same people\n"
                    "Message-ID: <same-people@example.org>\n"
                    "Date: Tue, 5 Mar 2024 09:29:00 +0100\n"
                    "\n"
                    "A letter.\n")
        summary = e2e.import_json(self.project, corpus("qwerty_2-with_custom_properties.msg"), eml)
        self.assertEqual((summary["seen"], summary["imported"], summary["rejected"]), (2, 2, 0), summary)

        shown = {item["subject"]: e2e.show_json(self.project, item["id"]) for item in e2e.list_json(self.project)}
        msg, mail = shown["qwerty"], shown["Same people"]
        self.assertEqual(sorted(msg.keys()), sorted(mail.keys()))
        for key in msg:
            if key.startswith(("to", "cc", "bcc", "recipient")):
                self.assertEqual(msg[key], mail[key], key)
        # The people it went to are not what was written.
        for name in ("Johnathan", "johnno@nowhere.com", "Lowe, Charles", "Charles.Lowe@", "asdf"):
            self.assertNotIn(name, msg["text"])
        self.assertIn("Data Analyst", msg["text"])

    def test_no_messages(self):
        for name in ("test_ansi.pst", "test_unicode.pst"):
            summary = e2e.import_json(self.project, corpus(name))
            self.assertEqual((summary["seen"], summary["imported"], summary["rejected"]), (0, 0, 0), summary)
            self.assertEqual(summary["errors"], [])
        self.assertEqual(e2e.list_json(self.project), [])

    def test_source_files_recorded(self):
        names = ("qwerty_1-orig.msg", "sample1.pst")
        e2e.import_json(self.project, *[corpus(n) for n in names])
        # The project remembers each file read whole: its size and checksum, not
        # those of the messages made of it.
        with sqlite3.connect(self.project) as db:
            rows = dict((path, (size, sha)) for path, size, sha in
                        db.execute("SELECT path, size, sha256 FROM source_files"))
        for name in names:
            with open(corpus(name), "rb") as f:
                data = f.read()
            self.assertEqual(rows.get(corpus(name)), (len(data), hashlib.sha256(data).hexdigest()), rows)

    def test_damaged(self):
        cut = os.path.join(self.tmp.name, "cut")
        os.mkdir(cut)
        for name, length in (("sample1.pst", 100000), ("qwerty_1-orig.msg", 6000)):
            with open(corpus(name), "rb") as f:
                data = f.read()
            with open(os.path.join(cut, "cut-" + name), "wb") as f:
                f.write(data[:length])

        summary = e2e.import_json(self.project, cut)
        self.check_clean(summary, "cut-short files")
        self.assertEqual((summary["files"], summary["seen"], summary["imported"], summary["rejected"]),
                         (2, 2, 0, 2), summary)
        for error in summary["errors"]:
            self.assertTrue(error["file"].startswith(cut), error)
            self.assertIn("damaged", error["reason"], error)
            self.assertNotEqual(error["position"], "", error)
        self.assertEqual(e2e.list_json(self.project), [])

        # The project is still good for whole files.
        summary = e2e.import_json(self.project, corpus("sample2.pst"))
        self.assertEqual(summary["imported"], 1, summary)


if __name__ == "__main__":
    e2e.main()
