"""Model instances from rows of a statement written once (the hottest fixed reads), built as the ORM builds them."""

from django.db import transaction


def row_built(model, row, db, *, start: int = 0):
    """An instance of `model` from its concrete fields' values in `row`, from `start` on, each converted as the ORM
    converts it (its fields' database converters), made by the model's own `from_db`."""
    fields = model._meta.concrete_fields
    values = []
    for field, value in zip(fields, row[start : start + len(fields)], strict=True):
        for convert in field.get_db_converters(db):
            value = convert(value, None, db)
        values.append(value)
    return model.from_db(db.alias, [field.attname for field in fields], values)


def one_built(model, sql: str, params: list):
    """The one row `sql` reads (every concrete column of `model`, in the model's order) as an instance; None."""
    db = transaction.get_connection()
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else row_built(model, row, db)
