"""Placing a Word file's revisions on provisions: pure functions over the read document and
the candidate article versions, no database.

A provision paragraph is found by the bookmark our export put around it; failing that, by
aligning the file's older text (reject all) with the article's versions: the version that
holds most of the file's paragraphs word for word is the one the file started from, and
the share it holds is how sure that guess is. An article is found by the version bookmark
on its heading, else by the number in the heading. What cannot be placed is kept, with the
reason, for the user to place or skip: nothing is dropped.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import regex

from draftroom.text import wordmarks
from draftroom.text.merge import merge_provisions
from draftroom.text.normalise import normalise
from draftroom.text.provisions import ProvisionText
from draftroom.wordfiles.reading import Paragraph, WordDocument

ChangeKind = Literal["changed", "inserted", "deleted", "heading"]
# Why a change or comment has no place; the service names each in the reader's language.
Reason = Literal["outside_articles", "unknown_article", "no_match", "article_label"]
Decision = Literal["placed", "skipped"]
_SIMILAR = 0.5
# Pairwise likeness costs a text comparison per pair: bounded per block and per article.
_MAX_PAIRS = 2_500


@dataclass(frozen=True)
class Version:
    """A candidate article version in the file's language."""

    id: int
    seq: int
    heading: str
    provisions: list[ProvisionText]


@dataclass(frozen=True)
class Candidates:
    """An article and its versions in the file's language, oldest first."""

    key: str
    number: str
    versions: list[Version]

    @property
    def latest(self) -> Version:
        return self.versions[-1]


@dataclass
class ArticlePlan:
    key: str
    number: str
    version_id: int  # the version the file started from
    latest_id: int
    # "bookmark": the heading carries the version's id; "alignment": best share of
    # paragraphs; "chosen": the user placed a change on this article.
    how: str
    exact: int  # the file's paragraphs of this article found word for word in that version
    paragraphs: int


@dataclass
class Change:
    id: str
    kind: ChangeKind
    paragraph: int
    number: str
    before: str
    after: str
    authors: list[str]
    pieces: list[dict[str, Any]]
    article: str | None = None
    # The provision changed or deleted; for an insertion, the one it follows (None: first).
    provision: str | None = None
    reason: Reason | None = None
    decision: Decision | None = None

    @property
    def placed(self) -> bool:
        return self.article is not None and self.decision != "skipped"

    @property
    def undecided(self) -> bool:
        return self.reason is not None and self.decision is None


@dataclass
class CommentPlace:
    id: str
    author: str
    date: str | None
    body: str
    quote: str
    article: str | None = None
    provision: str | None = None
    reason: Reason | None = None
    decision: Decision | None = None

    @property
    def undecided(self) -> bool:
        return self.reason is not None and self.decision is None


@dataclass
class Placement:
    articles: list[ArticlePlan] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    comments: list[CommentPlace] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Placement:
        return cls(
            articles=[ArticlePlan(**a) for a in data["articles"]],
            changes=[Change(**c) for c in data["changes"]],
            comments=[CommentPlace(**c) for c in data["comments"]],
        )

    def article(self, key: str) -> ArticlePlan | None:
        return next((a for a in self.articles if a.key == key), None)

    @property
    def undecided(self) -> int:
        return sum(c.undecided for c in self.changes) + sum(c.undecided for c in self.comments)


# --- the file's paragraphs as the older and newer texts --------------------------------


@dataclass
class _Side:
    """One paragraph of the older or newer text: raw paragraphs joined by changed marks."""

    text: str
    paragraphs: list[int]
    bookmarks: list[str]


@dataclass
class _Block:
    """Consecutive raw paragraphs joined by inserted or deleted paragraph marks."""

    paragraphs: list[Paragraph]
    before: list[_Side]
    after: list[_Side]

    @property
    def changed(self) -> bool:
        return any(p.changed for p in self.paragraphs)


def _sides(paragraphs: Sequence[Paragraph], joined: str, newer: bool) -> list[_Side]:
    sides: list[_Side] = []
    current: _Side | None = None
    for p in paragraphs:
        text = p.after if newer else p.before
        if current is None:
            current = _Side("", [], [])
        current.text += text
        current.paragraphs.append(p.index)
        current.bookmarks += p.bookmarks
        if p.mark != joined:
            sides.append(current)
            current = None
    if current is not None:
        sides.append(current)
    # A paragraph wholly inserted is in the older text as nothing at all.
    return [s for s in sides if s.text] if not newer else sides


def blocks(document: WordDocument) -> list[_Block]:
    found: list[_Block] = []
    group: list[Paragraph] = []
    for p in document.paragraphs:
        group.append(p)
        if p.mark == "equal":
            found.append(
                _Block(group, _sides(group, "inserted", False), _sides(group, "deleted", True))
            )
            group = []
    if group:
        found.append(
            _Block(group, _sides(group, "inserted", False), _sides(group, "deleted", True))
        )
    return found


def split_number(text: str) -> tuple[str, str]:
    """Our export writes a provision as "<number><tab><text>"."""
    number, tab, rest = text.partition("\t")
    if tab and len(number) <= 20:
        return normalise(number.strip()), normalise(rest.strip())
    return "", normalise(text.strip())


def _is_label(p: Paragraph) -> bool:
    style = (p.style or "").replace(" ", "").lower()
    return style == "heading1" or any(wordmarks.version_id(b) is not None for b in p.bookmarks)


def _is_heading(p: Paragraph) -> bool:
    return (p.style or "").replace(" ", "").lower() == "heading2"


def _article_of(
    block: _Block, articles: Sequence[Candidates]
) -> tuple[Candidates | None, Version | None]:
    for name in (b for p in block.paragraphs for b in p.bookmarks):
        vid = wordmarks.version_id(name)
        if vid is None:
            continue
        for article in articles:
            for version in article.versions:
                if version.id == vid:
                    return article, version
    label = normalise(block.before[0].text if block.before else "")
    best: Candidates | None = None
    for article in articles:
        if regex.search(rf"(?<!\w){regex.escape(article.number)}(?!\w)", label) and (
            best is None or len(article.number) > len(best.number)
        ):
            best = article
    return best, None


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _pairs(before: Sequence[str], after: Sequence[str]) -> list[tuple[int | None, int | None]]:
    """A monotone alignment of older and newer paragraphs by similarity (small lists; a
    block too large to compare pairwise is paired in order)."""
    n, m = len(before), len(after)
    if n * m > _MAX_PAIRS:
        pairs: list[tuple[int | None, int | None]] = [(i, i) for i in range(min(n, m))]
        pairs += [(i, None) for i in range(m, n)]
        pairs += [(None, j) for j in range(n, m)]
        return pairs
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best = max(score[i + 1][j], score[i][j + 1])
            sim = _similarity(before[i], after[j])
            if sim >= _SIMILAR or (n == 1 and m == 1):
                best = max(best, score[i + 1][j + 1] + sim + 1)
            score[i][j] = best
    out: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < n and j < m:
        sim = _similarity(before[i], after[j])
        if (sim >= _SIMILAR or (n == 1 and m == 1)) and score[i][j] == score[i + 1][
            j + 1
        ] + sim + 1:
            out.append((i, j))
            i, j = i + 1, j + 1
        elif score[i][j] == score[i + 1][j]:
            out.append((i, None))
            i += 1
        else:
            out.append((None, j))
            j += 1
    out += [(k, None) for k in range(i, n)]
    out += [(None, k) for k in range(j, m)]
    return out


@dataclass
class _Section:
    article: Candidates | None
    version: Version | None
    label: _Block | None
    blocks: list[_Block] = field(default_factory=list)


def _sections(document: WordDocument, articles: Sequence[Candidates]) -> list[_Section]:
    sections = [_Section(None, None, None)]
    for block in blocks(document):
        if any(_is_label(p) for p in block.paragraphs):
            article, version = _article_of(block, articles)
            sections.append(_Section(article, version, block))
        else:
            sections[-1].blocks.append(block)
    return sections


def _provision_texts(section: _Section) -> list[_Side]:
    return [side for b in section.blocks if not _is_heading(b.paragraphs[0]) for side in b.before]


def _choose_version(section: _Section) -> tuple[Version, str, int, int]:
    assert section.article is not None
    texts = [split_number(s.text)[1] for s in _provision_texts(section)]
    texts = [t for t in texts if t]

    def exact(version: Version) -> int:
        known = {p["text"] for p in version.provisions}
        return sum(t in known for t in texts)

    if section.version is not None:
        return section.version, "bookmark", exact(section.version), len(texts)
    # Most paragraphs held word for word; on a tie the later version (nothing to rebase).
    best = max(section.article.versions, key=lambda v: (exact(v), v.seq))
    return best, "alignment", exact(best), len(texts)


def _locate(sides: Sequence[_Side], version: Version) -> dict[int, str]:
    """Which provision each older paragraph is: by bookmark, exact text, number, likeness."""
    ids = [p["id"] for p in version.provisions]
    found: dict[int, str] = {}
    used: set[str] = set()
    for i, side in enumerate(sides):
        for name in side.bookmarks:
            pid = wordmarks.provision_id(name, ids)
            if pid is not None and pid not in used:
                found[i] = pid
                used.add(pid)
                break
    parsed = [split_number(s.text) for s in sides]
    for rule in ("text", "number", "similar"):
        for i, (number, text) in enumerate(parsed):
            if i in found or not text:
                continue
            free = [p for p in version.provisions if p["id"] not in used]
            match: ProvisionText | None = None
            if rule == "text":
                match = next((p for p in free if p["text"] == text), None)
            elif rule == "number" and number:
                match = next((p for p in free if p["number"] == number), None)
            elif rule == "similar" and free and len(free) * len(parsed) <= _MAX_PAIRS:
                best = max(free, key=lambda p: _similarity(p["text"], text))
                if _similarity(best["text"], text) >= _SIMILAR:
                    match = best
            if match is not None:
                found[i] = match["id"]
                used.add(match["id"])
    return found


def place(document: WordDocument, articles: Sequence[Candidates]) -> Placement:
    """Every revision of the file as a change on a provision, or with the reason it has none;
    every comment likewise."""
    placement = Placement()
    where: dict[int, tuple[str | None, str | None, Reason | None]] = {}
    counter = 0

    def new_change(**values: Any) -> Change:
        nonlocal counter
        counter += 1
        return Change(id=f"c{counter}", **values)

    for section in _sections(document, articles):
        reason: Reason | None = None
        version: Version | None = None
        located: dict[int, str] = {}
        sides: list[_Side] = []
        if section.article is None:
            reason = "outside_articles" if section.label is None else "unknown_article"
        else:
            version, how, exact, total = _choose_version(section)
            placement.articles.append(
                ArticlePlan(
                    key=section.article.key,
                    number=section.article.number,
                    version_id=version.id,
                    latest_id=section.article.latest.id,
                    how=how,
                    exact=exact,
                    paragraphs=total,
                )
            )
            sides = _provision_texts(section)
            located = _locate(sides, version)
        key = section.article.key if section.article else None
        if section.label is not None:
            for p in section.label.paragraphs:
                where[p.index] = (key, None, reason or "article_label")
            if section.label.changed:
                p = section.label.paragraphs[0]
                placement.changes.append(
                    new_change(
                        kind="changed",
                        paragraph=p.index,
                        number="",
                        before=" ".join(s.text for s in section.label.before),
                        after=" ".join(s.text for s in section.label.after),
                        authors=p.authors(),
                        pieces=[asdict(x) for x in p.pieces],
                        article=None,
                        reason="article_label" if reason is None else reason,
                    )
                )
        side_index = 0
        last_provision: str | None = None
        for block in section.blocks:
            heading = _is_heading(block.paragraphs[0])
            first = side_index
            if not heading:
                side_index += len(block.before)
            authors = list(dict.fromkeys(a for p in block.paragraphs for a in p.authors()))
            pieces = [asdict(x) for p in block.paragraphs for x in p.pieces]
            for p in block.paragraphs:
                pid = None
                if not heading:
                    for offset, side in enumerate(block.before):
                        if p.index in side.paragraphs:
                            pid = located.get(first + offset)
                where[p.index] = (key, pid or last_provision, reason)
            if heading:
                if block.changed:
                    placement.changes.append(
                        new_change(
                            kind="heading",
                            paragraph=block.paragraphs[0].index,
                            number="",
                            before=normalise(" ".join(s.text for s in block.before).strip()),
                            after=normalise(" ".join(s.text for s in block.after).strip()),
                            authors=authors,
                            pieces=pieces,
                            article=key,
                            reason=reason,
                        )
                    )
                continue
            if not block.changed:
                for offset in range(len(block.before)):
                    last_provision = located.get(first + offset, last_provision)
                continue
            olds = [s.text for s in block.before]
            news = [s.text for s in block.after]
            for i, j in _pairs(olds, news):
                old = split_number(olds[i]) if i is not None else ("", "")
                new = split_number(news[j]) if j is not None else ("", "")
                paragraph = (
                    block.before[i].paragraphs[0] if i is not None else block.after[j].paragraphs[0]  # type: ignore[index]
                )
                pid = located.get(first + i) if i is not None else None
                if i is not None and pid is not None:
                    last_provision = pid
                if i is not None and j is not None and olds[i] == news[j]:
                    continue
                if i is None and not new[1]:
                    continue  # an empty new paragraph proposes nothing
                kind: ChangeKind = (
                    "changed"
                    if i is not None and j is not None
                    else "deleted"
                    if j is None
                    else "inserted"
                )
                if kind == "inserted":
                    target, why = last_provision, reason
                else:
                    target = pid
                    why = reason or (None if pid is not None else "no_match")
                placement.changes.append(
                    new_change(
                        kind=kind,
                        paragraph=paragraph,
                        number=new[0] or old[0],
                        before=old[1],
                        after=new[1],
                        authors=authors,
                        pieces=pieces,
                        article=key if why is None else None,
                        provision=target if why is None else None,
                        reason=why,
                    )
                )
    for comment in document.comments:
        article, provision, why = (
            where.get(comment.paragraph, (None, None, "outside_articles"))
            if comment.paragraph is not None
            else (None, None, "outside_articles")
        )
        if why is None and provision is None:
            why = "no_match"
        placement.comments.append(
            CommentPlace(
                id=comment.id,
                author=comment.author,
                date=comment.date,
                body=comment.body,
                quote=normalise(comment.quote),
                article=article if why is None else None,
                provision=provision if why is None else None,
                reason=why,
            )
        )
    return placement


# --- what the changes propose, per article ----------------------------------------------


@dataclass
class Proposed:
    heading: str | None
    provisions: list[ProvisionText]  # new provisions carry an id "" (given one on saving)


def propose(version: Version, changes: Sequence[Change]) -> Proposed:
    """The version's provisions with the placed changes applied."""
    rows: list[ProvisionText] = [dict(p) for p in version.provisions]  # type: ignore[misc]
    heading: str | None = None
    inserted: dict[str | None, list[ProvisionText]] = {}
    for change in changes:
        if not change.placed:
            continue
        if change.kind == "heading":
            heading = change.after
            continue
        if change.kind == "inserted":
            if change.after:
                row: ProvisionText = {"id": "", "number": change.number, "text": change.after}
                inserted.setdefault(change.provision, []).append(row)
            continue
        for row in rows:
            if row["id"] == change.provision:
                if change.kind == "deleted" or not change.after:
                    row["text"] = ""
                else:
                    row["text"] = change.after
                    row["number"] = change.number or row["number"]
    out: list[ProvisionText] = list(inserted.get(None, []))
    for row in rows:
        if row["text"]:
            out.append(row)
        out.extend(inserted.get(row["id"], []))
    return Proposed(heading, out)


@dataclass
class Collision:
    provision: str
    number: str
    base: str | None
    proposed: str | None
    current: str | None


def collisions(
    base: Sequence[ProvisionText],
    proposed: Sequence[ProvisionText],
    latest: Sequence[ProvisionText],
) -> list[Collision]:
    """Where carrying the proposal over to the latest text would collide (three-way merge)."""
    mine = [{**p, "id": p["id"] or f"new-{i}"} for i, p in enumerate(proposed)]
    merged = merge_provisions(base, mine, latest)  # type: ignore[arg-type]
    out = []
    for c in merged.conflicts:
        number = next(
            (p["number"] for p in (c.mine, c.theirs, c.base) if p is not None and p["number"]), c.id
        )
        out.append(
            Collision(
                provision=c.id,
                number=number,
                base=c.base["text"] if c.base else None,
                proposed=c.mine["text"] if c.mine else None,
                current=c.theirs["text"] if c.theirs else None,
            )
        )
    return out
