"""Customers are locked in primary-key order everywhere, so linking an account and merging never deadlock."""

import threading

import pytest
from allauth.account.models import EmailAddress
from django.db import connection

from customers.models import Customer
from customers.services import customer_link_user, customer_merge
from tests.factories import CustomerFactory, UserFactory


def _run_together(*calls):
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait()
            call()
        except Exception as exc:  # the assertion below shows which one and why
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return errors


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(5))
def test_verifying_an_email_while_staff_merge_the_same_two_profiles_never_deadlocks(round_):
    # The in-store twin is older (lower pk) than the shopper's own profile: the order a careless lock would invert.
    twin = CustomerFactory(email=f"twin{round_}@example.com", user=None)
    user = UserFactory(username=f"web{round_}", email=f"web{round_}@example.com")
    own = CustomerFactory(email=f"web{round_}@example.com", user=user)
    EmailAddress.objects.create(user=user, email=twin.email, verified=True, primary=False)

    errors = _run_together(
        lambda: customer_link_user(user=user, email=twin.email),
        lambda: customer_merge(survivor=own, merged=twin),
    )

    assert errors == []
    twin.refresh_from_db()
    assert twin.merged_into_id == own.pk
    assert Customer.objects.get(pk=own.pk).user_id == user.pk
