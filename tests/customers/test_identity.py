"""Identity resolution: one customer per person, whichever key a channel knows them by."""

import re
import threading

import pytest
from allauth.account.models import EmailAddress
from django.db import connection

from customers.exceptions import NoIdentity, UnknownCard
from customers.models import Channel, Customer, TimelineEvent
from customers.selectors import customer_lookup
from customers.services import (
    card_number_generate,
    card_number_is_valid,
    customer_link_user,
    customer_phone_fill,
    customer_resolve,
    luhn_check_digit,
)
from tests.customers.factories import order_with_lines, verified_user
from tests.factories import CustomerFactory, LocationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_email_in_any_case_resolves_to_the_same_customer():
    first = customer_resolve(email="Kari.Nordmann@Example.COM", channel=Channel.STORE)
    again = customer_resolve(email="  kari.nordmann@example.com ", channel=Channel.WEB)
    assert again.pk == first.pk
    assert first.email == "kari.nordmann@example.com"
    assert Customer.objects.count() == 1


@pytest.mark.parametrize("typed", ["+47 22 33 44 55", "22334455", "0047 22334455", "+4722334455", "22 33 44 55"])
def test_phone_in_common_formats_resolves_to_the_same_customer(typed):
    store = LocationFactory(country="NO")
    existing = customer_resolve(phone="+47 22 33 44 55", channel=Channel.STORE)
    assert existing.phone == "+4722334455"
    found = customer_resolve(phone=typed, country=store.country, channel=Channel.STORE)
    assert found.pk == existing.pk
    assert Customer.objects.count() == 1


def test_card_wins_over_email_and_phone():
    by_card = CustomerFactory(card_number="798765432108", email="card@example.com", phone=None)
    CustomerFactory(email="other@example.com", phone="+4791234567")
    found = customer_resolve(
        card="7987 6543 2108", email="other@example.com", phone="+47 912 34 567", channel=Channel.STORE
    )
    assert found.pk == by_card.pk
    by_card.refresh_from_db()
    assert by_card.email == "card@example.com"
    assert by_card.phone is None, "a phone that belongs to someone else is not copied over"


def test_email_wins_over_phone_and_fills_the_blank_phone():
    by_email = CustomerFactory(email="a@example.com", phone=None)
    found = customer_resolve(email="A@example.com", phone="912 34 567", channel=Channel.STORE)
    assert found.pk == by_email.pk
    by_email.refresh_from_db()
    assert by_email.phone == "+4791234567"


def test_a_phone_given_with_an_order_fills_a_profile_without_one_in_its_normal_form():
    customer = CustomerFactory(phone=None)

    assert customer_phone_fill(customer=customer, phone="412 34 567", channel=Channel.WEB) is True

    customer.refresh_from_db()
    assert customer.phone == "+4741234567"
    assert customer_lookup(query="412 34 567", country="NO") == [customer]
    assert customer.timeline.filter(kind=TimelineEvent.Kind.PROFILE_UPDATED, summary__contains="Phone").exists()


def test_a_local_number_is_read_in_the_country_it_was_given_in():
    customer = CustomerFactory(phone=None)

    customer_phone_fill(customer=customer, phone="070-123 45 67", channel=Channel.STORE, country="SE")

    customer.refresh_from_db()
    assert customer.phone == "+46701234567"


def test_a_phone_already_on_the_profile_is_never_overwritten():
    customer = CustomerFactory(phone="+4722334455")

    assert customer_phone_fill(customer=customer, phone="412 34 567", channel=Channel.WEB) is False

    customer.refresh_from_db()
    assert customer.phone == "+4722334455"


def test_a_phone_another_customer_has_is_left_with_them_and_nothing_fails():
    owner = CustomerFactory(phone="+4741234567")
    customer = CustomerFactory(phone=None)

    assert customer_phone_fill(customer=customer, phone="412 34 567", channel=Channel.WEB) is False

    customer.refresh_from_db()
    owner.refresh_from_db()
    assert (customer.phone, owner.phone) == (None, "+4741234567")


def test_something_that_is_not_a_phone_number_is_not_saved():
    customer = CustomerFactory(phone=None)

    assert customer_phone_fill(customer=customer, phone="12", channel=Channel.WEB) is False

    customer.refresh_from_db()
    assert customer.phone is None


def test_unknown_keys_create_one_customer_with_a_printable_card_and_a_timeline_event():
    customer = customer_resolve(email="new@example.com", first_name="Nina", channel=Channel.MARKETPLACE)
    assert re.fullmatch(r"7\d{11}", customer.card_number)
    assert card_number_is_valid(customer.card_number)
    assert customer.created_channel == Channel.MARKETPLACE
    assert customer.timeline.filter(kind=TimelineEvent.Kind.PROFILE_CREATED).exists()


def test_a_valid_unknown_card_becomes_the_new_customers_card():
    number = "712345678901"[:-1]
    number += luhn_check_digit(number)
    customer = customer_resolve(card=number, channel=Channel.STORE)
    assert customer.card_number == number


def test_a_mistyped_card_is_refused():
    good = card_number_generate()
    typo = good[:-1] + str((int(good[-1]) + 1) % 10)
    with pytest.raises(UnknownCard):
        customer_resolve(card=typo, channel=Channel.STORE)
    assert not Customer.objects.exists()


@pytest.mark.parametrize("typed", ["7" + "²" * 11, "7" + "١" * 11])
def test_a_card_number_in_other_digits_is_unknown_not_a_crash(typed):
    with pytest.raises(UnknownCard):
        customer_resolve(card=typed, channel=Channel.STORE)
    assert not Customer.objects.exists()


def test_nothing_to_go_by_is_refused():
    with pytest.raises(NoIdentity):
        customer_resolve(email=" ", phone="not a number", channel=Channel.STORE)


def test_a_merged_away_card_still_finds_the_survivor():
    survivor = CustomerFactory()
    tomb = CustomerFactory(merged_into=survivor, email=None)
    assert customer_resolve(card=tomb.card_number, channel=Channel.STORE).pk == survivor.pk


def test_generated_card_numbers_pass_the_luhn_check():
    numbers = {card_number_generate() for _ in range(200)}
    assert all(card_number_is_valid(n) for n in numbers)
    assert len(numbers) > 190


@pytest.mark.django_db(transaction=True)
def test_concurrent_resolve_of_the_same_email_creates_one_customer():
    threads_count = 8
    barrier = threading.Barrier(threads_count)
    results, errors = [], []

    def resolve(i):
        try:
            barrier.wait()
            results.append(customer_resolve(email="Race@Example.com", phone=None, channel=Channel.STORE).pk)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=resolve, args=(i,)) for i in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(results)) == 1
    assert Customer.objects.filter(email="race@example.com").count() == 1


def test_verified_sign_up_adopts_the_in_store_customer_with_its_orders():
    in_store = CustomerFactory(email="kari@example.com", created_channel=Channel.STORE)
    order_with_lines(in_store)
    user = verified_user("Kari@Example.com")
    linked = customer_link_user(user=user, email="Kari@Example.com")
    assert linked.pk == in_store.pk
    assert linked.user == user
    assert linked.orders.count() == 1
    assert linked.timeline.filter(kind=TimelineEvent.Kind.ACCOUNT_LINKED).exists()


def test_unverified_email_links_nothing():
    in_store = CustomerFactory(email="kari@example.com")
    user = verified_user("kari@example.com", verified=False)
    assert customer_link_user(user=user, email="kari@example.com") is None
    in_store.refresh_from_db()
    assert in_store.user is None
    assert not Customer.objects.filter(user=user).exists()


def test_verified_sign_up_without_history_gets_a_new_customer():
    user = verified_user("fresh@example.com")
    customer = customer_link_user(user=user, email="fresh@example.com")
    assert customer.user == user
    assert customer.created_channel == Channel.WEB
    assert customer.timeline.filter(kind=TimelineEvent.Kind.ACCOUNT_CREATED).exists()


def test_a_customer_that_has_a_user_is_never_taken_by_another():
    owner = UserFactory(username="owner", email="owner@example.com")
    taken = CustomerFactory(email="shared@example.com", user=owner)
    intruder = verified_user("shared@example.com")
    assert customer_link_user(user=intruder, email="shared@example.com") is None
    taken.refresh_from_db()
    assert taken.user == owner
    assert Customer.objects.count() == 1


def test_linking_twice_is_a_no_op():
    user = verified_user("twice@example.com")
    first = customer_link_user(user=user, email="twice@example.com")
    second = customer_link_user(user=user, email="twice@example.com")
    assert first.pk == second.pk
    assert Customer.objects.count() == 1


def test_verifying_a_new_address_adopts_the_in_store_profile_under_it():
    user = verified_user("old@example.com")
    own = customer_link_user(user=user, email="old@example.com")
    in_store = CustomerFactory(email="new@example.com")
    order_with_lines(in_store)
    EmailAddress.objects.create(user=user, email="new@example.com", verified=True)
    customer = customer_link_user(user=user, email="new@example.com")
    assert customer.pk == own.pk
    assert customer.orders.count() == 1
    in_store.refresh_from_db()
    assert in_store.merged_into_id == own.pk
