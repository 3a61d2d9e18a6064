"""Who may change stock where: clerks receive and count at their own store, managers also adjust and transfer
from it, admins anywhere. Shared by the admin actions and the API."""

from django.core.exceptions import ObjectDoesNotExist

from customers.roles import ADMIN, CLERK, STORE_MANAGER, user_has_role

RECEIVE = "receive"
COUNT = "count"
ADJUST = "adjust"
TRANSFER = "transfer"  # create, ship and cancel, at the source
TRANSFER_RECEIVE = "transfer_receive"  # at the destination

ROLE_FOR = {RECEIVE: CLERK, COUNT: CLERK, ADJUST: STORE_MANAGER, TRANSFER: STORE_MANAGER, TRANSFER_RECEIVE: CLERK}


def home_location_id(user) -> int | None:
    """The store a staff user works in, if their staff profile says so."""
    try:
        return user.staff_profile.home_location_id
    except (AttributeError, ObjectDoesNotExist):
        return None


def can_change_stock(user, *, location_id: int, action: str) -> bool:
    """True when the user's role allows `action`, at their own store (admins: at any location)."""
    if user_has_role(user, ADMIN):
        return True
    return user_has_role(user, ROLE_FOR[action]) and home_location_id(user) == location_id
