"""Shopper accounts end to end: sign-up with verification, adopted history, account pages, emails through Celery."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from customers.models import Channel, Customer
from tests.customers.factories import order_with_lines, shopper, verified_user
from tests.factories import CustomerFactory, LocationFactory, OrderFactory, PointsEntryFactory, VariantFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-Unusual-passphrase-42"


def sign_up(client, email, capture):
    with capture(execute=True):
        response = client.post(
            reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD}
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def confirmation_link(mail) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mail.body)
    assert match, mail.body
    return match.group(1)


def test_verified_sign_up_shows_orders_made_earlier_in_a_store(client, mailoutbox, django_capture_on_commit_callbacks):
    store = LocationFactory(name="Oslo Sentrum")
    in_store = CustomerFactory(email="kari@example.com", created_channel=Channel.STORE)
    order_with_lines(in_store, number="S-100001", location=store, channel=Channel.STORE)

    sign_up(client, "Kari@Example.com", django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1, "the confirmation email is sent by the Celery task after commit"
    assert mailoutbox[0].to == ["kari@example.com"]
    in_store.refresh_from_db()
    assert in_store.user is None, "nothing is linked before the address is verified"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirmation_link(mailoutbox[0]))
    in_store.refresh_from_db()
    assert in_store.user is not None and in_store.user.email.lower() == "kari@example.com"

    page = client.get(reverse("storefront:account_orders"))
    assert page.status_code == 200
    assert "S-100001" in page.content.decode()
    assert "Oslo Sentrum" in page.content.decode()


def test_unverified_sign_up_gets_no_history(client, mailoutbox, django_capture_on_commit_callbacks):
    in_store = CustomerFactory(email="kari@example.com")
    order_with_lines(in_store, number="S-100002")
    sign_up(client, "kari@example.com", django_capture_on_commit_callbacks)
    in_store.refresh_from_db()
    assert in_store.user is None
    # Mandatory verification: the new user is not even logged in, and the orders page asks to log in.
    response = client.get(reverse("storefront:account_orders"))
    assert response.status_code == 302
    assert "S-100002" not in client.get(reverse("storefront:account"), follow=True).content.decode()


def test_logged_in_user_without_a_profile_is_told_kindly(client):
    user = verified_user("new@example.com", verified=False)
    client.force_login(user)
    page = client.get(reverse("storefront:account_orders")).content.decode()
    assert "Almost there" in page
    assert "verified" in page


def test_login_by_email_lands_in_the_account(client):
    user, _ = shopper("ola@example.com")
    user.set_password(PASSWORD)
    user.save()
    response = client.post(reverse("account_login"), {"login": "OLA@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("storefront:account")


def test_repeated_failed_logins_are_stopped(client, settings):
    settings.LOGIN_RATE_LIMIT = "5/5m"
    user, _ = shopper("ola@example.com")
    user.set_password(PASSWORD)
    user.save()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "ola@example.com", "password": "wrong"})
    response = client.post(reverse("account_login"), {"login": "ola@example.com", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)
    assert "Too many" in response.content.decode()


def test_password_reset_mail_goes_out_through_the_task(client, mailoutbox, django_capture_on_commit_callbacks):
    shopper("ola@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "ola@example.com"})
    assert len(mailoutbox) == 1
    assert "/accounts/password/reset/key/" in mailoutbox[0].body
    assert mailoutbox[0].subject.startswith("[Omnistore]")


def test_log_in_and_sign_up_pages_use_the_shop_layout(client):
    for name in ("account_login", "account_signup", "account_reset_password"):
        page = client.get(reverse(name)).content.decode()
        assert 'class="site-header"' in page
        assert "css/account.css" in page
        assert "<label" in page


def test_profile_edit_normalizes_phone_and_records_consent_time(client):
    user, customer = shopper("ola@example.com")
    client.force_login(user)
    store = LocationFactory(country="NO")
    response = client.post(
        reverse("storefront:profile"),
        {
            "first_name": "Ola",
            "last_name": "Nordmann",
            "phone": "22 33 44 55",
            "home_store": store.pk,
            "marketing_consent": "on",
        },
    )
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.phone == "+4722334455"
    assert customer.home_store == store
    assert customer.marketing_consent and customer.marketing_consent_at is not None


def test_profile_rejects_a_bad_phone(client):
    user, customer = shopper("ola@example.com")
    client.force_login(user)
    response = client.post(reverse("storefront:profile"), {"first_name": "Ola", "phone": "12"})
    assert response.status_code == 200
    assert "Enter a valid phone number" in response.content.decode()
    customer.refresh_from_db()
    assert customer.phone is None


def test_order_history_lists_every_channel_with_lines(client):
    user, customer = shopper("ola@example.com")
    client.force_login(user)
    for number, channel in [("W-1", Channel.WEB), ("S-1", Channel.STORE), ("M-1", Channel.MARKETPLACE)]:
        order_with_lines(customer, number=number, channel=channel)
    OrderFactory(number="X-OTHER")
    page = client.get(reverse("storefront:account_orders")).content.decode()
    for label in ("W-1", "S-1", "M-1", "Web shop", "Store", "Marketplace"):
        assert label in page
    assert "X-OTHER" not in page


def test_order_history_queries_do_not_grow_with_the_history(client, django_assert_max_num_queries):
    user, customer = shopper("ola@example.com")
    client.force_login(user)
    for _ in range(2):
        order_with_lines(customer, lines=3)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("storefront:account_orders"))
    for _ in range(38):
        order_with_lines(customer, lines=3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("storefront:account_orders"))
    with django_assert_max_num_queries(len(small.captured_queries) + 3):
        client.get(reverse("storefront:account"))


def test_loyalty_card_shows_number_qr_and_balance(client):
    user, customer = shopper("ola@example.com")
    client.force_login(user)
    page = client.get(reverse("storefront:loyalty")).content.decode()
    assert "<svg" in page
    assert "<strong>0</strong> points" in page
    PointsEntryFactory(account__customer=customer, points=120)
    PointsEntryFactory(account__customer=customer, points=-20, kind="redeem")
    page = client.get(reverse("storefront:loyalty")).content.decode()
    assert "<strong>100</strong> points" in page
    assert customer.card_number[:4] in page


def test_timeline_is_newest_first(client):
    user, customer = shopper("ola@example.com")
    client.force_login(user)
    client.post(reverse("storefront:wishlist_add"), {"variant": VariantFactory().pk})
    page = client.get(reverse("storefront:timeline")).content.decode()
    assert page.index("Added") < page.index("Web account created")


def test_account_pages_need_a_login(client):
    for name in ("account", "profile", "wishlist", "account_orders", "loyalty", "timeline"):
        response = client.get(reverse(f"storefront:{name}"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    assert not Customer.objects.exists()


def test_email_change_page_sits_in_the_account_area(client):
    user, _ = shopper("ola@example.com")
    client.force_login(user)
    page = client.get(reverse("account_email"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="account-nav"' in html
    assert "ola@example.com" in html


def test_sign_up_and_its_email_speak_as_the_shop(client, settings, mailoutbox, django_capture_on_commit_callbacks):
    from django.contrib.sites.models import Site

    page = client.get(reverse("account_signup")).content.decode()
    sign_up(client, "ny.kunde@example.com", django_capture_on_commit_callbacks)
    mail = mailoutbox[0]

    site = Site.objects.get_current()
    assert (site.name, site.domain) == (settings.SHOP_NAME, settings.SHOP_DOMAIN)
    assert "<h1>Create account</h1>" in page and "Sign Up" not in page and "Signup" not in page
    assert "example.com" not in mail.body.replace("ny.kunde@example.com", "")
    assert f"an account at {settings.SHOP_NAME} ({settings.SHOP_DOMAIN})" in mail.body
    from django.contrib.auth import get_user_model

    username = get_user_model().objects.get(email="ny.kunde@example.com").username
    assert username not in mail.body and username not in page


def test_the_login_message_names_the_shopper_not_a_username(client):
    user, customer = shopper("kari@example.com")
    user.username = "ux.newcomer.4f2a"
    user.save()

    response = client.post(
        reverse("account_login"), {"login": "kari@example.com", "password": "correct-horse-battery"}, follow=True
    )
    html = response.content.decode()

    assert "You are logged in as kari@example.com." in html
    assert "ux.newcomer" not in html
    customer.first_name, customer.last_name = "Kari", "Nordmann"
    customer.save()
    client.logout()
    html = client.post(
        reverse("account_login"), {"login": "kari@example.com", "password": "correct-horse-battery"}, follow=True
    ).content.decode()
    assert "You are logged in as Kari Nordmann." in html
