"""The benchmark at a tiny size: its data adds up and is seeded once; its figures are read and computed right."""

import io
import threading

import pytest
from django.db import connection

from bench import checkout
from bench.checkout import race
from bench.pages import share_of
from bench.prepare import bench_redis_url
from bench.wrk import parse_wrk, wrk_command
from customers.models import Customer
from customers.normalize import normalize_email, normalize_phone
from demo.scale import seed_scale

pytestmark = pytest.mark.django_db

TINY = {"scale": 0, "variants": 40, "customers": 60, "orders": 12, "movements_per_level": 5, "progress": False}


def _rows(sql: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def test_seed_scale_makes_the_counts_it_was_asked_for():
    counts = seed_scale(stdout=io.StringIO(), **TINY)

    assert counts == {"variants": 40, "stock levels": 400, "movements": 2000, "customers": 60, "orders": 12}


def test_every_stock_level_equals_the_sum_of_its_movements_and_never_dips_below_zero():
    seed_scale(stdout=io.StringIO(), **TINY)

    wrong = _rows(
        "SELECT sl.id FROM inventory_stocklevel sl JOIN inventory_stockmovement m ON m.stock_level_id = sl.id "
        "GROUP BY sl.id HAVING sl.on_hand <> sum(m.on_hand_delta) OR min(m.on_hand_after) < 0 "
        "OR sl.reserved <> 0 OR sum(m.reserved_delta) <> 0"
    )
    assert wrong == []
    last_after = _rows(
        "SELECT DISTINCT ON (m.stock_level_id) m.on_hand_after = sl.on_hand FROM inventory_stockmovement m "
        "JOIN inventory_stocklevel sl ON sl.id = m.stock_level_id ORDER BY m.stock_level_id, m.created_at DESC, m.id DESC"
    )
    assert {ok for (ok,) in last_after} == {True}


def test_customers_have_unique_normal_emails_phones_and_cards():
    seed_scale(stdout=io.StringIO(), **TINY)

    customers = list(Customer.objects.values_list("email", "phone", "card_number"))
    emails = [email for email, _, _ in customers]
    phones = [phone for _, phone, _ in customers if phone]
    assert len(set(emails)) == len(emails) == 60
    assert len(set(phones)) == len(phones)
    assert len({card for _, _, card in customers}) == 60
    assert all(normalize_email(email) == email for email in emails)
    assert all(normalize_phone(phone, country="NO") == phone for phone in phones)


def test_order_totals_are_the_sum_of_their_lines():
    seed_scale(stdout=io.StringIO(), **TINY)

    wrong = _rows(
        "SELECT o.id FROM orders_order o JOIN orders_orderline l ON l.order_id = o.id "
        "GROUP BY o.id HAVING o.total <> sum(l.line_total)"
    )
    assert wrong == []


def test_seeding_again_adds_nothing():
    first = seed_scale(stdout=io.StringIO(), **TINY)

    assert seed_scale(stdout=io.StringIO(), **TINY) == first


# `make bench`'s own arithmetic, without a server or wrk: reading wrk's report, shares, the checkout race.

WRK_REPORT = """Running 5s test @ http://127.0.0.1:8001/bench/trivial
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.05ms  812.00us  21.40ms   88.10%
    Req/Sec     1.32k    95.12     1.51k    71.00%
  Latency Distribution
     50%  850.00us
     75%    3.40ms
     90%    4.10ms
     99%    1.20s
  13172 requests in 5.01s, 2.39MB read
  Non-2xx or 3xx responses: 3
  Socket errors: connect 0, read 2, write 0, timeout 1
Requests/sec:   2629.14
Transfer/sec:    488.18KB
"""


def test_wrk_report_gives_rate_percentiles_in_seconds_and_errors():
    result = parse_wrk(WRK_REPORT)

    assert result.requests == 13172
    assert result.seconds == pytest.approx(5.01)
    assert result.rps == pytest.approx(2629.14)
    assert result.p50 == pytest.approx(0.00085)
    assert result.p99 == pytest.approx(1.2)
    assert (result.non_2xx_3xx, result.socket_errors) == (3, 3)


def test_wrk_failure_text_is_refused_rather_than_read_as_zero():
    with pytest.raises(ValueError, match="wrk --latency"):
        parse_wrk("unable to connect to 127.0.0.1:8001 Connection refused\n")


def test_wrk_command_asks_for_latency_percentiles_and_sends_the_headers():
    command = wrk_command(
        url="http://127.0.0.1:8001/", seconds=5, connections=8, threads=2, headers={"Cookie": "sessionid=abc"}
    )

    assert command[:4] == ["wrk", "-t2", "-c8", "-d5s"]
    assert "--latency" in command
    assert command[command.index("-H") + 1] == "Cookie: sessionid=abc"
    assert command[-1] == "http://127.0.0.1:8001/"


def test_share_of_the_trivial_view_is_a_ratio_and_unknown_without_a_ceiling():
    assert share_of(1100.0, 2750.0) == pytest.approx(0.4)
    assert share_of(1100.0, None) is None
    assert share_of(1100.0, 0.0) is None


def test_bench_cache_defaults_to_its_own_redis_database(monkeypatch):
    monkeypatch.delenv("BENCH_REDIS_URL", raising=False)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/4")

    assert bench_redis_url() == "redis://127.0.0.1:6379/15"


def test_race_counts_winners_and_shows_oversell_when_the_seller_does_not_lock():
    units = {"left": 5}
    lock = threading.Lock()

    def careful(_: int) -> bool:
        with lock:
            if units["left"] == 0:
                return False
            units["left"] -= 1
            return True

    careful_race = race(attempt=careful, buyers=20, units=5, timeout=10)
    careless_race = race(attempt=lambda _: True, buyers=20, units=5, timeout=10)

    assert (careful_race.won, careful_race.lost, careful_race.oversell) == (5, 15, 0)
    assert careless_race.oversell == 15


def test_checkout_bench_says_it_is_skipped_while_there_is_no_checkout(monkeypatch):
    monkeypatch.setattr(checkout, "checkout_available", lambda: False)
    lines = []

    assert checkout.checkout_figures(lines.append) == {"status": "not available yet"}
    assert lines[-1].strip() == "checkout: not available yet"


def test_marketing_bench_times_the_bought_together_refresh_on_seeded_orders():
    from bench.marketing import marketing_figures

    seed_scale(stdout=io.StringIO(), **TINY)
    said, out = [], io.StringIO()
    figures = marketing_figures(said.append, out)

    assert said == [] and figures["orders"] == 12
    assert len(figures["bought_together_ms"]) == 3 and figures["pairs"] >= 0
    assert "bought_together_refresh" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_checkout_bench_places_orders_and_the_race_never_oversells():
    from tests.factories import LocationFactory
    from tests.orders.conftest import open_every_day

    open_every_day(LocationFactory(code="BEN1", default_online_buffer=1))
    lines = []

    figures = checkout.checkout_figures(lines.append, orders=5, buyers=6, units=2, max_seconds=20)

    assert figures["uncontended"]["orders"] == 5 and figures["uncontended"]["orders_per_s"] > 0
    # A returning guest's order: its data statements, and BEGIN and COMMIT on top as round trips.
    queries, round_trips = figures["uncontended"]["queries_per_order"], figures["uncontended"]["round_trips_per_order"]
    assert queries > 0 and round_trips == queries + 2
    race_figures = figures["contended"]
    assert (race_figures["won"], race_figures["lost"], race_figures["errors"], race_figures["oversell"]) == (2, 4, 0, 0)
    assert any("orders/s" in line for line in lines)


def test_square_bench_syncs_everything_once_then_only_the_changes_and_leaves_the_database_as_it_was():
    from bench.square import square_figures
    from inventory.models import Location
    from squarepos.models import SquareItem, SquareStockCount

    seed_scale(stdout=io.StringIO(), **TINY)
    stores = Location.objects.filter(kind="store", is_active=True).count()
    said, out = [], io.StringIO()

    figures = square_figures(said.append, out, stores=3, changes=5)

    assert said == [] and figures["stores"] == min(stores, 3)
    assert figures["catalog, full"]["objects"] > 40 and figures["catalog, full"]["requests"] == 1
    assert figures["stock, full"]["objects"] == 40 * figures["stores"]
    assert figures["catalog, nothing changed"]["objects"] == 0
    assert figures["stock, after 5 changes"]["objects"] == 5
    assert "Square POS sync" in out.getvalue()
    assert not SquareItem.objects.exists() and not SquareStockCount.objects.exists()
    assert not Location.objects.exclude(square_location_id="").exists()


def test_feeds_bench_writes_each_feed_at_the_catalog_and_a_larger_one_and_leaves_the_catalog_as_it_was():
    from bench.feeds import feeds_figures
    from catalog.models import Variant
    from inventory.models import StockLevel

    seed_scale(stdout=io.StringIO(), **TINY)
    said, out = [], io.StringIO()
    figures = feeds_figures(said.append, out, factor=3)

    assert said == []
    assert figures["variants"] == {"scale 1": 40, "3x": 120}
    assert figures["scale 1"]["google-products"]["lines"] < figures["3x"]["google-products"]["lines"]
    assert figures["3x"]["meta-products"]["lines"] == 121  # the header and every variant
    assert figures["3x"]["google-local"]["queries"] == figures["scale 1"]["google-local"]["queries"]
    assert all(run["peak_mb"] > 0 for size in ("scale 1", "3x") for run in figures[size].values())
    assert (Variant.objects.count(), StockLevel.objects.count()) == (40, 400)
    assert "Channel feeds" in out.getvalue()
