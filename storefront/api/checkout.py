"""/api/v1/me/cart/, /me/checkout/ and /me/orders/<number>/: the app's cart and checkout, the same rows as the web.

Prices are never read from the caller: a cart line is a SKU and a quantity, the order takes the catalog's price.
"""

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.models import Variant
from inventory.exceptions import UnknownVariant
from inventory.models import Location
from orders import selectors, services
from orders.api.serializers import CartOut, OrderDetailOut
from orders.exceptions import UnknownLocation
from orders.models import Cart, Order
from payments.checkout import payment_hook
from pickup.api.serializers import CheckoutOptionsOut, ShopperPickupSerializer
from pickup.checkout import checkout_place
from pickup.checkout_options import checkout_options
from pickup.selectors import pickup_of_order
from returns.selectors import order_detail_with_returns
from storefront.api.me import _channel, own_customer
from storefront.shopper import shopper_language_remember


class CartAddIn(serializers.Serializer):
    sku = serializers.CharField(max_length=64)
    quantity = serializers.IntegerField(min_value=1, max_value=services.MAX_LINE_QUANTITY)


class CartSetIn(serializers.Serializer):
    quantity = serializers.IntegerField(min_value=1, max_value=services.MAX_LINE_QUANTITY)


def _sellable_variant(sku: str) -> Variant:
    variant = Variant.objects.select_related("product").filter(sku=sku).first()
    if variant is None or not variant.is_active or not variant.product.is_active:
        raise UnknownVariant([sku])
    return variant


def _cart(request) -> Cart:
    return services.cart_for_customer(customer=own_customer(request))


class CartView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=CartOut)
    def get(self, request):
        return Response(CartOut(selectors.cart_summary(cart=_cart(request))).data)

    @extend_schema(request=CartAddIn, responses={201: CartOut})
    def post(self, request):
        """Add units of a SKU to the cart (to its line when it has one)."""
        payload = CartAddIn(data=request.data)
        payload.is_valid(raise_exception=True)
        cart = _cart(request)
        services.cart_line_add(
            cart=cart,
            variant=_sellable_variant(payload.validated_data["sku"]),
            quantity=payload.validated_data["quantity"],
        )
        return Response(CartOut(selectors.cart_summary(cart=cart)).data, status=status.HTTP_201_CREATED)


class CartLineView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=CartSetIn, responses=CartOut)
    def patch(self, request, sku: str):
        payload = CartSetIn(data=request.data)
        payload.is_valid(raise_exception=True)
        cart = _cart(request)
        variant = get_object_or_404(Variant.objects.select_related("product"), sku=sku)
        services.cart_line_set(cart=cart, variant=variant, quantity=payload.validated_data["quantity"])
        return Response(CartOut(selectors.cart_summary(cart=cart)).data)

    @extend_schema(responses={204: None})
    def delete(self, request, sku: str):
        cart = _cart(request)
        variant = Variant.objects.filter(sku=sku).first()
        if variant is None or not services.cart_line_remove(cart=cart, variant=variant):
            raise Http404("That SKU is not in your cart.")
        return Response(status=status.HTTP_204_NO_CONTENT)


class AddressIn(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    line1 = serializers.CharField(max_length=200)
    postal_code = serializers.CharField(max_length=20)
    city = serializers.CharField(max_length=100)
    country = serializers.CharField(max_length=2, required=False, default=settings.SHOP_COUNTRY)


class CheckoutIn(serializers.Serializer):
    fulfilment = serializers.ChoiceField(choices=[Order.Fulfilment.PICKUP, Order.Fulfilment.SHIP])
    location = serializers.CharField(max_length=20, required=False, help_text="Pickup store code, e.g. OSL1.")
    payment = serializers.ChoiceField(choices=[Order.PaymentMethod.PAY_AT_PICKUP, Order.PaymentMethod.CARD])
    address = AddressIn(required=False, help_text="Needed for ship.")
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    reward_code = serializers.CharField(
        max_length=16, required=False, allow_blank=True, default="", help_text="A loyalty reward code to use."
    )
    slot = serializers.DateTimeField(
        required=False, help_text="Start of the pickup window, at stores that offer windows (ISO 8601)."
    )

    def validate(self, data):
        if data["fulfilment"] == Order.Fulfilment.PICKUP and not data.get("location"):
            raise serializers.ValidationError({"location": "Choose a store to pick up from."})
        if data["fulfilment"] == Order.Fulfilment.SHIP and not data.get("address"):
            raise serializers.ValidationError({"address": "A delivery address is needed for shipping."})
        return data


class PaymentOut(serializers.Serializer):
    id = serializers.CharField()
    client_secret = serializers.CharField()


class CheckoutOut(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.CharField()
    total = serializers.DecimalField(max_digits=12, decimal_places=2)
    payment = PaymentOut(required=False)


def _intent_fields(intent) -> dict:
    get = intent.get if isinstance(intent, dict) else lambda key: getattr(intent, key, None)
    return {"id": get("id"), "client_secret": get("client_secret")}


class CheckoutView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=CheckoutOptionsOut)
    def get(self, request):
        """How the caller's cart can be had: each pickup store with its ready time and windows, and delivery."""
        customer = own_customer(request)
        summary = selectors.cart_summary(cart=services.cart_for_customer(customer=customer))
        options = checkout_options(summary=summary, home_store_id=customer.home_store_id)
        return Response(CheckoutOptionsOut(options).data)

    @extend_schema(request=CheckoutIn, responses={201: CheckoutOut})
    def post(self, request):
        """Place the cart as an order; 409 naming each SKU and what is left when stock ran out (the cart is kept)."""
        customer = own_customer(request)
        payload = CheckoutIn(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        hook = payment_hook() if data["payment"] == Order.PaymentMethod.CARD else None
        location = None
        if data["fulfilment"] == Order.Fulfilment.PICKUP:
            location = Location.objects.filter(code=data["location"]).first()
            if location is None:
                raise UnknownLocation(data["location"])
        cart = services.cart_for_customer(customer=customer)
        with transaction.atomic(durable=True):
            order = checkout_place(
                cart=cart,
                email=customer.email or "",
                name=customer.display_name if customer.first_name or customer.last_name else "",
                phone=data["phone"] or customer.phone or "",
                customer=customer,
                fulfilment=data["fulfilment"],
                location=location,
                payment_method=data["payment"],
                address=dict(data.get("address") or {}),
                reward_code=data["reward_code"],
                channel=_channel(request),
                slot=data.get("slot"),
                actor=request.user,
            )
        shopper_language_remember(customer=order.customer)
        body = {"number": order.number, "status": order.status, "total": order.total}
        if hook is not None:
            body["payment"] = _intent_fields(hook(order=order, cart=cart))
        return Response(CheckoutOut(body).data, status=status.HTTP_201_CREATED)


class OrderWithPickupOut(OrderDetailOut):
    pickup = ShopperPickupSerializer(
        allow_null=True, help_text="Pickup orders: status, store, and once ready the code."
    )

    class Meta(OrderDetailOut.Meta):
        fields = [*OrderDetailOut.Meta.fields, "pickup"]
        read_only_fields = fields


class MyOrderView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=OrderWithPickupOut)
    def get(self, request, number: str):
        """One of the caller's own orders, any channel; anyone else's is 404."""
        try:
            order = order_detail_with_returns(number=number, customer=own_customer(request))
        except Order.DoesNotExist:
            raise Http404("No such order.") from None
        body = OrderDetailOut(order).data
        pickup = pickup_of_order(order_id=order.pk)
        body["pickup"] = ShopperPickupSerializer(pickup).data if pickup is not None else None
        return Response(body)
