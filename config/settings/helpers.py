"""Small pieces of the settings that deserve a test of their own; plain functions, no Django models."""

from urllib.parse import unquote, urlsplit

from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured


def email_file_path(url: str) -> str:
    """The directory of a filemail:// URL as written: filemail:///tmp/x is /tmp/x, filemail://mail is ./mail.

    django-environ drops the leading slash of the absolute path, which sends mail into the checkout.
    """
    parts = urlsplit(url)
    return unquote(parts.netloc + parts.path)


def shop_languages(codes: list[str], default: str) -> list[tuple[str, str]]:
    """LANGUAGES for the shop: each code as Django knows it, named in its own language ("norsk (bokmål)").

    The default must be one of them: a shop whose own language is not offered would answer in one nobody chose.
    """
    codes = [code.strip().lower() for code in codes if code.strip()]
    unknown = [code for code in codes if code not in LANG_INFO or "name_local" not in LANG_INFO[code]]
    if unknown:
        raise ImproperlyConfigured(f"SHOP_LANGUAGES has codes Django does not know: {', '.join(unknown)}.")
    if default not in codes:
        raise ImproperlyConfigured(f"SHOP_LANGUAGE {default!r} must be one of SHOP_LANGUAGES ({', '.join(codes)}).")
    return [(code, LANG_INFO[code]["name_local"]) for code in dict.fromkeys(codes)]
