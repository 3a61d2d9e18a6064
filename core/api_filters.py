"""List filters and numeric query parameters for every API endpoint (a module of its own: DRF imports it while
loading its settings)."""

from django import forms
from django_filters import BooleanFilter, NumberFilter
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
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


class _AsciiNumber:
    """A form field that reads a number only when it is typed in ASCII digits, before Django's own parsing."""

    decimal_point = False
    ascii_message = DIGITS_ONLY

    def to_python(self, value):
        if value not in self.empty_values and not is_ascii_digits(str(value).strip(), decimal_point=self.decimal_point):
            raise forms.ValidationError(self.ascii_message, code="invalid")
        return super().to_python(value)


class AsciiIntegerField(_AsciiNumber, forms.IntegerField):
    pass


class AsciiDecimalField(_AsciiNumber, forms.DecimalField):
    decimal_point = True
    ascii_message = DIGITS_AND_POINT


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(NumberFilter):
    """An id (or another whole number) in ASCII digits."""

    field_class = AsciiIntegerField


class AmountFilter(NumberFilter):
    """A price or another amount, in ASCII digits with an optional decimal point: no sign, no exponent."""

    field_class = AsciiDecimalField


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
