import django.db.models.deletion
from django.db import migrations, models

from core.model_moves import content_types_move, state_only


OLD_BUILDER = "inventory.services.digests.low_stock_digest_email"
NEW_BUILDER = "replenishment.emails.low_stock_digest_email"


def outbox_builder_move(apps, schema_editor):
    """A low-stock digest still waiting in the outbox is built by its new module."""
    apps.get_model("core", "OutboxMessage").objects.filter(builder=OLD_BUILDER).update(builder=NEW_BUILDER)


def outbox_builder_move_back(apps, schema_editor):
    apps.get_model("core", "OutboxMessage").objects.filter(builder=NEW_BUILDER).update(builder=OLD_BUILDER)


# The lowstockdigest model, until now the inventory app's: its table keeps its name and every row.
# Inventory forgets it in its 0008.


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0001_outbox'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('inventory', '0007_location_see_anywhere'),
    ]

    operations = [
        state_only(
            migrations.CreateModel(
                name='LowStockDigest',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('day', models.DateField()),
                    ('lines', models.PositiveIntegerField(default=0)),
                    ('sent_at', models.DateTimeField(auto_now_add=True)),
                    ('location', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='inventory.location')),
                ],
                options={
                    'db_table': 'inventory_lowstockdigest',
                    'constraints': [models.UniqueConstraint(fields=('location', 'day'), name='low_stock_digest_once_a_day')],
                },
            ),
        ),
        content_types_move(old_app="inventory", new_app="replenishment", models=['lowstockdigest']),
        migrations.RunPython(outbox_builder_move, outbox_builder_move_back, elidable=False),
    ]
