"""A small pluggable SMS backend, chosen by settings.SMS_BACKEND (console by default, like Django's email); the
outbox (core.outbox.Sms) sends each text through it."""

import sys

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
