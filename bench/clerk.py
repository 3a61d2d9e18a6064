"""Clerk lookup at 100,000 customers: latency by email, phone, card and name, and whether the plan uses an index."""

import re
import time
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.stats import percentile
from demo.scale import EMAIL_DOMAIN

SAMPLES = 40


@dataclass
class Lookup:
    kind: str
    example: str
    latencies: list[float]
    hits: int
    slowest: str = ""
    plan_first_line: str = ""
    plan_scans: str = ""
    uses_index: bool | None = None

    @property
    def p50(self) -> float:
        return percentile(self.latencies, 50)

    @property
    def p95(self) -> float:
        return percentile(self.latencies, 95)


def _typo(name: str) -> str:
    """Drop one letter from the last name, as a hurried clerk would."""
    first, _, last = name.partition(" ")
    cut = len(last) // 2
    return f"{first} {last[:cut]}{last[cut + 1 :]}"


def _phone_as_typed(e164: str) -> str:
    """+4791234567 as a clerk types it: "912 34 567" (the store's country supplies +47)."""
    digits = e164.removeprefix("+47")
    return f"{digits[:3]} {digits[3:5]} {digits[5:]}"


def _queries() -> dict[str, list[str]]:
    """Lookups of spread-out scale customers, written the way people type them."""
    from customers.models import Customer

    rows = list(
        Customer.objects.filter(email__endswith="@" + EMAIL_DOMAIN, phone__isnull=False)
        .order_by("pk")
        .values_list("email", "phone", "card_number", "first_name", "last_name")
    )
    if not rows:
        raise RuntimeError("no scale customers: run `manage.py seed_demo --scale 1` first")
    step = max(1, len(rows) // SAMPLES)
    sample = rows[::step][:SAMPLES]
    return {
        "email": [email.upper() if i % 2 else email for i, (email, *_) in enumerate(sample)],
        "phone": [_phone_as_typed(phone) for _, phone, *_ in sample],
        "card": [f"{card[:4]} {card[4:8]} {card[8:]}" for _, _, card, _, _ in sample],
        "name": [f"{first} {last}" for *_, first, last in sample],
        "name with typo": [_typo(f"{first} {last}") for *_, first, last in sample],
        # One misspelt word matches thousands of similar names at this scale: the hardest name lookup.
        "one word with typo": [_typo(f"{last} {last}").partition(" ")[2] for *_, last in sample],
    }


SCAN = re.compile(r"(Seq Scan|Index Only Scan|Index Scan|Bitmap Index Scan|Bitmap Heap Scan)(?: using (\S+))? on (\S+)")


def _explain(sql: str) -> tuple[str, str, bool]:
    """The plan's first line, its scans of the customer table, and whether none of them reads the whole table."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        plan = [row[0] for row in cursor.fetchall()]
    scans = []
    for line in plan:
        match = SCAN.search(line)
        if not match:
            continue
        node, index, target = match.groups()
        if node == "Bitmap Index Scan" and target.startswith("customer"):
            scans.append(f"{node} {target}")
        elif target == "customers_customer":
            scans.append(f"{node} {index}" if index else node)
    seq = any(scan.startswith("Seq Scan") for scan in scans)
    return plan[0].strip(), "; ".join(dict.fromkeys(scans)), not seq


def lookups(*, country: str = "NO") -> list[Lookup]:
    """Time every query of each kind once (after one warm-up), then explain the main query of the slowest one.

    The slowest, not the first: a plan that looks fine for "Kari Hansen" can be a sequential scan for a longer name.
    """
    from customers.selectors import customer_lookup

    results = []
    for kind, queries in _queries().items():
        customer_lookup(query=queries[0], country=country)
        latencies, hits = [], 0
        for query in queries:
            t0 = time.perf_counter()
            found = list(customer_lookup(query=query, country=country))
            latencies.append(time.perf_counter() - t0)
            hits += bool(found)
        slowest = queries[max(range(len(queries)), key=latencies.__getitem__)]
        with CaptureQueriesContext(connection) as captured:
            list(customer_lookup(query=slowest, country=country))
        main = next((q["sql"] for q in captured.captured_queries if "customers_customer" in q["sql"]), None)
        lookup = Lookup(kind, queries[0], latencies, hits, slowest=slowest)
        if main:
            lookup.plan_first_line, lookup.plan_scans, lookup.uses_index = _explain(main)
        results.append(lookup)
    return results
