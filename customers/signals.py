"""What the customers app tells the apps above it. Receivers run inside the sender's transaction."""

from django.dispatch import Signal

# Sent by customer_merge with `survivor` and `merged` (both locked) before the merged profile becomes a tombstone.
# Each app that keeps rows pointing at a customer moves them to the survivor through its own service; a receiver
# may return what it moved as {"orders" | "points" | "marketing": count} for the survivor's timeline entry, or None.
customer_merged = Signal()
