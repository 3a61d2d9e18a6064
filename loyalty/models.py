"""Loyalty: one account per customer, a points ledger whose sum is the balance, and single-use reward codes."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from customers.models import Channel


class LoyaltyAccount(models.Model):
    customer = models.OneToOneField("customers.Customer", on_delete=models.PROTECT, related_name="loyalty_account")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        permissions = [("adjust_points", "Can adjust loyalty points by hand")]

    def __str__(self):
        return f"Points account of {self.customer}"


class PointsEntry(models.Model):
    class Kind(models.TextChoices):
        EARN = "earn", _("Earned")
        REDEEM = "redeem", _("Redeemed")
        REVERSE = "reverse", _("Reversed")
        EXPIRE = "expire", _("Expired")
        ADJUST = "adjust", _("Adjusted")

    account = models.ForeignKey(LoyaltyAccount, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    points = models.IntegerField(help_text=_("Points added (positive) or taken off (negative)."))
    key = models.CharField(
        max_length=100,
        unique=True,
        help_text=_("What the points were for, e.g. the order; the same thing never earns twice."),
    )
    # In English, as written; what a person reads is `text`, written from the kind and `params` in their language.
    description = models.CharField(max_length=200, blank=True)
    params = models.JSONField(blank=True, default=dict, db_default={})
    channel = models.CharField(max_length=16, choices=Channel.choices, blank=True)
    location_code = models.CharField(max_length=20, blank=True)
    location_name = models.CharField(max_length=100, blank=True)
    order_number = models.CharField(max_length=40, blank=True)
    amount = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Spend this entry counts towards the tier: the purchase amount, negative for a return."),
    )
    shortfall = models.PositiveIntegerField(
        default=0, help_text=_("Points a reversal should have taken back but could not: they were already spent.")
    )
    source = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="followers",
        help_text=_("The earn a reversal takes back, or the credit an expiry ends."),
    )
    occurred_at = models.DateTimeField(
        default=timezone.now, help_text=_("When it really happened (the purchase time).")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name_plural = _("points entries")
        indexes = [models.Index(fields=["account", "-occurred_at"], name="loyalty_entry_account_occurred")]
        constraints = [
            models.CheckConstraint(
                name="points_entry_sign_matches_kind",
                condition=(
                    Q(kind="earn", points__gt=0)
                    | Q(kind__in=["redeem", "expire"], points__lt=0)
                    | (Q(kind="reverse", points__lte=0) & (Q(points__lt=0) | Q(shortfall__gt=0)))
                    | (Q(kind="adjust") & ~Q(points=0))
                ),
            ),
        ]

    def __str__(self):
        return f"{self.points:+d} points {self.get_kind_display().lower()}" + (
            f": {self.description}" if self.description else ""
        )

    @property
    def text(self) -> str:
        """What the entry was for, in the active language; an old entry without values shows its description."""
        from loyalty.entry_text import entry_text

        return entry_text(self)


class ExpiryReminder(models.Model):
    """The customer was told once that the points of this credit expire soon."""

    entry = models.OneToOneField(PointsEntry, on_delete=models.PROTECT, related_name="expiry_reminder")
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Expiry reminder for entry {self.entry_id}"


class Reward(models.Model):
    """A single-use code bought with points: money or a percentage off one order, online or at the till."""

    class Kind(models.TextChoices):
        FIXED = "fixed", _("Amount off")
        PERCENT = "percent", _("Percent off")

    code = models.CharField(max_length=16, unique=True)
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="rewards")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.FIXED)
    value = models.DecimalField(
        max_digits=12, decimal_places=2, help_text=_("Currency amount, or percent for percent off.")
    )
    points_spent = models.PositiveIntegerField()
    entry = models.OneToOneField(PointsEntry, on_delete=models.PROTECT, related_name="reward")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    redeemed_at = models.DateTimeField(null=True, blank=True)
    redeemed_order_number = models.CharField(max_length=40, blank=True)
    discount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["customer", "redeemed_at", "expires_at"], name="loyalty_reward_open")]
        constraints = [
            models.CheckConstraint(name="reward_value_positive", condition=Q(value__gt=0)),
            models.CheckConstraint(
                name="reward_redeemed_with_order",
                condition=Q(redeemed_at__isnull=True) | ~Q(redeemed_order_number=""),
            ),
        ]

    def __str__(self):
        return self.code

    @property
    def is_open(self) -> bool:
        return self.redeemed_at is None and self.expires_at > timezone.now()
