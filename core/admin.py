"""The outbox in the staff console: what left, what is waiting, and why a message keeps failing; and every API key
(a person's signed-in devices, the tills' and marketplaces'), which staff may revoke but never read."""

from django.contrib import admin
from rest_framework.authtoken.models import TokenProxy

from core.api_keys import api_key_revoke
from core.models import ApiKey, OutboxMessage


class ReadOnlyAdmin:
    """Mixed in first: a record only the services write (a ledger row, a till sale, a key). Staff read it; nobody adds,
    edits or deletes it here, so what it says stays what happened."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["key", "channel", "created_at", "sent_at", "attempts", "next_attempt_at"]
    list_filter = ["channel", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["key"]
    date_hierarchy = "created_at"
    # Rendered messages may carry sign-in links until sent: show the builder, not the content.
    fields = ["key", "channel", "builder", "created_at", "sent_at", "attempts", "next_attempt_at", "last_error"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ApiKey)
class ApiKeyAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Keys are made where they can be shown once (signing in, or a device client's page) and never shown again;
    revoked, never deleted, so a device's key stays with what it did."""

    list_display = ["prefix", "name", "user", "created_at", "last_used_at", "expires_at", "rolling", "revoked_at"]
    list_filter = [
        ("user", admin.EmptyFieldListFilter),
        "rolling",
        ("revoked_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["user__username", "user__email", "name", "prefix"]
    list_select_related = ["user"]
    fields = ["user", "name", "prefix", "scopes", "created_at", "last_used_at", "expires_at", "rolling", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke"]

    @admin.action(description="Revoke the selected keys", permissions=["revoke"])
    def revoke(self, request, queryset):
        live = list(queryset.filter(revoked_at__isnull=True))
        for api_key in live:
            api_key_revoke(api_key=api_key)
        self.message_user(request, f"{len(live)} key(s) revoked.")

    def has_revoke_permission(self, request):
        return request.user.has_perm("core.change_apikey")


def unregister_plaintext_tokens(site: admin.AdminSite = admin.site) -> None:
    """DRF's single clear-text token is not used (its app stays installed for its migration history)."""
    if site.is_registered(TokenProxy):
        site.unregister(TokenProxy)
