"""Stock is spoken of in one way: the same state shows the same words on the product page, in the category grid and
on the wishlist, all from inventory's stock_badge."""

import re
from datetime import time

import pytest

from customers.models import WishlistItem
from inventory.models import OpeningHours
from inventory.selectors import LOW_STOCK_UNITS, StockState, stock_badge
from inventory.services import stock_count, stock_receive
from tests.customers.factories import shopper
from tests.factories import CategoryFactory, LocationFactory, ProductFactory, VariantFactory

pytestmark = pytest.mark.django_db

BADGE = r'<span class="badge badge--(\w+)"><span class="badge-dot" aria-hidden="true"></span>(.*?)</span>'


@pytest.fixture
def scarf():
    oslo = LocationFactory(name="Oslo Sentrum")
    for weekday in range(7):
        OpeningHours.objects.create(location=oslo, weekday=weekday, opens=time(0, 0), closes=time(23, 59))
    product = ProductFactory(name="Wool scarf", slug="wool-scarf", category=CategoryFactory(slug="wear"))
    return VariantFactory(product=product, sku="SCF-1", options={}), oslo


def _stock(variant, location, units: int) -> None:
    stock_receive(location=location, variant=variant, quantity=max(units, 1), reason="delivery")
    if units == 0:
        stock_count(location=location, variant=variant, quantity=0, reason="sold out")


def _product_page_badges(html: str) -> tuple[tuple[str, str], tuple[str, str]]:
    """(state, words) of the variant's summary and of the store's row in the click & collect list."""
    summary = re.search(r'<p class="availability-summary">\s*' + BADGE, html)
    store = re.search(r'<div class="store-stock">\s*' + BADGE, html)
    return summary.groups(), store.groups()


def _wishlist_badge(html: str) -> tuple[str, str]:
    return re.search(r'Oslo Sentrum</th>\s*<td><span class="badge badge--(\w+)">(.*?)</span>', html).groups()


def _grid_badge(html: str) -> tuple[str, str]:
    return re.search(r'<p class="card-stock">\s*' + BADGE, html).groups()


def _signed_in_with_wish(client, variant) -> None:
    user, customer = shopper("kari@example.com")
    WishlistItem.objects.create(customer=customer, variant=variant)
    client.force_login(user)


def test_the_badge_rule_has_one_threshold_and_one_wording():
    assert stock_badge(available=0).state == StockState.OUT and str(stock_badge(available=-2).label) == "Out of stock"
    assert [str(stock_badge(available=n).label) for n in range(1, LOW_STOCK_UNITS + 1)] == [
        f"Only {n} left" for n in range(1, LOW_STOCK_UNITS + 1)
    ]
    assert stock_badge(available=LOW_STOCK_UNITS).state == StockState.LOW
    assert stock_badge(available=LOW_STOCK_UNITS + 1) == stock_badge(available=50)
    assert (stock_badge(available=50).state, str(stock_badge(available=50).label)) == (StockState.IN, "In stock")


@pytest.mark.parametrize("units", [0, 2, 12])
def test_a_stock_state_shows_the_same_words_on_the_product_page_and_the_wishlist(client, scarf, units):
    variant, oslo = scarf
    _stock(variant, oslo, units)
    _signed_in_with_wish(client, variant)
    badge = stock_badge(available=units)
    expected = (badge.state.value, str(badge.label))

    summary, store_row = _product_page_badges(client.get("/p/wool-scarf/").content.decode())
    wishlist = _wishlist_badge(client.get("/account/wishlist/").content.decode())

    assert summary == store_row == wishlist == expected


def test_sold_out_reads_out_of_stock_on_the_product_page_the_category_grid_and_the_wishlist(client, scarf):
    variant, oslo = scarf
    _stock(variant, oslo, 0)
    _signed_in_with_wish(client, variant)

    summary, store_row = _product_page_badges(client.get("/p/wool-scarf/").content.decode())
    grid = _grid_badge(client.get("/c/wear/").content.decode())
    wishlist = _wishlist_badge(client.get("/account/wishlist/").content.decode())

    assert summary == store_row == grid == wishlist == ("out", "Out of stock")
