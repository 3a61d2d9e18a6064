"""The API's documentation pages in Chromium: they render from our own files alone, with a quiet console."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("path", ["/api/redoc/", "/api/docs/"])
def test_the_api_docs_render_without_console_errors_or_outside_requests(page, live_server, path):
    errors, outside = [], []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith((live_server.url, "data:", "blob:")) else outside.append(request.url)
        ),
    )

    page.goto(live_server.url + path)

    # Redoc and Swagger UI each render the schema's title as the page's heading.
    expect(page.get_by_role("heading", name="Omnistore API").first).to_be_visible(timeout=30_000)
    page.wait_for_load_state("networkidle")
    assert errors == [], errors
    assert outside == [], outside
