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
    old_prices = dict(Variant.objects.filter(pk__in=[v.pk for v in changed]).values_list("pk", "price"))
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
    return (
        Product.objects.filter(pk__in=list(product_ids))
        .exclude(is_active=is_active)
        .update(is_active=is_active, updated_at=timezone.now())
    )


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
