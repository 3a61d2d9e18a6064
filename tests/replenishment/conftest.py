"""The stock ledger's fixtures, for the reorder page and the low-stock digest."""

from tests.inventory.conftest import ledger_ok, other_store  # noqa: F401  (fixtures)
