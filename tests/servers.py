"""Real servers for the live and browser suites: a free port, and waiting until ready."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(base: str, process: subprocess.Popen[bytes], log: Path | None = None) -> None:
    """Until ``/readyz`` answers; fails with the server's output if it stopped."""
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/readyz", timeout=2):  # noqa: S310 - loopback
                return
        except OSError:
            assert process.poll() is None, log.read_text() if log else "the server stopped"
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.2)
