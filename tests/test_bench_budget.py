"""`make bench`'s budget table: each figure read from a run's results, judged against its target, and compared
between scales. No server and no database: the results are what a run writes to bench/results.json."""

import io

from bench.targets import TARGETS, compare, summary


def _page(name: str, share: float, rps: float = 1000.0) -> dict:
    return {"page": name, "share_of_trivial": share, "rps": rps}


def _run(*, share: float = 0.8, orders_per_s: float = 160.0, queries: int = 12, p95_ms: float = 9.0, found=40) -> dict:
    pages = [
        "home",
        "category page (24 cards)",
        "product page",
        "search",
        "API product list",
        "wishlist (signed in)",
        "category page (signed in)",
        "product page (signed in)",
    ]
    return {
        "pages": [_page(name, share) for name in pages],
        "checkout": {
            "uncontended": {"orders": 200, "seconds": 1.0, "orders_per_s": orders_per_s, "queries_per_order": queries},
            "contended": {
                "buyers": 20,
                "units": 5,
                "won": 5,
                "lost": 15,
                "errors": 0,
                "oversell": 0,
                "seconds": 0.2,
                "orders_per_s": 60.0,
            },
        },
        "stock": [
            {"operation": "reserve+release, distinct SKUs", "ops": 400, "ops/s": "350"},
            {"operation": "reserve+release, same SKU", "ops": 400, "ops/s": "320"},
        ],
        "clerk": {
            "lookups": [
                {"by": "name with typo", "found": found, "lookups": 40, "p95_ms": p95_ms},
                {"by": "one word with typo", "found": 40, "lookups": 40, "p95_ms": p95_ms},
            ]
        },
    }


def test_every_row_of_the_budget_is_printed_with_its_target_and_whether_it_is_met():
    out = io.StringIO()

    rows = summary(_run(), scale=1, out=out)

    assert [row["what"] for row in rows] == [target.what for target in TARGETS]
    assert all(row["met"] is True for row in rows)
    assert "Budget at scale 1 (8 of 8 measured rows met, of 8)" in out.getvalue()
    assert "≥ 150 orders/s, ≤ 15 queries" in out.getvalue()


def test_a_missed_target_says_no_and_a_section_not_run_says_not_measured():
    results = _run(orders_per_s=47, queries=26, found=36)
    del results["stock"]
    results["checkout"]["contended"]["seconds"] = 0.5  # 20 answers in half a second: 40 a second

    rows = {row["what"]: row for row in summary(results, scale=1, out=io.StringIO())}

    checkout = rows["checkout, pay at pickup, uncontended"]
    assert checkout["met"] is False and checkout["figure"] == "47 orders/s, 26 queries an order"
    race = rows["20 buyers racing for 5 units"]
    assert race["met"] is False and race["figure"].endswith("40 checkouts answered/s")
    lookup = rows["clerk lookup, one misspelt word / name with a typo"]
    assert lookup["met"] is False and lookup["figure"].startswith("found 40/40 and 36/40")
    assert rows["stock reserve + release, 4 threads"] == {
        "what": "stock reserve + release, 4 threads",
        "figure": "not measured",
        "target": "≥ 300 ops/s",
        "met": None,
    }


def test_a_page_below_its_share_misses_the_row_even_when_the_others_meet_it():
    results = _run(share=0.8)
    results["pages"][1]["share_of_trivial"] = 0.6

    rows = {row["what"]: row for row in summary(results, scale=1, out=io.StringIO())}

    anonymous = rows["home, category, product (anonymous), share of the trivial view"]
    assert anonymous["figure"] == "80% / 60% / 80%" and anonymous["met"] is False


def test_a_figure_that_grows_worse_with_the_tables_is_flagged_between_scales():
    small, large = _run(orders_per_s=160, queries=12, p95_ms=9.0), _run(orders_per_s=150, queries=12, p95_ms=14.0)

    rows = compare(small, large, base_scale=1, other_scale=5, out=io.StringIO())

    by_figure = {(row["what"], row["figure"]): row for row in rows}
    assert by_figure[("checkout, pay at pickup, uncontended", "orders/s")]["within"] is True  # −6 %
    assert by_figure[("checkout, pay at pickup, uncontended", "queries an order")]["within"] is True
    lookup = by_figure[("clerk lookup, one misspelt word / name with a typo", "p95 ms")]
    assert lookup["within"] is False and lookup["base"] == 9.0 and lookup["other"] == 14.0


def test_a_figure_that_improves_at_the_larger_scale_is_within():
    rows = compare(_run(orders_per_s=100), _run(orders_per_s=140), base_scale=1, other_scale=5, out=io.StringIO())

    row = next(r for r in rows if r["figure"] == "orders/s" and r["what"].startswith("checkout, pay"))
    assert row["within"] is True and row["change"] == 0.4


def test_fewer_lookups_found_at_the_larger_scale_is_flagged():
    small, large = _run(found=40), _run(found=35)

    rows = compare(small, large, base_scale=1, other_scale=5, out=io.StringIO())

    found = next(r for r in rows if r["figure"] == "found (name with typo)")
    assert found["within"] is False and (found["base"], found["other"]) == (40, 35)
