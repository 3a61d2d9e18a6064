"""List filters for every API endpoint (a module of its own: DRF imports it while loading its settings)."""

from django_filters import BooleanFilter
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, but a yes/no filter with another value is a 400 rather than silently ignored."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is None:
            return None
        params = request.query_params
        errors = {
            name: ["Use true or false."]
            for name, declared in filterset.filters.items()
            if isinstance(declared, BooleanFilter)
            and params.get(name, "") != ""
            # Django's yes/no widgets read anything they do not know as "no filter"; ask the widget itself.
            and declared.field.widget.value_from_datadict(params, {}, name) is None
        }
        if errors:
            raise exceptions.ValidationError(errors)
        return filterset
