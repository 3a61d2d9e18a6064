"""Goods brought back to a store: what came back, in what state, and how the money went back.

The tables were created by the orders app and keep their names.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from channels.models import DeviceClient
from orders.models import Order, OrderLine


class Return(models.Model):
    """Goods of one order brought back at one store: what came back, in what state, and how the money went back."""

    class RefundMethod(models.TextChoices):
        CARD = "card", _("To the original card")
        CASH = "cash", _("Cash at the till")

    class RefundStatus(models.TextChoices):
        PENDING = "pending", _("Refund pending")
        REFUNDED = "refunded", _("Refunded")
        PAID_CASH = "paid_cash", _("Paid out in cash")
        FAILED = "failed", _("Refund failed")
        NONE = "none", _("Nothing to refund")

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="returns", verbose_name=_("order"))
    location = models.ForeignKey(
        "inventory.Location",
        on_delete=models.PROTECT,
        related_name="returns",
        help_text=_("The store that took it."),
        verbose_name=_("location"),
    )
    key = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("The till's or console's idempotency key: a retry returns this return."),
        verbose_name=_("key"),
    )
    reason = models.CharField(max_length=200, blank=True, verbose_name=_("reason"))
    refund_method = models.CharField(max_length=8, choices=RefundMethod.choices, verbose_name=_("refund method"))
    refund_amount = models.DecimalField(max_digits=12, decimal_places=2, verbose_name=_("refund amount"))
    refund_status = models.CharField(
        max_length=10, choices=RefundStatus.choices, default=RefundStatus.PENDING, verbose_name=_("refund status")
    )
    refund_reference = models.CharField(
        max_length=255, blank=True, help_text=_("The card provider's refund id."), verbose_name=_("refund reference")
    )
    refund_error = models.CharField(max_length=300, blank=True, verbose_name=_("refund error"))
    points_reversed = models.IntegerField(default=0, verbose_name=_("points reversed"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("actor"),
    )
    device = models.ForeignKey(
        DeviceClient, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("device")
    )
    created_at = models.DateTimeField(db_index=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("return")
        verbose_name_plural = _("returns")
        db_table = "orders_return"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=~Q(key=""), name="return_unique_key"),
            models.CheckConstraint(condition=Q(refund_amount__gte=0), name="return_refund_not_negative"),
        ]

    def __str__(self):
        return f"R-{self.pk}"

    @property
    def number(self) -> str:
        return f"R-{self.pk}"


class ReturnLine(models.Model):
    class Condition(models.TextChoices):
        RESELLABLE = "resellable", _("Resellable (back on the shelf)")
        DAMAGED = "damaged", _("Damaged (written off)")

    ret = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="lines", verbose_name=_("return"))
    order_line = models.ForeignKey(
        OrderLine, on_delete=models.PROTECT, related_name="return_lines", verbose_name=_("order line")
    )
    quantity = models.PositiveIntegerField(verbose_name=_("quantity"))
    condition = models.CharField(max_length=10, choices=Condition.choices, verbose_name=_("condition"))
    amount = models.DecimalField(
        max_digits=12, decimal_places=2, help_text=_("What is refunded for these units."), verbose_name=_("amount")
    )

    class Meta:
        verbose_name = _("return line")
        verbose_name_plural = _("return lines")
        db_table = "orders_returnline"
        ordering = ["pk"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="return_line_quantity_positive")]

    def __str__(self):
        return f"{self.quantity} × {self.order_line.sku} ({self.condition})"
