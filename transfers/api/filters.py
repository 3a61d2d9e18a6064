from django_filters import rest_framework as filters

from transfers.models import Transfer


class TransferFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=Transfer.Status.choices)
    source = filters.CharFilter(field_name="source__code")
    destination = filters.CharFilter(field_name="destination__code")
