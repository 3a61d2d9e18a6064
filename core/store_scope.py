"""Who may do what at which store: the one per-store rule of the staff console (the admin), the API and the desk.

A role's permission (granted to the clerk, store manager and admin groups) says *what* a staff member may do; their
store (their staff profile) says *where*. Staff see their own store's stock, transfers, pickups, orders and returns,
or every store's with `inventory.see_anywhere` (store managers); they change them at their own store only, or
anywhere with `inventory.act_anywhere` (admins). Something of no store (a web order shipped from nowhere yet, a
marketplace's token) is for staff who act anywhere.
"""

from collections.abc import Iterable

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.roles import is_staff_with

RECEIVE = "receive"
COUNT = "count"
ADJUST = "adjust"

PERMISSION_FOR = {
    RECEIVE: "inventory.receive_stock",
    COUNT: "inventory.count_stock",
    ADJUST: "inventory.adjust_stock",
}
ANYWHERE = "inventory.act_anywhere"
SEE_ANYWHERE = "inventory.see_anywhere"
NOT_YOUR_STORE = _("Not your store")
# The model of a store (inventory's, above core): what a path to "its location" ends at.
LOCATION_MODEL = "inventory.Location"


def home_location_id(user) -> int | None:
    """The store a staff user works in, if their staff profile says so."""
    try:
        return user.staff_profile.home_location_id
    except (AttributeError, ObjectDoesNotExist):
        return None


def acts_everywhere(user) -> bool:
    """Staff who may change things at every location (admins)."""
    return is_staff_with(user, ANYWHERE)


def sees_everywhere(user) -> bool:
    """Staff who may read every location's records (store managers, and whoever may act everywhere)."""
    return is_staff_with(user, SEE_ANYWHERE) or acts_everywhere(user)


def may_act_at(user, *, location_id: int | None) -> bool:
    """The user may change things at that location: their own store, or anywhere with act_anywhere."""
    if acts_everywhere(user):
        return True
    return _is_home(user, location_id)


def may_see_at(user, *, location_id: int | None) -> bool:
    """The user may read that location's records: their own store, or every store with see_anywhere."""
    if sees_everywhere(user):
        return True
    return _is_home(user, location_id)


def _is_staff(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def _is_home(user, location_id: int | None) -> bool:
    home = home_location_id(user) if _is_staff(user) else None
    return home is not None and home == location_id


def scope_seen(queryset: QuerySet, *, user, paths: Iterable[str]) -> QuerySet:
    """What of `queryset` the user may read: rows whose location at any of `paths` (lookups to a Location, e.g.
    "location", "order__location", "pk") is theirs, or every row for staff who see everywhere."""
    return queryset if sees_everywhere(user) else _at_home(queryset, user=user, paths=paths)


def scope_acted(queryset: QuerySet, *, user, paths: Iterable[str]) -> QuerySet:
    """What of `queryset` the user may change: rows at their own store by any of `paths`, or all for act_anywhere."""
    return queryset if acts_everywhere(user) else _at_home(queryset, user=user, paths=paths)


def _at_home(queryset: QuerySet, *, user, paths: Iterable[str]) -> QuerySet:
    home = home_location_id(user) if _is_staff(user) else None
    if home is None:
        return queryset.none()
    at_home = Q()
    for path in paths:
        at_home |= Q(**{path: home})
    return queryset.filter(at_home)


def location_ids(obj: Model, *, paths: Iterable[str]) -> list[int | None]:
    """The locations an object belongs to, read from its loaded attributes along each path."""
    found = []
    for path in paths:
        *through, last = path.split("__")
        target = obj
        for name in through:
            target = getattr(target, name, None)
        if target is None:
            found.append(None)
        elif last == "pk":
            found.append(target.pk)
        else:
            found.append(getattr(target, target._meta.get_field(last).attname))
    return found


def may_see(user, obj: Model, *, paths: Iterable[str]) -> bool:
    """The user may read this object: it belongs to a location they may read."""
    return sees_everywhere(user) or any(may_see_at(user, location_id=i) for i in location_ids(obj, paths=paths))


def may_act_on(user, obj: Model, *, paths: Iterable[str]) -> bool:
    """The user may change this object: it belongs to a location where they may act."""
    return acts_everywhere(user) or any(may_act_at(user, location_id=i) for i in location_ids(obj, paths=paths))


def may(user, action: str) -> bool:
    """The user's role allows `action` somewhere (their own store at least)."""
    return is_staff_with(user, PERMISSION_FOR[action])


def can_change_stock(user, *, location_id: int, action: str) -> bool:
    """True when the user may do `action` at that location: at their own store, or anywhere with act_anywhere."""
    return may(user, action) and may_act_at(user, location_id=location_id)
