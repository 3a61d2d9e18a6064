"""Staff roles are Django groups; what each may do is Django permissions that each app declares on its models.

This table grants them: a role has everything of the roles below it. It names apps by label only (no imports), so
the bottom layer can hold it; `role_groups_sync` runs after every migrate, so permissions of new models are granted.
"""

from django.contrib.auth.models import AnonymousUser, User
from rest_framework.permissions import BasePermission

CLERK = "clerk"
STORE_MANAGER = "store manager"
ADMIN = "admin"

# Stock and the apps split out of it by concern: staff keep on them what they could do on inventory.
STOCK_APPS = ("inventory", "transfers", "replenishment")
# The order and the apps split out of it by concern: staff keep on them what they could do on orders.
ORDER_APPS = ("orders", "payments", "channels", "returns", "marketing")

# Higher rank includes everything a lower rank may do.
RANKS = {CLERK: 1, STORE_MANAGER: 2, ADMIN: 3}

# (app label, model or "*", actions); the action is the part of the codename before the first "_", so
# ("inventory", "stocklevel", ("receive",)) grants inventory.receive_stock. "*" as an action grants every one.
ROLE_PERMISSIONS: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    CLERK: [
        ("catalog", "*", ("view",)),
        *((app, "*", ("view",)) for app in STOCK_APPS),
        ("inventory", "stocklevel", ("receive", "count")),
        ("transfers", "transfer", ("receive",)),
        ("customers", "customer", ("view", "add", "change", "lookup")),
        ("customers", "wishlistitem", ("view", "add", "delete")),
        ("customers", "timelineevent", ("view",)),
        *((app, "*", ("view",)) for app in ORDER_APPS),
        ("returns", "return", ("add",)),
        ("loyalty", "*", ("view",)),
        ("pickup", "*", ("view",)),
        ("pickup", "pickup", ("prepare", "handover", "cancel")),
        # The tablet at the counter: a basket, sold there and then or ordered for the customer.
        ("clerk", "basket", ("view", "add", "change", "delete", "sell", "order")),
    ],
    STORE_MANAGER: [
        ("catalog", "product", ("import",)),
        ("inventory", "stocklevel", ("change", "adjust")),
        ("inventory", "stockmovement", ("add",)),
        ("transfers", "transfer", ("add", "change", "send")),
        ("transfers", "transferline", ("add", "change", "delete")),
        ("inventory", "location", ("add", "change", "see")),
        ("inventory", "openinghours", ("add", "change", "delete")),
        ("inventory", "staffprofile", ("view",)),
        *((app, "*", ("change",)) for app in ORDER_APPS),
        ("pickup", "*", ("change",)),
        ("pickup", "pickupschedule", ("add", "delete")),
        ("customers", "customer", ("merge",)),
        ("loyalty", "loyaltyaccount", ("adjust",)),
    ],
    ADMIN: [
        *(
            (app, "*", ("*",))
            for app in (
                "catalog",
                *STOCK_APPS,
                "customers",
                *ORDER_APPS,
                "loyalty",
                "pickup",
                "clerk",
                "auth",
                "authtoken",
            )
        ),
        ("core", "apikey", ("*",)),  # every API key, as they had every person's token (customers) and device's
    ],
}


def _role_permission_ids(role: str, permission_model) -> set[int]:
    ids: set[int] = set()
    for app_label, model, actions in ROLE_PERMISSIONS[role]:
        perms = permission_model.objects.filter(content_type__app_label=app_label)
        if model != "*":
            perms = perms.filter(content_type__model=model)
        for perm_id, codename in perms.values_list("pk", "codename"):
            if "*" in actions or codename.split("_", 1)[0] in actions:
                ids.add(perm_id)
    return ids


def role_groups_sync() -> None:
    """Create the groups "clerk", "store manager" and "admin" and grant each its permissions (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    granted: set[int] = set()
    for role in sorted(RANKS, key=RANKS.__getitem__):
        granted |= _role_permission_ids(role, Permission)
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*granted)


def user_role(user: User | AnonymousUser) -> str | None:
    """The highest staff role the user holds, for display; None for shoppers; superusers are admins."""
    if not user.is_authenticated or not user.is_active or not user.is_staff:
        return None
    if user.is_superuser:
        return ADMIN
    names = getattr(user, "_role_names", None)
    if names is None:
        names = set(user.groups.filter(name__in=RANKS).values_list("name", flat=True))
        user._role_names = names
    return max(names, key=RANKS.__getitem__, default=None)


def is_staff_with(user: User | AnonymousUser, perm: str) -> bool:
    """An active staff user holding `perm` (app_label.codename); what every staff page and endpoint checks."""
    return bool(user.is_authenticated and user.is_active and user.is_staff and user.has_perm(perm))


class HasPerm(BasePermission):
    """DRF permission: the caller (session or token) is active staff holding `perm`."""

    perm = ""
    message = "This needs a staff account with the right role."

    def has_permission(self, request, view):
        return is_staff_with(request.user, self.perm)

    @classmethod
    def of(cls, perm: str) -> type["HasPerm"]:
        return type(f"HasPerm_{perm.replace('.', '_')}", (cls,), {"perm": perm})
