"""wrk, the load generator: its command line and its `--latency` report read into numbers."""

import re
import shutil
import subprocess
from dataclasses import dataclass

_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
_DURATION = r"([\d.]+)(us|ms|s|m|h)"


@dataclass
class WrkResult:
    requests: int
    seconds: float
    rps: float
    p50: float
    p99: float
    non_2xx_3xx: int = 0
    socket_errors: int = 0


def _seconds(value: str, unit: str) -> float:
    return float(value) * _UNITS[unit]


def parse_wrk(text: str) -> WrkResult:
    """Requests, req/s, p50 and p99 (seconds) and errors from what `wrk --latency` prints."""
    percentiles = {int(p): _seconds(v, u) for p, v, u in re.findall(rf"^\s+(\d+)%\s+{_DURATION}\s*$", text, re.M)}
    done = re.search(rf"^\s*(\d+) requests in {_DURATION}", text, re.M)
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", text, re.M)
    if not (done and rate and 50 in percentiles and 99 in percentiles):
        raise ValueError(f"not a `wrk --latency` report: {text[:200]!r}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    return WrkResult(
        requests=int(done.group(1)),
        seconds=_seconds(done.group(2), done.group(3)),
        rps=float(rate.group(1)),
        p50=percentiles[50],
        p99=percentiles[99],
        non_2xx_3xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(int(n) for n in errors.groups()) if errors else 0,
    )


def wrk_command(*, url: str, seconds: int, connections: int, threads: int, headers: dict[str, str]) -> list[str]:
    """The wrk call for one page: fixed duration and connections, every latency percentile printed."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    return [*command, url]


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def wrk_run(*, url: str, seconds: int, connections: int, threads: int, headers: dict[str, str]) -> WrkResult:
    """Run wrk against one URL; bounded by its duration plus a margin."""
    command = wrk_command(url=url, seconds=seconds, connections=connections, threads=threads, headers=headers)
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30, check=True)
    return parse_wrk(done.stdout)
