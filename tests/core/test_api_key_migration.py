"""Keys issued before a person's tokens and the tills' keys became one table keep working after the migration.

The test database is taken back to the migrations before the move, a person's tokens and device clients are written
there through the historical models (the old shape), and the migrations run forward again; then the old keys call
the API as their holders would.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from rest_framework.test import APIClient

from channels.models import DeviceClient
from core.api_keys import api_key_create
from core.models import ApiKey
from core.tokens import token_digest, token_generate

BEFORE_THE_MOVE = [("core", "0001_outbox"), ("customers", "0010_name_words"), ("channels", "0001_initial")]


def _client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def migrated_from_the_old_shape(transactional_db):
    """Keys written in the old tables, then every migration applied; yields the keys by what they are."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_MOVE)
    executor.loader.build_graph()
    old = executor.loader.project_state(BEFORE_THE_MOVE).apps
    now = timezone.now()
    keys = {
        name: token_generate(prefix="dev_" if name.startswith("till") else "")
        for name in ("phone", "expired", "till", "till_revoked")
    }

    user = old.get_model("auth", "User").objects.create(username="kari", email="kari@example.com", password="!")
    tokens = old.get_model("customers", "ApiToken").objects
    phone = tokens.create(
        user=user,
        name="phone",
        digest=token_digest(keys["phone"]),
        prefix=keys["phone"][:8],
        expires_at=now + timedelta(days=3),
        rolling=True,
    )
    tokens.create(
        user=user,
        name="old tablet",
        digest=token_digest(keys["expired"]),
        prefix=keys["expired"][:8],
        expires_at=now - timedelta(days=1),
    )
    store = old.get_model("inventory", "Location").objects.create(code="OSL1", name="Oslo", kind="store")
    clients = old.get_model("channels", "DeviceClient").objects
    till = clients.create(
        name="Till 1",
        location=store,
        scopes=["stock:read", "pos:sale"],
        digest=token_digest(keys["till"]),
        prefix=keys["till"][:12],
    )
    clients.create(
        name="Till 0",
        location=store,
        scopes=["stock:read"],
        digest=token_digest(keys["till_revoked"]),
        prefix=keys["till_revoked"][:12],
        revoked_at=now - timedelta(days=1),
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    return {"keys": keys, "phone_id": phone.pk, "till_id": till.pk, "user_id": user.pk}


# One test: the migrations' round trip takes some twenty seconds.
@pytest.mark.django_db(transaction=True)
def test_keys_issued_before_the_move_keep_working_after_it(migrated_from_the_old_shape):
    keys = migrated_from_the_old_shape["keys"]

    listed = _client(keys["phone"]).get("/api/v1/auth/tokens/")
    stock = _client(keys["till"]).get("/api/v1/pos/stock/", {"sku": "NOT-STOCKED"})

    # A person's token signs in as that person, keeps its id in the list of devices, and still rolls.
    assert listed.status_code == 200, listed.json()
    devices = {token["name"]: token for token in listed.json()}
    assert devices.keys() == {"phone", "old tablet"}
    assert devices["phone"]["id"] == migrated_from_the_old_shape["phone_id"]
    assert devices["phone"]["rolling"] is True and devices["phone"]["current"] is True
    # A till's key works at its store, with its scopes, and never expires.
    assert stock.status_code == 200 and stock.json() == []
    till = DeviceClient.objects.select_related("key", "location").get(pk=migrated_from_the_old_shape["till_id"])
    assert till.location.code == "OSL1" and till.key.scopes == ["stock:read", "pos:sale"]
    assert till.key.user is None and till.key.expires_at is None and till.key.last_used_at is not None
    # What was refused stays refused.
    assert _client(keys["expired"]).get("/api/v1/auth/tokens/").status_code == 401
    assert _client(keys["till_revoked"]).get("/api/v1/pos/stock/", {"sku": "X"}).status_code == 401
    # Keys issued from now on take ids after the moved ones.
    assert api_key_create(name="Till 2", scopes=["stock:read"], expires=False)[0].pk > max(
        ApiKey.objects.exclude(name="Till 2").values_list("pk", flat=True)
    )
