"""The ledger: every number of a stock level explained by its movements and open reservations."""

from dataclasses import dataclass

from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from inventory.models import Location, Reservation, StockLevel, StockMovement


@dataclass(frozen=True)
class LedgerCheck:
    """A stock level next to what its ledger and open reservations say it should be."""

    stock_level_id: int
    on_hand: int
    reserved: int
    on_hand_from_ledger: int
    reserved_from_ledger: int
    reserved_open: int
    last_on_hand_after: int | None
    last_reserved_after: int | None

    @property
    def problems(self) -> list[str]:
        found = []
        if self.on_hand != self.on_hand_from_ledger:
            found.append(f"on hand {self.on_hand} ≠ sum of on-hand movements {self.on_hand_from_ledger}")
        if self.reserved != self.reserved_open:
            found.append(f"reserved {self.reserved} ≠ open reservations {self.reserved_open}")
        if self.reserved != self.reserved_from_ledger:
            found.append(f"reserved {self.reserved} ≠ sum of reserved movements {self.reserved_from_ledger}")
        if self.last_on_hand_after is not None and self.last_on_hand_after != self.on_hand:
            found.append(f"last movement left on hand at {self.last_on_hand_after}, not {self.on_hand}")
        if self.last_reserved_after is not None and self.last_reserved_after != self.reserved:
            found.append(f"last movement left reserved at {self.last_reserved_after}, not {self.reserved}")
        if self.on_hand < 0 or self.reserved < 0 or self.reserved > self.on_hand:
            found.append(f"impossible numbers: on hand {self.on_hand}, reserved {self.reserved}")
        return found

    @property
    def ok(self) -> bool:
        return not self.problems


def ledger_check(stock_level: StockLevel) -> LedgerCheck:
    """Check one stock level against its ledger: on hand = Σ on-hand deltas, reserved = open reservations."""
    level = StockLevel.objects.only("on_hand", "reserved").get(pk=stock_level.pk)
    sums = StockMovement.objects.filter(stock_level_id=level.pk).aggregate(
        on_hand=Coalesce(Sum("on_hand_delta"), 0), reserved=Coalesce(Sum("reserved_delta"), 0)
    )
    open_ = Reservation.objects.filter(stock_level_id=level.pk, status=Reservation.Status.OPEN).aggregate(
        total=Coalesce(Sum("quantity"), 0)
    )
    last = (
        StockMovement.objects.filter(stock_level_id=level.pk)
        .order_by("-pk")
        .values_list("on_hand_after", "reserved_after")
        .first()
    )
    return LedgerCheck(
        stock_level_id=level.pk,
        on_hand=level.on_hand,
        reserved=level.reserved,
        on_hand_from_ledger=sums["on_hand"],
        reserved_from_ledger=sums["reserved"],
        reserved_open=open_["total"],
        last_on_hand_after=last[0] if last else None,
        last_reserved_after=last[1] if last else None,
    )


def stock_levels_out_of_balance(*, location: Location | None = None) -> QuerySet[StockLevel]:
    """Stock levels whose numbers their ledger or open reservations do not explain (should always be empty)."""
    moved = (
        StockMovement.objects.filter(stock_level=OuterRef("pk"))
        .values("stock_level")
        .annotate(on_hand=Sum("on_hand_delta"), reserved=Sum("reserved_delta"))
    )
    held = (
        Reservation.objects.filter(stock_level=OuterRef("pk"), status=Reservation.Status.OPEN)
        .values("stock_level")
        .annotate(total=Sum("quantity"))
    )
    levels = StockLevel.objects.annotate(
        ledger_on_hand=Coalesce(Subquery(moved.values("on_hand")), 0),
        ledger_reserved=Coalesce(Subquery(moved.values("reserved")), 0),
        reserved_open=Coalesce(Subquery(held.values("total")), 0),
    ).filter(~Q(on_hand=F("ledger_on_hand")) | ~Q(reserved=F("ledger_reserved")) | ~Q(reserved=F("reserved_open")))
    if location is not None:
        levels = levels.filter(location=location)
    return levels
