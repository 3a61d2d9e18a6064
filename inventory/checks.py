"""Checks of stored data that `manage.py check --database default` runs: a bad row found before a page breaks."""

from django.core import checks
from django.db import connection

from core.validators import time_zone_names


@checks.register(checks.Tags.database)
def locations_have_known_time_zones(app_configs=None, databases=None, **kwargs):
    """A location saved before time zones were validated (or written by SQL) may name one that does not exist."""
    if not databases or "default" not in databases:
        return []
    from inventory.models import Location

    # `migrate` runs database checks too, first on an empty database: there is nothing to check before the table.
    if Location._meta.db_table not in connection.introspection.table_names():
        return []

    known = time_zone_names()
    return [
        checks.Error(
            f"Location {code} has the unknown time zone {tz!r}.",
            hint="Correct it in the staff console (e.g. Europe/Oslo).",
            obj=f"inventory.Location {code}",
            id="inventory.E001",
        )
        for code, tz in Location.objects.values_list("code", "timezone")
        if tz not in known
    ]
