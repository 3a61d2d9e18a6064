"""One brand on every surface: the shop, the clerk console and the staff admin show the same logo, colours and type."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

STATIC = Path(settings.BASE_DIR) / "static" / "css"
LOGO_PATH = "M9 12h14l-1.5 11h-11z M12.5 12a3.5 3.5 0 0 1 7 0"


def _variables(css: str, selector: str) -> dict[str, str]:
    """The custom properties of the first rule whose selector list contains `selector`."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        if selector in [s.strip() for s in selectors.split(",")]:
            return dict(re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", body))
    raise AssertionError(f"no {selector} rule")


def test_the_admin_uses_the_shops_colours_and_type():
    shop = _variables((STATIC / "shop.css").read_text(), ":root")
    admin = _variables((STATIC / "admin.css").read_text(), ":root")

    assert admin["--primary"] == shop["--brand"]
    assert admin["--header-bg"] == admin["--secondary"] == shop["--brand-dark"]
    assert admin["--button-bg"] == admin["--link-fg"] == shop["--brand"]
    assert admin["--accent"] == shop["--brand-tint"]
    assert " ".join(admin["--font-family-primary"].split()) == " ".join(shop["--font"].split())


def test_the_clerk_console_takes_its_colours_from_the_shop():
    clerk = (STATIC / "clerk.css").read_text()

    assert "var(--brand)" in clerk and "var(--brand-dark)" in clerk
    assert "#1d4ed8; color: #fff" not in clerk  # no second, blue brand of its own


@pytest.mark.parametrize("path", ["/admin/login/", "/admin/"])
def test_admin_pages_show_the_shops_logo_and_stylesheet(client, store, path):
    if path == "/admin/":
        client.force_login(StaffFactory(location=store))

    html = client.get(path).content.decode()

    assert LOGO_PATH in html
    assert "/static/css/admin.css" in html
    assert f"{settings.SHOP_NAME} staff console" in html


def test_shop_and_clerk_console_show_the_same_logo(client, store):
    shop = client.get("/").content.decode()
    client.force_login(StaffFactory(location=store))
    clerk = client.get("/clerk/").content.decode()

    assert LOGO_PATH in shop and LOGO_PATH in clerk
