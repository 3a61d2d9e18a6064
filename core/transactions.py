"""Where a request's unit of work begins and commits: the outermost entry point, declared so; and a write made once
under a unique key, however often (and however concurrently) it is asked for."""

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.db import IntegrityError, connections, router, transaction
from django.db.models import Model
from django.db.models.constants import OnConflict
from django.db.models.sql import InsertQuery

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


def atomic_unless_inside(service):
    """A service's transaction when it is called alone; inside a caller's, it joins that one without a savepoint.

    Only for services that raise every refusal before their first write: a caller that catches the refusal has
    nothing to roll back, and a database error aborts the caller's transaction anyway. The savepoint it saves is
    two round trips (SAVEPOINT, RELEASE) on every call from inside another service."""

    @wraps(service)
    def wrapper(*args, **kwargs):
        if transaction.get_connection().in_atomic_block:
            return service(*args, **kwargs)
        with transaction.atomic():
            return service(*args, **kwargs)

    return wrapper


def insert_unless_taken(instance: Model) -> bool:
    """Write one new row with INSERT … ON CONFLICT DO NOTHING RETURNING its pk: True (and the pk set) when it was
    written, False when one of its unique keys is taken. Never fails on a taken key, so it needs no savepoint (a
    `create` in a savepoint costs three round trips, this one)."""
    meta = instance._meta
    connection = connections[router.db_for_write(type(instance), instance=instance)]
    fields = [field for field in meta.local_concrete_fields if not field.generated and not field.primary_key]
    instance._prepare_related_fields_for_save(operation_name="insert_unless_taken")
    query = InsertQuery(type(instance), on_conflict=OnConflict.IGNORE)
    query.insert_values(fields, [instance])
    compiler = query.get_compiler(connection=connection)
    compiler.returning_fields = [meta.pk]
    with connection.cursor() as cursor:
        for sql, params in compiler.as_sql():
            cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return False
    instance.pk = row[0]
    instance._state.adding, instance._state.db = False, connection.alias
    return True
