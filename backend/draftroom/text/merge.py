"""Three-way merges: rebasing an amendment onto a newer article version, consolidating.

``base`` is the text both sides started from, ``mine`` and ``theirs`` the two edits of it.
Each side's changes are the word-level diff against ``base``: regions of base tokens
replaced (a pure insertion is an empty region). Changes of the two sides with at least one
unchanged word (any token but spaces) between them are both applied; changes with none
between them collide, whether they share words or only touch, unless they are the same
change: "shall not refuse" with "not" deleted on one side and "under any circumstances"
inserted after it on the other is a collision, never "shall under any circumstances
refuse", which neither side wrote. A collision is reported with the three versions of the
region, never resolved by dropping one side.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Literal

from draftroom.text.diff import Provision, diff_tokens, index_provisions, tokenise
from draftroom.text.provisions import ProvisionText

Side = Literal["mine", "theirs"]


@dataclass(frozen=True, slots=True)
class Collision:
    """A region of base, ``[start, end)`` in characters, that the two sides changed
    differently; ``base``, ``mine`` and ``theirs`` are that region's three versions."""

    start: int
    end: int
    base: str
    mine: str
    theirs: str


@dataclass(frozen=True, slots=True)
class Merge:
    """The merged text, or ``None`` with the collisions that prevent it."""

    text: str | None
    conflicts: tuple[Collision, ...] = ()

    @property
    def conflict(self) -> bool:
        return self.text is None


@dataclass(frozen=True, slots=True)
class _Hunk:
    """Base tokens ``[start, end)`` replaced by ``tokens``."""

    start: int
    end: int
    tokens: tuple[str, ...]


def _hunks(base: Sequence[str], edited: Sequence[str]) -> list[_Hunk]:
    hunks: list[_Hunk] = []
    position = 0
    start: int | None = None
    inserted: tuple[str, ...] = ()
    for kind, tokens in diff_tokens(base, edited):
        if kind == "equal":
            if start is not None:
                hunks.append(_Hunk(start, position, inserted))
                start, inserted = None, ()
            position += len(tokens)
            continue
        if start is None:
            start = position
        if kind == "delete":
            position += len(tokens)
        else:
            inserted += tokens
    if start is not None:
        hunks.append(_Hunk(start, position, inserted))
    return hunks


def _touches(base: Sequence[str], end: int, hunk: _Hunk) -> bool:
    """Whether ``hunk`` starts before an unchanged word follows base token ``end``: it
    shares base tokens with the region ending there, or only spaces lie between them."""
    return all(token.isspace() for token in base[end : hunk.start])


def _apply(base: Sequence[str], start: int, end: int, hunks: Sequence[_Hunk]) -> str:
    """``base[start:end]`` with the (ordered, disjoint) hunks applied."""
    out: list[str] = []
    position = start
    for hunk in hunks:
        out.extend(base[position : hunk.start])
        out.extend(hunk.tokens)
        position = hunk.end
    out.extend(base[position:end])
    return "".join(out)


def merge3(base: str, mine: str, theirs: str) -> Merge:
    """Both sides' changes of ``base`` in one text, or the collisions between them.

    Deterministic and symmetric: swapping ``mine`` and ``theirs`` gives the same text, or
    collisions in the same places.
    """
    if mine == base:
        return Merge(theirs)
    if theirs in (base, mine):
        return Merge(mine)
    base_tokens = tokenise(base)
    tagged: list[tuple[_Hunk, Side]] = [
        (hunk, "mine") for hunk in _hunks(base_tokens, tokenise(mine))
    ] + [(hunk, "theirs") for hunk in _hunks(base_tokens, tokenise(theirs))]
    # By start, a pure insertion before a replacement starting at the same point.
    tagged.sort(key=lambda item: (item[0].start, item[0].end, item[1]))

    # Clusters of hunks with no unchanged word between them. A cluster may hold several
    # hunks of one side (two words changed, a space kept between them); it collides when
    # it holds both sides' hunks and they make different texts of its region.
    clusters: list[list[tuple[_Hunk, Side]]] = []
    end = -1
    for hunk, side in tagged:
        if clusters and _touches(base_tokens, end, hunk):
            clusters[-1].append((hunk, side))
            end = max(end, hunk.end)
        else:
            clusters.append([(hunk, side)])
            end = hunk.end

    offsets = [0, *accumulate(len(token) for token in base_tokens)]
    applied: list[_Hunk] = []
    collisions: list[Collision] = []
    for cluster in clusters:
        start = min(hunk.start for hunk, _ in cluster)
        end = max(hunk.end for hunk, _ in cluster)
        ours = [hunk for hunk, side in cluster if side == "mine"]
        other = [hunk for hunk, side in cluster if side == "theirs"]
        if not ours or not other:
            applied.extend(ours or other)
            continue
        mine_text = _apply(base_tokens, start, end, ours)
        theirs_text = _apply(base_tokens, start, end, other)
        if mine_text == theirs_text:  # the same change on both sides
            applied.extend(ours)
            continue
        collisions.append(
            Collision(
                start=offsets[start],
                end=offsets[end],
                base="".join(base_tokens[start:end]),
                mine=mine_text,
                theirs=theirs_text,
            )
        )
    if collisions:
        return Merge(None, tuple(collisions))
    return Merge(_apply(base_tokens, 0, len(base_tokens), applied))


@dataclass(frozen=True, slots=True)
class MergedProvision:
    """One provision of the merged article; ``text`` is ``None`` for a conflict."""

    id: str
    number: str
    text: str | None


@dataclass(frozen=True, slots=True)
class ProvisionConflict:
    """A provision the two sides changed incompatibly: its three versions (``None`` where
    absent: deleted, or new) and, when both reworded it, the colliding regions."""

    id: str
    base: Provision | None
    mine: Provision | None
    theirs: Provision | None
    collisions: tuple[Collision, ...] = ()


@dataclass(frozen=True, slots=True)
class ProvisionMerge:
    """The merged provisions in order, conflicts in place (text ``None``) and listed."""

    provisions: tuple[MergedProvision, ...]
    conflicts: tuple[ProvisionConflict, ...]

    @property
    def ok(self) -> bool:
        return not self.conflicts

    def as_provisions(self) -> list[ProvisionText]:
        """The merged article's provisions, as stored in an article version."""
        if not self.ok:
            raise ValueError("a merge with conflicts has no text")
        return [
            {"id": p.id, "number": p.number, "text": p.text}
            for p in self.provisions
            if p.text is not None
        ]


def merge_provisions(
    base: Sequence[Provision], mine: Sequence[Provision], theirs: Sequence[Provision]
) -> ProvisionMerge:
    """Three-way merge of an article's provisions, aligned by id.

    Each provision's text is merged with :func:`merge3`. A provision deleted on one side
    stays deleted if the other side left its text alone (renumbering is no change) and is a
    conflict if the other side reworded it. Order: ``mine``'s, with the provisions only in
    ``theirs`` right after their nearest predecessor in ``theirs``. Numbers: ``mine``'s,
    ``theirs``' for provisions not in ``mine``.
    """
    base_by_id = index_provisions(base, "base")
    mine_by_id = index_provisions(mine, "mine")
    theirs_by_id = index_provisions(theirs, "theirs")
    merged: dict[str, MergedProvision] = {}
    conflicts: dict[str, ProvisionConflict] = {}

    def conflict(pid: str, number: str, collisions: tuple[Collision, ...] = ()) -> None:
        merged[pid] = MergedProvision(pid, number, None)
        conflicts[pid] = ProvisionConflict(
            pid, base_by_id.get(pid), mine_by_id.get(pid), theirs_by_id.get(pid), collisions
        )

    for pid in [*mine_by_id, *(pid for pid in theirs_by_id if pid not in mine_by_id)]:
        was, ours, other = base_by_id.get(pid), mine_by_id.get(pid), theirs_by_id.get(pid)
        if ours is not None and other is not None:
            result = merge3(was["text"] if was else "", ours["text"], other["text"])
            if result.text is None:
                conflict(pid, ours["number"], result.conflicts)
            else:
                merged[pid] = MergedProvision(pid, ours["number"], result.text)
            continue
        kept = ours if ours is not None else other
        assert kept is not None
        if was is None:
            merged[pid] = MergedProvision(pid, kept["number"], kept["text"])
        elif kept["text"] != was["text"]:
            conflict(pid, kept["number"])
        # Otherwise deleted on one side and untouched (perhaps renumbered) on the other.

    order = [pid for pid in mine_by_id if pid in merged]
    previous: str | None = None
    for pid in theirs_by_id:
        if pid in merged and pid not in mine_by_id:
            order.insert(order.index(previous) + 1 if previous is not None else 0, pid)
        if pid in merged:
            previous = pid
    return ProvisionMerge(
        tuple(merged[pid] for pid in order),
        tuple(conflicts[pid] for pid in order if pid in conflicts),
    )
