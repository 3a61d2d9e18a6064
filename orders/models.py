"""Orders from every channel, with lines that snapshot what was sold and at what price; carts that become orders."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from customers.models import Channel


class Order(models.Model):
    class Fulfilment(models.TextChoices):
        PICKUP = "pickup", _("Pick up in store")
        SHIP = "ship", _("Ship")
        IN_STORE = "in_store", _("In-store sale")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting payment")
        PLACED = "placed", _("Placed")
        PICKING = "picking", _("Being picked")
        READY = "ready", _("Ready for pickup")
        SHIPPED = "shipped", _("Shipped")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired")

    class PaymentMethod(models.TextChoices):
        CARD = "card", _("Card (online)")
        PAY_AT_PICKUP = "pay_at_pickup", _("Pay at pickup")
        CASH = "cash", _("Cash")
        CARD_PRESENT = "card_present", _("Card in store")
        MARKETPLACE = "marketplace", _("Paid at the marketplace")

    class PaymentStatus(models.TextChoices):
        UNPAID = "unpaid", _("Unpaid")
        AUTHORIZED = "authorized", _("Authorized")
        PAID = "paid", _("Paid")
        REFUNDED = "refunded", _("Refunded")
        PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
        FAILED = "failed", _("Failed")

    OPEN_PICKUP_STATUSES = (Status.PLACED, Status.PICKING, Status.READY)
    # Marketplaces and social shops confirm their orders to the shopper themselves.
    SELF_CONFIRMING_CHANNELS = (Channel.MARKETPLACE, Channel.SOCIAL)
    # Sold and in the customer's hands: only then can goods come back.
    RETURNABLE_STATUSES = (Status.COMPLETED, Status.SHIPPED)
    # Money taken or held for the order and not all given back: the shopper owes nothing more for it.
    PAID_STATUSES = (PaymentStatus.PAID, PaymentStatus.AUTHORIZED, PaymentStatus.PARTIALLY_REFUNDED)

    number = models.CharField(
        max_length=20, unique=True, help_text=_("Human order number, e.g. W-100042."), verbose_name=_("number")
    )
    customer = models.ForeignKey(
        "customers.Customer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
        verbose_name=_("customer"),
    )
    email = models.EmailField(blank=True, verbose_name=_("email"))
    name = models.CharField(
        max_length=200,
        blank=True,
        db_default="",
        help_text=_("Who ordered, as given at checkout."),
        verbose_name=_("name"),
    )
    phone = models.CharField(max_length=32, blank=True, db_default="", verbose_name=_("phone"))
    channel = models.CharField(max_length=12, choices=Channel.choices, verbose_name=_("channel"))
    fulfilment = models.CharField(max_length=10, choices=Fulfilment.choices, verbose_name=_("fulfilment"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, verbose_name=_("status"))
    location = models.ForeignKey(
        "inventory.Location",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
        help_text=_("The store that sold it, or the pickup store."),
        verbose_name=_("location"),
    )
    stock_location = models.ForeignKey(
        "inventory.Location",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Where the units are held: the pickup store, the warehouse, or the store that ships."),
        verbose_name=_("stock location"),
    )
    transfer = models.ForeignKey(
        "transfers.Transfer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Ship to store: the transfer that brings the units to the pickup store."),
        verbose_name=_("transfer"),
    )
    shipping_address = models.JSONField(default=dict, db_default={}, blank=True, verbose_name=_("shipping address"))
    ready_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the shopper was told it can be collected."), verbose_name=_("ready at")
    )
    payment_method = models.CharField(
        max_length=16, choices=PaymentMethod.choices, blank=True, db_default="", verbose_name=_("payment method")
    )
    payment_status = models.CharField(
        max_length=20,
        choices=PaymentStatus.choices,
        default=PaymentStatus.UNPAID,
        db_default=PaymentStatus.UNPAID,
        verbose_name=_("payment status"),
    )
    stripe_payment_intent_id = models.CharField(
        max_length=255, blank=True, db_default="", db_index=True, verbose_name=_("stripe payment intent id")
    )
    amount_paid = models.DecimalField(
        max_digits=12, decimal_places=2, default=0, db_default=0, verbose_name=_("amount paid")
    )
    reward_code = models.CharField(
        max_length=16,
        blank=True,
        db_default="",
        help_text=_("The loyalty reward code used on this order, given back if it is cancelled."),
        verbose_name=_("reward code"),
    )
    amount_refunded = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        default=0,
        db_default=0,
        help_text=_("Card refunds so far, as Stripe reports."),
        verbose_name=_("amount refunded"),
    )
    expires_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("An unpaid card order's units are released after this."),
        verbose_name=_("expires at"),
    )
    external_id = models.CharField(
        max_length=100, blank=True, help_text=_("The marketplace's or POS's own id."), verbose_name=_("external id")
    )
    currency = models.CharField(max_length=3, verbose_name=_("currency"))
    subtotal = models.DecimalField(max_digits=12, decimal_places=2, verbose_name=_("subtotal"))
    discount_total = models.DecimalField(max_digits=12, decimal_places=2, default=0, verbose_name=_("discount total"))
    shipping_total = models.DecimalField(
        max_digits=12, decimal_places=2, default=0, db_default=0, verbose_name=_("shipping total")
    )
    total = models.DecimalField(max_digits=12, decimal_places=2, verbose_name=_("total"))
    placed_at = models.DateTimeField(db_index=True, verbose_name=_("placed at"))
    completed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("completed at"))

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
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
    def is_returnable(self) -> bool:
        """Whether a store may take goods of this order back (what is left to return is the returns app's to say)."""
        return self.status in self.RETURNABLE_STATUSES

    @property
    def is_paid(self) -> bool:
        """The one answer to "is it paid?" for services, the clerk's pages and the emails alike."""
        return self.payment_status in self.PAID_STATUSES


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines", verbose_name=_("order"))
    variant = models.ForeignKey(
        "catalog.Variant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("variant")
    )
    sku = models.CharField(max_length=64, verbose_name=_("sku"))
    name = models.CharField(max_length=250, verbose_name=_("name"))
    unit_price = models.DecimalField(max_digits=12, decimal_places=2, verbose_name=_("unit price"))
    quantity = models.PositiveIntegerField(verbose_name=_("quantity"))
    line_total = models.DecimalField(max_digits=12, decimal_places=2, verbose_name=_("line total"))
    refused = models.BooleanField(
        default=False,
        db_default=False,
        help_text=_("Not taken at pickup: back on the shelf, not in the total."),
        verbose_name=_("refused"),
    )

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["pk"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="order_line_quantity_positive")]

    def __str__(self):
        return f"{self.quantity} × {self.sku}"


class OrderEvent(models.Model):
    """One step of an order's life (who, when, from which status to which), written by the order services only."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events", verbose_name=_("order"))
    at = models.DateTimeField(auto_now_add=True, verbose_name=_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("actor"),
    )
    from_status = models.CharField(
        max_length=10, choices=Order.Status.choices, blank=True, verbose_name=_("from status")
    )
    to_status = models.CharField(max_length=10, choices=Order.Status.choices, verbose_name=_("to status"))
    note = models.CharField(max_length=300, blank=True, verbose_name=_("note"))
    # A note the shop wrote, as a message and its values (orders/notes.py), read in the reader's language; empty for
    # a note typed by staff, which `note` holds as typed.
    message = models.CharField(max_length=40, blank=True, default="", db_default="")
    params = models.JSONField(blank=True, default=dict, db_default={})

    class Meta:
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["order", "at"])]

    def __str__(self):
        return f"{self.order_id}: {self.from_status or '—'} → {self.to_status}"

    @property
    def note_text(self) -> str:
        """The note in the active language; as stored when staff typed it or it has no message."""
        from orders.notes import note_text

        return note_text(message=self.message, params=self.params, fallback=self.note)


class Cart(models.Model):
    """A shopper's cart as rows, so the web shop and the app share it: a customer's, or an anonymous one by key."""

    customer = models.OneToOneField(
        "customers.Customer",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="cart",
        verbose_name=_("customer"),
    )
    session_key = models.CharField(
        max_length=64,
        blank=True,
        help_text=_("For an anonymous cart: the random key kept in the visitor's session."),
        verbose_name=_("session key"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("cart")
        verbose_name_plural = _("carts")
        constraints = [
            models.UniqueConstraint(fields=["session_key"], condition=~Q(session_key=""), name="cart_unique_session"),
            models.CheckConstraint(condition=Q(customer__isnull=False) | ~Q(session_key=""), name="cart_has_an_owner"),
        ]

    def __str__(self):
        return f"Cart #{self.pk}"


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines", verbose_name=_("cart"))
    variant = models.ForeignKey(
        "catalog.Variant", on_delete=models.CASCADE, related_name="+", verbose_name=_("variant")
    )
    quantity = models.PositiveIntegerField(verbose_name=_("quantity"))
    price_when_added = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        help_text=_("Shown next to today's price when it changed; never charged."),
        verbose_name=_("price when added"),
    )
    added_at = models.DateTimeField(auto_now_add=True, verbose_name=_("added at"))

    class Meta:
        verbose_name = _("cart line")
        verbose_name_plural = _("cart lines")
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "variant"], name="cart_line_unique_variant"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="cart_line_quantity_positive"),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.variant_id}"
