"""Reward codes: bought with points atomically, used once, whatever the number of simultaneous tries."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from loyalty.exceptions import InsufficientPoints, InvalidPoints, RewardNotFound, RewardUnavailable
from loyalty.models import LoyaltyAccount, PointsEntry, Reward
from loyalty.selectors import points_balance
from loyalty.services import points_record, reward_create, reward_redeem, reward_release, reward_validate
from tests.factories import CustomerFactory
from tests.loyalty.conftest import run_together

Kind = PointsEntry.Kind


def _with_points(points: int):
    customer = CustomerFactory()
    points_record(customer=customer, kind=Kind.EARN, points=points, key=f"order:{customer.pk}")
    return customer


@pytest.mark.django_db
def test_points_become_a_code_worth_one_per_hundred(settings):
    settings.LOYALTY_REWARD_VALID_DAYS = 90
    kari = _with_points(750)
    reward = reward_create(customer=kari, points=500)
    assert reward.value == Decimal("5.00") and reward.kind == Reward.Kind.FIXED
    assert len(reward.code) == 10
    assert timedelta(days=89) < reward.expires_at - timezone.now() <= timedelta(days=90)
    assert points_balance(customer=kari) == 250
    assert reward.entry.points == -500 and reward.entry.kind == Kind.REDEEM


@pytest.mark.django_db
@pytest.mark.parametrize("points", [0, -100, 150, 99])
def test_only_whole_steps_can_be_spent(points):
    kari = _with_points(1000)
    with pytest.raises(InvalidPoints):
        reward_create(customer=kari, points=points)
    assert points_balance(customer=kari) == 1000


@pytest.mark.django_db
def test_more_points_than_the_balance_is_refused():
    kari = _with_points(150)
    with pytest.raises(InsufficientPoints):
        reward_create(customer=kari, points=200)
    assert not Reward.objects.exists()


@pytest.mark.django_db
def test_a_code_is_used_once_and_only_by_its_customer():
    kari, ola = _with_points(300), CustomerFactory()
    code = reward_create(customer=kari, points=300).code

    with pytest.raises(RewardNotFound):
        reward_validate(code=code, customer=ola)
    typed = f" {code[:5].lower()}-{code[5:]} "
    assert reward_validate(code=typed, customer=kari).code == code
    assert reward_redeem(code=typed, customer=kari, order_number="W-1", order_total=Decimal("100")) == Decimal("3.00")
    # A retry of the same order gets the same discount; any other order is refused.
    assert reward_redeem(code=code, customer=kari, order_number="W-1", order_total=Decimal("100")) == Decimal("3.00")
    with pytest.raises(RewardUnavailable):
        reward_redeem(code=code, customer=kari, order_number="W-2", order_total=Decimal("100"))
    with pytest.raises(RewardUnavailable):
        reward_validate(code=code, customer=kari)


@pytest.mark.django_db
def test_the_discount_never_exceeds_the_order_and_percent_codes_work():
    kari = _with_points(1000)
    fixed = reward_create(customer=kari, points=1000)
    assert reward_redeem(code=fixed.code, order_number="S-1", order_total=Decimal("4.50")) == Decimal("4.50")
    entry = points_record(customer=kari, kind=Kind.ADJUST, points=1, key="x")[0]
    percent = Reward.objects.create(
        code="PERCENT10",
        customer=kari,
        kind=Reward.Kind.PERCENT,
        value=Decimal("10"),
        points_spent=0,
        entry=entry,
        expires_at=timezone.now() + timedelta(days=1),
    )
    assert reward_redeem(code=percent.code, order_number="S-2", order_total=Decimal("199.95")) == Decimal("20.00")


@pytest.mark.django_db
def test_an_expired_code_is_refused_and_a_cancelled_order_gives_the_code_back():
    kari = _with_points(200)
    expired = reward_create(customer=kari, points=100)
    Reward.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(RewardUnavailable):
        reward_redeem(code=expired.code, customer=kari, order_number="W-1", order_total=Decimal("50"))

    code = reward_create(customer=kari, points=100).code
    reward_redeem(code=code, customer=kari, order_number="W-2", order_total=Decimal("50"))
    assert reward_release(code=code, order_number="W-9") is False
    assert reward_release(code=code, order_number="W-2") is True
    assert reward_redeem(code=code, customer=kari, order_number="W-3", order_total=Decimal("50")) == Decimal("1.00")


@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_rewards_on_the_same_points_never_overdraw():
    kari = _with_points(300)

    results = run_together(10, lambda i: reward_create(customer=kari, points=100))

    made = [r for r in results if isinstance(r, Reward)]
    refused = [r for r in results if isinstance(r, InsufficientPoints)]
    assert (len(made), len(refused)) == (3, 7)
    assert points_balance(customer=kari) == 0
    ledger = PointsEntry.objects.filter(account=LoyaltyAccount.objects.get(customer=kari))
    assert ledger.aggregate(total=Sum("points"))["total"] == 0
    assert ledger.filter(kind=Kind.REDEEM).count() == Reward.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_redemptions_of_one_code_succeed_once():
    kari = _with_points(500)
    code = reward_create(customer=kari, points=500).code

    results = run_together(
        10, lambda i: reward_redeem(code=code, customer=kari, order_number=f"W-{i}", order_total=Decimal("80"))
    )

    assert [r for r in results if isinstance(r, Decimal)] == [Decimal("5.00")]
    assert sum(isinstance(r, RewardUnavailable) for r in results) == 9
    reward = Reward.objects.get(code=code)
    assert reward.redeemed_order_number in {f"W-{i}" for i in range(10)}
