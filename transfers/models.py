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

    source = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="transfers_out")
    destination = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="transfers_in")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    note = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)

    class Meta:
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
    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey("catalog.Variant", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()

    class Meta:
        db_table = "inventory_transferline"
        constraints = [
            models.UniqueConstraint(fields=["transfer", "variant"], name="transfer_line_unique_variant"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="transfer_line_quantity_positive"),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.variant.sku}"
