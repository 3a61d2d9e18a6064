"""Stores and warehouses: address, opening hours, click & collect and web stock settings."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_scope import StoreScopedAdmin
from inventory.models import Location, OpeningHours


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0
    max_num = 7


@admin.register(Location)
class LocationAdmin(StoreScopedAdmin, admin.ModelAdmin):
    """Every store is listed (their addresses and hours are public); a manager edits their own store only."""

    store_field = "pk"
    store_scopes_reads = False
    list_display = ["name", "code", "kind", "city", "is_pickup_point", "is_active"]
    list_filter = ["kind", "is_pickup_point", "is_active"]
    search_fields = ["code", "name", "city"]
    inlines = [OpeningHoursInline]
    fieldsets = [
        (None, {"fields": ["code", "name", "kind", "is_active"]}),
        (_("Address and contact"), {"fields": ["address_line", "postal_code", "city", "country", "phone", "email"]}),
        (_("Click & collect"), {"fields": ["timezone", "is_pickup_point", "pickup_lead_minutes"]}),
        (_("Web stock"), {"fields": ["default_online_buffer"]}),
        (_("Square POS"), {"fields": ["square_location_id"]}),
        (_("Card payments"), {"fields": ["terminal_reader_id"]}),
    ]
