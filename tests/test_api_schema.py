"""The OpenAPI schema the app, the tills and marketplaces generate clients from: valid, and with no ambiguity
(the same warnings fail `manage.py check --deploy` in make test; this shows them in the test run itself)."""

import json

import pytest
from django.core.management import call_command


def test_the_schema_validates_without_a_single_warning(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert "/api/v1/pos/sales/" in out.read_text()


@pytest.mark.parametrize("name", ["OrderStatusEnum", "PickupStatusEnum", "OnlineFulfilmentEnum"])
def test_choice_sets_have_stable_names_for_generated_clients(tmp_path, name):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(out))
    assert f"{name}:" in out.read_text()


def test_collect_by_code_documents_its_429_for_too_many_wrong_codes(tmp_path):
    out = tmp_path / "schema.json"
    call_command("spectacular", "--format", "openapi-json", "--file", str(out))
    answers = json.loads(out.read_text())["paths"]["/api/v1/pickups/collect/"]["post"]["responses"]
    assert answers["429"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
