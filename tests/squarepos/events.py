"""Square webhook bodies as Square sends them, signed, and posted to our endpoint."""

import json
import uuid

from tests.squarepos.square_fake import sign

WEBHOOK = "/integrations/square/webhook/"


def order_event(order_id: str, *, kind: str = "order.updated", event_id: str = "", state: str = "COMPLETED") -> dict:
    field = kind.replace(".", "_")
    return {
        "merchant_id": "MERCHANT1",
        "type": kind,
        "event_id": event_id or str(uuid.uuid4()),
        "created_at": "2026-12-05T10:01:05Z",
        "data": {
            "type": "order_updated" if kind == "order.updated" else "order",
            "id": order_id,
            "object": {field: {"order_id": order_id, "state": state, "location_id": "LOSL1", "version": 4}},
        },
    }


def payment_event(order_id: str, *, event_id: str = "") -> dict:
    return {
        "merchant_id": "MERCHANT1",
        "type": "payment.updated",
        "event_id": event_id or str(uuid.uuid4()),
        "data": {
            "type": "payment",
            "id": "PAYMENT1",
            "object": {"payment": {"id": "PAYMENT1", "order_id": order_id, "status": "COMPLETED"}},
        },
    }


def refund_event(refund_id: str, *, kind: str = "refund.updated", event_id: str = "") -> dict:
    return {
        "merchant_id": "MERCHANT1",
        "type": kind,
        "event_id": event_id or str(uuid.uuid4()),
        "data": {"type": "refund", "id": refund_id, "object": {"refund": {"id": refund_id, "status": "COMPLETED"}}},
    }


def post_event(client, payload: dict, *, signature: str | None = None):
    body = json.dumps(payload)
    headers = {} if signature == "" else {"HTTP_X_SQUARE_HMACSHA256_SIGNATURE": signature or sign(body)}
    return client.post(WEBHOOK, data=body, content_type="application/json", **headers)
