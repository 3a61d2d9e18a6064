"""The refusal of an action at another store is told in the language of the staff member who tried it."""

from django.utils import translation

from core.store_scope import NOT_YOUR_STORE


def test_not_your_store_is_said_in_the_active_language():
    with translation.override("nb"):
        assert str(NOT_YOUR_STORE) == "Ikke din butikk"
    with translation.override("en"):
        assert str(NOT_YOUR_STORE) == "Not your store"
