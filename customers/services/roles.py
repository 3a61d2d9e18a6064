"""Staff roles as auth groups: which admin permissions a clerk, a store manager and an admin get."""

from customers.roles import ADMIN, CLERK, RANKS, STORE_MANAGER

# What each staff role may do in the admin, as (app label, model or "*", actions). A role has everything of the
# roles below it (customers.roles.RANKS). Models added later pick up their permissions on the next migrate.
ROLE_PERMISSIONS: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    CLERK: [
        ("catalog", "*", ("view",)),
        ("inventory", "*", ("view",)),
        ("customers", "customer", ("view", "change")),
        ("customers", "wishlistitem", ("view", "add")),
        ("customers", "timelineevent", ("view",)),
        ("orders", "*", ("view",)),
        ("loyalty", "*", ("view",)),
        ("pickup", "*", ("view",)),
    ],
    STORE_MANAGER: [
        ("inventory", "stocklevel", ("change",)),
        ("inventory", "stockmovement", ("add",)),
        ("inventory", "transfer", ("add", "change")),
        ("inventory", "transferline", ("add", "change", "delete")),
        ("inventory", "location", ("add", "change")),
        ("inventory", "openinghours", ("add", "change", "delete")),
        ("orders", "*", ("change",)),
        ("pickup", "*", ("change",)),
        ("customers", "customer", ("add", "merge")),
        ("customers", "wishlistitem", ("delete",)),
        ("customers", "staffprofile", ("view",)),
    ],
    ADMIN: [
        (app, "*", ("add", "change", "delete", "view", "*"))
        for app in ("catalog", "inventory", "customers", "orders", "loyalty", "pickup", "auth", "authtoken")
    ],
}


def _role_codenames(role: str, permission_model) -> set[int]:
    """Permission ids for one role's own rules; "*" as the action also takes custom permissions (e.g. merge)."""
    ids: set[int] = set()
    for app_label, model, actions in ROLE_PERMISSIONS[role]:
        perms = permission_model.objects.filter(content_type__app_label=app_label)
        if model != "*":
            perms = perms.filter(content_type__model=model)
        for perm_id, codename in perms.values_list("pk", "codename"):
            action = codename.split("_", 1)[0]
            if "*" in actions or action in actions:
                ids.add(perm_id)
    return ids


def role_groups_sync(*, apps=None) -> None:
    """Create the groups "clerk", "store manager" and "admin" and give each its permissions (idempotent).

    Runs from the roles migration (with its historical `apps`) and after every migrate, so new models are covered.
    """
    from django.apps import apps as global_apps

    registry = apps or global_apps
    group_model = registry.get_model("auth", "Group")
    permission_model = registry.get_model("auth", "Permission")
    granted: set[int] = set()
    for role in sorted(RANKS, key=RANKS.__getitem__):
        granted |= _role_codenames(role, permission_model)
        group, _ = group_model.objects.get_or_create(name=role)
        group.permissions.add(*granted)
