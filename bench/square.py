"""The Square connector against the fake Square of the tests (in process, on loopback, through the real SDK): the
full sync of the catalog and every stock count at the linked stores, a second catalog run that sends nothing, and
the minute run after stock changes. Leaves the bench database as it found it (links, Square's ids, counts)."""

import random
import sys
import time

from django.test.utils import override_settings

from bench.stats import table

STORES = 10
CHANGES = 100


def _timed(run):
    started = time.perf_counter()
    outcome = run()
    return outcome, time.perf_counter() - started


def _link(state, stores) -> None:
    from inventory.models import Location

    state.locations = [
        {"id": f"LBENCH{n:02d}", "name": store.name, "status": "ACTIVE"} for n, store in enumerate(stores)
    ]
    for n, store in enumerate(stores):
        Location.objects.filter(pk=store.pk).update(square_location_id=f"LBENCH{n:02d}")


def _forget(stores, moved) -> None:
    """Undo the bench's changes: the links, the connector's rows, and the stock moved for the minute run."""
    from inventory.models import Location
    from inventory.services import stock_adjust
    from squarepos.models import SquareItem, SquareStockCount, SquareSync

    for level in moved:
        stock_adjust(location=level.location, variant=level.variant, delta=-1, reason="Square bench, undone")
    SquareStockCount.objects.all().delete()
    SquareSync.objects.all().delete()
    SquareItem.objects.all().delete()
    Location.objects.filter(pk__in=[s.pk for s in stores]).update(square_location_id="")


def _move_stock(stores, changes: int) -> list:
    """`changes` stock levels at the linked stores, one unit more each, through the ledger's own service."""
    from inventory.models import StockLevel
    from inventory.services import stock_adjust

    levels = list(
        StockLevel.objects.filter(location__in=stores, variant__square_variation__isnull=False)
        .select_related("location", "variant")
        .order_by("pk")[: changes * 20]
    )
    moved = random.Random(31).sample(levels, min(changes, len(levels)))
    for level in moved:
        stock_adjust(location=level.location, variant=level.variant, delta=1, reason="Square bench")
    return moved


def square_figures(say, out=None, *, stores: int = STORES, changes: int = CHANGES) -> dict:
    """Run the syncs against a fresh fake Square; print a table and return the figures."""
    from inventory.models import Location
    from squarepos.catalog import catalog_sync
    from squarepos.stock import stock_sync
    from tests.squarepos.square_fake import TOKEN, fake_square_start

    out = out or sys.stdout
    linked = list(Location.objects.filter(kind=Location.Kind.STORE, is_active=True).order_by("code")[:stores])
    if not linked:
        say("\nSquare: skipped: no stores to link")
        return {"status": "no stores"}
    server, moved = fake_square_start(), []
    try:
        with override_settings(SQUARE_ACCESS_TOKEN=TOKEN, SQUARE_BASE_URL=server.url):
            _link(server.state, linked)
            runs = {"catalog, full": _timed(catalog_sync), "stock, full": _timed(lambda: stock_sync(full=True))}
            runs["catalog, nothing changed"] = _timed(catalog_sync)
            moved = _move_stock(linked, changes)
            runs[f"stock, after {len(moved)} changes"] = _timed(lambda: stock_sync(full=False))
    finally:
        server.shutdown()
        server.server_close()
        _forget(linked, moved)
    rows = [
        [name, f"{o.looked_at:,}", f"{o.objects:,}", o.requests, f"{seconds:.2f}", len(o.errors)]
        for name, (o, seconds) in runs.items()
    ]
    table(
        f"Square POS sync ({len(linked)} linked stores, fake Square on loopback)",
        ["run", "looked at", "objects sent", "requests", "seconds", "errors"],
        rows,
        out,
    )
    return {
        "stores": len(linked),
        **{
            name: {"looked_at": o.looked_at, "objects": o.objects, "requests": o.requests, "seconds": round(s, 2)}
            for name, (o, s) in runs.items()
        },
    }
