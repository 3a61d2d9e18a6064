"""Where a request's unit of work begins and commits: the outermost entry point, declared so; and a write made once
under a unique key, however often (and however concurrently) it is asked for."""

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.db import IntegrityError, transaction

T = TypeVar("T")


def durable(view_method):
    """Run an API write (a DRF view method) in a durable transaction: it commits on its own when it returns, and
    being called inside another transaction is an error, not a silent delay of its commit. An exception rolls all
    of it back before DRF turns it into a 4xx."""

    @wraps(view_method)
    def wrapper(self, request, *args, **kwargs):
        with transaction.atomic(durable=True):
            return view_method(self, request, *args, **kwargs)

    return wrapper


def create_once(*, find: Callable[[], T | None], create: Callable[[], T]) -> tuple[T, bool]:
    """(row, created): what `find` returns when the key is taken, else what `create` writes in a savepoint. A create
    that loses a race to the same key (IntegrityError) returns the winner's row; any other IntegrityError is raised.
    `create` must write the row under a unique constraint that `find` looks up."""
    found = find()
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        found = find()
        if found is None:
            raise
        return found, False
