"""What a till or a marketplace may do: the scope on its token, and only at its own store or channel."""

from rest_framework.permissions import BasePermission

from orders.models import DeviceClient


def device_of(request) -> DeviceClient | None:
    return request.auth if isinstance(request.auth, DeviceClient) else None


class HasScope(BasePermission):
    """Used as an instance: `permission_classes = [HasScope("pos:sale")]` (DRF calls it to get the permission)."""

    def __init__(self, scope: str, *, or_perm: str = ""):
        self.scope = scope
        self.or_perm = or_perm
        self.message = f"This needs a device token with the {scope} scope."

    def __call__(self):
        return self

    def has_permission(self, request, view) -> bool:
        device = device_of(request)
        if device is not None:
            return device.is_active and self.scope in device.scopes
        if self.or_perm:
            user = request.user
            return bool(user.is_authenticated and user.is_active and user.is_staff and user.has_perm(self.or_perm))
        return False
