"""Comparing a checked catalog CSV with the catalog: what an import would create and change, writing nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TextIO

from catalog.csv_io.validate import ImportReport, Progress, RowError, check_header, parse_rows, read_records
from catalog.models import Category, Product, ProductImage, Variant


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
