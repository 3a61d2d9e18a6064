"""What every stock service shares: line validation at the top, and one way to write a change and its ledger row."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Model
from django.db.models.sql import InsertQuery
from django.utils import timezone

from catalog.models import Variant
from core.versions import STOCK, version_bump_on_commit
from inventory.exceptions import (
    InsufficientStock,
    InvalidInput,
    InvalidQuantity,
    InvalidStockOperation,
    ShortLine,
    UnknownVariant,
)
from inventory.models import Location, Reservation, StockLevel, StockMovement
from inventory.selectors.badges import LOW_STOCK_UNITS

REASON_MAX = StockMovement._meta.get_field("reason").max_length
REFERENCE_MAX = StockMovement._meta.get_field("reference").max_length


def stock_flag(on_hand: int, reserved: int, buffer: int) -> tuple[int, bool]:
    """What a shopper can see of a stock level: out (0), low (the units: "Only 2 left", see stock_badge) or in (-1)
    at the store, and whether the web can sell it. Pages are cached by these flags' version, so a movement that
    leaves every flag as it was (12 on the shelf becoming 11) changes nothing."""
    in_store = max(on_hand - reserved, 0)
    return (in_store if in_store <= LOW_STOCK_UNITS else -1), in_store > buffer


def flags_moved(changes: Iterable[tuple[int, int, int, int, int]]) -> None:
    """Bump the stock version after commit when a change (on hand and reserved before, after; buffer) moved a flag."""
    if any(stock_flag(a, b, buffer) != stock_flag(c, d, buffer) for a, b, c, d, buffer in changes):
        version_bump_on_commit(STOCK)


@dataclass(frozen=True)
class StockLine:
    """One SKU and a quantity: what a reservation, sale, return or transfer asks for."""

    variant_id: int
    quantity: int


# Another name for StockLine, for callers that build the lines of a reservation.
ReservationLine = StockLine


def is_whole_number(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_quantity(quantity, *, field: str = "quantity", allow_zero: bool = False) -> int:
    """A positive whole number (or zero for a count); anything else is refused before a row is touched."""
    if not is_whole_number(quantity) or quantity < 0 or (quantity == 0 and not allow_zero):
        what = "zero or more" if allow_zero else "greater than zero"
        raise InvalidQuantity(f"Quantity must be a whole number {what}, not {quantity!r}.", field=field)
    check_quantity_bound(quantity, field=field)
    return quantity


def check_quantity_bound(quantity: int, *, field: str = "quantity") -> int:
    """No single change moves more than MAX_QUANTITY units: refused here, not by an integer overflow in SQL."""
    if abs(quantity) > settings.MAX_QUANTITY:
        raise InvalidQuantity(f"Quantity must be at most {settings.MAX_QUANTITY}, not {quantity}.", field=field)
    return quantity


def check_text(value: str, *, field: str, required: bool = False, max_length: int = REASON_MAX) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidStockOperation(f"A {field} is required.", field=field)
    if len(value) > max_length:
        raise InvalidInput(f"The {field} is longer than {max_length} characters.", field=field)
    return value


def check_location(location: Location, *, field: str = "location") -> Location:
    if location is None or location.pk is None:
        raise InvalidInput("A location is required.", field=field)
    if not location.is_active:
        raise InvalidStockOperation(f"{location.name} ({location.code}) is not active.", field=field)
    return location


def merge_lines(lines: Sequence[StockLine], *, field: str = "lines") -> dict[int, int]:
    """Validated lines as {variant_id: quantity}, repeated SKUs added up, in variant order (the lock order)."""
    if not lines:
        raise InvalidInput("At least one line is required.", field=field)
    merged: dict[int, int] = {}
    for line in lines:
        check_quantity(line.quantity, field=f"{field}.quantity")
        if not is_whole_number(line.variant_id):
            raise UnknownVariant([line.variant_id], field=f"{field}.variant_id")
        merged[line.variant_id] = merged.get(line.variant_id, 0) + line.quantity
    return dict(sorted(merged.items()))


def skus_of(variant_ids: Iterable[int], *, field: str = "lines") -> dict[int, str]:
    """SKU per variant id, refusing ids that are not in the catalog (one query)."""
    ids = list(variant_ids)
    skus = dict(Variant.objects.filter(pk__in=ids).values_list("pk", "sku"))
    unknown = [vid for vid in ids if vid not in skus]
    if unknown:
        raise UnknownVariant(unknown, field=f"{field}.variant_id")
    return skus


def actor_or_none(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


class LedgerWriter:
    """Collects changes to locked stock levels and writes them, with their ledger rows, in two statements."""

    def __init__(self, *, actor=None, reference: str = "", reason: str = ""):
        self.actor = actor_or_none(actor)
        self.reference = reference
        self.reason = reason
        self.now = timezone.now()
        self.levels: dict[int, StockLevel] = {}
        self.movements: list[StockMovement] = []
        self.before: dict[int, tuple[int, int]] = {}

    def apply(
        self,
        level: StockLevel,
        *,
        kind: str,
        on_hand_delta: int = 0,
        reserved_delta: int = 0,
        reason: str | None = None,
        reference: str | None = None,
    ) -> StockMovement:
        on_hand = level.on_hand + on_hand_delta
        reserved = level.reserved + reserved_delta
        # The callers check availability first; this is the last guard before the database's own constraints.
        if on_hand < 0 or reserved < 0 or reserved > on_hand:
            raise InvalidStockOperation(
                f"{level.variant.sku} at {level.location.code} would end with on hand {on_hand}, reserved {reserved}."
            )
        self.before.setdefault(level.pk, (level.on_hand, level.reserved))
        level.on_hand, level.reserved, level.updated_at = on_hand, reserved, self.now
        self.levels[level.pk] = level
        movement = StockMovement(
            stock_level=level,
            location_id=level.location_id,
            variant_id=level.variant_id,
            kind=kind,
            on_hand_delta=on_hand_delta,
            reserved_delta=reserved_delta,
            on_hand_after=on_hand,
            reserved_after=reserved,
            reason=self.reason if reason is None else reason,
            reference=self.reference if reference is None else reference,
            actor=self.actor,
        )
        self.movements.append(movement)
        return movement

    def save(self, *, held: Sequence[Reservation] = ()) -> list[StockMovement]:
        """Write the changed levels and their ledger rows in one statement (a data-modifying WITH): one round trip
        however many rows, and then the new reservations `held` on those levels. The new rows get their primary keys."""
        if not self.levels:
            return []
        flags_moved((*self.before[pk], lv.on_hand, lv.reserved, lv.buffer) for pk, lv in self.levels.items())
        levels = list(self.levels.values())
        insert, insert_params = _insert_returning_pk(self.movements)
        sql = (
            f"WITH changed AS (UPDATE {StockLevel._meta.db_table} AS level_row SET on_hand = c.on_hand, "  # noqa: S608 — table name only
            "reserved = c.reserved, updated_at = %s FROM unnest(%s::bigint[], %s::integer[], %s::integer[]) "
            f"AS c(id, on_hand, reserved) WHERE level_row.id = c.id) {insert}"
        )
        params = [self.now, [lv.pk for lv in levels], [lv.on_hand for lv in levels], [lv.reserved for lv in levels]]
        with connection.cursor() as cursor:
            cursor.execute(sql, params + insert_params)
            returned = cursor.fetchall()
        # One statement draws its rows' ids from the sequence in row order: ascending ids are the rows in order.
        for row, (pk,) in zip(self.movements, sorted(returned), strict=True):
            row.pk, row._state.adding, row._state.db = pk, False, connection.alias
        Reservation.objects.bulk_create(held)
        return self.movements


def _insert_returning_pk(rows: Sequence[Model]) -> tuple[str, list]:
    """Django's own INSERT … RETURNING id for new rows of one model (defaults and auto_now_add as bulk_create)."""
    meta = rows[0]._meta
    query = InsertQuery(type(rows[0]))
    query.insert_values([f for f in meta.local_concrete_fields if not f.generated and not f.primary_key], rows)
    compiler = query.get_compiler(connection=connection)
    compiler.returning_fields = [meta.pk]
    ((sql, params),) = compiler.as_sql()
    return sql, list(params)


def require_in_store(
    *, levels: dict[int, StockLevel], wanted: dict[int, int], skus: dict[int, str], location_code: str
) -> None:
    """Raise InsufficientStock naming every line the shelf cannot cover (on hand less reserved); else nothing."""
    short = [
        ShortLine(
            sku=skus[vid],
            requested=qty,
            available=levels[vid].available_in_store if vid in levels else 0,
            variant_id=vid,
        )
        for vid, qty in wanted.items()
        if vid not in levels or levels[vid].available_in_store < qty
    ]
    if short:
        raise InsufficientStock(short, location_code=location_code)
