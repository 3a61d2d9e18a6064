"""The shop's own pages and the account in the shopper's language, with numbers, money and dates as they write them;
account emails in the customer's language; and the account's rough edges: a ready pickup on its first page, the
empty wishlist's way back to the shop, the consent box beside its label, the confirmation page's plain words."""

import re

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.urls import reverse

from core.formatting import money_format
from pickup import services as pickup_services
from tests.customers.factories import shopper, verified_user
from tests.factories import LoyaltyAccountFactory, PointsEntryFactory
from tests.orders.conftest import shop  # noqa: F401  (fixture)
from tests.pickup.conftest import place
from tests.storefront.test_languages import scarf  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

NB = {"HTTP_ACCEPT_LANGUAGE": "nb-NO,nb;q=0.9"}
NBSP = "\N{NO-BREAK SPACE}"


def text(response) -> str:
    """What a reader sees: the page without its tags, spaces collapsed, non-breaking spaces kept."""
    body = re.sub(r"<script.*?</script>|<[^>]+>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"[ \t\r\n]+", " ", body.replace("&nbsp;", NBSP))


@pytest.mark.parametrize(
    ("path", "norwegian", "english"),
    [
        ("/", ["Alt i butikkene våre, ett klikk unna", "Handle etter kategori", "Hopp til innholdet"], ["Shop by"]),
        ("/c/wear/", ["1 produkt", "Sorter etter", "Alle butikker", "Hjem Wear"], ["Sort by", "1 product"]),
        ("/search/?q=zzzqqq", ["Fant ingen produkter for «zzzqqq».", "Sjekk stavingen"], ["No products found"]),
        ("/no-such-page/", ["Vi fant ikke den siden", "Gå til forsiden"], ["We could not find"]),
    ],
)
def test_shop_pages_speak_norwegian_to_a_norwegian_browser(client, scarf, path, norwegian, english):  # noqa: F811
    page = text(client.get(path, **NB))
    for words in norwegian:
        assert words in page
    for words in english + ["Skip to content", "Your account", "including VAT"]:
        assert words not in page


def test_a_product_card_names_its_price_and_stock_in_norwegian(client, scarf):  # noqa: F811
    page = text(client.get("/c/wear/", **NB))
    assert money_format(scarf.price, language="nb").endswith(f"{NBSP}kr")
    assert money_format(scarf.price, language="nb") in page
    assert "Tilgjengelig på nett" in page or "Bare i butikk" in page


@pytest.fixture
def kari(client):
    user, customer = shopper("kari@example.com")
    client.force_login(user)
    return customer


def test_the_account_pages_write_points_money_and_dates_in_norwegian(client, kari):
    PointsEntryFactory(account=LoyaltyAccountFactory(customer=kari), points=22262)
    overview = text(client.get(reverse("storefront:account"), **NB))
    assert f"22{NBSP}262 poeng" in overview and "Siste bestillinger" in overview and "Kundekort" in overview

    loyalty = text(client.get(reverse("storefront:loyalty"), **NB))
    assert f"22{NBSP}262 poeng" in loyalty
    assert f"Verdt 222,00{NBSP}kr som bonuskoder" in loyalty
    assert "Poenghistorikk" in loyalty and "Points history" not in loyalty and "Nivå: Medlem" in loyalty
    assert re.search(r"\d{1,2}\. (jan|feb|mar|apr|mai|jun|jul|aug|sep|okt|nov|des)\. \d{4}", loyalty)

    english = text(client.get(reverse("storefront:loyalty"), HTTP_ACCEPT_LANGUAGE="en"))
    assert "22,262 points" in english and "Worth NOK 222.00 as reward codes" in english


def test_a_ready_pickup_is_a_banner_with_its_code_on_the_accounts_first_page(client, kari, shop):  # noqa: F811
    pickup = place(shop)
    assert pickup.order.customer_id == kari.pk
    assert "ready to pick up" not in text(client.get(reverse("storefront:account")))

    pickup_services.pickup_mark_ready(pickup=pickup, actor=None)

    page = client.get(reverse("storefront:account"))
    banner = re.search(r'<section class="pickup-ready-banner".*?</section>', page.content.decode(), re.S)[0]
    assert f"Order {pickup.order.number} is ready to pick up at Oslo Sentrum" in banner
    assert f'<strong class="pickup-code">{pickup.code}</strong>' in banner
    assert reverse("storefront:account_order", args=[pickup.order.number]) in banner
    norwegian = text(client.get(reverse("storefront:account"), **NB))
    assert f"Bestilling {pickup.order.number} er klar til henting i Oslo Sentrum" in norwegian


def test_someone_elses_ready_pickup_is_not_on_the_page(client, shop):  # noqa: F811
    pickup_services.pickup_mark_ready(pickup=place(shop), actor=None)  # Kari's
    user, _ = shopper("ola@example.com")
    client.force_login(user)
    assert "pickup-ready-banner" not in client.get(reverse("storefront:account")).content.decode()


def test_the_empty_wishlist_leads_back_to_the_shop(client, kari):
    page = client.get(reverse("storefront:wishlist")).content.decode()
    assert "Your wishlist is empty" in page
    assert re.search(r'<a class="button" href="/">Go to the shop</a>', page)


def test_the_sign_up_consent_box_sits_beside_its_label_with_its_help_below(client):
    page = client.get(reverse("account_signup")).content.decode()
    row = re.search(r'<div class="check">(.*?)</div>', page, re.S)[1]
    assert re.fullmatch(
        r'\s*<input type="checkbox" name="marketing_consent"[^>]*id="id_marketing_consent"[^>]*>\s*'
        r'<label for="id_marketing_consent">Send me offers and news by email</label>\s*',
        row,
    ), row
    assert 'aria-describedby="id_marketing_consent_helptext"' in page
    assert '<div class="help" id="id_marketing_consent_helptext">Back in stock' in page


def test_the_email_confirmation_page_asks_plainly(client):
    user = verified_user("kari@example.com", verified=False)
    address = EmailAddress.objects.get(user=user)
    key = EmailConfirmationHMAC(address).key
    page = text(client.get(reverse("account_confirm_email", args=[key])))
    assert "Confirm that this is your email address: kari@example.com" in page
    assert "for user" not in page
    norwegian = text(client.get(reverse("account_confirm_email", args=[key]), **NB))
    assert "Bekreft at dette er e-postadressen din: kari@example.com" in norwegian


@pytest.mark.parametrize(
    ("profile", "browser", "expected", "not_expected"),
    [
        ("en", "nb", "Someone (you, we hope) asked to reset the password", "tilbakestille"),
        ("nb", "en", "Noen (du, håper vi) har bedt om å tilbakestille passordet", "Someone (you"),
    ],
)
def test_a_password_reset_reaches_the_customer_in_their_language_whatever_the_browser(
    client, mailoutbox, django_capture_on_commit_callbacks, profile, browser, expected, not_expected
):
    _, customer = shopper("ola@example.com")
    customer.language = profile
    customer.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "OLA@example.com"}, HTTP_ACCEPT_LANGUAGE=browser)
    assert len(mailoutbox) == 1
    assert expected in mailoutbox[0].body and not_expected not in mailoutbox[0].body


def test_a_new_address_is_written_to_in_the_language_the_shopper_signs_up_in(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    password = "a-long-Unusual-passphrase-42"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"), {"email": "nils@example.com", "password1": password, "password2": password}, **NB
        )
    assert "Denne adressen ble oppgitt for å opprette en konto" in mailoutbox[0].body
    assert "Takk for at du handler hos" in mailoutbox[0].body
