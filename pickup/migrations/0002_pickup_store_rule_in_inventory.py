# Who reads every store's pickups is now the per-store rule's inventory.see_anywhere, granted to store managers;
# acting on a pickup is at the user's own store (or anywhere with inventory.act_anywhere).

from django.db import migrations


def forget_switch_store_permission(apps, schema_editor):
    """Django keeps a permission whose model no longer declares it: drop it, so no group holds it for nothing."""
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="pickup", codename="switch_store_pickup"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("pickup", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="pickup",
            options={
                "ordering": ["ready_by", "pk"],
                "permissions": [
                    ("prepare_pickup", "Can start picking and mark pickups ready at their store"),
                    ("handover_pickup", "Can verify codes, take payment and hand pickups over at their store"),
                    ("cancel_pickup", "Can cancel pickups at their store"),
                ],
            },
        ),
        migrations.RunPython(forget_switch_store_permission, migrations.RunPython.noop),
    ]
