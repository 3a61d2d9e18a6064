"""Catalog API output: every field listed, nothing writable (the catalog is edited in the admin and by CSV import)."""

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.models import Category, Product, ProductImage, Variant


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "slug", "parent", "position", "description"]
        read_only_fields = fields


class ProductImageSerializer(serializers.ModelSerializer):
    src = serializers.CharField(read_only=True, help_text="Image address (uploaded file or external URL).")

    class Meta:
        model = ProductImage
        fields = ["src", "alt_text", "position"]
        read_only_fields = fields


class LocationAvailabilitySerializer(serializers.Serializer):
    """One location's stock of one variant: `in_store` can be bought at the counter, `online` promised to the web."""

    location_code = serializers.CharField(source="location.code")
    location_name = serializers.CharField(source="location.name")
    location_kind = serializers.CharField(source="location.kind")
    in_store = serializers.IntegerField(min_value=0)
    online = serializers.IntegerField(min_value=0)


class VariantSerializer(serializers.ModelSerializer):
    options = serializers.DictField(child=serializers.CharField(), read_only=True, help_text='e.g. {"size": "M"}')
    availability = serializers.SerializerMethodField(help_text="Stock per location that carries this SKU.")

    class Meta:
        model = Variant
        fields = ["id", "sku", "gtin", "options", "price", "availability"]
        read_only_fields = fields

    @extend_schema_field(LocationAvailabilitySerializer(many=True))
    def get_availability(self, variant):
        rows = self.context.get("availability", {}).get(variant.pk, [])
        return LocationAvailabilitySerializer(rows, many=True).data


class ProductListSerializer(serializers.ModelSerializer):
    category_slug = serializers.CharField(source="category.slug", read_only=True)
    min_price = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True, allow_null=True)
    max_price = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True, allow_null=True)
    currency = serializers.SerializerMethodField()
    in_stock = serializers.BooleanField(read_only=True, help_text="Some store can hand it over now.")
    available_online = serializers.BooleanField(source="online", read_only=True)
    image = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url", read_only=True, help_text="Storefront page.")

    class Meta:
        model = Product
        fields = [
            "id",
            "name",
            "slug",
            "category",
            "category_slug",
            "is_active",
            "min_price",
            "max_price",
            "currency",
            "in_stock",
            "available_online",
            "image",
            "url",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_currency(self, product) -> str:
        return settings.SHOP_CURRENCY

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_image(self, product):
        first = next(iter(product.images.all()), None)
        return first.src if first else None


class ProductDetailSerializer(ProductListSerializer):
    images = ProductImageSerializer(many=True, read_only=True)
    variants = VariantSerializer(many=True, read_only=True)
    related = serializers.SerializerMethodField(help_text="Ids of active products that go with this one.")

    class Meta(ProductListSerializer.Meta):
        fields = [*ProductListSerializer.Meta.fields, "description", "images", "variants", "related"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_related(self, product):
        return [p.pk for p in product.related_active]
