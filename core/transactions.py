"""Where a request's unit of work begins and commits: the outermost entry point, declared so."""

from functools import wraps

from django.db import transaction


def durable(view_method):
    """Run an API write (a DRF view method) in a durable transaction: it commits on its own when it returns, and
    being called inside another transaction is an error, not a silent delay of its commit. An exception rolls all
    of it back before DRF turns it into a 4xx."""

    @wraps(view_method)
    def wrapper(self, request, *args, **kwargs):
        with transaction.atomic(durable=True):
            return view_method(self, request, *args, **kwargs)

    return wrapper
