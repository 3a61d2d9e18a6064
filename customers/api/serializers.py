"""A customer's own profile and wishlist as the app reads them, and a variant put on the wishlist: explicit fields; of
the profile only the name, phone, marketing consent, home store and language are writable."""

from rest_framework import serializers

from customers.models import Customer, WishlistItem, language_choices
from inventory.models import Location


class MeSerializer(serializers.ModelSerializer):
    home_store = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Location.objects.filter(kind=Location.Kind.STORE, is_active=True),
        allow_null=True,
        required=False,
        help_text="Code of the shopper's favourite store, e.g. OSL1.",
    )
    phone = serializers.CharField(
        allow_blank=True, allow_null=True, required=False, help_text="Any common format; stored as E.164."
    )
    language = serializers.ChoiceField(
        choices=language_choices(),
        allow_blank=True,
        required=False,
        help_text="The language of the shop's emails and texts to the shopper; empty: the shop's own.",
    )

    class Meta:
        model = Customer
        fields = [
            "email",
            "first_name",
            "last_name",
            "phone",
            "card_number",
            "marketing_consent",
            "marketing_consent_at",
            "home_store",
            "language",
            "created_at",
        ]
        read_only_fields = ["email", "card_number", "marketing_consent_at", "created_at"]


class WishlistItemSerializer(serializers.ModelSerializer):
    sku = serializers.CharField(source="variant.sku", read_only=True)
    name = serializers.CharField(source="variant.__str__", read_only=True)
    price = serializers.DecimalField(source="variant.price", max_digits=12, decimal_places=2, read_only=True)
    product_slug = serializers.CharField(source="variant.product.slug", read_only=True)

    class Meta:
        model = WishlistItem
        fields = ["sku", "name", "price", "product_slug", "source", "added_at"]
        read_only_fields = fields


class WishlistAddSerializer(serializers.Serializer):
    sku = serializers.CharField(max_length=64, help_text="SKU of the variant to put on the wishlist.")
