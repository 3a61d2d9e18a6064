"""What every API endpoint shares: pagination, filters, one mapping from domain errors to JSON, their schema."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.api_filters import query_digits
from core.exceptions import DomainError


class Pagination(PageNumberPagination):
    """`?page=` and `?page_size=` in ASCII digits (a 400 otherwise); a page past the last is a 404, a page size
    above the maximum is the maximum."""

    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        query_digits(request, self.page_size_query_param)
        return super().get_page_size(request)

    def get_page_number(self, request, paginator):
        query_digits(request, self.page_query_param, words=self.last_page_strings)
        return super().get_page_number(request, paginator)


STATUS_FOR_KIND = {
    DomainError.INVALID: status.HTTP_400_BAD_REQUEST,
    DomainError.NOT_FOUND: status.HTTP_404_NOT_FOUND,
    DomainError.FORBIDDEN: status.HTTP_403_FORBIDDEN,
    DomainError.CONFLICT: status.HTTP_409_CONFLICT,
    DomainError.RATE_LIMITED: status.HTTP_429_TOO_MANY_REQUESTS,
}


def domain_error_status(exc: DomainError) -> int:
    """The one place where a business-rule error becomes an HTTP status code (API and pages alike)."""
    return STATUS_FOR_KIND.get(exc.kind, status.HTTP_409_CONFLICT)


def exception_handler(exc, context):
    """Turn domain exceptions into JSON with a clear message and the right 4xx code."""
    if isinstance(exc, DomainError):
        return Response(exc.as_json(), status=domain_error_status(exc))
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
