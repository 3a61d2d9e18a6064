"""List filters the stock lists share: the staff member's own store first, the reorder point, out of stock."""

from django.contrib import admin

from core import store_scope
from core.validators import is_ascii_digits
from inventory.models import Location
from inventory.selectors import below_reorder_point_q, out_of_stock_q

ALL_LOCATIONS = "all"


class HomeStoreFilter(admin.SimpleListFilter):
    """Location filter that starts at the staff member's own store; "All locations" shows every one."""

    title = "location"
    parameter_name = "location"
    field = "location_id"

    def __init__(self, request, params, model, model_admin):
        self.home = store_scope.home_location_id(request.user)
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        stores = Location.objects.filter(is_active=True).only("pk", "name")
        if not store_scope.sees_everywhere(request.user):
            stores = stores.filter(pk=self.home)  # the only store whose rows they see
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
            "display": "All locations",
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
    title = "reorder point"
    parameter_name = "reorder"

    def lookups(self, request, model_admin):
        return [("below", "At or below reorder point"), ("above", "Above reorder point")]

    def queryset(self, request, queryset):
        if self.value() == "below":
            return queryset.filter(below_reorder_point_q())
        if self.value() == "above":
            return queryset.exclude(below_reorder_point_q())
        return queryset


class OutOfStockFilter(admin.SimpleListFilter):
    title = "stock"
    parameter_name = "stock"

    def lookups(self, request, model_admin):
        return [("out", "Out of stock (nothing to sell)"), ("in", "In stock")]

    def queryset(self, request, queryset):
        if self.value() == "out":
            return queryset.filter(out_of_stock_q())
        if self.value() == "in":
            return queryset.exclude(out_of_stock_q())
        return queryset
