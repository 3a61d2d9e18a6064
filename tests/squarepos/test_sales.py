"""Sales and refunds in from Square's webhook: one sale per Square order through the till's own service."""

from datetime import timedelta

import pytest
from django.utils import timezone

from customers.models import Customer
from inventory.models import StockLevel
from loyalty.models import PointsEntry
from orders.models import Order, OrderEvent
from returns.models import Return
from squarepos.events import events_retry, events_retry_due
from squarepos.models import SquareEvent, SquareVariation
from tests.factories import CustomerFactory
from tests.squarepos.events import order_event, payment_event, post_event, refund_event

pytestmark = pytest.mark.django_db


def on_hand(shop, variant) -> int:
    return StockLevel.objects.get(location=shop["store"], variant=variant).on_hand


def jacket_sale(square, shop, *, quantity=2, customer=None, **extra) -> dict:
    """A completed Square order of jackets at LOSL1, paid by card."""
    variation = square.variation(shop["jacket"].sku)["id"]
    buyer = customer if customer is not None else {"email_address": "Kari@Example.com", "given_name": "Kari"}
    return square.add_order(
        location_id="LOSL1",
        lines=[(variation, quantity, 49900)],
        tenders=[("CARD", 49900 * quantity)],
        customer=buyer,
        **extra,
    )


def deliver(client, capture, payload, **kwargs):
    with capture(execute=True):
        return post_event(client, payload, **kwargs)


def test_a_completed_square_order_becomes_one_store_sale_with_stock_customer_points_and_receipt(
    linked, square, client, django_capture_on_commit_callbacks, mailoutbox, ledger_ok
):
    kari = CustomerFactory(email="kari@example.com")
    square_order = jacket_sale(square, linked)

    response = deliver(client, django_capture_on_commit_callbacks, order_event(square_order["id"]))

    assert response.status_code == 200
    order = Order.objects.get(external_id=square_order["id"])
    assert (order.channel, order.fulfilment, order.status, order.location) == (
        "store",
        "in_store",
        "completed",
        linked["store"],
    )
    assert (order.total, order.payment_method, order.customer) == (998, "card_present", kari)
    assert on_hand(linked, linked["jacket"]) == 3
    assert PointsEntry.objects.get(key=f"order:{order.number}").points == 998
    [receipt] = mailoutbox
    assert receipt.to == ["kari@example.com"] and order.number in receipt.subject
    event = SquareEvent.objects.get()
    assert (event.status, event.order, event.location) == ("done", order, linked["store"])
    ledger_ok()


def test_the_same_event_again_and_a_payment_event_for_the_order_still_make_one_sale(
    linked, square, client, django_capture_on_commit_callbacks
):
    square_order = jacket_sale(square, linked)
    first = order_event(square_order["id"], kind="order.created")

    for payload in (first, first, order_event(square_order["id"]), payment_event(square_order["id"])):
        assert deliver(client, django_capture_on_commit_callbacks, payload).status_code == 200

    assert Order.objects.filter(external_id=square_order["id"]).count() == 1
    assert on_hand(linked, linked["jacket"]) == 3
    assert SquareEvent.objects.count() == 3  # the repeated delivery was kept once
    assert set(SquareEvent.objects.values_list("status", flat=True)) == {"done"}


@pytest.mark.parametrize("signature", ["", "bm90IHRoZSByaWdodCBzaWduYXR1cmU="])
def test_a_bad_or_missing_signature_is_refused_and_nothing_is_stored(linked, square, client, signature):
    square_order = jacket_sale(square, linked)

    response = post_event(client, order_event(square_order["id"]), signature=signature)

    assert response.status_code == 403
    assert not SquareEvent.objects.exists() and not Order.objects.filter(external_id=square_order["id"]).exists()


def test_an_open_order_is_not_a_sale_yet(linked, square, client, django_capture_on_commit_callbacks):
    square_order = jacket_sale(square, linked, state="OPEN")

    deliver(client, django_capture_on_commit_callbacks, order_event(square_order["id"], state="OPEN"))

    assert SquareEvent.objects.get().status == "ignored"
    assert not Order.objects.filter(external_id=square_order["id"]).exists()


def test_square_answering_500_while_the_sale_is_read_is_retried_by_beat_until_it_lands(
    linked, square, client, django_capture_on_commit_callbacks
):
    square_order = jacket_sale(square, linked)
    square.failing["/v2/orders"] = 100

    assert deliver(client, django_capture_on_commit_callbacks, order_event(square_order["id"])).status_code == 200

    event = SquareEvent.objects.get()
    assert (event.status, event.attempts) == ("pending", 1) and "500" in event.reason
    assert not Order.objects.filter(external_id=square_order["id"]).exists()
    later = timezone.now() + timedelta(hours=2)
    assert events_retry_due(now=later) == 0  # Square still down: still waiting
    square.failing.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert events_retry_due(now=later + timedelta(hours=2)) == 1
    assert Order.objects.filter(external_id=square_order["id"]).count() == 1
    assert SquareEvent.objects.get().status == "done"


def test_an_item_we_do_not_know_needs_attention_and_writes_nothing_until_it_is_mapped_and_retried(
    linked, square, client, django_capture_on_commit_callbacks
):
    jacket = square.variation(linked["jacket"].sku)["id"]
    square_order = square.add_order(
        location_id="LOSL1",
        lines=[(jacket, 1, 49900), ("SQUARE_MADE_IT", 1, 14950)],
        tenders=[("CASH", 64850)],
        customer={"email_address": "new@example.com"},
    )

    deliver(client, django_capture_on_commit_callbacks, order_event(square_order["id"]))

    event = SquareEvent.objects.get()
    assert event.status == "attention" and "SQUARE_MADE_IT" in event.reason
    assert not Order.objects.filter(external_id=square_order["id"]).exists()
    assert on_hand(linked, linked["jacket"]) == 5 and not Customer.objects.filter(email="new@example.com").exists()
    cap_link = SquareVariation.objects.get(variant=linked["cap"])
    SquareVariation.objects.filter(pk=cap_link.pk).update(square_id="SQUARE_MADE_IT")
    with django_capture_on_commit_callbacks(execute=True):
        assert events_retry(event_pks=[event.pk]) == 1
    assert SquareEvent.objects.get().status == "done"
    order = Order.objects.get(external_id=square_order["id"])
    assert (order.total, order.payment_method) == (648.5, "cash")


def test_a_sale_at_a_square_location_not_linked_needs_attention(
    linked, square, client, django_capture_on_commit_callbacks
):
    variation = square.variation(linked["jacket"].sku)["id"]
    square_order = square.add_order(location_id="LBGO1", lines=[(variation, 1, 49900)], tenders=[("CARD", 49900)])

    deliver(client, django_capture_on_commit_callbacks, order_event(square_order["id"]))

    event = SquareEvent.objects.get()
    assert event.status == "attention" and "LBGO1 is not linked" in event.reason
    assert not Order.objects.filter(external_id=square_order["id"]).exists()


def test_square_discounts_are_recorded_as_charged(linked, square, client, django_capture_on_commit_callbacks):
    variation = square.variation(linked["jacket"].sku)["id"]
    square_order = square.add_order(
        location_id="LOSL1", lines=[(variation, 2, 49900)], tenders=[("CARD", 89800)], discount=10000
    )

    deliver(client, django_capture_on_commit_callbacks, order_event(square_order["id"]))

    order = Order.objects.get(external_id=square_order["id"])
    assert (order.subtotal, order.discount_total, order.total, order.amount_paid) == (998, 100, 898, 898)


def test_a_refund_with_returned_items_is_one_return_with_units_back_and_points_reversed(
    linked, square, client, django_capture_on_commit_callbacks, ledger_ok
):
    square_order = jacket_sale(square, linked)
    deliver(client, django_capture_on_commit_callbacks, order_event(square_order["id"]))
    order = Order.objects.get(external_id=square_order["id"])
    variation = square.variation(linked["jacket"].sku)["id"]
    refund = square.add_refund(source=square_order, returned=[(variation, 1)], amount=49900)

    for kind in ("refund.created", "refund.updated"):
        deliver(client, django_capture_on_commit_callbacks, refund_event(refund["id"], kind=kind))

    ret = Return.objects.get(order=order)
    assert ret.key == f"square-refund:{refund['id']}" and ret.location == linked["store"]
    assert (ret.refund_amount, ret.refund_status) == (499, "refunded")
    assert on_hand(linked, linked["jacket"]) == 4
    assert PointsEntry.objects.get(key=f"return:{ret.pk}").points == -499
    assert not order.refunds.filter(stripe_refund_id__gt="").exists()  # nothing asked of Stripe
    ledger_ok()


def test_a_refund_without_returned_items_is_noted_on_the_orders_history(
    linked, square, client, django_capture_on_commit_callbacks
):
    square_order = jacket_sale(square, linked)
    deliver(client, django_capture_on_commit_callbacks, order_event(square_order["id"]))
    refund = square.add_refund(source=square_order, returned=[], amount=5000)

    for kind in ("refund.created", "refund.updated"):
        deliver(client, django_capture_on_commit_callbacks, refund_event(refund["id"], kind=kind))

    order = Order.objects.get(external_id=square_order["id"])
    notes = list(OrderEvent.objects.filter(order=order, note__contains=refund["id"]).values_list("note", flat=True))
    assert len(notes) == 1 and "without returned items" in notes[0]
    assert not Return.objects.filter(order=order).exists() and on_hand(linked, linked["jacket"]) == 3


def test_staff_find_the_square_sale_by_the_square_order_id(linked, square, client, django_capture_on_commit_callbacks):
    from rest_framework.test import APIClient

    from tests.factories import StaffFactory, api_token_key

    square_order = jacket_sale(square, linked)
    deliver(client, django_capture_on_commit_callbacks, order_event(square_order["id"]))
    staff = APIClient()
    staff.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(StaffFactory(location=linked['store']))}")

    found = staff.get("/api/v1/orders/", {"external_id": square_order["id"]}).json()["results"]

    assert [(row["external_id"], row["channel"]) for row in found] == [(square_order["id"], "store")]


def test_with_the_connector_off_the_webhook_refuses_even_a_signed_event(linked, square, client, settings):
    settings.SQUARE_ACCESS_TOKEN = ""
    square_order = jacket_sale(square, linked)

    assert post_event(client, order_event(square_order["id"])).status_code == 403
    assert not SquareEvent.objects.exists()
