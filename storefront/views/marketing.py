"""The one-click unsubscribe of marketing emails: works without logging in, refuses a changed link.

GET shows a button (mail scanners open links); POST unsubscribes, from that button or straight from the mail
client (RFC 8058 List-Unsubscribe-Post), which carries no CSRF token: the signed token is the proof.
"""

from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from customers.models import Channel, Customer
from customers.services import customer_set_consent
from marketing.tokens import TokenInvalid, unsubscribe_token_check


@csrf_exempt
def unsubscribe(request, token: str):
    try:
        customer_id = unsubscribe_token_check(token)
    except TokenInvalid:
        return render(request, "storefront/account/unsubscribe_invalid.html", status=400)
    customer = Customer.objects.filter(pk=customer_id).first()
    while customer is not None and customer.merged_into_id:
        customer = customer.merged_into
    if customer is None:
        return render(request, "storefront/account/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        customer_set_consent(customer=customer, consent=False, channel=Channel.WEB, how="unsubscribe")
        return render(request, "storefront/account/unsubscribe_done.html", {"customer": customer})
    response = render(request, "storefront/account/unsubscribe_confirm.html", {"customer": customer})
    response["X-Robots-Tag"] = "noindex"
    return response
