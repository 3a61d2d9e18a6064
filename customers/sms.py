"""A small pluggable SMS backend, chosen by settings.SMS_BACKEND (console by default, like Django's email)."""

import logging
import sys

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

# Messages sent through LocmemSmsBackend, for tests (like django.core.mail.outbox).
outbox: list[dict] = []


class BaseSmsBackend:
    def send(self, *, to: str, body: str) -> None:
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    """Prints the message, for development."""

    def send(self, *, to: str, body: str) -> None:
        sys.stdout.write(f"SMS to {to}: {body}\n")


class LocmemSmsBackend(BaseSmsBackend):
    """Keeps messages in `customers.sms.outbox`, for tests."""

    def send(self, *, to: str, body: str) -> None:
        outbox.append({"to": to, "body": body})


def sms_send(*, to: str, body: str) -> None:
    """Send one text through the configured backend."""
    backend = import_string(settings.SMS_BACKEND)()
    backend.send(to=to, body=body)
    log.info("sms sent to %s", to[:-4] + "****")
