"""The pickup desk's own records: one Pickup per pickup order, the windows a store offers, and wrong-code attempts."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

# The key of the card refund the pickup desk writes for lines refused at the handover, one per order
# (payments.PaymentRefund.key, also the basis of Stripe's idempotency key). An expired pickup's money goes back
# through the order's closing, under payments' `cancel:<number>`.
REFUSED_KEY_PREFIX = "pickup-refused:"


class Pickup(models.Model):
    """The desk's side of a pickup order: its code, when it is due, how long it is held, who handed it over.

    Its status follows the order's (the order services change the order; `pickup.receivers` follows).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting payment")
        PLACED = "placed", _("Placed")
        PICKING = "picking", _("Being picked")
        READY = "ready", _("Ready")
        COLLECTED = "collected", _("Collected")
        EXPIRED = "expired", _("Expired")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN_STATUSES = (Status.PENDING, Status.PLACED, Status.PICKING, Status.READY)

    order = models.OneToOneField(
        "orders.Order", on_delete=models.CASCADE, related_name="pickup", verbose_name=_("order")
    )
    location = models.ForeignKey(
        "inventory.Location", on_delete=models.PROTECT, related_name="pickups", verbose_name=_("location")
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLACED, verbose_name=_("status"))
    code = models.CharField(
        max_length=8,
        help_text=_("Said or scanned at the counter; unique among a store's open pickups."),
        verbose_name=_("code"),
    )
    ready_by = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When the shopper was promised it (or the window)."),
        verbose_name=_("ready by"),
    )
    slot = models.ForeignKey(
        "pickup.PickupSlot",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pickups",
        verbose_name=_("slot"),
    )
    ready_at = models.DateTimeField(null=True, blank=True, verbose_name=_("ready at"))
    hold_until = models.DateTimeField(
        null=True, blank=True, help_text=_("Cancelled as expired after this."), verbose_name=_("hold until")
    )
    collected_at = models.DateTimeField(null=True, blank=True, verbose_name=_("collected at"))
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("handed over by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("pickup")
        verbose_name_plural = _("pickups")
        ordering = ["ready_by", "pk"]
        permissions = [
            ("prepare_pickup", "Can start picking and mark pickups ready at their store"),
            ("handover_pickup", "Can verify codes, take payment and hand pickups over at their store"),
            ("cancel_pickup", "Can cancel pickups at their store"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["location", "code"],
                condition=Q(status__in=["pending", "placed", "picking", "ready"]),
                name="pickup_code_unique_among_open",
            ),
        ]
        indexes = [
            models.Index(fields=["location", "status", "ready_by"]),
            models.Index(fields=["hold_until"], condition=Q(status="ready"), name="pickup_ready_hold_idx"),
        ]

    def __str__(self):
        """Reads "Pickup W-100042 at Oslo Sentrum (ready)"."""
        return f"Pickup {self.order.number} at {self.location.name} ({self.get_status_display().lower()})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class PickupSchedule(models.Model):
    """A store's pickup windows: their length and how many orders each takes, inside its opening hours."""

    location = models.OneToOneField(
        "inventory.Location", on_delete=models.CASCADE, related_name="pickup_schedule", verbose_name=_("location")
    )
    window_minutes = models.PositiveIntegerField(default=60, verbose_name=_("window minutes"))
    capacity = models.PositiveIntegerField(default=5, help_text=_("Orders per window."), verbose_name=_("capacity"))
    days_ahead = models.PositiveIntegerField(
        default=7, help_text=_("How far ahead the checkout offers windows."), verbose_name=_("days ahead")
    )
    is_active = models.BooleanField(default=True, verbose_name=_("is active"))

    class Meta:
        verbose_name = _("pickup schedule")
        verbose_name_plural = _("pickup schedules")
        constraints = [
            models.CheckConstraint(condition=Q(window_minutes__gte=15), name="pickup_window_at_least_15_minutes"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="pickup_window_capacity_positive"),
        ]

    def __str__(self):
        return f"{self.location}: {self.window_minutes} min × {self.capacity}"


class PickupSlot(models.Model):
    """One window that has bookings; made on first booking. `booked` never passes `capacity` (the database says so)."""

    location = models.ForeignKey(
        "inventory.Location", on_delete=models.CASCADE, related_name="pickup_slots", verbose_name=_("location")
    )
    starts_at = models.DateTimeField(verbose_name=_("starts at"))
    ends_at = models.DateTimeField(verbose_name=_("ends at"))
    capacity = models.PositiveIntegerField(verbose_name=_("capacity"))
    booked = models.PositiveIntegerField(default=0, verbose_name=_("booked"))

    class Meta:
        verbose_name = _("pickup slot")
        verbose_name_plural = _("pickup slots")
        ordering = ["location", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["location", "starts_at"], name="pickup_slot_unique_start"),
            models.CheckConstraint(condition=Q(booked__lte=F("capacity")), name="pickup_slot_within_capacity"),
        ]

    def __str__(self):
        return f"{self.location} {self.starts_at:%Y-%m-%d %H:%M} ({self.booked}/{self.capacity})"


class CodeAttempt(models.Model):
    """A wrong pickup code typed at a counter, so guessing is limited per clerk and per store across processes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    location = models.ForeignKey(
        "inventory.Location", on_delete=models.CASCADE, related_name="+", verbose_name=_("location")
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name=_("at"))

    class Meta:
        verbose_name = _("code attempt")
        verbose_name_plural = _("code attempts")
        indexes = [models.Index(fields=["user", "at"]), models.Index(fields=["location", "at"])]

    def __str__(self):
        return f"{self.user_id} @ {self.location_id} {self.at:%H:%M:%S}"
