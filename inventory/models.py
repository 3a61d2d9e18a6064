"""Locations and the one stock ledger: levels per location and SKU, and every movement that made them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.validators import validate_time_zone


class Location(models.Model):
    class Kind(models.TextChoices):
        STORE = "store", "Store"
        WAREHOUSE = "warehouse", "Warehouse"

    code = models.SlugField(
        max_length=20, unique=True, help_text="Short code used by the POS and in reports, e.g. OSL1."
    )
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.STORE)
    address_line = models.CharField(max_length=200, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(
        max_length=2,
        default="NO",
        help_text="Two-letter country code, e.g. NO; phone numbers without +47 are read as this country's.",
    )
    phone = models.CharField(max_length=32, blank=True)
    email = models.EmailField(blank=True, help_text="The store manager's address for low-stock digests.")
    timezone = models.CharField(
        max_length=64,
        default="Europe/Oslo",
        validators=[validate_time_zone],
        help_text="Opening hours are in this time zone, e.g. Europe/Oslo.",
    )
    is_pickup_point = models.BooleanField(
        default=False, help_text="Shoppers can choose this location for click & collect."
    )
    pickup_lead_minutes = models.PositiveIntegerField(default=120, help_text="Time staff need to pick an order.")
    default_online_buffer = models.PositiveIntegerField(
        default=0, help_text="Units of each SKU held back from the web unless a stock level says otherwise."
    )
    terminal_reader_id = models.CharField(
        _("card reader"),
        max_length=64,
        blank=True,
        help_text=_("The store's Stripe Terminal reader (tmr_…); empty when the counter's card terminal is its own."),
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "name"]
        permissions = [
            ("act_anywhere", "Can change stock and transfers at every location"),
            ("see_anywhere", "Can see stock, transfers, pickups, orders and returns at every location"),
        ]

    def __str__(self):
        return self.name


class OpeningHours(models.Model):
    """One opening interval per weekday; a weekday without a row is closed."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens = models.TimeField()
    closes = models.TimeField()

    class Meta:
        ordering = ["location", "weekday"]
        verbose_name_plural = "opening hours"
        constraints = [
            models.UniqueConstraint(fields=["location", "weekday"], name="opening_hours_one_per_weekday"),
            models.CheckConstraint(condition=Q(closes__gt=F("opens")), name="opening_hours_close_after_open"),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class StockLevel(models.Model):
    """Stock of one SKU at one location. Changed only by inventory.services, each change in the ledger."""

    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="stock_levels")
    variant = models.ForeignKey("catalog.Variant", on_delete=models.PROTECT, related_name="stock_levels")
    on_hand = models.IntegerField(default=0)
    reserved = models.IntegerField(default=0)
    online_buffer = models.PositiveIntegerField(
        null=True, blank=True, help_text="Units kept back from the web shop; leave empty to use the store's default."
    )
    reorder_point = models.PositiveIntegerField(
        default=0, help_text="When what can be sold falls to this, the SKU shows on the reorder page."
    )
    reorder_quantity = models.PositiveIntegerField(default=0, help_text="The smallest quantity worth ordering.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["location", "variant"]
        permissions = [
            ("receive_stock", "Can receive deliveries at their store"),
            ("count_stock", "Can count stock at their store"),
            ("adjust_stock", "Can adjust stock at their store"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["location", "variant"], name="stock_level_unique_location_variant"),
            models.CheckConstraint(condition=Q(on_hand__gte=0), name="stock_level_on_hand_not_negative"),
            models.CheckConstraint(condition=Q(reserved__gte=0), name="stock_level_reserved_not_negative"),
            models.CheckConstraint(condition=Q(reserved__lte=F("on_hand")), name="stock_level_reserved_within_on_hand"),
        ]
        indexes = [models.Index(fields=["variant", "location"])]

    def __str__(self):
        return f"{self.variant.sku} at {self.location.name}"

    @property
    def buffer(self) -> int:
        return self.online_buffer if self.online_buffer is not None else self.location.default_online_buffer

    @property
    def available_in_store(self) -> int:
        return max(self.on_hand - self.reserved, 0)

    @property
    def available_online(self) -> int:
        return max(self.on_hand - self.reserved - self.buffer, 0)


class StockMovement(models.Model):
    """Append-only ledger row: one change to on_hand and/or reserved, with why and who."""

    class Kind(models.TextChoices):
        RECEIVE = "receive", "Received"
        SALE = "sale", "Sold in store"
        RESERVE = "reserve", "Reserved"
        RELEASE = "release", "Released"
        FULFIL = "fulfil", "Fulfilled"
        ADJUST = "adjust", "Adjusted"
        COUNT = "count", "Counted"
        TRANSFER_OUT = "transfer_out", "Transferred out"
        TRANSFER_IN = "transfer_in", "Transferred in"
        RETURN = "return", "Returned"

    stock_level = models.ForeignKey(StockLevel, on_delete=models.PROTECT, related_name="movements")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="+")
    variant = models.ForeignKey("catalog.Variant", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    on_hand_delta = models.IntegerField(default=0)
    reserved_delta = models.IntegerField(default=0)
    on_hand_after = models.IntegerField()
    reserved_after = models.IntegerField()
    reason = models.CharField(max_length=200, blank=True)
    reference = models.CharField(
        max_length=100, blank=True, help_text="Source document: order line, transfer, return …"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["stock_level", "-created_at"]),
            models.Index(fields=["kind", "location", "created_at"]),
            models.Index(fields=["reference"]),
        ]

    def __str__(self):
        """E.g. "KNT012-BLU-S at Bergen Bryggen: received 12"; a change people sign (adjust, count) keeps its sign."""
        delta = self.on_hand_delta or self.reserved_delta
        amount = f"{delta:+d}" if self.kind in (self.Kind.ADJUST, self.Kind.COUNT) else str(abs(delta))
        return f"{self.variant.sku} at {self.location.name}: {self.get_kind_display().lower()} {amount}"


class StockChangeRequest(models.Model):
    """A receive, adjust or count sent with a reference: a retry of it returns the first movement, once per location."""

    kind = models.CharField(max_length=16, choices=StockMovement.Kind.choices)
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=100)
    fingerprint = models.CharField(max_length=64, help_text="Hash of what was asked: SKU, quantity, reason.")
    movement = models.OneToOneField(
        StockMovement, null=True, blank=True, on_delete=models.PROTECT, related_name="request"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "location", "reference"], name="stock_change_request_once"),
            models.CheckConstraint(condition=~Q(reference=""), name="stock_change_request_has_reference"),
        ]

    def __str__(self):
        return f"{self.kind} {self.reference} @ {self.location_id}"


class Reservation(models.Model):
    """Units held for an order line at a location; `StockLevel.reserved` is the sum of the open ones."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RELEASED = "released", "Released"
        FULFILLED = "fulfilled", "Fulfilled"

    stock_level = models.ForeignKey(StockLevel, on_delete=models.PROTECT, related_name="reservations")
    quantity = models.PositiveIntegerField()
    reference = models.CharField(max_length=100, help_text="The order (line) the units are held for.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="An open hold past this time is released by beat; empty: held until closed."
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["reference", "stock_level"], name="reservation_unique_per_reference"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="reservation_quantity_positive"),
        ]
        indexes = [
            models.Index(fields=["stock_level", "status"]),
            models.Index(fields=["expires_at"], name="reservation_open_expiry_idx", condition=Q(status="open")),
        ]

    def __str__(self):
        return f"{self.quantity} held for {self.reference} ({self.get_status_display().lower()})"


class StaffProfile(models.Model):
    """Links a staff user to the store they work in; what they may do there comes from their group's permissions."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile")
    home_location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="staff")

    def __str__(self):
        return f"{self.user} @ {self.home_location}"
