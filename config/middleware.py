"""Pages' half of the one mapping from business-rule errors to HTTP (the API's half is config.api)."""

from django.shortcuts import render

from config.api import domain_error_status
from core.exceptions import DomainError


class DomainErrorMiddleware:
    """A DomainError that a page view did not handle becomes a clear page with the right 4xx status."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DomainError) or request.path.startswith("/api/"):
            return None
        status = domain_error_status(exception)
        return render(request, "domain_error.html", {"message": exception.message, "status": status}, status=status)
