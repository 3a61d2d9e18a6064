"""Loyalty: one account per customer, a points ledger whose sum is the balance."""

from django.db import models


class LoyaltyAccount(models.Model):
    customer = models.OneToOneField("customers.Customer", on_delete=models.PROTECT, related_name="loyalty_account")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Points account of {self.customer}"


class PointsEntry(models.Model):
    class Kind(models.TextChoices):
        EARN = "earn", "Earned"
        REDEEM = "redeem", "Redeemed"
        REVERSE = "reverse", "Reversed"
        EXPIRE = "expire", "Expired"
        ADJUST = "adjust", "Adjusted"

    account = models.ForeignKey(LoyaltyAccount, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    points = models.IntegerField(help_text="Points added (positive) or taken off (negative).")
    key = models.CharField(
        max_length=100,
        unique=True,
        help_text="What the points were for, e.g. the order; the same thing never earns twice.",
    )
    description = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "points entries"
        indexes = [models.Index(fields=["account", "-created_at"])]

    def __str__(self):
        return f"{self.points:+d} points {self.get_kind_display().lower()}" + (
            f": {self.description}" if self.description else ""
        )
