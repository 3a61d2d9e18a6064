"""The clerk records the customer's answer to marketing emails at the counter (timestamped in the timeline)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clerk.views import clerk_required, customer_or_404
from customers.models import Channel
from customers.services import customer_set_consent


@require_POST
@clerk_required
def consent_set_view(request: HttpRequest, pk: int) -> HttpResponse:
    customer = customer_or_404(pk)
    consent = request.POST.get("marketing_consent") == "yes"
    if customer_set_consent(
        customer=customer, consent=consent, channel=Channel.STORE, how="store", store=request.store.name
    ):
        messages.success(request, _("Marketing emails are now on.") if consent else _("Marketing emails are now off."))
    return redirect(f"{customer.get_absolute_url()}#consent")
