"""What the till, the marketplaces and the returns desk send, and what they get back."""

from rest_framework import serializers

from channels.services.pos import CustomerIdentity, SaleLine, SalePayment
from orders.api.serializers import SHARED_FIELDS, StaffOrderSerializer
from orders.models import Order

MONEY = {"max_digits": 12, "decimal_places": 2}


class SaleLineIn(serializers.Serializer):
    sku = serializers.CharField(max_length=64)
    quantity = serializers.IntegerField(min_value=1, max_value=100_000)
    unit_price = serializers.DecimalField(min_value=0, help_text="The price charged for one unit.", **MONEY)

    def to_line(self) -> SaleLine:
        return SaleLine(**self.validated_data)


class PaymentIn(serializers.Serializer):
    method = serializers.ChoiceField(choices=["cash", "card", "reward"])
    amount = serializers.DecimalField(min_value=0, default=0, **MONEY)
    code = serializers.CharField(max_length=64, required=False, default="", help_text="The reward code, if any.")


class IdentityIn(serializers.Serializer):
    email = serializers.EmailField(required=False, default="", max_length=254)
    phone = serializers.CharField(required=False, default="", max_length=32)
    card = serializers.CharField(required=False, default="", max_length=32, help_text="Loyalty card number.")

    def validate(self, data):
        if not (data["email"] or data["phone"] or data["card"]):
            raise serializers.ValidationError("Give an email address, a phone number or a card number.")
        return data


class PosSaleIn(serializers.Serializer):
    idempotency_key = serializers.CharField(max_length=64, help_text="The till's own id for this sale.")
    location = serializers.CharField(
        max_length=20, required=False, help_text="The store's code; a till may only sell at its own store."
    )
    lines = SaleLineIn(many=True, allow_empty=False, max_length=200)
    payments = PaymentIn(many=True, allow_empty=False, max_length=10)
    customer = IdentityIn(required=False, allow_null=True, default=None)
    consent = serializers.BooleanField(default=False, help_text="The customer agreed to marketing emails.")

    def service_kwargs(self) -> dict:
        data = self.validated_data
        return {
            "idempotency_key": data["idempotency_key"],
            "lines": [SaleLine(**line) for line in data["lines"]],
            "payments": [SalePayment(**payment) for payment in data["payments"]],
            "customer": CustomerIdentity(**data["customer"]) if data["customer"] else None,
            "consent": data["consent"],
        }


class ChannelOrderOut(StaffOrderSerializer):
    """What a marketplace is told of its order: the staff view without the shopper's contact, with what was paid."""

    class Meta(StaffOrderSerializer.Meta):
        fields = [
            *SHARED_FIELDS,
            "external_id",
            "customer",
            "payment_method",
            "payment_status",
            "shipping_total",
            "amount_paid",
        ]
        read_only_fields = fields


class ChannelAddressIn(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    line1 = serializers.CharField(max_length=200)
    postal_code = serializers.CharField(max_length=20)
    city = serializers.CharField(max_length=100)
    country = serializers.CharField(max_length=2, required=False, default="")


class ChannelCustomerIn(IdentityIn):
    name = serializers.CharField(required=False, default="", max_length=200)


class ChannelOrderIn(serializers.Serializer):
    external_id = serializers.CharField(max_length=100, help_text="The marketplace's own order id.")
    customer = ChannelCustomerIn()
    lines = SaleLineIn(many=True, allow_empty=False, max_length=200)
    fulfilment = serializers.ChoiceField(choices=[Order.Fulfilment.PICKUP.value, Order.Fulfilment.SHIP.value])
    location = serializers.CharField(max_length=20, required=False, default="", help_text="Pickup store's code.")
    address = ChannelAddressIn(required=False, allow_null=True, default=None)
    shipping = serializers.DecimalField(min_value=0, default=0, **MONEY)

    def service_kwargs(self) -> dict:
        data = self.validated_data
        person = dict(data["customer"])
        name = person.pop("name")
        return {
            "external_id": data["external_id"],
            "customer": CustomerIdentity(**person),
            "name": name,
            "lines": [SaleLine(**line) for line in data["lines"]],
            "fulfilment": data["fulfilment"],
            "address": dict(data["address"]) if data["address"] else None,
            "shipping": data["shipping"],
        }


class ChannelOrderUpdateIn(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[Order.Status.PICKING, Order.Status.READY, Order.Status.SHIPPED, Order.Status.COMPLETED]
        + [Order.Status.CANCELLED]
    )
    note = serializers.CharField(max_length=200, required=False, default="")


class TillStockQuery(serializers.Serializer):
    sku = serializers.CharField(max_length=64 * 50, help_text="One SKU, or several separated by commas (up to 50).")

    def validate_sku(self, value):
        skus = list(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
        if not skus or len(skus) > 50:
            raise serializers.ValidationError("Give 1 to 50 SKUs, separated by commas.")
        return skus


class StoreStockOut(serializers.Serializer):
    location = serializers.CharField()
    available = serializers.IntegerField()


class TillStockOut(serializers.Serializer):
    sku = serializers.CharField()
    on_hand = serializers.IntegerField(help_text="On the shelf at the till's store.")
    available = serializers.IntegerField(help_text="On the shelf and not held for an order.")
    other_stores = StoreStockOut(many=True)
