"""Storefront pages: what a shopper sees on home, category and product pages, and how many queries each costs."""

import re
from datetime import time
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import ProductImage
from core.versions import CATALOG, STOCK, version_bump
from inventory.models import OpeningHours
from inventory.services import StockLine, stock_receive, stock_reserve
from tests.factories import CategoryFactory, LocationFactory, ProductFactory, VariantFactory, WarehouseFactory

pytestmark = pytest.mark.django_db


def receive(location, variant, quantity):
    stock_receive(location=location, variant=variant, quantity=quantity, reason="test delivery")


def product_names(html: str) -> list[str]:
    return re.findall(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a>', html)


def query_count(client, url) -> int:
    """Queries of one request that draws the page anew — as after a change to the catalog and stock, which moves
    its versions on — once the menu cache is warm (as it is for every shopper but the first)."""
    client.get(url)
    version_bump(CATALOG)
    version_bump(STOCK)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def assert_accessible_basics(html: str):
    """Every visible form control has a <label for>, every image has alt text."""
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html):
        if 'type="hidden"' in tag:
            continue
        control_id = re.search(r'\bid="([^"]+)"', tag)
        assert control_id, f"control without id: {tag}"
        assert f'for="{control_id.group(1)}"' in html, f"no <label> for {tag}"
    for tag in re.findall(r"<img\b[^>]*>", html):
        assert re.search(r'\balt="[^"]+"', tag), f"image without alt text: {tag}"


# --- Home ---------------------------------------------------------------------------------------------------


def test_home_shows_newest_active_products_and_categories(client):
    shoes = CategoryFactory(name="Shoes", slug="shoes")
    VariantFactory(product=ProductFactory(name="Trail runner", category=shoes), price=Decimal("249"))
    VariantFactory(product=ProductFactory(name="Hidden boot", category=shoes, is_active=False))

    response = client.get(reverse("storefront:home"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Trail runner" in html
    assert "NOK 249.00" in html
    assert "Hidden boot" not in html
    assert 'href="/c/shoes/"' in html
    assert 'class="skip-link"' in html
    assert_accessible_basics(html)


# --- Category -----------------------------------------------------------------------------------------------


def test_category_page_lists_products_of_its_subcategories(client):
    shoes = CategoryFactory(name="Shoes", slug="shoes")
    boots = CategoryFactory(name="Boots", slug="boots", parent=shoes)
    VariantFactory(product=ProductFactory(name="Runner", category=shoes))
    VariantFactory(product=ProductFactory(name="Hiking boot", category=boots))
    VariantFactory(product=ProductFactory(name="Sun hat", category=CategoryFactory(slug="hats")))

    response = client.get(reverse("storefront:category", kwargs={"slug": "shoes"}))

    assert response.status_code == 200
    assert product_names(response.content.decode()) == ["Hiking boot", "Runner"]
    assert 'href="/c/boots/"' in response.content.decode()


@pytest.mark.parametrize("slug", ["no-such-category", "retired"])
def test_unknown_or_inactive_category_is_a_friendly_404(client, slug):
    CategoryFactory(slug="retired", is_active=False)

    response = client.get(reverse("storefront:category", kwargs={"slug": slug}))

    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_category_pages_hold_24_products_with_page_links(client):
    shoes = CategoryFactory(slug="shoes")
    for n in range(30):
        VariantFactory(product=ProductFactory(name=f"Shoe {n:02d}", category=shoes))

    first = client.get("/c/shoes/?sort=name").content.decode()
    second = client.get("/c/shoes/?sort=name&page=2").content.decode()

    assert len(product_names(first)) == 24
    assert product_names(second) == [f"Shoe {n}" for n in range(24, 30)]
    assert 'aria-label="Pages"' in first
    assert 'href="?sort=name&amp;page=2"' in first
    assert 'aria-current="page"' in second


def test_a_page_number_past_the_end_shows_the_last_page(client):
    shoes = CategoryFactory(slug="shoes")
    VariantFactory(product=ProductFactory(name="Only shoe", category=shoes))

    response = client.get("/c/shoes/?page=99")

    assert product_names(response.content.decode()) == ["Only shoe"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Anorak", "Boot", "Cap"]),
        ("price", ["Cap", "Anorak", "Boot"]),
        ("-price", ["Boot", "Anorak", "Cap"]),
        ("newest", ["Cap", "Boot", "Anorak"]),
    ],
)
def test_category_page_sorts_by_name_price_and_newest(client, sort, expected):
    wear = CategoryFactory(slug="wear")
    for name, price in [("Anorak", "500"), ("Boot", "900"), ("Cap", "100")]:
        VariantFactory(product=ProductFactory(name=name, category=wear), price=Decimal(price))

    response = client.get(f"/c/wear/?sort={sort}")

    assert product_names(response.content.decode()) == expected


def test_unknown_sort_or_store_is_ignored(client):
    wear = CategoryFactory(slug="wear")
    VariantFactory(product=ProductFactory(name="Anorak", category=wear))

    response = client.get("/c/wear/?sort=evil&store=abc&page=x")

    assert response.status_code == 200
    assert product_names(response.content.decode()) == ["Anorak"]


def test_the_filter_form_shows_what_the_shopper_chose(client):
    wear = CategoryFactory(slug="wear")
    VariantFactory(product=ProductFactory(name="Anorak", category=wear))

    chosen = client.get("/c/wear/?sort=-price&online=on").content.decode()
    unknown = client.get("/c/wear/?sort=evil").content.decode()

    assert '<option value="-price" selected>Price: high to low</option>' in chosen
    assert '<input type="checkbox" name="online" id="id_online" checked>' in chosen
    sort_select = re.search(r'<select name="sort".*?</select>', unknown, re.S)[0]
    assert " selected>" not in sort_select and 'id="id_online" checked' not in unknown
    assert "aria-invalid" not in unknown  # an ignored value is no error to announce


def test_filter_in_stock_at_a_store(client):
    wear = CategoryFactory(slug="wear")
    oslo, bergen = LocationFactory(name="Oslo"), LocationFactory(name="Bergen")
    anorak = VariantFactory(product=ProductFactory(name="Anorak", category=wear))
    boot = VariantFactory(product=ProductFactory(name="Boot", category=wear))
    VariantFactory(product=ProductFactory(name="Cap", category=wear))
    receive(oslo, anorak, 2)
    receive(bergen, boot, 2)
    receive(oslo, boot, 1)
    stock_reserve(location=oslo, lines=[StockLine(boot.pk, 1)], reference="order-1")  # the last one is held

    html = client.get(f"/c/wear/?store={oslo.pk}").content.decode()

    assert product_names(html) == ["Anorak"]
    assert "in stock at Oslo" in html
    assert f'<option value="{oslo.pk}" selected>Oslo</option>' in html


def test_filter_available_online_respects_the_online_buffer(client):
    wear = CategoryFactory(slug="wear")
    store = LocationFactory(default_online_buffer=2)
    anorak = VariantFactory(product=ProductFactory(name="Anorak", category=wear))
    boot = VariantFactory(product=ProductFactory(name="Boot", category=wear))
    receive(store, anorak, 3)
    receive(store, boot, 2)  # all held back for shoppers in the store

    html = client.get("/c/wear/?online=on").content.decode()

    assert product_names(html) == ["Anorak"]


def test_cards_show_price_range_and_availability_badges(client):
    wear = CategoryFactory(slug="wear")
    store = LocationFactory(default_online_buffer=5)
    anorak = ProductFactory(name="Anorak", category=wear)
    small = VariantFactory(product=anorak, price=Decimal("249"))
    VariantFactory(product=anorak, price=Decimal("299"))
    ProductImage.objects.create(product=anorak, url="https://img.example/anorak.jpg", alt_text="A red anorak")
    receive(store, small, 2)

    html = client.get("/c/wear/").content.decode()

    assert "From</span> NOK 249.00" in html
    assert "In stores only" in html
    assert 'alt="A red anorak"' in html


def test_listing_page_has_labels_and_alt_text(client):
    wear = CategoryFactory(slug="wear")
    LocationFactory(name="Oslo")
    VariantFactory(product=ProductFactory(name="Anorak", category=wear))

    html = client.get("/c/wear/").content.decode()

    assert_accessible_basics(html)
    assert '<label for="id_store">In stock at</label>' in html


def _catalog(category, products: int, locations: list) -> None:
    for n in range(products):
        product = ProductFactory(category=category)
        ProductImage.objects.create(product=product, url=f"https://img.example/{n}.jpg", alt_text=f"Photo {n}")
        for variant in (VariantFactory(product=product), VariantFactory(product=product)):
            for location in locations:
                receive(location, variant, 1)


def test_category_page_query_count_does_not_grow_with_products(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        category, locations = CategoryFactory(slug="bulk"), [LocationFactory(), LocationFactory()]
        _catalog(category, 5, locations)
    small = query_count(client, "/c/bulk/?sort=-price")
    with django_capture_on_commit_callbacks(execute=True):
        _catalog(category, 45, [*locations, LocationFactory()])
    large = query_count(client, "/c/bulk/?sort=-price")

    assert large == small
    assert 0 < small <= 8  # drawn anew, not served whole from the cache


# --- Product ------------------------------------------------------------------------------------------------


@pytest.fixture
def jacket(db):
    product = ProductFactory(name="Rain jacket", slug="rain-jacket", description="Light and waterproof.")
    blue_m = VariantFactory(product=product, sku="JKT-BLU-M", options={"colour": "Blue", "size": "M"}, position=0)
    blue_l = VariantFactory(product=product, sku="JKT-BLU-L", options={"colour": "Blue", "size": "L"}, position=1)
    red_m = VariantFactory(
        product=product, sku="JKT-RED-M", options={"colour": "Red", "size": "M"}, price=Decimal("279"), position=2
    )
    blue_m.price = blue_l.price = Decimal("249")
    blue_m.save()
    blue_l.save()
    return product, blue_m, blue_l, red_m


def test_product_page_shows_first_variant_price_sku_and_picker(client, jacket):
    product, blue_m, blue_l, red_m = jacket

    response = client.get(reverse("storefront:product", kwargs={"slug": "rain-jacket"}))

    html = response.content.decode()
    assert response.status_code == 200
    assert "NOK 249.00" in html
    assert '<span id="product-sku">JKT-BLU-M</span>' in html
    assert 'href="?sku=JKT-RED-M&amp;picked=colour#options-colour"' in html  # colour Red keeps size M
    assert 'href="?sku=JKT-BLU-L&amp;picked=size#options-size"' in html  # size L keeps colour Blue
    assert "Light and waterproof." in html
    assert_accessible_basics(html)


def test_choosing_a_variant_by_link_shows_its_price_and_sku(client, jacket):
    response = client.get("/p/rain-jacket/?sku=JKT-RED-M&picked=colour")

    html = response.content.decode()
    assert "NOK 279.00" in html
    assert '<span id="product-sku">JKT-RED-M</span>' in html
    # Without JavaScript the chosen value takes the focus back, so the keyboard stays in the option group.
    assert re.search(r'href="\?sku=JKT-RED-M[^"]*"[^>]*aria-current="true" autofocus', html)
    assert html.count("autofocus") == 1


def test_a_sku_in_any_case_or_the_old_variant_parameter_selects_that_variant(client, jacket):
    for query in ("?sku=jkt-red-m", "?variant=JKT-RED-M"):
        html = client.get("/p/rain-jacket/" + query).content.decode()
        assert '<span id="product-sku">JKT-RED-M</span>' in html, query


def test_unknown_variant_falls_back_to_the_first(client, jacket):
    html = client.get("/p/rain-jacket/?variant=NOPE").content.decode()

    assert '<span id="product-sku">JKT-BLU-M</span>' in html


@pytest.mark.parametrize("slug", ["no-such-product", "old-jacket"])
def test_unknown_or_inactive_product_is_a_friendly_404(client, slug):
    VariantFactory(product=ProductFactory(slug="old-jacket", is_active=False))

    response = client.get(reverse("storefront:product", kwargs={"slug": slug}))

    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_product_page_lists_stores_that_have_the_chosen_variant(client, jacket):
    _, blue_m, blue_l, red_m = jacket
    oslo = LocationFactory(name="Oslo Sentrum")
    bergen = LocationFactory(name="Bergen Torget")
    LocationFactory(name="Empty Store")
    warehouse = WarehouseFactory(name="Central Warehouse")
    receive(oslo, blue_m, 10)
    receive(bergen, blue_m, 2)
    receive(warehouse, red_m, 4)

    blue = client.get("/p/rain-jacket/?variant=JKT-BLU-M").content.decode()
    red = client.get("/p/rain-jacket/?variant=JKT-RED-M").content.decode()
    large = client.get("/p/rain-jacket/?variant=JKT-BLU-L").content.decode()

    assert "Oslo Sentrum" in blue and "Bergen Torget" in blue
    assert "Only 2 left" in blue
    assert "Available online" in blue
    assert "Central Warehouse" not in blue
    assert re.search(r'is-unavailable">\s*<div class="store-main">\s*<span class="store-name">Empty Store', blue)
    assert "Not in stock in any of our stores right now." in red
    assert "Available online" in red  # the warehouse ships it
    assert "Out of stock" in large and "Not available online" in large


def test_product_page_says_when_it_can_be_picked_up(client, jacket):
    _, blue_m, *_ = jacket
    oslo = LocationFactory(name="Oslo Sentrum", is_pickup_point=True, pickup_lead_minutes=60)
    for weekday in range(7):
        OpeningHours.objects.create(location=oslo, weekday=weekday, opens=time(0, 0), closes=time(23, 59))
    receive(oslo, blue_m, 5)

    html = client.get("/p/rain-jacket/").content.decode()

    assert re.search(r'<p class="pickup">Click &amp; collect: Ready (today|tomorrow) from \d\d:\d\d</p>', html)


def test_product_page_shows_goes_with_products(client, jacket):
    product, *_ = jacket
    umbrella = ProductFactory(name="Umbrella")
    VariantFactory(product=umbrella)
    retired = ProductFactory(name="Retired hat", is_active=False)
    VariantFactory(product=retired)
    product.related.add(umbrella, retired)

    html = client.get("/p/rain-jacket/").content.decode()

    assert "Goes with" in html
    assert "Umbrella" in html
    assert "Retired hat" not in html


def _product_with(variants: int, locations: int):
    product = ProductFactory(slug=f"p-{variants}-{locations}")
    ProductImage.objects.create(product=product, url="https://img.example/a.jpg", alt_text="Front")
    ProductImage.objects.create(product=product, url="https://img.example/b.jpg", alt_text="Back")
    stores = [LocationFactory(is_pickup_point=True) for _ in range(locations)]
    for store in stores:
        OpeningHours.objects.create(location=store, weekday=0, opens=time(9), closes=time(17))
    for n in range(variants):
        variant = VariantFactory(product=product, options={"size": str(n), "colour": ["Red", "Blue"][n % 2]})
        for store in stores:
            receive(store, variant, 5)
    for _ in range(3):
        related = ProductFactory()
        VariantFactory(product=related)
        product.related.add(related)
    return product


def test_product_page_query_count_does_not_grow_with_variants(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # what commits bumps its versions, as in the shop
        few, many = _product_with(5, 2), _product_with(50, 2)
    small = query_count(client, few.get_absolute_url())
    large = query_count(client, many.get_absolute_url())

    assert large == small
    assert 0 < small <= 10  # drawn anew, not served whole from the cache


def test_a_product_page_without_accessories_asks_nothing_about_them(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with_accessories = _product_with(3, 2)
        alone = _product_with(4, 2)
        alone.related.clear()

    # The accessories cost their cards, the cards' pictures and their stock flags; none of it without any.
    assert query_count(client, alone.get_absolute_url()) == query_count(client, with_accessories.get_absolute_url()) - 3


def test_product_page_query_count_does_not_grow_with_locations(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        few = _product_with(3, 2)
    small = query_count(client, few.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):  # ten more stores: the shop's structure moves on
        many = _product_with(3, 12)
    large = query_count(client, many.get_absolute_url())

    assert large == small


def test_server_error_page_renders_without_a_request_context(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert "Sorry, something went wrong on our side" in response.content.decode()
