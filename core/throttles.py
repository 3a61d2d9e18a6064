"""DRF throttles shared by the surfaces (the rates live in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"])."""

from rest_framework.throttling import ScopedRateThrottle


class WriteThrottle(ScopedRateThrottle):
    """A scoped rate that counts only writes, so reading one's own profile is never limited by changing it."""

    def allow_request(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)
