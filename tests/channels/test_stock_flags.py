"""Stock flags for a page of product cards: in stock at a store, sellable online, in one query."""

import pytest

from channels.selectors import stock_flags_by_product
from inventory.models import StockLevel
from inventory.services import StockLine, stock_receive, stock_reserve
from tests.factories import LocationFactory, VariantFactory

pytestmark = pytest.mark.django_db


def test_stock_flags_of_a_grid_follow_stores_buffers_reservations_and_inactive_rows(django_assert_num_queries):
    store, strict = LocationFactory(), LocationFactory(default_online_buffer=5)
    closed = LocationFactory()
    everywhere, shelf_only, override, closed_only, retired, held = (VariantFactory() for _ in range(6))
    stock_receive(location=store, variant=everywhere, quantity=3, reason="delivery")
    stock_receive(location=strict, variant=shelf_only, quantity=2, reason="delivery")
    stock_receive(location=strict, variant=override, quantity=2, reason="delivery")
    StockLevel.objects.filter(location=strict, variant=override).update(online_buffer=0)  # staff: no buffer here
    stock_receive(location=closed, variant=closed_only, quantity=9, reason="delivery")
    closed.is_active = False
    closed.save()
    stock_receive(location=store, variant=retired, quantity=4, reason="delivery")
    retired.is_active = False
    retired.save()
    VariantFactory(product=retired.product)  # the product's other variant, with nothing anywhere
    stock_receive(location=store, variant=held, quantity=2, reason="delivery")
    stock_reserve(location=store, lines=[StockLine(held.id, 2)], reference="W-9")
    no_variants = VariantFactory(is_active=False).product
    products = [v.product_id for v in (everywhere, shelf_only, override, closed_only, retired, held)]

    with django_assert_num_queries(1):
        flags = stock_flags_by_product(product_ids=[*products, no_variants.pk])

    assert {pid: (f.in_stock, f.online) for pid, f in flags.items()} == {
        everywhere.product_id: (True, True),
        shelf_only.product_id: (True, False),  # 2 on the shelf, 5 kept back from the web
        override.product_id: (True, True),
        closed_only.product_id: (False, False),
        retired.product_id: (False, False),
        held.product_id: (False, False),
    }
