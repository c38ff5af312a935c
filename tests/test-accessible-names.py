#!/usr/bin/python3
"""Every control the app shows has a real accessible name.

Runs the built app on a small coded project under the session's display
and bus, opens each of its windows, popovers and dialogs from the keyboard,
one at a time, and walks what a screen reader gets over AT-SPI: the main
window with a submission open; the filter popover (Alt+F), the code picker
(Ctrl+K), an excerpt's popover in the margin (Tab to its bar, Return), the
main menu (F10) and the import menu (Shift+Tab to the import button's
arrow, Return), each closed again with Escape; the reviewer dialog, the
export dialog and the confirmation turning redaction off asks for, the
survey export's import dialog (Ctrl+I, its path typed after Ctrl+L), the
codebook and the confirmation Delete asks for there, the activity,
agreement and rejected messages windows and the shortcuts window.

A control (button, check box, entry, text, combo box, spin button, list
row, menu item…) that is on screen must have a name, and a window a title;
a name may not be a GType name, hold a mnemonic underscore or say the same
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
    from gi.repository import GLib
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


def key(combo, wait=0.15):
    """Presses COMBO (xdotool syntax) in the window that has the focus."""
    subprocess.run(["xdotool", "key", "--clearmodifiers", combo], check=True, timeout=10)
    time.sleep(wait)


def focus(name):
    """Gives the X window titled NAME the keyboard; False if there is none."""
    try:
        done = subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name",
                               "^" + re.escape(name) + "$", "windowfocus", "--sync"], timeout=5)
    except subprocess.TimeoutExpired:
        return False
    time.sleep(0.2)
    return done.returncode == 0


def application():
    for _ in range(150):
        for app in pyatspi.Registry.getDesktop(0):
            if app is not None and app.name in ("feedback-intake", "Feedback Intake"):
                return app
        time.sleep(0.2)
    return None


def state(node, which):
    """Whether NODE is in the state WHICH; a node gone from the bus is in none."""
    try:
        return node.getState().contains(which)
    except Exception:
        return False


def windows(app):
    return [w for w in app if w is not None and state(w, pyatspi.STATE_VISIBLE)]


def wait_until(predicate, timeout=10):
    """The first thing but None or False PREDICATE returns within TIMEOUT
    seconds, or None. (A node without children is false in pyatspi.)"""
    end = time.time() + timeout
    while True:
        found = predicate()
        if found is not None and found is not False:
            return found
        if time.time() >= end:
            return None
        time.sleep(0.1)


def wait_window(app, title, present=True, timeout=15):
    def look():
        found = [w for w in windows(app) if w.name == title]
        if bool(found) == present:
            return found[0] if found else True
        return None

    found = wait_until(look, timeout)
    return found if present else None


def closed(app, title, timeout=5):
    return wait_until(lambda: not any(w.name == title for w in windows(app)), timeout) is not None


def find(root, test):
    """The first visible node under ROOT, depth first, that TEST accepts."""
    for child in root:
        if child is None or not state(child, pyatspi.STATE_VISIBLE):
            continue
        if test(child):
            return child
        found = find(child, test)
        if found is not None:
            return found
    return None


# What has the focus, as the app tells screen readers: reading it from
# the focus events spares walking the whole tree for it each time.
last_focus = {}


def focus_event(event):
    if event.detail1:
        last_focus["node"] = event.source


def pump():
    """Delivers the events the app sent."""
    context = GLib.MainContext.default()
    while context.iteration(False):
        pass


def window_of(node):
    try:
        while node is not None and node.parent is not None and node.parent.getRoleName() != "application":
            node = node.parent
        return node
    except Exception:
        return None


def focused(window):
    """What has the focus in WINDOW (or in a popover of it)."""
    pump()
    node = last_focus.get("node")
    if node is not None and state(node, pyatspi.STATE_FOCUSED) and window_of(node) == window:
        return node
    # Before any event, or when the focus moved to another window and back.
    return find(window, lambda n: state(n, pyatspi.STATE_FOCUSED))


def popover_of(node):
    """The popover NODE is in: GTK puts a popover's child in a GtkPopoverContent."""
    while node is not None and node.getRoleName() not in ("frame", "dialog", "application"):
        if node.childCount > 0 and node[0] is not None and node[0].name == "GtkPopoverContent":
            return node
        node = node.parent
    return None


def wait_popover(window, timeout=5):
    """The popover that took the focus in WINDOW."""
    return wait_until(lambda: popover_of(focused(window)), timeout)


def tab_to(window, test, back=False, limit=30):
    """Tabs (or Shift+Tabs) in WINDOW until what has the focus passes TEST,
    as a person would; the focused node, or None."""
    def there():
        node = focused(window)
        return node if node is not None and test(node) else None

    for _ in range(limit):
        found = there()
        if found is not None:
            return found
        key("shift+Tab" if back else "Tab", 0)
        # The focus moves once per key: look before the next one.
        found = wait_until(there, 0.4)
        if found is not None:
            return found
    return None


def activate_menu_item(window, label):
    """Runs the item LABEL of the menu open in WINDOW, by its AT-SPI action
    as a screen reader does."""
    menu = wait_popover(window)
    roles = ("menu item", "push button", "check menu item")
    item = find(menu, lambda node: node.name == label and node.getRoleName() in roles) if menu is not None else None
    if item is None:
        return False
    item.queryAction().doAction(0)
    return True


def display_ready(timeout=20):
    """Xvfb may take a moment to accept clients after it says it is up."""
    end = time.time() + timeout
    while time.time() < end:
        if subprocess.run(["xdpyinfo"], capture_output=True).returncode == 0:
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


def unnamed(root, checked=None):
    """(role, name, path, problem) of every control under ROOT that fails;
    CHECKED, a list, gets the role of every control looked at."""
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
                if checked is not None:
                    checked.append(role)
                p = problem(child)
                if p is not None:
                    found.append((role, child.name, " > ".join(here[-5:]), p))
            walk(child, here, inside_combo or (role == "combo box" and bool(child.name)))

    walk(root, [], False)
    return found


def report(what, root, window=False):
    """Checks every control under ROOT, and a window's own title."""
    if root is None:
        check(f"{what} opened", False)
        return
    if window:
        p = problem(root)
        check(f"{what} has a real title", p is None, f"it is “{root.name}”: {p}" if p else "")
    checked = []
    bad = unnamed(root, checked)
    seen = set()
    detail = []
    for role, name, path, p in bad:
        if (role, name, p) in seen:
            continue
        seen.add((role, name, p))
        detail.append(f"{role} “{name}” {p} ({path})")
    kinds = ", ".join(f"{checked.count(r)} {r}" for r in sorted(set(checked)))
    # A walk that met no control checked nothing: that is a failure too.
    check(f"every control of {what} has a real name ({kinds or 'no controls'})",
          bool(checked) and not bad, "\n".join(detail) or ("no control was found" if not checked else ""))


def walk_popover(window, what, opened_by):
    """Opens a popover of WINDOW with the keys OPENED_BY, walks it and closes it with Escape."""
    for combo in opened_by:
        key(combo)
    popover = wait_popover(window)
    report(what, popover)
    if popover is None:
        return
    key("Escape")
    # GTK takes a closed popover off the tree; its node may still say it
    # is visible, but the focus is back outside it.
    check(f"Escape closes {what}", wait_until(lambda: popover_of(focused(window)) is None, 5) is not None)


def walk_dialog(app, title, what, closing="Escape"):
    """Walks the window TITLE that just opened, then closes it with CLOSING."""
    window = wait_window(app, title)
    report(what, window, window=True)
    if window is None:
        return
    focus(title)
    key(closing)
    check(f"{closing} closes {what}", closed(app, title))


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

        survey = os.path.join(tmp, "survey.csv")
        with open(survey, "w", encoding="utf-8") as f:
            f.write("Response ID,Respondent group,Your comments\r\n"
                    "r1,Student,\"The officer knows us by name,\r\nand that builds trust.\"\r\n")
        project = os.path.join(tmp, "Consultation.intake")
        mbox = os.path.join(tmp, "inbox.mbox")
        subprocess.run([sys.executable, GENERATOR, "--count", "12", "--seed", "5", "--out", mbox],
                       check=True, capture_output=True)
        cli_env = dict(env, GSETTINGS_BACKEND="memory")
        subprocess.run([BINARY, "import", "-p", project, mbox], env=cli_env, check=True, capture_output=True)
        # An excerpt of the first submission, so that the reader's margin
        # has a bar to open.
        subprocess.run([BINARY, "code", "-p", project, "--reviewer", "Test Reviewer", "1",
                        "Experiences/Trust in police", "--start", "0", "--end", "20"],
                       env=cli_env, check=True, capture_output=True)
        # A second reviewer's coding, so that Agreement has figures to show.
        subprocess.run([BINARY, "code", "-p", project, "--reviewer", "Second Reviewer", "1",
                        "Experiences/Trust in police"],
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
            pyatspi.Registry.registerEventListener(focus_event, "object:state-changed:focused")
            if app is None:
                return finish()
            main_title = "Consultation.intake"
            main_window = wait_window(app, main_title)
            check("the project's window opened", main_window is not None)
            if main_window is None:
                return finish()
            focus(main_title)
            # A submission open, so the reader, its bars and the panel show.
            key("j")
            # The margin is one button that speaks for its current bar.
            margin = wait_until(lambda: find(main_window, lambda n: n.getRoleName() == "push button"
                                             and n.description.startswith("Coded excerpt 1 of ")))
            check("the reader shows the first submission and its margin", margin is not None)
            report(f"“{main_title}”", main_window)

            # The popovers, one at a time, each closed with Escape.
            focus(main_title)
            walk_popover(main_window, "the filter popover", ["alt+f"])
            focus(main_title)
            walk_popover(main_window, "the code picker", ["ctrl+k"])

            bar = margin
            check("the margin names its bar for the excerpt",
                  bar is not None and bar.name not in ("", "Coded excerpts"))
            if bar is not None:
                focus(main_title)
                check("Tab reaches the excerpt's bar",
                      tab_to(main_window, lambda n: n.name == bar.name) is not None)
                walk_popover(main_window, "the excerpt's popover", ["Return"])

            focus(main_title)
            walk_popover(main_window, "the main menu", ["F10"])

            # The import button's arrow: from the search entry, back along
            # the header bar.
            focus(main_title)
            key("ctrl+f")
            # The empty page has the same button: the one that takes the focus.
            if tab_to(main_window, lambda n: n.name == "More Ways to Import", back=True) is not None:
                walk_popover(main_window, "the import menu", ["Return"])
            else:
                check("Shift+Tab reaches the import menu's arrow", False)

            # The reviewer's name, asked by the main menu.
            focus(main_title)
            key("F10")
            check("the main menu has “Change Reviewer Name…”", activate_menu_item(main_window, "Change Reviewer Name…"))
            walk_dialog(app, "Change Reviewer Name", "the reviewer dialog")

            # The export dialog, and the confirmation turning redaction off
            # asks for (Alt+R is the row's mnemonic).
            focus(main_title)
            key("ctrl+e")
            export = wait_window(app, "Export Report")
            report("“Export Report”", export, window=True)
            if export is not None:
                focus("Export Report")
                key("alt+r")
                walk_dialog(app, "Export without redaction?", "the redaction confirmation")
                redact = find(export, lambda n: n.getRoleName() == "check box" and
                              n.name == "Redact personal information")
                check("cancelling the confirmation keeps redaction on",
                      redact is not None and state(redact, pyatspi.STATE_CHECKED))
                focus("Export Report")
                key("Escape")
                check("Escape closes “Export Report”", closed(app, "Export Report"))

            # The survey export's dialog, from Import (Ctrl+I) and the file
            # typed in the chooser (Ctrl+L), as a keyboard user opens it.
            focus(main_title)
            key("ctrl+i")
            chooser = wait_window(app, "Import Mailbox")
            check("Ctrl+I opens the file chooser", chooser is not None)
            if chooser is not None:
                focus("Import Mailbox")
                key("ctrl+l")
                subprocess.run(["xdotool", "type", "--delay", "20", survey], check=True, timeout=20)
                time.sleep(0.3)
                key("Return", 0.5)
                walk_dialog(app, "Import Survey Export", "“Import Survey Export”")

            # From the main menu (F10, then its item, as a screen reader
            # activates it), and Ctrl+R.
            for item, shortcut, title in (("Codebook…", None, "Codebook"), ("Activity", None, "Activity"),
                                          ("Agreement", None, "Agreement"),
                                          (None, "ctrl+r", "Rejected Messages")):
                focus(main_title)
                if shortcut is not None:
                    key(shortcut)
                else:
                    key("F10")
                    check(f"the main menu has “{item}”", activate_menu_item(main_window, item))
                window = wait_window(app, title)
                report(f"“{title}”", window, window=True)
                if window is None:
                    continue
                if title == "Codebook":
                    # Delete on the selected code asks first; Down selects
                    # the first code under the first group.
                    focus(title)
                    key("Down")
                    key("Delete")
                    asking = wait_until(lambda: [w for w in windows(app) if w.name.startswith("Delete “")] or None)
                    check("Delete in the codebook asks to confirm", asking is not None)
                    if asking:
                        walk_dialog(app, asking[0].name, "the delete confirmation")
                focus(title)
                key("ctrl+w")
                check(f"Ctrl+W closes “{title}”", closed(app, title))

            focus(main_title)
            before = {w.name for w in windows(app)}
            key("ctrl+question")
            shortcuts = wait_until(lambda: [w for w in windows(app) if w.name not in before] or None)
            window = shortcuts[0] if shortcuts else None
            report("the shortcuts window", window, window=True)
            if window is not None:
                focus(window.name)
                key("Escape")
                check("Escape closes the shortcuts window", closed(app, window.name))
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
