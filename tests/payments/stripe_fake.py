"""Stripe at the HTTP boundary: localstripe served on loopback in a thread, and webhook events we sign ourselves."""

import asyncio
import hashlib
import hmac
import json
import secrets
import socket
import threading
import time
import urllib.request

import pytest
from aiohttp import web

from payments.services import stripe_client
from tests.payments.terminal_fake import readers_reset, terminal_routes_add

WEBHOOK_SECRET = "whsec_test_omnistore"
VISA = "4242424242424242"
DECLINED = "4000000000000341"  # attaches, then declines when the payment is confirmed


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


_server: dict[str, str] = {}


def localstripe_start() -> str:
    """localstripe's aiohttp app on 127.0.0.1 (its own command listens on every interface), once per test run:
    a daemon thread with its own event loop that ends with the run."""
    if "url" in _server:
        return _server["url"]
    from localstripe.server import app, store

    store.dump_to_disk = lambda: None  # its state stays in memory: /tmp/localstripe.pickle is not ours
    terminal_routes_add(app)
    loop, port, started = asyncio.new_event_loop(), _free_port(), threading.Event()

    def serve():
        asyncio.set_event_loop(loop)
        runner = web.AppRunner(app, access_log=None)
        loop.run_until_complete(runner.setup())
        loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", port).start())
        started.set()
        loop.run_forever()

    threading.Thread(target=serve, daemon=True, name="localstripe").start()
    assert started.wait(10), "localstripe did not start"
    _server["url"] = f"http://127.0.0.1:{port}"
    return _server["url"]


@pytest.fixture
def stripe_on(settings):
    """Card payment set up against a fresh localstripe."""
    localstripe_url = localstripe_start()
    urllib.request.urlopen(urllib.request.Request(f"{localstripe_url}/_config/data", method="DELETE"), timeout=5)  # noqa: S310
    readers_reset()
    settings.STRIPE_SECRET_KEY = "sk_test_omnistore"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_omnistore"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = localstripe_url
    return localstripe_url


def closed_port_url() -> str:
    """An address where nothing listens: Stripe unreachable."""
    return f"http://127.0.0.1:{_free_port()}"


def card_pay(intent_id: str, number: str = VISA):
    """What the Payment Element does in the browser: a card payment method, then confirm."""
    client = stripe_client()
    method = client.v1.payment_methods.create(
        params={"type": "card", "card": {"number": number, "exp_month": 12, "exp_year": 2034, "cvc": "123"}}
    )
    # localstripe confirms only an intent that already has its payment method
    client.v1.payment_intents.update(intent_id, params={"payment_method": method.id})
    return client.v1.payment_intents.confirm(intent_id)


def intent(intent_id: str) -> dict:
    return stripe_client().v1.payment_intents.retrieve(intent_id).to_dict()


def event(kind: str, obj: dict, *, event_id: str | None = None) -> dict:
    return {
        "id": event_id or f"evt_{secrets.token_hex(8)}",
        "object": "event",
        "type": kind,
        "created": int(time.time()),
        "livemode": False,
        "data": {"object": obj},
    }


def signed(body: bytes, *, secret: str = WEBHOOK_SECRET, at: int | None = None) -> str:
    """The Stripe-Signature header: t=<ts>,v1=HMAC-SHA256(secret, f"{t}.{body}")."""
    at = at or int(time.time())
    digest = hmac.new(secret.encode(), f"{at}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={at},v1={digest}"


def deliver(client, payload: dict, *, secret: str = WEBHOOK_SECRET):
    """POST an event to our webhook as Stripe would: the exact body it signed."""
    body = json.dumps(payload).encode()
    return client.post(
        "/payments/stripe/webhook/",
        data=body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signed(body, secret=secret),
    )
