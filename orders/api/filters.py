from django_filters import rest_framework as filters

from customers.models import Channel
from orders.models import Order


class OrderFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=Order.Status.choices)
    channel = filters.ChoiceFilter(choices=Channel.choices)
    fulfilment = filters.ChoiceFilter(choices=Order.Fulfilment.choices)
    location = filters.CharFilter(field_name="location__code", help_text="Store code, e.g. OSL1.")
    external_id = filters.CharFilter(help_text="The marketplace's or till's own id.")
    placed_after = filters.IsoDateTimeFilter(field_name="placed_at", lookup_expr="gte")
    placed_before = filters.IsoDateTimeFilter(field_name="placed_at", lookup_expr="lt")
    placed_on = filters.DateFilter(field_name="placed_at", lookup_expr="date")
