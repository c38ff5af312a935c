#!/usr/bin/env python3
# Copyright 2026 Argyle Feedback Intake developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""The README's first command, as a new user's machine runs it.

Runs `build-aux/dev run` from a clean environment: nothing but PATH and an
empty HOME (no GSETTINGS_* variables, no session bus, no schema installed
anywhere), under an Xvfb of its own, and checks that the window opens.  Also
runs the built binary with --help and --version there, and checks that the
bare binary without its schema says so in one line instead of aborting.
The build folder is INTAKE_BUILD_DIR.  Prints TAP.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(os.environ.get("INTAKE_TESTS_DIR", Path(__file__).resolve().parent)).resolve().parent
BUILD = Path(os.environ["INTAKE_BUILD_DIR"]).resolve()
BINARY = BUILD / "src" / "app" / "feedback-intake"
APP_ID = "com.argylepr.FeedbackIntake"

results = []


def check(name, ok, detail=""):
    results.append((name, ok, detail))


def clean_env(home, **extra):
    # BUILDDIR only names the folder the suite already built, so the run
    # does not configure a second build; it adds nothing to the app's
    # environment.
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home)}
    env.update(extra)
    return env


def schema_installed():
    for base in ("/usr/local/share", "/usr/share"):
        if (Path(base) / "glib-2.0" / "schemas" / f"{APP_ID}.gschema.xml").exists():
            return True
    return False


def window_opens(home):
    # The window is named after the project it opens: the default one in
    # the empty HOME.  xwininfo lists it once it is mapped.
    script = r"""
build-aux/dev run >"$HOME/run.log" 2>&1 &
pid=$!
for i in $(seq 1 150); do
  if xwininfo -root -tree | grep -q '"Consultation.intake"'; then
    echo WINDOW-OPEN
    break
  fi
  if ! kill -0 $pid 2>/dev/null; then
    break
  fi
  sleep 0.2
done
kill $pid 2>/dev/null
wait $pid 2>/dev/null
exit 0
"""
    proc = subprocess.run(
        ["env", "-i", *[f"{k}={v}" for k, v in clean_env(home, BUILDDIR=BUILD).items()],
         "xvfb-run", "-a", "-s", "-screen 0 1280x800x24", "sh", "-c", script],
        cwd=ROOT, capture_output=True, text=True, timeout=180)
    log = (home / "run.log").read_text(errors="replace") if (home / "run.log").exists() else ""
    return "WINDOW-OPEN" in proc.stdout, proc.stdout + proc.stderr + log


def main():
    if shutil.which("xvfb-run") is None or shutil.which("xwininfo") is None:
        print("1..0 # SKIP xvfb-run or xwininfo is missing")
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)

        check("no schema is installed on this machine", not schema_installed(),
              "the test needs a machine where the app is not installed")

        home = tmp / "home-run"
        home.mkdir()
        opened, output = window_opens(home)
        check("build-aux/dev run opens the window from a clean environment", opened, output[-2000:])
        check("the default project was created in the empty HOME",
              (home / ".local" / "share" / "feedback-intake" / "Consultation.intake").is_file())

        for option, expected in (("--help", "Usage:"), ("--version", "feedback-intake ")):
            home = tmp / ("home" + option)
            home.mkdir()
            proc = subprocess.run([str(BINARY), option], env=clean_env(home),
                                  capture_output=True, text=True, timeout=30)
            check(f"the built binary's {option} prints and exits 0",
                  proc.returncode == 0 and expected in proc.stdout,
                  f"exit {proc.returncode}: {proc.stdout}{proc.stderr}")

        # The translations built in the build folder, found without installing.
        home = tmp / "home-fr"
        home.mkdir()
        proc = subprocess.run(
            ["env", "-i", *[f"{k}={v}" for k, v in clean_env(
                home, BUILDDIR=BUILD, LANG="C.UTF-8", LANGUAGE="fr").items()],
             "build-aux/dev", "run", "--help"],
            cwd=ROOT, capture_output=True, text=True, timeout=120)
        check("build-aux/dev run speaks French when asked",
              proc.returncode == 0 and "Utilisation" in proc.stdout
              and "Ouvre le projet" in proc.stdout,
              f"exit {proc.returncode}: {proc.stdout}{proc.stderr}")

        home = tmp / "home-bare"
        home.mkdir()
        proc = subprocess.run([str(BINARY)], env=clean_env(home),
                              capture_output=True, text=True, timeout=30)
        lines = proc.stderr.strip().splitlines()
        check("without its schema the bare binary says so in one line and exits 1",
              proc.returncode == 1 and len(lines) == 1 and "schema" in lines[0]
              and "build-aux/dev run" in lines[0],
              f"exit {proc.returncode}: {proc.stderr}")

    print(f"1..{len(results)}")
    for i, (name, ok, detail) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {name}")
        if not ok and detail:
            for line in detail.splitlines():
                print(f"# {line}")
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
