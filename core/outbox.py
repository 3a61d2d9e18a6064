"""The transactional outbox: every email and text the shop sends, written with the change it tells about.

A service calls `outbox_enqueue(key=..., builder=..., context=...)` inside its own transaction, so the
message exists exactly when the change does. After commit a Celery task gets the message's *id* — never its
body — and `outbox_send` builds and sends it under a row lock (`select_for_update(skip_locked=True)`),
marking it sent in the same transaction; a unique `key` per message makes a second enqueue of the same
message a no-op. If the broker is down at commit, the enqueue is logged and skipped, the request still
succeeds, and beat's `outbox_drain` sends the message later; failed sends are retried by the drain with
exponential backoff (`attempts`, `last_error`, `next_attempt_at`) up to `MAX_ATTEMPTS`.

A *builder* is a function, named by its dotted path, that takes the row's JSON `context` as keyword
arguments and returns something with a `.send()` — a Django `EmailMessage`/`EmailMultiAlternatives` or an
`Sms` — or None when there is nothing left to say. A new kind of message (order confirmation, ready for
pickup, receipt) is one builder in the app that owns it, taking ids and rendering at send time:

    outbox_enqueue(key=f"order-confirmation:{order.pk}", builder="orders.emails.order_confirmation",
                   context={"order_id": order.pk})

Mails rendered by a library at request time (allauth's: they need the request for links) go through
`rendered_email`: their text sits in the database row, not in the broker, and is blanked once sent.

Every message is written in its reader's language, whoever's request or task sends it: the sender, who knows
the customer, passes `language=` (their profile's, see customers.language), the row keeps it, and the builder
runs with it active (`translation.override`); a message without one (staff digests) is in the shop's language.
"""

import contextlib
import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

import kombu.exceptions
import redis
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from core.models import OutboxMessage
from core.transactions import insert_unless_taken

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
# A dispatched message is the task's for this long; after that the drain assumes the task was lost.
DISPATCH_GRACE = timedelta(minutes=5)
BROKER_ERRORS = (kombu.exceptions.OperationalError, redis.exceptions.RedisError, OSError)
RENDERED_BUILDERS = {"core.outbox.rendered_email", "core.outbox.rendered_sms"}


@dataclass(frozen=True)
class Sms:
    """A text message, sent through settings.SMS_BACKEND (a class with `send(*, to, body)`)."""

    to: str
    body: str

    def send(self) -> None:
        import_string(settings.SMS_BACKEND)().send(to=self.to, body=self.body)


def rendered_email(
    *, subject: str, body: str, to: list[str], from_email: str = "", html_body: str = "", headers: dict | None = None
):
    """Builder for a mail rendered when it was enqueued (headers such as List-Unsubscribe kept)."""
    message = EmailMultiAlternatives(subject, body, from_email or None, to, headers=headers or None)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message


def email_enqueue(
    *, key: str, message: EmailMultiAlternatives, to: list[str] | None = None, language: str = ""
) -> OutboxMessage:
    """Store a mail built now (subject, bodies, headers) as an outbox message, sent after commit like any other;
    `language` is the one it was built in."""
    html = next((content for content, mime in getattr(message, "alternatives", []) if mime == "text/html"), "")
    context = {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(to if to is not None else message.to),
        "html_body": html,
    }
    if message.extra_headers:
        context["headers"] = dict(message.extra_headers)
    return outbox_enqueue(key=key, builder="core.outbox.rendered_email", context=context, language=language)


def rendered_sms(*, to: str, body: str) -> Sms:
    """Builder for a text written when it was enqueued."""
    return Sms(to=to, body=body)


def outbox_enqueue(
    *, key: str, builder: str, context: dict, channel: str = OutboxMessage.Channel.EMAIL, language: str | None = ""
) -> OutboxMessage:
    """Write one message in the caller's transaction; after commit a task sends it, once, whatever the key's repeats.

    `language` is the reader's: the builder runs with it active (empty: the shop's own)."""
    import_string(builder)  # a typo fails here, in the caller's transaction, not later in a worker
    message = OutboxMessage(
        key=key,
        builder=builder,
        context=context,
        channel=channel,
        language=language or "",
        next_attempt_at=timezone.now() + DISPATCH_GRACE,
        **(_envelope_of_rendered(context) if builder in RENDERED_BUILDERS else {}),
    )
    # Written first, looked up only when the key is taken: a key is nearly always new, and a lookup first (with
    # a savepoint for the insert) cost every message three more round trips.
    if not insert_unless_taken(message):
        return OutboxMessage.objects.get(key=key)
    transaction.on_commit(partial(_dispatch, message.pk))
    return message


def _dispatch(message_id: int) -> None:
    """Hand the message id to a worker; with the broker down, leave it to the drain instead of failing the request."""
    from core.tasks import outbox_send as send_task

    try:
        send_task.apply_async(args=(message_id,), producer=_broker_producer(send_task.app), retry=False)
    except BROKER_ERRORS as exc:
        _broker_connection_drop()
        log.warning(
            "broker unreachable (%s); outbox message %s waits for the drain", exc.__class__.__name__, message_id
        )
        OutboxMessage.objects.filter(pk=message_id).update(next_attempt_at=timezone.now())


_broker = threading.local()


def _broker_producer(app):
    """This thread's producer, broker connection and Redis client, kept between messages: new ones per message cost
    more than the checkout's queries. No connection retries: a request must not wait for the broker; the drain is."""
    url = app.conf.broker_url
    held = getattr(_broker, "held", None)
    if held is None or held[0] != url:
        _broker_connection_drop()
        connection = app.connection_for_write(transport_options={"max_retries": 0})
        channel = connection.default_channel
        if hasattr(channel, "conn_or_acquire"):  # Redis: kombu builds a client per message unless the channel keeps one
            make, client = channel._create_client, channel._create_client()
            channel._create_client = lambda asynchronous=False: make(asynchronous=True) if asynchronous else client
        _broker.held = held = (url, connection, app.amqp.Producer(channel, auto_declare=False))
    return held[2]


def _broker_connection_drop() -> None:
    """Forget a connection that failed (or points at another broker): the next message opens a fresh one."""
    held, _broker.held = getattr(_broker, "held", None), None
    if held is not None:
        with contextlib.suppress(Exception):  # a broken connection may fail to close too; it is dropped all the same
            held[1].release()


def _envelope_of_rendered(context: dict) -> dict:
    """Recipient and subject of a message written at once, from its builder's arguments."""
    to, subject = context.get("to", ""), str(context.get("subject", ""))
    return {"recipient": (", ".join(to) if isinstance(to, list) else str(to))[:300], "subject": subject[:300]}


def _envelope(message: OutboxMessage, outgoing) -> None:
    """Note on the row whom the built message goes to and its subject (an SMS has none)."""
    to = getattr(outgoing, "to", "")
    message.recipient = (", ".join(to) if isinstance(to, list | tuple) else str(to or ""))[:300]
    message.subject = str(getattr(outgoing, "subject", "") or "")[:300]


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(60 * 2 ** (attempts - 1), 3600))


def outbox_send(*, message_id: int) -> bool:
    """Build and send one message unless it is sent or being sent; True when this call sent it.

    The row lock is held while the message goes out so that no second sender can pick it up; it locks
    only this outbox row, never a business row, so a slow mail server delays nothing but this message.
    """
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, sent_at__isnull=True)
            .first()
        )
        if message is None:
            return False
        try:
            with transaction.atomic(), translation.override(message.language or settings.LANGUAGE_CODE):
                outgoing = import_string(message.builder)(**message.context)
                if outgoing is not None:
                    _envelope(message, outgoing)
                    outgoing.send()
        except Exception as exc:  # any failure of a builder or a backend is retried by the drain
            message.attempts += 1
            message.last_error = f"{exc.__class__.__name__}: {exc}"[:2000]
            message.next_attempt_at = timezone.now() + _backoff(message.attempts)
            message.save(update_fields=["attempts", "last_error", "next_attempt_at", "recipient", "subject"])
            log.warning("outbox message %s (%s) failed, attempt %s: %s", message.pk, message.key, message.attempts, exc)
            return False
        message.sent_at = timezone.now()
        if message.builder in RENDERED_BUILDERS:
            message.context = {}  # reset links and codes do not stay at rest once delivered
        message.save(update_fields=["sent_at", "context", "recipient", "subject"])
    log.info("outbox message %s (%s) sent", message.pk, message.key)
    return True


def outbox_drain(*, now: datetime | None = None, limit: int = 200) -> int:
    """Send what is due: messages whose task was lost or whose last attempt failed. Returns how many went out."""
    now = now or timezone.now()
    due = (
        OutboxMessage.objects.filter(sent_at__isnull=True, next_attempt_at__lte=now, attempts__lt=MAX_ATTEMPTS)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(outbox_send(message_id=pk) for pk in list(due))
