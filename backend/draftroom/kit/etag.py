"""Entity tags for optimistic concurrency (RFC 9110 §13)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header

from draftroom.kit.errors import PreconditionFailed, PreconditionRequired
from draftroom.kit.i18n import _l


class WeakETag(PreconditionFailed):
    message = _l(
        "If-Match must carry the ETag exactly as it was sent; a weak one (W/…) "
        "never matches a write."
    )


# The one If-Match a write route declares; services compare it (require_match), so a
# missing one is 428 and a stale or weak one 412, the same on every route.
IfMatch = Annotated[
    str | None,
    Header(description="The ETag you read; a stale one gets 412 and changes nothing"),
]


def make_etag(value: int | str) -> str:
    """A strong tag: the representation is the same, byte for byte, while it holds."""
    return f'"{value}"'


def parse_etags(header: str) -> list[str]:
    """The opaque tags in an If-Match/If-None-Match header; weak prefixes are dropped."""
    tags = []
    for raw in header.split(","):
        tag = raw.strip()
        tag = tag.removeprefix("W/")
        if tag:
            tags.append(tag)
    return tags


def write_tags(if_match: str) -> list[str]:
    """The tags of an If-Match header, compared strongly (RFC 9110 §13.1.1): a weak tag
    is refused with 412 rather than matched."""
    tags = [raw.strip() for raw in if_match.split(",") if raw.strip()]
    if any(tag.startswith("W/") for tag in tags):
        raise WeakETag()
    return tags


def require_match(if_match: str | None, current: str | None, current_label: str) -> None:
    """Refuse a write unless If-Match names the current version (412), or is missing (428).

    ``current`` is None when nothing exists yet; then only ``If-None-Match: *`` semantics
    apply and any If-Match fails.
    """
    if if_match is None:
        raise PreconditionRequired()
    tags = write_tags(if_match)
    if current is None or not ("*" in tags or current in tags):
        raise PreconditionFailed(current=current_label)


def matches(if_none_match: str | None, current: str) -> bool:
    """True when a conditional GET may answer 304 Not Modified."""
    if not if_none_match:
        return False
    tags = parse_etags(if_none_match)
    return "*" in tags or current in tags
