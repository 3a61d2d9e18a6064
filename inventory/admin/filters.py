"""List filters the stock lists share: the staff member's own store first, the reorder point, out of stock."""

from django.contrib import admin
from django.contrib.admin.views.main import SEARCH_VAR
from django.utils.translation import gettext_lazy as _

from core import store_scope
from core.validators import is_ascii_digits
from inventory.models import Location
from inventory.selectors import below_reorder_point_q, out_of_stock_q

ALL_LOCATIONS = "all"


class HomeStoreFilter(admin.SimpleListFilter):
    """Location filter that starts at the staff member's own store; "All locations" shows every one. A search
    looks in every location the user may read unless they chose one: an order number or SKU from another store is
    found, not "0 results"."""

    title = _("location")
    parameter_name = "location"
    field = "location_id"

    def __init__(self, request, params, model, model_admin):
        searching = bool(request.GET.get(SEARCH_VAR, "").strip())
        self.home = None if searching else store_scope.home_location_id(request.user)
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        stores = Location.objects.filter(is_active=True).only("pk", "name")
        if not store_scope.sees_everywhere(request.user):
            stores = stores.filter(pk=store_scope.home_location_id(request.user))  # the only store whose rows they see
        return [(str(loc.pk), loc.name) for loc in stores]

    def value(self):
        value = super().value()
        if value is None and self.home is not None:
            return str(self.home)
        return value

    def choices(self, changelist):
        yield {
            "selected": self.value() in (None, ALL_LOCATIONS),
            "query_string": changelist.get_query_string({self.parameter_name: ALL_LOCATIONS}),
            "display": _("All locations"),
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value()
        if value in (None, ALL_LOCATIONS) or not is_ascii_digits(value):
            return queryset
        return queryset.filter(**{self.field: int(value)})


class BelowReorderPointFilter(admin.SimpleListFilter):
    title = _("reorder point")
    parameter_name = "reorder"

    def lookups(self, request, model_admin):
        return [("below", _("At or below reorder point")), ("above", _("Above reorder point"))]

    def queryset(self, request, queryset):
        if self.value() == "below":
            return queryset.filter(below_reorder_point_q())
        if self.value() == "above":
            return queryset.exclude(below_reorder_point_q())
        return queryset


class OutOfStockFilter(admin.SimpleListFilter):
    title = _("stock")
    parameter_name = "stock"

    def lookups(self, request, model_admin):
        return [("out", _("Out of stock (nothing to sell)")), ("in", _("In stock"))]

    def queryset(self, request, queryset):
        if self.value() == "out":
            return queryset.filter(out_of_stock_q())
        if self.value() == "in":
            return queryset.exclude(out_of_stock_q())
        return queryset
