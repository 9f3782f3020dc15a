"""``python -m bench api``: reading one article (latest version, one language) over HTTP.

Draftroom's real server and a bare FastAPI endpoint reading the same row with the sqlite3
module, both under uvicorn with one worker on the same SQLite file, loaded in turn by the same
client process. Prints requests/s, p50/p99 latency and the ratios. Target: Draftroom at least
half the anchor's requests/s and a p99 within 2x.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bench import load

BIN = Path(sys.executable).parent
PATH = "/api/v1/instruments/model-law/articles/art_1?language=en"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server on port {port} did not start")


def _serve(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _measure(port: int, seconds: float, connections: int, headers: dict[str, str]) -> load.Result:
    # The client runs in its own process, so it never shares the GIL with anything measured.
    with ProcessPoolExecutor(max_workers=1) as pool:
        return pool.submit(
            load.run, "127.0.0.1", port, PATH, seconds, connections, 1.0, headers
        ).result()


def _row(name: str, result: load.Result) -> str:
    return (
        f"{name:<28} {result.rps:>10.0f} {result.percentile(50):>9.2f} "
        f"{result.percentile(99):>9.2f} {result.errors:>7}"
    )


def main(seconds: float, connections: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "bench.db"
        env = {
            **os.environ,
            "DRAFTROOM_DATABASE_URL": f"sqlite+aiosqlite:///{db_path}",
            "BENCH_SQLITE_PATH": str(db_path),
        }
        draftroom = str(BIN / "draftroom")
        subprocess.run([draftroom, "db", "upgrade"], env=env, check=True, capture_output=True)
        subprocess.run([draftroom, "demo", "load"], env=env, check=True, capture_output=True)
        # Draftroom checks the reader's API token on every request; the anchor checks nothing.
        token = subprocess.run(
            [draftroom, "tokens", "create", "delegate.fr@draftroom.example"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        auth = {"Authorization": f"Bearer {token}"}
        uvicorn_args = ["--host", "127.0.0.1", "--log-level", "warning", "--no-access-log"]
        targets: dict[str, Callable[[int], list[str]]] = {
            "draftroom": lambda port: [
                str(BIN / "uvicorn"),
                "draftroom.cli:served_app",
                "--factory",
                "--port",
                str(port),
                *uvicorn_args,
            ],
            "bare FastAPI + sqlite3": lambda port: [
                str(BIN / "uvicorn"),
                "bench.bare_app:app",
                "--port",
                str(port),
                *uvicorn_args,
            ],
        }
        results: dict[str, load.Result] = {}
        for name, command in targets.items():
            port = _free_port()
            server = _serve(command(port), env)
            try:
                _wait(port)
                results[name] = _measure(port, seconds, connections, auth)
            finally:
                server.terminate()
                server.wait(timeout=10)
    ours, anchor = results["draftroom"], results["bare FastAPI + sqlite3"]
    print(f"GET {PATH}  ({connections} connections, {seconds:.0f} s each, one uvicorn worker)")
    print(f"{'target':<28} {'req/s':>10} {'p50 ms':>9} {'p99 ms':>9} {'errors':>7}")
    print(_row("draftroom", ours))
    print(_row("bare FastAPI + sqlite3", anchor))
    rps_ratio = ours.rps / anchor.rps
    p99_ratio = ours.percentile(99) / anchor.percentile(99)
    print(f"throughput ratio (draftroom / anchor): {rps_ratio:.2f}  (target >= 0.50)")
    print(f"p99 ratio (draftroom / anchor):        {p99_ratio:.2f}  (target <= 2.00)")
