#!/usr/bin/env python3
"""The command line and the default codebook in French.

A project created in a French interface starts with the codebook in French;
its codes keep the GUIDs of the English one, so French and English copies
still line up code by code; and a project keeps the names it was created
with, whatever the interface speaks later.
"""
import os
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_common as e2e  # noqa: E402

QDC = "{urn:QDA-XML:codebook:1.0}"
FLAGS_GROUP = "db0b36ea-e186-40fd-a936-4618c8ee12d3"
STANCE_GROUP = "b28afa3a-e5a2-4ca5-a23d-d782376b84f7"


def run(args, french):
    env = e2e.child_env()
    if french:
        env["LANGUAGE"] = "fr"
        # The catalogues of the build, as `meson devenv` finds them.
        env["FEEDBACK_INTAKE_LOCALEDIR"] = os.path.join(os.environ["INTAKE_BUILD_DIR"], "po")
    p = subprocess.run([e2e.binary()] + [str(a) for a in args], stdin=subprocess.DEVNULL,
                       capture_output=True, env=env, timeout=e2e.COMMAND_TIMEOUT)
    if p.returncode != 0:
        raise AssertionError("%s exited %d: %s" % (args, p.returncode, p.stderr.decode(errors="replace")))
    return p.stdout.decode("utf-8")


def codes(path):
    """GUID -> (name, description, parent GUID) of every code of a .qdc."""
    found = {}

    def walk(element, parent):
        for code in element.findall(QDC + "Code"):
            description = code.find(QDC + "Description")
            found[code.get("guid")] = (code.get("name"),
                                       description.text if description is not None else None,
                                       parent)
            walk(code, code.get("guid"))

    walk(ET.parse(path).getroot().find(QDC + "Codes"), None)
    return found


class FrenchTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        d = cls.tmp.name
        mbox = os.path.join(d, "inbox.mbox")
        subprocess.run([sys.executable, e2e.generator(), "--count", "4", "--seed", "7", "--out", mbox],
                       check=True, capture_output=True)
        cls.english_project = os.path.join(d, "english.intake")
        cls.french_project = os.path.join(d, "french.intake")
        run(["import", "-p", cls.english_project, mbox], french=False)
        cls.french_import = run(["import", "-p", cls.french_project, mbox], french=True)
        cls.english = os.path.join(d, "english.qdc")
        cls.french = os.path.join(d, "french.qdc")
        run(["codebook", "-p", cls.english_project, "--export", cls.english], french=False)
        run(["codebook", "-p", cls.french_project, "--export", cls.french], french=True)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_same_codes_by_guid(self):
        english, french = codes(self.english), codes(self.french)
        self.assertGreater(len(english), 30)
        self.assertEqual(set(english), set(french))
        for guid, (_, _, parent) in english.items():
            self.assertEqual(french[guid][2], parent, guid)

    def test_names_and_descriptions_in_french(self):
        english, french = codes(self.english), codes(self.french)
        self.assertEqual(english[FLAGS_GROUP][0], "Flags")
        self.assertEqual(french[FLAGS_GROUP][0], "Indicateurs")
        self.assertNotEqual(french[STANCE_GROUP][0], english[STANCE_GROUP][0])
        untranslated = [english[g][0] for g in english if french[g][0] == english[g][0]]
        # A name may be the same in both languages, but hardly any.
        self.assertLessEqual(len(untranslated), 2, untranslated)
        for guid, (_, description, _) in english.items():
            if description:
                self.assertNotEqual(french[guid][1], description, english[guid][0])

    def test_sibling_names_stay_distinct(self):
        french = codes(self.french)
        seen = {}
        for guid, (name, _, parent) in french.items():
            key = (parent, name.casefold())
            self.assertNotIn(key, seen, "two codes named “%s” under one parent" % name)
            seen[key] = guid

    def test_project_keeps_its_names(self):
        again = os.path.join(self.tmp.name, "english-again.qdc")
        run(["codebook", "-p", self.english_project, "--export", again], french=True)
        self.assertEqual(codes(again), codes(self.english))

    def test_messages_in_french(self):
        self.assertIn("Contributions", run(["stats", "-p", self.french_project], french=True))
        self.assertIn("Submissions", run(["stats", "-p", self.french_project], french=False))


if __name__ == "__main__":
    unittest.main(verbosity=2)
