"""Old order notes were stored as English sentences: read each one the shop wrote back into its message and values, so
that it is written in the reader's language from now on. A note that is exactly none of them (typed by staff, or an
older wording) keeps being shown as it was stored."""

from django.db import migrations

from orders.migrations._old_notes import note_parse


def forward(apps, schema_editor):
    OrderEvent = apps.get_model("orders", "OrderEvent")
    batch = []
    for event in OrderEvent.objects.filter(message="").exclude(note="").only("pk", "note").iterator(chunk_size=2000):
        parsed = note_parse(event.note)
        if parsed is None:
            continue
        event.message, event.params = parsed
        batch.append(event)
        if len(batch) >= 2000:
            OrderEvent.objects.bulk_update(batch, ["message", "params"])
            batch = []
    OrderEvent.objects.bulk_update(batch, ["message", "params"])


def backward(apps, schema_editor):
    """The English notes were kept: going back needs nothing."""


class Migration(migrations.Migration):
    dependencies = [("orders", "0011_order_event_message_params")]

    operations = [migrations.RunPython(forward, backward)]
