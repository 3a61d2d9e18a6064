"""Old points entries kept what they were for as an English description: read the reward codes, expiries and
adjustments back into their values, so that they are written in the reader's language from now on. Purchases and
returns need nothing: their order number is on the entry. A description that fits none is shown as it was stored."""

import re
from datetime import datetime

from django.db import migrations


def _expire(m) -> dict | None:
    try:
        return {"earned_on": datetime.strptime(m["day"], "%d %b %Y").date().isoformat()}
    except ValueError:
        return None


PATTERNS = {
    "redeem": (
        r"Reward code (?P<code>\S+): (?P<value>\d+(?:\.\d+)?) (?P<currency>[A-Z]{3}) off",
        lambda m: {"code": m["code"], "value": m["value"], "currency": m["currency"]},
    ),
    "expire": (r"Expired: points of (?P<day>\d{1,2} [A-Z][a-z]{2} \d{4})", _expire),
    "adjust": (r"Adjusted(?: by (?P<by>.+?))?: (?P<reason>.+)", lambda m: {"by": m["by"] or "", "reason": m["reason"]}),
}


def description_parse(kind: str, description: str) -> dict | None:
    """The values an English description was written from, or None when it fits none."""
    if kind not in PATTERNS:
        return None
    pattern, build = PATTERNS[kind]
    m = re.fullmatch(pattern, description)
    return build(m) if m else None


def forward(apps, schema_editor):
    PointsEntry = apps.get_model("loyalty", "PointsEntry")
    batch = []
    rows = PointsEntry.objects.filter(kind__in=list(PATTERNS), params={}).only("pk", "kind", "description")
    for entry in rows.iterator(chunk_size=2000):
        params = description_parse(entry.kind, entry.description)
        if params is None:
            continue
        entry.params = params
        batch.append(entry)
        if len(batch) >= 2000:
            PointsEntry.objects.bulk_update(batch, ["params"])
            batch = []
    PointsEntry.objects.bulk_update(batch, ["params"])


def backward(apps, schema_editor):
    """The English descriptions were kept: going back needs nothing."""


class Migration(migrations.Migration):
    dependencies = [("loyalty", "0004_points_entry_params")]

    operations = [migrations.RunPython(forward, backward)]
