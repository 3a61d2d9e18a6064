"""One rule for every CSV the project writes: a cell a spreadsheet would run as a formula is written as text."""

import csv
import io
import re
from pathlib import Path

import pytest

from core.csv_safety import csv_writer, neutralise, unneutralise

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("text", ["=1+1", "+47 912 34 567", "-2+3", "@SUM(A1)", "\tTab", "\rReturn", "'quoted"])
def test_a_formula_start_gets_a_leading_quote_that_the_import_takes_off(text):
    assert neutralise(text) == "'" + text
    assert unneutralise(neutralise(text)) == text


@pytest.mark.parametrize("text", ["Kari", "", "1+1", "kari@example.com", " =padded"])
def test_other_text_is_written_as_it_is(text):
    assert neutralise(text) == text
    assert unneutralise(text) == text


def test_the_writer_neutralises_text_and_leaves_numbers_alone():
    out = io.StringIO()
    csv_writer(out).writerows([["=cmd", -3, 2.5, True, None], ["ok", 0, "-3", "", "@x"]])
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert rows == [["'=cmd", "-3", "2.5", "True", ""], ["ok", "0", "'-3", "", "'@x"]]


def test_every_csv_the_project_writes_goes_through_the_one_writer():
    writers = re.compile(r"csv\.(writer|DictWriter)\(")
    offenders = [
        str(path.relative_to(ROOT))
        for path in ROOT.glob("*/**/*.py")
        if not path.relative_to(ROOT).parts[0].startswith((".", "tests", "node_modules"))
        and path != ROOT / "core" / "csv_safety.py"
        and writers.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
