"""The three feeds say what the shop sells, in each channel's format: every active variant once, true stock and
prices, text that stays well-formed."""

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import pytest

from catalog.models import Variant
from channels.feeds.local import google_local_inventory
from core.emails import site_url
from inventory.models import StockLevel
from inventory.services import StockLine, stock_sell
from tests.channels.feeds_helpers import (
    GOOGLE_ATTRIBUTES,
    GOOGLE_PRODUCTS,
    META_PRODUCTS,
    feed_shop,
    fetch,
    google_items,
    local_rows,
    meta_rows,
)
from tests.factories import ProductFactory, StockLevelFactory, VariantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(db):
    return feed_shop()


def test_google_feed_parses_and_every_g_element_is_one_google_defines(client, shop):
    response, text = fetch(client, GOOGLE_PRODUCTS)

    root = ET.fromstring(text)  # noqa: S314 (our own feed, read as a channel would)
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert root.tag == "rss" and root.get("version") == "2.0"
    tags = {child.tag for item in root.iter("item") for child in item}
    assert {tag.removeprefix("{http://base.google.com/ns/1.0}") for tag in tags} <= GOOGLE_ATTRIBUTES
    assert all(tag.startswith("{http://base.google.com/ns/1.0}") for tag in tags)


def test_google_item_has_the_variant_its_price_link_picture_and_options(client, shop):
    item = google_items(client)["JUMP-M"]

    assert item["item_group_id"] == str(shop["medium"].product_id)
    assert item["title"] == "Merino jumper — M / Blue"
    assert item["description"] == "Soft merino wool & warm."
    assert item["link"] == site_url("/p/merino-jumper/?sku=JUMP-M")
    assert item["image_link"] == "https://images.example.com/jumper.jpg"
    assert (item["price"], item["availability"], item["condition"]) == ("499.00 NOK", "in_stock", "new")
    assert (item["gtin"], item["brand"], item["color"], item["size"]) == ("7040000000017", "Omnistore", "Blue", "M")


def test_headers_of_the_local_and_meta_feeds_are_exactly_the_channels(client, shop):
    local_header, _ = local_rows(client)
    meta_header, _ = meta_rows(client)

    assert local_header == ["store_code", "id", "availability", "quantity", "price", "pickup_method", "pickup_sla"]
    assert meta_header == [
        "id",
        "item_group_id",
        "title",
        "description",
        "availability",
        "condition",
        "price",
        "link",
        "image_link",
        "brand",
        "quantity_to_sell_on_facebook",
        "color",
        "size",
    ]


def test_every_active_variant_is_listed_once_and_inactive_ones_are_not(client, shop):
    VariantFactory(sku="OLD-1", is_active=False, product=shop["medium"].product)
    VariantFactory(sku="GONE-1", product=ProductFactory(is_active=False))
    VariantFactory(sku="NEW-1")  # no stock anywhere: listed, out of stock

    expected = {"JUMP-M", "JUMP-L", "NEW-1"}
    assert set(google_items(client)) == expected
    assert set(meta_rows(client)[1]) == expected
    rows = local_rows(client)[1]
    assert set(rows) == {(store.code, sku) for store in shop["stores"] for sku in expected}


def test_a_sale_at_one_store_changes_only_that_stores_rows(client, shop):
    _, before = local_rows(client)
    google_before = google_items(client)

    stock_sell(location=shop["bergen"], lines=[StockLine(shop["medium"].pk, 8)], reference="till-1")

    _, after = local_rows(client)
    changed = {key for key in before if before[key] != after[key]}
    assert changed == {("BGO1", "JUMP-M")}
    assert (after["BGO1", "JUMP-M"]["quantity"], after["BGO1", "JUMP-M"]["availability"]) == (
        "2",
        "limited_availability",
    )
    assert google_items(client) == google_before


def test_a_price_change_shows_in_all_three_feeds(client, shop, django_capture_on_commit_callbacks):
    google_items(client), local_rows(client), meta_rows(client)  # cached

    with django_capture_on_commit_callbacks(execute=True):
        variant = Variant.objects.get(sku="JUMP-L")
        variant.price = "549.50"
        variant.save()

    assert google_items(client)["JUMP-L"]["price"] == "549.50 NOK"
    assert meta_rows(client)[1]["JUMP-L"]["price"] == "549.50 NOK"
    assert {row["price"] for (_, sku), row in local_rows(client)[1].items() if sku == "JUMP-L"} == {"549.50 NOK"}


def test_sold_out_online_is_out_of_stock_in_the_product_feeds_while_the_store_that_has_it_stays_in_stock(client, db):
    from tests.factories import LocationFactory
    from tests.orders.conftest import open_every_day

    store = open_every_day(LocationFactory(code="OSL1", default_online_buffer=5))
    variant = VariantFactory(sku="LAST-1")
    StockLevelFactory(location=store, variant=variant, on_hand=5)  # every unit held back for walk-in shoppers

    assert google_items(client)["LAST-1"]["availability"] == "out_of_stock"
    meta = meta_rows(client)[1]["LAST-1"]
    assert (meta["availability"], meta["quantity_to_sell_on_facebook"]) == ("out of stock", "0")
    row = local_rows(client)[1]["OSL1", "LAST-1"]
    assert (row["availability"], row["quantity"], row["pickup_method"]) == ("in_stock", "5", "not_supported")


def test_limited_availability_follows_the_only_few_left_rule(client, shop):
    StockLevel.objects.filter(location=shop["oslo"], variant=shop["medium"]).update(on_hand=3)
    StockLevel.objects.filter(location=shop["oslo"], variant=shop["large"]).update(on_hand=4)
    StockLevel.objects.filter(location=shop["bergen"], variant=shop["large"]).update(reserved=10)

    rows = local_rows(client)[1]

    assert rows["OSL1", "JUMP-M"]["availability"] == "limited_availability"
    assert rows["OSL1", "JUMP-L"]["availability"] == "in_stock"
    assert (rows["BGO1", "JUMP-L"]["availability"], rows["BGO1", "JUMP-L"]["quantity"]) == ("out_of_stock", "0")


def _local_at(now) -> dict:
    lines = "".join(google_local_inventory(now=now)).splitlines()
    header = lines[0].split("\t")
    return {(row[0], row[1]): dict(zip(header, row, strict=True)) for row in (line.split("\t") for line in lines[1:])}


def test_pickup_is_bought_from_the_shelf_shipped_from_the_warehouse_or_not_offered(shop):
    StockLevel.objects.filter(location=shop["bergen"], variant=shop["large"]).update(reserved=10)
    StockLevel.objects.filter(location__kind="store", variant=shop["medium"]).update(reserved=10)
    StockLevel.objects.filter(location__kind="warehouse", variant=shop["medium"]).update(reserved=10)
    ten_in_oslo = dt.datetime(2026, 3, 4, 10, 0, tzinfo=ZoneInfo("Europe/Oslo"))

    rows = _local_at(ten_in_oslo)

    def pickup(key):
        return rows[key]["pickup_method"], rows[key]["pickup_sla"]

    assert pickup(("OSL1", "JUMP-L")) == ("buy", "same_day")  # ready at 12:00 after the two-hour lead time
    assert pickup(("BGO1", "JUMP-L")) == ("ship_to_store", "2-day")  # only the warehouse has it
    assert pickup(("BGO1", "JUMP-M")) == ("not_supported", "")  # nobody has it
    assert pickup(("TOS1", "JUMP-L")) == ("not_supported", "")  # no click & collect there
    assert rows["TOS1", "JUMP-L"]["quantity"] == "10"
    late = _local_at(dt.datetime(2026, 3, 4, 23, 0, tzinfo=ZoneInfo("Europe/Oslo")))
    assert (late["OSL1", "JUMP-L"]["pickup_method"], late["OSL1", "JUMP-L"]["pickup_sla"]) == ("buy", "next_day")


def test_names_with_markup_stay_well_formed_and_descriptions_are_plain_text(client, db):
    VariantFactory(
        sku="SALT-1",
        options={},
        product__name="Salt & Pepper <Mill>",
        product__description='<h2>Grinds</h2><p>Salt, "pepper" &amp; more\nfor\tyou</p><script>x()</script>',
    )

    item = google_items(client)["SALT-1"]
    meta = meta_rows(client)[1]["SALT-1"]

    assert item["title"] == meta["title"] == "Salt & Pepper <Mill>"
    assert item["description"] == meta["description"] == 'Grinds Salt, "pepper" & more for you x()'
    _, raw = fetch(client, GOOGLE_PRODUCTS)
    assert "<g:title>Salt &amp; Pepper &lt;Mill&gt;</g:title>" in raw


def test_values_keep_within_the_channels_length_limits(client, db):
    VariantFactory(sku="LONG-1", options={}, product__name="Jumper " * 28, product__description="wool " * 2000)

    item = google_items(client)["LONG-1"]
    meta = meta_rows(client)[1]["LONG-1"]

    assert len(item["title"]) <= 150 and len(meta["title"]) <= 150 and item["title"].endswith("…")
    assert len(item["description"]) <= 5000 and len(meta["description"]) <= 5000


def test_csv_quotes_commas_and_quotes_and_tsv_fields_have_no_tab_or_newline(client, shop):
    VariantFactory(sku="ODD\tSKU\n1", options={}, product__name='Scarf, "long"', product__description="a,b")

    _, text = fetch(client, META_PRODUCTS)
    meta = {row[0]: row for row in csv.reader(io.StringIO(text, newline=""))}
    assert meta["ODD SKU 1"][2] == 'Scarf, "long"'
    assert '"Scarf, ""long"""' in text
    rows = local_rows(client)[1]  # asserts every line has exactly the header's fields
    assert ("OSL1", "ODD SKU 1") in rows
