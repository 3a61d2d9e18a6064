"""Orders from every channel, with lines that snapshot what was sold and at what price; carts that become orders."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from customers.models import Channel


class Order(models.Model):
    class Fulfilment(models.TextChoices):
        PICKUP = "pickup", "Pick up in store"
        SHIP = "ship", "Ship"
        IN_STORE = "in_store", "In-store sale"

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting payment"
        PLACED = "placed", "Placed"
        PICKING = "picking", "Being picked"
        READY = "ready", "Ready for pickup"
        SHIPPED = "shipped", "Shipped"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"
        EXPIRED = "expired", "Expired"

    class PaymentMethod(models.TextChoices):
        CARD = "card", "Card (online)"
        PAY_AT_PICKUP = "pay_at_pickup", "Pay at pickup"
        CASH = "cash", "Cash"
        CARD_PRESENT = "card_present", "Card in store"
        MARKETPLACE = "marketplace", "Paid at the marketplace"

    class PaymentStatus(models.TextChoices):
        UNPAID = "unpaid", "Unpaid"
        AUTHORIZED = "authorized", "Authorized"
        PAID = "paid", "Paid"
        REFUNDED = "refunded", "Refunded"
        PARTIALLY_REFUNDED = "partially_refunded", "Partially refunded"
        FAILED = "failed", "Failed"

    OPEN_PICKUP_STATUSES = (Status.PLACED, Status.PICKING, Status.READY)
    # Money taken or held for the order and not all given back: the shopper owes nothing more for it.
    PAID_STATUSES = (PaymentStatus.PAID, PaymentStatus.AUTHORIZED, PaymentStatus.PARTIALLY_REFUNDED)

    number = models.CharField(max_length=20, unique=True, help_text="Human order number, e.g. W-100042.")
    customer = models.ForeignKey(
        "customers.Customer", null=True, blank=True, on_delete=models.PROTECT, related_name="orders"
    )
    email = models.EmailField(blank=True)
    name = models.CharField(max_length=200, blank=True, db_default="", help_text="Who ordered, as given at checkout.")
    phone = models.CharField(max_length=32, blank=True, db_default="")
    channel = models.CharField(max_length=12, choices=Channel.choices)
    fulfilment = models.CharField(max_length=10, choices=Fulfilment.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    location = models.ForeignKey(
        "inventory.Location",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
        help_text="The store that sold it, or the pickup store.",
    )
    stock_location = models.ForeignKey(
        "inventory.Location",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Where the units are held: the pickup store, the warehouse, or the store that ships.",
    )
    transfer = models.ForeignKey(
        "inventory.Transfer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Ship to store: the transfer that brings the units to the pickup store.",
    )
    shipping_address = models.JSONField(default=dict, db_default={}, blank=True)
    ready_at = models.DateTimeField(null=True, blank=True, help_text="When the shopper was told it can be collected.")
    payment_method = models.CharField(max_length=16, choices=PaymentMethod.choices, blank=True, db_default="")
    payment_status = models.CharField(
        max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.UNPAID, db_default=PaymentStatus.UNPAID
    )
    stripe_payment_intent_id = models.CharField(max_length=255, blank=True, db_default="", db_index=True)
    amount_paid = models.DecimalField(max_digits=12, decimal_places=2, default=0, db_default=0)
    reward_code = models.CharField(
        max_length=16,
        blank=True,
        db_default="",
        help_text="The loyalty reward code used on this order, given back if it is cancelled.",
    )
    amount_refunded = models.DecimalField(
        max_digits=12, decimal_places=2, default=0, db_default=0, help_text="Card refunds so far, as Stripe reports."
    )
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="An unpaid card order's units are released after this."
    )
    external_id = models.CharField(max_length=100, blank=True, help_text="The marketplace's or POS's own id.")
    currency = models.CharField(max_length=3)
    subtotal = models.DecimalField(max_digits=12, decimal_places=2)
    discount_total = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    shipping_total = models.DecimalField(max_digits=12, decimal_places=2, default=0, db_default=0)
    total = models.DecimalField(max_digits=12, decimal_places=2)
    placed_at = models.DateTimeField(db_index=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-placed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_id"], condition=~Q(external_id=""), name="order_unique_external_id"
            ),
            models.CheckConstraint(condition=Q(total__gte=0), name="order_total_not_negative"),
        ]
        indexes = [
            models.Index(fields=["customer", "-placed_at"]),
            models.Index(fields=["location", "status"]),
            models.Index(fields=["status", "expires_at"], condition=Q(status="pending"), name="order_pending_expiry"),
        ]

    def __str__(self):
        """Reads "Order W-100042 — Kari Nordmann": the name given at checkout, else the profile if loaded, else email."""
        customer = self.customer.display_name if self.customer_id and Order.customer.is_cached(self) else ""
        who = self.name or customer or self.email
        return f"Order {self.number} — {who}" if who else f"Order {self.number}"

    @property
    def is_paid(self) -> bool:
        """The one answer to "is it paid?" for services, the clerk's pages and the emails alike."""
        return self.payment_status in self.PAID_STATUSES


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey("catalog.Variant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sku = models.CharField(max_length=64)
    name = models.CharField(max_length=250)
    unit_price = models.DecimalField(max_digits=12, decimal_places=2)
    quantity = models.PositiveIntegerField()
    line_total = models.DecimalField(max_digits=12, decimal_places=2)
    refused = models.BooleanField(
        default=False, db_default=False, help_text="Not taken at pickup: back on the shelf, not in the total."
    )

    class Meta:
        ordering = ["pk"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="order_line_quantity_positive")]

    def __str__(self):
        return f"{self.quantity} × {self.sku}"


class OrderEvent(models.Model):
    """One step of an order's life (who, when, from which status to which), written by the order services only."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=10, choices=Order.Status.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=Order.Status.choices)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["order", "at"])]

    def __str__(self):
        return f"{self.order_id}: {self.from_status or '—'} → {self.to_status}"


class PaymentRefund(models.Model):
    """A refund we asked Stripe for: written before the call, so two callers can never refund more than was paid."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="refunds")
    key = models.CharField(max_length=120, unique=True, help_text="The caller's idempotency key, e.g. return-R-12.")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    stripe_refund_id = models.CharField(max_length=255, blank=True, help_text="Empty until Stripe answered.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_refund_amount_positive")]

    def __str__(self):
        return f"{self.order_id}: {self.amount} ({self.key})"


class StripeEvent(models.Model):
    """A Stripe webhook event we handled: its unique id makes a second delivery of the same event a no-op."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    order = models.ForeignKey(Order, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    received_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["received_at", "pk"]

    def __str__(self):
        return f"{self.event_id} ({self.type})"


class Cart(models.Model):
    """A shopper's cart as rows, so the web shop and the app share it: a customer's, or an anonymous one by key."""

    customer = models.OneToOneField(
        "customers.Customer", null=True, blank=True, on_delete=models.CASCADE, related_name="cart"
    )
    session_key = models.CharField(
        max_length=64, blank=True, help_text="For an anonymous cart: the random key kept in the visitor's session."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session_key"], condition=~Q(session_key=""), name="cart_unique_session"),
            models.CheckConstraint(condition=Q(customer__isnull=False) | ~Q(session_key=""), name="cart_has_an_owner"),
        ]

    def __str__(self):
        return f"Cart #{self.pk}"


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey("catalog.Variant", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()
    price_when_added = models.DecimalField(
        max_digits=12, decimal_places=2, help_text="Shown next to today's price when it changed; never charged."
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "variant"], name="cart_line_unique_variant"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="cart_line_quantity_positive"),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.variant_id}"


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


class Return(models.Model):
    """Goods of one order brought back at one store: what came back, in what state, and how the money went back."""

    class RefundMethod(models.TextChoices):
        CARD = "card", "To the original card"
        CASH = "cash", "Cash at the till"

    class RefundStatus(models.TextChoices):
        PENDING = "pending", "Refund pending"
        REFUNDED = "refunded", "Refunded"
        PAID_CASH = "paid_cash", "Paid out in cash"
        FAILED = "failed", "Refund failed"
        NONE = "none", "Nothing to refund"

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="returns")
    location = models.ForeignKey(
        "inventory.Location", on_delete=models.PROTECT, related_name="returns", help_text="The store that took it."
    )
    key = models.CharField(
        max_length=100, blank=True, help_text="The till's or console's idempotency key: a retry returns this return."
    )
    reason = models.CharField(max_length=200, blank=True)
    refund_method = models.CharField(max_length=8, choices=RefundMethod.choices)
    refund_amount = models.DecimalField(max_digits=12, decimal_places=2)
    refund_status = models.CharField(max_length=10, choices=RefundStatus.choices, default=RefundStatus.PENDING)
    refund_reference = models.CharField(max_length=255, blank=True, help_text="The card provider's refund id.")
    refund_error = models.CharField(max_length=300, blank=True)
    points_reversed = models.IntegerField(default=0)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    device = models.ForeignKey(DeviceClient, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=~Q(key=""), name="return_unique_key"),
            models.CheckConstraint(condition=Q(refund_amount__gte=0), name="return_refund_not_negative"),
        ]

    def __str__(self):
        return f"R-{self.pk}"

    @property
    def number(self) -> str:
        return f"R-{self.pk}"


class ReturnLine(models.Model):
    class Condition(models.TextChoices):
        RESELLABLE = "resellable", "Resellable (back on the shelf)"
        DAMAGED = "damaged", "Damaged (written off)"

    ret = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(OrderLine, on_delete=models.PROTECT, related_name="return_lines")
    quantity = models.PositiveIntegerField()
    condition = models.CharField(max_length=10, choices=Condition.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2, help_text="What is refunded for these units.")

    class Meta:
        ordering = ["pk"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="return_line_quantity_positive")]

    def __str__(self):
        return f"{self.quantity} × {self.order_line.sku} ({self.condition})"


from orders.marketing_models import *  # noqa: E402, F403  (the tables of the customer emails)
