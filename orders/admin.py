"""Staff console for orders of every channel: read the lines, find an order by number, email or external id."""

from django.contrib import admin

from orders.models import Order, OrderLine


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    fields = ["sku", "name", "unit_price", "quantity", "line_total"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["number", "customer", "channel", "fulfilment", "status", "location", "total", "placed_at"]
    list_select_related = ["customer", "location"]
    list_filter = ["channel", "fulfilment", "status", "location"]
    search_fields = ["number", "email", "external_id", "customer__email", "customer__card_number"]
    date_hierarchy = "placed_at"
    raw_id_fields = ["customer"]
    readonly_fields = ["number", "currency", "subtotal", "discount_total", "total", "placed_at", "completed_at"]
    inlines = [OrderLineInline]
    show_full_result_count = False
