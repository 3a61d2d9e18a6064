"""What a signed-in shopper's shop pages need of them — home store and wishlist — read once per change.

Every page of a signed-in shopper shows their wishlist hearts and, on listings and product pages, their home
store first. Both change only when the shopper (or staff) changes them, so they are cached with a version of the
shopper's own (`shopper:<user id>`) that storefront.receivers bumps when the customer, a wishlist item or a merge
touches them (core.versions.bump_now_and_on_commit): the next request after the commit reads them anew.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from core.versions import bump_now_and_on_commit, cached_by_version
from customers.models import WishlistItem
from storefront.selectors import home_store_for

STATE_TIMEOUT = 60 * 60
# A shopper's version may expire: a new one is made on the next request, which only costs a rebuild.
VERSION_TIMEOUT = 24 * 60 * 60


@dataclass(frozen=True)
class ShopperState:
    home_store_id: int | None
    wishlist: frozenset[int]  # variant ids
    # New each time the state is read anew, i.e. after every change to the shopper: a key for their own pages.
    stamp: str = ""


NOBODY = ShopperState(home_store_id=None, wishlist=frozenset())


def shopper_changed(user_id: int | None) -> None:
    """The shopper's home store or wishlist changes in this transaction: read them anew (see core.versions)."""
    if user_id:
        bump_now_and_on_commit(f"shopper:{user_id}")


def _load(user) -> ShopperState:
    store = home_store_for(user)
    wishlist = WishlistItem.objects.filter(customer__user=user, customer__merged_into__isnull=True).values_list(
        "variant_id", flat=True
    )
    return ShopperState(
        home_store_id=store.pk if store else None, wishlist=frozenset(wishlist), stamp=secrets.token_hex(8)
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
                f"shopper:{user.pk}",
                f"shopper-state:{user.pk}",
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
