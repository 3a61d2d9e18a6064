"""Every write to orders goes through these functions."""

from orders.services.customers import orders_move_to_customer

__all__ = ["orders_move_to_customer"]
