"""The OpenAPI schema the app, the tills and marketplaces generate clients from: valid, and with no ambiguity
(the same warnings fail `manage.py check --deploy` in make test; this shows them in the test run itself)."""

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
