from rest_framework import serializers

from orders.models import Order, OrderLine


class StaffOrderLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderLine
        fields = ["sku", "name", "unit_price", "quantity", "line_total"]
        read_only_fields = fields


class StaffOrderSerializer(serializers.ModelSerializer):
    location = serializers.CharField(source="location.code", read_only=True, default=None)
    customer = serializers.IntegerField(source="customer_id", read_only=True)
    lines = StaffOrderLineSerializer(many=True, read_only=True)

    class Meta:
        model = Order
        fields = [
            "number",
            "external_id",
            "customer",
            "email",
            "name",
            "channel",
            "fulfilment",
            "status",
            "location",
            "ready_at",
            "payment_method",
            "payment_status",
            "currency",
            "subtotal",
            "shipping_total",
            "discount_total",
            "total",
            "placed_at",
            "completed_at",
            "lines",
        ]
        read_only_fields = fields
