"""A worker killed with SIGKILL in the middle of a stream of writes loses no acknowledged
write: each one is there after a restart, and `draftroom journal verify` passes.

Runs on SQLite, or on PostgreSQL when ``DRAFTROOM_TEST_DATABASE_URL`` says so.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from tests.fixtures.databases import fresh_database
from tests.fixtures.live import prepare
from tests.fixtures.servers import free_port, serving

BIN = Path(sys.executable).parent
TEST_URL = os.environ.get("DRAFTROOM_TEST_DATABASE_URL")
COMMENTS = "/api/v1/instruments/model-law/articles/art_1/comments"
WRITERS = 4


def draftroom(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "draftroom"), *args], env=env, capture_output=True, text=True, check=False
    )


def workers_of(pid: int) -> list[int]:
    """The worker processes uvicorn spawned (not multiprocessing's helpers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if parent == pid and b"spawn_main" in command:
            found.append(int(entry.name))
    return found


def test_a_killed_worker_loses_no_acknowledged_write(tmp_path: Path) -> None:
    with fresh_database(TEST_URL, tmp_path) as url:
        port = free_port()
        env = {
            **os.environ,
            "DRAFTROOM_DATABASE_URL": url,
            "DRAFTROOM_ENVIRONMENT": "test",
            "DRAFTROOM_ALLOWED_ORIGINS": f"http://127.0.0.1:{port}",
        }
        token = prepare(url)["fr"]
        log = tmp_path / "server.log"
        base = f"http://127.0.0.1:{port}"
        acknowledged: list[tuple[int, str]] = []
        refused: list[str] = []
        stop = threading.Event()
        lock = threading.Lock()

        def write(writer: int) -> None:
            n = 0
            with httpx.Client(
                base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=10
            ) as http:
                while not stop.is_set():
                    n += 1
                    body = f"Write {n} of writer {writer}."
                    try:
                        response = http.post(COMMENTS, json={"body": body})
                    except httpx.HTTPError:
                        # Cut by the kill: not acknowledged, so nothing is promised.
                        continue
                    with lock:
                        if response.status_code == 201:
                            acknowledged.append((response.json()["id"], body))
                        else:
                            refused.append(f"{response.status_code} {response.text}")

        threads = [threading.Thread(target=write, args=(w,)) for w in range(WRITERS)]
        with serving(env, port, log, "--workers", "2", stop_seconds=30) as server:
            try:
                for thread in threads:
                    thread.start()
                deadline = time.monotonic() + 20
                while len(acknowledged) < 20:
                    assert time.monotonic() < deadline, log.read_text()
                    time.sleep(0.05)
                victims = workers_of(server.pid)
                assert len(victims) == 2, victims
                os.kill(victims[0], signal.SIGKILL)
                before_kill = len(acknowledged)
                # The other worker goes on taking writes meanwhile, and uvicorn starts a new one.
                deadline = time.monotonic() + 20
                while len(acknowledged) < before_kill + 20:
                    assert time.monotonic() < deadline, log.read_text()
                    time.sleep(0.05)
            finally:
                stop.set()
                for thread in threads:
                    thread.join(timeout=30)
        assert not refused, refused[:5]

        with (
            serving(env, port, log),
            httpx.Client(
                base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30
            ) as http,
        ):
            listed = http.get(COMMENTS)
        assert listed.status_code == 200
        stored = {comment["id"]: comment["body"] for comment in listed.json()}
        missing = [(i, body) for i, body in acknowledged if stored.get(i) != body]
        assert not missing, f"{len(missing)} of {len(acknowledged)} acknowledged writes lost"
        verified = draftroom(env, "journal", "verify")
        assert verified.returncode == 0, verified.stdout + verified.stderr
        assert "Journal intact" in verified.stdout
