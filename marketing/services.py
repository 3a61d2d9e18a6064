"""Every write of the customer emails: the bought-together table, and each campaign's run, once per customer and period.

Each send claims a MarketingEmail row (unique customer, kind, key) in the same transaction that queues the mail
after commit, so a rerun, a retry or a second beat sends nothing twice. Only customers with marketing consent.
"""

import hashlib
from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal
from functools import partial

from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from catalog.models import PriceChange, ProductImage, Variant
from core.emails import site_url
from customers.models import Customer, WishlistItem
from inventory.selectors import stock_levels_with_stock
from marketing.emails import (
    after_purchase_email,
    back_in_stock_email,
    personal_pick_email,
    price_drop_email,
    stock_where,
)
from marketing.models import BoughtTogether, MarketingEmail, WishlistAlert
from marketing.recommendations import order_product_ids, recommendations_for_customer
from marketing.send import marketing_email_send
from orders.models import Order
from orders.selectors import UNSOLD_STATUSES

BOUGHT_TOGETHER_DAYS = 365
BOUGHT_TOGETHER_PER_PRODUCT = 20
PRICE_DROP_WINDOW = timedelta(days=2)  # the daily run looks back this far for drops not yet told
PRICE_REFERENCE_DAYS = 30  # a drop is real only below the lowest price of the 30 days before it
PICK_SIZE = 6


def reachable_customers() -> QuerySet[Customer]:
    """Customers we may email: agreed to marketing, have an address, not merged away."""
    return Customer.objects.filter(marketing_consent=True, email__isnull=False, merged_into__isnull=True)


# ---- Bought together ----


@transaction.atomic
def bought_together_refresh(*, now: datetime | None = None, days: int = BOUGHT_TOGETHER_DAYS) -> int:
    """Recount which products are bought in the same order (every channel, last `days`); returns the pairs kept.

    One INSERT … SELECT in the database; each product keeps its BOUGHT_TOGETHER_PER_PRODUCT strongest partners.
    """
    since = (now or timezone.now()) - timedelta(days=days)
    BoughtTogether.objects.all().delete()
    table = BoughtTogether._meta.db_table
    # Only table names from model metadata go into the text; every value is a parameter.
    sql = f"""
        WITH items AS (
            SELECT DISTINCT l.order_id, v.product_id
            FROM orders_orderline l
            JOIN orders_order o ON o.id = l.order_id
            JOIN catalog_variant v ON v.id = l.variant_id
            WHERE o.placed_at >= %s AND NOT (o.status = ANY(%s))
        ),
        pairs AS (
            SELECT a.product_id, b.product_id AS other_id, count(*) AS orders
            FROM items a JOIN items b ON a.order_id = b.order_id AND a.product_id <> b.product_id
            GROUP BY a.product_id, b.product_id
        ),
        ranked AS (
            SELECT *, row_number() OVER (PARTITION BY product_id ORDER BY orders DESC, other_id) AS rank FROM pairs
        )
        INSERT INTO {table} (product_id, other_id, orders)
        SELECT product_id, other_id, orders FROM ranked WHERE rank <= %s
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [since, list(UNSOLD_STATUSES), BOUGHT_TOGETHER_PER_PRODUCT])
        return cursor.rowcount


# ---- Claiming one email ----


def _claim(*, customer: Customer, kind: str, key: str, items: list) -> MarketingEmail | None:
    """The unique row that makes this email happen once; None when it was already sent."""
    try:
        with transaction.atomic():
            return MarketingEmail.objects.create(customer=customer, kind=kind, key=key[:64], items=items)
    except IntegrityError:
        return None


def _images() -> Prefetch:
    return Prefetch("product__images", queryset=ProductImage.objects.order_by("position", "pk"))


# ---- Back in stock ----


def _wishlist_availability() -> QuerySet[WishlistItem]:
    online = stock_levels_with_stock(online=True).filter(variant_id=OuterRef("variant_id"))
    at_home = stock_levels_with_stock(location_id=OuterRef("customer__home_store_id")).filter(
        variant_id=OuterRef("variant_id")
    )
    return WishlistItem.objects.filter(
        customer__in=reachable_customers(), variant__is_active=True, variant__product__is_active=True
    ).annotate(online=Exists(online), at_home=Exists(at_home))


def wishlist_back_in_stock_run(*, now: datetime | None = None) -> int:
    """Note wishlist items that are out, and email each customer once when theirs come back; returns emails queued.

    "Available" means online anywhere or on the shelf of the customer's home store. An item that was never seen
    out of stock is not news; one that comes back is told once per return.
    """
    now = now or timezone.now()
    rows = list(_wishlist_availability().values_list("customer_id", "variant_id", "online", "at_home"))
    alerts = {
        (a.customer_id, a.variant_id): a
        for a in WishlistAlert.objects.filter(customer_id__in={r[0] for r in rows}).only(
            "pk", "customer_id", "variant_id", "out_of_stock"
        )
    }
    went_out_new, went_out_again = [], []
    back: dict[int, list[tuple[int, bool]]] = defaultdict(list)
    for customer_id, variant_id, online, at_home in rows:
        alert = alerts.get((customer_id, variant_id))
        if not (online or at_home):
            if alert is None:
                went_out_new.append(WishlistAlert(customer_id=customer_id, variant_id=variant_id, out_since=now))
            elif not alert.out_of_stock:
                went_out_again.append(alert.pk)
        elif alert is not None and alert.out_of_stock:
            back[customer_id].append((alert.pk, at_home))
    WishlistAlert.objects.bulk_create(went_out_new, ignore_conflicts=True)
    WishlistAlert.objects.filter(pk__in=went_out_again).update(out_of_stock=True, out_since=now)
    sent = 0
    for customer_id, alerts_back in back.items():
        sent += back_in_stock_send(customer_id=customer_id, alerts=alerts_back)
    return sent


@transaction.atomic
def back_in_stock_send(*, customer_id: int, alerts: list[tuple[int, bool]]) -> bool:
    """Tell one customer which wishlist items are back (alert id, in their home store?); each return once."""
    customer = reachable_customers().select_related("home_store").filter(pk=customer_id).first()
    if customer is None:
        return False
    at_home = dict(alerts)
    locked = list(
        WishlistAlert.objects.select_for_update(of=("self",))
        .filter(pk__in=list(at_home), out_of_stock=True)
        .order_by("pk")
    )
    if not locked:
        return False
    WishlistAlert.objects.filter(pk__in=[a.pk for a in locked]).update(out_of_stock=False, returns=F("returns") + 1)
    episodes = ",".join(f"{a.pk}.{a.returns + 1}" for a in locked)
    key = hashlib.sha256(episodes.encode()).hexdigest()[:32]
    if (
        _claim(customer=customer, kind=MarketingEmail.Kind.BACK_IN_STOCK, key=key, items=[a.variant_id for a in locked])
        is None
    ):
        return False
    variants = (
        Variant.objects.select_related("product").prefetch_related(_images()).in_bulk([a.variant_id for a in locked])
    )
    home = customer.home_store.name if customer.home_store else ""
    items = [(variants[a.variant_id], stock_where(home=home if at_home[a.pk] else "")) for a in locked]
    message = back_in_stock_email(customer=customer, variants=items, base_url=site_url())
    return marketing_email_send(customer=customer, message=message)


# ---- Price drop ----


def real_price_drops(*, now: datetime, window: timedelta = PRICE_DROP_WINDOW) -> dict[int, tuple[PriceChange, Decimal]]:
    """Variant id → (the drop, the lowest price of the 30 days before it), for drops still in effect.

    A price that went up and came back down is not a drop: the new price must be below every price of the
    reference period. Two queries.
    """
    drops = list(
        PriceChange.objects.filter(
            changed_at__gte=now - window, new_price__lt=F("old_price"), new_price=F("variant__price")
        )
        .order_by("variant_id", "-changed_at", "-pk")
        .distinct("variant_id")
    )
    if not drops:
        return {}
    earliest = min(d.changed_at for d in drops) - timedelta(days=PRICE_REFERENCE_DAYS)
    history: dict[int, list[PriceChange]] = defaultdict(list)
    for change in PriceChange.objects.filter(variant_id__in=[d.variant_id for d in drops], changed_at__gte=earliest):
        history[change.variant_id].append(change)
    result = {}
    for drop in drops:
        start = drop.changed_at - timedelta(days=PRICE_REFERENCE_DAYS)
        before = [drop.old_price]
        for change in history[drop.variant_id]:
            if start <= change.changed_at <= drop.changed_at and change.pk != drop.pk:
                before += [change.old_price, change.new_price]
        reference = min(before)
        if drop.new_price < reference:
            result[drop.variant_id] = (drop, reference)
    return result


def wishlist_price_drop_run(*, now: datetime | None = None) -> int:
    """Email each customer (at most once a day) the real price drops on their wishlist not told before."""
    now = now or timezone.now()
    drops = real_price_drops(now=now)
    if not drops:
        return 0
    wanted: dict[int, list[int]] = defaultdict(list)
    for customer_id, variant_id in WishlistItem.objects.filter(
        customer__in=reachable_customers(), variant_id__in=list(drops), variant__is_active=True
    ).values_list("customer_id", "variant_id"):
        wanted[customer_id].append(variant_id)
    told = defaultdict(set)
    for customer_id, items in MarketingEmail.objects.filter(
        kind=MarketingEmail.Kind.PRICE_DROP, customer_id__in=list(wanted), sent_at__gte=now - timedelta(days=40)
    ).values_list("customer_id", "items"):
        told[customer_id].update(items)
    sent = 0
    for customer_id, variant_ids in wanted.items():
        new = [v for v in variant_ids if drops[v][0].pk not in told[customer_id]]
        if new:
            sent += price_drop_send(
                customer_id=customer_id, drops={v: drops[v] for v in new}, day=now.date().isoformat()
            )
    return sent


@transaction.atomic
def price_drop_send(*, customer_id: int, drops: dict[int, tuple[PriceChange, Decimal]], day: str) -> bool:
    customer = reachable_customers().filter(pk=customer_id).first()
    if customer is None:
        return False
    if (
        _claim(customer=customer, kind=MarketingEmail.Kind.PRICE_DROP, key=day, items=[d.pk for d, _ in drops.values()])
        is None
    ):
        return False
    variants = Variant.objects.select_related("product").prefetch_related(_images()).in_bulk(list(drops))
    items = [(variants[v], reference) for v, (_, reference) in drops.items()]
    return marketing_email_send(
        customer=customer, message=price_drop_email(customer=customer, drops=items, base_url=site_url())
    )


# ---- After purchase ----


def after_purchase_run(*, now: datetime | None = None) -> int:
    """A day after an order completes, email what goes with it (hourly beat; the order number is the key)."""
    now = now or timezone.now()
    orders = Order.objects.filter(
        customer__in=reachable_customers(),
        status=Order.Status.COMPLETED,
        completed_at__lte=now - timedelta(days=1),
        completed_at__gt=now - timedelta(days=2),
    ).exclude(
        Exists(
            MarketingEmail.objects.filter(
                customer_id=OuterRef("customer_id"), kind=MarketingEmail.Kind.AFTER_PURCHASE, key=OuterRef("number")
            )
        )
    )
    return sum(after_purchase_send(order_id=pk) for pk in orders.values_list("pk", flat=True))


@transaction.atomic
def after_purchase_send(*, order_id: int) -> bool:
    """Matching accessories for one completed order; never an item the customer already bought."""
    order = Order.objects.select_related("customer__home_store").get(pk=order_id)
    customer = order.customer
    if customer is None or not reachable_customers().filter(pk=customer.pk).exists():
        return False
    picks = recommendations_for_customer(
        customer=customer, seed_product_ids=order_product_ids(order=order), include_wishlist=False, limit=PICK_SIZE
    )
    if not picks:
        return False
    if (
        _claim(
            customer=customer,
            kind=MarketingEmail.Kind.AFTER_PURCHASE,
            key=order.number,
            items=[p.variant.pk for p in picks],
        )
        is None
    ):
        return False
    message = after_purchase_email(
        customer=customer, order=order, variants=[p.variant for p in picks], base_url=site_url()
    )
    return marketing_email_send(customer=customer, message=message)


# ---- Weekly personal pick ----


def week_key(moment: datetime) -> str:
    year, week, _ = timezone.localtime(moment).isocalendar()
    return f"{year}-W{week:02d}"


@transaction.atomic
def personal_picks_schedule(*, now: datetime | None = None) -> int:
    """Queue this week's pick for every reachable customer not yet sent one (one task each, after commit)."""
    from marketing.tasks import personal_pick_send_task

    key = week_key(now or timezone.now())
    due = list(
        reachable_customers()
        .exclude(
            Exists(
                MarketingEmail.objects.filter(
                    customer_id=OuterRef("pk"), kind=MarketingEmail.Kind.PERSONAL_PICK, key=key
                )
            )
        )
        .values_list("pk", flat=True)
    )
    for customer_id in due:
        transaction.on_commit(partial(personal_pick_send_task.delay, customer_id, key))
    return len(due)


@transaction.atomic
def personal_pick_send(*, customer_id: int, key: str, force: bool = False) -> bool:
    """Send one customer the week's pick; `force` sends again within the same week (staff "send now")."""
    customer = reachable_customers().select_related("home_store").filter(pk=customer_id).first()
    if customer is None:
        return False
    picks = recommendations_for_customer(customer=customer, limit=PICK_SIZE)
    if not picks:
        return False
    if force:
        key = f"{key}:{timezone.now():%Y%m%dT%H%M%S.%f}"
    if (
        _claim(customer=customer, kind=MarketingEmail.Kind.PERSONAL_PICK, key=key, items=[p.variant.pk for p in picks])
        is None
    ):
        return False
    message = personal_pick_email(customer=customer, variants=[p.variant for p in picks], base_url=site_url())
    return marketing_email_send(customer=customer, message=message)


@transaction.atomic
def marketing_rows_move(*, survivor: Customer, merged: Customer) -> int:
    """In a merge's transaction: the merged profile's email claims and wishlist alerts become the survivor's. A claim
    the survivor already has for the same email and period stays one (so nothing is sent twice), and for an alert
    both had, the survivor's own is kept. Returns how many rows moved."""
    claimed = set(MarketingEmail.objects.filter(customer=survivor).values_list("kind", "key"))
    alerted = set(WishlistAlert.objects.filter(customer=survivor).values_list("variant_id", flat=True))
    claims = MarketingEmail.objects.filter(customer=merged)
    alerts = WishlistAlert.objects.filter(customer=merged)
    moved = claims.exclude(pk__in=[c.pk for c in claims if (c.kind, c.key) in claimed]).update(customer=survivor)
    moved += alerts.exclude(variant_id__in=alerted).update(customer=survivor)
    claims.delete()  # what is left was already the survivor's
    alerts.delete()
    return moved
