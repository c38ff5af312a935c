#!/usr/bin/env python3
"""End-to-end import of other projects' public test mail, checked against Python's email package.

Debian ships the test messages of three mail libraries' test suites: CPython's email package
(libpython3.11-testsuite, test_email/data/msg_*.txt), Go's enmime (golang-github-jhillyerd-
enmime-dev, testdata/mail and testdata/low-quality) and flufl.bounce, Mailman's bounce reader
(python3-flufl.bounce, tests/data: bounces of many mail servers). Each file is imported on its own, all of them
as one folder of .eml files, and all the messages as one mbox. Every message Python's email
package parses (under both its default and its compat32 policy) must be imported with the same
subject, sender's name and address, date and body words; a file in which Python finds no header
field, like the images and sounds beside the messages, must not be imported, and must be named
among the skipped files with a reason. Where Python is wrong by the RFCs, the difference is listed
in KNOWN below, per message, field and policy, with the reason; a listed difference that is gone
fails too, so the list stays true.

Skips (exit 77) only when those packages are not installed."""
import collections
import concurrent.futures
import email
import email.header
import email.policy
import email.utils
import glob
import html.parser
import os
import re
import shutil
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.environ.get("INTAKE_TESTS_DIR") or os.path.dirname(os.path.abspath(__file__)))
import e2e_common as e2e  # noqa: E402

ENMIME = "/usr/share/gocode/src/github.com/jhillyerd/enmime/testdata"
BOUNCE = "/usr/lib/python3/dist-packages/flufl/bounce/tests/data"

# (short name, Debian package, globs of the messages, globs of files beside them that are not mail)
SOURCES = [
    ("cpython", "libpython3.11-testsuite",
     ["/usr/lib/python3.11/test/test_email/data/msg_*.txt"],
     ["/usr/lib/python3.11/test/test_email/data/python.*",
      "/usr/lib/python3.11/test/test_email/data/sndhdr.*"]),
    ("enmime", "golang-github-jhillyerd-enmime-dev",
     [ENMIME + "/mail/*.raw", ENMIME + "/low-quality/*.raw"],
     [ENMIME + "/attach/*"]),
    ("bounce", "python3-flufl.bounce",
     [BOUNCE + "/*.txt"],
     []),
]

# The commands wait more than they compute: a few at a time keep the test fast.
WORKERS = 4

# At least this many messages per source: a package that shrinks must not pass unseen.
MINIMUM = {"cpython": 45, "enmime": 50, "bounce": 110}

COMMENT_NAME = ("the sender is written 'address (Name)', RFC 5322 section 3.4's legacy form; the "
                "comment is the only name given, and we show it, as compat32's parseaddr does; "
                "the default policy's header registry drops comments")

EMPTY_ADDR = ("From has an empty angle-addr ('Name <>'), which RFC 5322 section 3.4 does not allow in "
              "From (only a return path may be null, RFC 5321 section 4.5.5); there is no address, and "
              "the default policy gives the brackets themselves, '<>', as one")

EMPTY_ADDR_SENDER = ("From has an empty angle-addr ('\"Jetmail System\" <>'); we read the address of "
                     "Sender, the mailbox that sent it (RFC 5322 section 3.6.2), and keep From's name, "
                     "where Python gives no address, or '<>' under the default policy")

# (message, policy, field) -> (what we store, for the body words our text holds; why Python is wrong)
KNOWN = {
    ("cpython/msg_01.txt", "default", "name"): ("John X. Doe", COMMENT_NAME),
    ("cpython/msg_03.txt", "default", "name"): ("John X. Doe", COMMENT_NAME),
    ("cpython/msg_04.txt", "default", "name"): ("Barry A. Warsaw", COMMENT_NAME),
    ("cpython/msg_06.txt", "default", "name"): ("Barry A. Warsaw", COMMENT_NAME),
    ("cpython/msg_14.txt", "default", "name"): ("John X. Doe", COMMENT_NAME),
    ("cpython/msg_20.txt", "default", "name"): ("John X. Doe", COMMENT_NAME),
    ("cpython/msg_27.txt", "default", "name"): ("Anne P. Erson", COMMENT_NAME),
    ("cpython/msg_29.txt", "default", "name"): ("John X. Doe", COMMENT_NAME),
    ("cpython/msg_44.txt", "default", "name"): ("Barry A. Warsaw", COMMENT_NAME),
    ("bounce/dsn_08.txt", "default", "name"): ("Mail Delivery System", COMMENT_NAME),
    ("bounce/dsn_10.txt", "default", "name"): ("Mail Delivery System", COMMENT_NAME),
    ("bounce/hotpop_01.txt", "default", "name"): ("Mail Delivery System", COMMENT_NAME),
    ("bounce/llnl_01.txt", "default", "name"): ("Automated response from LLNL postmaster", COMMENT_NAME),
    ("bounce/postfix_01.txt", "default", "name"): ("Mail Delivery System", COMMENT_NAME),
    ("bounce/postfix_02.txt", "default", "name"): ("Mail Delivery System", COMMENT_NAME),
    ("bounce/postfix_03.txt", "default", "name"): ("Mail Delivery System", COMMENT_NAME),
    ("bounce/postfix_04.txt", "default", "name"): ("Mail Delivery System", COMMENT_NAME),
    ("bounce/postfix_05.txt", "default", "name"): ("Mail Delivery System", COMMENT_NAME),
    ("bounce/simple_21.txt", "default", "name"): ("Mail Delivery System", COMMENT_NAME),
    ("bounce/sina_01.txt", "default", "subject"): (
        "邮件传输失败！",
        "the subject is raw 8-bit GB2312, which a header may not hold (RFC 5322 section 2.2 allows "
        "ASCII, RFC 6532 UTF-8); the text part declares gb2312, and we read the subject in it, "
        "where Python makes every byte a replacement character"),
    ("bounce/sina_01.txt", "compat32", "subject"): (
        "邮件传输失败！", "as under the default policy: Python replaces the raw GB2312 bytes"),
    ("bounce/smtp32_01.txt", "default", "date"): (
        "2001-04-02T10:20:10Z",
        "'Mon,  2 Apr 101 04:20:10 CST' has a three-digit year, which RFC 5322 section 4.3 reads by "
        "adding 1900 (April 2001, a Monday); Python reads the year 101"),
    ("bounce/smtp32_01.txt", "compat32", "date"): (
        "2001-04-02T10:20:10Z", "as under the default policy: Python reads the year 101"),
    ("bounce/qmail_08.txt", "compat32", "body"): (
        "tendrÆs",
        "the part declares charset=ansi_x3.110-1983, which Python has no codec for (it raises "
        "LookupError; the default policy gives no text and so no words to compare); this test "
        "then reads it as Latin-1 ('tendrás'), where we decode it as declared (RFC 2046 section "
        "4.1.2), in which 0xE1 is 'Æ'"),
    ("cpython/msg_43.txt", "default", "addr"): ("", EMPTY_ADDR),
    ("bounce/simple_24.txt", "default", "addr"): ("", EMPTY_ADDR),
    ("bounce/simple_31.txt", "default", "addr"): ("", EMPTY_ADDR),
    ("bounce/simple_35.txt", "default", "addr"): ("", EMPTY_ADDR),
    ("bounce/bounce_01.txt", "default", "addr"): ("python-list-owner@python.org", EMPTY_ADDR_SENDER),
    ("bounce/bounce_01.txt", "compat32", "addr"): ("python-list-owner@python.org", EMPTY_ADDR_SENDER),
    ("enmime/mail/qp-utf8-header-recursed.raw", "default", "addr"): (
        "jamehi03@jamehi03lx.noa.com",
        "the second mailbox of From has an RFC 2047 word that decodes to a line break; the default "
        "policy raises ValueError on the whole header and gives no sender, where the first mailbox "
        "is plain; compat32 reads it as we do"),
    ("enmime/mail/qp-utf8-header-recursed.raw", "default", "name"): (
        "James Hillyerd", "as for its address: the default policy raises on the header"),
    ("enmime/low-quality/bad-header-start.raw", "default", "addr"): (
        "james@makita.skynet",
        "the first header line, ' From: James Hillyerd <james@makita.skynet>', is indented; with no "
        "field before it to continue (RFC 5322 section 2.2.3) the indentation is the damage, not "
        "the field, and we read the sender, where Python drops the whole line"),
    ("enmime/low-quality/bad-header-start.raw", "compat32", "addr"): (
        "james@makita.skynet", "as under the default policy: Python drops the indented first line"),
    ("enmime/low-quality/bad-header-start.raw", "default", "name"): (
        "James Hillyerd", "as for its address: Python drops the indented first line"),
    ("enmime/low-quality/bad-header-start.raw", "compat32", "name"): (
        "James Hillyerd", "as for its address: Python drops the indented first line"),
    ("enmime/mail/mime-bad-content-transfer-encoding.raw", "default", "body"): (
        "ploozdect  nispplul swunkglap", "the plain part says base64 but holds plain words (a space inside a line, and a "
              "length no base64 can have, RFC 2045 section 6.8); we read it as it is, line by "
              "line, where Python gives the undecodable lines back joined with no line break, so "
              "the last word of each line runs into the first of the next"),
    ("enmime/mail/mime-bad-content-transfer-encoding.raw", "compat32", "body"): (
        "ploozdect  nispplul swunkglap", "as under the default policy: Python joins the undecodable lines"),
    ("enmime/low-quality/incorrect-charset.raw", "default", "body"): (
        "Y [ˈʏpsilɔn], Yen [jɛn]",
        "the part says us-ascii but holds 8-bit bytes, which us-ascii cannot (RFC 2046 section "
        "4.1.2), and they are valid UTF-8; we read them as UTF-8, where Python decodes us-ascii with "
        "replacement characters, and 'ʏpsilɔn' becomes 'psil'"),
    ("enmime/low-quality/incorrect-charset.raw", "compat32", "body"): (
        "Y [ˈʏpsilɔn], Yen [jɛn]", "as under the default policy: Python reads the UTF-8 as us-ascii"),
}


def source_files():
    """{source: (messages, not mail)} with names as 'source/dir/file'; None where a source is absent."""
    found = {}
    for name, package, mail_globs, other_globs in SOURCES:
        messages = sorted(p for g in mail_globs for p in glob.glob(g))
        others = sorted(p for g in other_globs for p in glob.glob(g))
        found[name] = (messages, others) if messages else None
    return found


def label(source, path):
    if source in ("cpython", "bounce"):
        return source + "/" + os.path.basename(path)
    return "enmime/" + os.path.relpath(path, ENMIME)


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


def html_text(content):
    parser = TextOf()
    parser.feed(content)
    return " ".join(parser.parts)


def words(text):
    return set(w.casefold() for w in re.findall(r"\w+", text))


def python_date(value):
    try:
        date = email.utils.parsedate_to_datetime(str(value))
    except (TypeError, ValueError):
        return None
    return int(date.timestamp()) if date.tzinfo is not None else None


def read_default(raw):
    """The fields as the modern policy reads them, or None where it finds no header field."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    if not message.keys():
        return None
    fields = {"subject": e2e.collapse_ws(str(message.get("Subject", ""))), "name": "", "addr": "",
              "date": python_date(message.get("Date")), "body": ""}
    try:
        sender = message.get("From")
        if sender is not None and sender.addresses:
            fields["name"] = sender.addresses[0].display_name
            fields["addr"] = sender.addresses[0].addr_spec
    except Exception as e:  # noqa: BLE001 - the header registry has bugs of its own: any of them will do
        fields["name"] = fields["addr"] = "(raises %s)" % type(e).__name__
    body = message.get_body(preferencelist=("plain", "html"))
    if body is not None:
        try:
            content = body.get_content()
        except (LookupError, UnicodeError, AssertionError):
            content = ""
        fields["body"] = html_text(content) if body.get_content_subtype() == "html" else content
    return fields


def read_compat32(raw):
    """The fields as the legacy policy reads them, or None where it finds no header field."""
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    if not message.keys():
        return None

    def decoded(value):
        if value is None:
            return ""
        try:
            return str(email.header.make_header(email.header.decode_header(str(value))))
        except (UnicodeError, LookupError, email.errors.HeaderParseError):
            return str(value)

    name, addr = email.utils.parseaddr(decoded(message.get("From")))
    fields = {"subject": e2e.collapse_ws(decoded(message.get("Subject"))), "name": name, "addr": addr,
              "date": python_date(message.get("Date")), "body": ""}
    # The first text part that is not an attachment, plain or HTML, as get_body() would choose
    # for a simple message.
    for part in message.walk():
        if (part.is_multipart() or part.get_content_maintype() != "text"
                or part.get_content_subtype() not in ("plain", "html")
                or part.get_content_disposition() == "attachment"):
            continue
        payload = part.get_payload(decode=True) or b""
        try:
            content = payload.decode(part.get_content_charset() or "us-ascii", "replace")
        except LookupError:
            content = payload.decode("latin-1")
        fields["body"] = html_text(content) if part.get_content_subtype() == "html" else content
        break
    return fields


def differences(ours, python):
    """{field: (ours, Python's)} where our import and Python's reading disagree."""
    found = {}
    if e2e.collapse_ws(ours["subject"] or "") != python["subject"]:
        found["subject"] = (ours["subject"], python["subject"])
    if (ours["from_addr"] or "").casefold() != python["addr"].casefold():
        found["addr"] = (ours["from_addr"], python["addr"])
    if e2e.collapse_ws(ours["from_name"] or "") != e2e.collapse_ws(python["name"]):
        found["name"] = (ours["from_name"], python["name"])
    if python["date"] is not None and e2e.parse_iso_utc(ours["date"]) != python["date"]:
        found["date"] = (ours["date"], python["date"])
    expected = words(python["body"])
    missing = expected - words(ours["text"])
    if missing:
        found["body"] = ("%d of %d words missing" % (len(missing), len(expected)), sorted(missing)[:6])
    return found


def mbox_of(raws):
    """One mboxrd mailbox of RAWS: a From_ line before each (a message's own, if it has one) and
    '>' before every line of it that reads as one."""
    out = bytearray()
    for raw in raws:
        raw = raw.replace(b"\r\n", b"\n")
        if raw.startswith(b"From "):
            envelope, _, raw = raw.partition(b"\n")
        else:
            envelope = b"From public-mail@example.org Thu Jan  1 00:00:00 2004"
        out += envelope + b"\n"
        out += re.sub(rb"(?m)^(>*From )", rb">\1", raw)
        if not raw.endswith(b"\n"):
            out += b"\n"
        out += b"\n"
    return bytes(out)


def key_of(item):
    return (item["subject"], item["from_name"], item["from_addr"], item["date"], item["text"].rstrip("\n"))


class PublicMail(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.files = source_files()
        cls.tmp = tempfile.mkdtemp(prefix="intake-e2e-public-")
        cls.counts = collections.Counter()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)
        print("\n" + "\n".join("%s: %d" % kv for kv in sorted(cls.counts.items())), file=sys.stderr)

    def messages(self):
        """(label, path, bytes) of every message file, in order."""
        for source, (paths, _) in self.files.items():
            self.assertGreaterEqual(len(paths), MINIMUM[source], "%s: too few messages" % source)
            for path in paths:
                with open(path, "rb") as f:
                    yield label(source, path), path, f.read()

    def import_one(self, n, path):
        """The one item the import of PATH made, with its text, or None with the import's result."""
        project = os.path.join(self.tmp, "one-%d.intake" % n)
        result = e2e.run("import", "-p", project, path, "--json")
        if result.returncode != 0:
            return None, result
        summary = e2e.import_summary_of(result)
        self.assertEqual(e2e.check_accounting(summary, path), [])
        self.assertLessEqual(summary["imported"], 1, path)
        if summary["imported"] == 0:
            return None, result
        # The first submission of a new project; show says all that list does, and the text.
        return e2e.show_json(project, 1), result

    def test_public_mail(self):
        problems = []
        ours_by_label = {}
        raws = []
        known_seen = set()
        messages = list(self.messages())
        with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
            imports = list(pool.map(self.import_one, range(len(messages)), [m[1] for m in messages]))
        for (name, path, raw), (item, result) in zip(messages, imports):
            self.counts["messages"] += 1
            readings = {"default": read_default(raw), "compat32": read_compat32(raw)}
            if readings["default"] is None and readings["compat32"] is None:
                # Not mail: named alone, the import must refuse it in one line.
                self.counts["not parsed by Python"] += 1
                if item is not None:
                    problems.append("%s: imported, but Python finds no header field in it" % name)
                else:
                    problems.extend("%s: %s" % (name, p) for p in e2e.one_line_error(result))
                continue
            raws.append(raw)
            for policy, python in readings.items():
                self.counts["parsed by Python (%s)" % policy] += python is not None
            if item is None:
                problems.append("%s: not imported (%s)" % (name, result.describe()))
                continue
            self.counts["imported"] += 1
            ours_by_label[name] = item
            for policy, python in readings.items():
                if python is None:
                    problems.append("%s: the %s policy finds no header field" % (name, policy))
                    continue
                found = differences(item, python)
                for field in ("subject", "addr", "name", "date", "body"):
                    known = KNOWN.get((name, policy, field))
                    self.counts["%s (%s): %s" % (field, policy, "differs" if field in found else "agrees")] += 1
                    if known is not None:
                        known_seen.add((name, policy, field))
                        if field not in found:
                            problems.append("%s [%s]: %s is listed as a known difference but agrees now; "
                                            "remove it from KNOWN" % (name, policy, field))
                        elif field == "body" and known[0] not in item["text"]:
                            problems.append("%s [%s]: the text lacks %r, which the known difference says"
                                            % (name, policy, known[0]))
                        elif field != "body" and found[field][0] != known[0]:
                            problems.append("%s [%s]: %s %r, the known difference says %r"
                                            % (name, policy, field, found[field][0], known[0]))
                        continue
                    if field in found:
                        problems.append("%s [%s]: %s: ours %r, Python reads %r"
                                        % ((name, policy, field) + found[field]))
                if re.search(r"[\x00-\x08\x0b-\x1f\x7f]", item["text"]):
                    problems.append("%s: control characters in the stored text" % name)
        for stale in sorted(set(KNOWN) - known_seen):
            problems.append("%s [%s]: %s is listed in KNOWN but was not compared" % stale)

        problems.extend(self.check_folder(ours_by_label))
        problems.extend(self.check_mbox(raws, ours_by_label))
        if problems:
            self.fail("%d disagreements with Python's reading of public test mail:\n%s"
                      % (len(problems), "\n".join(problems)))

    def check_folder(self, ours_by_label):
        """All files, mail or not, as one folder of .eml: what is mail is imported, the rest skipped."""
        problems = []
        folder = os.path.join(self.tmp, "eml")
        os.mkdir(folder)
        not_mail = set()
        for source, (paths, others) in self.files.items():
            for path in paths + others:
                copy = os.path.join(folder, label(source, path).replace("/", "-") + ".eml")
                shutil.copyfile(path, copy)
                if label(source, path) not in ours_by_label:
                    not_mail.add(copy)
        self.assertGreater(len(not_mail), 10, "the images and sounds beside the messages are missing")
        project = os.path.join(self.tmp, "folder.intake")
        summary = e2e.import_json(project, folder)
        problems.extend(e2e.check_accounting(summary, folder))
        if summary["imported"] + summary["duplicates"] != len(ours_by_label):
            problems.append("folder: %d imported and %d duplicates, expected %d messages"
                            % (summary["imported"], summary["duplicates"], len(ours_by_label)))
        if summary["rejected"]:
            problems.append("folder: rejected %s" % summary["errors"])
        skipped = {s["file"]: s["reason"] for s in summary["skipped"]}
        for path in sorted(not_mail):
            if not skipped.get(path):
                problems.append("folder: %s is not mail but is not skipped with a reason" % path)
        for path in sorted(set(skipped) - not_mail):
            problems.append("folder: %s skipped (%s), but it is mail" % (path, skipped[path]))
        self.counts["not mail skipped in a folder"] = len(set(skipped) & not_mail)
        return problems

    def check_mbox(self, raws, ours_by_label):
        """Every message as one mbox: the same messages, read the same as one by one."""
        problems = []
        path = os.path.join(self.tmp, "public.mbox")
        with open(path, "wb") as f:
            f.write(mbox_of(raws))
        project = os.path.join(self.tmp, "mbox.intake")
        summary = e2e.import_json(project, path)
        problems.extend(e2e.check_accounting(summary, path))
        if summary["seen"] != len(raws) or summary["rejected"]:
            problems.append("mbox: seen %d, rejected %d, expected %d messages all read"
                            % (summary["seen"], summary["rejected"], len(raws)))
        # A Message-ID that comes again is a duplicate, as the importer counts it; so is,
        # without one, the same sender, subject and text.
        expected, seen = [], set()
        for item in ours_by_label.values():
            same = item["message_id"] or (item["from_addr"].casefold(), e2e.collapse_ws(item["subject"]),
                                          e2e.collapse_ws(item["text"]))
            if same in seen:
                continue
            seen.add(same)
            expected.append(key_of(item))
        if summary["duplicates"] != len(ours_by_label) - len(expected):
            problems.append("mbox: %d duplicates, expected %d"
                            % (summary["duplicates"], len(ours_by_label) - len(expected)))
        items = e2e.list_json(project)
        with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
            texts = pool.map(lambda item: e2e.show_json(project, item["id"])["text"], items)
        found = []
        for item, text in zip(items, texts):
            item["text"] = text
            found.append(key_of(item))
        missing = collections.Counter(expected) - collections.Counter(found)
        extra = collections.Counter(found) - collections.Counter(expected)
        for key in missing:
            problems.append("mbox: read differently from its own file: %r" % (key[:4],))
        for key in extra:
            problems.append("mbox: %r is not as its own file reads" % (key[:4],))
        self.counts["imported from one mbox"] = summary["imported"]
        return problems


if __name__ == "__main__":
    absent = [package for (name, package, _, _), found in zip(SOURCES, source_files().values()) if not found]
    if absent:
        print("SKIP: public test mail is not installed; install %s (build-aux/dev setup does)"
              % " ".join(absent), file=sys.stderr)
        sys.exit(77)
    try:
        e2e.binary()
    except e2e.SetupError as e:
        print("SETUP ERROR: %s" % e, file=sys.stderr)
        sys.exit(2)
    unittest.main(verbosity=2)
