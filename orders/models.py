"""Orders from every channel, with lines that snapshot what was sold and at what price."""

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

    OPEN_PICKUP_STATUSES = (Status.PLACED, Status.PICKING, Status.READY)

    number = models.CharField(max_length=20, unique=True, help_text="Human order number, e.g. W-100042.")
    customer = models.ForeignKey(
        "customers.Customer", null=True, blank=True, on_delete=models.PROTECT, related_name="orders"
    )
    email = models.EmailField(blank=True)
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
    external_id = models.CharField(max_length=100, blank=True, help_text="The marketplace's or POS's own id.")
    currency = models.CharField(max_length=3)
    subtotal = models.DecimalField(max_digits=12, decimal_places=2)
    discount_total = models.DecimalField(max_digits=12, decimal_places=2, default=0)
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
        ]

    def __str__(self):
        return self.number


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey("catalog.Variant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sku = models.CharField(max_length=64)
    name = models.CharField(max_length=250)
    unit_price = models.DecimalField(max_digits=12, decimal_places=2)
    quantity = models.PositiveIntegerField()
    line_total = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["pk"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="order_line_quantity_positive")]

    def __str__(self):
        return f"{self.quantity} × {self.sku}"
