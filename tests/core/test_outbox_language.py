"""The outbox runs each builder in the language its sender gave (the reader's), whatever the worker's own."""

import pytest
from django.utils import translation

from core.outbox import outbox_enqueue, outbox_send

pytestmark = pytest.mark.django_db

SEEN: list[str] = []


def language_seen() -> None:
    """A builder that only notes the language it runs in, and has nothing to send."""
    SEEN.append(translation.get_language())


@pytest.mark.parametrize(("given", "worker", "expected"), [("nb", "en", "nb"), ("en", "nb", "en"), ("", "en", "nb")])
def test_the_builder_runs_in_the_language_the_sender_gave(settings, given, worker, expected):
    settings.LANGUAGE_CODE = "nb"  # the shop's own, for a message that names none
    SEEN.clear()
    message = outbox_enqueue(key=f"test:{given}", builder=f"{__name__}.language_seen", context={}, language=given)

    with translation.override(worker):
        assert outbox_send(message_id=message.pk)
        assert translation.get_language() == worker, "the worker's language is given back"

    assert [expected] == SEEN
