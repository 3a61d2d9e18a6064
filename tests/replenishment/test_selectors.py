"""Reorder suggestions: fast movers first, counting fulfilled web orders and stock on its way, in one query."""

from datetime import timedelta

import pytest
from django.utils import timezone

from inventory.models import StockLevel, StockMovement
from inventory.services import StockLine, stock_fulfil, stock_receive, stock_reserve, stock_sell
from replenishment.selectors import reorder_suggestions
from tests.factories import VariantFactory
from transfers.services import transfer_create, transfer_ship

pytestmark = pytest.mark.django_db


def _sell(location, variant, units, *, days_ago=1):
    moved = stock_sell(
        location=location, lines=[StockLine(variant.id, units)], reference=f"POS-{variant.id}-{days_ago}"
    )
    StockMovement.objects.filter(pk__in=[m.pk for m in moved]).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )


def test_reorder_suggestions_put_fast_movers_first(store):
    slow, fast, idle, healthy = (VariantFactory(sku=s) for s in ("SLOW", "FAST", "IDLE", "HEALTHY"))
    for variant in (slow, fast, idle, healthy):
        stock_receive(location=store, variant=variant, quantity=100)
        StockLevel.objects.filter(variant=variant).update(reorder_point=10, reorder_quantity=20)
    _sell(store, fast, 95)
    _sell(store, slow, 92)
    _sell(store, healthy, 30)
    stock_sell(location=store, lines=[StockLine(idle.id, 95)], reference="old")
    StockMovement.objects.filter(reference="old").update(created_at=timezone.now() - timedelta(days=60))

    suggestions = reorder_suggestions(location=store)

    assert [s.sku for s in suggestions] == ["FAST", "SLOW", "IDLE"]
    fast_row = suggestions[0]
    assert fast_row.sold == 95 and fast_row.position == 5
    assert fast_row.velocity == pytest.approx(95 / 30)
    assert fast_row.days_of_cover == pytest.approx(5 / (95 / 30))
    assert fast_row.suggested_quantity == 10 + 95 - 5
    assert suggestions[2].days_of_cover is None and suggestions[2].suggested_quantity == 20


def test_reorder_counts_fulfilled_web_orders_and_stock_in_transit(store, warehouse):
    variant = VariantFactory()
    stock_receive(location=store, variant=variant, quantity=10)
    stock_receive(location=warehouse, variant=variant, quantity=50)
    StockLevel.objects.filter(location=store).update(reorder_point=5)
    stock_reserve(location=store, lines=[StockLine(variant.id, 8)], reference="W-1")
    stock_fulfil(reference="W-1")

    assert [s.sold for s in reorder_suggestions(location=store)] == [8]

    transfer_ship(transfer=transfer_create(source=warehouse, destination=store, lines=[StockLine(variant.id, 20)]))
    assert reorder_suggestions(location=store) == []


def test_fast_mover_above_its_reorder_point_is_suggested_when_cover_is_short(store):
    variant = VariantFactory()
    stock_receive(location=store, variant=variant, quantity=100)
    _sell(store, variant, 90)  # 3 a day, 10 left: about 3 days of cover
    [suggestion] = reorder_suggestions(location=store)
    assert suggestion.days_of_cover == pytest.approx(10 / 3)


def test_reorder_suggestions_query_count_is_constant(store, django_assert_num_queries):
    for _ in range(5):
        variant = VariantFactory()
        stock_receive(location=store, variant=variant, quantity=1)
        StockLevel.objects.filter(variant=variant).update(reorder_point=3)
    with django_assert_num_queries(1):
        suggestions = reorder_suggestions()
        [s.stock_level.variant.product.name for s in suggestions]
    assert len(suggestions) == 5
