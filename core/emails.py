"""What every email the shop writes to a person shares: its links, its subject line, and a text body with its HTML twin.

Each app builds its own messages (orders, pickups, returns, the customer emails); this module keeps the shape they
have in common in one place, so a subject, a sender or a link never reads differently from one email to the next.
"""

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def site_url(path: str = "") -> str:
    """The shop's address for links in emails (the Sites framework's domain; https outside development)."""
    scheme = "http" if settings.DEBUG else "https"
    return f"{scheme}://{Site.objects.get_current().domain}{path}"


def email_render(
    *,
    subject: str,
    template: str,
    context: dict,
    to: list[str],
    html: bool = True,
    headers: dict | None = None,
) -> EmailMultiAlternatives:
    """`<template>.txt` as the body and, with `html`, `<template>.html` beside it; the subject after "[shop name]"."""
    context = {"SHOP_NAME": settings.SHOP_NAME, **context}
    message = EmailMultiAlternatives(
        subject=f"[{settings.SHOP_NAME}] {subject}",
        body=render_to_string(f"{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        headers=headers,
    )
    if html:
        message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message
