"""Serializer fields the API shares."""

from django.conf import settings
from rest_framework import serializers

from core.validators import validate_quantity_bound


class OptionalChoiceField(serializers.ChoiceField):
    """A read-only choice that may not have been made: stored blank, shown as null, never as a value outside the
    choices (a blank string breaks the enum that clients are generated from)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        if value in ("", None):
            return None
        return super().to_representation(value)


def quantity_field(*, signed: bool = False, minimum: int = 1, **kwargs) -> serializers.IntegerField:
    """A quantity bounded by MAX_QUANTITY (read when validating, shown in the schema as of start-up)."""
    limit = settings.MAX_QUANTITY
    bounds = {"min_value": -limit, "max_value": limit} if signed else {"min_value": minimum, "max_value": limit}
    return serializers.IntegerField(validators=[validate_quantity_bound], **bounds, **kwargs)
