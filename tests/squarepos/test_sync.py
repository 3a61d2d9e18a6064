"""Linking stores, the catalog and the stock counts out to Square, through the real SDK against the fake Square."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from catalog.models import Variant
from inventory.models import Location
from inventory.services import StockLine, stock_receive, stock_reserve, stock_sell
from squarepos.catalog import catalog_sync
from squarepos.client import SquareCallInTransaction
from squarepos.models import SquareItem, SquareSync, SquareVariation
from squarepos.stock import stock_sync
from squarepos.tasks import square_stock_push

pytestmark = pytest.mark.django_db


def test_square_link_lists_squares_locations_with_id_name_and_address(square):
    out = StringIO()
    call_command("square_link", "--list", stdout=out)

    assert "LOSL1\tOslo Sentrum\tKarl Johans gate 1, 0154, Oslo, NO\tACTIVE" in out.getvalue()
    assert "LBGO1\tBergen Torget" in out.getvalue()


def test_square_link_links_a_store_to_a_location_square_knows(shop, square):
    out = StringIO()
    call_command("square_link", "OSL1", "LOSL1", stdout=out)

    assert Location.objects.get(code="OSL1").square_location_id == "LOSL1"
    assert "Oslo Sentrum (OSL1) is linked to Square location LOSL1." in out.getvalue()


@pytest.mark.parametrize(
    ("code", "square_id", "message"),
    [
        ("WH1", "LOSL1", "is not a store"),
        ("OSL1", "LNOPE", "Square has no location LNOPE"),
        ("NOPE", "LOSL1", "There is no location NOPE"),
    ],
)
def test_square_link_refuses_the_warehouse_and_locations_square_does_not_know(shop, square, code, square_id, message):
    with pytest.raises(CommandError, match=message):
        call_command("square_link", code, square_id, stdout=StringIO())

    assert not Location.objects.exclude(square_location_id="").exists()


def test_the_database_refuses_a_linked_warehouse(shop):
    from django.core.exceptions import ValidationError

    warehouse = shop["warehouse"]
    warehouse.square_location_id = "LOSL1"
    with pytest.raises(ValidationError, match="never the warehouse"):
        warehouse.full_clean()


def test_catalog_goes_out_as_items_with_sku_gtin_price_at_linked_locations_only(linked, square):
    jacket = linked["jacket"]
    variation = square.variation(jacket.sku)

    data = variation["item_variation_data"]
    assert data["price_money"] == {"amount": 49900, "currency": "NOK"}
    assert data["sku"] == jacket.sku and data["pricing_type"] == "FIXED_PRICING"
    assert variation["present_at_all_locations"] is False and variation["present_at_location_ids"] == ["LOSL1"]
    item = square.catalog[data["item_id"]]
    assert item["item_data"]["name"] == "Rain jacket"
    assert SquareVariation.objects.get(variant=jacket).square_id == variation["id"]
    assert SquareItem.objects.get(product=jacket.product).square_id == item["id"]


def test_a_gtin_goes_out_as_the_variations_upc(shop, square):
    Variant.objects.filter(pk=shop["cap"].pk).update(gtin="7040000000017")
    call_command("square_link", "OSL1", "LOSL1", stdout=StringIO())

    catalog_sync()

    assert square.variation(shop["cap"].sku)["item_variation_data"]["upc"] == "7040000000017"


def test_a_second_sync_with_nothing_changed_sends_no_catalog_object(linked, square):
    before = len(square.sent("/v2/catalog"))

    outcome = catalog_sync()

    assert (outcome.objects, outcome.requests) == (0, 0)
    assert len(square.sent("/v2/catalog")) == before


def test_a_price_change_sends_that_product_again_under_its_square_ids(linked, square):
    jacket = linked["jacket"]
    first_id = square.variation(jacket.sku)["id"]
    Variant.objects.filter(pk=jacket.pk).update(price=Decimal("549.00"))

    outcome = catalog_sync()

    assert outcome.objects == 2 and outcome.errors == []  # the jacket's item and its one variation
    assert square.variation(jacket.sku)["id"] == first_id
    assert square.variation(jacket.sku)["item_variation_data"]["price_money"]["amount"] == 54900
    assert len(square.catalog) == 2


def test_a_deactivated_variant_becomes_unavailable_at_every_location(linked, square):
    Variant.objects.filter(pk=linked["cap"].pk).update(is_active=False)

    catalog_sync()

    assert square.variation(linked["cap"].sku)["present_at_location_ids"] == []
    assert square.variation(linked["jacket"].sku)["present_at_location_ids"] == ["LOSL1"]


def test_square_sync_prints_a_summary_and_keeps_each_stores_last_sync(shop, square):
    call_command("square_link", "OSL1", "LOSL1", stdout=StringIO())
    out = StringIO()

    call_command("square_sync", "--no-progress", stdout=out)

    assert "Catalog: 2 looked at, 4 objects sent in 1 requests" in out.getvalue()
    assert "Stock: 2 looked at, 2 objects sent in 1 requests" in out.getvalue()
    rows = {row.kind: row for row in SquareSync.objects.filter(location=shop["store"])}
    assert (rows["catalog"].sent, rows["stock"].sent, rows["stock"].errors) == (4, 2, "")


def test_stock_out_is_on_hand_less_reserved_as_an_in_stock_physical_count(linked, square):
    store, jacket = linked["store"], linked["jacket"]
    stock_reserve(location=store, lines=[StockLine(jacket.pk, 2)], reference="WEB-1")

    stock_sync(full=True)

    variation_id = square.variation(jacket.sku)["id"]
    assert square.counts[("LOSL1", variation_id)] == "3"  # 5 on hand, 2 held for a web order


def test_a_stock_movement_reaches_square_with_the_next_beat_and_only_that_level(linked, square):
    store, jacket = linked["store"], linked["jacket"]
    stock_sync(full=True)
    sent_before = len(square.sent("/v2/inventory"))
    stock_sell(location=store, lines=[StockLine(jacket.pk, 1)], reference="TILL-1")

    assert square_stock_push() == 1

    assert square.counts[("LOSL1", square.variation(jacket.sku)["id"])] == "4"
    assert len(square.sent("/v2/inventory")) == sent_before + 1
    assert square_stock_push() == 0  # nothing changed since: nothing sent


def test_stock_counts_go_in_requests_of_at_most_100_changes(shop, square):
    from tests.factories import VariantFactory

    store = shop["store"]
    for variant in VariantFactory.create_batch(150):
        stock_receive(location=store, variant=variant, quantity=1, reason="delivery")
    call_command("square_link", "OSL1", "LOSL1", stdout=StringIO())
    catalog_sync()

    outcome = stock_sync(full=True)

    assert (outcome.objects, outcome.requests, outcome.errors) == (152, 2, [])
    assert [r["changes"] for r in square.sent("/v2/inventory")] == [100, 52]


def test_square_is_never_called_inside_a_transaction(linked):
    with transaction.atomic(), pytest.raises(SquareCallInTransaction):
        catalog_sync()


def test_without_a_token_the_connector_is_off_and_beat_sends_nothing(linked, square, settings):
    settings.SQUARE_ACCESS_TOKEN = ""
    stock_sell(location=linked["store"], lines=[StockLine(linked["jacket"].pk, 1)], reference="TILL-1")
    sent = len(square.requests)

    assert square_stock_push() == 0
    assert len(square.requests) == sent
    with pytest.raises(CommandError, match="connector is off"):
        call_command("square_sync", "--no-progress", stdout=StringIO())


def test_a_variant_new_to_square_gets_its_count_at_the_next_beat(linked, square):
    from tests.factories import VariantFactory

    stock_sync(full=True)
    boots = VariantFactory(product__name="Boots", price=Decimal("999.00"))
    stock_receive(location=linked["store"], variant=boots, quantity=4, reason="delivery")
    assert square_stock_push() == 0  # Square has no variation for them yet
    catalog_sync()

    assert square_stock_push() == 1

    assert square.counts[("LOSL1", square.variation(boots.sku)["id"])] == "4"
