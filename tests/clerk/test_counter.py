"""At the counter: create a customer nobody found, take an item off a wishlist, page through every order, reopen
the customers the clerk had open, and read money, phone and card numbers as people write them."""

import logging
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clerk.selectors import ORDERS_PER_PAGE
from clerk.views import RECENT_COUNT
from customers.models import Customer, TimelineEvent, WishlistItem
from customers.services import customer_merge
from tests.factories import (
    CustomerFactory,
    OrderFactory,
    OrderLineFactory,
    StaffFactory,
    UserFactory,
    VariantFactory,
    WishlistItemFactory,
)

pytestmark = pytest.mark.django_db

CREATE = "/clerk/customers/new/"


@pytest.fixture
def clerk_client(client, store):
    client.force_login(StaffFactory(username="clara", role="clerk", location=store))
    return client


@pytest.fixture
def kari(store):
    return CustomerFactory(
        first_name="Kari", last_name="Nordmann", email="kari@example.com", phone="+4722334455", home_store=store
    )


# Nobody found: create the customer on the spot


def test_no_match_offers_to_create_the_customer_with_what_was_typed(clerk_client):
    html = clerk_client.get("/clerk/", {"q": "ola@example.com"}).content.decode()

    assert "No customer found" in html
    assert f'action="{CREATE}"' in html
    assert re.search(r'name="email" id="id_email" value="ola@example.com"', html)


def test_a_typed_name_goes_into_the_name_fields():
    from clerk.forms import CustomerCreateForm

    assert CustomerCreateForm.initial_from_query(query="Ola Jakob Berg", kind="name") == {
        "first_name": "Ola Jakob",
        "last_name": "Berg",
    }


def test_clerk_creates_a_customer_with_consent_and_opens_the_profile(clerk_client, store):
    response = clerk_client.post(
        CREATE,
        {
            "first_name": "Ola",
            "last_name": "Berg",
            "email": "Ola@Example.com",
            "phone": "22 11 33 44",
            "marketing_consent": "on",
        },
    )

    ola = Customer.objects.get(email="ola@example.com")
    assert response.status_code == 302
    assert response["Location"] == ola.get_absolute_url()
    assert (ola.first_name, ola.last_name, ola.phone, ola.created_channel) == ("Ola", "Berg", "+4722113344", "store")
    assert ola.marketing_consent is True
    assert ola.marketing_consent_at is not None
    assert TimelineEvent.objects.filter(customer=ola, summary__contains=f"in store, {store.name}").exists()
    page = clerk_client.get(response["Location"]).content.decode()
    assert "Created Ola Berg" in page


def test_a_customer_created_at_the_counter_has_the_clerks_store_as_home_store(clerk_client, store):
    response = clerk_client.post(CREATE, {"first_name": "Ola", "phone": "22 11 33 44"})

    assert response.status_code == 302
    assert Customer.objects.get(phone="+4722113344").home_store == store


def test_a_create_that_fails_at_its_last_step_leaves_no_half_made_customer(clerk_client):
    class Refuse(logging.Handler):
        def emit(self, record):
            if record.getMessage() == "clerk customer create":
                raise RuntimeError("the last step failed")

    refuse = Refuse()
    logging.getLogger("clerk.views").addHandler(refuse)
    try:
        with pytest.raises(RuntimeError):
            clerk_client.post(CREATE, {"first_name": "Ola", "phone": "22 11 33 44", "marketing_consent": "on"})
    finally:
        logging.getLogger("clerk.views").removeHandler(refuse)

    assert not Customer.objects.exists()
    assert not TimelineEvent.objects.exists()


def test_created_customer_without_consent_gets_no_emails(clerk_client):
    clerk_client.post(CREATE, {"first_name": "Ola", "phone": "+47 22 11 33 44"})

    ola = Customer.objects.get(phone="+4722113344")
    assert ola.marketing_consent is False
    assert ola.email is None


def test_a_known_email_opens_that_customer_and_makes_no_duplicate(clerk_client, kari):
    response = clerk_client.post(CREATE, {"first_name": "Kari", "email": "KARI@example.com"}, follow=True)

    assert Customer.objects.count() == 1
    assert response.redirect_chain[-1][0] == kari.get_absolute_url()
    assert "already a customer" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"first_name": "Ola"}, "Give an email address or a phone number"),
        ({"first_name": "Ola", "phone": "12"}, "is not a phone number we can call"),
        ({"first_name": "Ola", "email": "ola@"}, "Enter a valid email address"),
        ({"email": "ola@example.com"}, "Write the customer&#x27;s name"),
    ],
)
def test_a_create_that_cannot_be_done_says_why_and_writes_nothing(clerk_client, data, message):
    response = clerk_client.post(CREATE, {"q": "ola", **data})

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "No customer found" in html  # still the lookup page, with the typed values kept
    assert 'aria-invalid="true"' in html or 'role="alert"' in html
    assert Customer.objects.count() == 0


def test_shoppers_cannot_create_customers(client):
    client.force_login(UserFactory())

    assert client.post(CREATE, {"first_name": "Ola", "email": "ola@example.com"}).status_code in (302, 403)
    assert Customer.objects.count() == 0


def test_create_is_post_only(clerk_client):
    assert clerk_client.get(CREATE).status_code == 405


# Take an item off the wishlist


def test_clerk_removes_a_wishlist_item(clerk_client, kari):
    boots = WishlistItemFactory(customer=kari, variant=VariantFactory(product__name="Trail boots", sku="BOOT-42"))
    scarf = WishlistItemFactory(customer=kari)

    response = clerk_client.post(reverse("clerk:wishlist-remove", args=[kari.pk, boots.variant_id]), follow=True)

    assert response.redirect_chain[-1][0] == kari.get_absolute_url()
    assert list(WishlistItem.objects.filter(customer=kari)) == [scarf]
    assert TimelineEvent.objects.filter(customer=kari, kind=TimelineEvent.Kind.WISHLIST_REMOVED).count() == 1
    wishlist = response.content.decode().split('id="wishlist"')[1]
    assert "Removed Trail boots" in wishlist


def test_removing_what_is_not_there_changes_nothing(clerk_client, kari):
    other = WishlistItemFactory()

    response = clerk_client.post(reverse("clerk:wishlist-remove", args=[kari.pk, other.variant_id]), follow=True)

    assert WishlistItem.objects.filter(pk=other.pk).exists()
    assert "was not on the wishlist" in response.content.decode()


def test_remove_is_post_only_and_for_staff(client, clerk_client, kari):
    item = WishlistItemFactory(customer=kari)
    url = reverse("clerk:wishlist-remove", args=[kari.pk, item.variant_id])

    assert clerk_client.get(url).status_code == 405
    client.logout()
    client.force_login(UserFactory())
    assert client.post(url).status_code in (302, 403)
    assert WishlistItem.objects.filter(pk=item.pk).exists()


# The whole order history, a page at a time


def _orders(customer, count: int) -> list[str]:
    numbers = []
    for n in range(count):
        order = OrderFactory(customer=customer, number=f"T-{customer.pk}-{n}")
        OrderLineFactory(order=order)
        numbers.append(order.number)
    return numbers


def test_every_order_can_be_reached_page_by_page(clerk_client, kari):
    numbers = _orders(kari, ORDERS_PER_PAGE * 2 + 3)
    url = reverse("clerk:customer-orders", args=[kari.pk])

    seen = []
    for page in (1, 2, 3):
        response = clerk_client.get(url, {"page": page})
        assert response.status_code == 200
        seen += [order.number for order in response.context["page"].object_list]

    assert sorted(seen) == sorted(numbers)
    assert len(set(seen)) == len(numbers)
    last = clerk_client.get(url, {"page": 3}).content.decode()
    assert "Page 3 of 3" in last and 'rel="prev"' in last and 'rel="next"' not in last


def test_customer_page_links_to_the_full_history(clerk_client, kari):
    _orders(kari, 12)

    html = clerk_client.get(kari.get_absolute_url()).content.decode()

    assert reverse("clerk:customer-orders", args=[kari.pk]) in html
    assert "All 12 orders" in html


def test_a_page_of_orders_costs_the_same_queries_however_long_the_history(
    clerk_client, kari, django_assert_max_num_queries
):
    small = CustomerFactory()
    _orders(small, 2)
    _orders(kari, ORDERS_PER_PAGE * 3)
    clerk_client.get(reverse("clerk:customer-orders", args=[small.pk]))

    with CaptureQueriesContext(connection) as baseline:
        clerk_client.get(reverse("clerk:customer-orders", args=[small.pk]))
    for page in (1, 3):
        with django_assert_max_num_queries(len(baseline.captured_queries)):
            response = clerk_client.get(reverse("clerk:customer-orders", args=[kari.pk]), {"page": page})
        assert len(response.context["page"].object_list) == ORDERS_PER_PAGE


def test_a_page_past_the_end_shows_the_last_page(clerk_client, kari):
    _orders(kari, 3)

    response = clerk_client.get(reverse("clerk:customer-orders", args=[kari.pk]), {"page": "99"})

    assert response.status_code == 200
    assert response.context["page"].number == 1


# The customers this clerk opened lately


def test_start_page_lists_the_customers_opened_lately_newest_first(clerk_client, kari):
    ola = CustomerFactory(first_name="Ola", last_name="Berg")
    for customer in (kari, ola, kari):
        clerk_client.get(customer.get_absolute_url())

    response = clerk_client.get("/clerk/")

    assert [c.pk for c in response.context["recent"]] == [kari.pk, ola.pk]
    assert "You opened lately" in response.content.decode()


def test_recent_customers_are_few_and_merged_ones_drop_out(clerk_client, kari):
    others = [CustomerFactory() for _ in range(RECENT_COUNT + 1)]
    for customer in others:
        clerk_client.get(customer.get_absolute_url())
    customer_merge(survivor=kari, merged=others[-1])

    recent = clerk_client.get("/clerk/").context["recent"]

    assert len(recent) == RECENT_COUNT - 1
    assert others[-1].pk not in [c.pk for c in recent]


def test_another_clerk_does_not_see_my_recent_customers(client, clerk_client, kari, store):
    clerk_client.get(kari.get_absolute_url())
    client.logout()
    client.force_login(StaffFactory(location=store))

    assert client.get("/clerk/").context["recent"] == []


# One format for money, phone and card numbers


def test_money_phone_and_card_are_written_for_reading(clerk_client, kari, settings):
    kari.card_number = "700012345674"
    kari.save()
    order = OrderFactory(customer=kari, total=Decimal("1299.50"), currency="NOK")
    OrderLineFactory(order=order, unit_price=Decimal("1299.50"))
    WishlistItemFactory(customer=kari, variant=VariantFactory(price=Decimal("2499")))

    html = clerk_client.get(kari.get_absolute_url()).content.decode()

    assert "NOK 1,299.50" in html
    assert "NOK 2,499.00" in html
    assert "+47 22 33 44 55" in html
    assert "7000 1234 5674" in html
    assert "floatformat" not in html and "1299.50" not in html
