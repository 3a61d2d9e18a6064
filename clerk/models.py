"""The clerk's basket: one per clerk, rows in the database like the shop's cart, until it is sold or ordered."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Basket(models.Model):
    """What a clerk is about to sell or order for the customer in front of them, at their store.

    `number` is the order number the next sale or order will get, taken from the order sequence when the basket
    is (re)started: a double tap or a retry posts the same number, and the order under that number is the answer."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clerk_basket", verbose_name=_("clerk")
    )
    location = models.ForeignKey(
        "inventory.Location", on_delete=models.PROTECT, related_name="+", verbose_name=_("store")
    )
    customer = models.ForeignKey(
        "customers.Customer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("customer"),
    )
    number = models.CharField(_("next order number"), max_length=20)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("clerk basket")
        verbose_name_plural = _("clerk baskets")
        permissions = [
            ("sell_at_store", _("Can sell at the counter of their own store")),
            ("order_for_customer", _("Can place orders for customers at the counter")),
        ]

    def __str__(self):
        return f"{self.user} @ {self.location}"


class BasketLine(models.Model):
    basket = models.ForeignKey(Basket, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey("catalog.Variant", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"))
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name = _("basket line")
        verbose_name_plural = _("basket lines")
        constraints = [
            models.UniqueConstraint(fields=["basket", "variant"], name="clerk_basket_line_unique_variant"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="clerk_basket_line_quantity_positive"),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.variant_id}"


class TerminalPayment(models.Model):
    """A card payment asked of the store's Stripe Terminal reader for a basket, written before Stripe is called.

    One per basket number: what was in the basket when the card was asked for (`lines`, the amount) is what the
    sale records once the reader (the webhook, or a retrieve of the intent) says the card paid; a decline or a
    cancelled action leaves the basket as it was. For an order placed for the customer (`kind` order) the order
    is written first, unpaid, and this row follows its card (`clerk.reader_orders`)."""

    class Kind(models.TextChoices):
        SALE = "sale", _("Sale at the counter")
        ORDER = "order", _("Order for the customer")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for the card")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Not paid")

    number = models.CharField(_("order number"), max_length=20, unique=True)
    kind = models.CharField(max_length=5, choices=Kind.choices, default=Kind.SALE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey("inventory.Location", on_delete=models.PROTECT, related_name="+")
    customer = models.ForeignKey(
        "customers.Customer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lines = models.JSONField(default=list, help_text="[{sku, quantity, unit_price}] as the card was asked for.")
    reward_code = models.CharField(max_length=64, blank=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    reader_id = models.CharField(max_length=64)
    intent_id = models.CharField(max_length=255, blank=True, db_index=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.WAITING)
    message = models.CharField(max_length=300, blank=True)
    order = models.ForeignKey("orders.Order", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("card reader payment")
        verbose_name_plural = _("card reader payments")

    def __str__(self):
        return f"{self.number}: {self.amount} ({self.status})"
