"""The stock ledger's fixtures, for transfers that move stock through it."""

from tests.inventory.conftest import ledger_ok, other_store  # noqa: F401  (fixtures)
