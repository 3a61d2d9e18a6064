"""What the stock API reads and writes; every field listed, writable only where the caller may set it."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.models import Variant
from core.api_fields import quantity_field
from inventory.models import Location, OpeningHours, StockLevel, StockMovement


@extend_schema_field(
    {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$", "example": "09:30:00"},
)
class LocalTimeField(serializers.TimeField):
    """A wall-clock time at the store (HH:MM:SS, no offset); OpenAPI's `time` format would demand an offset."""


class OpeningHoursSerializer(serializers.ModelSerializer):
    day = serializers.CharField(source="get_weekday_display", read_only=True)
    opens = LocalTimeField(read_only=True)
    closes = LocalTimeField(read_only=True)

    class Meta:
        model = OpeningHours
        fields = ["weekday", "day", "opens", "closes"]


class AddressSerializer(serializers.Serializer):
    line = serializers.CharField(source="address_line")
    postal_code = serializers.CharField()
    city = serializers.CharField()
    country = serializers.CharField()


class LocationSerializer(serializers.ModelSerializer):
    address = AddressSerializer(source="*", read_only=True)
    opening_hours = OpeningHoursSerializer(many=True, read_only=True)

    class Meta:
        model = Location
        fields = [
            "code",
            "name",
            "kind",
            "address",
            "phone",
            "timezone",
            "opening_hours",
            "is_pickup_point",
            "pickup_lead_minutes",
        ]


class StockLevelSerializer(serializers.ModelSerializer):
    location = serializers.CharField(source="location.code", read_only=True)
    sku = serializers.CharField(source="variant.sku", read_only=True)
    product = serializers.CharField(source="variant.product.name", read_only=True)
    available_in_store = serializers.IntegerField(read_only=True)
    available_online = serializers.IntegerField(read_only=True)
    buffer = serializers.IntegerField(read_only=True, help_text="Units held back from the web.")
    below_reorder_point = serializers.SerializerMethodField()

    class Meta:
        model = StockLevel
        fields = [
            "id",
            "location",
            "sku",
            "product",
            "on_hand",
            "reserved",
            "available_in_store",
            "available_online",
            "buffer",
            "reorder_point",
            "reorder_quantity",
            "below_reorder_point",
            "updated_at",
        ]
        read_only_fields = fields

    def get_below_reorder_point(self, level) -> bool:
        return level.reorder_point > 0 and level.available_in_store <= level.reorder_point


class MovementSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.get_username", default=None, read_only=True)

    class Meta:
        model = StockMovement
        fields = [
            "id",
            "kind",
            "on_hand_delta",
            "reserved_delta",
            "on_hand_after",
            "reserved_after",
            "reason",
            "reference",
            "actor",
            "created_at",
        ]
        read_only_fields = fields


class StockChangeInput(serializers.Serializer):
    location = serializers.SlugRelatedField(slug_field="code", queryset=Location.objects.all())
    sku = serializers.SlugRelatedField(slug_field="sku", queryset=Variant.objects.all())
    quantity = quantity_field()
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    reference = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text="Document number; a retry with the same reference returns the first result (409 if it differs).",
    )


class ReceiveInput(StockChangeInput):
    quantity = quantity_field(help_text="Units that arrived.")


class CountInput(StockChangeInput):
    quantity = quantity_field(minimum=0, help_text="Units counted; on hand is set to this.")


class AdjustInput(StockChangeInput):
    quantity = quantity_field(signed=True, help_text="Signed change to on hand, not zero.")
    reason = serializers.CharField(max_length=200, help_text="Why (damaged, stolen, found …).")

    def validate_quantity(self, value):
        if value == 0:
            raise serializers.ValidationError("An adjustment of zero changes nothing.")
        return value


class StockChangeOutput(serializers.Serializer):
    stock_level = StockLevelSerializer()
    movement = MovementSerializer()
