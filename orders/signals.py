"""Signals of the orders app, so the apps above it (pickup, payments) follow an order without orders knowing them."""

from django.dispatch import Signal

# Sent inside the transaction of every status change, after the order row and its event are saved:
# order (Order, locked), from_status (str), to_status (str), actor (User or None).
order_status_changed = Signal()
