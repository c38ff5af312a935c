#!/usr/bin/python3
"""Every control the app shows has a real accessible name.

Runs the built app on a small coded project under the session's display
and bus, opens each of its windows from the keyboard, and walks what a
screen reader gets over AT-SPI. A control (button, check box, entry, text,
combo box, spin button, list row…) that is on screen must have a name; a
name may not be a GType name, hold a mnemonic underscore or say the same
thing twice (GTK 4.8 names a mnemonic button "_Cancel Cancel").
Needs python3-pyatspi and xdotool; prints TAP.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

# The AT-SPI client library warns when an application leaves the bus as
# it is read; that is no failure of the app's.
os.environ["G_DEBUG"] = "gc-friendly"

try:
    import pyatspi
except ImportError:
    print("1..0 # SKIP python3-pyatspi is missing")
    sys.exit(0)

BINARY = os.environ["FEEDBACK_INTAKE"]
GENERATOR = os.path.join(os.environ["INTAKE_SHARED_DIR"], "corpus", "make-mailbox.py")

CONTROLS = {
    "push button", "toggle button", "check box", "radio button", "combo box", "text", "entry",
    "password text", "spin button", "slider", "menu item", "check menu item", "radio menu item",
    "list item", "table cell", "tree item", "link", "switch",
}
GTYPE_NAME = re.compile(r"^(Gtk|Adw|Intake)[A-Z]\w+$")

results = []


def check(name, ok, detail=""):
    results.append((name, ok, detail))


def key(combo, wait=0.5):
    """Presses COMBO (xdotool syntax) in the window that has the focus."""
    subprocess.run(["xdotool", "key", "--clearmodifiers", combo], check=True, timeout=10)
    time.sleep(wait)


def focus(name):
    subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name",
                    "^" + re.escape(name) + "$", "windowfocus", "--sync"], timeout=10)
    time.sleep(0.3)


def application():
    for _ in range(150):
        for app in pyatspi.Registry.getDesktop(0):
            if app is not None and app.name in ("feedback-intake", "Feedback Intake"):
                return app
        time.sleep(0.2)
    return None


def windows(app):
    return [w for w in app if w is not None and w.getState().contains(pyatspi.STATE_VISIBLE)]


def wait_window(app, title, present=True, timeout=15):
    end = time.time() + timeout
    while time.time() < end:
        found = [w for w in windows(app) if w.name == title]
        if bool(found) == present:
            return found[0] if found else None
        time.sleep(0.2)
    return None


def activate_menu_item(app, label):
    """Runs the menu item LABEL of the menu that is open, by its AT-SPI action."""
    def find(node):
        for child in node:
            if child is None:
                continue
            if child.name == label and child.getRoleName() in ("menu item", "push button", "check menu item"):
                return child
            found = find(child)
            if found is not None:
                return found
        return None

    for window in windows(app):
        item = find(window)
        if item is not None:
            item.queryAction().doAction(0)
            time.sleep(1.0)
            return True
    return False


def display_ready(timeout=20):
    """Xvfb may take a moment to accept clients after it says it is up."""
    end = time.time() + timeout
    while time.time() < end:
        if subprocess.run(["xdpyinfo"], capture_output=True).returncode == 0:
            return True
        time.sleep(0.2)
    return False


def closed(app, title, timeout=5):
    end = time.time() + timeout
    while time.time() < end:
        if not any(w.name == title for w in windows(app)):
            return True
        time.sleep(0.2)
    return False


def problem(node):
    name = (node.name or "").strip()
    if not name:
        return "has no name"
    if GTYPE_NAME.match(name):
        return "is named after its type"
    if re.search(r"(^|\s)_\w", name):
        return "holds a mnemonic underscore"
    words = name.split()
    half = len(words) // 2
    if len(words) >= 2 and len(words) % 2 == 0 and words[:half] == words[half:]:
        return "says its name twice"
    return None


def unnamed(root):
    """(role, name, path, problem) of every control under ROOT that fails."""
    found = []

    def walk(node, path, inside_combo):
        for child in node:
            if child is None:
                continue
            role = child.getRoleName()
            states = child.getState()
            here = path + [role]
            if not states.contains(pyatspi.STATE_VISIBLE):
                continue
            # A drop-down's own toggle is GTK's part of a named combo box.
            if role in CONTROLS and not inside_combo:
                p = problem(child)
                if p is not None:
                    found.append((role, child.name, " > ".join(here[-5:]), p))
            walk(child, here, inside_combo or (role == "combo box" and bool(child.name)))

    walk(root, [], False)
    return found


def report(window_title, window):
    if window is None:
        check(f"the window “{window_title}” opened", False)
        return
    bad = unnamed(window)
    seen = set()
    detail = []
    for role, name, path, p in bad:
        if (role, name, p) in seen:
            continue
        seen.add((role, name, p))
        detail.append(f"{role} “{name}” {p} ({path})")
    check(f"every control of “{window_title}” has a real name", not bad, "\n".join(detail))


def main():
    if shutil.which("xdotool") is None:
        print("1..0 # SKIP xdotool is missing")
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ)
        env.update({
            "HOME": tmp, "XDG_DATA_HOME": os.path.join(tmp, "data"),
            "XDG_CACHE_HOME": os.path.join(tmp, "cache"), "XDG_CONFIG_HOME": os.path.join(tmp, "config"),
            "GSETTINGS_BACKEND": "keyfile", "GTK_A11Y": "atspi", "LC_ALL": "C.UTF-8",
        })
        env.pop("LANGUAGE", None)
        settings = os.path.join(tmp, "config", "glib-2.0", "settings")
        os.makedirs(settings)
        with open(os.path.join(settings, "keyfile"), "w") as f:
            f.write("[com/argylepr/FeedbackIntake]\nreviewer-name='Test Reviewer'\n")

        project = os.path.join(tmp, "Consultation.intake")
        mbox = os.path.join(tmp, "inbox.mbox")
        subprocess.run([sys.executable, GENERATOR, "--count", "12", "--seed", "5", "--out", mbox],
                       check=True, capture_output=True)
        cli_env = dict(env, GSETTINGS_BACKEND="memory")
        subprocess.run([BINARY, "import", "-p", project, mbox], env=cli_env, check=True, capture_output=True)
        subprocess.run([BINARY, "code", "-p", project, "--reviewer", "Test Reviewer", "1",
                        "Experiences/Trust in police", "--start", "0", "--end", "20"],
                       env=cli_env, check=True, capture_output=True)

        check("the display accepts clients", display_ready())
        # Xvfb now and then refuses a client just after it started; a
        # second try a moment later is what a person's next click would be.
        for attempt in range(3):
            app_process = subprocess.Popen([BINARY, project], env=env,
                                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            try:
                app_process.wait(timeout=3)
            except subprocess.TimeoutExpired:
                break
            time.sleep(1)
        try:
            app = application()
            if app is None:
                app_process.kill()
                err = app_process.communicate()[1].decode(errors="replace")
                err += "\nDISPLAY=%s XAUTHORITY=%s (%s)" % (env.get("DISPLAY"), env.get("XAUTHORITY"),
                                                         os.path.exists(env.get("XAUTHORITY") or ""))
            check("the app is on the accessibility bus", app is not None, err if app is None else "")
            if app is None:
                return finish()
            main_window = wait_window(app, "Consultation.intake")
            check("the project's window opened", main_window is not None)
            if main_window is None:
                return finish()
            focus("Consultation.intake")
            # A submission open, so the reader, its bars and the panel show.
            key("j", 1.0)
            report("Consultation.intake", wait_window(app, "Consultation.intake"))

            for shortcut, title in (("ctrl+e", "Export Report"),):
                focus("Consultation.intake")
                key(shortcut, 1.5)
                report(title, wait_window(app, title))
                focus(title)
                key("Escape", 1.0)
                wait_window(app, title, present=False)

            # From the main menu (F10, then its item, as a screen reader
            # activates it), and Ctrl+R.
            for item, shortcut, title in (("Codebook…", None, "Codebook"), ("Activity", None, "Activity"),
                                          (None, "ctrl+r", "Rejected Messages")):
                focus("Consultation.intake")
                if shortcut is not None:
                    key(shortcut, 1.0)
                else:
                    key("F10", 1.0)
                    check(f"the main menu has “{item}”", activate_menu_item(app, item))
                window = wait_window(app, title)
                report(title, window)
                if window is not None:
                    focus(title)
                    key("ctrl+w", 1.0)
                    check(f"Ctrl+W closes “{title}”", closed(app, title))

            focus("Consultation.intake")
            key("ctrl+question", 1.5)
            shortcuts = [w for w in windows(app) if w.name not in ("Consultation.intake",)]
            report("Keyboard Shortcuts", shortcuts[0] if shortcuts else None)
        finally:
            app_process.terminate()
            try:
                app_process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                app_process.kill()
    return finish()


def finish():
    print(f"1..{len(results)}")
    for i, (name, ok, detail) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {name}")
        if not ok and detail:
            for line in detail.splitlines():
                print(f"# {line}")
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
