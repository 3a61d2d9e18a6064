"""Marketing consent changes one way, whoever changes it: locked, timestamped and told in the customer's timeline."""

import threading

import pytest
from django.db import connection, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from customers.models import Customer, TimelineEvent
from customers.services import customer_set_consent, customer_update_profile
from tests.customers.factories import shopper
from tests.factories import CustomerFactory, api_token_key


def consent_events(customer) -> list[tuple[str, str]]:
    return list(
        TimelineEvent.objects.filter(customer=customer, summary__startswith="Marketing emails")
        .order_by("pk")
        .values_list("summary", "channel")
    )


def _change_form(customer, **changes):
    return {
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


# ---- The staff console ----


@pytest.mark.django_db
def test_consent_given_in_the_staff_console_is_timestamped_and_on_the_timeline(admin_client, admin_user):
    customer = CustomerFactory(first_name="Kari", marketing_consent=False)
    url = reverse("admin:customers_customer_change", args=[customer.pk])

    saved = admin_client.post(url, _change_form(customer, marketing_consent="on"))

    assert saved.status_code == 302
    customer.refresh_from_db()
    assert customer.marketing_consent and customer.marketing_consent_at
    who = admin_user.get_username()
    assert consent_events(customer) == [(f"Marketing emails turned on (by {who} in the staff console)", "")]


@pytest.mark.django_db
def test_consent_withdrawn_in_the_staff_console_is_on_the_timeline(admin_client, admin_user):
    customer = CustomerFactory(marketing_consent=True)
    url = reverse("admin:customers_customer_change", args=[customer.pk])

    admin_client.post(url, _change_form(customer))  # an unticked box is not sent

    customer.refresh_from_db()
    assert not customer.marketing_consent and customer.marketing_consent_at
    who = admin_user.get_username()
    assert consent_events(customer) == [(f"Marketing emails turned off (by {who} in the staff console)", "")]


@pytest.mark.django_db
def test_other_changes_in_the_staff_console_leave_consent_and_its_timeline_alone(admin_client):
    customer = CustomerFactory(first_name="Kari", marketing_consent=True)
    url = reverse("admin:customers_customer_change", args=[customer.pk])

    admin_client.post(url, _change_form(customer, first_name="Kari Anne", marketing_consent="on"))

    customer.refresh_from_db()
    assert (customer.first_name, customer.marketing_consent) == ("Kari Anne", True)
    assert consent_events(customer) == []


@pytest.mark.django_db
def test_a_customer_added_in_the_staff_console_with_consent_has_it_on_the_timeline(admin_client, admin_user):
    added = admin_client.post(
        reverse("admin:customers_customer_add"),
        _change_form(Customer(first_name="Ola", email="ola@example.com"), marketing_consent="on"),
    )

    assert added.status_code == 302
    customer = Customer.objects.get(email="ola@example.com")
    assert customer.marketing_consent and customer.marketing_consent_at and customer.card_number
    who = admin_user.get_username()
    assert consent_events(customer) == [(f"Marketing emails turned on (by {who} in the staff console)", "")]


# ---- The app and the account page ----


@pytest.mark.django_db
def test_the_app_changes_consent_with_a_timeline_entry_and_leaves_it_alone_when_not_asked():
    user, customer = shopper("kari@example.com")
    app = APIClient()
    app.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(user)}")

    turned_on = app.patch("/api/v1/me/", {"marketing_consent": True}, format="json")
    renamed = app.patch("/api/v1/me/", {"first_name": "Kari"}, format="json")

    assert turned_on.status_code == renamed.status_code == 200
    assert turned_on.json()["marketing_consent"] is True and turned_on.json()["marketing_consent_at"]
    assert renamed.json()["marketing_consent"] is True
    assert consent_events(customer) == [("Marketing emails turned on", "app")]


@pytest.mark.django_db
def test_saving_the_profile_page_again_records_no_second_consent_event(client):
    user, customer = shopper("kari@example.com")
    client.force_login(user)

    for _ in range(2):
        client.post(reverse("storefront:profile"), {"first_name": "Kari", "marketing_consent": "on"})

    assert consent_events(customer) == [("Marketing emails turned on", "web")]


# ---- Two answers at once ----


@pytest.mark.django_db(transaction=True)
def test_a_profile_save_waits_for_a_consent_change_in_progress_and_records_no_second_one():
    customer = CustomerFactory(first_name="Kari", marketing_consent=False)
    stale = Customer.objects.get(pk=customer.pk)  # the profile page read it before the clerk's answer
    answers = []

    def profile_save():
        try:
            updated = customer_update_profile(
                customer=stale, first_name="Kari", last_name="", phone=None, home_store=None, marketing_consent=True
            )
            answers.append(updated.marketing_consent)
        finally:
            connection.close()

    with transaction.atomic():
        assert customer_set_consent(customer=customer, consent=True, channel="store", how="in store")
        other = threading.Thread(target=profile_save)
        other.start()
        other.join(0.5)
        assert other.is_alive()  # waiting for the customer row the clerk's answer holds
    other.join(10)

    assert answers == [True]
    assert consent_events(customer) == [("Marketing emails turned on (in store)", "store")]
