"""A CSRF token for forms on pages cached for every visitor, which carry none (storefront.pagecache)."""

from django.http import JsonResponse
from django.middleware.csrf import REASON_CSRF_TOKEN_MISSING, REASON_NO_CSRF_COOKIE, get_token
from django.shortcuts import render
from django.urls import reverse
from django.views.csrf import csrf_failure as django_csrf_failure
from django.views.decorators.http import require_safe

# Forms of cached shop pages; a POST to one of them without a token is asked again, with one.
CONFIRMABLE = ("storefront:cart_add", "storefront:wishlist_add", "storefront:wishlist_remove", "set_language")


@require_safe
def csrf_token(request):
    """This visitor's token (and cookie), for shop.js to put into a form before sending it."""
    response = JsonResponse({"token": get_token(request)})
    response["Cache-Control"] = "private, no-store"
    return response


def csrf_failure(request, reason=""):
    """Without JavaScript, a form of a cached page arrives without a token: show it again with one to confirm.
    Nothing was done; a forged request from another site gets the same page and needs the visitor's own click
    (and the shop cannot be framed). Every other failure is Django's own 403."""
    targets = {reverse(name) for name in CONFIRMABLE}
    if (
        request.method == "POST"
        and request.path in targets
        and reason in (REASON_NO_CSRF_COOKIE, REASON_CSRF_TOKEN_MISSING)
    ):
        fields = [
            (key, value) for key, values in request.POST.lists() if key != "csrfmiddlewaretoken" for value in values
        ]
        return render(request, "csrf_confirm.html", {"action": request.path, "fields": fields}, status=403)
    return django_csrf_failure(request, reason=reason)
