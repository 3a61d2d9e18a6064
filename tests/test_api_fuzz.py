"""Property-based requests (schemathesis) over every operation of /api/schema/: never a 5xx, and every answer — its
status code, content type and body — as the schema documents it, so a client generated from the schema can read it.

Runs in the normal suite against the real database, through the WSGI app. Every operation is tried as each kind of
caller (an admin who works at a store, a shopper, a till, a marketplace, nobody), against a shop whose data has the
shapes answers take in real life: a pickup nobody has handed over yet, an order shipped (no store), an order from
before payment methods were recorded, points adjusted by staff (no channel). Paths name each of that data's own
identifiers too, so detail endpoints answer with a body, not only 404. The desk's limit on wrong pickup codes is low
here, so its 429 is met too. FUZZ_MAX_EXAMPLES bounds the cases per operation and caller.
"""

import itertools
import os
import re
from decimal import Decimal

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from catalog.models import Category, Product
from channels.models import DeviceClient
from channels.services.devices import device_client_create
from channels.services.marketplace import channel_order_import
from channels.services.pos import CustomerIdentity, SaleLine
from config.wsgi import application
from core.api_keys import api_key_check, api_key_create
from customers.models import Channel
from inventory.models import StaffProfile
from inventory.services import StockLine
from loyalty.services.ledger import points_adjust
from orders.models import Order
from orders.services.points import order_points_earn
from pickup.checkout import checkout_place
from pickup.models import Pickup
from pickup.services import pickup_mark_ready, pickup_start_picking
from tests.customers.factories import order_with_lines, shopper
from tests.factories import LocationFactory, StockLevelFactory, UserFactory, VariantFactory, WarehouseFactory
from tests.orders.conftest import cart_with, open_every_day
from transfers.services import transfer_create

MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "3"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
ADDRESS = {"name": "Kari Nordmann", "line1": "Bryggen 1", "postal_code": "5003", "city": "Bergen"}


class People:
    """The callers who sign in with a person's token; one signed out by a fuzzed DELETE /auth/token/ signs in again."""

    def __init__(self, **users):
        self.users = users
        self.tokens = {name: api_key_create(user=user, name="fuzz", rolling=False) for name, user in users.items()}

    def headers(self, name: str) -> dict:
        token, key = self.tokens[name]
        if api_key_check(key=key) is None:
            token, key = self.tokens[name] = api_key_create(user=self.users[name], name="fuzz", rolling=False)
        return {"Authorization": f"Token {key}"}


@pytest.fixture
def world(db, settings):
    """A little of everything the API shows, in the shapes it really takes, and a way to call as each caller."""
    settings.PICKUP_CODE_ATTEMPTS = 1
    store = open_every_day(LocationFactory(code="OSL1", name="Oslo Sentrum"))
    warehouse = WarehouseFactory(code="WH1", name="Central Warehouse")
    jacket = VariantFactory(sku="TEE-M", price=Decimal("499.00"))
    for location in (store, warehouse):
        StockLevelFactory(location=location, variant=jacket, on_hand=20)
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    StaffProfile.objects.create(user=admin, home_location=store)
    shopper_user, customer = shopper("shopper@example.com")

    waiting = checkout_place(
        cart=cart_with([(jacket, 1)]),
        customer=customer,
        email=customer.email,
        fulfilment="pickup",
        location=store,
        payment_method="pay_at_pickup",
    )
    pickup = pickup_start_picking(pickup=Pickup.objects.get(order=waiting))
    pickup_mark_ready(pickup=pickup)
    shipped = checkout_place(
        cart=cart_with([(jacket, 1)]),
        customer=customer,
        email=customer.email,
        fulfilment="ship",
        address=ADDRESS,
        payment_method="card",
    )
    before_methods = order_with_lines(
        customer, lines=1, channel=Channel.WEB, fulfilment=Order.Fulfilment.SHIP, location=None, payment_method=""
    )
    order_points_earn(order=before_methods)
    points_adjust(customer=customer, points=50, reason="Goodwill for a late parcel", key="goodwill-1")
    _till, till_key = device_client_create(name="Till", location=store, scopes=DeviceClient.Scope.values)
    market, market_key = device_client_create(name="FINN", channel="marketplace", scopes=["channel:orders"])
    marketplace_order, _created = channel_order_import(
        channel=market.channel,
        external_id="FINN-1001",
        customer=CustomerIdentity(email="ingrid@example.com"),
        name="Ingrid Berg",
        lines=[SaleLine(sku=jacket.sku, quantity=1, unit_price=Decimal("450.00"))],
        fulfilment="ship",
        address=ADDRESS,
    )
    transfer = transfer_create(source=warehouse, destination=store, lines=[StockLine(jacket.pk, 2)])
    people = People(admin=admin, shopper=shopper_user)
    devices = {"till": {"Authorization": f"Token {till_key}"}, "marketplace": {"Authorization": f"Token {market_key}"}}
    return {
        "callers": {
            "admin": lambda: people.headers("admin"),
            "shopper": lambda: people.headers("shopper"),
            "till": lambda: devices["till"],
            "marketplace": lambda: devices["marketplace"],
            "anonymous": dict,
        },
        # Identifiers of the data above, by path parameter (`id` by the collection it names).
        "known": {
            "number": [waiting.number, shipped.number, before_methods.number, marketplace_order.number],
            "external_id": [marketplace_order.external_id],
            "sku": [jacket.sku],
            "code": [store.code, warehouse.code],
            "products": list(Product.objects.values_list("pk", flat=True)),
            "categories": list(Category.objects.values_list("pk", flat=True)),
            "customers": [customer.pk],
            "transfers": [transfer.pk],
            "tokens": [people.tokens["shopper"][0].pk, people.tokens["admin"][0].pk],
        },
    }


@pytest.fixture
def wsgi_in_test_transaction():
    """As Django's test client does: keep the test's connection (and its transaction) open across requests."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def cases(operation, known: dict) -> list[tuple[st.SearchStrategy, int]]:
    """Strategies for an operation's cases, each with how many to try: where its path names something, one made-up
    identifier (it only ever finds nothing), then each of the world's own, sharing the cases among them."""
    names = re.findall(r"{(\w+)}", operation.path)
    collection = operation.path.split("/{")[0].rsplit("/", 1)[-1]
    values = [known.get(collection if name == "id" else name) for name in names]
    if not names or not all(values):
        return [(operation.as_strategy(), MAX_EXAMPLES)]
    paths = [dict(zip(names, chosen, strict=True)) for chosen in itertools.product(*values)]
    each = max(1, MAX_EXAMPLES // len(paths))
    return [(operation.as_strategy(), 1)] + [(operation.as_strategy(path_parameters=path), each) for path in paths]


@pytest.mark.django_db
def test_the_callers_are_signed_in_as_who_they_say(world, client):
    """Otherwise every operation below would be fuzzed as nobody, and only its 401 would be checked."""
    callers = world["callers"]
    assert client.get("/api/v1/me/", headers=callers["shopper"]()).status_code == 200
    assert client.get("/api/v1/orders/", headers=callers["admin"]()).status_code == 200
    assert client.get("/api/v1/pos/stock/", {"sku": "TEE-M"}, headers=callers["till"]()).status_code == 200
    assert client.get("/api/v1/channel-orders/FINN-1001/", headers=callers["marketplace"]()).status_code == 200


def fuzz(strategy, examples: int, headers) -> None:
    """Call and check up to `examples` cases; the first that fails raises."""

    @given(case=strategy)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        # The WSGI transport hands back the body as sent; unlike an HTTP client it does not undo Content-Encoding,
        # so the calls ask for the identity coding (the gzip answers are tested in tests/storefront).
        case.call_and_validate(headers={"Accept-Encoding": "identity", **headers()}, checks=CHECKS)

    check()


@pytest.mark.django_db
def test_every_api_operation_answers_as_documented_and_never_5xx(world, wsgi_in_test_transaction):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_in_test_transaction)
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for strategy, examples in cases(operation, world["known"]):
            for caller, headers in world["callers"].items():
                try:
                    fuzz(strategy, examples, headers)
                except (Exception, BaseExceptionGroup) as exc:  # collect every failing operation, not only the first
                    failures.append(f"{operation.label} as {caller}: {exc}")
    assert not failures, "\n\n".join(failures)
