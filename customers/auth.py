"""Authentication backends that read a signed-in user from the cache instead of the database on every request.

Django loads the session's user on each request; these backends keep the loaded user in the cache with the
version of that user (`user:<id>`) it was read under, which any save or delete of the user bumps — at once and
again after commit (customers.receivers). A changed password, a deactivated account or a change of staff rights
is therefore seen by the next request, and Django still checks the session against the password hash it reads.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from core.versions import bump_now_and_on_commit, cached_by_version

USER_TIMEOUT = 60 * 60
VERSION_TIMEOUT = 24 * 60 * 60  # an expired version is made anew: it only costs a read of the user


def user_changed(user_id) -> None:
    """The user row changes in this transaction: later reads in it, and every read after it commits, load it anew."""
    if user_id:
        bump_now_and_on_commit(f"user:{user_id}")


class CachedUserMixin:
    def get_user(self, user_id):
        return cached_by_version(
            f"user:{user_id}",
            f"auth-user:{user_id}",
            lambda: super(CachedUserMixin, self).get_user(user_id),
            timeout=USER_TIMEOUT,
            version_timeout=VERSION_TIMEOUT,
        )


class ModelBackend(CachedUserMixin, DjangoModelBackend):
    """Django's username and password backend (staff, POS devices), with the user cached."""


class AuthenticationBackend(CachedUserMixin, AllauthBackend):
    """allauth's email and password backend (shoppers), with the user cached."""
