"""An order as the API shows it: one line shape, one set of fields every audience shares, and what each adds.

The shopper sees the store by name; staff, tills and marketplaces by code, with the customer's id. The shopper's
cart, with today's prices, is shown here too.
"""

from rest_framework import serializers

from core.api_fields import OptionalChoiceField
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
# What a single order adds for the shopper and for staff alike: when it is ready and how it is paid and sent.
DETAIL_FIELDS = ["ready_at", "payment_method", "payment_status", "shipping_total"]


def payment_method_field() -> OptionalChoiceField:
    """How the order is paid; orders from before payment methods were recorded have none."""
    return OptionalChoiceField(choices=Order.PaymentMethod.choices, help_text="Null when none was recorded.")


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
    email = serializers.CharField(
        read_only=True,
        help_text="The address given with the order; empty when there was none (a till sale without a customer).",
    )
    payment_method = payment_method_field()

    class Meta(OrderBaseSerializer.Meta):
        fields = [
            *SHARED_FIELDS,
            "external_id",
            "customer",
            "email",
            "name",
            *DETAIL_FIELDS,
        ]
        read_only_fields = fields


class OrderSerializer(OrderBaseSerializer):
    """A shopper's order in their history: the store by name."""

    location = serializers.CharField(source="location.name", read_only=True, default=None, allow_null=True)


# One of the shopper's own orders: the store by name and by code, and how it is paid (its schema keeps the
# description it inherits).
class OrderDetailOut(OrderSerializer):
    location_code = serializers.CharField(source="location.code", read_only=True, default=None, allow_null=True)
    payment_method = payment_method_field()

    class Meta(OrderSerializer.Meta):
        fields = [*SHARED_FIELDS, "location_code", *DETAIL_FIELDS]
        read_only_fields = fields


class CartLineOut(serializers.Serializer):
    sku = serializers.CharField()
    name = serializers.CharField()
    quantity = serializers.IntegerField()
    unit_price = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="Today's price.")
    line_total = serializers.DecimalField(max_digits=12, decimal_places=2)
    price_when_added = serializers.DecimalField(max_digits=12, decimal_places=2)
    price_changed = serializers.BooleanField()
    available = serializers.IntegerField(help_text="Most units one location can promise now.")


class CartOut(serializers.Serializer):
    lines = CartLineOut(many=True, source="rows")
    total = serializers.DecimalField(max_digits=12, decimal_places=2)
    count = serializers.IntegerField()
