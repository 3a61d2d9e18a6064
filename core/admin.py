"""The outbox in the staff console: what left, what is waiting, and why a message keeps failing; and every API key
(a person's signed-in devices, the tills' and marketplaces'), which staff may revoke but never read."""

from django.contrib import admin
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import TokenProxy

from core.api_keys import api_key_revoke
from core.display import when
from core.models import ApiKey, OutboxMessage
from core.outbox import MAX_ATTEMPTS


class ReadableInline:
    """Mixed in first on a read-only tabular inline: its rows as a plain table of what staff read (no row titles made
    of ids, no add, change or delete)."""

    template = "admin/edit_inline/readable_rows.html"
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def quiet_readonly_help(readonly_fields, kwargs: dict) -> dict:
    """get_form's keyword arguments with no help text under read-only fields: a read-only value explains itself, and
    the model's help texts speak to whoever writes the field."""
    return {**kwargs, "help_texts": {**{name: "" for name in readonly_fields}, **kwargs.get("help_texts", {})}}


class ReadOnlyAdmin:
    """Mixed in first: a record only the services write (a ledger row, a till sale, a key). Staff read it; nobody adds,
    edits or deletes it here, so what it says stays what happened."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# What a message is, by the first part of its key (the sender's name for the kind of message it writes).
OUTBOX_KINDS = {
    "order-confirmation": _("Order confirmation"),
    "receipt": _("Receipt"),
    "pickup-ready": _("Ready for pickup"),
    "pickup-ready-sms": _("Ready for pickup (text)"),
    "pickup-reminder": _("Pickup reminder"),
    "pickup-reminder-sms": _("Pickup reminder (text)"),
    "pickup-expired": _("Pickup expired"),
    "return-receipt": _("Return receipt"),
    "loyalty-expiry-reminder": _("Points expiry reminder"),
    "low-stock-digest": _("Low stock digest"),
    "marketing": _("Marketing email"),
    "account": _("Account email"),
}


def outbox_kind(message: OutboxMessage) -> str:
    prefix = message.key.split(":", 1)[0]
    return str(OUTBOX_KINDS.get(prefix, prefix))


def outbox_state(message: OutboxMessage) -> str:
    """Sent (when), waiting (for the first try or the next), or given up after the last try."""
    if message.sent_at:
        return gettext("Sent %(when)s") % {"when": when(message.sent_at)}
    if message.attempts >= MAX_ATTEMPTS:
        return gettext("Given up")
    if message.attempts:
        return gettext("Failed, next try %(when)s") % {"when": when(message.next_attempt_at)}
    return gettext("Waiting to be sent")


class OutboxStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("sent", _("Sent")),
            ("waiting", _("Waiting to be sent")),
            ("failing", _("Failed, to be tried again")),
            ("given_up", _("Given up")),
        ]

    def queryset(self, request, queryset):
        unsent = queryset.filter(sent_at__isnull=True)
        return {
            "sent": queryset.filter(sent_at__isnull=False),
            "waiting": unsent.filter(attempts=0),
            "failing": unsent.filter(attempts__gt=0, attempts__lt=MAX_ATTEMPTS),
            "given_up": unsent.filter(attempts__gte=MAX_ATTEMPTS),
        }.get(self.value(), queryset)


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """What left and what is waiting: to whom, about what, and why a message keeps failing. Rendered messages may
    carry sign-in links until sent, so the body is never shown."""

    list_display = ["created", "kind", "recipient_", "subject_", "channel", "state", "attempts", "error"]
    list_display_links = ["created"]
    list_filter = [OutboxStateFilter, "channel"]
    search_fields = ["recipient", "subject", "key"]
    search_help_text = _("Search by recipient, subject or key.")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_fields(self, request, obj=None):
        """Only what applies: no subject on a text, no next try once sent, no error where none happened."""
        fields = ["created", "kind", "recipient_", "subject_", "channel", "language", "state", "attempts", "last_error"]
        if obj is not None:
            if obj.channel == OutboxMessage.Channel.SMS:
                fields.remove("subject_")
            if not obj.last_error:
                fields.remove("last_error")
            if not obj.attempts:
                fields.remove("attempts")
        return [*fields, "key", "builder"]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        return super().get_form(request, obj, **quiet_readonly_help(self.get_fields(request, obj), kwargs))

    @admin.display(description=_("written"), ordering="created_at")
    def created(self, obj):
        return when(obj.created_at)

    @admin.display(description=_("kind"), ordering="key")
    def kind(self, obj):
        return outbox_kind(obj)

    @admin.display(description=_("to"), ordering="recipient")
    def recipient_(self, obj):
        return obj.recipient or gettext("known when built")

    @admin.display(description=_("subject"), ordering="subject")
    def subject_(self, obj):
        if obj.channel == OutboxMessage.Channel.SMS:
            return ""
        return obj.subject or gettext("known when built")

    @admin.display(description=_("state"), ordering="sent_at")
    def state(self, obj):
        return outbox_state(obj)

    @admin.display(description=_("last error"))
    def error(self, obj):
        return Truncator(obj.last_error).chars(80) if obj.last_error and not obj.sent_at else ""


@admin.register(ApiKey)
class ApiKeyAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Keys are made where they can be shown once (signing in, or a device client's page) and never shown again;
    revoked, never deleted, so a device's key stays with what it did."""

    list_display = ["prefix", "name", "user", "created_at", "last_used_at", "expires_at", "rolling", "revoked_at"]
    list_filter = [("user", admin.EmptyFieldListFilter), "rolling", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__username", "user__email", "name", "prefix"]
    list_select_related = ["user"]
    fields = ["user", "name", "prefix", "scopes", "created_at", "last_used_at", "expires_at", "rolling", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke"]

    @admin.action(description=_("Revoke the selected keys"), permissions=["revoke"])
    def revoke(self, request, queryset):
        live = list(queryset.filter(revoked_at__isnull=True))
        for api_key in live:
            api_key_revoke(api_key=api_key)
        count = len(live)
        self.message_user(
            request, ngettext("%(count)d key revoked.", "%(count)d keys revoked.", count) % {"count": count}
        )

    def has_revoke_permission(self, request):
        return request.user.has_perm("core.change_apikey")


def unregister_plaintext_tokens(site: admin.AdminSite = admin.site) -> None:
    """DRF's single clear-text token is not used (its app stays installed for its migration history)."""
    if site.is_registered(TokenProxy):
        site.unregister(TokenProxy)
