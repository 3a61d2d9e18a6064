"""Catalog API: read-only products and categories with filters, pagination and availability per location."""

import gzip
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from catalog.models import ProductImage
from inventory.services import stock_receive
from tests.factories import (
    CategoryFactory,
    LocationFactory,
    ProductFactory,
    UserFactory,
    VariantFactory,
    WarehouseFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def staff_api():
    client = APIClient()
    client.force_authenticate(UserFactory(is_staff=True))
    return client


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


def receive(location, variant, quantity):
    stock_receive(location=location, variant=variant, quantity=quantity, reason="test delivery")


@pytest.fixture
def catalog(db):
    shoes = CategoryFactory(name="Shoes", slug="shoes")
    boots = CategoryFactory(name="Boots", slug="boots", parent=shoes)
    hats = CategoryFactory(name="Hats", slug="hats")
    runner = ProductFactory(name="Runner", category=shoes, description="Light running shoe.")
    VariantFactory(product=runner, sku="RUN-42", price=Decimal("899"))
    boot = ProductFactory(name="Hiking boot", category=boots, description="Waterproof leather.")
    VariantFactory(product=boot, sku="BOOT-42", price=Decimal("1499"))
    VariantFactory(product=boot, sku="BOOT-43", price=Decimal("1599"))
    cap = ProductFactory(name="Cap", category=hats)
    VariantFactory(product=cap, sku="CAP-1", price=Decimal("199"))
    old = ProductFactory(name="Old boot", category=boots, is_active=False)
    VariantFactory(product=old, sku="OLD-1", price=Decimal("999"))
    return {"shoes": shoes, "boots": boots, "runner": runner, "boot": boot, "cap": cap, "old": old}


def test_anonymous_shoppers_list_active_products_with_prices(api, catalog):
    response = api.get("/api/v1/products/")

    assert names(response) == ["Cap", "Hiking boot", "Runner"]
    boot = next(row for row in response.json()["results"] if row["name"] == "Hiking boot")
    assert boot["min_price"] == "1499.00"
    assert boot["max_price"] == "1599.00"
    assert boot["currency"] == "NOK"
    assert boot["category_slug"] == "boots"
    assert boot["url"] == "/p/" + catalog["boot"].slug + "/"
    assert boot["in_stock"] is False and boot["available_online"] is False


def test_filter_by_category_slug_or_id_includes_subcategories(api, catalog):
    assert names(api.get("/api/v1/products/", {"category": "shoes"})) == ["Hiking boot", "Runner"]
    assert names(api.get("/api/v1/products/", {"category": catalog["boots"].pk})) == ["Hiking boot"]
    assert names(api.get("/api/v1/products/", {"category": "nope"})) == []


def test_filter_by_search_words_or_sku(api, catalog):
    assert names(api.get("/api/v1/products/", {"q": "waterproof"})) == ["Hiking boot"]
    assert names(api.get("/api/v1/products/", {"q": "run-42"})) == ["Runner"]
    assert names(api.get("/api/v1/products/", {"q": "submarine"})) == []


def test_filter_by_price_range(api, catalog):
    assert names(api.get("/api/v1/products/", {"min_price": "200", "max_price": "1499"})) == ["Hiking boot", "Runner"]
    assert names(api.get("/api/v1/products/", {"max_price": "199.00"})) == ["Cap"]


def test_bad_filter_values_are_a_400_with_the_field_named(api, catalog):
    response = api.get("/api/v1/products/", {"min_price": "cheap"})

    assert response.status_code == 400
    assert "min_price" in response.json()["fields"]


def test_only_staff_can_list_inactive_products(api, staff_api, catalog):
    assert names(api.get("/api/v1/products/", {"active": "false"})) == []
    assert names(staff_api.get("/api/v1/products/", {"active": "false"})) == ["Old boot"]
    assert "Old boot" not in names(staff_api.get("/api/v1/products/"))


def test_filter_in_stock_at_a_location_and_available_online(api, catalog):
    oslo = LocationFactory(code="OSL1", default_online_buffer=1)
    warehouse = WarehouseFactory(code="WH1")
    receive(oslo, catalog["runner"].variants.get(), 1)  # in the store, but held back from the web
    receive(warehouse, catalog["cap"].variants.get(), 5)

    assert names(api.get("/api/v1/products/", {"in_stock_at": "osl1"})) == ["Runner"]
    assert names(api.get("/api/v1/products/", {"available_online": "true"})) == ["Cap"]
    assert names(api.get("/api/v1/products/", {"available_online": "false"})) == ["Hiking boot", "Runner"]


def test_ordering_by_price(api, catalog):
    assert names(api.get("/api/v1/products/", {"ordering": "-min_price"})) == ["Hiking boot", "Runner", "Cap"]


def test_pagination_with_page_size(api, catalog):
    first = api.get("/api/v1/products/", {"page_size": 2}).json()
    second = api.get("/api/v1/products/", {"page_size": 2, "page": 2}).json()

    assert first["count"] == 3
    assert [row["name"] for row in first["results"]] == ["Cap", "Hiking boot"]
    assert first["next"].endswith("page=2&page_size=2")
    assert [row["name"] for row in second["results"]] == ["Runner"]
    assert second["next"] is None


def test_detail_has_variants_with_availability_per_location(api, catalog):
    boot = catalog["boot"]
    oslo = LocationFactory(code="OSL1", name="Oslo Sentrum", default_online_buffer=1)
    warehouse = WarehouseFactory(code="WH1", name="Central Warehouse")
    b42 = boot.variants.get(sku="BOOT-42")
    receive(oslo, b42, 3)
    receive(warehouse, b42, 7)
    ProductImage.objects.create(product=boot, url="https://img.example/boot.jpg", alt_text="Brown boot")
    boot.related.add(catalog["cap"], catalog["old"])

    response = api.get(f"/api/v1/products/{boot.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert body["description"] == "Waterproof leather."
    assert body["images"] == [{"src": "https://img.example/boot.jpg", "alt_text": "Brown boot", "position": 0}]
    assert body["related"] == [catalog["cap"].pk]
    variants = {v["sku"]: v for v in body["variants"]}
    assert variants["BOOT-43"]["availability"] == []
    assert variants["BOOT-42"]["price"] == "1499.00"
    assert sorted(variants["BOOT-42"]["availability"], key=lambda row: row["location_code"]) == [
        {
            "location_code": "OSL1",
            "location_name": "Oslo Sentrum",
            "location_kind": "store",
            "in_store": 3,
            "online": 2,
        },
        {
            "location_code": "WH1",
            "location_name": "Central Warehouse",
            "location_kind": "warehouse",
            "in_store": 7,
            "online": 7,
        },
    ]


@pytest.mark.parametrize("path", ["/api/v1/products/999999/", "/api/v1/products/abc/"])
def test_unknown_product_is_404(api, catalog, path):
    response = api.get(path)

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_inactive_product_is_404_except_for_staff(api, staff_api, catalog):
    url = f"/api/v1/products/{catalog['old'].pk}/"

    assert api.get(url).status_code == 404
    assert staff_api.get(url).status_code == 200


def test_catalog_api_is_read_only(staff_api, catalog):
    assert staff_api.post("/api/v1/products/", {"name": "X"}).status_code == 405
    assert staff_api.delete(f"/api/v1/products/{catalog['cap'].pk}/").status_code == 405
    assert staff_api.post("/api/v1/categories/", {"name": "X"}).status_code == 405


def test_categories_list_with_parent(api, catalog):
    CategoryFactory(name="Retired", is_active=False)

    rows = api.get("/api/v1/categories/").json()["results"]

    by_slug = {row["slug"]: row for row in rows}
    assert set(by_slug) == {"shoes", "boots", "hats"}
    assert by_slug["boots"]["parent"] == catalog["shoes"].pk
    assert by_slug["shoes"]["parent"] is None
    children = api.get("/api/v1/categories/", {"parent": catalog["shoes"].pk}).json()["results"]
    assert [row["slug"] for row in children] == ["boots"]


def _bulk(category, products: int, locations: list):
    for n in range(products):
        product = ProductFactory(category=category)
        ProductImage.objects.create(product=product, url=f"https://img.example/{n}.jpg", alt_text="x")
        for variant in (VariantFactory(product=product), VariantFactory(product=product)):
            for location in locations:
                receive(location, variant, 2)


def _count(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow_with_products(api, django_capture_on_commit_callbacks):
    params = {"category": "bulk", "page_size": 100, "ordering": "-min_price"}
    with django_capture_on_commit_callbacks(execute=True):  # what commits moves the cached list's versions on
        category, locations = CategoryFactory(slug="bulk"), [LocationFactory(), LocationFactory()]
        _bulk(category, 5, locations)
    small = _count(api, "/api/v1/products/", params)
    with django_capture_on_commit_callbacks(execute=True):
        _bulk(category, 45, [*locations, LocationFactory()])
    large = _count(api, "/api/v1/products/", params)

    assert large == small
    assert 0 < small <= 6  # read from the database, not the cache


def test_a_repeated_list_comes_from_the_cache_and_a_committed_change_shows_at_once(
    api, catalog, django_capture_on_commit_callbacks
):
    def cap(response) -> dict:
        assert response.status_code == 200, response.content
        return next(row for row in response.json()["results"] if row["name"] == "Cap")

    first = cap(api.get("/api/v1/products/"))
    with CaptureQueriesContext(connection) as repeated:
        cap(api.get("/api/v1/products/"))
    store = LocationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        variant = catalog["cap"].variants.get()
        variant.price = Decimal("249")
        variant.save()
        receive(store, variant, 3)
    after = cap(api.get("/api/v1/products/"))

    assert len(repeated.captured_queries) == 0
    assert (first["min_price"], first["in_stock"]) == ("199.00", False)
    assert (after["min_price"], after["in_stock"]) == ("249.00", True)


def test_staff_and_shoppers_do_not_share_a_cached_list(api, staff_api, catalog):
    inactive = {"active": "false"}
    assert names(staff_api.get("/api/v1/products/", inactive)) == ["Old boot"]
    assert names(api.get("/api/v1/products/", inactive)) == []
    assert names(staff_api.get("/api/v1/products/", inactive)) == ["Old boot"]


def test_detail_query_count_does_not_grow_with_variants_or_locations(api):
    def product_with(variants, locations):
        product = ProductFactory()
        stores = [LocationFactory() for _ in range(locations)]
        for _ in range(variants):
            variant = VariantFactory(product=product)
            for store in stores:
                receive(store, variant, 1)
        return f"/api/v1/products/{product.pk}/"

    counts = {_count(api, product_with(v, n)) for v, n in [(5, 2), (50, 2), (5, 12)]}

    assert len(counts) == 1


def test_the_api_root_lists_its_endpoints(client):
    body = client.get("/api/v1/").json()

    assert body["endpoints"]["products/"].endswith("/api/v1/products/")
    assert "me/wishlist/" in body["endpoints"] and "stock/receive/" in body["endpoints"]
    assert body["docs"].endswith("/api/docs/")


def test_a_yes_no_filter_with_another_value_is_a_400(client):
    response = client.get("/api/v1/products/", {"available_online": "perhaps"})

    assert response.status_code == 400
    assert "available_online" in response.json()["fields"]


def test_the_list_answers_304_to_its_etag_and_sends_a_new_one_after_a_committed_change(
    api, catalog, django_capture_on_commit_callbacks
):
    first = api.get("/api/v1/products/")
    unchanged = api.get("/api/v1/products/", HTTP_IF_NONE_MATCH=first["ETag"])
    with django_capture_on_commit_callbacks(execute=True):
        variant = catalog["cap"].variants.get()
        variant.price = Decimal("249")
        variant.save()
    changed = api.get("/api/v1/products/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first["ETag"].startswith('W/"') and "no-cache" in first["Cache-Control"]
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert next(row for row in changed.json()["results"] if row["name"] == "Cap")["min_price"] == "249.00"


def test_the_list_comes_gzip_when_asked_and_says_the_same(api, catalog):
    plain = api.get("/api/v1/products/")
    compressed = api.get("/api/v1/products/", HTTP_ACCEPT_ENCODING="gzip")

    assert compressed["Content-Encoding"] == "gzip" and "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed.content) == plain.content
    assert plain.json()["count"] == 3


def test_the_browsable_api_and_indented_json_still_show_the_cached_list(api, catalog):
    api.get("/api/v1/products/")  # the page is cached as compact JSON

    browsable = api.get("/api/v1/products/", HTTP_ACCEPT="text/html")
    indented = api.get("/api/v1/products/", HTTP_ACCEPT="application/json; indent=2")

    assert browsable.status_code == 200 and "Cap" in browsable.content.decode()
    assert indented.content.startswith(b'{\n  "count"') and indented.json()["count"] == 3


def test_a_kept_page_of_the_list_answers_as_the_built_one_did(api, catalog, django_assert_num_queries):
    built = api.get("/api/v1/products/", {"ordering": "-min_price"})
    with django_assert_num_queries(0):
        kept = api.get("/api/v1/products/", {"ordering": "-min_price"})

    assert kept.content == built.content and names(kept) == ["Hiking boot", "Runner", "Cap"]
    for header in ("Content-Type", "Allow", "Vary", "ETag", "Cache-Control"):
        assert kept[header] == built[header]
