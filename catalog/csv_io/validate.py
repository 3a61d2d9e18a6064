"""Checking a catalog CSV on its own: the header, every row, the rows against each other, and the error report."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from catalog.csv_io.format import (
    CELL_PARSERS,
    COLUMNS,
    PRODUCT_COLUMNS,
    REQUIRED_COLUMNS,
    CellError,
    _shown,
)
from core.csv_safety import unneutralise

Progress = Callable[[Sequence[Any]], Iterable[Any]]


@dataclass(frozen=True, order=True)
class RowError:
    """A bad cell: where it is and what a person should fix."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}, " if self.line else ""  # line 0: the file as a whole
        return f"{where}{self.column}: {self.message}"


@dataclass
class ImportReport:
    """What an import did (or, dry run, would do): counts per row (= variant) and every bad row."""

    dry_run: bool = False
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    products_created: int = 0
    products_updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_lines(self) -> list[int]:
        return sorted({e.line for e in self.errors})

    def summary(self) -> str:
        if self.errors:
            return f"{len(self.bad_lines)} bad row(s), {len(self.errors)} problem(s): nothing was imported."
        counts = (
            f"{self.rows} row(s): {self.created} created, {self.updated} updated, {self.unchanged} unchanged "
            f"({self.products_created} product(s) created, {self.products_updated} updated)"
        )
        return f"Dry run, nothing written. {counts}." if self.dry_run else f"{counts}."


@dataclass
class ProductSpec:
    """A product as the file describes it (from its first row)."""

    line: int
    slug: str
    values: dict[str, Any]
    variant_rows: list[VariantSpec] = field(default_factory=list)


@dataclass
class VariantSpec:
    line: int
    sku: str
    product_slug: str
    values: dict[str, Any]


def read_records(stream: TextIO) -> tuple[list[str], list[tuple[int, list[str]]], list[RowError]]:
    """The header and the records with the line each starts on; blank lines are skipped."""
    reader = csv.reader(stream)
    records: list[tuple[int, list[str]]] = []
    header: list[str] = []
    errors: list[RowError] = []
    try:
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            if not any(cell.strip() for cell in cells):
                continue
            if not header:
                header = [cell.strip().lstrip("\ufeff").strip().lower() for cell in cells]
            else:
                records.append((line, cells))
    except (csv.Error, UnicodeDecodeError) as exc:
        errors.append(RowError(reader.line_num or 1, "file", f"cannot be read as CSV: {exc}"))
    if not header and not errors:
        errors.append(RowError(1, "file", "is empty; the first line must name the columns"))
    return header, records, errors


def check_header(header: list[str]) -> list[RowError]:
    errors = []
    seen: set[str] = set()
    for name in header:
        if name not in COLUMNS:
            errors.append(RowError(1, name or "(blank)", f"is not a column; use {', '.join(COLUMNS)}"))
        elif name in seen:
            errors.append(RowError(1, name, "appears twice in the header"))
        seen.add(name)
    for name in REQUIRED_COLUMNS:
        if name not in seen:
            errors.append(RowError(1, name, "column is missing from the header"))
    if "image_url" in seen and "image_alt" not in seen:
        errors.append(RowError(1, "image_alt", "column is needed with image_url (what the image shows)"))
    return errors


def _identity(rows: Sequence[Any]) -> Iterable[Any]:
    return rows


def parse_rows(
    header: list[str], records: list[tuple[int, list[str]]], *, progress: Progress | None = None
) -> tuple[dict[str, ProductSpec], list[VariantSpec], list[RowError]]:
    """Check every row on its own and against the other rows of the file (no database)."""
    errors: list[RowError] = []
    products: dict[str, ProductSpec] = {}
    variants: list[VariantSpec] = []
    sku_lines: dict[str, int] = {}
    gtin_lines: dict[str, tuple[int, str]] = {}
    for line, cells in (progress or _identity)(records):
        values = _row_values(header, line=line, cells=cells, errors=errors)
        if values is None:
            continue
        sku, slug = values.get("sku"), values.get("product_slug")
        if not _codes_unique(values, line=line, sku_lines=sku_lines, gtin_lines=gtin_lines, errors=errors):
            continue
        if not slug or not sku:
            continue
        if slug in values.get("related", ()):
            errors.append(RowError(line, "related", "a product cannot go with itself"))
        spec = _product_of_row(values, line=line, slug=slug, products=products, errors=errors)
        variant_values = {n: values[n] for n in ("price", "gtin", "options", "variant_active") if n in values}
        variant = VariantSpec(line=line, sku=sku, product_slug=slug, values=variant_values)
        spec.variant_rows.append(variant)
        variants.append(variant)
    return products, variants, errors


def _row_values(header: list[str], *, line: int, cells: list[str], errors: list[RowError]) -> dict[str, Any] | None:
    """One row's cells parsed by column; None when the row has more cells than the header names."""
    if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
        errors.append(RowError(line, "row", f"has {len(cells)} cells but the header names {len(header)}"))
        return None
    values: dict[str, Any] = {}
    for name, raw in zip(header, cells + [""] * (len(header) - len(cells)), strict=True):
        raw = unneutralise(raw)
        if "\x00" in raw:
            # PostgreSQL cannot store a NUL character in text; say so here rather than fail on write.
            errors.append(RowError(line, name, "contains a NUL character"))
            continue
        try:
            # Descriptions keep their spacing so that a round trip leaves them untouched.
            values[name] = CELL_PARSERS[name](raw if name == "description" else raw.strip())
        except CellError as exc:
            errors.append(RowError(line, name, str(exc)))
    if values.get("image_url") and not values.get("image_alt"):
        errors.append(RowError(line, "image_alt", "is required with image_url (what the image shows)"))
    return values


def _codes_unique(
    values: dict[str, Any],
    *,
    line: int,
    sku_lines: dict[str, int],
    gtin_lines: dict[str, tuple[int, str]],
    errors: list[RowError],
) -> bool:
    """Remember the row's SKU and GTIN; False when its SKU is on an earlier line (the row is then skipped)."""
    sku = values.get("sku")
    if sku:
        if sku in sku_lines:
            errors.append(RowError(line, "sku", f"'{sku}' is already on line {sku_lines[sku]}"))
            return False
        sku_lines[sku] = line
    gtin = values.get("gtin")
    if gtin:
        if gtin in gtin_lines:
            first_line, first_sku = gtin_lines[gtin]
            errors.append(RowError(line, "gtin", f"'{gtin}' is already given to '{first_sku}' on line {first_line}"))
        else:
            gtin_lines[gtin] = (line, sku or "")
    return True


def _product_of_row(
    values: dict[str, Any], *, line: int, slug: str, products: dict[str, ProductSpec], errors: list[RowError]
) -> ProductSpec:
    """The product this row belongs to, made from its first row; later rows must repeat its product columns."""
    product_values = {name: values[name] for name in PRODUCT_COLUMNS if name in values}
    spec = products.get(slug)
    if spec is None:
        spec = products[slug] = ProductSpec(line=line, slug=slug, values=product_values)
        return spec
    for name, value in product_values.items():
        if name not in spec.values:
            spec.values[name] = value  # the first row's cell was bad and is reported already
        elif spec.values[name] != value:
            errors.append(
                RowError(
                    line,
                    name,
                    f"'{_shown(value)}' differs from '{_shown(spec.values[name])}' on line {spec.line} "
                    f"for product '{slug}'; product columns must match on every row of a product",
                )
            )
    return spec
