"""Word-level diffs of provision texts, and of article versions aligned by provision id.

A text is cut into tokens at Unicode word boundaries (one token per ideograph, since Chinese
and Japanese have no spaces); each distinct token becomes one character, diff-match-patch
diffs those characters with no timeout (the result must not depend on the machine's speed)
and a semantic clean-up, and the characters are mapped back to tokens. A change therefore
always starts and ends at a word boundary.

Comparing an instrument diffs every provision of every article: most are unchanged, and a
rewritten one differs in a few words. So only the middle two texts do not share is
tokenised, and the middles of all rewritten provisions are tokenised in one pass and
encoded with one codebook (``diff_words_many``, ``diff_provisions_many``), with the same
results as one by one.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain, repeat
from operator import itemgetter
from typing import Literal

import fast_diff_match_patch as fast_dmp
import regex
from diff_match_patch import diff_match_patch

from draftroom.text.characters import MARKS
from draftroom.text.provisions import ProvisionText

OpKind = Literal["equal", "insert", "delete"]
ProvisionKind = Literal["unchanged", "changed", "inserted", "deleted", "moved"]
Provision = ProvisionText
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

SHOWN_MARKS: dict[str, str] = {**BIDI_CONTROLS, **MARKS}
"""Invisible characters named by a visible marker wherever a diff shows a change: the bidi
controls and the joiners a script needs (ZWNJ, ZWJ), which stay inside their word."""
_SHOWN_SPLIT = regex.compile("([" + "".join(SHOWN_MARKS) + "])")
_WORD_BOUNDARY = regex.compile(r"(?w)\b")
_IDEOGRAPH = r"[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}]"
_HAS_IDEOGRAPH = regex.compile(_IDEOGRAPH)
_SPECIAL = regex.compile(_IDEOGRAPH + "|[" + "".join(BIDI_CONTROLS) + "]")
# A grapheme starting with an ideograph alone, or a run of other graphemes.
_IDEOGRAPH_SPLIT = regex.compile(rf"(?:(?!{_IDEOGRAPH})\X)+|\X")

# UAX #29 word boundaries for ASCII text, the most common, in the standard library's faster
# engine: letters, digits and "_" run together; a colon, period or apostrophe between two
# letters and a comma, semicolon, period or apostrophe between two digits stay in the word;
# spaces run together; CR LF is one token; anything else stands alone. The tests compare it
# with the regex module on every short ASCII text.
_ASCII_TOKEN = re.compile(
    r"""\r\n
      | [A-Za-z0-9_]+(?:(?:(?<=[A-Za-z])[:.'](?=[A-Za-z])|(?<=[0-9])[,;.'](?=[0-9]))[A-Za-z0-9_]+)*
      | [ ]+
      | .""",
    re.VERBOSE | re.DOTALL,
)

_SEPARATOR = "\n"
"""Joins the texts tokenised in one pass. A line feed is a word boundary on both sides,
whatever surrounds it (UAX #29 rules WB3a and WB3b come before all others) but a carriage
return before it: each text keeps the tokens it has on its own. Stored texts hold neither."""


def tokenise(text: str) -> list[str]:
    """Words, spaces and punctuation as separate tokens; ``"".join(tokenise(t)) == t``.

    Boundaries follow Unicode word segmentation (UAX #29), which keeps combining marks with
    their letter and an emoji ZWJ sequence whole. Each Han, Hiragana or Katakana character
    is a token of its own. A bidi control is always a token of its own, so that inserting
    or removing one shows as a change by itself.
    """
    if text.isascii():
        return _ASCII_TOKEN.findall(text)
    if not _SPECIAL.search(text):  # no bidi control, no ideograph
        return list(filter(None, _WORD_BOUNDARY.split(text)))
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
    return tokens


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
    chars = _codebook(dict.fromkeys([*old, *new]), spill=True)
    if chars is None:
        raise ValueError("too many distinct tokens in one diff")
    return (
        "".join(map(chars.__getitem__, old)),
        "".join(map(chars.__getitem__, new)),
        {char: token for token, char in chars.items()},
    )


def _encode_texts(texts: Sequence[str], spill: bool) -> tuple[list[str], dict[str, str]] | None:
    """``encode`` for many texts at once: the tokens of each as a string of stand-ins from
    one codebook, and the token of each stand-in (``None`` as ``_codebook`` says).

    The texts are tokenised in one pass, joined by the separator: a regex call costs
    about a microsecond before it reads a character, and a comparison tokenises the
    changed part of every provision of an instrument.
    """
    joined = _SEPARATOR.join(texts)
    if joined.count(_SEPARATOR) == len(texts) - 1 and "\r" not in joined:
        tokens = tokenise(joined)
        distinct = dict.fromkeys(tokens)
        distinct.pop(_SEPARATOR, None)
        chars = _codebook(distinct, spill)
        if chars is None:
            return None
        chars[_SEPARATOR] = _SEPARATOR  # never a stand-in
        codes = "".join(map(chars.__getitem__, tokens)).split(_SEPARATOR)
    else:  # a text holds the separator itself: tokenised one by one
        lists = [tokenise(text) for text in texts]
        chars = _codebook(dict.fromkeys(chain.from_iterable(lists)), spill)
        if chars is None:
            return None
        codes = ["".join(map(chars.__getitem__, tokens)) for tokens in lists]
    return codes, dict(zip(chars.values(), chars, strict=True))


def _codebook(distinct: Iterable[str], spill: bool) -> dict[str, str] | None:
    """A stand-in of its class for each token; ``None`` when a class runs out of stand-ins.

    Only the 27 spaces run out in practice: with ``spill`` the next space tokens take
    stand-ins of the "others" class, as two texts compared alone always have. A batch
    refuses instead, so that no pair's result depends on which other pairs came with it.
    Only the class of a stand-in matters to diff-match-patch, not which one it is.
    """
    words: list[str] = []
    spaces: list[str] = []
    others: list[str] = []
    for token in distinct:
        if token.isalnum():
            words.append(token)
        elif token.isspace():
            spaces.append(token)
        elif any(map(str.isalnum, token)):
            words.append(token)
        else:
            others.append(token)
    word_chars, space_chars, other_chars = _pools()
    if len(spaces) > len(space_chars):
        if not spill:
            return None
        others += spaces[len(space_chars) :]
    if len(words) > len(word_chars) or len(others) > len(other_chars):
        return None
    chars = dict(zip(words, word_chars, strict=False))
    chars.update(zip(spaces, space_chars, strict=False))
    chars.update(zip(others, other_chars, strict=False))
    return chars


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
    return diff_words_many([(old, new)])[0]


def diff_words_many(pairs: Sequence[tuple[str, str]]) -> list[list[Op]]:
    """``diff_words`` of each pair: the same results, the middles of all pairs tokenised in
    one pass and encoded with one codebook."""
    results: list[list[Op]] = []
    rewritten: list[tuple[list[Op], str, int]] = []  # ops so far, old text, shared end
    middles: list[str] = []
    for old, new in pairs:
        # Most provisions of two versions are the same, or new, or gone: nothing to diff.
        if old == new:
            results.append([Op("equal", old)] if old else [])
        elif not old:
            results.append([Op("insert", new)])
        elif not new:
            results.append([Op("delete", old)])
        else:
            # Only the middle that differs is tokenised and diffed: the text both share at
            # either end, cut back to a word start after a space (where tokenising the whole
            # text would cut too), stays one equality. Most rewrites touch a few words.
            start, end = _shared_ends(old, new)
            ops = [Op("equal", old[:start])] if start else []
            results.append(ops)
            rewritten.append((ops, old, end))
            middles += old[start : len(old) - end], new[start : len(new) - end]
    if not middles:
        return results
    encoded = _encode_texts(middles, spill=len(rewritten) == 1)
    if encoded is not None:
        codes, tokens_of = encoded
        books = [(a, b, tokens_of) for a, b in zip(codes[::2], codes[1::2], strict=True)]
    else:  # stand-ins ran out: each pair with a codebook of its own (``encode`` refuses too many)
        books = [
            encode(tokenise(middles[i]), tokenise(middles[i + 1]))
            for i in range(0, len(middles), 2)
        ]
    for (ops, old, end), (old_chars, new_chars, tokens_of) in zip(rewritten, books, strict=True):
        for kind, chars in char_diff(old_chars, new_chars):
            text = "".join(map(tokens_of.__getitem__, chars))
            if ops and ops[-1].kind == kind:
                ops[-1].text += text
            else:
                ops.append(Op(kind, text))
        if end:
            if ops[-1].kind == "equal":
                ops[-1].text += old[len(old) - end :]
            else:
                ops.append(Op("equal", old[len(old) - end :]))
    return results


def _is_cut(text: str, at: int) -> bool:
    """A space, then a letter or digit: no token spans ``at``, whatever comes around it."""
    return text[at - 1] == " " and text[at].isalnum()


def _shared_ends(old: str, new: str) -> tuple[int, int]:
    """How much both texts share at the start and at the end, each cut back to a cut.

    Both characters around a cut lie inside the shared text, so tokenising the parts gives
    the tokens of the whole.
    """
    prefix, suffix = _common_ends(old, new)
    start = prefix - 1
    while start > 0 and not _is_cut(old, start):
        start = old.rfind(" ", 0, start - 1) + 1
    start = max(start, 0)
    size = len(old)
    end = size - min(suffix, min(size, len(new)) - start) + 1
    while end < size and not _is_cut(old, end):
        space = old.find(" ", end)
        end = space + 1 if space >= 0 else size
    return start, size - min(end, size)


def _common_ends(a: str, b: str) -> tuple[int, int]:
    """The lengths of the longest common prefix and suffix (they may overlap)."""
    shortest = min(len(a), len(b))
    if a.isascii() and b.isascii():
        # A byte a character: read each text as a number, first character lowest. The
        # lowest bit where they differ is in the first character that differs; lined up
        # at their ends, the highest bit is in the last.
        number_a = int.from_bytes(a.encode("ascii"), "little")
        number_b = int.from_bytes(b.encode("ascii"), "little")
        first = number_a ^ number_b
        if len(a) < len(b):
            last = (number_a << 8 * (len(b) - len(a))) ^ number_b
        else:
            last = number_a ^ (number_b << 8 * (len(a) - len(b)))
        longest = max(len(a), len(b))
        return (
            min(((first & -first).bit_length() - 1) // 8, shortest) if first else shortest,
            min(longest - (last.bit_length() + 7) // 8, shortest),
        )
    # Otherwise by halving, as diff-match-patch does.
    low, high = 0, shortest
    while low < high:
        mid = (low + high + 1) // 2
        if b.startswith(a[low:mid], low):
            low = mid
        else:
            high = mid - 1
    prefix = low
    low, high = 0, shortest
    while low < high:
        mid = (low + high + 1) // 2
        if b.endswith(a[len(a) - mid : len(a) - low], 0, len(b) - low):
            low = mid
        else:
            high = mid - 1
    return prefix, low


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
    return diff_provisions_many([(old, new)])[0]


def diff_provisions_many(
    versions: Sequence[tuple[Sequence[Provision], Sequence[Provision]]],
) -> list[list[ProvisionDiff]]:
    """``diff_provisions`` of each pair of versions, all their rewritten texts diffed in one
    batch."""
    rewritten: list[tuple[ProvisionDiff, str, str]] = []
    if _same_order(versions):  # the usual case: nothing to align, in any of the versions
        results = [list(map(_kept, old, new, repeat(rewritten))) for old, new in versions]
    else:
        results = [
            list(map(_kept, old, new, repeat(rewritten)))
            if _same_order([(old, new)])
            else _align(old, new, rewritten)
            for old, new in versions
        ]
    diffs = diff_words_many([(before, after) for _change, before, after in rewritten])
    for (change, _before, _after), ops in zip(rewritten, diffs, strict=True):
        change.ops = tuple(ops)
    return results


_ID = itemgetter("id")


def _same_order(versions: Sequence[tuple[Sequence[Provision], Sequence[Provision]]]) -> bool:
    """Each pair of versions has the same provisions in the same order, no id twice."""
    olds = [old for old, _new in versions]
    news = [new for _old, new in versions]
    ids = list(map(_ID, chain.from_iterable(news)))
    return (
        list(map(len, olds)) == list(map(len, news))
        and list(map(_ID, chain.from_iterable(olds))) == ids
        and len(set(ids)) == len(ids)
    )


def _align(
    old: Sequence[Provision],
    new: Sequence[Provision],
    rewritten: list[tuple[ProvisionDiff, str, str]],
) -> list[ProvisionDiff]:
    """The provisions of ``diff_provisions`` when some were inserted, deleted or moved;
    those whose text changed get their ops later, from the texts added to ``rewritten``."""
    old_by_id = index_provisions(old, "old")
    new_by_id = index_provisions(new, "new")
    old_position = {p["id"]: i for i, p in enumerate(old)}
    common = [p["id"] for p in new if p["id"] in old_by_id]
    in_order = {common[i] for i in longest_increasing([old_position[pid] for pid in common])}

    def compared(pid: str) -> ProvisionDiff:
        before, after = old_by_id.get(pid), new_by_id.get(pid)
        if before is None:
            assert after is not None
            change = ProvisionDiff(pid, "inserted", None, after["number"], False, True, ())
            rewritten.append((change, "", after["text"]))
            return change
        if after is None:
            change = ProvisionDiff(pid, "deleted", before["number"], None, False, True, ())
            rewritten.append((change, before["text"], ""))
            return change
        return _kept(before, after, rewritten, moved=pid not in in_order)

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


def _kept(
    before: Provision,
    after: Provision,
    rewritten: list[tuple[ProvisionDiff, str, str]],
    moved: bool = False,
) -> ProvisionDiff:
    """A provision in both versions; renumbering alone is not a change of text."""
    old, new = before["text"], after["text"]
    old_number, new_number = before["number"], after["number"]
    changed = old != new
    change = ProvisionDiff(
        after["id"],
        "moved" if moved else "changed" if changed else "unchanged",
        old_number,
        new_number,
        old_number != new_number,
        changed,
        () if changed or not old else (Op("equal", old),),
    )
    if changed:
        rewritten.append((change, old, new))
    return change


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _visible(text: str) -> str:
    """Escaped, with each invisible mark (bidi control, joiner, directional mark) replaced by
    a visible, named marker: a change that only adds or removes one must not look like none."""
    parts: list[str] = []
    for segment in _SHOWN_SPLIT.split(text):
        name = SHOWN_MARKS.get(segment)
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
