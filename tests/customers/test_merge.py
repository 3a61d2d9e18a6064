"""Merging two profiles of one person: everything moves to the survivor, nothing is lost, twice is once."""

import pytest
from django.urls import reverse

from customers.exceptions import MergeRefused
from customers.models import Customer, TimelineEvent, WishlistItem
from customers.services import customer_merge, customer_resolve
from loyalty.selectors import points_balance
from tests.customers.factories import order_with_lines
from tests.factories import (
    CustomerFactory,
    PointsEntryFactory,
    StaffFactory,
    TimelineEventFactory,
    UserFactory,
    VariantFactory,
    WishlistItemFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    survivor = CustomerFactory(email="kari@example.com", phone=None, user=UserFactory())
    merged = CustomerFactory(email="kari.old@example.com", phone="+4791234567", first_name="Kari")
    return survivor, merged


def test_merge_moves_orders_wishlist_points_and_timeline(pair):
    survivor, merged = pair
    shared = VariantFactory()
    WishlistItemFactory(customer=survivor, variant=shared)
    WishlistItemFactory(customer=merged, variant=shared)
    WishlistItemFactory(customer=merged)
    order_with_lines(survivor)
    order_with_lines(merged)
    order_with_lines(merged)
    PointsEntryFactory(account__customer=survivor, points=100)
    PointsEntryFactory(account__customer=merged, points=250)
    TimelineEventFactory(customer=merged, summary="Bought a lamp in Bergen")

    customer_merge(survivor=survivor, merged=merged)

    assert survivor.orders.count() == 3
    assert WishlistItem.objects.filter(customer=survivor).count() == 2, "the shared variant is kept once"
    assert points_balance(customer=survivor) == 350
    assert survivor.timeline.filter(summary="Bought a lamp in Bergen").exists()
    assert survivor.timeline.filter(kind=TimelineEvent.Kind.MERGED).exists()
    assert not merged.orders.exists() and not merged.wishlist_items.exists()
    assert points_balance(customer=merged) == 0


def test_merged_away_profile_stays_as_a_tombstone_and_blank_fields_are_filled(pair):
    survivor, merged = pair
    customer_merge(survivor=survivor, merged=merged)
    merged.refresh_from_db()
    survivor.refresh_from_db()
    assert merged.merged_into_id == survivor.pk and merged.merged_at is not None
    assert survivor.phone == "+4791234567", "the survivor had no phone; it takes the merged one's"
    assert survivor.email == "kari@example.com", "the survivor's own email is kept"
    assert customer_resolve(phone="91234567", channel="store").pk == survivor.pk
    assert customer_resolve(card=merged.card_number, channel="store").pk == survivor.pk


def test_merge_moves_the_web_account_when_the_survivor_has_none():
    user = UserFactory()
    survivor = CustomerFactory()
    merged = CustomerFactory(user=user)
    customer_merge(survivor=survivor, merged=merged)
    survivor.refresh_from_db()
    assert survivor.user == user
    assert Customer.objects.get(pk=merged.pk).user is None


def test_merging_again_changes_nothing(pair):
    survivor, merged = pair
    order_with_lines(merged)
    customer_merge(survivor=survivor, merged=merged)
    events = TimelineEvent.objects.count()
    customer_merge(survivor=survivor, merged=merged)
    assert TimelineEvent.objects.count() == events
    assert survivor.orders.count() == 1


def test_two_web_accounts_are_not_merged():
    a, b = CustomerFactory(user=UserFactory()), CustomerFactory(user=UserFactory())
    order_with_lines(b)
    with pytest.raises(MergeRefused):
        customer_merge(survivor=a, merged=b)
    assert b.orders.count() == 1


def test_a_customer_is_not_merged_into_itself_or_a_tombstone(pair):
    survivor, merged = pair
    with pytest.raises(MergeRefused):
        customer_merge(survivor=survivor, merged=survivor)
    customer_merge(survivor=survivor, merged=merged)
    with pytest.raises(MergeRefused):
        customer_merge(survivor=merged, merged=CustomerFactory())


def test_earlier_tombstones_follow_to_the_new_survivor():
    a, b, c = CustomerFactory(), CustomerFactory(), CustomerFactory()
    customer_merge(survivor=b, merged=a)
    customer_merge(survivor=c, merged=b)
    a.refresh_from_db()
    assert a.merged_into_id == c.pk


def test_admin_merge_action_shows_what_moves_then_merges_into_the_chosen_one(client, pair):
    survivor, merged = pair
    order_with_lines(merged)
    manager = StaffFactory(role="store manager")
    client.force_login(manager)
    url = reverse("admin:customers_customer_changelist")
    ids = [str(survivor.pk), str(merged.pk)]

    page = client.post(url, {"action": "merge_selected", "_selected_action": ids})
    assert page.status_code == 200
    assert "Choose the profile to" in page.content.decode()
    assert merged.card_number in page.content.decode()

    done = client.post(
        url, {"action": "merge_selected", "_selected_action": ids, "confirm": "yes", "survivor": str(survivor.pk)}
    )
    assert done.status_code == 302
    merged.refresh_from_db()
    assert merged.merged_into_id == survivor.pk
    assert survivor.orders.count() == 1


def test_a_clerk_cannot_merge(client, pair):
    survivor, merged = pair
    client.force_login(StaffFactory(role="clerk"))
    url = reverse("admin:customers_customer_changelist")
    client.post(
        url,
        {
            "action": "merge_selected",
            "_selected_action": [survivor.pk, merged.pk],
            "confirm": "yes",
            "survivor": survivor.pk,
        },
    )
    merged.refresh_from_db()
    assert merged.merged_into_id is None
