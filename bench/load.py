"""A small HTTP/1.1 keep-alive load generator (asyncio, raw sockets).

Run in its own process so that it does not share an interpreter with the servers; it is
far cheaper per request than an HTTP client library, so the servers are what is measured.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else float("nan")


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    if length:
        await reader.readexactly(length)
    return status


async def _client(
    host: str,
    port: int,
    request: bytes,
    stop_at: float,
    measure_from: float,
    latencies: list[float],
    counts: list[int],
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while True:
            start = time.perf_counter()
            if start >= stop_at:
                return
            writer.write(request)
            status = await _read_response(reader)
            end = time.perf_counter()
            if start >= measure_from:
                if status == 200:
                    latencies.append((end - start) * 1000)
                    counts[0] += 1
                else:
                    counts[1] += 1
    finally:
        writer.close()


async def _run(
    host: str,
    port: int,
    path: str,
    seconds: float,
    connections: int,
    warmup: float,
    headers: dict[str, str],
) -> Result:
    extra = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: application/json\r\n{extra}\r\n"
    ).encode()
    latencies: list[float] = []
    counts = [0, 0]
    now = time.perf_counter()
    measure_from, stop_at = now + warmup, now + warmup + seconds
    await asyncio.gather(
        *(
            _client(host, port, request, stop_at, measure_from, latencies, counts)
            for _ in range(connections)
        )
    )
    return Result(counts[0], counts[1], seconds, latencies)


def run(
    host: str,
    port: int,
    path: str,
    seconds: float,
    connections: int,
    warmup: float = 1.0,
    headers: dict[str, str] | None = None,
) -> Result:
    return asyncio.run(_run(host, port, path, seconds, connections, warmup, headers or {}))
