"""``python -m bench diff``: the whole-instrument comparison and the synoptic table.

1. The GNU GPL version 3 (5,644 words, from Debian's base-files: a long real legal text)
   split into ~60 articles of paragraphs, against a seeded draft that rewrites ~8% of its
   sentences. Timed: Draftroom's whole comparison (``compare_many``, as the instrument
   comparison calls it: tokenise, align by provision id, diff, build the result objects),
   side by side in the same run with raw fast-diff-match-patch
   (C++) on the same token strings and with difflib.SequenceMatcher on the same tokens.
   Target: the whole comparison within 3x the raw C++ diff.
2. The synoptic table of one article with 40 tabled proposals from 40 delegations, rendered
   by the real page (in-process ASGI, SQLite). Target: under 50 ms.
"""

from __future__ import annotations

import asyncio
import difflib
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import fast_diff_match_patch as fast_dmp
import regex

from draftroom.comparisons.results import Side
from draftroom.comparisons.service import compare_many
from draftroom.models import Article
from draftroom.text.diff import encode, tokenise
from draftroom.text.provisions import ProvisionText

GPL = Path("/usr/share/common-licenses/GPL-3")
ARTICLES = 60
REWRITE = 0.08
WORDS = (
    "reasonable",
    "applicable",
    "written",
    "further",
    "electronic",
    "lawful",
    "prior",
    "relevant",
    "competent",
    "appropriate",
)


def split_articles(text: str) -> list[list[str]]:
    """Paragraphs (blank-line separated) dealt into ~60 articles in order."""
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    size = max(1, round(len(paragraphs) / ARTICLES))
    return [paragraphs[i : i + size] for i in range(0, len(paragraphs), size)]


def rewrite(paragraph: str, rng: random.Random) -> str:
    """Rewrite ~8% of the sentences: a word replaced, a word inserted, or a clause cut."""
    sentences = regex.split(r"(?<=[.;:])\s+", paragraph)
    out = []
    for sentence in sentences:
        if rng.random() < REWRITE:
            words = sentence.split(" ")
            action = rng.choice(("replace", "insert", "cut"))
            at = rng.randrange(len(words))
            if action == "replace":
                words[at] = rng.choice(WORDS)
            elif action == "insert":
                words.insert(at, rng.choice(WORDS))
            elif len(words) > 6:
                del words[at : at + 3]
            sentence = " ".join(words)
        out.append(sentence)
    return " ".join(out)


def provisions(article: int, paragraphs: list[str]) -> list[ProvisionText]:
    return [
        {"id": f"art_{article}__para_{i}", "number": str(i), "text": text}
        for i, text in enumerate(paragraphs, start=1)
    ]


def timed(work: Callable[[], object], repeat: int) -> float:
    """Best of ``repeat`` runs, in milliseconds (the least disturbed by the machine)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def comparison_bench(repeat: int) -> None:
    rng = random.Random(20261129)
    chunks = split_articles(GPL.read_text(encoding="utf-8"))
    old = [provisions(n, chunk) for n, chunk in enumerate(chunks, start=1)]
    new: list[list[ProvisionText]] = [
        [{**p, "text": rewrite(p["text"], rng)} for p in article] for article in old
    ]
    changed = sum(
        a["text"] != b["text"]
        for x, y in zip(old, new, strict=True)
        for a, b in zip(x, y, strict=True)
    )
    total = sum(len(a) for a in old)
    articles = [
        Article(key=f"art_{n}", number=str(n), position=n, instrument_id=0)
        for n in range(1, len(old) + 1)
    ]

    sides = [
        (article, Side("2007 text", "", before), Side("Draft", "", after))
        for article, before, after in zip(articles, old, new, strict=True)
    ]

    def draftroom() -> None:
        compare_many("en", sides)

    pairs = []
    token_pairs = []
    for before, after in zip(old, new, strict=True):
        for a, b in zip(before, after, strict=True):
            tokens_a, tokens_b = tokenise(a["text"]), tokenise(b["text"])
            token_pairs.append((tokens_a, tokens_b))
            pairs.append(encode(tokens_a, tokens_b)[:2])

    def raw_cpp() -> None:
        for a, b in pairs:
            fast_dmp.diff(a, b, timelimit=0, checklines=False, cleanup="Semantic")

    def sequence_matcher() -> None:
        for a, b in token_pairs:
            difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()

    ours, cpp, seq = (
        timed(draftroom, repeat),
        timed(raw_cpp, repeat),
        timed(sequence_matcher, repeat),
    )
    words = len(GPL.read_text(encoding="utf-8").split())
    print(
        f"Whole-instrument comparison: GNU GPL v3, {words} words, {len(old)} articles, "
        f"{total} provisions, {changed} rewritten by the draft (best of {repeat})"
    )
    print(f"{'engine':<52} {'ms':>9} {'x raw C++':>10}")
    print(
        f"{'draftroom (tokenise, align, diff, build result)':<52} {ours:>9.2f} {ours / cpp:>10.2f}"
    )
    print(f"{'raw fast-diff-match-patch on the same tokens':<52} {cpp:>9.2f} {1:>10.2f}")
    print(f"{'difflib.SequenceMatcher on the same tokens':<52} {seq:>9.2f} {seq / cpp:>10.2f}")
    print(f"target: draftroom within 3x the raw C++ diff -> {ours / cpp:.2f}x")


async def synoptic_bench(requests: int) -> None:
    from asgi_lifespan import LifespanManager
    from httpx import ASGITransport, AsyncClient

    from draftroom.amendments import service as amendments
    from draftroom.app import create_app
    from draftroom.config import Settings
    from draftroom.db import Database, unit_of_work
    from draftroom.demo.service import load_demo
    from draftroom.identity.service import create_delegation, create_token, create_user
    from draftroom.instruments.schemas import ProvisionIn
    from draftroom.instruments.service import get_article, get_instrument, latest_version
    from draftroom.models import AmendmentKind, DelegationKind, Role
    from draftroom.models.base import utcnow
    from tests.fixtures.databases import migrate

    codes = [
        "AU",
        "BE",
        "CA",
        "CL",
        "CO",
        "DE",
        "DZ",
        "ES",
        "ET",
        "GB",
        "GH",
        "ID",
        "IT",
        "JP",
        "KE",
        "KR",
        "MA",
        "MY",
        "NL",
        "NO",
        "NZ",
        "PE",
        "PH",
        "PK",
        "PL",
        "PT",
        "SE",
        "SG",
        "SN",
        "TH",
        "TN",
        "TR",
        "UA",
        "UY",
        "VN",
        "ZA",
        "CH",
        "FI",
        "GR",
        "IE",
    ]
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        await asyncio.to_thread(migrate, url, "head")
        settings = Settings(environment="test", database_url=url)
        db = Database.from_settings(settings)
        rng = random.Random(7)
        async with unit_of_work(db.write_sessions) as session:
            await load_demo(session, settings)
            secretariat = await create_user(
                session, "bench-s@example.org", "S", Role.secretariat, None
            )
            _t, secret = await create_token(session, secretariat, "bench")
            instrument = await get_instrument(session, "model-law")
            article = await get_article(session, instrument, "art_12")
            base = await latest_version(session, article.id, "en")
            assert base is not None
            await amendments.open_round(
                session,
                instrument,
                name="Bench",
                deadline=utcnow() + timedelta(days=1),
                timezone="UTC",
                article_keys=None,
                actor=secretariat,
            )
            for code in codes:
                await create_delegation(session, DelegationKind.state, code, None, None)
                delegate = await create_user(
                    session, f"{code}@example.org", code, Role.participant, code
                )
                proposed = [p.copy() for p in base.provisions]
                for index in rng.sample(range(len(proposed)), 2):
                    proposed[index]["text"] = rewrite(
                        proposed[index]["text"] + " " + proposed[index]["text"], rng
                    )
                made = await amendments.create(
                    session,
                    settings,
                    instrument,
                    amendments.Proposal(
                        kind=AmendmentKind.provisions,
                        language="en",
                        provisions=[ProvisionIn(**p) for p in proposed],
                        heading=None,
                        justification="Bench.",
                        note=None,
                        article_key="art_12",
                    ),
                    delegate,
                )
                await amendments.transition(
                    session, settings, made, "table", delegate, amendments.etag(made)
                )
        app = create_app(settings, database=db)
        async with (
            LifespanManager(app) as manager,
            AsyncClient(
                transport=ASGITransport(app=manager.app),
                base_url="http://bench",
                headers={"Authorization": f"Bearer {secret}"},
            ) as client,
        ):
            timings = []
            for _ in range(requests + 3):
                start = time.perf_counter()
                response = await client.get("/instruments/model-law/articles/art_12/synoptic")
                timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200
                assert response.text.count('href="/amendments/') == 40
            timings = timings[3:]
        await db.dispose()
    timings.sort()
    print(
        f"Synoptic table, article 12, 40 tabled proposals from 40 delegations, "
        f"{requests} requests through the page (in-process ASGI, SQLite):"
    )
    print(
        f"  median {statistics.median(timings):.1f} ms, "
        f"p95 {timings[int(len(timings) * 0.95) - 1]:.1f} ms, best {timings[0]:.1f} ms "
        f"(target: under 50 ms)"
    )


def main(seconds: float, connections: int) -> None:
    del connections
    repeat = max(20, int(seconds * 10))
    comparison_bench(repeat)
    asyncio.run(synoptic_bench(max(10, int(seconds * 4))))
