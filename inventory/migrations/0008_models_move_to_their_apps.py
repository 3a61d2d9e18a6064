from django.db import migrations

from core.model_moves import state_only

# Transfers and the low-stock digest moved to apps of their own (transfers, replenishment). Their tables keep their
# names: inventory forgets them, nothing else. It does so last, once the order's link points at transfers.Transfer.


class Migration(migrations.Migration):

    dependencies = [
        ('inventory', '0007_location_see_anywhere'),
        ('orders', '0009_order_transfer_in_transfers'),
        ('replenishment', '0001_initial'),
        ('transfers', '0001_initial'),
    ]

    operations = [
        state_only(
            migrations.RemoveField(
                model_name='transfer',
                name='created_by',
            ),
            migrations.RemoveField(
                model_name='transfer',
                name='destination',
            ),
            migrations.RemoveField(
                model_name='transfer',
                name='source',
            ),
            migrations.RemoveField(
                model_name='transferline',
                name='transfer',
            ),
            migrations.RemoveField(
                model_name='transferline',
                name='variant',
            ),
            migrations.DeleteModel(
                name='LowStockDigest',
            ),
            migrations.DeleteModel(
                name='Transfer',
            ),
            migrations.DeleteModel(
                name='TransferLine',
            ),
        ),
    ]
