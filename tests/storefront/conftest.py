"""Fixtures of the shop's page tests: a committed change as a real commit makes it, a scarf in stock in Oslo, and
the commands sent to Redis."""

import pytest

from inventory.services import stock_receive
from tests.factories import CategoryFactory, LocationFactory, ProductFactory, VariantFactory


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the block's after-commit work (version bumps) as a real commit would, at the end of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def scarf(committed):
    with committed():
        wear = CategoryFactory(name="Wear", slug="wear")
        oslo = LocationFactory(name="Oslo Sentrum")
        variant = VariantFactory(product=ProductFactory(name="Wool scarf", slug="wool-scarf", category=wear))
        stock_receive(location=oslo, variant=variant, quantity=2, reason="delivery")
    return variant, oslo


@pytest.fixture
def round_trips(monkeypatch):
    """The commands this process sends Redis (each one round trip)."""
    from redis.connection import AbstractConnection

    sent = []
    send = AbstractConnection.send_packed_command

    def counted(self, command, *args, **kwargs):
        sent.append(command)
        return send(self, command, *args, **kwargs)

    monkeypatch.setattr(AbstractConnection, "send_packed_command", counted)
    return sent
