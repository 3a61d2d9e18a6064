"""What every email the shop writes to a person shares: its links, its subject line, and a text body with its HTML twin.

Each app builds its own messages (orders, pickups, returns, the customer emails); this module keeps the shape they
have in common in one place, so a subject, a sender or a link never reads differently from one email to the next.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def site_url(path: str = "") -> str:
    """The shop's address for links in emails: SHOP_URL's scheme and the Sites framework's domain (set from it)."""
    scheme = urlsplit(settings.SHOP_URL).scheme or ("http" if settings.DEBUG else "https")
    return f"{scheme}://{Site.objects.get_current().domain}{path}"


def _host() -> str:
    return Site.objects.get_current().domain


def _without_frame(body: str) -> str:
    """The text body's own words, without the footer the HTML layout draws itself."""
    lines = body.splitlines()
    if "-- " in lines:
        lines = lines[: lines.index("-- ")]
    return "\n".join(lines).strip()


def shop_context() -> dict:
    """What the one email layout (templates/email/base.html and .txt) reads: the shop's name and address."""
    return {"SHOP_NAME": settings.SHOP_NAME, "shop_url": site_url("/"), "shop_host": _host()}


def email_html_from_text(*, body: str, context: dict | None = None) -> str:
    """The HTML twin of a plain-text email: its words in the shop's layout."""
    return render_to_string("email/text.html", {**shop_context(), **(context or {}), "text": _without_frame(body)})


def email_render(
    *,
    subject: str,
    template: str,
    context: dict,
    to: list[str],
    html: bool = True,
    headers: dict | None = None,
) -> EmailMultiAlternatives:
    """`<template>.txt` as the body and its HTML twin beside it: `<template>.html` with `html`, else the text in the
    shop's layout (email/text.html), so every email looks the shop's; the subject after "[shop name]"."""
    context = {**shop_context(), **context}
    body = render_to_string(f"{template}.txt", context)
    message = EmailMultiAlternatives(
        subject=f"[{settings.SHOP_NAME}] {subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        headers=headers,
    )
    if html:
        message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    else:
        message.attach_alternative(email_html_from_text(body=body, context=context), "text/html")
    return message
