import django.db.models.deletion
from django.db import migrations, models

from core.model_moves import content_types_move, state_only


# The boughttogether, wishlistalert, marketingemail, customersegment models, until now the orders app's: their tables keep their names and every row.


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('orders', '0008_models_move_to_their_apps'),
        ('catalog', '0008_product_search_vector'),
        ('customers', '0010_name_words'),
    ]

    operations = [
        state_only(
            migrations.CreateModel(
                name='CustomerSegment',
                fields=[
                ],
                options={
                    'verbose_name': 'customer segment',
                    'verbose_name_plural': 'customer segments',
                    'proxy': True,
                    'indexes': [],
                    'constraints': [],
                },
                bases=('customers.customer',),
            ),
            migrations.CreateModel(
                name='BoughtTogether',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('orders', models.PositiveIntegerField()),
                    ('other', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='catalog.product')),
                    ('product', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='catalog.product')),
                ],
                options={
                    'verbose_name_plural': 'bought together',
                    'db_table': 'orders_boughttogether',
                    'indexes': [models.Index(fields=['product', '-orders'], name='orders_boug_product_a3ce13_idx')],
                    'constraints': [models.UniqueConstraint(fields=('product', 'other'), name='bought_together_unique_pair'), models.CheckConstraint(condition=models.Q(('product', models.F('other')), _negated=True), name='bought_together_two_products')],
                },
            ),
            migrations.CreateModel(
                name='MarketingEmail',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('back_in_stock', 'Back in stock'), ('price_drop', 'Price drop'), ('after_purchase', 'Goes with your purchase'), ('personal_pick', 'Weekly personal pick')], max_length=16)),
                    ('key', models.CharField(help_text='The period or event, e.g. 2026-W49 or an order number.', max_length=64)),
                    ('items', models.JSONField(blank=True, default=list, help_text='What the email told about (variant or change ids).')),
                    ('sent_at', models.DateTimeField(auto_now_add=True)),
                    ('customer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='marketing_emails', to='customers.customer')),
                ],
                options={
                    'db_table': 'orders_marketingemail',
                    'ordering': ['-sent_at', '-pk'],
                    'indexes': [models.Index(fields=['kind', '-sent_at'], name='orders_mark_kind_a1b847_idx')],
                    'constraints': [models.UniqueConstraint(fields=('customer', 'kind', 'key'), name='marketing_email_once')],
                },
            ),
            migrations.CreateModel(
                name='WishlistAlert',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('out_of_stock', models.BooleanField(default=True)),
                    ('out_since', models.DateTimeField()),
                    ('returns', models.PositiveIntegerField(default=0, help_text='How many times its return was emailed.')),
                    ('customer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='customers.customer')),
                    ('variant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='catalog.variant')),
                ],
                options={
                    'db_table': 'orders_wishlistalert',
                    'constraints': [models.UniqueConstraint(fields=('customer', 'variant'), name='wishlist_alert_unique')],
                },
            ),
        ),
        content_types_move(old_app="orders", new_app="marketing", models=['boughttogether', 'wishlistalert', 'marketingemail', 'customersegment']),
    ]
