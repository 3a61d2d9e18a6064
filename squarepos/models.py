"""The Square connector's own tables: which Square object is which of ours, what Square last heard, and what it told.

Our catalog, ledger and customers stay the source of truth; these rows only remember the other side of the link.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SquareItem(models.Model):
    """A product as a Square ITEM: its Square id and version, and a fingerprint of what Square last accepted."""

    product = models.OneToOneField(
        "catalog.Product", on_delete=models.CASCADE, related_name="square_item", verbose_name=_("product")
    )
    square_id = models.CharField(_("Square id"), max_length=64, unique=True)
    version = models.BigIntegerField(_("version"), null=True, blank=True)
    fingerprint = models.CharField(_("fingerprint"), max_length=64, blank=True)
    synced_at = models.DateTimeField(_("synced at"))

    class Meta:
        verbose_name = _("Square item")
        verbose_name_plural = _("Square items")

    def __str__(self):
        return self.square_id


class SquareVariation(models.Model):
    """A variant as a Square ITEM_VARIATION: the id a till's sale names in `catalog_object_id`."""

    variant = models.OneToOneField(
        "catalog.Variant", on_delete=models.CASCADE, related_name="square_variation", verbose_name=_("variant")
    )
    item = models.ForeignKey(SquareItem, on_delete=models.CASCADE, related_name="variations")
    square_id = models.CharField(_("Square id"), max_length=64, unique=True)
    version = models.BigIntegerField(_("version"), null=True, blank=True)

    class Meta:
        verbose_name = _("Square variation")
        verbose_name_plural = _("Square variations")

    def __str__(self):
        return self.square_id


class SquareStockCount(models.Model):
    """The count Square last accepted from us for a variant at a linked store (on hand minus reserved)."""

    location = models.ForeignKey("inventory.Location", on_delete=models.CASCADE, related_name="+")
    variant = models.ForeignKey("catalog.Variant", on_delete=models.CASCADE, related_name="+")
    quantity = models.IntegerField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["location", "variant"], name="square_stock_count_once"),
        ]

    def __str__(self):
        return f"{self.variant_id}@{self.location_id}: {self.quantity}"


class SquareSync(models.Model):
    """The last catalog or stock sync of one linked store: when, how many objects, how many requests, what failed."""

    class Kind(models.TextChoices):
        CATALOG = "catalog", _("Catalog")
        STOCK = "stock", _("Stock")

    location = models.ForeignKey(
        "inventory.Location", on_delete=models.CASCADE, related_name="square_syncs", verbose_name=_("store")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    ran_at = models.DateTimeField(_("last run"))
    sent = models.PositiveIntegerField(_("objects sent"), default=0)
    requests = models.PositiveIntegerField(_("requests"), default=0)
    errors = models.TextField(_("errors"), blank=True)
    # Stock only: levels changed since this moment (less a margin for late commits) are looked at next time.
    changed_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Square sync")
        verbose_name_plural = _("Square syncs")
        ordering = ["location__name", "kind"]
        constraints = [models.UniqueConstraint(fields=["location", "kind"], name="square_sync_one_per_store_kind")]

    def __str__(self):
        return f"{self.location} · {self.get_kind_display()}"


class SquareEvent(models.Model):
    """A webhook event Square sent us, kept once by its event id and worked through until it is done."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DONE = "done", _("Done")
        IGNORED = "ignored", _("Nothing to do")
        ATTENTION = "attention", _("Needs attention")

    event_id = models.CharField(_("event id"), max_length=100, unique=True)
    type = models.CharField(_("type"), max_length=60)
    payload = models.JSONField(_("payload"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    # `reason` in English; staff read `reason_message` with `reason_params` in their own language (reason_display).
    reason = models.TextField(_("reason"), blank=True)
    reason_message = models.TextField(blank=True, default="", db_default="")
    reason_params = models.JSONField(blank=True, default=dict, db_default={})
    subject_id = models.CharField(_("Square order or refund"), max_length=100, blank=True)
    location = models.ForeignKey(
        "inventory.Location",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("store"),
    )
    order = models.ForeignKey(
        "orders.Order",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=pgettext_lazy("square event", "order"),
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)

    class Meta:
        verbose_name = _("Square event")
        verbose_name_plural = _("Square events")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["next_attempt_at"], name="square_event_due_idx", condition=Q(status="pending")),
            models.Index(fields=["subject_id"]),
        ]

    def __str__(self):
        return f"{self.type} {self.event_id}"

    @property
    def reason_display(self) -> str:
        """Why, in the active language (an event written before reasons were kept as messages: as it was written)."""
        from squarepos.reasons import reason_text

        return reason_text(self.reason_message, self.reason_params) if self.reason_message else self.reason
