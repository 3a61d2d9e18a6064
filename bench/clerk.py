"""Clerk lookup at 100,000 customers: latency by email, phone, card and name, and whether the plan uses an index."""

import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.knobs import out, say
from bench.stats import Timed, ms, table
from demo.scale import EMAIL_DOMAIN

SAMPLES = 40


@dataclass
class Lookup(Timed):
    kind: str
    example: str
    latencies: list[float]
    hits: int
    slowest: str = ""
    plan_first_line: str = ""
    plan_scans: str = ""
    uses_index: bool | None = None
    missed: list[str] | None = None  # what found no one, as typed


def _typo(name: str) -> str:
    """Drop one letter from the last name, as a hurried clerk would."""
    first, _, last = name.partition(" ")
    cut = len(last) // 2
    return f"{first} {last[:cut]}{last[cut + 1 :]}"


def _phone_as_typed(e164: str) -> str:
    """+4791234567 as a clerk types it: "912 34 567" (the store's country supplies +47)."""
    digits = e164.removeprefix("+47")
    return f"{digits[:3]} {digits[3:5]} {digits[5:]}"


def _queries() -> dict[str, list[tuple[str, Callable[[list], bool]]]]:
    """Lookups of spread-out scale customers, written the way people type them, each with what counts as found:
    the very customer for an email, phone or card; a customer of that first and last name for a name (at scale
    several share one); a customer of that surname for one misspelt word (thousands share it, the clerk narrows)."""
    from customers.models import Customer

    rows = list(
        Customer.objects.filter(email__endswith="@" + EMAIL_DOMAIN, phone__isnull=False)
        .order_by("pk")
        .values_list("pk", "email", "phone", "card_number", "first_name", "last_name")
    )
    if not rows:
        raise RuntimeError("no scale customers: run `manage.py seed_demo --scale 1` first")
    step = max(1, len(rows) // SAMPLES)
    sample = rows[::step][:SAMPLES]

    def this_one(pk):
        return lambda found: any(c.pk == pk for c in found)

    def named(first, last):
        return lambda found: any(c.first_name == first and c.last_name == last for c in found)

    def surnamed(last):
        return lambda found: any(c.last_name == last for c in found)

    return {
        "email": [(email.upper() if i % 2 else email, this_one(pk)) for i, (pk, email, *_) in enumerate(sample)],
        "phone": [(_phone_as_typed(phone), this_one(pk)) for pk, _, phone, *_ in sample],
        "card": [(f"{card[:4]} {card[4:8]} {card[8:]}", this_one(pk)) for pk, _, _, card, _, _ in sample],
        "name": [(f"{first} {last}", named(first, last)) for *_, first, last in sample],
        "name with typo": [(_typo(f"{first} {last}"), named(first, last)) for *_, first, last in sample],
        # One misspelt word matches thousands of similar names at this scale: the hardest name lookup.
        "one word with typo": [(_typo(f"{last} {last}").partition(" ")[2], surnamed(last)) for *_, last in sample],
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
    for kind, checked in _queries().items():
        queries = [query for query, _ in checked]
        customer_lookup(query=queries[0], country=country)
        latencies, hits, missed = [], 0, []
        for query, is_found in checked:
            t0 = time.perf_counter()
            found = list(customer_lookup(query=query, country=country))
            latencies.append(time.perf_counter() - t0)
            if is_found(found):
                hits += 1
            else:
                missed.append(query)
        slowest = queries[max(range(len(queries)), key=latencies.__getitem__)]
        with CaptureQueriesContext(connection) as captured:
            list(customer_lookup(query=slowest, country=country))
        main = next((q["sql"] for q in captured.captured_queries if "customers_customer" in q["sql"]), None)
        lookup = Lookup(kind, queries[0], latencies, hits, slowest=slowest, missed=missed)
        if main:
            lookup.plan_first_line, lookup.plan_scans, lookup.uses_index = _explain(main)
        results.append(lookup)
    return results


def clerk_figures() -> dict:
    """The clerk part of `make bench`: lookup latency by kind and the plan of the slowest lookup; printed."""
    from customers.models import Customer

    try:
        from customers.selectors import customer_lookup  # noqa: F401 — only: does it exist yet?
    except ImportError:
        say("\nClerk lookup: skipped: not available (customers.selectors.customer_lookup)")
        return {"status": "not available"}
    total = Customer.objects.count()
    try:
        results = lookups()
    except Exception as exc:
        say(f"\nClerk lookup: failed: {exc.__class__.__name__}: {exc}")
        return {"status": f"failed: {exc.__class__.__name__}: {exc}"}
    rows = [
        [r.kind, repr(r.example), len(r.latencies), f"{r.hits}/{len(r.latencies)}", ms(r.p50), ms(r.p95)]
        for r in results
    ]
    table(
        f"Clerk lookup at {total:,} customers (customer_lookup, in process)",
        ["by", "example", "lookups", "found", "p50 ms", "p95 ms"],
        rows,
        out,
    )
    for r in results:
        if r.missed:
            say(f"  {r.kind}: found no one for {', '.join(map(repr, r.missed))}")
    rows = [
        [
            r.kind,
            repr(r.slowest),
            {True: "yes", False: "NO (seq scan)", None: "?"}[r.uses_index],
            r.plan_scans,
            r.plan_first_line,
        ]
        for r in results
    ]
    table(
        "Lookup plans (EXPLAIN of the main query of the slowest lookup of each kind)",
        ["by", "slowest query", "index", "scans of customers", "plan: first line"],
        rows,
        out,
    )
    return {
        "customers": total,
        "lookups": [
            {
                "by": r.kind,
                "example": r.example,
                "lookups": len(r.latencies),
                "found": r.hits,
                "p50_ms": round(r.p50 * 1000, 2),
                "p95_ms": round(r.p95 * 1000, 2),
                "slowest": r.slowest,
                "uses_index": r.uses_index,
                "missed": r.missed,
            }
            for r in results
        ],
    }
