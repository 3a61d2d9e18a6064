"""The pickup desk's rules, through its services, on real PostgreSQL: codes, steps, handover, refusals, expiry."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from core.models import OutboxMessage
from customers.sms import outbox as sms_outbox
from inventory.models import Reservation, StockLevel
from orders.exceptions import IllegalTransition
from orders.models import Order
from orders.services import (
    order_cancel,
    order_payment_at_counter,
    order_transition,
    orders_expire_unpaid,
)
from pickup import selectors, services
from pickup.checkout import checkout_place
from pickup.exceptions import (
    PaymentRequired,
    PickupAwaitsTransfer,
    PickupCodeNotFound,
    PickupNotReady,
    TooManyCodeAttempts,
)
from pickup.hold import pickup_hold_end
from pickup.models import CodeAttempt, Pickup
from tests.factories import LocationFactory, StaffFactory, StockLevelFactory
from tests.pickup.conftest import place
from transfers.services import transfer_receive, transfer_ship

pytestmark = pytest.mark.django_db


def _level(shop, variant="jacket"):
    return StockLevel.objects.get(location=shop["store"], variant=shop[variant])


def test_placing_a_pickup_order_opens_a_pickup_with_a_code_from_the_unambiguous_alphabet(shop):
    pickup = place(shop)
    assert pickup.status == "placed" and pickup.location == shop["store"]
    assert len(pickup.code) == 6 and set(pickup.code) <= set(services.CODE_ALPHABET)
    assert not set(pickup.code) & set("0O1IL")
    assert pickup.ready_by == pickup.order.ready_at


def test_a_shipped_order_has_no_pickup(shop):
    from tests.orders.conftest import cart_with

    order = checkout_place(
        cart=cart_with([(shop["cap"], 1)]),
        email="a@example.com",
        fulfilment="ship",
        payment_method="card",
        address={"name": "A", "line1": "B 1", "postal_code": "0150", "city": "Oslo"},
    )
    assert not Pickup.objects.filter(order=order).exists()


def test_codes_are_unique_among_open_pickups_of_a_store_by_constraint(shop):
    from django.db import IntegrityError, transaction

    first, second = place(shop), place(shop)
    with pytest.raises(IntegrityError), transaction.atomic():
        Pickup.objects.filter(pk=second.pk).update(code=first.code)
    Pickup.objects.filter(pk=first.pk).update(status="collected")
    Pickup.objects.filter(pk=second.pk).update(code=first.code)  # a closed pickup's code may come back


def test_pickup_follows_each_step_and_ready_sends_email_and_sms_through_the_outbox(
    shop, clerk, mailoutbox, django_capture_on_commit_callbacks
):
    pickup = place(shop)
    pickup = services.pickup_start_picking(pickup=pickup, actor=clerk)
    assert pickup.status == "picking" and pickup.order.status == "picking"
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        pickup = services.pickup_mark_ready(pickup=pickup, actor=clerk)
    assert pickup.status == "ready" and pickup.order.status == "ready"
    assert pickup.ready_at >= before
    assert pickup.hold_until == pickup_hold_end(location=shop["store"], ready_at=pickup.ready_at, days=3)
    keys = set(OutboxMessage.objects.values_list("key", flat=True))
    assert {f"pickup-ready:{pickup.pk}", f"pickup-ready-sms:{pickup.pk}"} <= keys
    [ready] = [m for m in mailoutbox if "ready for pickup" in m.subject]
    assert pickup.code in ready.body and "Oslo Sentrum" in ready.body
    assert any(part.get("Content-ID") == "<pickup-qr>" for part in ready.attachments if hasattr(part, "get"))
    assert [s for s in sms_outbox if pickup.code in s["body"] and s["to"] == "+4791234567"]


@pytest.mark.parametrize(
    ("steps", "to", "message"),
    [
        ([], "completed", "placed; it cannot become completed"),
        (["cancelled"], "ready", "cancelled; it cannot become ready for pickup"),
        (["picking", "ready", "completed"], "cancelled", "completed; it cannot become cancelled"),
        (["picking", "ready"], "picking", "ready for pickup; it cannot become being picked"),
    ],
)
def test_every_illegal_step_is_refused_with_a_clear_message_and_the_pickup_stays(shop, steps, to, message):
    pickup = place(shop)
    for step in steps:
        if step == "completed":
            order_payment_at_counter(order=pickup.order, method="cash")
        order_transition(order=pickup.order, to=step)
    pickup.refresh_from_db()
    status = pickup.status
    with pytest.raises(IllegalTransition) as refused:
        order_transition(order=pickup.order, to=to)
    assert message in refused.value.message
    pickup.refresh_from_db()
    assert pickup.status == status


def test_only_a_ready_pickup_is_handed_over(shop, clerk):
    pickup = place(shop)
    with pytest.raises(PickupNotReady, match="only a ready pickup"):
        services.pickup_collect(pickup=pickup, actor=clerk, payment="cash")
    assert Order.objects.get(pk=pickup.order_id).status == "placed"


def test_handover_of_pay_at_pickup_takes_payment_first_then_fulfils_and_completes(shop, clerk, ledger_ok):
    pickup = place(shop, quantity=2)
    pickup = services.pickup_mark_ready(pickup=pickup, actor=clerk)
    with pytest.raises(PaymentRequired, match="not paid yet"):
        services.pickup_collect(pickup=pickup, actor=clerk)
    assert _level(shop).reserved == 2
    pickup = services.pickup_collect(pickup=pickup, actor=clerk, payment="card")
    order = Order.objects.get(pk=pickup.order_id)
    assert pickup.status == "collected" and pickup.handed_over_by == clerk and pickup.collected_at
    assert order.status == "completed" and order.payment_status == "paid"
    assert order.payment_method == "card_present" and order.amount_paid == Decimal("998.00")
    level = _level(shop)
    assert (level.on_hand, level.reserved) == (3, 0)
    assert order.events.filter(note__startswith="Paid at the counter (card in store)", actor=clerk).exists()
    ledger_ok()


def test_a_refused_line_goes_back_on_the_shelf_and_the_total_drops(shop, clerk, ledger_ok):
    pickup = place(shop, items=[(shop["jacket"], 1), (shop["cap"], 2)])
    pickup = services.pickup_mark_ready(pickup=pickup, actor=clerk)
    cap_line = pickup.order.lines.get(sku=shop["cap"].sku)
    pickup = services.pickup_collect(pickup=pickup, actor=clerk, payment="cash", refused_line_ids=[cap_line.pk])
    order = Order.objects.get(pk=pickup.order_id)
    assert order.total == order.subtotal == Decimal("499.00") and order.amount_paid == Decimal("499.00")
    assert order.status == "completed"
    cap = _level(shop, "cap")
    jacket = _level(shop, "jacket")
    assert (cap.on_hand, cap.reserved) == (5, 0)
    assert (jacket.on_hand, jacket.reserved) == (4, 0)
    assert order.events.filter(note__contains="Refused at pickup: 2 ×").exists()
    ledger_ok()


def test_refusing_every_line_is_refused(shop, clerk):
    pickup = services.pickup_mark_ready(pickup=place(shop), actor=clerk)
    line = pickup.order.lines.get()
    with pytest.raises(Exception, match="cancel the order instead"):
        services.pickup_collect(pickup=pickup, actor=clerk, payment="cash", refused_line_ids=[line.pk])
    assert _level(shop).reserved == 1


def test_counter_payment_is_recorded_once(shop):
    pickup = place(shop)
    order_payment_at_counter(order=pickup.order, method="cash")
    with pytest.raises(Exception, match="already paid"):
        order_payment_at_counter(order=pickup.order, method="cash")
    with pytest.raises(Exception, match="cash or card_present"):
        order_payment_at_counter(order=place(shop).order, method="bitcoin")


def test_cancelling_the_order_anywhere_cancels_the_pickup(shop):
    pickup = place(shop)
    order_cancel(order=pickup.order, note="Admin")
    pickup.refresh_from_db()
    assert pickup.status == "cancelled"


def test_an_unpaid_card_order_that_expires_expires_its_pickup(shop):
    pickup = place(shop, payment="card")
    assert pickup.status == "pending"
    orders_expire_unpaid(now=timezone.now() + timedelta(hours=2))
    pickup.refresh_from_db()
    assert pickup.status == "expired"


# ---- The code at the counter ----


def test_a_code_matches_an_open_pickup_at_the_clerks_store_whatever_the_case_or_spaces(shop, clerk):
    pickup = place(shop)
    typed = f" {pickup.code[:3].lower()}-{pickup.code[3:]} "
    assert services.pickup_find_by_code(code=typed, location=shop["store"], user=clerk) == pickup


def test_a_code_from_another_store_does_not_match(shop, clerk):
    bergen = LocationFactory(code="BGO1", name="Bergen")
    from tests.orders.conftest import open_every_day

    open_every_day(bergen)
    StockLevelFactory(location=bergen, variant=shop["jacket"], on_hand=3)
    theirs = place(shop, location=bergen)
    with pytest.raises(PickupCodeNotFound):
        services.pickup_find_by_code(code=theirs.code, location=shop["store"], user=clerk)
    assert CodeAttempt.objects.filter(user=clerk).count() == 1


def test_a_collected_pickups_code_no_longer_matches(shop, clerk):
    pickup = services.pickup_mark_ready(pickup=place(shop), actor=clerk)
    services.pickup_collect(pickup=pickup, actor=clerk, payment="cash")
    with pytest.raises(PickupCodeNotFound):
        services.pickup_find_by_code(code=pickup.code, location=shop["store"], user=clerk)


def test_wrong_codes_are_limited_per_clerk_then_even_the_right_code_is_refused(shop, clerk, settings, caplog):
    settings.PICKUP_CODE_ATTEMPTS = 3
    pickup = place(shop)
    for _ in range(3):
        with pytest.raises(PickupCodeNotFound):
            services.pickup_find_by_code(code="ZZZZZZ", location=shop["store"], user=clerk, ip="10.0.0.9")
    with pytest.raises(TooManyCodeAttempts):
        services.pickup_find_by_code(code=pickup.code, location=shop["store"], user=clerk, ip="10.0.0.9")
    assert "pickup code attempts limited" in caplog.text
    colleague = StaffFactory(role="clerk", location=shop["store"])
    assert services.pickup_find_by_code(code=pickup.code, location=shop["store"], user=colleague) == pickup


def test_wrong_codes_are_limited_per_store_across_clerks(shop, settings):
    settings.PICKUP_CODE_ATTEMPTS = 2
    clerks = [StaffFactory(role="clerk", location=shop["store"]) for _ in range(4)]
    for user in clerks[:3]:
        for _ in range(2):
            with pytest.raises(PickupCodeNotFound):
                services.pickup_find_by_code(code="ZZZZZZ", location=shop["store"], user=user)
    with pytest.raises(TooManyCodeAttempts):
        services.pickup_find_by_code(code="ZZZZZZ", location=shop["store"], user=clerks[3])


def test_old_wrong_codes_no_longer_count(shop, clerk, settings):
    settings.PICKUP_CODE_ATTEMPTS = 1
    with pytest.raises(PickupCodeNotFound):
        services.pickup_find_by_code(code="ZZZZZZ", location=shop["store"], user=clerk)
    CodeAttempt.objects.update(at=timezone.now() - timedelta(minutes=11))
    with pytest.raises(PickupCodeNotFound):
        services.pickup_find_by_code(code="ZZZZZZ", location=shop["store"], user=clerk)


# ---- Reminder and expiry ----


def test_one_reminder_goes_out_before_the_hold_ends(shop, clerk, django_capture_on_commit_callbacks):
    pickup = services.pickup_mark_ready(pickup=place(shop), actor=clerk)
    assert services.pickup_reminders_send(now=timezone.now()) == 0
    near_end = pickup.hold_until - timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.pickup_reminders_send(now=near_end) == 1
    assert services.pickup_reminders_send(now=near_end) == 0
    assert OutboxMessage.objects.filter(key=f"pickup-reminder:{pickup.pk}").count() == 1
    assert [m for m in mail.outbox if m.subject.endswith("is waiting for you")]


def test_expiry_releases_the_stock_tells_the_shopper_and_leaves_fresh_pickups(
    shop, clerk, ledger_ok, django_capture_on_commit_callbacks
):
    old = services.pickup_mark_ready(pickup=place(shop, quantity=2), actor=clerk)
    fresh = services.pickup_mark_ready(pickup=place(shop), actor=clerk)
    Pickup.objects.filter(pk=old.pk).update(hold_until=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.pickups_expire(now=timezone.now()) == [old.order.number]
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == "expired" and Order.objects.get(pk=old.order_id).status == "expired"
    assert fresh.status == "ready"
    assert _level(shop).reserved == 1
    assert not Reservation.objects.filter(reference=old.order.number, status="open").exists()
    assert [m for m in mail.outbox if "was not collected" in m.subject]
    assert services.pickups_expire(now=timezone.now()) == []
    with pytest.raises(PickupNotReady, match="expired"):
        services.pickup_collect(pickup=old, actor=clerk, payment="cash")
    ledger_ok()


def test_the_admin_lists_pickups_with_filters_and_marks_them_ready(client, shop, clerk):
    from django.contrib.auth.models import Permission

    pickup = place(shop)
    clerk.user_permissions.add(*Permission.objects.filter(content_type__app_label="pickup"))
    client.force_login(clerk)
    listing = client.get("/admin/pickup/pickup/", {"status__exact": "placed"})
    assert listing.status_code == 200 and pickup.order.number in listing.content.decode()
    step = {"action": "mark_ready", "_selected_action": [pickup.pk]}
    assert client.post("/admin/pickup/pickup/", step).status_code == 200  # asks first
    client.post("/admin/pickup/pickup/", {**step, "post": "yes"})
    pickup.refresh_from_db()
    assert pickup.status == "ready"


# Ship to store: nothing to pick at the store until the transfer has arrived


def test_a_ship_to_store_pickup_is_neither_picked_nor_made_ready_before_its_transfer_arrives(shop, clerk):
    pickup = place(shop, quantity=8)  # the store has 5: all 8 come from the warehouse
    transfer = pickup.order.transfer

    for step in (services.pickup_start_picking, services.pickup_mark_ready):
        with pytest.raises(PickupAwaitsTransfer) as refused:
            step(pickup=pickup, actor=clerk)
        assert transfer.number in refused.value.message

    assert Pickup.objects.get(pk=pickup.pk).status == "placed"
    assert selectors.pickup_steps(pickup=selectors.pickups_for_staff().get(pk=pickup.pk)) == ["cancel"]


def test_once_its_transfer_has_arrived_a_ship_to_store_pickup_is_picked_and_made_ready(shop, clerk):
    pickup = place(shop, quantity=8)
    transfer_receive(transfer=transfer_ship(transfer=pickup.order.transfer))

    assert selectors.pickup_steps(pickup=selectors.pickups_for_staff().get(pk=pickup.pk)) == [
        "picking",
        "ready",
        "cancel",
    ]
    services.pickup_start_picking(pickup=pickup, actor=clerk)
    services.pickup_mark_ready(pickup=pickup, actor=clerk)

    assert Pickup.objects.get(pk=pickup.pk).status == "ready"
