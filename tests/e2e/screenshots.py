"""`make screenshots`: the demo shop and clerk console in Chromium at desktop, tablet and phone widths, as PNGs in
screenshots/ for a reviewer. Not part of the suite (the file name is not test_*.py); run it by its path:

    python -m pytest tests/e2e/screenshots.py

It seeds the demo data into pytest's throwaway test database, serves it with live_server on a free local port and
writes the pictures (product images into a temporary MEDIA_ROOT). SCREENSHOTS_DIR changes where they go.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from catalog.models import Product
from customers.models import Customer
from demo.customers import SHOPPER_EMAIL, demo_password

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = {"1366": (1366, 900), "1024": (1024, 768), "390": (390, 844)}


def _out_dir() -> Path:
    out = Path(os.environ.get("SCREENSHOTS_DIR") or Path(settings.BASE_DIR) / "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    return out


def _log_in_shopper(page, base: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("input[name=login]", SHOPPER_EMAIL)
    page.fill("input[name=password]", demo_password())
    page.locator("main form [type=submit]").click()
    page.wait_for_url("**/account/**")


def _log_in_clerk(page, base: str) -> None:
    page.goto(base + "/admin/login/?next=/clerk/")
    page.fill("#id_username", "clerk")
    page.fill("#id_password", demo_password())
    page.locator("[type=submit]").click()
    page.wait_for_url("**/clerk/")


def _shoot(page, path: Path) -> None:
    """Full page with every picture: lazy images below the fold would otherwise still be blank."""
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach((img) => { img.loading = 'eager'; })")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=path, full_page=True)


def test_screenshots(browser, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("seed_demo", verbosity=0)
    shopper = Customer.objects.get(email=SHOPPER_EMAIL)
    category = "tops"
    product = Product.objects.filter(category__slug=category, is_active=True).order_by("pk").first()
    product = f"{product.get_absolute_url()}?sku={product.variants.order_by('position', 'sku')[1].sku}"
    shop_pages = {"home": "/", "category": f"/c/{category}/", "product": product}
    out = _out_dir()
    written = []
    for label, (width, height) in WIDTHS.items():
        phone = width < 640
        options = {"viewport": {"width": width, "height": height}, "locale": "en-GB"}
        if phone:
            options.update(device_scale_factor=2, is_mobile=True, has_touch=True)

        guest = browser.new_context(**options)
        page = guest.new_page()
        for name, path in shop_pages.items():
            page.goto(live_server.url + path)
            _shoot(page, out / f"{name}-{label}.png")
            written.append(f"{name}-{label}.png")
        # The buying journey: the answer beside Add to cart, the cart, the checkout.
        page.get_by_role("button", name="Add to cart").first.click()
        page.wait_for_load_state()
        _shoot(page, out / f"product-added-{label}.png")
        for name, path in {"cart": "/cart/", "checkout": "/checkout/"}.items():
            page.goto(live_server.url + path)
            _shoot(page, out / f"{name}-{label}.png")
        written += [f"product-added-{label}.png", f"cart-{label}.png", f"checkout-{label}.png"]
        guest.close()

        signed_in = browser.new_context(**options)
        page = signed_in.new_page()
        _log_in_shopper(page, live_server.url)
        page.goto(live_server.url + "/account/")
        _shoot(page, out / f"account-{label}.png")
        written.append(f"account-{label}.png")
        signed_in.close()

        clerk = browser.new_context(**options)
        page = clerk.new_page()
        _log_in_clerk(page, live_server.url)
        page.goto(f"{live_server.url}/clerk/?q={shopper.last_name or shopper.email}")
        _shoot(page, out / f"clerk-lookup-{label}.png")
        page.goto(f"{live_server.url}/clerk/customers/{shopper.pk}/")
        _shoot(page, out / f"clerk-customer-{label}.png")
        written += [f"clerk-lookup-{label}.png", f"clerk-customer-{label}.png"]
        # The tablet: the finder, the basket, the pickup desk with its pick lists.
        for name, path in {
            "products": "/clerk/products/?q=jumper",
            "basket": "/clerk/basket/",
            "pickups": "/clerk/pickups/",
        }.items():
            page.goto(live_server.url + path)
            _shoot(page, out / f"clerk-{name}-{label}.png")
            written.append(f"clerk-{name}-{label}.png")
        clerk.close()

    print(f"\n{len(written)} screenshots in {out}/")
    assert all((out / name).stat().st_size > 0 for name in written)
