import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.model_moves import content_types_move, state_only


# The transfer, transferline models, until now the inventory app's: their tables keep their names and every row.
# Inventory forgets them once the order's link to a transfer points here (orders 0009, inventory 0008).


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('catalog', '0008_product_search_vector'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('inventory', '0007_location_see_anywhere'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        state_only(
            migrations.CreateModel(
                name='Transfer',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('status', models.CharField(choices=[('draft', 'Draft'), ('in_transit', 'In transit'), ('received', 'Received'), ('cancelled', 'Cancelled')], default='draft', max_length=12)),
                    ('note', models.CharField(blank=True, max_length=200)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('shipped_at', models.DateTimeField(blank=True, null=True)),
                    ('received_at', models.DateTimeField(blank=True, null=True)),
                    ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('destination', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='transfers_in', to='inventory.location')),
                    ('source', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='transfers_out', to='inventory.location')),
                ],
                options={
                    'db_table': 'inventory_transfer',
                    'ordering': ['-created_at'],
                    'permissions': [('send_transfer', 'Can create, ship and cancel transfers from their store'), ('receive_transfer', 'Can receive transfers at their store')],
                },
            ),
            migrations.CreateModel(
                name='TransferLine',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('quantity', models.PositiveIntegerField()),
                    ('transfer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='transfers.transfer')),
                    ('variant', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalog.variant')),
                ],
                options={
                    'db_table': 'inventory_transferline',
                },
            ),
            migrations.AddIndex(
                model_name='transfer',
                index=models.Index(fields=['status', 'destination'], name='inventory_t_status_a012a8_idx'),
            ),
            migrations.AddConstraint(
                model_name='transfer',
                constraint=models.CheckConstraint(condition=models.Q(('source', models.F('destination')), _negated=True), name='transfer_between_two_locations'),
            ),
            migrations.AddConstraint(
                model_name='transferline',
                constraint=models.UniqueConstraint(fields=('transfer', 'variant'), name='transfer_line_unique_variant'),
            ),
            migrations.AddConstraint(
                model_name='transferline',
                constraint=models.CheckConstraint(condition=models.Q(('quantity__gt', 0)), name='transfer_line_quantity_positive'),
            ),
        ),
        content_types_move(old_app="inventory", new_app="transfers", models=['transfer', 'transferline']),
    ]
