"""What a signed-in shopper's shop pages need of them — home store, wishlist, language — read once per change.

Every page of a signed-in shopper shows their wishlist hearts and, on listings and product pages, their home
store first, in the language saved on their profile (storefront.middleware). Both change only when the shopper (or staff) changes them, so they are cached with a version of the
shopper's own (`shopper:<user id>`) that storefront.receivers bumps when the customer, a wishlist item or a merge
touches them (core.versions.bump_now_and_on_commit): the next request after the commit reads them anew.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.utils.translation import get_language

from core.versions import bump_now_and_on_commit, cached_by_version
from customers.language import language_supported
from customers.models import Customer, WishlistItem
from customers.services import customer_language_set
from inventory.models import Location

STATE_TIMEOUT = 60 * 60
# A shopper's version may expire: a new one is made on the next request, which only costs a rebuild.
VERSION_TIMEOUT = 24 * 60 * 60


@dataclass(frozen=True)
class ShopperState:
    home_store_id: int | None
    wishlist: frozenset[int]  # variant ids
    language: str = ""  # the one saved on the profile; empty: none chosen
    # New each time the state is read anew, i.e. after every change to the shopper: a key for their own pages.
    stamp: str = ""


NOBODY = ShopperState(home_store_id=None, wishlist=frozenset())


def shopper_version(user_id) -> str:
    """The name of the shopper's own version (core.versions)."""
    return f"shopper:{user_id}"


def shopper_state_key(user_id) -> str:
    return f"shopper-state:{user_id}"


def shopper_changed(user_id: int | None) -> None:
    """The shopper's home store or wishlist changes in this transaction: read them anew (see core.versions)."""
    if user_id:
        bump_now_and_on_commit(shopper_version(user_id))


def _load(user) -> ShopperState:
    customer = (
        Customer.objects.select_related("home_store")
        .filter(user=user, merged_into__isnull=True)
        .only("language", "home_store")
        .first()
    )
    store = customer.home_store if customer else None
    if store is not None and not (store.is_active and store.kind == Location.Kind.STORE):
        store = None  # a closed store or a warehouse is no home store
    wishlist = WishlistItem.objects.filter(customer__user=user, customer__merged_into__isnull=True).values_list(
        "variant_id", flat=True
    )
    return ShopperState(
        home_store_id=store.pk if store else None,
        wishlist=frozenset(wishlist),
        language=customer.language if customer else "",
        stamp=secrets.token_hex(8),
    )


def shopper_state(request) -> ShopperState:
    """This request's shopper's state, asked once per request (nothing for a visitor)."""
    state = getattr(request, "_shopper_state", None)
    if state is None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            state = NOBODY
        else:
            state = cached_by_version(
                shopper_version(user.pk),
                shopper_state_key(user.pk),
                lambda: _load(user),
                timeout=STATE_TIMEOUT,
                version_timeout=VERSION_TIMEOUT,
            )
        request._shopper_state = state
    return state


def shopper_key(request) -> str:
    """What a page of the shopper's own (their wishlist) depends on of them, for its cache key."""
    user = request.user
    return f"{user.pk}:{shopper_state(request).stamp}" if user.is_authenticated else ""


def shopper_language_remember(*, customer) -> None:
    """The customer (a guest too) is reading the shop in the active language: keep it on their profile, so what is
    sent to them later, by whoever, is written in it (checkout, after its transaction has committed)."""
    language = get_language()
    if customer is not None and language_supported(language) and customer.language != language:
        customer_language_set(customer=customer, language=language)
