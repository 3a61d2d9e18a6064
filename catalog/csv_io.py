"""The catalog CSV format, read and written by the same code so that export → import changes nothing.

One row per variant (SKU). The first row is the header; columns may come in any order.

    sku             required  the variant's stock-keeping unit; rows are matched to variants by it
    product_slug    required  the product the variant belongs to, created when new
    product_name    required  the product's name
    category_slug   required  an existing category
    price           required  e.g. 149.00 — a dot for decimals, not negative, at most 2 decimals
    description     optional  the product's description
    gtin            optional  GTIN-8/12/13/14 barcode with a valid check digit, not used by another SKU
    options         optional  e.g. size=M;colour=Blue
    product_active  optional  true/false (also yes/no, 1/0); blank means true
    variant_active  optional  true/false; blank means true
    related         optional  "goes with" product slugs separated by |, each existing or in the file
    image_url       optional  address of the product's main image; blank leaves the images alone
    image_alt       optional  what the image shows (required with image_url)

The product columns (product_name, category_slug, description, product_active, related,
image_url, image_alt) must be the same on every row of one product. A column left out of the
header altogether leaves that value unchanged on existing products and variants; a related
list replaces the product's "goes with" set; an image_url replaces the product's main image.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, TextIO

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import QuerySet

from catalog.models import Category, Product, ProductImage, Variant

COLUMNS = (
    "sku",
    "product_slug",
    "product_name",
    "category_slug",
    "description",
    "price",
    "gtin",
    "options",
    "product_active",
    "variant_active",
    "related",
    "image_url",
    "image_alt",
)
REQUIRED_COLUMNS = ("sku", "product_slug", "product_name", "category_slug", "price")
PRODUCT_COLUMNS = (
    "product_name",
    "category_slug",
    "description",
    "product_active",
    "related",
    "image_url",
    "image_alt",
)
TRUE_WORDS = {"true", "yes", "y", "1", "t"}
FALSE_WORDS = {"false", "no", "n", "0", "f"}
GTIN_LENGTHS = (8, 12, 13, 14)
MAX_PRICE = Decimal("9999999999.99")
SLUG_RE = re.compile(r"[-a-zA-Z0-9_]+")  # what SlugField accepts
URL_VALIDATOR = URLValidator()

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


@dataclass
class ImportPlan:
    """Everything an import writes, computed from the file and the current catalog without writing."""

    report: ImportReport
    columns: frozenset[str] = frozenset()
    product_ids: dict[str, int] = field(default_factory=dict)  # slug → id of every existing product named
    products_new: list[Product] = field(default_factory=list)
    products_changed: list[Product] = field(default_factory=list)
    product_fields: list[str] = field(default_factory=list)
    variants_new: list[tuple[str, Variant]] = field(default_factory=list)  # (product slug, unsaved variant)
    variants_changed: list[tuple[str, Variant]] = field(default_factory=list)
    variant_fields: list[str] = field(default_factory=list)
    gtins_released: list[int] = field(default_factory=list)  # variant ids whose GTIN moves, cleared first
    related: dict[str, list[str]] = field(default_factory=dict)  # product slug → its new "goes with" slugs
    images_new: list[tuple[str, ProductImage]] = field(default_factory=list)
    images_changed: list[ProductImage] = field(default_factory=list)


# -- reading cells ---------------------------------------------------------------------------------


class CellError(ValueError):
    """A cell that cannot be read; the message says why."""


def gtin_check_digit(body: str) -> int:
    """The GS1 check digit for the digits before it (weights 3,1,3,… from the right)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def gtin_is_valid(value: str) -> bool:
    return value.isdigit() and len(value) in GTIN_LENGTHS and gtin_check_digit(value[:-1]) == int(value[-1])


def parse_gtin(value: str) -> str | None:
    if not value:
        return None
    if not value.isdigit() or len(value) not in GTIN_LENGTHS:
        raise CellError(f"'{value}' is not a GTIN (8, 12, 13 or 14 digits)")
    if not gtin_is_valid(value):
        raise CellError(f"'{value}' has a wrong check digit (expected {gtin_check_digit(value[:-1])})")
    return value


def parse_price(value: str) -> Decimal:
    if not value:
        raise CellError("is required")
    try:
        price = Decimal(value)
    except InvalidOperation:
        hint = " (use a dot for decimals, e.g. 149.00)" if "," in value else ""
        raise CellError(f"'{value}' is not a price{hint}")
    if not price.is_finite():
        raise CellError(f"'{value}' is not a price")
    if price < 0:
        raise CellError(f"'{value}' is negative; a price cannot be below 0")
    if price.as_tuple().exponent < -2:
        raise CellError(f"'{value}' has more than 2 decimals")
    if price > MAX_PRICE:
        raise CellError(f"'{value}' is too large")
    return price.quantize(Decimal("0.01"))


def parse_bool(value: str) -> bool:
    word = value.lower()
    if not word or word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(f"'{value}' is not true or false")


def parse_options(value: str) -> dict[str, str]:
    options: dict[str, str] = {}
    for part in value.split(";"):
        if not part.strip():
            continue
        name, sep, option = part.partition("=")
        name, option = name.strip(), option.strip()
        if not sep or not name:
            raise CellError(f"'{part.strip()}' is not name=value (e.g. size=M;colour=Blue)")
        if name in options:
            raise CellError(f"'{name}' is given twice")
        options[name] = option
    return options


def format_options(options: dict[str, Any]) -> str:
    return ";".join(f"{name}={value}" for name, value in options.items())


def parse_slug(value: str, *, max_length: int) -> str:
    if not value:
        raise CellError("is required")
    if not SLUG_RE.fullmatch(value):
        raise CellError(f"'{value}' is not a slug (letters, digits, - and _ only)")
    if len(value) > max_length:
        raise CellError(f"is longer than {max_length} characters")
    return value


def parse_text(value: str, *, max_length: int | None = None, required: bool = False) -> str:
    if required and not value:
        raise CellError("is required")
    if max_length and len(value) > max_length:
        raise CellError(f"is longer than {max_length} characters")
    return value


def parse_related(value: str) -> tuple[str, ...]:
    slugs = []
    for part in value.split("|"):
        slug = part.strip()
        if slug and slug not in slugs:
            slugs.append(parse_slug(slug, max_length=220))
    return tuple(sorted(slugs))


@functools.lru_cache(maxsize=1024)  # rows of one product repeat its image address
def parse_url(value: str) -> str:
    if not value:
        return ""
    if len(value) > 200:
        raise CellError("is longer than 200 characters")
    try:
        URL_VALIDATOR(value)
    except ValidationError:
        raise CellError(f"'{value}' is not a web address (http://… or https://…)")
    return value


CELL_PARSERS: dict[str, Callable[[str], Any]] = {
    "sku": lambda v: parse_text(v, max_length=64, required=True),
    "product_slug": lambda v: parse_slug(v, max_length=220),
    "product_name": lambda v: parse_text(v, max_length=200, required=True),
    "category_slug": lambda v: parse_slug(v, max_length=140),
    "description": parse_text,
    "price": parse_price,
    "gtin": parse_gtin,
    "options": parse_options,
    "product_active": parse_bool,
    "variant_active": parse_bool,
    "related": parse_related,
    "image_url": parse_url,
    "image_alt": lambda v: parse_text(v, max_length=200),
}


def _shown(value: Any) -> str:
    if isinstance(value, tuple):
        return "|".join(value)
    if isinstance(value, dict):
        return format_options(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# -- reading the file ------------------------------------------------------------------------------


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
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            errors.append(RowError(line, "row", f"has {len(cells)} cells but the header names {len(header)}"))
            continue
        values: dict[str, Any] = {}
        for name, raw in zip(header, cells + [""] * (len(header) - len(cells)), strict=True):
            try:
                # Descriptions keep their spacing so that a round trip leaves them untouched.
                values[name] = CELL_PARSERS[name](raw if name == "description" else raw.strip())
            except CellError as exc:
                errors.append(RowError(line, name, str(exc)))
        if values.get("image_url") and not values.get("image_alt"):
            errors.append(RowError(line, "image_alt", "is required with image_url (what the image shows)"))
        sku, slug = values.get("sku"), values.get("product_slug")
        if sku:
            if sku in sku_lines:
                errors.append(RowError(line, "sku", f"'{sku}' is already on line {sku_lines[sku]}"))
                continue
            sku_lines[sku] = line
        gtin = values.get("gtin")
        if gtin:
            if gtin in gtin_lines:
                first_line, first_sku = gtin_lines[gtin]
                errors.append(
                    RowError(line, "gtin", f"'{gtin}' is already given to '{first_sku}' on line {first_line}")
                )
            else:
                gtin_lines[gtin] = (line, sku or "")
        if not slug or not sku:
            continue
        if slug in values.get("related", ()):
            errors.append(RowError(line, "related", "a product cannot go with itself"))
        product_values = {name: values[name] for name in PRODUCT_COLUMNS if name in values}
        spec = products.get(slug)
        if spec is None:
            spec = products[slug] = ProductSpec(line=line, slug=slug, values=product_values)
        else:
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
        variant_values = {n: values[n] for n in ("price", "gtin", "options", "variant_active") if n in values}
        variant = VariantSpec(line=line, sku=sku, product_slug=slug, values=variant_values)
        spec.variant_rows.append(variant)
        variants.append(variant)
    return products, variants, errors


# -- comparing with the catalog --------------------------------------------------------------------


def _options_equal(current: dict[str, Any], wanted: dict[str, str]) -> bool:
    """Options from the file are text; the database may hold numbers that print the same."""
    return {k: str(v) for k, v in (current or {}).items()} == wanted


def plan_import(stream: TextIO, *, dry_run: bool = False, progress: Progress | None = None) -> ImportPlan:
    """Validate every row of the file and work out what importing it would change, writing nothing."""
    report = ImportReport(dry_run=dry_run)
    plan = ImportPlan(report=report)
    header, records, errors = read_records(stream)
    report.rows = len(records)
    errors += check_header(header) if header else []
    if errors:
        report.errors = sorted(errors)
        return plan
    plan.columns = frozenset(header)
    products, variants, errors = parse_rows(header, records, progress=progress)

    # One query per table, whatever the size of the file.
    related_slugs = {s for p in products.values() for s in p.values.get("related", ())}
    categories = dict(
        Category.objects.filter(slug__in={p.values.get("category_slug") for p in products.values()}).values_list(
            "slug", "id"
        )
    )
    existing_products = {p.slug: p for p in Product.objects.filter(slug__in=set(products) | related_slugs)}
    skus = [v.sku for v in variants]
    existing_variants = {v.sku: v for v in Variant.objects.filter(sku__in=skus)}
    gtins = [v.values["gtin"] for v in variants if v.values.get("gtin")]
    gtin_owners = dict(Variant.objects.filter(gtin__in=gtins).exclude(sku__in=skus).values_list("gtin", "sku"))

    for spec in products.values():
        category_slug = spec.values.get("category_slug")
        if category_slug and category_slug not in categories:
            errors.append(RowError(spec.line, "category_slug", f"'{category_slug}' is not a category"))
        unknown = [s for s in spec.values.get("related", ()) if s not in products and s not in existing_products]
        if unknown:
            errors.append(RowError(spec.line, "related", f"no product has the slug {', '.join(map(repr, unknown))}"))
    for variant in variants:
        owner = gtin_owners.get(variant.values.get("gtin"))
        if owner:
            errors.append(
                RowError(variant.line, "gtin", f"'{variant.values['gtin']}' already belongs to SKU '{owner}'")
            )
    if errors:
        report.errors = sorted(set(errors))
        return plan

    plan.product_ids = {slug: product.pk for slug, product in existing_products.items()}
    _plan_products(plan, products, existing_products, categories)
    changed_slugs = _plan_related_and_images(plan, products, existing_products)
    _plan_variants(plan, products, existing_products, existing_variants, changed_slugs)
    return plan


def _plan_products(plan: ImportPlan, products, existing_products, categories) -> None:
    fields = {
        "product_name": "name",
        "category_slug": "category_id",
        "description": "description",
        "product_active": "is_active",
    }
    present = {column: attr for column, attr in fields.items() if column in plan.columns}
    plan.product_fields = [attr.removesuffix("_id") for attr in present.values()] + ["updated_at"]
    for slug, spec in products.items():
        wanted = {
            attr: categories[spec.values[column]] if column == "category_slug" else spec.values[column]
            for column, attr in present.items()
        }
        product = existing_products.get(slug)
        if product is None:
            plan.products_new.append(Product(slug=slug, **wanted))
            plan.report.products_created += 1
        elif any(getattr(product, attr) != value for attr, value in wanted.items()):
            for attr, value in wanted.items():
                setattr(product, attr, value)
            plan.products_changed.append(product)


def _plan_related_and_images(plan: ImportPlan, products, existing_products) -> set[str]:
    """Plan "goes with" sets and main images; return the slugs of products whose data changes."""
    changed = {p.slug for p in plan.products_changed}
    ids = [existing_products[slug].pk for slug in products if slug in existing_products]
    if "related" in plan.columns:
        current: dict[int, set[int]] = {}
        through = Product.related.through.objects.filter(from_product_id__in=ids)
        for from_id, to_id in through.values_list("from_product_id", "to_product_id"):
            current.setdefault(from_id, set()).add(to_id)
        for slug, spec in products.items():
            wanted = spec.values["related"]
            product = existing_products.get(slug)
            wanted_ids = {existing_products[s].pk if s in existing_products else None for s in wanted}
            if (product is None and wanted) or (product is not None and wanted_ids != current.get(product.pk, set())):
                plan.related[slug] = list(wanted)
                changed.add(slug)
    if "image_url" in plan.columns:
        main_images = {
            image.product_id: image
            for image in ProductImage.objects.filter(product_id__in=ids)
            .order_by("product_id", "position", "pk")
            .distinct("product_id")
        }
        for slug, spec in products.items():
            url, alt = spec.values["image_url"], spec.values["image_alt"]
            if not url:
                continue
            product = existing_products.get(slug)
            image = main_images.get(product.pk) if product else None
            if image is None:
                plan.images_new.append((slug, ProductImage(url=url, alt_text=alt, position=0)))
            elif image.url != url or image.alt_text != alt:
                # The file names the main image: its address wins over an uploaded picture.
                image.url, image.alt_text, image.image = url, alt, ""
                plan.images_changed.append(image)
            else:
                continue
            changed.add(slug)
    plan.report.products_updated = len(changed - {p.slug for p in plan.products_new})
    return changed


def _plan_variants(plan: ImportPlan, products, existing_products, existing_variants, changed_slugs) -> None:
    fields = {"price": "price", "gtin": "gtin", "options": "options", "variant_active": "is_active"}
    present = {column: attr for column, attr in fields.items() if column in plan.columns}
    plan.variant_fields = ["product", *present.values()]
    report = plan.report
    for slug, spec in products.items():
        product = existing_products.get(slug)
        for position, row in enumerate(spec.variant_rows):
            wanted = {attr: row.values[column] for column, attr in present.items()}
            variant = existing_variants.get(row.sku)
            if variant is None:
                plan.variants_new.append((slug, Variant(sku=row.sku, position=position, **wanted)))
                report.created += 1
                continue
            differs = product is None or variant.product_id != product.pk
            for attr, value in wanted.items():
                current = getattr(variant, attr)
                same = _options_equal(current, value) if attr == "options" else current == value
                differs = differs or not same
            if differs:
                if "gtin" in wanted and variant.gtin and variant.gtin != wanted["gtin"]:
                    plan.gtins_released.append(variant.pk)
                for attr, value in wanted.items():
                    setattr(variant, attr, value)
                plan.variants_changed.append((slug, variant))
                report.updated += 1
            elif slug in changed_slugs:
                report.updated += 1
            else:
                report.unchanged += 1


# -- writing the file ------------------------------------------------------------------------------


def catalog_export(*, stream: TextIO, products: QuerySet[Product] | None = None) -> int:
    """Write the catalog (or some products) in the import format; return the number of rows."""
    product_qs = (products if products is not None else Product.objects.all()).order_by()
    product_rows = {
        pk: (slug, name, description, category_slug, is_active)
        for pk, slug, name, description, category_slug, is_active in product_qs.values_list(
            "pk", "slug", "name", "description", "category__slug", "is_active"
        )
    }
    related: dict[int, list[str]] = {}
    through = Product.related.through.objects.filter(from_product__in=product_qs)
    for from_id, to_slug in through.values_list("from_product_id", "to_product__slug"):
        related.setdefault(from_id, []).append(to_slug)
    images = dict(
        (product_id, (url, alt))
        for product_id, url, alt in ProductImage.objects.filter(product__in=product_qs)
        .order_by("product_id", "position", "pk")
        .distinct("product_id")
        .values_list("product_id", "url", "alt_text")
    )
    variants = (
        Variant.objects.filter(product__in=product_qs)
        .order_by("product__slug", "position", "sku")
        .values_list("sku", "product_id", "price", "gtin", "options", "is_active")
    )
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    count = 0
    for sku, product_id, price, gtin, options, is_active in variants.iterator(chunk_size=2000):
        slug, name, description, category_slug, product_active = product_rows[product_id]
        image_url, image_alt = images.get(product_id, ("", ""))
        row = {
            "sku": sku,
            "product_slug": slug,
            "product_name": name,
            "category_slug": category_slug,
            "description": description,
            "price": f"{price:.2f}",
            "gtin": gtin or "",
            "options": format_options(options or {}),
            "product_active": _shown(product_active),
            "variant_active": _shown(is_active),
            "related": "|".join(sorted(related.get(product_id, []))),
            "image_url": image_url,
            "image_alt": image_alt if image_url else "",
        }
        writer.writerow([row[name] for name in COLUMNS])
        count += 1
    return count
