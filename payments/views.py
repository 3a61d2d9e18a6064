"""POST /payments/stripe/webhook/: Stripe tells us what happened to a payment; only signed events are believed."""

import stripe
from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from payments.exceptions import WebhookEventInvalid
from payments.services import stripe_event_handle


def _refuse(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": "invalid", "message": message}, status=status)


def _well_formed(event: dict) -> bool:
    data = event.get("data")
    return (
        isinstance(event.get("id"), str)
        and isinstance(event.get("type"), str)
        and isinstance(data, dict)
        and isinstance(data.get("object"), dict)
    )


@csrf_exempt  # Stripe cannot send our CSRF token; the signature over the body stands in for it
@require_POST
def stripe_webhook(request):
    """Verify the Stripe-Signature header with STRIPE_WEBHOOK_SECRET, then hand the event to the payment service."""
    if not settings.STRIPE_WEBHOOK_SECRET:
        return _refuse("Stripe webhooks are not configured here.", status=404)
    try:
        event = stripe.Webhook.construct_event(
            request.body, request.headers.get("Stripe-Signature"), settings.STRIPE_WEBHOOK_SECRET
        ).to_dict()
    except stripe.SignatureVerificationError:
        return _refuse("The Stripe-Signature header does not match this body.")
    except (ValueError, TypeError, AttributeError):  # not JSON, or JSON the library cannot read as an object
        return _refuse("The body is not a JSON Stripe event.")
    if not _well_formed(event):
        return _refuse("The body is not a Stripe event (id, type, data.object).")
    try:
        outcome = stripe_event_handle(event=event)
    except WebhookEventInvalid as exc:
        return JsonResponse(exc.as_json(), status=400)
    return JsonResponse({"received": True, "outcome": outcome})
