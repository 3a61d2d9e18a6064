"""The staff console's Square pages: each linked store's last syncs, and the events with a retry for those that
needed attention. Both say when the connector is off (no SQUARE_ACCESS_TOKEN)."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.admin_actions import action_confirm
from core.admin_scope import StoreScopedAdmin
from squarepos.client import connector_on
from squarepos.events import events_retry
from squarepos.models import SquareEvent, SquareSync


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows the connector writes; staff read them (and act through actions only)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not connector_on():
            self.message_user(
                request,
                gettext("The Square connector is off: SQUARE_ACCESS_TOKEN is not set. Nothing is sent to Square."),
                messages.WARNING,
            )
        return super().changelist_view(request, extra_context)


@admin.register(SquareSync)
class SquareSyncAdmin(StoreScopedAdmin, ReadOnlyAdmin):
    store_field = "location"
    list_display = ["location", "kind", "ran_at", "sent", "requests", "error_list"]
    list_filter = ["kind"]
    list_select_related = ["location"]

    @admin.display(description=_("errors"))
    def error_list(self, obj):
        return obj.errors.splitlines()[0] if obj.errors else "—"


@admin.register(SquareEvent)
class SquareEventAdmin(StoreScopedAdmin, ReadOnlyAdmin):
    store_field = "location"
    list_display = ["received_at", "type", "status", "why", "location", "order_link", "attempts"]
    list_filter = ["status", "type"]
    list_select_related = ["location", "order"]
    search_fields = ["event_id", "subject_id"]
    fields = [
        "event_id",
        "type",
        "subject_id",
        "status",
        "why",
        "location",
        "order_link",
        "attempts",
        "next_attempt_at",
        "received_at",
        "processed_at",
        "payload",
    ]
    readonly_fields = fields
    actions = ["retry"]

    @admin.display(description=_("reason"))
    def why(self, obj):
        return obj.reason_display

    @admin.display(description=pgettext_lazy("square event", "order"))
    def order_link(self, obj):
        if obj.order_id is None:
            return "—"
        url = reverse("admin:orders_order_change", args=[obj.order_id])
        return format_html('<a href="{}">{}</a>', url, obj.order.number)

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Retry the chosen events that need attention"))
    def retry(self, request, queryset):
        title = gettext("Retry Square events")
        return action_confirm(
            self,
            request,
            queryset.filter(status=SquareEvent.Status.ATTENTION).order_by("pk"),
            action="retry",
            title=title,
            intro=gettext(
                "These events are read from Square again and recorded if they can be now (an item mapped, a store "
                "linked); those that still cannot come back with the reason."
            ),
            columns=[
                (gettext("Event"), lambda e: e.type),
                (gettext("Square order or refund"), lambda e: e.subject_id),
                (gettext("Reason"), lambda e: e.reason_display),
            ],
            run=lambda event, _data: events_retry(event_pks=[event.pk]),
            done=gettext("sent round again"),
        )
