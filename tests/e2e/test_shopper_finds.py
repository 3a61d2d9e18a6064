"""A shopper in Chromium: a SKU opens its variant, plurals and typos still find, a wishlist item chosen before logging
in is saved by the login, and the store list says where the chosen variant can be collected and why not elsewhere."""

from datetime import time

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from catalog.selectors import VOCABULARY_CACHE_KEY
from customers.models import WishlistItem
from inventory.models import OpeningHours
from inventory.services import stock_receive
from tests.customers.factories import shopper
from tests.factories import CategoryFactory, LocationFactory, ProductFactory, VariantFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # the factories' password


@pytest.fixture
def shop():
    tops = CategoryFactory(name="Tops & T-shirts", slug="tops")
    hats = CategoryFactory(name="Hats & Scarves", slug="hats-scarves")
    tee = ProductFactory(name="Fjord Cotton T-shirt", slug="fjord-tee", category=tops)
    sizes = {
        size: VariantFactory(
            product=tee, sku=f"TOP001-WHT-{size}", options={"colour": "White", "size": size}, position=i
        )
        for i, size in enumerate(["S", "M", "L"])
    }
    scarf = ProductFactory(name="Lofoten Merino Scarf", slug="lofoten-scarf", category=hats)
    VariantFactory(product=scarf, sku="HAT001-NVY")
    oslo = LocationFactory(name="Oslo Sentrum", pickup_lead_minutes=60)
    bergen = LocationFactory(name="Bergen Torget", default_online_buffer=1)
    LocationFactory(name="Trondheim Solsiden")
    for store in (oslo, bergen):
        for weekday in range(7):
            OpeningHours.objects.create(location=store, weekday=weekday, opens=time(0, 0), closes=time(23, 59))
    stock_receive(location=oslo, variant=sizes["M"], quantity=6)
    stock_receive(location=bergen, variant=sizes["M"], quantity=1)
    cache.delete(VOCABULARY_CACHE_KEY)
    return sizes


def _search(page, words: str) -> None:
    box = page.get_by_role("searchbox", name="Search products or SKU")
    box.fill(words)
    box.press("Enter")


def test_an_exact_sku_opens_the_product_with_that_size_chosen(page, live_server, shop):
    page.goto(live_server.url + "/")

    _search(page, "top001-wht-m")

    expect(page.get_by_role("heading", level=1, name="Fjord Cotton T-shirt")).to_be_visible()
    expect(page.locator("#product-sku")).to_have_text("TOP001-WHT-M")
    expect(page.get_by_role("group", name="Size: M").get_by_role("link", name="M", exact=True)).to_have_attribute(
        "aria-current", "true"
    )


def test_a_plural_and_a_typo_still_find_the_scarf(page, live_server, shop):
    page.goto(live_server.url + "/")

    _search(page, "scarves")
    expect(page.get_by_role("link", name="Lofoten Merino Scarf", exact=True)).to_be_visible()

    _search(page, "meirno")
    expect(page.get_by_role("link", name="Lofoten Merino Scarf", exact=True)).to_be_visible()
    expect(page.locator(".did-you-mean")).to_contain_text("Showing results for “merino”")


def test_choosing_a_size_keeps_the_keyboard_in_the_size_group(page, live_server, shop):
    page.goto(live_server.url + "/p/fjord-tee/")

    page.locator("#options-size a", has_text="L").focus()
    page.keyboard.press("Enter")

    expect(page.locator("#product-sku")).to_have_text("TOP001-WHT-L")
    focused = page.evaluate("document.activeElement.closest('[role=group]')?.id")
    assert focused == "options-size"


def test_saving_to_the_wishlist_before_logging_in_saves_it_after(page, live_server, shop):
    _, customer = shopper("kari@example.com")
    page.goto(live_server.url + "/p/fjord-tee/?sku=TOP001-WHT-M")

    page.get_by_role("button", name="Log in to save to your wishlist").click()
    page.fill("input[name=login]", "kari@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form [type=submit]").click()

    expect(page.locator("#product-sku")).to_have_text("TOP001-WHT-M")
    expect(page.get_by_role("button", name="On your wishlist")).to_be_visible()
    assert list(WishlistItem.objects.filter(customer=customer).values_list("variant__sku", flat=True)) == [
        "TOP001-WHT-M"
    ]


def test_the_store_list_greys_stores_that_cannot_hand_it_over_and_says_why(page, live_server, shop):
    page.goto(live_server.url + "/p/fjord-tee/?sku=TOP001-WHT-M")

    available = page.locator(".store:not(.is-unavailable)")
    greyed = page.locator(".store.is-unavailable")
    expect(available).to_have_count(1)
    expect(available).to_contain_text("Oslo Sentrum")
    expect(available).to_contain_text("Click & collect: Ready")
    expect(greyed).to_have_count(2)
    expect(greyed.filter(has_text="Bergen Torget")).to_contain_text("Only 1 left")
    expect(greyed.filter(has_text="Bergen Torget")).to_contain_text("Held back for shoppers in the store")
    expect(greyed.filter(has_text="Trondheim Solsiden")).to_contain_text("Out of stock")
