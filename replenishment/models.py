"""What replenishment keeps: which store got its low-stock digest on which day.

The table was created by the inventory app and keeps its name.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from inventory.models import Location


class LowStockDigest(models.Model):
    """One row per location and day: the daily low-stock email goes out once, however often the task runs."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="+", verbose_name=_("location"))
    day = models.DateField(verbose_name=_("day"))
    lines = models.PositiveIntegerField(default=0, verbose_name=_("lines"))
    sent_at = models.DateTimeField(auto_now_add=True, verbose_name=_("sent at"))

    class Meta:
        verbose_name = _("low stock digest")
        verbose_name_plural = _("low stock digests")
        db_table = "inventory_lowstockdigest"
        constraints = [models.UniqueConstraint(fields=["location", "day"], name="low_stock_digest_once_a_day")]

    def __str__(self):
        return f"Low-stock digest for {self.location.name}, {self.day:%d %b %Y}"
