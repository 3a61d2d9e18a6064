"""The customer staff console: nobody attaches a web account by hand without a reason, merges say who is who."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from customers.models import Customer, TimelineEvent
from tests.factories import CustomerFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/customers/customer/"


def _change_form(customer, **changes):
    data = {
        "first_name": customer.first_name,
        "last_name": customer.last_name,
        "email": customer.email or "",
        "phone": customer.phone or "",
        "home_store": "",
        "wishlist_items-TOTAL_FORMS": "0",
        "wishlist_items-INITIAL_FORMS": "0",
        "timeline-TOTAL_FORMS": "0",
        "timeline-INITIAL_FORMS": "0",
        **changes,
    }
    return data


# ---- Web accounts ----


def test_a_clerk_cannot_attach_a_web_account_to_a_customer(client, store):
    customer = CustomerFactory(first_name="Kari")
    stranger = UserFactory()
    client.force_login(StaffFactory(role="clerk", location=store))
    url = reverse("admin:customers_customer_change", args=[customer.pk])

    page = client.get(url).content.decode()
    saved = client.post(url, _change_form(customer, first_name="Kari Anne", user=str(stranger.pk)))

    assert 'name="user"' not in page
    assert saved.status_code == 302
    customer.refresh_from_db()
    assert (customer.first_name, customer.user_id) == ("Kari Anne", None)


def test_a_store_manager_is_not_offered_linking_an_account(client, store):
    customer = CustomerFactory()
    stranger = UserFactory()
    client.force_login(StaffFactory(role="store manager", location=store))

    page = client.get(CHANGELIST).content.decode()
    client.post(
        CHANGELIST,
        {
            "action": "link_account",
            "_selected_action": [customer.pk],
            "apply": "yes",
            "account": stranger.username,
            "reason": "asked",
        },
    )

    assert 'value="link_account"' not in page
    customer.refresh_from_db()
    assert customer.user_id is None


def test_an_admin_links_an_account_only_with_a_reason_that_goes_on_the_timeline(admin_client):
    customer = CustomerFactory()
    shopper = UserFactory(username="kari-web", email="kari.new@example.com")
    data = {
        "action": "link_account",
        "_selected_action": [customer.pk],
        "apply": "yes",
        "account": "KARI.NEW@example.com",
    }

    without = admin_client.post(CHANGELIST, {**data, "reason": ""})
    done = admin_client.post(CHANGELIST, {**data, "reason": "Showed ID at the counter; email changed since"})

    assert without.status_code == 200 and "This field is required" in without.content.decode()
    assert done.status_code == 302
    customer.refresh_from_db()
    assert customer.user == shopper
    event = customer.timeline.get(kind=TimelineEvent.Kind.ACCOUNT_LINKED)
    assert "kari-web" in event.summary and "Showed ID at the counter" in event.summary and "admin" in event.summary


def test_an_account_that_already_has_a_customer_is_not_linked_twice(admin_client):
    shopper = UserFactory()
    CustomerFactory(user=shopper)
    other = CustomerFactory()

    response = admin_client.post(
        CHANGELIST,
        {
            "action": "link_account",
            "_selected_action": [other.pk],
            "apply": "yes",
            "account": shopper.username,
            "reason": "x",
        },
    )

    assert "already belongs to another customer" in " ".join(str(m) for m in response.wsgi_request._messages)
    other.refresh_from_db()
    assert other.user_id is None


# ---- Merge ----


@pytest.fixture
def manager_client(client, store):
    client.force_login(StaffFactory(role="store manager", location=store))
    return client


def _merge_page(client, *customers):
    return client.post(
        CHANGELIST, {"action": "merge_selected", "_selected_action": [c.pk for c in customers]}
    ).content.decode()


def _checked(page: str) -> int:
    marker = page.index("checked")
    start = page.rindex('value="', 0, marker) + len('value="')
    return int(page[start : page.index('"', start)])


def test_merge_suggests_keeping_the_profile_with_a_web_account(manager_client):
    shop = CustomerFactory(first_name="Lars", last_name="Jacobsen")
    web = CustomerFactory(first_name="Lars", last_name="Jacobsen", user=UserFactory())

    assert _checked(_merge_page(manager_client, shop, web)) == web.pk


def test_merge_suggests_the_older_profile_when_neither_has_an_account(manager_client):
    older = CustomerFactory()
    newer = CustomerFactory()
    Customer.objects.filter(pk=newer.pk).update(created_at=older.created_at.replace(year=older.created_at.year - 1))

    assert _checked(_merge_page(manager_client, older, newer)) == newer.pk


def test_merge_warns_when_emails_or_phones_differ(manager_client):
    a = CustomerFactory(email="lars@example.com", phone="+4791234567")
    b = CustomerFactory(email="lars.j@work.example", phone="+4798765432")
    same = CustomerFactory(email=None, phone=None)

    page = _merge_page(manager_client, a, b)

    assert "The emails differ" in page and "The phone numbers differ (91 23 45 67 and 98 76 54 32)" in page
    assert "differ" not in _merge_page(manager_client, a, same)


def test_merge_message_tells_two_namesakes_apart(manager_client):
    web = CustomerFactory(first_name="Lars", last_name="Jacobsen", card_number="700011112222", user=UserFactory())
    shop = CustomerFactory(first_name="Lars", last_name="Jacobsen", card_number="700033334444")

    done = manager_client.post(
        CHANGELIST,
        {"action": "merge_selected", "_selected_action": [web.pk, shop.pk], "confirm": "yes", "survivor": web.pk},
    )

    messages = [str(m) for m in done.wsgi_request._messages]
    assert (
        "Lars Jacobsen (card 7000 3333 4444) was merged into Lars Jacobsen (card 7000 1111 2222); nothing was lost."
        in messages
    )


# ---- The list ----


def test_list_shows_phone_and_card_numbers_for_reading(manager_client):
    CustomerFactory(phone="+4722334455", card_number="700012345674")

    page = manager_client.get(CHANGELIST).content.decode()

    assert "22 33 44 55" in page and "7000 1234 5674" in page


def test_customer_list_asks_the_same_number_of_queries_for_2_or_20_rows(
    manager_client, store, django_assert_max_num_queries
):
    for _ in range(2):
        CustomerFactory(home_store=store, user=UserFactory())
    with CaptureQueriesContext(connection) as small:
        assert manager_client.get(CHANGELIST).status_code == 200
    for _ in range(18):
        CustomerFactory(home_store=store, user=UserFactory())

    with django_assert_max_num_queries(len(small.captured_queries)):
        page = manager_client.get(CHANGELIST)

    assert page.content.count(b'class="action-select"') == 20
