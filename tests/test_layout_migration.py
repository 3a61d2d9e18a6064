"""A database made by the previous layout (one `orders` app, one `inventory` app) migrates to the current one
without losing a row.

`orders` was split into `payments`, `channels`, `returns` and `marketing`, and `inventory` into `transfers` and
`replenishment`; the models moved with their tables. Production databases were made by the previous layout, so
that is what this builds: the previous layout's own code, taken from git at LAST_COMMIT_OF_PREVIOUS_LAYOUT, runs
`migrate` and `seed_demo` on a database of its own, a few rows the demo does not make are added with SQL, and then
this checkout's `migrate` runs on it. It proves:

- no table lost a row (and none but migrate's own bookkeeping gained one);
- each moved model counts the same rows through its new app label, from the same table;
- each moved model's rows reach the rows they point at through the ORM, and so do the rows that point at a moved
  model from an app that stayed (an order's transfer);
- each moved model's content type kept its id under the new app label, so group permissions keep their meaning;
- every group has exactly the permissions it had;
- every unsent outbox message names a builder that imports;
- every API key (a person's token, a device client's key) is still kept by its digest (now in core.ApiKey).

Both code trees run in subprocesses (`manage.py` with this interpreter) against a database created and dropped
here; pytest-django's test database is not used. It takes about half a minute, so it is one test (run once, also
under xdist) that reports every failed check at once.
"""

import json
import os
import secrets
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from psycopg import sql

# The last commit of the previous layout, before `orders` (and later `inventory`) was split: the schema production
# databases are in.
LAST_COMMIT_OF_PREVIOUS_LAYOUT = "b26db26d7c84c105573b17bf188a7d70369f1947"

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Moved:
    name: str  # the model's class name, the same in both layouts
    app: str  # its app label now
    table: str  # where its rows live; a proxy's are its concrete model's
    old_app: str = "orders"  # its app label in the previous layout

    @property
    def label(self) -> str:
        return f"{self.app}.{self.name}"

    @property
    def model(self) -> str:
        return self.name.lower()


MOVED = [
    Moved("PaymentRefund", "payments", "orders_paymentrefund"),
    Moved("StripeEvent", "payments", "orders_stripeevent"),
    Moved("DeviceClient", "channels", "orders_deviceclient"),
    Moved("StoreSale", "channels", "orders_order"),  # proxy of orders.Order
    Moved("Return", "returns", "orders_return"),
    Moved("ReturnLine", "returns", "orders_returnline"),
    Moved("BoughtTogether", "marketing", "orders_boughttogether"),
    Moved("WishlistAlert", "marketing", "orders_wishlistalert"),
    Moved("MarketingEmail", "marketing", "orders_marketingemail"),
    Moved("CustomerSegment", "marketing", "customers_customer"),  # proxy of customers.Customer
    Moved("Transfer", "transfers", "inventory_transfer", old_app="inventory"),
    Moved("TransferLine", "transfers", "inventory_transferline", old_app="inventory"),
    Moved("LowStockDigest", "replenishment", "inventory_lowstockdigest", old_app="inventory"),
]
OLD_APPS = sorted({moved.old_app for moved in MOVED})

# Models of apps that stayed whose links point at a moved model: their rows must reach it through the ORM too.
POINTING_AT_MOVED = [("orders", "Order")]

# Tables that `migrate` itself writes to: new migrations, and content types and permissions of models added after the
# previous layout (with the roles' grants of them). They may grow; every other table keeps its exact count.
MIGRATION_BOOKKEEPING = {"django_migrations", "django_content_type", "auth_permission", "auth_group_permissions"}

# Tables whose rows moved into another table since: a person's API tokens became core.ApiKey rows (checked by digest,
# with the device clients' keys, in _api_keys_lost). Every other table keeps its rows where they were.
ROWS_MOVED_TO_ANOTHER_TABLE = {"customers_apitoken"}

# What roles may do, changed on purpose since the previous layout: (group, app label, codename) gained and lost.
# The per-store rule (core/store_scope.py): store managers read every store's records with see_anywhere,
# which replaces the pickup desk's own switch_store_pickup.
ROLES_GAINED = {("store manager", "inventory", "see_anywhere"), ("admin", "inventory", "see_anywhere")}
ROLES_LOST = {("store manager", "pickup", "switch_store_pickup"), ("admin", "pickup", "switch_store_pickup")}


# Rows the demo does not make (it makes one return and no refunds, Stripe events, API clients, API tokens,
# marketing rows, transfers or low-stock digests), each pointing at demo rows, so every moved table has rows and the
# relations between moved models are used, and one order is shipped to its store by the transfer; and one unsent
# outbox message per builder the previous layout wrote, plus the till receipt's and the low-stock digest's.
EXTRA_ROWS_SQL = """
INSERT INTO orders_deviceclient (name, location_id, channel, scopes, digest, prefix, created_at)
SELECT 'Till 9', (SELECT min(id) FROM inventory_location WHERE kind = 'store'), '',
       ARRAY['pos:sale', 'pos:return'], repeat('a', 64), 'till9', now()
UNION ALL
SELECT 'FINN', NULL, 'marketplace', ARRAY['channel:orders', 'stock:read'], repeat('b', 64), 'finn', now();

INSERT INTO customers_apitoken (user_id, name, digest, prefix, created_at, last_used_at, expires_at, rolling)
SELECT min(id), 'phone', repeat('c', 64), 'cccccccc', now(), now(), now() + interval '30 days', true FROM auth_user;

INSERT INTO orders_paymentrefund (order_id, key, amount, stripe_refund_id, created_at)
SELECT id, 'layout-test-refund-' || id, 10.00, CASE WHEN id % 2 = 0 THEN 're_layout_' || id ELSE '' END, now()
FROM (SELECT id FROM orders_order WHERE total > 10 ORDER BY id LIMIT 2) picked;

INSERT INTO orders_stripeevent (event_id, type, order_id, received_at, outcome)
SELECT 'evt_layout_1', 'payment_intent.succeeded', (SELECT min(id) FROM orders_order WHERE channel = 'web'), now(), 'paid'
UNION ALL
SELECT 'evt_layout_2', 'charge.refunded', NULL, now(), 'ignored';

WITH line AS (
    SELECT ol.id, ol.order_id, ol.unit_price
    FROM orders_orderline ol JOIN orders_order o ON o.id = ol.order_id
    WHERE o.channel = 'store' AND NOT EXISTS (SELECT 1 FROM orders_returnline rl WHERE rl.order_line_id = ol.id)
    ORDER BY ol.id LIMIT 1
), ret AS (
    INSERT INTO orders_return (order_id, location_id, key, reason, refund_method, refund_amount, refund_status,
                               refund_reference, refund_error, points_reversed, actor_id, device_id, created_at)
    SELECT line.order_id, device.location_id, 'layout-test-return', 'Broken on arrival', 'card', line.unit_price,
           'pending', '', '', 0, NULL, device.id, now()
    FROM line, orders_deviceclient device WHERE device.prefix = 'till9'
    RETURNING id
)
INSERT INTO orders_returnline (ret_id, order_line_id, quantity, condition, amount)
SELECT ret.id, line.id, 1, 'damaged', line.unit_price FROM ret, line;

WITH picked AS (SELECT array_agg(id ORDER BY id) AS ids FROM (SELECT id FROM catalog_product ORDER BY id LIMIT 2) p)
INSERT INTO orders_boughttogether (product_id, other_id, orders)
SELECT ids[1], ids[2], 3 FROM picked UNION ALL SELECT ids[2], ids[1], 3 FROM picked;

INSERT INTO orders_wishlistalert (customer_id, variant_id, out_of_stock, out_since, returns)
SELECT customer_id, variant_id, id % 2 = 0, now() - interval '3 days', id % 2
FROM (SELECT id, customer_id, variant_id FROM customers_wishlistitem ORDER BY id LIMIT 2) picked;

INSERT INTO orders_marketingemail (customer_id, kind, key, items, sent_at)
SELECT id, 'personal_pick', '2026-W49', '[]', now()
FROM (SELECT id FROM customers_customer WHERE marketing_consent ORDER BY id LIMIT 2) picked;

WITH transfer AS (
    INSERT INTO inventory_transfer (source_id, destination_id, status, note, created_by_id, created_at, shipped_at)
    SELECT (SELECT min(id) FROM inventory_location WHERE kind = 'warehouse'),
           (SELECT min(id) FROM inventory_location WHERE kind = 'store'),
           'in_transit', 'Layout test', (SELECT min(id) FROM auth_user), now(), now()
    RETURNING id
)
INSERT INTO inventory_transferline (transfer_id, variant_id, quantity)
SELECT transfer.id, variant.id, 2 FROM transfer, (SELECT id FROM catalog_variant ORDER BY id LIMIT 2) variant;

UPDATE orders_order SET transfer_id = (SELECT max(id) FROM inventory_transfer)
WHERE id = (SELECT min(id) FROM orders_order WHERE fulfilment = 'pickup');

INSERT INTO inventory_lowstockdigest (location_id, day, lines, sent_at)
SELECT id, DATE '2026-12-01', 3, now() FROM (SELECT id FROM inventory_location WHERE kind = 'store' ORDER BY id LIMIT 2) picked;

INSERT INTO core_outboxmessage (channel, key, builder, context, created_at, next_attempt_at, attempts, last_error)
SELECT DISTINCT ON (builder) channel, 'layout-test-unsent:' || builder, builder, context, now(), now(), 0, ''
FROM core_outboxmessage ORDER BY builder, id;

INSERT INTO core_outboxmessage (channel, key, builder, context, created_at, next_attempt_at, attempts, last_error)
SELECT 'email', 'layout-test-unsent:receipt', 'orders.emails.receipt_email',
       jsonb_build_object('order_id', (SELECT min(id) FROM orders_order WHERE channel = 'store')), now(), now(), 0, '';

INSERT INTO core_outboxmessage (channel, key, builder, context, created_at, next_attempt_at, attempts, last_error)
SELECT 'email', 'layout-test-unsent:low-stock-digest', 'inventory.services.digests.low_stock_digest_email',
       jsonb_build_object('location_id', (SELECT min(id) FROM inventory_location WHERE kind = 'store'), 'day', '2026-12-01'),
       now(), now(), 0, '';
"""

# Runs in the current checkout (`manage.py shell -c`), reading the moved models through their new app labels (and the
# models pointing at them). Prints one JSON line; a model that cannot be found is reported, not raised, so the test
# says which.
ORM_REPORT_SCRIPT = """
import json
from django.apps import apps
from django.utils.module_loading import import_string
from core.models import OutboxMessage

report = {"models": {}, "builders": {}}
for app_label, name in MOVED:
    entry = report["models"][f"{app_label}.{name}"] = {}
    try:
        model = apps.get_model(app_label, name)
    except LookupError as exc:
        entry["error"] = str(exc)
        continue
    links = [field for field in model._meta.concrete_fields if field.is_relation]
    # select_related joins a required link with INNER JOIN (a row whose target is missing drops out) and an
    # optional one with LEFT JOIN (its target reads as None).
    rows = list(model._base_manager.select_related(*(field.name for field in links)))
    entry.update(
        table=model._meta.db_table,
        count=model._base_manager.count(),
        listed=len(rows),
        dangling={
            field.name: sum(1 for row in rows if getattr(row, field.attname) is not None and getattr(row, field.name) is None)
            for field in links
        },
    )
for builder in OutboxMessage.objects.filter(sent_at__isnull=True).values_list("builder", flat=True).distinct():
    try:
        import_string(builder)
        report["builders"][builder] = ""
    except Exception as exc:
        report["builders"][builder] = f"{type(exc).__name__}: {exc}"
print("ORM-REPORT " + json.dumps(report))
"""


@dataclass(frozen=True)
class Snapshot:
    counts: dict[str, int]  # every table of the public schema
    content_types: dict[int, tuple[str, str]]  # id → (app_label, model)
    group_permissions: set[tuple[str, int, str]]  # (group, content type id, codename)
    unsent_builders: set[str]
    api_key_digests: set[str]  # of every API key, a person's token or a device client's key, wherever it is kept


@dataclass(frozen=True)
class LayoutMigration:
    before: Snapshot
    after: Snapshot
    orm: dict


def _server_params() -> dict:
    db = settings.DATABASES["default"]
    params = {"host": db.get("HOST"), "port": db.get("PORT"), "user": db.get("USER"), "password": db.get("PASSWORD")}
    return {key: str(value) for key, value in params.items() if value}


def _database_url(params: dict, name: str) -> str:
    user = quote(params.get("user", ""), safe="")
    password = f":{quote(params['password'], safe='')}" if params.get("password") else ""
    port = f":{params['port']}" if params.get("port") else ""
    return f"postgres://{user}{password}@{params.get('host', '')}{port}/{name}"


def _run(args: list[str], *, cwd: Path, env: dict, what: str, timeout: int = 300) -> str:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if result.returncode:
        pytest.fail(f"{what} failed (exit {result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}")
    return result.stdout


def _previous_layout_materialise(target: Path) -> None:
    """The previous layout's code as committed: `git archive | tar -x`, from the clone this test runs in."""
    found = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "cat-file", "-e", f"{LAST_COMMIT_OF_PREVIOUS_LAYOUT}^{{commit}}"],
        capture_output=True,
    )
    if found.returncode:
        pytest.fail(
            f"Commit {LAST_COMMIT_OF_PREVIOUS_LAYOUT} (the last of the previous layout) is not in the clone at "
            f"{REPO_ROOT}: this test needs main's history (a full clone, or `git fetch --unshallow`)."
        )
    archive = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "archive", LAST_COMMIT_OF_PREVIOUS_LAYOUT], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)


def _snapshot(conninfo: dict, dbname: str) -> Snapshot:
    with psycopg.connect(**conninfo, dbname=dbname, autocommit=True) as conn:
        tables = [row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        counts = {
            table: conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()[0]
            for table in tables
        }
        content_types = {
            row[0]: (row[1], row[2]) for row in conn.execute("SELECT id, app_label, model FROM django_content_type")
        }
        group_permissions = set(
            conn.execute(
                "SELECT g.name, p.content_type_id, p.codename FROM auth_group g "
                "JOIN auth_group_permissions gp ON gp.group_id = g.id JOIN auth_permission p ON p.id = gp.permission_id"
            ).fetchall()
        )
        unsent = {
            row[0] for row in conn.execute("SELECT DISTINCT builder FROM core_outboxmessage WHERE sent_at IS NULL")
        }
        key_tables = [
            table for table in ("customers_apitoken", "orders_deviceclient", "core_apikey") if table in tables
        ]
        digests = {
            row[0]
            for table in key_tables
            if "digest" in _columns(conn, table)
            for row in conn.execute(sql.SQL("SELECT digest FROM {}").format(sql.Identifier(table)))
        }
    return Snapshot(
        counts=counts,
        content_types=content_types,
        group_permissions=group_permissions,
        unsent_builders=unsent,
        api_key_digests=digests,
    )


def _columns(conn: psycopg.Connection, table: str) -> set[str]:
    query = "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = %s"
    return {row[0] for row in conn.execute(query, [table])}


def _previous_layout_check(before: Snapshot) -> None:
    """The database must hold what the checks are about, or they would pass on nothing."""
    empty = [
        table
        for table in [*(moved.table for moved in MOVED), *ROWS_MOVED_TO_ANOTHER_TABLE]
        if not before.counts.get(table)
    ]
    old_types = set(before.content_types.values())
    missing_types = [
        f"{moved.old_app}.{moved.name}" for moved in MOVED if (moved.old_app, moved.model) not in old_types
    ]
    moved_type_ids = {
        ct_id for ct_id, old in before.content_types.items() if old in {(m.old_app, m.model) for m in MOVED}
    }
    granted = [perm for perm in before.group_permissions if perm[1] in moved_type_ids]
    without_builders = [
        app for app in OLD_APPS if not any(builder.startswith(f"{app}.") for builder in before.unsent_builders)
    ]
    problems = [
        *([f"tables without rows: {empty}"] if empty else []),
        *([f"models without a content type under their old app: {missing_types}"] if missing_types else []),
        *(["no group holds a permission of a moved model"] if not granted else []),
        *([f"no unsent outbox message with a builder under {without_builders}"] if without_builders else []),
    ]
    if problems:
        pytest.fail("The previous layout's database is not what this test needs: " + "; ".join(problems))


@pytest.fixture(scope="module")
def layout_migration() -> Iterator[LayoutMigration]:
    """The previous layout's database with demo data, before and after this checkout's `migrate`."""
    server = _server_params()
    # Named after the configured database (which pytest-django renames test_… once a test has used it).
    configured = settings.DATABASES["default"]["NAME"].removeprefix("test_")
    dbname = f"{configured}_layout_{secrets.token_hex(4)}"
    with tempfile.TemporaryDirectory(prefix="omnistore-previous-layout-") as tmp:
        previous = Path(tmp) / "code"
        previous.mkdir()
        _previous_layout_materialise(previous)
        env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
        env.update(
            DATABASE_URL=_database_url(server, dbname),
            DATABASE_POOL="0",
            DEBUG="1",
            CELERY_TASK_ALWAYS_EAGER="1",
            EMAIL_URL="memorymail://",  # django-environ's name for Django's locmem backend: no mail leaves
            # The test run's Redis, with keys of their own: nothing here reads another run's cache or tasks.
            REDIS_URL=settings.REDIS_URL,
            CACHE_KEY_PREFIX=f"omnistore-layout-test-{dbname}",
            MEDIA_ROOT=str(Path(tmp) / "media"),
            LOG_LEVEL="WARNING",
        )
        with psycopg.connect(**server, dbname="postgres", autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
        try:
            manage = [sys.executable, "manage.py"]
            _run([*manage, "migrate", "--noinput"], cwd=previous, env=env, what="The previous layout's migrate")
            _run([*manage, "seed_demo"], cwd=previous, env=env, what="The previous layout's seed_demo")
            with psycopg.connect(**server, dbname=dbname, autocommit=True) as conn:
                conn.execute(EXTRA_ROWS_SQL)
            before = _snapshot(server, dbname)
            _previous_layout_check(before)

            _run([*manage, "migrate", "--noinput"], cwd=REPO_ROOT, env=env, what="This checkout's migrate")
            after = _snapshot(server, dbname)
            models = [[moved.app, moved.name] for moved in MOVED] + [list(pointing) for pointing in POINTING_AT_MOVED]
            script = f"MOVED = {json.dumps(models)}\n{ORM_REPORT_SCRIPT}"
            output = _run(
                [*manage, "shell", "--no-imports", "-c", script], cwd=REPO_ROOT, env=env, what="The ORM report"
            )
            line = next((line for line in output.splitlines() if line.startswith("ORM-REPORT ")), None)
            assert line, f"The ORM report printed no result:\n{output[-3000:]}"
            yield LayoutMigration(before=before, after=after, orm=json.loads(line.removeprefix("ORM-REPORT ")))
        finally:
            with psycopg.connect(**server, dbname="postgres", autocommit=True) as admin:
                admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname)))


def _lost_rows(m: LayoutMigration) -> list[str]:
    before, after = m.before.counts, m.after.counts
    return [
        f"{table}: {count} rows before, {'no table' if after.get(table) is None else after[table]} after"
        for table, count in sorted(before.items())
        if table not in ROWS_MOVED_TO_ANOTHER_TABLE
        and (
            after.get(table) is None
            or after[table] < count
            or (after[table] != count and table not in MIGRATION_BOOKKEEPING)
        )
    ]


def _moved_model_counts(m: LayoutMigration) -> list[str]:
    problems = []
    for moved in MOVED:
        entry, expected = m.orm["models"][moved.label], m.before.counts[moved.table]
        if "error" in entry:
            problems.append(f"{moved.label} is not a model of this checkout: {entry['error']}")
        elif entry["table"] != moved.table:
            problems.append(f"{moved.label} reads table {entry['table']}, its rows are in {moved.table}")
        elif entry["count"] != expected:
            problems.append(f"{moved.label} counts {entry['count']} rows, {moved.table} had {expected}")
    return problems


def _unreachable_relations(m: LayoutMigration) -> list[str]:
    problems = []
    labels = [moved.label for moved in MOVED] + [f"{app}.{name}" for app, name in POINTING_AT_MOVED]
    for label in labels:
        entry = m.orm["models"][label]
        if "error" in entry:
            if label not in {moved.label for moved in MOVED}:  # a moved model's is said by _moved_model_counts
                problems.append(f"{label} is not a model of this checkout: {entry['error']}")
            continue
        if entry["listed"] != entry["count"]:
            problems.append(f"{label}: {entry['count'] - entry['listed']} rows drop out when joined to their links")
        problems += [
            f"{label}.{field}: {count} rows point at a row the ORM does not find"
            for field, count in entry["dangling"].items()
            if count
        ]
    return problems


def _moved_content_types(m: LayoutMigration) -> list[str]:
    ids = {old: ct_id for ct_id, old in m.before.content_types.items()}
    problems = []
    for moved in MOVED:
        ct_id = ids[(moved.old_app, moved.model)]
        now = m.after.content_types.get(ct_id)
        if now != (moved.app, moved.model):
            problems.append(
                f"content type {ct_id} ({moved.old_app}.{moved.model}) is {'.'.join(now) if now else 'gone'}, "
                f"expected {moved.app}.{moved.model}"
            )
    old = {(moved.old_app, moved.model) for moved in MOVED}
    problems += [
        f"content type {ct_id} ({app}.{model}) is left under {app!r}"
        for ct_id, (app, model) in sorted(m.after.content_types.items())
        if (app, model) in old and m.before.content_types.get(ct_id) != (app, model)
    ]
    return problems


def _changed_group_permissions(m: LayoutMigration) -> list[str]:
    def app_of(ct_id: int) -> str:
        return (m.after.content_types.get(ct_id) or m.before.content_types[ct_id])[0]

    def on_purpose(perm: tuple[str, int, str], changes: set) -> bool:
        group, ct_id, codename = perm
        return (group, app_of(ct_id), codename) in changes

    lost = {p for p in m.before.group_permissions - m.after.group_permissions if not on_purpose(p, ROLES_LOST)}
    # A permission of a model added since the previous layout is new; one more on a content type that existed
    # changes what a role may do.
    gained = {
        p
        for p in m.after.group_permissions - m.before.group_permissions
        if p[1] in m.before.content_types and not on_purpose(p, ROLES_GAINED)
    }

    def named(group: str, ct_id: int, codename: str) -> str:
        app, model = m.after.content_types.get(ct_id) or m.before.content_types[ct_id]
        return f"{group!r}: {codename} on content type {ct_id} ({app}.{model})"

    return [f"lost {named(*p)}" for p in sorted(lost)] + [f"gained {named(*p)}" for p in sorted(gained)]


def _broken_outbox_builders(m: LayoutMigration) -> list[str]:
    builders = m.orm["builders"]
    if not builders:
        return ["no unsent message is left: the previous layout's were lost or sent by the migration"]
    return [f"{builder}: {error}" for builder, error in sorted(builders.items()) if error]


def _api_keys_lost(m: LayoutMigration) -> list[str]:
    missing = m.before.api_key_digests - m.after.api_key_digests
    return [f"{len(missing)} of {len(m.before.api_key_digests)} keys' digests are gone"] if missing else []


def test_previous_layout_database_migrates_keeping_every_row(layout_migration):
    checks = {
        "Tables that lost or changed rows": _lost_rows,
        "Moved models read through their new apps": _moved_model_counts,
        "Relations of moved models": _unreachable_relations,
        "Content types of moved models (their ids carry the group permissions)": _moved_content_types,
        "Group permissions": _changed_group_permissions,
        "Unsent outbox messages whose builder does not import": _broken_outbox_builders,
        "API keys that would no longer sign in": _api_keys_lost,
    }
    report = [
        f"{title}:\n  " + "\n  ".join(problems)
        for title, check in checks.items()
        if (problems := check(layout_migration))
    ]
    assert not report, "The previous layout's database did not migrate intact.\n" + "\n".join(report)
