"""What a till or a marketplace may do: the scope on its key, and only at its own store or channel."""

from django.utils.translation import gettext
from rest_framework import exceptions
from rest_framework.permissions import BasePermission

from channels.exceptions import StoreNotFound
from channels.models import DeviceClient
from core import store_scope
from core.models import ApiKey
from inventory.models import Location


def device_of(request) -> DeviceClient | None:
    """The till or marketplace whose key the request carries (read once, then kept on the key); None for a person's
    key or a session."""
    api_key = request.auth
    if not isinstance(api_key, ApiKey) or api_key.user_id is not None:
        return None
    return getattr(api_key, "device_client", None)  # a missing reverse one-to-one raises an AttributeError


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


def store_by_code(code: str) -> Location:
    """An open store by its code; 404 naming the field otherwise."""
    location = Location.objects.filter(code=code, kind=Location.Kind.STORE, is_active=True).first()
    if location is None:
        raise StoreNotFound(code)
    return location


def till_store(request, code: str | None) -> Location:
    """The till's own store; naming another one is refused (403), not quietly corrected."""
    device = device_of(request)
    if device is None or device.location_id is None:
        raise exceptions.PermissionDenied("Only a till bound to a store can do this.")
    if code and code != device.location.code:
        raise exceptions.PermissionDenied(f"This till belongs to {device.location.code}; it cannot act at {code}.")
    return device.location


def seller_store(request, code: str | None) -> Location:
    """Where a sale is recorded: a till's own store, or a staff member's (their home store; another only for staff
    who act everywhere). Naming a store the caller may not sell at is refused (403)."""
    if device_of(request) is not None:
        return till_store(request, code)
    home_id = store_scope.home_location_id(request.user)
    if home_id is None:
        raise exceptions.PermissionDenied(gettext("Your staff account has no store to sell at."))
    location = store_by_code(code) if code else Location.objects.get(pk=home_id)
    if not store_scope.may_act_at(request.user, location_id=location.pk):
        raise exceptions.PermissionDenied(
            gettext("You sell at your own store only; you cannot sell at %(code)s.") % {"code": code}
        )
    return location
