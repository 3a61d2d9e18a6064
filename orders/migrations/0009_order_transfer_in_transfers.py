import django.db.models.deletion
from django.db import migrations, models

from core.model_moves import state_only

# Transfers moved to an app of their own (transfers) with their table: the order's link now names it there.
# The column and its foreign key stay as they are.


class Migration(migrations.Migration):

    dependencies = [
        ('orders', '0008_models_move_to_their_apps'),
        ('transfers', '0001_initial'),
    ]

    operations = [
        state_only(
            migrations.AlterField(
                model_name='order',
                name='transfer',
                field=models.ForeignKey(blank=True, help_text='Ship to store: the transfer that brings the units to the pickup store.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='transfers.transfer'),
            ),
        ),
    ]
