"""The API schema: every operation documents the errors it can answer with, all in one JSON shape."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

ERROR_SCHEMA = {
    "type": "object",
    "description": "Every API error: a code for programs, a message for people, and what was wrong.",
    "properties": {
        "error": {"type": "string", "description": "e.g. invalid, not_found, insufficient_stock"},
        "message": {"type": "string"},
        "fields": {"type": "object", "additionalProperties": True, "description": "Per field, what is wrong."},
    },
    "required": ["error", "message"],
    "additionalProperties": True,
}
ERROR_DESCRIPTIONS = {
    400: "The request is not valid (a field, a filter, a NUL character, a body too large or too deep).",
    401: "No valid credentials (a wrong or expired token).",
    403: "Signed in, but not allowed to do this (role, store, or CSRF for browser sessions).",
    404: "Nothing with this identifier (for this caller).",
    409: "The request is right but the state of things does not allow it now (stock, a reused reference …).",
    429: "Too many requests; try again later.",
}


def error_content() -> dict:
    return {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema plus the 4xx responses each operation can give, so clients can rely on them."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation.setdefault("responses", {})
        for code, response in responses.items():
            # A view names an error it can give, and why (extend_schema(responses={429: OpenApiResponse(…)})); the
            # body is the one Error shape.
            if code.isdigit() and int(code) >= 400 and "content" not in response:
                response["content"] = error_content()
        for code in self._error_codes(operation):
            responses.setdefault(str(code), {"description": ERROR_DESCRIPTIONS[code], "content": error_content()})
        return operation

    def _error_codes(self, operation) -> list[int]:
        # Any request can be malformed, carry a bad token, fail CSRF or a permission, or name something that is
        # not there for this caller (an identifier, a page past the end, a profile not made yet).
        codes = [400, 401, 403, 404]
        if self.method not in ("GET", "HEAD", "OPTIONS"):
            codes.append(409)
        if self.view.get_throttles():
            codes.append(429)
        return codes


def add_error_component(result, generator, request, public):
    """Postprocessing hook: the one Error schema the responses above refer to."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    return result
