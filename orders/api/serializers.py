"""An order as the API shows it: one line shape, one set of fields every audience shares, and what each adds.

The shopper sees the store by name; staff, tills and marketplaces by code, with the customer's id.
"""

from rest_framework import serializers

from orders.models import Order, OrderLine

SHARED_FIELDS = [
    "number",
    "channel",
    "fulfilment",
    "status",
    "location",
    "currency",
    "subtotal",
    "discount_total",
    "total",
    "placed_at",
    "completed_at",
    "lines",
]


class OrderLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderLine
        fields = ["sku", "name", "unit_price", "quantity", "line_total"]
        read_only_fields = fields


class OrderBaseSerializer(serializers.ModelSerializer):
    """The fields every audience shares; `location` is the store's code unless a subclass says otherwise."""

    location = serializers.CharField(source="location.code", read_only=True, default=None, allow_null=True)
    lines = OrderLineSerializer(many=True, read_only=True)

    class Meta:
        model = Order
        fields = SHARED_FIELDS
        read_only_fields = fields


class StaffOrderSerializer(OrderBaseSerializer):
    customer = serializers.IntegerField(source="customer_id", read_only=True, allow_null=True)

    class Meta(OrderBaseSerializer.Meta):
        fields = [
            *SHARED_FIELDS,
            "external_id",
            "customer",
            "email",
            "name",
            "ready_at",
            "payment_method",
            "payment_status",
            "shipping_total",
        ]
        read_only_fields = fields
