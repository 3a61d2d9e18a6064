import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.model_moves import content_types_move, state_only


OLD_BUILDER = "orders.emails.return_receipt_email"
NEW_BUILDER = "returns.emails.return_receipt_email"


def outbox_builder_move(apps, schema_editor):
    """A return receipt still waiting in the outbox is built by its new module."""
    apps.get_model("core", "OutboxMessage").objects.filter(builder=OLD_BUILDER).update(builder=NEW_BUILDER)


def outbox_builder_move_back(apps, schema_editor):
    apps.get_model("core", "OutboxMessage").objects.filter(builder=NEW_BUILDER).update(builder=OLD_BUILDER)


# The return, returnline models, until now the orders app's: their tables keep their names and every row.


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0001_outbox'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('channels', '0001_initial'),
        ('inventory', '0006_stock_help_texts_in_the_shops_words'),
        ('orders', '0008_models_move_to_their_apps'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        state_only(
            migrations.CreateModel(
                name='Return',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('key', models.CharField(blank=True, help_text="The till's or console's idempotency key: a retry returns this return.", max_length=100)),
                    ('reason', models.CharField(blank=True, max_length=200)),
                    ('refund_method', models.CharField(choices=[('card', 'To the original card'), ('cash', 'Cash at the till')], max_length=8)),
                    ('refund_amount', models.DecimalField(decimal_places=2, max_digits=12)),
                    ('refund_status', models.CharField(choices=[('pending', 'Refund pending'), ('refunded', 'Refunded'), ('paid_cash', 'Paid out in cash'), ('failed', 'Refund failed'), ('none', 'Nothing to refund')], default='pending', max_length=10)),
                    ('refund_reference', models.CharField(blank=True, help_text="The card provider's refund id.", max_length=255)),
                    ('refund_error', models.CharField(blank=True, max_length=300)),
                    ('points_reversed', models.IntegerField(default=0)),
                    ('created_at', models.DateTimeField(db_index=True)),
                    ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('device', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='channels.deviceclient')),
                    ('location', models.ForeignKey(help_text='The store that took it.', on_delete=django.db.models.deletion.PROTECT, related_name='returns', to='inventory.location')),
                    ('order', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='returns', to='orders.order')),
                ],
                options={
                    'db_table': 'orders_return',
                    'ordering': ['-created_at', '-pk'],
                },
            ),
            migrations.CreateModel(
                name='ReturnLine',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('quantity', models.PositiveIntegerField()),
                    ('condition', models.CharField(choices=[('resellable', 'Resellable (back on the shelf)'), ('damaged', 'Damaged (written off)')], max_length=10)),
                    ('amount', models.DecimalField(decimal_places=2, help_text='What is refunded for these units.', max_digits=12)),
                    ('order_line', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='return_lines', to='orders.orderline')),
                    ('ret', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='returns.return')),
                ],
                options={
                    'db_table': 'orders_returnline',
                    'ordering': ['pk'],
                },
            ),
            migrations.AddConstraint(
                model_name='return',
                constraint=models.UniqueConstraint(condition=models.Q(('key', ''), _negated=True), fields=('key',), name='return_unique_key'),
            ),
            migrations.AddConstraint(
                model_name='return',
                constraint=models.CheckConstraint(condition=models.Q(('refund_amount__gte', 0)), name='return_refund_not_negative'),
            ),
            migrations.AddConstraint(
                model_name='returnline',
                constraint=models.CheckConstraint(condition=models.Q(('quantity__gt', 0)), name='return_line_quantity_positive'),
            ),
        ),
        content_types_move(old_app="orders", new_app="returns", models=['return', 'returnline']),
        migrations.RunPython(outbox_builder_move, outbox_builder_move_back, elidable=False),
    ]
