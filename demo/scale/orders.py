"""Scale orders: completed orders from every channel, their lines, and totals summed from the lines."""

from django.db import connection, transaction

from demo.scale.base import CARD_PREFIX, ORDER_PREFIX, SKU_PREFIX, scalar


def orders_seed(*, total: int, n_variants: int, n_customers: int, bar) -> None:
    """Completed orders from every channel, 1–3 lines each, totals summed from the lines."""
    have = scalar("SELECT count(*) FROM orders_order WHERE number LIKE %s", [ORDER_PREFIX + "%"])
    if total <= have or not n_variants or not n_customers:
        with bar("orders", 0):
            return
    with transaction.atomic(), bar("orders", total - have) as progress, connection.cursor() as cursor:
        _orders_insert(cursor, start=have, stop=total, n_customers=n_customers)
        cursor.execute("ANALYZE orders_order")
        _order_lines_insert(cursor, n_variants=n_variants)
        _order_totals_update(cursor)
        progress.update(total - have)


def _orders_insert(cursor, *, start: int, stop: int, n_customers: int) -> None:
    """Orders number `start` to `stop` - 1, each of a scale customer, without lines or totals yet."""
    cursor.execute(
        """
        WITH src AS (
            SELECT n,
                   (ARRAY['store','store','store','web','web','app','marketplace','social'])[1 + n %% 8] AS channel
            FROM generate_series(%(start)s, %(stop)s - 1) AS n
        ),
        stores AS (
            SELECT array_agg(id ORDER BY id) AS ids FROM inventory_location WHERE kind = 'store' AND is_active
        )
        INSERT INTO orders_order
            (number, customer_id, email, channel, fulfilment, status, location_id, external_id, currency,
             subtotal, discount_total, total, placed_at, completed_at)
        SELECT %(prefix)s || lpad((n + 1)::text, 7, '0'), c.id, c.email, src.channel,
               CASE WHEN src.channel = 'store' THEN 'in_store'
                    WHEN src.channel IN ('web', 'app') AND n %% 3 = 0 THEN 'pickup' ELSE 'ship' END,
               'completed',
               CASE WHEN src.channel = 'store' OR (src.channel IN ('web', 'app') AND n %% 3 = 0)
                    THEN stores.ids[1 + n %% greatest(cardinality(stores.ids), 1)] END,
               CASE WHEN src.channel IN ('marketplace', 'social') THEN 'scale-' || (n + 1) ELSE '' END,
               'NOK', 0, 0, 0,
               now() - (n %% 700) * interval '1 day' - (n %% 600) * interval '1 minute',
               now() - (n %% 700) * interval '1 day' + interval '1 day'
        FROM src
        CROSS JOIN stores
        JOIN customers_customer c
          ON c.card_number = %(card)s || lpad((1 + (n * 37) %% %(customers)s)::text, 11, '0')
        ON CONFLICT DO NOTHING
        """,
        {"start": start, "stop": stop, "prefix": ORDER_PREFIX, "card": CARD_PREFIX, "customers": n_customers},
    )


def _order_lines_insert(cursor, *, n_variants: int) -> None:
    """1–3 lines of scale variants for each scale order that has none yet."""
    cursor.execute(
        """
        INSERT INTO orders_orderline (order_id, variant_id, sku, name, unit_price, quantity, line_total)
        SELECT o.id, v.id, v.sku, p.name, v.price, q, v.price * q
        FROM (SELECT oo.id, substring(oo.number from 4)::int AS n FROM orders_order oo
              WHERE oo.number LIKE %(like)s
                AND NOT EXISTS (SELECT 1 FROM orders_orderline ol WHERE ol.order_id = oo.id)) o
        CROSS JOIN LATERAL generate_series(1, 1 + o.n %% 3) AS j
        CROSS JOIN LATERAL (SELECT 1 + (o.n + j) %% 2 AS q) qty
        JOIN catalog_variant v
          ON v.sku = %(sku)s || lpad((1 + (o.n * 7 + j * 131) %% %(variants)s)::text, 7, '0')
        JOIN catalog_product p ON p.id = v.product_id
        """,
        {"like": ORDER_PREFIX + "%", "sku": SKU_PREFIX, "variants": n_variants},
    )


def _order_totals_update(cursor) -> None:
    """Each new scale order's subtotal and total: the sum of its lines."""
    cursor.execute(
        """
        UPDATE orders_order o SET subtotal = t.total, total = t.total
        FROM (SELECT order_id, sum(line_total) AS total FROM orders_orderline GROUP BY order_id) t
        WHERE t.order_id = o.id AND o.number LIKE %s AND o.total = 0
        """,
        [ORDER_PREFIX + "%"],
    )
