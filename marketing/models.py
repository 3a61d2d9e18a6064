"""Tables of the customer emails: products bought together, wishlist stock alerts, and one row per email sent.

The tables were created by the orders app and keep their names.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from customers.models import Customer


class BoughtTogether(models.Model):
    """How many orders (any channel, last 12 months) held both products; filled by bought_together_refresh."""

    product = models.ForeignKey(
        "catalog.Product", on_delete=models.CASCADE, related_name="+", verbose_name=_("product")
    )
    other = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+", verbose_name=_("other"))
    orders = models.PositiveIntegerField(verbose_name=_("orders"))

    class Meta:
        verbose_name = _("bought together")
        db_table = "orders_boughttogether"
        verbose_name_plural = _("bought together")
        constraints = [
            models.UniqueConstraint(fields=["product", "other"], name="bought_together_unique_pair"),
            models.CheckConstraint(condition=~Q(product=F("other")), name="bought_together_two_products"),
        ]
        indexes = [models.Index(fields=["product", "-orders"])]

    def __str__(self):
        return f"{self.product_id} + {self.other_id} × {self.orders}"


class WishlistAlert(models.Model):
    """Whether a wishlist item was last seen out of stock for this customer, so its return is told once."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="+", verbose_name=_("customer"))
    variant = models.ForeignKey(
        "catalog.Variant", on_delete=models.CASCADE, related_name="+", verbose_name=_("variant")
    )
    out_of_stock = models.BooleanField(default=True, verbose_name=_("out of stock"))
    out_since = models.DateTimeField(verbose_name=_("out since"))
    returns = models.PositiveIntegerField(
        default=0, help_text=_("How many times its return was emailed."), verbose_name=_("returns")
    )

    class Meta:
        verbose_name = _("wishlist alert")
        verbose_name_plural = _("wishlist alerts")
        db_table = "orders_wishlistalert"
        constraints = [models.UniqueConstraint(fields=["customer", "variant"], name="wishlist_alert_unique")]

    def __str__(self):
        return f"{self.customer_id} ♥ {self.variant_id} {'out' if self.out_of_stock else 'back'}"


class MarketingEmail(models.Model):
    """One marketing email to one customer for one period or event: the unique key makes every send happen once."""

    class Kind(models.TextChoices):
        BACK_IN_STOCK = "back_in_stock", _("Back in stock")
        PRICE_DROP = "price_drop", _("Price drop")
        AFTER_PURCHASE = "after_purchase", _("Goes with your purchase")
        PERSONAL_PICK = "personal_pick", _("Weekly personal pick")

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="marketing_emails", verbose_name=_("customer")
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, verbose_name=_("kind"))
    key = models.CharField(
        max_length=64, help_text=_("The period or event, e.g. 2026-W49 or an order number."), verbose_name=_("key")
    )
    items = models.JSONField(
        default=list,
        blank=True,
        help_text=_("What the email told about (variant or change ids)."),
        verbose_name=_("items"),
    )
    sent_at = models.DateTimeField(auto_now_add=True, verbose_name=_("sent at"))

    class Meta:
        verbose_name = _("marketing email")
        verbose_name_plural = _("marketing emails")
        db_table = "orders_marketingemail"
        ordering = ["-sent_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["customer", "kind", "key"], name="marketing_email_once")]
        indexes = [models.Index(fields=["kind", "-sent_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.key} → {self.customer_id}"


class CustomerSegment(Customer):
    """Customers seen by segment in the staff console (a proxy: the same rows as customers)."""

    class Meta:
        proxy = True
        verbose_name = _("customer segment")
        verbose_name_plural = _("customer segments")
