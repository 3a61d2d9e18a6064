"""Receive, adjust and count by reference: a retried request returns the first movement instead of a second one."""

import hashlib
import json

from inventory.exceptions import ReferenceReused
from inventory.models import Location, StockChangeRequest, StockMovement


def fingerprint(**content) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def stock_change_claim(*, kind: str, location: Location, reference: str, content: dict) -> StockMovement | None:
    """Claim the reference inside the caller's transaction; the first movement if it was done before, else None.

    The insert waits on the unique index while another transaction holds the same key, so two concurrent
    retries cannot both pass: the second sees the first's committed row and replays it.
    """
    if not reference:
        return None
    digest = fingerprint(**content)
    StockChangeRequest.objects.bulk_create(
        [StockChangeRequest(kind=kind, location=location, reference=reference, fingerprint=digest)],
        ignore_conflicts=True,
    )
    claim = StockChangeRequest.objects.select_related("movement").get(kind=kind, location=location, reference=reference)
    if claim.fingerprint != digest:
        raise ReferenceReused(kind=kind, reference=reference)
    if claim.movement is None:  # ours, just inserted: the caller goes on and records the movement
        return None
    claim.movement.replayed = True
    return claim.movement


def stock_change_record(*, kind: str, location: Location, reference: str, movement: StockMovement) -> StockMovement:
    """Tie the claimed reference to the movement the first request made."""
    if reference:
        StockChangeRequest.objects.filter(kind=kind, location=location, reference=reference).update(movement=movement)
    return movement
