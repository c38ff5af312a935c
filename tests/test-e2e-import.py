#!/usr/bin/env python3
"""End-to-end import of generated mailboxes (mbox, Maildir, .eml), checked against the
generator's ground truth through `import`, `list`, `show` and `stats` with --json."""
import concurrent.futures
import json
import os
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.environ.get("INTAKE_TESTS_DIR") or os.path.dirname(os.path.abspath(__file__)))
import e2e_common as e2e  # noqa: E402

COUNT = 300

# The MIME type each attachment kind is declared with in the generated mail.
ATTACHMENT_MIME = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "txt": "text/plain",
}

# None of these occurs in any generated submission's text; each comes only from the HTML
# markup (tags, script, style) that clean text must not contain.
HTML_LEFTOVERS = ["tracking", "<p>", "document.write", "p{margin"]

MAX_REPORTED = 40


def field_problem(where, field, expected, got):
    return "%s: %s: expected %r, got %r" % (where, field, expected, got)


class ImportAgainstTruth(unittest.TestCase):

    def import_and_check(self, fmt, seed, crlf):
        with tempfile.TemporaryDirectory(prefix="intake-e2e-%s-" % fmt) as tmp:
            out = os.path.join(tmp, {"mbox": "inbox.mbox", "maildir": "Maildir", "eml": "eml"}[fmt])
            truth = e2e.make_mailbox(fmt, COUNT, seed, out, os.path.join(tmp, "truth.json"), crlf=crlf)
            project = os.path.join(tmp, "consultation.intake")
            problems = self.check(fmt, truth, project, out)
        if problems:
            extra = len(problems) - MAX_REPORTED
            msg = "\n".join(problems[:MAX_REPORTED])
            if extra > 0:
                msg += "\n… and %d more problems" % extra
            self.fail("%s import (seed %d) disagrees with the ground truth:\n%s" % (fmt, seed, msg))

    def check(self, fmt, truth, project, out):
        problems = []
        distinct = [t for t in truth["submissions"] if t.get("duplicate_of") is None]
        resends = sum(1 for t in truth["submissions"] if t.get("exact_resend"))
        written = truth["messages_written"]
        self.assertEqual(len(distinct), truth["distinct_submissions"], "ground truth is inconsistent")
        self.assertGreater(resends, 0, "seed chosen so that the mailbox holds exact resends")

        # First import.
        summary = e2e.import_json(project, out)
        where = "%s: first import" % fmt
        for field, expected in (("seen", written), ("imported", len(distinct)),
                                ("duplicates", resends), ("rejected", 0)):
            if summary[field] != expected:
                problems.append(field_problem(where, field, expected, summary[field]))
        if fmt == "mbox" and summary["files"] != 1:
            problems.append(field_problem(where, "files", 1, summary["files"]))
        if summary["files"] < 1:
            problems.append(field_problem(where, "files", ">= 1", summary["files"]))
        problems += e2e.check_accounting(summary, where)
        for err in summary["errors"][:5]:
            problems.append("%s: unexpected rejection: %s" % (where, json.dumps(err, ensure_ascii=False)))

        items = e2e.list_json(project)
        if len(items) != len(distinct):
            problems.append(field_problem("%s: list --json" % fmt, "length", len(distinct), len(items)))

        # Match list entries to the truth: by Message-ID, else by sender, subject and date.
        by_mid = {}
        by_key = {}
        for it in items:
            if not isinstance(it, dict) or "id" not in it:
                problems.append("%s: list entry without an id: %r" % (fmt, it))
                continue
            if it.get("message_id"):
                by_mid.setdefault(it["message_id"], []).append(it)
            by_key.setdefault((it.get("from_addr"), it.get("subject"), it.get("date")), []).append(it)
        pairs = []
        used = set()
        for t in distinct:
            if t["message_id"]:
                found = by_mid.get(t["message_id"], [])
                label = "message_id=%s" % t["message_id"]
            else:
                found = by_key.get((t["from_addr"], t["subject"], e2e.iso_utc(t["date_unix"])), [])
                label = "no message_id, from_addr=%s subject=%r date=%s" % (
                    t["from_addr"], t["subject"], e2e.iso_utc(t["date_unix"]))
            if len(found) != 1:
                problems.append("%s: submission %s (truth index %d): %d list entries match, expected 1"
                                % (fmt, label, t["index"], len(found)))
                continue
            if str(found[0]["id"]) in used:
                problems.append("%s: list entry id %s matches more than one truth record" % (fmt, found[0]["id"]))
            used.add(str(found[0]["id"]))
            pairs.append((t, found[0], "%s: submission %s" % (fmt, label)))

        for t, it, where in pairs:
            problems += self.check_fields(t, it, where + " [list]")
            n = it.get("attachments")
            if n != len(t["attachments"]):
                problems.append(field_problem(where + " [list]", "attachments", len(t["attachments"]), n))
            if not isinstance(it.get("status"), str) or not it["status"]:
                problems.append(field_problem(where + " [list]", "status", "a non-empty string", it.get("status")))

        # Every submission's full record, a few processes at a time.
        workers = max(2, os.cpu_count() or 2)
        with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
            shows = list(pool.map(lambda p: self.show_or_error(project, p[1]["id"]), pairs))
        for (t, it, where), shown in zip(pairs, shows):
            if isinstance(shown, str):
                problems.append("%s: show failed: %s" % (where, shown))
                continue
            problems += self.check_shown(t, it, shown, where + " [show]")

        # Re-importing the same input changes nothing: every message is a duplicate.
        again = e2e.import_json(project, out)
        where = "%s: second import of the same input" % fmt
        for field, expected in (("seen", written), ("imported", 0), ("duplicates", written), ("rejected", 0)):
            if again[field] != expected:
                problems.append(field_problem(where, field, expected, again[field]))
        problems += e2e.check_accounting(again, where)
        after = e2e.list_json(project)
        if len(after) != len(items):
            problems.append(field_problem(where, "list length", len(items), len(after)))

        stats = e2e.stats_json(project)
        where = "%s: stats --json after both imports" % fmt
        expected_stats = {"submissions": len(distinct),
                          "attachments": sum(len(t["attachments"]) for t in distinct),
                          "duplicates": resends + written,
                          "rejected": 0}
        for field, expected in expected_stats.items():
            if stats.get(field) != expected:
                problems.append(field_problem(where, field, expected, stats.get(field)))
        return problems

    @staticmethod
    def show_or_error(project, sid):
        try:
            return e2e.show_json(project, sid)
        except AssertionError as e:
            return str(e)

    @staticmethod
    def check_fields(t, it, where):
        problems = []
        for field in ("subject", "from_name", "from_addr"):
            if it.get(field) != t[field]:
                problems.append(field_problem(where, field, t[field], it.get(field)))
        if t["message_id"] and it.get("message_id") != t["message_id"]:
            problems.append(field_problem(where, "message_id", t["message_id"], it.get("message_id")))
        expected_date = e2e.iso_utc(t["date_unix"])
        if it.get("date") != expected_date:
            problems.append(field_problem(where, "date", expected_date, it.get("date")))
        return problems

    def check_shown(self, t, it, shown, where):
        problems = self.check_fields(t, shown, where)
        if str(shown.get("id")) != str(it["id"]):
            problems.append(field_problem(where, "id", it["id"], shown.get("id")))
        if shown.get("in_reply_to") != t["in_reply_to"]:
            problems.append(field_problem(where, "in_reply_to", t["in_reply_to"], shown.get("in_reply_to")))
        text = shown.get("text")
        if not isinstance(text, str):
            return problems + [field_problem(where, "text", "a string", text)]

        atts = shown.get("attachments")
        if not isinstance(atts, list):
            return problems + [field_problem(where, "attachments", "an array", atts)]
        names = [a.get("filename") if isinstance(a, dict) else a for a in atts]
        expected_names = [a["filename"] for a in t["attachments"]]
        if names != expected_names:
            problems.append(field_problem(where, "attachments[].filename", expected_names, names))
        search_from = 0
        if names == expected_names:
            for a, ta in zip(atts, t["attachments"]):
                mime = (a.get("mime_type") or "").split(";")[0].strip().lower()
                if mime != ATTACHMENT_MIME[ta["kind"]]:
                    problems.append(field_problem(where, "attachments[%s].mime_type" % ta["filename"],
                                                  ATTACHMENT_MIME[ta["kind"]], a.get("mime_type")))
                if not isinstance(a.get("size"), int) or a["size"] <= 0:
                    problems.append(field_problem(where, "attachments[%s].size" % ta["filename"],
                                                  "a positive integer", a.get("size")))
                if not isinstance(a.get("text_chars"), int) or a["text_chars"] <= 0:
                    problems.append(field_problem(where, "attachments[%s].text_chars" % ta["filename"],
                                                  "a positive integer (text was extracted)", a.get("text_chars")))
                # The attachment's text follows a heading line naming the file, after the body.
                heading = next((i for i, line in enumerate(text.splitlines(True)) if ta["filename"] in line), None)
                if heading is None:
                    problems.append("%s: text: no heading line naming %r; text: %s"
                                    % (where, ta["filename"], e2e.short(text)))
                else:
                    search_from = len("".join(text.splitlines(True)[:heading + 1]))
                    if not e2e.contains_phrase(text[:search_from], "Please find my written submission attached."):
                        problems.append("%s: text: the message body does not come before the heading for %r; text: %s"
                                        % (where, ta["filename"], e2e.short(text)))

        # With an attachment, the truth's phrases are the attachment's text.
        for phrase in t["phrases"]:
            if not e2e.contains_phrase(text[search_from:], phrase):
                problems.append("%s: text: phrase %r is missing%s; text: %s"
                                % (where, phrase, " after the attachment heading" if search_from else "",
                                   e2e.short(text)))
        for bad in HTML_LEFTOVERS:
            if bad in text:
                problems.append("%s: text: holds HTML leftover %r (%s); text: %s"
                                % (where, bad, "HTML-only mail" if t.get("html_only") else "mail",
                                   e2e.short(text)))
        return problems

    def test_mbox(self):
        self.import_and_check("mbox", 101, crlf=False)

    def test_maildir(self):
        self.import_and_check("maildir", 202, crlf=True)

    def test_eml(self):
        self.import_and_check("eml", 303, crlf=True)


class ListAcrossPages(unittest.TestCase):
    """list prints its rows a page (512) at a time: across pages, the rows
    are all there, once each, in order, in one JSON document."""

    def test_list_of_more_than_two_pages(self):
        with tempfile.TemporaryDirectory(prefix="intake-e2e-list-") as tmp:
            mbox = os.path.join(tmp, "inbox.mbox")
            truth = e2e.make_mailbox("mbox", 1200, 41, mbox, os.path.join(tmp, "truth.json"))
            project = os.path.join(tmp, "consultation.intake")
            e2e.import_json(project, mbox)

            items = e2e.list_json(project)
            self.assertEqual(len(items), truth["distinct_submissions"])
            ids = [it["id"] for it in items]
            self.assertGreater(len(ids), 2 * 512, "the corpus spans more than two pages")
            self.assertEqual(len(set(ids)), len(ids), "a row printed twice")

            # The plain listing is the same rows in the same order.
            plain = e2e.run("list", "-p", project)
            self.assertEqual(plain.returncode, 0, plain.describe())
            self.assertEqual([int(line.split()[0]) for line in plain.stdout.decode().splitlines()], ids)

            # A filter lists a subset, in its own order, whole too.
            found = e2e.run_json("list", "-p", project, "--search", "school", "--json")
            self.assertTrue(0 < len(found) < len(ids))
            self.assertTrue(set(it["id"] for it in found) <= set(ids))
            self.assertEqual(len(set(it["id"] for it in found)), len(found))


if __name__ == "__main__":
    e2e.main()
