"""A shopper sees and changes only their own data; log-ins are rate limited; staff roles come from a migration."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from rest_framework.test import APIClient

from core.roles import ADMIN, CLERK, STORE_MANAGER
from customers.models import WishlistItem
from marketing.tokens import wishlist_email_link
from tests.customers.factories import order_with_lines, shopper
from tests.factories import StaffFactory, UserFactory, VariantFactory, WishlistItemFactory, api_token_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_and_bob(client):
    """Alice has a wishlist item, an order and a phone; Bob is logged in (web and app)."""
    alice_user, alice = shopper("alice@example.com")
    alice.phone = "+4791111111"
    alice.save()
    secret = VariantFactory(sku="ALICE-SECRET", product__name="Alice's Secret Gift")
    WishlistItemFactory(customer=alice, variant=secret)
    order_with_lines(alice, number="A-SECRET-1")
    bob_user, bob = shopper("bob@example.com")
    client.force_login(bob_user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(bob_user)}")
    return alice, bob, secret, api


def test_pages_show_bob_only_his_own_data_whatever_ids_he_puts_in_the_url(client, alice_and_bob):
    alice, bob, secret, _ = alice_and_bob
    for name in ("account", "profile", "wishlist", "account_orders", "loyalty", "timeline"):
        for query in ("", f"?customer={alice.pk}", f"?pk={alice.pk}", f"?user={alice.user_id}"):
            page = client.get(reverse(f"storefront:{name}") + query).content.decode()
            assert "A-SECRET-1" not in page
            assert "Alice" not in page
            assert alice.card_number not in page
            assert "alice@example.com" not in page
            assert "+4791111111" not in page


def test_bob_cannot_change_alices_wishlist_through_the_storefront(client, alice_and_bob):
    alice, bob, secret, _ = alice_and_bob
    client.post(reverse("storefront:wishlist_remove"), {"variant": secret.pk, "customer": alice.pk})
    assert WishlistItem.objects.filter(customer=alice, variant=secret).exists()
    client.post(reverse("storefront:wishlist_add"), {"variant": secret.pk, "customer": alice.pk})
    assert WishlistItem.objects.filter(customer=alice).count() == 1
    assert WishlistItem.objects.filter(customer=bob, variant=secret).exists(), "the add went to Bob's own list"


def test_bob_cannot_reach_alices_data_through_the_api(alice_and_bob):
    alice, bob, secret, api = alice_and_bob
    for path in ("/api/v1/me/", "/api/v1/me/wishlist/", "/api/v1/me/orders/", "/api/v1/me/loyalty/"):
        for query in ("", f"?customer={alice.pk}", f"?customer_id={alice.pk}", f"?user={alice.user_id}"):
            body = api.get(path + query).content.decode()
            assert "ALICE-SECRET" not in body and "A-SECRET-1" not in body
            assert alice.card_number not in body and "alice@example.com" not in body
    assert api.delete("/api/v1/me/wishlist/ALICE-SECRET/").status_code == 404
    assert WishlistItem.objects.filter(customer=alice, variant=secret).exists()
    for guess in (f"/api/v1/me/{alice.pk}/", f"/api/v1/me/wishlist/{alice.pk}/ALICE-SECRET/"):
        assert api.get(guess).status_code in (404, 405)


def test_bob_cannot_change_alices_profile_through_the_api(alice_and_bob):
    alice, bob, _, api = alice_and_bob
    api.patch("/api/v1/me/", {"id": alice.pk, "customer": alice.pk, "first_name": "Hacked"}, format="json")
    alice.refresh_from_db()
    bob.refresh_from_db()
    assert alice.first_name != "Hacked"
    assert bob.first_name == "Hacked"


def test_an_email_link_only_ever_adds_to_the_customer_it_was_made_for(client, alice_and_bob):
    alice, bob, _, _ = alice_and_bob
    gift = VariantFactory()
    link = wishlist_email_link(alice, gift)
    for page in (client.get(link).content.decode(), client.post(link).content.decode()):
        assert "Alice" not in page and "alice@example.com" not in page
    assert WishlistItem.objects.filter(customer=alice, variant=gift).exists()
    assert not WishlistItem.objects.filter(customer=bob, variant=gift).exists()


def test_admin_login_is_rate_limited_per_ip_and_username(client, settings):
    settings.LOGIN_RATE_LIMIT = "3/5m"
    StaffFactory(username="boss", password="right-password-123")
    url = reverse("admin:login")
    for _ in range(2):
        response = client.post(url, {"username": "boss", "password": "wrong"})
        assert response.status_code == 200
    assert client.post(url, {"username": "boss", "password": "wrong"}).status_code == 429  # the third locks
    blocked = client.post(url, {"username": "boss", "password": "right-password-123"})
    assert blocked.status_code == 429
    assert "Too many failed log-in attempts" in blocked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another username from the same address still gets its own attempts.
    assert client.post(url, {"username": "someone", "password": "wrong"}).status_code == 200


def test_admin_login_success_resets_the_count(client, settings):
    settings.LOGIN_RATE_LIMIT = "3/5m"
    StaffFactory(username="boss", password="right-password-123")
    url = reverse("admin:login")
    for _ in range(2):
        client.post(url, {"username": "boss", "password": "wrong"})
    assert client.post(url, {"username": "boss", "password": "right-password-123"}).status_code == 302
    client.logout()
    for _ in range(2):
        assert client.post(url, {"username": "boss", "password": "wrong"}).status_code == 200


def test_role_groups_exist_with_rising_permissions():
    clerk, manager, admin = (
        set(Group.objects.get(name=n).permissions.values_list("codename", flat=True))
        for n in (CLERK, STORE_MANAGER, ADMIN)
    )
    assert {
        "view_product",
        "view_stocklevel",
        "view_customer",
        "change_customer",
        "add_wishlistitem",
        "delete_wishlistitem",
        "add_customer",
        "view_order",
    } <= clerk
    assert "change_stocklevel" not in clerk and "merge_customer" not in clerk
    assert clerk < manager
    assert {"change_stocklevel", "add_transfer", "change_location", "change_order", "merge_customer"} <= manager
    assert manager < admin
    assert {"delete_product", "delete_customer", "change_user"} <= admin


def test_a_clerk_can_view_but_not_delete_customers_in_the_admin(client):
    clerk = StaffFactory(role=CLERK)
    client.force_login(clerk)
    assert client.get(reverse("admin:customers_customer_changelist")).status_code == 200
    assert client.get(reverse("admin:catalog_product_changelist")).status_code == 200
    assert not clerk.has_perm("customers.delete_customer")


def test_shoppers_do_not_get_into_the_admin(client):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:customers_customer_changelist"))
    assert response.status_code == 302
