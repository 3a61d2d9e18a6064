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
