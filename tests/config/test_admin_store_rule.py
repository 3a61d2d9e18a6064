"""Every admin of something kept at a store keeps to the per-store rule: walked as a clerk and as a store manager of
Oslo against Bergen's objects, each list, change form, history, delete page and action leaves Bergen's alone.

A clerk does not find Bergen's objects (not listed, their pages not found); a manager reads them (listed, pages
read-only) and changes nothing (403 on every POST, actions left undone). An admin's POST of the same forms does
change the object, so the refusals are the rule's and not a malformed form's.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import ForeignKey
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from channels.models import DeviceClient, StoreSale
from channels.services.devices import device_client_create
from core.admin_scope import StoreScopedAdmin
from core.models import OutboxMessage
from customers.models import Customer
from inventory.admin import HomeStoreFilter
from inventory.models import Location, StockLevel, StockMovement
from inventory.services import StockLine
from marketing.models import CustomerSegment
from orders.models import Order, OrderEvent
from pickup import services as pickup_services
from pickup.models import Pickup, PickupSchedule, PickupSlot
from returns.models import Return
from returns.services import ReturnRequestLine, return_create
from squarepos.models import SquareEvent, SquareSync
from tests.factories import LocationFactory, OrderFactory, StaffFactory, StockLevelFactory, UserFactory
from tests.orders.conftest import online_order, open_every_day
from tests.pickup.conftest import place
from transfers.models import Transfer
from transfers.services import transfer_create

pytestmark = pytest.mark.django_db

# Models with a store that are not kept per store: a customer shops at every store.
NOT_PER_STORE = {Customer, CustomerSegment}


@dataclass(frozen=True)
class Case:
    """One of Bergen's objects, and a change to it an admin's change form would accept ({} when nothing is edited)."""

    name: str
    model: type
    pick: str
    edit: dict


CASES = [
    Case("stock level", StockLevel, "level", {"online_buffer": "9999"}),
    Case("stock movement", StockMovement, "movement", {}),
    Case("transfer", Transfer, "transfer", {}),
    Case("location", Location, "bergen", {"default_online_buffer": "9999"}),
    Case("pickup", Pickup, "pickup", {}),
    Case("pickup schedule", PickupSchedule, "schedule", {"capacity": "99"}),
    Case("pickup window", PickupSlot, "slot", {}),
    Case("order", Order, "order", {}),
    Case("till sale", StoreSale, "sale", {}),
    Case("return", Return, "ret", {}),
    Case("till", DeviceClient, "till", {}),
    Case("marketplace", DeviceClient, "marketplace", {}),
    Case("square sync", SquareSync, "square_sync", {}),
    Case("square event", SquareEvent, "square_event", {}),
]
# What any action's confirmation form could ask, filled in, and the confirmation itself.
ACTION_FORM = {"post": "yes", "quantity": "1", "reason": "Forged", "note": "Forged", "points": "5"}


@pytest.fixture
def bergen_world(shop):
    """Oslo (the shop's store, with its warehouse) and Bergen, with one of Bergen's objects of every kind."""
    bergen = open_every_day(LocationFactory(code="BGO1", name="Bergen Bryggen", is_pickup_point=True))
    level = StockLevelFactory(location=bergen, variant=shop["jacket"], on_hand=5)
    pickup = pickup_services.pickup_mark_ready(pickup=place(shop, location=bergen), actor=None)
    start = timezone.now().replace(microsecond=0) + timedelta(days=1)
    sale = OrderFactory(channel="store", location=bergen, stock_location=bergen)
    returned = return_create(
        order=online_order(shop),
        location=bergen,
        lines=[ReturnRequestLine(sku=shop["cap"].sku, quantity=1)],
        refund_method="cash",
        reason="Too small",
        key="walk-1",
    )[0]
    return {
        "bergen": bergen,
        "level": level,
        "movement": StockMovement.objects.filter(location=bergen).first(),
        "transfer": transfer_create(
            source=bergen, destination=shop["warehouse"], lines=[StockLine(shop["jacket"].pk, 1)]
        ),
        "pickup": pickup,
        "order": pickup.order,
        "schedule": PickupSchedule.objects.create(location=bergen, capacity=5),
        "slot": PickupSlot.objects.create(
            location=bergen, starts_at=start, ends_at=start + timedelta(hours=1), capacity=5
        ),
        "sale": StoreSale.objects.get(pk=sale.pk),
        "ret": returned,
        "till": device_client_create(name="Till 1", scopes=["pos:sale"], location=bergen)[0],
        "marketplace": device_client_create(name="FINN", scopes=["channel:orders"], channel="marketplace")[0],
        "square_sync": SquareSync.objects.create(location=bergen, kind=SquareSync.Kind.STOCK, ran_at=timezone.now()),
        "square_event": SquareEvent.objects.create(
            event_id="evt-bergen",
            type="order.updated",
            payload={},
            status=SquareEvent.Status.ATTENTION,
            location=bergen,
        ),
    }


def _state(obj) -> tuple:
    """The object's row and the ledgers an action would write to."""
    row = type(obj)._base_manager.filter(pk=obj.pk).values().first()
    return row, StockMovement.objects.count(), OrderEvent.objects.count(), OutboxMessage.objects.count()


def _url(obj, view: str, *args) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def _as_shown(response) -> dict:
    """What a browser would post back from a change form, read from the form Django rendered."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update({formset.management_form.add_prefix(k): v for k, v in formset.management_form.initial.items()})
        forms += formset.forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is True:
                data[form.add_prefix(name)] = "on"
            elif value is not None and value is not False:
                data[form.add_prefix(name)] = value
    return data


def test_every_admin_of_something_at_a_store_keeps_to_the_per_store_rule():
    with_a_store = {
        model
        for model in admin.site._registry
        if model is Location
        or any(isinstance(f, ForeignKey) and f.related_model is Location for f in model._meta.get_fields())
    }
    scoped = {model for model, model_admin in admin.site._registry.items() if isinstance(model_admin, StoreScopedAdmin)}

    assert with_a_store - NOT_PER_STORE <= scoped
    assert scoped == {case.model for case in CASES}


@pytest.mark.parametrize("role", ["clerk", "store manager"])
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_oslo_staff_leave_bergens_objects_alone_in_the_admin(client, shop, bergen_world, case, role):
    obj = bergen_world[case.pick]
    model_admin = admin.site._registry[case.model]
    user = StaffFactory(role=role, location=shop["store"])
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    reads_all = role == "store manager" or not model_admin.store_scopes_reads
    own_link = _url(obj, "change", obj.pk)
    before = _state(obj)
    client.force_login(user)

    # The list: a clerk's does not name it (with every store asked for, and without); a manager's does.
    lists = [{}, {"location": "all"}] if any(_is_home_filter(f) for f in model_admin.list_filter) else [{}]
    shown = [client.get(_url(obj, "changelist"), query) for query in lists]
    assert all(page.status_code in (200, 403) for page in shown), case.name
    listed = any(page.status_code == 200 and own_link in page.content.decode() for page in shown)
    assert listed == (reads_all and any(page.status_code == 200 for page in shown)), case.name

    # Its page: read-only for a manager, not found for a clerk; a POST of it changes nothing.
    page = client.get(own_link)
    if reads_all and page.status_code == 200:
        assert 'name="_save"' not in page.content.decode()
    else:
        assert page.status_code in (302, 403, 404)
    client.force_login(superuser)
    form = _as_shown(client.get(own_link))
    client.force_login(user)
    posted = client.post(own_link, {**form, **case.edit})
    assert posted.status_code in ((403,) if reads_all else (302, 403, 404)), case.name
    for view in ("history", "delete"):
        seen = client.get(_url(obj, view, obj.pk))
        assert seen.status_code in ((200, 403) if reads_all and view == "history" else (302, 403, 404)), view
    client.post(_url(obj, "delete", obj.pk), {"post": "yes"})

    # Every action the role may run, on it alone, confirmed, from the list of every store.
    request = RequestFactory().post("/")
    request.user = user
    query = "?location=all" if len(lists) > 1 else ""
    for action in model_admin.get_actions(request):
        client.post(_url(obj, "changelist") + query, {"action": action, ACTION_CHECKBOX_NAME: [obj.pk], **ACTION_FORM})
    if case.model is Pickup:
        assert obj.code not in "".join(r.content.decode() for r in [*shown, page])

    assert _state(obj) == before, case.name
    if case.edit:
        # The same form from an admin does change it: the refusals above were the rule's.
        client.force_login(superuser)
        assert client.post(own_link, {**form, **case.edit}).status_code == 302
        assert _state(obj)[0] != before[0]


def _is_home_filter(list_filter) -> bool:
    return isinstance(list_filter, type) and issubclass(list_filter, HomeStoreFilter)


@pytest.mark.parametrize(("role", "anywhere"), [("clerk", False), ("store manager", False), ("admin", True)])
def test_a_new_stock_level_is_offered_only_the_stores_where_the_user_may_act(shop, role, anywhere):
    bergen = LocationFactory(code="BGO1", name="Bergen")
    request = RequestFactory().get("/")
    request.user = StaffFactory(role=role, location=shop["store"])
    model_admin = admin.site._registry[StockLevel]

    field = model_admin.formfield_for_foreignkey(StockLevel._meta.get_field("location"), request)

    offered = set(field.queryset)
    assert offered == ({shop["store"], shop["warehouse"], bergen} if anywhere else {shop["store"]})
