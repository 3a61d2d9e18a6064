"""What each linked store's last catalog and stock sync did, kept for the admin (one row per store and kind)."""

from dataclasses import dataclass, field
from datetime import datetime

from inventory.models import Location
from squarepos.models import SquareSync


@dataclass
class SyncOutcome:
    """What a sync run did, for its summary line, the admin and the bench."""

    looked_at: int = 0
    objects: int = 0
    requests: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self, what: str) -> str:
        errors = f", {len(self.errors)} errors" if self.errors else ""
        return f"{what}: {self.looked_at} looked at, {self.objects} objects sent in {self.requests} requests{errors}"


def sync_record(
    *, location: Location, kind: str, outcome: SyncOutcome, now: datetime, changed_since: datetime | None = None
) -> SquareSync:
    """Keep this run as the store's last sync of its kind."""
    defaults = {
        "ran_at": now,
        "sent": outcome.objects,
        "requests": outcome.requests,
        "errors": "\n".join(outcome.errors)[:4000],
    }
    if changed_since is not None:
        defaults["changed_since"] = changed_since
    row, _ = SquareSync.objects.update_or_create(location=location, kind=kind, defaults=defaults)
    return row
