"""Every channel earns through one service, once per completion; a return takes the points back pro rata."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from customers.models import Channel
from loyalty.exceptions import EarnNotFound, InvalidPoints, PointsKeyConflict
from loyalty.models import PointsEntry
from loyalty.selectors import points_balance
from loyalty.services import points_earn_for_purchase, points_record, points_reverse_for_return
from tests.factories import CustomerFactory, LocationFactory

pytestmark = pytest.mark.django_db
Kind = PointsEntry.Kind


def test_each_channel_credits_once_and_a_replay_credits_nothing(settings):
    settings.LOYALTY_POINTS_PER_UNIT = 1
    kari = CustomerFactory()
    LocationFactory(code="OSL1", name="Oslo Sentrum")
    sales = [
        dict(
            amount=Decimal("249.90"), key="order:S-1", channel=Channel.STORE, location_code="OSL1", order_number="S-1"
        ),
        dict(amount=Decimal("100.00"), key="order:W-2", channel=Channel.WEB, location_code="OSL1", order_number="W-2"),
        dict(amount=Decimal("80.50"), key="order:M-3", channel=Channel.MARKETPLACE, order_number="M-3"),
    ]
    for sale in sales:
        points_earn_for_purchase(customer=kari, **sale)
    assert points_balance(customer=kari) == 249 + 100 + 80

    for sale in sales:
        again = points_earn_for_purchase(customer=kari, **sale)
        assert again.key == sale["key"]
    assert points_balance(customer=kari) == 429
    store_sale = PointsEntry.objects.get(key="order:S-1")
    assert (store_sale.channel, store_sale.location_name, store_sale.order_number) == ("store", "Oslo Sentrum", "S-1")
    assert store_sale.amount == Decimal("249.90")


def test_a_replay_with_another_amount_or_customer_is_a_conflict():
    kari, ola = CustomerFactory(), CustomerFactory()
    points_earn_for_purchase(customer=kari, amount=Decimal("100"), key="order:W-1", channel=Channel.WEB)
    with pytest.raises(PointsKeyConflict):
        points_earn_for_purchase(customer=kari, amount=Decimal("101"), key="order:W-1", channel=Channel.WEB)
    with pytest.raises(PointsKeyConflict):
        points_earn_for_purchase(customer=ola, amount=Decimal("100"), key="order:W-1", channel=Channel.WEB)
    assert points_balance(customer=kari) == 100


def test_the_entry_is_dated_when_the_purchase_happened():
    kari = CustomerFactory()
    when = datetime(2025, 3, 14, 15, 30, tzinfo=ZoneInfo("Europe/Oslo"))
    entry = points_earn_for_purchase(
        customer=kari, amount=Decimal("10"), key="order:S-9", channel=Channel.STORE, occurred_at=when
    )
    assert entry.occurred_at == when
    assert entry.created_at.date() == timezone.now().date()


def test_nothing_to_earn_below_one_point_and_no_negative_amounts():
    kari = CustomerFactory()
    assert points_earn_for_purchase(customer=kari, amount=Decimal("0.99"), key="k1", channel=Channel.WEB) is None
    with pytest.raises(InvalidPoints):
        points_earn_for_purchase(customer=kari, amount=Decimal("-1"), key="k2", channel=Channel.WEB)
    assert not PointsEntry.objects.exists()


def test_a_higher_tier_earns_with_its_multiplier(settings):
    settings.LOYALTY_TIERS = [("Member", 0), ("Silver", 500), ("Gold", 1500)]
    settings.LOYALTY_TIER_MULTIPLIERS = {"Member": 1, "Silver": 1.5, "Gold": 2}
    kari = CustomerFactory()
    first = points_earn_for_purchase(customer=kari, amount=Decimal("500"), key="order:1", channel=Channel.WEB)
    second = points_earn_for_purchase(customer=kari, amount=Decimal("100"), key="order:2", channel=Channel.WEB)
    assert (first.points, second.points) == (500, 150)
    # A replay after the tier changed is still the same purchase: no conflict, no new points.
    assert points_earn_for_purchase(customer=kari, amount=Decimal("500"), key="order:1", channel=Channel.WEB) == first


def _earned(customer, points=200, key="order:W-1"):
    return points_earn_for_purchase(customer=customer, amount=Decimal(points), key=key, channel=Channel.WEB)


def test_a_return_reverses_pro_rata_and_never_more_than_was_earned():
    kari = CustomerFactory()
    _earned(kari, 200)

    first = points_reverse_for_return(
        customer=kari,
        original_key="order:W-1",
        returned_amount=Decimal("50"),
        original_amount=Decimal("200"),
        key="r:1",
    )
    assert first.points == -50 and first.shortfall == 0
    again = points_reverse_for_return(
        customer=kari,
        original_key="order:W-1",
        returned_amount=Decimal("50"),
        original_amount=Decimal("200"),
        key="r:1",
    )
    assert again.pk == first.pk
    rest = points_reverse_for_return(
        customer=kari,
        original_key="order:W-1",
        returned_amount=Decimal("200"),
        original_amount=Decimal("200"),
        key="r:2",
    )
    assert rest.points == -150
    assert points_balance(customer=kari) == 0
    assert rest.amount == Decimal("-200") and rest.source.key == "order:W-1"


def test_points_already_spent_stop_the_balance_at_zero_and_record_the_shortfall():
    kari = CustomerFactory()
    _earned(kari, 200)
    points_record(customer=kari, kind=Kind.REDEEM, points=-150, key="reward:A")

    entry = points_reverse_for_return(
        customer=kari,
        original_key="order:W-1",
        returned_amount=Decimal("200"),
        original_amount=Decimal("200"),
        key="r:1",
    )

    assert (entry.points, entry.shortfall) == (-50, 150)
    assert points_balance(customer=kari) == 0


def test_a_return_with_everything_spent_records_only_the_shortfall():
    kari = CustomerFactory()
    _earned(kari, 100)
    points_record(customer=kari, kind=Kind.REDEEM, points=-100, key="reward:A")
    entry = points_reverse_for_return(
        customer=kari,
        original_key="order:W-1",
        returned_amount=Decimal("40"),
        original_amount=Decimal("100"),
        key="r:1",
    )
    assert (entry.points, entry.shortfall) == (0, 40)
    assert points_balance(customer=kari) == 0


def test_a_return_of_an_unknown_purchase_or_a_bad_amount_is_refused():
    kari = CustomerFactory()
    _earned(kari, 100)
    with pytest.raises(EarnNotFound):
        points_reverse_for_return(
            customer=kari, original_key="order:X", returned_amount=Decimal("1"), original_amount=Decimal("1"), key="r:1"
        )
    with pytest.raises(InvalidPoints):
        points_reverse_for_return(
            customer=kari,
            original_key="order:W-1",
            returned_amount=Decimal("101"),
            original_amount=Decimal("100"),
            key="r:2",
        )


def test_a_return_lowers_the_spend_that_sets_the_tier(settings):
    from loyalty.selectors import loyalty_tier_for

    settings.LOYALTY_TIERS = [("Member", 0), ("Silver", 500)]
    kari = CustomerFactory()
    _earned(kari, 600)
    assert loyalty_tier_for(customer=kari).name == "Silver"
    points_reverse_for_return(
        customer=kari,
        original_key="order:W-1",
        returned_amount=Decimal("200"),
        original_amount=Decimal("600"),
        key="r:1",
    )
    assert loyalty_tier_for(customer=kari).name == "Member"
    assert loyalty_tier_for(customer=kari, at=timezone.now() - timedelta(days=1)).spend == 0
