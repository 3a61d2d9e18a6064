"""Reads of the loyalty ledger: the balance is always the sum of the entries."""

from dataclasses import dataclass

from django.db.models import QuerySet, Sum

from customers.models import Customer
from loyalty.models import PointsEntry


def points_entries(*, customer: Customer) -> QuerySet[PointsEntry]:
    """The customer's points history, newest first."""
    return PointsEntry.objects.filter(account__customer=customer).order_by("-created_at", "-pk")


def points_balance(*, customer: Customer) -> int:
    """Points the customer can spend right now: the sum of the ledger, 0 when there is no account yet."""
    return points_entries(customer=customer).aggregate(total=Sum("points"))["total"] or 0


@dataclass(frozen=True)
class LoyaltyCard:
    """What the web account and the app show on the loyalty card."""

    card_number: str
    balance: int

    @property
    def card_number_display(self) -> str:
        """Printed in groups of four, as on the plastic card."""
        return " ".join(self.card_number[i : i + 4] for i in range(0, len(self.card_number), 4))


def loyalty_card(*, customer: Customer) -> LoyaltyCard:
    return LoyaltyCard(card_number=customer.card_number, balance=points_balance(customer=customer))
