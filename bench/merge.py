"""``python -m bench merge``: consolidating 40 proposals into one article.

An article of 12 provisions of GPL v3 prose; 40 proposals, each rewording a few words in
two provisions (some of them the same words, so collisions appear). Timed: the pure merge
(``consolidation.service.merge_all``: 40 three-way merges over the whole article), and the
whole consolidation preview through the service on SQLite (load the 40 amendments and their
bases, merge, diff against the current version).
"""

from __future__ import annotations

import random
import time

from bench.diff import GPL, split_articles
from draftroom.consolidation.service import merge_all
from draftroom.text.provisions import ProvisionText

PROPOSALS = 40


def workload() -> tuple[list[ProvisionText], list[tuple[list[ProvisionText], list[ProvisionText]]]]:
    rng = random.Random(40)
    paragraphs = [p for chunk in split_articles(GPL.read_text(encoding="utf-8")) for p in chunk]
    base: list[ProvisionText] = [
        {"id": f"art_1__para_{i}", "number": str(i), "text": text}
        for i, text in enumerate(paragraphs[20:32], start=1)
    ]
    changes = []
    for _ in range(PROPOSALS):
        proposed = [p.copy() for p in base]
        for index in rng.sample(range(len(base)), 2):
            words = proposed[index]["text"].split(" ")
            at = rng.randrange(len(words))
            words[at] = rng.choice(("reasonable", "lawful", "prior", "written", "relevant"))
            proposed[index]["text"] = " ".join(words)
        changes.append((base, proposed))
    return base, changes


def main(seconds: float, connections: int) -> None:
    del connections
    base, changes = workload()
    runs = max(5, int(seconds * 3))
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        merged = merge_all(base, changes)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    words = sum(len(p["text"].split()) for p in base)
    print(
        f"Consolidating {PROPOSALS} proposals into one article ({len(base)} provisions, "
        f"{words} words; each proposal rewords 2 provisions), {runs} runs:"
    )
    print(
        f"  merge: median {timings[len(timings) // 2]:.1f} ms, best {timings[0]:.1f} ms; "
        f"{len(merged.collisions)} provisions with collisions surfaced, "
        f"{sum(1 for p, b in zip(merged.provisions, base, strict=False) if p != b)} changed"
    )
