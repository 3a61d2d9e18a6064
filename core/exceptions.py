"""The base of every business-rule error. It knows no HTTP: the API's exception handler and the pages'
middleware map each `kind` to a status code, so a service can be called from a view, a task or a command alike."""


class DomainError(Exception):
    """A business rule said no; `message` is for a person, `code` for a program, `detail` names what was wrong."""

    INVALID = "invalid"  # the request itself is wrong (bad value, nothing to go by)
    NOT_FOUND = "not_found"  # what it refers to does not exist (for this caller)
    FORBIDDEN = "forbidden"  # the caller may not do this
    CONFLICT = "conflict"  # right request, but the state of things does not allow it now
    RATE_LIMITED = "rate_limited"  # too many attempts; try again later

    kind = CONFLICT
    code = "conflict"

    def __init__(self, message: str, **detail):
        super().__init__(message)
        self.message = message
        self.detail = detail

    def as_json(self) -> dict:
        return {"error": self.code, "message": self.message, **self.detail}


class InvalidRequest(DomainError):
    """A request that can never succeed as written; `field` names what to fix, in the answer too when it is given.
    Each app's own kind mixes it in first (`class CheckoutInvalid(InvalidRequest, OrderError)`)."""

    kind = DomainError.INVALID
    code = "invalid"

    def __init__(self, message: str, *, field: str = "", **detail):
        self.field = field
        super().__init__(message, **({"field": field} if field else {}), **detail)
