"""Stock moving between two locations: the transfer document and its lines.

The tables were created by the inventory app and keep their names; the stock itself moves through inventory's
ledger (transfer out at the source, transfer in at the destination).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from inventory.models import Location


class Transfer(models.Model):
    """Stock moving between two locations: out at the source when shipped, in at the destination on receipt."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_TRANSIT = "in_transit", _("In transit")
        RECEIVED = "received", _("Received")
        CANCELLED = "cancelled", _("Cancelled")

    source = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="transfers_out", verbose_name=_("source")
    )
    destination = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="transfers_in", verbose_name=_("destination")
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT, verbose_name=_("status"))
    note = models.CharField(max_length=200, blank=True, verbose_name=_("note"))
    hold_reference = models.CharField(
        max_length=100,
        blank=True,
        default="",
        help_text=_("Ship to store: the order whose held units this transfer carries; they stay held for it."),
        verbose_name=_("held for order"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    shipped_at = models.DateTimeField(null=True, blank=True, verbose_name=_("shipped at"))
    received_at = models.DateTimeField(null=True, blank=True, verbose_name=_("received at"))

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        db_table = "inventory_transfer"
        ordering = ["-created_at"]
        permissions = [
            ("send_transfer", "Can create, ship and cancel transfers from their store"),
            ("receive_transfer", "Can receive transfers at their store"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(source=F("destination")), name="transfer_between_two_locations")
        ]
        indexes = [models.Index(fields=["status", "destination"])]

    def __str__(self):
        return f"Transfer #{self.pk}: {self.source.name} → {self.destination.name}"

    @property
    def reference(self) -> str:
        return f"transfer:{self.pk}"

    @property
    def number(self) -> str:
        """How staff name it at the desk and in messages, e.g. TR-42."""
        return f"TR-{self.pk}"


class TransferLine(models.Model):
    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="lines", verbose_name=_("transfer"))
    variant = models.ForeignKey(
        "catalog.Variant", on_delete=models.PROTECT, related_name="+", verbose_name=_("variant")
    )
    quantity = models.PositiveIntegerField(verbose_name=_("quantity"))

    class Meta:
        verbose_name = _("transfer line")
        verbose_name_plural = _("transfer lines")
        db_table = "inventory_transferline"
        constraints = [
            models.UniqueConstraint(fields=["transfer", "variant"], name="transfer_line_unique_variant"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="transfer_line_quantity_positive"),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.variant.sku}"
