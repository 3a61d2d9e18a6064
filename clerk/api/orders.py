"""`POST /api/v1/orders/`: a tablet or till orders for a customer at the caller's store (GET lists orders as before).

It lives here because the order it places spans orders and pickup (its window, its desk record)."""

from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

from channels.api.serializers import IdentityIn
from channels.services.pos import CustomerIdentity
from channels.services.store_orders import OrderChoice, WantedLine, order_for_customer, order_for_customer_once
from clerk.api.views import staff_location
from core.api_responses import response_created
from core.roles import HasPerm
from core.transactions import durable
from inventory.models import Location
from orders.api.views import OrderViewSet
from orders.exceptions import UnknownLocation
from orders.models import Order

PAYMENTS = {
    "pay_at_pickup": Order.PaymentMethod.PAY_AT_PICKUP,
    "cash": Order.PaymentMethod.CASH,
    "card": Order.PaymentMethod.CARD_PRESENT,
}


class CounterCustomerIn(IdentityIn):
    name = serializers.CharField(required=False, default="", max_length=200)


class CounterLineIn(serializers.Serializer):
    sku = serializers.CharField(max_length=64)
    quantity = serializers.IntegerField(min_value=1, max_value=99)


class CounterAddressIn(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    line1 = serializers.CharField(max_length=200)
    postal_code = serializers.CharField(max_length=20)
    city = serializers.CharField(max_length=100)
    country = serializers.CharField(max_length=2, required=False, default="")


class OrderForCustomerIn(serializers.Serializer):
    customer = CounterCustomerIn()
    lines = CounterLineIn(
        many=True, allow_empty=False, max_length=200, help_text="Prices always come from the catalog."
    )
    fulfilment = serializers.ChoiceField(choices=["pickup", "ship"])
    location = serializers.CharField(max_length=20, required=False, default="", help_text="The pickup store's code.")
    slot = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The pickup window's start, where the store has windows.",
    )
    address = CounterAddressIn(required=False, allow_null=True, default=None, help_text="Where a shipped order goes.")
    payment = serializers.ChoiceField(choices=list(PAYMENTS))
    idempotency_key = serializers.CharField(
        max_length=64,
        required=False,
        default="",
        help_text="The caller's own id for this order (or the Idempotency-Key header): sent again, the same order.",
    )

    def validate(self, data):
        if data["fulfilment"] == "pickup" and not data["location"]:
            raise serializers.ValidationError({"location": gettext("A pickup order needs the store's code.")})
        if data["fulfilment"] == "ship" and not data["address"]:
            raise serializers.ValidationError({"address": gettext("A shipped order needs an address.")})
        return data


class OrderCreatedOut(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.CharField()
    total = serializers.DecimalField(max_digits=12, decimal_places=2)


class OrdersForCustomers(OrderViewSet):
    """Orders: list them (staff), or place one for a customer at your store."""

    def get_permissions(self):
        if self.action == "create":
            return [HasPerm.of("clerk.order_for_customer")()]
        return super().get_permissions()

    @extend_schema(
        request=OrderForCustomerIn,
        responses={201: OrderCreatedOut, 200: OrderCreatedOut},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                description="The same key again (up to 64 characters) answers 200 with the first order.",
            )
        ],
    )
    @durable
    def create(self, request):
        store = staff_location(request.user)
        if store is None:
            raise exceptions.PermissionDenied(gettext("Your staff account has no store to order from."))
        data = OrderForCustomerIn(data=request.data)
        data.is_valid(raise_exception=True)
        body = data.validated_data
        person = dict(body["customer"])
        name = person.pop("name")
        location = None
        if body["fulfilment"] == "pickup":
            location = Location.objects.filter(code=body["location"], kind=Location.Kind.STORE).first()
            if location is None:
                raise UnknownLocation(body["location"])
        order = dict(
            store=store,
            identity=CustomerIdentity(**person),
            name=name,
            lines=[WantedLine(**line) for line in body["lines"]],
            choice=OrderChoice(
                fulfilment=body["fulfilment"],
                payment=PAYMENTS[body["payment"]],
                location=location,
                slot=body["slot"],
                address=dict(body["address"]) if body["address"] else None,
            ),
            actor=request.user,
        )
        key = request.headers.get("Idempotency-Key", "").strip() or body["idempotency_key"].strip()
        if not key:
            return Response(OrderCreatedOut(order_for_customer(**order)).data, status=status.HTTP_201_CREATED)
        placed, created = order_for_customer_once(idempotency_key=key, **order)
        return response_created(placed, created, OrderCreatedOut)
