"""Tables every app shares: the outbox of messages waiting to leave, and the API keys every caller signs in with."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """One email or text, written in the transaction of the change it tells about, sent once by a task."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("email")
        SMS = "sms", _("SMS")

    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.EMAIL, verbose_name=_("channel"))
    key = models.CharField(
        max_length=200, unique=True, help_text=_("Idempotency key: one message per key, ever."), verbose_name=_("key")
    )
    builder = models.CharField(
        max_length=200, help_text=_("Dotted path of the function that builds the message."), verbose_name=_("builder")
    )
    context = models.JSONField(
        default=dict, blank=True, help_text=_("Keyword arguments of the builder (ids)."), verbose_name=_("context")
    )
    language = models.CharField(
        max_length=8,
        blank=True,
        default="",
        db_default="",
        help_text=_("The language the builder runs in: the customer's, told by the sender; empty for the shop's own."),
        verbose_name=_("language"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    next_attempt_at = models.DateTimeField(default=timezone.now, verbose_name=_("next attempt at"))
    attempts = models.PositiveIntegerField(default=0, verbose_name=_("attempts"))
    last_error = models.TextField(blank=True, verbose_name=_("last error"))
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent at"))
    # Who it is for and what it says on the envelope, as built (or given, for a mail rendered at once): staff see
    # them in the outbox without the body, which may carry sign-in links.
    recipient = models.CharField(max_length=300, blank=True, default="", db_default="", verbose_name=_("recipient"))
    subject = models.CharField(max_length=300, blank=True, default="", db_default="", verbose_name=_("subject"))

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            models.Index(
                fields=["next_attempt_at"], name="outbox_unsent_idx", condition=models.Q(sent_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.key}"


class ApiKey(models.Model):
    """One key to `Authorization: Token <key>`: a person's (one per signed-in device) or a till's or marketplace's.

    Only a SHA-256 of the key is kept, so a database leak signs nobody in. A person's key acts with that person's
    permissions and has no scopes; a device's key has no person and may do only what its scopes say (the app that
    owns the device, e.g. channels.DeviceClient, points at its key and says where it may do it).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="api_keys",
        help_text=_("The person the key signs in; empty for a till's or a marketplace's key."),
        verbose_name=_("user"),
    )
    name = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("The device or app, e.g. 'Kari's phone' or 'Till 2'."),
        verbose_name=_("name"),
    )
    digest = models.CharField(
        max_length=64, unique=True, help_text=_("SHA-256 of the key, hex."), verbose_name=_("digest")
    )
    prefix = models.CharField(
        max_length=12, help_text=_("The key's first characters, to recognise it."), verbose_name=_("prefix")
    )
    scopes = ArrayField(
        models.CharField(max_length=20),
        default=list,
        blank=True,
        help_text=_("What a device's key may do; a person's key has none (the person's permissions apply)."),
        verbose_name=_("scopes"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    last_used_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last used at"))
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Empty: valid until revoked."), verbose_name=_("expires at")
    )
    rolling = models.BooleanField(
        default=False, help_text=_("Each use pushes the expiry forward (the shopper app)."), verbose_name=_("rolling")
    )
    revoked_at = models.DateTimeField(
        null=True, blank=True, help_text=_("A revoked key is refused from then on."), verbose_name=_("revoked at")
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        constraints = [
            models.CheckConstraint(condition=Q(user__isnull=True) | Q(scopes=[]), name="api_key_person_has_no_scopes"),
            models.CheckConstraint(
                condition=Q(rolling=False) | Q(expires_at__isnull=False), name="api_key_rolling_expires"
            ),
        ]

    def __str__(self):
        return f"{self.prefix}… {self.name or 'unnamed'}" + (f" ({self.user})" if self.user_id else "")
