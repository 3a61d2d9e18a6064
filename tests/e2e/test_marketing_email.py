"""The weekly pick in a real browser: send it now, open the email's first item link signed in, and find the item on
the wishlist page and in the API the app uses (design question 2)."""

import re

import pytest
from django.core.management import call_command

from customers.models import WishlistItem
from tests.customers.factories import shopper
from tests.factories import LocationFactory, OrderFactory, OrderLineFactory, StockLevelFactory, VariantFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # UserFactory's


def test_personal_pick_item_lands_on_the_wishlist_in_one_click(page, live_server, mailoutbox):
    bergen = LocationFactory(name="Bergen Torget")
    user, sofie = shopper("shopper@example.com")
    sofie.marketing_consent, sofie.home_store = True, bergen
    sofie.save()
    tent = VariantFactory(product__name="Dome tent")
    lantern = VariantFactory(product__name="Camping lantern")
    tent.product.related.add(lantern.product)
    StockLevelFactory(location=bergen, variant=lantern, on_hand=3)
    OrderLineFactory(order=OrderFactory(customer=sofie), variant=tent)

    call_command("send_personal_picks", customer="shopper@example.com", force=True)
    [mail] = mailoutbox
    first = re.search(r"Add to my wishlist: https?://[^/\s]+(\S+)", mail.body).group(1)
    assert "Camping lantern" in mail.body

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", "shopper@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form [type=submit]").click()
    page.wait_for_url("**/account/")

    page.goto(live_server.url + first)
    page.wait_for_url("**/account/wishlist/")  # the page posted itself: the person's one click
    assert "Camping lantern" in page.locator("main").inner_text()
    assert WishlistItem.objects.filter(customer=sofie, variant=lantern).count() == 1

    api = page.request.get(f"{live_server.url}/api/v1/me/wishlist/")
    assert api.ok and lantern.sku in api.text()


def test_without_javascript_the_button_adds_the_item(browser, live_server):
    from marketing.tokens import wishlist_email_link

    user, sofie = shopper("shopper@example.com")
    lantern = VariantFactory(product__name="Camping lantern")
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + wishlist_email_link(sofie, lantern))
        assert not WishlistItem.objects.exists()  # opening the link alone writes nothing
        page.get_by_role("button", name="Add Camping lantern to my wishlist").click()
        page.wait_for_load_state()
        assert "Added to your wishlist" in page.locator("main").inner_text()
        assert WishlistItem.objects.filter(customer=sofie, variant=lantern, source="email").count() == 1
    finally:
        context.close()
