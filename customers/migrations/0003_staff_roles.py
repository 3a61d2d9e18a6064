"""Create the staff role groups (clerk, store manager, admin) with their model permissions.

Self-contained on purpose: the permission list is the one of the day this migration was written. Permissions of
later models are granted by core.roles after every migrate.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ["clerk", "store manager", "admin"]
# (role, app label, model or "*", actions); a role also gets everything of the roles before it.
GRANTS = [
    ("clerk", "catalog", "*", ("view",)),
    ("clerk", "inventory", "*", ("view",)),
    ("clerk", "customers", "customer", ("view", "change")),
    ("clerk", "customers", "wishlistitem", ("view", "add")),
    ("clerk", "customers", "timelineevent", ("view",)),
    ("clerk", "orders", "*", ("view",)),
    ("clerk", "loyalty", "*", ("view",)),
    ("clerk", "pickup", "*", ("view",)),
    ("store manager", "inventory", "stocklevel", ("change",)),
    ("store manager", "inventory", "stockmovement", ("add",)),
    ("store manager", "inventory", "transfer", ("add", "change")),
    ("store manager", "inventory", "transferline", ("add", "change", "delete")),
    ("store manager", "inventory", "location", ("add", "change")),
    ("store manager", "inventory", "openinghours", ("add", "change", "delete")),
    ("store manager", "orders", "*", ("change",)),
    ("store manager", "pickup", "*", ("change",)),
    ("store manager", "customers", "customer", ("add", "merge")),
    ("store manager", "customers", "wishlistitem", ("delete",)),
    ("store manager", "customers", "staffprofile", ("view",)),
    *[
        ("admin", app, "*", ("*",))
        for app in ("catalog", "inventory", "customers", "orders", "loyalty", "pickup", "auth", "authtoken")
    ],
]


def create_role_groups(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    # Permissions are normally made after the last migration; make them now so the groups can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    granted: set[int] = set()
    for role in ROLES:
        for grant_role, app_label, model, actions in GRANTS:
            if grant_role != role:
                continue
            perms = permission_model.objects.filter(content_type__app_label=app_label)
            if model != "*":
                perms = perms.filter(content_type__model=model)
            for perm_id, codename in perms.values_list("pk", "codename"):
                if "*" in actions or codename.split("_", 1)[0] in actions:
                    granted.add(perm_id)
        group, _ = group_model.objects.get_or_create(name=role)
        group.permissions.add(*granted)


def remove_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0002_customer_merge_permission"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("authtoken", "0004_alter_tokenproxy_options"),
        ("catalog", "0001_initial"),
        ("inventory", "0001_initial"),
        ("orders", "0001_initial"),
        ("loyalty", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
