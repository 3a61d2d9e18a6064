"""A ship-to-store transfer now carries its order's hold (transfers.Transfer.hold_reference): name the order on the
transfers written before, so that shipping and receiving them moves the order's held units with the goods."""

from django.db import migrations


def forward(apps, schema_editor):
    Order = apps.get_model("orders", "Order")
    Transfer = apps.get_model("transfers", "Transfer")
    pairs = Order.objects.filter(transfer__isnull=False, transfer__hold_reference="").values_list("transfer_id", "number")
    for transfer_id, number in pairs.iterator(chunk_size=2000):
        Transfer.objects.filter(pk=transfer_id).update(hold_reference=number)


def backward(apps, schema_editor):
    """The field goes with transfers' own migration; nothing to undo here."""


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0013_timeline_old_order_notes"),
        ("transfers", "0003_transfer_hold_reference"),
    ]

    operations = [migrations.RunPython(forward, backward)]
