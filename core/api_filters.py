"""List filters and numeric query parameters for every API endpoint (a module of its own: DRF imports it while
loading its settings). Numbers typed into a list's own filters: `channels.api.product_filters`."""

from django_filters import BooleanFilter
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions

from core.validators import is_ascii_digits

DIGITS_ONLY = "Use the digits 0-9 only."
DIGITS_AND_POINT = "Use the digits 0-9 and a decimal point only, e.g. 199.50."


def query_digits(request, name: str, *, words: tuple[str, ...] = ()) -> str | None:
    """A query parameter that holds a whole number (or one of `words`, e.g. "last"), None when absent or empty;
    anything but ASCII digits is a 400 that names the parameter."""
    value = request.query_params.get(name, "")
    if value == "":
        return None
    if not is_ascii_digits(value) and value not in words:
        raise exceptions.ValidationError({name: [DIGITS_ONLY]})
    return value


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
