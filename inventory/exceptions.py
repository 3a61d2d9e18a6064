"""What can go wrong with stock, said so that a clerk, a shopper or an API client knows what to do next."""

from dataclasses import asdict, dataclass

from django.utils.translation import gettext

from core.exceptions import DomainError


class InventoryError(DomainError):
    """Base for every stock error; the API turns it into JSON by its kind."""

    kind = DomainError.CONFLICT
    code = "inventory_error"


@dataclass(frozen=True)
class ShortLine:
    """One line that could not be served: how many were asked for and how many there are."""

    sku: str
    requested: int
    available: int
    variant_id: int | None = None


class InsufficientStock(InventoryError):
    """Not enough units to serve every line; nothing was changed."""

    code = "insufficient_stock"

    def __init__(self, lines: list[ShortLine], *, location_code: str = ""):
        self.lines = list(lines)
        parts = ", ".join(
            gettext("%(sku)s (asked for %(requested)s, %(available)s available)")
            % {"sku": line.sku, "requested": line.requested, "available": line.available}
            for line in lines
        )
        message = (
            gettext("No longer available at %(location)s: %(lines)s.") % {"location": location_code, "lines": parts}
            if location_code
            else gettext("No longer available: %(lines)s.") % {"lines": parts}
        )
        super().__init__(
            message,
            location=location_code,
            lines=[{"sku": line.sku, "requested": line.requested, "available": line.available} for line in lines],
        )

    @property
    def skus(self) -> list[str]:
        return [line.sku for line in self.lines]

    def as_dicts(self) -> list[dict]:
        return [asdict(line) for line in self.lines]


class InvalidInput(InventoryError):
    """A request that can never succeed as written (bad quantity, unknown SKU …); names the field."""

    kind = DomainError.INVALID
    code = "invalid"

    def __init__(self, message: str, *, field: str = "", **detail):
        self.field = field
        super().__init__(message, **({"field": field} if field else {}), **detail)


class InvalidQuantity(InvalidInput):
    code = "invalid_quantity"

    def __init__(self, message: str = "Quantity must be a whole number greater than zero.", *, field: str = "quantity"):
        super().__init__(message, field=field)


class UnknownVariant(InvalidInput):
    code = "unknown_sku"

    def __init__(self, skus_or_ids: list, *, field: str = "sku"):
        self.unknown = list(skus_or_ids)
        names = ", ".join(str(value) for value in self.unknown)
        super().__init__(f"Unknown SKU: {names}.", field=field, unknown=[str(value) for value in self.unknown])


class InvalidStockOperation(InvalidInput):
    """The operation makes no sense as asked: same source and destination, inactive location, missing reason."""

    code = "invalid_operation"


class CountBelowReserved(InventoryError):
    """A count lower than what is already promised to orders: release or move those reservations first."""

    code = "count_below_reserved"

    def __init__(self, *, sku: str, counted: int, reserved: int):
        super().__init__(
            f"{sku}: counted {counted}, but {reserved} are reserved for orders. Release or move those first.",
            sku=sku,
            counted=counted,
            reserved=reserved,
        )


class ReservationConflict(InventoryError):
    """The reference was already used for a different or closed reservation."""

    code = "reservation_conflict"


class ReferenceReused(InventoryError):
    """A stock change with this reference was already recorded with other content; nothing was changed."""

    code = "reference_reused"

    def __init__(self, *, kind: str, reference: str):
        super().__init__(
            f"The reference {reference!r} was already used for a different {kind} at this location.",
            field="reference",
            reference=reference,
        )
