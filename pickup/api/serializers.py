"""Pickups as the API shows them: to staff at the desk, to the shopper with their order, and the pickup stores and
windows a cart can take at checkout (pickup.checkout_options)."""

from rest_framework import serializers

from pickup.models import Pickup
from pickup.qr import pickup_qr_svg


class PickupStoreSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    address_line = serializers.CharField()
    postal_code = serializers.CharField()
    city = serializers.CharField()


class StaffPickupSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="order.number")
    location = serializers.CharField(source="location.code")
    customer = serializers.CharField(source="order.name")
    order_status = serializers.CharField(source="order.status")
    payment_method = serializers.CharField(source="order.payment_method")
    payment_status = serializers.CharField(source="order.payment_status")
    total = serializers.DecimalField(source="order.total", max_digits=12, decimal_places=2)
    currency = serializers.CharField(source="order.currency")
    items = serializers.IntegerField(required=False, help_text="Lines to hand over.")
    handed_over_by = serializers.CharField(
        source="handed_over_by.username", default=None, allow_null=True, help_text="Null until it is handed over."
    )

    class Meta:
        model = Pickup
        fields = [
            "number",
            "location",
            "status",
            "order_status",
            "customer",
            "code",
            "ready_by",
            "ready_at",
            "hold_until",
            "collected_at",
            "handed_over_by",
            "payment_method",
            "payment_status",
            "total",
            "currency",
            "items",
        ]
        read_only_fields = fields


class CollectInput(serializers.Serializer):
    code = serializers.CharField(max_length=32)
    payment = serializers.ChoiceField(
        choices=["cash", "card"], required=False, help_text="Required when the order is not paid yet."
    )
    refused_lines = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list, help_text="Order line ids not taken."
    )
    location = serializers.CharField(
        max_length=20,
        required=False,
        help_text="Store code; another store than the caller's only for staff who act at every store.",
    )


class ShopperPickupSerializer(serializers.Serializer):
    """The shopper's view of their pickup: the code and its QR only once it is ready."""

    status = serializers.CharField()
    store = serializers.SerializerMethodField()
    ready_by = serializers.DateTimeField(allow_null=True)
    hold_until = serializers.DateTimeField(allow_null=True)
    code = serializers.SerializerMethodField()
    qr_svg = serializers.SerializerMethodField()

    def get_store(self, pickup) -> dict:
        location = pickup.location
        return {
            **PickupStoreSerializer(location).data,
            "opening_hours": [
                {"weekday": h.weekday, "opens": h.opens.strftime("%H:%M"), "closes": h.closes.strftime("%H:%M")}
                for h in location.opening_hours.all()
            ],
        }

    def get_code(self, pickup) -> str | None:
        return pickup.code if pickup.status == Pickup.Status.READY else None

    def get_qr_svg(self, pickup) -> str | None:
        return pickup_qr_svg(code=pickup.code) if pickup.status == Pickup.Status.READY else None


class MissingOut(serializers.Serializer):
    sku = serializers.CharField()
    available = serializers.IntegerField(help_text="Units this store can promise now.")
    wanted = serializers.IntegerField(help_text="Units in the cart.")


class WindowOut(serializers.Serializer):
    start = serializers.DateTimeField(source="starts_at", help_text="Send this as `slot` to book the window.")
    end = serializers.DateTimeField(source="ends_at")
    remaining = serializers.IntegerField(help_text="Places left in the window.")


class PickupOptionOut(serializers.Serializer):
    location = serializers.CharField(source="location.code", help_text="Send this as `location`.")
    name = serializers.CharField(source="location.name")
    selectable = serializers.BooleanField(source="choice.selectable", help_text="The store can take this cart.")
    ready_at = serializers.DateTimeField(source="choice.ready_at", allow_null=True)
    ship_to_store = serializers.BooleanField(
        source="choice.ship_to_store", help_text="The units come from the warehouse first."
    )
    missing = MissingOut(many=True, source="choice.missing", help_text="What the store cannot promise.")
    windows = WindowOut(
        many=True, allow_null=True, help_text="Windows with room; null where the store takes no windows."
    )


class ShipOptionOut(serializers.Serializer):
    available = serializers.BooleanField(source="ship_available")
    fee = serializers.DecimalField(source="ship_fee", max_digits=12, decimal_places=2)


class CheckoutOptionsOut(serializers.Serializer):
    pickup = PickupOptionOut(many=True)
    ship = ShipOptionOut(source="*")
    total = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="The cart's total, before delivery.")
