"""Marketing consent is recorded at sign-up (once verified), on the account page and by a clerk; each change is
timestamped and in the customer's timeline."""

import re

import pytest
from django.urls import reverse

from customers.models import Customer, TimelineEvent
from tests.customers.factories import shopper
from tests.factories import CustomerFactory, StaffFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-Unusual-passphrase-42"


def consent_events(customer):
    return list(
        TimelineEvent.objects.filter(customer=customer, summary__startswith="Marketing emails").values_list(
            "summary", "channel"
        )
    )


def _sign_up_and_verify(client, capture, mailoutbox, **extra):
    with capture(execute=True):
        client.post(
            reverse("account_signup"),
            {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD, **extra},
        )
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mailoutbox[-1].body).group(1)
    assert not Customer.objects.filter(email="new@example.com", marketing_consent=True).exists()
    with capture(execute=True):
        client.post(link)
    return Customer.objects.get(email="new@example.com")


def test_consent_ticked_at_sign_up_counts_once_the_email_is_verified(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    assert 'name="marketing_consent"' in client.get(reverse("account_signup")).content.decode()
    customer = _sign_up_and_verify(client, django_capture_on_commit_callbacks, mailoutbox, marketing_consent="on")
    assert customer.marketing_consent and customer.marketing_consent_at
    assert consent_events(customer) == [("Marketing emails turned on (at sign-up)", "web")]


def test_sign_up_without_the_box_gives_no_consent(client, mailoutbox, django_capture_on_commit_callbacks):
    customer = _sign_up_and_verify(client, django_capture_on_commit_callbacks, mailoutbox)
    assert not customer.marketing_consent and consent_events(customer) == []


def test_account_page_records_consent_in_the_timeline(client):
    user, customer = shopper("kari@example.com")
    client.force_login(user)
    client.post(reverse("storefront:profile"), {"first_name": "Kari", "marketing_consent": "on"})
    customer.refresh_from_db()
    assert customer.marketing_consent and customer.marketing_consent_at
    assert consent_events(customer) == [("Marketing emails turned on", "web")]


def test_clerk_records_consent_at_the_counter(client, store):
    clerk = StaffFactory(username="clara", role="clerk", location=store)
    client.force_login(clerk)
    customer = CustomerFactory()
    page = client.get(reverse("clerk:customer", args=[customer.pk])).content.decode()
    assert "Customer agrees to offers and news by email" in page

    client.post(reverse("clerk:consent", args=[customer.pk]), {"marketing_consent": "yes"})
    customer.refresh_from_db()
    assert customer.marketing_consent and customer.marketing_consent_at
    client.post(reverse("clerk:consent", args=[customer.pk]), {"marketing_consent": "no"})
    customer.refresh_from_db()
    assert not customer.marketing_consent
    assert consent_events(customer) == [
        (f"Marketing emails turned off (in store, {store.name})", "store"),
        (f"Marketing emails turned on (in store, {store.name})", "store"),
    ]
