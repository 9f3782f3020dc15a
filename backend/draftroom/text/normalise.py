"""Canonical form of every stored text: NFC, single spaces, no surrounding blanks."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterable

import regex

from draftroom.text.provisions import ProvisionText

_SPACE_RUN = regex.compile(r"[\p{Zs}\t\r\n]+")


def normalise(text: str) -> str:
    """NFC, whitespace runs (any Unicode space, tabs, newlines) folded into one space."""
    return str(_SPACE_RUN.sub(" ", unicodedata.normalize("NFC", text))).strip()


def content_hash(heading: str, provisions: Iterable[ProvisionText]) -> str:
    """SHA-256 over a canonical JSON of the heading and the ordered provisions."""
    canonical = json.dumps(
        {"heading": heading, "provisions": [dict(p) for p in provisions]},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def text_hash(text: str) -> str:
    """SHA-256 of a text's UTF-8 bytes: the exact words an agreement or a decision is on."""
    return hashlib.sha256(text.encode()).hexdigest()


def fingerprint(version_hashes: Iterable[str]) -> str:
    """A milestone's fingerprint in one language: SHA-256 over the content hashes of its
    article versions, in article order."""
    return hashlib.sha256("".join(version_hashes).encode()).hexdigest()
