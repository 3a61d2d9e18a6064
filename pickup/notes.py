"""The pickup desk's notes on an order's history (see orders/notes.py), in the reader's language."""

from django.utils.translation import gettext

from orders.notes import note_register

# The desk's steps, and the sweep of pickups not collected in time.
note_register("picking_started", lambda p: gettext("Picking started"))
note_register("ready_for_pickup", lambda p: gettext("Ready for pickup"))
note_register("cancelled_at_desk", lambda p: gettext("Cancelled at the pickup desk"))
note_register("collected", lambda p: gettext("Collected at the counter"))
note_register("not_collected", lambda p: gettext("Not collected in time"))
note_register(
    "cancelled_at_desk_because",
    lambda p: gettext("Cancelled at the pickup desk: %(reason)s") % {"reason": p["reason"]},
)
# An order placed at a store's counter for the customer (endless aisle).
note_register(
    "ordered_at",
    lambda p: gettext("Ordered at %(store)s by %(who)s") % {"store": p["store"], "who": p["who"]},
)
# Ship to store: the units on their way to the pickup store, and there.
note_register("sent_to", lambda p: gettext("Sent to %(store)s") % {"store": p["store"]})
note_register("arrived_at", lambda p: gettext("Arrived at %(store)s") % {"store": p["store"]})
