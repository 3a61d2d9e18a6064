"""Stock moving between locations: created as a draft, out at the source when shipped, in at the destination on receipt.

The transfer row is locked before the stock levels it moves (the lock order of docs/architecture.md); the stock
itself moves through inventory's services, each step in its ledger under the transfer's reference.
"""

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from inventory.exceptions import InvalidStockOperation
from inventory.models import Location
from inventory.services import (
    StockLine,
    actor_or_none,
    check_location,
    check_text,
    merge_lines,
    skus_of,
    stock_transfer_in,
    stock_transfer_out,
)
from transfers.exceptions import InvalidTransferState
from transfers.models import Transfer, TransferLine
from transfers.signals import transfer_received, transfer_shipped


def lock_transfer(*, transfer_id: int) -> Transfer:
    """Lock a transfer before its stock levels, so two clerks cannot ship or receive it twice."""
    return (
        Transfer.objects.select_for_update(of=("self",), no_key=True)
        .select_related("source", "destination")
        .get(pk=transfer_id)
    )


@transaction.atomic
def transfer_create(
    *,
    source: Location,
    destination: Location,
    lines: Sequence[StockLine],
    note: str = "",
    hold_reference: str = "",
    actor=None,
) -> Transfer:
    """Plan a transfer; no stock moves until it is shipped. `hold_reference`: the units are an order's, held for it
    at the source; they travel with that hold and are held for it again at the destination (ship to store)."""
    check_location(source, field="source")
    check_location(destination, field="destination")
    if source.pk == destination.pk:
        raise InvalidStockOperation("A transfer needs two different locations.", field="destination")
    wanted = merge_lines(lines)
    note = check_text(note, field="note")
    skus_of(wanted)
    transfer = Transfer.objects.create(
        source=source,
        destination=destination,
        note=note,
        hold_reference=hold_reference,
        created_by=actor_or_none(actor),
    )
    TransferLine.objects.bulk_create(
        [TransferLine(transfer=transfer, variant_id=vid, quantity=qty) for vid, qty in wanted.items()]
    )
    return transfer


def _wrong_state(transfer: Transfer, action: str) -> InvalidTransferState:
    return InvalidTransferState(
        f"Transfer #{transfer.pk} is {transfer.get_status_display().lower()}; it cannot be {action}.",
        transfer_id=transfer.pk,
        status=transfer.status,
    )


def _lines(transfer: Transfer) -> list[StockLine]:
    rows = transfer.lines.order_by("variant_id").values_list("variant_id", "quantity")
    return [StockLine(vid, qty) for vid, qty in rows]


def _announce(signal, transfer: Transfer, actor) -> None:
    """Tell the apps above once the step is committed (never under the transfer's and the stock's locks)."""
    transaction.on_commit(lambda: signal.send(sender=Transfer, transfer=transfer, actor=actor), robust=True)


@transaction.atomic
def transfer_ship(*, transfer: Transfer, actor=None) -> Transfer:
    """The goods leave the source: its on hand goes down now (only unreserved units can go, or the order's the transfer
    carries); shipping twice is a no-op."""
    transfer = lock_transfer(transfer_id=transfer.pk)
    if transfer.status == Transfer.Status.IN_TRANSIT:
        return transfer
    if transfer.status != Transfer.Status.DRAFT:
        raise _wrong_state(transfer, "shipped")
    stock_transfer_out(
        location=transfer.source,
        lines=_lines(transfer),
        reference=transfer.reference,
        reason=f"Transfer to {transfer.destination.code}",
        actor=actor,
        held_for=transfer.hold_reference,
    )
    transfer.status, transfer.shipped_at = Transfer.Status.IN_TRANSIT, timezone.now()
    transfer.save(update_fields=["status", "shipped_at"])
    _announce(transfer_shipped, transfer, actor)
    return transfer


@transaction.atomic
def transfer_receive(*, transfer: Transfer, actor=None) -> Transfer:
    """The goods arrived: on hand goes up at the destination (held for the order the transfer carries, if any);
    receiving twice is a no-op."""
    transfer = lock_transfer(transfer_id=transfer.pk)
    if transfer.status == Transfer.Status.RECEIVED:
        return transfer
    if transfer.status != Transfer.Status.IN_TRANSIT:
        raise _wrong_state(transfer, "received")
    stock_transfer_in(
        location=transfer.destination,
        lines=_lines(transfer),
        reference=transfer.reference,
        reason=f"Transfer from {transfer.source.code}",
        actor=actor,
        hold_for=transfer.hold_reference,
    )
    transfer.status, transfer.received_at = Transfer.Status.RECEIVED, timezone.now()
    transfer.save(update_fields=["status", "received_at"])
    _announce(transfer_received, transfer, actor)
    return transfer


@transaction.atomic
def transfer_cancel(*, transfer: Transfer, reason: str = "", actor=None, order_closing: bool = False) -> Transfer:
    """Call a transfer off; goods already on the road are booked back in at the source. A transfer that carries an
    order's units is called off only with its order (`order_closing`): alone, the order would wait for it forever."""
    transfer = lock_transfer(transfer_id=transfer.pk)
    if transfer.status == Transfer.Status.CANCELLED:
        return transfer
    if transfer.status == Transfer.Status.RECEIVED:
        if order_closing:  # the goods arrived meanwhile: the order's hold at the destination is the order's to close
            return transfer
        raise _wrong_state(transfer, "cancelled")
    if transfer.hold_reference and not order_closing:
        raise InvalidTransferState(
            gettext("Transfer #%(id)s carries order %(order)s to its pickup store: cancel the order instead.")
            % {"id": transfer.pk, "order": transfer.hold_reference},
            transfer_id=transfer.pk,
            status=transfer.status,
        )
    reason = check_text(reason, field="reason") or "Transfer cancelled"
    if transfer.status == Transfer.Status.IN_TRANSIT:
        stock_transfer_in(
            location=transfer.source, lines=_lines(transfer), reference=transfer.reference, reason=reason, actor=actor
        )
    transfer.status = Transfer.Status.CANCELLED
    transfer.save(update_fields=["status"])
    return transfer
