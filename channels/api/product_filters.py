"""Query parameters of the product and category lists."""

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django_filters import NumberFilter
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from catalog import selectors as catalog_selectors
from catalog.models import Category, Product
from channels import selectors
from core.api_filters import DIGITS_AND_POINT, DIGITS_ONLY
from core.validators import is_ascii_digits

# What SlugField accepts, ids included; in ASCII, so a '²' is refused here rather than read as a number.
SLUG_OR_ID = RegexValidator(r"^[-a-zA-Z0-9_]+\Z", "Give a category slug, or its id in the digits 0-9.")


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


class ProductFilter(django_filters.FilterSet):
    category = django_filters.CharFilter(
        method="filter_category", label="Category slug or id; includes its subcategories.", validators=[SLUG_OR_ID]
    )
    q = django_filters.CharFilter(method="filter_q", label="Words in name/description, or a SKU/GTIN (prefix).")
    min_price = AmountFilter(field_name="min_price", lookup_expr="gte", label="Lowest variant price at least this.")
    max_price = AmountFilter(field_name="min_price", lookup_expr="lte", label="Lowest variant price at most this.")
    active = django_filters.BooleanFilter(
        field_name="is_active", label="Staff only: false lists inactive products. Default: active only."
    )
    in_stock_at = django_filters.CharFilter(method="filter_in_stock_at", label="Location code that has it now.")
    available_online = django_filters.BooleanFilter(method="filter_available_online", label="Can be bought online now.")

    class Meta:
        model = Product
        fields = ["category", "q", "min_price", "max_price", "active", "in_stock_at", "available_online"]

    def filter_queryset(self, queryset):
        if self.form.cleaned_data.get("active") is None:
            queryset = queryset.filter(is_active=True)
        return super().filter_queryset(queryset)

    def filter_category(self, queryset, name, value):
        return queryset.filter(category_id__in=catalog_selectors.category_ids_with_descendants(category=value))

    def filter_q(self, queryset, name, value):
        return catalog_selectors.products_search(queryset, q=value)

    def filter_available_online(self, queryset, name, value):
        if value is None:
            return queryset
        online = selectors.products_available_online(queryset)
        return online if value else queryset.exclude(pk__in=online.values("pk"))

    def filter_in_stock_at(self, queryset, name, value):
        return selectors.products_in_stock_at(queryset, location_code=value)


class CategoryFilter(django_filters.FilterSet):
    parent = IdFilter(field_name="parent_id", label="Id of the parent category.")
    top_level = django_filters.BooleanFilter(field_name="parent", lookup_expr="isnull", label="Only top-level ones.")

    class Meta:
        model = Category
        fields = ["parent", "top_level"]
