"""The language switch in the footer of the shop and the clerk console."""

from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from customers.language import language_supported
from customers.models import Customer
from customers.services import customer_language_set


@require_POST
def language_set(request):
    """Django's `set_language` (the `django_language` cookie, then back to `next`); a signed-in shopper's profile
    keeps the choice too, since it comes first and their emails follow it."""
    response = set_language(request)
    language = language_supported(request.POST.get("language"))
    if language and request.user.is_authenticated:
        customer = Customer.objects.filter(user=request.user, merged_into__isnull=True).first()
        if customer is not None:
            customer_language_set(customer=customer, language=language)
    return response
