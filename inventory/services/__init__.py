"""Every change to stock goes through these functions: each one atomic, rows locked in pk order, each in the ledger.

The checks each stock document applies at its top are here too, for documents other apps keep (a transfer).
"""

from inventory.services._ledger import (
    ReservationLine,
    StockLine,
    actor_or_none,
    check_location,
    check_text,
    merge_lines,
    skus_of,
)
from inventory.services.reservations import (
    stock_fulfil,
    stock_release,
    stock_reservation_expiry_set,
    stock_reservations_expire,
    stock_reserve,
)
from inventory.services.stock import (
    stock_adjust,
    stock_count,
    stock_receive,
    stock_return,
    stock_sell,
    stock_transfer_in,
    stock_transfer_out,
)

__all__ = [
    "ReservationLine",
    "StockLine",
    "actor_or_none",
    "check_location",
    "check_text",
    "merge_lines",
    "skus_of",
    "stock_adjust",
    "stock_count",
    "stock_fulfil",
    "stock_receive",
    "stock_release",
    "stock_reservation_expiry_set",
    "stock_reservations_expire",
    "stock_reserve",
    "stock_return",
    "stock_sell",
    "stock_transfer_in",
    "stock_transfer_out",
]
