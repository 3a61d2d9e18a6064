"""Reads of transfers: what is on its way to a location."""

from django.db.models import OuterRef, QuerySet, Sum

from inventory.models import Location
from transfers.models import Transfer, TransferLine


def in_transit_to(*, location: Location) -> dict[int, int]:
    """Units per variant shipped to a location and not yet received."""
    rows = (
        TransferLine.objects.filter(transfer__destination=location, transfer__status=Transfer.Status.IN_TRANSIT)
        .values("variant_id")
        .annotate(total=Sum("quantity"))
    )
    return {row["variant_id"]: row["total"] for row in rows}


def in_transit_total(*, destination_id: int | OuterRef, variant_id: int | OuterRef) -> QuerySet:
    """The units of one variant shipped to one location and not yet received, as one `total`: a subquery of a stock
    level's query when given OuterRef("location_id") and OuterRef("variant_id")."""
    return (
        TransferLine.objects.filter(
            transfer__status=Transfer.Status.IN_TRANSIT, transfer__destination_id=destination_id, variant_id=variant_id
        )
        .values("variant_id")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
