"""Factories and helpers for the accounts, wishlist and merge tests."""

from allauth.account.models import EmailAddress

from customers.services import customer_link_user
from tests.factories import (
    OrderFactory,
    OrderLineFactory,
    UserFactory,
)


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
