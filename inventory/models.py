"""Locations and the one stock ledger: levels per location and SKU, and every movement that made them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.validators import validate_time_zone


class Location(models.Model):
    class Kind(models.TextChoices):
        STORE = "store", _("Store")
        WAREHOUSE = "warehouse", _("Warehouse")

    code = models.SlugField(
        max_length=20,
        unique=True,
        help_text=_("Short code used by the POS and in reports, e.g. OSL1."),
        verbose_name=_("code"),
    )
    name = models.CharField(max_length=120, verbose_name=_("name"))
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.STORE, verbose_name=_("kind"))
    address_line = models.CharField(max_length=200, blank=True, verbose_name=_("address line"))
    postal_code = models.CharField(max_length=20, blank=True, verbose_name=_("postal code"))
    city = models.CharField(max_length=100, blank=True, verbose_name=_("city"))
    country = models.CharField(
        max_length=2,
        default="NO",
        help_text=_("Two-letter country code, e.g. NO; phone numbers without +47 are read as this country's."),
        verbose_name=_("country"),
    )
    phone = models.CharField(max_length=32, blank=True, verbose_name=_("phone"))
    email = models.EmailField(
        blank=True, help_text=_("The store manager's address for low-stock digests."), verbose_name=_("email")
    )
    timezone = models.CharField(
        max_length=64,
        default="Europe/Oslo",
        validators=[validate_time_zone],
        help_text=_("Opening hours are in this time zone, e.g. Europe/Oslo."),
        verbose_name=_("timezone"),
    )
    is_pickup_point = models.BooleanField(
        default=False,
        help_text=_("Shoppers can choose this location for click & collect."),
        verbose_name=_("is pickup point"),
    )
    pickup_lead_minutes = models.PositiveIntegerField(
        default=120, help_text=_("Time staff need to pick an order."), verbose_name=_("pickup lead minutes")
    )
    default_online_buffer = models.PositiveIntegerField(
        default=0,
        help_text=_("Units of each SKU held back from the web unless a stock level says otherwise."),
        verbose_name=_("default online buffer"),
    )
    is_active = models.BooleanField(default=True, verbose_name=_("is active"))
    square_location_id = models.CharField(
        _("Square location id"),
        max_length=64,
        blank=True,
        default="",
        db_default="",  # a store written by code that predates the connector is simply not linked
        help_text=_("The Square location whose till sells from this store (manage.py square_link). Stores only."),
    )
    terminal_reader_id = models.CharField(
        _("card reader"),
        max_length=64,
        blank=True,
        default="",
        db_default="",
        help_text=_("The store's Stripe Terminal reader (tmr_…); empty when the counter's card terminal is its own."),
    )

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["kind", "name"]
        permissions = [
            ("act_anywhere", "Can change stock and transfers at every location"),
            ("see_anywhere", "Can see stock, transfers, pickups, orders and returns at every location"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["square_location_id"],
                condition=~Q(square_location_id=""),
                name="location_one_store_per_square_location",
                violation_error_message=_("Another store is already linked to this Square location."),
            ),
            # The warehouse sells nothing at a till.
            models.CheckConstraint(
                condition=Q(square_location_id="") | Q(kind="store"),
                name="location_square_link_stores_only",
                violation_error_message=_("Only a store can be linked to a Square location, never the warehouse."),
            ),
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

    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="opening_hours", verbose_name=_("location")
    )
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, verbose_name=_("weekday"))
    opens = models.TimeField(verbose_name=_("opens"))
    closes = models.TimeField(verbose_name=_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        ordering = ["location", "weekday"]
        verbose_name_plural = _("opening hours")
        constraints = [
            models.UniqueConstraint(fields=["location", "weekday"], name="opening_hours_one_per_weekday"),
            models.CheckConstraint(condition=Q(closes__gt=F("opens")), name="opening_hours_close_after_open"),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class StockLevel(models.Model):
    """Stock of one SKU at one location. Changed only by inventory.services, each change in the ledger."""

    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="stock_levels", verbose_name=_("location")
    )
    variant = models.ForeignKey(
        "catalog.Variant", on_delete=models.PROTECT, related_name="stock_levels", verbose_name=_("variant")
    )
    on_hand = models.IntegerField(default=0, verbose_name=_("on hand"))
    reserved = models.IntegerField(default=0, verbose_name=_("reserved"))
    online_buffer = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_("Units kept back from the web shop; leave empty to use the store's default."),
        verbose_name=_("online buffer"),
    )
    reorder_point = models.PositiveIntegerField(
        default=0,
        help_text=_("When what can be sold falls to this, the SKU shows on the reorder page."),
        verbose_name=_("reorder point"),
    )
    reorder_quantity = models.PositiveIntegerField(
        default=0, help_text=_("The smallest quantity worth ordering."), verbose_name=_("reorder quantity")
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("stock level")
        verbose_name_plural = _("stock levels")
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
        indexes = [
            models.Index(fields=["variant", "location"]),
            # What changed at a store since a moment: the levels the Square connector sends each minute.
            models.Index(fields=["location", "updated_at"], name="stock_level_changed_idx"),
        ]

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
        RECEIVE = "receive", _("Received")
        SALE = "sale", _("Sold in store")
        RESERVE = "reserve", _("Reserved")
        RELEASE = "release", _("Released")
        FULFIL = "fulfil", _("Fulfilled")
        ADJUST = "adjust", _("Adjusted")
        COUNT = "count", _("Counted")
        TRANSFER_OUT = "transfer_out", _("Transferred out")
        TRANSFER_IN = "transfer_in", _("Transferred in")
        RETURN = "return", _("Returned")

    stock_level = models.ForeignKey(
        StockLevel, on_delete=models.PROTECT, related_name="movements", verbose_name=_("stock level")
    )
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="+", verbose_name=_("location"))
    variant = models.ForeignKey(
        "catalog.Variant", on_delete=models.PROTECT, related_name="+", verbose_name=_("variant")
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, verbose_name=_("kind"))
    on_hand_delta = models.IntegerField(default=0, verbose_name=_("on hand delta"))
    reserved_delta = models.IntegerField(default=0, verbose_name=_("reserved delta"))
    on_hand_after = models.IntegerField(verbose_name=_("on hand after"))
    reserved_after = models.IntegerField(verbose_name=_("reserved after"))
    reason = models.CharField(max_length=200, blank=True, verbose_name=_("reason"))
    reference = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("Source document: order line, transfer, return …"),
        verbose_name=_("reference"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("actor"),
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
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

    kind = models.CharField(max_length=16, choices=StockMovement.Kind.choices, verbose_name=_("kind"))
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="+", verbose_name=_("location"))
    reference = models.CharField(max_length=100, verbose_name=_("reference"))
    fingerprint = models.CharField(
        max_length=64, help_text=_("Hash of what was asked: SKU, quantity, reason."), verbose_name=_("fingerprint")
    )
    movement = models.OneToOneField(
        StockMovement,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="request",
        verbose_name=_("movement"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("stock change request")
        verbose_name_plural = _("stock change requests")
        constraints = [
            models.UniqueConstraint(fields=["kind", "location", "reference"], name="stock_change_request_once"),
            models.CheckConstraint(condition=~Q(reference=""), name="stock_change_request_has_reference"),
        ]

    def __str__(self):
        return f"{self.kind} {self.reference} @ {self.location_id}"


class Reservation(models.Model):
    """Units held for an order line at a location; `StockLevel.reserved` is the sum of the open ones."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RELEASED = "released", _("Released")
        FULFILLED = "fulfilled", _("Fulfilled")

    stock_level = models.ForeignKey(
        StockLevel, on_delete=models.PROTECT, related_name="reservations", verbose_name=_("stock level")
    )
    quantity = models.PositiveIntegerField(verbose_name=_("quantity"))
    reference = models.CharField(
        max_length=100, help_text=_("The order (line) the units are held for."), verbose_name=_("reference")
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, verbose_name=_("status"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    closed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("closed at"))
    expires_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("An open hold past this time is released by beat; empty: held until closed."),
        verbose_name=_("expires at"),
    )

    class Meta:
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
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

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile", verbose_name=_("user")
    )
    home_location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="staff", verbose_name=_("home location")
    )

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self):
        return f"{self.user} @ {self.home_location}"
