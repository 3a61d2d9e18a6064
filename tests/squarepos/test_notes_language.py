"""What Square's refunds write on our side (the note of a refund of money only, a return's reason and note) is read in
the staff member's language on the staff console, and kept in English on the row."""

import re

import pytest

from orders.models import Order, OrderEvent
from returns.models import Return
from tests.squarepos.events import order_event, refund_event
from tests.squarepos.test_sales import deliver, jacket_sale

pytestmark = pytest.mark.django_db

NB = {"HTTP_ACCEPT_LANGUAGE": "nb"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def text(response) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _refunded(client, capture, square, linked, returned):
    square_order = jacket_sale(square, linked)
    deliver(client, capture, order_event(square_order["id"]))
    refund = square.add_refund(source=square_order, returned=returned, amount=5000 if not returned else 49900)
    deliver(client, capture, refund_event(refund["id"], kind="refund.updated"))
    return Order.objects.get(external_id=square_order["id"]), refund["id"]


def test_a_refund_of_money_only_reads_in_the_staff_members_language(
    linked, square, client, admin_client, django_capture_on_commit_callbacks
):
    order, refund = _refunded(client, django_capture_on_commit_callbacks, square, linked, returned=[])

    norwegian = text(admin_client.get(f"/admin/orders/order/{order.pk}/change/", **NB))
    english = text(admin_client.get(f"/admin/orders/order/{order.pk}/change/", **EN))

    assert f"Refundert i Square uten returnerte varer: 50,00 kr (refusjon {refund})." in norwegian
    assert "without returned items" not in norwegian
    assert f"Refunded in Square without returned items: NOK 50.00 (refund {refund})." in english
    assert OrderEvent.objects.get(order=order, message="square_refund").note.startswith("Refunded in Square without")


def test_a_square_return_gives_its_reason_and_note_in_the_staff_members_language(
    linked, square, client, admin_client, django_capture_on_commit_callbacks
):
    variation = square.variation(linked["jacket"].sku)["id"]
    order, _ = _refunded(client, django_capture_on_commit_callbacks, square, linked, returned=[(variation, 1)])
    ret = Return.objects.get(order=order)

    return_page = text(admin_client.get(f"/admin/returns/return/{ret.pk}/change/", **NB))
    order_page = text(admin_client.get(f"/admin/orders/order/{order.pk}/change/", **NB))
    english = text(admin_client.get(f"/admin/returns/return/{ret.pk}/change/", **EN))

    assert "Refundert i Square" in return_page and "Refunded in Square" not in return_page
    assert f"Retur {ret.number} av bestilling {order.number} i {linked['store'].name}:" in order_page
    assert "Refunded in Square" in english and ret.reason == "Refunded in Square"
