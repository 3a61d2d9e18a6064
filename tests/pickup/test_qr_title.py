"""The pickup QR code says what it is, to a screen reader, in the language of the page it is on."""

from django.utils import translation

from pickup.qr import pickup_qr_svg


def test_the_qr_codes_title_is_in_the_readers_language():
    with translation.override("nb"):
        norwegian = pickup_qr_svg(code="123456")
    with translation.override("en"):
        english = pickup_qr_svg(code="123456")

    assert "<title>Hentekode 123456</title>" in norwegian
    assert "<title>Pickup code 123456</title>" in english
