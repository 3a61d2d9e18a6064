"""Tables every app shares: the outbox of messages waiting to leave."""

from django.db import models
from django.utils import timezone


class OutboxMessage(models.Model):
    """One email or text, written in the transaction of the change it tells about, sent once by a task."""

    class Channel(models.TextChoices):
        EMAIL = "email", "email"
        SMS = "sms", "SMS"

    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.EMAIL)
    key = models.CharField(max_length=200, unique=True, help_text="Idempotency key: one message per key, ever.")
    builder = models.CharField(max_length=200, help_text="Dotted path of the function that builds the message.")
    context = models.JSONField(default=dict, blank=True, help_text="Keyword arguments of the builder (ids).")
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["next_attempt_at"], name="outbox_unsent_idx", condition=models.Q(sent_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.key}"
