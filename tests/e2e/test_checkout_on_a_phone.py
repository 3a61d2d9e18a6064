"""Checkout at 390 px and 1366 px, with and without JavaScript: a pickup day and then its times for the chosen store
only, only the fields the chosen fulfilment needs, a reward code applied before ordering, and a journey from product
to confirmation that never scrolls sideways and passes axe."""

from datetime import time
from zoneinfo import ZoneInfo

import pytest
from axe_playwright_python.sync_playwright import Axe

from inventory.models import OpeningHours
from loyalty.services import points_adjust, reward_create
from orders.models import Order
from pickup.models import PickupSchedule
from tests.customers.factories import shopper
from tests.factories import LocationFactory, StockLevelFactory, VariantFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # the factories' password
WIDTHS = [390, 1366]


def _hours(store, days):
    OpeningHours.objects.bulk_create(
        [OpeningHours(location=store, weekday=day, opens=time(0, 0), closes=time(23, 59)) for day in days]
    )
    return store


@pytest.fixture
def shop(db):
    oslo = _hours(LocationFactory(code="OSL1", name="Oslo Sentrum", address_line="Karl Johans gate 1"), range(6))
    bergen = _hours(LocationFactory(code="BGN1", name="Bergen Bryggen", city="Bergen"), range(7))
    PickupSchedule.objects.create(location=bergen, window_minutes=60, capacity=3, days_ahead=6)
    lamp = VariantFactory(
        product__name="Brass desk lamp with a rather long name", product__slug="lamp", sku="LAMP-1", price="799.00"
    )
    for store in (oslo, bergen):
        StockLevelFactory(location=store, variant=lamp, on_hand=10)
    return {"oslo": oslo, "bergen": bergen, "lamp": lamp}


def _page(browser, *, width: int, js: bool = True):
    context = browser.new_context(
        viewport={"width": width, "height": 844 if width < 600 else 900},
        java_script_enabled=js,
        locale="en-GB",
        is_mobile=width < 600,
        has_touch=width < 600,
    )
    context.set_default_timeout(15_000)
    return context, context.new_page()


def _submit(page, name: str) -> None:
    page.get_by_role("button", name=name).first.click()
    page.wait_for_load_state()
    if page.get_by_role("heading", name="Please confirm").count():
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()


def _to_checkout(page, url: str) -> None:
    page.goto(f"{url}/p/lamp/")
    _submit(page, "Add to cart")
    page.goto(f"{url}/checkout/")
    page.fill("input[name=email]", "kari@example.com")
    page.fill("input[name=name]", "Kari Nordmann")


def _visible_slots(page) -> int:
    return sum(1 for radio in page.locator("input[name=slot]").all() if radio.is_visible())


def _checks(page) -> list[str]:
    """Sideways scroll and axe on the page as it is now (needs the page's JavaScript)."""
    found = []
    if not page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"):
        found.append(f"{page.url}: wider than the screen")
    found += [f"{page.url}: {v['id']}: {v['help']}" for v in Axe().run(page).response["violations"]]
    return found


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("width", WIDTHS)
def test_pickup_is_a_day_then_a_time_at_the_chosen_store_only(browser, live_server, shop, width, js):
    context, page = _page(browser, width=width, js=js)
    _to_checkout(page, live_server.url)

    assert not page.locator("#id_address_line").is_visible()  # pickup is chosen: no delivery address
    page.check("#store-OSL1")
    assert _visible_slots(page) == 0 and not page.locator("#day-BGN1").is_visible()
    page.check("#store-BGN1")
    assert page.locator("#windows-BGN1").is_visible()
    assert "Ready" in page.locator("label[for=store-BGN1]").inner_text()
    first_day = _visible_slots(page)
    assert 0 < first_day <= 24  # one day's times, not the week's

    second = page.locator("#day-BGN1 option").nth(1)
    day_label, day_value = second.inner_text(), second.get_attribute("value")
    assert page.get_by_role("button", name="Show times").is_visible() is not js  # with JS the times follow the day
    page.select_option("#day-BGN1", day_value)
    if not js:
        _submit(page, "Show times")
        assert page.locator("#store-BGN1").is_checked() and page.locator("input[name=email]").input_value()
    legend = page.locator("#windows-BGN1 fieldset.window-times legend")
    assert day_label in legend.inner_text()
    assert 20 <= _visible_slots(page) <= 24  # a whole day's hours (open round the clock), one day only
    page.locator("#windows-BGN1 fieldset.window-times label").nth(2).click()

    page.check("input[name=fulfilment][value=ship]")  # delivery: the address, no stores
    assert page.locator("#id_address_line").is_visible() and not page.locator("#store-BGN1").is_visible()
    page.check("input[name=fulfilment][value=pickup]")
    page.get_by_label("Pay at pickup").check()
    _submit(page, "Place order")

    order = Order.objects.select_related("pickup__slot").get(number=page.locator("#order-number").inner_text())
    assert order.location.code == "BGN1"
    assert order.pickup.slot.starts_at.astimezone(ZoneInfo(order.location.timezone)).date().isoformat() == day_value
    assert "Your pickup window is" in page.locator("#pickup-next").inner_text()
    context.close()


@pytest.mark.parametrize(("width", "js"), [(390, False), (1366, True)], ids=["390-no-js", "1366-js"])
def test_a_reward_code_is_picked_and_applied_before_the_order_with_the_new_total(browser, live_server, shop, width, js):
    user, kari = shopper("kari@example.com")
    points_adjust(customer=kari, points=500, reason="welcome", key="welcome-kari")
    reward = reward_create(customer=kari, points=500)
    context, page = _page(browser, width=width, js=js)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", "kari@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form [type=submit]").click()
    page.wait_for_load_state()
    _to_checkout(page, live_server.url)

    page.get_by_role("button", name=f"Use {reward.code}").click()
    page.wait_for_load_state()
    applied = page.locator("#reward-applied").inner_text()
    assert f"{reward.code} takes NOK 5.00 off: your order is now NOK 794.00." in applied
    assert page.locator("#to-pay").inner_text() == "NOK 794.00"
    assert page.locator("#id_reward_code").input_value() == reward.code

    page.fill("#id_reward_code", "NOPE-NOPE")
    _submit(page, "Apply")
    assert page.locator("#reward-error").is_visible() and not page.locator("#reward-applied").count()
    page.fill("#id_reward_code", reward.code)
    page.check("#store-OSL1")
    page.get_by_label("Pay at pickup").check()
    _submit(page, "Place order")
    order = Order.objects.get(number=page.locator("#order-number").inner_text())
    assert order.discount_total == 5 and order.total == 794
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_journey_never_scrolls_sideways_and_the_confirmation_says_what_comes_next(
    browser, live_server, shop, width
):
    context, page = _page(browser, width=width)
    found = []
    for path in ("/", "/search/?q=lamp"):
        page.goto(live_server.url + path)
        found += _checks(page)
    page.goto(f"{live_server.url}/p/lamp/")
    found += _checks(page)
    page.locator("nav.breadcrumbs a").nth(1).click()  # the lamp's category
    page.wait_for_load_state()
    found += _checks(page)
    page.go_back()
    _submit(page, "Add to cart")
    found += _checks(page)
    page.goto(f"{live_server.url}/cart/")
    found += _checks(page)
    page.get_by_role("link", name="Go to checkout").click()
    found += _checks(page)
    page.fill("input[name=email]", "kari@example.com")
    page.fill("input[name=name]", "Kari Nordmann")
    page.check("#store-OSL1")
    page.get_by_label("Pay at pickup").check()
    _submit(page, "Place order")
    found += _checks(page)
    assert not found, "\n".join(found)

    next_steps = page.locator("#pickup-next").inner_text()
    assert "We'll email you when it's ready, usually by" in next_steps
    body = page.locator("main").inner_text()
    assert "What to bring" in body and "ID with your photo" in body and "QR code" in body
    hours = page.locator("table.opening-hours")
    assert "Sunday" in hours.inner_text() and "Closed" in hours.locator("tr.closed").inner_text()
    # Table headers sit over their numbers.
    heads = page.locator("table.order-lines thead th.num").all()
    cells = page.locator("table.order-lines tbody tr").first.locator("td.num").all()
    assert len(heads) == len(cells) == 3
    for head, cell in zip(heads, cells, strict=True):
        th, td = head.bounding_box(), cell.bounding_box()
        assert abs((th["x"] + th["width"]) - (td["x"] + td["width"])) < 2, head.inner_text()
    context.close()
