"""Reads of stock: availability per variant and location, each page asking the database once.

One module per concern; every public name is here too, so callers import from `inventory.selectors`.
"""

from inventory.selectors.availability import (
    LocationAvailability,
    availability_by_variant,
    stock_levels_with_stock,
)
from inventory.selectors.badges import LOW_STOCK_UNITS, StockBadge, StockState, stock_badge
from inventory.selectors.ledger import LedgerCheck, ledger_check, stock_levels_out_of_balance
from inventory.selectors.levels import below_reorder_point_q, out_of_stock_q, stock_levels_annotated
from inventory.selectors.pickup import (
    PICKUP_HORIZON_DAYS,
    PICKUP_ROUNDING_MINUTES,
    opening_hours_by_weekday,
    pickup_label,
    pickup_ready_at,
)

__all__ = [
    "LOW_STOCK_UNITS",
    "PICKUP_HORIZON_DAYS",
    "PICKUP_ROUNDING_MINUTES",
    "LedgerCheck",
    "LocationAvailability",
    "StockBadge",
    "StockState",
    "availability_by_variant",
    "below_reorder_point_q",
    "ledger_check",
    "stock_badge",
    "opening_hours_by_weekday",
    "out_of_stock_q",
    "pickup_label",
    "pickup_ready_at",
    "stock_levels_annotated",
    "stock_levels_out_of_balance",
    "stock_levels_with_stock",
]
