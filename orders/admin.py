"""Staff console for orders of every channel: status changes only through actions that call the order services."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse

from orders.exceptions import OrderError
from orders.models import Order, OrderEvent, OrderLine
from orders.services import order_transition


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    fields = ["sku", "name", "unit_price", "quantity", "line_total"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class OrderEventInline(admin.TabularInline):
    model = OrderEvent
    fields = ["at", "actor", "from_status", "to_status", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# action name → (target status, what the confirmation page says it does)
STATUS_ACTIONS = {
    "mark_picking": (Order.Status.PICKING, "Start picking"),
    "mark_ready": (Order.Status.READY, "Mark ready for pickup"),
    "mark_shipped": (Order.Status.SHIPPED, "Mark shipped (the reserved units leave the books)"),
    "mark_completed": (Order.Status.COMPLETED, "Complete (collected or delivered; reserved units are fulfilled)"),
    "cancel_orders": (Order.Status.CANCELLED, "Cancel (reserved units go back on sale)"),
}


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["number", "customer", "channel", "fulfilment", "status", "location", "total", "placed_at"]
    list_select_related = ["customer", "location"]
    list_filter = ["status", "channel", "location", "fulfilment", ("placed_at", admin.DateFieldListFilter)]
    search_fields = ["number", "email", "external_id", "customer__email", "customer__card_number"]
    date_hierarchy = "placed_at"
    raw_id_fields = ["customer"]
    readonly_fields = [
        "number",
        "status",
        "customer",
        "channel",
        "location",
        "fulfilment",
        "stock_location",
        "transfer",
        "payment_method",
        "payment_status",
        "stripe_payment_intent_id",
        "amount_paid",
        "expires_at",
        "ready_at",
        "currency",
        "subtotal",
        "shipping_total",
        "discount_total",
        "total",
        "placed_at",
        "completed_at",
    ]
    inlines = [OrderLineInline, OrderEventInline]
    actions = list(STATUS_ACTIONS)
    show_full_result_count = False

    def has_add_permission(self, request):
        return False  # orders come from checkout, the POS and imports, through the order services

    def _status_action(self, request, queryset, name: str):
        """First a confirmation page listing the orders; on confirm, each goes through order_transition."""
        to, description = STATUS_ACTIONS[name]
        orders = list(queryset.select_related("customer", "location").order_by("pk"))
        if request.POST.get("confirm") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "title": description,
                "opts": self.model._meta,
                "orders": orders,
                "action": name,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/orders/order/status_action.html", context)
        done = 0
        for order in orders:
            try:
                order_transition(order=order, to=to, actor=request.user, note=request.POST.get("note", "")[:300])
                done += 1
            except OrderError as exc:
                self.message_user(request, exc.message, messages.ERROR)
        if done:
            self.message_user(request, f"{done} order(s): {Order.Status(to).label.lower()}.")
        return None

    @admin.action(description="Start picking …", permissions=["change"])
    def mark_picking(self, request, queryset):
        return self._status_action(request, queryset, "mark_picking")

    @admin.action(description="Mark ready for pickup …", permissions=["change"])
    def mark_ready(self, request, queryset):
        return self._status_action(request, queryset, "mark_ready")

    @admin.action(description="Mark shipped …", permissions=["change"])
    def mark_shipped(self, request, queryset):
        return self._status_action(request, queryset, "mark_shipped")

    @admin.action(description="Complete …", permissions=["change"])
    def mark_completed(self, request, queryset):
        return self._status_action(request, queryset, "mark_completed")

    @admin.action(description="Cancel and release stock …", permissions=["change"])
    def cancel_orders(self, request, queryset):
        return self._status_action(request, queryset, "cancel_orders")
