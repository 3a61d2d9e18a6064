"""What can go wrong with a transfer itself; what can go wrong with the stock it moves is inventory's to say."""

from inventory.exceptions import InventoryError


class InvalidTransferState(InventoryError):
    """The transfer is not in a state that allows this step (e.g. receiving a draft)."""

    code = "invalid_transfer_state"

    def __init__(self, message: str, *, transfer_id: int, status: str):
        super().__init__(message, transfer=transfer_id, status=status)
