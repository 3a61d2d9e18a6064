"""The clerk console: who may use it, finding a customer, and the customer page a clerk reads at the counter."""

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clerk.selectors import RECENT_ORDERS
from customers.models import Channel, WishlistItem
from inventory.models import StaffProfile
from orders.models import Order
from tests.factories import (
    CustomerFactory,
    LocationFactory,
    OrderFactory,
    OrderLineFactory,
    PointsEntryFactory,
    StaffFactory,
    StockLevelFactory,
    TimelineEventFactory,
    UserFactory,
    VariantFactory,
    WishlistItemFactory,
)

pytestmark = pytest.mark.django_db

LOOKUP = "/clerk/"


@pytest.fixture
def bergen(db):
    return LocationFactory(code="BGO1", name="Bergen Torget")


@pytest.fixture
def clerk(store):
    return StaffFactory(username="clara", role="clerk", location=store)


@pytest.fixture
def clerk_client(client, clerk):
    client.force_login(clerk)
    return client


@pytest.fixture
def kari(store):
    return CustomerFactory(
        first_name="Kari",
        last_name="Nordmann",
        email="kari@example.com",
        phone="+4722334455",
        card_number="700012345674",
        home_store=store,
    )


# Who may use the console


def test_anonymous_visitor_is_sent_to_the_staff_login(client):
    response = client.get(LOOKUP)

    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/clerk/"


def test_anonymous_visitor_cannot_open_a_customer(client, kari):
    response = client.get(kari.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")


def test_shopper_is_refused(client, kari):
    client.force_login(UserFactory())

    assert client.get(LOOKUP).status_code == 403
    assert client.get(kari.get_absolute_url()).status_code == 403


def test_staff_without_a_clerk_role_is_refused(client):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(LOOKUP).status_code == 403


def test_store_manager_may_use_the_console(client, store):
    client.force_login(StaffFactory(role="store manager", location=store))

    assert client.get(LOOKUP).status_code == 200


def test_clerk_sees_the_lookup_box_with_their_store(clerk_client):
    response = clerk_client.get(LOOKUP)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Email, phone, card number or name" in html
    assert "autofocus" in html
    assert "Oslo Sentrum" in html


def test_clerk_without_a_store_gets_a_clear_page(client):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="clerk")[0])
    client.force_login(user)

    response = client.get(LOOKUP)

    assert response.status_code == 403
    assert "Your account has no store" in response.content.decode()


# Finding a customer


def test_exactly_one_match_opens_the_customer(clerk_client, kari):
    response = clerk_client.get(LOOKUP, {"q": "0047 22334455"})

    assert response.status_code == 302
    assert response["Location"] == f"/clerk/customers/{kari.pk}/"


def test_several_matches_are_listed(clerk_client, kari, store):
    other = CustomerFactory(first_name="Kari", last_name="Nordmo", email="kari.nordmo@example.com")
    # Midday, so that it is 5 March in the store's clock too, whenever the test runs.
    OrderFactory(customer=kari, placed_at=datetime(2024, 3, 5, 12, 0, tzinfo=UTC))

    response = clerk_client.get(LOOKUP, {"q": "Kari Nordm"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "2 customers found" in html
    assert kari.get_absolute_url() in html
    assert other.get_absolute_url() in html
    assert "kari@example.com" in html
    assert "7000 1234 5674" in html
    assert "Home store: Oslo Sentrum" in html
    assert "Tuesday 5 March 2024" in html


def test_no_match_says_so(clerk_client, kari):
    response = clerk_client.get(LOOKUP, {"q": "nobody@example.com"})

    assert response.status_code == 200
    assert "No customer found" in response.content.decode()


def test_lookup_by_phone_uses_the_clerks_store_country(client):
    stockholm = LocationFactory(code="STO1", name="Stockholm", country="SE")
    client.force_login(StaffFactory(role="clerk", location=stockholm))
    swede = CustomerFactory(phone="+46812345678")

    response = client.get(LOOKUP, {"q": "08-123 456 78"})

    assert response["Location"] == swede.get_absolute_url()


# The customer page


def _wishlist_with_stock(customer, store, bergen, warehouse):
    boots = VariantFactory(product__name="Trail boots", sku="BOOT-42", price=Decimal("1499.00"))
    scarf = VariantFactory(product__name="Wool scarf", sku="SCARF-1", price=Decimal("299.00"))
    StockLevelFactory(location=store, variant=boots, on_hand=3, reserved=1)
    StockLevelFactory(location=bergen, variant=boots, on_hand=2)
    StockLevelFactory(location=warehouse, variant=boots, on_hand=50)
    StockLevelFactory(location=bergen, variant=scarf, on_hand=4)
    WishlistItemFactory(customer=customer, variant=boots)
    WishlistItemFactory(customer=customer, variant=scarf, source=WishlistItem.Source.EMAIL)
    return boots, scarf


def test_customer_page_shows_the_profile_and_points(clerk_client, kari):
    PointsEntryFactory(account__customer=kari, points=700)
    PointsEntryFactory(account__customer=kari, points=-200)

    html = clerk_client.get(kari.get_absolute_url()).content.decode()

    assert "Kari Nordmann" in html
    assert "kari@example.com" in html
    assert "+47 22 33 44 55" in html
    assert "7000 1234 5674" in html
    assert "Oslo Sentrum" in html
    assert '<span class="stat-value">500</span><span class="stat-label">loyalty points</span>' in html


def test_customer_without_points_shows_zero(clerk_client, kari):
    html = clerk_client.get(kari.get_absolute_url()).content.decode()

    assert '<span class="stat-value">0</span><span class="stat-label">loyalty points</span>' in html


def test_wishlist_shows_stock_here_and_at_other_stores(clerk_client, kari, store, bergen, warehouse):
    _wishlist_with_stock(kari, store, bergen, warehouse)

    response = clerk_client.get(kari.get_absolute_url())

    wishlist = {entry.variant.sku: entry for entry in response.context["overview"].wishlist}
    assert wishlist["BOOT-42"].here == 2
    assert [(row.location.name, row.in_store) for row in wishlist["BOOT-42"].other_stores] == [("Bergen Torget", 2)]
    assert wishlist["SCARF-1"].here == 0
    html = response.content.decode()
    assert "Trail boots" in html
    assert "In stock here: 2" in html
    assert "Other stores: Bergen Torget 2" in html
    assert "Not in stock here" in html
    assert "1,499.00" in html


def test_order_history_shows_every_channel_with_lines(clerk_client, kari, store):
    now = timezone.now()
    web = OrderFactory(customer=kari, number="W-100001", channel=Channel.WEB, fulfilment=Order.Fulfilment.SHIP)
    OrderLineFactory(order=web, name="Rain jacket", sku="JACKET-M", quantity=2)
    shop = OrderFactory(customer=kari, number="S-200001", channel=Channel.STORE, location=store)
    OrderLineFactory(order=shop, name="Wool socks", sku="SOCK-1")
    market = OrderFactory(
        customer=kari, number="M-300001", channel=Channel.MARKETPLACE, placed_at=now - timedelta(days=40)
    )
    OrderLineFactory(order=market, name="Head torch", sku="TORCH-1")
    OrderFactory(number="X-999999", channel=Channel.WEB)  # someone else's

    html = clerk_client.get(kari.get_absolute_url()).content.decode()

    for text in ["W-100001", "S-200001", "M-300001", "Rain jacket", "Wool socks", "Head torch", "JACKET-M"]:
        assert text in html
    assert "X-999999" not in html
    assert 'channel-web">Web shop' in html
    assert 'channel-store">Store' in html
    assert 'channel-marketplace">Marketplace' in html
    assert html.index("S-200001") < html.index("M-300001")  # newest first


def test_open_pickups_are_listed(clerk_client, kari, store, bergen):
    OrderFactory(
        customer=kari,
        number="W-500001",
        channel=Channel.WEB,
        fulfilment=Order.Fulfilment.PICKUP,
        status=Order.Status.READY,
        location=bergen,
    )
    OrderFactory(
        customer=kari,
        number="W-500002",
        channel=Channel.WEB,
        fulfilment=Order.Fulfilment.PICKUP,
        status=Order.Status.COMPLETED,
        location=store,
    )

    response = clerk_client.get(kari.get_absolute_url())

    assert [order.number for order in response.context["overview"].open_pickups] == ["W-500001"]
    html = response.content.decode()
    assert "Open pickups (1)" in html
    assert "Ready for pickup" in html


def test_timeline_is_shown_newest_first(clerk_client, kari):
    TimelineEventFactory(customer=kari, summary="Signed up on the web", occurred_at=timezone.now() - timedelta(days=9))
    TimelineEventFactory(customer=kari, summary="Collected W-1", occurred_at=timezone.now())

    html = clerk_client.get(kari.get_absolute_url()).content.decode()

    assert html.index("Collected W-1") < html.index("Signed up on the web")


def test_merged_away_customer_opens_the_survivor(clerk_client, kari):
    tombstone = CustomerFactory(merged_into=kari)

    response = clerk_client.get(tombstone.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"] == kari.get_absolute_url()


def test_unknown_customer_is_404(clerk_client):
    assert clerk_client.get("/clerk/customers/987654/").status_code == 404


def _fill(customer, *, orders: int, wishlist: int, store, bergen):
    for n in range(orders):
        channel = [Channel.WEB, Channel.STORE, Channel.APP, Channel.MARKETPLACE][n % 4]
        order = OrderFactory(customer=customer, channel=channel, location=store if n % 2 else None)
        OrderLineFactory(order=order)
        OrderLineFactory(order=order)
    OrderFactory(customer=customer, fulfilment=Order.Fulfilment.PICKUP, status=Order.Status.READY, location=bergen)
    for _ in range(wishlist):
        item = WishlistItemFactory(customer=customer)
        StockLevelFactory(location=store, variant=item.variant, on_hand=1)
        StockLevelFactory(location=bergen, variant=item.variant, on_hand=2)
    PointsEntryFactory(account__customer=customer)
    TimelineEventFactory(customer=customer)


def test_customer_page_queries_do_not_grow_with_orders_or_wishlist(
    clerk_client, store, bergen, django_assert_max_num_queries
):
    small = CustomerFactory()
    large = CustomerFactory()
    _fill(small, orders=2, wishlist=2, store=store, bergen=bergen)
    _fill(large, orders=40, wishlist=20, store=store, bergen=bergen)
    clerk_client.get(small.get_absolute_url())  # warm the session and the role cache alike for both

    with CaptureQueriesContext(connection) as baseline:
        assert clerk_client.get(small.get_absolute_url()).status_code == 200

    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = clerk_client.get(large.get_absolute_url())

    assert response.status_code == 200
    assert len(response.context["overview"].orders) == RECENT_ORDERS
    assert response.context["overview"].more_orders == 41 - RECENT_ORDERS
    assert len(response.context["overview"].wishlist) == 20


# Adding to the wishlist for the customer


def test_clerk_adds_an_item_by_sku(clerk_client, kari):
    variant = VariantFactory(product__name="Trail boots", sku="BOOT-42")

    response = clerk_client.post(reverse("clerk:wishlist-add", args=[kari.pk]), {"code": "boot-42"}, follow=True)

    # No #fragment after the add: it would keep the browser from focusing the SKU box again.
    assert response.redirect_chain[-1][0] == kari.get_absolute_url()
    item = WishlistItem.objects.get(customer=kari)
    assert item.variant == variant
    assert item.source == WishlistItem.Source.CLERK
    html = response.content.decode()
    wishlist = html.split('id="wishlist"')[1]
    assert "Trail boots" in wishlist
    # The message sits by the SKU box (not at the top of the page), and the box has the focus for the next scan.
    assert "Added Trail boots" in wishlist.split('class="wishlist"')[0]
    assert 'class="messages' not in html
    assert re.search(r'<input type="text" name="code"[^>]* autofocus', html)


def test_clerk_adds_an_item_by_barcode(clerk_client, kari):
    variant = VariantFactory(gtin="7070001234567")

    clerk_client.post(reverse("clerk:wishlist-add", args=[kari.pk]), {"code": " 7070001234567 "})

    assert list(WishlistItem.objects.filter(customer=kari).values_list("variant", flat=True)) == [variant.pk]


def test_adding_the_same_item_twice_keeps_one(clerk_client, kari):
    VariantFactory(sku="BOOT-42")
    url = reverse("clerk:wishlist-add", args=[kari.pk])

    clerk_client.post(url, {"code": "BOOT-42"})
    response = clerk_client.post(url, {"code": "BOOT-42"}, follow=True)

    assert WishlistItem.objects.filter(customer=kari).count() == 1
    assert "already on the wishlist" in response.content.decode()


def test_unknown_sku_is_a_clear_error_and_writes_nothing(clerk_client, kari):
    response = clerk_client.post(reverse("clerk:wishlist-add", args=[kari.pk]), {"code": "NOPE-1"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "No product has the SKU or barcode “NOPE-1”" in html
    assert 'aria-invalid="true"' in html
    assert not WishlistItem.objects.filter(customer=kari).exists()
    assert not kari.timeline.exists()


def test_product_no_longer_sold_is_refused(clerk_client, kari):
    VariantFactory(sku="OLD-1", is_active=False)

    response = clerk_client.post(reverse("clerk:wishlist-add", args=[kari.pk]), {"code": "OLD-1"})

    assert response.status_code == 400
    assert "no longer sold" in response.content.decode()
    assert not WishlistItem.objects.exists()


def test_item_of_a_product_taken_out_of_the_shop_is_refused_next_to_the_sku_box(clerk_client, kari):
    VariantFactory(sku="OLD-2", product__name="Old boot", product__is_active=False)

    response = clerk_client.post(reverse("clerk:wishlist-add", args=[kari.pk]), {"code": "OLD-2"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Old boot" in html and "(OLD-2) is no longer sold" in html and 'aria-invalid="true"' in html
    assert not WishlistItem.objects.exists() and not kari.timeline.exists()


def test_shopper_cannot_add_to_someone_elses_wishlist(client, kari):
    VariantFactory(sku="BOOT-42")
    client.force_login(UserFactory())

    response = client.post(reverse("clerk:wishlist-add", args=[kari.pk]), {"code": "BOOT-42"})

    assert response.status_code == 403
    assert not WishlistItem.objects.exists()


def test_anonymous_cannot_add_to_a_wishlist(client, kari):
    VariantFactory(sku="BOOT-42")

    response = client.post(reverse("clerk:wishlist-add", args=[kari.pk]), {"code": "BOOT-42"})

    assert response.status_code == 302
    assert not WishlistItem.objects.exists()


def test_staff_profile_store_decides_stock_here(client, kari, bergen, store, warehouse):
    other_clerk = StaffFactory(role="clerk", location=bergen)
    _wishlist_with_stock(kari, store, bergen, warehouse)
    client.force_login(other_clerk)

    html = client.get(kari.get_absolute_url()).content.decode()

    assert StaffProfile.objects.get(user=other_clerk).home_location == bergen
    assert "In stock here: 4" in html  # the scarf, in Bergen
    assert "Other stores: Oslo Sentrum 2" in html
