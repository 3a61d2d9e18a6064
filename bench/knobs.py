"""The bench's knobs, read once from the environment, and where it prints."""

import os
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results.json"

out = sys.stdout


def knob(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


# BENCH_SCALE is one scale ("1", the default) or several ("1 5"): each is run in turn, then printed side by side.
SCALES = [float(part) for part in os.environ.get("BENCH_SCALE", "1").replace(",", " ").split()] or [1.0]
SCALE = SCALES[0]
# BENCH_ONLY: a comma-separated choice of sections (pages, stock, clerk, checkout, marketing, square, feeds).
# Default: every section at scale 1; at a larger scale only those the budget table reads (the others scale apart).
SECTIONS = ("pages", "stock", "clerk", "checkout", "marketing", "square", "feeds")
BUDGET_SECTIONS = ("pages", "stock", "clerk", "checkout")
ONLY = [part.strip() for part in os.environ.get("BENCH_ONLY", "").split(",") if part.strip()]
PORT = int(knob("BENCH_PORT", 8001))
SECONDS = int(knob("BENCH_SECONDS", 5))  # wrk duration per page
CONNECTIONS = int(knob("BENCH_CONNECTIONS", 8))
WRK_THREADS = int(knob("BENCH_WRK_THREADS", 2))
WORKERS = int(knob("BENCH_WORKERS", 2))
RUNS = int(knob("BENCH_RUNS", 20))  # warm in-process requests per page
COLD_RUNS = int(knob("BENCH_COLD_RUNS", 5))  # in-process requests per page, each after emptying every cache
REQUESTS = int(knob("BENCH_REQUESTS", 400))  # only without wrk: Python clients
CLIENTS = int(knob("BENCH_CLIENTS", 4))
MAX_SECONDS = knob("BENCH_MAX_SECONDS", 30)
RESERVE_THREADS = int(knob("BENCH_RESERVE_THREADS", 4))
RESERVE_OPS = int(knob("BENCH_RESERVE_OPS", 100))
FEEDS_FACTOR = int(knob("BENCH_FEEDS_FACTOR", 10))  # the feeds are also written at a catalog this many times larger


def say(message: str) -> None:
    out.write(message + "\n")
    out.flush()
