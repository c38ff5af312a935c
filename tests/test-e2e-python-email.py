#!/usr/bin/env python3
"""End-to-end import checked against a second reader: Python's email package.

A mailbox of generated messages and of the hard cases real mail has (a stray byte in UTF-8,
From_ lines without dates, encoded words after base64 padding, a lower-case time zone,
ISO-2022-JP, an invalid Content-Type, a part whose headers run into its base64, control
characters) is imported; every message Python's email package parses must be in the
project with the same subject, sender, date and body words."""
import email
import email.policy
import email.utils
import html.parser
import mailbox
import os
import re
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.environ.get("INTAKE_TESTS_DIR") or os.path.dirname(os.path.abspath(__file__)))
import e2e_common as e2e  # noqa: E402

DATE = "Mon, 19 Apr 2021 14:00:00 -0000"


def hard_cases():
    """The real-mail cases, as bytes of single messages (LF line endings)."""
    def msg(n, headers, body):
        head = "From: Case %d <case%d@example.org>\nMessage-ID: <case.%d@example.org>\n" % (n, n, n)
        return head.encode() + headers + b"\n" + body + b"\n"

    return [
        msg(1, b"Subject: Stray byte\nDate: " + DATE.encode() + b"\nContent-Type: text/plain; charset=utf-8\n",
            "Les élèves se sentent surveillés à l’école".encode() + b" \x92 " + "chaque matin.".encode()),
        msg(2, b"Subject: =?utf-8?B?w6k=?= =?utf-8?B?Y29sZQ==?=\nDate: " + DATE.encode() + b"\n",
            b"Encoded words after padding."),
        msg(3, b"Subject: Zone\nDate: Tue, 20 Apr 2021 12:24:23 cst\n", b"A lower case zone."),
        msg(4, b"Subject: Japanese\nDate: " + DATE.encode() + b"\nContent-Type: text/plain; charset=iso-2022-jp\n",
            "日本語のメールです".encode("iso2022_jp")),
        msg(5, b"Subject: Bad type\nDate: " + DATE.encode() + b"\nMIME-Version: 1.0\n"
            b"Content-Type: multipart/mixed; boundary=\"b\"\n",
            b"--b\nContent-Type: text/plain\n\nHello body words\n"
            b"--b\nContent-Type: BINARY;name=\"notes.txt\"\nContent-Disposition: attachment\n\nSome notes\n--b--"),
        msg(6, b"Subject: Controls\nDate: " + DATE.encode() + b"\n", b"Unit\x1fseparator and bell\x07 here."),
    ]


class TextOf(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def words(text):
    return set(w.casefold() for w in re.findall(r"\w{4,}", text))


def python_body(message):
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    try:
        content = body.get_content()
    except (LookupError, UnicodeError, AssertionError):
        return ""
    if body.get_content_subtype() == "html":
        parser = TextOf()
        parser.feed(content)
        content = " ".join(parser.parts)
    return content


class AgainstPythonEmail(unittest.TestCase):
    def test_every_message_python_reads(self):
        with tempfile.TemporaryDirectory(prefix="intake-e2e-email-") as tmp:
            generated = os.path.join(tmp, "generated.mbox")
            e2e.make_mailbox("mbox", 150, 11, generated, os.path.join(tmp, "truth.json"))
            with open(generated, "rb") as f:
                data = f.read()
            # The hard cases after the generated mail, with From_ lines of the kinds
            # RFC 4155 allows: with a date, "From - " alone, an address alone.
            froms = [b"From case@example.org Mon Apr 19 14:00:00 2021", b"From - ", b"From 1234@host"]
            for i, case in enumerate(hard_cases()):
                data += b"\n" + froms[i % len(froms)] + b"\n" + case
            path = os.path.join(tmp, "inbox.mbox")
            with open(path, "wb") as f:
                f.write(data)

            project = os.path.join(tmp, "p.intake")
            summary = e2e.import_json(project, path)
            self.assertEqual(e2e.check_accounting(summary, "inbox.mbox"), [])
            ours = {item["message_id"]: item for item in e2e.list_json(project)}

            # Python's mailbox splits at "From " lines after a blank line, as the
            # importer does; each message is then read with the modern policy.
            problems = []
            seen = set()
            checked = 0
            for raw in mailbox.mbox(path, factory=None, create=False):
                message = email.message_from_bytes(raw.as_bytes(), policy=email.policy.default)
                mid = (message.get("Message-ID") or "").strip().strip("<>")
                if not mid or mid in seen:
                    continue
                seen.add(mid)
                checked += 1
                item = ours.get(mid)
                if item is None:
                    problems.append("%s: not imported" % mid)
                    continue

                subject = e2e.collapse_ws(str(message.get("Subject", "")))
                if e2e.collapse_ws(item["subject"]) != subject:
                    problems.append("%s: subject %r, Python reads %r" % (mid, item["subject"], subject))

                name, addr = email.utils.parseaddr(str(message.get("From", "")))
                if addr.casefold() != (item["from_addr"] or "").casefold():
                    problems.append("%s: sender %r, Python reads %r" % (mid, item["from_addr"], addr))
                if name and e2e.collapse_ws(name) != e2e.collapse_ws(item["from_name"] or ""):
                    problems.append("%s: sender's name %r, Python reads %r" % (mid, item["from_name"], name))

                try:
                    date = email.utils.parsedate_to_datetime(str(message.get("Date")))
                except (TypeError, ValueError):
                    date = None
                if date is not None and date.tzinfo is not None:
                    if e2e.parse_iso_utc(item["date"]) != int(date.timestamp()):
                        problems.append("%s: date %r, Python reads %s" % (mid, item["date"], date.isoformat()))

                expected = words(python_body(message))
                if expected:
                    text = e2e.show_json(project, item["id"])["text"]
                    found = words(text)
                    missing = expected - found
                    if len(missing) > max(1, len(expected) // 20):
                        problems.append("%s: %d of %d body words missing, e.g. %s"
                                        % (mid, len(missing), len(expected), sorted(missing)[:5]))
                    if re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text):
                        problems.append("%s: control characters in the stored text" % mid)

            self.assertGreater(checked, 140)
            for n in range(1, 7):
                self.assertIn("case.%d@example.org" % n, seen)
            if problems:
                self.fail("%d of %d messages differ from Python's reading:\n%s"
                          % (len(problems), checked, "\n".join(problems[:40])))


if __name__ == "__main__":
    e2e.main()
