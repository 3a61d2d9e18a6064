"""Staff console for loyalty: each account with its ledger; entries are written by services, never edited."""

from django.contrib import admin
from django.db.models import Sum

from core.display import card_for_reading, when
from loyalty.models import LoyaltyAccount, PointsEntry


class PointsEntryInline(admin.TabularInline):
    model = PointsEntry
    fields = ["created_at", "kind", "points", "description", "key"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(LoyaltyAccount)
class LoyaltyAccountAdmin(admin.ModelAdmin):
    list_display = ["customer", "card_number", "balance", "opened"]
    list_select_related = ["customer"]
    search_fields = ["customer__email", "customer__card_number", "customer__phone", "customer__last_name"]
    autocomplete_fields = ["customer"]
    inlines = [PointsEntryInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_balance=Sum("entries__points"))

    @admin.display(description="Card")
    def card_number(self, obj):
        return card_for_reading(obj.customer.card_number)

    @admin.display(description="Opened", ordering="created_at")
    def opened(self, obj):
        return when(obj.created_at)

    @admin.display(description="Balance", ordering="_balance")
    def balance(self, obj):
        return obj._balance or 0


@admin.register(PointsEntry)
class PointsEntryAdmin(admin.ModelAdmin):
    list_display = ["booked_at", "account", "kind", "points", "description"]
    list_select_related = ["account__customer"]
    list_filter = ["kind"]
    search_fields = ["key", "account__customer__email", "account__customer__card_number"]
    readonly_fields = ["account", "kind", "points", "key", "description", "created_at"]

    @admin.display(description="When", ordering="created_at")
    def booked_at(self, obj):
        return when(obj.created_at)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
