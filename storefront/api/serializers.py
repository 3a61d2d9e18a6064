"""The shopper's own data for the app: explicit fields; only name, phone, consent and home store are writable."""

from rest_framework import serializers

from core.api_fields import OptionalChoiceField
from customers.models import Channel, Customer, WishlistItem, language_choices
from inventory.models import Location
from loyalty.models import PointsEntry, Reward
from orders.api.serializers import OrderBaseSerializer


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


class OrderSerializer(OrderBaseSerializer):
    """A shopper's order in their history: the store by name."""

    location = serializers.CharField(source="location.name", read_only=True, default=None, allow_null=True)


class PointsEntrySerializer(serializers.ModelSerializer):
    channel = OptionalChoiceField(
        choices=Channel.choices,
        help_text="Where the purchase or return was; null for other entries (rewards, expiry, adjustments).",
    )
    description = serializers.CharField(
        source="text", read_only=True, help_text="What the entry was for, in the language of the request."
    )

    class Meta:
        model = PointsEntry
        fields = [
            "kind",
            "points",
            "description",
            "channel",
            "location_code",
            "location_name",
            "order_number",
            "shortfall",
            "occurred_at",
            "created_at",
        ]
        read_only_fields = fields


class TierSerializer(serializers.Serializer):
    name = serializers.CharField()
    spend = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="Purchases minus returns, 12 months.")
    next_name = serializers.CharField(allow_null=True)
    to_next = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    progress_percent = serializers.IntegerField()


class RewardSerializer(serializers.ModelSerializer):
    class Meta:
        model = Reward
        fields = ["code", "kind", "value", "points_spent", "expires_at"]
        read_only_fields = fields


class RewardCreateSerializer(serializers.Serializer):
    points = serializers.IntegerField(help_text="Points to spend: a multiple of LOYALTY_REWARD_STEP (100).")


class LoyaltySerializer(serializers.Serializer):
    card_number = serializers.CharField()
    balance = serializers.IntegerField(help_text="Points available now: the sum of all entries.")
    worth = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="What the points buy as reward codes.")
    tier = TierSerializer()
    rewards = RewardSerializer(many=True, help_text="Reward codes not used yet.")
    entries = PointsEntrySerializer(many=True, help_text="One page of the history (?page=), newest first.")
    entries_count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
