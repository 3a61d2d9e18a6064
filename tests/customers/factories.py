"""Factories and helpers for the accounts, wishlist and merge tests."""

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from customers.models import Channel, TimelineEvent, WishlistItem
from customers.services import customer_link_user
from inventory.models import StockLevel
from loyalty.models import LoyaltyAccount, PointsEntry
from tests.factories import (
    CustomerFactory,
    LocationFactory,
    OrderFactory,
    OrderLineFactory,
    UserFactory,
    VariantFactory,
)


class StockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StockLevel
        django_get_or_create = ("location", "variant")

    location = factory.SubFactory(LocationFactory)
    variant = factory.SubFactory(VariantFactory)
    on_hand = 5


class WishlistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WishlistItem

    customer = factory.SubFactory(CustomerFactory)
    variant = factory.SubFactory(VariantFactory)


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LoyaltyAccount
        django_get_or_create = ("customer",)

    customer = factory.SubFactory(CustomerFactory)


class PointsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PointsEntry

    account = factory.SubFactory(AccountFactory)
    kind = PointsEntry.Kind.EARN
    points = 100
    key = factory.Sequence(lambda n: f"points-{n}")
    description = "Purchase"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimelineEvent

    customer = factory.SubFactory(CustomerFactory)
    kind = TimelineEvent.Kind.ORDER_PLACED
    channel = Channel.STORE
    summary = "Bought something"
    occurred_at = factory.LazyFunction(timezone.now)


def verified_user(email: str, *, verified: bool = True, **kwargs):
    """A web user whose address allauth knows, verified or not (no customer yet)."""
    user = UserFactory(username=email, email=email, **kwargs)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def shopper(email: str):
    """A verified web shopper with their customer profile, as after sign-up and verification."""
    user = verified_user(email)
    customer = customer_link_user(user=user, email=email)
    return user, customer


def order_with_lines(customer, *, lines: int = 2, **kwargs):
    order = OrderFactory(customer=customer, **kwargs)
    for _ in range(lines):
        OrderLineFactory(order=order)
    return order
