"""Small pieces of the settings that deserve a test of their own; plain functions, no Django models."""

from urllib.parse import unquote, urlsplit


def email_file_path(url: str) -> str:
    """The directory of a filemail:// URL as written: filemail:///tmp/x is /tmp/x, filemail://mail is ./mail.

    django-environ drops the leading slash of the absolute path, which sends mail into the checkout.
    """
    parts = urlsplit(url)
    return unquote(parts.netloc + parts.path)
