"""Returns through the API: a till with the pos:return scope at its own store, or a clerk at theirs."""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.views import APIView

from channels.api.permissions import HasScope, device_of, store_by_code, till_store
from core.api_responses import response_created
from core.store_scope import ANYWHERE, home_location_id
from core.transactions import durable
from inventory.models import Location
from orders.exceptions import OrderNotFound
from orders.models import Order
from returns.api.serializers import ReturnIn, ReturnOut
from returns.models import Return
from returns.services import ReturnRequestLine, return_create


class ReturnCreate(APIView):
    """Take items of any order back at a store: a till with pos:return at its own store, or a clerk at theirs."""

    permission_classes = [HasScope("pos:return", or_perm="returns.add_return")]

    @extend_schema(request=ReturnIn, responses={201: ReturnOut, 200: ReturnOut})
    @durable
    def post(self, request):
        data = ReturnIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if device_of(request) is not None:
            store = till_store(request, values["location"])
        else:
            store = self._clerk_store(request, values["location"])
        order = Order.objects.filter(number=values["order"].strip()).first()
        if order is None:
            raise OrderNotFound(f"No order {values['order']}.", field="order")
        ret, created = return_create(
            order=order,
            location=store,
            lines=[ReturnRequestLine(**line) for line in values["lines"]],
            refund_method=values["refund_method"],
            reason=values["reason"],
            key=values["key"],
            actor=request.user if request.user.is_authenticated else None,
            device=device_of(request),
        )
        ret = Return.objects.select_related("order", "location").prefetch_related("lines__order_line").get(pk=ret.pk)
        return response_created(ret, created, ReturnOut)

    def _clerk_store(self, request, code: str) -> Location:
        home = home_location_id(request.user)
        if not code:
            if home is None:
                raise exceptions.PermissionDenied("Your account has no store; name the store taking the return.")
            return Location.objects.get(pk=home)
        store = store_by_code(code)
        if store.pk != home and not request.user.has_perm(ANYWHERE):
            raise exceptions.PermissionDenied(f"You take returns at your own store, not at {code}.")
        return store
