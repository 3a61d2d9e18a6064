"""The shop of the order tests: stores open every day, stock behind the carts."""

from tests.orders.conftest import ledger_ok, shop  # noqa: F401  (fixtures)
