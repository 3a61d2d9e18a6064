"""POST /integrations/square/webhook/: Square tells us of sales and refunds; only signed events are believed."""

import json

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from squarepos.events import event_store, signature_valid

SIGNATURE_HEADER = "x-square-hmacsha256-signature"


def _refuse(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": "invalid", "message": message}, status=status)


@csrf_exempt  # Square cannot send our CSRF token; the signature over the URL and body stands in for it
@require_POST
def square_webhook(request):
    """Check the signature, keep the event once by its id, answer at once; the work follows in a task."""
    if not signature_valid(body=request.body, signature=request.headers.get(SIGNATURE_HEADER, "")):
        return _refuse("The x-square-hmacsha256-signature header does not match this URL and body.", status=403)
    try:
        payload = json.loads(request.body)
    except ValueError:
        return _refuse("The body is not JSON.", status=400)
    if not isinstance(payload, dict) or not payload.get("event_id") or not isinstance(payload.get("type"), str):
        return _refuse("The body is not a Square event (event_id, type).", status=400)
    event, created = event_store(payload=payload)
    return JsonResponse({"received": True, "duplicate": not created})
