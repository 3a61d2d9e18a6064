"""Factories for the clerk console's tests: stock on shelves, wishlist items and points."""

import factory
from django.utils import timezone

from customers.models import TimelineEvent, WishlistItem
from inventory.models import StockLevel
from loyalty.models import LoyaltyAccount, PointsEntry
from tests.factories import CustomerFactory, LocationFactory, VariantFactory


class StockLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StockLevel
        django_get_or_create = ("location", "variant")

    location = factory.SubFactory(LocationFactory)
    variant = factory.SubFactory(VariantFactory)
    on_hand = 5
    reserved = 0


class WishlistItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WishlistItem

    customer = factory.SubFactory(CustomerFactory)
    variant = factory.SubFactory(VariantFactory)
    source = WishlistItem.Source.WEB


class LoyaltyAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LoyaltyAccount
        django_get_or_create = ("customer",)

    customer = factory.SubFactory(CustomerFactory)


class PointsEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PointsEntry

    account = factory.SubFactory(LoyaltyAccountFactory)
    kind = PointsEntry.Kind.EARN
    points = 100
    key = factory.Sequence(lambda n: f"test-points-{n}")


class TimelineEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimelineEvent

    customer = factory.SubFactory(CustomerFactory)
    kind = TimelineEvent.Kind.ORDER_PLACED
    summary = factory.Sequence(lambda n: f"Placed order T-{n}")
    occurred_at = factory.LazyFunction(timezone.now)
