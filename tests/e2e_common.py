"""Helpers shared by the end-to-end tests of the feedback-intake command line.

The tests drive the real binary (FEEDBACK_INTAKE) on mailboxes generated at test
time by the shared corpus generator (INTAKE_SHARED_DIR/corpus/make-mailbox.py),
and compare what the command line reports with the generator's ground truth.
Standard library only.
"""
import calendar
import json
import os
import re
import signal
import subprocess
import sys
import time
import unittest

# A subcommand that hangs must fail the test, not the whole suite's timeout.
COMMAND_TIMEOUT = 240

ISO_UTC = re.compile(r"^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)Z$")


class SetupError(Exception):
    pass


def binary():
    path = os.environ.get("FEEDBACK_INTAKE")
    if not path:
        raise SetupError("FEEDBACK_INTAKE is not set: it must hold the path of the built feedback-intake")
    if not os.access(path, os.X_OK):
        raise SetupError("FEEDBACK_INTAKE=%s is not an executable file" % path)
    return path


def generator():
    shared = os.environ.get("INTAKE_SHARED_DIR")
    if not shared:
        raise SetupError("INTAKE_SHARED_DIR is not set: it must hold the directory with corpus/make-mailbox.py")
    path = os.path.join(shared, "corpus", "make-mailbox.py")
    if not os.path.isfile(path):
        raise SetupError("the mailbox generator is missing: %s" % path)
    return path


def child_env():
    env = dict(os.environ)
    # Subcommands must run headless; without a display an accidental window
    # fails fast instead of appearing on the developer's screen.
    for var in ("DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(var, None)
    # Untranslated messages, UTF-8 file names and output.
    env["LC_ALL"] = "C.UTF-8"
    env.pop("LANGUAGE", None)
    return env


class Result:
    def __init__(self, args, returncode, stdout, stderr):
        self.args = args
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr

    def describe(self):
        status = str(self.returncode)
        if self.returncode < 0:
            status = "killed by %s (a crash; with G_DEBUG=fatal-warnings a GLib warning does this)" % (
                signal.Signals(-self.returncode).name)
        return "command: %s\nexit status: %s\nstdout: %s\nstderr: %s" % (
            " ".join(self.args), status, short(self.stdout), short(self.stderr))


def short(data, limit=600):
    if isinstance(data, bytes):
        data = data.decode("utf-8", "replace")
    return repr(data if len(data) <= limit else data[:limit] + "…(%d more characters)" % (len(data) - limit))


def run(*args):
    """Runs feedback-intake with ARGS; returns a Result with bytes stdout/stderr."""
    cmd = [binary()] + [str(a) for a in args]
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env=child_env(), timeout=COMMAND_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise AssertionError("command did not finish within %d s: %s" % (COMMAND_TIMEOUT, " ".join(cmd)))
    return Result(cmd, p.returncode, p.stdout, p.stderr)


def run_json(*args):
    """Runs a subcommand that must succeed and print one JSON document; returns it parsed."""
    r = run(*args)
    if r.returncode != 0:
        raise AssertionError("expected exit status 0\n" + r.describe())
    try:
        return json.loads(r.stdout.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise AssertionError("stdout is not one UTF-8 JSON document (%s)\n%s" % (e, r.describe()))


def import_json(project, *inputs):
    """Runs `import --json` and checks the summary's shape; returns the summary."""
    return check_import_summary(run_json("import", "-p", project, *inputs, "--json"))


def import_summary_of(result):
    """The summary printed by an `import --json` RESULT that must have exited 0."""
    if result.returncode != 0:
        raise AssertionError("expected exit status 0\n" + result.describe())
    try:
        return check_import_summary(json.loads(result.stdout.decode("utf-8")))
    except (UnicodeDecodeError, ValueError) as e:
        raise AssertionError("stdout is not one UTF-8 JSON document (%s)\n%s" % (e, result.describe()))


def check_import_summary(summary):
    """Checks the shape of an import summary; returns it."""
    if not isinstance(summary, dict):
        raise AssertionError("import --json printed %s, expected an object" % short(json.dumps(summary)))
    for key in ("files", "seen", "imported", "duplicates", "rejected"):
        if not isinstance(summary.get(key), int) or isinstance(summary.get(key), bool):
            raise AssertionError("import --json: field %r is %r, expected an integer; summary: %s"
                                 % (key, summary.get(key), short(json.dumps(summary))))
    if not isinstance(summary.get("errors"), list):
        raise AssertionError("import --json: field 'errors' is %r, expected an array" % (summary.get("errors"),))
    for e in summary["errors"]:
        for key in ("file", "position", "reason"):
            if not isinstance(e, dict) or not isinstance(e.get(key), str):
                raise AssertionError("import --json: error entry %r lacks a string %r" % (e, key))
    return summary


def check_accounting(summary, where):
    """The import's accounting identity: every message seen is imported, a duplicate or rejected."""
    problems = []
    total = summary["imported"] + summary["duplicates"] + summary["rejected"]
    if summary["seen"] != total:
        problems.append("%s: seen=%d but imported + duplicates + rejected = %d + %d + %d = %d"
                        % (where, summary["seen"], summary["imported"], summary["duplicates"],
                           summary["rejected"], total))
    if len(summary["errors"]) != summary["rejected"]:
        problems.append("%s: rejected=%d but the errors array has %d entries"
                        % (where, summary["rejected"], len(summary["errors"])))
    return problems


def list_json(project):
    items = run_json("list", "-p", project, "--json")
    if not isinstance(items, list):
        raise AssertionError("list --json printed %s, expected an array" % short(json.dumps(items)))
    return items


def show_json(project, sid):
    item = run_json("show", "-p", project, str(sid), "--json")
    if not isinstance(item, dict):
        raise AssertionError("show %s --json printed %s, expected an object" % (sid, short(json.dumps(item))))
    return item


def stats_json(project):
    return run_json("stats", "-p", project, "--json")


def make_mailbox(fmt, count, seed, out, truth_path, crlf=False):
    """Writes a mailbox with the shared generator and returns its ground truth."""
    cmd = [sys.executable, generator(), "--count", str(count), "--seed", str(seed),
           "--format", fmt, "--out", out, "--truth", truth_path]
    if crlf:
        cmd.append("--crlf")
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=COMMAND_TIMEOUT)
    if p.returncode != 0:
        raise SetupError("the mailbox generator failed: %s\n%s" % (" ".join(cmd), p.stderr.decode("utf-8", "replace")))
    with open(truth_path, encoding="utf-8") as f:
        return json.load(f)


def iso_utc(unix):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(unix))


def parse_iso_utc(value):
    """Unix time of an ISO 8601 UTC date in the contract's form, or None if it is not in that form."""
    m = ISO_UTC.match(value) if isinstance(value, str) else None
    if not m:
        return None
    return calendar.timegm(tuple(int(g) for g in m.groups()) + (0, 0, 0))


def collapse_ws(s):
    return " ".join(s.split())


def contains_phrase(text, phrase):
    """True if TEXT holds PHRASE.

    Exact substring first; failing that, a comparison with every run of
    whitespace collapsed to one space, because extractors re-wrap lines
    (PDF text comes back with the generator's line breaks, HTML with its
    paragraph breaks) and that is not a defect.
    """
    return phrase in text or collapse_ws(phrase) in collapse_ws(text)


def one_line_error(result):
    """Problems with a failing command's output: it must exit non-zero, normally (not on a
    signal), with exactly one non-empty line on stderr."""
    problems = []
    if result.returncode == 0:
        problems.append("expected a non-zero exit status, got 0")
    elif result.returncode < 0:
        problems.append("the process was killed by signal %d (a crash, not an error exit)" % -result.returncode)
    err = result.stderr.decode("utf-8", "replace")
    lines = err.splitlines()
    if len(lines) != 1 or not lines[0].strip():
        problems.append("expected exactly one non-empty line on stderr, got %d line(s): %s" % (len(lines), short(err)))
    return problems


def main():
    """unittest.main, with a set-up problem reported as one clear line and a hard failure."""
    try:
        binary()
        generator()
    except SetupError as e:
        print("SETUP ERROR: %s" % e, file=sys.stderr)
        sys.exit(2)
    unittest.main(verbosity=2)
