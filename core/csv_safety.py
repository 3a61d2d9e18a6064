"""CSV that a spreadsheet opens as data: every export writes through `csv_writer`, every import reads cells back
with `unneutralise`.

A spreadsheet runs a cell that starts with =, +, -, @, a tab or a carriage return as a formula (OWASP: CSV
injection), so a name such as =HYPERLINK(…) typed by a shopper would become a live link in a buyer's sheet.
Such a text cell is written with a leading ' (a quote-led cell gets one more, so that reading it back is exact).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISER = "'"


def neutralise(value: str) -> str:
    """The text as a spreadsheet shows it without running it: a leading quote before a formula start (or a quote)."""
    return NEUTRALISER + value if value.startswith((*FORMULA_STARTS, NEUTRALISER)) else value


def unneutralise(value: str) -> str:
    """The text that `neutralise` wrote, so that export → import changes nothing."""
    if value.startswith(NEUTRALISER) and value[1:].startswith((*FORMULA_STARTS, NEUTRALISER)):
        return value[1:]
    return value


class SafeWriter:
    """`csv.writer` that neutralises every text cell; numbers, booleans and None are written as the csv module does
    (they come from our own columns, never from what someone typed)."""

    def __init__(self, stream, **fmtparams):
        self._writer = csv.writer(stream, **fmtparams)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow([neutralise(cell) if isinstance(cell, str) else cell for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream, **fmtparams) -> SafeWriter:
    """The one way the project writes CSV (the admin exports, the catalog export)."""
    return SafeWriter(stream, **fmtparams)
