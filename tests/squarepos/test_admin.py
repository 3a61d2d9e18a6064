"""The staff console's Square pages: the events with their reasons and a retry, each store's last syncs."""

import pytest

from squarepos.models import SquareEvent, SquareVariation
from squarepos.stock import stock_sync
from tests.squarepos.events import order_event, post_event

pytestmark = pytest.mark.django_db

EVENTS = "/admin/squarepos/squareevent/"
SYNCS = "/admin/squarepos/squaresync/"


def test_events_needing_attention_show_their_reason_and_retry_records_them_once_the_item_is_mapped(
    linked, square, client, admin_client, django_capture_on_commit_callbacks
):
    square_order = square.add_order(
        location_id="LOSL1", lines=[("SQUARE_MADE_IT", 1, 14950)], tenders=[("CASH", 14950)]
    )
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, order_event(square_order["id"]))
    event = SquareEvent.objects.get()

    page = admin_client.get(EVENTS, {"status__exact": "attention"})

    assert page.status_code == 200
    assert "Needs attention" in page.text and "Square item not in our catalog" in page.text
    SquareVariation.objects.filter(variant=linked["cap"]).update(square_id="SQUARE_MADE_IT")
    form = {"action": "retry", "_selected_action": [event.pk]}
    confirm = admin_client.post(EVENTS, form)
    assert confirm.status_code == 200 and "Retry Square events" in confirm.text
    with django_capture_on_commit_callbacks(execute=True):
        done = admin_client.post(EVENTS, {**form, "post": "yes"}, follow=True)
    assert "1 Square event sent round again" in done.text
    event.refresh_from_db()
    assert event.status == "done" and event.order.external_id == square_order["id"]


def test_the_sync_page_shows_each_linked_stores_last_catalog_and_stock_sync(linked, square, admin_client):
    stock_sync(full=True)

    page = admin_client.get(SYNCS)

    assert page.status_code == 200
    assert page.text.count("Oslo Sentrum") >= 2 and "Catalog" in page.text and "Stock" in page.text
    assert "connector is off" not in page.text


def test_without_a_token_the_square_pages_say_the_connector_is_off(admin_client, settings):
    settings.SQUARE_ACCESS_TOKEN = ""

    for url in (SYNCS, EVENTS):
        assert "The Square connector is off" in admin_client.get(url).text


def test_the_store_page_links_a_store_to_square_in_the_admin(shop, admin_client):
    store = shop["store"]
    page = admin_client.get(f"/admin/inventory/location/{store.pk}/change/")

    assert page.status_code == 200 and 'name="square_location_id"' in page.text


def test_a_reason_is_shown_in_the_staff_members_language(
    linked, square, client, admin_client, django_capture_on_commit_callbacks
):
    square_order = square.add_order(
        location_id="LOSL1", lines=[("SQUARE_MADE_IT", 1, 14950)], tenders=[("CASH", 14950)]
    )
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, order_event(square_order["id"]))

    norwegian = admin_client.get(EVENTS, {"status__exact": "attention"}, HTTP_ACCEPT_LANGUAGE="nb").text
    english = admin_client.get(EVENTS, {"status__exact": "attention"}, HTTP_ACCEPT_LANGUAGE="en").text

    assert (
        "Square-varen finnes ikke i katalogen vår: SQUARE_MADE_IT (SQUARE_MADE_IT). Koble den, og prøv igjen."
        in norwegian
    )
    assert "Square item not in our catalog" not in norwegian
    assert "Square item not in our catalog: SQUARE_MADE_IT (SQUARE_MADE_IT). Map it, then retry." in english
