"""Re-find a quoted span in a newer text of the same provision (diff-match-patch match)."""

from __future__ import annotations

from diff_match_patch import diff_match_patch

# The bitap search of diff-match-patch looks at this many characters at most.
_PATTERN = 32
# How different the span found may be from the quote (Levenshtein / length).
_TOLERANCE = 0.3


def find(text: str, quote: str, hint: int = 0) -> tuple[int, int] | None:
    """Where ``quote`` is in ``text`` now: exactly, or approximately (a few words reworded);
    None when it is gone. ``hint`` is where it was, to prefer the nearest match."""
    if not quote:
        return None
    exact = _occurrences(text, quote)
    if exact:
        start = min(exact, key=lambda i: abs(i - hint))
        return start, start + len(quote)
    dmp = diff_match_patch()
    dmp.Match_Threshold = 0.4
    dmp.Match_Distance = max(1000, len(text))
    start = dmp.match_main(text, quote[:_PATTERN], min(max(hint, 0), len(text)))
    if start < 0:
        return None
    candidate = text[start : start + len(quote)]
    distance = dmp.diff_levenshtein(dmp.diff_main(quote, candidate, False))
    if distance > _TOLERANCE * len(quote):
        return None
    return start, start + len(candidate)


def _occurrences(text: str, quote: str) -> list[int]:
    found, at = [], text.find(quote)
    while at >= 0:
        found.append(at)
        at = text.find(quote, at + 1)
    return found
