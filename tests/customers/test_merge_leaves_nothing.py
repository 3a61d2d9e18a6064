"""A merge leaves nothing on the merged-away profile: its cart joins the survivor's, its marketing claims and
wishlist alerts move, in the merge's own transaction."""

from datetime import timedelta

import pytest
from django.utils import timezone

from customers.services import customer_merge
from marketing.models import MarketingEmail, WishlistAlert
from orders.models import Cart, CartLine
from tests.factories import CustomerFactory, StockLevelFactory, UserFactory, VariantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    survivor = CustomerFactory(email="kari@example.com", user=UserFactory())
    merged = CustomerFactory(email="kari.old@example.com")
    return survivor, merged


def _in_stock(**kwargs):
    variant = VariantFactory(**kwargs)
    StockLevelFactory(variant=variant, on_hand=20)
    return variant


def test_the_merged_profiles_cart_joins_the_survivors_with_quantities_added(pair):
    survivor, merged = pair
    shared, only_merged = _in_stock(), _in_stock()
    mine = Cart.objects.create(customer=survivor)
    theirs = Cart.objects.create(customer=merged)
    CartLine.objects.create(cart=mine, variant=shared, quantity=1, price_when_added=shared.price)
    CartLine.objects.create(cart=theirs, variant=shared, quantity=2, price_when_added=shared.price)
    CartLine.objects.create(cart=theirs, variant=only_merged, quantity=1, price_when_added=only_merged.price)

    customer_merge(survivor=survivor, merged=merged)

    assert not Cart.objects.filter(customer=merged).exists()
    lines = dict(CartLine.objects.filter(cart__customer=survivor).values_list("variant_id", "quantity"))
    assert lines == {shared.pk: 3, only_merged.pk: 1}


def test_a_survivor_without_a_cart_takes_the_merged_profiles_cart(pair):
    survivor, merged = pair
    variant = _in_stock()
    theirs = Cart.objects.create(customer=merged)
    CartLine.objects.create(cart=theirs, variant=variant, quantity=2, price_when_added=variant.price)

    customer_merge(survivor=survivor, merged=merged)

    assert list(CartLine.objects.filter(cart__customer=survivor).values_list("variant_id", "quantity")) == [
        (variant.pk, 2)
    ]


def test_marketing_claims_and_wishlist_alerts_move_and_none_is_sent_twice(pair):
    survivor, merged = pair
    variant, other = VariantFactory(), VariantFactory()
    now = timezone.now()
    MarketingEmail.objects.create(customer=survivor, kind="personal_pick", key="2026-W49")
    MarketingEmail.objects.create(customer=merged, kind="personal_pick", key="2026-W49")  # the same week, twice
    MarketingEmail.objects.create(customer=merged, kind="price_drop", key="2026-12-01")
    WishlistAlert.objects.create(customer=survivor, variant=variant, out_since=now)
    WishlistAlert.objects.create(customer=merged, variant=variant, out_since=now - timedelta(days=3))
    WishlistAlert.objects.create(customer=merged, variant=other, out_since=now)

    customer_merge(survivor=survivor, merged=merged)

    assert not MarketingEmail.objects.filter(customer=merged).exists()
    assert sorted(MarketingEmail.objects.filter(customer=survivor).values_list("kind", "key")) == [
        ("personal_pick", "2026-W49"),
        ("price_drop", "2026-12-01"),
    ]
    assert not WishlistAlert.objects.filter(customer=merged).exists()
    assert sorted(WishlistAlert.objects.filter(customer=survivor).values_list("variant_id", flat=True)) == sorted(
        [variant.pk, other.pk]
    )
