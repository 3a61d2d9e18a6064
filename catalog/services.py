"""Every write to the catalog: the CSV import and the staff console's bulk actions."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TextIO

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from catalog.csv_io import ImportPlan, ImportReport, Progress, RowError, plan_import
from catalog.models import PriceChange, Product, ProductImage, Variant
from core.versions import CATALOG, STRUCTURE, version_bump_on_commit

BATCH_SIZE = 1000


@transaction.atomic
def catalog_import(*, stream: TextIO, dry_run: bool = False, progress: Progress | None = None) -> ImportReport:
    """Import a catalog CSV all or nothing: every row is checked first, then written in one transaction."""
    plan = plan_import(stream, dry_run=dry_run, progress=progress)
    if plan.report.errors or dry_run:
        return plan.report
    try:
        with transaction.atomic():
            _apply(plan)
    except IntegrityError as exc:
        # Someone changed the catalog between our checks and our writes (a SKU, slug or GTIN taken).
        plan.report.errors = [RowError(0, "file", f"the catalog changed while importing; try again ({exc})")]
        plan.report.created = plan.report.updated = plan.report.unchanged = 0
    return plan.report


def _apply(plan: ImportPlan) -> None:
    now = timezone.now()
    Product.objects.bulk_create(plan.products_new, batch_size=BATCH_SIZE)
    for product in plan.products_changed:
        product.updated_at = now
    _bulk_update(plan.products_changed, plan.product_fields)
    product_ids = plan.product_ids | {p.slug: p.pk for p in plan.products_new}

    # A GTIN may move between SKUs of the file: clear the old holders first so no moment holds it twice.
    if plan.gtins_released:
        Variant.objects.filter(pk__in=plan.gtins_released).update(gtin=None)
    changed = []
    for slug, variant in plan.variants_changed:
        variant.product_id = product_ids[slug]
        changed.append(variant)
    old_rows = list(
        Variant.objects.filter(pk__in=[v.pk for v in changed]).order_by().values_list("pk", "price", "product_id")
    )
    old_prices = {pk: price for pk, price, _ in old_rows}
    old_products = {product_id for _, _, product_id in old_rows}
    _bulk_update(changed, plan.variant_fields)
    price_changes_record(
        changes=[(v.pk, old_prices[v.pk], v.price) for v in changed if v.pk in old_prices],
        source=PriceChange.Source.IMPORT,
    )
    new = []
    for slug, variant in plan.variants_new:
        variant.product_id = product_ids[slug]
        new.append(variant)
    Variant.objects.bulk_create(new, batch_size=BATCH_SIZE)

    if plan.related:
        through = Product.related.through
        through.objects.filter(from_product_id__in=[product_ids[s] for s in plan.related]).delete()
        through.objects.bulk_create(
            [
                through(from_product_id=product_ids[slug], to_product_id=product_ids[to_slug])
                for slug, wanted in plan.related.items()
                for to_slug in wanted
            ],
            batch_size=BATCH_SIZE,
        )

    images = []
    for slug, image in plan.images_new:
        image.product_id = product_ids[slug]
        images.append(image)
    ProductImage.objects.bulk_create(images, batch_size=BATCH_SIZE)
    _bulk_update(plan.images_changed, ["url", "alt_text", "image"])
    touched = set(product_ids.values()) | old_products | {v.product_id for v in changed} | {v.product_id for v in new}
    products_listing_refresh(product_ids=touched)
    # New products may sit in categories the menu shows; the search vocabulary follows the catalog version.
    version_bump_on_commit(CATALOG, STRUCTURE)


def _bulk_update(objs: Sequence[models.Model], fields: Sequence[str]) -> None:
    """Write many rows with one UPDATE … FROM unnest(arrays) per batch.

    Django's bulk_update builds a CASE with one branch per row, which takes minutes for 10,000 rows;
    here each column travels as one array parameter.
    """
    if not objs:
        return
    meta = type(objs[0])._meta
    columns = [meta.pk, *(meta.get_field(name) for name in fields)]
    qn = connection.ops.quote_name
    assignments = ", ".join(f"{qn(f.column)} = d.{qn(f.column)}" for f in columns[1:])
    arrays = ", ".join(
        f"%s::text[]::{f.db_type(connection)}[]"
        if isinstance(f, models.JSONField)
        else f"%s::{f.db_type(connection)}[]"
        for f in columns
    )
    # Only quoted names from the model's metadata go into the text; every value is a parameter.
    sql = (
        f"UPDATE {qn(meta.db_table)} AS t SET {assignments} "  # noqa: S608
        f"FROM unnest({arrays}) AS d({', '.join(qn(f.column) for f in columns)}) "
        f"WHERE t.{qn(meta.pk.column)} = d.{qn(meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(objs), BATCH_SIZE):
            batch = objs[start : start + BATCH_SIZE]
            cursor.execute(sql, [[_db_value(f, obj) for obj in batch] for f in columns])


def _db_value(field: models.Field, obj: models.Model):
    value = getattr(obj, field.attname)
    if isinstance(field, models.JSONField):
        return json.dumps(value, cls=field.encoder)
    return field.get_db_prep_save(value, connection)


@transaction.atomic
def products_set_active(*, product_ids: Iterable[int], is_active: bool) -> int:
    """Show or hide products in the shop at once; return how many changed."""
    changed = (
        Product.objects.filter(pk__in=list(product_ids))
        .exclude(is_active=is_active)
        .update(is_active=is_active, updated_at=timezone.now())
    )
    if changed:
        version_bump_on_commit(CATALOG)
    return changed


def price_changes_record(
    *, changes: Iterable[tuple[int, Decimal, Decimal]], source: str = PriceChange.Source.OTHER
) -> list[PriceChange]:
    """Keep the price history of variants (variant id, old, new); unchanged prices leave no row."""
    now = timezone.now()
    rows = [
        PriceChange(variant_id=variant_id, old_price=old, new_price=new, source=source, changed_at=now)
        for variant_id, old, new in changes
        if old is not None and new is not None and Decimal(old) != Decimal(new)
    ]
    return PriceChange.objects.bulk_create(rows, batch_size=BATCH_SIZE)


# Every product's listing columns from its active variants in one statement; `%s` is the list of product ids
# (NULL: every product). Products without an active variant get no price, which takes them off listings.
LISTING_REFRESH_SQL = """
UPDATE catalog_product AS p
SET min_price = s.min_price, max_price = s.max_price, variant_count = s.n, default_variant_id = s.first_id
FROM (
    SELECT p2.id,
           min(v.price) AS min_price,
           max(v.price) AS max_price,
           count(v.id) AS n,
           (array_agg(v.id ORDER BY v.position, v.sku))[1] AS first_id
    FROM catalog_product AS p2
    LEFT JOIN catalog_variant AS v ON v.product_id = p2.id AND v.is_active
    WHERE %s::bigint[] IS NULL OR p2.id = ANY(%s::bigint[])
    GROUP BY p2.id
) AS s
WHERE p.id = s.id AND (
    p.min_price IS DISTINCT FROM s.min_price OR p.max_price IS DISTINCT FROM s.max_price
    OR p.variant_count <> s.n OR p.default_variant_id IS DISTINCT FROM s.first_id
)
"""


def products_listing_refresh(*, product_ids: Iterable[int] | None) -> int:
    """Recompute the stored price range, variant count and default variant of these products (None: all)."""
    ids = None if product_ids is None else sorted({int(pk) for pk in product_ids})
    if ids == []:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(LISTING_REFRESH_SQL, [ids, ids])
        changed = cursor.rowcount
    version_bump_on_commit(CATALOG)
    return changed
