"""What we asked of Stripe and what it told us: refunds written before the call, webhook events handled once.

The tables were created by the orders app and keep their names.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from orders.models import Order


class PaymentRefund(models.Model):
    """Money given back on an order, written with the change that decided it, so two callers can never give back
    more than was paid. A card refund is then asked of Stripe; cash and a till's terminal are settled at once."""

    class Method(models.TextChoices):
        CARD = "card", _("To the card (Stripe)")
        CASH = "cash", _("Cash at the till")
        TERMINAL = "terminal", _("On the till's card terminal")

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="refunds", verbose_name=_("order"))
    key = models.CharField(
        max_length=120, unique=True, help_text=_("The caller's idempotency key, e.g. return:12."), verbose_name=_("key")
    )
    amount = models.DecimalField(max_digits=12, decimal_places=2, verbose_name=_("amount"))
    method = models.CharField(
        max_length=8, choices=Method.choices, default=Method.CARD, db_default=Method.CARD, verbose_name=_("method")
    )
    stripe_refund_id = models.CharField(
        max_length=255, blank=True, help_text=_("Empty until Stripe answered."), verbose_name=_("stripe refund id")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("payment refund")
        verbose_name_plural = _("payment refunds")
        db_table = "orders_paymentrefund"
        ordering = ["created_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_refund_amount_positive")]

    def __str__(self):
        return f"{self.order_id}: {self.amount} ({self.key})"

    @property
    def is_settled(self) -> bool:
        """Money that has gone back: a card refund Stripe answered, or cash and terminal refunds when written."""
        return self.method != self.Method.CARD or bool(self.stripe_refund_id)


class StripeEvent(models.Model):
    """A Stripe webhook event we handled: its unique id makes a second delivery of the same event a no-op."""

    event_id = models.CharField(max_length=255, unique=True, verbose_name=_("event id"))
    type = models.CharField(max_length=100, verbose_name=_("type"))
    order = models.ForeignKey(
        Order, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("order")
    )
    received_at = models.DateTimeField(auto_now_add=True, verbose_name=_("received at"))
    outcome = models.CharField(max_length=200, blank=True, verbose_name=_("outcome"))

    class Meta:
        verbose_name = _("stripe event")
        verbose_name_plural = _("stripe events")
        db_table = "orders_stripeevent"
        ordering = ["received_at", "pk"]

    def __str__(self):
        return f"{self.event_id} ({self.type})"
