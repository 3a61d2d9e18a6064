"""Request guards every page and endpoint shares: refuse what no input may hold, and speak JSON under /api/."""

import logging
import re
from http import HTTPStatus

from django.contrib.admin.views.main import ERROR_FLAG
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse

logger = logging.getLogger(__name__)

NUL = "\x00"
# A JSON string escape for NUL (\u0000), not preceded by an escaped backslash ("\\u0000" is the text \u0000).
JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", "Vary")


def is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def bad_request(request, message: str) -> HttpResponse:
    if is_api(request):
        return JsonResponse({"error": "invalid", "message": message}, status=400)
    return HttpResponse(f"Bad request: {message}\n", status=400, content_type="text/plain; charset=utf-8")


def _has_nul(query_dict) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in query_dict.lists())


class RefuseNulMiddleware:
    """PostgreSQL cannot hold a NUL character in text, so no input may carry one: refuse it here, once, with a 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._carries_nul(request):
            return bad_request(request, "The request contains a NUL character.")
        return self.get_response(request)

    @staticmethod
    def _carries_nul(request) -> bool:
        if NUL in request.path_info or _has_nul(request.GET):
            return True
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return False
        content_type = request.content_type or ""
        if content_type in FORM_TYPES:
            return _has_nul(request.POST)
        if content_type == "application/json" or content_type.endswith("+json"):
            body = request.body  # cached: the view reads it again; too big → RequestDataTooBig → 400
            return b"\x00" in body or JSON_NUL.search(body) is not None
        return False


class ApiJsonErrorsMiddleware:
    """Every error under /api/ is JSON (unknown routes, oversized bodies, CSRF, 500s), like the API's own errors."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code < 400 or not is_api(request) or _is_json(response):
            return response
        status = response.status_code
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = "Error"
        code = {400: "invalid", 403: "forbidden", 404: "not_found", 405: "method_not_allowed", 429: "throttled"}.get(
            status, "error"
        )
        message = "Something went wrong on our side." if status >= 500 else f"{phrase}."
        json_response = JsonResponse({"error": code, "message": message}, status=status)
        for header in KEPT_HEADERS:
            if header in response:
                json_response[header] = response[header]
        return json_response


def _is_json(response) -> bool:
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    return content_type == "application/json" or content_type.endswith("+json")


class AdminChangelistGuardMiddleware:
    """A changelist URL with a number out of range (?placed_at__year=99999999999) goes back to the list, as Django
    does for other bad lookups, instead of a 500: Django's date hierarchy lets OverflowError and year 10000 through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        match = request.resolver_match
        if not isinstance(exception, OverflowError | ValueError) or match is None:
            return None
        if not (match.app_name == "admin" and (match.url_name or "").endswith("_changelist")):
            return None
        logger.warning("Bad admin changelist lookup %s: %s", request.get_full_path(), exception)
        return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
