"""What our .docx files carry about their origin, so that they can come back in.

Word and LibreOffice keep bookmarks and custom document properties while a file is edited, so
these are the marks:

- each provision's paragraph sits inside a bookmark named from the provision's stable id
  (``dr_<id>``; an id that would not make a valid bookmark name, or would exceed Word's 40
  characters, is written as ``dr_h<hash>`` and resolved against the ids the reader knows);
- each article's heading paragraph sits inside a bookmark ``drv_<version id>`` naming the
  article version the text was made from;
- the package's custom properties name the instrument, the language and what the file shows.

The writer (exports/docx.py) and the readers (imports of proposals and base texts) share this
module, so the two sides cannot drift. It lives in text/ (pure string logic) so that every
floor may read it: the base-text import in instruments/ sits below exports/.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

PROVISION_PREFIX = "dr_"
VERSION_PREFIX = "drv_"
_MAX = 40  # Word truncates longer bookmark names
_VALID = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")

# Custom document properties (docProps/custom.xml); values stay under Word's 255 characters.
PROPERTY_INSTRUMENT = "Draftroom instrument"
PROPERTY_LANGUAGE = "Draftroom language"
PROPERTY_SHOWS = "Draftroom shows"  # e.g. "version 12", "milestone 3", "compare 4..9"


def _hashed(provision_id: str) -> str:
    return PROVISION_PREFIX + "h" + hashlib.sha256(provision_id.encode()).hexdigest()[:24]


def provision_bookmark(provision_id: str) -> str:
    """The bookmark name that carries a provision's id inside a .docx."""
    name = PROVISION_PREFIX + provision_id
    if len(name) <= _MAX and _VALID.match(name):
        return name
    return _hashed(provision_id)


def provision_id(bookmark: str, known: Iterable[str]) -> str | None:
    """The provision id a bookmark names, among the ids the reader knows; None if none."""
    for candidate in known:
        if provision_bookmark(candidate) == bookmark:
            return candidate
    return None


def version_bookmark(version_id: int) -> str:
    return f"{VERSION_PREFIX}{version_id}"


def version_id(bookmark: str) -> int | None:
    """The article version id a heading bookmark names, or None if it is not ours."""
    if bookmark.startswith(VERSION_PREFIX) and bookmark[len(VERSION_PREFIX) :].isdigit():
        return int(bookmark[len(VERSION_PREFIX) :])
    return None
