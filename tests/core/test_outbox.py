"""The outbox: a message is written with its change, sent once, and survives a broker that is down."""

import logging
from datetime import timedelta

import pytest
import redis
from django.urls import reverse
from django.utils import timezone

from core.models import OutboxMessage
from core.outbox import outbox_drain, outbox_enqueue, outbox_send
from customers import sms
from tests.customers.factories import shopper

pytestmark = pytest.mark.django_db

LATER = timedelta(hours=1)


def mail(to="kari@example.com", subject="Hello"):
    return {"subject": subject, "body": "Hi", "to": [to]}


def test_a_message_is_sent_after_commit_and_blanked(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox_enqueue(key="greeting:1", builder="core.outbox.rendered_email", context=mail())
        assert mailoutbox == [], "nothing leaves before the transaction commits"

    assert [m.subject for m in mailoutbox] == ["Hello"]
    message.refresh_from_db()
    assert message.sent_at is not None
    assert message.context == {}, "rendered content does not stay in the database once delivered"


def test_the_same_key_is_one_message(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(key="greeting:1", builder="core.outbox.rendered_email", context=mail())
        outbox_enqueue(key="greeting:1", builder="core.outbox.rendered_email", context=mail(subject="Again"))

    assert OutboxMessage.objects.count() == 1
    assert [m.subject for m in mailoutbox] == ["Hello"]


def test_sending_twice_and_draining_send_once(mailoutbox):
    message = outbox_enqueue(key="greeting:1", builder="core.outbox.rendered_email", context=mail())

    assert outbox_send(message_id=message.pk) is True
    assert outbox_send(message_id=message.pk) is False
    assert outbox_drain(now=timezone.now() + LATER) == 0
    assert len(mailoutbox) == 1


def test_a_failed_send_is_retried_later_with_backoff(settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.replenishment.test_digest.BrokenBackend"
    message = outbox_enqueue(key="greeting:1", builder="core.outbox.rendered_email", context=mail())

    assert outbox_send(message_id=message.pk) is False
    message.refresh_from_db()
    assert message.attempts == 1 and "SMTP server unreachable" in message.last_error
    assert message.next_attempt_at > timezone.now()
    assert outbox_drain() == 0, "not due again before its backoff"

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox_drain(now=timezone.now() + LATER) == 1
    assert len(mailoutbox) == 1


def test_a_text_goes_through_the_same_outbox(settings, django_capture_on_commit_callbacks):
    settings.SMS_BACKEND = "customers.sms.LocmemSmsBackend"
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(
            key="sms:1",
            builder="core.outbox.rendered_sms",
            context={"to": "+4722334455", "body": "Ready"},
            channel="sms",
        )
    assert sms.outbox == [{"to": "+4722334455", "body": "Ready"}]


def test_an_unknown_builder_fails_in_the_callers_transaction():
    with pytest.raises(ImportError):
        outbox_enqueue(key="x:1", builder="core.outbox.no_such_builder", context={})
    assert not OutboxMessage.objects.exists()


def test_sign_up_with_the_broker_down_succeeds_and_mails_once_the_drain_runs(
    client, broker, mailoutbox, django_capture_on_commit_callbacks, caplog
):
    password = "a-long-Unusual-passphrase-42"
    with caplog.at_level(logging.WARNING, logger="core.outbox"), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"), {"email": "kari@example.com", "password1": password, "password2": password}
        )

    assert response.status_code == 302
    assert mailoutbox == []
    message = OutboxMessage.objects.get()
    assert message.sent_at is None and message.context["to"] == ["kari@example.com"]
    assert "broker unreachable" in caplog.text

    broker.start()
    assert outbox_drain() == 1, "a message whose task never left is due at once"
    assert outbox_drain(now=timezone.now() + LATER) == 0
    assert len(mailoutbox) == 1 and "/accounts/confirm-email/" in mailoutbox[0].body


def test_password_reset_with_the_broker_down_succeeds_and_mails_once(
    client, broker, mailoutbox, django_capture_on_commit_callbacks
):
    shopper("ola@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "ola@example.com"})

    assert response.status_code == 302
    assert mailoutbox == []
    broker.start()
    assert outbox_drain() == 1
    assert outbox_drain(now=timezone.now() + LATER) == 0
    assert len(mailoutbox) == 1 and "/accounts/password/reset/key/" in mailoutbox[0].body


def test_with_the_broker_up_the_task_carries_only_the_id(settings, broker, django_capture_on_commit_callbacks):
    broker.start()
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox_enqueue(key="greeting:1", builder="core.outbox.rendered_email", context=mail())

    queue = settings.CELERY_BROKER_TRANSPORT_OPTIONS["global_keyprefix"] + "celery"
    raw = b"".join(redis.Redis.from_url(broker.url).lrange(queue, 0, -1))
    assert str(message.pk).encode() in raw, "the task was published with the message id"
    assert b"Hello" not in raw and b"kari@example.com" not in raw, "and nothing of the message itself"


def test_the_broker_connection_is_kept_between_messages_and_a_restart_loses_nothing(
    settings, broker, django_capture_on_commit_callbacks
):
    broker.start()
    queue = settings.CELERY_BROKER_TRANSPORT_OPTIONS["global_keyprefix"] + "celery"
    client = redis.Redis.from_url(broker.url)
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(key="hello:1", builder="core.outbox.rendered_email", context=mail())
    opened = client.info("stats")["total_connections_received"]
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(key="hello:2", builder="core.outbox.rendered_email", context=mail())
    assert client.llen(queue) == 2
    assert client.info("stats")["total_connections_received"] == opened, "the second message used the same connection"

    broker.stop()
    broker.start()  # the kept connection is now dead
    for key in ("hello:3", "hello:4"):
        with django_capture_on_commit_callbacks(execute=True):
            outbox_enqueue(key=key, builder="core.outbox.rendered_email", context=mail())

    published = b"".join(redis.Redis.from_url(broker.url).lrange(queue, 0, -1))
    third, fourth = (OutboxMessage.objects.get(key=key) for key in ("hello:3", "hello:4"))
    assert str(third.pk).encode() in published or third.next_attempt_at <= timezone.now(), "queued, or due to the drain"
    assert str(fourth.pk).encode() in published, "a fresh connection took over"


def test_each_thread_publishes_over_its_own_kept_client_and_every_message_arrives(settings, broker):
    """Web threads each keep their producer and its one Redis client: messages published from several threads at once
    all reach the queue, each once, on connections each thread opened once."""
    import threading

    from core.outbox import _dispatch

    broker.start()
    queue = settings.CELERY_BROKER_TRANSPORT_OPTIONS["global_keyprefix"] + "celery"
    client = redis.Redis.from_url(broker.url)
    barrier = threading.Barrier(3)

    def publish(first: int) -> None:
        barrier.wait(timeout=10)
        for message_id in range(first, first + 20):
            _dispatch(message_id)

    threads = [threading.Thread(target=publish, args=(start,)) for start in (1000, 2000, 3000)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert client.llen(queue) == 60
    assert client.info("stats")["total_connections_received"] <= 10, "a few per thread, none per message"
