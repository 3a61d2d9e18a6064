"""The catalog (PIM): categories, products and the sellable variants (SKUs)."""

import re
from decimal import Decimal

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Upper
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

SEARCH_CONFIG = "english"
SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # what the <slug:…> path converter accepts, none of it quoted in a URL
_around_slug: dict[tuple, tuple[str, str]] = {}


def url_with_slug(viewname: str, slug: str) -> str:
    """`reverse(viewname, kwargs={"slug": slug})`, with what comes before and after the slug resolved once per
    URL name, URLconf and script prefix: a category grid asks for 24 product and a menu for every category
    address, at some 30 µs a reverse()."""
    if not isinstance(slug, str) or not SLUG.fullmatch(slug):
        return reverse(viewname, kwargs={"slug": slug})  # refused as reverse() refuses it
    key = (viewname, get_urlconf(), get_script_prefix())
    around = _around_slug.get(key)
    if around is None:
        # Two addresses that differ only in the slug: what they share before and after it is the rest of the URL.
        first, second = reverse(viewname, kwargs={"slug": "a"}), reverse(viewname, kwargs={"slug": "b"})
        start = next(i for i, (x, y) in enumerate(zip(first, second, strict=True)) if x != y)
        around = _around_slug[key] = (first[:start], first[start + 1 :])
    return f"{around[0]}{slug}{around[1]}"


class Category(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0, help_text=_("Lower numbers come first in menus."))
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]
        indexes = [
            models.Index(fields=["parent", "position"]),
            # Search matches category names too ("scarves" finds everything in "Hats & Scarves").
            GinIndex(SearchVector("name", config=SEARCH_CONFIG), name="catalog_category_search"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return url_with_slug("storefront:category", self.slug)


class Product(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    description = models.TextField(blank=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    is_active = models.BooleanField(
        default=True, help_text=_("Inactive products are hidden from the shop and the API.")
    )
    related = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="related_to", help_text=_("Accessories that go with it.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Kept by catalog.services.products_listing_refresh from the active variants, so a listing reads columns
    # instead of four correlated subqueries per product; min_price is null when nothing is for sale.
    min_price = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True, editable=False)
    max_price = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True, editable=False)
    variant_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    default_variant = models.ForeignKey(
        "Variant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    # The words of name and description, stored: search matches and ranks them without parsing every text again.
    search_vector = models.GeneratedField(
        expression=SearchVector("name", "description", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["name"]
        permissions = [("import_catalog", "Can import the catalog from a CSV file")]
        indexes = [
            models.Index(fields=["category", "is_active", "name"]),
            # Home's "New in": the newest sellable products straight from the index, whatever the catalog's size.
            models.Index(
                fields=["-created_at", "-id"],
                condition=models.Q(is_active=True, min_price__isnull=False),
                name="catalog_product_newest",
            ),
            GinIndex(fields=["search_vector"], name="catalog_product_search"),
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="catalog_product_name_trgm"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return url_with_slug("storefront:product", self.slug)


class ProductImage(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(upload_to="products/%Y/%m/", blank=True)
    url = models.URLField(blank=True, help_text=_("An external image address, used when no file is uploaded."))
    alt_text = models.CharField(max_length=200, help_text=_("What the picture shows, for screen readers."))
    position = models.PositiveIntegerField(default=0)
    # [[width, storage name], …] of the file and its smaller copies, for srcset; empty when only one size exists.
    renditions = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.alt_text

    @property
    def src(self) -> str:
        return self.image.url if self.image else self.url

    @property
    def srcset(self) -> str:
        """ "…-400.png 400w, …-800.png 800w": lets a phone load the small copy; empty without renditions."""
        if not self.image or not self.renditions:
            return ""
        storage = self.image.storage
        return ", ".join(f"{storage.url(name)} {width}w" for width, name in sorted(self.renditions))


class Variant(models.Model):
    """The sellable SKU: one price for every channel."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    sku = models.CharField("SKU", max_length=64, unique=True)
    gtin = models.CharField("GTIN / barcode", max_length=14, null=True, blank=True, unique=True)
    options = models.JSONField(default=dict, blank=True, help_text=_('e.g. {"size": "M", "colour": "Blue"}'))
    price = models.DecimalField(max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    is_active = models.BooleanField(default=True)
    position = models.PositiveIntegerField(default=0, help_text=_("Lower numbers come first on the product page."))

    class Meta:
        ordering = ["product", "position", "sku"]
        constraints = [models.CheckConstraint(condition=models.Q(price__gte=0), name="variant_price_not_negative")]
        indexes = [
            models.Index(fields=["product", "is_active", "position"]),
            models.Index(fields=["price"]),
            # Shoppers and clerks type SKUs and barcodes in any case, often only the start of one.
            models.Index(OpClass(Upper("sku"), name="text_pattern_ops"), name="catalog_variant_sku_prefix"),
            models.Index(OpClass(Upper("gtin"), name="text_pattern_ops"), name="catalog_variant_gtin_prefix"),
        ]

    def __str__(self):
        return f"{self.product.name} — {self.label}" if self.options else self.product.name

    @property
    def label(self) -> str:
        """Human label of the options, e.g. "M / Blue"."""
        return " / ".join(str(v) for v in self.options.values()) or self.sku


class PriceChange(models.Model):
    """One change of a variant's price, so a price drop can be told from a price that went up and came back."""

    class Source(models.TextChoices):
        ADMIN = "admin", _("Staff console")
        IMPORT = "import", _("CSV import")
        OTHER = "other", _("Other")

    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, related_name="price_changes")
    old_price = models.DecimalField(max_digits=12, decimal_places=2)
    new_price = models.DecimalField(max_digits=12, decimal_places=2)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.OTHER)
    changed_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["variant", "-changed_at"])]
        constraints = [
            models.CheckConstraint(condition=~models.Q(old_price=models.F("new_price")), name="price_change_changes")
        ]

    def __str__(self):
        return f"{self.variant_id}: {self.old_price} → {self.new_price}"
