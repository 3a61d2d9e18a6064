import django.contrib.postgres.fields
import django.db.models.deletion
from django.db import migrations, models

from core.model_moves import content_types_move, state_only


# The deviceclient, storesale models, until now the orders app's: their tables keep their names and every row.


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('inventory', '0006_stock_help_texts_in_the_shops_words'),
        ('orders', '0008_models_move_to_their_apps'),
    ]

    operations = [
        state_only(
            migrations.CreateModel(
                name='StoreSale',
                fields=[
                ],
                options={
                    'verbose_name': 'POS sale',
                    'verbose_name_plural': 'POS sales',
                    'proxy': True,
                    'indexes': [],
                    'constraints': [],
                },
                bases=('orders.order',),
            ),
            migrations.CreateModel(
                name='DeviceClient',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(help_text="The till or the marketplace, e.g. 'Till 2' or 'FINN'.", max_length=100)),
                    ('channel', models.CharField(blank=True, choices=[('marketplace', 'Marketplace'), ('social', 'Social shop')], help_text="A marketplace's or social shop's channel.", max_length=12)),
                    ('scopes', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(choices=[('pos:sale', 'Record sales at the till'), ('pos:return', 'Take returns at the till'), ('channel:orders', 'Send marketplace or social orders'), ('stock:read', 'Read stock levels')], max_length=20), default=list, size=None)),
                    ('digest', models.CharField(help_text='SHA-256 of the key, hex.', max_length=64, unique=True)),
                    ('prefix', models.CharField(help_text="The key's first characters, to recognise it.", max_length=12)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('last_used_at', models.DateTimeField(blank=True, null=True)),
                    ('revoked_at', models.DateTimeField(blank=True, help_text='A revoked token is refused from then on.', null=True)),
                    ('location', models.ForeignKey(blank=True, help_text="A till's store.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='device_clients', to='inventory.location')),
                ],
                options={
                    'verbose_name': 'device or channel client',
                    'db_table': 'orders_deviceclient',
                    'ordering': ['name', 'pk'],
                    'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('location__isnull', False), ('channel', '')), models.Q(('location__isnull', True), ('channel__in', ['marketplace', 'social'])), _connector='OR'), name='device_client_location_xor_channel')],
                },
            ),
        ),
        content_types_move(old_app="orders", new_app="channels", models=['deviceclient', 'storesale']),
    ]
