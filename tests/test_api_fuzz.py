"""Property-based requests (schemathesis) over every operation of /api/schema/: no 5xx, answers as documented.

Runs in the normal suite against the real database, through the WSGI app, as an admin, a shopper, a till, a marketplace and anonymously;
bounded by FUZZ_MAX_EXAMPLES per operation (default small) so it stays well under a minute.
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from channels.models import DeviceClient
from channels.services.devices import device_client_create
from config.wsgi import application
from inventory.services import stock_receive
from tests.customers.factories import shopper
from tests.factories import LocationFactory, UserFactory, VariantFactory

MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "8"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def world(db):
    """A little of everything the API shows, and a token for each kind of caller."""
    store = LocationFactory(code="OSL1", name="Oslo Sentrum")
    variant = VariantFactory(sku="TEE-M")
    stock_receive(location=store, variant=variant, quantity=5)
    admin = UserFactory(is_staff=True, is_superuser=True)
    shopper_user, _customer = shopper("shopper@example.com")
    _till, till_key = device_client_create(name="Till", location=store, scopes=DeviceClient.Scope.values)
    _market, market_key = device_client_create(name="FINN", channel="marketplace", scopes=["channel:orders"])
    return {
        "till": {"Authorization": f"Token {till_key}"},
        "marketplace": {"Authorization": f"Token {market_key}"},
        "admin": {"Authorization": f"Token {Token.objects.create(user=admin).key}"},
        "shopper": {"Authorization": f"Token {Token.objects.create(user=shopper_user).key}"},
        "anonymous": {},
    }


@pytest.fixture
def wsgi_in_test_transaction():
    """As Django's test client does: keep the test's connection (and its transaction) open across requests."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_every_api_operation_answers_as_documented_and_never_5xx(world, wsgi_in_test_transaction):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_in_test_transaction)
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy(), caller=st.sampled_from(sorted(world)))
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def check(case, caller):
            case.call_and_validate(headers=world[caller], checks=CHECKS)

        try:
            check()
        except (Exception, BaseExceptionGroup) as exc:  # collect every failing operation, not only the first
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
