"""Catalog out: each product as a Square ITEM with one ITEM_VARIATION per variant, sent only when it changed.

Square's batch-upsert replaces whole objects, so a product is the unit of change: the item with every variation
Square has of it (a variation left out would be deleted), in one batch. What was last accepted is kept as a
fingerprint beside the product (`SquareItem`), so a run with nothing changed sends nothing. A request's
idempotency key is derived from what it sends: the same request again (a retry) creates nothing twice.
"""

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from square.core.api_error import ApiError

from catalog.models import Product, Variant
from squarepos.client import (
    CATALOG_BATCH_OBJECTS,
    CATALOG_REQUEST_OBJECTS,
    error_text,
    money,
    square_client,
)
from squarepos.links import linked_stores
from squarepos.models import SquareItem, SquareSync, SquareVariation
from squarepos.sync_status import SyncOutcome, sync_record

CHUNK = 500


@dataclass
class _Pending:
    """One product ready to go: its Square objects and what to remember when Square accepts them."""

    product: Product
    item: dict
    fingerprint: str
    variants: dict[str, Variant]  # the id we sent (ours "#v…" or Square's) → variant

    @property
    def size(self) -> int:
        return 1 + len(self.item["item_data"]["variations"])


def _products() -> Iterator[Product]:
    """Active products, and inactive ones Square already has (to take them off its tills), with their variants."""
    variants = Variant.objects.select_related("square_variation").order_by("position", "pk")
    return (
        Product.objects.filter(Q(is_active=True) | Q(square_item__isnull=False))
        .select_related("square_item")
        .prefetch_related(Prefetch("variants", queryset=variants))
        .order_by("pk")
        .iterator(chunk_size=CHUNK)
    )


def _mapped(obj, name: str):
    try:
        return getattr(obj, name)
    except (SquareItem.DoesNotExist, SquareVariation.DoesNotExist):
        return None


def _variation(variant: Variant, *, item_id: str, present: list[str]) -> tuple[dict, dict]:
    """(the object to send, what the fingerprint covers) of one variant."""
    link = _mapped(variant, "square_variation")
    data = {
        "item_id": item_id,
        "name": variant.label[:255],
        "sku": variant.sku,
        "pricing_type": "FIXED_PRICING",
        "price_money": money(variant.price),
        "track_inventory": True,
    }
    if variant.gtin:
        data["upc"] = variant.gtin
    obj = {
        "type": "ITEM_VARIATION",
        "id": link.square_id if link else f"#v{variant.pk}",
        "present_at_all_locations": False,
        "present_at_location_ids": present,
        "item_variation_data": data,
    }
    if link and link.version is not None:
        obj["version"] = link.version
    return obj, {"variant": variant.pk, "present": present, **{k: v for k, v in data.items() if k != "item_id"}}


def item_for(product: Product, *, location_ids: list[str]) -> _Pending | None:
    """The product as Square should have it now, or None when Square neither has it nor should (inactive)."""
    link = _mapped(product, "square_item")
    item_id = link.square_id if link else f"#p{product.pk}"
    variations, covered, by_id = [], [], {}
    for variant in product.variants.all():
        on_till = product.is_active and variant.is_active
        if not on_till and _mapped(variant, "square_variation") is None:
            continue  # never sent, nothing to take off a till
        obj, fp = _variation(variant, item_id=item_id, present=location_ids if on_till else [])
        variations.append(obj)
        covered.append(fp)
        by_id[obj["id"]] = variant
    if not variations:
        return None
    present = location_ids if product.is_active else []
    item = {
        "type": "ITEM",
        "id": item_id,
        "present_at_all_locations": False,
        "present_at_location_ids": present,
        "item_data": {"name": product.name[:512], "variations": variations},
    }
    if link and link.version is not None:
        item["version"] = link.version
    seen = json.dumps({"name": product.name, "present": present, "variations": covered}, sort_keys=True, default=str)
    return _Pending(product=product, item=item, fingerprint=hashlib.sha256(seen.encode()).hexdigest(), variants=by_id)


def _requests(pending: Iterator[_Pending]) -> Iterator[list[list[_Pending]]]:
    """Products grouped into batches of at most 1,000 objects, and batches into requests of at most 10,000."""
    batches: list[list[_Pending]] = []
    batch: list[_Pending] = []
    batch_size = request_size = 0
    for one in pending:
        if batch and batch_size + one.size > CATALOG_BATCH_OBJECTS:
            batches.append(batch)
            batch, batch_size = [], 0
        if batches and request_size + one.size > CATALOG_REQUEST_OBJECTS:
            yield batches
            batches, request_size = [], 0
        batch.append(one)
        batch_size += one.size
        request_size += one.size
    if batch:
        batches.append(batch)
    if batches:
        yield batches


def _idempotency_key(body: list[dict]) -> str:
    return "catalog-" + hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:48]


def _remember(request: list[list[_Pending]], response, *, now) -> int:
    """Keep the ids and versions Square answered with beside our products and variants; returns objects kept."""
    real = {m.client_object_id: m.object_id for m in (response.id_mappings or [])}
    ours = {real.get(one.item["id"], one.item["id"]): one for batch in request for one in batch}
    items, variations = [], []
    for obj in response.objects or []:
        one = ours.get(obj.id)
        if one is None or obj.type != "ITEM":
            continue
        items.append(
            SquareItem(
                product=one.product, square_id=obj.id, version=obj.version, fingerprint=one.fingerprint, synced_at=now
            )
        )
        variants = {real.get(sent, sent): variant for sent, variant in one.variants.items()}
        for variation in (obj.item_data.variations if obj.item_data else None) or []:
            if variation.id in variants:
                variations.append((variants[variation.id], obj.id, variation.id, variation.version))
    with transaction.atomic():
        SquareItem.objects.bulk_create(
            items,
            update_conflicts=True,
            unique_fields=["product"],
            update_fields=["square_id", "version", "fingerprint", "synced_at"],
        )
        item_pks = dict(
            SquareItem.objects.filter(square_id__in=[i.square_id for i in items]).values_list("square_id", "pk")
        )
        SquareVariation.objects.bulk_create(
            [
                SquareVariation(variant=v, item_id=item_pks[item_id], square_id=sid, version=version)
                for v, item_id, sid, version in variations
            ],
            update_conflicts=True,
            unique_fields=["variant"],
            update_fields=["item", "square_id", "version"],
        )
    return len(items) + len(variations)


def catalog_sync(*, progress: Callable[[int], None] | None = None) -> SyncOutcome:
    """Upsert what changed in our catalog since Square last accepted it, at every linked store."""
    client, stores, now = square_client(), linked_stores(), timezone.now()
    location_ids = sorted(store.square_location_id for store in stores)
    outcome = SyncOutcome()

    def changed() -> Iterator[_Pending]:
        for product in _products():
            outcome.looked_at += 1
            if progress:
                progress(1)
            one = item_for(product, location_ids=location_ids)
            link = _mapped(product, "square_item")
            if one is not None and (link is None or link.fingerprint != one.fingerprint):
                yield one

    for request in _requests(changed()):
        body = [{"objects": [one.item for one in batch]} for batch in request]
        outcome.requests += 1
        try:
            response = client.catalog.batch_upsert(idempotency_key=_idempotency_key(body), batches=body)
        except (ApiError, httpx.HTTPError) as exc:  # kept on the sync's record; the next run sends it again
            outcome.errors.append(error_text(exc))
            break
        outcome.errors.extend(f"{e.code}: {e.detail}" for e in (response.errors or []))
        outcome.objects += _remember(request, response, now=now)
    for store in stores:
        sync_record(location=store, kind=SquareSync.Kind.CATALOG, outcome=outcome, now=now)
    return outcome
