#!/usr/bin/env python3
"""End-to-end reports through the command line: a generated corpus is imported, given
attributes from the generator's truth and coded with `attribute`, `status` and `code`,
then exported in every format with `export`.

- The XML is valid against data/report/feedback-intake-report.rng (xmllint) and every
  figure in it (code frequencies with the hierarchy, cross-tab cells and column totals,
  suppression at thresholds 5, 3 and 1, co-occurrences) equals what this test computes
  from the codings, which it reads back with `show --json` per submission.
- With redaction on no e-mail address, phone number, postal code or sender name of the
  corpus is in any export (XML, HTML, PDF through pdftotext, both CSVs); with --no-redact
  they are where they were coded.
- The HTML parses and is inert; pdftotext finds the headings, code names and counts; the
  CSV rows are the codings and the matrix the coded codes.
- Hostile text (control characters, "]]>", "<script>", right-to-left marks, a 1 MB
  excerpt, a code renamed to a hostile name through a .qdc) gives valid XML, inert HTML
  and defused CSV cells; bad arguments give one-line errors and never a half-written file.
"""
import collections
import csv
import hashlib
import html.parser
import io
import json
import os
import re
import subprocess
import sys

# A 1 MB excerpt is one field.
csv.field_size_limit(sys.maxsize)
import tempfile
import unittest
import xml.etree.ElementTree as ET

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.environ.get("INTAKE_TESTS_DIR") or os.path.dirname(os.path.abspath(__file__)))
import e2e_common as e2e  # noqa: E402

COUNT = 80
SEED = 17
QDC_NS = "{urn:QDA-XML:codebook:1.0}"

GROUP = "Respondent group"
BOARD = "School board"
LANGUAGE = "Language"
IDENTITY = "Self-identified identity"
CROSSTAB_ATTRIBUTES = (GROUP, BOARD, IDENTITY)

ROLE_VALUES = {"student": "Student", "parent": "Parent or guardian", "teacher": "Teacher or school staff",
               "administrator": "Administrator", "officer": "Police officer", "community": "Community member"}
LANGUAGE_VALUES = {"en": "English", "fr": "French"}
IDENTITY_VALUES = {"Black": "Black", "Indigenous": "Indigenous", "racialized": "Racialized",
                   "newcomer": "Newcomer", "white": "White"}

STANCE_CODES = {"keep": "Stance on the programme/Keep as is",
                "change": "Stance on the programme/Keep with changes",
                "remove": "Stance on the programme/Remove or replace",
                "unclear": "Stance on the programme/Unclear or mixed"}
THEME_CODES = {"trust": "Experiences/Trust in police",
               "safety": "Experiences/Feels safer",
               "racism": "Equity lens/Racial profiling or differential treatment",
               "alternatives": "Alternatives and recommendations/Counsellors, social workers, mental health",
               "mentorship": "Programme activities/Mentorship and relationships",
               "criminalization": "Equity lens/Criminalization (school-to-prison pipeline)",
               "campaign": "Programme activities/Presence and visibility"}
NEEDS_REDACTION = "Flags/Needs redaction"
QUOTABLE = "Flags/Quotable"
OFF_TOPIC = "Flags/Off-topic"

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
PHONE_RE = re.compile(r"(?<!\d)403[-. ]?\d{3}[-. ]?\d{4}(?!\d)")
POSTAL_RE = re.compile(r"\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d\b")

SCHEMA_NAME = "feedback-intake-report.rng"


def schema_path():
    tests = os.environ.get("INTAKE_TESTS_DIR") or os.path.dirname(os.path.abspath(__file__))
    return os.path.normpath(os.path.join(tests, "..", "data", "report", SCHEMA_NAME))


def local(tag):
    return tag.rsplit("}", 1)[-1]


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def digest(path):
    return hashlib.sha256(read_bytes(path)).hexdigest()


def suppress(count, threshold):
    """The figure a report shows for COUNT: None when suppressed."""
    return None if 0 < count < threshold else count


# ---- Reading the exports -------------------------------------------------------------

def read_csv(path):
    """The rows of a CSV export, checked for the byte order mark and CRLF record ends."""
    data = read_bytes(path)
    if not data.startswith(b"\xef\xbb\xbf"):
        raise AssertionError("%s does not start with a UTF-8 byte order mark: %r" % (path, data[:20]))
    text = data[3:].decode("utf-8")
    if text and not text.endswith("\r\n"):
        raise AssertionError("%s does not end its last record with CRLF" % path)
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    if not rows:
        raise AssertionError("%s has no header" % path)
    return rows


def csv_records_end_in_crlf(path):
    """True when every record (outside quotes) ends with CRLF and no bare LF or CR is outside quotes."""
    text = read_bytes(path)[3:].decode("utf-8")
    quoted = False
    i = 0
    while i < len(text):
        c = text[i]
        if c == '"':
            quoted = not quoted
        elif not quoted and c == "\r":
            if text[i + 1:i + 2] != "\n":
                return False
            i += 1
        elif not quoted and c == "\n":
            return False
        i += 1
    return not quoted


def defused(text):
    """A text cell as the CSV writes it: a formula start gets an apostrophe."""
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


class TextAndTags(html.parser.HTMLParser):
    """Collects an HTML file's text and its tags with their attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        self.text.extend(v for _, v in attrs if v)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        self.text.append(data)


def parse_html(path):
    parser = TextAndTags()
    parser.feed(read_bytes(path).decode("utf-8"))
    parser.close()
    return parser


def xml_text(path):
    """All the character data and attribute values of an XML file, entities resolved."""
    parts = []
    for element in ET.parse(path).getroot().iter():
        parts.extend(element.attrib.values())
        parts.append(element.text or "")
        parts.append(element.tail or "")
    return "\n".join(parts)


def pdf_text(path):
    p = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=e2e.COMMAND_TIMEOUT)
    if p.returncode != 0:
        raise AssertionError("pdftotext failed on %s: %s" % (path, p.stderr.decode("utf-8", "replace")))
    return p.stdout.decode("utf-8")


def xmllint(path):
    """None when PATH is valid against the report's schema, else xmllint's complaint."""
    p = subprocess.run(["xmllint", "--noout", "--relaxng", schema_path(), path], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=e2e.COMMAND_TIMEOUT)
    if p.returncode == 0:
        return None
    return p.stderr.decode("utf-8", "replace")[-2000:]


def count_of(element):
    """An element's submissions count: an int, or None when it is suppressed."""
    if element.get("suppressed") == "true":
        if element.get("submissions") is not None:
            raise AssertionError("<%s> is suppressed and still carries a count" % local(element.tag))
        return None
    if element.get("submissions") is None:
        raise AssertionError("<%s %r> has neither a count nor suppressed=\"true\"" % (local(element.tag), element.attrib))
    return int(element.get("submissions"))


def value_of(element):
    """The attribute value a column or count is about; None for "not recorded"."""
    if element.get("recorded") == "false":
        return None
    return element.get("value")


class ReportXml:
    """The figures of an XML report, read by the element and attribute names of the
    shipped schema (data/report/feedback-intake-report.rng and its README)."""

    def __init__(self, path):
        self.root = ET.parse(path).getroot()

    def elements(self, name, within=None):
        root = self.root if within is None else within
        return [e for e in root.iter() if local(e.tag) == name]

    def section(self, name):
        found = [c for c in self.root if local(c.tag) == name]
        if not found:
            raise AssertionError("the XML report has no <%s> section" % name)
        return found[0]

    @staticmethod
    def children(element, name):
        return [c for c in element if local(c.tag) == name]

    def code_figures(self):
        """{guid: (submissions, excerpts)} of the codes section."""
        return {code.get("guid"): (int(code.get("submissions")), int(code.get("excerpts")))
                for code in self.elements("code", self.section("codes"))}

    def code_parents(self):
        """{guid: parent guid or None}, from the nesting of the codes section."""
        parents = {}

        def walk(element, parent):
            for code in self.children(element, "code"):
                parents[code.get("guid")] = parent
                walk(code, code.get("guid"))

        walk(self.section("codes"), None)
        return parents

    def crosstabs(self):
        """{attribute: {"columns": [value or None], "totals": [count or None],
        "cells": {guid: [count or None, in column order]}}}"""
        tables = {}
        for table in self.elements("crosstab", self.section("crosstabs")):
            columns = self.children(self.children(table, "columns")[0], "column")
            numbers = [int(c.get("n")) for c in columns]
            cells = {}
            for row in self.children(table, "row"):
                by_column = {int(cell.get("column")): count_of(cell) for cell in self.children(row, "cell")}
                if sorted(by_column) != sorted(numbers):
                    raise AssertionError("row %s of the %s cross-tab has cells for columns %r, not %r"
                                         % (row.get("path"), table.get("attribute"), sorted(by_column), numbers))
                cells[row.get("code")] = [by_column[n] for n in numbers]
            tables[table.get("attribute")] = {"columns": [value_of(c) for c in columns],
                                              "totals": [count_of(c) for c in columns], "cells": cells}
        return tables

    def cooccurrence(self):
        """{(a, b): count or None}, each pair once, a before b in codebook order."""
        return {(pair.get("a"), pair.get("b")): count_of(pair)
                for pair in self.elements("pair", self.section("cooccurrence"))}

    def quote_texts(self):
        return ["".join(text.itertext()) for quote in self.elements("quote")
                for text in self.children(quote, "text")]


# ---- The corpus and what the test computes from its codings ---------------------------

def codebook_codes(path):
    """[(guid, name, parent guid)] of a .qdc file, parents first."""
    codes = []

    def walk(element, parent):
        for code in element.findall(QDC_NS + "Code"):
            codes.append((code.get("guid"), code.get("name"), parent))
            walk(code, code.get("guid"))

    walk(ET.parse(path).getroot().find(QDC_NS + "Codes"), None)
    return codes


class Codebook:
    def __init__(self, qdc):
        self.codes = codebook_codes(qdc)
        self.parent = {guid: parent for guid, _, parent in self.codes}
        self.name = {guid: name for guid, name, _ in self.codes}
        self.path = {}
        for guid, name, parent in self.codes:
            self.path[guid] = name if parent is None else self.path[parent] + "/" + name
        self.guid_of_path = {path: guid for guid, path in self.path.items()}
        self.order = [guid for guid, _, _ in self.codes]

    def ancestors_and_self(self, guid):
        while guid is not None:
            yield guid
            guid = self.parent[guid]

    def subtree(self, guid):
        return {g for g in self.order if guid in self.ancestors_and_self(g)}


class Expected:
    """The figures the report must show, computed here from `show --json`."""

    def __init__(self, codebook, shown):
        self.codebook = codebook
        self.selected = [s for s in shown.values() if s["status"] != "excluded"]
        self.closure = []
        for s in self.selected:
            applied = {codebook.guid_of_path[c["code"]] for c in s["codings"]}
            self.closure.append({a for g in applied for a in codebook.ancestors_and_self(g)})

    def submissions(self):
        return len(self.selected)

    def coded_submissions(self):
        return sum(1 for s in self.selected if s["codings"])

    def code_figures(self):
        figures = {}
        for guid in self.codebook.order:
            subtree = self.codebook.subtree(guid)
            submissions = sum(1 for c in self.closure if guid in c)
            excerpts = sum(1 for s in self.selected for c in s["codings"]
                           if c["start"] is not None and self.codebook.guid_of_path[c["code"]] in subtree)
            figures[guid] = (submissions, excerpts)
        return figures

    def crosstab(self, attribute, threshold):
        values = [s["attributes"].get(attribute) for s in self.selected]
        columns = sorted({v for v in values if v is not None})
        table = {"totals": {}, "cells": {}}
        for value in columns + [None]:
            table["totals"][value] = suppress(sum(1 for v in values if v == value), threshold)
        for guid in self.codebook.order:
            table["cells"][guid] = {
                value: suppress(sum(1 for v, c in zip(values, self.closure) if v == value and guid in c), threshold)
                for value in columns + [None]}
        return columns, table

    def cooccurrence(self, threshold):
        """{(a, b): count or None} for every pair, a before b in codebook order."""
        order = self.codebook.order
        return {(g, h): suppress(sum(1 for c in self.closure if g in c and h in c), threshold)
                for i, g in enumerate(order) for h in order[i + 1:]}


class CorpusReport(unittest.TestCase):
    """One coded project, exported once in every format; the tests read the exports."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="intake-e2e-report-")
        cls.dir = cls.tmp.name
        mbox = os.path.join(cls.dir, "inbox.mbox")
        truth = e2e.make_mailbox("mbox", COUNT, SEED, mbox, os.path.join(cls.dir, "truth.json"))
        cls.project = os.path.join(cls.dir, "consultation.intake")
        summary = e2e.import_json(cls.project, mbox)
        if summary["imported"] < COUNT - 10:
            raise AssertionError("expected about %d submissions imported, got %r" % (COUNT, summary))

        cls.items = e2e.list_json(cls.project)
        cls.ids = sorted(item["id"] for item in cls.items)
        cls.truth = cls.match_truth(truth["submissions"])
        cls.texts = {sid: e2e.show_json(cls.project, sid)["text"] for sid in cls.ids}
        cls.code_project()

        cls.qdc = os.path.join(cls.dir, "codebook.qdc")
        cls.ok("codebook", "-p", cls.project, "--export", cls.qdc)
        cls.codebook = Codebook(cls.qdc)
        # The codings as the project holds them, read back one submission at a time.
        cls.shown = {sid: e2e.show_json(cls.project, sid) for sid in cls.ids}
        cls.expected = Expected(cls.codebook, cls.shown)

        cls.project_digest = digest(cls.project)
        cls.exports = {}
        cls.export_json = {}
        cls.export_stderr = {}
        for name, fmt, extra in (
                ("xml", "xml", ()),
                ("xml-t1", "xml", ("--threshold", "1")),
                ("xml-t3", "xml", ("--threshold", "3")),
                ("xml-open", "xml", ("--no-redact",)),
                ("html", "html", ()),
                ("html-open", "html", ("--no-redact",)),
                ("pdf", "pdf", ("--paper", "a4")),
                ("pdf-open", "pdf", ("--no-redact",)),
                ("csv", "csv", ()),
                ("csv-open", "csv", ("--no-redact",)),
                ("matrix", "csv-matrix", ()),
                ("matrix-open", "csv-matrix", ("--no-redact",))):
            cls.export(name, fmt, *extra)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    @classmethod
    def ok(cls, *args):
        r = e2e.run(*args)
        if r.returncode != 0:
            raise AssertionError("expected exit status 0\n" + r.describe())
        return r

    @classmethod
    def export(cls, name, fmt, *extra):
        path = os.path.join(cls.dir, "%s%s" % (name, ".csv" if fmt.startswith("csv") else "." + fmt))
        r = cls.ok("export", "-p", cls.project, "--format", fmt, "-o", path, "--json", *extra)
        cls.exports[name] = path
        cls.export_json[name] = json.loads(r.stdout.decode("utf-8"))
        cls.export_stderr[name] = r.stderr.decode("utf-8")
        return path

    @classmethod
    def match_truth(cls, records):
        """{id: truth record}, by Message-ID and, for the messages without one, the sender."""
        by_mid = {r["message_id"]: r for r in records if r.get("duplicate_of") is None and r.get("message_id")}
        by_addr = {r["from_addr"]: r for r in records if r.get("duplicate_of") is None}
        matched = {}
        for item in cls.items:
            mid = (item.get("message_id") or "").strip("<>")
            record = by_mid.get(mid) or by_addr.get(item.get("from_addr"))
            if record is None:
                raise AssertionError("submission %s matches no message of the truth: %r" % (item["id"], item))
            matched[item["id"]] = record
        return matched

    @classmethod
    def code(cls, sid, code, reviewer="Alice", start=None, end=None):
        args = ["code", "-p", cls.project, "--reviewer", reviewer, sid, code]
        if start is not None:
            args += ["--start", start, "--end", end]
        cls.ok(*args)

    @classmethod
    def code_project(cls):
        """Attributes from the truth, a stance and the themes per submission, excerpts,
        flags, a second reviewer on some, two submissions excluded."""
        cls.redaction_spans = {}   # id: the text coded Needs redaction
        cls.signature_spans = {}   # id: the signature block coded as an excerpt
        for k, sid in enumerate(cls.ids):
            t = cls.truth[sid]
            text = cls.texts[sid]
            cls.ok("attribute", "-p", cls.project, sid, GROUP, ROLE_VALUES[t["role"]])
            cls.ok("attribute", "-p", cls.project, sid, BOARD, t["board"])
            cls.ok("attribute", "-p", cls.project, sid, LANGUAGE, LANGUAGE_VALUES[t["language"]])
            if t.get("identity"):
                cls.ok("attribute", "-p", cls.project, sid, IDENTITY, IDENTITY_VALUES[t["identity"]])

            cls.code(sid, STANCE_CODES[t["stance"]])
            themes = [THEME_CODES[theme] for theme in t["themes"]]
            for code in themes:
                cls.code(sid, code)

            phrases = [p for p in t.get("phrases", []) if p in text]
            if k % 3 == 0 and phrases:
                start = text.index(phrases[0])
                cls.code(sid, themes[0], "Alice", start, start + len(phrases[0]))
            if k % 7 == 3 and len(phrases) > 1:
                start = text.index(phrases[1])
                cls.code(sid, NEEDS_REDACTION, "Alice", start, start + len(phrases[1]))
                cls.redaction_spans[sid] = phrases[1]
            if k % 4 == 2 and "\n--\n" in text:
                start = text.rindex("\n--\n") + 4
                end = len(text.rstrip())
                cls.code(sid, OFF_TOPIC, "Alice", start, end)
                cls.signature_spans[sid] = text[start:end]
            if k % 6 == 1:
                cls.code(sid, QUOTABLE)
            if k % 5 == 0:
                # A second reviewer, agreeing on every other stance.
                other = STANCE_CODES[t["stance"]] if k % 10 == 0 else (
                    STANCE_CODES["unclear"] if t["stance"] != "unclear" else STANCE_CODES["change"])
                cls.code(sid, other, "Bernard")
                cls.code(sid, themes[-1], "Bernard")
            if k in (1, 5):  # not 2: its signature is coded and checked in the open exports
                cls.ok("status", "-p", cls.project, sid, "excluded")
            elif k % 2 == 0:
                cls.ok("status", "-p", cls.project, sid, "coded")
        if len(cls.redaction_spans) < 3 or len(cls.signature_spans) < 5:
            raise AssertionError("the corpus gave too few excerpts to code: %d Needs redaction, %d signatures"
                                 % (len(cls.redaction_spans), len(cls.signature_spans)))

    # ---- Personal information of the corpus ----

    def personal(self):
        """(kind, text) of every e-mail address, phone number, postal code and sender name."""
        found = set()
        for sid, t in self.truth.items():
            found.add(("email", t["from_addr"]))
            found.add(("name", t["from_name"]))
            if t.get("phone"):
                found.add(("phone", t["phone"]))
            for code in POSTAL_RE.findall(self.texts[sid]):
                found.add(("postal", code))
        return sorted(found)

    def export_texts(self, redacted):
        """{name: the text a person sees} of every export, redacted or not."""
        suffix = "" if redacted else "-open"
        texts = {}
        for name in ("xml", "html", "pdf", "csv", "matrix"):
            path = self.exports[name + suffix]
            if name == "xml":
                texts[name] = xml_text(path)
            elif name == "html":
                texts[name] = "\n".join(parse_html(path).text)
            elif name == "pdf":
                texts[name] = pdf_text(path)
            else:
                texts[name] = "\n".join(cell for row in read_csv(path) for cell in row)
        return texts

    # ---- The command ----

    def test_command_summary_and_read_only(self):
        for name, printed in self.export_json.items():
            with self.subTest(export=name):
                self.assertEqual(set(printed), {"path", "format", "submissions", "redacted", "threshold"})
                self.assertEqual(printed["path"], self.exports[name])
                self.assertEqual(printed["submissions"], self.expected.submissions())
                self.assertIs(printed["redacted"], not name.endswith("-open"))
                threshold = {"xml-t1": 1, "xml-t3": 3}.get(name, 5)
                self.assertEqual(printed["threshold"], threshold)
                if name.endswith("-open"):
                    lines = self.export_stderr[name].splitlines()
                    self.assertEqual(len(lines), 1, "--no-redact warns in one line: %r" % lines)
                    self.assertIn("redact", lines[0])
                else:
                    self.assertEqual(self.export_stderr[name], "")
        self.assertEqual(self.export_json["pdf"]["format"], "pdf")
        self.assertEqual(self.export_json["matrix"]["format"], "csv-matrix")

        # Without --json, one line.
        path = os.path.join(self.dir, "plain.csv")
        r = self.ok("export", "-p", self.project, "--format", "csv", "-o", path)
        self.assertEqual(r.stdout.decode("utf-8"),
                         "Wrote %s: %d submissions, redacted\n" % (path, self.expected.submissions()))

        # Reading commands never write to the project.
        self.assertEqual(digest(self.project), self.project_digest, "an export changed the project file")
        known = {os.path.basename(p) for p in self.exports.values()} | {
            "inbox.mbox", "truth.json", "codebook.qdc", "plain.csv", "filtered.csv", "some-codes.csv", "kept.csv"}
        project = os.path.basename(self.project)
        known |= {project, project + "-wal", project + "-shm"}
        self.assertEqual(sorted(set(os.listdir(self.dir)) - known), [], "an export left a file behind")

    # ---- XML ----

    def test_xml_is_valid(self):
        self.assertTrue(os.path.isfile(schema_path()), "the schema is missing: %s" % schema_path())
        for name in ("xml", "xml-t1", "xml-t3", "xml-open"):
            with self.subTest(export=name):
                complaint = xmllint(self.exports[name])
                self.assertIsNone(complaint, "%s is not valid against %s:\n%s" % (name, SCHEMA_NAME, complaint))

    def test_xml_code_frequencies(self):
        report = ReportXml(self.exports["xml"])
        got = report.code_figures()
        expected = self.expected.code_figures()
        self.assertEqual(set(got), set(expected), "the XML's codes are not the codebook's")
        wrong = ["%s: XML %r, computed %r" % (self.codebook.path[g], got[g], expected[g])
                 for g in self.codebook.order if got[g] != expected[g]]
        self.assertEqual(wrong, [], "code frequencies (submissions, excerpts) differ:\n" + "\n".join(wrong))
        # The hierarchy is counted, not summed: a group counts a submission once, though
        # two reviewers gave some of them a stance each.
        stance = self.codebook.guid_of_path["Stance on the programme"]
        self.assertEqual(got[stance][0], self.expected.submissions())

    def check_crosstabs(self, name, threshold):
        report = ReportXml(self.exports[name])
        tables = report.crosstabs()
        for attribute in CROSSTAB_ATTRIBUTES:
            with self.subTest(export=name, attribute=attribute):
                self.assertIn(attribute, tables, "no cross-tab by %s in %s" % (attribute, name))
                table = tables[attribute]
                columns, expected = self.expected.crosstab(attribute, threshold)
                values = [v for v in table["columns"] if v is not None]
                self.assertEqual(sorted(values), columns)
                problems = []
                for i, value in enumerate(table["columns"]):
                    if table["totals"][i] != expected["totals"][value]:
                        problems.append("column %r total: XML %r, computed %r"
                                        % (value, table["totals"][i], expected["totals"][value]))
                self.assertEqual(set(table["cells"]), set(self.codebook.order))
                for guid, cells in table["cells"].items():
                    for i, value in enumerate(table["columns"]):
                        if cells[i] != expected["cells"][guid][value]:
                            problems.append("%s × %r: XML %r, computed %r" % (
                                self.codebook.path[guid], value, cells[i], expected["cells"][guid][value]))
                self.assertEqual(problems, [], "\n".join(problems[:20]))

    def test_xml_crosstabs_default_threshold(self):
        self.check_crosstabs("xml", 5)
        # The default threshold suppresses something in this corpus, or the check proves little.
        _, expected = self.expected.crosstab(GROUP, 5)
        self.assertIn(None, [c for row in expected["cells"].values() for c in row.values()])

    def test_xml_crosstabs_threshold_3(self):
        self.check_crosstabs("xml-t3", 3)

    def test_xml_crosstabs_threshold_1_suppresses_nothing(self):
        self.check_crosstabs("xml-t1", 1)
        tables = ReportXml(self.exports["xml-t1"]).crosstabs()
        for attribute, table in tables.items():
            for cells in table["cells"].values():
                self.assertNotIn(None, cells, "threshold 1 suppressed a cell of %s" % attribute)

    def test_xml_cooccurrence(self):
        for name, threshold in (("xml", 5), ("xml-t3", 3), ("xml-t1", 1)):
            with self.subTest(export=name):
                got = ReportXml(self.exports[name]).cooccurrence()
                expected = self.expected.cooccurrence(threshold)
                self.assertTrue(got, "no co-occurrence in %s" % name)
                unknown = [pair for pair in got if pair not in expected]
                self.assertEqual(unknown, [], "pairs not once each, a before b in codebook order")
                # An absent pair is a count of 0.
                wrong = ["%s & %s: XML %r, computed %r" % (self.codebook.path[g], self.codebook.path[h],
                                                           got.get((g, h), 0), count)
                         for (g, h), count in expected.items() if got.get((g, h), 0) != count]
                self.assertEqual(wrong, [], "\n".join(wrong[:20]))
                self.assertNotIn(0, got.values(), "a pair nobody coded together is written")

    def test_xml_summary_and_hierarchy(self):
        for name, redacted, threshold in (("xml", True, 5), ("xml-t3", True, 3), ("xml-open", False, 5)):
            with self.subTest(export=name):
                report = ReportXml(self.exports[name])
                self.assertEqual(report.root.get("redacted"), "true" if redacted else "false")
                self.assertEqual(report.root.get("threshold"), str(threshold))
                totals = report.children(report.section("summary"), "totals")[0]
                self.assertEqual(int(totals.get("project")), len(self.ids))
                self.assertEqual(int(totals.get("selected")), self.expected.submissions())
                self.assertEqual(int(totals.get("coded")), self.expected.coded_submissions())
                codes = report.section("codes")
                self.assertEqual(int(codes.get("coded-submissions")), self.expected.coded_submissions())
                self.assertEqual(report.code_parents(), self.codebook.parent, "the codes are not nested as in the codebook")

    # ---- Redaction ----

    def test_redacted_exports_hold_no_personal_information(self):
        texts = self.export_texts(redacted=True)
        for fmt, text in texts.items():
            flat = e2e.collapse_ws(text)
            with self.subTest(export=fmt):
                leaks = [(kind, value) for kind, value in self.personal()
                         if value in text or e2e.collapse_ws(value) in flat]
                leaks += [("email pattern", m) for m in EMAIL_RE.findall(text)]
                leaks += [("phone pattern", m) for m in PHONE_RE.findall(text)]
                leaks += [("postal pattern", m) for m in POSTAL_RE.findall(text)]
                self.assertEqual(leaks, [], "the redacted %s export shows personal information" % fmt)
                if fmt != "matrix":  # a matrix holds no text, only 0s and 1s
                    self.assertIn("[redacted", text, "the redacted %s export shows no redaction marker" % fmt)
                for sid, span in self.redaction_spans.items():
                    self.assertNotIn(span, text, "a span coded %s is in the %s export" % (NEEDS_REDACTION, fmt))

    def test_open_exports_hold_what_was_coded(self):
        texts = self.export_texts(redacted=False)
        csv_text = texts["csv"]
        for sid, span in self.signature_spans.items():
            t = self.truth[sid]
            with self.subTest(submission=sid):
                # The signature was coded as an excerpt: name and phone are in its row.
                self.assertIn(span, csv_text)
                self.assertIn(t["from_name"], csv_text)
                self.assertIn(t["phone"], csv_text)
                # And in the XML, whose submissions section holds the codings' excerpts.
                self.assertIn(t["from_name"], texts["xml"])
                self.assertIn(t["phone"], texts["xml"])
                self.assertTrue(any(e2e.contains_phrase(texts["html"], p) for p in (t["from_name"],)))
        for sid, span in self.redaction_spans.items():
            self.assertIn(span, csv_text, "with --no-redact a span coded %s is shown" % NEEDS_REDACTION)
        postal = [v for kind, v in self.personal() if kind == "postal"]
        self.assertTrue(postal and any(p in texts["xml"] for p in postal))
        # The output says it is not redacted on its first page.
        self.assertNotIn("[redacted", csv_text)

    # ---- HTML ----

    def test_html_parses_and_is_inert(self):
        for name in ("html", "html-open"):
            with self.subTest(export=name):
                parsed = parse_html(self.exports[name])
                tags = [tag for tag, _ in parsed.tags]
                for banned in ("script", "iframe", "object", "embed", "link", "base", "frame", "applet"):
                    self.assertNotIn(banned, tags)
                for tag, attrs in parsed.tags:
                    for key, value in attrs:
                        self.assertFalse(key.startswith("on"), "<%s %s=…> runs script" % (tag, key))
                        if key in ("src", "href", "action", "srcset", "poster", "data", "xlink:href"):
                            self.assertTrue((value or "").startswith("#") or (value or "").startswith("data:"),
                                            "<%s %s=%r> fetches something" % (tag, key, value))
                text = "\n".join(parsed.text)
                self.assertNotIn("javascript:", text.lower())
                self.assertNotIn("@import", text)
                self.assertNotRegex(text, r"url\((?!['\"]?(#|data:))")
                for path in ("Equity lens", "Racial profiling or differential treatment", "Trust in police"):
                    self.assertIn(path, text)

    # ---- PDF ----

    def test_pdf_text(self):
        data = read_bytes(self.exports["pdf"])
        self.assertTrue(data.startswith(b"%PDF-"))
        text = e2e.collapse_ws(pdf_text(self.exports["pdf"]))
        xml = ReportXml(self.exports["xml"])
        # The headings are the XML's section titles where it has them; the codes by name.
        for name in ("Stance on the programme", "Equity lens", "Trust in police", "Feels safer",
                     "Racial profiling or differential treatment", "Respondent group", "School board"):
            self.assertIn(name, text)
        for heading in ("The consultation at a glance", "Code frequencies", "Cross-tabulations",
                        "Co-occurrence of codes", "Representative quotes"):
            self.assertIn(heading.lower(), text.lower(), "the PDF has no heading %r" % heading)
        counts = self.expected.code_figures()
        for path in ("Equity lens", "Experiences/Trust in police", "Stance on the programme"):
            count = counts[self.codebook.guid_of_path[path]][0]
            self.assertRegex(text, r"(?<!\d)%d(?!\d)" % count, "the PDF does not show %s's count %d" % (path, count))
        self.assertIn(str(self.expected.submissions()), text)
        self.assertTrue(xml.code_figures())

    # ---- CSV ----

    def codings_by_submission(self, redacted):
        """Sorted per-submission lists of (code, reviewer, start, end, excerpt) from the CSV."""
        rows = read_csv(self.exports["csv" if redacted else "csv-open"])
        header = rows[0]
        self.assertEqual(header[:7], ["Submission", "Code", "Code GUID", "Reviewer", "Start", "End", "Excerpt"])
        self.assertEqual(header[7:11], [GROUP, BOARD, LANGUAGE, IDENTITY])
        grouped = collections.defaultdict(list)
        attributes = {}
        for row in rows[1:]:
            self.assertEqual(len(row), len(header))
            pseudonym, path, guid, reviewer, start, end, excerpt = row[:7]
            self.assertRegex(pseudonym, r"^S-\d+$")
            self.assertEqual(self.codebook.path[guid], path)
            grouped[pseudonym].append((path, reviewer, start, end, excerpt))
            attributes.setdefault(pseudonym, tuple(row[7:]))
            self.assertEqual(attributes[pseudonym], tuple(row[7:]), "one submission, one set of attributes")
        return grouped, attributes

    def test_csv_rows_are_the_codings(self):
        self.assertTrue(csv_records_end_in_crlf(self.exports["csv"]))
        grouped, attributes = self.codings_by_submission(redacted=False)
        got = sorted(sorted(rows) + [attributes[p]] for p, rows in grouped.items())
        expected = []
        for s in self.expected.selected:
            if not s["codings"]:
                continue
            rows = [(c["code"], c["reviewer"],
                     "" if c["start"] is None else str(c["start"]),
                     "" if c["end"] is None else str(c["end"]),
                     "" if c["excerpt"] is None else defused(c["excerpt"])) for c in s["codings"]]
            attrs = tuple(s["attributes"].get(a, "") for a in (GROUP, BOARD, LANGUAGE, IDENTITY))
            expected.append(sorted(rows) + [attrs])
        expected.sort()
        self.assertEqual(len(got), len(expected))
        self.assertEqual(got, expected)

    def test_csv_redacted_keeps_the_codings(self):
        grouped, _ = self.codings_by_submission(redacted=True)
        open_grouped, _ = self.codings_by_submission(redacted=False)
        # The same pseudonyms in every export, the same codings, excerpts redacted.
        self.assertEqual(set(grouped), set(open_grouped))
        for pseudonym, rows in grouped.items():
            self.assertEqual(sorted((r[0], r[1], r[2] == "") for r in rows),
                             sorted((r[0], r[1], r[2] == "") for r in open_grouped[pseudonym]))
        marked = [r[4] for rows in grouped.values() for r in rows if r[0] == NEEDS_REDACTION]
        self.assertEqual(len(marked), len(self.redaction_spans))
        for excerpt in marked:
            self.assertIn("[redacted", excerpt)

    def test_csv_matrix_is_the_coded_codes(self):
        rows = read_csv(self.exports["matrix-open"])
        header = rows[0]
        self.assertEqual(header[:3], ["Submission", "Date", "Status"])
        self.assertEqual(header[3:7], [GROUP, BOARD, LANGUAGE, IDENTITY])
        self.assertEqual(header[7:], [self.codebook.path[g] for g in self.codebook.order])
        got = sorted(tuple(row[2:]) for row in rows[1:])
        expected = sorted(
            (s["status"],) + tuple(s["attributes"].get(a, "") for a in (GROUP, BOARD, LANGUAGE, IDENTITY)) +
            tuple("1" if g in closure else "0" for g in self.codebook.order)
            for s, closure in zip(self.expected.selected, self.expected.closure))
        self.assertEqual(got, expected)
        self.assertEqual(sorted(row[1] for row in rows[1:]),
                         sorted((s["date"] or "")[:10] for s in self.expected.selected))
        # The same pseudonyms as the codings CSV, and in the redacted matrix.
        grouped, _ = self.codings_by_submission(redacted=False)
        pseudonyms = {row[0] for row in rows[1:]}
        self.assertTrue(set(grouped) <= pseudonyms)
        self.assertEqual(pseudonyms, {row[0] for row in read_csv(self.exports["matrix"])[1:]})

    def test_filters_select_as_list_does(self):
        trust = "Experiences/Trust in police"
        for filters in (("--status", "coded"), ("--code", "Trust in police"), ("--code", "Equity lens"),
                        ("--attribute", "%s=French" % LANGUAGE), ("--search", "officers"),
                        ("--status", "coded", "--code", trust)):
            with self.subTest(filters=filters):
                path = os.path.join(self.dir, "filtered.csv")
                printed = e2e.run_json("export", "-p", self.project, "--format", "csv-matrix", "-o", path,
                                       "--json", *filters)
                listed = e2e.run_json("list", "-p", self.project, "--json", *filters)
                excluded = {s["id"] for s in self.shown.values() if s["status"] == "excluded"}
                if "--status" not in filters:
                    listed = [item for item in listed if item["id"] not in excluded]
                rows = read_csv(path)[1:]
                self.assertEqual(len(rows), len(listed))
                self.assertEqual(printed["submissions"], len(listed))
                self.assertGreater(len(rows), 0, "the filter was meant to select something")

    def test_codes_option_limits_the_columns(self):
        path = os.path.join(self.dir, "some-codes.csv")
        self.ok("export", "-p", self.project, "--format", "csv-matrix", "-o", path,
                "--codes", "Equity lens,Enforcement, discipline and arrests", "--codes", "trust in police")
        header = read_csv(path)[0]
        equity = self.codebook.guid_of_path["Equity lens"]
        wanted = self.codebook.subtree(equity) | {
            self.codebook.guid_of_path["Programme activities/Enforcement, discipline and arrests"],
            self.codebook.guid_of_path["Experiences/Trust in police"]}
        self.assertEqual(set(header[7:]), {self.codebook.path[g] for g in wanted})

    # ---- Bad arguments ----

    def assert_error(self, *args, mentions=None, output=None):
        r = e2e.run(*args)
        problems = e2e.one_line_error(r)
        if r.stdout:
            problems.append("expected nothing on stdout")
        if mentions and mentions not in r.stderr.decode("utf-8", "replace"):
            problems.append("expected the error line to name %r" % mentions)
        if problems:
            self.fail("\n".join(problems) + "\n" + r.describe())

    def test_bad_arguments(self):
        out = os.path.join(self.dir, "kept.csv")
        with open(out, "wb") as f:
            f.write(b"the previous export\n")
        p = self.project
        for args, mentions in (
                (("--format", "csv"), "-o"),
                (("-o", out), "--format"),
                (("--format", "docx", "-o", out), "docx"),
                (("--format", "csv", "-o", out, "--threshold", "0"), "threshold"),
                (("--format", "csv", "-o", out, "--threshold", "-3"), "threshold"),
                (("--format", "csv", "-o", out, "--threshold", "many"), "threshold"),
                (("--format", "csv", "-o", out, "--code", "No such code"), "No such code"),
                (("--format", "csv", "-o", out, "--codes", "Equity lens,No such code"), "No such code"),
                (("--format", "csv", "-o", out, "--status", "finished"), "finished"),
                (("--format", "csv", "-o", out, "--attribute", "Language"), "NAME=VALUE"),
                (("--format", "pdf", "-o", out, "--paper", "tabloid"), "tabloid"),
                (("--format", "xml", "-o", out, "--sections", "codes,gossip"), "gossip"),
                (("--format", "csv", "-o", os.path.join(self.dir, "no", "such", "dir.csv")), None),
                (("--format", "csv", "-o", p), None),
                (("--format", "csv", "-o", p + "-wal"), None),
                (("--format", "csv", "-o", self.dir), None)):
            with self.subTest(args=args):
                self.assert_error("export", "-p", p, *args, mentions=mentions)
                self.assert_error("export", "-p", p, "--json", *args, mentions=mentions)
                self.assertEqual(read_bytes(out), b"the previous export\n", "a failed export touched the output")
        self.assert_error("export", "--format", "csv", "-o", out, mentions="-p")
        self.assert_error("export", "-p", os.path.join(self.dir, "missing.intake"), "--format", "csv", "-o", out)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "missing.intake")))
        self.assertEqual(digest(self.project), self.project_digest)


def hostile_eml(paragraph):
    body = ("Hello]]> <script>alert('body')</script> & <b>bold</b>\n"
            "Controls:\x01\x02\x07\x08\x0b\x0c\x1b\x7f end.\n"
            "\u202eRight-to-left override\u202c, marks \u200f\u200e and Arabic \u0645\u0631\u062d\u0628\u0627.\n"
            "=HYPERLINK(\"http://evil.example/\")\n\n"
            + paragraph + "\n\n--\nZoë Hostile-Name\n403-555-0199\nT2X 1Y9\n")
    return ("From: =?utf-8?q?Zo=C3=AB_Hostile-Name?= <zoe.hostile@example.org>\r\n"
            "To: cpsengage@argylepr.com\r\n"
            "Subject: ]]> <script>alert('subject')</script> \u202eevil\r\n"
            "Date: Tue, 20 Apr 2021 10:00:00 -0600\r\n"
            "Message-ID: <hostile.1@example.org>\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: 8bit\r\n\r\n" + body).encode("utf-8")


class HostileReport(unittest.TestCase):
    """Hostile text in a submission and in a code's name, exported in every format."""

    HOSTILE_NAME = "=HYPERLINK(\"x\") ]]> <script>alert('code') <img src=x onerror=alert(1)> &amp; & \u202e\u200f\"quoted\""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="intake-e2e-report-hostile-")
        d = cls.tmp.name
        words = "Lorem ipsum dolor sit amet, consectetur adipiscing elit; sed do eiusmod tempor. "
        cls.paragraph = (words * (1024 * 1024 // len(words) + 1))[:1024 * 1024].strip()
        letters = os.path.join(d, "letters")
        os.mkdir(letters)
        with open(os.path.join(letters, "hostile.eml"), "wb") as f:
            f.write(hostile_eml(cls.paragraph))
        with open(os.path.join(letters, "plain.eml"), "wb") as f:
            f.write(b"From: Plain Person <plain@example.org>\r\nTo: cpsengage@argylepr.com\r\n"
                    b"Subject: Plain\r\nMessage-ID: <plain.1@example.org>\r\n"
                    b"Date: Tue, 20 Apr 2021 11:00:00 -0600\r\n\r\nKeep the officers, please.\r\n")
        cls.project = os.path.join(d, "hostile.intake")
        summary = e2e.import_json(cls.project, letters)
        if summary["imported"] != 2:
            raise AssertionError("expected both letters imported: %r" % summary)

        # A code renamed to a hostile name through a REFI-QDA codebook.
        qdc = os.path.join(d, "codebook.qdc")
        e2e.run_json("codebook", "-p", cls.project, "--export", qdc, "--json")
        tree = ET.parse(qdc)
        renamed = [c for c in tree.getroot().iter(QDC_NS + "Code") if c.get("name") == "Surveillance"]
        if len(renamed) != 1:
            raise AssertionError("the default codebook was expected to have one Surveillance code")
        renamed[0].set("name", cls.HOSTILE_NAME)
        ET.register_namespace("", QDC_NS.strip("{}"))
        tree.write(qdc, encoding="utf-8", xml_declaration=True)
        e2e.run_json("codebook", "-p", cls.project, "--import", qdc, "--json")
        cls.hostile_path = "Equity lens/" + cls.HOSTILE_NAME

        items = e2e.list_json(cls.project)
        cls.hostile_id = [it["id"] for it in items if "hostile" in (it["message_id"] or "")][0]
        cls.plain_id = [it["id"] for it in items if it["id"] != cls.hostile_id][0]
        text = e2e.show_json(cls.project, cls.hostile_id)["text"]
        if cls.paragraph not in text:
            raise AssertionError("the 1 MB paragraph did not come through the import whole")
        start = text.index(cls.paragraph)
        cls.code(cls.hostile_id, cls.hostile_path, "--start", start, "--end", start + len(cls.paragraph))
        cls.code(cls.hostile_id, "Flags/Quotable", "--start", 0, "--end", 60)
        cls.code(cls.hostile_id, cls.hostile_path)
        cls.code(cls.plain_id, "Stance on the programme/Keep as is")

        cls.exports = {}
        for name, fmt, extra in (("xml", "xml", ()), ("xml-open", "xml", ("--no-redact",)),
                                 ("html", "html", ()), ("html-open", "html", ("--no-redact",)),
                                 ("pdf", "pdf", ()), ("csv", "csv", ()), ("matrix", "csv-matrix", ())):
            path = os.path.join(d, name + (".csv" if fmt.startswith("csv") else "." + fmt))
            r = e2e.run("export", "-p", cls.project, "--format", fmt, "-o", path, *extra)
            if r.returncode != 0:
                raise AssertionError("export of hostile text failed\n" + r.describe())
            cls.exports[name] = path

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    @classmethod
    def code(cls, sid, code, *extra):
        r = e2e.run("code", "-p", cls.project, "--reviewer", "Alice", sid, code, *extra)
        if r.returncode != 0:
            raise AssertionError("expected exit status 0\n" + r.describe())

    def test_xml_valid(self):
        for name in ("xml", "xml-open"):
            with self.subTest(export=name):
                complaint = xmllint(self.exports[name])
                self.assertIsNone(complaint, complaint)
                data = read_bytes(self.exports[name]).decode("utf-8")
                self.assertIsNone(re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", data), "a control character is in the XML")
                text = xml_text(self.exports[name])
                self.assertIn(self.HOSTILE_NAME, text, "the hostile code name is not in the XML as text")
                if name == "xml-open":
                    self.assertIn("<script>alert('body')</script>", text)
                    self.assertIn("\u202eevil", text)  # the subject, in the submissions section
                quotes = ReportXml(self.exports[name]).quote_texts()
                self.assertTrue(quotes, "the hostile report has no quotes")
                for quoted in quotes:
                    self.assertLessEqual(len(quoted), 1100, "a quote is not cut to about 1000 characters")

    def test_html_inert(self):
        for name in ("html", "html-open"):
            with self.subTest(export=name):
                parsed = parse_html(self.exports[name])
                self.assertNotIn("script", [tag for tag, _ in parsed.tags])
                for tag, attrs in parsed.tags:
                    for key, value in attrs:
                        self.assertFalse(key.startswith("on"))
                        if key in ("src", "href"):
                            self.assertTrue((value or "").startswith(("#", "data:")), (tag, key, value))
                text = "\n".join(parsed.text)
                self.assertIn(self.HOSTILE_NAME, text)
                if name == "html-open":
                    self.assertIn("<script>alert('body')</script>", text)

    def test_pdf(self):
        text = pdf_text(self.exports["pdf"])
        self.assertIn("Equity lens", text)

    def test_csv_cells(self):
        rows = read_csv(self.exports["csv"])
        hostile = [r for r in rows[1:] if r[2] and r[1] == defused(self.hostile_path)]
        paths = sorted(r[1] for r in rows[1:])
        self.assertEqual(len(hostile), 2, "expected the hostile code's two codings; paths: %r" % paths)
        excerpt = [r for r in hostile if r[4]][0]
        self.assertEqual(len(excerpt[6]), len(self.paragraph), "the 1 MB excerpt is not whole in the CSV")
        self.assertEqual(excerpt[6], self.paragraph)
        matrix = read_csv(self.exports["matrix"])
        # A code path is a text cell like any other: "Equity lens/=…" needs no apostrophe,
        # but the header is the path, whole.
        self.assertIn(self.hostile_path, matrix[0])
        self.assertTrue(csv_records_end_in_crlf(self.exports["csv"]))
        self.assertNotIn("Zoë Hostile-Name", "\n".join(c for r in rows for c in r))
        self.assertNotIn("403-555-0199", "\n".join(c for r in rows for c in r))


if __name__ == "__main__":
    e2e.main()
