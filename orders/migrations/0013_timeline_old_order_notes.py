"""The customer's timeline keeps, on each "order updated" entry, the note of the change. Entries written before order
notes became messages hold only its English: read each one the shop wrote back into its message and values, so
that the timeline shows it in the reader's language. A note typed by staff stays as stored."""

from django.db import migrations

from orders.migrations._old_notes import note_parse


def forward(apps, schema_editor):
    TimelineEvent = apps.get_model("customers", "TimelineEvent")
    batch = []
    entries = TimelineEvent.objects.filter(message="order_updated").only("pk", "params")
    for entry in entries.iterator(chunk_size=2000):
        params = entry.params or {}
        if params.get("note_message") or not params.get("note"):
            continue
        parsed = note_parse(params["note"])
        if parsed is None:
            continue
        entry.params = {**params, "note_message": parsed[0], "note_params": parsed[1]}
        batch.append(entry)
        if len(batch) >= 2000:
            TimelineEvent.objects.bulk_update(batch, ["params"])
            batch = []
    TimelineEvent.objects.bulk_update(batch, ["params"])


def backward(apps, schema_editor):
    """The English notes were kept: going back needs nothing."""


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0012_order_event_old_notes"),
        ("customers", "0016_customer_surname_order"),
    ]

    operations = [migrations.RunPython(forward, backward)]
