"""The pickup code as a QR code (segno): inline SVG for pages and the API, PNG for email clients."""

import io

import segno
from django.utils.translation import gettext


def pickup_qr_svg(*, code: str) -> str:
    """An inline <svg> that encodes only the code, so a scanner at the counter types exactly what a clerk would; its
    title (what a screen reader says) in the active language."""
    title = gettext("Pickup code %(code)s") % {"code": code}
    return segno.make(code, error="m").svg_inline(scale=6, dark="#1a1a1a", omitsize=True, title=title)


def pickup_qr_png(*, code: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(code, error="m").save(buffer, kind="png", scale=8, border=2)
    return buffer.getvalue()
