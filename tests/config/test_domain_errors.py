"""A business-rule error reaches a person as a clear page or JSON with the right 4xx, from one mapping."""

from django.test import RequestFactory

from config.middleware import DomainErrorMiddleware
from customers.exceptions import ContactTaken, NoIdentity
from inventory.exceptions import InsufficientStock, ShortLine


def _page_for(exc, path="/account/profile/"):
    request = RequestFactory().get(path)
    return DomainErrorMiddleware(lambda r: None).process_exception(request, exc)


def test_a_shortage_on_a_page_is_a_409_page_that_names_the_sku(db):
    response = _page_for(InsufficientStock([ShortLine(sku="CAP-1", requested=3, available=1)]))

    assert response.status_code == 409
    assert "CAP-1 (asked for 3, 1 available)" in response.content.decode()


def test_invalid_input_on_a_page_is_a_400_page(db):
    assert _page_for(NoIdentity("Give an email, a phone or a card number.")).status_code == 400


def test_the_api_keeps_its_own_json_answer():
    assert _page_for(ContactTaken("Taken."), path="/api/v1/me/") is None
