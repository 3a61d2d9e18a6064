"""Staff roles: Django groups that a migration creates, and the checks views and the API share."""

from django.contrib.auth.models import AnonymousUser, User
from rest_framework.permissions import BasePermission

CLERK = "clerk"
STORE_MANAGER = "store manager"
ADMIN = "admin"

# Higher rank includes everything a lower rank may do.
RANKS = {CLERK: 1, STORE_MANAGER: 2, ADMIN: 3}


def user_role(user: User | AnonymousUser) -> str | None:
    """The highest staff role the user holds, or None for shoppers; superusers are admins."""
    if not user.is_authenticated or not user.is_active or not user.is_staff:
        return None
    if user.is_superuser:
        return ADMIN
    names = getattr(user, "_role_names", None)
    if names is None:
        names = set(user.groups.filter(name__in=RANKS).values_list("name", flat=True))
        user._role_names = names
    return max(names, key=RANKS.__getitem__, default=None)


def user_has_role(user: User | AnonymousUser, role: str) -> bool:
    held = user_role(user)
    return held is not None and RANKS[held] >= RANKS[role]


class HasRole(BasePermission):
    """DRF permission: the caller (session or token) is staff with at least `role`."""

    role = CLERK
    message = "This needs a staff account with the right role."

    def has_permission(self, request, view):
        return user_has_role(request.user, self.role)

    @classmethod
    def at_least(cls, role: str) -> type["HasRole"]:
        return type(f"HasRole_{role.replace(' ', '_')}", (cls,), {"role": role})


IsClerk = HasRole.at_least(CLERK)
IsStoreManager = HasRole.at_least(STORE_MANAGER)
IsAdmin = HasRole.at_least(ADMIN)
