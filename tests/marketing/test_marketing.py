"""The customer emails: back in stock, price drop, after purchase and the weekly pick — once each, only with consent,
with a working unsubscribe, and every item one click (a POST, never a scanner's GET) from the wishlist."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from catalog.models import PriceChange
from catalog.services import catalog_import, price_changes_record
from customers.models import TimelineEvent, WishlistItem
from inventory.services import StockLine, stock_receive, stock_sell
from marketing.models import BoughtTogether, MarketingEmail
from marketing.recommendations import recommendations_for_customer
from marketing.services import (
    after_purchase_run,
    bought_together_refresh,
    personal_pick_send,
    wishlist_back_in_stock_run,
    wishlist_price_drop_run,
)
from marketing.tokens import unsubscribe_link, unsubscribe_token_make
from tests.customers.factories import shopper
from tests.factories import (
    CustomerFactory,
    LocationFactory,
    OrderFactory,
    OrderLineFactory,
    ProductFactory,
    StockLevelFactory,
    VariantFactory,
    WarehouseFactory,
    WishlistItemFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def bergen(db):
    return LocationFactory(code="BGO1", name="Bergen Torget")


@pytest.fixture
def kari(bergen):
    return CustomerFactory(email="kari@example.com", first_name="Kari", marketing_consent=True, home_store=bergen)


def run(fn, capture, **kwargs):
    with capture(execute=True):
        return fn(**kwargs)


def links(mail) -> list[str]:
    return re.findall(r"Add to my wishlist: (\S+)", mail.body)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


# ---- Back in stock ----


def test_back_in_stock_fires_once_when_the_item_returns_to_the_home_store(
    kari, bergen, mailoutbox, django_capture_on_commit_callbacks
):
    boots = VariantFactory(product__name="Winter boots")
    WishlistItemFactory(customer=kari, variant=boots)

    assert run(wishlist_back_in_stock_run, django_capture_on_commit_callbacks) == 0  # seen out of stock
    stock_receive(location=bergen, variant=boots, quantity=2, reason="delivery")
    assert run(wishlist_back_in_stock_run, django_capture_on_commit_callbacks) == 1
    assert run(wishlist_back_in_stock_run, django_capture_on_commit_callbacks) == 0

    [mail] = mailoutbox
    assert mail.to == ["kari@example.com"]
    assert "Winter boots" in mail.subject
    assert "In stock at Bergen Torget" in mail.body
    html = mail.alternatives[0][0]
    assert "Winter boots" in html and "Add to my wishlist" in html


def test_back_in_stock_fires_again_after_the_item_sells_out_and_returns(
    kari, bergen, mailoutbox, django_capture_on_commit_callbacks
):
    boots = VariantFactory()
    WishlistItemFactory(customer=kari, variant=boots)
    run(wishlist_back_in_stock_run, django_capture_on_commit_callbacks)
    stock_receive(location=bergen, variant=boots, quantity=1, reason="delivery")
    run(wishlist_back_in_stock_run, django_capture_on_commit_callbacks)
    stock_sell(location=bergen, lines=[StockLine(boots.pk, 1)], reference="S-1")
    run(wishlist_back_in_stock_run, django_capture_on_commit_callbacks)
    stock_receive(location=bergen, variant=boots, quantity=1, reason="delivery")
    run(wishlist_back_in_stock_run, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 2


def test_item_in_stock_elsewhere_but_not_online_nor_at_home_is_not_back(
    kari, mailoutbox, django_capture_on_commit_callbacks
):
    boots = VariantFactory()
    WishlistItemFactory(customer=kari, variant=boots)
    run(wishlist_back_in_stock_run, django_capture_on_commit_callbacks)
    # Another store with everything held back from the web.
    StockLevelFactory(location=LocationFactory(), variant=boots, on_hand=2, online_buffer=5)
    assert run(wishlist_back_in_stock_run, django_capture_on_commit_callbacks) == 0
    StockLevelFactory(location=WarehouseFactory(), variant=boots, on_hand=3)
    assert run(wishlist_back_in_stock_run, django_capture_on_commit_callbacks) == 1
    assert "Available online" in mailoutbox[0].body


# ---- Price drop ----


def test_price_drop_only_on_a_real_drop(kari, mailoutbox, django_capture_on_commit_callbacks):
    glasses = VariantFactory(product__name="Sunglasses", price=Decimal("500.00"))
    WishlistItemFactory(customer=kari, variant=glasses)
    ten_days_ago = timezone.now() - timedelta(days=10)

    # Up from 500 to 600 ten days ago, back to 500 today: not a drop (500 was the price a month ago).
    price_changes_record(changes=[(glasses.pk, Decimal("500.00"), Decimal("600.00"))])
    PriceChange.objects.update(changed_at=ten_days_ago)
    glasses.price = Decimal("500.00")
    glasses.save()
    price_changes_record(changes=[(glasses.pk, Decimal("600.00"), Decimal("500.00"))])
    assert run(wishlist_price_drop_run, django_capture_on_commit_callbacks) == 0

    # Now 400: below every price of the month before.
    glasses.price = Decimal("400.00")
    glasses.save()
    price_changes_record(changes=[(glasses.pk, Decimal("500.00"), Decimal("400.00"))])
    assert run(wishlist_price_drop_run, django_capture_on_commit_callbacks) == 1
    assert run(wishlist_price_drop_run, django_capture_on_commit_callbacks) == 0  # told once
    [mail] = mailoutbox
    assert "Sunglasses" in mail.subject
    assert "20% cheaper" in mail.body


def test_a_price_rise_sends_nothing(kari, mailoutbox, django_capture_on_commit_callbacks):
    glasses = VariantFactory(price=Decimal("600.00"))
    WishlistItemFactory(customer=kari, variant=glasses)
    price_changes_record(changes=[(glasses.pk, Decimal("500.00"), Decimal("600.00"))])
    assert run(wishlist_price_drop_run, django_capture_on_commit_callbacks) == 0
    assert mailoutbox == []


def test_csv_import_keeps_the_price_history():
    variant = VariantFactory(sku="SKU-CSV-1", price=Decimal("100.00"), product__slug="csv-product")
    header = "product_slug,product_name,category_slug,sku,price\n"
    row = f"csv-product,{variant.product.name},{variant.product.category.slug},SKU-CSV-1,80.00\n"
    import io

    report = catalog_import(stream=io.StringIO(header + row))
    assert not report.errors, report.errors
    change = PriceChange.objects.get(variant=variant)
    assert (change.old_price, change.new_price, change.source) == (Decimal("100.00"), Decimal("80.00"), "import")


# ---- After purchase and recommendations ----


def _completed_order(customer, variants, *, days_ago=1.2, channel="store"):
    order = OrderFactory(customer=customer, channel=channel, completed_at=timezone.now() - timedelta(days=days_ago))
    for variant in variants:
        OrderLineFactory(order=order, variant=variant)
    return order


def test_after_purchase_holds_only_related_items_not_already_bought(
    kari, bergen, mailoutbox, django_capture_on_commit_callbacks
):
    tent = VariantFactory(product__name="Tent")
    pegs, mat, lamp, sock = (VariantFactory(product__name=n) for n in ("Tent pegs", "Sleeping mat", "Lamp", "Sock"))
    tent.product.related.add(pegs.product, mat.product)
    for v in (pegs, mat, lamp, sock):
        StockLevelFactory(location=bergen, variant=v, on_hand=3)
    _completed_order(kari, [mat], days_ago=30)  # already owns the mat
    _completed_order(kari, [tent])

    assert run(after_purchase_run, django_capture_on_commit_callbacks) == 1
    assert run(after_purchase_run, django_capture_on_commit_callbacks) == 0
    [mail] = mailoutbox
    assert "Tent pegs" in mail.body
    assert "Sleeping mat" not in mail.body and "Lamp" not in mail.body and "Sock" not in mail.body


def test_after_purchase_waits_a_day(kari, bergen, mailoutbox, django_capture_on_commit_callbacks):
    tent, pegs = VariantFactory(), VariantFactory()
    tent.product.related.add(pegs.product)
    StockLevelFactory(location=bergen, variant=pegs, on_hand=3)
    _completed_order(kari, [tent], days_ago=0.5)
    assert run(after_purchase_run, django_capture_on_commit_callbacks) == 0


def test_bought_together_counts_orders_of_every_channel_and_feeds_the_pick(kari, bergen):
    hat, scarf, gloves = VariantFactory(), VariantFactory(), VariantFactory()
    for v in (scarf, gloves):
        StockLevelFactory(location=bergen, variant=v, on_hand=2)
    other = CustomerFactory()
    _completed_order(other, [hat, scarf], channel="web")
    _completed_order(other, [hat, scarf, gloves], channel="marketplace")
    _completed_order(kari, [hat])

    assert bought_together_refresh() == 6
    assert BoughtTogether.objects.get(product=hat.product, other=scarf.product).orders == 2
    picks = recommendations_for_customer(customer=kari)
    assert [p.variant for p in picks] == [scarf, gloves]
    assert {p.reason for p in picks} == {"bought_together"}


def test_recommendations_take_constant_queries(kari, bergen, django_assert_max_num_queries):
    def grow(n):
        for _ in range(n):
            bought, related = VariantFactory(), VariantFactory()
            bought.product.related.add(related.product)
            StockLevelFactory(location=bergen, variant=related, on_hand=1)
            _completed_order(kari, [bought])
            WishlistItemFactory(customer=kari, variant=VariantFactory())

    grow(1)
    with django_assert_max_num_queries(8):
        assert recommendations_for_customer(customer=kari)
    grow(10)
    with django_assert_max_num_queries(8):
        assert len(recommendations_for_customer(customer=kari)) == 6


# ---- Consent and unsubscribe ----


def test_nothing_is_sent_without_consent(kari, bergen, mailoutbox, django_capture_on_commit_callbacks):
    kari.marketing_consent = False
    kari.save()
    boots = VariantFactory()
    WishlistItemFactory(customer=kari, variant=boots)
    StockLevelFactory(location=bergen, variant=VariantFactory(), on_hand=1)
    run(wishlist_back_in_stock_run, django_capture_on_commit_callbacks)
    stock_receive(location=bergen, variant=boots, quantity=2, reason="delivery")
    assert run(wishlist_back_in_stock_run, django_capture_on_commit_callbacks) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert not personal_pick_send(customer_id=kari.pk, key="2026-W01", force=True)
    assert mailoutbox == []


def _pick_for(customer, bergen):
    bag = VariantFactory(product__name="Canvas bag")
    StockLevelFactory(location=bergen, variant=bag, on_hand=2)
    WishlistItemFactory(customer=customer, variant=bag)
    return bag


def test_unsubscribe_link_works_without_login_and_stops_the_emails(
    client, kari, bergen, mailoutbox, django_capture_on_commit_callbacks
):
    _pick_for(kari, bergen)
    with django_capture_on_commit_callbacks(execute=True):
        assert personal_pick_send(customer_id=kari.pk, key="2026-W01")
    [mail] = mailoutbox
    url = mail.extra_headers["List-Unsubscribe"].strip("<>")
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in mail.body

    page = client.get(path_of(url))  # a scanner or the person opening it: nothing changes yet
    assert page.status_code == 200 and "Unsubscribe" in page.content.decode()
    kari.refresh_from_db()
    assert kari.marketing_consent

    # What a mail client's one-click button does (RFC 8058): a POST without cookies or CSRF token.
    response = client.post(path_of(url), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "You are unsubscribed" in response.content.decode()
    kari.refresh_from_db()
    assert not kari.marketing_consent and kari.marketing_consent_at
    assert TimelineEvent.objects.filter(customer=kari, summary__contains="turned off (unsubscribe link)").exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert not personal_pick_send(customer_id=kari.pk, key="2026-W02")
    assert len(mailoutbox) == 1


def test_unsubscribe_refuses_a_tampered_link(client, kari):
    other = CustomerFactory(marketing_consent=True)
    url = unsubscribe_link(customer_id=kari.pk)
    token = url.rstrip("/").rsplit("/", 1)[1]
    # The other customer's payload under Kari's signature.
    forged = unsubscribe_token_make(customer_id=other.pk).split(":")[0] + token[token.index(":") :]
    assert forged != token
    for bad in (token[:-2] + "xx", forged, "nonsense"):
        response = client.post(reverse("storefront:unsubscribe", kwargs={"token": bad}))
        assert response.status_code == 400
    other.refresh_from_db()
    kari.refresh_from_db()
    assert other.marketing_consent and kari.marketing_consent


# ---- Idempotency and send now ----


def test_weekly_pick_is_once_per_week_unless_forced(kari, bergen, mailoutbox, django_capture_on_commit_callbacks):
    _pick_for(kari, bergen)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_personal_picks", customer="KARI@example.com")
        call_command("send_personal_picks", customer="kari@example.com")
    assert len(mailoutbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_personal_picks", customer="kari@example.com", force=True)
    assert len(mailoutbox) == 2
    assert MarketingEmail.objects.filter(customer=kari, kind="personal_pick").count() == 2


# ---- One click from the email: a scanner's GET adds nothing, one POST adds exactly one row ----


@pytest.mark.parametrize("kind", ["back_in_stock", "price_drop", "after_purchase", "personal_pick"])
def test_one_click_from_any_email_adds_exactly_one_wishlist_row(client, bergen, kind, mailoutbox):
    from marketing.emails import (
        after_purchase_email,
        back_in_stock_email,
        personal_pick_email,
        price_drop_email,
    )

    user, customer = shopper("sofie@example.com")
    lamp = VariantFactory(product__name="Brass lamp")
    builders = {
        "back_in_stock": lambda: back_in_stock_email(
            customer=customer, variants=[(lamp, "online")], base_url="https://x"
        ),
        "price_drop": lambda: price_drop_email(customer=customer, drops=[(lamp, Decimal("30"))], base_url="https://x"),
        "after_purchase": lambda: after_purchase_email(
            customer=customer, order=None, variants=[lamp], base_url="https://x"
        ),
        "personal_pick": lambda: personal_pick_email(customer=customer, variants=[lamp], base_url="https://x"),
    }
    mail = builders[kind]()
    link = path_of(links(mail)[0])
    assert link in mail.alternatives[0][0]

    scanner = client.get(link)  # a mail scanner, not signed in, opens the link first
    assert scanner.status_code == 200
    assert 'method="post"' in scanner.content.decode() and "wishlist-email.js" in scanner.content.decode()
    assert not WishlistItem.objects.exists()

    client.force_login(user)
    client.get(link)
    response = client.post(link)  # what the page submits (by itself, or the button)
    client.post(link)  # a second click changes nothing
    assert response.status_code == 302 and response.url == reverse("storefront:wishlist")
    assert WishlistItem.objects.filter(customer=customer, variant=lamp, source="email").count() == 1
    assert "Brass lamp" in client.get(reverse("storefront:wishlist")).content.decode()
    api = client.get("/api/v1/me/wishlist/").json()
    assert [row for row in api["results"] if lamp.sku in str(row)]


def test_email_items_carry_the_product_image_and_page(kari, bergen):
    from catalog.models import ProductImage
    from marketing.emails import personal_pick_email

    lamp = VariantFactory(product=ProductFactory(name="Brass lamp", slug="brass-lamp"))
    ProductImage.objects.create(product=lamp.product, url="https://img.example/lamp.jpg", alt_text="A brass lamp")
    html = personal_pick_email(customer=kari, variants=[lamp], base_url="https://shop.example").alternatives[0][0]
    assert 'src="https://img.example/lamp.jpg"' in html and 'alt="A brass lamp"' in html
    assert "https://shop.example/p/brass-lamp/?variant=" in html
