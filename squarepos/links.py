"""Which of our stores sells at which Square location: read Square's locations, link one store to one of them."""

from dataclasses import dataclass

from django.db import transaction

from core.exceptions import InvalidRequest
from inventory.models import Location
from squarepos.client import square_client


class LinkRefused(InvalidRequest):
    """A store that cannot be linked to that Square location, and why."""


@dataclass(frozen=True)
class SquareLocation:
    id: str
    name: str
    address: str
    status: str


def _address(address) -> str:
    if address is None:
        return ""
    parts = [address.address_line1, address.postal_code, address.locality, address.country]
    return ", ".join(str(p) for p in parts if p)


def square_locations() -> list[SquareLocation]:
    """Square's locations of this seller (GET /v2/locations), as Square lists them."""
    found = square_client().locations.list().locations or []
    return [
        SquareLocation(id=loc.id, name=loc.name or "", address=_address(loc.address), status=loc.status or "")
        for loc in found
    ]


def linked_stores() -> list[Location]:
    """Our active stores that have a Square location, by code."""
    return list(
        Location.objects.filter(kind=Location.Kind.STORE, is_active=True)
        .exclude(square_location_id="")
        .order_by("code")
    )


def store_link(*, code: str, square_location_id: str) -> Location:
    """Link our store `code` to a Square location that Square says exists; the warehouse is never linked."""
    square_ids = {loc.id for loc in square_locations()}  # asked before the transaction: no call while it is open
    with transaction.atomic():
        store = Location.objects.select_for_update().filter(code=code).first()
        if store is None:
            raise LinkRefused(f"There is no location {code}.", field="code")
        if store.kind != Location.Kind.STORE:
            raise LinkRefused(f"{store.name} ({code}) is not a store; only stores sell at a Square till.", field="code")
        if square_location_id not in square_ids:
            raise LinkRefused(f"Square has no location {square_location_id}.", field="square_location_id")
        other = Location.objects.filter(square_location_id=square_location_id).exclude(pk=store.pk).first()
        if other is not None:
            raise LinkRefused(f"{other.name} ({other.code}) is already linked to {square_location_id}.")
        store.square_location_id = square_location_id
        store.save(update_fields=["square_location_id"])
    return store
