"""What every phase of the scale data shares: the markers of its rows and the bulk SQL paths."""

from collections.abc import Iterable, Sequence

from django.db import connection

# Rows carry markers that keep them apart from the hand-made demo data.
SKU_PREFIX = "S-"
PRODUCT_SLUG_PREFIX = "s-"
EMAIL_DOMAIN = "scale.example.net"
ORDER_PREFIX = "SC-"
CARD_PREFIX = "8"
LOCATIONS = 10
VARIANTS_PER_PRODUCT = 4


def scalar(sql: str, params: Sequence = ()) -> int:
    """The one value a query returns, e.g. a count."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def copy_insert(
    table: str,
    columns: Sequence[str],
    rows: Iterable[Sequence],
    *,
    extra: dict[str, str] | None = None,
    conflict: str = "",
) -> int:
    """COPY rows into a scratch table, then INSERT … SELECT into `table` (so ON CONFLICT can skip clashes).

    `extra` maps further columns to SQL expressions (e.g. timestamps, which Django, not the database, defaults).
    """
    extra = extra or {}
    cols = ", ".join(columns)
    target = ", ".join([*columns, *extra])
    values = ", ".join([*columns, *extra.values()])
    # Table and column names are the scale modules' constants, never input; the rows travel through COPY.
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE _scale_rows ON COMMIT DROP AS SELECT {cols} FROM {table} WITH NO DATA")  # noqa: S608
        with cursor.cursor.copy(f"COPY _scale_rows ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(f"INSERT INTO {table} ({target}) SELECT {values} FROM _scale_rows {conflict}")  # noqa: S608
        inserted = cursor.rowcount
        cursor.execute("DROP TABLE _scale_rows")
    return inserted
