"""Customer row locks: always in primary-key order, and first in the cross-app lock order (customers → order →
transfer → stock levels → reservations → loyalty account), so two processes over the same people never deadlock."""

from collections.abc import Iterable

from customers.models import Customer


def lock_customers(*, ids: Iterable[int | None]) -> dict[int, Customer]:
    """Lock these customers (None is skipped) in pk order, taken at once; returns them by pk."""
    wanted = sorted({pk for pk in ids if pk is not None})
    rows = Customer.objects.select_for_update(of=("self",), no_key=True).filter(pk__in=wanted).order_by("pk")
    return {row.pk: row for row in list(rows)}
