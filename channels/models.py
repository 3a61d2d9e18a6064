"""The clients that call the API on a store's or a marketplace's behalf, and the till's sales as the admin sees them.

The table was created by the orders app and keeps its name.
"""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from customers.models import Channel
from orders.models import Order


class StoreSale(Order):
    """In-store sales (the till's orders), for the admin's per-store, per-day view."""

    class Meta:
        proxy = True
        verbose_name = "POS sale"
        verbose_name_plural = "POS sales"


class DeviceClient(models.Model):
    """A till bound to one store, or a marketplace/social shop bound to its channel, calling the API with a token.

    Only a hash of the key is kept; what it may do is its scopes, where it may do it is its location or channel.
    """

    class Scope(models.TextChoices):
        POS_SALE = "pos:sale", "Record sales at the till"
        POS_RETURN = "pos:return", "Take returns at the till"
        CHANNEL_ORDERS = "channel:orders", "Send marketplace or social orders"
        STOCK_READ = "stock:read", "Read stock levels"

    CHANNELS = (Channel.MARKETPLACE, Channel.SOCIAL)

    name = models.CharField(max_length=100, help_text="The till or the marketplace, e.g. 'Till 2' or 'FINN'.")
    location = models.ForeignKey(
        "inventory.Location",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="device_clients",
        help_text="A till's store.",
    )
    channel = models.CharField(
        max_length=12,
        choices=[(c.value, c.label) for c in CHANNELS],
        blank=True,
        help_text="A marketplace's or social shop's channel.",
    )
    scopes = ArrayField(models.CharField(max_length=20, choices=Scope.choices), default=list)
    digest = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the key, hex.")
    prefix = models.CharField(max_length=12, help_text="The key's first characters, to recognise it.")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True, help_text="A revoked token is refused from then on.")

    class Meta:
        db_table = "orders_deviceclient"
        ordering = ["name", "pk"]
        verbose_name = "device or channel client"
        constraints = [
            models.CheckConstraint(
                condition=(Q(location__isnull=False) & Q(channel=""))
                | (Q(location__isnull=True) & Q(channel__in=["marketplace", "social"])),
                name="device_client_location_xor_channel",
            ),
        ]

    def __str__(self):
        where = self.location.code if self.location_id else self.channel
        return f"{self.name} ({where})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
