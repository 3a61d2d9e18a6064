"""Buying at 390 px and 1366 px, with and without JavaScript: the add-to-cart answer where the shopper is looking,
the stock message that offers its fix, and no page of the journey wider than the screen."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.factories import LocationFactory, StockLevelFactory, VariantFactory
from tests.orders.conftest import open_every_day

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = [390, 1366]


@pytest.fixture
def hat(db):
    store = open_every_day(LocationFactory(code="OSL1", name="Oslo Sentrum", address_line="Karl Johans gate 1"))
    white = VariantFactory(
        product__name="Knitted winter hat with a long name that wraps",
        product__slug="winter-hat",
        product__description="Warm.\n\n" * 30,  # a long page: the button is far below the header
        sku="HAT019-WHT",
        options={"colour": "White", "size": "L"},
        price="249.00",
    )
    StockLevelFactory(location=store, variant=white, on_hand=38)
    return white


def _browser_page(browser, *, width: int, js: bool):
    context = browser.new_context(
        viewport={"width": width, "height": 844 if width < 600 else 900},
        java_script_enabled=js,
        locale="en-GB",
        is_mobile=width < 600,
        has_touch=width < 600,
    )
    context.set_default_timeout(10_000)
    return context, context.new_page()


def _add_to_cart(page, *, button: str = "Add to cart", within=None) -> None:
    """Press the button; without JavaScript a first visitor confirms once (the cached page carries no token)."""
    (within or page).get_by_role("button", name=button).click()
    page.wait_for_load_state()
    if page.get_by_role("heading", name="Please confirm").count():
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()


def _in_view(page, selector: str) -> bool:
    """On the screen now (Playwright's own measure: it works with the page's JavaScript off too)."""
    box = page.locator(selector).bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]


def _focused(page, selector: str) -> bool:
    try:
        expect(page.locator(selector)).to_be_focused(timeout=3000)
    except AssertionError:
        return False
    return True


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _axe(page) -> list[str]:
    return [f"{page.url}: {v['id']}: {v['help']}" for v in Axe().run(page).response["violations"]]


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("width", WIDTHS)
def test_add_to_cart_answers_beside_the_button_with_focus_and_the_new_count(browser, live_server, hat, width, js):
    context, page = _browser_page(browser, width=width, js=js)
    page.goto(f"{live_server.url}/p/winter-hat/")
    _add_to_cart(page)

    notice = page.locator("#cart-added")
    assert "is in your cart" in notice.inner_text()
    assert notice.get_by_role("link", name="Go to cart (1 item)").is_visible()
    assert _in_view(page, "#cart-added")
    assert _focused(page, "#cart-added")
    if js:  # the page's own scripts measure; without them the same CSS lays it out
        assert _no_sideways_scroll(page)
        assert not _axe(page)

    page.reload()  # said once: the next visit of the page is quiet
    assert page.locator("#cart-added").count() == 0
    context.close()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("width", WIDTHS)
def test_asking_for_more_than_is_left_says_so_and_offers_what_there_is(browser, live_server, hat, width, js):
    context, page = _browser_page(browser, width=width, js=js)
    page.goto(f"{live_server.url}/p/winter-hat/")
    page.fill("#add-quantity", "60")
    _add_to_cart(page)

    notice = page.locator("#cart-added")
    assert "Only 38 left — we can put 38 in your cart." in notice.inner_text()
    assert "No longer available" not in page.locator("body").inner_text()
    assert _in_view(page, "#cart-added") and _focused(page, "#cart-added")
    if js:
        assert not _axe(page)

    _add_to_cart(page, button="Put 38 in my cart", within=notice)
    assert notice.get_by_role("link", name="Go to cart (38 items)").is_visible()

    page.goto(f"{live_server.url}/cart/")
    page.get_by_label("Quantity of").fill("60")
    page.get_by_role("button", name="Update").click()
    page.wait_for_load_state()
    fix = page.locator("#cart-added")
    assert "Only 38 left — we can put 38 in your cart." in fix.inner_text()
    assert _in_view(page, "#cart-added")
    assert page.get_by_label("Quantity of").input_value() == "38"
    context.close()
