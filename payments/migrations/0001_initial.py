import django.db.models.deletion
from django.db import migrations, models

from core.model_moves import content_types_move, state_only


# The paymentrefund, stripeevent models, until now the orders app's: their tables keep their names and every row.


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('orders', '0008_models_move_to_their_apps'),
    ]

    operations = [
        state_only(
            migrations.CreateModel(
                name='StripeEvent',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('event_id', models.CharField(max_length=255, unique=True)),
                    ('type', models.CharField(max_length=100)),
                    ('received_at', models.DateTimeField(auto_now_add=True)),
                    ('outcome', models.CharField(blank=True, max_length=200)),
                    ('order', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='orders.order')),
                ],
                options={
                    'db_table': 'orders_stripeevent',
                    'ordering': ['received_at', 'pk'],
                },
            ),
            migrations.CreateModel(
                name='PaymentRefund',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('key', models.CharField(help_text="The caller's idempotency key, e.g. return-R-12.", max_length=120, unique=True)),
                    ('amount', models.DecimalField(decimal_places=2, max_digits=12)),
                    ('stripe_refund_id', models.CharField(blank=True, help_text='Empty until Stripe answered.', max_length=255)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('order', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='refunds', to='orders.order')),
                ],
                options={
                    'db_table': 'orders_paymentrefund',
                    'ordering': ['created_at', 'pk'],
                    'constraints': [models.CheckConstraint(condition=models.Q(('amount__gt', 0)), name='payment_refund_amount_positive')],
                },
            ),
        ),
        content_types_move(old_app="orders", new_app="payments", models=['paymentrefund', 'stripeevent']),
    ]
