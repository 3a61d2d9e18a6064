"""The shop of the order tests, for the staff console's front page."""

from tests.orders.conftest import ledger_ok, shop  # noqa: F401  (fixtures)
