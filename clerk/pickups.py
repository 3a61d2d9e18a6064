"""The pickup desk in the clerk console: the store's queue, and the counter where a code becomes a handover.

Plain forms and redirects (no JavaScript), sized for a tablet. A QR scanner types the code into the box.
"""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from clerk.views import clerk_required
from core import store_scope
from core.exceptions import DomainError
from core.formatting import money_format
from core.http import client_ip
from core.roles import is_staff_with
from inventory.models import Location
from pickup import selectors, services
from pickup.exceptions import TooManyCodeAttempts
from pickup.models import Pickup

logger = logging.getLogger(__name__)

DONE = {
    "picking": gettext_lazy("Picking %(number)s."),
    "ready": gettext_lazy("%(number)s is ready; the customer has been told."),
    "cancel": gettext_lazy("%(number)s is cancelled; its items are back on sale."),
}


def _desk_store(request: HttpRequest) -> Location:
    """The clerk's own store; a manager may look at another with ?store=CODE (and work it only if they act
    everywhere: the per-store rule of core.store_scope)."""
    code = request.GET.get("store") or request.POST.get("store")
    if code and code != request.store.code and store_scope.sees_everywhere(request.user):
        store = Location.objects.filter(code=code, kind=Location.Kind.STORE).first()
        if store is None:
            raise Http404(_("No such store."))
        return store
    return request.store


def _queue_url(store: Location, home: Location) -> str:
    url = reverse("clerk:pickups")
    return url if store.pk == home.pk else f"{url}?store={store.code}"


@clerk_required
def queue(request: HttpRequest) -> HttpResponse:
    """Placed, being picked and ready, due and overdue flagged, with the next step for each."""
    store = _desk_store(request)
    works_here = store_scope.may_act_at(request.user, location_id=store.pk)
    queue_now = selectors.pickup_queue(location=store)
    context = {
        "store": request.store,
        "desk": store,
        "queue": queue_now,
        "groups": selectors.queue_with_pick_lines(queue=queue_now),
        "stores": (
            list(Location.objects.filter(kind=Location.Kind.STORE, is_active=True).order_by("name"))
            if store_scope.sees_everywhere(request.user)
            else []
        ),
        "may_prepare": works_here and is_staff_with(request.user, "pickup.prepare_pickup"),
        "may_cancel": works_here and is_staff_with(request.user, "pickup.cancel_pickup"),
    }
    return render(request, "clerk/pickups.html", context)


@clerk_required
def pick_list(request: HttpRequest) -> HttpResponse:
    """Every order still to pick at the store, with its lines: a page to print and carry round the shelves."""
    store = _desk_store(request)
    rows = selectors.pick_list(queue=selectors.pickup_queue(location=store))
    return render(request, "clerk/pick_list.html", {"store": request.store, "desk": store, "rows": rows})


@require_POST
@clerk_required
def step(request: HttpRequest, number: str, action: str) -> HttpResponse:
    """One queue button: start picking, mark ready or cancel, through the order services."""
    if action not in services.DESK_STEP_SERVICES:
        raise Http404(_("No such step."))
    (perm, service), done = services.DESK_STEP_SERVICES[action], DONE[action]
    if not is_staff_with(request.user, perm):
        raise PermissionDenied(_("Your role does not allow this."))
    store = _desk_store(request)
    pickup = Pickup.objects.select_related("order").filter(order__number=number, location=store).first()
    if pickup is None:
        raise Http404(_("No such pickup at this store."))
    if not store_scope.may_act_at(request.user, location_id=store.pk):
        raise PermissionDenied(_("You work the pickups of your own store only."))
    extra = {}
    if action == "cancel":
        reason = request.POST.get("reason", "").strip()[:200]
        if not reason:
            messages.error(request, _("Say why %(number)s is cancelled.") % {"number": number})
            return redirect(_queue_url(store, request.store))
        extra["reason"] = reason
    try:
        service(pickup=pickup, actor=request.user, **extra)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done % {"number": number})
    return redirect(_queue_url(store, request.store))


def _counter(request: HttpRequest, *, code: str = "", pickup=None, error: str = "", status: int = 200):
    context = {"store": request.store, "code": code, "pickup": pickup, "error": error}
    if pickup is not None:
        context["lines"] = [line for line in pickup.order.lines.all()]
        context["paid"] = pickup.order.is_paid
    return render(request, "clerk/pickups_verify.html", context, status=status)


def _find(request: HttpRequest, code: str):
    """The pickup behind a code at the clerk's own store, or the page that says why not (404 / 429)."""
    try:
        found = services.pickup_find_by_code(
            code=code, location=request.store, user=request.user, ip=client_ip(request)
        )
    except TooManyCodeAttempts as exc:
        return None, _counter(request, code=code, error=exc.message, status=429)
    except DomainError as exc:
        return None, _counter(request, code=code, error=exc.message, status=404)
    return selectors.pickup_for_counter(pickup_id=found.pk), None


@require_http_methods(["GET", "HEAD", "POST"])
@clerk_required
def verify(request: HttpRequest) -> HttpResponse:
    """Type or scan the code: the order, its lines, payment and customer; then take payment and hand over."""
    if not is_staff_with(request.user, "pickup.handover_pickup"):
        raise PermissionDenied(_("Your role does not allow handing over pickups."))
    code = (request.POST.get("code") if request.method == "POST" else request.GET.get("code")) or ""
    if not code.strip():
        return _counter(request)
    pickup, refused_page = _find(request, code)
    if refused_page is not None:
        return refused_page
    if request.method != "POST":
        return _counter(request, code=code, pickup=pickup)
    refused = [int(pk) for pk in request.POST.getlist("refuse") if pk.isdigit()]
    try:
        services.pickup_collect(
            pickup=pickup, actor=request.user, payment=request.POST.get("payment") or None, refused_line_ids=refused
        )
    except DomainError as exc:
        return _counter(
            request, code=code, pickup=selectors.pickup_for_counter(pickup_id=pickup.pk), error=exc.message, status=409
        )
    logger.info("pickup handed over", extra={"user_id": request.user.pk, "order": pickup.order.number})
    said = _("%(number)s handed over to %(name)s.") % {
        "number": pickup.order.number,
        "name": pickup.order.name or _("the customer"),
    }
    refund = selectors.refused_lines_refund(order_number=pickup.order.number) if refused else None
    if refund is not None:
        said += " " + _("%(amount)s for what they left goes back to their card.") % {
            "amount": money_format(refund.amount, pickup.order.currency)
        }
    messages.success(request, said)
    return redirect("clerk:pickups-verify")
