"""Request body parsers for the API."""

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


def json_depth(value) -> int:
    """How deeply lists and objects nest in a parsed JSON value (iterative: no recursion on hostile input)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in item if isinstance(child, dict | list))
    return deepest


class BoundedJSONParser(JSONParser):
    """JSON with a nesting limit: no request of ours nests deeply, and a deep one must be a 400, not a RecursionError."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the body nests too deeply.")
        if json_depth(data) > settings.API_MAX_JSON_DEPTH:
            raise ParseError(f"JSON parse error - the body nests deeper than {settings.API_MAX_JSON_DEPTH} levels.")
        return data
