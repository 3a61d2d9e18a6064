"""Staff bookmarks from before a model left its first app lead to the model's page in its app now."""

import pytest

from config.views import MOVED_ADMIN_MODELS

pytestmark = pytest.mark.django_db

MOVES = [
    (old_app, model, new_app) for old_app, models in MOVED_ADMIN_MODELS.items() for model, new_app in models.items()
]


@pytest.mark.parametrize("old_app, model, new_app", MOVES, ids=[f"{old}.{model}" for old, model, _ in MOVES])
def test_an_old_admin_address_leads_to_the_models_list_in_its_app_now(admin_client, old_app, model, new_app):
    moved = admin_client.get(f"/admin/{old_app}/{model}/?q=kari")

    assert moved.status_code == 301
    assert moved["Location"] == f"/admin/{new_app}/{model}/?q=kari"


def test_an_old_address_of_an_objects_page_keeps_the_rest_of_its_path(admin_client):
    moved = admin_client.get("/admin/orders/return/42/change/?_changelist_filters=refund_status%3Dfailed")

    assert moved.status_code == 301
    assert moved["Location"] == "/admin/returns/return/42/change/?_changelist_filters=refund_status%3Dfailed"
