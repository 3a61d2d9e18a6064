"""The shop's languages: Norwegian Bokmål first, then English, from the environment; every Norwegian string
translated."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings.helpers import shop_languages

ROOT = Path(__file__).resolve().parent.parent.parent


def settings_in_a_fresh_process(**environment) -> str:
    script = (
        "from django.conf import settings; import django; django.setup();"
        "print(settings.LANGUAGE_CODE, ','.join(code for code, _ in settings.LANGUAGES), settings.LOCALE_PATHS[0],"
        " settings.USE_I18N, sep='|')"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("SHOP_LANGUAGE")}
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env | {"DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1", **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_the_shop_speaks_norwegian_first_then_english_by_default():
    assert settings_in_a_fresh_process() == f"nb|nb,en|{ROOT / 'locale'}|True"


def test_the_environment_chooses_the_languages_and_the_shops_own():
    assert settings_in_a_fresh_process(SHOP_LANGUAGES="en,nb,sv", SHOP_LANGUAGE="en").startswith("en|en,nb,sv|")


def test_languages_are_named_in_themselves():
    assert shop_languages(["nb", "en"], "nb") == [("nb", "norsk (bokmål)"), ("en", "English")]


@pytest.mark.parametrize(("codes", "default"), [(["nb", "xx"], "nb"), (["nb", "en"], "sv")])
def test_an_unknown_language_or_a_default_not_offered_stops_the_start(codes, default):
    with pytest.raises(ImproperlyConfigured):
        shop_languages(codes, default)


CATALOGS = sorted((ROOT / "locale").glob("*/LC_MESSAGES/django.po"))


def test_norwegian_has_a_catalog():
    assert ROOT / "locale" / "nb" / "LC_MESSAGES" / "django.po" in CATALOGS


@pytest.mark.parametrize("po", CATALOGS, ids=lambda po: po.parent.parent.name)
def test_every_string_is_translated_and_none_is_fuzzy(po):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "GNU gettext is needed: apt-get install -y gettext"
    done = subprocess.run(
        [msgfmt, "--check", "--statistics", "-o", os.devnull, str(po)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "untranslated" not in done.stderr and "fuzzy" not in done.stderr, done.stderr
    assert "translated message" in done.stderr
