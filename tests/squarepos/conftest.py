"""A shop with a store linked to a fake Square (through the real squareup SDK and SQUARE_BASE_URL)."""

import pytest

from tests.orders.conftest import ledger_ok, shop  # noqa: F401  (fixtures)
from tests.squarepos.square_fake import SIGNATURE_KEY, TOKEN, WEBHOOK_URL, fake_square_start


@pytest.fixture
def square(settings):
    """A fresh fake Square, with the connector's settings pointing at it."""
    server = fake_square_start()
    settings.SQUARE_ACCESS_TOKEN = TOKEN
    settings.SQUARE_BASE_URL = server.url
    settings.SQUARE_WEBHOOK_SIGNATURE_KEY = SIGNATURE_KEY
    settings.SQUARE_WEBHOOK_URL = WEBHOOK_URL
    yield server.state
    server.shutdown()
    server.server_close()


@pytest.fixture
def linked(shop, square):  # noqa: F811
    """The shop's store OSL1 linked to Square's LOSL1, and the catalog synced once."""
    from squarepos.catalog import catalog_sync
    from squarepos.links import store_link

    store_link(code="OSL1", square_location_id="LOSL1")
    shop["store"].refresh_from_db()
    catalog_sync()
    return shop
