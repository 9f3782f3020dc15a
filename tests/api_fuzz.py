"""Schemathesis over the whole API, as each role, against a real server (run by `.ci/run`).

    .venv/bin/python -m tests.api_fuzz [--examples N] [--database-url URL]

A fresh database (SQLite, or a new PostgreSQL database beside ``--database-url``) gets the
demo and an API token per role; `draftroom serve` answers on loopback; `st run` sends
generated requests as the secretariat, a delegate and an observer, and fails on any 5xx or
any answer the OpenAPI document does not describe (status, content type or schema). The
figures (requests, failures, time) are printed per role. Exit status 1 on any failure.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.fixtures.databases import fresh_database, migrate
from tests.fixtures.servers import free_port, serving

BIN = Path(sys.executable).parent
ROLES = {
    "secretariat": "secretariat@draftroom.example",
    "delegate": "delegate.fr@draftroom.example",
    "observer": "observer@draftroom.example",
}
CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,"
    "response_schema_conformance"
)


def say(text: str, flush: bool = True) -> None:
    """Figures for the CI log."""
    sys.stdout.write(text + "\n")
    if flush:
        sys.stdout.flush()


def draftroom(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(BIN / "draftroom"), *args], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


# Path parameters name the demo's instrument and article, so that operations are reached
# beyond their 404 (other values are fuzzed as usual).
CONFIG = """
[parameters]
"path.slug" = "model-law"
"path.key" = "art_1"
"""


def figures(output: str) -> tuple[int, int]:
    """(test cases generated, unique failures) from the summary `st run` prints."""
    found = re.search(r"(\d+) generated(?:, (\d+) found)?", output)
    if not found:
        return 0, -1
    return int(found.group(1)), int(found.group(2) or 0)


def start(base: str, token: str, examples: int, config: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            str(BIN / "st"),
            "--config-file",
            str(config),
            "run",
            f"{base}/openapi.json",
            "--url",
            base,
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            CHECKS,
            "--max-examples",
            str(examples),
            "--phases",
            "examples,coverage,fuzzing",
            "--seed",
            "13",
            "--request-timeout",
            "30",
            # Nothing kept between runs (nor left in the work tree).
            "--generation-database",
            "none",
            "--exclude-path-regex",
            # Live updates are websockets; revoking a token would end the run's own.
            r"/live$|/tokens/\{token_id\}$",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )


def fuzz(base: str, tokens: dict[str, str], examples: int, folder: Path) -> bool:
    """Every role at once (one `st run` each); prints the figures; True when all passed."""
    config = folder / "schemathesis.toml"
    config.write_text(CONFIG, encoding="utf-8")
    started = time.monotonic()
    runs = {who: start(base, token, examples, config) for who, token in tokens.items()}
    passed = True
    for who, run in runs.items():
        output, _ = run.communicate()
        cases, failures = figures(output)
        summary = output[output.find("=== SUMMARY") :] if "=== SUMMARY" in output else output
        if run.returncode != 0:
            say(output[-20000:])
        else:
            say(summary.strip())
        say(
            f"schemathesis as {who}: {cases} test cases, {failures} failures, "
            f"exit {run.returncode}",
            flush=True,
        )
        passed = passed and run.returncode == 0 and failures == 0
    say(f"schemathesis: {len(runs)} roles in {time.monotonic() - started:.0f} s", flush=True)
    return passed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=25)
    parser.add_argument("--database-url", default=os.environ.get("DRAFTROOM_TEST_DATABASE_URL"))
    args = parser.parse_args()
    worst = 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with fresh_database(args.database_url, folder) as url:
            migrate(url, "head")
            port = free_port()
            env = {
                **os.environ,
                "DRAFTROOM_DATABASE_URL": url,
                "DRAFTROOM_ENVIRONMENT": "test",
                "DRAFTROOM_ALLOWED_ORIGINS": f"http://127.0.0.1:{port}",
            }
            draftroom(env, "demo", "load")
            tokens = {
                who: draftroom(env, "tokens", "create", email) for who, email in ROLES.items()
            }
            log = folder / "server.log"
            with serving(env, port, log):
                worst = 0 if fuzz(f"http://127.0.0.1:{port}", tokens, args.examples, folder) else 1
            if worst:
                errors = [
                    line for line in log.read_text(errors="replace").splitlines() if "Error" in line
                ]
                say("\n".join(errors[-40:]))
    return 1 if worst else 0


if __name__ == "__main__":
    sys.exit(main())
