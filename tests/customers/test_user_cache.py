"""The signed-in user is read from the cache, never stale: a new password, a closed account or lost staff rights
take effect on the next request, also when a request reads the user while the change is committing."""

import threading

import pytest
from django.db import connection, transaction

from tests.customers.factories import shopper
from tests.factories import StaffFactory


def test_a_signed_in_shopper_is_not_read_from_the_database_on_every_request(client, db, django_assert_num_queries):
    user, _ = shopper("kari@example.com")
    client.force_login(user)
    client.get("/")

    with django_assert_num_queries(0):
        response = client.get("/")

    assert "Log out" in response.content.decode()


def test_a_new_password_signs_other_browsers_out_on_their_next_request(client, db):
    user, _ = shopper("kari@example.com")
    client.force_login(user)
    assert client.get("/account/").status_code == 200

    user.set_password("a-new-long-password-1")
    user.save()

    response = client.get("/account/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_closed_account_is_signed_out_on_its_next_request(client, db):
    user, _ = shopper("kari@example.com")
    client.force_login(user)
    assert client.get("/account/").status_code == 200

    user.is_active = False
    user.save()

    assert client.get("/account/").status_code == 302


def test_staff_rights_taken_away_end_admin_access_on_the_next_request(client, db):
    staff = StaffFactory()
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200

    staff.is_staff = False
    staff.save()

    response = client.get("/admin/")
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.django_db(transaction=True)
def test_a_request_during_a_password_change_does_not_keep_the_old_user_after_the_commit(client):
    user, _ = shopper("kari@example.com")
    client.force_login(user)
    client.get("/account/")
    changed, read = threading.Event(), threading.Event()

    def change_password():
        try:
            with transaction.atomic():
                user.set_password("a-new-long-password-1")
                user.save()
                changed.set()
                read.wait(timeout=10)  # the other request reads (and caches) the user while this is open
        finally:
            connection.close()

    writer = threading.Thread(target=change_password)
    writer.start()
    assert changed.wait(timeout=10)
    during = client.get("/account/")
    read.set()
    writer.join(timeout=10)

    assert during.status_code == 200  # not committed yet: the old password still holds
    assert client.get("/account/").status_code == 302
