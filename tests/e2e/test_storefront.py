"""A shopper in a real browser: search a SKU, open the product, pick another variant, see its price and stores."""

from datetime import time
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from catalog.models import ProductImage
from inventory.models import OpeningHours
from inventory.services import stock_receive
from tests.factories import CategoryFactory, LocationFactory, ProductFactory, VariantFactory

SCREENSHOT = "/tmp/shop-product.png"  # noqa: S108 -- a fixed place a person looks at after the run


@pytest.fixture
def rain_jacket(transactional_db):
    outdoor = CategoryFactory(name="Outdoor", slug="outdoor", description="Gear for wet and windy days.")
    jacket = ProductFactory(
        name="Rain jacket",
        slug="rain-jacket",
        category=outdoor,
        description="Light, breathable and fully waterproof, with taped seams and a hood that stays put.",
    )
    blue = VariantFactory(
        product=jacket, sku="JKT-BLU-M", options={"colour": "Blue", "size": "M"}, price=Decimal("249"), position=0
    )
    VariantFactory(
        product=jacket, sku="JKT-BLU-L", options={"colour": "Blue", "size": "L"}, price=Decimal("249"), position=1
    )
    red = VariantFactory(
        product=jacket, sku="JKT-RED-M", options={"colour": "Red", "size": "M"}, price=Decimal("279"), position=2
    )
    oslo = LocationFactory(name="Oslo Sentrum", city="Oslo", is_pickup_point=True, pickup_lead_minutes=60)
    bergen = LocationFactory(name="Bergen Torget", city="Bergen", is_pickup_point=True)
    for store in (oslo, bergen):
        for weekday in range(7):
            OpeningHours.objects.create(location=store, weekday=weekday, opens=time(0, 0), closes=time(23, 59))
    stock_receive(location=oslo, variant=blue, quantity=12)
    stock_receive(location=bergen, variant=blue, quantity=5)
    stock_receive(location=oslo, variant=red, quantity=2)
    umbrella = ProductFactory(name="Pocket umbrella", category=outdoor)
    VariantFactory(product=umbrella, price=Decimal("149"))
    ProductImage.objects.create(product=umbrella, url="", alt_text="A folded umbrella")
    jacket.related.add(umbrella)
    return jacket


@pytest.mark.e2e
def test_shopper_finds_a_sku_and_picks_another_variant(page, phone_page, live_server, rain_jacket):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.get_by_role("searchbox", name="Search products or SKU").fill("jkt-blu")
    page.get_by_role("searchbox", name="Search products or SKU").press("Enter")
    expect(page.get_by_role("heading", name="Results for “jkt-blu”")).to_be_visible()
    page.get_by_role("link", name="Rain jacket", exact=True).click()

    expect(page.get_by_role("heading", level=1, name="Rain jacket")).to_be_visible()
    expect(page.locator("#product-price")).to_have_text("NOK 249.00")
    expect(page.locator("#product-sku")).to_have_text("JKT-BLU-M")

    page.get_by_role("link", name="Red", exact=True).click()

    expect(page.locator("#product-sku")).to_have_text("JKT-RED-M")
    expect(page.locator("#product-price")).to_have_text("NOK 279.00")
    stores = page.locator(".store-list")
    expect(stores).to_contain_text("Oslo Sentrum")
    expect(stores).to_contain_text("Only 2 left")
    expect(page.locator(".store.is-unavailable")).to_contain_text("Bergen Torget")
    expect(page.locator(".availability-summary")).to_contain_text("Available online")

    phone_page.goto(live_server.url + "/p/rain-jacket/?variant=JKT-RED-M")
    expect(phone_page.locator("#product-price")).to_have_text("NOK 279.00")
    phone_page.screenshot(path=SCREENSHOT, full_page=True)
