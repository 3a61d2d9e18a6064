"""Design question 1, the store's half: a pay-at-pickup order is made ready by the clerk, the shopper sees the code
and QR, and the clerk types the code, takes payment and hands it over; stock and messages follow."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from core.models import OutboxMessage
from customers.models import Customer
from customers.sms import outbox as sms_outbox
from inventory.models import StockLevel
from orders.models import Order
from pickup.checkout import checkout_place
from pickup.models import Pickup
from tests.customers.factories import shopper
from tests.factories import LocationFactory, StaffFactory, StockLevelFactory, VariantFactory
from tests.orders.conftest import cart_with, open_every_day

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def _log_in_staff(page, live_server, username):
    page.goto(live_server.url + "/clerk/pickups/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("form [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/clerk/pickups/$"))


def test_clerk_readies_shopper_sees_code_clerk_takes_payment_and_hands_over(browser, live_server, settings):
    settings.SMS_BACKEND = "customers.sms.LocmemSmsBackend"
    sms_outbox.clear()
    store = open_every_day(LocationFactory(code="OSL1", name="Oslo Sentrum", address_line="Karl Johans gate 1"))
    StaffFactory(username="clara", role="clerk", location=store)
    lamp = VariantFactory(product__name="Brass desk lamp", price="799.00")
    mug = VariantFactory(product__name="Stoneware mug", price="129.00")
    StockLevelFactory(location=store, variant=lamp, on_hand=4)
    StockLevelFactory(location=store, variant=mug, on_hand=6)
    user, customer = shopper("kari@example.com")
    Customer.objects.filter(pk=customer.pk).update(phone="+4791234567")
    order = checkout_place(
        cart=cart_with([(lamp, 1), (mug, 2)], customer=customer),
        email="kari@example.com",
        name="Kari Nordmann",
        customer=Customer.objects.get(pk=customer.pk),
        fulfilment="pickup",
        location=store,
        payment_method="pay_at_pickup",
    )

    clerk_page = browser.new_context(viewport={"width": 820, "height": 1180}, has_touch=True).new_page()
    _log_in_staff(clerk_page, live_server, "clara")
    row = clerk_page.locator(f"#pickup-{order.number}")
    expect(row).to_contain_text("Pay at pickup")
    row.get_by_role("button", name=f"Mark {order.number} ready").click()
    expect(clerk_page.locator(".messages")).to_contain_text("ready; the customer has been told")
    pickup = Pickup.objects.get(order=order)
    assert pickup.status == "ready"

    shopper_page = browser.new_context().new_page()
    shopper_page.goto(live_server.url + "/accounts/login/")
    shopper_page.fill("input[name=login]", "kari@example.com")
    shopper_page.fill("input[name=password]", PASSWORD)
    shopper_page.locator("main form [type=submit]").click()
    shopper_page.goto(f"{live_server.url}/account/orders/{order.number}/")
    expect(shopper_page.locator("#pickup-code")).to_have_text(pickup.code)
    expect(shopper_page.locator(".pickup-qr svg")).to_be_visible()
    expect(shopper_page.locator("main")).to_contain_text("Karl Johans gate 1")

    clerk_page.get_by_role("link", name="Hand over: type or scan a code").click()
    clerk_page.get_by_label("Pickup code").fill(pickup.code.lower())
    clerk_page.get_by_role("button", name="Find").click()
    expect(clerk_page.locator("#payment-state")).to_contain_text("Not paid: NOK 1,057.00")
    expect(clerk_page.locator("#counter")).to_contain_text("Stoneware mug")
    clerk_page.get_by_label("Cash").check()
    clerk_page.get_by_role("button", name="Payment taken: hand over").click()
    expect(clerk_page.locator(".messages")).to_contain_text(f"{order.number} handed over to Kari Nordmann")

    order.refresh_from_db()
    assert order.status == "completed" and order.payment_method == "cash" and order.payment_status == "paid"
    assert Pickup.objects.get(order=order).handed_over_by.username == "clara"
    lamp_level = StockLevel.objects.get(location=store, variant=lamp)
    mug_level = StockLevel.objects.get(location=store, variant=mug)
    assert (lamp_level.on_hand, lamp_level.reserved) == (3, 0)
    assert (mug_level.on_hand, mug_level.reserved) == (4, 0)
    assert OutboxMessage.objects.filter(key=f"pickup-ready:{pickup.pk}", sent_at__isnull=False).exists()
    assert OutboxMessage.objects.filter(
        key=f"pickup-ready-sms:{pickup.pk}", channel="sms", sent_at__isnull=False
    ).exists()
    assert [m for m in mail.outbox if pickup.code in m.body and order.number in m.subject]
    assert [s for s in sms_outbox if pickup.code in s["body"] and s["to"] == "+4791234567"]
    assert Order.objects.filter(number=order.number, events__note__startswith="Paid at the counter").exists()
