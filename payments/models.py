"""What we asked of Stripe and what it told us: refunds written before the call, webhook events handled once.

The tables were created by the orders app and keep their names.
"""

from django.db import models
from django.db.models import Q

from orders.models import Order


class PaymentRefund(models.Model):
    """A refund we asked Stripe for: written before the call, so two callers can never refund more than was paid."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="refunds")
    key = models.CharField(max_length=120, unique=True, help_text="The caller's idempotency key, e.g. return-R-12.")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    stripe_refund_id = models.CharField(max_length=255, blank=True, help_text="Empty until Stripe answered.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "orders_paymentrefund"
        ordering = ["created_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_refund_amount_positive")]

    def __str__(self):
        return f"{self.order_id}: {self.amount} ({self.key})"


class StripeEvent(models.Model):
    """A Stripe webhook event we handled: its unique id makes a second delivery of the same event a no-op."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    order = models.ForeignKey(Order, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    received_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=200, blank=True)

    class Meta:
        db_table = "orders_stripeevent"
        ordering = ["received_at", "pk"]

    def __str__(self):
        return f"{self.event_id} ({self.type})"
