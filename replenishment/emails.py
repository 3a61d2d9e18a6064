"""The low-stock digest as an email, built when the outbox sends it."""

from datetime import date

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import ngettext

from inventory.models import Location
from replenishment.selectors import reorder_suggestions


def low_stock_digest_email(*, location_id: int, day: str) -> EmailMultiAlternatives | None:
    """Outbox builder: the digest as it stands when it is sent; None when nothing is low any more."""
    location = Location.objects.get(pk=location_id)
    suggestions = reorder_suggestions(location=location)
    if not suggestions or not location.email:
        return None
    site = Site.objects.get_current()
    scheme = "http" if settings.DEBUG else "https"
    report_url = f"{scheme}://{site.domain}{reverse('admin:inventory_stocklevel_reorder')}?location={location.pk}"
    context = {
        "location": location,
        "day": date.fromisoformat(day),
        "suggestions": suggestions,
        "report_url": report_url,
        "shop_name": settings.SHOP_NAME,
    }
    count = len(suggestions)
    message = EmailMultiAlternatives(
        subject=ngettext(
            "[%(shop)s] Low stock at %(place)s: %(count)d SKU to reorder",
            "[%(shop)s] Low stock at %(place)s: %(count)d SKUs to reorder",
            count,
        )
        % {"shop": settings.SHOP_NAME, "place": location.name, "count": count},
        body=render_to_string("replenishment/email/low_stock_digest.txt", context),
        to=[location.email],
    )
    message.attach_alternative(render_to_string("replenishment/email/low_stock_digest.html", context), "text/html")
    return message
