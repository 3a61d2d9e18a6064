"""Stripe Terminal at the HTTP boundary: the reader endpoints localstripe lacks, served by the same local server.

A reader is known by any id that starts with tmr_. `present_payment_method` (Stripe's test helper) pays the intent
the reader holds with a card through localstripe itself, so the intent ends succeeded or declined as Stripe's would."""

from aiohttp import web

from payments.services import stripe_client

VISA = "4242424242424242"
DECLINED = "4000000000000341"

_readers: dict[str, dict] = {}


def readers_reset() -> None:
    _readers.clear()


def _reader(request: web.Request) -> dict:
    reader_id = request.match_info["id"]
    if not reader_id.startswith("tmr_"):
        raise web.HTTPNotFound(
            text='{"error": {"type": "invalid_request_error", "message": "No such reader"}}',
            content_type="application/json",
        )
    return _readers.setdefault(
        reader_id,
        {
            "id": reader_id,
            "object": "terminal.reader",
            "status": "online",
            "device_type": "simulated_wisepos_e",
            "action": None,
        },
    )


async def _retrieve(request: web.Request) -> web.Response:
    return web.json_response(_reader(request))


async def _process(request: web.Request) -> web.Response:
    from localstripe.resources import PaymentIntent
    from localstripe.server import get_post_data

    reader = _reader(request)
    data = await get_post_data(request)
    PaymentIntent._api_retrieve(data.get("payment_intent"))  # 404 for an unknown intent
    reader["action"] = {
        "type": "process_payment_intent",
        "status": "in_progress",
        "failure_code": None,
        "failure_message": None,
        "process_payment_intent": {"payment_intent": data["payment_intent"]},
    }
    return web.json_response(reader)


async def _cancel(request: web.Request) -> web.Response:
    reader = _reader(request)
    reader["action"] = None
    return web.json_response(reader)


async def _present(request: web.Request) -> web.Response:
    from localstripe.errors import UserError
    from localstripe.resources import PaymentIntent, PaymentMethod
    from localstripe.server import get_post_data

    reader = _reader(request)
    data = await get_post_data(request)
    number = (data.get("card_present") or {}).get("number") or VISA
    action = reader["action"]
    intent_id = action["process_payment_intent"]["payment_intent"]
    method = PaymentMethod(type="card", card={"number": number, "exp_month": 12, "exp_year": 2034, "cvc": "123"})
    PaymentIntent._api_update(intent_id, payment_method=method.id)
    try:
        PaymentIntent._api_confirm(intent_id)
    except UserError:
        action.update(status="failed", failure_code="card_declined", failure_message="Your card was declined.")
    else:
        action["status"] = "succeeded"
    return web.json_response(reader)


def terminal_routes_add(app: web.Application) -> None:
    """Before the server starts (aiohttp freezes its routes then)."""
    app.router.add_get("/v1/terminal/readers/{id}", _retrieve)
    app.router.add_post("/v1/terminal/readers/{id}/process_payment_intent", _process)
    app.router.add_post("/v1/terminal/readers/{id}/cancel_action", _cancel)
    app.router.add_post("/v1/test_helpers/terminal/readers/{id}/present_payment_method", _present)


def card_presented(reader_id: str, number: str = VISA) -> dict:
    """What the customer does at the reader: taps a card (declined with DECLINED)."""
    return (
        stripe_client()
        .v1.test_helpers.terminal.readers.present_payment_method(reader_id, params={"card_present": {"number": number}})
        .to_dict()
    )
