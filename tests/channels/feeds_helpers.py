"""A small shop for the feed tests, and reading a feed the way a channel does."""

import csv
import gzip
import io
import xml.etree.ElementTree as ET

from catalog.models import ProductImage
from inventory.models import Location
from tests.factories import LocationFactory, StockLevelFactory, VariantFactory, WarehouseFactory
from tests.orders.conftest import open_every_day

G = "{http://base.google.com/ns/1.0}"
GOOGLE_PRODUCTS = "/feeds/google/products.xml"
GOOGLE_LOCAL = "/feeds/google/local-inventory.tsv"
META_PRODUCTS = "/feeds/meta/products.csv"
FEEDS = [GOOGLE_PRODUCTS, GOOGLE_LOCAL, META_PRODUCTS]

# Google Merchant Center's product data attributes (support.google.com/merchants/answer/7052112), the names a
# `g:` element may have.
GOOGLE_ATTRIBUTES = {
    *(
        "id",
        "title",
        "description",
        "link",
        "image_link",
        "additional_image_link",
        "mobile_link",
        "lifestyle_image_link",
    ),
    *("availability", "availability_date", "cost_of_goods_sold", "expiration_date", "price", "sale_price"),
    *("sale_price_effective_date", "unit_pricing_measure", "unit_pricing_base_measure", "installment"),
    *("subscription_cost", "loyalty_program", "google_product_category", "product_type", "brand", "gtin", "mpn"),
    *("identifier_exists", "condition", "adult", "multipack", "is_bundle", "certification", "energy_efficiency_class"),
    *("age_group", "color", "gender", "material", "pattern", "size", "size_type", "size_system", "item_group_id"),
    *("product_length", "product_width", "product_height", "product_weight", "product_detail", "product_highlight"),
    *("ads_redirect", "custom_label_0", "custom_label_1", "custom_label_2", "custom_label_3", "custom_label_4"),
    *("promotion_id", "excluded_destination", "included_destination", "shopping_ads_excluded_country"),
    *("shipping", "shipping_label", "shipping_weight", "shipping_length", "shipping_width", "shipping_height"),
    *("ships_from_country", "transit_time_label", "max_handling_time", "min_handling_time", "tax", "tax_category"),
    *("pickup_method", "pickup_sla", "store_code", "link_template", "mobile_link_template"),
}


def body_of(response) -> bytes:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return gzip.decompress(data) if response.get("Content-Encoding") == "gzip" else data


def fetch(client, url, **headers) -> tuple:
    response = client.get(url, **headers)
    return response, body_of(response).decode()


def google_items(client) -> dict[str, dict[str, str]]:
    """Each item of the product feed by its id, as {attribute: value}; the XML read by a standard parser."""
    response, text = fetch(client, GOOGLE_PRODUCTS)
    assert response.status_code == 200
    root = ET.fromstring(text)  # noqa: S314 (our own feed, read as a channel would)
    items = {}
    for item in root.iter("item"):
        values = {child.tag.removeprefix(G): child.text or "" for child in item}
        assert values["id"] not in items, "an item is listed twice"
        items[values["id"]] = values
    return items


def local_rows(client) -> tuple[list[str], dict[tuple[str, str], dict[str, str]]]:
    response, text = fetch(client, GOOGLE_LOCAL)
    assert response.status_code == 200
    lines = text.splitlines()
    header = lines[0].split("\t")
    rows = {}
    for line in lines[1:]:
        fields = line.split("\t")
        assert len(fields) == len(header), line
        row = dict(zip(header, fields, strict=True))
        assert (row["store_code"], row["id"]) not in rows
        rows[row["store_code"], row["id"]] = row
    return header, rows


def meta_rows(client) -> tuple[list[str], dict[str, dict[str, str]]]:
    response, text = fetch(client, META_PRODUCTS)
    assert response.status_code == 200
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    rows = {}
    for fields in reader:
        row = dict(zip(header, fields, strict=True))
        assert row["id"] not in rows
        rows[row["id"]] = row
    return header, rows


def feed_shop():
    """Two pickup stores open every day (Oslo, Bergen), a store without pickup (Tromsø), a warehouse; a jumper in
    two sizes with stock everywhere and a picture."""
    oslo = open_every_day(LocationFactory(code="OSL1", name="Oslo"))
    bergen = open_every_day(LocationFactory(code="BGO1", name="Bergen"))
    tromso = LocationFactory(code="TOS1", name="Tromsø", is_pickup_point=False)
    warehouse = WarehouseFactory(code="WH1", name="Warehouse")
    medium = VariantFactory(
        sku="JUMP-M",
        gtin="7040000000017",
        price="499.00",
        options={"size": "M", "colour": "Blue"},
        product__name="Merino jumper",
        product__slug="merino-jumper",
        product__description="<p>Soft <b>merino</b> wool &amp; warm.</p>",
    )
    large = VariantFactory(
        sku="JUMP-L", price="499.00", options={"size": "L", "colour": "Blue"}, product=medium.product
    )
    ProductImage.objects.create(product=medium.product, url="https://images.example.com/jumper.jpg", alt_text="Jumper")
    for variant in (medium, large):
        for location in (oslo, bergen, tromso, warehouse):
            StockLevelFactory(location=location, variant=variant, on_hand=10)
    return {
        "oslo": oslo,
        "bergen": bergen,
        "tromso": tromso,
        "warehouse": warehouse,
        "medium": medium,
        "large": large,
        "stores": list(Location.objects.filter(kind=Location.Kind.STORE)),
    }
