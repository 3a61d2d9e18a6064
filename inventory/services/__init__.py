"""Every change to stock goes through these functions: each one atomic, rows locked in pk order, each in the ledger."""

from inventory.services._ledger import ReservationLine, StockLine
from inventory.services.digests import low_stock_digest_send, low_stock_digests_schedule
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
from inventory.services.transfers import transfer_cancel, transfer_create, transfer_receive, transfer_ship

__all__ = [
    "ReservationLine",
    "StockLine",
    "low_stock_digest_send",
    "low_stock_digests_schedule",
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
    "transfer_cancel",
    "transfer_create",
    "transfer_receive",
    "transfer_ship",
]
