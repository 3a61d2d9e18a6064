from django_filters import rest_framework as filters

from inventory.models import Location
from inventory.selectors import below_reorder_point_q


class LocationFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Location.Kind.choices)
    pickup_point = filters.BooleanFilter(field_name="is_pickup_point")


class StockLevelFilter(filters.FilterSet):
    location = filters.CharFilter(field_name="location__code", help_text="Location code, e.g. OSL1.")
    sku = filters.CharFilter(field_name="variant__sku", lookup_expr="iexact")
    below_reorder_point = filters.BooleanFilter(method="filter_below_reorder_point")

    def filter_below_reorder_point(self, queryset, name, value):
        return queryset.filter(below_reorder_point_q()) if value else queryset.exclude(below_reorder_point_q())
