"""Every write to orders and carts goes through these functions."""

from orders.services.cart import (
    MAX_LINE_QUANTITY,
    SESSION_CART_KEY,
    cart_for_customer,
    cart_for_session,
    cart_line_add,
    cart_line_remove,
    cart_line_set,
    cart_merge,
    quantity_check,
)
from orders.services.counter import COUNTER_METHODS, order_lines_refuse, order_payment_at_counter
from orders.services.customers import orders_move_to_customer
from orders.services.placing import order_number_next, order_place, order_place_inside
from orders.services.status import (
    ALLOWED_TRANSITIONS,
    order_cancel,
    order_complete,
    order_event_write,
    order_lock,
    order_note_add,
    order_payment_failed,
    order_payment_succeeded,
    order_progress_note,
    order_step_refusal,
    order_transition,
    orders_expire_unpaid,
)

__all__ = [
    "ALLOWED_TRANSITIONS",
    "COUNTER_METHODS",
    "MAX_LINE_QUANTITY",
    "SESSION_CART_KEY",
    "cart_for_customer",
    "cart_for_session",
    "cart_line_add",
    "cart_line_remove",
    "cart_line_set",
    "cart_merge",
    "order_cancel",
    "order_complete",
    "order_event_write",
    "order_lines_refuse",
    "order_lock",
    "order_note_add",
    "order_progress_note",
    "order_payment_at_counter",
    "order_number_next",
    "order_payment_failed",
    "order_payment_succeeded",
    "order_place",
    "order_place_inside",
    "order_step_refusal",
    "order_transition",
    "orders_expire_unpaid",
    "orders_move_to_customer",
    "quantity_check",
]
