"""A small asyncio HTTP/1.1 load generator for loopback only: N concurrent clients for a fixed duration.

    python -m bench.loadgen http://127.0.0.1:8123/commitments/ --duration 10 --concurrency 8

Each request opens a connection and sends ``Connection: close`` (gunicorn's sync workers close after each
response anyway). Prints requests per second and latency percentiles. Refuses any host but loopback.
"""
import argparse
import asyncio
import ipaddress
import json
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class Outcome:
    url: str
    duration: float
    requests: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return self.requests / self.duration if self.duration else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

    def as_dict(self) -> dict:
        return {"url": self.url, "rps": round(self.rps, 1), "requests": self.requests, "errors": self.errors,
                "p50_ms": round(self.percentile(50) * 1000, 1), "p95_ms": round(self.percentile(95) * 1000, 1),
                "statuses": self.statuses}


def _loopback_only(host: str) -> None:
    address = ipaddress.ip_address(socket.gethostbyname(host))
    if not address.is_loopback:
        raise SystemExit(f"loadgen: {host} is not a loopback address; refusing")


async def _one(host: str, port: int, request: bytes) -> int:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(request)
        await writer.drain()
        data = await reader.read()
    finally:
        writer.close()
    line = data.split(b"\r\n", 1)[0].split()
    return int(line[1]) if len(line) > 1 else 0


async def _client(outcome: Outcome, host: str, port: int, request: bytes, until: float, cap: int) -> None:
    while time.monotonic() < until and outcome.requests + outcome.errors < cap:
        started = time.monotonic()
        try:
            status = await asyncio.wait_for(_one(host, port, request), timeout=30)
        except (OSError, TimeoutError):
            outcome.errors += 1
            continue
        outcome.latencies.append(time.monotonic() - started)
        outcome.statuses[status] = outcome.statuses.get(status, 0) + 1
        if 200 <= status < 400:
            outcome.requests += 1
        else:
            outcome.errors += 1


async def run(url: str, duration: float = 10.0, concurrency: int = 8, cap: int = 1_000_000,
              headers: dict | None = None) -> Outcome:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    _loopback_only(host)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
    request = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUser-Agent: portal-bench\r\n"
               f"Accept: text/html\r\n{extra}Connection: close\r\n\r\n").encode()
    outcome = Outcome(url=url, duration=duration)
    started = time.monotonic()
    until = started + duration
    await asyncio.gather(*(_client(outcome, host, port, request, until, cap) for _ in range(concurrency)))
    outcome.duration = time.monotonic() - started
    return outcome


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args(argv)
    outcome = asyncio.run(run(args.url, args.duration, args.concurrency))
    print(json.dumps(outcome.as_dict(), ensure_ascii=False))


if __name__ == "__main__":
    main()
