#!/usr/bin/env python3
# Copyright 2026 Argyle Feedback Intake developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""po/POTFILES must name every file with translatable strings, and only
files that exist: a string in a file left out never reaches translators.

Scans src/ (C sources and headers) and data/ui/ (GtkBuilder files), and
checks that the translatable data files (desktop entry, metainfo, GSettings
schema) are listed too.  The source root is the parent of INTAKE_TESTS_DIR.
Exit status 0 when POTFILES is complete, 1 otherwise, with each problem on
its own line.
"""

import os
import re
import sys
from pathlib import Path

# _("…"), N_("…"), C_("ctx", "…"), NC_(…), with or without a space before
# the parenthesis (both spellings occur in GNOME code).
_MARKED = re.compile(r'(?<![A-Za-z0-9_])(?:NC_|N_|C_|_)\s*\(\s*"')
# The plural and domain-explicit gettext calls.
_CALLS = re.compile(r'(?<![A-Za-z0-9_])(?:g_dngettext|g_dpgettext2?|dngettext|ngettext)\s*\(')
# GtkBuilder: translatable="yes" (GTK also accepts true and 1).
_BUILDER = re.compile(r'\btranslatable\s*=\s*["\'](?:yes|true|1)["\']', re.IGNORECASE)

_SOURCE_SUFFIXES = {".c", ".h"}
_UI_SUFFIXES = {".ui"}
_DATA_PATTERNS = ("*.desktop.in", "*.metainfo.xml.in", "*.gschema.xml")


def read_potfiles(path):
    listed = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        # Blank lines, comments and "[encoding: …]" directives name no file.
        if not line or line.startswith("#") or line.startswith("["):
            continue
        listed.append((number, line))
    return listed


def has_translatable_strings(path):
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        text = path.read_text(encoding="latin-1")
    if path.suffix in _UI_SUFFIXES:
        return bool(_BUILDER.search(text))
    return bool(_MARKED.search(text) or _CALLS.search(text))


def files_needing_translation(root):
    found = set()
    for sub, suffixes in (("src", _SOURCE_SUFFIXES), ("data/ui", _UI_SUFFIXES)):
        base = root / sub
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.is_file() and path.suffix in suffixes and has_translatable_strings(path):
                found.add(path.relative_to(root).as_posix())
    data = root / "data"
    for pattern in _DATA_PATTERNS:
        for path in sorted(data.glob(pattern)):
            found.add(path.relative_to(root).as_posix())
    return found


def main():
    tests_dir = os.environ.get("INTAKE_TESTS_DIR")
    if not tests_dir:
        print("INTAKE_TESTS_DIR is not set: it must name the tests/ source directory")
        return 1
    root = Path(tests_dir).resolve().parent
    potfiles = root / "po" / "POTFILES"
    if not potfiles.is_file():
        print(f"{potfiles} does not exist")
        return 1

    listed = read_potfiles(potfiles)
    problems = []

    seen = set()
    for number, name in listed:
        if name in seen:
            problems.append(f"po/POTFILES:{number}: {name} is listed twice")
        seen.add(name)
        if not (root / name).is_file():
            problems.append(f"po/POTFILES:{number}: {name} does not exist")

    for name in sorted(files_needing_translation(root) - seen):
        problems.append(f"{name} has translatable strings but is not in po/POTFILES")

    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"po/POTFILES lists all {len(seen)} files with translatable strings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
