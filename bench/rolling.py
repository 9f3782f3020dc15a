"""``python -m bench rolling``: the rolling text of an article with 12 provisions, 30 brackets
and 10 alternatives (5 on bracketed words, 5 on whole provisions), as a page and as a .docx.

Two parts, medians over ``BENCH_ROLLING_ROUNDS`` rounds (default 50) after 5 warm-up rounds:

- pure, in this process: the read model (``negotiation.rolling.build``) from a version, the
  source version and the state; then the read model made into the export's document and
  written as HTML and as DOCX (``negotiation.documents``);
- through the app, in-process (ASGI, no network) on a fresh SQLite file with the demo
  loaded, article 3 given the 12 provisions and the state made with the services: the
  rolling text's page (``GET /instruments/model-law/articles/art_3/rolling``) and its
  downloads (``rolling.html``, ``rolling.docx``): token check, reading the version, the
  state, the delegations' names, rendering. Target: under 100 ms median each.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from asgi_lifespan import LifespanManager

from draftroom.app import create_app
from draftroom.config import Settings
from draftroom.db import Database, unit_of_work
from draftroom.exports.documents import default_labels
from draftroom.models import AlternativeStatus, Article, ArticleVersion, BracketStatus, Instrument
from draftroom.negotiation import documents, rolling
from draftroom.negotiation.state import AlternativeState, BracketState, State

BIN = Path(sys.executable).parent
PROVISIONS = 12
# The words bracketed in each provision: three in the first six, two in the others (30).
PHRASES = (
    "shall",
    "stored computer data",
    "subscriber information",
    "traffic data",
    "without delay",
)


def text(n: int) -> str:
    return (
        f"Paragraph {n}: the competent authority shall, at the request of a foreign State and "
        "in accordance with this Law, order the expeditious preservation of stored computer "
        "data, the production of subscriber information and the disclosure of traffic data "
        f"relating to the offence under investigation, and shall inform the requesting State "
        f"without delay of any ground that may delay execution of the request ({n})."
    )


def workload() -> list[tuple[str, str, list[str], str | None]]:
    """Per provision: its key, its text, the words bracketed, an alternative wording (for
    the first bracket in provisions 1 to 5, for the whole provision in 6 to 10)."""
    made = []
    for n in range(1, PROVISIONS + 1):
        count = 3 if n <= 6 else 2
        words = [PHRASES[(n + i) % len(PHRASES)] for i in range(count)]
        wording = (
            "should"
            if n <= 5
            else (f"Paragraph {n}: a shorter wording of the whole provision." if n <= 10 else None)
        )
        made.append((f"art_3__para_{n}", text(n), words, wording))
    return made


def _pure_article() -> tuple[Instrument, Article, ArticleVersion, State, dict[int, str]]:
    instrument = Instrument(
        id=1, slug="model-law", title={"en": "Model Law"}, source_language="en", illustrative=False
    )
    article = Article(id=3, instrument_id=1, key="art_3", number="3")
    version = ArticleVersion(
        id=30,
        article_id=3,
        language="en",
        seq=2,
        heading="Expedited preservation",
        provisions=[
            {"id": key, "number": str(n), "text": words}
            for n, (key, words, _b, _a) in enumerate(workload(), start=1)
        ],
        created_at=datetime(2026, 12, 1, tzinfo=UTC),
    )
    state = State()
    ids = iter(range(1, 1000))
    for n, (key, words, bracketed, wording) in enumerate(workload(), start=1):
        first = None
        for quote in bracketed:
            bracket_id = next(ids)
            first = first or bracket_id
            span = {"quote": quote, "seq": 2, "start": words.find(quote)}
            state.brackets[bracket_id] = BracketState(
                bracket_id,
                3,
                key,
                BracketStatus.placed,
                {"en": span},
                tuple({"delegation_id": d, "reason": "Not agreed."} for d in (1 + n % 3, 4)),
            )
        if wording is not None:
            alt_id = next(ids)
            state.alternatives[alt_id] = AlternativeState(
                alt_id, 3, key, first if n <= 5 else None, {"en": wording}, 2, None, (2, 3),
                AlternativeStatus.open,
            )  # fmt: skip
    names = {1: "France", 2: "Egypt", 3: "Mexico", 4: "China"}
    return instrument, article, version, state, names


def _median_ms(run: Callable[[], Any], rounds: int) -> float:
    for _ in range(5):
        run()
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def pure(rounds: int) -> dict[str, float]:
    instrument, article, version, state, names = _pure_article()
    labels = default_labels()

    def build() -> rolling.RollingArticle:
        return rolling.build(instrument, article, version, version, state, names)

    def file(key: str) -> bytes:
        made = build()
        document = documents.document(instrument, "en", [made], "rolling", labels, None)
        export = documents.RollingExport(document, [made], "rolling", ["bench"])
        return documents.render(export, key, labels)

    made = build()
    assert sum(len(p.brackets) for p in made.provisions) == 30
    alternatives = sum(
        len(p.alternatives) + sum(len(b.alternatives) for b in p.brackets) for p in made.provisions
    )
    assert alternatives == 10
    return {
        "read model": _median_ms(build, rounds),
        "read model + HTML file": _median_ms(lambda: file("html"), rounds),
        "read model + DOCX file": _median_ms(lambda: file("docx"), rounds),
    }


# --- through the app ---------------------------------------------------------------------


def _cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(BIN / "draftroom"), *args], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


async def _negotiate(settings: Settings, db: Database) -> None:
    """Article 3 gets the 12 provisions; the secretariat places the 30 brackets (asked for
    by France) and adds the 10 alternatives."""
    from draftroom.identity.service import user_by_email
    from draftroom.instruments import service as instruments
    from draftroom.instruments.schemas import ProvisionIn
    from draftroom.negotiation import service

    async with unit_of_work(db.write_sessions) as session:
        chair = await user_by_email(session, "secretariat@draftroom.example")
        france = await user_by_email(session, "delegate.fr@draftroom.example")
        assert chair is not None
        assert france is not None
        instrument = await instruments.get_instrument(session, "model-law")
        article = await instruments.get_article(session, instrument, "art_3")
        current = await instruments.read_version(session, article, "en")
        await instruments.publish_version(
            session,
            settings,
            instrument=instrument,
            article=article,
            language="en",
            heading=current.heading,
            provisions=[
                ProvisionIn(id=key, number=str(n), text=words)
                for n, (key, words, _b, _a) in enumerate(workload(), start=1)
            ],
            label=None,
            actor=chair,
            if_match=instruments.version_etag(current),
        )
        for n, (key, _words, bracketed, wording) in enumerate(workload(), start=1):
            first = None
            for quote in bracketed:
                asked = await service.request_bracket(
                    session, instrument, article, key, "en", quote, "Not agreed.", france
                )
                await service.decide_bracket(
                    session, asked, "place", "Placed.", chair, service.bracket_etag(asked)
                )
                first = first or asked.id
            if wording is not None:
                await service.add_alternative(
                    session, settings, instrument, article, key, {"en": wording},
                    first if n <= 5 else None, chair,
                )  # fmt: skip


async def _through_app(path: Path, rounds: int) -> dict[str, tuple[int, float]]:
    url = f"sqlite+aiosqlite:///{path}"
    env = {**os.environ, "DRAFTROOM_DATABASE_URL": url}
    _cli(env, "db", "upgrade")
    _cli(env, "demo", "load")
    token = _cli(env, "tokens", "create", "secretariat@draftroom.example")
    headers = {"Authorization": f"Bearer {token}"}
    settings = Settings(database_url=url)
    db = Database.from_settings(settings)
    await _negotiate(settings, db)
    app = create_app(settings, database=db)
    targets = {
        "page": "/instruments/model-law/articles/art_3/rolling?langs=en",
        "rolling.html": "/api/v1/instruments/model-law/articles/art_3/rolling.html?language=en",
        "rolling.docx": "/api/v1/instruments/model-law/articles/art_3/rolling.docx?language=en",
    }
    results: dict[str, tuple[int, float]] = {}
    async with (
        LifespanManager(app, shutdown_timeout=30) as manager,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://127.0.0.1"
        ) as client,
    ):
        for name, target in targets.items():

            async def get(target: str = target) -> int:
                return (await client.get(target, headers=headers)).status_code

            status = await get()
            results[name] = (status, await _async_median_ms(get, rounds))
    await db.dispose()
    return results


async def _async_median_ms(run: Callable[[], Awaitable[Any]], rounds: int) -> float:
    for _ in range(5):
        await run()
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        await run()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def main(seconds: float, connections: int) -> None:
    del seconds, connections  # a fixed number of rounds
    rounds = int(os.environ.get("BENCH_ROLLING_ROUNDS", "50"))
    print(
        f"The rolling text of one article: {PROVISIONS} provisions, 30 brackets, "
        f"10 alternatives; median of {rounds} rounds (target: under 100 ms each)"
    )
    for name, ms in pure(rounds).items():
        print(f"  pure   {name:<28} {ms:>8.2f} ms")
    with tempfile.TemporaryDirectory() as folder:
        for name, (status, ms) in asyncio.run(_through_app(Path(folder) / "b.db", rounds)).items():
            note = "" if status == 200 else f"  (answered {status})"
            print(f"  app    GET {name:<24} {ms:>8.2f} ms{note}")
