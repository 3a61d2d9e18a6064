"""Every page measured twice: queries and ms in this process, then req/s and bytes on gunicorn under load."""

from bench.knobs import (
    CLIENTS,
    COLD_RUNS,
    CONNECTIONS,
    MAX_SECONDS,
    PORT,
    REQUESTS,
    ROOT,
    RUNS,
    SECONDS,
    WORKERS,
    WRK_THREADS,
    out,
    say,
)
from bench.stats import ms, table


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def inprocess_figures(pages) -> dict:
    """Queries and ms per request of every page in this process, each page with its own client (signed in or not)."""
    from bench.pages import clients, in_process

    anonymous, shopper = clients()
    figures = {}
    for page in pages:
        client = shopper if page.signed_in else anonymous
        if client is None:
            figures[page.name] = None
            continue
        figures[page.name] = in_process(client, page.path, warm_runs=RUNS, cold_runs=COLD_RUNS, max_seconds=MAX_SECONDS)
    cookie = session_header(shopper)
    rows = [
        [page.name, page.path, f.queries, f.status, _ms(f.warm_ms), _ms(f.page_miss_ms), _ms(f.cold_ms)]
        if (f := figures[page.name])
        else [page.name, page.path, "-", "skipped: no shopper login", "-", "-", "-"]
        for page in pages
    ]
    table(
        f"Pages in process — DEBUG=0, median of up to {RUNS} warm requests, of {RUNS} whose whole-page cache missed "
        f"(fragments warm) and of {COLD_RUNS} after cache.clear()",
        ["page", "path", "queries", "status", "ms warm", "ms page miss, fragments warm", "ms caches empty"],
        rows,
        out,
    )
    return {"figures": figures, "cookie": cookie}


def session_header(shopper) -> str | None:
    from bench.pages import session_cookie

    return session_cookie(shopper) if shopper is not None else None


def load_generator() -> tuple[bool, str]:
    """Whether wrk drives the load, and the load generator in words for the table's title."""
    from bench.wrk import wrk_available, wrk_command

    if wrk_available():
        command = wrk_command(url="URL", seconds=SECONDS, connections=CONNECTIONS, threads=WRK_THREADS, headers={})
        return True, " ".join(command[:-1])
    say(
        "\nwrk is missing: measuring with Python clients, which top out near 1,000 req/s (install: apt-get install -y wrk)"
    )
    return False, f"Python clients ({CLIENTS} keep-alive, {REQUESTS} requests; install wrk for the true rate)"


def load_figures(env: dict[str, str], pages, cookie: str | None) -> tuple[dict, str]:
    """Each page under load on gunicorn (wrk, else Python clients), and its bytes plain and gzip-requested."""
    from bench import web

    use_wrk, generator = load_generator()
    server = web.Server(root=ROOT, env=env, workers=WORKERS, port=PORT)
    figures = {}
    try:
        server.wait_ready()
        for page in pages:
            if page.signed_in and cookie is None:
                figures[page.name] = None
                continue
            headers = {"Cookie": cookie} if page.signed_in else {}
            status = web.warm(port=server.port, path=page.path, headers=headers)
            sizes = web.response_sizes(port=server.port, path=page.path, headers=headers)
            # Browsers and load balancers ask for gzip; the server decides whether to compress.
            load = _load(port=server.port, page=page, headers={**headers, "Accept-Encoding": "gzip"}, use_wrk=use_wrk)
            figures[page.name] = {**load, "status": status, "sizes": sizes}
    finally:
        server.stop()
    return figures, generator


def _load(*, port: int, page, headers: dict[str, str], use_wrk: bool) -> dict:
    """Rate, median and p99 latency, requests and errors of one page under load."""
    from bench import web
    from bench.wrk import wrk_run

    if use_wrk:
        url = f"http://{web.HOST}:{port}{page.path}"
        result = wrk_run(url=url, seconds=SECONDS, connections=CONNECTIONS, threads=WRK_THREADS, headers=headers)
        errors = result.non_2xx_3xx + result.socket_errors
    else:
        result = web.load(
            name=page.name,
            port=port,
            path=page.path,
            headers=headers,
            requests=REQUESTS,
            clients=CLIENTS,
            max_seconds=MAX_SECONDS,
        )
        errors = result.non_200
    return {"rps": result.rps, "p50": result.p50, "p99": result.p99, "requests": result.requests, "errors": errors}


LOAD_HEADER = [
    "page",
    "req/s",
    "p50 ms",
    "p99 ms",
    "÷ trivial",
    "errors",
    "queries",
    "bytes",
    "bytes asking gzip",
    "gzip -6",
]


def web_figures(env: dict[str, str], pages) -> tuple[list[dict], dict]:
    """Both views of every page, printed as two tables and returned as rows for results.json."""
    from bench.pages import share_of

    local = inprocess_figures(pages)
    loaded, generator = load_figures(env, pages, local["cookie"])
    ceiling = (loaded.get("trivial view") or {}).get("rps")
    rows, records = [], []
    for page in pages:
        f, p = loaded[page.name], local["figures"][page.name]
        if f is None:
            rows.append([page.name, "skipped: no shopper login", "", "", "", "", "", "", "", ""])
            continue
        share = share_of(f["rps"], ceiling)
        rows.append(_load_row(page, f, p, share))
        records.append(_record(page, f, p, share))
    table(
        f"Pages under load — gunicorn config.wsgi, {WORKERS} sync workers, DEBUG=0; {generator}; Accept-Encoding: gzip",
        LOAD_HEADER,
        rows,
        out,
    )
    server = {"command": f"gunicorn config.wsgi --workers {WORKERS}", "port": PORT, "load_generator": generator}
    return records, server


def _load_row(page, f: dict, p, share: float | None) -> list:
    """One page's line of the under-load table (p: its in-process figures, if measured)."""
    sizes = f["sizes"]
    return [
        page.name,
        f"{f['rps']:.0f}",
        ms(f["p50"]),
        ms(f["p99"]),
        "-" if share is None else f"{share:.1%}",
        f["errors"],
        "-" if p is None else p.queries,
        sizes.plain,
        f"{sizes.gzip_requested} ({sizes.content_encoding})",
        sizes.gzip_possible,
    ]


def _rounded_ms(p, name: str) -> float | None:
    value = None if p is None else getattr(p, name)
    return None if value is None else round(value, 2)


def _record(page, f: dict, p, share: float | None) -> dict:
    """One page's figures for results.json."""
    sizes = f["sizes"]
    return {
        "page": page.name,
        "path": page.path,
        "signed_in": page.signed_in,
        "status": f["status"],
        "requests": f["requests"],
        "rps": round(f["rps"], 1),
        "p50_ms": round(f["p50"] * 1000, 2),
        "p99_ms": round(f["p99"] * 1000, 2),
        "share_of_trivial": None if share is None else round(share, 4),
        "errors": f["errors"],
        "queries": None if p is None else p.queries,
        "bytes_plain": sizes.plain,
        "bytes_gzip_requested": sizes.gzip_requested,
        "content_encoding": sizes.content_encoding,
        "bytes_gzip_possible": sizes.gzip_possible,
        "inprocess_warm_ms": _rounded_ms(p, "warm_ms"),
        "inprocess_caches_empty_ms": _rounded_ms(p, "cold_ms"),
        "inprocess_page_miss_ms": _rounded_ms(p, "page_miss_ms"),
    }
