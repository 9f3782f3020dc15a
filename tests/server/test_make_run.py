"""The real server, started as `make run` starts it, answers over HTTP on loopback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from tests.fixtures.servers import free_port, serving

BIN = Path(sys.executable).parent


def get(url: str, token: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url)  # noqa: S310 - loopback
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - loopback
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_server_started_like_make_run_serves_the_demo(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DRAFTROOM_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'var' / 'draftroom.db'}",
    }
    draftroom = str(BIN / "draftroom")
    subprocess.run([draftroom, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([draftroom, "demo", "load"], env=env, check=True, capture_output=True)
    token = subprocess.run(
        [draftroom, "tokens", "create", "delegate.fr@draftroom.example"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with serving(env, port, tmp_path / "server.log", "--host", "127.0.0.1", stop_seconds=10):
        status, _body = get(f"{base}/api/v1/instruments/model-law/articles/art_1?language=ar")
        assert status == 401
        status, body = get(f"{base}/api/v1/instruments/model-law/articles/art_1?language=ar", token)
        assert status == 200
        article = json.loads(body)
        assert article["heading"]
        assert article["language"] == "ar"
        assert "المساعدة" in article["provisions"][0]["text"]
        status, body = get(f"{base}/sign-in")
        assert status == 200
        assert 'name="password"' in body.decode()
