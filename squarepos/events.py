"""Square's webhook events: believed only when signed, kept once by event id, worked through after the commit.

An event is answered at once and its work happens in a task (`squarepos.tasks.square_event_process`), which reads
the order or refund from Square outside any transaction and records it in one durable transaction under the
event's row lock. Square down or busy: the event stays *waiting* and beat asks again with a growing pause, until
it is done. An event we cannot record as it is (an item or a store we do not know, amounts that do not add up)
*needs attention*, with the reason, and nothing of it is written; staff retry it from the admin.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop
from square.utils.webhooks_helper import verify_signature

from core.outbox import BROKER_ERRORS
from core.transactions import create_once
from squarepos.client import SquareUnavailable, connector_on
from squarepos.models import SquareEvent
from squarepos.reasons import reason_english, reason_parts

log = logging.getLogger(__name__)

SALE_TYPES = {"order.created", "order.updated", "payment.updated"}
REFUND_TYPES = {"refund.created", "refund.updated"}
# The task normally runs at once; beat picks the event up after this if the task was lost.
FIRST_RETRY_AFTER = timedelta(minutes=2)
LONGEST_PAUSE = timedelta(hours=1)


@dataclass(frozen=True)
class Outcome:
    """How an event ended: its status, why (for staff), and what it touched."""

    status: str
    reason: str = ""
    location_id: int | None = None
    order_id: int | None = None
    params: dict = field(default_factory=dict)

    @classmethod
    def because(cls, status: str, exc: Exception, **touched) -> "Outcome":
        """The outcome of a failure, its message and values kept for staff to read in their language."""
        message, params = reason_parts(exc)
        return cls(status, message, params=params, **touched)


def signature_valid(*, body: bytes, signature: str) -> bool:
    """Square's signature: base64 HMAC-SHA256 of the registered notification URL followed by the raw body."""
    if not connector_on() or not signature:
        return False
    if not settings.SQUARE_WEBHOOK_SIGNATURE_KEY or not settings.SQUARE_WEBHOOK_URL:
        return False
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return verify_signature(
        request_body=text,
        signature_header=signature,
        signature_key=settings.SQUARE_WEBHOOK_SIGNATURE_KEY,
        notification_url=settings.SQUARE_WEBHOOK_URL,
    )


def subject_of(payload: dict) -> str:
    """The Square order or refund an event is about (the order a payment belongs to)."""
    data = payload.get("data") or {}
    obj = data.get("object") or {}
    if payload.get("type") == "payment.updated":
        return str((obj.get("payment") or {}).get("order_id") or "")
    return str(data.get("id") or "")


def _enqueue(event_pk: int) -> None:
    from squarepos.tasks import square_event_process

    try:
        square_event_process.delay(event_pk)
    except BROKER_ERRORS as exc:  # beat takes it up after FIRST_RETRY_AFTER
        log.warning("Square event %s not queued: %s", event_pk, exc)


def event_store(*, payload: dict) -> tuple[SquareEvent, bool]:
    """Keep a signed event once by its event id; its work is queued after the commit. Returns (event, created)."""
    event_id = str(payload["event_id"])[:100]
    with transaction.atomic(durable=True):
        event, created = create_once(
            find=lambda: SquareEvent.objects.filter(event_id=event_id).first(),
            create=lambda: SquareEvent.objects.create(
                event_id=event_id,
                type=str(payload.get("type", ""))[:60],
                payload=payload,
                subject_id=subject_of(payload)[:100],
                next_attempt_at=timezone.now() + FIRST_RETRY_AFTER,
            ),
        )
        if created:
            transaction.on_commit(lambda: _enqueue(event.pk))
    return event, created


def _handler(event_type: str) -> Callable[[SquareEvent], Outcome] | None:
    from squarepos.refunds import refund_from_event
    from squarepos.sales import sale_from_event

    if event_type in SALE_TYPES:
        return sale_from_event
    if event_type in REFUND_TYPES:
        return refund_from_event
    return None


def _wait(event: SquareEvent, *, reason: str, now: datetime, params: dict | None = None) -> None:
    attempts = event.attempts + 1
    pause = min(timedelta(minutes=2 ** min(attempts, 10)), LONGEST_PAUSE)
    SquareEvent.objects.filter(pk=event.pk, status=SquareEvent.Status.PENDING).update(
        attempts=attempts,
        reason=reason_english(reason, params or {})[:1000],
        reason_message=reason,
        reason_params=params or {},
        next_attempt_at=now + pause,
    )


def event_finish(event: SquareEvent, outcome: Outcome, *, now: datetime) -> None:
    """Write how the event ended, in the caller's transaction (which holds the event's row lock)."""
    event.status = outcome.status
    event.reason = reason_english(outcome.reason, outcome.params)[:1000]
    event.reason_message, event.reason_params = outcome.reason, outcome.params
    event.location_id = outcome.location_id or event.location_id
    event.order_id = outcome.order_id or event.order_id
    event.attempts += 1
    event.processed_at = now
    event.next_attempt_at = None
    event.save(
        update_fields=[
            *("status", "reason", "reason_message", "reason_params", "location", "order"),
            *("attempts", "processed_at", "next_attempt_at"),
        ]
    )


def event_lock(pk: int) -> SquareEvent:
    """The event's row, locked: the connector's own row, taken before any lock of the apps below."""
    return SquareEvent.objects.select_for_update(of=("self",), no_key=True).get(pk=pk)


def event_process(*, event_pk: int, now: datetime | None = None) -> str:
    """Work through one event (Square is read outside any transaction); returns its status afterwards."""
    now = now or timezone.now()
    event = SquareEvent.objects.get(pk=event_pk)
    if event.status != SquareEvent.Status.PENDING:
        return event.status
    handler = _handler(event.type)
    if handler is None:
        with transaction.atomic(durable=True):
            event_finish(
                event_lock(event.pk),
                Outcome(SquareEvent.Status.IGNORED, gettext_noop("Not an event the connector reads.")),
                now=now,
            )
        return SquareEvent.Status.IGNORED
    try:
        handler(event)
    except SquareUnavailable as exc:
        reason, params = reason_parts(exc)
        _wait(event, reason=reason, params=params, now=now)
        return SquareEvent.Status.PENDING
    return SquareEvent.objects.values_list("status", flat=True).get(pk=event.pk)


def events_retry_due(*, now: datetime | None = None, limit: int = 200) -> int:
    """Beat: work through the waiting events whose time has come (Square was down, or the task was lost)."""
    now = now or timezone.now()
    due = list(
        SquareEvent.objects.filter(status=SquareEvent.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    finished = 0
    for pk in due:
        try:
            finished += event_process(event_pk=pk, now=now) != SquareEvent.Status.PENDING
        except Exception as exc:  # one event's fault must not hold up the others: it waits longer, with the reason
            log.exception("Square event %s failed", pk)
            _wait(
                SquareEvent.objects.get(pk=pk),
                reason=gettext_noop("Unexpected error: %(error)s"),
                params={"error": f"{exc.__class__.__name__}: {exc}"},
                now=now,
            )
    return finished


def events_retry(*, event_pks: list[int]) -> int:
    """Staff: send events that needed attention round again (an item mapped, a store linked); queued after commit."""
    with transaction.atomic():
        pks = list(
            SquareEvent.objects.filter(pk__in=event_pks, status=SquareEvent.Status.ATTENTION).values_list(
                "pk", flat=True
            )
        )
        SquareEvent.objects.filter(pk__in=pks).update(
            status=SquareEvent.Status.PENDING, next_attempt_at=timezone.now() + FIRST_RETRY_AFTER
        )
        for pk in pks:
            transaction.on_commit(lambda pk=pk: _enqueue(pk))
    return len(pks)
