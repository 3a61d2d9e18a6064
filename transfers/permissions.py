"""Who may draft, ship, receive and cancel a transfer: the role's permission says what, inventory's per-store rule
(core/store_scope.py) says where. Shipping and cancelling are the source's; receiving is the destination's."""

from core.roles import is_staff_with
from core.store_scope import may_act_at
from inventory.models import Location

SEND = "transfers.send_transfer"  # create, ship and cancel, at the source
RECEIVE = "transfers.receive_transfer"  # at the destination
DRAFT_TRANSFER_REFUSED = "A transfer is drafted from your own store, or to your store from a warehouse."


def may(user, perm: str) -> bool:
    """The user's role allows `perm` (SEND or RECEIVE) somewhere (their own store at least)."""
    return is_staff_with(user, perm)


def may_at(user, perm: str, *, location_id: int) -> bool:
    """The user may use `perm` at that location: at their own store, or anywhere with inventory.act_anywhere."""
    return may(user, perm) and may_act_at(user, location_id=location_id)


def can_draft_transfer(user, *, source: Location, destination: Location) -> bool:
    """A draft moves no stock, so either end with a say may draft it: the sender, from its own shelves, or a store
    asking the warehouse, which is there to supply the stores (the reorder page); never a store pulling another
    store's stock, which is that store's to send. Shipping and cancelling stay with the source (may_at)."""
    if may_at(user, SEND, location_id=source.pk):
        return True
    return source.kind == Location.Kind.WAREHOUSE and may_at(user, SEND, location_id=destination.pk)
