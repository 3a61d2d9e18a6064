"""Checkout throughput (`pickup.checkout.checkout_place`, as the shop calls it): orders/s alone, and buyers racing for few units."""

import re
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass
class Race:
    buyers: int
    units: int
    won: int
    lost: int
    errors: int
    seconds: float

    @property
    def oversell(self) -> int:
        return max(0, self.won - self.units)

    @property
    def rate(self) -> float:
        return self.won / self.seconds if self.seconds else 0.0


def checkout_available() -> bool:
    try:
        from pickup.checkout import checkout_place  # noqa: F401 — only: does it exist yet?
    except ImportError:
        return False
    return True


def race(*, attempt: Callable[[int], bool], buyers: int, units: int, timeout: float) -> Race:
    """`buyers` threads released together, each calling attempt(i) once: True = ordered, False = refused."""
    barrier = threading.Barrier(buyers)
    outcomes: list[bool | None] = [None] * buyers

    def buyer(i: int) -> None:
        try:
            barrier.wait(timeout=timeout)
            outcomes[i] = attempt(i)
        except Exception:
            outcomes[i] = None

    threads = [threading.Thread(target=buyer, args=(i,), daemon=True) for i in range(buyers)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    seconds = time.perf_counter() - started
    won = sum(1 for o in outcomes if o is True)
    lost = sum(1 for o in outcomes if o is False)
    return Race(buyers=buyers, units=units, won=won, lost=lost, errors=buyers - won - lost, seconds=seconds)


def _bench_variant(*, store, units: int, label: str):
    """A fresh SKU for this run with exactly `units` units the web can promise at `store`."""
    from catalog.models import Category, Product, Variant
    from inventory.services import stock_receive

    run = uuid.uuid4().hex[:8]
    category = Category.objects.order_by("pk").first() or Category.objects.create(name="Bench", slug=f"bench-{run}")
    product = Product.objects.create(name=f"Bench {label}", slug=f"bench-{label}-{run}", category=category)
    variant = Variant.objects.create(product=product, sku=f"BENCH-{label.upper()}-{run}", price="100.00")
    stock_receive(location=store, variant=variant, quantity=units + store.default_online_buffer, reason="bench")
    return variant


def _carts(variant, count: int) -> list:
    from orders.models import Cart, CartLine

    carts = Cart.objects.bulk_create([Cart(session_key=uuid.uuid4().hex) for _ in range(count)])
    CartLine.objects.bulk_create(
        [CartLine(cart=c, variant=variant, quantity=1, price_when_added=variant.price) for c in carts]
    )
    return carts


def _place(cart, store, i: int, *, email: str = ""):
    from pickup.checkout import checkout_place

    return checkout_place(
        cart=cart,
        email=email or f"bench-buyer-{i}@example.com",
        name="Bench Buyer",
        fulfilment="pickup",
        location=store,
        payment_method="pay_at_pickup",
    )


RETURNING_GUEST = "bench-returning-guest@example.com"


# Transaction control: a round trip each, but no data read or written.
CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT)\b", re.IGNORECASE)


def uncontended(*, store, orders: int, max_seconds: float) -> tuple[int, float, list[str]]:
    """One order after another by the same returning guest, each a one-line cart paid at pickup: orders placed,
    seconds taken, and every statement the second order sent (BEGIN, COMMIT and savepoints included). The second: the
    first may create the guest's profile, on a bench database's first run only."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    variant = _bench_variant(store=store, units=orders, label="alone")
    carts = _carts(variant, orders)
    deadline = time.monotonic() + max_seconds
    placed, statements, started = 0, [], time.perf_counter()
    for i, cart in enumerate(carts):
        if time.monotonic() > deadline:
            break
        if i == 1:
            with CaptureQueriesContext(connection) as captured:
                _place(cart, store, i, email=RETURNING_GUEST)
            statements = [query["sql"] for query in captured.captured_queries]
        else:
            _place(cart, store, i, email=RETURNING_GUEST)
        placed += 1
    return placed, time.perf_counter() - started, statements


def contended(*, store, buyers: int, units: int, timeout: float) -> tuple[Race, int]:
    """`buyers` carts racing for `units` units of one SKU; also the units held beyond stock, read from the ledger."""
    from django.db import connection

    from inventory.exceptions import InsufficientStock
    from inventory.models import StockLevel

    variant = _bench_variant(store=store, units=units, label="race")
    carts = _carts(variant, buyers)

    def attempt(i: int) -> bool:
        try:
            _place(carts[i], store, i)
            return True
        except InsufficientStock:
            return False
        finally:
            connection.close()

    result = race(attempt=attempt, buyers=buyers, units=units, timeout=timeout)
    level = StockLevel.objects.select_related("location").get(location=store, variant=variant)
    held_beyond = max(0, level.reserved - (level.on_hand - level.buffer))
    return result, held_beyond


@contextmanager
def workers_elsewhere():
    """Measure placing orders as production runs it: the confirmation is an outbox row whose send a worker does
    later, not inline (the bench process otherwise runs Celery tasks eagerly). Unsent rows stay in the bench
    database, where the next drain would send them to the bench's dummy mail backend."""
    from config.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield
    finally:
        app.conf.task_always_eager = saved


def _pickup_store():
    from inventory.models import Location

    stores = Location.objects.filter(is_active=True, is_pickup_point=True, kind=Location.Kind.STORE)
    return stores.order_by("pk").first()


def checkout_figures(
    say: Callable[[str], None], *, orders: int = 200, buyers: int = 20, units: int = 5, max_seconds: float = 20
) -> dict:
    """The checkout hook of `make bench`: orders/s placed alone (pay at pickup) and `buyers` racing for `units`."""
    if not checkout_available():
        say("\ncheckout: not available yet")
        return {"status": "not available yet"}
    store = _pickup_store()
    if store is None:
        say("\ncheckout: skipped: no pickup store in the bench database")
        return {"status": "no pickup store"}
    with workers_elsewhere():
        placed, seconds, statements = uncontended(store=store, orders=orders, max_seconds=max_seconds)
        queries = sum(1 for sql in statements if not CONTROL.match(sql))
        rate = placed / seconds if seconds else 0.0
        result, held_beyond = contended(store=store, buyers=buyers, units=units, timeout=max_seconds)
    oversell = max(result.oversell, held_beyond)
    say(f"\ncheckout at {store.code} (checkout_place, pay at pickup, in process):")
    say(
        f"  uncontended: {placed} orders in {seconds:.2f}s = {rate:.0f} orders/s; {queries} queries per order "
        f"({len(statements)} round trips with BEGIN, COMMIT and savepoints)"
    )
    say(
        f"  {buyers} buyers racing for {units} units: {result.won} placed, {result.lost} refused, "
        f"{result.errors} errors in {result.seconds:.2f}s = {result.rate:.0f} orders/s; oversell {oversell}"
    )
    return {
        "status": "ok",
        "store": store.code,
        "uncontended": {
            "orders": placed,
            "seconds": round(seconds, 3),
            "orders_per_s": round(rate, 1),
            "queries_per_order": queries,
            "round_trips_per_order": len(statements),
        },
        "contended": {
            "buyers": buyers,
            "units": units,
            "won": result.won,
            "lost": result.lost,
            "errors": result.errors,
            "seconds": round(result.seconds, 3),
            "orders_per_s": round(result.rate, 1),
            "oversell": oversell,
        },
    }
