#!/usr/bin/env python3
"""End-to-end import of damaged mailboxes: every message is imported, a duplicate or
rejected with a readable reason at its position; damage inside a mailbox is not a
failure of the import; a file that is no mailbox at all is, and leaves the project usable."""
import base64
import io
import json
import os
import random
import struct
import sys
import tempfile
import unittest
import unittest.mock
import zipfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.environ.get("INTAKE_TESTS_DIR") or os.path.dirname(os.path.abspath(__file__)))
import e2e_common as e2e  # noqa: E402

DATE = "Mon, 19 Apr 2021 14:00:00 -0000"
DATE_ISO = "2021-04-19T14:00:00Z"


def message(n, subject, body, headers=None, content_type="text/plain; charset=utf-8", cte="8bit"):
    """A message as bytes with LF line endings; HEADERS are extra header lines."""
    lines = [
        b"From: Damaged Corpus %d <sender%d@example.org>" % (n, n),
        b"To: cpsengage@argylepr.com",
        b"Subject: " + subject.encode("utf-8"),
        b"Date: " + DATE.encode(),
        b"Message-ID: <damaged.%d@example.org>" % n,
        b"MIME-Version: 1.0",
    ]
    if content_type:
        lines.append(b"Content-Type: " + content_type.encode())
    if cte:
        lines.append(b"Content-Transfer-Encoding: " + cte.encode())
    lines += headers or []
    return b"\n".join(lines) + b"\n\n" + body


DOCX_XML = ('<?xml version="1.0" encoding="UTF-8"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            '<w:body><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:body></w:document>')
ODT_XML = ('<?xml version="1.0" encoding="UTF-8"?>'
           '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
           ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
           '<office:body><office:text><text:p>%s</text:p></office:text></office:body>'
           '</office:document-content>')


def office_file(kind, phrase, headers, dos_time, dos_date):
    """A DOCX or ODT holding PHRASE whose members' MS-DOS time and date are set to DOS_TIME and
    DOS_DATE after writing, in HEADERS: a set of "local" and "central"."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        if kind == "docx":
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("word/document.xml", DOCX_XML % phrase)
        else:
            z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
            z.writestr("content.xml", ODT_XML % phrase)
        infos = z.infolist()
    data = bytearray(buf.getvalue())
    trailer = data.rindex(b"PK\x05\x06")
    entries, = struct.unpack_from("<H", data, trailer + 10)
    offset, = struct.unpack_from("<I", data, trailer + 16)
    assert entries == len(infos)
    for _ in range(entries):
        assert data[offset:offset + 4] == b"PK\x01\x02"
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, offset + 28)
        local, = struct.unpack_from("<I", data, offset + 42)
        assert data[local:local + 4] == b"PK\x03\x04"
        if "central" in headers:
            struct.pack_into("<HH", data, offset + 12, dos_time, dos_date)
        if "local" in headers:
            struct.pack_into("<HH", data, local + 10, dos_time, dos_date)
        offset += 46 + name_len + extra_len + comment_len
    return bytes(data)


def with_attachment(n, subject, body, filename, mime_type, data):
    boundary = b"attachment-boundary-%d" % n
    parts = [
        b"--" + boundary,
        b"Content-Type: text/plain; charset=utf-8",
        b"",
        body,
        b"--" + boundary,
        b"Content-Type: " + mime_type.encode(),
        b'Content-Disposition: attachment; filename="' + filename.encode() + b'"',
        b"Content-Transfer-Encoding: base64",
        b"",
        base64.encodebytes(data).rstrip(b"\n"),
        b"--" + boundary + b"--",
        b"",
    ]
    return message(n, subject, b"\n".join(parts),
                   content_type='multipart/mixed; boundary="%s"' % boundary.decode(), cte=None)


class Mbox:
    """An mbox built in memory that remembers where each message's From_ line starts."""

    def __init__(self):
        self.data = bytearray()
        self.entries = []  # dicts: offset, label, subject or None, must

    def add(self, label, raw, subject=None, phrase=None, must=None, separator=b"\n"):
        """MUST: "import" (must be imported), "reject" (must be rejected) or None (either,
        as long as it is accounted for)."""
        offset = len(self.data)
        self.data += b"From sender@example.org Mon Apr 19 14:00:00 2021\n" + raw + separator
        self.entries.append({"offset": offset, "label": label, "subject": subject,
                             "phrase": phrase, "must": must})


def damaged_mbox():
    m = Mbox()
    m.add("good one", message(1, "Good submission one",
                              b"The first good message says the officers were kind to us.\n"),
          subject="Good submission one", phrase="The first good message says the officers were kind to us.",
          must="import")
    m.add("bad base64 body", message(2, "Bad base64 body",
                                     b"This is !!! not *** base64 ~~~ at all\n%%%%\n", cte="base64"),
          subject="Bad base64 body")
    m.add("unknown charset", message(3, "Unknown charset",
                                     b"Plain words in an unknown charset survive \xe9 somehow.\n",
                                     content_type='text/plain; charset="x-unknown-foo"'),
          subject="Unknown charset", phrase="Plain words in an unknown charset survive")
    m.add("good two (encoded subject)", message(4, "=?utf-8?q?R=C3=A9vision_du_programme_SRO?=",
                                                "Le deuxième bon message parle de confiance.\n".encode()),
          subject="Révision du programme SRO", phrase="Le deuxième bon message parle de confiance.",
          must="import")
    m.add("multipart without boundary parameter",
          message(5, "Multipart without boundary",
                  b"--nothing\nContent-Type: text/plain\n\nA part nobody can delimit.\n--nothing--\n",
                  content_type="multipart/mixed", cte=None),
          subject="Multipart without boundary")
    m.add("multipart whose boundary never closes",
          message(6, "Multipart never closes",
                  b"This is a multi-part message in MIME format.\n\n--never-closes\n"
                  b"Content-Type: text/plain; charset=utf-8\n\n"
                  b"Inside the unclosed part there is still a readable sentence.\n",
                  content_type='multipart/mixed; boundary="never-closes"', cte=None),
          subject="Multipart never closes", phrase="Inside the unclosed part there is still a readable sentence.")
    m.add("NUL bytes in the body", message(7, "NUL bytes in body",
                                           b"Before the nul bytes comes this sentence.\x00\x00\x00 After them.\n"),
          subject="NUL bytes in body", phrase="Before the nul bytes comes this sentence.")
    m.add("2 MB header line", message(8, "Huge header",
                                      b"A message with one enormous header line.\n",
                                      headers=[b"X-Huge: " + b"a" * (2 * 1024 * 1024)]),
          subject="Huge header")
    m.add("no headers at all", b"just some body text that came with no header lines\n"
                               b"and a second line of it all the same\n", must="reject")
    m.add("empty message", b"", must="reject", separator=b"")
    m.add("good three (mboxrd quoting)",
          message(9, "Quoting test",
                  b"The third good message checks mboxrd quoting.\n"
                  b">From here the quoted line starts.\n"
                  b">>From x to y, quoted twice.\n"
                  b"The end of the quoting test.\n"),
          subject="Quoting test", phrase="The third good message checks mboxrd quoting.", must="import")
    m.add("broken Date header",
          message(10, "Broken date", b"This message has a date nobody can read.\n").replace(
              b"Date: " + DATE.encode(), b"Date: yesterday-ish"),
          subject="Broken date", phrase="This message has a date nobody can read.", must="import")
    m.add("good four", message(11, "Good submission four",
                               b"The fourth good message asks for counsellors in every school.\n"),
          subject="Good submission four", phrase="The fourth good message asks for counsellors in every school.",
          must="import")
    # Last: cut off in the middle of a body line, with no final newline.
    m.add("truncated last message",
          message(12, "Truncated at the end", b"The first line of the truncated body is complete.\n"
                                              b"The second line stops in the mid"),
          subject="Truncated at the end", phrase="The first line of the truncated body is complete.",
          separator=b"")
    return m


def crlf_mbox():
    m = Mbox()
    for n, (subject, phrase) in enumerate([("CRLF submission one", "Carriage returns end every line of this one."),
                                           ("CRLF submission two", "And of this second message too.")], 20):
        m.add(subject, message(n, subject, phrase.encode() + b"\n"), subject=subject, phrase=phrase, must="import")
        m.entries[-1]["from_addr"] = "sender%d@example.org" % n
    m.data = bytearray(bytes(m.data).replace(b"\n", b"\r\n"))
    return m


class DamagedMailboxes(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="intake-e2e-damaged-")
        self.project = os.path.join(self.tmp.name, "consultation.intake")

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, data):
        path = os.path.join(self.tmp.name, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def account(self, mbox, path, summary, items):
        """Checks that each message of MBOX is imported or rejected at its From_ line, as required."""
        problems = []
        base = os.path.basename(path)
        by_subject = {}
        for it in items:
            by_subject.setdefault(it.get("subject"), []).append(it)
        errors_at = {}
        for err in summary["errors"]:
            if err["file"] not in (path, base) and os.path.basename(err["file"]) != base:
                problems.append("error %s: file: expected the mbox %r, got %r"
                                % (json.dumps(err, ensure_ascii=False), path, err["file"]))
            if not err["position"].isdigit():
                problems.append("error %s: position: expected a decimal byte offset, got %r"
                                % (json.dumps(err, ensure_ascii=False), err["position"]))
            if not err["reason"].strip():
                problems.append("error %s: reason: expected a sentence, got %r"
                                % (json.dumps(err, ensure_ascii=False), err["reason"]))
            errors_at.setdefault(err["position"], []).append(err)
        offsets = {str(e["offset"]) for e in mbox.entries}
        for pos in errors_at:
            if pos not in offsets:
                problems.append("error at position %r: no message's From_ line starts there (From_ lines at %s)"
                                % (pos, sorted(offsets, key=int)))

        accounted = {}
        for e in mbox.entries:
            pos = str(e["offset"])
            rejected = errors_at.get(pos, [])
            imported = by_subject.get(e["subject"], []) if e["subject"] else []
            where = "%s (From_ line at byte %s)" % (e["label"], pos)
            if len(rejected) > 1:
                problems.append("%s: rejected %d times: %s" % (where, len(rejected), rejected))
            if rejected and imported:
                problems.append("%s: both imported (id %s) and rejected (%s)"
                                % (where, imported[0].get("id"), rejected[0]["reason"]))
            elif not rejected and not imported:
                problems.append("%s: silently dropped: neither in list --json (subject %r) nor an error at "
                                "position %s; errors: %s" % (where, e["subject"], pos,
                                                             json.dumps(summary["errors"], ensure_ascii=False)))
            elif e["must"] == "import" and not imported:
                problems.append("%s: expected imported, got rejected: %r" % (where, rejected[0]["reason"]))
            elif e["must"] == "reject" and not rejected:
                problems.append("%s: expected rejected with an error at position %s, got imported" % (where, pos))
            if len(imported) > 1:
                problems.append("%s: imported %d times" % (where, len(imported)))
            if imported:
                accounted[e["label"]] = imported[0]
        return problems, accounted

    def check_text(self, e, item, problems):
        shown = e2e.show_json(self.project, item["id"])
        where = "%s: show %s" % (e["label"], item["id"])
        if shown.get("subject") != e["subject"]:
            problems.append("%s: subject: expected %r, got %r" % (where, e["subject"], shown.get("subject")))
        text = shown.get("text")
        if not isinstance(text, str):
            problems.append("%s: text: expected a string, got %r" % (where, text))
            return None
        if e["phrase"] and e["phrase"] not in text:
            problems.append("%s: text: phrase %r is missing; text: %s" % (where, e["phrase"], e2e.short(text)))
        if "\x00" in text:
            problems.append("%s: text: holds a NUL character; text: %s" % (where, e2e.short(text)))
        return shown

    def test_damaged_mbox(self):
        mbox = damaged_mbox()
        path = self.write("damaged.mbox", bytes(mbox.data))
        result = e2e.run("import", "-p", self.project, path, "--json")
        self.assertEqual(result.returncode, 0,
                         "damage inside a mailbox must not fail the import\n" + result.describe())
        summary = e2e.import_summary_of(result)
        problems = e2e.check_accounting(summary, "import of damaged.mbox")
        if summary["seen"] != len(mbox.entries):
            problems.append("import of damaged.mbox: seen: expected %d (one per From_ line), got %d"
                            % (len(mbox.entries), summary["seen"]))
        items = e2e.list_json(self.project)
        if len(items) != summary["imported"]:
            problems.append("list --json: length: expected %d (imported), got %d" % (summary["imported"], len(items)))
        more, accounted = self.account(mbox, path, summary, items)
        problems += more

        for e in mbox.entries:
            item = accounted.get(e["label"])
            if item is None:
                continue
            shown = self.check_text(e, item, problems)
            if shown is None:
                continue
            if e["label"] == "broken Date header":
                if shown.get("date") is not None or item.get("date") is not None:
                    problems.append("broken Date header: date: expected null, got %r (show) and %r (list)"
                                    % (shown.get("date"), item.get("date")))
            elif e["must"] == "import" and shown.get("date") != DATE_ISO:
                problems.append("%s: date: expected %r, got %r" % (e["label"], DATE_ISO, shown.get("date")))
            if e["label"].startswith("good three"):
                lines = [line.rstrip("\r") for line in shown["text"].splitlines()]
                for want in ("From here the quoted line starts.", ">From x to y, quoted twice."):
                    if want not in lines:
                        problems.append("mboxrd quoting: text: expected the line %r, got text %s"
                                        % (want, e2e.short(shown["text"])))
                for unwanted in (">From here the quoted line starts.", ">>From x to y, quoted twice."):
                    if unwanted in lines:
                        problems.append("mboxrd quoting: text: the quoted line %r was not unquoted" % unwanted)
        if problems:
            self.fail("damaged.mbox:\n" + "\n".join(problems))

    def test_crlf_mbox(self):
        mbox = crlf_mbox()
        path = self.write("crlf.mbox", bytes(mbox.data))
        summary = e2e.import_json(self.project, path)
        problems = e2e.check_accounting(summary, "import of crlf.mbox")
        for field, expected in (("seen", 2), ("imported", 2), ("rejected", 0)):
            if summary[field] != expected:
                problems.append("import of crlf.mbox: %s: expected %d, got %d" % (field, expected, summary[field]))
        items = e2e.list_json(self.project)
        more, accounted = self.account(mbox, path, summary, items)
        problems += more
        for e in mbox.entries:
            item = accounted.get(e["label"])
            if item is None:
                continue
            if item.get("from_addr") != e["from_addr"]:
                problems.append("%s: from_addr: expected %r, got %r" % (e["label"], e["from_addr"], item.get("from_addr")))
            self.check_text(e, item, problems)
        if problems:
            self.fail("crlf.mbox:\n" + "\n".join(problems))

    def test_not_a_mailbox(self):
        good = Mbox()
        good.add("good", message(30, "Before the junk", b"A good message imported before the junk files.\n"),
                 subject="Before the junk")
        first = e2e.import_json(self.project, self.write("good.mbox", bytes(good.data)))
        self.assertEqual(first["imported"], 1, "setup: import of one good message")
        stats_before = e2e.stats_json(self.project)

        rng = random.Random(5)
        junk = {
            "picture.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(4000)),
            "notes.txt": b"These are my notes about the evening meeting\nNothing in this file looks like mail\n"
                         b"Just three lines of plain text\n",
        }
        problems = []
        for name, data in junk.items():
            path = self.write(name, data)
            for args in (("import", "-p", self.project, path, "--json"), ("import", "-p", self.project, path)):
                r = e2e.run(*args)
                for p in e2e.one_line_error(r):
                    problems.append("%s: %s\n%s" % (name, p, r.describe()))
                if "--json" in args and r.stdout:
                    problems.append("%s: expected nothing on stdout for a failed --json command\n%s"
                                    % (name, r.describe()))

        # The project is still usable: unchanged, and it takes a new import.
        stats_after = e2e.stats_json(self.project)
        if stats_after != stats_before:
            problems.append("stats changed by the failed imports: before %s, after %s" % (stats_before, stats_after))
        later = Mbox()
        later.add("later", message(31, "After the junk", b"A good message imported after the junk files.\n"),
                  subject="After the junk")
        second = e2e.import_json(self.project, self.write("later.mbox", bytes(later.data)))
        if second["imported"] != 1:
            problems.append("import after the junk files: imported: expected 1, got %d" % second["imported"])
        subjects = sorted(it.get("subject") for it in e2e.list_json(self.project))
        if subjects != ["After the junk", "Before the junk"]:
            problems.append("list --json after the junk files: subjects: expected %r, got %r"
                            % (["After the junk", "Before the junk"], subjects))
        if problems:
            self.fail("files that are not mailboxes:\n" + "\n\n".join(problems))

    def test_maildir_with_broken_message(self):
        maildir = os.path.join(self.tmp.name, "Maildir")
        for sub in ("cur", "new", "tmp"):
            os.makedirs(os.path.join(maildir, sub))
        goods = {}
        for n in (40, 41):
            name = "1618840800.M%dP1.intake" % n
            subject = "Maildir good %d" % n
            goods[subject] = "Maildir message %d arrived in new." % n
            with open(os.path.join(maildir, "new", name), "wb") as f:
                f.write(message(n, subject, goods[subject].encode() + b"\n"))
        broken = {
            "1618840801.M50P1.intake:2,S": b"just some body text that came with no header lines\n"
                                           b"and nothing else to go with it\n",
            "1618840802.M51P1.intake:2,S": b"",
        }
        for name, data in broken.items():
            with open(os.path.join(maildir, "cur", name), "wb") as f:
                f.write(data)

        result = e2e.run("import", "-p", self.project, maildir, "--json")
        self.assertEqual(result.returncode, 0, "a broken message in a Maildir must not fail the import\n"
                         + result.describe())
        summary = e2e.import_summary_of(result)
        problems = e2e.check_accounting(summary, "import of the Maildir")
        for field, expected in (("seen", 4), ("imported", 2), ("duplicates", 0), ("rejected", 2)):
            if summary[field] != expected:
                problems.append("import of the Maildir: %s: expected %d, got %d" % (field, expected, summary[field]))
        for name in broken:
            found = [e for e in summary["errors"] if e["position"] == name or e["position"].endswith("/" + name)]
            if len(found) != 1:
                problems.append("Maildir cur/%s: expected one error whose position is the file's name, got %s"
                                % (name, json.dumps(summary["errors"], ensure_ascii=False)))
            elif not found[0]["reason"].strip():
                problems.append("Maildir cur/%s: reason: expected a sentence, got %r" % (name, found[0]["reason"]))
        items = e2e.list_json(self.project)
        subjects = sorted(it.get("subject") for it in items)
        if subjects != sorted(goods):
            problems.append("list --json: subjects: expected %r, got %r" % (sorted(goods), subjects))
        for it in items:
            if it.get("subject") in goods:
                text = e2e.show_json(self.project, it["id"]).get("text") or ""
                if goods[it["subject"]] not in text:
                    problems.append("%s: text: phrase %r is missing; text: %s"
                                    % (it["subject"], goods[it["subject"]], e2e.short(text)))
        if problems:
            self.fail("Maildir with broken messages:\n" + "\n".join(problems))


    def test_office_files_with_impossible_dates(self):
        """A DOCX or ODT whose zip dates are no dates is read all the same, without a GLib
        critical (G_DEBUG=fatal-criticals turns one into a crash)."""
        mime = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "odt": "application/vnd.oasis.opendocument.text"}
        dates = {  # label: (MS-DOS time, MS-DOS date)
            "month 13": (0x5000, (41 << 9) | (13 << 5) | 19),
            "month 0": (0x5000, (41 << 9) | (0 << 5) | 19),
            "day 0": (0x5000, (41 << 9) | (4 << 5) | 0),
            "minute 63": ((10 << 11) | (63 << 5), (41 << 9) | (4 << 5) | 19),
            "all zero": (0, 0),
        }
        mbox = Mbox()
        cases = []
        n = 60
        for kind in ("docx", "odt"):
            for headers in (("local",), ("central",), ("local", "central")):
                for label, (dos_time, dos_date) in dates.items():
                    where = "%s, %s, %s" % (kind, "+".join(headers), label)
                    phrase = "The %s attachment number %d was read." % (kind, n)
                    subject = "Impossible date %d" % n
                    data = office_file(kind, phrase, headers, dos_time, dos_date)
                    mbox.add(where, with_attachment(n, subject, b"See the attached letter.\n",
                                                    "letter." + kind, mime[kind], data),
                             subject=subject, phrase=phrase, must="import")
                    cases.append((where, subject, phrase))
                    n += 1
        path = self.write("dates.mbox", bytes(mbox.data))
        with unittest.mock.patch.dict(os.environ, {"G_DEBUG": "fatal-criticals,fatal-warnings"}):
            result = e2e.run("import", "-p", self.project, path, "--json")
        summary = e2e.import_summary_of(result)
        problems = e2e.check_accounting(summary, "import of dates.mbox")
        if summary["imported"] != len(cases) or summary["rejected"] != 0:
            problems.append("import of dates.mbox: expected %d imported and none rejected, got %s"
                            % (len(cases), json.dumps(summary, ensure_ascii=False)))
        by_subject = {it.get("subject"): it for it in e2e.list_json(self.project)}
        for where, subject, phrase in cases:
            item = by_subject.get(subject)
            if item is None:
                problems.append("%s: not imported" % where)
                continue
            shown = e2e.show_json(self.project, item["id"])
            if phrase not in (shown.get("text") or ""):
                problems.append("%s: text: phrase %r is missing; text: %s" % (where, phrase, e2e.short(shown.get("text"))))
            notes = [a.get("note") for a in shown.get("attachments", []) if a.get("note")]
            if notes:
                problems.append("%s: attachment note: expected none, got %r" % (where, notes))
        if problems:
            self.fail("office files with impossible dates:\n" + "\n".join(problems))

    def test_limits_are_told(self):
        """What a message holds beyond the limits is not kept, and the person is told: a message
        nested 10,000 deep keeps the text above the cut and says where it stopped; a text file
        over the limit keeps its first 2 MB of text and its whole bytes, and says so."""
        depth = 10000
        lines = []
        for i in range(depth):
            lines += [b"--level%d" % i, b"Content-Type: text/plain", b"", b"Level %d of the deep message" % i,
                      b"--level%d" % i]
            if i + 1 < depth:
                lines += [b'Content-Type: multipart/mixed; boundary="level%d"' % (i + 1), b"", b""]
            else:
                lines += [b"Content-Type: text/plain", b"", b"The innermost text"]
        lines += [b"--level%d--" % i for i in reversed(range(depth))]
        deep = message(70, "Nested very deep", b"\n".join(lines) + b"\n",
                       content_type='multipart/mixed; boundary="level0"', cte=None)
        big_text = (b"The second message holds a long text file about the programme.\n" * 50000)[:3000000]
        big = with_attachment(71, "Long text file", b"The file is attached.\n", "long.txt", "text/plain", big_text)
        mbox = Mbox()
        mbox.add("nested 10,000 deep", deep, subject="Nested very deep", must="import")
        mbox.add("3 MB text file", big, subject="Long text file", must="import")
        summary = e2e.import_json(self.project, self.write("limits.mbox", bytes(mbox.data)))
        problems = e2e.check_accounting(summary, "import of limits.mbox")
        if summary["imported"] != 2:
            problems.append("import of limits.mbox: imported: expected 2, got %d" % summary["imported"])
        by_subject = {it.get("subject"): it for it in e2e.list_json(self.project)}

        if "Nested very deep" in by_subject:
            shown = e2e.show_json(self.project, by_subject["Nested very deep"]["id"])
            text = shown.get("text") or ""
            note = "The message is nested deeper than 100 parts; parts below that were not read"
            for want in ("Level 0 of the deep message", "Level 98 of the deep message"):
                if want not in text:
                    problems.append("nested 10,000 deep: text: %r is missing; text: %s" % (want, e2e.short(text)))
            if "The innermost text" in text:
                problems.append("nested 10,000 deep: text: holds the innermost part, below the limit")
            if shown.get("note") != note:
                problems.append("nested 10,000 deep: note: expected %r, got %r" % (note, shown.get("note")))
            if "nested deeper" in text:
                problems.append("nested 10,000 deep: text: the note is in the sender's text; it ends %r"
                                % text[-200:])

        if "Long text file" in by_subject:
            shown = e2e.show_json(self.project, by_subject["Long text file"]["id"])
            attachments = shown.get("attachments") or []
            if len(attachments) != 1:
                problems.append("3 MB text file: attachments: expected 1, got %r" % attachments)
            else:
                a = attachments[0]
                if a.get("size") != len(big_text):
                    problems.append("3 MB text file: size: expected %d (the bytes kept whole), got %r"
                                    % (len(big_text), a.get("size")))
                if not 1900000 < (a.get("text_chars") or 0) <= 2000000:
                    problems.append("3 MB text file: text_chars: expected just under 2,000,000, got %r"
                                    % a.get("text_chars"))
                note = a.get("note") or ""
                if not (note.startswith("Only the first 2.0") and "3.0" in note):
                    problems.append("3 MB text file: note: expected it to say 2.0 MB of 3.0 MB were kept, got %r"
                                    % note)
            text = shown.get("text") or ""
            if len(text) > 2001000:
                problems.append("3 MB text file: text: expected at most about 2 MB, got %d characters" % len(text))
        if problems:
            self.fail("limits:\n" + "\n".join(problems))

if __name__ == "__main__":
    e2e.main()
