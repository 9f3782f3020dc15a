"""Word-level diffs of provision texts, and of article versions aligned by provision id.

A text is cut into tokens at Unicode word boundaries (one token per ideograph, since Chinese
and Japanese have no spaces); each distinct token becomes one character, diff-match-patch
diffs those characters with no timeout (the result must not depend on the machine's speed)
and a semantic clean-up, and the characters are mapped back to tokens. A change therefore
always starts and ends at a word boundary.
"""

from __future__ import annotations

import html
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

import fast_diff_match_patch as fast_dmp
import regex
from diff_match_patch import diff_match_patch

OpKind = Literal["equal", "insert", "delete"]
ProvisionKind = Literal["unchanged", "changed", "inserted", "deleted", "moved"]
Provision = Mapping[str, str]
"""A provision as stored in an article version: keys ``id``, ``number``, ``text``."""

BIDI_CONTROLS: dict[str, str] = {
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
    "\u200e": "LRM",
    "\u200f": "RLM",
    "\u061c": "ALM",
}
"""Invisible characters that reorder the display; a change to one is shown, never hidden."""

_BIDI_SPLIT = regex.compile("([" + "".join(BIDI_CONTROLS) + "])")
_WORD_BOUNDARY = regex.compile(r"(?w)\b")
_IDEOGRAPH = r"[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}]"
_HAS_IDEOGRAPH = regex.compile(_IDEOGRAPH)
# A grapheme starting with an ideograph alone, or a run of other graphemes.
_IDEOGRAPH_SPLIT = regex.compile(rf"(?:(?!{_IDEOGRAPH})\X)+|\X")

_MAX_TOKENS = 65_535


def tokenise(text: str) -> list[str]:
    """Words, spaces and punctuation as separate tokens; ``"".join(tokenise(t)) == t``.

    Boundaries follow Unicode word segmentation (UAX #29), which keeps combining marks with
    their letter and an emoji ZWJ sequence whole. Each Han, Hiragana or Katakana character
    is a token of its own. A bidi control is always a token of its own, so that inserting
    or removing one shows as a change by itself.
    """
    return list(_tokenise(text))


# Cached: stored texts never change, and a base text is compared with every proposal.
@lru_cache(maxsize=8192)
def _tokenise(text: str) -> tuple[str, ...]:
    if text.isascii():  # no bidi control, no ideograph
        return tuple(piece for piece in _WORD_BOUNDARY.split(text) if piece)
    tokens: list[str] = []
    for segment in _BIDI_SPLIT.split(text):
        if not segment:
            continue
        if segment in BIDI_CONTROLS:
            tokens.append(segment)
            continue
        for piece in _WORD_BOUNDARY.split(segment):
            if not piece:
                continue
            if _HAS_IDEOGRAPH.search(piece):
                tokens.extend(_IDEOGRAPH_SPLIT.findall(piece))
            else:
                tokens.append(piece)
    return tuple(tokens)


# Not frozen: built by the thousand, and a frozen dataclass costs five times as much to make.
# Results are never changed after they are built.
@dataclass(slots=True)
class Op:
    """One run of a diff: text kept (``equal``), added (``insert``) or removed (``delete``)."""

    kind: OpKind
    text: str


TokenOp = tuple[OpKind, tuple[str, ...]]


@cache
def _pools() -> tuple[str, str, str]:
    """Stand-in characters by class: letters, spaces, others.

    diff-match-patch's semantic clean-up slides an edit towards spaces and punctuation by
    looking at the characters around it, so a token is stood in for by a character of the
    same class: the clean-up then sees words, spaces and punctuation as they are.
    """
    words = "".join(c for c in map(chr, range(0x100, 0x30000)) if c.isalnum())
    # No line breaks: they would score as line ends.
    spaces = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c not in "\r\n")
    others = "".join(map(chr, range(0xE000, 0xF900))) + "".join(map(chr, range(0xF0000, 0xFFFFE)))
    return words, spaces, others


def encode(old: Sequence[str], new: Sequence[str]) -> tuple[str, str, dict[str, str]]:
    """Each distinct token as one character (diff-match-patch's linesToChars): both token
    lists as strings, and the token of each character."""
    pools = _pools()
    used = [0, 0, 0]
    chars: dict[str, str] = {}
    distinct = dict.fromkeys([*old, *new])
    if len(distinct) > _MAX_TOKENS:
        raise ValueError(f"more than {_MAX_TOKENS} distinct tokens in one diff")
    for token in distinct:
        if token.isspace():
            pool = 1 if used[1] < len(pools[1]) else 2  # only the 27 spaces can run out
        elif token.isalnum() or any(c.isalnum() for c in token):
            pool = 0
        else:
            pool = 2
        chars[token] = pools[pool][used[pool]]
        used[pool] += 1
    return (
        "".join(map(chars.__getitem__, old)),
        "".join(map(chars.__getitem__, new)),
        {char: token for token, char in chars.items()},
    )


_KINDS: dict[int, OpKind] = {-1: "delete", 0: "equal", 1: "insert"}


def python_char_diff(old: str, new: str) -> list[tuple[OpKind, str]]:
    """diff-match-patch in Python: no time limit (deterministic), semantic clean-up."""
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    diffs = dmp.diff_main(old, new, False)
    dmp.diff_cleanupSemantic(diffs)
    return [(_KINDS[code], chars) for code, chars in diffs]


_FAST_KINDS: dict[str, OpKind] = {"=": "equal", "-": "delete", "+": "insert"}


def fast_char_diff(old: str, new: str) -> list[tuple[OpKind, str]]:
    """The same algorithm in C++ (fast-diff-match-patch): same results, several times faster."""
    ops: list[tuple[OpKind, str]] = []
    at_old = at_new = 0
    for code, length in fast_dmp.diff(old, new, timelimit=0, checklines=False, cleanup="Semantic"):
        kind = _FAST_KINDS[code]
        if kind == "insert":
            ops.append((kind, new[at_new : at_new + length]))
            at_new += length
        else:
            ops.append((kind, old[at_old : at_old + length]))
            at_old += length
            if kind == "equal":
                at_new += length
    return ops


char_diff = fast_char_diff


def diff_tokens(old: Sequence[str], new: Sequence[str]) -> list[TokenOp]:
    """The diff of two token lists: runs of tokens, adjacent runs of one kind merged."""
    old_chars, new_chars, tokens_of = encode(old, new)
    ops: list[TokenOp] = []
    for kind, chars in char_diff(old_chars, new_chars):
        if not chars:
            continue
        tokens = tuple(map(tokens_of.__getitem__, chars))
        if ops and ops[-1][0] == kind:
            ops[-1] = (kind, ops[-1][1] + tokens)
        else:
            ops.append((kind, tokens))
    return ops


def diff_words(old: str, new: str) -> list[Op]:
    """The word-level diff of two texts: deterministic, changes on word boundaries.

    Joining the ``equal`` and ``insert`` texts gives ``new``; ``equal`` and ``delete``
    gives ``old``. Identical texts give only ``equal`` ops (none for two empty texts).
    """
    # Most provisions of two versions are the same, or new, or gone: no need to tokenise.
    if old == new:
        return [Op("equal", old)] if old else []
    if not old:
        return [Op("insert", new)]
    if not new:
        return [Op("delete", old)]
    # Only the middle that differs is tokenised and diffed: the text both share at either
    # end, cut back to a word start after a space (where tokenising the whole text would
    # cut too), stays one equality. Most rewrites touch a few words of a long provision.
    start, end = _shared_ends(old, new)
    ops = [Op("equal", old[:start])] if start else []
    old_chars, new_chars, tokens_of = encode(
        _tokenise(old[start : len(old) - end]), _tokenise(new[start : len(new) - end])
    )
    for kind, chars in char_diff(old_chars, new_chars):
        ops.append(Op(kind, "".join(map(tokens_of.__getitem__, chars))))
    if end:
        ops.append(Op("equal", old[len(old) - end :]))
    return _merged(ops)


def _merged(ops: list[Op]) -> list[Op]:
    """Adjacent ops of one kind as one."""
    merged: list[Op] = []
    for op in ops:
        if merged and merged[-1].kind == op.kind:
            merged[-1] = Op(op.kind, merged[-1].text + op.text)
        else:
            merged.append(op)
    return merged


_DMP = diff_match_patch()


def _is_cut(text: str, at: int) -> bool:
    """A space, then a letter or digit: no token spans ``at``, whatever comes around it."""
    return text[at - 1] == " " and text[at].isalnum()


def _shared_ends(old: str, new: str) -> tuple[int, int]:
    """How much both texts share at the start and at the end, each cut back to a cut.

    Both characters around a cut lie inside the shared text, so tokenising the parts gives
    the tokens of the whole.
    """
    start = _DMP.diff_commonPrefix(old, new) - 1
    while start > 0 and not _is_cut(old, start):
        start = old.rfind(" ", 0, start - 1) + 1
    start = max(start, 0)
    rest = old[start:]
    size = len(rest)
    cut = min(size - _DMP.diff_commonSuffix(rest, new[start:]) + 1, size)
    while cut < size and not _is_cut(rest, cut):
        space = rest.find(" ", cut)
        cut = space + 1 if space >= 0 else size
    return start, size - cut


def is_unchanged(ops: Iterable[Op]) -> bool:
    """No insertion and no deletion."""
    return all(op.kind == "equal" for op in ops)


def old_text(ops: Iterable[Op]) -> str:
    """The text before the change."""
    return "".join(op.text for op in ops if op.kind != "insert")


def new_text(ops: Iterable[Op]) -> str:
    """The text after the change."""
    return "".join(op.text for op in ops if op.kind != "delete")


@dataclass(slots=True)
class ProvisionDiff:
    """What happened to one provision between two versions of an article.

    ``moved``: its place among the provisions kept in both versions changed; it may also
    have been reworded (``text_changed``). Renumbering alone is not a change of text:
    ``renumbered`` says whether the number differs. ``text_changed`` is always true for
    inserted and deleted provisions, whose ``ops`` are one insertion or one deletion of the
    whole text (none for an empty text).
    """

    id: str
    kind: ProvisionKind
    old_number: str | None
    new_number: str | None
    renumbered: bool
    text_changed: bool
    ops: tuple[Op, ...]


def index_provisions(provisions: Sequence[Provision], side: str) -> dict[str, Provision]:
    """Provisions by id; an id twice in one version is an error (``side`` names it)."""
    by_id: dict[str, Provision] = {}
    for provision in provisions:
        if provision["id"] in by_id:
            raise ValueError(f"provision id {provision['id']!r} twice in {side}")
        by_id[provision["id"]] = provision
    return by_id


def longest_increasing(values: Sequence[int]) -> set[int]:
    """Indices into ``values`` of one longest strictly increasing subsequence.

    Patience sorting, O(n log n); among equally long ones always the same one (ending with
    the smallest value), so that the same versions always report the same moves.
    """
    tails: list[int] = []  # tails[k]: smallest last value of an increasing run of k + 1
    tail_at: list[int] = []  # the index of that value
    previous: list[int] = [-1] * len(values)
    for i, value in enumerate(values):
        k = bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_at.append(i)
        else:
            tails[k] = value
            tail_at[k] = i
        previous[i] = tail_at[k - 1] if k else -1
    kept: set[int] = set()
    i = tail_at[-1] if tail_at else -1
    while i != -1:
        kept.add(i)
        i = previous[i]
    return kept


def diff_provisions(old: Sequence[Provision], new: Sequence[Provision]) -> list[ProvisionDiff]:
    """Every provision of ``old`` and ``new`` once, aligned by id, in the order of ``new``.

    A deleted provision comes right after the one that preceded it in ``old`` (at the start
    if none did). The provisions kept in both versions that are outside a longest run
    keeping their relative order are ``moved``.
    """
    ids = [p["id"] for p in new]
    if [p["id"] for p in old] == ids and len(set(ids)) == len(ids):
        # The usual case: the same provisions in the same order, nothing else to align.
        return [_kept(before, after) for before, after in zip(old, new, strict=True)]
    old_by_id = index_provisions(old, "old")
    new_by_id = index_provisions(new, "new")
    old_position = {p["id"]: i for i, p in enumerate(old)}
    common = [p["id"] for p in new if p["id"] in old_by_id]
    in_order = {common[i] for i in longest_increasing([old_position[pid] for pid in common])}

    def compared(pid: str) -> ProvisionDiff:
        before, after = old_by_id.get(pid), new_by_id.get(pid)
        if before is None:
            assert after is not None
            ops = diff_words("", after["text"])
            return ProvisionDiff(pid, "inserted", None, after["number"], False, True, tuple(ops))
        if after is None:
            ops = diff_words(before["text"], "")
            return ProvisionDiff(pid, "deleted", before["number"], None, False, True, tuple(ops))
        return _kept(before, after, moved=pid not in in_order)

    # Each deleted provision follows its predecessor in old, itself perhaps deleted.
    deleted_after: dict[str | None, str] = {}
    for i, provision in enumerate(old):
        if provision["id"] not in new_by_id:
            deleted_after[old[i - 1]["id"] if i else None] = provision["id"]

    result: list[ProvisionDiff] = []

    def emit_deleted_after(pid: str | None) -> None:
        while pid in deleted_after:
            pid = deleted_after[pid]
            result.append(compared(pid))

    emit_deleted_after(None)
    for provision in new:
        result.append(compared(provision["id"]))
        emit_deleted_after(provision["id"])
    return result


def _kept(before: Provision, after: Provision, moved: bool = False) -> ProvisionDiff:
    """A provision in both versions; renumbering alone is not a change of text."""
    text_changed = before["text"] != after["text"]
    return ProvisionDiff(
        after["id"],
        "moved" if moved else "changed" if text_changed else "unchanged",
        before["number"],
        after["number"],
        before["number"] != after["number"],
        text_changed,
        tuple(diff_words(before["text"], after["text"])),
    )


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _visible(text: str) -> str:
    """Escaped, with each bidi control shown as a visible, named marker."""
    parts: list[str] = []
    for segment in _BIDI_SPLIT.split(text):
        name = BIDI_CONTROLS.get(segment)
        if name is None:
            parts.append(_escape(segment))
        else:
            parts.append(f'<span class="bidi" title="U+{ord(segment):04X}">⟨{name}⟩</span>')
    return "".join(parts)


def render_inline(ops: Iterable[Op], inserted_label: str, deleted_label: str) -> str:
    """HTML of one diff, changes in ``<ins>``/``<del>`` with a visually hidden label.

    The labels are translated by the caller. Everything is escaped; a bidi control inside a
    change is shown as a visible marker (a change that only reorders the display must not
    look like no change); in unchanged text it is kept, so that the text displays as stored.
    """
    parts: list[str] = []
    for op in ops:
        if op.kind == "equal":
            parts.append(_escape(op.text))
            continue
        tag, label = ("ins", inserted_label) if op.kind == "insert" else ("del", deleted_label)
        parts.append(
            f'<{tag}><span class="visually-hidden">{_escape(label)}</span>'
            f"{_visible(op.text)}</{tag}>"
        )
    return "".join(parts)
