"""Checkout finds its buyer by email with a statement of its own: the profile is the one the ORM would read."""

import pytest

from customers.models import Customer
from customers.services import customer_resolve
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def test_the_buyer_found_by_email_is_the_profile_as_the_orm_reads_it():
    kept = CustomerFactory(email="found@example.com", first_name="Kari", last_name="Nordmann", phone="+4791234567")
    found = customer_resolve(email="found@example.com", first_name="", last_name="", channel="web")
    stored = Customer.objects.get(pk=kept.pk)
    assert found.pk == stored.pk and not found._state.adding
    for field in Customer._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(stored, field.attname), field.name


def test_a_merged_away_profile_is_not_found_by_its_email():
    survivor = CustomerFactory(email="survivor@example.com")
    CustomerFactory(email="gone@example.com", merged_into=survivor)
    found = customer_resolve(email="gone@example.com", first_name="New", last_name="", channel="web")
    assert found.pk not in {survivor.pk} and found.merged_into_id is None
