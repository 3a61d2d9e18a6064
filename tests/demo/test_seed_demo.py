"""`manage.py seed_demo`: the demo shop that `make run` loads — realistic, consistent, deterministic, idempotent."""

from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.test import RequestFactory, override_settings

from catalog.models import Category, Product, ProductImage, Variant
from core.models import OutboxMessage
from customers.models import Channel, Customer, TimelineEvent, WishlistItem
from customers.services import card_number_is_valid
from demo.catalog import catalog_plan, gtin_with_check_digit
from demo.customers import DEFAULT_PASSWORD, SHOPPER_EMAIL
from demo.management.commands.seed_demo import rng_for
from inventory.models import Location, OpeningHours, Reservation, StaffProfile, StockLevel, StockMovement
from loyalty.models import LoyaltyAccount, PointsEntry
from orders.models import Order, OrderLine
from returns.models import Return

COUNTED = [
    Category,
    Product,
    ProductImage,
    Variant,
    Product.related.through,
    Location,
    OpeningHours,
    StockLevel,
    StockMovement,
    Reservation,
    get_user_model(),
    EmailAddress,
    StaffProfile,
    Customer,
    WishlistItem,
    TimelineEvent,
    Order,
    OrderLine,
    Return,
    LoyaltyAccount,
    PointsEntry,
]


@pytest.fixture(autouse=True)
def _fast_password_hashing():
    """Overrides the suite's cheap hasher: the demo logins were hashed once, at module set-up, with the real one."""


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, media_root):
    """Seed once for the whole module, inside a transaction that is rolled back afterwards."""
    with override_settings(MEDIA_ROOT=str(media_root)), django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_media(seeded, settings, media_root):
    settings.MEDIA_ROOT = str(media_root)
    return media_root


@pytest.fixture
def demo(seeded, db):
    """Each test sees the seeded shop and rolls back its own changes."""


def counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in COUNTED}


def test_seed_creates_three_pickup_stores_and_a_warehouse(demo):
    stores = Location.objects.filter(kind=Location.Kind.STORE, is_pickup_point=True)
    assert set(stores.values_list("code", flat=True)) >= {"OSL1", "BGO1", "TRD1"}
    assert Location.objects.filter(kind=Location.Kind.WAREHOUSE, code="WH1", is_pickup_point=False).exists()
    oslo = Location.objects.get(code="OSL1")
    hours = {h.weekday: (h.opens.hour, h.closes.hour) for h in oslo.opening_hours.all()}
    assert hours == {0: (10, 20), 1: (10, 20), 2: (10, 20), 3: (10, 20), 4: (10, 20), 5: (10, 18)}
    assert oslo.timezone == "Europe/Oslo" and oslo.email


def test_seed_creates_a_nested_catalog_of_about_two_hundred_products_and_six_hundred_variants(demo):
    assert 180 <= Product.objects.count() <= 220
    assert 550 <= Variant.objects.count() <= 650
    assert Category.objects.filter(parent__isnull=False).count() >= 5
    assert Product.objects.filter(related__isnull=False).distinct().count() == Product.objects.count()
    variant = Variant.objects.filter(options__has_key="size").first()
    assert isinstance(variant.price, Decimal) and variant.price > 0
    assert variant.gtin == gtin_with_check_digit(variant.gtin[:12])


def test_every_stock_level_equals_the_sum_of_its_ledger(demo):
    levels = StockLevel.objects.annotate(
        ledger_on_hand=Coalesce(Sum("movements__on_hand_delta"), 0),
        ledger_reserved=Coalesce(Sum("movements__reserved_delta"), 0),
    )
    open_reserved = dict(
        Reservation.objects.filter(status=Reservation.Status.OPEN)
        .values("stock_level")
        .annotate(total=Sum("quantity"))
        .values_list("stock_level", "total")
    )
    assert levels.count() == Variant.objects.count() * Location.objects.count()
    for level in levels:
        assert level.on_hand == level.ledger_on_hand, level
        assert level.reserved == level.ledger_reserved == open_reserved.get(level.pk, 0), level
        assert level.on_hand >= level.reserved >= 0


def test_some_skus_are_out_of_stock_or_below_the_reorder_point_in_some_stores(demo):
    stores = StockLevel.objects.filter(location__kind=Location.Kind.STORE)
    assert stores.filter(on_hand=0).exists()
    assert stores.filter(on_hand__gt=0, on_hand__lt=F("reorder_point")).count() > 20
    assert StockMovement.objects.filter(kind=StockMovement.Kind.SALE).count() > 500


def test_orders_come_from_every_channel_with_lines_that_add_up(demo):
    assert set(Order.objects.values_list("channel", flat=True)) == set(Channel.values)
    assert set(Order.objects.values_list("fulfilment", flat=True)) == set(Order.Fulfilment.values)
    open_pickups = Order.objects.filter(
        fulfilment="pickup", status__in=Order.OPEN_PICKUP_STATUSES, location__code="OSL1"
    )
    assert open_pickups.count() >= 3
    for order in Order.objects.prefetch_related("lines"):
        lines = list(order.lines.all())
        assert lines, order
        assert order.subtotal == sum(line.line_total for line in lines) == order.total - order.shipping_total
        assert all(line.line_total == line.unit_price * line.quantity for line in lines)
    assert not Order.objects.filter(channel__in=["marketplace", "social"], external_id="").exists()


def test_web_orders_in_every_state_come_through_the_order_services(demo):
    web = Order.objects.filter(number__startswith="W-95")
    assert set(web.values_list("status", flat=True)) == set(Order.Status.values)
    for order in web:
        assert order.events.exists() and order.payment_method
        held = Reservation.objects.filter(reference=order.number, status=Reservation.Status.OPEN).exists()
        assert held == (order.status in ("pending", "placed", "picking", "ready")), order


def test_open_pickups_hold_their_stock_and_in_store_sales_are_in_the_ledger(demo):
    pickup = Order.objects.filter(status__in=Order.OPEN_PICKUP_STATUSES).first()
    assert Reservation.objects.filter(reference=pickup.number, status=Reservation.Status.OPEN).exists()
    sale = Order.objects.filter(fulfilment=Order.Fulfilment.IN_STORE).first()
    assert StockMovement.objects.filter(kind=StockMovement.Kind.SALE, reference=sale.number).count() == (
        sale.lines.count()
    )


def test_customers_are_a_mix_of_in_store_only_web_accounts_and_both(demo):
    customers = Customer.objects.all()
    assert 45 <= customers.count() <= 60
    assert customers.filter(user__isnull=True).count() >= 10
    assert customers.filter(user__isnull=True, email__isnull=True).exists()
    assert customers.filter(user__isnull=False, created_channel=Channel.STORE).count() >= 10
    assert customers.filter(user__isnull=False, created_channel=Channel.WEB).count() >= 10
    assert all(card_number_is_valid(card) for card in customers.values_list("card_number", flat=True))
    with_orders = customers.annotate(n=Count("orders")).filter(n__gt=0).count()
    assert with_orders >= 40
    assert WishlistItem.objects.values("customer").distinct().count() >= 20
    assert PointsEntry.objects.filter(kind=PointsEntry.Kind.EARN).count() >= 50


def test_demo_customers_read_the_shop_in_its_own_language(demo, settings):
    assert set(Customer.objects.values_list("language", flat=True)) == {settings.SHOP_LANGUAGE}


def test_the_shopper_has_a_verified_email_a_wishlist_and_history_in_several_channels(demo):
    shopper = Customer.objects.select_related("user").get(email=SHOPPER_EMAIL)
    assert EmailAddress.objects.filter(user=shopper.user, email=SHOPPER_EMAIL, verified=True, primary=True).exists()
    channels = set(shopper.orders.values_list("channel", flat=True))
    assert {Channel.STORE, Channel.WEB, Channel.MARKETPLACE} <= channels
    assert shopper.wishlist_items.count() >= 3
    assert shopper.orders.filter(status=Order.Status.READY, location__code="OSL1").exists()
    assert shopper.loyalty_account.entries.aggregate(total=Sum("points"))["total"] > 0
    assert shopper.timeline.filter(kind=TimelineEvent.Kind.ORDER_PLACED).count() == shopper.orders.count()


@pytest.mark.parametrize("username", ["admin", "clerk", "manager"])
def test_staff_logins_authenticate_with_the_demo_password(demo, username):
    user = authenticate(RequestFactory().get("/"), username=username, password=DEFAULT_PASSWORD)
    assert user is not None and user.is_staff


def test_clerk_and_manager_work_at_oslo_with_their_roles(demo):
    clerk = get_user_model().objects.get(username="clerk")
    manager = get_user_model().objects.get(username="manager")
    assert clerk.staff_profile.home_location.code == manager.staff_profile.home_location.code == "OSL1"
    assert clerk.groups.filter(name="clerk").exists()
    assert manager.groups.filter(name="store manager").exists()
    assert get_user_model().objects.get(username="admin").is_superuser


def test_the_shopper_logs_in_by_email_on_the_shop(demo, client):
    response = client.post("/accounts/login/", {"login": SHOPPER_EMAIL, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(Customer.objects.get(email=SHOPPER_EMAIL).user_id)


def test_running_it_twice_changes_nothing(demo):
    before = counts()
    ledger = StockLevel.objects.aggregate(on_hand=Sum("on_hand"), reserved=Sum("reserved"))
    call_command("seed_demo", verbosity=0)
    assert counts() == before
    assert StockLevel.objects.aggregate(on_hand=Sum("on_hand"), reserved=Sum("reserved")) == ledger


def test_the_catalog_is_the_same_on_every_run(demo):
    first = catalog_plan(rng=rng_for("catalog"))[1]
    second = catalog_plan(rng=rng_for("catalog"))[1]
    plan = [(variant.sku, variant.price, variant.gtin) for _, variant in first]
    assert plan == [(variant.sku, variant.price, variant.gtin) for _, variant in second]
    in_db = set(Variant.objects.values_list("sku", "price", "gtin"))
    assert set(plan) == in_db


def test_customers_in_store_without_email_still_collect_points(demo):
    phone_only = Customer.objects.filter(email__isnull=True, orders__status=Order.Status.COMPLETED).distinct()
    assert phone_only.exists()
    assert PointsEntry.objects.filter(account__customer__in=phone_only).exists()
    assert not Customer.objects.filter(~Q(email=None), email__regex=r"[A-Z]").exists()


def test_every_demo_product_has_a_picture_in_two_sizes(demo, demo_media):
    images = list(ProductImage.objects.select_related("product"))

    assert len(images) == Product.objects.count()
    first = images[0]
    assert [width for width, _ in first.renditions] == [400, 800]
    assert first.srcset.endswith("-800.png 800w") and "-400.png 400w" in first.srcset
    assert first.image.name == first.renditions[-1][1]
    assert all((demo_media / name).is_file() for image in images for _, name in image.renditions)
    assert first.product.name.lower().split()[0] in first.alt_text.lower()


def test_the_pictures_are_the_same_on_every_run(demo, demo_media):
    from demo.images import _png

    assert _png("tops", "Navy", 400) == _png("tops", "Navy", 400)
    image = ProductImage.objects.filter(product__category__slug="tops").first()
    assert (demo_media / image.renditions[0][1]).read_bytes() == _png(
        "tops", image.renditions[0][1].split("-")[1].title(), 400
    )


def test_every_store_has_pickups_in_every_status_and_one_offers_windows(demo):
    from pickup.models import Pickup, PickupSchedule

    for code in ("OSL1", "BGO1", "TRD1"):
        statuses = set(Pickup.objects.filter(location__code=code).values_list("status", flat=True))
        assert {"placed", "picking", "ready", "collected", "expired", "cancelled"} <= statuses, code
    assert PickupSchedule.objects.filter(location__code="BGO1").exists()
    assert not Order.objects.filter(fulfilment="pickup", status__in=Order.OPEN_PICKUP_STATUSES, pickup=None).exists()
    for pickup in Pickup.objects.select_related("order"):
        assert pickup.status == {"completed": "collected"}.get(pickup.order.status, pickup.order.status), pickup


def test_every_ready_pickup_is_held_until_its_stores_closing_time(demo, client):
    from zoneinfo import ZoneInfo

    from pickup.models import Pickup

    ready = list(Pickup.objects.filter(status="ready").select_related("location", "order"))
    assert ready
    for pickup in ready:
        assert pickup.ready_at is not None and pickup.hold_until is not None, pickup
        held = pickup.hold_until.astimezone(ZoneInfo(pickup.location.timezone))
        assert held.time() == pickup.location.opening_hours.get(weekday=held.weekday()).closes, pickup
    shopper = next(p.order for p in ready if p.order.customer and p.order.customer.user_id)
    client.force_login(shopper.customer.user)
    html = client.get(f"/account/orders/{shopper.number}/").content.decode()
    assert "We hold it until <time" in html and "until </time>" not in html and "until ." not in html


def test_store_sales_marketplace_orders_and_a_return_come_through_the_order_services(demo):
    sales = Order.objects.filter(channel=Channel.STORE)
    assert sales.exists() and not sales.filter(external_id="").exists()
    assert all(sale.events.exists() for sale in sales[:20])
    for order in Order.objects.filter(channel__in=[Channel.MARKETPLACE, Channel.SOCIAL])[:20]:
        assert order.events.count() >= 2 and order.payment_status == "paid"
        assert StockMovement.objects.filter(kind=StockMovement.Kind.FULFIL, reference=order.number).exists()
    ret = Return.objects.get(key="demo-return-1")
    assert ret.order.customer.email == SHOPPER_EMAIL and ret.location != ret.order.location
    assert StockMovement.objects.filter(kind=StockMovement.Kind.RETURN, reference=ret.number).count() == 1
    assert not OutboxMessage.objects.filter(builder="channels.emails.receipt_email").exists()


def test_today_has_sales_pickups_and_points_at_every_store_for_the_front_page(demo):
    from config.dashboard import points_today, sales_by_channel, today_bounds

    start, end = today_bounds()
    for store in Location.objects.filter(kind=Location.Kind.STORE):
        sold = sales_by_channel(start=start, end=end, store_id=store.pk)
        assert sum(row["store_orders"] for row in sold.values()) >= 3, store
        assert points_today(start=start, end=end, store_code=store.code)["store_issued"] > 0, store
    today = Order.objects.filter(number__contains="-T", placed_at__gte=start)
    assert set(today.values_list("channel", flat=True)) == {"web", "app", "phone"}
    assert today.filter(status="completed").exists() and today.filter(status="placed").exists()
