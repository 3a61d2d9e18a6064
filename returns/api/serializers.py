"""What a till or a clerk sends to take goods back, and the return the API answers with."""

from rest_framework import serializers

from customers.models import Channel
from returns.models import Return, ReturnLine
from returns.services import ReturnRequestLine


class ReturnLineIn(serializers.Serializer):
    sku = serializers.CharField(max_length=64)
    quantity = serializers.IntegerField(min_value=1, max_value=100_000)
    condition = serializers.ChoiceField(choices=ReturnLine.Condition.choices, default=ReturnLine.Condition.RESELLABLE)

    def to_line(self):
        return ReturnRequestLine(**self.validated_data)


class ReturnIn(serializers.Serializer):
    order = serializers.CharField(max_length=20, help_text="The order number (what the receipt's QR code holds).")
    location = serializers.CharField(
        max_length=20, required=False, default="", help_text="The store taking it back; a till's own by default."
    )
    lines = ReturnLineIn(many=True, allow_empty=False, max_length=200)
    refund_method = serializers.ChoiceField(choices=Return.RefundMethod.choices)
    reason = serializers.CharField(max_length=200, required=False, default="")
    key = serializers.CharField(
        max_length=100, required=False, default="", help_text="An idempotency key: the same key again, same return."
    )


class ReturnLineOut(serializers.ModelSerializer):
    sku = serializers.CharField(source="order_line.sku")

    class Meta:
        model = ReturnLine
        fields = ["sku", "quantity", "condition", "amount"]
        read_only_fields = fields


class ReturnOut(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    order = serializers.CharField(source="order.number")
    channel = serializers.ChoiceField(source="order.channel", choices=Channel.choices)
    location = serializers.CharField(source="location.code")
    lines = ReturnLineOut(many=True, read_only=True)

    class Meta:
        model = Return
        fields = [
            "number",
            "order",
            "channel",
            "location",
            "reason",
            "refund_method",
            "refund_amount",
            "refund_status",
            "refund_error",
            "points_reversed",
            "created_at",
            "lines",
        ]
        read_only_fields = fields
