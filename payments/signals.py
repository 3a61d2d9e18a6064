"""Signals of the payments app, so the apps above it (returns) follow a refund without payments knowing them."""

from django.dispatch import Signal

# Sent inside the short transaction that records Stripe's answer, the order locked: refund (PaymentRefund, answered).
refund_answered = Signal()

# Sent inside the transaction that drops a refund Stripe turned down, the order locked: key (str), order (Order),
# message (str, Stripe's reason for a person).
refund_refused = Signal()

# Sent inside the webhook's transaction for a card-present PaymentIntent that no order owns yet (a counter sale waiting
# on the store's reader): intent_id (str), succeeded (bool), amount (int | None, minor units received), currency
# (str), message (str, why it failed). A receiver returns its outcome (str), kept on the event.
terminal_payment_answered = Signal()
