#!/usr/bin/env python3
# Copyright 2026 Argyle Feedback Intake developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks of the shipped data that need no build: the sample mailbox behind
"Try a Sample", the icons, the MIME type and the French translation.

The sample mailbox is committed together with the script that writes it;
this test makes sure the two agree and that the mailbox still holds every
case it is there to show (encodings, charsets, attachments, a resend, a
reply, mboxrd quoting).  The source root is the parent of INTAKE_TESTS_DIR.
Prints TAP.
"""

import email
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from email import policy
from email.headerregistry import Address
from pathlib import Path

ROOT = Path(os.environ.get("INTAKE_TESTS_DIR", Path(__file__).resolve().parent)).resolve().parent
DATA = ROOT / "data"
SAMPLE_DIR = DATA / "sample"
SAMPLE = SAMPLE_DIR / "sample.mbox"
APP_ID = "com.argylepr.FeedbackIntake"
MIME_TYPE = "application/x-feedback-intake-project"
EXAMPLE_DOMAINS = {"example.org", "example.net", "example.com"}
MESSAGE_ID_DOMAIN = "sample.feedback-intake.invalid"
SVG_NS = "{http://www.w3.org/2000/svg}"
FRENCH_WORDS = (" le ", " la ", " les ", " des ", " est ", " et ", " que ", " pour ", " une ")

_results = []


def check(name, condition, detail=""):
    _results.append((bool(condition), name, detail))


def split_mboxrd(data):
    """Split an mboxrd file into (envelope line, message bytes), undoing
    the ">From " quoting.  A separator is a "From " line at the start of
    the file or after a blank line."""
    entries = []
    lines = data.split(b"\n")
    current = None
    previous_blank = True
    for line in lines:
        if line.startswith(b"From ") and previous_blank:
            current = [line, []]
            entries.append(current)
        elif current is not None:
            current[1].append(re.sub(rb"^>(>*From )", rb"\1", line))
        previous_blank = (line == b"")
    result = []
    for envelope, body in entries:
        # The blank line before the next separator belongs to the mbox.
        while body and body[-1] == b"":
            body.pop()
        result.append((envelope, b"\n".join(body) + b"\n"))
    return result


def all_defects(msg):
    return [d for part in msg.walk() for d in part.defects]


def body_text(msg):
    body = msg.get_body(preferencelist=("plain", "html"))
    return body, (body.get_content() if body is not None else "")


def addr_domain(address):
    return address.domain.lower()


def check_sample():
    check("sample.mbox exists", SAMPLE.is_file(), str(SAMPLE))
    if not SAMPLE.is_file():
        return
    committed = SAMPLE.read_bytes()

    # The committed mailbox is exactly what the script writes.
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "sample.mbox"
        proc = subprocess.run([sys.executable, str(SAMPLE_DIR / "write-sample.py"), "-o", str(out)],
                              capture_output=True, text=True)
        check("write-sample.py runs", proc.returncode == 0, proc.stderr.strip())
        regenerated = out.read_bytes() if out.is_file() else b""
    check("sample.mbox is what write-sample.py writes", regenerated == committed,
          "run data/sample/write-sample.py and commit its output")

    entries = split_mboxrd(committed)
    check("sample has 30 messages", len(entries) == 30, f"found {len(entries)}")

    messages = []
    for envelope, raw in entries:
        msg = email.message_from_bytes(raw, policy=policy.default)
        messages.append((envelope, raw, msg))

    bad = [m["Message-ID"] for _, _, m in messages if all_defects(m)]
    check("every sample message parses without defects", not bad, ", ".join(map(str, bad)))

    missing = [str(m["Message-ID"]) for _, _, m in messages
               if not all(m[h] for h in ("From", "To", "Date", "Subject", "Message-ID"))]
    check("every sample message has From, To, Date, Subject and Message-ID", not missing,
          ", ".join(missing))

    ids = [str(m["Message-ID"]) for _, _, m in messages]
    check("Message-IDs are in the sample's .invalid domain",
          all(i.endswith("@" + MESSAGE_ID_DOMAIN + ">") for i in ids))
    counts = Counter(ids)
    repeated = [i for i, n in counts.items() if n > 1]
    check("exactly one message is resent", len(repeated) == 1 and counts[repeated[0]] == 2,
          f"repeated: {repeated}")
    if len(repeated) == 1:
        copies = [raw for _, raw, m in messages if str(m["Message-ID"]) == repeated[0]]
        check("the resend is byte-identical", len(set(copies)) == 1)

    # Only example.* addresses: nobody real receives mail because of the sample.
    foreign = []
    for envelope, _, msg in messages:
        sender = envelope.split()[1].decode("ascii")
        if sender.rsplit("@", 1)[-1].lower() not in EXAMPLE_DOMAINS:
            foreign.append(sender)
        for header in ("From", "To", "Cc", "Reply-To"):
            for address in getattr(msg[header], "addresses", ()):
                if addr_domain(address) not in EXAMPLE_DOMAINS:
                    foreign.append(address.addr_spec)
    check("all addresses use example.org, example.net or example.com", not foreign,
          ", ".join(foreign))

    texts = {}
    undecodable = []
    for _, _, msg in messages:
        body, text = body_text(msg)
        texts[str(msg["Message-ID"])] = text
        if not text.strip() or "\ufffd" in text:
            undecodable.append(str(msg["Message-ID"]))
    check("every body decodes to text without replacement characters", not undecodable,
          ", ".join(undecodable))

    french = {i for i, t in texts.items()
              if sum(w in f" {t.lower()} " for w in FRENCH_WORDS) >= 4}
    check("at least six messages are in French", len(french) >= 6, f"found {len(french)}")

    def count(predicate):
        return sum(1 for envelope, raw, msg in messages if predicate(envelope, raw, msg))

    def parts(msg):
        return [p for p in msg.walk() if not p.is_multipart()]

    def raw_header(raw, name):
        head = raw.split(b"\n\n", 1)[0]
        m = re.search(rb"^" + name.encode() + rb":(.*(?:\n[ \t].*)*)", head, re.MULTILINE | re.IGNORECASE)
        return m.group(1) if m else b""

    check("an RFC 2047 encoded subject", count(lambda e, r, m: b"=?" in raw_header(r, "Subject")) >= 3)
    check("an RFC 2047 encoded sender name", count(lambda e, r, m: b"=?" in raw_header(r, "From")) >= 3)
    check("an ISO-8859-1 encoded word", count(lambda e, r, m: b"=?iso-8859-1?" in r.lower()) >= 1)
    check("a quoted-printable body",
          count(lambda e, r, m: any(p["Content-Transfer-Encoding"] == "quoted-printable"
                                    for p in parts(m))) >= 1)
    check("a base64 text body",
          count(lambda e, r, m: any(p.get_content_maintype() == "text"
                                    and p["Content-Transfer-Encoding"] == "base64"
                                    for p in parts(m))) >= 1)
    check("a Windows-1252 body with 8-bit characters",
          count(lambda e, r, m: any(p.get_content_charset() == "windows-1252"
                                    and re.search(rb"[\x80-\x9f]", p.get_payload(decode=True))
                                    for p in parts(m))) >= 1)
    check("an HTML-only message with a style block",
          count(lambda e, r, m: m.get_content_type() == "text/html"
                and "<style" in m.get_content()) >= 1)
    check("a multipart/alternative message",
          count(lambda e, r, m: m.get_content_type() == "multipart/alternative") >= 1)

    id_set = set(ids)
    check("a reply to another sample message",
          count(lambda e, r, m: m["In-Reply-To"] and str(m["In-Reply-To"]).strip() in id_set
                and str(m["In-Reply-To"]).strip() != str(m["Message-ID"])) >= 1)

    attachments = {}
    for _, raw, msg in messages:
        for att in msg.iter_attachments():
            attachments[att.get_filename()] = (att, raw)
    names = sorted(attachments)
    check("TXT, DOCX and ODT attachments",
          any(n.endswith(".txt") for n in names) and any(n.endswith(".docx") for n in names)
          and any(n.endswith(".odt") for n in names), ", ".join(names))
    rfc2231 = [n for n, (att, raw) in attachments.items()
               if not n.isascii() and b"filename*=" in raw]
    check("a non-ASCII attachment name, RFC 2231 encoded", rfc2231, ", ".join(names))

    for name, (att, _) in attachments.items():
        if name.endswith(".docx"):
            check_package(name, att.get_content(), "word/document.xml",
                          "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t",
                          ["[Content_Types].xml", "_rels/.rels"])
        elif name.endswith(".odt"):
            data = att.get_content()
            check_package(name, data, "content.xml",
                          "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}p",
                          ["META-INF/manifest.xml"])
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                first = zf.infolist()[0]
                check(f"{name}: mimetype comes first, stored",
                      first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
                      and zf.read("mimetype") == b"application/vnd.oasis.opendocument.text")
        elif name.endswith(".txt"):
            check(f"{name}: has text", len(att.get_content().split()) > 50)

    # mboxrd: a body line "From " is stored as ">From ", and ">From " as ">>From ".
    check("mboxrd quoting of a body line starting with From",
          re.search(rb"^>From ", committed, re.MULTILINE)
          and any(re.search(r"^From ", t, re.MULTILINE) for t in texts.values()))
    check("mboxrd quoting of a body line starting with >From",
          re.search(rb"^>>From ", committed, re.MULTILINE)
          and any(re.search(r"^>From ", t, re.MULTILINE) for t in texts.values()))


def check_package(name, data, text_member, text_tag, other_members):
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as e:
        check(f"{name}: is a zip package", False, str(e))
        return
    with zf:
        members = set(zf.namelist())
        check(f"{name}: has its package members",
              text_member in members and all(m in members for m in other_members),
              ", ".join(sorted(members)))
        check(f"{name}: zip members are intact", zf.testzip() is None)
        if text_member in members:
            tree = ET.fromstring(zf.read(text_member))
            text = " ".join(e.text or "" for e in tree.iter(text_tag))
            check(f"{name}: {text_member} holds the text", len(text.split()) > 50,
                  f"{len(text.split())} words")


def check_icons():
    icons = (
        (DATA / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg", "0 0 128 128"),
        (DATA / "icons/hicolor/symbolic/apps" / f"{APP_ID}-symbolic.svg", "0 0 16 16"),
    )
    for path, view_box in icons:
        try:
            root = ET.parse(path).getroot()
        except (OSError, ET.ParseError) as e:
            check(f"{path.name} is an SVG document", False, str(e))
            continue
        check(f"{path.name} is an SVG document", root.tag == f"{SVG_NS}svg", root.tag)
        check(f"{path.name} has viewBox {view_box}", root.get("viewBox") == view_box,
              str(root.get("viewBox")))
        # GTK recolours only fills of symbolic icons; other colours would stay.
        if "symbolic" in path.name:
            colours = {e.get("fill") for e in root.iter() if e.get("fill")}
            check(f"{path.name} uses one foreground colour", colours == {"#2e3436"},
                  ", ".join(sorted(colours)))
            check(f"{path.name} has no strokes",
                  not any(e.get("stroke") for e in root.iter()))


def check_mime():
    ns = "{http://www.freedesktop.org/standards/shared-mime-info}"
    path = DATA / f"{APP_ID}.mime.xml"
    root = ET.parse(path).getroot()
    types = {t.get("type"): t for t in root.iter(f"{ns}mime-type")}
    check("MIME file declares the project type", MIME_TYPE in types, ", ".join(types))
    if MIME_TYPE in types:
        globs = [g.get("pattern") for g in types[MIME_TYPE].iter(f"{ns}glob")]
        check("project type matches *.intake", globs == ["*.intake"], ", ".join(map(str, globs)))
    desktop = (DATA / f"{APP_ID}.desktop.in").read_text(encoding="utf-8")
    check("desktop file opens the project type",
          re.search(r"^MimeType=.*\b" + re.escape(MIME_TYPE) + ";", desktop, re.MULTILINE))


def check_po():
    po = ROOT / "po" / "fr.po"
    text = po.read_text(encoding="utf-8")
    check("fr.po declares its language", '"Language: fr\\n"' in text)
    check("fr.po declares French plural forms",
          '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"' in text)
    check("fr.po is UTF-8", '"Content-Type: text/plain; charset=UTF-8\\n"' in text)
    msgfmt = shutil.which("msgfmt")
    if msgfmt:
        proc = subprocess.run([msgfmt, "--check", "-o", os.devnull, str(po)],
                              capture_output=True, text=True)
        check("msgfmt --check accepts fr.po", proc.returncode == 0, proc.stderr.strip())
    linguas = (ROOT / "po" / "LINGUAS").read_text(encoding="utf-8").split()
    missing = [lang for lang in linguas if not (ROOT / "po" / f"{lang}.po").is_file()]
    check("every language in LINGUAS has a .po file", not missing, ", ".join(missing))


def check_flatpak():
    manifest = json.loads((ROOT / "flatpak" / f"{APP_ID}.json").read_text(encoding="utf-8"))
    check("Flatpak manifest builds the app id", manifest.get("id") == APP_ID, str(manifest.get("id")))
    check("Flatpak manifest runs feedback-intake", manifest.get("command") == "feedback-intake")
    args = manifest.get("finish-args", [])
    # Offline and portals only: no network, no direct file system access.
    forbidden = [a for a in args
                 if a.startswith(("--share=network", "--filesystem", "--socket=session-bus",
                                  "--socket=system-bus", "--device=all", "--talk-name"))]
    check("Flatpak sandbox has no network, file system or bus holes", not forbidden,
          ", ".join(forbidden))
    check("Flatpak sandbox can show a window",
          {"--socket=wayland", "--socket=fallback-x11"} <= set(args), ", ".join(args))
    modules = manifest.get("modules", [])
    archives = [(m.get("name"), src) for m in modules for src in m.get("sources", [])
                if src.get("type") == "archive"]
    unchecked = [name for name, src in archives
                 if not re.fullmatch(r"[0-9a-f]{64}", src.get("sha256", ""))]
    check("Flatpak archive sources carry a sha256", not unchecked, ", ".join(unchecked))
    check("Flatpak manifest builds libpff, for Outlook data files",
          any(m.get("name") == "libpff" for m in modules))
    last = modules[-1] if modules else {}
    check("Flatpak manifest builds this source tree last",
          last.get("buildsystem") == "meson"
          and {"type": "dir", "path": ".."} in last.get("sources", []))


def main():
    for group in (check_sample, check_icons, check_mime, check_po, check_flatpak):
        try:
            group()
        except Exception as e:  # report and go on: one broken file must not hide the rest
            check(f"{group.__name__} ran", False, f"{type(e).__name__}: {e}")

    print(f"1..{len(_results)}")
    failed = 0
    for number, (ok, name, detail) in enumerate(_results, 1):
        print(f"{'ok' if ok else 'not ok'} {number} - {name}")
        if not ok:
            failed += 1
            if detail:
                print(f"# {detail}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
