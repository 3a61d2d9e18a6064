"""What every API endpoint shares: pagination and one mapping from domain errors to JSON responses."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


class DomainError(Exception):
    """Base for business-rule errors; subclasses set the HTTP status and a machine-readable code."""

    status_code = status.HTTP_409_CONFLICT
    code = "conflict"

    def __init__(self, message: str, **detail):
        super().__init__(message)
        self.message = message
        self.detail = detail

    def as_json(self) -> dict:
        return {"error": self.code, "message": self.message, **self.detail}


def exception_handler(exc, context):
    """Turn domain exceptions into JSON with a clear message and the right 4xx code."""
    if isinstance(exc, DomainError):
        return Response(exc.as_json(), status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"error": "invalid", "message": "Some fields are not valid.", "fields": response.data}
    elif isinstance(response.data, dict) and "detail" in response.data:
        code = getattr(exc, "default_code", "error")
        response.data = {"error": code, "message": str(response.data["detail"])}
    return response
