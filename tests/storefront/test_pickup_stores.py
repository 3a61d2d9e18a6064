"""The product page's store list: every pickup store, those that can hand the variant over with the ready time, the
others greyed with why; the shopper's home store first. Category cards speak of the store being filtered on."""

import html as html_lib
import re
from datetime import time

import pytest

from inventory.models import OpeningHours, StockLevel
from inventory.services import stock_receive
from tests.customers.factories import shopper
from tests.factories import CategoryFactory, LocationFactory, ProductFactory, VariantFactory

pytestmark = pytest.mark.django_db


def _open_all_week(store):
    for weekday in range(7):
        OpeningHours.objects.create(location=store, weekday=weekday, opens=time(0, 0), closes=time(23, 59))
    return store


@pytest.fixture
def stores():
    oslo = _open_all_week(LocationFactory(name="Oslo Sentrum"))
    bergen = _open_all_week(LocationFactory(name="Bergen Torget", default_online_buffer=1))
    trondheim = _open_all_week(LocationFactory(name="Trondheim Solsiden"))
    return oslo, bergen, trondheim


@pytest.fixture
def beanie(stores):
    oslo, bergen, _ = stores
    hats = CategoryFactory(name="Hats", slug="hats")
    product = ProductFactory(name="Merino beanie", slug="merino-beanie", category=hats)
    variant = VariantFactory(product=product, sku="HAT-BNE-NVY")
    stock_receive(location=oslo, variant=variant, quantity=4)
    stock_receive(location=bergen, variant=variant, quantity=1)  # the store keeps its last unit for walk-ins
    return variant


def _stores(html: str) -> list[tuple[str, str]]:
    """(name, the rest of the row's text) for each store in the list, in page order."""
    rows = re.findall(r'<li class="store[^"]*">(.*?)</li>', html, flags=re.S)
    result = []
    for row in rows:
        name = re.search(r'<span class="store-name">([^<]+)</span>', row).group(1)
        text = " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", row)).split())
        result.append((name, text))
    return result


def test_every_pickup_store_is_listed_with_a_ready_time_or_why_not(client, beanie):
    html = client.get("/p/merino-beanie/?sku=HAT-BNE-NVY").content.decode()

    rows = dict(_stores(html))
    assert list(rows) == ["Oslo Sentrum", "Bergen Torget", "Trondheim Solsiden"]
    assert re.search(r"Click & collect: Ready (today|tomorrow) from \d\d:\d\d", rows["Oslo Sentrum"])
    assert "Only 1 left" in rows["Bergen Torget"] and "Held back for shoppers in the store" in rows["Bergen Torget"]
    assert "Out of stock" in rows["Trondheim Solsiden"] and "Click & collect" not in rows["Trondheim Solsiden"]
    assert len(re.findall(r'class="store is-unavailable"', html)) == 2


def test_the_shoppers_home_store_comes_first(client, beanie, stores):
    user, customer = shopper("kari@example.com")
    customer.home_store = stores[2]
    customer.save()
    client.force_login(user)

    html = client.get("/p/merino-beanie/").content.decode()

    names = [name for name, _ in _stores(html)]
    assert names == ["Trondheim Solsiden", "Oslo Sentrum", "Bergen Torget"]
    assert "Your store" in _stores(html)[0][1]


def test_cards_say_in_stock_at_the_filtered_store(client, beanie, stores):
    oslo = stores[0]

    html = client.get(f"/c/hats/?store={oslo.pk}").content.decode()

    assert "In stock at Oslo Sentrum" in html
    assert "Available online" not in html.split("<main", 1)[1].split("listing-controls", 1)[1].split("</form>", 1)[1]


def test_a_signed_in_shopper_sees_their_home_store_preselected_and_can_clear_it(client, beanie, stores):
    oslo, _, trondheim = stores
    user, customer = shopper("kari@example.com")
    customer.home_store = trondheim
    customer.save()
    client.force_login(user)

    preselected = client.get("/c/hats/").content.decode()
    cleared = client.get("/c/hats/?store=").content.decode()

    assert re.search(rf'<option value="{trondheim.pk}" selected>', preselected)
    assert "0 products in stock at Trondheim Solsiden" in preselected
    assert "Merino beanie" in cleared
    assert StockLevel.objects.filter(location=oslo).exists()
