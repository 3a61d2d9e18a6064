"""Stock per location on the catalog's variant page."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from catalog.models import Variant
from core.admin_scope import StoreScopedInline
from inventory.models import StockLevel


class StockLevelInline(StoreScopedInline, admin.TabularInline):
    """Stock of a variant at each location the user may read, read-only: it changes through the stock level actions."""

    model = StockLevel
    fields = ["location", "on_hand", "reserved", "available_in_store", "available_online", "reorder_point"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("stock per location")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("location")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("available in store"))
    def available_in_store(self, obj):
        return obj.available_in_store

    @admin.display(description=_("available online"))
    def available_online(self, obj):
        return obj.available_online


def _register_variant_admin() -> None:
    """Add stock per location to the catalog's variant admin, whatever class catalog registered."""
    base = type(admin.site.get_model_admin(Variant)) if admin.site.is_registered(Variant) else admin.ModelAdmin
    if admin.site.is_registered(Variant):
        admin.site.unregister(Variant)
    attrs = {"inlines": [*getattr(base, "inlines", []), StockLevelInline], "__module__": __name__}
    if base is admin.ModelAdmin:
        attrs.update(list_display=["sku", "product", "price"], search_fields=["sku", "product__name"])
    admin.site.register(Variant, type("VariantWithStockAdmin", (base,), attrs))


_register_variant_admin()
