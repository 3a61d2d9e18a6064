"""What replenishment keeps: which store got its low-stock digest on which day.

The table was created by the inventory app and keeps its name.
"""

from django.db import models

from inventory.models import Location


class LowStockDigest(models.Model):
    """One row per location and day: the daily low-stock email goes out once, however often the task runs."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    lines = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "inventory_lowstockdigest"
        constraints = [models.UniqueConstraint(fields=["location", "day"], name="low_stock_digest_once_a_day")]

    def __str__(self):
        return f"Low-stock digest for {self.location.name}, {self.day:%d %b %Y}"
