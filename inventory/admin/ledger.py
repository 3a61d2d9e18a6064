"""The stock ledger in the staff console: every movement, read only."""

from django.contrib import admin
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.admin_scope import StoreScopedAdmin
from core.display import when
from inventory.admin.filters import ALL_LOCATIONS, HomeStoreFilter
from inventory.models import StockMovement


def ledger_url(*, stock_level_id: int) -> str:
    """The ledger list filtered to one stock level: every movement that made its numbers."""
    return (
        reverse("admin:inventory_stockmovement_changelist")
        + "?"
        + urlencode({"stock_level__id__exact": stock_level_id, HomeStoreFilter.parameter_name: ALL_LOCATIONS})
    )


@admin.register(StockMovement)
class StockMovementAdmin(StoreScopedAdmin, admin.ModelAdmin):
    """The ledger: read only, append only; staff read their own store's (managers every store's)."""

    list_display = [
        "moved_at",
        "kind",
        "sku",
        "location_name",
        "on_hand_delta",
        "reserved_delta",
        "on_hand_after",
        "reference",
        "actor",
    ]
    list_filter = ["kind", HomeStoreFilter, "created_at"]
    list_select_related = ["location", "variant", "actor"]
    search_fields = ["variant__sku", "reference", "reason"]
    search_help_text = _("Search by SKU, reference (order, transfer, return) or reason.")
    show_full_result_count = False
    # Who did it is shown by name: a link to the user page would be forbidden to everyone but admins.
    fields = [
        "moved_at",
        "kind",
        "stock_level",
        "on_hand_delta",
        "reserved_delta",
        "on_hand_after",
        "reserved_after",
        "reason",
        "reference",
        "by",
    ]
    readonly_fields = fields

    @admin.display(description=_("by"))
    def by(self, obj):
        return obj.actor.get_username() if obj.actor_id else "—"

    @admin.display(description=_("when"), ordering="created_at")
    def moved_at(self, obj):
        return when(obj.created_at)

    @admin.display(description=_("SKU"), ordering="variant__sku")
    def sku(self, obj):
        return obj.variant.sku

    @admin.display(description=_("location"), ordering="location__name")
    def location_name(self, obj):
        return obj.location.name

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
