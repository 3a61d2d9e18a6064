"""Signals of the inventory app, so the apps above it can react without inventory knowing them."""

from django.dispatch import Signal

# Sent inside the transaction that released an expired hold: reference (str), variant_ids (list[int]).
reservation_expired = Signal()
