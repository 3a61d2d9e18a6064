"""The till receipt's email is built by channels now: unsent outbox messages name its new home."""

from django.db import migrations

OLD_BUILDER = "orders.emails.receipt_email"
NEW_BUILDER = "channels.emails.receipt_email"


def forward(apps, schema_editor):
    apps.get_model("core", "OutboxMessage").objects.filter(builder=OLD_BUILDER).update(builder=NEW_BUILDER)


def backward(apps, schema_editor):
    apps.get_model("core", "OutboxMessage").objects.filter(builder=NEW_BUILDER).update(builder=OLD_BUILDER)


class Migration(migrations.Migration):
    dependencies = [
        ("channels", "0003_labels_translated"),
        ("core", "0005_labels_translated"),
    ]

    operations = [migrations.RunPython(forward, backward)]
