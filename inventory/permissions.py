"""Who may change stock where: each action is a Django permission (granted to the clerk, store manager and admin
groups); it applies at the user's own store, or anywhere with `inventory.act_anywhere`. Shared by the admin and the API."""

from django.core.exceptions import ObjectDoesNotExist

from core.roles import is_staff_with
from inventory.models import Location

RECEIVE = "receive"
COUNT = "count"
ADJUST = "adjust"
TRANSFER = "transfer"  # create, ship and cancel, at the source
TRANSFER_RECEIVE = "transfer_receive"  # at the destination

PERMISSION_FOR = {
    RECEIVE: "inventory.receive_stock",
    COUNT: "inventory.count_stock",
    ADJUST: "inventory.adjust_stock",
    TRANSFER: "inventory.send_transfer",
    TRANSFER_RECEIVE: "inventory.receive_transfer",
}
ANYWHERE = "inventory.act_anywhere"
DRAFT_TRANSFER_REFUSED = "A transfer is drafted from your own store, or to your store from a warehouse."


def home_location_id(user) -> int | None:
    """The store a staff user works in, if their staff profile says so."""
    try:
        return user.staff_profile.home_location_id
    except (AttributeError, ObjectDoesNotExist):
        return None


def may(user, action: str) -> bool:
    """The user's role allows `action` somewhere (their own store at least)."""
    return is_staff_with(user, PERMISSION_FOR[action])


def can_change_stock(user, *, location_id: int, action: str) -> bool:
    """True when the user may do `action` at that location: at their own store, or anywhere with act_anywhere."""
    if not may(user, action):
        return False
    return user.has_perm(ANYWHERE) or home_location_id(user) == location_id


def can_draft_transfer(user, *, source: Location, destination: Location) -> bool:
    """A draft moves no stock, so either end with a say may draft it: the sender, from its own shelves, or a store
    asking the warehouse, which is there to supply the stores (the reorder page); never a store pulling another
    store's stock, which is that store's to send. Shipping and cancelling stay with the source (can_change_stock)."""
    if can_change_stock(user, location_id=source.pk, action=TRANSFER):
        return True
    return source.kind == Location.Kind.WAREHOUSE and can_change_stock(
        user, location_id=destination.pk, action=TRANSFER
    )
