"""The outbox in the staff console: what left, what is waiting, and why a message keeps failing."""

from django.contrib import admin

from core.models import OutboxMessage


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
