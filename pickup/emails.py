"""Pickup messages, each built at send time from a pickup id (a worker has no request at hand)."""

from collections.abc import Callable
from email.mime.image import MIMEImage

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils.translation import gettext

from core.emails import email_render
from core.outbox import Sms
from orders.emails import order_link, store_day
from pickup.models import Pickup
from pickup.notifications import pickup_phone
from pickup.qr import pickup_qr_png

QR_CID = "pickup-qr"


def _pickup(pickup_id: int) -> Pickup:
    return Pickup.objects.select_related("order", "order__customer", "location").get(pk=pickup_id)


def _local(pickup: Pickup, when) -> str:
    if when is None:
        return ""
    day, time = store_day(when, timezone=pickup.location.timezone)
    return gettext("%(day)s at %(time)s") % {"day": day, "time": time}


def _context(pickup: Pickup) -> dict:
    return {
        "pickup": pickup,
        "order": pickup.order,
        "store": pickup.location,
        "hours": list(pickup.location.opening_hours.order_by("weekday")),
        "hold_until": _local(pickup, pickup.hold_until),
        "link": order_link(order=pickup.order),
    }


def _email(pickup: Pickup, *, subject: str, template: str, qr: bool = False) -> EmailMultiAlternatives | None:
    if not pickup.order.email:
        return None
    message = email_render(
        subject=subject, template=f"pickup/email/{template}", context=_context(pickup), to=[pickup.order.email], html=qr
    )
    if qr:
        message.mixed_subtype = "related"
        image = MIMEImage(pickup_qr_png(code=pickup.code), "png")
        image.add_header("Content-ID", f"<{QR_CID}>")
        image.add_header("Content-Disposition", "inline", filename=f"pickup-{pickup.code}.png")
        message.attach(image)
    return message


def _waiting(pickup_id: int) -> Pickup | None:
    """The pickup while it waits at the desk; None once collected or cancelled before the message left."""
    pickup = _pickup(pickup_id)
    return pickup if pickup.status == Pickup.Status.READY else None


def _sms(pickup_id: int, text: Callable[[Pickup], str]) -> Sms | None:
    """A text about a waiting pickup, to the phone the order (or its customer) gave; None without one."""
    pickup = _waiting(pickup_id)
    if pickup is None or not pickup_phone(pickup):
        return None
    return Sms(to=pickup_phone(pickup), body=f"{settings.SHOP_NAME}: {text(pickup)}")


def _sms_facts(pickup: Pickup) -> dict:
    """What a text about a pickup names: the order, the store, the code and the end of the hold."""
    return {
        "number": pickup.order.number,
        "store": pickup.location.name,
        "code": pickup.code,
        "until": _local(pickup, pickup.hold_until),
    }


def pickup_ready_email(*, pickup_id: int) -> EmailMultiAlternatives | None:
    """Ready: where, until when, and the code with its QR to show at the counter."""
    pickup = _waiting(pickup_id)
    if pickup is None:
        return None
    subject = gettext("Order %(number)s is ready for pickup") % {"number": pickup.order.number}
    return _email(pickup, subject=subject, template="ready", qr=True)


def pickup_ready_sms(*, pickup_id: int) -> Sms | None:
    return _sms(
        pickup_id,
        lambda pickup: (
            gettext("order %(number)s is ready at %(store)s. Pickup code %(code)s. Held until %(until)s.")
            % _sms_facts(pickup)
        ),
    )


def pickup_reminder_email(*, pickup_id: int) -> EmailMultiAlternatives | None:
    """The hold ends soon: the same code, and when it ends."""
    pickup = _waiting(pickup_id)
    if pickup is None:
        return None
    return _email(
        pickup,
        subject=gettext("Reminder: order %(number)s is waiting for you") % {"number": pickup.order.number},
        template="reminder",
    )


def pickup_reminder_sms(*, pickup_id: int) -> Sms | None:
    return _sms(
        pickup_id,
        lambda pickup: (
            gettext("order %(number)s waits at %(store)s until %(until)s. Code %(code)s.") % _sms_facts(pickup)
        ),
    )


def pickup_expired_email(*, pickup_id: int) -> EmailMultiAlternatives | None:
    """Not collected: cancelled, and any card payment given back."""
    pickup = _pickup(pickup_id)
    return _email(
        pickup,
        subject=gettext("Order %(number)s was not collected") % {"number": pickup.order.number},
        template="expired",
    )
