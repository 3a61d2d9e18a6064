"""Serializer fields the API shares."""

from rest_framework import serializers


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
