"""The clients that call the API on a store's or a marketplace's behalf, and the till's sales as the admin sees them.

The table was created by the orders app and keeps its name.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import ApiKey
from customers.models import Channel
from orders.models import Order


class StoreSale(Order):
    """In-store sales (the till's orders), for the admin's per-store, per-day view."""

    class Meta:
        proxy = True
        verbose_name = _("POS sale")
        verbose_name_plural = _("POS sales")


class DeviceClient(models.Model):
    """A till bound to one store, or a marketplace/social shop bound to its channel, calling the API with its key.

    The key is a core.ApiKey without a person: only its hash is kept, and what the client may do is the key's
    scopes; where it may do it is the client's location or channel.
    """

    class Scope(models.TextChoices):
        POS_SALE = "pos:sale", _("Record sales at the till")
        POS_RETURN = "pos:return", _("Take returns at the till")
        CHANNEL_ORDERS = "channel:orders", _("Send marketplace or social orders")
        STOCK_READ = "stock:read", _("Read stock levels")

    CHANNELS = (Channel.MARKETPLACE, Channel.SOCIAL)

    name = models.CharField(
        max_length=100, help_text=_("The till or the marketplace, e.g. 'Till 2' or 'FINN'."), verbose_name=_("name")
    )
    location = models.ForeignKey(
        "inventory.Location",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="device_clients",
        help_text=_("A till's store."),
        verbose_name=_("location"),
    )
    channel = models.CharField(
        max_length=12,
        choices=[(c.value, c.label) for c in CHANNELS],
        blank=True,
        help_text=_("A marketplace's or social shop's channel."),
        verbose_name=_("channel"),
    )
    key = models.OneToOneField(
        ApiKey,
        on_delete=models.PROTECT,
        related_name="device_client",
        help_text=_("Its API key: the scopes, when it was issued and last used, whether it is revoked."),
        verbose_name=_("key"),
    )

    class Meta:
        db_table = "orders_deviceclient"
        ordering = ["name", "pk"]
        verbose_name = _("device or channel client")
        verbose_name_plural = _("device or channel clients")
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
    def scopes(self) -> list[str]:
        return self.key.scopes

    @property
    def is_active(self) -> bool:
        return self.key.revoked_at is None
