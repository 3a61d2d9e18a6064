"""Stock out: what a linked store's till may sell (on hand minus reserved) as Square PHYSICAL_COUNTs.

Our ledger is the source of truth: each count is absolute, so a number typed into Square is overwritten at the next
change here. A full run sends every mapped variant's count; the minute run (beat) looks at the stock levels changed
since the last one (less a margin, for transactions that committed late) and sends those whose count differs from
what Square last accepted (`SquareStockCount`), in requests of at most 100 changes.
"""

import hashlib
import json
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

import httpx
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from square.core.api_error import ApiError

from inventory.models import Location, StockLevel
from squarepos.client import INVENTORY_REQUEST_CHANGES, error_text, square_client
from squarepos.links import linked_stores
from squarepos.models import SquareStockCount, SquareSync
from squarepos.sync_status import SyncOutcome, sync_record

# A stock change is stamped when its transaction starts and seen when it commits: look back this far every time.
LATE_COMMIT_MARGIN = timedelta(minutes=5)


def _levels(store: Location, *, since: datetime | None) -> Iterator[dict]:
    """The store's levels of variants Square knows, with the count last sent (None when never)."""
    levels = StockLevel.objects.filter(location=store, variant__square_variation__isnull=False)
    if since is not None:
        never_sent = ~Exists(SquareStockCount.objects.filter(location=store, variant=OuterRef("variant_id")))
        levels = levels.filter(Q(updated_at__gte=since) | never_sent)  # a variant new to Square gets its count too
    sent = dict(SquareStockCount.objects.filter(location=store).values_list("variant_id", "quantity"))
    rows = (
        levels.order_by("variant_id")
        .values("variant_id", "updated_at", "on_hand", "reserved", square_id=F("variant__square_variation__square_id"))
        .iterator(chunk_size=2000)
    )
    for row in rows:
        row["quantity"] = max(row["on_hand"] - row["reserved"], 0)
        row["sent"] = sent.get(row["variant_id"])
        yield row


def _chunks(rows: Iterator[dict], size: int) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _change(store: Location, row: dict, occurred_at: str) -> dict:
    return {
        "type": "PHYSICAL_COUNT",
        "physical_count": {
            "catalog_object_id": row["square_id"],
            "state": "IN_STOCK",
            "location_id": store.square_location_id,
            "quantity": str(row["quantity"]),
            "occurred_at": occurred_at,
        },
    }


def _remember(store: Location, rows: list[dict], *, now: datetime) -> None:
    SquareStockCount.objects.bulk_create(
        [
            SquareStockCount(location=store, variant_id=r["variant_id"], quantity=r["quantity"], sent_at=now)
            for r in rows
        ],
        update_conflicts=True,
        unique_fields=["location", "variant"],
        update_fields=["quantity", "sent_at"],
    )


def store_stock_sync(
    *, client, store: Location, full: bool, now: datetime, progress: Callable[[int], None] | None = None
) -> SyncOutcome:
    """Send one store's counts: all of them (`full`) or those changed since its last run."""
    record = SquareSync.objects.filter(location=store, kind=SquareSync.Kind.STOCK).first()
    since = (
        None if full or record is None or record.changed_since is None else record.changed_since - LATE_COMMIT_MARGIN
    )
    outcome, occurred_at = SyncOutcome(), now.isoformat()
    latest = record.changed_since if record and record.changed_since else None

    def due() -> Iterator[dict]:
        nonlocal latest
        for row in _levels(store, since=since):
            outcome.looked_at += 1
            latest = row["updated_at"] if latest is None else max(latest, row["updated_at"])
            if progress:
                progress(1)
            if full or row["sent"] != row["quantity"]:
                yield row

    for chunk in _chunks(due(), INVENTORY_REQUEST_CHANGES):
        changes = [_change(store, row, occurred_at) for row in chunk]
        key = "stock-" + hashlib.sha256(json.dumps(changes, sort_keys=True).encode()).hexdigest()[:48]
        outcome.requests += 1
        try:
            response = client.inventory.batch_create_changes(idempotency_key=key, changes=changes)
        except (ApiError, httpx.HTTPError) as exc:  # kept on the store's record; the next run sends them again
            outcome.errors.append(error_text(exc))
            break
        if response.errors:
            outcome.errors.extend(f"{e.code}: {e.detail}" for e in response.errors)
            continue
        _remember(store, chunk, now=now)
        outcome.objects += len(chunk)
    # On an error the cursor stays where it was, so the levels not sent are looked at again next time.
    # A full run sent everything as it stood when it started; the minute run moves on to what it saw last.
    previous = record.changed_since if record else None
    changed_since = previous if outcome.errors else (now if full else latest or now)
    sync_record(location=store, kind=SquareSync.Kind.STOCK, outcome=outcome, now=now, changed_since=changed_since)
    return outcome


def stock_sync(*, full: bool, progress: Callable[[int], None] | None = None) -> SyncOutcome:
    """Send the counts of every linked store; returns the totals."""
    client, now, total = square_client(), timezone.now(), SyncOutcome()
    for store in linked_stores():
        one = store_stock_sync(client=client, store=store, full=full, now=now, progress=progress)
        total.looked_at += one.looked_at
        total.objects += one.objects
        total.requests += one.requests
        total.errors.extend(f"{store.code}: {e}" for e in one.errors)
    return total
