"""The pickup desk in the staff console: every store's pickups with filters, steps through the services, windows."""

from django.contrib import admin, messages

from core.exceptions import DomainError
from pickup import services
from pickup.models import Pickup, PickupSchedule, PickupSlot


def _step(service, done: str):
    def action(modeladmin, request, queryset):
        ok = 0
        for pickup in queryset.select_related("order"):
            try:
                service(pickup=pickup, actor=request.user)
                ok += 1
            except DomainError as exc:
                modeladmin.message_user(request, exc.message, messages.ERROR)
        if ok:
            modeladmin.message_user(request, f"{ok} pickup{'s' if ok != 1 else ''} {done}.", messages.SUCCESS)

    return action


@admin.register(Pickup)
class PickupAdmin(admin.ModelAdmin):
    list_display = ["order", "location", "status", "code", "ready_by", "hold_until", "handed_over_by"]
    list_filter = ["status", "location", "ready_by"]
    search_fields = ["order__number", "code", "order__email"]
    list_select_related = ["order", "location", "handed_over_by"]
    readonly_fields = [f.name for f in Pickup._meta.fields]
    actions = ["start_picking", "mark_ready", "cancel"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("pickup.view_pickup") and obj is None

    @admin.action(description="Start picking", permissions=["prepare"])
    def start_picking(self, request, queryset):
        _step(services.pickup_start_picking, "being picked")(self, request, queryset)

    @admin.action(description="Mark ready (tells the customer)", permissions=["prepare"])
    def mark_ready(self, request, queryset):
        _step(services.pickup_mark_ready, "marked ready")(self, request, queryset)

    @admin.action(description="Cancel (items back on sale)", permissions=["cancel"])
    def cancel(self, request, queryset):
        _step(services.pickup_cancel, "cancelled")(self, request, queryset)

    def has_prepare_permission(self, request):
        return request.user.has_perm("pickup.prepare_pickup")

    def has_cancel_permission(self, request):
        return request.user.has_perm("pickup.cancel_pickup")


@admin.register(PickupSchedule)
class PickupScheduleAdmin(admin.ModelAdmin):
    list_display = ["location", "window_minutes", "capacity", "days_ahead", "is_active"]
    list_filter = ["is_active"]


@admin.register(PickupSlot)
class PickupSlotAdmin(admin.ModelAdmin):
    list_display = ["location", "starts_at", "ends_at", "booked", "capacity"]
    list_filter = ["location"]
    readonly_fields = ["location", "starts_at", "ends_at", "booked", "capacity"]

    def has_add_permission(self, request):
        return False
