#!/usr/bin/env python3
"""End-to-end import of survey exports (CSV): one submission a row, the text columns joined
under headings, attribute columns as case attributes matched to the defaults, an id column
for an idempotent re-import, separators, byte-order marks and Windows-1252, multi-line
answers, a broken row rejected with its line, and a misspelt column refused before the
project is made."""
import os
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.environ.get("INTAKE_TESTS_DIR") or os.path.dirname(os.path.abspath(__file__)))
import e2e_common as e2e  # noqa: E402

HEADER = ["Response ID", "Q1 Keep the programme?", "Q2 Why?", "respondent_group", "School Board"]
ROWS = [
    ["R1", "Keep with changes", "Officers should be trained, and students\nshould be asked; not told.",
     "parent", "FrancoSud"],
    ["R2", "Remove", "I never felt safe with an officer in the hallway.", "Student",
     "calgary board of education"],
    ["R3", "Garder", "Les élèves se sentent surveillés à l’école.", "Élève", ""],
]
COLUMNS = ["--csv-text", "Q1 Keep the programme?", "--csv-text", "Q2 Why?",
           "--csv-attribute", "respondent_group", "--csv-attribute", "School Board", "--csv-id", "Response ID"]


def quote(field, separator):
    if any(c in field for c in (separator, '"', "\n", "\r")):
        return '"' + field.replace('"', '""') + '"'
    return field


def write_csv(path, rows, separator=",", encoding="utf-8", bom=False, newline="\r\n"):
    text = newline.join(separator.join(quote(f, separator) for f in row) for row in rows) + newline
    data = text.encode(encoding)
    with open(path, "wb") as f:
        f.write((b"\xef\xbb\xbf" if bom else b"") + data)


class CsvImport(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="intake-e2e-csv-")
        self.dir = self.tmp.name
        self.project = os.path.join(self.dir, "p.intake")

    def tearDown(self):
        self.tmp.cleanup()

    def by_message_id(self):
        return {item["message_id"]: e2e.show_json(self.project, item["id"]) for item in e2e.list_json(self.project)}

    def test_columns_attributes_and_reimport(self):
        for separator, bom in ((",", False), (";", True), ("\t", False)):
            with self.subTest(separator=separator, bom=bom):
                name = "survey.tsv" if separator == "\t" else "survey.csv"
                path = os.path.join(self.dir, name)
                write_csv(path, [HEADER] + ROWS, separator=separator, bom=bom)
                if os.path.exists(self.project):
                    os.unlink(self.project)

                summary = e2e.import_json(self.project, path, *COLUMNS)
                self.assertEqual((summary["seen"], summary["imported"], summary["rejected"]), (3, 3, 0), summary)

                shown = self.by_message_id()
                self.assertEqual(sorted(shown), ["csv:R1", "csv:R2", "csv:R3"])
                first = shown["csv:R1"]
                self.assertEqual((first["from_name"], first["from_addr"]), ("Survey respondent", ""))
                self.assertEqual(first["text"],
                                 "Q1 Keep the programme?\n\nKeep with changes\n\nQ2 Why?\n\n"
                                 "Officers should be trained, and students\nshould be asked; not told.")
                self.assertEqual(first["attributes"].get("Respondent group"), "Parent or guardian")
                self.assertEqual(first["attributes"].get("School board"), "FrancoSud")
                second = shown["csv:R2"]["attributes"]
                self.assertEqual(second.get("School board"), "Calgary Board of Education")
                third = shown["csv:R3"]
                self.assertIn("Les élèves se sentent surveillés à l’école.", third["text"])
                # Not a default value: kept as written; an empty answer is no attribute.
                self.assertEqual(third["attributes"].get("Respondent group"), "Élève")
                self.assertNotIn("School board", third["attributes"])

                again = e2e.import_json(self.project, path, *COLUMNS)
                self.assertEqual((again["imported"], again["duplicates"]), (0, 3), again)
                self.assertEqual(len(e2e.list_json(self.project)), 3)

    def test_windows_1252_and_broken_row(self):
        path = os.path.join(self.dir, "export.csv")
        rows = [["id", "answer"], ["1", "Très inquiète pour mon fils"], ["2", "Fine"]]
        write_csv(path, rows, encoding="cp1252", newline="\n")
        with open(path, "ab") as f:
            f.write(b'3,"an answer that never ends\n4,lost\n')

        summary = e2e.import_json(self.project, path, "--csv-text", "answer", "--csv-id", "id")
        self.assertEqual(e2e.check_accounting(summary, "export.csv"), [])
        self.assertEqual((summary["imported"], summary["rejected"]), (2, 1), summary)
        self.assertEqual(summary["errors"][0]["position"], "line 4")
        self.assertIn("never closed", summary["errors"][0]["reason"])
        texts = sorted(item["text"] for item in self.by_message_id().values())
        self.assertEqual(texts, ["Fine", "Très inquiète pour mon fils"])

    def test_without_an_id_rows_are_told_apart_by_content(self):
        path = os.path.join(self.dir, "portal.csv")
        write_csv(path, [["answer"], ["Same words"], ["Same words"], ["Other words"]])
        summary = e2e.import_json(self.project, path, "--csv-text", "answer")
        self.assertEqual((summary["imported"], summary["duplicates"]), (2, 1), summary)
        again = e2e.import_json(self.project, path, "--csv-text", "answer")
        self.assertEqual((again["imported"], again["duplicates"]), (0, 3), again)

    def test_columns_guessed_when_not_named(self):
        path = os.path.join(self.dir, "survey.csv")
        write_csv(path, [HEADER] + ROWS)
        summary = e2e.import_json(self.project, path)
        self.assertEqual(summary["imported"], 3, summary)
        shown = self.by_message_id()
        # The id by its name, the long answers as text, the attributes by theirs.
        self.assertEqual(sorted(shown), ["csv:R1", "csv:R2", "csv:R3"])
        self.assertEqual(shown["csv:R2"]["text"], "I never felt safe with an officer in the hallway.")
        self.assertEqual(shown["csv:R2"]["attributes"].get("Respondent group"), "Student")

    def test_misspelt_column_refused_before_the_project_is_made(self):
        path = os.path.join(self.dir, "survey.csv")
        write_csv(path, [HEADER] + ROWS)
        for args, said in ((["--csv-text", "Q3"], "no column “Q3”"),
                           (["--csv-text", "Q2 Why?", "--csv-id", "ident"], "no column “ident”"),
                           (["--csv-id", "Response ID"], "need --csv-text")):
            with self.subTest(args=args):
                r = e2e.run("import", "-p", self.project, path, *args)
                self.assertEqual(r.returncode, 1, r.describe())
                err = r.stderr.decode("utf-8")
                self.assertIn(said, err, r.describe())
                self.assertEqual(len(err.strip().splitlines()), 1, r.describe())
                self.assertFalse(os.path.exists(self.project), "the project was made: " + r.describe())


if __name__ == "__main__":
    e2e.main()
