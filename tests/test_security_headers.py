"""Content-Security-Policy on every page, and API docs that load nothing from another origin."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/admin/login/", "/api/docs/", "/api/redoc/", "/healthz"])
def test_every_page_has_a_content_security_policy(client, path):
    response = client.get(path)
    assert response.status_code == 200
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["frame-ancestors"] == ["'none'"]


def _scripts(html: str) -> tuple[list[str], list[str]]:
    """Script sources, and the bodies of inline scripts."""
    sources = re.findall(r"<script[^>]*\ssrc=\"([^\"]+)\"", html)
    inline = [body for body in re.findall(r"<script(?![^>]*\ssrc=)[^>]*>(.*?)</script>", html, re.S) if body.strip()]
    return sources, inline


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_api_docs_load_only_same_origin_scripts_and_no_inline_script(client, path):
    html = client.get(path).content.decode()
    sources, inline = _scripts(html)
    assert sources
    assert all(src.startswith("/") and not src.startswith("//") for src in sources), sources
    assert inline == []
    assert "cdn.jsdelivr.net" not in html


def test_the_swagger_bundle_and_start_script_are_served_by_the_project(client):
    sources, _ = _scripts(client.get("/api/docs/").content.decode())
    for src in sources:
        if src.startswith(settings.STATIC_URL) or src.startswith("/" + settings.STATIC_URL):
            assert finders.find(src.split(settings.STATIC_URL, 1)[1]), src  # shipped in our static files
        else:
            response = client.get(src.replace("&amp;", "&"))
            assert response.status_code == 200, src
            assert response["Content-Type"].startswith("application/javascript")


def test_the_shop_page_scripts_are_same_origin_and_allowed(db):
    html = Client().get("/").content.decode()
    sources, inline = _scripts(html)
    assert inline == []
    assert all(src.startswith("/") for src in sources)


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_api_docs_name_no_other_origin_not_even_for_fonts(client, path):
    html = client.get(path).content.decode()
    origins = set(re.findall(r"(?:https?:)?//([^/\s\"'<>]+)", html))
    assert origins <= {"testserver"}, origins


def test_the_redoc_bundle_is_served_by_the_project_without_the_redocly_logo_from_its_cdn(client):
    sources, _ = _scripts(client.get("/api/redoc/").content.decode())
    [src] = sources
    response = client.get(src.replace("&amp;", "&"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"Redoc" in body
    assert b"cdn.redoc.ly" not in body
