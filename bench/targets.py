"""The speed budget as one table: each row's figure read from a run's results, its target, and whether it is met.

The same rows are printed at every scale, and beside another scale's stored figures: a figure that moves more than
10 % between scale 1 and scale 5 is a cost that grows with the tables (an index or a query to look at).
Nothing here is asserted: a missed target is printed as "no", and the bench still finishes.
"""

from collections.abc import Callable
from dataclasses import dataclass

from bench.stats import table

# How far a figure may move between scales before the bench calls it a growing cost.
SCALE_TOLERANCE = 0.10


@dataclass(frozen=True)
class Figure:
    """One row's figure: the text printed, the numbers compared between scales, and whether the target is met."""

    text: str
    values: dict[str, float]
    met: bool | None  # None: not measured in this run


MISSING = Figure("not measured", {}, None)


@dataclass(frozen=True)
class Target:
    what: str
    target: str
    read: Callable[[dict], Figure]
    # The values compared between scales, and whether higher is better (rates) or lower is (latencies, queries).
    higher_is_better: bool = True


def _pages(results: dict, names: list[str]) -> dict[str, dict]:
    by_name = {record.get("page"): record for record in results.get("pages") or []}
    return {name: by_name[name] for name in names if name in by_name}


def _share_row(names: list[str], at_least: float) -> Callable[[dict], Figure]:
    def read(results: dict) -> Figure:
        pages = _pages(results, names)
        shares = {name: page.get("share_of_trivial") for name, page in pages.items()}
        if not shares or any(share is None for share in shares.values()):
            return MISSING
        text = " / ".join(f"{share:.0%}" for share in shares.values())
        values = {f"{name} req/s": pages[name]["rps"] for name in shares}
        return Figure(text, values, all(share >= at_least for share in shares.values()))

    return read


def _checkout(results: dict) -> Figure:
    uncontended = (results.get("checkout") or {}).get("uncontended")
    if not uncontended:
        return MISSING
    rate, queries = uncontended["orders_per_s"], uncontended.get("queries_per_order")
    text = f"{rate:.0f} orders/s, " + ("? queries" if queries is None else f"{queries:g} queries an order")
    if uncontended.get("round_trips_per_order"):
        text += f" ({uncontended['round_trips_per_order']:g} round trips)"
    met = rate >= 150 and queries is not None and queries <= 15
    values = {"orders/s": rate} | ({} if queries is None else {"queries an order": -queries})
    return Figure(text, values, met)


def _race(results: dict) -> Figure:
    race = (results.get("checkout") or {}).get("contended")
    if not race:
        return MISSING
    # The race's rate is of checkouts answered, placed or refused: with 5 units for 20 buyers, most answers are "no".
    answered = (race["won"] + race["lost"] + race["errors"]) / race["seconds"] if race["seconds"] else 0.0
    text = (
        f"{race['won']} placed, {race['lost']} refused, {race['errors']} errors, oversell {race['oversell']}, "
        f"{answered:.0f} checkouts answered/s"
    )
    exact = race["won"] == race["units"] and race["lost"] == race["buyers"] - race["units"]
    met = exact and race["errors"] == 0 and race["oversell"] == 0 and answered >= 50
    return Figure(text, {"checkouts answered/s": round(answered, 1)}, met)


def _reservations(results: dict) -> Figure:
    rows = [row for row in results.get("stock") or [] if str(row.get("operation", "")).startswith("reserve+release")]
    rates = {}
    for row in rows:
        try:
            rates[row["operation"].removeprefix("reserve+release, ")] = float(row["ops/s"])
        except (TypeError, ValueError):
            return Figure(f"{row['operation']}: {row['ops']} {row['ops/s']}", {}, False)
    if not rates:
        return MISSING
    text = ", ".join(f"{rate:.0f} ops/s ({which})" for which, rate in rates.items())
    return Figure(text, {f"{which} ops/s": rate for which, rate in rates.items()}, min(rates.values()) >= 300)


def _lookup(results: dict) -> Figure:
    kinds = {row["by"]: row for row in (results.get("clerk") or {}).get("lookups") or []}
    wanted = [kinds[kind] for kind in ("one word with typo", "name with typo") if kind in kinds]
    if not wanted:
        return MISSING
    text = " and ".join(f"{row['found']}/{row['lookups']}" for row in wanted)
    p95 = max(row["p95_ms"] for row in wanted)
    met = all(row["found"] == row["lookups"] for row in wanted) and p95 < 15
    values = {f"found ({row['by']})": row["found"] for row in wanted} | {"p95 ms": -p95}
    return Figure(f"found {text}, p95 {p95:.1f} ms", values, met)


ANONYMOUS = ["home", "category page (24 cards)", "product page"]
SIGNED_IN = ["wishlist (signed in)", "category page (signed in)", "product page (signed in)"]

TARGETS = [
    Target("home, category, product (anonymous), share of the trivial view", "≥ 75 %", _share_row(ANONYMOUS, 0.75)),
    Target("search (anonymous)", "≥ 40 %", _share_row(["search"], 0.40)),
    Target("API product list", "≥ 60 %", _share_row(["API product list"], 0.60)),
    Target("wishlist, category, product (signed in)", "≥ 40 %", _share_row(SIGNED_IN, 0.40)),
    Target("checkout, pay at pickup, uncontended", "≥ 150 orders/s, ≤ 15 queries", _checkout),
    Target("20 buyers racing for 5 units", "5 placed, 15 refused, 0 errors, ≥ 50 checkouts answered/s", _race),
    Target("stock reserve + release, 4 threads", "≥ 300 ops/s", _reservations),
    Target("clerk lookup, one misspelt word / name with a typo", "40/40, p95 < 15 ms", _lookup),
]


def _met(figure: Figure) -> str:
    return {True: "yes", False: "no", None: "-"}[figure.met]


def summary(results: dict, *, scale: float, out) -> list[dict]:
    """Print the budget table for one run and return its rows for results.json."""
    rows, records = [], []
    for target in TARGETS:
        figure = target.read(results)
        rows.append([target.what, figure.text, target.target, _met(figure)])
        records.append({"what": target.what, "figure": figure.text, "target": target.target, "met": figure.met})
    met = sum(1 for record in records if record["met"])
    measured = sum(1 for record in records if record["met"] is not None)
    table(
        f"Budget at scale {scale:g} ({met} of {measured} measured rows met, of {len(records)})",
        ["what", "now", "target", "met"],
        rows,
        out,
    )
    return records


def compare(base: dict, other: dict, *, base_scale: float, other_scale: float, out) -> list[dict]:
    """Print each row's figures at two scales and whether the larger one stays within SCALE_TOLERANCE."""
    rows, records = [], []
    for target in TARGETS:
        first, second = target.read(base), target.read(other)
        for name, value in first.values.items():
            if name not in second.values:
                continue
            # Values where lower is better are stored negated, so "worse" is always "smaller".
            a, b = abs(value), abs(second.values[name])
            change = (b - a) / a if a else 0.0
            worse = (second.values[name] - value) / abs(value) if value else 0.0
            within = worse >= -SCALE_TOLERANCE
            rows.append([f"{target.what}: {name}", f"{a:g}", f"{b:g}", f"{change:+.0%}", "yes" if within else "NO"])
            records.append(
                {
                    "what": target.what,
                    "figure": name,
                    "base": a,
                    "other": b,
                    "change": round(change, 4),
                    "within": within,
                }
            )
    header = ["figure", f"scale {base_scale:g}", f"scale {other_scale:g}", "change", "within 10 %"]
    table(
        f"Scale {other_scale:g} beside scale {base_scale:g} (the same rows; a growing cost shows here)",
        header,
        rows,
        out,
    )
    return records
